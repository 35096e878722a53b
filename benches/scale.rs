//! Benchmarks at scale: a generated plan of 10,000 actions over 12 periods (seed 1).
//! Targets (issue 11), medians: load within 1.3 times a bare `ron::from_str` of the same
//! text into the same types, measured in the same run; one frame of each view at 200x50
//! within 2 ms; a rating key through update, roll-up and redraw within 5 ms; save (canonical
//! RON, atomic, fsync) within 150 ms; summary within 50 ms.
//!
//! The load streams the file (`store::parse::stream`, from 256 KiB) and reads the plan's
//! priorities on every core; the bare parse is one `ron::from_str` on one core, the floor a
//! single-threaded loader would have.
//!
//! `cargo bench --bench scale` runs them; after the run the medians are printed beside
//! their targets (read from criterion's own estimates). Shorter runs on a shared machine:
//! `cargo bench --bench scale -- --warm-up-time 1 --measurement-time 3`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeZone};
use criterion::Criterion;
use ragboard::app::{self, Action, App, Keymap, Node, Options};
use ragboard::cli::generate::{Spec, generate};
use ragboard::meeting::{FixedClock, Meeting};
use ragboard::model::summary::Summary;
use ragboard::model::{Index, Plan};
use ragboard::report::{self, Format};
use ragboard::store;
use ragboard::ui::theme::ThemeName;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The binary's allocator (src/main.rs), so the figures are those of the program as shipped;
/// the bare parse and the load share it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SPEC: Spec = Spec {
    actions: 10_000,
    periods: 12,
    seed: 1,
};

struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
    text: String,
    plan: Plan,
}

fn fixture() -> Fixture {
    let plan = generate(&SPEC);
    let text = store::to_canonical(&plan).expect("canonical RON");
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("plan-10k.ron");
    std::fs::write(&path, &text).expect("write the plan");
    Fixture {
        _dir: dir,
        path,
        text,
        plan,
    }
}

fn app(plan: Plan) -> App {
    let clock = FixedClock(chrono::Utc.with_ymd_and_hms(2019, 12, 1, 10, 0, 0).unwrap());
    let last = plan.periods.last().map(|p| p.id.clone());
    let meeting = Meeting::new(plan, "bench", Box::new(clock));
    App::new(
        meeting,
        Options {
            theme: ThemeName::Default,
            today: NaiveDate::from_ymd_opt(2019, 12, 1).unwrap(),
            keymap: Keymap::default(),
            period: last,
        },
    )
}

/// Put the cursor on the first action past the middle of the agenda.
fn to_middle_action(app: &mut App) {
    let mid = app.agenda().len() / 2;
    if let Some(i) = app.agenda()[mid..]
        .iter()
        .position(|n| matches!(n, Node::Action(..)))
    {
        select(app, mid + i);
    }
}

/// Go to agenda position `pos` as a user would: by its number.
fn select(app: &mut App, pos: usize) {
    let id = app.agenda()[pos].id(app.plan());
    app::update(app, Action::GoTo);
    for c in id.chars() {
        app::update(app, Action::Type(c));
    }
    app::update(app, Action::Submit);
}

fn bare_parse(text: &str) -> Plan {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(text)
        .expect("the generated plan parses")
}

fn load(path: &Path) -> (store::Loaded, Index) {
    let loaded = store::load(path).expect("the generated plan is valid");
    let index = Index::build(&loaded.plan);
    (loaded, index)
}

