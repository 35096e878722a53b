//! The I/O the app asks for and the terminal loop performs: saving, reloading, replaying
//! or setting aside a journal, quitting (which sets the journal aside), and retrying
//! journal writes that failed. `update` only records the request (`App::request`); the
//! loop calls `perform` for each, and the outcome lands in the app as words or a dialog.
//! (A change's own journal line is written by the meeting as part of the change: it is
//! the write-ahead log, and a change is not done until it is in it.)

use std::path::PathBuf;
use std::time::Duration;

use super::edit::explain;
use super::saver;
use super::{App, Overlay};
use crate::meeting::MeetingError;
use crate::model;
use crate::store::document::SaveError;
use crate::store::seats::{self, Seat};

/// What the terminal loop must do for the app after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Give the terminal back to the shell until `fg` (the host does it).
    Suspend,
    /// Save over the file loaded (never over someone else's edit); then quit, when the
    /// user chose "save and quit".
    Save { then_quit: bool },
    /// Save under another name (never over an existing file).
    SaveAs(String),
    /// Read the plan again after a colleague's save, and re-apply this session's changes.
    Reload,
    /// Replay an earlier session's journal.
    Replay,
    /// Set an earlier session's journal aside, unapplied.
    SetAside,
    /// Quit (unsaved changes, if any, were confirmed discarded: their journal is kept aside).
    Quit,
    /// Retry journal writes that failed.
    FlushJournal,
    /// A read-only copy: apply what the writer did since the last look.
    Follow,
    /// Take the pen the writer let go of.
    TakePen,
    /// Let go of the pen, for another screen to take.
    HandOver,
    /// Say where this copy stands, beside the plan, for the others.
    Publish(Seat),
    /// Read where the other copies stand (and go where the one followed is).
    Seats,
    /// Follow the next other copy's selection, or none.
    Join,
    /// Read the files beside the plan that the view keeps on screen (merge conflicts not
    /// settled, git without ragboard's driver).
    Beside,
}

impl Effect {
    /// The whole plan is written or read again: on a large plan that takes a moment, which
    /// the screen says before it starts (`busy`), rather than freezing silently.
    pub fn busy(&self) -> Option<&'static str> {
        match self {
            Effect::Save { .. } | Effect::SaveAs(_) => Some("Saving…"),
            Effect::Reload | Effect::TakePen => Some("Reading the plan…"),
            _ => None,
        }
    }
}

/// Do `effect`. `true` when the host must suspend (the app cannot).
pub fn perform(app: &mut App, effect: Effect) -> bool {
    // What needs the file to itself waits for a save under way (a second save included).
    if saver::waits_for_save(&effect) && saver::queue(app, effect.clone()) {
        return false;
    }
    // What a tick asks for mostly finds nothing new: the search, the filter and the review
    // count are worked out again only after what may have changed the plan or the place.
    let changed = match &effect {
        Effect::Suspend => return true,
        Effect::Publish(_) | Effect::Beside | Effect::FlushJournal => false,
        Effect::Follow => follow(app),
        Effect::Seats => {
            let before = (app.pos, app.period);
            read_seats(app);
            before != (app.pos, app.period)
        }
        _ => true,
    };
    match effect {
        Effect::Suspend | Effect::Follow | Effect::Seats => {}
        Effect::Save { .. } => save(app, effect),
        Effect::SaveAs(_) => save(app, effect),
        Effect::Reload => reload(app),
        Effect::Replay => {
            replay(app);
            offer_period(app);
        }
        Effect::SetAside => {
            set_aside(app);
            offer_period(app);
        }
        Effect::Quit => {
            if let (Some(doc), Some(me)) = (app.meeting.document(), app.seat()) {
                let _ = seats::withdraw(doc.target(), &me);
            }
            quit(app)
        }
        Effect::FlushJournal => {
            app.meeting.flush_journal();
        }
        Effect::TakePen => take_pen(app),
        Effect::HandOver => match app.meeting.hand_over() {
            Ok(()) => app.done(
                "You handed over the pen: this copy follows from now on (W takes it back while nobody has it).",
            ),
            Err(e) => app.refuse(explain(app, &e)),
        },
        Effect::Publish(seat) => {
            // A position is a convenience: a folder we cannot write only means others
            // cannot follow this screen.
            if let Some(doc) = app.meeting.document() {
                let _ = seats::publish(doc.target(), &seat);
            }
        }
        Effect::Beside => {
            if let Some(doc) = app.meeting.document() {
                let plan = doc.target().to_path_buf();
                let conflicts = crate::store::conflicts::pending(&plan)
                    .map(|c| c.iter().map(|r| r.conflict.to_string()).collect())
                    .unwrap_or_else(|e| vec![e.to_string()]);
                // The git set-up is looked at once (it runs git): it does not change in a
                // meeting.
                let git_hint = if app.beside_looked {
                    app.beside.git_hint.clone()
                } else {
                    crate::store::git::setup_hint(&plan)
                };
                app.beside_looked = true;
                app.beside = super::Beside {
                    conflicts,
                    git_hint,
                };
            }
        }
        Effect::Join => join(app),
    }
    if changed {
        app.after_change();
    }
    false
}

