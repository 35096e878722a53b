//! Roll-ups: means of ratings per priority and plan, counts per level, direction of travel.

use std::collections::BTreeMap;

use super::{Action, Period, Plan, Polarity, Priority, Rating, Scale};

/// Ratings of a group of actions for one period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PeriodStats {
    /// Mean of the rated actions; `None` when none is rated, or when the scale is
    /// categorical (statuses are counted, never averaged).
    pub mean: Option<f64>,
    pub rated: usize,
    pub total: usize,
    /// How many actions sit at each level, so an average cannot hide the reds.
    pub counts: BTreeMap<Rating, usize>,
    /// Sum of the rated actions' ratings (the mean's numerator), so groups can be merged.
    pub sum: u64,
}

impl PeriodStats {
    fn add(&mut self, r: Rating) {
        self.rated += 1;
        self.sum += u64::from(r);
        *self.counts.entry(r).or_default() += 1;
    }

    fn finish(&mut self) {
        self.mean = (self.rated > 0).then(|| self.sum as f64 / self.rated as f64);
    }

    /// Fold another group's figures into these (the plan overall from its priorities).
    pub fn merge(&mut self, other: &PeriodStats) {
        self.rated += other.rated;
        self.total += other.total;
        self.sum += other.sum;
        for (r, n) in &other.counts {
            *self.counts.entry(*r).or_default() += n;
        }
        self.finish();
    }
}

/// Summarise the ratings of `actions` in `period` (unrated ones left out of the mean).
pub fn stats<'a>(actions: impl IntoIterator<Item = &'a Action>, period: &str) -> PeriodStats {
    let mut out = PeriodStats::default();
    for action in actions {
        out.total += 1;
        if let Some(r) = action.rating(period) {
            out.add(r);
        }
    }
    out.finish();
    out
}

/// Where each period id sits in the plan's order, sorted by id for a binary search.
fn period_places(periods: &[Period]) -> Vec<(&str, usize)> {
    let mut ids: Vec<(&str, usize)> = periods
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    ids.sort_unstable();
    ids
}

/// The actions of a group rated in both of two periods, and their ratings' sums there.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Both {
    pub both: usize,
    pub before: u64,
    pub after: u64,
}

/// A group of actions' ratings in every pair of periods (`Both` for each earlier, later
/// pair), so a direction of travel folds from its parts as a mean does: the plan's from
/// its priorities' without reading any action again.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pairs {
    periods: usize,
    /// Each pair with `from` before `at`, row by row (`cell`): only those are counted.
    /// Kept as `[both, before, after]` in 12 bytes, not 24 (66 pairs for each of a large
    /// plan's thousands of priorities); a sum past `u32::MAX` (16 million actions at the
    /// top of a 255-level scale) stays at it.
    cells: Vec<[u32; 3]>,
}

impl Pairs {
    pub fn new(periods: usize) -> Pairs {
        Pairs {
            periods,
            cells: vec![[0; 3]; periods * periods.saturating_sub(1) / 2],
        }
    }

    /// Where the pair (`from`, `at`) is kept, for `from` before `at`.
    fn cell(&self, from: usize, at: usize) -> Option<usize> {
        (from < at && at < self.periods)
            .then(|| from * self.periods - from * (from + 1) / 2 + (at - from - 1))
    }

    /// One action's ratings: `rated` holds (period index, rating), in any order.
    fn add(&mut self, rated: &[(usize, Rating)]) {
        for &(i, ri) in rated {
            for &(j, rj) in rated {
                if let Some(k) = self.cell(i, j) {
                    let [both, before, after] = &mut self.cells[k];
                    *both = both.saturating_add(1);
                    *before = before.saturating_add(u32::from(ri));
                    *after = after.saturating_add(u32::from(rj));
                }
            }
        }
    }

    pub fn merge(&mut self, other: &Pairs) {
        if self.cells.len() != other.cells.len() {
            return;
        }
        for (a, b) in self.cells.iter_mut().zip(&other.cells) {
            for (x, y) in a.iter_mut().zip(b) {
                *x = x.saturating_add(*y);
            }
        }
    }

    /// The actions rated in both period `from` and period `at` (indices).
    pub fn get(&self, from: usize, at: usize) -> Both {
        self.cell(from, at)
            .and_then(|k| self.cells.get(k))
            .map(|&[both, before, after]| Both {
                both: both as usize,
                before: u64::from(before),
                after: u64::from(after),
            })
            .unwrap_or_default()
    }
}

/// A group of actions' figures in every period, and in every pair of periods.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GroupFigures {
    pub stats: Vec<PeriodStats>,
    pub pairs: Pairs,
}

