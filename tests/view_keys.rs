//! `q` and Esc close the view on top and never quit from a view (issue 19.3): on the
//! projector, a dashboard or presentation that quit the app would leave a shell prompt.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::tmux::Tmux;
use common::{app, keys, press};
use ragboard::app::find::Screen;
use ragboard::crossterm::event::KeyCode;

#[test]
fn q_closes_each_whole_plan_screen_and_presentation_then_quits_from_the_agenda() {
    let mut a = app();
    for open in ["D", "I", "P"] {
        keys(&mut a, open);
        assert!(a.views().screen().is_some(), "{open} opens a screen");
        keys(&mut a, "q");
        assert!(!a.has_quit(), "q from the {open} screen must not quit");
        assert_eq!(a.views().screen(), None::<Screen>, "q closed it");
    }
    keys(&mut a, "f");
    assert!(a.presenting());
    keys(&mut a, "q");
    assert!(!a.has_quit() && !a.presenting(), "q leaves presentation");
    keys(&mut a, "?");
    keys(&mut a, "q");
    assert!(
        !a.has_quit() && a.overlay().cloned().is_none(),
        "q closes help"
    );
    press(&mut a, KeyCode::Esc);
    assert!(!a.has_quit(), "Esc never quits");
    keys(&mut a, "q");
    assert!(a.has_quit(), "from the agenda, q quits");
}

#[test]
fn ctrl_z_is_off_while_presenting() {
    use ragboard::app::{Action, Effect, update};
    let mut a = app();
    keys(&mut a, "f");
    assert!(!update(&mut a, Action::Suspend).contains(&Effect::Suspend));
    assert!(a.status().unwrap_or("").contains("off while presenting"));
    press(&mut a, KeyCode::Esc);
    assert_eq!(update(&mut a, Action::Suspend), vec![Effect::Suspend]);
}

