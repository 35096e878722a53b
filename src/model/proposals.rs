//! Before a meeting each lead proposes a rating and a progress note for their own actions
//! (an update form, collected back); at the meeting the board agrees the proposal or
//! challenges it. A proposal is plan data (`Plan::proposals`) recorded by a `Minute`; the
//! board's verdict is the rating `Change` that followed it, marked `verdict`. Pure.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Change, Plan, Rating};

/// What a lead proposed for one action in one period, as collected from their form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Proposal {
    /// The action's id.
    pub item: String,
    /// The period id the form was for.
    pub period: String,
    /// The person who proposed it (their one name, `Plan::person`).
    pub by: String,
    /// The proposed rating; absent for a progress note alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<Rating>,
    /// The new progress note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<String>,
    /// The form's file name, as collected.
    pub form: String,
    /// When it was collected, and by whom.
    pub collected: DateTime<Utc>,
    pub collector: String,
}

impl Proposal {
    /// The same update: same person, action, period, rating and words (the form and when it
    /// was collected aside), so a form returned twice records once.
    pub fn same_update(&self, other: &Proposal) -> bool {
        self.item == other.item
            && self.period == other.period
            && self.by == other.by
            && self.rating == other.rating
            && self.progress == other.progress
    }
}

/// What the board made of a proposed rating, on the change that rated the action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    /// The board agreed the proposal: the agreed rating is the proposed one.
    Agreed,
    /// The board rated differently; the change's note is its reason.
    Challenged,
}

/// Where a proposal stands at the meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Proposed, not yet agreed or challenged.
    Proposed,
    Agreed,
    Challenged,
}

impl Standing {
    pub fn word(self) -> &'static str {
        match self {
            Standing::Proposed => "proposed, not yet agreed",
            Standing::Agreed => "agreed",
            Standing::Challenged => "challenged",
        }
    }
}

impl Plan {
    /// The proposal `by` made for `item` in `period`.
    pub fn proposal_by(&self, item: &str, period: &str, by: &str) -> Option<&Proposal> {
        self.proposals
            .iter()
            .find(|p| p.item == item && p.period == period && p.by == by)
    }

    /// The latest proposal collected for `item` in `period` (a lead's and an officer's
    /// form may both hold the action: the one collected last stands).
    pub fn proposal(&self, item: &str, period: &str) -> Option<&Proposal> {
        self.proposals
            .iter()
            .filter(|p| p.item == item && p.period == period)
            .max_by_key(|p| p.collected)
    }
}

/// "proposed 3 by S Murphy": the proposal's rating (its label) and who proposed it; a note
/// alone is "an update by S Murphy, no rating proposed".
pub fn words(plan: &Plan, p: &Proposal) -> String {
    match p.rating {
        Some(r) => format!(
            "proposed {} by {}",
            plan.scale
                .level(r)
                .map_or_else(|| r.to_string(), |l| l.label.clone()),
            p.by
        ),
        None => format!("an update by {}, no rating proposed", p.by),
    }
}

/// Where each action's latest proposal for a period stands, by action id (actions with no
/// proposal are absent: they have no update).
pub type Standings = std::collections::HashMap<String, Standing>;

/// The standings of `period`'s proposals (`log`: the change log, saved and unsaved, oldest
/// first), in one pass over each.
pub fn standings<'a>(
    plan: &Plan,
    period: &str,
    log: impl Iterator<Item = &'a Change>,
) -> Standings {
    let mut latest: std::collections::HashMap<&str, &Proposal> = Default::default();
    for p in plan.proposals.iter().filter(|p| p.period == period) {
        let e = latest.entry(p.item.as_str()).or_insert(p);
        if p.collected > e.collected {
            *e = p;
        }
    }
    if latest.is_empty() {
        // Nothing proposed for the period: no walk of the change log.
        return Standings::new();
    }
    let mut out: Standings = latest
        .keys()
        .map(|k| (k.to_string(), Standing::Proposed))
        .collect();
    for c in log.filter(|c| !c.judgement && c.period == period) {
        if let Some(p) = latest.get(c.item.as_str())
            && decides(p, c)
            && let Some(s) = out.get_mut(&c.item)
        {
            *s = verdict_standing(c);
        }
    }
    out
}

