//! The frames shown while a plan loads: a large plan takes a moment to read and check,
//! and the screen says how far the read is rather than staying blank; once the plan's
//! first priorities are read, their agenda, marked as loading.

use std::path::Path;

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::app::App;

/// How far a plan's load is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// The plan's file (or bundled plan's name) as given.
    pub name: String,
    /// Bytes read so far.
    pub read: u64,
    /// The file's size, if known.
    pub bytes: Option<u64>,
    /// Keys typed meanwhile, waiting for the whole plan.
    pub waiting: usize,
}

impl Progress {
    /// Nothing read yet of the plan at `path`.
    pub fn of(path: &Path) -> Progress {
        Progress {
            name: path.display().to_string(),
            read: 0,
            bytes: std::fs::metadata(path).ok().map(|m| m.len()),
            waiting: 0,
        }
    }

    /// "Loading plan.ron… 23% of 123.7 MB" (or "(12.3 MB)" before any is read).
    fn line(&self) -> String {
        let name = crate::text::clean(&self.name);
        match self.bytes {
            Some(b) if self.read > 0 && b > 0 => format!(
                "Loading {name}… {}% of {}",
                (self.read.min(b) * 100 / b),
                human_size(b)
            ),
            Some(b) => format!("Loading {name}… ({})", human_size(b)),
            None => format!("Loading {name}…"),
        }
    }

    /// What the keys typed meanwhile wait for.
    fn keys(&self) -> String {
        match self.waiting {
            0 => "Keys act once the whole plan is read.".into(),
            1 => "1 key waits for the whole plan, and acts once it is read.".into(),
            n => format!("{n} keys wait for the whole plan, and act in order once it is read."),
        }
    }
}

/// "Loading NAME… 23% of 12.3 MB" in a box in the middle of the screen. The name is plan
/// text from the command line: cleaned like any other.
pub fn render(frame: &mut Frame, progress: &Progress) {
    let lines = vec![
        Line::from(progress.line()),
        Line::from("Reading and checking the plan."),
    ];
    let area = frame.area();
    let [_, mid, _] = Layout::vertical([
        Constraint::Min(0),
        Constraint::Length(4),
        Constraint::Min(0),
    ])
    .areas(area);
    let para = Paragraph::new(lines)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true })
        .block(Block::default().borders(Borders::TOP | Borders::BOTTOM));
    frame.render_widget(para, mid);
}

/// The agenda of the plan's first priorities (`app`, opened on them alone) while the rest
/// is read: the header says it is loading and how far, in place of the period's figures,
/// which would count these priorities only; the footer says what keys do meanwhile.
pub fn render_beginning(frame: &mut Frame, app: &App, progress: &Progress) {
    let area = frame.area();
    if area.width < super::MIN_WIDTH || area.height < super::MIN_HEIGHT {
        render(frame, progress);
        return;
    }
    let theme = app.theme();
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    frame.render_widget(Block::default().style(theme.header()), header);
    let [top, bottom] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(header);
    let loading = format!(" {} ", progress.line());
    let [title_area, loading_area] = Layout::horizontal([
        Constraint::Min(0),
        Constraint::Length(loading.chars().count() as u16),
    ])
    .areas(top);
    frame.render_widget(
        Paragraph::new(format!(" {}", crate::text::clean(&app.plan().title))).style(theme.header()),
        title_area,
    );
    frame.render_widget(
        Paragraph::new(Span::styled(loading, theme.warning())),
        loading_area,
    );
    frame.render_widget(
        Paragraph::new(format!(
            " The first {} {}, while the rest loads: no plan-wide figures yet",
            app.plan().priorities.len(),
            crate::model::LevelNames::plural(&app.plan().names.priority).to_lowercase()
        ))
        .style(theme.header()),
        bottom,
    );
    if body.width >= super::TWO_PANE_WIDTH {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(42), Constraint::Percentage(58)])
                .areas(body);
        super::outline::render(frame, app, left);
        super::detail::render(frame, app, right);
    } else {
        super::outline::render(frame, app, body);
    }
    frame.render_widget(
        Paragraph::new(format!(" {}", progress.keys())).style(theme.warning()),
        footer,
    );
}

/// Bytes as a person reads them: 512 B, 88.2 kB, 12.3 MB.
pub fn human_size(bytes: u64) -> String {
    match bytes {
        b if b < 1000 => format!("{b} B"),
        b if b < 1_000_000 => format!("{:.1} kB", b as f64 / 1e3),
        b => format!("{:.1} MB", b as f64 / 1e6),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn screen(w: u16, h: u16, name: &str, bytes: Option<u64>) -> String {
        let progress = Progress {
            name: name.into(),
            read: 0,
            bytes,
            waiting: 0,
        };
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| render(f, &progress)).unwrap();
        let buf = t.backend().buffer();
        (0..h)
            .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn says_what_is_loading_and_how_big() {
        let s = screen(80, 24, "plan-100k.ron", Some(123_456_789));
        assert!(s.contains("Loading plan-100k.ron… (123.5 MB)"), "{s}");
        assert!(s.contains("Reading and checking the plan."), "{s}");
    }

    #[test]
    fn control_characters_in_the_name_are_not_drawn() {
        let s = screen(60, 12, "evil\u{1b}]0;x\u{7}.ron", None);
        assert!(!s.contains('\u{1b}') && !s.contains('\u{7}'), "{s}");
        assert!(s.contains("Loading evil"), "{s}");
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human_size(512), "512 B");
        assert_eq!(human_size(88_223), "88.2 kB");
        assert_eq!(human_size(12_284_715), "12.3 MB");
    }
}
