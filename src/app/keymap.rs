//! One key table drives key handling, the footer hints and the help overlay, so they never
//! disagree. A user's keymap file overrides only the entries it names.

use std::collections::BTreeMap;
use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::Action;
use super::find::FindAction;
use super::view::Scope;

/// Sets of scopes, for the table below.
const AGENDA: u16 = Scope::Agenda.bit();
const PRESENT: u16 = Scope::Present.bit();
const SCREEN: u16 = Scope::Screen.bit();
const READER: u16 = Scope::Reader.bit();
const LIST: u16 = Scope::List.bit();
const MENU: u16 = Scope::Menu.bit();
const FORM: u16 = Scope::Form.bit();
const PROMPT: u16 = Scope::Prompt.bit();
const SEARCH: u16 = Scope::Search.bit();
const PICKER: u16 = Scope::Picker.bit();
/// Where the agenda's own keys act: the agenda, and presentation (the agenda for the room).
const MEETING: u16 = AGENDA | PRESENT;
/// Where the whole-plan screens and search open from.
const VIEWING: u16 = MEETING | SCREEN;
/// Where text is typed.
const TEXT: u16 = FORM | PROMPT | SEARCH | PICKER;
const EVERYWHERE: u16 = u16::MAX;

/// A key with its modifiers, parsed from strings like "j", "Down", "C-s", "S-Tab", "F5".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    /// The key as the table matches it: shift is part of the character for printable keys.
    pub fn from_event(ev: &KeyEvent) -> Key {
        let mut mods =
            ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match ev.code {
            KeyCode::Char(c) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::Char(c)
            }
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        Key { code, mods }
    }

    pub fn parse(s: &str) -> Result<Key, String> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = s;
        loop {
            if let Some(r) = rest.strip_prefix("C-") {
                mods |= KeyModifiers::CONTROL;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("A-") {
                mods |= KeyModifiers::ALT;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("S-") {
                mods |= KeyModifiers::SHIFT;
                rest = r;
            } else {
                break;
            }
        }
        let code = match rest {
            "Up" => KeyCode::Up,
            "Down" => KeyCode::Down,
            "Left" => KeyCode::Left,
            "Right" => KeyCode::Right,
            "Enter" => KeyCode::Enter,
            "Esc" => KeyCode::Esc,
            "Tab" if mods.contains(KeyModifiers::SHIFT) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            "Tab" => KeyCode::Tab,
            "BackTab" => KeyCode::BackTab,
            "Space" => KeyCode::Char(' '),
            "Backspace" => KeyCode::Backspace,
            "Home" => KeyCode::Home,
            "End" => KeyCode::End,
            "PageUp" => KeyCode::PageUp,
            "PageDown" => KeyCode::PageDown,
            "Delete" => KeyCode::Delete,
            f if f.len() >= 2 && f.starts_with('F') && f[1..].parse::<u8>().is_ok() => {
                let n: u8 = f[1..].parse().map_err(|_| format!("bad key {s:?}"))?;
                if !(1..=12).contains(&n) {
                    return Err(format!("no function key {s:?}: expected F1 to F12"));
                }
                KeyCode::F(n)
            }
            one if one.chars().count() == 1 => {
                let c = one.chars().next().unwrap_or(' ');
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::Char(c)
            }
            _ => {
                return Err(format!(
                    "unknown key {s:?}: expected a character, or Up, Down, Left, Right, Enter, Esc, Tab, BackTab, Space, Backspace, Home, End, PageUp, PageDown, Delete, F1-F12, with optional C-, A-, S- prefixes"
                ));
            }
        };
        Ok(Key { code, mods })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("C-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("A-")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            f.write_str("S-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("S-Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// One entry of the key table.
#[derive(Debug, Clone)]
pub struct Binding {
    pub action: Action,
    /// The name a keymap file uses.
    pub name: &'static str,
    pub keys: Vec<Key>,
    pub description: &'static str,
    /// Shown in the agenda's footer (the keys that matter most).
    pub hint: Option<&'static str>,
    /// The scopes (`Scope::bit`) it acts in: one key may mean one thing per scope.
    pub scopes: u16,
}

impl Binding {
    pub fn acts_in(&self, scope: Scope) -> bool {
        self.scopes & scope.bit() != 0
    }
}

/// A default entry: (action, name, keys, description, footer hint, scopes).
type DefaultEntry = (
    Action,
    &'static str,
    &'static [&'static str],
    &'static str,
    Option<&'static str>,
    u16,
);

/// The default key table.
const DEFAULTS: &[DefaultEntry] = &[
    (
        Action::Next,
        "next",
        &["n", "Space"],
        "Next item (the next match or kept item if narrowed)",
        Some("next"),
        MEETING,
    ),
    (
        Action::Prev,
        "prev",
        &["p", "Backspace"],
        "Previous item (or match, or kept item)",
        Some("prev"),
        MEETING,
    ),
    (
        Action::Find(FindAction::Search),
        "search",
        &["/"],
        "Search titles, measures, notes, leads, indicators",
        Some("search"),
        VIEWING,
    ),
    (
        Action::NextPriority,
        "next_priority",
        &["]", "PageDown"],
        "Jump to the next priority",
        None,
        MEETING | READER,
    ),
    (
        Action::PrevPriority,
        "prev_priority",
        &["[", "PageUp"],
        "Jump to the previous priority",
        None,
        MEETING | READER,
    ),
    (
        Action::First,
        "first",
        &["Home"],
        "First item",
        None,
        MEETING,
    ),
    (Action::Last, "last", &["End"], "Last item", None, MEETING),
    (
        Action::Up,
        "up",
        &["Up", "k"],
        "Move up (scroll when the detail has focus)",
        None,
        MEETING | SCREEN | READER | LIST | PICKER,
    ),
    (
        Action::Down,
        "down",
        &["Down", "j"],
        "Move down (scroll when the detail has focus)",
        None,
        MEETING | SCREEN | READER | LIST | PICKER,
    ),
    (
        Action::Collapse,
        "collapse",
        &["Left", "h"],
        "Collapse, or go to the parent",
        None,
        AGENDA | SCREEN,
    ),
    (
        Action::Expand,
        "expand",
        &["Right", "l"],
        "Expand, or go to the first child",
        None,
        AGENDA | SCREEN,
    ),
    (
        Action::Toggle,
        "toggle",
        &["Enter"],
        "Expand or collapse",
        None,
        AGENDA,
    ),
    (
        Action::ToggleAll,
        "toggle_all",
        &["-"],
        "Collapse every level of the agenda, or expand all",
        None,
        AGENDA,
    ),
    (
        Action::GoTo,
        "go_to",
        &[":"],
        "Go to an item by its number (\"4\", \"3.2.4\")",
        None,
        MEETING,
    ),
    (
        Action::ToggleReviewed,
        "reviewed",
        &["x"],
        "Tick the item as reviewed in this meeting",
        Some("reviewed"),
        MEETING,
    ),
    (
        Action::NextUnreviewed,
        "next_unreviewed",
        &["u"],
        "Next item still to review",
        Some("to review"),
        MEETING,
    ),
    (
        Action::Decide,
        "decide",
        &["d"],
        "Record a decision or agreed action on the item",
        Some("decision"),
        MEETING,
    ),
    (
        Action::Milestones,
        "milestones",
        &["K"],
        "Call a key milestone met, missed or a new date",
        None,
        MEETING,
    ),
    (
        Action::Judge,
        "judge",
        &["B"],
        "The board's own judgement of the priority",
        None,
        MEETING,
    ),
    (
        Action::Agree,
        "agree",
        &["="],
        "Agree the lead's proposed rating (a different digit challenges it)",
        Some("agree"),
        MEETING,
    ),
    (
        Action::Clear,
        "clear",
        &["Delete"],
        "Clear the rating (also 0); digits 1-9 rate",
        None,
        MEETING,
    ),
    (
        Action::Note,
        "note",
        &["e"],
        "Note why, update progress; close a matter arising",
        Some("note"),
        MEETING | SCREEN,
    ),
    (
        Action::Undo,
        "undo",
        &["z"],
        "Undo the last change",
        Some("undo"),
        MEETING,
    ),
    (Action::Redo, "redo", &["y", "C-y"], "Redo", None, MEETING),
    (
        Action::Suspend,
        "suspend",
        &["C-z"],
        "Suspend to the shell (fg comes back)",
        None,
        MEETING,
    ),
    (
        Action::Save,
        "save",
        &["C-s"],
        "Save the plan",
        Some("save"),
        VIEWING,
    ),
    (
        Action::SaveAs,
        "save_as",
        &["S"],
        "Save under another name",
        None,
        AGENDA,
    ),
    (
        Action::Periods,
        "period",
        &["v"],
        "Choose the period to record, or start one for today",
        Some("period"),
        MEETING,
    ),
    (
        Action::Changes,
        "changes",
        &["c"],
        "Changes this meeting",
        None,
        MEETING | READER,
    ),
    (
        Action::About,
        "about",
        &["i"],
        "About this plan: its narrative, source and levels",
        None,
        MEETING | READER,
    ),
    (
        Action::FocusNext,
        "focus",
        &["Tab", "BackTab"],
        "Switch between outline and detail",
        None,
        AGENDA,
    ),
    (
        Action::TogglePresent,
        "present",
        &["f", "F5"],
        "Presentation mode on or off",
        Some("present"),
        MEETING,
    ),
    (
        Action::CycleTheme,
        "theme",
        &["t"],
        "Next colour theme",
        None,
        VIEWING,
    ),
    (
        Action::Find(FindAction::PrevMatch),
        "prev_match",
        &["N"],
        "Previous search match (n is the next)",
        None,
        MEETING,
    ),
    (
        Action::Find(FindAction::FilterMenu),
        "filter",
        &["F"],
        "Filter: reds, worse, changed, overdue, unrated, proposals, lead",
        Some("filter"),
        VIEWING,
    ),
    (
        Action::Find(FindAction::Reset),
        "reset",
        &["X"],
        "Clear the search and every filter",
        None,
        VIEWING,
    ),
    (
        Action::Find(FindAction::Exceptions),
        "exceptions",
        &["E"],
        "Exception agenda: last period's reds, worse and overdue (again: off)",
        Some("exceptions"),
        VIEWING,
    ),
    (
        Action::Find(FindAction::Dashboard),
        "dashboard",
        &["D"],
        "Dashboard: all areas by period, published vs ours",
        Some("dashboard"),
        VIEWING,
    ),
    (
        Action::Find(FindAction::Indicators),
        "indicators",
        &["I"],
        "Indicators: series, targets, direction, SPC signals",
        None,
        VIEWING,
    ),
    (
        Action::Find(FindAction::Arising),
        "arising",
        &["A"],
        "Matters arising: open agreed actions, this meeting's",
        Some("arising"),
        VIEWING,
    ),
    (
        Action::Find(FindAction::PeriodsGrid),
        "periods_grid",
        &["P"],
        "Periods side by side for the objective's actions",
        None,
        VIEWING,
    ),
    (
        Action::Help,
        "help",
        &["?", "F1"],
        "Show or hide this help",
        Some("help"),
        VIEWING | READER,
    ),
    (
        Action::Close,
        "close",
        &["Esc"],
        "Close the overlay, screen or search",
        None,
        EVERYWHERE,
    ),
    (
        Action::Quit,
        "quit",
        &["q", "C-c"],
        "Quit",
        Some("quit"),
        EVERYWHERE,
    ),
    (
        Action::Join,
        "join",
        &["M"],
        "Follow another screen's selection (again: the next screen, then none)",
        None,
        MEETING,
    ),
    (
        Action::TakePen,
        "take_pen",
        &["W"],
        "The pen: take it on a read-only copy once the writer has let go; hand it over from the writer (saved first)",
        Some("take the pen"),
        MEETING,
    ),
    (
        Action::Submit,
        "submit",
        &["Enter"],
        "Confirm: record the note, go to the cell, take the choice",
        None,
        SCREEN | LIST | MENU | TEXT,
    ),
    (
        Action::NextField,
        "next_field",
        &["Tab", "BackTab"],
        "The note form's other field",
        None,
        FORM,
    ),
    (
        Action::Erase,
        "erase",
        &["Backspace"],
        "Delete the character before the cursor",
        None,
        TEXT,
    ),
    (
        Action::Newline,
        "newline",
        &["A-Enter", "C-j"],
        "A new line in a note",
        None,
        FORM,
    ),
];

/// The key table in force.
#[derive(Debug, Clone)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        let bindings = DEFAULTS
            .iter()
            .map(|&(action, name, keys, description, hint, scopes)| Binding {
                action,
                name,
                keys: keys
                    .iter()
                    .map(|k| Key::parse(k).unwrap_or_else(|e| panic!("default key table: {e}")))
                    .collect(),
                description,
                hint,
                scopes,
            })
            .collect();
        Keymap { bindings }
    }
}

impl Keymap {
    /// The action bound to a key event on the agenda, if any.
    pub fn action_for(&self, ev: &KeyEvent) -> Option<Action> {
        self.action_in(Scope::Agenda, ev)
    }

    /// The action bound to a key event where `scope` reads keys, if any.
    pub fn action_in(&self, scope: Scope, ev: &KeyEvent) -> Option<Action> {
        let key = Key::from_event(ev);
        self.bindings
            .iter()
            .find(|b| b.acts_in(scope) && b.keys.contains(&key))
            .map(|b| b.action)
    }

    /// Apply a user's overrides (`{"next": ["n", "Space"], ...}`), rejecting unknown names,
    /// unparsable keys, digits (kept for rating) and keys bound to two actions.
    pub fn with_overrides(
        mut self,
        overrides: &BTreeMap<String, Vec<String>>,
    ) -> Result<Keymap, String> {
        let mut errors = Vec::new();
        for (name, keys) in overrides {
            let Some(binding) = self.bindings.iter_mut().find(|b| b.name == name) else {
                let names: Vec<&str> = DEFAULTS.iter().map(|d| d.1).collect();
                errors.push(format!(
                    "unknown action {name:?}: expected one of {}",
                    names.join(", ")
                ));
                continue;
            };
            let mut parsed = Vec::new();
            for k in keys {
                match Key::parse(k) {
                    Ok(key)
                        if matches!(key.code, KeyCode::Char(c) if c.is_ascii_digit())
                            && key.mods.is_empty() =>
                    {
                        errors.push(format!(
                            "{name}: key {k:?} is a digit; digits are kept for rating"
                        ));
                    }
                    Ok(key) => parsed.push(key),
                    Err(e) => errors.push(format!("{name}: {e}")),
                }
            }
            binding.keys = parsed;
        }
        // Conflicts: one key, two actions where both act.
        for (i, a) in self.bindings.iter().enumerate() {
            for b in &self.bindings[i + 1..] {
                if a.scopes & b.scopes == 0 {
                    continue;
                }
                for k in &a.keys {
                    if b.keys.contains(k) {
                        errors.push(format!(
                            "key {k} is bound to both {} and {}",
                            a.name, b.name
                        ));
                    }
                }
            }
        }
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(errors.join("\n"))
        }
    }

    /// The first key bound to `action`, as the help writes it.
    pub fn key_for(&self, action: Action) -> Option<String> {
        self.bindings
            .iter()
            .find(|b| b.action == action)
            .and_then(|b| b.keys.first())
            .map(|k| k.to_string())
    }

    /// The first key bound to `action` where `scope` reads keys.
    pub fn key_in(&self, scope: Scope, action: Action) -> Option<String> {
        self.bindings
            .iter()
            .find(|b| b.action == action && b.acts_in(scope))
            .and_then(|b| b.keys.first())
            .map(|k| k.to_string())
    }

    /// Every key bound to `action` where `scope` reads keys, as the help writes them.
    pub fn keys_in(&self, scope: Scope, action: Action) -> Vec<String> {
        self.bindings
            .iter()
            .find(|b| b.action == action && b.acts_in(scope))
            .map(|b| b.keys.iter().map(Key::to_string).collect())
            .unwrap_or_default()
    }

    /// "n/Space next" style hints for the footer, with the action each key does (so the
    /// footer can leave out what does nothing where it is shown).
    pub fn hints(&self) -> Vec<(Action, String, &'static str)> {
        self.bindings
            .iter()
            .filter(|b| b.acts_in(Scope::Agenda))
            .filter_map(|b| {
                let hint = b.hint?;
                let key = b.keys.first()?;
                Some((b.action, key.to_string(), hint))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEventKind;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new_with_kind(code, mods, KeyEventKind::Press)
    }

    #[test]
    fn parses_key_strings() {
        let cases = [
            ("j", KeyCode::Char('j'), KeyModifiers::NONE),
            ("G", KeyCode::Char('G'), KeyModifiers::NONE),
            ("C-s", KeyCode::Char('s'), KeyModifiers::CONTROL),
            ("Space", KeyCode::Char(' '), KeyModifiers::NONE),
            ("S-Tab", KeyCode::BackTab, KeyModifiers::NONE),
            ("F5", KeyCode::F(5), KeyModifiers::NONE),
            ("A-Down", KeyCode::Down, KeyModifiers::ALT),
            ("?", KeyCode::Char('?'), KeyModifiers::NONE),
        ];
        for (text, code, mods) in cases {
            assert_eq!(Key::parse(text), Ok(Key { code, mods }), "{text}");
        }
        for bad in ["", "Foo", "F13", "C-"] {
            assert!(Key::parse(bad).is_err(), "{bad:?} should not parse");
        }
    }

    #[test]
    fn shifted_characters_match_without_the_shift_flag() {
        let km = Keymap::default();
        assert_eq!(
            km.action_for(&ev(KeyCode::Char('S'), KeyModifiers::SHIFT)),
            Some(Action::SaveAs)
        );
        assert_eq!(
            km.action_for(&ev(KeyCode::Char('?'), KeyModifiers::SHIFT)),
            Some(Action::Help)
        );
        assert_eq!(
            km.action_for(&ev(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        assert_eq!(
            km.action_for(&ev(KeyCode::Char('c'), KeyModifiers::NONE)),
            Some(Action::Changes)
        );
        assert_eq!(
            km.action_for(&ev(KeyCode::Char('s'), KeyModifiers::CONTROL)),
            Some(Action::Save)
        );
        assert_eq!(
            km.action_for(&ev(KeyCode::Char('s'), KeyModifiers::NONE)),
            None
        );
    }

    #[test]
    fn default_table_has_no_conflicts_and_leaves_digits_free() {
        let km = Keymap::default().with_overrides(&BTreeMap::new()).unwrap();
        for d in '0'..='9' {
            assert_eq!(
                km.action_for(&ev(KeyCode::Char(d), KeyModifiers::NONE)),
                None,
                "{d}"
            );
        }
    }

    #[test]
    fn overrides_replace_only_what_they_name() {
        let o = BTreeMap::from([("next".to_string(), vec!["J".to_string()])]);
        let km = Keymap::default().with_overrides(&o).unwrap();
        assert_eq!(
            km.action_for(&ev(KeyCode::Char('J'), KeyModifiers::SHIFT)),
            Some(Action::Next)
        );
        assert_eq!(
            km.action_for(&ev(KeyCode::Char('n'), KeyModifiers::NONE)),
            None
        );
        assert_eq!(
            km.action_for(&ev(KeyCode::Char('p'), KeyModifiers::NONE)),
            Some(Action::Prev)
        );
    }

    #[test]
    fn conflicts_and_bad_entries_are_rejected_with_reasons() {
        let cases = [
            ("next", "q", "key q is bound to both next and quit"),
            ("nxt", "n", "unknown action \"nxt\""),
            ("next", "Foo", "next: unknown key \"Foo\""),
            ("next", "3", "digits are kept for rating"),
        ];
        for (name, key, expected) in cases {
            let o = BTreeMap::from([(name.to_string(), vec![key.to_string()])]);
            let err = Keymap::default().with_overrides(&o).unwrap_err();
            assert!(err.contains(expected), "{name}={key}: {err}");
        }
    }
}
