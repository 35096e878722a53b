//! What changed between two snapshots of a plan, item by item and cell by cell, with the
//! change log's who and why. Pure: `report::diff` lays it out (and gives git's textconv).

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::rollup::{self, Dot};
use super::{Action, Change, Objective, Plan, Priority, Rating};

/// What kind of item an entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Priority,
    Objective,
    Action,
}

impl Level {
    pub fn word(self) -> &'static str {
        match self {
            Level::Priority => "priority",
            Level::Objective => "objective",
            Level::Action => "action",
        }
    }
}

/// Who made a change and why, from the new snapshot's change log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attribution {
    pub who: String,
    pub when: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// The change corrected a past period's rating.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub correction: bool,
}

impl Attribution {
    fn of(c: &Change) -> Attribution {
        Attribution {
            who: c.who.clone(),
            when: c.when.format("%Y-%m-%d %H:%M UTC").to_string(),
            why: c.note.clone(),
            correction: c.correction,
        }
    }

    pub fn text(&self) -> String {
        let what = if self.correction {
            "correction by "
        } else {
            ""
        };
        match &self.why {
            Some(w) => format!("{what}{}, {}: {w}", self.who, self.when),
            None => format!("{what}{}, {}", self.who, self.when),
        }
    }

    /// The "why" column: the note, said to be a correction where it is one.
    pub fn why_text(&self) -> String {
        let why = self.why.as_deref().unwrap_or("");
        match (self.correction, why.is_empty()) {
            (true, true) => "correction".into(),
            (true, false) => format!("correction: {why}"),
            (false, _) => why.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Entry {
    PeriodAdded {
        id: String,
        label: String,
    },
    PeriodRemoved {
        id: String,
        label: String,
    },
    Added {
        level: Level,
        id: String,
        title: String,
    },
    Removed {
        level: Level,
        id: String,
        title: String,
    },
    Retitled {
        level: Level,
        id: String,
        from: String,
        to: String,
    },
    /// An action's rating, or (level priority) the board's judgement, moved in a period.
    Rating {
        level: Level,
        id: String,
        title: String,
        period: String,
        period_label: String,
        from: Option<String>,
        to: Option<String>,
        direction: Option<Dot>,
        #[serde(skip_serializing_if = "Option::is_none")]
        by: Option<Attribution>,
    },
    Progress {
        id: String,
        title: String,
        from: Option<String>,
        to: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        by: Option<Attribution>,
    },
    /// A note recorded in the change log with no rating or progress change beside it.
    Note {
        id: String,
        period: String,
        by: Attribution,
    },
    /// A decision or agreed action recorded (`from` none), settled (`from` and `to` its
    /// status before and after) or taken out (`to` none).
    Decision {
        id: String,
        /// "decision" or "agreed action".
        what: String,
        /// The item it is on; none for the plan as a whole.
        item: Option<String>,
        text: String,
        from: Option<String>,
        to: Option<String>,
        owner: Option<String>,
        due: Option<String>,
        /// The closing note, where it was closed.
        note: Option<String>,
        /// Who recorded it, or who closed it.
        by: String,
        /// The meeting's period, as labelled.
        meeting: String,
    },
    /// The board's call on a key milestone: met, missed, or a new date.
    Milestone {
        item: String,
        text: String,
        call: String,
        date: String,
        due: Option<String>,
        note: Option<String>,
        by: String,
        meeting: String,
    },
    /// Items ticked, or unticked, as reviewed by the meeting of a period.
    Reviewed {
        period: String,
        period_label: String,
        ticked: Vec<String>,
        unticked: Vec<String>,
    },
    /// Any other field of an item (lead, due, measures...) or of the plan.
    Field {
        /// "plan", "period", "priority", "objective" or "action".
        of: &'static str,
        id: String,
        field: String,
        from: String,
        to: String,
    },
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanDiff {
    pub old: String,
    pub new: String,
    pub equal: bool,
    pub entries: Vec<Entry>,
}

/// Ratings as text: the scale's label ("A"), or the number when off the scale.
fn label(plan: &Plan, r: Option<Rating>) -> Option<String> {
    let r = r.filter(|r| *r != 0)?;
    Some(
        plan.scale
            .level(r)
            .map_or_else(|| r.to_string(), |l| l.label.clone()),
    )
}

fn field<T: PartialEq + std::fmt::Debug>(
    out: &mut Vec<Entry>,
    of: &'static str,
    id: &str,
    name: &str,
    old: &T,
    new: &T,
    show: impl Fn(&T) -> String,
) {
    if old != new {
        out.push(Entry::Field {
            of,
            id: id.to_string(),
            field: name.to_string(),
            from: show(old),
            to: show(new),
        });
    }
}

fn ambition_text(v: Option<&super::Ambition>) -> String {
    v.map_or_else(String::new, |a| match a.figure() {
        Some(f) => format!("{} ({f})", a.text),
        None => a.text.clone(),
    })
}

fn opt_text(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

/// The milestones as listed, without the board's calls on them (a diff shows each call as
/// an entry of its own).
fn listed(ms: &[super::Milestone]) -> Vec<super::Milestone> {
    ms.iter()
        .map(|m| super::Milestone {
            calls: Vec::new(),
            ..m.clone()
        })
        .collect()
}

/// Milestones as a diff shows them: each with its date and state of record.
fn milestones_text(ms: &[super::Milestone]) -> String {
    ms.iter()
        .map(|m| {
            let due = m.due.map_or_else(String::new, |d| format!("{d} "));
            let done = if m.done { " (done)" } else { "" };
            format!("{due}{}{done}", m.text)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

struct Ctx<'a> {
    old: &'a Plan,
    new: &'a Plan,
    /// The latest change in the new log, not in the old, per (action, period).
    rated_by: HashMap<(&'a str, &'a str), &'a Change>,
    /// The latest such change that rewrote an action's progress.
    progress_by: HashMap<&'a str, &'a Change>,
    /// Changes accounted for by a rating or progress entry.
    used: HashSet<*const Change>,
    out: Vec<Entry>,
}

/// Everything that differs from `old` to `new`. Empty exactly when the plans are equal.
pub fn diff(old: &Plan, new: &Plan, old_name: &str, new_name: &str) -> PlanDiff {
    let old_log: HashSet<String> = old.changes.iter().map(change_key).collect();
    let fresh: Vec<&Change> = new
        .changes
        .iter()
        .filter(|c| !old_log.contains(&change_key(c)))
        .collect();
    let mut rated_by = HashMap::new();
    let mut progress_by = HashMap::new();
    for c in &fresh {
        rated_by.insert((c.item.as_str(), c.period.as_str()), *c);
        if c.progress.is_some() {
            progress_by.insert(c.item.as_str(), *c);
        }
    }
    let mut cx = Ctx {
        old,
        new,
        rated_by,
        progress_by,
        used: HashSet::new(),
        out: Vec::new(),
    };
    cx.plan_fields();
    cx.periods();
    cx.priorities();
    cx.decisions();
    cx.reviewed();
    // Notes in the log that no rating or progress entry has shown.
    for c in fresh {
        if c.note.is_some() && !cx.used.contains(&(c as *const Change)) {
            cx.out.push(Entry::Note {
                id: c.item.clone(),
                period: c.period.clone(),
                by: Attribution::of(c),
            });
        }
    }
    if cx.out.is_empty() && old != new {
        // Only order or log entries differ: still a difference, never reported as equal.
        cx.out.push(Entry::Field {
            of: "plan",
            id: String::new(),
            field: "layout (order of items, explicit 0 ratings or change log entries)".into(),
            from: String::new(),
            to: String::new(),
        });
    }
    PlanDiff {
        old: old_name.to_string(),
        new: new_name.to_string(),
        equal: cx.out.is_empty(),
        entries: cx.out,
    }
}

fn change_key(c: &Change) -> String {
    format!("{c:?}")
}

impl<'a> Ctx<'a> {
    fn plan_fields(&mut self) {
        let (o, n) = (self.old, self.new);
        let out = &mut self.out;
        field(out, "plan", "", "title", &o.title, &n.title, Clone::clone);
        field(
            out,
            "plan",
            "",
            "organisation",
            &o.organisation,
            &n.organisation,
            opt_text,
        );
        field(out, "plan", "", "source", &o.source, &n.source, opt_text);
        field(
            out,
            "plan",
            "",
            "source_note",
            &o.source_note,
            &n.source_note,
            opt_text,
        );
        field(out, "plan", "", "series", &o.series, &n.series, |s| {
            s.as_ref().map_or_else(String::new, |s| {
                let links: Vec<String> = s
                    .links()
                    .map(|(r, id)| format!(", {} {id}", r.word()))
                    .collect();
                format!(
                    "{} ({} {}, {}){}",
                    s.id,
                    s.kind.word(),
                    s.years,
                    s.name,
                    links.concat()
                )
            })
        });
        field(out, "plan", "", "scale", &o.scale, &n.scale, |s| {
            s.name.clone()
        });
        field(
            out,
            "plan",
            "",
            "published_summary",
            &o.published_summary,
            &n.published_summary,
            |p| {
                p.as_ref()
                    .map_or_else(String::new, |p| format!("{} / {}", p.previous, p.current))
            },
        );
        // Whole-plan texts and tables: named when changed, shown in full by the file diff.
        field(out, "plan", "", "names", &o.names, &n.names, |_| {
            String::new()
        });
        field(
            out,
            "plan",
            "",
            "narrative",
            &o.narrative,
            &n.narrative,
            |v| format!("{} sections", v.len()),
        );
        field(out, "plan", "", "groups", &o.groups, &n.groups, |v| {
            v.iter()
                .map(|g| {
                    let judged: Vec<String> = g
                        .judgements
                        .iter()
                        .map(|(p, r)| format!("{p}: {r}"))
                        .collect();
                    let judged = if judged.is_empty() {
                        String::new()
                    } else {
                        format!(" board's judgements {}", judged.join(", "))
                    };
                    format!("{} {} [{}]{judged}", g.id, g.title, g.priorities.join(" "))
                })
                .collect::<Vec<_>>()
                .join("; ")
        });
        field(
            out,
            "plan",
            "",
            "published_counts",
            &o.published_counts,
            &n.published_counts,
            |_| String::new(),
        );
        field(out, "plan", "", "figures", &o.figures, &n.figures, |f| {
            let opt = |v: Option<String>| v.unwrap_or_else(|| "default".into());
            format!(
                "coverage {}, decimals {}",
                opt(f.coverage.map(|c| c.to_string())),
                opt(f.decimals.map(|d| d.to_string()))
            )
        });
    }

    fn periods(&mut self) {
        let old: HashMap<&str, _> = self
            .old
            .periods
            .iter()
            .map(|p| (p.id.as_str(), p))
            .collect();
        let new: HashMap<&str, _> = self
            .new
            .periods
            .iter()
            .map(|p| (p.id.as_str(), p))
            .collect();
        for p in &self.new.periods {
            match old.get(p.id.as_str()) {
                None => self.out.push(Entry::PeriodAdded {
                    id: p.id.clone(),
                    label: p.label.clone(),
                }),
                Some(was) => {
                    field(
                        &mut self.out,
                        "period",
                        &p.id,
                        "label",
                        &was.label,
                        &p.label,
                        Clone::clone,
                    );
                    field(
                        &mut self.out,
                        "period",
                        &p.id,
                        "date",
                        &was.date,
                        &p.date,
                        |d| d.map_or_else(String::new, |d| d.to_string()),
                    );
                }
            }
        }
        for p in &self.old.periods {
            if !new.contains_key(p.id.as_str()) {
                self.out.push(Entry::PeriodRemoved {
                    id: p.id.clone(),
                    label: p.label.clone(),
                });
            }
        }
    }

    /// Up, down or same between two ratings; none on a scale of statuses, which has no order.
    fn direction(&self, from: Option<Rating>, to: Option<Rating>) -> Option<Dot> {
        rollup::dot(from.map(f64::from), to.map(f64::from))
            .filter(|_| self.new.scale.kind.is_ordinal())
    }

    /// The calls made on the milestones of `item` since `old` (where the list is the same
    /// one); calls taken back show as a changed field.
    fn calls(&mut self, item: &str, old: &[super::Milestone], new: &[super::Milestone]) {
        if listed(old) != listed(new) {
            return;
        }
        for (o, n) in old.iter().zip(new) {
            if n.calls.starts_with(&o.calls) {
                for c in &n.calls[o.calls.len()..] {
                    self.out.push(Entry::Milestone {
                        item: item.to_string(),
                        text: n.text.clone(),
                        call: c.kind.word().to_string(),
                        date: c.date.to_string(),
                        due: c.due.map(|d| d.to_string()),
                        note: c.note.clone(),
                        by: c.by.clone(),
                        meeting: self.period_label(&c.period),
                    });
                }
            } else {
                let words = |m: &super::Milestone| {
                    m.calls
                        .iter()
                        .map(|c| format!("{} {}", c.kind.word(), c.date))
                        .collect::<Vec<_>>()
                        .join("; ")
                };
                self.out.push(Entry::Field {
                    of: "milestone",
                    id: item.to_string(),
                    field: format!("calls on {:?}", n.text),
                    from: words(o),
                    to: words(n),
                });
            }
        }
    }

    /// Decisions and agreed actions recorded, settled or taken out.
    fn decisions(&mut self) {
        let old: HashMap<&str, &super::Decision> = self
            .old
            .decisions
            .iter()
            .map(|d| (d.id.as_str(), d))
            .collect();
        let new_ids: HashSet<&str> = self.new.decisions.iter().map(|d| d.id.as_str()).collect();
        let entry = |cx: &Self, d: &super::Decision, from: Option<&super::Decision>, gone: bool| {
            let closing = d.closed.as_ref().filter(|_| !gone && from.is_some());
            Entry::Decision {
                id: d.id.clone(),
                what: d.kind.word().to_string(),
                item: d.item.clone(),
                text: d.text.clone(),
                from: from.map(|f| f.status.word().to_string()),
                to: (!gone).then(|| d.status.word().to_string()),
                owner: d.owner.clone(),
                due: d.due.map(|x| x.to_string()),
                note: closing.and_then(|c| c.note.clone()),
                by: closing.map_or_else(|| d.by.clone(), |c| c.by.clone()),
                meeting: cx.period_label(closing.map_or(&d.period, |c| &c.period)),
            }
        };
        for d in &self.new.decisions {
            match old.get(d.id.as_str()) {
                None => self.out.push(entry(self, d, None, false)),
                Some(was) if *was != d => self.out.push(entry(self, d, Some(was), false)),
                Some(_) => {}
            }
        }
        for d in &self.old.decisions {
            if !new_ids.contains(d.id.as_str()) {
                self.out.push(entry(self, d, Some(d), true));
            }
        }
    }

    /// Review ticks added or taken away, per period.
    fn reviewed(&mut self) {
        let periods: std::collections::BTreeSet<&String> = self
            .old
            .reviewed
            .keys()
            .chain(self.new.reviewed.keys())
            .collect();
        let none = std::collections::BTreeSet::new();
        for p in periods {
            let o = self.old.reviewed.get(p).unwrap_or(&none);
            let n = self.new.reviewed.get(p).unwrap_or(&none);
            let ticked: Vec<String> = n.difference(o).cloned().collect();
            let unticked: Vec<String> = o.difference(n).cloned().collect();
            if ticked.is_empty() && unticked.is_empty() {
                continue;
            }
            self.out.push(Entry::Reviewed {
                period: p.clone(),
                period_label: self.period_label(p),
                ticked,
                unticked,
            });
        }
    }

    fn period_label(&self, id: &str) -> String {
        self.new
            .period(id)
            .or_else(|| self.old.period(id))
            .map_or_else(|| id.to_string(), |p| p.label.clone())
    }

    fn priorities(&mut self) {
        let old_pr: HashMap<&str, &Priority> = self
            .old
            .priorities
            .iter()
            .map(|p| (p.id.as_str(), &**p))
            .collect();
        let old_ob: HashMap<&str, &Objective> = self
            .old
            .priorities
            .iter()
            .flat_map(|p| &p.objectives)
            .map(|o| (o.id.as_str(), o))
            .collect();
        let old_ac: HashMap<&str, &Action> =
            self.old.actions().map(|a| (a.id.as_str(), a)).collect();
        // Which objective each action sat under, to see one moved.
        let old_parent: HashMap<&str, &str> = self
            .old
            .priorities
            .iter()
            .flat_map(|p| &p.objectives)
            .flat_map(|o| {
                o.actions
                    .iter()
                    .map(move |a| (a.id.as_str(), o.id.as_str()))
            })
            .collect();
        for pr in &self.new.priorities {
            match old_pr.get(pr.id.as_str()) {
                None => self.added(Level::Priority, &pr.id, &pr.title),
                Some(was) => self.priority(was, pr),
            }
            for ob in &pr.objectives {
                match old_ob.get(ob.id.as_str()) {
                    None => self.added(Level::Objective, &ob.id, &ob.title),
                    Some(was) => self.objective(was, ob),
                }
                for a in &ob.actions {
                    match old_ac.get(a.id.as_str()) {
                        None => {
                            self.added(Level::Action, &a.id, &a.title);
                            self.action(None, a);
                        }
                        Some(was) => {
                            if let Some(from) = old_parent.get(a.id.as_str())
                                && *from != ob.id
                            {
                                self.out.push(Entry::Field {
                                    of: "action",
                                    id: a.id.clone(),
                                    field: "objective".into(),
                                    from: from.to_string(),
                                    to: ob.id.clone(),
                                });
                            }
                            self.action(Some(was), a)
                        }
                    }
                }
            }
        }
        // Removed items, in the old plan's order. Ids are unique across levels in
        // practice; a level is checked on its own map so one cannot hide another.
        let new_pr: HashSet<&str> = self.new.priorities.iter().map(|p| p.id.as_str()).collect();
        let new_ob: HashSet<&str> = self
            .new
            .priorities
            .iter()
            .flat_map(|p| &p.objectives)
            .map(|o| o.id.as_str())
            .collect();
        let new_ac: HashSet<&str> = self.new.actions().map(|a| a.id.as_str()).collect();
        for pr in &self.old.priorities {
            if !new_pr.contains(pr.id.as_str()) {
                self.removed(Level::Priority, &pr.id, &pr.title);
            }
            for ob in &pr.objectives {
                if !new_ob.contains(ob.id.as_str()) {
                    self.removed(Level::Objective, &ob.id, &ob.title);
                }
                for a in &ob.actions {
                    if !new_ac.contains(a.id.as_str()) {
                        self.removed(Level::Action, &a.id, &a.title);
                    }
                }
            }
        }
    }

    fn added(&mut self, level: Level, id: &str, title: &str) {
        self.out.push(Entry::Added {
            level,
            id: id.into(),
            title: title.into(),
        });
    }

    fn removed(&mut self, level: Level, id: &str, title: &str) {
        self.out.push(Entry::Removed {
            level,
            id: id.into(),
            title: title.into(),
        });
    }

    fn retitled(&mut self, level: Level, id: &str, from: &str, to: &str) {
        if from != to {
            self.out.push(Entry::Retitled {
                level,
                id: id.into(),
                from: from.into(),
                to: to.into(),
            });
        }
    }

    fn priority(&mut self, was: &Priority, pr: &Priority) {
        self.retitled(Level::Priority, &pr.id, &was.title, &pr.title);
        let out = &mut self.out;
        field(
            out,
            "priority",
            &pr.id,
            "heading",
            &was.heading,
            &pr.heading,
            opt_text,
        );
        field(
            out,
            "priority",
            &pr.id,
            "source_note",
            &was.source_note,
            &pr.source_note,
            opt_text,
        );
        field(
            out,
            "priority",
            &pr.id,
            "indicators",
            &was.indicators,
            &pr.indicators,
            |v| format!("{} indicators", v.len()),
        );
        let periods: Vec<&String> = self
            .new
            .periods
            .iter()
            .map(|p| &p.id)
            .chain(self.old.periods.iter().map(|p| &p.id))
            .collect();
        let mut done = HashSet::new();
        for p in periods {
            if !done.insert(p) {
                continue;
            }
            let (a, b) = (
                was.judgements.get(p).copied().filter(|r| *r != 0),
                pr.judgements.get(p).copied().filter(|r| *r != 0),
            );
            if a != b {
                let by = self
                    .rated_by
                    .get(&(pr.id.as_str(), p.as_str()))
                    .copied()
                    .filter(|c| c.judgement);
                if let Some(c) = by {
                    self.used.insert(c as *const Change);
                }
                self.out.push(Entry::Rating {
                    level: Level::Priority,
                    id: pr.id.clone(),
                    title: pr.title.clone(),
                    period: p.clone(),
                    period_label: self.period_label(p),
                    from: label(self.old, a),
                    to: label(self.new, b),
                    direction: self.direction(a, b),
                    by: by.map(Attribution::of),
                });
            }
        }
    }

    fn objective(&mut self, was: &Objective, ob: &Objective) {
        self.retitled(Level::Objective, &ob.id, &was.title, &ob.title);
        let out = &mut self.out;
        field(
            out,
            "objective",
            &ob.id,
            "text",
            &was.text,
            &ob.text,
            opt_text,
        );
        field(
            out,
            "objective",
            &ob.id,
            "baseline",
            &was.baseline,
            &ob.baseline,
            opt_text,
        );
        field(
            out,
            "objective",
            &ob.id,
            "ambition",
            &was.ambition,
            &ob.ambition,
            |v: &Option<super::Ambition>| ambition_text(v.as_ref()),
        );
        field(
            out,
            "objective",
            &ob.id,
            "source_note",
            &was.source_note,
            &ob.source_note,
            opt_text,
        );
        field(
            out,
            "objective",
            &ob.id,
            "milestones",
            &listed(&was.milestones),
            &listed(&ob.milestones),
            |m| milestones_text(m),
        );
        self.calls(&ob.id, &was.milestones, &ob.milestones);
    }

    fn action(&mut self, was: Option<&Action>, a: &Action) {
        if let Some(w) = was {
            self.retitled(Level::Action, &a.id, &w.title, &a.title);
            let out = &mut self.out;
            field(out, "action", &a.id, "lead", &w.lead, &a.lead, opt_text);
            field(
                out, "action", &a.id, "officer", &w.officer, &a.officer, opt_text,
            );
            field(out, "action", &a.id, "due", &w.due, &a.due, |d| {
                d.map_or_else(String::new, |d| d.to_string())
            });
            field(
                out,
                "action",
                &a.id,
                "measures",
                &w.measures,
                &a.measures,
                |m| m.join("; "),
            );
            field(
                out,
                "action",
                &a.id,
                "source_note",
                &w.source_note,
                &a.source_note,
                opt_text,
            );
            field(
                out,
                "action",
                &a.id,
                "baseline",
                &w.baseline,
                &a.baseline,
                opt_text,
            );
            field(
                out,
                "action",
                &a.id,
                "ambition",
                &w.ambition,
                &a.ambition,
                |v: &Option<Box<super::Ambition>>| ambition_text(v.as_deref()),
            );
            field(
                out,
                "action",
                &a.id,
                "milestones",
                &listed(&w.milestones),
                &listed(&a.milestones),
                |m| milestones_text(m),
            );
            self.calls(&a.id, &w.milestones, &a.milestones);
        }
        // Ratings: every period either snapshot rates, in the new plan's period order.
        let mut periods: Vec<&str> = self
            .new
            .periods
            .iter()
            .map(|p| p.id.as_str())
            .filter(|p| a.ratings.contains_key(p) || was.is_some_and(|w| w.ratings.contains_key(p)))
            .collect();
        if let Some(w) = was {
            for p in w.ratings.keys() {
                if !periods.contains(&p) {
                    periods.push(p);
                }
            }
        }
        for p in periods {
            let before = was.and_then(|w| w.rating(p));
            let after = a.rating(p);
            if before == after {
                continue;
            }
            let by = self.rated_by.get(&(a.id.as_str(), p)).copied();
            if let Some(c) = by {
                self.used.insert(c as *const Change);
            }
            self.out.push(Entry::Rating {
                level: Level::Action,
                id: a.id.clone(),
                title: a.title.clone(),
                period: p.to_string(),
                period_label: self.period_label(p),
                from: label(self.old, before),
                to: label(self.new, after),
                direction: self.direction(before, after),
                by: by.map(Attribution::of),
            });
        }
        let before = was.and_then(|w| w.progress.clone());
        if was.is_some() && before != a.progress {
            let by = self.progress_by.get(a.id.as_str()).copied();
            if let Some(c) = by {
                self.used.insert(c as *const Change);
            }
            self.out.push(Entry::Progress {
                id: a.id.clone(),
                title: a.title.clone(),
                from: before,
                to: a.progress.clone(),
                by: by.map(Attribution::of),
            });
        }
    }
}
