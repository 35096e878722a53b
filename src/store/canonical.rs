//! The canonical text of a plan: stable order and layout, so saving an unchanged plan is
//! byte-identical and changing one rating changes one line. A large plan's priorities and
//! change log are written in parts on several threads and joined where the one-thread text
//! has them (a stand-in for each list marks the place): the same bytes, in less time and
//! memory (a save of a 100,000-action plan is mostly this).

use std::borrow::Cow;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};

use ron::extensions::Extensions;
use ron::ser::PrettyConfig;
use serde::Serialize;
use serde::ser::SerializeStruct;

use crate::model::{Change, Plan, Priority, Ratings};

/// Below this many priorities (and changes in the log) a plan is written on one thread,
/// whole: threads cost more than they save.
const SPLIT_FROM: usize = 64;
const LOG_SPLIT_FROM: usize = 2_000;

/// Priorities in each part of a streamed text ([`write_canonical`]): one, about 40 KB of
/// text at the generated plans' sizes, so a save holds a few small parts, not the whole
/// text. Parts of 300 KB (8 priorities) were 15-20% faster to write, but the allocator kept
/// what they left behind: a 100,000-action save then peaked 0-13 MB over the plan, where
/// parts of one priority peak 2-2.5 MB over it.
const CHUNK: usize = 1;
/// Changes in a part of the log, per priority in a part: 250 changes, about 50 KB.
const LOG_PER_CHUNK: usize = 250;

fn config() -> PrettyConfig {
    PrettyConfig::new()
        .indentor("  ".to_string())
        .struct_names(true)
        .compact_maps(true)
        .escape_strings(false)
        .extensions(Extensions::IMPLICIT_SOME)
}

fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

/// Is the plan large enough to be written in parts?
fn in_parts(plan: &Plan, more: &[Change]) -> bool {
    plan.priorities.len() >= SPLIT_FROM || plan.changes.len() + more.len() >= LOG_SPLIT_FROM
}

/// The canonical text of `plan`.
pub fn to_canonical(plan: &Plan) -> Result<String, ron::Error> {
    let threads = threads();
    if threads < 2 || !in_parts(plan, &[]) {
        return to_canonical_in_one(plan);
    }
    // A copy whose priorities and log are shared, not copied: the parts are lent from it.
    let mut copy = plan.clone();
    let mut out = Vec::new();
    write_in_parts(&mut copy, &[], &mut out, threads, CHUNK, &new_id()).map_err(|e| {
        let text = e.to_string();
        e.into_inner()
            .and_then(|inner| inner.downcast::<ron::Error>().ok())
            .map_or(ron::Error::Io(text), |e| *e)
    })?;
    String::from_utf8(out).map_err(|e| ron::Error::Message(e.to_string()))
}

/// Write the canonical text of `plan` with `more` at the end of its change log to `out`:
/// the bytes of [`to_canonical`] of the plan so logged, made a part at a time on every
/// core and written in order, never held whole (a 100,000-action plan's text is 124 MB,
/// its log's 10 MB). The plan is lent, not changed: its priorities and log are set aside
/// while the text around them is made, then put back (nothing of it is copied).
pub fn write_canonical(
    plan: &mut Plan,
    more: &[Change],
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    write_in_parts(plan, more, out, threads(), CHUNK, &new_id())
}

