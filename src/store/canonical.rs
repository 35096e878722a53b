//! The canonical text of a plan: stable order and layout, so saving an unchanged plan is
//! byte-identical and changing one rating changes one line. A large plan's priorities are
//! written on several threads and joined where the one-thread text has them: the same
//! bytes, in less time (a save of a 100,000-action plan is mostly this).

use std::sync::Arc;

use ron::extensions::Extensions;
use ron::ser::PrettyConfig;
use serde::Serialize;

use crate::model::{Plan, Priority, Ratings};

/// Below this many priorities a plan is written on one thread: threads cost more than
/// they save.
const SPLIT_FROM: usize = 64;

fn config() -> PrettyConfig {
    PrettyConfig::new()
        .indentor("  ".to_string())
        .struct_names(true)
        .compact_maps(true)
        .escape_strings(false)
        .extensions(Extensions::IMPLICIT_SOME)
}

/// The canonical text of `plan`.
pub fn to_canonical(plan: &Plan) -> Result<String, ron::Error> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    if threads < 2 || plan.priorities.len() < SPLIT_FROM {
        return to_canonical_in_one(plan);
    }
    let id = format!("ragboard-parts-{:032x}", nonce());
    match split(plan, threads, &id)? {
        Some(text) => Ok(text),
        None => to_canonical_in_one(plan),
    }
}

/// Priorities in each part of a streamed text ([`write_canonical`]): about 300 KB of text
/// at the generated plans' sizes, so a save holds a few parts, not the whole text.
const CHUNK: usize = 8;

/// Write the canonical text of `plan` to `out`: the bytes of [`to_canonical`], made a part
/// at a time on every core and written in order, never held whole (a 100,000-action plan's
/// text is 124 MB). The plan is lent, not changed: its priorities are set aside while the
/// text around them is made (so the rest of the plan, its change log most of it, is not
/// copied), then put back.
pub fn write_canonical(plan: &mut Plan, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    write_in_parts(plan, out, threads, CHUNK)
}

fn write_in_parts(
    plan: &mut Plan,
    out: &mut dyn std::io::Write,
    threads: usize,
    chunk: usize,
) -> std::io::Result<()> {
    fn whole(plan: &Plan, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let text = to_canonical_in_one(plan).map_err(std::io::Error::other)?;
        out.write_all(text.as_bytes())
    }
    if plan.priorities.len() < SPLIT_FROM {
        return whole(plan, out);
    }
    let id = format!("ragboard-parts-{:032x}", nonce());
    let Some((frame, at, marker_len)) = frame(plan, &id).map_err(std::io::Error::other)? else {
        return whole(plan, out);
    };
    let plan: &Plan = plan;
    out.write_all(&frame.as_bytes()[..at])?;
    let chunks: Vec<&[Arc<Priority>]> = plan.priorities.chunks(chunk.max(1)).collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    // Parts made on `threads` threads, each handed over with its place; this thread
    // writes them in order. A bounded channel: the making never runs far ahead.
    let (to, from) = std::sync::mpsc::sync_channel(threads.max(1));
    std::thread::scope(|s| -> std::io::Result<()> {
        for _ in 0..threads.max(1) {
            let to = to.clone();
            let (chunks, next) = (&chunks, &next);
            s.spawn(move || {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(c) = chunks.get(i) else { break };
                    let part = part_text(plan, c);
                    if to.send((i, part)).is_err() {
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
                }
            }
            Ok(())
        })();
        // On a failure, the makers stop at their next part.
        next.store(chunks.len(), std::sync::atomic::Ordering::Relaxed);
        drop(from);
        result
    })?;
    out.write_all(&frame.as_bytes()[at + marker_len..])
}

/// The plan's text with a stand-in priority in place of its priorities, where the
/// stand-in's text is, and how long it is; `None` where that text is not found exactly
/// once.
fn frame(plan: &mut Plan, id: &str) -> Result<Option<(String, usize, usize)>, ron::Error> {
    let stand_in = Arc::new(stand_in(id));
    let priorities = std::mem::replace(&mut plan.priorities, vec![stand_in.clone()]);
    let frame = to_canonical_in_one(plan);
    plan.priorities = priorities;
    let frame = frame?;
    let Some(marker) = part_text(plan, std::slice::from_ref(&stand_in))? else {
        return Ok(None);
    };
    let Some(at) = frame.find(&marker) else {
        return Ok(None);
    };
    if frame[at + marker.len()..].contains(&marker) {
        return Ok(None);
    }
    Ok(Some((frame, at, marker.len())))
}

/// The canonical text of `plan`, written on this thread alone.
pub fn to_canonical_in_one(plan: &Plan) -> Result<String, ron::Error> {
    let mut text =
        crate::model::period_order::with(plan, || ron::ser::to_string_pretty(plan, config()))?;
    text.push('\n');
    Ok(text)
}

/// Priorities alone, at the depth the plan has them: the text between this wrapper's
/// first line and its last is theirs as the plan's text has it.
#[derive(Serialize)]
#[serde(rename = "Plan")]
struct Part<'a> {
    priorities: &'a [Arc<Priority>],
}

