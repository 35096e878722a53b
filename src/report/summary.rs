//! `ragboard summary`: each priority's mean rating per period, the counts at each level,
//! the direction of travel, the plan overall, and the plan's own published table beside
//! the recomputed one.

use std::fmt::Write as _;

use serde::Serialize;

use crate::model::rollup::{self, Dot, PeriodStats};
use crate::model::{Plan, Rating};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Markdown,
    Json,
}

/// Published and recomputed figures differ when further apart than the published rounding.
pub const TOLERANCE: f64 = 0.05;

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub plan: String,
    pub levels: Vec<Rating>,
    /// The scale's short labels, in the order of `levels`.
    pub labels: Vec<String>,
    pub rows: Vec<Row>,
    /// Every action of the plan, weighted equally.
    pub overall: Row,
    pub published: Option<Published>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub id: String,
    pub title: String,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    pub period: String,
    pub label: String,
    pub mean: Option<f64>,
    pub rated: usize,
    pub total: usize,
    /// Count at each level of the scale, in the order of `Summary::levels`.
    pub counts: Vec<usize>,
    /// Movement from the previous period.
    pub dot: Option<&'static str>,
    /// The board's own judgement for the period, where the plan records one.
    pub judgement: Option<Rating>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Published {
    pub previous: String,
    pub current: String,
    pub rows: Vec<Comparison>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub id: String,
    pub published_previous: f64,
    pub computed_previous: Option<f64>,
    pub published_current: f64,
    pub computed_current: Option<f64>,
}

impl Comparison {
    pub fn previous_differs(&self) -> bool {
        differs(self.published_previous, self.computed_previous)
    }
    pub fn current_differs(&self) -> bool {
        differs(self.published_current, self.computed_current)
    }
}

fn differs(published: f64, computed: Option<f64>) -> bool {
    computed.is_none_or(|c| (published - c).abs() > TOLERANCE + 1e-9)
}

