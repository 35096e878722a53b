//! Recording at the meeting: ratings, notes, undo and redo, periods, saving, and the
//! prompts that go with them. Every edit goes through `record`, which applies it and
//! journals it before the next key is read.

use std::path::PathBuf;

use super::{Action, App, Node, NoteField, NoteForm, Overlay};
use crate::model::session::Op;
use crate::model::{Change, Period, ProgressChange, Rating};
use crate::store::document::SaveError;

/// Apply an op to the plan and append it to the journal.
fn record(app: &mut App, op: Op) -> bool {
    // The first edit after a save starts the journal with the history undo may reach.
    let history =
        (!app.session.done.is_empty() || !app.session.undone.is_empty()).then(|| Op::Restore {
            done: app.session.done.clone(),
            undone: app.session.undone.clone(),
        });
    if let Err(e) = app.session.apply(&mut app.plan, &op) {
        app.status = Some(e);
        return false;
    }
    if matches!(op, Op::AddPeriod(_)) {
        app.periods_unsaved = true;
    }
    if let Some(doc) = &mut app.doc
        && let Err(e) = history
            .filter(|_| !doc.journal_open())
            .map_or(Ok(()), |h| doc.record(&h))
            .and_then(|()| doc.record(&op))
    {
        app.status = Some(format!(
            "WARNING: could not write the journal ({e}): save soon"
        ));
    }
    true
}

/// The selected action's id, or a message saying why there is none.
fn selected_action(app: &mut App) -> Option<String> {
    match app.current() {
        Some(Node::Action(..) | Node::Measure(..)) => app.current_action().map(|a| a.id.clone()),
        _ => {
            app.status = Some(
                "Select an action to rate: priority and objective ratings are computed from their actions."
                    .into(),
            );
            None
        }
    }
}

fn describe(app: &App, r: Option<Rating>) -> String {
    match r.and_then(|r| app.plan.scale.level(r)) {
        Some(l) => format!("{} {}", l.label, l.name),
        None => "not rated".into(),
    }
}

fn change(app: &App, item: &str, from: Option<Rating>, to: Option<Rating>) -> Change {
    Change {
        who: app.user.clone(),
        when: app.now(),
        item: item.to_string(),
        period: app.period_id().to_string(),
        from,
        to,
        note: None,
        progress: None,
    }
}

fn set_rating(app: &mut App, to: Option<Rating>) {
    let Some(item) = selected_action(app) else {
        return;
    };
    if app.plan.periods.is_empty() {
        app.status = Some("The plan has no periods: press v to start one.".into());
        return;
    }
    let from = app
        .plan
        .action(&item)
        .and_then(|a| a.rating(app.period_id()));
    if from == to {
        app.status = Some(format!("{item} is already {}", describe(app, to)));
        return;
    }
    let c = change(app, &item, from, to);
    if record(app, Op::Do(c)) {
        app.status = Some(format!(
            "{item} {}: {} → {}",
            app.period_label(),
            describe(app, from),
            describe(app, to)
        ));
    }
}

pub fn rate(app: &mut App, value: Rating) {
    let Some(level) = app.plan.scale.level(value).cloned() else {
        let values: Vec<String> = app
            .plan
            .scale
            .levels
            .iter()
            .map(|l| l.value.to_string())
            .collect();
        app.status = Some(format!(
            "No level {value} on this plan's scale ({})",
            values.join(", ")
        ));
        return;
    };
    if level.needs_evidence {
        // Guard against "green on the outside": the note comes first.
        let Some(item) = selected_action(app) else {
            return;
        };
        open_form(app, item, Some(value));
        app.status = Some(format!(
            "{} {} needs a note as evidence: write it, then Enter",
            level.label, level.name
        ));
        return;
    }
    set_rating(app, Some(value));
}

pub fn clear(app: &mut App) {
    set_rating(app, None);
}

