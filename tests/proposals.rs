//! A lead's proposed rating at the meeting (issue 22): agreed (the agreed rating becomes
//! the proposal, audited as agreed) or challenged (another rating, with the board's
//! reason), each undone, redone, saved and replayed after a crash; in the app, one key
//! agrees, another digit challenges, and the filters find what waits and what was
//! challenged.

mod common;

use std::path::Path;

use common::screen::{draw, drawn, screen};
use common::{go, keys, press};
use ragboard::app::App;
use ragboard::app::Overlay;
use ragboard::app::board::Purpose;
use ragboard::crossterm::event::KeyCode;
use ragboard::meeting::{Meeting, MeetingError, Proposed};
use ragboard::model::proposals::{self, Standing};
use ragboard::model::{Proposal, Verdict};
use ragboard::store;

const PERIOD: &str = "01-18";
/// Led by Joe Tynan, Neale Laurie responsible; rated 2 in 01/18 in the shipped plan.
const ITEM: &str = "1.1.7";

fn proposal(m: &Meeting, item: &str, rating: Option<u8>) -> Proposal {
    Proposal {
        item: item.into(),
        period: PERIOD.into(),
        by: "Neale Laurie".into(),
        rating,
        progress: Some("Supervision audit: 80% adequate".into()),
        form: "Neale Laurie.csv".into(),
        collected: m.now(),
        collector: "clerk".into(),
    }
}

fn standing(m: &Meeting, item: &str) -> Standing {
    let p = m.plan().proposal(item, PERIOD).expect("a proposal");
    proposals::standing(p, m.log().map(|(c, _)| c))
}

fn rating(m: &Meeting, item: &str) -> Option<u8> {
    m.plan().action(item).unwrap().rating(PERIOD)
}

/// Open again after the process died, replaying the journal.
fn crash_and_replay(m: Meeting, path: &Path) -> Meeting {
    let user = m.user().to_string();
    drop(m);
    let mut m = common::meeting(path, &user);
    assert!(m.recovery().is_some(), "a journal to replay");
    let r = m.replay().unwrap();
    assert_eq!((r.skipped, r.conflicts), (0, 0), "{r:?}");
    m
}

#[test]
fn a_proposal_agreed_becomes_the_rating_audited_undone_and_replayed() {
    let disk = common::plan_on_disk();
    let mut m = common::meeting(&disk.path, "chair");
    let before = rating(&m, ITEM);
    assert_eq!(before, Some(2));
    let p = proposal(&m, ITEM, Some(3));
    assert_eq!(m.propose(p.clone()).unwrap(), Proposed::New);
    assert_eq!(m.propose(p).unwrap(), Proposed::Already, "recorded once");
    assert_eq!(rating(&m, ITEM), before, "a proposal is not a rating");
    assert_eq!(standing(&m, ITEM), Standing::Proposed);

    let c = m.agree(ITEM, PERIOD).unwrap();
    assert_eq!((c.from, c.to), (Some(2), Some(3)));
    assert_eq!(c.verdict, Some(Verdict::Agreed));
    assert_eq!(c.who, "chair");
    assert_eq!(
        c.note.as_deref(),
        Some("agreed the proposal of Neale Laurie")
    );
    assert_eq!(
        m.plan().action(ITEM).unwrap().progress.as_deref(),
        Some("Supervision audit: 80% adequate"),
        "the lead's progress note becomes the action's"
    );
    assert_eq!(standing(&m, ITEM), Standing::Agreed);

    m.undo().unwrap();
    assert_eq!(rating(&m, ITEM), before);
    assert_eq!(standing(&m, ITEM), Standing::Proposed);
    m.redo().unwrap();
    assert_eq!(standing(&m, ITEM), Standing::Agreed);

    // A crash loses neither the proposal nor the verdict.
    let mut m = crash_and_replay(m, &disk.path);
    assert_eq!(rating(&m, ITEM), Some(3));
    assert_eq!(standing(&m, ITEM), Standing::Agreed);
    m.save().unwrap();
    let saved = store::load(&disk.path).unwrap().plan;
    let last = saved.changes.last().unwrap();
    assert_eq!(
        (last.item.as_str(), last.verdict),
        (ITEM, Some(Verdict::Agreed))
    );
    let p = saved.proposal(ITEM, PERIOD).unwrap();
    assert_eq!(
        proposals::standing(p, saved.changes.iter()),
        Standing::Agreed
    );

    // Undoing it after the save is audited as an undo, and the proposal waits again.
    m.undo().unwrap();
    assert_eq!(standing(&m, ITEM), Standing::Proposed);
}

