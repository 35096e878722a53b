//! The real binary in a real terminal (tmux): make N rating changes, kill it with SIGKILL,
//! start it again, replay the journal, save, and find all N changes in the file.

use std::path::Path;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

use ragboard::store;

/// A tmux server of our own, so tests never touch a user's sessions.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn new(tag: &str) -> Tmux {
        let ok = Command::new("tmux")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(
            ok,
            "tmux is needed for this test (apt-get install tmux; .ci/run installs it)"
        );
        Tmux {
            socket: format!("ragboard-test-{}-{tag}", std::process::id()),
        }
    }

    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn start(&self, dir: &Path, cmd: &str) {
        self.run(&[
            "new-session",
            "-d",
            "-s",
            "app",
            "-x",
            "120",
            "-y",
            "36",
            "-c",
            dir.to_str().unwrap(),
            cmd,
        ]);
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "app"])
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.run(&["send-keys", "-t", "app", k]);
        }
    }

    /// Wait until the screen shows `text`.
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "timed out waiting for {text:?}; screen:\n{s}"
            );
            sleep(Duration::from_millis(50));
        }
    }

    /// PID of the program in the pane (tmux runs the command directly or via a shell).
    fn app_pid(&self) -> u32 {
        let pane: u32 = self
            .run(&["display", "-p", "-t", "app", "#{pane_pid}"])
            .trim()
            .parse()
            .unwrap();
        // If the pane runs a shell, the app is its child: find it in /proc (no procps needed).
        let child = std::fs::read_dir("/proc").unwrap().flatten().find_map(|e| {
            let pid: u32 = e.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(e.path().join("stat")).ok()?;
            // "pid (comm) state ppid ...": the comm may hold spaces, so split after ')'.
            let ppid: u32 = stat
                .rsplit_once(')')?
                .1
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()?;
            (ppid == pane).then_some(pid)
        });
        child.unwrap_or(pane)
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.run(&["kill-server"]);
    }
}

fn crash_and_recover(n: usize) {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.ron");
    std::fs::copy("data/csc-development-plan-2017-19.ron", &plan).unwrap();
    let cmd = format!(
        "{} plan.ron --date 2018-02-01 --user crash-test",
        env!("CARGO_BIN_EXE_ragboard")
    );
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
    let s = tmux.wait_for("Unsaved changes found");
    assert!(s.contains(&format!("holds {n} unsaved change(s)")), "{s}");
    tmux.keys(&["r"]);
    tmux.wait_for(&format!("Replayed {n} unsaved change(s)"));
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
