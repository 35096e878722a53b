//! The dashboard: the plan's "RAG Summary of all areas" recomputed — priorities × periods
//! of mean ratings with direction of travel, the plan overall both ways, a distribution
//! bar per priority, and the published summary beside the recomputed one. Every figure
//! comes from `report::Summary::build`, the function `ragboard summary` prints.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::chip;
use super::findbar::fit;
use crate::app::App;
use crate::model::summary::Summary;
use crate::model::summary::{Cell, Comparison, TOLERANCE};
use crate::model::{Plan, Scale};
use crate::ui::theme::Theme;

/// Width of a period column: " 3.3 " and an arrow.
const CELL: usize = 7;
/// What the board's own judgement adds to a column on a wide screen: " b" and a chip.
const BOARD: usize = 5;

pub fn render(frame: &mut Frame, app: &App, area: Rect, row: usize, col: usize) {
    let plan = app.plan();
    // A plan with nothing to rate has no figures: the dashboard says so, not an empty table.
    if let Some(n) = crate::model::names::nothing_to_rate(plan) {
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(app.theme().border(true))
            .title(" Dashboard ");
        let text = format!("{}.", crate::model::names::capitalised(&n));
        frame.render_widget(
            Paragraph::new(text)
                .wrap(ratatui::widgets::Wrap { trim: true })
                .block(block),
            area,
        );
        return;
    }
    // Kept by the app while the dashboard is open; made here only if it is not.
    let made;
    let s = match app.summary() {
        Some(s) => s,
        None => {
            made = Summary::build(plan, None);
            &made
        }
    };
    let t = app.theme();
    // Only the rows in sight are drawn: a council-wide plan has thousands of priorities.
    // Row `k` (priorities, then groups) is on line `1 + k`; the lines scrolled past are
    // left out and the scroll shortened by as many.
    let listed = s.rows.len() + s.groups.len();
    let visible = usize::from(area.height.saturating_sub(2));
    let cursor_line = 1 + row.min(listed);
    let scroll = cursor_line.saturating_sub(visible.saturating_sub(1));
    let skipped = scroll.saturating_sub(1).min(listed);
    let in_sight = |k: usize| k >= skipped && k < skipped + visible;
    let scroll = u16::try_from(scroll - skipped).unwrap_or(u16::MAX);
    let inner = area.width.saturating_sub(2) as usize;
    let n = plan.periods.len();
    let bar_w = (inner / 5).clamp(8, 40);
    let published = s.published.as_ref();
    let pub_w = if published.is_some() { 12 } else { 0 };
    // The board's own judgements, where the plan records any, when there is room for them.
    let board = inner >= 140
        && s.rows
            .iter()
            .any(|r| r.cells.iter().any(|c| c.judgement.is_some()));
    let cell_w = if board { CELL + BOARD } else { CELL };
    let name_w = inner
        .saturating_sub(2 + n * cell_w + pub_w + bar_w + 2)
        .max(8);
    let col_label = plan.periods.get(col).map_or("", |p| p.label.as_str());

    let mut lines = Vec::new();
    // Column heads: the period labels (short form), the published columns, the bar's period.
    let mut head = vec![Span::styled(
        format!("  {:<name_w$}", fit(&plan.names.priority, name_w)),
        t.label(),
    )];
    // A categorical scale's statuses are counted, never averaged: its cells show how many
    // items sit at a complete status, of all.
    let categorical = s.categorical;
    for (i, p) in plan.periods.iter().enumerate() {
        let short = p.label.trim_start_matches("RAG ");
        let style = if i == col {
            t.label().patch(t.selected())
        } else {
            t.label()
        };
        head.push(Span::styled(
            format!("{:^cell_w$}", fit(short, cell_w)),
            style,
        ));
    }
    if published.is_some() {
        // The plan's own "previous" and "current" figures; the legend names the periods.
        head.push(Span::styled(format!("│{:^11}", "published"), t.label()));
    }
    head.push(Span::styled(
        format!(
            " {}",
            fit(
                &format!("by level {}", col_label.trim_start_matches("RAG ")),
                bar_w + 1
            )
        ),
        t.label(),
    ));
    lines.push(Line::from(head));

    let levels = &s.levels;
    let published_rows: std::collections::HashMap<&str, &Comparison> = published
        .map(|p| p.rows.iter().map(|c| (c.id.as_str(), c)).collect())
        .unwrap_or_default();
    for (ri, r) in s.rows.iter().enumerate() {
        if !in_sight(ri) {
            continue;
        }
        let here = ri == row;
        let mut spans = vec![Span::styled(
            format!(
                "{}{:<name_w$}",
                if here { "▶ " } else { "  " },
                fit(&format!("{} {}", r.id, r.title), name_w)
            ),
            if here { t.selected() } else { Style::new() },
        )];
        spans.extend(cells(
            t,
            plan,
            s.decimals,
            &r.cells,
            here.then_some(col),
            board,
        ));
        if published.is_some() {
            spans.extend(published_cells(
                t,
                s,
                published_rows.get(r.id.as_str()).copied(),
            ));
        }
        spans.push(Span::raw(" "));
        if let Some(c) = r.cells.get(col) {
            spans.extend(bar(t, &plan.scale, levels, c, bar_w));
        }
        lines.push(Line::from(spans));
    }
    // The groups above the priorities, in plans that have them.
    let word = plan.names.group();
    for (gi, r) in s.groups.iter().enumerate() {
        if !in_sight(s.rows.len() + gi) {
            continue;
        }
        let here = s.rows.len() + gi == row;
        let mut spans = vec![Span::styled(
            format!(
                "{}{:<name_w$}",
                if here { "▶ " } else { "  " },
                fit(&format!("{word} {} {}", r.id, r.title), name_w)
            ),
            if here {
                t.selected().patch(t.label())
            } else {
                t.label()
            },
        )];
        spans.extend(cells(
            t,
            plan,
            s.decimals,
            &r.cells,
            here.then_some(col),
            board,
        ));
        if published.is_some() {
            spans.push(Span::raw(format!("│{:11}", "")));
        }
        spans.push(Span::raw(" "));
        if let Some(c) = r.cells.get(col) {
            spans.extend(bar(t, &plan.scale, levels, c, bar_w));
        }
        lines.push(Line::from(spans));
    }
    // The plan overall, both ways, labelled.
    let overall_here = row >= s.rows.len() + s.groups.len();
    let mut spans = vec![Span::styled(
        format!(
            "{}{:<name_w$}",
            if overall_here { "▶ " } else { "  " },
            fit(
                &plan.names.reword(if categorical {
                    "All actions (complete)"
                } else {
                    "All actions (mean)"
                }),
                name_w
            )
        ),
        if overall_here {
            t.selected().patch(t.title())
        } else {
            t.title()
        },
    )];
    spans.extend(cells(
        t,
        plan,
        s.decimals,
        &s.overall.cells,
        overall_here.then_some(col),
        board,
    ));
    if published.is_some() {
        spans.push(Span::raw(format!("│{:11}", "")));
    }
    spans.push(Span::raw(" "));
    if let Some(c) = s.overall.cells.get(col) {
        spans.extend(bar(t, &plan.scale, levels, c, bar_w));
    }
    lines.push(Line::from(spans));
    let cursor_cell = selected_cell(s, row).and_then(|r| Some((r, r.cells.get(col)?)));
    if categorical {
        // The bar's letters: each status by the first letter of its label not already taken.
        let key: Vec<String> = plan
            .scale
            .levels
            .iter()
            .map(|l| format!("{} {}", symbol(&plan.scale, l.value), l.name))
            .collect();
        lines.push(Line::from(Span::styled(
            fit(&format!("  bar: {} · · no status", key.join(", ")), inner),
            t.dim(),
        )));
        if let Some((r, c)) = cursor_cell {
            lines.extend(cell_lines(t, plan, s, r, c, inner));
        }
        stated_beside_counted(&mut lines, t, s, inner);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(t.border(true))
            .title(
                " Dashboard · statuses of all areas (complete of all; counted, never averaged) ",
            );
        frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), area);
        return;
    }
    let mut spans = vec![Span::styled(
        format!(
            "  {:<name_w$}",
            fit(&plan.names.reword("Mean of priorities"), name_w)
        ),
        t.title(),
    )];
    // No direction of travel here: this row is set beside the published table, and a mean
    // of means over the priorities rated in each period is not like for like.
    for m in &s.mean_of_means {
        let chip = chip::mean_at(t, plan, s.decimals, m.mean, m.partial);
        let w = chip.content.chars().count();
        spans.push(chip);
        spans.push(Span::raw(" ".repeat(cell_w.saturating_sub(w))));
    }
    if let Some(p) = published {
        spans.extend(published_cells(t, s, p.rows.iter().find(|c| c.id == "all")));
    }
    lines.push(Line::from(spans));
    if let Some((r, c)) = cursor_cell {
        lines.extend(cell_lines(t, plan, s, r, c, inner));
    }
    let share = crate::model::figures::share_words(s.threshold);
    let legend = [
        format!(
            "  ▲▼► on the actions rated in both, vs the latest earlier period with ratings · (2.4) partial: fewer than {share} rated"
        ),
        format!("  ▲▼► like for like · (2.4) partial: fewer than {share} rated"),
    ]
    .map(|l| plan.names.reword(&l));
    let legend = legend
        .iter()
        .find(|l| l.chars().count() <= inner)
        .unwrap_or(&legend[1]);
    lines.push(Line::from(Span::styled(fit(legend, inner), t.dim())));
    // Leads' proposals for the meeting's period: the figures above count agreed ones only.
    let counts = match app.standings() {
        Some(s) => {
            crate::model::figures::proposal_counts_of(app.meeting().index().action_count(), s)
        }
        None => crate::model::figures::proposal_counts(
            plan,
            app.period_id(),
            app.meeting().log().map(|(c, _)| c),
        ),
    };
    if let Some(w) = counts.words(&plan.names, app.period_label()) {
        lines.push(Line::from(Span::styled(
            fit(&format!("  {w}"), inner),
            t.dim(),
        )));
    }
    if let Some(p) = published {
        lines.push(Line::from(Span::styled(
            format!(
                "  published ({}, {}) * differs by >{TOLERANCE}",
                short_label(plan, &p.previous),
                short_label(plan, &p.current)
            ),
            t.dim(),
        )));
    }

    lines.push(Line::from(Span::styled(
        plan.names.reword(&format!(
            "  All actions: each counts once · Mean of priorities: as the published table{}",
            if board {
                " · b3: the board's own judgement"
            } else {
                ""
            }
        )),
        t.dim(),
    )));
    // The published table beside the recomputed one, to one decimal more than published.
    if let Some(p) = published {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            format!(
                "  Published beside recomputed (previous {}, current {})",
                short_label(plan, &p.previous),
                short_label(plan, &p.current)
            ),
            t.label(),
        )));
        lines.push(Line::from(Span::styled(
            format!(
                "  {:<9}{:>10}{:>11}  {:>10}{:>11}",
                "priority", "published", "recomputed", "published", "recomputed"
            ),
            t.dim(),
        )));
        for c in &p.rows {
            // Lines below the box are never seen: a plan-wide table stops at its edge.
            if lines.len() > usize::from(scroll) + visible {
                break;
            }
            let mark = |d: bool| if d { "*" } else { " " };
            let text = |m: Option<f64>| s.mean_text_fine(m);
            let mut spans = vec![Span::raw(format!(
                "  {:<9}{:>10.1}{:>10}",
                if c.id == "all" { "overall" } else { &c.id },
                c.published_previous,
                text(c.computed_previous)
            ))];
            spans.push(diff_mark(t, c.previous_differs(), mark));
            spans.push(Span::raw(format!(
                "  {:>10.1}{:>10}",
                c.published_current,
                text(c.computed_current)
            )));
            spans.push(diff_mark(t, c.current_differs(), mark));
            lines.push(Line::from(spans));
        }
        lines.push(Line::from(Span::styled(
            "  overall recomputed as the mean of the priorities' means, as the published table does",
            t.dim(),
        )));
    }

    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border(true))
        .title(" Dashboard · RAG summary of all areas (mean of rated actions) ");
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), area);
}

