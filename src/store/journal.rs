//! The journal: a write-ahead log of a meeting's edits, beside the plan, flushed to disk
//! before the edit is reported done, so a crash or a killed terminal loses nothing.
//!
//! Format: one entry per line, `SEQ CRC32 PAYLOAD`, where SEQ counts from 0 (the header),
//! CRC32 is the checksum of PAYLOAD in hex, and PAYLOAD is one RON value. A reader stops at
//! the first line that is torn, out of sequence or fails its checksum, and reports it: a
//! damaged line never shifts what comes after it. Every entry is self-contained (it names
//! the cell and the value it expects to find), so replay needs no history and can check
//! each entry against the file.
//!
//! Only one process writes (see `lock`). Files are created with `create_new` (never through
//! a planted symlink) and read with `O_NOFOLLOW`.

use std::fs::{self, File};
use std::io::{self, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::lock::Lock;
use crate::model::{Change, Minute, Period};

/// Journals larger than this are refused on reading (a meeting writes a few KB).
pub const MAX_JOURNAL_BYTES: u64 = 64 * 1024 * 1024;

/// The first line: which plan bytes the entries apply to, and who wrote them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// Fingerprint of the plan file the entries were made on.
    pub plan: String,
    /// Which plan this is, whatever its ratings ([`identity`]): a journal found beside
    /// another plan is refused, never replayed onto unrelated items by matching ids.
    /// Journals from earlier builds have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<String>,
    /// The plan's title, to say which plan a refused journal belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub user: String,
    pub host: String,
    pub pid: u32,
    pub started: DateTime<Utc>,
}

/// One step of a meeting, as journaled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Entry {
    /// A change made: the cell held `from` (and the progress its `from`).
    Apply(Change),
    /// A change undone and then redone: replayed as a redo, so the audit trail comes out as
    /// the session left it (a new change identical to the undone one, made within the same
    /// second, is an `Apply`). Journals from earlier builds write redos as `Apply`.
    Redo(Change),
    /// A change undone: the cell held `to`, and goes back to `from`.
    Revert(Change),
    /// A note or progress added to the latest change, `was`, which becomes `now`.
    Amend {
        was: Change,
        now: Change,
    },
    AddPeriod(Period),
    /// Undoing `AddPeriod`.
    RemovePeriod(String),
    /// What the board recorded (a decision, its settling, a milestone's call, a review
    /// tick): the plan held what it starts from. Journals from earlier builds also write
    /// redos as `Record`.
    Record(Minute),
    /// A minute undone and then redone: replayed as a redo, so the audit trail comes out as
    /// the session left it (a new minute identical to the undone one is a `Record`).
    Rerecord(Minute),
    /// That minute undone: the plan held its result, and goes back.
    Unrecord(Minute),
    /// A save is about to write a file with this fingerprint: every entry before this one
    /// is in that file (with `since_saving`, every entry before the last `Saving` mark
    /// ahead of it, or none where there is no mark: entries between were made while the
    /// save ran). Written before the rename, so a crash between the save and the
    /// journal's rewrite never replays (and doubles) what the file holds.
    Commit {
        file: String,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        since_saving: bool,
    },
    /// A save began here: it writes the entries before this mark, and edits made while it
    /// runs come after it.
    Saving,
}

impl Entry {
    /// A save's mark, not an edit.
    pub fn is_mark(&self) -> bool {
        matches!(self, Entry::Commit { .. } | Entry::Saving)
    }
}

/// Where the edits a file does not hold begin among a journal's `entries`, when the file
/// has the fingerprint `file`: after the last save that wrote that file (`None`: no save
/// wrote it, so every entry may be missing from it).
pub fn unsaved_from(entries: &[Entry], file: &str) -> Option<usize> {
    let commit = entries
        .iter()
        .rposition(|e| matches!(e, Entry::Commit { file: f, .. } if f == file))?;
    match entries[commit] {
        Entry::Commit {
            since_saving: true, ..
        } => Some(
            entries[..commit]
                .iter()
                .rposition(|e| matches!(e, Entry::Saving))
                .map_or(0, |i| i + 1),
        ),
        _ => Some(commit + 1),
    }
}

/// `plan.ron` -> `plan.ron<suffix>`, in the same folder.
pub fn sibling(plan: &Path, suffix: &str) -> PathBuf {
    let mut name = plan
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(suffix);
    plan.with_file_name(name)
}

/// The journal beside `plan`: `plan.ron` -> `plan.ron.journal`.
pub fn path_for(plan: &Path) -> PathBuf {
    sibling(plan, ".journal")
}

