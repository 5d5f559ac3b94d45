//! Table exports: CSV quoting and bit-exact float round trips, Parquet read back with the `parquet` crate's own
//! reader (values, nulls, strings, row groups, metadata), and the table's checks on its columns.

use std::fs::File;
use std::path::PathBuf;

use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use shieldsim_app::export::{Column, ColumnData, ExportError, Table};

fn csv_string(table: &Table) -> String {
    let mut out = Vec::new();
    table.write_csv(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// Floats chosen to trip a lossy formatter, plus arbitrary bit patterns from a fixed-seed generator.
fn tricky_floats() -> Vec<f64> {
    let mut v = vec![
        0.0,
        -0.0,
        0.1 + 0.2,
        1.0 / 3.0,
        std::f64::consts::PI,
        -2.5e-7,
        1e-5,
        f64::from_bits(1e16_f64.to_bits() - 1), // just below the switch to exponent form
        1e16,
        123_456_789.123_456_78,
        f64::MIN_POSITIVE,
        5e-324,
        f64::MAX,
        f64::MIN,
        f64::EPSILON,
        6_378_137.0,
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    while v.len() < 2000 {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let x = f64::from_bits(state);
        if x.is_finite() {
            v.push(x);
        }
    }
    v
}

/// A table with every column type, nulls, NaN and text that needs quoting.
fn sample_table() -> Table {
    Table::new(vec![
        Column::new(
            "t_s",
            "Time after launch, s",
            ColumnData::F64(vec![0.0, 0.5, f64::NAN, 1e-7]),
        ),
        Column::new(
            "intercept_alt_km",
            "Altitude of the earliest intercept, km (null: no intercept)",
            ColumnData::OptF64(vec![Some(120.5), None, Some(-0.0), None]),
        ),
        Column::new(
            "shots",
            "Interceptors fired, count",
            ColumnData::I64(vec![0, -1, i64::MAX, i64::MIN]),
        ),
        Column::new(
            "engageable",
            "Whether the site can engage",
            ColumnData::Bool(vec![true, false, true, false]),
        ),
        Column::new(
            "site",
            "Defended site name",
            ColumnData::Text(vec![
                "Deveselu".into(),
                "Redzikowo, \"Aegis Ashore\"".into(),
                "line\nbreak".into(),
                "Ελληνικά ✓".into(),
            ]),
        ),
    ])
    .unwrap()
}

fn tmp_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name)
}

#[test]
fn csv_quotes_per_rfc_4180() {
    let table = Table::new(vec![Column::new(
        "text",
        "Free text",
        ColumnData::Text(vec![
            "plain".into(),
            "a,b".into(),
            "say \"hi\"".into(),
            "two\nlines".into(),
            "cr\rhere".into(),
            String::new(),
            " spaced ".into(),
        ]),
    )])
    .unwrap();
    // An empty field alone on its line is quoted: a bare empty line is a record that readers skip.
    assert_eq!(
        csv_string(&table),
        "text\nplain\n\"a,b\"\n\"say \"\"hi\"\"\"\n\"two\nlines\"\n\"cr\rhere\"\n\"\"\n spaced \n"
    );
}

#[test]
fn csv_writes_every_column_type() {
    assert_eq!(
        csv_string(&sample_table()),
        "t_s,intercept_alt_km,shots,engageable,site\n\
         0,120.5,0,true,Deveselu\n\
         0.5,,-1,false,\"Redzikowo, \"\"Aegis Ashore\"\"\"\n\
         NaN,-0,9223372036854775807,true,\"line\nbreak\"\n\
         1e-7,,-9223372036854775808,false,Ελληνικά ✓\n"
    );
}

#[test]
fn csv_floats_read_back_bit_identical() {
    let values = tricky_floats();
    let optional: Vec<Option<f64>> = values
        .iter()
        .enumerate()
        .map(|(i, &x)| (i % 3 != 0).then_some(x))
        .collect();
    let table = Table::new(vec![
        Column::new("x", "Value", ColumnData::F64(values.clone())),
        Column::new(
            "y",
            "Value or missing",
            ColumnData::OptF64(optional.clone()),
        ),
    ])
    .unwrap();
    let csv = csv_string(&table);
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("x,y"));
    let mut rows = 0;
    for (i, line) in lines.enumerate() {
        let (x, y) = line.split_once(',').unwrap();
        assert_eq!(
            x.parse::<f64>().unwrap().to_bits(),
            values[i].to_bits(),
            "row {i}: {x}"
        );
        match optional[i] {
            Some(v) => assert_eq!(
                y.parse::<f64>().unwrap().to_bits(),
                v.to_bits(),
                "row {i}: {y}"
            ),
            None => assert_eq!(y, "", "row {i}"),
        }
        // Shortest forms: nothing like 1e300 spelled out in 300 digits.
        assert!(x.len() <= 24, "row {i}: {x}");
        rows += 1;
    }
    assert_eq!(rows, values.len());
    assert_eq!(table.rows(), values.len());
}

