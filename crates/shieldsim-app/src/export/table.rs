//! A small column table for tabular exports, written as CSV (through the `csv` crate: RFC 4180 quoting) or as Parquet
//! (with the `parquet` crate's low-level writer, no Arrow), optionally a GeoParquet file with a point geometry.
//!
//! Column types map one to one onto Parquet physical types: [`ColumnData::F64`] → `REQUIRED DOUBLE`,
//! [`ColumnData::OptF64`] → `OPTIONAL DOUBLE` (a `None` is a null), [`ColumnData::I64`] → `REQUIRED INT64`,
//! [`ColumnData::Bool`] → `REQUIRED BOOLEAN`, [`ColumnData::Text`] → `REQUIRED BYTE_ARRAY (STRING)`. Pages are
//! Snappy-compressed, row groups hold at most 2^20 rows, and each column's [`Column::unit_doc`] is stored in the
//! file's key-value metadata under `shieldsim.column.<name>`. The same table gives the same bytes every time.
//!
//! GeoParquet ([`Table::with_point_geometry`]): the Parquet file also holds a `geometry` column, `REQUIRED
//! BYTE_ARRAY`, each value a 21-byte little-endian ISO WKB Point (longitude, latitude in degrees), and the `geo` key of
//! the file metadata describes it as GeoParquet 1.1.0 says (encoding `WKB`, geometry type `Point`, CRS OGC:CRS84 as
//! PROJJSON, the bounding box), so that GeoPandas (`geopandas.read_parquet`), GDAL/QGIS and DuckDB spatial open the
//! file as a point layer. Reference: the GeoParquet specification 1.1.0 (Open Geospatial Consortium, geoparquet.org).

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

/// Columns of equal length with unique snake_case names, and optionally a point geometry built from two of them.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    columns: Vec<Column>,
    geometry: Option<PointGeometry>,
}

/// The point geometry of a GeoParquet table: the indices of its longitude and latitude columns (degrees, WGS 84).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PointGeometry {
    lon: usize,
    lat: usize,
}

/// The name of the geometry column of a GeoParquet table.
pub const GEOMETRY_COLUMN: &str = "geometry";

/// OGC:CRS84 (WGS 84 longitude, latitude in degrees) as PROJJSON, as PROJ writes it; the CRS of the GeoParquet
/// geometry (the GeoParquet default, written out so that no reader has to know the default).
const CRS84_PROJJSON: &str = include_str!("crs84.projjson");

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
        Ok(Self {
            columns,
            geometry: None,
        })
    }

    /// The same table, written to Parquet as GeoParquet: a WKB point per row from the longitude column `lon` and the
    /// latitude column `lat` (both [`ColumnData::F64`], degrees on WGS 84), in a column named [`GEOMETRY_COLUMN`],
    /// with the `geo` file metadata (see the module docs). The CSV is unchanged.
    ///
    /// # Errors
    /// [`ExportError::Geometry`] when a column is missing or not `F64`, or a column is already named `geometry`.
    pub fn with_point_geometry(mut self, lon: &str, lat: &str) -> Result<Self, ExportError> {
        let find = |name: &str| -> Result<usize, ExportError> {
            let k = self
                .columns
                .iter()
                .position(|c| c.name == name)
                .ok_or_else(|| ExportError::Geometry {
                    reason: format!("no column {name:?} to take the point coordinates from"),
                })?;
            match self.columns[k].data {
                ColumnData::F64(_) => Ok(k),
                _ => Err(ExportError::Geometry {
                    reason: format!(
                        "column {name:?} must hold plain floats (degrees) to build points from"
                    ),
                }),
            }
        };
        if self.columns.iter().any(|c| c.name == GEOMETRY_COLUMN) {
            return Err(ExportError::Geometry {
                reason: format!("a column is already named {GEOMETRY_COLUMN:?}"),
            });
        }
        self.geometry = Some(PointGeometry {
            lon: find(lon)?,
            lat: find(lat)?,
        });
        Ok(self)
    }

    /// The same table without the point geometry of [`Table::with_point_geometry`]: plain Parquet, for readers
    /// (pandas) that would otherwise get a column of WKB bytes.
    pub fn without_geometry(mut self) -> Self {
        self.geometry = None;
        self
    }

    /// The number of rows.
    pub fn rows(&self) -> usize {
        self.columns.first().map_or(0, |c| c.data.len())
    }

    /// The columns, in order.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// Writes the table as CSV through the `csv` crate: a header of column names, then one record per row,
    /// `\n`-terminated.
    ///
    /// Fields holding a comma, a double quote, CR or LF are quoted with inner quotes doubled (RFC 4180). Text that a
    /// spreadsheet would run as a formula gets a leading apostrophe ([`spreadsheet_safe`]). Floats are written in
    /// Rust's shortest form that reads back to the same bits (`{}`, or `{:e}` below 1e-5 or from 1e16 in magnitude,
    /// where `{}` would spell out hundreds of digits); NaN and infinities as `NaN`, `inf`, `-inf`; a missing
    /// [`ColumnData::OptF64`] value as an empty field; booleans as `true`/`false`. The point geometry of
    /// [`Table::with_point_geometry`] is not written: the CSV has the longitude and latitude columns.
    ///
    /// # Errors
    /// [`ExportError::Io`] when the writer fails.
    pub fn write_csv<W: Write>(&self, w: W) -> Result<(), ExportError> {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(BufWriter::new(w));
        let csv_error = |e: csv::Error| match e.into_kind() {
            csv::ErrorKind::Io(e) => ExportError::Io(e),
            other => ExportError::Io(std::io::Error::other(format!("{other:?}"))),
        };
        w.write_record(self.columns.iter().map(|c| c.name.as_bytes()))
            .map_err(csv_error)?;
        let mut cell = String::new();
        for row in 0..self.rows() {
            for column in &self.columns {
                cell.clear();
                match &column.data {
                    ColumnData::F64(v) => push_csv_f64(&mut cell, v[row]),
                    ColumnData::OptF64(v) => {
                        if let Some(x) = v[row] {
                            push_csv_f64(&mut cell, x);
                        }
                    }
                    ColumnData::I64(v) => {
                        let _ = write!(cell, "{}", v[row]);
                    }
                    ColumnData::Bool(v) => cell.push_str(if v[row] { "true" } else { "false" }),
                    ColumnData::Text(v) => cell.push_str(&spreadsheet_safe(&v[row])),
                }
                w.write_field(cell.as_bytes()).map_err(csv_error)?;
            }
            w.write_record(None::<&[u8]>).map_err(csv_error)?;
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
        let mut fields: String = self
            .columns
            .iter()
            .map(|c| c.data.parquet_field(&c.name))
            .collect::<Vec<_>>()
            .join(" ");
        let points = self
            .geometry
            .map(|g| (self.f64_column(g.lon), self.f64_column(g.lat)));
        if points.is_some() {
            fields.push_str(&format!(" REQUIRED BYTE_ARRAY {GEOMETRY_COLUMN};"));
        }
        // Names are checked snake_case in `Table::new`, so they are safe to splice into the schema text.
        let schema = parse_message_type(&format!("message shieldsim_table {{ {fields} }}"))
            .map_err(parquet_error)?;
        let mut metadata: Vec<KeyValue> = self
            .columns
            .iter()
            .map(|c| KeyValue::new(format!("shieldsim.column.{}", c.name), c.unit_doc.clone()))
            .collect();
        if let Some((lon, lat)) = points {
            metadata.push(KeyValue::new("geo".to_string(), geo_metadata(lon, lat)?));
            metadata.push(KeyValue::new(
                format!("shieldsim.column.{GEOMETRY_COLUMN}"),
                "the grid point as a WKB Point (longitude, latitude in degrees, OGC:CRS84)"
                    .to_string(),
            ));
        }
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
            if let Some((lon, lat)) = points {
                let mut column_writer = row_group
                    .next_column()
                    .map_err(parquet_error)?
                    .ok_or_else(|| {
                        ExportError::Parquet("no writer for the geometry column".into())
                    })?;
                let values: Vec<ByteArray> = (start..end)
                    .map(|i| ByteArray::from(wkb_point(lon[i], lat[i]).to_vec()))
                    .collect();
                column_writer
                    .typed::<ByteArrayType>()
                    .write_batch(&values, None, None)
                    .map_err(parquet_error)?;
                column_writer.close().map_err(parquet_error)?;
            }
            row_group.close().map_err(parquet_error)?;
            start = end;
        }
        writer.close().map_err(parquet_error)?;
        Ok(())
    }
}

