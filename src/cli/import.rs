//! `ragboard import`: a spreadsheet (CSV, or an Excel workbook) read back as a plan,
//! written as a new file.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::error::put;
use super::{About, CliError};
use crate::interchange::import::{ImportOptions, import};
use crate::interchange::xlsx::{self, WorkbookError};
use crate::store;
use crate::store::output;

/// Largest sheet read: the same bound as a plan file.
const MAX_SHEET_BYTES: u64 = store::MAX_PLAN_BYTES;

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// A CSV file or an Excel workbook (.xlsx): one row per action, columns recognised
    /// by their headings.
    pub file: PathBuf,
    /// The workbook's sheet to read (default: the first whose headings are recognised).
    #[arg(long)]
    pub sheet: Option<String>,
    /// Write the plan here (refused if the file exists) instead of standard output.
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
    /// The plan's title (default: the file's name).
    #[arg(long)]
    pub title: Option<String>,
    /// Take everything but the rows from this plan: title, organisation, scale, level names,
    /// published tables, and the ids and dates of periods whose column heading matches
    /// (its priorities and change log are not used). Default: the bundled plan's 1-5 scale.
    #[arg(long)]
    pub frame: Option<PathBuf>,
}

/// Is this file a workbook? Its name says `.xlsx` (or `.xlsm`), or it is a zip archive
/// (the form every xlsx file has).
fn is_workbook(path: &std::path::Path, bytes: &[u8]) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    matches!(ext.as_deref(), Some("xlsx" | "xlsm")) || bytes.starts_with(b"PK\x03\x04")
}

pub fn run_import(a: &ImportArgs, out: &mut dyn Write) -> Result<ExitCode, CliError> {
    let mut inputs = vec![a.file.as_path()];
    inputs.extend(a.frame.as_deref());
    if let Some(o) = &a.output {
        output::check_new(o, &inputs)?;
    }
    let bytes = store::read_regular(&a.file, MAX_SHEET_BYTES).map_err(|source| CliError::Read {
        file: a.file.clone(),
        source,
    })?;
    let workbook = is_workbook(&a.file, &bytes);
    if a.sheet.is_some() && !workbook {
        return Err(CliError::Usage {
            command: "import",
            message: format!(
                "--sheet is for a workbook, and {} is not one (a CSV file has one sheet)",
                a.file.display()
            ),
        });
    }
    let frame = match &a.frame {
        Some(p) => store::load(p)?.plan,
        // The bundled plan's scale and level names only.
        None => ImportOptions::bare("", store::bundled()?.scale).frame,
    };
    let mut opts = ImportOptions { frame };
    if let Some(t) = &a.title {
        opts.frame.title = t.clone();
    } else if a.frame.is_none() {
        opts.frame.title = a.file.file_stem().map_or_else(
            || "Imported plan".into(),
            |s| s.to_string_lossy().into_owned(),
        );
    }
    let rows_error = |error| CliError::Import {
        file: a.file.clone(),
        error,
    };
    let plan = if workbook {
        xlsx::read(bytes, a.sheet.as_deref(), &opts)
            .map(|(plan, _sheet)| plan)
            .map_err(|e| match e {
                WorkbookError::Rows(error) => rows_error(error),
                source => CliError::Workbook {
                    file: a.file.clone(),
                    source,
                },
            })?
    } else {
        let text = String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            CliError::NotUtf8 {
                file: a.file.clone(),
                line: crate::interchange::import::line_at(e.as_bytes(), at),
                byte: at,
            }
        })?;
        import(&text, &opts).map_err(rows_error)?
    };
    let ron = store::to_canonical(&plan).map_err(|source| CliError::Ron {
        about: About::File(a.file.clone()),
        source,
    })?;
    // The plan must load back. The import has placed every problem it knows of in the
    // sheet; anything left is said against the sheet too (never against a plan file that
    // was not written), without the plan text's line and column, which mean nothing here.
    if let Err(e) = store::parse(&ron, &a.file) {
        return Err(CliError::ImportInvalid {
            file: a.file.clone(),
            frame: a.frame.clone(),
            messages: e.problems.into_iter().map(|p| p.message).collect(),
        });
    }
    match &a.output {
        None => put(out, &ron)?,
        // Never over a file made since the check: a no-clobber rename.
        Some(o) => output::create(o, &inputs, ron.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}
