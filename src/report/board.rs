//! `ragboard report`: the board paper for one period. This module gathers the figures
//! (reusing the summary's, so the paper and `summary` never disagree); `board_text` and
//! `board_html` only lay them out.

use std::fmt::Write as _;

use chrono::NaiveDate;
use serde::Serialize;

use std::collections::HashMap;

use crate::model::agenda::{SAME_ACTION, action_label, continues};
use crate::model::figures;
use crate::model::minutes;
use crate::model::rollup::Dot;
use crate::model::{
    self, Action, Call, Change, Decision, Due, Milestone, MilestoneState, Node, Plan, Rating,
};

use crate::model::summary::Summary;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoardFormat {
    Markdown,
    Html,
    Csv,
}

#[derive(Debug, Clone, Serialize)]
pub struct PeriodRef {
    pub id: String,
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Board {
    pub plan: String,
    pub organisation: Option<String>,
    pub period: PeriodRef,
    /// The days `period` covers, by the plan's cadence (`None` for an undated period).
    pub period_span: Option<(NaiveDate, NaiveDate)>,
    /// The period every direction of travel compares with: the latest earlier period that
    /// holds ratings (an earlier period with none is never a comparison).
    pub compared_with: Option<PeriodRef>,
    /// The date "overdue" is judged at.
    pub date: NaiveDate,
    /// The summary restricted to `period` (its direction of travel still compares with the
    /// latest earlier period with ratings).
    pub summary: Summary,
    pub exceptions: Vec<Exception>,
    pub changes: Vec<Recorded>,
    /// Corrections to earlier periods made at this meeting (during this period's span, or
    /// on the meeting date where the period has none).
    pub corrections: Vec<Recorded>,
    pub legend: Vec<LegendEntry>,
    /// Key milestones overdue at `date`, or due from it to the end of `period`, in plan
    /// order (plans with milestones).
    pub milestones: Vec<MilestoneDue>,
    /// The last day of `period`'s span, where it is not before `date`: milestones due from
    /// `date` to then are "due in the period".
    pub milestones_until: Option<NaiveDate>,
    /// The reasons that apply to this plan's scale.
    pub reasons: Vec<Reason>,
    /// On a scale of statuses, its red and amber ones (the exceptions), in scale order.
    pub exception_statuses: Vec<Rating>,
    /// The scale has an order, so means and directions of travel mean something.
    pub ordinal: bool,
    /// Every period of the plan, to name the published table's columns.
    pub periods: Vec<PeriodRef>,
    /// Decisions and agreed actions made at this meeting (in `period`).
    pub decisions_new: Vec<Minuted>,
    /// From earlier meetings: agreed actions still open, and what this meeting closed.
    pub decisions_earlier: Vec<Minuted>,
    /// The board's calls on key milestones at this meeting.
    pub calls: Vec<CallMade>,
    /// The board's judgements recorded at this meeting, beside the recomputed figure.
    pub judgements: Vec<Judged>,
    /// Items the meeting reviewed, of all, in a plan that keeps the board's records.
    pub reviewed: Option<(usize, usize)>,
    /// Whether the plan keeps any of the board's records (decisions, calls, judgements
    /// recorded in a meeting, ticks): the paper's sections for them are shown.
    pub keeps_records: bool,
    /// The leads' updates for the period (proposed, agreed, challenged) and the missing
    /// ones, in a plan that has had update forms collected.
    pub updates: Option<super::updates::Updates>,
}

/// A decision or agreed action as the paper lists it.
#[derive(Debug, Clone, Serialize)]
pub struct Minuted {
    #[serde(flatten)]
    pub decision: Decision,
    /// What it is on, in the plan's words ("Action 1.1.1 Open a clinic").
    pub on: String,
}

/// A call the board made on a key milestone at the meeting.
#[derive(Debug, Clone, Serialize)]
pub struct CallMade {
    pub on: String,
    pub milestone: String,
    /// Its due date as the plan listed it.
    pub due: Option<Due>,
    pub call: Call,
}

/// The board's judgement of a priority recorded at the meeting.
#[derive(Debug, Clone, Serialize)]
pub struct Judged {
    pub priority: String,
    pub title: String,
    /// The recomputed figure beside it, as the summary shows it ("2.4 (7/12)").
    pub recomputed: String,
    #[serde(flatten)]
    pub change: Change,
}

/// Why an action is on the exceptions list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// On an ordered scale: at or below the top red or amber level.
    AtOrBelowAmber,
    /// On a scale of statuses: a red or amber status, named in papers by the scale's own
    /// words ("Ongoing or Pending"; see `Board::reason_words`).
    RedOrAmber,
    Overdue,
    Worse,
}

