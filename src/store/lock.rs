//! One writer per plan. An exclusive OS lock (`flock`) on `PLAN.lock` beside the plan: the
//! operating system drops it when the holder exits or crashes, so a dead owner never leaves
//! it stuck. The file also says who holds it (user, host, pid, since), so a second copy of
//! the app can tell its user who has the plan open, as git does for `index.lock`.

use std::fmt;
use std::fs::{self, File, TryLockError};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Who holds (or asks for) a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    pub user: String,
    pub host: String,
    pub pid: u32,
    pub since: DateTime<Utc>,
}

impl fmt::Display for Holder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} on {} (process {}) since {} UTC",
            self.user,
            self.host,
            self.pid,
            self.since.format("%Y-%m-%d %H:%M")
        )
    }
}

impl Holder {
    /// This process, for `user`.
    pub fn me(user: &str, since: DateTime<Utc>) -> Holder {
        Holder {
            user: user.to_string(),
            host: host_name(),
            pid: std::process::id(),
            since,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another process has the plan open; who, when the lock file says.
    #[error("the plan is open elsewhere{}", .0.as_ref().map(|h| format!(": {h}")).unwrap_or_default())]
    Held(Option<Holder>),
    #[error("cannot take the lock {}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
}

/// A held lock: the proof that this process is the plan's one writer. Everything that
/// creates, rewrites, moves or removes the journal takes it, so a read-only copy (which has
/// none) has no way to touch the writer's journal. Dropping it releases it and removes the
/// holder file.
///
/// Two locks are held. The holder file `PLAN.lock` beside the name the plan was opened by
/// says who holds it. The plan file itself is locked too, by its inode: a hard link or any
/// other name of the same file meets that lock, wherever it lives. A save takes the lock on
/// the new file before renaming it into place, and keeps the old one's, so the name that a
/// save split off (a hard link keeps the old inode) stays locked as well.
#[derive(Debug)]
pub struct Lock {
    file: File,
    path: PathBuf,
    /// The plan's real path (symlinks followed): the journal lives beside it.
    plan: PathBuf,
    /// Every version of the plan file this session has held, locked.
    held: Vec<File>,
}

/// `plan.ron` -> `plan.ron.lock`.
pub fn path_for(plan: &Path) -> PathBuf {
    super::journal::sibling(plan, ".lock")
}

/// Take the lock for the plan file `plan` (its real path, symlinks followed). The plan
/// need not exist yet (a bundled plan not saved so far). Any failure is an error: the
/// caller then opens read-only, saying why.
pub fn acquire(plan: &Path, me: &Holder) -> Result<Lock, LockError> {
    let path = path_for(plan);
    let io_err = |source| LockError::Io {
        path: path.clone(),
        source,
    };
    // A holder may remove the file between our open and our lock, or a save may put a new
    // file in the plan's place: then check the paths still name what we locked, and retry.
    for _ in 0..5 {
        let inode = match lock_plan_file(plan, &path)? {
            PlanFile::Locked(f) => Some(f),
            PlanFile::Missing => None,
        };
        let mut file = match open_holder_file(&path, plan) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(io_err(e)),
        };
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => return Err(LockError::Held(read_holder(&mut file))),
            Err(TryLockError::Error(e)) => return Err(io_err(e)),
        }
        if !same_file(&file, &path, |p| fs::symlink_metadata(p)) {
            continue;
        }
        if let Some(f) = &inode
            && !same_file(f, plan, |p| fs::metadata(p))
        {
            continue;
        }
        let line = ron::to_string(me).map_err(|e| io_err(io::Error::other(e)))?;
        file.set_len(0).map_err(io_err)?;
        file.rewind().map_err(io_err)?;
        writeln!(file, "{line}").map_err(io_err)?;
        file.sync_all().map_err(io_err)?;
        return Ok(Lock {
            file,
            path,
            plan: plan.to_path_buf(),
            held: inode.into_iter().collect(),
        });
    }
    Err(io_err(io::Error::other(
        "the lock file keeps changing under us",
    )))
}

enum PlanFile {
    Locked(File),
    Missing,
}

