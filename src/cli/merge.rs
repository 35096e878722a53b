//! `ragboard merge BASE OURS THEIRS [NAME]`: the git merge driver (`init-git` sets it up as
//! `ragboard merge %O %A %B %P`).
//!
//! Plans are merged cell by cell (`model::merge`); conflicts are listed, written into the
//! conflicts file beside the plan (`store::conflicts`) and, unless a rule was asked for
//! (`--prefer`), make the exit status 1, as git expects of a driver that leaves conflicts.
//! A RON file that is not a plan (a `keys.ron`), or a plan that does not read, is merged
//! line by line by git's own `git merge-file`, so a merge never loses either side's text.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use super::{About, CliError};
use crate::model::Plan;
use crate::model::merge::{MergeOptions, Prefer, merge_with};
use crate::store::{self, LoadError};

#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// The common ancestor (git's %O). An empty file means there is none.
    pub base: PathBuf,
    /// Our version (git's %A): the merged plan is written here unless -o is given.
    pub ours: PathBuf,
    /// Their version (git's %B).
    pub theirs: PathBuf,
    /// The plan's own path in the repository (git's %P): messages name it, and the
    /// conflicts file is written beside it (default: where the result is written).
    pub name: Option<PathBuf>,
    /// Write the merged plan here instead of over OURS (never over BASE or THEIRS, by any
    /// name, nor a plan open in a meeting).
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
    /// In a cell both sides changed, take this side's value and succeed (the conflicts are
    /// still listed and recorded for review): ours, theirs, or newest (the side whose
    /// change log records the later change to the cell; ours where neither does). Without
    /// it, ours is kept and the merge stops for you to settle each.
    #[arg(long, value_enum)]
    pub prefer: Option<Prefer>,
    /// Who the merge's own change-log entries name (default: the config's user, else the
    /// login name).
    #[arg(long)]
    pub user: Option<String>,
}

/// Exit 0: merged cleanly (or every conflict settled by --prefer); 1: conflicts left to
/// settle; 2: trouble (a file unreadable, the output refused), nothing written.
pub fn run(a: &MergeArgs, err: &mut dyn Write) -> Result<ExitCode, CliError> {
    let target = a.output.as_deref().unwrap_or(&a.ours);
    // OURS is where git wants the result; the other two are only read.
    let inputs = [a.base.as_path(), a.theirs.as_path()];
    super::refuse_output(Some(target), &inputs)?;
    // git's files are temporary (`.merge_file_XXXX`): given the plan's own name (%P),
    // messages name it ("plan.ron (theirs)"); else each file by its path.
    let name = a.name.clone().unwrap_or_else(|| target.to_path_buf());
    let label = |path: &Path, side: &str| match &a.name {
        Some(n) => PathBuf::from(format!("{} ({side})", n.display())),
        None => path.to_path_buf(),
    };
    let read = |path: &Path, side: &str| {
        store::read_regular(path, store::MAX_PLAN_BYTES).map_err(|source| CliError::Read {
            file: label(path, side),
            source,
        })
    };
    let sides = [
        (&a.base, "base", read(&a.base, "base")?),
        (&a.ours, "ours", read(&a.ours, "ours")?),
        (&a.theirs, "theirs", read(&a.theirs, "theirs")?),
    ];
    let parse = |(path, side, b): &(&PathBuf, &str, Vec<u8>)| -> Result<Plan, (bool, LoadError)> {
        let file = label(path, side);
        let text = store::decode(b, &file).map_err(|e| (false, e))?;
        store::parse(text, &file).map_err(|e| (store::looks_like_plan(text), e))
    };
    // git passes an empty file as %O when the two sides share no ancestor.
    let base = match sides[0].2.is_empty() {
        true => Ok(None),
        false => parse(&sides[0]).map(Some),
    };
    match (base, parse(&sides[1]), parse(&sides[2])) {
        (Ok(b), Ok(o), Ok(t)) => cells(a, target, &name, (b.as_ref(), &o, &t), err),
        (b, o, t) => {
            // Not all plans: git's own text merge, so neither side's text is lost. A file
            // that looks like a plan and does not read is said, and left to be fixed.
            let problems: Vec<String> = [b.err(), o.err(), t.err()]
                .into_iter()
                .flatten()
                .filter(|(like_plan, _)| *like_plan)
                .flat_map(|(_, e)| e.problems)
                .map(|p| p.to_string())
                .collect();
            text(a, target, &name, problems)
        }
    }
}

