//! Recording at the meeting: scripted key sessions produce exactly the expected file and
//! change log; evidence, undo and redo, periods, the journal, and never clobbering.

mod common;

use std::fs;

use chrono::TimeZone;
use common::{colleague_saves, ctrl, go, keys, open, plan_on_disk, press};
use ragboard::app::{Overlay, update};
use ragboard::crossterm::event::KeyCode;
use ragboard::model::{Change, ProgressChange};
use ragboard::store;

fn when() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc.with_ymd_and_hms(2018, 2, 1, 10, 30, 0).unwrap()
}

fn change(item: &str, from: Option<u8>, to: Option<u8>, note: Option<&str>) -> Change {
    Change {
        who: "ann".into(),
        when: when(),
        item: item.into(),
        period: "01-18".into(),
        from,
        to,
        note: note.map(Into::into),
        progress: None,
        correction: false,
        judgement: false,
        verdict: None,
        undo: false,
    }
}

fn type_text(a: &mut ragboard::app::App, text: &str) {
    for c in text.chars() {
        update(a, ragboard::app::Action::Type(c));
    }
}

#[test]
fn scripted_session_saves_exactly_the_expected_file_and_change_log() {
    let disk = plan_on_disk();
    let original = store::load(&disk.path).unwrap().plan;
    let mut a = open(&disk.path, "ann");

    // 1.1.3: 2 -> 3, then a note on why and a new progress text (one line in the log).
    go(&mut a, "1.1.3");
    keys(&mut a, "3");
    keys(&mut a, "e");
    type_text(&mut a, "SOS training booked");
    press(&mut a, KeyCode::Tab);
    for _ in 0..a
        .plan()
        .action("1.1.3")
        .unwrap()
        .progress
        .as_ref()
        .unwrap()
        .len()
    {
        press(&mut a, KeyCode::Backspace);
    }
    type_text(&mut a, "All teams trained by March");
    press(&mut a, KeyCode::Enter);
    // 1.1.7: 2 -> 4 needs evidence: the form opens first.
    go(&mut a, "1.1.7");
    keys(&mut a, "4");
    assert!(matches!(a.overlay().cloned(), Some(Overlay::Note(_))));
    type_text(&mut a, "Audit Jan 18 shows 92%");
    press(&mut a, KeyCode::Enter);
    // 1.1.8: 2 -> 1, undone, redone, undone again.
    go(&mut a, "1.1.8");
    keys(&mut a, "1zyz");
    // 2.1.1: cleared.
    go(&mut a, "2.1.1");
    press(&mut a, KeyCode::Delete);
    ctrl(&mut a, 's');
    assert_eq!(
        a.status(),
        Some(format!("Saved to {}", disk.path.display()).as_str())
    );

    let mut expected = original.clone();
    let set = |p: &mut ragboard::model::Plan, id: &str, r: Option<u8>| {
        let ac = p.action_mut(id).unwrap();
        match r {
            Some(r) => ac.ratings.insert("01-18", r),
            None => ac.ratings.remove("01-18"),
        };
    };
    set(&mut expected, "1.1.3", Some(3));
    expected.action_mut("1.1.3").unwrap().progress = Some("All teams trained by March".into());
    set(&mut expected, "1.1.7", Some(4));
    set(&mut expected, "2.1.1", None);
    let mut c1 = change("1.1.3", Some(2), Some(3), Some("SOS training booked"));
    c1.progress = Some(ProgressChange {
        from: original.action("1.1.3").unwrap().progress.clone(),
        to: Some("All teams trained by March".into()),
    });
    expected.changes = vec![
        c1,
        change("1.1.7", Some(2), Some(4), Some("Audit Jan 18 shows 92%")),
        change("2.1.1", Some(2), None, None),
    ]
    .into();
    let saved = fs::read_to_string(&disk.path).unwrap();
    assert_eq!(saved, store::to_canonical(&expected).unwrap());
    assert!(
        !store::journal::path_for(&disk.path).exists(),
        "a save clears the journal"
    );
    assert!(!a.dirty());
}

