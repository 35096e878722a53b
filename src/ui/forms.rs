//! The forms of the board's records (a decision or agreed action, a milestone's call, a
//! judgement, closing one with a note) and the list of an item's key milestones to call.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::popups::{centred, own_keys};
use crate::app::App;
use crate::app::board::{self, Field, Form, Purpose, Value};
use crate::model::minutes;

/// What the form is about, above its fields.
fn head(app: &App, form: &Form) -> Vec<Line<'static>> {
    let t = app.theme();
    let plan = app.plan();
    let index = app.meeting().index();
    match &form.purpose {
        Purpose::Decide => vec![Line::from(format!(
            "At this meeting ({}): what the board decided, or an action it agreed (with an owner and a due date).",
            app.period_label()
        ))],
        Purpose::Call {
            item,
            index: i,
            kind,
        } => {
            let m = plan.milestones_of(item).and_then(|v| v.get(*i));
            let due = m
                .and_then(|m| m.due_now())
                .map_or_else(|| "no date".to_string(), |d| d.human());
            vec![
                Line::from(vec![
                    Span::styled(format!("Milestone {} of {item}: ", i + 1), t.label()),
                    Span::raw(m.map_or_else(String::new, |m| m.text.clone())),
                    Span::styled(format!(" (due {due})"), t.dim()),
                ]),
                Line::from(format!(
                    "Called {} at this meeting ({}){}",
                    kind.word(),
                    app.period_label(),
                    if *kind == crate::model::CallKind::Changed {
                        "; the old date is kept"
                    } else {
                        ""
                    }
                )),
            ]
        }
        Purpose::Judge { priority, word } => {
            let title = board::judged(plan, priority, app.period_id())
                .map_or_else(String::new, |j| j.title);
            vec![
                Line::from(vec![
                    Span::styled(format!("{word} {priority}: "), t.label()),
                    Span::raw(title),
                ]),
                Line::from(vec![
                    Span::styled(format!("Recomputed in {}: ", app.period_label()), t.label()),
                    Span::raw(board::recomputed(app, priority)),
                ]),
            ]
        }
        Purpose::Settle { id } => match plan.decision(id) {
            Some(d) => vec![
                Line::from(Span::styled(minutes::describe(d), t.label())),
                Line::from(format!(
                    "On {}",
                    minutes::item_words(plan, index, d.item.as_deref(), 60)
                )),
            ],
            None => Vec::new(),
        },
        Purpose::Challenge { item, value } => {
            let level = |r: Option<crate::model::Rating>| {
                r.and_then(|v| plan.scale.level(v)).map_or_else(
                    || "not rated".to_string(),
                    |l| format!("{} {}", l.label, l.name),
                )
            };
            let proposal = plan.proposal(item, app.period_id());
            vec![
                Line::from(vec![
                    Span::styled(format!("{item}: "), t.label()),
                    Span::raw(
                        proposal
                            .map_or_else(String::new, |p| crate::model::proposals::words(plan, p)),
                    ),
                ]),
                Line::from(format!(
                    "The board rates it {} in {}: a challenge, recorded with the board's reason.",
                    level(*value),
                    app.period_label()
                )),
            ]
        }
    }
}

/// A one-line field: its label, its value (with a cursor where typed), its help.
fn line(app: &App, f: &Field, active: bool) -> Line<'static> {
    let t = app.theme();
    let mut spans = vec![Span::styled(format!("{:<10}", f.label), t.label())];
    match &f.value {
        Value::Line(s) => {
            let style = if active { t.selected() } else { Style::new() };
            let cursor = if active { "▏" } else { "" };
            spans.push(Span::styled(format!("{s}{cursor}"), style));
            if !f.help.is_empty() {
                spans.push(Span::styled(format!("  ({})", f.help), t.dim()));
            }
        }
        Value::Pick { options, chosen } => {
            for (i, (key, word)) in options.iter().enumerate() {
                let style = match (i == *chosen, active) {
                    (true, true) => t.selected(),
                    (true, false) => t.label(),
                    _ => t.dim(),
                };
                let mark = if i == *chosen { "◉" } else { "○" };
                spans.push(Span::styled(format!("{mark} "), style));
                spans.push(Span::styled(format!("{key} "), t.label()));
                spans.push(Span::styled(format!("{word}   "), style));
            }
        }
        Value::Text(_) => {}
    }
    Line::from(spans)
}

