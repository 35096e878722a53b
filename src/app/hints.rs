//! The keys the footer offers, from the view on top and the one key table: only keys that
//! act where they are shown (`tests/view_keys.rs` presses each one). Dialogs draw their own
//! key line from the same list.

use super::view::{Scope, View};
use super::{Action, App};

/// (keys, what they do) for the view on top, or the agenda with nothing open.
pub fn hints(app: &App) -> Vec<(String, String)> {
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
    let mut out: Vec<(String, String)> = top
        .choices()
        .iter()
        .filter(|(c, _)| acts(*c))
        .map(|(c, what)| (c.to_string(), plan.names.reword(what)))
        .collect();
    for (actions, what) in top.hints() {
        // Scrolling only when there is more than the screen shows (as last drawn).
        let limit = match top {
            View::Present => app.limits.present_max_scroll,
            _ => app.limits.dialog_max_scroll,
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
        let keys: Vec<String> = actions
            .iter()
            .filter_map(|a| app.keymap.key_in(scope, *a))
            .collect();
        if keys.is_empty() {
            continue;
        }
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
    let writable = app.meeting.read_only().is_none();
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
    let levels = &plan.scale.levels;
    if writable && let (Some(lo), Some(hi)) = (levels.first(), levels.last()) {
        let letters: String = levels.iter().filter_map(|l| l.key).collect();
        let keys = if letters.is_empty() {
            format!("{}-{}", lo.value, hi.value)
        } else {
            format!("{}-{}/{letters}", lo.value, hi.value)
        };
        hints.push((keys, "rate".into()));
    }
    let records =
        |a: Action| matches!(a, Action::Note | Action::Undo | Action::Redo | Action::Save);
    hints.extend(
        app.keymap
            .hints()
            .into_iter()
            .filter(|(a, ..)| writable || !records(*a))
            .map(|(_, k, h)| (k, plan.names.reword(h))),
    );
    hints
}