#[test]
fn evidence_levels_need_a_note_and_esc_leaves_the_rating() {
    let disk = plan_on_disk();
    let mut a = open(&disk.path, "ann");
    go(&mut a, "1.1.7");
    keys(&mut a, "5");
    press(&mut a, KeyCode::Enter);
    assert!(
        matches!(a.overlay().cloned(), Some(Overlay::Note(_))),
        "no note: the form stays"
    );
    assert!(a.status().unwrap().contains("needs a note as evidence"));
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.plan().action("1.1.7").unwrap().rating("01-18"), Some(2));
    assert!(!a.dirty());
}

#[test]
fn priorities_and_objectives_are_not_rated_by_hand() {
    let disk = plan_on_disk();
    let mut a = open(&disk.path, "ann");
    keys(&mut a, "3");
    assert!(a.status().unwrap().contains("computed from their actions"));
    keys(&mut a, "n3");
    assert!(!a.dirty());
}

#[test]
fn rating_updates_the_priority_mean_at_once() {
    let disk = plan_on_disk();
    let mut a = open(&disk.path, "ann");
    let mean = |a: &ragboard::app::App| {
        ragboard::model::rollup::priority_stats(a.plan(), &a.plan().priorities[0], "01-18")
            .mean
            .unwrap()
    };
    assert_eq!(mean(&a), 3.25);
    go(&mut a, "1.1.3");
    keys(&mut a, "3");
    assert_eq!(mean(&a), 3.375);
}

#[test]
fn undo_and_redo_are_unlimited() {
    let disk = plan_on_disk();
    let mut a = open(&disk.path, "ann");
    let before = a.plan().clone();
    go(&mut a, "1.1.1");
    let mut ids = Vec::new();
    for _ in 0..30 {
        if let Some(ac) = a.current_action() {
            ids.push(ac.id.clone());
            let r = if ac.rating("01-18") == Some(1) {
                "3"
            } else {
                "1"
            };
            keys(&mut a, r);
        }
        keys(&mut a, "n");
    }
    let after = a.plan().clone();
    assert_eq!(a.meeting().unsaved(), ids.len());
    keys(&mut a, &"z".repeat(ids.len()));
    assert_eq!(a.plan().priorities, before.priorities);
    keys(&mut a, "z");
    assert_eq!(a.status(), Some("Nothing to undo"));
    keys(&mut a, &"y".repeat(ids.len()));
    assert_eq!(a.plan().priorities, after.priorities);
}

#[test]
fn a_new_period_for_this_meeting_becomes_a_column() {
    let disk = plan_on_disk();
    // A meeting on 15 July 2018, recording into RAG 01/18 by choice (`--period 01-18`): the
    // picker's last row starts this meeting's period, the plan's next by its cadence.
    let mut opts = common::options(ragboard::ui::theme::ThemeName::Default);
    opts.today = chrono::NaiveDate::from_ymd_opt(2018, 7, 15).unwrap();
    let mut a = ragboard::app::App::new(common::meeting(&disk.path, "ann"), opts);
    keys(&mut a, "v");
    for _ in 0..10 {
        press(&mut a, KeyCode::Down);
    }
    press(&mut a, KeyCode::Enter);
    // The label can be edited; Enter starts the period.
    press(&mut a, KeyCode::Enter);
    let labels: Vec<&str> = a.plan().periods.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "RAG initial",
            "RAG 01/18",
            "RAG 03/18",
            "RAG 05/18",
            "RAG 07/18"
        ]
    );
    assert_eq!(a.period_label(), "RAG 07/18");
    go(&mut a, "1.1.1");
    keys(&mut a, "3");
    ctrl(&mut a, 's');
    let saved = store::load(&disk.path).unwrap().plan;
    assert_eq!(saved.periods[4].id, "07-18");
    assert_eq!(
        saved.periods[4].date,
        chrono::NaiveDate::from_ymd_opt(2018, 7, 1)
    );
    assert_eq!(saved.action("1.1.1").unwrap().rating("07-18"), Some(3));
    // And choosing an existing period.
    keys(&mut a, "v");
    press(&mut a, KeyCode::Up);
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.period_label(), "RAG 05/18");
}

