//! Search as a chair types it (issue 25), at 10,000 and 100,000 actions: one keystroke is
//! the query's update, the match set, and the first screen of results drawn (200x50). The
//! first letter reads every item's letters; each letter after it looks only among what the
//! one before found. They read the items' texts indexed once by their words
//! (`search::Haystack`), made at idle moments (or by the first search) and kept up to the
//! plan item by item: `index_texts_once` times its making at once (on every core).
//! Target: a keystroke within a frame, 16 ms, at 100,000 actions.
//!
//! `cargo bench --bench search`; shorter on a shared machine:
//! `cargo bench --bench search -- --warm-up-time 1 --measurement-time 3`.

use std::time::{Duration, Instant};

use criterion::Criterion;
use ragboard::app::{self, Action, App};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

mod common;
use common::app;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Type `query` into the search bar from empty, timing only the keystroke at `timed`
/// (0-based): its update and the frame drawn after it.
fn keystroke(
    a: &mut App,
    terminal: &mut Terminal<TestBackend>,
    query: &str,
    timed: usize,
) -> Duration {
    app::update(a, Action::Find(app::find::FindAction::Search));
    let mut took = Duration::ZERO;
    for (i, c) in query.chars().enumerate() {
        let start = Instant::now();
        app::update(a, Action::Type(c));
        terminal
            .draw(|frame| {
                ragboard::ui::render(frame, a);
            })
            .expect("draw");
        if i == timed {
            took = start.elapsed();
        }
    }
    app::update(a, Action::Close);
    took
}

fn bench(c: &mut Criterion) {
    for (actions, name) in [(10_000, "10k"), (100_000, "100k")] {
        let mut a = app(actions);
        let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("test terminal");
        let mut g = c.benchmark_group(format!("search_{name}"));
        g.sample_size(10);
        // "s" reads every item; "su", "sup", "supp" look among what the letter before found.
        for (what, timed) in [
            ("first_letter", 0),
            ("second_letter", 1),
            ("fourth_letter", 3),
        ] {
            g.bench_function(what, |b| {
                b.iter_custom(|iters| {
                    (0..iters)
                        .map(|_| keystroke(&mut a, &mut terminal, "supp", timed))
                        .sum()
                })
            });
        }
        // What idle moments (or the first search of a meeting) do once: every item's texts
        // folded and indexed by their words.
        g.bench_function("index_texts_once", |b| {
            b.iter(|| ragboard::model::search::Haystack::build(a.plan(), a.agenda()))
        });
        let hay = ragboard::model::search::Haystack::build(a.plan(), a.agenda());
        eprintln!("search_{name}: the haystack holds {} bytes", hay.bytes());
        g.finish();
    }
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
}
