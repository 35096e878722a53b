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
mod replay;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

pub use clock::{Clock, FixedClock, SystemClock};
pub use edit::Edit;
pub use replay::{Choice, Conflict, Recovery, ReplayReport};

use crate::model::{Change, Index, Period, Plan, ProgressChange, Rating};
use crate::store::document::{Document, SaveError};
use crate::store::journal::{self, Entry, Header, Journal};
use crate::store::lock::{self, Holder, Lock, LockError};
use crate::store::{self, LoadError};

#[derive(Debug, thiserror::Error)]
pub enum MeetingError {
    #[error("read-only: {}", match .0 { Some(h) => format!("{h} has this plan open"), None => "another copy of ragboard has this plan open".into() })]
    ReadOnly(Option<Holder>),
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
    #[error("{item} already has that rating")]
    Unchanged { item: String },
    #[error("nothing to undo")]
    NothingToUndo,
    #[error("nothing to redo")]
    NothingToRedo,
    #[error("period {0:?} exists already")]
    PeriodExists(String),
    #[error("period {0:?} has ratings in it: not removed")]
    PeriodInUse(String),
    #[error("this plan has no file to save to")]
    NoFile,
    #[error("no unsaved changes were found to replay")]
    NothingToReplay,
    #[error("an earlier session's unsaved changes are waiting: replay or set them aside first")]
    RecoveryPending,
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
}

/// An edit on the undo or redo stack. `log` is the index in `pending` of the entry this
/// step put there (its change when done, its reversal when undone), while unsaved.
#[derive(Debug, Clone)]
struct Step {
    edit: Edit,
    log: Option<usize>,
}

/// Whether this session may write the plan.
#[derive(Debug)]
pub enum Access {
    /// We hold the plan's lock.
    Writer(Lock),
    /// Someone else holds it: every edit is refused, saying who.
    ReadOnly(Option<Holder>),
    /// No lock could be taken (a read-only folder, say): edits stay in memory, the journal
    /// problem is shown, and save-as elsewhere is the way out.
    Unlocked(String),
    /// No file at all (tests, benchmarks).
    Memory,
}

