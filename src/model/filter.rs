//! Filters for exception-based meetings: the reds, what got worse, what changed today, the
//! overdue, the unrated, one person's actions. Pure: the app keeps which filter is on.
//!
//! The exception conditions combine with "any" by default (a board walks "the reds and the
//! overdue": actions that are either), or with "all" when the user switches; a person and a
//! priority always narrow.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::{Action, Node, Plan, Rating};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Rated at or below this level in the period (the reds: the lowest level). On a
    /// categorical scale (statuses have no order) it means at exactly this status.
    pub at_or_below: Option<Rating>,
    /// Rated lower than in the latest earlier period that has a rating.
    pub worse: bool,
    /// Changed in this meeting.
    pub changed: bool,
    /// Due before the meeting date and not complete.
    pub overdue: bool,
    /// Not rated in the period.
    pub unrated: bool,
    /// A lead's proposed rating for the period the board has not yet agreed or challenged.
    pub proposed: bool,
    /// A proposed rating the board challenged (rated otherwise, with its reason).
    pub challenged: bool,
    /// No update (no proposal) for the period from anyone who holds it.
    pub missing: bool,
    /// Led by, or the responsibility of, this person (a name as the plan spells it).
    pub person: Option<String>,
    /// Combine the conditions with "all" instead of "any".
    pub all: bool,
    /// Only this priority (index), as chosen on the dashboard.
    pub priority: Option<usize>,
    /// Only this group of the top tier (index), as chosen on the dashboard.
    pub group: Option<usize>,
    /// Judge ratings in this period (index) instead of the active one (the dashboard's column).
    pub period: Option<usize>,
    /// Judge each action by its latest rating: in the period where it has one there, else in
    /// the latest earlier period that does (the exception agenda). Filters judge this way
    /// anyway while the period holds no ratings at all, as at the start of a meeting.
    pub latest: bool,
}

/// What a filter is judged against.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub plan: &'a Plan,
    /// The plan's id index, with its count of ratings per period.
    pub index: &'a super::Index,
    /// The active period (index into the plan's periods).
    pub period: usize,
    /// The meeting date.
    pub today: NaiveDate,
    /// Ids of the actions changed in this meeting.
    pub changed: &'a HashSet<String>,
    /// Where each action's proposal for the filter's period stands (none: no update).
    pub proposals: &'a super::proposals::Standings,
}

impl Filter {
    /// Anything on at all.
    pub fn is_active(&self) -> bool {
        self.has_conditions()
            || self.person.is_some()
            || self.priority.is_some()
            || self.group.is_some()
            || self.period.is_some()
    }

    fn has_conditions(&self) -> bool {
        self.at_or_below.is_some()
            || self.worse
            || self.changed
            || self.overdue
            || self.unrated
            || self.proposed
            || self.challenged
            || self.missing
    }

    /// The period ratings are judged in.
    pub fn period_in(&self, ctx: &Context) -> usize {
        self.period.unwrap_or(ctx.period)
    }

    /// The exception agenda: last period's reds, what got worse, and the overdue, each action
    /// judged by its latest rating (`latest`), so it has something to walk at the start of a
    /// meeting, before the meeting's period holds any rating.
    pub fn exceptions(plan: &Plan) -> Filter {
        let ordinal = plan.scale.averages();
        let reds = plan
            .scale
            .levels
            .iter()
            .filter(|l| l.colour.eq_ignore_ascii_case("red"))
            .map(|l| l.value);
        // On an ordered scale the top red level and all below it; on a scale of statuses
        // (no order) the red status itself.
        let at_or_below = if ordinal {
            reds.max()
                .or_else(|| plan.scale.levels.first().map(|l| l.value))
        } else {
            reds.min()
        };
        Filter {
            at_or_below,
            // A change between statuses is not a direction.
            worse: ordinal,
            overdue: true,
            latest: true,
            ..Filter::default()
        }
    }

    /// Whether this is the exception agenda of `plan`.
    pub fn is_exceptions(&self, plan: &Plan) -> bool {
        *self == Filter::exceptions(plan)
    }

    /// Whether actions are judged by their latest ratings: asked for, or the period holds no
    /// ratings yet.
    pub fn judges_latest(&self, ctx: &Context) -> bool {
        self.latest || period_is_empty(ctx.plan, ctx.index, self.period_in(ctx))
    }

