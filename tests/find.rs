//! Search, filters and the whole-plan screens, driven by keys as a user would, with
//! snapshots of the dashboard, the periods grid and the indicators view.

mod common;

use common::screen::{draw, screen};

use std::collections::HashSet;

use common::{app, go, keys, press};
use ragboard::app::App;
use ragboard::crossterm::event::KeyCode;
use ragboard::model::filter::{Context, Filter};
use ragboard::model::rollup::one_dp;
use ragboard::model::summary::Summary;
use ragboard::model::{self, Node, agenda};
use ragboard::report::{self, Format};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The ids of the agenda items at `positions`.
fn ids_at(app: &App, positions: &[usize]) -> Vec<String> {
    positions
        .iter()
        .map(|&i| app.agenda()[i].id(app.plan()))
        .collect()
}

fn id(app: &App) -> String {
    app.current().unwrap().id(app.plan())
}

/// Actions of the shipped plan whose lead or officer contains `name`.
fn led_by(app: &App, name: &str) -> Vec<String> {
    app.plan()
        .actions()
        .filter(|a| {
            [&a.lead, &a.officer]
                .iter()
                .any(|f| f.as_deref().is_some_and(|t| t.contains(name)))
        })
        .map(|a| a.id.clone())
        .collect()
}

#[test]
fn search_a_lead_and_step_through_the_matches() {
    let mut a = app();
    go(&mut a, "1.1.3");
    let before = a.pos();
    keys(&mut a, "/janet simon");
    // Incremental: already on the first match after where the search began.
    assert!(a.views().typing());
    let first = id(&a);
    press(&mut a, KeyCode::Enter);
    assert!(!a.views().typing());
    let expected = led_by(&a, "Janet Simon");
    assert!(expected.len() > 10, "{expected:?}");
    // Every action Janet Simon leads or is responsible for is a match (a few more
    // mention her elsewhere: every match names her somewhere).
    let found: Vec<String> = a
        .find()
        .matches
        .iter()
        .map(|&i| a.agenda()[i].id(a.plan()))
        .collect();
    for e in &expected {
        assert!(found.contains(e), "{e} missing from {found:?}");
    }
    assert!(a.agenda()[a.pos()] != a.agenda()[before] || found.contains(&first));
    let n = found.len();
    let s = screen(&a, 120, 36);
    let k = found.iter().position(|f| *f == first).unwrap() + 1;
    assert!(s.contains(&format!("Match {k} of {n}")), "{s}");
    assert!(s.contains(&format!("/janet simon  {k} of {n}")), "{s}");
    // n walks the matches in order, N walks back.
    keys(&mut a, "n");
    assert_eq!(id(&a), found[k % n]);
    keys(&mut a, "N");
    assert_eq!(id(&a), first);
    // Walk all of them: back where it began after n steps.
    for _ in 0..n {
        keys(&mut a, "n");
    }
    assert_eq!(id(&a), first);
}

#[test]
fn esc_while_typing_restores_the_selection() {
    let mut a = app();
    go(&mut a, "4.1.2");
    let before = a.pos();
    keys(&mut a, "/fostering");
    assert_ne!(a.pos(), before, "incremental search moved to a match");
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.pos(), before);
    assert!(!a.find().searching());
    // A query with no match stays put and says so.
    keys(&mut a, "/zzqqxx");
    assert_eq!(a.pos(), before);
    press(&mut a, KeyCode::Enter);
    assert!(a.status().unwrap_or("").contains("No match"));
}

#[test]
fn search_folds_case_and_accents_and_needs_every_word() {
    let mut a = app();
    keys(&mut a, "/MURPHY costed");
    press(&mut a, KeyCode::Enter);
    let found: Vec<String> = a
        .find()
        .matches
        .iter()
        .map(|&i| a.agenda()[i].id(a.plan()))
        .collect();
    assert_eq!(found, ["1.1.1"]);
    // Accents typed by the user fold too.
    press(&mut a, KeyCode::Esc);
    keys(&mut a, "/cöstéd");
    press(&mut a, KeyCode::Enter);
    assert_eq!(id(&a), "1.1.1");
}

