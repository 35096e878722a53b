//! What the board records beside the ratings (issue 21): decisions and agreed actions, their
//! settling, milestone calls, the board's judgement and review ticks. Each kind of change is
//! applied, undone, redone, saved, replayed from the journal after a crash, and merged
//! between two officers' copies.

mod common;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use ragboard::meeting::Meeting;
use ragboard::model::merge::merge;
use ragboard::model::minutes;
use ragboard::model::{CallKind, DecisionKind, DecisionStatus, MilestoneState, Plan};
use ragboard::store;

const SMALL: &str = "tests/fixtures/rag-small.ron";
const CYPP: &str = "data/cypp-2013-16.ron";

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// `from` copied into a temporary folder as plan.ron.
fn copy(from: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.ron");
    std::fs::copy(from, &path).unwrap();
    (dir, path)
}

fn loaded(path: &Path) -> Plan {
    store::load(path).unwrap().plan
}

/// Open again after the process died, replaying the journal.
fn crash_and_replay(m: Meeting, path: &Path) -> Meeting {
    let user = m.user().to_string();
    drop(m);
    let mut m = common::meeting(path, &user);
    let offered = m.recovery().expect("a journal to replay").count();
    let r = m.replay().unwrap();
    assert_eq!(
        r.changes, offered,
        "the dialog's count is what the replay makes"
    );
    assert_eq!(r.skipped, 0, "{r:?}");
    assert_eq!(r.conflicts, 0);
    m
}

#[test]
fn a_decision_and_an_agreed_action_are_recorded_undone_redone_saved_and_replayed() {
    let (_dir, path) = copy(SMALL);
    let mut m = common::meeting(&path, "ann");
    let d = m
        .decide(
            DecisionKind::Decision,
            Some("1.1"),
            "Accept the clinic's revised timetable",
            None,
            None,
            "q2",
            day("2025-09-30"),
        )
        .unwrap();
    let a = m
        .decide(
            DecisionKind::Action,
            None,
            "Director to bring a recovery plan to the March board",
            Some("Director"),
            Some("2026-03".parse().unwrap()),
            "q2",
            day("2025-09-30"),
        )
        .unwrap();
    assert_ne!(d.id, a.id, "each has its own id");
    assert_eq!(d.id, "ann-q2-1");
    assert_eq!(m.plan().decisions.len(), 2);
    assert_eq!(m.unsaved(), 2);
    // Undo takes the latest back; redo brings it again.
    m.undo().unwrap();
    assert_eq!(m.plan().decisions, std::slice::from_ref(&d));
    m.redo().unwrap();
    assert_eq!(m.plan().decisions, [d.clone(), a.clone()]);
    // A crash loses nothing: the journal brings both back.
    let mut m = crash_and_replay(m, &path);
    assert_eq!(m.plan().decisions, [d.clone(), a.clone()]);
    // Undo after the replay still takes the latest back, as before the crash.
    m.undo().unwrap();
    assert_eq!(m.plan().decisions, std::slice::from_ref(&d));
    m.redo().unwrap();
    m.save().unwrap();
    let saved = loaded(&path);
    assert_eq!(saved.decisions, [d, a.clone()]);
    // In the file: its own section, with the plan's words.
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("decisions: ["), "{text}");
    assert!(text.contains("kind: Action"));
    assert!(text.contains("owner: \"Director\""));
    // Undone after a save, it leaves the file at the next save.
    m.undo().unwrap();
    m.save().unwrap();
    assert_eq!(loaded(&path).decisions.len(), 1);
    assert!(!loaded(&path).decisions.iter().any(|x| x.id == a.id));
}

