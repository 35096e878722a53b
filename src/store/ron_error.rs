//! What ron found wrong in a file, as one plain sentence a user can act on, at the token
//! at fault: ron says "Expected string" at the blank before a value; this says "expected
//! text in double quotes ("...") for `title`, found the number 2025" at the value.

use ron::error::{Error as E, Position, SpannedError};

/// What a file holds, for the few words that differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Holds {
    Plan,
    /// A config or key file.
    Settings,
}

/// Where the problem is (1-based line and column, in characters) and what to say.
pub(crate) fn describe(text: &str, e: &SpannedError, holds: Holds) -> ((usize, usize), String) {
    // Where ron stood: for a value of the wrong kind, after what it read before the value
    // (the blank, or a list's `[`); for the rest, at the token it could not take.
    let value = matches!(
        e.code,
        E::ExpectedString
            | E::ExpectedInteger
            | E::ExpectedFloat
            | E::ExpectedChar
            | E::ExpectedBoolean
            | E::ExpectedArray
            | E::ExpectedMap
    );
    let start = offset(text, if value { &e.span.end } else { &e.span.start });
    let mut token = skip_blank(text, start);
    let before = text[..token].chars().next_back();
    let digit_here = text[token..].starts_with(|c: char| c.is_ascii_digit());
    // ron stands after a number's sign (`-1`), and at the `.` of a fraction where a whole
    // number is expected (`2.5`): the number at fault starts before.
    let fraction = matches!(e.code, E::ExpectedComma)
        && text[token..].starts_with('.')
        && before.is_some_and(|c| c.is_ascii_digit());
    if fraction || (digit_here && matches!(before, Some('-' | '+'))) {
        token = after_last(&text[..token], |c| {
            !(c.is_ascii_digit() || c == '-' || c == '+')
        });
    }
    if matches!(e.code, E::UnclosedBlockComment) {
        let open = if text[start..].starts_with("/*") {
            Some(start)
        } else {
            text[..start].rfind("/*")
        };
        token = open.unwrap_or(token);
    }
    let message = if fraction {
        message(text, token, &E::ExpectedInteger, holds)
    } else {
        message(text, token, &e.code, holds)
    };
    // A missing field is said at the start of the item that lacks it (`Action(`), not
    // at the `)` that ends it.
    if matches!(e.code, E::MissingStructField { .. })
        && let Some(open) = innermost_open(text, token).filter(|o| o.bracket == '(')
    {
        let named_at = after_last(text[..open.at].trim_end(), |c| {
            !(c.is_alphanumeric() || c == '_')
        });
        let at = if named_at < open.at {
            named_at
        } else {
            open.at
        };
        return (position(text, at), message);
    }
    let at = if token < text.len() {
        position(text, token)
    } else {
        (e.span.start.line.max(1), e.span.start.col.max(1))
    };
    (at, message)
}

/// The offset just after the last character of `s` that `stop` holds for (0 if none).
fn after_last(s: &str, stop: impl Fn(char) -> bool) -> usize {
    s.char_indices()
        .rev()
        .find(|&(_, c)| stop(c))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// A bracket opened and not yet closed.
#[derive(Debug, Clone, Copy)]
struct Open {
    bracket: char,
    at: usize,
}

/// The innermost bracket open at `at`, reading the text before it as RON is read: text
/// in quotes, characters in single quotes and comments hold no brackets. A rough reading
/// (raw strings are taken as plain ones), used only to word a message.
fn innermost_open(text: &str, at: usize) -> Option<Open> {
    let b = text.as_bytes();
    let mut stack: Vec<Open> = Vec::new();
    let mut i = 0;
    while i < at.min(b.len()) {
        match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'\'' => {
                // A character: 'x', '\n', '\u{..}'; a lifetime-like lone quote is skipped.
                if let Some(end) = text[i + 1..].find('\'').filter(|e| *e <= 10) {
                    i += end + 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                i = text[i..].find('\n').map_or(b.len(), |e| i + e);
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..].find("*/").map_or(b.len(), |e| i + 2 + e + 1);
            }
            c @ (b'(' | b'[' | b'{') => stack.push(Open {
                bracket: c as char,
                at: i,
            }),
            b')' | b']' | b'}' => {
                stack.pop();
            }
            _ => {}
        }
        i += 1;
    }
    stack.pop()
}

/// When `at` holds a closing bracket that does not close the innermost open one, say
/// which is open: the usual cause of the message before it.
fn unclosed(text: &str, at: usize) -> String {
    let Some(closer) = text[at..]
        .chars()
        .next()
        .filter(|c| matches!(c, ')' | ']' | '}'))
    else {
        return String::new();
    };
    let Some(open) = innermost_open(text, at) else {
        return String::new();
    };
    let (what, close) = match open.bracket {
        '[' => ("the list", ']'),
        '{' => ("the map", '}'),
        _ => ("the parentheses", ')'),
    };
    if close == closer {
        return String::new();
    }
    let (line, col) = position(text, open.at);
    format!(
        " ({what} opened at line {line}, column {col} is not closed: is a `{close}` missing before here?)"
    )
}

