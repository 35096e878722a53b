//! Whole-plan screens at scale (issue 25). Roll-ups kept between frames: after any
//! sequence of ratings, undos, judgements and new periods, the summary folded from the kept
//! per-priority figures is the summary counted afresh from the rows, and a rating counts
//! again only the priority it touched. The dashboard and the indicators draw only the
//! lines in sight, and show the same lines there as when they drew them all.

use chrono::{NaiveDate, TimeZone, Utc};
use proptest::prelude::*;
use ragboard::app::find::FindAction;
use ragboard::app::{self, Action, App, Keymap, Options};
use ragboard::cli::generate::{Spec, generate};
use ragboard::meeting::{FixedClock, Meeting};
use ragboard::model::Period;
use ragboard::model::rollup::Rollups;
use ragboard::model::summary::Summary;
use ragboard::ui::theme::ThemeName;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn meeting(actions: usize) -> Meeting {
    let plan = generate(&Spec {
        actions,
        periods: 4,
        seed: 7,
    });
    let clock = FixedClock(Utc.with_ymd_and_hms(2019, 12, 1, 10, 0, 0).unwrap());
    Meeting::new(plan, "ann", Box::new(clock))
}

fn same(a: &Summary, b: &Summary) -> bool {
    serde_json::to_string(a).unwrap() == serde_json::to_string(b).unwrap()
}

#[derive(Debug, Clone)]
enum Op {
    Rate {
        action: usize,
        period: usize,
        value: Option<u8>,
    },
    Judge {
        priority: usize,
        value: Option<u8>,
    },
    Undo,
    AddPeriod,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (any::<usize>(), any::<usize>(), proptest::option::of(1u8..=4))
            .prop_map(|(action, period, value)| Op::Rate { action, period, value }),
        1 => (any::<usize>(), proptest::option::of(1u8..=4))
            .prop_map(|(priority, value)| Op::Judge { priority, value }),
        2 => Just(Op::Undo),
        1 => Just(Op::AddPeriod),
    ]
}

fn apply(m: &mut Meeting, op: &Op, added: &mut u32) {
    let plan = m.plan();
    let ids: Vec<String> = plan.actions().map(|a| a.id.clone()).collect();
    let periods: Vec<String> = plan.periods.iter().map(|p| p.id.clone()).collect();
    match op {
        Op::Rate {
            action,
            period,
            value,
        } => {
            let item = &ids[action % ids.len()];
            let period = &periods[period % periods.len()];
            // A refusal (a note asked for, a past period) is a fine outcome too.
            let _ = m.rate(item, period, *value, Some("why".into()), None);
        }
        Op::Judge { priority, value } => {
            let id = plan.priorities[priority % plan.priorities.len()].id.clone();
            let period = periods.last().unwrap().clone();
            let _ = m.judge(&id, &period, *value, Some("board".into()));
        }
        Op::Undo => {
            let _ = m.undo();
        }
        Op::AddPeriod => {
            *added += 1;
            let _ = m.add_period(Period {
                id: format!("new-{added}"),
                label: format!("New {added}"),
                date: NaiveDate::from_ymd_opt(2030, 1, *added),
            });
        }
    }
}

#[test]
fn a_rating_counts_again_only_the_priority_it_touched() {
    let mut m = meeting(2_000);
    let mut kept = Rollups::default();
    let priorities = m.plan().priorities.len();
    assert_eq!(kept.refresh(m.plan(), m.index()), priorities);
    // Nothing changed: nothing counted.
    assert_eq!(kept.refresh(m.plan(), m.index()), 0);
    let last = m.plan().periods.last().unwrap().id.clone();
    let second = m.plan().priorities[1].actions().next().unwrap().id.clone();
    let was = m.plan().action(&second).unwrap().rating(&last);
    let to = if was == Some(1) { 2 } else { 1 };
    m.rate(&second, &last, Some(to), Some("why".into()), None)
        .unwrap();
    assert_eq!(kept.refresh(m.plan(), m.index()), 1);
    assert!(same(
        &Summary::from_figures(m.plan(), None, kept.priorities()),
        &Summary::build(m.plan(), None)
    ));
    // A new period moves every priority's figures.
    m.add_period(Period {
        id: "extra".into(),
        label: "Extra".into(),
        date: NaiveDate::from_ymd_opt(2031, 1, 1),
    })
    .unwrap();
    assert_eq!(kept.refresh(m.plan(), m.index()), priorities);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn kept_figures_are_the_figures_counted_afresh(ops in proptest::collection::vec(op(), 1..24)) {
        let mut m = meeting(300);
        let mut kept = Rollups::default();
        kept.refresh(m.plan(), m.index());
        let mut added = 0;
        for op in &ops {
            apply(&mut m, op, &mut added);
            kept.refresh(m.plan(), m.index());
            let folded = Summary::from_figures(m.plan(), None, kept.priorities());
            let counted = Summary::build(m.plan(), None);
            prop_assert!(same(&folded, &counted), "after {op:?}");
        }
    }
}

fn app_on(m: Meeting) -> App {
    let last = m.plan().periods.last().map(|p| p.id.clone());
    App::new(
        m,
        Options {
            theme: ThemeName::Default,
            today: NaiveDate::from_ymd_opt(2019, 12, 1).unwrap(),
            keymap: Keymap::default(),
            period: last,
        },
    )
}

