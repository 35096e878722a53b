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
        assert!(a.find.screen.is_some(), "{open} opens a screen");
        keys(&mut a, "q");
        assert!(!a.quit, "q from the {open} screen must not quit");
        assert_eq!(a.find.screen, None::<Screen>, "q closed it");
    }
    keys(&mut a, "f");
    assert!(a.presenting);
    keys(&mut a, "q");
    assert!(!a.quit && !a.presenting, "q leaves presentation");
    keys(&mut a, "?");
    keys(&mut a, "q");
    assert!(!a.quit && a.overlay.is_none(), "q closes help");
    press(&mut a, KeyCode::Esc);
    assert!(!a.quit, "Esc never quits");
    keys(&mut a, "q");
    assert!(a.quit, "from the agenda, q quits");
}

#[test]
fn ctrl_z_is_off_while_presenting() {
    use ragboard::app::{Action, Effect, update};
    let mut a = app();
    keys(&mut a, "f");
    assert_eq!(update(&mut a, Action::Suspend), Effect::None);
    assert!(
        a.status
            .as_deref()
            .unwrap_or("")
            .contains("off while presenting")
    );
    press(&mut a, KeyCode::Esc);
    assert_eq!(update(&mut a, Action::Suspend), Effect::Suspend);
}

#[test]
fn in_the_real_binary_q_in_a_view_keeps_the_meeting_open() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.ron");
    std::fs::copy("data/csc-development-plan-2017-19.ron", &plan).unwrap();
    let tmux = Tmux::new("view-q");
    tmux.start(
        dir.path(),
        &format!(
            "{} plan.ron --date 2018-02-01 --period 01-18 --user ann",
            env!("CARGO_BIN_EXE_ragboard")
        ),
    );
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
