//! Exports for other tools: column tables written as CSV or Parquet, and CZML documents for Cesium.
//!
//! - [`Table`] holds named, documented columns of equal length (a grid of results, a sampled trajectory) and writes
//!   them as CSV ([`Table::write_csv`], RFC 4180 quoting, floats in Rust's shortest round-trip form so that they
//!   read back bit for bit) or as Parquet ([`Table::to_parquet_bytes`], readable by pandas, polars, DuckDB, QGIS).
//!   A table can carry a point geometry and is then written as GeoParquet ([`Table::with_point_geometry`]).
//! - [`czml_document`] builds a CZML document (the JSON scene format of CesiumJS) from folders, time-tagged tracks
//!   and fixed points, to show and replay engagements on a 3-D globe.
//! - [`geo`] builds GeoJSON (RFC 7946) through the `geojson` crate: flat properties, paths split at the
//!   antimeridian.
//! - [`Kml`] writes KML 2.2 through quick-xml's writer, everything escaped, attributes as `ExtendedData`.
//!
//! Missing values: an [`ColumnData::OptF64`] entry of `None` is a Parquet null and an empty CSV field. An
//! [`ColumnData::F64`] column is plain IEEE 754: a NaN or an infinity in it is written as that value (Parquet
//! `DOUBLE`; CSV `NaN`, `inf`, `-inf`, which `str::parse::<f64>` and pandas read back), never as a null — use
//! `OptF64` for "no value". CZML, in contrast, rejects non-finite times and coordinates: Cesium cannot draw them.
//!
//! Nothing here panics on bad input; every check fails with an [`ExportError`] that names the column or object.
//!
//! ```
//! use shieldsim_app::export::{Column, ColumnData, Table};
//!
//! let table = Table::new(vec![
//!     Column::new("range_km", "Ground range from launch, km", ColumnData::F64(vec![100.0, 250.5])),
//!     Column::new("site", "Defended site name", ColumnData::Text(vec!["A".into(), "B, north".into()])),
//! ])?;
//! let mut csv = Vec::new();
//! table.write_csv(&mut csv)?;
//! assert_eq!(String::from_utf8(csv).unwrap(), "range_km,site\n100,A\n250.5,\"B, north\"\n");
//! let parquet = table.to_parquet_bytes()?;
//! assert_eq!(&parquet[..4], b"PAR1");
//! # Ok::<(), shieldsim_app::export::ExportError>(())
//! ```

pub mod czml;
pub mod geo;
pub mod kml;
pub mod table;

pub use czml::{czml_document, czml_id, CzmlFolder, CzmlIds, CzmlPoint, CzmlScene, CzmlTrack};
pub use kml::{Kml, KmlGeometry, Placemark};
pub use table::{Column, ColumnData, Table};

/// What went wrong while building or writing an export.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A table was built with no column.
    #[error("a table needs at least one column")]
    NoColumns,
    /// A column name is not snake_case ASCII.
    #[error("column name {name:?} is not snake_case: use lowercase ASCII letters, digits and '_', starting with a letter (for example \"range_km\")")]
    ColumnName {
        /// The rejected name.
        name: String,
    },
    /// Two columns share a name.
    #[error("column name {name:?} is used twice: column names must be unique")]
    DuplicateColumn {
        /// The repeated name.
        name: String,
    },
    /// A column's length differs from the first column's.
    #[error("column {name:?} has {len} rows but column {first:?} has {expected}: all columns must have the same length")]
    ColumnLength {
        /// The column whose length differs.
        name: String,
        /// Its length.
        len: usize,
        /// The first column's name.
        first: String,
        /// The first column's length.
        expected: usize,
    },
    /// A GeoParquet point geometry cannot be built from the named columns.
    #[error("GeoParquet geometry: {reason}")]
    Geometry {
        /// What is wrong.
        reason: String,
    },
    /// Writing to the destination failed.
    #[error("writing the export failed: {0}")]
    Io(#[from] std::io::Error),
    /// The Parquet encoder failed (its message is kept as text so that the `parquet` crate stays out of this API).
    #[error("encoding Parquet failed: {0}")]
    Parquet(String),
    /// The CZML epoch is not an ISO 8601 UTC date and time.
    #[error("CZML epoch {epoch:?} is not understood ({reason}): give an ISO 8601 UTC time such as \"2000-01-01T00:00:00Z\"")]
    CzmlEpoch {
        /// The epoch as given.
        epoch: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A CZML object has an invalid value (non-finite, out of range, out of time order).
    #[error("CZML object {id:?}: {reason}")]
    CzmlValue {
        /// The id of the track or point.
        id: String,
        /// What is wrong, and where.
        reason: String,
    },
    /// Two CZML objects share an id, or an object uses the reserved id `document`.
    #[error("CZML id {id:?} is used twice or is reserved: each track and point needs its own id, and \"document\" is taken")]
    CzmlId {
        /// The repeated or reserved id.
        id: String,
    },
}
