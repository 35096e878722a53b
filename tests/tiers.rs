//! A plan with three levels above the rated item (tests/fixtures/four-tier.ron: priorities
//! over aims over objectives over actions): loaded and checked, stepped through, named in
//! its own words, rolled up per group, summarised, reported, saved, merged and diffed.

mod common;

use std::path::Path;

use chrono::NaiveDate;
use common::screen::{draw, text as screen};
use common::{clock, go, keys};
use ragboard::app::{App, Keymap, Options};
use ragboard::meeting::Meeting;
use ragboard::model::summary::Summary;
use ragboard::model::{Node, Plan, agenda, rollup};
use ragboard::report::summary;
use ragboard::store;
use ragboard::ui::theme::ThemeName;

const FOUR: &str = include_str!("fixtures/four-tier.ron");

fn plan() -> Plan {
    store::parse(FOUR, Path::new("four-tier.ron")).unwrap()
}

/// A meeting on 1 October 2025 recording into Q2.
fn options() -> Options {
    Options {
        theme: ThemeName::Default,
        today: NaiveDate::from_ymd_opt(2025, 10, 1).unwrap(),
        keymap: Keymap::default(),
        period: Some("q2".into()),
    }
}

fn open(plan: Plan) -> App {
    App::new(Meeting::new(plan, "tester", clock()), options())
}

/// The fixture as a file in a temporary folder, opened by "ann" as the app opens it.
fn open_on_disk() -> (tempfile::TempDir, std::path::PathBuf, App) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.ron");
    std::fs::write(&path, FOUR).unwrap();
    let a = App::new(common::meeting(&path, "ann"), options());
    (dir, path, a)
}

/// Go to an item with `:` as a user would.
fn goto(app: &mut App, id: &str) {
    keys(app, &format!(":{id}"));
    common::press(app, ragboard::crossterm::event::KeyCode::Enter);
}

fn ids(app: &App) -> Vec<String> {
    app.agenda().iter().map(|n| n.id(app.plan())).collect()
}

#[test]
fn the_agenda_steps_through_groups_priorities_objectives_and_actions() {
    let a = open(plan());
    assert_eq!(
        ids(&a),
        [
            "1", "1.1", "1.1.1", "1.1.1.1", "1.1.1.2", "1.2", "1.2.1", "1.2.1.1", "1.2.2",
            "1.2.2.1", "2", "2.1", "2.1.1", "2.1.1.1", "2.1.1.2"
        ]
    );
    let plan = a.plan();
    assert_eq!(a.agenda()[0], Node::Group(0));
    assert_eq!(a.agenda()[10], Node::Group(1));
    assert_eq!(Node::Priority(2).parent(plan), Some(Node::Group(1)));
    assert_eq!(Node::Group(1).priority(plan), 2);
    assert_eq!(Node::Group(0).indent(plan), 0);
    assert_eq!(Node::Action(0, 0, 0).indent(plan), 3);
    // Without groups nothing moves: a priority is at the top.
    let flat = store::bundled().unwrap();
    assert_eq!(Node::Priority(0).parent(&flat), None);
    assert_eq!(Node::Priority(0).indent(&flat), 0);
}

#[test]
fn each_level_is_named_and_counted_in_the_plans_words() {
    let plan = plan();
    assert_eq!(
        ragboard::model::names::shape(&plan),
        "2 priorities, 3 aims, 4 objectives, 6 actions"
    );
    let at = |n| agenda::local_position(&plan, n);
    assert_eq!(at(Node::Group(1)), "Priority 2 of 2");
    assert_eq!(at(Node::Priority(1)), "Aim 2 of 2 in Priority 1");
    assert_eq!(at(Node::Priority(2)), "Aim 1 of 1 in Priority 2");
    assert_eq!(at(Node::Objective(1, 1)), "Objective 2 of 2 in Aim 1.2");
    assert_eq!(at(Node::Action(2, 0, 1)), "Action 2 of 2 in Aim 2.1");

    let mut a = open(plan.clone());
    go(&mut a, "1.2.1.1");
    assert_eq!(
        ragboard::ui::breadcrumb(&a),
        "Priority 1 › Aim 1.2 › Objective 1.2.1 › Action 1.2.1.1"
    );
    let s = common::screen::screen(&a, 100, 30);
    assert!(s.contains("Action 1 of 2 in Aim 1.2"), "{s}");
}

