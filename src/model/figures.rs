//! Honest figures: every mean or count with its coverage, marked partial below the plan's
//! threshold; direction of travel like for like (computed only on the actions rated in both
//! periods) against the latest earlier period that holds ratings, which is named; means shown
//! at the plan's own precision. One function per figure, used by every view and paper.

use serde::{Deserialize, Deserializer, Serialize};

use super::rollup::{self, Dot, PeriodStats};
use super::{Action, LevelNames, Plan, Rating};

/// The share of actions that must be rated for a figure to stand, unless the plan says.
pub const DEFAULT_COVERAGE: f64 = 0.5;
/// Decimals a mean is shown with when the plan neither says nor publishes a summary.
pub const DEFAULT_DECIMALS: usize = 1;
/// Most decimals a plan may ask for.
const MAX_DECIMALS: u8 = 3;

/// How the plan's figures are shown: optional in the file, each setting with a default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figures {
    /// A figure from fewer than this share of the actions rated (0 to 1) is partial: marked
    /// as such and never a headline. Default one half.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "share"
    )]
    pub coverage: Option<f64>,
    /// Decimals a mean is shown with (0 to 3). Default: the published summary's, else 1.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "decimals_setting"
    )]
    pub decimals: Option<u8>,
}

impl Figures {
    pub fn is_default(&self) -> bool {
        *self == Figures::default()
    }
}

fn share<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    let v = Option::<f64>::deserialize(d)?;
    match v {
        Some(x) if !(0.0..=1.0).contains(&x) => Err(serde::de::Error::custom(format!(
            "coverage {x} is not a share: expected 0 to 1 (0.5 is half the actions)"
        ))),
        _ => Ok(v),
    }
}

fn decimals_setting<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u8>, D::Error> {
    let v = Option::<u8>::deserialize(d)?;
    match v {
        Some(n) if n > MAX_DECIMALS => Err(serde::de::Error::custom(format!(
            "decimals {n}: expected 0 to {MAX_DECIMALS}"
        ))),
        _ => Ok(v),
    }
}

/// The plan's coverage threshold: the share of actions that must be rated.
pub fn threshold(plan: &Plan) -> f64 {
    plan.figures.coverage.unwrap_or(DEFAULT_COVERAGE)
}

/// The plan's threshold in words: "half", "60%".
pub fn threshold_words(plan: &Plan) -> String {
    share_words(threshold(plan))
}

/// A share in words: "half", "60%".
pub fn share_words(t: f64) -> String {
    if (t - 0.5).abs() < 1e-9 {
        "half".into()
    } else {
        format!("{}%", (t * 100.0 * 10.0).round() / 10.0)
    }
}

/// A figure from `rated` of `total` actions is partial: some are rated, but fewer than the
/// plan's threshold. (Nothing rated is no figure at all, not a partial one.)
pub fn is_partial(plan: &Plan, rated: usize, total: usize) -> bool {
    rated > 0 && (rated as f64) < threshold(plan) * total as f64 - 1e-9
}

/// What a figure stands on: how many of how many actions are rated, and whether that is
/// below the plan's threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub rated: usize,
    pub total: usize,
    pub partial: bool,
}

/// The coverage of a roll-up.
pub fn coverage(plan: &Plan, stats: &PeriodStats) -> Coverage {
    coverage_of(plan, stats.rated, stats.total)
}

/// The coverage of `rated` of `total` actions.
pub fn coverage_of(plan: &Plan, rated: usize, total: usize) -> Coverage {
    Coverage {
        rated,
        total,
        partial: is_partial(plan, rated, total),
    }
}

/// "10 of 95 actions" in the plan's word for its rated items.
pub fn of_actions(names: &LevelNames, rated: usize, total: usize) -> String {
    let word = if total == 1 {
        names.action.to_lowercase()
    } else {
        LevelNames::plural(&names.action)
    };
    format!("{rated} of {total} {word}")
}

/// A mean with its coverage, as every paper writes it: "2.4 from 10 of 95 actions", with
/// ", partial" where it is; "none of 95 actions rated" when nothing is.
pub fn mean_with_coverage(plan: &Plan, stats: &PeriodStats) -> String {
    let c = coverage(plan, stats);
    let Some(m) = stats.mean else {
        return if c.rated == 0 {
            format!(
                "none of {} rated",
                of_actions(&plan.names, 0, c.total).replace("0 of ", "")
            )
        } else {
            of_actions(&plan.names, c.rated, c.total) + " rated"
        };
    };
    let mut s = format!(
        "{} from {}",
        mean_text(plan, Some(m)),
        of_actions(&plan.names, c.rated, c.total)
    );
    if c.partial {
        s.push_str(", partial");
    }
    s
}

