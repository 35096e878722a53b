//! Rating chips: a rating's label on its colour, or a distinct "not rated" mark.

use ratatui::text::Span;

use crate::model::{Rating, Scale};
use crate::theme::Theme;

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

/// A mean rating ("2.5"), drawn in the colour of the nearest level, always with its number.
pub fn mean(theme: &Theme, scale: &Scale, mean: Option<f64>) -> Span<'static> {
    match mean {
        Some(m) => {
            let nearest = scale.levels.iter().min_by(|a, b| {
                (f64::from(a.value) - m)
                    .abs()
                    .total_cmp(&(f64::from(b.value) - m).abs())
            });
            let style = nearest.map_or_else(|| theme.dim(), |l| theme.rating(l));
            Span::styled(format!(" {} ", crate::model::rollup::one_dp(m)), style)
        }
        None => Span::styled(" -- ", theme.unrated()),
    }
}

/// A group's figure: its mean on an ordinal scale; on a categorical one (statuses, never
/// averaged) how many of its items sit at a complete status, of all ("17/24✓").
pub fn group(
    theme: &Theme,
    scale: &Scale,
    stats: &crate::model::rollup::PeriodStats,
) -> Span<'static> {
    if scale.averages() || stats.rated == 0 {
        return mean(theme, scale, stats.mean);
    }
    let done = crate::model::rollup::complete(scale, stats);
    Span::styled(format!(" {done}/{}✓ ", stats.total), theme.label())
}
