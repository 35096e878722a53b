//! The plan file being edited: where it lives, what we expect to find there, and saving
//! without ever clobbering someone else's edit. The journal and lock sit beside the real
//! file (a symlink is followed), so two users opening one plan through different links
//! still meet the same lock.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::journal;
use super::lock::Lock;
use super::{
    BUNDLED, BUNDLED_NAME, Content, PlaceError, Placed, Source, WriteError, put_in_place, resolve,
};

/// A save that went through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    pub path: PathBuf,
    pub checked: Placed,
    /// Other names (hard links) the old file had: they keep the earlier version.
    pub other_names: u64,
}

/// What a save wrote: its fingerprint (the journal's name for it) and content.
#[derive(Debug, Clone)]
struct Version {
    fingerprint: String,
    content: Content,
}

impl From<super::Source> for Version {
    fn from(s: super::Source) -> Version {
        Version {
            fingerprint: s.fingerprint,
            content: s.content,
        }
    }
}

/// A save over the loaded file: what should still be there, and the new file's lock.
#[derive(Debug)]
struct Over {
    expected: Option<Content>,
    locked: fs::File,
    other_names: u64,
}

/// A new version of the plan written beside its file, waiting to take its name.
#[derive(Debug)]
pub struct Written {
    path: PathBuf,
    target: PathBuf,
    tmp: tempfile::NamedTempFile,
    /// `None`: a save under a new name, which never replaces a file.
    over: Option<Over>,
    version: Version,
}

impl Written {
    /// The fingerprint of what was written: the journal marks it before it takes the name.
    pub fn fingerprint(&self) -> &str {
        &self.version.fingerprint
    }

    /// Give the new file the plan's name, if the file there is still the one loaded (a
    /// new name: if nothing has taken it meanwhile). Changes nothing in the meeting, so
    /// it too may run on another thread; [`Document::landed`] takes the result.
    pub fn place(self) -> Result<Landed, SaveError> {
        let Written {
            path,
            target,
            tmp,
            over,
            version,
        } = self;
        let Some(over) = over else {
            tmp.persist_noclobber(&target).map_err(|e| {
                if e.error.kind() == io::ErrorKind::AlreadyExists {
                    SaveError::Exists(path.clone())
                } else {
                    SaveError::Io {
                        path: path.clone(),
                        source: e.error,
                    }
                }
            })?;
            super::sync_folder(&target);
            return Ok(Landed {
                saved: Saved {
                    path,
                    checked: Placed::New,
                    other_names: 0,
                },
                locked: None,
                version,
            });
        };
        let expected = over.expected;
        let checked = put_in_place(tmp, &target, expected.is_some(), |p| {
            super::file_holds(p, expected)
        })
        .map_err(|e| match e {
            PlaceError::Changed => SaveError::Conflict(path.clone()),
            PlaceError::Io(source) => SaveError::Io {
                path: path.clone(),
                source,
            },
        })?;
        Ok(Landed {
            saved: Saved {
                path,
                checked,
                other_names: over.other_names,
            },
            locked: Some(over.locked),
            version,
        })
    }
}

/// A save that went through, for the meeting to take in.
#[derive(Debug)]
pub struct Landed {
    pub saved: Saved,
    /// The new file's lock, for the plan's [`Lock`] to keep (a save over the file).
    pub locked: Option<fs::File>,
    version: Version,
}

impl Landed {
    pub fn fingerprint(&self) -> &str {
        &self.version.fingerprint
    }
}

#[derive(Debug, Clone)]
pub struct Document {
    /// The path as the user named it (shown in messages).
    pub path: PathBuf,
    /// The real file: `path` with symlinks followed.
    target: PathBuf,
    /// What we expect at `target`: as loaded or last saved (not the bytes: they would be
    /// held, unused, as long as the meeting). `None`: no file there yet.
    on_disk: Option<Content>,
    /// Fingerprint of the plan the session's edits apply to.
    base: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// The file on disk is not the one loaded: someone else changed it.
    #[error("{} has changed on disk since it was loaded: not overwritten", .0.display())]
    Conflict(PathBuf),
    /// Save-as target exists already.
    #[error("{} exists already: choose another name", .0.display())]
    Exists(PathBuf),
    #[error("{} is read-only: not overwritten; save under another name", .0.display())]
    ReadOnly(PathBuf),
    #[error("cannot save {}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
}

impl From<WriteError> for SaveError {
    fn from(e: WriteError) -> SaveError {
        match e {
            WriteError::ReadOnly(p) => SaveError::ReadOnly(p),
            WriteError::Io { path, source } => SaveError::Io { path, source },
        }
    }
}

impl Document {
    /// A plan loaded from `path` with these bytes.
    pub fn open(path: &Path, bytes: &[u8]) -> Document {
        Document {
            path: path.to_path_buf(),
            target: resolve(path).unwrap_or_else(|_| path.to_path_buf()),
            base: journal::fingerprint(bytes),
            on_disk: Some(Content::of(bytes)),
        }
    }