#[test]
fn a_challenge_needs_the_boards_reason_and_is_recorded_as_one() {
    let disk = common::plan_on_disk();
    let mut m = common::meeting(&disk.path, "chair");
    m.propose(proposal(&m, ITEM, Some(3))).unwrap();
    assert!(matches!(
        m.challenge(ITEM, PERIOD, Some(1), "  "),
        Err(MeetingError::ChallengeNeedsReason)
    ));
    assert_eq!(rating(&m, ITEM), Some(2), "nothing recorded");
    let c = m
        .challenge(
            ITEM,
            PERIOD,
            Some(1),
            "Audit shows supervision is inconsistent",
        )
        .unwrap();
    assert_eq!((c.from, c.to), (Some(2), Some(1)));
    assert_eq!(c.verdict, Some(Verdict::Challenged));
    assert_eq!(
        c.note.as_deref(),
        Some("Audit shows supervision is inconsistent")
    );
    assert_eq!(standing(&m, ITEM), Standing::Challenged);
    // The proposal stays on record beside the board's rating.
    assert_eq!(m.plan().proposal(ITEM, PERIOD).unwrap().rating, Some(3));
    m.undo().unwrap();
    assert_eq!(standing(&m, ITEM), Standing::Proposed);
    m.redo().unwrap();
    let m = crash_and_replay(m, &disk.path);
    assert_eq!(rating(&m, ITEM), Some(1));
    assert_eq!(standing(&m, ITEM), Standing::Challenged);
    // No proposal: nothing to agree or challenge.
    let mut m = m;
    assert!(matches!(
        m.agree("1.1.1", PERIOD),
        Err(MeetingError::NoProposal(_))
    ));
}

/// The app on the shipped plan on disk, with proposals for 1.1.7 (3), 1.1.8 (2) and
/// 3.2.1 (4) collected.
fn app_with_proposals() -> (common::OnDisk, App) {
    let disk = common::plan_on_disk();
    let mut m = common::meeting(&disk.path, "chair");
    for (item, r) in [("1.1.7", 3), ("1.1.8", 2), ("3.2.1", 4)] {
        let p = proposal(&m, item, Some(r));
        m.propose(p).unwrap();
    }
    m.save().unwrap();
    drop(m);
    let app = common::open(&disk.path, "chair");
    (disk, app)
}

fn challenge_form_open(a: &App) -> bool {
    matches!(
        a.views().dialog(),
        Some(Overlay::Form(f)) if matches!(f.purpose, Purpose::Challenge { .. })
    )
}