impl GroupFigures {
    /// One pass over each action's own ratings.
    pub fn of<'a>(
        scale: &Scale,
        actions: impl IntoIterator<Item = &'a Action>,
        periods: &[Period],
    ) -> GroupFigures {
        let ids = period_places(periods);
        let mut stats = vec![PeriodStats::default(); periods.len()];
        let mut pairs = Pairs::new(periods.len());
        let mut total = 0;
        let mut rated: Vec<(usize, Rating)> = Vec::new();
        for action in actions {
            total += 1;
            rated.clear();
            for (period, &r) in &action.ratings {
                if r == 0 {
                    continue;
                }
                // Every period of that id (a plan checked by `validate` has one).
                let first = ids.partition_point(|(id, _)| *id < period);
                for &(_, i) in ids[first..].iter().take_while(|(id, _)| *id == period) {
                    stats[i].add(r);
                    rated.push((i, r));
                }
            }
            pairs.add(&rated);
        }
        for s in &mut stats {
            s.total = total;
            s.finish();
            if !scale.averages() {
                s.mean = None;
            }
        }
        GroupFigures { stats, pairs }
    }

    /// These figures and `other`'s together (a group's from its priorities').
    pub fn merge(&mut self, other: &GroupFigures, scale: &Scale) {
        if self.stats.is_empty() && self.pairs.cells.is_empty() {
            *self = other.clone();
        } else {
            for (a, b) in self.stats.iter_mut().zip(&other.stats) {
                a.merge(b);
            }
            self.pairs.merge(&other.pairs);
        }
        if !scale.averages() {
            self.stats.iter_mut().for_each(|a| a.mean = None);
        }
    }
}

/// Every priority's figures, kept between frames: `refresh` counts again only the
/// priorities an edit touched since (the index stamps each priority with the revision of
/// its last change), and every priority when the periods or the plan itself changed. A
/// rating on a 100,000-action plan then costs one priority's count, not the plan's.
#[derive(Debug, Default)]
pub struct Rollups {
    /// The index's stamp of each priority when its figures were counted.
    stamps: Vec<u64>,
    periods_stamp: Option<u64>,
    priorities: Vec<GroupFigures>,
}

impl Rollups {
    /// Bring the figures up to the plan as `index` knows it; how many priorities were
    /// counted again.
    pub fn refresh(&mut self, plan: &Plan, index: &super::Index) -> usize {
        let all = self.periods_stamp != Some(index.periods_stamp())
            || self.priorities.len() != plan.priorities.len();
        if all {
            self.priorities.clear();
            self.stamps.clear();
        }
        let mut counted = 0;
        for (i, pr) in plan.priorities.iter().enumerate() {
            let stamp = index.stamp(i).unwrap_or(0);
            if !all && self.stamps.get(i) == Some(&stamp) {
                continue;
            }
            let figures = GroupFigures::of(&plan.scale, pr.actions(), &plan.periods);
            if all {
                self.priorities.push(figures);
                self.stamps.push(stamp);
            } else {
                self.priorities[i] = figures;
                self.stamps[i] = stamp;
            }
            counted += 1;
        }
        self.periods_stamp = Some(index.periods_stamp());
        counted
    }

    /// Each priority's figures, in the plan's order.
    pub fn priorities(&self) -> &[GroupFigures] {
        &self.priorities
    }
}

/// `stats` on a scale: a categorical scale's statuses are counted, and have no mean.
pub fn stats_on<'a>(
    scale: &Scale,
    actions: impl IntoIterator<Item = &'a Action>,
    period: &str,
) -> PeriodStats {
    let mut s = stats(actions, period);
    if !scale.averages() {
        s.mean = None;
    }
    s
}

pub fn priority_stats(plan: &Plan, priority: &Priority, period: &str) -> PeriodStats {
    stats_on(&plan.scale, priority.actions(), period)
}

/// A group of the top tier: every action of its priorities, weighted equally.
pub fn group_stats(plan: &Plan, g: usize, period: &str) -> PeriodStats {
    let priorities = plan.priorities.get(plan.group_range(g)).unwrap_or_default();
    stats_on(
        &plan.scale,
        priorities.iter().flat_map(|p| p.actions()),
        period,
    )
}

/// The plan overall: every action of every priority, weighted equally.
pub fn plan_stats(plan: &Plan, period: &str) -> PeriodStats {
    stats_on(&plan.scale, plan.actions(), period)
}

/// How many of the counted items sit at a level the scale marks complete.
pub fn complete(scale: &Scale, stats: &PeriodStats) -> usize {
    stats
        .counts
        .iter()
        .filter(|(r, _)| scale.level(**r).is_some_and(|l| l.complete))
        .map(|(_, n)| n)
        .sum()
}

