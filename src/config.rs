//! The user's config folder: `config.ron` (theme, user) and `keys.ron` (key overrides).
//! Missing files are fine; bad ones are reported with file, line and column.

use std::collections::BTreeMap;
use std::fs;
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

fn read_ron<T: for<'de> Deserialize<'de> + Default>(path: &Path) -> Result<T, String> {
    let text = match fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(T::default()),
        Err(e) => return Err(format!("{}: cannot read: {e}", path.display())),
    };
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(&text)
        .map_err(|e| {
            format!(
                "{}:{}:{}: {}",
                path.display(),
                e.span.start.line,
                e.span.start.col,
                e.code
            )
        })
}

pub fn load_config(dir: Option<&Path>) -> Result<Config, String> {
    match dir {
        Some(d) => read_ron(&d.join("config.ron")),
        None => Ok(Config::default()),
    }
}

/// Key overrides: `{"next": ["n", "Space"], "quit": ["q"]}`.
pub fn load_keys(path: &Path) -> Result<BTreeMap<String, Vec<String>>, String> {
    read_ron(path)
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

    #[test]
    fn missing_files_give_defaults() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load_config(Some(dir.path())), Ok(Config::default()));
        assert_eq!(load_keys(&dir.path().join("keys.ron")), Ok(BTreeMap::new()));
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
        let err = load_config(Some(dir.path())).unwrap_err();
        assert!(err.contains("config.ron:2:"), "{err}");
        assert!(err.contains("colour"), "{err}");
    }
}
