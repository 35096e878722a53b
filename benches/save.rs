//! Saving at 10,000 and 100,000 actions (issue 25, point 4): a rating, then a whole save
//! of the meeting over its file (the text, the write with fsync, the checks that nobody
//! else changed the file, the rename, the journal), as `Meeting::save` runs it; and the
//! part of it the screen's thread does while the terminal saves in the background (taking
//! the snapshot, marking the journal, taking the outcome in), the rest running on the
//! saving thread. Target: a save within 1 s at 100,000 actions, the screen live meanwhile.
//!
//! `cargo bench --bench save`; shorter on a shared machine:
//! `cargo bench --bench save -- --warm-up-time 1 --measurement-time 3`.

use std::time::{Duration, Instant};

use criterion::Criterion;
use ragboard::cli::generate::{Spec, generate};
use ragboard::meeting::{FixedClock, Meeting};
use ragboard::store::{self, document::Document};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A meeting on a generated plan saved in `dir`, recording into its last period.
fn meeting(dir: &std::path::Path, actions: usize) -> (Meeting, String, String) {
    let plan = generate(&Spec {
        actions,
        periods: 12,
        seed: 1,
    });
    let path = dir.join("plan.ron");
    store::save(&path, &plan).expect("save the plan");
    let loaded = store::load(&path).expect("load it");
    let doc = Document::loaded(&path, &loaded.source);
    let period = plan.periods.last().expect("periods").id.clone();
    let item = plan.actions().next().expect("an action").id.clone();
    let clock = FixedClock(chrono::Utc::now());
    (
        Meeting::open(loaded.plan, doc, "bench", Box::new(clock)),
        period,
        item,
    )
}

fn bench(c: &mut Criterion) {
    for (actions, name) in [(10_000, "10k"), (100_000, "100k")] {
        let dir = tempfile::tempdir().expect("temporary folder");
        let (mut m, period, item) = meeting(dir.path(), actions);
        let mut value = 1;
        let mut rate = |m: &mut Meeting| {
            value = value % 3 + 1;
            m.rate(&item, &period, Some(value), None, None)
                .expect("rate");
        };
        let mut g = c.benchmark_group(format!("save_{name}"));
        g.sample_size(10);
        g.bench_function("whole_save", |b| {
            b.iter_custom(|iters| {
                let mut took = Duration::ZERO;
                for _ in 0..iters {
                    rate(&mut m);
                    let start = Instant::now();
                    m.save().expect("save");
                    took += start.elapsed();
                }
                took
            })
        });
        // What the screen's thread does of a background save: the rest runs on the
        // saving thread (here, between the timed parts).
        g.bench_function("screen_thread_part", |b| {
            b.iter_custom(|iters| {
                let mut took = Duration::ZERO;
                for _ in 0..iters {
                    rate(&mut m);
                    let start = Instant::now();
                    let job = m.begin_save(None).expect("begin");
                    took += start.elapsed();
                    let written = job.write().expect("write");
                    let start = Instant::now();
                    m.mark_written(written.fingerprint());
                    took += start.elapsed();
                    let landed = written.place().map_err(Into::into);
                    let start = Instant::now();
                    m.finish_save(landed).expect("finish");
                    took += start.elapsed();
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
