//! Finding where a value stands in plan text, for messages with line and column.
//!
//! serde gives no positions for values that parsed well but fail validation, so we find
//! them again in the text: the n-th `id: "X"`, then a field or key after it.

/// 1-based line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rfind('\n').map_or(before.chars().count(), |nl| {
        before[nl + 1..].chars().count()
    }) + 1;
    (line, col)
}

/// Byte offset of the `nth` (0-based) occurrence of `id: "<id>"`.
pub fn id_offset(text: &str, id: &str, nth: usize) -> Option<usize> {
    let needle = format!("id: {}", quoted(id));
    text.match_indices(&needle).nth(nth).map(|(i, _)| i)
}

/// Offset of `needle` at or after `from`.
pub fn after(text: &str, from: usize, needle: &str) -> Option<usize> {
    text.get(from..)?.find(needle).map(|i| from + i)
}

/// A string as RON writes it.
pub fn quoted(s: &str) -> String {
    format!("{s:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based() {
        let text = "ab\ncd\nef";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 4), (2, 2));
        assert_eq!(line_col(text, 6), (3, 1));
    }

    #[test]
    fn finds_the_nth_id() {
        let text = "(id: \"a\")\n(id: \"b\")\n(id: \"a\")";
        assert_eq!(id_offset(text, "a", 0), Some(1));
        assert_eq!(
            id_offset(text, "a", 1).map(|o| line_col(text, o)),
            Some((3, 2))
        );
        assert_eq!(id_offset(text, "c", 0), None);
    }
}