/// The totals the source states beside those counted from the rows, differences marked.
fn stated_beside_counted(lines: &mut Vec<Line<'static>>, t: &Theme, s: &Summary, width: usize) {
    let Some(pc) = &s.published_counts else {
        return;
    };
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        format!(
            "  Stated in the source beside counted from the rows ({})",
            pc.label
        ),
        t.label(),
    )));
    // The source's words, wrapped to the box (never cut).
    let quote = format!("\u{201c}{}\u{201d}", pc.quote);
    let mut line = String::new();
    for word in quote.split_whitespace() {
        if !line.is_empty()
            && line.chars().count() + 1 + word.chars().count() > width.saturating_sub(4)
        {
            lines.push(Line::from(Span::styled(format!("  {line}"), t.dim())));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(Line::from(Span::styled(format!("  {line}"), t.dim())));
    }
    lines.push(Line::from(Span::styled(
        format!(
            "  {:<26}{:>8}{:>9}{:>12}",
            "", "stated", "counted", "difference"
        ),
        t.dim(),
    )));
    for r in &pc.rows {
        let name = if r.what == "-" || r.name.ends_with("in the plan") {
            r.name.clone()
        } else {
            format!("{} {}", r.what, r.name)
        };
        let mut spans = vec![Span::raw(format!(
            "  {:<26}{:>8}{:>9}{:>11}",
            fit(&name, 26),
            r.stated.map_or_else(|| "-".to_string(), |n| n.to_string()),
            r.counted,
            r.difference().unwrap_or_default()
        ))];
        spans.push(diff_mark(t, r.differs(), |d| if d { "*" } else { " " }));
        lines.push(Line::from(spans));
    }
    lines.push(Line::from(Span::styled(
        "  * the rows do not give the stated figure",
        t.dim(),
    )));
}

