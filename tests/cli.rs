//! The real binary: exit codes and what a user reads.

mod common;

use common::bin::ragboard;

use std::process::Command;

#[test]
fn check_the_shipped_plan() {
    let (code, out, err) = ragboard(&["check", "data/csc-development-plan-2017-19.ron"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "data/csc-development-plan-2017-19.ron: ok: 8 priorities, 10 objectives, 95 actions, 21 indicators\n"
    );
}

#[test]
fn check_lists_every_problem_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ron");
    let text = include_str!("fixtures/rag-small.ron")
        .replacen(r#"id: "1.1.2""#, r#"id: "1.1.1""#, 1)
        .replacen(r#""q2": 1}"#, r#""q2": 8}"#, 1);
    std::fs::write(&bad, text).unwrap();
    let good = "tests/fixtures/rag-small.ron";
    let (code, out, err) = ragboard(&["check", good, bad.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.contains("rag-small.ron: ok: 2 priorities"), "{out}");
    let bad_name = bad.display().to_string();
    assert!(err.contains(&format!("{bad_name}:32:")), "{err}");
    assert!(err.contains("duplicate id"), "{err}");
    assert!(err.contains("rating 8"), "{err}");
    assert!(err.contains(&format!("{bad_name}: 2 problems")), "{err}");
}

#[test]
fn summary_formats() {
    for format in ["table", "csv", "markdown", "json"] {
        let (code, out, err) = ragboard(&[
            "summary",
            "tests/fixtures/rag-small.ron",
            "--format",
            format,
        ]);
        assert_eq!(code, 0, "{format}: {err}");
        assert!(
            out.contains("Be healthy") || out.contains("\"1\""),
            "{format}: {out}"
        );
    }
}

#[test]
fn summary_of_unknown_period_is_an_error() {
    let (code, _, err) = ragboard(&["summary", "tests/fixtures/rag-small.ron", "--period", "q9"]);
    assert_eq!(code, 1);
    assert!(
        err.contains(r#"no period "q9": expected one of q1, q2"#),
        "{err}"
    );
}

#[test]
fn fmt_check_reports_non_canonical_files() {
    let (code, out, _) = ragboard(&["fmt", "--check", "tests/fixtures/rag-small.ron"]);
    assert_eq!(code, 1);
    assert!(out.contains("not canonical"), "{out}");
    let (code, out, _) = ragboard(&["fmt", "--check", "data/csc-development-plan-2017-19.ron"]);
    assert_eq!(code, 0);
    assert!(out.contains("canonical"), "{out}");
}

#[test]
fn conflicting_keymap_is_refused_before_the_screen_opens() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys.ron");
    std::fs::write(&keys, r#"{"next": ["q"]}"#).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_ragboard"))
        .args(["--keys", keys.to_str().unwrap()])
        .env("RAGBOARD_CONFIG_DIR", dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("keys.ron:1:2: key q is bound to both next and quit"),
        "{err}"
    );
}

#[test]
fn bad_plan_is_refused_with_its_location_before_the_screen_opens() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.ron");
    std::fs::write(&plan, "Plan(\n  title: 3,\n)").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_ragboard"))
        .arg(&plan)
        .env("RAGBOARD_CONFIG_DIR", dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{}:2:", plan.display())), "{err}");
}

#[test]
fn unknown_theme_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_ragboard"))
        .args(["--theme", "neon"])
        .env("RAGBOARD_CONFIG_DIR", dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown theme \"neon\""));
}