/// Whether someone holds the plan's lock, asked without taking it: a shared lock on the
/// plan file is refused while a writer holds it exclusively. `Some(holder)` when held
/// (named by the holder file, if it says); `None` when free (or the plan is gone). The
/// shared lock is let go at once: a writer opening in that instant would find it taken,
/// and open read-only, as when two people open a plan at once.
pub fn probe(plan: &Path) -> io::Result<Option<Option<Holder>>> {
    let file = match super::open_options_nonblocking().open(plan) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    match file.try_lock_shared() {
        Ok(()) => {
            let _ = file.unlock();
            Ok(None)
        }
        Err(TryLockError::WouldBlock) => Ok(Some(
            File::open(path_for(plan))
                .ok()
                .and_then(|mut f| read_holder(&mut f)),
        )),
        Err(TryLockError::Error(e)) => Err(e),
    }
}

/// Lock the plan file itself (by inode). Another process holding it is `Held`, with the
/// holder named by the holder file beside `plan` if there is one (a process that opened
/// the plan by another name has its holder file elsewhere).
fn lock_plan_file(plan: &Path, holder: &Path) -> Result<PlanFile, LockError> {
    let io_err = |source| LockError::Io {
        path: plan.to_path_buf(),
        source,
    };
    let file = match super::open_options_nonblocking().open(plan) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(PlanFile::Missing),
        Err(e) => return Err(io_err(e)),
    };
    match file.try_lock() {
        Ok(()) => Ok(PlanFile::Locked(file)),
        Err(TryLockError::WouldBlock) => {
            let named = File::open(holder)
                .ok()
                .and_then(|mut f| read_holder(&mut f));
            Err(LockError::Held(named))
        }
        Err(TryLockError::Error(e)) => Err(io_err(e)),
    }
}

fn read_holder(file: &mut File) -> Option<Holder> {
    let mut text = String::new();
    file.read_to_string(&mut text).ok()?;
    ron::from_str(text.trim()).ok()
}

/// Open (or create) the holder file for writing. Created with the plan's permissions for
/// group and others, so a colleague who may write the plan may also take its lock after
/// us. A file we may not write (another user's, left by a crash) is taken over only when
/// nobody holds it: it is removed and made again, as ours.
fn open_holder_file(path: &Path, plan: &Path) -> io::Result<File> {
    match open_no_follow(path) {
        Ok(f) => {
            set_mode_like(&f, plan);
            Ok(f)
        }
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
            let f = File::open(path).map_err(|_| e)?;
            match f.try_lock() {
                // Held: the caller's own try_lock on this file reports who.
                Err(TryLockError::WouldBlock) => Ok(f),
                Ok(()) => {
                    // Stale: nobody holds it. Replace it with one of ours (needs the folder
                    // to be writable; otherwise the original error stands).
                    fs::remove_file(path)?;
                    drop(f);
                    Err(io::ErrorKind::NotFound.into())
                }
                Err(TryLockError::Error(e)) => Err(e),
            }
        }
        Err(e) => Err(e),
    }
}

#[cfg(unix)]
fn set_mode_like(file: &File, plan: &Path) {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let mode = fs::metadata(plan).map_or(0o644, |m| (m.mode() & 0o666) | 0o600);
    if file.metadata().is_ok_and(|m| m.mode() & 0o777 != mode) {
        // Only the owner may; a colleague's file keeps its mode.
        let _ = file.set_permissions(fs::Permissions::from_mode(mode));
    }
}

#[cfg(not(unix))]
fn set_mode_like(_file: &File, _plan: &Path) {}

impl Lock {
    /// The journal beside the plan.
    pub fn journal_path(&self) -> PathBuf {
        super::journal::path_for(&self.plan)
    }

    /// A new version of the plan file (a save's temporary file, about to be renamed into
    /// place): lock it too, so the plan stays locked across the rename.
    pub fn adopt(&mut self, file: &File) -> io::Result<()> {
        self.hold(lock_version(file)?);
        Ok(())
    }

    /// Keep a version locked by [`lock_version`] (a save made on another thread).
    pub fn hold(&mut self, locked: File) {
        self.held.push(locked);
    }

