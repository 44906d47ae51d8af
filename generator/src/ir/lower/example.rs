//! Example values: a valid JSON instance of a schema, for conformance tests and documentation examples.
//!
//! Examples come from the spec where it gives one (`example`, then `default`), else they are built from the
//! schema: enums take their first value, strings respect their length limits, objects get their required
//! properties (and, near the top, their optional ones), arrays and maps get one entry. Depth is bounded so that
//! recursive schemas give finite examples.

use super::schema::SchemaRef;
use super::Lowerer;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};
use serde_json::{json, Map, Value};

const EXAMPLE_UUID: &str = "3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b";

/// Below this depth optional properties are included too; from it on only required ones.
const OPTIONAL_DEPTH: usize = 1;
/// At this depth objects stop growing, even along required properties (a required cycle has no finite instance).
const MAX_DEPTH: usize = 12;

impl<'spec> Lowerer<'spec> {
    pub(crate) fn example(&self, schema: SchemaRef<'spec>) -> Value {
        self.example_at(schema, 0)
    }

    /// Follows `$ref`s to a schema; a chain of references that never reaches one (a cycle) gives `None`.
    fn resolve(&self, schema: SchemaRef<'spec>) -> Option<&'spec Schema> {
        let mut reference = match schema {
            SchemaRef::Inline(schema) => return Some(schema),
            SchemaRef::Reference(reference) => reference,
        };
        for _ in 0..MAX_DEPTH {
            let name = reference.strip_prefix("#/components/schemas/")?;
            match self.spec.components.as_ref()?.schemas.get(name)? {
                ReferenceOr::Item(schema) => return Some(schema),
                ReferenceOr::Reference { reference: next } => reference = next,
            }
        }
        None
    }

    fn example_at(&self, schema: SchemaRef<'spec>, depth: usize) -> Value {
        let Some(schema) = self.resolve(schema) else { return Value::Null };
        if depth > MAX_DEPTH {
            return Value::Null;
        }
        if let Some(example) = schema.schema_data.example.as_ref().or(schema.schema_data.default.as_ref()) {
            return example.clone();
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                if let Some(first) = string.enumeration.iter().flatten().next() {
                    return Value::String(first.clone());
                }
                // There is no regex engine here: a pattern is honoured only where it has a well-known shape.
                let uuid_shaped = string.pattern.as_deref().is_some_and(|pattern| pattern.contains("{8}") && pattern.contains("{12}"));
                match &string.format {
                    VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => json!("2024-01-02T03:04:05Z"),
                    VariantOrUnknownOrEmpty::Item(StringFormat::Date) => json!("2024-01-02"),
                    VariantOrUnknownOrEmpty::Unknown(format) if format == "uuid" => json!(EXAMPLE_UUID),
                    _ if uuid_shaped => json!(EXAMPLE_UUID),
                    _ => {
                        let minimum = string.min_length.unwrap_or(0);
                        let maximum = string.max_length.unwrap_or(usize::MAX);
                        let mut text = "example".to_owned();
                        while text.len() < minimum {
                            text.push('x');
                        }
                        text.truncate(maximum.max(minimum));
                        Value::String(text)
                    }
                }
            }
            SchemaKind::Type(Type::Integer(integer)) => {
                json!(integer.enumeration.iter().flatten().next().copied().or(integer.minimum).unwrap_or(1).max(integer.minimum.unwrap_or(i64::MIN)))
            }
            SchemaKind::Type(Type::Number(number)) => {
                json!(number.enumeration.iter().flatten().next().copied().or(number.minimum).unwrap_or(1.5))
            }
            SchemaKind::Type(Type::Boolean(_)) => json!(true),
            SchemaKind::Type(Type::Array(array)) => match &array.items {
                Some(items) if depth < MAX_DEPTH => {
                    let count = array.min_items.unwrap_or(1).max(1);
                    Value::Array((0..count).map(|_| self.example_at(SchemaRef::from(items), depth + 1)).collect())
                }
                _ => json!([]),
            },
            SchemaKind::Type(Type::Object(object)) => {
                self.object_example(&object.properties, &object.required, object.additional_properties.as_ref(), depth)
            }
            SchemaKind::Any(any) if !any.properties.is_empty() => {
                self.object_example(&any.properties, &any.required, any.additional_properties.as_ref(), depth)
            }
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => self.example_at(SchemaRef::from(&all_of[0]), depth + 1),
            SchemaKind::OneOf { one_of: choices } | SchemaKind::AnyOf { any_of: choices } => match choices.first() {
                Some(first) => self.example_at(SchemaRef::from(first), depth + 1),
                None => Value::Null,
            },
            _ => json!({}),
        }
    }

    fn object_example(
        &self,
        properties: &'spec indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&'spec AdditionalProperties>,
        depth: usize,
    ) -> Value {
        let mut object = Map::new();
        if depth >= MAX_DEPTH {
            return Value::Object(object);
        }
        for (name, property) in properties {
            if required.contains(name) || depth < OPTIONAL_DEPTH {
                object.insert(name.clone(), self.example_at(SchemaRef::from(property), depth + 1));
            }
        }
        if properties.is_empty() {
            if let Some(AdditionalProperties::Schema(value)) = additional {
                object.insert("key".to_owned(), self.example_at(SchemaRef::from(value.as_ref()), depth + 1));
            }
        }
        Value::Object(object)
    }
}