#[test]
fn an_agreed_action_is_closed_at_a_later_meeting_with_a_note() {
    let (_dir, path) = copy(SMALL);
    let mut m = common::meeting(&path, "ann");
    let a = m
        .decide(
            DecisionKind::Action,
            Some("1.1.2"),
            "Train the remaining staff",
            Some("Bob"),
            None,
            "q1",
            day("2025-06-30"),
        )
        .unwrap();
    m.save().unwrap();
    drop(m);
    // The next meeting: it is a matter arising there.
    let mut m = common::meeting(&path, "bob");
    let arising = minutes::arising(m.plan(), "q2");
    assert_eq!(arising.earlier.len(), 1);
    assert_eq!(arising.open_earlier(), 1);
    let closed = m
        .settle(
            &a.id,
            DecisionStatus::Done,
            Some("All trained by August"),
            "q2",
            day("2025-09-30"),
        )
        .unwrap();
    assert_eq!(closed.status, DecisionStatus::Done);
    let c = closed.closed.as_ref().unwrap();
    assert_eq!((c.by.as_str(), c.period.as_str()), ("bob", "q2"));
    assert_eq!(c.note.as_deref(), Some("All trained by August"));
    // Closed at this meeting: listed with its status, no longer open.
    let arising = minutes::arising(m.plan(), "q2");
    assert_eq!(arising.earlier.len(), 1);
    assert_eq!(arising.open_earlier(), 0);
    // Undo reopens it; replay after a crash closes it again.
    m.undo().unwrap();
    assert_eq!(
        m.plan().decision(&a.id).unwrap().status,
        DecisionStatus::Open
    );
    m.redo().unwrap();
    let mut m = crash_and_replay(m, &path);
    assert_eq!(m.plan().decision(&a.id).unwrap(), &closed);
    m.save().unwrap();
    assert_eq!(loaded(&path).decision(&a.id).unwrap(), &closed);
    // Settling it the same way again is refused: nothing would change.
    assert!(
        m.settle(
            &a.id,
            DecisionStatus::Done,
            Some("All trained by August"),
            "q2",
            day("2025-09-30")
        )
        .is_err()
    );
}

#[test]
fn a_milestone_called_met_is_done_and_no_longer_overdue() {
    let (_dir, path) = copy(CYPP);
    let today = day("2015-06-15");
    let plan = loaded(&path);
    let overdue_before = ragboard::model::MilestoneCounts::of(
        plan.priorities.iter().flat_map(|p| p.milestones()),
        today,
    )
    .overdue;
    // The first overdue milestone of an objective.
    let (item, index) = plan
        .priorities
        .iter()
        .flat_map(|p| &p.objectives)
        .flat_map(|o| {
            std::iter::once((&o.id, &o.milestones))
                .chain(o.actions.iter().map(|a| (&a.id, &a.milestones)))
        })
        .find_map(|(id, ms)| {
            ms.iter()
                .position(|m| m.state(today) == MilestoneState::Overdue)
                .map(|i| (id.clone(), i))
        })
        .expect("an overdue milestone");
    let mut m = common::meeting(&path, "ann");
    m.call(
        &item,
        index,
        CallKind::Met,
        day("2014-06-30"),
        None,
        Some("Opened in June 2014"),
        "2015-16",
    )
    .unwrap();
    let ms = &m.plan().milestones_of(&item).unwrap()[index];
    assert_eq!(ms.state(today), MilestoneState::Done);
    let counts = |p: &Plan| {
        ragboard::model::MilestoneCounts::of(
            p.priorities.iter().flat_map(|p| p.milestones()),
            today,
        )
    };
    assert_eq!(
        counts(m.plan()).overdue,
        overdue_before - 1,
        "the count uses the call"
    );
    // Undo, redo, crash: the call stands as the screen showed it.
    m.undo().unwrap();
    assert_eq!(counts(m.plan()).overdue, overdue_before);
    m.redo().unwrap();
    let mut m = crash_and_replay(m, &path);
    assert_eq!(counts(m.plan()).overdue, overdue_before - 1);
    m.save().unwrap();
    let saved = loaded(&path);
    let ms = &saved.milestones_of(&item).unwrap()[index];
    assert_eq!(ms.calls.len(), 1);
    assert_eq!(ms.calls[0].date, day("2014-06-30"));
    assert_eq!(ms.calls[0].by, "ann");
    assert_eq!(minutes::calls_in(&saved, "2015-16").len(), 1);
}

#[test]
fn a_new_date_keeps_the_old_one_and_missed_is_its_own_state() {
    let (_dir, path) = copy(SMALL);
    let mut m = common::meeting(&path, "ann");
    let today = day("2025-10-15");
    let first = &m.plan().milestones_of("1.1").unwrap()[0];
    assert_eq!(first.state(today), MilestoneState::Overdue, "due Sep 2025");
    m.call(
        "1.1",
        0,
        CallKind::Changed,
        day("2025-09-30"),
        Some("2025-12".parse().unwrap()),
        Some("Building work"),
        "q2",
    )
    .unwrap();
    let ms = &m.plan().milestones_of("1.1").unwrap()[0];
    assert_eq!(
        ms.due.unwrap().to_string(),
        "2025-09",
        "the old date is kept"
    );
    assert_eq!(ms.due_now().unwrap().to_string(), "2025-12");
    assert_eq!(ms.state(today), MilestoneState::Due);
    m.call("1.1", 0, CallKind::Missed, today, None, None, "q2")
        .unwrap();
    assert_eq!(
        m.plan().milestones_of("1.1").unwrap()[0].state(today),
        MilestoneState::Missed
    );
    m.save().unwrap();
    assert_eq!(
        loaded(&path).milestones_of("1.1").unwrap()[0].calls.len(),
        2
    );
}

