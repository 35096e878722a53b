//! The app drawn into ratatui's TestBackend, and the screen read back as text.

use ragboard::app::App;
use ragboard::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

/// One frame of `app` at `w` x `h`.
pub fn draw(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| {
        ui::render(f, app);
    })
    .unwrap();
    t
}

/// One frame of `app` as text, told back to the app as the loop does (`Input::Drawn`):
/// how far its scrolling parts can scroll.
pub fn drawn(app: &mut App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    let mut layout = ragboard::app::Layout::default();
    t.draw(|f| layout = ui::render(f, app)).unwrap();
    ragboard::app::handle(app, ragboard::app::Input::Drawn(layout));
    // Drawn again with what it learnt (the footer's "scroll" needs the limit).
    screen(app, w, h)
}

/// The buffer's text, a line per row.
pub fn text(buf: &Buffer) -> String {
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// One frame of `app` as text.
pub fn screen(app: &App, w: u16, h: u16) -> String {
    text(draw(app, w, h).backend().buffer())
}

/// Position of the first cell of `needle` on screen.
pub fn find(buf: &Buffer, needle: &str) -> Option<(u16, u16)> {
    let width = needle.chars().count();
    for y in 0..buf.area.height {
        let cells: Vec<&str> = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        for x in 0..cells.len().saturating_sub(width - 1) {
            if cells[x..x + width].concat() == needle {
                return Some((x as u16, y));
            }
        }
    }
    None
}
