//! A meeting: what one session does to a plan, with no terminal in it. Every change goes
//! through here, is journaled before it is reported done, can be undone by its inverse,
//! and returns a typed outcome or error that the UI turns into words. Tests, the CLI and
//! the TUI all drive it.
//!
//! The audit trail: each change is an entry in `pending` until a save appends it to the
//! plan's change log. Undoing a change nobody has saved yet takes it out (it never
//! happened); undoing one already in the file records a reversing change instead, so a
//! saved trail is never rewritten.

pub mod clock;
mod edit;
mod follow;
mod proposals;
mod replay;
mod saving;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

pub use clock::{Clock, FixedClock, SystemClock};
pub use edit::Edit;
pub use follow::{Followed, Following};
pub use proposals::Proposed;
pub use replay::{Choice, Conflict, Recovery, ReplayReport};
pub use saving::SaveJob;

use crate::model::minutes::{self, Closed, MilestoneAt, Settled};
use crate::model::{
    Call, CallKind, Change, Decision, DecisionKind, DecisionStatus, Due, Index, Minute, Period,
    Plan, ProgressChange, Rating,
};
use crate::store::Placed;
use crate::store::document::{Document, SaveError, Saved};
use crate::store::journal::{self, Entry, Header, Journal};
use crate::store::lock::{self, Holder, Lock, LockError};
use crate::store::{self, LoadError};

#[derive(Debug, thiserror::Error)]
pub enum MeetingError {
    #[error("read-only: {0}")]
    ReadOnly(ReadOnly),
    #[error("no action {0:?} in the plan")]
    NoSuchAction(String),
    #[error("no period {0:?} in the plan")]
    NoSuchPeriod(String),
    #[error("the plan has no periods: start one first")]
    NoPeriods,
    #[error("rating {0} is not on the plan's scale")]
    NotOnScale(Rating),
    #[error("level {0} needs a note as evidence")]
    NeedsEvidence(Rating),
    #[error("a correction to a past period needs a reason")]
    NeedsReason,
    #[error("{item} already has that rating")]
    Unchanged { item: String },
    #[error("no item {0:?} in the plan")]
    NoSuchItem(String),
    #[error("{0:?} is not a priority or group: the board's judgement is of one")]
    NotAPriority(String),
    #[error("no decision or agreed action {0:?} in the plan")]
    NoSuchDecision(String),
    #[error("{0} has no milestone {1}")]
    NoSuchMilestone(String, usize),
    #[error("a decision or agreed action needs its words")]
    EmptyText,
    #[error("that is recorded already")]
    AlreadyRecorded,
    #[error("the plan no longer holds what this change starts from")]
    Stale,
    #[error("{0} has no proposed rating for this period")]
    NoProposal(String),
    #[error(
        "rating differently from the lead's proposal is a challenge: it needs the board's reason"
    )]
    ChallengeNeedsReason,
    #[error("nothing to undo")]
    NothingToUndo,
    #[error("nothing to redo")]
    NothingToRedo,
    #[error("period {0:?} exists already")]
    PeriodExists(String),
    #[error("period {0:?} has ratings in it: not removed")]
    PeriodInUse(String),
    #[error("a save is under way: this waits until it is done")]
    SaveUnderWay,
    #[error("the save under way is writing that edit: undo or redo it once the save is done")]
    BeingSaved,
    #[error("no save is under way")]
    NoSaveUnderWay,
    #[error("this plan has no file to save to")]
    NoFile,
    #[error("no unsaved changes were found to replay")]
    NothingToReplay,
    #[error("an earlier session's unsaved changes are waiting: replay or set them aside first")]
    RecoveryPending,
    #[error("{0} change(s) not saved yet: save first, so the pen passes with the plan saved")]
    Unsaved(usize),
    #[error(transparent)]
    Save(#[from] SaveError),
    #[error("cannot reload: {0}")]
    Load(#[from] LoadError),
    #[error("cannot write beside the plan: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot serialise the plan: {0}")]
    Ron(#[from] ron::Error),
}

/// What a save has not written yet, in the order it happened.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    Change(Change),
    AddPeriod(String),
    RemovePeriod(String),
    /// What the board recorded (its own data in the plan: no change-log line).
    Minute(Minute),
}

impl Pending {
    /// The change-log line this entry is, if it is one.
    fn change(&self) -> Option<&Change> {
        match self {
            Pending::Change(c) => Some(c),
            _ => None,
        }
    }
}

/// An edit on the undo or redo stack. `log` is the index in `pending` of the entry this
/// step put there (its change when done, its reversal when undone), while unsaved.
#[derive(Debug, Clone)]
struct Step {
    edit: Edit,
    log: Option<usize>,
    /// A save under way is writing the entry `log` names: neither undone nor redone until
    /// it is done (the screen and a crash's replay would tell it differently).
    saving: bool,
}

impl Step {
    /// Is this step's entry the last unsaved one (so undoing or redoing it takes it out,
    /// as if it never happened)?
    fn last_unsaved(&self, pending: &[Pending]) -> bool {
        !self.saving && self.log.is_some_and(|i| i + 1 == pending.len())
    }
}

/// Why a session may not write its plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadOnly {
    /// Someone else holds the plan's lock: who, when the lock file says.
    Held(Option<Holder>),
    /// The lock could not be taken (a folder we may not write, a lock file we may not
    /// open): never a writer without it. Save as elsewhere is the way out.
    NoLock(String),
}

