//! Finding things in a meeting: incremental search, combinable filters that agenda stepping
//! follows, and the whole-plan screens (dashboard, indicators, periods side by side). The
//! view state lives here; what matches and what passes are pure model functions
//! (`model::search`, `model::filter`), recomputed once after each update.

use std::collections::HashSet;

use super::{Action, App, Node};
use crate::model::filter::{self, Context, Filter};
use crate::model::search::{self, Query};

/// The keys of this module, carried inside `Action::Find`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FindAction {
    /// Open the search bar.
    Search,
    /// Previous search match (or filtered item); `n` is the next one.
    PrevMatch,
    /// Open the filter menu.
    FilterMenu,
    /// Clear the search and every filter.
    Reset,
    /// The exception agenda (last period's reds, worse and overdue) on, or off again.
    Exceptions,
    Dashboard,
    Indicators,
    PeriodsGrid,
    /// Matters arising: the board's records open from earlier meetings, and this one's.
    Arising,
}

/// A whole-plan screen in place of the outline and detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// The summary grid; the cursor is on a priority row (or the overall rows after them)
    /// and a period column.
    Dashboard { row: usize, col: usize },
    /// Every indicator; `selected` counts through all priorities' indicators.
    Indicators { selected: usize },
    /// The selected objective's (or priority's) actions across every period.
    Periods { selected: usize },
    /// Matters arising and this meeting's decisions and agreed actions; `selected` counts
    /// through them, earlier ones first (`arising_rows`).
    Arising { selected: usize },
}

/// A condition of the filter menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterKey {
    Level,
    Worse,
    Changed,
    Overdue,
    Unrated,
    Proposed,
    Challenged,
    Missing,
    Person,
    AllOrAny,
    ClearAll,
}

/// The filter menu's keys and what each does: its handling (`filter_menu`), its drawing
/// and the footer follow this one table. A digit sets the level. Where a key also acts on
/// the agenda it means the same thing there: `c` changes (the change log), `0` not rated
/// (it clears a rating), `X` clears the search and filters.
pub const FILTER_KEYS: &[(char, FilterKey, &str)] = &[
    ('r', FilterKey::Level, "at or below a level"),
    ('w', FilterKey::Worse, "worse"),
    ('c', FilterKey::Changed, "changed"),
    ('o', FilterKey::Overdue, "overdue"),
    ('0', FilterKey::Unrated, "not rated"),
    (
        's',
        FilterKey::Proposed,
        "sent in: proposed, not yet agreed",
    ),
    ('C', FilterKey::Challenged, "challenged"),
    ('U', FilterKey::Missing, "no update"),
    ('L', FilterKey::Person, "lead or officer"),
    ('m', FilterKey::AllOrAny, "all or any"),
    ('X', FilterKey::ClearAll, "clear all"),
];

/// The key of a filter condition, as the menu shows it.
pub fn filter_key(which: FilterKey) -> char {
    FILTER_KEYS
        .iter()
        .find(|(_, k, _)| *k == which)
        .map_or('?', |(c, ..)| *c)
}

/// A menu over the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Menu {
    Filter,
    /// The lead/officer picker: typed letters narrow the names.
    People {
        query: String,
        selected: usize,
    },
}

#[derive(Debug, Clone, Default)]
pub struct Find {
    /// The search text as typed.
    pub query: String,
    /// Where the selection was when the search began: Esc goes back there.
    pub origin: Option<usize>,
    /// Agenda positions the search finds.
    pub matches: Vec<usize>,
    pub filter: Filter,
    /// Agenda positions of the actions the filter keeps (empty when no filter is on).
    pub kept: Vec<usize>,
    /// The outline rows a filter leaves: kept actions and the items above them.
    pub visible: HashSet<Node>,
    /// The query `matches` was found for: a longer one looks only among these matches.
    searched: Option<Query>,
    /// The agenda's texts as a search reads them: made at idle moments (or by the first
    /// search), then kept up to the plan item by item as edits change it.
    hay: Option<search::Haystack>,
    /// The haystack while idle moments make it, a slice at a time.
    making: Option<search::Making>,
    /// What the last search run read (the test that keeps it narrowing counts it), and how
    /// many runs there have been.
    pub work: search::Work,
    pub runs: usize,
    /// Where each action's proposal for the filter's period stands, worked out with the
    /// filter (`refresh`) only where that period is not the active one, whose standings
    /// the app keeps (`App::standings`).
    pub standings: crate::model::proposals::Standings,
}

