//! The projector's screen for a room (issue 20.5): every level with its label and a legend
//! of the scale, opening at the top of the item, paging by a screen, past periods readable,
//! and a footer of the chair's keys that act there.

mod common;

use common::screen::{draw, drawn, find, screen};
use common::{app, go, keys, press};
use ragboard::app::App;
use ragboard::crossterm::event::KeyCode;
use ragboard::meeting::Meeting;
use ragboard::model::Node;
use ratatui::style::Modifier;

/// The app with 1.1.1 rated 1, 2, 3 and 4 across the four periods and 1.1.2 rated 5 in
/// the last: every level of the development plan's scale on a tile.
fn every_level() -> App {
    let mut m = Meeting::new(
        ragboard::store::bundled().unwrap(),
        "tester",
        common::clock(),
    );
    let note = || Some("evidence seen".to_string());
    for (period, value) in [("initial", 1), ("01-18", 2), ("03-18", 3), ("05-18", 4)] {
        m.rate("1.1.1", period, Some(value), note(), None).unwrap();
    }
    m.rate("1.1.2", "05-18", Some(5), note(), None).unwrap();
    let mut a = App::new(m, common::options(ragboard::ui::theme::ThemeName::Default));
    go(&mut a, "1.1.1");
    keys(&mut a, "f");
    a
}

/// Each tile's words, left to right, its rows joined: the text inside the blocks along the
/// bottom.
fn tile_texts(screen: &str) -> Vec<String> {
    let rows: Vec<&str> = screen.lines().collect();
    let top = rows
        .iter()
        .rposition(|r| r.contains('┌'))
        .expect("the tiles");
    let mut tiles: Vec<Vec<String>> = Vec::new();
    for row in &rows[top + 1..] {
        if row.contains('└') {
            break;
        }
        let (Some(a), Some(b)) = (row.find('│'), row.rfind('│')) else {
            break;
        };
        for (i, cell) in row[a..b].split('│').skip(1).step_by(2).enumerate() {
            if tiles.len() <= i {
                tiles.push(Vec::new());
            }
            let cell = cell.trim();
            if !cell.is_empty() {
                tiles[i].push(cell.to_string());
            }
        }
    }
    tiles.into_iter().map(|t| t.join(" ")).collect()
}

#[test]
fn every_level_shows_with_its_name_at_80x24_and_200x50() {
    for (w, h) in [(80, 24), (200, 50), (120, 36)] {
        let mut a = every_level();
        let s = drawn(&mut a, w, h);
        assert_eq!(
            tile_texts(&s),
            [
                "1 Not started / significant delay",
                "2 Started, some delay",
                "3 On track",
                "4 Completed, sustained"
            ],
            "{w}x{h}:\n{s}"
        );
        keys(&mut a, "n");
        let s = drawn(&mut a, w, h);
        assert_eq!(
            tile_texts(&s)[3],
            "5 Completed, can be removed",
            "{w}x{h}:\n{s}"
        );
        // The legend: every level of the scale, its label and its name.
        for name in [
            "1  Not started / significant delay",
            "2  Started, some delay",
            "3  On track",
            "4  Completed, sustained",
            "5  Completed, can be removed",
        ] {
            assert!(s.contains(name), "{w}x{h}: legend lacks {name}:\n{s}");
        }
    }
}

#[test]
fn level_names_snapshots_80x24_and_200x50() {
    let mut a = every_level();
    drawn(&mut a, 80, 24);
    insta::assert_snapshot!("levels_80x24", draw(&a, 80, 24).backend());
    drawn(&mut a, 200, 50);
    insta::assert_snapshot!("levels_200x50", draw(&a, 200, 50).backend());
}

