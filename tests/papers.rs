//! The board papers fixed (issue 18, point 6): continuation rows show their own text, a
//! scale of statuses names its exceptions by its statuses, published totals stand beside
//! counted ones, the CYPP paper lists its milestones due and overdue, the HTML paper has a
//! cover block and page numbers, and a meeting's corrections appear in every format. Each
//! is reproduced on the shipped plans or the half-rated fixture.

use chrono::NaiveDate;
use ragboard::model::{Node, Plan};
use ragboard::report::{Board, BoardFormat, render_board};
use ragboard::store;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn load(path: &str) -> Plan {
    store::load(std::path::Path::new(path)).unwrap().plan
}

const DEVELOPMENT: &str = "data/csc-development-plan-2017-19.ron";
const ANNUAL: &str = "data/cypp-2014-15-annual-report.ron";
const CYPP: &str = "data/cypp-2013-16.ron";
const HALF_RATED: &str = "tests/fixtures/half-rated.ron";

/// Every format of one paper.
fn papers(plan: &Plan, b: &Board) -> (String, String, String) {
    (
        render_board(plan, b, BoardFormat::Markdown),
        render_board(plan, b, BoardFormat::Html),
        render_board(plan, b, BoardFormat::Csv),
    )
}

/// The Markdown section that starts with `heading`, up to the next one.
fn section<'a>(md: &'a str, heading: &str) -> &'a str {
    let at = md
        .find(heading)
        .unwrap_or_else(|| panic!("no {heading:?} in\n{md}"));
    let rest = &md[at + heading.len()..];
    let end = rest.find("\n## ").unwrap_or(rest.len());
    &md[at..at + heading.len() + end]
}

/// The HTML from `start` to the end of the table after it.
fn html_table<'a>(html: &'a str, start: &str) -> &'a str {
    let at = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in\n{html}"));
    let end = html[at..].find("</table>").map_or(html.len(), |e| at + e);
    &html[at..end]
}

/// The agenda's node for an action id.
fn node_of(plan: &Plan, id: &str) -> Node {
    for (p, pr) in plan.priorities.iter().enumerate() {
        for (o, ob) in pr.objectives.iter().enumerate() {
            if let Some(a) = ob.actions.iter().position(|a| a.id == id) {
                return Node::Action(p, o, a);
            }
        }
    }
    panic!("no action {id}");
}

const OFSTED_2: &str = "OFSTED recco 2 Engage with partner agencies";

/// The development plan's 2.1.x rows continue one action (a merged cell in the source):
/// the exceptions list each by its own success measure with the ↳ marker, as the agenda
/// does, and the action's words once.
#[test]
fn continuation_rows_show_their_own_text() {
    let plan = load(DEVELOPMENT);
    let b = Board::build(&plan, None, day("2018-02-15")).unwrap();
    let (md, html, _) = papers(&plan, &b);
    let exceptions = section(&md, "## Exceptions");
    assert_eq!(
        exceptions.matches(OFSTED_2).count(),
        1,
        "the action's words once:\n{exceptions}"
    );
    let continued: Vec<&str> = ["2.1.2", "2.1.3", "2.1.4", "2.1.6", "2.1.8"]
        .into_iter()
        .filter(|id| b.exceptions.iter().any(|e| e.id == *id))
        .collect();
    assert_eq!(continued.len(), 5, "five continuation rows are exceptions");
    for id in continued {
        // The same words as the agenda's row, from the same function.
        let label = ragboard::ui::action_label(&plan, node_of(&plan, id));
        assert!(label.starts_with("↳ "), "{id}: {label}");
        let row = format!("| {id} {label} |");
        assert!(exceptions.contains(&row), "{row} in\n{exceptions}");
    }
    let table = html_table(&html, "<h2>Exceptions</h2>");
    assert_eq!(table.matches(OFSTED_2).count(), 1, "{table}");
    assert!(
        table.contains("<b>2.1.2</b> ↳ A consistent approach"),
        "{table}"
    );
}

/// A continuation row listed without the row it continues says which action it is part of.
#[test]
fn a_continuation_row_alone_names_its_action() {
    let mut plan = load(DEVELOPMENT);
    // Only 2.1.6 rated (red); nothing else an exception at a date before every due date.
    for o in plan.priorities_mut().flat_map(|p| p.objectives.iter_mut()) {
        for a in &mut o.actions {
            a.ratings.clear();
        }
    }
    plan.action_mut("2.1.6").unwrap().ratings.insert("01-18", 1);
    let b = Board::build(&plan, Some("01-18"), day("2015-06-01")).unwrap();
    let ids: Vec<&str> = b.exceptions.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["2.1.6"]);
    let md = render_board(&plan, &b, BoardFormat::Markdown);
    let exceptions = section(&md, "## Exceptions");
    assert!(
        exceptions.contains("| 2.1.6 ↳ Children are consistently seen within 15 days"),
        "{exceptions}"
    );
    assert!(
        exceptions.contains(&format!("(a further row of 2.1.1 {OFSTED_2}")),
        "{exceptions}"
    );
}

