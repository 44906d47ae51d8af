//! The view of `docs/<Model>.md`: a model's description and its properties, enum values or union variants, with
//! links as `markdown.rs` explains.

use super::docs::{doc_lines, escape_line};
use super::markdown::{cell, common_definitions, definitions, markdown_type, LinkView, ParamRowView};
use crate::ir::{Api, Model, ModelKind};
use std::collections::BTreeSet;

/// `docs/<Model>.md`: the description and a table of properties, values or variants.
pub struct ModelDocView {
    pub path: String,
    pub name: String,
    pub docs: Vec<String>,
    pub deprecated: bool,
    pub is_struct: bool,
    pub properties: Vec<ParamRowView>,
    pub has_properties: bool,
    pub is_enum: bool,
    pub values: Vec<EnumValueView>,
    pub is_union: bool,
    pub variants: Vec<UnionVariantDocView>,
    pub union_rule: String,
    pub is_alias: bool,
    pub alias_type: String,
    pub links: Vec<LinkView>,
    pub rustdoc_links: Vec<LinkView>,
}

pub struct EnumValueView {
    pub rust_name: String,
    pub value: String,
}

pub struct UnionVariantDocView {
    pub name: String,
    pub ty: String,
    pub tags: String,
}

pub fn model_doc_view(api: &Api, model: &Model) -> ModelDocView {
    let mut models = BTreeSet::new();
    let mut docs = doc_lines([model.description.as_deref()]);
    if docs.is_empty() {
        docs.push(format!("The `{}` schema.", escape_line(&model.spec_name)));
    }
    let mut view = ModelDocView {
        path: format!("docs/{}.md", model.name),
        name: model.name.clone(),
        docs,
        deprecated: model.deprecated,
        is_struct: false,
        properties: Vec::new(),
        has_properties: false,
        is_enum: false,
        values: Vec::new(),
        is_union: false,
        variants: Vec::new(),
        union_rule: String::new(),
        is_alias: false,
        alias_type: String::new(),
        links: Vec::new(),
        rustdoc_links: Vec::new(),
    };
    match &model.kind {
        ModelKind::Struct { fields } => {
            view.is_struct = true;
            view.properties = fields
                .iter()
                .map(|field| {
                    let name = if field.json_name == field.rust_name {
                        format!("**{}**", field.rust_name)
                    } else {
                        format!("**{}** (`{}`)", field.rust_name, escape_line(&field.json_name).replace('|', "\\|"))
                    };
                    let mut notes = vec![if field.required { "required" } else { "optional" }];
                    if field.nullable {
                        notes.push("nullable");
                    }
                    if field.deprecated {
                        notes.push("deprecated");
                    }
                    ParamRowView {
                        name,
                        ty: markdown_type(api, &field.ty, &mut models),
                        description: cell(field.description.as_deref()),
                        notes: notes.join(", "),
                    }
                })
                .collect();
            view.has_properties = !view.properties.is_empty();
        }
        ModelKind::StringEnum { variants } => {
            view.is_enum = true;
            view.values = variants
                .iter()
                .map(|variant| EnumValueView {
                    rust_name: variant.rust_name.clone(),
                    value: format!("`{}`", variant.value.replace('`', "'")).replace('|', "\\|"),
                })
                .collect();
        }
        ModelKind::Union { variants, discriminator } => {
            view.is_union = true;
            view.union_rule = match discriminator {
                Some(property) => format!("The `{}` property picks the variant.", escape_line(property)),
                None => "Decoding tries each variant in order and takes the first that fits.".to_owned(),
            };
            view.variants = variants
                .iter()
                .map(|variant| UnionVariantDocView {
                    name: variant.rust_name.clone(),
                    ty: markdown_type(api, &variant.ty, &mut models),
                    tags: variant.tags.iter().map(|tag| format!("`{}`", tag.replace('`', "'"))).collect::<Vec<_>>().join(", ").replace('|', "\\|"),
                })
                .collect();
        }
        ModelKind::Alias(ty) | ModelKind::Newtype(ty) => {
            view.is_alias = true;
            view.alias_type = markdown_type(api, ty, &mut models);
        }
    }
    let (links, rustdoc_links) = definitions(&models, "", common_definitions());
    view.links = links;
    view.rustdoc_links = rustdoc_links;
    view
}
