//! Overlays drawn over the screen: help, the note form, the period chooser, the changes of
//! this meeting, and the prompts (replay, quit, conflict, save as).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::chip;
use crate::app::view::Scope;
use crate::app::{App, NoteField, NoteForm, Overlay};

/// A box `w` by `h` in the middle of `area`.
pub(super) fn centred(area: Rect, w: u16, h: u16) -> Rect {
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
    rect
}

/// The open dialog's key line: its letters and keys as the footer lists them (one list,
/// from the key table, `app::hints`).
pub(super) fn own_keys(app: &App) -> Line<'static> {
    let keys = crate::app::hints(app);
    let keys: Vec<(&str, &str)> = keys.iter().map(|(k, w)| (k.as_str(), w.as_str())).collect();
    keys_line(app.theme(), &keys)
}

/// A dialog's key line: each key in the label style, then what it does.
fn keys_line(t: &crate::ui::theme::Theme, keys: &[(&str, &str)]) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, (key, what)) in keys.iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw("    "));
        }
        spans.push(Span::styled(key.to_string(), t.label()));
        spans.push(Span::raw(format!(" {what}")));
    }
    Line::from(spans)
}

/// A centred box at most `w` wide, tall enough for `lines` as wrapped (up to the screen),
/// scrolled down `scroll` lines. How far its text can scroll.
fn popup_scrolled(
    frame: &mut Frame,
    app: &App,
    area: Rect,
    title: &str,
    lines: Vec<Line<'static>>,
    w: u16,
    scroll: u16,
) -> u16 {
    let w = w.min(area.width);
    let lines_len = lines.len();
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme().border(true))
        .title(format!(" {title} "));
    // The last line holds the keys: it stays at the bottom even when the rest must be cut
    // or scrolled on a small screen.
    // Continuation rows hang under their text, as in the detail pane.
    let mut lines = lines;
    let keys = Paragraph::new(lines.pop().unwrap_or_default()).wrap(Wrap { trim: false });
    let lines = super::wrap::hanging(lines, w.saturating_sub(2));
    let keys_h = keys.line_count(w.saturating_sub(2)) as u16;
    let para = Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(block);
    // Sized to the wrapped text (and the keys), up to the screen. Every line takes a row at
    // least: with more lines than the screen has rows the box is the whole height, and the
    // text need not be wrapped twice to know it (a long change log).
    let h = if lines_len + 1 + usize::from(keys_h) >= usize::from(area.height) {
        area.height
    } else {
        (para.line_count(w) as u16 + keys_h).min(area.height)
    };
    let rect = centred(area, w, h);
    let text_rows = para.line_count(w).saturating_sub(2) as u16;
    let shown = rect.height.saturating_sub(2 + keys_h);
    let max_scroll = text_rows.saturating_sub(shown);
    frame.render_widget(Clear, rect);
    frame.render_widget(para.scroll((scroll, 0)), rect);
    let inner = rect.inner(ratatui::layout::Margin::new(1, 1));
    let keys_h = keys_h.min(inner.height);
    let keys_area = Rect {
        y: inner.bottom().saturating_sub(keys_h),
        height: keys_h,
        ..inner
    };
    frame.render_widget(Clear, keys_area);
    frame.render_widget(keys, keys_area);
    max_scroll
}

pub(super) fn popup(
    frame: &mut Frame,
    app: &App,
    area: Rect,
    title: &str,
    lines: Vec<Line<'static>>,
    w: u16,
) {
    popup_scrolled(frame, app, area, title, lines, w, 0);
}