#[test]
fn filter_to_reds_and_overdue_and_walk_them_with_next() {
    let mut a = app();
    keys(&mut a, "Fro");
    press(&mut a, KeyCode::Esc);
    assert!(a.find().filter.is_active());
    // The same set as the model's filter, computed here from the plan directly.
    let plan = a.plan().clone();
    let expected: Vec<String> = plan
        .actions()
        .filter(|ac| {
            ac.rating("01-18") == Some(1) || model::is_overdue(&plan, ac, 1, common::meeting_date())
        })
        .map(|ac| ac.id.clone())
        .collect();
    assert!(expected.len() > 3);
    let mut walked = vec![id(&a)];
    for _ in 1..expected.len() {
        keys(&mut a, "n");
        walked.push(id(&a));
    }
    assert_eq!(walked, expected);
    let s = screen(&a, 120, 36);
    let n = expected.len();
    assert!(s.contains(&format!("{n} of {n} (filtered)")), "{s}");
    assert!(s.contains("any: ≤1, overdue"), "{s}");
    // Past the last, back to the first, saying so.
    keys(&mut a, "n");
    assert_eq!(id(&a), expected[0]);
    assert!(a.status().unwrap_or("").contains("first"));
    // p goes back, and the outline shows only kept actions and their parents.
    keys(&mut a, "p");
    assert_eq!(id(&a), expected[n - 1]);
    let actions_shown: Vec<Node> = a
        .outline()
        .into_iter()
        .filter(|x| matches!(x, Node::Action(..)))
        .collect();
    assert_eq!(actions_shown.len(), n);
    // One key resets.
    keys(&mut a, "X");
    assert!(!a.find().filter.is_active());
    assert!(screen(&a, 120, 36).contains("Item "));
}

#[test]
fn filter_by_person_with_the_picker() {
    let mut a = app();
    keys(&mut a, "FL");
    keys(&mut a, "neale");
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.find().filter.person.as_deref(), Some("Neale Laurie"));
    press(&mut a, KeyCode::Esc);
    let kept: Vec<String> = a
        .find()
        .kept
        .iter()
        .map(|&i| a.agenda()[i].id(a.plan()))
        .collect();
    // Every spelling the plan's people section gives for him: "Neale laurie" and
    // "Neale Laurie CSU" are the same person.
    let spellings = ["Neale Laurie", "Neale laurie", "Neale Laurie CSU"];
    let expected: Vec<String> = a
        .plan()
        .actions()
        .filter(|ac| {
            [ac.lead.as_deref(), ac.officer.as_deref()]
                .into_iter()
                .flatten()
                .any(|n| spellings.contains(&n.trim()))
        })
        .map(|ac| ac.id.clone())
        .collect();
    assert_eq!(kept, expected);
    let variant = |s: &str| a.plan().actions().any(|ac| ac.lead.as_deref() == Some(s));
    assert!(variant("Neale laurie") && variant("Neale Laurie CSU"));
    assert_eq!(id(&a), expected[0]);
}

#[test]
fn changed_in_this_meeting_follows_the_meetings_changes() {
    let mut a = app();
    go(&mut a, "2.1.3");
    keys(&mut a, "3");
    go(&mut a, "5.1.1");
    keys(&mut a, "1");
    keys(&mut a, "Fc");
    press(&mut a, KeyCode::Esc);
    let kept: Vec<String> = a
        .find()
        .kept
        .iter()
        .map(|&i| a.agenda()[i].id(a.plan()))
        .collect();
    assert_eq!(kept, ["2.1.3", "5.1.1"]);
    // Undo takes one out again.
    keys(&mut a, "z");
    let kept: Vec<String> = a
        .find()
        .kept
        .iter()
        .map(|&i| a.agenda()[i].id(a.plan()))
        .collect();
    assert_eq!(kept, ["2.1.3"]);
}

