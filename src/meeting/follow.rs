//! A read-only copy that follows the writer: it reads the writer's journal as it grows and
//! applies each complete entry (the journal's sequence numbers and checksums are checked by
//! `journal::parse`, which stops at a torn line: the rest is applied when it is whole), and
//! reads the plan again when the writer saves (the file's fingerprint changes). When the
//! writer lets go of the plan (quits, or its process ends), the pen is free: one call takes
//! the lock, reads the plan as the file has it and offers the last writer's unsaved journal,
//! if it left one, for replay, so nothing is applied twice.
//!
//! It looks by polling the files' metadata (two `stat`s a look), not by change
//! notifications: the same on a local disk and on a network share, where notifications
//! do not arrive.

use std::fs;
use std::path::Path;
use std::time::SystemTime;

use chrono::{DateTime, Utc};

use super::{Meeting, MeetingError, ReadOnly, edit, replay, take_lock};
use crate::model::Index;
use crate::store::journal::{self, Entry, Header};
use crate::store::lock::{self, Holder};
use crate::store::{self, LoadError};

/// What changes when a file is written or replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    ino: u64,
}

fn stamp(path: &Path) -> Option<Stamp> {
    let m = fs::metadata(path).ok()?;
    #[cfg(unix)]
    let ino = std::os::unix::fs::MetadataExt::ino(&m);
    #[cfg(not(unix))]
    let ino = 0;
    Some(Stamp {
        len: m.len(),
        modified: m.modified().ok(),
        ino,
    })
}

/// A follower's place in the writer's files.
#[derive(Debug, Default)]
pub(super) struct Follow {
    plan: Option<Stamp>,
    journal: Option<Stamp>,
    /// The header of the journal being followed (a new journal starts again).
    header: Option<Header>,
    /// How many of its entries are applied.
    applied: usize,
    /// When the last change was received.
    last: Option<DateTime<Utc>>,
    /// Nobody holds the plan: the pen is free to take.
    pen_free: bool,
}

/// What one look at the writer's files found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Followed {
    /// The writer's changes applied.
    pub applied: usize,
    /// Entries that did not fit the plan as read (left out; the next save brings the truth).
    pub skipped: usize,
    /// The writer saved: the plan was read again.
    pub reloaded: bool,
    /// The pen became free with this look (the writer quit or its process ended).
    pub pen_freed: bool,
}

impl Followed {
    /// Did anything the screen shows change?
    pub fn changed(&self) -> bool {
        self.applied > 0 || self.reloaded
    }
}

/// Where a follower stands, for the banner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Following {
    /// Who holds the pen, as its lock file says.
    pub writer: Option<Holder>,
    /// When the last change arrived from the writer.
    pub last: Option<DateTime<Utc>>,
    /// The writer has let go: the pen can be taken.
    pub pen_free: bool,
}

impl Meeting {
    /// Is this copy following another's writing (read-only because someone holds the
    /// plan), and where does it stand?
    pub fn following(&self) -> Option<Following> {
        match self.read_only()? {
            ReadOnly::Held(h) => Some(Following {
                writer: h.clone(),
                last: self.follow.last,
                pen_free: self.follow.pen_free,
            }),
            ReadOnly::NoLock(_) => None,
        }
    }

    /// A follower whose writer has let go: the pen is there to take.
    pub fn pen_free(&self) -> bool {
        self.following().is_some_and(|f| f.pen_free)
    }

    /// Look at the writer's files: apply what its journal gained, read the plan again if
    /// it saved, and notice when it has let go. Only a follower looks.
    pub fn follow(&mut self) -> Result<Followed, MeetingError> {
        let mut out = Followed::default();
        if self.following().is_none() {
            return Ok(out);
        }
        let Some(f) = &self.file else {
            return Ok(out);
        };
        let target = f.doc.target().to_path_buf();
        let journal_path = f.doc.journal_path();
        let path = f.doc.path.clone();
        match lock::probe(&target) {
            Ok(Some(holder)) => {
                self.follow.pen_free = false;
                if let Some(file) = &mut self.file
                    && holder.is_some()
                {
                    file.writer = Err(ReadOnly::Held(holder));
                }
            }
            Ok(None) => {
                out.pen_freed = !self.follow.pen_free;
                self.follow.pen_free = true;
            }
            // Cannot tell: keep what was known.
            Err(_) => {}
        }
        let plan_stamp = stamp(&target);
        if plan_stamp != self.follow.plan {
            self.follow.plan = plan_stamp;
            let (plan, bytes) = read_plan(&target, &path)?;
            if self.file.as_ref().map(|f| f.doc.base()) != Some(&journal::fingerprint(&bytes)) {
                self.take_plan(plan, bytes);
                out.reloaded = true;
            }
        }
        let journal_stamp = stamp(&journal_path);
        if journal_stamp != self.follow.journal || out.reloaded {
            self.follow.journal = journal_stamp;
            self.apply_journal(&journal_path, &target, &path, &mut out)?;
        }
        if out.changed() {
            self.follow.last = Some(self.clock.now());
        }
        Ok(out)
    }

