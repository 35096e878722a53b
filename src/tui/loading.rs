//! Loading a plan with the terminal live. The plan is read on a thread of its own; the
//! screen meanwhile says how far the read is and, once the plan's first priorities are
//! read, shows their agenda (`ui::loading::render_beginning`): a large plan takes most of
//! a second to read, and the board sees its first screen in a tenth of that. What is
//! shown is read-only and says it is loading: keys typed meanwhile wait, in order, and act
//! once the whole plan is open; a terminating signal ends the wait.

use std::cell::Cell;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event};

use super::{Signals, StartError, load_plan};
use crate::app::{App, Options};
use crate::model::Plan;
use crate::store::document::Document;
use crate::store::parse::Watch;
use crate::ui;
use crate::ui::loading::Progress;

/// What the loading thread tells the screen.
enum Message {
    /// Bytes of the file read so far.
    Read(u64),
    /// The plan's first priorities, with all that comes before them.
    Beginning(Box<Plan>),
    Done(Box<Result<(Plan, Document), StartError>>),
}

/// The loading thread's watch: tells the screen each hundredth of the file read, and the
/// plan's beginning.
struct Teller {
    to: mpsc::Sender<Message>,
    step: u64,
    told: Cell<u64>,
}

impl Watch for Teller {
    fn read(&self, bytes: u64) {
        if bytes >= self.told.get() + self.step {
            self.told.set(bytes);
            let _ = self.to.send(Message::Read(bytes));
        }
    }

    fn beginning(&self, plan: Plan) {
        let _ = self.to.send(Message::Beginning(Box::new(plan)));
    }
}

/// How the wait for the plan ended.
pub(super) enum Waited {
    Loaded {
        plan: Box<Plan>,
        doc: Document,
        /// Keys (and pastes) typed meanwhile, in order, for the meeting to act on.
        queued: Vec<Event>,
        /// When the plan's beginning was first on screen.
        beginning_shown: Option<Instant>,
    },
    Failed(StartError),
    /// A terminating signal (its number) came first.
    Signal(usize),
}

/// Read the plan at `path` (a file, or a bundled plan's name) on a thread, keeping the
/// screen live until it is read.
pub(super) fn load_live(
    terminal: &mut DefaultTerminal,
    path: PathBuf,
    opts: &Options,
    keys: Option<PathBuf>,
    user: &str,
    signals: &Signals,
) -> Waited {
    let mut progress = Progress::of(&path);
    let bytes = progress.bytes;
    let (to, from) = mpsc::channel();
    let keymap = opts.keymap.clone();
    let spawned = std::thread::Builder::new()
        .name("load".into())
        .spawn(move || {
            let teller = Teller {
                to: to.clone(),
                step: bytes.unwrap_or(0) / 100 + 1,
                told: Cell::new(0),
            };
            let loaded = load_plan(Some(&path), &keymap, keys.as_deref(), &teller);
            let _ = to.send(Message::Done(Box::new(loaded)));
        });
    if let Err(e) = spawned {
        return Waited::Failed(StartError::Terminal(e));
    }
    let mut beginning: Option<App> = None;
    let mut beginning_shown = None;
    let mut queued = Vec::new();
    let mut redraw = false;
    // The read's progress is drawn a few times a second: each frame takes time from the
    // read, on a machine of few cores.
    let mut drawn_at: Option<Instant> = None;
    let mut urgent = false;
    loop {
        let sig = signals.end.swap(0, Ordering::SeqCst);
        if sig != 0 {
            return Waited::Signal(sig);
        }
        match from.recv_timeout(Duration::from_millis(40)) {
            Ok(Message::Read(read)) => {
                progress.read = read;
                redraw = true;
            }
            Ok(Message::Beginning(plan)) => {
                beginning = Some(App::beginning(*plan, opts.clone(), user));
                urgent = true;
            }
            Ok(Message::Done(loaded)) => {
                return match *loaded {
                    Ok((plan, doc)) => Waited::Loaded {
                        plan: Box::new(plan),
                        doc,
                        queued,
                        beginning_shown,
                    },
                    Err(e) => Waited::Failed(e),
                };
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            // The thread ended without a word: it panicked (the hook said why).
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Waited::Failed(StartError::LoadStopped);
            }
        }
        // Keys wait for the whole plan; a resize redraws.
        while event::poll(Duration::ZERO).unwrap_or(false) {
            match event::read() {
                Ok(Event::Resize(..)) => urgent = true,
                Ok(e @ (Event::Key(_) | Event::Paste(_))) => {
                    queued.push(e);
                    progress.waiting = queued.len();
                    urgent = true;
                }
                Ok(_) => {}
                Err(_) => break,
            }
        }
        let due = drawn_at.is_none_or(|t| t.elapsed() >= Duration::from_millis(200));
        if urgent || (redraw && due) {
            (redraw, urgent) = (false, false);
            drawn_at = Some(Instant::now());
            let drawn = terminal.draw(|frame| match &beginning {
                Some(app) => ui::loading::render_beginning(frame, app, &progress),
                None => ui::loading::render(frame, &progress),
            });
            if drawn.is_ok() && beginning.is_some() && beginning_shown.is_none() {
                beginning_shown = Some(Instant::now());
            }
        }
    }
}
