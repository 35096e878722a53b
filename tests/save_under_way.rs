//! Saving while the meeting goes on (issue 25, point 4): a save takes the plan as it
//! stands when it begins and writes it while edits go on; those edits are journaled as
//! usual, stay unsaved, and go in the next save. A crash at any step replays exactly what
//! the file on disk lacks. The steps are driven one by one here (as the app's saving
//! thread runs them), so every interleaving named is the one tested.

mod common;

use std::fs;
use std::path::Path;
use std::time::Duration;

use common::{meeting, on_disk, plan_on_disk, rating};
use ragboard::app::{self, Effect};
use ragboard::meeting::{Meeting, MeetingError};
use ragboard::store::document::SaveError;
use ragboard::store::journal::{self, Entry};
use ragboard::store::{self};

const P: &str = "01-18";

/// The edits a journal on disk holds (its save marks left out), as (item, rating).
fn journaled(plan: &Path) -> Vec<(String, Option<u8>)> {
    journal::read(&journal::path_for(plan))
        .unwrap()
        .map(|r| r.entries)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|e| match e {
            Entry::Apply(c) => Some((c.item, c.to)),
            _ => None,
        })
        .collect()
}

fn changes_on_disk(plan: &Path) -> Vec<(String, Option<u8>)> {
    store::load(plan)
        .unwrap()
        .plan
        .changes
        .into_iter()
        .map(|c| (c.item, c.to))
        .collect()
}

fn rated(item: &str, to: u8) -> (String, Option<u8>) {
    (item.to_string(), Some(to))
}

/// Begin a save with 1.1.1 rated, rate 1.1.2 while it writes and 1.1.3 after the journal
/// is marked, and land the file: the meeting, before it takes the outcome in.
fn save_with_edits_meanwhile(
    m: &mut Meeting,
) -> Result<ragboard::store::document::Landed, MeetingError> {
    m.rate("1.1.1", P, Some(2), None, None).unwrap();
    let job = m.begin_save(None).unwrap();
    m.rate("1.1.2", P, Some(3), None, None).unwrap();
    let written = job.write()?;
    m.mark_written(written.fingerprint());
    m.rate("1.1.3", P, Some(1), None, None).unwrap();
    Ok(written.place()?)
}

#[test]
fn edits_made_during_a_save_stay_unsaved_journaled_and_go_in_the_next_save() {
    let disk = plan_on_disk();
    let before = on_disk(&disk.path, "1.1.2");
    let mut m = meeting(&disk.path, "ann");
    let landed = save_with_edits_meanwhile(&mut m);
    assert!(m.saving());
    assert_eq!(
        m.unsaved(),
        3,
        "while it runs, the save's edits count as unsaved"
    );
    m.finish_save(landed).unwrap();
    assert!(!m.saving());

    // The file holds the plan as it stood when the save began.
    assert_eq!(on_disk(&disk.path, "1.1.1"), Some(2));
    assert_eq!(on_disk(&disk.path, "1.1.2"), before);
    assert_eq!(changes_on_disk(&disk.path), vec![rated("1.1.1", 2)]);
    // The meeting has the two edits made meanwhile, unsaved; so has the journal, and
    // only those, over the file as saved.
    assert_eq!(
        (rating(&m, "1.1.2"), rating(&m, "1.1.3")),
        (Some(3), Some(1))
    );
    assert_eq!(m.unsaved(), 2);
    assert_eq!(
        journaled(&disk.path),
        vec![rated("1.1.2", 3), rated("1.1.3", 1)]
    );
    let header = journal::read(&journal::path_for(&disk.path))
        .unwrap()
        .unwrap()
        .header
        .unwrap();
    assert_eq!(header.plan, m.document().unwrap().base());

    m.save().unwrap();
    assert_eq!(m.unsaved(), 0);
    assert_eq!(
        changes_on_disk(&disk.path),
        vec![rated("1.1.1", 2), rated("1.1.2", 3), rated("1.1.3", 1)]
    );
    assert!(
        !journal::path_for(&disk.path).exists(),
        "nothing is left unsaved"
    );
}

