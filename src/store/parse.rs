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

use std::io::Read;
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
    let queue = Queue::<Range<usize>>::default();
    let read = || queue.read_all(text, &element_options, Vec::new());

    let (rest, mine, theirs) = std::thread::scope(|s| {
        // A thread the system refuses is done without: this one reads what is left.
        let handles: Vec<_> = (1..threads)
            .filter_map(|_| std::thread::Builder::new().spawn_scoped(s, read).ok())
            .collect();
        // Should this thread panic, the others must not wait for elements for ever.
        let _guard = Guard(&queue);
        let list = find_list(text, body, |r| {
            let len = r.len();
            queue.push(r, len);
        });
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
    plan.priorities = queue.assemble(std::iter::once(mine).chain(theirs))?;
    Some(plan)
}

/// How a plan file is streamed ([`stream`]).
#[derive(Debug, Clone, Copy)]
pub struct Stream {
    /// Bytes read at a time (more when one element, or the text before the list, is
    /// longer than what is held).
    pub piece: usize,
    /// Threads reading elements, this one included.
    pub threads: usize,
    /// Elements found and waiting to be read, at most: past it this thread reads one
    /// itself, so the finding cannot run ahead of the reading and pile up text.
    pub queue: usize,
    /// A file longer than this is not streamed (the whole read refuses it).
    pub limit: u64,
}

impl Stream {
    pub fn new(limit: u64) -> Stream {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
        Stream {
            piece: 1 << 20,
            threads,
            queue: 2 * threads,
            limit,
        }
    }
}

/// A plan read by [`stream`].
#[derive(Debug)]
pub struct Streamed {
    pub plan: Plan,
    /// The file's length and hashes, of the bytes read.
    pub source: super::Source,
    /// The most bytes of the file held at once while the list was read: the window of
    /// the file, and the elements' texts waiting or being read (not the text before and
    /// after the list, read as a plan at the end).
    pub held: usize,
}

/// What a plan's text starts with (and the byte-order mark `decode` drops).
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Bytes kept before an element's start when the rest are let go: the pass looks back at
/// most two bytes (a raw string's `br`).
const LOOK_BACK: usize = 8;

/// Read plan text from `src` a piece at a time, without ever holding all of it: the text
/// before the priorities list and after it, a window of the list, and the elements found
/// and not yet read. The result is the plan [`plan`] reads from the whole text (and the
/// length and hashes of the bytes read); `None` for anything unusual (text that is not
/// UTF-8, a read error, a file over the limit, anything the pass does not follow, any
/// part that does not read), and the caller then reads the whole file the usual way, for
/// the usual error with its line and column.
///
/// `size` is how long the file is said to be (its metadata; 0 if unknown): the text after
/// the list is read into a buffer of that size.
pub fn stream(src: &mut impl Read, how: &Stream, size: u64) -> Option<Streamed> {
    stream_watched(src, how, size, &())
}

/// What a streamed load tells as it goes, from the thread that reads the file: a large
/// plan takes most of a second, and the meeting view shows its beginning meanwhile.
pub trait Watch {
    /// Bytes of the file read so far.
    fn read(&self, _bytes: u64) {}
    /// The plan's beginning, as soon as its first priorities are found: all the text holds
    /// before the priorities list (title, scale, periods…), the first [`BEGINNING`]
    /// priorities, and nothing of what comes after the list (each of those fields as it is
    /// when absent). Told at most once, and not for a plan with fewer priorities, nor one
    /// whose beginning does not read as a plan on its own.
    fn beginning(&self, _plan: Plan) {}
}

impl Watch for () {}

/// Priorities in a plan's beginning ([`Watch::beginning`]): enough for a screen.
pub const BEGINNING: usize = 4;

/// The plan the text before the list and the list's first elements make, closed there.
fn beginning(header: &str, elements: &[String]) -> Option<Plan> {
    // A line comment at an element's end runs to its line's end: the close goes after it.
    let text = format!("{header}{}\n])", elements.join(","));
    options().from_str::<Plan>(&text).ok()
}

/// [`stream`], telling `watch` how far it is and the plan's beginning.
pub fn stream_watched(
    src: &mut impl Read,
    how: &Stream,
    size: u64,
    watch: &dyn Watch,
) -> Option<Streamed> {
    let mut w = Window {
        src: std::io::Read::take(src, how.limit.saturating_add(1)),
        buf: Vec::new(),
        eof: false,
        tally: super::Tally::new(),
    };
    let piece = how.piece.max(1);
    // The text before the list: read until it is all here (it is short but for a plan
    // with a long narrative, scale or period list).
    w.fill(piece)?;
    let (header, element_options, open) = loop {
        if let Some(found) = before_list(&w.buf)? {
            break found;
        }
        if w.eof {
            return None;
        }
        w.fill(piece.max(w.buf.len()))?;
    };
    let queue = Queue::<String>::default();
    let read = || queue.read_all("", &element_options, Vec::new());
    let mut held = 0;
    // The first elements' texts, until the beginning is told (then `None`).
    let mut first = Some(Vec::with_capacity(BEGINNING));

    let (rest, mine, theirs) = std::thread::scope(|s| {
        let handles: Vec<_> = (1..how.threads)
            .filter_map(|_| std::thread::Builder::new().spawn_scoped(s, read).ok())
            .collect();
        let _guard = Guard(&queue);
        let mut mine = Vec::new();
        let close = list_elements(
            &mut w,
            open,
            piece,
            |element| {
                let text = std::str::from_utf8(element).ok()?.to_owned();
                if let Some(texts) = &mut first {
                    texts.push(text.clone());
                    if texts.len() == BEGINNING {
                        if let Some(plan) = beginning(&header, texts) {
                            watch.beginning(plan);
                        }
                        first = None;
                    }
                }
                // A full queue: this thread reads one itself rather than find more.
                while queue.load().0 >= how.queue.max(1) {
                    let next = queue.take(false);
                    // None: every reader stopped (so does the finding), or a reader took the
                    // last meanwhile.
                    if next.is_none() && queue.failed() {
                        return None;
                    }
                    if let Some(next) = next
                        && !queue.read_one(next, "", &element_options, &mut mine)
                    {
                        return None;
                    }
                }
                queue.push(text, element.len());
                Some(())
            },
            |window, read| {
                held = held.max(window + queue.load().1);
                watch.read(read);
            },
        );
        queue.finish(close.is_none());
        let rest = close.and_then(|close| {
            w.buf.drain(..close);
            rest_of_plan(&mut w, header, piece, size, &element_options, watch)
        });
        if rest.is_none() {
            queue.finish(true);
        }
        let mine = queue.read_all("", &element_options, mine);
        let theirs: Vec<_> = handles
            .into_iter()
            .map(|h| h.join().ok().flatten())
            .collect();
        (rest, mine, theirs)
    });
    if w.tally.len() > how.limit {
        return None;
    }
    let (mut plan, changes) = rest?;
    if !plan.priorities.is_empty() {
        return None;
    }
    plan.priorities = queue.assemble(std::iter::once(mine).chain(theirs))?;
    if let Some(changes) = changes {
        if !plan.changes.is_empty() {
            return None;
        }
        plan.changes = changes.into();
    }
    Some(Streamed {
        plan,
        source: w.tally.source(),
        held,
    })
}

/// Elements of the change log read at a time, as one list (a change is short: one
/// `from_str` each would cost more than the reading).
const CHANGES_BATCH: usize = 256 * 1024;

/// The plan without its priorities, from the window standing at the list's `]`: the text
/// before the list (`header`) and after it, read to the end. The change log after it (most
/// of that text: 9 MB of 9.5 at 100,000 actions) is read a batch of elements at a time as
/// it streams, not held whole; `Some(changes)` then, for the plan read with an empty log.
/// `None` for anything unusual.
fn rest_of_plan<R: Read>(
    w: &mut Window<R>,
    header: String,
    piece: usize,
    size: u64,
    element_options: &Options,
    watch: &dyn Watch,
) -> Option<(Plan, Option<Vec<crate::model::Change>>)> {
    let mut rest = header.into_bytes();
    // `changes: [` among the fields after the list (the struct's depth, after `]`).
    let open = loop {
        if let Some(open) = find_field_list(&w.buf, 1, 1, b"changes") {
            break Some(open);
        }
        if w.eof {
            break None;
        }
        w.fill(piece.max(w.buf.len()))?;
    };
    let mut changes = None;
    if let Some(open) = open {
        rest.extend_from_slice(&w.buf[..open]);
        let mut log = Vec::new();
        // Bytes of the file from the log's start to the end: most of them the log's.
        let log_bytes = size.saturating_sub(w.tally.len() - (w.buf.len() - open) as u64);
        // The batch's text, and how many elements it holds (an empty one too: ron refuses it).
        let mut batch = (String::new(), 0usize);
        let mut read_batch = |(text, count): &mut (String, usize)| -> Option<()> {
            if *count > 0 {
                text.insert(0, '[');
                text.push(']');
                let read = element_options
                    .from_str::<Vec<crate::model::Change>>(text)
                    .ok()?;
                if log.capacity() == 0 {
                    // Room for the whole log, as the first batch's changes per byte
                    // foretell (and a little more): a log grown batch by batch held up to
                    // twice the room it needed (8 MB at 100k).
                    let per = read.len() as f64 / text.len() as f64;
                    log.reserve_exact((log_bytes as f64 * per * 1.03) as usize);
                }
                log.extend(read);
                text.clear();
                *count = 0;
            }
            Some(())
        };
        let close = list_elements(
            w,
            open,
            piece,
            |element| {
                // An empty element (`[,a]`, `[a,,]`) does not read: a batch would hide it
                // as a trailing comma, so the whole read says so.
                if !has_token(element)? {
                    return None;
                }
                // Elements joined by the comma that parted them: the batch is the text as
                // it was (a line comment in an element ended with its line).
                if batch.1 > 0 {
                    batch.0.push(',');
                }
                batch.0.push_str(std::str::from_utf8(element).ok()?);
                batch.1 += 1;
                if batch.0.len() >= CHANGES_BATCH {
                    read_batch(&mut batch)?;
                }
                Some(())
            },
            |_, read| watch.read(read),
        )?;
        read_batch(&mut batch)?;
        changes = Some(log);
        w.buf.drain(..close);
    }
    // What is left (after the log, or all after the priorities), into one buffer of the
    // size the file is said to be: no doubling.
    let left = size.saturating_sub(w.tally.len()) as usize;
    rest.reserve_exact(w.buf.len() + left + 1);
    rest.extend_from_slice(&w.buf);
    w.buf = rest;
    while !w.eof {
        w.fill(piece.max(left + 1))?;
    }
    let rest = String::from_utf8(std::mem::take(&mut w.buf)).ok()?;
    let plan = options().from_str::<Plan>(&rest).ok()?;
    Some((plan, changes))
}

/// The bytes of the file read so far and not let go, from a source read in pieces.
struct Window<R> {
    src: std::io::Take<R>,
    buf: Vec<u8>,
    /// The source has no more.
    eof: bool,
    /// Bytes read in all, and their hashes.
    tally: super::Tally,
}

impl<R: Read> Window<R> {
    /// Read `want` more bytes, or up to the end. `None` on a read error (the whole read
    /// reports it).
    fn fill(&mut self, want: usize) -> Option<()> {
        let old = self.buf.len();
        // Exactly: the window's size is what the memory bound counts on.
        self.buf.reserve_exact(want);
        self.buf.resize(old + want, 0);
        let mut filled = old;
        while filled < self.buf.len() {
            match self.src.read(&mut self.buf[filled..]) {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return None,
            }
        }
        self.buf.truncate(filled);
        self.tally.add(&self.buf[old..]);
        Some(())
    }
}

/// The text before the list's contents (up to its `[`, any byte-order mark dropped), the
/// options its header enables, and where the contents start in `buf`. `Some(None)`: not
/// all here yet (or not there at all: the end of the file tells). `None`: not UTF-8.
fn before_list(buf: &[u8]) -> Option<Option<(String, Options, usize)>> {
    let bom = if buf.starts_with(BOM) { BOM.len() } else { 0 };
    let b = &buf[bom..];
    let text = match std::str::from_utf8(b) {
        Ok(t) => t,
        // A character cut by the window's end: the text up to it.
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&b[..e.valid_up_to()]).ok()?,
        Err(_) => return None,
    };
    // As `split_parse` does: ron reads the header; the pass starts where ron stands.
    let Ok(de) = ron::de::Deserializer::from_str_with_options(text, &options()) else {
        return Some(None);
    };
    let body = text.len() - de.remainder().len();
    let Some(open) = find_open(text.as_bytes(), body) else {
        return Some(None);
    };
    let element_options = Options::default().with_default_extension(de.extensions());
    Some(Some((text[..open].to_owned(), element_options, bom + open)))
}

