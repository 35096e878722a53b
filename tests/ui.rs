//! Screens rendered to ratatui's TestBackend: snapshots of the layout, styles of rating
//! cells per theme (snapshots drop colour), and no panic at any size.

mod common;

use common::screen::{draw, find, text};

use common::{app, app_with, keys};
use ragboard::app::App;
use ragboard::ui::theme::ThemeName;
use ratatui::style::{Color, Modifier};

/// The app showing action 1.1.8 (overdue, rated 2 twice) with the detail beside it.
fn on_action() -> App {
    let mut a = app();
    keys(&mut a, "nnnnnnnnn");
    assert_eq!(a.current().unwrap().id(a.plan()), "1.1.8");
    a
}

#[test]
fn main_screen_120x36() {
    insta::assert_snapshot!(draw(&on_action(), 120, 36).backend());
}

#[test]
fn main_screen_80x24() {
    insta::assert_snapshot!(draw(&on_action(), 80, 24).backend());
}

#[test]
fn priority_detail_120x36() {
    let mut a = app();
    keys(&mut a, "]");
    insta::assert_snapshot!(draw(&a, 120, 36).backend());
}

#[test]
fn help_overlay_120x36() {
    let mut a = on_action();
    keys(&mut a, "?");
    common::screen::drawn(&mut a, 120, 36);
    insta::assert_snapshot!(draw(&a, 120, 36).backend());
}

#[test]
fn help_overlay_80x24() {
    let mut a = on_action();
    keys(&mut a, "?");
    common::screen::drawn(&mut a, 80, 24);
    insta::assert_snapshot!(draw(&a, 80, 24).backend());
}

#[test]
fn presentation_120x36() {
    let mut a = on_action();
    keys(&mut a, "f");
    insta::assert_snapshot!(draw(&a, 120, 36).backend());
}

#[test]
fn presentation_80x24() {
    let mut a = on_action();
    keys(&mut a, "f");
    insta::assert_snapshot!(draw(&a, 80, 24).backend());
}

#[test]
fn presentation_of_a_priority_120x36() {
    let mut a = app();
    keys(&mut a, "]]f");
    common::screen::drawn(&mut a, 120, 36);
    insta::assert_snapshot!(draw(&a, 120, 36).backend());
}

#[test]
fn narrow_screen_shows_one_pane_at_a_time() {
    let mut a = on_action();
    let t = draw(&a, 60, 20);
    let s = text(t.backend().buffer());
    assert!(s.contains("Agenda") && !s.contains("Detail"), "{s}");
    common::press(&mut a, ragboard::crossterm::event::KeyCode::Tab);
    assert_eq!(a.focus(), ragboard::app::Focus::Detail);
    let s = text(draw(&a, 60, 20).backend().buffer());
    assert!(s.contains("Detail") && !s.contains(" Agenda "), "{s}");
}

#[test]
fn header_shows_position_period_and_meeting() {
    let t = draw(&on_action(), 120, 36);
    let s = text(t.backend().buffer());
    assert!(s.contains("Item 10 of 113 · 0 of 113 reviewed"), "{s}");
    assert!(
        s.contains("Period RAG 01/18 · 95 of 95 actions rated · Meeting 1 Feb 2018"),
        "{s}"
    );
    assert!(
        s.contains("Priority 1 › Objective 1.1 › Action 1.1.8"),
        "{s}"
    );
    assert!(s.contains("OVERDUE"), "{s}");
}

#[test]
fn footer_and_help_come_from_the_key_table() {
    let mut opts = common::options(ragboard::ui::theme::ThemeName::Default);
    opts.keymap = opts
        .keymap
        .with_overrides(&[("next".to_string(), vec!["J".to_string()])].into())
        .unwrap();
    let meeting = ragboard::meeting::Meeting::new(
        ragboard::store::bundled().unwrap(),
        "tester",
        common::clock(),
    );
    let mut a = App::new(meeting, opts);
    for _ in 0..9 {
        ragboard::app::dispatch(&mut a, ragboard::app::Action::Next);
    }
    let s = text(draw(&a, 120, 40).backend().buffer());
    assert!(s.contains(" J next "), "footer follows the override: {s}");
    keys(&mut a, "?");
    let s = text(draw(&a, 120, 40).backend().buffer());
    assert!(
        s.contains("J               Next item (the next match or kept item"),
        "help follows it: {s}"
    );
}