impl Summary {
    /// Build the summary; with `period`, only that period's cells (the direction of travel
    /// still compares with the period before it).
    pub fn build(plan: &Plan, period: Option<&str>) -> Summary {
        let levels: Vec<Rating> = plan.scale.levels.iter().map(|l| l.value).collect();
        let make_cells = |stats: Vec<PeriodStats>,
                          judgement_of: &dyn Fn(&str) -> Option<Rating>| {
            let means: Vec<Option<f64>> = stats.iter().map(|s| s.mean).collect();
            let mut cells = Vec::new();
            for ((p, s), dot) in plan.periods.iter().zip(stats).zip(rollup::dots(&means)) {
                let dot = dot.map(Dot::arrow);
                if period.is_some_and(|only| only != p.id) {
                    continue;
                }
                cells.push(Cell {
                    period: p.id.clone(),
                    label: p.label.clone(),
                    mean: s.mean,
                    rated: s.rated,
                    total: s.total,
                    counts: levels
                        .iter()
                        .map(|l| s.counts.get(l).copied().unwrap_or(0))
                        .collect(),
                    dot,
                    judgement: judgement_of(&p.id),
                });
            }
            cells
        };
        // Each priority's figures for every period, in one pass over its actions; the plan
        // overall and the published comparison are made from these, not recounted.
        let by_priority: Vec<Vec<PeriodStats>> = plan
            .priorities
            .iter()
            .map(|pr| rollup::stats_by_period(pr.actions(), &plan.periods))
            .collect();
        let mut all = vec![PeriodStats::default(); plan.periods.len()];
        for stats in &by_priority {
            for (a, s) in all.iter_mut().zip(stats) {
                a.merge(s);
            }
        }
        let period_at = |id: &str| plan.periods.iter().position(|p| p.id == id);
        let priority_at: std::collections::HashMap<&str, usize> = plan
            .priorities
            .iter()
            .enumerate()
            .rev()
            .map(|(i, p)| (p.id.as_str(), i))
            .collect();
        let published = plan.published_summary.as_ref().map(|ps| {
            let (prev, cur) = (period_at(&ps.previous), period_at(&ps.current));
            let mean = |pi: usize, at: Option<usize>| at.and_then(|k| by_priority[pi][k].mean);
            let mean_of_means = |at: Option<usize>| {
                let means: Vec<f64> = (0..by_priority.len())
                    .filter_map(|pi| mean(pi, at))
                    .collect();
                (!means.is_empty()).then(|| means.iter().sum::<f64>() / means.len() as f64)
            };
            let mut rows: Vec<Comparison> = ps
                .priorities
                .iter()
                .map(|r| {
                    let pi = priority_at.get(r.priority.as_str()).copied();
                    Comparison {
                        id: r.priority.clone(),
                        published_previous: r.previous,
                        computed_previous: pi.and_then(|pi| mean(pi, prev)),
                        published_current: r.current,
                        computed_current: pi.and_then(|pi| mean(pi, cur)),
                    }
                })
                .collect();
            rows.push(Comparison {
                id: "all".into(),
                published_previous: ps.overall.previous,
                computed_previous: mean_of_means(prev),
                published_current: ps.overall.current,
                computed_current: mean_of_means(cur),
            });
            Published {
                previous: ps.previous.clone(),
                current: ps.current.clone(),
                rows,
            }
        });
        let rows = plan
            .priorities
            .iter()
            .zip(by_priority)
            .map(|(pr, stats)| Row {
                id: pr.id.clone(),
                title: pr.title.clone(),
                cells: make_cells(stats, &|p| {
                    pr.judgements.get(p).copied().filter(|r| *r != 0)
                }),
            })
            .collect();
        let overall = Row {
            id: "all".into(),
            title: "Plan overall".into(),
            cells: make_cells(all, &|_| None),
        };
        Summary {
            plan: plan.title.clone(),
            levels,
            labels: plan.scale.levels.iter().map(|l| l.label.clone()).collect(),
            rows,
            overall,
            published,
        }
    }
}

fn mean_text(m: Option<f64>) -> String {
    m.map_or_else(|| "-".into(), |m| format!("{m:.2}"))
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(String::new, |v| v.to_string())
}

pub fn render(s: &Summary, format: Format) -> String {
    match format {
        Format::Table => table(s),
        Format::Csv => csv(s),
        Format::Markdown => markdown(s),
        Format::Json => serde_json::to_string_pretty(s).unwrap_or_default() + "\n",
    }
}

fn all_rows(s: &Summary) -> impl Iterator<Item = &Row> {
    s.rows.iter().chain(std::iter::once(&s.overall))
}

