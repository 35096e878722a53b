//! Update forms: before a meeting, one form per person (a lead, or a responsible officer
//! where that is someone else) listing only their actions, for them to fill in a proposed
//! rating and a progress note; and the form read back. A form is a small sheet: a few lines
//! saying whose it is and for which plan and period, the scale's levels, then a table.
//! Written as CSV or as a workbook (with a drop-down of the levels); read back from either
//! as a grid of text cells, so both go through one reader (`forms_read`).

use rust_xlsxwriter::{DataValidation, Format, FormatAlign, Formula, Workbook};

use super::export::ExportError;
use super::sheet;
use crate::model::{Action, Period, Plan, filter};

/// The first cell of every form: how a form is told from any other sheet.
pub const MARK: &str = "ragboard update form";
/// The cells that start the lines above the table.
pub const PLAN: &str = "plan";
pub const PERIOD: &str = "period";
pub const LEVELS: &str = "rating levels";
pub const HOW: &str = "how to fill in";
/// The table's headings, in order; the last two are the person's to fill in.
pub const HEAD: [&str; 9] = [
    "id",
    "title",
    "success measures",
    "due",
    "last rating",
    "last rated in",
    "last progress note",
    "proposed rating",
    "new progress note",
];
pub const RATING: &str = "proposed rating";
pub const PROGRESS: &str = "new progress note";

/// One person's form, before it is written in a format.
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub person: String,
    pub title: String,
    pub identity: String,
    pub period: Period,
    /// "3 On track", one per level.
    pub levels: Vec<String>,
    pub rows: Vec<[String; 7]>,
}

/// A level as the form lists it and its drop-down offers it: "3 On track".
pub fn level_text(label: &str, name: &str) -> String {
    if name.is_empty() || name == label {
        label.to_string()
    } else {
        format!("{label} {name}")
    }
}

/// The forms for `period`: one per person the plan's actions name, each with only the
/// actions that person leads or is responsible for. `identity` is the plan's (the
/// journal's), so a form returned to another plan is refused.
pub fn forms(plan: &Plan, period: &Period, identity: &str) -> Vec<Form> {
    let at = plan
        .periods
        .iter()
        .position(|p| p.id == period.id)
        .unwrap_or(plan.periods.len());
    let levels: Vec<String> = plan
        .scale
        .levels
        .iter()
        .map(|l| level_text(&l.label, &l.name))
        .collect();
    filter::people(plan)
        .into_iter()
        .map(|person| Form {
            rows: plan
                .actions()
                .filter(|a| plan.names_person(a, &person))
                .map(|a| row(plan, a, at))
                .collect(),
            person,
            title: plan.title.clone(),
            identity: identity.to_string(),
            period: period.clone(),
            levels: levels.clone(),
        })
        .collect()
}

/// An action's row: what the person needs to write their update.
fn row(plan: &Plan, a: &Action, at: usize) -> [String; 7] {
    // The latest rating up to the form's period (a new period: the last the plan holds).
    let last = plan.periods[..at.min(plan.periods.len())]
        .iter()
        .chain(plan.periods.get(at))
        .rev()
        .find_map(|p| a.rating(&p.id).map(|r| (p, r)));
    let (rating, rated_in) = match last {
        Some((p, r)) => (
            plan.scale
                .level(r)
                .map_or_else(|| r.to_string(), |l| level_text(&l.label, &l.name)),
            p.label.clone(),
        ),
        None => (String::new(), String::new()),
    };
    [
        a.id.clone(),
        a.title.clone(),
        a.measures.join("\n"),
        a.due.map(|d| d.human()).unwrap_or_default(),
        rating,
        rated_in,
        a.progress.clone().unwrap_or_default(),
    ]
}

/// A file name for the person's form: their name with anything a file system or a mail
/// attachment may refuse made a `-`.
pub fn file_stem(person: &str) -> String {
    let s: String = person
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == ' ' || c == '.' || c == '\'' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let s = s.trim_matches(['.', ' ']).to_string();
    if s.is_empty() { "unnamed".into() } else { s }
}

/// The lines above the table, cell by cell.
fn preamble(f: &Form) -> Vec<Vec<String>> {
    vec![
        vec![MARK.into(), f.person.clone()],
        vec![PLAN.into(), f.title.clone(), f.identity.clone()],
        vec![
            PERIOD.into(),
            f.period.id.clone(),
            f.period.label.clone(),
            f.period.date.map(|d| d.to_string()).unwrap_or_default(),
        ],
        std::iter::once(LEVELS.to_string())
            .chain(f.levels.iter().cloned())
            .collect(),
        vec![
            HOW.into(),
            "For each of your actions, fill in the last two columns: a proposed rating (one \
             of the levels above: its number or label is enough) and your progress note. \
             Leave both empty where you have no update. Do not change the other columns or \
             the lines above."
                .into(),
        ],
        Vec::new(),
    ]
}

/// The form as CSV: with the byte order mark Excel needs to read it as UTF-8, every cell
/// guarded against being run as a formula.
pub fn csv(f: &Form) -> Result<Vec<u8>, ExportError> {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(sheet::BOM.as_bytes().to_vec());
    for line in preamble(f) {
        sheet::write_record(&mut w, &line)?;
    }
    sheet::write_record(&mut w, &HEAD)?;
    for r in &f.rows {
        let mut cells: Vec<String> = r.to_vec();
        cells.extend([String::new(), String::new()]);
        sheet::write_record(&mut w, &cells)?;
    }
    w.into_inner()
        .map_err(|e| ExportError::Csv(csv::Error::from(e.into_error())))
}

/// The sheet the drop-down's levels are listed on (hidden).
const LEVEL_SHEET: &str = "Levels";

/// The form as a workbook: the same cells, the proposed rating a drop-down of the levels.
pub fn xlsx(f: &Form) -> Result<Vec<u8>, ExportError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Update")?;
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let bold = Format::new().set_bold();
    let mut r: u32 = 0;
    for line in preamble(f) {
        for (c, cell) in line.iter().enumerate() {
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            if c == 0 {
                ws.write_string_with_format(r, c, cell, &bold)?;
            } else {
                ws.write_string(r, c, cell)?;
            }
        }
        r += 1;
    }
    for (c, h) in HEAD.iter().enumerate() {
        ws.write_string_with_format(r, c as u16, *h, &bold)?;
    }
    let head_row = r;
    for row in &f.rows {
        r += 1;
        for (c, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                ws.write_string_with_format(r, c as u16, cell, &wrap)?;
            }
        }
    }
    for (c, w) in [10.0, 40.0, 40.0, 10.0, 14.0, 12.0, 40.0, 22.0, 50.0]
        .into_iter()
        .enumerate()
    {
        ws.set_column_width(c as u16, w)?;
    }
    ws.set_freeze_panes(head_row + 1, 0)?;
    if r > head_row && !f.levels.is_empty() {
        let list = Formula::new(format!("={LEVEL_SHEET}!$A$1:$A${}", f.levels.len()));
        let dv = DataValidation::new()
            .allow_list_formula(list)
            .set_error_title("Not a level")?
            .set_error_message("Choose one of the plan's rating levels, or leave it empty.")?;
        ws.add_data_validation(head_row + 1, 7, r, 7, &dv)?;
    }
    let levels = wb.add_worksheet();
    levels.set_name(LEVEL_SHEET)?;
    for (i, l) in f.levels.iter().enumerate() {
        levels.write_string(i as u32, 0, l)?;
    }
    levels.set_hidden(true);
    Ok(wb.save_to_buffer()?)
}