#[test]
fn a_tile_too_narrow_for_its_words_ends_with_an_ellipsis_and_the_legend_has_them() {
    // Seven periods at 80 columns: tiles nine wide.
    let mut plan = ragboard::store::bundled().unwrap();
    for i in 0..3 {
        plan.periods.push(ragboard::model::Period {
            id: format!("x{i}"),
            label: format!("X{i}"),
            date: None,
        });
    }
    let mut m = Meeting::new(plan, "tester", common::clock());
    m.rate("1.1.1", "05-18", Some(1), None, None).unwrap();
    let mut a = App::new(m, common::options(ragboard::ui::theme::ThemeName::Default));
    go(&mut a, "1.1.1");
    keys(&mut a, "f");
    let s = drawn(&mut a, 80, 24);
    let tiles = tile_texts(&s);
    assert_eq!(tiles.len(), 7, "{s}");
    assert!(
        tiles[3].starts_with("1 Not") && tiles[3].ends_with('…'),
        "{tiles:?}\n{s}"
    );
    assert!(s.contains("1  Not started / significant delay"), "{s}");
}

#[test]
fn presentation_opens_at_the_top_of_the_item_whatever_the_detail_showed() {
    let mut a = app();
    go(&mut a, "4.1");
    press(&mut a, KeyCode::Tab);
    for _ in 0..12 {
        press(&mut a, KeyCode::Down);
    }
    assert!(a.detail_scroll() >= 12, "the detail pane scrolled");
    keys(&mut a, "f");
    assert_eq!(a.present_scroll(), 0);
    let s = drawn(&mut a, 80, 24);
    assert!(
        s.contains("4.1.1  (action not stated"),
        "the first action:\n{s}"
    );
    // Scrolled in presentation, left and opened again: the top again.
    keys(&mut a, " ");
    assert!(a.present_scroll() > 0);
    keys(&mut a, "ff");
    assert_eq!(a.present_scroll(), 0);
}

#[test]
fn space_and_page_down_page_by_a_screen_then_move_on() {
    let mut a = app();
    go(&mut a, "4.1");
    keys(&mut a, "f");
    let first = drawn(&mut a, 80, 24);
    let limits = a.limits();
    let (page, max) = (limits.present_page, limits.present_max_scroll);
    assert!(
        page >= 10 && max > 2 * page,
        "page {page}, max {max}\n{first}"
    );
    keys(&mut a, " ");
    assert_eq!(a.present_scroll(), page, "Space: a screen, not a line");
    let second = drawn(&mut a, 80, 24);
    assert!(
        second.contains("▼") && !second.contains("4.1.1  (action"),
        "{second}"
    );
    // p (and Backspace) page back while scrolled.
    press(&mut a, KeyCode::Backspace);
    assert_eq!(a.present_scroll(), 0);
    // PgDn pages too; at the end, Space moves on to the next item.
    let mut presses = 0;
    while a.current() == Some(Node::Objective(3, 0)) {
        press(&mut a, KeyCode::PageDown);
        drawn(&mut a, 80, 24);
        presses += 1;
        assert!(presses < 10, "paging ends");
    }
    // PgDn at the end of the body is next priority, as on the agenda.
    assert_eq!(presses, max.div_ceil(page) as usize + 1);
    assert_eq!(a.current(), Some(Node::Priority(4)));
    go(&mut a, "4.1");
    drawn(&mut a, 80, 24);
    for _ in 0..max.div_ceil(page) {
        keys(&mut a, " ");
        drawn(&mut a, 80, 24);
    }
    assert_eq!(a.present_scroll(), max, "the last page");
    keys(&mut a, " ");
    assert_eq!(a.current().map(|n| n.id(a.plan())), Some("4.1.1".into()));
    assert_eq!(a.present_scroll(), 0, "the next item from its top");
}

