//! The hostile-input corpus's generator: every file under `tests/corpus/<kind>/` is made
//! here, from the small fixture plan and a few literal texts, deterministically (a fixed
//! seed for the bytes that are random). The files are committed, so CI reads them and never
//! runs this; after changing a case, run
//!
//! ```text
//! cargo test --test corpus -- --ignored regenerate_corpus
//! ```
//!
//! and commit what changed. Kinds: `plan` (plan files), `journal` (a journal beside a valid
//! plan), `csv` (sheets to import), `config` (config.ron) and `keys` (a key file).

use std::fmt::Write as _;

const SMALL: &str = include_str!("../fixtures/rag-small.ron");

/// One file: its kind (the folder), its name and its bytes.
pub struct Case {
    pub kind: &'static str,
    pub name: String,
    pub bytes: Vec<u8>,
}

pub const KINDS: [&str; 5] = ["plan", "journal", "csv", "config", "keys"];

/// Deterministic bytes (xorshift64*).
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| (self.next() >> 32) as u8).collect()
    }
}

/// `text` with the first `from` replaced (which must be there: a case that silently did
/// nothing would test nothing).
fn rep(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} is not in the text");
    text.replacen(from, to, 1)
}

fn small_with(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .fold(SMALL.to_string(), |t, (f, to)| rep(&t, f, to))
}

pub fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    plans(&mut out);
    journals(&mut out);
    csvs(&mut out);
    configs(&mut out);
    keys(&mut out);
    out
}

fn push(out: &mut Vec<Case>, kind: &'static str, name: &str, bytes: impl Into<Vec<u8>>) {
    let ext = match kind {
        "csv" => "csv",
        "journal" => "journal",
        _ => "ron",
    };
    let n = out.iter().filter(|c| c.kind == kind).count() + 1;
    out.push(Case {
        kind,
        name: format!("{n:03}-{name}.{ext}"),
        bytes: bytes.into(),
    });
}

