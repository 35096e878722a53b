//! `ragboard merge BASE OURS THEIRS`: the three-way merge git runs as a merge driver.
//!
//! Cell by cell: a rating, a judgement, a progress note or any other field takes the side
//! that changed it; where both changed one cell to different values that is a conflict,
//! and OURS's value stays. Items and periods added on one side are added; removed on one
//! side and untouched on the other, removed. Change logs are merged by union, without
//! duplicates, in time order.

use std::collections::{HashMap, HashSet};

use std::collections::BTreeSet;

use super::minutes::Reviewed;
use super::{Action, Change, Group, Milestone, Objective, Period, Plan, Priority, Rating, Ratings};

/// One cell both sides changed differently. `ours` is what the merged plan holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// What the cell is: "action 1.1.2 rating 01-18".
    pub cell: String,
    pub base: String,
    pub ours: String,
    pub theirs: String,
}

impl std::fmt::Display for Conflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: base {}, ours {}, theirs {}; kept ours",
            self.cell, self.base, self.ours, self.theirs
        )
    }
}

#[derive(Debug, Clone)]
pub struct Merged {
    pub plan: Plan,
    pub conflicts: Vec<Conflict>,
}

struct Merger {
    conflicts: Vec<Conflict>,
}

fn show<T: std::fmt::Debug>(v: Option<&T>) -> String {
    match v {
        None => "(absent)".into(),
        Some(v) => {
            let s = format!("{v:?}");
            // Long values (a progress note) are cut for the message, never in the plan.
            if s.chars().count() > 60 {
                format!("{}…", s.chars().take(59).collect::<String>())
            } else {
                s
            }
        }
    }
}

impl Merger {
    /// The three-way rule for one cell. `None` is "absent" on that side.
    fn cell<T: PartialEq + Clone + std::fmt::Debug>(
        &mut self,
        what: impl FnOnce() -> String,
        base: Option<&T>,
        ours: Option<&T>,
        theirs: Option<&T>,
    ) -> Option<T> {
        if ours == theirs || base == theirs {
            return ours.cloned();
        }
        if base == ours {
            return theirs.cloned();
        }
        self.conflicts.push(Conflict {
            cell: what(),
            base: show(base),
            ours: show(ours),
            theirs: show(theirs),
        });
        ours.cloned()
    }

    /// A field every version has.
    fn field<T: PartialEq + Clone + std::fmt::Debug>(
        &mut self,
        what: impl FnOnce() -> String,
        base: Option<&T>,
        ours: &T,
        theirs: &T,
    ) -> T {
        self.cell(what, base, Some(ours), Some(theirs))
            .unwrap_or_else(|| ours.clone())
    }

    fn ratings(
        &mut self,
        whose: &str,
        base: Option<&Ratings>,
        ours: &Ratings,
        theirs: &Ratings,
    ) -> Ratings {
        let keys: Vec<&String> = {
            let mut seen = HashSet::new();
            ours.keys()
                .chain(theirs.keys())
                .chain(base.into_iter().flat_map(|b| b.keys()))
                .filter(|k| seen.insert(*k))
                .collect()
        };
        let get = |m: &Ratings, k: &str| m.get(k).copied().filter(|r: &Rating| *r != 0);
        let mut out = Ratings::new();
        for k in keys {
            let b = base.and_then(|m| get(m, k));
            let (o, t) = (get(ours, k), get(theirs, k));
            // Cells compare as ratings (0 and absent are both "not rated"); the winning
            // side's entry is kept as written, so an untouched file is unchanged.
            let from = if o == t || b == t {
                ours
            } else if b == o {
                theirs
            } else {
                self.conflicts.push(Conflict {
                    cell: format!("{whose} rating {k}"),
                    base: show(b.as_ref()),
                    ours: show(o.as_ref()),
                    theirs: show(t.as_ref()),
                });
                ours
            };
            if let Some(v) = from.get(k) {
                out.insert(k.clone(), *v);
            }
        }
        out
    }

