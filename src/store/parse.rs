//! Reading plan text on several cores at once.
//!
//! A single `ron::from_str` of a large plan is the floor of a load on one core, and it
//! is most of the time `check` and the meeting view take to open. Almost all of a plan's
//! text is its `priorities: [...]` list, whose elements are independent values; so one
//! quick lexical pass (strings, raw strings, char literals, nested comments, brackets)
//! finds that list and where each element starts and ends. Elements are handed to the
//! reading threads as they are found, one at a time (so no thread idles while another has
//! work), and read in place with `ron`, with the same options and extensions as the whole
//! file. The rest of the plan is read as a plan with an empty list. The elements are put
//! back in their order.
//!
//! Anything the pass does not understand (a `#` outside the header, unbalanced text), and
//! any error in any part, sends the whole text through the plain single-threaded
//! `ron::from_str` instead: a file that does not read gets exactly the message, line and
//! column it always got, and a file that reads gives the same plan either way (tested
//! below on generated and bundled plans, broken ones, and random insertions of syntax).

use std::ops::Range;

use ron::Options;
use ron::error::SpannedResult;
use ron::extensions::Extensions;

use crate::model::{Plan, Priority};

/// Below this size a plan is read in one go: threads cost more than they save.
const PARALLEL_FROM_BYTES: usize = 256 * 1024;

/// The options every plan is read with.
pub fn options() -> Options {
    Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

/// Read plan text, on as many threads as the machine offers when the text is large.
/// The result (the plan, or the error with its place) is that of `options().from_str`.
pub fn plan(text: &str) -> SpannedResult<Plan> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    if threads < 2 || text.len() < PARALLEL_FROM_BYTES {
        return options().from_str(text);
    }
    plan_in_parts(text, threads)
}

/// As [`plan`], always split, on `parts` threads (tests use it on small plans).
pub fn plan_in_parts(text: &str, parts: usize) -> SpannedResult<Plan> {
    match split_parse(text, parts.max(1)) {
        Some(plan) => Ok(plan),
        None => options().from_str(text),
    }
}

/// The split read; `None` when anything is unusual, so the caller reads the whole text.
///
/// This thread finds the elements and hands each over as soon as it is found; the others
/// start reading them at once. When the list is found whole, this thread reads the rest of
/// the plan and then takes elements too, so no thread idles while another has work.
fn split_parse(text: &str, threads: usize) -> Option<Plan> {
    // ron reads the header (`#![enable(...)]`) itself: what it enables applies to every
    // part, and the body starts where ron's own parser stands after it.
    let de = ron::de::Deserializer::from_str_with_options(text, &options()).ok()?;
    let element_options = Options::default().with_default_extension(de.extensions());
    let body = text.len() - de.remainder().len();
    let queue = Queue::default();
    let read = || queue.read_all(text, &element_options);

    let (rest, mine, theirs) = std::thread::scope(|s| {
        // A thread the system refuses is done without: this one reads what is left.
        let handles: Vec<_> = (1..threads)
            .filter_map(|_| std::thread::Builder::new().spawn_scoped(s, read).ok())
            .collect();
        // Should this thread panic, the others must not wait for elements for ever.
        let _guard = Guard(&queue);
        let list = find_list(text, body, |r| queue.push(r));
        queue.finish(list.is_none());
        let rest = list.and_then(|(open, close)| {
            // The plan without its priorities: the text before the list's contents and after.
            let mut rest = String::with_capacity(open + (text.len() - close));
            rest.push_str(&text[..open]);
            rest.push_str(&text[close..]);
            let plan = options().from_str::<Plan>(&rest).ok();
            if plan.is_none() {
                queue.finish(true);
            }
            plan
        });
        let mine = read();
        let theirs: Vec<_> = handles
            .into_iter()
            .map(|h| h.join().ok().flatten())
            .collect();
        (rest, mine, theirs)
    });
    let mut plan = rest?;
    if !plan.priorities.is_empty() {
        return None;
    }
    // Every reader must have read all it took; then every element has its slot filled.
    let theirs: Vec<Vec<(usize, Priority)>> = theirs.into_iter().collect::<Option<_>>()?;
    let count = queue.state.lock().ok()?.ranges.len();
    let mut slots: Vec<Option<Priority>> = std::iter::repeat_with(|| None).take(count).collect();
    for (i, p) in mine?.into_iter().chain(theirs.into_iter().flatten()) {
        *slots.get_mut(i)? = Some(p);
    }
    plan.priorities = slots.into_iter().collect::<Option<Vec<_>>>()?;
    Some(plan)
}

