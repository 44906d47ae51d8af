//! Spelling IR types as Rust type expressions, in one place.

use crate::ir::{Api, Type};

/// The Rust type of a value of `ty`, with paths that resolve from anywhere in the generated crate.
pub fn rust_type(api: &Api, ty: &Type) -> String {
    match ty {
        Type::String => "String".to_owned(),
        Type::Boolean => "bool".to_owned(),
        Type::Integer(name) => (*name).to_owned(),
        Type::Number => "f64".to_owned(),
        Type::DateTime => "chrono::DateTime<chrono::FixedOffset>".to_owned(),
        Type::Date => "chrono::NaiveDate".to_owned(),
        Type::Any => "serde_json::Value".to_owned(),
        Type::Model(id) => format!("crate::models::{}", api.models[id.0].name),
        Type::Array(item) => format!("Vec<{}>", rust_type(api, item)),
        Type::Map(value) => format!("std::collections::BTreeMap<String, {}>", rust_type(api, value)),
        Type::Upload => "crate::Upload".to_owned(),
    }
}

/// How documentation names a type: the model name, or a short Rust spelling.
pub fn doc_type(api: &Api, ty: &Type) -> String {
    match ty {
        Type::Model(id) => api.models[id.0].name.clone(),
        Type::Array(item) => format!("Vec<{}>", doc_type(api, item)),
        Type::Map(value) => format!("BTreeMap<String, {}>", doc_type(api, value)),
        Type::DateTime => "DateTime<FixedOffset>".to_owned(),
        Type::Date => "NaiveDate".to_owned(),
        Type::Upload => "Upload".to_owned(),
        other => rust_type(api, other),
    }
}
