//! The board paper as Markdown (to paste into minutes) and as CSV (one row per action).

use std::fmt::Write as _;

use crate::interchange::sheet::write_record;
use crate::model::figures;
use crate::model::rollup::Dot;
use crate::model::{Change, Plan};

use super::board::Board;
use crate::model::summary::{Cell, CountComparison, TOLERANCE, mean_of_means_title};

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
    match c.verdict {
        // The meeting's own note says so already, naming whose proposal it was.
        Some(crate::model::Verdict::Agreed)
            if c.note
                .as_deref()
                .is_some_and(|n| n.starts_with("agreed the proposal")) => {}
        Some(crate::model::Verdict::Agreed) => parts.push("the lead's proposal agreed".into()),
        Some(crate::model::Verdict::Challenged) => {
            parts.push("the lead's proposal challenged".into())
        }
        None => {}
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

pub(crate) fn who_leads(lead: Option<&str>, officer: Option<&str>) -> String {
    match (lead, officer) {
        (Some(l), Some(o)) => format!("{l} / {o}"),
        (Some(x), None) | (None, Some(x)) => x.to_string(),
        (None, None) => String::new(),
    }
}

/// The plan overall's mean with its coverage: "2.7 from 95 of 95 actions".
pub(crate) fn overall_mean(b: &Board, c: &Cell) -> String {
    format!(
        "{} from {}",
        b.summary.mean_text(c.mean),
        figures::of_actions(&b.summary.names, c.rated, c.total)
    )
}

/// The plan overall's direction of travel, like for like: "▲ up from 2.2 in RAG initial, on
/// the 95 actions rated in both". `None` where there is none.
pub(crate) fn overall_travel(b: &Board, c: &Cell) -> Option<String> {
    let (d, t) = (c.dot?, c.travel.as_ref()?);
    let mut s = format!(
        "{} from {} in {} to {}, on the {} rated in both",
        d.label(),
        b.summary.mean_text(Some(t.before)),
        t.from_label,
        b.summary.mean_text(Some(t.after)),
        crate::model::LevelNames::count(&b.summary.names.action, t.both)
    );
    // Said once: a partial figure's direction is partial too.
    if t.partial && !c.partial {
        s.push_str(" (partial)");
    }
    Some(s)
}

/// "0.05": means closer than this are the same, at the plan's precision.
pub(crate) fn same_within(b: &Board) -> String {
    let d = b.summary.decimals;
    format!("{:.*}", d + 1, 0.5 * 10f64.powi(-(d as i32)))
}

/// The line under a summary table: what its figures stand on.
pub(crate) fn table_note(b: &Board) -> String {
    let names = &b.summary.names;
    let mut s = names.reword(&format!(
        "A {} from fewer than {} of its actions rated is marked partial.",
        if b.ordinal { "mean" } else { "count" },
        crate::model::figures::share_words(b.summary.threshold)
    ));
    if b.ordinal {
        let _ = write!(
            s,
            "{}",
            names.reword(&match &b.compared_with {
                Some(p) => format!(
                    " Direction of travel: on the actions rated in both {} and {} (or in the period named).",
                    p.label, b.period.label
                ),
                None => " No earlier period holds ratings: no direction of travel.".to_string(),
            })
        );
    }
    s
}

/// A stated figure's row name: "actions in the plan", "C Completed".
pub(crate) fn count_name(r: &CountComparison) -> String {
    if r.what == "-" || r.name.ends_with("in the plan") {
        r.name.clone()
    } else {
        format!("{} {}", r.what, r.name)
    }
}

/// The figures the source states, beside the same counted from the rows: ("76 actions, 55
/// Completed", "82 actions, 41 Completed"). `None` where the plan states none. Neither is
/// adjusted.
pub(crate) fn published_beside_counted(b: &Board) -> Option<(String, String)> {
    let pc = b.summary.published_counts.as_ref()?;
    let stated: Vec<&CountComparison> = pc.rows.iter().filter(|r| r.stated.is_some()).collect();
    if stated.is_empty() {
        return None;
    }
    let what = |r: &CountComparison| {
        if r.name.ends_with("in the plan") {
            r.what.clone()
        } else {
            r.name.clone()
        }
    };
    let published = stated
        .iter()
        .map(|r| format!("{} {}", r.stated.unwrap_or_default(), what(r)))
        .collect::<Vec<_>>()
        .join(", ");
    let counted = stated
        .iter()
        .map(|r| format!("{} {}", r.counted, what(r)))
        .collect::<Vec<_>>()
        .join(", ");
    Some((published, counted))
}

/// The note under the published totals' table.
pub(crate) const PUBLISHED_NOTE: &str =
    "the rows do not give the published figure; both are shown, neither adjusted.";

fn cell_of(row: &crate::model::summary::Row) -> Option<&Cell> {
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
    if let Some(p) = &b.compared_with {
        line.push(format!(
            "compared with {}, the latest earlier period with ratings",
            md(&p.label)
        ));
    }
    line.push(format!("overdue as at {}", b.date.format("%-d %B %Y")));
    let _ = writeln!(out, "{}.\n", line.join("; "));

    let _ = writeln!(out, "## Headline figures\n");
    let names = &b.summary.names;
    if let Some(c) = b.summary.overall.cells.first() {
        let rated = names.reword(&format!("- **Actions rated:** {} of {}", c.rated, c.total));
        if c.rated == 0 {
            // Nothing rated: no figure at all, and the coverage says so.
            let _ = writeln!(out, "{rated}: none yet, so the plan has no figures");
        } else if c.partial {
            // Too few rated for any figure to stand: the coverage is the headline, and the
            // figures follow as what they are.
            let _ = writeln!(
                out,
                "{rated}{}",
                names.reword(&format!(
                    ": fewer than {}, so the plan's figures are partial and none is a headline",
                    crate::model::figures::share_words(b.summary.threshold)
                ))
            );
            if b.summary.categorical {
                let _ = writeln!(
                    out,
                    "{}",
                    names.reword(&format!(
                        "- Partial: {} of the {} rated actions at a complete status",
                        c.complete, c.rated
                    ))
                );
            } else if c.mean.is_some() {
                let mut line = format!("- Partial: mean rating {}", overall_mean(b, c));
                if let Some(t) = overall_travel(b, c) {
                    let _ = write!(line, "; {t}");
                }
                let _ = writeln!(out, "{}", names.reword(&line));
            }
        } else {
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
                let mut line = format!(
                    "- **Mean rating, all actions:** {}",
                    c.mean.map_or_else(|| "-".into(), |_| overall_mean(b, c))
                );
                if let Some(t) = overall_travel(b, c) {
                    let _ = write!(line, "; {t}");
                }
                let _ = writeln!(out, "{}", names.reword(&line));
            }
            let _ = writeln!(out, "{rated}");
        }
        let levels: Vec<String> = b
            .legend
            .iter()
            .zip(&c.counts)
            .map(|(l, n)| format!("{} {}: {n}", md(&l.label), md(&l.name)))
            .collect();
        let mut levels = levels.join(" · ");
        if c.rated < c.total {
            let _ = write!(levels, " · not rated: {}", c.total - c.rated);
        }
        let _ = writeln!(out, "- **At each level:** {levels}");
    }
    if let Some((published, counted)) = published_beside_counted(b) {
        let _ = writeln!(
            out,
            "- **Published in the source:** {}; counted from the rows: {}",
            md(&published),
            md(&counted)
        );
    }
    let _ = writeln!(
        out,
        "- **Exceptions:** {} ({})",
        b.exceptions.len(),
        b.reason_counts()
    );
    if b.summary.milestones.is_some() {
        let _ = writeln!(out, "- **Key milestones:** {}", b.milestone_counts());
    }
    if let Some((seen, all)) = b.reviewed {
        let _ = writeln!(
            out,
            "- **Reviewed at this meeting:** {seen} of {all} items (ticked, rated, noted or recorded on)"
        );
    }
    let _ = writeln!(
        out,
        "- **Changes recorded in {}:** {}\n",
        md(&b.period.label),
        b.changes.len()
    );

    let _ = writeln!(out, "{}", names.reword("## Summary by priority\n"));
    let _ = writeln!(out, "{}\n", table_note(b));
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
            format!("**{}**", md(&row.title))
        } else {
            md(&crate::model::summary::Summary::row_name(row))
        };
        let counts: String = c.counts.iter().map(|n| format!(" {n} |")).collect();
        let known = b.compared_with.as_ref().map(|p| p.id.as_str());
        let (mean, dot) = if b.ordinal {
            (
                format!(" {} |", b.summary.mean_cell(c)),
                format!(" {} |", b.summary.travel_text(c, known)),
            )
        } else {
            (String::new(), String::new())
        };
        let _ = writeln!(
            out,
            "| {name} |{mean} {}/{}{} |{counts}{dot} {} |",
            c.rated,
            c.total,
            if c.partial && !b.ordinal {
                " (partial)"
            } else {
                ""
            },
            c.judgement
                .map_or_else(String::new, |j| md(&b.label_of(Some(j))))
        );
    }
    out.push('\n');

    let _ = writeln!(out, "## Exceptions\n");
    if b.exceptions.is_empty() {
        let _ = writeln!(
            out,
            "{}\n",
            names.reword(&format!("None: no action {}.", b.reason_list()))
        );
    } else {
        let _ = writeln!(
            out,
            "{}\n",
            names.reword(&format!("Every action {}.", b.reason_list()))
        );
        let _ = writeln!(
            out,
            "| Action | Rating | Before | Why listed | Lead | Due | Progress |"
        );
        let _ = writeln!(out, "|---|:-:|:-:|---|---|---|---|");
        for e in &b.exceptions {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} |",
                md(&e.name.text()),
                md(&b.label_of(e.rating)),
                md(&before_text(b, e)),
                md(&b.why_listed(e)),
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
            let item = r.item_text();
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

    for sec in b.record_sections() {
        let _ = writeln!(out, "## {}\n", md(&sec.title));
        let _ = writeln!(out, "{}\n", md(&sec.intro));
        if sec.rows.is_empty() {
            let _ = writeln!(out, "{}\n", sec.none);
            continue;
        }
        let head: Vec<String> = sec.head.iter().map(|h| md(h)).collect();
        let _ = writeln!(out, "| {} |", head.join(" | "));
        let _ = writeln!(out, "|{}", "---|".repeat(head.len()));
        for row in &sec.rows {
            let cells: Vec<String> = row.iter().map(|c| md(c)).collect();
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
        out.push('\n');
    }

    if !b.corrections.is_empty() {
        let _ = writeln!(
            out,
            "## Corrections to earlier periods made at this meeting\n"
        );
        let _ = writeln!(out, "| When | Who | Action | Period | Old → new | Why |");
        let _ = writeln!(out, "|---|---|---|---|:-:|---|");
        for r in &b.corrections {
            let c = &r.change;
            let item = r.item_text();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                when(c),
                md(&c.who),
                md(&item),
                md(b.period_label(&c.period)),
                movement(b, c),
                md(c.note.as_deref().unwrap_or(""))
            );
        }
        out.push('\n');
    }

    if let Some(ms) = &b.summary.milestones {
        let _ = writeln!(
            out,
            "## Key milestones due and overdue at {}\n\n| {} | Done | Due | Overdue | No date |\n|---|--:|--:|--:|--:|",
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
        let _ = writeln!(
            out,
            "\nIn the counts, due means not yet past its day, month, year or financial year. {}\n",
            b.milestones_rule()
        );
        if b.milestones.is_empty() {
            let _ = writeln!(out, "None.\n");
        } else {
            let _ = writeln!(
                out,
                "| {} | Milestone | Due | Overdue or due |\n|---|---|---|---|",
                b.milestone_item_head()
            );
            for (m, item) in b.milestones.iter().zip(b.milestone_items()) {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    md(&item),
                    md(&m.text),
                    m.due.human(),
                    b.milestone_state(m)
                );
            }
            out.push('\n');
        }
    }

    if let Some(pc) = &b.summary.published_counts {
        let _ = writeln!(
            out,
            "## Published totals beside counted from the rows\n\n{}, as published in the source:\n\n> {}\n\n| | Published | Counted | Difference |\n|---|--:|--:|--:|",
            pc.label,
            md(&pc.quote)
        );
        for r in &pc.rows {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {}{} |",
                md(&count_name(r)),
                r.stated.map_or_else(|| "-".to_string(), |n| n.to_string()),
                r.counted,
                r.difference().unwrap_or_default(),
                if r.differs() { " *" } else { "" }
            );
        }
        let _ = writeln!(out, "\n\\* {PUBLISHED_NOTE}\n");
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
            let id = if r.id == "all" {
                mean_of_means_title(names)
            } else {
                r.id.clone()
            };
            let _ = writeln!(
                out,
                "| {} | {:.1} | {}{} | {:.1} | {}{} |",
                md(&id),
                r.published_previous,
                b.summary.mean_text_fine(r.computed_previous),
                star(r.previous_differs()),
                r.published_current,
                b.summary.mean_text_fine(r.computed_current),
                star(r.current_differs())
            );
        }
        let _ = writeln!(
            out,
            "\n\\* differs from the published figure by more than {TOLERANCE}; both are shown, neither adjusted. Recomputed to one decimal more than published, so rounding shows.\n"
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
        "\nDirection of travel: {} (means within {} are the same).",
        Dot::legend(),
        same_within(b)
    );
    out
}

