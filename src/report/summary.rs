//! `ragboard summary`: the summary (`model::summary`) as a table, CSV, Markdown or JSON.

use std::fmt::Write as _;

use crate::model::LevelNames;
use crate::model::figures;
use crate::model::rollup::Dot;
use crate::model::summary::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Markdown,
    Json,
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(String::new, |v| v.to_string())
}

pub fn render(s: &Summary, format: Format) -> String {
    match format {
        Format::Table => table(s),
        Format::Csv => csv(s),
        Format::Markdown => super::markdown::inert(&markdown(s)),
        Format::Json => serde_json::to_string_pretty(s).unwrap_or_default() + "\n",
    }
}

fn all_rows(s: &Summary) -> impl Iterator<Item = &Row> {
    s.all_rows()
}

/// The lines on leads' proposals that close the summary (none without proposals).
fn proposed(s: &Summary, out: &mut String) {
    for line in &s.proposed {
        let _ = writeln!(out, "{line}.");
    }
}

fn table(s: &Summary) -> String {
    let mut out = table_body(s);
    proposed(s, &mut out);
    out
}

fn table_body(s: &Summary) -> String {
    let mut out = String::new();
    if let Some(nothing) = &s.nothing_to_rate {
        let _ = writeln!(out, "{}: {nothing}.", s.plan);
        return out;
    }
    let actions = LevelNames::plural(&s.names.action);
    let priority = s.names.priority.to_lowercase();
    if s.categorical {
        let _ = writeln!(
            out,
            "{}: {actions} at each status per {priority} and period (statuses are counted, never averaged)",
            s.plan
        );
        return categorical_table(s, out);
    }
    let _ = writeln!(
        out,
        "{}: mean rating of rated {actions} per {priority} and period",
        s.plan
    );
    let _ = writeln!(
        out,
        "A mean from fewer than {} of the {actions} rated is partial. Direction of travel: on the {actions} rated in both periods, vs the latest earlier period with ratings.",
        figures::share_words(s.threshold)
    );
    let levels: String = s.labels.iter().map(|l| format!("{l:>4}")).collect();
    for row in all_rows(s) {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", row_head(s, row));
        let _ = writeln!(
            out,
            "  {:<14} {:>5} {:>7} {:<7}{levels}  {:>5}  direction of travel",
            "period", "mean", "rated", "", "board"
        );
        for c in &row.cells {
            let counts: String = c
                .counts
                .iter()
                .map(|n| {
                    if *n == 0 {
                        "   .".to_string()
                    } else {
                        format!("{n:>4}")
                    }
                })
                .collect();
            let line = format!(
                "  {:<14} {:>5} {:>7} {:<7}{counts}  {:>5}  {}",
                c.label,
                s.mean_text(c.mean),
                format!("{}/{}", c.rated, c.total),
                if c.partial { "partial" } else { "" },
                opt(c.judgement),
                s.travel_text(c, None)
            );
            let _ = writeln!(out, "{}", line.trim_end());
        }
    }
    if let Some(p) = &s.published {
        let cols = p.columns();
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "Published summary beside recomputed ({}; recomputed to one decimal more; * differs by more than {TOLERANCE})",
            cols.iter()
                .map(|c| format!(
                    "{} = {c}",
                    if *c == p.previous {
                        "previous"
                    } else {
                        "current"
                    }
                ))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let mut head = format!("  {:<8}", "priority");
        for _ in &cols {
            let _ = write!(head, " {:>9} {:>10} ", "published", "recomputed");
        }
        let _ = writeln!(out, "{}", head.trim_end());
        for r in &p.rows {
            let mut line = format!("  {:<8}", r.id);
            for c in &cols {
                if let Some(f) = p.figure(&r.id, c) {
                    let mark = if f.differs() { "*" } else { " " };
                    let _ = write!(
                        line,
                        " {:>9.1} {:>9}{mark} ",
                        f.published,
                        s.mean_text_fine(f.computed)
                    );
                }
            }
            let _ = writeln!(out, "{}", line.trim_end());
        }
        let _ = writeln!(
            out,
            "{}",
            s.names.reword(
                "  (\"all\": the plan overall as the mean of the priorities' means, recomputed as the published table does)"
            )
        );
    }
    milestones_table(s, &mut out);
    out
}

/// Key milestones per priority by their state on the summary's date.
fn milestones_table(s: &Summary, out: &mut String) {
    let Some(ms) = &s.milestones else { return };
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Key milestones at {} (due: not yet past its day, month, year or financial year)",
        ms.date.format("%-d %b %Y")
    );
    let _ = writeln!(
        out,
        "  {:<18} {:>5} {:>5} {:>8} {:>5} {:>8}",
        s.names.priority.to_lowercase(),
        "done",
        "due",
        "overdue",
        "total",
        "no date"
    );
    for r in &ms.rows {
        let c = &r.counts;
        let id = if r.id == "all" {
            r.title.clone()
        } else {
            format!("{} {}", s.names.priority, r.id)
        };
        let _ = writeln!(
            out,
            "  {:<18} {:>5} {:>5} {:>8} {:>5} {:>8}",
            id,
            c.done,
            c.due,
            c.overdue,
            c.total(),
            c.undated
        );
    }
    if let Some(all) = ms.rows.iter().find(|r| r.id == "all")
        && all.counts.missed > 0
    {
        let _ = writeln!(
            out,
            "  ({} called missed by the board: counted apart, never as overdue)",
            all.counts.missed
        );
    }
}

