//! Saving while the meeting goes on. A save takes the plan as it stands when it begins
//! (its priorities shared, not copied: an edit made meanwhile copies only the priority it
//! touches) and the edits it writes; the slow part (the text, the write, the checks, the
//! rename) runs anywhere, touching nothing of the meeting; edits made meanwhile are
//! journaled as usual and stay unsaved.
//!
//! The journal says which of its entries a save holds: a `Saving` mark where the save
//! began, and before the new file takes the plan's name, a `Commit` naming that file and
//! pointing back at the mark. A crash anywhere replays exactly the edits the file on disk
//! lacks: those made during the save included.
//!
//! [`Meeting::save`] runs the steps in a row; the terminal runs the slow ones on a thread
//! of their own (`app::saver`).

use std::path::{Path, PathBuf};

use super::{Meeting, MeetingError, Pending, forget_journal, save_note, take_lock};
use crate::model::{Change, Plan};
use crate::store;
use crate::store::document::{Document, Landed, Written};
use crate::store::journal::{self, Entry};
use crate::store::lock::Holder;

/// A save under way, as the meeting keeps it.
#[derive(Debug)]
pub(super) struct InFlight {
    /// The edits the save writes, taken out of `pending` when it began: put back in
    /// front of it if the save fails.
    entries: Vec<Pending>,
    /// Where to: `None` over the file loaded.
    to: Option<PathBuf>,
    /// The journal could not take the save's mark and went (its entries are to be
    /// written again in full if the save fails).
    journal_dropped: bool,
}

impl InFlight {
    pub(super) fn entries(&self) -> &[Pending] {
        &self.entries
    }
}

/// What a save writes, taken from the meeting when it began. It holds nothing of the
/// meeting's, so it can be written on another thread while the meeting goes on.
#[derive(Debug)]
pub struct SaveJob {
    /// The plan as the save began, its priorities and log shared with the meeting's.
    plan: Plan,
    /// The edits it writes, at the end of the log (kept apart: the log is not copied).
    more: Vec<Change>,
    doc: Document,
    to: Option<PathBuf>,
}

impl SaveJob {
    /// The plan as the save began (its log without the edits the save adds to it).
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The edits the save writes at the end of the plan's log.
    pub fn edits(&self) -> &[Change] {
        &self.more
    }

    /// The slow half: the plan's text, written beside the file (checked unchanged first
    /// when saving over it), flushed to disk and locked. Nothing is replaced yet. The
    /// job goes with it: what it shared with the meeting is the meeting's alone again
    /// (adding the save's edits to the log then copies nothing).
    pub fn write(mut self) -> Result<Written, MeetingError> {
        // The text goes to the file a part at a time, never held whole (124 MB at
        // 100,000 actions).
        let (plan, more) = (&mut self.plan, &self.more);
        let fill = |w: &mut dyn std::io::Write| store::write_canonical(plan, more, w);
        Ok(match &self.to {
            None => self.doc.write_over_with(fill)?,
            Some(p) => self.doc.write_as_with(p, fill)?,
        })
    }
}

impl Meeting {
    /// Is a save under way?
    pub fn saving(&self) -> bool {
        self.saving.is_some()
    }

    pub(super) fn not_saving(&self) -> Result<(), MeetingError> {
        match self.saving {
            Some(_) => Err(MeetingError::SaveUnderWay),
            None => Ok(()),
        }
    }

    /// Start a save (over the file loaded, or under a new name `to`): the meeting marks
    /// where it begins and hands back what to write. Edits may go on meanwhile; the save
    /// ends with [`Meeting::mark_written`] and [`Meeting::finish_save`].
    pub fn begin_save(&mut self, to: Option<&Path>) -> Result<SaveJob, MeetingError> {
        self.not_saving()?;
        if to.is_none() {
            self.writable()?;
        }
        let Some(f) = &self.file else {
            return Err(MeetingError::NoFile);
        };
        let doc = f.doc.clone();
        let plan = self.plan.clone();
        let more = self
            .pending
            .iter()
            .filter_map(Pending::change)
            .cloned()
            .collect();
        // A journal that holds edits marks where the save begins; with none, whatever is
        // journaled from now on is after it. The mark counts only once the save's Commit
        // follows it, which is flushed to disk, taking the mark with it: not waited for.
        if let Some(w) = self.writer_mut()
            && (w.journal.is_some() || !w.unjournaled.is_empty())
        {
            let marked = w.unjournaled.is_empty()
                && w.journal
                    .as_mut()
                    .is_some_and(|j| j.append_unsynced(&Entry::Saving).is_ok());
            if !marked {
                self.journal(Entry::Saving);
            }
        }
        // The edits taken are the save's until it is done: not undone or redone meanwhile.
        for s in self.done.iter_mut().chain(self.undone.iter_mut()) {
            s.saving = s.log.is_some();
        }
        self.saving = Some(InFlight {
            entries: std::mem::take(&mut self.pending),
            to: to.map(Path::to_path_buf),
            journal_dropped: false,
        });
        Ok(SaveJob {
            plan,
            more,
            doc,
            to: to.map(Path::to_path_buf),
        })
    }

