//! The meeting core driven with no terminal: rating, undo across a save, replay and its
//! conflicts, two meetings on one plan, a journal that cannot be written, a torn journal,
//! symlinked and read-only plans.

mod common;

use std::fs;
use std::path::Path;

use common::{clock, colleague_saves, meeting, on_disk, plan_on_disk, rating};
use ragboard::meeting::{Access, Choice, Edit, Meeting, MeetingError, ReadOnly};
use ragboard::store::document::{Document, SaveError};
use ragboard::store::{self, journal, lock};

const P: &str = "01-18";

#[test]
fn rate_undo_redo_and_the_unsaved_count() {
    let disk = plan_on_disk();
    let mut m = meeting(&disk.path, "ann");
    assert!(matches!(m.access(), Access::Writer));
    let c = m.rate("1.1.3", P, Some(3), None, None).unwrap();
    assert_eq!((c.from, c.to, c.who.as_str()), (Some(2), Some(3), "ann"));
    assert_eq!(rating(&m, "1.1.3"), Some(3));
    assert_eq!(m.unsaved(), 1);
    assert!(matches!(
        m.rate("1.1.3", P, Some(3), None, None),
        Err(MeetingError::Unchanged { .. })
    ));
    assert!(matches!(
        m.rate("1.1.3", P, Some(9), None, None),
        Err(MeetingError::NotOnScale(9))
    ));
    assert!(matches!(
        m.rate("9.9.9", P, Some(1), None, None),
        Err(MeetingError::NoSuchAction(_))
    ));
    assert!(matches!(
        m.rate("1.1.3", P, Some(4), None, None),
        Err(MeetingError::NeedsEvidence(4))
    ));
    m.rate("1.1.3", P, Some(4), Some("audit".into()), None)
        .unwrap();
    assert_eq!(m.unsaved(), 2);
    assert!(matches!(m.undo().unwrap(), Edit::Change(c) if c.to == Some(4)));
    assert_eq!(rating(&m, "1.1.3"), Some(3));
    assert_eq!(m.unsaved(), 1, "an unsaved change undone never happened");
    m.redo().unwrap();
    assert_eq!(rating(&m, "1.1.3"), Some(4));
    assert_eq!(m.unsaved(), 2);
    // A note on the latest change amends it: one line in the trail.
    let amended = m
        .note("1.1.3", P, Some("audit Jan 18".into()), None)
        .unwrap()
        .unwrap();
    assert_eq!(amended.note.as_deref(), Some("audit Jan 18"));
    assert_eq!(m.unsaved(), 2);
    m.undo().unwrap();
    m.undo().unwrap();
    assert!(matches!(m.undo(), Err(MeetingError::NothingToUndo)));
    assert_eq!(rating(&m, "1.1.3"), Some(2));
    assert!(!m.is_dirty());
}

#[test]
fn undo_across_a_save_records_a_reversal_and_redo_cancels_it() {
    let disk = plan_on_disk();
    let mut m = meeting(&disk.path, "ann");
    m.rate("1.1.3", P, Some(3), None, None).unwrap();
    m.save().unwrap();
    assert!(!m.is_dirty());
    assert_eq!(on_disk(&disk.path, "1.1.3"), Some(3));
    m.undo().unwrap();
    assert_eq!(m.unsaved(), 1);
    let log: Vec<_> = m.log().map(|(c, saved)| (c.from, c.to, saved)).collect();
    assert_eq!(log, [(Some(2), Some(3), true), (Some(3), Some(2), false)]);
    m.redo().unwrap();
    assert!(!m.is_dirty(), "the file holds exactly this again");
    m.undo().unwrap();
    m.save().unwrap();
    let saved = store::load(&disk.path).unwrap().plan;
    assert_eq!(saved.action("1.1.3").unwrap().rating(P), Some(2));
    assert_eq!(saved.changes.len(), 2, "the saved trail is never rewritten");
}

#[test]
fn a_period_added_can_be_undone() {
    let disk = plan_on_disk();
    let mut m = meeting(&disk.path, "ann");
    let p = ragboard::model::period_for(common::meeting_date());
    let at = m.add_period(p.clone()).unwrap();
    assert_eq!(m.plan().periods[at].id, "02-18");
    assert_eq!(m.unsaved(), 1);
    m.rate("1.1.3", "02-18", Some(3), None, None).unwrap();
    m.undo().unwrap();
    m.undo().unwrap();
    assert!(m.plan().period("02-18").is_none());
    assert!(!m.is_dirty());
}

