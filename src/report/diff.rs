//! `ragboard diff` and `ragboard cells`: the difference between two snapshots
//! (`model::diff`) as text, Markdown or JSON; and a flat one-line-per-cell listing for git's
//! textconv, so `git log -p` on a plan reads as rating changes.

use std::fmt::Write as _;

use crate::model::diff::*;
use crate::model::rollup::Dot;

pub use super::cells::cells;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffFormat {
    Text,
    Markdown,
    Json,
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
        Entry::Decision {
            id,
            what: kind,
            item,
            text,
            from,
            to,
            owner,
            due,
            note,
            by,
            meeting,
        } => {
            let on = item
                .as_ref()
                .map_or_else(|| "the plan".to_string(), |i| i.clone());
            let mut facts = Vec::new();
            if let Some(o) = owner {
                facts.push(format!("owner {o}"));
            }
            if let Some(d) = due {
                facts.push(format!("due {d}"));
            }
            let facts = if facts.is_empty() {
                String::new()
            } else {
                format!(" ({})", facts.join(", "))
            };
            let head = match (from, to) {
                (None, Some(st)) => format!("+ {kind} {id} on {on}, {st}"),
                (Some(_), None) => format!("- {kind} {id} on {on}"),
                (Some(f), Some(t)) => format!("~ {kind} {id} on {on}: {f} → {t}"),
                (None, None) => format!("{kind} {id} on {on}"),
            };
            let note = note.as_ref().map_or_else(String::new, |n| format!(": {n}"));
            format!("{head}: {text:?}{facts} [{by}, {meeting}{note}]")
        }
        Entry::Milestone {
            item,
            text,
            call,
            date,
            due,
            note,
            by,
            meeting,
        } => {
            let what = match due {
                Some(d) => format!("{call} {d}"),
                None => format!("{call} {date}"),
            };
            let note = note.as_ref().map_or_else(String::new, |n| format!(": {n}"));
            format!("{item} milestone {text:?}: {what} [{by}, {meeting}{note}]")
        }
        Entry::Reviewed {
            period_label,
            ticked,
            unticked,
            ..
        } => {
            let mut parts = Vec::new();
            if !ticked.is_empty() {
                parts.push(format!("ticked {}", ticked.join(", ")));
            }
            if !unticked.is_empty() {
                parts.push(format!("unticked {}", unticked.join(", ")));
            }
            format!("reviewed in {period_label}: {}", parts.join("; "))
        }
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

const SECTIONS: [Section; 8] = [
    ("Ratings moved", |e| matches!(e, Entry::Rating { .. })),
    ("Decisions, agreed actions, milestones and review", |e| {
        matches!(
            e,
            Entry::Decision { .. } | Entry::Milestone { .. } | Entry::Reviewed { .. }
        )
    }),
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
