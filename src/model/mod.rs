//! Plain data types of a plan, and pure functions over them. No I/O, no terminal.

pub mod agenda;
pub mod cadence;
mod change_log;
pub mod colour;
pub mod diff;
mod due;
mod exact;
pub mod figures;
pub mod filter;
pub mod index;
pub mod indicator;
pub mod merge;
pub mod minutes;
pub mod names;
pub mod outcome;
pub mod people;
pub mod period_order;
pub mod proposals;
pub mod ratings;
pub mod rollup;
pub mod search;
pub mod series;
pub mod spc;
pub mod summary;
mod unique;

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub use agenda::{Item, Node};
pub use change_log::ChangeLog;
pub use due::Due;
pub use figures::Figures;
pub use index::Index;
pub use minutes::{Call, CallKind, Decision, DecisionKind, DecisionStatus, Minute};
pub use names::LevelNames;
pub use outcome::{Ambition, Milestone, MilestoneCounts, MilestoneState};
pub use people::Person;
pub use proposals::{Proposal, Standing, Verdict};
pub use series::{PlanKind, Series};

/// A rating value on the plan's scale. `0` (or absence) means "not rated".
pub type Rating = u8;

pub use ratings::Ratings;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// Where the plan was transcribed from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// What a transcriber decided where the source was broken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_note: Option<String>,
    /// Where the plan stands among others: its kind, years, and the plan it follows or
    /// reviews. Optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series: Option<Series>,
    /// What the plan calls its levels (default Priority / Objective / Action).
    #[serde(default, skip_serializing_if = "LevelNames::is_default")]
    pub names: LevelNames,
    /// The plan's narrative (foreword, vision, governance...), shown as "about this plan".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub narrative: Vec<Section>,
    /// How figures are shown: the coverage below which a figure is partial, and the
    /// decimals of a mean. Optional; each setting has a default (`figures`).
    #[serde(default, skip_serializing_if = "Figures::is_default")]
    pub figures: Figures,
    /// Optional only for a plan with nothing to rate (`check` says so otherwise).
    #[serde(default, skip_serializing_if = "Scale::is_unset")]
    pub scale: Scale,
    pub periods: Vec<Period>,
    /// A tier above the priorities, for plans with three levels above the rated item
    /// (a CYPP's priorities over its aims over its objectives over their actions).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Group>,
    /// The people the items name, each with the other spellings items use for them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<Person>,
    /// Shared, so a save can write a snapshot while the meeting goes on: an edit copies
    /// only the priority it touches (`Arc::make_mut`), and only while a save holds it.
    pub priorities: Vec<Arc<Priority>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_summary: Option<PublishedSummary>,
    /// Totals the source states in words ("76 actions... 55 were completed").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_counts: Option<PublishedCounts>,
    /// Decisions and agreed actions the board recorded at its meetings, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<Decision>,
    /// Items each meeting ticked as reviewed, by the meeting's period.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "unique::map"
    )]
    pub reviewed: minutes::Reviewed,
    /// Ratings and progress notes leads proposed on their update forms, as collected.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub proposals: Vec<Proposal>,
    /// The audit trail: every rating change recorded in a meeting.
    #[serde(default, skip_serializing_if = "ChangeLog::is_unset")]
    pub changes: ChangeLog,
}

/// A section of the plan's narrative, kept as text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub title: String,
    pub text: String,
}

/// The plan's rating scale: the levels, their labels, meanings and colours. A plan with
/// nothing to rate may leave it out: it is then unset (no name, no levels).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    pub name: String,
    /// Ordinal (averaged, like 1-5) or categorical (statuses: counted, never averaged).
    #[serde(default, skip_serializing_if = "ScaleKind::is_ordinal")]
    pub kind: ScaleKind,
    pub levels: Vec<Level>,
}

/// Whether the levels of a scale have an order that a mean means anything on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScaleKind {
    /// 1-5 or R/A/G: roll-ups average the levels.
    #[default]
    Ordinal,
    /// Statuses (completed, ongoing, carried forward...): roll-ups count them.
    Categorical,
}

impl ScaleKind {
    pub fn is_ordinal(&self) -> bool {
        *self == ScaleKind::Ordinal
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// 1..=255; 0 is reserved for "not rated".
    pub value: Rating,
    /// Short label shown beside the colour ("3", "R", "Blue").
    pub label: String,
    /// One or two words ("On track").
    pub name: String,
    /// The legend's full meaning.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub meaning: String,
    /// A colour name (red, amber, green, blue, purple, grey) or "#rrggbb".
    pub colour: String,
    /// The action is complete at this level (not overdue however late).
    #[serde(default, skip_serializing_if = "is_false")]
    pub complete: bool,
    /// Setting this level needs a note as evidence.
    #[serde(default, skip_serializing_if = "is_false")]
    pub needs_evidence: bool,
    /// A letter key that sets this level (r, a, g, b), besides its digit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<char>,
}

pub(crate) fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub id: String,
    /// As the source heads the column ("RAG 01/18").
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
}

