//! How the engine writes numbers and a user's text into its messages: numbers compactly (`1e308`, not the 309 digits
//! of Rust's `{}`), and control characters from a file escaped (`\u{1b}`, `\r`), so that a message can neither carry
//! a terminal escape sequence nor hide the text after a bare carriage return.
//!
//! ```
//! use shieldsim::text::{escape_controls, number};
//!
//! assert_eq!(number(1e308), "1e308");
//! assert_eq!(number(260.5), "260.5");
//! assert_eq!(number(4294967296.0), "4294967296");
//! assert_eq!(escape_controls("a\u{1b}[31mb\rc"), "a\\u{1b}[31mb\\rc");
//! ```

use std::borrow::Cow;

/// `x` in the shortest form that reads back to the same value: Rust's `{}` from 1e-5 to below 1e16 in magnitude (and
/// for 0, NaN and the infinities: `0`, `NaN`, `inf`), scientific notation (`1e308`, `1.5e-300`) outside, where `{}`
/// would spell out hundreds of digits.
pub fn number(x: f64) -> String {
    let magnitude = x.abs();
    if x == 0.0 || !x.is_finite() || (1e-5..1e16).contains(&magnitude) {
        format!("{x}")
    } else {
        format!("{x:e}")
    }
}

/// `value` (a value as text) with a number in it written by [`number`]: a decimal of many digits becomes
/// `1e308`; any other text is returned as is.
pub fn compact_value(value: String) -> String {
    if value.len() <= 17 {
        return value;
    }
    match value.parse::<f64>() {
        Ok(x) if x.is_finite() => number(x),
        _ => value,
    }
}

/// Whether `c` must not reach a terminal raw: the C0 and C1 control characters, DEL, and the Unicode characters that
/// reorder or hide text (bidirectional overrides and isolates, zero-width marks: the "Trojan Source" characters).
pub fn is_hidden_control(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}'
        )
}

/// The escaped form of one character: `\t`, `\r`, `\n`, or `\u{..}` (Rust's notation); `None` for a character shown
/// as it is.
pub fn escaped_char(c: char) -> Option<String> {
    if !is_hidden_control(c) {
        return None;
    }
    Some(match c {
        '\t' => "\\t".into(),
        '\r' => "\\r".into(),
        '\n' => "\\n".into(),
        c => format!("\\u{{{:x}}}", c as u32),
    })
}

/// `text` with every control character escaped ([`escaped_char`]), newlines included: one line, safe to print.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    escape_except(text, None)
}

/// [`escape_controls`], keeping the newlines (for a text of several lines, such as a hint with a block to paste).
pub fn escape_controls_keep_newlines(text: &str) -> Cow<'_, str> {
    escape_except(text, Some('\n'))
}

fn escape_except(text: &str, keep: Option<char>) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| Some(c) != keep && is_hidden_control(c))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match escaped_char(c) {
            Some(e) if Some(c) != keep => out.push_str(&e),
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_back_to_the_same_value() {
        for x in [
            0.0,
            -0.0,
            1.0,
            -2.5,
            1e-5,
            9.99e-6,
            1e15,
            1e16,
            1e308,
            -1e308,
            1e-300,
            5e-324,
            4294967296.0,
            0.1,
            1.0 / 3.0,
        ] {
            let s = number(x);
            assert_eq!(s.parse::<f64>().unwrap(), x, "{s}");
            assert!(s.len() <= 24, "{s}");
        }
        assert_eq!(number(1e16), "1e16");
        assert_eq!(number(9.99e-6), "9.99e-6");
        assert_eq!(number(f64::INFINITY), "inf");
        assert_eq!(number(f64::NAN), "NaN");
    }

    #[test]
    fn long_numbers_in_text_are_compacted() {
        let long = format!("{}", 1e308);
        assert_eq!(long.len(), 309);
        assert_eq!(compact_value(long), "1e308");
        assert_eq!(compact_value("186.7 kN".into()), "186.7 kN");
        assert_eq!(compact_value("12345".into()), "12345");
    }

    #[test]
    fn every_control_character_is_escaped() {
        for c in (0u32..0x250)
            .chain(0x2000..0x2070)
            .filter_map(char::from_u32)
        {
            let shown = escape_controls(&c.to_string()).into_owned();
            assert!(!shown.chars().any(is_hidden_control), "{c:?} -> {shown:?}");
            if is_hidden_control(c) {
                assert!(shown.starts_with('\\'), "{c:?} -> {shown:?}");
            } else {
                assert_eq!(shown, c.to_string());
            }
        }
        assert_eq!(escape_controls("bell\u{7}"), "bell\\u{7}");
        assert_eq!(escape_controls_keep_newlines("a\nb\u{1b}"), "a\nb\\u{1b}");
        assert!(matches!(escape_controls("plain é"), Cow::Borrowed(_)));
    }
}