/// Direction of travel of a group of actions, like for like.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Travel {
    pub dot: Dot,
    /// The period compared with (an index into the plan's periods): the latest earlier
    /// period in which any of the actions is rated.
    pub from: usize,
    /// The actions rated in both periods: the only ones the direction is computed on.
    pub both: usize,
    /// Their mean in `from`, and in the period itself.
    pub before: f64,
    pub after: f64,
    /// `both` is below the plan's threshold of all the actions.
    pub partial: bool,
}

/// The latest period before `at` (an index) in which any of `actions` is rated.
pub fn comparison_period<'a>(
    plan: &Plan,
    actions: impl IntoIterator<Item = &'a Action>,
    at: usize,
) -> Option<usize> {
    let before = plan.periods.get(..at.min(plan.periods.len()))?;
    actions
        .into_iter()
        .filter_map(|a| before.iter().rposition(|p| a.rating(&p.id).is_some()))
        .max()
}

/// Direction of travel of `actions` into period `at`, against the latest earlier period
/// that holds any of their ratings, computed on the actions rated in both; `None` on a
/// scale of statuses, with no earlier ratings, or with no action rated in both.
pub fn travel(plan: &Plan, actions: &[&Action], at: usize) -> Option<Travel> {
    let from = comparison_period(plan, actions.iter().copied(), at)?;
    travel_between(plan, actions, from, at)
}

/// Direction of travel of `actions` from period `from` to period `at` (indices), on the
/// actions rated in both.
pub fn travel_between(plan: &Plan, actions: &[&Action], from: usize, at: usize) -> Option<Travel> {
    if !plan.scale.averages() {
        return None;
    }
    let (p0, p1) = (&plan.periods.get(from)?.id, &plan.periods.get(at)?.id);
    let mut both = rollup::Both::default();
    for a in actions {
        if let (Some(r0), Some(r1)) = (a.rating(p0), a.rating(p1)) {
            both.both += 1;
            both.before += u64::from(r0);
            both.after += u64::from(r1);
        }
    }
    travel_of(plan, same_within(plan), both, from, actions.len())
}

/// The direction of travel from period `from`, given the actions rated in both and their
/// sums (of `total` actions): the one place it is worked out, whether from the actions or
/// folded from a group's parts. `same`: the plan's `same_within`, worked out once by the
/// caller (it reads the published table).
fn travel_of(
    plan: &Plan,
    same: f64,
    both: rollup::Both,
    from: usize,
    total: usize,
) -> Option<Travel> {
    if !plan.scale.averages() || both.both == 0 {
        return None;
    }
    let n = both.both as f64;
    let (before, after) = (both.before as f64 / n, both.after as f64 / n);
    Some(Travel {
        // A hair under, as `dot`.
        dot: rollup::dot_within(Some(before), Some(after), same - 1e-9)?,
        from,
        both: both.both,
        before,
        after,
        partial: is_partial(plan, both.both, total),
    })
}

/// Every period's direction of travel for a group whose roll-ups `stats` (one per period,
/// in order) and ratings in every pair of periods (`pairs`) are made (folded from its
/// parts, or counted once): the comparison period of each is the latest earlier one with
/// any rating in the group. No action is read.
pub fn travels_folded(
    plan: &Plan,
    stats: &[PeriodStats],
    pairs: &rollup::Pairs,
) -> Vec<Option<Travel>> {
    let mut latest = None;
    let same = same_within(plan);
    stats
        .iter()
        .enumerate()
        .map(|(at, s)| {
            let t = match latest {
                Some(from) if s.rated > 0 => {
                    travel_of(plan, same, pairs.get(from, at), from, s.total)
                }
                _ => None,
            };
            if s.rated > 0 {
                latest = Some(at);
            }
            t
        })
        .collect()
}

/// One period's figure for a group of actions.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodFigure {
    pub stats: PeriodStats,
    pub coverage: Coverage,
    pub travel: Option<Travel>,
}

