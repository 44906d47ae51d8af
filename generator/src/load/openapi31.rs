//! OpenAPI 3.1 -> the 3.0 shape openapiv3 reads, on the JSON value before it is parsed.
//!
//! The generator keeps one model of a spec, openapiv3's 3.0 one, and lowers only that. A 3.1 document differs
//! mostly in its schemas, which are JSON Schema 2020-12: `type: [X, "null"]` instead of `nullable`, `const`,
//! `examples` arrays, numeric `exclusiveMinimum`, `$ref` with siblings, and keywords 3.0 does not have. Each is
//! rewritten to what 3.0 says the same way; what 3.0 cannot say is dropped, with a warning at its pointer. An
//! exact rewrite (a `type` array with `"null"` becomes `nullable: true`) warns once per kind, with a count and
//! the first pointer, since a 3.1 document holds hundreds of them; a dropped construct warns at every pointer.

use super::constructs::{holds_data, Construct};
use crate::diag::{Diagnostic, Diagnostics};
use crate::ir::ptr::Pointer;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The version the rewritten document declares.
const READ_AS: &str = "3.0.3";

/// The dialect a 3.1 document uses when it names none; naming it changes nothing.
const DEFAULT_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// JSON Schema keywords that 3.0 has no way to say; each is removed with a warning.
const UNSUPPORTED_KEYWORDS: &[&str] = &[
    "$defs", "definitions", "if", "then", "else", "dependentSchemas", "dependentRequired", "unevaluatedProperties",
    "unevaluatedItems", "patternProperties", "propertyNames", "contains", "minContains", "maxContains",
    "$dynamicRef", "$dynamicAnchor", "$recursiveRef", "$recursiveAnchor",
];

/// Keywords about the schema document itself, which describe no value; removed, counted once.
const META_KEYWORDS: &[&str] = &["$schema", "$id", "$anchor", "$comment", "$vocabulary"];

/// Whether the document is a 3.1 one, which [`normalise`] rewrites.
pub(super) fn is_openapi31(document: &Value) -> bool {
    document.get("openapi").and_then(Value::as_str).is_some_and(|version| version.starts_with("3.1"))
}

/// Rewrites a 3.1 document into the 3.0 shape, in place; other documents are left alone.
pub(super) fn normalise(document: &mut Value, diagnostics: &mut Diagnostics) {
    if !is_openapi31(document) {
        return;
    }
    let mut normaliser = Normaliser::default();
    normaliser.top_level(document);
    normaliser.walk(document, &mut Vec::new());
    if let Some(version) = document.get_mut("openapi") {
        *version = Value::String(READ_AS.to_owned());
    }
    for ((message, hint), (count, first)) in normaliser.rewrites {
        let times = if count == 1 { String::new() } else { format!(" ({count} places, the first shown)") };
        diagnostics.push(Diagnostic::warning(first, format!("OpenAPI 3.1: {message}{times}")).with_hint(hint));
    }
    for warning in normaliser.dropped {
        diagnostics.push(warning);
    }
}

#[derive(Default)]
struct Normaliser {
    /// Exact rewrites by kind (message, hint): how many, and the first pointer.
    rewrites: BTreeMap<(&'static str, &'static str), (usize, String)>,
    /// One warning per construct dropped or read differently.
    dropped: Vec<Diagnostic>,
}

impl Normaliser {
    fn rewrote(&mut self, keys: &[String], message: &'static str, hint: &'static str) {
        let entry = self.rewrites.entry((message, hint)).or_insert_with(|| (0, Pointer::root().join(keys).as_str().to_owned()));
        entry.0 += 1;
    }

    fn drop_warning(&mut self, pointer: Pointer, message: String, hint: &str) {
        self.dropped.push(Diagnostic::warning(pointer.as_str(), format!("OpenAPI 3.1: {message}")).with_hint(hint));
    }

    /// Top-level keys 3.0 does not have: `webhooks`, `jsonSchemaDialect`, `components/pathItems`; and `paths`,
    /// optional in 3.1, required in 3.0.
    fn top_level(&mut self, document: &mut Value) {
        let Value::Object(root) = document else { return };
        if let Some(webhooks) = root.shift_remove("webhooks") {
            let count = webhooks.as_object().map_or(0, Map::len);
            self.drop_warning(
                Pointer::root().push("webhooks"),
                format!("{count} webhook(s) skipped: a client does not receive webhooks"),
                "nothing to do; handle webhooks in the server that receives them",
            );
        }
        if let Some(dialect) = root.shift_remove("jsonSchemaDialect") {
            if dialect.as_str() != Some(DEFAULT_DIALECT) {
                self.drop_warning(
                    Pointer::root().push("jsonSchemaDialect"),
                    format!("the schema dialect {dialect} is ignored; schemas are read as the OpenAPI 3.1 base dialect"),
                    "remove `jsonSchemaDialect` if the schemas use only JSON Schema 2020-12 and OpenAPI keywords",
                );
            }
        }
        if let Some(Value::Object(components)) = root.get_mut("components") {
            if components.shift_remove("pathItems").is_some() {
                self.drop_warning(
                    Pointer::root().push("components").push("pathItems"),
                    "`components/pathItems` skipped: path items are read only under `paths`".to_owned(),
                    "write the path items under `paths`",
                );
            }
        }
        root.entry("paths").or_insert_with(|| Value::Object(Map::new()));
    }

