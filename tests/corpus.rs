//! The hostile-input corpus (`tests/corpus/<kind>/`, made by `tests/corpus/gen.rs`) through
//! the real binary: every plan through every command that reads a plan, every journal
//! beside a plan through `check`, every sheet through `import`, every config and key file
//! through the meeting view's start-up (with no terminal). Whatever the input:
//!
//! - the exit code is 0, 1 or 2 (never a panic's 101, never a signal, never a hang);
//! - every line on stderr names the file at fault, and a line and column (or a row) where
//!   the problem is in its content (only whole-file problems, like "cannot read" or the
//!   closing count, go without);
//! - no ESC (0x1b) and no bidirectional control reaches stdout or stderr, and nothing a
//!   developer reads (a backtrace, a source location) does either.

#[path = "corpus/gen.rs"]
mod generator;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

const BIN: &str = env!("CARGO_BIN_EXE_ragboard");
const SMALL: &str = "tests/fixtures/rag-small.ron";
/// Seconds a run may take before it counts as a hang.
const LIMIT: &str = "60";

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

fn files(kind: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(corpus_dir().join(kind))
        .unwrap_or_else(|e| panic!("tests/corpus/{kind}: {e}"))
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

/// One run of the binary and what its output must show.
struct Job {
    /// The corpus file, for the report.
    input: PathBuf,
    args: Vec<OsString>,
    cwd: PathBuf,
    env: Vec<(&'static str, OsString)>,
    /// What names the file at fault in a message (a path as given on the command line).
    name: String,
}

impl Job {
    fn new(input: &Path, args: &[&dyn AsRef<std::ffi::OsStr>], name: &str) -> Job {
        Job {
            input: input.to_path_buf(),
            args: args.iter().map(|a| a.as_ref().to_os_string()).collect(),
            cwd: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
            env: Vec::new(),
            name: name.to_string(),
        }
    }
}

struct Outcome {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

fn run(job: &Job) -> Outcome {
    let mut cmd = Command::new("timeout");
    cmd.args(["-s", "KILL", LIMIT, BIN])
        .args(&job.args)
        .current_dir(&job.cwd)
        .env("RUST_BACKTRACE", "1")
        .env_remove("RAGBOARD_CONFIG_DIR")
        // Colour is allowed: any colour code reaching the output is an ESC, and fails.
        .env_remove("NO_COLOR");
    for (k, v) in &job.env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run timeout(1) and ragboard");
    Outcome {
        code: out.status.code(),
        stdout: out.stdout,
        stderr: out.stderr,
    }
}

fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Lines that are about a whole file, or about no file: no line number is owed.
fn whole_file(rest: &str) -> bool {
    const WHOLE: [&str; 9] = [
        "cannot read the file",
        "not a regular file",
        "bytes, over the limit",
        " problem",
        "the rows do not make a valid plan",
        "cannot read the journal",
        "is the same file as",
        "is the input file itself",
        "exists already",
    ];
    WHOLE.iter().any(|w| rest.contains(w))
}

/// Has `line` a `NAME:LINE` place for `name`?
fn placed(line: &str, name: &str) -> bool {
    line.match_indices(name).any(|(i, _)| {
        let after = &line[i + name.len()..];
        after
            .strip_prefix(':')
            .is_some_and(|a| a.starts_with(|c: char| c.is_ascii_digit()))
    })
}

/// Everything wrong with one run's output.
fn problems(job: &Job, o: &Outcome) -> Vec<String> {
    let mut p = Vec::new();
    match o.code {
        Some(0..=2) => {}
        Some(c) => p.push(format!("exit code {c}")),
        None => p.push("killed by a signal".into()),
    }
    for (what, bytes) in [("stdout", &o.stdout), ("stderr", &o.stderr)] {
        if bytes.contains(&0x1b) {
            p.push(format!("ESC on {what}"));
        }
        let text = String::from_utf8_lossy(bytes);
        if let Some(c) = text.chars().find(|&c| is_bidi(c)) {
            p.push(format!("bidi control U+{:04X} on {what}", c as u32));
        }
        for debris in [
            "panicked",
            "RUST_BACKTRACE",
            "Location:",
            "BACKTRACE",
            "src/",
        ] {
            if text.contains(debris) {
                p.push(format!("{debris:?} on {what}"));
            }
        }
    }
    let err = String::from_utf8_lossy(&o.stderr);
    for line in err.lines() {
        let rest = line.strip_prefix("ragboard: ").unwrap_or(line);
        if rest.starts_with("the meeting view needs a terminal") {
            continue;
        }
        // merge lists its conflicts under a heading that names OURS.
        if rest.starts_with("ragboard merge: ") || rest.starts_with("  CONFLICT ") {
            continue;
        }
        if !rest.contains(&job.name) && !rest.contains(SMALL) {
            p.push(format!("stderr line does not name the file: {line:?}"));
            continue;
        }
        // A problem between two files (a scale's key that the key file binds) is placed
        // in one and names the other.
        let placed_elsewhere = [".ron", ".csv", ".journal"]
            .iter()
            .any(|ext| placed(rest, ext));
        if !placed(rest, &job.name) && !whole_file(rest) && !placed_elsewhere {
            p.push(format!("stderr line has no line number: {line:?}"));
        }
    }
    if o.code.is_some_and(|c| c != 0) && err.trim().is_empty() {
        // diff and merge exit 1 for "different" and "conflicts", fmt --check for "not
        // canonical": said on stdout.
        let says_why = ["diff", "merge", "fmt"]
            .iter()
            .any(|c| job.args.first().is_some_and(|a| a == c));
        if !says_why {
            p.push("failed with nothing on stderr".into());
        }
    }
    p
}

/// A scratch folder holding the small plan as `p.ron`.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(SMALL, dir.path().join("p.ron")).unwrap();
    dir
}

fn plan_jobs(jobs: &mut Vec<Job>, dirs: &mut Vec<tempfile::TempDir>) {
    for f in files("plan") {
        let name = f
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let n = name.as_str();
        let a = |args: &[&str]| {
            Job::new(
                &f,
                &args
                    .iter()
                    .map(|s| s as &dyn AsRef<std::ffi::OsStr>)
                    .collect::<Vec<_>>(),
                n,
            )
        };
        jobs.push(a(&["check", n]));
        jobs.push(a(&["summary", n, "--date", "2025-10-01"]));
        jobs.push(a(&[
            "summary",
            n,
            "--format",
            "markdown",
            "--date",
            "2025-10-01",
        ]));
        jobs.push(a(&["summary", n, "--format", "json"]));
        jobs.push(a(&["report", n, "--date", "2025-10-01"]));
        jobs.push(a(&[
            "report",
            n,
            "--format",
            "html",
            "--date",
            "2025-10-01",
        ]));
        jobs.push(a(&["report", n, "--format", "csv", "--date", "2025-10-01"]));
        jobs.push(a(&["export", n, "--format", "json"]));
        jobs.push(a(&["export", n, "--format", "csv"]));
        jobs.push(a(&["cells", n]));
        jobs.push(a(&["fmt", "--check", n]));
        jobs.push(a(&["diff", SMALL, n, "--format", "markdown"]));
        let dir = scratch();
        let merged = dir.path().join("merged.ron");
        let mut merge = a(&["merge", SMALL, SMALL, n]);
        merge.args.extend(["-o".into(), merged.into_os_string()]);
        jobs.push(merge);
        // The meeting view's start-up, with no terminal: the plan's errors, or "needs a
        // terminal".
        let mut tui = a(&[n]);
        tui.env.push(("RAGBOARD_CONFIG_DIR", dir.path().into()));
        jobs.push(tui);
        dirs.push(dir);
    }
}

fn journal_jobs(jobs: &mut Vec<Job>, dirs: &mut Vec<tempfile::TempDir>) {
    for f in files("journal") {
        let dir = scratch();
        std::fs::copy(&f, dir.path().join("p.ron.journal")).unwrap();
        let mut j = Job::new(&f, &[&"check", &"p.ron"], "p.ron");
        j.cwd = dir.path().to_path_buf();
        jobs.push(j);
        dirs.push(dir);
    }
}

fn csv_jobs(jobs: &mut Vec<Job>, dirs: &mut Vec<tempfile::TempDir>) {
    for f in files("csv") {
        let name = f
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap()
            .to_string_lossy()
            .into_owned();
        jobs.push(Job::new(&f, &[&"import", &name], &name));
        jobs.push(Job::new(&f, &[&"import", &name, &"--frame", &SMALL], &name));
        let dir = scratch();
        let out = dir.path().join("imported.ron");
        jobs.push(Job::new(&f, &[&"import", &name, &"-o", &out], &name));
        dirs.push(dir);
    }
}

fn start_up_jobs(jobs: &mut Vec<Job>, dirs: &mut Vec<tempfile::TempDir>) {
    for f in files("config") {
        let dir = scratch();
        std::fs::copy(&f, dir.path().join("config.ron")).unwrap();
        let mut j = Job::new(&f, &[&"p.ron"], "config.ron");
        j.cwd = dir.path().to_path_buf();
        j.env.push(("RAGBOARD_CONFIG_DIR", dir.path().into()));
        jobs.push(j);
        dirs.push(dir);
    }
    for f in files("keys") {
        let dir = scratch();
        let mut j = Job::new(&f, &[&"--keys", &f, &"p.ron"], &f.to_string_lossy());
        j.cwd = dir.path().to_path_buf();
        j.env.push(("RAGBOARD_CONFIG_DIR", dir.path().into()));
        jobs.push(j);
        dirs.push(dir);
    }
}

#[test]
fn every_hostile_file_gets_a_plain_located_answer() {
    let mut jobs = Vec::new();
    let mut dirs = Vec::new();
    plan_jobs(&mut jobs, &mut dirs);
    journal_jobs(&mut jobs, &mut dirs);
    csv_jobs(&mut jobs, &mut dirs);
    start_up_jobs(&mut jobs, &mut dirs);
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    let outcomes = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 4));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(job) = jobs.get(i) else { break };
                    let o = run(job);
                    let p = problems(job, &o);
                    if !p.is_empty() {
                        failures.lock().unwrap().push(format!(
                            "{} (ragboard {}):\n    {}\n    stderr: {}",
                            job.input.display(),
                            job.args
                                .iter()
                                .map(|a| a.to_string_lossy())
                                .collect::<Vec<_>>()
                                .join(" "),
                            p.join("\n    "),
                            String::from_utf8_lossy(&o.stderr)
                                .lines()
                                .take(3)
                                .collect::<Vec<_>>()
                                .join("\n            ")
                        ));
                    }
                    outcomes.lock().unwrap().push((i, o));
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} of {} runs went wrong:\n{}",
        failures.len(),
        jobs.len(),
        failures
            .iter()
            .take(400)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    let outcomes = outcomes.into_inner().unwrap();
    // An imported plan always loads back; a journal beside a plan is always mentioned.
    for (i, o) in &outcomes {
        let job = &jobs[*i];
        let args: Vec<String> = job
            .args
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        if args[0] == "import" && args.iter().any(|a| a == "-o") && o.code == Some(0) {
            let out = Path::new(&args[3]);
            let (code, _, err) = check(out);
            assert_eq!(
                code,
                0,
                "{}: the import wrote a plan that does not load: {err}",
                job.input.display()
            );
        }
        if args == ["check", "p.ron"] {
            let out = String::from_utf8_lossy(&o.stdout);
            assert!(
                out.lines().any(|l| l.starts_with("p.ron.journal: ")),
                "{}: check does not mention the journal:\n{out}",
                job.input.display()
            );
        }
    }
}