    /// Whether the action at priority `pi` passes, judged in the period itself or (with
    /// `latest`, see `judges_latest`) by each action's latest rating up to it.
    pub fn keeps(&self, ctx: &Context, pi: usize, action: &Action, latest: bool) -> bool {
        if self.priority.is_some_and(|p| p != pi) {
            return false;
        }
        if self
            .group
            .is_some_and(|g| !ctx.plan.group_range(g).contains(&pi))
        {
            return false;
        }
        if let Some(name) = &self.person
            && !ctx.plan.names_person(action, name)
        {
            return false;
        }
        if !self.has_conditions() {
            return true;
        }
        let period = self.period_in(ctx);
        // The period an action is judged in: the filter's, or its latest rated one up to it.
        let at = if latest {
            latest_rated(ctx.plan, action, period)
        } else {
            Some(period)
        };
        let rating = at
            .and_then(|k| ctx.plan.periods.get(k))
            .and_then(|p| action.rating(&p.id));
        let mut results = Vec::with_capacity(5);
        if let Some(level) = self.at_or_below {
            let ordered = ctx.plan.scale.averages();
            results.push(rating.is_some_and(|r| if ordered { r <= level } else { r == level }));
        }
        if self.worse {
            results.push(at.is_some_and(|k| is_worse(ctx.plan, action, k)));
        }
        if self.changed {
            results.push(ctx.changed.contains(&action.id));
        }
        if self.overdue {
            results.push(super::is_overdue(ctx.plan, action, period, ctx.today));
        }
        if self.unrated {
            results.push(rating.is_none());
        }
        let standing = ctx.proposals.get(&action.id).copied();
        if self.proposed {
            results.push(standing == Some(super::Standing::Proposed));
        }
        if self.challenged {
            results.push(standing == Some(super::Standing::Challenged));
        }
        if self.missing {
            results.push(standing.is_none());
        }
        if self.all {
            results.iter().all(|r| *r)
        } else {
            results.iter().any(|r| *r)
        }
    }

    /// Positions in `agenda` of the actions that pass (priorities, objectives and measures
    /// are never stops of a filtered walk).
    pub fn apply(&self, ctx: &Context, agenda: &[Node]) -> Vec<usize> {
        let latest = self.has_conditions() && self.judges_latest(ctx);
        agenda
            .iter()
            .enumerate()
            .filter_map(|(i, n)| match *n {
                Node::Action(p, o, a) => {
                    let ac = ctx.plan.action_in(p, o, a)?;
                    self.keeps(ctx, p, ac, latest).then_some(i)
                }
                _ => None,
            })
            .collect()
    }

    /// In words, for the filter bar: "any of: at or below 1, overdue · lead Janet Simon".
    pub fn describe(&self, ctx: &Context) -> String {
        let plan = ctx.plan;
        let mut conds = Vec::new();
        if let Some(level) = self.at_or_below {
            let label = plan
                .scale
                .level(level)
                .map_or_else(|| level.to_string(), |l| l.label.clone());
            let how = if plan.scale.averages() { "≤" } else { "=" };
            conds.push(format!("{how}{label}"));
        }
        if self.worse {
            conds.push("worse".to_string());
        }
        if self.changed {
            conds.push("changed".to_string());
        }
        if self.overdue {
            conds.push("overdue".to_string());
        }
        if self.unrated {
            conds.push("unrated".to_string());
        }
        if self.proposed {
            conds.push("proposed, not agreed".to_string());
        }
        if self.challenged {
            conds.push("challenged".to_string());
        }
        if self.missing {
            conds.push("no update".to_string());
        }
        let mut parts = Vec::new();
        if !conds.is_empty() {
            let how = if self.all || conds.len() == 1 {
                ""
            } else {
                "any: "
            };
            let join = if self.all { " & " } else { ", " };
            parts.push(format!("{how}{}", conds.join(join)));
        }
        if let Some(p) = self.priority.and_then(|p| plan.priorities.get(p)) {
            parts.push(format!("{} {}", plan.names.priority.to_lowercase(), p.id));
        }
        if let Some(g) = self.group.and_then(|g| plan.groups.get(g)) {
            parts.push(format!("{} {}", plan.names.group().to_lowercase(), g.id));
        }
        if let Some(p) = plan.periods.get(self.period_in(ctx))
            && (self.has_conditions() || self.period.is_some())
        {
            // Say how actions are judged: in the period, or by their latest ratings (and
            // why, when it is because the period has none yet).
            parts.push(if !self.has_conditions() || !self.judges_latest(ctx) {
                format!("in {}", p.label)
            } else if period_is_empty(plan, ctx.index, self.period_in(ctx)) {
                format!("by latest rating ({} has none yet)", p.label)
            } else {
                format!("by latest rating to {}", p.label)
            });
        }
        if let Some(name) = &self.person {
            parts.push(name.clone());
        }
        let text = parts.join(" · ");
        if self.is_exceptions(plan) {
            format!("exception agenda: {text}")
        } else {
            text
        }
    }
}

