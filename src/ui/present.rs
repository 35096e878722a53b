//! Presentation mode: one item at a time for a shared screen. Large heading, the rating
//! history as large labelled blocks, officer-only detail hidden, width capped and centred.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use tui_big_text::{BigText, PixelSize};

use super::chip;
use super::outcome::Outcome;
use crate::app::App;
use crate::model::rollup::{self, Dot};
use crate::model::{Action, LevelNames, Node, figures, names};

/// Content wider than this is centred rather than stretched across the wall.
pub const MAX_WIDTH: u16 = 110;

/// A rating or mean shown in a block: label on the level's colour.
struct Tile {
    period: String,
    text: String,
    /// What to show where `text` does not fit (the level's label alone).
    short: String,
    style: Style,
    active: bool,
    /// Movement from the latest earlier period with ratings, like for like.
    dot: Option<Dot>,
    /// How many the movement stands on, for a roll-up ("1 in both").
    both: Option<usize>,
}

/// Draw the current item for the room; how far its body can scroll.
pub fn render(frame: &mut Frame, app: &App, area: Rect) -> u16 {
    let width = area.width.min(MAX_WIDTH);
    let area = Rect {
        x: area.x + (area.width - width) / 2,
        width,
        ..area
    };
    let Some(node) = app.current() else { return 0 };
    let plan = app.plan();
    let theme = app.theme();

    let big = area.height >= 24 && area.width >= 60;
    let tiles = tiles(app, node);
    let tile_h = if area.height >= 30 { 5 } else { 3 };
    let [heading, title, body, tiles_area] = Layout::vertical([
        Constraint::Length(if big { 5 } else { 1 }),
        Constraint::Length(title_height(app, node, area.width)),
        Constraint::Min(0),
        Constraint::Length(if tiles.is_empty() { 0 } else { tile_h + 1 }),
    ])
    .areas(area);

    let label = node.id(plan);
    if big {
        let text = names::tag(plan, node).replace('#', " #");
        let widget = BigText::builder()
            .pixel_size(PixelSize::Quadrant)
            .style(theme.title())
            .lines(vec![Line::from(text)])
            .centered()
            .build();
        let [_, inner] =
            Layout::vertical([Constraint::Length(1), Constraint::Length(4)]).areas(heading);
        frame.render_widget(widget, inner);
    } else {
        frame.render_widget(
            Paragraph::new(Line::from(Span::styled(
                format!("{} {label}", plan.names.of(node)),
                theme.label(),
            )))
            .alignment(Alignment::Center),
            heading,
        );
    }
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(
            title_text(app, node),
            theme.title(),
        )))
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true }),
        title,
    );

    let inner = body.inner(ratatui::layout::Margin::new(2, 1));
    let outcome = outcome_of(app, node).filter(|o| !o.is_empty());
    // The CYPP shape: baseline → ambition side by side, milestones under them, when it all
    // fits; else the same in one column that scrolls like any other body.
    let mut max_scroll = 0;
    if let Some(o) = &outcome
        && super::present_outcome::render_if_fits(frame, app, o, body_lines(app, node), inner)
    {
        // Side by side, it all fits: nothing to scroll.
    } else {
        let mut lines = body_lines(app, node);
        if let Some(o) = &outcome {
            lines.extend(super::outcome::lines(app, o));
        }
        // The body scrolls (↓ ↑) when it is longer than the screen: every action is reachable.
        let para = Paragraph::new(lines).wrap(Wrap { trim: true });
        let total = para.line_count(inner.width) as u16;
        let max = total.saturating_sub(inner.height);
        max_scroll = max;
        let scroll = app.detail_scroll().min(max);
        frame.render_widget(para.scroll((scroll, 0)), inner);
        if max > 0 && inner.height > 0 {
            let below = max - scroll;
            let hint = if below > 0 {
                format!(" ▼ {below} more line(s): ↓ ")
            } else {
                " ▲ ↑ back up ".to_string()
            };
            let w = (hint.chars().count() as u16).min(inner.width);
            frame.render_widget(
                Paragraph::new(Span::styled(hint, theme.label())),
                Rect {
                    x: inner.right().saturating_sub(w),
                    y: body.bottom().saturating_sub(1),
                    width: w,
                    height: 1,
                },
            );
        }
    }

    if !tiles.is_empty() {
        let tiles_area = Rect {
            y: tiles_area.y + 1,
            height: tile_h,
            ..tiles_area
        };
        let cols = Layout::horizontal(vec![Constraint::Ratio(1, tiles.len() as u32); tiles.len()])
            .split(tiles_area);
        for (tile, col) in tiles.iter().zip(cols.iter()) {
            let border = if tile.active {
                theme.title()
            } else {
                theme.dim()
            };
            let block = Block::default()
                .borders(Borders::ALL)
                .border_style(border)
                .title(
                    Line::from(format!(
                        " {}{} ",
                        if tile.active { "◆ " } else { "" },
                        tile.period
                    ))
                    .centered(),
                );
            let inner = block.inner(*col);
            frame.render_widget(block, *col);
            // The label on the middle line, the movement since the period before under it.
            let mut lines = vec![Line::default(); inner.height as usize];
            let mid = (inner.height as usize).saturating_sub(1) / 2;
            if let Some(l) = lines.get_mut(mid) {
                let fits = tile.text.chars().count() <= inner.width as usize;
                *l = Line::from(if fits {
                    tile.text.clone()
                } else {
                    tile.short.clone()
                });
            }
            if let (Some(dot), Some(l)) = (tile.dot, lines.get_mut(mid + 1)) {
                let long = tile
                    .both
                    .map(|n| format!("{} on {n}", dot.label()))
                    .filter(|t| t.chars().count() <= inner.width as usize);
                *l = Line::from(long.unwrap_or_else(|| dot.label().to_string()));
            }
            let fill = Paragraph::new(lines)
                .style(tile.style)
                .alignment(Alignment::Center);
            frame.render_widget(fill, inner);
        }
    }
    max_scroll
}

