//! What every sheet ragboard writes or reads shares: cells that a spreadsheet would run as
//! formulas are neutralised on the way out and read back exactly; the byte order mark Excel
//! wants in a CSV file; and ids a spreadsheet has turned into numbers.
//!
//! A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is one a spreadsheet
//! may run as a formula (`=HYPERLINK(...)` becomes a live link): OWASP's advice is to put
//! a `'` in front, which spreadsheets show as text and do not display. A cell that already
//! starts with `'` in front of such text gets one more, so [`unguard`] gives back exactly
//! what [`guard`] was given, whatever it was. A plain number (`-1.5`) is no formula and
//! stays a number.

use std::borrow::Cow;

/// The byte order mark: Excel reads a CSV file as UTF-8 only when it starts with one.
pub const BOM: &str = "\u{feff}";

/// Characters a spreadsheet may take as the start of a formula.
const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Would a spreadsheet run this cell, or is it a guarded one (a `'` before such text)?
fn needs_guard(s: &str) -> bool {
    if is_number(s) {
        return false;
    }
    match s.chars().next() {
        Some(c) if TRIGGERS.contains(&c) => true,
        Some('\'') => needs_guard(&s[1..]),
        _ => false,
    }
}

/// A plain decimal number ("-1.5", "+2"): a spreadsheet reads it as that number.
fn is_number(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    !digits.is_empty()
        && digits.chars().any(|c| c.is_ascii_digit())
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.matches('.').count() <= 1
}

/// The cell as written to a sheet: with a `'` in front where a spreadsheet could run it.
pub fn guard(s: &str) -> Cow<'_, str> {
    if needs_guard(s) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Write one CSV record, each cell guarded.
pub fn write_record<W: std::io::Write, S: AsRef<str>>(
    w: &mut csv::Writer<W>,
    cells: &[S],
) -> csv::Result<()> {
    w.write_record(cells.iter().map(|c| guard(c.as_ref()).into_owned()))
}

/// The cell as it was before [`guard`]: its `'` removed where guard put one.
pub fn unguard(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest,
        _ => s,
    }
}

/// A sheet's id that a spreadsheet has read as a number and written back without its
/// trailing zero: "8.2" where the ids around it (of the same kind, the same whole part, in
/// sheet order) are "8.19" and "8.21". `before` and `after` are those neighbours. Returns
/// the id it most likely was ("8.20").
pub fn lost_zero(id: &str, before: Option<&str>, after: Option<&str>) -> Option<String> {
    let (whole, frac) = decimal(id)?;
    if frac.ends_with('0') {
        return None;
    }
    let part = |other: Option<&str>| -> Option<u64> {
        let (w, f) = decimal(other?)?;
        (w == whole).then(|| f.parse().ok()).flatten()
    };
    let (prev, next) = (part(before), part(after));
    let value: u64 = frac.parse().ok()?;
    // The id where it is, as it reads: the next after the one before it is no mistake.
    if prev.is_some_and(|p| p + 1 == value) || next.is_some_and(|n| value + 1 == n) {
        return None;
    }
    for zeros in 1..=2 {
        let padded = format!("{frac}{}", "0".repeat(zeros));
        let v: u64 = padded.parse().ok()?;
        if prev.is_some_and(|p| p + 1 == v) || next.is_some_and(|n| v + 1 == n) {
            return Some(format!("{whole}.{padded}"));
        }
    }
    None
}

/// "8.20" as ("8", "20"): an id that reads as a decimal number.
fn decimal(id: &str) -> Option<(&str, &str)> {
    let (w, f) = id.split_once('.')?;
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    (digits(w) && digits(f)).then_some((w, f))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_guarded_and_read_back_exactly() {
        for s in [
            "=HYPERLINK(\"http://x\",\"click\")",
            "+1+2",
            "-A1",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "'=x",
            "''=x",
            "'",
            "'plain",
            "plain",
            "-1.5",
            "+2",
            "",
            "-",
            "1.2.3",
        ] {
            let g = guard(s);
            assert_eq!(unguard(&g), s, "{s:?} → {g:?}");
            let runs = g.starts_with(TRIGGERS) && !is_number(&g);
            assert!(!runs, "{s:?} written as {g:?}");
        }
        assert_eq!(guard("=1+1"), "'=1+1");
        assert_eq!(guard("-1.5"), "-1.5");
        assert_eq!(guard("-"), "'-");
        assert_eq!(guard("'=x"), "''=x");
        assert_eq!(guard("'quoted'"), "'quoted'");
        assert_eq!(unguard("'quoted'"), "'quoted'");
    }

    #[test]
    fn ids_that_lost_a_trailing_zero() {
        assert_eq!(
            lost_zero("8.2", Some("8.19"), Some("8.21")).as_deref(),
            Some("8.20")
        );
        assert_eq!(
            lost_zero("8.2", None, Some("8.21")).as_deref(),
            Some("8.20")
        );
        assert_eq!(lost_zero("1.1", Some("1.9"), None).as_deref(), Some("1.10"));
        assert_eq!(
            lost_zero("3.1", Some("3.99"), None).as_deref(),
            Some("3.100")
        );
        // In sequence: no mistake.
        assert_eq!(lost_zero("8.2", Some("8.1"), Some("8.3")), None);
        assert_eq!(lost_zero("8.2", Some("8.1"), Some("8.21")), None);
        // Nothing around it of the same whole part, or not a number.
        assert_eq!(lost_zero("8.2", Some("7.19"), None), None);
        assert_eq!(lost_zero("8.1.2", Some("8.1.19"), None), None);
        assert_eq!(lost_zero("8.20", Some("8.19"), None), None);
    }
}