/// Ends the queue if the thread that fills it unwinds.
struct Guard<'q>(&'q Queue);

impl Drop for Guard<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.finish(true);
        }
    }
}

/// The elements found so far, shared by the threads that read them.
#[derive(Default)]
struct Queue {
    state: std::sync::Mutex<Found>,
    more: std::sync::Condvar,
}

#[derive(Default)]
struct Found {
    ranges: Vec<Range<usize>>,
    /// How many have been taken by a reader.
    taken: usize,
    /// No more will come.
    done: bool,
    /// Something failed: every reader stops, and the whole text is read instead.
    failed: bool,
}

impl Queue {
    fn push(&self, r: Range<usize>) {
        if let Ok(mut s) = self.state.lock() {
            s.ranges.push(r);
            self.more.notify_one();
        }
    }

    fn finish(&self, failed: bool) {
        if let Ok(mut s) = self.state.lock() {
            s.done = true;
            s.failed |= failed;
        }
        self.more.notify_all();
    }

    /// The next element to read, or `None` when there is none left (or a failure).
    fn take(&self) -> Option<(usize, Range<usize>)> {
        let mut s = self.state.lock().ok()?;
        loop {
            if s.failed {
                return None;
            }
            if let Some(r) = s.ranges.get(s.taken).cloned() {
                s.taken += 1;
                return Some((s.taken - 1, r));
            }
            if s.done {
                return None;
            }
            s = self.more.wait(s).ok()?;
        }
    }

    /// Read elements until none are left: each with its place in the list. `None` if one
    /// does not read (or another reader failed).
    fn read_all(&self, text: &str, options: &Options) -> Option<Vec<(usize, Priority)>> {
        let mut out = Vec::new();
        while let Some((i, r)) = self.take() {
            match options.from_str::<Priority>(&text[r]) {
                Ok(p) => out.push((i, p)),
                Err(_) => {
                    self.finish(true);
                    return None;
                }
            }
        }
        let failed = self.state.lock().map_or(true, |s| s.failed);
        (!failed).then_some(out)
    }
}

/// Where the priorities list is in a plan's text (for tests: the reader streams them).
#[cfg(test)]
#[derive(Debug, PartialEq, Eq)]
struct Layout {
    /// Just after the list's `[`.
    open: usize,
    /// At the list's `]`.
    close: usize,
    /// Each element's text, between the separating commas (a trailing comma's empty
    /// remainder is not an element).
    elements: Vec<Range<usize>>,
}

#[cfg(test)]
impl Layout {
    fn find(text: &str, body: usize) -> Option<Layout> {
        let mut elements = Vec::new();
        let (open, close) = find_list(text, body, |r| elements.push(r))?;
        Some(Layout {
            open,
            close,
            elements,
        })
    }
}

/// Where the lexer stands, as far as finding the list goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    /// At depth 1, where a field name may come next (after `(` or `,`).
    Expected,
    /// Read `priorities`; a `:` may come next.
    Name,
    /// Read `priorities:`; the list's `[` may come next.
    Colon,
    /// Anything else.
    No,
}

/// One pass over the text from `body` (after the header) to the end of the top-level
/// struct's `priorities: [...]`: each element's range goes to `element` as it is found
/// (an empty one before a comma too, for ron to refuse). Returns the list's inside (just
/// after `[`, at `]`), or `None` if the text holds anything this pass does not follow.
fn find_list(
    text: &str,
    body: usize,
    mut element: impl FnMut(Range<usize>),
) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let open = find_open(b, body)?;
    let mut i = open;
    let mut depth = 0usize;
    let mut start = open;
    loop {
        // Only these bytes matter inside the list; idents, numbers and spaces are stepped
        // over a byte at a time with one table look-up each.
        while i < b.len() && !LIST_BYTE[usize::from(b[i])] {
            i += 1;
        }
        let c = *b.get(i)?;
        match c {
            b'"' if raw_prefix(b, i) => i = skip_raw_string(b, i)?,
            b'"' => i = skip_string(b, i + 1)?,
            b'#' if raw_prefix(b, i) => i = skip_raw_string(b, i)?,
            b'#' => return None,
            b'\'' => i = skip_char(b, i + 1)?,
            b'/' => i = skip_comment(b, i)?,
            b'(' | b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b')' | b']' | b'}' if depth == 0 => {
                if c != b']' {
                    return None;
                }
                if has_token(&b[start..i])? {
                    element(start..i);
                }
                return Some((open, i));
            }
            b')' | b']' | b'}' => {
                depth -= 1;
                i += 1;
            }
            b',' if depth == 0 => {
                element(start..i);
                i += 1;
                start = i;
            }
            _ => i += 1,
        }
    }
}

