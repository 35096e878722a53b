//! Command line: clap definitions and the text commands (check, summary).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod board;
mod diff;
pub mod error;
mod export;
mod formats;
mod forms;
pub mod r#gen;
pub mod generate;
mod import;
mod init_git;
pub mod list;
mod merge;
pub mod rate;
mod settle;

use crate::model::summary::Summary;
use crate::model::{LevelNames, names};
use crate::report::{self, Format};
use crate::store;
use crate::store::output;

pub use error::{About, CliError, say};
use error::{Stdout, line, put};

#[derive(Debug, Parser)]
#[command(
    name = "ragboard",
    version,
    about = "Review a strategic plan's RAG ratings at a board meeting",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// Plan file to open in the meeting view, or the name of a bundled plan (see --list;
    /// default: the bundled 2017-19 development plan).
    pub plan: Option<PathBuf>,
    /// List the bundled plans and exit.
    #[arg(long)]
    pub list: bool,
    #[command(flatten)]
    pub tui: TuiArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Default, clap::Args)]
pub struct TuiArgs {
    /// Colour theme: default, high-contrast, colour-blind, mono.
    #[arg(long)]
    pub theme: Option<String>,
    /// Meeting date, YYYY-MM-DD, for "overdue" (default: today).
    #[arg(long, value_parser = parse_date)]
    pub date: Option<chrono::NaiveDate>,
    /// The period this meeting records into, by id (default: the one for the meeting's
    /// month; the app offers to start it when the plan has none).
    #[arg(long)]
    pub period: Option<String>,
    /// Who records changes (default: the config file, then the login name).
    #[arg(long)]
    pub user: Option<String>,
    /// Keymap file overriding default keys (default: keys.ron in the config folder).
    #[arg(long)]
    pub keys: Option<PathBuf>,
    /// Draw the meeting view's first frame and exit: for timing start-up (scripts/perf.sh).
    #[arg(long, hide = true)]
    pub first_frame_exit: bool,
}

pub(crate) fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| format!("expected a date as YYYY-MM-DD: {e}"))
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate plan files: a one-line count each, or every problem with file:line:column.
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Mean rating per priority and period, counts per level, direction of travel, and the
    /// plan's published summary beside the recomputed one.
    Summary {
        file: PathBuf,
        /// Only this period (its id, e.g. 01-18).
        #[arg(long)]
        period: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// The day key milestones are counted done, due or overdue at, YYYY-MM-DD
        /// (default: today).
        #[arg(long, value_parser = parse_date)]
        date: Option<chrono::NaiveDate>,
        /// Start the CSV with a byte order mark, so Excel reads it as UTF-8.
        #[arg(long)]
        bom: bool,
    },
    /// Rewrite plan files in canonical form (stable order and layout); --check only reports.
    Fmt {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Exit 1 if any file is not canonical, without writing.
        #[arg(long)]
        check: bool,
    },
    /// Write a synthetic plan (any number of actions, deterministic for a seed) for trying
    /// the app at scale and measuring it.
    Gen(r#gen::GenArgs),
    /// A board paper for one period: headline figures, summary with direction of travel,
    /// exceptions, changes recorded, legend, and the published figures beside recomputed.
    Report(board::ReportArgs),
    /// What changed between two snapshots of a plan; exit 0 if equal, 1 if not, 2 on error.
    Diff(diff::DiffArgs),
    /// The plan as one line per fact (for git's textconv: `git log -p` shows ratings).
    Cells(diff::CellsArgs),
    /// Three-way merge of plans, cell by cell, for git: exit 1 and a list on conflicts.
    Merge(merge::MergeArgs),
    /// Mark merge conflicts settled once each cell holds what was agreed (`check` lists
    /// those not yet settled).
    Settle(settle::SettleArgs),
    /// Tell git to merge and diff plans with ragboard (.gitattributes and git config).
    InitGit(init_git::InitGitArgs),
    /// The whole plan for other tools: JSON (the RON structure), CSV (a row per action) or
    /// an Excel workbook (actions with coloured ratings, a dashboard, the change log).
    Export(export::ExportArgs),
    /// Build a plan from a tracker's CSV or Excel workbook (columns recognised by heading).
    Import(import::ImportArgs),
    /// Record one rating (and its note, progress update) and save: exit 0 recorded, 1
    /// refused (the plan open elsewhere, evidence missing...), 2 error.
    Rate(rate::RateArgs),
    /// Record a progress update or a note on an action without rating it, and save (exit
    /// codes as rate's).
    Note(rate::NoteArgs),
    /// Before a meeting: one update form per person (lead or responsible officer) with
    /// only their actions, for a proposed rating and a progress note each.
    Updates(forms::UpdatesArgs),
    /// Record returned update forms as proposed ratings and notes, through the meeting's
    /// lock and journal: exit 0 all recorded, 1 a form refused (each said), 2 error.
    Collect(forms::CollectArgs),
}