/// The plan overall as the source's summary table computes it: the mean of the
/// priorities' means (each priority weighted equally, however many actions it has).
pub fn mean_of_priority_means(plan: &Plan, period: &str) -> Option<f64> {
    let means: Vec<f64> = plan
        .priorities
        .iter()
        .filter_map(|p| priority_stats(plan, p, period).mean)
        .collect();
    (!means.is_empty()).then(|| means.iter().sum::<f64>() / means.len() as f64)
}

/// A mean to one decimal place, halves rounded up as the published tables do (3.25 -> 3.3).
/// Views and papers show a plan's means at its own precision (`figures::mean_text`).
pub fn one_dp(m: f64) -> String {
    super::figures::fixed(m, 1)
}

/// Direction of travel between two periods. Its vocabulary lives here and nowhere else:
/// data formats (CSV, JSON) carry [`Dot::word`]; formats read by people (table, Markdown,
/// HTML, the screen) carry [`Dot::label`], the same word with its symbol, so every output
/// names a movement with the same word and black-and-white print still reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dot {
    Up,
    Down,
    Same,
}

impl Dot {
    pub const ALL: [Dot; 3] = [Dot::Up, Dot::Down, Dot::Same];

    /// The legend line every report prints: "▲ up, ▼ down, ► same".
    pub fn legend() -> String {
        Dot::ALL.map(Dot::label).join(", ")
    }

    pub fn arrow(self) -> &'static str {
        match self {
            Dot::Up => "▲",
            Dot::Down => "▼",
            Dot::Same => "►",
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            Dot::Up => "up",
            Dot::Down => "down",
            Dot::Same => "same",
        }
    }

    /// Symbol and word together ("▲ up"), for formats people read.
    pub fn label(self) -> &'static str {
        match self {
            Dot::Up => "▲ up",
            Dot::Down => "▼ down",
            Dot::Same => "► same",
        }
    }
}

/// Movements smaller than this are "same": means are shown to one decimal place.
const DOT_EPSILON: f64 = 0.05;

/// The movement from `before` to `after`; `None` when either is missing.
pub fn dot(before: Option<f64>, after: Option<f64>) -> Option<Dot> {
    dot_within(before, after, DOT_EPSILON)
}

/// The movement from `before` to `after`, "same" when closer than `same`.
pub fn dot_within(before: Option<f64>, after: Option<f64>, same: f64) -> Option<Dot> {
    let (b, a) = (before?, after?);
    Some(if a - b >= same {
        Dot::Up
    } else if b - a >= same {
        Dot::Down
    } else {
        Dot::Same
    })
}

/// Whether a movement is an improvement, given the indicator's polarity.
pub fn is_better(dot: Dot, polarity: Polarity) -> Option<bool> {
    match (dot, polarity) {
        (Dot::Same, _) => None,
        (Dot::Up, Polarity::HigherIsBetter) | (Dot::Down, Polarity::LowerIsBetter) => Some(true),
        _ => Some(false),
    }
}

/// Direction of travel at each period: from the latest earlier period that has a value
/// (an unrated period in between does not break the comparison).
pub fn dots(values: &[Option<f64>]) -> Vec<Option<Dot>> {
    let mut before = None;
    values
        .iter()
        .map(|&v| {
            let d = dot(before, v);
            before = v.or(before);
            d
        })
        .collect()
}

#[cfg(test)]
mod tests {

    #[test]
    fn each_earlier_later_pair_has_a_cell_of_its_own_and_no_other_pair_has_one() {
        for n in 0..8 {
            let mut p = Pairs::new(n);
            let mut seen = std::collections::HashSet::new();
            for from in 0..n {
                for at in 0..n {
                    match p.cell(from, at) {
                        Some(k) => {
                            assert!(from < at && k < p.cells.len());
                            assert!(seen.insert(k), "{from},{at} shares cell {k}");
                        }
                        None => assert!(from >= at),
                    }
                }
            }
            assert_eq!(seen.len(), p.cells.len(), "{n} periods: every cell used");
            // One action rated in every period: each pair counts it once.
            let rated: Vec<(usize, Rating)> = (0..n).map(|i| (i, (i + 1) as Rating)).collect();
            p.add(&rated);
            for from in 0..n {
                for at in 0..n {
                    let b = p.get(from, at);
                    let want = if from < at {
                        Both {
                            both: 1,
                            before: from as u64 + 1,
                            after: at as u64 + 1,
                        }
                    } else {
                        Both::default()
                    };
                    assert_eq!(b, want, "{from},{at}");
                }
            }
        }
    }

    use super::*;
    use crate::model::Ratings;