impl Find {
    pub fn searching(&self) -> bool {
        !self.query.trim().is_empty()
    }

    /// The stops that next/previous walk: the search's matches (within the filter, when one
    /// is on), or the filter's actions; `None` when neither is on.
    pub fn stops(&self) -> Option<Vec<usize>> {
        match (self.searching(), self.filter.is_active()) {
            (false, false) => None,
            (true, false) => Some(self.matches.clone()),
            (false, true) => Some(self.kept.clone()),
            (true, true) => {
                let kept: HashSet<usize> = self.kept.iter().copied().collect();
                Some(
                    self.matches
                        .iter()
                        .copied()
                        .filter(|i| kept.contains(i))
                        .collect(),
                )
            }
        }
    }

    /// Whether the search's haystack is made (idle moments, or the first search, make it).
    pub fn indexed(&self) -> bool {
        self.hay.is_some()
    }

    /// Whether the outline shows `node` (a filter hides what it does not keep).
    pub fn shows(&self, node: Node) -> bool {
        !self.filter.is_active() || self.visible.contains(&node)
    }
}

/// The filter's view of the app's plan and meeting.
pub fn context<'a>(app: &'a App, changed: &'a HashSet<String>) -> Context<'a> {
    Context {
        plan: app.plan(),
        index: app.meeting.index(),
        period: app.period,
        today: app.today,
        changed,
        proposals: filter_standings(app),
    }
}

/// The standings the filter reads: the app's own for the active period, else those worked
/// out for the filter's period.
fn filter_standings(app: &App) -> &crate::model::proposals::Standings {
    match app.standings() {
        Some(s) if app.find.filter.period.is_none_or(|p| p == app.period) => s,
        _ => &app.find.standings,
    }
}

/// Recompute matches and the filtered set after an update: ratings, notes and the active
/// period may have changed what passes. One pass over the agenda.
pub fn refresh(app: &mut App) {
    let matches = if app.find.searching() {
        search(app)
    } else {
        // The haystack stays for the next search, which brings it up to the plan.
        app.find.searched = None;
        Vec::new()
    };
    let (kept, visible) = if app.find.filter.is_active() {
        // The active period's standings are the app's, kept up to date before this;
        // another period's are worked out here.
        let other = app.find.filter.period.filter(|p| *p != app.period);
        app.find.standings = match other.and_then(|k| app.plan().periods.get(k)) {
            Some(p) => crate::model::proposals::standings(
                app.plan(),
                &p.id,
                app.meeting.log().map(|(c, _)| c),
            ),
            None => Default::default(),
        };
        let changed = app.meeting.changed_items();
        let kept = app.find.filter.apply(&context(app, &changed), &app.agenda);
        let mut visible = HashSet::new();
        // The selection stays in sight: an action just rated out of the filter does not
        // vanish under the cursor; it goes when the walk moves on.
        let current = app.current().map(Node::outline_node).into_iter();
        for i in kept.iter().map(|&i| app.agenda[i]).chain(current) {
            let mut n = Some(i);
            while let Some(node) = n {
                if !visible.insert(node) {
                    break;
                }
                n = node.parent(app.plan());
            }
        }
        (kept, visible)
    } else {
        (Vec::new(), HashSet::new())
    };
    app.find.matches = matches;
    app.find.kept = kept;
    app.find.visible = visible;
}

/// How long an idle moment spends making the search's haystack, a few thousand items at a
/// time: a key pressed meanwhile waits no longer than a frame.
const IDLE_TIME: std::time::Duration = std::time::Duration::from_millis(40);
const IDLE_STEP: usize = 5_000;

