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

/// A colour as it is filled in a spreadsheet: the RGB of a colour name (or "#rrggbb")
/// first, then, for a name, the usual spreadsheet shades of it (Excel's and Calc's
/// standard red FF0000, amber FFC000, greens 00B050 and 92D050, the "Bad" / "Neutral" /
/// "Good" fills...), so a tracker's cell filled in Excel is read as the level it means.
pub fn shades(colour: &str) -> Vec<(u8, u8, u8)> {
    let hex = |v: u32| ((v >> 16) as u8, (v >> 8) as u8, v as u8);
    let usual: &[u32] = match colour.trim().to_ascii_lowercase().as_str() {
        "red" => &[0xFF0000, 0xC00000, 0xFFC7CE, 0xFF6D6D],
        "amber" => &[0xFFC000, 0xFFBF00, 0xFF9900, 0xFFEB9C, 0xFFD966],
        "green" => &[0x00B050, 0x92D050, 0x00FF00, 0x008000, 0xC6EFCE, 0x00A933],
        "blue" => &[0x0070C0, 0x00B0F0, 0x0000FF, 0x2A6099, 0x4472C4, 0x5B9BD5],
        "purple" => &[0x7030A0, 0x800080, 0xCCC0DA],
        "grey" | "gray" => &[0x808080, 0xA6A6A6, 0xBFBFBF, 0xD9D9D9],
        "yellow" => &[0xFFFF00, 0xFFFF99],
        "orange" => &[0xFF8000, 0xED7D31, 0xF4B084],
        _ => &[],
    };
    parse(colour)
        .into_iter()
        .chain(usual.iter().map(|v| hex(*v)))
        .collect()
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
