//! The commands' errors, and the one place they are said.
//!
//! Every command returns `Result<ExitCode, CliError>`: `Ok` with its answer (0, or 1 where
//! 1 is an answer: `diff`'s "different", `fmt --check`'s "not canonical", `check`'s "not
//! valid"), `Err` with what went wrong. [`say`] words every error the same way: one line
//! per problem, naming the file at fault first (`plan.ron:32:15: ...`, where the problem is
//! in the file's text), or `ragboard COMMAND: ` when no file is; never a colour code, a
//! control character or a source location. The meeting view's start-up errors go through
//! it too.
//!
//! Each variant's text is the whole sentence, its cause's words included; where there is a
//! cause it is kept as the error's `source()` for code that needs its kind.

use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{ExitCode, ExitStatus};

use super::rate::RateError;
use crate::config::ConfigError;
use crate::interchange::export::ExportError;
use crate::interchange::import::ImportError;
use crate::interchange::xlsx::WorkbookError;
use crate::model::merge::{Conflict, Prefer};
use crate::report::board::BoardError;
use crate::store::conflicts::ConflictsError;
use crate::store::output::OutputError;
use crate::store::{LoadError, ReadError};

/// What a message is about: a file, or, when no file is, the command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum About {
    File(PathBuf),
    Command(&'static str),
}

impl fmt::Display for About {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            About::File(p) => write!(f, "{}", p.display()),
            About::Command(c) => write!(f, "ragboard {c}"),
        }
    }
}

