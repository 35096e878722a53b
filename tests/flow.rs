//! The meeting flow as a chair and an officer meet it: the meeting's own period on opening,
//! corrections to past periods, and the traps around them.

mod common;

use common::*;
use ragboard::app::{self, Action, App, Overlay};
use ragboard::crossterm::event::KeyCode;
use ragboard::store;
use ragboard::theme::ThemeName;

/// The app on `path` as `user`, with no `--period`: what a chair gets by default.
fn open_default(path: &std::path::Path, user: &str) -> App {
    let mut opts = options(ThemeName::Default);
    opts.period = None;
    App::new(meeting(path, user), opts)
}

#[test]
fn opening_offers_this_meetings_period_and_records_into_it() {
    let disk = plan_on_disk();
    let mut a = open_default(&disk.path, "ann");
    // Meeting 1 Feb 2018; the plan has no 02/18 period: the chair is asked.
    assert_eq!(
        a.overlay,
        Some(Overlay::StartPeriod {
            label: "RAG 02/18".into()
        })
    );
    // The label can be edited before starting.
    for _ in 0..5 {
        press(&mut a, KeyCode::Backspace);
    }
    keys(&mut a, "Feb 2018");
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.overlay, None);
    assert_eq!(a.period_label(), "RAG Feb 2018");
    assert_eq!(a.period_id(), "02-18");
    assert!(!a.in_past_period());
    go(&mut a, "1.1.1");
    keys(&mut a, "3");
    ctrl(&mut a, 's');
    let saved = store::load(&disk.path).unwrap().plan;
    let a111 = saved.action("1.1.1").unwrap();
    assert_eq!(a111.rating("02-18"), Some(3));
    assert_eq!(
        a111.rating("01-18"),
        Some(4),
        "last period's history untouched"
    );
    let c = saved.changes.last().unwrap();
    assert!(
        !c.correction,
        "a rating in the meeting's period is no correction"
    );
}

#[test]
fn a_digit_in_a_past_period_asks_and_a_correction_is_marked() {
    let disk = plan_on_disk();
    let mut a = open_default(&disk.path, "ann");
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.overlay, None);
    assert_eq!(
        a.period_label(),
        "RAG 01/18",
        "the latest rated period is shown"
    );
    assert!(a.in_past_period());
    go(&mut a, "1.1.1");
    keys(&mut a, "3");
    assert_eq!(a.overlay, Some(Overlay::PastPeriod { value: Some(3) }));
    assert_eq!(
        a.plan().action("1.1.1").unwrap().rating("01-18"),
        Some(4),
        "nothing changed before the choice"
    );
    // Esc cancels: still nothing changed.
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.plan().action("1.1.1").unwrap().rating("01-18"), Some(4));
    assert_eq!(a.meeting.unsaved(), 0);
    // Asked again; `c` corrects.
    keys(&mut a, "3");
    keys(&mut a, "c");
    assert_eq!(a.overlay, None);
    assert_eq!(a.plan().action("1.1.1").unwrap().rating("01-18"), Some(3));
    // Once chosen, further ratings in that period go ahead, still marked.
    go(&mut a, "1.1.2");
    keys(&mut a, "2");
    assert_eq!(a.overlay, None);
    ctrl(&mut a, 's');
    let text = std::fs::read_to_string(&disk.path).unwrap();
    let saved = store::parse(&text, &disk.path).unwrap();
    let last: Vec<_> = saved.changes.iter().rev().take(2).collect();
    assert!(last.iter().all(|c| c.correction && c.period == "01-18"));
    assert!(text.contains("correction: true"), "the file records it");
}

#[test]
fn from_a_past_period_s_starts_the_meetings_period_instead() {
    let disk = plan_on_disk();
    let mut a = open_default(&disk.path, "ann");
    press(&mut a, KeyCode::Esc);
    go(&mut a, "1.1.1");
    keys(&mut a, "2");
    keys(&mut a, "s");
    assert!(matches!(a.overlay, Some(Overlay::StartPeriod { .. })));
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.period_id(), "02-18");
    // The digit must be pressed again: nothing was recorded behind the user's back.
    assert_eq!(a.plan().action("1.1.1").unwrap().rating("02-18"), None);
    keys(&mut a, "2");
    assert_eq!(a.plan().action("1.1.1").unwrap().rating("02-18"), Some(2));
}

#[test]
fn a_plan_with_this_months_period_opens_on_it_without_asking() {
    let disk = plan_on_disk();
    let mut opts = options(ThemeName::Default);
    opts.period = None;
    // 01/18 is dated 1 January 2018: a meeting on 20 January records into it.
    opts.today = chrono::NaiveDate::from_ymd_opt(2018, 1, 20).unwrap();
    let mut a = App::new(meeting(&disk.path, "ann"), opts);
    assert_eq!(a.overlay, None);
    assert_eq!(a.period_id(), "01-18");
    assert!(!a.in_past_period());
    go(&mut a, "1.1.1");
    keys(&mut a, "2");
    assert_eq!(a.plan().action("1.1.1").unwrap().rating("01-18"), Some(2));
}

#[test]
fn choosing_a_past_period_in_the_picker_still_asks_before_rating() {
    let disk = plan_on_disk();
    let mut a = open_default(&disk.path, "ann");
    press(&mut a, KeyCode::Enter); // start 02/18
    keys(&mut a, "v");
    press(&mut a, KeyCode::Up);
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.period_label(), "RAG 01/18");
    assert!(a.in_past_period());
    go(&mut a, "1.1.1");
    app::update(&mut a, Action::Rate(1));
    assert_eq!(a.overlay, Some(Overlay::PastPeriod { value: Some(1) }));
}

#[test]
fn a_read_only_copy_is_not_offered_a_period() {
    let disk = plan_on_disk();
    let _first = open_default(&disk.path, "ann");
    let second = open_default(&disk.path, "bob");
    assert!(second.meeting.read_only().is_some());
    assert_eq!(second.overlay, None);
}

#[test]
fn keys_do_nothing_while_the_terminal_is_too_small() {
    let mut a = app();
    go(&mut a, "1.1.1");
    a.screen = Some((30, 10));
    let before = a.pos;
    keys(&mut a, "3nnz");
    press(&mut a, KeyCode::Down);
    assert_eq!(a.pos, before, "the hidden agenda did not move");
    assert_eq!(a.meeting.unsaved(), 0, "the hidden plan was not rated");
    assert_eq!(a.overlay, None);
    // Large enough again: keys act.
    a.screen = Some((80, 24));
    keys(&mut a, "3");
    assert_eq!(a.meeting.unsaved(), 1);
}
