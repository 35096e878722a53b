//! Recording what the board itself decides: a decision or agreed action on an item (or the
//! plan), closing one with a note, a key milestone called met, missed or given a new date,
//! the board's judgement of a priority, and review ticks. Each opens a form (`Form`), and
//! its submission asks the meeting for the change; this module chooses what to ask and
//! turns outcomes and errors into words.

use chrono::NaiveDate;

use super::edit::explain;
use super::{Action, App, Editor, Node, Overlay};
use crate::model::minutes;
use crate::model::{
    self, CallKind, DecisionKind, DecisionStatus, Due, LevelNames, Rating, figures, rollup,
};

/// A form of the board's records: what it is for, its fields, and the one being typed in.
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub purpose: Purpose,
    pub fields: Vec<Field>,
    pub focus: usize,
}

/// What a form records when it is submitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    /// A decision or agreed action (kind, words, owner, due and the item it is on).
    Decide,
    /// A call on the milestone at `index` of `item`'s list.
    Call {
        item: String,
        index: usize,
        kind: CallKind,
    },
    /// The board's judgement of a priority (or a group, where the plan's top tier is its
    /// groups) in the meeting's period; `word` is its level's name.
    Judge { priority: String, word: String },
    /// A decision's or agreed action's new status, with a note.
    Settle { id: String },
    /// The board rates `item` otherwise than its lead proposed: its reason.
    Challenge { item: String, value: Option<Rating> },
}

/// One field of a form.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub label: &'static str,
    /// What to type, shown beside a one-line field ("YYYY-MM, or YYYY-MM-DD...").
    pub help: &'static str,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Words, on several lines.
    Text(Box<Editor>),
    /// One line (a name, a date, an item's number).
    Line(String),
    /// One of a few: a typed letter picks one (Space takes the next).
    Pick {
        options: Vec<(char, String)>,
        chosen: usize,
    },
}

impl Field {
    pub(super) fn text(label: &'static str, text: &str) -> Field {
        Field {
            label,
            help: "",
            value: Value::Text(Box::new(Editor::new(text))),
        }
    }

    fn line(label: &'static str, help: &'static str, text: &str) -> Field {
        Field {
            label,
            help,
            value: Value::Line(text.to_string()),
        }
    }

    fn pick(label: &'static str, options: Vec<(char, String)>, chosen: usize) -> Field {
        Field {
            label,
            help: "",
            value: Value::Pick { options, chosen },
        }
    }

    /// The text of a text or line field; the chosen letter of a pick.
    pub fn content(&self) -> String {
        match &self.value {
            Value::Text(e) => e.text(),
            Value::Line(s) => s.clone(),
            Value::Pick { options, chosen } => options
                .get(*chosen)
                .map(|(c, _)| c.to_string())
                .unwrap_or_default(),
        }
    }
}

impl Form {
    pub(super) fn new(purpose: Purpose, fields: Vec<Field>, focus: usize) -> Form {
        Form {
            purpose,
            fields,
            focus,
        }
    }

    /// The title of its box.
    pub fn title(&self, names: &LevelNames) -> String {
        match &self.purpose {
            Purpose::Decide => "Decision or agreed action".into(),
            Purpose::Call { kind, .. } => format!("Milestone {}", kind.word()),
            Purpose::Judge { priority, word } => {
                let _ = names;
                format!("The board's judgement of {word} {priority}")
            }
            Purpose::Settle { .. } => "Close with a note".into(),
            Purpose::Challenge { item, .. } => format!("Challenge the proposal on {item}"),
        }
    }

    /// Whether the field being typed in takes several lines (a new line means something).
    pub fn takes_lines(&self) -> bool {
        matches!(
            self.fields.get(self.focus).map(|f| &f.value),
            Some(Value::Text(_))
        )
    }

    pub(super) fn get(&self, label: &str) -> String {
        self.fields
            .iter()
            .find(|f| f.label == label)
            .map(Field::content)
            .unwrap_or_default()
    }

    /// Type into the field in focus (`Type`, `Erase`, a cursor key, a new line) or move
    /// to the next field.
    fn edit(&mut self, a: Action) {
        if a == Action::NextField {
            self.focus = (self.focus + 1) % self.fields.len().max(1);
            return;
        }
        let Some(f) = self.fields.get_mut(self.focus) else {
            return;
        };
        match (&mut f.value, a) {
            (Value::Text(e), Action::Type(c)) => e.insert_char(c),
            (Value::Text(e), Action::Erase) => e.backspace(),
            (Value::Text(e), Action::Edit(key)) => e.key(key),
            (Value::Text(e), Action::Newline) => e.newline(),
            (Value::Line(s), Action::Type(c)) => s.push(c),
            (Value::Line(s), Action::Erase) => {
                s.pop();
            }
            (Value::Pick { options, chosen }, Action::Type(' ')) => {
                *chosen = (*chosen + 1) % options.len().max(1);
            }
            (Value::Pick { options, chosen }, Action::Type(c)) => {
                if let Some(i) = options.iter().position(|(k, _)| *k == c) {
                    *chosen = i;
                }
            }
            _ => {}
        }
    }

