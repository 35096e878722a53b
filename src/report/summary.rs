//! `ragboard summary`: each priority's mean rating per period, the counts at each level,
//! the direction of travel, the plan overall, and the plan's own published table beside
//! the recomputed one. On a categorical scale (statuses) the counts are the figures: no
//! mean, no direction of travel, and the totals the source states beside the counted ones.

use std::fmt::Write as _;

use serde::Serialize;

use crate::model::figures::{self, Travel};
use crate::model::rollup::{self, Dot, PeriodStats};
use crate::model::{Action, LevelNames, MilestoneCounts, Plan, Rating};

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
    /// What the plan calls its levels ("Strategic aim", "Objective", "Action").
    pub names: LevelNames,
    /// Statuses are counted, never averaged: no means, no direction of travel.
    pub categorical: bool,
    /// Decimals a mean is shown with (the plan's precision).
    pub decimals: usize,
    /// The share of actions below which a figure is partial (0.5: fewer than half).
    pub threshold: f64,
    pub levels: Vec<Rating>,
    /// The scale's short labels, in the order of `levels`.
    pub labels: Vec<String>,
    /// The scale's level names ("Completed"), in the order of `levels`.
    pub level_names: Vec<String>,
    /// One per priority, in plan order (row k is priority k).
    pub rows: Vec<Row>,
    /// One per group of the top tier, in plans that have one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Row>,
    /// The plan overall: the mean of all rated actions, each weighted equally.
    pub overall: Row,
    /// The plan overall as the published table computes it: the mean of the priorities'
    /// means, per period (in the order of the cells). It has no direction of travel: it is
    /// there to set beside the published table.
    pub mean_of_means: Vec<MeanOfMeans>,
    pub published: Option<Published>,
    /// The totals the source states in words, beside the counts of the rows.
    pub published_counts: Option<PublishedCounts>,
    /// Key milestones by state on a day, per priority and overall (plans that have any).
    pub milestones: Option<Milestones>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Milestones {
    pub date: chrono::NaiveDate,
    /// One per priority, then "all".
    pub rows: Vec<MilestoneRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MilestoneRow {
    pub id: String,
    pub title: String,
    pub counts: MilestoneCounts,
}

#[derive(Debug, Clone, Serialize)]
pub struct PublishedCounts {
    pub period: String,
    pub label: String,
    pub quote: String,
    pub rows: Vec<CountComparison>,
}

/// One stated figure beside the one counted from the rows.
#[derive(Debug, Clone, Serialize)]
pub struct CountComparison {
    /// "actions" for the total, else the status's label.
    pub what: String,
    pub name: String,
    pub stated: Option<usize>,
    pub counted: usize,
}

impl CountComparison {
    pub fn differs(&self) -> bool {
        self.stated.is_some_and(|s| s != self.counted)
    }

    /// Counted minus stated ("+6"), where the source states a figure.
    pub fn difference(&self) -> Option<String> {
        let s = self.stated?;
        let d = self.counted as i64 - s as i64;
        Some(if d > 0 {
            format!("+{d}")
        } else {
            d.to_string()
        })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The plan's word for the row's level where it is not a priority ("Theme").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    pub id: String,
    pub title: String,
    pub cells: Vec<Cell>,
}

/// The mean of the priorities' means in one period, with its coverage.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MeanOfMeans {
    pub mean: Option<f64>,
    /// Priorities with a mean in the period, of all.
    pub priorities_rated: usize,
    pub priorities: usize,
    /// Fewer priorities, or fewer actions, than the plan's threshold are rated.
    pub partial: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    pub period: String,
    pub label: String,
    pub mean: Option<f64>,
    pub rated: usize,
    pub total: usize,
    /// Fewer than the plan's threshold of the actions are rated: the figure is partial.
    pub partial: bool,
    /// Count at each level of the scale, in the order of `Summary::levels`.
    pub counts: Vec<usize>,
    /// How many sit at a level the scale marks complete.
    pub complete: usize,
    /// Direction of travel, like for like (the same as `travel`'s).
    pub dot: Option<Dot>,
    /// What the direction stands on: the period compared with and the actions rated in both.
    pub travel: Option<CellTravel>,
    /// The board's own judgement for the period, where the plan records one.
    pub judgement: Option<Rating>,
}

/// The footing of a direction of travel.
#[derive(Debug, Clone, Serialize)]
pub struct CellTravel {
    /// The period compared with: the latest earlier one that holds ratings of the row's
    /// actions.
    pub from: String,
    pub from_label: String,
    /// The actions rated in both periods: the direction is computed on these alone.
    pub both: usize,
    /// Their mean in the period compared with, and in this one.
    pub before: f64,
    pub after: f64,
    /// `both` is below the plan's threshold.
    pub partial: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Published {
    pub previous: String,
    pub current: String,
    pub rows: Vec<Comparison>,
    /// With `--period`: the one period of the two shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub only: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub id: String,
    pub published_previous: f64,
    pub computed_previous: Option<f64>,
    pub published_current: f64,
    pub computed_current: Option<f64>,
}

/// One published figure beside the recomputed one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figure {
    pub published: f64,
    pub computed: Option<f64>,
}

impl Figure {
    pub fn differs(&self) -> bool {
        differs(self.published, self.computed)
    }
}

impl Published {
    /// The periods shown ("previous", "current", or the one asked for), in order.
    pub fn columns(&self) -> Vec<&str> {
        [self.previous.as_str(), self.current.as_str()]
            .into_iter()
            .filter(|p| self.only.as_deref().is_none_or(|o| o == *p))
            .collect()
    }

    /// The published figure for a row ("all" for the plan) and period, where the plan
    /// publishes one.
    pub fn figure(&self, id: &str, period: &str) -> Option<Figure> {
        let r = self.rows.iter().find(|r| r.id == id)?;
        if period == self.previous {
            Some(Figure {
                published: r.published_previous,
                computed: r.computed_previous,
            })
        } else if period == self.current {
            Some(Figure {
                published: r.published_current,
                computed: r.computed_current,
            })
        } else {
            None
        }
    }
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
        let cell_travel = |t: Travel| {
            let p = &plan.periods[t.from];
            CellTravel {
                from: p.id.clone(),
                from_label: p.label.clone(),
                both: t.both,
                before: t.before,
                after: t.after,
                partial: t.partial,
            }
        };
        let make_cells = |stats: Vec<PeriodStats>,
                          travels: Vec<Option<Travel>>,
                          judgement_of: &dyn Fn(&str) -> Option<Rating>| {
            let mut cells = Vec::new();
            for ((p, s), travel) in plan.periods.iter().zip(stats).zip(travels) {
                if period.is_some_and(|only| only != p.id) {
                    continue;
                }
                cells.push(Cell {
                    period: p.id.clone(),
                    label: p.label.clone(),
                    mean: s.mean,
                    rated: s.rated,
                    total: s.total,
                    partial: figures::is_partial(plan, s.rated, s.total),
                    counts: levels
                        .iter()
                        .map(|l| s.counts.get(l).copied().unwrap_or(0))
                        .collect(),
                    complete: rollup::complete(&plan.scale, &s),
                    dot: travel.map(|t| t.dot),
                    travel: travel.map(cell_travel),
                    judgement: judgement_of(&p.id),
                });
            }
            cells
        };
        // Each priority's figures for every period, in one pass over its actions; the plan
        // overall and the published comparison are made from these, not recounted.
        let actions_of: Vec<Vec<&Action>> = plan
            .priorities
            .iter()
            .map(|pr| pr.actions().collect())
            .collect();
        let by_priority: Vec<Vec<PeriodStats>> = actions_of
            .iter()
            .map(|acts| rollup::stats_by_period(&plan.scale, acts.iter().copied(), &plan.periods))
            .collect();
        // Priorities' figures folded together, period by period (means from the sums):
        // the plan overall, and each group of the top tier.
        let fold = |priorities: &[Vec<PeriodStats>]| {
            let mut out = vec![PeriodStats::default(); plan.periods.len()];
            for stats in priorities {
                for (a, s) in out.iter_mut().zip(stats) {
                    a.merge(s);
                }
            }
            if !plan.scale.averages() {
                // Statuses are counted, never averaged.
                out.iter_mut().for_each(|a| a.mean = None);
            }
            out
        };
        let all = fold(&by_priority);
        // The published table's "overall": the mean of the priorities' means, per period,
        // from the figures already made (used by the comparison and the dashboard).
        let means_of_means: Vec<MeanOfMeans> = (0..plan.periods.len())
            .map(|k| {
                let means: Vec<f64> = by_priority.iter().filter_map(|s| s[k].mean).collect();
                let n = by_priority.len();
                MeanOfMeans {
                    mean: (!means.is_empty())
                        .then(|| means.iter().sum::<f64>() / means.len() as f64),
                    priorities_rated: means.len(),
                    priorities: n,
                    partial: figures::is_partial(plan, means.len(), n)
                        || figures::is_partial(plan, all[k].rated, all[k].total),
                }
            })
            .collect();
        let period_at = |id: &str| plan.periods.iter().position(|p| p.id == id);
        let priority_at: std::collections::HashMap<&str, usize> = plan
            .priorities
            .iter()
            .enumerate()
            .rev()
            .map(|(i, p)| (p.id.as_str(), i))
            .collect();
        let published = plan
            .published_summary
            .as_ref()
            .map(|ps| {
                let (prev, cur) = (period_at(&ps.previous), period_at(&ps.current));
                let mean = |pi: usize, at: Option<usize>| at.and_then(|k| by_priority[pi][k].mean);
                let mean_of_means = |at: Option<usize>| at.and_then(|k| means_of_means[k].mean);
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
                    only: period.map(String::from),
                }
            })
            // `--period` applies here too: a period the published table does not cover has
            // no comparison.
            .filter(|p| period.is_none_or(|only| only == p.previous || only == p.current));
        let mean_of_means = plan
            .periods
            .iter()
            .zip(means_of_means)
            .filter(|(p, _)| period.is_none_or(|only| only == p.id))
            .map(|(_, m)| m)
            .collect();
        let groups = (0..plan.groups.len())
            .map(|g| {
                let range = plan.group_range(g);
                let acts: Vec<&Action> = actions_of[range.clone()].concat();
                let stats = fold(&by_priority[range]);
                let travels = figures::travels(plan, &acts, &stats);
                Row {
                    level: Some(plan.names.group().to_string()),
                    id: plan.groups[g].id.clone(),
                    title: plan.groups[g].title.clone(),
                    cells: make_cells(stats, travels, &|_| None),
                }
            })
            .collect();
        let every: Vec<&Action> = actions_of.concat();
        let all_travels = figures::travels(plan, &every, &all);
        let rows = plan
            .priorities
            .iter()
            .zip(by_priority)
            .zip(&actions_of)
            .map(|((pr, stats), acts)| {
                let travels = figures::travels(plan, acts, &stats);
                Row {
                    level: None,
                    id: pr.id.clone(),
                    title: pr.title.clone(),
                    cells: make_cells(stats, travels, &|p| {
                        pr.judgements.get(p).copied().filter(|r| *r != 0)
                    }),
                }
            })
            .collect();
        let overall = Row {
            level: None,
            id: "all".into(),
            title: overall_title(plan),
            cells: make_cells(all, all_travels, &|_| None),
        };
        let published_counts = plan
            .published_counts
            .as_ref()
            .map(|pc| published_counts(plan, pc));
        Summary {
            mean_of_means,
            decimals: figures::decimals(plan),
            threshold: figures::threshold(plan),
            milestones: None,
            plan: plan.title.clone(),
            names: plan.names.clone(),
            categorical: !plan.scale.averages(),
            published_counts,
            levels,
            labels: plan.scale.levels.iter().map(|l| l.label.clone()).collect(),
            level_names: plan.scale.levels.iter().map(|l| l.name.clone()).collect(),
            rows,
            groups,
            overall,
            published,
        }
    }
}

