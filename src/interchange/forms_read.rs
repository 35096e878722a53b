//! An update form read back (CSV or workbook) as the updates a person proposed. Every
//! problem is found, each at its row and column as a spreadsheet shows them; a form with
//! any problem is refused whole, so half a form is never recorded.

use std::io::Cursor;

use calamine::{Reader, Xlsx};
use chrono::NaiveDate;

use super::forms::{HEAD, LEVELS, MARK, PERIOD, PLAN, PROGRESS, RATING, level_text};
use super::import::column_letters;
use super::sheet;
use crate::model::{Period, Plan, Rating, Scale};

/// A form as read: whose it is, for which plan and period, and its updates.
#[derive(Debug, Clone, PartialEq)]
pub struct Returned {
    pub person: String,
    pub title: String,
    pub identity: String,
    pub period: Period,
    pub updates: Vec<Update>,
}

/// One row with something filled in: a proposed rating, a progress note, or both.
#[derive(Debug, Clone, PartialEq)]
pub struct Update {
    /// The row as a spreadsheet numbers it (from 1).
    pub row: usize,
    pub id: String,
    pub rating: Option<Rating>,
    pub progress: Option<String>,
}

/// What is wrong with a form, at its row and column (from 1) where it is one cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormProblem {
    pub row: usize,
    pub column: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for FormProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.column {
            Some(c) => write!(
                f,
                "row {} column {} ({}{}): {}",
                self.row,
                column_letters(c),
                column_letters(c),
                self.row,
                self.message
            ),
            None => write!(f, "row {}: {}", self.row, self.message),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FormError {
    #[error("cannot read it as a workbook: {0}")]
    Workbook(String),
    #[error("this is not a ragboard update form (its first cell is not {MARK:?})")]
    NotAForm,
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Problems(Vec<FormProblem>),
}

/// A CSV file's cells, row by row (a byte order mark and guards taken off).
pub fn grid_csv(bytes: &[u8]) -> Result<Vec<Vec<String>>, FormError> {
    let bytes = bytes.strip_prefix(sheet::BOM.as_bytes()).unwrap_or(bytes);
    // A spreadsheet set up for a decimal comma saves CSV with semicolons between cells.
    let first = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let delimiter = if first.starts_with(format!("{MARK};").as_bytes()) {
        b';'
    } else {
        b','
    };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (i, rec) in rdr.byte_records().enumerate() {
        let row = i + 1;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                problems.push(FormProblem {
                    row,
                    column: None,
                    message: format!("not readable as CSV: {e}"),
                });
                break;
            }
        };
        let mut cells = Vec::with_capacity(rec.len());
        for (c, field) in rec.iter().enumerate() {
            match std::str::from_utf8(field) {
                Ok(s) => cells.push(sheet::unguard(s).to_string()),
                Err(_) => {
                    problems.push(FormProblem {
                        row,
                        column: Some(c + 1),
                        message: "the cell is not UTF-8 text: save the form as \"CSV UTF-8\""
                            .into(),
                    });
                    cells.push(String::new());
                }
            }
        }
        out.push(cells);
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(FormError::Problems(problems))
    }
}

/// A workbook's first sheet's cells, row by row from row 1 and column A.
pub fn grid_xlsx(bytes: Vec<u8>) -> Result<Vec<Vec<String>>, FormError> {
    let mut wb: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| FormError::Workbook(e.to_string()))?;
    let name = wb
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| FormError::Workbook("it has no sheets".into()))?;
    let range = wb
        .worksheet_range(&name)
        .map_err(|e| FormError::Workbook(e.to_string()))?;
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut out: Vec<Vec<String>> = vec![Vec::new(); top as usize];
    for cells in range.rows() {
        let mut row = vec![String::new(); left as usize];
        row.extend(cells.iter().map(|c| super::xlsx::text(c, None)));
        out.push(row);
    }
    Ok(out)
}

fn cell(grid: &[Vec<String>], r: usize, c: usize) -> &str {
    grid.get(r)
        .and_then(|row| row.get(c))
        .map_or("", |s| s.trim())
}