    /// Pasted text into the field in focus (one line into a one-line field).
    pub fn paste(&mut self, text: &str) {
        match self.fields.get_mut(self.focus).map(|f| &mut f.value) {
            Some(Value::Text(e)) => e.paste(text),
            Some(Value::Line(s)) => s.push_str(text.lines().next().unwrap_or_default()),
            _ => {}
        }
    }
}

/// The meeting's own period: what the board's records are made in. `None` (saying why) when
/// there is none yet, or the active period is a past one.
fn meeting_period(app: &mut App) -> Option<String> {
    if let Some(p) = app.meeting_period.clone()
        && !app.in_past_period()
    {
        return Some(p);
    }
    let key = app
        .keymap
        .key_for(Action::Periods)
        .unwrap_or_else(|| "v".into());
    app.refuse(if app.meeting_period.is_some() {
        format!(
            "{} is a past period: the board records into this meeting's period ({key} goes back to it).",
            app.period_label()
        )
    } else {
        format!("No period for this meeting yet: {key} starts one, then the board's records go into it.")
    });
    None
}

/// Whether the plan may be changed here; says why not.
fn writable(app: &mut App) -> bool {
    match app.meeting.read_only() {
        Some(h) => {
            let e = crate::meeting::MeetingError::ReadOnly(h.clone());
            app.refuse(explain(app, &e));
            false
        }
        None => true,
    }
}

/// `d`: a decision or agreed action on the selected item.
pub fn open_decide(app: &mut App) {
    if !writable(app) || meeting_period(app).is_none() {
        return;
    }
    let on = app
        .current()
        .map(|n| n.outline_node().id(app.plan()))
        .unwrap_or_default();
    let form = Form::new(
        Purpose::Decide,
        vec![
            Field::text("Words", ""),
            Field::pick(
                "Kind",
                vec![
                    ('d', "decision".to_string()),
                    ('a', "agreed action".to_string()),
                ],
                0,
            ),
            Field::line("Owner", "who will do it", ""),
            Field::line("Due", "YYYY-MM, YYYY-MM-DD, YYYY or 2018/19", ""),
            Field::line("On", "an item's number; empty: the whole plan", &on),
        ],
        0,
    );
    app.show(Overlay::Form(Box::new(form)));
}

/// `K`: the selected item's key milestones, to call one met, missed or a new date.
pub fn open_milestones(app: &mut App) {
    let Some(node) = app.current() else { return };
    let item = node.outline_node().id(app.plan());
    let has = app
        .plan()
        .milestones_of(&item)
        .is_some_and(|m| !m.is_empty());
    if !has {
        let n = &app.plan().names;
        app.refuse(format!(
            "{item} has no key milestones: they belong to {} and {} items that list them.",
            n.objective.to_lowercase(),
            n.action.to_lowercase()
        ));
        return;
    }
    if !writable(app) || meeting_period(app).is_none() {
        return;
    }
    app.show(Overlay::Milestones { item, selected: 0 });
}

/// A call chosen in the milestones list: its form (the date it was met, or the new date,
/// and a note).
pub fn open_call(app: &mut App, item: String, index: usize, kind: CallKind) {
    let today = app.today.format("%Y-%m-%d").to_string();
    let mut fields = Vec::new();
    match kind {
        CallKind::Met => fields.push(Field::line(
            "Met on",
            "the day it was met, YYYY-MM-DD",
            &today,
        )),
        CallKind::Changed => fields.push(Field::line(
            "New date",
            "YYYY-MM, YYYY-MM-DD, YYYY or 2018/19",
            "",
        )),
        CallKind::Missed => {}
    }
    fields.push(Field::text("Note", ""));
    let form = Form::new(Purpose::Call { item, index, kind }, fields, 0);
    app.show(Overlay::Form(Box::new(form)));
}

