//! The real binary in a real terminal (tmux, from a shell): signals give the terminal back,
//! Ctrl-Z suspends and `fg` resumes, a second copy on the same plan is read-only and says
//! who has it, and a read-only folder opens read-only, saying why, with save-as elsewhere.

mod common;

use std::path::Path;
use std::process::Command;

use common::tmux::Tmux;
use ragboard::store::{self, journal};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_ragboard")
}

fn plan_in(dir: &Path) -> std::path::PathBuf {
    let plan = dir.join("plan.ron");
    std::fs::copy("data/csc-development-plan-2017-19.ron", &plan).unwrap();
    plan
}

/// A shell in tmux at `dir`, with a plain prompt and a config folder of its own.
fn shell(tag: &str, dir: &Path) -> Tmux {
    let tmux = Tmux::new(tag);
    tmux.start(
        dir,
        &format!(
            "env -i PATH=/usr/bin:/bin TERM=xterm-256color HOME={d} RAGBOARD_CONFIG_DIR={d} PS1='$ ' bash --norc --noprofile",
            d = dir.display()
        ),
    );
    tmux.wait_for("$");
    tmux
}

fn run(tmux: &Tmux, line: &str) {
    tmux.keys(&[line, "Enter"]);
}

fn alternate_screen(tmux: &Tmux) -> bool {
    tmux.run(&["display", "-p", "-t", "app", "#{alternate_on}"])
        .trim()
        == "1"
}

/// `stty` in the shell after the app: echo and canonical input are back on.
fn assert_terminal_sane(tmux: &Tmux) {
    // The quotes keep the marker out of the echoed command line: only the output has it.
    run(
        tmux,
        "clear; echo \"MO\"\"DES: $(stty -a | tr ' ;' '\\n\\n' | grep -xE -- '-?(echo|icanon)' | tr '\\n' ' ')END\"",
    );
    let s = tmux.wait_for("MODES:");
    assert!(
        s.contains("echo icanon") || s.contains("icanon echo"),
        "{s}"
    );
    assert!(!s.contains("-echo") && !s.contains("-icanon"), "{s}");
    assert!(
        !alternate_screen(tmux),
        "left in the alternate screen:\n{s}"
    );
}