impl Reason {
    pub fn words(self) -> &'static str {
        match self {
            Reason::AtOrBelowAmber => "at or below amber",
            Reason::RedOrAmber => "red or amber",
            Reason::Overdue => "overdue",
            Reason::Worse => "worse than previous",
        }
    }
}

/// How a paper names an action row: as the agenda does (a further row of an action, a
/// merged cell in the source, shows "↳" and its own success measure, never the action's
/// words again), and, where the row is listed without the rows before it of the same
/// action, which action it is part of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowName {
    pub id: String,
    pub label: String,
    /// "2.1.1 OFSTED recco 2 Engage…": the action this row is a further row of, where the
    /// row listed before it is not of the same action.
    pub part_of: Option<String>,
}

impl RowName {
    /// "2.1.2 ↳ A consistent approach…", with "(a further row of 2.1.1 …)" where needed.
    pub fn text(&self) -> String {
        format!("{} {}", self.id, self.after_id())
    }

    /// The name without its id: "↳ A consistent approach… (a further row of 2.1.1 …)".
    pub fn after_id(&self) -> String {
        match &self.part_of {
            Some(p) if self.label == SAME_ACTION => format!("↳ (a further row of {p})"),
            Some(p) => format!("{} (a further row of {p})", self.label),
            None => self.label.clone(),
        }
    }
}

/// Names the action rows of one list, in the order listed.
pub struct RowNamer<'a> {
    plan: &'a Plan,
    nodes: HashMap<&'a str, (usize, usize, usize)>,
    /// The action (objective and first row) of the row named last.
    last: Option<(usize, usize, usize)>,
}

impl<'a> RowNamer<'a> {
    pub fn new(plan: &'a Plan) -> Self {
        let mut nodes = HashMap::new();
        for (p, pr) in plan.priorities.iter().enumerate() {
            for (o, ob) in pr.objectives.iter().enumerate() {
                for (a, ac) in ob.actions.iter().enumerate() {
                    nodes.entry(ac.id.as_str()).or_insert((p, o, a));
                }
            }
        }
        RowNamer {
            plan,
            nodes,
            last: None,
        }
    }