/// The help, drawn from the same key table that handles keys.
fn help(frame: &mut Frame, app: &App, area: Rect) -> u16 {
    let theme = app.theme();
    let mut lines = Vec::new();
    let binding = |b: &crate::app::keymap::Binding| {
        let keys: Vec<String> = b.keys.iter().map(ToString::to_string).collect();
        Line::from(vec![
            Span::styled(format!("{:<16}", keys.join(" ")), theme.label()),
            Span::raw(app.plan().names.reword(b.description)),
        ])
    };
    lines.push(Line::from(Span::styled("Marks", theme.title())));
    for (mark, meaning) in [
        ("!", "overdue: due before the meeting date and not complete"),
        ("✓", "reviewed at this meeting (x; rating or noting counts)"),
        ("◆", "the active period, that ratings are recorded into"),
        ("▸ ▾", "collapsed / expanded (Enter, or - for every level)"),
        (
            "↳",
            "a further row of the action above (a merged cell in the source)",
        ),
        ("▲ ▼ ►", "better / worse / same as the period before"),
        ("-", "not rated"),
    ] {
        lines.push(Line::from(vec![
            Span::styled(format!("{mark:<16}"), theme.label()),
            Span::raw(meaning),
        ]));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        "Ratings show their label as well as their colour.",
        theme.dim(),
    )));
    lines.push(Line::default());
    lines.push(Line::from(Span::styled("Keys", theme.title())));
    lines.push(Line::default());
    // The agenda's keys (presentation takes the same), then what acts in each kind of view.
    for b in app
        .keymap()
        .bindings
        .iter()
        .filter(|b| b.acts_in(Scope::Agenda))
    {
        lines.push(binding(b));
    }
    // Presenting, the same keys; the ones that move on read a long item a page at a time.
    lines.push(Line::from(vec![
        Span::styled(format!("{:<16}", Scope::Present.title()), theme.label()),
        Span::raw("the same keys; those that move on turn a page first"),
    ]));
    for scope in Scope::ALL {
        if matches!(scope, Scope::Agenda | Scope::Present) {
            continue;
        }
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(scope.title(), theme.title())));
        for b in app
            .keymap()
            .bindings
            .iter()
            .filter(|b| b.acts_in(scope) && !matches!(b.action, crate::app::Action::Quit))
        {
            lines.push(binding(b));
        }
        if scope.takes_letters() {
            lines.push(Line::from(Span::raw(
                "                The letters the view lists answer it.",
            )));
        }
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::raw(
        "Esc (or q) closes the view on top; q quits only from the agenda.",
    )));
    // The last line stays at the bottom: the keys of this dialog.
    lines.push(own_keys(app));
    let title = "Help";
    popup_scrolled(frame, app, area, title, lines, 72, app.overlay_scroll())
}