#[test]
fn a_crash_after_the_rename_replays_only_what_was_done_during_the_save() {
    let disk = plan_on_disk();
    let mut m = meeting(&disk.path, "ann");
    let landed = save_with_edits_meanwhile(&mut m);
    assert!(landed.is_ok());
    // The process dies with the new file in place and the journal not yet rewritten.
    drop(landed);
    drop(m);

    assert_eq!(on_disk(&disk.path, "1.1.1"), Some(2));
    let mut m = meeting(&disk.path, "ann");
    let offered = m
        .recovery()
        .expect("the edits made during the save are offered");
    assert_eq!(
        offered.count(),
        2,
        "1.1.1 is in the file: not offered again"
    );
    let r = m.replay().unwrap();
    assert_eq!((r.changes, r.conflicts), (2, 0));
    assert_eq!(
        (
            rating(&m, "1.1.1"),
            rating(&m, "1.1.2"),
            rating(&m, "1.1.3")
        ),
        (Some(2), Some(3), Some(1))
    );
    m.save().unwrap();
    assert_eq!(
        changes_on_disk(&disk.path),
        vec![rated("1.1.1", 2), rated("1.1.2", 3), rated("1.1.3", 1)],
        "each edit once in the change log"
    );
}

#[test]
fn a_crash_before_the_rename_replays_the_saves_edits_too() {
    let disk = plan_on_disk();
    let before = fs::read(&disk.path).unwrap();
    let mut m = meeting(&disk.path, "ann");
    m.rate("1.1.1", P, Some(2), None, None).unwrap();
    let job = m.begin_save(None).unwrap();
    m.rate("1.1.2", P, Some(3), None, None).unwrap();
    let written = job.write().unwrap();
    m.mark_written(written.fingerprint());
    // The process dies with the new file written beside the plan, not yet in place.
    drop(written);
    drop(m);

    assert_eq!(
        fs::read(&disk.path).unwrap(),
        before,
        "the plan is untouched"
    );
    let mut m = meeting(&disk.path, "ann");
    assert_eq!(m.recovery().expect("offered").count(), 2);
    m.replay().unwrap();
    assert_eq!(
        (rating(&m, "1.1.1"), rating(&m, "1.1.2")),
        (Some(2), Some(3))
    );
}

#[test]
fn an_edit_the_save_is_writing_is_undone_once_it_is_done_and_then_records_its_reversal() {
    let disk = plan_on_disk();
    let was = on_disk(&disk.path, "1.1.1");
    let mut m = meeting(&disk.path, "ann");
    m.rate("1.1.1", P, Some(2), None, None).unwrap();
    let job = m.begin_save(None).unwrap();
    // The save is writing it: undoing it now would leave the screen and a crash's
    // replay telling it differently, so it waits.
    assert!(matches!(m.undo(), Err(MeetingError::BeingSaved)));
    assert_eq!(rating(&m, "1.1.1"), Some(2));
    // An edit made meanwhile is undone as usual, leaving no trace.
    m.rate("1.1.2", P, Some(3), None, None).unwrap();
    m.undo().unwrap();
    assert!(matches!(m.undo(), Err(MeetingError::BeingSaved)));
    let outcome = job.write().and_then(|w| {
        m.mark_written(w.fingerprint());
        Ok(w.place()?)
    });
    m.finish_save(outcome).unwrap();
    assert_eq!((on_disk(&disk.path, "1.1.1"), m.unsaved()), (Some(2), 0));
    // Saved now: undoing it records its reversal.
    m.undo().unwrap();
    assert_eq!((rating(&m, "1.1.1"), m.unsaved()), (was, 1));
    m.save().unwrap();
    assert_eq!(on_disk(&disk.path, "1.1.1"), was);
    assert_eq!(
        changes_on_disk(&disk.path),
        vec![rated("1.1.1", 2), ("1.1.1".to_string(), was)],
        "the saved rating and its reversal, both in the trail"
    );
}