/// Every period's figure for a group of actions, in the plan's period order: the roll-up,
/// its coverage, and its direction of travel like for like.
pub fn series(plan: &Plan, actions: &[&Action]) -> Vec<PeriodFigure> {
    // One pass over the actions: each period's roll-up, and their ratings in every pair
    // of periods, from which the directions of travel are folded.
    let f = rollup::GroupFigures::of(&plan.scale, actions.iter().copied(), &plan.periods);
    let travels = travels_folded(plan, &f.stats, &f.pairs);
    f.stats
        .into_iter()
        .zip(travels)
        .map(|(stats, travel)| PeriodFigure {
            coverage: coverage(plan, &stats),
            stats,
            travel,
        })
        .collect()
}

/// An action's latest rating before period `at`, and that period (an index).
pub fn previous_rating(plan: &Plan, action: &Action, at: usize) -> Option<(usize, Rating)> {
    let before = plan.periods.get(..at.min(plan.periods.len()))?;
    before
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, p)| action.rating(&p.id).map(|r| (i, r)))
}

/// An action's direction of travel into period `at`: from its own latest earlier rating,
/// and the period that rating is in. `None` when it is not rated in `at` or before, or on a
/// scale of statuses.
pub fn action_travel(plan: &Plan, action: &Action, at: usize) -> Option<(Dot, usize)> {
    if !plan.scale.averages() {
        return None;
    }
    let now = action.rating(&plan.periods.get(at)?.id)?;
    let (from, before) = previous_rating(plan, action, at)?;
    Some((
        dot(plan, Some(f64::from(before)), Some(f64::from(now)))?,
        from,
    ))
}

/// Decimals the plan's means are shown with: its setting, else its published summary's
/// (the most any of its figures needs, at least one), else one.
pub fn decimals(plan: &Plan) -> usize {
    if let Some(d) = plan.figures.decimals {
        return usize::from(d.min(MAX_DECIMALS));
    }
    let Some(ps) = &plan.published_summary else {
        return DEFAULT_DECIMALS;
    };
    let needs = |v: f64| {
        (0..=MAX_DECIMALS)
            .find(|&d| {
                let x = v * 10f64.powi(i32::from(d));
                (x - x.round()).abs() < 1e-6
            })
            .unwrap_or(MAX_DECIMALS)
    };
    std::iter::once(&ps.overall)
        .chain(&ps.priorities)
        .flat_map(|r| [r.previous, r.current])
        .map(needs)
        .max()
        .map_or(DEFAULT_DECIMALS, |d| usize::from(d).max(1))
}

/// A number to `d` decimals, halves rounded up as published tables do (3.25 -> 3.3).
pub fn fixed(m: f64, d: usize) -> String {
    let f = 10f64.powi(d as i32);
    format!("{:.d$}", (m * f + 1e-9).round() / f)
}

/// A mean at the plan's precision; "-" when there is none.
pub fn mean_text(plan: &Plan, m: Option<f64>) -> String {
    m.map_or_else(|| "-".into(), |m| fixed(m, decimals(plan)))
}

/// Means closer than this are "the same": half a unit of the last decimal shown.
pub fn same_within(plan: &Plan) -> f64 {
    0.5 * 10f64.powi(-(decimals(plan) as i32))
}

