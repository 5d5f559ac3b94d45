//! A list of JSON records (the catalogue's and the scenario list's documents) as a column [`Table`], columns in the
//! documents' field order, so that Python reads them as a DataFrame through Parquet like every other table.
//!
//! Column types: all booleans → `Bool`; all integers → `I64`; numbers, some null → `OptF64`; otherwise numbers →
//! `F64`; strings → `Text`; a list of strings → `Text` joined with `"; "`; anything else → its JSON text.

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::Value;
use shieldsim_app::export::{Column, ColumnData, Table};
use shieldsim_app::Error;

/// A JSON object with its keys in document order (serde_json's `Value` sorts them).
struct Ordered(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Ordered;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
                let mut fields = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Value>()? {
                    fields.push((k, v));
                }
                Ok(Ordered(fields))
            }
        }
        d.deserialize_map(V)
    }
}

/// The records under `key` of the JSON document `json` (`{"key": [{...}, ...]}`) as a table; `what` names the
/// document in messages. Columns named in `first` come first, in that order (the command line's CSV header, where
/// the document's own order is lost), then the others in document order.
pub fn records_table(json: &str, key: &str, what: &str, first: &[&str]) -> Result<Table, Error> {
    let doc: std::collections::BTreeMap<String, Vec<Ordered>> = serde_json::from_str(json)
        .map_err(|e| Error::internal(format!("cannot read the {what} document: {e}")))?;
    let rows = doc
        .get(key)
        .ok_or_else(|| Error::internal(format!("the {what} document has no `{key}`")))?;
    let mut names: Vec<&str> = Vec::new();
    for row in rows {
        for (k, _) in &row.0 {
            if !names.contains(&k.as_str()) {
                names.push(k);
            }
        }
    }
    let mut order: Vec<&str> = first
        .iter()
        .copied()
        .filter(|f| names.contains(f))
        .collect();
    order.extend(names.iter().copied().filter(|n| !first.contains(n)));
    let mut columns = Vec::with_capacity(order.len());
    for name in order {
        let values: Vec<&Value> = rows
            .iter()
            .map(|r| {
                r.0.iter()
                    .find(|(k, _)| k == name)
                    .map_or(&Value::Null, |(_, v)| v)
            })
            .collect();
        columns.push(Column::new(name, name, column_data(&values)));
    }
    Table::new(columns).map_err(|e| Error::internal(format!("cannot tabulate the {what}: {e}")))
}

fn column_data(values: &[&Value]) -> ColumnData {
    if values.iter().all(|v| v.is_boolean()) {
        return ColumnData::Bool(
            values
                .iter()
                .map(|v| v.as_bool().unwrap_or(false))
                .collect(),
        );
    }
    if values.iter().all(|v| v.is_i64()) {
        return ColumnData::I64(values.iter().map(|v| v.as_i64().unwrap_or(0)).collect());
    }
    if values.iter().all(|v| v.is_number() || v.is_null()) && values.iter().any(|v| v.is_number()) {
        if values.iter().any(|v| v.is_null()) {
            return ColumnData::OptF64(values.iter().map(|v| v.as_f64()).collect());
        }
        return ColumnData::F64(
            values
                .iter()
                .map(|v| v.as_f64().unwrap_or(f64::NAN))
                .collect(),
        );
    }
    ColumnData::Text(values.iter().map(|v| text(v)).collect())
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Array(items) if items.iter().all(Value::is_string) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}
