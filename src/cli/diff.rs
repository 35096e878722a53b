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

pub fn run_cells(a: &CellsArgs, out: &mut dyn Write) -> Result<ExitCode, CliError> {
    let loaded = store::load(&a.plan)?;
    put(out, &cells(&loaded.plan))?;
    Ok(ExitCode::SUCCESS)
}