/// The list's elements from `open` in the window, each handed to `element` as found; the
/// bytes before the element being found are let go as more are read. `held` is told the
/// window's size and the bytes read so far after each element. Returns where the list's `]` is in the window, or
/// `None` for anything unusual (or `element` refusing).
fn list_elements<R: Read>(
    w: &mut Window<R>,
    open: usize,
    piece: usize,
    mut element: impl FnMut(&[u8]) -> Option<()>,
    mut held: impl FnMut(usize, u64),
) -> Option<usize> {
    let mut start = open;
    loop {
        match next_element(&w.buf, start) {
            Step::Comma(i) => {
                element(&w.buf[start..i])?;
                held(w.buf.capacity(), w.tally.len());
                start = i + 1;
            }
            Step::Close(i) => {
                if has_token(&w.buf[start..i])? {
                    element(&w.buf[start..i])?;
                }
                held(w.buf.capacity(), w.tally.len());
                return Some(i);
            }
            Step::Odd => return None,
            Step::More if w.eof => return None,
            Step::More => {
                // Let go of what is read; then read at least as much as the element has
                // so far, so a long element is scanned again only a few times.
                let cut = start.saturating_sub(LOOK_BACK);
                w.buf.drain(..cut);
                start -= cut;
                w.fill(piece.max(w.buf.len() - start))?;
            }
        }
    }
}

