//! Colour names a plan's scale may use, as RGB. The theme decides how they are drawn.

pub const NAMES: [&str; 8] = [
    "red", "amber", "green", "blue", "purple", "grey", "yellow", "orange",
];

/// RGB of a colour name or "#rrggbb".
pub fn parse(s: &str) -> Option<(u8, u8, u8)> {
    let s = s.trim();
    if let Some(hex) = s.strip_prefix('#') {
        if hex.len() != 6 || !hex.is_ascii() {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        return Some((byte(0)?, byte(2)?, byte(4)?));
    }
    Some(match s.to_ascii_lowercase().as_str() {
        "red" => (0xd3, 0x2f, 0x2f),
        "amber" => (0xff, 0xa0, 0x00),
        "green" => (0x38, 0x8e, 0x3c),
        "blue" => (0x19, 0x76, 0xd2),
        "purple" => (0x7b, 0x1f, 0xa2),
        "grey" | "gray" => (0x75, 0x75, 0x75),
        "yellow" => (0xfb, 0xc0, 0x2d),
        "orange" => (0xf5, 0x7c, 0x00),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_hex() {
        assert_eq!(parse("Red"), Some((0xd3, 0x2f, 0x2f)));
        assert_eq!(parse("#0a0B0c"), Some((10, 11, 12)));
        assert_eq!(parse("#12345"), None);
        assert_eq!(parse("mauve"), None);
        for n in NAMES {
            assert!(parse(n).is_some(), "{n}");
        }
    }
}
