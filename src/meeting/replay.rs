//! Recovering what an earlier session left in its journal, and re-applying this session's
//! edits over a file someone else changed (reload). Each entry is checked against the plan
//! as it is now: it applies only where the cell still holds the value the entry started
//! from. A cell that already holds the entry's result is left alone (a crash after a save
//! never doubles it); any other value is a conflict for the user to settle, never
//! overwritten.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::PathBuf;

use chrono::{DateTime, Utc};

use super::edit::{self, Edit};
use super::{Meeting, MeetingError, Pending, Step};
use crate::model::minutes::{self, Fit};
use crate::model::{Change, Minute, Rating};
use crate::store::document::Document;
use crate::store::journal::{self, Damage, Entry, Header, Journal};
use crate::store::lock::Lock;

/// An earlier session's journal, found on opening the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Recovery {
    pub path: PathBuf,
    pub header: Option<Header>,
    /// Entries the file does not have, in order.
    pub entries: Vec<Entry>,
    /// Where reading stopped early, if it did.
    pub damage: Option<Damage>,
    /// The file is not the one the entries were made on (someone saved since).
    pub plan_changed: bool,
    /// The journal could not be read at all (or belongs to another plan): why, and where
    /// it was moved.
    pub unreadable: Option<(String, Option<PathBuf>)>,
    /// The unsaved edits replaying it makes (see `count`).
    pub changes: usize,
    /// Entries that will meet a different value in the file.
    pub conflicts: usize,
}

impl Recovery {
    /// How many unsaved edits replaying it makes, counted as the meeting counts them
    /// (`unsaved`): found by replaying it on a copy of the plan when the plan is opened, so
    /// the dialog's count and the replay's are one figure.
    pub fn count(&self) -> usize {
        self.changes
    }
}

/// A replayed entry that met a different value in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub item: String,
    pub period: String,
    /// What the file holds.
    pub file: Option<Rating>,
    /// What the journal's entries leave the cell at.
    pub journal: Option<Rating>,
    /// The journal's progress text for the action, where it set one.
    pub progress: Option<Option<String>>,
    pub who: String,
    pub when: DateTime<Utc>,
    pub note: Option<String>,
    /// The cell is a priority's judgement by the board, not an action's rating.
    pub judgement: bool,
}

impl Conflict {
    fn fold(&mut self, c: &Change, to: Option<Rating>) {
        self.journal = to;
        if c.note.is_some() {
            self.note = c.note.clone();
        }
        if let Some(p) = &c.progress {
            self.progress = Some(p.to.clone());
        }
    }
}

/// How a conflict is settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// The file's value stands; the journal's is dropped.
    KeepFile,
    /// The journal's value is recorded as a new change over the file's.
    TakeJournal,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReplayReport {
    /// Entries applied (a change, its undo and its redo are three).
    pub applied: usize,
    /// The unsaved edits the meeting holds after it: what the header counts.
    pub changes: usize,
    /// Entries whose result the file already holds.
    pub already: usize,
    /// Entries naming items or periods the plan no longer has.
    pub skipped: usize,
    pub conflicts: usize,
    pub damage: Option<Damage>,
    /// Where the old journal was kept (when damaged or in conflict).
    pub kept_at: Option<PathBuf>,
}

/// What opening a plan found beside it.
#[derive(Debug, Default)]
pub(super) struct Found {
    pub recovery: Option<Recovery>,
    /// What was done that the user should hear of.
    pub notices: Vec<String>,
}