/// No action of the plan is rated in period `period` (an index), by the id index's count
/// (no walk over the plan: the filter line asks on every frame).
pub fn period_is_empty(plan: &Plan, index: &super::Index, period: usize) -> bool {
    plan.periods
        .get(period)
        .is_none_or(|p| index.rated_in(&p.id) == 0)
}

/// The latest period up to `period` (an index) in which `action` is rated.
pub fn latest_rated(plan: &Plan, action: &Action, period: usize) -> Option<usize> {
    let upto = plan
        .periods
        .get(..=period.min(plan.periods.len().checked_sub(1)?))?;
    upto.iter().rposition(|p| action.rating(&p.id).is_some())
}

/// Rated lower in `period` than in the latest earlier period with a rating.
pub fn is_worse(plan: &Plan, action: &Action, period: usize) -> bool {
    let Some(now) = plan.periods.get(period).and_then(|p| action.rating(&p.id)) else {
        return false;
    };
    plan.periods[..period]
        .iter()
        .rev()
        .find_map(|p| action.rating(&p.id))
        .is_some_and(|before| now < before)
}

/// The people the plan names as leads and officers, each once, sorted: the person picker.
/// Spellings the plan's `people` section maps to one person are one name here.
pub fn people(plan: &Plan) -> Vec<String> {
    super::people::everyone(plan)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Level, Objective, Period, Priority, Scale};

    fn action(id: &str, ratings: &[(&str, Rating)], due: Option<&str>) -> Action {
        Action {
            id: id.into(),
            title: id.into(),
            measures: vec![],
            lead: Some("Ann Lee".into()),
            officer: Some(" Bo Chan ".into()),
            due: due.map(|d| d.parse().unwrap()),
            ratings: ratings.iter().map(|(p, r)| (p.to_string(), *r)).collect(),
            progress: None,
            source_note: None,
            baseline: None,
            ambition: None,
            milestones: Vec::new(),
        }
    }

    fn level(value: Rating, complete: bool) -> Level {
        Level {
            value,
            label: value.to_string(),
            name: String::new(),
            meaning: String::new(),
            colour: "red".into(),
            complete,
            needs_evidence: false,
            key: None,
        }
    }

    /// Two priorities; periods p0, p1, p2; meeting on 1 Feb 2018, period p1 active.
    fn plan() -> Plan {
        let mut lee = action("1.1.3", &[("p0", 3), ("p1", 3)], None);
        lee.lead = Some("Cy Dee".into());
        lee.officer = None;
        let actions1 = vec![
            action("1.1.1", &[("p0", 2), ("p1", 1)], Some("2018-03")), // red, worse
            action("1.1.2", &[("p0", 3)], Some("2017-12")),            // unrated, overdue
            lee,                                                       // same
        ];
        let actions2 = vec![
            action("2.1.1", &[("p0", 1), ("p1", 4)], Some("2017-11")), // complete: not overdue
            action("2.1.2", &[("p1", 1)], Some("2018-01")),            // red, overdue
        ];
        let pr = |id: &str, actions: Vec<Action>| Priority {
            id: id.into(),
            title: id.into(),
            heading: None,
            source_note: None,
            judgements: Default::default(),
            indicators: vec![],
            objectives: vec![Objective {
                id: format!("{id}.1"),
                title: String::new(),
                text: None,
                source_note: None,
                baseline: None,
                ambition: None,
                milestones: vec![],
                actions,
            }],
        };
        Plan {
            title: "t".into(),
            organisation: None,
            source: None,
            source_note: None,
            series: None,
            names: Default::default(),
            narrative: Vec::new(),
            groups: Vec::new(),
            published_counts: None,
            decisions: Vec::new(),
            reviewed: Default::default(),
            people: Vec::new(),
            proposals: Vec::new(),
            scale: Scale {
                name: "s".into(),
                kind: Default::default(),
                levels: vec![
                    level(1, false),
                    level(2, false),
                    level(3, false),
                    level(4, true),
                ],
            },
            periods: ["p0", "p1", "p2"]
                .iter()
                .map(|p| Period {
                    id: p.to_string(),
                    label: p.to_uppercase(),
                    date: None,
                })
                .collect(),
            priorities: vec![pr("1", actions1).into(), pr("2", actions2).into()],
            published_summary: None,
            changes: Default::default(),
            figures: Default::default(),
        }
    }

    fn kept(f: &Filter, changed: &[&str]) -> Vec<String> {
        let plan = plan();
        let changed: HashSet<String> = changed.iter().map(|s| s.to_string()).collect();
        let ctx = Context {
            plan: &plan,
            index: &crate::model::Index::build(&plan),
            period: 1,
            today: NaiveDate::from_ymd_opt(2018, 2, 1).unwrap(),
            changed: &changed,
            proposals: &Default::default(),
        };
        let agenda = crate::model::agenda::build(&plan);
        f.apply(&ctx, &agenda)
            .into_iter()
            .map(|i| agenda[i].id(&plan))
            .collect()
    }

    #[test]
    fn no_filter_keeps_every_action() {
        let f = Filter::default();
        assert!(!f.is_active());
        assert_eq!(kept(&f, &[]), ["1.1.1", "1.1.2", "1.1.3", "2.1.1", "2.1.2"]);
    }

    #[test]
    fn at_or_below_a_level_in_the_active_period() {
        let reds = Filter {
            at_or_below: Some(1),
            ..Filter::default()
        };
        assert_eq!(kept(&reds, &[]), ["1.1.1", "2.1.2"]);
        let up_to_three = Filter {
            at_or_below: Some(3),
            ..Filter::default()
        };
        // Unrated 1.1.2 is not "at or below" anything.
        assert_eq!(kept(&up_to_three, &[]), ["1.1.1", "1.1.3", "2.1.2"]);
        // In another period (the dashboard's column).
        let reds_p0 = Filter {
            at_or_below: Some(1),
            period: Some(0),
            ..Filter::default()
        };
        assert_eq!(kept(&reds_p0, &[]), ["2.1.1"]);
    }

    #[test]
    fn worse_than_the_previous_period() {
        let f = Filter {
            worse: true,
            ..Filter::default()
        };
        assert_eq!(kept(&f, &[]), ["1.1.1"]);
        let plan = plan();
        let a = &plan.priorities[0].objectives[0].actions[0];
        // Against the latest earlier rated period: p2 is unrated, so not worse.
        assert!(is_worse(&plan, a, 1));
        assert!(!is_worse(&plan, a, 2));
        assert!(!is_worse(&plan, a, 0));
    }

    #[test]
    fn changed_in_this_meeting() {
        let f = Filter {
            changed: true,
            ..Filter::default()
        };
        assert_eq!(kept(&f, &["2.1.1", "1.1.3"]), ["1.1.3", "2.1.1"]);
        assert!(kept(&f, &[]).is_empty());
    }

    #[test]
    fn overdue_means_due_before_the_meeting_and_not_complete() {
        let f = Filter {
            overdue: true,
            ..Filter::default()
        };
        assert_eq!(kept(&f, &[]), ["1.1.2", "2.1.2"]);
    }

    #[test]
    fn not_rated_in_the_active_period() {
        let f = Filter {
            unrated: true,
            ..Filter::default()
        };
        assert_eq!(kept(&f, &[]), ["1.1.2"]);
    }

    #[test]
    fn by_lead_or_officer() {
        let f = Filter {
            person: Some("Cy Dee".into()),
            ..Filter::default()
        };
        assert_eq!(kept(&f, &[]), ["1.1.3"]);
        let f = Filter {
            person: Some("Bo Chan".into()),
            ..Filter::default()
        };
        assert_eq!(kept(&f, &[]), ["1.1.1", "1.1.2", "2.1.1", "2.1.2"]);
        assert_eq!(people(&plan()), ["Ann Lee", "Bo Chan", "Cy Dee"]);
    }

    #[test]
    fn conditions_combine_with_any_or_all_and_people_narrow() {
        let any = Filter {
            at_or_below: Some(1),
            overdue: true,
            ..Filter::default()
        };
        assert_eq!(kept(&any, &[]), ["1.1.1", "1.1.2", "2.1.2"]);
        let all = Filter {
            all: true,
            ..any.clone()
        };
        assert_eq!(kept(&all, &[]), ["2.1.2"]);
        let narrowed = Filter {
            person: Some("Ann Lee".into()),
            priority: Some(0),
            ..any
        };
        assert_eq!(kept(&narrowed, &[]), ["1.1.1", "1.1.2"]);
    }

    #[test]
    fn on_a_categorical_scale_the_level_is_one_status() {
        let mut plan = plan();
        plan.scale.kind = crate::model::ScaleKind::Categorical;
        let changed = HashSet::new();
        let ctx = Context {
            plan: &plan,
            index: &crate::model::Index::build(&plan),
            period: 1,
            today: NaiveDate::from_ymd_opt(2018, 2, 1).unwrap(),
            changed: &changed,
            proposals: &Default::default(),
        };
        let agenda = crate::model::agenda::build(&plan);
        let at3 = Filter {
            at_or_below: Some(3),
            ..Filter::default()
        };
        let kept: Vec<String> = at3
            .apply(&ctx, &agenda)
            .into_iter()
            .map(|i| agenda[i].id(&plan))
            .collect();
        // Only the status 3, not 1 below it (statuses have no order).
        assert_eq!(kept, ["1.1.3"]);
        assert_eq!(at3.describe(&ctx), "=3 · in P1");
    }

    /// The filters in period p2, which holds no ratings yet (the start of a meeting).
    fn kept_in_empty_p2(f: &Filter) -> (Vec<String>, String) {
        let plan = plan();
        let changed = HashSet::new();
        let ctx = Context {
            plan: &plan,
            index: &crate::model::Index::build(&plan),
            period: 2,
            today: NaiveDate::from_ymd_opt(2018, 2, 1).unwrap(),
            changed: &changed,
            proposals: &Default::default(),
        };
        let agenda = crate::model::agenda::build(&plan);
        let kept = f
            .apply(&ctx, &agenda)
            .into_iter()
            .map(|i| agenda[i].id(&plan))
            .collect();
        (kept, f.describe(&ctx))
    }

    #[test]
    fn an_empty_period_is_judged_by_each_actions_latest_rating() {
        let p = plan();
        let index = crate::model::Index::build(&p);
        assert!(period_is_empty(&p, &index, 2));
        assert!(!period_is_empty(&p, &index, 1));
        // Judged in p2 itself every filter would keep nothing (or everything, unrated).
        let reds = Filter {
            at_or_below: Some(1),
            ..Filter::default()
        };
        let (kept, said) = kept_in_empty_p2(&reds);
        assert_eq!(kept, ["1.1.1", "2.1.2"], "p1's reds");
        assert_eq!(said, "≤1 · by latest rating (P2 has none yet)");
        let worse = Filter {
            worse: true,
            ..Filter::default()
        };
        assert_eq!(kept_in_empty_p2(&worse).0, ["1.1.1"], "worse in p1 than p0");
        let unrated = Filter {
            unrated: true,
            ..Filter::default()
        };
        assert!(
            kept_in_empty_p2(&unrated).0.is_empty(),
            "every action has a rating in some period"
        );
        let plan = plan();
        let a = &plan.priorities[0].objectives[0].actions[1];
        assert_eq!(latest_rated(&plan, a, 2), Some(0));
    }

    #[test]
    fn the_exception_agenda_is_last_periods_reds_worse_and_overdue() {
        let f = Filter::exceptions(&plan());
        // Every level of the test scale is coloured red: the top red level is 4, so take a
        // scale with one red level.
        assert_eq!(f.at_or_below, Some(4));
        let mut p = plan();
        for l in &mut p.scale.levels[1..] {
            l.colour = "green".into();
        }
        let f = Filter::exceptions(&p);
        assert_eq!(
            (f.at_or_below, f.worse, f.overdue, f.latest),
            (Some(1), true, true, true)
        );
        assert!(f.is_exceptions(&p));
        let changed = HashSet::new();
        let ctx = Context {
            plan: &p,
            index: &crate::model::Index::build(&p),
            period: 2,
            today: NaiveDate::from_ymd_opt(2018, 2, 1).unwrap(),
            changed: &changed,
            proposals: &Default::default(),
        };
        let agenda = crate::model::agenda::build(&p);
        let kept: Vec<String> = f
            .apply(&ctx, &agenda)
            .into_iter()
            .map(|i| agenda[i].id(&p))
            .collect();
        // 1.1.1 red and worse, 1.1.2 overdue, 2.1.2 red and overdue.
        assert_eq!(kept, ["1.1.1", "1.1.2", "2.1.2"]);
        assert_eq!(
            f.describe(&ctx),
            "exception agenda: any: ≤1, worse, overdue · by latest rating (P2 has none yet)"
        );
    }

    #[test]
    fn describes_itself() {
        let plan = plan();
        let changed = HashSet::new();
        let ctx = Context {
            plan: &plan,
            index: &crate::model::Index::build(&plan),
            period: 1,
            today: NaiveDate::from_ymd_opt(2018, 2, 1).unwrap(),
            changed: &changed,
            proposals: &Default::default(),
        };
        let f = Filter {
            at_or_below: Some(1),
            overdue: true,
            person: Some("Ann Lee".into()),
            ..Filter::default()
        };
        assert_eq!(f.describe(&ctx), "any: ≤1, overdue · in P1 · Ann Lee");
    }
}
