//! Presentation mode: one item at a time for a shared screen. Large heading, the rating
//! history as large labelled blocks, officer-only detail hidden, width capped and centred.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use tui_big_text::{BigText, PixelSize};

use super::chip;
use super::outcome::Outcome;
use crate::app::App;
use crate::app::view::Scope;
use crate::model::rollup::{self, Dot};
use crate::model::{Action, LevelNames, Node, figures, names};

/// Content wider than this is centred rather than stretched across the wall.
pub const MAX_WIDTH: u16 = 110;

/// A rating or mean shown in a block: label on the level's colour.
struct Tile {
    period: String,
    /// The level's label and name ("2 Started, some delay"), or a mean with its coverage:
    /// wrapped over the tile's lines.
    text: String,
    style: Style,
    active: bool,
    /// Movement from the latest earlier period with ratings, like for like.
    dot: Option<Dot>,
    /// How many the movement stands on, for a roll-up ("1 in both").
    both: Option<usize>,
}

/// What drawing the presentation learnt: how far its body can scroll, and how many lines
/// of it show at once (a page).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Drawn {
    pub max_scroll: u16,
    pub page: u16,
}

/// Draw the current item for the room; how far its body can scroll, and its page.
pub fn render(frame: &mut Frame, app: &App, area: Rect) -> Drawn {
    let width = area.width.min(MAX_WIDTH);
    let area = Rect {
        x: area.x + (area.width - width) / 2,
        width,
        ..area
    };
    let Some(node) = app.current() else {
        return Drawn::default();
    };
    let plan = app.plan();
    let theme = app.theme();

    let big = area.height >= 24 && area.width >= 60;
    let tiles = tiles(app, node);
    // Each tile's words wrapped to its width; the tiles as tall as the longest needs, up
    // to what the screen can spare.
    let cols = tile_columns(area, tiles.len());
    let cap = match area.height {
        h if h >= 30 => 3,
        h if h >= 16 => 2,
        _ => 1,
    };
    let wrapped: Vec<Vec<String>> = tiles
        .iter()
        .zip(&cols)
        .map(|(t, c)| wrap_words(&t.text, c.width.saturating_sub(2)))
        .collect();
    // Large blocks on a large screen, whatever their words need.
    let least = if area.height >= 30 { 3 } else { 1 };
    let inner_h = wrapped
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(1)
        .clamp(least, cap) as u16;
    let tile_h = inner_h + 2;
    let mut legend = legend(app, area.width);
    legend.truncate(if area.height >= 30 { 3 } else { 2 });
    if tiles.is_empty() && !matches!(node, Node::Objective(..)) {
        legend.clear();
    }
    let legend_h = legend.len() as u16;
    let [heading, title, body, tiles_area, legend_area] = Layout::vertical([
        Constraint::Length(if big { 5 } else { 1 }),
        Constraint::Length(title_height(app, node, area.width)),
        Constraint::Min(0),
        Constraint::Length(if tiles.is_empty() { 0 } else { tile_h + 1 }),
        Constraint::Length(legend_h),
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

    // The title ends with a blank line: the body starts under it, its last line kept for
    // the "more" mark.
    let inner = Rect {
        x: body.x + 2,
        width: body.width.saturating_sub(4),
        height: body.height.saturating_sub(1),
        ..body
    };
    let outcome = outcome_of(app, node).filter(|o| !o.is_empty());
    // The CYPP shape: baseline → ambition side by side, milestones under them, when it all
    // fits; else the same in one column that scrolls like any other body.
    let mut drawn = Drawn {
        max_scroll: 0,
        page: inner.height,
    };
    if let Some(o) = &outcome
        && super::present_outcome::render_if_fits(frame, app, o, body_lines(app, node), inner)
    {
        // Side by side, it all fits: nothing to scroll.
    } else {
        let mut lines = body_lines(app, node);
        if let Some(o) = &outcome {
            lines.extend(super::outcome::lines(app, o));
        }
        // The body scrolls (↓ ↑ a line, Space PgDn a page) when it is longer than the
        // screen: every action is reachable.
        let para = Paragraph::new(lines).wrap(Wrap { trim: true });
        let total = para.line_count(inner.width) as u16;
        let max = total.saturating_sub(inner.height);
        drawn.max_scroll = max;
        let scroll = app.present_scroll().min(max);
        frame.render_widget(para.scroll((scroll, 0)), inner);
        if max > 0 && inner.height > 0 {
            let below = max - scroll;
            let hint = if below > 0 {
                let (page, line) = scroll_keys(app);
                format!(" ▼ {below} more line(s): {page} a page, {line} a line ")
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
        for ((tile, col), text) in tiles.iter().zip(&cols).zip(&wrapped) {
            let col = Rect {
                y: tiles_area.y + 1,
                height: tile_h,
                ..*col
            };
            // Past periods as readable as the active one (no dim grey on a projector); the
            // active one stands out by weight, colour and its ◆.
            let border = if tile.active {
                theme.title()
            } else {
                Style::new()
            };
            let mut block = Block::default()
                .borders(Borders::ALL)
                .border_style(border)
                .title(
                    Line::styled(
                        format!(" {}{} ", if tile.active { "◆ " } else { "" }, tile.period),
                        border,
                    )
                    .centered(),
                );
            // The movement since the period before sits on the tile's lower edge.
            if let Some(dot) = tile.dot {
                let room = usize::from(col.width.saturating_sub(4));
                let long = tile
                    .both
                    .map(|n| format!(" {} on {n} ", dot.label()))
                    .filter(|t| t.chars().count() <= room);
                let text = long.unwrap_or_else(|| format!(" {} ", dot.label()));
                block = block.title_bottom(Line::styled(text, border).centered());
            }
            let inner = block.inner(col);
            frame.render_widget(block, col);
            let shown = fit_lines(text, usize::from(inner.height), usize::from(inner.width));
            let pad = (usize::from(inner.height) - shown.len()) / 2;
            let mut lines = vec![Line::default(); pad];
            lines.extend(shown.into_iter().map(Line::from));
            let fill = Paragraph::new(lines)
                .style(tile.style)
                .alignment(Alignment::Center);
            frame.render_widget(fill, inner);
        }
    }
    frame.render_widget(Paragraph::new(legend), legend_area);
    drawn
}

/// The keys that turn a page (Space, else next's first key) and move a line (↓) in
/// presentation, as the key table binds them.
fn scroll_keys(app: &App) -> (String, String) {
    let keymap = app.keymap();
    let next = keymap.keys_in(Scope::Present, crate::app::Action::Next);
    let page = next
        .iter()
        .find(|k| *k == "Space")
        .or(next.first())
        .cloned()
        .unwrap_or_default();
    let line = keymap
        .key_in(Scope::Present, crate::app::Action::Down)
        .unwrap_or_default();
    (page, line)
}

/// The tiles' columns across `area`, one per period.
fn tile_columns(area: Rect, n: usize) -> Vec<Rect> {
    if n == 0 {
        return Vec::new();
    }
    Layout::horizontal(vec![Constraint::Ratio(1, n as u32); n])
        .split(area)
        .to_vec()
}

/// `text` in lines of at most `width` characters, broken between words; a bracketed
/// phrase ("(8/8 rated)") kept whole where it fits a line; a word longer than a line
/// broken inside.
fn wrap_words(text: &str, width: u16) -> Vec<String> {
    let width = usize::from(width.max(1));
    // The units to place: words, and bracketed phrases as one.
    let mut units: Vec<String> = Vec::new();
    let mut open = false;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        match units.last_mut() {
            Some(u) if open => {
                u.push(' ');
                u.push_str(word);
            }
            _ => units.push(word.to_string()),
        }
        open = (open || word.starts_with('(')) && !word.ends_with(')');
    }
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    let place = |unit: &str, line: &mut String, out: &mut Vec<String>| {
        let used = line.chars().count();
        let gap = usize::from(used > 0);
        if used + gap + unit.chars().count() <= width {
            if gap == 1 {
                line.push(' ');
            }
            line.push_str(unit);
            return true;
        }
        if used > 0 {
            out.push(std::mem::take(line));
        }
        false
    };
    for unit in &units {
        if place(unit, &mut line, &mut out) || place(unit, &mut line, &mut out) {
            continue;
        }
        // Longer than a line: its words, and a word longer than a line in pieces.
        for word in unit.split(' ') {
            let mut chars: Vec<char> = word.chars().collect();
            while !place(&chars.iter().collect::<String>(), &mut line, &mut out) {
                if !line.is_empty() {
                    continue;
                }
                let rest = chars.split_off(width.min(chars.len()));
                out.push(chars.iter().collect());
                chars = rest;
                if chars.is_empty() {
                    break;
                }
            }
        }
    }
    if !line.is_empty() || out.is_empty() {
        out.push(line);
    }
    out
}

/// At most `height` of `lines`, the last one shown ending "…" when some are left out.
fn fit_lines(lines: &[String], height: usize, width: usize) -> Vec<String> {
    if lines.len() <= height {
        return lines.to_vec();
    }
    let mut out = lines[..height].to_vec();
    if let Some(last) = out.last_mut() {
        let keep = width.saturating_sub(1).min(last.chars().count());
        *last = last
            .chars()
            .take(keep)
            .collect::<String>()
            .trim_end()
            .to_string()
            + "…";
    }
    out
}

/// The scale's legend, for the room: each level's label in its colour, then its name, in
/// lines of at most `width` that never part a label from its name.
fn legend(app: &App, width: u16) -> Vec<Line<'static>> {
    let (plan, theme) = (app.plan(), app.theme());
    let width = usize::from(width);
    let gap = "   ";
    let mut lines: Vec<Vec<Span<'static>>> = Vec::new();
    let mut used = 0;
    for level in &plan.scale.levels {
        let chip = chip::rating(theme, &plan.scale, Some(level.value), false);
        let name = (level.name != level.label).then(|| format!(" {}", level.name));
        let w = chip.width() + name.as_deref().map_or(0, |n| n.chars().count());
        let fits = used + gap.len() + w <= width;
        match lines.last_mut() {
            Some(line) if fits => {
                line.push(Span::raw(gap));
                used += gap.len();
            }
            _ => {
                lines.push(Vec::new());
                used = 0;
            }
        }
        if let Some(line) = lines.last_mut() {
            line.push(chip);
            line.extend(name.map(Span::raw));
        }
        used += w;
    }
    lines
        .into_iter()
        .map(|spans| Line::from(spans).centered())
        .collect()
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
            // The lead's proposal, beside the board's rating the room sees above.
            let proposed = super::proposal::head(app, ac);
            if !proposed.is_empty() {
                out.push(Line::from(proposed));
            }
            if let Some(progress) = ac.progress.as_deref().filter(|t| !t.is_empty()) {
                out.push(Line::default());
                out.push(Line::from(Span::styled("Progress", theme.label())));
                out.push(Line::from(progress.to_string()));
            }
        }
    }
    // The board's decisions and agreed actions on the item, as the detail lists them, so
    // the room sees what was decided where it is discussed.
    out.extend(super::detail::records(app, &node.id(plan)));
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
                // Past periods named where a projector shows them: never dimmed.
                Style::new(),
            ))
            .centered(),
        );
    }
    out
}

