//! Bad input never hangs, exhausts memory or reaches the terminal as commands: escape
//! sequences in plan text, FIFOs and devices, BOMs, duplicate keys, invalid UTF-8.

mod common;

use common::bin::ragboard_bytes as ragboard;

use std::path::Path;
use std::process::Command;

use ragboard::store;

const SMALL: &str = include_str!("fixtures/rag-small.ron");

/// The small plan with escape sequences in its titles: one retitles the terminal, one
/// clears the screen (7-bit and 8-bit CSI), one rings the bell and returns the carriage.
fn hostile_plan(dir: &Path) -> std::path::PathBuf {
    let text = SMALL
        .replace(
            "title: \"Small test plan\"",
            "title: \"Plan\\u{1b}]0;pwned\\u{7}\\r\"",
        )
        .replace(
            "title: \"Be healthy\"",
            "title: \"Be \\u{1b}[2J\\u{9b}2Jhealthy\"",
        )
        .replace("lead: \"Ann\"", "lead: \"A\\u{1b}[31mnn\"");
    let path = dir.join("hostile.ron");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn summary_in_every_format_prints_no_escape_byte() {
    let dir = tempfile::tempdir().unwrap();
    let plan = hostile_plan(dir.path());
    // The escapes are really in the plan as loaded.
    let loaded = store::load(&plan).unwrap().plan;
    assert!(loaded.title.contains('\u{1b}'));
    for format in ["table", "csv", "markdown", "json"] {
        let (code, out, err) = ragboard(&["summary", plan.to_str().unwrap(), "--format", format]);
        assert_eq!(code, 0, "{format}: {}", String::from_utf8_lossy(&err));
        for bad in [0x1b, 0x07, b'\r'] {
            assert!(
                !out.contains(&bad),
                "{format}: byte {bad:#04x} reached stdout:\n{}",
                String::from_utf8_lossy(&out)
            );
        }
        // C1 CSI (U+009B) is C2 9B in UTF-8.
        assert!(!out.windows(2).any(|w| w == [0xc2, 0x9b]), "{format}");
        let text = String::from_utf8_lossy(&out);
        assert!(text.contains("healthy"), "{format}: the text itself stays");
    }
}

#[test]
fn check_messages_print_no_escape_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad\u{1b}[2J.ron");
    let text = SMALL.replacen("id: \"1.1.2\"", "id: \"\\u{1b}]0;x\\u{7}\", title: \"\"", 1);
    std::fs::write(&path, text.replacen("title: \"Train staff\", ", "", 1)).unwrap();
    let (code, out, err) = ragboard(&["check", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(!out.contains(&0x1b) && !err.contains(&0x1b));
    assert!(String::from_utf8_lossy(&err).contains("empty title"));
}

#[test]
fn the_meeting_view_draws_no_escape_byte() {
    let dir = tempfile::tempdir().unwrap();
    let plan = store::load(&hostile_plan(dir.path())).unwrap().plan;
    let meeting =
        ragboard::meeting::Meeting::new(plan, "ann", Box::new(ragboard::meeting::SystemClock));
    let mut app = ragboard::app::App::new(
        meeting,
        ragboard::app::Options {
            theme: ragboard::ui::theme::ThemeName::Default,
            today: chrono::NaiveDate::from_ymd_opt(2025, 10, 1).unwrap(),
            keymap: ragboard::app::Keymap::default(),
            period: None,
        },
    );
    // Step 0 shows the offer to start this meeting's period (it names a period label).
    for step in 0..5 {
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 36)).unwrap();
        t.draw(|f| {
            ragboard::ui::render(f, &app);
        })
        .unwrap();
        for cell in t.backend().buffer().content() {
            assert!(
                !cell.symbol().chars().any(|c| c.is_control()),
                "step {step}: control character in a cell"
            );
        }
        let next = if step == 0 {
            ragboard::app::Action::Close
        } else {
            ragboard::app::Action::Next
        };
        ragboard::app::update(&mut app, next);
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_a_device_and_a_folder_are_refused_without_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("plan.ron");
    let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success());
    for (path, kind) in [
        (fifo.to_str().unwrap(), "a FIFO"),
        ("/dev/zero", "a device"),
        (dir.path().to_str().unwrap(), "a folder"),
    ] {
        // If the loader opened the FIFO blocking or read /dev/zero, this would never return.
        let (code, _, err) = ragboard(&["check", path]);
        let err = String::from_utf8_lossy(&err);
        assert_eq!(code, 1, "{path}");
        assert!(
            err.contains(&format!("not a regular file ({kind})")),
            "{err}"
        );
    }
}

#[test]
fn a_file_over_the_limit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.ron");
    std::fs::write(&path, vec![b' '; 2048]).unwrap();
    let err = store::read_regular(&path, 1024).unwrap_err();
    assert!(
        matches!(
            err,
            store::ReadError::TooLarge {
                size: 2048,
                limit: 1024
            }
        ),
        "{err}"
    );
    assert!(store::read_regular(&path, 4096).is_ok());
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bom.ron");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(SMALL.as_bytes());
    std::fs::write(&path, bytes).unwrap();
    let plan = store::load(&path).unwrap().plan;
    assert_eq!(plan.title, "Small test plan");
}

