//! `ragboard export` (JSON or CSV for other tools) and `ragboard import` (a plan from a
//! tracker's CSV).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::interchange::export::{ExportFormat, export};
use crate::interchange::import::{ImportOptions, import};
use crate::store;
use crate::store::output;

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    pub plan: PathBuf,
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Write to this file (atomically) instead of standard output; never the plan itself
    /// (by any name) or a plan open in a meeting.
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// A CSV file: one row per action, columns recognised by their headings.
    pub csv: PathBuf,
    /// Write the plan here (refused if the file exists) instead of standard output.
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
    /// The plan's title (default: the CSV file's name).
    #[arg(long)]
    pub title: Option<String>,
    /// Take everything but the rows from this plan: title, organisation, scale, level names,
    /// published tables, and the ids and dates of periods whose column heading matches
    /// (its priorities and change log are not used). Default: the bundled plan's 1-5 scale.
    #[arg(long)]
    pub frame: Option<PathBuf>,
}

pub fn run_export(a: &ExportArgs, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let inputs = [a.plan.as_path()];
    if let Some(code) = super::refuse_output(a.output.as_deref(), &inputs, err, ExitCode::FAILURE) {
        return code;
    }
    let plan = match store::load(&a.plan) {
        Ok(l) => l.plan,
        Err(e) => {
            let _ = writeln!(err, "{e}");
            return ExitCode::FAILURE;
        }
    };
    match export(&plan, a.format) {
        Ok(text) => super::emit(&text, a.output.as_deref(), &inputs, out, err),
        Err(e) => {
            let _ = writeln!(err, "{}: {e}", a.plan.display());
            ExitCode::FAILURE
        }
    }
}

/// Largest CSV read: the same bound as a plan file.
const MAX_CSV_BYTES: u64 = store::MAX_PLAN_BYTES;

pub fn run_import(a: &ImportArgs, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let fail = |err: &mut dyn Write, msg: String| {
        let _ = writeln!(err, "{msg}");
        ExitCode::FAILURE
    };
    let mut inputs = vec![a.csv.as_path()];
    inputs.extend(a.frame.as_deref());
    if let Some(o) = &a.output
        && let Err(e) = output::check_new(o, &inputs)
    {
        return fail(err, e.to_string());
    }
    let bytes = match store::read_regular(&a.csv, MAX_CSV_BYTES) {
        Ok(b) => b,
        Err(e) => return fail(err, format!("{}: {e}", a.csv.display())),
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..at].iter().filter(|b| **b == b'\n').count() + 1;
            return fail(
                err,
                format!(
                    "{}:{line}: not UTF-8 text (byte {at}): save the sheet as \"CSV UTF-8\"",
                    a.csv.display()
                ),
            );
        }
    };
    let frame = match &a.frame {
        Some(p) => match store::load(p) {
            Ok(l) => l.plan,
            Err(e) => return fail(err, e.to_string()),
        },
        None => match store::bundled() {
            // The bundled plan's scale and level names only.
            Ok(p) => ImportOptions::bare("", p.scale).frame,
            Err(e) => return fail(err, e.to_string()),
        },
    };
    let mut opts = ImportOptions { frame };
    if let Some(t) = &a.title {
        opts.frame.title = t.clone();
    } else if a.frame.is_none() {
        opts.frame.title = a.csv.file_stem().map_or_else(
            || "Imported plan".into(),
            |s| s.to_string_lossy().into_owned(),
        );
    }
    let plan = match import(&text, &opts) {
        Ok(p) => p,
        Err(e) => {
            let n = e.problems.len();
            return fail(
                err,
                format!(
                    "{}\n{}: {n} problem{}; nothing written",
                    e.describe(&a.csv),
                    a.csv.display(),
                    if n == 1 { "" } else { "s" }
                ),
            );
        }
    };
    let ron = match store::to_canonical(&plan) {
        Ok(t) => t,
        Err(e) => return fail(err, format!("cannot write RON: {e}")),
    };
    // The plan must load back. The import has placed every problem it knows of in the
    // sheet; anything left is said against the sheet too (never against a plan file that
    // was not written), without the plan text's line and column, which mean nothing here.
    if let Err(e) = store::parse(&ron, &a.csv) {
        let with = a
            .frame
            .as_ref()
            .map(|f| format!(" with the frame {}", f.display()))
            .unwrap_or_default();
        let lines: Vec<String> = e
            .problems
            .iter()
            .map(|p| {
                format!(
                    "{}: the rows do not make a valid plan{with}: {}",
                    a.csv.display(),
                    p.message
                )
            })
            .collect();
        return fail(err, format!("{}; nothing written", lines.join("\n")));
    }
    match &a.output {
        None => {
            let _ = out.write_all(ron.as_bytes());
            ExitCode::SUCCESS
        }
        // Never over a file made since the check: a no-clobber rename.
        Some(o) => match output::create(o, &inputs, ron.as_bytes()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(err, e.to_string()),
        },
    }
}