/// A stable fingerprint of file bytes (not for security; to notice a different file): XXH3,
/// 64 bits, and the length. XXH3 reads words, not bytes: 124 MB take about 10 ms where the
/// byte-at-a-time FNV-1a of earlier builds took 0.13 s. The `v2-` prefix keeps the two
/// apart: a journal written by an earlier build names its plan in the old form, matches no
/// file now, and so is offered as made on a plan that has changed since (each entry is
/// still checked against the file on replay).
pub fn fingerprint(bytes: &[u8]) -> String {
    fingerprint_of(xxhash_rust::xxh3::xxh3_64(bytes), bytes.len() as u64)
}

/// The fingerprint of bytes with this XXH3-64 hash and length (hashed as they were read).
pub(crate) fn fingerprint_of(hash: u64, len: u64) -> String {
    format!("v2-{hash:016x}-{len}")
}

/// A plan's identity: what stays the same while a plan is rated, saved, merged and moved
/// (its title and organisation), so a journal can tell its own plan from another.
pub fn identity(plan: &crate::model::Plan) -> String {
    let mut text = plan.title.clone();
    text.push('\n');
    text.push_str(plan.organisation.as_deref().unwrap_or(""));
    format!("id1-{:016x}", xxhash_rust::xxh3::xxh3_64(text.as_bytes()))
}

fn line(seq: u64, payload: &str) -> String {
    format!(
        "{seq} {:08x} {payload}\n",
        crc32fast::hash(payload.as_bytes())
    )
}

fn payload<T: Serialize>(value: &T) -> io::Result<String> {
    // Compact RON escapes newlines inside strings: one value, one line.
    ron::to_string(value).map_err(io::Error::other)
}

/// Where file writes go: a real file, or (in tests) one that fails on demand.
pub trait Sink: Write + Seek + std::fmt::Debug + Send {
    fn sync(&mut self) -> io::Result<()>;
    fn truncate(&mut self, len: u64) -> io::Result<()>;
}

impl Sink for File {
    fn sync(&mut self) -> io::Result<()> {
        self.sync_data()
    }

    fn truncate(&mut self, len: u64) -> io::Result<()> {
        self.set_len(len)
    }
}

/// An open journal, appending.
#[derive(Debug)]
pub struct Journal {
    sink: Box<dyn Sink>,
    path: PathBuf,
    /// Sequence number of the next entry.
    seq: u64,
    /// Length of the journal up to the last entry known to be on disk. A failed write may
    /// leave part of a line: the next attempt cuts it off first, so one full disk never
    /// leaves a torn line in the middle of good ones.
    good_len: u64,
}

impl Journal {
    /// Start the plan's journal. Only the lock's holder may: a read-only copy has no way to
    /// create (or truncate) the writer's journal. A journal already there (a session of ours
    /// that could not finish writing its first line) is kept aside, not written over; a
    /// first line that cannot be written (a full disk) leaves no file behind, so the next
    /// attempt starts afresh.
    pub fn create(lock: &Lock, header: &Header) -> io::Result<Journal> {
        let path = lock.journal_path();
        let file = match create_new(&path) {
            // A file only: anything else in the journal's place is not ours to move.
            Err(e)
                if e.kind() == io::ErrorKind::AlreadyExists
                    && fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) =>
            {
                move_aside(lock, "stale", header.started)?;
                create_new(&path)?
            }
            other => other?,
        };
        Journal::start(Box::new(file), &path, header).inspect_err(|_| {
            let _ = fs::remove_file(&path);
        })
    }

    /// Start a journal on any sink (tests use one that fails on purpose).
    pub fn start(sink: Box<dyn Sink>, path: &Path, header: &Header) -> io::Result<Journal> {
        let mut j = Journal {
            sink,
            path: path.to_path_buf(),
            seq: 0,
            good_len: 0,
        };
        j.write_line(&payload(header)?, true)?;
        Ok(j)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Replace the plan's journal with one holding `entries`, atomically: written in full
    /// beside it, flushed, then renamed over it. At every moment the journal's path holds
    /// the old journal or the new, never a mix.
    pub fn replace(lock: &Lock, header: &Header, entries: &[Entry]) -> io::Result<Journal> {
        let path = lock.journal_path();
        let tmp = sibling(&path, ".new");
        let mut j = write_new(&tmp, header, entries)?;
        fs::rename(&tmp, &path)?;
        super::sync_folder(&path);
        j.path = path;
        Ok(j)
    }

    /// Keep `entries` in a journal file of their own beside the plan's
    /// (`plan.ron.journal.<tag>-<time>`), never overwriting one; returns where. A copy made
    /// before a dialog may drop what it holds from the meeting.
    pub fn keep(
        lock: &Lock,
        tag: &str,
        header: &Header,
        entries: &[Entry],
        now: DateTime<Utc>,
    ) -> io::Result<PathBuf> {
        let to = free_name(&lock.journal_path(), tag, now);
        write_new(&to, header, entries)?;
        Ok(to)
    }

    /// Append one entry and flush it to disk before returning. On failure nothing counts:
    /// the entry may be appended again.
    pub fn append(&mut self, entry: &Entry) -> io::Result<()> {
        self.write_line(&payload(entry)?, true)
    }

    /// Append an entry that matters only once a later one is appended (a save's `Saving`
    /// mark, which its `Commit` follows): written, not waited for on disk (the next
    /// append's flush takes it there too).
    pub fn append_unsynced(&mut self, entry: &Entry) -> io::Result<()> {
        self.write_line(&payload(entry)?, false)
    }

    fn write_line(&mut self, payload: &str, sync: bool) -> io::Result<()> {
        let text = line(self.seq, payload);
        let result = (|| {
            self.sink.truncate(self.good_len)?;
            self.sink.seek(SeekFrom::Start(self.good_len))?;
            self.sink.write_all(text.as_bytes())?;
            self.sink.flush()?;
            if sync { self.sink.sync() } else { Ok(()) }
        })();
        if result.is_ok() {
            self.seq += 1;
            self.good_len += text.len() as u64;
        }
        result
    }
}

