//! App state and the one place it changes: `update(action)`. A key becomes an `Action`
//! through the keymap; `update` turns it into view changes or calls on the `Meeting`, which
//! holds the plan and its files. Nothing here touches the terminal, so tests drive it
//! directly.

pub mod board;
mod edit;
pub mod editor;
mod effects;
pub mod find;
mod hints;
pub mod keymap;
pub mod proposals;
pub mod saver;
pub mod view;

use std::collections::HashSet;

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::meeting::Meeting;
use crate::model::{self, Plan, Rating, agenda};
use crate::ui::theme::{Theme, ThemeName};
pub use editor::Editor;
pub use hints::{hints, hints_in};
pub use keymap::Keymap;
pub use model::Node;

/// Everything a user can ask of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Up,
    Down,
    Expand,
    Collapse,
    Toggle,
    /// Collapse every level, or expand everything when all is collapsed.
    ToggleAll,
    /// Ask for an item's number and go there.
    GoTo,
    Next,
    Prev,
    NextPriority,
    PrevPriority,
    First,
    Last,
    ToggleReviewed,
    NextUnreviewed,
    /// Record a decision or agreed action on the selected item.
    Decide,
    /// Call one of the selected item's key milestones met, missed or a new date.
    Milestones,
    /// The board's own judgement of the selected priority.
    Judge,
    /// Agree the lead's proposed rating of the selected action.
    Agree,
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
    /// The plan's narrative, source and levels.
    About,
    /// Text input in a form.
    Type(char),
    Erase,
    /// A key for the text field being edited (cursor movement, word deletion...).
    Edit(KeyEvent),
    /// A new line in a multi-line field.
    Newline,
    NextField,
    Submit,
    /// A letter answering a prompt.
    Choose(char),
    /// Suspend to the shell (Ctrl-Z); the terminal loop does it.
    Suspend,
    /// Take the pen: write the plan from this copy, once its writer has let go; or, on
    /// the writer, hand it over.
    TakePen,
    /// Follow another screen's selection (the chair's, the recorder's), the next one, or
    /// none again.
    Join,
    /// Search, filters and the whole-plan screens (`find`).
    Find(find::FindAction),
}

use crate::store::seats::Seat;
pub use effects::{Effect, perform, poll_save};

/// What the files beside the plan say that the view shows until dealt with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Beside {
    /// Merge conflicts recorded by `ragboard merge`, not yet settled (each in words).
    pub conflicts: Vec<String>,
    /// How to turn on ragboard's merge driver, when git is set up without it.
    pub git_hint: Option<String>,
}

impl Action {
    /// Does it move the selection (so that following another's stops)?
    fn moves(self) -> bool {
        matches!(
            self,
            Action::Up
                | Action::Down
                | Action::Next
                | Action::Prev
                | Action::NextPriority
                | Action::PrevPriority
                | Action::First
                | Action::Last
                | Action::GoTo
                | Action::NextUnreviewed
                | Action::Expand
                | Action::Collapse
        )
    }
}

/// The passing message: the next key replaces it. Failures that matter are dialogs or
/// banners instead, which stay until dealt with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub kind: StatusKind,
    pub text: String,
}