/// Draw a form: its head, then each field (words in an editor, the rest on a line each),
/// the keys at the bottom.
pub fn form(frame: &mut Frame, app: &App, area: Rect, form: &Form) {
    let t = app.theme();
    let w = 90.min(area.width);
    let inner_w = w.saturating_sub(2);
    let head = Paragraph::new(head(app, form)).wrap(Wrap { trim: false });
    let head_h = head.line_count(inner_w) as u16;
    let mut keys = own_keys(app);
    if form
        .fields
        .iter()
        .any(|f| matches!(f.value, Value::Pick { .. }))
    {
        keys.spans
            .push(Span::styled("    (a letter picks a choice)", t.dim()));
    }
    let hint = Paragraph::new(keys).wrap(Wrap { trim: false });
    let hint_h = hint.line_count(inner_w) as u16;
    // Each words field grows with its text, within what the screen allows.
    let text_rows =
        |e: &crate::app::Editor| (e.text().chars().count() as u16 / inner_w.max(1) + 2).clamp(2, 6);
    let rows: Vec<u16> = form
        .fields
        .iter()
        .map(|f| match &f.value {
            Value::Text(e) => 1 + text_rows(e),
            // A line wraps where its help does not fit.
            _ => Paragraph::new(line(app, f, false))
                .wrap(Wrap { trim: false })
                .line_count(inner_w) as u16,
        })
        .collect();
    let fields_h: u16 = rows.iter().sum();
    let h = (head_h + 1 + fields_h + 1 + hint_h + 2).min(area.height);
    let rect = centred(area, w, h);
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border(true))
        .title(format!(" {} ", form.title(&app.plan().names)));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let mut constraints = vec![Constraint::Length(head_h), Constraint::Length(1)];
    constraints.extend(rows.iter().map(|r| Constraint::Length(*r)));
    constraints.push(Constraint::Min(0));
    constraints.push(Constraint::Length(hint_h));
    let areas = Layout::vertical(constraints).split(inner);
    frame.render_widget(head, areas[0]);
    for (i, f) in form.fields.iter().enumerate() {
        let at = areas[2 + i];
        let active = i == form.focus;
        match &f.value {
            Value::Text(e) => {
                let [label, field] =
                    Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(at);
                frame.render_widget(Paragraph::new(Span::styled(f.label, t.label())), label);
                let mut view = e.clone();
                let style = if active { t.selected() } else { Style::new() };
                let area = view.area_mut();
                area.set_style(style);
                area.set_cursor_line_style(Style::new());
                if !active {
                    area.set_cursor_style(style);
                }
                frame.render_widget(view.widget(), field);
            }
            _ => frame.render_widget(
                Paragraph::new(line(app, f, active)).wrap(Wrap { trim: false }),
                at,
            ),
        }
    }
    frame.render_widget(hint, areas[areas.len() - 1]);
}

/// An item's key milestones, the selected one marked, to call met, missed or a new date.
pub fn milestones(frame: &mut Frame, app: &App, area: Rect, item: &str, selected: usize) {
    let t = app.theme();
    let plan = app.plan();
    let mut lines = vec![
        Line::from(format!(
            "Key milestones of {item}, at {}: choose one, then what the board says of it.",
            app.today().format("%-d %b %Y")
        )),
        Line::default(),
    ];
    for (i, m) in plan.milestones_of(item).into_iter().flatten().enumerate() {
        let state = m.state(app.today());
        let due = m.due_now().map_or_else(|| "-".to_string(), |d| d.human());
        let style = if i == selected {
            t.selected()
        } else {
            Style::new()
        };
        let mut text = format!(
            "{} {} {:<8}{due:<9} {}",
            if i == selected { "▶" } else { " " },
            state.symbol(),
            state.word(),
            m.text
        );
        if let Some(c) = m.last_call() {
            text.push_str(&format!(" [{} at {}]", c.kind.word(), c.period));
        }
        lines.push(Line::from(Span::styled(text, style)));
    }
    lines.push(Line::default());
    lines.push(own_keys(app));
    super::popups::popup(frame, app, area, "Key milestones", lines, 90);
}
