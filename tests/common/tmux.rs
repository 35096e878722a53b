//! A tmux server of our own, to drive the real binary in a real terminal.

use std::path::Path;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

/// The real binary on `plan.ron` in the working folder, as the tests' meetings open it: on
/// 1 February 2018, recording into RAG 01/18, as `user`.
pub fn meeting_command(user: &str) -> String {
    format!(
        "{} plan.ron --date 2018-02-01 --period 01-18 --user {user}",
        env!("CARGO_BIN_EXE_ragboard")
    )
}

/// A tmux server of our own, so tests never touch a user's sessions.
pub struct Tmux {
    socket: String,
}

impl Tmux {
    pub fn new(tag: &str) -> Tmux {
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

    pub fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn start(&self, dir: &Path, cmd: &str) {
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

    pub fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "app"])
    }

    pub fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.run(&["send-keys", "-t", "app", k]);
        }
    }

    /// Wait until the screen shows `text`.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?}"), |s| s.contains(text))
    }

    /// Wait until the screen shows `text` and two captures 50 ms apart agree: a frame
    /// caught half-drawn (a dialog's first rows only) would otherwise be asserted on.
    /// Not for screens that change on their own, such as the loading progress.
    pub fn wait_steady(&self, text: &str) -> String {
        let mut last = String::new();
        self.wait_until(&format!("{text:?} on a steady screen"), |s| {
            let steady = s.contains(text) && s == last;
            last = s.to_string();
            steady
        })
    }

    /// Wait until the screen no longer shows `text` (a dialog has closed). Keys sent right
    /// after Escape would otherwise arrive as Alt+key.
    pub fn wait_gone(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?} to go"), |s| !s.contains(text))
    }

    /// The screen once `done` holds for it, looked at every 50 ms for 20 s at most.
    fn wait_until(&self, what: &str, mut done: impl FnMut(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if done(&s) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "timed out waiting for {what}; screen:\n{s}"
            );
            sleep(Duration::from_millis(50));
        }
    }

    /// PID of the program in the pane (tmux runs the command directly or via a shell).
    pub fn app_pid(&self) -> u32 {
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
