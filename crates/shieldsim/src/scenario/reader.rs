//! Typed reading of a parsed TOML document (with the span of every key and value) that records a diagnostic for
//! every problem instead of stopping at the first: unknown keys (with the nearest known key), missing keys, wrong
//! types and numbers TOML cannot hold in an `f64` or `i64`.

use std::cell::Cell;
use std::ops::Range;

use toml::de::{DeArray, DeString, DeTable, DeValue};
use toml::Spanned;

use super::diagnostics::{Diagnostic, SourceText};
use crate::catalog::nearest;

/// A TOML value with its span in the file.
pub(crate) type Value<'i> = Spanned<DeValue<'i>>;

/// The source and the diagnostics found so far.
pub(crate) struct Ctx<'s> {
    pub src: SourceText<'s>,
    pub diags: Vec<Diagnostic>,
}

impl<'s> Ctx<'s> {
    pub(crate) fn new(file: &'s str, text: &'s str) -> Self {
        Self {
            src: SourceText::new(file, text),
            diags: Vec::new(),
        }
    }

    /// Records a problem at `span`.
    pub(crate) fn error(
        &mut self,
        span: Range<usize>,
        message: impl Into<String>,
        expected: impl Into<String>,
        hint: Option<String>,
    ) {
        let d = self.src.diagnostic(span, message, expected, hint);
        self.diags.push(d);
    }

    /// Line (1-based) of a byte offset, for "first defined at line N" hints.
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        self.src.diagnostic(offset..offset, "", "", None).line
    }
}

/// `did you mean `x`?` for the nearest of `candidates`, if one is near.
pub(crate) fn did_you_mean(word: &str, candidates: &[&str]) -> Option<String> {
    nearest(word, candidates).map(|n| format!("did you mean `{n}`?"))
}

/// "an" before a word that starts with a vowel (skipping brackets and backticks), else "a".
pub(crate) fn article(word: &str) -> &'static str {
    match word
        .trim_start_matches(['[', '`', '"'])
        .chars()
        .next()
        .map(|c| c.to_ascii_lowercase())
    {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}