fn bench_load(c: &mut Criterion, f: &Fixture) {
    let mut g = c.benchmark_group("load");
    g.sample_size(20);
    g.bench_function("bare_ron_from_str", |b| {
        b.iter(|| bare_parse(black_box(&f.text)))
    });
    g.bench_function("read_parse_validate_index", |b| {
        b.iter(|| load(black_box(&f.path)))
    });
    // The read alone, as the loader does it: on every core (store::parse), where the bare
    // parse above is one `ron::from_str` on one.
    g.bench_function("part_parse_split", |b| {
        b.iter(|| store::parse::plan(black_box(&f.text)).expect("parses"))
    });
    // The streamed read that `store::load` makes of a large file (issue 25: memory), from
    // the file: read in pieces, the list's elements read on every core as found, the bytes
    // hashed; to set beside part_read_and_decode + part_parse_split, the whole-text way.
    g.bench_function("part_read_streamed", |b| {
        b.iter(|| {
            let mut file = std::fs::File::open(black_box(&f.path)).expect("open");
            let size = file.metadata().expect("metadata").len();
            let how = store::parse::Stream::new(store::MAX_PLAN_BYTES);
            store::parse::stream(&mut file, &how, size).expect("streams")
        })
    });
    // The parts beyond the parse, alone: where the ratio's remainder goes.
    g.bench_function("part_read_and_decode", |b| {
        b.iter(|| {
            let bytes =
                store::read_regular(black_box(&f.path), store::MAX_PLAN_BYTES).expect("read");
            store::decode(&bytes, &f.path).map(str::len).expect("UTF-8")
        })
    });
    g.bench_function("part_validate", |b| {
        b.iter(|| store::validate(black_box(&f.plan), &f.text, &f.path))
    });
    g.bench_function("part_index", |b| {
        b.iter(|| Index::build(black_box(&f.plan)))
    });
    g.finish();
}

/// Puts the app on the view a bench draws.
type Setup = fn(&mut App);

fn bench_views(c: &mut Criterion, f: &Fixture) {
    let mut g = c.benchmark_group("frame_200x50");
    let mut a = app(f.plan.clone());
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("test terminal");
    let views: [(&str, Setup); 7] = [
        ("agenda_action", |a| {
            to_middle_action(a);
        }),
        ("agenda_priority", |a| {
            to_middle_action(a);
            let p = a.agenda()[a.pos()].priority(a.plan());
            let head = a
                .agenda()
                .iter()
                .position(|n| *n == Node::Priority(p))
                .unwrap_or(0);
            select(a, head);
        }),
        ("agenda_last_item", |a| {
            app::update(a, Action::Last);
        }),
        ("presentation", |a| {
            to_middle_action(a);
            app::update(a, Action::TogglePresent);
        }),
        ("help", |a| {
            app::update(a, Action::Help);
        }),
        ("change_log", |a| {
            app::update(a, Action::Changes);
        }),
        ("periods", |a| {
            app::update(a, Action::Periods);
        }),
    ];
    for (name, set_up) in views {
        // Back to the agenda between views.
        while !a.views().is_empty() {
            app::update(&mut a, Action::Close);
        }
        set_up(&mut a);
        g.bench_function(name, |b| {
            b.iter(|| {
                terminal
                    .draw(|frame| {
                        ragboard::ui::render(frame, &a);
                    })
                    .expect("draw");
                // A fresh frame each time, as after a resize: nothing is skipped as unchanged.
                terminal.clear().expect("clear");
            })
        });
    }
    g.finish();
}

fn bench_keypress(c: &mut Criterion, f: &Fixture) {
    let mut a = app(f.plan.clone());
    to_middle_action(&mut a);
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("test terminal");
    let mut value = 1;
    let mut changed = 0;
    c.bench_function("rating_keypress", |b| {
        b.iter_custom(|iters| {
            let mut took = Duration::ZERO;
            for _ in 0..iters {
                // 1, 2, 3, 1, 2, 3...: each key changes the rating (never "already that rating").
                value = value % 3 + 1;
                let start = Instant::now();
                app::update(&mut a, Action::Rate(value));
                terminal
                    .draw(|frame| {
                        ragboard::ui::render(frame, &a);
                    })
                    .expect("draw");
                took += start.elapsed();
                changed = changed.max(a.meeting().unsaved());
                // Untimed: undo, so the action's history stays that of one meeting rather
                // than growing by a change per iteration.
                app::update(&mut a, Action::Undo);
            }
            took
        })
    });
    // Only when the bench ran (a name filter on the command line may skip it).
    assert!(changed > 0 || value == 1, "the keypresses changed ratings");
}