fn title_text(app: &App, node: Node) -> String {
    let plan = app.plan();
    node.get(plan)
        .map_or_else(String::new, |item| item.title().to_string())
}

fn title_height(app: &App, node: Node, width: u16) -> u16 {
    let len = title_text(app, node).chars().count() as u16;
    (len / width.max(1) + 2).min(6)
}

fn body_lines(app: &App, node: Node) -> Vec<Line<'static>> {
    let plan = app.plan();
    let theme = app.theme();
    let mut out = Vec::new();
    match node {
        Node::Group(g) => {
            let priorities = plan.group_priorities(g);
            out.push(
                Line::from(format!(
                    "{}, {}",
                    LevelNames::count(&plan.names.priority, priorities.len()),
                    LevelNames::count(
                        &plan.names.action,
                        priorities.iter().map(|pr| pr.actions().count()).sum()
                    )
                ))
                .centered(),
            );
            out.push(Line::default());
            let actions: Vec<&Action> = priorities.iter().flat_map(|p| p.actions()).collect();
            out.extend(figure_lines(app, &actions));
            out.push(Line::default());
            for pr in priorities {
                out.push(Line::from(vec![
                    Span::styled(format!("{}  ", pr.id), theme.label()),
                    Span::raw(pr.title.clone()),
                ]));
            }
        }
        Node::Priority(p) => {
            let Some(pr) = plan.priority_at(p) else {
                return out;
            };
            let n = pr.actions().count();
            out.push(
                Line::from(format!(
                    "{}, {}",
                    LevelNames::count(&plan.names.objective, pr.objectives.len()),
                    LevelNames::count(&plan.names.action, n)
                ))
                .centered(),
            );
            out.push(Line::default());
            let actions: Vec<&Action> = pr.actions().collect();
            out.extend(figure_lines(app, &actions));
            if let Some(j) = pr
                .judgements
                .get(app.period_id())
                .copied()
                .filter(|j| *j != 0)
            {
                out.push(Line::default());
                out.push(
                    Line::from(vec![
                        Span::styled("Board's judgement: ", theme.label()),
                        chip::rating(theme, &plan.scale, Some(j), true),
                    ])
                    .centered(),
                );
            }
            out.push(Line::default());
            for ob in &pr.objectives {
                out.push(Line::from(vec![
                    Span::styled(format!("{}  ", ob.id), theme.label()),
                    Span::raw(ob.title.clone()),
                ]));
            }
        }
        Node::Objective(p, o) => {
            let Some(ob) = plan.objective_at(p, o) else {
                return out;
            };
            for (ai, ac) in ob.actions.iter().enumerate() {
                out.push(Line::from(vec![
                    chip::rating(theme, &plan.scale, ac.rating(app.period_id()), false),
                    Span::raw(format!(
                        " {}  {}",
                        ac.id,
                        super::action_label(plan, Node::Action(p, o, ai))
                    )),
                ]));
            }
        }
        Node::Action(p, o, a) | Node::Measure(p, o, a, _) => {
            let Some(ac) = plan.action_in(p, o, a) else {
                return out;
            };
            for (i, m) in ac.measures.iter().enumerate() {
                let here = matches!(node, Node::Measure(_, _, _, mi) if mi == i);
                let style = if here { theme.selected() } else { Style::new() };
                out.push(Line::from(Span::styled(
                    format!("{} {m}", if here { "▶" } else { "•" }),
                    style,
                )));
            }
            out.push(Line::default());
            let mut facts = vec![
                Span::styled("Lead ", theme.label()),
                Span::raw(ac.lead.clone().unwrap_or_else(|| "-".into())),
                Span::styled("    Due ", theme.label()),
                Span::raw(ac.due.map_or_else(|| "-".into(), |d| d.human())),
            ];
            if app.is_overdue(ac) {
                facts.push(Span::styled("  OVERDUE", theme.warning()));
            }
            // Lead and due are left out where the plan has neither (the CYPP objectives).
            if ac.lead.is_some() || ac.due.is_some() {
                out.push(Line::from(facts));
            }
            if let Some(progress) = ac.progress.as_deref().filter(|t| !t.is_empty()) {
                out.push(Line::default());
                out.push(Line::from(Span::styled("Progress", theme.label())));
                out.push(Line::from(progress.to_string()));
            }
        }
    }
    out
}

