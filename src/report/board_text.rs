//! The board paper as Markdown (to paste into minutes) and as CSV (one row per action).

use std::fmt::Write as _;

use crate::model::rollup::Dot;
use crate::model::{Change, Plan};

use super::board::{Board, Reason};
use super::summary::{Cell, TOLERANCE, mean_text};

pub(crate) use super::markdown::cell as md;

pub(crate) fn when(c: &Change) -> String {
    c.when.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// "2 → 3", "unrated → 3", or "2 (unchanged)" for a note-only change.
pub(crate) fn movement(b: &Board, c: &Change) -> String {
    let (from, to) = (c.from.filter(|r| *r != 0), c.to.filter(|r| *r != 0));
    let name = |r| match r {
        None => "unrated".to_string(),
        Some(_) => b.label_of(r),
    };
    if from == to {
        format!("{} (unchanged)", name(to))
    } else {
        format!("{} → {}", name(from), name(to))
    }
}

/// The note and any progress rewrite of a change: its "why".
pub(crate) fn why(c: &Change) -> String {
    let mut parts = Vec::new();
    if c.correction {
        parts.push("correction of a past period".to_string());
    }
    if let Some(n) = &c.note {
        parts.push(n.clone());
    }
    if let Some(p) = &c.progress {
        parts.push(format!(
            "progress now: {}",
            p.to.as_deref().unwrap_or("(cleared)")
        ));
    }
    parts.join("; ")
}

pub(crate) fn reasons_text(rs: &[Reason]) -> String {
    rs.iter().map(|r| r.words()).collect::<Vec<_>>().join("; ")
}

pub(crate) fn who_leads(lead: Option<&str>, officer: Option<&str>) -> String {
    match (lead, officer) {
        (Some(l), Some(o)) => format!("{l} / {o}"),
        (Some(x), None) | (None, Some(x)) => x.to_string(),
        (None, None) => String::new(),
    }
}

/// The headline sentence about the plan overall: "2.85, ▲ up from 2.60 in RAG initial".
pub(crate) fn headline_mean(b: &Board) -> String {
    let Some(c) = b.summary.overall.cells.first() else {
        return "-".into();
    };
    let mut s = mean_text(c.mean);
    if let (Some(d), Some(p), Some(m)) = (c.dot, &b.previous, b.previous_mean) {
        let _ = write!(
            s,
            ", {} from {} in {}",
            d.label(),
            mean_text(Some(m)),
            p.label
        );
    }
    s
}

fn cell_of(row: &super::summary::Row) -> Option<&Cell> {
    row.cells.first()
}

/// The paper in Markdown: plan text as text (see `super::markdown`).
pub fn markdown(b: &Board) -> String {
    super::markdown::inert(&markdown_body(b))
}

fn markdown_body(b: &Board) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {}: board report, {}\n",
        md(&b.plan),
        md(&b.period.label)
    );
    let mut line = Vec::new();
    if let Some(o) = &b.organisation {
        line.push(md(o));
    }
    line.push(format!("Ratings for {}", md(&b.period.label)));
    if let Some(p) = &b.previous {
        line.push(format!("compared with {}", md(&p.label)));
    }
    line.push(format!("overdue as at {}", b.date.format("%-d %B %Y")));
    let _ = writeln!(out, "{}.\n", line.join("; "));

    let _ = writeln!(out, "## Headline figures\n");
    let names = &b.summary.names;
    if let Some(c) = b.summary.overall.cells.first() {
        if b.summary.categorical {
            let _ = writeln!(
                out,
                "{}",
                names.reword(&format!(
                    "- **Actions at a complete status:** {} of {} (statuses are counted, never averaged)",
                    c.complete, c.total
                ))
            );
        } else {
            let _ = writeln!(
                out,
                "{}",
                names.reword(&format!(
                    "- **Mean rating, all actions:** {}",
                    headline_mean(b)
                ))
            );
        }
        let _ = writeln!(
            out,
            "{}",
            names.reword(&format!("- **Actions rated:** {} of {}", c.rated, c.total))
        );
        let levels: Vec<String> = b
            .legend
            .iter()
            .zip(&c.counts)
            .map(|(l, n)| format!("{} {}: {n}", md(&l.label), md(&l.name)))
            .collect();
        let _ = writeln!(out, "- **At each level:** {}", levels.join(" · "));
    }
    let _ = writeln!(
        out,
        "- **Exceptions:** {} ({})",
        b.exceptions.len(),
        b.reason_counts()
    );
    let _ = writeln!(
        out,
        "- **Changes recorded in {}:** {}\n",
        md(&b.period.label),
        b.changes.len()
    );

    let _ = writeln!(out, "{}", names.reword("## Summary by priority\n"));
    let levels: String = b
        .legend
        .iter()
        .map(|l| format!(" {} |", md(&l.label)))
        .collect();
    let seps: String = b.legend.iter().map(|_| "--:|").collect();
    // Mean and direction of travel only where the scale has an order.
    let (mean_h, mean_s, dot_h, dot_s) = if b.ordinal {
        (" Mean |", "--:|", " Direction of travel |", "---|")
    } else {
        ("", "", "", "")
    };
    let _ = writeln!(
        out,
        "| {} |{mean_h} Rated |{levels}{dot_h} Board |",
        md(&names.priority)
    );
    let _ = writeln!(out, "|---|{mean_s}--:|{seps}{dot_s}--:|");
    for row in b.summary.all_rows() {
        let Some(c) = cell_of(row) else { continue };
        let name = if row.id == "all" {
            "**Plan overall**".to_string()
        } else {
            md(&crate::report::Summary::row_name(row))
        };
        let counts: String = c.counts.iter().map(|n| format!(" {n} |")).collect();
        let (mean, dot) = if b.ordinal {
            (
                format!(" {} |", mean_text(c.mean)),
                format!(" {} |", c.dot.map_or("", Dot::label)),
            )
        } else {
            (String::new(), String::new())
        };
        let _ = writeln!(
            out,
            "| {name} |{mean} {}/{} |{counts}{dot} {} |",
            c.rated,
            c.total,
            c.judgement
                .map_or_else(String::new, |j| md(&b.label_of(Some(j))))
        );
    }
    out.push('\n');

    let _ = writeln!(out, "## Exceptions\n");
    if b.exceptions.is_empty() {
        let _ = writeln!(out, "None: no action {}.\n", b.reason_list());
    } else {
        let _ = writeln!(out, "Every action {}.\n", b.reason_list());
        let _ = writeln!(
            out,
            "| Action | Rating | Before | Why listed | Lead | Due | Progress |"
        );
        let _ = writeln!(out, "|---|:-:|:-:|---|---|---|---|");
        for e in &b.exceptions {
            let _ = writeln!(
                out,
                "| {} {} | {} | {} | {} | {} | {} | {} |",
                md(&e.id),
                md(&e.title),
                md(&b.label_of(e.rating)),
                md(&b.label_of(e.previous)),
                reasons_text(&e.reasons),
                md(&who_leads(e.lead.as_deref(), e.officer.as_deref())),
                e.due.map_or_else(String::new, |d| d.human()),
                md(e.progress.as_deref().unwrap_or(""))
            );
        }
        out.push('\n');
    }

    let _ = writeln!(out, "## Changes recorded in {}\n", md(&b.period.label));
    if b.changes.is_empty() {
        let _ = writeln!(out, "None recorded.\n");
    } else {
        let _ = writeln!(out, "| When | Who | Action | Old → new | Why |");
        let _ = writeln!(out, "|---|---|---|:-:|---|");
        for r in &b.changes {
            let c = &r.change;
            let item = match &r.title {
                Some(t) => format!("{} {t}", c.item),
                None => c.item.clone(),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                when(c),
                md(&c.who),
                md(&item),
                md(&movement(b, c)),
                md(&why(c))
            );
        }
        out.push('\n');
    }

    if let Some(ms) = &b.summary.milestones {
        let _ = writeln!(
            out,
            "## Key milestones at {}\n\n| {} | Done | Due | Overdue | No date |\n|---|--:|--:|--:|--:|",
            b.date.format("%-d %B %Y"),
            md(&names.priority)
        );
        for r in &ms.rows {
            let c = &r.counts;
            let name = if r.id == "all" {
                "**Plan overall**".to_string()
            } else {
                format!("{}. {}", md(&r.id), md(&r.title))
            };
            let _ = writeln!(
                out,
                "| {name} | {} | {} | {} | {} |",
                c.done, c.due, c.overdue, c.undated
            );
        }
        out.push('\n');
    }

    if let Some(pc) = &b.summary.published_counts {
        let _ = writeln!(
            out,
            "## Stated in the source beside counted from the rows\n\n> {}\n\n| | Stated | Counted | Difference |\n|---|--:|--:|--:|",
            md(&pc.quote)
        );
        for r in &pc.rows {
            let what = if r.what == "-" || r.name.ends_with("in the plan") {
                r.name.clone()
            } else {
                format!("{} {}", r.what, r.name)
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {}{} |",
                md(&what),
                r.stated.map_or_else(|| "-".to_string(), |n| n.to_string()),
                r.counted,
                r.difference().unwrap_or_default(),
                if r.differs() { " *" } else { "" }
            );
        }
        let _ = writeln!(out, "\n\\* the rows do not give the stated figure.\n");
    }

    if let Some(p) = &b.summary.published {
        let _ = writeln!(out, "## Published summary beside recomputed\n");
        let _ = writeln!(
            out,
            "| Priority | Published {} | Recomputed | Published {} | Recomputed |",
            md(b.period_label(&p.previous)),
            md(b.period_label(&p.current))
        );
        let _ = writeln!(out, "|---|--:|--:|--:|--:|");
        for r in &p.rows {
            let star = |d: bool| if d { " *" } else { "" };
            let _ = writeln!(
                out,
                "| {} | {:.1} | {}{} | {:.1} | {}{} |",
                md(&r.id),
                r.published_previous,
                mean_text(r.computed_previous),
                star(r.previous_differs()),
                r.published_current,
                mean_text(r.computed_current),
                star(r.current_differs())
            );
        }
        let _ = writeln!(
            out,
            "\n\\* differs from the published figure by more than {TOLERANCE}; both are shown, neither adjusted.\n"
        );
    }

    let _ = writeln!(out, "## RAG legend\n");
    let _ = writeln!(out, "| Rating | Colour | Name | Meaning |");
    let _ = writeln!(out, "|:-:|---|---|---|");
    for l in &b.legend {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            md(&l.label),
            md(&l.colour),
            md(&l.name),
            md(&l.meaning)
        );
    }
    let _ = writeln!(
        out,
        "\nDirection of travel: {} (means within 0.05 are the same).",
        Dot::legend()
    );
    out
}