fn table(s: &Summary) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: mean rating of rated actions per priority and period",
        s.plan
    );
    let levels: String = s.labels.iter().map(|l| format!("{l:>4}")).collect();
    for row in all_rows(s) {
        let _ = writeln!(out);
        let head = if row.id == "all" {
            row.title.clone()
        } else {
            format!("Priority {}  {}", row.id, row.title)
        };
        let _ = writeln!(out, "{head}");
        let _ = writeln!(
            out,
            "  {:<14} {:>5} {:>7}{levels}  {:>3}  {:>5}",
            "period", "mean", "rated", "dot", "board"
        );
        for c in &row.cells {
            let counts: String = c
                .counts
                .iter()
                .map(|n| {
                    if *n == 0 {
                        "   .".to_string()
                    } else {
                        format!("{n:>4}")
                    }
                })
                .collect();
            let _ = writeln!(
                out,
                "  {:<14} {:>5} {:>7}{counts}  {:>3}  {:>5}",
                c.label,
                mean_text(c.mean),
                format!("{}/{}", c.rated, c.total),
                c.dot.unwrap_or(""),
                opt(c.judgement)
            );
        }
    }
    if let Some(p) = &s.published {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "Published summary beside recomputed (previous = {}, current = {}; * differs by more than {TOLERANCE})",
            p.previous, p.current
        );
        let _ = writeln!(
            out,
            "  {:<8} {:>9} {:>10}  {:>9} {:>10}",
            "priority", "published", "recomputed", "published", "recomputed"
        );
        for r in &p.rows {
            let mark = |d: bool| if d { "*" } else { " " };
            let _ = writeln!(
                out,
                "  {:<8} {:>9.1} {:>9}{}  {:>9.1} {:>9}{}",
                r.id,
                r.published_previous,
                mean_text(r.computed_previous),
                mark(r.previous_differs()),
                r.published_current,
                mean_text(r.computed_current),
                mark(r.current_differs()),
            );
        }
        let _ = writeln!(
            out,
            "  (\"all\" recomputed as the mean of the priorities' means, as the published table does)"
        );
    }
    out
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv(s: &Summary) -> String {
    let mut out = String::from("priority,title,period,label,mean,rated,total");
    for l in &s.labels {
        let _ = write!(out, ",level_{}", csv_field(l));
    }
    out.push_str(",dot,judgement\n");
    for row in all_rows(s) {
        for c in &row.cells {
            let _ = write!(
                out,
                "{},{},{},{},{},{},{}",
                csv_field(&row.id),
                csv_field(&row.title),
                csv_field(&c.period),
                csv_field(&c.label),
                c.mean.map_or_else(String::new, |m| format!("{m:.2}")),
                c.rated,
                c.total
            );
            for n in &c.counts {
                let _ = write!(out, ",{n}");
            }
            let _ = writeln!(
                out,
                ",{},{}",
                c.dot.map_or("", |d| dot_word(d)),
                opt(c.judgement)
            );
        }
    }
    out
}

fn dot_word(arrow: &str) -> &'static str {
    [Dot::Up, Dot::Down, Dot::Same]
        .into_iter()
        .find(|d| d.arrow() == arrow)
        .map_or("", Dot::word)
}

fn markdown(s: &Summary) -> String {
    let mut out = format!("## {}: summary by priority\n\n", s.plan);
    let levels: String = s.labels.iter().map(|l| format!(" {l} |")).collect();
    let seps: String = s.levels.iter().map(|_| "--:|").collect();
    let _ = writeln!(
        out,
        "| Priority | Period | Mean | Rated |{levels} DOT | Board |"
    );
    let _ = writeln!(out, "|---|---|--:|--:|{seps}:-:|--:|");
    for row in all_rows(s) {
        for (i, c) in row.cells.iter().enumerate() {
            let counts: String = c.counts.iter().map(|n| format!(" {n} |")).collect();
            let name = match (i, row.id.as_str()) {
                (0, "all") => "**Overall**".to_string(),
                (0, id) => format!("{id}. {}", row.title.replace('|', "\\|")),
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {}/{} |{counts} {} | {} |",
                name,
                c.label,
                mean_text(c.mean),
                c.rated,
                c.total,
                c.dot.map_or("", |d| dot_word(d)),
                opt(c.judgement)
            );
        }
    }
    if let Some(p) = &s.published {
        let _ = writeln!(
            out,
            "\n### Published summary beside recomputed\n\n| Priority | Published {} | Recomputed | Published {} | Recomputed |\n|---|--:|--:|--:|--:|",
            p.previous, p.current
        );
        for r in &p.rows {
            let star = |d: bool| if d { " *" } else { "" };
            let _ = writeln!(
                out,
                "| {} | {:.1} | {}{} | {:.1} | {}{} |",
                r.id,
                r.published_previous,
                mean_text(r.computed_previous),
                star(r.previous_differs()),
                r.published_current,
                mean_text(r.computed_current),
                star(r.current_differs())
            );
        }
        let _ = writeln!(
            out,
            "\n\\* differs from the published figure by more than {TOLERANCE}."
        );
    }
    out
}
