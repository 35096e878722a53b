//! Recording at the meeting: the keys that change the plan call the `Meeting`, and the
//! prompts that go with them. The meeting applies and journals each edit; this module only
//! chooses what to ask it and turns its outcomes and errors into words.

use super::{Action, App, Editor, Effect, Node, NoteField, NoteForm, Overlay};
use crate::meeting::{Choice, Edit, MeetingError};
use crate::model::names::article;
use crate::model::{self, CallKind, Minute, Rating};

/// Words for a meeting error, naming items as the user sees them.
pub fn explain(app: &App, e: &MeetingError) -> String {
    match e {
        MeetingError::ReadOnly(_) => format!(
            "Read-only: {}. Nothing was changed.",
            e.to_string().trim_start_matches("read-only: ")
        ),
        MeetingError::NoPeriods => "The plan has no periods: press v to start one.".into(),
        MeetingError::NotOnScale(v) => {
            let values: Vec<String> = app
                .plan()
                .scale
                .levels
                .iter()
                .map(|l| l.value.to_string())
                .collect();
            format!("No level {v} on this plan's scale ({})", values.join(", "))
        }
        MeetingError::Unchanged { item } => {
            let now = app
                .meeting
                .index()
                .action(app.plan(), item)
                .and_then(|a| a.rating(app.period_id()));
            format!("{item} is already {}", describe(app, now))
        }
        MeetingError::NothingToUndo => "Nothing to undo".into(),
        MeetingError::NothingToRedo => "Nothing to redo".into(),
        other => {
            let s = other.to_string();
            let mut c = s.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        }
    }
}

/// The selected action's id, or a message saying why there is none.
fn selected_action(app: &mut App) -> Option<String> {
    match app.current() {
        Some(Node::Action(..) | Node::Measure(..)) => app.current_action().map(|a| a.id.clone()),
        _ => {
            let n = &app.plan().names;
            let plural = model::LevelNames::plural(&n.action);
            app.refuse(format!(
                "Select {} {} to rate: {} and {} ratings are computed from their {plural}.",
                article(&n.action),
                n.action.to_lowercase(),
                n.priority.to_lowercase(),
                n.objective.to_lowercase(),
            ));
            None
        }
    }
}

fn describe(app: &App, r: Option<Rating>) -> String {
    match r.and_then(|r| app.plan().scale.level(r)) {
        Some(l) => format!("{} {}", l.label, l.name),
        None => "not rated".into(),
    }
}

fn set_rating(app: &mut App, to: Option<Rating>) {
    let Some(item) = selected_action(app) else {
        return;
    };
    let period = app.period_id().to_string();
    match app.meeting.rate(&item, &period, to, None, None) {
        Ok(c) => app.done(format!(
            "{item} {}: {} → {}",
            app.period_label(),
            describe(app, c.from),
            describe(app, c.to)
        )),
        Err(e) => app.refuse(explain(app, &e)),
    }
}

pub fn rate(app: &mut App, value: Rating) {
    if !may_rate(app, Some(value)) || super::proposals::on_rate(app, Some(value)) {
        return;
    }
    let Some(level) = app.plan().scale.level(value).cloned() else {
        app.refuse(explain(app, &MeetingError::NotOnScale(value)));
        return;
    };
    if level.needs_evidence {
        // Guard against "green on the outside": the note comes first.
        let Some(item) = selected_action(app) else {
            return;
        };
        if let Some(h) = app.meeting.read_only() {
            app.refuse(explain(app, &MeetingError::ReadOnly(h.clone())));
            return;
        }
        open_form(app, item, Some(value));
        app.say(format!(
            "{} {} needs a note as evidence: write it, then Enter",
            level.label, level.name
        ));
        return;
    }
    set_rating(app, Some(value));
}

pub fn clear(app: &mut App) {
    if may_rate(app, None) && !super::proposals::on_rate(app, None) {
        set_rating(app, None);
    }
}

