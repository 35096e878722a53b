//! The detail pane: everything about the selected item.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::{chip, outcome};
use crate::app::{App, Focus};
use crate::model::Node;
use crate::model::{self, figures, rollup};

pub fn render(frame: &mut Frame, app: &App, area: Rect) {
    let lines = match app.current() {
        Some(node) => lines(app, node, true)
            .into_iter()
            .map(|l| super::findbar::highlight(app, l))
            .collect(),
        None => vec![Line::from("The plan has no items.")],
    };
    let focused = app.focus() == Focus::Detail;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme().border(focused))
        .title(" Detail ");
    // Long measures, fields and notes wrap under their own text (hanging indent).
    let inner = block.inner(area);
    let para = Paragraph::new(super::wrap::hanging(lines, inner.width))
        .block(block)
        .wrap(Wrap { trim: false })
        .scroll((app.detail_scroll(), 0));
    frame.render_widget(para, area);
}

fn heading(app: &App, text: &str) -> Line<'static> {
    Line::from(Span::styled(text.to_string(), app.theme().label()))
}

fn field(app: &App, name: &str, value: &str) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{name:<13}"), app.theme().label()),
        Span::raw(value.to_string()),
    ])
}

fn text_block(app: &App, out: &mut Vec<Line<'static>>, title: &str, text: Option<&str>) {
    if let Some(t) = text.filter(|t| !t.trim().is_empty()) {
        out.push(Line::default());
        out.push(heading(app, title));
        out.extend(t.lines().map(|l| Line::from(format!("  {l}"))));
    }
}

/// The lines describing `node`; `officer` adds what only officers need (notes on the source).
pub fn lines(app: &App, node: Node, officer: bool) -> Vec<Line<'static>> {
    let plan = app.plan();
    let theme = app.theme();
    let mut out = Vec::new();
    match node {
        Node::Group(g) => {
            let Some(gr) = plan.groups.get(g) else {
                return out;
            };
            out.push(Line::from(Span::styled(
                format!("{} {}", plan.names.group(), gr.id),
                theme.label(),
            )));
            out.push(Line::from(Span::styled(gr.title.clone(), theme.title())));
            out.push(Line::default());
            out.push(heading(app, &ratings_heading(plan)));
            let actions: Vec<&model::Action> = plan
                .group_priorities(g)
                .iter()
                .flat_map(|p| p.actions())
                .collect();
            out.extend(periods_of(app, &actions, None));
            out.push(Line::default());
            let plural =
                model::names::capitalised(&model::LevelNames::plural(&plan.names.priority));
            out.push(heading(app, &format!("{plural} ({})", app.period_label())));
            for pr in plan.group_priorities(g) {
                out.push(Line::from(vec![
                    Span::raw("  "),
                    chip::group(
                        theme,
                        plan,
                        &rollup::priority_stats(plan, pr, app.period_id()),
                    ),
                    Span::raw(format!(" {} ", pr.id)),
                    Span::raw(pr.title.clone()),
                ]));
            }
            if officer {
                text_block(
                    app,
                    &mut out,
                    "Note on the source",
                    gr.source_note.as_deref(),
                );
            }
        }
        Node::Priority(p) => {
            let Some(pr) = plan.priority_at(p) else {
                return out;
            };
            out.push(Line::from(Span::styled(
                format!("{} {}", plan.names.priority, pr.id),
                theme.label(),
            )));
            out.push(Line::from(Span::styled(pr.title.clone(), theme.title())));
            if let Some(h) = &pr.heading {
                out.push(Line::from(Span::styled(
                    format!("Table heading: {h}"),
                    theme.dim(),
                )));
            }
            out.push(Line::default());
            out.push(heading(app, &ratings_heading(plan)));
            let actions: Vec<&model::Action> = pr.actions().collect();
            out.extend(periods_of(app, &actions, Some(&pr.judgements)));
            out.extend(judgement_note(app, &pr.id));
            out.extend(records(app, &pr.id));
            if !pr.indicators.is_empty() {
                out.push(Line::default());
                out.push(heading(app, "Performance indicators"));
                for ind in &pr.indicators {
                    out.push(super::indicators::brief(app, ind));
                }
            }
            if officer {
                text_block(
                    app,
                    &mut out,
                    "Note on the source",
                    pr.source_note.as_deref(),
                );
            }
        }
        Node::Objective(p, o) => {
            let Some(ob) = plan.objective_at(p, o) else {
                return out;
            };
            out.push(Line::from(Span::styled(
                format!("{} {}", plan.names.objective, ob.id),
                theme.label(),
            )));
            out.push(Line::from(Span::styled(ob.title.clone(), theme.title())));
            text_block(app, &mut out, "In the plan's words", ob.text.as_deref());
            out.extend(outcome::lines(
                app,
                &outcome::Outcome {
                    baseline: ob.baseline.as_deref(),
                    ambition: ob.ambition.as_ref(),
                    milestones: &ob.milestones,
                },
            ));
            out.extend(records(app, &ob.id));
            out.push(Line::default());
            let plural = model::names::capitalised(&model::LevelNames::plural(&plan.names.action));
            out.push(heading(app, &format!("{plural} ({})", app.period_label())));
            for (ai, ac) in ob.actions.iter().enumerate() {
                out.push(Line::from(vec![
                    Span::raw("  "),
                    chip::rating(theme, &plan.scale, ac.rating(app.period_id()), false),
                    Span::raw(format!(" {} ", ac.id)),
                    Span::raw(super::action_label(plan, Node::Action(p, o, ai))),
                ]));
            }
            if officer {
                text_block(
                    app,
                    &mut out,
                    "Note on the source",
                    ob.source_note.as_deref(),
                );
            }
        }
        Node::Action(p, o, a) | Node::Measure(p, o, a, _) => {
            let Some(ac) = plan.action_in(p, o, a) else {
                return out;
            };
            let current_measure = match node {
                Node::Measure(_, _, _, m) => Some(m),
                _ => None,
            };
            action_lines(app, node, ac, current_measure, officer, &mut out);
        }
    }
    out
}

