//! Merge conflicts not yet settled, kept beside the plan in `PLAN.conflicts` (`plan.ron`
//! -> `plan.ron.conflicts`), so a conflict cannot be settled silently: `ragboard merge`
//! records each conflict it leaves (the cell, each side's value in words, the side kept),
//! `ragboard check` reports them, the meeting view can show them ([`pending`]), and
//! `ragboard settle` (or the view, through [`settle`]) marks them settled once someone has
//! decided each cell. When none is left, the file is removed.
//!
//! The file is RON (`docs/file-format.md`), written atomically and only over the file as
//! read (an edit made meanwhile is never lost).

use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::output::OutputError;
use crate::model::merge::Conflict;

/// A conflicts file larger than this is refused: the bound of a plan file (a real one is a
/// few kilobytes; two unrelated plans of 20,000 actions merged make one of 50 MB).
const MAX_BYTES: u64 = super::MAX_PLAN_BYTES;

/// One conflict a merge left, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recorded {
    /// When the merge that left it ran.
    pub when: DateTime<Utc>,
    pub conflict: Conflict,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Conflicts {
    conflicts: Vec<Recorded>,
}

/// Why the conflicts file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum ConflictsError {
    /// It cannot be read, or is not the RON expected.
    #[error(transparent)]
    File(#[from] super::RonFileError),
    #[error(transparent)]
    Write(#[from] OutputError),
    #[error("{}: cannot remove: {source}", path.display())]
    Remove { path: PathBuf, source: io::Error },
    /// `settle` named cells that have no conflict.
    #[error(
        "{}: no conflict to settle for {}: the conflicts not yet settled are {}",
        path.display(),
        cells.iter().map(|c| format!("{c:?}")).collect::<Vec<_>>().join(", "),
        if pending.is_empty() { "none".to_string() } else { pending.iter().map(|c| format!("{c:?}")).collect::<Vec<_>>().join(", ") }
    )]
    NoSuchConflict {
        path: PathBuf,
        cells: Vec<String>,
        pending: Vec<String>,
    },
}

/// The conflicts file beside `plan` (beside the file a symlink names).
pub fn path_for(plan: &Path) -> PathBuf {
    let target = super::resolve(plan).unwrap_or_else(|_| plan.to_path_buf());
    super::journal::sibling(&target, ".conflicts")
}

/// The file's bytes as read (`None`: there is none) and what it holds.
fn read(path: &Path) -> Result<(Option<Vec<u8>>, Conflicts), ConflictsError> {
    Ok(match super::read_ron_file::<Conflicts>(path, MAX_BYTES)? {
        Some(f) => (Some(f.bytes), f.value),
        None => (None, Conflicts::default()),
    })
}

/// The conflicts left by merges of `plan` and not yet settled, oldest first; none when
/// there is no conflicts file. Only reads.
pub fn pending(plan: &Path) -> Result<Vec<Recorded>, ConflictsError> {
    Ok(read(&path_for(plan))?.1.conflicts)
}

/// Write `c` over the file as it was read (`was`), or remove the file when nothing is
/// left to settle.
fn write(path: &Path, was: Option<&[u8]>, c: &Conflicts) -> Result<(), ConflictsError> {
    if c.conflicts.is_empty() {
        return match std::fs::remove_file(path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(source) => Err(ConflictsError::Remove {
                path: path.to_path_buf(),
                source,
            }),
        };
    }
    let config = ron::ser::PrettyConfig::new()
        .indentor("  ".to_string())
        .struct_names(true)
        .escape_strings(false)
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
    let body = ron::ser::to_string_pretty(c, config).map_err(|e| OutputError::Io {
        output: path.to_path_buf(),
        source: io::Error::other(e.to_string()),
    })?;
    let text = format!(
        "// Conflicts a merge of the plan beside this file left, not yet settled: for each\n\
         // cell, each side's value and the side the plan now holds. Settle each (set the\n\
         // cell as agreed), then `ragboard settle PLAN CELL` (or --all). See\n\
         // docs/minutes-and-git.md.\n{body}\n"
    );
    super::output::update(path, was, text.as_bytes())?;
    Ok(())
}

