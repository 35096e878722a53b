//! `ragboard report`: the board paper for a period.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::CliError;
use crate::report::{self, Board, BoardFormat, render_board};
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
    /// Start the CSV with a byte order mark, so Excel reads it as UTF-8.
    #[arg(long)]
    pub bom: bool,
}

pub fn run(a: &ReportArgs, out: &mut dyn Write) -> Result<ExitCode, CliError> {
    super::refuse_bom("report", a.bom, a.format == BoardFormat::Csv)?;
    let inputs = [a.plan.as_path()];
    super::refuse_output(a.output.as_deref(), &inputs)?;
    let loaded = store::load(&a.plan)?;
    // A plan with nothing to rate has a paper that says so, whatever its periods; a period
    // asked for must still be the plan's.
    let asked_is_known = a
        .period
        .as_deref()
        .is_none_or(|p| loaded.plan.period(p).is_some());
    if asked_is_known && let Some(text) = report::board::nothing_to_rate(&loaded.plan, a.format) {
        return super::emit(&text, a.output.as_deref(), &inputs, out);
    }
    let today = a.date.unwrap_or_else(|| chrono::Local::now().date_naive());
    let board = Board::build(&loaded.plan, a.period.as_deref(), today).map_err(|source| {
        CliError::Board {
            file: a.plan.clone(),
            source,
        }
    })?;
    let text = super::with_bom(a.bom, render_board(&loaded.plan, &board, a.format));
    super::emit(&text, a.output.as_deref(), &inputs, out)
}
