//! `ragboard rate` and `ragboard note` (issue 20.4), the real binary: one change recorded
//! through the meeting's lock, journal, evidence rule and save; exit 0 recorded, 1 refused,
//! 2 error; nothing left behind when nothing is recorded.

mod common;

use std::path::Path;
use std::process::Command;

use ragboard::store;

/// Run `ragboard ARGS` in `dir`, with an empty config folder: exit code, stdout, stderr.
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ragboard"))
        .args(args)
        .current_dir(dir)
        .env("RAGBOARD_CONFIG_DIR", dir.join("no-config"))
        .output()
        .expect("run ragboard");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// What is in the plan's folder besides the plan: a journal, a lock, a temporary file.
fn leftovers(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "plan.ron")
        .collect();
    names.sort();
    names
}

const DAY: &str = "2018-02-01";

/// `ragboard rate plan.ron ARGS` in `dir`, on the meeting's day unless ARGS give another.
fn rate(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["rate", "plan.ron"];
    all.extend_from_slice(args);
    if !args.contains(&"--date") {
        all.extend_from_slice(&["--date", DAY]);
    }
    run(dir, &all)
}

/// Bob rates 1.1.2 at 3 in the meeting's period: exit code and stderr.
fn bob_rates(dir: &Path) -> (i32, String) {
    let (code, _, err) = rate(dir, &["1.1.2", "3", "--user", "bob"]);
    (code, err)
}

/// The plan and its journal are as they were.
fn untouched(disk: &common::OnDisk, plan: &[u8], journal: &[u8]) {
    assert_eq!(std::fs::read(&disk.path).unwrap(), plan, "the plan");
    assert_eq!(
        std::fs::read(disk.dir.path().join("plan.ron.journal")).unwrap(),
        journal,
        "the journal"
    );
}

#[test]
fn a_rating_is_saved_with_who_when_and_why_in_the_change_log() {
    let disk = common::plan_on_disk();
    let before = chrono::Utc::now() - chrono::Duration::seconds(1);
    let (code, out, err) = rate(
        disk.dir.path(),
        &[
            "1.1.1",
            "2",
            "--user",
            "ann",
            "--note",
            "the structure slipped",
        ],
    );
    let after = chrono::Utc::now() + chrono::Duration::seconds(1);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "plan.ron: 1.1.1 in RAG 01/18: 4 Completed, sustained → 2 Started, some delay (by ann); saved\n"
    );
    assert_eq!(err, "");
    let plan = store::load(&disk.path).unwrap().plan;
    assert_eq!(plan.action("1.1.1").unwrap().rating("01-18"), Some(2));
    let c = plan.changes.last().expect("a change log entry");
    assert_eq!(
        (c.who.as_str(), c.item.as_str(), c.period.as_str()),
        ("ann", "1.1.1", "01-18")
    );
    assert_eq!((c.from, c.to), (Some(4), Some(2)));
    assert_eq!(c.note.as_deref(), Some("the structure slipped"));
    assert!(!c.correction);
    assert!(before <= c.when && c.when <= after, "when: {}", c.when);
    assert!(
        leftovers(disk.dir.path()).is_empty(),
        "no journal, lock or temporary file left: {:?}",
        leftovers(disk.dir.path())
    );
    // Saved canonically: the plan checks, and only the cell and the log changed.
    let text = std::fs::read_to_string(&disk.path).unwrap();
    assert_eq!(store::to_canonical(&plan).unwrap(), text);
}

#[test]
fn a_value_is_a_digit_label_or_name_in_any_case_and_clear_clears() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.ron");
    std::fs::copy("tests/fixtures/rag-small.ron", &path).unwrap();
    let day = "2025-09-01";
    for (value, want) in [("green", 3), ("a", 2), ("R", 1), ("3", 3)] {
        let (code, out, err) = rate(
            dir.path(),
            &["1.1.2", value, "--date", day, "--user", "bob"],
        );
        assert_eq!(code, 0, "{value}: {err}");
        let plan = store::load(&path).unwrap().plan;
        assert_eq!(
            plan.action("1.1.2").unwrap().rating("q2"),
            Some(want),
            "{value}: {out}"
        );
    }
    let (code, out, err) = rate(
        dir.path(),
        &["1.1.2", "--clear", "--date", day, "--user", "bob"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("G Green → not rated"), "{out}");
    let plan = store::load(&path).unwrap().plan;
    assert_eq!(plan.action("1.1.2").unwrap().rating("q2"), None);
    // Rating a cell with what it holds changes nothing and says so.
    let (code, out, _) = rate(dir.path(), &["1.1.1", "G", "--date", day, "--user", "bob"]);
    assert_eq!(code, 0);
    assert!(out.contains("nothing to change"), "{out}");
}