/// Make a slice of the search's haystack before the first search needs it. An existing
/// one is left to the next search to bring up to the plan: what the edits changed is what
/// that search reads again.
pub fn prepare(app: &mut App) {
    if app.find.hay.is_some() {
        return;
    }
    let (plan, agenda, index) = (app.meeting.plan(), &app.agenda, app.meeting.index());
    let mut making = match app.find.making.take() {
        Some(m) if m.len() == agenda.len() => m,
        _ => search::Making::start(plan, agenda, index),
    };
    let start = std::time::Instant::now();
    loop {
        if making.step(plan, agenda, IDLE_STEP) {
            app.find.hay = Some(making.finish(plan, agenda));
            return;
        }
        if start.elapsed() >= IDLE_TIME {
            app.find.making = Some(making);
            return;
        }
    }
}

/// What the query finds now: typed on, only among what the last query found; after an
/// edit, only the items whose texts it changed are read again.
fn search(app: &mut App) -> Vec<usize> {
    let query = Query::new(&app.find.query);
    let (plan, agenda, index) = (app.meeting.plan(), &app.agenda, app.meeting.index());
    let changed = up_to_date(&mut app.find, plan, agenda, index);
    let Some(hay) = &app.find.hay else {
        return Vec::new();
    };
    let last = app.find.searched.replace(query.clone());
    let mut work = search::Work::default();
    let found = match (last, changed) {
        (Some(last), Some(changed)) if query.key().starts_with(&last.key()) => {
            let found = std::mem::take(&mut app.find.matches);
            hay.typed_on(&last, found, &query, changed, &mut work)
        }
        _ => hay.keep(query.words(), (0..agenda.len()).collect(), &mut work),
    };
    // A refresh that read nothing (a key that changed nothing the search reads) is no run.
    if work.examined > 0 {
        app.find.runs += 1;
        app.find.work = work;
    }
    found
}

/// The haystack brought up to the plan: the agenda positions edits changed since the last
/// search, or `None` for one made now (or what idle moments began, finished now, and
/// brought up to the plan: it was made for the plan as it was then).
fn up_to_date(
    find: &mut Find,
    plan: &crate::model::Plan,
    agenda: &[Node],
    index: &crate::model::Index,
) -> Option<Vec<usize>> {
    if let Some(hay) = &mut find.hay {
        return hay.update(plan, agenda, index);
    }
    let mut hay = match find.making.take().filter(|m| m.len() == agenda.len()) {
        Some(m) => m.finish(plan, agenda),
        None => search::Haystack::new(plan, agenda, index),
    };
    let _ = hay.update(plan, agenda, index);
    find.hay = Some(hay);
    None
}

/// Handle `action` if it is this module's or something here is open; `false` leaves it to
/// the usual handling.
pub fn update(app: &mut App, action: Action) -> bool {
    if app.views.typing() {
        typing(app, action);
        return true;
    }
    if let Some(menu) = app.views.menu().cloned() {
        match menu {
            Menu::Filter => filter_menu(app, action),
            Menu::People { query, selected } => people_menu(app, action, query, selected),
        }
        return true;
    }
    if let Some(screen) = app.views.screen()
        && screen_key(app, screen, action)
    {
        return true;
    }
    match action {
        Action::Find(f) => {
            find_action(app, f);
            true
        }
        Action::Next | Action::Prev => step(app, if action == Action::Next { 1 } else { -1 }),
        Action::NextUnreviewed => next_unreviewed(app),
        // Esc after a search puts it away (the selection stays where the search led).
        Action::Close if app.views.dialog().is_none() && app.find.searching() => {
            app.find.query.clear();
            true
        }
        _ => false,
    }
}

fn find_action(app: &mut App, f: FindAction) {
    match f {
        FindAction::Search => {
            app.views.set_screen(None);
            app.views.set_typing(true);
            app.find.origin = Some(app.pos);
            app.find.query.clear();
            app.find.matches.clear();
        }
        FindAction::PrevMatch => {
            if !step(app, -1) && app.pos > 0 {
                app.go_to(app.pos - 1);
            }
        }
        FindAction::FilterMenu => app.views.set_menu(Some(Menu::Filter)),
        FindAction::Reset => {
            app.find.query.clear();
            app.find.filter = Filter::default();
            app.say("Search and filters cleared.");
        }
        FindAction::Exceptions => exceptions(app),
        FindAction::Dashboard => toggle_screen(app, Screen::Dashboard { row: 0, col: 0 }),
        FindAction::Indicators => toggle_screen(app, Screen::Indicators { selected: 0 }),
        FindAction::PeriodsGrid => toggle_screen(app, Screen::Periods { selected: 0 }),
        FindAction::Arising => toggle_screen(app, Screen::Arising { selected: 0 }),
    }
}