#[test]
fn the_app_filter_matches_the_model_filter() {
    let mut a = app();
    keys(&mut a, "Fw0m");
    press(&mut a, KeyCode::Esc);
    let plan = a.plan().clone();
    let changed = HashSet::new();
    let ctx = Context {
        plan: &plan,
        index: &ragboard::model::Index::build(&plan),
        period: a.period(),
        today: common::meeting_date(),
        changed: &changed,
        proposals: &Default::default(),
    };
    let f = Filter {
        worse: true,
        unrated: true,
        all: true,
        ..Filter::default()
    };
    assert_eq!(a.find().kept, f.apply(&ctx, &agenda::build(&plan)));
}

/// The dashboard's grid, row by row, as numbers.
fn dashboard_means(s: &str, priorities: usize) -> Vec<Vec<String>> {
    s.lines()
        .filter(|l| l.starts_with("│  ") || l.starts_with("│▶ "))
        // The column heads first.
        .skip(1)
        .take(priorities + 1)
        .map(|l| {
            let grid = l.split('│').nth(1).unwrap();
            grid.split_whitespace()
                // Means always have one decimal; "b 3" judgements and ids have none.
                .filter(|w| (w.contains('.') && w.parse::<f64>().is_ok()) || *w == "--")
                .map(str::to_string)
                .collect()
        })
        .collect()
}

#[test]
fn dashboard_figures_are_the_summary_commands() {
    let mut a = app();
    keys(&mut a, "D");
    let s = screen(&a, 200, 50);
    // What `ragboard summary --format json` prints, parsed back.
    let json = report::render(&Summary::build(a.plan(), None), Format::Json);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mut expected: Vec<Vec<String>> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .chain(std::iter::once(&v["overall"]))
        .map(|r| {
            r["cells"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["mean"].as_f64().map_or("--".into(), one_dp))
                .collect()
        })
        .collect();
    let rows = dashboard_means(&s, a.plan().priorities.len());
    // Each priority row: a number per period (the priority's id is the first word).
    for (got, want) in rows.iter().zip(expected.iter_mut()) {
        assert_eq!(&got[got.len() - want.len()..], &want[..], "{s}");
    }
    assert_eq!(rows.len(), a.plan().priorities.len() + 1);
    // The published table beside: priority 3's initial figure differs and is marked.
    assert!(s.contains("1.5*"), "{s}");
    // On a wide screen the board's own judgement sits beside the mean (priority 1: 3, 3).
    let p1 = s.lines().find(|l| l.contains("1 Recruiting")).unwrap();
    assert!(p1.contains("2.8    b 3  3.3 ▲  b 3"), "{p1}");
    assert!(s.contains("All actions (mean)"));
    assert!(s.contains("Mean of priorities"));
}

#[test]
fn dashboard_cell_jumps_to_its_priority_with_that_period() {
    let mut a = app();
    keys(&mut a, "D");
    // From priority 1, 01/18: down two rows to priority 3, left to "initial".
    keys(&mut a, "jjh");
    press(&mut a, KeyCode::Enter);
    assert!(a.views().screen().is_none());
    assert_eq!(a.find().filter.priority, Some(2));
    assert_eq!(a.find().filter.period, Some(0));
    assert_eq!(id(&a), "3.1.1");
    let s = screen(&a, 120, 36);
    assert!(s.contains("priority 3 · in RAG initial"), "{s}");
    // The walk stays inside priority 3.
    for _ in 0..40 {
        keys(&mut a, "n");
        assert!(id(&a).starts_with("3."), "{}", id(&a));
    }
}

#[test]
fn dashboard_80x24() {
    let mut a = app();
    keys(&mut a, "D");
    insta::assert_snapshot!(draw(&a, 80, 24).backend());
}

