//! Excel workbooks: every bundled plan survives export and import with its summary intact;
//! what ragboard writes is read by an independent reader (calamine, and the xlsx's own
//! XML) with its ratings, colours, frozen header and filters; a tracker's workbook is read
//! as its CSV would be, ratings given by a word or by a fill colour alone included, and
//! every problem is placed at its cell.

mod common;

use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use common::bin::{assert_same_summaries, export_then_import, ragboard};
use ragboard::interchange::import::ImportOptions;
use ragboard::interchange::xlsx::{self, WorkbookError};
use ragboard::model::summary::Summary;
use ragboard::model::{Plan, colour};
use ragboard::store;
use rust_xlsxwriter::{Color, Format as CellFormat, Workbook};

const SHIPPED: &str = "data/csc-development-plan-2017-19.ron";

fn bundled() -> Vec<(&'static str, Plan)> {
    store::bundled::PLANS
        .iter()
        .map(|b| (b.name, b.plan().unwrap()))
        .collect()
}

fn frame(plan: &Plan) -> ImportOptions {
    ImportOptions {
        frame: plan.clone(),
    }
}

#[test]
fn every_bundled_plan_round_trips_through_a_workbook_with_the_same_summary() {
    for (name, plan) in bundled() {
        let bytes = xlsx::write(&plan).unwrap();
        let (back, sheet) =
            xlsx::read(bytes, None, &frame(&plan)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(sheet, "Actions");
        common::assert_same_sheet(&plan, &back, name);
    }
}

#[test]
fn the_commands_round_trip_the_shipped_plan() {
    let dir = tempfile::tempdir().unwrap();
    let ron = export_then_import(dir.path(), SHIPPED, "xlsx");
    assert_same_summaries(SHIPPED, ron.to_str().unwrap());
    // A workbook is a file, never text on the terminal.
    let (code, out, err) = ragboard(&["export", SHIPPED, "--format", "xlsx"]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(err.contains("give -o FILE.xlsx"), "{err}");
}

/// The xlsx's own XML for a part (`xl/worksheets/sheet1.xml`).
fn part(bytes: &[u8], name: &str) -> String {
    common::xlsx_part(bytes, name)
}

#[test]
fn an_independent_reader_sees_the_ratings_their_colours_and_the_layout() {
    let plan = store::load(Path::new(SHIPPED)).unwrap().plan;
    let bytes = xlsx::write(&plan).unwrap();
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.clone())).unwrap();
    assert_eq!(
        wb.sheet_names(),
        ["Actions", "Dashboard", "Change log", "Decisions"]
    );
    let range = wb.worksheet_range("Actions").unwrap();
    let styles = wb.worksheet_style("Actions").unwrap();
    let head: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let col = |h: &str| head.iter().position(|x| x == h).unwrap();
    // Every rating of every action: its label in the cell, its level's colour as the fill.
    let mut seen = 0;
    for (i, a) in plan.actions().enumerate() {
        let r = u32::try_from(i).unwrap() + 1;
        assert_eq!(range.get_value((r, 4)), Some(&Data::String(a.id.clone())));
        for p in &plan.periods {
            let c =
                u32::try_from(col(&format!("RAG {}", p.label.trim_start_matches("RAG ")))).unwrap();
            let cell = range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
            let fill = styles
                .get((r, c))
                .and_then(|s| s.fill.as_ref())
                .filter(|f| f.is_visible())
                .and_then(|f| f.get_color());
            match a.rating(&p.id) {
                None => {
                    assert_eq!(cell, Data::Empty);
                    assert_eq!(fill, None, "{} {}", a.id, p.id);
                }
                Some(v) => {
                    let level = plan.scale.level(v).unwrap();
                    assert_eq!(cell, Data::String(level.label.clone()), "{} {}", a.id, p.id);
                    let fill = fill.unwrap_or_else(|| panic!("{} {}: no fill", a.id, p.id));
                    assert_eq!(
                        Some((fill.red, fill.green, fill.blue)),
                        colour::parse(&level.colour),
                        "{} {}",
                        a.id,
                        p.id
                    );
                    seen += 1;
                }
            }
        }
    }
    assert!(seen > 150, "{seen} ratings");
    // The header row frozen, filters over the whole table, in the sheet's own XML.
    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains(
            r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
        ),
        "{sheet}"
    );
    assert!(sheet.contains(r#"<autoFilter ref="A1:S96"/>"#), "{sheet}");
    let styles_xml = part(&bytes, "xl/styles.xml");
    for c in ["FF1976D2", "FFFFA000", "FFD32F2F", "FF388E3C", "FF7B1FA2"] {
        assert!(styles_xml.contains(c), "{c} in styles.xml");
    }
    // The dashboard: each priority's mean per period, and the legend.
    let dash = wb.worksheet_range("Dashboard").unwrap();
    let s = Summary::build(&plan, None);
    assert_eq!(dash.get_value((4, 0)), Some(&Data::String("1".into())));
    assert_eq!(
        dash.get_value((4, 2)),
        s.rows[0].cells[0].mean.map(Data::Float).as_ref()
    );
    let text: Vec<String> = dash
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect();
    assert!(text.iter().any(|t| t == "Legend"));
    assert!(text.iter().any(|t| t == "Not started / significant delay"));
}

/// A tracker as a council keeps it in Excel: two sheets, the ratings of the first period
/// typed as words, those of the second given only by the cell's fill colour.
fn tracker(fills: &[(u32, Option<&str>)]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let notes = wb.add_worksheet();
    notes.set_name("Notes").unwrap();
    notes.write_string(0, 0, "Read me first").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("Tracker").unwrap();
    for (c, h) in ["Priority", "Action", "Due", "RAG Q1", "RAG Q2"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let month = CellFormat::new().set_num_format("mmm-yy");
    let day = CellFormat::new().set_num_format("dd/mm/yyyy");
    for (i, (fill, word)) in fills.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, "Be healthy").unwrap();
        ws.write_string(r, 1, format!("Action {r}")).unwrap();
        let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2018, 1 + i as u8, 15).unwrap();
        ws.write_datetime_with_format(r, 2, &date, if i % 2 == 0 { &month } else { &day })
            .unwrap();
        if let Some(w) = word {
            ws.write_string(r, 3, *w).unwrap();
        }
        ws.write_blank(
            r,
            4,
            &CellFormat::new().set_background_color(Color::RGB(*fill)),
        )
        .unwrap();
    }
    wb.save_to_buffer().unwrap()
}

