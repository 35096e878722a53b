//! The meeting view's start-up errors, as a user reads them: one plain sentence per
//! problem on stderr, naming the file (and the line and column where the problem is in its
//! text), with no colour codes, source locations or backtrace, whatever RUST_BACKTRACE
//! says; and without a terminal, a sentence saying the view needs one.

mod common;

use std::path::Path;
use std::process::Command;

use common::tmux::Tmux;

/// `ragboard ARGS` with no terminal, a config folder of its own and backtraces asked for
/// (they must still not show): exit code and stderr.
fn start(dir: &Path, args: &[&str]) -> (i32, String, Vec<u8>) {
    let out = Command::new(env!("CARGO_BIN_EXE_ragboard"))
        .args(args)
        .current_dir(dir)
        .env("RAGBOARD_CONFIG_DIR", dir)
        .env("RUST_BACKTRACE", "1")
        .env("COLORBT_SHOW_HIDDEN", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.stdout,
    )
}

/// Nothing a developer reads: colour codes, where in the source, a backtrace.
fn assert_plain(err: &str) {
    for debris in [
        "\u{1b}",
        "\u{FFFD}[",
        "Location:",
        "BACKTRACE",
        "Backtrace",
        "src/",
        ".rs:",
        "RUST_BACKTRACE",
        "panicked",
    ] {
        assert!(!err.contains(debris), "{debris:?} in:\n{err}");
    }
    for line in err.lines() {
        assert!(line.starts_with("ragboard: "), "{line:?} in:\n{err}");
    }
}

fn small_plan(dir: &Path) {
    std::fs::copy("tests/fixtures/rag-small.ron", dir.join("p.ron")).unwrap();
}

#[test]
fn a_missing_plan_is_one_plain_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let (code, err, out) = start(dir.path(), &["nope.ron"]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "ragboard: nope.ron: cannot read the file: No such file or directory (os error 2)\n"
    );
    assert!(out.is_empty());
}

#[test]
fn a_bad_plan_gives_each_problem_placed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.ron"), "Plan(\n  title: 3,\n)").unwrap();
    let (code, err, _) = start(dir.path(), &["p.ron"]);
    assert_eq!(code, 1);
    assert_plain(&err);
    assert!(err.starts_with("ragboard: p.ron:2:"), "{err}");
}

#[test]
fn a_bad_config_file_is_placed() {
    let dir = tempfile::tempdir().unwrap();
    small_plan(dir.path());
    std::fs::write(dir.path().join("config.ron"), "(\n  colour: \"mono\")").unwrap();
    let (code, err, _) = start(dir.path(), &["p.ron"]);
    assert_eq!(code, 1);
    assert_plain(&err);
    let config = dir.path().join("config.ron");
    assert!(
        err.starts_with(&format!("ragboard: {}:2:3: ", config.display())),
        "{err}"
    );
    assert!(err.contains("colour"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");

    std::fs::write(&config, "(theme: \"pink\")").unwrap();
    let (code, err, _) = start(dir.path(), &["p.ron"]);
    assert_eq!(code, 1);
    assert_plain(&err);
    assert_eq!(
        err,
        format!(
            "ragboard: {}:1:2: unknown theme \"pink\": expected default, high-contrast, colour-blind or mono\n",
            config.display()
        )
    );
}

#[test]
fn a_bad_keys_file_names_each_entry() {
    let dir = tempfile::tempdir().unwrap();
    small_plan(dir.path());
    std::fs::write(dir.path().join("k.ron"), "{\"next\": [").unwrap();
    let (code, err, _) = start(dir.path(), &["--keys", "k.ron", "p.ron"]);
    assert_eq!(code, 1);
    assert_plain(&err);
    assert!(err.starts_with("ragboard: k.ron:1:"), "{err}");

    std::fs::write(
        dir.path().join("k.ron"),
        "{\n  \"next\": [\"q\"],\n  \"nope\": [\"x\"],\n}",
    )
    .unwrap();
    let (code, err, _) = start(dir.path(), &["--keys", "k.ron", "p.ron"]);
    assert_eq!(code, 1);
    assert_plain(&err);
    assert!(
        err.contains("ragboard: k.ron:3:3: unknown action \"nope\""),
        "{err}"
    );
    assert!(
        err.contains("ragboard: k.ron:2:3: key q is bound to both next and quit"),
        "{err}"
    );
}

#[test]
fn a_scale_key_the_keymap_uses_is_placed_in_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    small_plan(dir.path());
    std::fs::write(dir.path().join("k.ron"), "{\"quit\": [\"r\"]}").unwrap();
    let (code, err, _) = start(dir.path(), &["--keys", "k.ron", "p.ron"]);
    assert_eq!(code, 1);
    assert_plain(&err);
    // Line 8 of the fixture: `Level(value: 1, label: "R", ..., key: 'r')`.
    assert!(err.starts_with("ragboard: p.ron:8:"), "{err}");
    assert!(err.contains("binds to quit"), "{err}");
}

#[test]
fn without_a_terminal_the_view_says_it_needs_one() {
    let dir = tempfile::tempdir().unwrap();
    small_plan(dir.path());
    let (code, err, out) = start(dir.path(), &["p.ron"]);
    assert_eq!(code, 1);
    assert_plain(&err);
    assert!(
        err.starts_with("ragboard: the meeting view needs a terminal"),
        "{err}"
    );
    assert!(err.contains("summary, report"), "{err}");
    assert!(out.is_empty(), "nothing drawn: {out:?}");
    // The meeting never opened: no lock or journal was made beside the plan.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["p.ron"]);
}

/// In a terminal, with standard output sent to a file: the file gets no escape codes, and
/// the user reads why nothing opened (not "The cursor position could not be read").
#[test]
fn output_redirected_from_a_terminal_is_refused_plainly() {
    let dir = tempfile::tempdir().unwrap();
    small_plan(dir.path());
    let tmux = Tmux::new("redirect");
    tmux.start(
        dir.path(),
        &format!(
            "env -i PATH=/usr/bin:/bin TERM=xterm-256color HOME={d} RAGBOARD_CONFIG_DIR={d} PS1='$ ' bash --norc --noprofile",
            d = dir.path().display()
        ),
    );
    tmux.wait_for("$");
    tmux.keys(&[
        &format!(
            "{} p.ron > f 2> e; echo \"EX\"\"IT $?\"",
            env!("CARGO_BIN_EXE_ragboard")
        ),
        "Enter",
    ]);
    let screen = tmux.wait_for("EXIT ");
    assert!(screen.contains("EXIT 1"), "{screen}");
    let err = std::fs::read_to_string(dir.path().join("e")).unwrap();
    assert_plain(&err);
    assert!(err.contains("needs a terminal"), "{err}");
    assert_eq!(std::fs::read(dir.path().join("f")).unwrap(), b"");
}
