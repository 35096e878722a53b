//! What the board itself decides at a meeting, beside the officers' ratings: decisions and
//! agreed actions (with an owner, a due date and a status, carried into later meetings
//! until closed), the board's calls on key milestones (met, missed, a new date), and which
//! items a meeting has reviewed. Plain data and pure functions: the meeting applies and
//! inverts `Minute`s, the papers and views read them.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Change, Due, Milestone, Plan, Proposal};

/// A decision, or an action the board agreed (with an owner and a due date), recorded at a
/// meeting against an item of the plan or the plan as a whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// Unique in the plan, and across officers' copies (it names who recorded it and the
    /// meeting's period), so a merge meets each decision as one cell.
    pub id: String,
    pub kind: DecisionKind,
    /// The item's id (a priority, objective or action); absent for the plan as a whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Due>,
    #[serde(default, skip_serializing_if = "DecisionStatus::is_open")]
    pub status: DecisionStatus,
    /// The period of the meeting that made it.
    pub period: String,
    /// The day of that meeting.
    pub date: NaiveDate,
    /// Who recorded it.
    pub by: String,
    /// How it was closed (done or dropped), with a note, where it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<Closed>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DecisionKind {
    /// What the board decided.
    Decision,
    /// What the board agreed someone will do, by a date.
    Action,
}

impl DecisionKind {
    pub fn word(self) -> &'static str {
        match self {
            DecisionKind::Decision => "decision",
            DecisionKind::Action => "agreed action",
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum DecisionStatus {
    #[default]
    Open,
    Done,
    Dropped,
}

impl DecisionStatus {
    pub fn is_open(&self) -> bool {
        *self == DecisionStatus::Open
    }

    /// A symbol beside the word, so colour is never the only signal.
    pub fn symbol(self) -> &'static str {
        match self {
            DecisionStatus::Open => "○",
            DecisionStatus::Done => "✓",
            DecisionStatus::Dropped => "✗",
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            DecisionStatus::Open => "open",
            DecisionStatus::Done => "done",
            DecisionStatus::Dropped => "dropped",
        }
    }
}

/// How a decision or agreed action was closed: at which meeting, by whom, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Closed {
    pub period: String,
    pub date: NaiveDate,
    pub by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A decision's status and how it was closed: what settling it changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settled {
    pub status: DecisionStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<Closed>,
}

/// The board's call on a key milestone at a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Call {
    pub kind: CallKind,
    /// Met: the day it was met. Missed and a new date: the day of the meeting.
    pub date: NaiveDate,
    /// A new date: the milestone's due date from now on (the old one stays in the file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Due>,
    /// The meeting's period.
    pub period: String,
    pub by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CallKind {
    Met,
    Missed,
    /// Moved to a new date.
    Changed,
}

impl CallKind {
    pub fn word(self) -> &'static str {
        match self {
            CallKind::Met => "met",
            CallKind::Missed => "missed",
            CallKind::Changed => "new date",
        }
    }
}

/// A milestone by where it is: the item (objective or rated item) that lists it, its place
/// in that list, and its words (so a journal entry never lands on another milestone).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MilestoneAt {
    pub item: String,
    pub index: usize,
    pub text: String,
}

/// Items ticked as reviewed, per period id (the meeting's period).
pub type Reviewed = BTreeMap<String, BTreeSet<String>>;

/// A change to what the board recorded, as the meeting applies, inverts and journals it.
/// Each carries what it expects to find, so a replay can check it against the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Minute {
    /// A decision or agreed action recorded (none with its id before).
    Decide(Decision),
    /// That decision taken out again (undoing `Decide`): it must be as recorded.
    Withdraw(Decision),
    /// A decision's status changed.
    Settle {
        id: String,
        from: Settled,
        to: Settled,
    },
    /// A call added to a milestone (it had `calls` calls before).
    Call {
        at: MilestoneAt,
        calls: usize,
        call: Call,
    },
    /// That call taken back (undoing `Call`).
    Uncall {
        at: MilestoneAt,
        calls: usize,
        call: Call,
    },
    /// An item ticked (`on`) or unticked as reviewed in a period.
    Review {
        period: String,
        item: String,
        on: bool,
    },
    /// A lead's proposal for an action and period recorded (`from: None`), replaced, or
    /// taken out (`to: None`). Both name the same action, period and person.
    Propose {
        from: Option<Proposal>,
        to: Option<Proposal>,
    },
}