fn open_form(app: &mut App, item: String, pending: Option<Rating>) {
    let progress = app
        .plan
        .action(&item)
        .and_then(|a| a.progress.clone())
        .unwrap_or_default();
    // Amending the change just made: start from its note.
    let reason = app
        .session
        .done
        .last()
        .filter(|c| pending.is_none() && c.item == item && c.period == app.period_id())
        .and_then(|c| c.note.clone())
        .unwrap_or_default();
    app.overlay = Some(Overlay::Note(NoteForm {
        item,
        pending,
        reason,
        progress,
        field: NoteField::Reason,
    }));
}

pub fn open_note(app: &mut App) {
    if let Some(item) = selected_action(app) {
        open_form(app, item, None);
    }
}

fn submit_note(app: &mut App, form: NoteForm) {
    let reason = form.reason.trim().to_string();
    let note = (!reason.is_empty()).then_some(reason);
    if let Some(v) = form.pending
        && note.is_none()
    {
        app.status = Some(format!(
            "{} needs a note as evidence: write why, or Esc to leave the rating as it is",
            describe(app, Some(v))
        ));
        app.overlay = Some(Overlay::Note(form));
        return;
    }
    let old_progress = app.plan.action(&form.item).and_then(|a| a.progress.clone());
    let new_progress = Some(form.progress.trim_end().to_string()).filter(|p| !p.is_empty());
    let progress = (new_progress != old_progress).then(|| ProgressChange {
        from: old_progress.clone(),
        to: new_progress.clone(),
    });
    let current = app
        .plan
        .action(&form.item)
        .and_then(|a| a.rating(app.period_id()));
    let latest_is_this = app
        .session
        .done
        .last()
        .is_some_and(|c| c.item == form.item && c.period == app.period_id());
    let op = match form.pending {
        Some(v) => {
            let mut c = change(app, &form.item, current, Some(v));
            c.note = note;
            c.progress = progress;
            Op::Do(c)
        }
        None if latest_is_this => {
            // Add the note to the change just made, keeping one line in the audit trail.
            let Some(mut c) = app.session.done.last().cloned() else {
                return;
            };
            c.note = note;
            c.progress = match (c.progress.take(), progress) {
                (Some(earlier), Some(now)) => Some(ProgressChange {
                    from: earlier.from,
                    to: now.to,
                }),
                (earlier, now) => now.or(earlier),
            };
            Op::Amend(c)
        }
        None if note.is_none() && progress.is_none() => {
            app.overlay = None;
            return;
        }
        None => {
            let mut c = change(app, &form.item, current, current);
            c.note = note;
            c.progress = progress;
            Op::Do(c)
        }
    };
    app.overlay = None;
    if record(app, op) {
        app.status = Some(format!("Noted on {}", form.item));
    }
}

pub fn undo(app: &mut App) {
    let Some(c) = app.session.done.last().cloned() else {
        app.status = Some("Nothing to undo".into());
        return;
    };
    if record(app, Op::Undo) {
        app.status = Some(format!(
            "Undid {} {}: back to {}",
            c.item,
            c.period,
            describe(app, c.from)
        ));
    }
}

pub fn redo(app: &mut App) {
    let Some(c) = app.session.undone.last().cloned() else {
        app.status = Some("Nothing to redo".into());
        return;
    };
    if record(app, Op::Redo) {
        app.status = Some(format!(
            "Redid {} {}: {}",
            c.item,
            c.period,
            describe(app, c.to)
        ));
    }
}

/// The plan as it will be saved: ratings as they stand, and the change log extended.
fn plan_to_save(app: &App) -> crate::model::Plan {
    let mut plan = app.plan.clone();
    plan.changes.extend(app.session.done.iter().cloned());
    plan
}

fn after_save(app: &mut App, path: PathBuf) {
    // The session stays, so undo reaches past the save; the file holds its changes now.
    app.saved_done = app.session.done.clone();
    app.periods_unsaved = false;
    app.status = Some(format!("Saved to {}", path.display()));
}

/// Quit; the journal holds nothing unsaved (or the user discarded it), so it goes.
pub fn quit(app: &mut App) {
    if let Some(doc) = &mut app.doc {
        let _ = doc.discard_journal();
    }
    app.quit = true;
}

