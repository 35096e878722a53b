//! Shared test set-up: the app on the bundled plan at a fixed meeting date.
#![allow(dead_code)]

use chrono::NaiveDate;
use ragboard::app::{self, Action, App, Keymap, Options};
use ragboard::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ragboard::store;
use ragboard::theme::ThemeName;

pub fn meeting_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2018, 2, 1).unwrap()
}

pub fn app_with(theme: ThemeName) -> App {
    App::new(
        store::bundled().unwrap(),
        Options {
            theme,
            today: meeting_date(),
            keymap: Keymap::default(),
            source: "bundled plan".into(),
        },
    )
}

pub fn app() -> App {
    app_with(ThemeName::Default)
}

pub fn press(app: &mut App, code: KeyCode) {
    let ev = KeyEvent::new_with_kind(code, KeyModifiers::NONE, KeyEventKind::Press);
    if let Some(a) = app::action_for_key(app, &ev) {
        app::update(app, a);
    }
}

pub fn keys(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

pub fn act(app: &mut App, actions: &[Action]) {
    for a in actions {
        app::update(app, *a);
    }
}
