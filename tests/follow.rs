//! Two screens, one meeting (issue 20): a read-only copy follows the writer through its
//! journal and its saves, and takes the pen when the writer lets go.

mod common;

use std::fs;

use common::{meeting, plan_on_disk};
use ragboard::meeting::{MeetingError, ReadOnly};

/// The writer rates 1.1.1 down to 1, with its note.
fn slip(m: &mut ragboard::meeting::Meeting) {
    m.rate("1.1.1", "01-18", Some(1), Some("slipped".into()), None)
        .unwrap();
}

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

    slip(&mut writer);
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
    slip(&mut writer);
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
    slip(&mut writer);
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
    slip(&mut writer);
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
    slip(&mut bob);
    assert_eq!(carol.follow().unwrap().applied, 1);
    assert_eq!(rating(&carol, "1.1.1"), Some(1));
}

/// The projector's copy, as the app runs it: the writer's rating shows with no key pressed
/// (a tick), the banner says whom it follows, and when the writer quits the footer offers
/// the pen and one key takes it.
#[test]
fn the_app_follows_live_and_takes_the_pen_with_one_key() {
    use ragboard::app::{self, Input};
    let disk = plan_on_disk();
    let mut writer = meeting(&disk.path, "alice");
    let mut projector = common::open(&disk.path, "bob");
    common::go(&mut projector, "1.1.1");
    let s = common::screen::screen(&projector, 120, 36);
    assert!(s.contains("following alice (live)"), "{s}");
    assert!(s.contains("no change yet"), "{s}");
    slip(&mut writer);
    for e in app::handle(&mut projector, Input::Tick) {
        app::perform(&mut projector, e);
    }
    let s = common::screen::screen(&projector, 120, 36);
    assert!(s.contains("last change"), "{s}");
    assert_eq!(projector.current_action().unwrap().rating("01-18"), Some(1));
    assert!(
        !app::hints(&projector)
            .iter()
            .any(|(_, w)| w == "take the pen")
    );
    common::keys(&mut projector, "W");
    assert!(
        projector
            .status()
            .unwrap()
            .contains("alice still has the plan open")
    );

    drop(writer);
    for e in app::handle(&mut projector, Input::Tick) {
        app::perform(&mut projector, e);
    }
    let s = common::screen::screen(&projector, 120, 36);
    assert!(
        s.contains("alice has let go of the plan: W takes the pen"),
        "{s}"
    );
    assert!(
        app::hints(&projector)
            .iter()
            .any(|(k, w)| k == "W" && w == "take the pen")
    );
    // Presenting, too: the projector is the one most likely to take over.
    common::keys(&mut projector, "f");
    let offered = app::hints(&projector);
    assert!(
        offered.iter().any(|(k, w)| k == "W" && w == "take the pen"),
        "{offered:?}"
    );
    common::keys(&mut projector, "f");
    common::keys(&mut projector, "W");
    assert!(projector.meeting().read_only().is_none(), "bob has the pen");
    // alice's unsaved rating is offered once.
    assert_eq!(projector.overlay(), Some(&ragboard::app::Overlay::Replay));
    common::keys(&mut projector, "r");
    assert_eq!(projector.current_action().unwrap().rating("01-18"), Some(1));
    common::ctrl(&mut projector, 's');
    assert!(
        projector.status().unwrap().starts_with("Saved"),
        "{:?}",
        projector.status()
    );
}

/// Two real processes on one plan, as two terminals at a meeting: a rating in one appears
/// in the other with no key pressed there; the writer saves and quits; the follower takes
/// the pen and saves a rating of its own.
#[test]
fn two_processes_follow_live_and_hand_over_the_pen() {
    use common::tmux::{Tmux, meeting_command};
    let disk = plan_on_disk();
    let dir = disk.dir.path();
    let writer = Tmux::new("follow-writer");
    writer.start(dir, &meeting_command("ann"));
    writer.wait_for("Item 1 of 113");
    let follower = Tmux::new("follow-follower");
    follower.start(dir, &meeting_command("bob"));
    let s = follower.wait_steady("following ann (live)");
    assert!(s.contains("no change yet"), "{s}");
    assert!(s.contains("4  1.1.1"), "{s}");

    writer.keys(&["n", "n", "1"]);
    writer.wait_for("● 1 unsaved");
    // No key on the follower: the rating arrives by itself.
    let s = follower.wait_steady("last change");
    let s = if s.contains("1 !1.1.1") {
        s
    } else {
        follower.wait_for("1 !1.1.1")
    };
    assert!(!s.contains("4  1.1.1"), "{s}");

    writer.keys(&["C-s"]);
    writer.wait_for("Saved to");
    writer.keys(&["q"]);
    let s = follower.wait_steady("ann has let go of the plan");
    assert!(
        s.contains("W take the pen"),
        "the footer offers the pen:\n{s}"
    );
    follower.keys(&["W"]);
    follower.wait_for("You have the pen");
    follower.keys(&[":", "1.1.2", "Enter", "3"]);
    follower.wait_for("● 1 unsaved");
    follower.keys(&["C-s"]);
    follower.wait_for("Saved to");
    follower.keys(&["q"]);
    let saved = ragboard::store::load(&disk.path).unwrap().plan;
    assert_eq!(saved.action("1.1.1").unwrap().rating("01-18"), Some(1));
    assert_eq!(saved.action("1.1.2").unwrap().rating("01-18"), Some(3));
    let who: Vec<&str> = saved
        .changes
        .iter()
        .rev()
        .take(2)
        .map(|c| c.who.as_str())
        .collect();
    assert_eq!(who, ["bob", "ann"]);
}

