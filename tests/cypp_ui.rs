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
        .priorities_mut()
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
    assert!(s.contains("Priority 1 › Aim 1.3 › Objective 1.3.1"), "{s}");
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
    common::screen::drawn(&mut a, 120, 36);
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
        common::screen::drawn(&mut a, 120, 36);
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

#[test]
fn an_objective_names_its_aim_in_the_header_and_detail_80x24() {
    let mut a = open(plan("cypp-2013-16.ron"));
    go(&mut a, "1.1.2");
    let t = draw(&a, 80, 24);
    let s = screen(t.backend().buffer());
    assert!(s.contains(" Priority 1 › Aim 1.1 › Objective 1.1.2"), "{s}");
    assert_eq!(
        ragboard::ui::breadcrumb(&a),
        "Priority 1 › Aim 1.1 › Objective 1.1.2"
    );
    // The detail names the aim, by its title; the plan has no lead, officer or due date
    // for it, so those rows are left out rather than shown as "-".
    assert!(
        s.contains("Aim 1.1: Raise attainment at the end of all"),
        "{s}"
    );
    insta::assert_snapshot!(t.backend());
    // The whole detail, on a tall screen.
    let s = screen(draw(&a, 120, 60).backend().buffer());
    assert!(s.contains("Rating by period"), "{s}");
    for row in ["Lead ", "Responsible", "Due "] {
        assert!(!s.contains(row), "{row}: {s}");
    }
    // The one objective with a lead shows it.
    go(&mut a, "2.2.3");
    let s = screen(draw(&a, 120, 36).backend().buffer());
    assert!(s.contains("Lead         Barbara Brownlee"), "{s}");
    assert!(!s.contains("Responsible"), "{s}");
}

#[test]
fn a_priority_of_the_2015_16_plan_shows_its_own_words() {
    let mut a = open(plan("cypp-2015-16.ron"));
    go(&mut a, "2.1");
    let s = screen(draw(&a, 120, 36).backend().buffer());
    assert!(s.contains("Aim 2 › Priority 2.1"), "{s}");
    assert!(s.contains("In the plan's words"), "{s}");
    assert!(s.contains("What do we mean by early help?"), "{s}");
    go(&mut a, "1.4.2");
    let s = screen(draw(&a, 120, 36).backend().buffer());
    assert!(
        s.contains("Aim 1 › Priority 1.4 › Activity area 1.4.2"),
        "{s}"
    );
    assert!(s.contains("moved to priority 1.4"), "{s}");
}

#[test]
fn about_a_narrative_only_review_120x36() {
    let mut a = open(plan("cypp-2010-13-review-2011-12.ron"));
    let s = screen(draw(&a, 120, 36).backend().buffer());
    assert!(s.contains("Nothing to review"), "{s}");
    assert!(s.contains("Nothing to rate · Meeting 1 Jun 2014"), "{s}");
    keys(&mut a, "i");
    common::screen::drawn(&mut a, 120, 36);
    let t = draw(&a, 120, 36);
    let s = screen(t.backend().buffer());
    assert!(
        s.contains("Contents   Nothing to rate: the plan has no actions; its 11 narrative sections are words only"),
        "{s}"
    );
    assert!(s.contains("Scale      none: nothing to rate"), "{s}");
    assert!(s.contains("Kind       review, 2011-12"), "{s}");
    assert!(
        s.contains("Line       cypp-2010-13 → CYPP 2010-13 review 2011-12 (this plan)"),
        "{s}"
    );
    assert!(s.contains("Reviews    cypp-2010-13 (not bundled)"), "{s}");
    assert!(!s.contains("Levels"), "no levels to name: {s}");
    insta::assert_snapshot!(t.backend());
    // Its sections are all there to scroll to, down to the review's last words.
    let reached = (0..40).any(|_| {
        common::press(&mut a, ratatui::crossterm::event::KeyCode::PageDown);
        common::screen::drawn(&mut a, 120, 36).contains("schools and we intend to remedy this now.")
    });
    assert!(reached);
}

#[test]
fn every_view_of_a_plan_with_nothing_to_rate_says_so() {
    use ratatui::crossterm::event::KeyCode;
    let mut a = open(plan("cypp-2010-13-review-2011-12.ron"));
    // The dashboard and the periods grid say there is nothing to rate, not an empty table.
    for (key, view) in [("D", "Dashboard"), ("P", "Periods side by side")] {
        keys(&mut a, key);
        for (w, h) in [(80, 24), (120, 36), (200, 50)] {
            let s = screen(draw(&a, w, h).backend().buffer());
            assert!(s.contains(view), "{key}: {s}");
            assert!(
                s.contains("Nothing to rate: the plan has no actions"),
                "{key}: {s}"
            );
        }
        common::press(&mut a, KeyCode::Esc);
    }
    // The agenda, presentation, search, the indicators, help and rating keys: the agenda
    // stays on "Nothing to review", and nothing panics at any size.
    for key in ["f", "f", "/", "x", "I", "?", "1", "n", "e", "z", "E", "c"] {
        keys(&mut a, key);
        for (w, h) in [(40, 12), (80, 24), (200, 50)] {
            draw(&a, w, h);
        }
        common::press(&mut a, KeyCode::Esc);
    }
    let s = screen(draw(&a, 80, 24).backend().buffer());
    assert!(s.contains("Nothing to review"), "{s}");
    // No period to choose or start: `v` says so, and Enter after it adds nothing.
    keys(&mut a, "v");
    assert!(a.overlay().is_none(), "{:?}", a.overlay());
    assert!(a.status().unwrap_or("").contains("Nothing to rate"));
    common::press(&mut a, KeyCode::Enter);
    assert!(a.plan().periods.is_empty());
    assert!(!a.dirty(), "nothing was changed");
}

#[test]
fn about_the_2015_16_plan_shows_the_line_it_stands_in() {
    let mut a = open(plan("cypp-2015-16.ron"));
    keys(&mut a, "i");
    let s = screen(draw(&a, 120, 36).backend().buffer());
    assert!(
        s.contains("Levels     Aim › Priority › Activity area"),
        "{s}"
    );
    assert!(
        s.contains(
            "Line       cypp-2010-13 → CYPP 2013-16 → Annual report 2014/15 → CYPP 2015/16 (this plan)"
        ),
        "{s}"
    );
    assert!(
        s.contains("Follows    Annual report 2014/15 (ragboard cypp-2014-15-annual-report)"),
        "{s}"
    );
    // Scrolling reaches the plan's last words, at the narrowest popup.
    let reached = (0..120).any(|_| {
        common::press(&mut a, ratatui::crossterm::event::KeyCode::PageDown);
        common::screen::drawn(&mut a, 44, 14).contains("Apprentice")
    });
    assert!(reached, "{}", screen(draw(&a, 44, 14).backend().buffer()));
}
