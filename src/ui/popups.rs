//! Overlays drawn over the screen: help, the note form, the period chooser, the changes of
//! this meeting, and the prompts (replay, quit, conflict, save as).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::chip;
use crate::app::{App, NoteField, NoteForm, Overlay};

/// A centred box at most `w` wide with `lines` in it, scrolled down `scroll` lines.
fn popup_scrolled(
    frame: &mut Frame,
    app: &App,
    area: Rect,
    title: &str,
    lines: Vec<Line<'static>>,
    w: u16,
    scroll: u16,
) {
    let h = (lines.len() as u16 + 2).min(area.height);
    let w = w.min(area.width);
    let [_, mid, _] = Layout::vertical([
        Constraint::Min(0),
        Constraint::Length(h),
        Constraint::Min(0),
    ])
    .areas(area);
    let [_, rect, _] = Layout::horizontal([
        Constraint::Min(0),
        Constraint::Length(w),
        Constraint::Min(0),
    ])
    .areas(mid);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(app.theme.border(true))
                    .title(format!(" {title} ")),
            ),
        rect,
    );
}

fn popup(frame: &mut Frame, app: &App, area: Rect, title: &str, lines: Vec<Line<'static>>, w: u16) {
    popup_scrolled(frame, app, area, title, lines, w, 0);
}

/// The help, drawn from the same key table that handles keys.
fn help(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let mut lines = vec![
        Line::from(Span::styled("Keys", theme.title())),
        Line::default(),
    ];
    for b in &app.keymap.bindings {
        let keys: Vec<String> = b.keys.iter().map(ToString::to_string).collect();
        lines.push(Line::from(vec![
            Span::styled(format!("{:<16}", keys.join(" ")), theme.label()),
            Span::raw(b.description),
        ]));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        "Ratings show their label as well as their colour; \" - \" is not rated.",
        theme.dim(),
    )));
    let title = "Help · ↑↓ scroll · Esc closes";
    popup_scrolled(frame, app, area, title, lines, 72, app.overlay_scroll);
}

