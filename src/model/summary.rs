//! The per-priority summary as figures: each priority's mean rating per period, the counts at
//! each level, the direction of travel, the plan overall, and the plan's own published table
//! beside the recomputed one. Pure: `report::summary` lays it out as text, `ui::dashboard` as a
//! screen. On a categorical scale (statuses) the counts are the figures: no mean, no direction
//! of travel, and the totals the source states beside the counted ones.

use std::fmt::Write as _;

use serde::Serialize;

use super::figures::{self, Travel};
use super::rollup::{self, Dot, GroupFigures, PeriodStats};
use super::{LevelNames, MilestoneCounts, Plan, Rating};

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
    /// For a plan with no rated items, what every view says about it
    /// (`names::nothing_to_rate`); the tables are then left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nothing_to_rate: Option<String>,
    /// Per period with leads' proposals: how many are agreed, challenged and only
    /// proposed (the means above count the board's ratings, never a proposal).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub proposed: Vec<String>,
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
        let parts: Vec<GroupFigures> = plan
            .priorities
            .iter()
            .map(|pr| GroupFigures::of(&plan.scale, pr.actions(), &plan.periods))
            .collect();
        Summary::from_figures(plan, period, &parts)
    }

    /// The summary from each priority's figures (`rollup::Rollups` keeps them between
    /// frames): the groups and the plan overall are folded from them, no action read.
    pub fn from_figures(plan: &Plan, period: Option<&str>, parts: &[GroupFigures]) -> Summary {
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
            // At its size: grown by doubling, a row of 12 cells held room for 16 (3 MB of
            // the dashboard's summary at 100,000 actions).
            let mut cells = Vec::with_capacity(if period.is_some() {
                1
            } else {
                plan.periods.len()
            });
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
        // Priorities' figures folded together, period by period (means from the sums, and
        // directions of travel from the pairs): the plan overall, and each group of the top
        // tier.
        let fold = |priorities: &[GroupFigures]| {
            let mut out = GroupFigures {
                stats: vec![PeriodStats::default(); plan.periods.len()],
                pairs: rollup::Pairs::new(plan.periods.len()),
            };
            for f in priorities {
                out.merge(f, &plan.scale);
            }
            out
        };
        let by_priority: Vec<&[PeriodStats]> = parts.iter().map(|f| f.stats.as_slice()).collect();
        let everything = fold(parts);
        let all = everything.stats.clone();
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
                let folded = fold(parts.get(plan.group_range(g)).unwrap_or_default());
                let travels = figures::travels_folded(plan, &folded.stats, &folded.pairs);
                let stats = folded.stats;
                Row {
                    level: Some(plan.names.group().to_string()),
                    id: plan.groups[g].id.clone(),
                    title: plan.groups[g].title.clone(),
                    cells: make_cells(stats, travels, &|p| {
                        plan.groups[g]
                            .judgements
                            .get(p)
                            .copied()
                            .filter(|r| *r != 0)
                    }),
                }
            })
            .collect();
        let all_travels = figures::travels_folded(plan, &all, &everything.pairs);
        let rows = plan
            .priorities
            .iter()
            .zip(parts)
            .map(|(pr, f)| {
                let travels = figures::travels_folded(plan, &f.stats, &f.pairs);
                let stats = f.stats.clone();
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
            nothing_to_rate: super::names::nothing_to_rate(plan),
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
            proposed: plan
                .periods
                .iter()
                .filter(|p| period.is_none_or(|only| only == p.id))
                .filter_map(|p| {
                    figures::proposal_counts(plan, &p.id, plan.changes.iter())
                        .words(&plan.names, &p.label)
                })
                .collect(),
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
