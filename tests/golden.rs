//! Golden files: every report, diff and export format on fixture snapshots, compared byte
//! for byte with the files under tests/golden/.
//!
//! After an intended change of output, regenerate them with
//!     RAGBOARD_BLESS=1 cargo test --test golden
//! and read `git diff tests/golden` before committing.

use std::path::Path;
use std::process::Command;

const BEFORE: &str = "tests/fixtures/minutes/before.ron";
const AFTER: &str = "tests/fixtures/minutes/after.ron";
/// AFTER with what the board recorded at Q2 and Q3: decisions and agreed actions, one
/// closed, a milestone called met, a judgement, review ticks.
const BOARD: &str = "tests/fixtures/minutes/board.ron";
const SHIPPED: &str = "data/csc-development-plan-2017-19.ron";
/// Q3 rated for 3 of 7 actions, after an empty Q2.
const HALF_RATED: &str = "tests/fixtures/half-rated.ron";
/// AFTER with the leads' update forms for Q3 collected: one proposal agreed, one
/// challenged, one waiting, and one person who sent nothing.
const PROPOSALS: &str = "tests/fixtures/minutes/proposals.ron";

fn run(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ragboard"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("run ragboard");
    assert!(
        out.stderr.is_empty(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("UTF-8 output"),
    )
}

fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("RAGBOARD_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (create it with RAGBOARD_BLESS=1 cargo test --test golden)",
            path.display()
        )
    });
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{name} differs from the golden file at line {}:\n  golden: {:?}\n  actual: {:?}\n(RAGBOARD_BLESS=1 regenerates after an intended change)",
            first + 1,
            expected.lines().nth(first),
            actual.lines().nth(first)
        );
    }
}

/// The paper of `plan` for Q3 at 15 January 2026 in Markdown, HTML and CSV, against the
/// golden files `NAME.md`, `NAME.html` and `NAME.csv`.
fn report_q3_in_every_format(plan: &str, name: &str) {
    for (format, ext) in [("markdown", "md"), ("html", "html"), ("csv", "csv")] {
        let (code, out) = run(&[
            "report",
            plan,
            "--period",
            "q3",
            "--date",
            "2026-01-15",
            "--format",
            format,
        ]);
        assert_eq!(code, 0);
        golden(&format!("{name}.{ext}"), &out);
    }
}

#[test]
fn report_in_every_format() {
    report_q3_in_every_format(AFTER, "report-after-q3");
    // The changes of an earlier period, and the period before it in the headline.
    let (_, out) = run(&["report", AFTER, "--period", "q2", "--date", "2025-10-01"]);
    golden("report-after-q2.md", &out);
}

/// A period rated for fewer than half the actions, after an empty one: every format says
/// the figures are partial, compares with Q1 (the latest earlier period with ratings, never
/// the empty Q2) and computes the direction on the actions rated in both.
#[test]
fn report_and_summary_of_a_half_rated_period() {
    for (format, ext) in [("markdown", "md"), ("html", "html"), ("csv", "csv")] {
        let (code, out) = run(&[
            "report",
            HALF_RATED,
            "--period",
            "q3",
            "--date",
            "2026-01-15",
            "--format",
            format,
        ]);
        assert_eq!(code, 0);
        golden(&format!("report-half-rated-q3.{ext}"), &out);
    }
    for (format, ext) in [
        ("table", "txt"),
        ("markdown", "md"),
        ("csv", "csv"),
        ("json", "json"),
    ] {
        let (code, out) = run(&[
            "summary",
            HALF_RATED,
            "--date",
            "2026-01-15",
            "--format",
            format,
        ]);
        assert_eq!(code, 0);
        golden(&format!("summary-half-rated.{ext}"), &out);
    }
}

#[test]
fn report_of_the_shipped_plan() {
    for (format, ext) in [("markdown", "md"), ("html", "html"), ("csv", "csv")] {
        let (code, out) = run(&[
            "report",
            SHIPPED,
            "--date",
            "2018-02-15",
            "--format",
            format,
        ]);
        assert_eq!(code, 0);
        golden(&format!("report-shipped.{ext}"), &out);
    }
}

#[test]
fn report_on_a_scale_of_statuses() {
    let (code, out) = run(&[
        "report",
        "data/cypp-2014-15-annual-report.ron",
        "--date",
        "2015-04-01",
    ]);
    assert_eq!(code, 0);
    golden("report-cypp-annual.md", &out);
    let (_, out) = run(&[
        "report",
        "data/cypp-2014-15-annual-report.ron",
        "--date",
        "2015-04-01",
        "--format",
        "csv",
    ]);
    golden("report-cypp-annual.csv", &out);
    let (_, out) = run(&[
        "report",
        "data/cypp-2014-15-annual-report.ron",
        "--date",
        "2015-04-01",
        "--format",
        "html",
    ]);
    golden("report-cypp-annual.html", &out);
}

#[test]
fn diff_in_every_format() {
    for (format, ext) in [("text", "txt"), ("markdown", "md"), ("json", "json")] {
        let (code, out) = run(&["diff", BEFORE, AFTER, "--format", format]);
        assert_eq!(code, 1, "plans differ");
        golden(&format!("diff-before-after.{ext}"), &out);
    }
    let (code, out) = run(&["diff", BEFORE, BEFORE]);
    assert_eq!(code, 0);
    golden("diff-equal.txt", &out);
}

#[test]
fn export_and_cells() {
    for (format, ext) in [("json", "json"), ("csv", "csv")] {
        let (code, out) = run(&["export", AFTER, "--format", format]);
        assert_eq!(code, 0);
        golden(&format!("export-after.{ext}"), &out);
    }
    let (_, out) = run(&["cells", AFTER]);
    golden("cells-after.txt", &out);
}

/// The paper's sections on what the board recorded (issue 21): decisions and agreed actions
/// new at the meeting, those open from earlier ones and the one it closed, the board's
/// judgement beside the recomputed mean, the milestone it called met, how many items it
/// reviewed; and diff, cells and the JSON export of the same records.
#[test]
fn the_boards_records_in_report_diff_cells_and_export() {
    report_q3_in_every_format(BOARD, "report-board-q3");
    for (format, ext) in [("text", "txt"), ("markdown", "md"), ("json", "json")] {
        let (code, out) = run(&["diff", AFTER, BOARD, "--format", format]);
        assert_eq!(code, 1, "plans differ");
        golden(&format!("diff-after-board.{ext}"), &out);
    }
    let (_, out) = run(&["cells", BOARD]);
    golden("cells-board.txt", &out);
    let (_, out) = run(&["export", BOARD, "--format", "json"]);
    assert!(out.contains("\"decisions\"") && out.contains("\"reviewed\""));
    assert!(out.contains("\"calls\"") && out.contains("\"judgement\": true"));
}

/// The paper of a meeting that had the leads' updates: proposed, agreed and challenged
/// ratings (the board's reason beside a challenge), and the missing updates by person.
#[test]
fn report_of_the_leads_updates_in_every_format() {
    report_q3_in_every_format(PROPOSALS, "report-proposals-q3");
}
