//! `ragboard check PLAN` also says what a journal beside the plan holds: a meeting open
//! now, or one that ended without saving (how many changes, who, whether it is damaged and
//! where), and only reads it: the journal is never moved, replayed or removed.

mod common;

use std::path::Path;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

use common::bin::ragboard;
use common::tmux::Tmux;

fn check(plan: &Path) -> (i32, String, String) {
    ragboard(&["check", plan.to_str().unwrap()])
}

#[test]
fn check_reports_an_unsaved_journal_and_leaves_it_alone() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.ron");
    std::fs::copy("data/csc-development-plan-2017-19.ron", &plan).unwrap();
    let journal = dir.path().join("plan.ron.journal");

    // No journal: the one-line count only.
    let (code, out, _) = check(&plan);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 1, "{out}");

    let tmux = Tmux::new("check-journal");
    tmux.start(dir.path(), &common::tmux::meeting_command("ann"));
    tmux.wait_for("Item 1 of 113");
    tmux.keys(&["n", "n", "1"]);
    tmux.wait_for("● 1 unsaved");
    tmux.keys(&["n", "2"]);
    tmux.wait_for("● 2 unsaved");

    // Open now: the journal is the meeting's record.
    let (code, out, err) = check(&plan);
    assert_eq!(code, 0, "{err}");
    let note = out.lines().nth(1).unwrap_or_default().to_string();
    assert!(
        note.starts_with(&format!("{}: a journal from ann on ", journal.display())),
        "{out}"
    );
    assert!(
        note.contains(": 2 unsaved changes; the plan is open in a meeting"),
        "{out}"
    );

    // Killed: a meeting that ended without saving.
    let pid = tmux.app_pid();
    assert!(
        Command::new("kill")
            .args(["-9", &pid.to_string()])
            .status()
            .unwrap()
            .success()
    );
    let start = Instant::now();
    while Path::new(&format!("/proc/{pid}")).exists() {
        assert!(start.elapsed() < Duration::from_secs(5), "survived SIGKILL");
        sleep(Duration::from_millis(20));
    }
    tmux.run(&["kill-server"]);
    let bytes = std::fs::read(&journal).unwrap();
    let (code, out, _) = check(&plan);
    assert_eq!(code, 0);
    assert!(
        out.contains(": 2 unsaved changes; a meeting ended without saving: open the plan in ragboard to replay them"),
        "{out}"
    );

    // Damaged after its third line: said, with the line.
    let mut damaged = bytes.clone();
    damaged.extend_from_slice(b"3 0badc0de Apply(torn");
    std::fs::write(&journal, &damaged).unwrap();
    let (code, out, _) = check(&plan);
    assert_eq!(code, 0);
    assert!(
        out.contains(": 2 unsaved changes; damaged at line 4, where reading stops: "),
        "{out}"
    );
    assert!(
        out.contains("open the plan in ragboard to replay them (those before the damage)"),
        "{out}"
    );

    // Only read: the journal is where it was, byte for byte, and nothing else appeared.
    assert_eq!(std::fs::read(&journal).unwrap(), damaged);
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".lock"))
        .collect();
    names.sort();
    assert_eq!(names, ["plan.ron", "plan.ron.journal"]);
}
