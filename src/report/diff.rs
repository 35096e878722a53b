//! `ragboard diff`: what changed between two snapshots of a plan, item by item and cell by
//! cell, with the change log's who and why; and `ragboard cells`, a flat one-line-per-cell
//! listing for git's textconv, so `git log -p` on a plan reads as rating changes.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use serde::Serialize;

use crate::model::rollup::{self, Dot};
use crate::model::{Action, Change, Objective, Plan, Priority, Rating};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Text,
    Markdown,
    Json,
}

/// What kind of item an entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Priority,
    Objective,
    Action,
}

impl Level {
    fn word(self) -> &'static str {
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

    fn text(&self) -> String {
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
    fn why_text(&self) -> String {
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

fn ambition_text(v: &Option<crate::model::Ambition>) -> String {
    v.as_ref().map_or_else(String::new, |a| match a.figure() {
        Some(f) => format!("{} ({f})", a.text),
        None => a.text.clone(),
    })
}

fn opt_text(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

/// Milestones as a diff shows them: each with its date and state of record.
fn milestones_text(ms: &[crate::model::Milestone]) -> String {
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
                .map(|g| format!("{} {} [{}]", g.id, g.title, g.priorities.join(" ")))
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
            .map(|p| (p.id.as_str(), p))
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
                self.out.push(Entry::Rating {
                    level: Level::Priority,
                    id: pr.id.clone(),
                    title: pr.title.clone(),
                    period: p.clone(),
                    period_label: self.period_label(p),
                    from: label(self.old, a),
                    to: label(self.new, b),
                    direction: self.direction(a, b),
                    by: None,
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
            ambition_text,
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
            &was.milestones,
            &ob.milestones,
            |m| milestones_text(m),
        );
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
                ambition_text,
            );
            field(
                out,
                "action",
                &a.id,
                "milestones",
                &w.milestones,
                &a.milestones,
                |m| milestones_text(m),
            );
        }
        // Ratings: every period either snapshot rates, in the new plan's period order.
        let mut periods: Vec<&str> = self
            .new
            .periods
            .iter()
            .map(|p| p.id.as_str())
            .filter(|p| {
                a.ratings.contains_key(*p) || was.is_some_and(|w| w.ratings.contains_key(*p))
            })
            .collect();
        if let Some(w) = was {
            for p in w.ratings.keys() {
                if !periods.contains(&p.as_str()) {
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

fn rating_text(from: &Option<String>, to: &Option<String>) -> String {
    format!(
        "{} → {}",
        from.as_deref().unwrap_or("unrated"),
        to.as_deref().unwrap_or("unrated")
    )
}

fn quoted(s: &Option<String>) -> String {
    s.as_ref()
        .map_or_else(|| "(none)".into(), |s| format!("{s:?}"))
}

/// One line of text per entry (the form `git difftool` shows).
fn line(e: &Entry) -> String {
    match e {
        Entry::PeriodAdded { id, label } => format!("+ period {label} ({id})"),
        Entry::PeriodRemoved { id, label } => format!("- period {label} ({id})"),
        Entry::Added { level, id, title } => format!("+ {} {id} {title}", level.word()),
        Entry::Removed { level, id, title } => format!("- {} {id} {title}", level.word()),
        Entry::Retitled {
            level,
            id,
            from,
            to,
        } => format!("~ {} {id} retitled: {from:?} → {to:?}", level.word()),
        Entry::Rating {
            level,
            id,
            title,
            period_label,
            from,
            to,
            direction,
            by,
            ..
        } => {
            let what = match level {
                Level::Priority => format!("priority {id} {title}, board judgement"),
                _ => format!("{id} {title}"),
            };
            let mut s = format!("{what}, {period_label}: {}", rating_text(from, to));
            if let Some(d) = direction {
                let _ = write!(s, " ({})", d.label());
            }
            if let Some(b) = by {
                let _ = write!(s, " [{}]", b.text());
            }
            s
        }
        Entry::Progress {
            id,
            title,
            from,
            to,
            by,
        } => {
            let mut s = format!("{id} {title}, progress: {} → {}", quoted(from), quoted(to));
            if let Some(b) = by {
                let _ = write!(s, " [{}]", b.text());
            }
            s
        }
        Entry::Note { id, period, by } => format!("{id}, {period}: note [{}]", by.text()),
        Entry::Field {
            of,
            id,
            field,
            from,
            to,
        } => {
            let whose = if id.is_empty() {
                of.to_string()
            } else {
                format!("{of} {id}")
            };
            if from.is_empty() && to.is_empty() {
                format!("~ {whose}: {field} changed")
            } else {
                format!("~ {whose} {field}: {from:?} → {to:?}")
            }
        }
    }
}

/// The sections of a diff, in the order they are printed.
type Section = (&'static str, fn(&Entry) -> bool);

const SECTIONS: [Section; 7] = [
    ("Ratings moved", |e| matches!(e, Entry::Rating { .. })),
    ("Periods added or removed", |e| {
        matches!(e, Entry::PeriodAdded { .. } | Entry::PeriodRemoved { .. })
    }),
    ("Items added", |e| matches!(e, Entry::Added { .. })),
    ("Items removed", |e| matches!(e, Entry::Removed { .. })),
    ("Items retitled", |e| matches!(e, Entry::Retitled { .. })),
    ("Progress notes changed", |e| {
        matches!(e, Entry::Progress { .. } | Entry::Note { .. })
    }),
    ("Other fields changed", |e| matches!(e, Entry::Field { .. })),
];

fn rating_table(out: &mut String, es: &[&Entry]) {
    use super::board_text::md;
    out.push_str("| Item | Period | Old → new | Direction | Who | When | Why |\n");
    out.push_str("|---|---|:-:|---|---|---|---|\n");
    for e in es {
        if let Entry::Rating {
            level,
            id,
            title,
            period_label,
            from,
            to,
            direction,
            by,
            ..
        } = e
        {
            let item = match level {
                Level::Priority => format!("Priority {id} {title} (board judgement)"),
                _ => format!("{id} {title}"),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} |",
                md(&item),
                md(period_label),
                rating_text(from, to),
                direction.map_or("", Dot::label),
                by.as_ref().map_or_else(String::new, |b| md(&b.who)),
                by.as_ref().map_or_else(String::new, |b| b.when.clone()),
                by.as_ref().map_or_else(String::new, |b| md(&b.why_text()))
            );
        }
    }
    out.push('\n');
}

pub fn render_diff(d: &PlanDiff, format: DiffFormat) -> String {
    match format {
        DiffFormat::Json => serde_json::to_string_pretty(d).unwrap_or_default() + "\n",
        DiffFormat::Text => {
            let mut out = format!("--- {}\n+++ {}\n", d.old, d.new);
            if d.equal {
                out.push_str("no differences\n");
            }
            for (name, pick) in SECTIONS {
                let es: Vec<&Entry> = d.entries.iter().filter(|e| pick(e)).collect();
                if es.is_empty() {
                    continue;
                }
                let _ = writeln!(out, "{name} ({}):", es.len());
                for e in es {
                    let _ = writeln!(out, "  {}", line(e));
                }
            }
            out
        }
        DiffFormat::Markdown => {
            let mut out = format!("## Changes from `{}` to `{}`\n\n", d.old, d.new);
            if d.equal {
                out.push_str("No differences.\n");
            }
            for (name, pick) in SECTIONS {
                let es: Vec<&Entry> = d.entries.iter().filter(|e| pick(e)).collect();
                if es.is_empty() {
                    continue;
                }
                let _ = writeln!(out, "### {name} ({})\n", es.len());
                if matches!(es.first(), Some(Entry::Rating { .. })) {
                    rating_table(&mut out, &es);
                    continue;
                }
                for e in es {
                    let l = line(e);
                    let l = if let Some(r) = l.strip_prefix("+ ") {
                        format!("added {r}")
                    } else if let Some(r) = l.strip_prefix("- ") {
                        format!("removed {r}")
                    } else {
                        l.strip_prefix("~ ").unwrap_or(&l).to_string()
                    };
                    let _ = writeln!(out, "- {}", super::board_text::md(&l));
                }
                out.push('\n');
            }
            // Plan text as text, never markup (see `super::markdown`).
            super::markdown::inert(&out)
        }
    }
}

/// The plan flattened to one line per fact, for `git diff`'s textconv: a rating change
/// shows as one line out and one line in.
pub fn cells(plan: &Plan) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "plan: {}", plan.title);
    for p in &plan.periods {
        let _ = writeln!(out, "period {}: {}", p.id, p.label);
    }
    let rating = |r: Rating| {
        plan.scale
            .level(r)
            .map_or_else(|| r.to_string(), |l| format!("{} ({})", l.label, l.name))
    };
    for g in &plan.groups {
        let _ = writeln!(out, "group {}: {}", g.id, one_line(&g.title));
        let _ = writeln!(out, "group {} holds: {}", g.id, g.priorities.join(", "));
    }
    for pr in &plan.priorities {
        let _ = writeln!(out, "priority {}: {}", pr.id, one_line(&pr.title));
        for (p, r) in &pr.judgements {
            let _ = writeln!(out, "priority {} judgement {p}: {}", pr.id, rating(*r));
        }
        for ob in &pr.objectives {
            let _ = writeln!(out, "objective {}: {}", ob.id, one_line(&ob.title));
            for a in &ob.actions {
                let _ = writeln!(out, "action {}: {}", a.id, one_line(&a.title));
                for fld in [("lead", &a.lead), ("officer", &a.officer)] {
                    if let (name, Some(v)) = fld {
                        let _ = writeln!(out, "action {} {name}: {}", a.id, one_line(v));
                    }
                }
                if let Some(d) = a.due {
                    let _ = writeln!(out, "action {} due: {d}", a.id);
                }
                for p in &plan.periods {
                    if let Some(r) = a.rating(&p.id) {
                        let _ = writeln!(out, "action {} rating {}: {}", a.id, p.label, rating(r));
                    }
                }
                if let Some(pg) = &a.progress {
                    let _ = writeln!(out, "action {} progress: {}", a.id, one_line(pg));
                }
            }
        }
    }
    for c in &plan.changes {
        let from = c.from.filter(|r| *r != 0).map_or("unrated".into(), rating);
        let to = c.to.filter(|r| *r != 0).map_or("unrated".into(), rating);
        let _ = writeln!(
            out,
            "change {} {} {} {}: {from} → {to}{}{}",
            c.when.format("%Y-%m-%d %H:%M"),
            c.who,
            c.item,
            c.period,
            if c.correction { " (correction)" } else { "" },
            c.note
                .as_ref()
                .map_or_else(String::new, |n| format!(": {}", one_line(n)))
        );
    }
    out
}

fn one_line(s: &str) -> String {
    s.replace(['\r', '\n'], " ")
}
