//! Two screens, one meeting (issue 20): a read-only copy follows the writer through its
//! journal and its saves, and takes the pen when the writer lets go.

mod common;

use std::fs;

use common::{meeting, plan_on_disk};
use ragboard::meeting::{MeetingError, ReadOnly};

fn rating(m: &ragboard::meeting::Meeting, item: &str) -> Option<u8> {
    m.plan().action(item).unwrap().rating("01-18")
}

#[test]
fn a_follower_applies_the_writers_changes_in_order_and_undo_too() {
    let disk = plan_on_disk();
    let mut writer = meeting(&disk.path, "alice");
    let mut follower = meeting(&disk.path, "bob");
    let following = follower.following().expect("a second copy follows");
    assert_eq!(following.writer.unwrap().user, "alice");
    assert_eq!(follower.follow().unwrap().applied, 0, "nothing yet");

    writer
        .rate("1.1.1", "01-18", Some(1), Some("slipped".into()), None)
        .unwrap();
    writer.rate("1.1.2", "01-18", Some(3), None, None).unwrap();
    let seen = follower.follow().unwrap();
    assert_eq!((seen.applied, seen.reloaded), (2, false));
    assert_eq!(rating(&follower, "1.1.1"), Some(1));
    assert_eq!(rating(&follower, "1.1.2"), Some(3));
    assert!(follower.following().unwrap().last.is_some());
    // Nothing new: nothing applied again.
    assert_eq!(follower.follow().unwrap().applied, 0);

    writer.undo().unwrap();
    assert_eq!(follower.follow().unwrap().applied, 1);
    assert_eq!(rating(&follower, "1.1.2"), rating(&writer, "1.1.2"));
    assert!(
        !follower.is_dirty(),
        "a follower has nothing of its own to save"
    );
}

#[test]
fn a_torn_last_line_waits_until_it_is_whole() {
    let disk = plan_on_disk();
    let mut writer = meeting(&disk.path, "alice");
    let mut follower = meeting(&disk.path, "bob");
    writer
        .rate("1.1.1", "01-18", Some(1), Some("slipped".into()), None)
        .unwrap();
    writer.rate("1.1.2", "01-18", Some(3), None, None).unwrap();
    let journal = ragboard::store::journal::path_for(&disk.path);
    let whole = fs::read(&journal).unwrap();
    // The writer is half-way through its last line.
    fs::write(&journal, &whole[..whole.len() - 7]).unwrap();
    assert_eq!(follower.follow().unwrap().applied, 1);
    assert_eq!(rating(&follower, "1.1.1"), Some(1));
    assert_eq!(
        rating(&follower, "1.1.2"),
        Some(4),
        "not yet: the line is torn"
    );
    fs::write(&journal, &whole).unwrap();
    assert_eq!(follower.follow().unwrap().applied, 1);
    assert_eq!(rating(&follower, "1.1.2"), Some(3));
}

#[test]
fn a_save_is_read_again_with_its_change_log() {
    let disk = plan_on_disk();
    let mut writer = meeting(&disk.path, "alice");
    let mut follower = meeting(&disk.path, "bob");
    writer
        .rate("1.1.1", "01-18", Some(1), Some("slipped".into()), None)
        .unwrap();
    follower.follow().unwrap();
    writer.save().unwrap();
    let seen = follower.follow().unwrap();
    assert!(seen.reloaded, "{seen:?}");
    assert_eq!(rating(&follower, "1.1.1"), Some(1));
    assert!(
        follower
            .plan()
            .changes
            .iter()
            .any(|c| c.item == "1.1.1" && c.who == "alice"),
        "the saved change log came with the file"
    );
    // After the save the writer goes on in a new journal: followed as well.
    writer
        .rate("1.1.3", "01-18", Some(4), Some("done".into()), None)
        .unwrap();
    assert_eq!(follower.follow().unwrap().applied, 1);
    assert_eq!(rating(&follower, "1.1.3"), Some(4));
}

#[test]
fn when_the_writer_crashes_the_pen_is_free_and_its_changes_are_replayed_once() {
    let disk = plan_on_disk();
    let mut writer = meeting(&disk.path, "alice");
    let mut follower = meeting(&disk.path, "bob");
    writer
        .rate("1.1.1", "01-18", Some(1), Some("slipped".into()), None)
        .unwrap();
    assert_eq!(follower.follow().unwrap().applied, 1);
    assert!(!follower.following().unwrap().pen_free);
    // The writer's process ends without saving: its lock goes with it, its journal stays.
    drop(writer);
    let seen = follower.follow().unwrap();
    assert!(seen.pen_freed);
    assert!(follower.following().unwrap().pen_free);
    follower.take_pen().unwrap();
    assert!(follower.read_only().is_none(), "bob writes now");
    // The journal alice left is offered once: the copy shows the file as saved until then.
    let recovery = follower
        .recovery()
        .expect("alice's unsaved change is offered");
    assert_eq!(recovery.count(), 1);
    follower.replay().unwrap();
    assert_eq!(rating(&follower, "1.1.1"), Some(1));
    assert_eq!(follower.unsaved(), 1, "applied once, not twice");
    follower
        .rate("1.1.2", "01-18", Some(3), None, None)
        .unwrap();
    follower.save().unwrap();
    let saved = ragboard::store::load(&disk.path).unwrap().plan;
    assert_eq!(saved.action("1.1.1").unwrap().rating("01-18"), Some(1));
    assert_eq!(saved.action("1.1.2").unwrap().rating("01-18"), Some(3));
    assert_eq!(
        saved.changes.iter().filter(|c| c.item == "1.1.1").count(),
        1,
        "one change in the log for alice's rating"
    );
}

#[test]
fn two_followers_race_for_the_pen_and_exactly_one_wins() {
    let disk = plan_on_disk();
    let writer = meeting(&disk.path, "alice");
    let mut bob = meeting(&disk.path, "bob");
    let mut carol = meeting(&disk.path, "carol");
    drop(writer);
    bob.follow().unwrap();
    carol.follow().unwrap();
    assert!(bob.following().unwrap().pen_free && carol.following().unwrap().pen_free);
    bob.take_pen().unwrap();
    match carol.take_pen() {
        Err(MeetingError::ReadOnly(ReadOnly::Held(Some(h)))) => assert_eq!(h.user, "bob"),
        other => panic!("carol should be told bob won: {other:?}"),
    }
    assert!(carol.read_only().is_some(), "carol stays a follower");
    assert_eq!(carol.following().unwrap().writer.unwrap().user, "bob");
    // And follows bob from here.
    bob.rate("1.1.1", "01-18", Some(1), Some("slipped".into()), None)
        .unwrap();
    assert_eq!(carol.follow().unwrap().applied, 1);
    assert_eq!(rating(&carol, "1.1.1"), Some(1));
}
