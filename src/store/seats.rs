//! Where each copy of a meeting stands, in a small side file beside the plan
//! (`plan.ron.seats`), so one screen can follow another's selection: the recorder the
//! chair's, the projector the recorder's. Never in the plan or its journal. Each copy
//! replaces its own line when it moves (the whole file written to a temporary name and
//! renamed over, so a reader never sees half of it) and takes it out when it quits; lines
//! older than an hour (a copy that crashed) are dropped by the next writer.
//!
//! Two copies moving in the same instant may each write over the other's line; the next
//! move puts it back. A position is a convenience, never data.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// A line older than this is a copy that stopped without taking it out.
const STALE_AFTER: Duration = Duration::hours(1);

/// One copy of the meeting and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seat {
    pub user: String,
    pub host: String,
    pub pid: u32,
    /// Which copy within the process (tests open several in one).
    #[serde(default)]
    pub copy: u32,
    /// It holds the pen (writes the plan).
    pub writer: bool,
    /// It is presenting (the projector).
    pub presenting: bool,
    /// The selected item's id.
    pub item: Option<String>,
    /// The active period's id.
    pub period: String,
    pub when: DateTime<Utc>,
}

impl Seat {
    /// Which copy: user, host and process.
    pub fn key(&self) -> String {
        format!("{}@{}:{}.{}", self.user, self.host, self.pid, self.copy)
    }

    /// The same copy of the meeting (wherever it now stands).
    pub fn same_copy(&self, other: &Seat) -> bool {
        self.host == other.host && self.pid == other.pid && self.copy == other.copy
    }
}

/// `plan.ron` -> `plan.ron.seats`.
pub fn path_for(plan: &Path) -> PathBuf {
    super::journal::sibling(plan, ".seats")
}

/// Every copy's seat (none when there is no file, or it cannot be read: a position is
/// never worth an error).
pub fn read(plan: &Path) -> Vec<Seat> {
    fs::read_to_string(path_for(plan))
        .ok()
        .and_then(|text| ron::from_str::<Vec<Seat>>(&text).ok())
        .unwrap_or_default()
}

/// Put `me` in place of this copy's earlier seat.
pub fn publish(plan: &Path, me: &Seat) -> io::Result<()> {
    let mut seats = read(plan);
    seats.retain(|s| !s.same_copy(me) && me.when - s.when < STALE_AFTER);
    seats.push(me.clone());
    write(plan, &seats)
}

/// Take this copy's seat out (on quitting).
pub fn withdraw(plan: &Path, me: &Seat) -> io::Result<()> {
    let mut seats = read(plan);
    let before = seats.len();
    seats.retain(|s| !s.same_copy(me));
    if seats.len() == before {
        return Ok(());
    }
    if seats.is_empty() {
        return match fs::remove_file(path_for(plan)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        };
    }
    write(plan, &seats)
}

fn write(plan: &Path, seats: &[Seat]) -> io::Result<()> {
    let path = path_for(plan);
    let text = ron::to_string(seats).map_err(io::Error::other)?;
    let tmp = super::journal::sibling(&path, &format!(".tmp-{}", std::process::id()));
    let _ = fs::remove_file(&tmp);
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)?;
    f.write_all(text.as_bytes())?;
    drop(f);
    fs::rename(&tmp, &path).inspect_err(|_| {
        let _ = fs::remove_file(&tmp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seat(user: &str, pid: u32, item: &str, when: DateTime<Utc>) -> Seat {
        Seat {
            user: user.into(),
            host: "h".into(),
            pid,
            copy: 0,
            writer: false,
            presenting: false,
            item: Some(item.into()),
            period: "q1".into(),
            when,
        }
    }

    #[test]
    fn each_copy_has_one_seat_and_stale_ones_go() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("p.ron");
        let t = Utc::now();
        publish(&plan, &seat("ann", 1, "1.1", t - Duration::hours(2))).unwrap();
        publish(&plan, &seat("bob", 2, "1.2", t)).unwrap();
        publish(&plan, &seat("bob", 2, "1.3", t)).unwrap();
        let seats = read(&plan);
        assert_eq!(seats.len(), 1, "ann's two-hour-old seat went: {seats:?}");
        assert_eq!(seats[0].item.as_deref(), Some("1.3"));
        publish(&plan, &seat("cat", 3, "2.1", t)).unwrap();
        withdraw(&plan, &seat("bob", 2, "", t)).unwrap();
        assert_eq!(read(&plan)[0].user, "cat");
        withdraw(&plan, &seat("cat", 3, "", t)).unwrap();
        assert!(
            !path_for(&plan).exists(),
            "the last one out removes the file"
        );
    }
}
