//! Plan text is data, never terminal commands: control characters (ESC, CR, BEL, the C1
//! set...) in a title could retitle the terminal, clear the screen or forge a line, and
//! bidirectional controls (U+202E and its kin) could make a line read in a different order
//! from the one it is stored in ("Trojan Source"). They are shown as visible placeholders
//! in every text output.

use std::borrow::Cow;
use std::io::{self, Write};

/// What a control character becomes.
pub const PLACEHOLDER: char = '\u{FFFD}';

/// A character that reorders the text around it: the bidirectional embeddings, overrides
/// and isolates (U+202A-U+202E, U+2066-U+2069) and the directional marks (U+200E, U+200F,
/// U+061C).
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

fn unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c)
}

/// The first character of `s` that is a control character (newline and tab included) or a
/// bidirectional control: none belongs in an id, which is typed at the keyboard (`:1.2.3`)
/// and shown in every output.
pub fn unprintable(s: &str) -> Option<char> {
    s.chars().find(|&c| c.is_control() || is_bidi_control(c))
}

/// `s` with every control character but newline and tab, and every bidirectional control,
/// replaced by U+FFFD.
pub fn clean(s: &str) -> Cow<'_, str> {
    if s.chars().any(unsafe_char) {
        Cow::Owned(
            s.chars()
                .map(|c| if unsafe_char(c) { PLACEHOLDER } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(s)
    }
}

/// A writer that cleans everything passing through it, for the text commands' stdout and
/// stderr: one guard at the edge rather than a call at every place plan text is printed.
/// Bytes are decoded as UTF-8 across write boundaries; invalid bytes pass as U+FFFD.
pub struct Clean<W: Write> {
    inner: W,
    /// The start of a character split across two writes.
    partial: Vec<u8>,
}

impl<W: Write> Clean<W> {
    pub fn new(inner: W) -> Clean<W> {
        Clean {
            inner,
            partial: Vec::new(),
        }
    }
}

impl<W: Write> Write for Clean<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.partial.extend_from_slice(buf);
        let mut bytes = std::mem::take(&mut self.partial);
        let mut out = String::with_capacity(bytes.len());
        let mut rest: &[u8] = &bytes;
        loop {
            match std::str::from_utf8(rest) {
                Ok(s) => {
                    out.push_str(&clean(s));
                    rest = &[];
                    break;
                }
                Err(e) => {
                    let (good, bad) = rest.split_at(e.valid_up_to());
                    out.push_str(&clean(std::str::from_utf8(good).unwrap_or_default()));
                    match e.error_len() {
                        Some(n) => {
                            out.push(PLACEHOLDER);
                            rest = &bad[n..];
                        }
                        // An incomplete character at the end: wait for the next write.
                        None => {
                            rest = bad;
                            break;
                        }
                    }
                }
            }
        }
        let keep = rest.to_vec();
        bytes.clear();
        self.partial = keep;
        self.inner.write_all(out.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.partial.is_empty() {
            self.partial.clear();
            self.inner.write_all(PLACEHOLDER.to_string().as_bytes())?;
        }
        self.inner.flush()
    }
}

impl<W: Write> Drop for Clean<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_become_placeholders() {
        assert_eq!(clean("plain\ttext\n"), "plain\ttext\n");
        assert_eq!(clean("a\u{1b}]0;pwned\u{7}b"), "a\u{FFFD}]0;pwned\u{FFFD}b");
        assert_eq!(
            clean("cr\rx\u{9b}2J\u{7f}"),
            "cr\u{FFFD}x\u{FFFD}2J\u{FFFD}"
        );
    }

    #[test]
    fn the_writer_cleans_across_write_boundaries() {
        let mut out = Vec::new();
        {
            let mut w = Clean::new(&mut out);
            // U+009B (CSI, C1) is C2 9B in UTF-8: split across two writes.
            w.write_all(b"x\xc2").unwrap();
            w.write_all(b"\x9b2J \xe2\x96").unwrap();
            w.write_all(b"\xb2 \x1b[2J \xff end").unwrap();
        }
        let s = String::from_utf8(out).unwrap();
        assert_eq!(s, "x\u{FFFD}2J ▲ \u{FFFD}[2J \u{FFFD} end");
        assert!(!s.bytes().any(|b| b == 0x1b));
    }

    #[test]
    fn bidirectional_controls_become_placeholders() {
        for c in [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
        ] {
            let s = format!("ab{c}cd");
            assert_eq!(clean(&s), "ab\u{FFFD}cd", "U+{:04X}", c as u32);
        }
        // Right-to-left letters themselves are text, and stay.
        assert_eq!(clean("שלום مرحبا"), "שלום مرحبا");
        let mut out = Vec::new();
        {
            let mut w = Clean::new(&mut out);
            // U+202E is E2 80 AE: split across writes.
            w.write_all(b"id \xe2\x80").unwrap();
            w.write_all(b"\xae1.1").unwrap();
        }
        assert_eq!(String::from_utf8(out).unwrap(), "id \u{FFFD}1.1");
    }
}