    fn action(&mut self, base: Option<&Action>, ours: &Action, theirs: &Action) -> Action {
        let id = &ours.id;
        let w = |f: &str| format!("action {id} {f}");
        Action {
            id: id.clone(),
            title: self.field(
                || w("title"),
                base.map(|b| &b.title),
                &ours.title,
                &theirs.title,
            ),
            measures: self.field(
                || w("measures"),
                base.map(|b| &b.measures),
                &ours.measures,
                &theirs.measures,
            ),
            lead: self.field(
                || w("lead"),
                base.map(|b| &b.lead),
                &ours.lead,
                &theirs.lead,
            ),
            officer: self.field(
                || w("officer"),
                base.map(|b| &b.officer),
                &ours.officer,
                &theirs.officer,
            ),
            due: self.field(|| w("due"), base.map(|b| &b.due), &ours.due, &theirs.due),
            ratings: self.ratings(
                &format!("action {id}"),
                base.map(|b| &b.ratings),
                &ours.ratings,
                &theirs.ratings,
            ),
            progress: self.field(
                || w("progress"),
                base.map(|b| &b.progress),
                &ours.progress,
                &theirs.progress,
            ),
            source_note: self.field(
                || w("source_note"),
                base.map(|b| &b.source_note),
                &ours.source_note,
                &theirs.source_note,
            ),
            baseline: self.field(
                || w("baseline"),
                base.map(|b| &b.baseline),
                &ours.baseline,
                &theirs.baseline,
            ),
            ambition: self.field(
                || w("ambition"),
                base.map(|b| &b.ambition),
                &ours.ambition,
                &theirs.ambition,
            ),
            milestones: milestones(
                self,
                &format!("action {id}"),
                base.map(|b| &b.milestones),
                &ours.milestones,
                &theirs.milestones,
            ),
        }
    }
}

/// Children of one parent, merged by id: each side's additions kept, a removal applied
/// when the other side left the item as it was, else a conflict keeping OURS's state.
fn children<T: Clone + PartialEq>(
    m: &mut Merger,
    kind: &str,
    base: &[T],
    ours: &[T],
    theirs: &[T],
    id: impl Fn(&T) -> &str,
    mut both: impl FnMut(&mut Merger, Option<&T>, &T, &T) -> T,
) -> Vec<T> {
    let base_by: HashMap<&str, &T> = base.iter().map(|x| (id(x), x)).collect();
    let theirs_by: HashMap<&str, &T> = theirs.iter().map(|x| (id(x), x)).collect();
    let ours_ids: HashSet<&str> = ours.iter().map(&id).collect();
    let mut out: Vec<T> = Vec::new();
    for o in ours {
        let key = id(o);
        let b = base_by.get(key).copied();
        match theirs_by.get(key) {
            Some(t) => out.push(both(m, b, o, t)),
            None => match b {
                // Theirs removed it; ours left it alone: removed.
                Some(b) if b == o => {}
                Some(_) => {
                    m.conflicts.push(Conflict {
                        cell: format!("{kind} {key}"),
                        base: "present".into(),
                        ours: "changed".into(),
                        theirs: "removed".into(),
                    });
                    out.push(o.clone());
                }
                // Ours added it.
                None => out.push(o.clone()),
            },
        }
    }
    // Theirs's additions, each placed after the item that precedes it on their side (an
    // item kept from ours or an earlier addition): grouped by that item, then laid out in
    // one pass, so no addition searches the list.
    let mut kept: HashSet<&str> = out.iter().map(&id).collect();
    let mut added_after: HashMap<Option<&str>, Vec<&T>> = HashMap::new();
    let mut after: Option<&str> = None;
    for t in theirs {
        let key = id(t);
        if !ours_ids.contains(key) {
            match base_by.get(key) {
                None => {
                    added_after.entry(after).or_default().push(t);
                    kept.insert(key);
                }
                // Ours removed it; theirs left it alone: stays removed.
                Some(b) if *b == t => {}
                Some(_) => m.conflicts.push(Conflict {
                    cell: format!("{kind} {key}"),
                    base: "present".into(),
                    ours: "removed".into(),
                    theirs: "changed".into(),
                }),
            }
        }
        if kept.contains(key) {
            after = Some(key);
        }
    }
    if added_after.is_empty() {
        return out;
    }
    let mut merged = Vec::with_capacity(out.len() + added_after.len());
    fn place<'a, T: Clone>(
        merged: &mut Vec<T>,
        key: Option<&'a str>,
        added_after: &mut HashMap<Option<&'a str>, Vec<&'a T>>,
        id: &impl Fn(&T) -> &str,
    ) {
        // An explicit stack: a long run of additions must not recurse deeply.
        let mut stack: Vec<&'a T> = added_after.remove(&key).unwrap_or_default();
        stack.reverse();
        while let Some(t) = stack.pop() {
            merged.push(t.clone());
            if let Some(mut more) = added_after.remove(&Some(id(t))) {
                more.reverse();
                stack.extend(more);
            }
        }
    }
    place(&mut merged, None, &mut added_after, &id);
    for o in out {
        let key = id(&o).to_string();
        merged.push(o);
        // Keys borrowed from `ours` live as long as the inputs.
        let k: Option<&str> = ours_ids.get(key.as_str()).copied();
        if k.is_some() {
            place(&mut merged, k, &mut added_after, &id);
        }
    }
    merged
}

