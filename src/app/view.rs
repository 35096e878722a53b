//! The modal stack: what is open over the agenda, the top last. The top view takes the keys
//! (through its scope in the one key table, `keymap`), its footer shows the keys that act
//! there, and Esc (or `q`) closes it; quitting is only from the agenda.
//!
//! Views stack in a fixed order of precedence, at most one of each kind: presentation at the
//! bottom, then a whole-plan screen, the filter menu, the search bar, and a dialog on top. A
//! view opened under one already open (a screen while a dialog is up) goes to its place.

use super::find::{self, FindAction, Menu, Screen};
use super::{Action, Overlay};

/// A footer entry of a view: the actions whose keys it names, and what they do there.
pub type Hint = (&'static [Action], &'static str);

/// One view on the stack, owning its state.
#[derive(Debug, Clone, PartialEq)]
pub enum View {
    /// The agenda in large type for the projector.
    Present,
    /// A whole-plan screen in place of the outline and detail.
    Screen(Screen),
    /// The filter menu or the person picker.
    Menu(Menu),
    /// The search bar, taking keys.
    Search,
    /// A dialog, form or prompt over everything.
    Dialog(Overlay),
}

impl View {
    /// Its place in the stack: higher sits above.
    fn rank(&self) -> u8 {
        match self {
            View::Present => 0,
            View::Screen(_) => 1,
            View::Menu(_) => 2,
            View::Search => 3,
            View::Dialog(_) => 4,
        }
    }

    /// The keys this view's footer (and its own key line) offers, by action: the keys come
    /// from the key table, so a rebound key shows as bound. Each acts in the view's scope
    /// (`tests/view_keys.rs` presses every one).
    pub fn hints(&self) -> &'static [Hint] {
        use Action::*;
        match self {
            // The chair's keys (the footer puts the rating keys first where the plan may be
            // changed); next and the arrows read on through a long body first.
            View::Present => &[
                (&[Next], "next"),
                (&[Prev], "prev"),
                (&[Down], "scroll"),
                (&[NextPriority], "next priority"),
                (&[ToggleReviewed], "reviewed"),
                (&[TakePen], "take the pen"),
                (&[Close], "leave"),
                (&[Help], "help"),
            ],
            View::Screen(Screen::Dashboard { .. }) => &[
                (&[Collapse, Up, Down, Expand], "cell"),
                (&[Submit], "go there"),
                (&[Find(FindAction::Indicators)], "indicators"),
                (&[Close], "back"),
                (&[Help], "help"),
            ],
            View::Screen(Screen::Indicators { .. }) => &[
                (&[Up, Down], "indicator"),
                (&[Submit], "its priority"),
                (&[Find(FindAction::Dashboard)], "dashboard"),
                (&[Close], "back"),
                (&[Help], "help"),
            ],
            View::Screen(Screen::Periods { .. }) => &[
                (&[Up, Down], "action"),
                (&[Submit], "go there"),
                (&[Close], "back"),
                (&[Help], "help"),
            ],
            View::Screen(Screen::Arising { .. }) => &[
                (&[Up, Down], "choose"),
                (&[Submit], "go to its item"),
                (&[Note], "close with a note"),
                (&[Close], "back"),
                (&[Help], "help"),
            ],
            View::Menu(Menu::Filter) => &[(&[Submit, Close], "done")],
            View::Menu(Menu::People { .. }) => &[
                (&[Up, Down], "move"),
                (&[Submit], "picks"),
                (&[Close], "back"),
            ],
            View::Search => &[(&[Submit], "keep"), (&[Close], "back")],
            View::Dialog(o) => match o {
                Overlay::Help | Overlay::Changes => {
                    &[(&[Up, Down], "scroll"), (&[Close], "closes")]
                }
                Overlay::About => &[
                    (&[Up, Down], "scroll"),
                    (&[PrevPriority, NextPriority], "page"),
                    (&[Close], "closes"),
                ],
                Overlay::Note(_) | Overlay::Form(_) => &[
                    (&[NextField], "next field"),
                    (&[Submit], "record"),
                    (&[Newline], "new line"),
                    (&[Close], "cancel"),
                ],
                Overlay::Milestones { .. } => &[(&[Up, Down], "choose"), (&[Close], "back")],
                Overlay::Periods { .. } => &[
                    (&[Up, Down], "choose"),
                    (&[Submit], "record into it"),
                    (&[Close], "back"),
                ],
                Overlay::Conflicts { .. } => &[
                    (&[Up, Down], "choose"),
                    (&[Close], "keep the file's for all"),
                ],
                Overlay::Replay => &[(&[Close], "set them aside too")],
                Overlay::ConfirmQuit => &[(&[Close], "stay")],
                Overlay::Conflict(_) | Overlay::SaveFailed(_) => &[(&[Close], "back")],
                Overlay::SaveAs { .. } => &[(&[Submit], "save"), (&[Close], "back")],
                Overlay::StartPeriod { .. } => &[
                    (&[Submit], "start it"),
                    (&[Close], "not now (v starts it later)"),
                ],
                Overlay::GoTo { .. } => &[(&[Submit], "go"), (&[Close], "back")],
                Overlay::PastPeriod { .. } => &[(&[Close], "cancel")],
            },
        }
    }

    /// The letters this view answers to and what each does (a dialog's choices, the filter
    /// menu's conditions): the one table its handling and its drawing both follow.
    pub fn choices(&self) -> Vec<(char, &'static str)> {
        match self {
            View::Dialog(o) => o.choices().to_vec(),
            View::Menu(Menu::Filter) => {
                find::FILTER_KEYS.iter().map(|(c, _, w)| (*c, *w)).collect()
            }
            _ => Vec::new(),
        }
    }

    /// Which entries of the key table act while this view is on top.
    pub fn scope(&self) -> Scope {
        match self {
            View::Present => Scope::Present,
            View::Screen(_) => Scope::Screen,
            View::Menu(Menu::Filter) => Scope::Menu,
            View::Menu(Menu::People { .. }) => Scope::Picker,
            View::Search => Scope::Search,
            View::Dialog(o) => match o {
                Overlay::Help | Overlay::Changes | Overlay::About => Scope::Reader,
                Overlay::Note(_) | Overlay::Form(_) => Scope::Form,
                Overlay::SaveAs { .. } | Overlay::StartPeriod { .. } | Overlay::GoTo { .. } => {
                    Scope::Prompt
                }
                Overlay::Periods { .. }
                | Overlay::Conflicts { .. }
                | Overlay::Milestones { .. } => Scope::List,
                Overlay::Replay
                | Overlay::ConfirmQuit
                | Overlay::Conflict(_)
                | Overlay::SaveFailed(_)
                | Overlay::PastPeriod { .. } => Scope::Choice,
            },
        }
    }
}