#[test]
fn the_change_log_is_listed_with_titles() {
    let disk = plan_on_disk();
    let mut a = open(&disk.path, "ann");
    go(&mut a, "1.1.3");
    keys(&mut a, "3c");
    assert_eq!(a.overlay().cloned(), Some(Overlay::Changes));
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 36)).unwrap();
    t.draw(|f| {
        ragboard::ui::render(f, &a);
    })
    .unwrap();
    let screen = format!("{:?}", t.backend());
    assert!(
        screen.contains("UNSAVED 2018-02-01 10:30:00 1.1.3"),
        "{screen}"
    );
    assert!(screen.contains("RAG 01/18  2  →  3  ▲ up  ann"), "{screen}");
    assert!(
        screen.contains("Implement a practice model of social work"),
        "titles, not ids only: {screen}"
    );
    assert!(
        screen.contains("1 in the plan's change log · 1 unsaved edit(s)"),
        "{screen}"
    );
    // Saved changes stay in the list for the rest of the meeting.
    keys(&mut a, "c");
    ctrl(&mut a, 's');
    keys(&mut a, "c");
    t.draw(|f| {
        ragboard::ui::render(f, &a);
    })
    .unwrap();
    let screen = format!("{:?}", t.backend());
    assert!(
        screen.contains("saved   2018-02-01 10:30:00 1.1.3"),
        "{screen}"
    );
    assert!(
        screen.contains("1 in the plan's change log · 0 unsaved edit(s)"),
        "{screen}"
    );
    // And the action's own detail shows its history.
    keys(&mut a, "c");
    t.draw(|f| {
        ragboard::ui::render(f, &a);
    })
    .unwrap();
    let screen = format!("{:?}", t.backend());
    assert!(
        screen.contains("2018-02-01 10:30 ann RAG 01/18  2 → 3"),
        "{screen}"
    );
}

#[test]
fn the_journal_survives_a_crash_and_replays() {
    let disk = plan_on_disk();
    {
        let mut a = open(&disk.path, "ann");
        go(&mut a, "1.1.3");
        keys(&mut a, "3n1");
        // The app is dropped here without saving: a crash.
    }
    let journal = store::journal::path_for(&disk.path);
    assert!(journal.exists());
    let mut a = open(&disk.path, "bob");
    assert_eq!(a.overlay().cloned(), Some(Overlay::Replay));
    let r = a.meeting().recovery().unwrap();
    assert_eq!(r.count(), 2);
    assert!(!r.plan_changed);
    assert_eq!(r.header.as_ref().unwrap().user, "ann");
    keys(&mut a, "x3"); // other keys do not dismiss it, nor rate behind it
    assert_eq!(a.overlay().cloned(), Some(Overlay::Replay));
    keys(&mut a, "r");
    assert_eq!(a.overlay().cloned(), None);
    assert_eq!(a.plan().action("1.1.3").unwrap().rating("01-18"), Some(3));
    assert_eq!(a.plan().action("1.1.4").unwrap().rating("01-18"), Some(1));
    let log: Vec<_> = a.meeting().log().collect();
    assert_eq!(log[0].0.who, "ann", "who made the change is kept");
    assert_eq!(a.meeting().unsaved(), 2);
    // A second crash after replaying still loses nothing.
    drop(a);
    let mut a = open(&disk.path, "bob");
    keys(&mut a, "r");
    assert_eq!(a.meeting().unsaved(), 2);
    ctrl(&mut a, 's');
    assert!(!journal.exists());
    let saved = store::load(&disk.path).unwrap().plan;
    assert_eq!(saved.changes.len(), 2);
}

