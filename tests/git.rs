//! The merge driver and textconv with real `git`: officers rate on their own branches of
//! the shipped plan and git merges their work through `ragboard merge`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use ragboard::model::{Change, Plan};
use ragboard::store;

const BIN: &str = env!("CARGO_BIN_EXE_ragboard");

fn git(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("run git")
}

fn git_ok(dir: &Path, args: &[&str]) -> String {
    let out = git(dir, args);
    assert!(
        out.status.success(),
        "git {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn repo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git_ok(d, &["init", "-q", "-b", "main"]);
    git_ok(d, &["config", "user.name", "Clerk"]);
    git_ok(d, &["config", "user.email", "clerk@example.org"]);
    git_ok(d, &["config", "commit.gpgsign", "false"]);
    // The documented set-up, written by ragboard itself.
    let out = Command::new(BIN)
        .args(["init-git", d.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let attrs = std::fs::read_to_string(d.join(".gitattributes")).unwrap();
    assert_eq!(attrs, "*.ron merge=ragboard diff=ragboard\n");
    // Running it again changes nothing.
    let again = Command::new(BIN)
        .args(["init-git", d.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stdout).contains("already has"));
    assert_eq!(
        std::fs::read_to_string(d.join(".gitattributes")).unwrap(),
        attrs
    );
    let driver = git_ok(d, &["config", "merge.ragboard.driver"]);
    assert!(driver.trim_end().ends_with(" merge %O %A %B"), "{driver}");
    let plan = d.join("plan.ron");
    let shipped = store::load(Path::new("data/csc-development-plan-2017-19.ron"))
        .unwrap()
        .plan;
    std::fs::write(&plan, store::to_canonical(&shipped).unwrap()).unwrap();
    git_ok(d, &["add", "."]);
    git_ok(d, &["commit", "-q", "-m", "shipped plan"]);
    (dir, plan)
}

/// Rate a cell as the meeting would: the rating and a change-log entry with its note.
fn rate(plan: &Path, who: &str, item: &str, period: &str, to: u8, note: &str) {
    let mut p: Plan = store::load(plan).unwrap().plan;
    let action = p.action_mut(item).unwrap();
    let from = action.rating(period);
    action.ratings.insert(period.into(), to);
    p.changes.push(Change {
        who: who.into(),
        when: "2018-03-20T10:00:00Z".parse().unwrap(),
        item: item.into(),
        period: period.into(),
        from,
        to: Some(to),
        note: Some(note.into()),
        progress: None,
        correction: false,
        judgement: false,
    });
    std::fs::write(plan, store::to_canonical(&p).unwrap()).unwrap();
}

/// A note and a new progress update on an action, as the meeting's note form records them.
fn note(plan: &Path, who: &str, item: &str, text: &str, progress: &str) {
    let mut p: Plan = store::load(plan).unwrap().plan;
    let action = p.action_mut(item).unwrap();
    let was = action.progress.replace(progress.into());
    let r = action.rating("03-18");
    p.changes.push(Change {
        who: who.into(),
        when: "2018-03-20T11:00:00Z".parse().unwrap(),
        item: item.into(),
        period: "03-18".into(),
        from: r,
        to: r,
        note: Some(text.into()),
        progress: Some(ragboard::model::ProgressChange {
            from: was,
            to: Some(progress.into()),
        }),
        correction: false,
        judgement: false,
    });
    std::fs::write(plan, store::to_canonical(&p).unwrap()).unwrap();
}

fn commit_on(d: &Path, branch: &str, from: &str, edit: impl FnOnce()) {
    git_ok(d, &["checkout", "-q", "-b", branch, from]);
    edit();
    git_ok(d, &["commit", "-q", "-am", branch]);
}

#[test]
fn two_officers_merge_cleanly_and_a_third_conflicts() {
    let (dir, plan) = repo();
    let d = dir.path();
    // Ann rates 1.1.1 for 03/18; Bob rates 1.1.1 for 05/18 (the same line of RON: a text
    // merge would conflict) and 1.1.2 for 03/18. Both append to the change log.
    // Each also adds a note and a new progress update to a different action.
    commit_on(d, "ann", "main", || {
        rate(&plan, "ann", "1.1.1", "03-18", 4, "Structure signed off");
        note(
            &plan,
            "ann",
            "2.1.1",
            "Hub visit",
            "Strategy agreed in March",
        );
    });
    commit_on(d, "bob", "main", || {
        rate(&plan, "bob", "1.1.1", "05-18", 5, "Can be removed");
        rate(&plan, "bob", "1.1.2", "03-18", 3, "One post vacant again");
        note(
            &plan,
            "bob",
            "2.1.2",
            "Asked for evidence",
            "Audit due in April",
        );
    });
    // Without the driver, git's line merge conflicts on these two branches.
    for (name, rev) in [("b.ron", "main"), ("a.ron", "ann"), ("t.ron", "bob")] {
        std::fs::write(
            d.join(name),
            git_ok(d, &["show", &format!("{rev}:plan.ron")]),
        )
        .unwrap();
    }
    let line_merge = git(d, &["merge-file", "-p", "a.ron", "b.ron", "t.ron"]);
    assert!(
        !line_merge.status.success(),
        "a line merge would have been clean"
    );
    git_ok(d, &["checkout", "-q", "ann"]);
    let merged = git(d, &["merge", "-q", "--no-edit", "bob"]);
    assert!(
        merged.status.success(),
        "{}{}",
        String::from_utf8_lossy(&merged.stdout),
        String::from_utf8_lossy(&merged.stderr)
    );
    let p = store::load(&plan).expect("merged plan loads").plan;
    assert_eq!(p.action("1.1.1").unwrap().rating("03-18"), Some(4));
    assert_eq!(p.action("1.1.1").unwrap().rating("05-18"), Some(5));
    assert_eq!(p.action("1.1.2").unwrap().rating("03-18"), Some(3));
    assert_eq!(
        p.action("2.1.1").unwrap().progress.as_deref(),
        Some("Strategy agreed in March")
    );
    assert_eq!(
        p.action("2.1.2").unwrap().progress.as_deref(),
        Some("Audit due in April")
    );
    // Change logs by union, in time order: ratings at 10:00, notes at 11:00.
    let who: Vec<(&str, &str)> = p
        .changes
        .iter()
        .map(|c| (c.who.as_str(), c.item.as_str()))
        .collect();
    assert_eq!(
        who,
        [
            ("ann", "1.1.1"),
            ("bob", "1.1.1"),
            ("bob", "1.1.2"),
            ("ann", "2.1.1"),
            ("bob", "2.1.2")
        ]
    );
    // The merged file is canonical, as every file ragboard writes.
    assert_eq!(
        std::fs::read_to_string(&plan).unwrap(),
        store::to_canonical(&p).unwrap()
    );

    // Cy rates Ann's cell differently: a conflict, Ann's value kept, git told.
    commit_on(d, "cy", "main", || {
        rate(&plan, "cy", "1.1.1", "03-18", 2, "Not signed off yet")
    });
    git_ok(d, &["checkout", "-q", "ann"]);
    let out = git(d, &["merge", "--no-edit", "cy"]);
    assert!(!out.status.success());
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains(
            "CONFLICT action 1.1.1 rating 03-18: base (absent), ours 4, theirs 2; kept ours"
        ),
        "{text}"
    );
    let status = git_ok(d, &["status", "--porcelain"]);
    assert!(status.contains("UU plan.ron"), "{status}");
    let p = store::load(&plan)
        .expect("conflicted plan still loads")
        .plan;
    assert_eq!(p.action("1.1.1").unwrap().rating("03-18"), Some(4));
    // Cy's log entry is kept beside the others: nothing of theirs is lost.
    assert!(p.changes.iter().any(|c| c.who == "cy"));
}

#[test]
fn git_log_shows_rating_changes_through_textconv() {
    let (dir, plan) = repo();
    let d = dir.path();
    rate(&plan, "ann", "1.1.3", "03-18", 3, "Training done");
    git_ok(d, &["commit", "-q", "-am", "rate"]);
    let log = git_ok(d, &["log", "-p", "-1", "--format="]);
    assert!(
        log.contains("+action 1.1.3 rating RAG 03/18: 3 (On track)"),
        "{log}"
    );
    assert!(
        log.contains(
            "+change 2018-03-20 10:00 ann 1.1.3 03-18: unrated → 3 (On track): Training done"
        ),
        "{log}"
    );
    // difftool: ragboard diff between the two revisions.
    let old = d.join("old.ron");
    std::fs::write(&old, git_ok(d, &["show", "HEAD~1:plan.ron"])).unwrap();
    let out = Command::new(BIN)
        .args(["diff", old.to_str().unwrap(), plan.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("RAG 03/18: unrated → 3 [ann, 2018-03-20 10:00 UTC: Training done]"),
        "{text}"
    );
}

#[test]
fn init_git_outside_a_repository_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("not-a-repo");
    std::fs::create_dir(&d).unwrap();
    let out = Command::new(BIN)
        .args(["init-git", d.to_str().unwrap()])
        // git must not find a repository above the temporary folder.
        .env("GIT_CEILING_DIRECTORIES", dir.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with(&format!(
            "ragboard init-git: {}: not in a git work tree",
            d.display()
        )),
        "{err}"
    );
    assert!(err.contains("nothing written"), "{err}");
    assert!(out.stdout.is_empty());
    assert_eq!(
        std::fs::read_dir(&d).unwrap().count(),
        0,
        "no .gitattributes"
    );
}
