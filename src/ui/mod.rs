//! Draws the app state with ratatui widgets. Reads the state, never changes it.

mod about;
mod arising;
mod chip;
mod dashboard;
mod detail;
pub mod findbar;
mod forms;
mod indicators;
pub mod loading;
mod outcome;
mod outline;
mod periods;
mod popups;
mod present;
mod present_outcome;
mod proposal;
pub mod theme;
mod wrap;

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::app::find::Screen;
use crate::app::view::View;
use crate::app::{self, App, Focus};
use crate::meeting::ReadOnly;
use crate::model;

pub use crate::app::{MIN_HEIGHT, MIN_WIDTH};
/// The agenda's label of an action row (lists, the agenda and the papers share it).
pub use crate::model::agenda::action_label;
/// Below this width the outline and detail share the screen by turns (Tab switches).
const TWO_PANE_WIDTH: u16 = 80;

/// Draw the app; what the frame tells it back (its size, how far things can scroll), for
/// the loop to hand over as `app::Input::Drawn`. Drawing never changes the app.
pub fn render(frame: &mut Frame, app: &App) -> app::Layout {
    let area = frame.area();
    let mut layout = app::Layout {
        width: area.width,
        height: area.height,
        ..app::Layout::default()
    };
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = format!(
            "Terminal too small: {}x{}. ragboard needs at least {MIN_WIDTH}x{MIN_HEIGHT}. Keys are ignored until the window is larger.",
            area.width, area.height
        );
        frame.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), area);
        return layout;
    }
    let banner = Paragraph::new(banner(app))
        .style(app.theme().warning())
        .wrap(Wrap { trim: true });
    // Wrapped, so the whole warning shows; at most a third of the screen.
    let banner_h = (banner.line_count(area.width) as u16).min(area.height / 3);
    let [header, banner_area, body, find_bar, footer] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(banner_h),
        Constraint::Min(0),
        Constraint::Length(findbar::height(app, area.width)),
        Constraint::Length(if app.status().is_some() { 2 } else { 1 }),
    ])
    .areas(area);
    render_header(frame, app, header);
    frame.render_widget(banner, banner_area);
    // The body: the highest view on the stack that takes it (a screen over presentation),
    // or the agenda.
    let body_view = app
        .views()
        .iter()
        .rev()
        .find(|v| matches!(v, View::Screen(_) | View::Present));
    if let Some(View::Screen(screen)) = body_view {
        match *screen {
            Screen::Dashboard { row, col } => dashboard::render(frame, app, body, row, col),
            Screen::Indicators { selected } => indicators::render(frame, app, body, selected),
            Screen::Periods { selected } => periods::render(frame, app, body, selected),
            Screen::Arising { selected } => arising::render(frame, app, body, selected),
        }
    } else if !app.plan().has_actions() {
        render_nothing_to_review(frame, app, body);
    } else if let Some(View::Present) = body_view {
        let drawn = present::render(frame, app, body);
        layout.present_max_scroll = drawn.max_scroll;
        layout.present_page = drawn.page;
    } else if body.width >= TWO_PANE_WIDTH {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(42), Constraint::Percentage(58)])
                .areas(body);
        outline::render(frame, app, left);
        detail::render(frame, app, right);
    } else if app.focus() == Focus::Outline {
        outline::render(frame, app, body);
    } else {
        detail::render(frame, app, body);
    }
    findbar::render_bar(frame, app, find_bar);
    // The footer knows what scrolls in the body just drawn; a dialog's scrolling is
    // learnt as it is drawn, below, so that comes from the frame before.
    let drawn = app::Layout {
        dialog_max_scroll: app.limits().dialog_max_scroll,
        ..layout
    };
    render_footer(frame, app, footer, drawn);
    // What floats over everything, in the stack's order.
    for view in app.views().iter() {
        match view {
            View::Menu(_) => findbar::render_menu(frame, app, area),
            View::Dialog(_) => layout.dialog_max_scroll = popups::render(frame, app, area),
            // In the layout above: the body, and the search bar's line.
            View::Present | View::Screen(_) | View::Search => {}
        }
    }
    layout
}

