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

/// Everything wrong with an import (never empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub problems: Vec<ImportProblem>,
}

impl ImportError {
    /// The problems, one a line, each prefixed with the file name.
    pub fn describe(&self, file: &Path) -> String {
        self.problems
            .iter()
            .map(|p| format!("{}:{p}", file.display()))
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
                changes: Vec::new(),
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

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Lines<'t> {
        let b = text.as_bytes();
        let mut starts = vec![0];
        for (i, &c) in b.iter().enumerate() {
            let ends = c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n'));
            if ends {
                starts.push(i + 1);
            }
        }
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

/// Every id in a plan names one item. Register `id` for an item of `kind` made at `line`;
/// a second use (of any kind) is a problem at that row and column.
fn register(
    ids: &mut HashMap<String, Given>,
    problems: &mut Vec<ImportProblem>,
    (kind, id): (&str, &str),
    line: u64,
    column: Option<usize>,
) {
    if let Some(first) = ids.get(id) {
        let message = if first.kind == kind {
            format!("{kind} id {id:?} again (first on line {})", first.line)
        } else {
            format!(
                "{kind} id {id:?} is already the id of {} {} (line {}): each item needs its own id",
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
    ids.insert(
        id.to_string(),
        Given {
            kind: kind.to_string(),
            line,
        },
    );
}

/// Build a plan from CSV text. Fails with every problem found.
pub fn import(text: &str, opts: &ImportOptions) -> Result<Plan, ImportError> {
    let lines = Lines::new(text);
    let csv_problem = |e: &csv::Error| csv_problem(e, &lines);
    let mut problems = Vec::new();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = rdr.records();
    let head = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(csv_problem(&e)),
        None => {
            return Err(ImportError {
                problems: vec![ImportProblem {
                    line: 1,
                    column: None,
                    heading: None,
                    message: "the file is empty: expected a heading row".into(),
                }],
            });
        }
    };
    let headings: Vec<String> = head.iter().map(|h| h.trim().to_string()).collect();
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
                        line: 1,
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
                        line: 1,
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
                    line: 1,
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
                line: 1,
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
                line: 1,
                column: None,
                heading: None,
                message: format!("no {name} column"),
            });
        }
    }
    if !problems.is_empty() {
        return Err(ImportError { problems });
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
        changes: Vec::new(),
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
    let mut ids: HashMap<String, Given> = HashMap::new();
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
    for rec in records {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                problems.extend(csv_problem(&e).problems);
                continue;
            }
        };
        let line = rec.position().map_or(0, |p| lines.line(p.byte()));
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
                    register(
                        &mut ids,
                        &mut problems,
                        (&priority_kind, &id),
                        line,
                        if pid.is_empty() { p_col } else { pid_col },
                    );
                    priority_at.insert(id.clone(), plan.priorities.len());
                    plan.priorities.push(Priority {
                        id,
                        title,
                        heading: None,
                        source_note: None,
                        judgements: Ratings::new(),
                        indicators: Vec::new(),
                        objectives: Vec::new(),
                    });
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
        let pr = &mut plan.priorities[pi];
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
                register(
                    &mut ids,
                    &mut problems,
                    (&outcome_kind, &id),
                    line,
                    if oid.is_empty() { o_col } else { oid_col },
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
        register(
            &mut ids,
            &mut problems,
            (&action_kind, &action.id),
            line,
            aid_col.or(a_col),
        );
        if problems.len() > before {
            continue;
        }
        ob.actions.push(action);
    }
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
        return Err(ImportError { problems });
    }
    Ok(plan)
}

fn csv_problem(e: &csv::Error, lines: &Lines) -> ImportError {
    let line = e.position().map_or(0, |p| lines.line(p.byte()));
    ImportError {
        problems: vec![ImportProblem {
            line,
            column: None,
            heading: None,
            message: format!("cannot read CSV: {e}"),
        }],
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