/// A meeting that crashed (dropped) after rating `ids` to 1.
fn crash_after(path: &Path, ids: &[&str]) {
    let mut m = meeting(path, "ann");
    for id in ids {
        m.rate(id, P, Some(1), Some(format!("note on {id}")), None)
            .unwrap();
    }
}

#[test]
fn replay_after_a_crash_brings_every_change_back() {
    let disk = plan_on_disk();
    crash_after(&disk.path, &["1.1.3", "1.1.4", "1.1.5"]);
    let mut m = meeting(&disk.path, "bob");
    let r = m.recovery().unwrap();
    assert_eq!(r.count(), 3);
    assert!(!r.plan_changed);
    assert!(matches!(
        m.rate("1.1.6", P, Some(1), None, None),
        Err(MeetingError::RecoveryPending)
    ));
    let report = m.replay().unwrap();
    assert_eq!((report.applied, report.conflicts), (3, 0));
    assert_eq!(rating(&m, "1.1.5"), Some(1));
    assert_eq!(m.log().filter(|(c, _)| c.who == "ann").count(), 3);
    m.save().unwrap();
    assert_eq!(on_disk(&disk.path, "1.1.4"), Some(1));
    assert!(!journal::path_for(&disk.path).exists());
}

#[test]
fn replay_never_overwrites_a_colleagues_saved_rating() {
    let disk = plan_on_disk();
    crash_after(&disk.path, &["1.1.3", "1.1.4"]);
    // Meanwhile a colleague saved 1.1.3 as 4 (and nothing else).
    colleague_saves(&disk.path, "1.1.3", P, 4);

    let mut m = meeting(&disk.path, "ann");
    assert!(m.recovery().unwrap().plan_changed);
    let report = m.replay().unwrap();
    assert_eq!((report.applied, report.conflicts), (1, 1));
    assert!(report.kept_at.as_ref().is_some_and(|p| p.exists()));
    assert_eq!(rating(&m, "1.1.3"), Some(4), "theirs stands until chosen");
    assert_eq!(rating(&m, "1.1.4"), Some(1));
    let c = &m.conflicts()[0];
    assert_eq!(
        (c.item.as_str(), c.file, c.journal),
        ("1.1.3", Some(4), Some(1))
    );
    // Take the journal's: a new change from theirs, saying so.
    let made = m.resolve(0, Choice::TakeJournal).unwrap().unwrap();
    assert_eq!((made.from, made.to), (Some(4), Some(1)));
    assert!(made.note.unwrap().contains("note on 1.1.3"));
    assert!(m.conflicts().is_empty());
    assert_eq!(rating(&m, "1.1.3"), Some(1));
}

#[test]
fn keeping_the_files_value_drops_the_journals() {
    let disk = plan_on_disk();
    crash_after(&disk.path, &["1.1.3"]);
    colleague_saves(&disk.path, "1.1.3", P, 4);
    let mut m = meeting(&disk.path, "ann");
    m.replay().unwrap();
    assert_eq!(m.resolve(0, Choice::KeepFile).unwrap(), None);
    assert_eq!(rating(&m, "1.1.3"), Some(4));
    assert!(!m.is_dirty());
}

#[test]
fn a_crash_between_the_save_and_the_journals_removal_doubles_nothing() {
    let disk = plan_on_disk();
    let jpath = journal::path_for(&disk.path);
    let mut m = meeting(&disk.path, "ann");
    m.rate("1.1.3", P, Some(3), Some("why".into()), None)
        .unwrap();
    m.note("1.1.4", P, Some("a note only".into()), None)
        .unwrap();
    let before_save = fs::read(&jpath).unwrap();
    m.save().unwrap();
    drop(m);
    // As if the process died after the rename and before the removal: the journal as it
    // was, plus the commit marker the save wrote first.
    let mut with_commit = before_save.clone();
    {
        let text = String::from_utf8(before_save.clone()).unwrap();
        let saved = fs::read(&disk.path).unwrap();
        let seq = text.lines().count();
        let payload = format!("Commit(file:{:?})", journal::fingerprint(&saved));
        with_commit.extend(format!("{seq} {:08x} {payload}\n", crc32(&payload)).into_bytes());
    }
    fs::write(&jpath, &with_commit).unwrap();
    let m = meeting(&disk.path, "ann");
    assert!(m.recovery().is_none(), "the file holds it all");
    assert!(!jpath.exists());
    drop(m);

    // And even without the marker, nothing applies twice.
    fs::write(&jpath, &before_save).unwrap();
    let mut m = meeting(&disk.path, "ann");
    assert!(m.recovery().is_some());
    let report = m.replay().unwrap();
    assert_eq!(report.conflicts, 0);
    assert_eq!((report.applied, report.already), (0, 2));
    assert_eq!(rating(&m, "1.1.3"), Some(3));
    assert_eq!(
        m.log().count(),
        2,
        "the note-only change is not logged twice"
    );
}