/// Record `conflicts` of a merge of `plan` made at `when`: added to those pending, each
/// replacing any pending one for the same cell. Returns the file's path.
pub fn record(
    plan: &Path,
    conflicts: &[Conflict],
    when: DateTime<Utc>,
) -> Result<PathBuf, ConflictsError> {
    let path = path_for(plan);
    let (was, mut file) = read(&path)?;
    file.conflicts
        .retain(|r| !conflicts.iter().any(|c| c.cell == r.conflict.cell));
    file.conflicts.extend(conflicts.iter().map(|c| Recorded {
        when,
        conflict: c.clone(),
    }));
    write(&path, was.as_deref(), &file)?;
    Ok(path)
}

/// Which conflicts to mark settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settle {
    All,
    /// By cell, as the conflict names it ("action 1.1.1 rating 03-18").
    Cells(Vec<String>),
}

/// Mark conflicts of `plan` settled: they leave the file (the file goes when none is
/// left). Returns those settled and how many are still pending. A cell with no pending
/// conflict is refused, and then nothing is settled.
pub fn settle(plan: &Path, which: &Settle) -> Result<(Vec<Recorded>, usize), ConflictsError> {
    let path = path_for(plan);
    let (was, mut file) = read(&path)?;
    if let Settle::Cells(cells) = which {
        let unknown: Vec<String> = cells
            .iter()
            .filter(|c| !file.conflicts.iter().any(|r| &r.conflict.cell == *c))
            .cloned()
            .collect();
        if !unknown.is_empty() {
            return Err(ConflictsError::NoSuchConflict {
                path,
                cells: unknown,
                pending: file
                    .conflicts
                    .iter()
                    .map(|r| r.conflict.cell.clone())
                    .collect(),
            });
        }
    }
    let (settled, left): (Vec<Recorded>, Vec<Recorded>) =
        file.conflicts.into_iter().partition(|r| match which {
            Settle::All => true,
            Settle::Cells(cells) => cells.contains(&r.conflict.cell),
        });
    file.conflicts = left;
    if !settled.is_empty() {
        write(&path, was.as_deref(), &file)?;
    }
    Ok((settled, file.conflicts.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::merge::Side;

    fn conflict(cell: &str) -> Conflict {
        Conflict {
            cell: cell.into(),
            item: Some("1.1.1".into()),
            base: "not rated".into(),
            ours: "4 (Completed, sustained)".into(),
            theirs: "2 (Started, some delay)".into(),
            kept: Side::Ours,
            rule: None,
        }
    }

    #[test]
    fn recorded_pending_and_settled() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("plan.ron");
        std::fs::write(&plan, "").unwrap();
        assert!(pending(&plan).unwrap().is_empty(), "no file, none pending");
        let when = "2026-01-02T10:00:00Z".parse().unwrap();
        let a = conflict("action 1.1.1 rating 03-18");
        let b = conflict("action 1.1.2 lead");
        let path = record(&plan, &[a.clone(), b.clone()], when).unwrap();
        assert_eq!(path, dir.path().join("plan.ron.conflicts"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("// Conflicts a merge"), "{text}");
        let got: Vec<Conflict> = pending(&plan)
            .unwrap()
            .into_iter()
            .map(|r| r.conflict)
            .collect();
        assert_eq!(got, [a.clone(), b.clone()]);
        // A later merge's conflict on the same cell replaces the earlier one.
        let mut a2 = a.clone();
        a2.kept = Side::Theirs;
        record(&plan, std::slice::from_ref(&a2), when).unwrap();
        let got: Vec<Conflict> = pending(&plan)
            .unwrap()
            .into_iter()
            .map(|r| r.conflict)
            .collect();
        assert_eq!(got, [b.clone(), a2]);
        // Settling a cell with no conflict is refused and settles nothing.
        let err = settle(&plan, &Settle::Cells(vec!["action 9.9.9 lead".into()])).unwrap_err();
        assert!(err.to_string().contains("no conflict to settle"), "{err}");
        assert_eq!(pending(&plan).unwrap().len(), 2);
        let (done, left) = settle(&plan, &Settle::Cells(vec![b.cell.clone()])).unwrap();
        assert_eq!((done.len(), left), (1, 1));
        let (done, left) = settle(&plan, &Settle::All).unwrap();
        assert_eq!((done.len(), left), (1, 0));
        assert!(!path.exists(), "the file goes with the last conflict");
    }

    #[test]
    fn a_bad_file_is_placed() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("plan.ron");
        std::fs::write(path_for(&plan), "Conflicts(conflicts: [3])").unwrap();
        let err = pending(&plan).unwrap_err();
        assert!(
            err.to_string().starts_with(&format!(
                "{}:1:",
                dir.path().join("plan.ron.conflicts").display()
            )),
            "{err}"
        );
    }
}