#[test]
fn dashboard_200x50() {
    let mut a = app();
    keys(&mut a, "D");
    insta::assert_snapshot!(draw(&a, 200, 50).backend());
}

fn on_objective_4_1() -> App {
    let mut a = app();
    go(&mut a, "4.1");
    keys(&mut a, "P");
    a
}

#[test]
fn periods_grid_80x24() {
    insta::assert_snapshot!(draw(&on_objective_4_1(), 80, 24).backend());
}

#[test]
fn periods_grid_200x50() {
    insta::assert_snapshot!(draw(&on_objective_4_1(), 200, 50).backend());
}

#[test]
fn periods_grid_reads_each_action_left_to_right() {
    let mut a = app();
    go(&mut a, "1.1.3");
    keys(&mut a, "P");
    let s = screen(&a, 120, 36);
    // 1.1.1 is 4 then 4 (same); 1.1.8 is 2 and 2; every action of 1.1 listed.
    let row = s.lines().find(|l| l.contains("1.1.1 ")).unwrap();
    assert!(row.contains(" 4      4 ►    -      - "), "{row}");
    for i in 1..=8 {
        assert!(s.contains(&format!("1.1.{i} ")), "1.1.{i}: {s}");
    }
    assert!(!s.contains("1.2.1 "));
    // Enter goes to the selected action.
    keys(&mut a, "j");
    press(&mut a, KeyCode::Enter);
    assert_eq!(id(&a), "1.1.4");
    assert!(a.views().screen().is_none());
}

#[test]
fn indicators_80x24() {
    let mut a = app();
    keys(&mut a, "I");
    insta::assert_snapshot!(draw(&a, 80, 24).backend());
}

#[test]
fn indicators_200x50() {
    let mut a = app();
    keys(&mut a, "I");
    insta::assert_snapshot!(draw(&a, 200, 50).backend());
}

#[test]
fn indicators_show_gaps_and_the_selected_ones_figures() {
    let mut a = app();
    keys(&mut a, "I");
    let rows = ragboard::app::find::indicator_rows(&a);
    let peps = rows
        .iter()
        .position(|&(p, i)| a.plan().priorities[p].indicators[i].name == "PEPs up to date %")
        .unwrap();
    for _ in 0..peps {
        keys(&mut a, "j");
    }
    let s = screen(&a, 200, 50);
    // Two values (Sep, Dec) among six months: gaps, not zero bars.
    let row = s.lines().find(|l| l.contains("PEPs up to date")).unwrap();
    assert!(row.contains("··█··▁"), "{row}");
    assert!(row.contains("▼ down"), "{row}");
    assert!(s.contains("Sep 97.1%"), "{s}");
    assert!(s.contains("Dec 88.8%"), "{s}");
    assert!(s.contains("process limits"), "{s}");
    // Esc goes back to the meeting view.
    press(&mut a, KeyCode::Esc);
    assert!(a.views().screen().is_none());
}

#[test]
fn screens_never_panic_at_any_size() {
    for key in ["D", "I", "P"] {
        let mut a = app();
        go(&mut a, "2.1.3");
        keys(&mut a, key);
        for (w, h) in [
            (40, 12),
            (60, 20),
            (80, 24),
            (120, 36),
            (200, 50),
            (300, 80),
        ] {
            let _ = draw(&a, w, h);
        }
    }
}

/// Style of the first cell of `needle` on screen.
fn style_at(t: &Terminal<TestBackend>, needle: &str) -> Option<ratatui::style::Style> {
    let buf = t.backend().buffer();
    let width = needle.chars().count();
    for y in 0..buf.area.height {
        let cells: Vec<&str> = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        for x in 0..cells.len().saturating_sub(width - 1) {
            if cells[x..x + width].concat() == needle {
                return Some(buf[(x as u16, y)].style());
            }
        }
    }
    None
}

