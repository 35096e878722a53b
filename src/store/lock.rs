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

/// A held lock; dropping it releases it and removes the lock file.
#[derive(Debug)]
pub struct Lock {
    file: File,
    path: PathBuf,
}

/// `plan.ron` -> `plan.ron.lock`.
pub fn path_for(plan: &Path) -> PathBuf {
    super::journal::sibling(plan, ".lock")
}

/// Take the lock for the plan file `plan` (its real path, symlinks followed).
pub fn acquire(plan: &Path, me: &Holder) -> Result<Lock, LockError> {
    let path = path_for(plan);
    let io_err = |source| LockError::Io {
        path: path.clone(),
        source,
    };
    // A holder may remove the file between our open and our lock: then we hold a lock on a
    // file nobody else will look at, so check the path still names it, and try again.
    for _ in 0..5 {
        let mut file = open_no_follow(&path).map_err(io_err)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut text = String::new();
                let holder = file
                    .read_to_string(&mut text)
                    .ok()
                    .and_then(|_| ron::from_str(text.trim()).ok());
                return Err(LockError::Held(holder));
            }
            Err(TryLockError::Error(e)) => return Err(io_err(e)),
        }
        if !same_file(&file, &path) {
            continue;
        }
        let line = ron::to_string(me).map_err(|e| io_err(io::Error::other(e)))?;
        file.set_len(0).map_err(io_err)?;
        file.rewind().map_err(io_err)?;
        writeln!(file, "{line}").map_err(io_err)?;
        file.sync_all().map_err(io_err)?;
        return Ok(Lock { file, path });
    }
    Err(io_err(io::Error::other(
        "the lock file keeps changing under us",
    )))
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still held, so nobody can take a lock on a file about to vanish.
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
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
        .mode(0o644)
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

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
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