/// An exception's rating before, with the period it is from where that is not the paper's
/// comparison period: "2 (RAG initial)".
pub(crate) fn before_text(b: &Board, e: &super::board::Exception) -> String {
    match &e.previous_period {
        Some(p) if e.previous.is_some() => format!("{} ({p})", b.label_of(e.previous)),
        _ => b.label_of(e.previous),
    }
}

/// One row per action with every period's rating, the direction of travel and whether
/// (and why) the action is an exception in the report's period.
/// The paper of a plan with nothing to rate, in Markdown: its title, and the sentence that
/// says so.
pub fn nothing_to_rate_markdown(plan: &Plan, sentence: &str) -> String {
    let mut out = format!("# {}: board report\n\n", md(&plan.title));
    if let Some(o) = &plan.organisation {
        let _ = writeln!(out, "{}.\n", md(o));
    }
    let _ = writeln!(out, "{}.", md(&crate::model::names::capitalised(sentence)));
    super::markdown::inert(&out)
}

/// The CSV paper of a plan with nothing to rate: the columns, and no rows.
pub fn nothing_to_rate_csv(plan: &Plan) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(csv_head(plan, false));
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The CSV paper's columns: the action's, one per period, the paper's own.
fn csv_head(plan: &Plan, with_milestones: bool) -> Vec<String> {
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
        [
            "direction of travel",
            "compared with",
            "exception",
            "progress",
            "corrections at this meeting",
        ]
        .map(String::from)
        .to_vec(),
    );
    if with_milestones {
        head.push("key milestones due or overdue".into());
    }
    head
}

