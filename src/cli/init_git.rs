//! `ragboard init-git`: teach this repository's git to diff plans as ratings and to merge
//! them cell by cell (the merge driver is `ragboard merge`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use super::CliError;
use super::error::line as put_line;
use crate::store;

#[derive(Debug, clap::Args)]
pub struct InitGitArgs {
    /// The repository folder (default: the current folder).
    #[arg(default_value = ".")]
    pub repo: PathBuf,
    /// Files the driver applies to, as a .gitattributes pattern.
    #[arg(long, default_value = "*.ron")]
    pub pattern: String,
}

/// Exit 0: merged cleanly; 1: conflicts (OURS's values kept, each listed); 2: trouble
/// (a file unreadable or invalid), nothing written.
/// The .gitattributes line for `pattern`.
pub fn attributes_line(pattern: &str) -> String {
    format!("{pattern} merge=ragboard diff=ragboard")
}

/// Is `dir` in a git work tree? `Err` says why not (or why git could not tell).
fn in_work_tree(dir: &Path) -> Result<(), CliError> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["rev-parse", "--is-inside-work-tree"])
        .output()
        .map_err(|source| CliError::RunGit {
            command: "init-git",
            source,
        })?;
    if out.status.success() && out.stdout.trim_ascii() == b"true" {
        return Ok(());
    }
    let said = String::from_utf8_lossy(&out.stderr);
    let said = said.lines().next().unwrap_or("").trim();
    Err(CliError::NotInWorkTree {
        dir: dir.to_path_buf(),
        said: (!said.is_empty()).then(|| said.to_string()),
    })
}

pub fn run_init_git(a: &InitGitArgs, out: &mut dyn Write) -> Result<ExitCode, CliError> {
    // Checked first: outside a repository nothing is written.
    in_work_tree(&a.repo)?;
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| p.to_str().map(String::from))
        .unwrap_or_else(|| "ragboard".into());
    let attrs = a.repo.join(".gitattributes");
    let line = attributes_line(&a.pattern);
    let existing = match std::fs::read(&attrs) {
        Ok(b) => Some(b),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(source) => {
            return Err(CliError::ReadFile {
                file: attrs,
                source,
            });
        }
    };
    let text = match existing.as_deref().map(std::str::from_utf8) {
        None => "",
        Some(Ok(t)) => t,
        Some(Err(e)) => {
            return Err(CliError::ReadFile {
                file: attrs,
                source: std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("not UTF-8 text ({e})"),
                ),
            });
        }
    };
    if text.lines().any(|l| l.trim() == line) {
        put_line(
            out,
            format_args!("{}: already has {line:?}", attrs.display()),
        )?;
    } else {
        let mut text = text.to_string();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&line);
        text.push('\n');
        // Only over the file as read: an edit made meanwhile is never lost.
        store::output::update(&attrs, existing.as_deref(), text.as_bytes())?;
        put_line(out, format_args!("{}: added {line:?}", attrs.display()))?;
    }
    let q = shell_quote(&exe);
    let settings = [
        ("merge.ragboard.name", "ragboard plan merge".to_string()),
        ("merge.ragboard.driver", format!("{q} merge %O %A %B")),
        ("diff.ragboard.textconv", format!("{q} cells")),
    ];
    for (key, value) in settings {
        let status = Command::new("git")
            .arg("-C")
            .arg(&a.repo)
            .args(["config", key, &value])
            .status()
            .map_err(|source| CliError::RunGit {
                command: "init-git",
                source,
            })?;
        if !status.success() {
            return Err(CliError::Git {
                command: "init-git",
                args: format!("config {key} {value:?}"),
                status,
            });
        }
        put_line(out, format_args!("git config {key} {value:?}"))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// A path as one word for git's shell.
fn shell_quote(s: &str) -> String {
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}