/// Look for an earlier session's journal beside `doc`. One the file already holds in full
/// (its last save completed) is removed; one that cannot be read, or that belongs to
/// another plan, is moved aside and never replayed. Only the lock's holder looks.
pub(super) fn find(doc: &Document, lock: &Lock, identity: &str, now: DateTime<Utc>) -> Found {
    let path = lock.journal_path();
    let unreadable = |reason: String| {
        let moved = journal::move_aside(lock, "unreadable", now).ok();
        Found {
            recovery: Some(Recovery {
                path: path.clone(),
                header: None,
                entries: Vec::new(),
                damage: None,
                plan_changed: false,
                unreadable: Some((reason, moved)),
                changes: 0,
                conflicts: 0,
            }),
            notices: Vec::new(),
        }
    };
    let r = match journal::read(&path) {
        Ok(None) => return Found::default(),
        Ok(Some(r)) => r,
        Err(e) => return unreadable(e.to_string()),
    };
    let Some(header) = &r.header else {
        if fs::metadata(&path).is_ok_and(|m| m.len() == 0) {
            // Created, then the process died before its first line: nothing in it.
            let _ = journal::remove(lock);
            return Found {
                recovery: None,
                notices: vec![format!(
                    "An empty journal {} (a session that stopped before writing anything to it) was removed: it held no changes.",
                    path.display()
                )],
            };
        }
        let reason = r.damage.map_or_else(String::new, |d| d.reason);
        return unreadable(reason);
    };
    if header.identity.as_deref().is_some_and(|id| id != identity) {
        let title = header.title.as_deref().unwrap_or("another plan");
        return unreadable(format!(
            "it was written for another plan (\u{201c}{title}\u{201d}), not this one"
        ));
    }
    let base = doc.base();
    let (from, plan_changed) = match journal::unsaved_from(&r.entries, base) {
        Some(i) => (i, false),
        None => (0, header.plan != base),
    };
    let entries: Vec<Entry> = r.entries[from..]
        .iter()
        .filter(|e| !e.is_mark())
        .cloned()
        .collect();
    if entries.is_empty() && r.damage.is_none() {
        // Everything in it is in the file: the save completed before the crash.
        let _ = journal::remove(lock);
        return Found::default();
    }
    Found {
        recovery: Some(Recovery {
            path,
            header: r.header,
            entries,
            damage: r.damage,
            plan_changed,
            unreadable: None,
            changes: 0,
            conflicts: 0,
        }),
        notices: Vec::new(),
    }
}

impl Meeting {
    /// Apply what the earlier session left, checking each entry against the file.
    pub fn replay(&mut self) -> Result<ReplayReport, MeetingError> {
        let rec = self.recovery.take().ok_or(MeetingError::NothingToReplay)?;
        if rec.unreadable.is_some() {
            return Ok(ReplayReport::default());
        }
        // On a plan changed since the journal began, some entries may no longer fit it
        // (a colleague settled the same record otherwise): they are left out, never forced.
        let may_leave_out = rec.plan_changed;
        if rec.damage.is_some() || rec.conflicts > 0 || may_leave_out {
            // The old journal holds what we could not use: keep a copy beside the plan
            // before anything (a dialog, a rewrite) can drop it.
            let aside = journal::sibling(&rec.path, &format!(".replayed-{}", self.stamp()));
            if let Err(e) = fs::copy(&rec.path, &aside) {
                self.recovery = Some(rec);
                return Err(e.into());
            }
            self.kept = Some(aside);
        }
        let mut report = self.replay_entries(rec.entries.clone(), rec.plan_changed);
        if report.skipped > 0 {
            if self.kept.is_none() {
                // Not expected on an unchanged plan; kept all the same before the rewrite.
                let aside = journal::sibling(&rec.path, &format!(".replayed-{}", self.stamp()));
                if fs::copy(&rec.path, &aside).is_ok() {
                    self.kept = Some(aside);
                }
            }
            if let Some(k) = &self.kept {
                self.left_out = Some((report.skipped, k.clone()));
            }
        } else if may_leave_out
            && rec.damage.is_none()
            && rec.conflicts == 0
            && report.conflicts == 0
        {
            // Every entry was used: the copy holds nothing the plan lacks.
            if let Some(k) = self.kept.take() {
                let _ = fs::remove_file(k);
            }
        }
        report.damage = rec.damage.clone();
        report.kept_at = self.kept.clone();
        self.rewrite_journal();
        Ok(report)
    }

    /// Set what the earlier session left aside, unapplied: the journal is moved, not
    /// deleted. Returns where it went.
    pub fn discard_recovery(&mut self) -> Result<Option<PathBuf>, MeetingError> {
        let Some(rec) = self.recovery.take() else {
            return Ok(None);
        };
        if let Some((_, moved)) = rec.unreadable {
            return Ok(moved);
        }
        let now = self.clock.now();
        let Some(w) = self.writer() else {
            return Ok(None);
        };
        Ok(Some(journal::move_aside(&w.lock, "discarded", now)?))
    }