pub fn csv(plan: &Plan, b: &Board) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let with_milestones = b.summary.milestones.is_some();
    let head = csv_head(plan, with_milestones);
    let _ = write_record(&mut w, &head);
    // "overdue: KS2 at NA (2013); due in Review 2015/16: ...".
    let milestones = |id: &str, on_objective: bool| {
        b.milestones
            .iter()
            .filter(|m| m.item.id == id && m.on_objective == on_objective)
            .map(|m| format!("{}: {} ({})", b.milestone_state(m), m.text, m.due.human()))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let at = plan
        .periods
        .iter()
        .position(|p| p.id == b.period.id)
        .unwrap_or(0);
    let exceptions: std::collections::HashMap<&str, String> = b
        .exceptions
        .iter()
        .map(|e| (e.id.as_str(), b.why_listed(e)))
        .collect();
    for pr in &plan.priorities {
        for o in &pr.objectives {
            // An objective's own milestones, on a row of its own.
            let own = milestones(&o.id, true);
            if !own.is_empty() {
                let mut rec = vec![String::new(); head.len()];
                rec[0] = pr.id.clone();
                rec[1] = o.id.clone();
                rec[3] = o.title.clone();
                if let Some(last) = rec.last_mut() {
                    *last = own;
                }
                let _ = write_record(&mut w, &rec);
            }
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
                // Against the action's own latest earlier rating, named; statuses have no
                // order, so no direction.
                let travel = figures::action_travel(plan, a, at);
                rec.push(travel.map_or("", |(d, _)| d.word()).to_string());
                rec.push(
                    travel
                        .and_then(|(_, k)| plan.periods.get(k))
                        .map(|p| p.label.clone())
                        .unwrap_or_default(),
                );
                rec.push(exceptions.get(a.id.as_str()).cloned().unwrap_or_default());
                rec.push(a.progress.clone().unwrap_or_default());
                let corrected: Vec<String> = b
                    .corrections
                    .iter()
                    .filter(|r| r.change.item == a.id)
                    .map(|r| {
                        let c = &r.change;
                        format!(
                            "{}: {} ({})",
                            b.period_label(&c.period),
                            movement(b, c),
                            c.note.as_deref().unwrap_or("")
                        )
                    })
                    .collect();
                rec.push(corrected.join("; "));
                if with_milestones {
                    rec.push(milestones(&a.id, false));
                }
                let _ = write_record(&mut w, &rec);
            }
        }
    }
    for rec in figure_rows(plan, b, head.len()) {
        let _ = write_record(&mut w, &rec);
    }
    for rec in record_rows(b, head.len()) {
        let _ = w.write_record(&rec);
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// The CSV's rows for the board's own records, after the figures: "record" for priority,
/// the section's title in "action id", and the section's row in the columns after it (its
/// heads as the first such row), so a spreadsheet keeps each section together.
fn record_rows(b: &Board, width: usize) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for sec in b.record_sections() {
        let line = |cells: &[String]| {
            let mut rec = vec!["record".to_string(), sec.title.clone()];
            rec.extend(cells.iter().cloned());
            rec.resize(width.max(rec.len()), String::new());
            rec
        };
        out.push(line(&sec.head));
        if sec.rows.is_empty() {
            out.push(line(std::slice::from_ref(&sec.none)));
        }
        for row in &sec.rows {
            out.push(line(row));
        }
    }
    out
}