/// The most of a parent's title an item's detail shows (every CYPP aim and priority title
/// fits).
const PARENT_TITLE: usize = 180;

fn action_lines(
    app: &App,
    node: Node,
    ac: &model::Action,
    current_measure: Option<usize>,
    officer: bool,
    out: &mut Vec<Line<'static>>,
) {
    let theme = app.theme();
    let mut head = vec![Span::styled(
        format!("{} {}", app.plan().names.action, ac.id),
        theme.label(),
    )];
    // The rating being recorded sits at the top, so it is never below the fold.
    head.push(Span::raw(format!("  ◆ {} ", app.period_label())));
    head.push(chip::rating(
        theme,
        &app.plan().scale,
        ac.rating(app.period_id()),
        false,
    ));
    head.extend(super::proposal::head(app, ac));
    if app.is_overdue(ac) {
        head.push(Span::styled("  OVERDUE", theme.warning()));
    }
    out.push(Line::from(head));
    out.push(Line::from(Span::styled(ac.title.clone(), theme.title())));
    // What it is part of, in the plan's words: "Aim 1.1: Raise attainment at the end...",
    // wrapping to the margin. A title that is a paragraph (the development plan's outcomes)
    // is cut, so the item's own fields stay near the top; its own node shows it whole.
    let path = model::agenda::path(app.plan(), node);
    if let Some(parent) = path.len().checked_sub(2).and_then(|i| path.get(i)) {
        out.push(Line::from(vec![
            Span::styled(format!("{} {}: ", parent.level, parent.id), theme.label()),
            Span::styled(super::findbar::fit(parent.title, PARENT_TITLE), theme.dim()),
        ]));
    }
    if !ac.measures.is_empty() {
        out.push(Line::default());
        out.push(heading(app, "Success measures"));
        for (i, m) in ac.measures.iter().enumerate() {
            let here = current_measure == Some(i);
            let bullet = if here { "▶ " } else { "• " };
            let style = if here {
                theme.selected()
            } else {
                ratatui::style::Style::new()
            };
            out.push(Line::from(Span::styled(format!("{bullet}{m}"), style)));
        }
    }
    out.extend(outcome::lines(
        app,
        &outcome::Outcome {
            baseline: ac.baseline.as_deref(),
            ambition: ac.ambition.as_deref(),
            milestones: &ac.milestones,
        },
    ));
    // Lead, responsible officer and due date, where the item has them: a row with nothing
    // to say is left out (a CYPP objective has none of the three).
    let mut rows = Vec::new();
    if let Some(lead) = &ac.lead {
        rows.push(field(app, "Lead", lead));
    }
    if officer && let Some(o) = &ac.officer {
        rows.push(field(app, "Responsible", o));
    }
    if let Some(due) = ac.due {
        let mut due_line = field(app, "Due", &due.human());
        if app.is_overdue(ac) {
            due_line.spans.push(Span::styled(
                format!("  overdue at {}", app.today().format("%-d %b %Y")),
                theme.warning(),
            ));
        }
        rows.push(due_line);
    }
    if !rows.is_empty() {
        out.push(Line::default());
        out.extend(rows);
    }
    out.push(Line::default());
    out.push(heading(app, "Rating by period"));
    out.extend(rating_history(app, ac));
    out.extend(records(app, &ac.id));
    super::proposal::block(app, ac, out);
    text_block(app, out, "Progress update", ac.progress.as_deref());
    history(app, ac, out);
    if officer {
        text_block(app, out, "Note on the source", ac.source_note.as_deref());
    }
}

