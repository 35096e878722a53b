//! `ragboard diff` (exit 0 equal, 1 different, 2 trouble, like diff(1)) and
//! `ragboard cells` (git's textconv).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::model::diff::diff;
use crate::report::diff::cells;
use crate::report::{DiffFormat, render_diff};
use crate::store;

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

pub fn run(a: &DiffArgs, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let load = |p: &PathBuf| store::load(p).map(|l| l.plan);
    let (old, new) = match (load(&a.old), load(&a.new)) {
        (Ok(o), Ok(n)) => (o, n),
        (o, n) => {
            for e in [o.err(), n.err()].into_iter().flatten() {
                let _ = writeln!(err, "{e}");
            }
            return ExitCode::from(2);
        }
    };
    let d = diff(
        &old,
        &new,
        &a.old.display().to_string(),
        &a.new.display().to_string(),
    );
    let _ = out.write_all(render_diff(&d, a.format).as_bytes());
    if d.equal {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

pub fn run_cells(a: &CellsArgs, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    match store::load(&a.plan) {
        Ok(l) => {
            let _ = out.write_all(cells(&l.plan).as_bytes());
            ExitCode::SUCCESS
        }
        Err(e) => {
            let _ = writeln!(err, "{e}");
            ExitCode::FAILURE
        }
    }
}
