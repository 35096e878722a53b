//! `ragboard gen`: write a synthetic plan of any size, for trying the app and measuring it.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::error::{line, put};
use super::{About, CliError};
use crate::cli::generate::{Spec, generate};
use crate::store;

#[derive(Debug, Clone, clap::Args)]
pub struct GenArgs {
    /// How many actions.
    #[arg(long)]
    pub actions: usize,
    /// How many review periods (the first is the initial rating).
    #[arg(long, default_value_t = 12)]
    pub periods: usize,
    /// Seed: one seed gives one plan.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Write here (atomically) instead of to standard output; never over a plan open in a
    /// meeting.
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
}

pub fn run(args: &GenArgs, out: &mut dyn Write) -> Result<ExitCode, CliError> {
    if args.actions == 0 || args.periods == 0 {
        return Err(CliError::Usage {
            command: "gen",
            message: "--actions and --periods must be at least 1".into(),
        });
    }
    let plan = generate(&Spec {
        actions: args.actions,
        periods: args.periods,
        seed: args.seed,
    });
    let text = store::to_canonical(&plan).map_err(|source| CliError::Ron {
        about: About::Command("gen"),
        source,
    })?;
    match &args.output {
        Some(path) => {
            store::output::replace(path, &[], text.as_bytes())?;
            line(
                out,
                format_args!(
                    "{}: {} priorities, {} actions, {} periods",
                    path.display(),
                    plan.priorities.len(),
                    args.actions,
                    plan.periods.len()
                ),
            )?;
        }
        None => put(out, &text)?,
    }
    Ok(ExitCode::SUCCESS)
}