    /// Apply the entries the writer's journal has gained since the last look.
    fn apply_journal(
        &mut self,
        journal_path: &Path,
        target: &Path,
        path: &Path,
        out: &mut Followed,
    ) -> Result<(), MeetingError> {
        let Ok(Some(found)) = journal::read(journal_path) else {
            // None yet (or gone with a save): nothing to apply.
            self.follow.header = None;
            self.follow.applied = 0;
            return Ok(());
        };
        let base = self.file.as_ref().map(|f| f.doc.base().to_string());
        let Some(header) = found.header.filter(|h| Some(&h.plan) == base.as_ref()) else {
            // Made on another version of the file (a save in progress): the plan's change
            // is seen first, then this journal or its successor.
            return Ok(());
        };
        let same = self.follow.header.as_ref().is_some_and(|h| {
            h.started == header.started && h.pid == header.pid && h.host == header.host
        });
        if !same || found.entries.len() < self.follow.applied {
            if self.follow.applied > 0 {
                // Another journal over the same file (the writer reloaded, or another
                // writer): start again from the file.
                let (plan, bytes) = read_plan(target, path)?;
                self.take_plan(plan, bytes);
                out.reloaded = true;
            }
            self.follow.applied = 0;
            self.follow.header = Some(header);
        }
        for e in &found.entries[self.follow.applied.min(found.entries.len())..] {
            match self.apply_followed(e) {
                Ok(true) => out.applied += 1,
                Ok(false) => {}
                Err(_) => out.skipped += 1,
            }
        }
        self.follow.applied = found.entries.len();
        Ok(())
    }

    /// One of the writer's entries, applied here (not journaled: this copy writes
    /// nothing). `false` for an entry that changes nothing here (a save's marker).
    fn apply_followed(&mut self, e: &Entry) -> Result<bool, MeetingError> {
        let (plan, index) = (&mut self.plan, &mut self.index);
        match e {
            Entry::Apply(c) | Entry::Redo(c) => edit::apply(plan, index, c)?,
            Entry::Revert(c) => edit::apply(plan, index, &edit::inverse(c))?,
            Entry::Amend { now, .. } => edit::apply(plan, index, now)?,
            Entry::AddPeriod(p) => edit::add_period(plan, index, p)?,
            Entry::RemovePeriod(id) => edit::remove_period(plan, index, id)?,
            Entry::Record(m) | Entry::Rerecord(m) => edit::apply_minute(plan, index, m)?,
            Entry::Unrecord(m) => edit::apply_minute(plan, index, &m.inverse())?,
            Entry::Commit { .. } | Entry::Saving => return Ok(false),
        }
        Ok(true)
    }

    /// The plan as read from the file becomes this copy's, with nothing of its own left.
    pub(super) fn take_plan(&mut self, plan: crate::model::Plan, bytes: Vec<u8>) {
        self.plan = plan;
        self.index = Index::build(&self.plan);
        self.done.clear();
        self.undone.clear();
        self.pending.clear();
        if let Some(f) = &mut self.file {
            f.doc.rebase(&bytes);
        }
    }

    /// Take the pen: the lock, if nobody holds it. The plan is read as the file has it;
    /// an unsaved journal the last writer left is offered for replay, as on opening, so
    /// what this copy showed live is applied once. `ReadOnly(Held(who))` when someone
    /// else took it first.
    pub fn take_pen(&mut self) -> Result<(), MeetingError> {
        let Some(f) = &self.file else {
            return Err(MeetingError::NoFile);
        };
        if f.writer.is_ok() {
            return Ok(());
        }
        let target = f.doc.target().to_path_buf();
        let path = f.doc.path.clone();
        let me = Holder::me(&self.user, self.clock.now());
        let w = match take_lock(&target, &me) {
            Ok(w) => w,
            Err(why) => {
                if let Some(f) = &mut self.file {
                    f.writer = Err(why.clone());
                }
                return Err(MeetingError::ReadOnly(why));
            }
        };
        let (plan, bytes) = read_plan(&target, &path)?;
        self.take_plan(plan, bytes);
        store::clean_temps(&target);
        let identity = journal::identity(&self.plan);
        let now = self.clock.now();
        let Some(f) = &self.file else {
            return Err(MeetingError::NoFile);
        };
        let found = replay::find(&f.doc, &w.lock, &identity, now);
        self.notices = found.notices;
        self.recovery = found.recovery.and_then(|rec| self.rehearse(rec, &w.lock));
        if let Some(f) = &mut self.file {
            f.writer = Ok(w);
        }
        self.follow = Follow::default();
        Ok(())
    }
}

impl Meeting {
    /// Hand the pen over: let go of the plan's lock and follow from now on, so another
    /// screen can take it. Only with nothing unsaved: the pen passes with the plan saved.
    pub fn hand_over(&mut self) -> Result<(), MeetingError> {
        self.not_saving()?;
        if self.is_dirty() {
            return Err(MeetingError::Unsaved(self.unsaved()));
        }
        if self.recovery.is_some() {
            return Err(MeetingError::RecoveryPending);
        }
        let Some(f) = &mut self.file else {
            return Err(MeetingError::NoFile);
        };
        if f.writer.is_err() {
            return Ok(());
        }
        // Dropping the writer's state lets go of the lock (its journal is empty: nothing
        // is unsaved).
        f.writer = Err(ReadOnly::Held(Some(Holder::me(
            &self.user,
            self.clock.now(),
        ))));
        self.follow = Follow {
            pen_free: true,
            ..Follow::default()
        };
        Ok(())
    }
}

/// The plan file read and checked, with its bytes.
pub(super) fn read_plan(
    target: &Path,
    path: &Path,
) -> Result<(crate::model::Plan, Vec<u8>), MeetingError> {
    let bytes = store::read_regular(target, store::MAX_PLAN_BYTES).map_err(|e| LoadError {
        problems: vec![store::Problem {
            file: path.to_path_buf(),
            at: None,
            message: e.to_string(),
        }],
    })?;
    let plan = store::parse(store::decode(&bytes, path)?, path)?;
    Ok((plan, bytes))
}
