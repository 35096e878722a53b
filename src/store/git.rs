//! What git says about the repository a plan is in: whether it is set up to merge and diff
//! plans with ragboard, and whether a rebase is under way. Only reads (runs `git
//! check-attr`, `git config --get`, `git rev-parse`); where git is not installed or the
//! plan is in no repository there is nothing to say.
//!
//! A clone gets the repository's `.gitattributes` (which names the `ragboard` driver for
//! plans) but never its config (which says what that driver runs): git then merges plans
//! line by line without a word, and diffs them as RON. [`setup_hint`] says so, and how to
//! set it up, for `ragboard check` and the meeting view.

use std::path::{Path, PathBuf};
use std::process::Command;

/// What the repository's attributes and config say for one plan file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GitFacts {
    /// The file's `merge` attribute (`ragboard` when `.gitattributes` names the driver).
    pub merge_attr: Option<String>,
    /// The file's `diff` attribute.
    pub diff_attr: Option<String>,
    /// `merge.ragboard.driver`, where set.
    pub driver: Option<String>,
    /// `diff.ragboard.textconv`, where set.
    pub textconv: Option<String>,
    /// Whether the program the driver runs (its first word) can be found: on `PATH`, or
    /// at the path it names. `true` when no driver is set.
    pub driver_found: bool,
}

/// `git ARGS` in `dir`: its standard output when it succeeds.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim_end().to_string())
}

/// The folder a file is in ("." for a bare name).
fn folder(plan: &Path) -> PathBuf {
    match plan.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The repository's own git folder where `.git` is a file (a linked work tree, a
/// submodule: `gitdir: PATH`), and the folder it shares its config and `info/` with (its
/// `commondir`).
fn common_git_dir(dot_git: &Path) -> Option<PathBuf> {
    let text = std::fs::read_to_string(dot_git).ok()?;
    let dir = PathBuf::from(text.trim().strip_prefix("gitdir:")?.trim());
    let dir = dot_git.parent()?.join(dir);
    Some(match std::fs::read_to_string(dir.join("commondir")) {
        Ok(c) => dir.join(c.trim()),
        Err(_) => dir,
    })
}

/// Does any attributes file that can apply to `plan` mention ragboard: a `.gitattributes`
/// in its folder or one above it, up to the repository's top (the folder with `.git`),
/// the repository's `info/attributes`, or the user's own (`~/.config/git/attributes`)?
/// Read first, so a plan in no repository, or in one that does not ask for ragboard, costs
/// no git process. (With `GIT_DIR` set, or a `.git` file that cannot be followed, git
/// decides: `true`.)
fn attributes_mention_ragboard(plan: &Path) -> bool {
    if std::env::var_os("GIT_DIR").is_some() {
        return true;
    }
    let Ok(dir) = std::path::absolute(folder(plan)) else {
        return true;
    };
    let mentions =
        |f: PathBuf| std::fs::read(f).is_ok_and(|b| b.windows(8).any(|w| w == b"ragboard"));
    let user = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
        .is_some_and(|c| mentions(c.join("git").join("attributes")));
    for d in dir.ancestors() {
        if mentions(d.join(".gitattributes")) {
            return true;
        }
        let git = d.join(".git");
        let common = if git.is_dir() {
            Some(git)
        } else if git.exists() {
            match common_git_dir(&git) {
                Some(c) => Some(c),
                None => return true,
            }
        } else {
            None
        };
        if let Some(c) = common {
            return user || mentions(c.join("info").join("attributes"));
        }
    }
    false
}

/// What git says about `plan`: `None` when git cannot be run, the plan is in no work
/// tree, or no attributes file there mentions ragboard.
pub fn facts(plan: &Path) -> Option<GitFacts> {
    if !attributes_mention_ragboard(plan) {
        return None;
    }
    let dir = folder(plan);
    let inside = git(&dir, &["rev-parse", "--is-inside-work-tree"])?;
    if inside != "true" {
        return None;
    }
    let name = plan.file_name()?.to_str()?;
    let attrs = git(&dir, &["check-attr", "merge", "diff", "--", name])?;
    let attr = |which: &str| {
        attrs.lines().find_map(|l| {
            let v = l.strip_prefix(name)?.strip_prefix(": ")?;
            let v = v.strip_prefix(which)?.strip_prefix(": ")?;
            (v != "unspecified").then(|| v.to_string())
        })
    };
    let driver = git(&dir, &["config", "--get", "merge.ragboard.driver"]);
    let driver_found = driver.as_deref().is_none_or(runnable);
    Some(GitFacts {
        merge_attr: attr("merge"),
        diff_attr: attr("diff"),
        driver,
        textconv: git(&dir, &["config", "--get", "diff.ragboard.textconv"]),
        driver_found,
    })
}

/// The first word of a shell command (unquoted, or in single or double quotes).
fn program(command: &str) -> String {
    let c = command.trim_start();
    for q in ['\'', '"'] {
        if let Some(rest) = c.strip_prefix(q) {
            return rest.split(q).next().unwrap_or("").to_string();
        }
    }
    c.split_whitespace().next().unwrap_or("").to_string()
}

/// Can the shell git runs a driver with find the program `command` starts with?
pub fn runnable(command: &str) -> bool {
    let p = program(command);
    if p.is_empty() {
        return false;
    }
    if p.contains('/') {
        return Path::new(&p).is_file();
    }
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|d| d.join(&p).is_file()))
}

