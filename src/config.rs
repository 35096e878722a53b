//! The user's config folder: `config.ron` (theme, user) and `keys.ron` (key overrides).
//! Missing files are fine; bad ones are reported with file, line and column.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub theme: Option<String>,
    pub user: Option<String>,
}

/// `$RAGBOARD_CONFIG_DIR`, else the platform's config folder for ragboard.
pub fn config_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("RAGBOARD_CONFIG_DIR") {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "ragboard").map(|d| d.config_dir().to_path_buf())
}

/// Config and key files larger than this are refused before reading (a real one is a few
/// hundred bytes; a FIFO or device is refused without blocking).
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// Why a config or key file could not be used: each names the file, and a place in it
/// where the problem is in its text.
pub use crate::store::RonFileError as ConfigError;

/// The value in a RON file and the file's text (empty for a missing file, which gives the
/// default value).
fn read_ron<T: for<'de> Deserialize<'de> + Default>(
    path: &Path,
) -> Result<(T, String), ConfigError> {
    Ok(crate::store::read_ron_file(path, MAX_CONFIG_BYTES)?
        .map(|f| (f.value, f.text))
        .unwrap_or_default())
}

pub fn load_config(dir: Option<&Path>) -> Result<Config, ConfigError> {
    load_config_with_text(dir).map(|(c, _)| c)
}

/// The config and its file's text (empty when there is none), to place a problem found
/// later in it.
pub fn load_config_with_text(dir: Option<&Path>) -> Result<(Config, String), ConfigError> {
    match dir {
        Some(d) => read_ron(&d.join("config.ron")),
        None => Ok((Config::default(), String::new())),
    }
}

/// Where a field (`theme:`) stands in a config file's text, as 1-based line and column.
pub fn locate_field(text: &str, field: &str) -> Option<(usize, usize)> {
    let at = text
        .match_indices(field)
        .map(|(i, _)| i)
        .find(|&i| text[i + field.len()..].trim_start().starts_with(':'))?;
    Some(crate::store::line_col(text, at))
}

/// Key overrides: `{"next": ["n", "Space"], "quit": ["q"]}`.
pub fn load_keys(path: &Path) -> Result<BTreeMap<String, Vec<String>>, ConfigError> {
    load_keys_with_text(path).map(|(k, _)| k)
}

/// Key overrides and the file's text, to place a problem found later in it.
pub fn load_keys_with_text(
    path: &Path,
) -> Result<(BTreeMap<String, Vec<String>>, String), ConfigError> {
    read_ron(path)
}

/// Where an action's entry (`"next":`) stands in a key file's text, as 1-based line and
/// column, for a message about it.
pub fn locate_key_entry(text: &str, action: &str) -> Option<(usize, usize)> {
    let needle = format!("{action:?}");
    let literal = text
        .match_indices(&needle)
        .map(|(i, _)| i)
        .find(|&i| text[i + needle.len()..].trim_start().starts_with(':'));
    // Written otherwise than Rust quotes it (a raw control character, another escape):
    // every string literal followed by `:`, read as RON reads it.
    let at = literal.or_else(|| {
        string_literals(text).find_map(|(start, end)| {
            let key = ron::from_str::<String>(text.get(start..end)?).ok()?;
            (key == action && text[end..].trim_start().starts_with(':')).then_some(start)
        })
    })?;
    Some(crate::store::line_col(text, at))
}

/// Byte ranges of the double-quoted string literals in RON text (quotes included).
fn string_literals(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let b = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            if b[i] == b'"' {
                let start = i;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(b.len());
                return Some((start, i));
            }
            i += 1;
        }
        None
    })
}

/// Who records changes when no flag or config names them: `$USER` (or `$USERNAME`), else
/// the login name the system has for this user id, so the audit trail never says "unknown"
/// only because a variable is unset.
pub fn default_user() -> Option<String> {
    std::env::var("USER")
        .ok()
        .or_else(|| std::env::var("USERNAME").ok())
        .filter(|u| !u.trim().is_empty())
        .or_else(login_name)
}

#[cfg(unix)]
fn login_name() -> Option<String> {
    let mut buf = vec![0u8; 4096];
    // SAFETY: passwd is plain data zero-initialised; getpwuid_r writes into `pwd` and `buf`,
    // both valid for the lengths given, and `result` points at `pwd` or is null.
    unsafe {
        let mut pwd: libc::passwd = std::mem::zeroed();
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        let rc = libc::getpwuid_r(
            libc::getuid(),
            &mut pwd,
            buf.as_mut_ptr().cast(),
            buf.len(),
            &mut result,
        );
        if rc != 0 || result.is_null() || pwd.pw_name.is_null() {
            return None;
        }
        let name = std::ffi::CStr::from_ptr(pwd.pw_name)
            .to_string_lossy()
            .into_owned();
        (!name.is_empty()).then_some(name)
    }
}

#[cfg(not(unix))]
fn login_name() -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn missing_files_give_defaults() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load_config(Some(dir.path())).unwrap(), Config::default());
        assert_eq!(
            load_keys(&dir.path().join("keys.ron")).unwrap(),
            BTreeMap::new()
        );
    }

    #[test]
    fn reads_config_and_reports_bad_input_with_position() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(
            dir.path().join("config.ron"),
            "(theme: \"mono\", user: \"ann\")",
        )
        .unwrap();
        let c = load_config(Some(dir.path())).unwrap();
        assert_eq!(c.theme.as_deref(), Some("mono"));
        fs::write(dir.path().join("config.ron"), "(\n  colour: \"mono\")").unwrap();
        let err = load_config(Some(dir.path())).unwrap_err().to_string();
        assert!(err.contains("config.ron:2:"), "{err}");
        assert!(err.contains("colour"), "{err}");
    }

    #[test]
    fn bad_utf8_and_folders_are_reported_with_the_file() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("config.ron"), b"(theme:\n \"m\xffono\")").unwrap();
        let err = load_config(Some(dir.path())).unwrap_err().to_string();
        assert!(err.contains("config.ron:2:"), "{err}");
        let err = load_keys(dir.path()).unwrap_err().to_string();
        assert!(err.contains("not a regular file (a folder)"), "{err}");
    }

    #[test]
    fn key_entries_are_found_by_action() {
        let text = "{\n  \"quit\": [\"x\"],\n  \"next\": [\"quit\"],\n}";
        assert_eq!(locate_key_entry(text, "next"), Some((3, 3)));
        assert_eq!(locate_key_entry(text, "quit"), Some((2, 3)));
        assert_eq!(locate_key_entry(text, "help"), None);
        let text = "{\n \"ne\u{1b}xt\": [],\n \"a\\u{202e}b\": []}";
        assert_eq!(locate_key_entry(text, "ne\u{1b}xt"), Some((2, 2)));
        assert_eq!(locate_key_entry(text, "a\u{202e}b"), Some((3, 2)));
    }
}
