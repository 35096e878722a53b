//! `ragboard merge BASE OURS THEIRS`: the git merge driver (`init-git` sets it up).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{About, CliError};
use crate::model::merge::merge;
use crate::store::{self, LoadError};

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

pub fn run(a: &MergeArgs) -> Result<ExitCode, CliError> {
    let target = a.output.as_deref().unwrap_or(&a.ours);
    // OURS is where git wants the result; the other two are only read.
    let inputs = [a.base.as_path(), a.theirs.as_path()];
    super::refuse_output(Some(target), &inputs)?;
    let load = |p: &Path| store::load(p).map(|l| l.plan);
    // git passes an empty file as %O when the two sides share no ancestor.
    let base = match std::fs::metadata(&a.base) {
        Ok(m) if m.len() == 0 => Ok(None),
        _ => load(&a.base).map(Some),
    };
    let (base, ours, theirs) = match (base, load(&a.ours), load(&a.theirs)) {
        (Ok(b), Ok(o), Ok(t)) => (b, o, t),
        (b, o, t) => {
            // Every file's problems at once, so one run shows all there is to fix.
            let problems = [b.err(), o.err(), t.err()]
                .into_iter()
                .flatten()
                .flat_map(|e| e.problems)
                .collect();
            return Err(CliError::Plan(LoadError { problems }));
        }
    };
    let merged = merge(base.as_ref(), &ours, &theirs);
    let text = store::to_canonical(&merged.plan).map_err(|source| CliError::Ron {
        about: About::Command("merge"),
        source,
    })?;
    // Never write a plan that would not load back.
    if let Err(e) = store::parse(&text, target) {
        return Err(CliError::MergedInvalid {
            output: target.to_path_buf(),
            messages: e.problems.into_iter().map(|p| p.message).collect(),
        });
    }
    store::output::replace(target, &inputs, text.as_bytes())?;
    if merged.conflicts.is_empty() {
        // Silent on success, as git's own merges are.
        return Ok(ExitCode::SUCCESS);
    }
    Err(CliError::Conflicts {
        ours: a.ours.clone(),
        conflicts: merged.conflicts,
    })
}
