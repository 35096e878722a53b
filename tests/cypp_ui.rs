//! The partnership plans on screen: a CYPP objective's baseline → ambition and milestones
//! (done, due, overdue) in the detail and presentation views, the annual report's statuses,
//! the plan's own level names, and "about this plan".

mod common;

use common::screen::{draw, find, text as screen};

use chrono::NaiveDate;
use common::{clock, go, keys};
use ragboard::app::{App, Keymap, Options};
use ragboard::meeting::Meeting;
use ragboard::model::Plan;
use ragboard::store::bundled;
use ragboard::ui::theme::ThemeName;
use ratatui::style::{Color, Modifier};

fn plan(name: &str) -> Plan {
    bundled::find(name).unwrap().plan().unwrap()
}

/// The app on `plan` at a meeting on 1 June 2014, recording into the plan's first period.
fn open(plan: Plan) -> App {
    let opts = Options {
        theme: ThemeName::Default,
        today: NaiveDate::from_ymd_opt(2014, 6, 1).unwrap(),
        keymap: Keymap::default(),
        period: plan.periods.first().map(|p| p.id.clone()),
    };
    App::new(Meeting::new(plan, "tester", clock()), opts)
}

/// The 2013-16 plan with objective 1.3.1's first milestone (March 2013) recorded as done:
/// at 1 June 2014 it shows done, and the 2015 and 2016 milestones due.
fn cypp_on_1_3_1() -> App {
    let mut p = plan("cypp-2013-16.ron");
    let ob = p
        .priorities
        .iter_mut()
        .flat_map(|p| p.objectives.iter_mut())
        .flat_map(|o| o.actions.iter_mut())
        .find(|a| a.id == "1.3.1")
        .unwrap();
    ob.milestones[0].done = true;
    let mut a = open(p);
    go(&mut a, "1.3.1");
    a
}

#[test]
fn cypp_objective_detail_120x36() {
    let t = draw(&cypp_on_1_3_1(), 120, 36);
    let buf = t.backend().buffer();
    let s = screen(buf);
    assert!(s.contains("Objective 1.3.1"), "{s}");
    assert!(s.contains("Priority 1 › 1.3 › 1.3.1"), "{s}");
    assert!(s.contains("target 90%"), "{s}");
    assert!(s.contains("✓ done    Mar 2013"), "{s}");
    assert!(s.contains("○ due     2015"), "{s}");
    insta::assert_snapshot!(t.backend());
}

#[test]
fn cypp_objective_presentation_120x36() {
    let mut a = cypp_on_1_3_1();
    keys(&mut a, "f");
    let t = draw(&a, 120, 36);
    let s = screen(t.backend().buffer());
    assert!(s.contains("Where are we now"), "{s}");
    assert!(s.contains("→ Where do we want to be  target 90%"), "{s}");
    assert!(
        s.contains("Key milestones  (2 due, 1 done at 1 Jun 2014)"),
        "{s}"
    );
    insta::assert_snapshot!(t.backend());
}

#[test]
fn financial_year_milestones_detail_80x24() {
    let mut a = open(plan("cypp-2013-16.ron"));
    go(&mut a, "2.3.1");
    // The detail pane, scrolled down to the milestones.
    common::press(&mut a, ratatui::crossterm::event::KeyCode::Tab);
    keys(&mut a, "jjjjjjjj");
    let t = draw(&a, 80, 24);
    let buf = t.backend().buffer();
    let s = screen(buf);
    // 2013/14 ended on 31 March 2014: overdue at 1 June 2014; 2014/15 and 2015/16 are due.
    assert!(s.contains("! overdue 2013/14"), "{s}");
    assert!(s.contains("○ due     2014/15"), "{s}");
    let (x, y) = find(buf, "! overdue").unwrap();
    let cell = &buf[(x, y)];
    assert_eq!(cell.fg, Color::LightRed);
    assert!(cell.modifier.contains(Modifier::BOLD));
    insta::assert_snapshot!(t.backend());
}

#[test]
fn annual_report_counts_statuses_in_its_own_words_120x36() {
    let mut a = open(plan("cypp-2014-15-annual-report.ron"));
    keys(&mut a, "]]]");
    let t = draw(&a, 120, 36);
    let s = screen(t.backend().buffer());
    assert!(s.contains("Strategic aim 4"), "{s}");
    assert!(s.contains("Ratings by period (statuses of actions)"), "{s}");
    // 14 of the aim's 31 actions completed: a count, never a mean.
    assert!(s.contains("14/31✓"), "{s}");
    assert!(!s.contains("mean"), "{s}");
    insta::assert_snapshot!(t.backend());
}

#[test]
fn about_this_plan_shows_levels_and_narrative() {
    let mut a = open(plan("cypp-2013-16.ron"));
    keys(&mut a, "i");
    let t = draw(&a, 120, 36);
    let s = screen(t.backend().buffer());
    assert!(s.contains("About this plan"), "{s}");
    assert!(s.contains("Levels     Priority › Aim › Objective"), "{s}");
    assert!(
        s.contains("Contents   4 priorities, 12 aims, 41 objectives"),
        "{s}"
    );
    assert!(
        s.contains("18 sections: Title page · Document control · Foreword"),
        "{s}"
    );
    insta::assert_snapshot!(t.backend());
    // Page keys scroll to the sections; Esc closes.
    for _ in 0..3 {
        common::press(&mut a, ratatui::crossterm::event::KeyCode::PageDown);
    }
    let s = screen(draw(&a, 120, 36).backend().buffer());
    assert!(s.contains("Author | Jo Olsson"), "{s}");
    assert!(!s.contains("Levels    Priority"), "{s}");
    assert_eq!(a.overlay_scroll(), 30);
    common::press(&mut a, ratatui::crossterm::event::KeyCode::Esc);
    assert!(a.overlay().cloned().is_none());
}

#[test]
fn help_and_footer_name_the_plans_levels() {
    let mut a = open(plan("cypp-2014-15-annual-report.ron"));
    keys(&mut a, "?");
    let s = screen(draw(&a, 120, 40).backend().buffer());
    assert!(s.contains("Jump to the next strategic aim"), "{s}");
    assert!(!s.contains("next priority"), "{s}");
    common::press(&mut a, ratatui::crossterm::event::KeyCode::Esc);
    keys(&mut a, "f");
    let s = screen(draw(&a, 120, 36).backend().buffer());
    assert!(s.contains("] next strategic aim"), "{s}");
}

#[test]
fn dashboard_counts_statuses_beside_the_stated_totals_120x36() {
    let mut a = open(plan("cypp-2014-15-annual-report.ron"));
    keys(&mut a, "D");
    let t = draw(&a, 120, 36);
    let s = screen(t.backend().buffer());
    assert!(s.contains("Strategic aim"), "{s}");
    assert!(s.contains("14/31✓"), "{s}");
    assert!(s.contains("All actions (complete)"), "{s}");
    assert!(!s.contains("Mean of priorities"), "{s}");
    assert!(
        s.contains("C Completed                     55       41        -14*"),
        "{s}"
    );
    insta::assert_snapshot!(t.backend());
}
