//! `ragboard settle PLAN CELL... | --all`: mark merge conflicts settled, once each cell
//! holds what was agreed (the conflicts file beside the plan, `store::conflicts`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::CliError;
use super::error::line;
use crate::store::conflicts::{self, Recorded, Settle};

#[derive(Debug, clap::Args)]
pub struct SettleArgs {
    /// The plan the merge wrote.
    pub plan: PathBuf,
    /// Each conflict settled, by its cell as the merge and `check` name it
    /// ("action 1.1.1 rating 03-18").
    #[arg(required_unless_present = "all")]
    pub cells: Vec<String>,
    /// Every conflict of the plan.
    #[arg(long, conflicts_with = "cells")]
    pub all: bool,
}

pub fn run(a: &SettleArgs, out: &mut dyn Write) -> Result<ExitCode, CliError> {
    let which = if a.all {
        Settle::All
    } else {
        Settle::Cells(a.cells.clone())
    };
    let (settled, left) = conflicts::settle(&a.plan, &which)?;
    for r in &settled {
        line(out, format_args!("settled: {}", r.conflict.cell))?;
    }
    let file = conflicts::path_for(&a.plan);
    match left {
        0 if settled.is_empty() => line(
            out,
            format_args!("{}: no conflicts to settle", a.plan.display()),
        )?,
        0 => line(
            out,
            format_args!(
                "{}: every conflict settled ({} removed)",
                a.plan.display(),
                file.display()
            ),
        )?,
        n => line(
            out,
            format_args!(
                "{}: {} still to settle ({})",
                a.plan.display(),
                count(n),
                file.display()
            ),
        )?,
    }
    Ok(ExitCode::SUCCESS)
}

fn count(n: usize) -> String {
    format!("{n} conflict{}", if n == 1 { "" } else { "s" })
}

/// What `check` says of a plan's conflicts not yet settled: a line saying how many and
/// what to do, then one per conflict. `None` when there are none; `Err` when the
/// conflicts file cannot be read.
pub fn pending_note(plan: &Path) -> Result<Option<Vec<String>>, CliError> {
    let pending: Vec<Recorded> = conflicts::pending(plan)?;
    if pending.is_empty() {
        return Ok(None);
    }
    let mut lines = vec![format!(
        "{}: {} from a merge not yet settled: set each cell as agreed, then `ragboard settle \
         {} CELL` (or --all)",
        conflicts::path_for(plan).display(),
        count(pending.len()),
        plan.display()
    )];
    lines.extend(pending.iter().map(|r| {
        format!(
            "  CONFLICT {} (merged {} UTC)",
            r.conflict,
            r.when.format("%Y-%m-%d %H:%M")
        )
    }));
    Ok(Some(lines))
}