/// An item of the top tier, when a plan has one: it holds priorities by id, in plan
/// order, so the priorities stay one list (every position in the plan keeps its meaning)
/// and the file still reads top down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_note: Option<String>,
    /// Ids of its priorities: the next ones in the plan's list, in order.
    pub priorities: Vec<String>,
    /// The board's own overall judgement per period, where the plan's top tier is its
    /// groups.
    #[serde(
        default,
        skip_serializing_if = "Ratings::is_empty",
        serialize_with = "period_order::ratings"
    )]
    pub judgements: Ratings,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Priority {
    pub id: String,
    pub title: String,
    /// The heading of the priority's own table, where it differs from `title`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_note: Option<String>,
    /// The board's own overall judgement per period.
    #[serde(
        default,
        skip_serializing_if = "Ratings::is_empty",
        serialize_with = "period_order::ratings"
    )]
    pub judgements: Ratings,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<Indicator>,
    #[serde(deserialize_with = "exact::vec")]
    pub objectives: Vec<Objective>,
}

/// An objective (outcome). The CYPP-style plans add baseline, ambition and milestones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    pub id: String,
    pub title: String,
    /// The plan's own paragraphs about it (the text before its list of items), kept as
    /// written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_note: Option<String>,
    /// "Where are we now".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<String>,
    /// "Where do we want to be".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ambition: Option<Ambition>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<Milestone>,
    #[serde(deserialize_with = "exact::vec")]
    pub actions: Vec<Action>,
}

/// One rated row of the plan: an action with its success measures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    pub id: String,
    pub title: String,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "exact::vec"
    )]
    pub measures: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub officer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Due>,
    /// "Where are we now", where the rated item is a CYPP objective.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<String>,
    /// "Where do we want to be". Boxed: few plans have one, and every action kept room
    /// for it (56 bytes an action, 5.6 MB at 100,000 actions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ambition: Option<Box<Ambition>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<Milestone>,
    #[serde(default, serialize_with = "period_order::ratings")]
    pub ratings: Ratings,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_note: Option<String>,
}

impl Action {
    /// The rating for a period; `None` when not rated.
    pub fn rating(&self, period: &str) -> Option<Rating> {
        self.ratings.get(period).copied().filter(|r| *r != 0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Polarity {
    HigherIsBetter,
    LowerIsBetter,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub id: String,
    pub name: String,
    /// "%", "count", "days".
    pub unit: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub polarity: Option<Polarity>,
    /// The 2016/17 outturn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<f64>,
    /// Statistical neighbours' average.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sn_average: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
    /// Monthly values keyed "YYYY-MM".
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "unique::map"
    )]
    pub values: BTreeMap<String, f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ytd: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_note: Option<String>,
}

/// The plan's own published "RAG Summary of all areas".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishedSummary {
    /// Period id of the "Previous period" column.
    pub previous: String,
    /// Period id of the "Current period" column.
    pub current: String,
    pub overall: PublishedRow,
    pub priorities: Vec<PublishedRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishedRow {
    /// Priority id; empty for the overall row.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub priority: String,
    pub previous: f64,
    pub current: f64,
}

/// Totals a source states in words, kept as published beside what the rows give.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishedCounts {
    /// The period the totals describe.
    pub period: String,
    /// The source's own words.
    pub quote: String,
    /// The number of rated items the source states.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<usize>,
    /// Items per status, keyed by the level's label.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "unique::map"
    )]
    pub statuses: BTreeMap<String, usize>,
}

/// One rating change: the audit trail for the minutes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    pub who: String,
    pub when: DateTime<Utc>,
    /// Action id.
    pub item: String,
    pub period: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Rating>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Rating>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The progress update, where this change rewrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<ProgressChange>,
    /// A change to a past period's rating (not the meeting's own period), chosen as such.
    #[serde(default, skip_serializing_if = "is_false")]
    pub correction: bool,
    /// The board's own judgement of a priority (`item` is the priority's id), not an
    /// action's rating.
    #[serde(default, skip_serializing_if = "is_false")]
    pub judgement: bool,
    /// The board's verdict on a lead's proposed rating for the cell: agreed or challenged
    /// (the note is the board's reason).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
    /// This change takes back an earlier, saved one (an undo): it bears on a proposal even
    /// where the rating stays as it was (an agreement taken back leaves it waiting again).
    #[serde(default, skip_serializing_if = "is_false")]
    pub undo: bool,
}

/// Old and new progress text of an action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgressChange {
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
}

