//! The app's state machine, driven by actions and key events with no terminal.

mod common;

use common::{act, app, keys, press};
use ragboard::app::{Action, Focus, Node, Overlay};
use ragboard::crossterm::event::KeyCode;

fn current_id(a: &ragboard::app::App) -> String {
    a.current().unwrap().id(a.plan())
}

#[test]
fn starts_on_the_first_priority_at_the_latest_rated_period() {
    let a = app();
    assert_eq!(a.current(), Some(Node::Priority(0)));
    assert_eq!(a.period_label(), "RAG 01/18");
    assert_eq!((a.item_number(), a.item_count()), (1, 8 + 10 + 95));
}

#[test]
fn next_and_previous_follow_agenda_order() {
    let mut a = app();
    keys(&mut a, "nn");
    assert_eq!(current_id(&a), "1.1.1");
    press(&mut a, KeyCode::Char(' '));
    assert_eq!(current_id(&a), "1.1.2");
    keys(&mut a, "p");
    assert_eq!(current_id(&a), "1.1.1");
    press(&mut a, KeyCode::Backspace);
    assert_eq!(current_id(&a), "1.1");
    assert_eq!(ragboard::ui::breadcrumb(&a), "Priority 1 › Objective 1.1");
}

#[test]
fn stepping_a_whole_priority_visits_every_item_once() {
    let mut a = app();
    let mut seen = vec![current_id(&a)];
    while a.current().unwrap().priority(a.plan()) == 0 {
        keys(&mut a, "n");
        seen.push(current_id(&a));
    }
    // Priority 1, its objective, its eight actions, then priority 2.
    assert_eq!(seen.len(), 1 + 1 + 8 + 1);
    assert_eq!(seen.last().unwrap(), "2");
}

#[test]
fn actions_with_several_measures_are_stepped_through_measure_by_measure() {
    let mut a = app();
    // 8.1.4 has two success measures in the source.
    while current_id(&a) != "8.1.4" {
        keys(&mut a, "n");
    }
    keys(&mut a, "n");
    assert_eq!(current_id(&a), "8.1.4#1");
    keys(&mut a, "n");
    assert_eq!(current_id(&a), "8.1.4#2");
    assert_eq!(
        ragboard::ui::breadcrumb(&a),
        "Priority 8 › Objective 8.1 › Action 8.1.4 › measure 2"
    );
    keys(&mut a, "n");
    assert_eq!(current_id(&a), "8.1.5");
}

#[test]
fn priority_jumps_home_and_end() {
    let mut a = app();
    keys(&mut a, "]]");
    assert_eq!(a.current(), Some(Node::Priority(2)));
    keys(&mut a, "nn[");
    assert_eq!(
        a.current(),
        Some(Node::Priority(2)),
        "[ inside a priority goes to its head"
    );
    keys(&mut a, "[");
    assert_eq!(a.current(), Some(Node::Priority(1)));
    press(&mut a, KeyCode::End);
    assert_eq!(current_id(&a), "8.1.18");
    keys(&mut a, "]");
    assert_eq!(current_id(&a), "8.1.18", "no priority after the last");
    press(&mut a, KeyCode::Home);
    assert_eq!(a.current(), Some(Node::Priority(0)));
}

#[test]
fn collapse_and_expand_the_outline() {
    let mut a = app();
    let all = a.outline().len();
    assert_eq!(all, 113);
    keys(&mut a, "h");
    assert!(a.is_collapsed(Node::Priority(0)));
    assert_eq!(a.outline().len(), all - 9);
    keys(&mut a, "j");
    assert_eq!(
        a.current(),
        Some(Node::Priority(1)),
        "down skips the hidden rows"
    );
    keys(&mut a, "k");
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.outline().len(), all);
    keys(&mut a, "l");
    assert_eq!(
        current_id(&a),
        "1.1",
        "right on an open item goes to its first child"
    );
    keys(&mut a, "ll");
    assert_eq!(current_id(&a), "1.1.1");
    keys(&mut a, "h");
    assert_eq!(
        current_id(&a),
        "1.1",
        "left on a leaf goes to the parent and closes it"
    );
    assert!(a.is_collapsed(Node::Objective(0, 0)));
}

#[test]
fn stepping_into_a_collapsed_item_opens_it() {
    let mut a = app();
    keys(&mut a, "h");
    keys(&mut a, "n");
    assert_eq!(current_id(&a), "1.1");
    assert!(!a.is_collapsed(Node::Priority(0)));
}

