//! Checks a parsed plan for everything serde cannot: duplicate ids, ratings off the scale or
//! for unknown periods, empty titles, dangling references. Reports every problem found.
//!
//! One walk over the plan; each item costs a hash look-up or two. Places in the text are
//! found only for problems, through a `Locator` that indexes the text once when first asked.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::Problem;
use super::locate::{Locator, quoted};
use crate::model::{LevelNames, Plan, Rating, Ratings};

struct Ctx<'a> {
    loc: Locator<'a>,
    file: &'a Path,
    /// How many times each id has been met so far (a duplicate, and which occurrence in
    /// the text is this one), and whether its first holder is an action (for the change
    /// log's references).
    /// foldhash: several times faster than the default SipHash on short ids, and seeded
    /// per process, so a crafted file cannot pick colliding ids.
    seen: HashMap<&'a str, (usize, bool), foldhash::fast::RandomState>,
    /// Period ids, sorted, for look-ups without walking the periods per rating.
    periods: Vec<&'a str>,
    /// Which rating values are on the scale (0, "not rated", always is).
    scale: [bool; 256],
    problems: Vec<Problem>,
}

/// An item's place in the text, found only if a problem needs it.
#[derive(Clone, Copy)]
struct Item<'a> {
    id: &'a str,
    nth: usize,
}

impl<'a> Ctx<'a> {
    fn push(&mut self, offset: Option<usize>, message: String) {
        self.problems.push(Problem {
            file: self.file.to_path_buf(),
            at: offset.map(|o| self.loc.line_col(o)),
            message,
        });
    }

    fn at(&self, item: Item) -> Option<usize> {
        self.loc.id_offset(item.id, item.nth)
    }

