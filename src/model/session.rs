//! A meeting's edits to a plan: rating changes with notes, undo and redo, new periods.
//! Every edit is an `Op`; the journal stores the same ops, so replaying a journal after a
//! crash goes through exactly the code that made the changes. Pure: no I/O.

use serde::{Deserialize, Serialize};

use super::{Change, Period, Plan, Rating};

/// One step of a session, as the journal records it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Op {
    /// A new review period (a column everywhere).
    AddPeriod(Period),
    /// A rating and/or progress change.
    Do(Change),
    /// Replace the latest change (same item and period), e.g. to add its note.
    Amend(Change),
    Undo,
    Redo,
    /// The session's history at its last save, so undo reaches past a save: `done` is in
    /// the saved file already, at the end of its change log. Starts a journal written after
    /// a save.
    Restore {
        done: Vec<Change>,
        undone: Vec<Change>,
    },
}

/// The changes made since the plan was loaded or last saved.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Session {
    pub done: Vec<Change>,
    pub undone: Vec<Change>,
    pub added_periods: Vec<Period>,
}

fn set(
    plan: &mut Plan,
    item: &str,
    period: &str,
    rating: Option<Rating>,
    progress: Option<&Option<String>>,
) -> Result<(), String> {
    let action = plan
        .action_mut(item)
        .ok_or_else(|| format!("no action {item:?} in the plan"))?;
    match rating.filter(|r| *r != 0) {
        Some(r) => {
            action.ratings.insert(period.to_string(), r);
        }
        None => {
            action.ratings.remove(period);
        }
    }
    if let Some(p) = progress {
        action.progress = p.clone();
    }
    Ok(())
}

/// Put a change into the plan.
fn apply(plan: &mut Plan, c: &Change) -> Result<(), String> {
    check(plan, c)?;
    set(
        plan,
        &c.item,
        &c.period,
        c.to,
        c.progress.as_ref().map(|p| &p.to),
    )
}

/// Take a change back out.
fn revert(plan: &mut Plan, c: &Change) -> Result<(), String> {
    set(
        plan,
        &c.item,
        &c.period,
        c.from,
        c.progress.as_ref().map(|p| &p.from),
    )
}

fn check(plan: &Plan, c: &Change) -> Result<(), String> {
    if plan.period(&c.period).is_none() {
        return Err(format!("no period {:?} in the plan", c.period));
    }
    if plan.action(&c.item).is_none() {
        return Err(format!("no action {:?} in the plan", c.item));
    }
    for r in [c.from, c.to].into_iter().flatten() {
        if r != 0 && plan.scale.level(r).is_none() {
            return Err(format!("rating {r} is not on the plan's scale"));
        }
    }
    Ok(())
}

