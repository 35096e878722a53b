//! Colour themes. Every rating is drawn with its label as well as its colour, so colour is
//! never the only signal; "not rated" has a look of its own, unlike any rating.

use ratatui::style::{Color, Modifier, Style};

use crate::model::{Level, colour};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeName {
    Default,
    HighContrast,
    ColourBlind,
    Mono,
}

impl ThemeName {
    pub const ALL: [ThemeName; 4] = [
        ThemeName::Default,
        ThemeName::HighContrast,
        ThemeName::ColourBlind,
        ThemeName::Mono,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ThemeName::Default => "default",
            ThemeName::HighContrast => "high-contrast",
            ThemeName::ColourBlind => "colour-blind",
            ThemeName::Mono => "mono",
        }
    }

    pub fn parse(s: &str) -> Result<ThemeName, String> {
        match s.to_ascii_lowercase().as_str() {
            "default" => Ok(ThemeName::Default),
            "high-contrast" | "highcontrast" | "contrast" => Ok(ThemeName::HighContrast),
            "colour-blind" | "color-blind" | "colourblind" | "colorblind" => {
                Ok(ThemeName::ColourBlind)
            }
            "mono" | "monochrome" => Ok(ThemeName::Mono),
            _ => Err(format!(
                "unknown theme {s:?}: expected default, high-contrast, colour-blind or mono"
            )),
        }
    }

    pub fn next(self) -> ThemeName {
        let i = ThemeName::ALL.iter().position(|t| *t == self).unwrap_or(0);
        ThemeName::ALL[(i + 1) % ThemeName::ALL.len()]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub name: ThemeName,
}

fn rgb((r, g, b): (u8, u8, u8)) -> Color {
    Color::Rgb(r, g, b)
}

/// Black or white, whichever reads better on `bg`.
fn text_on((r, g, b): (u8, u8, u8)) -> Color {
    let luma = 0.299 * f64::from(r) + 0.587 * f64::from(g) + 0.114 * f64::from(b);
    if luma > 140.0 {
        Color::Black
    } else {
        Color::White
    }
}

/// The Okabe-Ito palette, distinguishable with the common colour-vision deficiencies.
fn okabe_ito(name: &str) -> Option<(u8, u8, u8)> {
    Some(match name.trim().to_ascii_lowercase().as_str() {
        "red" => (0xd5, 0x5e, 0x00), // vermillion
        "amber" | "orange" => (0xe6, 0x9f, 0x00),
        "yellow" => (0xf0, 0xe4, 0x42),
        "green" => (0x00, 0x9e, 0x73), // bluish green
        "blue" => (0x00, 0x72, 0xb2),
        "purple" => (0xcc, 0x79, 0xa7), // reddish purple
        "grey" | "gray" => (0x99, 0x99, 0x99),
        _ => return None,
    })
}

fn ansi(name: &str) -> Option<Color> {
    Some(match name.trim().to_ascii_lowercase().as_str() {
        "red" => Color::LightRed,
        "amber" | "orange" | "yellow" => Color::LightYellow,
        "green" => Color::LightGreen,
        "blue" => Color::LightBlue,
        "purple" => Color::LightMagenta,
        "grey" | "gray" => Color::Gray,
        _ => return None,
    })
}

impl Theme {
    pub fn new(name: ThemeName) -> Theme {
        Theme { name }
    }

    /// A rating chip: the level's colour behind its label.
    pub fn rating(&self, level: &Level) -> Style {
        let base = Style::new().add_modifier(Modifier::BOLD);
        match self.name {
            ThemeName::Mono => base.add_modifier(Modifier::REVERSED),
            ThemeName::HighContrast => {
                let bg = ansi(&level.colour)
                    .or_else(|| colour::parse(&level.colour).map(rgb))
                    .unwrap_or(Color::White);
                base.bg(bg).fg(Color::Black)
            }
            ThemeName::ColourBlind => {
                let c = okabe_ito(&level.colour)
                    .or_else(|| colour::parse(&level.colour))
                    .unwrap_or((0xff, 0xff, 0xff));
                base.bg(rgb(c)).fg(text_on(c))
            }
            ThemeName::Default => {
                let c = colour::parse(&level.colour).unwrap_or((0xff, 0xff, 0xff));
                base.bg(rgb(c)).fg(text_on(c))
            }
        }
    }

    /// "Not rated": no fill, dim and italic, so it never reads as a (red) rating.
    pub fn unrated(&self) -> Style {
        match self.name {
            ThemeName::HighContrast => Style::new().fg(Color::White).add_modifier(Modifier::ITALIC),
            _ => Style::new().add_modifier(Modifier::DIM | Modifier::ITALIC),
        }
    }

