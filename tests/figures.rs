//! Honest figures (issue 18): coverage on every figure, partial figures never headline,
//! direction of travel like for like against the latest earlier period with ratings (named),
//! the plan's precision, one labelled overall per kind, and the exception agenda built from
//! the evidence at the start of a meeting. Reproduced on the shipped development plan at a
//! July 2018 meeting, whose new period holds few or no ratings.

mod common;

use chrono::NaiveDate;
use common::screen::{draw, screen};
use common::{clock, keys, press};
use ragboard::app::{self, Action, App, Keymap, Options};
use ragboard::crossterm::event::KeyCode;
use ragboard::meeting::Meeting;
use ragboard::model::figures;
use ragboard::model::filter::Filter;
use ragboard::model::rollup::{self, Dot};
use ragboard::model::summary::Summary;
use ragboard::model::{self, Period, Plan};
use ragboard::report::{Board, BoardFormat, Format, render, render_board};
use ragboard::store;
use ragboard::ui::theme::ThemeName;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The shipped development plan with a July 2018 period ("RAG 07/18") after the empty 03/18
/// and 05/18, in which `ratings` are recorded (action id, rating).
fn july(ratings: &[(&str, u8)]) -> Plan {
    let mut plan = store::bundled().unwrap();
    plan.periods.push(Period {
        id: "07-18".into(),
        label: "RAG 07/18".into(),
        date: Some(day("2018-07-10")),
    });
    for (id, r) in ratings {
        plan.action_mut(id).unwrap().ratings.insert("07-18", *r);
    }
    plan
}

/// Ten actions of priority 3 rated in July, each a step below its 01/18 rating (never below
/// 1): the other seven priorities have none.
fn july_ten() -> Plan {
    let plan = store::bundled().unwrap();
    let ten: Vec<(String, u8)> = plan.priorities[2]
        .actions()
        .take(10)
        .map(|a| {
            (
                a.id.clone(),
                a.rating("01-18").unwrap().saturating_sub(1).max(1),
            )
        })
        .collect();
    let ten: Vec<(&str, u8)> = ten.iter().map(|(id, r)| (id.as_str(), *r)).collect();
    july(&ten)
}

fn paper(plan: &Plan, format: BoardFormat) -> String {
    let b = Board::build(plan, Some("07-18"), day("2018-07-10")).unwrap();
    render_board(plan, &b, format)
}

#[test]
fn one_rating_in_a_new_period_is_no_headline_and_no_trend() {
    // Reproduction: with 1 of 95 actions rated (1), the paper's headline said "Mean rating,
    // all actions: 1.00" and the plan-overall row "▼ down" (1 against the 2.73 of all 95).
    let plan = july(&[("1.1.1", 1)]);
    let md = paper(&plan, BoardFormat::Markdown);
    assert!(!md.contains("**Mean rating, all actions:**"), "{md}");
    assert!(
        md.contains("- **Actions rated:** 1 of 95: fewer than half, so the plan's figures are partial and none is a headline"),
        "{md}"
    );
    // The mean is there, as what it is: one action, compared with itself in 01/18 (4 → 1).
    assert!(
        md.contains("- Partial: mean rating 1.0 from 1 of 95 actions; ▼ down from 4.0 in RAG 01/18 to 1.0, on the 1 action rated in both"),
        "{md}"
    );
    assert!(
        md.contains("| **Plan overall (mean of all rated actions)** | 1.0 (partial) | 1/95 |"),
        "{md}"
    );
    let html = paper(&plan, BoardFormat::Html);
    assert!(!html.contains("mean rating, all actions ("), "{html}");
    assert!(
        html.contains("<p class=\"partial\"><b>Partial:</b> mean rating 1.0 from 1 of 95 actions")
    );
}

