//! Update forms, out and back: `ragboard updates` writes one form per person for the
//! shipped plan, the test fills some in as a lead would in a spreadsheet, and `ragboard
//! collect` records them as proposals through the meeting (lock, journal, save).

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::bin::ragboard;
use ragboard::interchange::forms_read;
use ragboard::store;

const NEXT: &str = "07-18";

/// The shipped plan in a temporary folder, and its forms for the plan's next period.
fn forms_written(format: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.ron");
    fs::copy("data/csc-development-plan-2017-19.ron", &plan).unwrap();
    let forms = dir.path().join("forms");
    let (code, out, err) = ragboard(&[
        "updates",
        plan.to_str().unwrap(),
        "--period",
        NEXT,
        "-o",
        forms.to_str().unwrap(),
        "--format",
        format,
    ]);
    assert_eq!(code, 0, "{out}{err}");
    (dir, plan, forms)
}

fn read_csv(path: &Path) -> Vec<Vec<String>> {
    forms_read::grid_csv(&fs::read(path).unwrap()).unwrap()
}

/// Write `rows` back as a spreadsheet saving "CSV UTF-8" would.
fn write_csv(path: &Path, rows: &[Vec<String>]) {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    for r in rows {
        w.write_record(r).unwrap();
    }
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(w.into_inner().unwrap());
    fs::write(path, bytes).unwrap();
}

/// Fill in the proposed rating (column H) and new progress note (column I) of the rows
/// whose id is given.
fn fill(path: &Path, updates: &[(&str, &str, &str)]) {
    let mut rows = read_csv(path);
    for (id, rating, note) in updates {
        let row = rows
            .iter_mut()
            .find(|r| r.first().map(String::as_str) == Some(*id))
            .unwrap_or_else(|| panic!("{id} is not on {}", path.display()));
        row.resize(9, String::new());
        row[7] = rating.to_string();
        row[8] = note.to_string();
    }
    write_csv(path, &rows);
}

/// The action ids a form lists.
fn ids_on(path: &Path) -> Vec<String> {
    let rows = read_csv(path);
    let head = rows.iter().position(|r| r[0] == "id").unwrap();
    rows[head + 1..].iter().map(|r| r[0].clone()).collect()
}

fn collect(plan: &Path, forms: &[&Path]) -> (i32, String, String) {
    let mut args = vec!["collect", plan.to_str().unwrap(), "--user", "clerk"];
    args.extend(forms.iter().map(|f| f.to_str().unwrap()));
    ragboard(&args)
}

#[test]
fn the_variants_of_one_person_land_on_one_form() {
    let (_dir, plan, forms) = forms_written("csv");
    let p = store::load(&plan).unwrap().plan;
    let spelt = |s: &str| -> Vec<String> {
        p.actions()
            .filter(|a| a.lead.as_deref() == Some(s) || a.officer.as_deref() == Some(s))
            .map(|a| a.id.clone())
            .collect()
    };
    let on_form = ids_on(&forms.join("Neale Laurie.csv"));
    for variant in ["Neale Laurie", "Neale laurie", "Neale Laurie CSU"] {
        let ids = spelt(variant);
        assert!(!ids.is_empty(), "{variant} is in the shipped plan");
        for id in ids {
            assert!(on_form.contains(&id), "{id} ({variant}) is on Neale's form");
        }
    }
    assert!(!forms.join("Neale laurie.csv").exists());
    assert!(!forms.join("Neale Laurie CSU.csv").exists());
    // "S Murphy" is Sheila Murphy's, by the plan's people section.
    let sheila = ids_on(&forms.join("Sheila Murphy.csv"));
    for id in spelt("S Murphy") {
        assert!(sheila.contains(&id), "{id}");
    }
    // Only the person's own actions: each on Clare Moore's form names her, and all do.
    let clare = ids_on(&forms.join("Clare Moore.csv"));
    assert_eq!(clare, spelt("Clare Moore"));
    // The form says whose it is, for which plan and period, and lists the levels.
    let rows = read_csv(&forms.join("Neale Laurie.csv"));
    assert_eq!(rows[0], ["ragboard update form", "Neale Laurie"]);
    assert_eq!(rows[2][..3], ["period", NEXT, "RAG 07/18"]);
    assert_eq!(rows[3][0], "rating levels");
    assert!(rows[3].contains(&"3 On track".to_string()), "{:?}", rows[3]);
}