/// The byte offset of a ron position (lines counted by `\n`, columns in characters).
fn offset(text: &str, p: &Position) -> usize {
    let mut line_start = 0;
    for _ in 1..p.line {
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => return text.len(),
        }
    }
    text[line_start..]
        .char_indices()
        .nth(p.col.saturating_sub(1))
        .map_or(text.len(), |(i, _)| line_start + i)
}

/// The line and column of a byte offset, as ron counts them.
fn position(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = 1 + before.matches('\n').count();
    let col = 1 + before.rsplit('\n').next().map_or(0, |l| l.chars().count());
    (line, col)
}

fn skip_blank(text: &str, from: usize) -> usize {
    text[from..]
        .find(|c: char| !c.is_whitespace())
        .map_or(text.len(), |i| from + i)
}

/// What stands at `at`, in words: "the number 2025", "a list ([...])", "`scale`".
fn found(text: &str, at: usize) -> String {
    let rest = &text[at..];
    let Some(c) = rest.chars().next() else {
        return "the end of the file".into();
    };
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '+' | '-'))
        .take(24)
        .collect();
    match c {
        '"' => match rest[1..].find(['"', '\n']) {
            Some(end) if end <= 24 && rest[1 + end..].starts_with('"') => {
                format!("the text {}", &rest[..end + 2])
            }
            _ => "text in double quotes".into(),
        },
        '\'' => "a character in single quotes".into(),
        '[' => "a list ([...])".into(),
        '{' => "a map ({...})".into(),
        '(' | ')' | ']' | '}' | ':' | ',' | ';' => format!("`{c}`"),
        c if c.is_ascii_digit() || (matches!(c, '-' | '+' | '.') && word.len() > 1) => {
            format!("the number {word}")
        }
        '\u{feff}' => "a byte-order mark (U+FEFF, unseen in most editors): remove it".into(),
        c if c.is_control() || crate::text::is_bidi_control(c) => {
            format!("the control character U+{:04X}", c as u32)
        }
        c if c.is_alphabetic() || c == '_' => format!("`{word}`"),
        c => format!("`{c}`"),
    }
}

/// The name a value at `at` is given, when it follows `name:` or `"key":`.
fn named(text: &str, at: usize) -> Option<String> {
    let before = text[..at].trim_end();
    let before = before.strip_suffix(':')?.trim_end();
    if let Some(inner) = before.strip_suffix('"') {
        let open = inner.rfind('"')?;
        let key = &inner[open + 1..];
        return (!key.contains('\n') && key.chars().count() <= 40).then(|| format!("\"{key}\""));
    }
    let name: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    (!name.is_empty()).then(|| format!("`{name}`"))
}

/// The name or word just before `at` (`title` in `title "x"`).
fn word_before(text: &str, at: usize) -> Option<String> {
    let before = text[..at].trim_end();
    let start = after_last(before, |c| !(c.is_alphanumeric() || c == '_'));
    let w = &before[start..];
    (!w.is_empty() && w.len() <= 40).then(|| w.to_string())
}

/// " for `title`", or nothing.
fn for_name(text: &str, at: usize) -> String {
    named(text, at).map_or_else(String::new, |n| format!(" for {n}"))
}

/// When the token follows text in quotes that began on an earlier line, say so: the
/// usual cause is a quote not closed there, which ran on to here.
fn runaway_string(text: &str, at: usize) -> String {
    let before = text[..at].trim_end();
    let Some(inner) = before.strip_suffix('"') else {
        return String::new();
    };
    let Some(open) = inner.rfind('"') else {
        return String::new();
    };
    if !inner[open..].contains('\n') {
        return String::new();
    }
    let (line, col) = position(text, open);
    format!(
        " (the text in quotes from line {line}, column {col} runs on to here: is a closing quote \
         missing there?)"
    )
}