/// The movement between two means at the plan's precision.
pub fn dot(plan: &Plan, before: Option<f64>, after: Option<f64>) -> Option<Dot> {
    // A hair under, so a movement of exactly half a unit (2.0 to 2.05, shown 2.0 and 2.1)
    // is one.
    rollup::dot_within(before, after, same_within(plan) - 1e-9)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Period;

    fn plan(ratings: &[&[(&str, Rating)]]) -> Plan {
        let mut plan = crate::cli::generate::generate(&crate::cli::generate::Spec {
            actions: ratings.len(),
            periods: 3,
            seed: 1,
        });
        plan.published_summary = None;
        plan.periods = ["p0", "p1", "p2"]
            .iter()
            .map(|id| Period {
                id: id.to_string(),
                label: id.to_uppercase(),
                date: None,
            })
            .collect();
        let mut it = ratings.iter();
        for pr in plan.priorities_mut() {
            for ob in &mut pr.objectives {
                for a in &mut ob.actions {
                    let r = it.next().copied().unwrap_or_default();
                    a.ratings = r.iter().map(|(p, v)| (p.to_string(), *v)).collect();
                }
            }
        }
        plan
    }

    #[test]
    fn below_the_threshold_a_figure_is_partial() {
        let mut p = plan(&[]);
        assert!(is_partial(&p, 1, 95));
        assert!(is_partial(&p, 47, 95));
        assert!(!is_partial(&p, 48, 95));
        assert!(!is_partial(&p, 4, 8), "half of them is not fewer than half");
        assert!(
            !is_partial(&p, 0, 95),
            "nothing rated is no figure, not a partial one"
        );
        p.figures.coverage = Some(0.6);
        assert!(is_partial(&p, 2, 4));
        assert!(!is_partial(&p, 3, 5), "60% of 5 is 3");
        assert_eq!(threshold_words(&p), "60%");
    }

    #[test]
    fn a_mean_says_its_coverage() {
        let p = plan(&[&[("p1", 2)], &[("p1", 3)], &[], &[], &[]]);
        let acts: Vec<&Action> = p.actions().collect();
        let s = rollup::stats_on(&p.scale, acts.iter().copied(), "p1");
        assert_eq!(
            mean_with_coverage(&p, &s),
            "2.5 from 2 of 5 actions, partial"
        );
        let none = rollup::stats_on(&p.scale, acts.iter().copied(), "p0");
        assert_eq!(mean_with_coverage(&p, &none), "none of 5 actions rated");
    }

    #[test]
    fn direction_is_like_for_like_against_the_latest_period_with_ratings() {
        // Four actions rated 4 in p0; in p2 only one is rated, 3. p1 holds no ratings.
        let p = plan(&[
            &[("p0", 4), ("p2", 3)],
            &[("p0", 1)],
            &[("p0", 1)],
            &[("p0", 1)],
        ]);
        let acts: Vec<&Action> = p.actions().collect();
        // Mean of all in p0 is 1.75, below p2's 3: a mean of some against a mean of all
        // would say "up". Like for like, the one action rated in both went down.
        let t = travel(&p, &acts, 2).unwrap();
        assert_eq!(t.from, 0, "p1 is empty: the comparison is p0");
        assert_eq!((t.dot, t.both, t.before, t.after), (Dot::Down, 1, 4.0, 3.0));
        assert!(t.partial);
        let f = rollup::GroupFigures::of(&p.scale, acts.iter().copied(), &p.periods);
        assert_eq!(
            travels_folded(&p, &f.stats, &f.pairs),
            [None, None, Some(t)]
        );
        assert_eq!(comparison_period(&p, acts.iter().copied(), 2), Some(0));
        assert_eq!(comparison_period(&p, acts.iter().copied(), 0), None);
    }

    #[test]
    fn no_action_rated_in_both_is_no_direction() {
        let p = plan(&[&[("p0", 4)], &[("p2", 1)]]);
        let acts: Vec<&Action> = p.actions().collect();
        assert_eq!(travel(&p, &acts, 2), None);
    }

    #[test]
    fn an_actions_direction_names_its_own_earlier_period() {
        let p = plan(&[&[("p0", 2), ("p2", 3)]]);
        let a = p.actions().next().unwrap();
        assert_eq!(action_travel(&p, a, 2), Some((Dot::Up, 0)));
        assert_eq!(previous_rating(&p, a, 2), Some((0, 2)));
        assert_eq!(action_travel(&p, a, 1), None);
    }

    #[test]
    fn precision_follows_the_plan() {
        let mut p = plan(&[]);
        assert_eq!(decimals(&p), 1);
        assert_eq!(mean_text(&p, Some(2.25)), "2.3");
        assert_eq!(mean_text(&p, Some(2.0)), "2.0");
        assert_eq!(mean_text(&p, None), "-");
        p.figures.decimals = Some(2);
        assert_eq!(mean_text(&p, Some(7.0 / 3.0)), "2.33");
        assert_eq!(dot(&p, Some(2.0), Some(2.01)), Some(Dot::Up));
        p.figures.decimals = None;
        assert_eq!(dot(&p, Some(2.0), Some(2.04)), Some(Dot::Same));
        // The published summary's own decimals.
        p.published_summary = Some(crate::model::PublishedSummary {
            previous: "p0".into(),
            current: "p1".into(),
            overall: crate::model::PublishedRow {
                priority: String::new(),
                previous: 2.25,
                current: 2.5,
            },
            priorities: vec![],
        });
        assert_eq!(decimals(&p), 2);
        assert_eq!(fixed(3.25, 1), "3.3");
        assert_eq!(fixed(2.0, 0), "2");
    }

    #[test]
    fn settings_are_optional_and_checked() {
        let f: Figures = ron::from_str("(coverage: Some(0.6))").unwrap();
        assert_eq!(f.coverage, Some(0.6));
        assert_eq!(ron::from_str::<Figures>("()").unwrap(), Figures::default());
        let e = ron::from_str::<Figures>("(coverage: Some(1.5))").unwrap_err();
        assert!(e.to_string().contains("expected 0 to 1"), "{e}");
        let e = ron::from_str::<Figures>("(decimals: Some(7))").unwrap_err();
        assert!(e.to_string().contains("expected 0 to 3"), "{e}");
    }
}

