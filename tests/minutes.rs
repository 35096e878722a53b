//! The minutes commands as a user runs them: report, diff and merge exit codes, files
//! written with -o, and hostile plan text kept out of the terminal and out of HTML markup.

mod common;

use common::bin::ragboard;

use std::path::{Path, PathBuf};

use ragboard::store;

const SMALL: &str = include_str!("fixtures/rag-small.ron");
const BEFORE: &str = "tests/fixtures/minutes/before.ron";
const AFTER: &str = "tests/fixtures/minutes/after.ron";

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn report_names_a_missing_period_and_writes_files() {
    let (code, _, err) = ragboard(&["report", AFTER, "--period", "q9"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("after.ron: no period \"q9\": expected one of q1, q2, q3"),
        "{err}"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("paper.html");
    let (code, stdout, err) = ragboard(&[
        "report",
        AFTER,
        "--format",
        "html",
        "--date",
        "2026-01-15",
        "-o",
        s(&out),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.is_empty());
    let html = std::fs::read_to_string(&out).unwrap();
    // One self-contained file: nothing fetched, nothing run; A4 print styles.
    for banned in ["<script", "http://", "https://", "src=", "<link", "@import"] {
        assert!(!html.contains(banned), "{banned}");
    }
    assert!(html.contains("@page { size: A4;"));
    assert!(html.contains("print-color-adjust: exact"));
    // Colour is never the only signal: every coloured chip carries its label.
    let chips = html.matches("class=\"chip\" style=\"background:").count();
    assert!(chips > 10);
    for label in ["R", "A", "G", "B"] {
        assert!(html.contains(&format!(
            "title=\"{}\">{label}</span>",
            match label {
                "R" => "Red",
                "A" => "Amber",
                "G" => "Green",
                _ => "Blue (complete)",
            }
        )));
    }
}

#[test]
fn hostile_text_is_escaped_in_html_and_cleaned_on_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let plan = write(
        dir.path(),
        "hostile.ron",
        &SMALL
            .replace(
                "title: \"Small test plan\"",
                "title: \"<script>alert(1)</script>\\u{1b}]0;pwned\\u{7}\"",
            )
            .replace(
                "title: \"Train staff\"",
                "title: \"Train | staff\\u{9b}2J\"",
            ),
    );
    for format in ["markdown", "html", "csv"] {
        let (code, out, err) = ragboard(&[
            "report",
            s(&plan),
            "--format",
            format,
            "--date",
            "2026-01-01",
        ]);
        assert_eq!(code, 0, "{err}");
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{9b}') && !out.contains('\u{7}'),
            "{format}"
        );
        assert!(out.contains('\u{FFFD}'), "{format}: placeholders shown");
    }
    let (_, html, _) = ragboard(&["report", s(&plan), "--format", "html"]);
    assert!(!html.contains("<script>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    // Markdown: a pipe in a title cannot break the table.
    let (_, md, _) = ragboard(&["report", s(&plan), "--date", "2026-01-01"]);
    assert!(md.contains("Train \\| staff"), "{md}");
    // Files written with -o are cleaned too.
    let out = dir.path().join("r.md");
    ragboard(&["report", s(&plan), "-o", s(&out)]);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(!text.contains('\u{1b}'));
    // Diff too.
    let (code, out, _) = ragboard(&["diff", BEFORE, s(&plan)]);
    assert_eq!(code, 1);
    assert!(!out.contains('\u{1b}') && !out.contains('\u{9b}'));
}

#[test]
fn diff_exits_like_diff() {
    assert_eq!(ragboard(&["diff", AFTER, AFTER]).0, 0);
    assert_eq!(ragboard(&["diff", BEFORE, AFTER]).0, 1);
    let dir = tempfile::tempdir().unwrap();
    let bad = write(
        dir.path(),
        "bad.ron",
        &SMALL.replace("\"q2\": 1}", "\"q2\": 9}"),
    );
    let (code, out, err) = ragboard(&["diff", BEFORE, s(&bad)]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("bad.ron:") && err.contains("rating 9"),
        "{err}"
    );
    let (code, _, err) = ragboard(&["diff", BEFORE, "/no/such/plan.ron"]);
    assert_eq!(
        (code, err.contains("/no/such/plan.ron")),
        (2, true),
        "{err}"
    );
}

#[test]
fn diff_credits_the_change_log() {
    let (_, out, _) = ragboard(&["diff", BEFORE, AFTER, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let moved: Vec<&serde_json::Value> = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "rating" && e["id"] == "1.1.2" && e["period"] == "q2")
        .collect();
    assert_eq!(moved.len(), 1);
    let m = moved[0];
    assert_eq!(
        (m["from"].as_str(), m["to"].as_str()),
        (Some("A"), Some("G"))
    );
    assert_eq!(m["direction"], "up");
    assert_eq!(m["by"]["who"], "jsmith");
    assert_eq!(m["by"]["why"], "Training booked for all staff");
}

#[test]
fn merge_command_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let base = write(d, "base.ron", SMALL);
    let ours = write(
        d,
        "ours.ron",
        &SMALL.replace("\"q1\": 1, \"q2\": 3", "\"q1\": 1, \"q2\": 4"),
    );
    let theirs = write(
        d,
        "theirs.ron",
        &SMALL.replace("\"q1\": 2, \"q2\": 2", "\"q1\": 2, \"q2\": 3"),
    );
    let (code, out, err) = ragboard(&["merge", s(&base), s(&ours), s(&theirs)]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty() && err.is_empty());
    let merged = store::load(&ours).unwrap().plan;
    assert_eq!(merged.action("1.1.1").unwrap().rating("q2"), Some(4));
    assert_eq!(merged.action("1.1.2").unwrap().rating("q2"), Some(3));

    // The same cell both ways: exit 1, the conflict listed, ours kept.
    let theirs2 = write(
        d,
        "theirs2.ron",
        &SMALL.replace("\"q1\": 1, \"q2\": 3", "\"q1\": 1, \"q2\": 1"),
    );
    let (code, _, err) = ragboard(&["merge", s(&base), s(&ours), s(&theirs2)]);
    assert_eq!(code, 1);
    assert!(
        err.contains(
            "CONFLICT action 1.1.1 rating q2: base G (Green), ours B (Blue (complete)), \
             theirs R (Red); kept ours"
        ),
        "{err}"
    );
    assert_eq!(
        store::load(&ours)
            .unwrap()
            .plan
            .action("1.1.1")
            .unwrap()
            .rating("q2"),
        Some(4)
    );

    // Recorded beside the plan until settled.
    assert!(d.join("ours.ron.conflicts").exists());

    // A side that does not read: said at its place, and merged line by line so neither
    // side's text is lost (git's conflict markers), exit 1 for the plan to be fixed.
    let before = std::fs::read_to_string(&ours).unwrap();
    let broken = write(d, "broken.ron", "Plan(title: ");
    let (code, _, err) = ragboard(&["merge", s(&base), s(&ours), s(&broken)]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("broken.ron:1:"), "{err}");
    assert!(err.contains("merged line by line"), "{err}");
    let merged = std::fs::read_to_string(&ours).unwrap();
    assert!(
        merged.contains("<<<<<<<") && merged.contains("Plan(title: "),
        "{merged}"
    );
    std::fs::write(&ours, before).unwrap();

    // No common ancestor (git passes an empty file): differing cells conflict.
    let empty = write(d, "empty.ron", "");
    let (code, _, err) = ragboard(&["merge", s(&empty), s(&ours), s(&theirs)]);
    assert_eq!(code, 1, "{err}");
}