/// The form in `grid`, its updates checked against `plan` (actions it has, levels of
/// its scale). Every problem is listed; any problem refuses the form.
pub fn read(grid: &[Vec<String>], plan: &Plan) -> Result<Returned, FormError> {
    if !cell(grid, 0, 0).eq_ignore_ascii_case(MARK) {
        return Err(FormError::NotAForm);
    }
    let mut problems = Vec::new();
    let mut problem = |row: usize, column: Option<usize>, message: String| {
        problems.push(FormProblem {
            row: row + 1,
            column: column.map(|c| c + 1),
            message,
        })
    };
    let person = cell(grid, 0, 1).to_string();
    if person.is_empty() {
        problem(0, Some(1), "the form names no person".into());
    }
    let find = |key: &str| {
        grid.iter()
            .position(|r| r.first().is_some_and(|c| c.trim() == key))
    };
    let (mut title, mut identity) = (String::new(), String::new());
    match find(PLAN) {
        Some(r) => {
            title = cell(grid, r, 1).to_string();
            identity = cell(grid, r, 2).to_string();
        }
        None => problem(0, None, format!("the form has no {PLAN:?} line")),
    }
    let mut period = Period {
        id: String::new(),
        label: String::new(),
        date: None,
    };
    match find(PERIOD) {
        Some(r) => {
            period.id = cell(grid, r, 1).to_string();
            period.label = cell(grid, r, 2).to_string();
            let d = cell(grid, r, 3);
            if !d.is_empty() {
                match NaiveDate::parse_from_str(d, "%Y-%m-%d") {
                    Ok(d) => period.date = Some(d),
                    Err(_) => problem(r, Some(3), format!("{d:?} is not a date (YYYY-MM-DD)")),
                }
            }
            if period.id.is_empty() {
                problem(r, Some(1), "the form names no period".into());
            }
        }
        None => problem(0, None, format!("the form has no {PERIOD:?} line")),
    }
    let head = grid
        .iter()
        .position(|r| r.first().is_some_and(|c| c.trim() == HEAD[0]));
    let Some(head) = head else {
        problem(
            0,
            None,
            "the form has no table (no row starting \"id\")".into(),
        );
        return Err(FormError::Problems(problems));
    };
    let col = |name: &str| {
        grid[head]
            .iter()
            .position(|c| c.trim().eq_ignore_ascii_case(name))
    };
    let (Some(rating_col), Some(progress_col)) = (col(RATING), col(PROGRESS)) else {
        problem(
            head,
            None,
            format!("the table has no {RATING:?} or no {PROGRESS:?} column"),
        );
        return Err(FormError::Problems(problems));
    };
    let mut updates: Vec<Update> = Vec::new();
    for (r, cells) in grid.iter().enumerate().skip(head + 1) {
        let id = cell(grid, r, 0).to_string();
        let rating_text = cell(grid, r, rating_col);
        let progress = cells.get(progress_col).map_or("", |s| s.trim());
        if rating_text.is_empty() && progress.is_empty() {
            continue;
        }
        if id.is_empty() {
            problem(r, Some(0), "an update with no action id".into());
            continue;
        }
        if plan.action(&id).is_none() {
            problem(r, Some(0), format!("no action {id:?} in the plan"));
        }
        if let Some(earlier) = updates.iter().find(|u| u.id == id) {
            problem(
                r,
                Some(0),
                format!("action {id:?} is updated twice (also row {})", earlier.row),
            );
        }
        let rating = match level(&plan.scale, rating_text) {
            Ok(r) => r,
            Err(m) => {
                problem(r, Some(rating_col), m);
                None
            }
        };
        updates.push(Update {
            row: r + 1,
            id,
            rating,
            progress: (!progress.is_empty()).then(|| progress.to_string()),
        });
    }
    if problems.is_empty() {
        Ok(Returned {
            person,
            title,
            identity,
            period,
            updates,
        })
    } else {
        Err(FormError::Problems(problems))
    }
}

/// The level a proposed-rating cell names: as the drop-down offers it ("3 On track"), by
/// its label or value ("3", "g"), or by its name ("On track"). Empty: no rating proposed.
pub fn level(scale: &Scale, text: &str) -> Result<Option<Rating>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let first = t
        .split(|c: char| c.is_whitespace() || c == '-' || c == '=')
        .next()
        .unwrap_or(t);
    let found = scale.levels.iter().find(|l| {
        level_text(&l.label, &l.name).eq_ignore_ascii_case(t)
            || l.name.eq_ignore_ascii_case(t)
            || l.label.eq_ignore_ascii_case(t)
            || l.label.eq_ignore_ascii_case(first)
            || first == l.value.to_string()
    });
    found.map(|l| Some(l.value)).ok_or_else(|| {
        format!(
            "{t:?} is not a level of the plan's scale: expected one of {} (or leave it empty)",
            scale
                .levels
                .iter()
                .map(|l| l.label.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

/// The levels line of a form, for a message: what it listed.
pub fn listed_levels(grid: &[Vec<String>]) -> Vec<String> {
    grid.iter()
        .find(|r| r.first().is_some_and(|c| c.trim() == LEVELS))
        .map(|r| {
            r.iter()
                .skip(1)
                .filter(|c| !c.is_empty())
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_saved_with_semicolons_reads_as_with_commas() {
        let commas = "ragboard update form,Ann\nid,proposed rating\n1.1.1,\"3, on track\"\n";
        let semis = "ragboard update form;Ann\nid;proposed rating\n1.1.1;3, on track\n";
        assert_eq!(
            grid_csv(commas.as_bytes()).unwrap(),
            grid_csv(semis.as_bytes()).unwrap()
        );
    }

    #[test]
    fn a_level_is_read_by_label_value_name_or_drop_down_text() {
        let scale = crate::store::bundled().unwrap().scale;
        assert_eq!(level(&scale, "3 On track"), Ok(Some(3)));
        assert_eq!(level(&scale, "3"), Ok(Some(3)));
        assert_eq!(level(&scale, "on track"), Ok(Some(3)));
        assert_eq!(level(&scale, " "), Ok(None));
        let e = level(&scale, "7").unwrap_err();
        assert!(e.contains("\"7\" is not a level"), "{e}");
        assert!(level(&scale, "33").is_err());
    }
}
