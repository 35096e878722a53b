//! Finding where a value stands in plan text, for messages with line and column.
//!
//! serde gives no positions for values that parsed well but fail validation, so we find
//! them again in the text: the n-th `id: "X"`, then a field or key after it. Nothing is
//! scanned until a problem needs a place; then one pass indexes every `id: "…"` and every
//! line start, and each later look-up is a hash or a binary search plus a short search
//! inside one item. A valid plan costs nothing here, and a plan with a problem in every
//! item costs time in proportion to its size (the old way, a scan of the text per item,
//! took 32 s on a 10,000-action plan).

use std::cell::{Cell, OnceCell};
use std::collections::HashMap;

/// Positions in one text, found on demand.
pub struct Locator<'a> {
    text: &'a str,
    index: OnceCell<Positions<'a>>,
    /// Bytes of text examined so far: the work done, for the test that keeps it linear.
    steps: Cell<usize>,
}

struct Positions<'a> {
    /// Byte offset where each line starts (the first is 0).
    lines: Vec<usize>,
    /// For each quoted id as written (`"1.2.3"`), the offsets of its `id: ` in order.
    ids: HashMap<&'a str, Vec<usize>>,
    /// Every `id: ` offset in order: an item's text ends where the next id starts.
    starts: Vec<usize>,
}

const ID: &str = "id: \"";

impl<'a> Locator<'a> {
    pub fn new(text: &'a str) -> Locator<'a> {
        Locator {
            text,
            index: OnceCell::new(),
            steps: Cell::new(0),
        }
    }

    /// Bytes examined so far.
    pub fn steps(&self) -> usize {
        self.steps.get()
    }

    fn count(&self, n: usize) {
        self.steps.set(self.steps.get() + n);
    }

    fn index(&self) -> &Positions<'a> {
        self.index.get_or_init(|| {
            let text = self.text;
            self.count(text.len());
            let lines = std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect();
            let mut ids: HashMap<&str, Vec<usize>> = HashMap::new();
            let mut starts = Vec::new();
            for (at, _) in text.match_indices(ID) {
                let open = at + ID.len() - 1;
                if let Some(len) = quoted_len(&text[open..]) {
                    ids.entry(&text[open..open + len]).or_default().push(at);
                    starts.push(at);
                }
            }
            Positions { lines, ids, starts }
        })
    }

    /// 1-based line and column of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let lines = &self.index().lines;
        let line = lines.partition_point(|&s| s <= offset);
        let start = lines[line - 1];
        self.count(offset - start);
        (line, self.text[start..offset].chars().count() + 1)
    }

    /// Byte offset of the `nth` (0-based) occurrence of `id: "<id>"`. An id written with
    /// escapes (`"\x1b"`, a raw control character, `"\u{31}.1"`) is found by its value.
    pub fn id_offset(&self, id: &str, nth: usize) -> Option<usize> {
        let key = quoted(id);
        let index = self.index();
        if let Some(at) = index.ids.get(key.as_str()).and_then(|v| v.get(nth)) {
            return Some(*at);
        }
        // Only for a problem, and only for an id not written as Rust would quote it.
        let mut found: Vec<usize> = index
            .ids
            .iter()
            .filter(|(written, _)| ron::from_str::<String>(written).is_ok_and(|v| v == id))
            .flat_map(|(_, offsets)| offsets.iter().copied())
            .collect();
        self.count(index.ids.len());
        found.sort_unstable();
        found.get(nth).copied()
    }

    /// Offset of `needle` at or after `from`, looked for first within the item that starts
    /// there (up to the next `id: `), then, for a field written out of the usual order,
    /// in the rest of the text.
    pub fn after(&self, from: usize, needle: &str) -> Option<usize> {
        let starts = &self.index().starts;
        let next = starts.partition_point(|&s| s <= from);
        let end = starts.get(next).copied().unwrap_or(self.text.len());
        if let Some(at) = self.find(from, end, needle) {
            return Some(at);
        }
        self.find(end, self.text.len(), needle)
    }

    fn find(&self, from: usize, to: usize, needle: &str) -> Option<usize> {
        let hay = self.text.get(from..to)?;
        let found = hay.find(needle);
        self.count(found.map_or(hay.len(), |i| i + needle.len()));
        found.map(|i| from + i)
    }
}

/// Length of the RON string literal at the start of `s` (quotes included).
fn quoted_len(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            b'\n' => return None,
            _ => i += 1,
        }
    }
    None
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// 1-based line and column of a byte offset, for a single look-up.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    Locator::new(text).line_col(offset)
}

/// A string as RON writes it.
pub fn quoted(s: &str) -> String {
    format!("{s:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based() {
        let text = "ab\ncd\nef";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 4), (2, 2));
        assert_eq!(line_col(text, 6), (3, 1));
        assert_eq!(line_col(text, 8), (3, 3));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "(é: 1, id: \"x\")";
        let l = Locator::new(text);
        let at = l.id_offset("x", 0).unwrap();
        assert_eq!(l.line_col(at), (1, 8));
    }

    #[test]
    fn finds_the_nth_id() {
        let text = "(id: \"a\")\n(id: \"b\")\n(id: \"a\")";
        let l = Locator::new(text);
        assert_eq!(l.id_offset("a", 0), Some(1));
        assert_eq!(l.id_offset("a", 1).map(|o| l.line_col(o)), Some((3, 2)));
        assert_eq!(l.id_offset("c", 0), None);
    }

    #[test]
    fn ids_with_escapes_and_quotes_are_found() {
        let text = "(id: \"say \\\"hi\\\"\", title: \"t\")";
        let l = Locator::new(text);
        assert_eq!(l.id_offset("say \"hi\"", 0), Some(1));
    }

    #[test]
    fn a_field_is_found_in_its_own_item_first() {
        let text = "(id: \"a\", x: 1)\n(id: \"b\", title: \"\")\n(id: \"c\", title: \"t\")";
        let l = Locator::new(text);
        let b = l.id_offset("b", 0).unwrap();
        assert_eq!(l.after(b, "title:").map(|o| l.line_col(o)), Some((2, 11)));
        // Not in item a: found further on, as a field out of order would be.
        let a = l.id_offset("a", 0).unwrap();
        assert_eq!(l.after(a, "title:").map(|o| l.line_col(o)), Some((2, 11)));
        assert_eq!(l.after(a, "nowhere:"), None);
    }

    #[test]
    fn nothing_is_scanned_until_a_place_is_asked_for() {
        let l = Locator::new("(id: \"a\")");
        assert_eq!(l.steps(), 0);
        l.id_offset("a", 0);
        assert!(l.steps() >= 9);
    }
}
