//! `ragboard gen`: write a synthetic plan of any size, for trying the app and measuring it.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

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

pub fn run(args: &GenArgs, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    if args.actions == 0 || args.periods == 0 {
        let _ = writeln!(
            err,
            "ragboard gen: --actions and --periods must be at least 1"
        );
        return ExitCode::FAILURE;
    }
    let plan = generate(&Spec {
        actions: args.actions,
        periods: args.periods,
        seed: args.seed,
    });
    let text = match store::to_canonical(&plan) {
        Ok(t) => t,
        Err(e) => {
            let _ = writeln!(err, "ragboard gen: cannot write RON: {e}");
            return ExitCode::FAILURE;
        }
    };
    match &args.output {
        Some(path) => match store::output::replace(path, &[], text.as_bytes()) {
            Ok(()) => {
                let _ = writeln!(
                    out,
                    "{}: {} priorities, {} actions, {} periods",
                    path.display(),
                    plan.priorities.len(),
                    args.actions,
                    plan.periods.len()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                let _ = writeln!(err, "ragboard gen: {e}");
                ExitCode::FAILURE
            }
        },
        None => match out.write_all(text.as_bytes()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                let _ = writeln!(err, "ragboard gen: cannot write: {e}");
                ExitCode::FAILURE
            }
        },
    }
}
