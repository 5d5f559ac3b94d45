//! A small column table for tabular exports, written as CSV (by hand: RFC 4180 quoting) or as Parquet (with the
//! `parquet` crate's low-level writer, no Arrow).
//!
//! Column types map one to one onto Parquet physical types: [`ColumnData::F64`] → `REQUIRED DOUBLE`,
//! [`ColumnData::OptF64`] → `OPTIONAL DOUBLE` (a `None` is a null), [`ColumnData::I64`] → `REQUIRED INT64`,
//! [`ColumnData::Bool`] → `REQUIRED BOOLEAN`, [`ColumnData::Text`] → `REQUIRED BYTE_ARRAY (STRING)`. Pages are
//! Snappy-compressed, row groups hold at most 2^20 rows, and each column's [`Column::unit_doc`] is stored in the
//! file's key-value metadata under `shieldsim.column.<name>`. The same table gives the same bytes every time.

use std::fmt::Write as _;
use std::io::{BufWriter, Write};
use std::sync::Arc;

use parquet::basic::Compression;
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;

use super::ExportError;

/// Rows per Parquet row group: large enough for efficient scans, small enough to bound reader memory.
const ROW_GROUP_ROWS: usize = 1 << 20;

/// The values of one column, all of one type.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnData {
    /// Floating-point values; NaN and infinities are kept as such (not nulls).
    F64(Vec<f64>),
    /// Floating-point values that may be missing: `None` is a Parquet null and an empty CSV field.
    OptF64(Vec<Option<f64>>),
    /// Integers.
    I64(Vec<i64>),
    /// Booleans (`true`/`false` in CSV).
    Bool(Vec<bool>),
    /// UTF-8 text.
    Text(Vec<String>),
}

impl ColumnData {
    /// The number of values.
    pub fn len(&self) -> usize {
        match self {
            ColumnData::F64(v) => v.len(),
            ColumnData::OptF64(v) => v.len(),
            ColumnData::I64(v) => v.len(),
            ColumnData::Bool(v) => v.len(),
            ColumnData::Text(v) => v.len(),
        }
    }

    /// Whether the column has no value.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The Parquet schema line of a column of this type named `name`.
    fn parquet_field(&self, name: &str) -> String {
        match self {
            ColumnData::F64(_) => format!("REQUIRED DOUBLE {name};"),
            ColumnData::OptF64(_) => format!("OPTIONAL DOUBLE {name};"),
            ColumnData::I64(_) => format!("REQUIRED INT64 {name};"),
            ColumnData::Bool(_) => format!("REQUIRED BOOLEAN {name};"),
            ColumnData::Text(_) => format!("REQUIRED BYTE_ARRAY {name} (STRING);"),
        }
    }
}

/// A named column with a one-line description of its meaning and unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The column name: snake_case ASCII with the unit as suffix (`range_km`, `intercept_alt_m`).
    pub name: String,
    /// One line on what the column holds, with its unit ("Ground range from launch, km"), for documentation and
    /// the Parquet metadata.
    pub unit_doc: String,
    /// The values.
    pub data: ColumnData,
}

impl Column {
    /// A column from its name, description with unit, and values.
    pub fn new(name: impl Into<String>, unit_doc: impl Into<String>, data: ColumnData) -> Self {
        Self {
            name: name.into(),
            unit_doc: unit_doc.into(),
            data,
        }
    }
}

/// Columns of equal length with unique snake_case names.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    columns: Vec<Column>,
}