fn crc32(s: &str) -> u32 {
    // The journal's own checksum (crc32fast is a dependency of the crate, not of tests).
    let mut crc = !0u32;
    for b in s.bytes() {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn two_meetings_on_one_plan_never_both_write() {
    let disk = plan_on_disk();
    let jpath = journal::path_for(&disk.path);
    let mut first = meeting(&disk.path, "ann");
    first.rate("1.1.3", P, Some(3), None, None).unwrap();
    let journal_before = fs::read(&jpath).unwrap();

    let mut second = meeting(&disk.path, "bob");
    let Some(ReadOnly::Held(Some(holder))) = second.read_only() else {
        panic!("expected read-only, got {:?}", second.access())
    };
    assert_eq!(holder.user, "ann");
    assert!(matches!(
        second.rate("1.1.4", P, Some(1), None, None),
        Err(MeetingError::ReadOnly(ReadOnly::Held(Some(_))))
    ));
    assert!(matches!(second.save(), Err(MeetingError::ReadOnly(_))));
    assert!(second.recovery().is_none(), "it never reads ann's journal");
    second.close().unwrap();
    drop(second);
    assert_eq!(fs::read(&jpath).unwrap(), journal_before, "untouched");
    assert!(lock::path_for(&disk.path).exists(), "ann still holds it");

    first.rate("1.1.4", P, Some(1), None, None).unwrap();
    first.save().unwrap();
    drop(first);
    let third = meeting(&disk.path, "bob");
    assert!(matches!(third.access(), Access::Writer));
    assert_eq!(on_disk(&disk.path, "1.1.4"), Some(1));
}

#[test]
fn a_journal_that_cannot_be_written_keeps_the_change_and_retries() {
    let disk = plan_on_disk();
    let jpath = journal::path_for(&disk.path);
    let mut m = meeting(&disk.path, "ann");
    // Something in the journal's place that a file cannot replace.
    fs::create_dir(&jpath).unwrap();
    fs::write(jpath.join("x"), "").unwrap();
    m.rate("1.1.3", P, Some(3), None, None).unwrap();
    m.rate("1.1.4", P, Some(1), None, None).unwrap();
    assert_eq!(rating(&m, "1.1.3"), Some(3), "kept in memory");
    assert_eq!(m.unjournaled(), 2);
    let problem = m.journal_problem().unwrap().to_string();
    assert!(problem.contains("cannot write the journal"), "{problem}");
    // Still failing: still reported.
    assert!(!m.flush_journal());
    assert!(m.journal_problem().is_some());
    // Fixed: the retry writes both, in order.
    fs::remove_dir_all(&jpath).unwrap();
    assert!(m.flush_journal());
    assert_eq!(m.journal_problem(), None);
    assert_eq!(m.unjournaled(), 0);
    let r = journal::read(&jpath).unwrap().unwrap();
    assert_eq!(r.entries.len(), 2);
    assert_eq!(r.damage, None);
}

#[test]
fn a_torn_journal_replays_up_to_the_damage_and_undo_stays_in_step() {
    let disk = plan_on_disk();
    crash_after(&disk.path, &["1.1.3", "1.1.4", "1.1.5"]);
    let jpath = journal::path_for(&disk.path);
    let text = fs::read_to_string(&jpath).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    // The third change's line is garbage; a fourth, good-looking line follows it.
    lines[3] = "3 00000000 garbage".into();
    lines.push(lines[2].clone());
    fs::write(&jpath, lines.join("\n") + "\n").unwrap();

    let mut m = meeting(&disk.path, "bob");
    let damage = m.recovery().unwrap().damage.clone().unwrap();
    assert_eq!(damage.line, 4);
    let report = m.replay().unwrap();
    assert_eq!(report.applied, 2);
    let kept = report.kept_at.unwrap();
    assert_eq!(fs::read_to_string(kept).unwrap(), lines.join("\n") + "\n");
    assert_eq!(
        rating(&m, "1.1.5"),
        Some(4),
        "after the damage: not applied"
    );
    // Undo takes back the last change that was applied, not another.
    m.undo().unwrap();
    assert_eq!(rating(&m, "1.1.4"), Some(4));
    assert_eq!(rating(&m, "1.1.3"), Some(1));
}

#[test]
fn an_unreadable_journal_is_moved_aside_not_deleted() {
    let disk = plan_on_disk();
    let jpath = journal::path_for(&disk.path);
    fs::write(&jpath, "not a journal at all\n").unwrap();
    let mut m = meeting(&disk.path, "ann");
    let r = m.recovery().unwrap();
    let (_, moved) = r.unreadable.clone().unwrap();
    let moved = moved.unwrap();
    assert_eq!(
        fs::read_to_string(&moved).unwrap(),
        "not a journal at all\n"
    );
    assert!(!jpath.exists());
    m.discard_recovery().unwrap();
    m.rate("1.1.3", P, Some(3), None, None).unwrap();
    m.close().unwrap();
    assert!(moved.exists(), "still there after quitting");
}

#[cfg(unix)]
#[test]
fn a_symlinked_plan_is_saved_through_the_link() {
    use std::os::unix::fs::symlink;
    let disk = plan_on_disk();
    let real_dir = disk.dir.path().join("shared");
    fs::create_dir(&real_dir).unwrap();
    let real = real_dir.join("plan.ron");
    fs::rename(&disk.path, &real).unwrap();
    symlink(&real, &disk.path).unwrap();

    let mut m = meeting(&disk.path, "ann");
    m.rate("1.1.3", P, Some(3), None, None).unwrap();
    assert!(
        journal::path_for(&real).exists(),
        "journal beside the real file"
    );
    m.save().unwrap();
    let meta = fs::symlink_metadata(&disk.path).unwrap();
    assert!(meta.file_type().is_symlink(), "the link stays a link");
    assert_eq!(on_disk(&real, "1.1.3"), Some(3));
}

#[cfg(unix)]
#[test]
fn a_read_only_plan_is_not_overwritten_and_save_as_works() {
    use std::os::unix::fs::PermissionsExt;
    let disk = plan_on_disk();
    fs::set_permissions(&disk.path, fs::Permissions::from_mode(0o444)).unwrap();
    let before = fs::read(&disk.path).unwrap();
    let mut m = meeting(&disk.path, "ann");
    m.rate("1.1.3", P, Some(3), None, None).unwrap();
    assert!(matches!(
        m.save(),
        Err(MeetingError::Save(SaveError::ReadOnly(_)))
    ));
    assert_eq!(fs::read(&disk.path).unwrap(), before);
    assert!(m.is_dirty());
    let other = disk.dir.path().join("mine.ron");
    m.save_as(&other).unwrap();
    assert_eq!(on_disk(&other, "1.1.3"), Some(3));
    assert!(!m.is_dirty());
}

#[cfg(unix)]
#[test]
fn a_save_keeps_the_files_mode_and_owner() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let disk = plan_on_disk();
    fs::set_permissions(&disk.path, fs::Permissions::from_mode(0o640)).unwrap();
    let root = fs::metadata(disk.dir.path()).unwrap().uid() == 0;
    if root {
        // Only root can give a file away; then the save must give it back the same.
        std::os::unix::fs::chown(&disk.path, Some(65534), Some(65534)).unwrap();
    }
    let before = fs::metadata(&disk.path).unwrap();
    let mut m = meeting(&disk.path, "ann");
    m.rate("1.1.3", P, Some(3), None, None).unwrap();
    m.save().unwrap();
    let after = fs::metadata(&disk.path).unwrap();
    assert_eq!(after.mode() & 0o7777, 0o640);
    assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
}

#[cfg(unix)]
#[test]
fn a_planted_journal_symlink_is_never_followed() {
    let disk = plan_on_disk();
    let victim = disk.dir.path().join("victim.txt");
    fs::write(&victim, "precious").unwrap();
    std::os::unix::fs::symlink(&victim, journal::path_for(&disk.path)).unwrap();
    let mut m = meeting(&disk.path, "ann");
    assert!(m.recovery().unwrap().unreadable.is_some());
    m.discard_recovery().unwrap();
    m.rate("1.1.3", P, Some(3), None, None).unwrap();
    assert_eq!(m.journal_problem(), None);
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    let j = journal::path_for(&disk.path);
    assert!(!fs::symlink_metadata(&j).unwrap().file_type().is_symlink());
}

#[test]
fn leftover_temporary_files_are_cleaned_on_the_next_start() {
    let disk = plan_on_disk();
    let dir = disk.dir.path();
    let ours = dir.join(".plan.ron.abc123.ragboard-tmp");
    let theirs = dir.join(".other.ron.abc123.ragboard-tmp");
    fs::write(&ours, "half a plan").unwrap();
    fs::write(&theirs, "not ours").unwrap();
    let _m = meeting(&disk.path, "ann");
    assert!(!ours.exists());
    assert!(theirs.exists(), "only this plan's leftovers");
}

#[test]
fn a_meeting_with_no_file_cannot_save_but_edits() {
    let plan = store::bundled().unwrap();
    let mut m = Meeting::new(plan, "ann", clock());
    m.rate("1.1.3", P, Some(3), None, None).unwrap();
    assert!(matches!(m.save(), Err(MeetingError::NoFile)));
}

#[test]
fn the_bundled_plan_never_saves_over_a_file_there() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(store::BUNDLED_NAME), "someone's").unwrap();
    let doc = Document::bundled_in(dir.path());
    let mut m = Meeting::open(store::bundled().unwrap(), doc, "ann", clock());
    m.rate("1.1.3", P, Some(3), None, None).unwrap();
    assert!(matches!(
        m.save(),
        Err(MeetingError::Save(SaveError::Conflict(_)))
    ));
}

