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
                format!(" {} ", level.label)
            };
            Span::styled(text, theme.rating(level))
        }
        None => Span::styled(if long { " - not rated " } else { " - " }, theme.unrated()),
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
