//! The minutes commands on a large plan: the shipped plan's 95 actions repeated to N
//! actions (ids made unique), at two sizes so the medians show the cost grows in proportion
//! to the plan, not faster. Each side of the diff and merge rates a different tenth of the
//! actions in a new period; the board report covers that period.
//!
//! `cargo bench --bench minutes` (shorter on a shared machine:
//! `cargo bench --bench minutes -- --warm-up-time 1 --measurement-time 3`).

use std::hint::black_box;
use std::path::Path;

use chrono::NaiveDate;
use criterion::Criterion;
use ragboard::interchange::export::{ExportFormat, export};
use ragboard::interchange::import::{ImportOptions, import};
use ragboard::model::diff::diff;
use ragboard::model::merge::merge;
use ragboard::model::{Period, Plan};
use ragboard::report::{Board, BoardFormat, DiffFormat, render_board, render_diff};
use ragboard::store;

/// The shipped plan repeated `copies` times: priorities "1" .. get a copy number in front.
fn big(copies: usize) -> Plan {
    let shipped = store::load(Path::new("data/csc-development-plan-2017-19.ron"))
        .expect("shipped plan")
        .plan;
    let mut plan = shipped.clone();
    plan.published_summary = None;
    plan.priorities.clear();
    for c in 0..copies {
        for pr in &shipped.priorities {
            let mut pr = (**pr).clone();
            let tag = |id: &str| format!("c{c}-{id}");
            pr.id = tag(&pr.id);
            pr.indicators.clear();
            for ob in &mut pr.objectives {
                ob.id = tag(&ob.id);
                for a in &mut ob.actions {
                    a.id = tag(&a.id);
                }
            }
            plan.priorities.push(pr.into());
        }
    }
    plan.periods.push(Period {
        id: "07-18".into(),
        label: "RAG 07/18".into(),
        date: NaiveDate::from_ymd_opt(2018, 7, 1),
    });
    plan
}

/// Rate every tenth action (offset `k`) in the new period.
fn rated(plan: &Plan, k: usize, r: u8) -> Plan {
    let mut p = plan.clone();
    for (i, a) in p
        .priorities_mut()
        .flat_map(|p| p.objectives.iter_mut())
        .flat_map(|o| o.actions.iter_mut())
        .enumerate()
    {
        if i % 10 == k {
            a.ratings.insert("07-18", r);
        }
    }
    p
}

fn main() {
    let mut c = Criterion::default().configure_from_args().sample_size(10);
    let today = NaiveDate::from_ymd_opt(2018, 8, 1).expect("date");
    for copies in [50, 200] {
        let base = big(copies);
        let n = base.actions().count();
        let ours = rated(&base, 1, 3);
        let theirs = rated(&base, 2, 4);
        let csv = export(&ours, ExportFormat::Csv).expect("export");
        let opts = ImportOptions::bare(&base.title, base.scale.clone());
        let mut g = c.benchmark_group(format!("{n} actions"));
        g.bench_function("report build", |b| {
            b.iter(|| Board::build(black_box(&ours), Some("07-18"), today))
        });
        let board = Board::build(&ours, Some("07-18"), today).expect("board");
        for (name, f) in [
            ("report markdown", BoardFormat::Markdown),
            ("report html", BoardFormat::Html),
            ("report csv", BoardFormat::Csv),
        ] {
            g.bench_function(name, |b| {
                b.iter(|| render_board(&ours, black_box(&board), f))
            });
        }
        g.bench_function("diff text", |b| {
            b.iter(|| render_diff(&diff(black_box(&base), &ours, "a", "b"), DiffFormat::Text))
        });
        g.bench_function("merge", |b| {
            b.iter(|| merge(Some(black_box(&base)), &ours, &theirs))
        });
        g.bench_function("export csv", |b| {
            b.iter(|| export(black_box(&ours), ExportFormat::Csv))
        });
        g.bench_function("import csv", |b| b.iter(|| import(black_box(&csv), &opts)));
        g.finish();
    }
    c.final_summary();
}