#[test]
fn reviewed_ticks_and_the_next_item_to_review() {
    let mut a = app();
    let total = a.to_review();
    keys(&mut a, "xnx");
    assert_eq!(a.to_review(), total - 2);
    keys(&mut a, "x");
    assert_eq!(a.to_review(), total - 1, "x again clears the tick");
    keys(&mut a, "x");
    press(&mut a, KeyCode::Home);
    keys(&mut a, "u");
    assert_eq!(current_id(&a), "1.1.1", "skips the two reviewed items");
    // Tick everything: then u says so and stays.
    for _ in 0..a.agenda().len() {
        keys(&mut a, "x");
        keys(&mut a, "u");
        if a.status() == Some("Every item has been reviewed.") {
            break;
        }
    }
    assert_eq!(a.to_review(), 0);
    common::go(&mut a, "1.1.1");
    keys(&mut a, "u");
    assert_eq!(current_id(&a), "1.1.1");
    assert_eq!(a.status(), Some("Every item has been reviewed."));
}

#[test]
fn tab_moves_focus_and_arrows_scroll_the_detail() {
    let mut a = app();
    press(&mut a, KeyCode::Tab);
    assert_eq!(a.focus(), Focus::Detail);
    keys(&mut a, "jj");
    assert_eq!(a.detail_scroll(), 2);
    assert_eq!(a.current(), Some(Node::Priority(0)), "the selection stays");
    keys(&mut a, "n");
    assert_eq!(a.detail_scroll(), 0, "a new item starts at the top");
    press(&mut a, KeyCode::BackTab);
    assert_eq!(a.focus(), Focus::Outline);
}

#[test]
fn help_overlay_swallows_keys_until_closed() {
    let mut a = app();
    keys(&mut a, "?");
    assert_eq!(a.overlay().cloned(), Some(Overlay::Help));
    keys(&mut a, "nnq");
    assert_eq!(a.current(), Some(Node::Priority(0)));
    assert!(!a.has_quit(), "q closes the overlay, it does not quit");
    assert_eq!(a.overlay().cloned(), None);
    keys(&mut a, "?");
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.overlay().cloned(), None);
    keys(&mut a, "q");
    assert!(a.has_quit());
}

#[test]
fn presentation_mode_toggles_and_arrows_step_the_agenda() {
    let mut a = app();
    keys(&mut a, "f");
    assert!(a.presenting());
    act(&mut a, &[Action::Down, Action::Down]);
    assert_eq!(current_id(&a), "1.1.1");
    keys(&mut a, "f");
    assert!(!a.presenting());
}

#[test]
fn theme_cycles() {
    let mut a = app();
    keys(&mut a, "t");
    assert_eq!(a.theme().name, ragboard::ui::theme::ThemeName::HighContrast);
    assert_eq!(a.status(), Some("Theme: high-contrast"));
}

#[test]
fn overdue_is_before_the_meeting_and_not_complete() {
    let a = app();
    // Due Jan-18, rated 2 at 01/18, meeting 1 Feb 2018: overdue.
    assert!(a.is_overdue(a.plan().action("1.1.8").unwrap()));
    // Due Jan-18 but rated 4 (complete): not overdue.
    assert!(!a.is_overdue(a.plan().action("1.1.1").unwrap()));
    // Due Apr-18: not yet.
    assert!(!a.is_overdue(a.plan().action("1.1.2").unwrap()));
}

#[test]
fn overlay_scrolls_when_taller_than_the_screen() {
    let mut a = app();
    keys(&mut a, "?");
    // As the loop does: drawn, the help says how far it can scroll.
    common::screen::drawn(&mut a, 80, 24);
    keys(&mut a, "jjj");
    assert_eq!(a.overlay_scroll(), 3);
    keys(&mut a, "k");
    assert_eq!(a.overlay_scroll(), 2);
    assert_eq!(
        a.current(),
        Some(Node::Priority(0)),
        "the agenda does not move under the help"
    );
}

#[test]
fn the_changes_view_scrolls_and_the_agenda_stays_put() {
    let mut a = app();
    keys(&mut a, "c");
    assert_eq!(a.overlay().cloned(), Some(Overlay::Changes));
    keys(&mut a, "jj");
    assert_eq!(a.current(), Some(Node::Priority(0)));
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.overlay().cloned(), None);
}

/// The status line says what kind of message it is: a refusal is drawn as a warning, what
/// was done and where things stand plainly.
#[test]
fn the_status_line_is_typed_by_kind() {
    use ragboard::app::StatusKind;
    let mut a = app();
    keys(&mut a, "z");
    let s = a.status_line().unwrap();
    assert_eq!(
        (s.kind, s.text.as_str()),
        (StatusKind::Refused, "Nothing to undo")
    );
    common::go(&mut a, "1.1.1");
    keys(&mut a, "3");
    assert_eq!(a.status_line().unwrap().kind, StatusKind::Done);
    keys(&mut a, "t");
    assert_eq!(a.status_line().unwrap().kind, StatusKind::Info);
    keys(&mut a, "j");
    assert!(a.status_line().is_none(), "the next key replaces it");
}