fn kill(sig: &str, pid: u32) {
    let ok = Command::new("kill")
        .args([sig, &pid.to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
}

#[test]
fn sigterm_and_sighup_restore_the_terminal_and_keep_the_journal() {
    for (sig, code) in [("-TERM", 143), ("-HUP", 129)] {
        let dir = tempfile::tempdir().unwrap();
        let plan = plan_in(dir.path());
        let tmux = shell(&format!("sig{code}"), dir.path());
        run(
            &tmux,
            &format!(
                "{} plan.ron --date 2018-02-01 --period 01-18 --user t; echo EXIT=$?",
                bin()
            ),
        );
        tmux.wait_for("Item 1 of 113");
        assert!(alternate_screen(&tmux));
        tmux.keys(&["n", "n", "1"]);
        tmux.wait_for("● 1 unsaved");
        kill(sig, tmux.app_pid());
        tmux.wait_for(&format!("EXIT={code}"));
        assert_terminal_sane(&tmux);
        let r = journal::read(&journal::path_for(&plan)).unwrap().unwrap();
        assert_eq!(r.entries.len(), 1, "{sig}: the change is in the journal");
    }
}

#[test]
fn ctrl_z_suspends_and_fg_comes_back_in_raw_mode() {
    let dir = tempfile::tempdir().unwrap();
    plan_in(dir.path());
    let tmux = shell("tstp", dir.path());
    run(
        &tmux,
        &format!("{} plan.ron --date 2018-02-01 --period 01-18", bin()),
    );
    tmux.wait_for("Item 1 of 113");
    tmux.keys(&["C-z"]);
    tmux.wait_for("Stopped");
    assert_terminal_sane(&tmux);
    run(&tmux, "fg");
    tmux.wait_for("Item 1 of 113");
    assert!(alternate_screen(&tmux));
    // One key, no Enter, acts: raw mode is back.
    tmux.keys(&["n"]);
    tmux.wait_for("Item 2 of 113");
    tmux.keys(&["q"]);
    tmux.wait_for("$");
    assert_terminal_sane(&tmux);
}

#[test]
fn a_second_copy_opens_read_only_and_says_who_has_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan_in(dir.path());
    let first = shell("first", dir.path());
    run(&first, &common::tmux::meeting_command("ann"));
    first.wait_for("Item 1 of 113");
    first.keys(&["n", "n", "1"]);
    first.wait_for("● 1 unsaved");
    let journal_before = std::fs::read(journal::path_for(&plan)).unwrap();

    let second = shell("second", dir.path());
    run(&second, &common::tmux::meeting_command("bob"));
    let s = second.wait_steady("READ-ONLY");
    assert!(s.contains("following ann (live)"), "names the holder:\n{s}");
    second.keys(&["n", "n", "3"]);
    let s = second.wait_steady("Nothing was changed");
    assert!(s.contains("Read-only: ann on"), "{s}");
    second.keys(&["C-s"]);
    second.wait_for("Not saved");
    second.keys(&["Escape"]);
    second.wait_gone("Not saved");
    second.keys(&["q"]);
    second.wait_for("$");
    assert_eq!(
        std::fs::read(journal::path_for(&plan)).unwrap(),
        journal_before,
        "the second copy never touched the first's journal"
    );

    first.keys(&["C-s"]);
    first.wait_for("Saved to plan.ron");
    first.keys(&["q"]);
    first.wait_for("$");
    let saved = store::load(&plan).unwrap().plan;
    assert_eq!(saved.action("1.1.1").unwrap().rating("01-18"), Some(1));
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_opens_read_only_with_the_reason_and_saves_elsewhere() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("ro");
    std::fs::create_dir(&folder).unwrap();
    let plan = plan_in(&folder);
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    // The folder is ours: its owner is who we run as.
    let root = std::os::unix::fs::MetadataExt::uid(&std::fs::metadata(dir.path()).unwrap()) == 0;
    // Root ignores permissions: run the app as nobody so the folder really is read-only.
    let prefix = if root {
        for p in [dir.path(), &folder, &out, &plan] {
            std::os::unix::fs::chown(p, Some(65534), Some(65534)).unwrap();
        }
        "setpriv --reuid=65534 --regid=65534 --clear-groups "
    } else {
        ""
    };
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).unwrap();
    let before = std::fs::read(&plan).unwrap();

    let tmux = shell("rofolder", dir.path());
    run(
        &tmux,
        &format!(
            "cd ro && {prefix}{} plan.ron --date 2018-02-01 --period 01-18 --user t",
            bin()
        ),
    );
    tmux.wait_for("Item 1 of 113");
    // No lock can be taken in a read-only folder: never a writer without one. The reason
    // stays on screen, and a rating key says why nothing changed.
    let s = tmux.wait_steady("READ-ONLY");
    assert!(s.contains("plan.ron.lock"), "{s}");
    tmux.keys(&["n", "n", "1"]);
    let s = tmux.wait_steady("Nothing was changed");
    assert!(!s.contains("unsaved"), "{s}");
    tmux.keys(&["p", "p"]);
    let s = tmux.wait_steady("READ-ONLY");
    assert!(s.contains("save as (S) elsewhere"), "{s}");
    tmux.keys(&["S"]);
    tmux.wait_for("Save as");
    // Clear the suggested name and type one in a writable folder.
    for _ in 0..200 {
        tmux.keys(&["BSpace"]);
    }
    tmux.keys(&["../out/mine.ron", "Enter"]);
    tmux.wait_for("Saved to ../out/mine.ron");
    // The copy is ours to write: rate, save, leave.
    let s = tmux.wait_gone("READ-ONLY");
    assert!(!s.contains("NOT SAFE"), "{s}");
    tmux.keys(&["n", "n", "1"]);
    tmux.wait_for("1 unsaved");
    tmux.keys(&["C-s"]);
    tmux.wait_for("Saved to ../out/mine.ron");
    tmux.keys(&["q"]);
    tmux.wait_for("$");
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(
        std::fs::read(&plan).unwrap(),
        before,
        "the plan is untouched"
    );
    let mine = store::load(&out.join("mine.ron")).unwrap().plan;
    assert_eq!(mine.action("1.1.1").unwrap().rating("01-18"), Some(1));
    assert_eq!(mine.changes.len(), 1, "one rating, made after the save as");
}

/// The shipped plan in `dir`, open in the app in a shell in tmux (no `--user`), with one
/// rating made and not saved.
fn rated_one(dir: &Path, tag: &str) -> (std::path::PathBuf, Tmux) {
    let plan = plan_in(dir);
    let tmux = shell(tag, dir);
    run(
        &tmux,
        &format!("{} plan.ron --date 2018-02-01 --period 01-18", bin()),
    );
    tmux.wait_for("Item 1 of 113");
    tmux.keys(&["n", "n", "1"]);
    tmux.wait_for("● 1 unsaved");
    (plan, tmux)
}

/// Closing the terminal (here: killing tmux) must end the app: it must not spin on a dead
/// terminal holding the plan's lock.
#[test]
fn closing_the_terminal_ends_the_app_and_frees_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, tmux) = rated_one(dir.path(), "hangup");
    let pid = tmux.app_pid();
    tmux.run(&["kill-server"]);
    let start = std::time::Instant::now();
    let alive = |pid: u32| {
        std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| {
            !s.rsplit_once(')')
                .is_some_and(|(_, r)| r.trim_start().starts_with('Z'))
        })
    };
    while alive(pid) {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(10),
            "the app is still running after its terminal closed"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    // The plan is free, and the change is in the journal for the next session.
    let m = ragboard::meeting::Meeting::open(
        store::load(&plan).unwrap().plan,
        store::document::Document::open(&plan, &std::fs::read(&plan).unwrap()),
        "next",
        Box::new(ragboard::meeting::SystemClock),
    );
    assert!(m.read_only().is_none(), "the lock went with the process");
    assert_eq!(m.recovery().map(|r| r.count()), Some(1));
}