#[test]
fn reload_reapplies_unsaved_edits_over_a_colleagues_save() {
    let disk = plan_on_disk();
    let mut m = meeting(&disk.path, "ann");
    m.rate("1.1.3", P, Some(3), None, None).unwrap();
    m.rate("1.1.4", P, Some(1), None, None).unwrap();
    colleague_saves(&disk.path, "1.1.4", P, 3);
    colleague_saves(&disk.path, "1.1.5", P, 1);
    assert!(matches!(
        m.save(),
        Err(MeetingError::Save(SaveError::Conflict(_)))
    ));
    let report = m.reload().unwrap();
    assert_eq!((report.applied, report.conflicts), (1, 1));
    assert_eq!(rating(&m, "1.1.3"), Some(3), "ours re-applied");
    assert_eq!(rating(&m, "1.1.5"), Some(1), "theirs kept");
    assert_eq!(m.conflicts()[0].item, "1.1.4");
    m.resolve(0, Choice::KeepFile).unwrap();
    m.save().unwrap();
    assert_eq!(on_disk(&disk.path, "1.1.4"), Some(3));
    assert_eq!(on_disk(&disk.path, "1.1.3"), Some(3));
}

#[test]
fn the_replay_count_is_the_unsaved_count_the_crashed_session_showed() {
    let disk = plan_on_disk();
    let shown = {
        let mut m = meeting(&disk.path, "ann");
        m.rate("1.1.3", P, Some(1), None, None).unwrap();
        // A note on the change just made amends it: still one change.
        m.note("1.1.3", P, Some("why".into()), None).unwrap();
        m.rate("1.1.4", P, Some(2), None, None).unwrap();
        m.rate("1.1.5", P, Some(2), None, None).unwrap();
        m.undo().unwrap();
        m.add_period(ragboard::model::period_for(common::meeting_date()))
            .unwrap();
        m.unsaved()
    };
    assert_eq!(shown, 3);
    let mut m = meeting(&disk.path, "bob");
    assert_eq!(m.recovery().unwrap().count(), shown);
    m.replay().unwrap();
    assert_eq!(m.unsaved(), shown);
}
