//! A whole meeting through the real event loop, on ratatui's `TestBackend` with a script of
//! events instead of a terminal (issue 19.4): keys, a paste, a resize, save, quit.

mod common;

use std::collections::VecDeque;
use std::io;
use std::time::Duration;

use ragboard::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ragboard::tui::{Host, LoopError, Signals, event_loop};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Events from a script; when it runs out the loop is told so (a test never hangs).
struct Script {
    terminal: Terminal<TestBackend>,
    events: VecDeque<Event>,
    frames: usize,
    /// Each frame's last line (the status line), as the next draw finds it.
    status_lines: Vec<String>,
    /// After `C-s`, no key comes until the screen says "Saved to" (as a user waits to
    /// see it), and the waits the loop asks of the terminal meanwhile are kept here.
    wait_for_save: bool,
    waits_while_saving: Option<Vec<Duration>>,
    waited_while_saving: Vec<Duration>,
}

impl Script {
    fn new(w: u16, h: u16, events: Vec<Event>) -> Script {
        Script {
            terminal: Terminal::new(TestBackend::new(w, h)).unwrap(),
            events: events.into(),
            frames: 0,
            status_lines: Vec::new(),
            wait_for_save: false,
            waits_while_saving: None,
            waited_while_saving: Vec::new(),
        }
    }
}

impl Host for Script {
    type Backend = TestBackend;

    fn terminal(&mut self) -> &mut Terminal<TestBackend> {
        self.frames += 1;
        let text = common::screen::text(self.terminal.backend().buffer());
        let lines: Vec<&str> = text.lines().collect();
        // The status line sits above the footer's keys.
        if lines.len() >= 2 {
            self.status_lines.push(lines[lines.len() - 2].to_string());
        }
        &mut self.terminal
    }

    fn poll(&mut self, timeout: Duration) -> io::Result<bool> {
        let Some(waits) = &mut self.waits_while_saving else {
            return Ok(true);
        };
        let text = common::screen::text(self.terminal.backend().buffer());
        if text.contains("Saved to") {
            self.waited_while_saving = std::mem::take(waits);
            self.waits_while_saving = None;
            return Ok(true);
        }
        waits.push(timeout);
        assert!(waits.len() < 10_000_000, "the save never finished");
        Ok(false)
    }

    fn read(&mut self) -> io::Result<Event> {
        let event = self
            .events
            .pop_front()
            .ok_or_else(|| io::Error::other("the script ran out before the app quit"))?;
        if self.wait_for_save && event == ctrl('s') {
            self.waits_while_saving = Some(Vec::new());
        }
        Ok(event)
    }

    fn suspend(&mut self) -> Result<(), LoopError> {
        Ok(())
    }

    fn resume(&mut self) -> Result<(), LoopError> {
        Ok(())
    }
}

fn key(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn ctrl(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn code(c: KeyCode) -> Event {
    Event::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

#[test]
fn a_meeting_rates_notes_saves_and_quits_through_the_event_loop() {
    let disk = common::plan_on_disk();
    let mut app = common::open(&disk.path, "ann");
    let events = vec![
        key('n'),
        key('n'),
        key('1'),
        key('e'),
        Event::Paste("agreed at the board\nafter discussion".into()),
        code(KeyCode::Enter),
        Event::Resize(100, 30),
        ctrl('s'),
        key('q'),
    ];
    let mut host = Script::new(80, 24, events);
    let code = event_loop(&mut host, &mut app, &Signals::none(), false).unwrap();
    assert_eq!(code, std::process::ExitCode::SUCCESS);
    assert!(app.has_quit());
    assert!(host.events.is_empty(), "every event was read");
    assert!(host.frames >= 9, "a frame per event");
    let saved = ragboard::store::load(&disk.path).unwrap().plan;
    assert_eq!(saved.action("1.1.1").unwrap().rating("01-18"), Some(1));
    let last = saved.changes.last().unwrap();
    assert_eq!(
        last.note.as_deref(),
        Some("agreed at the board\nafter discussion"),
        "the paste arrived whole"
    );
    // The last frame was drawn at the terminal's size.
    let text = common::screen::text(host.terminal.backend().buffer());
    assert!(text.contains("Saved to"), "{text}");
    // Before the save began, a frame said it was under way (a large plan takes a moment).
    let saving = host
        .status_lines
        .iter()
        .position(|l| l.contains("Saving…"))
        .expect("a frame saying the save is under way");
    assert_eq!(
        saving,
        host.status_lines.len() - 1,
        "{:?}",
        host.status_lines
    );
}

#[test]
fn a_script_that_never_quits_is_an_error_not_a_hang() {
    let mut app = common::app();
    let mut host = Script::new(80, 24, vec![key('n')]);
    let e = event_loop(&mut host, &mut app, &Signals::none(), false).unwrap_err();
    assert!(e.to_string().contains("the script ran out"), "{e}");
}

/// A save on its own thread (as the terminal saves) is drawn done as soon as it is: while
/// it runs the loop waits on the save and looks for keys without waiting on the terminal,
/// so "Saved to" does not wait for a tick (it came 20-30 ms after a small plan's save had
/// finished when the loop waited 10 ms on the terminal between looks).
#[test]
fn a_background_save_is_drawn_done_as_soon_as_it_is() {
    let disk = common::plan_on_disk();
    let mut app = common::open(&disk.path, "ann");
    app.save_in_background();
    let events = vec![key('n'), key('n'), key('2'), ctrl('s'), key('q')];
    let mut host = Script::new(80, 24, events);
    host.wait_for_save = true;
    let code = event_loop(&mut host, &mut app, &Signals::none(), false).unwrap();
    assert_eq!(code, std::process::ExitCode::SUCCESS);
    assert!(host.events.is_empty() && host.waits_while_saving.is_none());
    let saved = ragboard::store::load(&disk.path).unwrap().plan;
    assert_eq!(saved.action("1.1.1").unwrap().rating("01-18"), Some(2));
    let waited = &host.waited_while_saving;
    assert!(
        !waited.is_empty(),
        "the loop looked for keys while the save ran"
    );
    assert!(waited.iter().all(Duration::is_zero), "{waited:?}");
}
