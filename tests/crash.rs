//! The real binary in a real terminal (tmux): make N rating changes, kill it with SIGKILL,
//! start it again, replay the journal, save, and find all N changes in the file.

mod common;

use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

use common::tmux::Tmux;
use ragboard::store;

fn crash_and_recover(n: usize) {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.ron");
    std::fs::copy("data/csc-development-plan-2017-19.ron", &plan).unwrap();
    let cmd = common::tmux::meeting_command("crash-test");
    let before = store::load(&plan).unwrap().plan;
    let tmux = Tmux::new(&n.to_string());
    tmux.start(dir.path(), &cmd);
    tmux.wait_for("Item 1 of 113");
    // To the first action of priority 3, then rate N actions in turn with "1".
    tmux.keys(&["]", "]", "n", "n"]);
    tmux.wait_for("Item 23 of 113");
    let mut rated = Vec::new();
    let mut item = before.priorities[2].objectives[0]
        .actions
        .iter()
        .map(|a| a.id.clone())
        .collect::<Vec<_>>();
    item.extend(
        before.priorities[2].objectives[1]
            .actions
            .iter()
            .map(|a| a.id.clone()),
    );
    for id in item.iter().take(n) {
        tmux.keys(&["1"]);
        rated.push(id.clone());
        tmux.wait_for(&format!("● {} unsaved", rated.len()));
        tmux.keys(&["n"]);
        if rated.len() == 2 {
            // Skip the objective heading between 3.1 and 3.2.
            tmux.keys(&["n"]);
        }
    }
    let pid = tmux.app_pid();
    let killed = Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let start = Instant::now();
    while std::path::Path::new(&format!("/proc/{pid}")).exists() {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "the app survived SIGKILL"
        );
        sleep(Duration::from_millis(20));
    }
    assert_eq!(
        std::fs::read(&plan).unwrap(),
        std::fs::read("data/csc-development-plan-2017-19.ron").unwrap(),
        "nothing was saved before the kill"
    );
    tmux.run(&["kill-server"]);

    let tmux = Tmux::new(&format!("{n}-again"));
    tmux.start(dir.path(), &cmd);
    let s = tmux.wait_steady("Unsaved changes found");
    assert!(s.contains(&format!("holds {n} unsaved change(s)")), "{s}");
    tmux.keys(&["r"]);
    tmux.wait_for(&format!("Replayed {n} change(s)"));
    tmux.keys(&["C-s"]);
    tmux.wait_for("Saved to plan.ron");
    tmux.keys(&["q"]);

    let after = store::load(&plan).unwrap().plan;
    for id in &rated {
        assert_eq!(
            after.action(id).unwrap().rating("01-18"),
            Some(1),
            "{id} after recovery"
        );
    }
    assert_eq!(after.changes.len(), n);
    assert!(
        after
            .changes
            .iter()
            .all(|c| c.who == "crash-test" && c.to == Some(1))
    );
    assert!(!store::journal::path_for(&plan).exists());
}

#[test]
fn changes_survive_sigkill_1() {
    crash_and_recover(1);
}

#[test]
fn changes_survive_sigkill_3() {
    crash_and_recover(3);
}

#[test]
fn changes_survive_sigkill_8() {
    crash_and_recover(8);
}
