//! Saving on a thread of its own, so the screen stays live while a large plan is written:
//! keys act and are journaled as usual meanwhile, and the header says "saving…". The
//! thread writes the new file beside the plan; the meeting (on this thread) marks the
//! journal; the thread gives the file the plan's name; the meeting takes the outcome in.
//! What asks for the file while a save runs (another save, quitting, a reload, passing
//! the pen) waits for it, in order.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use super::{App, Effect};
use crate::meeting::{MeetingError, SaveJob};
use crate::store::document::Landed;

/// What the saving thread says.
#[derive(Debug)]
enum Msg {
    /// The new file is written beside the plan (its fingerprint): the journal may mark it.
    Written(String),
    Done(Result<Landed, MeetingError>),
}

/// A save under way on its thread.
#[derive(Debug)]
pub struct Saver {
    from: Receiver<Msg>,
    /// Tells the thread the journal is marked: it may rename.
    go: Sender<()>,
    /// What the save was asked as.
    asked: Effect,
    /// Asked for while the save ran: done after it, in order.
    queued: Vec<Effect>,
}

/// Does this effect need the file to itself (so it waits for a save under way)?
pub fn waits_for_save(effect: &Effect) -> bool {
    matches!(
        effect,
        Effect::Save { .. }
            | Effect::SaveAs(_)
            | Effect::Reload
            | Effect::Replay
            | Effect::SetAside
            | Effect::Quit
            | Effect::TakePen
            | Effect::HandOver
    )
}

/// Start writing `job` on a thread of its own; `asked` is the effect that asked for it.
pub fn start(app: &mut App, job: SaveJob, asked: Effect) {
    let (to_app, from) = mpsc::channel();
    let (go, wait_go) = mpsc::channel::<()>();
    std::thread::spawn(move || {
        let outcome = job.write().and_then(|written| {
            // Nobody to tell: the app has gone, and with it the meeting.
            if to_app
                .send(Msg::Written(written.fingerprint().to_string()))
                .is_err()
                || wait_go.recv().is_err()
            {
                return Err(MeetingError::NoSaveUnderWay);
            }
            Ok(written.place()?)
        });
        let _ = to_app.send(Msg::Done(outcome));
    });
    app.saver = Some(Saver {
        from,
        go,
        asked,
        queued: Vec::new(),
    });
}

/// Keep `effect` until the save under way is done. `false`: no save is under way.
pub fn queue(app: &mut App, effect: Effect) -> bool {
    match &mut app.saver {
        Some(s) => {
            s.queued.push(effect);
            true
        }
        None => false,
    }
}

/// A save that is done: what asked for it, its outcome, and what waited behind it.
pub struct Finished {
    pub asked: Effect,
    pub result: Result<PathBuf, MeetingError>,
    pub queued: Vec<Effect>,
}

/// Take in what the saving thread said, waiting up to `wait` for it (zero: not at all).
pub fn poll(app: &mut App, wait: Duration) -> Option<Finished> {
    loop {
        let s = app.saver.as_ref()?;
        let msg = match s.from.recv_timeout(wait) {
            Ok(m) => m,
            Err(RecvTimeoutError::Timeout) => return None,
            // The thread ended without a word (it cannot, short of a panic).
            Err(RecvTimeoutError::Disconnected) => Msg::Done(Err(MeetingError::NoSaveUnderWay)),
        };
        match msg {
            Msg::Written(fingerprint) => {
                app.meeting.mark_written(&fingerprint);
                let _ = s.go.send(());
            }
            Msg::Done(outcome) => {
                let s = app.saver.take()?;
                return Some(Finished {
                    asked: s.asked,
                    result: app.meeting.finish_save(outcome),
                    queued: s.queued,
                });
            }
        }
    }
}
