//! Lowering of schemas: component schemas become models; inline schemas become types or named inline models.

use super::Lowerer;
use crate::diag::Diagnostic;
use crate::ir::names::{self, Namespace};
use crate::ir::ptr::Pointer;
use crate::ir::{Field, Model, ModelId, ModelKind, Type, Variant};
use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, ObjectType, ReferenceOr, Schema, SchemaKind, StringFormat,
    VariantOrUnknownOrEmpty,
};

const COMPONENT_SCHEMA_PREFIX: &str = "#/components/schemas/";

/// A schema position: either a `$ref` or the schema itself, whether the spec boxed it or not.
#[derive(Clone, Copy)]
pub(crate) enum SchemaRef<'spec> {
    Reference(&'spec str),
    Inline(&'spec Schema),
}

impl<'spec> From<&'spec ReferenceOr<Schema>> for SchemaRef<'spec> {
    fn from(schema: &'spec ReferenceOr<Schema>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SchemaRef::Reference(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

impl<'spec> From<&'spec ReferenceOr<Box<Schema>>> for SchemaRef<'spec> {
    fn from(schema: &'spec ReferenceOr<Box<Schema>>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SchemaRef::Reference(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

/// Names reserved in every struct: the generated code uses them itself.
const RESERVED_FIELD_NAMES: &[&str] = &["additional_properties"];

impl<'spec> Lowerer<'spec> {
    /// Gives every component schema its model id and name first, so that references resolve in any order.
    pub(super) fn declare_component_schemas(&mut self) {
        let Some(components) = &self.spec.components else { return };
        for (schema_name, _) in &components.schemas {
            let pointer = Pointer::root().push("components").push("schemas").push(schema_name);
            let (name, module) = self.claim_type_name(&names::type_name(schema_name, "Model"), &pointer);
            let id = self.add_model(Model {
                name,
                module,
                spec_name: schema_name.clone(),
                pointer,
                description: None,
                deprecated: false,
                kind: ModelKind::Alias(Type::Any),
            });
            self.component_models.insert(schema_name.clone(), id);
        }
    }

    pub(super) fn lower_component_schemas(&mut self) {
        let Some(components) = &self.spec.components else { return };
        for (index, (_, schema)) in components.schemas.iter().enumerate() {
            let id = ModelId(index);
            let pointer = self.models[id.0].pointer.clone();
            let type_name = self.models[id.0].name.clone();
            let (kind, description, deprecated) = match schema {
                ReferenceOr::Reference { reference } => {
                    (ModelKind::Alias(self.resolve_reference(reference, &pointer)), None, false)
                }
                ReferenceOr::Item(schema) => (
                    self.lower_model_kind(schema, &pointer, &type_name),
                    schema.schema_data.description.clone(),
                    schema.schema_data.deprecated,
                ),
            };
            let model = &mut self.models[id.0];
            model.kind = kind;
            model.description = description;
            model.deprecated = deprecated;
        }
    }

    pub(super) fn add_model(&mut self, model: Model) -> ModelId {
        self.models.push(model);
        ModelId(self.models.len() - 1)
    }

    /// What a named schema becomes: a struct, a string enum, or an alias of some other type.
    fn lower_model_kind(&mut self, schema: &'spec Schema, pointer: &Pointer, type_name: &str) -> ModelKind {
        if let Some(values) = string_enum_values(schema) {
            return ModelKind::StringEnum { variants: lower_variants(&values) };
        }
        if let Some(kind) = self.lower_composition(schema, pointer, type_name) {
            return kind;
        }
        if let Some(object) = object_with_properties(schema) {
            return ModelKind::Struct { fields: self.lower_fields(&object, pointer, type_name) };
        }
        ModelKind::Alias(self.lower_inline_schema(schema, pointer, type_name))
    }

    /// The type of a schema position (`$ref` or inline); inline enums and objects become models named `hint`.
    pub(crate) fn lower_type(&mut self, schema: SchemaRef<'spec>, pointer: &Pointer, hint: &str) -> Type {
        match schema {
            SchemaRef::Reference(reference) => self.resolve_reference(reference, pointer),
            SchemaRef::Inline(schema) => self.lower_inline_schema(schema, pointer, hint),
        }
    }

    /// Resolves a `$ref` to a component schema, reporting references that lead nowhere.
    pub(super) fn resolve_reference(&mut self, reference: &str, pointer: &Pointer) -> Type {
        let target = reference.strip_prefix(COMPONENT_SCHEMA_PREFIX);
        match target.and_then(|name| self.component_models.get(name)) {
            Some(id) => Type::Model(*id),
            None => {
                self.push(
                    Diagnostic::error(pointer.as_str(), format!("`$ref` target `{reference}` does not exist"))
                        .with_hint("only local references to `#/components/schemas/<name>` are supported"),
                );
                Type::Any
            }
        }
    }

    /// The component schema a `$ref` names, following component schemas that are themselves `$ref`s; `None`
    /// when the chain leads nowhere or round in a circle (both reported where the schemas are lowered).
    pub(super) fn component_schema(&self, reference: &str) -> Option<&'spec Schema> {
        let schemas = &self.spec.components.as_ref()?.schemas;
        let mut reference = reference;
        for _ in 0..=schemas.len() {
            match schemas.get(reference.strip_prefix(COMPONENT_SCHEMA_PREFIX)?)? {
                ReferenceOr::Item(schema) => return Some(schema),
                ReferenceOr::Reference { reference: next } => reference = next,
            }
        }
        None
    }

    fn lower_inline_schema(&mut self, schema: &'spec Schema, pointer: &Pointer, hint: &str) -> Type {
        // The same inline enum written out in several places (a property and the query parameter that filters
        // by it) is one type, named after its first place: the values and the description must both match.
        let enum_key = string_enum_values(schema).map(|values| (values, schema.schema_data.description.clone()));
        if let Some(id) = enum_key.as_ref().and_then(|key| self.inline_enums.get(key)) {
            return Type::Model(*id);
        }
        if enum_key.is_some() || object_with_properties(schema).is_some() || super::composition::is_composite(schema) {
            let (name, module) = self.claim_type_name(hint, pointer);
            let id = self.add_model(Model {
                name: name.clone(),
                module,
                spec_name: pointer.as_str().to_owned(),
                pointer: pointer.clone(),
                description: schema.schema_data.description.clone(),
                deprecated: schema.schema_data.deprecated,
                kind: ModelKind::Alias(Type::Any),
            });
            let kind = self.lower_model_kind(schema, pointer, &name);
            self.models[id.0].kind = kind;
            if let Some(key) = enum_key {
                self.inline_enums.insert(key, id);
            }
            return Type::Model(id);
        }
        match &schema.schema_kind {
            SchemaKind::Type(openapiv3::Type::String(string)) => match &string.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Type::DateTime,
                VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Type::Date,
                _ => Type::String,
            },
            SchemaKind::Type(openapiv3::Type::Boolean(_)) => Type::Boolean,
            SchemaKind::Type(openapiv3::Type::Number(_)) => Type::Number,
            SchemaKind::Type(openapiv3::Type::Integer(integer)) => Type::Integer(match &integer.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => "i32",
                _ => "i64",
            }),
            SchemaKind::Type(openapiv3::Type::Array(array)) => {
                let item_pointer = pointer.push("items");
                let item_hint = format!("{hint}Item");
                Type::Array(Box::new(match &array.items {
                    Some(items) => self.lower_type(SchemaRef::from(items), &item_pointer, &item_hint),
                    None => Type::Any,
                }))
            }
            SchemaKind::Type(openapiv3::Type::Object(object)) => {
                self.lower_map(object.additional_properties.as_ref(), pointer, hint)
            }
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                self.lower_type(SchemaRef::from(&all_of[0]), &pointer.push("allOf").push("0"), hint)
            }
            SchemaKind::Any(any) => self.lower_any_schema(any, pointer, hint),
            SchemaKind::AllOf { .. } | SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::Not { .. } => {
                self.push(
                    Diagnostic::error(pointer.as_str(), "`allOf`, `oneOf`, `anyOf` and `not` are not supported yet")
                        .with_hint("describe the value with a single schema, or a `$ref` to one"),
                );
                Type::Any
            }
        }
    }

    /// A free-form object: a map of the `additionalProperties` type, or of any JSON value.
    pub(super) fn lower_map(&mut self, additional: Option<&'spec AdditionalProperties>, pointer: &Pointer, hint: &str) -> Type {
        let value = match additional {
            Some(AdditionalProperties::Schema(schema)) => self.lower_type(
                SchemaRef::from(schema.as_ref()),
                &pointer.push("additionalProperties"),
                &format!("{hint}Value"),
            ),
            Some(AdditionalProperties::Any(_)) | None => Type::Any,
        };
        Type::Map(Box::new(value))
    }

    /// Schemas that openapiv3 could not fit into one of its typed shapes: read their `type` by hand.
    fn lower_any_schema(&mut self, any: &'spec AnySchema, pointer: &Pointer, hint: &str) -> Type {
        let Some(type_name) = any.typ.as_deref() else {
            if !any.one_of.is_empty() || !any.all_of.is_empty() || !any.any_of.is_empty() {
                self.push(
                    Diagnostic::error(pointer.as_str(), "`allOf`, `oneOf` and `anyOf` mixed with other keywords are not supported yet")
                        .with_hint("describe the value with a single schema, or a `$ref` to one"),
                );
            }
            return Type::Any;
        };
        match type_name {
            "string" => Type::String,
            "boolean" => Type::Boolean,
            "integer" => Type::Integer("i64"),
            "number" => Type::Number,
            "object" => self.lower_map(any.additional_properties.as_ref(), pointer, hint),
            "array" => {
                let item_hint = format!("{hint}Item");
                Type::Array(Box::new(match &any.items {
                    Some(items) => self.lower_type(SchemaRef::from(items), &pointer.push("items"), &item_hint),
                    None => Type::Any,
                }))
            }
            unknown => {
                self.push(
                    Diagnostic::error(pointer.push("type").as_str(), format!("unknown schema type `{unknown}`"))
                        .with_hint("OpenAPI 3.0 types are string, number, integer, boolean, array and object; use `format` for sizes (e.g. integer + int64)"),
                );
                Type::Any
            }
        }
    }

    pub(super) fn lower_fields(&mut self, object: &ObjectShape<'spec>, pointer: &Pointer, type_name: &str) -> Vec<Field> {
        // Properties already spelt as Rust names claim them first, so that `format` keeps `format` and
        // ` format` (with a leading space) is the one renamed.
        let mut field_names = Namespace::with_reserved(RESERVED_FIELD_NAMES);
        let mut claimed: indexmap::IndexMap<&str, names::Claimed> = indexmap::IndexMap::new();
        let exact_first = object.properties.iter().map(|(name, _)| *name).filter(|name| names::snake_name(name) == **name);
        let others = object.properties.iter().map(|(name, _)| *name).filter(|name| names::snake_name(name) != **name);
        for json_name in exact_first.chain(others) {
            let owner = pointer.push("properties").push(json_name);
            claimed.insert(json_name, field_names.claim_for(&names::snake_name(json_name), owner.as_str()));
        }
        let mut fields = Vec::new();
        for &(json_name, property) in &object.properties {
            let property_pointer = pointer.push("properties").push(json_name);
            let names::Claimed { name: rust_name, clash } = claimed[json_name.as_str()].clone();
            if let Some(holder) = clash {
                self.push(
                    Diagnostic::warning(
                        property_pointer.as_str(),
                        format!("property `{json_name}` is named `{rust_name}` in Rust: its snake_case name is taken by {}", names::clash_words(&holder)),
                    )
                    .with_hint("rename one of the properties, or accept the suffixed name"),
                );
            }
            let hint = format!("{type_name}{}", names::type_name(json_name, "Field"));
            let schema = SchemaRef::from(property);
            let ty = self.lower_type(schema, &property_pointer, &hint);
            let (nullable, description, deprecated, one_way) = match schema {
                SchemaRef::Inline(inline) => (
                    inline.schema_data.nullable,
                    inline.schema_data.description.clone(),
                    inline.schema_data.deprecated,
                    inline.schema_data.read_only || inline.schema_data.write_only,
                ),
                SchemaRef::Reference(_) => (false, None, false, false),
            };
            fields.push(Field {
                json_name: json_name.clone(),
                pointer: property_pointer.clone(),
                rust_name,
                ty,
                // One struct serves requests and responses: a required `readOnly` property is absent from what a
                // client sends (and a `writeOnly` one from what it receives), so neither can be required.
                required: object.is_required(json_name) && !one_way,
                nullable,
                boxed: false,
                description,
                deprecated,
            });
        }
        fields
    }
}