#[test]
fn a_save_that_fails_leaves_its_edits_unsaved_in_order_and_undoable() {
    let disk = plan_on_disk();
    let mut m = meeting(&disk.path, "ann");
    m.rate("1.1.1", P, Some(2), None, None).unwrap();
    let job = m.begin_save(None).unwrap();
    m.rate("1.1.2", P, Some(3), None, None).unwrap();
    // Someone else's save lands while ours is under way.
    common::colleague_saves(&disk.path, "2.1.1", P, 1);
    let outcome = job.write().and_then(|w| {
        m.mark_written(w.fingerprint());
        Ok(w.place()?)
    });
    let err = m.finish_save(outcome).unwrap_err();
    assert!(
        matches!(err, MeetingError::Save(SaveError::Conflict(_))),
        "{err}"
    );
    assert_eq!(m.unsaved(), 2);
    let unsaved: Vec<_> = m
        .log()
        .filter(|(_, saved)| !saved)
        .map(|(c, _)| (c.item.clone(), c.to))
        .collect();
    assert_eq!(unsaved, vec![rated("1.1.1", 2), rated("1.1.2", 3)]);
    assert_eq!(
        journaled(&disk.path),
        unsaved,
        "the journal still holds both"
    );
    // The last edit is still an unsaved one: undo takes it out, leaving no trace.
    m.undo().unwrap();
    assert_eq!(m.unsaved(), 1);
    assert_eq!(
        on_disk(&disk.path, "2.1.1"),
        Some(1),
        "the colleague's save stands"
    );
}

#[test]
fn a_second_save_waits_for_the_first() {
    let disk = plan_on_disk();
    let mut m = meeting(&disk.path, "ann");
    m.rate("1.1.1", P, Some(2), None, None).unwrap();
    let _job = m.begin_save(None).unwrap();
    assert!(matches!(
        m.begin_save(None),
        Err(MeetingError::SaveUnderWay)
    ));
    assert!(matches!(m.save(), Err(MeetingError::SaveUnderWay)));
    assert!(matches!(m.close(), Err(MeetingError::SaveUnderWay)));
}

/// Through the app, as the terminal runs it: the save on its own thread, keys acting
/// meanwhile, a second save and quitting queued behind the first.
#[test]
fn the_app_saves_in_the_background_and_queues_what_needs_the_file() {
    let disk = plan_on_disk();
    let mut a = common::open(&disk.path, "ann");
    a.save_in_background();
    common::go(&mut a, "1.1.1");
    common::keys(&mut a, "2");
    app::perform(&mut a, Effect::Save { then_quit: false });
    assert!(a.saving());
    // Keys act while the save runs.
    common::go(&mut a, "1.1.2");
    common::keys(&mut a, "3");
    assert_eq!(rating(a.meeting(), "1.1.2"), Some(3));
    // A second save, then quitting, wait for the first.
    app::perform(&mut a, Effect::Save { then_quit: true });
    assert!(a.saving());
    let mut waited = Duration::ZERO;
    while a.saving() || !a.has_quit() {
        app::poll_save(&mut a, Duration::from_millis(50));
        waited += Duration::from_millis(50);
        assert!(waited < Duration::from_secs(60), "the saves never finished");
    }
    assert_eq!(
        changes_on_disk(&disk.path),
        vec![rated("1.1.1", 2), rated("1.1.2", 3)]
    );
    assert!(a.has_quit(), "save and quit quit once saved");
    assert!(!journal::path_for(&disk.path).exists());
}

/// A save shares the plan's change log with the meeting rather than copying it (at
/// 100,000 actions it is 10 MB, held twice while a save ran), writes its edits at the
/// log's end; the meeting adds them to its log once the file holds them.
#[test]
fn a_save_shares_the_change_log_and_writes_its_edits_at_its_end() {
    let disk = plan_on_disk();
    let mut m = meeting(&disk.path, "ann");
    m.rate("1.1.1", P, Some(2), None, None).unwrap();
    m.save().unwrap();
    m.rate("1.1.2", P, Some(3), None, None).unwrap();
    let job = m.begin_save(None).unwrap();
    assert!(job.plan().changes.shares(&m.plan().changes), "not copied");
    assert_eq!(job.plan().changes.len(), 1, "the log as saved");
    let edits: Vec<_> = job.edits().iter().map(|c| (c.item.clone(), c.to)).collect();
    assert_eq!(edits, vec![rated("1.1.2", 3)]);
    let written = job.write().unwrap();
    m.mark_written(written.fingerprint());
    let landed = written.place().map_err(MeetingError::from);
    m.finish_save(landed).unwrap();
    assert_eq!(
        changes_on_disk(&disk.path),
        vec![rated("1.1.1", 2), rated("1.1.2", 3)]
    );
    assert_eq!(m.plan().changes.len(), 2);
}