/// Ends the queue if the thread that fills it unwinds.
struct Guard<'q, T: Part>(&'q Queue<T>);

impl<T: Part> Drop for Guard<'_, T> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.finish(true);
        }
    }
}

/// The elements found so far and not yet taken, shared by the threads that read them: a
/// range of the whole text, or (streamed) an element's own text.
struct Queue<T> {
    state: std::sync::Mutex<Found<T>>,
    more: std::sync::Condvar,
}

impl<T> Default for Queue<T> {
    fn default() -> Self {
        Queue {
            state: std::sync::Mutex::new(Found {
                waiting: std::collections::VecDeque::new(),
                pushed: 0,
                held: 0,
                done: false,
                failed: false,
            }),
            more: std::sync::Condvar::new(),
        }
    }
}

struct Found<T> {
    waiting: std::collections::VecDeque<T>,
    /// How many have been pushed: the next one's place in the list.
    pushed: usize,
    /// Bytes of element text pushed and not yet read (waiting, or being read).
    held: usize,
    /// No more will come.
    done: bool,
    /// Something failed: every reader stops, and the whole text is read instead.
    failed: bool,
}

/// An element as queued: where its text is.
trait Part {
    /// Its text, `text` being the whole plan's when the element is a range of it.
    fn in_text<'a>(&'a self, text: &'a str) -> &'a str;
}