/// The leads' proposals for a period and where the board stands on them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProposalCounts {
    /// Actions with a proposal for the period.
    pub proposed: usize,
    /// Of those, agreed by the board.
    pub agreed: usize,
    /// Rated otherwise by the board, with its reason.
    pub challenged: usize,
    /// Waiting for the board: proposed, not yet agreed or challenged.
    pub waiting: usize,
    /// The plan's actions.
    pub actions: usize,
}

/// Count the proposals of `period` by where they stand (`log`: the change log, saved and
/// unsaved). An action counts once, by its latest proposal. A summary's figures count only
/// ratings the plan holds (agreed, challenged or set at a meeting); this says how many more
/// are only proposed.
pub fn proposal_counts<'a>(
    plan: &Plan,
    period: &str,
    log: impl Iterator<Item = &'a super::Change>,
) -> ProposalCounts {
    if plan.proposals.is_empty() {
        // Nothing proposed: no walk of the change log.
        return ProposalCounts::default();
    }
    let standings = super::proposals::standings(plan, period, log);
    proposal_counts_of(plan.actions().count(), &standings)
}

/// `proposal_counts` from the standings already worked out (the app keeps them between
/// frames), of a plan of `actions` actions.
pub fn proposal_counts_of(
    actions: usize,
    standings: &super::proposals::Standings,
) -> ProposalCounts {
    use super::proposals::Standing;
    let mut out = ProposalCounts {
        actions,
        ..ProposalCounts::default()
    };
    for s in standings.values() {
        out.proposed += 1;
        match s {
            Standing::Agreed => out.agreed += 1,
            Standing::Challenged => out.challenged += 1,
            Standing::Proposed => out.waiting += 1,
        }
    }
    out
}

/// One person's actions with no update (no proposal) for a period.
#[derive(Debug, Clone, PartialEq)]
pub struct Missing<'a> {
    /// The person's one name.
    pub person: String,
    /// Their actions with no update, in plan order.
    pub actions: Vec<&'a Action>,
    /// How many actions they lead or are responsible for.
    pub of: usize,
}

impl Missing<'_> {
    /// "Wendy Brown: 3 of 4 actions not updated".
    pub fn words(&self, names: &LevelNames) -> String {
        format!(
            "{}: {} of {} not updated",
            self.person,
            self.actions.len(),
            LevelNames::count(&names.action.to_lowercase(), self.of)
        )
    }
}

/// The people with actions that have no update for `period`, by name: an action is
/// updated when anyone who holds it returned a rating or a note for it.
pub fn missing_updates<'a>(plan: &'a Plan, period: &str) -> Vec<Missing<'a>> {
    let updated: std::collections::HashSet<&str> = plan
        .proposals
        .iter()
        .filter(|p| p.period == period)
        .map(|p| p.item.as_str())
        .collect();
    let mut by: std::collections::BTreeMap<String, Missing<'a>> = Default::default();
    for a in plan.actions() {
        for person in plan.people_of(a) {
            let m = by.entry(person.clone()).or_insert_with(|| Missing {
                person,
                actions: Vec::new(),
                of: 0,
            });
            m.of += 1;
            if !updated.contains(a.id.as_str()) {
                m.actions.push(a);
            }
        }
    }
    by.into_values().filter(|m| !m.actions.is_empty()).collect()
}

impl ProposalCounts {
    /// "Proposed by leads for RAG 07/18: 12 of 95 actions; 3 agreed, 1 challenged, 8 not
    /// yet agreed (the figures count the board's ratings, never a proposal)". `None` with
    /// no proposals.
    pub fn words(&self, names: &LevelNames, period: &str) -> Option<String> {
        (self.proposed > 0).then(|| {
            format!(
                "Proposed by leads for {period}: {} of {}; {} agreed, {} challenged, {} not yet agreed (the figures count the board's ratings, never a proposal)",
                self.proposed,
                LevelNames::count(&names.action.to_lowercase(), self.actions),
                self.agreed,
                self.challenged,
                self.waiting
            )
        })
    }
}