    fn walk(&mut self, node: &mut Value, keys: &mut Vec<String>) {
        if Construct::at(keys) == Some(Construct::Schema) {
            self.schema(node, keys);
        } else if let Value::Object(entries) = node {
            // Reference objects may carry `summary` and `description` in 3.1; 3.0 reads the `$ref` alone.
            if entries.contains_key("$ref") {
                entries.retain(|key, _| key == "$ref");
            }
        }
        let mut visit = |key: String, child: &mut Value, normaliser: &mut Normaliser| {
            keys.push(key);
            normaliser.walk(child, keys);
            keys.pop();
        };
        match node {
            Value::Object(entries) => {
                for (key, child) in entries.iter_mut().filter(|(key, _)| !holds_data(key)) {
                    visit(key.clone(), child, self);
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter_mut().enumerate() {
                    visit(index.to_string(), child, self);
                }
            }
            _ => {}
        }
    }

    /// Rewrites one schema (its subschemas are visited after it).
    fn schema(&mut self, node: &mut Value, keys: &[String]) {
        if let Value::Bool(allowed) = node {
            // A boolean schema: `true` allows anything (`{}`); `false` nothing, which 3.0 cannot say of a value.
            if keys.last().map(String::as_str) == Some("additionalProperties") {
                return;
            }
            if !*allowed {
                self.drop_warning(
                    Pointer::root().join(keys),
                    "the schema `false` (no value allowed) is read as any value".to_owned(),
                    "remove the schema, or the property it describes",
                );
            }
            *node = Value::Object(Map::new());
            return;
        }
        let Value::Object(schema) = node else { return };
        self.drop_keywords(schema, keys);
        self.reference_siblings(schema, keys);
        self.type_array(schema, keys);
        self.null_members(schema, keys);
        self.small_rewrites(schema, keys);
    }

    fn drop_keywords(&mut self, schema: &mut Map<String, Value>, keys: &[String]) {
        for keyword in UNSUPPORTED_KEYWORDS {
            if schema.shift_remove(*keyword).is_some() {
                self.drop_warning(
                    Pointer::root().join(keys).push(keyword),
                    format!("`{keyword}` is not supported and is ignored"),
                    "the generated types accept what the rest of the schema describes; check that this is enough",
                );
            }
        }
        for keyword in META_KEYWORDS {
            if schema.shift_remove(*keyword).is_some() {
                self.rewrote(keys, "schema document keywords (`$schema`, `$id`, `$comment` ...) are ignored", "nothing to do");
            }
        }
        if let Some(Value::Object(properties)) = schema.get_mut("properties") {
            let forbidden: Vec<String> =
                properties.iter().filter(|(_, property)| **property == Value::Bool(false)).map(|(name, _)| name.clone()).collect();
            for name in forbidden {
                properties.shift_remove(&name);
                self.drop_warning(
                    Pointer::root().join(keys).push("properties").push(&name),
                    format!("property `{name}` is `false` (never allowed); it is left out"),
                    "remove the property",
                );
            }
        }
        if let Some(prefix_items) = schema.shift_remove("prefixItems") {
            let count = prefix_items.as_array().map_or(0, Vec::len);
            schema.insert("items".to_owned(), Value::Object(Map::new()));
            self.drop_warning(
                Pointer::root().join(keys).push("prefixItems"),
                format!("`prefixItems` (a tuple of {count}) is read as an array of any values"),
                "describe the items with one `items` schema if they share a type",
            );
        }
    }

    /// `{$ref: X, description: ...}`: 3.0 ignores a `$ref`'s siblings, so the `$ref` moves into an `allOf` and
    /// the siblings stay (a description then documents the field).
    fn reference_siblings(&mut self, schema: &mut Map<String, Value>, keys: &[String]) {
        if schema.len() < 2 {
            return;
        }
        let Some(reference) = schema.shift_remove("$ref") else { return };
        let member = Value::Object(Map::from_iter([("$ref".to_owned(), reference)]));
        match schema.get_mut("allOf") {
            Some(Value::Array(members)) => members.insert(0, member),
            _ => {
                schema.insert("allOf".to_owned(), Value::Array(vec![member]));
            }
        }
        self.rewrote(keys, "`$ref` with sibling keywords is read as `allOf: [{$ref}]` beside them", "nothing to do");
    }

    /// `type: [X, "null"]` -> `type: X, nullable: true`; `type: "null"` -> `nullable: true`. Several types other
    /// than null cannot be one 3.0 type: they become a `oneOf` of one schema per type.
    fn type_array(&mut self, schema: &mut Map<String, Value>, keys: &[String]) {
        let types: Vec<String> = match schema.get("type") {
            Some(Value::Array(types)) => types.iter().filter_map(|name| name.as_str().map(str::to_owned)).collect(),
            Some(Value::String(name)) if name == "null" => vec![name.clone()],
            _ => return,
        };
        let nullable = types.iter().any(|name| name == "null");
        let others: Vec<String> = types.into_iter().filter(|name| name != "null").collect();
        schema.shift_remove("type");
        if nullable {
            schema.insert("nullable".to_owned(), Value::Bool(true));
        }
        match others.as_slice() {
            [] => self.rewrote(keys, "`type: \"null\"` is read as `nullable: true` with no type", "nothing to do"),
            [only] => {
                schema.insert("type".to_owned(), Value::String(only.clone()));
                self.rewrote(keys, "`type: [X, \"null\"]` is read as `type: X, nullable: true`", "nothing to do");
            }
            several => {
                let members = several.iter().map(|name| serde_json::json!({ "type": name })).collect();
                if !schema.contains_key("oneOf") && !schema.contains_key("anyOf") {
                    schema.insert("anyOf".to_owned(), Value::Array(members));
                }
                self.drop_warning(
                    Pointer::root().join(keys).push("type"),
                    format!("`type: [{}]` is read as an `anyOf` of one schema per type", several.join(", ")),
                    "nothing to do; the value becomes a union of the types",
                );
            }
        }
    }

    /// A `{type: "null"}` member of an `anyOf`/`oneOf` makes the schema nullable; one member left is the schema.
    fn null_members(&mut self, schema: &mut Map<String, Value>, keys: &[String]) {
        for keyword in ["anyOf", "oneOf"] {
            let Some(Value::Array(members)) = schema.get_mut(keyword) else { continue };
            let before = members.len();
            members.retain(|member| !is_null_schema(member));
            if members.len() == before {
                continue;
            }
            schema.insert("nullable".to_owned(), Value::Bool(true));
            self.rewrote(keys, "a `{type: \"null\"}` member of `anyOf`/`oneOf` is read as `nullable: true`", "nothing to do");
            let Some(Value::Array(members)) = schema.get(keyword) else { continue };
            if members.len() != 1 {
                continue;
            }
            let Some(Value::Array(mut members)) = schema.shift_remove(keyword) else { continue };
            let member = members.remove(0);
            match member {
                // `anyOf: [{$ref: X}, {type: null}]` is a nullable X.
                Value::Object(member) if member.contains_key("$ref") => {
                    let all_of = schema.entry("allOf").or_insert_with(|| Value::Array(Vec::new()));
                    if let Value::Array(all_of) = all_of {
                        all_of.push(Value::Object(member));
                    }
                }
                // An inline member's keywords join the schema's own, which win.
                Value::Object(member) => {
                    for (key, value) in member {
                        schema.entry(key).or_insert(value);
                    }
                }
                other => {
                    schema.insert(keyword.to_owned(), Value::Array(vec![other]));
                }
            }
        }
    }

    /// `const`, `examples`, numeric `exclusiveMinimum`/`exclusiveMaximum`, `contentEncoding`/`contentMediaType`.
    fn small_rewrites(&mut self, schema: &mut Map<String, Value>, keys: &[String]) {
        if let Some(constant) = schema.shift_remove("const") {
            // `{const: pet}` alone has no type; the constant's own type is the one meant.
            let implied_type = match &constant {
                Value::String(_) => Some("string"),
                Value::Bool(_) => Some("boolean"),
                Value::Number(number) if number.is_f64() => Some("number"),
                Value::Number(_) => Some("integer"),
                _ => None,
            };
            if let Some(implied_type) = implied_type.filter(|_| !schema.contains_key("type")) {
                schema.insert("type".to_owned(), Value::String(implied_type.to_owned()));
            }
            if !schema.contains_key("enum") {
                schema.insert("enum".to_owned(), Value::Array(vec![constant]));
            }
            self.rewrote(keys, "`const` is read as a one-value `enum`", "nothing to do");
        }
        if let Some(examples) = schema.shift_remove("examples") {
            if let Value::Array(mut examples) = examples {
                if !examples.is_empty() && !schema.contains_key("example") {
                    schema.insert("example".to_owned(), examples.swap_remove(0));
                }
            }
            self.rewrote(keys, "`examples` is read as its first value, `example`", "nothing to do");
        }
        for (exclusive, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
            if let Some(Value::Number(number)) = schema.get(exclusive).cloned() {
                schema.insert(exclusive.to_owned(), Value::Bool(true));
                schema.insert(bound.to_owned(), Value::Number(number));
                self.rewrote(keys, "a numeric `exclusiveMinimum`/`exclusiveMaximum` is read as the bound with `true`", "nothing to do");
            }
        }
        let encoding = schema.shift_remove("contentEncoding");
        let media_type = schema.shift_remove("contentMediaType");
        if encoding.is_some() || media_type.is_some() {
            let is_string = schema.get("type").and_then(Value::as_str) == Some("string");
            if is_string && !schema.contains_key("format") {
                let format = if encoding.as_ref().and_then(Value::as_str).is_some_and(|encoding| encoding.starts_with("base64")) {
                    "byte"
                } else {
                    "binary"
                };
                schema.insert("format".to_owned(), Value::String(format.to_owned()));
            }
            self.rewrote(keys, "`contentEncoding`/`contentMediaType` on a string is read as `format: byte`/`binary`", "nothing to do");
        }
    }
}

/// `{type: "null"}` or `{type: ["null"]}`, perhaps with a description.
fn is_null_schema(member: &Value) -> bool {
    let Some(member) = member.as_object() else { return false };
    let is_null_type = match member.get("type") {
        Some(Value::String(name)) => name == "null",
        Some(Value::Array(names)) => names.iter().all(|name| name == "null") && !names.is_empty(),
        _ => member.get("const") == Some(&Value::Null) || member.get("enum") == Some(&Value::Array(vec![Value::Null])),
    };
    is_null_type && member.keys().all(|key| matches!(key.as_str(), "type" | "const" | "enum" | "description" | "title"))
}

#[cfg(test)]
mod tests {
    use super::normalise;
    use crate::diag::Diagnostics;
    use serde_json::json;

