//! A folder of invalid plans (`tests/bad-plans/NAME.ron`), each run through the real
//! binary as a user runs it: `ragboard check NAME.ron`, and opening it in the meeting view
//! with no terminal (`ragboard NAME.ron </dev/null >/dev/null`). What each run says on
//! standard error, and its exit code, must be exactly what `NAME.stderr` beside the plan
//! holds:
//!
//! ```text
//! $ ragboard check NAME.ron
//! NAME.ron:3:10: ...
//! NAME.ron: 1 problem
//! exit 1
//! $ ragboard NAME.ron </dev/null >/dev/null
//! ragboard: NAME.ron:3:10: ...
//! exit 1
//! ```
//!
//! After an intended change of a message, regenerate them with
//!     BLESS=1 cargo test --test bad_plans
//! (or RAGBOARD_BLESS=1, as for the golden files) and read `git diff tests/bad-plans`:
//! each line must be one plain sentence naming the file, the line and column where the
//! problem is in its text, and what to do about it.
//!
//! To add a case, add `NAME.ron` (a folder or a symlink named so works too) and bless.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_ragboard");

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-plans")
}

/// Every case's name (without `.ron`), sorted.
fn cases() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".ron").map(String::from))
        .collect();
    names.sort();
    names
}

/// The config folder the runs use: relative to the bad plans' folder, and absent, so no
/// user's settings change what is said, and what names it is the same on every machine.
const CONFIG: &str = "config";

/// One run: stderr then the exit code, as the transcript shows them.
fn run(args: &[&str]) -> String {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(folder())
        .env("RAGBOARD_CONFIG_DIR", CONFIG)
        .env("RUST_BACKTRACE", "1")
        // Colour allowed: a colour code reaching stderr would show in the transcript.
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .output()
        .expect("run ragboard");
    let code = out
        .status
        .code()
        .map_or_else(|| "killed by a signal".to_string(), |c| c.to_string());
    let mut said = String::from_utf8_lossy(&out.stderr).into_owned();
    if !said.is_empty() && !said.ends_with('\n') {
        said.push_str("[no newline at the end]\n");
    }
    format!("{said}exit {code}\n")
}

fn transcript(name: &str) -> String {
    let file = format!("{name}.ron");
    format!(
        "$ ragboard check {file}\n{}$ ragboard {file} </dev/null >/dev/null\n{}",
        run(&["check", &file]),
        run(&[&file])
    )
}

/// What no user should read, whatever the plan: a colour code or other control
/// character, a bidirectional control, a panic, a backtrace, a place in our source.
fn debris(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    if let Some(c) = text
        .chars()
        .find(|&c| (c.is_control() && c != '\n') || ragboard::text::is_bidi_control(c))
    {
        found.push(format!("the character U+{:04X}", c as u32));
    }
    for d in [
        "panicked",
        "backtrace",
        "BACKTRACE",
        "Location:",
        "src/",
        ".rs:",
    ] {
        if text.contains(d) {
            found.push(format!("{d:?}"));
        }
    }
    found
}

#[test]
fn every_bad_plan_says_exactly_what_its_stderr_file_holds() {
    let bless = ["BLESS", "RAGBOARD_BLESS"]
        .iter()
        .any(|v| std::env::var_os(v).is_some());
    assert!(
        !folder().join(CONFIG).exists(),
        "tests/bad-plans/{CONFIG} must not exist"
    );
    let names = cases();
    assert!(names.len() >= 40, "only {} bad plans", names.len());
    let mut wrong = Vec::new();
    for name in &names {
        let actual = transcript(name);
        for d in debris(&actual) {
            wrong.push(format!("{name}: {d} on stderr:\n{actual}"));
        }
        // Every run refuses the plan, or (a plan check accepts) the view does.
        if actual.matches("exit 0\n").count() > 1 {
            wrong.push(format!("{name}: accepted by both runs:\n{actual}"));
        }
        let path = folder().join(format!("{name}.stderr"));
        if bless {
            std::fs::write(&path, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        if expected != actual {
            wrong.push(format!(
                "{name}: stderr differs from {name}.stderr\n--- expected\n{expected}--- actual\n{actual}"
            ));
        }
    }
    // A stderr file whose plan is gone is stale.
    for e in std::fs::read_dir(folder()).unwrap() {
        let n = e.unwrap().file_name().to_string_lossy().into_owned();
        if let Some(stem) = n.strip_suffix(".stderr")
            && !names.iter().any(|c| c == stem)
        {
            wrong.push(format!("{n}: no {stem}.ron beside it"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} bad plans went wrong (BLESS=1 cargo test --test bad_plans regenerates after an intended change):\n\n{}",
        wrong.len(),
        names.len(),
        wrong.join("\n")
    );
}
