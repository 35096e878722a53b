//! Property tests: damaged input never panics the loader or the journal reader, a damaged
//! journal yields a prefix of what was written (so undo never shifts), and a valid plan
//! round-trips through its canonical form.

use std::path::Path;

use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use ragboard::model::{Change, Period, ProgressChange};
use ragboard::store::{self, journal};

const SHIPPED: &str = include_str!("../data/csc-development-plan-2017-19.ron");

/// One way to damage bytes: what a torn write, a bad disk or an editor slip does.
#[derive(Debug, Clone)]
enum Mutation {
    Flip { at: usize, bit: u8 },
    Delete { at: usize, len: usize },
    Insert { at: usize, bytes: Vec<u8> },
    Truncate { at: usize },
    Duplicate { at: usize, len: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    // Positions are fractions of the length, scaled when applied, so every part of the file
    // is reached whatever its size.
    let at = any::<usize>();
    prop_oneof![
        (at, 0u8..8).prop_map(|(at, bit)| Mutation::Flip { at, bit }),
        (at, 1usize..64).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (
            at,
            prop::collection::vec(
                prop_oneof![
                    any::<u8>(),
                    Just(b'"'),
                    Just(b'('),
                    Just(b')'),
                    Just(b','),
                    Just(b'\n')
                ],
                1..16
            )
        )
            .prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
        at.prop_map(|at| Mutation::Truncate { at }),
        (at, 1usize..200).prop_map(|(at, len)| Mutation::Duplicate { at, len }),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let n = bytes.len();
    let pos = |at: usize| if n == 0 { 0 } else { at % n };
    match m {
        Mutation::Flip { at, bit } => {
            if n > 0 {
                let i = pos(*at);
                bytes[i] ^= 1 << bit;
            }
        }
        Mutation::Delete { at, len } => {
            let i = pos(*at);
            let end = (i + len).min(n);
            bytes.drain(i..end);
        }
        Mutation::Insert { at, bytes: ins } => {
            let i = pos(*at);
            bytes.splice(i..i, ins.iter().copied());
        }
        Mutation::Truncate { at } => bytes.truncate(pos(*at)),
        Mutation::Duplicate { at, len } => {
            let i = pos(*at);
            let end = (i + len).min(n);
            let copy = bytes[i..end].to_vec();
            bytes.splice(end..end, copy);
        }
    }
}

fn load_bytes(bytes: &[u8]) -> Result<ragboard::model::Plan, store::LoadError> {
    let file = Path::new("mutated.ron");
    store::parse(store::decode(bytes, file)?, file)
}

fn change(i: usize) -> Change {
    Change {
        when: Utc
            .with_ymd_and_hms(2018, 2, 1, 10, 0, i as u32 % 60)
            .unwrap(),
        who: format!("officer {i}"),
        item: format!("1.1.{}", i % 8 + 1),
        period: "01-18".into(),
        from: Some((i % 5) as u8),
        to: Some(((i + 1) % 5 + 1) as u8),
        note: if i.is_multiple_of(2) {
            Some(format!("note {i}: \"quoted\", commas, ( brackets )"))
        } else {
            None
        },
        progress: i.is_multiple_of(3).then(|| ProgressChange {
            from: None,
            to: Some(format!("progress {i}\nline two")),
        }),
        correction: i.is_multiple_of(4),
        judgement: false,
        verdict: None,
        undo: false,
    }
}

fn entries() -> Vec<journal::Entry> {
    let mut out = Vec::new();
    for i in 0..12 {
        out.push(match i % 5 {
            0 | 1 => journal::Entry::Apply(change(i)),
            2 => journal::Entry::Revert(change(i - 1)),
            3 => journal::Entry::Amend {
                was: change(i),
                now: change(i + 100),
            },
            _ => journal::Entry::AddPeriod(Period {
                id: format!("p{i}"),
                label: format!("Period {i}"),
                date: None,
            }),
        });
    }
    out
}

/// A real journal written by the journal writer.
fn journal_bytes() -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let me = ragboard::store::lock::Holder::me("tester", Utc::now());
    let lock = ragboard::store::lock::acquire(&dir.path().join("plan.ron"), &me).unwrap();
    let path = lock.journal_path();
    let header = journal::Header {
        plan: "fingerprint".into(),
        identity: None,
        title: None,
        user: "tester".into(),
        host: "host".into(),
        pid: 42,
        started: Utc.with_ymd_and_hms(2018, 2, 1, 9, 0, 0).unwrap(),
    };
    let j = journal::Journal::replace(&lock, &header, &entries()).unwrap();
    drop(j);
    std::fs::read(&path).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Damaged plan files are refused or read, never a panic; a refusal names a place.
    #[test]
    fn damaged_plans_never_panic(ms in prop::collection::vec(mutation(), 1..4)) {
        let mut bytes = SHIPPED.as_bytes().to_vec();
        for m in &ms {
            apply(&mut bytes, m);
        }
        if let Err(e) = load_bytes(&bytes) {
            prop_assert!(!e.problems.is_empty());
            prop_assert!(!e.to_string().is_empty());
        }
    }

    /// Damaged journals never panic the reader, and what it returns is exactly a prefix of
    /// the entries written: a damaged line stops the replay there, it never shifts undo.
    #[test]
    fn damaged_journals_yield_a_prefix(ms in prop::collection::vec(mutation(), 1..4)) {
        let original = journal_bytes();
        let written = entries();
        let mut bytes = original.clone();
        for m in &ms {
            apply(&mut bytes, m);
        }
        let r = journal::parse(Path::new("j"), &bytes);
        prop_assert!(r.entries.len() <= written.len());
        prop_assert_eq!(&r.entries[..], &written[..r.entries.len()]);
        // A journal cut exactly at a line's end reads as a shorter, whole journal: nothing in
        // its bytes says more followed. (Each line is flushed before the next key is read, so
        // a crash loses at most the line being written, and that one is torn.)
        let whole_lines = original.starts_with(&bytes)
            && bytes.last().is_none_or(|b| *b == b'\n');
        if bytes == original {
            prop_assert!(r.damage.is_none());
        } else if r.entries.len() < written.len() && !whole_lines {
            // Anything else short of the whole journal reports where it stopped.
            prop_assert!(r.damage.is_some());
        }
    }

    /// A valid plan, with any ratings and notes, round-trips through its canonical text.
    #[test]
    fn valid_plans_round_trip(
        ratings in prop::collection::vec((0usize..113, 1u8..=5), 0..40),
        note in "[ -~\u{e9}\u{2019}\n\"\\\\]{0,40}",
    ) {
        let mut plan = store::bundled().unwrap();
        let ids: Vec<String> = plan.actions().map(|a| a.id.clone()).collect();
        for (i, r) in &ratings {
            let id = &ids[i % ids.len()];
            let a = plan.action_mut(id).unwrap();
            a.ratings.insert("01-18", *r);
            a.progress = Some(note.clone());
        }
        let text = store::to_canonical(&plan).unwrap();
        let back = store::parse(&text, Path::new("round.ron")).unwrap();
        prop_assert_eq!(&back, &plan);
        // And the canonical form is a fixed point.
        prop_assert_eq!(store::to_canonical(&back).unwrap(), text);
    }
}