    fn normalised(schema: serde_json::Value) -> (serde_json::Value, Vec<String>) {
        let mut document = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "components": {"schemas": {"S": schema}}});
        let mut diagnostics = Diagnostics::default();
        normalise(&mut document, &mut diagnostics);
        assert_eq!(document["openapi"], "3.0.3");
        (document["components"]["schemas"]["S"].clone(), diagnostics.items.into_iter().map(|item| item.pointer).collect())
    }

    #[test]
    fn rewrites_nullability() {
        assert_eq!(normalised(json!({"type": ["string", "null"]})).0, json!({"nullable": true, "type": "string"}));
        assert_eq!(
            normalised(json!({"anyOf": [{"$ref": "#/components/schemas/T"}, {"type": "null"}], "description": "d"})).0,
            json!({"description": "d", "nullable": true, "allOf": [{"$ref": "#/components/schemas/T"}]})
        );
        assert_eq!(
            normalised(json!({"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]})).0,
            json!({"oneOf": [{"type": "string"}, {"type": "integer"}], "nullable": true})
        );
    }

    #[test]
    fn rewrites_small_keywords() {
        let (schema, _) = normalised(json!({"type": "integer", "exclusiveMinimum": 0, "examples": [3, 4]}));
        assert_eq!(schema, json!({"type": "integer", "exclusiveMinimum": true, "minimum": 0, "example": 3}));
        let (schema, _) = normalised(json!({"properties": {"kind": {"const": "a"}, "file": {"type": "string", "contentMediaType": "image/png"}}}));
        assert_eq!(schema["properties"]["kind"], json!({"type": "string", "enum": ["a"]}));
        assert_eq!(schema["properties"]["file"], json!({"type": "string", "format": "binary"}));
        let (schema, _) = normalised(json!({"properties": {"a": {"$ref": "#/components/schemas/T", "description": "d"}}}));
        assert_eq!(schema["properties"]["a"], json!({"description": "d", "allOf": [{"$ref": "#/components/schemas/T"}]}));
    }

    #[test]
    fn drops_what_3_0_cannot_say_with_a_warning_at_its_pointer() {
        let (schema, pointers) = normalised(json!({"type": "array", "prefixItems": [{}, {}], "$defs": {"x": {}}, "if": {}}));
        assert_eq!(schema, json!({"type": "array", "items": {}}));
        assert!(pointers.contains(&"#/components/schemas/S/$defs".to_owned()), "{pointers:?}");
        assert!(pointers.contains(&"#/components/schemas/S/prefixItems".to_owned()), "{pointers:?}");
        assert!(pointers.contains(&"#/components/schemas/S/if".to_owned()), "{pointers:?}");
    }
}