    /// A plan loaded from `path`, whose file held what `source` says ([`super::load`]).
    pub fn loaded(path: &Path, source: &Source) -> Document {
        Document {
            path: path.to_path_buf(),
            target: resolve(path).unwrap_or_else(|_| path.to_path_buf()),
            base: source.fingerprint.clone(),
            on_disk: Some(source.content),
        }
    }

    /// The bundled plan: saved under its own name in `dir`, which must not hold one already.
    pub fn bundled_in(dir: &Path) -> Document {
        Document::bundled_as(dir, BUNDLED_NAME, BUNDLED)
    }

    /// A bundled plan (`text`), saved as `name` in `dir`, which must not hold one already.
    pub fn bundled_as(dir: &Path, name: &str, text: &str) -> Document {
        let path = dir.join(name);
        Document {
            target: path.clone(),
            path,
            base: journal::fingerprint(text.as_bytes()),
            on_disk: None,
        }
    }

    /// The real file, for the lock and journal beside it.
    pub fn target(&self) -> &Path {
        &self.target
    }

    pub fn journal_path(&self) -> PathBuf {
        journal::path_for(&self.target)
    }

    /// Fingerprint of the plan as loaded or last saved.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Save over the file: refused if it is not the one loaded, or read-only. Only the
    /// lock's holder may.
    pub fn save(&mut self, text: &str, lock: &mut Lock) -> Result<Saved, SaveError> {
        self.save_with(text, lock, || {})
    }

    /// As [`Document::save`], with a hook run after the first check and before the file is
    /// put in place: tests use it to land another process's save in that window.
    pub fn save_with(
        &mut self,
        text: &str,
        lock: &mut Lock,
        before_commit: impl FnOnce(),
    ) -> Result<Saved, SaveError> {
        let written = self.write_over(text)?;
        before_commit();
        let mut landed = written.place()?;
        self.landed(&landed);
        if let Some(f) = landed.locked.take() {
            lock.hold(f);
        }
        drop(lock.release_unnamed());
        Ok(landed.saved)
    }

    /// The slow half of a save over the file, which changes nothing here and so may run on
    /// another thread while the meeting goes on: writes `text` beside it, flushed to disk,
    /// and locks the new file before it can take the plan's name (no moment without a
    /// lock). [`Written::place`] finishes it, checking the file there is still the one
    /// loaded as it swaps them (a check before writing too would read the file twice).
    pub fn write_over(&self, text: &str) -> Result<Written, SaveError> {
        self.write_over_with(|w| w.write_all(text.as_bytes()))
    }

    /// As [`Document::write_over`], the text written by `fill` a part at a time (a large
    /// plan's text is never held whole).
    pub fn write_over_with(
        &self,
        fill: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<Written, SaveError> {
        let io_err = |source| SaveError::Io {
            path: self.path.clone(),
            source,
        };
        let (target, tmp, source) = super::write_temp_with(&self.path, fill)?;
        let locked = super::lock::lock_version(tmp.as_file()).map_err(io_err)?;
        let other_names = fs::metadata(&target).map_or(0, |m| super::links(&m).saturating_sub(1));
        Ok(Written {
            path: self.path.clone(),
            target,
            tmp,
            over: Some(Over {
                expected: self.on_disk,
                locked,
                other_names,
            }),
            version: source.into(),
        })
    }

    /// The slow half of a save under a new name (never over an existing file).
    pub fn write_as(&self, path: &Path, text: &str) -> Result<Written, SaveError> {
        self.write_as_with(path, |w| w.write_all(text.as_bytes()))
    }

    /// As [`Document::write_as`], the text written by `fill`.
    pub fn write_as_with(
        &self,
        path: &Path,
        fill: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<Written, SaveError> {
        if fs::symlink_metadata(path).is_ok() {
            return Err(SaveError::Exists(path.to_path_buf()));
        }
        let (target, tmp, source) = super::write_temp_with(path, fill)?;
        Ok(Written {
            path: path.to_path_buf(),
            target,
            tmp,
            over: None,
            version: source.into(),
        })
    }

    /// Save under a new name (never over an existing file, even one that appears while we
    /// write); later saves go there.
    pub fn save_as(&mut self, path: &Path, text: &str) -> Result<PathBuf, SaveError> {
        let landed = self.write_as(path, text)?.place()?;
        self.landed(&landed);
        Ok(landed.saved.path)
    }

    /// A save went through: the file it wrote is the one we expect from now on.
    pub fn landed(&mut self, landed: &Landed) {
        let path = landed.saved.path.clone();
        self.target = resolve(&path).unwrap_or_else(|_| path.clone());
        self.path = path;
        self.base = landed.version.fingerprint.clone();
        self.on_disk = Some(landed.version.content);
    }

    /// Take what is on disk as the new base (after a reload).
    pub fn rebase(&mut self, bytes: &[u8]) {
        self.base = journal::fingerprint(bytes);
        self.on_disk = Some(Content::of(bytes));
    }
}