#[derive(Debug)]
struct FileState {
    doc: Document,
    journal: Option<Journal>,
    /// Entries made but not yet on disk: retried before the next one is written.
    unjournaled: Vec<Entry>,
    /// The last journal failure, until a write succeeds.
    problem: Option<String>,
    /// While replaying: entries are gathered and written as one new journal at the end.
    batching: bool,
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
    access: Access,
    recovery: Option<Recovery>,
    conflicts: Vec<Conflict>,
    /// Past periods the user chose to correct: their changes are marked as corrections.
    corrections: HashSet<String>,
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
            access: Access::Memory,
            recovery: None,
            conflicts: Vec::new(),
            corrections: HashSet::new(),
        }
    }

    /// A meeting on the plan in `doc`: takes the plan's lock (or opens read-only, saying
    /// who has it), cleans up temporary files a crashed save left, and looks for a journal
    /// an earlier session left unsaved.
    pub fn open(plan: Plan, doc: Document, user: &str, clock: Box<dyn Clock>) -> Meeting {
        let mut m = Meeting::new(plan, user, clock);
        m.access = match lock::acquire(doc.target(), &Holder::me(user, m.started)) {
            Ok(l) => Access::Writer(l),
            Err(LockError::Held(h)) => Access::ReadOnly(h),
            Err(e @ LockError::Io { .. }) => Access::Unlocked(e.to_string()),
        };
        if matches!(m.access, Access::Writer(_)) {
            store::clean_temps(doc.target());
            m.recovery = replay::find(&doc, m.clock.now());
        }
        m.file = Some(FileState {
            doc,
            journal: None,
            unjournaled: Vec::new(),
            problem: None,
            batching: false,
        });
        m
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

    pub fn access(&self) -> &Access {
        &self.access
    }

    pub fn document(&self) -> Option<&Document> {
        self.file.as_ref().map(|f| &f.doc)
    }

    /// Who holds the plan, when this session is read-only.
    pub fn read_only(&self) -> Option<&Option<Holder>> {
        match &self.access {
            Access::ReadOnly(h) => Some(h),
            _ => None,
        }
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
        self.file.as_ref().and_then(|f| f.problem.as_deref())
    }

    /// Edits made but not yet safe in the journal (they are in memory only).
    pub fn unjournaled(&self) -> usize {
        self.file.as_ref().map_or(0, |f| f.unjournaled.len())
    }

    /// Edits the file does not have yet: one count, used everywhere.
    pub fn unsaved(&self) -> usize {
        self.pending.len()
    }

    pub fn is_dirty(&self) -> bool {
        !self.pending.is_empty()
    }

    /// The whole change log: the file's (earlier meetings too), then this session's unsaved
    /// changes, each with whether it is saved.
    pub fn log(&self) -> impl Iterator<Item = (&Change, bool)> {
        let saved = self.plan.changes.iter().map(|c| (c, true));
        let unsaved = self.pending.iter().filter_map(|p| match p {
            Pending::Change(c) => Some((c, false)),
            _ => None,
        });
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
        match &self.access {
            Access::ReadOnly(h) => Err(MeetingError::ReadOnly(h.clone())),
            _ => Ok(()),
        }
    }

    fn change(&self, item: &str, period: &str, from: Option<Rating>, to: Option<Rating>) -> Change {
        Change {
            who: self.user.clone(),
            when: self.clock.now(),
            item: item.to_string(),
            period: period.to_string(),
            from,
            to,
            note: None,
            progress: None,
            correction: self.corrections.contains(period),
        }
    }

    /// From now on, changes to `period` (a past period, not the meeting's own) are allowed
    /// and recorded as corrections.
    pub fn allow_correction(&mut self, period: &str) {
        self.corrections.insert(period.to_string());
    }

    /// Was `period` opened for correction?
    pub fn is_correcting(&self, period: &str) -> bool {
        self.corrections.contains(period)
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
        let mut c = self.change(item, period, from, to);
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
        let mut c = self.change(item, period, current, current);
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
        let unsaved = step.log.is_some_and(|i| i + 1 == self.pending.len());
        (unsaved && c.item == item && c.period == period).then_some(c)
    }

    fn do_change(&mut self, c: Change) -> Result<(), MeetingError> {
        edit::check(&self.plan, &self.index, &c)?;
        edit::apply(&mut self.plan, &self.index, &c)?;
        self.pending.push(Pending::Change(c.clone()));
        self.done.push(Step {
            edit: Edit::Change(c.clone()),
            log: Some(self.pending.len() - 1),
        });
        self.undone.clear();
        self.journal(Entry::Apply(c));
        Ok(())
    }

    fn amend(&mut self, was: Change, now: Change) -> Result<(), MeetingError> {
        edit::check(&self.plan, &self.index, &now)?;
        edit::apply(&mut self.plan, &self.index, &edit::inverse(&was))?;
        edit::apply(&mut self.plan, &self.index, &now)?;
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
        });
        self.undone.clear();
        let at = self.index.period(&p.id).unwrap_or_default();
        self.journal(Entry::AddPeriod(p));
        Ok(at)
    }

    /// Take back the latest edit by applying its inverse.
    pub fn undo(&mut self) -> Result<Edit, MeetingError> {
        self.writable()?;
        let step = self
            .done
            .last()
            .cloned()
            .ok_or(MeetingError::NothingToUndo)?;
        let unsaved = step.log.is_some_and(|i| i + 1 == self.pending.len());
        let entry = match &step.edit {
            Edit::Change(c) => {
                edit::apply(&mut self.plan, &self.index, &edit::inverse(c))?;
                Entry::Revert(c.clone())
            }
            Edit::AddPeriod(p) => {
                edit::remove_period(&mut self.plan, &mut self.index, &p.id)?;
                Entry::RemovePeriod(p.id.clone())
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
            });
            Some(self.pending.len() - 1)
        };
        self.undone.push(Step {
            edit: step.edit.clone(),
            log,
        });
        self.journal(entry);
        Ok(step.edit)
    }

    /// The audit entry for undoing a change that is already in the file.
    fn reversal(&self, c: &Change) -> Change {
        let mut r = edit::inverse(c);
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
        let entry = match &step.edit {
            Edit::Change(c) => {
                edit::apply(&mut self.plan, &self.index, c)?;
                Entry::Apply(c.clone())
            }
            Edit::AddPeriod(p) => {
                edit::add_period(&mut self.plan, &mut self.index, p)?;
                Entry::AddPeriod(p.clone())
            }
        };
        self.undone.pop();
        // Its reversal not saved yet: drop it, and the file's record stands again.
        let log = if step.log.is_some_and(|i| i + 1 == self.pending.len()) {
            self.pending.pop();
            None
        } else {
            self.pending.push(match &step.edit {
                Edit::Change(c) => Pending::Change(c.clone()),
                Edit::AddPeriod(p) => Pending::AddPeriod(p.id.clone()),
            });
            Some(self.pending.len() - 1)
        };
        self.done.push(Step {
            edit: step.edit.clone(),
            log,
        });
        self.journal(entry);
        Ok(step.edit)
    }

    /// Record `entry` in the journal (opening one on the first edit), after any that failed
    /// before. A failure keeps them in memory and is reported by `journal_problem`.
    fn journal(&mut self, entry: Entry) {
        let Some(f) = &mut self.file else { return };
        if matches!(self.access, Access::ReadOnly(_)) {
            return;
        }
        f.unjournaled.push(entry);
        if !f.batching {
            self.flush_journal();
        }
    }

    fn header(&self, base: &str) -> Header {
        let me = Holder::me(&self.user, self.started);
        Header {
            plan: base.to_string(),
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
        let Some(f) = &mut self.file else { return true };
        let result = (|| -> std::io::Result<()> {
            if f.journal.is_none() {
                f.journal = Some(Journal::create(&f.doc.journal_path(), &header)?);
            }
            while let Some(e) = f.unjournaled.first() {
                if let Some(j) = &mut f.journal {
                    j.append(e)?;
                }
                f.unjournaled.remove(0);
            }
            Ok(())
        })();
        match result {
            Ok(()) => {
                f.problem = None;
                true
            }
            Err(e) => {
                f.problem = Some(format!(
                    "cannot write the journal {}: {e}",
                    f.doc.journal_path().display()
                ));
                false
            }
        }
    }

    /// The plan's text as a save writes it: ratings as they stand, the change log extended.
    fn text_to_save(&mut self) -> Result<String, MeetingError> {
        let base = self.plan.changes.len();
        self.plan
            .changes
            .extend(self.pending.iter().filter_map(|p| match p {
                Pending::Change(c) => Some(c.clone()),
                _ => None,
            }));
        let text = store::to_canonical(&self.plan);
        self.plan.changes.truncate(base);
        Ok(text?)
    }

    /// Save over the file loaded; never over someone else's edit, never over a read-only
    /// file. The journal first records which file the save writes, so a crash between the
    /// save and the journal's removal never replays what the file holds.
    pub fn save(&mut self) -> Result<PathBuf, MeetingError> {
        self.save_to(None)
    }

    /// Save under a new name (never over an existing file); later saves go there.
    pub fn save_as(&mut self, path: &Path) -> Result<PathBuf, MeetingError> {
        self.save_to(Some(path))
    }

    fn save_to(&mut self, new_path: Option<&Path>) -> Result<PathBuf, MeetingError> {
        if new_path.is_none() {
            self.writable()?;
        }
        if self.file.is_none() {
            return Err(MeetingError::NoFile);
        }
        let text = self.text_to_save()?;
        let fp = journal::fingerprint(text.as_bytes());
        let Some(f) = &mut self.file else {
            return Err(MeetingError::NoFile);
        };
        if new_path.is_none() {
            f.doc.check_unchanged()?;
        }
        if let Some(j) = &mut f.journal {
            // Best effort: without it, replay still skips cells that hold their new value.
            let _ = j.append(&Entry::Commit { file: fp });
        }
        let old_journal = f.doc.journal_path();
        let path = match new_path {
            None => f.doc.save(&text)?,
            Some(p) => f.doc.save_as(p, &text)?,
        };
        // The changes are safe in the file now: the journal has nothing the file lacks.
        f.journal = None;
        f.unjournaled.clear();
        f.problem = None;
        let _ = journal::remove(&old_journal);
        if new_path.is_some() {
            self.access = match lock::acquire(f.doc.target(), &Holder::me(&self.user, self.started))
            {
                Ok(l) => Access::Writer(l),
                Err(LockError::Held(h)) => Access::ReadOnly(h),
                Err(e @ LockError::Io { .. }) => Access::Unlocked(e.to_string()),
            };
        }
        self.committed();
        Ok(path)
    }

    /// After a save: the pending entries are in the file's log.
    fn committed(&mut self) {
        for p in self.pending.drain(..) {
            if let Pending::Change(c) = p {
                self.plan.changes.push(c);
            }
        }
        for s in self.done.iter_mut().chain(self.undone.iter_mut()) {
            s.log = None;
        }
    }

    /// Leaving: a journal holding nothing unsaved goes; with unsaved changes the caller has
    /// asked the user, who chose to discard them: the journal is kept aside, not deleted.
    pub fn close(&mut self) -> Result<Option<PathBuf>, MeetingError> {
        let dirty = self.is_dirty();
        let now = self.clock.now();
        let Some(f) = &mut self.file else {
            return Ok(None);
        };
        if matches!(self.access, Access::ReadOnly(_)) {
            return Ok(None);
        }
        f.journal = None;
        let path = f.doc.journal_path();
        if !path.exists() {
            return Ok(None);
        }
        if dirty {
            return Ok(Some(journal::move_aside(&path, "discarded", now)?));
        }
        journal::remove(&path)?;
        Ok(None)
    }
}