#[test]
fn the_boards_judgement_is_recorded_with_a_note_undone_and_replayed() {
    let (_dir, path) = copy(SMALL);
    let mut m = common::meeting(&path, "ann");
    let c = m
        .judge("1", "q2", Some(3), Some("Clinic open: on track".into()))
        .unwrap();
    assert!(c.judgement);
    assert_eq!((c.from, c.to), (None, Some(3)));
    assert_eq!(m.plan().priorities[0].judgements.get("q2"), Some(&3));
    // A judgement is of a priority.
    assert!(m.judge("1.1.1", "q2", Some(2), None).is_err());
    m.undo().unwrap();
    assert_eq!(m.plan().priorities[0].judgements.get("q2"), None);
    m.redo().unwrap();
    let mut m = crash_and_replay(m, &path);
    assert_eq!(m.plan().priorities[0].judgements.get("q2"), Some(&3));
    m.save().unwrap();
    let saved = loaded(&path);
    assert_eq!(saved.priorities[0].judgements.get("q2"), Some(&3));
    let logged = saved.changes.last().unwrap();
    assert!(logged.judgement);
    assert_eq!(logged.note.as_deref(), Some("Clinic open: on track"));
    // The file, with a judgement in its log, is valid.
    assert!(store::load(&path).is_ok());
}

#[test]
fn review_ticks_belong_to_a_period_and_are_saved() {
    let (_dir, path) = copy(SMALL);
    let mut m = common::meeting(&path, "ann");
    m.review("q2", "1.1", true).unwrap();
    m.review("q2", "2", true).unwrap();
    m.review("q2", "2", false).unwrap();
    assert!(m.review("q2", "9.9", true).is_err(), "an unknown item");
    let mut m = crash_and_replay(m, &path);
    m.save().unwrap();
    let saved = loaded(&path);
    let ticked: Vec<&str> = saved.reviewed["q2"].iter().map(String::as_str).collect();
    assert_eq!(ticked, ["1.1"]);
    // Rating and noting count as reviewing, in that period only.
    m.rate("1.1.2", "q2", Some(3), None, None).unwrap();
    let log: Vec<_> = m.log().map(|(c, _)| c.clone()).collect();
    let seen = minutes::reviewed(m.plan(), "q2", log.iter());
    assert!(seen.contains("1.1") && seen.contains("1.1.2"));
    assert!(!minutes::reviewed(m.plan(), "q1", log.iter()).contains("1.1.2"));
}

#[test]
fn an_older_file_without_the_new_sections_loads_and_saves_unchanged() {
    let (_dir, path) = copy(SMALL);
    let before = std::fs::read_to_string(&path).unwrap();
    let plan = loaded(&path);
    assert!(plan.decisions.is_empty() && plan.reviewed.is_empty());
    let text = store::to_canonical(&plan).unwrap();
    assert!(!text.contains("decisions") && !text.contains("reviewed") && !text.contains("calls"));
    assert!(before.contains("Small test plan"));
}

