//! Summary arithmetic on a small fixture, and the shipped plan against its published table.

use std::path::Path;

use ragboard::report::{Format, Summary, render};
use ragboard::store;

fn small() -> ragboard::model::Plan {
    store::parse(
        include_str!("fixtures/rag-small.ron"),
        Path::new("small.ron"),
    )
    .unwrap()
}

#[test]
fn means_counts_and_direction_per_priority() {
    let s = Summary::build(&small(), None);
    let p1 = &s.rows[0];
    // q1: 1 and 2 rated, the 0 left out.
    assert_eq!(p1.cells[0].mean, Some(1.5));
    assert_eq!((p1.cells[0].rated, p1.cells[0].total), (2, 3));
    assert_eq!(p1.cells[0].counts, [1, 1, 0, 0]);
    assert_eq!(p1.cells[0].judgement, Some(2));
    // q2: 3 and 2.
    assert_eq!(p1.cells[1].mean, Some(2.5));
    assert_eq!(p1.cells[1].dot, Some("▲"));
    let p2 = &s.rows[1];
    assert_eq!(p2.cells[1].mean, Some(1.0));
    assert_eq!(p2.cells[1].dot, Some("▼"));
    // Overall: every rated action weighted equally: q1 = (1+2+4)/3.
    assert!((s.overall.cells[0].mean.unwrap() - 7.0 / 3.0).abs() < 1e-9);
    assert_eq!(s.overall.cells[1].mean, Some(2.0));
}

#[test]
fn one_period_keeps_its_direction_of_travel() {
    let s = Summary::build(&small(), Some("q2"));
    assert_eq!(s.rows[0].cells.len(), 1);
    assert_eq!(s.rows[0].cells[0].period, "q2");
    assert_eq!(s.rows[0].cells[0].dot, Some("▲"));
}

#[test]
fn csv_has_a_row_per_priority_and_period() {
    let out = render(&Summary::build(&small(), None), Format::Csv);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "priority,title,period,label,mean,rated,total,level_R,level_A,level_G,level_B,dot,judgement"
    );
    assert_eq!(lines[1], "1,Be healthy,q1,Q1,1.50,2,3,1,1,0,0,,2");
    assert_eq!(lines[2], "1,Be healthy,q2,Q2,2.50,2,3,0,1,1,0,up,");
    assert_eq!(lines.len(), 1 + 3 * 2);
}

#[test]
fn json_parses_back() {
    let out = render(&Summary::build(&small(), None), Format::Json);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["rows"][1]["cells"][0]["counts"][3], 1);
}

#[test]
fn shipped_plan_matches_its_published_summary_except_priority_3_initial() {
    let plan = store::load(Path::new("data/csc-development-plan-2017-19.ron"))
        .unwrap()
        .plan;
    let s = Summary::build(&plan, None);
    let published = s.published.expect("the plan publishes a summary");
    let differing: Vec<(String, bool, bool)> = published
        .rows
        .iter()
        .filter(|r| r.previous_differs() || r.current_differs())
        .map(|r| (r.id.clone(), r.previous_differs(), r.current_differs()))
        .collect();
    // Documented in docs/transcription.md: the source publishes 1.5 for priority 3's
    // previous period, but its 20 rows (18 of them rated 2) average 2.00; the overall
    // figure moves with it.
    assert_eq!(
        differing,
        [
            ("3".to_string(), true, false),
            ("all".to_string(), true, false)
        ]
    );
    let table = render(&Summary::build(&plan, None), Format::Table);
    assert!(
        table.contains("  3              1.5      2.00*        2.5      2.50 "),
        "{table}"
    );
}
