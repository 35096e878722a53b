//! `ragboard import`: a plan from a spreadsheet export of a progress tracker like the
//! development plan's. Columns are recognised by their heading, in any order; priority and
//! outcome cells left blank carry down from the row above (merged cells in the sheet).
//! Every bad cell is reported with its line and column, and then the import fails: no
//! cell is ever dropped or guessed.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use crate::model::{Action, Due, Objective, Period, Plan, Priority, Rating, Ratings, Scale};

use super::export::{JUDGEMENT_PREFIX, MEASURE_SEPARATOR, period_heading};
use super::sheet;

/// What a column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    PriorityId,
    Priority,
    OutcomeId,
    Outcome,
    ActionId,
    Action,
    Measures,
    Lead,
    Officer,
    Due,
    /// Ratings for a period (index into the plan's periods).
    Period(usize),
    /// The board's judgement of the row's priority for a period (index as above).
    Judgement(usize),
    Progress,
}

/// One problem, at a line (1-based, of the CSV file) and column (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    pub line: u64,
    pub column: Option<usize>,
    pub heading: Option<String>,
    pub message: String,
}

impl fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.line)?;
        if let Some(c) = self.column {
            write!(f, ":{c}")?;
        }
        write!(f, ": ")?;
        if let Some(h) = &self.heading {
            write!(f, "column {h:?}: ")?;
        }
        write!(f, "{}", self.message)
    }
}

/// Where a sheet's rows come from, which says how a place in it is named.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Place {
    /// A CSV file: `plan.csv:5:7` (line and column).
    #[default]
    Csv,
    /// A worksheet of a workbook, by name: `plan.xlsx: sheet "Actions" G5`.
    Sheet(String),
}

impl Place {
    /// What the rows are counted in ("line 4", "row 4").
    pub fn unit(&self) -> &'static str {
        match self {
            Place::Csv => "line",
            Place::Sheet(_) => "row",
        }
    }
}