/// The bytes the list's pass stops at.
const LIST_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let special = b"\"#'/()[]{},";
    let mut k = 0;
    while k < special.len() {
        t[special[k] as usize] = true;
        k += 1;
    }
    t
};

fn is_ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

/// Whether the `"` or `#` at `i` opens a raw string: `r"`, `r#`, `br"`, `br#` as a token
/// of its own (not the end of a longer identifier).
fn raw_prefix(b: &[u8], i: usize) -> bool {
    if i == 0 || b[i - 1] != b'r' {
        return false;
    }
    let before = |j: usize| j == 0 || !is_ident_byte(b[j - 1]);
    before(i - 1) || (i >= 2 && b[i - 2] == b'b' && before(i - 2))
}

/// Whether a stretch holds anything but ASCII whitespace and comments. `None` for a
/// broken comment.
fn has_token(b: &[u8]) -> Option<bool> {
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => i += 1,
            b'/' => i = skip_comment(b, i)?,
            _ => return Some(true),
        }
    }
    Some(false)
}

/// From `body`, the full lexer up to the top-level struct's `priorities: [`: just after
/// that `[`.
fn find_open(b: &[u8], body: usize) -> Option<usize> {
    let mut i = body;
    let mut depth = 0usize;
    let mut key = Key::No;
    while i < b.len() {
        let c = b[i];
        // Whether a token was read (whitespace and comments keep the key's progress).
        let mut token = true;
        match c {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => {
                token = false;
                i += 1;
            }
            b'/' => {
                i = skip_comment(b, i)?;
                token = false;
            }
            b'"' => i = skip_string(b, i + 1)?,
            b'\'' => i = skip_char(b, i + 1)?,
            b'#' => return None,
            b'[' if depth == 1 && key == Key::Colon => return Some(i + 1),
            b'(' | b'[' | b'{' => {
                depth += 1;
                i += 1;
                if depth == 1 {
                    if c != b'(' {
                        return None;
                    }
                    key = Key::Expected;
                    continue;
                }
            }
            b')' | b']' | b'}' => {
                depth = depth.checked_sub(1)?;
                i += 1;
            }
            b',' => {
                i += 1;
                if depth == 1 {
                    key = Key::Expected;
                    continue;
                }
            }
            b':' => {
                i += 1;
                if depth == 1 && key == Key::Name {
                    key = Key::Colon;
                    continue;
                }
            }
            c if is_ident_byte(c) => {
                let start = i;
                while i < b.len() && is_ident_byte(b[i]) {
                    i += 1;
                }
                let word = &b[start..i];
                match (word, b.get(i)) {
                    (b"r" | b"br", Some(b'"' | b'#')) => i = skip_raw_string(b, i)?,
                    (b"b", Some(b'"')) => i = skip_string(b, i + 1)?,
                    (b"b", Some(b'\'')) => i = skip_char(b, i + 1)?,
                    _ if depth == 1 && key == Key::Expected && word == b"priorities" => {
                        key = Key::Name;
                        continue;
                    }
                    _ => {}
                }
            }
            _ => i += 1,
        }
        if token && depth == 1 {
            key = Key::No;
        }
    }
    None
}

/// Past a comment starting at `i` (a `/`): `//` to the line's end, `/* */` nested as ron
/// nests them. `None` for a lone `/` or an unclosed block comment.
fn skip_comment(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i + 1) {
        Some(b'/') => Some(memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n + 1)),
        Some(b'*') => {
            let mut level = 1usize;
            let mut j = i + 2;
            while level > 0 {
                j += memchr::memchr2(b'/', b'*', b.get(j..)?)?;
                match (b[j], b.get(j + 1)) {
                    (b'/', Some(b'*')) => {
                        level += 1;
                        j += 2;
                    }
                    (b'*', Some(b'/')) => {
                        level -= 1;
                        j += 2;
                    }
                    _ => j += 1,
                }
            }
            Some(j)
        }
        _ => None,
    }
}