/// Build the exception agenda and go to its first action (next-item then walks it), or
/// take it away when it is on.
fn exceptions(app: &mut App) {
    let agenda = Filter::exceptions(app.plan());
    if app.find.filter == agenda {
        app.find.filter = Filter::default();
        app.say("Exception agenda off: the whole agenda again.");
        return;
    }
    app.find.filter = agenda;
    app.views.set_screen(None);
    refresh(app);
    let n = app.find.kept.len();
    let next = app
        .keymap
        .key_for(Action::Next)
        .unwrap_or_else(|| "n".into());
    match app.find.kept.first().copied() {
        Some(first) => {
            app.go_to(first);
            app.say(app.plan().names.reword(&format!(
                "Exception agenda: {n} actions; {next} walks it, E again ends it."
            )));
        }
        None => app.say(
            app.plan()
                .names
                .reword("Exception agenda: no action is red, worse or overdue."),
        ),
    }
}

fn toggle_screen(app: &mut App, screen: Screen) {
    let same = app
        .views
        .screen()
        .is_some_and(|s| std::mem::discriminant(&s) == std::mem::discriminant(&screen));
    let next = if same {
        None
    } else {
        Some(match screen {
            // The dashboard opens on the selected priority and the active period.
            Screen::Dashboard { .. } => Screen::Dashboard {
                row: app.current().map_or(0, |n| dashboard_row(app.plan(), n)),
                col: app.period,
            },
            Screen::Periods { .. } => Screen::Periods {
                selected: periods_rows(app)
                    .iter()
                    .position(|n| Some(*n) == app.current().map(Node::outline_node))
                    .unwrap_or(0),
            },
            other => other,
        })
    };
    app.views.set_screen(next);
}

/// Step through the stops (search matches and/or filtered actions); `false` when there are
/// none to follow, so the plain agenda step applies.
fn step(app: &mut App, delta: isize) -> bool {
    let Some(stops) = app.find.stops() else {
        return false;
    };
    if stops.is_empty() {
        app.refuse("Nothing matches: X clears the search and filters.");
        return true;
    }
    let target = if delta > 0 {
        stops.iter().copied().find(|&i| i > app.pos)
    } else {
        stops.iter().rev().copied().find(|&i| i < app.pos)
    };
    match target {
        Some(i) => app.go_to(i),
        None => {
            // Wrap round, saying so, as a search in an editor does.
            let i = if delta > 0 {
                stops[0]
            } else {
                stops[stops.len() - 1]
            };
            app.go_to(i);
            app.say(if delta > 0 {
                "Back to the first"
            } else {
                "On to the last"
            });
        }
    }
    true
}

/// The next stop not yet ticked as reviewed (wrapping); `false` with no stops.
fn next_unreviewed(app: &mut App) -> bool {
    let Some(stops) = app.find.stops() else {
        return false;
    };
    let after = stops.iter().filter(|&&i| i > app.pos);
    let before = stops.iter().filter(|&&i| i <= app.pos);
    match after
        .chain(before)
        .copied()
        .find(|&i| !app.is_reviewed(app.agenda[i]))
    {
        Some(i) => app.go_to(i),
        None => app.say("Every kept item has been reviewed."),
    }
    true
}

/// The first stop at or after `from` (wrapping), for incremental search and new filters.
fn nearest(stops: &[usize], from: usize) -> Option<usize> {
    stops
        .iter()
        .copied()
        .find(|&i| i >= from)
        .or_else(|| stops.first().copied())
}

fn typing(app: &mut App, action: Action) {
    let origin = app.find.origin.unwrap_or(app.pos);
    match action {
        Action::Close => {
            app.views.set_typing(false);
            app.find.query.clear();
            app.go_to(origin);
            return;
        }
        Action::Submit => {
            app.views.set_typing(false);
            if app.find.searching() && app.find.matches.is_empty() {
                app.refuse(format!("No match for “{}”", app.find.query.trim()));
            }
            return;
        }
        Action::Erase => {
            if app.find.query.pop().is_none() {
                app.views.set_typing(false);
                app.go_to(origin);
                return;
            }
        }
        Action::Type(c) => app.find.query.push(c),
        _ => return,
    }
    // Incremental: the first match from where the search began, or back there if none.
    refresh(app);
    let stops = app.find.stops().unwrap_or_default();
    match nearest(&stops, origin) {
        Some(i) => app.go_to(i),
        None => app.go_to(origin),
    }
}

