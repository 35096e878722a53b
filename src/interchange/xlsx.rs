//! Excel workbooks, out (`rust_xlsxwriter`) and in (`calamine`).
//!
//! Out: a sheet "Actions" with the columns `import` reads (those of the CSV export), each
//! rating a cell filled with its level's colour and holding its label (colour is never the
//! only signal), the header frozen and filters on; a sheet "Dashboard" with each
//! priority's mean and coverage per period and the scale's legend; a sheet "Change log".
//!
//! In: a sheet (by name, or the first whose heading row `import` recognises) read as the
//! CSV import reads a file: the same headings, the same checks, every problem at its cell
//! (`plan.xlsx: sheet "Actions" I5: ...`). Ratings may be a level's value, label or name
//! ("Red"); a rating cell left empty but filled with a colour is read as the level whose
//! colour that is (the scale's colours and the usual spreadsheet shades of them), and a
//! fill that is no level's colour is refused. A date cell is read at the precision its
//! format shows (`mmm-yy` is a month).

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Data, DataType, Reader, Xlsx};
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

use super::export::{ExportError, Table, Value, label, table};
use super::import::{ImportError, ImportOptions, ImportProblem, Place, Row, import_rows};
use crate::model::summary::Summary;
use crate::model::{Plan, Rating, Scale, colour};

/// The sheets a workbook of a plan has, by name.
pub const ACTIONS: &str = "Actions";
pub const DASHBOARD: &str = "Dashboard";
pub const DECISIONS: &str = "Decisions";
pub const CHANGE_LOG: &str = "Change log";

/// The RGB of a level's colour as a spreadsheet colour (grey where it names none).
fn rgb(colour: &str) -> u32 {
    let (r, g, b) = colour::parse(colour).unwrap_or((0x75, 0x75, 0x75));
    (u32::from(r) << 16) | (u32::from(g) << 8) | u32::from(b)
}

/// Black or white, whichever reads on `bg` (by its luminance).
fn ink(bg: u32) -> u32 {
    let (r, g, b) = ((bg >> 16) & 0xFF, (bg >> 8) & 0xFF, bg & 0xFF);
    if 299 * r + 587 * g + 114 * b > 150_000 {
        0x000000
    } else {
        0xFFFFFF
    }
}

/// Each level's cell format: filled with its colour, its label in a colour that reads on it.
fn level_formats(scale: &Scale) -> HashMap<Rating, Format> {
    scale
        .levels
        .iter()
        .map(|l| {
            let bg = rgb(&l.colour);
            let f = Format::new()
                .set_background_color(Color::RGB(bg))
                .set_font_color(Color::RGB(ink(bg)))
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::Top);
            (l.value, f)
        })
        .collect()
}

fn heading_format() -> Format {
    Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(0xD9D9D9))
        .set_border_bottom(FormatBorder::Thin)
}