fn objective(m: &mut Merger, b: Option<&Objective>, o: &Objective, t: &Objective) -> Objective {
    let id = &o.id;
    let w = |f: &str| format!("objective {id} {f}");
    let empty = Vec::new();
    Objective {
        id: id.clone(),
        title: m.field(|| w("title"), b.map(|b| &b.title), &o.title, &t.title),
        text: m.field(|| w("text"), b.map(|b| &b.text), &o.text, &t.text),
        source_note: m.field(
            || w("source_note"),
            b.map(|b| &b.source_note),
            &o.source_note,
            &t.source_note,
        ),
        baseline: m.field(
            || w("baseline"),
            b.map(|b| &b.baseline),
            &o.baseline,
            &t.baseline,
        ),
        ambition: m.field(
            || w("ambition"),
            b.map(|b| &b.ambition),
            &o.ambition,
            &t.ambition,
        ),
        milestones: milestones(
            m,
            &format!("objective {id}"),
            b.map(|b| &b.milestones),
            &o.milestones,
            &t.milestones,
        ),
        actions: children(
            m,
            "action",
            b.map_or(&empty, |b| &b.actions),
            &o.actions,
            &t.actions,
            |a| a.id.as_str(),
            |m, b, o, t| m.action(b, o, t),
        ),
    }
}

fn priority(m: &mut Merger, b: Option<&Priority>, o: &Priority, t: &Priority) -> Priority {
    let id = &o.id;
    let w = |f: &str| format!("priority {id} {f}");
    let empty = Vec::new();
    Priority {
        id: id.clone(),
        title: m.field(|| w("title"), b.map(|b| &b.title), &o.title, &t.title),
        heading: m.field(
            || w("heading"),
            b.map(|b| &b.heading),
            &o.heading,
            &t.heading,
        ),
        source_note: m.field(
            || w("source_note"),
            b.map(|b| &b.source_note),
            &o.source_note,
            &t.source_note,
        ),
        judgements: m.ratings(
            &format!("priority {id} judgement"),
            b.map(|b| &b.judgements),
            &o.judgements,
            &t.judgements,
        ),
        indicators: m.field(
            || w("indicators"),
            b.map(|b| &b.indicators),
            &o.indicators,
            &t.indicators,
        ),
        objectives: children(
            m,
            "objective",
            b.map_or(&empty, |b| &b.objectives),
            &o.objectives,
            &t.objectives,
            |x| x.id.as_str(),
            objective,
        ),
    }
}

