//! Odd but valid plans (issue 19.1): no priorities, groups with nothing in them, priorities
//! without objectives, objectives without actions, narrative only, one period or none. Each
//! opens, says plainly when there is nothing to review, and every action on every screen is
//! safe: a proptest drives random actions through `update` and draws every frame.

mod common;

use proptest::prelude::*;
use ragboard::app::{self, Action, App};
use ragboard::meeting::Meeting;
use ragboard::store;
use ragboard::ui::theme::ThemeName;

/// The shape of a generated plan: for each priority, for each objective, its action count
/// (and measures per action); how many periods, groups and narrative sections.
#[derive(Debug, Clone)]
struct Shape {
    priorities: Vec<Vec<Vec<usize>>>,
    periods: usize,
    groups: usize,
    narrative: bool,
    rated: bool,
}

fn shape() -> impl Strategy<Value = Shape> {
    (
        prop::collection::vec(
            prop::collection::vec(prop::collection::vec(0usize..3, 0..3), 0..3),
            0..3,
        ),
        0usize..3,
        0usize..3,
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(priorities, periods, groups, narrative, rated)| Shape {
            priorities,
            periods,
            groups,
            narrative,
            rated,
        })
}

/// RON text for a shape: valid by construction (groups split the priorities in order).
fn plan_text(s: &Shape) -> String {
    let mut t = String::from("Plan(\n  title: \"Odd\",\n");
    if s.narrative {
        t.push_str("  narrative: [Section(title: \"Foreword\", text: \"Words only.\")],\n");
    }
    t.push_str(
        "  scale: Scale(name: \"1-3\", levels: [Level(value: 1, label: \"1\", name: \"Low\", colour: \"red\"), Level(value: 2, label: \"2\", name: \"Mid\", colour: \"amber\"), Level(value: 3, label: \"3\", name: \"High\", colour: \"green\")]),\n",
    );
    let periods: Vec<String> = (0..s.periods).map(|i| format!("p{i}")).collect();
    t.push_str("  periods: [");
    for (i, p) in periods.iter().enumerate() {
        t.push_str(&format!(
            "Period(id: \"{p}\", label: \"P{i}\", date: \"2025-0{}-01\"), ",
            i + 1
        ));
    }
    t.push_str("],\n");
    let n = s.priorities.len();
    if s.groups > 0 && n > 0 {
        // Groups take the priorities in order; the last takes the rest.
        let per = n.div_ceil(s.groups.min(n));
        t.push_str("  groups: [");
        let mut start = 0;
        let mut g = 0;
        while start < n {
            let end = (start + per).min(n);
            let ids: Vec<String> = (start..end).map(|p| format!("\"{}\"", p + 1)).collect();
            t.push_str(&format!(
                "Group(id: \"g{g}\", title: \"Group {g}\", priorities: [{}]), ",
                ids.join(", ")
            ));
            start = end;
            g += 1;
        }
        t.push_str("],\n");
    }
    t.push_str("  priorities: [\n");
    for (p, objectives) in s.priorities.iter().enumerate() {
        let pid = p + 1;
        t.push_str(&format!(
            "    Priority(id: \"{pid}\", title: \"Priority {pid}\", objectives: ["
        ));
        for (o, actions) in objectives.iter().enumerate() {
            let oid = format!("{pid}.{}", o + 1);
            t.push_str(&format!(
                "Objective(id: \"{oid}\", title: \"Objective {oid}\", actions: ["
            ));
            for (a, measures) in actions.iter().enumerate() {
                let aid = format!("{oid}.{}", a + 1);
                let ms: Vec<String> = (0..*measures).map(|m| format!("\"m{m}\"")).collect();
                let ratings = match (s.rated, periods.first()) {
                    (true, Some(p)) => format!("{{\"{p}\": {}}}", a % 3 + 1),
                    _ => "{}".into(),
                };
                t.push_str(&format!(
                    "Action(id: \"{aid}\", title: \"Action {aid}\", measures: [{}], due: \"2025-02\", ratings: {ratings}), ",
                    ms.join(", ")
                ));
            }
            t.push_str("]), ");
        }
        t.push_str("]),\n");
    }
    t.push_str("  ],\n)\n");
    t
}

