//! App state and the one place it changes: `update(action)`. A key becomes an `Action`
//! through the keymap; nothing here touches the terminal, so tests drive it directly.

pub mod agenda;
mod edit;
pub mod keymap;

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::model::session::Session;
use crate::model::{self, Plan, Rating};
use crate::store::document::Document;
use crate::store::journal::Recovered;
use crate::theme::{Theme, ThemeName};
pub use agenda::Node;
pub use edit::period_for;
pub use keymap::Keymap;

/// Everything a user can ask of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Up,
    Down,
    Expand,
    Collapse,
    Toggle,
    Next,
    Prev,
    NextPriority,
    PrevPriority,
    First,
    Last,
    ToggleReviewed,
    NextUnreviewed,
    FocusNext,
    TogglePresent,
    CycleTheme,
    Help,
    Close,
    Quit,
    /// Set the active period's rating of the selected action.
    Rate(Rating),
    Clear,
    Note,
    Undo,
    Redo,
    Save,
    SaveAs,
    Periods,
    Changes,
    /// Text input in a form.
    Type(char),
    Erase,
    NextField,
    Submit,
    /// A letter answering a prompt.
    Choose(char),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Outline,
    Detail,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help,
    /// The note form: the reason for a change and the action's progress update.
    Note(NoteForm),
    /// Choose the active period, or start one for this meeting.
    Periods {
        selected: usize,
    },
    /// The changes made in this meeting.
    Changes,
    /// An earlier session's unsaved changes were found.
    Replay {
        recovered: Recovered,
        same_plan: bool,
    },
    ConfirmQuit,
    /// The file changed on disk; saving was refused.
    Conflict(String),
    SaveAs {
        path: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteField {
    Reason,
    Progress,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NoteForm {
    /// Action id.
    pub item: String,
    /// A rating waiting for its note (a level that needs evidence).
    pub pending: Option<Rating>,
    pub reason: String,
    pub progress: String,
    pub field: NoteField,
}

/// Options the app starts with (from flags and the config file).
#[derive(Debug, Clone)]
pub struct Options {
    pub theme: ThemeName,
    /// The meeting date, for "overdue".
    pub today: NaiveDate,
    pub keymap: Keymap,
    /// Who records changes.
    pub user: String,
}

#[derive(Debug)]
pub struct App {
    pub plan: Plan,
    pub agenda: Vec<Node>,
    /// Index into `agenda` of the current item.
    pub pos: usize,
    /// Collapsed priorities and objectives.
    pub collapsed: HashSet<Node>,
    /// Ids of items ticked as reviewed in this meeting.
    pub reviewed: HashSet<String>,
    pub focus: Focus,
    pub detail_scroll: u16,
    /// Scroll of the help overlay (it may be taller than the screen).
    pub overlay_scroll: u16,
    pub presenting: bool,
    pub overlay: Option<Overlay>,
    pub theme: Theme,
    pub keymap: Keymap,
    /// Index into `plan.periods` of the active period.
    pub period: usize,
    pub today: NaiveDate,
    pub user: String,
    /// Edits since the plan was loaded or last saved.
    pub session: Session,
    /// `session.done` as last saved: the session is dirty when they differ.
    pub saved_done: Vec<model::Change>,
    /// A period was started and not yet saved.
    pub periods_unsaved: bool,
    /// The file behind the plan; `None` in tests that need no file.
    pub doc: Option<Document>,
    /// A fixed clock for tests; the real time otherwise.
    pub fixed_now: Option<DateTime<Utc>>,
    pub status: Option<String>,
    pub quit: bool,
}

impl App {
    pub fn new(plan: Plan, opts: Options) -> App {
        let agenda = agenda::build(&plan);
        let period = default_period(&plan);
        App {
            plan,
            agenda,
            pos: 0,
            collapsed: HashSet::new(),
            reviewed: HashSet::new(),
            focus: Focus::Outline,
            detail_scroll: 0,
            overlay_scroll: 0,
            presenting: false,
            overlay: None,
            theme: Theme::new(opts.theme),
            keymap: opts.keymap,
            period,
            today: opts.today,
            user: opts.user,
            session: Session::default(),
            saved_done: Vec::new(),
            periods_unsaved: false,
            doc: None,
            fixed_now: None,
            status: None,
            quit: false,
        }
    }

    /// Attach the file behind the plan; offers to replay what an earlier session left.
    pub fn attach(&mut self, doc: Document) {
        match doc.recover() {
            Ok(Some(recovered)) => {
                let same_plan = doc.matches(&recovered);
                self.overlay = Some(Overlay::Replay {
                    recovered,
                    same_plan,
                });
            }
            Ok(None) => {}
            Err(e) => self.status = Some(format!("Cannot read the journal: {e}")),
        }
        self.doc = Some(doc);
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.fixed_now.unwrap_or_else(Utc::now)
    }

    /// Unsaved edits?
    pub fn dirty(&self) -> bool {
        self.session.done != self.saved_done || self.periods_unsaved
    }

    /// How many of `session.done` are saved (a prefix of it).
    pub fn saved_count(&self) -> usize {
        self.session
            .done
            .iter()
            .zip(&self.saved_done)
            .take_while(|(a, b)| a == b)
            .count()
    }

    pub fn current(&self) -> Option<Node> {
        self.agenda.get(self.pos).copied()
    }

    pub fn period_id(&self) -> &str {
        self.plan
            .periods
            .get(self.period)
            .map_or("", |p| p.id.as_str())
    }

    pub fn period_label(&self) -> &str {
        self.plan
            .periods
            .get(self.period)
            .map_or("(no period)", |p| p.label.as_str())
    }

    /// The outline rows: agenda items whose parents are expanded (measures show as their action).
    pub fn outline(&self) -> Vec<Node> {
        self.agenda
            .iter()
            .copied()
            .filter(|n| !matches!(n, Node::Measure(..)))
            .filter(|n| {
                let mut up = n.parent();
                while let Some(p) = up {
                    if self.collapsed.contains(&p) {
                        return false;
                    }
                    up = p.parent();
                }
                true
            })
            .collect()
    }

    /// Row of the outline that shows the current item.
    pub fn outline_row(&self) -> usize {
        let Some(cur) = self.current() else { return 0 };
        let target = cur.outline_node();
        self.outline()
            .iter()
            .position(|n| *n == target)
            .unwrap_or(0)
    }

    pub fn has_children(&self, node: Node) -> bool {
        let pl = &self.plan;
        match node {
            Node::Priority(p) => !pl.priorities[p].objectives.is_empty(),
            Node::Objective(p, o) => !pl.priorities[p].objectives[o].actions.is_empty(),
            _ => false,
        }
    }

    pub fn is_reviewed(&self, node: Node) -> bool {
        self.reviewed.contains(&node.id(&self.plan))
    }

    /// Items still to review (measures count with their action).
    pub fn to_review(&self) -> usize {
        self.agenda
            .iter()
            .filter(|n| !matches!(n, Node::Measure(..)) && !self.is_reviewed(**n))
            .count()
    }

    /// Items the agenda counts for "item k of N" (measures are steps within their action).
    pub fn item_count(&self) -> usize {
        self.agenda
            .iter()
            .filter(|n| !matches!(n, Node::Measure(..)))
            .count()
    }

    /// 1-based number of the current item among `item_count()`.
    pub fn item_number(&self) -> usize {
        self.agenda[..=self.pos.min(self.agenda.len().saturating_sub(1))]
            .iter()
            .filter(|n| !matches!(n, Node::Measure(..)))
            .count()
    }

    /// The model action under the cursor, if the current item is an action or measure.
    pub fn current_action(&self) -> Option<&model::Action> {
        match self.current()? {
            Node::Action(p, o, a) | Node::Measure(p, o, a, _) => {
                Some(&self.plan.priorities[p].objectives[o].actions[a])
            }
            _ => None,
        }
    }

    /// Overdue: due before the meeting date and not at a "complete" level in the active
    /// period (or the latest period rated before it).
    pub fn is_overdue(&self, action: &model::Action) -> bool {
        let Some(due) = action.due else { return false };
        if due.deadline() >= self.today {
            return false;
        }
        let latest = self.plan.periods
            [..=self.period.min(self.plan.periods.len().saturating_sub(1))]
            .iter()
            .rev()
            .find_map(|p| action.rating(&p.id));
        !latest
            .and_then(|r| self.plan.scale.level(r))
            .is_some_and(|l| l.complete)
    }

    fn go_to(&mut self, pos: usize) {
        if pos < self.agenda.len() {
            self.pos = pos;
            self.detail_scroll = 0;
            // Stepping through the agenda opens what it steps into.
            let mut up = self.agenda[pos].parent();
            while let Some(p) = up {
                self.collapsed.remove(&p);
                up = p.parent();
            }
        }
    }

    fn go_to_node(&mut self, node: Node) {
        if let Some(i) = self.agenda.iter().position(|n| *n == node) {
            self.go_to(i);
        }
    }

    fn move_in_outline(&mut self, delta: isize) {
        let rows = self.outline();
        let row = self.outline_row() as isize + delta;
        if row >= 0 && (row as usize) < rows.len() {
            self.go_to_node(rows[row as usize]);
        }
    }
}

/// The last period with any rating: where a meeting picks up. The first when none is rated.
fn default_period(plan: &Plan) -> usize {
    plan.periods
        .iter()
        .rposition(|p| plan.actions().any(|a| a.rating(&p.id).is_some()))
        .unwrap_or(0)
}

/// Turn a key event into an action: an open form or prompt first, then the rating keys
/// (digits, and the scale's letters), then the keymap.
pub fn action_for_key(app: &App, ev: &KeyEvent) -> Option<Action> {
    if ev.kind == KeyEventKind::Release {
        return None;
    }
    let plain_char = match ev.code {
        KeyCode::Char(c)
            if !ev
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(c)
        }
        _ => None,
    };
    let action = app.keymap.action_for(ev);
    match &app.overlay {
        Some(Overlay::Note(_) | Overlay::SaveAs { .. }) => {
            return match ev.code {
                KeyCode::Esc => Some(Action::Close),
                KeyCode::Enter => Some(Action::Submit),
                KeyCode::Tab | KeyCode::BackTab => Some(Action::NextField),
                KeyCode::Backspace => Some(Action::Erase),
                _ => plain_char.map(Action::Type),
            };
        }
        Some(Overlay::Periods { .. }) => {
            return match ev.code {
                KeyCode::Esc => Some(Action::Close),
                KeyCode::Enter => Some(Action::Submit),
                KeyCode::Up | KeyCode::Char('k') => Some(Action::Up),
                KeyCode::Down | KeyCode::Char('j') => Some(Action::Down),
                _ => None,
            };
        }
        Some(Overlay::Replay { .. } | Overlay::ConfirmQuit | Overlay::Conflict(_)) => {
            return match ev.code {
                KeyCode::Esc => Some(Action::Close),
                _ => plain_char.map(Action::Choose),
            };
        }
        Some(Overlay::Help | Overlay::Changes) => {
            // Any of these closes an overlay; arrows scroll; other keys are ignored.
            return match action {
                Some(Action::Up | Action::Down) => action,
                Some(Action::Help | Action::Close | Action::Quit | Action::Changes) => {
                    Some(Action::Close)
                }
                _ => None,
            };
        }
        None => {}
    }
    if let Some(c) = plain_char {
        if let Some(d) = c.to_digit(10) {
            return Some(if d == 0 {
                Action::Clear
            } else {
                Action::Rate(d as Rating)
            });
        }
        if let Some(level) = app.plan.scale.levels.iter().find(|l| l.key == Some(c)) {
            return Some(Action::Rate(level.value));
        }
    }
    action
}

/// The only place app state changes.
pub fn update(app: &mut App, action: Action) {
    app.status = None;
    if app.overlay.is_some() && edit::in_overlay(app, action) {
        return;
    }
    match action {
        Action::Quit => {
            if app.dirty() {
                app.overlay = Some(Overlay::ConfirmQuit);
            } else {
                edit::quit(app);
            }
        }
        Action::Help => {
            app.overlay_scroll = 0;
            app.overlay = match app.overlay {
                Some(Overlay::Help) => None,
                _ => Some(Overlay::Help),
            }
        }
        Action::Close => app.overlay = None,
        Action::Next => app.go_to(app.pos + 1),
        Action::Prev => {
            if app.pos > 0 {
                app.go_to(app.pos - 1);
            }
        }
        Action::First => app.go_to(0),
        Action::Last => app.go_to(app.agenda.len().saturating_sub(1)),
        Action::NextPriority => {
            if let Some(cur) = app.current() {
                let next = Node::Priority(cur.priority() + 1);
                app.go_to_node(next);
            }
        }
        Action::PrevPriority => {
            if let Some(cur) = app.current() {
                let p = cur.priority();
                // From inside a priority, go to its head first; from a head, to the one before.
                let target = if cur == Node::Priority(p) {
                    p.checked_sub(1)
                } else {
                    Some(p)
                };
                if let Some(t) = target {
                    app.go_to_node(Node::Priority(t));
                }
            }
        }
        Action::Up | Action::Down => {
            let delta = if action == Action::Up { -1 } else { 1 };
            if app.focus == Focus::Detail && !app.presenting {
                app.detail_scroll = app.detail_scroll.saturating_add_signed(delta as i16);
            } else if app.presenting {
                if delta < 0 && app.pos > 0 {
                    app.go_to(app.pos - 1);
                } else if delta > 0 {
                    app.go_to(app.pos + 1);
                }
            } else {
                app.move_in_outline(delta);
            }
        }
        Action::Expand => {
            if let Some(cur) = app.current().map(Node::outline_node) {
                if app.collapsed.remove(&cur) {
                    // Opened it; stay.
                } else if app.has_children(cur) {
                    app.move_in_outline(1);
                }
            }
        }
        Action::Collapse => {
            if let Some(cur) = app.current().map(Node::outline_node) {
                if app.has_children(cur) && !app.collapsed.contains(&cur) {
                    app.collapsed.insert(cur);
                } else if let Some(parent) = cur.parent() {
                    app.go_to_node(parent);
                    app.collapsed.insert(parent);
                }
            }
        }
        Action::Toggle => {
            if let Some(cur) = app.current().map(Node::outline_node)
                && app.has_children(cur)
                && !app.collapsed.remove(&cur)
            {
                app.collapsed.insert(cur);
            }
        }
        Action::ToggleReviewed => {
            if let Some(cur) = app.current() {
                let id = cur.id(&app.plan);
                if !app.reviewed.remove(&id) {
                    app.reviewed.insert(id);
                }
            }
        }
        Action::NextUnreviewed => {
            let n = app.agenda.len();
            let found = (1..=n).map(|k| (app.pos + k) % n).find(|&i| {
                !matches!(app.agenda[i], Node::Measure(..)) && !app.is_reviewed(app.agenda[i])
            });
            match found {
                Some(i) => app.go_to(i),
                None => app.status = Some("Every item has been reviewed.".into()),
            }
        }
        Action::FocusNext => {
            app.focus = match app.focus {
                Focus::Outline => Focus::Detail,
                Focus::Detail => Focus::Outline,
            }
        }
        Action::TogglePresent => app.presenting = !app.presenting,
        Action::Rate(v) => edit::rate(app, v),
        Action::Clear => edit::clear(app),
        Action::Note => edit::open_note(app),
        Action::Undo => edit::undo(app),
        Action::Redo => edit::redo(app),
        Action::Save => {
            edit::save(app);
        }
        Action::SaveAs => edit::open_save_as(app),
        Action::Periods => {
            app.overlay = Some(Overlay::Periods {
                selected: app.period,
            })
        }
        Action::Changes => {
            app.overlay_scroll = 0;
            app.overlay = Some(Overlay::Changes);
        }
        // Form and prompt input only means something with a form or prompt open.
        Action::Type(_)
        | Action::Erase
        | Action::NextField
        | Action::Submit
        | Action::Choose(_) => {}
        Action::CycleTheme => {
            app.theme = Theme::new(app.theme.name.next());
            app.status = Some(format!("Theme: {}", app.theme.name.as_str()));
        }
    }
}