/// With `$USER` unset (the shell here starts with an empty environment), the audit trail
/// names the login name from the system, never "unknown".
#[test]
fn without_user_in_the_environment_the_login_name_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, tmux) = rated_one(dir.path(), "nouser");
    tmux.keys(&["C-s"]);
    tmux.wait_for("Saved to plan.ron");
    tmux.keys(&["q"]);
    tmux.wait_for("$");
    let who = store::load(&plan)
        .unwrap()
        .plan
        .changes
        .last()
        .unwrap()
        .who
        .clone();
    let login = Command::new("id").arg("-un").output().unwrap();
    let login = String::from_utf8_lossy(&login.stdout).trim().to_string();
    assert_eq!(who, login);
    assert_ne!(who, "unknown");
}

/// A generated plan large enough that a debug build reads it for a second or more, and
/// the id of its last period (so no "start a period?" question comes first).
fn large_plan_in(dir: &Path) -> (std::path::PathBuf, String) {
    let plan = dir.join("big.ron");
    let out = Command::new(bin())
        .args([
            "gen",
            "--actions",
            "20000",
            "--periods",
            "4",
            "--seed",
            "3",
            "-o",
        ])
        .arg(&plan)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let period = store::load(&plan)
        .unwrap()
        .plan
        .periods
        .last()
        .unwrap()
        .id
        .clone();
    (plan, period)
}

#[test]
fn a_large_plan_shows_its_beginning_at_once_and_keys_typed_meanwhile_act_once_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let (_, period) = large_plan_in(dir.path());
    let tmux = shell("beginning", dir.path());
    run(
        &tmux,
        &format!(
            "{} big.ron --period {period} --user ann; echo EXIT=$?",
            bin()
        ),
    );
    // The first priorities' agenda, marked as loading, without the plan's figures.
    let s = tmux.wait_for("The first 4 priorities, while the rest loads");
    assert!(s.contains("Loading big.ron…"), "{s}");
    assert!(s.contains("P1 "), "the first priority's row:\n{s}");
    assert!(
        !s.contains("actions rated") && !s.contains("Item 1 of"),
        "{s}"
    );
    // Keys typed now wait, and say so; once the plan is read they act, in order.
    tmux.keys(&["j", "j"]);
    tmux.wait_for("2 keys wait for the whole plan");
    let s = tmux.wait_steady("Item 3 of");
    assert!(!s.contains("Loading"), "{s}");
    assert!(s.contains("of 20000 actions rated"), "{s}");
    tmux.keys(&["q"]);
    tmux.wait_for("EXIT=0");
    assert_terminal_sane(&tmux);

    // Opened on a question (no --period: "start this meeting's period?"), keys typed
    // while the plan was read do not answer it unseen: set aside, and said so.
    run(
        &tmux,
        &format!("clear; {} big.ron --user ann; echo EXIT=$?", bin()),
    );
    tmux.wait_for("The first 4 priorities, while the rest loads");
    tmux.keys(&["j", "x"]);
    tmux.wait_for("2 keys wait for the whole plan");
    let s = tmux.wait_steady("This meeting's period");
    assert!(
        s.contains("2 keys typed while loading were set aside for this question"),
        "{s}"
    );
    assert!(
        !s.contains("jx▏") && !s.contains("j▏"),
        "a key went into the form:\n{s}"
    );
    tmux.keys(&["Escape"]);
    tmux.wait_gone("This meeting's period");
    tmux.keys(&["q"]);
    tmux.wait_for("EXIT=0");

    // A terminating signal while the plan is read ends the wait at once, the terminal
    // given back; nothing was opened, so no journal is left.
    run(
        &tmux,
        &format!(
            "clear; {} big.ron --period {period} --user ann; echo EXIT=$?",
            bin()
        ),
    );
    tmux.wait_for("The first 4 priorities, while the rest loads");
    kill("-TERM", tmux.app_pid());
    tmux.wait_for("EXIT=143");
    assert_terminal_sane(&tmux);
    assert!(!journal::path_for(&dir.path().join("big.ron")).exists());

    // The terminal gone while the plan is read (a closed window): the process ends, not
    // left spinning on a terminal that reads end-of-file for ever.
    run(
        &tmux,
        &format!("clear; {} big.ron --period {period} --user ann", bin()),
    );
    tmux.wait_for("The first 4 priorities, while the rest loads");
    let pid = tmux.app_pid();
    tmux.run(&["kill-server"]);
    let start = std::time::Instant::now();
    while std::path::Path::new(&format!("/proc/{pid}")).exists() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(10),
            "still running after its terminal went"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}
