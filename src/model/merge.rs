//! `ragboard merge BASE OURS THEIRS`: the three-way merge git runs as a merge driver.
//!
//! Cell by cell: a rating, a judgement, a progress note or any other field takes the side
//! that changed it; where both changed one cell to different values that is a conflict:
//! OURS's value stays (or the side a rule chooses: `Prefer`), and the conflict is listed
//! for someone to settle. Items and periods added on one side are added; removed on one
//! side and untouched on the other, removed; removed on one side and changed on the other
//! (a rating, a field, an entry in its change log), kept with the changes, and listed as a
//! conflict: a removal never silently beats an edit. Change logs are merged three-way
//! (each side's new entries kept, an entry one side removed and the other kept removed),
//! in time order; where a conflict leaves a cell holding another value than the last entry
//! of the log says, the merge records an entry of its own, so the log never claims a value
//! the cell does not hold.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::minutes::Reviewed;
use super::{
    Action, Change, Group, Milestone, Objective, Period, Plan, Priority, ProgressChange, Rating,
    Ratings, Scale,
};

/// A side of the merge. In `git merge`, OURS is the branch checked out and THEIRS the
/// branch merged in; in `git rebase`, OURS is the branch rebased onto (upstream) and
/// THEIRS is the commit being replayed (your own work).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Side {
    Ours,
    Theirs,
}

impl Side {
    pub fn word(self) -> &'static str {
        match self {
            Side::Ours => "ours",
            Side::Theirs => "theirs",
        }
    }
}

/// Which value a conflicting cell takes, when a rule is asked for (`--prefer`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Prefer {
    Ours,
    Theirs,
    /// The side whose change log records the later change to the cell (a rating or a
    /// progress note); ours where neither log dates it.
    Newest,
}

impl Prefer {
    pub fn word(self) -> &'static str {
        match self {
            Prefer::Ours => "ours",
            Prefer::Theirs => "theirs",
            Prefer::Newest => "newest",
        }
    }
}

/// One cell both sides changed differently, or an item one side removed and the other
/// changed. `kept` says which side's value the merged plan holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    /// What the cell is: "action 1.1.2 rating 01-18", "action 8.1.18" (the item itself).
    pub cell: String,
    /// The id of the item the cell belongs to (an action, objective, priority, period or
    /// group), for a view to go to it; none for the plan's own fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// Each version's value, in words ("3 (On track)", "\"Ann Lead\"", "none", "absent").
    pub base: String,
    pub ours: String,
    pub theirs: String,
    pub kept: Side,
    /// The rule that chose `kept`, where one was asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<Prefer>,
}

impl std::fmt::Display for Conflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: base {}, ours {}, theirs {}; kept {}",
            self.cell,
            self.base,
            self.ours,
            self.theirs,
            self.kept.word()
        )?;
        if let Some(r) = self.rule {
            write!(f, " (--prefer {})", r.word())?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone)]
pub struct Merged {
    pub plan: Plan,
    pub conflicts: Vec<Conflict>,
}

/// How to merge: the rule for conflicting cells, and who and when the merge's own
/// change-log entries name.
#[derive(Debug, Clone, Default)]
pub struct MergeOptions {
    /// `None`: ours kept in a conflicting cell, for someone to settle.
    pub prefer: Option<Prefer>,
    /// Who the merge's own log entries name (default "merge").
    pub who: String,
    /// When the merge happens (default: the time of the last entry of the merged log).
    pub when: Option<DateTime<Utc>>,
}

/// Where a cell is: its item's level and id, and the field.
struct Where {
    level: &'static str,
    id: String,
    field: String,
}

impl Where {
    fn new(level: &'static str, id: &str, field: &str) -> Where {
        Where {
            level,
            id: id.to_string(),
            field: field.to_string(),
        }
    }

