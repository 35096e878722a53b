//! The outline: priorities, objectives and actions, with expand/collapse.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState};

use super::chip;
use crate::app::{App, Focus};
use crate::model::{Item, Node};
use crate::model::{names, rollup};

pub fn render(frame: &mut Frame, app: &App, area: Rect) {
    // Only the rows that fit are built, scrolled so the selection stays in view with a
    // few rows of look-ahead below it (at the very end, up to that many rows stay blank).
    let height = usize::from(area.height.saturating_sub(2));
    let selected = app.outline_row();
    let look_ahead = 4.min(height / 3);
    let offset = (selected + 1 + look_ahead).saturating_sub(height.max(1));
    let rows: Vec<Node> = app.outline_rows().skip(offset).take(height).collect();
    let theme = app.theme();
    let plan = app.plan();
    let period = app.period_id();
    let items: Vec<ListItem> = rows
        .iter()
        .enumerate()
        .map(|(i, &node)| {
            let mut spans = vec![Span::raw("  ".repeat(node.indent(plan)))];
            let marker = if app.has_children(node) {
                if app.is_collapsed(node) {
                    "▸ "
                } else {
                    "▾ "
                }
            } else {
                "  "
            };
            spans.push(Span::raw(marker));
            spans.push(if app.is_reviewed(node) {
                Span::styled("✓ ", theme.label())
            } else {
                Span::raw("  ")
            });
            match (node, node.get(plan)) {
                (Node::Group(g), Some(Item::Group(gr))) => {
                    spans.push(chip::group(
                        theme,
                        plan,
                        &rollup::group_stats(plan, g, period),
                    ));
                    spans.push(Span::styled(
                        format!(" {} ", names::tag(plan, node)),
                        theme.title(),
                    ));
                    spans.push(Span::raw(gr.title.clone()));
                }
                (_, Some(Item::Priority(pr))) => {
                    spans.push(chip::group(
                        theme,
                        plan,
                        &rollup::priority_stats(plan, pr, period),
                    ));
                    spans.push(Span::styled(
                        format!(" {} ", names::tag(plan, node)),
                        theme.title(),
                    ));
                    spans.push(Span::raw(pr.title.clone()));
                }
                (_, Some(Item::Objective(ob))) => {
                    spans.push(Span::styled(format!("{} ", ob.id), theme.label()));
                    spans.push(Span::raw(ob.title.clone()));
                }
                (_, Some(Item::Action(ac) | Item::Measure(ac, _))) => {
                    spans.push(chip::rating(theme, &plan.scale, ac.rating(period), false));
                    if app.is_overdue(ac) {
                        spans.push(Span::styled("!", theme.warning()));
                    } else {
                        spans.push(Span::raw(" "));
                    }
                    spans.push(Span::styled(format!("{} ", ac.id), theme.dim()));
                    spans.push(Span::raw(super::action_label(plan, node)));
                }
                // A node the plan no longer has (never drawn from a stale agenda).
                _ => {}
            }
            let item = ListItem::new(super::findbar::highlight(app, Line::from(spans)));
            // The selected row's style goes under its spans, so the rating chip keeps its
            // colour (a list's highlight style would paint over it).
            if offset + i == selected {
                item.style(theme.selected())
            } else {
                item
            }
        })
        .collect();
    let focused = app.focus() == Focus::Outline;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(focused))
        .title(" Agenda ");
    let list = List::new(items).block(block).highlight_symbol("▶");
    let mut state = ListState::default().with_selected(Some(selected - offset));
    frame.render_stateful_widget(list, area, &mut state);
}