/// The candidates as "`a`, `b` or `c`".
pub(crate) fn one_of(candidates: &[&str]) -> String {
    let quoted: Vec<String> = candidates.iter().map(|c| format!("`{c}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// TOML's name for the type of a value, with an article.
pub(crate) fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// A number (integer or float) as `f64`, or why not.
pub(crate) fn number(v: &DeValue<'_>) -> Result<f64, &'static str> {
    match v {
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
            .map(|i| i as f64)
            .map_err(|_| "an integer too large for this program (beyond ±9.2e18)"),
        DeValue::Float(f) => match f.as_str().parse::<f64>() {
            Ok(x) if x.is_infinite() && !f.as_str().contains("inf") => {
                Err("a float too large for a 64-bit number")
            }
            Ok(x) => Ok(x),
            Err(_) => Err("a float this program cannot read"),
        },
        _ => Err(type_name(v)),
    }
}

/// A table of the document: its entries, the span to point at when a key is missing (its header, or the inline
/// table) and how messages name it (`[[corridor.launch]] "tabriz"`).
pub(crate) struct Table<'a, 'i> {
    pub entries: &'a DeTable<'i>,
    pub span: Range<usize>,
    pub what: String,
    /// The keys allowed here, once [`Table::check_keys`] has run: a missing key is not reported when an unknown
    /// key was reported as its misspelling.
    pub allowed: Cell<&'static [&'static str]>,
}

impl<'a, 'i> Table<'a, 'i> {
    /// The document root.
    pub(crate) fn root(entries: &'a DeTable<'i>) -> Self {
        Self {
            entries,
            span: 0..0,
            what: "the file".into(),
            allowed: Cell::new(&[]),
        }
    }

    /// The same table named `what`.
    pub(crate) fn named(mut self, what: String) -> Self {
        self.what = what;
        self
    }

    /// The value of `key` with the key's span.
    pub(crate) fn get(&self, key: &str) -> Option<(Range<usize>, &'a Value<'i>)> {
        self.entries
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)
            .map(|(k, v)| (k.span(), v))
    }

    /// The span of `key`'s value, if present.
    pub(crate) fn value_span(&self, key: &str) -> Option<Range<usize>> {
        self.get(key).map(|(_, v)| v.span())
    }

    /// A table of entries at `span`, named `what` in messages.
    pub(crate) fn new(entries: &'a DeTable<'i>, span: Range<usize>, what: String) -> Self {
        Self {
            entries,
            span,
            what,
            allowed: Cell::new(&[]),
        }
    }

    /// Reports every key not in `allowed`, suggesting the nearest allowed key.
    pub(crate) fn check_keys(&self, ctx: &mut Ctx<'_>, allowed: &'static [&'static str]) {
        self.allowed.set(allowed);
        let mut unknown: Vec<(&Spanned<DeString<'i>>, &Value<'i>)> = self
            .entries
            .iter()
            .filter(|(k, _)| !allowed.contains(&k.get_ref().as_ref()))
            .collect();
        unknown.sort_by_key(|(k, _)| k.span().start);
        for (k, _) in unknown {
            let key = k.get_ref().as_ref();
            ctx.error(
                k.span(),
                format!("unknown key `{key}` in {}", self.what),
                if allowed.len() == 1 {
                    one_of(allowed)
                } else {
                    format!("one of {}", one_of(allowed))
                },
                did_you_mean(key, allowed),
            );
        }
    }

    /// Whether an unknown key of this table was reported as a misspelling of `key` (then `key` is not reported
    /// missing as well).
    fn misspelt(&self, key: &str) -> bool {
        let allowed = self.allowed.get();
        !allowed.is_empty()
            && self.entries.iter().any(|(k, _)| {
                let k = k.get_ref().as_ref();
                !allowed.contains(&k) && nearest(k, allowed) == Some(key)
            })
    }

    fn missing(&self, ctx: &mut Ctx<'_>, key: &str, expected: &str) {
        if self.misspelt(key) {
            return;
        }
        ctx.error(
            self.span.clone(),
            format!("missing key `{key}` in {}", self.what),
            format!("`{key} = ...`: {expected}"),
            None,
        );
    }

    fn wrong_type(&self, ctx: &mut Ctx<'_>, key: &str, v: &Value<'_>, found: &str, expected: &str) {
        ctx.error(
            v.span(),
            format!("`{key}` in {} cannot be {found}", self.what),
            expected.to_string(),
            None,
        );
    }

    /// The value of `key`, reporting it if it is required and missing.
    fn value(
        &self,
        ctx: &mut Ctx<'_>,
        key: &str,
        required: bool,
        expected: &str,
    ) -> Option<&'a Value<'i>> {
        match self.get(key) {
            Some((_, v)) => Some(v),
            None => {
                if required {
                    self.missing(ctx, key, expected);
                }
                None
            }
        }
    }

    /// A string.
    pub(crate) fn string(
        &self,
        ctx: &mut Ctx<'_>,
        key: &str,
        required: bool,
        expected: &str,
    ) -> Option<(String, Range<usize>)> {
        let v = self.value(ctx, key, required, expected)?;
        match v.get_ref() {
            DeValue::String(s) => Some((s.to_string(), v.span())),
            other => {
                self.wrong_type(ctx, key, v, type_name(other), expected);
                None
            }
        }
    }

    /// A number (TOML integer or float).
    pub(crate) fn number(
        &self,
        ctx: &mut Ctx<'_>,
        key: &str,
        required: bool,
        expected: &str,
    ) -> Option<(f64, Range<usize>)> {
        let v = self.value(ctx, key, required, expected)?;
        match number(v.get_ref()) {
            Ok(x) => Some((x, v.span())),
            Err(found) => {
                self.wrong_type(ctx, key, v, found, expected);
                None
            }
        }
    }

    /// An integer.
    pub(crate) fn integer(
        &self,
        ctx: &mut Ctx<'_>,
        key: &str,
        required: bool,
        expected: &str,
    ) -> Option<(i64, Range<usize>)> {
        let v = self.value(ctx, key, required, expected)?;
        let found = match v.get_ref() {
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => return Some((n, v.span())),
                Err(_) => "an integer too large for this program (beyond ±9.2e18)",
            },
            other => type_name(other),
        };
        self.wrong_type(ctx, key, v, found, expected);
        None
    }

    /// A boolean.
    pub(crate) fn boolean(
        &self,
        ctx: &mut Ctx<'_>,
        key: &str,
        required: bool,
        expected: &str,
    ) -> Option<(bool, Range<usize>)> {
        let v = self.value(ctx, key, required, expected)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some((*b, v.span())),
            other => {
                self.wrong_type(ctx, key, v, type_name(other), expected);
                None
            }
        }
    }

    /// An array.
    pub(crate) fn array(
        &self,
        ctx: &mut Ctx<'_>,
        key: &str,
        required: bool,
        expected: &str,
    ) -> Option<(&'a DeArray<'i>, Range<usize>)> {
        let v = self.value(ctx, key, required, expected)?;
        match v.get_ref() {
            DeValue::Array(a) => Some((a, v.span())),
            other => {
                self.wrong_type(ctx, key, v, type_name(other), expected);
                None
            }
        }
    }

    /// A sub-table (a `[header]` table or an inline table), named `what` in messages.
    pub(crate) fn table(
        &self,
        ctx: &mut Ctx<'_>,
        key: &str,
        required: bool,
        what: &str,
    ) -> Option<Table<'a, 'i>> {
        let (key_span, v) = match self.get(key) {
            Some(kv) => kv,
            None => {
                if required && !self.misspelt(key) {
                    ctx.error(
                        self.span.clone(),
                        format!("missing table {what}"),
                        format!("{} {what} table", article(what)),
                        Some(format!(
                            "add {} {what} table; see docs/scenario.md for its keys",
                            article(what)
                        )),
                    );
                }
                return None;
            }
        };
        match v.get_ref() {
            DeValue::Table(t) => Some(Table::new(
                t,
                if v.span().is_empty() {
                    key_span
                } else {
                    v.span()
                },
                what.to_string(),
            )),
            other => {
                self.wrong_type(
                    ctx,
                    key,
                    v,
                    type_name(other),
                    &format!("{} {what} table", article(what)),
                );
                None
            }
        }
    }

    /// The tables of an array of tables (`[[key]]`), named `what` in messages; reports a missing required array, a
    /// value that is not an array and elements that are not tables.
    pub(crate) fn tables(
        &self,
        ctx: &mut Ctx<'_>,
        key: &str,
        required: bool,
        what: &str,
    ) -> Vec<Table<'a, 'i>> {
        let Some((key_span, v)) = self.get(key) else {
            if required && !self.misspelt(key) {
                ctx.error(
                    self.span.clone(),
                    format!("missing {what} in {}", self.what),
                    format!("at least one {what} table"),
                    Some(format!(
                        "add {} {what} table; see docs/scenario.md",
                        article(what)
                    )),
                );
            }
            return Vec::new();
        };
        let DeValue::Array(a) = v.get_ref() else {
            self.wrong_type(
                ctx,
                key,
                v,
                type_name(v.get_ref()),
                &format!("{what} tables (an array of tables)"),
            );
            return Vec::new();
        };
        if a.is_empty() && required {
            ctx.error(
                v.span(),
                format!("no {what} in {}", self.what),
                format!("at least one {what} table"),
                None,
            );
        }
        let mut out = Vec::with_capacity(a.len());
        for e in a.iter() {
            match e.get_ref() {
                DeValue::Table(t) => out.push(Table::new(
                    t,
                    if e.span().is_empty() {
                        key_span.clone()
                    } else {
                        e.span()
                    },
                    what.to_string(),
                )),
                other => ctx.error(
                    e.span(),
                    format!("an element of `{key}` is {}", type_name(other)),
                    format!("a {what} table"),
                    None,
                ),
            }
        }
        out
    }
}