fn message(text: &str, at: usize, code: &E, holds: Holds) -> String {
    let found = found(text, at);
    let cut_short = if at >= text.len() {
        ": is the file cut short?"
    } else {
        ""
    };
    let unclosed = unclosed(text, at);
    let expected = |what: &str| {
        format!(
            "expected {what}{}, found {found}{cut_short}{unclosed}",
            for_name(text, at)
        )
    };
    match code {
        E::Eof => "the file ends too soon: a bracket, parenthesis or quote is not closed (is \
                   the file cut short?)"
            .into(),
        E::ExpectedNamedStructLike("Plan") if at >= text.len() => {
            "the file holds no plan: a plan file starts with `Plan(`".into()
        }
        E::ExpectedNamedStructLike("Plan") if found.starts_with("a map") => format!(
            "expected `Plan(`, found {found}: this looks like JSON, and a plan file is RON, \
             `Plan(title: \"...\", ...)` (ragboard export writes JSON for other tools, but does \
             not read it back)"
        ),
        E::ExpectedNamedStructLike(name) if !name.is_empty() => expected(&format!("`{name}(`")),
        E::ExpectedDifferentStructName {
            expected: want,
            found: got,
        } => format!("expected `{want}(`, found `{got}(`"),
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => expected("`(`"),
        E::ExpectedStructLikeEnd | E::ExpectedOptionEnd => format!(
            "expected `)` to close the parentheses, or a comma before the next field, found \
             {found}{cut_short}{}",
            runaway_string(text, at)
        ),
        E::ExpectedArray => expected("a list in square brackets ([...])"),
        E::ExpectedArrayEnd => format!(
            "expected `]` to close the list, or a comma before the next item, found \
             {found}{cut_short}{}",
            runaway_string(text, at)
        ),
        E::ExpectedMap => expected("a map in braces ({\"key\": value, ...})"),
        E::ExpectedMapEnd => format!(
            "expected `}}` to close the map, or a comma before the next entry, found \
             {found}{cut_short}{}",
            runaway_string(text, at)
        ),
        E::ExpectedMapColon => format!(
            "expected a colon (:) after {}, found {found}{cut_short}{}",
            word_before(text, at).map_or_else(|| "the name".into(), |w| format!("`{w}`")),
            runaway_string(text, at)
        ),
        E::ExpectedComma => format!(
            "expected a comma (,) between two fields or items, found {found}{cut_short}{}",
            runaway_string(text, at)
        ),
        E::ExpectedString => expected("text in double quotes (\"...\")"),
        E::ExpectedStringEnd => {
            "text in quotes is not closed: expected a closing quote (\")".into()
        }
        E::ExpectedInteger => expected("a whole number"),
        E::ExpectedFloat => expected("a number"),
        E::ExpectedChar => expected("one character in single quotes ('r')"),
        E::ExpectedBoolean => expected("true or false"),
        E::ExpectedOption => expected("a value"),
        E::ExpectedUnit => expected("`()`"),
        E::ExpectedIdentifier => format!("expected a field's name, found {found}{cut_short}"),
        E::IntegerOutOfBounds => format!(
            "{}{} is out of range: ratings and scale values are whole numbers from 0 to 255",
            found,
            for_name(text, at)
        ),
        E::InvalidIntegerDigit { digit, .. } => {
            format!("{digit:?} is not a digit: expected a whole number")
        }
        E::UnderscoreAtBeginning | E::FloatUnderscore => {
            format!("{found} is not a number: write it without underscores")
        }
        E::InvalidEscape(_) => "an unknown escape in text in quotes (a backslash and what \
                                follows it): write \\\\ for a backslash itself, or use \\n, \
                                \\\" or \\u{...}"
            .into(),
        E::NoSuchExtension(name) => format!(
            "unknown RON extension `{name}` in #![enable(...)]: expected implicit_some, \
             unwrap_newtypes, unwrap_variant_newtypes or explicit_struct_names"
        ),
        E::UnclosedBlockComment => "a comment opened here with /* is never closed with */".into(),
        E::UnexpectedChar(_) => format!("unexpected {found}"),
        E::TrailingCharacters if holds == Holds::Plan => format!(
            "more after the end of the plan (found {found}): a plan file holds one plan, \
             closed by its last `)`"
        ),
        E::TrailingCharacters => format!(
            "more after the end of the settings (found {found}): everything goes between the \
             first bracket and the one that closes it"
        ),
        E::InvalidValueForType {
            expected: want,
            found: got,
        } => format!("expected {want}{}, found {got}", for_name(text, at)),
        E::NoSuchStructField {
            expected: fields,
            found: got,
            outer,
        } => {
            let within = outer.as_deref().unwrap_or("this");
            match closest(got, fields) {
                Some(near) => format!("{within} has no field `{got}`: did you mean `{near}`?"),
                None => format!("{within} has no field `{got}`: expected {}", one_of(fields)),
            }
        }
        E::MissingStructField { field, outer } => match outer {
            Some(outer) => format!("{outer} is missing the field `{field}`"),
            None => format!("missing the field `{field}`"),
        },
        E::DuplicateStructField { field, outer } => format!(
            "{} has the field `{field}` twice: keep one",
            outer.as_deref().unwrap_or("this")
        ),
        E::NoSuchEnumVariant {
            expected: kinds,
            found: got,
            outer,
        } => format!(
            "unknown {} `{got}`: expected {}",
            outer.as_deref().unwrap_or("kind"),
            one_of(kinds)
        ),
        E::ExceededRecursionLimit => {
            "nested too deeply: brackets inside brackets more than a plan ever needs".into()
        }
        // Our own types' words (a due date, an ambition), or ron's for the rare rest.
        other => lower_first(&other.to_string()),
    }
}