/// Where a key is read: the agenda, or the kind of view on top. Each key-table entry says
/// which scopes it acts in, so one key can mean one thing per scope and the footer and help
/// list what acts where.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// The outline and detail: nothing open.
    Agenda,
    /// Presentation: the agenda for the projector.
    Present,
    /// Dashboard, indicators, periods side by side.
    Screen,
    /// Help, the change log, about this plan: text to scroll and close.
    Reader,
    /// A list to choose from (periods, conflicting cells).
    List,
    /// A dialog answered by a letter.
    Choice,
    /// The filter menu: letters toggle conditions.
    Menu,
    /// The note form: text in two fields.
    Form,
    /// A one-line prompt: an item number, a file name, a period's label.
    Prompt,
    /// The search bar.
    Search,
    /// The person picker: typed letters narrow a list.
    Picker,
}

impl Scope {
    pub const ALL: [Scope; 11] = [
        Scope::Agenda,
        Scope::Present,
        Scope::Screen,
        Scope::Reader,
        Scope::List,
        Scope::Choice,
        Scope::Menu,
        Scope::Form,
        Scope::Prompt,
        Scope::Search,
        Scope::Picker,
    ];

    /// Typed characters are text here, not commands.
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            Scope::Form | Scope::Prompt | Scope::Search | Scope::Picker
        )
    }

    /// Letters answer the view's choices here.
    pub fn takes_letters(self) -> bool {
        matches!(self, Scope::Choice | Scope::Menu | Scope::List)
    }

    /// The bit of this scope in a table entry's set.
    pub const fn bit(self) -> u16 {
        1 << self as u16
    }

    /// How the help names it.
    pub fn title(self) -> &'static str {
        match self {
            Scope::Agenda => "On the agenda",
            Scope::Present => "Presenting",
            Scope::Screen => "Dashboard, indicators, periods side by side, matters arising",
            Scope::Reader => "Help, change log, about",
            Scope::List => "Choosing from a list",
            Scope::Choice => "A question",
            Scope::Menu => "Filter menu",
            Scope::Form => "Writing a note",
            Scope::Prompt => "A one-line prompt",
            Scope::Search => "Searching",
            Scope::Picker => "Choosing a person",
        }
    }
}