impl Summary {
    /// Add the key milestones' states on `date`, for a plan that has milestones.
    pub fn with_milestones(mut self, plan: &Plan, date: chrono::NaiveDate) -> Summary {
        if plan.milestone_count() == 0 {
            return self;
        }
        let mut rows: Vec<MilestoneRow> = plan
            .priorities
            .iter()
            .map(|p| MilestoneRow {
                id: p.id.clone(),
                title: p.title.clone(),
                counts: MilestoneCounts::of(p.milestones(), date),
            })
            .collect();
        rows.push(MilestoneRow {
            id: "all".into(),
            title: "Plan overall".into(),
            counts: MilestoneCounts::of(plan.priorities.iter().flat_map(|p| p.milestones()), date),
        });
        self.milestones = Some(Milestones { date, rows });
        self
    }
}

/// The stated total and each stated status beside the counts of the rows; statuses the
/// source does not state are listed too, with nothing stated.
fn published_counts(plan: &Plan, pc: &crate::model::PublishedCounts) -> PublishedCounts {
    let stats = rollup::plan_stats(plan, &pc.period);
    let mut rows = vec![CountComparison {
        what: LevelNames::plural(&plan.names.action),
        name: format!("{} in the plan", LevelNames::plural(&plan.names.action)),
        stated: pc.total,
        counted: stats.total,
    }];
    for level in &plan.scale.levels {
        rows.push(CountComparison {
            what: level.label.clone(),
            name: level.name.clone(),
            stated: pc.statuses.get(&level.label).copied(),
            counted: stats.counts.get(&level.value).copied().unwrap_or(0),
        });
    }
    if stats.rated < stats.total {
        rows.push(CountComparison {
            what: "-".into(),
            name: "not rated".into(),
            stated: None,
            counted: stats.total - stats.rated,
        });
    }
    PublishedCounts {
        period: pc.period.clone(),
        label: plan
            .period(&pc.period)
            .map_or_else(|| pc.period.clone(), |p| p.label.clone()),
        quote: pc.quote.clone(),
        rows,
    }
}

