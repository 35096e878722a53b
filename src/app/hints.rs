//! The keys the footer offers, from the view on top and the one key table: only keys that
//! act where they are shown (`tests/view_keys.rs` presses each one). Dialogs draw their own
//! key line from the same list.

use super::view::{Scope, View};
use super::{Action, App, Layout};

/// (keys, what they do) for the view on top, or the agenda with nothing open, as the last
/// frame was drawn.
pub fn hints(app: &App) -> Vec<(String, String)> {
    hints_in(app, app.limits)
}

/// The footer's hints for a frame laid out as `limits` (the frame being drawn: what
/// scrolls there is known before its footer is drawn).
pub fn hints_in(app: &App, limits: Layout) -> Vec<(String, String)> {
    let plan = app.plan();
    let Some(top) = app.views.top() else {
        return agenda(app);
    };
    if !plan.has_actions() && matches!(top, View::Present) {
        return agenda(app);
    }
    // A journal that cannot be replayed here: going on is the one thing to do.
    if matches!(top, View::Dialog(super::Overlay::Replay))
        && app
            .meeting
            .recovery()
            .is_some_and(|r| r.unreadable.is_some())
    {
        return app
            .keymap
            .key_in(Scope::Choice, Action::Close)
            .map(|k| (k, "continue".to_string()))
            .into_iter()
            .collect();
    }
    let scope = top.scope();
    // "clear all" only when there is something to clear.
    let acts = |c: char| {
        !(matches!(top, View::Menu(super::find::Menu::Filter))
            && c == super::find::filter_key(super::find::FilterKey::ClearAll)
            && !app.find.filter.is_active())
    };
    // Presenting, the chair's rating keys where the plan may be changed, as on the agenda.
    let mut out: Vec<(String, String)> = match top {
        View::Present => rate_hint(app).into_iter().collect(),
        _ => Vec::new(),
    };
    out.extend(
        top.choices()
            .iter()
            .filter(|(c, _)| acts(*c))
            .map(|(c, what)| (c.to_string(), plan.names.reword(what))),
    );
    for (actions, what) in top.hints() {
        // Scrolling only when there is more than the screen shows (as drawn).
        let limit = match top {
            View::Present => limits.present_max_scroll,
            _ => limits.dialog_max_scroll,
        };
        let scrolls =
            matches!(top, View::Present | View::Dialog(_)) && matches!(*what, "scroll" | "page");
        if scrolls && limit == 0 {
            continue;
        }
        // Choosing only among two or more.
        if matches!(top, View::Screen(super::find::Screen::Arising { .. }))
            && actions.contains(&Action::Up)
            && super::find::arising_rows(app).len() < 2
        {
            continue;
        }
        // A new line only where the field being typed in takes several.
        if let View::Dialog(super::Overlay::Form(f)) = top
            && actions.contains(&Action::Newline)
            && !f.takes_lines()
        {
            continue;
        }
        // The pen, only when it is free to take.
        if *actions == [Action::TakePen] && !app.meeting.pen_free() {
            continue;
        }
        // Presenting, next reads a page at a time when the body is longer than the screen:
        // both its keys (n, Space) are offered, and what it does now.
        let paging = matches!(top, View::Present) && *actions == [Action::Next];
        let keys: Vec<String> = if paging {
            app.keymap.keys_in(scope, Action::Next)
        } else {
            actions
                .iter()
                .filter_map(|a| app.keymap.key_in(scope, *a))
                .collect()
        };
        if keys.is_empty() {
            continue;
        }
        let what = if paging && app.present_scroll.min(limit) < limit {
            "next page"
        } else {
            what
        };
        let arrows = keys
            .iter()
            .all(|k| matches!(k.as_str(), "←" | "↑" | "↓" | "→"));
        let joined = keys.join(if arrows { "" } else { "/" });
        out.push((joined, plan.names.reword(what)));
    }
    out
}

/// The agenda's keys: a read-only copy is offered no recording keys, and a plan with
/// nothing to rate only its words, help and quit.
fn agenda(app: &App) -> Vec<(String, String)> {
    let mut hints: Vec<(String, String)> = Vec::new();
    let plan = app.plan();
    if !plan.has_actions() {
        let keep = |a: Action| a == Action::Help || a == Action::Quit;
        if !plan.narrative.is_empty()
            && let Some(k) = app.keymap.key_in(Scope::Agenda, Action::About)
        {
            hints.push((k, "about this plan".into()));
        }
        hints.extend(
            app.keymap
                .hints()
                .into_iter()
                .filter(|(a, ..)| keep(*a))
                .map(|(_, k, h)| (k, h.to_string())),
        );
        return hints;
    }
    hints.extend(rate_hint(app));
    let writable = app.meeting.read_only().is_none();
    let records =
        |a: Action| matches!(a, Action::Note | Action::Undo | Action::Redo | Action::Save);
    // The pen is offered only when it is free to take.
    let pen_free = app.meeting.pen_free();
    let waiting = matches!(
        super::proposals::current(app),
        Some((_, crate::model::Standing::Proposed))
    );
    hints.extend(
        app.keymap
            .hints()
            .into_iter()
            .filter(|(a, ..)| writable || !records(*a))
            .filter(|(a, ..)| *a != Action::TakePen || pen_free)
            // Agree, only on an action whose lead's proposal waits for the board.
            .filter(|(a, ..)| *a != Action::Agree || (writable && waiting))
            .map(|(_, k, h)| (k, plan.names.reword(h))),
    );
    hints
}

/// "1-5 rate" (with the scale's letters, "1-4/rgab"), where the plan may be changed.
fn rate_hint(app: &App) -> Option<(String, String)> {
    let levels = &app.plan().scale.levels;
    if app.meeting.read_only().is_some() || !app.plan().has_actions() {
        return None;
    }
    let (lo, hi) = (levels.first()?, levels.last()?);
    let letters: String = levels.iter().filter_map(|l| l.key).collect();
    let keys = if letters.is_empty() {
        format!("{}-{}", lo.value, hi.value)
    } else {
        format!("{}-{}/{letters}", lo.value, hi.value)
    };
    Some((keys, "rate".into()))
}