fn open_form(app: &mut App, item: String, pending: Option<Rating>) {
    let progress = app
        .meeting
        .index()
        .action(app.plan(), &item)
        .and_then(|a| a.progress.clone())
        .unwrap_or_default();
    // Amending the change just made: start from its note.
    let reason = app
        .meeting
        .amendable(&item, app.period_id())
        .filter(|_| pending.is_none())
        .and_then(|c| c.note.clone())
        .unwrap_or_default();
    app.show(Overlay::Note(Box::new(NoteForm {
        item,
        pending,
        correct: None,
        reason: Editor::new(&reason),
        progress: Editor::new(&progress),
        field: NoteField::Reason,
    })));
}

/// A past period's cell, confirmed as a correction: ask why (required).
fn open_correction(app: &mut App, value: Option<Rating>) {
    let Some(item) = selected_action(app) else {
        return;
    };
    open_form(app, item, None);
    if let Some(Overlay::Note(form)) = app.views.dialog_mut() {
        form.correct = Some(value);
        form.reason = Editor::new("");
    }
    app.say(format!(
        "Correcting {}: say why (required), then Enter",
        app.period_label()
    ));
}

pub fn open_note(app: &mut App) {
    if let Some(item) = selected_action(app) {
        if let Some(h) = app.meeting.read_only() {
            app.refuse(explain(app, &MeetingError::ReadOnly(h.clone())));
            return;
        }
        open_form(app, item, None);
    }
}

fn submit_note(app: &mut App, form: NoteForm) {
    let reason = form.reason.text().trim().to_string();
    let progress = form.progress.text();
    let note = (!reason.is_empty()).then(|| reason.clone());
    let period = app.period_id().to_string();
    if let Some(value) = form.correct {
        match app
            .meeting
            .correct(&form.item, &period, value, &reason, Some(&progress))
        {
            Ok(c) => app.done(format!(
                "Corrected {} in {}: {} → {} (marked as a correction)",
                c.item,
                app.period_label(),
                describe(app, c.from),
                describe(app, c.to)
            )),
            Err(e @ MeetingError::NeedsReason) => {
                app.refuse(format!(
                    "{}: write why, or Esc to leave the cell as it is",
                    explain(app, &e)
                ));
                app.show(Overlay::Note(Box::new(form)));
            }
            Err(e) => app.refuse(explain(app, &e)),
        }
        return;
    }
    let result = match form.pending {
        Some(v) => app
            .meeting
            .rate(&form.item, &period, Some(v), note, Some(&progress))
            .map(Some),
        None => app.meeting.note(&form.item, &period, note, Some(&progress)),
    };
    match result {
        Ok(Some(_)) => app.done(format!("Noted on {}", form.item)),
        Ok(None) => {}
        Err(e @ MeetingError::NeedsEvidence(_)) => {
            app.refuse(format!(
                "{}: write why, or Esc to leave the rating as it is",
                explain(app, &e)
            ));
            app.show(Overlay::Note(Box::new(form)));
        }
        Err(e) => app.refuse(explain(app, &e)),
    }
}

fn edit_words(app: &App, e: &Edit, undo: bool) -> String {
    match e {
        Edit::Change(c) => {
            if undo {
                format!(
                    "Undid {} {}: back to {}",
                    c.item,
                    c.period,
                    describe(app, c.from)
                )
            } else {
                format!("Redid {} {}: {}", c.item, c.period, describe(app, c.to))
            }
        }
        Edit::AddPeriod(p) if undo => format!("Undid the new period {}", p.label),
        Edit::AddPeriod(p) => format!("Redid the new period {}", p.label),
        Edit::Minute(m) => format!(
            "{} {}",
            if undo { "Undid" } else { "Redid" },
            minute_words(app, m)
        ),
    }
}

/// What a minute is, in a few words: "the agreed action on 1.1.1", "2.1.3 ticked".
fn minute_words(app: &App, m: &Minute) -> String {
    let on = |item: &Option<String>| match item {
        Some(i) => format!("on {i}"),
        None => "on the whole plan".to_string(),
    };
    match m {
        Minute::Decide(d) | Minute::Withdraw(d) => format!("the {} {}", d.kind.word(), on(&d.item)),
        Minute::Settle { id, to, .. } => {
            let what = app.plan().decision(id).map_or_else(
                || id.clone(),
                |d| format!("the {} {}", d.kind.word(), on(&d.item)),
            );
            format!("{what} marked {}", to.status.word())
        }
        Minute::Call { at, call, .. } | Minute::Uncall { at, call, .. } => format!(
            "milestone {} of {} called {}",
            at.index + 1,
            at.item,
            call.kind.word()
        ),
        Minute::Review { item, on, .. } => {
            format!(
                "{item} {}",
                if *on {
                    "ticked as reviewed"
                } else {
                    "unticked"
                }
            )
        }
        Minute::Propose { from, to } => match to.as_ref().or(from.as_ref()) {
            Some(p) => format!("{}'s proposal on {}", p.by, p.item),
            None => "a proposal".to_string(),
        },
    }
}