/// Shared position: the projector follows the recorder's selection (M), the recorder the
/// chair's; moving by hand stops it; the follower's banner says where the writer is.
#[test]
fn one_screen_follows_anothers_selection_until_moved_by_hand() {
    use ragboard::app::{self, Input};
    let tick = |a: &mut ragboard::app::App| {
        for e in app::handle(a, Input::Tick) {
            app::perform(a, e);
        }
    };
    let disk = plan_on_disk();
    let mut recorder = common::open(&disk.path, "ann");
    let mut projector = common::open(&disk.path, "bob");
    common::keys(&mut projector, "f");
    common::go(&mut recorder, "2.1.3");
    common::keys(&mut projector, "M");
    assert!(
        projector
            .status()
            .unwrap()
            .contains("Following ann's place (recording)"),
        "{:?}",
        projector.status()
    );
    assert_eq!(projector.current().unwrap().id(projector.plan()), "2.1.3");
    assert!(projector.presenting(), "still presenting, as a follower");
    common::keys(&mut recorder, "n");
    tick(&mut projector);
    assert_eq!(projector.current().unwrap().id(projector.plan()), "2.1.4");
    // The follower's banner says where the writer is.
    let s = common::screen::screen(&projector, 200, 50);
    assert!(s.contains("ann is at 2.1.4 in RAG 01/18"), "{s}");
    // The recorder follows the chair (the projector) just as well.
    common::keys(&mut recorder, "M");
    assert!(
        recorder
            .status()
            .unwrap()
            .contains("Following bob's place (presenting)")
    );
    // Moving by hand stops following.
    common::keys(&mut projector, "n");
    assert!(
        projector
            .status()
            .unwrap()
            .contains("Stopped following ann's place")
    );
    common::keys(&mut recorder, "n");
    tick(&mut projector);
    assert_eq!(projector.current().unwrap().id(projector.plan()), "2.1.5");
    // M again steps to the next screen, then to none.
    common::keys(&mut projector, "M");
    common::keys(&mut projector, "M");
    assert!(projector.status().unwrap().contains("Not following"));
    // A screen that quits takes its seat away.
    common::keys(&mut projector, "q");
    common::keys(&mut projector, "q");
    let seats = ragboard::store::seats::read(&disk.path);
    assert!(seats.iter().all(|s| s.user != "bob"), "{seats:?}");
}

/// The writer hands the pen over explicitly (W, with everything saved), and another screen
/// takes it.
#[test]
fn the_writer_hands_the_pen_over_once_saved() {
    let disk = plan_on_disk();
    let mut chair = common::open(&disk.path, "ann");
    let mut officer = common::open(&disk.path, "bob");
    common::go(&mut chair, "1.1.1");
    common::keys(&mut chair, "1");
    common::keys(&mut chair, "W");
    assert!(
        chair
            .status()
            .unwrap()
            .contains("not saved yet: save first"),
        "{:?}",
        chair.status()
    );
    assert!(chair.meeting().read_only().is_none(), "still the writer");
    common::ctrl(&mut chair, 's');
    common::keys(&mut chair, "W");
    assert!(chair.status().unwrap().contains("You handed over the pen"));
    assert!(
        chair.meeting().following().is_some(),
        "the chair follows now"
    );
    common::keys(&mut officer, "j");
    common::keys(&mut officer, "W");
    assert!(officer.meeting().read_only().is_none(), "bob has the pen");
    common::go(&mut officer, "1.1.2");
    common::keys(&mut officer, "3");
    common::keys(&mut chair, "j");
    assert_eq!(
        chair.plan().action("1.1.2").unwrap().rating("01-18"),
        Some(3),
        "the chair follows bob's rating"
    );
}
