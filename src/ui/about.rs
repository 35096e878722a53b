//! "About this plan": what it is, where it came from, what it calls its levels, how it is
//! rated, and its narrative sections (vision, principles, governance...) as text.

use ratatui::text::{Line, Span};

use crate::app::App;
use crate::model::{LevelNames, names};

pub fn lines(app: &App) -> Vec<Line<'static>> {
    let plan = app.plan();
    let t = app.theme();
    let mut out = vec![Line::from(Span::styled(plan.title.clone(), t.title()))];
    if let Some(org) = &plan.organisation {
        out.push(Line::from(org.clone()));
    }
    out.push(Line::default());
    let field = |name: &str, value: String| {
        Line::from(vec![
            Span::styled(format!("{name:<11}"), t.label()),
            Span::raw(value),
        ])
    };
    let n = &plan.names;
    let top = if plan.groups.is_empty() {
        String::new()
    } else {
        format!("{} › ", n.group())
    };
    out.push(field(
        "Levels",
        format!("{top}{} › {} › {}", n.priority, n.objective, n.action),
    ));
    out.push(field("Contents", names::shape(plan)));
    let how = if plan.scale.averages() {
        "averaged"
    } else {
        "statuses, counted, never averaged"
    };
    let levels: Vec<String> = plan
        .scale
        .levels
        .iter()
        .map(|l| format!("{} {}", l.label, l.name))
        .collect();
    out.push(field(
        "Scale",
        format!("{} ({how}): {}", plan.scale.name, levels.join(", ")),
    ));
    let milestones = plan.milestone_count();
    if milestones > 0 {
        out.push(field("Milestones", milestones.to_string()));
    }
    if let Some(src) = &plan.source {
        out.push(field("Source", src.clone()));
    }
    if let Some(note) = &plan.source_note {
        out.push(Line::default());
        out.push(Line::from(Span::styled("Note on the source", t.label())));
        out.extend(note.lines().map(|l| Line::from(l.to_string())));
    }
    if plan.narrative.is_empty() {
        out.push(Line::default());
        out.push(Line::from(Span::styled(
            "This plan file has no narrative sections.",
            t.dim(),
        )));
    } else {
        out.push(Line::default());
        let titles: Vec<&str> = plan.narrative.iter().map(|s| s.title.as_str()).collect();
        out.push(Line::from(Span::styled(
            format!(
                "{}: {}",
                LevelNames::count("section", titles.len()),
                titles.join(" · ")
            ),
            t.dim(),
        )));
    }
    for section in &plan.narrative {
        out.push(Line::default());
        out.push(Line::from(Span::styled(section.title.clone(), t.title())));
        out.extend(section.text.lines().map(|l| Line::from(l.to_string())));
    }
    out
}
