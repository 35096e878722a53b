//! The plan file being edited: where it lives, what we expect to find there, its journal,
//! and saving without ever clobbering someone else's edit.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::journal::{self, Journal, Recovered};
use super::{BUNDLED, BUNDLED_NAME, to_canonical, write_atomic};
use crate::model::Plan;
use crate::model::session::Op;

#[derive(Debug)]
pub struct Document {
    pub path: PathBuf,
    /// The bytes we expect at `path`: as loaded or last saved. `None`: no file there yet.
    pub on_disk: Option<Vec<u8>>,
    /// Fingerprint of the plan the session's ops apply to.
    base: String,
    journal: Option<Journal>,
}

#[derive(Debug)]
pub enum SaveError {
    /// The file on disk is not the one loaded: someone else changed it.
    Conflict(PathBuf),
    /// Save-as target exists already.
    Exists(PathBuf),
    Io(PathBuf, io::Error),
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SaveError::Conflict(p) => write!(
                f,
                "{} has changed on disk since it was loaded: not overwritten",
                p.display()
            ),
            SaveError::Exists(p) => {
                write!(f, "{} exists already: choose another name", p.display())
            }
            SaveError::Io(p, e) => write!(f, "cannot save {}: {e}", p.display()),
        }
    }
}

impl Document {
    /// A plan loaded from `path` with these bytes.
    pub fn open(path: &Path, bytes: Vec<u8>) -> Document {
        Document {
            path: path.to_path_buf(),
            base: journal::fingerprint(&bytes),
            on_disk: Some(bytes),
            journal: None,
        }
    }

    /// The bundled plan: saved under its own name in `dir`, which must not hold one already.
    pub fn bundled_in(dir: &Path) -> Document {
        Document {
            path: dir.join(BUNDLED_NAME),
            base: journal::fingerprint(BUNDLED.as_bytes()),
            on_disk: None,
            journal: None,
        }
    }

    pub fn journal_path(&self) -> PathBuf {
        journal::path_for(&self.path)
    }

    /// What an earlier session of this plan left unsaved, if anything. A journal holding
    /// only the history of a save holds nothing unsaved.
    pub fn recover(&self) -> io::Result<Option<Recovered>> {
        Ok(journal::read(&self.journal_path())?.filter(|r| r.unsaved() > 0 || r.unreadable > 0))
    }

    /// Whether a journal is open for this session (none until the first edit after a save).
    pub fn journal_open(&self) -> bool {
        self.journal.is_some()
    }

    /// Whether recovered ops were made on the plan as it is now.
    pub fn matches(&self, recovered: &Recovered) -> bool {
        recovered.plan == self.base
    }

    /// Append an op to the journal (starting one on the first edit), flushed to disk.
    pub fn record(&mut self, op: &Op) -> io::Result<()> {
        if self.journal.is_none() {
            self.journal = Some(Journal::create(&self.journal_path(), &self.base)?);
        }
        match &mut self.journal {
            Some(j) => j.append(op),
            None => Ok(()),
        }
    }

    /// Start the journal afresh with `ops` (after replaying an old one).
    pub fn restart_journal(&mut self, ops: &[Op]) -> io::Result<()> {
        self.journal = None;
        journal::remove(&self.journal_path())?;
        for op in ops {
            self.record(op)?;
        }
        Ok(())
    }

    pub fn discard_journal(&mut self) -> io::Result<()> {
        self.journal = None;
        journal::remove(&self.journal_path())
    }

    /// Save to `path`: refuse if the file there is not the one loaded; atomic write; then the
    /// journal is no longer needed.
    pub fn save(&mut self, plan: &Plan) -> Result<PathBuf, SaveError> {
        let path = self.path.clone();
        let current = match fs::read(&path) {
            Ok(b) => Some(b),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(SaveError::Io(path, e)),
        };
        if current != self.on_disk {
            return Err(SaveError::Conflict(path));
        }
        self.write(&path, plan)
    }

    /// Save under a new name (never over an existing file); later saves go there.
    pub fn save_as(&mut self, path: &Path, plan: &Plan) -> Result<PathBuf, SaveError> {
        if path.exists() {
            return Err(SaveError::Exists(path.to_path_buf()));
        }
        self.write(path, plan)
    }

    fn write(&mut self, path: &Path, plan: &Plan) -> Result<PathBuf, SaveError> {
        let io_err = |e| SaveError::Io(path.to_path_buf(), e);
        let text = to_canonical(plan).map_err(|e| io_err(io::Error::other(e)))?;
        write_atomic(path, text.as_bytes()).map_err(io_err)?;
        // The changes are safe in the file now: the old journal goes.
        self.discard_journal().map_err(io_err)?;
        self.path = path.to_path_buf();
        self.base = journal::fingerprint(text.as_bytes());
        self.on_disk = Some(text.into_bytes());
        Ok(path.to_path_buf())
    }
}