/// A journal at `path` holding `entries`, written and flushed. A leftover at `path` (a
/// crash in this very step: the caller holds the plan's lock) is replaced.
fn write_new(path: &Path, header: &Header, entries: &[Entry]) -> io::Result<Journal> {
    remove_file(path)?;
    let file = create_new(path)?;
    let mut j = Journal::start(Box::new(file), path, header)?;
    for e in entries {
        j.append(e)?;
    }
    Ok(j)
}

#[cfg(unix)]
fn create_new(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
fn create_new(path: &Path) -> io::Result<File> {
    fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(path)
}

/// Where and why reading a journal stopped early.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damage {
    /// 1-based line number.
    pub line: usize,
    pub reason: String,
}

/// What an earlier session left in a journal.
#[derive(Debug, Clone, PartialEq)]
pub struct Recovered {
    pub path: PathBuf,
    /// `None` when even the first line could not be read.
    pub header: Option<Header>,
    /// The entries before any damage, in order.
    pub entries: Vec<Entry>,
    pub damage: Option<Damage>,
}

#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("cannot read the journal {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: super::ReadError,
    },
}

/// Read a journal; `None` when there is none. A symlink in its place is refused (read as
/// damaged at line 1), never followed.
pub fn read(path: &Path) -> Result<Option<Recovered>, JournalError> {
    let bytes = match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Ok(m) if m.file_type().is_symlink() => {
            return Ok(Some(Recovered {
                path: path.to_path_buf(),
                header: None,
                entries: Vec::new(),
                damage: Some(Damage {
                    line: 1,
                    reason: "the journal is a symbolic link: not followed".into(),
                }),
            }));
        }
        _ => super::read_regular(path, MAX_JOURNAL_BYTES).map_err(|source| JournalError::Read {
            path: path.to_path_buf(),
            source,
        })?,
    };
    Ok(Some(parse(path, &bytes)))
}

/// Parse journal bytes, stopping at the first damaged line.
pub fn parse(path: &Path, bytes: &[u8]) -> Recovered {
    let mut out = Recovered {
        path: path.to_path_buf(),
        header: None,
        entries: Vec::new(),
        damage: None,
    };
    let mut rest = bytes;
    let mut n = 0usize;
    while !rest.is_empty() {
        n += 1;
        let (raw, after, complete) = match rest.iter().position(|&b| b == b'\n') {
            Some(i) => (&rest[..i], &rest[i + 1..], true),
            None => (rest, &rest[rest.len()..], false),
        };
        rest = after;
        let damage = |reason: &str| {
            Some(Damage {
                line: n,
                reason: reason.to_string(),
            })
        };
        if !complete {
            out.damage = damage("the last line is incomplete (the writer stopped mid-line)");
            break;
        }
        let Some(payload) = check_line(raw, n as u64 - 1) else {
            out.damage = damage("the line is damaged (bad sequence number or checksum)");
            break;
        };
        if n == 1 {
            match ron::from_str::<Header>(payload) {
                Ok(h) => out.header = Some(h),
                Err(_) => {
                    out.damage = damage("the header cannot be read");
                    break;
                }
            }
        } else {
            match ron::from_str::<Entry>(payload) {
                Ok(e) => out.entries.push(e),
                Err(_) => {
                    out.damage = damage("the entry passes its checksum but cannot be read");
                    break;
                }
            }
        }
    }
    if out.header.is_none() && out.damage.is_none() {
        out.damage = Some(Damage {
            line: 1,
            reason: "the journal is empty".into(),
        });
    }
    out
}

