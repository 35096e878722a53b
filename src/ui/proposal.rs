//! A lead's proposal beside the agreed rating in an action's detail: "proposed 3 by
//! S Murphy", where the board stands on it, and the progress note the lead sent.

use ratatui::text::{Line, Span};

use crate::app::App;
use crate::app::proposals::current;
use crate::model::{Action, Standing, proposals};

/// Spans for the detail's head line, after the agreed rating.
pub fn head(app: &App, ac: &Action) -> Vec<Span<'static>> {
    let Some((p, s)) = current(app).filter(|(p, _)| p.item == ac.id) else {
        return Vec::new();
    };
    let t = app.theme();
    let style = match s {
        Standing::Proposed => t.warning(),
        _ => t.dim(),
    };
    vec![Span::styled(
        format!("  {} · {}", proposals::words(app.plan(), &p), s.word()),
        style,
    )]
}

/// The proposal's block: the lead's note, and the keys that agree or challenge it.
pub fn block(app: &App, ac: &Action, out: &mut Vec<Line<'static>>) {
    let Some((p, s)) = current(app).filter(|(p, _)| p.item == ac.id) else {
        return;
    };
    let t = app.theme();
    out.push(Line::default());
    out.push(Line::from(Span::styled(
        format!("Proposed update ({}, from {})", app.period_label(), p.form),
        t.label(),
    )));
    out.push(Line::from(format!(
        "  {} · {}",
        proposals::words(app.plan(), &p),
        s.word()
    )));
    if let Some(text) = &p.progress {
        out.extend(text.lines().map(|l| Line::from(format!("  {l}"))));
    }
    if s == Standing::Proposed {
        let key = app
            .keymap()
            .key_for(crate::app::Action::Agree)
            .unwrap_or_else(|| "=".into());
        out.push(Line::from(Span::styled(
            format!("  {key} agrees it; another rating challenges it (with the board's reason)"),
            t.dim(),
        )));
    }
}
