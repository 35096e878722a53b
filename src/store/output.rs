//! Where a command writes its output (`-o`, or a merge's result): never over a file the
//! command reads, whatever name that file goes by (the same file is the same device and
//! inode, so another path, a symlink or a hard link are all caught), and never over a plan
//! open in a meeting (its writer holds an exclusive lock on the plan: a lock we cannot take
//! is someone's meeting).
//!
//! The checks are made again while the output is written, holding the lock on the file
//! being replaced until the new one is in its place: no meeting can open it in between.
//! The new file goes in with no gap between a check and a rename: a no-clobber rename where
//! no file was, an atomic exchange (then a look at what was displaced, swapped back if it
//! is not the file examined) where one was. A command that must not overwrite (import)
//! creates its output with a no-clobber rename, so a file made by someone else between the
//! check and the write is never replaced.

use std::fs::{self, File, TryLockError};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A file's identity: the same file by any name has the same device and inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileId {
    dev: u64,
    ino: u64,
}

impl FileId {
    /// The identity of an open file.
    #[cfg(unix)]
    pub fn of_file(file: &File) -> io::Result<FileId> {
        Ok(FileId::of_meta(&file.metadata()?))
    }

    #[cfg(unix)]
    pub(super) fn of_meta(m: &fs::Metadata) -> FileId {
        use std::os::unix::fs::MetadataExt;
        FileId {
            dev: m.dev(),
            ino: m.ino(),
        }
    }

    /// The identity of the file `path` names (a symlink is followed); `None` when there is
    /// no file there.
    #[cfg(unix)]
    pub fn of_path(path: &Path) -> io::Result<Option<FileId>> {
        match fs::metadata(path) {
            Ok(m) => Ok(Some(FileId::of_meta(&m))),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// Why an output was not written. Nothing is written in every case.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The output is a file the command reads.
    #[error(
        "{}: {}: refused, writing the output there would destroy it; choose another file",
        output.display(),
        same_as(output, input)
    )]
    IsInput { output: PathBuf, input: PathBuf },
    /// The output is a plan open in a meeting.
    #[error(
        "{}: the plan is open in a meeting{}: refused, it is not written over while open; \
         choose another file, or close the meeting first",
        output.display(),
        holder.as_ref().map(|h| format!(" ({h})")).unwrap_or_default()
    )]
    InMeeting {
        output: PathBuf,
        holder: Option<String>,
    },
    /// The command writes only new files, and this one exists.
    #[error("{}: exists already: choose another name", .0.display())]
    Exists(PathBuf),
    /// A folder, device, FIFO or socket: `-o` writes regular files.
    #[error(
        "{}: not a regular file ({kind}): -o writes a file; leave out -o to write to standard output",
        output.display()
    )]
    NotAFile { output: PathBuf, kind: &'static str },
    /// The file at the output's name changed while the output was being written.
    #[error("{}: the file changed while the output was written: not written over", .0.display())]
    Changed(PathBuf),
    #[error("{}: cannot write: {source}", output.display())]
    Io { output: PathBuf, source: io::Error },
}

fn same_as(output: &Path, input: &Path) -> String {
    if output == input {
        "is the input file itself".into()
    } else {
        format!(
            "is the same file as the input {} (another name for it)",
            input.display()
        )
    }
}

/// The output's state, checked: whether a file is there (its identity) and the locks we
/// hold on it until the output is in its place.
#[derive(Debug)]
struct Checked {
    existing: Option<FileId>,
    /// Held exclusively so no meeting opens the file while we replace it.
    _locks: Vec<File>,
}

/// Refuse `output` if it is one of `inputs` (by identity), a plan open in a meeting, or not
/// a regular file. Call before doing the work, to fail early; the write checks again.
pub fn check(output: &Path, inputs: &[&Path]) -> Result<(), OutputError> {
    examine(output, inputs).map(drop)
}

/// As [`check`], for a command that writes only new files: an existing file is refused too.
pub fn check_new(output: &Path, inputs: &[&Path]) -> Result<(), OutputError> {
    match examine(output, inputs)?.existing {
        Some(_) => Err(OutputError::Exists(output.to_path_buf())),
        None => Ok(()),
    }
}