/// On a scale of statuses the exceptions are named by the scale's own statuses, never "red
/// or amber", in every format.
#[test]
fn a_scale_of_statuses_names_its_exceptions_by_its_statuses() {
    let plan = load(ANNUAL);
    let b = Board::build(&plan, None, day("2015-04-01")).unwrap();
    let (md, html, csv) = papers(&plan, &b);
    for (format, text) in [("md", &md), ("html", &html), ("csv", &csv)] {
        assert!(
            !text.to_lowercase().contains("red or amber"),
            "{format} says red or amber"
        );
    }
    assert!(md.contains("Ongoing, Pending or Not met"), "{md}");
    assert!(md.contains("- **Exceptions:** 31 (11 Ongoing, 18 Pending, 2 Not met, 0 overdue)"));
    assert!(html.contains("Ongoing, Pending or Not met"));
    // Each row by its own status.
    let exceptions = section(&md, "## Exceptions");
    assert!(
        exceptions.contains("| 1.16 Increase our capacity to provide early-education to two year olds in line with national targets | O | - | Ongoing |"),
        "{exceptions}"
    );
    assert!(
        exceptions.contains("| 5.14 Increase the take up of Working Tax Credits to 15.5% particularly targeting areas of the highest child poverty. | P | - | Pending |"),
        "{exceptions}"
    );
    let row = csv.lines().find(|l| l.contains(",1.16,")).unwrap();
    assert!(row.contains(",O,,,Ongoing,"), "{row}");
}

/// The annual report's published totals (76 actions, 55 completed) stand beside those
/// counted from its rows (82, 41) in every format, labelled, neither adjusted.
#[test]
fn published_totals_beside_counted_in_every_format() {
    let plan = load(ANNUAL);
    let b = Board::build(&plan, None, day("2015-04-01")).unwrap();
    let (md, html, csv) = papers(&plan, &b);
    let headline = section(&md, "## Headline figures");
    assert!(
        headline.contains("- **Published in the source:** 76 actions, 55 Completed, 5 Carried forward; counted from the rows: 82 actions, 41 Completed, 5 Carried forward"),
        "{headline}"
    );
    let table = section(&md, "## Published totals beside counted from the rows");
    assert!(
        table.contains("| | Published | Counted | Difference |"),
        "{table}"
    );
    assert!(
        table.contains("| actions in the plan | 76 | 82 | +6 * |"),
        "{table}"
    );
    assert!(
        table.contains("| C Completed | 55 | 41 | -14 * |"),
        "{table}"
    );

    let t = html_table(
        &html,
        "<h2>Published totals beside counted from the rows</h2>",
    );
    assert!(t.contains("<th class=\"num\">Published</th><th class=\"num\">Counted</th>"));
    assert!(
        t.contains(
            "<td>actions in the plan</td><td class=\"num\">76</td><td class=\"num\">82</td>"
        ),
        "{t}"
    );
    assert!(
        t.contains("<td>C Completed</td><td class=\"num\">55</td><td class=\"num\">41</td>"),
        "{t}"
    );
    assert!(html.contains("Published in the source:"), "headline");

    let published = csv
        .lines()
        .find(|l| l.starts_with("all,,published,actions in the plan,"))
        .expect(&csv);
    assert!(published.contains(",76,"), "{published}");
    let counted = csv
        .lines()
        .find(|l| l.starts_with("all,,counted,actions in the plan,"))
        .expect(&csv);
    assert!(counted.contains(",82,"), "{counted}");
    let completed = csv
        .lines()
        .find(|l| l.starts_with("all,,published,C Completed,"))
        .expect(&csv);
    assert!(completed.contains(",55,"), "{completed}");
    assert!(
        csv.lines()
            .any(|l| l.starts_with("all,,counted,C Completed,") && l.contains(",41,"))
    );
    // Every record has the header's columns.
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    assert!(r.records().all(|rec| rec.is_ok()));
}