/// Write a heading row and set each column's width from its longest text (10 to 60).
fn headings(
    ws: &mut Worksheet,
    head: &[String],
    longest: &[usize],
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let fmt = heading_format();
    for (c, h) in head.iter().enumerate() {
        let c = col(c);
        ws.write_string_with_format(0, c, h, &fmt)?;
        let width = longest
            .get(usize::from(c))
            .copied()
            .unwrap_or(0)
            .max(h.len());
        ws.set_column_width(c, width.clamp(10, 60) as f64)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// A column number as the writer takes it (sheets are far narrower than its bound).
fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

fn row(r: usize) -> u32 {
    u32::try_from(r).unwrap_or(u32::MAX)
}

/// The plan as a workbook: the sheet of actions (`import` reads it back), a dashboard,
/// the change log, and the board's decisions and agreed actions.
pub fn write(plan: &Plan) -> Result<Vec<u8>, ExportError> {
    let mut wb = Workbook::new();
    actions(wb.add_worksheet(), plan, &table(plan))?;
    dashboard(wb.add_worksheet(), plan)?;
    change_log(wb.add_worksheet(), plan)?;
    decisions(wb.add_worksheet(), plan)?;
    Ok(wb.save_to_buffer()?)
}

/// The board's decisions and agreed actions, one row each: what, on which item, whose, by
/// when, and how it stands (with how it was closed).
fn decisions(ws: &mut Worksheet, plan: &Plan) -> Result<(), ExportError> {
    ws.set_name(DECISIONS)?;
    let head: Vec<String> = [
        "id",
        "kind",
        "on",
        "text",
        "owner",
        "due",
        "status",
        "meeting",
        "date",
        "recorded by",
        "closed at",
        "closed on",
        "closed by",
        "closing note",
    ]
    .map(String::from)
    .to_vec();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let label = |id: &str| {
        plan.period(id)
            .map_or_else(|| id.to_string(), |p| p.label.clone())
    };
    let mut longest = vec![0; head.len()];
    for (i, d) in plan.decisions.iter().enumerate() {
        let closed = d.closed.as_ref();
        let texts = [
            d.id.clone(),
            d.kind.word().to_string(),
            d.item
                .clone()
                .unwrap_or_else(|| "the plan as a whole".into()),
            d.text.clone(),
            d.owner.clone().unwrap_or_default(),
            d.due.map(|due| due.to_string()).unwrap_or_default(),
            d.status.word().to_string(),
            label(&d.period),
            d.date.to_string(),
            d.by.clone(),
            closed.map(|c| label(&c.period)).unwrap_or_default(),
            closed.map(|c| c.date.to_string()).unwrap_or_default(),
            closed.map(|c| c.by.clone()).unwrap_or_default(),
            closed.and_then(|c| c.note.clone()).unwrap_or_default(),
        ];
        let placed = texts.into_iter().enumerate().map(|(k, t)| (col(k), t));
        write_texts(ws, row(i + 1), placed, &wrap, &mut longest)?;
    }
    headings(ws, &head, &longest)?;
    ws.autofilter(0, 0, row(plan.decisions.len()), col(head.len() - 1))?;
    Ok(())
}

fn actions(ws: &mut Worksheet, plan: &Plan, t: &Table) -> Result<(), ExportError> {
    ws.set_name(ACTIONS)?;
    let levels = level_formats(&plan.scale);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let mut longest = vec![0; t.head.len()];
    for (i, rec) in t.rows.iter().enumerate() {
        let r = row(i + 1);
        for (c, v) in rec.iter().enumerate() {
            match v {
                Value::Text(s) if s.is_empty() => {}
                Value::Text(s) => {
                    ws.write_string_with_format(r, col(c), s, &wrap)?;
                    let widest = s.lines().map(|l| l.chars().count()).max().unwrap_or(0);
                    longest[c] = longest[c].max(widest);
                }
                Value::Rating(0) => {}
                Value::Rating(x) => {
                    let text = label(plan, *x);
                    match levels.get(x) {
                        Some(f) => ws.write_string_with_format(r, col(c), &text, f)?,
                        None => ws.write_string(r, col(c), &text)?,
                    };
                }
            }
        }
    }
    headings(ws, &t.head, &longest)?;
    ws.autofilter(0, 0, row(t.rows.len()), col(t.head.len().saturating_sub(1)))?;
    Ok(())
}

fn dashboard(ws: &mut Worksheet, plan: &Plan) -> Result<(), ExportError> {
    ws.set_name(DASHBOARD)?;
    let s = Summary::build(plan, None);
    let bold = Format::new().set_bold();
    ws.write_string_with_format(0, 0, &plan.title, &bold)?;
    ws.write_string(
        1,
        0,
        if s.categorical {
            "Actions rated per period, of all (statuses are counted, never averaged)"
        } else {
            "Mean rating per period, and the actions it is from (rated of all)"
        },
    )?;
    let mut head = vec![plan.names.priority.clone(), "title".to_string()];
    for p in &plan.periods {
        if !s.categorical {
            head.push(format!("{} mean", p.label));
        }
        head.push(format!("{} rated", p.label));
    }
    let top = 3;
    let hf = heading_format();
    for (c, h) in head.iter().enumerate() {
        ws.write_string_with_format(top, col(c), h, &hf)?;
    }
    let number = Format::new().set_num_format(format!(
        "0{}",
        if s.decimals > 0 {
            format!(".{}", "0".repeat(s.decimals))
        } else {
            String::new()
        }
    ));
    let rows = s
        .rows
        .iter()
        .chain(&s.groups)
        .chain(std::iter::once(&s.overall));
    let mut r = top + 1;
    for summary_row in rows {
        let id = match &summary_row.level {
            Some(level) => format!("{level} {}", summary_row.id),
            None => summary_row.id.clone(),
        };
        ws.write_string(r, 0, &id)?;
        ws.write_string(r, 1, &summary_row.title)?;
        let mut c = 2;
        for cell in &summary_row.cells {
            if !s.categorical {
                if let Some(m) = cell.mean {
                    ws.write_number_with_format(r, c, m, &number)?;
                }
                c += 1;
            }
            let partial = if cell.partial { " (partial)" } else { "" };
            ws.write_string(r, c, format!("{} of {}{partial}", cell.rated, cell.total))?;
            c += 1;
        }
        r += 1;
    }
    ws.set_column_width(0, 14)?;
    ws.set_column_width(1, 50)?;
    ws.set_column_range_width(2, col(head.len()), 14)?;
    // The legend: each level's colour with its label, name and meaning.
    r += 1;
    ws.write_string_with_format(r, 0, "Legend", &bold)?;
    r += 1;
    let levels = level_formats(&plan.scale);
    for l in &plan.scale.levels {
        match levels.get(&l.value) {
            Some(f) => ws.write_string_with_format(r, 0, &l.label, f)?,
            None => ws.write_string(r, 0, &l.label)?,
        };
        ws.write_string(r, 1, &l.name)?;
        ws.write_string(r, 2, &l.meaning)?;
        r += 1;
    }
    Ok(())
}

/// Write a row's texts at their columns (empty ones left blank), keeping each column's
/// longest for its width.
fn write_texts(
    ws: &mut Worksheet,
    r: u32,
    texts: impl IntoIterator<Item = (u16, String)>,
    wrap: &Format,
    longest: &mut [usize],
) -> Result<(), ExportError> {
    for (k, t) in texts {
        if !t.is_empty() {
            ws.write_string_with_format(r, k, &t, wrap)?;
            let w = &mut longest[usize::from(k)];
            *w = (*w).max(t.chars().count());
        }
    }
    Ok(())
}

fn change_log(ws: &mut Worksheet, plan: &Plan) -> Result<(), ExportError> {
    ws.set_name(CHANGE_LOG)?;
    let head: Vec<String> = [
        "when (UTC)",
        "who",
        "item",
        "period",
        "from",
        "to",
        "note",
        "correction",
        "progress before",
        "progress after",
    ]
    .map(String::from)
    .to_vec();
    let levels = level_formats(&plan.scale);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let mut longest = vec![0; head.len()];
    for (i, c) in plan.changes.iter().enumerate() {
        let r = row(i + 1);
        let period = plan
            .period(&c.period)
            .map_or_else(|| c.period.clone(), |p| p.label.clone());
        let progress = c.progress.as_ref();
        let texts = [
            (0, c.when.format("%Y-%m-%d %H:%M").to_string()),
            (1, c.who.clone()),
            (2, c.item.clone()),
            (3, period),
            (6, c.note.clone().unwrap_or_default()),
            (7, if c.correction { "yes" } else { "" }.to_string()),
            (8, progress.and_then(|p| p.from.clone()).unwrap_or_default()),
            (9, progress.and_then(|p| p.to.clone()).unwrap_or_default()),
        ];
        write_texts(ws, r, texts, &wrap, &mut longest)?;
        for (k, v) in [(4, c.from), (5, c.to)] {
            let v = v.unwrap_or(0);
            if v != 0 {
                match levels.get(&v) {
                    Some(f) => ws.write_string_with_format(r, k, label(plan, v), f)?,
                    None => ws.write_string(r, k, label(plan, v))?,
                };
            }
        }
    }
    headings(ws, &head, &longest)?;
    ws.autofilter(0, 0, row(plan.changes.len()), col(head.len() - 1))?;
    Ok(())
}

/// Why a workbook could not be read as a plan.
#[derive(Debug, thiserror::Error)]
pub enum WorkbookError {
    /// Not a workbook calamine can open (a damaged file, a password, not xlsx).
    #[error("cannot read the workbook: {0}; save it as an Excel workbook (.xlsx) or as CSV UTF-8")]
    Open(String),
    #[error("no sheet {asked:?}: the workbook has {}", sheets.iter().map(|s| format!("{s:?}")).collect::<Vec<_>>().join(", "))]
    NoSheet { asked: String, sheets: Vec<String> },
    #[error("the workbook has no sheets")]
    NoSheets,
    /// The sheet's rows, every problem at its cell.
    #[error("{0}")]
    Rows(ImportError),
}

/// The sheet to read: the one asked for (by name, in any case), else the first whose
/// heading row `import` recognises, else the first.
fn choose(wb: &mut Xlsx<Cursor<Vec<u8>>>, asked: Option<&str>) -> Result<String, WorkbookError> {
    let sheets = wb.sheet_names();
    if let Some(a) = asked {
        return sheets
            .iter()
            .find(|s| s.eq_ignore_ascii_case(a))
            .cloned()
            .ok_or_else(|| WorkbookError::NoSheet {
                asked: a.to_string(),
                sheets: sheets.clone(),
            });
    }
    for s in &sheets {
        if let Ok(range) = wb.worksheet_range(s) {
            let first = range
                .rows()
                .find(|r| r.iter().any(|c| !c.is_empty()))
                .map(|r| r.iter().map(|c| text(c, None)).collect::<Vec<_>>());
            if first.is_some_and(|h| super::import::recognised(&h)) {
                return Ok(s.clone());
            }
        }
    }
    sheets.first().cloned().ok_or(WorkbookError::NoSheets)
}

/// Does a number format show the day (`dd/mm/yyyy`), or only a month (`mmm-yy`)? Text in
/// quotes and `[...]` sections (colours, locales) are not the format's letters.
fn shows_day(format: &str) -> bool {
    let mut quoted = false;
    let mut bracket = false;
    for c in format.chars() {
        match c {
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            'd' | 'D' if !quoted && !bracket => return true,
            _ => {}
        }
    }
    false
}

/// A cell as text, as a CSV export of the sheet would hold it: numbers without a spurious
/// ".0", a date at the precision its format shows.
pub(super) fn text(cell: &Data, number_format: Option<&str>) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        Data::DateTime(d) => match d.as_datetime() {
            Some(t) if number_format.is_some_and(|f| !shows_day(f)) => {
                t.format("%Y-%m").to_string()
            }
            Some(t) => t.format("%Y-%m-%d").to_string(),
            None => d.as_f64().to_string(),
        },
        Data::Error(e) => e.to_string(),
    }
}

