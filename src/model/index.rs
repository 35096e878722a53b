//! Finding an action by id without walking the plan: built once per plan shape, so every
//! edit and every replayed journal entry is a hash lookup, not a linear search.

use std::collections::HashMap;

/// foldhash: much faster than SipHash on short ids (the index is built on every load) and
/// seeded per process, so crafted ids cannot be chosen to collide.
type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

use super::{Action, Plan};

/// Position of an action: priority, objective and action indices.
pub type ActionAt = (usize, usize, usize);

/// An action's position as the index keeps it: 12 bytes, not 24, for each of a large
/// plan's actions (a position past `u32::MAX` cannot be, the file's size being bounded;
/// were it, it would find nothing).
type Packed = [u32; 3];

fn pack((p, o, a): ActionAt) -> Packed {
    let n = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
    [n(p), n(o), n(a)]
}

fn unpack([p, o, a]: Packed) -> ActionAt {
    (p as usize, o as usize, a as usize)
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Index {
    actions: Map<String, Packed>,
    /// Priorities and objectives: (priority, objective) indices, so any item's id is known
    /// without a walk (how many items are ticked as reviewed, on every frame).
    groups: Map<String, (usize, Option<usize>)>,
    /// The top tier's items, in plans that have one.
    tiers: Map<String, usize>,
    periods: Map<String, usize>,
    /// The indicators' common month axis (`indicator::months`): a walk over every value of
    /// the plan, made here once rather than on each frame that shows an indicator.
    months: Vec<String>,
    /// How many actions the plan has, and how many are rated in each period: the header's
    /// coverage on every frame, kept as ratings change (`note_rating`) rather than counted
    /// by a walk over the plan per frame.
    action_count: usize,
    rated: Map<String, usize>,
    /// Changes with every edit of the plan's content through the index (and differs from
    /// any earlier index's): what a search found stays true while it is the same.
    revision: u64,
    /// The revision at which each priority's content last changed (by position), so the
    /// roll-ups count again only the priorities an edit touched.
    stamps: Vec<u64>,
    /// The revision at which the periods last changed: every priority's figures move.
    periods_stamp: u64,
}

/// Revisions of every index, never reused.
static REVISIONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn next_revision() -> u64 {
    REVISIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// Actions, priorities and objectives, and the top tier's items, by id; and how many
/// actions there are.
#[allow(clippy::type_complexity)]
fn id_maps(
    plan: &Plan,
) -> (
    Map<String, Packed>,
    Map<String, (usize, Option<usize>)>,
    Map<String, usize>,
    usize,
) {
    // Sized at once: grown step by step, a 100,000-action map is hashed again a dozen
    // times over.
    let objectives: usize = plan.priorities.iter().map(|p| p.objectives.len()).sum();
    let all_actions: usize = plan
        .priorities
        .iter()
        .flat_map(|p| &p.objectives)
        .map(|o| o.actions.len())
        .sum();
    let mut actions = Map::with_capacity_and_hasher(all_actions, Default::default());
    let mut groups =
        Map::with_capacity_and_hasher(plan.priorities.len() + objectives, Default::default());
    let mut tiers = Map::default();
    for (g, gr) in plan.groups.iter().enumerate() {
        tiers.entry(gr.id.clone()).or_insert(g);
    }
    for (pi, p) in plan.priorities.iter().enumerate() {
        groups.entry(p.id.clone()).or_insert((pi, None));
        for (oi, o) in p.objectives.iter().enumerate() {
            groups.entry(o.id.clone()).or_insert((pi, Some(oi)));
            for (ai, a) in o.actions.iter().enumerate() {
                // The first of a duplicated id wins, as validation reports the rest.
                actions.entry(a.id.clone()).or_insert(pack((pi, oi, ai)));
            }
        }
    }
    (actions, groups, tiers, all_actions)
}

/// How many actions are rated in each period.
fn rated_counts(plan: &Plan) -> Map<String, usize> {
    let mut rated: Map<String, usize> = Map::default();
    let ratings = plan
        .priorities
        .iter()
        .flat_map(|p| &p.objectives)
        .flat_map(|o| &o.actions)
        .flat_map(|a| &a.ratings);
    for (period, r) in ratings {
        // A look-up first: an entry would copy the id for every rating.
        match rated.get_mut(period) {
            Some(n) => *n += usize::from(*r != 0),
            None if *r != 0 => {
                rated.insert(period.to_string(), 1);
            }
            None => {}
        }
    }
    rated
}

impl Index {
    pub fn build(plan: &Plan) -> Index {
        // The counts on a second thread while this one makes the maps: on a large plan
        // each is half of building the index (the meeting view waits for it).
        let counts = || (rated_counts(plan), super::indicator::months(plan));
        let (maps, (rated, months)) = if plan.priorities.len() > 64 {
            std::thread::scope(
                |s| match std::thread::Builder::new().spawn_scoped(s, counts) {
                    Ok(h) => {
                        let maps = id_maps(plan);
                        let counts = h.join().unwrap_or_else(|_| counts());
                        (maps, counts)
                    }
                    Err(_) => (id_maps(plan), counts()),
                },
            )
        } else {
            (id_maps(plan), counts())
        };
        let (actions, groups, tiers, action_count) = maps;
        let mut index = Index {
            actions,
            groups,
            tiers,
            periods: Map::default(),
            months,
            action_count,
            rated,
            revision: 0,
            stamps: Vec::new(),
            periods_stamp: 0,
        };
        // A new revision, never one an earlier index had.
        index.reindex_periods(plan);
        index.stamps = vec![index.revision; plan.priorities.len()];
        index
    }

    /// How many actions the plan has.
    pub fn action_count(&self) -> usize {
        self.action_count
    }

    /// How many actions are rated in `period`.
    pub fn rated_in(&self, period: &str) -> usize {
        self.rated.get(period).copied().unwrap_or(0)
    }

    /// A cell of `period` in the `priority`-th priority went from rated (`was`) to rated or
    /// not (`now`).
    pub fn note_rating(&mut self, priority: usize, period: &str, was: bool, now: bool) {
        // Every change to a cell comes through here (with its progress text, if any).
        self.touch(priority);
        match (was, now) {
            (false, true) => *self.rated.entry(period.to_string()).or_default() += 1,
            (true, false) => {
                if let Some(n) = self.rated.get_mut(period) {
                    *n = n.saturating_sub(1);
                }
            }
            _ => {}
        }
    }

    /// Which edit of the plan this is (see the field).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Something in the `priority`-th priority changed (a rating, a judgement).
    pub fn touch(&mut self, priority: usize) {
        self.revision = next_revision();
        if let Some(s) = self.stamps.get_mut(priority) {
            *s = self.revision;
        }
    }

    /// Something outside the ratings changed (a decision, a milestone's call, a tick).
    pub fn touch_content(&mut self) {
        self.revision = next_revision();
    }

    /// The revision at which the `priority`-th priority last changed.
    pub fn stamp(&self, priority: usize) -> Option<u64> {
        self.stamps.get(priority).copied()
    }

    /// The revision at which the periods last changed.
    pub fn periods_stamp(&self) -> u64 {
        self.periods_stamp
    }

    /// Which priority (by position) holds the action, objective or priority `id`.
    pub fn priority_of(&self, id: &str) -> Option<usize> {
        self.actions
            .get(id)
            .map(|&packed| unpack(packed).0)
            .or_else(|| self.groups.get(id).map(|(p, _)| *p))
    }

    /// Periods move when one is inserted; actions never do during a meeting.
    pub fn reindex_periods(&mut self, plan: &Plan) {
        self.revision = next_revision();
        self.periods_stamp = self.revision;
        self.periods = plan
            .periods
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
    }

    pub fn action_at(&self, id: &str) -> Option<ActionAt> {
        self.actions.get(id).copied().map(unpack)
    }

    /// Is `id` the id of a group, priority, objective or action (not a measure)?
    pub fn is_item(&self, id: &str) -> bool {
        self.actions.contains_key(id) || self.groups.contains_key(id) || self.tiers.contains_key(id)
    }

    /// The priority, objective or action with this id.
    pub fn node(&self, id: &str) -> Option<super::Node> {
        use super::Node;
        if let Some((p, o, a)) = self.action_at(id) {
            return Some(Node::Action(p, o, a));
        }
        if let Some(&(p, o)) = self.groups.get(id) {
            return Some(match o {
                Some(o) => Node::Objective(p, o),
                None => Node::Priority(p),
            });
        }
        self.tiers.get(id).map(|&g| Node::Group(g))
    }

    /// Every month from the plan's first indicator value to its last ("YYYY-MM").
    pub fn months(&self) -> &[String] {
        &self.months
    }

    pub fn period(&self, id: &str) -> Option<usize> {
        self.periods.get(id).copied()
    }

    pub fn action<'p>(&self, plan: &'p Plan, id: &str) -> Option<&'p Action> {
        let (p, o, a) = self.action_at(id)?;
        plan.priorities.get(p)?.objectives.get(o)?.actions.get(a)
    }

    pub fn action_mut<'p>(&self, plan: &'p mut Plan, id: &str) -> Option<&'p mut Action> {
        let (p, o, a) = self.action_at(id)?;
        std::sync::Arc::make_mut(plan.priorities.get_mut(p)?)
            .objectives
            .get_mut(o)?
            .actions
            .get_mut(a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_action_of_the_shipped_plan() {
        let plan = crate::store::bundled().unwrap();
        let index = Index::build(&plan);
        for a in plan.actions() {
            assert_eq!(index.action(&plan, &a.id).map(|x| &x.id), Some(&a.id));
        }
        assert!(index.action(&plan, "9.9.9").is_none());
        assert!(index.is_item("1") && index.is_item("1.1") && index.is_item("1.1.1"));
        assert!(!index.is_item("1.1.1#2") && !index.is_item("9.9.9"));
        assert_eq!(index.period("01-18"), Some(1));
    }
}