/// The CYPP 2013-16 has no ratings, but at a June 2015 meeting 100 of its milestones are
/// overdue and more fall due in the period: its paper lists them (item, milestone, due,
/// overdue or due in the period), not an empty page.
#[test]
fn the_cypp_paper_lists_its_milestones_due_and_overdue() {
    let plan = load(CYPP);
    let june = day("2015-06-15");
    let b = Board::build(&plan, None, june).unwrap();
    // With nothing rated, the paper is for the period the date falls in.
    assert_eq!(b.period.label, "Review 2015/16");
    let overall = b.summary.milestones.as_ref().unwrap().rows.last().unwrap();
    assert_eq!(overall.counts.overdue, 100);
    let (md, html, csv) = papers(&plan, &b);
    let list = section(&md, "## Key milestones due and overdue");
    assert!(
        list.contains("| 1.1.1 Continue to focus on Foundation Stage"),
        "{list}"
    );
    assert!(
        list.contains("| 2013: All schools above floor standard at KS2 and KS4 | 2013 | overdue |"),
        "{list}"
    );
    assert!(list.contains("| due in Review 2015/16 |"), "{list}");
    assert_eq!(list.matches("| overdue |").count(), 100);
    // Due in the period: from the meeting date to the period's end (March 2016), no later.
    assert!(list.contains("| 2015 | due in Review 2015/16 |"), "{list}");
    assert!(!list.contains("| 2016 | due"), "{list}");
    let t = html_table(&html, "<th>Milestone</th>");
    assert_eq!(t.matches(">overdue</td>").count(), 100, "{t}");
    assert!(t.contains("2013: All schools above floor standard at KS2 and KS4"));
    let row = csv.lines().find(|l| l.contains(",1.1.1,")).unwrap();
    assert!(
        row.contains("overdue: 2013: All schools above floor standard at KS2 and KS4 (2013)"),
        "{row}"
    );
}

/// The HTML paper opens with a cover block (plan, meeting date, period, comparison period,
/// coverage) and numbers its printed pages.
#[test]
fn the_html_paper_has_a_cover_and_page_numbers() {
    let plan = load(HALF_RATED);
    let b = Board::build(&plan, Some("q3"), day("2026-01-15")).unwrap();
    let html = render_board(&plan, &b, BoardFormat::Html);
    let cover = html_table(&html, "<table class=\"cover\">");
    for want in [
        "<th>Plan</th><td>Half-rated test plan</td>",
        "<th>Meeting date</th><td>15 January 2026</td>",
        "<th>Period</th><td>Q3 (1 October 2025 to 31 December 2025)</td>",
        "<th>Compared with</th><td>Q1, the latest earlier period with ratings</td>",
        "<th>Coverage</th><td>3 of 7 actions rated: fewer than half, so the figures are partial</td>",
    ] {
        assert!(cover.contains(want), "{want} in\n{cover}");
    }
    assert!(html.find("class=\"cover\"") < html.find("<h2>"));
    assert!(html.contains("counter(page)") && html.contains("counter(pages)"));
    assert!(html.contains("@bottom-right"));
}

/// The half-rated fixture's Q3 meeting corrected Q1: every format of its paper lists the
/// correction, and still says its coverage and comparison period.
#[test]
fn a_half_rated_paper_lists_its_correction_and_coverage_in_every_format() {
    let plan = load(HALF_RATED);
    let b = Board::build(&plan, Some("q3"), day("2026-01-15")).unwrap();
    assert_eq!(b.corrections.len(), 1);
    let (md, html, csv) = papers(&plan, &b);
    let s = section(
        &md,
        "## Corrections to earlier periods made at this meeting",
    );
    assert!(s.contains("| 2.1.3 Train volunteers | Q1 | G → A |"), "{s}");
    assert!(md.contains("compared with Q1, the latest earlier period with ratings"));
    assert!(md.contains("**Actions rated:** 3 of 7: fewer than half"));
    let t = html_table(
        &html,
        "<h2>Corrections to earlier periods made at this meeting</h2>",
    );
    assert!(t.contains("Train volunteers"), "{t}");
    assert!(
        html.contains("<th>Compared with</th><td>Q1, the latest earlier period with ratings</td>")
    );
    assert!(html.contains("<th>Coverage</th><td>3 of 7 actions rated: fewer than half"));
    let row = csv.lines().find(|l| l.contains(",2.1.3,")).unwrap();
    assert!(row.contains("Q1: G → A ("), "{row}");
    let rated = csv
        .lines()
        .find(|l| l.starts_with("all,,rated,"))
        .expect(&csv);
    assert!(rated.contains(",3 of 7 (partial),"), "{rated}");
    let mean = csv
        .lines()
        .find(|l| l.starts_with("all,,mean,"))
        .expect(&csv);
    assert!(mean.contains(",same,Q1,"), "{mean}");
}