#[test]
fn forms_filled_and_collected_become_proposals_once() {
    let (_dir, plan, forms) = forms_written("csv");
    let neale = forms.join("Neale Laurie.csv");
    let sheila = forms.join("Sheila Murphy.csv");
    let wendy = forms.join("Wendy Brown.csv");
    let n = ids_on(&neale);
    let s = ids_on(&sheila);
    let w = ids_on(&wendy);
    fill(
        &neale,
        &[(&n[0], "3 On track", "Audit in June"), (&n[1], "4", "")],
    );
    fill(&sheila, &[(&s[0], "on track", "Structure in place")]);
    // A progress note alone is an update too.
    fill(&wendy, &[(&w[0], "", "Consultant started in May")]);
    let before = fs::read(&plan).unwrap();
    let (code, out, err) = collect(&plan, &[&forms]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("Neale Laurie: 2 new"), "{out}");
    assert!(
        out.contains("4 proposals recorded for RAG 07/18; saved"),
        "{out}"
    );
    assert!(out.contains("still without an update:"), "{out}");
    let after = fs::read(&plan).unwrap();
    assert_ne!(before, after);
    let p = store::load(&plan).unwrap().plan;
    assert!(
        p.period(NEXT).is_some(),
        "collect started the forms' period"
    );
    assert_eq!(p.proposals.len(), 4);
    let first = p.proposal(&n[0], NEXT).unwrap();
    assert_eq!(
        (first.by.as_str(), first.rating, first.progress.as_deref()),
        ("Neale Laurie", Some(3), Some("Audit in June"))
    );
    assert_eq!(p.proposal(&n[1], NEXT).unwrap().progress, None);
    assert_eq!(p.proposal(&s[0], NEXT).unwrap().rating, Some(3));
    assert_eq!(p.proposal(&w[0], NEXT).unwrap().rating, None);
    // Proposals are not ratings: the period holds none.
    assert!(p.actions().all(|a| a.rating(NEXT).is_none()));
    assert_eq!(p.proposal(&n[0], NEXT).unwrap().collector, "clerk");
    // Nothing left beside the plan: the journal went with the save.
    assert!(!plan.with_extension("ron.journal").exists());

    // The same forms again: nothing changes, not a byte.
    let (code, out, err) = collect(&plan, &[&forms]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("Neale Laurie: 0 new, 2 already recorded"),
        "{out}"
    );
    assert!(out.contains("nothing new recorded"), "{out}");
    assert_eq!(fs::read(&plan).unwrap(), after);

    // A form changed and returned again replaces that person's proposal.
    fill(&neale, &[(&n[0], "2", "Audit in June: worse than hoped")]);
    let (code, out, _) = collect(&plan, &[&neale]);
    assert_eq!(code, 0);
    assert!(
        out.contains("1 changed since last collected, 1 already recorded"),
        "{out}"
    );
    let p = store::load(&plan).unwrap().plan;
    assert_eq!(p.proposals.len(), 4);
    assert_eq!(p.proposal(&n[0], NEXT).unwrap().rating, Some(2));
}