fn plans(out: &mut Vec<Case>) {
    let p = |out: &mut Vec<Case>, name: &str, bytes: Vec<u8>| push(out, "plan", name, bytes);
    let s = SMALL.as_bytes();
    // Empty and almost empty.
    p(out, "empty", Vec::new());
    p(out, "whitespace", b" \n\t\r\n  ".to_vec());
    p(out, "bom-only", b"\xEF\xBB\xBF".to_vec());
    p(out, "nul-only", vec![0; 64]);
    p(out, "comment-only", b"// nothing but a comment\n".to_vec());
    p(out, "unterminated-comment", b"/* Plan(".to_vec());
    // Byte-order marks and encodings.
    p(out, "bom-valid", [b"\xEF\xBB\xBF".as_slice(), s].concat());
    p(
        out,
        "bom-twice",
        [b"\xEF\xBB\xBF\xEF\xBB\xBF".as_slice(), s].concat(),
    );
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(SMALL.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    p(out, "utf16le", utf16);
    // Truncated anywhere.
    for k in 1..=12 {
        let at = s.len() * k / 13;
        p(out, &format!("truncated-{k:02}-of-13"), s[..at].to_vec());
    }
    let multibyte = small_with(&[("Be healthy", "Be healthy → ✓")]);
    let at = multibyte.find('→').unwrap() + 1;
    p(
        out,
        "truncated-mid-character",
        multibyte.as_bytes()[..at].to_vec(),
    );
    // Binary.
    let mut noise = Noise(0x5EED_0017);
    p(out, "random-1k", noise.bytes(1024));
    p(out, "random-8k", noise.bytes(8192));
    let mut mixed = s.to_vec();
    for i in (0..mixed.len()).step_by(97) {
        mixed[i] = (noise.next() >> 40) as u8;
    }
    p(out, "valid-with-random-bytes", mixed);
    // NULs.
    p(out, "nul-at-start", [b"\0".as_slice(), s].concat());
    p(out, "nul-at-end", [s, b"\0".as_slice()].concat());
    p(
        out,
        "nul-in-title",
        small_with(&[("Small test plan", "Small\0test plan")]).into_bytes(),
    );
    p(
        out,
        "nul-escaped-in-title",
        small_with(&[("Small test plan", r"Small\u{0}test plan")]).into_bytes(),
    );
    // Bad UTF-8.
    for (name, bad) in [
        ("bad-utf8-ff", b"\xff".as_slice()),
        ("bad-utf8-lone-continuation", b"\x80"),
        ("bad-utf8-overlong", b"\xc0\xaf"),
        ("bad-utf8-surrogate", b"\xed\xa0\x80"),
        ("bad-utf8-truncated-sequence", b"\xe2\x82"),
        ("bad-utf8-latin1", b"caf\xe9"),
    ] {
        let t = SMALL.replacen("Train staff", "Train @@ staff", 1);
        let i = t.find("@@").unwrap();
        p(
            out,
            name,
            [&t.as_bytes()[..i], bad, &t.as_bytes()[i + 2..]].concat(),
        );
    }
    // Line endings.
    p(out, "crlf", SMALL.replace('\n', "\r\n").into_bytes());
    p(out, "cr-only", SMALL.replace('\n', "\r").into_bytes());
    p(
        out,
        "mixed-line-endings",
        SMALL
            .lines()
            .enumerate()
            .map(|(i, l)| format!("{l}{}", ["\n", "\r\n", "\r"][i % 3]))
            .collect::<String>()
            .into_bytes(),
    );
    p(
        out,
        "crlf-with-error",
        small_with(&[("\"q2\": 1}", "\"q2\": 9}")])
            .replace('\n', "\r\n")
            .into_bytes(),
    );
    // Terminal escapes and bidirectional controls in strings, escaped and raw.
    for (name, title) in [
        ("esc-title-escaped", r"Plan\u{1b}]0;pwned\u{7}\u{1b}[2J"),
        ("esc-title-raw", "Plan\u{1b}]0;pwned\u{7}\u{1b}[2J"),
        ("c1-csi-title", "Plan\u{9b}2J\u{9d}0;x\u{9c}"),
        ("cr-in-title", "Plan\roverwritten"),
        (
            "bidi-title-raw",
            "Plan \u{202e}gnp.exe\u{202c} \u{2066}x\u{2069}",
        ),
        ("bidi-title-escaped", r"Plan \u{202e}gnp.exe\u{202c}"),
        ("bidi-marks", "Plan\u{200e}\u{200f}\u{61c}"),
        ("del-and-bell", "Plan\u{7f}\u{7}\u{8}\u{8}"),
    ] {
        p(
            out,
            name,
            small_with(&[("Small test plan", title)]).into_bytes(),
        );
    }
    p(
        out,
        "esc-everywhere",
        small_with(&[
            ("Be healthy", "Be \u{1b}[31mhealthy"),
            ("Open a clinic", "Open \u{1b}P+q\u{1b}\\ clinic"),
            ("lead: \"Ann\"", "lead: \"\u{1b}[8mAnn\""),
            ("label: \"Q1\"", "label: \"Q\u{1b}[1m1\""),
            ("name: \"Red\"", "name: \"R\u{202e}ed\""),
            ("text: \"Clinic opens\"", "text: \"Clinic\u{1b}[2Kopens\""),
        ])
        .into_bytes(),
    );
    // Ids that are not plain text.
    for (name, id) in [
        ("id-esc-escaped", r"1.1\u{1b}[2J.1"),
        ("id-esc-raw", "1.1\u{1b}[2J.1"),
        ("id-bidi", "1.1\u{202e}.1"),
        ("id-newline-escaped", r"1.1\n.1"),
        ("id-tab", "1.1\t.1"),
        ("id-nul", r"1.1\u{0}.1"),
        ("id-empty", ""),
        ("id-spaces", "   "),
    ] {
        p(
            out,
            name,
            small_with(&[("id: \"1.1.1\"", &format!("id: \"{id}\""))]).into_bytes(),
        );
    }
    p(
        out,
        "period-id-bidi",
        small_with(&[("id: \"q2\"", "id: \"q\u{202e}2\"")]).into_bytes(),
    );
    // Duplicate ids.
    for (name, from, to) in [
        ("dup-action", "id: \"1.1.2\"", "id: \"1.1.1\""),
        ("dup-action-objective", "id: \"1.1.2\"", "id: \"1.1\""),
        ("dup-priority-action", "id: \"2.1.1\"", "id: \"1\""),
        ("dup-period", "id: \"q2\"", "id: \"q1\""),
        ("dup-priority", "id: \"2\"", "id: \"1\""),
    ] {
        p(out, name, small_with(&[(from, to)]).into_bytes());
    }
    p(
        out,
        "dup-map-key",
        small_with(&[("{\"q1\": 1, \"q2\": 3}", "{\"q1\": 1, \"q1\": 3}")]).into_bytes(),
    );
    // Missing fields and unknown ones.
    for (name, from, to) in [
        ("no-title", "  title: \"Small test plan\",\n", ""),
        ("no-scale", "  scale: Scale(", "  scale_: Scale("),
        ("no-periods", "  periods: [", "  periods_: ["),
        (
            "no-action-id",
            "Action(id: \"1.1.3\", title",
            "Action(title",
        ),
        ("no-level-value", "Level(value: 1, label", "Level(label"),
        (
            "unknown-field",
            "  title: \"Small test plan\",",
            "  title: \"Small test plan\", colour: 1,",
        ),
        ("unknown-struct", "Plan(\n", "Plam(\n"),
        ("empty-title", "title: \"Small test plan\"", "title: \"\""),
        (
            "empty-action-title",
            "title: \"Train staff\"",
            "title: \"  \"",
        ),
    ] {
        p(out, name, small_with(&[(from, to)]).into_bytes());
    }
    // Wrong types.
    for (name, from, to) in [
        ("title-number", "title: \"Small test plan\"", "title: 3"),
        ("ratings-string", "ratings: {\"q1\": 0}", "ratings: \"q1\""),
        ("rating-string", "\"q1\": 0}", "\"q1\": \"0\"}"),
        ("value-string", "Level(value: 1,", "Level(value: \"1\","),
        ("priorities-map", "  priorities: [", "  priorities: {"),
        ("due-number", "due: \"2025-08\"", "due: 201508"),
        ("key-string", "key: 'r'", "key: \"r\""),
        (
            "judgements-list",
            "judgements: {\"q1\": 2}",
            "judgements: [2]",
        ),
        ("bool-rating", "\"q2\": 3}", "\"q2\": true}"),
        ("char-rating", "\"q2\": 3}", "\"q2\": 'x'}"),
        ("unit-title", "title: \"Small test plan\"", "title: ()"),
    ] {
        p(out, name, small_with(&[(from, to)]).into_bytes());
    }
    // Huge and odd numbers.
    for (name, from, to) in [
        (
            "rating-20-digits",
            "\"q2\": 3}",
            "\"q2\": 99999999999999999999}",
        ),
        ("rating-256", "\"q2\": 3}", "\"q2\": 256}"),
        ("rating-negative", "\"q2\": 3}", "\"q2\": -1}"),
        ("rating-off-scale", "\"q2\": 3}", "\"q2\": 200}"),
        ("rating-float", "\"q2\": 3}", "\"q2\": 3.5}"),
        ("level-300", "Level(value: 4,", "Level(value: 300,"),
        ("level-zero", "Level(value: 4,", "Level(value: 0,"),
        ("ambition-nan", "value: 30.0", "value: NaN"),
        ("ambition-inf", "value: 30.0", "value: inf"),
        ("ambition-huge", "value: 30.0", "value: 1e400"),
        ("ambition-tiny", "value: 30.0", "value: -1e-400"),
        (
            "date-far-future",
            "date: \"2025-09-30\"",
            "date: \"99999-09-30\"",
        ),
        (
            "date-invalid-day",
            "date: \"2025-09-30\"",
            "date: \"2025-02-30\"",
        ),
        (
            "due-huge-year",
            "due: \"2025-08\"",
            "due: \"9999999999-08\"",
        ),
        ("due-garbage", "due: \"2025-12-31\"", "due: \"Smarch-99\""),
        ("hex-rating", "\"q2\": 3}", "\"q2\": 0x3}"),
    ] {
        p(out, name, small_with(&[(from, to)]).into_bytes());
    }
    // Scale oddities.
    for (name, from, to) in [
        (
            "scale-no-levels",
            "    levels: [\n",
            "    levels: [], old: [\n",
        ),
        (
            "scale-duplicate-level",
            "Level(value: 2,",
            "Level(value: 1,",
        ),
        (
            "scale-bad-colour",
            "colour: \"amber\"",
            "colour: \"#zzzzzz\"",
        ),
        ("scale-key-digit", "key: 'a'", "key: '5'"),
        ("scale-key-control", "key: 'a'", "key: '\\u{1b}'"),
        ("scale-key-bidi", "key: 'a'", "key: '\\u{202e}'"),
        ("scale-key-quit", "key: 'a'", "key: 'q'"),
    ] {
        p(out, name, small_with(&[(from, to)]).into_bytes());
    }
    let levels: String = (5..=255)
        .map(|v| {
            format!(
                "Level(value: {v}, label: \"L{v}\", name: \"Level {v}\", colour: \"grey\"),\n      "
            )
        })
        .collect();
    p(
        out,
        "scale-255-levels",
        rep(
            SMALL,
            "Level(value: 1, label",
            &format!("{levels}Level(value: 1, label"),
        )
        .into_bytes(),
    );
    // Deep nesting and huge sizes.
    let deep = |open: &str, close: &str, n: usize| format!("{}{}", open.repeat(n), close.repeat(n));
    p(
        out,
        "deep-brackets-title",
        small_with(&[(
            "title: \"Small test plan\"",
            &format!("title: {}", deep("[", "]", 5000)),
        )])
        .into_bytes(),
    );
    p(
        out,
        "deep-parens-unknown-field",
        small_with(&[(
            "  title: \"Small test plan\",",
            &format!(
                "  title: \"Small test plan\", extra: {},",
                deep("(", ")", 5000)
            ),
        )])
        .into_bytes(),
    );
    p(
        out,
        "deep-some",
        small_with(&[(
            "lead: \"Ann\"",
            &format!("lead: {}\"Ann\"{}", "Some(".repeat(5000), ")".repeat(5000)),
        )])
        .into_bytes(),
    );
    p(out, "deep-open-only", "(".repeat(20000).into_bytes());
    p(
        out,
        "deep-map-judgements",
        small_with(&[(
            "judgements: {\"q1\": 2}",
            &format!("judgements: {}", deep("{\"q1\": ", "}", 5000)),
        )])
        .into_bytes(),
    );
    p(
        out,
        "long-title-30k",
        small_with(&[("Small test plan", &"A very long title ".repeat(1700))]).into_bytes(),
    );
    p(
        out,
        "long-line-many-actions",
        rep(
            SMALL,
            "            Action(id: \"1.1.3\", title: \"Publish leaflets\", ratings: {\"q1\": 0}),\n",
            &(0..500)
                .map(|i| format!("Action(id: \"x.{i}\", title: \"T{i}\", ratings: {{\"q1\": {}}}), ", i % 5))
                .collect::<String>(),
        )
        .into_bytes(),
    );
    p(
        out,
        "many-periods",
        rep(
            SMALL,
            "    Period(id: \"q2\", label: \"Q2\", date: \"2025-09-30\"),\n",
            &(0..600)
                .map(|i| format!("    Period(id: \"p{i}\", label: \"P{i}\"),\n"))
                .collect::<String>(),
        )
        .into_bytes(),
    );
    // Trailing and leading garbage, two plans, other syntax.
    p(
        out,
        "trailing-garbage",
        [s, b"\n)))garbage".as_slice()].concat(),
    );
    p(out, "two-plans", [s, s].concat());
    p(
        out,
        "json-instead",
        b"{\"title\": \"Small test plan\", \"priorities\": []}".to_vec(),
    );
    p(
        out,
        "raw-string-title",
        small_with(&[("\"Small test plan\"", "r##\"Small \"# test plan\"##")]).into_bytes(),
    );
    p(
        out,
        "unterminated-string",
        small_with(&[("\"Small test plan\"", "\"Small test plan")]).into_bytes(),
    );
    p(
        out,
        "unterminated-raw-string",
        small_with(&[("\"Small test plan\"", "r#\"Small test plan")]).into_bytes(),
    );
    p(
        out,
        "bad-escape",
        small_with(&[("\"Small test plan\"", r#""Small \q \u{110000} \u{d800}""#)]).into_bytes(),
    );
    p(
        out,
        "extension-unwrap-newtypes",
        rep(
            SMALL,
            "#![enable(implicit_some)]",
            "#![enable(unwrap_newtypes, bogus)]",
        )
        .into_bytes(),
    );
    // References that point nowhere.
    p(
        out,
        "changes-unknown",
        rep(
            SMALL,
            "  priorities: [",
            "  changes: [Change(who: \"\u{1b}[2Jx\", when: \"2025-09-30T10:15:00Z\", item: \"9.9.9\", period: \"q9\", from: 7, to: 300)],\n  priorities: [",
        )
        .into_bytes(),
    );
    p(
        out,
        "published-unknown",
        rep(
            SMALL,
            "  priorities: [",
            "  published_summary: PublishedSummary(previous: \"q0\", current: \"q9\", overall: PublishedRow(previous: NaN, current: inf), priorities: [PublishedRow(priority: \"\u{202e}7\", previous: 1e308, current: -0.0)]),\n  priorities: [",
        )
        .into_bytes(),
    );
    p(
        out,
        "groups-unknown",
        rep(
            SMALL,
            "  priorities: [",
            "  groups: [Group(id: \"g\u{1b}\", title: \"\", priorities: [\"9\", \"1\", \"1\"])],\n  priorities: [",
        )
        .into_bytes(),
    );
    p(
        out,
        "indicator-odd-values",
        rep(
            SMALL,
            "      judgements: {\"q1\": 2},",
            "      judgements: {\"q1\": 2},\n      indicators: [Indicator(id: \"I\u{202e}1\", name: \"N\u{1b}[2J\", unit: \"%\", values: {\"2018-13\": NaN, \"x\": inf, \"2018-01\": 1e308}, ytd: -inf)],",
        )
        .into_bytes(),
    );
    p(
        out,
        "names-empty",
        rep(
            SMALL,
            "  periods: [",
            "  names: LevelNames(priority: \"\", objective: \"\u{1b}[2J\", action: \"\u{202e}\"),\n  periods: [",
        )
        .into_bytes(),
    );
    // Plans that are fine but unusual, so the good path meets odd text too.
    p(
        out,
        "unicode-rich-valid",
        small_with(&[
            ("Small test plan", "Plan ✓ für Kinder — 子ども 👩‍👧 e\u{301}"),
            ("Be healthy", "שלום healthy مرحبا"),
        ])
        .into_bytes(),
    );
    p(
        out,
        "html-and-markdown-in-text",
        small_with(&[
            (
                "Small test plan",
                "<script>alert(1)</script> | *plan* [x](javascript:alert(1))",
            ),
            (
                "Open a clinic",
                "<img src=x onerror=alert(1)> &amp; `code` | pipe",
            ),
        ])
        .into_bytes(),
    );
    p(
        out,
        "no-priorities-valid",
        rep(
            SMALL,
            &SMALL[SMALL.find("  priorities: [").unwrap()..SMALL.rfind(")").unwrap()],
            "  priorities: [],\n",
        )
        .into_bytes(),
    );
}

/// One journal line: `SEQ CRC32 PAYLOAD`.
fn jline(seq: u64, payload: &str) -> String {
    format!(
        "{seq} {:08x} {payload}\n",
        crc32fast::hash(payload.as_bytes())
    )
}

const HEADER: &str = "(plan:\"v2-0000000000000000-0\",user:\"ann\",host:\"hq\",pid:4242,started:\"2025-09-30T10:00:00Z\")";

fn apply(item: &str, from: &str, to: &str) -> String {
    format!(
        "Apply((who:\"ann\",when:\"2025-09-30T10:01:00Z\",item:\"{item}\",period:\"q2\",from:{from},to:{to}))"
    )
}

fn journal(entries: &[String]) -> String {
    let mut t = jline(0, HEADER);
    for (i, e) in entries.iter().enumerate() {
        t.push_str(&jline(i as u64 + 1, e));
    }
    t
}

fn journals(out: &mut Vec<Case>) {
    let j = |out: &mut Vec<Case>, name: &str, bytes: Vec<u8>| push(out, "journal", name, bytes);
    let good = journal(&[
        apply("1.1.1", "Some(3)", "Some(1)"),
        apply("1.1.2", "Some(2)", "Some(4)"),
        "Commit(file:\"v2-0000000000000000-0\")".to_string(),
        apply("2.1.1", "Some(1)", "Some(2)"),
    ]);
    j(out, "valid", good.clone().into_bytes());
    j(out, "empty", Vec::new());
    j(out, "header-only", jline(0, HEADER).into_bytes());
    j(out, "newline-only", b"\n".to_vec());
    for k in 1..=6 {
        let at = good.len() * k / 7;
        j(
            out,
            &format!("truncated-{k}-of-7"),
            good.as_bytes()[..at].to_vec(),
        );
    }
    j(
        out,
        "bad-checksum",
        good.replacen(
            &format!(
                "{:08x}",
                crc32fast::hash(apply("1.1.2", "Some(2)", "Some(4)").as_bytes())
            ),
            "deadbeef",
            1,
        )
        .into_bytes(),
    );
    j(
        out,
        "bad-sequence",
        good.replacen("\n2 ", "\n7 ", 1).into_bytes(),
    );
    j(
        out,
        "sequence-overflow",
        good.replacen("\n2 ", "\n99999999999999999999999 ", 1)
            .into_bytes(),
    );
    let mut noise = Noise(0x0100_A4A1);
    j(out, "random-bytes", noise.bytes(4096));
    j(out, "nul-bytes", vec![0; 300]);
    let mut nul = good.clone().into_bytes();
    let at = nul.len() / 2;
    nul[at] = 0;
    j(out, "nul-in-the-middle", nul);
    let mut bad = good.clone().into_bytes();
    let at = bad.len() / 3;
    bad[at] = 0xff;
    j(out, "bad-utf8", bad);
    j(out, "crlf", good.replace('\n', "\r\n").into_bytes());
    j(
        out,
        "esc-in-header",
        journal(&[apply("1.1.1", "Some(3)", "Some(1)")])
            .replacen(
                &jline(0, HEADER),
                &jline(
                    0,
                    &HEADER
                        .replace("ann", "ann\u{1b}]0;pwned\u{7}")
                        .replace("hq", "h\u{202e}q"),
                ),
                1,
            )
            .into_bytes(),
    );
    j(
        out,
        "esc-in-entries",
        journal(&[
            apply("1.1\u{1b}[2J", "Some(3)", "Some(1)"),
            "Apply((who:\"\u{202e}ann\",when:\"2025-09-30T10:01:00Z\",item:\"1.1.1\",period:\"q\u{1b}2\",from:None,to:Some(2),note:\"\u{1b}[31mred\"))".into(),
        ])
        .into_bytes(),
    );
    j(
        out,
        "unknown-items",
        journal(&[
            apply("9.9.9", "Some(3)", "Some(1)"),
            apply("1.1.1", "Some(200)", "Some(255)"),
            "RemovePeriod(\"q9\")".into(),
        ])
        .into_bytes(),
    );
    j(
        out,
        "unknown-variant",
        journal(&["Explode((item:\"1.1.1\"))".into(), "Commit(file:3)".into()]).into_bytes(),
    );
    j(
        out,
        "header-wrong-type",
        jline(0, "(plan:3,user:[],host:(),pid:-1,started:\"yesterday\")").into_bytes(),
    );
    j(
        out,
        "deep-payload",
        journal(&[format!("{}{}", "(".repeat(5000), ")".repeat(5000))]).into_bytes(),
    );
    j(
        out,
        "long-line",
        journal(&[format!(
            "Apply((who:\"{}\",when:\"2025-09-30T10:01:00Z\",item:\"1.1.1\",period:\"q2\",from:None,to:Some(1)))",
            "w".repeat(20_000)
        )])
        .into_bytes(),
    );
    let many: Vec<String> = (0..400)
        .map(|i| {
            apply(
                "1.1.1",
                &format!("Some({})", i % 4 + 1),
                &format!("Some({})", (i + 1) % 4 + 1),
            )
        })
        .collect();
    j(out, "many-entries", journal(&many).into_bytes());
    j(
        out,
        "no-newline-at-end",
        good.trim_end_matches('\n').to_string().into_bytes(),
    );
    j(out, "a-plan-instead", SMALL.as_bytes().to_vec());
    j(
        out,
        "huge-numbers",
        journal(&[apply("1.1.1", "Some(99999999999999999999)", "Some(-1)")]).into_bytes(),
    );
    j(
        out,
        "add-period-odd",
        journal(&[
            "AddPeriod((id:\"q\u{202e}3\",label:\"\u{1b}[2J\",date:\"99999-99-99\"))".into(),
            "AddPeriod((id:\"\",label:\"\"))".into(),
        ])
        .into_bytes(),
    );
    j(
        out,
        "duplicate-header",
        format!("{}{}", jline(0, HEADER), jline(0, HEADER)).into_bytes(),
    );
    j(out, "spaces-and-tabs", good.replace(' ', "\t").into_bytes());
}

fn csvs(out: &mut Vec<Case>) {
    let c = |out: &mut Vec<Case>, name: &str, text: &[u8]| push(out, "csv", name, text.to_vec());
    const HEAD: &str =
        "Priority,Outcome ID,Outcome,Action ID,Action,Lead,Due,RAG Q1,RAG Q2,Progress";
    let rows = [
        "Be healthy,1.1,Fewer conceptions,1.1.1,Open a clinic,Ann,Aug-25,1,3,Open",
        "Be healthy,1.1,Fewer conceptions,1.1.2,Train staff,Bob,2025-12-31,2,2,",
        "Stay safe,2.1,Seen on time,2.1.1,Weekly visits,,,4,1,\"Quoted, with comma\"",
    ];
    let sheet = |rows: &[&str], eol: &str| {
        let mut t = String::from(HEAD);
        t.push_str(eol);
        for r in rows {
            t.push_str(r);
            t.push_str(eol);
        }
        t
    };
    let good = sheet(&rows, "\n");
    c(out, "valid", good.as_bytes());
    c(out, "empty", b"");
    c(out, "header-only", HEAD.as_bytes());
    c(out, "blank-lines-only", b"\n\n\r\n\n");
    c(out, "bom", format!("\u{feff}{good}").as_bytes());
    c(
        out,
        "bom-crlf",
        format!("\u{feff}{}", sheet(&rows, "\r\n")).as_bytes(),
    );
    c(out, "crlf", sheet(&rows, "\r\n").as_bytes());
    c(out, "cr-only", sheet(&rows, "\r").as_bytes());
    let dup = |a: &str, b: &str| sheet(&[rows[0], &rows[1].replacen(a, b, 1)], "\n");
    c(out, "dup-action-outcome", dup("1.1.2", "1.1").as_bytes());
    c(out, "dup-action-action", dup("1.1.2", "1.1.1").as_bytes());
    c(
        out,
        "dup-action-outcome-crlf",
        dup("1.1.2", "1.1").replace('\n', "\r\n").as_bytes(),
    );
    c(
        out,
        "dup-outcome-across-priorities",
        sheet(&[rows[0], &rows[2].replacen("2.1,", "1.1,", 1)], "\n").as_bytes(),
    );
    c(
        out,
        "missing-action-column",
        b"Priority,Lead\nBe healthy,Ann\n",
    );
    c(
        out,
        "unknown-column",
        format!("{HEAD},Colour\n{},red\n", rows[0]).as_bytes(),
    );
    c(out, "duplicate-heading", b"Priority,Action,Action\np,a,b\n");
    c(
        out,
        "duplicate-period",
        b"Priority,Action,RAG Q1,RAG Q1\np,a,1,2\n",
    );
    c(
        out,
        "ragged-long-row",
        format!("{good}{},extra,cells\n", rows[0]).as_bytes(),
    );
    c(
        out,
        "ragged-short-row",
        format!("{good}Be healthy,1.1\n").as_bytes(),
    );
    c(
        out,
        "row-without-action",
        format!("{good}Be healthy,1.1,x,9.9,,,,,,\n").as_bytes(),
    );
    c(out, "first-row-no-priority", b"Priority,Action\n,a\n");
    for (name, cell) in [
        ("esc-in-title", "Open \u{1b}]0;pwned\u{7} clinic"),
        ("bidi-in-title", "Open \u{202e}cinilc\u{202c}"),
        ("cr-in-title", "\"Open\ra clinic\""),
        ("nul-in-title", "Open\0clinic"),
        ("formula", "=cmd|' /C calc'!A0"),
        ("html-in-title", "<script>alert(1)</script>"),
    ] {
        c(
            out,
            name,
            good.replacen("Open a clinic", cell, 1).as_bytes(),
        );
    }
    for (name, id) in [
        ("id-esc", "1.1\u{1b}[2J.1"),
        ("id-bidi", "1.1\u{202e}.1"),
        ("id-tab", "\"1.1\t.1\""),
        ("id-newline", "\"1.1\n.1\""),
    ] {
        c(out, name, good.replacen("1.1.1", id, 1).as_bytes());
    }
    for (name, rating) in [
        ("rating-huge", "99999999999999999999"),
        ("rating-negative", "-1"),
        ("rating-nan", "NaN"),
        ("rating-word", "purple"),
        ("rating-esc", "\u{1b}[31m3"),
    ] {
        c(
            out,
            name,
            good.replacen("Aug-25,1,3", &format!("Aug-25,1,{rating}"), 1)
                .as_bytes(),
        );
    }
    for (name, due) in [
        ("due-invalid-day", "32/13/2018"),
        ("due-feb-30", "30/02/2018"),
        ("due-huge-year", "Jan-99999999999"),
        ("due-word", "soon\u{202e}"),
    ] {
        c(out, name, good.replacen("Aug-25", due, 1).as_bytes());
    }
    let mut bad = good.clone().into_bytes();
    let at = good.find("Train").unwrap();
    bad[at] = 0xff;
    c(out, "bad-utf8", &bad);
    let latin1: Vec<u8> = good
        .replacen("Open", "Op~n", 1)
        .bytes()
        .map(|b| if b == b'~' { 0xe9 } else { b })
        .collect();
    c(out, "latin1", &latin1);
    c(
        out,
        "unterminated-quote",
        format!("{good}Be healthy,1.1,\"never closed,1.1.9,x\n").as_bytes(),
    );
    c(
        out,
        "quote-in-middle",
        format!("{good}Be healthy,1.1,a\"b,1.1.9,x\n").as_bytes(),
    );
    let mut noise = Noise(0xC5F);
    c(out, "random-bytes", &noise.bytes(2048));
    c(out, "nul-bytes", &[0u8; 512]);
    c(out, "only-commas", b",,,,,,,,\n,,,,\n");
    c(out, "semicolons", good.replace(',', ";").as_bytes());
    c(out, "tabs", good.replace(',', "\t").as_bytes());
    let wide: String = (0..1000).map(|i| format!("RAG P{i},")).collect();
    c(
        out,
        "thousand-columns",
        format!("Priority,Action,{wide}\np,a\n").as_bytes(),
    );
    c(
        out,
        "long-cell-20k",
        good.replacen("Open a clinic", &"x".repeat(20_000), 1)
            .as_bytes(),
    );
    let mut many = String::from(HEAD);
    many.push('\n');
    for i in 0..500 {
        let _ = writeln!(
            many,
            "P{},{}.1,O,{}.1.{i},Action {i},,,1,2,",
            i / 100,
            i / 100,
            i / 100
        );
    }
    c(out, "five-hundred-rows", many.as_bytes());
    c(
        out,
        "repeated-heading-rows",
        format!("{good}{HEAD}\n{}\n", rows[2].replace("2.1.1", "2.1.2")).as_bytes(),
    );
    c(
        out,
        "board-judgement-without-period",
        b"Priority,Action,board RAG Q9\np,a,1\n",
    );
    c(
        out,
        "heading-bidi",
        "Priority,Action,RAG \u{202e}Q1\np,a,1\n".as_bytes(),
    );
    c(
        out,
        "heading-esc",
        "Priority,Action,RAG \u{1b}[2JQ1\np,a,1\n".as_bytes(),
    );
    c(
        out,
        "judgements-differ",
        b"Priority,Action,RAG Q1,board RAG Q1\np,a,1,2\np,b,2,3\n",
    );
}

fn configs(out: &mut Vec<Case>) {
    let k = |out: &mut Vec<Case>, name: &str, text: &[u8]| push(out, "config", name, text.to_vec());
    k(out, "valid", b"(theme: \"mono\", user: \"ann\")");
    k(out, "empty", b"");
    k(out, "unit", b"()");
    k(out, "unknown-field", b"(\n  colour: \"mono\")");
    k(out, "theme-unknown", b"(theme: \"pink\")");
    k(
        out,
        "theme-esc",
        "(theme: \"\u{1b}]0;pwned\u{7}\")".as_bytes(),
    );
    k(out, "theme-bidi", "(theme: \"mo\u{202e}no\")".as_bytes());
    k(out, "user-esc", "(user: \"ann\u{1b}[2J\")".as_bytes());
    k(out, "user-bidi", "(user: \"\u{202e}nna\")".as_bytes());
    k(out, "wrong-type", b"(theme: 3, user: [])");
    k(out, "bom", "\u{feff}(theme: \"mono\")".as_bytes());
    k(out, "bad-utf8", b"(theme:\n \"m\xffono\")");
    k(out, "nul", b"(theme: \"mo\0no\")\0");
    k(
        out,
        "crlf",
        b"(\r\n  theme: \"mono\",\r\n  user: \"ann\",\r\n)\r\n",
    );
    k(out, "truncated", b"(theme: \"mono\",");
    k(out, "unterminated-string", b"(theme: \"mono)");
    k(
        out,
        "deep",
        format!("(theme: {}{})", "[".repeat(5000), "]".repeat(5000)).as_bytes(),
    );
    k(
        out,
        "long-user",
        format!("(user: \"{}\")", "u".repeat(20_000)).as_bytes(),
    );
    let mut noise = Noise(0xC0F1);
    k(out, "random-bytes", &noise.bytes(1024));
    k(out, "a-plan-instead", SMALL.as_bytes());
    k(
        out,
        "duplicate-field",
        b"(theme: \"mono\", theme: \"default\")",
    );
    k(out, "comment-only", b"// (theme: \"mono\")\n");
}

fn keys(out: &mut Vec<Case>) {
    let k = |out: &mut Vec<Case>, name: &str, text: &[u8]| push(out, "keys", name, text.to_vec());
    k(out, "valid", b"{\"next\": [\"n\", \"Space\"]}");
    k(out, "empty", b"");
    k(out, "empty-map", b"{}");
    k(out, "unknown-action", b"{\n  \"nope\": [\"x\"],\n}");
    k(out, "digit", b"{\"help\": [\"5\"]}");
    k(out, "conflict", b"{\n  \"next\": [\"q\"],\n}");
    k(
        out,
        "conflict-between-overrides",
        b"{\"next\": [\"x\"], \"prev\": [\"x\"]}",
    );
    k(
        out,
        "bad-key-name",
        b"{\"next\": [\"<c-s-a-f99>\", \"Ctrl+\", \"\"]}",
    );
    k(out, "esc-key", "{\"next\": [\"\u{1b}[A\"]}".as_bytes());
    k(
        out,
        "esc-action",
        "{\"ne\u{1b}]0;x\u{7}xt\": [\"n\"]}".as_bytes(),
    );
    k(out, "bidi-action", "{\"\u{202e}txen\": [\"n\"]}".as_bytes());
    k(out, "bidi-key", "{\"next\": [\"\u{202e}n\"]}".as_bytes());
    k(out, "string-not-list", b"{\"next\": \"n\"}");
    k(out, "list-not-map", b"[\"next\", \"n\"]");
    k(out, "number-keys", b"{1: [\"n\"]}");
    k(out, "bom", "\u{feff}{\"next\": [\"n\"]}".as_bytes());
    k(out, "bad-utf8", b"{\"next\": [\"\xff\"]}");
    k(out, "nul", b"{\"next\": [\"\0\"]}");
    k(
        out,
        "crlf",
        b"{\r\n  \"next\": [\"n\"],\r\n  \"nope\": [\"x\"],\r\n}\r\n",
    );
    k(out, "truncated", b"{\"next\": [");
    k(
        out,
        "deep",
        format!("{{\"next\": {}{}}}", "[".repeat(5000), "]".repeat(5000)).as_bytes(),
    );
    let many: String = (0..1000)
        .map(|i| format!("\"F{}\", ", i % 12 + 1))
        .collect();
    k(
        out,
        "thousand-keys",
        format!("{{\"next\": [{many}]}}").as_bytes(),
    );
    let mut noise = Noise(0x4E75);
    k(out, "random-bytes", &noise.bytes(1024));
    k(
        out,
        "duplicate-action",
        b"{\"next\": [\"n\"], \"next\": [\"j\"]}",
    );
    k(out, "scale-letter", b"{\"next\": [\"r\"]}");
}