/// The level a fill colour stands for: the one with the nearest colour (its own or a
/// usual spreadsheet shade of it), when that is near and clearly nearer than any other
/// level's. `Err` lists the scale's colours.
fn level_of_fill(scale: &Scale, (r, g, b): (u8, u8, u8)) -> Result<Rating, String> {
    let dist = |(x, y, z): (u8, u8, u8)| {
        let d = |a: u8, b: u8| (f64::from(a) - f64::from(b)).powi(2);
        (d(x, r) + d(y, g) + d(z, b)).sqrt()
    };
    let mut best: Vec<(f64, Rating)> = scale
        .levels
        .iter()
        .map(|l| {
            let d = colour::shades(&l.colour)
                .into_iter()
                .map(dist)
                .fold(f64::INFINITY, f64::min);
            (d, l.value)
        })
        .collect();
    best.sort_by(|a, b| a.0.total_cmp(&b.0));
    match best.as_slice() {
        [(d1, v), rest @ ..]
            if *d1 <= 90.0 && rest.first().is_none_or(|(d2, _)| *d2 >= d1 + 20.0) =>
        {
            Ok(*v)
        }
        _ => Err(format!(
            "the cell has no rating, only the fill colour #{r:02X}{g:02X}{b:02X}, which is \
             not clearly one of the scale's colours ({}): type the rating in the cell",
            scale
                .levels
                .iter()
                .map(|l| format!("{} {}", l.label, l.colour))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// Build a plan from a workbook's sheet (`sheet`, else as [`choose`] says). Returns the
/// plan and the sheet read.
pub fn read(
    bytes: Vec<u8>,
    sheet: Option<&str>,
    opts: &ImportOptions,
) -> Result<(Plan, String), WorkbookError> {
    let mut wb: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| WorkbookError::Open(e.to_string()))?;
    let name = choose(&mut wb, sheet)?;
    let range = wb
        .worksheet_range(&name)
        .map_err(|e| WorkbookError::Open(e.to_string()))?;
    // Fills and number formats; a workbook calamine cannot read them from is read without.
    let styles = wb.worksheet_style(&name).ok();
    let (top, left) = range.start().unwrap_or((0, 0));
    let style = |r: u32, c: u32| styles.as_ref().and_then(|s| s.get((r, c)));
    let mut rows: Vec<Row> = Vec::new();
    let mut problems: Vec<ImportProblem> = Vec::new();
    let mut rating_cols: Option<Vec<bool>> = None;
    for (i, cells) in range.rows().enumerate() {
        let r = top + u32::try_from(i).unwrap_or(u32::MAX);
        let line = u64::from(r) + 1;
        let mut out: Vec<String> = vec![String::new(); left as usize];
        for (j, cell) in cells.iter().enumerate() {
            let c = left + u32::try_from(j).unwrap_or(u32::MAX);
            let st = style(r, c);
            let format = st
                .and_then(|s| s.number_format.as_ref())
                .map(|f| f.format_code.as_str());
            if let Data::Error(e) = cell {
                problems.push(ImportProblem {
                    line,
                    column: Some(c as usize + 1),
                    heading: None,
                    message: format!("the cell holds the spreadsheet error {e}: expected a value"),
                });
                out.push(String::new());
                continue;
            }
            let mut t = text(cell, format);
            // A rating given by its fill colour alone.
            let rating_col = rating_cols
                .as_ref()
                .is_some_and(|k| k.get(c as usize).copied().unwrap_or(false));
            let fill = st
                .and_then(|s| s.fill.as_ref())
                .filter(|f| f.is_visible())
                .and_then(|f| f.get_color());
            if rating_col
                && t.trim().is_empty()
                && let Some(fc) = fill
            {
                match level_of_fill(&opts.frame.scale, (fc.red, fc.green, fc.blue)) {
                    Ok(v) => t = label(&opts.frame, v),
                    Err(message) => problems.push(ImportProblem {
                        line,
                        column: Some(c as usize + 1),
                        heading: None,
                        message,
                    }),
                }
            }
            out.push(t);
        }
        while out.last().is_some_and(|c| c.trim().is_empty()) {
            out.pop();
        }
        // Rows above the heading row are left out, as a CSV file starts at it.
        if rating_cols.is_none() {
            if out.is_empty() {
                continue;
            }
            rating_cols = Some(super::import::rating_columns(&out));
        }
        rows.push(Row { line, cells: out });
    }
    let plan = import_rows(rows, problems, Place::Sheet(name.clone()), opts)
        .map_err(WorkbookError::Rows)?;
    Ok((plan, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_that_show_a_day() {
        assert!(shows_day("dd/mm/yyyy"));
        assert!(shows_day("d-mmm-yy"));
        assert!(!shows_day("mmm-yy"));
        assert!(!shows_day("[$-809]mmmm yyyy"));
        assert!(!shows_day("\"due\" mmm yyyy"));
    }

    #[test]
    fn fills_read_as_the_level_they_mean() {
        let scale = crate::store::bundled().unwrap().scale;
        // The scale's own colours, and Excel's usual RAG fills.
        for (rgb, want) in [
            ((0xd3, 0x2f, 0x2f), 1),
            ((0xFF, 0x00, 0x00), 1),
            ((0xFF, 0xC0, 0x00), 2),
            ((0x00, 0xB0, 0x50), 3),
            ((0x92, 0xD0, 0x50), 3),
            ((0x00, 0x70, 0xC0), 4),
            ((0x70, 0x30, 0xA0), 5),
        ] {
            assert_eq!(level_of_fill(&scale, rgb), Ok(want), "{rgb:?}");
        }
        // Black is no level's colour.
        let err = level_of_fill(&scale, (0, 0, 0)).unwrap_err();
        assert!(err.contains("#000000"), "{err}");
        assert!(err.contains("1 red, 2 amber, 3 green"), "{err}");
    }
}