    /// After a save: let go of the versions no name holds any more (the file a save
    /// replaced, unless a hard link keeps it). Holding them would keep each replaced
    /// version on disk until the meeting ends.
    pub fn release_unnamed(&mut self) -> Vec<File> {
        let (kept, released): (Vec<File>, Vec<File>) = std::mem::take(&mut self.held)
            .into_iter()
            .partition(|f| f.metadata().is_ok_and(|m| super::links(&m) > 0));
        self.held = kept;
        for f in &released {
            let _ = f.unlock();
        }
        // Returned, not closed: closing the last handle on a large file takes a moment,
        // which the caller may spend elsewhere.
        released
    }

    /// How many versions of the plan file this lock holds (for tests).
    pub fn versions_held(&self) -> usize {
        self.held.len()
    }
}

/// A lock on a new version of the plan file, taken before it takes the plan's name: the
/// handle holding it, for the plan's [`Lock`] to keep ([`Lock::hold`]).
pub fn lock_version(file: &File) -> io::Result<File> {
    let f = file.try_clone()?;
    match f.try_lock() {
        Ok(()) => Ok(f),
        Err(TryLockError::WouldBlock) => Err(io::Error::other(
            "the new file is locked by another process",
        )),
        Err(TryLockError::Error(e)) => Err(e),
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still held, so nobody can take a lock on a file about to vanish.
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
        for f in &self.held {
            let _ = f.unlock();
        }
    }
}

#[cfg(unix)]
fn open_no_follow(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
}

#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> io::Result<File> {
    fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
}

/// Whether `path` names the open `file` (the same device and inode). `meta` is
/// `fs::symlink_metadata` to look at the name itself, `fs::metadata` to follow a symlink.
#[cfg(unix)]
fn same_file(file: &File, path: &Path, meta: fn(&Path) -> io::Result<fs::Metadata>) -> bool {
    use super::output::FileId;
    match (file.metadata(), meta(path)) {
        (Ok(a), Ok(b)) => FileId::of_meta(&a) == FileId::of_meta(&b),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path, _meta: fn(&Path) -> io::Result<fs::Metadata>) -> bool {
    path.exists()
}

/// This machine's name, for "who has the plan open".
pub fn host_name() -> String {
    #[cfg(unix)]
    {
        let mut buf = [0u8; 256];
        // SAFETY: the buffer is valid for its whole length; gethostname writes at most that.
        let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
        if rc == 0 {
            let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
            let name = String::from_utf8_lossy(&buf[..end]).into_owned();
            if !name.is_empty() {
                return name;
            }
        }
    }
    std::env::var("HOSTNAME")
        .or_else(|_| std::env::var("COMPUTERNAME"))
        .unwrap_or_else(|_| "unknown host".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn me(user: &str) -> Holder {
        Holder::me(user, Utc::now())
    }

    #[test]
    fn a_second_lock_is_refused_and_names_the_holder() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("plan.ron");
        let first = acquire(&plan, &me("ann")).unwrap();
        match acquire(&plan, &me("bob")) {
            Err(LockError::Held(Some(h))) => {
                assert_eq!(h.user, "ann");
                assert_eq!(h.pid, std::process::id());
            }
            other => panic!("expected Held, got {other:?}"),
        }
        drop(first);
        assert!(!path_for(&plan).exists(), "released and removed");
        let again = acquire(&plan, &me("bob")).unwrap();
        drop(again);
    }

    #[test]
    fn a_stale_lock_file_without_a_holder_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("plan.ron");
        // A crashed owner's file: no process holds the OS lock on it.
        fs::write(path_for(&plan), "garbage").unwrap();
        let lock = acquire(&plan, &me("ann")).unwrap();
        let text = fs::read_to_string(path_for(&plan)).unwrap();
        assert!(text.contains("ann"), "{text}");
        drop(lock);
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_symlink_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("plan.ron");
        let victim = dir.path().join("victim");
        fs::write(&victim, "precious").unwrap();
        std::os::unix::fs::symlink(&victim, path_for(&plan)).unwrap();
        assert!(matches!(
            acquire(&plan, &me("ann")),
            Err(LockError::Io { .. })
        ));
        assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    }
}