#[test]
fn coverage_is_on_every_figure() {
    let plan = july_ten();
    let s = Summary::build(&plan, Some("07-18"));
    let p3 = &s.rows[2].cells[0];
    assert_eq!(
        (p3.rated, p3.total, p3.partial),
        (10, 20, false),
        "half is not fewer than half"
    );
    let p1 = &s.rows[0].cells[0];
    assert_eq!(
        (p1.rated, p1.mean, p1.partial),
        (0, None, false),
        "nothing rated: no figure"
    );
    let all = &s.overall.cells[0];
    assert_eq!((all.rated, all.total, all.partial), (10, 95, true));
    let stats = rollup::plan_stats(&plan, "07-18");
    assert_eq!(
        figures::mean_with_coverage(&plan, &stats),
        format!(
            "{} from 10 of 95 actions, partial",
            figures::mean_text(&plan, stats.mean)
        )
    );
    // Every summary format says so.
    let table = render(&s, Format::Table);
    assert!(table.contains("10/95 partial"), "{table}");
    let csv = render(&s, Format::Csv);
    assert!(csv.contains(",10,95,yes,"), "{csv}");
    let md = render(&s, Format::Markdown);
    assert!(md.contains("(partial) | 10/95 |"), "{md}");
}

#[test]
fn direction_of_travel_is_like_for_like() {
    let plan = july_ten();
    let all: Vec<&model::Action> = plan.actions().collect();
    let at = plan.periods.len() - 1;
    let t = figures::travel(&plan, &all, at).unwrap();
    assert_eq!(
        plan.periods[t.from].id, "01-18",
        "03/18 and 05/18 hold no ratings"
    );
    assert_eq!(t.both, 10);
    assert_eq!(
        t.dot,
        Dot::Down,
        "each of the ten went down a step or stayed at 1"
    );
    // The ten's own 01/18 mean, not the 95's.
    let ten: Vec<&model::Action> = plan.priorities[2].actions().take(10).collect();
    let before = rollup::stats(ten.iter().copied(), "01-18").mean.unwrap();
    assert!((t.before - before).abs() < 1e-9);
    // The paper says it, with the count.
    let md = paper(&plan, BoardFormat::Markdown);
    assert!(md.contains("on the 10 actions rated in both"), "{md}");
    assert!(
        md.contains("▼ down on 10 rated in both (partial) |  |"),
        "{md}"
    );
}

#[test]
fn the_july_paper_names_the_period_its_arrows_compare_with() {
    // Reproduction: the July paper said "compared with RAG 05/18", a period with no
    // ratings, while its arrows compared with 01/18.
    let plan = july_ten();
    let b = Board::build(&plan, Some("07-18"), day("2018-07-10")).unwrap();
    assert_eq!(b.compared_with.as_ref().unwrap().label, "RAG 01/18");
    for (format, says) in [
        (
            BoardFormat::Markdown,
            "compared with RAG 01/18, the latest earlier period with ratings",
        ),
        // The HTML says it in its cover block.
        (
            BoardFormat::Html,
            "<th>Compared with</th><td>RAG 01/18, the latest earlier period with ratings</td>",
        ),
    ] {
        let out = render_board(&plan, &b, format);
        assert!(out.contains(says), "{out}");
        assert!(!out.contains("compared with RAG 05/18"), "{out}");
    }
    // Each action's direction compares with its own latest earlier rating, named in the CSV.
    let csv = render_board(&plan, &b, BoardFormat::Csv);
    let row = csv.lines().find(|l| l.starts_with("3,3.1,3.1.1,")).unwrap();
    assert!(row.contains(",RAG 01/18,"), "{row}");
    // The summary's cells name it too.
    let s = Summary::build(&plan, Some("07-18"));
    let t = s.rows[2].cells[0].travel.as_ref().unwrap();
    assert_eq!((t.from.as_str(), t.both), ("01-18", 10));
}