impl Minute {
    /// The minute that undoes this one.
    pub fn inverse(&self) -> Minute {
        match self.clone() {
            Minute::Decide(d) => Minute::Withdraw(d),
            Minute::Withdraw(d) => Minute::Decide(d),
            Minute::Settle { id, from, to } => Minute::Settle {
                id,
                from: to,
                to: from,
            },
            Minute::Call { at, calls, call } => Minute::Uncall { at, calls, call },
            Minute::Uncall { at, calls, call } => Minute::Call { at, calls, call },
            Minute::Review { period, item, on } => Minute::Review {
                period,
                item,
                on: !on,
            },
            Minute::Propose { from, to } => Minute::Propose { from: to, to: from },
        }
    }

    /// The period this minute belongs to (for a period that is in use).
    pub fn period(&self) -> &str {
        match self {
            Minute::Decide(d) | Minute::Withdraw(d) => &d.period,
            Minute::Settle { to, from, .. } => to
                .closed
                .as_ref()
                .or(from.closed.as_ref())
                .map_or("", |c| c.period.as_str()),
            Minute::Call { call, .. } | Minute::Uncall { call, .. } => &call.period,
            Minute::Review { period, .. } => period,
            Minute::Propose { from, to } => to
                .as_ref()
                .or(from.as_ref())
                .map_or("", |p| p.period.as_str()),
        }
    }
}

/// Where a minute stands against a plan: it can apply, the plan already holds its result,
/// or the plan holds something else (someone changed it since).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    Applies,
    Already,
    Differs,
}

impl Plan {
    pub fn decision(&self, id: &str) -> Option<&Decision> {
        self.decisions.iter().find(|d| d.id == id)
    }

    /// The milestones listed by the item `id` (an objective or a rated item).
    pub fn milestones_of(&self, id: &str) -> Option<&Vec<Milestone>> {
        self.priorities.iter().find_map(|p| {
            p.objectives.iter().find_map(|o| {
                if o.id == id {
                    Some(&o.milestones)
                } else {
                    o.actions.iter().find(|a| a.id == id).map(|a| &a.milestones)
                }
            })
        })
    }

    pub fn milestones_of_mut(&mut self, id: &str) -> Option<&mut Vec<Milestone>> {
        self.priorities.iter_mut().find_map(|p| {
            std::sync::Arc::make_mut(p)
                .objectives
                .iter_mut()
                .find_map(|o| {
                    if o.id == id {
                        Some(&mut o.milestones)
                    } else {
                        o.actions
                            .iter_mut()
                            .find(|a| a.id == id)
                            .map(|a| &mut a.milestones)
                    }
                })
        })
    }

    /// The milestone at `at`, if it is still there with its words.
    pub fn milestone_at(&self, at: &MilestoneAt) -> Option<&Milestone> {
        self.milestones_of(&at.item)?
            .get(at.index)
            .filter(|m| m.text == at.text)
    }
}

