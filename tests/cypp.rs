//! The partnership plans as transcribed: the count of every level pinned, their own level
//! names, the annual report's statuses counted beside its stated totals, the plan's
//! milestones dated by month, year and financial year, the 2015/16 plan's activity areas,
//! the 2011-12 review that has nothing to rate, and the line the plans stand in.

mod common;

use std::path::Path;

use common::bin::ragboard;

use chrono::NaiveDate;
use ragboard::model::agenda::local_position;
use ragboard::model::summary::Summary;
use ragboard::model::{Due, MilestoneState, Node, Plan};
use ragboard::report::{Format, render};
use ragboard::store;

fn load(name: &str) -> Plan {
    store::load(Path::new(&format!("data/{name}")))
        .unwrap_or_else(|e| panic!("{e}"))
        .plan
}

/// Per priority, the number of rated items under each of its objectives.
fn shape(plan: &Plan) -> Vec<Vec<usize>> {
    plan.priorities
        .iter()
        .map(|p| p.objectives.iter().map(|o| o.actions.len()).collect())
        .collect()
}

#[test]
fn plan_2013_16_has_4_priorities_12_aims_41_objectives() {
    let plan = load("cypp-2013-16.ron");
    assert_eq!(
        shape(&plan),
        [vec![4, 4, 6], vec![3, 3, 2], vec![1, 4, 4], vec![3, 4, 3]]
    );
    assert_eq!(plan.objective_count(), 12);
    assert_eq!(plan.actions().count(), 41);
    assert_eq!(plan.milestone_count(), 133);
    // Every objective that has its own row in the plan has a baseline and an ambition;
    // the five listed only in the overviews have neither.
    let without: Vec<&str> = plan
        .actions()
        .filter(|a| a.baseline.is_none())
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(without, ["1.3.4", "1.3.5", "1.3.6", "2.1.3", "4.2.3"]);
    assert!(
        plan.actions()
            .all(|a| a.baseline.is_some() == a.ambition.is_some())
    );
    assert_eq!(plan.narrative.len(), 18);
    assert!(
        plan.actions().all(|a| a.ratings.is_empty()),
        "the plan rates nothing"
    );
}

#[test]
fn plan_2013_16_names_its_levels_priority_aim_objective() {
    let plan = load("cypp-2013-16.ron");
    assert_eq!(plan.names.of(Node::Priority(0)), "Priority");
    assert_eq!(plan.names.of(Node::Objective(0, 1)), "Aim");
    assert_eq!(plan.names.of(Node::Action(0, 0, 0)), "Objective");
    assert_eq!(
        local_position(&plan, Node::Objective(0, 1)),
        "Aim 2 of 3 in Priority 1"
    );
    // Aim 4.2's last objective: the 7th of priority 4's 10.
    assert_eq!(
        local_position(&plan, Node::Action(3, 1, 3)),
        "Objective 7 of 10 in Priority 4"
    );
    let report = load("cypp-2014-15-annual-report.ron");
    assert_eq!(
        local_position(&report, Node::Action(3, 1, 0)),
        "Action 13 of 31 in Strategic aim 4"
    );
    assert_eq!(
        local_position(&report, Node::Priority(1)),
        "Strategic aim 2 of 4"
    );
}

#[test]
fn plan_2013_16_milestones_by_month_year_and_financial_year() {
    let plan = load("cypp-2013-16.ron");
    let all: Vec<_> = plan.actions().flat_map(|a| &a.milestones).collect();
    let count = |f: fn(&Due) -> bool| all.iter().filter(|m| m.due.as_ref().is_some_and(f)).count();
    let months = count(|d| matches!(d, Due::Month { .. }));
    let years = count(|d| matches!(d, Due::Year(_)));
    let fys = count(|d| matches!(d, Due::FinancialYear(_)));
    let undated = all.iter().filter(|m| m.due.is_none()).count();
    assert_eq!((months, years, fys, undated), (72, 25, 22, 14));
    // On the plan's last day (31 March 2016) only milestones due in 2016 (4 by year, 4 by
    // March 2016) and in the financial year 2015/16 (6) are still due; none is done.
    let end = NaiveDate::from_ymd_opt(2016, 3, 31).unwrap();
    let due: Vec<&str> = all
        .iter()
        .filter(|m| m.state(end) == MilestoneState::Due)
        .map(|m| m.text.as_str())
        .collect();
    assert_eq!(due.len(), 14, "{due:#?}");
    assert!(all.iter().all(|m| m.state(end) != MilestoneState::Done));
}