/// A plan with nothing to rate (no priorities, or no actions under them): say so plainly,
/// and where its words are, instead of empty panes.
fn render_nothing_to_review(frame: &mut Frame, app: &App, area: Rect) {
    let plan = app.plan();
    let n = &plan.names;
    let plural = model::LevelNames::plural(&n.action).to_lowercase();
    let mut lines = vec![
        Line::from(Span::styled("Nothing to review", app.theme().header())),
        Line::default(),
        Line::from(format!(
            "This plan has no {plural} to rate ({} {}, {} {}).",
            plan.priorities.len(),
            model::LevelNames::plural(&n.priority).to_lowercase(),
            plan.priorities
                .iter()
                .map(|p| p.objectives.len())
                .sum::<usize>(),
            model::LevelNames::plural(&n.objective).to_lowercase(),
        )),
    ];
    if !plan.narrative.is_empty() {
        let key = app
            .keymap()
            .key_for(app::Action::About)
            .unwrap_or_else(|| "i".into());
        lines.push(Line::default());
        lines.push(Line::from(format!(
            "Its {} section(s) of narrative are in about this plan: press {key}.",
            plan.narrative.len()
        )));
    }
    lines.push(Line::default());
    lines.push(Line::from(
        "Nothing can be rated or changed here; the file format (docs/file-format.md) says how a plan lists its items.",
    ));
    let block = Block::default().borders(ratatui::widgets::Borders::ALL);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(block),
        area,
    );
}

fn render_header(frame: &mut Frame, app: &App, area: Rect) {
    let theme = app.theme();
    frame.render_widget(Block::default().style(theme.header()), area);
    let [top, bottom] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    // A past period is marked, so a rating there is never mistaken for today's.
    let past = if app.in_past_period() { " (past)" } else { "" };
    // The active period's coverage: how many of the plan's actions are rated in it, and
    // whether every figure from it is partial.
    let plan = app.plan();
    // From the id index's counts, kept as ratings change: no walk over the plan per frame.
    let index = app.meeting().index();
    let cover = crate::model::figures::coverage_of(
        plan,
        index.rated_in(app.period_id()),
        index.action_count(),
    );
    let cover_style = if cover.partial {
        theme.warning()
    } else {
        theme.header()
    };
    let rated = |long: bool| {
        let n = if long {
            crate::model::figures::of_actions(&plan.names, cover.rated, cover.total)
        } else {
            format!("{}/{}", cover.rated, cover.total)
        };
        if cover.partial {
            format!("{n} rated, partial")
        } else {
            format!("{n} rated")
        }
    };
    let short_past = if past.is_empty() { "" } else { " (past)" };
    // How much the meeting has reviewed: on the second line where it fits there, else here
    // (so it shows at 80 columns too).
    // A plan with nothing to rate has no period or coverage to speak of: the header says so.
    let nothing = index.action_count() == 0;
    let below = position_line(app, area.width as usize, nothing).0;
    let reviewed = if nothing || below.contains("reviewed") {
        String::new()
    } else {
        format!(" · {}/{} reviewed", app.reviewed_count(), app.item_count())
    };
    let date = app.today().format("%-d %b %Y");
    let candidates = if nothing {
        vec![
            vec![Span::raw(format!(" Nothing to rate · Meeting {date} "))],
            vec![Span::raw(" Nothing to rate ")],
        ]
    } else {
        vec![
            vec![
                Span::raw(format!("  Period {}", app.period_label())),
                Span::styled(past, theme.warning()),
                Span::raw(" · "),
                Span::styled(rated(true), cover_style),
                Span::raw(format!("{reviewed} · Meeting {date} ")),
            ],
            vec![
                Span::raw(format!("  Period {}", app.period_label())),
                Span::styled(past, theme.warning()),
                Span::raw(" · "),
                Span::styled(rated(false), cover_style),
                Span::raw(format!("{reviewed} · Meeting {date} ")),
            ],
            vec![
                Span::raw(format!(" {}", app.period_label())),
                Span::styled(short_past, theme.warning()),
                Span::raw(" · "),
                Span::styled(rated(false), cover_style),
                Span::raw(format!("{reviewed} · {date} ")),
            ],
            // Narrow: the period and its coverage, so the title keeps some room and nothing is
            // cut mid-word.
            vec![
                Span::raw(format!(" {}", app.period_label())),
                Span::styled(short_past, theme.warning()),
                Span::raw(" · "),
                Span::styled(rated(false), cover_style),
                Span::raw(format!("{reviewed} ")),
            ],
            vec![
                Span::raw(format!(" {}", app.period_label())),
                Span::styled(short_past, theme.warning()),
                Span::raw(" · "),
                Span::styled(rated(false), cover_style),
                Span::raw(" "),
            ],
            vec![
                Span::raw(format!(" {}", app.period_label())),
                Span::styled(short_past, theme.warning()),
                Span::raw(" "),
            ],
        ]
    };
    let fits = |l: &Line| (l.width() as u16) + 16 <= area.width;
    let lines: Vec<Line> = candidates.into_iter().map(Line::from).collect();
    let right = lines
        .iter()
        .find(|l| fits(l))
        .or(lines.last())
        .cloned()
        .unwrap_or_default();
    let right_w = right.width() as u16;
    let [title_area, right_area] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(right_w)]).areas(top);
    // The unsaved count comes first: a long title must never push it off the screen.
    let mut title = Vec::new();
    if app.dirty() {
        title.push(Span::styled(
            format!(" ● {} unsaved ", app.meeting().unsaved()),
            theme.warning(),
        ));
    }
    if app.saving() {
        title.push(Span::styled(" saving… ", theme.warning()));
    }
    title.push(Span::raw(format!(" {}", app.plan().title)));
    frame.render_widget(
        Paragraph::new(Line::from(title)).style(theme.header()),
        title_area,
    );
    frame.render_widget(Paragraph::new(right).style(theme.header()), right_area);

    let (position, whole, short) = position_line(app, area.width as usize, nothing);
    let pos_w = (position.chars().count() as u16).min(area.width);
    let [crumb_area, pos_area] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(pos_w)]).areas(bottom);
    // The breadcrumb never runs into the position: where the whole chain does not fit, the
    // chain by ids, then the item's own id alone (the position names its priority), else
    // nothing.
    let room = usize::from(crumb_area.width);
    let id = app
        .current()
        .map(|n| format!(" {}", n.id(app.plan())))
        .unwrap_or_default();
    let crumb = [whole, short, id]
        .into_iter()
        .find(|c| c.chars().count() < room)
        .unwrap_or_default();
    frame.render_widget(Paragraph::new(crumb).style(theme.header()), crumb_area);
    frame.render_widget(
        Paragraph::new(position)
            .style(theme.header())
            .alignment(Alignment::Right),
        pos_area,
    );
}