impl Status {
    fn new(kind: StatusKind, text: impl Into<String>) -> Status {
        Status {
            kind,
            text: text.into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKind {
    /// Where things stand ("Recording into RAG 03/18").
    Info,
    /// What was done ("Saved to plan.ron", "1.1.1 RAG 03/18: 2 → 3").
    Done,
    /// Why a key did nothing ("Nothing to undo", "Read-only: ...").
    Refused,
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
    Note(Box<NoteForm>),
    /// Choose the active period, or start one for this meeting.
    Periods {
        selected: usize,
    },
    /// The plan's change log: earlier meetings and this one.
    Changes,
    /// "About this plan": its narrative sections, source and levels.
    About,
    /// An earlier session's unsaved changes were found (`Meeting::recovery`).
    Replay,
    /// Replayed changes that met different values in the file: choose for each.
    Conflicts {
        selected: usize,
    },
    ConfirmQuit,
    /// The file changed on disk; saving was refused.
    Conflict(String),
    /// A save failed (read-only file or folder, disk full): stays until dealt with.
    SaveFailed(String),
    SaveAs {
        path: String,
    },
    /// On opening, the plan has no period for this meeting: offer to start one, with a
    /// label the chair can edit.
    StartPeriod {
        label: String,
    },
    /// Go to an item by its number.
    GoTo {
        text: String,
    },
    /// A rating key in a past period: correct this one cell (with a reason), or start this
    /// meeting's period. Asked every time: there is no correction mode.
    PastPeriod {
        /// The rating asked for (`None`: clear).
        value: Option<Rating>,
    },
    /// A form of the board's records: a decision or agreed action, a milestone's call,
    /// a judgement, closing a decision with a note.
    Form(Box<board::Form>),
    /// An item's key milestones, to call one met, missed or a new date.
    Milestones {
        item: String,
        selected: usize,
    },
}

impl Overlay {
    /// The letters this dialog answers to and what each does: the one table its handling
    /// (`edit::overlay_action`) and its drawing (`ui::popups`) both follow; a test checks
    /// every letter here does something and the dialog shows it.
    pub fn choices(&self) -> &'static [(char, &'static str)] {
        match self {
            // `v` as on the agenda: the periods, and starting this meeting's.
            Overlay::PastPeriod { .. } => &[
                ('c', "correct this cell (a reason next)"),
                ('v', "start this meeting's period"),
            ],
            Overlay::Replay => &[
                ('r', "replay them"),
                ('d', "set them aside (kept in a file)"),
            ],
            Overlay::Conflicts { .. } => &[('k', "keep the file's"), ('t', "take the journal's")],
            Overlay::ConfirmQuit => &[('s', "save and quit"), ('d', "discard them and quit")],
            Overlay::Conflict(_) => &[
                ('r', "reload theirs and re-apply yours"),
                ('s', "save yours under another name"),
            ],
            Overlay::SaveFailed(_) => &[('s', "save under another name")],
            Overlay::Milestones { .. } => &[('m', "met"), ('s', "missed"), ('d', "new date")],
            _ => &[],
        }
    }
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
    /// A correction of a past period, waiting for its reason (required): the rating it
    /// sets (`Some(None)` clears).
    pub correct: Option<Option<Rating>>,
    pub reason: Editor,
    pub progress: Editor,
    pub field: NoteField,
}

impl NoteForm {
    /// The field being typed in.
    pub fn active(&mut self) -> &mut Editor {
        match self.field {
            NoteField::Reason => &mut self.reason,
            NoteField::Progress => &mut self.progress,
        }
    }
}

/// The view's place by item ids (see `App::place`).
#[derive(Debug, Clone)]
pub struct Place {
    current: Option<String>,
    collapsed: Vec<String>,
    period: String,
    filter_priority: Option<String>,
    filter_group: Option<String>,
    filter_period: Option<String>,
}

/// Options the app starts with (from flags and the config file).
#[derive(Debug, Clone)]
pub struct Options {
    pub theme: ThemeName,
    /// The meeting date, for "overdue".
    pub today: NaiveDate,
    pub keymap: Keymap,
    /// The period this meeting records into (`--period`); by default the one for the
    /// meeting's month, or one the chair is offered to start.
    pub period: Option<String>,
}

#[derive(Debug)]
pub struct App {
    /// The plan and this session's changes to it, its journal and its file.
    meeting: Meeting,
    agenda: Vec<Node>,
    /// Index into `agenda` of the current item.
    pos: usize,
    /// Collapsed priorities and objectives.
    collapsed: HashSet<Node>,
    /// Ids of the items this meeting has reviewed (ticked, rated, noted or recorded on),
    /// in its period: made anew when the plan or the period changes (`refresh_reviewed`),
    /// for the plan revision and period it was made for.
    reviewed: HashSet<String>,
    reviewed_for: Option<(u64, String)>,
    /// How many of `reviewed` are items of the plan, counted with it (the header shows it
    /// on every frame).
    reviewed_items: usize,
    /// For each place in `agenda`, the number of items up to and including it (measures
    /// count with their action): the header's "Item 12 of 113" with no walk per frame.
    numbering: Vec<u32>,
    /// Each priority's figures, kept between frames and counted again only where an edit
    /// touched them; the dashboard's summary made from them, for the plan revision it
    /// was made for.
    rollups: model::rollup::Rollups,
    summary: Option<(u64, model::summary::Summary)>,
    /// Where the leads' proposals for the active period stand, for the plan revision and
    /// period they were worked out for (`None` with no proposals): the detail, footer and
    /// dashboard read them on every frame.
    standings: Option<(u64, String, model::proposals::Standings)>,
    focus: Focus,
    detail_scroll: u16,
    /// How far the presentation body is scrolled: its own, so presentation opens at the
    /// top of the item whatever the detail pane showed.
    present_scroll: u16,
    /// Scroll of the help overlay (it may be taller than the screen).
    overlay_scroll: u16,
    /// What is open over the agenda: presentation, a screen, a menu, the search bar, a
    /// dialog. The top one takes the keys.
    views: view::Views,
    theme: Theme,
    keymap: Keymap,
    /// Index into `plan.periods` of the active period.
    period: usize,
    /// Id of the meeting's own period, once there is one. Rating any other period is a
    /// correction, asked for explicitly.
    meeting_period: Option<String>,
    today: NaiveDate,
    /// A passing message; the next key replaces it. Failures that matter are overlays or
    /// banners instead.
    status: Option<Status>,
    quit: bool,
    /// Search, filter and the whole-plan screens.
    find: find::Find,
    /// The terminal's size at the last draw, when known: below the minimum the plan is
    /// hidden, and keys must not act on what cannot be seen.
    screen: Option<(u16, u16)>,
    /// How far the presentation body and the open dialog's text can scroll, as last
    /// drawn (`Input::Drawn`).
    limits: Layout,
    /// I/O asked for during an update, for the loop to perform (`Effect`).
    pending: Vec<Effect>,
    /// The other copies of this meeting and where they stand (`store::seats`), as last read.
    seats: Vec<Seat>,
    /// The copy whose selection this one follows (its `Seat::key`).
    joined: Option<String>,
    /// Where this copy last said it stands.
    published: Option<Seat>,
    /// Which copy of the meeting this is within the process (for its seat).
    copy: u32,
    /// What the files beside the plan say that the view keeps on screen until dealt
    /// with: merge conflicts not yet settled, git set up without ragboard's driver.
    beside: Beside,
    /// The git set-up has been looked at (once a meeting).
    beside_looked: bool,
    /// Saves run on a thread of their own (the terminal's loop); otherwise in the update.
    background_saves: bool,
    /// A save under way on its thread.
    saver: Option<saver::Saver>,
}

/// Below this the layout cannot be used; a message says so instead.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

impl App {
    /// Save on a thread of its own from now on, the meeting going on meanwhile (the
    /// terminal's loop takes the outcome in with [`poll_save`]).
    pub fn save_in_background(&mut self) {
        self.background_saves = true;
    }

    /// Is a save under way (on its thread, or begun and not finished)?
    pub fn saving(&self) -> bool {
        self.saver.is_some() || self.meeting.saving()
    }

