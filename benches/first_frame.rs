//! The meeting view's start at 10,000 and 100,000 actions (issue 25, point 3): from the
//! start of the read to the first frame of the agenda (the plan's beginning, told by the
//! streamed read, opened and drawn at 200x50), and to the whole plan open in the meeting
//! view (the read, the meeting opened on the file, the app, a frame), beside what `check`
//! does (the read and its checks), measured in the same run, turn about. Targets: the
//! first frame within 0.5 s at 100,000 actions; the whole plan open within 1.2 times
//! `check`.
//!
//! `cargo bench --bench first_frame`; shorter on a shared machine:
//! `cargo bench --bench first_frame -- --warm-up-time 1 --measurement-time 5`.

use std::cell::Cell;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use criterion::Criterion;
use ragboard::app::{App, Keymap, Options};
use ragboard::cli::generate::{Spec, generate};
use ragboard::meeting::{Meeting, SystemClock};
use ragboard::model::Plan;
use ragboard::store::{self, document::Document, parse::Watch};
use ragboard::ui;
use ragboard::ui::theme::ThemeName;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn options(period: &str) -> Options {
    Options {
        theme: ThemeName::Default,
        today: NaiveDate::from_ymd_opt(2019, 12, 1).expect("date"),
        keymap: Keymap::default(),
        period: Some(period.to_string()),
    }
}

/// Times the beginning's first frame from `start`, as the terminal would draw it.
struct FirstFrame {
    start: Instant,
    period: String,
    took: Cell<Option<Duration>>,
}

impl Watch for FirstFrame {
    fn beginning(&self, plan: Plan) {
        let app = App::beginning(plan, options(&self.period), "bench");
        let progress = ui::loading::Progress {
            name: "plan.ron".into(),
            read: 1,
            bytes: Some(2),
            waiting: 0,
        };
        let mut t = Terminal::new(TestBackend::new(200, 50)).expect("terminal");
        t.draw(|f| ui::loading::render_beginning(f, &app, &progress))
            .expect("draw");
        self.took.set(Some(self.start.elapsed()));
    }
}

/// The whole plan open in the meeting view, and its first frame.
fn whole(path: &Path, period: &str) -> App {
    let loaded = store::load(path).expect("load");
    let doc = Document::loaded(path, &loaded.source);
    let meeting = Meeting::open(loaded.plan, doc, "bench", Box::new(SystemClock));
    let app = App::new(meeting, options(period));
    let mut t = Terminal::new(TestBackend::new(200, 50)).expect("terminal");
    t.draw(|f| {
        ui::render(f, &app);
    })
    .expect("draw");
    app
}

/// `iters` runs of `make`, timed without letting go of what each made.
fn timed<T>(iters: u64, mut make: impl FnMut() -> T) -> Duration {
    let mut took = Duration::ZERO;
    for _ in 0..iters {
        let start = Instant::now();
        let made = make();
        took += start.elapsed();
        drop(made);
    }
    took
}

fn bench(c: &mut Criterion) {
    for (actions, name) in [(10_000, "10k"), (100_000, "100k")] {
        let dir = tempfile::tempdir().expect("temporary folder");
        let plan = generate(&Spec {
            actions,
            periods: 12,
            seed: 1,
        });
        let period = plan.periods.last().expect("periods").id.clone();
        let path = dir.path().join("plan.ron");
        store::save(&path, &plan).expect("save the plan");
        drop(plan);
        let mut g = c.benchmark_group(format!("start_{name}"));
        g.sample_size(10);
        g.bench_function("first_frame", |b| {
            b.iter_custom(|iters| {
                let mut took = Duration::ZERO;
                for _ in 0..iters {
                    let watch = FirstFrame {
                        start: Instant::now(),
                        period: period.clone(),
                        took: Cell::new(None),
                    };
                    let loaded = store::load_watched(&path, &watch).expect("load");
                    took += watch.took.get().expect("the beginning was told");
                    drop(loaded);
                }
                took
            })
        });
        // Its plan let go outside the time, as the meeting's is.
        g.bench_function("check_load", |b| {
            b.iter_custom(|iters| timed(iters, || store::load(&path).expect("load")))
        });
        // Closing the meeting (its lock, its memory) is not part of the start.
        g.bench_function("whole_plan_open", |b| {
            b.iter_custom(|iters| timed(iters, || whole(&path, &period)))
        });
        g.finish();
    }
}

criterion::criterion_group!(benches, bench);
criterion::criterion_main!(benches);