/// The header's second line: the item's position (local, then in the agenda with how
/// many items the meeting has reviewed, where that fits beside a breadcrumb), and the
/// breadcrumb by names and by ids.
fn position_line(app: &App, width: usize, nothing: bool) -> (String, String, String) {
    let local = app
        .current()
        .map(|n| crate::model::agenda::local_position(app.plan(), n))
        .unwrap_or_default();
    // With a search or filter on, the global position counts what it shows.
    let narrowed = app::find::position(app);
    let global = match &narrowed {
        Some(p) => format!("{p} · {} reviewed ", app.reviewed_count()),
        None => format!(
            "Item {} of {} · {} of {} reviewed ",
            app.item_number(),
            app.item_count(),
            app.reviewed_count(),
            app.item_count()
        ),
    };
    // The local position matters most; the global one goes when the line is too narrow, but
    // only after the breadcrumb has shortened to ids.
    let whole = format!(" {}", breadcrumb(app));
    let short = app
        .current()
        .map(|n| format!(" {}", model::agenda::short_breadcrumb(app.plan(), n)))
        .unwrap_or_default();
    let full = if nothing {
        String::new()
    } else {
        format!("{local} · {global}")
    };
    let fits = |crumb: &str| crumb.chars().count() + 1 + full.chars().count() <= width;
    let position = if fits(&whole) || fits(&short) {
        full
    } else if let Some(p) = narrowed {
        // A filtered walk's position matters more than the local one.
        format!("{p} ")
    } else {
        format!("{local} ")
    };
    (position, whole, short)
}

/// Lines that stay on screen while a failure lasts: the journal cannot be written, or the
/// plan is open elsewhere. Never a status line the next key wipes.
fn banner(app: &App) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let beside = app.beside();
    if let Some(first) = beside.conflicts.first() {
        let n = beside.conflicts.len();
        let name = app
            .meeting()
            .document()
            .map_or_else(String::new, |d| d.path.display().to_string());
        let more = if n > 1 {
            format!(" (and {} more)", n - 1)
        } else {
            String::new()
        };
        lines.push(Line::from(format!(
            " ⚠ {n} MERGE CONFLICT(S) NOT SETTLED: {first}{more}. Check each cell here; `ragboard check {name}` lists them, `ragboard settle {name} CELL` settles one."
        )));
    }
    if let Some(hint) = &beside.git_hint {
        lines.push(Line::from(format!(" ⓘ {hint}")));
    }
    if let Some((n, kept)) = app.meeting().left_out() {
        lines.push(Line::from(format!(
            " ⚠ {n} change(s) from the earlier session no longer fit the plan (someone changed the same record since): not applied; kept in {}",
            kept.display()
        )));
    }
    if let Some(p) = app.meeting().journal_problem() {
        let n = app.meeting().unjournaled();
        lines.push(Line::from(format!(
            " ⚠ NOT SAFE ON DISK: {n} change(s) only in memory: {p}. Retrying; save (C-s) or save as (S) elsewhere."
        )));
    }
    if let Some(f) = app.meeting().following() {
        let who = f.writer.as_ref().map_or_else(
            || "another copy of ragboard".to_string(),
            |h| h.user.clone(),
        );
        let when = f.last.map_or_else(
            || "no change yet".to_string(),
            |t| {
                format!(
                    "last change {}",
                    t.with_timezone(&chrono::Local).format("%H:%M:%S")
                )
            },
        );
        // Where the writer stands, when its screen says.
        let at = app
            .seats()
            .iter()
            .find(|s| s.writer)
            .and_then(|s| {
                let period = app
                    .plan()
                    .period(&s.period)
                    .map_or(s.period.as_str(), |p| p.label.as_str());
                s.item
                    .as_ref()
                    .map(|i| format!(" · {} is at {i} in {period}", s.user))
            })
            .unwrap_or_default();
        lines.push(Line::from(if f.pen_free {
            let key = app
                .keymap()
                .key_for(app::Action::TakePen)
                .unwrap_or_else(|| "W".into());
            format!(" 🔓 {who} has let go of the plan: {key} takes the pen ({when}). Read-only until then.")
        } else {
            format!(" 👁 READ-ONLY · following {who} (live) · {when}{at}. Their changes appear here as they make them.")
        }));
        return lines;
    }
    match app.meeting().read_only() {
        Some(ReadOnly::Held(holder)) => {
            let who = match holder {
                Some(h) => h.to_string(),
                None => "another copy of ragboard".into(),
            };
            lines.push(Line::from(format!(
                " 🔒 READ-ONLY: {who} has this plan open. You can look, not change."
            )));
        }
        Some(ReadOnly::NoLock(why)) => lines.push(Line::from(format!(
            " 🔒 READ-ONLY: {why}. You can look; save as (S) elsewhere to make changes."
        ))),
        None => {}
    }
    lines
}

