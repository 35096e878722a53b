//! A randomised model test of "nothing lost": random sequences of rate, note, the board's
//! records (a decision or agreed action, its settling, a review tick, a judgement, a
//! milestone's call, a lead's proposal agreed or challenged), undo, redo, save, a save in
//! the background taken one step at a time with edits between its steps, crash (the
//! process dies; the plan is opened again and its journal replayed) and
//! quit-without-saving, on a plan on disk. The reference model is what the screen showed:
//! every cell's rating and the unsaved count. A crash must bring back exactly that; a save
//! must put exactly that in the file, with a change log whose last word on each cell is
//! what the cell holds; the replay dialog's count must be what the replay makes.
//!
//! CI runs a few hundred cases; `PROPTEST_CASES=100000 cargo test --release --test
//! crash_model` runs the long version (docs/reliability.md has the figures).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use ragboard::meeting::Meeting;
use ragboard::store;

const PLAN: &str = "tests/fixtures/rag-small.ron";
const ITEMS: [&str; 4] = ["1.1.1", "1.1.2", "1.1.3", "2.1.1"];
const PERIODS: [&str; 2] = ["q1", "q2"];

#[derive(Debug, Clone)]
enum Op {
    Rate {
        item: usize,
        period: usize,
        value: Option<u8>,
    },
    Note {
        item: usize,
        period: usize,
    },
    Undo,
    Redo,
    Save,
    /// A save in the background: begun, or taken one step further (written beside the
    /// plan and marked in the journal; put in place; taken in by the meeting).
    Background,
    Crash,
    Discard,
    /// An agreed action recorded on an item.
    Decide {
        item: usize,
    },
    /// The oldest open decision closed.
    Settle,
    /// A review tick on (or off) an item.
    Tick {
        item: usize,
        on: bool,
    },
    /// The board's judgement of priority 1.
    Judge {
        value: Option<u8>,
    },
    /// The objective's milestone called met or missed.
    Call {
        met: bool,
    },
    /// A lead's proposal for an item in q2, as `collect` records it.
    Propose {
        item: usize,
        value: Option<u8>,
    },
    /// The board agrees an item's proposal.
    Agree {
        item: usize,
    },
    /// The board rates an item otherwise than proposed, with its reason.
    Challenge {
        item: usize,
        value: Option<u8>,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (0..ITEMS.len(), 0..PERIODS.len(), prop::option::of(1u8..=4))
            .prop_map(|(item, period, value)| Op::Rate { item, period, value }),
        1 => (0..ITEMS.len(), 0..PERIODS.len()).prop_map(|(item, period)| Op::Note { item, period }),
        3 => Just(Op::Undo),
        2 => Just(Op::Redo),
        2 => Just(Op::Save),
        3 => Just(Op::Background),
        2 => Just(Op::Crash),
        1 => Just(Op::Discard),
        1 => (0..ITEMS.len()).prop_map(|item| Op::Decide { item }),
        1 => Just(Op::Settle),
        1 => (0..ITEMS.len(), any::<bool>()).prop_map(|(item, on)| Op::Tick { item, on }),
        1 => prop::option::of(1u8..=3).prop_map(|value| Op::Judge { value }),
        1 => any::<bool>().prop_map(|met| Op::Call { met }),
        2 => (0..ITEMS.len(), prop::option::of(1u8..=3))
            .prop_map(|(item, value)| Op::Propose { item, value }),
        2 => (0..ITEMS.len()).prop_map(|item| Op::Agree { item }),
        1 => (0..ITEMS.len(), prop::option::of(1u8..=3))
            .prop_map(|(item, value)| Op::Challenge { item, value }),
    ]
}

type Cells = BTreeMap<(String, String), Option<u8>>;

/// What the board recorded: decisions with their status, review ticks, judgements,
/// milestone calls and the leads' proposals, as the plan holds them.
fn records(plan: &ragboard::model::Plan) -> String {
    format!(
        "{:?}",
        (
            &plan.decisions,
            &plan.reviewed,
            &plan.priorities[0].judgements,
            plan.milestones_of("1.1").map(|m| &m[0].calls),
            &plan.proposals,
        )
    )
}