/// A period's label without the "RAG " every column shares.
fn short_label(plan: &crate::model::Plan, id: &str) -> String {
    plan.period(id)
        .map_or(id, |x| x.label.as_str())
        .trim_start_matches("RAG ")
        .to_string()
}

fn diff_mark(t: &Theme, differs: bool, mark: impl Fn(bool) -> &'static str) -> Span<'static> {
    if differs {
        Span::styled(mark(true), t.warning())
    } else {
        Span::raw(mark(false))
    }
}

/// The summary row under the cursor: a priority's, a group's, or the plan overall.
fn selected_cell(s: &Summary, row: usize) -> Option<&crate::model::summary::Row> {
    s.rows
        .get(row)
        .or_else(|| s.groups.get(row - s.rows.len().min(row)))
        .or(Some(&s.overall))
}

/// What the cursor's cell stands on, in words: "Priority 1 in RAG 07/18: 3.0 from 1 of 8
/// actions, partial · ▼ down on 1 rated in both vs RAG 01/18", on two lines where one is
/// too narrow.
fn cell_lines(
    t: &Theme,
    plan: &Plan,
    s: &Summary,
    row: &crate::model::summary::Row,
    c: &Cell,
    width: usize,
) -> Vec<Line<'static>> {
    let who = if row.id == "all" {
        plan.names.reword("All actions")
    } else {
        format!(
            "{} {}",
            row.level.as_deref().unwrap_or(&plan.names.priority),
            row.id
        )
    };
    let of = crate::model::figures::of_actions(&plan.names, c.rated, c.total);
    let figure = match c.mean {
        Some(m) => format!("{} from {of}", s.mean_text(Some(m))),
        None if c.rated > 0 => format!("{} complete, {of} rated", c.complete),
        None => format!("none of {} rated", c.total),
    };
    let mut text = format!("  {who} in {}: {figure}", c.label);
    if c.partial {
        text.push_str(", partial");
    }
    let style = if c.partial { t.warning() } else { t.label() };
    let travel = s.travel_text(c, None);
    let line = |text: &str| Line::from(Span::styled(fit(text, width), style));
    let mut out = if travel.is_empty() {
        vec![line(&text)]
    } else if text.chars().count() + 3 + travel.chars().count() <= width {
        vec![line(&format!("{text} · {travel}"))]
    } else {
        vec![line(&text), line(&format!("    {travel}"))]
    };
    // The board's own judgement beside the recomputed figure, at any width.
    if let Some(j) = c.judgement {
        out.push(Line::from(vec![
            Span::styled("    the board's own judgement:", t.label()),
            chip::rating(t, &plan.scale, Some(j), true),
        ]));
    }
    out
}

