//! Reaching the Rust model of a schema named at run time, and decoding with the client's own error paths.

use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt::Debug;

/// What the tests need of a model.
pub trait Model: Serialize + DeserializeOwned + PartialEq + Debug {}

impl<T: Serialize + DeserializeOwned + PartialEq + Debug> Model for T {}

/// Something to do with the model of a schema, whichever it is.
pub trait SchemaVisitor {
    type Output;
    fn visit<T: Model>(self) -> Self::Output;
}

// `SCHEMA_NAMES` and `with_schema_type`, written by build.rs from the spec.
include!(concat!(env!("OUT_DIR"), "/schemas.rs"));

/// Decodes with serde_path_to_error, so that an error names the JSON path that failed (the client finds the same path
/// after the fact; testing/client checks the two agree).
pub fn decode<T: DeserializeOwned>(json: &str) -> Result<T, String> {
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let value = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|error| format!("at `{}`: {}", error.path(), error.inner()))?;
    deserializer.end().map_err(|error| format!("trailing data: {error}"))?;
    Ok(value)
}

/// Decodes JSON text as the schema's model and encodes the model again.
pub struct RoundTrip<'a>(pub &'a str);

impl SchemaVisitor for RoundTrip<'_> {
    type Output = Result<String, String>;

    fn visit<T: Model>(self) -> Self::Output {
        let value: T = decode(self.0)?;
        serde_json::to_string(&value).map_err(|error| format!("encoding failed: {error}"))
    }
}

/// Decodes two JSON texts as the schema's model and tells whether the two values are equal.
pub struct SameValue<'a> {
    pub expected: &'a str,
    pub actual: &'a str,
}

impl SchemaVisitor for SameValue<'_> {
    type Output = Result<bool, String>;

    fn visit<T: Model>(self) -> Self::Output {
        let expected: T = decode(self.expected).map_err(|error| format!("ours: {error}"))?;
        let actual: T = decode(self.actual).map_err(|error| format!("theirs: {error}"))?;
        Ok(expected == actual)
    }
}

pub fn round_trip(schema_name: &str, json: &str) -> Result<String, String> {
    with_schema_type(schema_name, RoundTrip(json)).unwrap_or_else(|| panic!("no model for schema `{schema_name}`"))
}

pub fn same_value(schema_name: &str, expected: &str, actual: &str) -> Result<bool, String> {
    with_schema_type(schema_name, SameValue { expected, actual })
        .unwrap_or_else(|| panic!("no model for schema `{schema_name}`"))
}