#[test]
fn in_the_real_binary_q_in_a_view_keeps_the_meeting_open() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.ron");
    std::fs::copy("data/csc-development-plan-2017-19.ron", &plan).unwrap();
    let tmux = Tmux::new("view-q");
    tmux.start(dir.path(), &common::tmux::meeting_command("ann"));
    tmux.wait_for("Item 1 of 113");
    let pid = tmux.app_pid();
    tmux.keys(&["D"]);
    tmux.wait_for("Dashboard");
    tmux.keys(&["q"]);
    tmux.wait_gone("Dashboard");
    tmux.keys(&["f"]);
    tmux.wait_for("Esc leave");
    tmux.keys(&["q"]);
    tmux.wait_for("Item 1 of 113");
    assert!(Path::new(&format!("/proc/{pid}")).exists(), "still running");
    tmux.keys(&["q"]);
    let start = Instant::now();
    while std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| !s.contains(") Z ")) {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "q from the agenda quits"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The CYPP 2013-16 at a meeting in its Review 2014/15, on objective 1.3.1 (which has key
/// milestones).
fn cypp_on_1_3_1() -> ragboard::app::App {
    let plan = ragboard::store::bundled::find("cypp-2013-16.ron")
        .unwrap()
        .plan()
        .unwrap();
    let opts = ragboard::app::Options {
        today: chrono::NaiveDate::from_ymd_opt(2015, 3, 1).unwrap(),
        period: Some("2014-15".into()),
        ..common::options(ragboard::ui::theme::ThemeName::Default)
    };
    let mut a = ragboard::app::App::new(
        ragboard::meeting::Meeting::new(plan, "tester", common::clock()),
        opts,
    );
    common::go(&mut a, "1.3.1");
    a
}

/// The key event a footer hint names ("n", "C-s", "A-Enter", "1-5/rgab", "←↑↓→", "[/]").
fn events(key: &str) -> Vec<ragboard::crossterm::event::KeyEvent> {
    use ragboard::crossterm::event::{KeyEvent, KeyModifiers};
    let plain = |c| KeyEvent::new(c, KeyModifiers::NONE);
    // A range of rating digits: the first.
    if key.contains('-') && key.len() > 1 && key.starts_with(|c: char| c.is_ascii_digit()) {
        return vec![plain(KeyCode::Char(key.chars().next().unwrap()))];
    }
    // Alternatives ("[/]", "Enter/Esc"): the last, which moves forward.
    if key.len() > 1 && key.contains('/') {
        return events(key.rsplit('/').next().unwrap());
    }
    let code = match key {
        "Esc" => KeyCode::Esc,
        "Enter" => KeyCode::Enter,
        "Tab" => KeyCode::Tab,
        "Space" => KeyCode::Char(' '),
        "Home" => KeyCode::Home,
        "PgDn" => KeyCode::PageDown,
        "Backspace" => KeyCode::Backspace,
        k if k.starts_with("C-") || k.starts_with("A-") => {
            let mods = if k.starts_with("C-") {
                KeyModifiers::CONTROL
            } else {
                KeyModifiers::ALT
            };
            let code = match &k[2..] {
                "Enter" => KeyCode::Enter,
                rest => KeyCode::Char(rest.chars().next().unwrap()),
            };
            return vec![KeyEvent::new(code, mods)];
        }
        // Arrows: the one that moves on from the start.
        k if k.starts_with('←') => KeyCode::Right,
        k if k.starts_with('↑') || k.starts_with('↓') => KeyCode::Down,
        k => KeyCode::Char(k.chars().next().unwrap()),
    };
    vec![plain(code)]
}

/// What a key may change besides the screen: the views open, the place, the period, the
/// scroll.
fn view_state(a: &ragboard::app::App) -> String {
    format!(
        "{:?}",
        (
            a.views().clone(),
            a.pos(),
            a.period(),
            a.overlay_scroll(),
            a.detail_scroll(),
            a.present_scroll()
        )
    )
}

/// Each key the footer offers in `a` does something: the screen or the app's state
/// changes, or the app quits.
fn every_footer_key_acts(make: &dyn Fn() -> ragboard::app::App, view: &str) {
    use common::screen::screen;
    use ragboard::app::action_for_key;
    let mut a = make();
    // As the user sees it: drawn first (some hints depend on what fits).
    common::screen::drawn(&mut a, 120, 36);
    let hints = ragboard::app::hints(&a);
    assert!(!hints.is_empty(), "{view}: a footer");
    let shown = screen(&a, 120, 36);
    // One copy at a time: a second would find the plan locked.
    drop(a);
    for (key, what) in hints {
        let mut a = make();
        // Drawn first, as the loop does: the view learns how far it can scroll.
        let before = common::screen::drawn(&mut a, 120, 36);
        let state = view_state(&a);
        for ev in events(&key) {
            if let Some(action) = action_for_key(&a, &ev) {
                ragboard::app::dispatch(&mut a, action);
            }
        }
        let after = screen(&a, 120, 36);
        let now = view_state(&a);
        assert!(
            a.has_quit() || before != after || state != now,
            "{view}: the footer offers `{key} {what}`, which does nothing there:\n{shown}"
        );
    }
}

#[test]
fn every_key_the_footer_offers_does_something_in_every_view() {
    let agenda = || {
        let mut a = app();
        common::go(&mut a, "1.1.1");
        a
    };
    every_footer_key_acts(&agenda, "agenda");
    let views: &[(&str, &[&str])] = &[
        ("presentation", &["f"]),
        // A body longer than the screen: next pages first.
        ("presentation of a long objective", &[":", "4.1", "\n", "f"]),
        ("dashboard", &["D"]),
        ("indicators", &["I"]),
        ("periods grid", &["P"]),
        ("help", &["?"]),
        ("about", &["i"]),
        ("change log", &["3", "c"]),
        ("note form", &["e", "x"]),
        ("go to", &[":", "2"]),
        ("period chooser", &["v"]),
        ("search", &["/", "s"]),
        ("filter menu", &["F"]),
        ("person picker", &["F", "L"]),
        ("quit?", &["3", "q"]),
        ("past period", &["v", "k", "\n", "2"]),
        ("decision form", &["d"]),
        ("judgement form", &["B"]),
        ("matters arising", &["d", "x", "\n", "A"]),
        ("closing form", &["d", "x", "\n", "A", "e"]),
    ];
    for (view, open) in views {
        let make = move || {
            let mut a = agenda();
            for k in *open {
                if *k == "\n" {
                    press(&mut a, KeyCode::Enter);
                } else {
                    keys(&mut a, k);
                }
            }
            a
        };
        assert!(!make().views().is_empty(), "{view}: {open:?} opens it");
        every_footer_key_acts(&make, view);
    }
    // Key milestones: the CYPP 2013-16's.
    let cypp = cypp_on_1_3_1;
    for (view, open) in [("milestones", "K"), ("milestone met form", "Km")] {
        let make = move || {
            let mut a = cypp();
            keys(&mut a, open);
            a
        };
        assert!(!make().views().is_empty(), "{view}: {open:?} opens it");
        every_footer_key_acts(&make, view);
    }
    // Saving under another name needs a file.
    let disk = common::plan_on_disk();
    let make = || {
        let mut a = common::open(&disk.path, "ann");
        keys(&mut a, "S");
        a
    };
    every_footer_key_acts(&make, "save as");
}

#[test]
fn a_read_only_copy_is_offered_no_recording_keys() {
    let disk = common::plan_on_disk();
    let _writer = common::open(&disk.path, "ann");
    let make = || {
        let mut a = common::open(&disk.path, "bob");
        common::go(&mut a, "1.1.1");
        a
    };
    let hints = ragboard::app::hints(&make());
    for (k, w) in &hints {
        assert!(
            !matches!(w.as_str(), "rate" | "note" | "undo" | "save"),
            "read-only footer offers {k} {w}"
        );
    }
    every_footer_key_acts(&make, "read-only agenda");
}

#[test]
fn every_letter_a_dialog_lists_is_shown_and_does_something() {
    use common::screen::screen;
    use ragboard::app::Overlay;
    use ragboard::crossterm::event::{KeyEvent, KeyModifiers};
    let dialogs = [
        Overlay::Milestones {
            item: "1.3.1".into(),
            selected: 0,
        },
        Overlay::PastPeriod { value: Some(2) },
        Overlay::Replay,
        Overlay::Conflicts { selected: 0 },
        Overlay::ConfirmQuit,
        Overlay::Conflict("p.ron has changed on disk".into()),
        Overlay::SaveFailed("cannot save p.ron".into()),
    ];
    for dialog in dialogs {
        assert!(!dialog.choices().is_empty(), "{dialog:?}");
        for (letter, what) in dialog.choices() {
            // The replay dialog needs a journal left by a crash to show.
            let disk = common::plan_on_disk();
            let mut a = if dialog == Overlay::Replay {
                let mut m = common::meeting(&disk.path, "ann");
                m.rate("1.1.1", "01-18", Some(1), None, None).unwrap();
                drop(m);
                common::open(&disk.path, "ann")
            } else if matches!(dialog, Overlay::Milestones { .. }) {
                cypp_on_1_3_1()
            } else {
                let mut a = app();
                common::go(&mut a, "1.1.1");
                a
            };
            a.show_for_test(dialog.clone());
            let before = screen(&a, 120, 36);
            assert!(
                before.contains(&format!("{letter} {what}")),
                "{dialog:?} does not show `{letter} {what}`:\n{before}"
            );
            let ev = KeyEvent::new(KeyCode::Char(*letter), KeyModifiers::NONE);
            let action = ragboard::app::action_for_key(&a, &ev).unwrap();
            ragboard::app::dispatch(&mut a, action);
            let after = screen(&a, 120, 36);
            assert!(
                a.has_quit() || a.overlay().cloned().as_ref() != Some(&dialog) || before != after,
                "{dialog:?}: `{letter}` does nothing"
            );
        }
    }
}

/// One meaning per key where a user moves between views (issue 19.3): the agenda,
/// presentation, the whole-plan screens and the readers (help, about, the change log) read
/// each key as the same action wherever they bind it (Enter opens what is selected:
/// a fold on the agenda, a cell on a screen), and the filter menu's letters that the agenda
/// also binds mean the same thing there.
#[test]
fn a_key_means_one_thing_in_every_view_a_user_moves_between() {
    use ragboard::app::find::FindAction;
    use ragboard::app::find::{FILTER_KEYS, FilterKey};
    use ragboard::app::view::Scope;
    use ragboard::app::{Action, Keymap};
    use ragboard::crossterm::event::KeyEvent;
    use std::collections::HashMap;
    let km = Keymap::default();
    let mut meaning: HashMap<String, (Action, Scope)> = HashMap::new();
    for b in &km.bindings {
        for k in &b.keys {
            let ev = KeyEvent::new(k.code, k.mods);
            for scope in [Scope::Agenda, Scope::Present, Scope::Screen, Scope::Reader] {
                let Some(a) = km.action_in(scope, &ev) else {
                    continue;
                };
                let (first, there) = *meaning.entry(k.to_string()).or_insert((a, scope));
                let opens = [Action::Toggle, Action::Submit];
                assert!(
                    first == a || (opens.contains(&first) && opens.contains(&a)),
                    "{k} is {first:?} in {there:?} but {a:?} in {scope:?}"
                );
            }
        }
    }
    for (c, key, _) in FILTER_KEYS {
        let ev = KeyEvent::new(
            KeyCode::Char(*c),
            ragboard::crossterm::event::KeyModifiers::NONE,
        );
        if let Some(a) = km.action_for(&ev) {
            assert!(
                matches!(
                    (key, a),
                    (FilterKey::Changed, Action::Changes)
                        | (FilterKey::ClearAll, Action::Find(FindAction::Reset))
                ),
                "the filter menu's {c} ({key:?}) is {a:?} on the agenda"
            );
        }
    }
}
