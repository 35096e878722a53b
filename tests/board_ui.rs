//! The board's records on screen (issue 21): the decision form, the matters arising, the
//! board's judgement beside the recomputed mean, a key milestone's call, closing an agreed
//! action with a note, review ticks in the header, and resuming an adjourned meeting. Each
//! view is driven by its keys, and snapshotted at 80x24 and 200x50.

mod common;

use chrono::NaiveDate;
use common::screen::{draw, drawn};
use common::{go, keys, press};
use ragboard::app::{App, Overlay};
use ragboard::crossterm::event::KeyCode;
use ragboard::meeting::Meeting;
use ragboard::model::{DecisionKind, DecisionStatus, Plan};
use ragboard::store;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The development plan after its January meeting, which agreed two actions and made a
/// decision; the app at the March meeting (15 March 2018, RAG 03/18).
fn march_meeting() -> App {
    let mut m = Meeting::new(store::bundled().unwrap(), "clerk", common::clock());
    m.decide(
        DecisionKind::Action,
        Some("1.1.1"),
        "Director to bring a recovery plan to the March board",
        Some("Director"),
        Some("2018-03".parse().unwrap()),
        "01-18",
        day("2018-02-01"),
    )
    .unwrap();
    m.decide(
        DecisionKind::Action,
        Some("1"),
        "Workforce report with vacancy figures",
        Some("HR lead"),
        Some("2018-02".parse().unwrap()),
        "01-18",
        day("2018-02-01"),
    )
    .unwrap();
    m.decide(
        DecisionKind::Decision,
        None,
        "Meet every two months while the plan is amber",
        None,
        None,
        "01-18",
        day("2018-02-01"),
    )
    .unwrap();
    let plan: Plan = m.plan().clone();
    let opts = ragboard::app::Options {
        today: day("2018-03-15"),
        period: Some("03-18".into()),
        ..common::options(ragboard::ui::theme::ThemeName::Default)
    };
    App::new(Meeting::new(plan, "chair", common::clock()), opts)
}

/// Type `text` into the field in focus of the open form.
fn type_text(a: &mut App, text: &str) {
    keys(a, text);
}

fn tab(a: &mut App) {
    press(a, KeyCode::Tab);
}

fn both_sizes(a: &mut App, name: &str) {
    drawn(a, 80, 24);
    insta::assert_snapshot!(format!("{name}_80x24"), draw(a, 80, 24).backend());
    drawn(a, 200, 50);
    insta::assert_snapshot!(format!("{name}_200x50"), draw(a, 200, 50).backend());
}

#[test]
fn a_decision_and_an_agreed_action_are_recorded_from_the_agenda() {
    let mut a = common::app();
    go(&mut a, "1.1.1");
    keys(&mut a, "d");
    assert!(matches!(a.overlay(), Some(Overlay::Form(_))));
    type_text(
        &mut a,
        "Director to bring a recovery plan to the March board",
    );
    tab(&mut a);
    keys(&mut a, "a"); // an agreed action
    tab(&mut a);
    type_text(&mut a, "Director");
    tab(&mut a);
    type_text(&mut a, "2018-03");
    both_sizes(&mut a, "decision_form");
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.overlay(), None, "{:?}", a.status());
    let d = &a.plan().decisions[0];
    assert_eq!(d.kind, DecisionKind::Action);
    assert_eq!(d.item.as_deref(), Some("1.1.1"));
    assert_eq!(d.owner.as_deref(), Some("Director"));
    assert_eq!(d.due.unwrap().to_string(), "2018-03");
    assert_eq!(d.period, "01-18");
    assert!(
        a.status().unwrap().contains("Recorded an agreed action"),
        "{:?}",
        a.status()
    );
    // Recording on an item counts as reviewing it.
    assert!(a.is_reviewed(a.current().unwrap()));
    // A decision on the plan as a whole: the On field emptied.
    keys(&mut a, "d");
    type_text(&mut a, "Meet monthly");
    for _ in 0..4 {
        tab(&mut a);
    }
    for _ in 0..5 {
        press(&mut a, KeyCode::Backspace);
    }
    press(&mut a, KeyCode::Enter);
    let d = &a.plan().decisions[1];
    assert_eq!((d.kind, d.item.as_deref()), (DecisionKind::Decision, None));
    // Bad input keeps the form open and says why.
    keys(&mut a, "d");
    type_text(&mut a, "x");
    for _ in 0..3 {
        tab(&mut a);
    }
    type_text(&mut a, "March");
    press(&mut a, KeyCode::Enter);
    assert!(matches!(a.overlay(), Some(Overlay::Form(_))));
    assert!(a.status().unwrap().starts_with("Due:"), "{:?}", a.status());
    press(&mut a, KeyCode::Esc);
    // Undo takes the last one back.
    keys(&mut a, "z");
    assert_eq!(a.plan().decisions.len(), 1);
}