impl Session {
    /// Carry out one op on `plan`. An op that cannot apply changes nothing.
    pub fn apply(&mut self, plan: &mut Plan, op: &Op) -> Result<(), String> {
        match op {
            Op::AddPeriod(p) => {
                if plan.period(&p.id).is_some() {
                    return Err(format!("period {:?} exists already", p.id));
                }
                // In date order, so a meeting between two planned reviews sits between them.
                let at = p
                    .date
                    .and_then(|d| {
                        plan.periods
                            .iter()
                            .position(|q| q.date.is_some_and(|qd| qd > d))
                    })
                    .unwrap_or(plan.periods.len());
                plan.periods.insert(at, p.clone());
                self.added_periods.push(p.clone());
            }
            Op::Do(c) => {
                apply(plan, c)?;
                self.done.push(c.clone());
                self.undone.clear();
            }
            Op::Amend(c) => {
                let top = self.done.last().ok_or("nothing to amend")?;
                if top.item != c.item || top.period != c.period {
                    return Err("an amendment must be to the latest change".into());
                }
                check(plan, c)?;
                let top = top.clone();
                revert(plan, &top)?;
                apply(plan, c)?;
                if let Some(last) = self.done.last_mut() {
                    *last = c.clone();
                }
            }
            Op::Undo => {
                let c = self.done.pop().ok_or("nothing to undo")?;
                revert(plan, &c)?;
                self.undone.push(c);
            }
            Op::Redo => {
                let c = self.undone.pop().ok_or("nothing to redo")?;
                apply(plan, &c)?;
                self.done.push(c);
            }
            Op::Restore { done, undone } => {
                if !self.done.is_empty() || !self.undone.is_empty() {
                    return Err("a restore must come first".into());
                }
                let n = plan.changes.len();
                if n < done.len() || plan.changes[n - done.len()..] != done[..] {
                    return Err("the plan's change log does not end with the saved changes".into());
                }
                // They are in the session again; a save writes them back after the base log.
                plan.changes.truncate(n - done.len());
                self.done = done.clone();
                self.undone = undone.clone();
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ProgressChange;
    use chrono::{TimeZone, Utc};

    fn plan() -> Plan {
        crate::store::parse(
            include_str!("../../tests/fixtures/rag-small.ron"),
            std::path::Path::new("small.ron"),
        )
        .unwrap()
    }

    fn change(item: &str, from: Option<Rating>, to: Option<Rating>) -> Change {
        Change {
            who: "ann".into(),
            when: Utc.with_ymd_and_hms(2025, 9, 30, 10, 0, 0).unwrap(),
            item: item.into(),
            period: "q2".into(),
            from,
            to,
            note: None,
            progress: None,
        }
    }

    #[test]
    fn do_undo_redo() {
        let mut p = plan();
        let mut s = Session::default();
        s.apply(&mut p, &Op::Do(change("1.1.1", Some(3), Some(4))))
            .unwrap();
        assert_eq!(p.action("1.1.1").unwrap().rating("q2"), Some(4));
        s.apply(&mut p, &Op::Do(change("1.1.1", Some(4), None)))
            .unwrap();
        assert_eq!(p.action("1.1.1").unwrap().rating("q2"), None);
        s.apply(&mut p, &Op::Undo).unwrap();
        s.apply(&mut p, &Op::Undo).unwrap();
        assert_eq!(p.action("1.1.1").unwrap().rating("q2"), Some(3));
        assert!(s.apply(&mut p, &Op::Undo).is_err());
        s.apply(&mut p, &Op::Redo).unwrap();
        assert_eq!(p.action("1.1.1").unwrap().rating("q2"), Some(4));
        assert_eq!(s.done.len(), 1);
        assert_eq!(s.undone.len(), 1);
        // A new change drops what could have been redone.
        s.apply(&mut p, &Op::Do(change("1.1.2", Some(2), Some(3))))
            .unwrap();
        assert!(s.undone.is_empty());
    }

    #[test]
    fn amend_replaces_the_latest_change_and_progress_reverts() {
        let mut p = plan();
        let mut s = Session::default();
        s.apply(&mut p, &Op::Do(change("1.1.1", Some(3), Some(4))))
            .unwrap();
        let mut amended = change("1.1.1", Some(3), Some(4));
        amended.note = Some("evidence".into());
        amended.progress = Some(ProgressChange {
            from: None,
            to: Some("done".into()),
        });
        s.apply(&mut p, &Op::Amend(amended.clone())).unwrap();
        assert_eq!(s.done, [amended]);
        assert_eq!(p.action("1.1.1").unwrap().progress.as_deref(), Some("done"));
        s.apply(&mut p, &Op::Undo).unwrap();
        assert_eq!(p.action("1.1.1").unwrap().progress, None);
        assert_eq!(p.action("1.1.1").unwrap().rating("q2"), Some(3));
        assert!(
            s.apply(&mut p, &Op::Amend(change("1.1.2", None, Some(1))))
                .is_err()
        );
    }

    #[test]
    fn ops_that_do_not_fit_the_plan_are_refused_and_change_nothing() {
        let mut p = plan();
        let before = p.clone();
        let mut s = Session::default();
        assert!(
            s.apply(&mut p, &Op::Do(change("9.9.9", None, Some(1))))
                .is_err()
        );
        assert!(
            s.apply(&mut p, &Op::Do(change("1.1.1", None, Some(9))))
                .is_err()
        );
        let mut other = change("1.1.1", None, Some(1));
        other.period = "q9".into();
        assert!(s.apply(&mut p, &Op::Do(other)).is_err());
        assert_eq!(p, before);
        assert_eq!(s, Session::default());
    }

    #[test]
    fn new_period() {
        let mut p = plan();
        let mut s = Session::default();
        let per = Period {
            id: "11-26".into(),
            label: "RAG 11/26".into(),
            date: None,
        };
        s.apply(&mut p, &Op::AddPeriod(per.clone())).unwrap();
        assert_eq!(p.periods.last(), Some(&per));
        assert!(s.apply(&mut p, &Op::AddPeriod(per)).is_err());
        assert_eq!(s.added_periods.len(), 1);
    }

    #[test]
    fn restore_takes_saved_changes_back_into_the_session() {
        let mut p = plan();
        let saved = change("1.1.1", Some(3), Some(4));
        p.changes.push(saved.clone());
        p.action_mut("1.1.1")
            .unwrap()
            .ratings
            .insert("q2".into(), 4);
        let mut s = Session::default();
        let restore = Op::Restore {
            done: vec![saved.clone()],
            undone: vec![],
        };
        s.apply(&mut p, &restore).unwrap();
        assert!(p.changes.is_empty());
        s.apply(&mut p, &Op::Undo).unwrap();
        assert_eq!(p.action("1.1.1").unwrap().rating("q2"), Some(3));
        // Only on a plan whose log ends with those changes, and only first.
        assert!(s.apply(&mut p, &restore).is_err());
        assert!(Session::default().apply(&mut plan(), &restore).is_err());
    }
}