#[test]
fn precision_follows_the_plan() {
    // The development plan publishes its summary to one decimal: so do the papers.
    let plan = store::bundled().unwrap();
    assert_eq!(figures::decimals(&plan), 1);
    let b = Board::build(&plan, Some("01-18"), day("2018-02-15")).unwrap();
    let md = render_board(&plan, &b, BoardFormat::Markdown);
    assert!(md.contains("| 3.3 | 8/8 |"), "{md}");
    assert!(!md.contains("3.25 | 8/8"), "{md}");
    // A plan that asks for two decimals gets two.
    let mut two = plan.clone();
    two.figures.decimals = Some(2);
    let b = Board::build(&two, Some("01-18"), day("2018-02-15")).unwrap();
    let md = render_board(&two, &b, BoardFormat::Markdown);
    assert!(md.contains("| 3.25 | 8/8 |"), "{md}");
    assert!(md.contains("means within 0.005 are the same"), "{md}");
}

#[test]
fn each_overall_figure_says_what_it_is() {
    // Two "overall" figures (2.73 and 2.60) without saying which was which.
    let plan = store::bundled().unwrap();
    let b = Board::build(&plan, Some("01-18"), day("2018-02-15")).unwrap();
    let md = render_board(&plan, &b, BoardFormat::Markdown);
    assert!(
        md.contains("| **Plan overall (mean of all rated actions)** | 2.7 |"),
        "{md}"
    );
    assert!(
        md.contains("| Plan overall (mean of the priorities' means, as published) | 2.0 | 2.11 * | 2.6 | 2.60 |"),
        "{md}"
    );
    assert!(!md.contains("| all |"), "{md}");
}

#[test]
fn settings_are_optional_and_saved_canonically() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.ron");
    // An older file, with no settings, loads and saves without them.
    let mut plan = store::bundled().unwrap();
    store::save(&path, &plan).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        !text.contains("figures: Figures"),
        "defaults are not written"
    );
    // With them, they are written in a fixed place and order, and read back the same.
    plan.figures = model::Figures {
        coverage: Some(0.6),
        decimals: Some(2),
    };
    store::save(&path, &plan).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains(
            "  figures: Figures(\n    coverage: 0.6,\n    decimals: 2,\n  ),\n  scale: Scale("
        ),
        "{text}"
    );
    let back = store::load(&path).unwrap().plan;
    assert_eq!(back.figures, plan.figures);
    store::save(&path, &back).unwrap();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        text,
        "byte-identical"
    );
    // A coverage of 0.6 makes 10 of 20 partial.
    let mut ten = july_ten();
    ten.figures.coverage = Some(0.6);
    let s = Summary::build(&ten, Some("07-18"));
    assert!(s.rows[2].cells[0].partial);
}

// --- The app at a July meeting ---

fn july_app(plan: Plan) -> App {
    let meeting = Meeting::new(plan, "tester", clock());
    App::new(
        meeting,
        Options {
            theme: ThemeName::Default,
            today: day("2018-07-10"),
            keymap: Keymap::default(),
            period: Some("07-18".into()),
        },
    )
}