fn rag_frame() -> ImportOptions {
    let cypp = store::load(Path::new("data/cypp-2013-16.ron"))
        .unwrap()
        .plan;
    ImportOptions::bare("Tracker", cypp.scale)
}

#[test]
fn a_trackers_workbook_reads_words_fill_colours_and_dates() {
    let bytes = tracker(&[
        (0xFF0000, Some("Red")),
        (0xFFC000, Some("amber")),
        (0x00B050, Some("G")),
        (0x92D050, None),
    ]);
    let (plan, sheet) = xlsx::read(bytes, None, &rag_frame()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(sheet, "Tracker", "the sheet whose headings are recognised");
    let rated: Vec<(Option<u8>, Option<u8>)> = plan
        .actions()
        .map(|a| (a.rating("q1"), a.rating("q2")))
        .collect();
    assert_eq!(
        rated,
        [
            (Some(1), Some(1)),
            (Some(2), Some(2)),
            (Some(3), Some(3)),
            (None, Some(3))
        ]
    );
    // A date shown as "Jan-18" is the month; one shown with its day is that day.
    let due: Vec<String> = plan.actions().map(|a| a.due.unwrap().to_string()).collect();
    assert_eq!(due, ["2018-01", "2018-02-15", "2018-03", "2018-04-15"]);
}

#[test]
fn a_fill_that_is_no_levels_colour_is_refused_at_its_cell() {
    let bytes = tracker(&[(0xFF0000, None), (0x000000, None)]);
    let err = match xlsx::read(bytes, Some("tracker"), &rag_frame()) {
        Err(WorkbookError::Rows(e)) => e,
        other => panic!("{other:?}"),
    };
    let said = err.describe(Path::new("t.xlsx"));
    assert_eq!(
        said,
        "t.xlsx: sheet \"Tracker\" E3: the cell has no rating, only the fill colour #000000, \
         which is not clearly one of the scale's colours (R red, A amber, G green, B blue): \
         type the rating in the cell"
    );
}

#[test]
fn sheets_are_chosen_by_name_and_problems_placed_at_their_cells() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("tracker.xlsx");
    std::fs::write(&book, tracker(&[(0xFF0000, Some("Purple"))])).unwrap();
    let f = book.to_str().unwrap();
    let (code, _, err) = ragboard(&["import", f, "--frame", "data/cypp-2013-16.ron"]);
    assert_eq!(code, 1);
    assert!(
        err.starts_with(&format!(
            "{f}: sheet \"Tracker\" D2: column \"RAG Q1\": \"Purple\" is not a rating on the scale"
        )),
        "{err}"
    );
    assert!(err.contains("1 problem; nothing written"), "{err}");
    let (code, _, err) = ragboard(&["import", f, "--sheet", "Summary"]);
    assert_eq!(code, 1);
    assert_eq!(
        err.trim_end(),
        format!("{f}: no sheet \"Summary\": the workbook has \"Notes\", \"Tracker\"")
    );
    let (code, _, err) = ragboard(&["import", f, "--sheet", "notes"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("sheet \"Notes\" row 1: no priority column"),
        "{err}"
    );
    // --sheet is for workbooks.
    let csv = dir.path().join("t.csv");
    std::fs::write(&csv, "priority,action\np,a\n").unwrap();
    let (code, _, err) = ragboard(&["import", csv.to_str().unwrap(), "--sheet", "x"]);
    assert_eq!(code, 1);
    assert!(err.contains("--sheet is for a workbook"), "{err}");
}

#[test]
fn ids_a_workbook_holds_as_numbers_that_lost_a_zero_are_refused() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["priority", "action id", "action"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (i, id) in [8.18, 8.19, 8.2, 8.21].iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, "p").unwrap();
        ws.write_number(r, 1, *id).unwrap();
        ws.write_string(r, 2, format!("a{r}")).unwrap();
    }
    let bytes = wb.save_to_buffer().unwrap();
    let err = match xlsx::read(bytes, None, &rag_frame()) {
        Err(WorkbookError::Rows(e)) => e,
        other => panic!("{other:?}"),
    };
    let said = err.describe(Path::new("t.xlsx"));
    assert!(
        said.starts_with(
            "t.xlsx: sheet \"Sheet1\" B4: action id \"8.2\" looks like \"8.20\" with its trailing zero lost"
        ),
        "{said}"
    );
}

