//! The search and filter bar above the footer, the filter menu and person picker, the
//! highlighting of search matches, and the footer keys of the whole-plan screens.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::app::App;
use crate::app::find::{self, Menu};
use crate::model::search::Query;

/// Rows the bar needs at `width`: none with no search or filter on, else one, or two where
/// what the filter is does not fit on one (it is never cut).
pub fn height(app: &App, width: u16) -> u16 {
    if !(app.views().typing() || app.find().searching() || app.find().filter.is_active()) {
        return 0;
    }
    if bar_line(app).width() > usize::from(width) {
        2
    } else {
        1
    }
}

pub fn render_bar(frame: &mut Frame, app: &App, area: Rect) {
    if area.height == 0 {
        return;
    }
    frame.render_widget(
        Paragraph::new(bar_line(app)).wrap(Wrap { trim: false }),
        area,
    );
}

/// The bar's text: the search and its matches, what the filter is and how many it keeps,
/// and the keys.
fn bar_line(app: &App) -> Line<'static> {
    let t = app.theme();
    let mut spans = Vec::new();
    if app.views().typing() || app.find().searching() {
        spans.push(Span::styled(" /", t.label()));
        spans.push(Span::raw(
            crate::text::clean(&app.find().query).into_owned(),
        ));
        if app.views().typing() {
            spans.push(Span::styled("▏", t.label()));
        }
        let n = app.find().matches.len();
        let here = app
            .find()
            .matches
            .iter()
            .position(|&i| i == app.pos())
            .map_or_else(|| "–".to_string(), |k| (k + 1).to_string());
        spans.push(Span::styled(
            if n == 0 && app.find().searching() {
                "  no match".to_string()
            } else {
                format!("  {here} of {n}")
            },
            t.dim(),
        ));
    }
    if app.find().filter.is_active() {
        let changed = app.meeting().changed_items();
        let ctx = find::context(app, &changed);
        spans.push(Span::styled(" Filter ", t.label()));
        spans.push(Span::raw(
            crate::text::clean(&app.find().filter.describe(&ctx)).into_owned(),
        ));
        spans.push(Span::styled(
            format!(
                "  {}/{} kept",
                app.find().kept.len(),
                app.plan().actions().count()
            ),
            t.dim(),
        ));
    }
    // While typing, the footer lists the bar's keys; after, how to walk and clear.
    if !app.views().typing() {
        use crate::app::{Action, find::FindAction};
        let key = |a| app.keymap().key_for(a).unwrap_or_default();
        spans.push(Span::styled(
            format!(
                "  {}/{} · {} clear",
                key(Action::Next),
                key(Action::Find(FindAction::PrevMatch)),
                key(Action::Find(FindAction::Reset))
            ),
            t.dim(),
        ));
    }
    Line::from(spans)
}

/// `line` with the search's matches drawn in the "found" style (spans split where needed).
pub fn highlight(app: &App, line: Line<'static>) -> Line<'static> {
    if !app.find().searching() {
        return line;
    }
    let query = Query::new(&app.find().query);
    let found = app.theme().found();
    let mut out = Vec::new();
    for span in line.spans {
        let text = span.content.to_string();
        let ranges = query.ranges(&text);
        if ranges.is_empty() {
            out.push(span);
            continue;
        }
        let mut at = 0;
        for r in ranges {
            if r.start > at {
                out.push(Span::styled(text[at..r.start].to_string(), span.style));
            }
            out.push(Span::styled(
                text[r.clone()].to_string(),
                span.style.patch(found),
            ));
            at = r.end;
        }
        if at < text.len() {
            out.push(Span::styled(text[at..].to_string(), span.style));
        }
    }
    Line::from(out).style(line.style)
}

/// The filter menu or the person picker, over the screen.
pub fn render_menu(frame: &mut Frame, app: &App, area: Rect) {
    match app.views().menu() {
        None => {}
        Some(Menu::Filter) => filter_menu(frame, app, area),
        Some(Menu::People { query, selected }) => people(frame, app, area, query, *selected),
    }
}

fn boxed(frame: &mut Frame, app: &App, area: Rect, title: &str, lines: Vec<Line<'static>>) {
    let w = 64.min(area.width);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme().border(true))
        .title(format!(" {title} "));
    let para = Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(block);
    let h = (para.line_count(w) as u16).min(area.height);
    let rect = super::popups::centred(area, w, h);
    frame.render_widget(Clear, rect);
    frame.render_widget(para, rect);
}