/// Draw the open dialog; how far its text can scroll (0 for most).
pub fn render(frame: &mut Frame, app: &App, area: Rect) -> u16 {
    let Some(overlay) = app.overlay() else {
        return 0;
    };
    let t = app.theme();
    let mut max_scroll = 0;
    match overlay {
        Overlay::Help => max_scroll = help(frame, app, area),
        Overlay::About => {
            let title = "About this plan";
            let w = area.width.saturating_sub(4).min(100);
            max_scroll = popup_scrolled(
                frame,
                app,
                area,
                title,
                {
                    let mut lines = super::about::lines(app);
                    lines.push(own_keys(app));
                    lines
                },
                w,
                app.overlay_scroll(),
            );
        }
        Overlay::Note(form) => note(frame, app, area, form),
        Overlay::Form(form) => super::forms::form(frame, app, area, form),
        Overlay::Milestones { item, selected } => {
            super::forms::milestones(frame, app, area, item, *selected)
        }
        Overlay::Periods { selected } => {
            let mut lines = vec![
                Line::from("The period ratings are recorded into:"),
                Line::default(),
            ];
            let today = crate::model::cadence::next_period(app.plan(), app.today());
            let rows = app
                .plan()
                .periods
                .iter()
                .map(|p| {
                    let date = p
                        .date
                        .map(|d| d.format(" (%-d %b %Y)").to_string())
                        .unwrap_or_default();
                    format!("{}{date}", p.label)
                })
                .chain(std::iter::once(
                    match crate::model::meeting_period(app.plan(), app.today()) {
                        Some(i) => {
                            format!("This meeting's period: {}", app.plan().periods[i].label)
                        }
                        None => format!("New period for this meeting: {}", today.label),
                    },
                ));
            for (i, row) in rows.enumerate() {
                let mark = if i == app.period() { "◆ " } else { "  " };
                let style = if i == *selected {
                    t.selected()
                } else {
                    ratatui::style::Style::new()
                };
                lines.push(Line::from(Span::styled(format!("{mark}{row}"), style)));
            }
            lines.push(Line::default());
            lines.push(own_keys(app));
            popup(frame, app, area, "Period", lines, 60);
        }
        Overlay::Changes => {
            let mut lines = Vec::new();
            let total = app.meeting().log().count();
            if total == 0 {
                lines.push(Line::from("No changes recorded in this plan yet."));
            }
            let index = app.meeting().index();
            // Lines are made only down to the bottom of the screen: every line is at least
            // one row, so those above the scroll and one screenful below it are enough,
            // and a log of thousands costs what is shown, not all of it.
            let enough = usize::from(app.overlay_scroll()) + usize::from(area.height);
            for (c, saved) in app.meeting().log() {
                if lines.len() >= enough {
                    break;
                }
                let state = if saved { "saved  " } else { "UNSAVED" };
                let title = if c.judgement {
                    app.plan()
                        .priorities
                        .iter()
                        .find(|p| p.id == c.item)
                        .map_or(String::new(), |p| p.title.clone())
                } else {
                    index
                        .action(app.plan(), &c.item)
                        .map_or(String::new(), |a| a.title.clone())
                };
                let mut spans = vec![
                    Span::styled(format!("{state} "), t.dim()),
                    Span::styled(format!("{} ", c.when.format("%Y-%m-%d %H:%M:%S")), t.dim()),
                    Span::styled(format!("{:<8} ", c.item), t.label()),
                    Span::raw(format!(
                        "{} ",
                        app.plan()
                            .period(&c.period)
                            .map_or(c.period.as_str(), |p| p.label.as_str())
                    )),
                    chip::rating(t, &app.plan().scale, c.from, false),
                    Span::raw(" → "),
                    chip::rating(t, &app.plan().scale, c.to, false),
                ];
                // The direction, on a scale where a higher rating is better.
                if app.plan().scale.averages()
                    && let Some(d) =
                        crate::model::rollup::dot(c.from.map(f64::from), c.to.map(f64::from))
                {
                    spans.push(Span::raw(format!(" {}", d.label())));
                }
                spans.push(Span::styled(format!("  {}", c.who), t.dim()));
                if c.correction {
                    spans.push(Span::styled("  CORRECTION of a past period", t.warning()));
                }
                if c.judgement {
                    spans.push(Span::styled("  the board's judgement", t.label()));
                }
                if c.progress.is_some() {
                    spans.push(Span::raw("  (progress updated)"));
                }
                lines.push(Line::from(spans));
                lines.push(Line::from(Span::styled(format!("      {title}"), t.dim())));
                if let Some(n) = &c.note {
                    lines.push(Line::from(format!("      “{n}”")));
                }
            }
            let unsaved = app.meeting().unsaved();
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                format!("{total} in the plan's change log · {unsaved} unsaved edit(s)"),
                t.dim(),
            )));
            lines.push(own_keys(app));
            let title = "Change log";
            max_scroll = popup_scrolled(frame, app, area, title, lines, 90, app.overlay_scroll());
        }
        Overlay::Replay => {
            let Some(r) = app.meeting().recovery() else {
                return 0;
            };
            let mut lines = Vec::new();
            if let Some((why, moved)) = &r.unreadable {
                lines.push(Line::from(Span::styled(
                    format!("The journal {} is not replayed: {why}.", r.path.display()),
                    t.warning(),
                )));
                if let Some(m) = moved {
                    lines.push(Line::from(format!(
                        "It was moved aside, kept as {}.",
                        m.display()
                    )));
                }
            } else {
                let who = r
                    .header
                    .as_ref()
                    .map(|h| {
                        format!(
                            " by {} on {} ({} UTC)",
                            h.user,
                            h.host,
                            h.started.format("%Y-%m-%d %H:%M")
                        )
                    })
                    .unwrap_or_default();
                lines.push(Line::from(format!(
                    "{} holds {} unsaved change(s) from a session{who} that did not save.",
                    r.path.display(),
                    r.count()
                )));
                if let Some(d) = &r.damage {
                    lines.push(Line::default());
                    lines.push(Line::from(Span::styled(
                        format!(
                            "It is damaged at line {}: {}. Changes before it can be replayed; the journal is kept.",
                            d.line, d.reason
                        ),
                        t.warning(),
                    )));
                }
                if r.plan_changed {
                    lines.push(Line::default());
                    lines.push(Line::from(Span::styled(
                        "The plan file has changed since: each change is checked, and a cell someone else changed is shown to you, not overwritten.",
                        t.warning(),
                    )));
                }
            }
            lines.push(Line::default());
            if r.unreadable.is_some() {
                // Nothing in it can be replayed: the one thing to do is go on.
                lines.push(own_keys(app));
                popup(frame, app, area, "Journal not replayed", lines, 80);
            } else {
                lines.push(own_keys(app));
                popup(frame, app, area, "Unsaved changes found", lines, 80);
            }
        }
        Overlay::Conflicts { selected } => {
            let mut lines = vec![
                Line::from(
                    "These cells changed in the file since the journal's changes were made:",
                ),
                Line::default(),
            ];
            for (i, c) in app.meeting().conflicts().iter().enumerate() {
                let style = if i == *selected {
                    t.selected()
                } else {
                    ratatui::style::Style::new()
                };
                lines.push(Line::from(vec![
                    Span::styled(format!("{:<8} {} ", c.item, c.period), style),
                    Span::raw(" file "),
                    chip::rating(t, &app.plan().scale, c.file, false),
                    Span::raw("  journal "),
                    chip::rating(t, &app.plan().scale, c.journal, false),
                    Span::styled(format!("  {}", c.who), t.dim()),
                ]));
            }
            lines.push(Line::default());
            lines.push(own_keys(app));
            popup(frame, app, area, "Conflicts", lines, 80);
        }
        Overlay::ConfirmQuit => {
            let mut lines = vec![Line::from(format!(
                "There are {} unsaved change(s).",
                app.meeting().unsaved()
            ))];
            if app.meeting().unjournaled() > 0 {
                lines.push(Line::from(Span::styled(
                    format!(
                        "{} of them are NOT in the journal (it cannot be written): quitting without saving loses them.",
                        app.meeting().unjournaled()
                    ),
                    t.warning(),
                )));
            }
            lines.push(Line::default());
            lines.push(own_keys(app));
            popup(frame, app, area, "Quit?", lines, 70);
        }
        Overlay::Conflict(msg) => {
            let lines = vec![
                Line::from(Span::styled(msg.clone(), t.warning())),
                Line::default(),
                Line::from("Someone else's edit is kept. Your changes are safe in the journal."),
                Line::default(),
                own_keys(app),
            ];
            popup(frame, app, area, "Not saved", lines, 80);
        }
        Overlay::SaveFailed(msg) => {
            let lines = vec![
                Line::from(Span::styled(msg.clone(), t.warning())),
                Line::default(),
                Line::from("Nothing was lost: your changes are still here."),
                Line::default(),
                own_keys(app),
            ];
            popup(frame, app, area, "Not saved", lines, 80);
        }
        Overlay::GoTo { text } => {
            let n = &app.plan().names;
            let lines = vec![
                Line::from(format!(
                    "Go to the item numbered (a {} \"4\", {} or {} \"3.2.4\"):",
                    n.priority.to_lowercase(),
                    n.objective.to_lowercase(),
                    n.action.to_lowercase()
                )),
                Line::default(),
                Line::from(Span::styled(format!("{text}▏"), t.selected())),
                Line::default(),
                own_keys(app),
            ];
            popup(frame, app, area, "Go to", lines, 60);
        }
        Overlay::StartPeriod { label } => {
            let period = crate::model::cadence::next_period(app.plan(), app.today());
            let lines = vec![
                Line::from(format!(
                    "This plan has no period for this meeting ({}). Ratings recorded now go into a new period, a column placed by date:",
                    app.today().format("%-d %b %Y")
                )),
                Line::default(),
                Line::from(vec![
                    Span::raw("Label: "),
                    Span::styled(format!("{label}▏"), t.selected()),
                    Span::styled(
                        format!(
                            "  (id {}{})",
                            period.id,
                            period
                                .date
                                .map(|d| d.format(", dated %-d %b %Y").to_string())
                                .unwrap_or_default()
                        ),
                        t.dim(),
                    ),
                ]),
                Line::default(),
                Line::from(format!(
                    "Without it, {} (a past period) is shown, and rating it asks first.",
                    app.period_label()
                )),
                Line::default(),
                own_keys(app),
            ];
            popup(frame, app, area, "This meeting's period", lines, 76);
        }
        Overlay::PastPeriod { value } => {
            let what = match value.and_then(|v| app.plan().scale.level(v)) {
                Some(l) => format!("{} {}", l.label, l.name),
                None => "not rated".into(),
            };
            let lines = vec![
                Line::from(Span::styled(
                    format!(
                        "{} is a past period, not this meeting's. Rating it rewrites the record of that review.",
                        app.period_label()
                    ),
                    t.warning(),
                )),
                Line::default(),
                Line::from(format!(
                    "Correct this one cell to {what}? You give a reason next; the change log marks it a correction."
                )),
                Line::default(),
                own_keys(app),
            ];
            popup(frame, app, area, "Past period", lines, 76);
        }
        Overlay::SaveAs { path } => {
            let lines = vec![
                Line::from("Save as (an existing file is never overwritten):"),
                Line::default(),
                Line::from(Span::styled(format!("{path}▏"), t.selected())),
                Line::default(),
                own_keys(app),
            ];
            popup(frame, app, area, "Save as", lines, 90);
        }
    }
    max_scroll
}