#[test]
fn in_the_app_one_key_agrees_and_another_digit_challenges() {
    let (_disk, mut a) = app_with_proposals();
    go(&mut a, ITEM);
    let shown = screen(&a, 120, 36);
    assert!(
        shown.contains("proposed 3 by Neale Laurie"),
        "the proposal beside the agreed rating:\n{shown}"
    );
    keys(&mut a, "=");
    assert_eq!(rating(a.meeting(), ITEM), Some(3));
    assert!(
        a.status().unwrap().contains("Agreed 1.1.7"),
        "{:?}",
        a.status()
    );
    assert_eq!(standing(a.meeting(), ITEM), Standing::Agreed);
    // What the app keeps between frames is what the change log says now, and the screen
    // shows it.
    assert_eq!(a.standings().unwrap().get(ITEM), Some(&Standing::Agreed));
    assert!(screen(&a, 120, 36).contains("agreed"));
    keys(&mut a, "z");
    assert_eq!(rating(a.meeting(), ITEM), Some(2));
    assert_eq!(standing(a.meeting(), ITEM), Standing::Proposed);
    assert_eq!(a.standings().unwrap().get(ITEM), Some(&Standing::Proposed));

    // The same level by its digit agrees too.
    keys(&mut a, "3");
    assert_eq!(standing(a.meeting(), ITEM), Standing::Agreed);
    keys(&mut a, "z");

    // Another digit asks for the board's reason; without one nothing is recorded.
    keys(&mut a, "1");
    assert!(challenge_form_open(&a), "{:?}", a.views().dialog());
    assert_eq!(rating(a.meeting(), ITEM), Some(2));
    press(&mut a, KeyCode::Enter);
    assert!(
        challenge_form_open(&a),
        "the form stays open until a reason is given"
    );
    assert!(
        a.status().unwrap().contains("board's reason"),
        "{:?}",
        a.status()
    );
    keys(&mut a, "Audit shows gaps");
    press(&mut a, KeyCode::Enter);
    assert!(!challenge_form_open(&a));
    assert_eq!(rating(a.meeting(), ITEM), Some(1));
    assert_eq!(standing(a.meeting(), ITEM), Standing::Challenged);
    let (last, _) = a.meeting().log().last().unwrap();
    assert_eq!(last.note.as_deref(), Some("Audit shows gaps"));
    // Changing its mind is another verdict: the proposed level agrees, another level is
    // a challenge again, with its own reason.
    keys(&mut a, "2");
    assert!(challenge_form_open(&a));
    press(&mut a, KeyCode::Esc);
    assert_eq!(
        rating(a.meeting(), ITEM),
        Some(1),
        "Esc leaves the cell as it is"
    );
    keys(&mut a, "3");
    assert_eq!(rating(a.meeting(), ITEM), Some(3));
    assert_eq!(standing(a.meeting(), ITEM), Standing::Agreed);
    keys(&mut a, "3");
    assert!(
        a.status().unwrap().contains("agreed already"),
        "{:?}",
        a.status()
    );

    // An action with no proposal: the agree key says why it does nothing.
    go(&mut a, "1.1.1");
    keys(&mut a, "=");
    assert!(
        a.status().unwrap().contains("has no proposed rating"),
        "{:?}",
        a.status()
    );
}

#[test]
fn filters_find_proposals_waiting_challenged_and_missing_updates() {
    let (_disk, mut a) = app_with_proposals();
    go(&mut a, "1.1.8");
    keys(&mut a, "1");
    keys(&mut a, "Not yet");
    press(&mut a, KeyCode::Enter);
    assert_eq!(standing(a.meeting(), "1.1.8"), Standing::Challenged);
    let ids = |a: &App| -> Vec<String> {
        a.find()
            .kept
            .iter()
            .map(|&i| a.agenda()[i].id(a.plan()))
            .collect()
    };
    keys(&mut a, "Fs");
    press(&mut a, KeyCode::Esc);
    assert_eq!(ids(&a), ["1.1.7", "3.2.1"]);
    keys(&mut a, "FsFC");
    press(&mut a, KeyCode::Esc);
    assert_eq!(ids(&a), ["1.1.8"]);
    keys(&mut a, "FCFU");
    press(&mut a, KeyCode::Esc);
    let missing = ids(&a);
    assert_eq!(missing.len(), a.plan().actions().count() - 3);
    assert!(
        !missing
            .iter()
            .any(|i| ["1.1.7", "1.1.8", "3.2.1"].contains(&i.as_str()))
    );
}

#[test]
fn the_detail_and_the_challenge_form_on_screen() {
    let (_disk, mut a) = app_with_proposals();
    go(&mut a, ITEM);
    drawn(&mut a, 120, 36);
    insta::assert_snapshot!("proposal_detail_120x36", draw(&a, 120, 36).backend());
    keys(&mut a, "1");
    drawn(&mut a, 80, 24);
    insta::assert_snapshot!("challenge_form_80x24", draw(&a, 80, 24).backend());
}