/// Whether `m` can apply to `plan`, is already there, or meets something else.
pub fn fit(plan: &Plan, m: &Minute) -> Fit {
    match m {
        Minute::Decide(d) => match plan.decision(&d.id) {
            None => Fit::Applies,
            Some(x) if x == d => Fit::Already,
            Some(_) => Fit::Differs,
        },
        Minute::Withdraw(d) => match plan.decision(&d.id) {
            None => Fit::Already,
            Some(x) if x == d => Fit::Applies,
            Some(_) => Fit::Differs,
        },
        Minute::Settle { id, from, to } => match plan.decision(id) {
            Some(d) if d.status == from.status && d.closed == from.closed => Fit::Applies,
            Some(d) if d.status == to.status && d.closed == to.closed => Fit::Already,
            _ => Fit::Differs,
        },
        Minute::Call { at, calls, call } => match plan.milestone_at(at) {
            Some(ms) if ms.calls.len() == *calls => Fit::Applies,
            Some(ms) if ms.calls.len() == calls + 1 && ms.calls.last() == Some(call) => {
                Fit::Already
            }
            _ => Fit::Differs,
        },
        Minute::Uncall { at, calls, call } => match plan.milestone_at(at) {
            Some(ms) if ms.calls.len() == calls + 1 && ms.calls.last() == Some(call) => {
                Fit::Applies
            }
            Some(ms) if ms.calls.len() == *calls => Fit::Already,
            _ => Fit::Differs,
        },
        Minute::Review { period, item, on } => {
            let ticked = plan.reviewed.get(period).is_some_and(|s| s.contains(item));
            if ticked == *on {
                Fit::Already
            } else {
                Fit::Applies
            }
        }
        Minute::Propose { from, to } => {
            let Some(key) = to.as_ref().or(from.as_ref()) else {
                return Fit::Already;
            };
            let now = plan.proposal_by(&key.item, &key.period, &key.by);
            if now == from.as_ref() {
                Fit::Applies
            } else if now == to.as_ref() {
                Fit::Already
            } else {
                Fit::Differs
            }
        }
    }
}

/// Put `m` into `plan`. `false` (and the plan unchanged) where it does not fit.
pub fn apply(plan: &mut Plan, m: &Minute) -> bool {
    if fit(plan, m) != Fit::Applies {
        return false;
    }
    match m {
        Minute::Decide(d) => plan.decisions.push(d.clone()),
        Minute::Withdraw(d) => plan.decisions.retain(|x| x.id != d.id),
        Minute::Settle { id, to, .. } => {
            if let Some(d) = plan.decisions.iter_mut().find(|d| d.id == *id) {
                d.status = to.status;
                d.closed = to.closed.clone();
            }
        }
        Minute::Call { at, call, .. } => {
            if let Some(ms) = plan
                .milestones_of_mut(&at.item)
                .and_then(|v| v.get_mut(at.index))
            {
                ms.calls.push(call.clone());
            }
        }
        Minute::Uncall { at, .. } => {
            if let Some(ms) = plan
                .milestones_of_mut(&at.item)
                .and_then(|v| v.get_mut(at.index))
            {
                ms.calls.pop();
            }
        }
        Minute::Review { period, item, on } => {
            if *on {
                plan.reviewed
                    .entry(period.clone())
                    .or_default()
                    .insert(item.clone());
            } else if let Some(s) = plan.reviewed.get_mut(period) {
                s.remove(item);
                if s.is_empty() {
                    plan.reviewed.remove(period);
                }
            }
        }
        Minute::Propose { from, to } => {
            let at = from.as_ref().and_then(|f| {
                plan.proposals
                    .iter()
                    .position(|p| p.item == f.item && p.period == f.period && p.by == f.by)
            });
            match (at, to) {
                (Some(i), Some(t)) => plan.proposals[i] = t.clone(),
                (Some(i), None) => {
                    plan.proposals.remove(i);
                }
                (None, Some(t)) => plan.proposals.push(t.clone()),
                (None, None) => {}
            }
        }
    }
    true
}

/// A new decision's id: who recorded it, the meeting's period and a number not yet used
/// ("ann-01-18-1"), so two officers' copies never make the same id.
pub fn next_id(plan: &Plan, user: &str, period: &str) -> String {
    let who: String = user
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    let taken: HashSet<&str> = plan.decisions.iter().map(|d| d.id.as_str()).collect();
    (1..)
        .map(|n| format!("{who}-{period}-{n}"))
        .find(|id| !taken.contains(id.as_str()))
        .unwrap_or_default()
}

/// The decisions and agreed actions recorded against `item` (`None`: the plan as a whole).
pub fn decisions_on<'a>(
    plan: &'a Plan,
    item: Option<&'a str>,
) -> impl Iterator<Item = &'a Decision> + 'a {
    plan.decisions
        .iter()
        .filter(move |d| d.item.as_deref() == item)
}