/// Where each proposal of q2 stands (agreed, challenged, waiting), from a change log.
fn standings<'a>(
    plan: &ragboard::model::Plan,
    log: impl Iterator<Item = &'a ragboard::model::Change>,
) -> BTreeMap<String, String> {
    ragboard::model::proposals::standings(plan, "q2", log)
        .into_iter()
        .map(|(k, v)| (k, format!("{v:?}")))
        .collect()
}

/// What the screen shows: every cell, what the board recorded, and the unsaved count.
#[derive(Debug, Clone, PartialEq)]
struct Screen {
    cells: Cells,
    records: String,
    standings: BTreeMap<String, String>,
    unsaved: usize,
}

fn cells(plan: &ragboard::model::Plan) -> Cells {
    let mut out = Cells::new();
    for id in ITEMS {
        for p in PERIODS {
            let a = plan.action(id).expect("fixture item");
            out.insert((id.to_string(), p.to_string()), a.rating(p));
        }
    }
    out
}

fn screen(m: &Meeting) -> Screen {
    Screen {
        cells: cells(m.plan()),
        records: records(m.plan()),
        standings: standings(m.plan(), m.log().map(|(c, _)| c)),
        unsaved: m.unsaved(),
    }
}

/// A temporary folder in memory where there is one (fast fsync), else on disk.
fn tempdir() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir()
        && let Ok(d) = tempfile::tempdir_in(shm)
    {
        return d;
    }
    tempfile::tempdir().unwrap()
}

/// Open the plan as the app does; replay what a crash left. Checks the dialog's count.
fn reopen(path: &Path) -> Result<Meeting, TestCaseError> {
    let mut m = common::meeting(path, "ann");
    if let Some(rec) = m.recovery() {
        let offered = rec.count();
        prop_assert!(rec.unreadable.is_none(), "journal unreadable: {rec:?}");
        let report = m
            .replay()
            .map_err(|e| TestCaseError::fail(format!("replay: {e}")))?;
        prop_assert_eq!(offered, report.changes, "dialog count vs replay");
        prop_assert_eq!(report.changes, m.unsaved());
        prop_assert_eq!(report.conflicts, 0, "one process: nothing to conflict");
    }
    prop_assert!(m.journal_problem().is_none());
    Ok(m)
}

/// The file's change log agrees with its cells: the last change to each cell is what the
/// cell holds.
fn log_agrees(path: &Path) -> Result<Cells, TestCaseError> {
    let plan = store::load(path)
        .map_err(|e| TestCaseError::fail(e.to_string()))?
        .plan;
    let now = cells(&plan);
    let mut last: BTreeMap<(String, String), Option<u8>> = BTreeMap::new();
    let mut judged: BTreeMap<(String, String), Option<u8>> = BTreeMap::new();
    for c in &plan.changes {
        let cell = (c.item.clone(), c.period.clone());
        let to = c.to.filter(|v| *v != 0);
        if c.judgement {
            judged.insert(cell, to);
        } else {
            last.insert(cell, to);
        }
    }
    for (cell, to) in &last {
        prop_assert_eq!(now.get(cell), Some(to), "log vs cell {:?}", cell);
    }
    for ((item, period), to) in &judged {
        let holds = plan
            .priorities
            .iter()
            .find(|p| p.id == *item)
            .and_then(|p| p.judgements.get(period).copied());
        prop_assert_eq!(holds, *to, "log vs judgement {} {}", item, period);
    }
    Ok(now)
}

/// The cells and records the file holds.
fn in_file(path: &Path) -> Result<(Cells, String), TestCaseError> {
    let cells = log_agrees(path)?;
    let plan = store::load(path)
        .map_err(|e| TestCaseError::fail(e.to_string()))?
        .plan;
    Ok((cells, records(&plan)))
}

