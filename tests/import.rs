//! CSV import: the shipped plan survives export and import with its summary intact; a
//! tracker laid out like the source imports; bad cells fail the import with line and column.

mod common;

use common::bin::{assert_same_summaries, export_then_import, ragboard};

use std::path::Path;

use ragboard::interchange::export::{ExportFormat, export};
use ragboard::interchange::import::{ImportOptions, import};
use ragboard::model::Plan;
use ragboard::model::summary::Summary;
use ragboard::report::{Format, render};
use ragboard::store;

const SHIPPED: &str = "data/csc-development-plan-2017-19.ron";

fn shipped() -> Plan {
    store::load(Path::new(SHIPPED)).unwrap().plan
}

fn bare(title: &str) -> ImportOptions {
    ImportOptions::bare(title, shipped().scale)
}

#[test]
fn shipped_plan_round_trips_through_csv_with_the_same_summary() {
    let dir = tempfile::tempdir().unwrap();
    let ron = export_then_import(dir.path(), SHIPPED, "csv");
    assert_same_summaries(SHIPPED, ron.to_str().unwrap());
    // Every action, rating, lead, due date and progress note came back.
    let back = store::load(&ron).unwrap().plan;
    assert_eq!(back.actions().count(), 95);
    common::assert_same_sheet(&shipped(), &back, SHIPPED);
}

#[test]
fn the_cypp_plans_round_trip_too() {
    // Objective-level baselines and milestones are not in the sheet; every summary is.
    for file in [
        "data/cypp-2013-16.ron",
        "data/cypp-2014-15-annual-report.ron",
    ] {
        let plan = store::load(Path::new(file)).unwrap().plan;
        let text = export(&plan, ExportFormat::Csv).unwrap();
        let opts = ImportOptions {
            frame: plan.clone(),
        };
        let back = import(&text, &opts).unwrap_or_else(|e| panic!("{file}: {e}"));
        common::assert_same_sheet(&plan, &back, file);
    }
}

#[test]
fn without_a_frame_every_row_of_the_summary_still_matches() {
    let plan = shipped();
    let text = export(&plan, ExportFormat::Csv).unwrap();
    let back = import(&text, &bare(&plan.title)).unwrap();
    let (a, b) = (Summary::build(&plan, None), Summary::build(&back, None));
    // Rows and overall serialise identically; only the published table needs the frame.
    let j = |v: &dyn erased::Ser| v.json();
    assert_eq!(j(&a.rows), j(&b.rows));
    assert_eq!(j(&a.overall), j(&b.overall));
    assert!(b.published.is_none());
}

/// serde_json for the summary's parts without naming their types.
mod erased {
    pub trait Ser {
        fn json(&self) -> String;
    }
    impl<T: serde::Serialize> Ser for T {
        fn json(&self) -> String {
            serde_json::to_string(self).unwrap()
        }
    }
}

/// The development plan's own layout: "Priority 1" heads the titles column, priority and
/// outcome cells are blank under the first row, "Time" holds Apr-18, 0 is "not rated",
/// and the heading row repeats above the next priority.
const TRACKER: &str = "\
Priority 1,Outcome,Action,Success measure(s),Lead,Responsible Officer,Time,RAG initial,RAG 01/18,RAG 03/18,Progress update
Recruiting staff,Stable workforce,Fill posts,\"Posts filled\nAgency use down\",S Murphy,,Apr-18,4,4,0,Permanent staff now in post
,,Practice model,Model in place,S Murphy,Joe Tynan,Sep-18,2,2,0,\"SOS model introduced, training planned\"
,Good supervision,Supervise monthly,Audits,J Simon,,31/03/2018,3,,,
Priority 2,Outcome,Action,Success measure(s),Lead,Responsible Officer,Time,RAG Initial,RAG 01/18,RAG 03/18,Progress update
Early help,Coordinated services,Open hubs,Hubs open,A Lee,,Jan-18,1,2,0,
";