/// The plan overall row's name, saying which overall it is: every rated action weighted
/// equally (the other, the mean of the priorities' means, is `MEAN_OF_MEANS`).
pub fn overall_title(plan: &Plan) -> String {
    plan.names.reword(if plan.scale.averages() {
        "Plan overall (mean of all rated actions)"
    } else {
        "Plan overall (all actions)"
    })
}

/// The other overall figure's name: as the published table computes it.
pub fn mean_of_means_title(names: &LevelNames) -> String {
    names.reword("Plan overall (mean of the priorities' means, as published)")
}

impl Summary {
    /// A mean at the plan's precision, "-" when nothing is rated.
    pub fn mean_text(&self, m: Option<f64>) -> String {
        m.map_or_else(|| "-".into(), |m| figures::fixed(m, self.decimals))
    }

    /// A recomputed figure set beside a published one: one decimal more than the plan
    /// shows, so a difference of rounding (1.75 published as 1.7) can be seen for what it is.
    pub fn mean_text_fine(&self, m: Option<f64>) -> String {
        m.map_or_else(|| "-".into(), |m| figures::fixed(m, self.decimals + 1))
    }

    /// A cell's mean, with "(partial)" where fewer than the threshold are rated.
    pub fn mean_cell(&self, c: &Cell) -> String {
        let m = self.mean_text(c.mean);
        if c.partial && c.mean.is_some() {
            format!("{m} (partial)")
        } else {
            m
        }
    }

