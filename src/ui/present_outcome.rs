//! Presentation of an item in the CYPP shape: where we are now → where we want to be side
//! by side, and the key milestones with their state under them.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::outcome::{self, Outcome};
use crate::app::App;
use crate::model::Ambition;

/// Draw `facts` (measures, lead, due), then baseline → ambition, then the milestones, in
/// `area`. Milestones that do not fit are counted in a last line, never silently cut.
pub fn render(frame: &mut Frame, app: &App, o: &Outcome, facts: Vec<Line<'static>>, area: Rect) {
    let t = &app.theme;
    let facts_h = Paragraph::new(facts.clone())
        .wrap(Wrap { trim: true })
        .line_count(area.width) as u16;
    let head = Line::from(vec![
        Span::styled("Key milestones", t.label()),
        Span::styled(
            format!(
                "  ({} at {})",
                outcome::tally(app, o.milestones),
                app.today.format("%-d %b %Y")
            ),
            t.dim(),
        ),
    ]);
    let mut all = vec![Line::default(), head];
    all.extend(outcome::milestone_lines(app, o.milestones, ""));
    let wrapped = Paragraph::new(all.clone()).wrap(Wrap { trim: true });
    // Wrapped when there is room for every milestone in full, else one line each.
    let want = if o.milestones.is_empty() {
        0
    } else {
        wrapped.line_count(area.width) as u16
    };
    let columns = |r: Rect| {
        Layout::horizontal([
            Constraint::Percentage(48),
            Constraint::Length(3),
            Constraint::Min(0),
        ])
        .areas::<3>(r)
    };
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
    let [now_w, _, want_w] = columns(area);
    let cols_need =
        (left.line_count(now_w.width) as u16).max(right.line_count(want_w.width) as u16);
    // The columns get what they need and the milestones the rest, but the milestones keep
    // at least half the room when both cannot fit.
    let rest = area.height.saturating_sub(facts_h);
    let ms_h = if cols_need + want <= rest {
        want
    } else {
        want.min(rest.saturating_sub(cols_need))
            .max(want.min(rest / 2))
    };
    let [facts_area, cols_area, ms_area] = Layout::vertical([
        Constraint::Length(facts_h.min(area.height)),
        Constraint::Min(0),
        Constraint::Length(ms_h),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(facts).wrap(Wrap { trim: true }), facts_area);
    let [now, arrow, want_area] = columns(cols_area);
    frame.render_widget(left, now);
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(" →", t.title()))),
        arrow,
    );
    frame.render_widget(right, want_area);

    if ms_h == 0 {
        return;
    }
    if ms_h >= want {
        frame.render_widget(wrapped, ms_area);
        return;
    }
    let room = ms_h.saturating_sub(2) as usize;
    let mut lines: Vec<Line<'static>> = all.iter().take(2).cloned().collect();
    let rows: Vec<Line<'static>> = all.into_iter().skip(2).collect();
    if rows.len() <= room {
        lines.extend(rows);
    } else {
        let shown = room.saturating_sub(1);
        lines.extend(rows.into_iter().take(shown));
        lines.push(Line::from(Span::styled(
            format!(
                "… {} more milestones (the detail view lists them all)",
                o.milestones.len() - shown
            ),
            t.dim(),
        )));
    }
    // One line each: a long milestone is cut at the edge rather than pushing others off.
    frame.render_widget(Paragraph::new(lines), ms_area);
}
