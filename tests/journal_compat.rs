//! Journals written by builds before the v2 fingerprint (FNV-1a, `0123abcd…-LEN`): their
//! plan never matches a fingerprint now, so they are offered as made on a plan that has
//! changed, and replay checks each entry against the file: nothing is lost, nothing doubled.

mod common;

use std::fs;
use std::path::Path;

use chrono::{TimeZone, Utc};
use common::{meeting, plan_on_disk};
use ragboard::meeting::Meeting;
use ragboard::store::journal::{self, Entry, Header, Journal};

const P: &str = "01-18";

/// The fingerprint earlier builds wrote.
fn old_fingerprint(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}-{}", bytes.len())
}

fn header(plan: String) -> Header {
    Header {
        plan,
        user: "ann".into(),
        host: "old-build".into(),
        pid: 1,
        identity: None,
        title: None,
        started: Utc.with_ymd_and_hms(2018, 2, 1, 10, 0, 0).unwrap(),
    }
}

/// Write a journal beside `plan` as its writer would (holding the lock, released after).
fn write_journal(plan: &Path, header: &Header, entries: &[Entry]) {
    let me = ragboard::store::lock::Holder::me("ann", Utc::now());
    let lock = ragboard::store::lock::acquire(plan, &me).unwrap();
    let mut j = Journal::create(&lock, header).unwrap();
    for e in entries {
        j.append(e).unwrap();
    }
}

fn rating(m: &Meeting, id: &str) -> Option<u8> {
    m.plan().action(id).unwrap().rating(P)
}

/// The changes `ann` makes to 1.1.3 and 1.1.4, as her (old) journal would hold them.
fn anns_changes(path: &Path) -> Vec<ragboard::model::Change> {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("plan.ron");
    fs::copy(path, &copy).unwrap();
    let mut m = meeting(&copy, "ann");
    for id in ["1.1.3", "1.1.4"] {
        m.rate(id, P, Some(1), Some(format!("note on {id}")), None)
            .unwrap();
    }
    m.log().map(|(c, _)| c.clone()).collect()
}

#[test]
fn an_old_journal_is_offered_as_on_a_changed_plan_and_replays_in_full() {
    let disk = plan_on_disk();
    let bytes = fs::read(&disk.path).unwrap();
    assert_ne!(old_fingerprint(&bytes), journal::fingerprint(&bytes));
    let changes = anns_changes(&disk.path);
    assert_eq!(changes.len(), 2);

    let entries: Vec<Entry> = changes.iter().cloned().map(Entry::Apply).collect();
    write_journal(&disk.path, &header(old_fingerprint(&bytes)), &entries);

    let mut m = meeting(&disk.path, "bob");
    let r = m.recovery().expect("the old journal is found");
    assert!(r.plan_changed, "an old fingerprint matches no plan now");
    assert_eq!(r.count(), 2);
    let report = m.replay().unwrap();
    assert_eq!((report.applied, report.conflicts), (2, 0));
    assert_eq!(rating(&m, "1.1.3"), Some(1));
    assert_eq!(rating(&m, "1.1.4"), Some(1));
}

#[test]
fn an_old_journal_whose_save_completed_doubles_nothing() {
    let disk = plan_on_disk();
    let before = fs::read(&disk.path).unwrap();
    let changes = anns_changes(&disk.path);
    // Ann's save went through; her process died before removing the journal, whose last
    // entry names the saved file by its old fingerprint.
    let mut m = meeting(&disk.path, "ann");
    for id in ["1.1.3", "1.1.4"] {
        m.rate(id, P, Some(1), Some(format!("note on {id}")), None)
            .unwrap();
    }
    m.save().unwrap();
    drop(m);
    let saved = fs::read(&disk.path).unwrap();
    let log_len = ragboard::store::load(&disk.path)
        .unwrap()
        .plan
        .changes
        .len();
    let mut entries: Vec<Entry> = changes.iter().cloned().map(Entry::Apply).collect();
    entries.push(Entry::Commit {
        file: old_fingerprint(&saved),
        since_saving: false,
    });
    write_journal(&disk.path, &header(old_fingerprint(&before)), &entries);

    let mut m = meeting(&disk.path, "bob");
    let r = m.recovery().expect("the old journal is found");
    assert!(r.plan_changed);
    let report = m.replay().unwrap();
    assert_eq!(
        (report.applied, report.already, report.conflicts),
        (0, 2, 0),
        "the file holds both changes already"
    );
    assert_eq!(rating(&m, "1.1.3"), Some(1));
    assert_eq!(m.plan().changes.len(), log_len, "no change logged twice");
}
