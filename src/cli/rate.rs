//! `ragboard rate PLAN ITEM VALUE` and `ragboard note PLAN ITEM`: one change recorded from a
//! script or another tool, through the same `Meeting` as the meeting view: its lock (never
//! while the plan is open elsewhere), its journal, its evidence rule, its atomic save.
//!
//! Exit 0: recorded and saved (or nothing to change: the cell already holds it). Exit 1:
//! refused, as the meeting view would refuse it (the plan is open elsewhere, an earlier
//! session's changes wait to be replayed, a level that needs evidence without a note, a
//! past period without `--correction`). Exit 2: an error (an unknown item or period, a value
//! not on the scale, a file that cannot be read or written).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;

use super::CliError;
use super::error::line;
use crate::config;
use crate::meeting::{Meeting, MeetingError, ReadOnly, Recovery, SystemClock};
use crate::model::{self, Change, Node, Plan, Rating, Scale, cadence};
use crate::store;
use crate::store::document::Document;
use crate::store::lock::Holder;

#[derive(Debug, clap::Args)]
pub struct RateArgs {
    #[command(flatten)]
    pub common: Common,
    /// The rating: the level's number ("3"), label ("G") or name ("Green", "On track"), in
    /// any case.
    #[arg(required_unless_present = "clear", conflicts_with = "clear")]
    pub value: Option<String>,
    /// Clear the rating instead (not rated).
    #[arg(long)]
    pub clear: bool,
    #[command(flatten)]
    pub words: Words,
    /// Change a past period's rating: a correction, with its reason in --note.
    #[arg(long)]
    pub correction: bool,
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("what").required(true).multiple(true).args(["note", "progress"])))]
pub struct NoteArgs {
    #[command(flatten)]
    pub common: Common,
    #[command(flatten)]
    pub words: Words,
}

/// The words a change carries.
#[derive(Debug, clap::Args)]
pub struct Words {
    /// Why: kept with the change in the change log; for rate, required for a level that
    /// needs evidence and for a correction.
    #[arg(long)]
    pub note: Option<String>,
    /// The action's new progress update.
    #[arg(long)]
    pub progress: Option<String>,
}

/// What both commands take besides the change: where, when and who.
#[derive(Debug, clap::Args)]
pub struct Common {
    /// The plan file.
    pub plan: PathBuf,
    /// The action, by its id (1.1.1).
    pub item: String,
    /// The period, by id (01-18) or label ("RAG 01/18"); default: the one whose span holds
    /// --date.
    #[arg(long)]
    pub period: Option<String>,
    /// The meeting's date, YYYY-MM-DD, that picks the period and tells a past one
    /// (default: today).
    #[arg(long, value_parser = super::parse_date)]
    pub date: Option<NaiveDate>,
    /// Who records the change (default: the config file, then the login name).
    #[arg(long)]
    pub user: Option<String>,
}

/// Why `rate` or `note` recorded nothing. `is_refusal` tells a refusal (exit 1: the
/// meeting would refuse it too) from an error (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum RateError {
    #[error(
        "the plan is open in a meeting{}: nothing recorded; record it there, or again once it is closed",
        .0.as_ref().map(|h| format!(" (by {h})")).unwrap_or_default()
    )]
    Held(Option<Holder>),
    #[error(
        "{journal}: an earlier session's unsaved changes wait here{who}: nothing recorded; open the plan in ragboard to replay them (or set them aside) first"
    )]
    Journal { journal: String, who: String },
    #[error(
        "{journal}: a journal that could not be replayed was found and set aside ({why}){moved}: nothing recorded; open the plan in ragboard to see it"
    )]
    JournalSetAside {
        journal: String,
        why: String,
        moved: String,
    },
    #[error(
        "level {label} ({name}) needs a note as evidence: nothing recorded; say what shows it with --note"
    )]
    NeedsEvidence { label: String, name: String },
    #[error(
        "{period} is a past period (it ended before {date}): a change there is a correction, one cell with a reason: add --correction and --note REASON"
    )]
    PastPeriod { period: String, date: NaiveDate },
    #[error("a correction needs a reason: nothing recorded; give it with --note")]
    NeedsReason,
    #[error("the file is read-only: nothing recorded")]
    ReadOnlyFile,
    #[error("{0}: nothing recorded")]
    NoLock(String),
    #[error("no item {0:?} in the plan")]
    NoItem(String),
    #[error(
        "{id} is {what}, not {action}: only {actions} are rated (the figures above them are computed)"
    )]
    NotAnAction {
        id: String,
        what: String,
        action: String,
        actions: String,
    },
    #[error("no period {period:?}: expected one of {}", ids.join(", "))]
    NoPeriod { period: String, ids: Vec<String> },
    #[error(
        "no period of the plan holds {date}: name one with --period ({}), or open the plan in ragboard to start this meeting's period ({next:?})",
        ids.join(", ")
    )]
    NoPeriodFor {
        date: NaiveDate,
        ids: Vec<String>,
        next: String,
    },
    #[error("the plan has no periods: open it in ragboard to start one")]
    NoPeriods,
    #[error("{value:?} is not on the plan's scale: expected one of {}", scale_words(.scale))]
    BadValue { value: String, scale: Scale },
    #[error("0 is \"not rated\": use --clear to clear a rating")]
    Zero,
    #[error("--correction is for a past period, and {0} is not one: leave it out")]
    NotPast(String),
    #[error("{0}; nothing recorded")]
    Meeting(#[source] MeetingError),
    #[error("{0}; the rating was not recorded")]
    Save(#[source] MeetingError),
}

impl RateError {
    /// A refusal, as the meeting view would refuse (exit 1); anything else is an error.
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            RateError::Held(_)
                | RateError::Journal { .. }
                | RateError::JournalSetAside { .. }
                | RateError::NeedsEvidence { .. }
                | RateError::PastPeriod { .. }
                | RateError::NeedsReason
        )
    }
}