impl Part for Range<usize> {
    fn in_text<'a>(&'a self, text: &'a str) -> &'a str {
        text.get(self.clone()).unwrap_or_default()
    }
}

impl Part for String {
    fn in_text<'a>(&'a self, _: &'a str) -> &'a str {
        self
    }
}

impl<T: Part> Queue<T> {
    fn push(&self, item: T, bytes: usize) {
        if let Ok(mut s) = self.state.lock() {
            s.waiting.push_back(item);
            s.pushed += 1;
            s.held += bytes;
            self.more.notify_one();
        }
    }

    /// How many wait to be taken, and the bytes held (waiting or being read).
    fn load(&self) -> (usize, usize) {
        self.state
            .lock()
            .map_or((0, 0), |s| (s.waiting.len(), s.held))
    }

    fn finish(&self, failed: bool) {
        if let Ok(mut s) = self.state.lock() {
            s.done = true;
            s.failed |= failed;
        }
        self.more.notify_all();
    }

    fn failed(&self) -> bool {
        self.state.lock().map_or(true, |s| s.failed)
    }

    /// The next element to read with its place in the list, or `None` when there is none
    /// left (or a failure). `wait`: whether to wait for one to be pushed.
    fn take(&self, wait: bool) -> Option<(usize, T)> {
        let mut s = self.state.lock().ok()?;
        loop {
            if s.failed {
                return None;
            }
            let place = s.pushed - s.waiting.len();
            if let Some(item) = s.waiting.pop_front() {
                return Some((place, item));
            }
            if s.done || !wait {
                return None;
            }
            s = self.more.wait(s).ok()?;
        }
    }