#[test]
fn matches_are_highlighted_in_agenda_and_detail() {
    let mut a = app();
    keys(&mut a, "/murphy");
    press(&mut a, KeyCode::Enter);
    let t = draw(&a, 120, 36);
    let found = a.theme().found();
    // The detail's lead line names S Murphy: the matched word carries the "found" style.
    let style = style_at(&t, "Murphy").expect("Murphy on screen");
    assert_eq!(style.bg, found.bg, "{style:?}");
    // A word the search did not ask for is drawn as usual.
    let lead = style_at(&t, "Lead").unwrap();
    assert_ne!(lead.bg, found.bg);
}

/// The app on the shipped plan with one indicator's polarity set (the plan gives none).
fn with_polarity(polarity: model::Polarity) -> App {
    let mut plan = ragboard::store::bundled().unwrap();
    let eet = plan
        .priorities_mut()
        .flat_map(|p| p.indicators.iter_mut())
        .find(|i| i.name == "Care Leavers in EET %")
        .unwrap();
    eet.polarity = Some(polarity);
    let meeting = ragboard::meeting::Meeting::new(plan, "tester", common::clock());
    let mut a = App::new(
        meeting,
        common::options(ragboard::ui::theme::ThemeName::Default),
    );
    keys(&mut a, "I");
    a
}

#[test]
fn direction_and_signal_follow_polarity_in_word_and_colour() {
    // EET fell six months running (73.2 to 67.1): a trend of 6.
    let higher = with_polarity(model::Polarity::HigherIsBetter);
    let t = draw(&higher, 200, 50);
    let s = screen(&higher, 200, 50);
    let row = s
        .lines()
        .find(|l| l.contains("Care Leavers in EET"))
        .unwrap();
    assert!(row.contains("▼ worse"), "{row}");
    assert!(row.contains("◆ concern"), "{row}");
    let fg = |needle: &str| style_at(&t, needle).and_then(|s| s.fg);
    assert_eq!(fg("▼ worse"), higher.theme().news(false).fg);
    assert_eq!(fg("◆ concern"), higher.theme().news(false).fg);

    let lower = with_polarity(model::Polarity::LowerIsBetter);
    let t = draw(&lower, 200, 50);
    let s = screen(&lower, 200, 50);
    let row = s
        .lines()
        .find(|l| l.contains("Care Leavers in EET"))
        .unwrap();
    assert!(row.contains("▼ better"), "{row}");
    assert!(row.contains("◆ improving"), "{row}");
    let fg = |needle: &str| style_at(&t, needle).and_then(|s| s.fg);
    assert_eq!(fg("▼ better"), lower.theme().news(true).fg);
    assert_eq!(fg("◆ improving"), lower.theme().news(true).fg);
    assert_ne!(lower.theme().news(true), lower.theme().news(false));
}

#[test]
fn an_action_rated_out_of_the_filter_stays_until_the_walk_moves_on() {
    let mut a = app();
    keys(&mut a, "Fr");
    press(&mut a, KeyCode::Esc);
    let first = id(&a);
    let node = a.current().unwrap();
    assert_eq!(a.current_action().unwrap().rating("01-18"), Some(1));
    let reds = a.find().kept.len();
    // Rated 2 in this meeting: no longer a red, but still on screen under the cursor.
    keys(&mut a, "2");
    assert_eq!(a.find().kept.len(), reds - 1);
    assert!(a.outline().contains(&node));
    assert!(screen(&a, 120, 36).contains(&format!("– of {} (filtered)", reds - 1)));
    keys(&mut a, "n");
    assert_ne!(id(&a), first);
    assert!(!a.outline().contains(&node));
}

#[test]
fn next_unreviewed_keeps_to_the_filter() {
    let mut a = app();
    keys(&mut a, "Fr");
    press(&mut a, KeyCode::Esc);
    let reds: Vec<String> = a
        .find()
        .kept
        .iter()
        .map(|&i| a.agenda()[i].id(a.plan()))
        .collect();
    // Tick the first red, then u goes to the next red, not to the next item of the plan.
    keys(&mut a, "x");
    keys(&mut a, "u");
    assert_eq!(id(&a), reds[1]);
    for _ in 1..reds.len() {
        keys(&mut a, "xu");
    }
    assert!(a.status().unwrap_or("").contains("Every kept item"));
}