/// Where the selected item is, each level in the plan's words: "Priority 1 › Aim 1.1 ›
/// Objective 1.1.2", "Priority 3 › Objective 3.2 › Action 3.2.4 › measure 2".
pub fn breadcrumb(app: &App) -> String {
    app.current()
        .map(|n| model::agenda::breadcrumb(app.plan(), n))
        .unwrap_or_default()
}

fn render_footer(frame: &mut Frame, app: &App, area: Rect, drawn: app::Layout) {
    let theme = app.theme();
    let [status_area, keys_area] = if app.status().is_some() && area.height > 1 {
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area)
    } else {
        [Rect::default(), area]
    };
    if let Some(status) = app.status_line() {
        // What was refused reads as a warning; what was done and where things stand, plainly.
        let style = match status.kind {
            app::StatusKind::Refused => theme.warning(),
            app::StatusKind::Done | app::StatusKind::Info => theme.label(),
        };
        frame.render_widget(
            Paragraph::new(Line::from(Span::styled(
                format!(" {} ", status.text),
                style,
            ))),
            status_area,
        );
    }
    // As this frame lays things out: presenting, whether the body scrolls.
    let hints = app::hints_in(app, drawn);
    let spans = fit_hints(&hints, keys_area.width as usize)
        .into_iter()
        .flat_map(|(key, hint)| {
            [
                Span::styled(format!(" {key}"), theme.label()),
                Span::raw(format!(" {hint} ")),
            ]
        })
        .collect::<Vec<_>>();
    frame.render_widget(Paragraph::new(Line::from(spans)), keys_area);
}

/// The key hints that fit in `width`, in order, dropping from the middle: the first (how
/// to rate) and the last two (help and quit) always stay, so every screen says how to
/// get help and how to leave.
fn fit_hints(hints: &[(String, String)], width: usize) -> Vec<(String, String)> {
    let cost = |(k, h): &(String, String)| k.chars().count() + h.chars().count() + 3;
    let keep_tail = hints.len().min(2);
    let (body, tail) = hints.split_at(hints.len() - keep_tail);
    let mut used: usize = tail.iter().map(cost).sum();
    // What an officer needs most keeps its place first when room is short; the rest follow
    // in the keymap's order. Shown in the keymap's order either way.
    const FIRST: [&str; 12] = [
        "rate",
        "agree",
        "next",
        "prev",
        "note",
        "undo",
        "save",
        "decision",
        "search",
        "present",
        "exceptions",
        "period",
    ];
    let rank = |h: &(String, String)| FIRST.iter().position(|f| *f == h.1).unwrap_or(FIRST.len());
    let mut order: Vec<usize> = (0..body.len()).collect();
    order.sort_by_key(|&i| (rank(&body[i]), i));
    let mut keep = vec![false; body.len()];
    for i in order {
        if used + cost(&body[i]) <= width {
            used += cost(&body[i]);
            keep[i] = true;
        }
    }
    let mut out: Vec<(String, String)> = body
        .iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(h, _)| h.clone())
        .collect();
    out.extend(tail.iter().cloned());
    out
}