fn one_of(names: &[&str]) -> String {
    match names {
        [] => "nothing here".into(),
        [one] => format!("`{one}`"),
        [init @ .., last] => format!(
            "one of {} or `{last}`",
            init.iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The name nearest `word`, when it is near enough to be a slip of the keyboard.
fn closest<'n>(word: &str, names: &[&'n str]) -> Option<&'n str> {
    let (best, d) = names
        .iter()
        .map(|n| (*n, distance(word, n)))
        .min_by_key(|(_, d)| *d)?;
    let limit = if word.chars().count() <= 4 { 1 } else { 2 };
    (d <= limit || best.starts_with(word) || word.starts_with(best)).then_some(best)
}

/// Levenshtein distance, with a swap of two neighbours counted as one edit.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        // "Expected ..." but not "RON ..." or "UTF-8 ...".
        Some(f) if f.is_uppercase() && c.clone().next().is_some_and(char::is_lowercase) => {
            f.to_lowercase().chain(c).collect()
        }
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn say(text: &str) -> String {
        let e = crate::store::parse::plan(text).unwrap_err();
        let ((line, col), m) = describe(text, &e, Holds::Plan);
        format!("{line}:{col}: {m}")
    }

    #[test]
    fn a_value_of_the_wrong_kind_is_named_and_shown() {
        assert_eq!(
            say("Plan(\n  title: 2025,\n)"),
            "2:10: expected text in double quotes (\"...\") for `title`, found the number 2025"
        );
    }

    #[test]
    fn a_slip_of_the_keyboard_gets_a_suggestion() {
        assert_eq!(
            say("Plan(\n  titel: \"x\",\n)"),
            "2:3: Plan has no field `titel`: did you mean `title`?"
        );
        assert_eq!(distance("titel", "title"), 1);
        assert_eq!(closest("zzzz", &["title", "scale"]), None);
    }

    #[test]
    fn an_empty_file_holds_no_plan() {
        assert_eq!(
            say(""),
            "1:1: the file holds no plan: a plan file starts with `Plan(`"
        );
        assert_eq!(
            say("  // a comment\n"),
            "1:15: the file holds no plan: a plan file starts with `Plan(`"
        );
    }

    #[test]
    fn a_quote_left_open_is_pointed_back_to() {
        let m = say("Plan(\n  title: \"Base,\n  organisation: \"x\",\n)");
        assert!(
            m.ends_with("(the text in quotes from line 2, column 10 runs on to here: is a closing quote missing there?)"),
            "{m}"
        );
    }

    /// Every cut of a plan full of characters of several bytes, and every one-character
    /// change to it, gets a message at a place inside the text: no slicing inside a
    /// character, whatever ron reports.
    #[test]
    fn any_broken_text_is_described_without_a_panic() {
        let text = "#![enable(implicit_some)]\n// Çà → ✓\nPlan(\n  title: \"Plan é → ✓\", /* ∑ */\n  \
                    scale: Scale(name: \"ÿ\", levels: [Level(value: 1, label: \"R\", name: \"Ŕ\", \
                    colour: \"red\", key: 'é')]),\n  periods: [Period(id: \"q1\", label: \"Q¹\", \
                    date: \"2025-06-30\")],\n  priorities: [Priority(id: \"1\", title: \"✓\", \
                    objectives: [Objective(id: \"1.1\", title: \"é\", actions: [Action(id: \
                    \"1.1.1\", title: \"→\", ratings: {\"q1\": 1})])])],\n)\n";
        assert!(crate::store::parse::plan(text).is_ok());
        let mut texts: Vec<String> = text
            .char_indices()
            .map(|(i, _)| text[..i].to_string())
            .collect();
        for (i, c) in text.char_indices().step_by(3) {
            for with in ["", "é", "\"", "(", "]", "-", ".5", "→"] {
                texts.push(format!("{}{with}{}", &text[..i], &text[i + c.len_utf8()..]));
            }
        }
        for t in &texts {
            if let Err(e) = crate::store::parse::plan(t) {
                let ((line, col), m) = describe(t, &e, Holds::Plan);
                assert!(!m.is_empty(), "{t:?}");
                let lines = t.split('\n').count().max(1);
                assert!(
                    line >= 1 && line <= lines && col >= 1,
                    "{line}:{col} in {t:?}"
                );
            }
        }
    }

    #[test]
    fn positions_and_offsets_agree() {
        let text = "ab\nçd\n\nef";
        for at in [0, 1, 3, 5, 6, 7, 8, 9] {
            let (line, col) = position(text, at);
            assert_eq!(offset(text, &Position { line, col }), at, "{at}");
        }
    }
}
