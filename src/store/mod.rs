//! The only place that touches files: RON in and out, validation with file:line:column,
//! atomic save.

pub mod document;
pub mod journal;
mod locate;
mod validate;

use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use ron::extensions::Extensions;
use ron::ser::PrettyConfig;

use crate::model::Plan;

pub use validate::validate;

/// One thing wrong with a plan file, with where it is when that is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    /// 1-based line and column.
    pub at: Option<(usize, usize)>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            Some((line, col)) => {
                write!(f, "{}:{line}:{col}: {}", self.file.display(), self.message)
            }
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

/// Everything wrong with a plan file (never empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub problems: Vec<Problem>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

/// Parse and validate plan text. `file` names it in messages.
pub fn parse(text: &str, file: &Path) -> Result<Plan, LoadError> {
    let plan: Plan = ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(text)
        .map_err(|e| LoadError {
            problems: vec![Problem {
                file: file.to_path_buf(),
                at: Some((e.span.start.line, e.span.start.col)),
                message: describe_ron_error(&e.code),
            }],
        })?;
    let problems = validate(&plan, text, file);
    if problems.is_empty() {
        Ok(plan)
    } else {
        Err(LoadError { problems })
    }
}

fn describe_ron_error(code: &ron::Error) -> String {
    use ron::Error as E;
    match code {
        E::MissingStructField { field, outer } => match outer {
            Some(outer) => format!("{outer} is missing the field `{field}`"),
            None => format!("missing the field `{field}`"),
        },
        other => other.to_string(),
    }
}

/// The bundled 2017-19 development plan, compiled into the binary so it opens anywhere.
pub const BUNDLED: &str = include_str!("../../data/csc-development-plan-2017-19.ron");
/// The file name the bundled plan is known by (and saved under, in the current folder).
pub const BUNDLED_NAME: &str = "csc-development-plan-2017-19.ron";

pub fn bundled() -> Result<Plan, LoadError> {
    parse(BUNDLED, Path::new(BUNDLED_NAME))
}

/// A plan as loaded, with the bytes it came from (to detect edits by others before saving).
#[derive(Debug, Clone)]
pub struct Loaded {
    pub plan: Plan,
    pub original: Vec<u8>,
}

/// Read, parse and validate a plan file.
pub fn load(path: &Path) -> Result<Loaded, LoadError> {
    let bytes = fs::read(path).map_err(|e| LoadError {
        problems: vec![Problem {
            file: path.to_path_buf(),
            at: None,
            message: format!("cannot read the file: {e}"),
        }],
    })?;
    let text = String::from_utf8(bytes.clone()).map_err(|e| LoadError {
        problems: vec![Problem {
            file: path.to_path_buf(),
            at: None,
            message: format!(
                "the file is not UTF-8 text (bad byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        }],
    })?;
    let plan = parse(&text, path)?;
    Ok(Loaded {
        plan,
        original: bytes,
    })
}

/// The canonical text of a plan: stable order and layout, so saving an unchanged plan is
/// byte-identical and changing one rating changes one line.
pub fn to_canonical(plan: &Plan) -> Result<String, ron::Error> {
    let config = PrettyConfig::new()
        .indentor("  ".to_string())
        .struct_names(true)
        .compact_maps(true)
        .escape_strings(false)
        .extensions(Extensions::IMPLICIT_SOME);
    let mut text = ron::ser::to_string_pretty(plan, config)?;
    text.push('\n');
    Ok(text)
}

/// Write `contents` to `path` atomically: a temporary file beside it, flushed to disk,
/// then renamed over it. A crash at any moment leaves the old file or the new, never half.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    write_atomic_with(path, contents, || Ok(()))
}

/// As [`write_atomic`], with a hook run after the temporary file is written and before the
/// rename: tests use it to inject a failure there.
pub fn write_atomic_with(
    path: &Path,
    contents: &[u8],
    before_rename: impl FnOnce() -> io::Result<()>,
) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".ragboard-")
        .suffix(".tmp")
        .tempfile_in(&dir)?;
    tmp.write_all(contents)?;
    // Keep the file's permissions (a temporary file starts private).
    let perms = match fs::metadata(path) {
        Ok(m) => m.permissions(),
        Err(_) => default_permissions(tmp.as_file())?,
    };
    tmp.as_file().set_permissions(perms)?;
    tmp.as_file().sync_all()?;
    before_rename()?;
    tmp.persist(path).map_err(|e| e.error)?;
    // Make the rename itself durable where the platform allows syncing a directory.
    if let Ok(d) = fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Permissions of a new plan file: readable by all, writable by the owner.
#[cfg(unix)]
fn default_permissions(_tmp: &fs::File) -> io::Result<fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Ok(fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions(tmp: &fs::File) -> io::Result<fs::Permissions> {
    Ok(tmp.metadata()?.permissions())
}

/// Save a plan as canonical RON, atomically.
pub fn save(path: &Path, plan: &Plan) -> io::Result<()> {
    let text = to_canonical(plan).map_err(io::Error::other)?;
    write_atomic(path, text.as_bytes())
}