/// `B`: the board's judgement of the selected priority (or the priority of the selected
/// item; or the selected group, where the plan's top tier is its groups) in the meeting's
/// period, beside the recomputed mean.
pub fn open_judge(app: &mut App) {
    let Some(node) = app.current() else { return };
    if !writable(app) || meeting_period(app).is_none() {
        return;
    }
    let plan = app.plan();
    let (priority, judgements) = match node {
        Node::Group(g) => {
            let Some(gr) = plan.groups.get(g) else { return };
            (gr.id.clone(), &gr.judgements)
        }
        _ => {
            let Some(pr) = plan.priority_at(node.priority(plan)) else {
                return;
            };
            (pr.id.clone(), &pr.judgements)
        }
    };
    let now = judgements.get(app.period_id()).copied();
    let word = judged(plan, &priority, app.period_id()).map_or_else(String::new, |j| j.word);
    let mut options = vec![('0', "none".to_string())];
    let mut chosen = 0;
    for l in &plan.scale.levels {
        let key = l
            .key
            .or_else(|| char::from_digit(u32::from(l.value), 10))
            .unwrap_or('?');
        if now == Some(l.value) {
            chosen = options.len();
        }
        options.push((key, l.name.clone()));
    }
    let form = Form::new(
        Purpose::Judge { priority, word },
        vec![
            Field::pick("Judgement", options, chosen),
            Field::text("Why", ""),
        ],
        0,
    );
    app.show(Overlay::Form(Box::new(form)));
}

/// What the board judges: its level's name ("Priority", or the group's), its title, and
/// its figures in a period recomputed from its actions.
pub struct Judged {
    pub word: String,
    pub title: String,
    pub stats: rollup::PeriodStats,
}

/// The priority or group `id`, as the board judges it in `period`.
pub fn judged(plan: &model::Plan, id: &str, period: &str) -> Option<Judged> {
    if let Some(pr) = plan.priorities.iter().find(|p| p.id == id) {
        return Some(Judged {
            word: plan.names.priority.clone(),
            title: pr.title.clone(),
            stats: rollup::priority_stats(plan, pr, period),
        });
    }
    let g = plan.groups.iter().position(|g| g.id == id)?;
    Some(Judged {
        word: plan.names.group().to_string(),
        title: plan.groups[g].title.clone(),
        stats: rollup::group_stats(plan, g, period),
    })
}

/// The recomputed figure a judgement sits beside: "2.4 from 10 of 12 actions".
pub fn recomputed(app: &App, priority: &str) -> String {
    let plan = app.plan();
    judged(plan, priority, app.period_id())
        .map(|j| figures::mean_with_coverage(plan, &j.stats))
        .unwrap_or_default()
}

/// `e` on the matters arising: close the selected decision or agreed action with a note
/// (or open it again).
pub fn open_settle(app: &mut App, id: String) {
    if !writable(app) || meeting_period(app).is_none() {
        return;
    }
    let status = app.plan().decision(&id).map(|d| d.status);
    let chosen = match status {
        // An open one is most often closed as done; a closed one, opened again.
        Some(DecisionStatus::Open) | None => 0,
        Some(_) => 2,
    };
    let form = Form::new(
        Purpose::Settle { id },
        vec![
            Field::pick(
                "Status",
                vec![
                    ('d', "done".to_string()),
                    ('x', "dropped".to_string()),
                    ('o', "open".to_string()),
                ],
                chosen,
            ),
            Field::text("Note", ""),
        ],
        1,
    );
    app.show(Overlay::Form(Box::new(form)));
}

/// A due date as typed; `Ok(None)` when left empty.
fn due(text: &str) -> Result<Option<Due>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<Due>().map(Some)
}

/// Handle an action while a form is open.
pub fn in_form(app: &mut App, mut form: Box<Form>, action: Action) {
    match action {
        Action::Close => {}
        Action::Submit => submit(app, form),
        a => {
            form.edit(a);
            app.show(Overlay::Form(form));
        }
    }
}

/// Record what the form says; on a refusal the form stays open with what was typed.
fn submit(app: &mut App, form: Box<Form>) {
    let Some(period) = meeting_period(app) else {
        return;
    };
    let today = app.today;
    let result = match &form.purpose {
        Purpose::Decide => decide(app, &form, &period, today),
        Purpose::Call { item, index, kind } => {
            call(app, &form, item, *index, *kind, &period, today)
        }
        Purpose::Judge { priority, word } => judge(app, &form, priority, word, &period),
        Purpose::Settle { id } => settle(app, &form, id, &period, today),
        Purpose::Challenge { item, value } => {
            super::proposals::challenge(app, &form, item, *value, &period)
        }
    };
    match result {
        Ok(words) => app.done(words),
        Err(why) => {
            app.refuse(why);
            app.show(Overlay::Form(form));
        }
    }
}

