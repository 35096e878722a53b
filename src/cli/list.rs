//! `ragboard --list`: the plans bundled in the binary, and how to open each.

use std::io::Write;
use std::process::ExitCode;

use super::error::line;
use super::{CliError, say};
use crate::model::{LevelNames, Series, names};
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
                let what = plan
                    .series
                    .as_ref()
                    .map(|s| format!(" ({}, {})", s.kind.word(), s.years))
                    .unwrap_or_default();
                let shape = match names::nothing_to_rate(&plan) {
                    Some(_) => format!(
                        "nothing to rate, {}",
                        LevelNames::count("narrative section", plan.narrative.len())
                    ),
                    None => names::shape(&plan),
                };
                line(out, format_args!("      {}{what}: {shape}", plan.title))?;
                if let Some(links) = plan.series.as_ref().map(links).filter(|l| !l.is_empty()) {
                    line(out, format_args!("      {links}"))?;
                }
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

/// The plans a bundled plan follows or reviews, by name where they are bundled too:
/// "follows Annual report 2014/15"; "reviews cypp-2010-13 (not bundled)".
fn links(series: &Series) -> String {
    series
        .links()
        .map(
            |(relation, id)| match bundled::series().iter().find(|s| s.id == id) {
                Some(s) => format!("{} {}", relation.word(), s.name),
                None => format!("{} {id} (not bundled)", relation.word()),
            },
        )
        .collect::<Vec<_>>()
        .join("; ")
}