#[test]
fn a_group_rolls_up_every_action_of_its_priorities() {
    let plan = plan();
    // Q2: 1.1.1.1 G(3), 1.1.1.2 A(2), 1.2.1.1 B(4), 1.2.2.1 not rated.
    let s = rollup::group_stats(&plan, 0, "q2");
    assert_eq!((s.rated, s.total, s.mean), (3, 4, Some(3.0)));
    let s = rollup::group_stats(&plan, 1, "q1");
    assert_eq!((s.rated, s.total, s.mean), (2, 2, Some(2.0)));
    // The summary's group rows are the same figures, beside the priorities' rows.
    let sum = Summary::build(&plan, Some("q2"));
    assert_eq!(sum.rows.len(), 3);
    assert_eq!(sum.groups.len(), 2);
    assert_eq!(sum.groups[0].cells[0].mean, Some(3.0));
    assert_eq!(sum.groups[0].cells[0].counts, [0, 1, 1, 1]);
    let table = summary::render(&sum, summary::Format::Table);
    assert!(
        table.contains("Priority 1  Outstanding universal services"),
        "{table}"
    );
    assert!(table.contains("Aim 2.1  Outstanding services"), "{table}");
    let md = summary::render(&sum, summary::Format::Markdown);
    assert!(
        md.contains("| Priority 2. Protection when needed | Q2 | 2.0 | 2/2 |"),
        "{md}"
    );
    let json = summary::render(&sum, summary::Format::Json);
    assert!(json.contains("\"groups\""), "{json}");
}

#[test]
fn go_to_collapse_and_jumps_know_the_top_tier() {
    let mut a = open(plan());
    goto(&mut a, "2");
    assert_eq!(a.current(), Some(Node::Group(1)));
    goto(&mut a, "1.2");
    assert_eq!(a.current(), Some(Node::Priority(1)));
    // `[` from an aim goes to its head, again to the aim before.
    keys(&mut a, "[");
    assert_eq!(a.current(), Some(Node::Priority(0)));
    // From a group's head, `]` goes to its first aim.
    goto(&mut a, "2");
    keys(&mut a, "]");
    assert_eq!(a.current(), Some(Node::Priority(2)));
    // Collapsing a group hides its aims; `-` folds everything to the groups.
    goto(&mut a, "1");
    common::press(&mut a, ragboard::crossterm::event::KeyCode::Enter);
    let rows: Vec<String> = a.outline().iter().map(|n| n.id(a.plan())).collect();
    assert_eq!(rows, ["1", "2", "2.1", "2.1.1", "2.1.1.1", "2.1.1.2"]);
    goto(&mut a, "2.1.1.2");
    keys(&mut a, "-");
    let rows: Vec<String> = a.outline().iter().map(|n| n.id(a.plan())).collect();
    assert_eq!(rows, ["1", "2"]);
    assert_eq!(a.current(), Some(Node::Group(1)));
}

#[test]
fn a_group_in_the_outline_and_detail_80x24() {
    let a = open(plan());
    let t = draw(&a, 80, 24);
    let s = screen(t.backend().buffer());
    assert!(s.contains("P1 Outstanding"), "{s}");
    assert!(s.contains("Priority 1 of 2"), "{s}");
    assert!(s.contains("Aims (Q2)"), "{s}");
    insta::assert_snapshot!(t.backend());
}

#[test]
fn a_group_presented_120x36() {
    let mut a = open(plan());
    goto(&mut a, "2");
    keys(&mut a, "f");
    let t = draw(&a, 120, 36);
    let s = screen(t.backend().buffer());
    assert!(s.contains("1 aim, 2 actions"), "{s}");
    assert!(
        s.contains("2.1  Outstanding services for children in care"),
        "{s}"
    );
    insta::assert_snapshot!(t.backend());
}

#[test]
fn rating_in_a_grouped_plan_saves_and_loads_back_with_its_groups() {
    let (_dir, path, mut a) = open_on_disk();
    go(&mut a, "1.2.2.1");
    keys(&mut a, "3");
    common::ctrl(&mut a, 's');
    let back = store::load(&path).unwrap().plan;
    assert_eq!(back.groups, plan().groups);
    assert_eq!(
        back.action("1.2.2.1").unwrap().rating("q2"),
        Some(3),
        "{:?}",
        a.status()
    );
    // Canonical text keeps the groups and reads back the same.
    let text = store::to_canonical(&back).unwrap();
    assert_eq!(store::parse(&text, Path::new("x.ron")).unwrap(), back);
}