fn filter_menu(app: &mut App, action: Action) {
    let values: Vec<_> = app.plan().scale.levels.iter().map(|l| l.value).collect();
    let lowest = values.first().copied();
    let f = &mut app.find.filter;
    match action {
        Action::Close | Action::Submit => {
            app.views.set_menu(None);
            // Land on the first kept action from here, so next/previous walk from it.
            refresh(app);
            if let Some(stops) = app.find.stops()
                && !stops.contains(&app.pos)
                && let Some(i) = nearest(&stops, app.pos)
            {
                app.go_to(i);
            }
        }
        Action::Choose(c) => match FILTER_KEYS.iter().find(|(k, ..)| *k == c).map(|x| x.1) {
            Some(FilterKey::Level) => {
                f.at_or_below = if f.at_or_below.is_some() {
                    None
                } else {
                    lowest
                }
            }
            Some(FilterKey::Worse) => f.worse = !f.worse,
            Some(FilterKey::Changed) => f.changed = !f.changed,
            Some(FilterKey::Overdue) => f.overdue = !f.overdue,
            Some(FilterKey::Unrated) => f.unrated = !f.unrated,
            Some(FilterKey::Proposed) => f.proposed = !f.proposed,
            Some(FilterKey::Challenged) => f.challenged = !f.challenged,
            Some(FilterKey::Missing) => f.missing = !f.missing,
            Some(FilterKey::AllOrAny) => f.all = !f.all,
            // A second press drops the person; the first opens the picker.
            Some(FilterKey::Person) if f.person.take().is_none() => {
                let next = Some(Menu::People {
                    query: String::new(),
                    selected: 0,
                });
                app.views.set_menu(next);
            }
            Some(FilterKey::Person) => {}
            Some(FilterKey::ClearAll) => *f = Filter::default(),
            None if c.is_ascii_digit() => {
                let v = c.to_digit(10).unwrap_or(0) as u8;
                if values.contains(&v) {
                    f.at_or_below = if f.at_or_below == Some(v) {
                        None
                    } else {
                        Some(v)
                    };
                }
            }
            None => {}
        },
        _ => {}
    }
}

/// The names the picker offers for what has been typed.
pub fn people_shown(app: &App, query: &str) -> Vec<String> {
    let q = Query::new(query);
    filter::people(app.plan())
        .into_iter()
        .filter(|n| q.is_empty() || q.matches([n.as_str()]))
        .collect()
}

fn people_menu(app: &mut App, action: Action, mut query: String, mut selected: usize) {
    let shown = people_shown(app, &query);
    match action {
        Action::Close => {
            app.views.set_menu(Some(Menu::Filter));
            return;
        }
        Action::Submit => {
            if let Some(name) = shown.get(selected) {
                app.find.filter.person = Some(name.clone());
            }
            app.views.set_menu(Some(Menu::Filter));
            return;
        }
        Action::Up => selected = selected.saturating_sub(1),
        Action::Down => selected = (selected + 1).min(shown.len().saturating_sub(1)),
        Action::Type(c) => {
            query.push(c);
            selected = 0;
        }
        Action::Erase => {
            query.pop();
            selected = 0;
        }
        _ => {}
    }
    app.views.set_menu(Some(Menu::People { query, selected }));
}

/// The dashboard row of the item `node` is in: its priority's, or a group's own row
/// (after the priorities').
fn dashboard_row(plan: &crate::model::Plan, node: Node) -> usize {
    match node {
        Node::Group(g) => plan.priorities.len() + g,
        other => other.priority(plan),
    }
}

