//! What one key costs in search and filters on the shipped plan: a search over every agenda
//! item (run on each typed character), a filter pass (run after every update while a filter
//! is on), and the summary behind the dashboard (built on each draw of it).

use std::collections::HashSet;

use criterion::{Criterion, criterion_group, criterion_main};
use ragboard::model::filter::{Context, Filter};
use ragboard::model::search::{self, Query};
use ragboard::model::summary::Summary;
use ragboard::model::{agenda, indicator, spc};

fn bench(c: &mut Criterion) {
    let plan = ragboard::store::bundled().expect("bundled plan");
    let ag = agenda::build(&plan);
    c.bench_function("search 'janet simon' over the agenda", |b| {
        b.iter(|| search::find(&plan, &ag, &Query::new("janet simon")))
    });
    c.bench_function("search with accents folded 'côté élève'", |b| {
        b.iter(|| search::find(&plan, &ag, &Query::new("côté élève")))
    });
    let changed = HashSet::new();
    let ctx = Context {
        plan: &plan,
        index: &ragboard::model::Index::build(&plan),
        period: 1,
        today: chrono::NaiveDate::from_ymd_opt(2018, 2, 1).expect("date"),
        changed: &changed,
        proposals: &Default::default(),
    };
    let reds_overdue = Filter {
        at_or_below: Some(1),
        overdue: true,
        worse: true,
        ..Filter::default()
    };
    c.bench_function("filter reds, overdue, worse", |b| {
        b.iter(|| reds_overdue.apply(&ctx, &ag))
    });
    c.bench_function("dashboard summary", |b| {
        b.iter(|| Summary::build(&plan, None))
    });
    let months = indicator::months(&plan);
    c.bench_function("indicator series and SPC signals, all 21", |b| {
        b.iter(|| {
            plan.priorities
                .iter()
                .flat_map(|p| &p.indicators)
                .map(|i| spc::signals(&indicator::series(i, &months)).len())
                .sum::<usize>()
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