fn examine(output: &Path, inputs: &[&Path]) -> Result<Checked, OutputError> {
    let io_err = |source| OutputError::Io {
        output: output.to_path_buf(),
        source,
    };
    let meta = match fs::metadata(output) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(io_err(e)),
    };
    let Some(meta) = meta else {
        return Ok(Checked {
            existing: None,
            _locks: Vec::new(),
        });
    };
    if !meta.is_file() {
        return Err(OutputError::NotAFile {
            output: output.to_path_buf(),
            kind: super::kind_of(&meta.file_type()),
        });
    }
    let id = FileId::of_meta(&meta);
    for input in inputs {
        if FileId::of_path(input).ok().flatten() == Some(id) {
            return Err(OutputError::IsInput {
                output: output.to_path_buf(),
                input: input.to_path_buf(),
            });
        }
    }
    let mut locks = Vec::new();
    // The meeting's writer holds an exclusive lock on the plan file itself (every name of
    // it meets that lock), or, in earlier builds, on `PLAN.lock` beside it: check both.
    let target = super::resolve(output).map_err(io_err)?;
    let lock_file = super::journal::sibling(&target, ".lock");
    for (path, must_exist) in [(target.as_path(), true), (lock_file.as_path(), false)] {
        let file = match open_to_lock(path) {
            Ok(f) => f,
            Err(e) if !must_exist && e.kind() == io::ErrorKind::NotFound => continue,
            // A file we may not read is one we cannot lock either; the write still needs
            // the folder's permission, and says so if it lacks it.
            Err(e) if e.kind() == io::ErrorKind::PermissionDenied => continue,
            Err(e) => return Err(io_err(e)),
        };
        match file.try_lock() {
            Ok(()) => locks.push(file),
            Err(TryLockError::WouldBlock) => {
                return Err(OutputError::InMeeting {
                    output: output.to_path_buf(),
                    holder: holder_of(&lock_file),
                });
            }
            Err(TryLockError::Error(e)) => return Err(io_err(e)),
        }
    }
    // The lock is on the file we looked at: if the name now names another, look again
    // (the caller sees the change as an error rather than a loop).
    let now = locks
        .first()
        .map(FileId::of_file)
        .transpose()
        .map_err(io_err)?;
    if now.is_some_and(|n| n != id) {
        return Err(OutputError::Changed(output.to_path_buf()));
    }
    Ok(Checked {
        existing: Some(id),
        _locks: locks,
    })
}

/// Write `contents` to `output`, replacing any file there atomically (the old file or the
/// new, never half), unless it is one of `inputs` or a plan open in a meeting. The lock on
/// the file replaced is held until the new one is in place. The new file takes the old
/// one's place in one step and the file it displaced is checked to be the one examined
/// (an atomic exchange; see [`put_in_place`]); where nothing was there, it is moved in only
/// if nothing is there yet. A file swapped in under the name at any moment is never
/// written over.
pub fn replace(output: &Path, inputs: &[&Path], contents: &[u8]) -> Result<(), OutputError> {
    replace_with(output, inputs, contents, || {})
}

/// As [`replace`], with a hook run after the checks and before the file is put in place:
/// tests land another process's file in that window.
fn replace_with(
    output: &Path,
    inputs: &[&Path],
    contents: &[u8],
    meanwhile: impl FnOnce(),
) -> Result<(), OutputError> {
    let checked = examine(output, inputs)?;
    let before = checked.existing;
    meanwhile();
    let result = put_in_place(output, contents, before.is_some(), |p| {
        Ok(FileId::of_path(p)? == before)
    });
    drop(checked);
    result
}

/// Write `contents` to `path`, a file the command has read and changes (`.gitattributes`),
/// only if the file there still holds `expected` (`None`: no file was there): an edit
/// made by someone else since it was read is never lost. Atomic, as [`replace`].
pub fn update(path: &Path, expected: Option<&[u8]>, contents: &[u8]) -> Result<(), OutputError> {
    let expected = expected.map(super::Content::of);
    put_in_place(path, contents, expected.is_some(), |p| {
        super::file_holds(p, expected)
    })
}

/// Put a new file holding `contents` at `output`'s name, if the file there is still the
/// one the caller saw: `was_there` says whether there was one, and `still(path)` whether
/// the file at `path` is it.
///
/// - Nothing was there: a no-clobber rename, so a file made meanwhile is never replaced.
/// - A file was there: the new file and the old are exchanged in one step (Linux's
///   `renameat2(RENAME_EXCHANGE)`), and the file now at the temporary name is checked; if
///   it is not the one seen, they are swapped back and nothing is lost. Where the
///   filesystem cannot exchange, the check is made just before the rename (as a save is).
fn put_in_place(
    output: &Path,
    contents: &[u8],
    was_there: bool,
    still: impl Fn(&Path) -> io::Result<bool>,
) -> Result<(), OutputError> {
    let io_err = |source| OutputError::Io {
        output: output.to_path_buf(),
        source,
    };
    let changed = || OutputError::Changed(output.to_path_buf());
    let (target, tmp) = super::write_temp(output, contents).map_err(|e| match e {
        super::WriteError::ReadOnly(p) => OutputError::Io {
            output: p,
            source: io::Error::new(
                io::ErrorKind::PermissionDenied,
                "the file is read-only: not overwritten",
            ),
        },
        super::WriteError::Io { source, .. } => io_err(source),
    })?;
    match super::put_in_place(tmp, &target, was_there, still) {
        Ok(_) => Ok(()),
        Err(super::PlaceError::Changed) => Err(changed()),
        Err(super::PlaceError::Io(e)) => Err(io_err(e)),
    }
}