pub fn undo(app: &mut App) {
    let active = app.period_id().to_string();
    match app.meeting.undo() {
        Ok(e) => {
            keep_period(app, &active);
            app.done(edit_words(app, &e, true));
        }
        Err(e) => app.refuse(explain(app, &e)),
    }
}

pub fn redo(app: &mut App) {
    let active = app.period_id().to_string();
    match app.meeting.redo() {
        Ok(e) => {
            keep_period(app, &active);
            app.done(edit_words(app, &e, false));
        }
        Err(e) => app.refuse(explain(app, &e)),
    }
}

/// Periods shift when one is added or removed: stay on the one that was active, or the
/// nearest one left. A meeting period that has gone is forgotten (it can be started again).
pub(super) fn keep_period(app: &mut App, id: &str) {
    let index = app.meeting.index();
    app.period = match index.period(id) {
        Some(i) => i,
        None => app.period.min(app.plan().periods.len().saturating_sub(1)),
    };
    if app
        .meeting_period
        .as_deref()
        .is_some_and(|m| index.period(m).is_none())
    {
        app.meeting_period = None;
    }
}

pub fn open_save_as(app: &mut App) {
    let Some(doc) = app.meeting.document() else {
        app.refuse(explain(app, &MeetingError::NoFile));
        return;
    };
    let stem = doc
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "plan".into());
    let user: String = app
        .meeting
        .user()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    let name = format!("{stem}-{user}-{}.ron", app.today.format("%Y-%m-%d"));
    let path = doc.path.with_file_name(name);
    app.show(Overlay::SaveAs {
        path: path.display().to_string(),
    });
}

fn choose_period(app: &mut App, selected: usize) {
    app.views.set_dialog(None);
    if selected < app.plan().periods.len() {
        app.period = selected;
        app.say(if app.in_past_period() {
            format!(
                "Viewing {}, a past period: a rating key asks before correcting it",
                app.period_label()
            )
        } else {
            format!("Recording into {}", app.period_label())
        });
    } else {
        app.show(app.period_offer());
    }
}

/// Start the meeting's own period (or go to it, if the plan has it) and record into it.
fn start_period(app: &mut App, label: String) {
    let mut new = model::cadence::next_period(app.plan(), app.today);
    let label = label.trim();
    if !label.is_empty() {
        new.label = label.to_string();
    }
    let at = match app.meeting.index().period(&new.id) {
        Some(i) => Ok(i),
        None => app.meeting.add_period(new),
    };
    match at {
        Ok(i) => {
            app.period = i;
            app.meeting_period = Some(app.period_id().to_string());
            app.say(format!("Recording into {}", app.period_label()));
        }
        Err(e) => app.refuse(explain(app, &e)),
    }
}

/// A rating key in a past period: ask first, unless the user chose to correct it.
/// `true` when the rating may go ahead.
fn may_rate(app: &mut App, value: Option<Rating>) -> bool {
    // Nothing rateable selected (a heading, or a plan with nothing to rate): say so, and ask
    // nothing about periods.
    if app.current_action().is_none() {
        let _ = selected_action(app);
        return false;
    }
    let writable = app.meeting.read_only().is_none();
    if writable && app.in_past_period() {
        app.show(Overlay::PastPeriod { value });
        return false;
    }
    true
}

/// Typing into a one-line prompt (a label, an item number, a file name).
fn edit_line(text: &mut String, a: Action) {
    match a {
        Action::Type(c) => text.push(c),
        Action::Erase => {
            text.pop();
        }
        _ => {}
    }
}