#[test]
fn summaries_count_the_boards_ratings_and_say_how_many_are_only_proposed() {
    let plan = store::load(Path::new("tests/fixtures/minutes/proposals.ron"))
        .unwrap()
        .plan;
    let c = ragboard::model::figures::proposal_counts(&plan, "q3", plan.changes.iter());
    assert_eq!(
        (c.proposed, c.agreed, c.challenged, c.waiting, c.actions),
        (3, 1, 1, 1, 4)
    );
    let s = ragboard::model::summary::Summary::build(&plan, None);
    assert_eq!(
        s.proposed,
        [
            "Proposed by leads for Q3: 3 of 4 actions; 1 agreed, 1 challenged, 1 not yet agreed (the figures count the board's ratings, never a proposal)"
        ]
    );
    // Only Q3 has proposals; a summary of Q2 says nothing of them.
    assert!(
        ragboard::model::summary::Summary::build(&plan, Some("q2"))
            .proposed
            .is_empty()
    );
    let missing = ragboard::model::figures::missing_updates(&plan, "q3");
    let words: Vec<String> = missing.iter().map(|m| m.words(&plan.names)).collect();
    assert_eq!(words, ["Dee Ray: 1 of 1 action not updated"]);
}

/// Two clerks collect different forms into their copies: a merge keeps both sets; one
/// taken out on a side since the base (and untouched on the other) stays out.
#[test]
fn proposals_collected_on_two_copies_merge() {
    let base = store::bundled().unwrap();
    let side = |items: &[&str]| {
        let mut m = Meeting::new(base.clone(), "clerk", common::clock());
        for item in items {
            let p = proposal(&m, item, Some(3));
            m.propose(p).unwrap();
        }
        m.plan().clone()
    };
    let shared = side(&["1.1.7"]);
    let ours = side(&["1.1.7", "1.1.8"]);
    let mut theirs = side(&["1.1.7", "3.2.1"]);
    let merged = ragboard::model::merge::merge(Some(&shared), &ours, &theirs);
    let items: Vec<&str> = merged
        .plan
        .proposals
        .iter()
        .map(|p| p.item.as_str())
        .collect();
    assert_eq!(items, ["1.1.7", "1.1.8", "3.2.1"]);
    theirs.proposals.clear();
    let merged = ragboard::model::merge::merge(Some(&shared), &ours, &theirs);
    assert!(merged.plan.proposal("3.2.1", PERIOD).is_none());
    assert!(
        merged.plan.proposal("1.1.7", PERIOD).is_none(),
        "taken out on theirs"
    );
    assert!(
        merged.plan.proposal("1.1.8", PERIOD).is_some(),
        "new on ours"
    );
}

/// One lead's proposal changed differently on two copies is a conflict, listed and named
/// like any other cell: never one side taken silently.
#[test]
fn a_proposal_changed_differently_on_two_copies_is_a_conflict() {
    let base = store::bundled().unwrap();
    let with = |rating: u8| {
        let mut m = Meeting::new(base.clone(), "clerk", common::clock());
        let p = proposal(&m, ITEM, Some(rating));
        m.propose(p).unwrap();
        m.plan().clone()
    };
    let shared = with(3);
    let merged = ragboard::model::merge::merge(Some(&shared), &with(2), &with(4));
    let cells: Vec<&str> = merged.conflicts.iter().map(|c| c.cell.as_str()).collect();
    assert_eq!(
        cells,
        [format!("action {ITEM} proposal {PERIOD} by Neale Laurie")],
        "{:?}",
        merged.conflicts
    );
    // Changed on one side only: that side's, with no conflict.
    let merged = ragboard::model::merge::merge(Some(&shared), &with(2), &shared);
    assert!(merged.conflicts.is_empty());
    assert_eq!(merged.plan.proposal(ITEM, PERIOD).unwrap().rating, Some(2));
}