    pub fn new(meeting: Meeting, opts: Options) -> App {
        let agenda = agenda::build(meeting.plan());
        let numbered = numbering(&agenda);
        let plan = meeting.plan();
        let chosen = opts
            .period
            .as_deref()
            .and_then(|id| plan.periods.iter().position(|p| p.id == id))
            .or_else(|| model::meeting_period(plan, opts.today));
        let period = chosen.unwrap_or_else(|| model::default_period(plan));
        let meeting_period = chosen.map(|i| plan.periods[i].id.clone());
        let mut app = App {
            meeting,
            agenda,
            pos: 0,
            collapsed: HashSet::new(),
            reviewed: HashSet::new(),
            reviewed_for: None,
            reviewed_items: 0,
            numbering: numbered,
            rollups: model::rollup::Rollups::default(),
            summary: None,
            standings: None,
            focus: Focus::Outline,
            detail_scroll: 0,
            present_scroll: 0,
            overlay_scroll: 0,
            views: view::Views::default(),
            theme: Theme::new(opts.theme),
            keymap: opts.keymap,
            period,
            meeting_period,
            today: opts.today,
            status: None,
            quit: false,
            find: find::Find::default(),
            screen: None,
            limits: Layout::default(),
            pending: Vec::new(),
            seats: Vec::new(),
            joined: None,
            published: None,
            beside: Beside::default(),
            beside_looked: false,
            background_saves: false,
            saver: None,
            copy: {
                static COPIES: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
                COPIES.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            },
        };
        let first = if app.meeting.recovery().is_some() {
            Some(Overlay::Replay)
        } else {
            app.start_overlay()
        };
        app.views.set_dialog(first);
        app.refresh_reviewed();
        app.resume();
        if !app.meeting.notices().is_empty() {
            app.say(app.meeting.notices().join(" "));
        }
        app
    }

    /// A look at a plan's beginning (its first priorities) while the rest is read: the
    /// agenda on its first item, no file behind it (no lock, no journal), no dialog. The
    /// terminal draws it with `ui::loading::render_beginning` and hands it no keys.
    pub fn beginning(plan: Plan, opts: Options, user: &str) -> App {
        let meeting = Meeting::new(plan, user, Box::new(crate::meeting::SystemClock));
        let mut app = App::new(meeting, opts);
        app.views = view::Views::default();
        app.status = None;
        app
    }

    /// An adjourned meeting opened again (its period has review ticks): on to the item
    /// after the last one reviewed that is still to review, saying how far it got.
    fn resume(&mut self) {
        let Some(period) = self.meeting_period.clone() else {
            return;
        };
        if !self.plan().reviewed.contains_key(&period) || self.reviewed.is_empty() {
            return;
        }
        let items: Vec<usize> = (0..self.agenda.len())
            .filter(|&i| !matches!(self.agenda[i], Node::Measure(..)))
            .collect();
        let last = items
            .iter()
            .rposition(|&i| self.is_reviewed(self.agenda[i]))
            .unwrap_or(0);
        let next = items[last..]
            .iter()
            .chain(&items[..last])
            .copied()
            .find(|&i| !self.is_reviewed(self.agenda[i]));
        let label = self.period_label().to_string();
        let (done, all) = (self.reviewed_count(), self.item_count());
        match next {
            Some(i) => {
                self.go_to(i);
                let id = self.agenda[i].id(self.plan());
                self.say(format!(
                    "Resumed {label}: {done} of {all} reviewed; on at {id}, next to review."
                ));
            }
            None => self.say(format!(
                "The meeting of {label} has reviewed all {all} items."
            )),
        }
    }

    /// After anything that may have changed the plan, the place or the query: where the
    /// proposals stand (the filter reads it), what the search finds and the filter keeps,
    /// what this meeting has reviewed, and the open dashboard's summary.
    fn after_change(&mut self) {
        self.refresh_standings();
        find::refresh(self);
        self.refresh_reviewed();
        self.refresh_summary(false);
    }

    fn refresh_standings(&mut self) {
        if self.plan().proposals.is_empty() {
            self.standings = None;
            return;
        }
        let revision = self.meeting.index().revision();
        let period = self.period_id().to_string();
        if matches!(&self.standings, Some((r, p, _)) if *r == revision && *p == period) {
            return;
        }
        let s =
            model::proposals::standings(self.plan(), &period, self.meeting.log().map(|(c, _)| c));
        self.standings = Some((revision, period, s));
    }

    /// The standings of the active period's proposals, when they are up to the plan.
    pub fn standings(&self) -> Option<&model::proposals::Standings> {
        self.standings
            .as_ref()
            .filter(|(r, p, _)| {
                *r == self.meeting.index().revision() && p.as_str() == self.period_id()
            })
            .map(|(_, _, s)| s)
    }

    /// Work out again which items this meeting has reviewed.
    fn refresh_reviewed(&mut self) {
        let period = self
            .meeting_period
            .clone()
            .unwrap_or_else(|| self.period_id().to_string());
        let now = (self.meeting.index().revision(), period);
        // The change log is walked again only when the plan or the period changed.
        if self.reviewed_for.as_ref() == Some(&now) {
            return;
        }
        let seen =
            model::minutes::reviewed(self.plan(), &now.1, self.meeting.log().map(|(c, _)| c));
        let index = self.meeting.index();
        self.reviewed_items = seen.iter().filter(|id| index.is_item(id)).count();
        self.reviewed = seen;
        self.reviewed_for = Some(now);
    }

    /// While the dashboard is open (or, `idle`, at any time), its summary is kept up to
    /// the plan: each priority an edit touched is counted again, the rest folded from what
    /// is kept.
    fn refresh_summary(&mut self, idle: bool) {
        if !idle && !matches!(self.views.screen(), Some(find::Screen::Dashboard { .. })) {
            return;
        }
        let revision = self.meeting.index().revision();
        if self.summary.as_ref().is_some_and(|(r, _)| *r == revision) {
            return;
        }
        // The old one goes first: at 100,000 actions it is megabytes, held twice otherwise.
        self.summary = None;
        self.rollups
            .refresh(self.meeting.plan(), self.meeting.index());
        let s = model::summary::Summary::from_figures(
            self.meeting.plan(),
            None,
            self.rollups.priorities(),
        );
        self.summary = Some((revision, s));
    }