impl std::fmt::Display for ReadOnly {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadOnly::Held(Some(h)) => write!(f, "{h} has this plan open"),
            ReadOnly::Held(None) => write!(f, "another copy of ragboard has this plan open"),
            ReadOnly::NoLock(why) => write!(f, "{why}"),
        }
    }
}

/// Whether this session may write the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    /// We hold the plan's lock.
    Writer,
    /// Every edit is refused, saying why.
    ReadOnly(ReadOnly),
    /// No file at all (tests, benchmarks).
    Memory,
}

#[derive(Debug)]
struct FileState {
    doc: Document,
    /// The writer's state while this session holds the plan's lock (the only way to its
    /// journal), or why it may not write.
    writer: Result<Writer, ReadOnly>,
    /// The last save's caveat, for the user ("the other name keeps the earlier version").
    save_note: Option<String>,
}

/// What only the lock's holder has.
#[derive(Debug)]
struct Writer {
    lock: Lock,
    journal: Option<Journal>,
    /// Entries made but not yet on disk: retried before the next one is written.
    unjournaled: Vec<Entry>,
    /// The last journal failure, until a write succeeds.
    problem: Option<String>,
    /// While replaying: entries are gathered and written as one new journal at the end.
    batching: bool,
}

impl Writer {
    fn new(lock: Lock) -> Writer {
        Writer {
            lock,
            journal: None,
            unjournaled: Vec::new(),
            problem: None,
            batching: false,
        }
    }
}

/// Take the lock on `target`: the writer's state, or why this session is read-only.
fn take_lock(target: &Path, me: &Holder) -> Result<Writer, ReadOnly> {
    match lock::acquire(target, me) {
        Ok(l) => Ok(Writer::new(l)),
        Err(LockError::Held(h)) => Err(ReadOnly::Held(h)),
        Err(e @ LockError::Io { .. }) => Err(ReadOnly::NoLock(e.to_string())),
    }
}

#[derive(Debug)]
pub struct Meeting {
    plan: Plan,
    index: Index,
    done: Vec<Step>,
    undone: Vec<Step>,
    pending: Vec<Pending>,
    user: String,
    started: DateTime<Utc>,
    clock: Box<dyn Clock>,
    file: Option<FileState>,
    recovery: Option<Recovery>,
    conflicts: Vec<Conflict>,
    /// What opening found and did that the user should hear of (an empty journal removed,
    /// a journal from another plan set aside).
    notices: Vec<String>,
    /// Where the unsaved edits were kept before a reload re-applied them, until settled.
    kept: Option<PathBuf>,
    /// Entries of an earlier session's journal that no longer fit the plan when replayed
    /// (a colleague settled the same record otherwise), left out, and the copy of that
    /// journal they are kept in: on screen for the rest of the session.
    left_out: Option<(usize, PathBuf)>,
    /// A read-only copy's place in the writer's files.
    follow: follow::Follow,
    /// A save under way (the edits it writes), while it runs.
    saving: Option<saving::InFlight>,
}