/// One row's period cells: mean chip and arrow, and with `board` the board's own
/// judgement ("b 3"); the cursor's cell marked.
fn cells(
    t: &Theme,
    plan: &Plan,
    decimals: usize,
    cells: &[Cell],
    cursor: Option<usize>,
    board: bool,
) -> Vec<Span<'static>> {
    let scale = &plan.scale;
    let mut out = Vec::new();
    for (i, c) in cells.iter().enumerate() {
        let mut chip = if scale.averages() || c.rated == 0 {
            chip::mean_at(t, plan, decimals, c.mean, c.partial)
        } else if c.partial {
            Span::styled(format!("({}/{}✓)", c.complete, c.total), t.unrated())
        } else {
            Span::styled(format!(" {}/{}✓", c.complete, c.total), t.label())
        };
        let chip_w = chip.content.chars().count();
        if cursor == Some(i) {
            chip = chip.patch_style(t.found());
        }
        out.push(chip);
        let arrow = c.dot.map_or("", crate::model::rollup::Dot::arrow);
        let pad = CELL.saturating_sub(chip_w);
        out.push(Span::raw(format!("{arrow:<pad$}")));
        if board {
            match c.judgement {
                Some(j) => {
                    out.push(Span::styled(" b", t.dim()));
                    out.push(chip::rating(t, scale, Some(j), false));
                }
                None => out.push(Span::raw(" ".repeat(BOARD))),
            }
        }
    }
    out
}

