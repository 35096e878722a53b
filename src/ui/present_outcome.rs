//! Presentation of an item in the CYPP shape: where we are now → where we want to be side
//! by side, and the key milestones with their state under them.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::outcome::{self, Outcome};
use crate::app::App;
use crate::model::Ambition;

/// Draw `facts` (measures, lead, due, progress), then baseline → ambition side by side, then
/// the milestones, in `area`, if all of it fits there in full. Returns false, drawing
/// nothing, when it does not: the caller then shows the same content in one scrolling
/// column, so nothing is ever cut off unseen.
pub fn render_if_fits(
    frame: &mut Frame,
    app: &App,
    o: &Outcome,
    facts: Vec<Line<'static>>,
    area: Rect,
) -> bool {
    let t = app.theme();
    // Blank lines around the facts take room the outcome needs.
    let blank = |l: &Line| l.spans.iter().all(|s| s.content.trim().is_empty());
    let mut facts = facts;
    while facts.last().is_some_and(blank) {
        facts.pop();
    }
    while facts.first().is_some_and(blank) {
        facts.remove(0);
    }
    let facts = Paragraph::new(facts).wrap(Wrap { trim: true });
    let facts_h = facts.line_count(area.width) as u16;
    let mut ms = Vec::new();
    if !o.milestones.is_empty() {
        ms.push(Line::default());
        ms.push(Line::from(vec![
            Span::styled("Key milestones", t.label()),
            Span::styled(
                format!(
                    "  ({} at {})",
                    outcome::tally(app, o.milestones),
                    app.today().format("%-d %b %Y")
                ),
                t.dim(),
            ),
        ]));
        ms.extend(outcome::milestone_lines(app, o.milestones, ""));
    }

    let column = |title: Line<'static>, text: Option<&str>| {
        let mut lines = vec![title];
        match text.filter(|s| !s.trim().is_empty()) {
            Some(s) => lines.extend(s.lines().map(|l| Line::from(l.to_string()))),
            None => lines.push(Line::from(Span::styled("(not stated)", t.dim()))),
        }
        Paragraph::new(lines).wrap(Wrap { trim: true })
    };
    let mut head = vec![Span::styled("Where do we want to be", t.label())];
    if let Some(f) = o.ambition.and_then(Ambition::figure) {
        head.push(Span::styled(format!("  target {f}"), t.title()));
    }
    let left = column(
        Line::from(Span::styled("Where are we now", t.label())),
        o.baseline,
    );
    let right = column(Line::from(head), o.ambition.map(|a| a.text.as_str()));
    let columns = |r: Rect| {
        Layout::horizontal([
            Constraint::Percentage(48),
            Constraint::Length(3),
            Constraint::Min(0),
        ])
        .areas::<3>(r)
    };
    let [now_w, _, want_w] = columns(area);
    let cols_h = (left.line_count(now_w.width) as u16).max(right.line_count(want_w.width) as u16);
    let fits = |ms_h: u16| {
        u32::from(facts_h) + u32::from(cols_h) + u32::from(ms_h) <= u32::from(area.height)
    };
    let mut ms_h = Paragraph::new(ms.clone())
        .wrap(Wrap { trim: true })
        .line_count(area.width) as u16;
    // The blank line above the milestones goes first when room is short.
    if !fits(ms_h) && !ms.is_empty() {
        ms.remove(0);
        ms_h -= 1;
    }
    if !fits(ms_h) {
        return false;
    }
    let ms = Paragraph::new(ms).wrap(Wrap { trim: true });
    let [facts_area, cols_area, ms_area] = Layout::vertical([
        Constraint::Length(facts_h),
        Constraint::Length(cols_h),
        Constraint::Length(ms_h),
    ])
    .areas(area);
    frame.render_widget(facts, facts_area);
    let [now, arrow, want_area] = columns(cols_area);
    frame.render_widget(left, now);
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(" →", t.title()))),
        arrow,
    );
    frame.render_widget(right, want_area);
    frame.render_widget(ms, ms_area);
    true
}
