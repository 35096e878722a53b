//! `ragboard --list`: the plans bundled in the binary, and how to open each.

use std::io::Write;
use std::process::ExitCode;

use super::error::line;
use super::{CliError, say};
use crate::model::names;
use crate::store::bundled;

/// Every bundled plan that reads is listed; one that does not (a bug in the build) is
/// said on `err` and makes the exit code 1.
pub fn run(out: &mut dyn Write, err: &mut dyn Write) -> Result<ExitCode, CliError> {
    line(
        out,
        "Bundled plans (open one with `ragboard NAME`; a file of that name in this folder opens instead):",
    )?;
    let mut ok = true;
    for (i, b) in bundled::PLANS.iter().enumerate() {
        match b.plan() {
            Ok(plan) => {
                let default = if i == 0 { " (the default)" } else { "" };
                line(out, format_args!("  {}{default}", b.name))?;
                line(
                    out,
                    format_args!("      {}: {}", plan.title, names::shape(&plan)),
                )?;
            }
            Err(e) => {
                ok = false;
                say(err, "", &CliError::Plan(e));
            }
        }
    }
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
