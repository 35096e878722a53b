//! Rating chips: a rating's label on its colour, or a distinct "not rated" mark.

use ratatui::text::Span;

use crate::model::figures;
use crate::model::rollup::PeriodStats;
use crate::model::{Plan, Rating, Scale};
use crate::ui::theme::Theme;

/// A rating as a chip: " 2 " (short) or " 2 Started, some delay " (long).
pub fn rating(theme: &Theme, scale: &Scale, value: Option<Rating>, long: bool) -> Span<'static> {
    match value.and_then(|v| scale.level(v)) {
        Some(level) => {
            let text = if long {
                format!(" {} {} ", level.label, level.name)
            } else {
                // Padded to the scale's widest label, so lists stay in columns ("C", "CF").
                let w = scale
                    .levels
                    .iter()
                    .map(|l| l.label.chars().count())
                    .max()
                    .unwrap_or(1);
                format!(" {:<w$} ", level.label)
            };
            Span::styled(text, theme.rating(level))
        }
        None if long => Span::styled(" - not rated ", theme.unrated()),
        None => {
            let w = scale
                .levels
                .iter()
                .map(|l| l.label.chars().count())
                .max()
                .unwrap_or(1);
            Span::styled(format!(" {:<w$} ", "-"), theme.unrated())
        }
    }
}

/// A mean rating ("2.5", at the plan's precision), drawn in the colour of the nearest level,
/// always with its number. A partial one (fewer than the plan's threshold rated) is drawn in
/// brackets, "(2.5)", and without the level's colour: it is not a status the board has.
pub fn mean(theme: &Theme, plan: &Plan, mean: Option<f64>, partial: bool) -> Span<'static> {
    mean_at(theme, plan, figures::decimals(plan), mean, partial)
}

/// `mean` with the plan's decimals worked out once by the caller (a table of thousands of
/// cells: they read the published table).
pub fn mean_at(
    theme: &Theme,
    plan: &Plan,
    decimals: usize,
    mean: Option<f64>,
    partial: bool,
) -> Span<'static> {
    let scale = &plan.scale;
    match mean {
        Some(m) if partial => Span::styled(
            format!("({})", figures::fixed(m, decimals)),
            theme.unrated(),
        ),
        Some(m) => {
            let nearest = scale.levels.iter().min_by(|a, b| {
                (f64::from(a.value) - m)
                    .abs()
                    .total_cmp(&(f64::from(b.value) - m).abs())
            });
            let style = nearest.map_or_else(|| theme.dim(), |l| theme.rating(l));
            Span::styled(format!(" {} ", figures::fixed(m, decimals)), style)
        }
        None => Span::styled(" -- ", theme.unrated()),
    }
}

/// A group's figure: its mean on an ordinal scale; on a categorical one (statuses, never
/// averaged) how many of its items sit at a complete status, of all ("17/24✓"). Partial
/// figures in brackets.
pub fn group(theme: &Theme, plan: &Plan, stats: &PeriodStats) -> Span<'static> {
    let partial = figures::coverage(plan, stats).partial;
    if plan.scale.averages() || stats.rated == 0 {
        return mean(theme, plan, stats.mean, partial);
    }
    let done = crate::model::rollup::complete(&plan.scale, stats);
    if partial {
        Span::styled(format!("({done}/{}✓)", stats.total), theme.unrated())
    } else {
        Span::styled(format!(" {done}/{}✓ ", stats.total), theme.label())
    }
}
