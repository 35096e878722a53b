//! `ragboard --list`: the plans bundled in the binary, and how to open each.

use std::io::Write;
use std::process::ExitCode;

use crate::model::names;
use crate::store::bundled;

pub fn run(out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let _ = writeln!(
        out,
        "Bundled plans (open one with `ragboard NAME`; a file of that name in this folder opens instead):"
    );
    let mut ok = true;
    for (i, b) in bundled::PLANS.iter().enumerate() {
        match b.plan() {
            Ok(plan) => {
                let default = if i == 0 { " (the default)" } else { "" };
                let _ = writeln!(out, "  {}{default}", b.name);
                let _ = writeln!(out, "      {}: {}", plan.title, names::shape(&plan));
            }
            Err(e) => {
                ok = false;
                let _ = writeln!(err, "{e}");
            }
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