#[test]
fn dashboard_counts_statuses_on_a_categorical_plan() {
    let plan = ragboard::store::load(std::path::Path::new("data/cypp-2014-15-annual-report.ron"))
        .unwrap()
        .plan;
    let summary = Summary::build(&plan, None);
    let meeting = ragboard::meeting::Meeting::new(plan, "tester", common::clock());
    let mut opts = common::options(ragboard::ui::theme::ThemeName::Default);
    opts.period = None;
    let mut a = App::new(meeting, opts);
    press(&mut a, KeyCode::Esc);
    keys(&mut a, "D");
    let s = screen(&a, 120, 36);
    assert!(s.contains("counted, never averaged"), "{s}");
    // Each strategic aim: complete of all, as the summary counts them; no mean anywhere.
    for r in &summary.rows {
        let c = &r.cells[0];
        let row = s
            .lines()
            .find(|l| l.contains(&format!("{} {}", r.id, &r.title[..12])))
            .unwrap();
        assert!(
            row.contains(&format!("{}/{}✓", c.complete, c.total)),
            "{row}"
        );
    }
    assert!(!s.contains("Mean of priorities"));
    // The source's stated totals beside the counts, differences marked.
    assert!(s.contains("Stated in the source beside counted"), "{s}");
    assert!(s.contains("+6*"), "{s}");
    // Carried forward ("CF") does not share Completed's "C" in the bar.
    assert!(s.contains("F Carried forward"), "{s}");
}

/// Typing on narrows: each letter looks only among what the query before it found, and a
/// key that changes nothing the search reads (moving about, a rating) reads nothing again
/// (issue 25: search must not go back to rescanning every item per keystroke unnoticed).
#[test]
fn a_growing_query_looks_only_among_the_last_matches() {
    let mut a = app();
    let whole = a.agenda().len();
    keys(&mut a, "/s");
    assert_eq!(
        a.find().work.examined,
        whole,
        "the first letter reads the plan"
    );
    assert_eq!(
        a.find().work.read,
        0,
        "from each item's letters, not its words"
    );
    let after_s = a.find().matches.len();
    assert!(after_s > 0 && after_s < whole);
    keys(&mut a, "u");
    assert_eq!(
        a.find().work.examined,
        after_s,
        "the second only what the first found"
    );
    let after_su = a.find().matches.len();
    keys(&mut a, "pp");
    assert!(a.find().work.examined <= after_su);
    // The words holding "supp" name the items it reads: about as many as it finds.
    let found = a.find().matches.clone();
    assert!(a.find().work.read <= 3 * found.len(), "{:?}", a.find().work);
    // The same as a search from scratch.
    assert_eq!(found, fresh(&a, "supp"));
    // A second word: only the first's matches are read, for the second word only.
    keys(&mut a, " zzqx");
    assert_eq!(a.find().work.examined, found.len());
    assert_eq!(a.find().work.read, 0, "no word holds zzqx");
    press(&mut a, KeyCode::Backspace);
    press(&mut a, KeyCode::Backspace);
    press(&mut a, KeyCode::Backspace);
    press(&mut a, KeyCode::Backspace);
    press(&mut a, KeyCode::Backspace);
    assert_eq!(a.find().matches, found);
    press(&mut a, KeyCode::Enter);
    // Walking the matches reads nothing again; nor does a rating that changes no text.
    a_key_reads_nothing(&mut a, "n");
    a_key_reads_nothing(&mut a, "3");
    a_key_reads_nothing(&mut a, "j");
    // Backspace: a shorter query is searched whole again.
    keys(&mut a, "/");
    keys(&mut a, "supp");
    press(&mut a, KeyCode::Backspace);
    assert_eq!(a.find().work.examined, whole);
}