/// The active period's figure for a priority or group: its coverage and the counts at each
/// level (so the average cannot hide the reds), then its direction of travel with what it
/// stands on and the period it compares with.
fn figure_lines(app: &App, actions: &[&Action]) -> Vec<Line<'static>> {
    let (plan, theme) = (app.plan(), app.theme());
    let series = figures::series(plan, actions);
    let Some(f) = series.get(app.period()) else {
        return Vec::new();
    };
    let stats = &f.stats;
    let mut spans = vec![Span::styled(
        format!(
            "{}: {} rated{} ",
            app.period_label(),
            figures::of_actions(&plan.names, stats.rated, stats.total),
            if f.coverage.partial {
                ", partial ·"
            } else {
                " ·"
            }
        ),
        if f.coverage.partial {
            theme.warning()
        } else {
            theme.label()
        },
    )];
    for (level, count) in &stats.counts {
        spans.push(chip::rating(theme, &plan.scale, Some(*level), false));
        spans.push(Span::raw(format!(" ×{count}   ")));
    }
    if stats.rated < stats.total {
        spans.push(Span::styled(
            format!("{} not rated", stats.total - stats.rated),
            theme.unrated(),
        ));
    }
    let mut out = vec![Line::from(spans).centered()];
    if let Some(t) = f.travel {
        out.push(
            Line::from(Span::styled(
                format!(
                    "{} from {} to {} on the {} rated in both {} and {}{}",
                    t.dot.label(),
                    figures::mean_text(plan, Some(t.before)),
                    figures::mean_text(plan, Some(t.after)),
                    LevelNames::count(&plan.names.action, t.both),
                    plan.periods[t.from].label,
                    app.period_label(),
                    if t.partial { " (partial)" } else { "" }
                ),
                theme.dim(),
            ))
            .centered(),
        );
    }
    out
}