/// Where a background save stands, and the screen when it began (what it writes).
enum Stage {
    Begun(Box<ragboard::meeting::SaveJob>),
    Written(ragboard::store::document::Written),
    Placed(Result<ragboard::store::document::Landed, ragboard::meeting::MeetingError>),
}

struct Background {
    stage: Stage,
    began: Screen,
}

/// Take a background save one step further; `None` once the meeting has its outcome, which
/// is then checked: the file holds the screen as it was when the save began.
fn step(m: &mut Meeting, path: &Path, bg: Background) -> Result<Option<Background>, TestCaseError> {
    let fail = |e: ragboard::meeting::MeetingError| TestCaseError::fail(format!("save: {e}"));
    let Background { stage, began } = bg;
    let stage = match stage {
        Stage::Begun(job) => {
            let written = job.write().map_err(fail)?;
            m.mark_written(written.fingerprint());
            Stage::Written(written)
        }
        Stage::Written(w) => Stage::Placed(w.place().map_err(Into::into)),
        Stage::Placed(outcome) => {
            let unsaved = m.unsaved();
            m.finish_save(outcome).map_err(fail)?;
            prop_assert_eq!(
                m.unsaved(),
                unsaved - began.unsaved,
                "the save's edits are saved"
            );
            let on_disk = log_agrees(path)?;
            prop_assert_eq!(
                &on_disk,
                &began.cells,
                "the file holds what was shown at the start"
            );
            let plan = store::load(path)
                .map_err(|e| TestCaseError::fail(e.to_string()))?
                .plan;
            prop_assert_eq!(&records(&plan), &began.records);
            prop_assert_eq!(&standings(&plan, plan.changes.iter()), &began.standings);
            return Ok(None);
        }
    };
    Ok(Some(Background { stage, began }))
}