#[test]
fn presentation_caps_width_on_a_wide_screen() {
    let mut a = on_action();
    keys(&mut a, "f");
    let t = draw(&a, 300, 60);
    let buf = t.backend().buffer();
    let (x, _) = find(buf, "RAG initial").expect("tile title");
    // Content is at most 110 wide, centred: it starts at least (300 - 110) / 2 in.
    assert!(x >= 95, "tiles start at column {x}");
    let last = find(buf, "RAG 05/18").unwrap().0;
    assert!(last < 95 + 110, "tiles end by column {last}");
}

#[test]
fn too_small_says_so() {
    let s = text(draw(&app(), 39, 12).backend().buffer());
    assert!(s.contains("Terminal too small"), "{s}");
    let s = text(draw(&app(), 40, 11).backend().buffer());
    assert!(s.contains("Terminal too small"), "{s}");
    let s = text(draw(&app(), 40, 12).backend().buffer());
    assert!(
        !s.contains("too small") && s.contains("Priority 1 of 8"),
        "{s}"
    );
}

#[test]
fn every_screen_renders_at_every_size_without_panic() {
    let mut screens = Vec::new();
    for setup in [
        "",
        "nnnnnnnnn",
        "nnnnnnnnn?",
        "nnnnnnnnnf",
        "]]f",
        "]]",
        "\t",
        "Gf",
    ] {
        let mut a = app();
        for c in setup.chars() {
            match c {
                '\t' => {
                    ragboard::app::update(&mut a, ragboard::app::Action::FocusNext);
                }
                'G' => {
                    ragboard::app::update(&mut a, ragboard::app::Action::Last);
                }
                c => keys(&mut a, &c.to_string()),
            }
        }
        screens.push(a);
    }
    for a in &screens {
        for w in (1..=200).step_by(7).chain([1, 39, 40, 79, 80, 200]) {
            for h in (1..=60).step_by(5).chain([1, 11, 12, 23, 24, 60]) {
                draw(a, w, h);
            }
        }
    }
}

/// The style of the rating chip in the detail's "RAG initial" row for 1.1.8 (rated 2).
fn chip_style(theme: ThemeName) -> (ratatui::style::Style, ratatui::style::Style) {
    let a = {
        let mut a = app_with(theme);
        keys(&mut a, "nnnnnnnnn");
        a
    };
    let t = draw(&a, 120, 36);
    let buf = t.backend().buffer();
    let (x, y) = find(buf, " 2 Started, some delay ").expect("rating chip");
    let (ux, uy) = find(buf, " - not rated ").expect("unrated chip");
    (buf[(x + 1, y)].style(), buf[(ux + 1, uy)].style())
}

#[test]
fn rating_cells_are_coloured_per_theme_and_unrated_looks_different() {
    let amber = (0xff, 0xa0, 0x00);
    let cases = [
        (
            ThemeName::Default,
            Some(Color::Rgb(amber.0, amber.1, amber.2)),
        ),
        (ThemeName::HighContrast, Some(Color::LightYellow)),
        (ThemeName::ColourBlind, Some(Color::Rgb(0xe6, 0x9f, 0x00))),
        (ThemeName::Mono, None),
    ];
    for (theme, bg) in cases {
        let (rated, unrated) = chip_style(theme);
        assert_eq!(
            rated.bg.filter(|c| *c != Color::Reset),
            bg,
            "{theme:?} rated background"
        );
        assert!(rated.add_modifier.contains(Modifier::BOLD), "{theme:?}");
        if theme == ThemeName::Mono {
            assert!(rated.add_modifier.contains(Modifier::REVERSED));
            assert_eq!(rated.fg.filter(|c| *c != Color::Reset), None);
        }
        // "Not rated" has no fill at all, and is italic: it never reads as a rating.
        assert!(
            matches!(unrated.bg, None | Some(Color::Reset)),
            "{theme:?} unrated fill"
        );
        assert!(
            unrated.add_modifier.contains(Modifier::ITALIC),
            "{theme:?} unrated is italic"
        );
        assert!(
            !unrated.add_modifier.contains(Modifier::REVERSED),
            "{theme:?}"
        );
        assert_ne!(unrated, rated, "{theme:?}");
    }
}

#[test]
fn the_label_is_always_beside_the_colour() {
    for theme in ThemeName::ALL {
        let mut a = app_with(theme);
        keys(&mut a, "nnnnnnnnn");
        let s = text(draw(&a, 120, 36).backend().buffer());
        assert!(s.contains(" 2 Started, some delay "), "{theme:?}");
        assert!(s.contains(" - not rated "), "{theme:?}");
    }
}