/// Every action a key can give: the key table's (so an action added there is covered
/// without being listed here), less those that leave the app or the terminal; then the
/// rating keys, and what forms and dialogs read.
fn every_action() -> Vec<Action> {
    use Action::*;
    let mut all: Vec<Action> = ragboard::app::Keymap::default()
        .bindings
        .iter()
        .map(|b| b.action)
        .filter(|a| !matches!(a, Quit | Save | SaveAs | Suspend))
        .collect();
    all.extend([
        Rate(1),
        Rate(2),
        Rate(3),
        Type('1'),
        Choose('c'),
        Choose('s'),
        Choose('r'),
        Choose('d'),
        Choose('k'),
    ]);
    all
}

fn open(plan: ragboard::model::Plan) -> App {
    let meeting = Meeting::new(plan, "tester", common::clock());
    let mut opts = common::options(ThemeName::Default);
    opts.period = None;
    App::new(meeting, opts)
}

fn draw_all_sizes(a: &App) {
    for (w, h) in [(80, 24), (40, 12), (200, 50)] {
        common::screen::screen(a, w, h);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn odd_plans_open_and_every_action_is_safe(
        s in shape(),
        picks in prop::collection::vec(0usize..1000, 0..60),
    ) {
        let text = plan_text(&s);
        let plan = store::parse(&text, std::path::Path::new("odd.ron"))
            .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        let mut a = open(plan);
        draw_all_sizes(&a);
        let actions = every_action();
        for p in picks {
            let action = actions[p % actions.len()];
            app::update(&mut a, action);
            draw_all_sizes(&a);
        }
    }
}

#[test]
fn a_plan_with_no_priorities_says_there_is_nothing_to_review() {
    let text = plan_text(&Shape {
        priorities: vec![],
        periods: 1,
        groups: 0,
        narrative: false,
        rated: false,
    });
    let plan = store::parse(&text, std::path::Path::new("empty.ron")).unwrap();
    let mut a = open(plan);
    app::update(&mut a, Action::Close);
    let screen = common::screen::screen(&a, 80, 24);
    assert!(screen.contains("Nothing to review"), "{screen}");
    for action in every_action() {
        app::update(&mut a, action);
        draw_all_sizes(&a);
    }
}

#[test]
fn a_plan_with_narrative_only_points_to_it() {
    let text = plan_text(&Shape {
        priorities: vec![],
        periods: 0,
        groups: 0,
        narrative: true,
        rated: false,
    });
    let plan = store::parse(&text, std::path::Path::new("words.ron")).unwrap();
    let a = open(plan);
    let screen = common::screen::screen(&a, 80, 24);
    assert!(screen.contains("Nothing to review"), "{screen}");
    assert!(screen.contains("about this plan"), "{screen}");
}

#[test]
fn the_real_binary_opens_an_empty_plan_and_says_so() {
    use common::tmux::Tmux;
    let dir = tempfile::tempdir().unwrap();
    let text = plan_text(&Shape {
        priorities: vec![],
        periods: 1,
        groups: 0,
        narrative: true,
        rated: false,
    });
    std::fs::write(dir.path().join("empty.ron"), text).unwrap();
    let tmux = Tmux::new("empty-plan");
    tmux.start(
        dir.path(),
        &format!(
            "{} empty.ron --date 2025-07-01; echo exit=$?; sleep 30",
            env!("CARGO_BIN_EXE_ragboard")
        ),
    );
    let s = tmux.wait_steady("Nothing to review");
    assert!(s.contains("about this plan"), "{s}");
    // Every key is safe; the view keys close; q from the agenda quits cleanly.
    tmux.keys(&["n", "1", "e", "D"]);
    tmux.wait_for("Dashboard");
    // A key sent right after Escape would arrive as Alt+key: wait for it to act first.
    tmux.keys(&["Escape"]);
    tmux.wait_gone("Dashboard");
    tmux.keys(&["f", "q", "i"]);
    tmux.wait_for("Foreword");
    tmux.keys(&["Escape"]);
    tmux.wait_gone("Foreword");
    tmux.keys(&["q"]);
    tmux.wait_for("exit=0");
}