/// Two officers record at once on copies of one plan; git merges them cell by cell.
#[test]
fn two_officers_decisions_calls_and_ticks_merge_cell_by_cell() {
    let base = loaded(Path::new(SMALL));
    let side = |user: &str, f: &dyn Fn(&mut Meeting)| {
        let mut m = Meeting::new(base.clone(), user, common::clock());
        f(&mut m);
        m.plan().clone()
    };
    let ours = side("ann", &|m| {
        m.decide(
            DecisionKind::Decision,
            Some("1"),
            "Ann's decision",
            None,
            None,
            "q2",
            day("2025-09-30"),
        )
        .unwrap();
        m.call("1.1", 0, CallKind::Met, day("2025-09-01"), None, None, "q2")
            .unwrap();
        m.review("q2", "1", true).unwrap();
    });
    let theirs = side("bob", &|m| {
        m.decide(
            DecisionKind::Action,
            None,
            "Bob's action",
            Some("Bob"),
            None,
            "q2",
            day("2025-09-30"),
        )
        .unwrap();
        m.review("q2", "2", true).unwrap();
        m.judge("2", "q2", Some(1), Some("Visits missed".into()))
            .unwrap();
    });
    let merged = merge(Some(&base), &ours, &theirs);
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    let mut texts: Vec<&str> = merged
        .plan
        .decisions
        .iter()
        .map(|d| d.text.as_str())
        .collect();
    texts.sort_unstable();
    assert_eq!(texts, ["Ann's decision", "Bob's action"]);
    assert_eq!(merged.plan.milestones_of("1.1").unwrap()[0].calls.len(), 1);
    let ticked: Vec<&str> = merged.plan.reviewed["q2"]
        .iter()
        .map(String::as_str)
        .collect();
    assert_eq!(ticked, ["1", "2"]);
    assert_eq!(merged.plan.priorities[1].judgements.get("q2"), Some(&1));

    // Both settle Ann's agreed action, differently: a conflict on that one cell, ours kept.
    let mut shared = ours.clone();
    let mut m = Meeting::new(shared.clone(), "ann", common::clock());
    let id = m
        .decide(
            DecisionKind::Action,
            Some("1.1.1"),
            "Open on Saturdays",
            None,
            None,
            "q2",
            day("2025-09-30"),
        )
        .unwrap()
        .id;
    shared = m.plan().clone();
    let settle = |user: &str, status: DecisionStatus| {
        let mut m = Meeting::new(shared.clone(), user, common::clock());
        m.settle(&id, status, Some(user), "q2", day("2025-10-01"))
            .unwrap();
        m.plan().clone()
    };
    let (o, t) = (
        settle("ann", DecisionStatus::Done),
        settle("bob", DecisionStatus::Dropped),
    );
    let merged = merge(Some(&shared), &o, &t);
    assert_eq!(merged.conflicts.len(), 1, "{:?}", merged.conflicts);
    assert!(
        merged.conflicts[0].cell.contains(&id),
        "{}",
        merged.conflicts[0]
    );
    assert_eq!(
        merged.plan.decision(&id).unwrap().status,
        DecisionStatus::Done
    );
    // Settled on one side only: that side's stands, cleanly.
    let merged = merge(Some(&shared), &shared, &t);
    assert!(merged.conflicts.is_empty());
    assert_eq!(
        merged.plan.decision(&id).unwrap().status,
        DecisionStatus::Dropped
    );
}

/// A settling replayed after a crash, on a file where a colleague has since settled the same
/// action otherwise, no longer fits: it is not forced over the colleague's, nor dropped.
/// The earlier journal is kept beside the plan, and the screen says so for the session.
#[test]
fn a_minute_that_no_longer_fits_is_left_out_kept_and_shown() {
    let (dir, path) = copy(SMALL);
    let mut m = common::meeting(&path, "ann");
    let d = m
        .decide(
            DecisionKind::Action,
            Some("1.1.1"),
            "Report back on the clinic",
            Some("Ann"),
            None,
            "q2",
            day("2025-09-30"),
        )
        .unwrap();
    m.save().unwrap();
    m.settle(
        &d.id,
        DecisionStatus::Done,
        Some("reported"),
        "q2",
        day("2025-09-30"),
    )
    .unwrap();
    // The process dies with the settling journaled, not saved.
    drop(m);
    // Meanwhile a colleague's copy drops the same action and saves the file.
    let mut theirs = loaded(&path);
    let mine = theirs.decisions.iter_mut().find(|x| x.id == d.id).unwrap();
    mine.status = DecisionStatus::Dropped;
    mine.closed = Some(minutes::Closed {
        period: "q2".into(),
        date: day("2025-09-30"),
        by: "bob".into(),
        note: Some("superseded".into()),
    });
    store::save(&path, &theirs).unwrap();

    let mut m = common::meeting(&path, "ann");
    assert!(m.recovery().is_some());
    let r = m.replay().unwrap();
    assert_eq!(r.skipped, 1, "{r:?}");
    // The colleague's settling stands.
    let now = m.plan().decision(&d.id).unwrap();
    assert_eq!(now.status, DecisionStatus::Dropped);
    // Ann's is kept, in a copy of the journal beside the plan, and named on screen.
    let (n, kept) = m.left_out().unwrap();
    assert_eq!(n, 1);
    assert!(kept.starts_with(dir.path()));
    let text = std::fs::read_to_string(kept).unwrap();
    assert!(text.contains("reported"), "{text}");
    let app = ragboard::app::App::new(
        m,
        ragboard::app::Options {
            theme: ragboard::ui::theme::ThemeName::Default,
            today: day("2025-09-30"),
            keymap: ragboard::app::Keymap::default(),
            period: Some("q2".into()),
        },
    );
    let shown = common::screen::text(common::screen::draw(&app, 200, 40).backend().buffer());
    assert!(shown.contains("no longer fit the plan"), "{shown}");
}