/// The CSV's rows after the actions: the plan overall in the paper's period (how many are
/// rated, and the mean with its direction of travel, or the count at a complete status),
/// then each total the source publishes beside the same counted from the rows. Each has
/// "all" for priority, what it is in "action id" (rated, mean, complete, published,
/// counted), its name in "action", the figure in its period's column, and a note in
/// "progress".
fn figure_rows(plan: &Plan, b: &Board, width: usize) -> Vec<Vec<String>> {
    let names = &b.summary.names;
    let column = |id: &str| plan.periods.iter().position(|p| p.id == id).map(|i| 7 + i);
    let travel_at = 7 + plan.periods.len();
    let row = |kind: &str, what: String, period: &str, value: String, note: String| {
        let mut r = vec![String::new(); width];
        r[0] = "all".into();
        r[2] = kind.into();
        r[3] = what;
        if let Some(c) = column(period) {
            r[c] = value;
        }
        r[travel_at + 3] = note;
        r
    };
    let mut out = Vec::new();
    if let Some(c) = b.summary.overall.cells.first() {
        let partial = if c.partial { " (partial)" } else { "" };
        out.push(row(
            "rated",
            names.reword("Plan overall: actions rated"),
            &c.period,
            format!("{} of {}{partial}", c.rated, c.total),
            if c.partial {
                names.reword(&format!(
                    "fewer than {} of the actions rated: the plan's figures are partial",
                    figures::share_words(b.summary.threshold)
                ))
            } else {
                String::new()
            },
        ));
        if b.ordinal {
            let mut r = row(
                "mean",
                b.summary.overall.title.clone(),
                &c.period,
                b.summary.mean_cell(c),
                overall_travel(b, c).map_or_else(String::new, |t| names.reword(&t)),
            );
            r[travel_at] = c.dot.map_or("", |d| d.word()).to_string();
            r[travel_at + 1] = c
                .travel
                .as_ref()
                .map_or_else(String::new, |t| t.from_label.clone());
            out.push(r);
        } else {
            out.push(row(
                "complete",
                names.reword("Plan overall: actions at a complete status"),
                &c.period,
                format!("{} of {}", c.complete, c.total),
                String::new(),
            ));
        }
    }
    if let Some(pc) = &b.summary.published_counts {
        let mut quote = Some(pc.quote.clone());
        for r in pc.rows.iter().filter(|r| r.stated.is_some()) {
            out.push(row(
                "published",
                count_name(r),
                &pc.period,
                r.stated.map(|n| n.to_string()).unwrap_or_default(),
                quote.take().unwrap_or_default(),
            ));
            out.push(row(
                "counted",
                count_name(r),
                &pc.period,
                r.counted.to_string(),
                if r.differs() {
                    format!("{}: {PUBLISHED_NOTE}", r.difference().unwrap_or_default())
                } else {
                    String::new()
                },
            ));
        }
    }
    out
}