/// Write `contents` to `output`, which must not exist: a temporary file beside it, flushed
/// to disk, then moved to its name only if nothing is there yet (never a check and then a
/// rename that could replace a file made in between).
pub fn create(output: &Path, inputs: &[&Path], contents: &[u8]) -> Result<(), OutputError> {
    if examine(output, inputs)?.existing.is_some() {
        return Err(OutputError::Exists(output.to_path_buf()));
    }
    let io_err = |source| OutputError::Io {
        output: output.to_path_buf(),
        source,
    };
    let dir = super::folder_of(output);
    let prefix = format!(
        ".{}.",
        output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    );
    let mut tmp = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(".ragboard-tmp")
        .tempfile_in(&dir)
        .map_err(io_err)?;
    tmp.write_all(contents).map_err(io_err)?;
    readable_by_all(tmp.as_file()).map_err(io_err)?;
    tmp.as_file().sync_all().map_err(io_err)?;
    tmp.persist_noclobber(output).map_err(|e| {
        if e.error.kind() == io::ErrorKind::AlreadyExists {
            OutputError::Exists(output.to_path_buf())
        } else {
            io_err(e.error)
        }
    })?;
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// The identity of the file standard output writes to, when it is a regular file (output
/// redirected with `>` or `>>`).
#[cfg(unix)]
pub fn stdout_file() -> Option<FileId> {
    use std::os::fd::AsFd;
    let fd = io::stdout().as_fd().try_clone_to_owned().ok()?;
    let meta = File::from(fd).metadata().ok()?;
    meta.is_file().then(|| FileId::of_meta(&meta))
}

/// Which of `inputs` standard output writes to, if any.
pub fn stdout_is_one_of<'p>(inputs: &[&'p Path]) -> Option<&'p Path> {
    let out = stdout_file()?;
    inputs
        .iter()
        .find(|p| FileId::of_path(p).ok().flatten() == Some(out))
        .copied()
}

/// A new output is readable by all, as a saved plan is.
#[cfg(unix)]
fn readable_by_all(file: &File) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(fs::Permissions::from_mode(0o644))
}

/// Is `path` (an existing file) a plan open in a meeting? Looks only: takes no lock it
/// keeps, writes nothing. `Some(holder)` when it is (the holder as far as known).
pub fn open_in_meeting(path: &Path) -> Option<Option<String>> {
    match examine(path, &[]) {
        Err(OutputError::InMeeting { holder, .. }) => Some(holder),
        _ => None,
    }
}

/// Open for taking a lock: read-only, never blocking on a FIFO, never following a symlink
/// at the last step (the path is already resolved).
#[cfg(unix)]
fn open_to_lock(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW)
        .open(path)
}