#[test]
fn csv_non_finite_floats_read_back() {
    let table = Table::new(vec![Column::new(
        "x",
        "Value",
        ColumnData::F64(vec![f64::NAN, f64::INFINITY, f64::NEG_INFINITY]),
    )])
    .unwrap();
    let csv = csv_string(&table);
    assert_eq!(csv, "x\nNaN\ninf\n-inf\n");
    let back: Vec<f64> = csv.lines().skip(1).map(|s| s.parse().unwrap()).collect();
    assert!(back[0].is_nan());
    assert_eq!(back[1..], [f64::INFINITY, f64::NEG_INFINITY]);
}

#[test]
fn parquet_reads_back_every_value() {
    let table = sample_table();
    let path = tmp_path("export_sample.parquet");
    std::fs::write(&path, table.to_parquet_bytes().unwrap()).unwrap();
    // Kept beside it for a look in other tools.
    table
        .write_csv(File::create(tmp_path("export_sample.csv")).unwrap())
        .unwrap();

    let reader = SerializedFileReader::new(File::open(&path).unwrap()).unwrap();
    let meta = reader.metadata().file_metadata();
    assert_eq!(meta.num_rows(), 4);
    let kv = meta.key_value_metadata().unwrap();
    let doc = |key: &str| {
        kv.iter()
            .find(|k| k.key == key)
            .and_then(|k| k.value.clone())
    };
    assert_eq!(
        doc("shieldsim.column.shots").as_deref(),
        Some("Interceptors fired, count")
    );
    assert_eq!(
        doc("shieldsim.column.site").as_deref(),
        Some("Defended site name")
    );
    let names: Vec<&str> = meta
        .schema_descr()
        .columns()
        .iter()
        .map(|c| c.name())
        .collect();
    assert_eq!(
        names,
        ["t_s", "intercept_alt_km", "shots", "engageable", "site"]
    );

    let rows: Vec<Vec<Field>> = reader
        .get_row_iter(None)
        .unwrap()
        .map(|row| {
            row.unwrap()
                .get_column_iter()
                .map(|(_, f)| f.clone())
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), 4);
    let ColumnData::F64(t) = &table.columns()[0].data else {
        unreachable!()
    };
    let ColumnData::OptF64(alt) = &table.columns()[1].data else {
        unreachable!()
    };
    let ColumnData::I64(shots) = &table.columns()[2].data else {
        unreachable!()
    };
    let ColumnData::Bool(engageable) = &table.columns()[3].data else {
        unreachable!()
    };
    let ColumnData::Text(site) = &table.columns()[4].data else {
        unreachable!()
    };
    for (i, row) in rows.iter().enumerate() {
        let Field::Double(x) = row[0] else {
            panic!("row {i}: {:?}", row[0])
        };
        assert_eq!(x.to_bits(), t[i].to_bits(), "row {i}");
        match (alt[i], &row[1]) {
            (Some(v), Field::Double(x)) => assert_eq!(x.to_bits(), v.to_bits(), "row {i}"),
            (None, Field::Null) => {}
            (want, got) => panic!("row {i}: wanted {want:?}, read {got:?}"),
        }
        assert_eq!(row[2], Field::Long(shots[i]), "row {i}");
        assert_eq!(row[3], Field::Bool(engageable[i]), "row {i}");
        assert_eq!(row[4], Field::Str(site[i].clone()), "row {i}");
    }
}