    /// The dashboard's summary, when it is up to the plan as it is.
    pub fn summary(&self) -> Option<&model::summary::Summary> {
        self.summary
            .as_ref()
            .filter(|(r, _)| *r == self.meeting.index().revision())
            .map(|(_, s)| s)
    }

    /// What to ask once nothing else is pending: to start the meeting's period, when it
    /// has none (and the plan can be changed).
    pub fn start_overlay(&self) -> Option<Overlay> {
        let rateable = self.plan().actions().next().is_some();
        (rateable && self.meeting_period.is_none() && self.meeting.read_only().is_none())
            .then(|| self.period_offer())
    }

    /// The offer to start this meeting's period (the plan's next by its own cadence and
    /// naming), its label ready to edit.
    pub fn period_offer(&self) -> Overlay {
        Overlay::StartPeriod {
            label: model::cadence::next_period(self.plan(), self.today).label,
        }
    }

    /// Is the screen too small to show the plan?
    pub fn too_small(&self) -> bool {
        self.screen
            .is_some_and(|(w, h)| w < MIN_WIDTH || h < MIN_HEIGHT)
    }

    /// Is the active period a past one: not this meeting's own, and its span ended before
    /// the meeting? Rating it is a correction.
    pub fn in_past_period(&self) -> bool {
        !self.plan().periods.is_empty()
            && self.meeting_period.as_deref() != Some(self.period_id())
            && model::cadence::is_past(self.plan(), self.period, self.today)
    }

    /// Whether the view on top answers to the letter `c` (a choice, or a filter level).
    fn answers(&self, c: char) -> bool {
        let Some(top) = self.views.top() else {
            return false;
        };
        top.choices().iter().any(|(k, _)| *k == c)
            || (matches!(top, view::View::Menu(find::Menu::Filter))
                && c.to_digit(10)
                    .is_some_and(|d| self.plan().scale.level(d as Rating).is_some()))
    }

    /// The plan and this session's changes to it.
    pub fn meeting(&self) -> &Meeting {
        &self.meeting
    }

    /// The agenda: every item in order (measures after their action).
    pub fn agenda(&self) -> &[Node] {
        &self.agenda
    }

    /// Index into `agenda()` of the current item.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// The collapsed priorities and objectives.
    pub fn collapsed(&self) -> &HashSet<Node> {
        &self.collapsed
    }

    /// Open `overlay` as if the meeting had come to it: for tests of a dialog's drawing
    /// and keys that would otherwise need a crash, a colleague's save or a full disk.
    #[doc(hidden)]
    pub fn show_for_test(&mut self, overlay: Overlay) {
        self.show(overlay);
    }

    pub fn is_collapsed(&self, node: Node) -> bool {
        self.collapsed.contains(&node)
    }

    pub fn focus(&self) -> Focus {
        self.focus
    }

    pub fn detail_scroll(&self) -> u16 {
        self.detail_scroll
    }

    /// How far the presentation body is scrolled.
    pub fn present_scroll(&self) -> u16 {
        self.present_scroll
    }

    pub fn overlay_scroll(&self) -> u16 {
        self.overlay_scroll
    }

    /// What is open over the agenda.
    pub fn views(&self) -> &view::Views {
        &self.views
    }

    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    /// Index into the plan's periods of the active period.
    pub fn period(&self) -> usize {
        self.period
    }

    /// The meeting date.
    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// The passing message's words, if any.
    pub fn status(&self) -> Option<&str> {
        self.status.as_ref().map(|s| s.text.as_str())
    }

    /// The passing message, with its kind (drawn differently).
    pub fn status_line(&self) -> Option<&Status> {
        self.status.as_ref()
    }

    /// Tell the user something.
    fn say(&mut self, text: impl Into<String>) {
        self.status = Some(Status::new(StatusKind::Info, text));
    }

    /// Say what was done (a rating, a save).
    fn done(&mut self, text: impl Into<String>) {
        self.status = Some(Status::new(StatusKind::Done, text));
    }

    /// Say why a key did nothing.
    fn refuse(&mut self, text: impl Into<String>) {
        self.status = Some(Status::new(StatusKind::Refused, text));
    }

    /// The user has quit (the loop ends).
    pub fn has_quit(&self) -> bool {
        self.quit
    }

    /// Search, filters and what they keep.
    pub fn find(&self) -> &find::Find {
        &self.find
    }

    /// A copy that follows a writer looks at its files after every key and tick; one that
    /// follows another's selection looks at where it stands.
    fn follow_writer(&mut self) {
        if self.meeting.following().is_some() {
            self.request(Effect::Follow);
        }
        // Every copy with a file looks at where the others stand (one small file): a lone
        // writer then writes no seat of its own until another copy appears.
        if self.meeting.document().is_some_and(|d| d.target().exists()) {
            self.request(Effect::Seats);
        }
    }

    /// What the files beside the plan say (merge conflicts, git set-up), as last read.
    pub fn beside(&self) -> &Beside {
        &self.beside
    }

    /// The other copies of this meeting and where they stand, as last read.
    pub fn seats(&self) -> &[Seat] {
        &self.seats
    }

    /// The copy whose selection this one follows.
    pub fn joined(&self) -> Option<&Seat> {
        let key = self.joined.as_ref()?;
        self.seats.iter().find(|s| &s.key() == key)
    }