/// Save over the file loaded; never over someone else's edit.
pub fn save(app: &mut App) -> bool {
    let plan = plan_to_save(app);
    let Some(doc) = &mut app.doc else {
        app.status = Some("This plan has no file to save to.".into());
        return false;
    };
    match doc.save(&plan) {
        Ok(path) => {
            after_save(app, path);
            true
        }
        Err(e @ SaveError::Conflict(_)) => {
            app.overlay = Some(Overlay::Conflict(e.to_string()));
            false
        }
        Err(e) => {
            app.status = Some(e.to_string());
            false
        }
    }
}

pub fn open_save_as(app: &mut App) {
    let Some(doc) = &app.doc else {
        app.status = Some("This plan has no file to save to.".into());
        return;
    };
    let stem = doc
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "plan".into());
    let name = format!("{stem}-{}-{}.ron", app.user, app.today.format("%Y-%m-%d"));
    let path = doc.path.with_file_name(name);
    app.overlay = Some(Overlay::SaveAs {
        path: path.display().to_string(),
    });
}

fn save_as(app: &mut App, path: String) {
    let plan = plan_to_save(app);
    let Some(doc) = &mut app.doc else {
        return;
    };
    match doc.save_as(&PathBuf::from(&path), &plan) {
        Ok(p) => {
            app.overlay = None;
            after_save(app, p);
        }
        Err(e) => {
            app.status = Some(e.to_string());
            app.overlay = Some(Overlay::SaveAs { path });
        }
    }
}

/// A period for a meeting on `date`: "RAG 11/26", id "11-26".
pub fn period_for(date: chrono::NaiveDate) -> Period {
    Period {
        id: date.format("%m-%y").to_string(),
        label: format!("RAG {}", date.format("%m/%y")),
        date: Some(date),
    }
}

fn choose_period(app: &mut App, selected: usize) {
    app.overlay = None;
    if selected < app.plan.periods.len() {
        app.period = selected;
    } else {
        let new = period_for(app.today);
        if let Some(i) = app.plan.periods.iter().position(|p| p.id == new.id) {
            app.period = i;
        } else {
            let id = new.id.clone();
            if record(app, Op::AddPeriod(new)) {
                app.period = app
                    .plan
                    .periods
                    .iter()
                    .position(|p| p.id == id)
                    .unwrap_or(0);
            }
        }
    }
    app.status = Some(format!("Recording into {}", app.period_label()));
}

fn replay(app: &mut App, recovered: crate::store::journal::Recovered) {
    let mut applied = Vec::new();
    let mut skipped = 0;
    for op in &recovered.ops {
        match app.session.apply(&mut app.plan, op) {
            Ok(()) => {
                match op {
                    // What the history brings back was saved already.
                    Op::Restore { done, .. } => app.saved_done = done.clone(),
                    Op::AddPeriod(_) => app.periods_unsaved = true,
                    _ => {}
                }
                applied.push(op.clone());
            }
            Err(_) => skipped += 1,
        }
    }
    // New periods from the journal: record into the one the meeting started.
    if let Some(p) = app.session.added_periods.last() {
        app.period = app
            .plan
            .periods
            .iter()
            .position(|q| q.id == p.id)
            .unwrap_or(app.period);
    }
    let mut msg = format!("Replayed {} unsaved change(s)", recovered.unsaved());
    if skipped + recovered.unreadable > 0 {
        msg.push_str(&format!(
            "; {} could not be applied",
            skipped + recovered.unreadable
        ));
    }
    if let Some(doc) = &mut app.doc
        && let Err(e) = doc.restart_journal(&applied)
    {
        msg.push_str(&format!("; WARNING: could not rewrite the journal: {e}"));
    }
    app.status = Some(msg + ". Save with C-s.");
}

