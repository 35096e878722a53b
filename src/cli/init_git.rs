//! `ragboard init-git`: teach this repository's git to diff plans as ratings and to merge
//! them cell by cell (the merge driver is `ragboard merge`).
//!
//! What it writes travels: `.gitattributes` (committed, so every clone has it) names the
//! plans, and RON files in the repository that are not plans are named there too, to be
//! merged and diffed as text; the config names the driver by the program name
//! `ragboard`, found on each machine's `PATH`, not by this machine's path to it. A clone
//! has the attributes but never the config (git does not copy it): `ragboard check` says
//! so there (`store::git::setup_hint`), and running `ragboard init-git` in the clone sets
//! it up.

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
    /// Files the driver applies to, as a .gitattributes pattern. RON files it matches
    /// that are not plans are named after it, to be merged and diffed as text.
    #[arg(long, default_value = "*.ron")]
    pub pattern: String,
    /// Name this ragboard binary by its full path in the config, rather than `ragboard`
    /// found on PATH (then the config holds a path other machines may not have).
    #[arg(long)]
    pub absolute: bool,
}

/// The .gitattributes line for `pattern`.
pub fn attributes_line(pattern: &str) -> String {
    format!("{pattern} merge=ragboard diff=ragboard")
}

/// A path as a .gitattributes pattern for that one file, from the folder of the
/// .gitattributes file: anchored with `/`, glob characters escaped, and in C-style quotes
/// where it holds a space, a quote, a backslash or a character outside ASCII.
fn file_pattern(path: &str) -> String {
    let mut p = String::from("/");
    for c in path.chars() {
        if "*?[\\".contains(c) {
            p.push('\\');
        }
        p.push(c);
    }
    if p.chars()
        .any(|c| c.is_whitespace() || c == '"' || c == '\\' || !c.is_ascii())
    {
        let mut q = String::from("\"");
        for c in p.chars() {
            match c {
                '"' => q.push_str("\\\""),
                '\\' => q.push_str("\\\\"),
                '\t' => q.push_str("\\t"),
                c => q.push(c),
            }
        }
        q.push('"');
        q
    } else {
        p
    }
}

/// `git ARGS` in `dir`: its standard output, or why not.
fn git(dir: &Path, args: &[&str]) -> Result<std::process::Output, CliError> {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|source| CliError::RunGit {
            command: "init-git",
            source,
        })
}

/// Is `dir` in a git work tree? `Err` says why not (or why git could not tell).
fn in_work_tree(dir: &Path) -> Result<(), CliError> {
    let out = git(dir, &["rev-parse", "--is-inside-work-tree"])?;
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

/// The RON files under `dir` that `pattern` would give the driver and that are not plans:
/// tracked ones and new ones git does not ignore, as paths from `dir`.
fn non_plans(dir: &Path, pattern: &str) -> Result<Vec<String>, CliError> {
    let out = git(
        dir,
        &[
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
            "--",
            pattern,
        ],
    )?;
    let mut found = Vec::new();
    for name in out.stdout.split(|b| *b == 0).filter(|n| !n.is_empty()) {
        let Ok(name) = std::str::from_utf8(name) else {
            continue;
        };
        // The start of the file is enough to tell: a plan starts `Plan(`.
        let head = std::fs::File::open(dir.join(name)).and_then(|f| {
            use std::io::Read;
            let mut b = Vec::new();
            f.take(64 * 1024).read_to_end(&mut b).map(|_| b)
        });
        if let Ok(head) = head
            && !store::looks_like_plan(&String::from_utf8_lossy(&head))
        {
            found.push(name.to_string());
        }
    }
    found.sort();
    found.dedup();
    Ok(found)
}

pub fn run_init_git(a: &InitGitArgs, out: &mut dyn Write) -> Result<ExitCode, CliError> {
    // Checked first: outside a repository nothing is written.
    in_work_tree(&a.repo)?;
    let attrs = a.repo.join(".gitattributes");
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
    let has = |l: &str| text.lines().any(|t| t.trim() == l);
    let mut lines = vec![attributes_line(&a.pattern)];
    // After the pattern, so they override it: files it catches that are not plans.
    lines.extend(
        non_plans(&a.repo, &a.pattern)?
            .iter()
            .map(|f| format!("{} !merge !diff", file_pattern(f))),
    );
    let new: Vec<&String> = lines.iter().filter(|l| !has(l)).collect();
    for l in lines.iter().filter(|l| has(l)) {
        put_line(out, format_args!("{}: already has {l:?}", attrs.display()))?;
    }
    if !new.is_empty() {
        let mut text = text.to_string();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        for l in &new {
            text.push_str(l);
            text.push('\n');
        }
        // Only over the file as read: an edit made meanwhile is never lost.
        store::output::update(&attrs, existing.as_deref(), text.as_bytes())?;
        for l in &new {
            put_line(out, format_args!("{}: added {l:?}", attrs.display()))?;
        }
    }
    let exe = if a.absolute {
        std::env::current_exe()
            .ok()
            .and_then(|p| p.to_str().map(shell_quote))
            .unwrap_or_else(|| "ragboard".into())
    } else {
        "ragboard".into()
    };
    let settings = [
        ("merge.ragboard.name", "ragboard plan merge".to_string()),
        ("merge.ragboard.driver", format!("{exe} merge %O %A %B %P")),
        ("diff.ragboard.textconv", format!("{exe} cells --or-text")),
    ];
    for (key, value) in settings {
        let status = git(&a.repo, &["config", key, &value])?.status;
        if !status.success() {
            return Err(CliError::Git {
                command: "init-git",
                args: format!("config {key} {value:?}"),
                status,
            });
        }
        put_line(out, format_args!("git config {key} {value:?}"))?;
    }
    if !a.absolute && !store::git::runnable("ragboard") {
        put_line(
            out,
            "note: `ragboard` is not on PATH here, so git cannot run the driver yet: install \
             it on PATH (`cargo install --path .`), or run `ragboard init-git --absolute` to \
             name this binary by its full path",
        )?;
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

#[cfg(test)]
mod tests {
    use super::file_pattern;

    #[test]
    fn a_file_as_a_pattern_for_itself() {
        assert_eq!(file_pattern("keys.ron"), "/keys.ron");
        assert_eq!(file_pattern("cfg/keys.ron"), "/cfg/keys.ron");
        assert_eq!(file_pattern("my keys.ron"), "\"/my keys.ron\"");
        assert_eq!(file_pattern("a*b.ron"), "\"/a\\\\*b.ron\"");
    }
}