    /// A cell's direction of travel with its footing: "▼ down on 1 rated in both vs RAG
    /// 01/18 (partial)". The period compared with is left out where it is `known` (the
    /// one the paper names for all its figures). Empty where there is no direction.
    pub fn travel_text(&self, c: &Cell, known: Option<&str>) -> String {
        let (Some(d), Some(t)) = (c.dot, &c.travel) else {
            return String::new();
        };
        let mut s = format!("{} on {} rated in both", d.label(), t.both);
        if known != Some(t.from.as_str()) {
            let _ = write!(s, " vs {}", t.from_label);
        }
        if t.partial {
            s.push_str(" (partial)");
        }
        s
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(String::new, |v| v.to_string())
}

pub fn render(s: &Summary, format: Format) -> String {
    match format {
        Format::Table => table(s),
        Format::Csv => csv(s),
        Format::Markdown => super::markdown::inert(&markdown(s)),
        Format::Json => serde_json::to_string_pretty(s).unwrap_or_default() + "\n",
    }
}

fn all_rows(s: &Summary) -> impl Iterator<Item = &Row> {
    s.all_rows()
}

impl Summary {
    /// Every row a report prints: the priorities, the groups above them, the plan overall.
    pub fn all_rows(&self) -> impl Iterator<Item = &Row> {
        self.rows
            .iter()
            .chain(&self.groups)
            .chain(std::iter::once(&self.overall))
    }

