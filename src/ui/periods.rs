//! Periods side by side: the selected objective's actions (every action of a priority when
//! a priority is selected) against every period, so each action's history reads left to
//! right, with the direction of travel into each period.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::chip;
use super::findbar::fit;
use crate::app::{App, find};
use crate::model::Node;
use crate::model::names::article;
use crate::model::{figures, rollup};

/// A period column: a chip " 3 " and an arrow, with room for the label's short form.
const CELL: usize = 7;

pub fn render(frame: &mut Frame, app: &App, area: Rect, selected: usize) {
    let t = app.theme();
    let plan = app.plan();
    let rows = find::periods_rows(app);
    let inner = area.width.saturating_sub(2) as usize;
    let n = plan.periods.len();
    let name_w = inner.saturating_sub(2 + 8 + n * CELL + 11).max(10);

    let mut lines = Vec::new();
    let mut head = vec![Span::styled(
        format!("  {:<8}{:<name_w$}", fit(&plan.names.action, 8), ""),
        t.label(),
    )];
    for (i, p) in plan.periods.iter().enumerate() {
        let style = if i == app.period() {
            t.label().patch(t.selected())
        } else {
            t.label()
        };
        head.push(Span::styled(
            format!("{:^CELL$}", fit(p.label.trim_start_matches("RAG "), CELL)),
            style,
        ));
    }
    head.push(Span::styled(" due", t.label()));
    lines.push(Line::from(head));
    let mut last_objective = None;
    let mut selected_line = 0;
    for (i, node) in rows.iter().enumerate() {
        let Node::Action(p, o, a) = *node else {
            continue;
        };
        let (Some(ob), Some(ac)) = (plan.objective_at(p, o), plan.action_in(p, o, a)) else {
            continue;
        };
        if last_objective != Some((p, o)) {
            last_objective = Some((p, o));
            lines.push(Line::from(Span::styled(
                fit(&format!("{} {}", ob.id, ob.title), inner),
                t.title(),
            )));
        }
        let here = i == selected;
        if here {
            selected_line = lines.len();
        }
        let mut spans = vec![Span::styled(
            format!(
                "{}{:<8}{:<name_w$}",
                if here { "▶ " } else { "  " },
                ac.id,
                fit(&super::action_label(plan, *node), name_w)
            ),
            if here { t.selected() } else { Style::new() },
        )];
        let values: Vec<Option<f64>> = plan
            .periods
            .iter()
            .map(|per| ac.rating(&per.id).map(f64::from))
            .collect();
        for (per, dot) in plan.periods.iter().zip(rollup::dots(&values)) {
            let c = chip::rating(t, &plan.scale, ac.rating(&per.id), false);
            let w = c.content.chars().count();
            spans.push(Span::raw(" "));
            spans.push(c);
            spans.push(Span::raw(format!(
                "{:<pad$}",
                dot.map_or("", |d| d.arrow()),
                pad = CELL.saturating_sub(w + 1)
            )));
        }
        let overdue = app.is_overdue(ac);
        spans.push(Span::styled(
            format!(
                " {}{}",
                ac.due.map_or_else(|| "-".into(), |d| d.human()),
                if overdue { " !" } else { "" }
            ),
            if overdue { t.warning() } else { t.dim() },
        ));
        lines.push(Line::from(spans));
    }
    if !rows.is_empty() {
        lines.push(coverage_line(app, &rows, name_w));
    }
    if rows.is_empty() {
        // A plan with nothing to rate says so; otherwise the selection is the reason.
        let why = crate::model::names::nothing_to_rate_short(plan).map_or_else(
            || {
                format!(
                    "Select {} {} or {} first.",
                    article(&plan.names.objective),
                    plan.names.objective.to_lowercase(),
                    plan.names.action.to_lowercase()
                )
            },
            |n| format!("{}.", crate::model::names::capitalised(&n)),
        );
        lines.push(Line::from(why));
    }
    let visible = area.height.saturating_sub(2) as usize;
    let scroll = selected_line.saturating_sub(visible.saturating_sub(1));
    // In the plan's own words for its levels ("every action of strategic aim 2").
    let names = &plan.names;
    let title = match app.current() {
        Some(Node::Priority(p)) => format!(
            " Periods side by side · every {} of {} {} ",
            names.action.to_lowercase(),
            names.priority.to_lowercase(),
            plan.priority_at(p).map_or("", |pr| pr.id.as_str())
        ),
        Some(Node::Group(g)) => format!(
            " Periods side by side · every {} of {} {} ",
            names.action.to_lowercase(),
            names.group().to_lowercase(),
            plan.groups.get(g).map_or("", |gr| gr.id.as_str())
        ),
        Some(n) => format!(
            " Periods side by side · {} {} ",
            names.objective.to_lowercase(),
            objective_id(app, n)
        ),
        None => " Periods side by side ".into(),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border(true))
        .title(title);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((scroll as u16, 0)),
        area,
    );
}

/// How many of the shown actions are rated in each period, in brackets where that is fewer
/// than the plan's threshold (a figure from them would be partial).
fn coverage_line(app: &App, rows: &[Node], name_w: usize) -> Line<'static> {
    let (t, plan) = (app.theme(), app.plan());
    let actions: Vec<&crate::model::Action> = rows
        .iter()
        .filter_map(|n| match *n {
            Node::Action(p, o, a) => plan.action_in(p, o, a),
            _ => None,
        })
        .collect();
    // The row's name says what brackets mean, where there is room.
    let legend = format!(
        "rated ((n/m): fewer than {})",
        figures::threshold_words(plan)
    );
    let label = if legend.chars().count() <= 8 + name_w {
        legend
    } else {
        "rated".to_string()
    };
    let w = 8 + name_w;
    let mut spans = vec![Span::styled(format!("  {label:<w$}"), t.label())];
    for per in &plan.periods {
        let rated = actions
            .iter()
            .filter(|a| a.rating(&per.id).is_some())
            .count();
        let text = format!("{rated}/{}", actions.len());
        let partial = figures::is_partial(plan, rated, actions.len());
        spans.push(Span::styled(
            format!(
                "{:^CELL$}",
                if partial { format!("({text})") } else { text }
            ),
            if partial { t.warning() } else { t.dim() },
        ));
    }
    Line::from(spans)
}

fn objective_id(app: &App, n: Node) -> String {
    match n {
        Node::Objective(p, o) | Node::Action(p, o, _) | Node::Measure(p, o, _, _) => app
            .plan()
            .objective_at(p, o)
            .map_or_else(String::new, |ob| ob.id.clone()),
        Node::Group(_) | Node::Priority(_) => String::new(),
    }
}
