//! Canonical, atomic saving; the shipped plan loads clean and re-saves byte-identically.

use std::fs;
use std::io;
use std::path::Path;

use ragboard::store;

const SHIPPED: &str = "data/csc-development-plan-2017-19.ron";

#[test]
fn shipped_plan_checks_clean_with_every_row() {
    let plan = store::load(Path::new(SHIPPED)).unwrap().plan;
    assert_eq!(plan.priorities.len(), 8);
    let per_priority: Vec<usize> = plan
        .priorities
        .iter()
        .map(|p| p.actions().count())
        .collect();
    // Rows per priority table in the source document.
    assert_eq!(per_priority, [8, 8, 20, 27, 3, 2, 9, 18]);
    assert_eq!(plan.indicator_count(), 21);
    // Every row of the source carries an initial and a 01/18 rating; none later yet.
    for a in plan.actions() {
        assert!(
            a.rating("initial").is_some(),
            "{} has no initial rating",
            a.id
        );
        assert!(a.rating("01-18").is_some(), "{} has no 01/18 rating", a.id);
        assert!(
            a.rating("03-18").is_none() && a.rating("05-18").is_none(),
            "{}",
            a.id
        );
    }
}

#[test]
fn shipped_plan_is_canonical() {
    let original = fs::read_to_string(SHIPPED).unwrap();
    let plan = store::parse(&original, Path::new(SHIPPED)).unwrap();
    assert_eq!(store::to_canonical(&plan).unwrap(), original);
}

#[test]
fn load_save_load_round_trips_and_is_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.ron");
    let plan = store::load(Path::new(SHIPPED)).unwrap().plan;
    store::save(&path, &plan).unwrap();
    let first = fs::read(&path).unwrap();
    let again = store::load(&path).unwrap();
    assert_eq!(again.plan, plan);
    store::save(&path, &again.plan).unwrap();
    assert_eq!(fs::read(&path).unwrap(), first);
}

#[test]
fn a_hand_written_file_becomes_canonical_once() {
    let text = include_str!("fixtures/rag-small.ron");
    let plan = store::parse(text, Path::new("small.ron")).unwrap();
    let canonical = store::to_canonical(&plan).unwrap();
    assert_ne!(canonical, text, "the fixture is hand-formatted");
    let reparsed = store::parse(&canonical, Path::new("small.ron")).unwrap();
    assert_eq!(reparsed, plan);
    assert_eq!(store::to_canonical(&reparsed).unwrap(), canonical);
}

#[test]
fn changing_one_rating_changes_one_line() {
    let original = fs::read_to_string(SHIPPED).unwrap();
    let mut plan = store::parse(&original, Path::new(SHIPPED)).unwrap();
    plan.action_mut("3.2.4").unwrap().ratings.insert("03-18", 3);
    let changed = store::to_canonical(&plan).unwrap();
    let a: Vec<&str> = original.lines().collect();
    let b: Vec<&str> = changed.lines().collect();
    assert_eq!(a.len(), b.len());
    let differing: Vec<(usize, &&str)> =
        b.iter().enumerate().filter(|(i, l)| a[*i] != **l).collect();
    assert_eq!(differing.len(), 1, "{differing:?}");
    assert!(differing[0].1.contains(r#""03-18": 3"#));
}

#[test]
fn interrupted_save_leaves_the_old_file_intact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.ron");
    fs::write(&path, "old contents").unwrap();
    let result = store::write_atomic_with(&path, b"new contents", || {
        Err(io::Error::other("power cut before rename"))
    });
    assert!(result.is_err());
    assert_eq!(fs::read_to_string(&path).unwrap(), "old contents");
    // No temporary file is left behind either.
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["plan.ron"]);
}

#[test]
fn atomic_write_replaces_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.ron");
    fs::write(&path, "old").unwrap();
    store::write_atomic(&path, b"new").unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), "new");
}