/// The payload of a line `SEQ CRC PAYLOAD`, if its sequence and checksum are right.
fn check_line(raw: &[u8], seq: u64) -> Option<&str> {
    let text = std::str::from_utf8(raw).ok()?;
    let mut parts = text.splitn(3, ' ');
    let got_seq: u64 = parts.next()?.parse().ok()?;
    let crc = u32::from_str_radix(parts.next()?, 16).ok()?;
    let payload = parts.next()?;
    (got_seq == seq && crc32fast::hash(payload.as_bytes()) == crc).then_some(payload)
}

/// A name beside `path` nothing has: `plan.ron.journal.<tag>-<time>[-k]`.
fn free_name(path: &Path, tag: &str, now: DateTime<Utc>) -> PathBuf {
    let stamp = now.format("%Y%m%dT%H%M%S");
    let mut to = sibling(path, &format!(".{tag}-{stamp}"));
    let mut k = 1;
    while fs::symlink_metadata(&to).is_ok() {
        k += 1;
        to = sibling(path, &format!(".{tag}-{stamp}-{k}"));
    }
    to
}

/// Move the plan's journal out of the way, keeping it: `plan.ron.journal` ->
/// `plan.ron.journal.<tag>-<time>`. Returns the new path. Only the lock's holder may.
pub fn move_aside(lock: &Lock, tag: &str, now: DateTime<Utc>) -> io::Result<PathBuf> {
    let path = lock.journal_path();
    let to = free_name(&path, tag, now);
    fs::rename(&path, &to)?;
    Ok(to)
}

/// Remove the plan's journal; a missing one is fine. Only the lock's holder may.
pub fn remove(lock: &Lock) -> io::Result<()> {
    remove_file(&lock.journal_path())
}