/// Past a string whose contents start at `i`: up to its closing `"`, escapes skipped.
fn skip_string(b: &[u8], mut i: usize) -> Option<usize> {
    loop {
        i += memchr::memchr2(b'"', b'\\', b.get(i..)?)?;
        if b[i] == b'"' {
            return Some(i + 1);
        }
        i += 2;
    }
}

/// Past a raw string whose `#`s or `"` start at `i`: `r#"…"#` ends at a `"` followed by
/// as many `#` as opened it.
fn skip_raw_string(b: &[u8], mut i: usize) -> Option<usize> {
    let hashes = b[i..].iter().take_while(|&&c| c == b'#').count();
    i += hashes;
    if b.get(i) != Some(&b'"') {
        return None;
    }
    i += 1;
    loop {
        i += memchr::memchr(b'"', b.get(i..)?)?;
        i += 1;
        if b.len() >= i + hashes && b[i..i + hashes].iter().all(|&c| c == b'#') {
            return Some(i + hashes);
        }
    }
}

/// Past a char literal whose contents start at `i`: `'a'`, `'\''`, `'\u{1F600}'`.
fn skip_char(b: &[u8], i: usize) -> Option<usize> {
    let from = match b.get(i)? {
        b'\\' => i + 2,
        _ => i + 1,
    };
    let end = from + memchr::memchr(b'\'', b.get(from..)?)?;
    // A char is at most a few bytes: anything longer is not what it looked like.
    if end - i > 12 {
        return None;
    }
    Some(end + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::generate::{Spec, generate};

    fn whole(text: &str) -> SpannedResult<Plan> {
        options().from_str(text)
    }

    fn bundled() -> [(&'static str, &'static str); 3] {
        [
            (
                "csc",
                include_str!("../../data/csc-development-plan-2017-19.ron"),
            ),
            ("cypp", include_str!("../../data/cypp-2013-16.ron")),
            (
                "cypp annual",
                include_str!("../../data/cypp-2014-15-annual-report.ron"),
            ),
        ]
    }

    #[test]
    fn the_bundled_plans_read_the_same_split_as_whole() {
        for (name, text) in bundled() {
            let expected = whole(text).expect("bundled plans read");
            assert!(
                split_parse(text, 2).is_some(),
                "{name}: the split read applies"
            );
            for parts in 1..=4 {
                assert_eq!(
                    plan_in_parts(text, parts).as_ref(),
                    Ok(&expected),
                    "{name} in {parts} parts"
                );
            }
        }
    }

    #[test]
    fn a_plan_whose_groups_list_priorities_reads_the_same_split_as_whole() {
        // Each group has a `priorities: [...]` of its own, deeper than the plan's.
        let text = include_str!("../../tests/fixtures/four-tier.ron");
        let expected = whole(text).expect("the fixture reads");
        assert!(split_parse(text, 2).is_some(), "the split read applies");
        assert_eq!(plan_in_parts(text, 2).as_ref(), Ok(&expected));
        assert_eq!(expected.priorities.len(), 3);
        assert_eq!(expected.groups.len(), 2);
    }

    #[test]
    fn generated_plans_read_the_same_split_as_whole() {
        for (actions, seed) in [(1, 1), (10, 2), (60, 3), (400, 4), (1500, 5)] {
            let plan = generate(&Spec {
                actions,
                periods: 4,
                seed,
            });
            let text = crate::store::to_canonical(&plan).expect("canonical");
            let expected = whole(&text).expect("generated plans read");
            assert_eq!(expected, plan);
            for parts in [2, 3, 7] {
                let split = split_parse(&text, parts).expect("the split read applies");
                assert_eq!(split, expected, "{actions} actions in {parts} parts");
            }
        }
    }

    #[test]
    fn the_layout_finds_each_element_past_strings_comments_and_chars() {
        let text = r###"#![enable(implicit_some)]
// priorities: [ not here
Plan( /* priorities: [ /* nested */ nor here ] */
  title: "priorities: [\"x\", ]", source: r#"a "]" ,"#,
  priorities: [ (a: ')'), (b: [1, 2], c: '\''), (d: "),"),
  ],
  changes: [],
)"###;
        let body = text.find("// prio").unwrap();
        let layout = Layout::find(text, body).expect("a layout");
        let parts: Vec<&str> = layout
            .elements
            .iter()
            .map(|r| text[r.clone()].trim())
            .collect();
        assert_eq!(parts, ["(a: ')')", "(b: [1, 2], c: '\\'')", "(d: \"),\")"]);
        assert_eq!(&text[layout.open - 1..layout.open], "[");
        assert_eq!(&text[layout.close..layout.close + 1], "]");
    }

    #[test]
    fn the_layout_gives_up_on_what_it_does_not_follow() {
        for text in [
            "Plan(priorities: [(a: 1)",                 // unclosed
            "Plan(priorities: [(a: \"1)])",             // unclosed string
            "Plan(priorities: [(a: 1)], /* x )",        // unclosed comment: list found first
            "Plan(priorities: [(a: r#ident)])",         // raw identifier
            "Plan(priorities: [#![enable(x)] (a: 1)])", // attribute out of place
            "Plan(title: \"x\")",                       // no list
            "[priorities: []]",                         // not a struct
            "Plan(priorities: [(a: 1)))",               // wrong closing bracket
        ] {
            let found = Layout::find(text, 0);
            if text.contains("/* x") {
                // The list itself is whole; ron reports the comment when reading the rest.
                assert!(found.is_some());
            } else {
                assert_eq!(found, None, "{text}");
            }
        }
        assert_eq!(
            Layout::find("Plan(priorities: [])", 0).map(|l| l.elements.len()),
            Some(0)
        );
        assert_eq!(
            Layout::find("Plan(priorities: [(a: 1),])", 0).map(|l| l.elements.len()),
            Some(1)
        );
        assert_eq!(
            Layout::find("Plan(priorities: [,])", 0).map(|l| l.elements.len()),
            Some(1),
            "an empty element before a comma is kept, for ron to refuse"
        );
    }

    /// Break a generated plan in many ways: wherever the break is, the split read gives
    /// exactly what the whole read gives, error place and message included.
    #[test]
    fn broken_plans_give_the_whole_reads_error() {
        let plan = generate(&Spec {
            actions: 40,
            periods: 3,
            seed: 9,
        });
        let text = crate::store::to_canonical(&plan).expect("canonical");
        let edits: [(&str, &str); 10] = [
            ("title: \"", "title: 3\""),
            ("rating", "ratin"),
            ("),", ")"),
            ("),", "),,"),
            ("\"", ""),
            ("[", "("),
            ("]", ")"),
            ("priorities: [", "priorities: [#"),
            ("objectives: [", "objectives: [/*"),
            ("measures: [", "measures: [r#\""),
        ];
        let mut checked = 0;
        for (from, to) in edits {
            let places: Vec<usize> = text.match_indices(from).map(|(i, _)| i).collect();
            let step = (places.len() / 7).max(1);
            for &at in places.iter().step_by(step) {
                let mut broken = text.clone();
                broken.replace_range(at..at + from.len(), to);
                let expected = whole(&broken);
                for parts in [2, 3] {
                    assert_eq!(
                        plan_in_parts(&broken, parts),
                        expected,
                        "{from:?} -> {to:?} at byte {at}, {parts} parts"
                    );
                }
                checked += 1;
            }
        }
        assert!(checked > 40, "{checked} broken plans checked");
    }

    fn small_plan_text() -> &'static str {
        static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        TEXT.get_or_init(|| {
            let plan = generate(&Spec {
                actions: 30,
                periods: 2,
                seed: 4,
            });
            crate::store::to_canonical(&plan).expect("canonical")
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// Any few bytes of RON's own syntax put anywhere: the split read and the whole
        /// read agree, on the plan or on the error and its place.
        #[test]
        fn any_insertion_reads_as_the_whole_read_does(
            at in 0usize..100_000,
            what in proptest::sample::select(vec![
                "\"", "'", "/", "*", "/*", "*/", "//", "#", "r#\"", "\"#", "[", "]", "(",
                ")", "{", "}", ",", ":", "\\", "b'", "'\\''", "\n", "priorities: [",
            ]),
            parts in 2usize..4,
        ) {
            let text = small_plan_text();
            let mut at = at % text.len();
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let mut broken = text.to_string();
            broken.insert_str(at, what);
            proptest::prop_assert_eq!(plan_in_parts(&broken, parts), whole(&broken));
        }
    }
}