#[test]
fn the_header_dashboard_presentation_and_grid_show_coverage() {
    let mut a = july_app(july_ten());
    assert_eq!(a.period_label(), "RAG 07/18");
    let s = screen(&a, 80, 24);
    assert!(s.contains("RAG 07/18 · 10/95 rated, partial"), "{s}");
    insta::assert_snapshot!("july_main_80x24", draw(&a, 80, 24).backend());
    // The dashboard: the plan overall in brackets (partial), its footing in words.
    keys(&mut a, "D");
    let s = screen(&a, 120, 36);
    assert!(
        s.contains("Priority 1 in RAG 07/18: none of 8 rated"),
        "{s}"
    );
    // Down to the plan overall: the brackets, and what the figure stands on in words.
    keys(&mut a, "jjjjjjjj");
    let s = screen(&a, 120, 36);
    assert!(s.contains("(1.7)▼"), "{s}");
    assert!(
        s.contains("All actions in RAG 07/18: 1.7 from 10 of 95 actions, partial · ▼ down on 10 rated in both vs RAG 01/18"),
        "{s}"
    );
    insta::assert_snapshot!("july_dashboard_120x36", draw(&a, 120, 36).backend());
    insta::assert_snapshot!("july_dashboard_80x24", draw(&a, 80, 24).backend());
    press(&mut a, KeyCode::Esc);
    // Priority 3 presented: its July figure with its coverage and like-for-like direction.
    common::go(&mut a, "3");
    keys(&mut a, "f");
    let s = common::screen::drawn(&mut a, 120, 36);
    assert!(s.contains("RAG 07/18: 10 of 20 actions rated"), "{s}");
    assert!(
        s.contains("on the 10 actions rated in both RAG 01/18 and RAG 07/18"),
        "{s}"
    );
    insta::assert_snapshot!("july_present_priority_120x36", draw(&a, 120, 36).backend());
    press(&mut a, KeyCode::Esc);
    // Priority 1 has no July rating; one rating makes it partial everywhere.
    common::go(&mut a, "1.1.1");
    keys(&mut a, "3");
    common::go(&mut a, "1");
    let s = screen(&a, 120, 36);
    assert!(
        s.contains("(3.0)"),
        "the agenda brackets a partial mean: {s}"
    );
    keys(&mut a, "P");
    let s = screen(&a, 120, 36);
    assert!(s.contains("(1/8)"), "the grid says how many are rated: {s}");
    insta::assert_snapshot!("july_periods_grid_120x36", draw(&a, 120, 36).backend());
}

#[test]
fn a_plan_full_rated_has_no_partial_marks() {
    let a = common::app();
    let s = screen(&a, 120, 36);
    assert!(s.contains("95 of 95 actions rated"), "{s}");
    assert!(!s.contains("partial"), "{s}");
}

// --- The exception agenda at the start of a meeting ---

/// The actions the exception agenda should hold on `plan` at the July meeting, worked out
/// here from the plan: each judged by its latest rating (July is empty).
fn expected_exceptions(plan: &Plan) -> Vec<String> {
    let today = day("2018-07-10");
    let at = plan.periods.len() - 1;
    plan.actions()
        .filter(|a| {
            let latest = plan.periods[..=at]
                .iter()
                .rev()
                .find_map(|p| a.rating(&p.id));
            let before_that = plan.periods[..=at]
                .iter()
                .rev()
                .filter_map(|p| a.rating(&p.id))
                .nth(1);
            let red = latest.is_some_and(|r| r <= 1);
            let worse = matches!((before_that, latest), (Some(b), Some(l)) if l < b);
            red || worse || model::is_overdue(plan, a, at, today)
        })
        .map(|a| a.id.clone())
        .collect()
}