#[test]
fn a_bad_cell_refuses_its_form_whole_with_row_and_column() {
    let (_dir, plan, forms) = forms_written("csv");
    let neale = forms.join("Neale Laurie.csv");
    let sheila = forms.join("Sheila Murphy.csv");
    let n = ids_on(&neale);
    let s = ids_on(&sheila);
    // The first action's row is the 8th row; the second's the 9th.
    fill(
        &neale,
        &[(&n[0], "3", "fine"), (&n[1], "7", "off the scale")],
    );
    fill(&sheila, &[(&s[0], "3", "")]);
    let (code, _, out) = collect(&plan, &[&neale, &sheila]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(
            "Neale Laurie.csv: row 9 column H (H9): \"7\" is not a level of the plan's scale: expected one of 1, 2, 3, 4, 5 (or leave it empty); the form is refused, nothing from it recorded"
        ),
        "{out}"
    );
    let p = store::load(&plan).unwrap().plan;
    assert!(
        p.proposal(&n[0], NEXT).is_none(),
        "half a form is never recorded"
    );
    assert!(
        p.proposal(&s[0], NEXT).is_some(),
        "the good form is recorded"
    );

    // An id the plan does not have, and an action updated twice: each at its cell.
    let mut rows = read_csv(&neale);
    rows[7][7] = "3".into();
    rows[7][0] = "9.9.9".into();
    rows[8][0] = n[2].clone();
    rows[9][7] = "2".into();
    rows[9][0] = n[2].clone();
    write_csv(&neale, &rows);
    let (code, _, out) = collect(&plan, &[&neale]);
    assert_eq!(code, 1);
    assert!(
        out.contains("row 8 column A (A8): no action \"9.9.9\" in the plan"),
        "{out}"
    );
    assert!(
        out.contains("row 9 column H (H9): \"7\" is not a level"),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "row 10 column A (A10): action \"{}\" is updated twice (also row 9)",
            n[2]
        )),
        "{out}"
    );
    // Not a form at all.
    let other = forms.join("notes.csv");
    fs::write(&other, "a,b\n1,2\n").unwrap();
    let (code, _, out) = collect(&plan, &[&other]);
    assert_eq!(code, 1);
    assert!(out.contains("not a ragboard update form"), "{out}");
}

#[test]
fn a_form_for_another_plan_or_period_is_refused() {
    let (dir, plan, forms) = forms_written("csv");
    let neale = forms.join("Neale Laurie.csv");
    let n = ids_on(&neale);
    fill(&neale, &[(&n[0], "3", "")]);
    let mut rows = read_csv(&neale);
    rows[1][2] = "id1-0000000000000000".into();
    let foreign = dir.path().join("foreign.csv");
    write_csv(&foreign, &rows);
    let (code, _, out) = collect(&plan, &[&foreign]);
    assert_eq!(code, 1);
    assert!(out.contains("this form is for another plan"), "{out}");

    // Forms for 05-18 beside one for 07-18: the later one is refused.
    let older = dir.path().join("older");
    let (code, _, err) = ragboard(&[
        "updates",
        plan.to_str().unwrap(),
        "--period",
        "05-18",
        "-o",
        older.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let sheila = older.join("Sheila Murphy.csv");
    let s = ids_on(&sheila);
    fill(&sheila, &[(&s[0], "2", "")]);
    let (code, _, out) = collect(&plan, &[&sheila, &neale]);
    assert_eq!(code, 1);
    assert!(
        out.contains("this form is for period \"07-18\", and the others are for \"05-18\""),
        "{out}"
    );
    // And with --period, a form for another is refused.
    let (code, _, out) = ragboard(&[
        "collect",
        plan.to_str().unwrap(),
        neale.to_str().unwrap(),
        "--period",
        "05-18",
    ]);
    assert_eq!(code, 1);
    assert!(out.contains("this form is for period \"07-18\""), "{out}");
    // A period the plan neither has nor comes to next.
    let (code, _, err) = ragboard(&[
        "updates",
        plan.to_str().unwrap(),
        "--period",
        "12-19",
        "-o",
        older.to_str().unwrap(),
    ]);
    assert_ne!(code, 0);
    assert!(err.contains("no period \"12-19\""), "{err}");
    assert!(err.contains("the plan's next, 07-18"), "{err}");
}

#[test]
fn a_row_for_an_action_the_person_does_not_hold_is_flagged() {
    let (_dir, plan, forms) = forms_written("csv");
    let wendy = forms.join("Wendy Brown.csv");
    let clare = ids_on(&forms.join("Clare Moore.csv"));
    let w = ids_on(&wendy);
    let mut rows = read_csv(&wendy);
    let head = rows.iter().position(|r| r[0] == "id").unwrap();
    rows[head + 1][7] = "3".into();
    rows[head + 2][0] = clare[0].clone();
    rows[head + 2][7] = "4".into();
    write_csv(&wendy, &rows);
    let (code, _, out) = collect(&plan, &[&wendy]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(&format!(
            "flagged: row {}: {} is not an action Wendy Brown leads or is responsible for; not recorded",
            head + 3,
            clare[0]
        )),
        "{out}"
    );
    let p = store::load(&plan).unwrap().plan;
    assert!(p.proposal(&w[0], NEXT).is_some());
    assert!(p.proposal(&clare[0], NEXT).is_none());
}

#[test]
fn a_workbook_form_has_the_same_cells_and_a_drop_down_and_is_collected() {
    let (_dir, plan, forms) = forms_written("xlsx");
    let book = forms.join("Neale Laurie.xlsx");
    let bytes = fs::read(&book).unwrap();
    let grid = forms_read::grid_xlsx(bytes.clone()).unwrap();
    let (_d2, _p2, csvs) = forms_written("csv");
    let csv_grid = read_csv(&csvs.join("Neale Laurie.csv"));
    let trim = |g: &[Vec<String>]| -> Vec<Vec<String>> {
        g.iter()
            .map(|r| {
                let mut r = r.clone();
                while r.last().is_some_and(|c| c.is_empty()) {
                    r.pop();
                }
                r
            })
            .filter(|r| !r.is_empty())
            .collect()
    };
    assert_eq!(trim(&grid), trim(&csv_grid));
    // The drop-down: a list validation on the proposed-rating column, from the levels.
    let sheet = common::xlsx_part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<dataValidation type=\"list\""), "{sheet}");
    assert!(sheet.contains("Levels!$A$1:$A$5"), "{sheet}");

    // Filled in a spreadsheet (here: written again with the two cells filled).
    let mut filled = grid.clone();
    filled[7].resize(9, String::new());
    filled[7][7] = "3 On track".into();
    filled[7][8] = "From the workbook".into();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in filled.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                ws.write_string(r as u32, c as u16, cell).unwrap();
            }
        }
    }
    fs::write(&book, wb.save_to_buffer().unwrap()).unwrap();
    let (code, out, err) = collect(&plan, &[&book]);
    assert_eq!(code, 0, "{out}{err}");
    let p = store::load(&plan).unwrap().plan;
    let pr = p.proposal(&filled[7][0], NEXT).unwrap();
    assert_eq!(pr.rating, Some(3));
    assert_eq!(pr.form, "Neale Laurie.xlsx");
}