/// Read where the others stand; go where the one followed is.
fn read_seats(app: &mut App) {
    let Some(doc) = app.meeting.document() else {
        return;
    };
    let me = app.seat();
    app.seats = seats::read(doc.target())
        .into_iter()
        .filter(|s| me.as_ref().is_none_or(|m| !m.same_copy(s)))
        .collect();
    let Some(key) = app.joined.clone() else {
        return;
    };
    let Some(seat) = app.seats.iter().find(|s| s.key() == key).cloned() else {
        app.joined = None;
        app.say("The screen this one followed has closed: moving by hand again.");
        return;
    };
    if let Some(i) = app.meeting.index().period(&seat.period) {
        app.period = i;
    }
    if let Some(item) = &seat.item
        && app.current().map(|n| n.id(app.plan())).as_ref() != Some(item)
    {
        app.go_to_id(item);
    }
}

/// Follow the next other copy's selection, or none after the last.
fn join(app: &mut App) {
    let was = app.joined.take();
    read_seats(app);
    let next = match &was {
        None => app.seats.first(),
        Some(k) => app.seats.iter().skip_while(|s| &s.key() != k).nth(1),
    }
    .cloned();
    match next {
        Some(seat) => {
            app.joined = Some(seat.key());
            read_seats(app);
            let role = match (seat.writer, seat.presenting) {
                (_, true) => " (presenting)",
                (true, false) => " (recording)",
                _ => "",
            };
            app.done(format!(
                "Following {}'s place{role}: moving by hand stops it.",
                seat.user
            ));
        }
        None if app.seats.is_empty() => app.refuse("No other screen has this plan open."),
        None => app.say("Not following another screen's place."),
    }
}

/// Apply what the writer did; the view keeps its place (by ids: a save may move items).
/// `true` when the plan changed.
fn follow(app: &mut App) -> bool {
    let place = app.place();
    let period = app.period_id().to_string();
    match app.meeting.follow() {
        Ok(seen) => {
            if seen.reloaded {
                app.replan(place);
            } else if seen.applied > 0 {
                // A period the writer started shifts the columns: stay on ours.
                if let Some(i) = app.meeting.index().period(&period) {
                    app.period = i;
                }
            }
            if seen.pen_freed {
                let key = app
                    .keymap
                    .key_for(super::Action::TakePen)
                    .unwrap_or_else(|| "W".into());
                app.say(format!(
                    "The writer has let go of the plan: {key} takes the pen."
                ));
            }
            seen.changed()
        }
        Err(e) => {
            app.refuse(explain(app, &e));
            false
        }
    }
}

/// Take the pen: this copy writes from now on. The last writer's unsaved journal, if it
/// left one, is offered for replay as on opening.
fn take_pen(app: &mut App) {
    let place = app.place();
    match app.meeting.take_pen() {
        Ok(()) => {
            app.replan(place);
            app.done("You have the pen: changes are recorded and saved from this copy.");
            if app.meeting.recovery().is_some() {
                app.show(Overlay::Replay);
            } else {
                offer_period(app);
            }
        }
        Err(MeetingError::ReadOnly(crate::meeting::ReadOnly::Held(h))) => {
            let who = h.map_or_else(|| "Another copy".to_string(), |h| h.user);
            app.refuse(format!("{who} took the pen first: this copy follows them."));
        }
        Err(e) => app.refuse(explain(app, &e)),
    }
}

/// Once the earlier session's changes are settled, offer this meeting's period.
fn offer_period(app: &mut App) {
    if app.views.dialog().is_none() && app.meeting.conflicts().is_empty() {
        let next = app.start_overlay();
        app.views.set_dialog(next);
    }
}

/// Quit. With unsaved changes the user was asked and chose to discard them: their journal
/// is kept aside (never deleted), and the message says where.
fn quit(app: &mut App) {
    if let Err(e) = app.meeting.close() {
        // Leaving anyway would lose nothing (the journal stays where it is), but say so.
        app.refuse(format!(
            "Could not set the journal aside: {}",
            explain(app, &e)
        ));
    }
    app.quit = true;
}

fn after_save(app: &mut App, path: PathBuf) {
    let mut msg = format!("Saved to {}", path.display());
    if let Some(note) = app.meeting.save_note() {
        msg.push_str(&format!(" (note: {note})"));
    }
    app.done(msg);
}