#[test]
fn annual_report_has_4_strategic_aims_12_objectives_82_actions() {
    let plan = load("cypp-2014-15-annual-report.ron");
    assert_eq!(
        shape(&plan),
        [vec![9, 9, 6], vec![6, 5, 8], vec![2, 4, 2], vec![12, 12, 7]]
    );
    assert_eq!(plan.actions().count(), 82);
    assert_eq!(plan.names.priority, "Strategic aim");
    assert!(
        plan.actions()
            .all(|a| !a.measures.is_empty() && a.progress.is_some())
    );
    // Action numbers run 1.11 to 10.17 with none twice and in number order.
    let ids: Vec<&str> = plan.actions().map(|a| a.id.as_str()).collect();
    assert_eq!(ids.first(), Some(&"1.11"));
    assert_eq!(ids.last(), Some(&"10.17"));
    let pos = |id: &str| ids.iter().position(|x| *x == id).unwrap();
    assert!(pos("8.17") < pos("8.22") && pos("9.16") < pos("9.22"));
}

#[test]
fn annual_report_statuses_beside_its_stated_totals() {
    let plan = load("cypp-2014-15-annual-report.ron");
    let s = Summary::build(&plan, None);
    assert!(s.categorical);
    assert_eq!(s.overall.cells[0].mean, None, "statuses are never averaged");
    // C O P CF W NS NM
    assert_eq!(s.overall.cells[0].counts, [41, 11, 18, 5, 1, 4, 2]);
    assert_eq!(s.overall.cells[0].complete, 41);
    let pc = s
        .published_counts
        .as_ref()
        .expect("the report states totals");
    let rows: Vec<(&str, Option<usize>, usize, bool)> = pc
        .rows
        .iter()
        .map(|r| (r.what.as_str(), r.stated, r.counted, r.differs()))
        .collect();
    assert_eq!(
        rows,
        [
            ("actions", Some(76), 82, true),
            ("C", Some(55), 41, true),
            ("O", None, 11, false),
            ("P", None, 18, false),
            ("CF", Some(5), 5, false),
            ("W", None, 1, false),
            ("NS", None, 4, false),
            ("NM", None, 2, false),
        ]
    );
    let table = render(&s, Format::Table);
    assert!(
        table.contains("Strategic aim 4  Protection when needed"),
        "{table}"
    );
    assert!(
        table.contains("actions in the plan               76       82        +6*"),
        "{table}"
    );
    assert!(
        table.contains("C Completed                       55       41       -14*"),
        "{table}"
    );
    assert!(!table.contains("mean"), "{table}");
    let md = render(&s, Format::Markdown);
    assert!(md.contains("| C Completed | 55 | 41 | -14 * |"), "{md}");
    let json: serde_json::Value = serde_json::from_str(&render(&s, Format::Json)).unwrap();
    assert_eq!(json["published_counts"]["rows"][0]["stated"], 76);
}

#[test]
fn development_plan_keeps_its_default_names() {
    let plan = load("csc-development-plan-2017-19.ron");
    assert!(plan.names.is_default());
    assert_eq!(
        local_position(&plan, Node::Action(3, 0, 5)),
        "Action 6 of 27 in Priority 4"
    );
}