    /// Where this copy stands, for the others; `None` without a file to sit beside.
    fn seat(&self) -> Option<Seat> {
        let doc = self.meeting.document()?;
        doc.target().exists().then(|| Seat {
            user: self.meeting.user().to_string(),
            host: crate::store::lock::host_name(),
            pid: std::process::id(),
            copy: self.copy,
            writer: self.meeting.read_only().is_none(),
            presenting: self.views.presenting(),
            item: self.current().map(|n| n.id(self.plan())),
            period: self.period_id().to_string(),
            when: self.meeting.now(),
        })
    }

    /// Say where this copy stands when that changed, once another copy is there to
    /// follow it (a follower always says: the writer learns of it so).
    fn publish_seat(&mut self) {
        if self.seats.is_empty() && self.meeting.following().is_none() {
            return;
        }
        let Some(seat) = self.seat() else { return };
        let moved = self.published.as_ref().is_none_or(|p| {
            (&p.item, &p.period, p.presenting, p.writer)
                != (&seat.item, &seat.period, seat.presenting, seat.writer)
        });
        if moved {
            self.published = Some(seat.clone());
            self.request(Effect::Publish(seat));
        }
    }

    /// Ask the loop for some I/O after this update.
    fn request(&mut self, effect: Effect) {
        self.pending.push(effect);
    }

    /// The scroll limits as last drawn.
    pub fn limits(&self) -> Layout {
        self.limits
    }

    /// The meeting, to take its journal's state once the loop has ended.
    pub fn into_meeting(self) -> Meeting {
        self.meeting
    }

    /// The dialog open, if any.
    pub fn overlay(&self) -> Option<&Overlay> {
        self.views.dialog()
    }

    /// Open a dialog (in place of any other).
    fn show(&mut self, overlay: Overlay) {
        self.views.set_dialog(Some(overlay));
    }

    pub fn presenting(&self) -> bool {
        self.views.presenting()
    }

    pub fn plan(&self) -> &Plan {
        self.meeting.plan()
    }

    /// Unsaved edits?
    pub fn dirty(&self) -> bool {
        self.meeting.is_dirty()
    }

    pub fn current(&self) -> Option<Node> {
        self.agenda.get(self.pos).copied()
    }

    /// Where the view stands, by ids, so it can be found again in the plan read anew.
    fn place(&self) -> Place {
        let plan = self.plan();
        let f = &self.find.filter;
        Place {
            current: self.current().map(|n| n.outline_node().id(plan)),
            collapsed: self.collapsed.iter().map(|n| n.id(plan)).collect(),
            period: self.period_id().to_string(),
            filter_priority: f.priority.map(|p| Node::Priority(p).id(plan)),
            filter_group: f.group.map(|g| Node::Group(g).id(plan)),
            filter_period: f
                .period
                .and_then(|k| plan.periods.get(k))
                .map(|p| p.id.clone()),
        }
    }

    /// The plan was read again (a colleague's save): items may have moved, come or gone,
    /// so the agenda is made anew and the cursor, folds and period follow their ids.
    fn replan(&mut self, place: Place) {
        self.set_agenda();
        let index = self.meeting.index();
        self.collapsed = place
            .collapsed
            .iter()
            .filter_map(|id| index.node(id))
            .collect();
        let current = place.current.and_then(|id| index.node(&id));
        self.pos = current
            .and_then(|n| self.agenda.iter().position(|x| *x == n))
            .unwrap_or(0);
        let plan = self.meeting.plan();
        self.period = index
            .period(&place.period)
            .unwrap_or_else(|| self.period.min(plan.periods.len().saturating_sub(1)));
        self.detail_scroll = 0;
        self.present_scroll = 0;
        // A filter chosen on the dashboard names its priority, group and period by
        // position: found again by id, dropped if it has gone.
        let f = &mut self.find.filter;
        f.priority = place.filter_priority.and_then(|id| match index.node(&id) {
            Some(Node::Priority(p)) => Some(p),
            _ => None,
        });
        f.group = place.filter_group.and_then(|id| match index.node(&id) {
            Some(Node::Group(g)) => Some(g),
            _ => None,
        });
        f.period = place.filter_period.and_then(|id| index.period(&id));
        find::clamp_screen(self);
        find::refresh(self);
    }

    pub fn period_id(&self) -> &str {
        self.plan()
            .periods
            .get(self.period)
            .map_or("", |p| p.id.as_str())
    }

    pub fn period_label(&self) -> &str {
        self.plan()
            .periods
            .get(self.period)
            .map_or("(no period)", |p| p.label.as_str())
    }

    /// The outline rows: agenda items whose parents are expanded (measures show as their action).
    pub fn outline(&self) -> Vec<Node> {
        self.outline_rows().collect()
    }

    /// The outline rows in order, made as they are read: a collapsed item's subtree (the
    /// agenda entries after it that are deeper) is stepped over, so showing one screenful
    /// costs no hash look-up per hidden item and builds nothing for rows off screen.
    pub fn outline_rows(&self) -> impl Iterator<Item = Node> + '_ {
        let agenda = &self.agenda;
        let mut i = 0;
        std::iter::from_fn(move || {
            while let Some(&n) = agenda.get(i) {
                i += 1;
                if matches!(n, Node::Measure(..)) {
                    continue;
                }
                if !self.collapsed.is_empty() && self.collapsed.contains(&n) {
                    while agenda.get(i).is_some_and(|c| c.depth() > n.depth()) {
                        i += 1;
                    }
                }
                // A search or filter hides what does not match (and keeps its parents).
                if !self.find.shows(n) {
                    continue;
                }
                return Some(n);
            }
            None
        })
    }

    /// Row of the outline that shows the current item.
    pub fn outline_row(&self) -> usize {
        let Some(cur) = self.current() else { return 0 };
        let target = cur.outline_node();
        self.outline_rows().position(|n| n == target).unwrap_or(0)
    }