    fn action(ratings: &[(&str, Rating)]) -> Action {
        Action {
            id: "a".into(),
            title: "t".into(),
            measures: vec![],
            lead: None,
            officer: None,
            due: None,
            baseline: None,
            ambition: None,
            milestones: vec![],
            ratings: ratings
                .iter()
                .map(|(p, r)| (p.to_string(), *r))
                .collect::<Ratings>(),
            progress: None,
            source_note: None,
        }
    }

    #[test]
    fn mean_leaves_out_unrated_and_zero() {
        let acts = [
            action(&[("p", 1)]),
            action(&[("p", 4)]),
            action(&[("p", 0)]),
            action(&[]),
        ];
        let s = stats(&acts, "p");
        assert_eq!(s.total, 4);
        assert_eq!(s.rated, 2);
        assert_eq!(s.mean, Some(2.5));
        assert_eq!(s.counts.get(&1), Some(&1));
        assert_eq!(s.counts.get(&4), Some(&1));
        assert_eq!(s.counts.get(&0), None);
    }

    #[test]
    fn all_periods_at_once_match_one_at_a_time() {
        let plan = crate::cli::generate::generate(&crate::cli::generate::Spec {
            actions: 300,
            periods: 6,
            seed: 9,
        });
        let mut overall = PeriodStats::default();
        for pr in &plan.priorities {
            let all = GroupFigures::of(&plan.scale, pr.actions(), &plan.periods).stats;
            for (p, s) in plan.periods.iter().zip(&all) {
                assert_eq!(*s, priority_stats(&plan, pr, &p.id));
            }
            overall.merge(&all[2]);
        }
        assert_eq!(overall, plan_stats(&plan, &plan.periods[2].id));
    }

    #[test]
    fn categorical_scale_counts_and_never_averages() {
        let scale: Scale = ron::from_str(
            r#"(name: "status", kind: Categorical, levels: [
                (value: 1, label: "C", name: "Completed", colour: "green", complete: true),
                (value: 2, label: "O", name: "Ongoing", colour: "amber"),
            ])"#,
        )
        .unwrap();
        let acts = [
            action(&[("p", 1)]),
            action(&[("p", 1)]),
            action(&[("p", 2)]),
            action(&[]),
        ];
        let s = stats_on(&scale, &acts, "p");
        assert_eq!(s.mean, None);
        assert_eq!(s.rated, 3);
        assert_eq!(s.counts.get(&1), Some(&2));
        assert_eq!(s.counts.get(&2), Some(&1));
        assert_eq!(complete(&scale, &s), 2);
        let ordinal = Scale {
            kind: crate::model::ScaleKind::Ordinal,
            ..scale
        };
        assert_eq!(stats_on(&ordinal, &acts, "p").mean, Some(4.0 / 3.0));
    }

    #[test]
    fn no_rated_actions_means_no_mean() {
        let acts = [action(&[])];
        assert_eq!(stats(&acts, "p").mean, None);
    }

    #[test]
    fn one_decimal_rounds_halves_up() {
        assert_eq!(one_dp(3.25), "3.3");
        assert_eq!(one_dp(2.75), "2.8");
        assert_eq!(one_dp(2.0), "2.0");
        assert_eq!(one_dp(7.0 / 3.0), "2.3");
    }

    #[test]
    fn direction_of_travel() {
        assert_eq!(dot(Some(2.0), Some(3.0)), Some(Dot::Up));
        assert_eq!(dot(Some(3.0), Some(2.0)), Some(Dot::Down));
        assert_eq!(dot(Some(2.0), Some(2.04)), Some(Dot::Same));
        assert_eq!(dot(None, Some(2.0)), None);
    }

    #[test]
    fn one_vocabulary_for_direction_of_travel() {
        for d in [Dot::Up, Dot::Down, Dot::Same] {
            assert_eq!(d.label(), format!("{} {}", d.arrow(), d.word()));
            assert_eq!(
                serde_json::to_string(&d).unwrap(),
                format!("\"{}\"", d.word())
            );
        }
    }

    #[test]
    fn dots_skip_unrated_periods() {
        let v = [Some(2.0), None, Some(3.0), Some(3.0), None];
        assert_eq!(dots(&v), [None, None, Some(Dot::Up), Some(Dot::Same), None]);
    }

    #[test]
    fn polarity_decides_better() {
        assert_eq!(is_better(Dot::Up, Polarity::LowerIsBetter), Some(false));
        assert_eq!(is_better(Dot::Down, Polarity::LowerIsBetter), Some(true));
        assert_eq!(is_better(Dot::Up, Polarity::HigherIsBetter), Some(true));
        assert_eq!(is_better(Dot::Same, Polarity::HigherIsBetter), None);
    }
}