    /// An element of `bytes` has been read (and its text let go).
    fn read_done(&self, bytes: usize) {
        if let Ok(mut s) = self.state.lock() {
            s.held -= bytes.min(s.held);
        }
    }

    /// Read one element into `out`; `false` (and every reader stopped) if it does not read.
    fn read_one(
        &self,
        (place, item): (usize, T),
        text: &str,
        options: &Options,
        out: &mut Vec<(usize, Priority)>,
    ) -> bool {
        let t = item.in_text(text);
        let bytes = t.len();
        let read = options.from_str::<Priority>(t);
        drop(item);
        self.read_done(bytes);
        match read {
            Ok(p) => {
                out.push((place, p));
                true
            }
            Err(_) => {
                self.finish(true);
                false
            }
        }
    }

    /// Read elements until none are left: each with its place in the list. `None` if one
    /// does not read (or another reader failed).
    fn read_all(
        &self,
        text: &str,
        options: &Options,
        mut out: Vec<(usize, Priority)>,
    ) -> Option<Vec<(usize, Priority)>> {
        while let Some(next) = self.take(true) {
            if !self.read_one(next, text, options, &mut out) {
                return None;
            }
        }
        (!self.failed()).then_some(out)
    }

    /// The elements read by every thread, put in their places: `None` unless each place is
    /// filled exactly once.
    fn assemble(
        &self,
        parts: impl IntoIterator<Item = Option<Vec<(usize, Priority)>>>,
    ) -> Option<Vec<std::sync::Arc<Priority>>> {
        let parts: Vec<Vec<(usize, Priority)>> = parts.into_iter().collect::<Option<_>>()?;
        let count = self.state.lock().ok()?.pushed;
        let mut slots: Vec<Option<Priority>> =
            std::iter::repeat_with(|| None).take(count).collect();
        for (i, p) in parts.into_iter().flatten() {
            let slot = slots.get_mut(i)?;
            if slot.is_some() {
                return None;
            }
            *slot = Some(p);
        }
        slots
            .into_iter()
            .map(|s| s.map(std::sync::Arc::new))
            .collect()
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
    let mut start = open;
    loop {
        match next_element(b, start) {
            Step::Comma(i) => {
                element(start..i);
                start = i + 1;
            }
            Step::Close(i) => {
                if has_token(&b[start..i])? {
                    element(start..i);
                }
                return Some((open, i));
            }
            // The whole text is here: running out of it is as odd as anything else.
            Step::More | Step::Odd => return None,
        }
    }
}

/// How one element of the list ends, read from its start.
#[derive(Debug, PartialEq, Eq)]
enum Step {
    /// At the comma after it.
    Comma(usize),
    /// At the list's `]`.
    Close(usize),
    /// The bytes ran out first (or a string, comment or char did not end where it could):
    /// with more of the file the element may end.
    More,
    /// Something this pass does not follow.
    Odd,
}

/// The pass over one element from `start` (just after `[` or a comma), at depth 0 of the
/// list. Only looks back at most two bytes before `start` (a raw string's `r` or `br`).
fn next_element(b: &[u8], start: usize) -> Step {
    let mut i = start;
    let mut depth = 0usize;
    loop {
        // Only these bytes matter inside the list; idents, numbers and spaces are stepped
        // over a byte at a time with one table look-up each.
        while i < b.len() && !LIST_BYTE[usize::from(b[i])] {
            i += 1;
        }
        let Some(&c) = b.get(i) else {
            return Step::More;
        };
        let skipped = match c {
            b'"' if raw_prefix(b, i) => skip_raw_string(b, i),
            b'"' => skip_string(b, i + 1),
            b'#' if raw_prefix(b, i) => skip_raw_string(b, i),
            b'#' => return Step::Odd,
            b'\'' => skip_char(b, i + 1),
            b'/' => skip_comment(b, i),
            b'(' | b'[' | b'{' => {
                depth += 1;
                Some(i + 1)
            }
            b')' | b']' | b'}' if depth == 0 => {
                return if c == b']' { Step::Close(i) } else { Step::Odd };
            }
            b')' | b']' | b'}' => {
                depth -= 1;
                Some(i + 1)
            }
            b',' if depth == 0 => return Step::Comma(i),
            _ => Some(i + 1),
        };
        match skipped {
            Some(j) => i = j,
            None => return Step::More,
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
    find_field_list(b, body, 0, b"priorities")
}

/// From `from`, at `depth` (1: inside the top-level struct, between fields), the full
/// lexer up to the top-level struct's `<name>: [`: just after that `[`.
fn find_field_list(b: &[u8], from: usize, depth: usize, name: &[u8]) -> Option<usize> {
    let mut i = from;
    let mut depth = depth;
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
                    _ if depth == 1 && key == Key::Expected && word == name => {
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

    /// The canonical text of a generated plan.
    fn generated(actions: usize, periods: usize, seed: u64) -> String {
        let plan = generate(&Spec {
            actions,
            periods,
            seed,
        });
        crate::store::to_canonical(&plan).expect("canonical")
    }

    /// Stream `text` as a file of these bytes, in pieces of `piece` bytes.
    fn streamed(bytes: &[u8], piece: usize, threads: usize, queue: usize) -> Option<Streamed> {
        let how = Stream {
            piece,
            threads,
            queue,
            limit: 1 << 30,
        };
        stream(&mut &bytes[..], &how, bytes.len() as u64)
    }

    /// The streamed read gives the whole read's plan, and the length and hashes of the
    /// bytes as a whole.
    fn assert_streams_as_whole(name: &str, bytes: &[u8]) {
        let text = crate::store::decode(bytes, std::path::Path::new(name)).expect("UTF-8");
        let expected = whole(text).expect("the plan reads");
        for (piece, threads, queue) in [(7, 2, 1), (1024, 3, 4), (1024, 1, 2), (1 << 16, 2, 4)] {
            let s = streamed(bytes, piece, threads, queue)
                .unwrap_or_else(|| panic!("{name}: streamed in {piece}-byte pieces"));
            assert_eq!(s.plan, expected, "{name} in {piece}-byte pieces");
            assert_eq!(s.source, crate::store::Source::of(bytes), "{name}: hashes");
        }
        // The file's size unknown, or said wrongly: the same.
        for size in [0, bytes.len() as u64 / 2, bytes.len() as u64 * 2] {
            let how = Stream {
                piece: 1000,
                threads: 2,
                queue: 2,
                limit: 1 << 30,
            };
            let s = stream(&mut &bytes[..], &how, size).expect("streamed");
            assert_eq!(s.plan, expected, "{name}, said to be {size} bytes");
            assert_eq!(s.source, crate::store::Source::of(bytes), "{name}: hashes");
        }
    }

    #[test]
    fn the_bundled_plans_stream_as_they_read_whole() {
        for b in crate::store::bundled::PLANS {
            assert_streams_as_whole(b.name, b.text.as_bytes());
        }
        // A byte-order mark is dropped, as `decode` drops it, and hashed with the rest.
        let mut with_bom = BOM.to_vec();
        with_bom.extend_from_slice(crate::store::BUNDLED.as_bytes());
        assert_streams_as_whole("bom", &with_bom);
        assert_streams_as_whole(
            "four-tier",
            include_bytes!("../../tests/fixtures/four-tier.ron"),
        );
    }

    #[test]
    fn generated_plans_stream_as_they_read_whole() {
        for (actions, seed) in [(1, 1), (60, 3), (400, 4), (1500, 5)] {
            let text = generated(actions, 4, seed);
            assert_streams_as_whole(&format!("{actions} actions"), text.as_bytes());
        }
    }

    /// Raw strings, comments and characters of two to four bytes in and between the
    /// elements, cut by pieces of 7 bytes anywhere.
    #[test]
    fn strings_comments_and_wide_characters_stream_across_pieces() {
        let text = generated(60, 3, 6);
        let mut odd = String::new();
        for line in text.lines() {
            let t = line.trim_start();
            let indent = &line[..line.len() - t.len()];
            match t
                .strip_prefix("title: \"")
                .and_then(|r| r.strip_suffix("\","))
            {
                Some(v) if !v.contains(['\\', '#', '"']) => {
                    odd.push_str(&format!("{indent}title: r#\"é ]) \"{v} 😀\"#,"));
                }
                _ if t == "Priority(" || t == "Change(" => {
                    odd.push_str(&format!(
                        "{indent}/* ], ( “ /* ) */ ü */ // ]), ß\n{indent}{t}"
                    ));
                }
                _ => odd.push_str(line),
            }
            odd.push('\n');
        }
        assert!(
            odd.contains("r#\"é") && odd.contains("/* ], ("),
            "the text was changed"
        );
        assert_streams_as_whole("odd", odd.as_bytes());
        // Every split of a multi-byte character by the window's end, at the header too.
        for piece in 1..=6 {
            let s = streamed(odd.as_bytes(), piece, 2, 2).expect("streamed");
            assert_eq!(Ok(s.plan), whole(&odd), "{piece}-byte pieces");
        }
    }

    /// Whatever is wrong, the streamed read gives no plan (the whole read then reports
    /// it), and never a plan the whole read would not give.
    #[test]
    fn broken_text_streams_to_nothing() {
        let text = small_plan_text();
        let late = text.rfind("Priority(").expect("a priority");
        let mut cases: Vec<Vec<u8>> = Vec::new();
        for (from, to) in [("title", "titel"), ("(", "["), ("\"", "'"), (",", "#")] {
            let at = late + text[late..].find(from).expect("found");
            let mut b = text.to_string();
            b.replace_range(at..at + from.len(), to);
            cases.push(b.into_bytes());
        }
        let mut bad_utf8 = text.as_bytes().to_vec();
        bad_utf8[late + 3] = 0xFF;
        cases.push(bad_utf8);
        let mut cut = text.as_bytes().to_vec();
        cut.truncate(late + 100);
        cases.push(cut);
        cases.push(b"\xFF\xFE#![enable(implicit_some)]".to_vec());
        // The change log, read in batches: an empty element, first or later, is refused.
        let logged = generated(60, 3, 6);
        assert!(logged.contains("changes: [\n"), "a change log");
        for (from, to) in [("changes: [", "changes: [,"), ("),\n  ],\n", "),,\n  ],\n")] {
            let at = logged.rfind(from).expect("found");
            let mut b = logged.clone();
            b.replace_range(at..at + from.len(), to);
            assert!(whole(&b).is_err());
            cases.push(b.into_bytes());
        }
        for (i, bytes) in cases.iter().enumerate() {
            for piece in [7, 1000] {
                assert!(streamed(bytes, piece, 2, 2).is_none(), "case {i}");
            }
        }
    }

    /// The memory bound, by count of bytes held: the window (a piece, or a little more
    /// than the longest element) and the elements waiting or being read, never the file.
    /// What a watch was told.
    #[derive(Default)]
    struct Told {
        read: std::cell::RefCell<Vec<u64>>,
        beginning: std::cell::RefCell<Vec<Plan>>,
    }

    impl Watch for Told {
        fn read(&self, bytes: u64) {
            self.read.borrow_mut().push(bytes);
        }
        fn beginning(&self, plan: Plan) {
            self.beginning.borrow_mut().push(plan);
        }
    }

    fn watched(bytes: &[u8], piece: usize) -> (Option<Streamed>, Told) {
        let how = Stream {
            piece,
            threads: 2,
            queue: 2,
            limit: 1 << 30,
        };
        let told = Told::default();
        let s = stream_watched(&mut &bytes[..], &how, bytes.len() as u64, &told);
        (s, told)
    }

    #[test]
    fn a_watch_is_told_the_plans_beginning_once_and_how_far_the_read_is() {
        let text = generated(400, 6, 5);
        let (s, told) = watched(text.as_bytes(), 4096);
        let whole = s.expect("streams").plan;
        let beginnings = told.beginning.into_inner();
        assert_eq!(beginnings.len(), 1, "told once");
        let b = &beginnings[0];
        // All before the list, the first priorities as the whole read has them, and
        // nothing of what follows the list.
        assert_eq!(b.title, whole.title);
        assert_eq!(b.periods, whole.periods);
        assert_eq!(b.scale, whole.scale);
        assert_eq!(b.priorities[..], whole.priorities[..BEGINNING]);
        assert!(b.changes.is_empty() && !whole.changes.is_empty());
        assert!(b.published_summary.is_none() && whole.published_summary.is_some());
        // How far: growing, up to the file's length.
        let read = told.read.into_inner();
        assert!(read.len() > 10, "{} reports", read.len());
        assert!(read.windows(2).all(|w| w[0] <= w[1]), "{read:?}");
        assert_eq!(read.last().copied(), Some(text.len() as u64));
    }

    #[test]
    fn a_plan_of_few_priorities_or_an_odd_beginning_tells_none() {
        // Fewer priorities than a beginning holds: the whole plan is nearly there anyway.
        let few = generated(30, 3, 2);
        let (s, told) = watched(few.as_bytes(), 512);
        assert!(s.expect("streams").plan.priorities.len() < BEGINNING);
        assert!(told.beginning.into_inner().is_empty());
        // A plan whose required title comes after the list: its beginning is no plan.
        let text = generated(400, 4, 5);
        let title_at = text.find("\n  title: ").expect("title") + 1;
        let line_end = title_at + text[title_at..].find('\n').expect("line");
        let title_line = text[title_at..=line_end].to_string();
        let mut moved = text.clone();
        moved.replace_range(title_at..=line_end, "");
        let last = moved.rfind(')').expect("close");
        moved.insert_str(last, &title_line);
        let (s, told) = watched(moved.as_bytes(), 4096);
        assert_eq!(
            s.expect("streams").plan.title,
            whole(&text).expect("reads").title
        );
        assert!(told.beginning.into_inner().is_empty());
    }

    #[test]
    fn the_streamed_read_holds_a_window_not_the_file() {
        let plan = generate(&Spec {
            actions: 3000,
            periods: 12,
            seed: 7,
        });
        let text = crate::store::to_canonical(&plan).expect("canonical");
        let body = text.find("Plan(").expect("a plan");
        let layout = Layout::find(&text, body).expect("a layout");
        let longest = layout.elements.iter().map(Range::len).max().unwrap_or(0);
        for (piece, threads, queue) in [(16 << 10, 2, 2), (64 << 10, 3, 4), (4 << 10, 1, 1)] {
            let s = streamed(text.as_bytes(), piece, threads, queue).expect("streamed");
            assert_eq!(s.plan, plan);
            // Window: the rest of one element plus what is read after it (at least as
            // much); elements: those waiting, one per reader, one this thread reads.
            let window = 2 * (piece + longest + LOOK_BACK);
            let bound = window + (queue + threads + 1) * longest;
            assert!(
                s.held <= bound,
                "held {} bytes, bound {bound} ({piece}-byte pieces, longest element {longest})",
                s.held
            );
            assert!(
                s.held * 8 < text.len(),
                "held {} of {} bytes",
                s.held,
                text.len()
            );
        }
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
            let expected = whole(&broken);
            proptest::prop_assert_eq!(plan_in_parts(&broken, parts), expected.clone());
            // Streamed: the same plan, or none (then the whole read reports the error).
            if let Some(s) = streamed(broken.as_bytes(), 61, parts, 2) {
                proptest::prop_assert_eq!(Ok(s.plan), expected);
            }
        }
    }
}
