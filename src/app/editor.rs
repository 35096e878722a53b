//! A text field of a form: ratatui-textarea's editor (cursor movement, Home/End, word
//! deletion, undo, paste, several lines, soft wrapping), kept as view state of the app.

use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

#[derive(Debug, Clone)]
pub struct Editor {
    area: TextArea<'static>,
}

impl Editor {
    pub fn new(text: &str) -> Editor {
        let mut area = TextArea::new(text.lines().map(String::from).collect());
        area.set_wrap_mode(WrapMode::WordOrGlyph);
        // Start at the end, ready to add to what is there.
        area.move_cursor(CursorMove::Bottom);
        area.move_cursor(CursorMove::End);
        Editor { area }
    }

    /// The text, lines joined by newlines.
    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }

    pub fn insert_char(&mut self, c: char) {
        self.area.insert_char(c);
    }

    pub fn backspace(&mut self) {
        self.area.delete_char();
    }

    /// A key the editor handles (arrows, Home/End, Ctrl-W, Alt-Backspace, Ctrl-J...).
    pub fn key(&mut self, key: KeyEvent) {
        self.area.input(key);
    }

    /// Pasted text, newlines kept.
    pub fn paste(&mut self, text: &str) {
        self.area
            .insert_str(text.replace("\r\n", "\n").replace('\r', "\n"));
    }

    pub fn newline(&mut self) {
        self.area.insert_newline();
    }

    /// The widget to draw, styled by the caller.
    pub fn area_mut(&mut self) -> &mut TextArea<'static> {
        &mut self.area
    }

    pub fn widget(&self) -> &TextArea<'static> {
        &self.area
    }
}

/// Forms compare by their text (tests and overlays compare forms).
impl PartialEq for Editor {
    fn eq(&self, other: &Editor) -> bool {
        self.area.lines() == other.area.lines()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn edits_in_the_middle_with_word_deletion_and_home_end() {
        let mut e = Editor::new("staff trained");
        e.key(key(KeyCode::Home, KeyModifiers::NONE));
        for c in "All ".chars() {
            e.insert_char(c);
        }
        assert_eq!(e.text(), "All staff trained");
        e.key(key(KeyCode::End, KeyModifiers::NONE));
        e.key(key(KeyCode::Char('w'), KeyModifiers::CONTROL));
        assert_eq!(e.text(), "All staff ");
        e.paste("now\r\nin post");
        assert_eq!(e.text(), "All staff now\nin post");
        e.key(key(KeyCode::Left, KeyModifiers::NONE));
        e.backspace();
        assert_eq!(e.text(), "All staff now\nin pot");
    }
}