    /// A row's name in a table: "1. Raise attainment", "Priority P1. Outstanding ...".
    pub fn row_name(row: &Row) -> String {
        match &row.level {
            Some(level) => format!("{level} {}. {}", row.id, row.title),
            None => format!("{}. {}", row.id, row.title),
        }
    }
}

fn table(s: &Summary) -> String {
    let mut out = String::new();
    let actions = LevelNames::plural(&s.names.action);
    let priority = s.names.priority.to_lowercase();
    if s.categorical {
        let _ = writeln!(
            out,
            "{}: {actions} at each status per {priority} and period (statuses are counted, never averaged)",
            s.plan
        );
        return categorical_table(s, out);
    }
    let _ = writeln!(
        out,
        "{}: mean rating of rated {actions} per {priority} and period",
        s.plan
    );
    let _ = writeln!(
        out,
        "A mean from fewer than {} of the {actions} rated is partial. Direction of travel: on the {actions} rated in both periods, vs the latest earlier period with ratings.",
        figures::share_words(s.threshold)
    );
    let levels: String = s.labels.iter().map(|l| format!("{l:>4}")).collect();
    for row in all_rows(s) {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", row_head(s, row));
        let _ = writeln!(
            out,
            "  {:<14} {:>5} {:>7} {:<7}{levels}  {:>5}  direction of travel",
            "period", "mean", "rated", "", "board"
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
            let line = format!(
                "  {:<14} {:>5} {:>7} {:<7}{counts}  {:>5}  {}",
                c.label,
                s.mean_text(c.mean),
                format!("{}/{}", c.rated, c.total),
                if c.partial { "partial" } else { "" },
                opt(c.judgement),
                s.travel_text(c, None)
            );
            let _ = writeln!(out, "{}", line.trim_end());
        }
    }
    if let Some(p) = &s.published {
        let cols = p.columns();
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "Published summary beside recomputed ({}; recomputed to one decimal more; * differs by more than {TOLERANCE})",
            cols.iter()
                .map(|c| format!(
                    "{} = {c}",
                    if *c == p.previous {
                        "previous"
                    } else {
                        "current"
                    }
                ))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let mut head = format!("  {:<8}", "priority");
        for _ in &cols {
            let _ = write!(head, " {:>9} {:>10} ", "published", "recomputed");
        }
        let _ = writeln!(out, "{}", head.trim_end());
        for r in &p.rows {
            let mut line = format!("  {:<8}", r.id);
            for c in &cols {
                if let Some(f) = p.figure(&r.id, c) {
                    let mark = if f.differs() { "*" } else { " " };
                    let _ = write!(
                        line,
                        " {:>9.1} {:>9}{mark} ",
                        f.published,
                        s.mean_text_fine(f.computed)
                    );
                }
            }
            let _ = writeln!(out, "{}", line.trim_end());
        }
        let _ = writeln!(
            out,
            "{}",
            s.names.reword(
                "  (\"all\": the plan overall as the mean of the priorities' means, recomputed as the published table does)"
            )
        );
    }
    milestones_table(s, &mut out);
    out
}

/// Key milestones per priority by their state on the summary's date.
fn milestones_table(s: &Summary, out: &mut String) {
    let Some(ms) = &s.milestones else { return };
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Key milestones at {} (due: not yet past its day, month, year or financial year)",
        ms.date.format("%-d %b %Y")
    );
    let _ = writeln!(
        out,
        "  {:<18} {:>5} {:>5} {:>8} {:>5} {:>8}",
        s.names.priority.to_lowercase(),
        "done",
        "due",
        "overdue",
        "total",
        "no date"
    );
    for r in &ms.rows {
        let c = &r.counts;
        let id = if r.id == "all" {
            r.title.clone()
        } else {
            format!("{} {}", s.names.priority, r.id)
        };
        let _ = writeln!(
            out,
            "  {:<18} {:>5} {:>5} {:>8} {:>5} {:>8}",
            id,
            c.done,
            c.due,
            c.overdue,
            c.total(),
            c.undated
        );
    }
}

fn row_head(s: &Summary, row: &Row) -> String {
    if row.id == "all" {
        row.title.clone()
    } else {
        let level = row.level.as_deref().unwrap_or(&s.names.priority);
        format!("{level} {}  {}", row.id, row.title)
    }
}

fn count_cell(n: usize) -> String {
    if n == 0 { ".".into() } else { n.to_string() }
}