    /// Settle conflict `i`. Taking the journal's value records it as a new change over the
    /// file's, with a note saying so.
    pub fn resolve(&mut self, i: usize, choice: Choice) -> Result<Option<Change>, MeetingError> {
        let Some(c) = self.conflicts.get(i).cloned() else {
            return Ok(None);
        };
        let made = match choice {
            Choice::KeepFile => None,
            Choice::TakeJournal => {
                let note = format!(
                    "restored from {}'s unsaved change of {}{}",
                    c.who,
                    c.when.format("%Y-%m-%d %H:%M"),
                    c.note
                        .as_deref()
                        .map(|n| format!(": {n}"))
                        .unwrap_or_default()
                );
                if c.judgement {
                    Some(self.judge(&c.item, &c.period, c.journal, Some(note))?)
                } else {
                    let progress = c.progress.as_ref().map(|p| p.as_deref().unwrap_or(""));
                    Some(self.rate(&c.item, &c.period, c.journal, Some(note), progress)?)
                }
            }
        };
        self.conflicts.remove(i);
        Ok(made)
    }

    /// Read the file again (someone saved it) and re-apply this session's unsaved edits
    /// over it, as replay does: conflicts where both changed a cell.
    pub fn reload(&mut self) -> Result<ReplayReport, MeetingError> {
        self.not_saving()?;
        self.writable()?;
        let Some(f) = &self.file else {
            return Err(MeetingError::NoFile);
        };
        let (plan, bytes) = super::follow::read_plan(f.doc.target(), &f.doc.path)?;
        let entries = self.unsaved_entries();
        // Before anything can drop them (a conflict settled for the file's value): keep
        // this session's edits in a file of their own beside the plan.
        let header = self.header(f.doc.base());
        let now = self.clock.now();
        let Some(w) = self.writer_mut() else {
            return Err(MeetingError::NoFile);
        };
        let kept = Journal::keep(&w.lock, "reload", &header, &entries, now)?;
        self.take_plan(plan, bytes);
        if let Some(w) = self.writer_mut() {
            w.journal = None;
            w.unjournaled.clear();
        }
        let mut report = self.replay_entries(entries, false);
        if report.conflicts > 0 {
            report.kept_at = Some(kept.clone());
            self.kept = Some(kept);
        } else {
            // Every edit is applied again and in the new journal: the copy holds nothing more.
            let _ = fs::remove_file(&kept);
        }
        self.rewrite_journal();
        Ok(report)
    }

    /// The session's unsaved edits as journal entries, in order.
    pub(super) fn unsaved_entries(&self) -> Vec<Entry> {
        let mut all = self.entries_of(self.saving_entries());
        all.extend(self.entries_of(&self.pending));
        all
    }

    /// Journal entries that bring a plan to where these edits left it.
    pub(super) fn entries_of(&self, pending: &[Pending]) -> Vec<Entry> {
        pending
            .iter()
            .filter_map(|p| match p {
                Pending::Change(c) => Some(Entry::Apply(c.clone())),
                Pending::AddPeriod(id) => self.plan.period(id).cloned().map(Entry::AddPeriod),
                Pending::RemovePeriod(id) => Some(Entry::RemovePeriod(id.clone())),
                Pending::Minute(m) => Some(Entry::Record(m.clone())),
            })
            .collect()
    }

    fn stamp(&self) -> String {
        self.clock.now().format("%Y%m%dT%H%M%S").to_string()
    }

    /// After a replay: the journal holds exactly what was applied, over the file as it is.
    pub(super) fn rewrite_journal(&mut self) {
        let Some(base) = self.file.as_ref().map(|f| f.doc.base().to_string()) else {
            return;
        };
        let header = self.header(&base);
        let Some(w) = self.writer_mut() else {
            return;
        };
        w.batching = false;
        if w.unjournaled.is_empty() {
            w.journal = None;
            let _ = journal::remove(&w.lock);
            return;
        }
        match Journal::replace(&w.lock, &header, &w.unjournaled) {
            Ok(j) => {
                w.journal = Some(j);
                w.unjournaled.clear();
                w.problem = None;
            }
            Err(e) => {
                w.journal = None;
                w.problem = Some(format!(
                    "cannot write the journal {}: {e}",
                    w.lock.journal_path().display()
                ));
            }
        }
    }

