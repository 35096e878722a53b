//! `ragboard report`: the board paper for a period.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::report::{Board, BoardFormat, render_board};
use crate::store;

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    pub plan: PathBuf,
    /// The period reported on (its id, e.g. 01-18; default: the latest with any rating).
    #[arg(long)]
    pub period: Option<String>,
    #[arg(long, value_enum, default_value_t = BoardFormat::Markdown)]
    pub format: BoardFormat,
    /// The date "overdue" is judged at, YYYY-MM-DD (default: today).
    #[arg(long, value_parser = super::parse_date)]
    pub date: Option<chrono::NaiveDate>,
    /// Write to this file (atomically) instead of standard output; never the plan itself
    /// (by any name) or a plan open in a meeting.
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
}

pub fn run(a: &ReportArgs, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let inputs = [a.plan.as_path()];
    if let Some(code) = super::refuse_output(a.output.as_deref(), &inputs, err, ExitCode::FAILURE) {
        return code;
    }
    let loaded = match store::load(&a.plan) {
        Ok(l) => l,
        Err(e) => {
            let _ = writeln!(err, "{e}");
            return ExitCode::FAILURE;
        }
    };
    let today = a.date.unwrap_or_else(|| chrono::Local::now().date_naive());
    let board = match Board::build(&loaded.plan, a.period.as_deref(), today) {
        Ok(b) => b,
        Err(e) => {
            let _ = writeln!(err, "{}: {e}", a.plan.display());
            return ExitCode::FAILURE;
        }
    };
    let text = render_board(&loaded.plan, &board, a.format);
    super::emit(&text, a.output.as_deref(), &inputs, out, err)
}