/// The top tier, merged by what holds what: each priority goes to the group its sides put
/// it in (three-way, per priority), each group's title and note merge as cells, and each
/// group's list is made in the merged priorities' order. So an aim added on either side
/// lands in its group, and two sides adding aims to different groups both keep theirs.
fn groups(
    m: &mut Merger,
    base: Option<&Plan>,
    ours: &Plan,
    theirs: &Plan,
    priorities: &[Priority],
) -> Vec<Group> {
    let holders = |plan: &Plan| -> HashMap<String, String> {
        plan.groups
            .iter()
            .flat_map(|g| g.priorities.iter().map(|p| (p.clone(), g.id.clone())))
            .collect()
    };
    let by_id = |plan: &Plan| -> HashMap<String, Group> {
        plan.groups
            .iter()
            .map(|g| (g.id.clone(), g.clone()))
            .collect()
    };
    let (hb, ho, ht) = (
        base.map(holders).unwrap_or_default(),
        holders(ours),
        holders(theirs),
    );
    let (gb, go, gt) = (
        base.map(by_id).unwrap_or_default(),
        by_id(ours),
        by_id(theirs),
    );
    let mut out: Vec<Group> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for p in priorities {
        let id = &p.id;
        let Some(g) = m.cell(
            || format!("priority {id} group"),
            hb.get(id),
            ho.get(id),
            ht.get(id),
        ) else {
            continue;
        };
        let k = *at.entry(g.clone()).or_insert_with(|| {
            let (b, o, t) = (gb.get(&g), go.get(&g), gt.get(&g));
            let Some(first) = o.or(t) else {
                // Named by neither side's groups (cannot happen: the holder came from one).
                return usize::MAX;
            };
            let w = |f: &str| format!("group {g} {f}");
            out.push(Group {
                id: g.clone(),
                title: m.field(
                    || w("title"),
                    b.map(|b| &b.title),
                    &o.unwrap_or(first).title,
                    &t.unwrap_or(first).title,
                ),
                source_note: m.field(
                    || w("source_note"),
                    b.map(|b| &b.source_note),
                    &o.unwrap_or(first).source_note,
                    &t.unwrap_or(first).source_note,
                ),
                priorities: Vec::new(),
            });
            out.len() - 1
        });
        if let Some(group) = out.get_mut(k) {
            group.priorities.push(id.clone());
        }
    }
    out
}

/// Review ticks, each tick a cell: ticked on one side and left alone on the other, ticked;
/// unticked on one side and left alone on the other, unticked. (A tick has no value to
/// disagree on, so it never conflicts.)
fn reviewed(base: Option<&Reviewed>, ours: &Reviewed, theirs: &Reviewed) -> Reviewed {
    let mut out = Reviewed::new();
    let periods: BTreeSet<&String> = ours.keys().chain(theirs.keys()).collect();
    let empty = BTreeSet::new();
    for p in periods {
        let (o, t) = (
            ours.get(p).unwrap_or(&empty),
            theirs.get(p).unwrap_or(&empty),
        );
        let b = base.and_then(|b| b.get(p)).unwrap_or(&empty);
        let kept: BTreeSet<String> = o
            .union(t)
            .filter(|id| {
                let (ib, io, it) = (b.contains(*id), o.contains(*id), t.contains(*id));
                // Ticked on both, or added on one side (not a removal on the other).
                (io && it) || (!ib && (io || it))
            })
            .cloned()
            .collect();
        if !kept.is_empty() {
            out.insert(p.clone(), kept);
        }
    }
    out
}