#[test]
fn duplicate_map_keys_are_an_error_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dup.ron");
    let text = SMALL.replacen(
        r#"ratings: {"q1": 1, "q2": 3}"#,
        r#"ratings: {"q1": 1, "q2": 3, "q1": 4}"#,
        1,
    );
    std::fs::write(&path, &text).unwrap();
    let e = store::load(&path).unwrap_err();
    let p = &e.problems[0];
    assert!(p.message.contains("duplicate key \"q1\""), "{}", p.message);
    let (line, _) = p.at.unwrap();
    let expected = text.lines().position(|l| l.contains(r#""q1": 4"#)).unwrap() + 1;
    assert_eq!(line, expected, "{e}");
}

#[test]
fn invalid_utf8_is_reported_at_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.ron");
    let text = SMALL.replacen("Open a clinic", "Open a cl\u{0}nic", 1);
    let bytes: Vec<u8> = text
        .into_bytes()
        .into_iter()
        .map(|b| if b == 0 { 0xe9 } else { b })
        .collect();
    std::fs::write(&path, bytes).unwrap();
    let e = store::load(&path).unwrap_err();
    let p = &e.problems[0];
    assert!(
        p.message.contains("invalid UTF-8 (byte 0xe9)"),
        "{}",
        p.message
    );
    let line = SMALL
        .lines()
        .position(|l| l.contains("Open a clinic"))
        .unwrap()
        + 1;
    let col = SMALL.lines().nth(line - 1).unwrap().find("clinic").unwrap() + 3;
    assert_eq!(p.at, Some((line, col)), "{e}");
}

/// The small plan with HTML and a link in its text, where every Markdown paper shows it.
fn html_plan(dir: &Path) -> std::path::PathBuf {
    let text = SMALL
        .replace(
            "title: \"Small test plan\"",
            "title: \"Small <b>test</b> plan &amp; more\"",
        )
        .replace(
            "title: \"Stay safe\"",
            "title: \"Stay <script>alert(1)</script> safe\"",
        )
        .replace(
            "title: \"Weekly visits\"",
            "title: \"Weekly <img src=x onerror=alert(1)> visits [here](javascript:alert(2))\"",
        )
        .replace("lead: \"Ann\"", "lead: \"<!-- Ann -->\"");
    let path = dir.join("html.ron");
    std::fs::write(&path, text).unwrap();
    path
}

/// Where raw HTML or a link would start in Markdown: `<` before a letter, `/`, `!` or `?`,
/// and `](`.
fn markup_in(md: &str) -> Option<&str> {
    let b = md.as_bytes();
    (0..b.len())
        .find(|&i| {
            (b[i] == b'<'
                && b.get(i + 1)
                    .is_some_and(|n| n.is_ascii_alphabetic() || b"/!?".contains(n)))
                || (b[i] == b']' && b.get(i + 1) == Some(&b'(') && (i == 0 || b[i - 1] != b'\\'))
        })
        .map(|i| &md[i.saturating_sub(20)..(i + 30).min(md.len())])
}

