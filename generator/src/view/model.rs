//! Views of models: one struct, enum or alias per file under `models/`.

use super::docs::doc_lines;
use super::types::rust_type;
use crate::ir::{Api, Field, Model, ModelKind, Type};

pub struct StructView {
    pub name: String,
    pub docs: Vec<String>,
    pub deprecated: bool,
    pub derive_default: bool,
    pub has_constructor: bool,
    pub fields: Vec<FieldView>,
    pub constructor_params: Vec<ConstructorParamView>,
}

pub struct FieldView {
    pub docs: Vec<String>,
    pub deprecated: bool,
    pub rust_name: String,
    pub ty: String,
    /// The whole `#[serde(...)]` attribute for the field.
    pub serde_attribute: String,
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

pub enum ModelView {
    Struct(StructView),
    Enum(EnumView),
    Alias(AliasView),
}

pub fn model_view(api: &Api, model: &Model) -> ModelView {
    let docs = model_docs(model);
    match &model.kind {
        ModelKind::Struct { fields } => ModelView::Struct(struct_view(api, model, docs, fields)),
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
    }
}

fn model_docs(model: &Model) -> Vec<String> {
    let mut docs = doc_lines([model.description.as_deref()]);
    if docs.is_empty() {
        docs.push(format!("The `{}` schema.", super::docs::escape_line(&model.spec_name)));
    }
    docs
}

fn struct_view(api: &Api, model: &Model, docs: Vec<String>, fields: &[Field]) -> StructView {
    let constructor_params: Vec<ConstructorParamView> = fields
        .iter()
        .filter(|field| field.required)
        .map(|field| ConstructorParamView { name: field.rust_name.clone(), ty: value_type(api, field) })
        .collect();
    StructView {
        name: model.name.clone(),
        docs,
        deprecated: model.deprecated,
        derive_default: constructor_params.is_empty(),
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
    let (ty, serde_options) = match (field.required, field.nullable) {
        (true, false) => (stored, String::new()),
        (true, true) => (format!("Option<{stored}>"), String::new()),
        (false, false) => (format!("Option<{stored}>"), r#", default, skip_serializing_if = "Option::is_none""#.to_owned()),
        (false, true) => (
            format!("Option<Option<{stored}>>"),
            r#", default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::runtime::deserialize_nullable""#
                .to_owned(),
        ),
    };
    let name = &field.rust_name;
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
        serde_attribute: format!("#[serde(rename = {}{serde_options})]", string_literal(&field.json_name)),
        init,
    }
}

/// A Rust string literal for any text, escaped by the standard library's `Debug`.
pub fn string_literal(text: &str) -> String {
    format!("{text:?}")
}