/// The decisions and agreed actions on the item `id` this meeting has before it: its own,
/// and the agreed actions of earlier meetings still open (matters arising).
pub(super) fn records(app: &App, id: &str) -> Vec<Line<'static>> {
    let theme = app.theme();
    let period = crate::app::find::arising_period(app);
    let arising = model::minutes::arising(app.plan(), period);
    let here: Vec<_> = arising
        .all()
        .filter(|d| d.item.as_deref() == Some(id))
        .collect();
    if here.is_empty() {
        return Vec::new();
    }
    let mut out = vec![
        Line::default(),
        heading(app, "Decisions and agreed actions"),
    ];
    for d in here {
        let when = if d.period == period {
            "this meeting".to_string()
        } else {
            app.plan()
                .period(&d.period)
                .map_or(d.period.clone(), |p| p.label.clone())
        };
        let mark = d.status.symbol();
        let late = d.status.is_open() && d.due.is_some_and(|x| x.deadline() < app.today());
        out.push(Line::from(vec![
            Span::styled(format!("  {mark} "), theme.label()),
            Span::styled(
                model::minutes::describe(d),
                if late {
                    theme.warning()
                } else {
                    ratatui::style::Style::new()
                },
            ),
            Span::styled(format!(" ({when})"), theme.dim()),
        ]));
    }
    out
}

/// The board's judgement in the active period, with its note and who recorded it, from the
/// change log.
fn judgement_note(app: &App, priority: &str) -> Vec<Line<'static>> {
    let last = app
        .meeting()
        .log()
        .map(|(c, _)| c)
        .filter(|c| c.judgement && c.item == priority && c.period == app.period_id())
        .last();
    let Some(c) = last else {
        return Vec::new();
    };
    let mut spans = vec![
        Span::styled(
            format!("  Board's judgement in {}: ", app.period_label()),
            app.theme().label(),
        ),
        chip::rating(app.theme(), &app.plan().scale, c.to, true),
        Span::styled(format!("  {}", c.who), app.theme().dim()),
    ];
    if let Some(n) = &c.note {
        spans.push(Span::raw(format!("  “{n}”")));
    }
    vec![Line::from(spans)]
}