impl Meeting {
    /// A meeting on a plan with no file behind it.
    pub fn new(plan: Plan, user: &str, clock: Box<dyn Clock>) -> Meeting {
        let index = Index::build(&plan);
        let started = clock.now();
        Meeting {
            plan,
            index,
            done: Vec::new(),
            undone: Vec::new(),
            pending: Vec::new(),
            user: user.to_string(),
            started,
            clock,
            file: None,
            recovery: None,
            conflicts: Vec::new(),
            notices: Vec::new(),
            kept: None,
            left_out: None,
            follow: follow::Follow::default(),
            saving: None,
        }
    }

    /// A meeting on the plan in `doc`: takes the plan's lock (or opens read-only, saying
    /// who has it), cleans up temporary files a crashed save left, and looks for a journal
    /// an earlier session left unsaved.
    pub fn open(plan: Plan, doc: Document, user: &str, clock: Box<dyn Clock>) -> Meeting {
        let mut m = Meeting::new(plan, user, clock);
        let writer = take_lock(doc.target(), &Holder::me(user, m.started));
        if let Ok(w) = &writer {
            store::clean_temps(doc.target());
            let identity = journal::identity(&m.plan);
            let found = replay::find(&doc, &w.lock, &identity, m.clock.now());
            m.notices = found.notices;
            m.recovery = found.recovery.and_then(|rec| m.rehearse(rec, &w.lock));
        }
        m.file = Some(FileState {
            doc,
            writer,
            save_note: None,
        });
        m
    }