pub fn render(frame: &mut Frame, app: &App, area: Rect) {
    let Some(overlay) = &app.overlay else { return };
    let t = &app.theme;
    match overlay {
        Overlay::Help => help(frame, app, area),
        Overlay::Note(form) => note(frame, app, area, form),
        Overlay::Periods { selected } => {
            let mut lines = vec![
                Line::from("The period ratings are recorded into:"),
                Line::default(),
            ];
            let today = crate::app::period_for(app.today);
            let rows = app
                .plan
                .periods
                .iter()
                .map(|p| {
                    let date = p
                        .date
                        .map(|d| d.format(" (%-d %b %Y)").to_string())
                        .unwrap_or_default();
                    format!("{}{date}", p.label)
                })
                .chain(std::iter::once(format!(
                    "New period for this meeting: {}",
                    today.label
                )));
            for (i, row) in rows.enumerate() {
                let mark = if i == app.period { "◆ " } else { "  " };
                let style = if i == *selected {
                    t.selected()
                } else {
                    ratatui::style::Style::new()
                };
                lines.push(Line::from(Span::styled(format!("{mark}{row}"), style)));
            }
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                "↑↓ choose · Enter record into it · Esc back",
                t.dim(),
            )));
            popup(frame, app, area, "Period", lines, 60);
        }
        Overlay::Changes => {
            let mut lines = Vec::new();
            if app.session.done.is_empty() {
                lines.push(Line::from("No changes yet in this meeting."));
            }
            let saved = app.saved_count();
            let all = app
                .session
                .done
                .iter()
                .enumerate()
                .map(|(i, c)| (c, if i < saved { "saved  " } else { "UNSAVED" }));
            for (c, state) in all {
                let mut spans = vec![
                    Span::styled(format!("{state} "), t.dim()),
                    Span::styled(format!("{} ", c.when.format("%H:%M")), t.dim()),
                    Span::styled(format!("{:<8} ", c.item), t.label()),
                    Span::raw(format!(
                        "{} ",
                        app.plan
                            .period(&c.period)
                            .map_or(c.period.as_str(), |p| p.label.as_str())
                    )),
                    chip::rating(t, &app.plan.scale, c.from, false),
                    Span::raw(" → "),
                    chip::rating(t, &app.plan.scale, c.to, false),
                    Span::styled(format!("  {}", c.who), t.dim()),
                ];
                if c.progress.is_some() {
                    spans.push(Span::raw("  (progress updated)"));
                }
                lines.push(Line::from(spans));
                if let Some(n) = &c.note {
                    lines.push(Line::from(format!("      “{n}”")));
                }
            }
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                format!(
                    "{} saved, {} unsaved · {} in the plan's change log · Esc closes",
                    saved,
                    app.session.done.len() - saved,
                    app.plan.changes.len() + saved
                ),
                t.dim(),
            )));
            let title = "Changes this meeting · ↑↓ scroll";
            popup_scrolled(frame, app, area, title, lines, 90, app.overlay_scroll);
        }
        Overlay::Replay {
            recovered,
            same_plan,
        } => {
            let mut lines = vec![
                Line::from(format!(
                    "{} holds {} unsaved change(s) from an earlier session that did not save.",
                    recovered.path.display(),
                    recovered.unsaved()
                )),
                Line::default(),
            ];
            if !same_plan {
                lines.push(Line::from(Span::styled(
                    "The plan file has changed since they were made: those that no longer fit will be skipped.",
                    t.warning(),
                )));
                lines.push(Line::default());
            }
            lines.push(Line::from(vec![
                Span::styled("r", t.label()),
                Span::raw(" replay them    "),
                Span::styled("d", t.label()),
                Span::raw(" discard them"),
            ]));
            popup(frame, app, area, "Unsaved changes found", lines, 80);
        }
        Overlay::ConfirmQuit => {
            let lines = vec![
                Line::from("There are unsaved changes."),
                Line::default(),
                Line::from(vec![
                    Span::styled("s", t.label()),
                    Span::raw(" save and quit    "),
                    Span::styled("d", t.label()),
                    Span::raw(" discard them and quit    "),
                    Span::styled("Esc", t.label()),
                    Span::raw(" stay"),
                ]),
            ];
            popup(frame, app, area, "Quit?", lines, 70);
        }
        Overlay::Conflict(msg) => {
            let lines = vec![
                Line::from(Span::styled(msg.clone(), t.warning())),
                Line::default(),
                Line::from("Someone else's edit is kept. Your changes are safe in the journal."),
                Line::default(),
                Line::from(vec![
                    Span::styled("s", t.label()),
                    Span::raw(" save yours under another name    "),
                    Span::styled("Esc", t.label()),
                    Span::raw(" back"),
                ]),
            ];
            popup(frame, app, area, "Not saved", lines, 80);
        }
        Overlay::SaveAs { path } => {
            let lines = vec![
                Line::from("Save as (an existing file is never overwritten):"),
                Line::default(),
                Line::from(Span::styled(format!("{path}▏"), t.selected())),
                Line::default(),
                Line::from(Span::styled("Enter save · Esc back", t.dim())),
            ];
            popup(frame, app, area, "Save as", lines, 90);
        }
    }
}

fn note(frame: &mut Frame, app: &App, area: Rect, form: &NoteForm) {
    let t = &app.theme;
    let field = |name: &str, text: &str, active: bool| {
        let mut v = vec![Line::from(Span::styled(name.to_string(), t.label()))];
        let shown = if active {
            format!("{text}▏")
        } else {
            text.to_string()
        };
        let style = if active {
            t.selected()
        } else {
            ratatui::style::Style::new()
        };
        v.push(Line::from(Span::styled(
            if shown.is_empty() { " ".into() } else { shown },
            style,
        )));
        v
    };
    let mut lines = Vec::new();
    if let Some(v) = form.pending {
        lines.push(Line::from(vec![
            Span::raw("Recording "),
            chip::rating(t, &app.plan.scale, Some(v), true),
            Span::raw(format!(
                " for {} in {}: a note is needed as evidence.",
                form.item,
                app.period_label()
            )),
        ]));
        lines.push(Line::default());
    }
    lines.extend(field(
        "Why (kept with the change in the audit trail)",
        &form.reason,
        form.field == NoteField::Reason,
    ));
    lines.push(Line::default());
    lines.extend(field(
        "Progress update",
        &form.progress,
        form.field == NoteField::Progress,
    ));
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        "Tab next field · Enter record · Esc cancel",
        t.dim(),
    )));
    popup(
        frame,
        app,
        area,
        &format!("Note on {}", form.item),
        lines,
        90,
    );
}