/// The board's decisions and agreed actions travel in the workbook too, one row each, with
/// how each was closed (issue 21's "export includes it").
#[test]
fn the_workbook_lists_the_boards_decisions_and_agreed_actions() {
    use chrono::{NaiveDate, TimeZone, Utc};
    use ragboard::meeting::{FixedClock, Meeting};
    use ragboard::model::{DecisionKind, DecisionStatus};
    let plan = store::load(Path::new(SHIPPED)).unwrap().plan;
    let period = plan.periods.last().unwrap().id.clone();
    let clock = FixedClock(Utc.with_ymd_and_hms(2018, 3, 1, 10, 0, 0).unwrap());
    let mut m = Meeting::new(plan, "clerk", Box::new(clock));
    let day = NaiveDate::from_ymd_opt(2018, 3, 1).unwrap();
    let action = m
        .decide(
            DecisionKind::Action,
            Some("1.1.1"),
            "Director to bring a recovery plan to the March board",
            Some("Director"),
            None,
            &period,
            day,
        )
        .unwrap();
    m.decide(
        DecisionKind::Decision,
        None,
        "Plan agreed for publication",
        None,
        None,
        &period,
        day,
    )
    .unwrap();
    m.settle(
        &action.id,
        DecisionStatus::Done,
        Some("brought"),
        &period,
        day,
    )
    .unwrap();
    let bytes = xlsx::write(m.plan()).unwrap();
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let range = wb.worksheet_range("Decisions").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(
        rows[0][..7],
        ["id", "kind", "on", "text", "owner", "due", "status"]
    );
    assert_eq!(rows.len(), 3, "{rows:?}");
    let recovery = rows
        .iter()
        .find(|r| r[3].contains("recovery plan"))
        .unwrap();
    assert_eq!(recovery[1], "agreed action");
    assert_eq!(recovery[2], "1.1.1");
    assert_eq!(recovery[4], "Director");
    assert_eq!(recovery[6], "done");
    assert_eq!(recovery[13], "brought");
    let whole = rows.iter().find(|r| r[3].contains("publication")).unwrap();
    assert_eq!(whole[2], "the plan as a whole");
    assert_eq!(whole[6], "open");
}