#[test]
fn a_level_that_needs_evidence_is_refused_without_a_note() {
    let disk = common::plan_on_disk();
    let original = std::fs::read(&disk.path).unwrap();
    let (code, out, err) = rate(disk.dir.path(), &["1.1.5", "4", "--user", "ann"]);
    assert_eq!(code, 1, "refused: {out}{err}");
    assert_eq!(
        err,
        "plan.ron: level 4 (Completed, sustained) needs a note as evidence: nothing recorded; say what shows it with --note\n"
    );
    assert_eq!(std::fs::read(&disk.path).unwrap(), original, "untouched");
    assert!(leftovers(disk.dir.path()).is_empty());
    // With the note, it is recorded.
    let (code, _, err) = rate(
        disk.dir.path(),
        &[
            "1.1.5",
            "completed, SUSTAINED",
            "--user",
            "ann",
            "--note",
            "audit report, Jan",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(common::on_disk(&disk.path, "1.1.5"), Some(4));
}

/// Ann opens the plan and rates 1.1.1 at 3, unsaved: her meeting, the plan and her
/// journal as they are on disk.
fn ann_rates(disk: &common::OnDisk) -> (ragboard::meeting::Meeting, Vec<u8>, Vec<u8>) {
    let original = std::fs::read(&disk.path).unwrap();
    let mut ann = common::meeting(&disk.path, "ann");
    ann.rate("1.1.1", "01-18", Some(3), None, None).unwrap();
    let journal = std::fs::read(disk.dir.path().join("plan.ron.journal")).unwrap();
    (ann, original, journal)
}

/// Bob's rating is refused (exit 1) saying each of `says`; the plan and the journal are
/// left as they were.
fn bob_is_refused(disk: &common::OnDisk, says: &[&str], plan: &[u8], journal: &[u8]) {
    let (code, err) = bob_rates(disk.dir.path());
    assert_eq!(code, 1, "{err}");
    for s in says {
        assert!(err.contains(s), "{s}: {err}");
    }
    untouched(disk, plan, journal);
}

#[test]
fn a_plan_open_in_a_meeting_is_refused_naming_who_has_it() {
    let disk = common::plan_on_disk();
    // Ann has the plan open in this process (the lock is the operating system's).
    let (mut ann, original, journal) = ann_rates(&disk);
    bob_is_refused(
        &disk,
        &[
            "plan.ron: the plan is open in a meeting (by ann on ",
            "nothing recorded; record it there, or again once it is closed",
        ],
        &original,
        &journal,
    );
    // Once she saves and closes, the same command goes through.
    ann.save().unwrap();
    ann.close().unwrap();
    drop(ann);
    let (code, err) = bob_rates(disk.dir.path());
    assert_eq!(code, 0, "{err}");
    assert_eq!(common::on_disk(&disk.path, "1.1.1"), Some(3));
    assert_eq!(common::on_disk(&disk.path, "1.1.2"), Some(3));
}

#[test]
fn an_earlier_sessions_unsaved_journal_is_refused_and_kept() {
    let disk = common::plan_on_disk();
    // A meeting that ended without saving (a crash): its journal stays, and is kept as it
    // was for the meeting view to replay.
    let (ann, original, journal) = ann_rates(&disk);
    drop(ann);
    bob_is_refused(
        &disk,
        &[
            "plan.ron.journal: an earlier session's unsaved changes wait here (1 change, from ann on ",
            "open the plan in ragboard to replay them",
        ],
        &original,
        &journal,
    );
}

#[test]
fn an_unknown_item_or_one_not_rated_by_hand_is_an_error() {
    let disk = common::plan_on_disk();
    let (code, _, err) = rate(disk.dir.path(), &["9.9.9", "3"]);
    assert_eq!(code, 2);
    assert_eq!(err, "plan.ron: no item \"9.9.9\" in the plan\n");
    let (code, _, err) = rate(disk.dir.path(), &["1.1", "3"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("1.1 is an objective, not an action: only actions are rated"),
        "{err}"
    );
    assert!(leftovers(disk.dir.path()).is_empty());
}

#[test]
fn a_value_off_the_scale_is_an_error_that_lists_the_scale() {
    let disk = common::plan_on_disk();
    let original = std::fs::read(&disk.path).unwrap();
    let (code, _, err) = rate(disk.dir.path(), &["1.1.1", "Green"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "plan.ron: \"Green\" is not on the plan's scale: expected one of 1 (Not started / \
         significant delay), 2 (Started, some delay), 3 (On track), 4 (Completed, sustained), \
         5 (Completed, can be removed)\n"
    );
    let (code, _, err) = rate(disk.dir.path(), &["1.1.1", "0"]);
    assert_eq!(code, 2);
    assert!(err.contains("use --clear"), "{err}");
    assert_eq!(std::fs::read(&disk.path).unwrap(), original);
}

#[test]
fn a_read_only_file_is_an_error_and_left_alone() {
    use std::os::unix::fs::PermissionsExt;
    let disk = common::plan_on_disk();
    std::fs::set_permissions(&disk.path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let original = std::fs::read(&disk.path).unwrap();
    let (code, _, err) = rate(disk.dir.path(), &["1.1.1", "3"]);
    assert_eq!(code, 2);
    assert_eq!(err, "plan.ron: the file is read-only: nothing recorded\n");
    assert_eq!(std::fs::read(&disk.path).unwrap(), original);
    assert!(leftovers(disk.dir.path()).is_empty());
    // A file that is not there, or not a plan, is an error too.
    let (code, _, err) = run(
        disk.dir.path(),
        &["rate", "nope.ron", "1.1.1", "3", "--date", DAY],
    );
    assert_eq!(code, 2);
    assert!(err.starts_with("nope.ron: cannot read the file"), "{err}");
}

#[test]
fn the_period_is_the_meetings_by_date_and_a_past_one_needs_a_correction() {
    let disk = common::plan_on_disk();
    let dir = disk.dir.path();
    // No period holds the date: say so, and how to go on.
    let (code, _, err) = rate(dir, &["1.1.1", "3", "--date", "2026-05-01"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no period of the plan holds 2026-05-01: name one with --period (initial, 01-18, 03-18, 05-18)"),
        "{err}"
    );
    // A past period is changed only by a correction, with a reason.
    let (code, _, err) = rate(dir, &["1.1.1", "3", "--period", "initial"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("RAG initial is a past period") && err.contains("--correction"),
        "{err}"
    );
    let (code, _, err) = rate(dir, &["1.1.1", "3", "--period", "initial", "--correction"]);
    assert_eq!(code, 1);
    assert!(err.contains("a correction needs a reason"), "{err}");
    let (code, out, err) = rate(
        dir,
        &[
            "1.1.1",
            "3",
            "--period",
            "RAG initial",
            "--correction",
            "--note",
            "mistyped in the source",
            "--user",
            "cy",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("(a correction)"), "{out}");
    let plan = store::load(&disk.path).unwrap().plan;
    assert_eq!(plan.action("1.1.1").unwrap().rating("initial"), Some(3));
    let c = plan.changes.last().unwrap();
    assert!(c.correction && c.note.as_deref() == Some("mistyped in the source"));
    // The next period by its label, in any case.
    let (code, _, err) = rate(dir, &["1.1.1", "2", "--period", "rag 03/18"]);
    assert_eq!(code, 0, "{err}");
    let plan = store::load(&disk.path).unwrap().plan;
    assert_eq!(plan.action("1.1.1").unwrap().rating("03-18"), Some(2));
}

#[test]
fn note_records_a_progress_update_without_a_rating() {
    let disk = common::plan_on_disk();
    let (code, out, err) = run(
        disk.dir.path(),
        &[
            "note",
            "plan.ron",
            "1.1.1",
            "--date",
            DAY,
            "--user",
            "ann",
            "--progress",
            "Structure approved by cabinet",
            "--note",
            "from the lead's return",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "plan.ron: 1.1.1 in RAG 01/18: a note (4 Completed, sustained stays), progress updated (by ann); saved\n"
    );
    let plan = store::load(&disk.path).unwrap().plan;
    let a = plan.action("1.1.1").unwrap();
    assert_eq!(a.progress.as_deref(), Some("Structure approved by cabinet"));
    assert_eq!(a.rating("01-18"), Some(4));
    let c = plan.changes.last().unwrap();
    assert_eq!((c.from, c.to), (Some(4), Some(4)));
    assert_eq!(
        c.progress.as_ref().and_then(|p| p.to.as_deref()),
        Some("Structure approved by cabinet")
    );
    // Neither a note nor progress: clap says what is missing (2).
    let (code, _, err) = run(disk.dir.path(), &["note", "plan.ron", "1.1.1"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--note") && err.contains("--progress"),
        "{err}"
    );
}
