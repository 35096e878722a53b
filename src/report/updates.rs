//! The paper's sections on the leads' updates for its period: each proposed rating with
//! where the board stands on it (agreed, challenged with its reason, or not yet agreed),
//! and the actions nobody sent an update for, by person. Gathered from the plan as saved.

use serde::Serialize;

use super::board::RecordSection;
use crate::model::figures::{self, ProposalCounts};
use crate::model::proposals::{self, Standing};
use crate::model::{Plan, Verdict};

/// One proposal as the paper lists it.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub item: String,
    pub title: String,
    pub by: String,
    /// The proposed rating's label ("-" for a note alone).
    pub proposed: String,
    pub standing: String,
    /// The rating the plan holds for the period now (the board's), by label.
    pub rating: String,
    /// The board's reason, where it challenged the proposal.
    pub reason: String,
}

/// One person's actions with no update.
#[derive(Debug, Clone, Serialize)]
pub struct MissingRow {
    pub person: String,
    pub missing: usize,
    pub of: usize,
    pub items: Vec<String>,
    pub words: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Updates {
    pub period: String,
    pub label: String,
    pub rows: Vec<Row>,
    pub missing: Vec<MissingRow>,
    #[serde(skip)]
    pub counts: ProposalCounts,
    pub counts_words: Option<String>,
}

/// The updates of `period` (its id and label); `None` for a plan that has never had
/// update forms collected (its paper has no such sections).
pub fn build(plan: &Plan, period: &str, label: &str) -> Option<Updates> {
    if plan.proposals.is_empty() {
        return None;
    }
    let log = || plan.changes.iter();
    let label_of = |r: Option<crate::model::Rating>| {
        r.and_then(|v| plan.scale.level(v))
            .map_or_else(|| "-".to_string(), |l| l.label.clone())
    };
    let standings = proposals::standings(plan, period, log());
    let mut rows = Vec::new();
    for a in plan.actions() {
        let Some(p) = plan.proposal(&a.id, period) else {
            continue;
        };
        let standing = standings.get(&a.id).copied().unwrap_or(Standing::Proposed);
        let reason = if standing == Standing::Challenged {
            log()
                .filter(|c| c.item == a.id && c.period == period && !c.judgement)
                .rfind(|c| c.verdict == Some(Verdict::Challenged))
                .and_then(|c| c.note.clone())
                .unwrap_or_default()
        } else {
            String::new()
        };
        rows.push(Row {
            item: a.id.clone(),
            title: a.title.clone(),
            by: p.by.clone(),
            proposed: label_of(p.rating),
            standing: standing.word().to_string(),
            rating: label_of(a.rating(period)),
            reason,
        });
    }
    let missing = figures::missing_updates(plan, period)
        .into_iter()
        .map(|m| MissingRow {
            words: m.words(&plan.names),
            person: m.person.clone(),
            missing: m.actions.len(),
            of: m.of,
            items: m.actions.iter().map(|a| a.id.clone()).collect(),
        })
        .collect();
    let counts = figures::proposal_counts(plan, period, log());
    Some(Updates {
        period: period.to_string(),
        label: label.to_string(),
        counts_words: counts.words(&plan.names, label),
        rows,
        missing,
        counts,
    })
}

impl Updates {
    /// The two sections, as every format of the paper lays them out.
    pub fn sections(&self) -> Vec<RecordSection> {
        let strs = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        vec![
            RecordSection {
                title: format!("Leads' updates for {}: proposed, agreed and challenged", self.label),
                intro: self.counts_words.clone().unwrap_or_else(|| {
                    format!("No update forms were collected for {}.", self.label)
                }),
                head: strs(&["Action", "Proposed", "By", "Board", "Rating now", "Board's reason"]),
                rows: self
                    .rows
                    .iter()
                    .map(|r| {
                        vec![
                            r.item.clone(),
                            r.proposed.clone(),
                            r.by.clone(),
                            r.standing.clone(),
                            r.rating.clone(),
                            r.reason.clone(),
                        ]
                    })
                    .collect(),
                none: "None proposed.".into(),
            },
            RecordSection {
                title: format!("Missing updates for {}", self.label),
                intro: "Actions no one who holds them sent an update for (a proposed rating or a progress note), by person: an action held by two people counts for each.".into(),
                head: strs(&["Person", "Not updated", "Actions"]),
                rows: self
                    .missing
                    .iter()
                    .map(|m| {
                        vec![
                            m.person.clone(),
                            format!("{} of {}", m.missing, m.of),
                            m.items.join(", "),
                        ]
                    })
                    .collect(),
                none: "None: every action has an update.".into(),
            },
        ]
    }
}
