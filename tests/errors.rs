//! The commands' error edge, through the real binary: every error is said in one place,
//! one plain line per problem naming the file at fault (or the command, when no file is),
//! with the exit code the user guide gives.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::bin::ragboard;

const SMALL: &str = "tests/fixtures/rag-small.ron";
const BIN: &str = env!("CARGO_BIN_EXE_ragboard");

/// `ragboard ARGS` with standard output sent to `/dev/full` (a disk that is full).
fn to_full_disk(args: &[&str]) -> (i32, String) {
    let out = Command::new(BIN)
        .args(args)
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_full_disk_under_standard_output_is_an_error_not_a_silent_half() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    let said = "standard output: cannot write: No space left on device (os error 28); what \
                was written is incomplete\n";
    for args in [
        &["export", SMALL, "--format", "json"][..],
        &["summary", SMALL],
        &["check", SMALL],
        &["cells", SMALL],
        &["--list"],
    ] {
        let (code, err) = to_full_disk(args);
        assert_eq!(code, 1, "{args:?}: {err}");
        assert_eq!(err, said, "{args:?}");
    }
    // diff and merge say trouble with 2.
    let (code, err) = to_full_disk(&["diff", SMALL, "data/csc-development-plan-2017-19.ron"]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(err, said);
}

#[test]
fn a_reader_that_goes_away_ends_the_output_quietly() {
    // `ragboard cells BIG | head -1`: the pipe closes early; nothing is said.
    let mut child = Command::new(BIN)
        .args(["cells", "data/csc-development-plan-2017-19.ron"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn an_error_about_no_file_names_the_command() {
    let (code, _, err) = ragboard(&["gen", "--actions", "0"]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "ragboard gen: --actions and --periods must be at least 1\n"
    );
}

#[test]
fn diff_says_the_problems_of_both_plans_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.ron");
    let b = dir.path().join("b.ron");
    std::fs::write(&a, "Plan(\n  title: 3,\n)").unwrap();
    std::fs::write(&b, "").unwrap();
    let (code, out, err) = ragboard(&["diff", a.to_str().unwrap(), b.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert_eq!(out, "");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines[0].starts_with(&format!("{}:2:10: ", a.display())),
        "{err}"
    );
    assert!(
        lines[1].starts_with(&format!("{}:1:1: ", b.display())),
        "{err}"
    );
}

#[test]
fn merge_says_every_unreadable_side_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.ron");
    let ours = dir.path().join("ours.ron");
    let theirs = dir.path().join("theirs.ron");
    std::fs::copy(SMALL, &base).unwrap();
    std::fs::write(&ours, "Plan(").unwrap();
    std::fs::write(&theirs, "Plan(").unwrap();
    let (code, _, err) = ragboard(&[
        "merge",
        base.to_str().unwrap(),
        ours.to_str().unwrap(),
        theirs.to_str().unwrap(),
    ]);
    // Both plans that do not read are said, each at its place; git's own line merge is
    // written (here the same text), and the exit status says there is work to do.
    assert_eq!(code, 1);
    assert_eq!(err.lines().count(), 3, "{err}");
    assert!(err.contains(&format!("{}:1:", ours.display())), "{err}");
    assert!(err.contains(&format!("{}:1:", theirs.display())), "{err}");
    assert!(err.contains("merged line by line"), "{err}");
    assert_eq!(std::fs::read(&ours).unwrap(), b"Plan(");
    // A side that cannot be read at all: exit 2, nothing written.
    let (code, _, err) = ragboard(&[
        "merge",
        base.to_str().unwrap(),
        ours.to_str().unwrap(),
        dir.path().join("missing.ron").to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("missing.ron"), "{err}");
}

#[test]
fn check_says_each_files_problems_and_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "").unwrap();
    let (code, out, err) = ragboard(&["check", bad.to_str().unwrap(), SMALL]);
    assert_eq!(code, 1);
    assert!(out.starts_with(&format!("{SMALL}: ok: ")), "{out}");
    assert!(
        err.ends_with(&format!("{}: 1 problem\n", bad.display())),
        "{err}"
    );
}