impl Command {
    /// The files the command reads.
    pub fn inputs(&self) -> Vec<&Path> {
        match self {
            Command::Check { files } | Command::Fmt { files, .. } => {
                files.iter().map(PathBuf::as_path).collect()
            }
            Command::Summary { file, .. } => vec![file],
            Command::Gen(_) | Command::InitGit(_) => Vec::new(),
            Command::Report(a) => vec![&a.plan],
            Command::Diff(a) => vec![&a.old, &a.new],
            Command::Cells(a) => vec![&a.plan],
            Command::Settle(a) => vec![&a.plan],
            Command::Merge(a) => vec![&a.base, &a.ours, &a.theirs],
            Command::Export(a) => vec![&a.plan],
            Command::Rate(a) => vec![&a.common.plan],
            Command::Note(a) => vec![&a.common.plan],
            Command::Updates(a) => vec![&a.plan],
            Command::Collect(a) => std::iter::once(a.plan.as_path())
                .chain(a.forms.iter().map(PathBuf::as_path))
                .collect(),
            Command::Import(a) => std::iter::once(a.file.as_path())
                .chain(a.frame.as_deref())
                .collect(),
        }
    }

    /// The exit code for trouble: 2 for diff and merge (1 means "different" and
    /// "conflicts" there) and for rate and note (1 means "refused" there), 1 for the rest.
    pub fn trouble(&self) -> ExitCode {
        match self {
            Command::Diff(_)
            | Command::Merge(_)
            | Command::Rate(_)
            | Command::Note(_)
            | Command::Collect(_) => ExitCode::from(2),
            _ => ExitCode::FAILURE,
        }
    }
}

/// Refuse to run when standard output is redirected to a file the command reads
/// (`ragboard export p.ron >> p.ron` would add the export to the plan; with `>` the shell
/// has emptied it already).
fn refuse_stdout(cmd: &Command) -> Result<(), CliError> {
    match output::stdout_is_one_of(&cmd.inputs()) {
        Some(input) => Err(CliError::StdoutIsInput(input.to_path_buf())),
        None => Ok(()),
    }
}

/// Run a text command, writing to `out` and `err`. Returns the process exit code. This is
/// the commands' edge: each returns its answer or a typed error, and any error is said
/// here, through [`say`], the same way for every command.
pub fn run_command(cmd: &Command, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let mut out = Stdout::new(out);
    let result = refuse_stdout(cmd)
        .and_then(|()| dispatch(cmd, &mut out, err))
        .and_then(|code| out.flush().map(|()| code).map_err(CliError::Stdout));
    finish(result, cmd.trouble(), err)
}

/// `ragboard --list`, through the same edge as the commands.
pub fn run_list(out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let mut out = Stdout::new(out);
    let result = list::run(&mut out, err)
        .and_then(|code| out.flush().map(|()| code).map_err(CliError::Stdout));
    finish(result, ExitCode::FAILURE, err)
}

/// The exit code for a command's result, its error said on `err`.
fn finish(result: Result<ExitCode, CliError>, trouble: ExitCode, err: &mut dyn Write) -> ExitCode {
    match result {
        Ok(code) => code,
        Err(e) => {
            say(err, "", &e);
            e.exit_code(trouble)
        }
    }
}

fn dispatch(cmd: &Command, out: &mut dyn Write, err: &mut dyn Write) -> Result<ExitCode, CliError> {
    match cmd {
        Command::Check { files } => check(files, out, err),
        Command::Summary {
            file,
            period,
            format,
            date,
            bom,
        } => {
            refuse_bom("summary", *bom, *format == Format::Csv)?;
            let date = date.unwrap_or_else(|| chrono::Local::now().date_naive());
            summary(file, period.as_deref(), *format, date, *bom, out)
        }
        Command::Fmt { files, check } => fmt(files, *check, out, err),
        Command::Gen(args) => r#gen::run(args, out),
        Command::Report(a) => board::run(a, out),
        Command::Diff(a) => diff::run(a, out),
        Command::Cells(a) => diff::run_cells(a, out, err),
        Command::Merge(a) => merge::run(a, err),
        Command::Settle(a) => settle::run(a, out),
        Command::InitGit(a) => init_git::run_init_git(a, out),
        Command::Export(a) => export::run_export(a, out),
        Command::Import(a) => import::run_import(a, out),
        Command::Rate(a) => rate::run_rate(a, out),
        Command::Note(a) => rate::run_note(a, out),
        Command::Updates(a) => forms::run_updates(a, out),
        Command::Collect(a) => forms::run_collect(a, out, err),
    }
}

