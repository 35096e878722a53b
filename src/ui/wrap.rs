//! Wrapping with a hanging indent: a bullet's or a field's continuation lines start under
//! its text, not at the margin, so long measures and notes read as one item each.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Where continuation rows of `line` start: under the text after leading spaces and a
/// bullet ("• ", "▶ ", "↳ "), or after a field's padded label ("Lead         ").
fn indent(line: &Line) -> usize {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let lead = text.chars().take_while(|c| *c == ' ').count();
    let rest: String = text.chars().skip(lead).take(2).collect();
    if ["• ", "▶ ", "↳ ", "◆ "].contains(&rest.as_str()) {
        return lead + 2;
    }
    match line.spans.first() {
        // A label padded to a column: at least two spaces after a word.
        Some(first)
            if line.spans.len() > 1
                && first.content.ends_with("  ")
                && !first.content.trim().is_empty() =>
        {
            first.width()
        }
        _ => lead,
    }
}

/// `lines` wrapped to `width` at word boundaries, continuation rows indented.
pub fn hanging(lines: Vec<Line<'static>>, width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width);
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        if width == 0 || line.width() <= width {
            out.push(line);
            continue;
        }
        // Too deep an indent leaves no room: fall back to the margin.
        let hang = indent(&line).min(width / 2);
        let style = line.style;
        let mut row: Vec<Span<'static>> = Vec::new();
        let mut used = 0;
        let push_row = |row: &mut Vec<Span<'static>>, out: &mut Vec<Line<'static>>| {
            out.push(Line::from(std::mem::take(row)).style(style));
        };
        for (word, st) in words(&line) {
            // Fit by the word itself; the spaces after it may hang past the edge (dropped).
            let trimmed = Span::raw(word.trim_end()).width();
            let word = if used + Span::raw(word.as_str()).width() > width && used + trimmed <= width
            {
                word.trim_end().to_string()
            } else {
                word
            };
            let w = Span::raw(word.as_str()).width();
            if used + trimmed.min(width) > width && used > hang {
                push_row(&mut row, &mut out);
                row.push(Span::raw(" ".repeat(hang)));
                used = hang;
                if word.trim().is_empty() {
                    continue; // no space at the start of a continuation row
                }
            }
            if w > width - used {
                // A word longer than the row: cut it where the row ends.
                let mut piece = String::new();
                for c in word.chars() {
                    let cw = Span::raw(c.to_string()).width();
                    if used + cw > width {
                        row.push(Span::styled(std::mem::take(&mut piece), st));
                        push_row(&mut row, &mut out);
                        row.push(Span::raw(" ".repeat(hang)));
                        used = hang;
                    }
                    piece.push(c);
                    used += cw;
                }
                row.push(Span::styled(piece, st));
            } else {
                row.push(Span::styled(word, st));
                used += w;
            }
        }
        if !row.is_empty() {
            push_row(&mut row, &mut out);
        }
    }
    out
}

/// The line as words with their styles: each word keeps the spaces after it.
fn words(line: &Line<'static>) -> Vec<(String, Style)> {
    let mut out = Vec::new();
    for span in &line.spans {
        let mut word = String::new();
        let mut in_space = false;
        for c in span.content.chars() {
            if c == ' ' {
                in_space = true;
            } else if in_space {
                out.push((std::mem::take(&mut word), span.style));
                in_space = false;
            }
            word.push(c);
        }
        if !word.is_empty() {
            out.push((word, span.style));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn bullets_and_fields_hang_under_their_text() {
        let lines = vec![
            Line::from("• There is evidence of engagement with middle managers"),
            Line::from(vec![
                Span::raw("Lead         "),
                Span::raw("Wendy Brown and improvement consultant"),
            ]),
            Line::from("short"),
        ];
        let out = text(&hanging(lines, 30));
        assert_eq!(
            out,
            [
                "• There is evidence of ",
                "  engagement with middle ",
                "  managers",
                "Lead         Wendy Brown and ",
                "             improvement ",
                "             consultant",
                "short",
            ]
        );
    }

    #[test]
    fn a_word_longer_than_the_row_is_cut() {
        let out = text(&hanging(vec![Line::from("  abcdefghijklmnop")], 10));
        assert_eq!(out, ["  abcdefgh", "  ijklmnop"]);
    }
}