/// The screen's lines at 120x24.
fn screen(a: &App) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(120, 24)).unwrap();
    terminal
        .draw(|f| {
            ragboard::ui::render(f, a);
        })
        .unwrap();
    let buf = terminal.backend().buffer().clone();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect()
        })
        .collect()
}

/// The dashboard draws only the rows in sight; scrolled down, it shows the same rows in the
/// same order as ever, the cursor's last, and the plan overall once the list ends.
#[test]
fn a_long_dashboard_scrolls_to_the_cursor_drawing_only_what_is_in_sight() {
    let m = meeting(2_000);
    let ids: Vec<String> = m.plan().priorities.iter().map(|p| p.id.clone()).collect();
    assert!(ids.len() > 40, "enough priorities to scroll: {}", ids.len());
    let mut a = app_on(m);
    app::update(&mut a, Action::Find(FindAction::Dashboard));
    assert!(
        a.summary().is_some(),
        "the app keeps the open dashboard's summary"
    );
    for _ in 0..30 {
        app::update(&mut a, Action::Down);
    }
    let lines = screen(&a);
    let row_of = |id: &str| {
        lines
            .iter()
            .position(|l| l.starts_with(&format!("│  {id} ")))
            .unwrap_or(usize::MAX)
    };
    let cursor = lines.iter().position(|l| l.contains("▶ ")).unwrap();
    assert!(
        lines[cursor].starts_with(&format!("│▶ {} ", ids[30])),
        "{lines:#?}"
    );
    // The rows above the cursor, in order, up to the top of the box.
    for k in 1..10 {
        assert_eq!(row_of(&ids[30 - k]), cursor - k, "{lines:#?}");
    }
    assert!(!lines.iter().any(|l| l.contains("All actions")));
    // At the end of the list, the overall row follows the last priority.
    for _ in 0..ids.len() {
        app::update(&mut a, Action::Down);
    }
    let lines = screen(&a);
    let last = lines
        .iter()
        .position(|l| l.starts_with(&format!("│  {} ", ids[ids.len() - 1])))
        .unwrap();
    assert!(lines[last + 1].contains("All actions"), "{lines:#?}");
}

/// The indicators list draws only the lines in sight: scrolled down, the box holds the same
/// run of headings and indicators as the whole list has there, the selected one last.
#[test]
fn a_long_indicator_list_scrolls_to_the_selection_drawing_only_what_is_in_sight() {
    let m = meeting(2_000);
    // The whole list as it reads: each priority with indicators, then their names.
    let mut whole: Vec<String> = Vec::new();
    for pr in m
        .plan()
        .priorities
        .iter()
        .filter(|p| !p.indicators.is_empty())
    {
        whole.push(format!("Priority {} ", pr.id));
        whole.extend(pr.indicators.iter().map(|i| i.name.clone()));
    }
    let names: Vec<String> = m
        .plan()
        .priorities
        .iter()
        .flat_map(|p| p.indicators.iter().map(|i| i.name.clone()))
        .collect();
    assert!(
        names.len() > 60,
        "enough indicators to scroll: {}",
        names.len()
    );
    let mut a = app_on(m);
    app::update(&mut a, Action::Find(FindAction::Indicators));
    for _ in 0..60 {
        app::update(&mut a, Action::Down);
    }
    let lines = screen(&a);
    let cursor = lines.iter().position(|l| l.contains("▶ ")).unwrap();
    let short = |s: &str| s.chars().take(12).collect::<String>();
    assert!(lines[cursor].contains(&short(&names[60])), "{lines:#?}");
    // Where the selected indicator is in the whole list; the lines above it on screen are
    // the lines above it there, one for one, up to the top of the box.
    let at = whole
        .iter()
        .enumerate()
        .filter(|(_, l)| **l == names[60])
        .map(|(i, _)| i)
        .next()
        .unwrap();
    let top = lines.iter().position(|l| l.starts_with("┌")).unwrap() + 1;
    for k in 1..(cursor - top) {
        assert!(
            lines[cursor - k].contains(&short(&whole[at - k])),
            "line {k} above: {:?} for {:?}\n{lines:#?}",
            lines[cursor - k],
            whole[at - k]
        );
    }
}

/// An idle moment makes the dashboard's figures ready, so its first opening does not wait
/// for the whole plan to be counted; a rating makes them stale until the next.
#[test]
fn an_idle_tick_makes_the_dashboard_ready_before_it_is_opened() {
    let mut a = app_on(meeting(500));
    assert!(a.summary().is_none());
    app::handle(&mut a, app::Input::Tick);
    assert!(a.summary().is_some());
    // On an action, a rating: what was made no longer stands, until the next idle tick.
    for _ in 0..3 {
        app::update(&mut a, Action::Down);
    }
    let before = a.meeting().index().revision();
    app::update(&mut a, Action::Rate(2));
    assert_ne!(
        a.meeting().index().revision(),
        before,
        "the rating was recorded"
    );
    assert!(
        a.summary().is_none(),
        "a summary of the plan before the rating is not shown"
    );
    app::handle(&mut a, app::Input::Tick);
    let fresh = Summary::build(a.plan(), None);
    assert!(same(a.summary().unwrap(), &fresh));
}