#[test]
fn the_exception_walk_at_the_start_of_a_meeting_steps_through_last_periods_reds() {
    // Reproduction: with the meeting's period still empty, "reds" kept nothing ("0/95
    // kept"); the chair needs last period's reds, worse and overdue.
    let plan = july(&[]);
    let mut a = july_app(plan.clone());
    keys(&mut a, "Fr");
    press(&mut a, KeyCode::Enter);
    let reds: Vec<String> = a
        .find()
        .kept
        .iter()
        .map(|&i| a.agenda()[i].id(a.plan()))
        .collect();
    assert_eq!(reds, ["2.1.8", "3.3.10", "4.1.3"], "01/18's reds");
    let s = screen(&a, 120, 36);
    assert!(
        s.contains("Filter ≤1 · by latest rating (RAG 07/18 has none yet)  3/95 kept"),
        "{s}"
    );
    keys(&mut a, "X");
    // One key builds the exception agenda and goes to its first action.
    keys(&mut a, "E");
    let expected = expected_exceptions(&plan);
    let kept: Vec<String> = a
        .find()
        .kept
        .iter()
        .map(|&i| a.agenda()[i].id(a.plan()))
        .collect();
    assert_eq!(kept, expected);
    assert!(kept.len() > 3 && kept.len() < 95, "{}", kept.len());
    assert!(a.find().filter.is_exceptions(a.plan()));
    assert_eq!(a.current().unwrap().id(a.plan()), expected[0]);
    let status = a.status().map(str::to_string).unwrap();
    assert!(
        status.starts_with(&format!("Exception agenda: {} actions", expected.len())),
        "{status}"
    );
    let s = screen(&a, 120, 36);
    assert!(
        s.contains(
            "exception agenda: any: ≤1, worse, overdue · by latest rating (RAG 07/18 has none yet)"
        ),
        "{s}"
    );
    // At 80 columns the filter line takes two rows rather than lose its end.
    let s = screen(&a, 80, 24);
    assert!(s.contains("has none yet)  66/95 kept"), "{s}");
    insta::assert_snapshot!("july_exception_agenda_80x24", draw(&a, 80, 24).backend());
    // The next-item key walks it, in agenda order, and only it.
    for id in &expected[1..4] {
        app::update(&mut a, Action::Next);
        assert_eq!(&a.current().unwrap().id(a.plan()), id);
    }
    // Rating one in July keeps the walk going (it is judged by its latest rating now).
    keys(&mut a, "3");
    app::update(&mut a, Action::Next);
    assert_eq!(a.current().unwrap().id(a.plan()), expected[4]);
    // The same key takes it away.
    keys(&mut a, "E");
    assert_eq!(a.find().filter, Filter::default());
}

#[test]
fn the_exception_key_is_in_the_keymap_help_and_footer() {
    let mut a = july_app(july(&[]));
    assert_eq!(
        a.keymap()
            .key_for(Action::Find(app::find::FindAction::Exceptions)),
        Some("E".into())
    );
    let s = screen(&a, 200, 50);
    assert!(s.contains("E exceptions"), "footer: {s}");
    keys(&mut a, "?");
    let s = screen(&a, 120, 80);
    assert!(
        s.contains("Exception agenda: last period's reds, worse and"),
        "{s}"
    );
}

// --- No direction of travel from different sets of actions ---

mod like_for_like {
    use super::*;
    use proptest::prelude::*;
    use ragboard::model::summary::Cell;

    /// A synthetic plan with ratings cleared at random: whole periods emptied, and each
    /// remaining rating kept with its period's own chance (some periods sparse, some full).
    fn plan(seed: u64, actions: usize, periods: usize, keep: &[u8], empty: &[bool]) -> Plan {
        let mut plan = ragboard::cli::generate::generate(&ragboard::cli::generate::Spec {
            actions,
            periods,
            seed,
        });
        let ids: Vec<String> = plan.periods.iter().map(|p| p.id.clone()).collect();
        let mut n = seed;
        for pr in plan.priorities_mut() {
            for ob in &mut pr.objectives {
                for a in &mut ob.actions {
                    for (k, id) in ids.iter().enumerate() {
                        n = n
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        let roll = ((n >> 33) % 100) as u8;
                        if empty[k % empty.len()] || roll >= keep[k % keep.len()] {
                            a.ratings.remove(id);
                        }
                    }
                }
            }
        }
        plan
    }