fn tiles(app: &App, node: Node) -> Vec<Tile> {
    let plan = app.plan();
    let theme = app.theme();
    let unrated = |period: &str, active| Tile {
        period: period.to_string(),
        text: "not rated".into(),
        short: "-".into(),
        style: theme.unrated(),
        active,
        dot: None,
        both: None,
    };
    // A priority's or group's tiles: its roll-up in each period, partial ones marked and
    // never in a level's colour; the movement like for like.
    let rolled_up = |actions: Vec<&Action>| -> Vec<Tile> {
        plan.periods
            .iter()
            .zip(figures::series(plan, &actions))
            .enumerate()
            .map(|(i, (per, f))| {
                let s = &f.stats;
                let partial = f.coverage.partial;
                match s.mean {
                    // A categorical scale has no mean: the tile counts the statuses.
                    None if s.rated > 0 => Tile {
                        period: per.label.clone(),
                        text: format!(
                            "{}{}",
                            if partial { "partial: " } else { "" },
                            counts_text(plan, s)
                        ),
                        short: format!("{}/{}", s.rated, s.total),
                        style: if partial {
                            theme.unrated()
                        } else {
                            theme.label()
                        },
                        active: i == app.period(),
                        dot: None,
                        both: None,
                    },
                    Some(m) => {
                        let mean = figures::mean_text(plan, Some(m));
                        Tile {
                            period: per.label.clone(),
                            text: if partial {
                                format!("partial: {mean} ({}/{} rated)", s.rated, s.total)
                            } else {
                                format!("mean {mean} ({}/{} rated)", s.rated, s.total)
                            },
                            short: if partial { format!("({mean})") } else { mean },
                            style: chip::mean(theme, plan, s.mean, partial).style,
                            active: i == app.period(),
                            dot: f.travel.map(|t| t.dot),
                            both: f.travel.map(|t| t.both),
                        }
                    }
                    None => unrated(&per.label, i == app.period()),
                }
            })
            .collect()
    };
    match node {
        Node::Group(g) => rolled_up(
            plan.group_priorities(g)
                .iter()
                .flat_map(|p| p.actions())
                .collect(),
        ),
        Node::Priority(p) => match plan.priority_at(p) {
            Some(pr) => rolled_up(pr.actions().collect()),
            None => Vec::new(),
        },
        Node::Objective(..) => Vec::new(),
        Node::Action(p, o, a) | Node::Measure(p, o, a, _) => {
            let Some(ac) = plan.action_in(p, o, a) else {
                return Vec::new();
            };
            let values: Vec<Option<f64>> = plan
                .periods
                .iter()
                .map(|per| ac.rating(&per.id).map(f64::from))
                .collect();
            plan.periods
                .iter()
                .zip(rollup::dots(&values))
                .enumerate()
                .map(
                    |(i, (per, dot))| match ac.rating(&per.id).and_then(|r| plan.scale.level(r)) {
                        Some(level) => Tile {
                            period: per.label.clone(),
                            text: format!("{}  {}", level.label, level.name),
                            short: level.label.clone(),
                            style: theme.rating(level),
                            active: i == app.period(),
                            dot,
                            both: None,
                        },
                        None => unrated(&per.label, i == app.period()),
                    },
                )
                .collect()
        }
    }
}

/// "C×55 O×12" for a tile: each level's label and how many items sit there.
fn counts_text(plan: &crate::model::Plan, s: &rollup::PeriodStats) -> String {
    s.counts
        .iter()
        .map(|(r, n)| {
            let label = plan.scale.level(*r).map_or("?", |l| l.label.as_str());
            format!("{label}×{n}")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Baseline, ambition and milestones of the item, where it has any.
fn outcome_of(app: &App, node: Node) -> Option<Outcome<'_>> {
    let plan = app.plan();
    match node {
        Node::Group(_) | Node::Priority(_) => None,
        Node::Objective(p, o) => {
            let ob = plan.objective_at(p, o)?;
            Some(Outcome {
                baseline: ob.baseline.as_deref(),
                ambition: ob.ambition.as_ref(),
                milestones: &ob.milestones,
            })
        }
        Node::Action(p, o, a) | Node::Measure(p, o, a, _) => {
            let ac = plan.action_in(p, o, a)?;
            Some(Outcome {
                baseline: ac.baseline.as_deref(),
                ambition: ac.ambition.as_ref(),
                milestones: &ac.milestones,
            })
        }
    }
}