#[test]
fn past_periods_and_not_rated_are_never_dim_on_the_projector() {
    let mut a = every_level();
    drawn(&mut a, 120, 36);
    let t = draw(&a, 120, 36);
    let buf = t.backend().buffer();
    for needle in ["RAG initial", "RAG 03/18", "RAG 05/18", "◆ RAG 01/18"] {
        let (x, y) = find(buf, needle).unwrap_or_else(|| panic!("{needle}"));
        let style = buf[(x, y)].style();
        assert!(
            !style.add_modifier.contains(Modifier::DIM),
            "{needle} is dim: {style:?}"
        );
    }
    // A priority: its direction of travel names the earlier period, readably.
    let mut a = app();
    go(&mut a, "1");
    keys(&mut a, "f");
    drawn(&mut a, 120, 36);
    let t = draw(&a, 120, 36);
    let buf = t.backend().buffer();
    for needle in ["rated in both RAG initial", "not rated"] {
        let (x, y) = find(buf, needle).unwrap_or_else(|| panic!("{needle}"));
        assert!(
            !buf[(x, y)].style().add_modifier.contains(Modifier::DIM),
            "{needle} is dim"
        );
    }
}

#[test]
fn the_footer_offers_the_chairs_keys_that_act_and_a_read_only_copy_no_rating() {
    let mut a = every_level();
    let s = drawn(&mut a, 120, 36);
    let footer = s.lines().last().unwrap();
    for want in [
        "1-5 rate",
        "n/Space next",
        "p prev",
        "x reviewed",
        "Esc leave",
        "? help",
    ] {
        assert!(footer.contains(want), "{want}: {footer}");
    }
    // The digits and x do what the footer says, on the item the room sees.
    keys(&mut a, "3x");
    assert_eq!(a.plan().action("1.1.1").unwrap().rating("01-18"), Some(3));
    assert!(a.is_reviewed(a.current().unwrap()));
    // A copy that cannot write offers no rating.
    let disk = common::plan_on_disk();
    let _ann = common::meeting(&disk.path, "ann");
    let mut bob = common::open(&disk.path, "bob");
    go(&mut bob, "1.1.1");
    keys(&mut bob, "f");
    let s = drawn(&mut bob, 120, 36);
    let footer = s.lines().last().unwrap();
    assert!(!footer.contains("rate"), "{footer}");
    assert!(footer.contains("x reviewed"), "{footer}");
}

#[test]
fn the_footer_says_next_pages_only_while_there_is_more() {
    let mut a = app();
    go(&mut a, "4.1");
    keys(&mut a, "f");
    // The footer knows in the frame it is drawn in (no key press behind).
    let t = draw(&a, 80, 24);
    let s = common::screen::text(t.backend().buffer());
    assert!(s.contains("n/Space next page"), "{s}");
    assert!(s.contains("↓ scroll"), "{s}");
    keys(&mut a, "f");
    go(&mut a, "1.1.5");
    keys(&mut a, "f");
    let s = screen(&a, 80, 24);
    assert!(
        s.contains("n/Space next ") && !s.contains("next page") && !s.contains("↓ scroll"),
        "{s}"
    );
}

#[test]
fn the_second_page_of_a_long_objective_80x24() {
    let mut a = app();
    go(&mut a, "4.1");
    keys(&mut a, "f");
    drawn(&mut a, 80, 24);
    keys(&mut a, " ");
    drawn(&mut a, 80, 24);
    insta::assert_snapshot!("objective_page_2_80x24", draw(&a, 80, 24).backend());
}

/// The room sees what the board decided on the item it is discussing: presentation lists the
/// item's decisions and agreed actions (with their status and meeting) as the detail does.
#[test]
fn presentation_shows_the_items_decisions_and_agreed_actions() {
    let plan = ragboard::store::bundled().unwrap();
    let mut m = Meeting::new(plan, "chair", common::clock());
    // The meeting's own period (`common::options`).
    let period = "01-18".to_string();
    m.decide(
        ragboard::model::DecisionKind::Action,
        Some("1.1.1"),
        "Director to bring a recovery plan to the March board",
        Some("Director"),
        None,
        &period,
        common::meeting_date(),
    )
    .unwrap();
    let mut a = App::new(m, common::options(ragboard::ui::theme::ThemeName::Default));
    go(&mut a, "1.1.1");
    keys(&mut a, "f");
    let s = drawn(&mut a, 120, 40);
    assert!(s.contains("Decisions and agreed actions"), "{s}");
    assert!(s.contains("Director to bring a recovery plan"), "{s}");
}