impl Scale {
    /// Left out of the file: no name and no levels (a plan with nothing to rate).
    pub fn is_unset(&self) -> bool {
        self.name.is_empty() && self.levels.is_empty()
    }

    pub fn level(&self, value: Rating) -> Option<&Level> {
        self.levels.iter().find(|l| l.value == value)
    }

    /// Whether roll-ups may average this scale's levels.
    pub fn averages(&self) -> bool {
        self.kind.is_ordinal()
    }
}

impl Plan {
    pub fn period(&self, id: &str) -> Option<&Period> {
        self.periods.iter().find(|p| p.id == id)
    }

    pub fn actions(&self) -> impl Iterator<Item = &Action> {
        self.priorities.iter().flat_map(|p| p.actions())
    }

    /// Anything to rate? (A plan may be narrative only, or have empty levels.)
    pub fn has_actions(&self) -> bool {
        self.actions().next().is_some()
    }

    pub fn objective_count(&self) -> usize {
        self.priorities.iter().map(|p| p.objectives.len()).sum()
    }

    /// Key milestones of objectives and of rated items.
    pub fn milestone_count(&self) -> usize {
        self.priorities.iter().map(|p| p.milestones().count()).sum()
    }

    pub fn indicator_count(&self) -> usize {
        self.priorities.iter().map(|p| p.indicators.len()).sum()
    }

    pub fn action(&self, id: &str) -> Option<&Action> {
        self.actions().find(|a| a.id == id)
    }

    /// The priorities group `g` holds, as positions in `priorities`. Groups take the
    /// priorities in order (validation makes sure), so this is a sum over the groups
    /// before it: a handful, never the plan.
    pub fn group_range(&self, g: usize) -> std::ops::Range<usize> {
        let start: usize = self.groups[..g.min(self.groups.len())]
            .iter()
            .map(|gr| gr.priorities.len())
            .sum();
        let len = self.groups.get(g).map_or(0, |gr| gr.priorities.len());
        let end = (start + len).min(self.priorities.len());
        start.min(end)..end
    }

    /// The group holding priority `p`, if the plan has groups.
    pub fn group_of(&self, p: usize) -> Option<usize> {
        let mut start = 0;
        for (g, gr) in self.groups.iter().enumerate() {
            start += gr.priorities.len();
            if p < start {
                return Some(g);
            }
        }
        None
    }

    /// Each priority, to change: one still shared with a save in progress is copied first.
    pub fn priorities_mut(&mut self) -> impl Iterator<Item = &mut Priority> {
        self.priorities.iter_mut().map(Arc::make_mut)
    }

    pub fn action_mut(&mut self, id: &str) -> Option<&mut Action> {
        self.priorities_mut()
            .flat_map(|p| p.objectives.iter_mut())
            .flat_map(|o| o.actions.iter_mut())
            .find(|a| a.id == id)
    }
}

/// The period a meeting picks up: the last with any rating, or the first when none is.
/// A period for a meeting on `date`: "RAG 11/26", id "11-26", dated that day.
pub fn period_for(date: NaiveDate) -> Period {
    Period {
        id: date.format("%m-%y").to_string(),
        label: format!("RAG {}", date.format("%m/%y")),
        date: Some(date),
    }
}

/// The meeting's own period: the one whose span holds the meeting date, by the plan's
/// own cadence (`cadence`), if the plan has it.
pub fn meeting_period(plan: &Plan, date: NaiveDate) -> Option<usize> {
    cadence::period_at(plan, date)
}

pub fn default_period(plan: &Plan) -> usize {
    plan.periods
        .iter()
        .rposition(|p| plan.actions().any(|a| a.rating(&p.id).is_some()))
        .unwrap_or(0)
}

/// Overdue: due before `today` and not at a "complete" level in period `period` (an index
/// into the plan's periods) or the latest period rated before it.
pub fn is_overdue(plan: &Plan, action: &Action, period: usize, today: NaiveDate) -> bool {
    let Some(due) = action.due else { return false };
    if due.deadline() >= today {
        return false;
    }
    let upto = period.min(plan.periods.len().saturating_sub(1));
    let latest = plan
        .periods
        .get(..=upto)
        .unwrap_or_default()
        .iter()
        .rev()
        .find_map(|p| action.rating(&p.id));
    !latest
        .and_then(|r| plan.scale.level(r))
        .is_some_and(|l| l.complete)
}

impl Priority {
    pub fn actions(&self) -> impl Iterator<Item = &Action> {
        self.objectives.iter().flat_map(|o| o.actions.iter())
    }

    /// Key milestones of its objectives and their rated items.
    pub fn milestones(&self) -> impl Iterator<Item = &Milestone> {
        self.objectives.iter().flat_map(|o| {
            o.milestones
                .iter()
                .chain(o.actions.iter().flat_map(|a| &a.milestones))
        })
    }
}
