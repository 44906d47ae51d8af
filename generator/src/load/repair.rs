//! Repairs made to the document before it is read: mistakes whose intent is clear (each with a warning), and
//! compositions that say less than they seem (an `allOf` member holding only `nullable: false`).

use super::constructs::{construct_of, holds_data, Construct};
use super::display;
use crate::diag::{Diagnostic, Diagnostics};
use crate::ir::ptr::Pointer;
use serde_json::Value;

/// Repairs mistakes whose intent is clear, warning about each: a parameter's `required: optional` (or `"true"`,
/// `"false"`, `yes`, `no`) is read as the boolean it means; a server variable's numbers (`enum: [80, 443]`) as text.
pub(super) fn repair(node: &mut Value, keys: &mut Vec<String>, diagnostics: &mut Diagnostics) {
    if is_server_variable(keys) {
        repair_server_variable(node, keys, diagnostics);
    }
    match construct_of(node, keys) {
        Some(Construct::Schema) => simplify_composition(node),
        Some(Construct::Parameter) => {
            repair_required(node, keys, diagnostics);
            repair_collection_format(node, keys, diagnostics);
        }
        Some(Construct::Operation) => repair_missing_responses(node, keys, diagnostics),
        _ => {}
    }
    // The pointer is built only for a diagnostic: a spec has hundreds of thousands of nodes and few repairs.
    let mut visit = |key: String, child: &mut Value| {
        keys.push(key);
        repair(child, keys, diagnostics);
        keys.pop();
    };
    match node {
        Value::Object(entries) => {
            for (key, child) in entries.iter_mut().filter(|(key, _)| !holds_data(key)) {
                visit(key.clone(), child);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter_mut().enumerate() {
                visit(index.to_string(), child);
            }
        }
        _ => {}
    }
}

/// A parameter's `required` written as text whose meaning is clear (`optional`, `yes`) becomes a boolean.
fn repair_required(parameter: &mut Value, keys: &[String], diagnostics: &mut Diagnostics) {
    let Some(required) = parameter.get_mut("required") else { return };
    let meant = match required.as_str().map(str::to_ascii_lowercase).as_deref() {
        Some("true" | "yes" | "required") => true,
        Some("false" | "no" | "optional") => false,
        _ => return,
    };
    diagnostics.push(
        Diagnostic::warning(
            Pointer::root().join(keys).push("required").as_str(),
            format!("`required: {}` is not a boolean; read as `{meant}`", display(required)),
        )
        .with_hint(format!("write `required: {meant}`")),
    );
    *required = Value::Bool(meant);
}

/// An operation without `responses` (required by OpenAPI) documents no response: read as `responses: {}`.
fn repair_missing_responses(operation: &mut Value, keys: &[String], diagnostics: &mut Diagnostics) {
    let Value::Object(entries) = operation else { return };
    if entries.contains_key("responses") {
        return;
    }
    entries.insert("responses".to_owned(), Value::Object(serde_json::Map::new()));
    diagnostics.push(
        Diagnostic::warning(Pointer::root().join(keys).as_str(), "the operation has no `responses`; read as documenting none")
            .with_hint("list the operation's responses, e.g. `responses: {'200': {description: OK}}`"),
    );
}

/// Swagger 2's `collectionFormat` on a 3.0 parameter: read as the 3.0 `style` and `explode` that say the same
/// (`csv` -> `form` without explode, `multi` -> `form` with explode, `ssv` -> `spaceDelimited`, `pipes` ->
/// `pipeDelimited`). Outside a query, `csv` is already what the default `simple` style sends.
fn repair_collection_format(parameter: &mut Value, keys: &[String], diagnostics: &mut Diagnostics) {
    let Value::Object(entries) = parameter else { return };
    let Some(format) = entries.shift_remove("collectionFormat") else { return };
    let in_query = entries.get("in").and_then(Value::as_str) == Some("query");
    let meant = match (format.as_str(), in_query) {
        (Some("csv"), true) => Some(("form", false)),
        (Some("multi"), true) => Some(("form", true)),
        (Some("ssv"), true) => Some(("spaceDelimited", false)),
        (Some("pipes"), true) => Some(("pipeDelimited", false)),
        (Some("csv"), false) => None,
        _ => {
            diagnostics.push(
                Diagnostic::warning(
                    Pointer::root().join(keys).push("collectionFormat").as_str(),
                    format!("Swagger 2 `collectionFormat: {}` has no OpenAPI 3.0 equivalent here; ignored", display(&format)),
                )
                .with_hint("describe the parameter with a 3.0 `style` and `explode`"),
            );
            return;
        }
    };
    let (described, hint) = match meant {
        Some((style, explode)) => {
            if !entries.contains_key("style") && !entries.contains_key("explode") {
                entries.insert("style".to_owned(), Value::String(style.to_owned()));
                entries.insert("explode".to_owned(), Value::Bool(explode));
            }
            (format!("`style: {style}, explode: {explode}`"), format!("write `style: {style}, explode: {explode}` instead"))
        }
        None => ("the default `simple` style".to_owned(), "remove `collectionFormat`".to_owned()),
    };
    diagnostics.push(
        Diagnostic::warning(
            Pointer::root().join(keys).push("collectionFormat").as_str(),
            format!("`collectionFormat: {}` is Swagger 2; read as {described}", display(&format)),
        )
        .with_hint(hint),
    );
}

/// `servers/N/variables/NAME`, at the top, in a path item or in an operation.
fn is_server_variable(keys: &[String]) -> bool {
    let length = keys.len();
    length >= 4 && keys[length - 2] == "variables" && keys[length - 4] == "servers"
}

fn repair_server_variable(variable: &mut Value, keys: &[String], diagnostics: &mut Diagnostics) {
    let Value::Object(entries) = variable else { return };
    let mut repaired = false;
    if let Some(default) = entries.get_mut("default") {
        repaired |= number_to_text(default);
    }
    if let Some(Value::Array(values)) = entries.get_mut("enum") {
        for value in values {
            repaired |= number_to_text(value);
        }
    }
    if repaired {
        diagnostics.push(
            Diagnostic::warning(Pointer::root().join(keys).as_str(), "server variable values must be strings; numbers are read as text")
                .with_hint("quote the values, e.g. `enum: ['80', '443']`"),
        );
    }
}

fn number_to_text(value: &mut Value) -> bool {
    match value {
        Value::Number(number) => {
            *value = Value::String(number.to_string());
            true
        }
        _ => false,
    }
}

/// Keywords that describe a value without constraining its type.
const ANNOTATIONS: &[&str] =
    &["nullable", "description", "title", "readOnly", "writeOnly", "deprecated", "example", "default", "externalDocs"];

fn is_annotation(key: &str) -> bool {
    ANNOTATIONS.contains(&key) || key.starts_with("x-")
}

/// An `allOf` member made only of annotations (`{nullable: false}`, a description) adds no type: its annotations
/// move to the schema (where the schema has none of its own) and the member goes. A `oneOf`/`anyOf` whose
/// members are all `{}` allows anything, so it goes too. `allOf: [{$ref: X}, {nullable: false}]` is then `X`.
fn simplify_composition(schema: &mut Value) {
    let Value::Object(entries) = schema else { return };
    if let Some(Value::Array(members)) = entries.get_mut("allOf") {
        let is_annotations_only = |member: &Value| {
            member.as_object().is_some_and(|member| member.keys().all(|key| is_annotation(key)))
        };
        let mut hoisted = Vec::new();
        members.retain(|member| {
            if is_annotations_only(member) {
                hoisted.extend(member.as_object().into_iter().flatten().map(|(key, value)| (key.clone(), value.clone())));
                false
            } else {
                true
            }
        });
        // With no member left the schema would lose its `allOf` altogether: keep one that says nothing.
        if members.is_empty() {
            members.push(Value::Object(serde_json::Map::new()));
        }
        for (key, value) in hoisted {
            entries.entry(key).or_insert(value);
        }
    }
    for keyword in ["oneOf", "anyOf"] {
        let allows_anything = entries.get(keyword).and_then(Value::as_array).is_some_and(|members| {
            !members.is_empty() && members.iter().all(|member| member.as_object().is_some_and(serde_json::Map::is_empty))
        });
        if allows_anything {
            entries.remove(keyword);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{repair, simplify_composition};
    use crate::diag::Diagnostics;
    use serde_json::json;

    #[test]
    fn reads_collection_formats_and_missing_responses_with_warnings() {
        let mut document = json!({"paths": {"/a": {"get": {"parameters": [
            {"name": "a", "in": "query", "collectionFormat": "ssv"},
            {"name": "b", "in": "query", "collectionFormat": "multi"},
        ]}}}});
        let mut diagnostics = Diagnostics::default();
        repair(&mut document, &mut Vec::new(), &mut diagnostics);
        let operation = &document["paths"]["/a"]["get"];
        assert_eq!(operation["responses"], json!({}));
        assert_eq!(operation["parameters"][0], json!({"name": "a", "in": "query", "style": "spaceDelimited", "explode": false}));
        assert_eq!(operation["parameters"][1], json!({"name": "b", "in": "query", "style": "form", "explode": true}));
        assert_eq!(diagnostics.items.len(), 3);
    }

    #[test]
    fn drops_members_that_add_no_type() {
        let mut schema = json!({"allOf": [{"$ref": "#/components/schemas/Baz"}, {"nullable": false}]});
        simplify_composition(&mut schema);
        assert_eq!(schema, json!({"allOf": [{"$ref": "#/components/schemas/Baz"}], "nullable": false}));
        let mut schema = json!({"nullable": true, "allOf": [{"$ref": "#/T"}], "oneOf": [{}]});
        simplify_composition(&mut schema);
        assert_eq!(schema, json!({"nullable": true, "allOf": [{"$ref": "#/T"}]}));
        let mut schema = json!({"oneOf": [{}, {"type": "string"}]});
        simplify_composition(&mut schema);
        assert_eq!(schema, json!({"oneOf": [{}, {"type": "string"}]}), "a real choice stays");
    }
}