    /// The next row of the list: `None` for an id the plan does not hold.
    pub fn name(&mut self, id: &str) -> Option<RowName> {
        let Some(&(p, o, a)) = self.nodes.get(id) else {
            self.last = None;
            return None;
        };
        let actions = &self.plan.priorities[p].objectives[o].actions;
        let first = continues(actions, a);
        let action = (p, o, first.unwrap_or(a));
        let part_of = first
            .filter(|_| self.last != Some(action))
            .map(|f| format!("{} {}", actions[f].id, actions[f].title));
        self.last = Some(action);
        Some(RowName {
            id: id.to_string(),
            label: action_label(self.plan, Node::Action(p, o, a)),
            part_of,
        })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Exception {
    pub priority: String,
    pub id: String,
    /// The action's own words (a further row of an action repeats them: see `name`).
    pub title: String,
    /// How the paper names the row.
    pub name: RowName,
    pub rating: Option<Rating>,
    /// The latest rating before this period.
    pub previous: Option<Rating>,
    /// The period that rating is from, where it is not the paper's comparison period.
    pub previous_period: Option<String>,
    pub reasons: Vec<Reason>,
    pub lead: Option<String>,
    pub officer: Option<String>,
    pub due: Option<Due>,
    pub progress: Option<String>,
}

/// A key milestone overdue at the paper's date, or due in its period.
#[derive(Debug, Clone, Serialize)]
pub struct MilestoneDue {
    pub priority: String,
    /// The rated item it belongs to, or its objective (with the objective's title).
    pub item: RowName,
    /// It belongs to the objective itself, not to one of its rated items.
    pub on_objective: bool,
    pub text: String,
    pub due: Due,
    /// `Overdue` or `Due` (in the period).
    pub state: MilestoneState,
}

/// The milestones of `plan` overdue on `today` (past their day, month, year or financial
/// year, not done) or due from `today` to `until` (the end of the paper's period), in plan
/// order: each objective's own, then its items'.
pub fn milestones_due(
    plan: &Plan,
    today: NaiveDate,
    until: Option<NaiveDate>,
) -> Vec<MilestoneDue> {
    let listed = |m: &Milestone| {
        let due = m.due_now()?;
        let state = m.state(today);
        let keep = match state {
            MilestoneState::Overdue => true,
            MilestoneState::Due => until.is_some_and(|end| due.deadline() <= end),
            MilestoneState::Done | MilestoneState::Missed | MilestoneState::Undated => false,
        };
        keep.then_some((due, state))
    };
    let mut out = Vec::new();
    let mut namer = RowNamer::new(plan);
    for pr in &plan.priorities {
        for ob in &pr.objectives {
            for m in &ob.milestones {
                if let Some((due, state)) = listed(m) {
                    out.push(MilestoneDue {
                        priority: pr.id.clone(),
                        item: RowName {
                            id: ob.id.clone(),
                            label: ob.title.clone(),
                            part_of: None,
                        },
                        on_objective: true,
                        text: m.text.clone(),
                        due,
                        state,
                    });
                }
            }
            for a in &ob.actions {
                let mut name = None;
                for m in &a.milestones {
                    let Some((due, state)) = listed(m) else {
                        continue;
                    };
                    if name.is_none() {
                        name = namer.name(&a.id);
                    }
                    let Some(item) = name.clone() else { continue };
                    out.push(MilestoneDue {
                        priority: pr.id.clone(),
                        item,
                        on_objective: false,
                        text: m.text.clone(),
                        due,
                        state,
                    });
                }
            }
        }
    }
    out
}

/// A change from the plan's log, with how the paper names the action it touched.
#[derive(Debug, Clone, Serialize)]
pub struct Recorded {
    #[serde(flatten)]
    pub change: Change,
    /// `None` for an item the plan no longer holds.
    pub name: Option<RowName>,
}

impl Recorded {
    /// The row's name, or the bare id of an item the plan no longer holds.
    pub fn item_text(&self) -> String {
        self.name
            .as_ref()
            .map_or_else(|| self.change.item.clone(), RowName::text)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct LegendEntry {
    pub value: Rating,
    pub label: String,
    pub name: String,
    pub meaning: String,
    pub colour: String,
}

fn is_red_or_amber(colour: &str) -> bool {
    matches!(colour.to_ascii_lowercase().as_str(), "red" | "amber")
}

/// "A", "A or B", "A, B or C".
fn or_list(words: &[String]) -> String {
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

/// The reasons that apply to a plan's scale, in the order reports list them.
pub fn reasons_for(plan: &Plan) -> Vec<Reason> {
    if plan.scale.kind.is_ordinal() {
        vec![Reason::AtOrBelowAmber, Reason::Overdue, Reason::Worse]
    } else {
        vec![Reason::RedOrAmber, Reason::Overdue]
    }
}

/// The highest level counted as "at or below amber": the top of the scale's red and amber
/// levels (scales rise from worst to best). `None` when the scale names neither colour.
pub fn amber_ceiling(plan: &Plan) -> Option<Rating> {
    plan.scale
        .levels
        .iter()
        .filter(|l| is_red_or_amber(&l.colour))
        .map(|l| l.value)
        .max()
}

/// The action's rating in period `at` (an index into the plan's periods) and the latest
/// rating before it.
pub fn rating_and_previous(
    plan: &Plan,
    action: &Action,
    at: usize,
) -> (Option<Rating>, Option<Rating>) {
    let now = plan.periods.get(at).and_then(|p| action.rating(&p.id));
    let before = figures::previous_rating(plan, action, at).map(|(_, r)| r);
    (now, before)
}

/// Why `action` is an exception in period `at`, judged on `today`; empty when it is not.
pub fn reasons(
    plan: &Plan,
    action: &Action,
    at: usize,
    today: NaiveDate,
    ceiling: Option<Rating>,
) -> Vec<Reason> {
    let now = plan.periods.get(at).and_then(|p| action.rating(&p.id));
    let mut out = Vec::new();
    let ordinal = plan.scale.kind.is_ordinal();
    if ordinal {
        if let (Some(r), Some(c)) = (now, ceiling)
            && r <= c
        {
            out.push(Reason::AtOrBelowAmber);
        }
    } else if now
        .and_then(|r| plan.scale.level(r))
        .is_some_and(|l| is_red_or_amber(&l.colour))
    {
        // Statuses have no order: only the red and amber ones are exceptions.
        out.push(Reason::RedOrAmber);
    }
    if model::is_overdue(plan, action, at, today) {
        out.push(Reason::Overdue);
    }
    // "Worse" needs an order; a change between statuses is not a direction.
    if figures::action_travel(plan, action, at).is_some_and(|(d, _)| d == Dot::Down) {
        out.push(Reason::Worse);
    }
    out
}

/// The period a paper is for when none is asked for: the latest with any rating; in a plan
/// with none, the one whose span holds the paper's date, else the latest begun by then (the
/// CYPP 2013-16, unrated, at a June 2015 meeting: Review 2015/16).
fn default_period(plan: &Plan, spans: &[Option<model::cadence::Span>], today: NaiveDate) -> usize {
    let rated = plan
        .periods
        .iter()
        .any(|p| plan.actions().any(|a| a.rating(&p.id).is_some()));
    if rated {
        return model::default_period(plan);
    }
    model::meeting_period(plan, today)
        .or_else(|| {
            spans
                .iter()
                .rposition(|s| s.is_some_and(|s| s.start <= today))
        })
        .unwrap_or(0)
}

/// Why a report cannot be built.
#[derive(Debug, thiserror::Error)]
pub enum BoardError {
    #[error("no period {0:?}: expected one of {1}")]
    NoSuchPeriod(String, String),
    #[error("the plan has no periods")]
    NoPeriods,
}

impl Board {
    /// The paper for `period` (default: the latest period with any rating).
    pub fn build(plan: &Plan, period: Option<&str>, today: NaiveDate) -> Result<Board, BoardError> {
        if plan.periods.is_empty() {
            return Err(BoardError::NoPeriods);
        }
        let spans = model::cadence::spans(plan);
        let at = match period {
            Some(id) => plan
                .periods
                .iter()
                .position(|p| p.id == id)
                .ok_or_else(|| {
                    let ids: Vec<&str> = plan.periods.iter().map(|p| p.id.as_str()).collect();
                    BoardError::NoSuchPeriod(id.to_string(), ids.join(", "))
                })?,
            None => default_period(plan, &spans, today),
        };
        let pref = |i: usize| {
            plan.periods.get(i).map(|p| PeriodRef {
                id: p.id.clone(),
                label: p.label.clone(),
            })
        };
        let this = pref(at).ok_or(BoardError::NoPeriods)?;
        let compared = figures::comparison_period(plan, plan.actions(), at);
        let ceiling = amber_ceiling(plan);
        let mut exceptions = Vec::new();
        let mut namer = RowNamer::new(plan);
        for pr in &plan.priorities {
            for a in pr.actions() {
                let why = reasons(plan, a, at, today, ceiling);
                if why.is_empty() {
                    continue;
                }
                let rating = plan.periods.get(at).and_then(|p| a.rating(&p.id));
                let before = figures::previous_rating(plan, a, at);
                let Some(name) = namer.name(&a.id) else {
                    continue;
                };
                exceptions.push(Exception {
                    priority: pr.id.clone(),
                    id: a.id.clone(),
                    title: a.title.clone(),
                    name,
                    rating,
                    previous: before.map(|(_, r)| r),
                    previous_period: before
                        .filter(|(k, _)| Some(*k) != compared)
                        .and_then(|(k, _)| plan.periods.get(k))
                        .map(|p| p.label.clone()),
                    reasons: why,
                    lead: a.lead.clone(),
                    officer: a.officer.clone(),
                    due: a.due,
                    progress: a.progress.clone(),
                });
            }
        }
        let recorded = |changes: Vec<&Change>| {
            let mut namer = RowNamer::new(plan);
            changes
                .into_iter()
                .map(|c| Recorded {
                    change: c.clone(),
                    name: namer.name(&c.item),
                })
                .collect::<Vec<_>>()
        };
        let changes = recorded(
            plan.changes
                .iter()
                .filter(|c| c.period == this.id && !c.judgement)
                .collect(),
        );
        let index = model::Index::build(plan);
        let summary = Summary::build(plan, Some(&this.id)).with_milestones(plan, today);
        let minuted = |d: &Decision| Minuted {
            decision: d.clone(),
            on: minutes::item_words(plan, &index, d.item.as_deref(), 60),
        };
        let arising = minutes::arising(plan, &this.id);
        let calls = minutes::calls_in(plan, &this.id)
            .into_iter()
            .map(|c| CallMade {
                on: minutes::item_words(plan, &index, Some(c.item), 60),
                milestone: c.milestone.text.clone(),
                due: c.milestone.due,
                call: c.call.clone(),
            })
            .collect();
        let judgements = plan
            .changes
            .iter()
            .filter(|c| c.judgement && c.period == this.id)
            .map(|c| {
                // A priority's, or a group's where the plan's top tier is its groups.
                let row = summary
                    .rows
                    .iter()
                    .chain(&summary.groups)
                    .find(|r| r.id == c.item);
                Judged {
                    priority: c.item.clone(),
                    title: row.map_or_else(String::new, |r| r.title.clone()),
                    recomputed: row.and_then(|r| r.cells.first()).map_or_else(
                        String::new,
                        |cell| {
                            format!(
                                "{} ({}/{})",
                                summary.mean_cell(cell),
                                cell.rated,
                                cell.total
                            )
                        },
                    ),
                    change: c.clone(),
                }
            })
            .collect();
        let keeps_records = !plan.decisions.is_empty()
            || !plan.reviewed.is_empty()
            || plan.changes.iter().any(|c| c.judgement)
            || plan
                .priorities
                .iter()
                .any(|p| p.milestones().any(|m| !m.calls.is_empty()));
        // How much the meeting reviewed, in a plan that keeps the board's records.
        let reviewed = keeps_records.then(|| {
            let seen = minutes::reviewed(plan, &this.id, plan.changes.iter());
            let items = model::agenda::build(plan)
                .iter()
                .filter(|n| !matches!(n, Node::Measure(..)))
                .count();
            (seen.iter().filter(|id| index.is_item(id)).count(), items)
        });
        let corrections = recorded(corrections_made_at(plan, at, today));
        let milestones_until = spans
            .get(at)
            .copied()
            .flatten()
            .map(|s| s.end)
            .or_else(|| plan.periods.get(at).and_then(|p| p.date))
            .filter(|end| *end >= today);
        let milestones = milestones_due(plan, today, milestones_until);
        let legend = plan
            .scale
            .levels
            .iter()
            .map(|l| LegendEntry {
                value: l.value,
                label: l.label.clone(),
                name: l.name.clone(),
                meaning: l.meaning.clone(),
                colour: l.colour.clone(),
            })
            .collect();
        Ok(Board {
            plan: plan.title.clone(),
            organisation: plan.organisation.clone(),
            decisions_new: arising.new.iter().map(|d| minuted(d)).collect(),
            decisions_earlier: arising.earlier.iter().map(|d| minuted(d)).collect(),
            calls,
            judgements,
            reviewed,
            keeps_records,
            summary,
            period: this,
            period_span: spans.get(at).copied().flatten().map(|s| (s.start, s.end)),
            compared_with: compared.and_then(pref),
            date: today,
            exceptions,
            changes,
            corrections,
            legend,
            milestones,
            milestones_until,
            reasons: reasons_for(plan),
            exception_statuses: if plan.scale.kind.is_ordinal() {
                Vec::new()
            } else {
                plan.scale
                    .levels
                    .iter()
                    .filter(|l| is_red_or_amber(&l.colour))
                    .map(|l| l.value)
                    .collect()
            },
            ordinal: plan.scale.kind.is_ordinal(),
            periods: (0..plan.periods.len()).filter_map(pref).collect(),
            updates: plan
                .periods
                .get(at)
                .and_then(|p| super::updates::build(plan, &p.id, &p.label)),
        })
    }

    /// How many exceptions give each reason.
    pub fn count(&self, reason: Reason) -> usize {
        self.exceptions
            .iter()
            .filter(|e| e.reasons.contains(&reason))
            .count()
    }

    /// The name of a status (or level) on the plan's scale: "Ongoing".
    fn status_name(&self, r: Rating) -> String {
        self.level(r)
            .map_or_else(|| r.to_string(), |l| l.name.clone())
    }

    /// A reason in the plan's own words: on a scale of statuses, its red and amber ones by
    /// name ("Ongoing or Pending"), never "red or amber".
    pub fn reason_words(&self, reason: Reason) -> String {
        match reason {
            Reason::RedOrAmber if !self.exception_statuses.is_empty() => {
                let names: Vec<String> = self
                    .exception_statuses
                    .iter()
                    .map(|r| self.status_name(*r))
                    .collect();
                or_list(&names)
            }
            r => r.words().to_string(),
        }
    }

    /// Why an exception is listed: "at or below amber; overdue"; on a scale of statuses,
    /// its own status ("Pending; overdue").
    pub fn why_listed(&self, e: &Exception) -> String {
        e.reasons
            .iter()
            .map(|r| match (r, e.rating) {
                (Reason::RedOrAmber, Some(status)) => self.status_name(status),
                (r, _) => self.reason_words(*r),
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// "40 at or below amber, 36 overdue, 0 worse than previous"; on a scale of statuses
    /// each red or amber status by name: "11 Ongoing, 18 Pending, 0 overdue".
    pub fn reason_counts(&self) -> String {
        self.reasons
            .iter()
            .flat_map(|r| match r {
                Reason::RedOrAmber if !self.exception_statuses.is_empty() => self
                    .exception_statuses
                    .iter()
                    .map(|status| {
                        let n = self
                            .exceptions
                            .iter()
                            .filter(|e| {
                                e.rating == Some(*status) && e.reasons.contains(&Reason::RedOrAmber)
                            })
                            .count();
                        format!("{n} {}", self.status_name(*status))
                    })
                    .collect::<Vec<_>>(),
                r => vec![format!("{} {}", self.count(*r), self.reason_words(*r))],
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// "at or below amber, overdue or worse than previous"; "Ongoing or Pending, or overdue".
    pub fn reason_list(&self) -> String {
        let words: Vec<String> = self.reasons.iter().map(|r| self.reason_words(*r)).collect();
        match words.split_last() {
            Some((last, rest)) if !rest.is_empty() => {
                // A comma before the last "or" where the one before it has its own "or".
                let comma = if rest.last().is_some_and(|w| w.contains(" or ")) {
                    ","
                } else {
                    ""
                };
                format!("{}{comma} or {last}", rest.join(", "))
            }
            Some((last, _)) => last.clone(),
            None => String::new(),
        }
    }

    /// The label of a rating on the plan's scale ("2"), or "-" when not rated.
    pub fn label_of(&self, r: Option<Rating>) -> String {
        match r {
            None => "-".into(),
            Some(r) => self
                .legend
                .iter()
                .find(|l| l.value == r)
                .map_or_else(|| r.to_string(), |l| l.label.clone()),
        }
    }

    /// A period's label from its id (the id itself when the plan has no such period).
    pub fn period_label<'a>(&'a self, id: &'a str) -> &'a str {
        self.periods
            .iter()
            .find(|p| p.id == id)
            .map_or(id, |p| p.label.as_str())
    }

    /// "overdue", or "due in Review 2015/16".
    pub fn milestone_state(&self, m: &MilestoneDue) -> String {
        match m.state {
            MilestoneState::Due => format!("due in {}", self.period.label),
            s => s.word().to_string(),
        }
    }

    /// "100 overdue, 19 due in Review 2015/16".
    pub fn milestone_counts(&self) -> String {
        let n = |s: MilestoneState| self.milestones.iter().filter(|m| m.state == s).count();
        let mut out = format!("{} overdue", n(MilestoneState::Overdue));
        if self.milestones_until.is_some() {
            let _ = write!(
                out,
                ", {} due in {}",
                n(MilestoneState::Due),
                self.period.label
            );
        }
        out
    }

    /// What the milestones list holds: "Listed below: every key milestone overdue at 15 June 2015 (…), and
    /// every one due from then to the end of Review 2015/16 (31 March 2016)."
    pub fn milestones_rule(&self) -> String {
        let mut s = format!(
            "Listed below: every key milestone overdue at {} (past its day, month, year or financial year and not recorded as done)",
            self.date.format("%-d %B %Y")
        );
        if let Some(end) = self.milestones_until {
            let _ = write!(
                s,
                ", and every one due from then to the end of {} ({})",
                self.period.label,
                end.format("%-d %B %Y")
            );
        }
        s.push('.');
        let missed = self
            .summary
            .milestones
            .as_ref()
            .and_then(|ms| ms.rows.iter().find(|r| r.id == "all"))
            .map_or(0, |r| r.counts.missed);
        if missed > 0 {
            let _ = write!(
                s,
                " {missed} called missed by the board are counted apart: neither done, due nor overdue."
            );
        }
        s
    }

    /// The head of the milestones list's item column: "Objective", or "Objective or
    /// action" where some milestones belong to an objective itself.
    pub fn milestone_item_head(&self) -> String {
        let names = &self.summary.names;
        if self.milestones.iter().any(|m| m.on_objective) {
            format!("{} or {}", names.objective, names.action.to_lowercase())
        } else {
            names.action.clone()
        }
    }

    /// Each listed milestone's item as the list shows it: the item's name on the first of
    /// its milestones, its id alone on the rest.
    pub fn milestone_items(&self) -> Vec<String> {
        let mut last: Option<&str> = None;
        self.milestones
            .iter()
            .map(|m| {
                let same = last == Some(m.item.id.as_str());
                last = Some(m.item.id.as_str());
                if same {
                    m.item.id.clone()
                } else {
                    m.item.text()
                }
            })
            .collect()
    }

    pub fn level(&self, r: Rating) -> Option<&LegendEntry> {
        self.legend.iter().find(|l| l.value == r)
    }
}

/// One of the paper's sections on what the board recorded: a title, what it lists, column
/// heads and rows of plain text; each format lays it out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordSection {
    pub title: String,
    pub intro: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// What the section says when it lists nothing.
    pub none: String,
}

impl Board {
    /// "done at RAG 01/18 by ann: the plan was received" and the like.
    fn status_text(&self, d: &Decision) -> String {
        match &d.closed {
            None => d.status.word().to_string(),
            Some(c) => {
                let when = if c.period == self.period.id {
                    "at this meeting".to_string()
                } else {
                    format!("at {}", self.period_label(&c.period))
                };
                let note = c
                    .note
                    .as_ref()
                    .map_or_else(String::new, |n| format!(": {n}"));
                format!("{} {when} by {}{note}", d.status.word(), c.by)
            }
        }
    }

    /// The sections on the board's own records: decisions and agreed actions made at
    /// this meeting, those open from earlier ones (and closed at this one), the board's
    /// judgements beside the recomputed figures, and the key milestones it called met or
    /// missed. Empty for a plan that keeps none of these (the paper then has no such
    /// sections).
    pub fn record_sections(&self) -> Vec<RecordSection> {
        let updates = self
            .updates
            .as_ref()
            .map(super::updates::Updates::sections)
            .unwrap_or_default();
        if !self.keeps_records {
            return updates;
        }
        let names = &self.summary.names;
        let owner_due = |d: &Decision| {
            (
                d.owner.clone().unwrap_or_default(),
                d.due.map(|x| x.human()).unwrap_or_default(),
            )
        };
        let made = SectionRows::from(&self.decisions_new, |m| {
            let d = &m.decision;
            let (owner, due) = owner_due(d);
            vec![
                capitalised(d.kind.word()),
                m.on.clone(),
                d.text.clone(),
                owner,
                due,
                d.by.clone(),
            ]
        });
        let earlier = SectionRows::from(&self.decisions_earlier, |m| {
            let d = &m.decision;
            let (owner, due) = owner_due(d);
            vec![
                capitalised(d.kind.word()),
                self.period_label(&d.period).to_string(),
                m.on.clone(),
                d.text.clone(),
                owner,
                due,
                self.status_text(d),
            ]
        });
        let judged = SectionRows::from(&self.judgements, |j| {
            let c = &j.change;
            vec![
                format!("{} {}", j.priority, j.title),
                j.recomputed.clone(),
                match c.from.filter(|r| *r != 0) {
                    None => self.label_of(c.to.filter(|r| *r != 0)),
                    from => format!(
                        "{} → {}",
                        self.label_of(from),
                        self.label_of(c.to.filter(|r| *r != 0))
                    ),
                },
                c.who.clone(),
                c.note.clone().unwrap_or_default(),
            ]
        });
        let called = SectionRows::from(&self.calls, |c| {
            let call = match (c.call.kind, c.call.due) {
                (model::CallKind::Met, _) => format!("met {}", c.call.date.format("%-d %b %Y")),
                (model::CallKind::Changed, Some(d)) => format!("new date {}", d.human()),
                (k, _) => k.word().to_string(),
            };
            vec![
                c.on.clone(),
                c.milestone.clone(),
                c.due.map(|d| d.human()).unwrap_or_default(),
                call,
                c.call.by.clone(),
                c.call.note.clone().unwrap_or_default(),
            ]
        });
        let strs = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let mut out = vec![
            RecordSection {
                title: format!("Decisions and agreed actions at this meeting ({})", self.period.label),
                intro: "Recorded at this meeting against an item, or the plan as a whole.".into(),
                head: strs(&["Kind", "On", "Decision or action", "Owner", "Due", "Recorded by"]),
                rows: made.0,
                none: "None recorded.".into(),
            },
            RecordSection {
                title: "Agreed actions from earlier meetings".into(),
                intro: "Every agreed action of an earlier meeting still open, and any decision or action this meeting closed, with its status.".into(),
                head: strs(&["Kind", "Made at", "On", "Decision or action", "Owner", "Due", "Status"]),
                rows: earlier.0,
                none: "None open.".into(),
            },
            RecordSection {
                title: names.reword(&format!(
                    "The board's judgements of priorities in {}",
                    self.period.label
                )),
                intro: names.reword(
                    "The board's own judgement of a priority, recorded at this meeting, beside the mean recomputed from its actions (rated of all).",
                ),
                head: vec![
                    names.priority.clone(),
                    "Recomputed".into(),
                    "Board's judgement".into(),
                    "Recorded by".into(),
                    "Why".into(),
                ],
                rows: judged.0,
                none: "None recorded at this meeting.".into(),
            },
        ];
        if self.summary.milestones.is_some() || !called.0.is_empty() {
            out.push(RecordSection {
                title: "Key milestones met or missed at this meeting".into(),
                intro: "The board's calls at this meeting: met (on the day given), missed, or moved to a new date (the old one is kept).".into(),
                head: vec![
                    format!("{} or {}", names.objective, names.action.to_lowercase()),
                    "Milestone".into(),
                    "Due".into(),
                    "Called".into(),
                    "Recorded by".into(),
                    "Note".into(),
                ],
                rows: called.0,
                none: "None called.".into(),
            });
        }
        out.extend(updates);
        out
    }
}

/// Rows made from a list, one per entry.
struct SectionRows(Vec<Vec<String>>);

impl SectionRows {
    fn from<T>(items: &[T], row: impl Fn(&T) -> Vec<String>) -> SectionRows {
        SectionRows(items.iter().map(row).collect())
    }
}

fn capitalised(s: &str) -> String {
    model::names::capitalised(s)
}

/// The paper of a plan with nothing to rate, in one format: what every view says of it
/// (`names::nothing_to_rate`), and no figures. `None` for a plan with something to rate.
pub fn nothing_to_rate(plan: &Plan, format: BoardFormat) -> Option<String> {
    let sentence = model::names::nothing_to_rate(plan)?;
    Some(match format {
        BoardFormat::Markdown => super::board_text::nothing_to_rate_markdown(plan, &sentence),
        BoardFormat::Html => super::board_html::nothing_to_rate(plan, &sentence),
        BoardFormat::Csv => super::board_text::nothing_to_rate_csv(plan),
    })
}

/// The paper in one format.
pub fn render_board(plan: &Plan, b: &Board, format: BoardFormat) -> String {
    match format {
        BoardFormat::Markdown => super::board_text::markdown(b),
        BoardFormat::Html => super::board_html::html(b),
        BoardFormat::Csv => super::board_text::csv(plan, b),
    }
}

/// Corrections to periods other than `at` made at the meeting that reviews `at`: recorded
/// within its span (by the plan's cadence), or on `today` where it has none.
pub fn corrections_made_at(plan: &Plan, at: usize, today: NaiveDate) -> Vec<&Change> {
    let Some(period) = plan.periods.get(at) else {
        return Vec::new();
    };
    let span = model::cadence::spans(plan).get(at).copied().flatten();
    plan.changes
        .iter()
        .filter(|c| c.correction && c.period != period.id)
        .filter(|c| {
            let day = c.when.date_naive();
            span.map_or(day == today, |s| s.holds(day))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn small() -> Plan {
        crate::store::parse(
            include_str!("../../tests/fixtures/rag-small.ron"),
            Path::new("small.ron"),
        )
        .unwrap()
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn exceptions_give_every_reason() {
        let plan = small();
        let b = Board::build(&plan, Some("q2"), day("2026-01-15")).unwrap();
        let ids: Vec<(&str, &[Reason])> = b
            .exceptions
            .iter()
            .map(|e| (e.id.as_str(), e.reasons.as_slice()))
            .collect();
        assert_eq!(
            ids,
            [
                // 1.1.1: green in q2, due 2025-08: overdue only.
                ("1.1.1", &[Reason::Overdue][..]),
                // 1.1.2: amber, due end of 2025, judged in 2026.
                ("1.1.2", &[Reason::AtOrBelowAmber, Reason::Overdue][..]),
                // 2.1.1: blue (complete) in q1, red in q2.
                ("2.1.1", &[Reason::AtOrBelowAmber, Reason::Worse][..]),
            ]
        );
        assert_eq!(b.count(Reason::Overdue), 2);
        assert_eq!(b.compared_with.as_ref().map(|p| p.id.as_str()), Some("q1"));
    }

    #[test]
    fn before_the_due_dates_only_ratings_count() {
        let b = Board::build(&small(), Some("q2"), day("2025-07-01")).unwrap();
        let ids: Vec<&str> = b.exceptions.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["1.1.2", "2.1.1"]);
    }

    #[test]
    fn unknown_period_is_an_error() {
        let e = Board::build(&small(), Some("q9"), day("2025-07-01")).unwrap_err();
        assert_eq!(e.to_string(), "no period \"q9\": expected one of q1, q2");
    }

    #[test]
    fn statuses_are_exceptions_by_colour_not_order() {
        let plan = crate::store::load(Path::new("data/cypp-2014-15-annual-report.ron"))
            .unwrap()
            .plan;
        let b = Board::build(&plan, None, day("2015-04-01")).unwrap();
        assert_eq!(b.reasons, [Reason::RedOrAmber, Reason::Overdue]);
        assert!(!b.exceptions.is_empty());
        for e in &b.exceptions {
            let colour = &b.level(e.rating.unwrap()).unwrap().colour;
            assert!(colour == "red" || colour == "amber", "{} {colour}", e.id);
            assert!(!e.reasons.contains(&Reason::Worse));
        }
        // Every red or amber status is listed: Ongoing (amber), Pending and Not met (red).
        let counts = &b.summary.overall.cells[0].counts;
        assert_eq!(
            b.count(Reason::RedOrAmber),
            counts[1] + counts[2] + counts[6]
        );
        assert_eq!(b.count(Reason::RedOrAmber), 11 + 18 + 2);
    }

    #[test]
    fn amber_ceiling_follows_colours() {
        assert_eq!(amber_ceiling(&small()), Some(2));
    }
}