    /// Register an item id and report a duplicate.
    fn item(&mut self, kind: &str, id: &'a str) -> Item<'a> {
        let (count, _) = self.seen.entry(id).or_insert((0, kind == "action"));
        let item = Item { id, nth: *count };
        *count += 1;
        if id.chars().all(char::is_whitespace) {
            let at = self.at(item);
            self.push(at, format!("{kind} has an empty id"));
        } else if let Some(c) = crate::text::unprintable(id) {
            let at = self.at(item);
            self.push(at, unprintable_id(kind, id, c));
        } else if item.nth > 0 {
            let at = self.at(item);
            self.push(
                at,
                format!("duplicate id {}: each item needs its own id", quoted(id)),
            );
        }
        item
    }

    fn field(&self, item: Item, field: &str) -> Option<usize> {
        self.at(item)
            .and_then(|at| self.loc.after(at, &format!("{field}:")))
    }

    fn non_empty(&mut self, item: Item, kind: &str, field: &str, value: &str) {
        // `trim().is_empty()`, stopping at the first character that is not a space.
        if value.chars().all(char::is_whitespace) {
            let at = self.field(item, field).or_else(|| self.at(item));
            self.push(
                at,
                format!("{kind} {} has an empty {field}", quoted(item.id)),
            );
        }
    }

    fn known_period(&self, id: &str) -> bool {
        self.periods.binary_search(&id).is_ok()
    }

    fn is_action(&self, id: &str) -> bool {
        self.seen.get(id).is_some_and(|&(_, action)| action)
    }

    fn on_scale(&self, value: Rating) -> bool {
        self.scale[usize::from(value)]
    }

    fn ratings(&mut self, plan: &Plan, item: Item, field: &str, ratings: &Ratings) {
        // Both the map's keys and `periods` are sorted: walk them together, so a rating
        // costs a comparison or two, not a search.
        let mut next = 0;
        for (period, &value) in ratings {
            while self.periods.get(next).is_some_and(|p| *p < period) {
                next += 1;
            }
            let known = self.periods.get(next) == Some(&period);
            let on_scale = self.on_scale(value);
            if known && on_scale {
                continue;
            }
            let map_at = self.field(item, field);
            let at = map_at
                .and_then(|m| self.loc.after(m, &format!("{}:", quoted(period))))
                .or(map_at);
            if !known {
                self.push(
                    at,
                    format!(
                        "{} of {} names unknown period {}: expected one of {}",
                        field,
                        quoted(item.id),
                        quoted(period),
                        period_list(plan)
                    ),
                );
            }
            if !on_scale {
                self.push(
                    at,
                    format!(
                        "rating {value} of {} for period {} is not on the scale: expected 0 (not rated){}",
                        quoted(item.id),
                        quoted(period),
                        level_list(plan)
                    ),
                );
            }
        }
    }
}

/// An id holding a control or bidirectional character: shown escaped, never as itself.
fn unprintable_id(kind: &str, id: &str, c: char) -> String {
    format!(
        "{kind} id {} holds the control character U+{:04X}: ids are plain text (letters, digits, dots)",
        quoted(id),
        c as u32
    )
}

/// The plan's period ids, each once (a period declared twice is a problem of its own).
fn period_list(plan: &Plan) -> String {
    let mut ids: Vec<String> = Vec::new();
    for p in &plan.periods {
        let q = quoted(&p.id);
        if !ids.contains(&q) {
            ids.push(q);
        }
    }
    if ids.is_empty() {
        "a period declared in `periods` (there are none)".into()
    } else {
        ids.join(", ")
    }
}

/// What a rating may be besides 0, after "expected 0 (not rated)": the scale's values,
/// each once, without 0 (a level 0, or one declared twice, is a problem of its own).
fn level_list(plan: &Plan) -> String {
    let mut v: Vec<u8> = Vec::new();
    for l in &plan.scale.levels {
        if l.value != 0 && !v.contains(&l.value) {
            v.push(l.value);
        }
    }
    if v.is_empty() {
        return ", as the scale has no levels to rate with".into();
    }
    let v: Vec<String> = v.iter().map(u8::to_string).collect();
    format!(" or one of {}", v.join(", "))
}

/// Every problem with `plan`, located in `text` (the file it was parsed from).
pub fn validate(plan: &Plan, text: &str, file: &Path) -> Vec<Problem> {
    validate_counted(plan, text, file).0
}

/// Whether `plan` has no problem, found without its text: a valid plan is checked this way
/// after a streamed read, and only a plan with a problem is read again to place it. The
/// checks are those of [`validate`]; places are only looked up for a problem, so they
/// cannot change whether there is one.
pub(crate) fn is_valid(plan: &Plan) -> bool {
    validate_counted(plan, "", Path::new("")).0.is_empty()
}

/// `validate`, and how many bytes of text were examined to place its problems (the work
/// that once grew with the square of the plan; the tests keep it linear).
pub fn validate_counted(plan: &Plan, text: &str, file: &Path) -> (Vec<Problem>, usize) {
    let mut periods: Vec<&str> = plan.periods.iter().map(|p| p.id.as_str()).collect();
    periods.sort_unstable();
    let mut scale = [false; 256];
    scale[0] = true;
    for l in &plan.scale.levels {
        scale[usize::from(l.value)] = true;
    }
    let items: usize = plan
        .priorities
        .iter()
        .map(|p| {
            1 + p.indicators.len()
                + p.objectives
                    .iter()
                    .map(|o| 1 + o.actions.len())
                    .sum::<usize>()
        })
        .sum();
    let mut cx = Ctx {
        loc: Locator::new(text),
        file,
        seen: HashMap::with_capacity_and_hasher(items, foldhash::fast::RandomState::default()),
        periods,
        scale,
        problems: Vec::new(),
    };

    if plan.title.trim().is_empty() {
        let at = cx.loc.after(0, "title:");
        cx.push(at, "the plan has an empty title".into());
    }

    check_scale(&mut cx, plan);
    check_periods(&mut cx, plan);
    check_groups(&mut cx, plan);

    for priority in &plan.priorities {
        let item = cx.item("priority", &priority.id);
        cx.non_empty(item, "priority", "title", &priority.title);
        cx.ratings(plan, item, "judgements", &priority.judgements);
        for ind in &priority.indicators {
            let item = cx.item("indicator", &ind.id);
            cx.non_empty(item, "indicator", "name", &ind.name);
            for month in ind.values.keys() {
                if !is_month(month) {
                    let at = cx
                        .field(item, "values")
                        .and_then(|v| cx.loc.after(v, &quoted(month)));
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
            let item = cx.item("objective", &objective.id);
            cx.non_empty(item, "objective", "title", &objective.title);
            for action in &objective.actions {
                let item = cx.item("action", &action.id);
                cx.non_empty(item, "action", "title", &action.title);
                cx.ratings(plan, item, "ratings", &action.ratings);
            }
        }
    }

    check_published(&mut cx, plan);
    check_counts(&mut cx, plan);
    check_names(&mut cx, plan);
    check_series(&mut cx, plan);
    check_changes(&mut cx, plan);
    check_minutes(&mut cx, plan);
    check_people(&mut cx, plan);
    let steps = cx.loc.steps();
    (cx.problems, steps)
}

/// "YYYY-MM" with a real month (checked without building a string per value).
fn is_month(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 7
        && b[4] == b'-'
        && b[..4].iter().chain(&b[5..]).all(u8::is_ascii_digit)
        && matches!(s[5..].parse::<u32>(), Ok(1..=12))
}

fn check_scale(cx: &mut Ctx, plan: &Plan) {
    // Places are looked up only for a problem: a valid plan never scans its text.
    let levels_at = |cx: &Ctx| cx.loc.after(0, "levels:");
    // A plan with nothing to rate may leave its scale out; one written must have levels.
    if plan.scale.is_unset() {
        if plan.actions().next().is_some() {
            let at = cx.loc.after(0, "priorities:");
            cx.push(
                at,
                "the plan has items to rate but no scale: expected `scale: Scale(...)` with at least one level".into(),
            );
        }
    } else if plan.scale.levels.is_empty() {
        let at = levels_at(cx);
        cx.push(at, "the scale has no levels: expected at least one".into());
    }
    let mut values = HashSet::new();
    for level in &plan.scale.levels {
        let level_at = |cx: &Ctx| {
            levels_at(cx).and_then(|a| cx.loc.after(a, &format!("value: {}", level.value)))
        };
        if level.value == 0 {
            let at = level_at(cx);
            cx.push(
                at,
                "scale level 0 is reserved for \"not rated\": use 1 or more".into(),
            );
        }
        if !values.insert(level.value) {
            let at = level_at(cx);
            cx.push(at, format!("scale level {} is defined twice", level.value));
        }
        if crate::model::colour::parse(&level.colour).is_none() {
            let at = level_at(cx).and_then(|a| cx.loc.after(a, "colour:"));
            cx.push(
                at,
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
    for (k, period) in plan.periods.iter().enumerate() {
        let at = |cx: &Ctx| {
            cx.loc
                .after(0, "periods:")
                .and_then(|p| cx.loc.after(p, &format!("id: {}", quoted(&period.id))))
        };
        if period.id.trim().is_empty() {
            let at = at(cx);
            cx.push(at, "a period has an empty id".into());
        } else if let Some(c) = crate::text::unprintable(&period.id) {
            // The k-th period's `id:`: the text may write the character escaped, so it is
            // found by place, not by value.
            let mut at = cx.loc.after(0, "periods:");
            for _ in 0..=k {
                at = at.and_then(|a| cx.loc.after(a + 1, "id: "));
            }
            let at = at.or_else(|| cx.loc.after(0, "periods:"));
            cx.push(at, unprintable_id("period", &period.id, c));
        } else if !ids.insert(period.id.as_str()) {
            let first = at(cx);
            let again =
                first.and_then(|a| cx.loc.after(a + 1, &format!("id: {}", quoted(&period.id))));
            cx.push(
                again.or(first),
                format!("duplicate period id {}", quoted(&period.id)),
            );
        }
    }
}

fn check_published(cx: &mut Ctx, plan: &Plan) {
    let Some(summary) = &plan.published_summary else {
        return;
    };
    let start = |cx: &Ctx| cx.loc.after(0, "published_summary:");
    for (field, period) in [
        ("previous", &summary.previous),
        ("current", &summary.current),
    ] {
        if !cx.known_period(period) {
            let at = start(cx).and_then(|a| cx.loc.after(a, &format!("{field}:")));
            cx.push(
                at,
                format!(
                    "published summary's {field} period {} is unknown: expected one of {}",
                    quoted(period),
                    period_list(plan)
                ),
            );
        }
    }
    let priorities: HashSet<&str> = plan.priorities.iter().map(|p| p.id.as_str()).collect();
    // Rows are written in order: each search starts where the last row was found.
    let mut cursor = None;
    for (k, row) in summary.priorities.iter().enumerate() {
        if !priorities.contains(row.priority.as_str()) {
            let from = cursor.or_else(|| start(cx));
            let at = from
                .and_then(|a| {
                    cx.loc
                        .after(a, &format!("priority: {}", quoted(&row.priority)))
                })
                .or_else(|| {
                    // Written otherwise than Rust quotes it (escapes, raw control
                    // characters): the k-th row's `priority:`, each row having one.
                    let mut at = start(cx);
                    for _ in 0..=k {
                        at = at.and_then(|a| cx.loc.after(a + 1, "priority:"));
                    }
                    at
                })
                .or_else(|| start(cx));
            cursor = at.or(cursor);
            cx.push(
                at,
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
    // Places in the text are looked up only for a problem (a valid plan scans no text).
    let at = |cx: &Ctx| cx.loc.after(0, "published_counts:");
    if plan.period(&counts.period).is_none() {
        let here = at(cx).and_then(|a| cx.loc.after(a, "period:"));
        cx.push(
            here,
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
            let here = at(cx).and_then(|a| cx.loc.after(a, &quoted(label)));
            cx.push(
                here,
                format!(
                    "published counts name status {} not on the scale: expected one of {}",
                    quoted(label),
                    labels.join(", ")
                ),
            );
        }
    }
}

/// The top tier: each group takes the next priorities of the plan's list, in order, and
/// every priority is in one, so the outline reads the same from groups or from priorities.
fn check_groups<'a>(cx: &mut Ctx<'a>, plan: &'a Plan) {
    if plan.groups.is_empty() {
        return;
    }
    let names = &plan.names;
    let (group, priority) = (names.group().to_lowercase(), names.priority.to_lowercase());
    let ids: HashSet<&str> = plan.priorities.iter().map(|p| p.id.as_str()).collect();
    let mut next = 0;
    for g in &plan.groups {
        let item = cx.item(&group, &g.id);
        cx.non_empty(item, &group, "title", &g.title);
        cx.ratings(plan, item, "judgements", &g.judgements);
        let listed_at = |cx: &Ctx, id: &str| {
            cx.field(item, "priorities")
                .and_then(|at| cx.loc.after(at, &quoted(id)))
                .or_else(|| cx.field(item, "priorities"))
        };
        if g.priorities.is_empty() {
            let at = cx.field(item, "priorities").or_else(|| cx.at(item));
            cx.push(
                at,
                format!(
                    "{group} {} holds no {}",
                    quoted(&g.id),
                    LevelNames::plural(&priority)
                ),
            );
        }
        for id in &g.priorities {
            let expected = plan.priorities.get(next).map(|p| p.id.as_str());
            if expected == Some(id.as_str()) {
                next += 1;
                continue;
            }
            let at = listed_at(cx, id);
            let message = if !ids.contains(id.as_str()) {
                format!(
                    "{group} {} holds {priority} {}, which the plan does not have",
                    quoted(&g.id),
                    quoted(id)
                )
            } else {
                format!(
                    "{group} {} holds {priority} {} out of turn: {} take the {} in the plan's order, and the next is {}",
                    quoted(&g.id),
                    quoted(id),
                    LevelNames::plural(&group),
                    LevelNames::plural(&priority),
                    expected.map_or_else(|| "none".into(), quoted)
                )
            };
            cx.push(at, message);
            // One misplaced id puts every later one out of turn: say it once.
            return;
        }
    }
    if let Some(left) = plan.priorities.get(next) {
        let at = cx.loc.id_offset(&left.id, 0);
        cx.push(
            at,
            format!(
                "{priority} {} is in no {group}: in a plan with {}, every {priority} is in one",
                quoted(&left.id),
                LevelNames::plural(&group)
            ),
        );
    }
}

/// Level names are shown everywhere a level is named: none may be empty.
fn check_names(cx: &mut Ctx, plan: &Plan) {
    let n = &plan.names;
    for (field, value) in [
        ("group", n.group.as_ref().unwrap_or(&String::new())),
        ("priority", &n.priority),
        ("objective", &n.objective),
        ("action", &n.action),
    ] {
        if value.trim().is_empty() && (field != "group" || n.group.is_some()) {
            let at = cx
                .loc
                .after(0, "names:")
                .and_then(|a| cx.loc.after(a, &format!("{field}:")));
            cx.push(at, format!("the name of the {field} level is empty"));
        }
    }
}

/// A plan's place among others: its id, name and years are shown and looked up, so none
/// may be empty, and it may not follow or review itself.
fn check_series(cx: &mut Ctx, plan: &Plan) {
    let Some(series) = &plan.series else { return };
    let at = |cx: &Ctx, field: &str| {
        cx.loc
            .after(0, "series:")
            .and_then(|a| cx.loc.after(a, &format!("{field}:")))
    };
    for (field, value) in [
        ("id", &series.id),
        ("name", &series.name),
        ("years", &series.years),
    ] {
        if value.trim().is_empty() {
            let place = at(cx, field);
            cx.push(place, format!("the series {field} is empty"));
        }
    }
    for (relation, id) in series.links() {
        let field = relation.word();
        if id.trim().is_empty() {
            let place = at(cx, field);
            cx.push(
                place,
                format!("the series names no plan it {field}: expected a plan's series id"),
            );
        } else if id == series.id {
            let place = at(cx, field);
            cx.push(
                place,
                format!(
                    "the plan {field} itself ({}): expected another plan's series id",
                    quoted(id)
                ),
            );
        }
    }
}

/// Finds the k-th change of the log in the text: each change has one `item:` field, so
/// the k-th `item:` after `changes:`. Changes are visited in order, so the search only
/// moves forward, and the whole log costs one pass however many changes are wrong.
struct ChangeCursor {
    /// (change number, offset of its `item:`) of the last one found.
    last: Option<(usize, usize)>,
}

impl ChangeCursor {
    fn find(&mut self, cx: &Ctx, k: usize) -> Option<usize> {
        let (mut n, mut at) = match self.last {
            Some(last) => last,
            None => {
                let start = cx.loc.after(0, "changes:")?;
                (0, cx.loc.after(start, "item:")?)
            }
        };
        while n < k {
            at = cx.loc.after(at + 1, "item:")?;
            n += 1;
        }
        self.last = Some((n, at));
        Some(at)
    }
}

fn check_changes(cx: &mut Ctx, plan: &Plan) {
    if plan.changes.is_empty() {
        return;
    }
    let mut cursor = ChangeCursor { last: None };
    for (k, change) in plan.changes.iter().enumerate() {
        let mut problems = Vec::new();
        if change.judgement {
            // A priority's, or a group's where the plan's top tier is its groups.
            if !plan.priorities.iter().any(|p| p.id == change.item)
                && !plan.groups.iter().any(|g| g.id == change.item)
            {
                problems.push(format!(
                    "change log judges unknown priority {}",
                    quoted(&change.item)
                ));
            }
        } else if !cx.is_action(&change.item) {
            problems.push(format!(
                "change log names unknown action {}",
                quoted(&change.item)
            ));
        }
        if !cx.known_period(&change.period) {
            problems.push(format!(
                "change log names unknown period {}",
                quoted(&change.period)
            ));
        }
        for value in [change.from, change.to].into_iter().flatten() {
            if !cx.on_scale(value) {
                problems.push(format!("change log rating {value} is not on the scale"));
            }
        }
        if problems.is_empty() {
            continue;
        }
        let here = cursor.find(cx, k);
        for message in problems {
            cx.push(here, message);
        }
    }
}

/// The board's records: decisions and agreed actions (ids unique, words given, items and
/// periods the plan has), review ticks and milestone calls (periods and items it has).
fn check_minutes(cx: &mut Ctx, plan: &Plan) {
    if !plan.decisions.is_empty() {
        let section = cx.loc.after(0, "decisions:").unwrap_or(0);
        let mut ids = HashSet::new();
        for d in &plan.decisions {
            let at = |cx: &Ctx| cx.loc.after(section, &format!("id: {}", quoted(&d.id)));
            let mut problems = Vec::new();
            if d.id.trim().is_empty() {
                problems.push("a decision has an empty id".to_string());
            } else if !ids.insert(d.id.as_str()) {
                problems.push(format!(
                    "duplicate decision id {}: each needs its own",
                    quoted(&d.id)
                ));
            }
            if d.text.trim().is_empty() {
                problems.push(format!("decision {} has no words", quoted(&d.id)));
            }
            if let Some(item) = &d.item
                && !cx.seen.contains_key(item.as_str())
            {
                problems.push(format!(
                    "decision {} is on unknown item {}",
                    quoted(&d.id),
                    quoted(item)
                ));
            }
            for period in std::iter::once(&d.period).chain(d.closed.as_ref().map(|c| &c.period)) {
                if !cx.known_period(period) {
                    problems.push(format!(
                        "decision {} names unknown period {}",
                        quoted(&d.id),
                        quoted(period)
                    ));
                }
            }
            if d.status.is_open() != d.closed.is_none() {
                problems.push(format!(
                    "decision {} is {} but {}: expected `closed` exactly when done or dropped",
                    quoted(&d.id),
                    d.status.word(),
                    if d.closed.is_some() {
                        "has `closed`"
                    } else {
                        "has no `closed`"
                    }
                ));
            }
            if problems.is_empty() {
                continue;
            }
            let here = at(cx);
            for m in problems {
                cx.push(here, m);
            }
        }
    }
    for (period, items) in &plan.reviewed {
        let here = |cx: &Ctx| {
            cx.loc
                .after(0, "reviewed:")
                .and_then(|r| cx.loc.after(r, &quoted(period)))
        };
        if !cx.known_period(period) {
            let at = here(cx);
            cx.push(
                at,
                format!("reviewed names unknown period {}", quoted(period)),
            );
        }
        for item in items {
            if !cx.seen.contains_key(item.as_str()) {
                let at = here(cx);
                cx.push(
                    at,
                    format!(
                        "reviewed in {} names unknown item {}",
                        quoted(period),
                        quoted(item)
                    ),
                );
            }
        }
    }
    for p in &plan.priorities {
        for o in &p.objectives {
            let lists = std::iter::once((&o.id, &o.milestones))
                .chain(o.actions.iter().map(|a| (&a.id, &a.milestones)));
            for (id, ms) in lists {
                for call in ms.iter().flat_map(|m| &m.calls) {
                    if !cx.known_period(&call.period) {
                        let at = cx
                            .loc
                            .id_offset(id, 0)
                            .and_then(|i| cx.loc.after(i, "calls:"));
                        cx.push(
                            at,
                            format!(
                                "a milestone of {} has a call in unknown period {}",
                                quoted(id),
                                quoted(&call.period)
                            ),
                        );
                    }
                }
            }
        }
    }
}

/// The people section (names given, a spelling meaning one person only) and the leads'
/// proposals (actions, periods and ratings the plan has).
fn check_people(cx: &mut Ctx, plan: &Plan) {
    let mut meant: HashMap<String, &str> = HashMap::new();
    for person in &plan.people {
        let at = cx
            .loc
            .after(0, "people:")
            .and_then(|s| cx.loc.after(s, &format!("name: {}", quoted(&person.name))));
        if person.name.trim().is_empty() {
            cx.push(at, "a person in `people` has an empty name".into());
        }
        for spelling in std::iter::once(&person.name).chain(&person.variants) {
            let key = spelling
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            match meant.insert(key, person.name.as_str()) {
                Some(other) if other != person.name => cx.push(
                    at,
                    format!(
                        "{} is given for two people in `people`: {} and {}",
                        quoted(spelling),
                        quoted(other),
                        quoted(&person.name)
                    ),
                ),
                _ => {}
            }
        }
    }
    for p in &plan.proposals {
        let mut problems = Vec::new();
        if !cx.is_action(&p.item) {
            problems.push(format!(
                "a proposal names unknown action {}",
                quoted(&p.item)
            ));
        }
        if !cx.known_period(&p.period) {
            problems.push(format!(
                "the proposal on {} names unknown period {}",
                quoted(&p.item),
                quoted(&p.period)
            ));
        }
        if let Some(r) = p.rating
            && !cx.on_scale(r)
        {
            problems.push(format!(
                "the proposal on {} is rated {r}, which is not on the scale",
                quoted(&p.item)
            ));
        }
        if problems.is_empty() {
            continue;
        }
        let at = cx.loc.after(0, "proposals:");
        for m in problems {
            cx.push(at, m);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::generate::{Spec, generate};
    use crate::store::to_canonical;

    /// A generated plan with a problem in every action (an off-scale rating) and a duplicate
    /// id in every tenth, as text.
    fn broken(actions: usize) -> (Plan, String) {
        let mut plan = generate(&Spec {
            actions,
            periods: 4,
            seed: 3,
        });
        let mut k = 0;
        for p in plan.priorities_mut() {
            for o in &mut p.objectives {
                let mut prev: Option<String> = None;
                for a in &mut o.actions {
                    a.ratings.insert("initial", 9);
                    k += 1;
                    if k % 10 == 0
                        && let Some(id) = prev.take()
                    {
                        a.id = id;
                    }
                    prev = Some(a.id.clone());
                }
            }
        }
        let text = to_canonical(&plan).unwrap();
        (plan, text)
    }

    #[test]
    fn a_valid_plan_never_scans_its_text() {
        let plan = generate(&Spec {
            actions: 500,
            periods: 4,
            seed: 3,
        });
        let text = to_canonical(&plan).unwrap();
        let (problems, steps) = validate_counted(&plan, &text, Path::new("p.ron"));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(steps, 0);
    }

    #[test]
    fn placing_problems_grows_linearly_with_the_plan() {
        let (small, small_text) = broken(1000);
        let (big, big_text) = broken(4000);
        let (p1, s1) = validate_counted(&small, &small_text, Path::new("p.ron"));
        let (p2, s2) = validate_counted(&big, &big_text, Path::new("p.ron"));
        // Every action is wrong, so every one is placed.
        assert!(
            p1.len() >= 1000 && p2.len() >= 4000,
            "{} {}",
            p1.len(),
            p2.len()
        );
        assert!(p1.iter().all(|p| p.at.is_some()));
        // Work per byte of text stays bounded: a scan per item would make the bigger plan
        // cost 16 times the smaller, not 4.
        let per_byte = |steps: usize, text: &str| steps as f64 / text.len() as f64;
        let (r1, r2) = (per_byte(s1, &small_text), per_byte(s2, &big_text));
        assert!(
            r1 < 4.0 && r2 < 4.0,
            "bytes examined per byte of text: {r1} {r2}"
        );
        assert!(r2 / r1 < 1.3, "work per byte grew from {r1} to {r2}");
    }

    #[test]
    fn problems_are_placed_at_their_item() {
        let (plan, text) = broken(30);
        let problems = validate(&plan, &text, Path::new("p.ron"));
        let lines: Vec<&str> = text.lines().collect();
        for p in &problems {
            let (line, col) = p.at.unwrap();
            let here = &lines[line - 1][col - 1..];
            if p.message.starts_with("rating 9") {
                assert!(here.starts_with("\"initial\": 9"), "{p}: {here}");
            } else {
                assert!(p.message.starts_with("duplicate id"), "{p}");
                assert!(here.starts_with("id: "), "{p}: {here}");
            }
        }
        assert!(
            problems
                .iter()
                .any(|p| p.message.starts_with("duplicate id"))
        );
    }
}
