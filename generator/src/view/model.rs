//! Views of models: one struct, enum or alias per file under `models/`.

use super::derives::ModelTraits;
use super::docs::doc_lines;
use super::types::rust_type;
use crate::ir::{Api, Field, Model, ModelKind, Type};

/// A struct with its own `Serialize` and `Deserialize`: known properties become fields, every other property is
/// kept in `additional_properties` and written back unchanged.
pub struct StructView {
    pub name: String,
    pub docs: Vec<String>,
    pub deprecated: bool,
    /// The traits in `#[derive(...)]`, e.g. `Clone, PartialEq, Eq, Hash, Default`; `runtime::model_serde!`
    /// implements `Debug`.
    pub derives: String,
    /// What the decoder expected, as a Rust string literal, for "invalid type" errors.
    pub expecting: String,
    pub has_constructor: bool,
    pub fields: Vec<FieldView>,
    pub constructor_params: Vec<ConstructorParamView>,
}

pub struct FieldView {
    pub docs: Vec<String>,
    pub deprecated: bool,
    pub rust_name: String,
    pub ty: String,
    /// The property name on the wire as a Rust string literal, quotes included.
    pub json_literal: String,
    /// How `runtime::model_serde!` reads and writes the field: `required`, `optional` (absent or `null` is
    /// `None`) or `nullable` (absent is `None`, `null` is `Some(None)`).
    pub mode: String,
    /// The field in `new`'s struct literal: `name`, or `name: expression`.
    pub init: String,
}

pub struct ConstructorParamView {
    pub name: String,
    pub ty: String,
}

pub struct EnumView {
    pub name: String,
    pub docs: Vec<String>,
    pub deprecated: bool,
    pub variants: Vec<VariantView>,
}

pub struct VariantView {
    pub rust_name: String,
    /// The wire value as a Rust string literal, quotes included.
    pub literal: String,
}

pub struct AliasView {
    pub name: String,
    pub docs: Vec<String>,
    pub ty: String,
}

/// A list or map of itself as a tuple struct, read and written as the list or map (`#[serde(transparent)]`).
pub struct NewtypeView {
    pub name: String,
    pub docs: Vec<String>,
    pub deprecated: bool,
    /// The traits in `#[derive(...)]`, serde's included.
    pub derives: String,
    pub ty: String,
}

pub enum ModelView {
    Struct(StructView),
    Enum(EnumView),
    Alias(AliasView),
    Newtype(NewtypeView),
    Union(super::union::UnionView),
}

pub fn model_view(api: &Api, traits: &ModelTraits, index: usize) -> ModelView {
    let model = &api.models[index];
    let docs = model_docs(model);
    match &model.kind {
        ModelKind::Struct { fields } => {
            ModelView::Struct(struct_view(api, model, docs, fields, traits.eq_and_hash(index)))
        }
        ModelKind::StringEnum { variants } => ModelView::Enum(EnumView {
            name: model.name.clone(),
            docs,
            deprecated: model.deprecated,
            variants: variants
                .iter()
                .map(|variant| VariantView { rust_name: variant.rust_name.clone(), literal: string_literal(&variant.value) })
                .collect(),
        }),
        ModelKind::Alias(ty) => ModelView::Alias(AliasView { name: model.name.clone(), docs, ty: rust_type(api, ty) }),
        ModelKind::Newtype(ty) => {
            let mut derives = vec!["Debug", "Clone", "PartialEq"];
            if traits.eq_and_hash(index) {
                derives.extend(["Eq", "Hash"]);
            }
            // An empty list or map is the natural default.
            derives.extend(["Default", "serde::Serialize", "serde::Deserialize"]);
            ModelView::Newtype(NewtypeView {
                name: model.name.clone(),
                docs,
                deprecated: model.deprecated,
                derives: derives.join(", "),
                ty: rust_type(api, ty),
            })
        }
        ModelKind::Union { variants, discriminator } => ModelView::Union(super::union::union_view(
            api,
            &model.name,
            docs,
            traits.eq_and_hash(index),
            variants,
            discriminator.as_deref(),
        )),
    }
}

fn model_docs(model: &Model) -> Vec<String> {
    let mut docs = doc_lines([model.description.as_deref()]);
    if docs.is_empty() {
        docs.push(format!("The `{}` schema.", super::docs::escape_line(&model.spec_name)));
    }
    docs
}

fn struct_view(api: &Api, model: &Model, docs: Vec<String>, fields: &[Field], eq_and_hash: bool) -> StructView {
    let constructor_params: Vec<ConstructorParamView> = fields
        .iter()
        .filter(|field| field.required)
        .map(|field| ConstructorParamView { name: field.rust_name.clone(), ty: value_type(api, field) })
        .collect();
    let mut derives = vec!["Clone", "PartialEq"];
    if eq_and_hash {
        derives.extend(["Eq", "Hash"]);
    }
    // With nothing required, the default value is the one with every field absent.
    if constructor_params.is_empty() {
        derives.push("Default");
    }
    StructView {
        name: model.name.clone(),
        docs,
        deprecated: model.deprecated,
        derives: derives.join(", "),
        expecting: string_literal(&format!("a `{}` object", model.name)),
        has_constructor: !constructor_params.is_empty(),
        fields: fields.iter().map(|field| field_view(api, field)).collect(),
        constructor_params,
    }
}

/// The type a caller supplies for a field: nullable fields take an `Option`, boxing is done for them.
fn value_type(api: &Api, field: &Field) -> String {
    let base = rust_type(api, &field.ty);
    if field.nullable {
        format!("Option<{base}>")
    } else {
        base
    }
}

fn field_view(api: &Api, field: &Field) -> FieldView {
    let base = rust_type(api, &field.ty);
    let stored = if field.boxed { format!("Box<{base}>") } else { base };
    let name = &field.rust_name;
    let json_literal = string_literal(&field.json_name);
    // What each shape accepts: a required field must be present (serde's `missing field` error otherwise); an
    // optional one may be absent. `null` is a value of its own only where the spec allows it (nullable); for an
    // optional field that is not nullable, `null` is read as absent, as serde's derive always did.
    let (ty, mode) = match (field.required, field.nullable) {
        (true, false) => (stored, "required"),
        (true, true) => (format!("Option<{stored}>"), "required"),
        (false, false) => (format!("Option<{stored}>"), "optional"),
        (false, true) => (format!("Option<Option<{stored}>>"), "nullable"),
    };
    let init = match (field.required, field.boxed, field.nullable) {
        (false, _, _) => format!("{name}: None"),
        (true, false, _) => name.clone(),
        (true, true, false) => format!("{name}: Box::new({name})"),
        (true, true, true) => format!("{name}: {name}.map(Box::new)"),
    };
    let mut description = field.description.clone();
    if matches!(field.ty, Type::Any) && description.is_none() {
        description = Some("Any JSON value.".to_owned());
    }
    FieldView {
        docs: doc_lines([description.as_deref().or(Some(&format!("`{}`", field.json_name.trim())))]),
        deprecated: field.deprecated,
        rust_name: field.rust_name.clone(),
        ty,
        json_literal,
        mode: mode.to_owned(),
        init,
    }
}

/// A Rust string literal for any text, escaped by the standard library's `Debug`.
pub fn string_literal(text: &str) -> String {
    format!("{text:?}")
}
