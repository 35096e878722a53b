//! Baseline → ambition and the key milestones with their state, for the detail and
//! presentation views alike.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::app::App;
use crate::model::{Ambition, Milestone, MilestoneCounts, MilestoneState};

/// What an item says about where it is and where it is going.
pub struct Outcome<'a> {
    pub baseline: Option<&'a str>,
    pub ambition: Option<&'a Ambition>,
    pub milestones: &'a [Milestone],
}

impl Outcome<'_> {
    pub fn is_empty(&self) -> bool {
        self.baseline.is_none_or(|b| b.trim().is_empty())
            && self.ambition.is_none()
            && self.milestones.is_empty()
    }
}

fn state_style(app: &App, state: MilestoneState) -> Style {
    match state {
        MilestoneState::Overdue | MilestoneState::Missed => app.theme().warning(),
        MilestoneState::Done => app.theme().label(),
        MilestoneState::Due | MilestoneState::Undated => app.theme().dim(),
    }
}

/// "2 overdue, 3 due, 1 done" at the meeting date.
pub fn tally(app: &App, milestones: &[Milestone]) -> String {
    MilestoneCounts::of(milestones, app.today()).words()
}

/// One line per milestone: state symbol and word, due date, text.
pub fn milestone_lines(app: &App, milestones: &[Milestone], indent: &str) -> Vec<Line<'static>> {
    milestones
        .iter()
        .map(|m| {
            let state = m.state(app.today());
            let due = m.due_now().map(|d| d.human()).unwrap_or_else(|| "-".into());
            Line::from(vec![
                Span::raw(indent.to_string()),
                Span::styled(
                    format!("{} {:<8}", state.symbol(), state.word()),
                    state_style(app, state),
                ),
                Span::raw(format!("{due:<9} ")),
                Span::raw(m.text.clone()),
                Span::styled(call_words(m), app.theme().dim()),
            ])
        })
        .collect()
}

/// The board's latest call on a milestone, in words: " [met 30 Jun 2014: the note]",
/// " [new date; was Mar 2014]"; empty where it has none.
pub fn call_words(m: &Milestone) -> String {
    let Some(c) = m.last_call() else {
        return String::new();
    };
    let what = match c.kind {
        crate::model::CallKind::Met => format!("met {}", c.date.format("%-d %b %Y")),
        crate::model::CallKind::Missed => "called missed".to_string(),
        crate::model::CallKind::Changed => match m.due {
            Some(was) => format!("new date; was {}", was.human()),
            None => "new date".to_string(),
        },
    };
    let note = c
        .note
        .as_ref()
        .map_or_else(String::new, |n| format!(": {n}"));
    format!(" [{what}{note}]")
}

/// Where are we now → where do we want to be → key milestones, as lines under headings.
pub fn lines(app: &App, outcome: &Outcome) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    if outcome.is_empty() {
        return out;
    }
    let label = app.theme().label();
    let para = |out: &mut Vec<Line<'static>>, text: &str| {
        out.extend(text.lines().map(|l| Line::from(format!("  {l}"))));
    };
    out.push(Line::default());
    out.push(Line::from(Span::styled("Where are we now", label)));
    match outcome.baseline.filter(|b| !b.trim().is_empty()) {
        Some(b) => para(&mut out, b),
        None => out.push(Line::from(Span::styled(
            "  (not stated)",
            app.theme().dim(),
        ))),
    }
    out.push(Line::from(Span::styled("  ↓", label)));
    let mut head = vec![Span::styled("Where do we want to be", label)];
    if let Some(f) = outcome.ambition.and_then(Ambition::figure) {
        head.push(Span::styled(format!("   target {f}"), app.theme().title()));
    }
    out.push(Line::from(head));
    match outcome.ambition {
        Some(a) => para(&mut out, &a.text),
        None => out.push(Line::from(Span::styled(
            "  (not stated)",
            app.theme().dim(),
        ))),
    }
    if !outcome.milestones.is_empty() {
        out.push(Line::default());
        out.push(Line::from(vec![
            Span::styled("Key milestones", label),
            Span::styled(
                format!(
                    "  ({} at {})",
                    tally(app, outcome.milestones),
                    app.today().format("%-d %b %Y")
                ),
                app.theme().dim(),
            ),
        ]));
        out.extend(milestone_lines(app, outcome.milestones, "  "));
    }
    out
}