    fn cell(&self) -> String {
        [self.level, self.id.as_str(), self.field.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The key under which a change log dates this cell: (action, "rating PERIOD") or
    /// (action, "progress").
    fn log_key(&self) -> Option<(String, String)> {
        let dated = self.level == "action"
            && (self.field == "progress" || self.field.starts_with("rating "));
        dated.then(|| (self.id.clone(), self.field.clone()))
    }
}

/// Three versions of a value in words for a conflict's message: text quoted, a date or a
/// due date as written, a list item by item, nothing as "none"; where a version has no
/// such cell at all (no base, an item added), "absent". Of a value with parts (an
/// indicator, a published table, a list of milestones) only the parts that differ are
/// said, so the message shows what the conflict is about. Long values are cut for the
/// message, never in the plan.
fn words3<T: Serialize>(
    base: Option<&T>,
    ours: Option<&T>,
    theirs: Option<&T>,
) -> (String, String, String) {
    let json = |v: Option<&T>| v.and_then(|v| serde_json::to_value(v).ok());
    let [b, o, t] = focus([json(base), json(ours), json(theirs)]);
    let say = |v: Option<serde_json::Value>, was: Option<&T>| match (v, was) {
        (_, None) => "absent".to_string(),
        (None, Some(_)) => "?".to_string(),
        (Some(j), Some(_)) => {
            let text = json_words(&j);
            if text.chars().count() > 60 {
                format!("{}…", text.chars().take(59).collect::<String>())
            } else {
                text
            }
        }
    };
    (say(b, base), say(o, ours), say(t, theirs))
}

/// The parts where three versions differ: of objects, the fields that are not the same in
/// all three; of lists of one length, the items that are not ("item 2"); each part
/// narrowed the same way. Other values are kept whole.
fn focus(vs: [Option<serde_json::Value>; 3]) -> [Option<serde_json::Value>; 3] {
    use serde_json::{Map, Value};
    let present: Vec<&Value> = vs.iter().flatten().collect();
    let objects = present.iter().all(|v| v.is_object()) && present.len() > 1;
    let lists = present.iter().all(|v| v.is_array())
        && present.len() > 1
        && present
            .windows(2)
            .all(|w| w[0].as_array().map(Vec::len) == w[1].as_array().map(Vec::len));
    if !objects && !lists {
        return vs;
    }
    // Each version's parts by name, in order.
    let parts = |v: &Value| -> Vec<(String, Value)> {
        match v {
            Value::Object(m) => m.iter().map(|(k, x)| (k.clone(), x.clone())).collect(),
            Value::Array(a) => a
                .iter()
                .enumerate()
                .map(|(i, x)| (format!("item {}", i + 1), x.clone()))
                .collect(),
            _ => Vec::new(),
        }
    };
    let split: Vec<Option<Vec<(String, Value)>>> =
        vs.iter().map(|v| v.as_ref().map(parts)).collect();
    let mut names: Vec<String> = Vec::new();
    for (k, _) in split.iter().flatten().flatten() {
        if !names.contains(k) {
            names.push(k.clone());
        }
    }
    let mut out: [Option<Map<String, Value>>; 3] =
        std::array::from_fn(|i| split[i].as_ref().map(|_| Map::new()));
    for name in names {
        let get = |i: usize| -> Option<Value> {
            split[i].as_ref().map(|p| {
                p.iter()
                    .find(|(k, _)| *k == name)
                    .map_or(Value::Null, |(_, x)| x.clone())
            })
        };
        let three = [get(0), get(1), get(2)];
        let seen: Vec<&Value> = three.iter().flatten().collect();
        if seen.windows(2).all(|w| w[0] == w[1]) {
            continue;
        }
        for (i, v) in focus(three).into_iter().enumerate() {
            if let (Some(m), Some(v)) = (out[i].as_mut(), v) {
                m.insert(name.clone(), v);
            }
        }
    }
    out.map(|m| m.map(Value::Object))
}

fn json_words(v: &serde_json::Value) -> String {
    use serde_json::Value;
    match v {
        Value::Null => "none".into(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.into(),
        Value::Number(n) => n.to_string(),
        // A date, due date or time reads as itself; other text is quoted.
        Value::String(s)
            if !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_digit() || "-/:TZ.".contains(c)) =>
        {
            s.clone()
        }
        Value::String(s) => format!("{s:?}"),
        Value::Array(a) if a.is_empty() => "none".into(),
        Value::Array(a) => a.iter().map(json_words).collect::<Vec<_>>().join("; "),
        Value::Object(m) => m
            .iter()
            .map(|(k, x)| format!("{k} {}", json_words(x)))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// What each side's own change log (its entries not in the base) says it did.
#[derive(Default)]
struct Logged {
    /// Items its new entries name.
    items: HashSet<String>,
    /// Periods its new entries name, or in which it changed a rating or a judgement.
    periods: HashSet<String>,
    /// The latest new entry per (action, "rating PERIOD" / "progress").
    latest: HashMap<(String, String), DateTime<Utc>>,
}

impl Logged {
    fn of(base: Option<&Plan>, side: &Plan, base_log: &HashSet<String>) -> Logged {
        let mut l = Logged::default();
        for c in side.changes.iter().filter(|c| !base_log.contains(&key(c))) {
            l.items.insert(c.item.clone());
            l.periods.insert(c.period.clone());
            let mut date = |field: String| {
                let at = l.latest.entry((c.item.clone(), field)).or_insert(c.when);
                *at = (*at).max(c.when);
            };
            if c.from != c.to {
                date(format!("rating {}", c.period));
            }
            if c.progress.is_some() {
                date("progress".into());
            }
        }
        // Periods it rated in (a rating or a judgement that is not the base's).
        let before: HashMap<&str, &Action> = base
            .map(|b| b.actions().map(|a| (a.id.as_str(), a)).collect())
            .unwrap_or_default();
        for a in side.actions() {
            let was = before.get(a.id.as_str());
            for (k, r) in &a.ratings {
                if *r != 0 && was.and_then(|w| w.rating(k)) != Some(*r) {
                    l.periods.insert(k.to_string());
                }
            }
        }
        for p in &side.priorities {
            let was = base.and_then(|b| b.priorities.iter().find(|q| q.id == p.id));
            for (k, r) in &p.judgements {
                if was.and_then(|w| w.judgements.get(k)) != Some(r) {
                    l.periods.insert(k.to_string());
                }
            }
        }
        l
    }
}

struct Merger {
    conflicts: Vec<Conflict>,
    prefer: Option<Prefer>,
    /// Ours's scale: ratings in conflicts are said in its words.
    scale: Scale,
    ours: Logged,
    theirs: Logged,
}

impl Merger {
    /// The side a conflicting cell keeps.
    fn choose(&self, at: &Where) -> Side {
        match self.prefer {
            None | Some(Prefer::Ours) => Side::Ours,
            Some(Prefer::Theirs) => Side::Theirs,
            Some(Prefer::Newest) => {
                let Some(k) = at.log_key() else {
                    return Side::Ours;
                };
                match (self.ours.latest.get(&k), self.theirs.latest.get(&k)) {
                    (Some(o), Some(t)) if t > o => Side::Theirs,
                    (None, Some(_)) => Side::Theirs,
                    _ => Side::Ours,
                }
            }
        }
    }

    fn conflict(&mut self, at: &Where, (base, ours, theirs): (String, String, String)) -> Side {
        let kept = self.choose(at);
        self.conflicts.push(Conflict {
            cell: at.cell(),
            item: (!at.id.is_empty()).then(|| at.id.clone()),
            base,
            ours,
            theirs,
            kept,
            rule: self.prefer,
        });
        kept
    }

    /// The three-way rule for one cell. `None` is "absent" on that side.
    fn cell<T: PartialEq + Clone + Serialize>(
        &mut self,
        at: Where,
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
        match self.conflict(&at, words3(base, ours, theirs)) {
            Side::Ours => ours.cloned(),
            Side::Theirs => theirs.cloned(),
        }
    }

    /// A field every version has.
    fn field<T: PartialEq + Clone + Serialize>(
        &mut self,
        at: Where,
        base: Option<&T>,
        ours: &T,
        theirs: &T,
    ) -> T {
        self.cell(at, base, Some(ours), Some(theirs))
            .unwrap_or_else(|| ours.clone())
    }

    /// A rating in words: "3 (On track)", "not rated".
    fn rating_words(&self, r: Option<Rating>) -> String {
        match r {
            None => "not rated".into(),
            Some(r) => self
                .scale
                .level(r)
                .map_or_else(|| r.to_string(), |l| format!("{} ({})", l.label, l.name)),
        }
    }

    /// Ratings (or judgements: `field` "judgement") of one item, period by period.
    fn ratings(
        &mut self,
        (level, id, field): (&'static str, &str, &str),
        base: Option<&Ratings>,
        ours: &Ratings,
        theirs: &Ratings,
    ) -> Ratings {
        let keys: Vec<&str> = {
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
                let said = (
                    if base.is_none() {
                        "absent".into()
                    } else {
                        self.rating_words(b)
                    },
                    self.rating_words(o),
                    self.rating_words(t),
                );
                match self.conflict(&Where::new(level, id, &format!("{field} {k}")), said) {
                    Side::Ours => ours,
                    Side::Theirs => theirs,
                }
            };
            if let Some(v) = from.get(k) {
                out.insert(k, *v);
            }
        }
        out
    }

    fn action(&mut self, base: Option<&Action>, ours: &Action, theirs: &Action) -> Action {
        let id = &ours.id;
        let w = |f: &str| Where::new("action", id, f);
        Action {
            id: id.clone(),
            title: self.field(
                w("title"),
                base.map(|b| &b.title),
                &ours.title,
                &theirs.title,
            ),
            measures: self.field(
                w("measures"),
                base.map(|b| &b.measures),
                &ours.measures,
                &theirs.measures,
            ),
            lead: self.field(w("lead"), base.map(|b| &b.lead), &ours.lead, &theirs.lead),
            officer: self.field(
                w("officer"),
                base.map(|b| &b.officer),
                &ours.officer,
                &theirs.officer,
            ),
            due: self.field(w("due"), base.map(|b| &b.due), &ours.due, &theirs.due),
            ratings: self.ratings(
                ("action", id, "rating"),
                base.map(|b| &b.ratings),
                &ours.ratings,
                &theirs.ratings,
            ),
            progress: self.field(
                w("progress"),
                base.map(|b| &b.progress),
                &ours.progress,
                &theirs.progress,
            ),
            source_note: self.field(
                w("source_note"),
                base.map(|b| &b.source_note),
                &ours.source_note,
                &theirs.source_note,
            ),
            baseline: self.field(
                w("baseline"),
                base.map(|b| &b.baseline),
                &ours.baseline,
                &theirs.baseline,
            ),
            ambition: self.field(
                w("ambition"),
                base.map(|b| &b.ambition),
                &ours.ambition,
                &theirs.ambition,
            ),
            milestones: milestones(
                self,
                "action",
                id,
                base.map(|b| &b.milestones),
                &ours.milestones,
                &theirs.milestones,
            ),
        }
    }
}

/// How a kind of item is merged: its word, its id, whether a side's change log or ratings
/// touched it, and the merge of its two versions.
struct Kind<T> {
    word: &'static str,
    id: fn(&T) -> &str,
    touched: fn(&Logged, &T) -> bool,
    both: fn(&mut Merger, Option<&T>, &T, &T) -> T,
}

/// Children of one parent, merged by id: each side's additions kept; a removal applied
/// when the other side left the item as it was (and its log does not name it); removed on
/// one side and changed on the other, a conflict keeping the changed item.
fn children<T: Clone + PartialEq>(
    m: &mut Merger,
    kind: Kind<T>,
    base: &[T],
    ours: &[T],
    theirs: &[T],
) -> Vec<T> {
    let Kind {
        word,
        id,
        touched,
        both,
    } = kind;
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
                Some(b) if b == o && !touched(&m.ours, o) => {}
                Some(_) => {
                    m.conflicts.push(removal(word, key, Side::Ours));
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
                Some(b) if *b == t && !touched(&m.theirs, t) => {}
                // Ours removed it; theirs changed it: kept, with their changes.
                Some(_) => {
                    m.conflicts.push(removal(word, key, Side::Theirs));
                    added_after.entry(after).or_default().push(t);
                    kept.insert(key);
                }
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

/// The conflict of an item removed on one side and changed on the other: the changed
/// side's item is kept.
fn removal(word: &str, id: &str, changed: Side) -> Conflict {
    let (ours, theirs) = match changed {
        Side::Ours => ("changed", "removed"),
        Side::Theirs => ("removed", "changed"),
    };
    Conflict {
        cell: format!("{word} {id}"),
        item: Some(id.to_string()),
        base: "present".into(),
        ours: ours.into(),
        theirs: theirs.into(),
        kept: changed,
        rule: None,
    }
}

fn objective(m: &mut Merger, b: Option<&Objective>, o: &Objective, t: &Objective) -> Objective {
    let id = &o.id;
    let w = |f: &str| Where::new("objective", id, f);
    Objective {
        id: id.clone(),
        title: m.field(w("title"), b.map(|b| &b.title), &o.title, &t.title),
        text: m.field(w("text"), b.map(|b| &b.text), &o.text, &t.text),
        source_note: m.field(
            w("source_note"),
            b.map(|b| &b.source_note),
            &o.source_note,
            &t.source_note,
        ),
        baseline: m.field(
            w("baseline"),
            b.map(|b| &b.baseline),
            &o.baseline,
            &t.baseline,
        ),
        ambition: m.field(
            w("ambition"),
            b.map(|b| &b.ambition),
            &o.ambition,
            &t.ambition,
        ),
        milestones: milestones(
            m,
            "objective",
            id,
            b.map(|b| &b.milestones),
            &o.milestones,
            &t.milestones,
        ),
        actions: children(
            m,
            Kind {
                word: "action",
                id: |a: &Action| a.id.as_str(),
                touched: |l: &Logged, a: &Action| l.items.contains(&a.id),
                both: |m: &mut Merger, b, o, t| m.action(b, o, t),
            },
            b.map_or(&[][..], |b| &b.actions),
            &o.actions,
            &t.actions,
        ),
    }
}

/// Does a side's log name any action of these objectives?
fn logs_any(l: &Logged, objectives: &[Objective]) -> bool {
    objectives
        .iter()
        .flat_map(|o| &o.actions)
        .any(|a| l.items.contains(&a.id))
}

fn priority(m: &mut Merger, b: Option<&Priority>, o: &Priority, t: &Priority) -> Priority {
    let id = &o.id;
    let w = |f: &str| Where::new("priority", id, f);
    Priority {
        id: id.clone(),
        title: m.field(w("title"), b.map(|b| &b.title), &o.title, &t.title),
        heading: m.field(w("heading"), b.map(|b| &b.heading), &o.heading, &t.heading),
        source_note: m.field(
            w("source_note"),
            b.map(|b| &b.source_note),
            &o.source_note,
            &t.source_note,
        ),
        judgements: m.ratings(
            ("priority", id, "judgement"),
            b.map(|b| &b.judgements),
            &o.judgements,
            &t.judgements,
        ),
        indicators: m.field(
            w("indicators"),
            b.map(|b| &b.indicators),
            &o.indicators,
            &t.indicators,
        ),
        objectives: children(
            m,
            Kind {
                word: "objective",
                id: |x: &Objective| x.id.as_str(),
                touched: |l: &Logged, x: &Objective| logs_any(l, std::slice::from_ref(x)),
                both: objective,
            },
            b.map_or(&[][..], |b| &b.objectives),
            &o.objectives,
            &t.objectives,
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
    priorities: &[Arc<Priority>],
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
            Where::new("priority", id, "group"),
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
            let w = |f: &str| Where::new("group", &g, f);
            out.push(Group {
                id: g.clone(),
                title: m.field(
                    w("title"),
                    b.map(|b| &b.title),
                    &o.unwrap_or(first).title,
                    &t.unwrap_or(first).title,
                ),
                source_note: m.field(
                    w("source_note"),
                    b.map(|b| &b.source_note),
                    &o.unwrap_or(first).source_note,
                    &t.unwrap_or(first).source_note,
                ),
                priorities: Vec::new(),
                judgements: m.ratings(
                    ("group", &g, "judgement"),
                    b.map(|b| &b.judgements),
                    &o.unwrap_or(first).judgements,
                    &t.unwrap_or(first).judgements,
                ),
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
    level: &'static str,
    id: &str,
    base: Option<&Vec<Milestone>>,
    ours: &Vec<Milestone>,
    theirs: &Vec<Milestone>,
) -> Vec<Milestone> {
    let words = |v: &Vec<Milestone>| v.iter().map(|x| x.text.clone()).collect::<Vec<_>>();
    let same_list = words(ours) == words(theirs) && base.is_none_or(|b| words(b) == words(ours));
    if !same_list {
        return m.field(Where::new(level, id, "milestones"), base, ours, theirs);
    }
    ours.iter()
        .zip(theirs)
        .enumerate()
        .map(|(i, (o, t))| {
            let b = base.and_then(|b| b.get(i));
            m.field(
                Where::new(level, id, &format!("milestone {}", i + 1)),
                b,
                o,
                t,
            )
        })
        .collect()
}

/// A change-log entry's identity: two entries are one when every field is the same.
fn key(c: &Change) -> String {
    format!("{c:?}")
}

/// Change logs by union: OURS's entries, then THEIRS's that OURS lacks, in time order
/// (a stable sort, so entries at one instant keep their order).
pub fn union_changes(ours: &[Change], theirs: &[Change]) -> Vec<Change> {
    merge_changes(None, ours, theirs)
}

/// Change logs three-way: each side's new entries kept, an entry of the base that one
/// side removed (with the item it named, say) and the other kept, removed; in time order.
/// Without a base, the union.
fn merge_changes(
    base: Option<&HashSet<String>>,
    ours: &[Change],
    theirs: &[Change],
) -> Vec<Change> {
    let in_base = |k: &str| base.is_some_and(|b| b.contains(k));
    let ours_keys: HashSet<String> = ours.iter().map(key).collect();
    let theirs_keys: HashSet<String> = theirs.iter().map(key).collect();
    let mut out: Vec<Change> = ours
        .iter()
        .filter(|c| {
            // Kept unless it is the base's and theirs removed it.
            let k = key(c);
            !in_base(&k) || theirs_keys.contains(&k)
        })
        .cloned()
        .collect();
    let mut seen = ours_keys.clone();
    for c in theirs {
        let k = key(c);
        if !in_base(&k) && seen.insert(k) {
            out.push(c.clone());
        }
    }
    out.sort_by_key(|c| c.when);
    out
}

/// Merge THEIRS into OURS over BASE (`None`: no common ancestor, so every difference
/// between the two is a conflict), keeping ours in each conflicting cell.
pub fn merge(base: Option<&Plan>, ours: &Plan, theirs: &Plan) -> Merged {
    merge_with(base, ours, theirs, &MergeOptions::default())
}

/// As [`merge`], with a rule for conflicting cells and the name and time of the merge's
/// own change-log entries.
pub fn merge_with(base: Option<&Plan>, ours: &Plan, theirs: &Plan, opts: &MergeOptions) -> Merged {
    let base_log: HashSet<String> = base
        .map(|b| b.changes.iter().map(key).collect())
        .unwrap_or_default();
    let mut m = Merger {
        conflicts: Vec::new(),
        prefer: opts.prefer,
        scale: ours.scale.clone(),
        ours: Logged::of(base, ours, &base_log),
        theirs: Logged::of(base, theirs, &base_log),
    };
    let w = |f: &str| Where::new("plan", "", f);
    let title = m.field(
        w("title"),
        base.map(|b| &b.title),
        &ours.title,
        &theirs.title,
    );
    let organisation = m.field(
        w("organisation"),
        base.map(|b| &b.organisation),
        &ours.organisation,
        &theirs.organisation,
    );
    let source = m.field(
        w("source"),
        base.map(|b| &b.source),
        &ours.source,
        &theirs.source,
    );
    let source_note = m.field(
        w("source_note"),
        base.map(|b| &b.source_note),
        &ours.source_note,
        &theirs.source_note,
    );
    let series = m.field(
        w("series"),
        base.map(|b| &b.series),
        &ours.series,
        &theirs.series,
    );
    let scale = m.field(
        w("scale"),
        base.map(|b| &b.scale),
        &ours.scale,
        &theirs.scale,
    );
    let published_summary = m.field(
        w("published_summary"),
        base.map(|b| &b.published_summary),
        &ours.published_summary,
        &theirs.published_summary,
    );
    let periods = children(
        &mut m,
        Kind {
            word: "period",
            id: |p: &Period| p.id.as_str(),
            touched: |l: &Logged, p: &Period| l.periods.contains(&p.id),
            both: |m: &mut Merger, b: Option<&Period>, o: &Period, t: &Period| Period {
                id: o.id.clone(),
                label: m.field(
                    Where::new("period", &o.id, "label"),
                    b.map(|b| &b.label),
                    &o.label,
                    &t.label,
                ),
                date: m.field(
                    Where::new("period", &o.id, "date"),
                    b.map(|b| &b.date),
                    &o.date,
                    &t.date,
                ),
            },
        },
        base.map_or(&[][..], |b| &b.periods),
        &ours.periods,
        &theirs.periods,
    );
    let priorities = children(
        &mut m,
        Kind {
            word: "priority",
            id: |p: &Arc<Priority>| p.id.as_str(),
            touched: |l: &Logged, p: &Arc<Priority>| logs_any(l, &p.objectives),
            both: |m, b, o, t| Arc::new(priority(m, b.map(|b| &**b), o, t)),
        },
        base.map_or(&[][..], |b| &b.priorities),
        &ours.priorities,
        &theirs.priorities,
    );
    let names = m.field(
        w("names"),
        base.map(|b| &b.names),
        &ours.names,
        &theirs.names,
    );
    let narrative = m.field(
        w("narrative"),
        base.map(|b| &b.narrative),
        &ours.narrative,
        &theirs.narrative,
    );
    let groups = groups(&mut m, base, ours, theirs, &priorities);
    let published_counts = m.field(
        w("published_counts"),
        base.map(|b| &b.published_counts),
        &ours.published_counts,
        &theirs.published_counts,
    );
    let figures = m.field(
        w("figures"),
        base.map(|b| &b.figures),
        &ours.figures,
        &theirs.figures,
    );
    let empty_d: Vec<super::Decision> = Vec::new();
    // A decision is one cell: recorded on one side, it is added; changed (settled) on one
    // side, that side's stands; settled differently on both, a conflict keeping ours.
    let decisions = children(
        &mut m,
        Kind {
            word: "decision",
            id: |d: &super::Decision| d.id.as_str(),
            touched: |_, _| false,
            both: |m, b, o, t| m.field(Where::new("decision", &o.id, ""), b, o, t),
        },
        base.map_or(&empty_d, |b| &b.decisions),
        &ours.decisions,
        &theirs.decisions,
    );
    let reviewed = reviewed(base.map(|b| &b.reviewed), &ours.reviewed, &theirs.reviewed);
    let people = m.field(
        w("people"),
        base.map(|b| &b.people),
        &ours.people,
        &theirs.people,
    );
    let proposals = proposals(
        &mut m,
        base.map(|b| &b.proposals[..]),
        &ours.proposals,
        &theirs.proposals,
    );
    let changes = merge_changes(base.map(|_| &base_log), &ours.changes, &theirs.changes);
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
        people,
        proposals,
        changes: changes.into(),
    };
    let recorded = reconcile_log(&plan, &base_log, opts, &m);
    plan.changes.extend(recorded);
    Merged {
        plan,
        conflicts: m.conflicts,
    }
}

/// Leads' proposals, three-way per action, period and person, each a cell: a side that
/// changed one (or added or removed it) wins over a side that left it; two sides that
/// changed it differently are a conflict, listed like any other, never decided silently.
fn proposals(
    m: &mut Merger,
    base: Option<&[super::Proposal]>,
    ours: &[super::Proposal],
    theirs: &[super::Proposal],
) -> Vec<super::Proposal> {
    type Key = (String, String, String);
    let key = |p: &super::Proposal| -> Key { (p.item.clone(), p.period.clone(), p.by.clone()) };
    let by_key = |list: &[super::Proposal]| -> HashMap<Key, super::Proposal> {
        list.iter().map(|p| (key(p), p.clone())).collect()
    };
    let base = base.unwrap_or_default();
    let (b, o, t) = (by_key(base), by_key(ours), by_key(theirs));
    let mut seen: HashSet<Key> = HashSet::new();
    let mut out = Vec::new();
    for p in ours.iter().chain(theirs).chain(base) {
        let k = key(p);
        if !seen.insert(k.clone()) {
            continue;
        }
        let at = Where::new("action", &k.0, &format!("proposal {} by {}", k.1, k.2));
        if let Some(merged) = m.cell(at, b.get(&k), o.get(&k), t.get(&k)) {
            out.push(merged);
        }
    }
    out
}

/// Where the merged log's last entry for a cell (a rating, or an action's progress) says
/// a value the cell does not hold (both sides changed it, and the other side's value was
/// kept), an entry of the merge's own saying what the cell holds and why. Entries of the
/// base are history the merge did not make, and are left as they are.
fn reconcile_log(
    plan: &Plan,
    base_log: &HashSet<String>,
    opts: &MergeOptions,
    m: &Merger,
) -> Vec<Change> {
    let mut last_rating: HashMap<(&str, &str), &Change> = HashMap::new();
    let mut last_progress: HashMap<&str, &Change> = HashMap::new();
    for c in &plan.changes {
        last_rating.insert((c.item.as_str(), c.period.as_str()), c);
        if c.progress.is_some() {
            last_progress.insert(c.item.as_str(), c);
        }
    }
    let latest = plan.changes.iter().map(|c| c.when).max();
    let when = match (opts.when, latest) {
        (Some(w), Some(l)) => w.max(l),
        (Some(w), None) => w,
        (None, Some(l)) => l,
        (None, None) => DateTime::<Utc>::UNIX_EPOCH,
    };
    let who = if opts.who.is_empty() {
        "merge".to_string()
    } else {
        opts.who.clone()
    };
    let note = |holds: String, said: String, by: &str| {
        format!(
            "merge: both sides changed this; it holds {holds}, where {by} recorded {said} on \
             the other side: settle the conflict the merge listed"
        )
    };
    let actions: HashMap<&str, &Action> = plan.actions().map(|a| (a.id.as_str(), a)).collect();
    let mut out = Vec::new();
    let mut entries: Vec<(&(&str, &str), &&Change)> = last_rating.iter().collect();
    entries.sort_by_key(|(k, _)| **k);
    for ((item, period), c) in entries {
        if base_log.contains(&key(c)) {
            continue;
        }
        let Some(a) = actions.get(item) else { continue };
        let (holds, said) = (a.rating(period), c.to.filter(|r| *r != 0));
        if holds != said {
            out.push(Change {
                who: who.clone(),
                when,
                item: item.to_string(),
                period: period.to_string(),
                from: said,
                to: holds,
                note: Some(note(m.rating_words(holds), m.rating_words(said), &c.who)),
                progress: None,
                correction: false,
                judgement: false,
                verdict: None,
                undo: false,
            });
        }
    }
    let mut entries: Vec<(&&str, &&Change)> = last_progress.iter().collect();
    entries.sort_by_key(|(k, _)| **k);
    for (item, c) in entries {
        let (Some(pg), false) = (&c.progress, base_log.contains(&key(c))) else {
            continue;
        };
        let Some(a) = actions.get(item) else { continue };
        if a.progress != pg.to {
            let r = a.rating(&c.period);
            let text = |s: &Option<String>| words3(Some(s), None, None).0;
            out.push(Change {
                who: who.clone(),
                when,
                item: item.to_string(),
                period: c.period.clone(),
                from: r,
                to: r,
                note: Some(note(text(&a.progress), text(&pg.to), &c.who)),
                progress: Some(ProgressChange {
                    from: pg.to.clone(),
                    to: a.progress.clone(),
                }),
                correction: false,
                judgement: false,
                verdict: None,
                undo: false,
            });
        }
    }
    out
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
        p.action_mut(id).unwrap().ratings.insert(period, r);
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
            "action 1.1.2 rating q2: base A (Amber), ours G (Green), theirs R (Red); kept ours"
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
        added.ratings.insert("q3", 2);
        Arc::make_mut(&mut theirs.priorities[0]).objectives[0]
            .actions
            .push(added);
        Arc::make_mut(&mut ours.priorities[0]).objectives[0]
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
        let acts = &mut Arc::make_mut(&mut theirs.priorities[0]).objectives[0].actions;
        acts.insert(0, with_id("1.1.0"));
        acts.insert(2, with_id("1.1.1a"));
        acts.insert(3, with_id("1.1.1b"));
        Arc::make_mut(&mut ours.priorities[0]).objectives[0]
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

    /// A rating as the meeting records it: the cell and a change-log entry.
    fn rate_logged(p: &mut Plan, id: &str, period: &str, r: Rating, who: &str, at: &str) {
        let from = p.action(id).unwrap().rating(period);
        rate(p, id, period, r);
        p.changes.push(Change {
            who: who.into(),
            when: at.parse().unwrap(),
            item: id.into(),
            period: period.into(),
            from,
            to: Some(r),
            note: Some(format!("{who}'s note")),
            progress: None,
            correction: false,
            judgement: false,
            verdict: None,
            undo: false,
        });
    }

    fn remove(p: &mut Plan, id: &str) {
        Arc::make_mut(&mut p.priorities[0]).objectives[0]
            .actions
            .retain(|a| a.id != id);
        p.changes.retain(|c| c.item != id);
    }

    fn valid(p: &Plan) {
        let text = crate::store::to_canonical(p).unwrap();
        crate::store::parse(&text, Path::new("merged.ron")).unwrap_or_else(|e| panic!("{e}"));
    }

    #[test]
    fn removal_against_an_edit_is_a_conflict() {
        let base = small();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        rate(&mut ours, "1.1.3", "q2", 2);
        Arc::make_mut(&mut theirs.priorities[0]).objectives[0]
            .actions
            .retain(|a| a.id != "1.1.3");
        let m = merge(Some(&base), &ours, &theirs);
        assert_eq!(m.conflicts.len(), 1);
        assert!(m.plan.action("1.1.3").is_some());
    }

    #[test]
    fn removed_on_our_side_and_rated_on_theirs_keeps_their_item_and_its_log() {
        let base = small();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        remove(&mut ours, "1.1.2");
        rate_logged(&mut theirs, "1.1.2", "q2", 3, "cy", "2025-10-01T10:00:00Z");
        for (o, t) in [(&ours, &theirs), (&theirs, &ours)] {
            let m = merge(Some(&base), o, t);
            assert_eq!(m.conflicts.len(), 1, "{:?}", m.conflicts);
            let c = &m.conflicts[0];
            assert_eq!(c.item.as_deref(), Some("1.1.2"));
            assert_eq!(c.base, "present");
            // In its place, as theirs had it, with the rating and the log entry.
            let ids: Vec<&str> = m.plan.actions().map(|a| a.id.as_str()).collect();
            assert_eq!(ids, ["1.1.1", "1.1.2", "1.1.3", "2.1.1"]);
            assert_eq!(m.plan.action("1.1.2").unwrap().rating("q2"), Some(3));
            assert!(m.plan.changes.iter().any(|c| c.who == "cy"));
            valid(&m.plan);
        }
        let m = merge(Some(&base), &ours, &theirs);
        assert_eq!(
            m.conflicts[0].to_string(),
            "action 1.1.2: base present, ours removed, theirs changed; kept theirs"
        );
    }

    #[test]
    fn a_note_in_the_log_alone_keeps_an_item_the_other_side_removed() {
        let base = small();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        remove(&mut theirs, "1.1.1");
        // Ours only noted something about 1.1.1: the action itself is as it was.
        ours.changes.push(Change {
            who: "ann".into(),
            when: "2025-10-01T10:00:00Z".parse().unwrap(),
            item: "1.1.1".into(),
            period: "q2".into(),
            from: Some(3),
            to: Some(3),
            note: Some("Asked for evidence".into()),
            progress: None,
            correction: false,
            judgement: false,
            verdict: None,
            undo: false,
        });
        let m = merge(Some(&base), &ours, &theirs);
        assert_eq!(m.conflicts.len(), 1, "{:?}", m.conflicts);
        assert!(m.plan.action("1.1.1").is_some());
        valid(&m.plan);
    }

    #[test]
    fn an_item_removed_with_its_log_on_one_side_goes_cleanly() {
        let mut base = small();
        rate_logged(&mut base, "1.1.2", "q2", 3, "ann", "2025-09-01T10:00:00Z");
        let (mut ours, theirs) = (base.clone(), base.clone());
        remove(&mut ours, "1.1.2");
        for (o, t) in [(&ours, &theirs), (&theirs, &ours)] {
            let m = merge(Some(&base), o, t);
            assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
            assert!(m.plan.action("1.1.2").is_none());
            assert!(m.plan.changes.is_empty(), "its log went with it");
            valid(&m.plan);
        }
    }

    #[test]
    fn the_log_never_claims_a_value_the_cell_does_not_hold() {
        let base = small();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        rate_logged(&mut ours, "1.1.1", "q2", 4, "ann", "2025-10-01T10:00:00Z");
        rate_logged(&mut theirs, "1.1.1", "q2", 2, "cy", "2025-10-02T10:00:00Z");
        let opts = MergeOptions {
            prefer: None,
            who: "clerk".into(),
            when: Some("2025-10-03T09:00:00Z".parse().unwrap()),
        };
        let m = merge_with(Some(&base), &ours, &theirs, &opts);
        assert_eq!(m.plan.action("1.1.1").unwrap().rating("q2"), Some(4));
        let last = m.plan.changes.last().unwrap();
        assert_eq!(
            (last.who.as_str(), last.from, last.to),
            ("clerk", Some(2), Some(4)),
            "{last:?}"
        );
        assert_eq!(last.when, opts.when.unwrap());
        assert!(
            last.note
                .as_deref()
                .unwrap()
                .contains("where cy recorded A (Amber)"),
            "{last:?}"
        );
        // Both officers' own entries are still there.
        assert!(m.plan.changes.iter().any(|c| c.who == "ann"));
        assert!(m.plan.changes.iter().any(|c| c.who == "cy"));
        valid(&m.plan);
        // Kept theirs: the last entry (cy's) says what the cell holds; nothing added.
        let m = merge_with(
            Some(&base),
            &ours,
            &theirs,
            &MergeOptions {
                prefer: Some(Prefer::Theirs),
                ..opts.clone()
            },
        );
        assert_eq!(m.plan.action("1.1.1").unwrap().rating("q2"), Some(2));
        assert_eq!(m.plan.changes.last().unwrap().who, "cy");
        assert_eq!(m.conflicts[0].kept, Side::Theirs);
        assert_eq!(m.conflicts[0].rule, Some(Prefer::Theirs));
    }

    #[test]
    fn prefer_newest_takes_the_later_change_in_the_logs() {
        let base = small();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        rate_logged(&mut ours, "1.1.1", "q2", 4, "ann", "2025-10-02T10:00:00Z");
        rate_logged(&mut theirs, "1.1.1", "q2", 2, "cy", "2025-10-01T10:00:00Z");
        rate_logged(&mut ours, "1.1.2", "q2", 4, "ann", "2025-10-01T10:00:00Z");
        rate_logged(&mut theirs, "1.1.2", "q2", 1, "cy", "2025-10-02T10:00:00Z");
        // A cell no log dates: ours.
        ours.action_mut("2.1.1").unwrap().lead = Some("Ann Lead".into());
        theirs.action_mut("2.1.1").unwrap().lead = Some("Cy Lead".into());
        let opts = MergeOptions {
            prefer: Some(Prefer::Newest),
            ..MergeOptions::default()
        };
        let m = merge_with(Some(&base), &ours, &theirs, &opts);
        assert_eq!(m.plan.action("1.1.1").unwrap().rating("q2"), Some(4));
        assert_eq!(m.plan.action("1.1.2").unwrap().rating("q2"), Some(1));
        assert_eq!(
            m.plan.action("2.1.1").unwrap().lead.as_deref(),
            Some("Ann Lead")
        );
        let kept: Vec<Side> = m.conflicts.iter().map(|c| c.kept).collect();
        assert_eq!(kept, [Side::Ours, Side::Theirs, Side::Ours]);
        valid(&m.plan);
    }

    #[test]
    fn of_a_value_with_parts_only_the_parts_that_differ_are_said() {
        let base = small();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        Arc::make_mut(&mut ours.priorities[0]).objectives[0].milestones[0].text =
            "Clinic opened".into();
        Arc::make_mut(&mut theirs.priorities[0]).objectives[0].milestones[0].text =
            "Clinic delayed".into();
        Arc::make_mut(&mut theirs.priorities[0]).objectives[0].milestones[0].done = true;
        let m = merge(Some(&base), &ours, &theirs);
        let said: Vec<String> = m.conflicts.iter().map(|c| c.to_string()).collect();
        assert_eq!(
            said,
            [
                "objective 1.1 milestones: base item 1 done none, text \"Clinic opens\", ours \
                 item 1 done none, text \"Clinic opened\", theirs item 1 done yes, text \
                 \"Clinic delayed\"; kept ours"
            ]
        );
    }

    #[test]
    fn values_are_said_in_words() {
        let base = small();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        let due = |s: &str| Some(s.parse::<crate::model::Due>().unwrap());
        ours.action_mut("1.1.1").unwrap().due = due("2018-07-15");
        theirs.action_mut("1.1.1").unwrap().due = due("2018-08");
        ours.action_mut("1.1.1").unwrap().lead = Some("Ann Lead".into());
        theirs.action_mut("1.1.1").unwrap().lead = None;
        ours.action_mut("1.1.1").unwrap().measures = vec!["One".into(), "Two".into()];
        theirs.action_mut("1.1.1").unwrap().measures = vec!["Three".into()];
        let m = merge(Some(&base), &ours, &theirs);
        let said: Vec<String> = m.conflicts.iter().map(|c| c.to_string()).collect();
        assert_eq!(
            said,
            [
                "action 1.1.1 measures: base none, ours \"One\"; \"Two\", theirs \"Three\"; kept ours",
                "action 1.1.1 lead: base \"Ann\", ours \"Ann Lead\", theirs none; kept ours",
                "action 1.1.1 due: base 2025-08, ours 2018-07-15, theirs 2018-08; kept ours",
            ]
        );
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
            verdict: None,
            undo: false,
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