/// What a meeting in `period` has before it from the board's records: what it made, and
/// the open agreed actions of earlier meetings (matters arising), and those closed at it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Arising<'a> {
    /// Made at this meeting (its period), in the order recorded.
    pub new: Vec<&'a Decision>,
    /// From earlier meetings: agreed actions still open, and any decision or action closed
    /// at this one (with its status), in the order recorded.
    pub earlier: Vec<&'a Decision>,
}

impl Arising<'_> {
    pub fn is_empty(&self) -> bool {
        self.new.is_empty() && self.earlier.is_empty()
    }

    /// Both lists, earlier first (the order the view lists them).
    pub fn all(&self) -> impl Iterator<Item = &Decision> {
        self.earlier.iter().chain(self.new.iter()).copied()
    }

    /// How many earlier agreed actions are still open.
    pub fn open_earlier(&self) -> usize {
        self.earlier.iter().filter(|d| d.status.is_open()).count()
    }
}

/// The matters arising and the new records of a meeting in `period`.
pub fn arising<'a>(plan: &'a Plan, period: &str) -> Arising<'a> {
    let mut out = Arising::default();
    for d in &plan.decisions {
        if d.period == period {
            out.new.push(d);
        } else if (d.kind == DecisionKind::Action && d.status.is_open())
            || d.closed.as_ref().is_some_and(|c| c.period == period)
        {
            out.earlier.push(d);
        }
    }
    out
}

/// The open agreed actions of earlier meetings recorded against `item`.
pub fn open_earlier_on<'a>(
    plan: &'a Plan,
    item: &'a str,
    period: &'a str,
) -> impl Iterator<Item = &'a Decision> + 'a {
    decisions_on(plan, Some(item))
        .filter(move |d| d.period != period && d.kind == DecisionKind::Action && d.status.is_open())
}

/// A milestone's call made at a meeting, with the milestone it is on.
#[derive(Debug, Clone, PartialEq)]
pub struct Called<'a> {
    /// The item that lists the milestone.
    pub item: &'a str,
    pub milestone: &'a Milestone,
    pub call: &'a Call,
}

/// The calls made at the meeting of `period`, in plan order.
pub fn calls_in<'a>(plan: &'a Plan, period: &'a str) -> Vec<Called<'a>> {
    let mut out = Vec::new();
    for p in &plan.priorities {
        for o in &p.objectives {
            let lists = std::iter::once((o.id.as_str(), &o.milestones))
                .chain(o.actions.iter().map(|a| (a.id.as_str(), &a.milestones)));
            for (item, ms) in lists {
                for m in ms {
                    for call in m.calls.iter().filter(|c| c.period == period) {
                        out.push(Called {
                            item,
                            milestone: m,
                            call,
                        });
                    }
                }
            }
        }
    }
    out
}

/// The items a meeting in `period` has reviewed: those ticked, and those it rated, noted,
/// judged, recorded a decision on or called a milestone of (`log`: the change log, saved
/// and unsaved). Corrections to other periods are not reviews of this meeting.
pub fn reviewed<'a>(
    plan: &'a Plan,
    period: &str,
    log: impl Iterator<Item = &'a Change>,
) -> HashSet<String> {
    let mut out: HashSet<String> = plan
        .reviewed
        .get(period)
        .map(|s| s.iter().cloned().collect())
        .unwrap_or_default();
    out.extend(log.filter(|c| c.period == period).map(|c| c.item.clone()));
    out.extend(
        plan.decisions
            .iter()
            .filter(|d| d.period == period || d.closed.as_ref().is_some_and(|c| c.period == period))
            .filter_map(|d| d.item.clone()),
    );
    for c in calls_in(plan, period) {
        out.insert(c.item.to_string());
    }
    out
}