#[test]
fn matters_arising_list_earlier_open_actions_and_close_one_with_a_note() {
    let mut a = march_meeting();
    keys(&mut a, "A");
    let s = drawn(&mut a, 80, 24);
    assert!(
        s.contains("From earlier meetings: 2 agreed action(s) open"),
        "{s}"
    );
    assert!(s.contains("Director to bring"), "{s}");
    both_sizes(&mut a, "matters_arising");
    // The second one: the workforce report, closed as done with a note.
    keys(&mut a, "j");
    keys(&mut a, "e");
    assert!(matches!(a.overlay(), Some(Overlay::Form(_))));
    type_text(&mut a, "Report received; vacancies down to 12%");
    both_sizes(&mut a, "closing_form");
    press(&mut a, KeyCode::Enter);
    let d = a
        .plan()
        .decisions
        .iter()
        .find(|d| d.text.starts_with("Workforce"))
        .unwrap();
    assert_eq!(d.status, DecisionStatus::Done);
    let c = d.closed.as_ref().unwrap();
    assert_eq!((c.period.as_str(), c.by.as_str()), ("03-18", "chair"));
    assert_eq!(
        c.note.as_deref(),
        Some("Report received; vacancies down to 12%")
    );
    let s = drawn(&mut a, 80, 24);
    assert!(
        s.contains("From earlier meetings: 1 agreed action(s) open"),
        "{s}"
    );
    // Enter goes to its item.
    keys(&mut a, "k");
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.views().screen(), None);
    assert_eq!(a.current().unwrap().id(a.plan()), "1.1.1");
    // The detail lists it there, as a matter arising.
    let s = drawn(&mut a, 120, 36);
    assert!(s.contains("Decisions and agreed actions"), "{s}");
    assert!(
        s.contains("agreed action (open, Director, due Mar 2018)"),
        "{s}"
    );
}

#[test]
fn the_boards_judgement_sits_beside_the_recomputed_mean() {
    let mut a = common::app();
    go(&mut a, "2");
    keys(&mut a, "B");
    let s = drawn(&mut a, 80, 24);
    assert!(s.contains("Recomputed in RAG 01/18:"), "{s}");
    keys(&mut a, "2"); // the level: 2
    tab(&mut a);
    type_text(&mut a, "Recruitment behind plan");
    both_sizes(&mut a, "judgement_form");
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.plan().priorities[1].judgements.get("01-18"), Some(&2));
    let s = drawn(&mut a, 120, 36);
    assert!(s.contains("Board's judgement in RAG 01/18:"), "{s}");
    assert!(s.contains("Recruitment behind plan"), "{s}");
    // The dashboard puts it beside the recomputed mean, at 80 columns too.
    keys(&mut a, "D");
    let s = drawn(&mut a, 80, 24);
    assert!(
        s.contains("Priority 2 in RAG 01/18: 2.3 from 8 of 8"),
        "{s}"
    );
    assert!(
        s.contains("the board's own judgement: 2 Started, some delay"),
        "{s}"
    );
    both_sizes(&mut a, "dashboard_judgement");
    press(&mut a, KeyCode::Esc);
    // On an action, it is its priority's.
    go(&mut a, "1.1.1");
    keys(&mut a, "B");
    let s = drawn(&mut a, 80, 24);
    assert!(s.contains("judgement of Priority 1"), "{s}");
}

