//! Shared test set-up: the app on the bundled plan at a fixed meeting date.
#![allow(dead_code)]

pub mod bin;
pub mod screen;
pub mod tmux;

use chrono::{NaiveDate, TimeZone};
use ragboard::app::{self, Action, App, Keymap, Options};
use ragboard::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ragboard::meeting::{FixedClock, Meeting};
use ragboard::store;
use ragboard::ui::theme::ThemeName;

pub fn meeting_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2018, 2, 1).unwrap()
}

/// The fixed time of every change in these tests.
pub fn clock() -> Box<FixedClock> {
    Box::new(FixedClock(
        chrono::Utc.with_ymd_and_hms(2018, 2, 1, 10, 30, 0).unwrap(),
    ))
}

pub fn options(theme: ThemeName) -> Options {
    Options {
        theme,
        today: meeting_date(),
        keymap: Keymap::default(),
        // These tests record into the plan's 01/18 column, as the meeting's own period.
        period: Some("01-18".into()),
    }
}

pub fn app_with(theme: ThemeName) -> App {
    let meeting = Meeting::new(store::bundled().unwrap(), "tester", clock());
    App::new(meeting, options(theme))
}

pub fn app() -> App {
    app_with(ThemeName::Default)
}

pub fn press(app: &mut App, code: KeyCode) {
    let ev = KeyEvent::new_with_kind(code, KeyModifiers::NONE, KeyEventKind::Press);
    if let Some(a) = app::action_for_key(app, &ev) {
        app::dispatch(app, a);
    }
}

pub fn keys(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

pub fn act(app: &mut App, actions: &[Action]) {
    for a in actions {
        app::dispatch(app, *a);
    }
}

/// The shipped plan copied into a temporary folder, opened as a user would open it.
pub struct OnDisk {
    pub dir: tempfile::TempDir,
    pub path: std::path::PathBuf,
}

pub fn plan_on_disk() -> OnDisk {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.ron");
    std::fs::copy("data/csc-development-plan-2017-19.ron", &path).unwrap();
    OnDisk { dir, path }
}

/// Open `path` as `user` in a meeting with the fixed clock, as the app does.
pub fn meeting(path: &std::path::Path, user: &str) -> Meeting {
    let loaded = store::load(path).unwrap();
    let doc = store::document::Document::loaded(path, &loaded.source);
    Meeting::open(loaded.plan, doc, user, clock())
}

/// Open `path` in the app as `user`, at the fixed meeting date and a fixed clock.
pub fn open(path: &std::path::Path, user: &str) -> App {
    App::new(meeting(path, user), options(ThemeName::Default))
}

/// The app on the bundled plan, saving into `dir`.
pub fn bundled_in(dir: &std::path::Path, user: &str) -> App {
    let doc = store::document::Document::bundled_in(dir);
    let meeting = Meeting::open(store::bundled().unwrap(), doc, user, clock());
    App::new(meeting, options(ThemeName::Default))
}

pub fn ctrl(app: &mut App, c: char) {
    let ev = KeyEvent::new_with_kind(KeyCode::Char(c), KeyModifiers::CONTROL, KeyEventKind::Press);
    if let Some(a) = app::action_for_key(app, &ev) {
        app::dispatch(app, a);
    }
}

/// Move to the agenda item with this id.
pub fn go(app: &mut App, id: &str) {
    press(app, KeyCode::Home);
    for _ in 0..app.agenda().len() {
        if app.current().unwrap().id(app.plan()) == id {
            return;
        }
        keys(app, "n");
    }
    panic!("no item {id}");
}

/// A colleague's copy saved over `path` meanwhile, with `item` rated `value` in `period`.
pub fn colleague_saves(path: &std::path::Path, item: &str, period: &str, value: u8) {
    let mut theirs = store::load(path).unwrap().plan;
    theirs
        .action_mut(item)
        .unwrap()
        .ratings
        .insert(period, value);
    store::save(path, &theirs).unwrap();
}

/// The rating of `id` in the tests' meeting period (01/18), in a meeting.
pub fn rating(m: &Meeting, id: &str) -> Option<u8> {
    m.plan().action(id).unwrap().rating("01-18")
}

/// The rating of `id` in 01/18 in the plan file at `path`.
pub fn on_disk(path: &std::path::Path, id: &str) -> Option<u8> {
    store::load(path)
        .unwrap()
        .plan
        .action(id)
        .unwrap()
        .rating("01-18")
}

/// What a sheet carries of two plans is the same: the summary in every format, and each
/// action's id, title, measures, lead, officer, due date, ratings and progress, in order.
pub fn assert_same_sheet(a: &ragboard::model::Plan, b: &ragboard::model::Plan, what: &str) {
    use ragboard::model::summary::Summary;
    use ragboard::report::{Format, render};
    for format in [Format::Table, Format::Csv, Format::Markdown, Format::Json] {
        assert_eq!(
            render(&Summary::build(b, None), format),
            render(&Summary::build(a, None), format),
            "{what} {format:?}"
        );
    }
    let row = |x: &ragboard::model::Action| {
        (
            x.id.clone(),
            x.title.clone(),
            x.measures.clone(),
            x.lead.clone(),
            x.officer.clone(),
            x.due,
            x.ratings.clone(),
            x.progress.clone(),
        )
    };
    let (ra, rb): (Vec<_>, Vec<_>) = (
        a.actions().map(row).collect(),
        b.actions().map(row).collect(),
    );
    assert_eq!(ra, rb, "{what}");
}

/// One part of a workbook (an xlsx is a zip), as text: `xl/worksheets/sheet1.xml`.
pub fn xlsx_part(bytes: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}