/// The text of `priorities` as they stand in `plan`'s text.
fn part_text(plan: &Plan, priorities: &[Arc<Priority>]) -> Result<Option<String>, ron::Error> {
    let text = crate::model::period_order::with(plan, || {
        ron::ser::to_string_pretty(&Part { priorities }, config())
    })?;
    const OPEN: &str = "priorities: [\n";
    const CLOSE: &str = "  ],\n)";
    let Some(start) = text.find(OPEN).map(|i| i + OPEN.len()) else {
        return Ok(None);
    };
    Ok(text
        .get(start..)
        .and_then(|rest| rest.strip_suffix(CLOSE))
        .map(str::to_string))
}

/// The plan written with its priorities in `threads` parts at once: the plan's text with
/// one stand-in priority (an id no plan holds twice) whose text is then replaced by the
/// parts. `None` where the stand-in's text is not found exactly once (then the plan is
/// written on one thread).
fn split(plan: &Plan, threads: usize, id: &str) -> Result<Option<String>, ron::Error> {
    // The frame made on a copy (its priorities shared, not copied) while the parts are
    // made from the plan.
    let mut outline = plan.clone();
    let per = plan.priorities.len().div_ceil(threads);
    let (framed, parts) = std::thread::scope(|s| {
        let parts: Vec<_> = plan
            .priorities
            .chunks(per)
            .map(|chunk| s.spawn(move || part_text(plan, chunk)))
            .collect();
        let framed = frame(&mut outline, id);
        let parts: Vec<_> = parts
            .into_iter()
            .map(|h| h.join().unwrap_or(Ok(None)))
            .collect();
        (framed, parts)
    });
    let Some((frame, at, marker_len)) = framed? else {
        return Ok(None);
    };
    let parts: Vec<String> = match parts.into_iter().collect::<Result<Option<_>, _>>()? {
        Some(p) => p,
        None => return Ok(None),
    };
    // Joined into one text made to size, each part let go once copied: a save holds the
    // plan's text about once, not three times over.
    let len = frame.len() - marker_len + parts.iter().map(String::len).sum::<usize>();
    let mut text = String::with_capacity(len);
    text.push_str(&frame[..at]);
    for part in parts {
        text.push_str(&part);
    }
    text.push_str(&frame[at + marker_len..]);
    Ok(Some(text))
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

/// A number no plan's text will hold in the stand-in's place: the time and this process.
fn nonce() -> u128 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    xxhash_rust::xxh3::xxh3_128(format!("{now}-{}", std::process::id()).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generated(actions: usize) -> Plan {
        crate::cli::generate::generate(&crate::cli::generate::Spec {
            actions,
            periods: 4,
            seed: 7,
        })
    }

    #[test]
    fn a_plan_written_in_parts_is_byte_for_byte_the_plan_written_in_one() {
        let plan = generated(5_000);
        assert!(plan.priorities.len() >= SPLIT_FROM);
        let one = to_canonical_in_one(&plan).unwrap();
        for threads in [2, 3, 7] {
            let parts = split(&plan, threads, "ragboard-parts-1")
                .unwrap()
                .expect("the stand-in is found");
            assert_eq!(parts, one, "{threads} parts");
        }
    }

    #[test]
    fn a_plan_streamed_in_parts_is_byte_for_byte_the_plan_written_in_one() {
        let mut plan = generated(5_000);
        let before = plan.clone();
        let one = to_canonical_in_one(&plan).unwrap();
        for (threads, chunk) in [(1, 1), (2, 24), (3, 7), (4, 1000), (2, 5_000)] {
            let mut out = Vec::new();
            write_in_parts(&mut plan, &mut out, threads, chunk).unwrap();
            assert!(out == one.as_bytes(), "{threads} threads, parts of {chunk}");
            assert!(plan == before, "the plan is given back as it was");
        }
        // A small plan, and one that holds the stand-in's text: written whole, the same.
        let mut small = generated(50);
        let mut out = Vec::new();
        write_canonical(&mut small, &mut out).unwrap();
        assert_eq!(out, to_canonical_in_one(&small).unwrap().as_bytes());
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
        let e = write_in_parts(&mut plan, &mut Full(2_000_000), 2, 8).unwrap_err();
        assert_eq!(e.to_string(), "disk full");
    }

    #[test]
    fn a_plan_that_holds_the_stand_ins_text_is_written_in_one() {
        let mut plan = generated(2_000);
        let id = "ragboard-parts-1";
        // A note holding the stand-in's text word for word (strings are written as they
        // are): the parts are not joined on a guess.
        let text = part_text(&plan, &[Arc::new(stand_in(id))])
            .unwrap()
            .unwrap();
        plan.source_note = Some(format!("\n{text}"));
        let one = to_canonical_in_one(&plan).unwrap();
        assert!(one.contains(&text));
        assert_eq!(split(&plan, 2, id).unwrap(), None);
        assert_eq!(split(&plan, 2, "ragboard-parts-2").unwrap(), Some(one));
    }
}