    /// Apply journal entries in order, each checked against the cell it names: an entry
    /// applies where the cell holds what it started from, is "already there" where the cell
    /// holds its result, and is a conflict otherwise. Which entries the file already holds
    /// is never guessed from its change log (a change undone and redone across a save is in
    /// the log and not in the cell): the journal's commit markers settle that before this.
    /// An undo and a redo replay as an undo and a redo, so the audit trail comes out as the
    /// session left it.
    ///
    /// `plan_changed`: the file is not the one the journal began on, so it may hold some
    /// of the entries (saved by a build that wrote no commit marker). A change that alters
    /// nothing in the cell (a note) cannot be told by value: there, and only there, the
    /// file's change log says whether it is in.
    pub(super) fn replay_entries(
        &mut self,
        entries: Vec<Entry>,
        plan_changed: bool,
    ) -> ReplayReport {
        if let Some(w) = self.writer_mut() {
            w.batching = true;
        }
        let mut report = ReplayReport::default();
        let mut open: HashMap<(String, String), usize> = HashMap::new();
        let logged: HashSet<ChangeKey> = if plan_changed {
            self.plan.changes.iter().map(key_of).collect()
        } else {
            HashSet::new()
        };
        for e in entries {
            let result = match e {
                Entry::Commit { .. } | Entry::Saving => Ok(Outcome::Already),
                Entry::AddPeriod(p) => match self.index.period(&p.id) {
                    Some(_) => Ok(Outcome::Already),
                    None => self.add_period(p).map(|_| Outcome::Applied),
                },
                Entry::RemovePeriod(id) => self.replay_remove_period(&id),
                Entry::Apply(c) if c.from == c.to && logged.contains(&key_of(&c)) => {
                    Ok(Outcome::Already)
                }
                Entry::Apply(c) => self.replay_change(&mut open, c, false),
                Entry::Redo(c) => {
                    if matches!(self.peek_redo(), Some(Edit::Change(r)) if *r == c)
                        && edit::starts_from(&self.plan, &self.index, &c).unwrap_or(false)
                    {
                        self.redo().map(|_| Outcome::Applied)
                    } else {
                        self.replay_change(&mut open, c, false)
                    }
                }
                Entry::Revert(c) => self.replay_change(&mut open, c, true),
                Entry::Record(m) => self.replay_minute(m, Way::New),
                Entry::Rerecord(m) => self.replay_minute(m, Way::Redo),
                Entry::Unrecord(m) => self.replay_minute(m, Way::Undo),
                Entry::Amend { was, now } => {
                    if self.amendable(&now.item, &now.period) == Some(&was) {
                        self.amend(was, now).map(|()| Outcome::Applied)
                    } else {
                        // Its change was not replayed as it was: the amended change stands
                        // for it, checked like any other.
                        self.replay_change(&mut open, now, false)
                    }
                }
            };
            match result {
                Ok(Outcome::Applied) => report.applied += 1,
                Ok(Outcome::Already) => report.already += 1,
                Ok(Outcome::Conflict) => {}
                Err(_) => report.skipped += 1,
            }
        }
        report.conflicts = self.conflicts.len();
        report.changes = self.unsaved();
        report
    }