/// A worksheet's column letters: 1 is A, 27 is AA.
pub fn column_letters(mut n: usize) -> String {
    let mut s = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Everything wrong with an import (never empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub problems: Vec<ImportProblem>,
    pub place: Place,
}

impl ImportError {
    /// The problems, one a line, each prefixed with the file name (and, in a workbook,
    /// the sheet and the cell: `plan.xlsx: sheet "Actions" G5: ...`).
    pub fn describe(&self, file: &Path) -> String {
        self.problems
            .iter()
            .map(|p| match &self.place {
                Place::Csv => format!("{}:{p}", file.display()),
                Place::Sheet(name) => {
                    let cell = match p.column {
                        Some(c) => format!("{}{}", column_letters(c), p.line),
                        None => format!("row {}", p.line),
                    };
                    let heading = p
                        .heading
                        .as_ref()
                        .map(|h| format!("column {h:?}: "))
                        .unwrap_or_default();
                    format!(
                        "{}: sheet {name:?} {cell}: {heading}{}",
                        file.display(),
                        p.message
                    )
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe(Path::new("<csv>")))
    }
}

impl std::error::Error for ImportError {}

/// The plan around the rows: a sheet of actions carries no title, scale, level names,
/// published tables or period ids and dates, so they come from a frame plan. Its priorities
/// and change log are not used; its periods name the rating columns whose heading matches
/// theirs (`RAG <label>`), and other columns make new periods.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub frame: Plan,
}

impl ImportOptions {
    /// A frame with only a title and a scale.
    pub fn bare(title: &str, scale: Scale) -> ImportOptions {
        ImportOptions {
            frame: Plan {
                title: title.into(),
                organisation: None,
                source: None,
                source_note: None,
                series: None,
                names: Default::default(),
                narrative: Vec::new(),
                scale,
                periods: Vec::new(),
                groups: Vec::new(),
                priorities: Vec::new(),
                published_summary: None,
                published_counts: None,
                decisions: Vec::new(),
                reviewed: Default::default(),
                people: Vec::new(),
                proposals: Vec::new(),
                changes: Default::default(),
                figures: Default::default(),
            },
        }
    }
}

fn norm(h: &str) -> String {
    h.trim()
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The column a heading names, or `None` when it is not one we know.
fn kind_of(heading: &str) -> Option<Kind> {
    let h = norm(heading);
    let starts = |p: &str| h.starts_with(p);
    Some(match () {
        _ if h == "priority id" || h == "priority no" => Kind::PriorityId,
        _ if h == "outcome id" || h == "objective id" => Kind::OutcomeId,
        _ if h == "action id" || h == "ref" || h == "action no" => Kind::ActionId,
        // The source heads its first column "Priority 1", "Priority 2"...
        _ if starts("priority") || starts("aim") || h == "area" => Kind::Priority,
        _ if starts("outcome") || starts("objective") => Kind::Outcome,
        _ if starts("success measure") || h == "measures" => Kind::Measures,
        _ if starts("action") => Kind::Action,
        _ if h == "lead" => Kind::Lead,
        _ if h == "officer" || h == "responsible officer" => Kind::Officer,
        _ if h == "due" || h == "time" || h == "timescale" || h == "deadline" => Kind::Due,
        _ if starts("progress") => Kind::Progress,
        _ if h == "rag" || starts("rag ") => Kind::Period(usize::MAX),
        _ if starts("board rag") => Kind::Judgement(usize::MAX),
        _ => return None,
    })
}

/// Would these headings make a sheet `import` reads: a priority column and an action
/// column? (A workbook's sheet is chosen by it.)
pub fn recognised<S: AsRef<str>>(headings: &[S]) -> bool {
    let kinds: Vec<Option<Kind>> = headings.iter().map(|h| kind_of(h.as_ref())).collect();
    kinds.contains(&Some(Kind::Priority)) && kinds.contains(&Some(Kind::Action))
}

/// Which of these headings head a column of ratings (a period's, or the board's
/// judgements): where a workbook's cell may give a rating by its fill colour alone.
pub fn rating_columns<S: AsRef<str>>(headings: &[S]) -> Vec<bool> {
    headings
        .iter()
        .map(|h| {
            matches!(
                kind_of(h.as_ref()),
                Some(Kind::Period(_) | Kind::Judgement(_))
            )
        })
        .collect()
}

/// A period from a "RAG ..." heading: "RAG 01/18" is id "01-18", dated 1 Jan 2018;
/// "RAG initial" is id "initial".
fn period_of(heading: &str) -> Period {
    let label = heading.trim().trim_start_matches('\u{feff}').to_string();
    let rest = label.get(3..).unwrap_or("").trim();
    let mut id = String::new();
    for c in rest.chars() {
        if c.is_alphanumeric() {
            id.extend(c.to_lowercase());
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-').to_string();
    let date = rest.split_once('/').and_then(|(m, y)| {
        let m: u32 = m.trim().parse().ok()?;
        let y: i32 = y.trim().parse().ok()?;
        let y = if y < 100 { 2000 + y } else { y };
        NaiveDate::from_ymd_opt(y, m, 1)
    });
    Period {
        id: if id.is_empty() { "rag".into() } else { id },
        label,
        date,
    }
}

fn month(s: &str) -> Option<u32> {
    const NAMES: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let s = s.to_lowercase();
    let s = if s == "sept" { "sep".into() } else { s };
    NAMES
        .iter()
        .position(|n| s == *n || (s.len() > 3 && s.starts_with(n) && is_month_name(&s)))
        .map(|i| i as u32 + 1)
}

fn is_month_name(s: &str) -> bool {
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
    .contains(&s)
}

fn year(s: &str) -> Option<i32> {
    let y: i32 = s.parse().ok()?;
    match s.len() {
        2 => Some(2000 + y),
        4 => Some(y),
        _ => None,
    }
}

/// A due date as trackers write them: "Jan-18", "Jan 2018", "January 2018", "2018-01",
/// "2018-01-31", "31/01/2018", "31/01/18", "01/2018".
pub fn parse_due(s: &str) -> Result<Due, String> {
    let s = s.trim();
    let bad = || {
        format!(
            "{s:?} is not a date: expected one such as Jan-18, 2018-01, 2018-01-31 or 31/01/2018"
        )
    };
    // Slashed dates are read here first: the plan format's own reading takes "31/01/18" as
    // the year 18, where a tracker means 2018.
    if !s.contains('/')
        && let Ok(d) = s.parse::<Due>()
    {
        return Ok(d);
    }
    let parts: Vec<&str> = s.split(['-', ' ', '/']).filter(|p| !p.is_empty()).collect();
    let month_due = |m: u32, y: i32| {
        NaiveDate::from_ymd_opt(y, m, 1).map(|d| Due::Month {
            year: d.year(),
            month: d.month(),
        })
    };
    let found = match parts.as_slice() {
        [m, y] if month(m).is_some() => month(m).zip(year(y)).and_then(|(m, y)| month_due(m, y)),
        [m, y] if s.contains('/') && y.len() == 4 => m
            .parse()
            .ok()
            .zip(year(y))
            .and_then(|(m, y)| month_due(m, y)),
        [d, m, y] if s.contains('/') => {
            let (d, m, y) = (d.parse().ok(), m.parse().ok(), year(y));
            match (d, m, y) {
                (Some(d), Some(m), Some(y)) => NaiveDate::from_ymd_opt(y, m, d).map(Due::Day),
                _ => None,
            }
        }
        _ => None,
    };
    match found {
        Some(d) => Ok(d),
        // Other slashed forms the plan format knows ("2014/15", a financial year).
        None if s.contains('/') => s.parse::<Due>().map_err(|_| bad()),
        None => Err(bad()),
    }
}

/// A rating cell: empty or 0 is "not rated"; otherwise a level's value, label or name.
fn parse_rating(scale: &Scale, s: &str) -> Result<Option<Rating>, String> {
    let t = s.trim();
    if t.is_empty() || t == "0" {
        return Ok(None);
    }
    let found = scale.levels.iter().find(|l| {
        t.parse::<Rating>().ok() == Some(l.value)
            || l.label.eq_ignore_ascii_case(t)
            || l.name.eq_ignore_ascii_case(t)
    });
    match found {
        Some(l) => Ok(Some(l.value)),
        None => {
            let labels: Vec<&str> = scale.levels.iter().map(|l| l.label.as_str()).collect();
            Err(format!(
                "{t:?} is not a rating on the scale: expected one of {}, or empty or 0 for not rated",
                labels.join(", ")
            ))
        }
    }
}

/// Line numbers of a CSV text by byte offset. A line ends at LF, CRLF or a lone CR (sheets
/// saved on old Macs), as an editor counts them: the CSV reader's own count is off by one
/// per line in a CRLF file.
struct Lines<'t> {
    text: &'t [u8],
    starts: Vec<usize>,
}

/// Is the byte at `i` the last of a line's end (LF, the LF of CRLF, or a lone CR)?
fn ends_line(b: &[u8], i: usize) -> bool {
    match b.get(i) {
        Some(b'\n') => true,
        Some(b'\r') => b.get(i + 1) != Some(&b'\n'),
        _ => false,
    }
}

/// The 1-based line, as an editor counts them, that byte `at` of `text` is on.
pub fn line_at(text: &[u8], at: usize) -> u64 {
    let end = at.min(text.len());
    (0..end).filter(|&i| ends_line(text, i)).count() as u64 + 1
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Lines<'t> {
        let b = text.as_bytes();
        let mut starts = vec![0];
        starts.extend((0..b.len()).filter(|&i| ends_line(b, i)).map(|i| i + 1));
        Lines { text: b, starts }
    }

    /// 1-based line of a record that the CSV reader places at `byte`. The reader places a
    /// record after a CRLF at its LF (and after blank lines at the first of them): a record
    /// never starts with a line break, so it is on the line after any there.
    fn line(&self, byte: u64) -> u64 {
        let mut byte = usize::try_from(byte).unwrap_or(usize::MAX);
        while matches!(self.text.get(byte), Some(b'\r' | b'\n')) {
            byte += 1;
        }
        self.starts.partition_point(|&s| s <= byte) as u64
    }
}

/// An id given by the sheet (or made for a row without one), where it was first given.
struct Given {
    kind: String,
    line: u64,
}

/// Every id of the sheet: which item has it, and, in sheet order, where each was given.
#[derive(Default)]
struct Ids {
    first: HashMap<String, Given>,
    /// (kind, id, line, column) in sheet order.
    order: Vec<(String, String, u64, Option<usize>)>,
}

impl Ids {
    /// Every id in a plan names one item. Register `id` for an item of `kind` made at
    /// `line`; a second use (of any kind) is a problem at that row and column.
    fn register(
        &mut self,
        problems: &mut Vec<ImportProblem>,
        (kind, id): (&str, &str),
        (line, column): (u64, Option<usize>),
        unit: &str,
    ) {
        self.order
            .push((kind.to_string(), id.to_string(), line, column));
        if let Some(first) = self.first.get(id) {
            let message = if first.kind == kind {
                format!("{kind} id {id:?} again (first on {unit} {})", first.line)
            } else {
                format!(
                    "{kind} id {id:?} is already the id of {} {} ({unit} {}): each item needs its own id",
                    if first.kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
                        "an"
                    } else {
                        "a"
                    },
                    first.kind,
                    first.line
                )
            };
            problems.push(ImportProblem {
                line,
                column,
                heading: None,
                message,
            });
            return;
        }
        self.first.insert(
            id.to_string(),
            Given {
                kind: kind.to_string(),
                line,
            },
        );
    }

    /// Ids a spreadsheet has read as numbers and written back without a trailing zero
    /// ("8.2" between "8.19" and "8.21"): each a problem at its cell, in place of any other
    /// said there (it is "again" only because of the lost zero).
    fn lost_zeros(&self, problems: &mut Vec<ImportProblem>) {
        let mut found = Vec::new();
        for (i, (kind, id, line, column)) in self.order.iter().enumerate() {
            let same_kind = |e: &&(String, String, u64, Option<usize>)| e.0 == *kind;
            let before = self.order[..i]
                .iter()
                .rev()
                .find(same_kind)
                .map(|e| e.1.as_str());
            let after = self.order[i + 1..]
                .iter()
                .find(same_kind)
                .map(|e| e.1.as_str());
            if let Some(was) = sheet::lost_zero(id, before, after) {
                found.push(ImportProblem {
                    line: *line,
                    column: *column,
                    heading: None,
                    message: format!(
                        "{kind} id {id:?} looks like {was:?} with its trailing zero lost: a \
                         spreadsheet read the id as the number {id} (the ids around it are {}); \
                         format the id column as text and save the sheet again, or correct the id",
                        [before, after]
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>()
                            .join(" and ")
                    ),
                });
            }
        }
        problems.retain(|p| {
            !found
                .iter()
                .any(|f| f.line == p.line && f.column == p.column)
        });
        problems.extend(found);
    }
}

/// One row of a sheet: where it is (a CSV file's line, a worksheet's row number) and its
/// cells as text, as the sheet holds them (`'` guards already taken off).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: u64,
    pub cells: Vec<String>,
}

/// Build a plan from CSV text. Fails with every problem found.
pub fn import(text: &str, opts: &ImportOptions) -> Result<Plan, ImportError> {
    let (rows, problems) = csv_rows(text)?;
    import_rows(rows, problems, Place::Csv, opts)
}

/// The CSV text's rows, each at the line it starts on, with the problems of any record
/// that cannot be read. A heading row that cannot be read fails at once.
fn csv_rows(text: &str) -> Result<(Vec<Row>, Vec<ImportProblem>), ImportError> {
    let lines = Lines::new(text);
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    for (i, rec) in rdr.records().enumerate() {
        match rec {
            Ok(r) => rows.push(Row {
                line: r.position().map_or(0, |p| lines.line(p.byte())),
                cells: r.iter().map(|c| sheet::unguard(c).to_string()).collect(),
            }),
            Err(e) if i == 0 => return Err(csv_problem(&e, &lines)),
            Err(e) => problems.extend(csv_problem(&e, &lines).problems),
        }
    }
    Ok((rows, problems))
}

/// Build a plan from a sheet's rows: the first is the heading row. `problems` are those
/// found reading the rows; every other one is added, and then the import fails if any.
pub fn import_rows(
    rows: Vec<Row>,
    mut problems: Vec<ImportProblem>,
    place: Place,
    opts: &ImportOptions,
) -> Result<Plan, ImportError> {
    let mut records = rows.into_iter();
    let Some(head) = records.next() else {
        return Err(ImportError {
            problems: vec![ImportProblem {
                line: 1,
                column: None,
                heading: None,
                message: "the file is empty: expected a heading row".into(),
            }],
            place,
        });
    };
    let head_line = head.line;
    let headings: Vec<String> = head.cells.iter().map(|h| h.trim().to_string()).collect();
    let frame = &opts.frame;
    // A heading names the frame's period whose column heading it is, else a new period.
    let resolve = |h: &str| {
        let h = h.trim().trim_start_matches('\u{feff}');
        frame
            .periods
            .iter()
            .find(|p| period_heading(&p.label).eq_ignore_ascii_case(h))
            .cloned()
            .unwrap_or_else(|| period_of(h))
    };
    let mut kinds = Vec::new();
    let mut periods: Vec<Period> = Vec::new();
    let mut judged: Vec<(usize, String)> = Vec::new();
    for (i, h) in headings.iter().enumerate() {
        match kind_of(h) {
            Some(Kind::Judgement(_)) => {
                // Matched to its period once every period column is known.
                let rag = h.trim().get(JUDGEMENT_PREFIX.len()..).unwrap_or("").trim();
                judged.push((i, resolve(rag).id));
                kinds.push(None);
            }
            Some(Kind::Period(_)) => {
                let p = resolve(h);
                if periods.iter().any(|q| q.id == p.id) {
                    problems.push(ImportProblem {
                        line: head_line,
                        column: Some(i + 1),
                        heading: Some(h.clone()),
                        message: format!("a second column for period {:?}", p.id),
                    });
                }
                kinds.push(Some(Kind::Period(periods.len())));
                periods.push(p);
            }
            Some(k) => {
                if let Some(j) = kinds.iter().position(|x| x.as_ref() == Some(&k)) {
                    problems.push(ImportProblem {
                        line: head_line,
                        column: Some(i + 1),
                        heading: Some(h.clone()),
                        message: format!("the same column as {:?} (column {})", headings[j], j + 1),
                    });
                }
                kinds.push(Some(k));
            }
            None if h.is_empty() => kinds.push(None),
            None => {
                problems.push(ImportProblem {
                    line: head_line,
                    column: Some(i + 1),
                    heading: Some(h.clone()),
                    message: "not a column ragboard knows: expected priority, outcome, action, \
                              success measure, lead, officer, due, RAG <period> or progress"
                        .into(),
                });
                kinds.push(None);
            }
        }
    }
    for (i, id) in judged {
        match periods.iter().position(|p| p.id == id) {
            Some(p) => kinds[i] = Some(Kind::Judgement(p)),
            None => problems.push(ImportProblem {
                line: head_line,
                column: Some(i + 1),
                heading: Some(headings[i].clone()),
                message: format!(
                    "the board's judgement for period {id:?}, which has no RAG column"
                ),
            }),
        }
    }
    for (k, name) in [(Kind::Priority, "priority"), (Kind::Action, "action")] {
        if !kinds.contains(&Some(k)) {
            problems.push(ImportProblem {
                line: head_line,
                column: None,
                heading: None,
                message: format!("no {name} column"),
            });
        }
    }
    if !problems.is_empty() {
        return Err(ImportError { problems, place });
    }

    let mut plan = Plan {
        title: frame.title.clone(),
        organisation: frame.organisation.clone(),
        source: frame.source.clone(),
        source_note: frame.source_note.clone(),
        series: frame.series.clone(),
        names: frame.names.clone(),
        narrative: frame.narrative.clone(),
        published_counts: frame.published_counts.clone(),
        scale: frame.scale.clone(),
        periods,
        groups: frame.groups.clone(),
        priorities: Vec::new(),
        published_summary: frame.published_summary.clone(),
        // The board's records name items the sheet may not have: a new plan starts
        // without them, as it starts without a change log.
        decisions: Vec::new(),
        reviewed: Default::default(),
        people: Vec::new(),
        proposals: Vec::new(),
        changes: Default::default(),
        figures: frame.figures,
    };
    // Carried down from the row above, as merged cells in a sheet.
    let mut priority_key: Option<(String, String)> = None;
    let mut outcome_key: Option<(String, String)> = None;
    let mut priority_at: HashMap<String, usize> = HashMap::new();
    // (priority index, objective id) -> objective index: rows never search a priority.
    let mut objective_at: HashMap<(usize, String), usize> = HashMap::new();
    // Every id -> its kind and the line that first gave it, to name both ends of a
    // duplicate (an action's id may not be an outcome's or a priority's either).
    let mut ids = Ids::default();
    let names = plan.names.clone();
    let (priority_kind, outcome_kind, action_kind) = (
        names.priority.to_lowercase(),
        names.objective.to_lowercase(),
        names.action.to_lowercase(),
    );
    let column_of = |k: Kind| {
        kinds
            .iter()
            .position(|x| x.as_ref() == Some(&k))
            .map(|c| c + 1)
    };
    let (pid_col, p_col, oid_col, o_col, aid_col, a_col) = (
        column_of(Kind::PriorityId),
        column_of(Kind::Priority),
        column_of(Kind::OutcomeId),
        column_of(Kind::Outcome),
        column_of(Kind::ActionId),
        column_of(Kind::Action),
    );
    for row in records {
        let line = row.line;
        let rec = &row.cells;
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        // A heading row repeated above each priority's table.
        let repeated = rec
            .iter()
            .zip(&kinds)
            .filter(|(c, _)| !c.trim().is_empty())
            .all(|(c, k)| match (kind_of(c), k) {
                (Some(Kind::Period(_)), Some(Kind::Period(_))) => true,
                (a, b) => a.is_some() && a.as_ref() == b.as_ref(),
            });
        if repeated {
            continue;
        }
        if rec.len() > kinds.len() {
            problems.push(ImportProblem {
                line,
                column: Some(kinds.len() + 1),
                heading: None,
                message: format!(
                    "{} cells where the heading row has {} columns",
                    rec.len(),
                    kinds.len()
                ),
            });
            continue;
        }
        let mut cells: HashMap<&str, String> = HashMap::new();
        // (period index, rating, column) of the board's judgements on this row.
        let mut judgements: Vec<(usize, Rating, usize)> = Vec::new();
        let mut action = Action {
            id: String::new(),
            title: String::new(),
            measures: Vec::new(),
            lead: None,
            officer: None,
            due: None,
            ratings: Ratings::new(),
            progress: None,
            source_note: None,
            baseline: None,
            ambition: None,
            milestones: Vec::new(),
        };
        for (i, cell) in rec.iter().enumerate() {
            let Some(kind) = &kinds[i] else {
                if !cell.trim().is_empty() {
                    problems.push(ImportProblem {
                        line,
                        column: Some(i + 1),
                        heading: None,
                        message: format!("{cell:?} under no heading"),
                    });
                }
                continue;
            };
            let text = cell.trim();
            let some = || (!text.is_empty()).then(|| text.to_string());
            let mut bad = |message: String| {
                problems.push(ImportProblem {
                    line,
                    column: Some(i + 1),
                    heading: Some(headings[i].clone()),
                    message,
                })
            };
            let is_id = matches!(kind, Kind::PriorityId | Kind::OutcomeId | Kind::ActionId);
            if is_id && let Some(c) = crate::text::unprintable(text) {
                bad(format!(
                    "the id {text:?} holds the control character U+{:04X}: ids are plain text",
                    c as u32
                ));
                continue;
            }
            match kind {
                Kind::PriorityId => drop(cells.insert("pid", text.into())),
                Kind::Priority => drop(cells.insert("p", text.into())),
                Kind::OutcomeId => drop(cells.insert("oid", text.into())),
                Kind::Outcome => drop(cells.insert("o", text.into())),
                Kind::ActionId => action.id = text.into(),
                Kind::Action => action.title = text.into(),
                Kind::Measures => {
                    action.measures = cell
                        .split(MEASURE_SEPARATOR)
                        .map(str::trim)
                        .filter(|m| !m.is_empty())
                        .map(String::from)
                        .collect()
                }
                Kind::Lead => action.lead = some(),
                Kind::Officer => action.officer = some(),
                Kind::Progress => action.progress = some(),
                Kind::Due => {
                    if !text.is_empty() {
                        match parse_due(text) {
                            Ok(d) => action.due = Some(d),
                            Err(m) => bad(m),
                        }
                    }
                }
                Kind::Judgement(p) => match parse_rating(&plan.scale, text) {
                    Ok(Some(r)) => judgements.push((*p, r, i)),
                    Ok(None) => {}
                    Err(m) => bad(m),
                },
                Kind::Period(p) => match parse_rating(&plan.scale, text) {
                    Ok(Some(r)) => {
                        action.ratings.insert(plan.periods[*p].id.clone(), r);
                    }
                    Ok(None) => {}
                    Err(m) => bad(m),
                },
            }
        }
        // Priority: a new title or id starts a new priority; blank carries down.
        let (pid, ptitle) = (
            cells.get("pid").cloned().unwrap_or_default(),
            cells.get("p").cloned().unwrap_or_default(),
        );
        if !pid.is_empty() || !ptitle.is_empty() {
            let same = priority_key.as_ref().is_some_and(|(i, t)| {
                (pid.is_empty() || *i == pid) && (ptitle.is_empty() || *t == ptitle)
            });
            if !same {
                let id = if pid.is_empty() {
                    (plan.priorities.len() + 1).to_string()
                } else {
                    pid.clone()
                };
                let title = if ptitle.is_empty() {
                    id.clone()
                } else {
                    ptitle.clone()
                };
                priority_key = Some((id.clone(), title.clone()));
                outcome_key = None;
                // The same priority again further down: its rows join it.
                if !priority_at.contains_key(&id) {
                    ids.register(
                        &mut problems,
                        (&priority_kind, &id),
                        (line, if pid.is_empty() { p_col } else { pid_col }),
                        place.unit(),
                    );
                    priority_at.insert(id.clone(), plan.priorities.len());
                    plan.priorities.push(std::sync::Arc::new(Priority {
                        id,
                        title,
                        heading: None,
                        source_note: None,
                        judgements: Ratings::new(),
                        indicators: Vec::new(),
                        objectives: Vec::new(),
                    }));
                }
            }
        }
        let Some((pkey, _)) = priority_key.clone() else {
            problems.push(ImportProblem {
                line,
                column: kinds
                    .iter()
                    .position(|k| k == &Some(Kind::Priority))
                    .map(|c| c + 1),
                heading: None,
                message: "no priority: the first row must name one".into(),
            });
            continue;
        };
        let Some(&pi) = priority_at.get(&pkey) else {
            continue;
        };
        let pr = std::sync::Arc::make_mut(&mut plan.priorities[pi]);
        for (p, r, col) in judgements {
            let period = &plan.periods[p].id;
            match pr.judgements.get(period) {
                Some(was) if *was != r => problems.push(ImportProblem {
                    line,
                    column: Some(col + 1),
                    heading: Some(headings[col].clone()),
                    message: format!(
                        "the board's judgement of priority {} differs from the rows above ({was})",
                        pr.id
                    ),
                }),
                _ => drop(pr.judgements.insert(period.clone(), r)),
            }
        }
        let (oid, otitle) = (
            cells.get("oid").cloned().unwrap_or_default(),
            cells.get("o").cloned().unwrap_or_default(),
        );
        let starts_outcome = (!oid.is_empty() || !otitle.is_empty())
            && !outcome_key.as_ref().is_some_and(|(i, t)| {
                (oid.is_empty() || *i == oid) && (otitle.is_empty() || *t == otitle)
            });
        if starts_outcome || outcome_key.is_none() {
            let id = if oid.is_empty() {
                format!("{}.{}", pr.id, pr.objectives.len() + 1)
            } else {
                oid.clone()
            };
            if let std::collections::hash_map::Entry::Vacant(slot) =
                objective_at.entry((pi, id.clone()))
            {
                ids.register(
                    &mut problems,
                    (&outcome_kind, &id),
                    (line, if oid.is_empty() { o_col } else { oid_col }),
                    place.unit(),
                );
                slot.insert(pr.objectives.len());
                pr.objectives.push(Objective {
                    id: id.clone(),
                    title: if otitle.is_empty() {
                        pr.title.clone()
                    } else {
                        otitle.clone()
                    },
                    text: None,
                    source_note: None,
                    baseline: None,
                    ambition: None,
                    milestones: Vec::new(),
                    actions: Vec::new(),
                });
            }
            outcome_key = Some((id, otitle));
        }
        let Some((okey, _)) = outcome_key.clone() else {
            continue;
        };
        let Some(ob) = objective_at
            .get(&(pi, okey))
            .and_then(|&oi| pr.objectives.get_mut(oi))
        else {
            continue;
        };
        if action.title.is_empty() {
            problems.push(ImportProblem {
                line,
                column: kinds
                    .iter()
                    .position(|k| k == &Some(Kind::Action))
                    .map(|c| c + 1),
                heading: None,
                message: "a row with no action: every row is one action".into(),
            });
            continue;
        }
        if action.id.is_empty() {
            action.id = format!("{}.{}", ob.id, ob.actions.len() + 1);
        }
        let before = problems.len();
        ids.register(
            &mut problems,
            (&action_kind, &action.id),
            (line, aid_col.or(a_col)),
            place.unit(),
        );
        if problems.len() > before {
            continue;
        }
        ob.actions.push(action);
    }
    ids.lost_zeros(&mut problems);
    // A sheet has no column for the top tier: the frame's groups are kept only where they
    // still hold exactly the priorities the sheet gives, in its order.
    let grouped = plan.groups.iter().flat_map(|g| &g.priorities);
    if !plan.groups.is_empty() && !grouped.eq(plan.priorities.iter().map(|p| &p.id)) {
        problems.push(ImportProblem {
            line: 0,
            column: None,
            heading: None,
            message: format!(
                "the plan's {} do not hold the sheet's {} as they are (a sheet cannot move them)",
                crate::model::LevelNames::plural(plan.names.group()),
                crate::model::LevelNames::plural(&plan.names.priority)
            ),
        });
    }
    if !problems.is_empty() {
        return Err(ImportError { problems, place });
    }
    Ok(plan)
}

fn csv_problem(e: &csv::Error, lines: &Lines) -> ImportError {
    let place = Place::Csv;
    let line = e.position().map_or(0, |p| lines.line(p.byte()));
    ImportError {
        problems: vec![ImportProblem {
            line,
            column: None,
            heading: None,
            message: format!("cannot read CSV: {e}"),
        }],
        place,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_trackers_write_them() {
        let m = |y, m| Due::Month { year: y, month: m };
        let d = |y, m, dd| Due::Day(NaiveDate::from_ymd_opt(y, m, dd).unwrap());
        assert_eq!(parse_due("Jan-18"), Ok(m(2018, 1)));
        assert_eq!(parse_due("Sept 2018"), Ok(m(2018, 9)));
        assert_eq!(parse_due("March 2018"), Ok(m(2018, 3)));
        assert_eq!(parse_due("2018-04"), Ok(m(2018, 4)));
        assert_eq!(parse_due("2018-04-01"), Ok(d(2018, 4, 1)));
        assert_eq!(parse_due("31/01/2018"), Ok(d(2018, 1, 31)));
        assert_eq!(parse_due("31/01/18"), Ok(d(2018, 1, 31)));
        assert_eq!(parse_due("04/2018"), Ok(m(2018, 4)));
        assert_eq!(
            parse_due("01/02/2018"),
            Ok(d(2018, 2, 1)),
            "day first, as in the UK"
        );
        for bad in [
            "32/13",
            "31/02/2018",
            "Foo-18",
            "Jan-123",
            "13/2018",
            "soon",
            "Marc 2018",
        ] {
            assert!(parse_due(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn period_headings() {
        let p = period_of("RAG 01/18");
        assert_eq!((p.id.as_str(), p.label.as_str()), ("01-18", "RAG 01/18"));
        assert_eq!(p.date, NaiveDate::from_ymd_opt(2018, 1, 1));
        let p = period_of("RAG Initial");
        assert_eq!((p.id.as_str(), p.date), ("initial", None));
    }
}
