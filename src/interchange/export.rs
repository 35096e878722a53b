//! `ragboard export`: the whole plan for other tools. JSON follows the RON structure field
//! for field; CSV is one row per action in the columns `import` reads back.

use crate::model::Plan;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Json,
    Csv,
    /// An Excel workbook (`super::xlsx`): bytes, not text.
    Xlsx,
}

/// The CSV columns before the rating columns, as `import` recognises them.
pub const LEAD_COLUMNS: [&str; 10] = [
    "priority id",
    "priority",
    "outcome id",
    "outcome",
    "action id",
    "action",
    "success measure",
    "lead",
    "officer",
    "due",
];

/// The CSV column after the rating columns.
pub const PROGRESS_COLUMN: &str = "progress";

/// The board's judgement of a priority for a period: `board RAG 01/18`, repeated on every
/// row of the priority so sorting the sheet loses nothing.
pub const JUDGEMENT_PREFIX: &str = "board ";

/// Several success measures share one cell, a line each.
pub const MEASURE_SEPARATOR: &str = "\n";

/// A period's column heading: its label, with "RAG " put in front when the label does not
/// start with it, so `import` knows the column holds ratings.
pub fn period_heading(label: &str) -> String {
    if label
        .get(..3)
        .is_some_and(|p| p.eq_ignore_ascii_case("rag"))
    {
        label.to_string()
    } else {
        format!("RAG {label}")
    }
}

/// The plan as text: JSON or CSV. (A workbook is bytes: `super::xlsx::write`.)
pub fn export(plan: &Plan, format: ExportFormat) -> Result<String, ExportError> {
    match format {
        ExportFormat::Json => Ok(escape_bidi(&serde_json::to_string_pretty(plan)?) + "\n"),
        ExportFormat::Csv => csv(plan),
        ExportFormat::Xlsx => Err(ExportError::NotText),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("cannot write CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("cannot write CSV: {0}")]
    Utf8(#[from] std::string::FromUtf8Error),
    #[error("cannot write the workbook: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// A workbook is not text: it is written to a file (`-o`).
    #[error("a workbook is a file, not text: give -o FILE.xlsx")]
    NotText,
}

/// A cell of the sheet of actions: text, or a rating (0: not rated), shown by its label
/// (a workbook colours it too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Rating(crate::model::Rating),
}

/// The sheet of actions both CSV and a workbook hold: the headings `import` reads back,
/// and one row per action.
#[derive(Debug, Clone)]
pub struct Table {
    pub head: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

/// The plan's actions as the sheet `import` reads back.
pub fn table(plan: &Plan) -> Table {
    let mut head: Vec<String> = LEAD_COLUMNS.map(String::from).to_vec();
    head.extend(plan.periods.iter().map(|p| period_heading(&p.label)));
    head.push(PROGRESS_COLUMN.into());
    let judged = plan.priorities.iter().any(|p| !p.judgements.is_empty());
    if judged {
        head.extend(
            plan.periods
                .iter()
                .map(|p| format!("{JUDGEMENT_PREFIX}{}", period_heading(&p.label))),
        );
    }
    let mut rows = Vec::new();
    for pr in &plan.priorities {
        for o in &pr.objectives {
            for a in &o.actions {
                let text = |s: &str| Value::Text(s.to_string());
                let mut rec = vec![
                    text(&pr.id),
                    text(&pr.title),
                    text(&o.id),
                    text(&o.title),
                    text(&a.id),
                    text(&a.title),
                    text(&a.measures.join(MEASURE_SEPARATOR)),
                    text(a.lead.as_deref().unwrap_or_default()),
                    text(a.officer.as_deref().unwrap_or_default()),
                    Value::Text(a.due.map(|d| d.to_string()).unwrap_or_default()),
                ];
                for p in &plan.periods {
                    rec.push(Value::Rating(a.rating(&p.id).unwrap_or(0)));
                }
                rec.push(text(a.progress.as_deref().unwrap_or_default()));
                if judged {
                    for p in &plan.periods {
                        rec.push(Value::Rating(
                            pr.judgements.get(&p.id).copied().unwrap_or(0),
                        ));
                    }
                }
                rows.push(rec);
            }
        }
    }
    Table { head, rows }
}

/// A rating's label on the plan's scale ("3", "R"); empty when not rated.
pub fn label(plan: &Plan, r: crate::model::Rating) -> String {
    match r {
        0 => String::new(),
        r => plan
            .scale
            .level(r)
            .map_or_else(|| r.to_string(), |l| l.label.clone()),
    }
}

fn csv(plan: &Plan) -> Result<String, ExportError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let t = table(plan);
    super::sheet::write_record(&mut w, &t.head)?;
    for row in &t.rows {
        let rec: Vec<String> = row
            .iter()
            .map(|v| match v {
                Value::Text(s) => s.clone(),
                Value::Rating(r) => label(plan, *r),
            })
            .collect();
        super::sheet::write_record(&mut w, &rec)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8(bytes)?)
}

/// JSON with every bidirectional control written as an escape (`\u202e`): the export
/// keeps the text exactly, and no output carries a character that reorders the line it is
/// on. (serde_json escapes the other control characters itself.) They can stand only inside
/// strings, where an escape means the same character.
fn escape_bidi(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if crate::text::is_bidi_control(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}