    /// The save's file is written, about to take the plan's name: the journal records
    /// which file holds which of its entries, so a crash between the rename and the
    /// journal's rewrite never replays (and doubles) what the file holds. Where that
    /// record cannot be written, the journal goes, and its entries stay in memory.
    pub fn mark_written(&mut self, fingerprint: &str) {
        // Only a save over the file marks its journal (a save under a new name leaves it).
        if self.saving.as_ref().is_none_or(|s| s.to.is_some()) {
            return;
        }
        let mark = Entry::Commit {
            file: fingerprint.to_string(),
            since_saving: true,
        };
        let Some(w) = self.writer_mut() else { return };
        let Some(j) = &mut w.journal else { return };
        if j.append(&mark).is_ok() {
            return;
        }
        w.journal = None;
        if journal::remove(&w.lock).is_err() {
            return;
        }
        // What the save does not hold is written again, into a new journal.
        let after = self.entries_of(&self.pending);
        if let Some(w) = self.writer_mut() {
            w.unjournaled = after;
        }
        if let Some(s) = &mut self.saving {
            s.journal_dropped = true;
        }
    }

    /// The save's outcome: on success the edits it took are in the file's change log,
    /// the file is the one expected from now on, and the journal keeps only what was
    /// done meanwhile; on failure they are unsaved again, in front of those.
    pub fn finish_save(
        &mut self,
        outcome: Result<Landed, MeetingError>,
    ) -> Result<PathBuf, MeetingError> {
        let Some(inflight) = self.saving.take() else {
            return Err(MeetingError::NoSaveUnderWay);
        };
        match outcome {
            Ok(landed) => Ok(self.landed(inflight, landed)),
            Err(e) => {
                self.restore(inflight);
                Err(e)
            }
        }
    }

    fn landed(&mut self, inflight: InFlight, mut landed: Landed) -> PathBuf {
        let me = Holder::me(&self.user, self.started);
        let meanwhile = self.entries_of(&self.pending);
        let path = landed.saved.path.clone();
        if let Some(f) = &mut self.file {
            f.doc.landed(&landed);
            f.save_note = save_note(&landed.saved);
            match (&inflight.to, &mut f.writer) {
                (None, Ok(w)) => {
                    if let Some(l) = landed.locked.take() {
                        w.lock.hold(l);
                    }
                    let replaced = w.lock.release_unnamed();
                    // Closing the last handle on the replaced file frees it, which takes
                    // tens of milliseconds for a large plan: not on the screen's thread.
                    if !replaced.is_empty() {
                        std::thread::spawn(move || drop(replaced));
                    }
                }
                (None, Err(_)) => {}
                (Some(_), writer) => {
                    // A writer's journal was for the old file. A read-only copy never had
                    // one: the writer's is not ours to touch. The new file's lock; the
                    // old one goes as it is replaced.
                    if let Ok(w) = writer {
                        forget_journal(w);
                    }
                    f.writer = take_lock(f.doc.target(), &me);
                }
            }
        }
        // The journal holds only what was done during the save, over the file as saved
        // (nothing: it goes).
        self.journal_anew(meanwhile);
        self.plan
            .changes
            .extend(inflight.entries.iter().filter_map(Pending::change).cloned());
        // The save's edits are in the file: undoing one now records its reversal.
        for s in self.done.iter_mut().chain(self.undone.iter_mut()) {
            if s.saving {
                s.saving = false;
                s.log = None;
            }
        }
        self.kept = None;
        path
    }

    /// A save that failed: its edits are unsaved again, before those made meanwhile.
    fn restore(&mut self, inflight: InFlight) {
        let taken = inflight.entries.len();
        for s in self.done.iter_mut().chain(self.undone.iter_mut()) {
            if s.saving {
                // Its entry is back where it was, at the front.
                s.saving = false;
            } else if let Some(i) = &mut s.log {
                *i += taken;
            }
        }
        let mut pending = inflight.entries;
        pending.append(&mut self.pending);
        self.pending = pending;
        if inflight.journal_dropped {
            self.journal_anew(self.entries_of(&self.pending));
        }
    }

    /// The journal written anew over the file as it now is, holding `entries` (none: it
    /// is removed).
    fn journal_anew(&mut self, entries: Vec<Entry>) {
        if let Some(w) = self.writer_mut() {
            w.unjournaled = entries;
            w.problem = None;
        }
        self.rewrite_journal();
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

    /// A whole save, its steps in a row.
    fn save_to(&mut self, to: Option<&Path>) -> Result<PathBuf, MeetingError> {
        let job = self.begin_save(to)?;
        let outcome = job.write().and_then(|written| {
            self.mark_written(written.fingerprint());
            Ok(written.place()?)
        });
        self.finish_save(outcome)
    }
}