impl Table {
    /// Checks and wraps the columns.
    ///
    /// # Errors
    /// [`ExportError::NoColumns`] for an empty list, [`ExportError::ColumnName`] for a name that is not snake_case
    /// (lowercase ASCII letters, digits, `_`, starting with a letter), [`ExportError::DuplicateColumn`], and
    /// [`ExportError::ColumnLength`] when the columns differ in length.
    pub fn new(columns: Vec<Column>) -> Result<Self, ExportError> {
        let first = columns.first().ok_or(ExportError::NoColumns)?;
        for (i, column) in columns.iter().enumerate() {
            if !is_snake_case(&column.name) {
                return Err(ExportError::ColumnName {
                    name: column.name.clone(),
                });
            }
            if columns[..i].iter().any(|c| c.name == column.name) {
                return Err(ExportError::DuplicateColumn {
                    name: column.name.clone(),
                });
            }
            if column.data.len() != first.data.len() {
                return Err(ExportError::ColumnLength {
                    name: column.name.clone(),
                    len: column.data.len(),
                    first: first.name.clone(),
                    expected: first.data.len(),
                });
            }
        }
        Ok(Self { columns })
    }

    /// The number of rows.
    pub fn rows(&self) -> usize {
        self.columns.first().map_or(0, |c| c.data.len())
    }

    /// The columns, in order.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// Writes the table as CSV: a header of column names, then one line per row, `\n`-terminated.
    ///
    /// Fields holding a comma, a double quote, CR or LF are quoted with inner quotes doubled (RFC 4180). Floats are
    /// written in Rust's shortest form that reads back to the same bits (`{}`, or `{:e}` below 1e-5 or from 1e16 in
    /// magnitude, where `{}` would spell out hundreds of digits); NaN and infinities as `NaN`, `inf`, `-inf`; a
    /// missing [`ColumnData::OptF64`] value as an empty field; booleans as `true`/`false`.
    ///
    /// # Errors
    /// [`ExportError::Io`] when the writer fails.
    pub fn write_csv<W: Write>(&self, w: W) -> Result<(), ExportError> {
        let mut w = BufWriter::new(w);
        let mut line = String::new();
        for (i, column) in self.columns.iter().enumerate() {
            if i > 0 {
                line.push(',');
            }
            push_csv_text(&mut line, &column.name);
        }
        line.push('\n');
        w.write_all(line.as_bytes())?;
        for row in 0..self.rows() {
            line.clear();
            for (i, column) in self.columns.iter().enumerate() {
                if i > 0 {
                    line.push(',');
                }
                match &column.data {
                    ColumnData::F64(v) => push_csv_f64(&mut line, v[row]),
                    ColumnData::OptF64(v) => {
                        if let Some(x) = v[row] {
                            push_csv_f64(&mut line, x);
                        }
                    }
                    ColumnData::I64(v) => {
                        let _ = write!(line, "{}", v[row]);
                    }
                    ColumnData::Bool(v) => line.push_str(if v[row] { "true" } else { "false" }),
                    ColumnData::Text(v) => push_csv_text(&mut line, &v[row]),
                }
            }
            line.push('\n');
            w.write_all(line.as_bytes())?;
        }
        w.flush()?;
        Ok(())
    }

    /// The table as a Parquet file in memory (see the module docs for the schema).
    ///
    /// # Errors
    /// [`ExportError::Parquet`] when the encoder fails.
    pub fn to_parquet_bytes(&self) -> Result<Vec<u8>, ExportError> {
        let mut bytes = Vec::new();
        self.write_parquet(&mut bytes)?;
        Ok(bytes)
    }

