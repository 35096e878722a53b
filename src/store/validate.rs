//! Checks a parsed plan for everything serde cannot: duplicate ids, ratings off the scale or
//! for unknown periods, empty titles, dangling references. Reports every problem found.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::Problem;
use super::locate::{after, id_offset, line_col, quoted};
use crate::model::{Plan, Rating, Ratings};

struct Ctx<'a> {
    text: &'a str,
    file: &'a Path,
    /// How many times each id has been met so far, to find the n-th in the text.
    seen: HashMap<String, usize>,
    /// Every id in the plan, for the duplicate check.
    ids: HashSet<String>,
    problems: Vec<Problem>,
}

impl<'a> Ctx<'a> {
    fn push(&mut self, offset: Option<usize>, message: String) {
        self.problems.push(Problem {
            file: self.file.to_path_buf(),
            at: offset.map(|o| line_col(self.text, o)),
            message,
        });
    }

    /// Register an item id, report a duplicate, and return where the item stands.
    fn item(&mut self, kind: &str, id: &str) -> Option<usize> {
        let nth = self.seen.entry(id.to_string()).or_insert(0);
        let at = id_offset(self.text, id, *nth);
        *nth += 1;
        if id.trim().is_empty() {
            self.push(at, format!("{kind} has an empty id"));
        } else if !self.ids.insert(id.to_string()) {
            self.push(
                at,
                format!("duplicate id {}: each item needs its own id", quoted(id)),
            );
        }
        at
    }

    fn field(&self, item_at: Option<usize>, field: &str) -> Option<usize> {
        item_at.and_then(|at| after(self.text, at, &format!("{field}:")))
    }

    fn non_empty(
        &mut self,
        item_at: Option<usize>,
        kind: &str,
        id: &str,
        field: &str,
        value: &str,
    ) {
        if value.trim().is_empty() {
            let at = self.field(item_at, field).or(item_at);
            self.push(at, format!("{kind} {} has an empty {field}", quoted(id)));
        }
    }

    fn ratings(
        &mut self,
        plan: &Plan,
        item_at: Option<usize>,
        id: &str,
        field: &str,
        ratings: &Ratings,
    ) {
        let map_at = self.field(item_at, field);
        for (period, &value) in ratings {
            let at = map_at
                .and_then(|m| after(self.text, m, &format!("{}:", quoted(period))))
                .or(map_at);
            if plan.period(period).is_none() {
                self.push(
                    at,
                    format!(
                        "{} of {} names unknown period {}: expected one of {}",
                        field,
                        quoted(id),
                        quoted(period),
                        period_list(plan)
                    ),
                );
            }
            if !on_scale(plan, value) {
                self.push(
                    at,
                    format!(
                        "rating {value} of {} for period {} is not on the scale: expected 0 (not rated) or {}",
                        quoted(id),
                        quoted(period),
                        level_list(plan)
                    ),
                );
            }
        }
    }
}

fn period_list(plan: &Plan) -> String {
    let ids: Vec<String> = plan.periods.iter().map(|p| quoted(&p.id)).collect();
    if ids.is_empty() {
        "a period declared in `periods` (there are none)".into()
    } else {
        ids.join(", ")
    }
}

fn level_list(plan: &Plan) -> String {
    let v: Vec<String> = plan
        .scale
        .levels
        .iter()
        .map(|l| l.value.to_string())
        .collect();
    format!("one of {}", v.join(", "))
}

/// Every problem with `plan`, located in `text` (the file it was parsed from).
pub fn validate(plan: &Plan, text: &str, file: &Path) -> Vec<Problem> {
    let mut cx = Ctx {
        text,
        file,
        seen: HashMap::new(),
        ids: HashSet::new(),
        problems: Vec::new(),
    };

    if plan.title.trim().is_empty() {
        let at = after(text, 0, "title:");
        cx.push(at, "the plan has an empty title".into());
    }

    check_scale(&mut cx, plan);
    check_periods(&mut cx, plan);

    for priority in &plan.priorities {
        let at = cx.item("priority", &priority.id);
        cx.non_empty(at, "priority", &priority.id, "title", &priority.title);
        cx.ratings(plan, at, &priority.id, "judgements", &priority.judgements);
        for ind in &priority.indicators {
            let at = cx.item("indicator", &ind.id);
            cx.non_empty(at, "indicator", &ind.id, "name", &ind.name);
            for month in ind.values.keys() {
                if chrono::NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").is_err() {
                    let at = cx
                        .field(at, "values")
                        .and_then(|v| after(text, v, &quoted(month)));
                    cx.push(
                        at,
                        format!(
                            "indicator {} has a value for {}: expected a month as YYYY-MM",
                            quoted(&ind.id),
                            quoted(month)
                        ),
                    );
                }
            }
        }
        for objective in &priority.objectives {
            let at = cx.item("objective", &objective.id);
            cx.non_empty(at, "objective", &objective.id, "title", &objective.title);
            for action in &objective.actions {
                let at = cx.item("action", &action.id);
                cx.non_empty(at, "action", &action.id, "title", &action.title);
                cx.ratings(plan, at, &action.id, "ratings", &action.ratings);
            }
        }
    }

    check_published(&mut cx, plan);
    check_counts(&mut cx, plan);
    check_names(&mut cx, plan);
    check_changes(&mut cx, plan);
    cx.problems
}