#[test]
fn check_lists_spellings_not_yet_mapped_and_refuses_a_bad_people_section() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.ron");
    let text = fs::read_to_string("data/csc-development-plan-2017-19.ron").unwrap();
    // Without its people section, check names the spellings that look like one person.
    let start = text.find("  people: [").unwrap();
    let end = start + text[start..].find("\n  ],\n").unwrap() + "\n  ],\n".len();
    let without = format!("{}{}", &text[..start], &text[end..]);
    fs::write(&plan, &without).unwrap();
    let (code, out, _) = ragboard(&["check", plan.to_str().unwrap()]);
    assert_eq!(code, 0, "a suspicion is not an error");
    assert!(
        out.contains(
            "maybe one person, not yet mapped in `people`: \"Neale Laurie\", \"Neale Laurie CSU\", \"Neale laurie\""
        ),
        "{out}"
    );
    assert!(out.contains("\"S Murphy\", \"Sheila Murphy\""), "{out}");
    assert!(
        out.contains("\"Joe Tynan\", \"Joe Tynan Janet Simon\""),
        "{out}"
    );
    // With it, nothing is left to suspect: "Joe Tynan" and "Joe Tynan Janet Simon" are
    // listed there as two people.
    fs::write(&plan, &text).unwrap();
    let (_, out, _) = ragboard(&["check", plan.to_str().unwrap()]);
    assert_eq!(out.lines().count(), 1, "{out}");
    // One spelling given for two people is refused, at the people section.
    let twice = text.replacen(
        "variants: [\n        \"S Murphy\",",
        "variants: [\n        \"S Murphy\",\n        \"Neale laurie\",",
        1,
    );
    assert_ne!(twice, text);
    fs::write(&plan, &twice).unwrap();
    let (code, _, err) = ragboard(&["check", plan.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(
        err.contains("\"Neale laurie\" is given for two people in `people`: \"Neale Laurie\" and \"Sheila Murphy\""),
        "{err}"
    );
}