/// The properties of an object schema, wherever openapiv3 put them, or merged from the members of an `allOf`.
#[derive(Default, Clone)]
pub(crate) struct ObjectShape<'spec> {
    pub properties: Vec<(&'spec String, &'spec ReferenceOr<Box<Schema>>)>,
    pub required: Vec<&'spec String>,
}

impl<'spec> ObjectShape<'spec> {
    pub fn is_required(&self, name: &str) -> bool {
        self.required.iter().any(|required| required.as_str() == name)
    }

    /// Adds another schema's properties; a property seen before keeps its place and takes the later schema.
    pub fn merge(&mut self, other: ObjectShape<'spec>) {
        for (name, schema) in other.properties {
            match self.properties.iter_mut().find(|(existing, _)| *existing == name) {
                Some(entry) => entry.1 = schema,
                None => self.properties.push((name, schema)),
            }
        }
        self.required.extend(other.required);
    }
}

pub(crate) fn object_with_properties(schema: &Schema) -> Option<ObjectShape<'_>> {
    match &schema.schema_kind {
        SchemaKind::Type(openapiv3::Type::Object(ObjectType { properties, required, .. }))
        | SchemaKind::Any(AnySchema { properties, required, .. })
            if !properties.is_empty() =>
        {
            Some(ObjectShape { properties: properties.iter().collect(), required: required.iter().collect() })
        }
        _ => None,
    }
}

fn string_enum_values(schema: &Schema) -> Option<Vec<String>> {
    match &schema.schema_kind {
        SchemaKind::Type(openapiv3::Type::String(string)) => {
            // `null` in an enum list is how nullable enums are spelled; the value itself is not a variant, and
            // a list of nothing but `null` leaves a plain string.
            let values: Vec<String> = string.enumeration.iter().flatten().cloned().collect();
            (!values.is_empty()).then_some(values)
        }
        _ => None,
    }
}

pub(super) fn lower_variants(values: &[String]) -> Vec<Variant> {
    // `UnknownValue` holds values this client does not know, so no known value may take that name.
    let mut variant_names = Namespace::with_reserved(&["UnknownValue"]);
    let mut variants: Vec<Variant> = Vec::new();
    for value in values {
        if variants.iter().any(|variant| &variant.value == value) {
            continue;
        }
        let (rust_name, _) = variant_names.claim(&names::variant_name(value));
        variants.push(Variant { value: value.clone(), rust_name });
    }
    variants
}