impl Table {
    /// The values of column `k`, which [`Table::with_point_geometry`] checked to be `F64`.
    fn f64_column(&self, k: usize) -> &[f64] {
        match &self.columns[k].data {
            ColumnData::F64(v) => v,
            _ => &[],
        }
    }
}

/// A point as ISO WKB: byte order 1 (little-endian), geometry type 1 (Point, 2-D), x = longitude, y = latitude.
pub fn wkb_point(lon_deg: f64, lat_deg: f64) -> [u8; 21] {
    let mut b = [0u8; 21];
    b[0] = 1;
    b[1..5].copy_from_slice(&1u32.to_le_bytes());
    b[5..13].copy_from_slice(&lon_deg.to_le_bytes());
    b[13..21].copy_from_slice(&lat_deg.to_le_bytes());
    b
}

/// The `geo` file metadata of GeoParquet 1.1.0 for a point column over these coordinates.
fn geo_metadata(lon: &[f64], lat: &[f64]) -> Result<String, ExportError> {
    let crs: serde_json::Value = serde_json::from_str(CRS84_PROJJSON).map_err(|e| {
        ExportError::Parquet(format!("the built-in CRS84 PROJJSON does not parse: {e}"))
    })?;
    let mut column = serde_json::json!({
        "encoding": "WKB",
        "geometry_types": ["Point"],
        "crs": crs,
    });
    let finite = lon
        .iter()
        .zip(lat)
        .filter(|(x, y)| x.is_finite() && y.is_finite());
    let mut bbox: Option<[f64; 4]> = None;
    for (&x, &y) in finite {
        bbox = Some(match bbox {
            None => [x, y, x, y],
            Some([a, b, c, d]) => [a.min(x), b.min(y), c.max(x), d.max(y)],
        });
    }
    if let Some(b) = bbox {
        column["bbox"] = serde_json::json!(b);
    }
    let geo = serde_json::json!({
        "version": "1.1.0",
        "primary_column": GEOMETRY_COLUMN,
        "columns": { GEOMETRY_COLUMN: column },
    });
    Ok(geo.to_string())
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

/// A text cell made safe for spreadsheets: a cell that is not a number but begins with `=`, `+`, `-`, `@`, a tab or
/// a carriage return would be run as a formula by Excel or LibreOffice (CSV injection, OWASP); it gets a leading
/// apostrophe, which spreadsheets show as "text".
pub fn spreadsheet_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let risky = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && text.trim().parse::<f64>().is_err() {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
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