/// Where the text of a part comes from, in the order the text has them.
enum Piece<'a> {
    Text(&'a str),
    Priorities(&'a [Arc<Priority>]),
    Changes(&'a [Change]),
}

fn write_in_parts(
    plan: &mut Plan,
    more: &[Change],
    out: &mut dyn std::io::Write,
    threads: usize,
    chunk: usize,
    id: &str,
) -> std::io::Result<()> {
    let Some(frame) = in_parts(plan, more)
        .then(|| frame(plan, !more.is_empty(), id))
        .transpose()
        .map_err(std::io::Error::other)?
        .flatten()
    else {
        let text = if more.is_empty() {
            to_canonical_in_one(plan)
        } else {
            // A small plan's log, or one whose text holds a stand-in's: copied.
            let mut logged = plan.clone();
            logged.changes.extend(more.iter().cloned());
            to_canonical_in_one(&logged)
        };
        return out.write_all(text.map_err(std::io::Error::other)?.as_bytes());
    };
    let plan: &Plan = plan;
    let chunk = chunk.max(1);
    let mut pieces = Vec::new();
    let mut from = 0;
    if let Some(r) = &frame.priorities {
        pieces.push(Piece::Text(&frame.text[from..r.start]));
        pieces.extend(plan.priorities.chunks(chunk).map(Piece::Priorities));
        from = r.end;
    }
    if let Some(r) = &frame.log {
        pieces.push(Piece::Text(&frame.text[from..r.start]));
        let per = chunk * LOG_PER_CHUNK;
        pieces.extend(plan.changes.chunks(per).map(Piece::Changes));
        pieces.extend(more.chunks(per).map(Piece::Changes));
        from = r.end;
    }
    pieces.push(Piece::Text(&frame.text[from..]));
    let next = AtomicUsize::new(0);
    let window = Window::new(2 * threads.max(1));
    // Parts made on `threads` threads, each handed over with its place; this thread
    // writes them in order. The makers stay within the window of the next part to
    // write, so a slow part never has the others pile up behind it.
    let (to, from) = std::sync::mpsc::sync_channel(threads.max(1));
    std::thread::scope(|s| -> std::io::Result<()> {
        for _ in 0..threads.max(1) {
            let to = to.clone();
            let (pieces, next, window) = (&pieces, &next, &window);
            s.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(piece) = pieces.get(i) else { break };
                    if !window.wait_for(i) || to.send((i, text_of(plan, piece))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(to);
        let mut waiting = std::collections::BTreeMap::new();
        let mut written = 0;
        let result = (|| {
            for (i, part) in from.iter() {
                waiting.insert(i, part);
                while let Some(part) = waiting.remove(&written) {
                    let part = part.map_err(std::io::Error::other)?.ok_or_else(|| {
                        std::io::Error::other("the plan's text could not be made in parts")
                    })?;
                    out.write_all(part.as_bytes())?;
                    written += 1;
                    window.written(written);
                }
            }
            Ok(())
        })();
        // On a failure, the makers stop at their next part (or their next send).
        window.stop();
        drop(from);
        result
    })
}

/// How far ahead of the writer the makers of parts may be: part `i` is made once fewer
/// than `ahead` parts before it are still to be written.
struct Window {
    ahead: usize,
    /// Parts written so far, or `None` once the writing has stopped.
    written: Mutex<Option<usize>>,
    moved: Condvar,
}

impl Window {
    fn new(ahead: usize) -> Window {
        Window {
            ahead,
            written: Mutex::new(Some(0)),
            moved: Condvar::new(),
        }
    }

    /// Wait until part `i` is within the window; false if the writing has stopped.
    fn wait_for(&self, i: usize) -> bool {
        // A maker that panicked holding the lock leaves a count that is still right.
        let mut written = self.written.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            match *written {
                None => return false,
                Some(w) if i < w + self.ahead => return true,
                Some(_) => {
                    written = self
                        .moved
                        .wait(written)
                        .unwrap_or_else(PoisonError::into_inner)
                }
            }
        }
    }

    fn written(&self, n: usize) {
        *self.written.lock().unwrap_or_else(PoisonError::into_inner) = Some(n);
        self.moved.notify_all();
    }

    fn stop(&self) {
        *self.written.lock().unwrap_or_else(PoisonError::into_inner) = None;
        self.moved.notify_all();
    }
}

/// The text of one part.
fn text_of<'a>(plan: &Plan, piece: &Piece<'a>) -> Result<Option<Cow<'a, str>>, ron::Error> {
    Ok(match piece {
        Piece::Text(t) => Some(Cow::Borrowed(*t)),
        Piece::Priorities(p) => part_text(plan, "priorities", p)?.map(Cow::Owned),
        Piece::Changes(c) => part_text(plan, "changes", c)?.map(Cow::Owned),
    })
}

/// The plan's text with a stand-in in place of its priorities and one in place of its
/// change log (where it has them, or `more` to log), and where each stand-in's text is.
struct Frame {
    text: String,
    priorities: Option<Range<usize>>,
    log: Option<Range<usize>>,
}

/// The plan's [`Frame`]; `None` where a stand-in's text is not found exactly once, in
/// order.
fn frame(plan: &mut Plan, more: bool, id: &str) -> Result<Option<Frame>, ron::Error> {
    let stand_in = Arc::new(stand_in(id));
    let entry = stand_in_change(id);
    let priorities = (!plan.priorities.is_empty())
        .then(|| std::mem::replace(&mut plan.priorities, vec![stand_in.clone()]));
    let log = (more || !plan.changes.is_empty())
        .then(|| std::mem::replace(&mut plan.changes, vec![entry.clone()].into()));
    let text = to_canonical_in_one(plan);
    let (set_aside, logged) = (priorities.is_some(), log.is_some());
    if let Some(p) = priorities {
        plan.priorities = p;
    }
    if let Some(l) = log {
        plan.changes = l;
    }
    let text = text?;
    let place = |marker: Option<String>| {
        let marker = marker?;
        let at = text.find(&marker)?;
        let end = at + marker.len();
        (!text[end..].contains(&marker)).then_some(at..end)
    };
    let mut found = (None, None);
    if set_aside {
        found.0 = place(part_text(
            plan,
            "priorities",
            std::slice::from_ref(&stand_in),
        )?);
        if found.0.is_none() {
            return Ok(None);
        }
    }
    if logged {
        found.1 = place(part_text(plan, "changes", std::slice::from_ref(&entry))?);
        if found.1.is_none() {
            return Ok(None);
        }
    }
    if let (Some(p), Some(l)) = &found
        && p.end > l.start
    {
        return Ok(None);
    }
    Ok(Some(Frame {
        text,
        priorities: found.0,
        log: found.1,
    }))
}

/// The canonical text of `plan`, written on this thread alone.
pub fn to_canonical_in_one(plan: &Plan) -> Result<String, ron::Error> {
    let mut text =
        crate::model::period_order::with(plan, || ron::ser::to_string_pretty(plan, config()))?;
    text.push('\n');
    Ok(text)
}

/// One of the plan's lists alone, at the depth the plan has it: the text between this
/// wrapper's first line and its last is the items' as the plan's text has them.
struct Part<'a, T> {
    field: &'static str,
    items: &'a [T],
}