fn check(plan: &Path) -> (i32, String, String) {
    let out = Command::new(BIN).arg("check").arg(plan).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The committed files are the generator's: a case added or changed in `gen.rs` (or the
/// fixture it starts from) without regenerating is caught here.
#[test]
fn the_corpus_is_what_the_generator_makes() {
    let cases = generator::cases();
    assert!(cases.len() >= 200, "only {} files", cases.len());
    let mut stale = Vec::new();
    for kind in generator::KINDS {
        let made: Vec<&generator::Case> = cases.iter().filter(|c| c.kind == kind).collect();
        let on_disk = files(kind);
        if on_disk.len() != made.len() {
            stale.push(format!(
                "{kind}: {} files, the generator makes {}",
                on_disk.len(),
                made.len()
            ));
        }
        for c in made {
            let path = corpus_dir().join(kind).join(&c.name);
            if std::fs::read(&path).ok().as_deref() != Some(c.bytes.as_slice()) {
                stale.push(path.display().to_string());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "the corpus differs from the generator; run `cargo test --test corpus -- --ignored regenerate_corpus` and commit:\n{}",
        stale.join("\n")
    );
}

/// Rewrite the corpus from the generator (run by hand, see the generator's notes).
#[test]
#[ignore = "writes tests/corpus: run by hand after changing tests/corpus/gen.rs"]
fn regenerate_corpus() {
    for kind in generator::KINDS {
        let dir = corpus_dir().join(kind);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
    }
    for c in generator::cases() {
        std::fs::write(corpus_dir().join(c.kind).join(&c.name), &c.bytes).unwrap();
    }
}