#[test]
fn a_tracker_laid_out_like_the_source_imports() {
    let plan = import(TRACKER, &bare("Tracker")).unwrap();
    let ids: Vec<(&str, &str)> = plan
        .actions()
        .map(|a| (a.id.as_str(), a.title.as_str()))
        .collect();
    assert_eq!(
        ids,
        [
            ("1.1.1", "Fill posts"),
            ("1.1.2", "Practice model"),
            ("1.2.1", "Supervise monthly"),
            ("2.1.1", "Open hubs"),
        ]
    );
    assert_eq!(plan.priorities[0].title, "Recruiting staff");
    assert_eq!(plan.priorities[1].title, "Early help");
    let periods: Vec<&str> = plan.periods.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(periods, ["initial", "01-18", "03-18"]);
    let a = plan.action("1.1.1").unwrap();
    assert_eq!(a.measures, ["Posts filled", "Agency use down"]);
    assert_eq!(a.due.unwrap().to_string(), "2018-04");
    assert_eq!(a.rating("03-18"), None, "0 is not rated");
    assert_eq!(a.rating("01-18"), Some(4));
    assert_eq!(
        plan.action("1.1.2").unwrap().officer.as_deref(),
        Some("Joe Tynan")
    );
    assert_eq!(
        plan.action("1.2.1").unwrap().due.unwrap().to_string(),
        "2018-03-31"
    );
    // The plan it makes is valid and saves.
    let text = store::to_canonical(&plan).unwrap();
    store::parse(&text, Path::new("tracker.ron")).unwrap();
}

#[test]
fn bad_cells_fail_the_import_with_line_and_column() {
    let bad = TRACKER
        .replace("Apr-18,4,4,0", "Apr-18,4,Dec-99,0")
        .replace("31/03/2018", "32/13");
    let err = import(&bad, &bare("Tracker")).unwrap_err();
    let lines: Vec<String> = err.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        lines,
        [
            "2:9: column \"RAG 01/18\": \"Dec-99\" is not a rating on the scale: expected one of 1, 2, 3, 4, 5, or empty or 0 for not rated",
            // Line 5: the row after a quoted cell that spans two lines.
            "5:7: column \"Time\": \"32/13\" is not a date: expected one such as Jan-18, 2018-01, 2018-01-31 or 31/01/2018",
        ]
    );
}

#[test]
fn unknown_and_missing_columns_are_refused() {
    let err = import("Priority,Action,Colour\np,a,red\n", &bare("t")).unwrap_err();
    assert_eq!(err.problems.len(), 1);
    assert!(
        err.problems[0]
            .to_string()
            .starts_with("1:3: column \"Colour\": not a column ragboard knows"),
        "{err}"
    );
    let err = import("Priority,Lead\np,Ann\n", &bare("t")).unwrap_err();
    assert_eq!(err.problems[0].to_string(), "1: no action column");
    let err = import("", &bare("t")).unwrap_err();
    assert!(err.to_string().contains("empty"), "{err}");
    // A row with no action, and more cells than headings: reported, not dropped.
    let err = import("Priority,Action\np,\np,a,extra\n", &bare("t")).unwrap_err();
    let lines: Vec<String> = err.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        lines,
        [
            "2:2: a row with no action: every row is one action",
            "3:3: 3 cells where the heading row has 2 columns"
        ]
    );
}

#[test]
fn a_duplicate_action_id_names_both_lines() {
    let csv = "priority,action id,action\np,1.1.1,a\np,1.1.2,b\np,1.1.1,c\n";
    let err = import(csv, &bare("t")).unwrap_err();
    assert_eq!(
        err.problems[0].to_string(),
        "4:2: action id \"1.1.1\" again (first on line 2)"
    );
}

#[test]
fn differing_board_judgements_within_a_priority_are_refused() {
    let csv = "priority,action,RAG q1,board RAG q1\np,a,1,2\np,b,2,3\n";
    let err = import(csv, &bare("t")).unwrap_err();
    assert_eq!(
        err.problems[0].to_string(),
        "3:4: column \"board RAG q1\": the board's judgement of priority 1 differs from the rows above (2)"
    );
    let ok = import(
        "priority,action,RAG q1,board RAG q1\np,a,1,2\np,b,2,\n",
        &bare("t"),
    )
    .unwrap();
    assert_eq!(ok.priorities[0].judgements.get("q1"), Some(&2));
}