/// Handle an action while an overlay is open. `true` when the overlay took it.
pub fn in_overlay(app: &mut App, action: Action) -> bool {
    let Some(overlay) = app.overlay.take() else {
        return false;
    };
    match (overlay, action) {
        (Overlay::Note(form), Action::Close) => {
            if form.pending.is_some() {
                app.status = Some("Rating not recorded: it needs a note as evidence.".into());
            }
        }
        (Overlay::Note(form), Action::Submit) => submit_note(app, form),
        (Overlay::Note(mut form), a) => {
            let field = match form.field {
                NoteField::Reason => &mut form.reason,
                NoteField::Progress => &mut form.progress,
            };
            match a {
                Action::Type(c) => field.push(c),
                Action::Erase => {
                    field.pop();
                }
                Action::NextField => {
                    form.field = match form.field {
                        NoteField::Reason => NoteField::Progress,
                        NoteField::Progress => NoteField::Reason,
                    }
                }
                _ => {}
            }
            app.overlay = Some(Overlay::Note(form));
        }
        (Overlay::SaveAs { .. }, Action::Close) => {}
        (Overlay::SaveAs { path }, Action::Submit) => save_as(app, path),
        (Overlay::SaveAs { mut path }, a) => {
            match a {
                Action::Type(c) => path.push(c),
                Action::Erase => {
                    path.pop();
                }
                _ => {}
            }
            app.overlay = Some(Overlay::SaveAs { path });
        }
        (Overlay::Periods { selected }, a) => {
            let rows = app.plan.periods.len() + 1;
            match a {
                Action::Up => {
                    app.overlay = Some(Overlay::Periods {
                        selected: selected.saturating_sub(1),
                    })
                }
                Action::Down => {
                    app.overlay = Some(Overlay::Periods {
                        selected: (selected + 1).min(rows - 1),
                    })
                }
                Action::Submit => choose_period(app, selected),
                Action::Close => {}
                _ => app.overlay = Some(Overlay::Periods { selected }),
            }
        }
        (Overlay::Replay { recovered, .. }, Action::Choose('r')) => replay(app, recovered),
        (
            Overlay::Replay {
                recovered,
                same_plan,
            },
            Action::Choose('d'),
        ) => {
            if let Some(doc) = &mut app.doc
                && let Err(e) = doc.discard_journal()
            {
                app.status = Some(format!("Cannot remove the journal: {e}"));
                app.overlay = Some(Overlay::Replay {
                    recovered,
                    same_plan,
                });
                return true;
            }
            app.status = Some(format!(
                "Discarded {} unsaved change(s)",
                recovered.unsaved()
            ));
        }
        (o @ Overlay::Replay { .. }, _) => {
            app.status =
                Some("Press r to replay the unsaved changes, or d to discard them.".into());
            app.overlay = Some(o);
        }
        (Overlay::ConfirmQuit, Action::Choose('s')) => {
            if save(app) {
                quit(app);
            }
        }
        (Overlay::ConfirmQuit, Action::Choose('d')) => quit(app),
        (Overlay::ConfirmQuit, Action::Close) => {}
        (o @ Overlay::ConfirmQuit, _) => app.overlay = Some(o),
        (Overlay::Conflict(_), Action::Choose('s' | 'S')) => open_save_as(app),
        (Overlay::Conflict(_), Action::Close) => {}
        (o @ Overlay::Conflict(_), _) => app.overlay = Some(o),
        (Overlay::Help | Overlay::Changes, Action::Close) => {}
        (o @ (Overlay::Help | Overlay::Changes), Action::Up | Action::Down) => {
            let rows = match o {
                Overlay::Help => app.keymap.bindings.len(),
                _ => 2 * app.session.done.len(),
            } as u16;
            app.overlay_scroll = if action == Action::Up {
                app.overlay_scroll.saturating_sub(1)
            } else {
                app.overlay_scroll.saturating_add(1).min(rows)
            };
            app.overlay = Some(o);
        }
        (o @ (Overlay::Help | Overlay::Changes), _) => {
            app.overlay = Some(o);
            return false;
        }
    }
    true
}