    /// The row's direction, checked against the actions rated in both of its periods,
    /// found here from the ratings themselves.
    fn check(plan: &Plan, actions: &[&model::Action], at: usize, cell: &Cell) {
        let earlier = (0..at).rev().find(|&k| {
            actions
                .iter()
                .any(|a| a.rating(&plan.periods[k].id).is_some())
        });
        let rated_now = actions
            .iter()
            .any(|a| a.rating(&plan.periods[at].id).is_some());
        let pairs: Vec<(u8, u8)> = earlier
            .map(|k| {
                actions
                    .iter()
                    .filter_map(|a| {
                        Some((
                            a.rating(&plan.periods[k].id)?,
                            a.rating(&plan.periods[at].id)?,
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default();
        match (&cell.travel, cell.dot) {
            (Some(t), Some(d)) => {
                assert!(rated_now);
                assert_eq!(
                    Some(t.from.as_str()),
                    earlier.map(|k| plan.periods[k].id.as_str())
                );
                // The same actions on both sides: those rated in both periods, no others.
                assert_eq!(t.both, pairs.len());
                let n = pairs.len() as f64;
                let before = pairs.iter().map(|p| f64::from(p.0)).sum::<f64>() / n;
                let after = pairs.iter().map(|p| f64::from(p.1)).sum::<f64>() / n;
                assert!((t.before - before).abs() < 1e-9 && (t.after - after).abs() < 1e-9);
                assert_eq!(Some(d), figures::dot(plan, Some(before), Some(after)));
            }
            (None, None) => assert!(
                !rated_now || pairs.is_empty(),
                "a direction was left out where {} actions were rated in both",
                pairs.len()
            ),
            other => panic!("dot and travel disagree: {other:?}"),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
        #[test]
        fn no_direction_of_travel_is_computed_from_different_sets_of_actions(
            seed in any::<u64>(),
            actions in 1usize..120,
            periods in 2usize..7,
            keep in prop::collection::vec(0u8..=100, 1..7),
            empty in prop::collection::vec(prop::bool::weighted(0.25), 1..7),
        ) {
            let plan = plan(seed, actions, periods, &keep, &empty);
            let s = Summary::build(&plan, None);
            let by_priority: Vec<Vec<&model::Action>> =
                plan.priorities.iter().map(|p| p.actions().collect()).collect();
            for (row, acts) in s.rows.iter().zip(&by_priority) {
                for (at, cell) in row.cells.iter().enumerate() {
                    check(&plan, acts, at, cell);
                }
            }
            let all: Vec<&model::Action> = plan.actions().collect();
            for (at, cell) in s.overall.cells.iter().enumerate() {
                check(&plan, &all, at, cell);
                // The paper for that period shows the same footing, and names the period
                // it compares with: the latest earlier one with any rating.
                let id = &plan.periods[at].id;
                let b = Board::build(&plan, Some(id), day("2026-01-01")).unwrap();
                let c = &b.summary.overall.cells[0];
                prop_assert_eq!(c.dot, cell.dot);
                prop_assert_eq!(
                    c.travel.as_ref().map(|t| t.both),
                    cell.travel.as_ref().map(|t| t.both)
                );
                prop_assert_eq!(
                    b.compared_with.map(|p| p.id),
                    figures::comparison_period(&plan, plan.actions(), at)
                        .map(|k| plan.periods[k].id.clone())
                );
            }
            // The views' own series agree with the summary.
            for (acts, row) in by_priority.iter().zip(&s.rows) {
                for (f, cell) in figures::series(&plan, acts).iter().zip(&row.cells) {
                    prop_assert_eq!(f.travel.map(|t| t.both), cell.travel.as_ref().map(|t| t.both));
                    prop_assert_eq!(f.coverage.partial, cell.partial);
                }
            }
        }
    }
}

#[test]
fn an_indicators_direction_names_the_months_it_compares() {
    // An indicator with values in September and December only: its direction compares
    // December with September, and says so (October and November have none).
    let mut a = common::app();
    keys(&mut a, "I");
    let mut s = String::new();
    for _ in 0..40 {
        s = screen(&a, 160, 50);
        if s.contains("88.8% in Dec 2017, from 97.1% in Sep 2017") {
            break;
        }
        keys(&mut a, "j");
    }
    assert!(
        s.contains("88.8% in Dec 2017, from 97.1% in Sep 2017"),
        "{s}"
    );
}