#[test]
fn markdown_papers_pass_no_raw_html_or_links_from_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let plan = html_plan(dir.path());
    let plan = plan.to_str().unwrap();
    let small = "tests/fixtures/rag-small.ron";
    let runs: [&[&str]; 4] = [
        &["report", plan, "--period", "q2", "--date", "2025-10-01"],
        &[
            "summary",
            plan,
            "--format",
            "markdown",
            "--date",
            "2025-10-01",
        ],
        &["diff", small, plan, "--format", "markdown"],
        &["report", plan, "--period", "q2", "--format", "html"],
    ];
    for args in runs {
        let (code, out, err) = ragboard(args);
        assert!(
            code == 0 || code == 1,
            "{args:?}: {}",
            String::from_utf8_lossy(&err)
        );
        let out = String::from_utf8(out).unwrap();
        if args.contains(&"html") {
            assert!(!out.contains("<script>") && !out.contains("<img"), "{out}");
            continue;
        }
        assert_eq!(markup_in(&out), None, "{args:?}:\n{out}");
        // The text is still there, readable.
        assert!(
            out.contains("&lt;script>alert(1)&lt;/script>"),
            "{args:?}:\n{out}"
        );
    }
    let (_, out, _) = ragboard(runs[0]);
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.starts_with("# Small &lt;b>test&lt;/b> plan &amp;amp; more: board report, Q2"),
        "{out}"
    );
    assert!(out.contains("&lt;!-- Ann -->"), "{out}");
}

/// U+202E and the other bidirectional controls would make a line read in another order
/// than it is stored ("Trojan Source"): no text output carries one, in plan text or in an
/// error message.
#[test]
fn no_bidi_control_reaches_any_text_output() {
    const BIDI: [char; 12] = [
        '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
        '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
    ];
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("bidi.ron");
    let mut text = SMALL.to_string();
    for (i, from) in [
        "Be healthy",
        "Open a clinic",
        "Train staff",
        "Weekly visits",
    ]
    .iter()
    .enumerate()
    {
        let to = format!(
            "{}{}{from}{}",
            BIDI[i * 3],
            BIDI[i * 3 + 1],
            BIDI[i * 3 + 2]
        );
        text = text.replace(from, &to);
    }
    std::fs::write(&plan, &text).unwrap();
    let plan = plan.to_str().unwrap();
    let bad = dir.path().join("bad\u{202e}nor.ron");
    std::fs::write(&bad, text.replacen("id: \"1.1.2\"", "id: \"1.1.1\"", 1)).unwrap();
    let bad = bad.to_str().unwrap();
    let runs: [&[&str]; 9] = [
        &["check", plan],
        &["check", bad],
        &["summary", plan],
        &["summary", plan, "--format", "markdown"],
        &["report", plan, "--period", "q2"],
        &["report", plan, "--period", "q2", "--format", "csv"],
        &["export", plan, "--format", "csv"],
        &["cells", plan],
        &["diff", "tests/fixtures/rag-small.ron", plan],
    ];
    for args in runs {
        let (code, out, err) = ragboard(args);
        assert!(code <= 2, "{args:?}");
        for (what, bytes) in [("stdout", &out), ("stderr", &err)] {
            let s = String::from_utf8_lossy(bytes);
            assert!(
                !s.chars().any(|c| BIDI.contains(&c)),
                "{args:?}: a bidi control on {what}:\n{s}"
            );
        }
        if args[0] != "check" {
            let out = String::from_utf8_lossy(&out);
            assert!(
                ["healthy", "clinic", "staff", "visits"]
                    .iter()
                    .any(|w| out.contains(w)),
                "{args:?}: the text itself stays"
            );
        }
    }
    let (_, _, err) = ragboard(&["check", bad]);
    assert!(
        String::from_utf8_lossy(&err).contains("bad\u{FFFD}nor.ron:"),
        "the file's name is shown with a placeholder"
    );
}

/// The JSON export keeps a bidi control exactly, as an escape: lossless, and still inert.
#[test]
fn the_json_export_escapes_bidi_controls() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("bidi.ron");
    std::fs::write(
        &plan,
        SMALL.replace("Be healthy", "Be \u{202e}healthy\u{2066}"),
    )
    .unwrap();
    let (code, out, _) = ragboard(&["export", plan.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 0);
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains(r"Be \u202ehealthy\u2066"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["priorities"][0]["title"], "Be \u{202e}healthy\u{2066}");
}