fn save_failed(app: &mut App, e: MeetingError) {
    app.show(match e {
        MeetingError::Save(e @ SaveError::Conflict(_)) => Overlay::Conflict(e.to_string()),
        e @ (MeetingError::Save(_) | MeetingError::ReadOnly(_) | MeetingError::Io(_)) => {
            Overlay::SaveFailed(explain(app, &e))
        }
        other => {
            app.refuse(explain(app, &other));
            return;
        }
    });
}

/// Save over the file loaded (never over someone else's edit), or under another name
/// (never over an existing file), as `asked`: on a thread of its own where the app saves
/// in the background, the meeting going on meanwhile.
fn save(app: &mut App, asked: Effect) {
    let to = match &asked {
        Effect::SaveAs(path) => {
            app.views.set_dialog(None);
            Some(PathBuf::from(path))
        }
        _ => None,
    };
    if app.background_saves {
        match app.meeting.begin_save(to.as_deref()) {
            Ok(job) => saver::start(app, job, asked),
            Err(e) => saved(app, asked, Err(e)),
        }
        return;
    }
    let result = match &to {
        None => app.meeting.save(),
        Some(p) => app.meeting.save_as(p),
    };
    saved(app, asked, result);
}

/// A save's outcome, as the user hears of it; then quitting, when that was asked.
fn saved(app: &mut App, asked: Effect, result: Result<PathBuf, MeetingError>) {
    match (asked, result) {
        (Effect::Save { then_quit }, Ok(path)) => {
            after_save(app, path);
            if then_quit {
                quit(app);
            }
        }
        (Effect::SaveAs(_), Ok(path)) => after_save(app, path),
        (Effect::SaveAs(path), Err(e)) => {
            app.refuse(explain(app, &e));
            app.show(Overlay::SaveAs { path });
        }
        (_, Err(e)) => save_failed(app, e),
        (_, Ok(path)) => after_save(app, path),
    }
}

/// Take in what a save under way has done, waiting up to `wait`; when it is done, say so
/// and do what waited for it. `true` when the save finished.
pub fn poll_save(app: &mut App, wait: Duration) -> bool {
    let Some(done) = saver::poll(app, wait) else {
        return false;
    };
    saved(app, done.asked, done.result);
    app.after_change();
    for effect in done.queued {
        perform(app, effect);
    }
    true
}

fn replay(app: &mut App) {
    let active = app.period_id().to_string();
    match app.meeting.replay() {
        Ok(r) => {
            // The journal may have added or removed periods.
            super::edit::keep_period(app, &active);
            // The journal may have started this meeting's period: record into it.
            if app.meeting_period.is_none()
                && let Some(i) = model::meeting_period(app.plan(), app.today)
            {
                app.period = i;
                app.meeting_period = Some(app.period_id().to_string());
            }
            let mut msg = format!("Replayed {} change(s)", r.changes);
            if r.already > 0 {
                msg.push_str(&format!("; {} already in the file", r.already));
            }
            if r.skipped > 0 {
                msg.push_str(&format!("; {} no longer fit the plan", r.skipped));
            }
            if let Some(d) = &r.damage {
                msg.push_str(&format!(
                    "; the journal stopped at line {}: {}",
                    d.line, d.reason
                ));
            }
            if let Some(k) = &r.kept_at {
                msg.push_str(&format!("; the old journal is kept as {}", k.display()));
            }
            app.done(msg + ". Save with C-s.");
            if r.conflicts > 0 {
                app.show(Overlay::Conflicts { selected: 0 });
            }
        }
        Err(e) => app.refuse(explain(app, &e)),
    }
}

fn reload(app: &mut App) {
    let place = app.place();
    match app.meeting.reload() {
        Ok(r) => {
            app.replan(place);
            let mut msg = format!(
                "Reloaded the file and re-applied {} change(s); {} conflict(s)",
                r.changes, r.conflicts
            );
            if let Some(k) = &r.kept_at {
                msg.push_str(&format!("; your edits are kept as {}", k.display()));
            }
            app.done(msg);
            if r.conflicts > 0 {
                app.show(Overlay::Conflicts { selected: 0 });
            }
        }
        Err(e) => app.show(Overlay::SaveFailed(explain(app, &e))),
    }
}

/// The earlier session's changes, set aside unapplied (kept in a file, never deleted).
fn set_aside(app: &mut App) {
    match app.meeting.discard_recovery() {
        Ok(Some(kept)) => app.done(format!(
            "Set aside, not applied: kept as {}",
            kept.display()
        )),
        Ok(None) => {}
        Err(e) => {
            app.refuse(explain(app, &e));
            app.show(Overlay::Replay);
        }
    }
}