    pub fn has_children(&self, node: Node) -> bool {
        let pl = self.plan();
        match node {
            Node::Group(g) => !pl.group_range(g).is_empty(),
            Node::Priority(p) => pl
                .priority_at(p)
                .is_some_and(|pr| !pr.objectives.is_empty()),
            Node::Objective(p, o) => pl
                .objective_at(p, o)
                .is_some_and(|ob| !ob.actions.is_empty()),
            _ => false,
        }
    }

    /// Reviewed at this meeting: ticked, or rated, noted or recorded on in its period.
    pub fn is_reviewed(&self, node: Node) -> bool {
        if self.reviewed.is_empty() {
            return false;
        }
        self.reviewed.contains(&node.outline_node().id(self.plan()))
    }

    /// How many items this meeting has reviewed, counted from the reviewed ids (a few)
    /// rather than the agenda (thousands).
    pub fn reviewed_count(&self) -> usize {
        self.reviewed_items
    }

    /// Items still to review (measures count with their action).
    pub fn to_review(&self) -> usize {
        self.item_count().saturating_sub(self.reviewed_count())
    }

    /// The period the board's records of this meeting go into, once there is one.
    pub fn meeting_period(&self) -> Option<&str> {
        self.meeting_period.as_deref()
    }

    /// Items the agenda counts for "item k of N" (measures are steps within their action).
    pub fn item_count(&self) -> usize {
        self.numbering.last().map_or(0, |&n| n as usize)
    }

    /// 1-based number of the current item among `item_count()`.
    pub fn item_number(&self) -> usize {
        self.numbering
            .get(self.pos.min(self.numbering.len().saturating_sub(1)))
            .map_or(0, |&n| n as usize)
    }

    /// The agenda, made anew from the plan, and its items numbered.
    fn set_agenda(&mut self) {
        self.agenda = agenda::build(self.meeting.plan());
        self.numbering = numbering(&self.agenda);
    }

    /// The model action under the cursor, if the current item is an action or measure.
    pub fn current_action(&self) -> Option<&model::Action> {
        self.current()?.action(self.plan())
    }

    /// Overdue: due before the meeting date and not complete in the active period.
    pub fn is_overdue(&self, action: &model::Action) -> bool {
        model::is_overdue(self.plan(), action, self.period, self.today)
    }

    fn go_to(&mut self, pos: usize) {
        if pos < self.agenda.len() {
            self.pos = pos;
            self.detail_scroll = 0;
            self.present_scroll = 0;
            // Stepping through the agenda opens what it steps into.
            let plan = self.meeting.plan();
            let mut up = self.agenda[pos].parent(plan);
            while let Some(p) = up {
                self.collapsed.remove(&p);
                up = p.parent(plan);
            }
        }
    }

    /// Go to the item numbered `id` ("4", "3.2", "3.2.4"); `false` when there is none.
    fn go_to_id(&mut self, id: &str) -> bool {
        match self.meeting.index().node(id.trim()) {
            Some(node) => {
                self.go_to_node(node);
                true
            }
            None => false,
        }
    }

    fn go_to_node(&mut self, node: Node) {
        if let Some(i) = self.agenda.iter().position(|n| *n == node) {
            self.go_to(i);
        }
    }

    fn move_in_outline(&mut self, delta: isize) {
        let row = self.outline_row() as isize + delta;
        if let Some(node) = usize::try_from(row)
            .ok()
            .and_then(|r| self.outline_rows().nth(r))
        {
            self.go_to_node(node);
        }
    }
}

/// Turn a key event into an action, read where the top view reads keys (`view::Scope`):
/// typed text in a form, prompt or search; a view's letters (a dialog's choices, the
/// filter menu's conditions); then the one key table; then, on the agenda, the rating keys
/// (digits, and the scale's letters).
pub fn action_for_key(app: &App, ev: &KeyEvent) -> Option<Action> {
    if ev.kind == KeyEventKind::Release {
        return None;
    }
    if app.too_small() {
        // The plan is hidden: only suspending, and quitting when nothing is unsaved, act.
        return app
            .keymap
            .action_for(ev)
            .filter(|a| *a == Action::Suspend || (*a == Action::Quit && !app.dirty()));
    }
    let scope = app.views.scope();
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
    if scope.takes_text()
        && let Some(c) = plain_char
    {
        return Some(Action::Type(c));
    }
    if scope.takes_letters()
        && let Some(c) = plain_char
        && app.answers(c)
    {
        return Some(Action::Choose(c));
    }
    if let Some(action) = app.keymap.action_in(scope, ev) {
        return Some(in_view(scope, action));
    }
    match scope {
        // Cursor keys, word deletion and the like, for the editor.
        view::Scope::Form => Some(Action::Edit(*ev)),
        view::Scope::Agenda | view::Scope::Present => {
            let c = plain_char?;
            if let Some(d) = c.to_digit(10) {
                return Some(if d == 0 {
                    Action::Clear
                } else {
                    Action::Rate(d as Rating)
                });
            }
            app.plan()
                .scale
                .levels
                .iter()
                .find(|l| l.key == Some(c))
                .map(|l| Action::Rate(l.value))
        }
        _ => None,
    }
}

/// What a table action means in a view: quitting closes the view (a view never quits the
/// app: on a projector that would leave a shell prompt), and the key that opened a text
/// view closes it again.
fn in_view(scope: view::Scope, action: Action) -> Action {
    match (scope, action) {
        (view::Scope::Agenda, a) => a,
        (_, Action::Quit) => Action::Close,
        (view::Scope::Reader, Action::Help | Action::Changes | Action::About) => Action::Close,
        (_, a) => a,
    }
}

