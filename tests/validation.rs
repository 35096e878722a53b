//! Every kind of bad input gets a message naming the file, line and column and what was
//! expected; all semantic problems are reported together.

use std::path::Path;

use ragboard::store::{self, LoadError};

const SMALL: &str = include_str!("fixtures/rag-small.ron");

fn load_err(text: &str) -> LoadError {
    store::parse(text, Path::new("plan.ron")).expect_err("the plan should be rejected")
}

/// The one problem reported, as "file:line:col: message".
fn only_problem(text: &str) -> String {
    let err = load_err(text);
    assert_eq!(err.problems.len(), 1, "expected one problem, got: {err}");
    err.problems[0].to_string()
}

/// Line number (1-based) of the first line containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("{needle} not in text"))
}

fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from} not in fixture");
    text.replacen(from, to, 1)
}

#[test]
fn the_fixture_itself_is_valid() {
    let plan = store::parse(SMALL, Path::new("plan.ron")).unwrap();
    assert_eq!(plan.actions().count(), 4);
}

#[test]
fn ron_syntax_error_names_line_and_column() {
    let bad = replace_once(SMALL, r#"title: "Train staff","#, r#"title: "Train staff""#);
    let line = line_of(&bad, "Train staff");
    let msg = only_problem(&bad);
    assert!(msg.starts_with(&format!("plan.ron:{line}:")), "{msg}");
    assert!(
        msg.contains("Expected") || msg.contains("expected"),
        "{msg}"
    );
}

#[test]
fn wrong_type_names_line_and_column() {
    let bad = replace_once(
        SMALL,
        r#"ratings: {"q1": 4, "q2": 1}"#,
        r#"ratings: {"q1": "four"}"#,
    );
    let line = line_of(&bad, "four");
    let msg = only_problem(&bad);
    assert!(msg.starts_with(&format!("plan.ron:{line}:")), "{msg}");
    assert!(
        msg.contains(r#"expected a whole number for "q1", found the text "four""#),
        "{msg}"
    );
}

#[test]
fn missing_field_is_named() {
    let bad = replace_once(
        SMALL,
        r#"Period(id: "q2", label: "Q2", "#,
        r#"Period(id: "q2", "#,
    );
    let msg = only_problem(&bad);
    assert!(msg.contains("`label`"), "{msg}");
    assert!(
        msg.starts_with(&format!("plan.ron:{}:", line_of(&bad, r#"id: "q2""#))),
        "{msg}"
    );
}

#[test]
fn unknown_field_is_rejected() {
    let bad = replace_once(SMALL, r#"lead: "Ann""#, r#"leader: "Ann""#);
    let msg = only_problem(&bad);
    assert!(msg.contains("leader"), "{msg}");
    assert!(
        msg.starts_with(&format!("plan.ron:{}:", line_of(&bad, "leader"))),
        "{msg}"
    );
}

#[test]
fn duplicate_id_points_at_the_second_one() {
    let bad = replace_once(SMALL, r#"id: "1.1.2""#, r#"id: "1.1.1""#);
    let msg = only_problem(&bad);
    let line = line_of(&bad, "Train staff");
    assert!(msg.starts_with(&format!("plan.ron:{line}:")), "{msg}");
    assert!(msg.contains(r#"duplicate id "1.1.1""#), "{msg}");
}

#[test]
fn rating_outside_the_scale() {
    let bad = replace_once(SMALL, r#"{"q1": 4, "q2": 1}"#, r#"{"q1": 4, "q2": 7}"#);
    let msg = only_problem(&bad);
    let line = line_of(&bad, "Weekly visits");
    let col = bad
        .lines()
        .nth(line - 1)
        .unwrap()
        .find(r#""q2": 7"#)
        .unwrap()
        + 1;
    assert_eq!(
        msg,
        format!(
            r#"plan.ron:{line}:{col}: rating 7 of "2.1.1" for period "q2" is not on the scale: expected 0 (not rated) or one of 1, 2, 3, 4"#
        )
    );
}

#[test]
fn rating_for_an_unknown_period() {
    let bad = replace_once(SMALL, r#"{"q1": 4, "q2": 1}"#, r#"{"q1": 4, "q9": 1}"#);
    let msg = only_problem(&bad);
    assert!(
        msg.starts_with(&format!("plan.ron:{}:", line_of(&bad, "q9"))),
        "{msg}"
    );
    assert!(
        msg.contains(r#"unknown period "q9": expected one of "q1", "q2""#),
        "{msg}"
    );
}

#[test]
fn unparsable_date() {
    let bad = replace_once(SMALL, r#"due: "2025-08""#, r#"due: "Aug-25""#);
    let msg = only_problem(&bad);
    assert!(
        msg.starts_with(&format!("plan.ron:{}:", line_of(&bad, "Aug-25"))),
        "{msg}"
    );
    assert!(
        msg.contains("expected a date as YYYY-MM-DD, YYYY-MM, YYYY or a financial year YYYY/YY"),
        "{msg}"
    );
    assert!(msg.contains("Aug-25"), "{msg}");
}

#[test]
fn empty_title() {
    let bad = replace_once(SMALL, r#"title: "Publish leaflets""#, r#"title: "  ""#);
    let msg = only_problem(&bad);
    let line = line_of(&bad, r#"id: "1.1.3""#);
    assert!(msg.starts_with(&format!("plan.ron:{line}:")), "{msg}");
    assert!(
        msg.contains(r#"action "1.1.3" has an empty title"#),
        "{msg}"
    );
}

#[test]
fn bad_colour_in_the_scale() {
    let bad = replace_once(SMALL, r#"colour: "amber""#, r#"colour: "mauve""#);
    let msg = only_problem(&bad);
    assert!(
        msg.starts_with(&format!("plan.ron:{}:", line_of(&bad, "mauve"))),
        "{msg}"
    );
    assert!(msg.contains("expected a name"), "{msg}");
}

#[test]
fn every_semantic_problem_is_reported_at_once() {
    let bad = replace_once(SMALL, r#"id: "1.1.2""#, r#"id: "1.1.1""#);
    let bad = replace_once(&bad, r#"{"q1": 4, "q2": 1}"#, r#"{"q1": 9, "q7": 1}"#);
    let bad = replace_once(&bad, r#"title: "Stay safe""#, r#"title: """#);
    let bad = replace_once(&bad, r#"judgements: {"q1": 2}"#, r#"judgements: {"q1": 6}"#);
    let err = load_err(&bad);
    let text = err.to_string();
    assert_eq!(err.problems.len(), 5, "{text}");
    for needle in [
        "duplicate id",
        "rating 9",
        r#"unknown period "q7""#,
        r#"priority "2" has an empty title"#,
        "rating 6",
    ] {
        assert!(text.contains(needle), "missing {needle} in:\n{text}");
    }
    assert!(err.problems.iter().all(|p| p.at.is_some()), "{text}");
}

#[test]
fn unreadable_file_is_a_problem_not_a_panic() {
    let err = store::load(Path::new("/no/such/plan.ron")).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("/no/such/plan.ron: cannot read the file")
    );
}

#[test]
fn non_utf8_file_is_a_problem_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.ron");
    std::fs::write(&path, b"Plan(title: \"\xff\")").unwrap();
    let err = store::load(&path).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("bad.ron:1:14: invalid UTF-8"), "{msg}");
}

#[test]
fn financial_year_that_does_not_run_on() {
    let bad = replace_once(SMALL, r#"due: "2025-08""#, r#"due: "2014/16""#);
    let msg = only_problem(&bad);
    assert!(
        msg.starts_with(&format!("plan.ron:{}:", line_of(&bad, "2014/16"))),
        "{msg}"
    );
    assert!(msg.contains("expected 2014/15"), "{msg}");
}

#[test]
fn published_counts_must_name_the_scale_and_a_period() {
    let bad = replace_once(
        SMALL,
        "  priorities: [",
        r#"  published_counts: PublishedCounts(period: "q9", quote: "76 actions", total: 76, statuses: {"Z": 3}),
  priorities: ["#,
    );
    let err = load_err(&bad);
    let text = err.to_string();
    assert_eq!(err.problems.len(), 2, "{text}");
    assert!(
        text.contains("published counts' period \"q9\" is unknown"),
        "{text}"
    );
    assert!(
        text.contains("status \"Z\" not on the scale: expected one of \"R\", \"A\", \"G\", \"B\""),
        "{text}"
    );
    let line = line_of(&bad, "published_counts");
    assert!(
        err.problems
            .iter()
            .all(|p| p.to_string().starts_with(&format!("plan.ron:{line}:"))),
        "{text}"
    );
}

#[test]
fn empty_level_name() {
    let bad = replace_once(
        SMALL,
        "  scale: Scale(",
        "  names: LevelNames(priority: \" \"),\n  scale: Scale(",
    );
    let msg = only_problem(&bad);
    assert!(
        msg.contains("the name of the priority level is empty"),
        "{msg}"
    );
    assert!(
        msg.starts_with(&format!("plan.ron:{}:", line_of(&bad, "names:"))),
        "{msg}"
    );
}

#[test]
fn control_and_bidi_characters_in_ids_are_refused_where_they_stand() {
    // Written escaped, as RON writes them, and raw: each is found and placed.
    for (written, shown) in [
        (r"1.1\u{1b}[2J.2", r#""1.1\u{1b}[2J.2""#),
        ("1.1\u{7}.2", r#""1.1\u{7}.2""#),
        (r"1.1\u{202e}2", r#""1.1\u{202e}2""#),
        ("1.1\u{2066}2", r#""1.1\u{2066}2""#),
        (r"1.1\n2", r#""1.1\n2""#),
    ] {
        let bad = replace_once(SMALL, r#"id: "1.1.2""#, &format!("id: \"{written}\""));
        let line = line_of(&bad, "Train staff");
        let col = bad.lines().nth(line - 1).unwrap().find("id: ").unwrap() + 1;
        let msg = only_problem(&bad);
        assert!(
            msg.starts_with(&format!(
                "plan.ron:{line}:{col}: action id {shown} holds the control character U+"
            )),
            "{written:?}: {msg}"
        );
        assert!(
            !msg.chars()
                .any(|c| c.is_control() || ragboard::text::is_bidi_control(c)),
            "{msg:?}"
        );
    }
    let bad = replace_once(SMALL, r#"id: "q2""#, r#"id: "q\u{202e}2""#);
    let err = load_err(&bad).to_string();
    let line = line_of(&bad, r"q\u{202e}2");
    assert!(
        err.contains(&format!("plan.ron:{line}:")) && err.contains("period id"),
        "{err}"
    );
}
