//! A large generated plan in the app: the outline and the change log build only what fits
//! on screen, and what they show is what the whole list would show there.

mod common;

use chrono::NaiveDate;
use ragboard::app::{self, Action, App, Keymap, Node, Options};
use ragboard::cli::generate::{Spec, generate};
use ragboard::meeting::Meeting;
use ragboard::ui::theme::ThemeName;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Go to agenda position `pos` as a user would: by its number.
fn select(a: &mut App, pos: usize) {
    let id = a.agenda()[pos].id(a.plan());
    app::update(a, Action::GoTo);
    for c in id.chars() {
        app::update(a, Action::Type(c));
    }
    app::update(a, Action::Submit);
    assert_eq!(a.pos(), pos);
}

/// Fold `node`: go there and collapse it.
fn fold(a: &mut App, node: Node) {
    let pos = a.agenda().iter().position(|n| *n == node).unwrap();
    select(a, pos);
    app::update(a, Action::Collapse);
    assert!(a.is_collapsed(node));
}

fn big_app() -> App {
    let plan = generate(&Spec {
        actions: 3000,
        periods: 6,
        seed: 5,
    });
    let last = plan.periods.last().map(|p| p.id.clone());
    let meeting = Meeting::new(plan, "tester", common::clock());
    App::new(
        meeting,
        Options {
            theme: ThemeName::Mono,
            today: NaiveDate::from_ymd_opt(2019, 1, 1).unwrap(),
            keymap: Keymap::default(),
            period: last,
        },
    )
}

fn screen(app: &App, w: u16, h: u16) -> Vec<String> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| {
        ragboard::ui::render(f, app);
    })
    .unwrap();
    let buf = t.backend().buffer();
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect())
        .collect()
}

/// The outline's text rows (inside its border) on a 120x30 screen.
fn outline_rows(app: &App) -> Vec<String> {
    let lines = screen(app, 120, 30);
    // Header 2 rows, then the agenda box: its top border, rows, bottom border, footer.
    lines[3..lines.len() - 2]
        .iter()
        .map(|l| l.chars().take(50).collect())
        .collect()
}

fn id_of(app: &App, node: Node) -> String {
    node.id(app.plan())
}

/// The rows the whole outline would show: a list keeping its selection in view, with a
/// few rows of look-ahead below it.
fn expected_window(app: &App, height: usize) -> (Vec<Node>, usize) {
    let all = app.outline();
    let row = app.outline_row();
    let look_ahead = 4.min(height / 3);
    let offset = (row + 1 + look_ahead).saturating_sub(height);
    (
        all[offset..(offset + height).min(all.len())].to_vec(),
        row - offset,
    )
}

fn check_window(app: &App) {
    let rows = outline_rows(app);
    let (nodes, selected) = expected_window(app, rows.len());
    // At the very end of the outline the look-ahead rows are blank.
    assert!(rows.len() >= nodes.len());
    for row in &rows[nodes.len()..] {
        assert!(
            !row.chars().any(|c| c.is_ascii_alphanumeric()),
            "{row:?} should be blank"
        );
    }
    for (i, (row, node)) in rows.iter().zip(&nodes).enumerate() {
        let id = id_of(app, *node);
        assert!(
            row.contains(&format!("{id} ")),
            "row {i} {row:?} should show {id}"
        );
        assert_eq!(
            row.contains('▶'),
            i == selected,
            "selection mark on row {i}: {row:?}"
        );
    }
}

#[test]
fn the_outline_shows_the_window_around_the_selection() {
    let mut a = big_app();
    check_window(&a);
    app::update(&mut a, Action::Last);
    check_window(&a);
    // Back up a few rows: the window stays where the selection still shows.
    for _ in 0..5 {
        app::update(&mut a, Action::Up);
    }
    check_window(&a);
    let half = a.agenda().len() / 2;
    select(&mut a, half);
    check_window(&a);
}

#[test]
fn collapsed_items_hide_their_subtrees_in_the_window() {
    let mut a = big_app();
    let third = a.agenda().len() / 3;
    select(&mut a, third);
    let p = a.agenda()[a.pos()].priority(a.plan());
    // Collapse every other priority above the selection and one objective below it.
    let here = a.pos();
    for k in (0..p).step_by(2) {
        fold(&mut a, Node::Priority(k));
    }
    fold(&mut a, Node::Objective(p + 1, 0));
    select(&mut a, here);
    let full: Vec<Node> = a
        .agenda()
        .iter()
        .copied()
        .filter(|n| !matches!(n, Node::Measure(..)))
        .filter(|n| {
            let mut up = n.parent(a.plan());
            while let Some(x) = up {
                if a.is_collapsed(x) {
                    return false;
                }
                up = x.parent(a.plan());
            }
            true
        })
        .collect();
    assert_eq!(a.outline(), full, "the outline as the ancestors say");
    check_window(&a);
    app::update(&mut a, Action::Down);
    check_window(&a);
}

#[test]
fn the_change_log_of_a_large_plan_scrolls_deep_into_it() {
    let mut a = big_app();
    let log: Vec<String> = a
        .meeting()
        .log()
        .map(|(c, _)| format!("{} {:<8}", c.when.format("%Y-%m-%d %H:%M:%S"), c.item))
        .collect();
    assert!(
        log.len() > 100,
        "the generated plan has a long log: {}",
        log.len()
    );
    app::update(&mut a, Action::Changes);
    let text = screen(&a, 120, 30).join("\n");
    assert!(text.contains(&log[0]), "the first change shows at the top");
    for k in 0..log.len() {
        // Drawn now and then, as the loop does after every key: each frame lays out a
        // screenful further, and says how far the log can now scroll.
        if k % 20 == 0 {
            common::screen::drawn(&mut a, 120, 30);
        }
        app::update(&mut a, Action::Down);
    }
    // Scrolled a long way (a change takes several rows once wrapped): what shows is from
    // far down the log, in order, drawn though lines below the screen were never made.
    let text = screen(&a, 120, 30).join("\n");
    let shown: Vec<usize> = (0..log.len()).filter(|&i| text.contains(&log[i])).collect();
    assert!(
        shown.first().is_some_and(|&i| i > log.len() / 8)
            && shown.windows(2).all(|w| w[1] == w[0] + 1),
        "shown: {shown:?} of {}",
        log.len()
    );
    assert!(shown.len() >= 5, "a screenful of changes: {shown:?}");
}
