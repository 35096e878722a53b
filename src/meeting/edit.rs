//! Edits that know their inverse, applied to a plan through its id index. Pure: no files,
//! no history; `Meeting` keeps the stacks and the journal.

use crate::model::minutes::{self, Fit};
use crate::model::{Change, Index, Minute, Node, Period, Plan, ProgressChange, Rating};

use super::MeetingError;

/// One undoable step.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// A rating and/or progress change (with its note for the audit trail), or the board's
    /// judgement of a priority.
    Change(Change),
    /// A new review period (a column everywhere).
    AddPeriod(Period),
    /// What the board recorded: a decision or agreed action, its settling, a milestone's
    /// call, a review tick.
    Minute(Minute),
}

/// The change that undoes `c`: from and to swapped.
pub fn inverse(c: &Change) -> Change {
    Change {
        from: c.to,
        to: c.from,
        progress: c.progress.as_ref().map(|p| ProgressChange {
            from: p.to.clone(),
            to: p.from.clone(),
        }),
        ..c.clone()
    }
}

/// The cell's current rating and progress.
pub fn cell(
    plan: &Plan,
    index: &Index,
    item: &str,
    period: &str,
) -> Result<(Option<Rating>, Option<String>), MeetingError> {
    let a = index
        .action(plan, item)
        .ok_or_else(|| MeetingError::NoSuchAction(item.to_string()))?;
    Ok((a.rating(period), a.progress.clone()))
}

/// What the board judges: a priority, or a group where the plan's top tier is its groups.
#[derive(Clone, Copy)]
enum Judged {
    Priority(usize),
    Group(usize),
}

/// The priority or group with this id, by its place in the plan.
fn judged_at(index: &Index, id: &str) -> Result<Judged, MeetingError> {
    match index.node(id) {
        Some(Node::Priority(p)) => Ok(Judged::Priority(p)),
        Some(Node::Group(g)) => Ok(Judged::Group(g)),
        _ => Err(MeetingError::NotAPriority(id.to_string())),
    }
}

/// The judgements of what the board judges.
fn judgements_mut(plan: &mut Plan, at: Judged) -> Option<&mut crate::model::Ratings> {
    match at {
        Judged::Priority(p) => plan
            .priorities
            .get_mut(p)
            .map(|pr| &mut std::sync::Arc::make_mut(pr).judgements),
        Judged::Group(g) => plan.groups.get_mut(g).map(|gr| &mut gr.judgements),
    }
}

/// The board's judgement of priority (or group) `item` in `period`.
pub fn judgement(
    plan: &Plan,
    index: &Index,
    item: &str,
    period: &str,
) -> Result<Option<Rating>, MeetingError> {
    let judgements = match judged_at(index, item)? {
        Judged::Priority(p) => plan.priorities.get(p).map(|pr| &pr.judgements),
        Judged::Group(g) => plan.groups.get(g).map(|gr| &gr.judgements),
    };
    Ok(judgements
        .and_then(|j| j.get(period).copied())
        .filter(|r| *r != 0))
}

/// The cell `c` is about as it stands: an action's rating and progress, or a priority's
/// judgement (which has no progress text).
pub fn value(
    plan: &Plan,
    index: &Index,
    c: &Change,
) -> Result<(Option<Rating>, Option<String>), MeetingError> {
    if c.judgement {
        return Ok((judgement(plan, index, &c.item, &c.period)?, None));
    }
    cell(plan, index, &c.item, &c.period)
}

/// Whether the plan holds what `c` starts from (its `from`, and its progress `from`).
pub fn starts_from(plan: &Plan, index: &Index, c: &Change) -> Result<bool, MeetingError> {
    let (rating, progress) = value(plan, index, c)?;
    Ok(rating == c.from.filter(|r| *r != 0)
        && c.progress.as_ref().is_none_or(|p| p.from == progress))
}

/// Check that `c` fits the plan: its action (or, for a judgement, its priority) and period
/// exist, its ratings are on the scale.
pub fn check(plan: &Plan, index: &Index, c: &Change) -> Result<(), MeetingError> {
    if index.period(&c.period).is_none() {
        return Err(MeetingError::NoSuchPeriod(c.period.clone()));
    }
    if c.judgement {
        judged_at(index, &c.item)?;
    } else if index.action_at(&c.item).is_none() {
        return Err(MeetingError::NoSuchAction(c.item.clone()));
    }
    for r in [c.from, c.to].into_iter().flatten() {
        if r != 0 && plan.scale.level(r).is_none() {
            return Err(MeetingError::NotOnScale(r));
        }
    }
    Ok(())
}