fn filter_menu(frame: &mut Frame, app: &App, area: Rect) {
    let t = app.theme();
    let f = &app.find().filter;
    let plan = app.plan();
    let changed = app.meeting().changed_items();
    let ctx = find::context(app, &changed);
    let period = plan
        .periods
        .get(f.period_in(&ctx))
        .map_or("(no period)", |p| p.label.as_str());
    let tick = |on: bool| if on { "[x]" } else { "[ ]" };
    let level = f
        .at_or_below
        .and_then(|v| plan.scale.level(v))
        .or_else(|| plan.scale.levels.first())
        .map(|l| {
            if plan.scale.averages() {
                format!("level {}", l.label)
            } else {
                format!("{} {}", l.label, l.name)
            }
        })
        .unwrap_or_default();
    let row = |key: &str, on: bool, text: String| {
        Line::from(vec![
            Span::styled(format!(" {key:<3}"), t.label()),
            Span::raw(format!("{} {text}", tick(on))),
        ])
    };
    use find::{FilterKey, filter_key};
    let key = |k| filter_key(k).to_string();
    let lines = vec![
        row(
            &key(FilterKey::Level),
            f.at_or_below.is_some(),
            if plan.scale.averages() {
                format!("At or below {level} in {period} (a digit sets the level)")
            } else {
                format!("At status {level} in {period} (a digit sets the status)")
            },
        ),
        row(
            &key(FilterKey::Worse),
            f.worse,
            "Worse than the previous period".into(),
        ),
        row(
            &key(FilterKey::Changed),
            f.changed,
            "Changed in this meeting".into(),
        ),
        row(
            &key(FilterKey::Overdue),
            f.overdue,
            format!(
                "Overdue (due before {}, not complete)",
                app.today().format("%-d %b %Y")
            ),
        ),
        row(
            &key(FilterKey::Unrated),
            f.unrated,
            format!("Not rated in {period}"),
        ),
        row(
            &key(FilterKey::Proposed),
            f.proposed,
            format!("Proposed for {period}, not yet agreed"),
        ),
        row(
            &key(FilterKey::Challenged),
            f.challenged,
            "Proposal challenged by the board".into(),
        ),
        row(
            &key(FilterKey::Missing),
            f.missing,
            format!("No update for {period} (chase before the meeting)"),
        ),
        row(
            &key(FilterKey::Person),
            f.person.is_some(),
            format!(
                "Lead or officer: {}",
                f.person.as_deref().map_or_else(
                    || "anyone".to_string(),
                    |p| crate::text::clean(p).into_owned()
                )
            ),
        ),
        Line::from(vec![
            Span::styled(format!(" {:<3}", key(FilterKey::AllOrAny)), t.label()),
            Span::raw(if f.all {
                "Keep actions meeting ALL ticked conditions"
            } else {
                "Keep actions meeting ANY ticked condition"
            }),
        ]),
        Line::default(),
        Line::from(Span::styled(
            format!(
                " {} of {} {} kept",
                if f.is_active() {
                    app.find().kept.len()
                } else {
                    plan.actions().count()
                },
                plan.actions().count(),
                crate::model::LevelNames::plural(&plan.names.action)
            ),
            t.dim(),
        )),
    ];
    boxed(frame, app, area, "Filter", lines);
}

fn people(frame: &mut Frame, app: &App, area: Rect, query: &str, selected: usize) {
    let t = app.theme();
    let names = find::people_shown(app, query);
    // Room for the list inside the box: the screen less borders, the query and the keys.
    let room = area.height.saturating_sub(6).max(3) as usize;
    let first = selected.saturating_sub(room.saturating_sub(1));
    let mut lines = vec![Line::from(vec![
        Span::styled(" name: ", t.label()),
        Span::raw(crate::text::clean(query).into_owned()),
        Span::styled("▏", t.label()),
    ])];
    for (i, n) in names.iter().enumerate().skip(first).take(room) {
        let style = if i == selected {
            t.selected()
        } else {
            Style::new()
        };
        lines.push(Line::from(Span::styled(
            format!(" {}", crate::text::clean(n)),
            style,
        )));
    }
    if names.is_empty() {
        lines.push(Line::from(Span::styled(" (no name matches)", t.dim())));
    }
    lines.push(Line::from(Span::styled(" type to narrow", t.dim())));
    boxed(frame, app, area, "Lead or officer", lines);
}

/// `s` cut to `w` characters, with "…" where cut.
pub fn fit(s: &str, w: usize) -> String {
    if s.chars().count() <= w {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(w.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}
