//! The frame shown while a plan loads: a large plan takes a moment to read and check, and
//! the screen says so rather than staying blank.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

/// "Loading NAME… (12.3 MB)" in a box in the middle of the screen. `name` is plan text
/// from the command line: cleaned like any other.
pub fn render(frame: &mut Frame, name: &str, bytes: Option<u64>) {
    let size = bytes.map_or_else(String::new, |b| format!(" ({})", human_size(b)));
    let lines = vec![
        Line::from(format!("Loading {}…{size}", crate::text::clean(name))),
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
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| render(f, name, bytes)).unwrap();
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