fn check_scale(cx: &mut Ctx, plan: &Plan) {
    let at = after(cx.text, 0, "levels:");
    if plan.scale.levels.is_empty() {
        cx.push(at, "the scale has no levels: expected at least one".into());
    }
    let mut values = HashSet::new();
    for level in &plan.scale.levels {
        let level_at = at.and_then(|a| after(cx.text, a, &format!("value: {}", level.value)));
        if level.value == 0 {
            cx.push(
                level_at,
                "scale level 0 is reserved for \"not rated\": use 1 or more".into(),
            );
        }
        if !values.insert(level.value) {
            cx.push(
                level_at,
                format!("scale level {} is defined twice", level.value),
            );
        }
        if crate::model::colour::parse(&level.colour).is_none() {
            cx.push(
                level_at.and_then(|a| after(cx.text, a, "colour:")),
                format!(
                    "scale level {} has colour {}: expected a name ({}) or #rrggbb",
                    level.value,
                    quoted(&level.colour),
                    crate::model::colour::NAMES.join(", ")
                ),
            );
        }
    }
}

fn check_periods(cx: &mut Ctx, plan: &Plan) {
    let mut ids = HashSet::new();
    let periods_at = after(cx.text, 0, "periods:");
    for period in &plan.periods {
        let at = periods_at.and_then(|p| after(cx.text, p, &format!("id: {}", quoted(&period.id))));
        if period.id.trim().is_empty() {
            cx.push(at, "a period has an empty id".into());
        } else if !ids.insert(period.id.as_str()) {
            let again =
                at.and_then(|a| after(cx.text, a + 1, &format!("id: {}", quoted(&period.id))));
            cx.push(
                again.or(at),
                format!("duplicate period id {}", quoted(&period.id)),
            );
        }
    }
}

fn check_published(cx: &mut Ctx, plan: &Plan) {
    let Some(summary) = &plan.published_summary else {
        return;
    };
    let at = after(cx.text, 0, "published_summary:");
    for (field, period) in [
        ("previous", &summary.previous),
        ("current", &summary.current),
    ] {
        if plan.period(period).is_none() {
            cx.push(
                at.and_then(|a| after(cx.text, a, &format!("{field}:"))),
                format!(
                    "published summary's {field} period {} is unknown: expected one of {}",
                    quoted(period),
                    period_list(plan)
                ),
            );
        }
    }
    for row in &summary.priorities {
        if !plan.priorities.iter().any(|p| p.id == row.priority) {
            cx.push(
                at.and_then(|a| after(cx.text, a, &format!("priority: {}", quoted(&row.priority)))),
                format!(
                    "published summary names unknown priority {}",
                    quoted(&row.priority)
                ),
            );
        }
    }
}

/// The published totals name a known period and the scale's own labels.
fn check_counts(cx: &mut Ctx, plan: &Plan) {
    let Some(counts) = &plan.published_counts else {
        return;
    };
    let at = after(cx.text, 0, "published_counts:");
    if plan.period(&counts.period).is_none() {
        cx.push(
            at.and_then(|a| after(cx.text, a, "period:")),
            format!(
                "published counts' period {} is unknown: expected one of {}",
                quoted(&counts.period),
                period_list(plan)
            ),
        );
    }
    for label in counts.statuses.keys() {
        if !plan.scale.levels.iter().any(|l| &l.label == label) {
            let labels: Vec<String> = plan.scale.levels.iter().map(|l| quoted(&l.label)).collect();
            cx.push(
                at.and_then(|a| after(cx.text, a, &quoted(label))),
                format!(
                    "published counts name status {} not on the scale: expected one of {}",
                    quoted(label),
                    labels.join(", ")
                ),
            );
        }
    }
}

/// Level names are shown everywhere a level is named: none may be empty.
fn check_names(cx: &mut Ctx, plan: &Plan) {
    let n = &plan.names;
    for (field, value) in [
        ("priority", &n.priority),
        ("objective", &n.objective),
        ("action", &n.action),
    ] {
        if value.trim().is_empty() {
            let at =
                after(cx.text, 0, "names:").and_then(|a| after(cx.text, a, &format!("{field}:")));
            cx.push(at, format!("the name of the {field} level is empty"));
        }
    }
}

fn check_changes(cx: &mut Ctx, plan: &Plan) {
    let at = after(cx.text, 0, "changes:");
    for change in &plan.changes {
        let here = at.and_then(|a| after(cx.text, a, &format!("item: {}", quoted(&change.item))));
        if plan.action(&change.item).is_none() {
            cx.push(
                here,
                format!("change log names unknown action {}", quoted(&change.item)),
            );
        }
        if plan.period(&change.period).is_none() {
            cx.push(
                here,
                format!("change log names unknown period {}", quoted(&change.period)),
            );
        }
        for value in [change.from, change.to].into_iter().flatten() {
            if !on_scale(plan, value) {
                cx.push(
                    here,
                    format!("change log rating {value} is not on the scale"),
                );
            }
        }
    }
}

fn on_scale(plan: &Plan, value: Rating) -> bool {
    value == 0 || plan.scale.level(value).is_some()
}