#[test]
fn parquet_round_trips_floats_and_is_deterministic() {
    let values = tricky_floats();
    let table = Table::new(vec![Column::new(
        "x",
        "Value",
        ColumnData::F64(values.clone()),
    )])
    .unwrap();
    let bytes = table.to_parquet_bytes().unwrap();
    assert_eq!(
        bytes,
        table.to_parquet_bytes().unwrap(),
        "same table, same bytes"
    );
    let reader = SerializedFileReader::new(bytes::Bytes::from(bytes)).unwrap();
    let back: Vec<u64> = reader
        .get_row_iter(None)
        .unwrap()
        .map(
            |row| match row.unwrap().get_column_iter().next().unwrap().1 {
                Field::Double(x) => x.to_bits(),
                other => panic!("{other:?}"),
            },
        )
        .collect();
    assert_eq!(back, values.iter().map(|x| x.to_bits()).collect::<Vec<_>>());
}

#[test]
fn parquet_splits_large_tables_into_row_groups() {
    let rows = (1 << 20) + 5;
    let table = Table::new(vec![Column::new(
        "i",
        "Index",
        ColumnData::I64((0..rows as i64).collect()),
    )])
    .unwrap();
    let reader =
        SerializedFileReader::new(bytes::Bytes::from(table.to_parquet_bytes().unwrap())).unwrap();
    let meta = reader.metadata();
    assert_eq!(meta.file_metadata().num_rows(), rows as i64);
    let groups: Vec<i64> = meta.row_groups().iter().map(|g| g.num_rows()).collect();
    assert_eq!(groups, [1 << 20, 5]);
    let last = reader.get_row_iter(None).unwrap().last().unwrap().unwrap();
    assert_eq!(
        last.get_column_iter().next().unwrap().1,
        &Field::Long(rows as i64 - 1)
    );
}

#[test]
fn empty_table_writes_header_and_valid_parquet() {
    let table = Table::new(vec![
        Column::new("a", "A", ColumnData::F64(vec![])),
        Column::new("b", "B", ColumnData::Text(vec![])),
    ])
    .unwrap();
    assert_eq!(table.rows(), 0);
    assert_eq!(csv_string(&table), "a,b\n");
    let reader =
        SerializedFileReader::new(bytes::Bytes::from(table.to_parquet_bytes().unwrap())).unwrap();
    assert_eq!(reader.metadata().file_metadata().num_rows(), 0);
    assert_eq!(reader.get_row_iter(None).unwrap().count(), 0);
}

#[test]
fn mismatched_lengths_are_rejected() {
    let err = Table::new(vec![
        Column::new("a", "A", ColumnData::F64(vec![1.0, 2.0])),
        Column::new("b", "B", ColumnData::Bool(vec![true])),
    ])
    .unwrap_err();
    assert!(
        matches!(&err, ExportError::ColumnLength { name, len: 1, first, expected: 2 } if name == "b" && first == "a"),
        "{err:?}"
    );
    assert!(err.to_string().contains("same length"), "{err}");
}

#[test]
fn bad_names_are_rejected() {
    let col = |name: &str| Column::new(name, "doc", ColumnData::I64(vec![1]));
    assert!(matches!(Table::new(vec![]), Err(ExportError::NoColumns)));
    assert!(
        matches!(Table::new(vec![col("a"), col("a")]), Err(ExportError::DuplicateColumn { name }) if name == "a")
    );
    for bad in ["Range", "range km", "", "x;y", "1a", "a}"] {
        assert!(
            matches!(
                Table::new(vec![col(bad)]),
                Err(ExportError::ColumnName { .. })
            ),
            "{bad:?}"
        );
    }
}
