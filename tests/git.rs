//! The merge driver and textconv with real `git`: officers rate on their own branches of
//! the shipped plan and git merges their work through `ragboard merge`; a removal against
//! a rating, a rebase, a RON file that is not a plan, and a clone without the config.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use ragboard::model::{Change, Plan};
use ragboard::store;

const BIN: &str = env!("CARGO_BIN_EXE_ragboard");

/// `PATH` with the ragboard under test first: git finds the driver by name, as it does on
/// a machine where ragboard is installed.
fn path_env() -> std::ffi::OsString {
    let bin = Path::new(BIN).parent().unwrap().to_path_buf();
    let rest = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(&rest))).unwrap()
}

/// A command with the tests' environment: no system or user git config, ragboard on PATH,
/// and a config folder of its own (no user's config.ron names who merges).
fn env<'c>(cmd: &'c mut Command, home: &Path) -> &'c mut Command {
    cmd.env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", home)
        .env("PATH", path_env())
        .env("RAGBOARD_CONFIG_DIR", home.join("no-config"))
        .env("USER", "clerk")
}

fn git(dir: &Path, args: &[&str]) -> Output {
    env(Command::new("git").current_dir(dir).args(args), dir)
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

/// `ragboard ARGS` in `dir`, as a user there runs it: exit code, stdout, stderr.
fn ragboard(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = env(Command::new(BIN).current_dir(dir).args(args), dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Both of git's outputs, for messages.
fn said(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn repo() -> (tempfile::TempDir, PathBuf) {
    repo_named("plan.ron")
}

/// A repository set up by `ragboard init-git`, holding the shipped plan as `name`.
fn repo_named(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git_ok(d, &["init", "-q", "-b", "main"]);
    git_ok(d, &["config", "user.name", "Clerk"]);
    git_ok(d, &["config", "user.email", "clerk@example.org"]);
    git_ok(d, &["config", "commit.gpgsign", "false"]);
    // The documented set-up, written by ragboard itself.
    let (code, out, err) = ragboard(d, &["init-git"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("not on PATH"), "{out}");
    let attrs = std::fs::read_to_string(d.join(".gitattributes")).unwrap();
    assert_eq!(attrs, "*.ron merge=ragboard diff=ragboard\n");
    // Running it again changes nothing.
    let (code, again, _) = ragboard(d, &["init-git"]);
    assert_eq!(code, 0);
    assert!(again.contains("already has"));
    assert_eq!(
        std::fs::read_to_string(d.join(".gitattributes")).unwrap(),
        attrs
    );
    // The driver is found on PATH, not by this machine's path to it, and told the plan's
    // own name (%P).
    let driver = git_ok(d, &["config", "merge.ragboard.driver"]);
    assert_eq!(driver.trim_end(), "ragboard merge %O %A %B %P");
    let textconv = git_ok(d, &["config", "diff.ragboard.textconv"]);
    assert_eq!(textconv.trim_end(), "ragboard cells --or-text");
    let plan = d.join(name);
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
    action.ratings.insert(period, to);
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
        verdict: None,
        undo: false,
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
        verdict: None,
        undo: false,
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
    let text = said(&out);
    assert!(
        text.contains(
            "CONFLICT action 1.1.1 rating 03-18: base not rated, ours 4 (Completed, sustained), \
             theirs 2 (Started, some delay); kept ours"
        ),
        "{text}"
    );
    // Said of the plan by its name, never git's temporary file.
    assert!(text.contains("1 conflict in plan.ron"), "{text}");
    assert!(!text.contains(".merge_file"), "{text}");
    let status = git_ok(d, &["status", "--porcelain"]);
    assert!(status.contains("UU plan.ron"), "{status}");
    let p = store::load(&plan)
        .expect("conflicted plan still loads")
        .plan;
    assert_eq!(p.action("1.1.1").unwrap().rating("03-18"), Some(4));
    // Cy's log entry is kept beside the others: nothing of theirs is lost. The log's last
    // word on the cell is what it holds: an entry of the merge's own says why.
    assert!(p.changes.iter().any(|c| c.who == "cy"));
    let last = p
        .changes
        .iter()
        .rfind(|c| c.item == "1.1.1" && c.period == "03-18")
        .unwrap();
    assert_eq!(
        (last.from, last.to, last.who.as_str()),
        (Some(2), Some(4), "clerk")
    );
    // The conflict cannot be settled silently: recorded beside the plan, listed by check
    // (which fails) until settled.
    assert!(d.join("plan.ron.conflicts").exists());
    let (code, out, _) = ragboard(d, &["check", "plan.ron"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("plan.ron.conflicts: 1 conflict from a merge not yet settled"),
        "{out}"
    );
    assert!(out.contains("CONFLICT action 1.1.1 rating 03-18"), "{out}");
    let (code, out, err) = ragboard(d, &["settle", "plan.ron", "action 1.1.1 rating 03-18"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("settled: action 1.1.1 rating 03-18"), "{out}");
    assert!(!d.join("plan.ron.conflicts").exists());
    let (code, out, _) = ragboard(d, &["check", "plan.ron"]);
    assert_eq!(code, 0, "{out}");
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
    let (code, text, _) = ragboard(d, &["diff", old.to_str().unwrap(), plan.to_str().unwrap()]);
    assert_eq!(code, 1);
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

/// Remove an action from the plan, with the entries its change log has for it, as an
/// officer editing the file would.
fn remove(plan: &Path, item: &str) {
    let mut p: Plan = store::load(plan).unwrap().plan;
    for pr in p.priorities_mut() {
        for ob in &mut pr.objectives {
            ob.actions.retain(|a| a.id != item);
        }
    }
    p.changes.retain(|c| c.item != item);
    std::fs::write(plan, store::to_canonical(&p).unwrap()).unwrap();
}

#[test]
fn removing_an_action_against_a_rating_keeps_the_rated_action() {
    // A name git must quote to pass it as %P.
    let (dir, plan) = repo_named("board plan.ron");
    let d = dir.path();
    commit_on(d, "clerk", "main", || remove(&plan, "8.1.18"));
    commit_on(d, "ann", "main", || {
        rate(&plan, "ann", "8.1.18", "03-18", 3, "Framework agreed")
    });
    git_ok(d, &["checkout", "-q", "clerk"]);
    let out = git(d, &["merge", "--no-edit", "ann"]);
    assert!(!out.status.success());
    let text = said(&out);
    assert!(
        text.contains(
            "CONFLICT action 8.1.18: base present, ours removed, theirs changed; kept theirs"
        ),
        "{text}"
    );
    assert!(text.contains("1 conflict in board plan.ron"), "{text}");
    assert!(
        !text.contains(".merge_file") && !text.contains("Some("),
        "{text}"
    );
    let status = git_ok(d, &["status", "--porcelain"]);
    assert!(status.contains("UU \"board plan.ron\""), "{status}");
    // The rated action is in the working tree, with Ann's rating and her log entry.
    let p = store::load(&plan).expect("the merged plan loads").plan;
    assert_eq!(p.action("8.1.18").unwrap().rating("03-18"), Some(3));
    assert!(
        p.changes
            .iter()
            .any(|c| c.item == "8.1.18" && c.who == "ann")
    );
    assert!(d.join("board plan.ron.conflicts").exists());
    let (code, out, _) = ragboard(d, &["check", "board plan.ron"]);
    assert_eq!(code, 1);
    assert!(out.contains("CONFLICT action 8.1.18"), "{out}");
    // The other way round: Ann's branch merging the removal keeps her action too.
    git_ok(d, &["merge", "--abort"]);
    git_ok(d, &["checkout", "-q", "ann"]);
    let out = git(d, &["merge", "--no-edit", "clerk"]);
    assert!(!out.status.success());
    assert!(
        said(&out).contains(
            "CONFLICT action 8.1.18: base present, ours changed, theirs removed; kept ours"
        ),
        "{}",
        said(&out)
    );
    let p = store::load(&plan).unwrap().plan;
    assert_eq!(p.action("8.1.18").unwrap().rating("03-18"), Some(3));
}

#[test]
fn a_rebase_says_whose_side_is_whose_and_prefer_theirs_keeps_your_own_ratings() {
    let (dir, plan) = repo();
    let d = dir.path();
    commit_on(d, "ann", "main", || {
        rate(&plan, "ann", "1.1.1", "03-18", 4, "Signed off")
    });
    git_ok(d, &["checkout", "-q", "main"]);
    rate(&plan, "bob", "1.1.1", "03-18", 2, "Not yet");
    git_ok(d, &["commit", "-q", "-am", "bob"]);
    // Ann rebases her work onto main: "ours" is main (Bob's 2), "theirs" her own 4.
    git_ok(d, &["checkout", "-q", "ann"]);
    let out = git(d, &["rebase", "main"]);
    assert!(!out.status.success());
    let text = said(&out);
    assert!(
        text.contains("in a rebase, \"ours\" is the branch being rebased onto"),
        "{text}"
    );
    let cell = |p: &Path| {
        store::load(p)
            .unwrap()
            .plan
            .action("1.1.1")
            .unwrap()
            .rating("03-18")
    };
    assert_eq!(cell(&plan), Some(2), "ours, as git names it in a rebase");
    git_ok(d, &["rebase", "--abort"]);
    // As the docs say: the rebase with --prefer theirs keeps her own value and goes on.
    let out = git(
        d,
        &[
            "-c",
            "merge.ragboard.driver=ragboard merge --prefer theirs %O %A %B %P",
            "rebase",
            "main",
        ],
    );
    assert!(out.status.success(), "{}", said(&out));
    assert_eq!(cell(&plan), Some(4));
    let log = git_ok(d, &["log", "--format=%s"]);
    assert_eq!(
        log.lines().collect::<Vec<_>>(),
        ["ann", "bob", "shipped plan"]
    );
    // Decided by a rule, and still listed for the board to review until settled.
    let (code, out, _) = ragboard(d, &["check", "plan.ron"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("kept theirs (--prefer theirs)"), "{out}");
    let (code, _, err) = ragboard(d, &["settle", "plan.ron", "--all"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(ragboard(d, &["check", "plan.ron"]).0, 0);
}

#[test]
fn a_ron_file_that_is_not_a_plan_merges_and_diffs_as_text() {
    let (dir, _plan) = repo();
    let d = dir.path();
    let keys = d.join("keys.ron");
    let lines = [
        "(",
        "  quit: [\"q\"],",
        "  help: [\"?\"],",
        "  next: [\"j\"],",
        ")",
    ];
    let write = |edit: &dyn Fn(&mut Vec<String>)| {
        let mut l: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
        edit(&mut l);
        std::fs::write(&keys, l.join("\n") + "\n").unwrap();
    };
    write(&|_| {});
    git_ok(d, &["add", "keys.ron"]);
    git_ok(d, &["commit", "-q", "-m", "keys"]);
    // Two edits on different lines: git's own text merge, through the driver, is clean.
    commit_on(d, "a", "main", || {
        write(&|l| l[1] = "  quit: [\"x\"],".into())
    });
    commit_on(d, "b", "main", || {
        write(&|l| l[3] = "  next: [\"n\"],".into())
    });
    git_ok(d, &["checkout", "-q", "a"]);
    let out = git(d, &["merge", "-q", "--no-edit", "b"]);
    assert!(out.status.success(), "{}", said(&out));
    let merged = std::fs::read_to_string(&keys).unwrap();
    assert!(merged.contains("quit: [\"x\"]") && merged.contains("next: [\"n\"]"));
    // The same line both ways: git's conflict markers, both sides' text kept.
    commit_on(d, "c", "main", || {
        write(&|l| l[1] = "  quit: [\"z\"],".into())
    });
    git_ok(d, &["checkout", "-q", "a"]);
    let out = git(d, &["merge", "--no-edit", "c"]);
    assert!(!out.status.success());
    assert!(
        said(&out).contains("keys.ron: not a plan: merged line by line by `git merge-file`"),
        "{}",
        said(&out)
    );
    let marked = std::fs::read_to_string(&keys).unwrap();
    assert!(marked.contains("<<<<<<< keys.ron (ours)"), "{marked}");
    assert!(marked.contains("quit: [\"x\"]") && marked.contains("quit: [\"z\"]"));
    git_ok(d, &["merge", "--abort"]);
    // git diff shows it as text through the textconv, and sees the change.
    write(&|l| l[2] = "  help: [\"h\"],".into());
    let diff = git_ok(d, &["diff"]);
    assert!(diff.contains("+  help: [\"h\"],"), "{diff}");
    assert_eq!(git(d, &["diff", "--quiet"]).status.code(), Some(1));
    git_ok(d, &["checkout", "keys.ron"]);
    // init-git, run again, names it in .gitattributes as not a plan.
    let (code, out, err) = ragboard(d, &["init-git"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("added \"/keys.ron !merge !diff\""), "{out}");
    let attrs = std::fs::read_to_string(d.join(".gitattributes")).unwrap();
    assert_eq!(
        attrs,
        "*.ron merge=ragboard diff=ragboard\n/keys.ron !merge !diff\n"
    );
    let merge = git_ok(d, &["check-attr", "merge", "--", "keys.ron", "plan.ron"]);
    assert_eq!(
        merge,
        "keys.ron: merge: unspecified\nplan.ron: merge: ragboard\n"
    );
}

#[test]
fn a_clone_without_the_config_is_told_how_to_set_it_up() {
    let (dir, _plan) = repo();
    let other = tempfile::tempdir().unwrap();
    let clone = other.path().join("clone");
    git_ok(
        other.path(),
        &["clone", "-q", dir.path().to_str().unwrap(), "clone"],
    );
    // The clone has .gitattributes but no driver config: check says so, and how.
    let (code, out, _) = ragboard(&clone, &["check", "plan.ron"]);
    assert_eq!(code, 0, "advice, not a fault: {out}");
    assert!(
        out.contains(
            "plan.ron: .gitattributes asks git to merge and diff this plan with ragboard, but \
             this clone has no merge.ragboard.driver or diff.ragboard.textconv"
        ),
        "{out}"
    );
    assert!(out.contains("run `ragboard init-git`"), "{out}");
    assert_eq!(
        store::git::setup_hint(&clone.join("plan.ron")).as_deref(),
        out.lines()
            .nth(1)
            .and_then(|l| l.strip_prefix("plan.ron: "))
    );
    // A linked work tree of the clone (its `.git` is a file) is told too.
    git_ok(&clone, &["worktree", "add", "-q", "../linked"]);
    let (_, out, _) = ragboard(&other.path().join("linked"), &["check", "plan.ron"]);
    assert!(out.contains("run `ragboard init-git`"), "{out}");
    let (code, _, err) = ragboard(&clone, &["init-git"]);
    assert_eq!(code, 0, "{err}");
    let (code, out, _) = ragboard(&clone, &["check", "plan.ron"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 1, "{out}");
    // This test's own process has no ragboard on PATH (unless the machine has one): the
    // driver git would run cannot be found, and that is said too.
    let hint = store::git::setup_hint(&clone.join("plan.ron"));
    if store::git::runnable("ragboard") {
        assert_eq!(hint, None);
    } else {
        assert!(
            hint.as_deref()
                .is_some_and(|h| h.contains("runs `ragboard`, which cannot be found")),
            "{hint:?}"
        );
    }
}

#[test]
fn a_change_to_a_success_measure_shows_in_git_diff() {
    let (dir, plan) = repo();
    let d = dir.path();
    let mut p: Plan = store::load(&plan).unwrap().plan;
    p.action_mut("1.1.3").unwrap().measures[0] = "Signs of Safety embedded".into();
    std::fs::write(&plan, store::to_canonical(&p).unwrap()).unwrap();
    assert_eq!(git(d, &["diff", "--quiet"]).status.code(), Some(1));
    let diff = git_ok(d, &["diff"]);
    assert!(
        diff.contains("+action 1.1.3 measure 1: Signs of Safety embedded"),
        "{diff}"
    );
}