/// The published figures for a row (at the plan's precision, which is the published
/// table's unless the plan says), "*" where they differ from the recomputed ones.
fn published_cells(t: &Theme, s: &Summary, c: Option<&Comparison>) -> Vec<Span<'static>> {
    let Some(c) = c else {
        return vec![Span::raw(format!("│{:11}", ""))];
    };
    let mark = |d: bool| if d { "*" } else { " " };
    vec![
        Span::raw(format!("│{:>5}", s.mean_text(Some(c.published_previous)))),
        diff_mark(t, c.previous_differs(), mark),
        Span::raw(format!("{:>4}", s.mean_text(Some(c.published_current)))),
        diff_mark(t, c.current_differs(), mark),
    ]
}

/// How many actions sit at each level (and how many are not rated), as a bar `w` wide:
/// each level's share drawn with its label in its colour, "·" for not rated.
fn bar(
    t: &Theme,
    scale: &Scale,
    levels: &[crate::model::Rating],
    c: &Cell,
    w: usize,
) -> Vec<Span<'static>> {
    let mut parts: Vec<(Option<crate::model::Rating>, usize)> = levels
        .iter()
        .zip(&c.counts)
        .map(|(l, n)| (Some(*l), *n))
        .collect();
    parts.push((None, c.total - c.rated));
    let total = c.total.max(1);
    let widths = shares(&parts.iter().map(|p| p.1).collect::<Vec<_>>(), total, w);
    let mut out = Vec::new();
    for ((level, _), width) in parts.iter().zip(widths) {
        if width == 0 {
            continue;
        }
        match level.and_then(|l| scale.level(l)) {
            Some(l) => {
                let ch = symbol(scale, l.value);
                out.push(Span::styled(ch.to_string().repeat(width), t.rating(l)));
            }
            None => out.push(Span::styled("·".repeat(width), t.unrated())),
        }
    }
    out
}

/// The one character a level is drawn with in a bar: the first of its label not already
/// used by an earlier level ("C" Completed, "F" for "CF" Carried forward).
fn symbol(scale: &Scale, value: crate::model::Rating) -> char {
    let mut taken = Vec::new();
    for l in &scale.levels {
        let ch = l.label.chars().find(|c| !taken.contains(c)).unwrap_or('#');
        if l.value == value {
            return ch;
        }
        taken.push(ch);
    }
    '#'
}

/// Split `w` cells among counts in proportion (largest remainder), at least one cell for
/// any count above zero while room lasts.
fn shares(counts: &[usize], total: usize, w: usize) -> Vec<usize> {
    let exact: Vec<f64> = counts
        .iter()
        .map(|&n| n as f64 * w as f64 / total as f64)
        .collect();
    let mut out: Vec<usize> = exact
        .iter()
        .zip(counts)
        .map(|(e, &n)| {
            if n > 0 {
                (e.floor() as usize).max(1)
            } else {
                0
            }
        })
        .collect();
    let used: usize = out.iter().sum();
    let mut order: Vec<usize> = (0..counts.len()).filter(|&i| counts[i] > 0).collect();
    order.sort_by(|&a, &b| (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor())));
    // The cells left go to the largest remainders.
    for &i in order.iter().cycle().take(w.saturating_sub(used)) {
        out[i] += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_fill_the_bar_in_proportion() {
        assert_eq!(shares(&[1, 1, 2], 4, 8), [2, 2, 4]);
        assert_eq!(
            shares(&[0, 3, 37, 38, 17, 0], 95, 20).iter().sum::<usize>(),
            20
        );
        // A small count still shows.
        let s = shares(&[1, 99], 100, 10);
        assert!(s[0] >= 1 && s.iter().sum::<usize>() == 10, "{s:?}");
    }
}