impl<T: Serialize> Serialize for Part<'_, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut plan = s.serialize_struct("Plan", 1)?;
        plan.serialize_field(self.field, self.items)?;
        plan.end()
    }
}

/// The text of `items` as they stand in `plan`'s list `field`.
fn part_text<T: Serialize>(
    plan: &Plan,
    field: &'static str,
    items: &[T],
) -> Result<Option<String>, ron::Error> {
    let text = crate::model::period_order::with(plan, || {
        ron::ser::to_string_pretty(&Part { field, items }, config())
    })?;
    const CLOSE: &str = "  ],\n)";
    let open = format!("{field}: [\n");
    let Some(start) = text.find(&open).map(|i| i + open.len()) else {
        return Ok(None);
    };
    Ok(text
        .get(start..)
        .and_then(|rest| rest.strip_suffix(CLOSE))
        .map(str::to_string))
}

/// A priority with only an id: where the parts go.
fn stand_in(id: &str) -> Priority {
    Priority {
        id: id.to_string(),
        title: String::new(),
        heading: None,
        source_note: None,
        judgements: Ratings::new(),
        indicators: Vec::new(),
        objectives: Vec::new(),
    }
}

/// A change by nobody, to nothing: where the log's parts go.
fn stand_in_change(id: &str) -> Change {
    Change {
        who: id.to_string(),
        when: chrono::DateTime::UNIX_EPOCH,
        item: id.to_string(),
        period: id.to_string(),
        from: None,
        to: None,
        note: None,
        progress: None,
        correction: false,
        judgement: false,
        verdict: None,
        undo: false,
    }
}