/// Handle an action while an overlay is open. `true` when the overlay took it.
pub fn in_overlay(app: &mut App, action: Action) -> bool {
    let Some(overlay) = app.views.take_dialog() else {
        return false;
    };
    let recovering = matches!(overlay, Overlay::Replay | Overlay::Conflicts { .. });
    let took = overlay_action(app, overlay, action);
    // Once the earlier session's changes are settled, offer this meeting's period.
    if recovering
        && app.pending.is_empty()
        && app.views.dialog().is_none()
        && app.meeting.conflicts().is_empty()
    {
        let next = app.start_overlay();
        app.views.set_dialog(next);
    }
    took
}

fn overlay_action(app: &mut App, overlay: Overlay, action: Action) -> bool {
    match (overlay, action) {
        (Overlay::Note(form), Action::Close) => {
            if form.pending.is_some() {
                app.refuse("Rating not recorded: it needs a note as evidence.");
            }
        }
        (Overlay::Note(form), Action::Submit) => submit_note(app, *form),
        (Overlay::Note(mut form), a) => {
            match a {
                Action::Type(c) => form.active().insert_char(c),
                Action::Erase => form.active().backspace(),
                Action::Edit(key) => form.active().key(key),
                Action::Newline => form.active().newline(),
                Action::NextField => {
                    form.field = match form.field {
                        NoteField::Reason => NoteField::Progress,
                        NoteField::Progress => NoteField::Reason,
                    }
                }
                _ => {}
            }
            app.show(Overlay::Note(form));
        }
        (Overlay::StartPeriod { .. }, Action::Close) => {
            app.say(format!(
                "No period for this meeting: {} is a past period; rating it asks first. v starts one.",
                app.period_label()
            ));
        }
        (Overlay::StartPeriod { label }, Action::Submit) => start_period(app, label),
        (Overlay::StartPeriod { mut label }, a) => {
            edit_line(&mut label, a);
            app.show(Overlay::StartPeriod { label });
        }
        (Overlay::GoTo { .. }, Action::Close) => {}
        (Overlay::GoTo { text }, Action::Submit) => {
            if !app.go_to_id(&text) {
                app.refuse(format!("No item numbered {:?}", text.trim()));
                app.show(Overlay::GoTo { text });
            }
        }
        (Overlay::GoTo { mut text }, a) => {
            edit_line(&mut text, a);
            app.show(Overlay::GoTo { text });
        }
        (Overlay::PastPeriod { value }, Action::Choose('c')) => open_correction(app, value),
        (Overlay::PastPeriod { .. }, Action::Choose('v')) => app.show(app.period_offer()),
        (Overlay::PastPeriod { .. }, Action::Close) => {}
        (o @ Overlay::PastPeriod { .. }, _) => app.show(o),
        (Overlay::SaveAs { .. }, Action::Close) => {}
        (Overlay::SaveAs { path }, Action::Submit) => app.request(Effect::SaveAs(path)),
        (Overlay::SaveAs { mut path }, a) => {
            edit_line(&mut path, a);
            app.show(Overlay::SaveAs { path });
        }
        (Overlay::Periods { selected }, a) => {
            let rows = app.plan().periods.len() + 1;
            match a {
                Action::Up => app.show(Overlay::Periods {
                    selected: selected.saturating_sub(1),
                }),
                Action::Down => app.show(Overlay::Periods {
                    selected: (selected + 1).min(rows - 1),
                }),
                Action::Submit => choose_period(app, selected),
                Action::Close => {}
                _ => app.show(Overlay::Periods { selected }),
            }
        }
        (Overlay::Replay, Action::Choose('r')) => app.request(Effect::Replay),
        (Overlay::Replay, Action::Choose('d') | Action::Close) => app.request(Effect::SetAside),
        (o @ Overlay::Replay, _) => {
            let unreadable = app
                .meeting
                .recovery()
                .is_some_and(|r| r.unreadable.is_some());
            app.refuse(if unreadable {
                "Press Esc to continue: that journal cannot be replayed here."
            } else {
                "Press r to replay the unsaved changes, or d to set them aside."
            });
            app.show(o);
        }
        (Overlay::Conflicts { selected }, a) => {
            let n = app.meeting.conflicts().len();
            let choice = match a {
                Action::Choose('k') => Some(Choice::KeepFile),
                Action::Choose('t') => Some(Choice::TakeJournal),
                _ => None,
            };
            let mut selected = match a {
                Action::Up => selected.saturating_sub(1),
                Action::Down => (selected + 1).min(n.saturating_sub(1)),
                _ => selected,
            };
            if let Some(choice) = choice {
                if let Err(e) = app.meeting.resolve(selected, choice) {
                    app.refuse(explain(app, &e));
                }
                selected = selected.min(app.meeting.conflicts().len().saturating_sub(1));
            } else if a == Action::Close {
                // Esc closes, and changes nothing: every cell keeps what the file holds. The
                // journal's values stay in the copy of the old journal beside the plan.
                let mut kept = 0;
                while !app.meeting.conflicts().is_empty() {
                    if let Err(e) = app.meeting.resolve(0, Choice::KeepFile) {
                        app.refuse(explain(app, &e));
                        break;
                    }
                    kept += 1;
                }
                if kept > 0 {
                    let copy = app.meeting.kept().map_or_else(
                        || "the journal beside the plan".to_string(),
                        |p| p.display().to_string(),
                    );
                    app.say(format!(
                        "Kept the file's value in {kept} cell(s); the other values are kept in {copy}."
                    ));
                }
            }
            if !app.meeting.conflicts().is_empty() {
                app.show(Overlay::Conflicts { selected });
            }
        }
        (Overlay::ConfirmQuit, Action::Choose('s')) => {
            app.request(Effect::Save { then_quit: true })
        }
        (Overlay::ConfirmQuit, Action::Choose('d')) => app.request(Effect::Quit),
        (Overlay::ConfirmQuit, Action::Close) => {}
        (o @ Overlay::ConfirmQuit, _) => app.show(o),
        (Overlay::Conflict(_), Action::Choose('s')) => open_save_as(app),
        (Overlay::Conflict(_), Action::Choose('r')) => app.request(Effect::Reload),
        (Overlay::Conflict(_), Action::Close) => {}
        (o @ Overlay::Conflict(_), _) => app.show(o),
        (Overlay::SaveFailed(_), Action::Choose('s')) => open_save_as(app),
        (Overlay::SaveFailed(_), Action::Close) => {}
        (o @ Overlay::SaveFailed(_), _) => app.show(o),
        (Overlay::Form(form), a) => super::board::in_form(app, form, a),
        (Overlay::Milestones { .. }, Action::Close) => {}
        (Overlay::Milestones { item, selected }, a) => {
            let n = app.plan().milestones_of(&item).map_or(0, Vec::len);
            let kind = match a {
                Action::Choose('m') => Some(CallKind::Met),
                Action::Choose('s') => Some(CallKind::Missed),
                Action::Choose('d') => Some(CallKind::Changed),
                _ => None,
            };
            match kind {
                Some(kind) => super::board::open_call(app, item, selected, kind),
                None => {
                    let selected = match a {
                        Action::Up => selected.saturating_sub(1),
                        Action::Down => (selected + 1).min(n.saturating_sub(1)),
                        _ => selected,
                    };
                    app.show(Overlay::Milestones { item, selected });
                }
            }
        }
        (Overlay::Help | Overlay::Changes | Overlay::About, Action::Close) => {}
        (
            o @ (Overlay::Help | Overlay::Changes | Overlay::About),
            Action::Up | Action::Down | Action::NextPriority | Action::PrevPriority,
        ) => {
            // As far as the frame drawn says the text goes (wrapped lines included), and no
            // further: never past the end into blank space.
            let rows = app.limits.dialog_max_scroll;
            let step = match action {
                Action::Up | Action::Down => 1,
                _ => ABOUT_PAGE,
            };
            app.overlay_scroll = if matches!(action, Action::Up | Action::PrevPriority) {
                app.overlay_scroll.saturating_sub(step)
            } else {
                app.overlay_scroll.saturating_add(step).min(rows)
            };
            app.show(o);
        }
        (o @ (Overlay::Help | Overlay::Changes | Overlay::About), _) => {
            app.show(o);
            return false;
        }
    }
    true
}

/// Lines a page key scrolls an overlay by.
const ABOUT_PAGE: u16 = 10;