/// "1 problem", "3 problems".
fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// Why a command did not do what it was asked: one variant per kind of failure, each
/// with where the problem is. Nothing is written in every case but `Conflicts` (the
/// merged plan is written, with the kept values in the conflicting cells) and `TextMerged`
/// (git's line-by-line merge is written, its conflicts marked).
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// A plan the command reads cannot be read or is not valid: every problem, placed.
    #[error(transparent)]
    Plan(#[from] LoadError),
    /// `check`'s answer for a file that is not valid: every problem, then how many.
    #[error("{error}\n{}: {}", file.display(), count(error.problems.len(), "problem"))]
    Invalid { file: PathBuf, error: LoadError },
    /// An output refused (an input by another name, a plan open in a meeting, a folder),
    /// or not written.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// Standard output is redirected to a file the command reads.
    #[error(
        "{}: standard output is this file, which the command reads: refused, nothing \
         written; send the output to another file (if it was redirected with `>`, the shell \
         emptied the file before ragboard started: restore it from git or a backup)",
        .0.display()
    )]
    StdoutIsInput(PathBuf),
    /// Standard output cannot be written (a full disk): what it holds is incomplete.
    #[error("standard output: cannot write: {0}; what was written is incomplete")]
    Stdout(#[source] io::Error),
    /// An argument's value that the command cannot use.
    #[error("ragboard {command}: {message}")]
    Usage {
        command: &'static str,
        message: String,
    },
    /// `summary --period` names no period of the plan.
    #[error("{}: no period {period:?}: expected one of {}", file.display(), ids.join(", "))]
    NoPeriod {
        file: PathBuf,
        period: String,
        ids: Vec<String>,
    },
    /// An update form cannot be written or read, or is refused.
    #[error("{}: {source}", file.display())]
    Forms {
        file: PathBuf,
        #[source]
        source: super::forms::FormsError,
    },
    /// The board paper cannot be made for this plan.
    #[error("{}: {source}", file.display())]
    Board {
        file: PathBuf,
        #[source]
        source: BoardError,
    },
    /// The plan cannot be written as JSON or CSV.
    #[error("{}: {source}", file.display())]
    Export {
        file: PathBuf,
        #[source]
        source: ExportError,
    },
    /// A plan cannot be written as RON (a bug: every plan that loads can be).
    #[error("{about}: cannot write the plan as RON: {source}")]
    Ron {
        about: About,
        #[source]
        source: ron::Error,
    },
    /// A sheet to import cannot be read.
    #[error("{}: {source}", file.display())]
    Read {
        file: PathBuf,
        #[source]
        source: ReadError,
    },
    /// A workbook to import cannot be read, or has no such sheet.
    #[error("{}: {source}", file.display())]
    Workbook {
        file: PathBuf,
        #[source]
        source: WorkbookError,
    },
    /// A sheet to import is not UTF-8 text.
    #[error(
        "{}:{line}: not UTF-8 text (byte {byte}): save the sheet as \"CSV UTF-8\"",
        file.display()
    )]
    NotUtf8 {
        file: PathBuf,
        line: u64,
        byte: usize,
    },
    /// The sheet's rows: every problem at its line and column, then how many.
    #[error(
        "{}\n{}: {}; nothing written",
        error.describe(file),
        file.display(),
        count(error.problems.len(), "problem")
    )]
    Import { file: PathBuf, error: ImportError },
    /// The rows read, but do not make a plan that loads (with this frame's scale and
    /// periods, say): said against the sheet, as no plan file was written.
    #[error(
        "{}; nothing written",
        messages
            .iter()
            .map(|m| format!(
                "{}: the rows do not make a valid plan{}: {m}",
                file.display(),
                frame.as_ref().map(|f| format!(" with the frame {}", f.display())).unwrap_or_default()
            ))
            .collect::<Vec<_>>()
            .join("\n")
    )]
    ImportInvalid {
        file: PathBuf,
        frame: Option<PathBuf>,
        messages: Vec<String>,
    },
    /// The merged plan would not load back (a bug in the merge): said against the plan,
    /// without a line and column, as nothing was written.
    #[error(
        "{}",
        messages
            .iter()
            .map(|m| format!(
                "{}: the merged plan would not be valid: {m}; nothing written",
                plan.display()
            ))
            .collect::<Vec<_>>()
            .join("\n")
    )]
    MergedInvalid {
        plan: PathBuf,
        messages: Vec<String>,
    },
    /// Both sides changed these cells differently (or one removed an item the other
    /// changed): the merged plan is written with the kept values, each listed, and they
    /// are recorded in the conflicts file beside the plan.
    #[error("{}", conflicts_said(plan, conflicts, *prefer, recorded, *rebase))]
    Conflicts {
        plan: PathBuf,
        conflicts: Vec<Conflict>,
        prefer: Option<Prefer>,
        /// The conflicts file, or why it could not be written.
        recorded: Result<PathBuf, String>,
        rebase: bool,
    },
    /// Files that are not all plans were merged line by line by `git merge-file`.
    #[error(
        "{}{}",
        problems
            .iter()
            .map(|p| format!("{p}\n"))
            .collect::<String>(),
        text_merged(plan, *conflicts, !problems.is_empty())
    )]
    TextMerged {
        plan: PathBuf,
        conflicts: i32,
        /// Problems of the versions that look like plans and do not read.
        problems: Vec<String>,
    },
    /// The conflicts file beside a plan cannot be read or written, or `settle` named a
    /// cell with no conflict.
    #[error(transparent)]
    ConflictsFile(#[from] ConflictsError),
    /// `init-git` outside a git work tree: nothing is written.
    #[error(
        "ragboard init-git: {}: not in a git work tree{}: run `git init` there first, or name \
         the repository's folder; nothing written",
        dir.display(),
        said.as_ref().map(|s| format!(" ({s})")).unwrap_or_default()
    )]
    NotInWorkTree { dir: PathBuf, said: Option<String> },
    /// git cannot be run at all.
    #[error("ragboard {command}: cannot run git: {source}")]
    RunGit {
        command: &'static str,
        #[source]
        source: io::Error,
    },
    /// A git command ran and failed.
    #[error("ragboard {command}: `git {args}` failed ({status})")]
    Git {
        command: &'static str,
        args: String,
        status: ExitStatus,
    },
    /// `rate` or `note` recorded nothing: refused (as the meeting view would refuse it) or
    /// an error; said against the plan.
    #[error("{}: {source}", file.display())]
    Rate {
        file: PathBuf,
        #[source]
        source: RateError,
    },
    /// The config file cannot be used.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A file the command reads (other than a plan or a sheet) cannot be read.
    #[error("{}: cannot read: {source}", file.display())]
    ReadFile {
        file: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// A merge's conflicts in words: how many, each, where they are recorded, and, in a
/// rebase, which side is whose.
fn conflicts_said(
    plan: &Path,
    conflicts: &[Conflict],
    prefer: Option<Prefer>,
    recorded: &Result<PathBuf, String>,
    rebase: bool,
) -> String {
    let head = match prefer {
        None => format!(
            "ragboard merge: {} in {}: the plan holds the side kept in each; settle each, then \
             `git add` the plan",
            count(conflicts.len(), "conflict"),
            plan.display()
        ),
        Some(p) => format!(
            "ragboard merge: {} in {} settled by --prefer {}",
            count(conflicts.len(), "conflict"),
            plan.display(),
            p.word()
        ),
    };
    let mut lines = vec![head];
    lines.extend(conflicts.iter().map(|c| format!("  CONFLICT {c}")));
    lines.push(match recorded {
        Ok(file) => format!(
            "recorded in {}: `ragboard check` lists them until `ragboard settle {} CELL` (or \
             --all) says each is settled",
            file.display(),
            plan.display()
        ),
        Err(e) => format!("not recorded beside the plan: {e}"),
    });
    if rebase && prefer.is_none() {
        lines.push(
            "in a rebase, \"ours\" is the branch being rebased onto and \"theirs\" is your own \
             commit: to keep your own values, run the rebase with `git -c \
             merge.ragboard.driver='ragboard merge --prefer theirs %O %A %B %P' rebase ...` \
             (docs/minutes-and-git.md)"
                .into(),
        );
    }
    lines.join("\n")
}

/// The words for a line-by-line merge of files that are not all plans.
fn text_merged(plan: &Path, conflicts: i32, broken_plan: bool) -> String {
    let marked = match conflicts {
        0 => String::new(),
        n => format!(
            "; {} marked in the file (<<<<<<< ours ... >>>>>>> theirs): edit them out, then `git add`",
            count(usize::try_from(n).unwrap_or(0), "conflict")
        ),
    };
    let what = if broken_plan {
        "a version of the plan does not read (above), so it was merged line by line by `git \
         merge-file`; fix it (`ragboard check`) before `git add`"
    } else {
        "not a plan: merged line by line by `git merge-file`"
    };
    format!("ragboard merge: {}: {what}{marked}", plan.display())
}

impl CliError {
    /// The exit code: merge's conflicts (and a line-by-line merge that leaves work to do)
    /// and rate's refusals are 1 (as git expects of a merge); every other error is the
    /// command's `trouble` (2 for diff, merge, rate and note, 1 for the rest).
    pub fn exit_code(&self, trouble: ExitCode) -> ExitCode {
        match self {
            CliError::Conflicts { .. } | CliError::TextMerged { .. } => ExitCode::from(1),
            CliError::Rate { source, .. } if source.is_refusal() => ExitCode::from(1),
            _ => trouble,
        }
    }

    /// The plan file a load error is about, when it is one.
    pub fn invalid(file: &Path, error: LoadError) -> CliError {
        CliError::Invalid {
            file: file.to_path_buf(),
            error,
        }
    }
}

/// Say `e` on `err`: each line of its text after `prefix`, with any character a terminal
/// would act on (control characters, escape sequences, bidirectional controls) shown as
/// U+FFFD. The one place errors are written, for every command and the meeting view.
pub fn say(err: &mut dyn Write, prefix: &str, e: &dyn fmt::Display) {
    let text = e.to_string();
    for line in text.lines() {
        let _ = writeln!(err, "{prefix}{}", crate::text::clean(line));
    }
    let _ = err.flush();
}

/// Standard output as the commands write it: when its reader has gone (`ragboard cells p
/// | head -3`) the rest is dropped quietly, as other tools do; any other failure (a full
/// disk) is an error the command reports.
pub struct Stdout<'w> {
    inner: &'w mut dyn Write,
    gone: bool,
}

impl<'w> Stdout<'w> {
    pub fn new(inner: &'w mut dyn Write) -> Stdout<'w> {
        Stdout { inner, gone: false }
    }
}

impl Write for Stdout<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.gone {
            return Ok(buf.len());
        }
        match self.inner.write(buf) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.gone = true;
                Ok(buf.len())
            }
            other => other,
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.gone {
            return Ok(());
        }
        match self.inner.flush() {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.gone = true;
                Ok(())
            }
            other => other,
        }
    }
}

/// Write `text` to standard output.
pub fn put(out: &mut dyn Write, text: &str) -> Result<(), CliError> {
    out.write_all(text.as_bytes()).map_err(CliError::Stdout)
}

/// Write one line to standard output.
pub fn line(out: &mut dyn Write, text: impl fmt::Display) -> Result<(), CliError> {
    writeln!(out, "{text}").map_err(CliError::Stdout)
}
