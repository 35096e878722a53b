//! Draws the app state with ratatui widgets. Reads the state, never changes it.

mod chip;
mod detail;
pub mod loading;
mod outline;
mod popups;
mod present;

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::app::{App, Focus};
use crate::model::Node;
use crate::model::Plan;

pub use crate::app::{MIN_HEIGHT, MIN_WIDTH};
/// Below this width the outline and detail share the screen by turns (Tab switches).
const TWO_PANE_WIDTH: u16 = 80;

pub fn render(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = format!(
            "Terminal too small: {}x{}. ragboard needs at least {MIN_WIDTH}x{MIN_HEIGHT}. Keys are ignored until the window is larger.",
            area.width, area.height
        );
        frame.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), area);
        return;
    }
    let banner = Paragraph::new(banner(app))
        .style(app.theme.warning())
        .wrap(Wrap { trim: true });
    // Wrapped, so the whole warning shows; at most a third of the screen.
    let banner_h = (banner.line_count(area.width) as u16).min(area.height / 3);
    let [header, banner_area, body, footer] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(banner_h),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    render_header(frame, app, header);
    frame.render_widget(banner, banner_area);
    if app.presenting {
        present::render(frame, app, body);
    } else if body.width >= TWO_PANE_WIDTH {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(42), Constraint::Percentage(58)])
                .areas(body);
        outline::render(frame, app, left);
        detail::render(frame, app, right);
    } else if app.focus == Focus::Outline {
        outline::render(frame, app, body);
    } else {
        detail::render(frame, app, body);
    }
    render_footer(frame, app, footer);
    popups::render(frame, app, area);
}

fn render_header(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    frame.render_widget(Block::default().style(theme.header()), area);
    let [top, bottom] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    // A past period is marked, so a rating there is never mistaken for today's.
    let past = if app.in_past_period() {
        if app.meeting.is_correcting(app.period_id()) {
            " CORRECTING PAST PERIOD"
        } else {
            " (past)"
        }
    } else {
        ""
    };
    let right = Line::from(vec![
        Span::raw(format!("  Period {}", app.period_label())),
        Span::styled(past, theme.warning()),
        Span::raw(format!(" · Meeting {} ", app.today.format("%-d %b %Y"))),
    ]);
    let right_w = right.width() as u16;
    let [title_area, right_area] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(right_w)]).areas(top);
    let mut title = vec![Span::raw(format!(" {}", app.plan().title))];
    if app.dirty() {
        title.push(Span::styled(
            format!("  ● {} unsaved", app.meeting.unsaved()),
            theme.warning(),
        ));
    }
    frame.render_widget(
        Paragraph::new(Line::from(title)).style(theme.header()),
        title_area,
    );
    frame.render_widget(Paragraph::new(right).style(theme.header()), right_area);

    let position = format!(
        "Item {} of {} · {} to review ",
        app.item_number(),
        app.item_count(),
        app.to_review()
    );
    let pos_w = position.chars().count() as u16;
    let [crumb_area, pos_area] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(pos_w)]).areas(bottom);
    frame.render_widget(
        Paragraph::new(format!(" {}", breadcrumb(app))).style(theme.header()),
        crumb_area,
    );
    frame.render_widget(
        Paragraph::new(position)
            .style(theme.header())
            .alignment(Alignment::Right),
        pos_area,
    );
}

/// Lines that stay on screen while a failure lasts: the journal cannot be written, or the
/// plan is open elsewhere. Never a status line the next key wipes.
fn banner(app: &App) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if let Some(p) = app.meeting.journal_problem() {
        let n = app.meeting.unjournaled();
        lines.push(Line::from(format!(
            " ⚠ NOT SAFE ON DISK: {n} change(s) only in memory: {p}. Retrying; save (C-s) or save as (S) elsewhere."
        )));
    }
    if let Some(holder) = app.meeting.read_only() {
        let who = match holder {
            Some(h) => h.to_string(),
            None => "another copy of ragboard".into(),
        };
        lines.push(Line::from(format!(
            " 🔒 READ-ONLY: {who} has this plan open. You can look, not change."
        )));
    }
    lines
}

/// "Priority 3 › 3.2 › 3.2.4 › measure 2".
pub fn breadcrumb(app: &App) -> String {
    let Some(node) = app.current() else {
        return String::new();
    };
    let mut chain = vec![node];
    while let Some(p) = chain.last().and_then(|n| n.parent()) {
        chain.push(p);
    }
    chain
        .iter()
        .rev()
        .map(|n| match n {
            Node::Priority(p) => format!("Priority {}", app.plan().priorities[*p].id),
            Node::Measure(_, _, _, m) => format!("measure {}", m + 1),
            other => other.id(app.plan()),
        })
        .collect::<Vec<_>>()
        .join(" › ")
}

fn render_footer(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let mut spans = Vec::new();
    if let Some(status) = &app.status {
        spans.push(Span::styled(format!(" {status} "), theme.label()));
        spans.push(Span::raw(" "));
    }
    let levels = &app.plan().scale.levels;
    if let (Some(lo), Some(hi)) = (levels.first(), levels.last()) {
        let letters: String = levels.iter().filter_map(|l| l.key).collect();
        let keys = if letters.is_empty() {
            format!("{}-{}", lo.value, hi.value)
        } else {
            format!("{}-{}/{letters}", lo.value, hi.value)
        };
        spans.push(Span::styled(format!(" {keys}"), theme.label()));
        spans.push(Span::raw(" rate "));
    }
    for (key, hint) in app.keymap.hints() {
        spans.push(Span::styled(format!(" {key}"), theme.label()));
        spans.push(Span::raw(format!(" {hint} ")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The label of an action in lists: its title, or, where several rows share one action
/// (a merged cell in the source), an arrow and its success measure for the rows after the
/// first.
pub fn action_label(plan: &Plan, node: Node) -> String {
    let (p, o, a) = match node {
        Node::Action(p, o, a) | Node::Measure(p, o, a, _) => (p, o, a),
        _ => return String::new(),
    };
    let actions = &plan.priorities[p].objectives[o].actions;
    let ac = &actions[a];
    let repeats = a > 0 && actions[a - 1].title == ac.title;
    match (repeats, ac.measures.first()) {
        (true, Some(m)) => format!("↳ {m}"),
        (true, None) => "↳ (same action)".to_string(),
        _ => ac.title.clone(),
    }
}
