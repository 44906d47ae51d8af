//! Spec text (YAML or JSON) -> `serde_json::Value`, keeping integers that do not fit in 64 bits instead of calling
//! the document invalid.
//!
//! serde_yaml hands integers beyond `i64`/`u64` (`minimum: -9223372036854775809`, a 20-digit `maximum`) to the
//! visitor as `i128`/`u128`, which serde_json's `Value` refuses with "number out of range": a valid YAML document
//! was then reported as invalid YAML. serde_json reads them as `f64`, which openapiv3 then refuses as an integer
//! bound. This visitor reads both itself: a `minimum` or `maximum` beyond `i64` is clamped to `i64::MIN` or
//! `i64::MAX` (openapiv3 reads integer bounds as `i64`, and the bound is the same for every value the generated
//! `i64` can hold), any other integer becomes the nearest `f64`; each with a warning at its pointer.

use crate::diag::Diagnostic;
use crate::ir::ptr::Pointer;
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::cell::RefCell;
use std::fmt;

/// Parses YAML into JSON values; warnings about numbers that were changed go to `warnings`.
pub(super) fn parse_yaml(text: &str, warnings: &mut Vec<Diagnostic>) -> Result<Value, serde_yaml::Error> {
    let found = RefCell::new(Vec::new());
    let value = ValueSeed { keys: Vec::new(), warnings: &found }.deserialize(serde_yaml::Deserializer::from_str(text))?;
    warnings.extend(found.into_inner());
    Ok(value)
}

/// Parses JSON, with the same care for integer bounds beyond 64 bits as [`parse_yaml`].
pub(super) fn parse_json(text: &str, warnings: &mut Vec<Diagnostic>) -> Result<Value, serde_json::Error> {
    let found = RefCell::new(Vec::new());
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = ValueSeed { keys: Vec::new(), warnings: &found }.deserialize(&mut deserializer)?;
    deserializer.end()?;
    warnings.extend(found.into_inner());
    Ok(value)
}

/// Reads one value at the position named by `keys`.
struct ValueSeed<'a> {
    keys: Vec<String>,
    warnings: &'a RefCell<Vec<Diagnostic>>,
}

impl ValueSeed<'_> {
    fn is_bound(&self) -> bool {
        matches!(self.keys.last().map(String::as_str), Some("minimum" | "maximum"))
    }

    /// A number beyond `i64`: clamped for a bound, the nearest `f64` otherwise.
    fn wide_integer(&self, text: String, negative: bool, as_float: f64) -> Value {
        let pointer = Pointer::root().join(&self.keys);
        let (value, read_as) = if self.is_bound() {
            let clamped = if negative { Value::from(i64::MIN) } else { Value::from(i64::MAX) };
            let shown = clamped.to_string();
            (clamped, shown)
        } else {
            let number = Number::from_f64(as_float).map(Value::Number).unwrap_or(Value::Null);
            let shown = number.to_string();
            (number, shown)
        };
        self.warnings.borrow_mut().push(
            Diagnostic::warning(pointer.as_str(), format!("the integer `{text}` does not fit in a 64-bit integer; read as `{read_as}`"))
                .with_hint("write a value from -9223372036854775808 to 9223372036854775807"),
        );
        value
    }
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any YAML value that JSON can hold")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        if self.is_bound() && i64::try_from(value).is_err() {
            return Ok(self.wide_integer(value.to_string(), false, value as f64));
        }
        Ok(Value::from(value))
    }

    fn visit_i128<E>(self, value: i128) -> Result<Value, E> {
        match i64::try_from(value) {
            Ok(fits) => Ok(Value::from(fits)),
            Err(_) => Ok(self.wide_integer(value.to_string(), value < 0, value as f64)),
        }
    }

    fn visit_u128<E: serde::de::Error>(self, value: u128) -> Result<Value, E> {
        match u64::try_from(value) {
            Ok(fits) => self.visit_u64(fits),
            Err(_) => Ok(self.wide_integer(value.to_string(), false, value as f64)),
        }
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        // serde_json reads an integer beyond 64 bits as an `f64`; as a bound it is clamped like one read as such.
        // (serde_json gives an integer literal as `f64` only when it fits neither `i64` nor `u64`.)
        let beyond_i64 = value.fract() == 0.0 && value.abs() >= 2f64.powi(63);
        if self.is_bound() && beyond_i64 {
            return Ok(self.wide_integer(format!("{value}"), value < 0.0, value));
        }
        // JSON has no infinity or NaN; YAML's `.inf` and `.nan` become `null`, as serde_json's own `Value` does.
        Ok(Number::from_f64(value).map(Value::Number).unwrap_or(Value::Null))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Value, A::Error> {
        let mut values = Vec::new();
        loop {
            let mut keys = self.keys.clone();
            keys.push(values.len().to_string());
            match items.next_element_seed(ValueSeed { keys, warnings: self.warnings })? {
                Some(value) => values.push(value),
                None => return Ok(Value::Array(values)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        while let Some(key) = entries.next_key_seed(KeySeed)? {
            let mut keys = self.keys.clone();
            keys.push(key.clone());
            let value = entries.next_value_seed(ValueSeed { keys, warnings: self.warnings })?;
            map.insert(key, value);
        }
        Ok(Value::Object(map))
    }
}

/// Reads a mapping key as text, as serde_json's `Value` does: `200:` is the key `"200"`.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = String;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a string key")
    }

    fn visit_str<E>(self, value: &str) -> Result<String, E> {
        Ok(value.to_owned())
    }

    fn visit_string<E>(self, value: String) -> Result<String, E> {
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::{parse_json, parse_yaml as parse};
    use serde_json::json;

    #[test]
    fn keeps_integers_beyond_64_bits_with_a_warning() {
        let mut warnings = Vec::new();
        let text = "a:\n  minimum: -9223372036854775809\n  maximum: 18446744073709551616\n  example: 18446744073709551616\n  200: ok\n";
        let value = parse(text, &mut warnings).unwrap();
        assert_eq!(value["a"]["minimum"], json!(i64::MIN));
        assert_eq!(value["a"]["maximum"], json!(i64::MAX));
        assert_eq!(value["a"]["example"], json!(18446744073709551616.0_f64));
        assert_eq!(value["a"]["200"], json!("ok"));
        let pointers: Vec<&str> = warnings.iter().map(|warning| warning.pointer.as_str()).collect();
        assert_eq!(pointers, ["#/a/minimum", "#/a/maximum", "#/a/example"]);
    }

    #[test]
    fn clamps_wide_integer_bounds_in_json_too() {
        let mut warnings = Vec::new();
        let value = parse_json(r#"{"a": {"minimum": -9223372036854775809, "maximum": 1.5, "example": 18446744073709551616}}"#, &mut warnings).unwrap();
        assert_eq!(value["a"]["minimum"], json!(i64::MIN));
        assert_eq!(value["a"]["maximum"], json!(1.5));
        assert_eq!(value["a"]["example"], json!(18446744073709551616.0_f64));
        assert_eq!(warnings.len(), 1);
        assert!(parse_json("{} trailing", &mut warnings).is_err());
    }

    #[test]
    fn reads_ordinary_yaml_as_serde_json_does() {
        let text = "openapi: 3.0.3\nlist: [1, -2, 2.5, true, null, text]\nanchor: &a {x: 1}\nalias: *a\n";
        let mut warnings = Vec::new();
        let ours = parse(text, &mut warnings).unwrap();
        let theirs: serde_json::Value = serde_yaml::from_str(text).unwrap();
        assert_eq!(ours, theirs);
        assert!(warnings.is_empty());
    }
}
