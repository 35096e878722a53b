//! Matters arising: the agreed actions of earlier meetings still open (and any the meeting
//! closed), then the decisions and agreed actions of this meeting, one line each; the
//! selected one in full below the list.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::findbar::fit;
use crate::app::{App, find};
use crate::model::Decision;
use crate::model::minutes::{self, Arising};

/// From this inner width the owner and due date get columns of their own.
const WIDE: usize = 120;

/// A status with a symbol, so colour is never the only signal.
fn status(d: &Decision) -> String {
    format!("{} {}", d.status.symbol(), d.status.word())
}

fn row(app: &App, d: &Decision, selected: bool, width: usize) -> Line<'static> {
    let t = app.theme();
    let item = d.item.clone().unwrap_or_else(|| "plan".into());
    let mut text = format!(
        "{} {:<9}{:<14}{:<9}",
        if selected { "▶" } else { " " },
        status(d),
        crate::model::names::capitalised(d.kind.word()),
        fit(&item, 8)
    );
    if width >= WIDE {
        text.push_str(&format!(
            "{:<16}{:<10}",
            fit(d.owner.as_deref().unwrap_or(""), 15),
            d.due.map(|x| x.human()).unwrap_or_default()
        ));
    }
    let rest = width.saturating_sub(text.chars().count());
    text.push_str(&fit(&d.text, rest));
    let overdue = d.status.is_open() && d.due.is_some_and(|x| x.deadline() < app.today());
    let style = if selected {
        t.selected()
    } else if overdue {
        t.warning()
    } else {
        Style::new()
    };
    Line::from(Span::styled(text, style))
}

/// The list's lines, and which line holds the selected record (to keep it in sight).
fn list(app: &App, a: &Arising, selected: usize, width: usize) -> (Vec<Line<'static>>, usize) {
    let t = app.theme();
    let period = find::arising_period(app);
    let label = app
        .plan()
        .period(period)
        .map_or(period.to_string(), |p| p.label.clone());
    let mut lines = Vec::new();
    let mut at = 0;
    lines.push(Line::from(Span::styled(
        format!(
            "From earlier meetings: {} agreed action(s) open",
            a.open_earlier()
        ),
        t.label(),
    )));
    if a.earlier.is_empty() {
        lines.push(Line::from(Span::styled("  None open.", t.dim())));
    }
    for (i, d) in a.earlier.iter().enumerate() {
        if i == selected {
            at = lines.len();
        }
        lines.push(row(app, d, i == selected, width));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        format!("This meeting ({label}): {} recorded", a.new.len()),
        t.label(),
    )));
    if a.new.is_empty() {
        let key = app
            .keymap()
            .key_for(crate::app::Action::Decide)
            .unwrap_or_else(|| "d".into());
        lines.push(Line::from(Span::styled(
            format!("  None yet: on the agenda, {key} records a decision or agreed action."),
            t.dim(),
        )));
    }
    for (i, d) in a.new.iter().enumerate() {
        let k = a.earlier.len() + i;
        if k == selected {
            at = lines.len();
        }
        lines.push(row(app, d, k == selected, width));
    }
    (lines, at)
}

/// Everything about the selected record.
fn detail(app: &App, d: &Decision, width: usize) -> Vec<Line<'static>> {
    let t = app.theme();
    let plan = app.plan();
    let label = |p: &str| plan.period(p).map_or(p.to_string(), |x| x.label.clone());
    let field = |name: &str, value: String| {
        Line::from(vec![
            Span::styled(format!("{name:<10}"), t.label()),
            Span::raw(value),
        ])
    };
    let mut out = vec![
        Line::from(vec![
            Span::styled(crate::model::names::capitalised(d.kind.word()), t.title()),
            Span::raw(format!("  {}", status(d))),
        ]),
        Line::from(d.text.clone()),
        field(
            "On",
            // On one line where it can be: the item's title cut to what is left of it.
            minutes::item_words(
                plan,
                app.meeting().index(),
                d.item.as_deref(),
                width.saturating_sub(30).max(20),
            ),
        ),
    ];
    let mut who = Vec::new();
    if let Some(o) = &d.owner {
        who.push(o.clone());
    }
    if let Some(due) = d.due {
        let late = d.status.is_open() && due.deadline() < app.today();
        who.push(format!(
            "due {}{}",
            due.human(),
            if late { " (overdue)" } else { "" }
        ));
    }
    if !who.is_empty() {
        out.push(field("Owner", who.join(" · ")));
    }
    out.push(field(
        "Made",
        format!(
            "at {} ({}) by {}",
            label(&d.period),
            d.date.format("%-d %b %Y"),
            d.by
        ),
    ));
    if let Some(c) = &d.closed {
        out.push(field(
            "Closed",
            format!(
                "{} at {} by {}{}",
                d.status.word(),
                label(&c.period),
                c.by,
                c.note
                    .as_ref()
                    .map_or_else(String::new, |n| format!(": {n}"))
            ),
        ));
    }
    out
}

pub fn render(frame: &mut Frame, app: &App, area: Rect, selected: usize) {
    let t = app.theme();
    let a = minutes::arising(app.plan(), find::arising_period(app));
    let detail_h = if area.height >= 30 { 10 } else { 9 };
    let [list_area, detail_area] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(detail_h)]).areas(area);
    let width = list_area.width.saturating_sub(2) as usize;
    let (lines, at) = list(app, &a, selected, width);
    // Keep the selected line in sight.
    let shown = list_area.height.saturating_sub(2) as usize;
    let scroll = at.saturating_sub(shown.saturating_sub(1)) as u16;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border(true))
        .title(" Matters arising and this meeting's decisions ");
    frame.render_widget(
        Paragraph::new(lines).block(block).scroll((scroll, 0)),
        list_area,
    );
    let body = match a.all().nth(selected) {
        Some(d) => detail(app, d, width),
        None => vec![Line::from(Span::styled(
            "No decisions or agreed actions to show.",
            t.dim(),
        ))],
    };
    let block = Block::default().borders(Borders::ALL).title(" Selected ");
    frame.render_widget(
        Paragraph::new(body).block(block).wrap(Wrap { trim: false }),
        detail_area,
    );
}