#[test]
fn the_command_writes_nothing_when_a_cell_is_bad() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("t.csv");
    let out = dir.path().join("t.ron");
    std::fs::write(&csv, TRACKER.replace("Sep-18", "Sept-99x")).unwrap();
    let (code, stdout, err) =
        ragboard(&["import", csv.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    assert!(
        err.contains(&format!("{}:4:7: column \"Time\"", csv.display())),
        "{err}"
    );
    assert!(err.contains("1 problem; nothing written"), "{err}");
    assert!(!out.exists());
    // A good file imports; an existing output is never overwritten.
    std::fs::write(&csv, TRACKER).unwrap();
    let (code, _, err) = ragboard(&["import", csv.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = ragboard(&["import", csv.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("exists already"), "{err}");
    // Summaries of what was imported are consistent with the sheet.
    let plan = store::load(&out).unwrap().plan;
    let s = render(&Summary::build(&plan, None), Format::Csv);
    assert!(
        s.contains("1,Recruiting staff,01-18,RAG 01/18,3.0,2,3,"),
        "{s}"
    );
}

#[test]
fn export_json_follows_the_ron_structure() {
    let plan = shipped();
    let json = export(&plan, ExportFormat::Json).unwrap();
    let back: Plan = serde_json::from_str(&json).unwrap();
    assert_eq!(back, plan);
}

/// Every id names one item, whatever its level: a clash is placed at the sheet's row and
/// column, never at a line of the plan the import would have written.
#[test]
fn an_action_id_equal_to_an_outcome_id_is_placed_in_the_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("t.csv");
    let out = dir.path().join("out.ron");
    std::fs::write(
        &csv,
        "Priority,Outcome ID,Outcome,Action ID,Action\n\
         Be healthy,1.1,Fewer conceptions,1.1.1,Open a clinic\n\
         Be healthy,1.1,Fewer conceptions,1.1,Train staff\n",
    )
    .unwrap();
    let (code, stdout, err) =
        ragboard(&["import", csv.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    assert_eq!(
        err,
        format!(
            "{c}:3:4: action id \"1.1\" is already the id of an objective (line 2): each item needs its own id\n\
             {c}: 1 problem; nothing written\n",
            c = csv.display()
        )
    );
    assert!(!err.contains("out.ron"), "{err}");
    assert!(!out.exists());
    // Across priorities, and with ids the import makes for rows that give none.
    let err = import(
        "Priority ID,Priority,Outcome ID,Outcome,Action ID,Action\n\
         1,A,1.1,O,1,x\n\
         2,B,1.1,P,2.1.1,y\n",
        &bare("t"),
    )
    .unwrap_err();
    let lines: Vec<String> = err.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        lines,
        [
            "2:5: action id \"1\" is already the id of a priority (line 2): each item needs its own id",
            "3:3: objective id \"1.1\" again (first on line 2)",
        ]
    );
    let err = import("Priority,Outcome,Action ID,Action\nA,O,1.1,x\n", &bare("t")).unwrap_err();
    assert_eq!(
        err.problems[0].to_string(),
        "2:3: action id \"1.1\" is already the id of an objective (line 2): each item needs its own id"
    );
}

/// Lines are counted as an editor counts them, in CRLF and CR-only files too, after a
/// quoted cell that spans lines and after blank lines.
#[test]
fn line_numbers_are_right_whatever_ends_the_lines() {
    let rows = [
        "priority,action id,action,due",
        "p,1.1.1,\"two",
        "lines\",Jun-18",
        "",
        "p,1.1.2,b,Jun-99x",
        "p,1.1.1,c,",
    ];
    for eol in ["\n", "\r\n", "\r"] {
        let csv = rows.join(eol) + eol;
        let err = import(&csv, &bare("t")).unwrap_err();
        let lines: Vec<String> = err.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            lines,
            [
                "5:4: column \"due\": \"Jun-99x\" is not a date: expected one such as Jan-18, 2018-01, 2018-01-31 or 31/01/2018",
                "6:2: action id \"1.1.1\" again (first on line 2)",
            ],
            "{eol:?}"
        );
    }
}

#[test]
fn an_id_with_a_control_character_is_refused_at_its_cell() {
    let err = import(
        "priority,action id,action\np,1.\u{1b}[2J1,a\np,1\u{202e}2,b\n",
        &bare("t"),
    )
    .unwrap_err();
    let lines: Vec<String> = err.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        lines,
        [
            "2:2: column \"action id\": the id \"1.\\u{1b}[2J1\" holds the control character U+001B: ids are plain text",
            "3:2: column \"action id\": the id \"1\\u{202e}2\" holds the control character U+202E: ids are plain text",
        ]
    );
}

/// A plan whose text would run as formulas in a spreadsheet (OWASP's CSV injection):
/// titles, a lead, progress and a measure starting with `=`, `+`, `-`, `@`, a tab and a CR.
fn formula_plan() -> Plan {
    let mut plan = store::load(Path::new("tests/fixtures/rag-small.ron"))
        .unwrap()
        .plan;
    std::sync::Arc::make_mut(&mut plan.priorities[0]).title =
        "=HYPERLINK(\"http://evil.example\",\"Click\")".into();
    std::sync::Arc::make_mut(&mut plan.priorities[0]).objectives[0].title = "+1+1".into();
    let a = plan.action_mut("1.1.1").unwrap();
    a.title = "-2+3".into();
    a.lead = Some("@SUM(A1:A9)".into());
    a.progress = Some("\tTabbed".into());
    a.measures = vec!["'=already quoted".into(), "\rReturn".into()];
    plan
}

/// Cells a spreadsheet would run: none may start with a formula character.
fn assert_inert(csv: &str, what: &str) {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    for rec in rdr.records() {
        for cell in rec.unwrap().iter() {
            let number = cell.parse::<f64>().is_ok();
            assert!(
                number || !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{what}: a cell a spreadsheet would run: {cell:?}"
            );
        }
    }
}

#[test]
fn formula_cells_are_neutralised_in_every_csv_and_read_back_exactly() {
    let plan = formula_plan();
    let text = export(&plan, ExportFormat::Csv).unwrap();
    assert_inert(&text, "export");
    assert!(text.contains("'=HYPERLINK"), "{text}");
    let back = import(
        &text,
        &ImportOptions {
            frame: plan.clone(),
        },
    )
    .unwrap();
    assert_eq!(back.priorities[0].title, plan.priorities[0].title);
    assert_eq!(back.priorities[0].objectives[0].title, "+1+1");
    let (a, b) = (plan.action("1.1.1").unwrap(), back.action("1.1.1").unwrap());
    assert_eq!((&b.title, &b.lead), (&a.title, &a.lead));
    // Import trims a cell's surrounding space (a tab, a line break), as it always has.
    assert_eq!(b.progress.as_deref(), Some("Tabbed"));
    assert_eq!(b.measures, ["'=already quoted", "Return"]);
    // The papers' CSV too: the board report and the summary.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plan.ron");
    std::fs::write(&file, store::to_canonical(&plan).unwrap()).unwrap();
    let f = file.to_str().unwrap();
    for (args, guarded) in [
        (
            vec!["report", f, "--format", "csv", "--date", "2025-10-01"],
            "'-2+3",
        ),
        (
            vec!["summary", f, "--format", "csv", "--date", "2025-10-01"],
            "'=HYPERLINK",
        ),
        (vec!["export", f, "--format", "csv"], "'=HYPERLINK"),
    ] {
        let (code, out, err) = ragboard(&args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert_inert(&out, &args.join(" "));
        assert!(out.contains(guarded), "{args:?}: {out}");
    }
}

#[test]
fn a_byte_order_mark_for_excel_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("plan.csv");
    let ron = dir.path().join("plan.ron");
    for args in [
        vec!["export", SHIPPED, "--format", "csv", "--bom"],
        vec!["report", SHIPPED, "--format", "csv", "--bom"],
        vec!["summary", SHIPPED, "--format", "csv", "--bom"],
    ] {
        let (code, out, err) = ragboard(&args);
        assert_eq!(code, 0, "{err}");
        assert!(out.starts_with('\u{feff}'), "{args:?}");
        assert_eq!(out.matches('\u{feff}').count(), 1);
    }
    let (code, out, _) = ragboard(&["export", SHIPPED, "--format", "csv"]);
    assert_eq!(code, 0);
    assert!(!out.starts_with('\u{feff}'), "only when asked for");
    let (code, _, err) = ragboard(&["export", SHIPPED, "--format", "json", "--bom"]);
    assert_eq!(code, 1);
    assert!(err.contains("--bom is for CSV"), "{err}");
    // Imported back as it was.
    let (code, _, err) = ragboard(&[
        "export",
        SHIPPED,
        "--format",
        "csv",
        "--bom",
        "-o",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::read(&csv).unwrap().starts_with(b"\xef\xbb\xbf"));
    let (code, _, err) = ragboard(&[
        "import",
        csv.to_str().unwrap(),
        "--frame",
        SHIPPED,
        "-o",
        ron.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let (_, a, _) = ragboard(&["summary", SHIPPED]);
    let (_, b, _) = ragboard(&["summary", ron.to_str().unwrap()]);
    assert_eq!(a, b);
}

/// A sheet that is not UTF-8 is placed at its line, in a CR-only file too.
#[test]
fn a_sheet_that_is_not_utf8_is_placed_at_its_line_whatever_ends_the_lines() {
    let dir = tempfile::tempdir().unwrap();
    for eol in ["\n", "\r\n", "\r"] {
        let csv = dir.path().join("t.csv");
        let mut bytes = ["priority,action", "p,a", "p,b"].join(eol).into_bytes();
        bytes.extend(eol.as_bytes());
        bytes.extend(b"p,caf\xe9");
        std::fs::write(&csv, bytes).unwrap();
        let (code, _, err) = ragboard(&["import", csv.to_str().unwrap()]);
        assert_eq!(code, 1);
        assert!(
            err.starts_with(&format!("{}:4: not UTF-8 text", csv.display())),
            "{eol:?}: {err}"
        );
    }
}

/// Ids a spreadsheet read as numbers: "8.20" came back from LibreOffice Calc as "8.2",
/// and "9.20" as "9.2" (the CYPP annual report's actions 8.11-8.22 and 9.11-9.27).
#[test]
fn ids_that_lost_a_trailing_zero_in_a_spreadsheet_are_refused_with_the_cause() {
    let plan = store::load(Path::new("data/cypp-2014-15-annual-report.ron"))
        .unwrap()
        .plan;
    let text = export(&plan, ExportFormat::Csv).unwrap();
    // As Calc writes the sheet back: the id cells as numbers.
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut w = csv::Writer::from_writer(Vec::new());
    for rec in rdr.records() {
        let rec = rec.unwrap();
        let cells: Vec<String> = rec
            .iter()
            .enumerate()
            .map(|(i, c)| match (i, c) {
                (4, "8.20") => "8.2".into(),
                (4, "9.20") => "9.2".into(),
                _ => c.to_string(),
            })
            .collect();
        w.write_record(&cells).unwrap();
    }
    let mangled = String::from_utf8(w.into_inner().unwrap()).unwrap();
    let err = import(
        &mangled,
        &ImportOptions {
            frame: plan.clone(),
        },
    )
    .unwrap_err();
    let lines: Vec<String> = err.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert!(
        lines[0].ends_with(
            "action id \"8.2\" looks like \"8.20\" with its trailing zero lost: a spreadsheet \
             read the id as the number 8.2 (the ids around it are 8.19 and 8.21); format the id \
             column as text and save the sheet again, or correct the id"
        ),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].contains("\"9.2\" looks like \"9.20\""),
        "{}",
        lines[1]
    );
    // Placed at the id's own cell (column 5, "action id").
    assert!(lines[0].contains(":5: "), "{}", lines[0]);
    // The sheet as exported imports.
    assert!(
        import(
            &text,
            &ImportOptions {
                frame: plan.clone()
            }
        )
        .is_ok()
    );
}
