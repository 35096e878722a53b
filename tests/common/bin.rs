//! The real binary, run as a user runs it.

use std::process::Command;

/// Run `ragboard ARGS`: exit code (-1 when killed), stdout and stderr as bytes.
pub fn ragboard_bytes(args: &[&str]) -> (i32, Vec<u8>, Vec<u8>) {
    let out = Command::new(env!("CARGO_BIN_EXE_ragboard"))
        .args(args)
        .output()
        .expect("run ragboard");
    (out.status.code().unwrap_or(-1), out.stdout, out.stderr)
}

/// Run `ragboard ARGS`: exit code, stdout and stderr as text.
pub fn ragboard(args: &[&str]) -> (i32, String, String) {
    let (code, out, err) = ragboard_bytes(args);
    (
        code,
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

/// `ragboard export PLAN --format FORMAT` to a file in `dir`, then `ragboard import` of it
/// with PLAN as the frame: the plan file it made.
pub fn export_then_import(dir: &std::path::Path, plan: &str, format: &str) -> std::path::PathBuf {
    let sheet = dir.join(format!("plan.{format}"));
    let ron = dir.join(format!("from-{format}.ron"));
    let (code, _, err) = ragboard(&[
        "export",
        plan,
        "--format",
        format,
        "-o",
        sheet.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "export: {err}");
    let (code, _, err) = ragboard(&[
        "import",
        sheet.to_str().unwrap(),
        "-o",
        ron.to_str().unwrap(),
        "--frame",
        plan,
    ]);
    assert_eq!(code, 0, "import: {err}");
    ron
}

/// `ragboard summary` of two plans is the same in every format.
pub fn assert_same_summaries(a: &str, b: &str) {
    for format in ["table", "csv", "markdown", "json"] {
        let (_, x, _) = ragboard(&["summary", a, "--format", format]);
        let (_, y, _) = ragboard(&["summary", b, "--format", format]);
        assert_eq!(x, y, "summary --format {format}");
        assert!(x.len() > 500);
    }
}
