//! An output path (`-o`, a merge's result) never destroys a file the command reads, by any
//! name (the same path, `./`, a hard link, a symlink), nor a plan open in a meeting; and
//! `import -o` never replaces an existing file. Each refusal names the file, exits 1 (2 for
//! merge, as git expects) and writes nothing.

mod common;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::tmux::Tmux;

const SMALL: &str = "tests/fixtures/rag-small.ron";

/// `ragboard ARGS` in `dir`: exit code, stdout, stderr.
fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ragboard"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A folder with the small plan as p.ron, a hard link h.ron and a symlink s.ron to it.
fn plan_with_names() -> (tempfile::TempDir, PathBuf, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("p.ron");
    std::fs::copy(SMALL, &plan).unwrap();
    std::fs::hard_link(&plan, dir.path().join("h.ron")).unwrap();
    std::os::unix::fs::symlink("p.ron", dir.path().join("s.ron")).unwrap();
    let bytes = std::fs::read(&plan).unwrap();
    (dir, plan, bytes)
}

#[test]
fn report_and_export_never_write_over_their_plan() {
    let (dir, plan, bytes) = plan_with_names();
    let d = dir.path();
    let commands: [&[&str]; 5] = [
        &["report", "p.ron", "--period", "q2", "--date", "2025-10-01"],
        &["report", "p.ron", "--format", "html", "--period", "q2"],
        &["export", "p.ron", "--format", "json"],
        &["export", "p.ron", "--format", "csv"],
        &["export", "s.ron", "--format", "json"],
    ];
    for cmd in commands {
        for out in ["p.ron", "./p.ron", "h.ron", "s.ron"] {
            let mut args = cmd.to_vec();
            args.extend(["-o", out]);
            let (code, stdout, err) = run_in(d, &args);
            assert_eq!(code, 1, "{args:?}: {err}");
            assert!(stdout.is_empty(), "{args:?}: {stdout}");
            assert!(err.starts_with(&format!("{out}: ")), "{args:?}: {err}");
            assert!(err.contains("refused"), "{args:?}: {err}");
            assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
            assert_eq!(std::fs::read(&plan).unwrap(), bytes, "{args:?}");
            assert!(
                std::fs::symlink_metadata(d.join("s.ron"))
                    .unwrap()
                    .file_type()
                    .is_symlink()
            );
        }
    }
    // Another file is written, and written again (a report is replaced, as before).
    for _ in 0..2 {
        let (code, _, err) = run_in(d, &["report", "p.ron", "--period", "q2", "-o", "r.md"]);
        assert_eq!(code, 0, "{err}");
    }
    assert!(
        std::fs::read_to_string(d.join("r.md"))
            .unwrap()
            .contains("Small test plan")
    );
}

