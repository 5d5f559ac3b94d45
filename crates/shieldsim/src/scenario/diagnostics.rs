//! Diagnostics of scenario files: where a problem is (file, line, column, byte span), what is wrong, what was
//! expected and a hint, rendered as rustc-style text with the offending source underlined:
//!
//! ```text
//! error: unknown key `spacing` in [[corridor.launch]] `iran-west`
//!   --> my-scenario.toml:76:3
//!    |
//! 76 |   spacing = 150.0
//!    |   ^^^^^^^ expected one of `name`, `lat_deg`, `lon_deg`, `polygon_deg`, `spacing_km` or `grid`
//!    |
//!    = help: did you mean `spacing_km`?
//! ```
//!
//! The rendering is written here rather than taken from `miette`: the engine stays free of terminal crates (miette's
//! `fancy` feature pulls in about twenty), the text is plain and stable (snapshot-tested), and every front end (CLI,
//! web, Python) gets the same structured [`Diagnostic`] to render as it likes.

use std::fmt;
use std::ops::Range;

use crate::text::{escape_controls, escape_controls_keep_newlines, escaped_char};

/// One problem of a scenario file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file's name as given to the loader (a path, or `<builtin>/NAME.toml`).
    pub file: String,
    /// Line of the span's start, 1-based.
    pub line: usize,
    /// Column of the span's start, 1-based, in characters.
    pub column: usize,
    /// Byte range of the offending text in the file (may be empty, e.g. at the end of the file).
    pub span: Range<usize>,
    /// What is wrong (one line).
    pub message: String,
    /// What was expected there (a phrase such as `a number of degrees in [-90, 90]`); empty if nothing useful.
    pub expected: String,
    /// What to try, if there is something to suggest (the nearest known key or id, a smaller spacing, ...).
    pub hint: Option<String>,
    /// The offending source line with a gutter and a caret line underneath (`^^^^` under the span), ready to print.
    pub snippet: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let gutter = gutter_width(self.line);
        writeln!(f, "error: {}", self.message)?;
        writeln!(
            f,
            "{:gutter$}--> {}:{}:{}",
            "", self.file, self.line, self.column
        )?;
        write!(f, "{}", self.snippet)?;
        if !self.expected.is_empty() {
            write!(f, " expected {}", self.expected)?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n{:gutter$} |\n{:gutter$} = help: {hint}", "", "")?;
        }
        Ok(())
    }
}

/// Why a scenario could not be loaded: every problem found, in the order of the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ScenarioError {
    /// The file's name as given to the loader.
    pub file: String,
    /// The problems, sorted by position (at least one).
    pub diagnostics: Vec<Diagnostic>,
}

impl ScenarioError {
    /// Number of problems.
    pub fn len(&self) -> usize {
        self.diagnostics.len()
    }

    /// True if there is no diagnostic (never for an error returned by the loader).
    pub fn is_empty(&self) -> bool {
        self.diagnostics.is_empty()
    }
}

impl fmt::Display for ScenarioError {
    /// A summary line, then every diagnostic, separated by blank lines.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.diagnostics.len();
        write!(
            f,
            "the scenario file {} has {n} problem{}; nothing was loaded",
            escape_controls(&self.file),
            if n == 1 { "" } else { "s" }
        )?;
        for d in &self.diagnostics {
            write!(f, "\n\n{d}")?;
        }
        Ok(())
    }
}

/// A source line as shown under a diagnostic, with the display column and width of the span that starts `skip`
/// characters into it and runs `len` characters: tabs become one space, control characters their escapes.
fn shown_line(line: &str, skip: usize, len: usize) -> (String, usize, usize) {
    let mut shown = String::with_capacity(line.len());
    let (mut at, mut width, mut col) = (0, 0, 0);
    for (i, c) in line.chars().enumerate() {
        let piece = match c {
            '\t' => " ".to_string(),
            c => escaped_char(c).unwrap_or_else(|| c.to_string()),
        };
        let n = piece.chars().count();
        if i == skip {
            at = col;
        }
        if i >= skip && i < skip + len {
            width += n;
        }
        col += n;
        shown.push_str(&piece);
    }
    if skip >= line.chars().count() {
        at = col + (skip - line.chars().count());
    }
    (shown, at, width)
}

fn gutter_width(line: usize) -> usize {
    line.to_string().len()
}

/// The text of a file with its line starts, to turn byte spans into lines, columns and snippets.
#[derive(Debug)]
pub(crate) struct SourceText<'a> {
    file: &'a str,
    text: &'a str,
    /// Byte offset of the start of every line.
    line_starts: Vec<usize>,
}

