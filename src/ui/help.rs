//! The help overlay, drawn from the same key table that handles keys.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::app::App;

pub fn render(frame: &mut Frame, app: &App, area: Rect) {
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
    let h = (lines.len() as u16 + 2).min(area.height);
    let w = 72.min(area.width);
    let [_, mid, _] = Layout::vertical([
        Constraint::Min(0),
        Constraint::Length(h),
        Constraint::Min(0),
    ])
    .areas(area);
    let [_, popup, _] = Layout::horizontal([
        Constraint::Min(0),
        Constraint::Length(w),
        Constraint::Min(0),
    ])
    .areas(mid);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border(true))
                .title(" Help · ↑↓ scroll · Esc closes "),
        ),
        popup,
    );
}