#[test]
fn setting_the_journal_aside_keeps_it_in_a_file() {
    let disk = plan_on_disk();
    {
        let mut a = open(&disk.path, "ann");
        go(&mut a, "1.1.3");
        keys(&mut a, "3");
    }
    let mut a = open(&disk.path, "ann");
    keys(&mut a, "d");
    assert_eq!(a.overlay().cloned(), None);
    assert_eq!(a.plan().action("1.1.3").unwrap().rating("01-18"), Some(2));
    assert!(!store::journal::path_for(&disk.path).exists());
    let kept: Vec<_> = fs::read_dir(disk.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("plan.ron.journal.discarded-"))
        .collect();
    assert_eq!(kept.len(), 1, "set aside, never deleted");
    assert!(a.status().unwrap().contains(&kept[0]));
}

#[test]
fn a_file_changed_on_disk_is_never_overwritten() {
    let disk = plan_on_disk();
    let mut a = open(&disk.path, "ann");
    go(&mut a, "1.1.3");
    keys(&mut a, "3");
    // Someone else saves their own edit meanwhile.
    colleague_saves(&disk.path, "1.1.8", "01-18", 3);
    let their_bytes = fs::read(&disk.path).unwrap();

    ctrl(&mut a, 's');
    assert!(matches!(a.overlay().cloned(), Some(Overlay::Conflict(_))));
    assert_eq!(
        fs::read(&disk.path).unwrap(),
        their_bytes,
        "their edit survives"
    );
    assert!(a.dirty(), "ours are still unsaved (and in the journal)");

    keys(&mut a, "s");
    let Some(Overlay::SaveAs { path }) = &a.overlay().cloned() else {
        panic!("expected save-as, got {:?}", a.overlay().cloned())
    };
    assert!(path.ends_with("plan-ann-2018-02-01.ron"), "{path}");
    press(&mut a, KeyCode::Enter);
    let ours = disk.dir.path().join("plan-ann-2018-02-01.ron");
    let mine = store::load(&ours).unwrap().plan;
    assert_eq!(mine.action("1.1.3").unwrap().rating("01-18"), Some(3));
    assert_eq!(fs::read(&disk.path).unwrap(), their_bytes);
    assert!(!a.dirty());
}

#[test]
fn save_as_never_overwrites_an_existing_file() {
    let disk = plan_on_disk();
    let mut a = open(&disk.path, "ann");
    go(&mut a, "1.1.3");
    keys(&mut a, "3S");
    let Some(Overlay::SaveAs { path }) = a.overlay().cloned().clone() else {
        panic!()
    };
    fs::write(&path, "someone's file").unwrap();
    press(&mut a, KeyCode::Enter);
    assert!(a.status().unwrap().contains("exists already"));
    assert_eq!(fs::read_to_string(&path).unwrap(), "someone's file");
}

#[test]
fn quitting_with_unsaved_changes_asks_first() {
    let disk = plan_on_disk();
    let mut a = open(&disk.path, "ann");
    go(&mut a, "1.1.3");
    keys(&mut a, "3q");
    assert_eq!(a.overlay().cloned(), Some(Overlay::ConfirmQuit));
    assert!(!a.has_quit());
    press(&mut a, KeyCode::Esc);
    assert!(!a.has_quit());
    keys(&mut a, "qs");
    assert!(a.has_quit());
    assert_eq!(
        store::load(&disk.path)
            .unwrap()
            .plan
            .action("1.1.3")
            .unwrap()
            .rating("01-18"),
        Some(3)
    );

    drop(a);
    let mut b = open(&disk.path, "ann");
    go(&mut b, "1.1.4");
    keys(&mut b, "1qd");
    assert!(b.has_quit());
    assert!(
        !store::journal::path_for(&disk.path).exists(),
        "discarding sets the journal aside"
    );
    assert_eq!(
        store::load(&disk.path)
            .unwrap()
            .plan
            .action("1.1.4")
            .unwrap()
            .rating("01-18"),
        Some(4)
    );
}

