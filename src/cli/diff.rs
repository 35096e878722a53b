//! `ragboard diff` (exit 0 equal, 1 different, 2 trouble, like diff(1)) and
//! `ragboard cells` (git's textconv).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::CliError;
use super::error::put;
use crate::model::diff::diff;
use crate::report::diff::cells;
use crate::report::{DiffFormat, render_diff};
use crate::store::{self, LoadError};

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    pub old: PathBuf,
    pub new: PathBuf,
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
}

#[derive(Debug, clap::Args)]
pub struct CellsArgs {
    pub plan: PathBuf,
    /// A file that is not a valid plan is printed as it is, with exit status 0 (for git's
    /// textconv: `git diff` then shows a RON file that is not a plan, or a plan that does
    /// not read, line by line, rather than failing).
    #[arg(long)]
    pub or_text: bool,
}

/// Exit 0 equal, 1 different; an error (2) when either plan cannot be used, with the
/// problems of both.
pub fn run(a: &DiffArgs, out: &mut dyn Write) -> Result<ExitCode, CliError> {
    let load = |p: &PathBuf| store::load(p).map(|l| l.plan);
    let (old, new) = match (load(&a.old), load(&a.new)) {
        (Ok(o), Ok(n)) => (o, n),
        (o, n) => {
            let problems = [o.err(), n.err()]
                .into_iter()
                .flatten()
                .flat_map(|e| e.problems)
                .collect();
            return Err(CliError::Plan(LoadError { problems }));
        }
    };
    let d = diff(
        &old,
        &new,
        &a.old.display().to_string(),
        &a.new.display().to_string(),
    );
    put(out, &render_diff(&d, a.format))?;
    Ok(if d.equal {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

pub fn run_cells(
    a: &CellsArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode, CliError> {
    if !a.or_text {
        let loaded = store::load(&a.plan)?;
        put(out, &cells(&loaded.plan))?;
        return Ok(ExitCode::SUCCESS);
    }
    let bytes =
        store::read_regular(&a.plan, store::MAX_PLAN_BYTES).map_err(|source| CliError::Read {
            file: a.plan.clone(),
            source,
        })?;
    let text = String::from_utf8_lossy(&bytes);
    match store::parse(&text, &a.plan) {
        Ok(plan) => put(out, &cells(&plan))?,
        Err(e) => {
            // A plan that does not read is said (git shows it beside the diff); any other
            // RON file is simply text.
            if store::looks_like_plan(&text)
                && let Some(p) = e.problems.first()
            {
                super::say(err, "", &format!("{p} (shown as text)"));
            }
            put(out, &text)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
