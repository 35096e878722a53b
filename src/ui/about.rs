//! "About this plan": what it is, where it came from, what it calls its levels, how it is
//! rated, and its narrative sections (vision, principles, governance...) as text.

use ratatui::text::{Line, Span};

use crate::app::App;
use crate::model::series;
use crate::model::{LevelNames, names};
use crate::store::bundled;

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
    // A plan with nothing to rate (narrative only) says so, where its levels and scale
    // would be.
    let nothing = names::nothing_to_rate(plan);
    if !plan.priorities.is_empty() {
        out.push(field(
            "Levels",
            format!("{top}{} › {} › {}", n.priority, n.objective, n.action),
        ));
    }
    match &nothing {
        Some(sentence) => out.push(field("Contents", names::capitalised(sentence))),
        None => out.push(field("Contents", names::shape(plan))),
    }
    if plan.scale.is_unset() {
        out.push(field("Scale", "none: nothing to rate".into()));
    } else {
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
    }
    if let Some(s) = &plan.series {
        out.push(field("Kind", format!("{}, {}", s.kind.word(), s.years)));
        // The line of plans it stands in, drawn through the bundled plans; this one marked.
        let mut line = vec![Span::styled(format!("{:<11}", "Line"), t.label())];
        for (i, link) in series::line(s, bundled::series()).iter().enumerate() {
            if i > 0 {
                line.push(Span::raw(" → "));
            }
            if link.this {
                line.push(Span::styled(
                    format!("{} (this plan)", link.label()),
                    t.title(),
                ));
            } else {
                line.push(Span::raw(link.label().to_string()));
            }
        }
        out.push(Line::from(line));
        for (relation, id) in s.links() {
            let word = names::capitalised(relation.word());
            let named = match bundled::series().iter().find(|b| b.id == id) {
                Some(b) => format!("{} (ragboard {id})", b.name),
                None => format!("{id} (not bundled)"),
            };
            out.push(field(&word, named));
        }
    }
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
