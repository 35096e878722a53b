//! `ragboard cells`: the plan flattened to one line per fact, for git's textconv, so `git
//! diff` and `git log -p` on a plan read as the facts that changed ("action 1.1.3 rating
//! RAG 03/18: 2 (Started, some delay)" out, "... 3 (On track)" in).
//!
//! Every field of the plan that a person can change has a line (`tests/textconv.rs` changes
//! each field of a plan that sets them all and fails if the listing stays the same), so no
//! edit is invisible to `git diff`. Text is kept on one line: a line break is written `\n`
//! (and a backslash `\\`), so a change of layout inside a note shows too.

use std::fmt::Write as _;

use crate::model::{
    Action, Ambition, Change, Indicator, Milestone, Objective, Plan, Polarity, Priority, Rating,
    ScaleKind,
};

/// The plan as one line per fact.
pub fn cells(plan: &Plan) -> String {
    let mut c = Cells {
        plan,
        out: String::new(),
    };
    c.plan_lines();
    for pr in &plan.priorities {
        c.priority(pr);
    }
    c.published();
    c.records();
    for ch in &plan.changes {
        c.change(ch);
    }
    c.out
}

struct Cells<'p> {
    plan: &'p Plan,
    out: String,
}

impl Cells<'_> {
    fn line(&mut self, fact: std::fmt::Arguments) {
        let _ = self.out.write_fmt(fact);
        self.out.push('\n');
    }

    /// `WHO FIELD: text` when the field holds text.
    fn text(&mut self, who: &str, field: &str, value: Option<&str>) {
        if let Some(v) = value {
            self.line(format_args!("{who} {field}: {}", one_line(v)));
        }
    }

    /// A rating in words: "3 (On track)"; a value off the scale as its number.
    fn rating(&self, r: Rating) -> String {
        self.plan
            .scale
            .level(r)
            .map_or_else(|| r.to_string(), |l| format!("{} ({})", l.label, l.name))
    }

    fn plan_lines(&mut self) {
        let p = self.plan;
        self.line(format_args!("plan: {}", one_line(&p.title)));
        self.text("plan", "organisation", p.organisation.as_deref());
        self.text("plan", "source", p.source.as_deref());
        self.text("plan", "source note", p.source_note.as_deref());
        if let Some(se) = &p.series {
            self.line(format_args!(
                "plan series {}: {} ({}, {})",
                one_line(&se.id),
                one_line(&se.name),
                se.kind.word(),
                one_line(&se.years)
            ));
            self.text("plan series", "follows", se.follows.as_deref());
            self.text("plan series", "reviews", se.reviews.as_deref());
        }
        let n = &p.names;
        if !n.is_default() {
            self.line(format_args!(
                "plan level names: {}{} › {} › {}",
                n.group
                    .as_deref()
                    .map_or_else(String::new, |g| format!("{} › ", one_line(g))),
                one_line(&n.priority),
                one_line(&n.objective),
                one_line(&n.action)
            ));
        }
        if let Some(c) = p.figures.coverage {
            self.line(format_args!("plan figures coverage: {c}"));
        }
        if let Some(d) = p.figures.decimals {
            self.line(format_args!("plan figures decimals: {d}"));
        }
        for (i, s) in p.narrative.iter().enumerate() {
            self.line(format_args!(
                "plan narrative {} {}: {}",
                i + 1,
                one_line(&s.title),
                one_line(&s.text)
            ));
        }
        if !p.scale.is_unset() {
            self.line(format_args!(
                "scale: {} ({})",
                one_line(&p.scale.name),
                match p.scale.kind {
                    ScaleKind::Ordinal => "ordinal",
                    ScaleKind::Categorical => "categorical",
                }
            ));
        }
        for l in &p.scale.levels {
            let mut s = format!(
                "scale level {}: {} ({}), colour {}",
                l.value,
                one_line(&l.label),
                one_line(&l.name),
                one_line(&l.colour)
            );
            if let Some(k) = l.key {
                let _ = write!(s, ", key {}", one_line(&k.to_string()));
            }
            if l.complete {
                s.push_str(", complete");
            }
            if l.needs_evidence {
                s.push_str(", needs evidence");
            }
            self.line(format_args!("{s}"));
            if !l.meaning.is_empty() {
                self.line(format_args!(
                    "scale level {} meaning: {}",
                    l.value,
                    one_line(&l.meaning)
                ));
            }
        }
        for pe in &p.periods {
            self.line(format_args!("period {}: {}", pe.id, one_line(&pe.label)));
            if let Some(d) = pe.date {
                self.line(format_args!("period {} date: {d}", pe.id));
            }
        }
        for g in &p.groups {
            self.line(format_args!("group {}: {}", g.id, one_line(&g.title)));
            self.text(
                &format!("group {}", g.id),
                "source note",
                g.source_note.as_deref(),
            );
            self.line(format_args!(
                "group {} holds: {}",
                g.id,
                one_line(&g.priorities.join(", "))
            ));
            for (p, r) in &g.judgements {
                let r = self.rating(*r);
                self.line(format_args!("group {} judgement {p}: {r}", g.id));
            }
        }
    }

    fn priority(&mut self, pr: &Priority) {
        let who = format!("priority {}", pr.id);
        self.line(format_args!("{who}: {}", one_line(&pr.title)));
        self.text(&who, "heading", pr.heading.as_deref());
        self.text(&who, "source note", pr.source_note.as_deref());
        for (p, r) in &pr.judgements {
            let r = self.rating(*r);
            self.line(format_args!("{who} judgement {p}: {r}"));
        }
        for ind in &pr.indicators {
            self.indicator(&pr.id, ind);
        }
        for ob in &pr.objectives {
            self.objective(ob);
        }
    }

    fn indicator(&mut self, priority: &str, ind: &Indicator) {
        let who = format!("indicator {}", ind.id);
        let polarity = match ind.polarity {
            None => "",
            Some(Polarity::HigherIsBetter) => ", higher is better",
            Some(Polarity::LowerIsBetter) => ", lower is better",
        };
        self.line(format_args!(
            "{who} (priority {priority}): {}, unit {}{polarity}",
            one_line(&ind.name),
            one_line(&ind.unit)
        ));
        for (field, v) in [
            ("baseline", ind.baseline),
            ("statistical neighbours' average", ind.sn_average),
            ("target", ind.target),
        ] {
            if let Some(v) = v {
                self.line(format_args!("{who} {field}: {v}"));
            }
        }
        for (month, v) in &ind.values {
            self.line(format_args!("{who} value {}: {v}", one_line(month)));
        }
        if let Some(v) = ind.ytd {
            self.line(format_args!("{who} year to date: {v}"));
        }
        self.text(&who, "notes", ind.notes.as_deref());
        self.text(&who, "source note", ind.source_note.as_deref());
    }

    /// Baseline, ambition and milestones: an objective's, or a rated item's.
    fn outcome(
        &mut self,
        who: &str,
        baseline: Option<&str>,
        ambition: Option<&Ambition>,
        milestones: &[Milestone],
    ) {
        self.text(who, "baseline", baseline);
        if let Some(a) = ambition {
            let mut s = one_line(&a.text);
            if let Some(v) = a.value {
                let _ = write!(s, " (value {v}");
                if let Some(u) = &a.unit {
                    let _ = write!(s, ", unit {}", one_line(u));
                }
                s.push(')');
            } else if let Some(u) = &a.unit {
                let _ = write!(s, " (unit {})", one_line(u));
            }
            self.line(format_args!("{who} ambition: {s}"));
        }
        for (i, m) in milestones.iter().enumerate() {
            let due = m.due.map_or_else(String::new, |d| format!(" (due {d})"));
            let done = if m.done { " [done]" } else { "" };
            self.line(format_args!(
                "{who} milestone {}: {}{due}{done}",
                i + 1,
                one_line(&m.text)
            ));
            // The board's calls on it, oldest first.
            for (k, c) in m.calls.iter().enumerate() {
                let due = c.due.map_or_else(String::new, |d| format!(" {d}"));
                self.line(format_args!(
                    "{who} milestone {} call {}: {}{due} {} ({}, {}){}",
                    i + 1,
                    k + 1,
                    c.kind.word(),
                    c.date,
                    one_line(&c.period),
                    one_line(&c.by),
                    c.note
                        .as_ref()
                        .map_or_else(String::new, |n| format!(": {}", one_line(n)))
                ));
            }
        }
    }

    fn objective(&mut self, ob: &Objective) {
        let who = format!("objective {}", ob.id);
        self.line(format_args!("{who}: {}", one_line(&ob.title)));
        self.text(&who, "text", ob.text.as_deref());
        self.text(&who, "source note", ob.source_note.as_deref());
        self.outcome(
            &who,
            ob.baseline.as_deref(),
            ob.ambition.as_ref(),
            &ob.milestones,
        );
        for a in &ob.actions {
            self.action(a);
        }
    }

    fn action(&mut self, a: &Action) {
        let who = format!("action {}", a.id);
        self.line(format_args!("{who}: {}", one_line(&a.title)));
        for (i, m) in a.measures.iter().enumerate() {
            self.line(format_args!("{who} measure {}: {}", i + 1, one_line(m)));
        }
        self.text(&who, "lead", a.lead.as_deref());
        self.text(&who, "officer", a.officer.as_deref());
        if let Some(d) = a.due {
            self.line(format_args!("{who} due: {d}"));
        }
        self.outcome(
            &who,
            a.baseline.as_deref(),
            a.ambition.as_deref(),
            &a.milestones,
        );
        // In the plan's period order, then any rating for a period the plan does not
        // declare (a file `check` refuses, still shown as it is).
        let plan = self.plan;
        for p in &plan.periods {
            if let Some(r) = a.rating(&p.id) {
                let r = self.rating(r);
                self.line(format_args!("{who} rating {}: {r}", one_line(&p.label)));
            }
        }
        for (k, r) in &a.ratings {
            if *r != 0 && plan.period(k).is_none() {
                let r = self.rating(*r);
                self.line(format_args!(
                    "{who} rating {} (no such period): {r}",
                    one_line(k)
                ));
            }
        }
        self.text(&who, "progress", a.progress.as_deref());
        self.text(&who, "source note", a.source_note.as_deref());
    }

    fn published(&mut self) {
        let plan = self.plan;
        if let Some(s) = &plan.published_summary {
            self.line(format_args!(
                "published summary: previous {}, current {}",
                one_line(&s.previous),
                one_line(&s.current)
            ));
            for r in std::iter::once(&s.overall).chain(&s.priorities) {
                let row = if r.priority.is_empty() {
                    "overall".to_string()
                } else {
                    format!("priority {}", one_line(&r.priority))
                };
                self.line(format_args!(
                    "published summary {row}: {} → {}",
                    r.previous, r.current
                ));
            }
        }
        if let Some(c) = &plan.published_counts {
            let who = format!("published counts {}", one_line(&c.period));
            self.line(format_args!("{who}: {}", one_line(&c.quote)));
            if let Some(t) = c.total {
                self.line(format_args!("{who} total: {t}"));
            }
            for (label, n) in &c.statuses {
                self.line(format_args!("{who} status {}: {n}", one_line(label)));
            }
        }
    }

    /// What the board recorded: each decision or agreed action (its words, then each
    /// other fact on a line of its own), then the review ticks per period.
    fn records(&mut self) {
        let plan = self.plan;
        for d in &plan.decisions {
            let who = format!("decision {}", one_line(&d.id));
            self.line(format_args!(
                "{who} {} on {} ({}, {}, {}): {}",
                d.kind.word(),
                d.item.as_deref().map_or("the plan".to_string(), one_line),
                one_line(&d.period),
                d.date,
                one_line(&d.by),
                one_line(&d.text)
            ));
            self.text(&who, "owner", d.owner.as_deref());
            if let Some(due) = d.due {
                self.line(format_args!("{who} due: {due}"));
            }
            self.line(format_args!("{who} status: {}", d.status.word()));
            if let Some(c) = &d.closed {
                self.line(format_args!(
                    "{who} closed ({}, {}, {}){}",
                    one_line(&c.period),
                    c.date,
                    one_line(&c.by),
                    c.note
                        .as_ref()
                        .map_or_else(String::new, |n| format!(": {}", one_line(n)))
                ));
            }
        }
        for person in &plan.people {
            let who = format!("person {}", one_line(&person.name));
            if person.variants.is_empty() {
                self.line(format_args!("{who}"));
            }
            for v in &person.variants {
                self.line(format_args!("{who}: also spelt {}", one_line(v)));
            }
        }
        for p in &plan.proposals {
            let who = format!(
                "proposal {} {} {}",
                one_line(&p.item),
                one_line(&p.period),
                one_line(&p.by)
            );
            let rating = p.rating.map_or("no rating".into(), |r| self.rating(r));
            self.line(format_args!(
                "{who}: {rating} (collected {} by {} from {})",
                p.collected.to_rfc3339(),
                one_line(&p.collector),
                one_line(&p.form)
            ));
            self.text(&who, "progress", p.progress.as_deref());
        }
        for (period, items) in &plan.reviewed {
            for item in items {
                self.line(format_args!(
                    "reviewed {}: {}",
                    one_line(period),
                    one_line(item)
                ));
            }
        }
    }

    fn change(&mut self, c: &Change) {
        let from = c
            .from
            .filter(|r| *r != 0)
            .map_or("unrated".into(), |r| self.rating(r));
        let to =
            c.to.filter(|r| *r != 0)
                .map_or("unrated".into(), |r| self.rating(r));
        let head = format!(
            "change {} {} {} {}",
            when(c),
            one_line(&c.who),
            one_line(&c.item),
            one_line(&c.period),
        );
        self.line(format_args!(
            "{head}: {from} → {to}{}{}{}{}{}",
            if c.judgement {
                " (board judgement)"
            } else {
                ""
            },
            if c.correction { " (correction)" } else { "" },
            match c.verdict {
                Some(crate::model::Verdict::Agreed) => " (proposal agreed)",
                Some(crate::model::Verdict::Challenged) => " (proposal challenged)",
                None => "",
            },
            if c.undo { " (undo)" } else { "" },
            c.note
                .as_ref()
                .map_or_else(String::new, |n| format!(": {}", one_line(n)))
        ));
        if let Some(pg) = &c.progress {
            let side = |s: &Option<String>| {
                s.as_deref()
                    .map_or_else(|| "(none)".to_string(), |t| format!("\"{}\"", one_line(t)))
            };
            self.line(format_args!(
                "{head} progress: {} → {}",
                side(&pg.from),
                side(&pg.to)
            ));
        }
    }
}

/// When a change was made, to the minute as people read it, with the seconds (and any
/// fraction) only where there are some: a change of them shows too.
fn when(c: &Change) -> String {
    use chrono::Timelike;
    let t = c.when;
    if t.second() == 0 && t.nanosecond() == 0 {
        t.format("%Y-%m-%d %H:%M").to_string()
    } else {
        t.format("%Y-%m-%d %H:%M:%S%.f").to_string()
    }
}

/// Text on one line: a line break as `\n` (`\r` as `\r`), a backslash as `\\`, so every
/// change of the text shows and a line of the listing is one fact.
fn one_line(s: &str) -> String {
    if !s.contains(['\\', '\n', '\r']) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn text_stays_on_one_line_and_every_change_of_it_shows() {
        assert_eq!(one_line("a\nb"), "a\\nb");
        assert_eq!(one_line("a\\nb"), "a\\\\nb");
        assert_ne!(one_line("a\r\nb"), one_line("a\nb"));
        assert_eq!(one_line("plain"), "plain");
    }
}