/// Write a command's text to `path` (atomically, control characters cleaned as on the
/// terminal) or to `out`. `path` is refused if it is one of `inputs` (by any name) or a
/// plan open in a meeting.
fn emit(
    text: &str,
    path: Option<&Path>,
    inputs: &[&Path],
    out: &mut dyn Write,
) -> Result<ExitCode, CliError> {
    match path {
        None => put(out, text)?,
        Some(p) => output::replace(p, inputs, crate::text::clean(text).as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `--bom` is for CSV only: refused with any other format.
fn refuse_bom(command: &'static str, bom: bool, csv: bool) -> Result<(), CliError> {
    if bom && !csv {
        return Err(CliError::Usage {
            command,
            message: "--bom is for CSV: give --format csv too, or leave out --bom".into(),
        });
    }
    Ok(())
}

/// The text with a byte order mark in front when asked for (Excel reads a CSV file as
/// UTF-8 only with one; `import` reads it either way).
fn with_bom(bom: bool, text: String) -> String {
    if bom {
        format!("{}{text}", crate::interchange::sheet::BOM)
    } else {
        text
    }
}

/// Refuse an output path before any work is done. The write checks again.
fn refuse_output(path: Option<&Path>, inputs: &[&Path]) -> Result<(), CliError> {
    match path {
        Some(p) => Ok(output::check(p, inputs)?),
        None => Ok(()),
    }
}

/// Every file's problems are said as the file is reached, beside its line on standard
/// output; a file that is not valid is check's answer (exit 1), as "different" is diff's.
fn check(
    files: &[PathBuf],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode, CliError> {
    let mut ok = true;
    for (i, file) in files.iter().enumerate() {
        match store::load(file) {
            Ok(loaded) => {
                let p = &loaded.plan;
                let milestones = match p.milestone_count() {
                    0 => String::new(),
                    m => format!(", {}", LevelNames::count("milestone", m)),
                };
                let nothing = names::nothing_to_rate(p)
                    .map(|n| format!("; {n}"))
                    .unwrap_or_default();
                line(
                    out,
                    format_args!(
                        "{}: ok: {}, {}{milestones}{nothing}",
                        file.display(),
                        names::shape(p),
                        LevelNames::count("indicator", p.indicator_count())
                    ),
                )?;
                if let Some(note) = journal_note(file) {
                    line(out, note)?;
                }
                for group in crate::model::people::suspected(p) {
                    line(out, people_note(&group))?;
                }
                ok &= merge_notes(file, out, err)?;
                if i + 1 == files.len() {
                    // The process ends next and the system takes its memory back at once;
                    // freeing a large plan's strings one by one takes longer (5-10 ms at
                    // 10,000 actions).
                    std::mem::forget(loaded);
                }
            }
            Err(e) => {
                ok = false;
                // Said now, between the files' lines on standard output.
                out.flush().map_err(CliError::Stdout)?;
                say(err, "", &CliError::invalid(file, e));
                if let Some(note) = journal_note(file) {
                    line(out, note)?;
                }
                merge_notes(file, out, err)?;
            }
        }
    }
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// A group of spellings that look like one person, not yet one in the plan's `people`.
fn people_note(group: &[String]) -> String {
    let names: Vec<String> = group.iter().map(|n| format!("\"{n}\"")).collect();
    format!(
        "  maybe one person, not yet mapped in `people`: {}",
        names.join(", ")
    )
}

/// What `check` says of a plan's place in git: merge conflicts not yet settled (then the
/// plan is not ok: `false`), and how to set git up where the repository asks for
/// ragboard's driver and this clone lacks it.
fn merge_notes(file: &Path, out: &mut dyn Write, err: &mut dyn Write) -> Result<bool, CliError> {
    let settled = match settle::pending_note(file) {
        Ok(None) => true,
        Ok(Some(lines)) => {
            for l in lines {
                line(out, l)?;
            }
            false
        }
        Err(e) => {
            out.flush().map_err(CliError::Stdout)?;
            say(err, "", &e);
            false
        }
    };
    if let Some(hint) = store::git::setup_hint(file) {
        line(out, format_args!("{}: {hint}", file.display()))?;
    }
    Ok(settled)
}

/// What a journal beside the plan holds, if there is one: a meeting open now, or one that
/// ended without saving (a crash, a killed terminal). Only reads: the journal is never
/// moved, replayed or removed here.
fn journal_note(plan: &Path) -> Option<String> {
    use store::journal::{self, Entry};
    let target = store::resolve(plan).unwrap_or_else(|_| plan.to_path_buf());
    let path = journal::path_for(&target);
    let found = match journal::read(&path) {
        Ok(found) => found?,
        Err(e) => return Some(format!("{}: {e}", path.display())),
    };
    let who = found.header.as_ref().map_or_else(
        || " (whose first line cannot be read)".to_string(),
        |h| {
            format!(
                " from {} on {} (started {} UTC)",
                h.user,
                h.host,
                h.started.format("%Y-%m-%d %H:%M")
            )
        },
    );
    // Entries before the last save's commit are in the plan file already.
    let since_save = found
        .entries
        .iter()
        .rposition(|e| matches!(e, Entry::Commit { .. }))
        .map_or(0, |i| i + 1);
    let changes = found.entries[since_save..]
        .iter()
        .filter(|e| !matches!(e, Entry::Commit { .. }))
        .count();
    let count = match changes {
        0 => "no unsaved changes".to_string(),
        1 => "1 unsaved change".to_string(),
        n => format!("{n} unsaved changes"),
    };
    let damage = found.damage.as_ref().map_or_else(String::new, |d| {
        format!(
            "; damaged at line {}, where reading stops: {}",
            d.line, d.reason
        )
    });
    let what = match (output::open_in_meeting(&target), changes) {
        (Some(holder), _) => format!(
            "the plan is open in a meeting{}: this is its record of changes not yet saved",
            holder.map(|h| format!(" ({h})")).unwrap_or_default()
        ),
        (None, 0) => "nothing to replay".into(),
        (None, n) => format!(
            "a meeting ended without saving: open the plan in ragboard to replay {}{}",
            if n == 1 { "it" } else { "them" },
            if found.damage.is_some() {
                " (those before the damage)"
            } else {
                ""
            }
        ),
    };
    Some(format!(
        "{}: a journal{who}: {count}{damage}; {what}",
        path.display()
    ))
}

fn summary(
    file: &Path,
    period: Option<&str>,
    format: Format,
    date: chrono::NaiveDate,
    bom: bool,
    out: &mut dyn Write,
) -> Result<ExitCode, CliError> {
    let loaded = store::load(file)?;
    if let Some(p) = period
        && loaded.plan.period(p).is_none()
    {
        return Err(CliError::NoPeriod {
            file: file.to_path_buf(),
            period: p.to_string(),
            ids: loaded.plan.periods.iter().map(|p| p.id.clone()).collect(),
        });
    }
    let s = Summary::build(&loaded.plan, period).with_milestones(&loaded.plan, date);
    put(out, &with_bom(bom, report::render(&s, format)))?;
    Ok(ExitCode::SUCCESS)
}

/// Each file's problem is said as the file is reached; a file not canonical (with
/// `--check`) or not rewritten makes the exit code 1.
fn fmt(
    files: &[PathBuf],
    check_only: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode, CliError> {
    let mut ok = true;
    for file in files {
        match fmt_one(file, check_only, out) {
            Ok(true) => {}
            Ok(false) => ok = false,
            Err(e @ CliError::Stdout(_)) => return Err(e),
            Err(e) => {
                ok = false;
                out.flush().map_err(CliError::Stdout)?;
                say(err, "", &e);
            }
        }
    }
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// One file through fmt: `Ok(false)` when it is not canonical and only checked.
fn fmt_one(file: &Path, check_only: bool, out: &mut dyn Write) -> Result<bool, CliError> {
    let loaded = store::load(file)?;
    let text = store::to_canonical(&loaded.plan).map_err(|source| CliError::Ron {
        about: About::File(file.to_path_buf()),
        source,
    })?;
    if store::Content::of(text.as_bytes()) == loaded.source.content {
        line(out, format_args!("{}: canonical", file.display()))?;
        Ok(true)
    } else if check_only {
        line(out, format_args!("{}: not canonical", file.display()))?;
        Ok(false)
    } else {
        output::replace(file, &[], text.as_bytes())?;
        line(out, format_args!("{}: rewritten", file.display()))?;
        Ok(true)
    }
}