/// "1 (Not started / significant delay), 2 (...)": each level's label and name.
fn scale_words(scale: &Scale) -> String {
    scale
        .levels
        .iter()
        .map(|l| {
            if l.label == l.name {
                l.label.clone()
            } else {
                format!("{} ({})", l.label, l.name)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A rating from what a user types: the level's number, its label, its name or its key,
/// in any case, with spaces around ignored.
pub fn parse_value(scale: &Scale, text: &str) -> Result<Rating, RateError> {
    let t = text.trim();
    let bad = || RateError::BadValue {
        value: text.to_string(),
        scale: scale.clone(),
    };
    if t == "0" {
        return Err(RateError::Zero);
    }
    if let Ok(n) = t.parse::<Rating>()
        && let Some(l) = scale.level(n)
    {
        return Ok(l.value);
    }
    let lower = t.to_lowercase();
    let same = |s: &str| s.trim().to_lowercase() == lower;
    scale
        .levels
        .iter()
        .find(|l| same(&l.label))
        .or_else(|| scale.levels.iter().find(|l| same(&l.name)))
        .or_else(|| {
            let mut c = t.chars();
            match (c.next(), c.next()) {
                (Some(k), None) => scale
                    .levels
                    .iter()
                    .find(|l| l.key.is_some_and(|lk| lk.eq_ignore_ascii_case(&k))),
                _ => None,
            }
        })
        .map(|l| l.value)
        .ok_or_else(bad)
}

/// The period: named by id or label, or the one whose span holds `date`. With its index.
fn period(plan: &Plan, asked: Option<&str>, date: NaiveDate) -> Result<usize, RateError> {
    let ids = || plan.periods.iter().map(|p| p.id.clone()).collect();
    if plan.periods.is_empty() {
        return Err(RateError::NoPeriods);
    }
    match asked {
        Some(a) => {
            let a = a.trim();
            plan.periods
                .iter()
                .position(|p| p.id == a)
                .or_else(|| {
                    plan.periods.iter().position(|p| {
                        p.id.eq_ignore_ascii_case(a) || p.label.eq_ignore_ascii_case(a)
                    })
                })
                .ok_or_else(|| RateError::NoPeriod {
                    period: a.to_string(),
                    ids: ids(),
                })
        }
        None => model::meeting_period(plan, date).ok_or_else(|| RateError::NoPeriodFor {
            date,
            ids: ids(),
            next: cadence::next_period(plan, date).label,
        }),
    }
}

/// The action `id` names: refused when it names a priority or objective.
fn action_id(plan: &Plan, index: &model::Index, id: &str) -> Result<String, RateError> {
    let id = id.trim();
    match index.node(id) {
        Some(Node::Action(..)) => Ok(id.to_string()),
        Some(node) => Err(RateError::NotAnAction {
            id: id.to_string(),
            what: format!(
                "a{} {}",
                article(plan.names.of(node)),
                plan.names.of(node).to_lowercase()
            ),
            action: format!(
                "a{} {}",
                article(&plan.names.action),
                plan.names.action.to_lowercase()
            ),
            actions: model::LevelNames::plural(&plan.names.action),
        }),
        None => Err(RateError::NoItem(id.to_string())),
    }
}

/// "n" before a vowel ("an objective", "an aim"), else nothing ("a priority").
fn article(word: &str) -> &'static str {
    match word.chars().next().map(|c| c.to_ascii_lowercase()) {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "n",
        _ => "",
    }
}

/// Who records: the flag, the config file, the login name.
pub(super) fn user(asked: Option<&str>) -> Result<String, CliError> {
    if let Some(u) = asked.filter(|u| !u.trim().is_empty()) {
        return Ok(u.to_string());
    }
    let cfg = config::load_config(config::config_dir().as_deref())?;
    Ok(cfg
        .user
        .filter(|u| !u.trim().is_empty())
        .or_else(config::default_user)
        .unwrap_or_else(|| "unknown".into()))
}

/// What to record, once the item and period are known.
enum Record<'a> {
    Rate {
        to: Option<Rating>,
        note: Option<String>,
        progress: Option<&'a str>,
        correction: bool,
    },
    Note {
        note: Option<String>,
        progress: Option<&'a str>,
    },
}

pub fn run_rate(a: &RateArgs, out: &mut dyn Write) -> Result<ExitCode, CliError> {
    let err = |source| CliError::Rate {
        file: a.common.plan.clone(),
        source,
    };
    let loaded = store::load(&a.common.plan)?;
    let to = match (&a.value, a.clear) {
        (Some(v), false) => Some(parse_value(&loaded.plan.scale, v).map_err(err)?),
        _ => None,
    };
    let what = Record::Rate {
        to,
        note: a.words.note.clone(),
        progress: a.words.progress.as_deref(),
        correction: a.correction,
    };
    record(loaded, &a.common, what, out)
}

pub fn run_note(a: &NoteArgs, out: &mut dyn Write) -> Result<ExitCode, CliError> {
    let loaded = store::load(&a.common.plan)?;
    let what = Record::Note {
        note: a.words.note.clone(),
        progress: a.words.progress.as_deref(),
    };
    record(loaded, &a.common, what, out)
}

/// Check what can be checked on the plan as loaded, open the meeting (its lock), record,
/// save, close. Nothing is left behind when nothing is recorded: a change made and not
/// saved is undone and its journal removed.
fn record(
    loaded: store::Loaded,
    common: &Common,
    what: Record<'_>,
    out: &mut dyn Write,
) -> Result<ExitCode, CliError> {
    let (path, item) = (common.plan.as_path(), common.item.as_str());
    let err = |source| CliError::Rate {
        file: path.to_path_buf(),
        source,
    };
    let plan = loaded.plan;
    let date = common
        .date
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let index = model::Index::build(&plan);
    let id = action_id(&plan, &index, item).map_err(err)?;
    let at = period(&plan, common.period.as_deref(), date).map_err(err)?;
    let period = plan.periods[at].clone();
    let past = cadence::is_past(&plan, at, date);
    if let Record::Rate {
        to,
        note,
        correction,
        ..
    } = &what
    {
        match (past, *correction) {
            (true, false) => {
                return Err(err(RateError::PastPeriod {
                    period: period.label.clone(),
                    date,
                }));
            }
            (false, true) => return Err(err(RateError::NotPast(period.label.clone()))),
            (true, true) if note.as_deref().is_none_or(|n| n.trim().is_empty()) => {
                return Err(err(RateError::NeedsReason));
            }
            _ => {}
        }
        if let Some(level) = to.and_then(|v| plan.scale.level(v))
            && level.needs_evidence
            && note.as_deref().is_none_or(|n| n.trim().is_empty())
        {
            return Err(err(RateError::NeedsEvidence {
                label: level.label.clone(),
                name: level.name.clone(),
            }));
        }
    }
    if fs::metadata(path).is_ok_and(|m| m.permissions().readonly()) {
        return Err(err(RateError::ReadOnlyFile));
    }
    let user = user(common.user.as_deref())?;
    let doc = Document::loaded(path, &loaded.source);
    let mut meeting = Meeting::open(plan, doc, &user, Box::new(SystemClock));
    match meeting.read_only() {
        Some(ReadOnly::Held(h)) => return Err(err(RateError::Held(h.clone()))),
        Some(ReadOnly::NoLock(why)) => return Err(err(RateError::NoLock(why.clone()))),
        None => {}
    }
    if let Some(rec) = meeting.recovery() {
        return Err(err(waiting(rec)));
    }
    let result = match what {
        Record::Rate {
            to,
            note,
            progress,
            correction: true,
        } => meeting
            .correct(
                &id,
                &period.id,
                to,
                note.as_deref().unwrap_or_default(),
                progress,
            )
            .map(Some),
        Record::Rate {
            to, note, progress, ..
        } => meeting.rate(&id, &period.id, to, note, progress).map(Some),
        Record::Note { note, progress } => meeting.note(&id, &period.id, note, progress),
    };
    let change = match result {
        Ok(Some(c)) => c,
        Ok(None) | Err(MeetingError::Unchanged { .. }) => {
            close(&mut meeting);
            line(
                out,
                format_args!(
                    "{}: {id} in {}: nothing to change (it holds that already); file unchanged",
                    path.display(),
                    period.label
                ),
            )?;
            return Ok(ExitCode::SUCCESS);
        }
        Err(e) => {
            close(&mut meeting);
            return Err(err(match e {
                MeetingError::NeedsEvidence(v) => {
                    let level = meeting.plan().scale.level(v);
                    RateError::NeedsEvidence {
                        label: level.map_or_else(|| v.to_string(), |l| l.label.clone()),
                        name: level.map_or_else(String::new, |l| l.name.clone()),
                    }
                }
                MeetingError::NeedsReason => RateError::NeedsReason,
                e => RateError::Meeting(e),
            }));
        }
    };
    if let Err(e) = meeting.save() {
        // Not saved: take the change back, so the journal holds nothing and goes.
        let _ = meeting.undo();
        close(&mut meeting);
        return Err(err(RateError::Save(e)));
    }
    close(&mut meeting);
    line(out, done(path, meeting.plan(), &period.label, &change))?;
    Ok(ExitCode::SUCCESS)
}

/// Leave: with nothing unsaved, the journal goes.
fn close(meeting: &mut Meeting) {
    let _ = meeting.close();
}

/// The refusal for a journal an earlier session left.
pub(super) fn waiting(rec: &Recovery) -> RateError {
    let journal = rec.path.display().to_string();
    if let Some((why, moved)) = &rec.unreadable {
        return RateError::JournalSetAside {
            journal,
            why: why.clone(),
            moved: moved
                .as_ref()
                .map(|m| format!(", to {}", m.display()))
                .unwrap_or_default(),
        };
    }
    let count = match rec.count() {
        1 => "1 change".to_string(),
        n => format!("{n} changes"),
    };
    let who = rec.header.as_ref().map_or_else(
        || format!(" ({count})"),
        |h| {
            format!(
                " ({count}, from {} on {}, started {} UTC)",
                h.user,
                h.host,
                h.started.format("%Y-%m-%d %H:%M")
            )
        },
    );
    RateError::Journal { journal, who }
}

/// "plan.ron: 1.1.1 in RAG 01/18: 2 Started, some delay → 3 On track (by ann); saved".
fn done(path: &Path, plan: &Plan, period: &str, c: &Change) -> String {
    let level = |r: Option<Rating>| match r.and_then(|v| plan.scale.level(v)) {
        Some(l) if l.label != l.name => format!("{} {}", l.label, l.name),
        Some(l) => l.label.clone(),
        None => "not rated".into(),
    };
    let mut what = Vec::new();
    if c.from != c.to {
        what.push(format!("{} → {}", level(c.from), level(c.to)));
    } else if c.note.is_some() {
        what.push(format!("a note ({} stays)", level(c.to)));
    }
    if c.progress.is_some() {
        what.push("progress updated".into());
    }
    format!(
        "{}: {} in {period}: {}{} (by {}); saved",
        path.display(),
        c.item,
        what.join(", "),
        if c.correction { " (a correction)" } else { "" },
        c.who
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scale() -> Scale {
        store::bundled().unwrap().scale
    }

    fn rag() -> Scale {
        store::load(Path::new("tests/fixtures/rag-small.ron"))
            .unwrap()
            .plan
            .scale
    }

    #[test]
    fn a_value_is_a_number_label_name_or_key_in_any_case() {
        let s = scale();
        assert_eq!(parse_value(&s, "3").unwrap(), 3);
        assert_eq!(parse_value(&s, " 4 ").unwrap(), 4);
        assert_eq!(parse_value(&s, "on track").unwrap(), 3);
        assert_eq!(parse_value(&s, "STARTED, SOME DELAY").unwrap(), 2);
        let r = rag();
        for (text, want) in [("g", "G"), ("G", "G"), ("green", "G"), ("Red", "R")] {
            let v = parse_value(&r, text).unwrap();
            assert_eq!(r.level(v).unwrap().label, want, "{text}");
        }
    }

    #[test]
    fn a_value_off_the_scale_names_the_scale() {
        let s = scale();
        let e = parse_value(&s, "7").unwrap_err().to_string();
        assert!(e.contains("\"7\" is not on the plan's scale"), "{e}");
        assert!(e.contains("3 (On track)"), "{e}");
        assert!(matches!(parse_value(&s, "0"), Err(RateError::Zero)));
        assert!(matches!(
            parse_value(&s, "purple"),
            Err(RateError::BadValue { .. })
        ));
    }
}