fn remove_file(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};

    fn header() -> Header {
        Header {
            plan: "abc".into(),
            user: "ann".into(),
            host: "h".into(),
            pid: 1,
            identity: None,
            title: None,
            started: Utc.with_ymd_and_hms(2018, 2, 1, 10, 0, 0).unwrap(),
        }
    }

    fn period(id: &str) -> Entry {
        Entry::AddPeriod(Period {
            id: id.into(),
            label: format!("RAG {id}"),
            date: None,
        })
    }

    /// The lock on a plan in `dir`: the proof needed to write its journal.
    fn lock_in(dir: &Path) -> Lock {
        let me = super::super::lock::Holder::me("ann", Utc::now());
        super::super::lock::acquire(&dir.join("plan.ron"), &me).unwrap()
    }

    #[test]
    fn entries_read_back_and_a_torn_line_stops_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = path_for(&dir.path().join("plan.ron"));
        assert!(read(&path).unwrap().is_none());
        let lock = lock_in(dir.path());
        let mut j = Journal::create(&lock, &header()).unwrap();
        j.append(&period("a")).unwrap();
        j.append(&period("b")).unwrap();
        drop(j);
        let mut f = fs::OpenOptions::new().append(true).open(&path).unwrap();
        write!(f, "3 0000 AddPer").unwrap();
        let r = read(&path).unwrap().unwrap();
        assert_eq!(r.header, Some(header()));
        assert_eq!(r.entries, [period("a"), period("b")]);
        assert_eq!(r.damage.unwrap().line, 4);
    }

    #[test]
    fn a_garbage_line_stops_reading_and_later_good_lines_are_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let lock = lock_in(dir.path());
        let path = lock.journal_path();
        let mut j = Journal::create(&lock, &header()).unwrap();
        for id in ["a", "b", "c"] {
            j.append(&period(id)).unwrap();
        }
        drop(j);
        let text = fs::read_to_string(&path).unwrap();
        let mut lines: Vec<&str> = text.lines().collect();
        lines[2] = "2 deadbeef AddPeriod(Period(id:\"x\",label:\"x\"))";
        let r = parse(&path, (lines.join("\n") + "\n").as_bytes());
        assert_eq!(r.entries, [period("a")], "nothing after the damage is used");
        assert_eq!(r.damage.unwrap().line, 3);
    }

    #[test]
    fn a_line_out_of_sequence_is_damage() {
        let dir = tempfile::tempdir().unwrap();
        let lock = lock_in(dir.path());
        let path = lock.journal_path();
        let mut j = Journal::create(&lock, &header()).unwrap();
        j.append(&period("a")).unwrap();
        j.append(&period("b")).unwrap();
        drop(j);
        let text = fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        // Line 2 twice: a duplicated entry must not apply twice.
        let doubled = format!("{}\n{}\n{}\n{}\n", lines[0], lines[1], lines[1], lines[2]);
        let r = parse(&path, doubled.as_bytes());
        assert_eq!(r.entries, [period("a")]);
        assert_eq!(r.damage.unwrap().line, 3);
    }

    /// A sink that fails every write once `ok` runs out (a disk filling up), writing half
    /// of the failing line first. `ok` is shared so a test can free space.
    #[derive(Debug)]
    struct Filling {
        data: Arc<Mutex<Vec<u8>>>,
        pos: u64,
        ok: Arc<AtomicUsize>,
    }

    impl Write for Filling {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            let mut d = self.data.lock().unwrap();
            let full = self.ok.load(Ordering::SeqCst) == 0;
            let n = if full { buf.len() / 2 } else { buf.len() };
            d.truncate(self.pos as usize);
            d.extend_from_slice(&buf[..n]);
            self.pos += n as u64;
            if full {
                return Err(io::Error::other("No space left on device"));
            }
            self.ok.fetch_sub(1, Ordering::SeqCst);
            Ok(n)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Seek for Filling {
        fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
            if let SeekFrom::Start(p) = to {
                self.pos = p;
            }
            Ok(self.pos)
        }
    }

    impl Sink for Filling {
        fn sync(&mut self) -> io::Result<()> {
            Ok(())
        }
        fn truncate(&mut self, len: u64) -> io::Result<()> {
            self.data.lock().unwrap().truncate(len as usize);
            Ok(())
        }
    }

    #[test]
    fn a_failed_write_leaves_no_torn_line_before_the_retry() {
        let data = Arc::new(Mutex::new(Vec::new()));
        let ok = Arc::new(AtomicUsize::new(2));
        let sink = Filling {
            data: data.clone(),
            pos: 0,
            ok: ok.clone(),
        };
        let path = Path::new("j");
        let mut j = Journal::start(Box::new(sink), path, &header()).unwrap();
        j.append(&period("a")).unwrap();
        assert!(j.append(&period("b")).is_err(), "the disk is full");
        let r = parse(path, &data.lock().unwrap());
        assert_eq!(r.entries, [period("a")]);
        assert!(r.damage.is_some(), "half a line is on disk now");
        // Space is freed; the retry cuts the half line off first.
        ok.store(5, Ordering::SeqCst);
        j.append(&period("b")).unwrap();
        j.append(&period("c")).unwrap();
        let r = parse(path, &data.lock().unwrap());
        assert_eq!(r.entries, [period("a"), period("b"), period("c")]);
        assert_eq!(r.damage, None);
    }

    #[test]
    fn a_journal_moved_aside_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let lock = lock_in(dir.path());
        let path = lock.journal_path();
        fs::write(&path, "rubbish").unwrap();
        let now = Utc.with_ymd_and_hms(2018, 2, 1, 10, 0, 0).unwrap();
        let a = move_aside(&lock, "damaged", now).unwrap();
        fs::write(&path, "more").unwrap();
        let b = move_aside(&lock, "damaged", now).unwrap();
        assert_ne!(a, b);
        assert_eq!(fs::read_to_string(a).unwrap(), "rubbish");
        assert_eq!(fs::read_to_string(b).unwrap(), "more");
        assert!(!path.exists());
    }

    #[test]
    fn fingerprint_tells_files_apart() {
        assert_eq!(fingerprint(b"abc"), fingerprint(b"abc"));
        assert_ne!(fingerprint(b"abc"), fingerprint(b"abd"));
        assert_ne!(fingerprint(b"abc"), fingerprint(b"abcabc"));
        assert_ne!(fingerprint(b""), fingerprint(b"\0"));
        assert!(fingerprint(b"abc").starts_with("v2-"));
        assert!(fingerprint(b"abc").ends_with("-3"));
    }
}