fn note(frame: &mut Frame, app: &App, area: Rect, form: &NoteForm) {
    let t = app.theme();
    let w = 90.min(area.width);
    let inner_w = w.saturating_sub(2);
    let mut head = Vec::new();
    if let Some(v) = form.correct {
        let was = app
            .meeting()
            .index()
            .action(app.plan(), &form.item)
            .and_then(|a| a.rating(app.period_id()));
        head.push(Line::from(vec![
            Span::styled(
                format!(
                    "Correcting {} in {}, a past period: ",
                    form.item,
                    app.period_label()
                ),
                t.warning(),
            ),
            chip::rating(t, &app.plan().scale, was, true),
            Span::raw(" → "),
            chip::rating(t, &app.plan().scale, v, true),
            Span::raw(". Why? A reason is required; the change log marks it a correction."),
        ]));
    } else if let Some(v) = form.pending {
        head.push(Line::from(vec![
            Span::raw("Recording "),
            chip::rating(t, &app.plan().scale, Some(v), true),
            Span::raw(format!(
                " for {} in {}: a note is needed as evidence.",
                form.item,
                app.period_label()
            )),
        ]));
    }
    let head = Paragraph::new(head).wrap(Wrap { trim: false });
    let head_h = head.line_count(inner_w) as u16;
    let mut keys = own_keys(app);
    keys.spans.push(Span::styled(
        "    (arrows, Home/End, C-w move and delete)",
        t.dim(),
    ));
    let hint = Paragraph::new(keys).wrap(Wrap { trim: false });
    let hint_h = hint.line_count(inner_w) as u16;
    // Each field grows with its text, within what the screen allows.
    let rows =
        |e: &crate::app::Editor| (e.text().chars().count() as u16 / inner_w.max(1) + 2).clamp(3, 8);
    let (reason_h, progress_h) = (rows(&form.reason), rows(&form.progress));
    let h = (head_h + 1 + reason_h + 1 + 1 + progress_h + 1 + hint_h + 2).min(area.height);
    let rect = centred(area, w, h);
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border(true))
        .title(format!(" Note on {} ", form.item));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [
        head_a,
        reason_label,
        reason_a,
        _,
        progress_label,
        progress_a,
        _,
        hint_a,
    ] = Layout::vertical([
        Constraint::Length(head_h),
        Constraint::Length(1),
        Constraint::Length(reason_h),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(progress_h),
        Constraint::Min(0),
        Constraint::Length(hint_h),
    ])
    .areas(inner);
    frame.render_widget(head, head_a);
    let mut field = |label: &str, e: &crate::app::Editor, active: bool, la: Rect, fa: Rect| {
        frame.render_widget(
            Paragraph::new(Span::styled(label.to_string(), t.label())),
            la,
        );
        let mut view = e.clone();
        let style = if active {
            t.selected()
        } else {
            ratatui::style::Style::new()
        };
        let area = view.area_mut();
        area.set_style(style);
        area.set_cursor_line_style(ratatui::style::Style::new());
        if !active {
            // Only the field being typed in shows a cursor.
            area.set_cursor_style(style);
        }
        frame.render_widget(view.widget(), fa);
    };
    field(
        "Why (kept with the change in the audit trail)",
        &form.reason,
        form.field == NoteField::Reason,
        reason_label,
        reason_a,
    );
    field(
        "Progress update",
        &form.progress,
        form.field == NoteField::Progress,
        progress_label,
        progress_a,
    );
    frame.render_widget(hint, hint_a);
}
