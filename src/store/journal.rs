//! The change journal: every edit appended to a file beside the plan and flushed to disk as
//! it happens, so a crash or a killed terminal loses nothing. A successful save removes it.
//!
//! Format: one RON value per line. The first line names the plan bytes the ops apply to;
//! each further line is one `Op`. A torn last line (a crash mid-write) is ignored.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::session::Op;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Header {
    /// Fingerprint of the plan file the ops apply to.
    plan: String,
}

/// The journal beside `plan`: `plan.ron` -> `plan.ron.journal`.
pub fn path_for(plan: &Path) -> PathBuf {
    let mut name = plan
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".journal");
    plan.with_file_name(name)
}

/// FNV-1a: a stable fingerprint of file bytes (not for security; to notice a different file).
pub fn fingerprint(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}-{}", bytes.len())
}

/// An open journal, appending.
#[derive(Debug)]
pub struct Journal {
    file: File,
}

impl Journal {
    /// Start a new journal (replacing any old one) for plan bytes with `fingerprint`.
    pub fn create(path: &Path, fingerprint: &str) -> io::Result<Journal> {
        let mut file = File::create(path)?;
        let header = ron::to_string(&Header {
            plan: fingerprint.to_string(),
        })
        .map_err(io::Error::other)?;
        writeln!(file, "{header}")?;
        file.sync_all()?;
        Ok(Journal { file })
    }

    /// Append one op and flush it to disk before returning.
    pub fn append(&mut self, op: &Op) -> io::Result<()> {
        let line = ron::to_string(op).map_err(io::Error::other)?;
        writeln!(self.file, "{line}")?;
        self.file.sync_data()
    }
}

/// What an earlier session left in a journal.
#[derive(Debug, Clone, PartialEq)]
pub struct Recovered {
    pub path: PathBuf,
    /// Fingerprint of the plan the ops were made on.
    pub plan: String,
    pub ops: Vec<Op>,
    /// Lines that could not be read (a torn last line after a crash).
    pub unreadable: usize,
}

impl Recovered {
    /// Ops that changed something since the last save (a `Restore` only brings back history).
    pub fn unsaved(&self) -> usize {
        self.ops
            .iter()
            .filter(|op| !matches!(op, Op::Restore { .. }))
            .count()
    }
}

/// Read a journal; `None` when there is none.
pub fn read(path: &Path) -> io::Result<Option<Recovered>> {
    let text = match fs::read(path) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let mut lines = text.lines();
    let Some(header) = lines.next().and_then(|l| ron::from_str::<Header>(l).ok()) else {
        return Ok(Some(Recovered {
            path: path.to_path_buf(),
            plan: String::new(),
            ops: Vec::new(),
            unreadable: text.lines().count(),
        }));
    };
    let mut ops = Vec::new();
    let mut unreadable = 0;
    for line in lines.filter(|l| !l.trim().is_empty()) {
        match ron::from_str::<Op>(line) {
            Ok(op) => ops.push(op),
            Err(_) => unreadable += 1,
        }
    }
    Ok(Some(Recovered {
        path: path.to_path_buf(),
        plan: header.plan,
        ops,
        unreadable,
    }))
}

/// Remove a journal; a missing one is fine.
pub fn remove(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::session::Op;
    use std::fs::OpenOptions;

    #[test]
    fn appended_ops_read_back_and_a_torn_line_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let path = path_for(&dir.path().join("plan.ron"));
        assert!(path.ends_with("plan.ron.journal"));
        assert_eq!(read(&path).unwrap(), None);
        let mut j = Journal::create(&path, "abc").unwrap();
        j.append(&Op::Undo).unwrap();
        j.append(&Op::Redo).unwrap();
        drop(j);
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        write!(f, "Do(Change(who: \"a").unwrap();
        let r = read(&path).unwrap().unwrap();
        assert_eq!(r.plan, "abc");
        assert_eq!(r.ops, [Op::Undo, Op::Redo]);
        assert_eq!(r.unreadable, 1);
        remove(&path).unwrap();
        remove(&path).unwrap();
        assert_eq!(read(&path).unwrap(), None);
    }

    #[test]
    fn fingerprint_tells_files_apart() {
        assert_eq!(fingerprint(b"abc"), fingerprint(b"abc"));
        assert_ne!(fingerprint(b"abc"), fingerprint(b"abd"));
    }
}