/// One line per period: label, chip, direction of travel from the action's latest earlier
/// rating (named where that is not the period on the line above).
fn rating_history(app: &App, ac: &model::Action) -> Vec<Line<'static>> {
    let plan = app.plan();
    plan.periods
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let r = ac.rating(&p.id);
            let active = if i == app.period() { "◆" } else { " " };
            let mut spans = vec![
                Span::raw(format!(" {active} {:<13}", p.label)),
                chip::rating(app.theme(), &plan.scale, r, true),
            ];
            if let Some((d, from)) = figures::action_travel(plan, ac, i) {
                spans.push(Span::raw(format!("  {}", d.label())));
                if from + 1 != i {
                    spans.push(Span::styled(
                        format!(" vs {}", plan.periods[from].label),
                        app.theme().dim(),
                    ));
                }
            }
            Line::from(spans)
        })
        .collect()
}

/// "Ratings by period (mean of rated actions)", in the plan's words.
fn ratings_heading(plan: &model::Plan) -> String {
    let what = if plan.scale.averages() {
        "mean of rated"
    } else {
        "statuses of"
    };
    format!(
        "Ratings by period ({what} {})",
        model::LevelNames::plural(&plan.names.action)
    )
}

/// A priority's or group's roll-up in every period, with its coverage (partial marked),
/// its direction of travel like for like (on how many, and against which period where that
/// is not the line above), and the board's judgement where it gave one.
fn periods_of(
    app: &App,
    actions: &[&model::Action],
    judgements: Option<&model::Ratings>,
) -> Vec<Line<'static>> {
    let plan = app.plan();
    figures::series(plan, actions)
        .into_iter()
        .zip(&plan.periods)
        .enumerate()
        .map(|(i, (f, per))| {
            let s = &f.stats;
            let active = if i == app.period() { "◆" } else { " " };
            let mut spans = vec![
                Span::raw(format!(" {active} {:<13}", per.label)),
                chip::group(app.theme(), plan, s),
                Span::raw(format!(" {:>2}/{:<2} rated ", s.rated, s.total)),
            ];
            if f.coverage.partial {
                spans.push(Span::styled("partial ", app.theme().warning()));
            }
            for (level, n) in &s.counts {
                spans.push(chip::rating(app.theme(), &plan.scale, Some(*level), false));
                spans.push(Span::raw(format!("×{n} ")));
            }
            if let Some(t) = f.travel {
                let mut text = format!(" {} on {}", t.dot.arrow(), t.both);
                if t.from + 1 != i {
                    text.push_str(&format!(" vs {}", plan.periods[t.from].label));
                }
                spans.push(Span::raw(text + " "));
            }
            if let Some(j) = judgements
                .and_then(|js| js.get(&per.id).copied())
                .filter(|j| *j != 0)
            {
                spans.push(Span::styled(" board: ", app.theme().dim()));
                spans.push(chip::rating(app.theme(), &plan.scale, Some(j), false));
            }
            Line::from(spans)
        })
        .collect()
}

/// The audit trail of one action: saved changes, then this meeting's unsaved ones.
fn history(app: &App, ac: &model::Action, out: &mut Vec<Line<'static>>) {
    let changes: Vec<&model::Change> = app
        .meeting()
        .log()
        .map(|(c, _)| c)
        .filter(|c| c.item == ac.id)
        .collect();
    if changes.is_empty() {
        return;
    }
    out.push(Line::default());
    out.push(heading(app, "Changes"));
    for c in changes {
        let period = app
            .plan()
            .period(&c.period)
            .map_or(c.period.as_str(), |p| p.label.as_str());
        let mut spans = vec![
            Span::styled(
                format!("  {} {} ", c.when.format("%Y-%m-%d %H:%M"), c.who),
                app.theme().dim(),
            ),
            Span::raw(format!("{period} ")),
            chip::rating(app.theme(), &app.plan().scale, c.from, false),
            Span::raw("→"),
            chip::rating(app.theme(), &app.plan().scale, c.to, false),
        ];
        if let Some(n) = &c.note {
            spans.push(Span::raw(format!(" “{n}”")));
        }
        out.push(Line::from(spans));
    }
}