/// An id no plan's text will hold in a stand-in's place: the time and this process.
fn new_id() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let nonce = xxhash_rust::xxh3::xxh3_128(format!("{now}-{}", std::process::id()).as_bytes());
    format!("ragboard-parts-{nonce:032x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A generated plan whose log is made long (its changes over again) where it is short.
    fn generated(actions: usize) -> Plan {
        let mut plan = crate::cli::generate::generate(&crate::cli::generate::Spec {
            actions,
            periods: 4,
            seed: 7,
        });
        if actions >= 5_000 {
            plan.changes = plan.changes.iter().cycle().take(4_000).cloned().collect();
        }
        plan
    }

    /// `plan` streamed with its last `k` changes given as `more`.
    fn streamed(plan: &Plan, k: usize, threads: usize, chunk: usize) -> Vec<u8> {
        let mut lent = plan.clone();
        let keep = lent.changes.len() - k;
        let more = lent.changes.split_off(keep);
        let taken = lent.clone();
        let mut out = Vec::new();
        write_in_parts(
            &mut lent,
            &more,
            &mut out,
            threads,
            chunk,
            "ragboard-parts-1",
        )
        .unwrap();
        assert!(lent == taken, "the plan is given back as it was");
        assert!(lent.changes.shares(&taken.changes), "its log not copied");
        out
    }

    #[test]
    fn a_plan_written_in_parts_is_byte_for_byte_the_plan_written_in_one() {
        let plan = generated(5_000);
        assert!(plan.priorities.len() >= SPLIT_FROM);
        assert!(
            plan.changes.len() >= LOG_SPLIT_FROM,
            "{}",
            plan.changes.len()
        );
        let one = to_canonical_in_one(&plan).unwrap();
        assert_eq!(to_canonical(&plan).unwrap(), one);
        for (threads, chunk, more) in [
            (1, 1, 0),
            (2, 24, 0),
            (3, 7, 1),
            (4, 1000, 3_000),
            (2, 5_000, plan.changes.len()),
        ] {
            let out = streamed(&plan, more, threads, chunk);
            assert!(
                out == one.as_bytes(),
                "{threads} threads, parts of {chunk}, {more} more"
            );
        }
    }

    #[test]
    fn odd_plans_streamed_are_the_plans_written_in_one() {
        let big = generated(5_000);
        // A long log and few priorities; no priorities at all; no log, some to add; none.
        let mut few = big.clone();
        few.priorities.truncate(3);
        let mut none = big.clone();
        none.priorities.clear();
        none.groups.clear();
        let mut unlogged = big.clone();
        unlogged.changes = Default::default();
        for (name, plan, more) in [
            ("few priorities", &few, 10),
            ("no priorities", &none, 0),
            ("no log", &unlogged, 0),
        ] {
            let one = to_canonical_in_one(plan).unwrap();
            assert!(streamed(plan, more, 2, 8) == one.as_bytes(), "{name}");
        }
        let mut logged = unlogged.clone();
        logged.changes = big.changes.iter().take(5).cloned().collect();
        let mut out = Vec::new();
        write_in_parts(&mut unlogged, &logged.changes, &mut out, 2, 8, "id").unwrap();
        assert!(out == to_canonical_in_one(&logged).unwrap().as_bytes());
        // A small plan, with changes to add: written whole, the same.
        let mut small = generated(50);
        let keep = small.changes.len() - 2;
        let more = small.changes.split_off(keep);
        let mut whole = small.clone();
        whole.changes.extend(more.iter().cloned());
        let mut out = Vec::new();
        write_canonical(&mut small, &more, &mut out).unwrap();
        assert_eq!(out, to_canonical_in_one(&whole).unwrap().as_bytes());
    }

    #[test]
    fn a_part_beyond_the_window_waits_for_the_writer_and_a_stop_releases_it() {
        let window = Window::new(2);
        assert!(
            window.wait_for(0) && window.wait_for(1),
            "within the window"
        );
        let (done, waited) = std::sync::mpsc::channel();
        std::thread::scope(|s| {
            let (window, done) = (&window, done.clone());
            s.spawn(move || done.send(window.wait_for(2)));
            let soon = std::time::Duration::from_millis(100);
            assert!(waited.recv_timeout(soon).is_err(), "part 2 made too early");
            window.written(1);
            assert_eq!(waited.recv(), Ok(true), "made once part 0 is written");
        });
        std::thread::scope(|s| {
            let window = &window;
            s.spawn(move || done.send(window.wait_for(5)));
            window.stop();
            assert_eq!(
                waited.recv(),
                Ok(false),
                "a stopped writing frees its makers"
            );
        });
    }

    #[test]
    fn a_failing_writer_stops_the_streamed_text_with_its_error() {
        struct Full(usize);
        impl std::io::Write for Full {
            fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
                if self.0 < b.len() {
                    return Err(std::io::Error::other("disk full"));
                }
                self.0 -= b.len();
                Ok(b.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut plan = generated(5_000);
        for room in [2_000_000, 4_000_000] {
            let e = write_in_parts(&mut plan, &[], &mut Full(room), 2, 8, "id").unwrap_err();
            assert_eq!(e.to_string(), "disk full");
        }
    }

    #[test]
    fn a_plan_that_holds_a_stand_ins_text_is_written_in_one() {
        let id = "ragboard-parts-1";
        let p = generated(10);
        let priority = part_text(&p, "priorities", &[Arc::new(stand_in(id))]);
        let change = part_text(&p, "changes", &[stand_in_change(id)]);
        for text in [priority, change] {
            let text = text.unwrap().unwrap();
            let mut plan = generated(2_000);
            // A note holding the stand-in's text word for word (strings are written as
            // they are): the parts are not joined on a guess.
            plan.source_note = Some(format!("\n{text}"));
            let one = to_canonical_in_one(&plan).unwrap();
            assert!(one.contains(&text));
            assert!(frame(&mut plan.clone(), false, id).unwrap().is_none());
            let mut out = Vec::new();
            write_in_parts(&mut plan, &[], &mut out, 2, 8, id).unwrap();
            assert!(out == one.as_bytes());
            assert!(
                frame(&mut plan, false, "ragboard-parts-2")
                    .unwrap()
                    .is_some()
            );
        }
    }
}