fn run(ops: &[Op]) -> Result<(), TestCaseError> {
    let dir = tempdir();
    let path: PathBuf = dir.path().join("plan.ron");
    std::fs::copy(PLAN, &path).unwrap();
    let mut m = reopen(&path)?;
    let mut shown = screen(&m);
    let mut saved = cells(m.plan());
    let mut saved_records = records(m.plan());
    let date = chrono::NaiveDate::from_ymd_opt(2025, 9, 30).unwrap();
    let mut bg: Option<Background> = None;
    for op in ops {
        // A save, or quitting, waits for the one under way (as the app queues them).
        if matches!(op, Op::Save | Op::Discard) {
            while let Some(b) = bg.take() {
                bg = step(&mut m, &path, b)?;
                if bg.is_none() {
                    (saved, saved_records) = in_file(&path)?;
                }
            }
        }
        match op {
            Op::Rate {
                item,
                period,
                value,
            } => {
                let note = (*value == Some(4)).then(|| "evidence".to_string());
                let _ = m.rate(ITEMS[*item], PERIODS[*period], *value, note, None);
            }
            Op::Note { item, period } => {
                let _ = m.note(ITEMS[*item], PERIODS[*period], Some("why".into()), None);
            }
            Op::Undo => {
                let _ = m.undo();
            }
            Op::Redo => {
                let _ = m.redo();
            }
            Op::Save => {
                m.save()
                    .map_err(|e| TestCaseError::fail(format!("save: {e}")))?;
                prop_assert_eq!(m.unsaved(), 0);
                let on_disk = log_agrees(&path)?;
                prop_assert_eq!(&on_disk, &shown.cells, "the file holds what was shown");
                let plan = store::load(&path)
                    .map_err(|e| TestCaseError::fail(e.to_string()))?
                    .plan;
                prop_assert_eq!(
                    &records(&plan),
                    &shown.records,
                    "the file holds the records"
                );
                prop_assert_eq!(
                    &standings(&plan, plan.changes.iter()),
                    &shown.standings,
                    "the file's change log gives the board's verdicts"
                );
                saved = on_disk;
                saved_records = records(&plan);
            }
            Op::Decide { item } => {
                let _ = m.decide(
                    ragboard::model::DecisionKind::Action,
                    Some(ITEMS[*item]),
                    "Report back",
                    Some("Ann"),
                    None,
                    "q2",
                    date,
                );
            }
            Op::Settle => {
                let open = m
                    .plan()
                    .decisions
                    .iter()
                    .find(|d| d.status.is_open())
                    .map(|d| d.id.clone());
                if let Some(id) = open {
                    let done = ragboard::model::DecisionStatus::Done;
                    let _ = m.settle(&id, done, Some("done"), "q2", date);
                }
            }
            Op::Tick { item, on } => {
                let _ = m.review("q2", ITEMS[*item], *on);
            }
            Op::Judge { value } => {
                let _ = m.judge("1", "q2", *value, None);
            }
            Op::Call { met } => {
                let kind = if *met {
                    ragboard::model::CallKind::Met
                } else {
                    ragboard::model::CallKind::Missed
                };
                let _ = m.call("1.1", 0, kind, date, None, None, "q2");
            }
            Op::Propose { item, value } => {
                let p = ragboard::model::Proposal {
                    item: ITEMS[*item].to_string(),
                    period: "q2".into(),
                    by: "Ann".into(),
                    rating: *value,
                    progress: None,
                    form: "Ann.csv".into(),
                    collected: m.now(),
                    collector: "clerk".into(),
                };
                let _ = m.propose(p);
            }
            Op::Agree { item } => {
                let _ = m.agree(ITEMS[*item], "q2");
            }
            Op::Challenge { item, value } => {
                let _ = m.challenge(ITEMS[*item], "q2", *value, "the evidence is thin");
            }
            Op::Background => match bg.take() {
                None => {
                    let began = screen(&m);
                    let job = m
                        .begin_save(None)
                        .map_err(|e| TestCaseError::fail(format!("begin: {e}")))?;
                    bg = Some(Background {
                        stage: Stage::Begun(Box::new(job)),
                        began,
                    });
                }
                Some(b) => {
                    bg = step(&mut m, &path, b)?;
                    if bg.is_none() {
                        (saved, saved_records) = in_file(&path)?;
                    }
                }
            },
            Op::Crash => {
                // Once a save's file is in place, what it wrote is saved: only the rest
                // comes back as unsaved.
                let mut expected = shown.clone();
                if let Some(Background {
                    stage: Stage::Placed(Ok(_)),
                    began,
                }) = &bg
                {
                    expected.unsaved -= began.unsaved;
                    (saved, saved_records) = in_file(&path)?;
                }
                drop(bg.take());
                drop(m);
                m = reopen(&path)?;
                prop_assert_eq!(&screen(&m), &expected, "after a crash and replay");
            }
            Op::Discard => {
                m.close()
                    .map_err(|e| TestCaseError::fail(format!("close: {e}")))?;
                drop(m);
                m = reopen(&path)?;
                prop_assert!(m.recovery().is_none());
                prop_assert_eq!(&cells(m.plan()), &saved, "discarded: the file as saved");
                prop_assert_eq!(&records(m.plan()), &saved_records);
                prop_assert_eq!(m.unsaved(), 0);
            }
        }
        shown = screen(&m);
        prop_assert!(m.conflicts().is_empty());
        // The index's counts (the header's coverage) agree with a count over the plan.
        for p in PERIODS {
            let counted = ragboard::model::rollup::plan_stats(m.plan(), p);
            prop_assert_eq!(m.index().rated_in(p), counted.rated, "rated in {}", p);
            prop_assert_eq!(m.index().action_count(), counted.total);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300),
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_crash_loses_nothing_the_screen_showed(ops in prop::collection::vec(op(), 1..40)) {
        run(&ops)?;
    }
}

/// The two sequences the probe found (issue 17, A), kept as plain tests.
#[test]
fn undo_and_redo_across_a_save_then_a_crash() {
    use Op::*;
    let rate = Rate {
        item: 0,
        period: 1,
        value: Some(2),
    };
    run(&[rate.clone(), Save, Undo, Redo, Crash, Save]).unwrap();
    run(&[rate, Save, Undo, Save, Redo, Crash, Save]).unwrap();
}