/// The stack itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Views(Vec<View>);

impl Views {
    pub fn top(&self) -> Option<&View> {
        self.0.last()
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &View> {
        self.0.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The scope keys are read in.
    pub fn scope(&self) -> Scope {
        self.top().map_or(Scope::Agenda, View::scope)
    }

    /// Open `view`, replacing one of its kind, in its place by precedence.
    pub fn open(&mut self, view: View) {
        let rank = view.rank();
        self.0.retain(|v| v.rank() != rank);
        let at = self.0.iter().position(|v| v.rank() > rank);
        match at {
            Some(i) => self.0.insert(i, view),
            None => self.0.push(view),
        }
    }

    /// Close the view of `view`'s kind; what was there.
    fn close_rank(&mut self, rank: u8) -> Option<View> {
        let i = self.0.iter().position(|v| v.rank() == rank)?;
        Some(self.0.remove(i))
    }

    /// Close the top view; what it was.
    pub fn pop(&mut self) -> Option<View> {
        self.0.pop()
    }

    pub fn dialog(&self) -> Option<&Overlay> {
        self.0.iter().find_map(|v| match v {
            View::Dialog(o) => Some(o),
            _ => None,
        })
    }

    pub fn dialog_mut(&mut self) -> Option<&mut Overlay> {
        self.0.iter_mut().find_map(|v| match v {
            View::Dialog(o) => Some(o),
            _ => None,
        })
    }

    /// Take the dialog off the stack (to handle a key, then put back or not).
    pub fn take_dialog(&mut self) -> Option<Overlay> {
        match self.close_rank(4) {
            Some(View::Dialog(o)) => Some(o),
            _ => None,
        }
    }

    /// Open `overlay` as the dialog, or close the dialog with `None`.
    pub fn set_dialog(&mut self, overlay: Option<Overlay>) {
        match overlay {
            Some(o) => self.open(View::Dialog(o)),
            None => {
                self.close_rank(4);
            }
        }
    }

    pub fn screen(&self) -> Option<Screen> {
        self.0.iter().find_map(|v| match v {
            View::Screen(s) => Some(*s),
            _ => None,
        })
    }

    pub fn set_screen(&mut self, screen: Option<Screen>) {
        match screen {
            Some(s) => self.open(View::Screen(s)),
            None => {
                self.close_rank(1);
            }
        }
    }

    pub fn menu(&self) -> Option<&Menu> {
        self.0.iter().find_map(|v| match v {
            View::Menu(m) => Some(m),
            _ => None,
        })
    }

    pub fn set_menu(&mut self, menu: Option<Menu>) {
        match menu {
            Some(m) => self.open(View::Menu(m)),
            None => {
                self.close_rank(2);
            }
        }
    }

    /// The search bar is taking keys.
    pub fn typing(&self) -> bool {
        self.0.contains(&View::Search)
    }

    pub fn set_typing(&mut self, on: bool) {
        if on {
            self.open(View::Search);
        } else {
            self.close_rank(3);
        }
    }

    pub fn presenting(&self) -> bool {
        self.0.contains(&View::Present)
    }

    pub fn set_presenting(&mut self, on: bool) {
        if on {
            self.open(View::Present);
        } else {
            self.close_rank(0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_keep_their_order_whatever_order_they_open_in() {
        let mut v = Views::default();
        v.open(View::Dialog(Overlay::Help));
        v.open(View::Present);
        v.open(View::Screen(Screen::Indicators { selected: 0 }));
        assert_eq!(v.scope(), Scope::Reader, "the dialog stays on top");
        v.pop();
        assert_eq!(v.scope(), Scope::Screen);
        v.open(View::Screen(Screen::Indicators { selected: 2 }));
        assert_eq!(v.iter().count(), 2, "one screen at a time");
        v.pop();
        assert_eq!(v.scope(), Scope::Present);
        v.pop();
        assert_eq!(v.scope(), Scope::Agenda);
        assert!(v.pop().is_none());
    }
}