#[test]
fn import_never_writes_over_its_inputs_or_any_file() {
    let (dir, plan, bytes) = plan_with_names();
    let d = dir.path();
    let csv = "Priority,Action\nBe healthy,Open a clinic\n";
    std::fs::write(d.join("in.csv"), csv).unwrap();
    for (args, says) in [
        (
            &["import", "in.csv", "-o", "in.csv"][..],
            "in.csv: is the input file itself",
        ),
        (
            &["import", "in.csv", "--frame", "p.ron", "-o", "h.ron"],
            "h.ron: is the same file as the input p.ron",
        ),
        (
            &["import", "in.csv", "-o", "p.ron"],
            "p.ron: exists already",
        ),
    ] {
        let (code, _, err) = run_in(d, args);
        assert_eq!(code, 1, "{args:?}: {err}");
        assert!(err.starts_with(says), "{args:?}: {err}");
    }
    assert_eq!(std::fs::read(&plan).unwrap(), bytes);
    assert_eq!(std::fs::read_to_string(d.join("in.csv")).unwrap(), csv);
    let (code, _, err) = run_in(d, &["import", "in.csv", "-o", "new.ron"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run_in(d, &["check", "new.ron"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn merge_never_writes_over_base_or_theirs() {
    let (dir, _, bytes) = plan_with_names();
    let d = dir.path();
    std::fs::copy(SMALL, d.join("base.ron")).unwrap();
    std::fs::copy(SMALL, d.join("theirs.ron")).unwrap();
    std::fs::hard_link(d.join("theirs.ron"), d.join("t2.ron")).unwrap();
    for out in ["base.ron", "theirs.ron", "t2.ron"] {
        let (code, _, err) = run_in(d, &["merge", "base.ron", "p.ron", "theirs.ron", "-o", out]);
        assert_eq!(code, 2, "{out}: {err}");
        assert!(err.starts_with(&format!("{out}: ")), "{err}");
        assert!(err.contains("refused"), "{err}");
    }
    for f in ["base.ron", "theirs.ron", "p.ron"] {
        assert_eq!(std::fs::read(d.join(f)).unwrap(), bytes, "{f}");
    }
    // Over OURS (by any name) is what git asks for.
    let (code, _, err) = run_in(
        d,
        &["merge", "base.ron", "p.ron", "theirs.ron", "-o", "h.ron"],
    );
    assert_eq!(code, 0, "{err}");
}

/// The meeting's writer holds an exclusive lock on the plan file: every name of it is then
/// refused as an output, by every command that writes.
#[test]
fn a_plan_locked_by_a_meeting_is_never_an_output() {
    let (dir, plan, bytes) = plan_with_names();
    let d = dir.path();
    std::fs::copy(SMALL, d.join("other.ron")).unwrap();
    std::fs::write(d.join("in.csv"), "Priority,Action\nA,B\n").unwrap();
    let held = File::open(&plan).unwrap();
    held.lock().unwrap();
    for out in ["p.ron", "h.ron", "s.ron"] {
        let commands: [(&[&str], i32); 5] = [
            (&["report", "other.ron", "-o", out], 1),
            (&["export", "other.ron", "--format", "json", "-o", out], 1),
            (&["gen", "--actions", "3", "-o", out], 1),
            (
                &["merge", "other.ron", "other.ron", "other.ron", "-o", out],
                2,
            ),
            (&["fmt", out], 1),
        ];
        for (args, want) in commands {
            let (code, _, err) = run_in(d, args);
            assert_eq!(code, want, "{args:?}: {err}");
            assert!(
                err.contains(&format!("{out}: the plan is open in a meeting")),
                "{args:?}: {err}"
            );
            assert_eq!(std::fs::read(&plan).unwrap(), bytes, "{args:?}");
        }
    }
    drop(held);
    let (code, _, err) = run_in(d, &["gen", "--actions", "3", "-o", "h.ron"]);
    assert_eq!(code, 0, "unlocked, a plan may be regenerated: {err}");
}

/// The same with the real meeting view holding the plan, in a terminal.
#[test]
fn a_plan_open_in_the_meeting_view_is_never_an_output() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let plan = d.join("p.ron");
    std::fs::copy("data/csc-development-plan-2017-19.ron", &plan).unwrap();
    std::fs::copy(SMALL, d.join("other.ron")).unwrap();
    let bytes = std::fs::read(&plan).unwrap();
    let tmux = Tmux::new("output");
    tmux.start(
        d,
        &format!(
            "env -i PATH=/usr/bin:/bin TERM=xterm-256color HOME={h} RAGBOARD_CONFIG_DIR={h} {} p.ron --date 2018-02-01 --period 01-18 --user ann",
            env!("CARGO_BIN_EXE_ragboard"),
            h = d.display()
        ),
    );
    tmux.wait_for("Item 1 of 113");
    tmux.keys(&["n", "n", "1"]);
    tmux.wait_for("● 1 unsaved");
    for (args, want) in [
        (&["report", "p.ron", "-o", "p.ron"][..], 1),
        (&["report", "other.ron", "-o", "p.ron"], 1),
        (
            &["export", "other.ron", "--format", "json", "-o", "p.ron"],
            1,
        ),
        (&["gen", "--actions", "3", "-o", "p.ron"], 1),
        (
            &[
                "merge",
                "other.ron",
                "other.ron",
                "other.ron",
                "-o",
                "p.ron",
            ],
            2,
        ),
    ] {
        let (code, _, err) = run_in(d, args);
        assert_eq!(code, want, "{args:?}: {err}");
        assert!(err.contains("refused"), "{args:?}: {err}");
        assert_eq!(std::fs::read(&plan).unwrap(), bytes, "{args:?}");
    }
    tmux.keys(&["C-s"]);
    tmux.wait_for("Saved to p.ron");
    let saved = ragboard::store::load(&plan).unwrap().plan;
    assert_eq!(saved.action("1.1.1").unwrap().rating("01-18"), Some(1));
}

/// `>>` would add the output to the plan it reads; `>` has emptied it before ragboard
/// starts, and ragboard says so rather than "the file is empty".
#[test]
fn standard_output_redirected_to_the_plan_is_refused() {
    let (dir, plan, bytes) = plan_with_names();
    let run_sh = |line: &str| {
        let out = Command::new("sh")
            .args(["-c", line])
            .current_dir(dir.path())
            .env("B", env!("CARGO_BIN_EXE_ragboard"))
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    for line in [
        "\"$B\" export p.ron --format json >> p.ron",
        "\"$B\" report s.ron >> h.ron",
        "\"$B\" cells p.ron >> p.ron",
    ] {
        let (code, err) = run_sh(line);
        assert_eq!(code, 1, "{line}: {err}");
        assert!(
            err.contains("standard output is this file, which the command reads: refused"),
            "{line}: {err}"
        );
        assert_eq!(std::fs::read(&plan).unwrap(), bytes, "{line}");
    }
    let (code, err) = run_sh("\"$B\" diff p.ron h.ron >> s.ron");
    assert_eq!(code, 2, "{err}");
    let (code, err) = run_sh("\"$B\" summary p.ron > p.ron");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("the shell emptied the file"), "{err}");
}