impl GitFacts {
    /// What to tell a user whose repository asks git to merge or diff this plan with
    /// ragboard where git cannot: the driver's config is missing (a fresh clone) or names
    /// a program that cannot be found. `None` when all is set up, or nothing asks for it.
    pub fn hint(&self) -> Option<String> {
        let wants_merge = self.merge_attr.as_deref() == Some("ragboard");
        let wants_diff = self.diff_attr.as_deref() == Some("ragboard");
        let mut missing = Vec::new();
        if wants_merge && self.driver.is_none() {
            missing.push("merge.ragboard.driver");
        }
        if wants_diff && self.textconv.is_none() {
            missing.push("diff.ragboard.textconv");
        }
        if !missing.is_empty() {
            return Some(format!(
                ".gitattributes asks git to {} this plan with ragboard, but this clone has no \
                 {} (git does not copy config when it clones): run `ragboard init-git` in the \
                 repository; until then git merges the plan line by line, where one officer's \
                 rating can silently replace another's",
                match (wants_merge, wants_diff) {
                    (true, true) => "merge and diff",
                    (true, false) => "merge",
                    _ => "diff",
                },
                missing.join(" or ")
            ));
        }
        if wants_merge && !self.driver_found {
            return Some(format!(
                "git's merge driver for plans runs `{}`, which cannot be found (not on PATH): \
                 a merge of the plan would fail; install ragboard on PATH, or run `ragboard \
                 init-git` again",
                program(self.driver.as_deref().unwrap_or(""))
            ));
        }
        None
    }
}

/// How to set up git for `plan`, where its repository asks for ragboard's driver and git
/// cannot run it (see [`GitFacts::hint`]); `None` when there is nothing to say. For
/// `ragboard check` and the meeting view; runs git three or four times (a few
/// milliseconds each).
pub fn setup_hint(plan: &Path) -> Option<String> {
    facts(plan)?.hint()
}

/// Is a rebase under way in the repository around `dir`? In a rebase, git's "ours" is the
/// branch being rebased onto and "theirs" the commit being replayed: the other way round
/// from a merge.
pub fn in_rebase(dir: &Path) -> bool {
    ["rebase-merge", "rebase-apply"].iter().any(|d| {
        git(dir, &["rev-parse", "--git-path", d]).is_some_and(|p| {
            let p = PathBuf::from(p);
            let p = if p.is_relative() { dir.join(p) } else { p };
            p.is_dir()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(merge: Option<&str>, driver: Option<&str>, found: bool) -> GitFacts {
        GitFacts {
            merge_attr: merge.map(String::from),
            diff_attr: merge.map(String::from),
            driver: driver.map(String::from),
            textconv: driver.map(|_| "ragboard cells --or-text".into()),
            driver_found: found,
        }
    }

    #[test]
    fn a_clone_without_the_config_is_told_how_to_set_it_up() {
        let hint = facts(Some("ragboard"), None, true).hint().unwrap();
        assert!(hint.contains("run `ragboard init-git`"), "{hint}");
        assert!(hint.contains("merge and diff"), "{hint}");
        assert!(
            hint.contains("merge.ragboard.driver or diff.ragboard.textconv"),
            "{hint}"
        );
        let set = facts(Some("ragboard"), Some("ragboard merge %O %A %B %P"), true);
        assert_eq!(set.hint(), None);
        let lost = facts(Some("ragboard"), Some("ragboard merge %O %A %B %P"), false);
        assert!(
            lost.hint()
                .unwrap()
                .contains("`ragboard`, which cannot be found")
        );
        // Nothing asks for ragboard: nothing to say.
        assert_eq!(facts(None, None, true).hint(), None);
        assert_eq!(facts(Some("text"), None, true).hint(), None);
    }

    #[test]
    fn the_program_a_driver_runs() {
        assert_eq!(program("ragboard merge %O"), "ragboard");
        assert_eq!(
            program("'/opt/my tools/ragboard' merge"),
            "/opt/my tools/ragboard"
        );
        assert_eq!(program("  \"/x/rb\" merge"), "/x/rb");
        assert!(!runnable("/no/such/ragboard merge"));
        assert!(runnable("sh -c true"));
    }
}