/// Counts per status, the complete ones, and the source's stated totals beside the counts.
fn categorical_table(s: &Summary, mut out: String) -> String {
    let width = |l: &String| l.chars().count().max(3) + 1;
    let levels: String = s
        .labels
        .iter()
        .map(|l| format!("{l:>w$}", w = width(l)))
        .collect();
    for row in all_rows(s) {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", row_head(s, row));
        let _ = writeln!(
            out,
            "  {:<18} {:>7} {:<7}{levels}  {:>8}",
            "period", "rated", "", "complete"
        );
        for c in &row.cells {
            let counts: String = c
                .counts
                .iter()
                .zip(&s.labels)
                .map(|(n, l)| format!("{:>w$}", count_cell(*n), w = width(l)))
                .collect();
            let _ = writeln!(
                out,
                "  {:<18} {:>7} {:<7}{counts}  {:>8}",
                c.label,
                format!("{}/{}", c.rated, c.total),
                if c.partial { "partial" } else { "" },
                c.complete
            );
        }
    }
    let _ = writeln!(out);
    let _ = write!(out, "Key:");
    for (label, name) in s.labels.iter().zip(&s.level_names) {
        let _ = write!(out, "  {label} {name}");
    }
    let _ = writeln!(out);
    counts_comparison(s, &mut out);
    milestones_table(s, &mut out);
    out
}

/// The totals the source states beside the counts of the rows, differences marked.
fn counts_comparison(s: &Summary, out: &mut String) {
    let Some(pc) = &s.published_counts else {
        return;
    };
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Stated in the source beside counted from the rows ({}; * differs)",
        pc.label
    );
    let _ = writeln!(out, "  \"{}\"", pc.quote);
    let _ = writeln!(
        out,
        "  {:<28} {:>7} {:>8} {:>10}",
        "", "stated", "counted", "difference"
    );
    for r in &pc.rows {
        let name = count_row_name(r);
        let _ = writeln!(
            out,
            "  {:<28} {:>7} {:>8} {:>9}{}",
            name,
            r.stated.map_or_else(|| "-".to_string(), |n| n.to_string()),
            r.counted,
            r.difference().unwrap_or_default(),
            if r.differs() { "*" } else { " " }
        );
    }
}

/// "C Completed" for a status, "actions in the plan" for the total.
fn count_row_name(r: &CountComparison) -> String {
    if r.what == "-" || r.name.ends_with("in the plan") {
        r.name.clone()
    } else {
        format!("{} {}", r.what, r.name)
    }
}

pub(crate) fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv(s: &Summary) -> String {
    let mut out = String::from("priority,title,period,label,mean,rated,total,partial");
    for l in &s.labels {
        let _ = write!(out, ",level_{}", csv_field(l));
    }
    out.push_str(
        ",dot,compared_with,rated_in_both,judgement,published,recomputed_as_published,differs\n",
    );
    for row in all_rows(s) {
        for c in &row.cells {
            // A group's row says so ("Priority 1"): its id alone would read as a priority's.
            let id = match &row.level {
                Some(level) => format!("{level} {}", row.id),
                None => row.id.clone(),
            };
            let _ = write!(
                out,
                "{},{},{},{},{},{},{},{}",
                csv_field(&id),
                csv_field(&row.title),
                csv_field(&c.period),
                csv_field(&c.label),
                c.mean
                    .map_or_else(String::new, |m| figures::fixed(m, s.decimals)),
                c.rated,
                c.total,
                if c.partial { "yes" } else { "no" }
            );
            for n in &c.counts {
                let _ = write!(out, ",{n}");
            }
            let _ = write!(
                out,
                ",{},{},{},{}",
                c.dot.map_or("", Dot::word),
                c.travel.as_ref().map_or("", |t| t.from.as_str()),
                opt(c.travel.as_ref().map(|t| t.both)),
                opt(c.judgement)
            );
            // The published table beside the recomputed one, on the rows it covers.
            match s
                .published
                .as_ref()
                .and_then(|p| p.figure(&row.id, &c.period))
            {
                Some(f) => {
                    let _ = writeln!(
                        out,
                        ",{:.1},{},{}",
                        f.published,
                        f.computed
                            .map_or_else(String::new, |m| figures::fixed(m, s.decimals + 1)),
                        if f.differs() { "yes" } else { "no" }
                    );
                }
                None => out.push_str(",,,\n"),
            }
        }
    }
    out
}