    /// Writes the table as a Parquet file (see the module docs for the schema).
    ///
    /// # Errors
    /// [`ExportError::Parquet`] when the encoder or the writer fails.
    pub fn write_parquet<W: Write + Send>(&self, w: W) -> Result<(), ExportError> {
        let fields: String = self
            .columns
            .iter()
            .map(|c| c.data.parquet_field(&c.name))
            .collect::<Vec<_>>()
            .join(" ");
        // Names are checked snake_case in `Table::new`, so they are safe to splice into the schema text.
        let schema = parse_message_type(&format!("message shieldsim_table {{ {fields} }}"))
            .map_err(parquet_error)?;
        let metadata = self
            .columns
            .iter()
            .map(|c| KeyValue::new(format!("shieldsim.column.{}", c.name), c.unit_doc.clone()))
            .collect();
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_key_value_metadata(Some(metadata))
            .build();
        let mut writer = SerializedFileWriter::new(w, Arc::new(schema), Arc::new(properties))
            .map_err(parquet_error)?;
        let rows = self.rows();
        let mut start = 0;
        while start < rows {
            let end = (start + ROW_GROUP_ROWS).min(rows);
            let mut row_group = writer.next_row_group().map_err(parquet_error)?;
            for column in &self.columns {
                let mut column_writer = row_group
                    .next_column()
                    .map_err(parquet_error)?
                    .ok_or_else(|| {
                        ExportError::Parquet(format!("no writer for column {:?}", column.name))
                    })?;
                let written = match &column.data {
                    ColumnData::F64(v) => {
                        column_writer
                            .typed::<DoubleType>()
                            .write_batch(&v[start..end], None, None)
                    }
                    ColumnData::OptF64(v) => {
                        let slice = &v[start..end];
                        let values: Vec<f64> = slice.iter().flatten().copied().collect();
                        let definition_levels: Vec<i16> =
                            slice.iter().map(|x| i16::from(x.is_some())).collect();
                        column_writer.typed::<DoubleType>().write_batch(
                            &values,
                            Some(&definition_levels),
                            None,
                        )
                    }
                    ColumnData::I64(v) => {
                        column_writer
                            .typed::<Int64Type>()
                            .write_batch(&v[start..end], None, None)
                    }
                    ColumnData::Bool(v) => {
                        column_writer
                            .typed::<BoolType>()
                            .write_batch(&v[start..end], None, None)
                    }
                    ColumnData::Text(v) => {
                        let values: Vec<ByteArray> = v[start..end]
                            .iter()
                            .map(|s| ByteArray::from(s.as_str()))
                            .collect();
                        column_writer
                            .typed::<ByteArrayType>()
                            .write_batch(&values, None, None)
                    }
                };
                written.map_err(parquet_error)?;
                column_writer.close().map_err(parquet_error)?;
            }
            row_group.close().map_err(parquet_error)?;
            start = end;
        }
        writer.close().map_err(parquet_error)?;
        Ok(())
    }
}

fn parquet_error(e: parquet::errors::ParquetError) -> ExportError {
    ExportError::Parquet(e.to_string())
}

/// Lowercase ASCII letters, digits and `_`, starting with a letter.
fn is_snake_case(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Appends a text field, quoted per RFC 4180 when it holds a comma, a quote or a line break.
fn push_csv_text(line: &mut String, text: &str) {
    if text.contains([',', '"', '\n', '\r']) {
        line.push('"');
        line.push_str(&text.replace('"', "\"\""));
        line.push('"');
    } else {
        line.push_str(text);
    }
}

/// Appends a float in a shortest form that parses back to the same bits.
fn push_csv_f64(line: &mut String, x: f64) {
    let magnitude = x.abs();
    let _ = if x == 0.0 || !x.is_finite() || (1e-5..1e16).contains(&magnitude) {
        write!(line, "{x}")
    } else {
        write!(line, "{x:e}")
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_names() {
        assert!(is_snake_case("range_km"));
        assert!(is_snake_case("a1_b2"));
        for bad in ["", "Range", "1st", "_x", "range km", "range-km", "météo"] {
            assert!(!is_snake_case(bad), "{bad:?}");
        }
    }

    #[test]
    fn float_forms() {
        let mut s = String::new();
        for x in [
            0.0,
            -0.0,
            1.0,
            0.1,
            1e-5,
            9.9e-6,
            1e16,
            123456.789,
            f64::NAN,
            f64::NEG_INFINITY,
        ] {
            push_csv_f64(&mut s, x);
            s.push(' ');
        }
        assert_eq!(s, "0 -0 1 0.1 0.00001 9.9e-6 1e16 123456.789 NaN -inf ");
    }
}
