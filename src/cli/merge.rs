//! `ragboard merge BASE OURS THEIRS`, the git merge driver, and `ragboard init-git`, which
//! writes the lines that tell git to use it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use crate::model::Plan;
use crate::model::merge::merge;
use crate::store;

#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// The common ancestor (git's %O). An empty file means there is none.
    pub base: PathBuf,
    /// Our version (git's %A): the merged plan is written here unless -o is given.
    pub ours: PathBuf,
    /// Their version (git's %B).
    pub theirs: PathBuf,
    /// Write the merged plan here instead of over OURS (never over BASE or THEIRS, by any
    /// name, nor a plan open in a meeting).
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct InitGitArgs {
    /// The repository folder (default: the current folder).
    #[arg(default_value = ".")]
    pub repo: PathBuf,
    /// Files the driver applies to, as a .gitattributes pattern.
    #[arg(long, default_value = "*.ron")]
    pub pattern: String,
}

fn load(p: &Path, err: &mut dyn Write) -> Option<Plan> {
    match store::load(p) {
        Ok(l) => Some(l.plan),
        Err(e) => {
            let _ = writeln!(err, "{e}");
            None
        }
    }
}

/// Exit 0: merged cleanly; 1: conflicts (OURS's values kept, each listed); 2: trouble
/// (a file unreadable or invalid), nothing written.
pub fn run(a: &MergeArgs, _out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let target = a.output.as_deref().unwrap_or(&a.ours);
    // OURS is where git wants the result; the other two are only read.
    let inputs = [a.base.as_path(), a.theirs.as_path()];
    if let Some(code) = super::refuse_output(Some(target), &inputs, err, ExitCode::from(2)) {
        return code;
    }
    // git passes an empty file as %O when the two sides share no ancestor.
    let base = match std::fs::metadata(&a.base) {
        Ok(m) if m.len() == 0 => None,
        _ => match load(&a.base, err) {
            Some(p) => Some(p),
            None => return ExitCode::from(2),
        },
    };
    let (Some(ours), Some(theirs)) = (load(&a.ours, err), load(&a.theirs, err)) else {
        return ExitCode::from(2);
    };
    let merged = merge(base.as_ref(), &ours, &theirs);
    let text = match store::to_canonical(&merged.plan) {
        Ok(t) => t,
        Err(e) => {
            let _ = writeln!(err, "ragboard merge: cannot write RON: {e}");
            return ExitCode::from(2);
        }
    };
    // Never write a plan that would not load back.
    if let Err(e) = store::parse(&text, target) {
        let _ = writeln!(err, "ragboard merge: the merged plan is not valid:\n{e}");
        return ExitCode::from(2);
    }
    if let Err(e) = store::output::replace(target, &inputs, text.as_bytes()) {
        let _ = writeln!(err, "{e}");
        return ExitCode::from(2);
    }
    if merged.conflicts.is_empty() {
        // Silent on success, as git's own merges are.
        return ExitCode::SUCCESS;
    }
    let n = merged.conflicts.len();
    let _ = writeln!(
        err,
        "ragboard merge: {n} conflict{} in {} (our values kept; settle each, then `git add`):",
        if n == 1 { "" } else { "s" },
        a.ours.display()
    );
    for c in &merged.conflicts {
        let _ = writeln!(err, "  CONFLICT {c}");
    }
    ExitCode::from(1)
}

/// The .gitattributes line for `pattern`.
pub fn attributes_line(pattern: &str) -> String {
    format!("{pattern} merge=ragboard diff=ragboard")
}

/// Is `dir` in a git work tree? `Err` says why not (or why git could not tell).
fn in_work_tree(dir: &Path) -> Result<(), String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["rev-parse", "--is-inside-work-tree"])
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() && out.stdout.trim_ascii() == b"true" {
        return Ok(());
    }
    let said = String::from_utf8_lossy(&out.stderr);
    let said = said.lines().next().unwrap_or("").trim();
    Err(format!(
        "{}: not in a git work tree{}: run `git init` there first, or name the repository's folder",
        dir.display(),
        if said.is_empty() {
            String::new()
        } else {
            format!(" ({said})")
        }
    ))
}

pub fn run_init_git(a: &InitGitArgs, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    // Checked first: outside a repository nothing is written.
    if let Err(e) = in_work_tree(&a.repo) {
        let _ = writeln!(err, "ragboard init-git: {e}; nothing written");
        return ExitCode::FAILURE;
    }
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| p.to_str().map(String::from))
        .unwrap_or_else(|| "ragboard".into());
    let attrs = a.repo.join(".gitattributes");
    let line = attributes_line(&a.pattern);
    let existing = match std::fs::read_to_string(&attrs) {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            let _ = writeln!(err, "{}: cannot read: {e}", attrs.display());
            return ExitCode::FAILURE;
        }
    };
    if existing.lines().any(|l| l.trim() == line) {
        let _ = writeln!(out, "{}: already has {line:?}", attrs.display());
    } else {
        let mut text = existing;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&line);
        text.push('\n');
        if let Err(e) = store::write_atomic(&attrs, text.as_bytes()) {
            let _ = writeln!(err, "{}: cannot write: {e}", attrs.display());
            return ExitCode::FAILURE;
        }
        let _ = writeln!(out, "{}: added {line:?}", attrs.display());
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
            .status();
        match status {
            Ok(s) if s.success() => {
                let _ = writeln!(out, "git config {key} {value:?}");
            }
            Ok(s) => {
                let _ = writeln!(err, "git config {key}: failed ({s})");
                return ExitCode::FAILURE;
            }
            Err(e) => {
                let _ = writeln!(err, "cannot run git: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
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
