//! The board paper as one self-contained HTML file: no scripts, fonts or images to fetch;
//! A4 print styles; every colour carries its label, so it reads in black and white.

use std::fmt::Write as _;

use crate::model::Rating;
use crate::model::colour;
use crate::model::rollup::Dot;

use super::board::Board;
use super::board_text::{
    PUBLISHED_NOTE, before_text, count_name, movement, overall_mean, overall_travel,
    published_beside_counted, same_within, table_note, when, who_leads, why,
};
use crate::model::summary::{TOLERANCE, mean_of_means_title};

/// Text made safe for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "Helvetica Neue", Arial, sans-serif; font-size: 10pt; color: #111;
  margin: 0 auto; max-width: 186mm; line-height: 1.35;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1 { font-size: 16pt; margin: 0 0 2mm; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; border-bottom: 1.5pt solid #111; padding-bottom: 1mm;
  break-after: avoid; }
table.cover { width: auto; min-width: 60%; border: 1.5pt solid #111; margin: 0 0 4mm; }
table.cover th, table.cover td { border: none; padding: 0.8mm 2.5mm; }
table.cover th { background: none; color: #333; font-weight: normal; white-space: nowrap; }
table.cover td { font-weight: bold; }
table { border-collapse: collapse; width: 100%; margin: 0 0 2mm; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 0.75pt solid #555; padding: 1mm 1.5mm; vertical-align: top; text-align: left; }
th { background: #e8e8e8; font-weight: bold; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.c { text-align: center; white-space: nowrap; }
.chip { display: inline-block; min-width: 6mm; padding: 0 1.2mm; border: 1pt solid #111;
  border-radius: 1mm; font-weight: bold; text-align: center; }
.unrated { display: inline-block; min-width: 6mm; text-align: center; color: #555; }
.headline { display: flex; flex-wrap: wrap; gap: 2mm; margin: 0 0 2mm; }
.fig { border: 1pt solid #111; padding: 1.5mm 2.5mm; min-width: 40mm; flex: 1; }
.fig .v { font-size: 14pt; font-weight: bold; display: block; }
.fig .k { font-size: 8.5pt; color: #333; }
p.partial { margin: 0 0 2mm; padding: 1mm 2.5mm; border: 1pt dashed #111; }
.partial-mark { font-style: italic; font-size: 8.5pt; }
.why { white-space: nowrap; }
.small { font-size: 8.5pt; }
blockquote.quote { margin: 0 0 2mm; padding: 0 0 0 3mm; border-left: 1.5pt solid #555;
  font-style: italic; break-inside: avoid; break-after: avoid; }
h2 + p.note { break-after: avoid; }
.note { font-size: 8.5pt; color: #333; }
.star { font-weight: bold; }
table.exc { font-size: 8.5pt; table-layout: fixed; }
table.exc td { overflow-wrap: anywhere; }
@media screen { body { padding: 8mm 0; } }
"#;

/// Black or white text, whichever reads on this background.
fn ink(rgb: (u8, u8, u8)) -> &'static str {
    let (r, g, b) = rgb;
    let lum = 0.299 * f64::from(r) + 0.587 * f64::from(g) + 0.114 * f64::from(b);
    if lum > 150.0 { "#000" } else { "#fff" }
}

fn chip(b: &Board, r: Option<Rating>) -> String {
    let Some(r) = r else {
        return "<span class=\"unrated\" title=\"not rated\">–</span>".into();
    };
    match b.level(r) {
        Some(l) => {
            let rgb = colour::parse(&l.colour).unwrap_or((0xee, 0xee, 0xee));
            format!(
                "<span class=\"chip\" style=\"background:#{:02x}{:02x}{:02x};color:{}\" title=\"{}\">{}</span>",
                rgb.0,
                rgb.1,
                rgb.2,
                ink(rgb),
                esc(&l.name),
                esc(&l.label)
            )
        }
        None => format!("<span class=\"chip\">{r}</span>"),
    }
}

/// The document's head and its heading.
fn open_document(o: &mut String, title: &str) {
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}{}</style>\n</head>\n<body>\n",
        esc(title),
        page_footer(title)
    );
    let _ = writeln!(o, "<h1>{}</h1>", esc(title));
}

/// The paper of a plan with nothing to rate: its title, and the sentence that says so.
pub fn nothing_to_rate(plan: &crate::model::Plan, sentence: &str) -> String {
    let mut o = String::new();
    open_document(&mut o, &format!("{}: board report", plan.title));
    if let Some(org) = &plan.organisation {
        let _ = writeln!(o, "<p>{}</p>", esc(org));
    }
    let _ = writeln!(
        o,
        "<p>{}.</p>\n</body>\n</html>",
        esc(&crate::model::names::capitalised(sentence))
    );
    o
}

pub fn html(b: &Board) -> String {
    let mut o = String::new();
    let title = format!("{}: board report, {}", b.plan, b.period.label);
    open_document(&mut o, &title);
    cover(&mut o, b);

    // Headline figures.
    let _ = writeln!(o, "<h2>Headline figures</h2>\n<div class=\"headline\">");
    let fig = |o: &mut String, v: &str, k: &str| {
        let _ = writeln!(
            o,
            "<div class=\"fig\"><span class=\"v\">{v}</span><span class=\"k\">{k}</span></div>"
        );
    };
    let names = &b.summary.names;
    // Partial figures never headline: below the coverage threshold the coverage is the
    // first figure, and the others follow under the boxes, marked partial.
    let mut partial_line = None;
    if let Some(c) = b.summary.overall.cells.first() {
        let rated = fig_rated(b, c);
        if c.rated == 0 {
            fig(
                &mut o,
                &format!("{} of {}", c.rated, c.total),
                &esc(&names.reword("actions rated: none yet, so the plan has no figures")),
            );
        } else if c.partial {
            fig(
                &mut o,
                &format!("{} of {}", c.rated, c.total),
                &esc(&names.reword(&format!(
                    "actions rated: fewer than {}, so the plan's figures are partial",
                    crate::model::figures::share_words(b.summary.threshold)
                ))),
            );
            partial_line = if b.summary.categorical {
                Some(names.reword(&format!(
                    "{} of the {} rated actions at a complete status",
                    c.complete, c.rated
                )))
            } else {
                c.mean.map(|_| {
                    let mut line = format!("mean rating {}", overall_mean(b, c));
                    if let Some(t) = overall_travel(b, c) {
                        let _ = write!(line, "; {t}");
                    }
                    names.reword(&line)
                })
            };
        } else {
            if b.ordinal {
                let travel = overall_travel(b, c)
                    .map_or_else(String::new, |t| format!("<br>{}", esc(&names.reword(&t))));
                fig(
                    &mut o,
                    &b.summary.mean_text(c.mean),
                    &format!(
                        "{}{travel}",
                        esc(&names.reword(&format!(
                            "mean rating, all actions ({} of {} rated)",
                            c.rated, c.total
                        )))
                    ),
                );
            }
            fig(&mut o, &rated.0, &rated.1);
        }
    }
    fig(
        &mut o,
        &b.exceptions.len().to_string(),
        &format!("exceptions: {}", b.reason_counts()),
    );
    fig(
        &mut o,
        &b.changes.len().to_string(),
        &format!("changes recorded in {}", esc(&b.period.label)),
    );
    if let Some((seen, all)) = b.reviewed {
        fig(
            &mut o,
            &format!("{seen} of {all}"),
            "items reviewed at this meeting (ticked, rated, noted or recorded on)",
        );
    }
    if b.summary.milestones.is_some() {
        fig(
            &mut o,
            &b.milestone_counts(),
            &format!("key milestones at {}", b.date.format("%-d %B %Y")),
        );
    }
    let _ = writeln!(o, "</div>");
    if let Some(line) = partial_line {
        let _ = writeln!(o, "<p class=\"partial\"><b>Partial:</b> {}</p>", esc(&line));
    }
    if let Some(c) = b.summary.overall.cells.first() {
        let levels: Vec<String> = b
            .legend
            .iter()
            .zip(&c.counts)
            .map(|(l, n)| format!("{} {}: <b>{n}</b>", chip(b, Some(l.value)), esc(&l.name)))
            .collect();
        let not_rated = if c.rated < c.total {
            format!(" &nbsp; not rated: <b>{}</b>", c.total - c.rated)
        } else {
            String::new()
        };
        let _ = writeln!(
            o,
            "<p class=\"small\">At each level: {}{not_rated}</p>",
            levels.join(" &nbsp; ")
        );
    }
    if let Some((published, counted)) = published_beside_counted(b) {
        let _ = writeln!(
            o,
            "<p class=\"small\"><b>Published in the source:</b> {}; <b>counted from the rows:</b> {}</p>",
            esc(&published),
            esc(&counted)
        );
    }

    // Summary table.
    // Mean and direction of travel only where the scale has an order.
    let _ = writeln!(
        o,
        "<h2>{}</h2>\n<p class=\"note\">{}</p>\n<table>\n<thead><tr><th>{}</th>{}<th class=\"num\">Rated</th>",
        esc(&b.summary.names.reword("Summary by priority")),
        esc(&table_note(b)),
        esc(&b.summary.names.priority),
        if b.ordinal {
            "<th class=\"num\">Mean</th>"
        } else {
            ""
        }
    );
    for l in &b.legend {
        let _ = write!(o, "<th class=\"num\">{}</th>", chip(b, Some(l.value)));
    }
    let _ = writeln!(
        o,
        "{}<th class=\"num\">Board</th></tr></thead>\n<tbody>",
        if b.ordinal {
            "<th>Direction of travel</th>"
        } else {
            ""
        }
    );
    for row in b.summary.all_rows() {
        let Some(c) = row.cells.first() else { continue };
        let name = if row.id == "all" {
            format!("<b>{}</b>", esc(&row.title))
        } else {
            esc(&crate::model::summary::Summary::row_name(row))
        };
        let _ = write!(o, "<tr><td>{name}</td>");
        if b.ordinal {
            let mark = if c.partial && c.mean.is_some() {
                "<br><span class=\"partial-mark\">partial</span>"
            } else {
                ""
            };
            let _ = write!(
                o,
                "<td class=\"num\">{}{mark}</td>",
                b.summary.mean_text(c.mean)
            );
        }
        let _ = write!(
            o,
            "<td class=\"num\">{}/{}{}</td>",
            c.rated,
            c.total,
            if c.partial && !b.ordinal {
                "<br><span class=\"partial-mark\">partial</span>"
            } else {
                ""
            }
        );
        for n in &c.counts {
            let _ = write!(o, "<td class=\"num\">{n}</td>");
        }
        if b.ordinal {
            let known = b.compared_with.as_ref().map(|p| p.id.as_str());
            let _ = write!(o, "<td>{}</td>", esc(&b.summary.travel_text(c, known)));
        }
        let _ = writeln!(
            o,
            "<td class=\"num\">{}</td></tr>",
            c.judgement.map_or_else(String::new, |j| chip(b, Some(j)))
        );
    }
    let _ = writeln!(o, "</tbody>\n</table>");

    // Exceptions.
    let _ = writeln!(o, "<h2>Exceptions</h2>");
    if b.exceptions.is_empty() {
        let _ = writeln!(
            o,
            "<p>{}</p>",
            esc(&b
                .summary
                .names
                .reword(&format!("None: no action {}.", b.reason_list())))
        );
    } else {
        let _ = writeln!(
            o,
            "<p>{}</p>",
            esc(&b
                .summary
                .names
                .reword(&format!("Every action {}.", b.reason_list())))
        );
        let _ = writeln!(
            o,
            "<table class=\"exc\">\n<colgroup><col style=\"width:31%\"><col style=\"width:7%\"><col style=\"width:7%\"><col style=\"width:13%\"><col style=\"width:13%\"><col style=\"width:9%\"><col style=\"width:20%\"></colgroup>\n<thead><tr><th>Action</th><th>Rating</th><th>Before</th><th>Why listed</th><th>Lead</th><th>Due</th><th>Progress</th></tr></thead>\n<tbody>"
        );
        for e in &b.exceptions {
            let _ = writeln!(
                o,
                "<tr><td><b>{}</b> {}</td><td class=\"c\">{}</td><td class=\"c\">{}</td><td>{}</td><td>{}</td><td class=\"c\">{}</td><td class=\"small\">{}</td></tr>",
                esc(&e.id),
                esc(&e.name.after_id()),
                chip(b, e.rating),
                before_chip(b, e),
                esc(&b.why_listed(e)),
                esc(&who_leads(e.lead.as_deref(), e.officer.as_deref())),
                e.due.map_or_else(String::new, |d| d.human()),
                esc(e.progress.as_deref().unwrap_or(""))
            );
        }
        let _ = writeln!(o, "</tbody>\n</table>");
    }

    // Changes.
    let _ = writeln!(o, "<h2>Changes recorded in {}</h2>", esc(&b.period.label));
    if b.changes.is_empty() {
        let _ = writeln!(o, "<p>None recorded.</p>");
    } else {
        let _ = writeln!(
            o,
            "<table>\n<thead><tr><th>When</th><th>Who</th><th>Action</th><th class=\"why\">Old → new</th><th>Why</th></tr></thead>\n<tbody>"
        );
        for r in &b.changes {
            let c = &r.change;
            let item = r.item_text();
            let (from, to) = (c.from.filter(|r| *r != 0), c.to.filter(|r| *r != 0));
            let moved = if from == to {
                format!("{} unchanged", chip(b, to))
            } else {
                format!("{} → {}", chip(b, from), chip(b, to))
            };
            let _ = writeln!(
                o,
                "<tr><td class=\"why\">{}</td><td>{}</td><td>{}</td><td class=\"c\" title=\"{}\">{moved}</td><td>{}</td></tr>",
                when(c),
                esc(&c.who),
                esc(&item),
                esc(&movement(b, c)),
                esc(&why(c))
            );
        }
        let _ = writeln!(o, "</tbody>\n</table>");
    }

    for sec in b.record_sections() {
        let _ = writeln!(
            o,
            "<h2>{}</h2>\n<p>{}</p>",
            esc(&sec.title),
            esc(&sec.intro)
        );
        if sec.rows.is_empty() {
            let _ = writeln!(o, "<p>{}</p>", esc(&sec.none));
            continue;
        }
        let head: String = sec
            .head
            .iter()
            .map(|h| format!("<th>{}</th>", esc(h)))
            .collect();
        let _ = writeln!(o, "<table>\n<thead><tr>{head}</tr></thead>\n<tbody>");
        for row in &sec.rows {
            let cells: String = row.iter().map(|c| format!("<td>{}</td>", esc(c))).collect();
            let _ = writeln!(o, "<tr>{cells}</tr>");
        }
        let _ = writeln!(o, "</tbody>\n</table>");
    }

    if !b.corrections.is_empty() {
        let _ = writeln!(
            o,
            "<h2>Corrections to earlier periods made at this meeting</h2>\n<table>\n<thead><tr><th>When</th><th>Who</th><th>Action</th><th>Period</th><th class=\"why\">Old → new</th><th>Why</th></tr></thead>\n<tbody>"
        );
        for r in &b.corrections {
            let c = &r.change;
            let item = r.item_text();
            let _ = writeln!(
                o,
                "<tr><td class=\"why\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"c\">{} → {}</td><td>{}</td></tr>",
                when(c),
                esc(&c.who),
                esc(&item),
                esc(b.period_label(&c.period)),
                chip(b, c.from.filter(|r| *r != 0)),
                chip(b, c.to.filter(|r| *r != 0)),
                esc(c.note.as_deref().unwrap_or(""))
            );
        }
        let _ = writeln!(o, "</tbody>\n</table>");
    }

    // Key milestones.
    if let Some(ms) = &b.summary.milestones {
        let _ = writeln!(
            o,
            "<h2>Key milestones due and overdue at {}</h2>\n<table>\n<thead><tr><th>{}</th><th class=\"num\">Done</th><th class=\"num\">Due</th><th class=\"num\">Overdue</th><th class=\"num\">No date</th></tr></thead>\n<tbody>",
            b.date.format("%-d %B %Y"),
            esc(&b.summary.names.priority)
        );
        for r in &ms.rows {
            let c = &r.counts;
            let name = if r.id == "all" {
                "<b>Plan overall</b>".to_string()
            } else {
                format!("{}. {}", esc(&r.id), esc(&r.title))
            };
            let _ = writeln!(
                o,
                "<tr><td>{name}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                c.done, c.due, c.overdue, c.undated
            );
        }
        let _ = writeln!(
            o,
            "</tbody>\n</table>\n<p class=\"note\">In the counts, due means not yet past its day, month, year or financial year. {}</p>",
            esc(&b.milestones_rule())
        );
        if b.milestones.is_empty() {
            let _ = writeln!(o, "<p>None.</p>");
        } else {
            let _ = writeln!(
                o,
                "<table class=\"exc\">\n<colgroup><col style=\"width:34%\"><col style=\"width:42%\"><col style=\"width:9%\"><col style=\"width:15%\"></colgroup>\n<thead><tr><th>{}</th><th>Milestone</th><th>Due</th><th>Overdue or due</th></tr></thead>\n<tbody>",
                esc(&b.milestone_item_head())
            );
            for (m, item) in b.milestones.iter().zip(b.milestone_items()) {
                let _ = writeln!(
                    o,
                    "<tr><td>{}</td><td>{}</td><td class=\"c\">{}</td><td>{}</td></tr>",
                    esc(&item),
                    esc(&m.text),
                    esc(&m.due.human()),
                    esc(&b.milestone_state(m))
                );
            }
            let _ = writeln!(o, "</tbody>\n</table>");
        }
    }

    // Published totals vs counted.
    if let Some(pc) = &b.summary.published_counts {
        let _ = writeln!(
            o,
            "<h2>Published totals beside counted from the rows</h2>\n<p class=\"note\">{}, as published in the source:</p>\n<blockquote class=\"quote\">{}</blockquote>\n<table>\n<thead><tr><th></th><th class=\"num\">Published</th><th class=\"num\">Counted</th><th class=\"num\">Difference</th></tr></thead>\n<tbody>",
            esc(&pc.label),
            esc(&pc.quote)
        );
        for r in &pc.rows {
            let _ = writeln!(
                o,
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}{}</td></tr>",
                esc(&count_name(r)),
                r.stated.map_or_else(|| "-".to_string(), |n| n.to_string()),
                r.counted,
                r.difference().unwrap_or_default(),
                if r.differs() {
                    " <span class=\"star\">*</span>"
                } else {
                    ""
                }
            );
        }
        let _ = writeln!(
            o,
            "</tbody>\n</table>\n<p class=\"note\">* {PUBLISHED_NOTE}</p>"
        );
    }

    // Published vs recomputed.
    if let Some(p) = &b.summary.published {
        let _ = writeln!(
            o,
            "<h2>Published summary beside recomputed</h2>\n<table>\n<thead><tr><th>Priority</th><th class=\"num\">Published {0}</th><th class=\"num\">Recomputed {0}</th><th class=\"num\">Published {1}</th><th class=\"num\">Recomputed {1}</th></tr></thead>\n<tbody>",
            esc(b.period_label(&p.previous)),
            esc(b.period_label(&p.current))
        );
        for r in &p.rows {
            let star = |d: bool| {
                if d {
                    " <span class=\"star\">*</span>"
                } else {
                    ""
                }
            };
            let id = if r.id == "all" {
                mean_of_means_title(&b.summary.names)
            } else {
                r.id.clone()
            };
            let _ = writeln!(
                o,
                "<tr><td>{}</td><td class=\"num\">{:.1}</td><td class=\"num\">{}{}</td><td class=\"num\">{:.1}</td><td class=\"num\">{}{}</td></tr>",
                esc(&id),
                r.published_previous,
                b.summary.mean_text_fine(r.computed_previous),
                star(r.previous_differs()),
                r.published_current,
                b.summary.mean_text_fine(r.computed_current),
                star(r.current_differs())
            );
        }
        let _ = writeln!(
            o,
            "</tbody>\n</table>\n<p class=\"note\">* differs from the published figure by more than {TOLERANCE}; both are shown, neither adjusted. Recomputed to one decimal more than published, so rounding shows.</p>"
        );
    }

    // Legend.
    let _ = writeln!(
        o,
        "<h2>RAG legend</h2>\n<table>\n<thead><tr><th>Rating</th><th>Name</th><th>Meaning</th></tr></thead>\n<tbody>"
    );
    for l in &b.legend {
        let _ = writeln!(
            o,
            "<tr><td class=\"c\">{} <span class=\"small\">{}</span></td><td>{}</td><td class=\"small\">{}</td></tr>",
            chip(b, Some(l.value)),
            esc(&l.colour),
            esc(&l.name),
            esc(&l.meaning)
        );
    }
    let _ = writeln!(
        o,
        "</tbody>\n</table>\n<p class=\"note\">Direction of travel: {} (means within {} are the same). – not rated.</p>\n</body>\n</html>",
        Dot::legend(),
        same_within(b)
    );
    o
}

/// The printed page's footer: the paper's title at the left, "Page 2 of 5" at the right
/// (CSS page-margin boxes: Chromium prints them from version 131).
fn page_footer(title: &str) -> String {
    format!(
        "@page {{\n  @bottom-left {{ content: {}; font: 7.5pt Arial, sans-serif; color: #333; }}\n  @bottom-right {{ content: \"Page \" counter(page) \" of \" counter(pages); font: 7.5pt Arial, sans-serif; color: #333; }}\n}}\n",
        css_string(title)
    )
}

/// Text as a quoted CSS string, safe inside a `<style>` element: quotes and backslashes
/// escaped, and `<`, `>`, `&` and control characters as hex escapes.
fn css_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '<' | '>' | '&' => {
                let _ = write!(out, "\\{:X} ", u32::from(c));
            }
            c if c.is_control() => {
                let _ = write!(out, "\\{:X} ", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The cover block: plan, meeting date, period (with its span), the period compared with,
/// and coverage, before anything else.
fn cover(o: &mut String, b: &Board) {
    let names = &b.summary.names;
    let day = |d: chrono::NaiveDate| d.format("%-d %B %Y").to_string();
    let mut rows: Vec<(&str, String)> = vec![("Plan", esc(&b.plan))];
    if let Some(org) = &b.organisation {
        rows.push(("Organisation", esc(org)));
    }
    rows.push(("Meeting date", day(b.date)));
    rows.push((
        "Period",
        match b.period_span {
            Some((start, end)) => {
                format!("{} ({} to {})", esc(&b.period.label), day(start), day(end))
            }
            None => esc(&b.period.label),
        },
    ));
    rows.push((
        "Compared with",
        match (&b.compared_with, b.ordinal) {
            (_, false) => {
                "none: a scale of statuses has no order, so no direction of travel".to_string()
            }
            (Some(p), true) => format!("{}, the latest earlier period with ratings", esc(&p.label)),
            (None, true) => {
                "none: no earlier period holds ratings, so no direction of travel".to_string()
            }
        },
    ));
    if let Some(c) = b.summary.overall.cells.first() {
        let mut s = format!(
            "{} of {} rated",
            c.rated,
            crate::model::LevelNames::count(&names.action, c.total)
        );
        if c.rated == 0 {
            s.push_str(": none yet, so the plan has no figures");
        } else if c.partial {
            let _ = write!(
                s,
                ": fewer than {}, so the figures are partial",
                crate::model::figures::share_words(b.summary.threshold)
            );
        }
        rows.push(("Coverage", esc(&s)));
    }
    if !b.corrections.is_empty() {
        rows.push((
            "Corrections",
            match b.corrections.len() {
                1 => "1 correction to an earlier period made at this meeting (listed below)"
                    .to_string(),
                n => format!(
                    "{n} corrections to earlier periods made at this meeting (listed below)"
                ),
            },
        ));
    }
    let _ = writeln!(o, "<table class=\"cover\">\n<tbody>");
    for (k, v) in rows {
        let _ = writeln!(o, "<tr><th>{k}</th><td>{v}</td></tr>");
    }
    let _ = writeln!(o, "</tbody>\n</table>");
}

/// The "actions rated" headline box: value and caption.
fn fig_rated(b: &Board, c: &crate::model::summary::Cell) -> (String, String) {
    (
        format!("{} of {}", c.rated, c.total),
        esc(&b.summary.names.reword("actions rated")),
    )
}

/// An exception's rating before, with its period where that is not the paper's comparison.
fn before_chip(b: &Board, e: &super::board::Exception) -> String {
    match &e.previous_period {
        Some(p) if e.previous.is_some() => format!(
            "{}<br><span class=\"small\" title=\"{}\">{}</span>",
            chip(b, e.previous),
            esc(&before_text(b, e)),
            esc(p)
        ),
        _ => chip(b, e.previous),
    }
}

#[cfg(test)]
mod tests {
    use super::css_string;

    #[test]
    fn css_strings_cannot_end_the_style_element_or_the_string() {
        assert_eq!(
            css_string("a \"b\" \\ </style> & \u{1b}"),
            r#""a \"b\" \\ \3C /style\3E  \26  \1B ""#
        );
    }
}