/// Who holds the lock, as the lock file says (`user on host`), if it says.
fn holder_of(lock_file: &Path) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Who {
        user: String,
        host: String,
    }
    let bytes = super::read_regular(lock_file, 4096).ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    let who: Who = ron::from_str(text.trim()).ok()?;
    Some(format!("by {} on {}", who.user, who.host))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_file_by_another_name_is_the_input() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("p.ron");
        fs::write(&plan, "plan").unwrap();
        let hard = dir.path().join("h.ron");
        fs::hard_link(&plan, &hard).unwrap();
        let soft = dir.path().join("s.ron");
        std::os::unix::fs::symlink(&plan, &soft).unwrap();
        let dotted = dir.path().join(".").join("p.ron");
        for out in [&plan, &hard, &soft, &dotted] {
            let e = replace(out, &[&plan], b"report").unwrap_err();
            assert!(matches!(e, OutputError::IsInput { .. }), "{out:?}: {e}");
        }
        assert_eq!(fs::read(&plan).unwrap(), b"plan");
        let other = dir.path().join("r.md");
        replace(&other, &[&plan], b"report").unwrap();
        assert_eq!(fs::read(&other).unwrap(), b"report");
        replace(&other, &[&plan], b"again").unwrap();
        assert_eq!(fs::read(&other).unwrap(), b"again");
    }

    #[test]
    fn a_locked_file_is_open_in_a_meeting() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("p.ron");
        fs::write(&plan, "plan").unwrap();
        let held = File::open(&plan).unwrap();
        held.lock().unwrap();
        let e = replace(&plan, &[], b"x").unwrap_err();
        assert!(matches!(e, OutputError::InMeeting { .. }), "{e}");
        assert!(open_in_meeting(&plan).is_some());
        drop(held);
        assert!(open_in_meeting(&plan).is_none());
        // The lock file of earlier builds, beside the plan, with who holds it.
        let lock = dir.path().join("p.ron.lock");
        fs::write(&lock, "(user:\"ann\",host:\"hq\",pid:7,since:\"x\")\n").unwrap();
        let held = File::open(&lock).unwrap();
        held.lock().unwrap();
        let e = replace(&plan, &[], b"x").unwrap_err();
        assert!(e.to_string().contains("(by ann on hq)"), "{e}");
        drop(held);
        replace(&plan, &[], b"x").unwrap();
        assert_eq!(fs::read(&plan).unwrap(), b"x");
    }

    #[test]
    fn create_never_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("new.ron");
        create(&out, &[], b"one").unwrap();
        let e = create(&out, &[], b"two").unwrap_err();
        assert!(matches!(e, OutputError::Exists(_)), "{e}");
        assert_eq!(fs::read(&out).unwrap(), b"one");
        let e = create(dir.path(), &[], b"two").unwrap_err();
        assert!(e.to_string().contains("(a folder)"), "{e}");
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let e = replace(&fifo, &[], b"two").unwrap_err();
        assert!(e.to_string().contains("(a FIFO)"), "{e}");
    }

    #[test]
    fn a_file_swapped_in_while_replacing_is_never_written_over() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("report.md");
        fs::write(&out, "old report").unwrap();
        // Someone replaces the file (a new inode) after the checks, before ours lands.
        let e = replace_with(&out, &[], b"ours", || {
            let theirs = dir.path().join("theirs");
            fs::write(&theirs, "their plan").unwrap();
            fs::rename(&theirs, &out).unwrap();
        })
        .unwrap_err();
        assert!(matches!(e, OutputError::Changed(_)), "{e}");
        assert_eq!(fs::read(&out).unwrap(), b"their plan");
        // Nothing of ours is left beside it.
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "{names:?}");
        // With nothing there at the check, a file made meanwhile is kept as well.
        let new = dir.path().join("new.md");
        let e =
            replace_with(&new, &[], b"ours", || fs::write(&new, "theirs").unwrap()).unwrap_err();
        assert!(matches!(e, OutputError::Changed(_)), "{e}");
        assert_eq!(fs::read(&new).unwrap(), b"theirs");
        // Undisturbed, both go through.
        replace_with(&out, &[], b"ours", || {}).unwrap();
        assert_eq!(fs::read(&out).unwrap(), b"ours");
        fs::remove_file(&new).unwrap();
        replace_with(&new, &[], b"ours", || {}).unwrap();
        assert_eq!(fs::read(&new).unwrap(), b"ours");
    }

    #[test]
    fn update_keeps_an_edit_made_since_the_file_was_read() {
        let dir = tempfile::tempdir().unwrap();
        let attrs = dir.path().join(".gitattributes");
        fs::write(&attrs, "*.txt text\n").unwrap();
        // Read "*.txt text", but someone has added a line since.
        fs::write(&attrs, "*.txt text\n*.png binary\n").unwrap();
        let e = update(&attrs, Some(b"*.txt text\n"), b"*.txt text\n*.ron merge\n").unwrap_err();
        assert!(matches!(e, OutputError::Changed(_)), "{e}");
        assert_eq!(fs::read(&attrs).unwrap(), b"*.txt text\n*.png binary\n");
        // Expected nothing, but a file is there now.
        let e = update(&attrs, None, b"*.ron merge\n").unwrap_err();
        assert!(matches!(e, OutputError::Changed(_)), "{e}");
        // As read: written.
        update(&attrs, Some(b"*.txt text\n*.png binary\n"), b"all\n").unwrap();
        assert_eq!(fs::read(&attrs).unwrap(), b"all\n");
        let fresh = dir.path().join("fresh");
        update(&fresh, None, b"new\n").unwrap();
        assert_eq!(fs::read(&fresh).unwrap(), b"new\n");
    }
}