    /// Replay an earlier session's journal on a copy of the plan first, to count what it
    /// holds as the replay will (one figure for the dialog and the replay). A journal that
    /// comes to nothing (a change undone, or undone and redone) is removed without asking:
    /// the screen showed nothing unsaved.
    fn rehearse(&self, mut rec: Recovery, lock: &Lock) -> Option<Recovery> {
        if rec.unreadable.is_some() {
            return Some(rec);
        }
        let clock = Box::new(FixedClock(self.clock.now()));
        let mut dry = Meeting::new(self.plan.clone(), &self.user, clock);
        let r = dry.replay_entries(rec.entries.clone(), rec.plan_changed);
        rec.changes = r.changes;
        rec.conflicts = r.conflicts;
        let nothing = r.changes == 0 && r.conflicts == 0 && r.skipped == 0;
        if nothing && !rec.plan_changed && rec.damage.is_none() && journal::remove(lock).is_ok() {
            return None;
        }
        Some(rec)
    }

    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    pub fn user(&self) -> &str {
        &self.user
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Whether this session may write the plan, read from what it holds.
    pub fn access(&self) -> Access {
        match self.file.as_ref().map(|f| &f.writer) {
            None => Access::Memory,
            Some(Ok(_)) => Access::Writer,
            Some(Err(why)) => Access::ReadOnly(why.clone()),
        }
    }

    pub fn document(&self) -> Option<&Document> {
        self.file.as_ref().map(|f| &f.doc)
    }

    /// Why this session may not write, when it is read-only.
    pub fn read_only(&self) -> Option<&ReadOnly> {
        self.file.as_ref().and_then(|f| f.writer.as_ref().err())
    }

    /// What opening found and did that the user should hear of.
    pub fn notices(&self) -> &[String] {
        &self.notices
    }

    /// The last save's caveat, if it had one.
    pub fn save_note(&self) -> Option<&str> {
        self.file.as_ref().and_then(|f| f.save_note.as_deref())
    }

    /// Where a reload kept this session's unsaved edits before re-applying them (the
    /// values a conflict drops are there), until a save.
    pub fn kept(&self) -> Option<&Path> {
        self.kept.as_deref()
    }

    /// How many entries of an earlier journal no longer fitted the plan on replay, and
    /// where that journal is kept.
    pub fn left_out(&self) -> Option<(usize, &Path)> {
        self.left_out.as_ref().map(|(n, p)| (*n, p.as_path()))
    }

    /// What an earlier session left, until replayed or discarded.
    pub fn recovery(&self) -> Option<&Recovery> {
        self.recovery.as_ref()
    }

    /// Replayed entries that met a different value in the file, until resolved.
    pub fn conflicts(&self) -> &[Conflict] {
        &self.conflicts
    }

    /// The journal's last failure, until a write succeeds: the UI keeps it on screen.
    pub fn journal_problem(&self) -> Option<&str> {
        self.writer().and_then(|w| w.problem.as_deref())
    }

    /// Edits made but not yet safe in the journal (they are in memory only).
    pub fn unjournaled(&self) -> usize {
        self.writer().map_or(0, |w| w.unjournaled.len())
    }

    fn writer(&self) -> Option<&Writer> {
        self.file.as_ref().and_then(|f| f.writer.as_ref().ok())
    }

    fn writer_mut(&mut self) -> Option<&mut Writer> {
        self.file.as_mut().and_then(|f| f.writer.as_mut().ok())
    }

    /// Edits the file does not have yet: one count, used everywhere.
    pub fn unsaved(&self) -> usize {
        self.saving_entries().len() + self.pending.len()
    }

    pub fn is_dirty(&self) -> bool {
        self.unsaved() > 0
    }

    /// The edits a save under way is writing (none when none is).
    fn saving_entries(&self) -> &[Pending] {
        self.saving.as_ref().map_or(&[], |s| s.entries())
    }

    /// The whole change log: the file's (earlier meetings too), then this session's unsaved
    /// changes, each with whether it is saved.
    pub fn log(&self) -> impl Iterator<Item = (&Change, bool)> {
        let saved = self.plan.changes.iter().map(|c| (c, true));
        let unsaved = self
            .saving_entries()
            .iter()
            .chain(&self.pending)
            .filter_map(Pending::change)
            .map(|c| (c, false));
        saved.chain(unsaved)
    }

    /// Ids of the actions this session changed, saved or not: "changed in this meeting".
    pub fn changed_items(&self) -> std::collections::HashSet<String> {
        self.log()
            .filter(|(c, saved)| !saved || c.when >= self.started)
            .map(|(c, _)| c.item.clone())
            .collect()
    }

    /// The change on top of the undo stack, if it is a change.
    pub fn last_change(&self) -> Option<&Change> {
        match self.done.last().map(|s| &s.edit) {
            Some(Edit::Change(c)) => Some(c),
            _ => None,
        }
    }

    /// What undo would take back, and what redo would bring back.
    pub fn peek_undo(&self) -> Option<&Edit> {
        self.done.last().map(|s| &s.edit)
    }

    pub fn peek_redo(&self) -> Option<&Edit> {
        self.undone.last().map(|s| &s.edit)
    }

    fn writable(&self) -> Result<(), MeetingError> {
        if self.recovery.is_some() {
            return Err(MeetingError::RecoveryPending);
        }
        match self.read_only() {
            Some(why) => Err(MeetingError::ReadOnly(why.clone())),
            None => Ok(()),
        }
    }

    fn change(
        &self,
        item: &str,
        period: &str,
        from: Option<Rating>,
        to: Option<Rating>,
        correction: bool,
    ) -> Change {
        Change {
            who: self.user.clone(),
            when: self.clock.now(),
            item: item.to_string(),
            period: period.to_string(),
            from,
            to,
            note: None,
            progress: None,
            correction,
            judgement: false,
            verdict: None,
            undo: false,
        }
    }

    /// Progress text as a change from what the action holds, if it differs.
    fn progress_change(
        &self,
        item: &str,
        text: Option<&str>,
    ) -> Result<Option<ProgressChange>, MeetingError> {
        let Some(text) = text else { return Ok(None) };
        let old = self
            .index
            .action(&self.plan, item)
            .ok_or_else(|| MeetingError::NoSuchAction(item.to_string()))?
            .progress
            .clone();
        let new = Some(text.trim_end().to_string()).filter(|p| !p.is_empty());
        Ok((new != old).then_some(ProgressChange { from: old, to: new }))
    }

    /// Rate `item` in `period` (`None` clears). Levels that need evidence need a `note`.
    /// `progress`, when given, is the action's new progress text.
    pub fn rate(
        &mut self,
        item: &str,
        period: &str,
        to: Option<Rating>,
        note: Option<String>,
        progress: Option<&str>,
    ) -> Result<Change, MeetingError> {
        self.record(item, period, to, note, progress, false)
    }

    /// Correct `item`'s rating in a past period: one cell, with a reason (required), marked
    /// as a correction in the change log. Each correction is asked for on its own: there is
    /// no mode that turns later ratings into corrections.
    pub fn correct(
        &mut self,
        item: &str,
        period: &str,
        to: Option<Rating>,
        reason: &str,
        progress: Option<&str>,
    ) -> Result<Change, MeetingError> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(MeetingError::NeedsReason);
        }
        self.record(item, period, to, Some(reason.to_string()), progress, true)
    }

    fn record(
        &mut self,
        item: &str,
        period: &str,
        to: Option<Rating>,
        note: Option<String>,
        progress: Option<&str>,
        correction: bool,
    ) -> Result<Change, MeetingError> {
        self.writable()?;
        if self.plan.periods.is_empty() {
            return Err(MeetingError::NoPeriods);
        }
        let to = to.filter(|r| *r != 0);
        let note = note.filter(|n| !n.trim().is_empty());
        if let Some(v) = to {
            let level = self
                .plan
                .scale
                .level(v)
                .ok_or(MeetingError::NotOnScale(v))?;
            if level.needs_evidence && note.is_none() {
                return Err(MeetingError::NeedsEvidence(v));
            }
        }
        let (from, _) = edit::cell(&self.plan, &self.index, item, period)?;
        let progress = self.progress_change(item, progress)?;
        if from == to && note.is_none() && progress.is_none() {
            return Err(MeetingError::Unchanged {
                item: item.to_string(),
            });
        }
        let mut c = self.change(item, period, from, to, correction);
        c.note = note;
        c.progress = progress;
        self.do_change(c.clone())?;
        Ok(c)
    }

    /// A note (and progress text) on `item` in `period`. When the latest change is to the
    /// same cell and unsaved, it is amended, so the audit trail gets one line; otherwise it
    /// is a change of its own. `Ok(None)` when there was nothing to record.
    pub fn note(
        &mut self,
        item: &str,
        period: &str,
        note: Option<String>,
        progress: Option<&str>,
    ) -> Result<Option<Change>, MeetingError> {
        self.writable()?;
        let note = note.filter(|n| !n.trim().is_empty());
        let progress = self.progress_change(item, progress)?;
        if let Some(was) = self.amendable(item, period).cloned() {
            let now = Change {
                note,
                progress: match (was.progress.clone(), progress) {
                    (Some(earlier), Some(p)) => {
                        Some(ProgressChange {
                            from: earlier.from,
                            to: p.to,
                        })
                        // Back to where it started: no progress change at all.
                        .filter(|p| p.from != p.to)
                    }
                    (earlier, None) => earlier,
                    (None, now) => now,
                },
                ..was.clone()
            };
            if now == was {
                return Ok(None);
            }
            self.amend(was, now.clone())?;
            return Ok(Some(now));
        }
        if note.is_none() && progress.is_none() {
            return Ok(None);
        }
        let (current, _) = edit::cell(&self.plan, &self.index, item, period)?;
        let mut c = self.change(item, period, current, current, false);
        c.note = note;
        c.progress = progress;
        self.do_change(c.clone())?;
        Ok(Some(c))
    }

    /// The latest change, if it is to this cell and not yet saved.
    pub fn amendable(&self, item: &str, period: &str) -> Option<&Change> {
        let step = self.done.last()?;
        let Edit::Change(c) = &step.edit else {
            return None;
        };
        let unsaved = step.last_unsaved(&self.pending);
        (unsaved && c.item == item && c.period == period).then_some(c)
    }

    fn do_change(&mut self, c: Change) -> Result<(), MeetingError> {
        edit::check(&self.plan, &self.index, &c)?;
        edit::apply(&mut self.plan, &mut self.index, &c)?;
        self.pending.push(Pending::Change(c.clone()));
        self.done.push(Step {
            edit: Edit::Change(c.clone()),
            log: Some(self.pending.len() - 1),
            saving: false,
        });
        self.undone.clear();
        self.journal(Entry::Apply(c));
        Ok(())
    }

    fn amend(&mut self, was: Change, now: Change) -> Result<(), MeetingError> {
        edit::check(&self.plan, &self.index, &now)?;
        edit::apply(&mut self.plan, &mut self.index, &edit::inverse(&was))?;
        edit::apply(&mut self.plan, &mut self.index, &now)?;
        if let Some(step) = self.done.last_mut() {
            step.edit = Edit::Change(now.clone());
            if let Some(i) = step.log
                && let Some(p) = self.pending.get_mut(i)
            {
                *p = Pending::Change(now.clone());
            }
        }
        self.journal(Entry::Amend { was, now });
        Ok(())
    }

    /// Start a period (a column for this meeting). Returns its index.
    pub fn add_period(&mut self, p: Period) -> Result<usize, MeetingError> {
        self.writable()?;
        edit::add_period(&mut self.plan, &mut self.index, &p)?;
        self.pending.push(Pending::AddPeriod(p.id.clone()));
        self.done.push(Step {
            edit: Edit::AddPeriod(p.clone()),
            log: Some(self.pending.len() - 1),
            saving: false,
        });
        self.undone.clear();
        let at = self.index.period(&p.id).unwrap_or_default();
        self.journal(Entry::AddPeriod(p));
        Ok(at)
    }

    /// Record what the board decided or did (a minute): checked against the plan,
    /// applied, journaled and undoable like any change.
    pub fn minute(&mut self, m: Minute) -> Result<(), MeetingError> {
        self.writable()?;
        edit::apply_minute(&mut self.plan, &mut self.index, &m)?;
        self.pending.push(Pending::Minute(m.clone()));
        self.done.push(Step {
            edit: Edit::Minute(m.clone()),
            log: Some(self.pending.len() - 1),
            saving: false,
        });
        self.undone.clear();
        self.journal(Entry::Record(m));
        Ok(())
    }

    /// Record a decision or agreed action against `item` (`None`: the plan as a whole) at
    /// the meeting of `period` held on `date`.
    #[allow(clippy::too_many_arguments)]
    pub fn decide(
        &mut self,
        kind: DecisionKind,
        item: Option<&str>,
        text: &str,
        owner: Option<&str>,
        due: Option<Due>,
        period: &str,
        date: chrono::NaiveDate,
    ) -> Result<Decision, MeetingError> {
        let clean = |s: Option<&str>| s.map(str::trim).filter(|s| !s.is_empty()).map(String::from);
        let d = Decision {
            id: minutes::next_id(&self.plan, &self.user, period),
            kind,
            item: clean(item),
            text: text.trim().to_string(),
            owner: clean(owner),
            due,
            status: DecisionStatus::Open,
            period: period.to_string(),
            date,
            by: self.user.clone(),
            closed: None,
        };
        self.minute(Minute::Decide(d.clone()))?;
        Ok(d)
    }

    /// Set a decision's or agreed action's status at the meeting of `period` on `date`, with
    /// a note: done or dropped closes it, open opens it again.
    pub fn settle(
        &mut self,
        id: &str,
        status: DecisionStatus,
        note: Option<&str>,
        period: &str,
        date: chrono::NaiveDate,
    ) -> Result<Decision, MeetingError> {
        let d = self
            .plan
            .decision(id)
            .cloned()
            .ok_or_else(|| MeetingError::NoSuchDecision(id.to_string()))?;
        let to = Settled {
            status,
            closed: (!status.is_open()).then(|| Closed {
                period: period.to_string(),
                date,
                by: self.user.clone(),
                note: note
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map(String::from),
            }),
        };
        let from = Settled {
            status: d.status,
            closed: d.closed.clone(),
        };
        if from == to {
            return Err(MeetingError::AlreadyRecorded);
        }
        self.minute(Minute::Settle {
            id: id.to_string(),
            from,
            to,
        })?;
        self.plan
            .decision(id)
            .cloned()
            .ok_or_else(|| MeetingError::NoSuchDecision(id.to_string()))
    }

    /// The board's call on the milestone at `index` of `item`'s list: met (on `date`),
    /// missed, or moved to `due`; at the meeting of `period`.
    #[allow(clippy::too_many_arguments)]
    pub fn call(
        &mut self,
        item: &str,
        index: usize,
        kind: CallKind,
        date: chrono::NaiveDate,
        due: Option<Due>,
        note: Option<&str>,
        period: &str,
    ) -> Result<Call, MeetingError> {
        let ms = self
            .plan
            .milestones_of(item)
            .and_then(|v| v.get(index))
            .ok_or_else(|| MeetingError::NoSuchMilestone(item.to_string(), index + 1))?;
        let at = MilestoneAt {
            item: item.to_string(),
            index,
            text: ms.text.clone(),
        };
        let call = Call {
            kind,
            date,
            due: if kind == CallKind::Changed { due } else { None },
            period: period.to_string(),
            by: self.user.clone(),
            note: note
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(String::from),
        };
        self.minute(Minute::Call {
            at,
            calls: ms.calls.len(),
            call: call.clone(),
        })?;
        Ok(call)
    }

    /// Tick (`on`) or untick `item` as reviewed at the meeting of `period`.
    pub fn review(&mut self, period: &str, item: &str, on: bool) -> Result<(), MeetingError> {
        self.minute(Minute::Review {
            period: period.to_string(),
            item: item.to_string(),
            on,
        })
    }

    /// The board's own judgement of priority `item` in `period` (`None` clears it), with a
    /// note: a change in the change log, marked as a judgement.
    pub fn judge(
        &mut self,
        item: &str,
        period: &str,
        to: Option<Rating>,
        note: Option<String>,
    ) -> Result<Change, MeetingError> {
        self.writable()?;
        let to = self.on_scale(to)?;
        if self.index.period(period).is_none() {
            return Err(MeetingError::NoSuchPeriod(period.to_string()));
        }
        let from = edit::judgement(&self.plan, &self.index, item, period)?;
        let note = note.filter(|n| !n.trim().is_empty());
        if from == to && note.is_none() {
            return Err(MeetingError::Unchanged {
                item: item.to_string(),
            });
        }
        let mut c = self.change(item, period, from, to, false);
        c.judgement = true;
        c.note = note;
        self.do_change(c.clone())?;
        Ok(c)
    }

    /// A rating to record: `None` for 0 (not rated), refused where it is not on the scale.
    fn on_scale(&self, to: Option<Rating>) -> Result<Option<Rating>, MeetingError> {
        let to = to.filter(|r| *r != 0);
        if let Some(v) = to {
            self.plan
                .scale
                .level(v)
                .ok_or(MeetingError::NotOnScale(v))?;
        }
        Ok(to)
    }

    /// Take back the latest edit by applying its inverse.
    pub fn undo(&mut self) -> Result<Edit, MeetingError> {
        self.writable()?;
        let step = self
            .done
            .last()
            .cloned()
            .ok_or(MeetingError::NothingToUndo)?;
        if step.saving {
            return Err(MeetingError::BeingSaved);
        }
        let unsaved = step.last_unsaved(&self.pending);
        let entry = match &step.edit {
            Edit::Change(c) => {
                edit::apply(&mut self.plan, &mut self.index, &edit::inverse(c))?;
                Entry::Revert(c.clone())
            }
            Edit::AddPeriod(p) => {
                edit::remove_period(&mut self.plan, &mut self.index, &p.id)?;
                Entry::RemovePeriod(p.id.clone())
            }
            Edit::Minute(m) => {
                edit::apply_minute(&mut self.plan, &mut self.index, &m.inverse())?;
                Entry::Unrecord(m.clone())
            }
        };
        self.done.pop();
        let log = if unsaved {
            self.pending.pop();
            None
        } else {
            self.pending.push(match &step.edit {
                Edit::Change(c) => Pending::Change(self.reversal(c)),
                Edit::AddPeriod(p) => Pending::RemovePeriod(p.id.clone()),
                Edit::Minute(m) => Pending::Minute(m.inverse()),
            });
            Some(self.pending.len() - 1)
        };
        self.undone.push(Step {
            edit: step.edit.clone(),
            log,
            saving: false,
        });
        self.journal(entry);
        Ok(step.edit)
    }

    /// The audit entry for undoing a change that is already in the file.
    fn reversal(&self, c: &Change) -> Change {
        let mut r = edit::inverse(c);
        // An undo is nobody's verdict: the proposal waits for the board again.
        r.verdict = None;
        r.undo = true;
        r.who = self.user.clone();
        r.when = self.clock.now();
        r.note = Some(format!(
            "undo of {}'s change of {}",
            c.who,
            c.when.format("%Y-%m-%d %H:%M")
        ));
        r
    }

    /// Bring back the latest undone edit.
    pub fn redo(&mut self) -> Result<Edit, MeetingError> {
        self.writable()?;
        let step = self
            .undone
            .last()
            .cloned()
            .ok_or(MeetingError::NothingToRedo)?;
        if step.saving {
            return Err(MeetingError::BeingSaved);
        }
        let entry = match &step.edit {
            Edit::Change(c) => {
                edit::apply(&mut self.plan, &mut self.index, c)?;
                Entry::Redo(c.clone())
            }
            Edit::AddPeriod(p) => {
                edit::add_period(&mut self.plan, &mut self.index, p)?;
                Entry::AddPeriod(p.clone())
            }
            Edit::Minute(m) => {
                edit::apply_minute(&mut self.plan, &mut self.index, m)?;
                Entry::Rerecord(m.clone())
            }
        };
        self.undone.pop();
        // Its reversal not saved yet: drop it, and the file's record stands again.
        let log = if step.last_unsaved(&self.pending) {
            self.pending.pop();
            None
        } else {
            self.pending.push(match &step.edit {
                Edit::Change(c) => Pending::Change(c.clone()),
                Edit::AddPeriod(p) => Pending::AddPeriod(p.id.clone()),
                Edit::Minute(m) => Pending::Minute(m.clone()),
            });
            Some(self.pending.len() - 1)
        };
        self.done.push(Step {
            edit: step.edit.clone(),
            log,
            saving: false,
        });
        self.journal(entry);
        Ok(step.edit)
    }

    /// Record `entry` in the journal (opening one on the first edit), after any that failed
    /// before. A failure keeps them in memory and is reported by `journal_problem`.
    fn journal(&mut self, entry: Entry) {
        let Some(w) = self.writer_mut() else {
            return;
        };
        w.unjournaled.push(entry);
        if !w.batching {
            self.flush_journal();
        }
    }

    fn header(&self, base: &str) -> Header {
        let me = Holder::me(&self.user, self.started);
        Header {
            plan: base.to_string(),
            identity: Some(journal::identity(&self.plan)),
            title: Some(self.plan.title.clone()),
            user: me.user,
            host: me.host,
            pid: me.pid,
            started: me.since,
        }
    }

    /// Write what the journal lacks. `true` when nothing is left in memory only.
    pub fn flush_journal(&mut self) -> bool {
        let Some(base) = self.file.as_ref().map(|f| f.doc.base().to_string()) else {
            return true;
        };
        let header = self.header(&base);
        let Some(w) = self.writer_mut() else {
            return true;
        };
        let result = (|| -> std::io::Result<()> {
            if w.journal.is_none() {
                // Retried on every write until it works: a first write that failed (a full
                // disk) left no file behind to stand in the way.
                w.journal = Some(Journal::create(&w.lock, &header)?);
            }
            let mut written = 0;
            let mut outcome = Ok(());
            for e in &w.unjournaled {
                if let Some(j) = &mut w.journal
                    && let Err(err) = j.append(e)
                {
                    outcome = Err(err);
                    break;
                }
                written += 1;
            }
            w.unjournaled.drain(..written);
            outcome
        })();
        match result {
            Ok(()) => {
                w.problem = None;
                true
            }
            Err(e) => {
                w.problem = Some(format!(
                    "cannot write the journal {}: {e}",
                    w.lock.journal_path().display()
                ));
                false
            }
        }
    }

    /// Leaving: a journal holding nothing unsaved goes; with unsaved changes the caller has
    /// asked the user, who chose to discard them: the journal is kept aside, not deleted.
    pub fn close(&mut self) -> Result<Option<PathBuf>, MeetingError> {
        self.not_saving()?;
        let dirty = self.is_dirty();
        let now = self.clock.now();
        let Some(w) = self.writer_mut() else {
            return Ok(None);
        };
        w.journal = None;
        if !w.lock.journal_path().exists() {
            return Ok(None);
        }
        if dirty {
            return Ok(Some(journal::move_aside(&w.lock, "discarded", now)?));
        }
        journal::remove(&w.lock)?;
        Ok(None)
    }
}

/// The journal's edits are in the file: remove it.
fn forget_journal(w: &mut Writer) {
    w.journal = None;
    w.unjournaled.clear();
    w.problem = None;
    let _ = journal::remove(&w.lock);
}

/// What a user should know about a save that went through.
fn save_note(saved: &Saved) -> Option<String> {
    let mut notes = Vec::new();
    if saved.checked == Placed::JustBefore {
        notes.push(
            "this filesystem cannot swap files in one step: the file was checked just before \
             it was replaced, and an edit landing in those milliseconds would not be seen"
                .to_string(),
        );
    }
    if saved.other_names > 0 {
        notes.push(format!(
            "the file had {} other name(s) (hard links): they keep the earlier version",
            saved.other_names
        ));
    }
    (!notes.is_empty()).then(|| notes.join("; "))
}