impl<'a> SourceText<'a> {
    pub(crate) fn new(file: &'a str, text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self {
            file,
            text,
            line_starts,
        }
    }

    /// The whole text.
    pub(crate) fn text(&self) -> &'a str {
        self.text
    }

    /// The line index (0-based) holding byte `offset`.
    fn line_index(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// A byte offset moved back onto a character boundary inside the text.
    fn clamp(&self, offset: usize) -> usize {
        let mut o = offset.min(self.text.len());
        while o > 0 && !self.text.is_char_boundary(o) {
            o -= 1;
        }
        o
    }

    /// The content of line `i` (0-based) without its line ending.
    fn line(&self, i: usize) -> &'a str {
        let start = self.line_starts.get(i).copied().unwrap_or(self.text.len());
        let end = self
            .line_starts
            .get(i + 1)
            .map_or(self.text.len(), |&e| e.saturating_sub(1));
        let line = self.text.get(start..end.max(start)).unwrap_or("");
        line.strip_suffix('\r').unwrap_or(line)
    }

    /// A diagnostic at `span` (byte offsets; clamped to the text).
    pub(crate) fn diagnostic(
        &self,
        span: Range<usize>,
        message: impl Into<String>,
        expected: impl Into<String>,
        hint: Option<String>,
    ) -> Diagnostic {
        let start = self.clamp(span.start);
        let end = self.clamp(span.end.max(start));
        let li = self.line_index(start);
        let line_start = self.line_starts.get(li).copied().unwrap_or(0);
        let line = self.line(li);
        let column = self
            .text
            .get(line_start..start)
            .map_or(0, |s| s.chars().count())
            + 1;
        // Underline to the span's end or, for a span over several lines, to the end of its first line.
        let on_line = self
            .text
            .get(start..end)
            .map_or("", |s| s.split('\n').next().unwrap_or(""));
        let on_line = on_line.strip_suffix('\r').unwrap_or(on_line);
        let w = gutter_width(li + 1);
        // The line as shown: tabs become single spaces, control characters their escapes (`\u{1b}`, `\r`), so
        // that nothing from the file reaches a terminal raw; the carets follow the shown text.
        let (shown, caret_at, caret_width) = shown_line(line, column - 1, on_line.chars().count());
        let snippet = format!(
            "{:w$} |\n{:>w$} | {}\n{:w$} | {}{}",
            "",
            li + 1,
            shown.trim_end(),
            "",
            " ".repeat(caret_at),
            "^".repeat(caret_width.max(1))
        );
        Diagnostic {
            file: escape_controls(self.file).into_owned(),
            line: li + 1,
            column,
            span: start..end,
            message: escape_controls(&message.into()).into_owned(),
            expected: escape_controls(&expected.into()).into_owned(),
            hint: hint.map(|h| escape_controls_keep_newlines(&h).into_owned()),
            snippet,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_rustc_style() {
        let text = "[scenario]\nname = \"x\"\n\tlat_deg = 95.0\n";
        let src = SourceText::new("a.toml", text);
        let start = text.find("95.0").unwrap();
        let d = src.diagnostic(
            start..start + 4,
            "latitude out of range",
            "degrees north in [-90, 90]",
            Some("try 85".into()),
        );
        assert_eq!((d.line, d.column), (3, 12));
        assert_eq!(
            d.to_string(),
            "error: latitude out of range\n --> a.toml:3:12\n  |\n3 |  lat_deg = 95.0\n  |            ^^^^ \
             expected degrees north in [-90, 90]\n  |\n  = help: try 85"
        );
    }

    /// ESC, BEL and a bare CR from a file are shown escaped everywhere (no terminal escape sequence, no text hidden
    /// by a carriage return), and the carets stay under the offending text.
    #[test]
    fn control_characters_are_shown_escaped() {
        let text = "a = \"\u{1b}[2J\"\rb\u{7}c = 1\n";
        let src = SourceText::new("x\u{1b}.toml", text);
        let start = text.find("b\u{7}c").unwrap();
        let d = src.diagnostic(
            start..start + "b\u{7}c".len(),
            "unknown key `b\u{7}c`",
            "one of `\u{1b}[31m`",
            Some("did you mean\r `x`?\nsecond line".into()),
        );
        let shown = d.to_string();
        assert!(
            !shown.chars().any(|c| c != '\n' && c.is_control()),
            "{shown:?}"
        );
        assert_eq!(d.message, "unknown key `b\\u{7}c`");
        assert_eq!(d.expected, "one of `\\u{1b}[31m`");
        assert_eq!(d.hint.as_deref(), Some("did you mean\\r `x`?\nsecond line"));
        assert_eq!(d.file, "x\\u{1b}.toml");
        let whole = ScenarioError {
            file: "x\u{1b}.toml".into(),
            diagnostics: vec![d.clone()],
        }
        .to_string();
        assert!(
            whole.starts_with("the scenario file x\\u{1b}.toml has 1 problem"),
            "{whole:?}"
        );
        // Column in characters of the file; the carets under the shown (escaped) text.
        assert_eq!((d.line, d.column), (1, 12));
        let lines: Vec<&str> = d.snippet.lines().collect();
        assert_eq!(lines[1], "1 | a = \"\\u{1b}[2J\"\\rb\\u{7}c = 1");
        let caret = lines[2].find('^').unwrap();
        assert_eq!(&lines[1][caret..caret + 8], "b\\u{7}c ");
        assert_eq!(lines[2][caret..].trim_end(), "^^^^^^^");
    }

    #[test]
    fn odd_spans_do_not_panic() {
        let text = "é\r\nab";
        let src = SourceText::new("a.toml", text);
        for s in 0..8 {
            for e in 0..8 {
                let d = src.diagnostic(s..e, "m", "", None);
                assert!(d.line >= 1 && d.column >= 1);
            }
        }
        let empty = SourceText::new("e.toml", "");
        let d = empty.diagnostic(0..0, "empty", "", None);
        assert_eq!((d.line, d.column), (1, 1));
    }
}
