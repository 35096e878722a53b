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
