//! `ragboard export`: the plan as JSON, CSV or an Excel workbook for other tools.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::CliError;
use crate::interchange::export::{ExportFormat, export};
use crate::interchange::xlsx;
use crate::store;

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    pub plan: PathBuf,
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Write to this file (atomically) instead of standard output; never the plan itself
    /// (by any name) or a plan open in a meeting.
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
    /// Start the CSV with a byte order mark, so Excel reads it as UTF-8.
    #[arg(long)]
    pub bom: bool,
}

pub fn run_export(a: &ExportArgs, out: &mut dyn Write) -> Result<ExitCode, CliError> {
    super::refuse_bom("export", a.bom, a.format == ExportFormat::Csv)?;
    let inputs = [a.plan.as_path()];
    super::refuse_output(a.output.as_deref(), &inputs)?;
    if a.format == ExportFormat::Xlsx && a.output.is_none() {
        return Err(CliError::Usage {
            command: "export",
            message: "a workbook is a file, not text: give -o FILE.xlsx".into(),
        });
    }
    let plan = store::load(&a.plan)?.plan;
    let err = |source| CliError::Export {
        file: a.plan.clone(),
        source,
    };
    if let (ExportFormat::Xlsx, Some(o)) = (a.format, &a.output) {
        // Bytes, written as they are (no text cleaning: a workbook holds its text as data).
        crate::store::output::replace(o, &inputs, &xlsx::write(&plan).map_err(err)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let text = export(&plan, a.format).map_err(err)?;
    super::emit(
        &super::with_bom(a.bom, text),
        a.output.as_deref(),
        &inputs,
        out,
    )
}