    /// One minute of the board's, made anew, redone or undone (`way`). It applies where the
    /// plan holds what it starts from and is already there where the plan holds its result;
    /// where the plan holds something else (a colleague settled the same action since), it
    /// is left out and counted as no longer fitting the plan, never forced over the file.
    /// A redo replays as a redo and a new minute as a new one, even when the two are equal
    /// (settled, reopened, settled again): they leave different audit trails.
    fn replay_minute(&mut self, m: Minute, way: Way) -> Result<Outcome, MeetingError> {
        edit::check_minute(&self.plan, &self.index, &m)?;
        let step = match way {
            Way::New => None,
            Way::Redo => self.peek_redo(),
            Way::Undo => self.peek_undo(),
        };
        let undo = way == Way::Undo;
        if matches!(step, Some(Edit::Minute(x)) if *x == m) {
            let forward = if undo { m.inverse() } else { m.clone() };
            if minutes::fit(&self.plan, &forward) == Fit::Applies {
                return if undo { self.undo() } else { self.redo() }.map(|_| Outcome::Applied);
            }
        }
        if !undo {
            return match minutes::fit(&self.plan, &m) {
                Fit::Applies => self.minute(m).map(|()| Outcome::Applied),
                Fit::Already => Ok(Outcome::Already),
                Fit::Differs => Err(MeetingError::Stale),
            };
        }
        let back = m.inverse();
        match minutes::fit(&self.plan, &back) {
            Fit::Applies => {
                // Undoing a minute saved before this journal began.
                edit::apply_minute(&mut self.plan, &mut self.index, &back)?;
                self.pending.push(Pending::Minute(back));
                self.undone.push(Step {
                    edit: Edit::Minute(m.clone()),
                    log: Some(self.pending.len() - 1),
                    saving: false,
                });
                self.journal(Entry::Unrecord(m));
                Ok(Outcome::Applied)
            }
            Fit::Already => Ok(Outcome::Already),
            Fit::Differs => Err(MeetingError::Stale),
        }
    }

    fn replay_remove_period(&mut self, id: &str) -> Result<Outcome, MeetingError> {
        if self.index.period(id).is_none() {
            return Ok(Outcome::Already);
        }
        if matches!(self.peek_undo(), Some(Edit::AddPeriod(p)) if p.id == id) {
            return self.undo().map(|_| Outcome::Applied);
        }
        edit::remove_period(&mut self.plan, &mut self.index, id)?;
        self.pending.push(Pending::RemovePeriod(id.to_string()));
        self.journal(Entry::RemovePeriod(id.to_string()));
        Ok(Outcome::Applied)
    }

    /// One rating entry: `revert` for an undo. Where the cell holds something else than the
    /// entry started from, the entry (and any later one on that cell) becomes a conflict.
    fn replay_change(
        &mut self,
        open: &mut HashMap<(String, String), usize>,
        c: Change,
        revert: bool,
    ) -> Result<Outcome, MeetingError> {
        let key = (c.item.clone(), c.period.clone());
        let forward = if revert { edit::inverse(&c) } else { c.clone() };
        if let Some(&i) = open.get(&key) {
            self.conflicts[i].fold(&forward, forward.to);
            return Ok(Outcome::Conflict);
        }
        edit::check(&self.plan, &self.index, &c)?;
        if revert && self.last_change() == Some(&c) {
            return self.undo().map(|_| Outcome::Applied);
        }
        if edit::starts_from(&self.plan, &self.index, &forward)? {
            if revert {
                // Undoing a change saved before this journal began: a reversal in the log.
                edit::apply(&mut self.plan, &mut self.index, &forward)?;
                self.pending.push(Pending::Change(self.reversal(&c)));
                self.undone.push(Step {
                    edit: Edit::Change(c.clone()),
                    log: Some(self.pending.len() - 1),
                    saving: false,
                });
                self.journal(Entry::Revert(c));
            } else {
                self.do_change(c)?;
            }
            return Ok(Outcome::Applied);
        }
        let (rating, progress) = edit::value(&self.plan, &self.index, &c)?;
        let there = rating == forward.to.filter(|r| *r != 0)
            && forward.progress.as_ref().is_none_or(|p| p.to == progress);
        if there {
            return Ok(Outcome::Already);
        }
        let mut conflict = Conflict {
            item: c.item.clone(),
            period: c.period.clone(),
            file: rating,
            journal: forward.to,
            progress: None,
            who: c.who.clone(),
            when: c.when,
            note: None,
            judgement: c.judgement,
        };
        conflict.fold(&forward, forward.to);
        open.insert(key, self.conflicts.len());
        self.conflicts.push(conflict);
        Ok(Outcome::Conflict)
    }
}

type ChangeKey = (
    String,
    DateTime<Utc>,
    String,
    String,
    Option<Rating>,
    Option<Rating>,
);

fn key_of(c: &Change) -> ChangeKey {
    (
        c.who.clone(),
        c.when,
        c.item.clone(),
        c.period.clone(),
        c.from,
        c.to,
    )
}

/// How a journaled minute was made.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Way {
    New,
    Redo,
    Undo,
}

enum Outcome {
    Applied,
    Already,
    Conflict,
}