/// The summary in Markdown; plan text goes through `md` here and the whole through
/// `markdown::inert` (see `super::markdown`).
fn markdown(s: &Summary) -> String {
    use super::markdown::cell as md;
    let priority = &md(&s.names.priority);
    let mut out = format!(
        "## {}: summary by {}\n\n",
        md(&s.plan),
        priority.to_lowercase()
    );
    let levels: String = s.labels.iter().map(|l| format!(" {} |", md(l))).collect();
    let seps: String = s.levels.iter().map(|_| "--:|").collect();
    let actions = LevelNames::plural(&s.names.action);
    let _ = writeln!(
        out,
        "A mean from fewer than {} of the {actions} rated is partial. Direction of travel: on the {actions} rated in both periods, vs the latest earlier period with ratings.\n",
        figures::share_words(s.threshold)
    );
    let _ = writeln!(
        out,
        "| {priority} | Period | Mean | Rated |{levels} Direction of travel | Board |"
    );
    let _ = writeln!(out, "|---|---|--:|--:|{seps}---|--:|");
    for row in all_rows(s) {
        for (i, c) in row.cells.iter().enumerate() {
            let counts: String = c.counts.iter().map(|n| format!(" {n} |")).collect();
            let name = match (i, row.id.as_str()) {
                (0, "all") => format!("**{}**", md(&row.title)),
                (0, _) => md(&Summary::row_name(row)),
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {}/{}{} |{counts} {} | {} |",
                name,
                md(&c.label),
                s.mean_cell(c),
                c.rated,
                c.total,
                if c.partial && s.categorical {
                    " (partial)"
                } else {
                    ""
                },
                s.travel_text(c, None),
                opt(c.judgement)
            );
        }
    }
    if let Some(p) = &s.published {
        let cols = p.columns();
        let mut head = String::from("\n### Published summary beside recomputed\n\n| Priority |");
        let mut rule = String::from("|---|");
        for c in &cols {
            let _ = write!(head, " Published {} | Recomputed |", md(c));
            rule.push_str("--:|--:|");
        }
        let _ = writeln!(out, "{head}\n{rule}");
        for r in &p.rows {
            let id = if r.id == "all" {
                mean_of_means_title(&s.names)
            } else {
                r.id.clone()
            };
            let mut line = format!("| {} |", md(&id));
            for c in &cols {
                if let Some(f) = p.figure(&r.id, c) {
                    let star = if f.differs() { " *" } else { "" };
                    let _ = write!(
                        line,
                        " {:.1} | {}{star} |",
                        f.published,
                        s.mean_text_fine(f.computed)
                    );
                }
            }
            let _ = writeln!(out, "{line}");
        }
        let _ = writeln!(
            out,
            "\n\\* differs from the published figure by more than {TOLERANCE}. Recomputed to one decimal more than published, so rounding shows."
        );
    }
    if let Some(pc) = &s.published_counts {
        let _ = writeln!(
            out,
            "\n### Stated in the source beside counted from the rows ({})\n\n> {}\n\n| | Stated | Counted | Difference |\n|---|--:|--:|--:|",
            md(&pc.label),
            md(&pc.quote)
        );
        for r in &pc.rows {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {}{} |",
                md(&count_row_name(r)),
                r.stated.map_or_else(|| "-".to_string(), |n| n.to_string()),
                r.counted,
                r.difference().unwrap_or_default(),
                if r.differs() { " *" } else { "" }
            );
        }
        let _ = writeln!(out, "\n\\* the rows do not give the stated figure.");
    }
    if let Some(ms) = &s.milestones {
        let _ = writeln!(
            out,
            "\n### Key milestones at {}\n\n| {} | Done | Due | Overdue | No date |\n|---|--:|--:|--:|--:|",
            ms.date.format("%-d %b %Y"),
            priority
        );
        for r in &ms.rows {
            let c = &r.counts;
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                if r.id == "all" {
                    "**Overall**".to_string()
                } else {
                    format!("{}. {}", md(&r.id), md(&r.title))
                },
                c.done,
                c.due,
                c.overdue,
                c.undated
            );
        }
    }
    out
}