/// Put `c`'s new values into the plan. The caller has checked it.
pub fn apply(plan: &mut Plan, index: &mut Index, c: &Change) -> Result<(), MeetingError> {
    check(plan, index, c)?;
    if c.judgement {
        let at = judged_at(index, &c.item)?;
        if let Some(j) = judgements_mut(plan, at) {
            match c.to.filter(|r| *r != 0) {
                Some(r) => j.insert(c.period.clone(), r),
                None => j.remove(&c.period),
            };
        }
        match at {
            Judged::Priority(p) => index.touch(p),
            Judged::Group(_) => index.touch_content(),
        }
        return Ok(());
    }
    let priority = index
        .priority_of(&c.item)
        .ok_or_else(|| MeetingError::NoSuchAction(c.item.clone()))?;
    let action = index
        .action_mut(plan, &c.item)
        .ok_or_else(|| MeetingError::NoSuchAction(c.item.clone()))?;
    let was = action.rating(&c.period).is_some();
    let now = c.to.filter(|r| *r != 0).is_some();
    match c.to.filter(|r| *r != 0) {
        Some(r) => {
            action.ratings.insert(c.period.clone(), r);
        }
        None => {
            action.ratings.remove(&c.period);
        }
    }
    if let Some(p) = &c.progress {
        action.progress = p.to.clone();
    }
    index.note_rating(priority, &c.period, was, now);
    Ok(())
}

/// Insert a period in date order, so a meeting between two planned reviews sits between them.
pub fn add_period(plan: &mut Plan, index: &mut Index, p: &Period) -> Result<(), MeetingError> {
    if index.period(&p.id).is_some() {
        return Err(MeetingError::PeriodExists(p.id.clone()));
    }
    let at = p
        .date
        .and_then(|d| {
            plan.periods
                .iter()
                .position(|q| q.date.is_some_and(|qd| qd > d))
        })
        .unwrap_or(plan.periods.len());
    plan.periods.insert(at, p.clone());
    index.reindex_periods(plan);
    Ok(())
}

/// Remove a period nothing is rated in (undoing its addition).
pub fn remove_period(plan: &mut Plan, index: &mut Index, id: &str) -> Result<(), MeetingError> {
    let at = index
        .period(id)
        .ok_or_else(|| MeetingError::NoSuchPeriod(id.to_string()))?;
    if plan.actions().any(|a| a.ratings.contains_key(id))
        || plan
            .priorities
            .iter()
            .any(|p| p.judgements.contains_key(id))
        || plan.reviewed.contains_key(id)
        || plan.decisions.iter().any(|d| d.period == id)
        || !minutes::calls_in(plan, id).is_empty()
    {
        return Err(MeetingError::PeriodInUse(id.to_string()));
    }
    plan.periods.remove(at);
    index.reindex_periods(plan);
    Ok(())
}

/// Check that `m` names what the plan has: its period, the item it is on, the decision it
/// settles, the milestone it calls.
pub fn check_minute(plan: &Plan, index: &Index, m: &Minute) -> Result<(), MeetingError> {
    let period = m.period();
    if !period.is_empty() && index.period(period).is_none() {
        return Err(MeetingError::NoSuchPeriod(period.to_string()));
    }
    match m {
        Minute::Decide(d) | Minute::Withdraw(d) => {
            if let Some(item) = &d.item
                && !index.is_item(item)
            {
                return Err(MeetingError::NoSuchItem(item.clone()));
            }
            if d.text.trim().is_empty() {
                return Err(MeetingError::EmptyText);
            }
        }
        Minute::Settle { id, .. } => {
            if plan.decision(id).is_none() {
                return Err(MeetingError::NoSuchDecision(id.clone()));
            }
        }
        Minute::Call { at, .. } | Minute::Uncall { at, .. } => {
            if plan.milestone_at(at).is_none() {
                return Err(MeetingError::NoSuchMilestone(at.item.clone(), at.index + 1));
            }
        }
        Minute::Review { item, .. } => {
            if !index.is_item(item) {
                return Err(MeetingError::NoSuchItem(item.clone()));
            }
        }
        Minute::Propose { from, to } => {
            if let (Some(f), Some(t)) = (from, to)
                && (f.item != t.item || f.period != t.period || f.by != t.by)
            {
                return Err(MeetingError::Stale);
            }
            for p in [from, to].into_iter().flatten() {
                if index.action_at(&p.item).is_none() {
                    return Err(MeetingError::NoSuchAction(p.item.clone()));
                }
                if let Some(r) = p.rating
                    && plan.scale.level(r).is_none()
                {
                    return Err(MeetingError::NotOnScale(r));
                }
            }
        }
    }
    Ok(())
}

/// Put `m` into the plan, checked, where it starts from what the plan holds.
pub fn apply_minute(plan: &mut Plan, index: &mut Index, m: &Minute) -> Result<(), MeetingError> {
    check_minute(plan, index, m)?;
    match minutes::fit(plan, m) {
        Fit::Applies if minutes::apply(plan, m) => {
            // What is kept of the plan between frames (the review count) is made again.
            index.touch_content();
            Ok(())
        }
        Fit::Already => Err(MeetingError::AlreadyRecorded),
        _ => Err(MeetingError::Stale),
    }
}
