//! Plan text in Markdown papers is text, never markup a renderer acts on. A Markdown
//! renderer passes raw HTML through (`<script>`, `<img onerror=…>`, `<b>`), and makes
//! links of `[text](url)`; a title or note holding either would run or show as something
//! it is not wherever the paper is pasted. The HTML paper escapes its text; these are the
//! Markdown papers' equivalents.
//!
//! Two layers: [`cell`] makes one piece of plan text safe inside a table cell or a line
//! (pipes and backslashes escaped, lines joined), and [`inert`] runs over the whole paper
//! (the papers' own template writes no HTML, entity or link, so whatever looks like one came
//! from the plan): a `<` that could open a tag, comment or autolink becomes `&lt;`, an `&`
//! that would read as an entity becomes `&amp;`, and `](` loses its meaning as a link.
//! Plain text ("A & B", "fewer than 5 < 10", "5 * 3") is left as it is.

/// One piece of plan text in a table cell or a line: cannot break the table or the line.
pub fn cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
}

/// The whole paper with anything that a Markdown renderer would take as HTML or a link
/// made inert.
pub fn inert(doc: &str) -> String {
    let b = doc.as_bytes();
    let mut out = String::with_capacity(doc.len() + 16);
    let mut last = 0;
    for (i, c) in doc.char_indices() {
        let replacement = match c {
            '<' if opens_html(b.get(i + 1).copied()) => "&lt;",
            '&' if is_entity(&doc[i + 1..]) => "&amp;",
            ']' if b.get(i + 1) == Some(&b'(') => "\\]",
            _ => continue,
        };
        out.push_str(&doc[last..i]);
        out.push_str(replacement);
        last = i + c.len_utf8();
    }
    out.push_str(&doc[last..]);
    out
}

/// After `<`: a tag name, a closing tag, a comment or declaration, a processing instruction
/// (CommonMark's raw HTML and autolinks all start so).
fn opens_html(next: Option<u8>) -> bool {
    next.is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, b'/' | b'!' | b'?'))
}

/// After `&`: `name;`, `#123;` or `#x1F;`, which a renderer turns into a character.
fn is_entity(rest: &str) -> bool {
    let b = rest.as_bytes();
    let (digits, start): (fn(&u8) -> bool, usize) = match (b.first(), b.get(1)) {
        (Some(b'#'), Some(b'x' | b'X')) => (u8::is_ascii_hexdigit, 2),
        (Some(b'#'), _) => (u8::is_ascii_digit, 1),
        (Some(c), _) if c.is_ascii_alphabetic() => (u8::is_ascii_alphanumeric, 0),
        _ => return false,
    };
    let n = b[start..].iter().take_while(|c| digits(c)).count();
    n > 0 && n <= 32 && b.get(start + n) == Some(&b';')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_entities_and_links_become_text() {
        assert_eq!(
            inert("<script>alert(1)</script> <b>bold</b> <!-- c --> <?x?>"),
            "&lt;script>alert(1)&lt;/script> &lt;b>bold&lt;/b> &lt;!-- c --> &lt;?x?>"
        );
        assert_eq!(
            inert("<img src=x onerror=alert(1)>"),
            "&lt;img src=x onerror=alert(1)>"
        );
        assert_eq!(inert("<https://example.org>"), "&lt;https://example.org>");
        assert_eq!(
            inert("&lt;b&gt; &#60; &#x3C; &amp;"),
            "&amp;lt;b&amp;gt; &amp;#60; &amp;#x3C; &amp;amp;"
        );
        assert_eq!(
            inert("[click](javascript:alert(1)) ![i](http://t/x.png)"),
            "[click\\](javascript:alert(1)) ![i\\](http://t/x.png)"
        );
    }

    #[test]
    fn plain_text_is_left_alone() {
        for s in [
            "Health & Wellbeing",
            "fewer than 5 < 10, more > 3",
            "A&E waits; R&D",
            "5 * 3 = 15 [see note]",
            "2 → 3 · ▲ up",
            "<",
            "&",
            "x <- y",
        ] {
            assert_eq!(inert(s), s);
        }
    }

    #[test]
    fn a_cell_keeps_its_table_and_line() {
        assert_eq!(cell("a|b\\c\r\nd"), "a\\|b\\\\c  d");
    }
}