/// One row per action with every period's rating, the direction of travel and whether
/// (and why) the action is an exception in the report's period.
pub fn csv(plan: &Plan, b: &Board) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut head: Vec<String> = [
        "priority",
        "objective",
        "action id",
        "action",
        "lead",
        "officer",
        "due",
    ]
    .map(String::from)
    .to_vec();
    head.extend(plan.periods.iter().map(|p| p.label.clone()));
    head.extend(
        ["direction of travel", "exception", "progress"]
            .map(String::from)
            .to_vec(),
    );
    let _ = w.write_record(&head);
    let at = plan
        .periods
        .iter()
        .position(|p| p.id == b.period.id)
        .unwrap_or(0);
    let exceptions: std::collections::HashMap<&str, &[Reason]> = b
        .exceptions
        .iter()
        .map(|e| (e.id.as_str(), e.reasons.as_slice()))
        .collect();
    for pr in &plan.priorities {
        for o in &pr.objectives {
            for a in &o.actions {
                let mut rec = vec![
                    pr.id.clone(),
                    o.id.clone(),
                    a.id.clone(),
                    a.title.clone(),
                    a.lead.clone().unwrap_or_default(),
                    a.officer.clone().unwrap_or_default(),
                    a.due.map(|d| d.to_string()).unwrap_or_default(),
                ];
                rec.extend(plan.periods.iter().map(|p| {
                    a.rating(&p.id)
                        .map(|r| b.label_of(Some(r)))
                        .unwrap_or_default()
                }));
                let (now, before) = super::board::rating_and_previous(plan, a, at);
                // Statuses have no order, so no direction.
                let dot = crate::model::rollup::dot(before.map(f64::from), now.map(f64::from))
                    .filter(|_| b.ordinal);
                rec.push(dot.map_or("", Dot::word).to_string());
                rec.push(
                    exceptions
                        .get(a.id.as_str())
                        .map(|r| reasons_text(r))
                        .unwrap_or_default(),
                );
                rec.push(a.progress.clone().unwrap_or_default());
                let _ = w.write_record(&rec);
            }
        }
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}