#[test]
fn the_file_format_example_is_a_valid_plan() {
    let doc = include_str!("../docs/file-format.md");
    let start = doc.find("```ron\n").expect("an example") + "```ron\n".len();
    let end = start + doc[start..].find("```").expect("its end");
    let plan = store::parse(&doc[start..end], Path::new("docs/file-format.md"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(plan.names.objective, "Aim");
    assert_eq!(plan.milestone_count(), 3);
    assert_eq!(
        plan.series.as_ref().and_then(|s| s.follows.as_deref()),
        Some("cypp-2010-13")
    );
    assert!(plan.priorities[0].objectives[0].text.is_some());
    assert!(plan.published_counts.is_some());
}

#[test]
fn summary_counts_milestones_by_state_on_a_day() {
    let plan = load("cypp-2013-16.ron");
    let day = NaiveDate::from_ymd_opt(2014, 6, 1).unwrap();
    let s = Summary::build(&plan, None).with_milestones(&plan, day);
    let ms = s.milestones.as_ref().expect("the plan has milestones");
    let totals: Vec<usize> = ms.rows.iter().map(|r| r.counts.total()).collect();
    assert_eq!(totals, [38, 26, 24, 45, 133]);
    let all = ms.rows.last().unwrap().counts;
    assert_eq!(
        (all.done, all.due, all.overdue, all.undated),
        (0, 48, 71, 14)
    );
    // A year later more are overdue, none newly done.
    let later = Summary::build(&plan, None)
        .with_milestones(&plan, NaiveDate::from_ymd_opt(2015, 6, 1).unwrap());
    let l = later.milestones.unwrap().rows.last().unwrap().counts;
    assert!(l.overdue > all.overdue && l.due < all.due && l.undated == 14);
    let table = render(&s, Format::Table);
    assert!(table.contains("Key milestones at 1 Jun 2014"), "{table}");
    assert!(
        table.contains("Plan overall           0    48       71   133       14"),
        "{table}"
    );
    // Plans without milestones print no such section.
    let dev = load("csc-development-plan-2017-19.ron");
    assert!(
        Summary::build(&dev, None)
            .with_milestones(&dev, day)
            .milestones
            .is_none()
    );
}

#[test]
fn plan_2015_16_has_4_aims_13_priorities_77_activity_areas() {
    let plan = load("cypp-2015-16.ron");
    assert_eq!(
        shape(&plan),
        [
            vec![9, 11, 7, 5],
            vec![6, 12, 2],
            vec![4, 7, 2],
            vec![4, 3, 5]
        ]
    );
    assert_eq!(plan.objective_count(), 13);
    assert_eq!(plan.actions().count(), 77);
    assert_eq!(
        (
            plan.names.priority.as_str(),
            plan.names.objective.as_str(),
            plan.names.action.as_str()
        ),
        ("Aim", "Priority", "Activity area")
    );
    assert_eq!(
        local_position(&plan, Node::Action(0, 3, 4)),
        "Activity area 32 of 32 in Aim 1"
    );
    // Every priority keeps its own paragraphs, but 1.4, which the plan prints only in a list.
    let without: Vec<&str> = plan
        .priorities
        .iter()
        .flat_map(|p| &p.objectives)
        .filter(|o| o.text.is_none())
        .map(|o| o.id.as_str())
        .collect();
    assert_eq!(without, ["1.4"]);
    // 1.4's five were printed under 1.3; each says where.
    let moved: Vec<&str> = plan.priorities[0].objectives[3]
        .actions
        .iter()
        .map(|a| a.source_note.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(moved.len(), 5);
    assert!(
        moved
            .iter()
            .all(|n| n.contains("under priority 1.3; moved to priority 1.4"))
    );
    // The source's words are kept where it is cut off or names another authority.
    let title = |id: &str| plan.action(id).map(|a| a.title.as_str()).unwrap_or("");
    assert!(title("2.2.12").ends_with("including co-ordinated (…)"));
    assert!(title("2.2.8").ends_with("across the Hampshire school system"));
    let titles: Vec<&str> = plan.narrative.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Foreword",
            "Introduction",
            "What is the plan?",
            "Achievements so far",
            "Priorities",
            "Our Challenges",
            "Our Governance arrangements",
            "Supporting a diverse and experienced workforce",
            "Children in Care Pledge",
            "What's important to children and young people",
            "Promoting diversity in the provision of services for children, young people and families",
            "Links to other plans and strategies",
            "Contact and credits",
        ]
    );
    // Nothing rated; a status scale and the year end for the board's annual review.
    assert!(plan.actions().all(|a| a.ratings.is_empty()));
    assert!(!plan.scale.averages());
    let labels: Vec<&str> = plan.scale.levels.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(labels, ["C", "O", "NM", "CF", "W"]);
    let periods: Vec<&str> = plan.periods.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(periods, ["Year end 2015/16"]);
}

#[test]
fn review_2011_12_is_narrative_with_nothing_to_rate() {
    let plan = load("cypp-2010-13-review-2011-12.ron");
    assert!(plan.priorities.is_empty() && plan.periods.is_empty());
    assert!(plan.scale.is_unset(), "no scale: nothing to rate");
    let titles: Vec<&str> = plan.narrative.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles.len(), 11);
    assert_eq!(
        titles[3..],
        [
            "Excellent childcare, schools, colleges and services: What went well?",
            "Excellent childcare, schools, colleges and services: Even Better If?",
            "Everyone Succeeding: What went well?",
            "Everyone Succeeding: Even Better If?",
            "Protection When Needed: What went well?",
            "Protection When Needed: Even Better If?",
            "Lean and Fit for the Future: What went well?",
            "Lean and Fit for the Future: Even better if?",
        ]
    );
    // A paragraph split by a page break is one again.
    assert!(
        plan.narrative[3]
            .text
            .contains("Permanent, high quality school leadership")
    );
}