fn decide(app: &mut App, form: &Form, period: &str, today: NaiveDate) -> Result<String, String> {
    let kind = match form.get("Kind").as_str() {
        "a" => DecisionKind::Action,
        _ => DecisionKind::Decision,
    };
    let on = form.get("On");
    let on = on.trim();
    let item = (!on.is_empty()).then_some(on);
    if let Some(id) = item
        && !app.meeting.index().is_item(id)
    {
        return Err(format!(
            "No item numbered {id:?}: give an item's number, or leave On empty for the whole plan."
        ));
    }
    let due = due(&form.get("Due")).map_err(|e| format!("Due: {e}"))?;
    let owner = form.get("Owner");
    let d = app
        .meeting
        .decide(
            kind,
            item,
            &form.get("Words"),
            Some(owner.as_str()),
            due,
            period,
            today,
        )
        .map_err(|e| explain(app, &e))?;
    let on = minutes::item_words(app.plan(), app.meeting.index(), d.item.as_deref(), 24);
    Ok(format!(
        "Recorded {} {} on {on}",
        model::names::article(d.kind.word()),
        d.kind.word()
    ))
}

#[allow(clippy::too_many_arguments)]
fn call(
    app: &mut App,
    form: &Form,
    item: &str,
    index: usize,
    kind: CallKind,
    period: &str,
    today: NaiveDate,
) -> Result<String, String> {
    let (date, new_due) = match kind {
        CallKind::Met => {
            let t = form.get("Met on");
            let d = NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d").map_err(|_| {
                format!("Met on: expected a day as YYYY-MM-DD, found {:?}", t.trim())
            })?;
            (d, None)
        }
        CallKind::Changed => {
            let d = due(&form.get("New date"))
                .map_err(|e| format!("New date: {e}"))?
                .ok_or("New date: give the milestone's new date")?;
            (today, Some(d))
        }
        CallKind::Missed => (today, None),
    };
    let note = form.get("Note");
    app.meeting
        .call(
            item,
            index,
            kind,
            date,
            new_due,
            Some(note.as_str()),
            period,
        )
        .map_err(|e| explain(app, &e))?;
    Ok(format!(
        "Milestone {} of {item}: {}",
        index + 1,
        kind.word()
    ))
}

fn judge(
    app: &mut App,
    form: &Form,
    priority: &str,
    word: &str,
    period: &str,
) -> Result<String, String> {
    let key = form.get("Judgement").chars().next().unwrap_or('0');
    let level = app
        .plan()
        .scale
        .levels
        .iter()
        .find(|l| l.key == Some(key) || char::from_digit(u32::from(l.value), 10) == Some(key))
        .map(|l| l.value);
    let note = Some(form.get("Why")).filter(|n| !n.trim().is_empty());
    let c = app
        .meeting
        .judge(priority, period, level, note)
        .map_err(|e| explain(app, &e))?;
    Ok(format!(
        "The board's judgement of {word} {priority} in {}: {}",
        app.period_label(),
        level_words(app, c.to)
    ))
}

fn level_words(app: &App, r: Option<Rating>) -> String {
    match r.and_then(|r| app.plan().scale.level(r)) {
        Some(l) => format!("{} {}", l.label, l.name),
        None => "none".into(),
    }
}

fn settle(
    app: &mut App,
    form: &Form,
    id: &str,
    period: &str,
    today: NaiveDate,
) -> Result<String, String> {
    let status = match form.get("Status").as_str() {
        "x" => DecisionStatus::Dropped,
        "o" => DecisionStatus::Open,
        _ => DecisionStatus::Done,
    };
    let note = form.get("Note");
    let d = app
        .meeting
        .settle(id, status, Some(note.as_str()), period, today)
        .map_err(|e| explain(app, &e))?;
    Ok(format!(
        "The {} “{}” is {} now",
        d.kind.word(),
        crate::ui::findbar::fit(&d.text, 40),
        d.status.word()
    ))
}

/// `x`: tick the selected item as reviewed at this meeting, or untick it. An item rated,
/// noted or recorded on at this meeting counts as reviewed without a tick.
pub fn toggle_reviewed(app: &mut App) {
    let Some(cur) = app.current() else { return };
    let id = cur.outline_node().id(app.plan());
    if !writable(app) {
        return;
    }
    let Some(period) = meeting_period(app) else {
        return;
    };
    let ticked = app
        .plan()
        .reviewed
        .get(&period)
        .is_some_and(|s| s.contains(&id));
    if !ticked && app.is_reviewed(cur) {
        app.say(format!(
            "{id} counts as reviewed already: it was rated, noted or recorded on at this meeting."
        ));
        return;
    }
    match app.meeting.review(&period, &id, !ticked) {
        Ok(()) => {
            app.refresh_reviewed();
            app.done(format!(
                "{id} {} · {} of {} reviewed",
                if ticked {
                    "unticked"
                } else {
                    "ticked as reviewed"
                },
                app.reviewed_count(),
                app.item_count()
            ));
        }
        Err(e) => app.refuse(explain(app, &e)),
    }
}
