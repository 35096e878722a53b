//! The screens a plan's load shows: how far the read is, then the agenda of the plan's
//! first priorities, marked as loading, with no plan-wide figure (it would count those
//! priorities only) and a word on the keys typed meanwhile.

mod common;

use ragboard::app::App;
use ragboard::store;
use ragboard::ui::loading::{self, Progress};
use ragboard::ui::theme::ThemeName;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn progress(read: u64, waiting: usize) -> Progress {
    Progress {
        name: "plan-100k.ron".into(),
        read,
        bytes: Some(123_741_706),
        waiting,
    }
}

/// The bundled plan's first four priorities, as a streamed load tells them.
fn beginning() -> App {
    let mut plan = store::bundled().unwrap();
    assert!(plan.priorities.len() > 4);
    plan.priorities.truncate(4);
    plan.changes.clear();
    App::beginning(plan, common::options(ThemeName::Default), "tester")
}

fn drawn(app: &App, progress: &Progress, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| loading::render_beginning(f, app, progress))
        .unwrap();
    t
}

#[test]
fn the_beginning_says_it_is_loading_and_shows_no_plan_figure() {
    let app = beginning();
    for (w, h) in [(80, 24), (120, 36), (200, 50)] {
        let s = common::screen::text(
            drawn(&app, &progress(30_000_000, 0), w, h)
                .backend()
                .buffer(),
        );
        assert!(
            s.contains("Loading plan-100k.ron… 24% of 123.7 MB"),
            "{w}x{h}:\n{s}"
        );
        assert!(
            s.contains("The first 4 priorities, while the rest loads"),
            "{w}x{h}:\n{s}"
        );
        assert!(
            s.contains("Keys act once the whole plan is read"),
            "{w}x{h}:\n{s}"
        );
        // The agenda is there; the header's plan-wide figures are not.
        assert!(s.contains("Agenda"), "{w}x{h}:\n{s}");
        assert!(
            !s.contains("actions rated") && !s.contains("reviewed"),
            "{w}x{h}:\n{s}"
        );
        assert!(!s.contains("Item 1 of"), "{w}x{h}:\n{s}");
    }
    let s = common::screen::text(drawn(&app, &progress(1, 3), 80, 24).backend().buffer());
    assert!(
        s.contains("3 keys wait for the whole plan, and act in order"),
        "{s}"
    );
    assert!(s.contains("Loading plan-100k.ron… 0% of 123.7 MB"), "{s}");
}

#[test]
fn the_beginning_at_80x24() {
    insta::assert_snapshot!(drawn(&beginning(), &progress(61_870_853, 2), 80, 24).backend());
}

#[test]
fn the_beginning_at_120x36() {
    insta::assert_snapshot!(drawn(&beginning(), &progress(61_870_853, 0), 120, 36).backend());
}

#[test]
fn a_terminal_too_small_shows_the_progress_alone() {
    let s = common::screen::text(
        drawn(&beginning(), &progress(61_870_853, 0), 40, 8)
            .backend()
            .buffer(),
    );
    assert!(s.contains("Loading"), "{s}");
    assert!(!s.contains("Agenda"), "{s}");
}

#[test]
fn every_bundled_plans_beginning_draws() {
    // A plan with a tier above its priorities (the CYPP) names priorities its beginning
    // does not hold yet: drawn all the same.
    for b in store::bundled::PLANS {
        let mut plan = b.plan().unwrap();
        plan.priorities.truncate(1);
        let app = App::beginning(plan, common::options(ThemeName::Default), "tester");
        for (w, h) in [(80, 24), (200, 50)] {
            let s = common::screen::text(drawn(&app, &progress(5, 0), w, h).backend().buffer());
            assert!(s.contains("Loading plan-100k.ron"), "{}:\n{s}", b.name);
        }
    }
}