fn row_head(s: &Summary, row: &Row) -> String {
    if row.id == "all" {
        row.title.clone()
    } else {
        let level = row.level.as_deref().unwrap_or(&s.names.priority);
        format!("{level} {}  {}", row.id, row.title)
    }
}

fn count_cell(n: usize) -> String {
    if n == 0 { ".".into() } else { n.to_string() }
}

/// Counts per status, the complete ones, and the source's stated totals beside the counts.
fn categorical_table(s: &Summary, mut out: String) -> String {
    let width = |l: &String| l.chars().count().max(3) + 1;
    let levels: String = s
        .labels
        .iter()
        .map(|l| format!("{l:>w$}", w = width(l)))
        .collect();
    for row in all_rows(s) {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", row_head(s, row));
        let _ = writeln!(
            out,
            "  {:<18} {:>7} {:<7}{levels}  {:>8}",
            "period", "rated", "", "complete"
        );
        for c in &row.cells {
            let counts: String = c
                .counts
                .iter()
                .zip(&s.labels)
                .map(|(n, l)| format!("{:>w$}", count_cell(*n), w = width(l)))
                .collect();
            let _ = writeln!(
                out,
                "  {:<18} {:>7} {:<7}{counts}  {:>8}",
                c.label,
                format!("{}/{}", c.rated, c.total),
                if c.partial { "partial" } else { "" },
                c.complete
            );
        }
    }
    let _ = writeln!(out);
    let _ = write!(out, "Key:");
    for (label, name) in s.labels.iter().zip(&s.level_names) {
        let _ = write!(out, "  {label} {name}");
    }
    let _ = writeln!(out);
    counts_comparison(s, &mut out);
    milestones_table(s, &mut out);
    out
}

/// The totals the source states beside the counts of the rows, differences marked.
fn counts_comparison(s: &Summary, out: &mut String) {
    let Some(pc) = &s.published_counts else {
        return;
    };
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Stated in the source beside counted from the rows ({}; * differs)",
        pc.label
    );
    let _ = writeln!(out, "  \"{}\"", pc.quote);
    let _ = writeln!(
        out,
        "  {:<28} {:>7} {:>8} {:>10}",
        "", "stated", "counted", "difference"
    );
    for r in &pc.rows {
        let name = count_row_name(r);
        let _ = writeln!(
            out,
            "  {:<28} {:>7} {:>8} {:>9}{}",
            name,
            r.stated.map_or_else(|| "-".to_string(), |n| n.to_string()),
            r.counted,
            r.difference().unwrap_or_default(),
            if r.differs() { "*" } else { " " }
        );
    }
}

/// "C Completed" for a status, "actions in the plan" for the total.
fn count_row_name(r: &CountComparison) -> String {
    if r.what == "-" || r.name.ends_with("in the plan") {
        r.name.clone()
    } else {
        format!("{} {}", r.what, r.name)
    }
}