/// Whether change `c` (to `p`'s cell) bears on `p`: made since it was collected, and a
/// verdict or a rating change.
fn decides(p: &Proposal, c: &Change) -> bool {
    c.when >= p.collected && (c.verdict.is_some() || c.from != c.to || c.undo)
}

fn verdict_standing(c: &Change) -> Standing {
    match c.verdict {
        Some(Verdict::Agreed) => Standing::Agreed,
        Some(Verdict::Challenged) => Standing::Challenged,
        None => Standing::Proposed,
    }
}

/// Where `p` stands, from the change log (saved and unsaved, oldest first): the latest
/// change to its cell since it was collected decides. A change marked with a verdict gives
/// it; a later change without one (an undo of a saved verdict, a rating from the command
/// line) leaves the proposal waiting for the board again.
pub fn standing<'a>(p: &Proposal, log: impl Iterator<Item = &'a Change>) -> Standing {
    log.filter(|c| !c.judgement && c.item == p.item && c.period == p.period)
        .filter(|c| decides(p, c))
        .last()
        .map_or(Standing::Proposed, verdict_standing)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(min: u32) -> DateTime<Utc> {
        chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 1, 5, 10, min, 0).unwrap()
    }

    /// Ann's proposal of 3 for 1.1.1 in q2, collected at minute 5.
    fn proposal() -> Proposal {
        Proposal {
            item: "1.1.1".into(),
            period: "q2".into(),
            by: "Ann".into(),
            rating: Some(3),
            progress: None,
            form: "Ann.csv".into(),
            collected: at(5),
            collector: "clerk".into(),
        }
    }

    fn change(min: u32, from: Option<Rating>, to: Option<Rating>, v: Option<Verdict>) -> Change {
        Change {
            who: "clerk".into(),
            when: at(min),
            item: "1.1.1".into(),
            period: "q2".into(),
            from,
            to,
            note: None,
            progress: None,
            correction: false,
            judgement: false,
            verdict: v,
            undo: false,
        }
    }

    #[test]
    fn the_latest_change_since_collection_decides() {
        let p = proposal();
        let before = change(1, None, Some(2), Some(Verdict::Agreed));
        assert_eq!(standing(&p, [&before].into_iter()), Standing::Proposed);
        let agreed = change(6, Some(2), Some(3), Some(Verdict::Agreed));
        assert_eq!(
            standing(&p, [&before, &agreed].into_iter()),
            Standing::Agreed
        );
        let undone = change(7, Some(3), Some(2), None);
        assert_eq!(
            standing(&p, [&agreed, &undone].into_iter()),
            Standing::Proposed
        );
        let challenged = change(8, Some(2), Some(1), Some(Verdict::Challenged));
        assert_eq!(
            standing(&p, [&agreed, &undone, &challenged].into_iter()),
            Standing::Challenged
        );
    }

    /// An agreement that left the rating as it was, taken back once saved: its reversal
    /// changes no rating, and still puts the proposal back to waiting; a note alone does not.
    #[test]
    fn an_agreement_taken_back_leaves_the_proposal_waiting_even_where_no_rating_moved() {
        let p = proposal();
        let agreed = change(6, Some(3), Some(3), Some(Verdict::Agreed));
        let note = change(7, Some(3), Some(3), None);
        assert_eq!(standing(&p, [&agreed, &note].into_iter()), Standing::Agreed);
        let mut undone = change(8, Some(3), Some(3), None);
        undone.undo = true;
        assert_eq!(
            standing(&p, [&agreed, &note, &undone].into_iter()),
            Standing::Proposed
        );
    }
}