/// What a search of the plan as it is now finds, from scratch.
fn fresh(a: &App, query: &str) -> Vec<usize> {
    ragboard::model::search::find(
        a.plan(),
        a.agenda(),
        &ragboard::model::search::Query::new(query),
    )
}

fn a_key_reads_nothing(a: &mut ragboard::app::App, k: &str) {
    let (matches, runs) = (a.find().matches.clone(), a.find().runs);
    keys(a, k);
    assert_eq!(a.find().matches, matches);
    assert_eq!(a.find().runs, runs, "{k} searched again");
}

/// A note that changes an action's progress: the search standing on screen finds the new
/// text at once, reading that one item again, not the plan; the old text is found no more.
#[test]
fn an_edited_text_is_found_reading_only_that_item_again() {
    let mut a = app();
    go(&mut a, "1.1.3");
    let at = a.pos();
    let old = a.current_action().unwrap().progress.clone().unwrap();
    let old_words: String = old.split_whitespace().take(6).collect::<Vec<_>>().join(" ");
    assert!(fresh(&a, &old_words).contains(&at), "{old_words}");
    keys(&mut a, "/zebracrossing");
    press(&mut a, KeyCode::Enter);
    assert!(a.find().matches.is_empty());
    let runs = a.find().runs;
    // The note form: Tab to the progress, cleared word by word, a new text.
    keys(&mut a, "e");
    press(&mut a, KeyCode::Tab);
    for _ in 0..80 {
        common::ctrl(&mut a, 'w');
    }
    keys(&mut a, "Zebracrossing markings repainted");
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.overlay().cloned(), None);
    assert!(
        a.current_action()
            .unwrap()
            .progress
            .as_deref()
            .unwrap()
            .starts_with("Zebra")
    );
    assert_eq!(a.find().matches, [at]);
    assert_eq!(
        a.find().work.examined,
        1,
        "only the edited item is read again"
    );
    assert_eq!(a.find().runs, runs + 1);
    // A new search for the old text, from the haystack kept since: as a search from
    // scratch finds, without the edited item.
    press(&mut a, KeyCode::Esc);
    keys(&mut a, &format!("/{old_words}"));
    assert_eq!(a.find().matches, fresh(&a, &old_words));
    assert!(!a.find().matches.contains(&at));
    // Undone: the old text is found there again.
    press(&mut a, KeyCode::Enter);
    keys(&mut a, "z");
    assert!(a.find().matches.contains(&at));
    assert_eq!(a.find().work.examined, 1);
}

/// Idle moments make the search's haystack, after the dashboard's figures: the first
/// search does not wait for it.
#[test]
fn idle_moments_make_the_search_ready() {
    let mut a = app();
    let _ = ragboard::app::handle(&mut a, ragboard::app::Input::Tick);
    assert!(!a.find().indexed(), "the dashboard's figures come first");
    let _ = ragboard::app::handle(&mut a, ragboard::app::Input::Tick);
    assert!(a.find().indexed());
    keys(&mut a, "/murphy");
    assert_eq!(a.find().matches, fresh(&a, "murphy"));
}

/// Searching a person's one name finds the actions the source spells otherwise: the plan's
/// people section says "S Murphy" is Sheila Murphy.
#[test]
fn search_finds_a_person_by_the_name_the_people_section_gives() {
    let mut a = app();
    keys(&mut a, "/sheila murphy");
    press(&mut a, KeyCode::Enter);
    let found = ids_at(&a, &a.find().matches);
    let initial = led_by(&a, "S Murphy");
    let full = led_by(&a, "Sheila Murphy");
    assert!(!initial.is_empty() && !full.is_empty());
    for e in initial.iter().chain(&full) {
        assert!(found.contains(e), "{e} missing from {found:?}");
    }
}