fn tiles(app: &App, node: Node) -> Vec<Tile> {
    let plan = app.plan();
    let theme = app.theme();
    // Not rated: italic and without a level's colour, so it never looks like a red; not
    // dimmed, so a projector shows it.
    let not_rated = theme.unrated().remove_modifier(Modifier::DIM);
    let unrated = |period: &str, active| Tile {
        period: period.to_string(),
        text: "not rated".into(),
        style: not_rated,
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
                        style: if partial { not_rated } else { theme.label() },
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
                            text: if level.name == level.label {
                                level.label.clone()
                            } else {
                                format!("{} {}", level.label, level.name)
                            },
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
                ambition: ac.ambition.as_deref(),
                milestones: &ac.milestones,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{fit_lines, wrap_words};

    #[test]
    fn words_wrap_and_a_bracketed_phrase_stays_whole() {
        assert_eq!(
            wrap_words("1 Not started / significant delay", 18),
            ["1 Not started /", "significant delay"]
        );
        assert_eq!(
            wrap_words("mean 2.8 (8/8 rated)", 16),
            ["mean 2.8", "(8/8 rated)"]
        );
        assert_eq!(wrap_words("3 On track", 30), ["3 On track"]);
        // Longer than a line: broken by words, then inside a word.
        assert_eq!(
            wrap_words("partial: 2.4 (10/95 actions rated)", 10),
            ["partial:", "2.4", "(10/95", "actions", "rated)"]
        );
        assert_eq!(wrap_words("Unbreakable", 4), ["Unbr", "eaka", "ble"]);
        assert_eq!(wrap_words("", 4), [""]);
    }

    #[test]
    fn lines_left_out_end_the_last_shown_with_an_ellipsis() {
        let lines = wrap_words("5 Completed, can be removed", 10);
        assert_eq!(lines, ["5", "Completed,", "can be", "removed"]);
        assert_eq!(fit_lines(&lines, 2, 10), ["5", "Completed…"]);
        assert_eq!(fit_lines(&lines, 4, 10), lines);
    }
}