/// A CSV cell: guarded against being run as a formula (`interchange::sheet::guard`), and
/// quoted where it holds a comma, a quote or a line break.
pub(crate) fn csv_field(s: &str) -> String {
    let s = crate::interchange::sheet::guard(s);
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv(s: &Summary) -> String {
    let mut out = String::from("priority,title,period,label,mean,rated,total,partial");
    for l in &s.labels {
        let _ = write!(out, ",{}", csv_field(&format!("level_{l}")));
    }
    out.push_str(
        ",dot,compared_with,rated_in_both,judgement,published,recomputed_as_published,differs\n",
    );
    for row in all_rows(s) {
        for c in &row.cells {
            // A group's row says so ("Priority 1"): its id alone would read as a priority's.
            let id = match &row.level {
                Some(level) => format!("{level} {}", row.id),
                None => row.id.clone(),
            };
            let _ = write!(
                out,
                "{},{},{},{},{},{},{},{}",
                csv_field(&id),
                csv_field(&row.title),
                csv_field(&c.period),
                csv_field(&c.label),
                c.mean
                    .map_or_else(String::new, |m| figures::fixed(m, s.decimals)),
                c.rated,
                c.total,
                if c.partial { "yes" } else { "no" }
            );
            for n in &c.counts {
                let _ = write!(out, ",{n}");
            }
            let _ = write!(
                out,
                ",{},{},{},{}",
                c.dot.map_or("", Dot::word),
                csv_field(c.travel.as_ref().map_or("", |t| t.from.as_str())),
                opt(c.travel.as_ref().map(|t| t.both)),
                opt(c.judgement)
            );
            // The published table beside the recomputed one, on the rows it covers.
            match s
                .published
                .as_ref()
                .and_then(|p| p.figure(&row.id, &c.period))
            {
                Some(f) => {
                    let _ = writeln!(
                        out,
                        ",{:.1},{},{}",
                        f.published,
                        f.computed
                            .map_or_else(String::new, |m| figures::fixed(m, s.decimals + 1)),
                        if f.differs() { "yes" } else { "no" }
                    );
                }
                None => out.push_str(",,,\n"),
            }
        }
    }
    out
}

/// The summary in Markdown; plan text goes through `md` here and the whole through
/// `markdown::inert` (see `super::markdown`).
fn markdown(s: &Summary) -> String {
    let mut out = markdown_body(s);
    if !s.proposed.is_empty() {
        out.push('\n');
        proposed(s, &mut out);
    }
    out
}

fn markdown_body(s: &Summary) -> String {
    use super::markdown::cell as md;
    let priority = &md(&s.names.priority);
    let mut out = format!(
        "## {}: summary by {}\n\n",
        md(&s.plan),
        priority.to_lowercase()
    );
    if let Some(nothing) = &s.nothing_to_rate {
        let _ = writeln!(out, "{}.", md(&crate::model::names::capitalised(nothing)));
        return out;
    }
    let levels: String = s.labels.iter().map(|l| format!(" {} |", md(l))).collect();
    let seps: String = s.levels.iter().map(|_| "--:|").collect();
    let actions = LevelNames::plural(&s.names.action);
    let _ = writeln!(
        out,
        "A mean from fewer than {} of the {actions} rated is partial. Direction of travel: on the {actions} rated in both periods, vs the latest earlier period with ratings.\n",
        figures::share_words(s.threshold)
    );
    let _ = writeln!(
        out,
        "| {priority} | Period | Mean | Rated |{levels} Direction of travel | Board |"
    );
    let _ = writeln!(out, "|---|---|--:|--:|{seps}---|--:|");
    for row in all_rows(s) {
        for (i, c) in row.cells.iter().enumerate() {
            let counts: String = c.counts.iter().map(|n| format!(" {n} |")).collect();
            let name = match (i, row.id.as_str()) {
                (0, "all") => format!("**{}**", md(&row.title)),
                (0, _) => md(&Summary::row_name(row)),
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {}/{}{} |{counts} {} | {} |",
                name,
                md(&c.label),
                s.mean_cell(c),
                c.rated,
                c.total,
                if c.partial && s.categorical {
                    " (partial)"
                } else {
                    ""
                },
                s.travel_text(c, None),
                opt(c.judgement)
            );
        }
    }
    if let Some(p) = &s.published {
        let cols = p.columns();
        let mut head = String::from("\n### Published summary beside recomputed\n\n| Priority |");
        let mut rule = String::from("|---|");
        for c in &cols {
            let _ = write!(head, " Published {} | Recomputed |", md(c));
            rule.push_str("--:|--:|");
        }
        let _ = writeln!(out, "{head}\n{rule}");
        for r in &p.rows {
            let id = if r.id == "all" {
                mean_of_means_title(&s.names)
            } else {
                r.id.clone()
            };
            let mut line = format!("| {} |", md(&id));
            for c in &cols {
                if let Some(f) = p.figure(&r.id, c) {
                    let star = if f.differs() { " *" } else { "" };
                    let _ = write!(
                        line,
                        " {:.1} | {}{star} |",
                        f.published,
                        s.mean_text_fine(f.computed)
                    );
                }
            }
            let _ = writeln!(out, "{line}");
        }
        let _ = writeln!(
            out,
            "\n\\* differs from the published figure by more than {TOLERANCE}. Recomputed to one decimal more than published, so rounding shows."
        );
    }
    if let Some(pc) = &s.published_counts {
        let _ = writeln!(
            out,
            "\n### Stated in the source beside counted from the rows ({})\n\n> {}\n\n| | Stated | Counted | Difference |\n|---|--:|--:|--:|",
            md(&pc.label),
            md(&pc.quote)
        );
        for r in &pc.rows {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {}{} |",
                md(&count_row_name(r)),
                r.stated.map_or_else(|| "-".to_string(), |n| n.to_string()),
                r.counted,
                r.difference().unwrap_or_default(),
                if r.differs() { " *" } else { "" }
            );
        }
        let _ = writeln!(out, "\n\\* the rows do not give the stated figure.");
    }
    if let Some(ms) = &s.milestones {
        let _ = writeln!(
            out,
            "\n### Key milestones at {}\n\n| {} | Done | Due | Overdue | No date |\n|---|--:|--:|--:|--:|",
            ms.date.format("%-d %b %Y"),
            priority
        );
        for r in &ms.rows {
            let c = &r.counts;
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                if r.id == "all" {
                    "**Overall**".to_string()
                } else {
                    format!("{}. {}", md(&r.id), md(&r.title))
                },
                c.done,
                c.due,
                c.overdue,
                c.undated
            );
        }
    }
    out
}