/// How a paper or view names what a record is on: "Action 1.1.1 Open a clinic" (the title
/// cut to `width` characters), or "the plan as a whole".
pub fn item_words(plan: &Plan, index: &super::Index, item: Option<&str>, width: usize) -> String {
    let Some(id) = item else {
        return "the plan as a whole".to_string();
    };
    let Some(node) = index.node(id) else {
        return id.to_string();
    };
    match super::agenda::path(plan, node).last() {
        Some(step) => {
            let title: String = if step.title.chars().count() > width {
                let mut t: String = step.title.chars().take(width.saturating_sub(1)).collect();
                t.push('…');
                t
            } else {
                step.title.to_string()
            };
            format!("{} {} {title}", step.level, step.id)
        }
        None => id.to_string(),
    }
}

/// A line for one decision: "agreed action (open, Director, due Mar 2018): Bring a recovery
/// plan".
pub fn describe(d: &Decision) -> String {
    let mut facts = vec![d.status.word().to_string()];
    if let Some(o) = &d.owner {
        facts.push(o.clone());
    }
    if let Some(due) = d.due {
        facts.push(format!("due {}", due.human()));
    }
    format!("{} ({}): {}", d.kind.word(), facts.join(", "), d.text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> Plan {
        crate::store::parse(
            include_str!("../../tests/fixtures/rag-small.ron"),
            std::path::Path::new("small.ron"),
        )
        .unwrap()
    }

    fn decision(id: &str, period: &str, kind: DecisionKind) -> Decision {
        Decision {
            id: id.into(),
            kind,
            item: Some("1.1.1".into()),
            text: "Bring a recovery plan".into(),
            owner: Some("Director".into()),
            due: Some("2018-03".parse().unwrap()),
            status: DecisionStatus::Open,
            period: period.into(),
            date: NaiveDate::from_ymd_opt(2025, 9, 30).unwrap(),
            by: "ann".into(),
            closed: None,
        }
    }

    #[test]
    fn a_minute_and_its_inverse_leave_the_plan_as_it_was() {
        let base = plan();
        let d = decision("ann-q2-1", "q2", DecisionKind::Action);
        let mut p = base.clone();
        let minutes = [
            Minute::Decide(d.clone()),
            Minute::Settle {
                id: d.id.clone(),
                from: Settled {
                    status: DecisionStatus::Open,
                    closed: None,
                },
                to: Settled {
                    status: DecisionStatus::Done,
                    closed: Some(Closed {
                        period: "q2".into(),
                        date: d.date,
                        by: "bob".into(),
                        note: Some("received".into()),
                    }),
                },
            },
            Minute::Review {
                period: "q2".into(),
                item: "1.1".into(),
                on: true,
            },
        ];
        for m in &minutes {
            assert_eq!(fit(&p, m), Fit::Applies, "{m:?}");
            assert!(apply(&mut p, m));
            assert_eq!(fit(&p, m), Fit::Already, "{m:?}");
        }
        assert_eq!(p.decision(&d.id).unwrap().status, DecisionStatus::Done);
        assert!(p.reviewed["q2"].contains("1.1"));
        for m in minutes.iter().rev() {
            assert!(apply(&mut p, &m.inverse()));
        }
        assert_eq!(p, base);
    }

    #[test]
    fn a_decision_recorded_twice_differently_does_not_fit() {
        let mut p = plan();
        let d = decision("ann-q2-1", "q2", DecisionKind::Decision);
        apply(&mut p, &Minute::Decide(d.clone()));
        let other = Decision {
            text: "Something else".into(),
            ..d
        };
        assert_eq!(fit(&p, &Minute::Decide(other)), Fit::Differs);
    }

    #[test]
    fn matters_arising_are_open_actions_of_earlier_meetings() {
        let mut p = plan();
        p.decisions = vec![
            decision("a", "q1", DecisionKind::Action),
            decision("b", "q1", DecisionKind::Decision),
            Decision {
                status: DecisionStatus::Done,
                ..decision("c", "q1", DecisionKind::Action)
            },
            decision("d", "q2", DecisionKind::Decision),
        ];
        let a = arising(&p, "q2");
        let ids = |v: &[&Decision]| v.iter().map(|d| d.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&a.earlier), ["a"]);
        assert_eq!(ids(&a.new), ["d"]);
        assert_eq!(a.open_earlier(), 1);
        assert_eq!(next_id(&p, "ann b", "q2"), "ann-b-q2-1");
    }
}