/// The whole-plan screen, with its cursor kept within the rows it now has (after a
/// reload the plan may have fewer).
pub fn clamp_screen(app: &mut App) {
    let last = |n: usize| n.saturating_sub(1);
    let next = match app.views.screen() {
        Some(Screen::Dashboard { row, col }) => Some(Screen::Dashboard {
            row: row.min(last(dashboard_rows(app))),
            col: col.min(last(app.plan().periods.len())),
        }),
        Some(Screen::Indicators { selected }) => Some(Screen::Indicators {
            selected: selected.min(last(indicator_rows(app).len())),
        }),
        Some(Screen::Periods { selected }) => Some(Screen::Periods {
            selected: selected.min(last(periods_rows(app).len())),
        }),
        Some(Screen::Arising { selected }) => Some(Screen::Arising {
            selected: selected.min(last(arising_rows(app).len())),
        }),
        None => None,
    };
    app.views.set_screen(next);
}

/// The dashboard's rows: the priorities, the groups above them, the plan overall.
pub fn dashboard_rows(app: &App) -> usize {
    app.plan().priorities.len() + app.plan().groups.len() + 1
}

/// Indicators in order, with their priority index.
pub fn indicator_rows(app: &App) -> Vec<(usize, usize)> {
    app.plan()
        .priorities
        .iter()
        .enumerate()
        .flat_map(|(p, pr)| (0..pr.indicators.len()).map(move |i| (p, i)))
        .collect()
}

/// The actions the periods grid shows: the selected objective's, or every action of the
/// selected priority (or group).
pub fn periods_rows(app: &App) -> Vec<Node> {
    let Some(cur) = app.current() else {
        return Vec::new();
    };
    let plan = app.plan();
    let (priorities, objective) = match cur {
        Node::Objective(p, o) | Node::Action(p, o, _) | Node::Measure(p, o, _, _) => {
            (p..p + 1, Some((p, o)))
        }
        Node::Priority(p) => (p..p + 1, None),
        Node::Group(g) => (plan.group_range(g), None),
    };
    priorities
        .flat_map(|p| {
            plan.priority_at(p)
                .map_or(&[][..], |pr| pr.objectives.as_slice())
                .iter()
                .enumerate()
                .filter(move |(o, _)| objective.is_none_or(|x| x == (p, *o)))
                .flat_map(move |(o, ob)| (0..ob.actions.len()).map(move |a| Node::Action(p, o, a)))
        })
        .collect()
}

/// The period whose matters arising the screen shows: the meeting's, else the active one.
pub fn arising_period(app: &App) -> &str {
    app.meeting_period().unwrap_or_else(|| app.period_id())
}

/// The decisions and agreed actions the matters arising list, by id: those of earlier
/// meetings first, then this meeting's.
pub fn arising_rows(app: &App) -> Vec<String> {
    crate::model::minutes::arising(app.plan(), arising_period(app))
        .all()
        .map(|d| d.id.clone())
        .collect()
}

/// A list's selection after Up or Down, within its `len` rows.
fn moved(selected: usize, len: usize, a: Action) -> usize {
    match a {
        Action::Up => selected.saturating_sub(1),
        _ => (selected + 1).min(len.saturating_sub(1)),
    }
}