/// Who the merge's own change-log entries name.
fn user(a: &MergeArgs) -> String {
    a.user
        .clone()
        .or_else(|| {
            crate::config::load_config(crate::config::config_dir().as_deref())
                .ok()
                .and_then(|c| c.user)
        })
        .or_else(crate::config::default_user)
        .unwrap_or_else(|| "merge".into())
}

/// The cell-by-cell merge of three plans.
fn cells(
    a: &MergeArgs,
    target: &Path,
    name: &Path,
    (base, ours, theirs): (Option<&Plan>, &Plan, &Plan),
    err: &mut dyn Write,
) -> Result<ExitCode, CliError> {
    // To the second, as people read a log.
    let now = chrono::SubsecRound::trunc_subsecs(chrono::Utc::now(), 0);
    let opts = MergeOptions {
        prefer: a.prefer,
        who: user(a),
        when: Some(now),
    };
    let merged = merge_with(base, ours, theirs, &opts);
    let text = store::to_canonical(&merged.plan).map_err(|source| CliError::Ron {
        about: About::Command("merge"),
        source,
    })?;
    // Never write a plan that would not load back.
    if let Err(e) = store::parse(&text, name) {
        return Err(CliError::MergedInvalid {
            plan: name.to_path_buf(),
            messages: e.problems.into_iter().map(|p| p.message).collect(),
        });
    }
    store::output::replace(
        target,
        &[a.base.as_path(), a.theirs.as_path()],
        text.as_bytes(),
    )?;
    if merged.conflicts.is_empty() {
        // Silent on success, as git's own merges are.
        return Ok(ExitCode::SUCCESS);
    }
    let recorded =
        store::conflicts::record(name, &merged.conflicts, now).map_err(|e| e.to_string());
    let folder = match name.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let said = CliError::Conflicts {
        plan: name.to_path_buf(),
        conflicts: merged.conflicts,
        prefer: a.prefer,
        recorded,
        rebase: store::git::in_rebase(&folder),
    };
    match a.prefer {
        // Settled by the rule asked for: said, recorded for review, and a success.
        Some(_) => {
            super::say(err, "", &said);
            Ok(ExitCode::SUCCESS)
        }
        None => Err(said),
    }
}

/// git's line-by-line merge (`git merge-file`) of files that are not all plans: conflicts
/// marked in the text as git marks them.
fn text(
    a: &MergeArgs,
    target: &Path,
    name: &Path,
    problems: Vec<String>,
) -> Result<ExitCode, CliError> {
    let label = |side: &str| format!("{} ({side})", name.display());
    let out = Command::new("git")
        .args(["merge-file", "-p", "-L"])
        .arg(label("ours"))
        .arg("-L")
        .arg(label("base"))
        .arg("-L")
        .arg(label("theirs"))
        .arg(&a.ours)
        .arg(&a.base)
        .arg(&a.theirs)
        .output()
        .map_err(|source| CliError::RunGit {
            command: "merge",
            source,
        })?;
    // Exit status: the number of conflicts (0 clean); negative or above 127 for trouble.
    let conflicts = match out.status.code() {
        Some(n) if (0..=127).contains(&n) => n,
        _ => {
            return Err(CliError::Git {
                command: "merge",
                args: "merge-file".into(),
                status: out.status,
            });
        }
    };
    store::output::replace(target, &[a.base.as_path(), a.theirs.as_path()], &out.stdout)?;
    if conflicts == 0 && problems.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    Err(CliError::TextMerged {
        plan: name.to_path_buf(),
        conflicts,
        problems,
    })
}