#[test]
fn merge_and_diff_carry_the_groups() {
    let base = plan();
    let mut theirs = base.clone();
    theirs.groups[1].title = "Protection when it is needed".into();
    let mut ours = base.clone();
    std::sync::Arc::make_mut(&mut ours.priorities[0]).objectives[0].actions[1]
        .ratings
        .insert("q2", 3);
    let merged = ragboard::model::merge::merge(Some(&base), &ours, &theirs);
    assert!(merged.conflicts.is_empty());
    assert_eq!(merged.plan.groups[1].title, "Protection when it is needed");
    assert_eq!(merged.plan.action("1.1.1.2").unwrap().rating("q2"), Some(3));

    let d = ragboard::model::diff::diff(&base, &theirs, "old", "new");
    let text = ragboard::report::render_diff(&d, ragboard::report::DiffFormat::Text);
    assert!(text.contains("plan groups"), "{text}");
    assert!(text.contains("Protection when it is needed"), "{text}");
}

/// The problems `text` gets, as "file:line:col: message".
fn problems(text: &str) -> Vec<String> {
    store::parse(text, Path::new("plan.ron"))
        .expect_err("the plan should be rejected")
        .problems
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn groups_that_do_not_hold_the_priorities_in_order_are_refused_with_their_place() {
    // An aim the plan does not have.
    let bad = FOUR.replace(r#"priorities: ["2.1"]"#, r#"priorities: ["2.1", "2.9"]"#);
    let p = problems(&bad);
    let line = line_of(&bad, r#""2.9""#);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].starts_with(&format!("plan.ron:{line}:")), "{p:?}");
    assert!(
        p[0].contains("priority \"2\" holds aim \"2.9\", which the plan does not have"),
        "{p:?}"
    );
    // Out of the plan's order.
    let bad = FOUR.replace(r#"["1.1", "1.2"]"#, r#"["1.2", "1.1"]"#);
    let p = problems(&bad);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].contains("holds aim \"1.2\" out of turn") && p[0].contains("the next is \"1.1\""),
        "{p:?}"
    );
    // An aim in no group.
    let bad = FOUR.replace(r#"priorities: ["2.1"]"#, r#"priorities: []"#);
    let p = problems(&bad);
    assert!(
        p.iter().any(|m| m.contains("priority \"2\" holds no aims")),
        "{p:?}"
    );
    let line = line_of(&bad, r#"id: "2.1","#);
    assert!(
        p.iter().any(|m| m.starts_with(&format!("plan.ron:{line}:"))
            && m.contains("aim \"2.1\" is in no priority")),
        "{p:?}"
    );
    // A group's id used again by an aim.
    let bad = FOUR.replace(
        r#"id: "2",
      title"#,
        r#"id: "1.1",
      title"#,
    );
    let p = problems(&bad);
    assert!(
        p.iter().any(|m| m.contains("duplicate id \"1.1\"")),
        "{p:?}"
    );
    // An empty name for the top tier.
    let bad = FOUR.replace(r#"group: "Priority""#, r#"group: " ""#);
    let p = problems(&bad);
    assert!(
        p.iter()
            .any(|m| m.contains("the name of the group level is empty")),
        "{p:?}"
    );
}

#[test]
fn a_sheet_imported_into_a_grouped_frame_keeps_the_groups_only_where_they_fit() {
    use ragboard::interchange::export::{ExportFormat, export};
    use ragboard::interchange::import::{ImportOptions, import};
    let plan = plan();
    let csv = export(&plan, ExportFormat::Csv).unwrap();
    let back = import(
        &csv,
        &ImportOptions {
            frame: plan.clone(),
        },
    )
    .unwrap();
    assert_eq!(back.groups, plan.groups);
    assert_eq!(back.actions().count(), 6);
    // A sheet without aim 2.1's rows no longer fits the frame's second group: refused,
    // not silently ungrouped.
    let short: String = csv
        .lines()
        .filter(|l| !l.contains("2.1"))
        .map(|l| format!("{l}\n"))
        .collect();
    let err = import(&short, &ImportOptions { frame: plan }).unwrap_err();
    assert!(
        err.to_string()
            .contains("the plan's priorities do not hold the sheet's aims"),
        "{err}"
    );
}

#[test]
fn the_dashboard_has_a_row_per_group_and_enter_walks_its_actions() {
    use ragboard::crossterm::event::KeyCode;
    let mut a = open(plan());
    // Three aims, then the two priorities above them, then the plan overall: opened on
    // group 1, the dashboard starts on that group's own row.
    keys(&mut a, "D");
    assert_eq!(
        a.views().screen(),
        Some(ragboard::app::find::Screen::Dashboard { row: 3, col: 1 })
    );
    let t = draw(&a, 100, 20);
    let s = screen(t.backend().buffer());
    assert!(
        s.contains("▶ Priority 1 Outstanding universal services"),
        "{s}"
    );
    assert!(s.contains("  Priority 2 Protection when needed"), "{s}");
    insta::assert_snapshot!(t.backend());
    common::press(&mut a, KeyCode::Enter);
    assert_eq!(a.find().filter.group, Some(0));
    // The walk starts at the group's first action and stops only at its actions.
    let mut seen = vec![a.current().unwrap().id(a.plan())];
    for _ in 0..8 {
        keys(&mut a, "n");
        let id = a.current().unwrap().id(a.plan());
        if seen.contains(&id) {
            break;
        }
        seen.push(id);
    }
    assert_eq!(
        seen,
        ["1.1.1.1", "1.1.1.2", "1.2.1.1", "1.2.2.1"],
        "{:?}",
        a.status()
    );
}

#[test]
fn about_this_plan_names_all_four_levels() {
    let mut a = open(plan());
    keys(&mut a, "i");
    let s = common::screen::screen(&a, 100, 30);
    assert!(
        s.contains("Levels     Priority › Aim › Objective › Action"),
        "{s}"
    );
    assert!(
        s.contains("2 priorities, 3 aims, 4 objectives, 6 actions"),
        "{s}"
    );
}

#[test]
fn the_textconv_and_the_csv_summary_show_the_groups() {
    let plan = plan();
    let cells = ragboard::report::diff::cells(&plan);
    assert!(
        cells.contains("group 1: Outstanding universal services"),
        "{cells}"
    );
    assert!(cells.contains("group 1 holds: 1.1, 1.2"), "{cells}");
    let csv = summary::render(&Summary::build(&plan, None), summary::Format::Csv);
    assert!(
        csv.contains("Priority 1,Outstanding universal services,q2,Q2,3.0,3,4,no,"),
        "{csv}"
    );
}

#[test]
fn reloading_a_save_that_took_the_groups_away_draws_the_plan_as_it_now_is() {
    let (_dir, path, mut a) = open_on_disk();
    goto(&mut a, "2.1.1.1");
    keys(&mut a, "3");
    // Group 2 folded, the cursor on it.
    goto(&mut a, "2");
    common::press(&mut a, ragboard::crossterm::event::KeyCode::Enter);
    assert!(a.is_collapsed(Node::Group(1)));
    // A colleague saved the plan without its top tier.
    let mut theirs = store::load(&path).unwrap().plan;
    theirs.groups.clear();
    theirs.names.group = None;
    store::save(&path, &theirs).unwrap();
    common::ctrl(&mut a, 's');
    keys(&mut a, "r");
    assert!(a.agenda().iter().all(|n| !matches!(n, Node::Group(_))));
    // The group has gone: its fold with it; the cursor starts again at the top.
    assert!(a.collapsed().is_empty(), "{:?}", a.collapsed());
    assert_eq!(a.pos(), 0);
    assert_eq!(a.plan().action("2.1.1.1").unwrap().rating("q2"), Some(3));
    let s = common::screen::screen(&a, 80, 24);
    assert!(s.contains("A2.1 Outstanding serv"), "{s}");
}

/// A new aim `id` (a copy of aim `like`'s first objective, renumbered) after priority `at`,
/// put into group `g`.
fn add_aim(plan: &mut Plan, at: usize, id: &str, g: usize) {
    let mut aim = (*plan.priorities[at]).clone();
    aim.id = id.into();
    aim.title = format!("New aim {id}");
    aim.objectives.truncate(1);
    aim.objectives[0].id = format!("{id}.1");
    for (k, a) in aim.objectives[0].actions.iter_mut().enumerate() {
        a.id = format!("{id}.1.{}", k + 1);
    }
    plan.priorities.insert(at + 1, aim.into());
    let pos = plan.groups[g]
        .priorities
        .iter()
        .position(|p| *p == plan.priorities[at].id)
        .map_or(plan.groups[g].priorities.len(), |k| k + 1);
    plan.groups[g].priorities.insert(pos, id.into());
}

/// The merged plan, which must be valid as the merge driver writes only a valid one.
fn merged_valid(base: &Plan, ours: &Plan, theirs: &Plan) -> Plan {
    let merged = ragboard::model::merge::merge(Some(base), ours, theirs);
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    let text = store::to_canonical(&merged.plan).unwrap();
    store::parse(&text, Path::new("merged.ron")).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn aims_added_to_different_groups_on_each_side_merge_into_their_groups() {
    let base = plan();
    let mut ours = base.clone();
    add_aim(&mut ours, 1, "1.3", 0);
    let mut theirs = base.clone();
    add_aim(&mut theirs, 2, "2.2", 1);
    let m = merged_valid(&base, &ours, &theirs);
    let held: Vec<Vec<&str>> = m
        .groups
        .iter()
        .map(|g| g.priorities.iter().map(String::as_str).collect())
        .collect();
    assert_eq!(held, [vec!["1.1", "1.2", "1.3"], vec!["2.1", "2.2"]]);
    // One side adds an aim, the other renames a group: both kept.
    let mut ours = base.clone();
    ours.groups[0].title = "Universal services".into();
    let m = merged_valid(&base, &ours, &theirs);
    assert_eq!(m.groups[0].title, "Universal services");
    assert_eq!(m.groups[1].priorities, ["2.1", "2.2"]);
    // Both sides move aim 2.1 to a different group: a conflict, ours kept.
    let mut ours = base.clone();
    ours.groups[0].priorities.push("2.1".into());
    ours.groups.pop();
    let mut theirs = base.clone();
    theirs.groups[1] = ragboard::model::Group {
        id: "3".into(),
        title: "Elsewhere".into(),
        source_note: None,
        priorities: vec!["2.1".into()],
        judgements: Default::default(),
    };
    let merged = ragboard::model::merge::merge(Some(&base), &ours, &theirs);
    assert!(
        merged
            .conflicts
            .iter()
            .any(|c| c.cell == "priority 2.1 group"),
        "{:?}",
        merged.conflicts
    );
    assert_eq!(merged.plan.groups, ours.groups);
}

#[test]
fn level_names_starting_with_any_letter_draw() {
    // The names come from the file: "Ämne" (aim) and "Åtgärd" (action) start with
    // letters of two bytes, and the detail capitalises their plurals.
    let text = FOUR
        .replace(r#"priority: "Aim""#, r#"priority: "Ämne""#)
        .replace(r#"action: "Action""#, r#"action: "Åtgärd""#);
    let mut a = open(store::parse(&text, Path::new("p.ron")).unwrap());
    let s = common::screen::screen(&a, 100, 30);
    assert!(s.contains("Ämnes (Q2)"), "{s}");
    goto(&mut a, "1.1.1");
    let s = common::screen::screen(&a, 100, 30);
    assert!(s.contains("Åtgärds (Q2)"), "{s}");
}

#[test]
fn a_dashboard_filter_follows_its_group_through_a_reload() {
    use ragboard::crossterm::event::KeyCode;
    let (_dir, path, mut a) = open_on_disk();
    // From group 2's row the dashboard opens on that row; Enter filters to the group.
    goto(&mut a, "2");
    keys(&mut a, "D");
    assert_eq!(
        a.views().screen(),
        Some(ragboard::app::find::Screen::Dashboard { row: 4, col: 1 })
    );
    common::press(&mut a, KeyCode::Enter);
    assert_eq!(a.find().filter.group, Some(1));
    keys(&mut a, "3");
    // A colleague put a new group with a new aim in front of the others.
    let mut theirs = store::load(&path).unwrap().plan;
    let mut aim = (*theirs.priorities[2]).clone();
    aim.id = "0.1".into();
    aim.objectives[0].id = "0.1.1".into();
    for (k, ac) in aim.objectives[0].actions.iter_mut().enumerate() {
        ac.id = format!("0.1.1.{}", k + 1);
    }
    theirs.priorities.insert(0, aim.into());
    theirs.groups.insert(
        0,
        ragboard::model::Group {
            id: "0".into(),
            title: "Early help".into(),
            source_note: None,
            priorities: vec!["0.1".into()],
            judgements: Default::default(),
        },
    );
    store::save(&path, &theirs).unwrap();
    common::ctrl(&mut a, 's');
    keys(&mut a, "r");
    // Still group "2" (now the third), and the walk still stops only at its actions.
    assert_eq!(a.find().filter.group, Some(2));
    assert_eq!(a.plan().groups[2].id, "2");
    let mut seen = vec![a.current().unwrap().id(a.plan())];
    for _ in 0..4 {
        keys(&mut a, "n");
        let id = a.current().unwrap().id(a.plan());
        if seen.contains(&id) {
            break;
        }
        seen.push(id);
    }
    seen.sort();
    assert_eq!(seen, ["2.1.1.1", "2.1.1.2"], "{:?}", a.status());
}

/// Where the plan's top tier is its groups, the board judges a group as it judges a
/// priority (issue 21): `B` on the group, beside the group's recomputed mean; undone and
/// redone; saved and read back; in the dashboard's group row, the paper, the textconv, a
/// merge and a diff.
#[test]
fn the_board_judges_a_group_where_the_top_tier_is_its_groups() {
    use ragboard::crossterm::event::KeyCode;
    let (_dir, path, mut a) = open_on_disk();
    goto(&mut a, "2");
    assert!(matches!(a.current(), Some(Node::Group(1))));
    keys(&mut a, "B");
    let s = screen(draw(&a, 120, 36).backend().buffer());
    let word = a.plan().names.group().to_string();
    assert!(s.contains(&format!("judgement of {word} 2")), "{s}");
    assert!(s.contains("Recomputed in"), "{s}");
    keys(&mut a, "a"); // Amber, by its key
    common::press(&mut a, KeyCode::Tab);
    keys(&mut a, "Protection plans late");
    common::press(&mut a, KeyCode::Enter);
    assert_eq!(
        a.plan().groups[1].judgements.get("q2"),
        Some(&2),
        "{:?}",
        a.status()
    );
    // Undone and redone, as any change.
    keys(&mut a, "z");
    assert_eq!(a.plan().groups[1].judgements.get("q2"), None);
    keys(&mut a, "y");
    assert_eq!(a.plan().groups[1].judgements.get("q2"), Some(&2));
    // The dashboard's group row carries it beside the recomputed figure.
    let s = Summary::build(a.plan(), Some("q2"));
    assert_eq!(s.groups[1].cells[0].judgement, Some(2));
    common::ctrl(&mut a, 's');
    let back = store::load(&path).unwrap().plan;
    assert_eq!(back.groups[1].judgements.get("q2"), Some(&2));
    let logged = back.changes.iter().rev().find(|c| c.judgement).unwrap();
    assert_eq!((logged.item.as_str(), logged.to), ("2", Some(2)));
    // The paper lists it with the group's title and recomputed figure.
    let board = ragboard::report::Board::build(
        &back,
        Some("q2"),
        NaiveDate::from_ymd_opt(2025, 10, 1).unwrap(),
    )
    .unwrap();
    let paper =
        ragboard::report::render_board(&back, &board, ragboard::report::BoardFormat::Markdown);
    assert!(paper.contains("Protection when needed"), "{paper}");
    assert!(paper.contains("Protection plans late"), "{paper}");
    // The textconv names the cell; a merge keeps one side's judgement; a diff shows it.
    let cells = ragboard::report::diff::cells(&back);
    assert!(cells.contains("group 2 judgement q2: A (Amber)"), "{cells}");
    let base = plan();
    let merged = ragboard::model::merge::merge(Some(&base), &back, &base);
    assert_eq!(merged.plan.groups[1].judgements.get("q2"), Some(&2));
    let d = ragboard::model::diff::diff(&base, &back, "old", "new");
    let text = ragboard::report::render_diff(&d, ragboard::report::DiffFormat::Text);
    assert!(text.contains("board's judgements q2: 2"), "{text}");
}
