//! Whole-plan screens at scale (issue 25): opening and closing the dashboard, the
//! indicators and the periods grid, each a key's update and the frame drawn after it
//! (200x50), at 10,000 and 100,000 actions; and a rating key followed by the dashboard's
//! frame, which finds the touched priority's figures again and no other's. Target: each
//! within a frame, 16 ms, at 100,000 actions.
//!
//! `cargo bench --bench screens`; shorter on a shared machine:
//! `cargo bench --bench screens -- --warm-up-time 1 --measurement-time 3`.

use criterion::Criterion;
use ragboard::app::find::FindAction;
use ragboard::app::{self, Action, App};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

mod common;
use common::app;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// One key and the frame drawn after it.
fn key(a: &mut App, terminal: &mut Terminal<TestBackend>, action: Action) {
    app::update(a, action);
    terminal
        .draw(|frame| {
            ragboard::ui::render(frame, a);
        })
        .expect("draw");
}

fn bench(c: &mut Criterion) {
    for (actions, name) in [(10_000, "10k"), (100_000, "100k")] {
        let mut a = app(actions);
        let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("test terminal");
        // On an action, as a chair is when the board asks for the whole picture.
        for _ in 0..3 {
            key(&mut a, &mut terminal, Action::Down);
        }
        let mut g = c.benchmark_group(format!("screens_{name}"));
        g.sample_size(20);
        for (what, screen) in [
            ("dashboard", FindAction::Dashboard),
            ("indicators", FindAction::Indicators),
            ("periods", FindAction::PeriodsGrid),
        ] {
            // The first opening may make what later ones keep; it is not what is timed.
            key(&mut a, &mut terminal, Action::Find(screen));
            key(&mut a, &mut terminal, Action::Close);
            g.bench_function(format!("{what}_open"), |b| {
                b.iter_custom(|iters| {
                    let mut took = std::time::Duration::ZERO;
                    for _ in 0..iters {
                        let start = std::time::Instant::now();
                        key(&mut a, &mut terminal, Action::Find(screen));
                        took += start.elapsed();
                        key(&mut a, &mut terminal, Action::Close);
                    }
                    took
                })
            });
            g.bench_function(format!("{what}_close"), |b| {
                b.iter_custom(|iters| {
                    let mut took = std::time::Duration::ZERO;
                    for _ in 0..iters {
                        key(&mut a, &mut terminal, Action::Find(screen));
                        let start = std::time::Instant::now();
                        key(&mut a, &mut terminal, Action::Close);
                        took += start.elapsed();
                    }
                    took
                })
            });
        }
        // A rating on the agenda, then the dashboard: the one priority touched is counted
        // again, the others' figures kept.
        g.bench_function("rate_then_dashboard", |b| {
            let mut value = 1u8;
            b.iter_custom(|iters| {
                let mut took = std::time::Duration::ZERO;
                for _ in 0..iters {
                    value = value % 3 + 1;
                    let start = std::time::Instant::now();
                    key(&mut a, &mut terminal, Action::Rate(value));
                    key(&mut a, &mut terminal, Action::Find(FindAction::Dashboard));
                    took += start.elapsed();
                    key(&mut a, &mut terminal, Action::Close);
                }
                took
            })
        });
        g.finish();
    }
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
}