fn bench_save(c: &mut Criterion, f: &Fixture) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("saved.ron");
    let mut g = c.benchmark_group("save");
    g.sample_size(10);
    g.bench_function("canonical_atomic_fsync", |b| {
        b.iter(|| store::save(&path, black_box(&f.plan)).expect("save"))
    });
    g.finish();
}

fn bench_summary(c: &mut Criterion, f: &Fixture) {
    c.bench_function("summary_table", |b| {
        b.iter(|| {
            let s = Summary::build(black_box(&f.plan), None);
            report::render(&s, Format::Table)
        })
    });
}

/// A median from criterion's saved estimates, in seconds.
fn median(id: &str) -> Option<f64> {
    let dir =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| PathBuf::from("target"), PathBuf::from);
    let path = dir.join("criterion").join(id).join("new/estimates.json");
    let text = std::fs::read_to_string(path).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    v["median"]["point_estimate"].as_f64().map(|ns| ns / 1e9)
}

fn report_targets() {
    let ms = |s: f64| format!("{:.3} ms", s * 1e3);
    let mut lines = Vec::new();
    if let (Some(bare), Some(load)) = (
        median("load/bare_ron_from_str"),
        median("load/read_parse_validate_index"),
    ) {
        let ratio = load / bare;
        lines.push(format!(
            "load {} / bare parse {} = {ratio:.2} (target <= 1.30): {}",
            ms(load),
            ms(bare),
            verdict(ratio <= 1.3)
        ));
    }
    if let (Some(bare), Some(split)) = (
        median("load/bare_ron_from_str"),
        median("load/part_parse_split"),
    ) {
        lines.push(format!(
            "of which the read on {} threads: {} ({:.2} x the bare parse)",
            std::thread::available_parallelism().map_or(1, |n| n.get()),
            ms(split),
            split / bare
        ));
    }
    if let Some(streamed) = median("load/part_read_streamed") {
        lines.push(format!(
            "the streamed read (issue 25, as store::load reads a file of {} KiB or more): {}",
            store::STREAM_FROM_BYTES / 1024,
            ms(streamed)
        ));
    }
    for view in [
        "agenda_action",
        "agenda_priority",
        "agenda_last_item",
        "presentation",
        "help",
        "change_log",
        "periods",
    ] {
        if let Some(t) = median(&format!("frame_200x50/{view}")) {
            lines.push(format!(
                "frame {view}: {} (target <= 2 ms): {}",
                ms(t),
                verdict(t <= 0.002)
            ));
        }
    }
    for (id, name, target) in [
        ("rating_keypress", "rating keypress", 0.005),
        ("save/canonical_atomic_fsync", "save", 0.150),
        ("summary_table", "summary", 0.050),
    ] {
        if let Some(t) = median(id) {
            lines.push(format!(
                "{name}: {} (target <= {}): {}",
                ms(t),
                ms(target),
                verdict(t <= target)
            ));
        }
    }
    if !lines.is_empty() {
        println!("\nMedians against the targets of issue 11 (10,000 actions, 12 periods):");
        for l in lines {
            println!("  {l}");
        }
    }
}

fn verdict(ok: bool) -> &'static str {
    if ok { "met" } else { "MISSED" }
}

fn main() {
    let f = fixture();
    let mut c = Criterion::default().configure_from_args();
    bench_load(&mut c, &f);
    bench_views(&mut c, &f);
    bench_keypress(&mut c, &f);
    bench_save(&mut c, &f);
    bench_summary(&mut c, &f);
    c.final_summary();
    report_targets();
}