/// The only place app state changes. Returns what the terminal loop must do.
/// Everything that reaches the app from outside, through one door: an action (a key the
/// keymap read), pasted text, time passing with no key, the terminal's size as drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Action(Action),
    Paste(String),
    Tick,
    Resize(u16, u16),
    /// A frame was drawn: its size and how far its scrolling parts can scroll.
    Drawn(Layout),
    /// Something to tell the user on opening, unless the meeting has more pressing news.
    Notice(String),
}

/// What a drawn frame tells the app: its size, and how far the presentation body and the
/// open dialog's text can scroll in it (the ui works it out as it lays them out).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Layout {
    pub width: u16,
    pub height: u16,
    pub present_max_scroll: u16,
    /// How many lines of the presentation body show at once: a page.
    pub present_page: u16,
    pub dialog_max_scroll: u16,
}

/// The app's one entry point: every input goes through here, and the I/O it asks for comes
/// back as effects for the loop to `perform`.
pub fn handle(app: &mut App, input: Input) -> Vec<Effect> {
    // A key or pasted text may change the plan, the place or the query; a frame drawn, a
    // tick or a notice changes none of them (what a tick asks for refreshes as it is done).
    let changes = matches!(input, Input::Action(_) | Input::Paste(_));
    match input {
        Input::Action(a) => update_app(app, a),
        Input::Paste(text) => paste(app, &text),
        Input::Tick => tick(app),
        Input::Notice(text) => {
            if app.status.is_none() {
                app.say(text);
            }
        }
        Input::Resize(w, h) => {
            // Keys act on what was drawn: none while the screen is too small for the plan.
            app.screen = Some((w, h));
        }
        Input::Drawn(layout) => {
            app.screen = Some((layout.width, layout.height));
            app.limits = layout;
            // The files beside the plan, looked at once on opening (then with each tick).
            if !app.beside_looked {
                app.request(Effect::Beside);
            }
        }
    }
    if changes {
        app.after_change();
    }
    app.publish_seat();
    std::mem::take(&mut app.pending)
}

/// An action through the one door.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    handle(app, Input::Action(action))
}

/// For each place in `agenda`, the number of items up to and including it (measures count
/// with their action).
fn numbering(agenda: &[Node]) -> Vec<u32> {
    let mut n = 0u32;
    agenda
        .iter()
        .map(|node| {
            if !matches!(node, Node::Measure(..)) {
                n = n.saturating_add(1);
            }
            n
        })
        .collect()
}

/// An action, and then the I/O it asks for, as the terminal loop does: for tests and
/// scripts. `true` when it asked to suspend.
pub fn dispatch(app: &mut App, action: Action) -> bool {
    let mut suspend = false;
    for effect in update(app, action) {
        suspend |= perform(app, effect);
    }
    suspend
}