/// Keys on a screen; `false` for keys the screen leaves to the app (help, quit, ...).
fn screen_key(app: &mut App, screen: Screen, action: Action) -> bool {
    let move_by = |i: usize, d: isize, len: usize| -> usize {
        (i as isize + d).clamp(0, len.saturating_sub(1) as isize) as usize
    };
    match (screen, action) {
        (_, Action::Close) => app.views.set_screen(None),
        (Screen::Arising { selected }, a) => {
            let rows = arising_rows(app);
            match a {
                Action::Up | Action::Down => {
                    let selected = moved(selected, rows.len(), a);
                    app.views.set_screen(Some(Screen::Arising { selected }));
                }
                Action::Submit => {
                    let item = rows
                        .get(selected)
                        .and_then(|id| app.plan().decision(id))
                        .map(|d| d.item.clone());
                    match item {
                        Some(Some(id)) => {
                            app.go_to_id(&id);
                            app.views.set_screen(None);
                        }
                        Some(None) => app.say("That one is on the plan as a whole, not an item."),
                        None => app.refuse("Nothing to go to: the list is empty."),
                    }
                }
                Action::Note => match rows.get(selected) {
                    Some(id) => super::board::open_settle(app, id.clone()),
                    None => app.refuse("Nothing to close: the list is empty."),
                },
                _ => return false,
            }
        }
        // On the other screens `e` has nothing to note: it closes a matter arising.
        (_, Action::Note) => {
            let key = app
                .keymap
                .key_for(Action::Find(FindAction::Arising))
                .unwrap_or_else(|| "A".into());
            app.refuse(format!(
                "Nothing to note here: on the matters arising ({key}) it closes one with a note."
            ));
        }
        (Screen::Dashboard { row, col }, a) => {
            let periods = app.plan().periods.len();
            let rows = dashboard_rows(app);
            let next = match a {
                Action::Up => Screen::Dashboard {
                    row: move_by(row, -1, rows),
                    col,
                },
                Action::Down => Screen::Dashboard {
                    row: move_by(row, 1, rows),
                    col,
                },
                Action::Collapse => Screen::Dashboard {
                    row,
                    col: move_by(col, -1, periods),
                },
                Action::Expand => Screen::Dashboard {
                    row,
                    col: move_by(col, 1, periods),
                },
                Action::Submit => {
                    jump_from_dashboard(app, row, col);
                    return true;
                }
                _ => return false,
            };
            app.views.set_screen(Some(next));
        }
        (Screen::Indicators { selected }, a) => {
            let rows = indicator_rows(app);
            match a {
                Action::Up | Action::Down => {
                    let selected = moved(selected, rows.len(), a);
                    app.views.set_screen(Some(Screen::Indicators { selected }));
                }
                Action::Submit => {
                    if let Some((p, _)) = rows.get(selected) {
                        app.go_to_node(Node::Priority(*p));
                    }
                    app.views.set_screen(None);
                }
                _ => return false,
            }
        }
        (Screen::Periods { selected }, a) => {
            let rows = periods_rows(app);
            match a {
                Action::Up | Action::Down => {
                    let selected = moved(selected, rows.len(), a);
                    app.views.set_screen(Some(Screen::Periods { selected }));
                }
                Action::Submit => {
                    if let Some(n) = rows.get(selected) {
                        app.go_to_node(*n);
                    }
                    app.views.set_screen(None);
                }
                _ => return false,
            }
        }
    }
    true
}

/// Enter on a dashboard cell: that priority (or the whole plan, from the overall row), its
/// ratings judged in that period, the walk starting at its first action.
fn jump_from_dashboard(app: &mut App, row: usize, col: usize) {
    let priorities = app.plan().priorities.len();
    let group = row
        .checked_sub(priorities)
        .filter(|g| *g < app.plan().groups.len());
    let f = &mut app.find.filter;
    f.priority = (row < priorities).then_some(row);
    f.group = group;
    f.period = (col != app.period).then_some(col);
    app.views.set_screen(None);
    refresh(app);
    if row < priorities {
        app.go_to_node(Node::Priority(row));
    } else if let Some(g) = group {
        app.go_to_node(Node::Group(g));
    }
    if let Some(stops) = app.find.stops()
        && let Some(i) = nearest(&stops, app.pos)
    {
        app.go_to(i);
    }
    let label = app
        .plan()
        .periods
        .get(col)
        .map(|p| p.label.clone())
        .unwrap_or_default();
    app.say(format!(
        "Filtered to {} in {label}: n/p walk it, X clears.",
        match (app.find.filter.priority, app.find.filter.group) {
            (Some(p), _) => format!(
                "{} {}",
                app.plan().names.priority.to_lowercase(),
                app.plan().priority_at(p).map_or("", |pr| pr.id.as_str())
            ),
            (None, Some(g)) => format!(
                "{} {}",
                app.plan().names.group().to_lowercase(),
                app.plan().groups.get(g).map_or("", |gr| gr.id.as_str())
            ),
            (None, None) => "the whole plan".to_string(),
        }
    ));
}

/// "3 of 9 (filtered)", "match 2 of 11", or `None` when nothing narrows the walk.
pub fn position(app: &App) -> Option<String> {
    let stops = app.find.stops()?;
    let here = stops
        .iter()
        .position(|&i| i == app.pos)
        .map_or_else(|| "–".to_string(), |k| (k + 1).to_string());
    Some(if app.find.filter.is_active() {
        format!("{here} of {} (filtered)", stops.len())
    } else {
        format!("Match {here} of {}", stops.len())
    })
}