#[test]
fn a_cypp_milestone_is_called_met_and_its_state_shows_it() {
    let plan = store::bundled::find("cypp-2013-16.ron")
        .unwrap()
        .plan()
        .unwrap();
    let opts = ragboard::app::Options {
        today: day("2015-06-15"),
        period: Some("2015-16".into()),
        ..common::options(ragboard::ui::theme::ThemeName::Default)
    };
    let mut a = App::new(Meeting::new(plan, "clerk", common::clock()), opts);
    go(&mut a, "1.3.1");
    keys(&mut a, "K");
    both_sizes(&mut a, "milestones");
    keys(&mut a, "m");
    // The day it was met, in place of the meeting's day.
    for _ in 0..10 {
        press(&mut a, KeyCode::Backspace);
    }
    type_text(&mut a, "2013-03-28");
    tab(&mut a);
    type_text(&mut a, "Pilot schools signed up");
    both_sizes(&mut a, "milestone_met_form");
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.overlay(), None, "{:?}", a.status());
    let ms = &a.plan().milestones_of("1.3.1").unwrap()[0];
    assert_eq!(ms.calls[0].date, day("2013-03-28"));
    let s = drawn(&mut a, 120, 36);
    assert!(s.contains("✓ done"), "{s}");
    assert!(s.contains("[met 28 Mar 2013: Pilot"), "{s}");
    // A new date for the next one: the old date is kept.
    keys(&mut a, "K");
    keys(&mut a, "j");
    keys(&mut a, "d");
    type_text(&mut a, "2016/17");
    press(&mut a, KeyCode::Enter);
    let ms = &a.plan().milestones_of("1.3.1").unwrap()[1];
    assert_eq!(ms.due_now().unwrap().to_string(), "2016/17");
    assert!(ms.due.is_some(), "the old date stays");
    // An item without milestones says so.
    go(&mut a, "1");
    keys(&mut a, "K");
    assert_eq!(a.overlay(), None);
    assert!(
        a.status().unwrap().contains("has no key milestones"),
        "{:?}",
        a.status()
    );
}

#[test]
fn ticks_rating_and_noting_count_in_the_header_and_are_saved() {
    let disk = common::plan_on_disk();
    let mut a = common::open(&disk.path, "ann");
    let s = drawn(&mut a, 120, 36);
    assert!(s.contains("Item 1 of 113 · 0 of 113 reviewed"), "{s}");
    keys(&mut a, "xnx"); // two ticks
    go(&mut a, "1.1.2");
    keys(&mut a, "3"); // a rating counts too
    let s = drawn(&mut a, 120, 36);
    assert!(s.contains("3 of 113 reviewed"), "{s}");
    // x on a rated item says it counts already.
    keys(&mut a, "x");
    assert!(
        a.status().unwrap().contains("counts as reviewed"),
        "{:?}",
        a.status()
    );
    common::ctrl(&mut a, 's');
    let saved = store::load(&disk.path).unwrap().plan;
    let ticked: Vec<&str> = saved.reviewed["01-18"].iter().map(String::as_str).collect();
    assert_eq!(ticked, ["1", "1.1"]);
    drop(a);
    // Reopened: the ticks are there, and the meeting resumes after the last reviewed item.
    let mut a = common::open(&disk.path, "ann");
    assert_eq!(a.reviewed_count(), 3);
    assert_eq!(a.current().unwrap().id(a.plan()), "1.1.3");
    assert!(
        a.status().unwrap().starts_with("Resumed"),
        "{:?}",
        a.status()
    );
    let s = drawn(&mut a, 80, 24);
    assert!(
        s.contains("3 of 113 reviewed") || s.contains("3 reviewed"),
        "{s}"
    );
    both_sizes(&mut a, "resumed");
}
