//! Summary arithmetic on a small fixture, and the shipped plan against its published table.

use std::path::Path;

use ragboard::model::rollup::Dot;
use ragboard::model::summary::Summary;
use ragboard::report::{Format, render};
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
    assert_eq!(p1.cells[1].dot, Some(Dot::Up));
    let p2 = &s.rows[1];
    assert_eq!(p2.cells[1].mean, Some(1.0));
    assert_eq!(p2.cells[1].dot, Some(Dot::Down));
    // Overall: every rated action weighted equally: q1 = (1+2+4)/3.
    assert!((s.overall.cells[0].mean.unwrap() - 7.0 / 3.0).abs() < 1e-9);
    assert_eq!(s.overall.cells[1].mean, Some(2.0));
}

#[test]
fn one_period_keeps_its_direction_of_travel() {
    let s = Summary::build(&small(), Some("q2"));
    assert_eq!(s.rows[0].cells.len(), 1);
    assert_eq!(s.rows[0].cells[0].period, "q2");
    assert_eq!(s.rows[0].cells[0].dot, Some(Dot::Up));
}

#[test]
fn csv_has_a_row_per_priority_and_period() {
    let out = render(&Summary::build(&small(), None), Format::Csv);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "priority,title,period,label,mean,rated,total,partial,level_R,level_A,level_G,level_B,dot,compared_with,rated_in_both,judgement,published,recomputed_as_published,differs"
    );
    // Means at the plan's precision (one decimal: it publishes no summary); the direction
    // names the period it compares with and how many actions it stands on.
    assert_eq!(lines[1], "1,Be healthy,q1,Q1,1.5,2,3,no,1,1,0,0,,,,2,,,");
    assert_eq!(
        lines[2],
        "1,Be healthy,q2,Q2,2.5,2,3,no,0,1,1,0,up,q1,2,,,,"
    );
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
        table.contains("  3              1.5      2.00*        2.5      2.50\n"),
        "{table}"
    );
}

#[test]
fn every_format_names_direction_of_travel_with_the_same_word() {
    let s = Summary::build(&small(), None);
    let json: serde_json::Value = serde_json::from_str(&render(&s, Format::Json)).unwrap();
    assert_eq!(json["rows"][0]["cells"][1]["dot"], "up");
    assert_eq!(json["rows"][1]["cells"][1]["dot"], "down");
    let csv = render(&s, Format::Csv);
    assert!(csv.contains(",up,") && csv.contains(",down,"), "{csv}");
    for format in [Format::Markdown, Format::Table] {
        let out = render(&s, format);
        assert!(out.contains("▲ up") && out.contains("▼ down"), "{out}");
    }
    for format in [Format::Json, Format::Csv, Format::Markdown, Format::Table] {
        assert!(!render(&s, format).contains("▲ ▲"));
    }
}

#[test]
fn summary_csv_carries_the_published_comparison() {
    let plan = store::load(Path::new("data/csc-development-plan-2017-19.ron"))
        .unwrap()
        .plan;
    let csv = render(&Summary::build(&plan, None), Format::Csv);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let head = reader.headers().unwrap().clone();
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let find = |id: &str, period: &str| {
        rows.iter()
            .find(|r| &r[col("priority")] == id && &r[col("period")] == period)
            .unwrap()
            .clone()
    };
    // Priority 3's published previous figure (1.5) against its rows' 2.00.
    let p3 = find("3", "initial");
    assert_eq!(&p3[col("published")], "1.5");
    assert_eq!(&p3[col("recomputed_as_published")], "2.00");
    assert_eq!(&p3[col("differs")], "yes");
    let p3 = find("3", "01-18");
    assert_eq!(&p3[col("published")], "2.5");
    assert_eq!(&p3[col("differs")], "no");
    // Periods the table does not publish are left empty.
    assert_eq!(&find("3", "03-18")[col("published")], "");
    // The plan overall, recomputed the published way (mean of priority means).
    assert_eq!(&find("all", "initial")[col("differs")], "yes");
}