    pub fn title(&self) -> Style {
        let s = Style::new().add_modifier(Modifier::BOLD);
        match self.name {
            ThemeName::Default | ThemeName::ColourBlind => s.fg(Color::Cyan),
            ThemeName::HighContrast => s.fg(Color::White),
            ThemeName::Mono => s,
        }
    }

    pub fn header(&self) -> Style {
        match self.name {
            ThemeName::Mono => Style::new().add_modifier(Modifier::REVERSED),
            ThemeName::HighContrast => Style::new()
                .bg(Color::White)
                .fg(Color::Black)
                .add_modifier(Modifier::BOLD),
            _ => Style::new()
                .bg(Color::Rgb(0x26, 0x32, 0x38))
                .fg(Color::White),
        }
    }

    pub fn selected(&self) -> Style {
        match self.name {
            ThemeName::Mono | ThemeName::HighContrast => {
                Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
            }
            _ => Style::new()
                .bg(Color::Rgb(0x37, 0x47, 0x4f))
                .add_modifier(Modifier::BOLD),
        }
    }

    pub fn dim(&self) -> Style {
        match self.name {
            ThemeName::HighContrast => Style::new().fg(Color::White),
            _ => Style::new().add_modifier(Modifier::DIM),
        }
    }

    pub fn label(&self) -> Style {
        match self.name {
            ThemeName::Default | ThemeName::ColourBlind => Style::new().fg(Color::Yellow),
            _ => Style::new().add_modifier(Modifier::BOLD),
        }
    }

    /// Overdue marker: words as well as colour.
    pub fn warning(&self) -> Style {
        let s = Style::new().add_modifier(Modifier::BOLD);
        match self.name {
            ThemeName::Mono => s.add_modifier(Modifier::UNDERLINED),
            ThemeName::HighContrast => s.fg(Color::LightRed),
            ThemeName::ColourBlind => s.fg(rgb((0xd5, 0x5e, 0x00))),
            ThemeName::Default => s.fg(Color::LightRed),
        }
    }

    /// Where a search matches: reversed, so it shows in every theme and without colour.
    pub fn found(&self) -> Style {
        match self.name {
            ThemeName::Mono | ThemeName::HighContrast => {
                Style::new().add_modifier(Modifier::REVERSED | Modifier::UNDERLINED)
            }
            _ => Style::new().bg(Color::Yellow).fg(Color::Black),
        }
    }

    /// Good or bad news in a direction of travel or a signal: blue and orange, as Making
    /// Data Count draws them (told apart with colour-vision deficiencies); always beside a
    /// symbol or word.
    pub fn news(&self, good: bool) -> Style {
        let s = Style::new().add_modifier(Modifier::BOLD);
        match (self.name, good) {
            (ThemeName::Mono, true) => s,
            (ThemeName::Mono, false) => s.add_modifier(Modifier::UNDERLINED),
            (ThemeName::HighContrast, true) => s.fg(Color::LightCyan),
            (ThemeName::HighContrast, false) => s.fg(Color::LightYellow),
            (_, true) => s.fg(rgb((0x56, 0xb4, 0xe9))),
            (_, false) => s.fg(rgb((0xe6, 0x9f, 0x00))),
        }
    }

    pub fn border(&self, focused: bool) -> Style {
        match (self.name, focused) {
            (ThemeName::Mono, true) | (ThemeName::HighContrast, true) => {
                Style::new().add_modifier(Modifier::BOLD)
            }
            (_, true) => Style::new().fg(Color::Cyan),
            (_, false) => self.dim(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn level(colour: &str) -> Level {
        Level {
            value: 1,
            label: "1".into(),
            name: "x".into(),
            meaning: String::new(),
            colour: colour.into(),
            complete: false,
            needs_evidence: false,
            key: None,
        }
    }

    #[test]
    fn names_parse_and_cycle() {
        for t in ThemeName::ALL {
            assert_eq!(ThemeName::parse(t.as_str()), Ok(t));
        }
        assert!(ThemeName::parse("neon").is_err());
        assert_eq!(ThemeName::Mono.next(), ThemeName::Default);
    }

    #[test]
    fn unrated_differs_from_every_rating_in_every_theme() {
        for t in ThemeName::ALL.map(Theme::new) {
            for c in crate::model::colour::NAMES {
                assert_ne!(t.rating(&level(c)), t.unrated(), "{:?} {c}", t.name);
            }
        }
    }

    #[test]
    fn mono_uses_no_colour() {
        let t = Theme::new(ThemeName::Mono);
        let s = t.rating(&level("red"));
        assert_eq!((s.fg, s.bg), (None, None));
        assert!(s.add_modifier.contains(Modifier::REVERSED));
    }
}