fn update_app(app: &mut App, action: Action) {
    app.status = None;
    app.follow_writer();
    // Moving by hand stops following another screen's selection.
    if app.joined.is_some() && action.moves() {
        let who = app.joined().map(|s| s.user.clone());
        app.joined = None;
        if let Some(who) = who {
            app.say(format!("Stopped following {who}'s place: moving by hand."));
        }
    }
    // Changes that could not be journaled are retried on every key until they are.
    if app.meeting.unjournaled() > 0 {
        app.request(Effect::FlushJournal);
    }
    if app.views.dialog().is_some() && edit::in_overlay(app, action) {
        return;
    }
    // Presenting, the keys that move on read the page first (before a search or filter
    // takes them to the next match).
    if page_in_presentation(app, action) {
        return;
    }
    if find::update(app, action) {
        return;
    }
    match action {
        // Presenting is a view: `q` leaves it, as Esc does, and never quits the app there.
        Action::Quit if app.views.presenting() => app.views.set_presenting(false),
        Action::Quit => {
            if app.dirty() {
                app.show(Overlay::ConfirmQuit);
            } else {
                app.request(Effect::Quit);
            }
        }
        Action::Help => {
            app.overlay_scroll = 0;
            let open = app.overlay() != Some(&Overlay::Help);
            app.views.set_dialog(open.then_some(Overlay::Help));
        }
        Action::Close => {
            // Esc leaves presentation mode too.
            if app.views.take_dialog().is_none() {
                app.views.set_presenting(false);
            }
        }
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
                // From a group's head, its first priority is the next one.
                let p = cur.priority(app.plan());
                let next = Node::Priority(if matches!(cur, Node::Group(_)) {
                    p
                } else {
                    p + 1
                });
                app.go_to_node(next);
            }
        }
        Action::PrevPriority => {
            if let Some(cur) = app.current() {
                let p = cur.priority(app.plan());
                // From inside a priority, go to its head first; from a head, to the one before.
                let target = if matches!(cur, Node::Priority(_) | Node::Group(_)) {
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
            if app.focus == Focus::Detail && !app.views.presenting() {
                app.detail_scroll = app.detail_scroll.saturating_add_signed(delta as i16);
            } else if app.views.presenting() {
                // Scroll what does not fit first, then step to the next item.
                let max = app.limits.present_max_scroll;
                let scroll = app.present_scroll.min(max);
                if delta > 0 && scroll < max {
                    app.present_scroll = scroll + 1;
                } else if delta < 0 && scroll > 0 {
                    app.present_scroll = scroll - 1;
                } else if delta < 0 && app.pos > 0 {
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
                } else if let Some(parent) = cur.parent(app.plan()) {
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
        Action::ToggleAll => {
            let heads: Vec<Node> = app
                .agenda
                .iter()
                .copied()
                .filter(|n| matches!(n, Node::Group(_) | Node::Priority(_) | Node::Objective(..)))
                .filter(|n| app.has_children(*n))
                .collect();
            if heads.iter().all(|n| app.collapsed.contains(n)) {
                app.collapsed.clear();
            } else {
                app.collapsed.extend(heads);
                // Keep the cursor on what is still shown: its priority.
                if let Some(cur) = app.current() {
                    app.pos = app
                        .agenda
                        .iter()
                        .position(|n| *n == top(app.plan(), cur))
                        .unwrap_or(app.pos);
                }
            }
        }
        Action::GoTo => app.show(Overlay::GoTo {
            text: String::new(),
        }),
        Action::ToggleReviewed => board::toggle_reviewed(app),
        Action::Decide => board::open_decide(app),
        Action::Milestones => board::open_milestones(app),
        Action::Judge => board::open_judge(app),
        Action::Agree => proposals::agree(app),
        Action::NextUnreviewed => {
            let n = app.agenda.len();
            let found = (1..=n).map(|k| (app.pos + k) % n).find(|&i| {
                !matches!(app.agenda[i], Node::Measure(..)) && !app.is_reviewed(app.agenda[i])
            });
            match found {
                Some(i) => app.go_to(i),
                None => app.say("Every item has been reviewed."),
            }
        }
        Action::FocusNext => {
            app.focus = match app.focus {
                Focus::Outline => Focus::Detail,
                Focus::Detail => Focus::Outline,
            }
        }
        Action::TogglePresent => {
            let on = !app.views.presenting();
            app.views.set_presenting(on);
            // The room starts at the top of the item.
            app.present_scroll = 0;
        }
        Action::Rate(v) => edit::rate(app, v),
        Action::Clear => edit::clear(app),
        Action::Note => edit::open_note(app),
        Action::Undo => edit::undo(app),
        Action::Redo => edit::redo(app),
        Action::Save => app.request(Effect::Save { then_quit: false }),
        Action::SaveAs => edit::open_save_as(app),
        // A plan with nothing to rate has no period to record into, nor one to start.
        Action::Periods if !app.plan().has_actions() => {
            app.refuse("Nothing to rate in this plan: it has no periods to record into.")
        }
        Action::Periods => app.show(Overlay::Periods {
            selected: app.period,
        }),
        Action::About => {
            app.overlay_scroll = 0;
            app.show(Overlay::About);
        }
        Action::Changes => {
            app.overlay_scroll = 0;
            app.show(Overlay::Changes);
        }
        // Form and prompt input only means something with a form or prompt open.
        Action::Type(_)
        | Action::Edit(_)
        | Action::Newline
        | Action::Erase
        | Action::NextField
        | Action::Submit
        | Action::Choose(_) => {}
        Action::CycleTheme => {
            app.theme = Theme::new(app.theme.name.next());
            app.say(format!("Theme: {}", app.theme.name.as_str()));
        }
        Action::Join => app.request(Effect::Join),
        Action::TakePen => match app.meeting.following() {
            Some(f) if f.pen_free => app.request(Effect::TakePen),
            Some(f) => {
                let who = f
                    .writer
                    .map_or_else(|| "another copy".to_string(), |h| h.user);
                app.refuse(format!(
                    "{who} still has the plan open: the pen is free when they quit."
                ));
            }
            // The writer hands it over (with everything saved).
            None => app.request(Effect::HandOver),
        },
        // On the shared screen a suspend would put a shell prompt on the projector.
        Action::Suspend if app.views.presenting() => {
            app.refuse("C-z is off while presenting: Esc leaves presentation first.");
        }
        Action::Suspend => app.request(Effect::Suspend),
        // Handled by `find::update` above.
        Action::Find(_) => {}
    }
}

/// In presentation, the keys that move on (next, previous, next and previous priority:
/// `n` `Space`, `p` `Backspace`, `]` `PgDn`, `[` `PgUp`) first page through a body longer
/// than the screen, a screen at a time, so the room sees every line; at its end they move
/// on as they do on the agenda. `true` when the key paged.
fn page_in_presentation(app: &mut App, action: Action) -> bool {
    if app.views.scope() != view::Scope::Present {
        return false;
    }
    let max = app.limits.present_max_scroll;
    let page = app.limits.present_page.max(1);
    let scroll = app.present_scroll.min(max);
    match action {
        Action::Next | Action::NextPriority if scroll < max => {
            app.present_scroll = scroll.saturating_add(page).min(max);
            true
        }
        Action::Prev | Action::PrevPriority if scroll > 0 => {
            app.present_scroll = scroll.saturating_sub(page);
            true
        }
        _ => false,
    }
}

/// Text pasted into the terminal (bracketed paste): into the note being written, or the
/// prompt being typed in, as one piece (a newline in it never submits the form).
fn paste(app: &mut App, text: &str) {
    match app.views.dialog_mut() {
        Some(Overlay::Note(form)) => form.active().paste(text),
        Some(Overlay::Form(form)) => form.paste(text),
        Some(
            Overlay::SaveAs { path: field }
            | Overlay::GoTo { text: field }
            | Overlay::StartPeriod { label: field },
        ) => field.push_str(text.lines().next().unwrap_or_default()),
        _ => {}
    }
}

/// Called when no key came for a while: retry a journal that failed, follow the writer,
/// look again at the files beside the plan (a conflict settled from the command line).
fn tick(app: &mut App) {
    app.request(Effect::Beside);
    if app.meeting.unjournaled() > 0 {
        app.request(Effect::FlushJournal);
    }
    app.follow_writer();
    // Idle: the dashboard's figures are made ready, so opening it never waits for them
    // (counting a 100,000-action plan's priorities takes most of a second, once); then,
    // a slice at each idle moment, the search's index of the plan's words.
    let figures_ready = app.summary().is_some();
    app.refresh_summary(true);
    if figures_ready {
        find::prepare(app);
    }
}

/// The top-tier item `node` is in: its group in a plan with groups, else its priority.
fn top(plan: &model::Plan, node: Node) -> Node {
    let p = node.priority(plan);
    plan.group_of(p).map_or(Node::Priority(p), Node::Group)
}