#[test]
fn check_summary_and_report_agree_there_is_nothing_to_rate() {
    let file = "data/cypp-2010-13-review-2011-12.ron";
    let said = "nothing to rate: the plan has no actions; its 11 narrative sections are words only";
    let (code, out, err) = ragboard(&["check", file]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        format!("{file}: ok: 0 priorities, 0 objectives, 0 actions, 0 indicators; {said}\n")
    );
    let (code, out, _) = ragboard(&["summary", file]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        format!("The Children and Young People's Plan 2010 – 2013: Review 2011-12: {said}.\n")
    );
    for format in ["markdown", "html"] {
        let (code, out, err) = ragboard(&["report", file, "--format", format]);
        assert_eq!((code, err.as_str()), (0, ""), "{format}");
        assert!(
            out.contains("Nothing to rate: the plan has no actions"),
            "{out}"
        );
    }
    let (code, out, _) = ragboard(&["report", file, "--format", "csv"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 1, "the columns, no rows: {out}");
    // Both new plans pass check.
    let (code, out, err) = ragboard(&["check", "data/cypp-2015-16.ron", file]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(out.starts_with(
        "data/cypp-2015-16.ron: ok: 4 aims, 13 priorities, 77 activity areas, 0 indicators\n"
    ));
}

#[test]
fn the_plans_stand_in_a_line_and_the_list_says_their_kind_and_years() {
    use ragboard::model::series::{line, line_text};
    use ragboard::store::bundled;
    let known = bundled::series();
    let of = |id: &str| known.iter().find(|s| s.id == id).unwrap();
    let whole = "cypp-2010-13 → CYPP 2013-16 → Annual report 2014/15 → CYPP 2015/16";
    for id in ["cypp-2013-16", "cypp-2014-15-annual-report", "cypp-2015-16"] {
        assert_eq!(line_text(&line(of(id), known)), whole, "from {id}");
    }
    assert_eq!(
        line_text(&line(of("cypp-2010-13-review-2011-12"), known)),
        "cypp-2010-13 → CYPP 2010-13 review 2011-12"
    );
    assert_eq!(
        line_text(&line(of("csc-development-plan-2017-19"), known)),
        "CSC development plan 2017-19"
    );
    // An older file, with no series, still loads.
    let old = include_str!("../data/cypp-2013-16.ron");
    let start = old.find("  series: Series(").unwrap();
    let end = start + old[start..].find("  ),\n").unwrap() + "  ),\n".len();
    let without = format!("{}{}", &old[..start], &old[end..]);
    let plan = store::parse(&without, Path::new("old.ron")).unwrap_or_else(|e| panic!("{e}"));
    assert!(plan.series.is_none());

    let (code, out, err) = ragboard(&["--list"]);
    assert_eq!((code, err.as_str()), (0, ""));
    for expected in [
        "  cypp-2010-13-review-2011-12.ron\n      The Children and Young People's Plan 2010 – 2013: Review 2011-12 (review, 2011-12): nothing to rate, 11 narrative sections\n      reviews cypp-2010-13 (not bundled)\n",
        "  cypp-2013-16.ron\n      Children and Young People's Plan 2013-2016 (plan, 2013-16): 4 priorities, 12 aims, 41 objectives\n      follows cypp-2010-13 (not bundled)\n",
        "(review, 2014/15): 4 strategic aims, 12 objectives, 82 actions\n      reviews CYPP 2013-16\n",
        "  cypp-2015-16.ron\n      Children and Young People Plan 2015/16 (plan, 2015/16): 4 aims, 13 priorities, 77 activity areas\n      follows Annual report 2014/15\n",
        "(plan, 2017-19): 8 priorities, 10 objectives, 95 actions\n",
    ] {
        assert!(out.contains(expected), "{expected}\nin\n{out}");
    }
    assert_eq!(out.matches(".ron").count(), 5);
}

#[test]
fn annual_report_open_points_are_recorded_on_their_items() {
    let plan = load("cypp-2014-15-annual-report.ron");
    let status = |id: &str| {
        let a = plan.action(id).unwrap();
        let r = a.rating("2014-15").unwrap();
        plan.scale.level(r).unwrap().label.as_str()
    };
    let note = |id: &str| {
        plan.action(id)
            .unwrap()
            .source_note
            .clone()
            .unwrap_or_default()
    };
    // 8.15 and 8.17 read as completed, 8.19 waits on them: the contradiction is on all three.
    assert_eq!(
        [status("8.15"), status("8.17"), status("8.19")],
        ["C", "C", "CF"]
    );
    for id in ["8.15", "8.17", "8.19"] {
        assert!(
            note(id).contains("The source contradicts itself here"),
            "{id}: {}",
            note(id)
        );
    }
    // The two whose comments say the target was missed are "not met", and say why.
    let nm = plan.scale.levels.iter().find(|l| l.label == "NM").unwrap();
    assert_eq!((nm.name.as_str(), nm.complete), ("Not met", false));
    for id in ["3.13", "3.16"] {
        assert_eq!(status(id), "NM", "{id}");
        assert!(note(id).contains("Status read as not met"), "{id}");
    }
    let not_stated: Vec<&str> = plan
        .actions()
        .filter(|a| a.rating("2014-15") == Some(6))
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(not_stated, ["5.11", "5.13", "5.23", "9.12"]);
}

#[test]
fn plan_2013_16_milestones_repeat_the_heading_that_covers_them() {
    let plan = load("cypp-2013-16.ron");
    let texts = |id: &str| -> Vec<String> {
        plan.action(id)
            .unwrap()
            .milestones
            .iter()
            .map(|m| {
                format!(
                    "{} | {}",
                    m.due.map(|d| d.to_string()).unwrap_or_default(),
                    m.text
                )
            })
            .collect()
    };
    let camhs = texts("1.2.4");
    assert_eq!(camhs.len(), 3, "{camhs:#?}");
    assert!(
        camhs
            .iter()
            .all(|t| t.contains("| Development and implementation of CAMHS Strategy including: "))
    );
    // The year headings stay in the text, as written, and are the due dates.
    let first = texts("1.1.1");
    assert_eq!(
        first[0],
        "2013 | 2013: All schools above floor standard at KS2 and KS4"
    );
    assert_eq!(first[3], "2013 | 2013: KS4 above NA");
    assert!(texts("1.1.2").iter().all(|t| t[..4] == t[7..11]));
}
