//! Corrections to earlier periods (issue 18.3): asked one cell at a time with a reason, and
//! shown as corrections wherever the change appears: the paper of the meeting that made
//! them (every format), `diff` and `cells`.

mod common;

use chrono::NaiveDate;
use ragboard::model::Plan;
use ragboard::model::diff::diff;
use ragboard::report::board::{Board, BoardFormat, render_board};
use ragboard::report::diff::{DiffFormat, cells, render_diff};
use ragboard::store;

fn july() -> NaiveDate {
    NaiveDate::from_ymd_opt(2018, 7, 15).unwrap()
}

/// The development plan after a July meeting: RAG 07/18 started, two ratings in it, and one
/// correction to RAG 01/18 with its reason.
fn after_july() -> (Plan, Plan) {
    let disk = common::plan_on_disk();
    let before = store::load(&disk.path).unwrap().plan;
    let clock = Box::new(ragboard::meeting::FixedClock(
        july().and_hms_opt(10, 0, 0).unwrap().and_utc(),
    ));
    let loaded = store::load(&disk.path).unwrap();
    let doc = store::document::Document::loaded(&disk.path, &loaded.source);
    let mut m = ragboard::meeting::Meeting::open(loaded.plan, doc, "ann", clock);
    m.add_period(ragboard::model::cadence::next_period(m.plan(), july()))
        .unwrap();
    m.rate("1.1.1", "07-18", Some(3), None, None).unwrap();
    m.rate("1.1.2", "07-18", Some(2), None, None).unwrap();
    assert!(matches!(
        m.correct("1.1.3", "01-18", Some(3), "  ", None),
        Err(ragboard::meeting::MeetingError::NeedsReason)
    ));
    m.correct(
        "1.1.3",
        "01-18",
        Some(3),
        "misread at the January board",
        None,
    )
    .unwrap();
    m.save().unwrap();
    (before, store::load(&disk.path).unwrap().plan)
}

#[test]
fn the_meetings_paper_lists_its_corrections_in_every_format() {
    let (_, plan) = after_july();
    let b = Board::build(&plan, Some("07-18"), july()).unwrap();
    assert_eq!(b.corrections.len(), 1);
    let c = &b.corrections[0].change;
    assert_eq!((c.item.as_str(), c.period.as_str()), ("1.1.3", "01-18"));
    let md = render_board(&plan, &b, BoardFormat::Markdown);
    let at = md
        .find("## Corrections to earlier periods made at this meeting")
        .expect(&md);
    let section = &md[at..];
    assert!(section.contains("1.1.3"), "{section}");
    assert!(section.contains("RAG 01/18"), "{section}");
    assert!(
        section.contains("misread at the January board"),
        "{section}"
    );
    assert!(section.contains("ann"), "{section}");
    let html = render_board(&plan, &b, BoardFormat::Html);
    assert!(html.contains("<h2>Corrections to earlier periods made at this meeting</h2>"));
    assert!(html.contains("misread at the January board"));
    let csv = render_board(&plan, &b, BoardFormat::Csv);
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .ends_with("corrections at this meeting")
    );
    let row = csv.lines().find(|l| l.contains(",1.1.3,")).unwrap();
    assert!(row.contains("RAG 01/18:"), "{row}");
    assert!(row.contains("misread at the January board"), "{row}");

    // The corrected period's own paper lists it among its changes, marked.
    let jan = Board::build(&plan, Some("01-18"), july()).unwrap();
    assert!(
        jan.corrections.is_empty(),
        "not made at the January meeting"
    );
    let jan_md = render_board(&plan, &jan, BoardFormat::Markdown);
    assert!(jan_md.contains("correction of a past period"), "{jan_md}");
}

#[test]
fn diff_and_cells_call_a_correction_a_correction() {
    let (before, after) = after_july();
    let d = diff(&before, &after, "before", "after");
    let text = render_diff(&d, DiffFormat::Text);
    let line = text
        .lines()
        .find(|l| l.contains("1.1.3") && l.contains("RAG 01/18"))
        .expect(&text);
    assert!(line.contains("correction by ann"), "{line}");
    let ordinary = text
        .lines()
        .find(|l| l.contains("1.1.1") && l.contains("07/18"))
        .expect(&text);
    assert!(!ordinary.contains("correction"), "{ordinary}");
    let md = render_diff(&d, DiffFormat::Markdown);
    assert!(
        md.contains("correction: misread at the January board"),
        "{md}"
    );
    let textconv = cells(&after);
    let change = textconv
        .lines()
        .find(|l| l.starts_with("change ") && l.contains("1.1.3"))
        .unwrap();
    assert!(change.contains("(correction)"), "{change}");
}