/// Key milestones: where the three sides list the same milestones (the same words in the
/// same order), each milestone is a cell of its own, so two officers calling different
/// milestones of one item both keep theirs; otherwise the list is one cell.
fn milestones(
    m: &mut Merger,
    whose: &str,
    base: Option<&Vec<Milestone>>,
    ours: &Vec<Milestone>,
    theirs: &Vec<Milestone>,
) -> Vec<Milestone> {
    let words = |v: &Vec<Milestone>| v.iter().map(|x| x.text.clone()).collect::<Vec<_>>();
    let same_list = words(ours) == words(theirs) && base.is_none_or(|b| words(b) == words(ours));
    if !same_list {
        return m.field(|| format!("{whose} milestones"), base, ours, theirs);
    }
    ours.iter()
        .zip(theirs)
        .enumerate()
        .map(|(i, (o, t))| {
            let b = base.and_then(|b| b.get(i));
            m.field(|| format!("{whose} milestone {}", i + 1), b, o, t)
        })
        .collect()
}

/// Change logs by union: OURS's entries, then THEIRS's that OURS lacks, in time order
/// (a stable sort, so entries at one instant keep their order).
pub fn union_changes(ours: &[Change], theirs: &[Change]) -> Vec<Change> {
    let key = |c: &Change| format!("{c:?}");
    let mut seen: HashSet<String> = ours.iter().map(key).collect();
    let mut out: Vec<Change> = ours.to_vec();
    for c in theirs {
        if seen.insert(key(c)) {
            out.push(c.clone());
        }
    }
    out.sort_by_key(|c| c.when);
    out
}

/// Merge THEIRS into OURS over BASE (`None`: no common ancestor, so every difference
/// between the two is a conflict).
pub fn merge(base: Option<&Plan>, ours: &Plan, theirs: &Plan) -> Merged {
    let mut m = Merger {
        conflicts: Vec::new(),
    };
    let w = |f: &str| format!("plan {f}");
    let title = m.field(
        || w("title"),
        base.map(|b| &b.title),
        &ours.title,
        &theirs.title,
    );
    let organisation = m.field(
        || w("organisation"),
        base.map(|b| &b.organisation),
        &ours.organisation,
        &theirs.organisation,
    );
    let source = m.field(
        || w("source"),
        base.map(|b| &b.source),
        &ours.source,
        &theirs.source,
    );
    let source_note = m.field(
        || w("source_note"),
        base.map(|b| &b.source_note),
        &ours.source_note,
        &theirs.source_note,
    );
    let series = m.field(
        || w("series"),
        base.map(|b| &b.series),
        &ours.series,
        &theirs.series,
    );
    let scale = m.field(
        || w("scale"),
        base.map(|b| &b.scale),
        &ours.scale,
        &theirs.scale,
    );
    let published_summary = m.field(
        || w("published_summary"),
        base.map(|b| &b.published_summary),
        &ours.published_summary,
        &theirs.published_summary,
    );
    let empty_p: Vec<Period> = Vec::new();
    let periods = children(
        &mut m,
        "period",
        base.map_or(&empty_p, |b| &b.periods),
        &ours.periods,
        &theirs.periods,
        |p| p.id.as_str(),
        |m, b, o, t| Period {
            id: o.id.clone(),
            label: m.field(
                || format!("period {} label", o.id),
                b.map(|b| &b.label),
                &o.label,
                &t.label,
            ),
            date: m.field(
                || format!("period {} date", o.id),
                b.map(|b| &b.date),
                &o.date,
                &t.date,
            ),
        },
    );
    let empty_pr: Vec<Priority> = Vec::new();
    let priorities = children(
        &mut m,
        "priority",
        base.map_or(&empty_pr, |b| &b.priorities),
        &ours.priorities,
        &theirs.priorities,
        |p| p.id.as_str(),
        priority,
    );
    let names = m.field(
        || w("names"),
        base.map(|b| &b.names),
        &ours.names,
        &theirs.names,
    );
    let narrative = m.field(
        || w("narrative"),
        base.map(|b| &b.narrative),
        &ours.narrative,
        &theirs.narrative,
    );
    let groups = groups(&mut m, base, ours, theirs, &priorities);
    let published_counts = m.field(
        || w("published_counts"),
        base.map(|b| &b.published_counts),
        &ours.published_counts,
        &theirs.published_counts,
    );
    let figures = m.field(
        || w("figures"),
        base.map(|b| &b.figures),
        &ours.figures,
        &theirs.figures,
    );
    let empty_d: Vec<super::Decision> = Vec::new();
    // A decision is one cell: recorded on one side, it is added; changed (settled) on one
    // side, that side's stands; settled differently on both, a conflict keeping ours.
    let decisions = children(
        &mut m,
        "decision",
        base.map_or(&empty_d, |b| &b.decisions),
        &ours.decisions,
        &theirs.decisions,
        |d| d.id.as_str(),
        |m, b, o, t| m.field(|| format!("decision {}", o.id), b, o, t),
    );
    let reviewed = reviewed(base.map(|b| &b.reviewed), &ours.reviewed, &theirs.reviewed);
    let mut plan = Plan {
        title,
        figures,
        organisation,
        source,
        source_note,
        series,
        names,
        narrative,
        published_counts,
        scale,
        periods,
        groups,
        priorities,
        published_summary,
        decisions,
        reviewed,
        changes: union_changes(&ours.changes, &theirs.changes),
    };
    restore_rated_periods(&mut plan, ours, theirs, &mut m);
    Merged {
        plan,
        conflicts: m.conflicts,
    }
}

