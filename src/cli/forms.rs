//! `ragboard updates`: one update form per person for a period; `ragboard collect`: the
//! returned forms recorded as proposals, through the `Meeting` (its lock, journal and
//! save), as `rate` records a rating.
//!
//! Collect refuses a form whole when any cell is wrong (each at its row and column), when
//! it is for another plan or another period than the rest, and records nothing twice: a
//! form returned again records only what changed. A row for an action the form's person
//! neither leads nor is responsible for is flagged and not recorded.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::Months;

use super::CliError;
use super::error::line;
use super::rate::{RateError, user, waiting};
use crate::interchange::forms::{self, Form};
use crate::interchange::forms_read::{self, FormError, Returned};
use crate::meeting::{Meeting, Proposed, ReadOnly, SystemClock};
use crate::model::{Period, Plan, Proposal, cadence, figures};
use crate::store::document::Document;
use crate::store::journal;
use crate::store::{self, output};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormFormat {
    Csv,
    Xlsx,
}

impl FormFormat {
    fn ext(self) -> &'static str {
        match self {
            FormFormat::Csv => "csv",
            FormFormat::Xlsx => "xlsx",
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct UpdatesArgs {
    pub plan: PathBuf,
    /// The period the updates are for, by id: one of the plan's, or its next (the forms
    /// carry it, and collect starts it).
    #[arg(long)]
    pub period: String,
    /// The folder to write the forms in (made if missing); one file per person.
    #[arg(short = 'o', long = "output")]
    pub output: PathBuf,
    #[arg(long, value_enum, default_value_t = FormFormat::Csv)]
    pub format: FormFormat,
}

#[derive(Debug, clap::Args)]
pub struct CollectArgs {
    pub plan: PathBuf,
    /// Returned forms (.csv or .xlsx), or a folder of them.
    #[arg(required = true)]
    pub forms: Vec<PathBuf>,
    /// Refuse forms for any other period (default: every form must be for one period).
    #[arg(long)]
    pub period: Option<String>,
    /// Who collects (default: the config file, then the login name).
    #[arg(long)]
    pub user: Option<String>,
}

/// Why a form, or the whole collect, was refused.
#[derive(Debug, thiserror::Error)]
pub enum FormsError {
    #[error("no period {period:?}: expected one of {} or the plan's next, {}", ids.join(", "), next.as_deref().unwrap_or("none"))]
    NoPeriod {
        period: String,
        ids: Vec<String>,
        next: Option<String>,
    },
    #[error("cannot make the folder: {0}")]
    Folder(#[source] std::io::Error),
    #[error("cannot read it: {0}")]
    Read(#[source] std::io::Error),
    #[error("not a form: expected a .csv or .xlsx file")]
    NotAForm,
    #[error("no forms (.csv or .xlsx files) in the folder")]
    NoForms,
    #[error("{0}; the form is refused, nothing from it recorded")]
    Form(#[source] FormError),
    #[error(
        "this form is for another plan ({title:?}), not this one: refused, nothing from it recorded"
    )]
    OtherPlan { title: String },
    #[error("this form is for period {got:?}, {why}: refused, nothing from it recorded")]
    OtherPeriod { got: String, why: String },
}

/// The plan's period `id`, or its next period (after the last dated one, by its cadence
/// and naming) when `id` names that.
pub fn period_or_next(plan: &Plan, id: &str) -> Result<Period, FormsError> {
    if let Some(p) = plan.period(id) {
        return Ok(p.clone());
    }
    let next = following(plan);
    match next {
        Some(n) if n.id == id => Ok(n),
        _ => Err(FormsError::NoPeriod {
            period: id.to_string(),
            ids: plan.periods.iter().map(|p| p.id.clone()).collect(),
            next: next.map(|n| n.id),
        }),
    }
}

/// The period after the plan's last dated one, by its cadence.
fn following(plan: &Plan) -> Option<Period> {
    let last = plan.periods.iter().rev().find_map(|p| p.date)?;
    let months = cadence::cadence_months(plan);
    let date = last.checked_add_months(Months::new(months))?;
    let p = cadence::next_period(plan, date);
    plan.period(&p.id).is_none().then_some(p)
}

pub fn run_updates(a: &UpdatesArgs, out: &mut dyn Write) -> Result<ExitCode, CliError> {
    let err = |source| CliError::Forms {
        file: a.plan.clone(),
        source,
    };
    let plan = store::load(&a.plan)?.plan;
    let period = period_or_next(&plan, a.period.trim()).map_err(err)?;
    fs::create_dir_all(&a.output).map_err(|e| CliError::Forms {
        file: a.output.clone(),
        source: FormsError::Folder(e),
    })?;
    let inputs = [a.plan.as_path()];
    let all = forms::forms(&plan, &period, &journal::identity(&plan));
    let mut names = std::collections::HashSet::new();
    for f in &all {
        let path = form_path(&a.output, f, a.format, &mut names);
        let bytes = match a.format {
            FormFormat::Csv => forms::csv(f),
            FormFormat::Xlsx => forms::xlsx(f),
        }
        .map_err(|source| CliError::Export {
            file: path.clone(),
            source,
        })?;
        output::replace(&path, &inputs, &bytes)?;
        line(
            out,
            format_args!(
                "{}: {} for {}",
                path.display(),
                crate::model::LevelNames::count(&plan.names.action, f.rows.len()),
                f.person
            ),
        )?;
    }
    line(
        out,
        format_args!(
            "{} forms for {} written in {}",
            all.len(),
            period.label,
            a.output.display()
        ),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// The form's file: the person's name, made unique in the folder.
fn form_path(
    dir: &Path,
    f: &Form,
    format: FormFormat,
    taken: &mut std::collections::HashSet<String>,
) -> PathBuf {
    let stem = forms::file_stem(&f.person);
    let mut name = format!("{stem}.{}", format.ext());
    let mut n = 2;
    while !taken.insert(name.to_lowercase()) {
        name = format!("{stem} ({n}).{}", format.ext());
        n += 1;
    }
    dir.join(name)
}

/// The forms named: files, and the .csv and .xlsx files of folders, in name order.
fn form_files(args: &[PathBuf]) -> Result<Vec<PathBuf>, CliError> {
    let mut out = Vec::new();
    for a in args {
        if a.is_dir() {
            let read = fs::read_dir(a).map_err(|e| CliError::Forms {
                file: a.clone(),
                source: FormsError::Read(e),
            })?;
            let mut found: Vec<PathBuf> = read
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| extension(p).is_some())
                .collect();
            if found.is_empty() {
                return Err(CliError::Forms {
                    file: a.clone(),
                    source: FormsError::NoForms,
                });
            }
            found.sort();
            out.extend(found);
        } else {
            out.push(a.clone());
        }
    }
    Ok(out)
}

fn extension(p: &Path) -> Option<FormFormat> {
    match p.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "csv" => Some(FormFormat::Csv),
        "xlsx" => Some(FormFormat::Xlsx),
        _ => None,
    }
}

/// One form read and checked against the plan: its updates, or why it is refused.
fn read_form(path: &Path, plan: &Plan) -> Result<Returned, FormsError> {
    let format = extension(path).ok_or(FormsError::NotAForm)?;
    let bytes = fs::read(path).map_err(FormsError::Read)?;
    let grid = match format {
        FormFormat::Csv => forms_read::grid_csv(&bytes),
        FormFormat::Xlsx => forms_read::grid_xlsx(bytes),
    }
    .map_err(FormsError::Form)?;
    let r = forms_read::read(&grid, plan).map_err(FormsError::Form)?;
    if r.identity != journal::identity(plan) {
        return Err(FormsError::OtherPlan { title: r.title });
    }
    Ok(r)
}

/// A problem with one form, said on standard error (after what standard output holds so
/// far, so the two read in order on a terminal).
fn warn(out: &mut dyn Write, err: &mut dyn Write, file: &Path, what: impl std::fmt::Display) {
    let _ = out.flush();
    super::say(err, "", &format!("{}: {what}", file.display()));
}

pub fn run_collect(
    a: &CollectArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode, CliError> {
    let refused_by = |source| CliError::Rate {
        file: a.plan.clone(),
        source,
    };
    let loaded = store::load(&a.plan)?;
    let files = form_files(&a.forms)?;
    let plan = &loaded.plan;
    let mut accepted: Vec<(PathBuf, Returned)> = Vec::new();
    let mut refused = 0;
    let mut period: Option<Period> = match &a.period {
        Some(id) => Some(
            period_or_next(plan, id.trim()).map_err(|source| CliError::Forms {
                file: a.plan.clone(),
                source,
            })?,
        ),
        None => None,
    };
    for f in files {
        let checked = read_form(&f, plan).and_then(|r| {
            let want = match &period {
                Some(p) => p.clone(),
                None => {
                    period_or_next(plan, &r.period.id).map_err(|_| FormsError::OtherPeriod {
                        got: r.period.id.clone(),
                        why: "which the plan neither has nor comes to next".into(),
                    })?
                }
            };
            if r.period.id != want.id {
                return Err(FormsError::OtherPeriod {
                    got: r.period.id.clone(),
                    why: format!("and the others are for {:?}", want.id),
                });
            }
            period.get_or_insert(want);
            Ok(r)
        });
        match checked {
            Ok(r) => accepted.push((f, r)),
            Err(e) => {
                refused += 1;
                warn(out, err, &f, e);
            }
        }
    }
    let Some(period) = period else {
        line(out, format_args!("{}: no form recorded", a.plan.display()))?;
        return Ok(ExitCode::FAILURE);
    };
    let user = user(a.user.as_deref())?;
    let doc = Document::loaded(&a.plan, &loaded.source);
    let mut meeting = Meeting::open(loaded.plan.clone(), doc, &user, Box::new(SystemClock));
    match meeting.read_only() {
        Some(ReadOnly::Held(h)) => return Err(refused_by(RateError::Held(h.clone()))),
        Some(ReadOnly::NoLock(why)) => return Err(refused_by(RateError::NoLock(why.clone()))),
        None => {}
    }
    if let Some(rec) = meeting.recovery() {
        return Err(refused_by(waiting(rec)));
    }
    let result = record(&mut meeting, &a.plan, &period, &accepted, out, err);
    let changed = match result {
        Ok(n) => n,
        Err(e) => {
            let _ = meeting.close();
            return Err(e);
        }
    };
    if changed > 0
        && let Err(e) = meeting.save()
    {
        let _ = meeting.close();
        return Err(refused_by(RateError::Save(e)));
    }
    let _ = meeting.close();
    let missing = figures::missing_updates(meeting.plan(), &period.id);
    line(
        out,
        format_args!(
            "{}: {} recorded for {}{}",
            a.plan.display(),
            match changed {
                0 => "nothing new".to_string(),
                n => format!("{n} proposals"),
            },
            period.label,
            if changed > 0 {
                "; saved"
            } else {
                "; file unchanged"
            }
        ),
    )?;
    if !missing.is_empty() {
        line(out, "still without an update:")?;
        for m in &missing {
            line(out, format_args!("  {}", m.words(&meeting.plan().names)))?;
        }
    }
    Ok(if refused > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Record each accepted form's rows as proposals. Returns how many were recorded.
fn record(
    meeting: &mut Meeting,
    plan_path: &Path,
    period: &Period,
    accepted: &[(PathBuf, Returned)],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<usize, CliError> {
    let meeting_err = |source| CliError::Rate {
        file: plan_path.to_path_buf(),
        source: RateError::Meeting(source),
    };
    if meeting.plan().period(&period.id).is_none() {
        meeting.add_period(period.clone()).map_err(meeting_err)?;
    }
    let mut recorded = 0;
    for (file, r) in accepted {
        let name = file
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let person = meeting
            .plan()
            .person(&r.person)
            .unwrap_or_else(|| r.person.clone());
        let (mut new, mut again, mut replaced) = (0, 0, 0);
        let mut flagged = Vec::new();
        for u in &r.updates {
            let leads = meeting
                .plan()
                .action(&u.id)
                .is_some_and(|ac| meeting.plan().names_person(ac, &person));
            if !leads {
                flagged.push(format!(
                    "row {}: {} is not an action {person} leads or is responsible for; not recorded",
                    u.row, u.id
                ));
                continue;
            }
            let p = Proposal {
                item: u.id.clone(),
                period: period.id.clone(),
                by: person.clone(),
                rating: u.rating,
                progress: u.progress.clone(),
                form: name.clone(),
                collected: meeting.now(),
                collector: meeting.user().to_string(),
            };
            match meeting.propose(p).map_err(meeting_err)? {
                Proposed::New => new += 1,
                Proposed::Replaced => replaced += 1,
                Proposed::Already => again += 1,
            }
        }
        recorded += new + replaced;
        if r.updates.is_empty() {
            line(
                out,
                format_args!("{}: {person}: nothing filled in", file.display()),
            )?;
            continue;
        }
        let mut said = vec![format!("{new} new")];
        if replaced > 0 {
            said.push(format!("{replaced} changed since last collected"));
        }
        if again > 0 {
            said.push(format!("{again} already recorded"));
        }
        if !flagged.is_empty() {
            said.push(format!("{} flagged", flagged.len()));
        }
        line(
            out,
            format_args!("{}: {person}: {}", file.display(), said.join(", ")),
        )?;
        for f in flagged {
            warn(out, err, file, format_args!("flagged: {f}"));
        }
    }
    Ok(recorded)
}