#[test]
fn the_bundled_plan_saves_beside_the_user_and_never_over_a_file_there() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = common::bundled_in(dir.path(), "tester");
    go(&mut a, "1.1.3");
    keys(&mut a, "3");
    ctrl(&mut a, 's');
    let target = dir.path().join(store::BUNDLED_NAME);
    assert_eq!(
        a.status(),
        Some(format!("Saved to {}", target.display()).as_str())
    );
    assert!(store::load(&target).is_ok());

    // A second session on the bundled plan finds a file there it did not write.
    drop(a);
    let mut b = common::bundled_in(dir.path(), "tester");
    go(&mut b, "1.1.4");
    keys(&mut b, "1");
    ctrl(&mut b, 's');
    assert!(matches!(b.overlay().cloned(), Some(Overlay::Conflict(_))));
}

#[test]
fn undo_reaches_past_a_save_and_records_a_reversal() {
    let disk = plan_on_disk();
    let mut a = open(&disk.path, "ann");
    go(&mut a, "1.1.3");
    keys(&mut a, "3n1");
    ctrl(&mut a, 's');
    assert!(!a.dirty());
    assert!(
        !store::journal::path_for(&disk.path).exists(),
        "a save clears the journal"
    );
    keys(&mut a, "z");
    assert!(a.dirty());
    assert_eq!(a.plan().action("1.1.4").unwrap().rating("01-18"), Some(4));
    keys(&mut a, "y");
    assert!(!a.dirty(), "redo brings back exactly what was saved");
    keys(&mut a, "zz");
    assert_eq!(a.plan().action("1.1.3").unwrap().rating("01-18"), Some(2));
    assert_eq!(a.meeting().unsaved(), 2);
    ctrl(&mut a, 's');
    let saved = store::load(&disk.path).unwrap().plan;
    assert_eq!(saved.action("1.1.3").unwrap().rating("01-18"), Some(2));
    // The saved trail is never rewritten: the undos are changes of their own.
    let trail: Vec<_> = saved
        .changes
        .iter()
        .map(|c| (c.item.as_str(), c.from, c.to))
        .collect();
    assert_eq!(
        trail,
        [
            ("1.1.3", Some(2), Some(3)),
            ("1.1.4", Some(4), Some(1)),
            ("1.1.4", Some(1), Some(4)),
            ("1.1.3", Some(3), Some(2)),
        ]
    );
    assert!(
        saved.changes[3]
            .note
            .as_deref()
            .unwrap()
            .starts_with("undo of ann's change")
    );
    keys(&mut a, "y");
    assert_eq!(a.plan().action("1.1.3").unwrap().rating("01-18"), Some(3));
}

#[test]
fn a_crash_after_save_and_undo_replays_to_the_same_state() {
    let disk = plan_on_disk();
    {
        let mut a = open(&disk.path, "ann");
        go(&mut a, "1.1.3");
        keys(&mut a, "3n1");
        ctrl(&mut a, 's');
        keys(&mut a, "z"); // undo 1.1.4 past the save, then crash
    }
    let mut a = open(&disk.path, "ann");
    assert_eq!(a.overlay().cloned(), Some(Overlay::Replay));
    assert_eq!(a.meeting().recovery().unwrap().count(), 1);
    keys(&mut a, "r");
    assert_eq!(a.plan().action("1.1.3").unwrap().rating("01-18"), Some(3));
    assert_eq!(a.plan().action("1.1.4").unwrap().rating("01-18"), Some(4));
    assert!(a.dirty());
    keys(&mut a, "y");
    assert!(!a.dirty(), "the undone change can be redone");
    keys(&mut a, "z");
    ctrl(&mut a, 's');
    let saved = store::load(&disk.path).unwrap().plan;
    assert_eq!(saved.changes.len(), 3, "two changes and one reversal");
    assert_eq!(saved.action("1.1.4").unwrap().rating("01-18"), Some(4));
}

#[test]
fn quitting_after_a_save_leaves_no_journal() {
    let disk = plan_on_disk();
    let mut a = open(&disk.path, "ann");
    go(&mut a, "1.1.3");
    keys(&mut a, "3");
    ctrl(&mut a, 's');
    keys(&mut a, "z");
    keys(&mut a, "y");
    assert!(store::journal::path_for(&disk.path).exists());
    keys(&mut a, "q");
    assert!(a.has_quit(), "nothing unsaved: no question");
    assert!(!store::journal::path_for(&disk.path).exists());
}