/// A period one side removed while the other rated in it: put it back and say so, so no
/// rating is lost and the plan stays valid.
fn restore_rated_periods(plan: &mut Plan, ours: &Plan, theirs: &Plan, m: &mut Merger) {
    let have: HashSet<String> = plan.periods.iter().map(|p| p.id.clone()).collect();
    let mut used: Vec<String> = Vec::new();
    for a in plan.actions() {
        for k in a.ratings.keys() {
            if !have.contains(k) && !used.contains(k) {
                used.push(k.clone());
            }
        }
    }
    for k in used {
        if let Some(p) = ours.period(&k).or_else(|| theirs.period(&k)) {
            plan.periods.push(p.clone());
            m.conflicts.push(Conflict {
                cell: format!("period {k}"),
                base: "present".into(),
                ours: "rated in it or removed it".into(),
                theirs: "rated in it or removed it".into(),
            });
        }
    }
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

    fn rate(p: &mut Plan, id: &str, period: &str, r: Rating) {
        p.action_mut(id).unwrap().ratings.insert(period.into(), r);
    }

    #[test]
    fn different_cells_merge_cleanly() {
        let base = small();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        rate(&mut ours, "1.1.1", "q2", 4);
        rate(&mut theirs, "1.1.2", "q2", 3);
        theirs.action_mut("2.1.1").unwrap().progress = Some("Visits weekly".into());
        let m = merge(Some(&base), &ours, &theirs);
        assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
        assert_eq!(m.plan.action("1.1.1").unwrap().rating("q2"), Some(4));
        assert_eq!(m.plan.action("1.1.2").unwrap().rating("q2"), Some(3));
        assert_eq!(
            m.plan.action("2.1.1").unwrap().progress.as_deref(),
            Some("Visits weekly")
        );
        // Symmetric: the other way round gives the same plan.
        assert_eq!(merge(Some(&base), &theirs, &ours).plan, m.plan);
    }

    #[test]
    fn same_cell_differently_is_a_conflict_keeping_ours() {
        let base = small();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        rate(&mut ours, "1.1.2", "q2", 3);
        rate(&mut theirs, "1.1.2", "q2", 1);
        let m = merge(Some(&base), &ours, &theirs);
        assert_eq!(m.plan.action("1.1.2").unwrap().rating("q2"), Some(3));
        assert_eq!(m.conflicts.len(), 1);
        assert_eq!(
            m.conflicts[0].to_string(),
            "action 1.1.2 rating q2: base 2, ours 3, theirs 1; kept ours"
        );
    }

    #[test]
    fn same_change_on_both_sides_is_no_conflict() {
        let base = small();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        rate(&mut ours, "1.1.2", "q2", 3);
        rate(&mut theirs, "1.1.2", "q2", 3);
        assert!(merge(Some(&base), &ours, &theirs).conflicts.is_empty());
    }

    #[test]
    fn additions_removals_and_periods() {
        let base = small();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        // Theirs adds a period and an action; ours removes an untouched action.
        theirs.periods.push(Period {
            id: "q3".into(),
            label: "Q3".into(),
            date: None,
        });
        let mut added = base.action("1.1.3").unwrap().clone();
        added.id = "1.1.9".into();
        added.ratings.insert("q3".into(), 2);
        theirs.priorities[0].objectives[0].actions.push(added);
        ours.priorities[0].objectives[0]
            .actions
            .retain(|a| a.id != "1.1.3");
        let m = merge(Some(&base), &ours, &theirs);
        assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
        let ids: Vec<&str> = m.plan.actions().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["1.1.1", "1.1.2", "1.1.9", "2.1.1"]);
        assert!(m.plan.period("q3").is_some());
    }

    #[test]
    fn additions_keep_their_place() {
        let base = small();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        let template = base.action("1.1.3").unwrap().clone();
        let with_id = |id: &str| {
            let mut a = template.clone();
            a.id = id.into();
            a
        };
        let acts = &mut theirs.priorities[0].objectives[0].actions;
        acts.insert(0, with_id("1.1.0"));
        acts.insert(2, with_id("1.1.1a"));
        acts.insert(3, with_id("1.1.1b"));
        ours.priorities[0].objectives[0]
            .actions
            .push(with_id("1.1.7"));
        let m = merge(Some(&base), &ours, &theirs);
        assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
        let ids: Vec<&str> = m.plan.priorities[0]
            .actions()
            .map(|a| a.id.as_str())
            .collect();
        assert_eq!(
            ids,
            [
                "1.1.0", "1.1.1", "1.1.1a", "1.1.1b", "1.1.2", "1.1.3", "1.1.7"
            ]
        );
    }

    #[test]
    fn removal_against_an_edit_is_a_conflict() {
        let base = small();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        rate(&mut ours, "1.1.3", "q2", 2);
        theirs.priorities[0].objectives[0]
            .actions
            .retain(|a| a.id != "1.1.3");
        let m = merge(Some(&base), &ours, &theirs);
        assert_eq!(m.conflicts.len(), 1);
        assert!(m.plan.action("1.1.3").is_some());
    }

    #[test]
    fn change_logs_union_without_duplicates_in_time_order() {
        let c = |who: &str, t: &str| Change {
            who: who.into(),
            when: t.parse().unwrap(),
            item: "1.1.1".into(),
            period: "q2".into(),
            from: None,
            to: None,
            note: Some("n".into()),
            progress: None,
            correction: false,
            judgement: false,
        };
        let shared = c("a", "2025-01-01T10:00:00Z");
        let ours = [shared.clone(), c("o", "2025-01-03T10:00:00Z")];
        let theirs = [shared.clone(), c("t", "2025-01-02T10:00:00Z")];
        let u = union_changes(&ours, &theirs);
        let who: Vec<&str> = u.iter().map(|c| c.who.as_str()).collect();
        assert_eq!(who, ["a", "t", "o"]);
    }

    #[test]
    fn no_base_makes_every_difference_a_conflict() {
        let ours = small();
        let mut theirs = small();
        rate(&mut theirs, "1.1.1", "q2", 4);
        let m = merge(None, &ours, &theirs);
        assert_eq!(m.conflicts.len(), 1);
        assert_eq!(m.plan.action("1.1.1").unwrap().rating("q2"), Some(3));
    }
}
