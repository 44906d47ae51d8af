//! Comparing models (matched by spec name): struct fields by JSON name, string enum values, union variants and
//! the types that aliases name.

use super::operations::deprecation;
use super::{Change, ChangeKind};
use crate::ir::{Api, Field, Model, ModelKind};
use crate::view::derives::{model_traits, ModelTraits};
use crate::view::types::doc_type;

pub(super) fn diff_models(old: &Api, new: &Api, changes: &mut Vec<Change>) {
    let (old_traits, new_traits) = (model_traits(old), model_traits(new));
    for (old_index, old_model) in old.models.iter().enumerate() {
        let Some(new_model) = new.models.iter().find(|model| model.spec_name == old_model.spec_name) else {
            changes.push(Change {
                kind: ChangeKind::ModelRemoved,
                rust_item: model_item(old_model),
                pointer: old_model.pointer.to_string(),
                detail: format!("{} `{}`", kind_words(&old_model.kind), old_model.spec_name),
            });
            continue;
        };
        diff_model(old, new, old_model, new_model, changes);
        // A model that became another kind is one major change already; its traits are not compared.
        let same_kind = std::mem::discriminant(&old_model.kind) == std::mem::discriminant(&new_model.kind);
        if let Some(new_index) = new.models.iter().position(|model| model.spec_name == old_model.spec_name).filter(|_| same_kind) {
            let (before, after) = (derived_traits(old_model, &old_traits, old_index), derived_traits(new_model, &new_traits, new_index));
            let removed: Vec<&str> = before.iter().filter(|name| !after.contains(name)).copied().collect();
            let added: Vec<&str> = after.iter().filter(|name| !before.contains(name)).copied().collect();
            for (kind, names) in [(ChangeKind::ModelTraitsRemoved, removed), (ChangeKind::ModelTraitsAdded, added)] {
                if !names.is_empty() {
                    changes.push(Change {
                        kind,
                        rust_item: model_item(new_model),
                        pointer: new_model.pointer.to_string(),
                        detail: names.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", "),
                    });
                }
            }
        }
    }
    for new_model in new.models.iter().filter(|model| !old.models.iter().any(|old_model| old_model.spec_name == model.spec_name)) {
        changes.push(Change {
            kind: ChangeKind::ModelAdded,
            rust_item: model_item(new_model),
            pointer: new_model.pointer.to_string(),
            detail: format!("{} `{}`", kind_words(&new_model.kind), new_model.spec_name),
        });
    }
}

fn diff_model(old: &Api, new: &Api, old_model: &Model, new_model: &Model, changes: &mut Vec<Change>) {
    let rust_item = model_item(new_model);
    let pointer = new_model.pointer.to_string();
    if old_model.name != new_model.name {
        changes.push(Change {
            kind: ChangeKind::ModelRenamed,
            rust_item: rust_item.clone(),
            pointer: pointer.clone(),
            detail: format!("`{}` -> `{}`", old_model.name, new_model.name),
        });
    }
    if let Some(change) = deprecation(old_model.deprecated, new_model.deprecated, &rust_item, &pointer, &format!("schema `{}`", new_model.spec_name)) {
        changes.push(change);
    }
    if old_model.description != new_model.description {
        changes.push(Change {
            kind: ChangeKind::DescriptionChanged,
            rust_item: rust_item.clone(),
            pointer: pointer.clone(),
            detail: format!("description of schema `{}`", new_model.spec_name),
        });
    }
    match (&old_model.kind, &new_model.kind) {
        (ModelKind::Struct { fields: old_fields }, ModelKind::Struct { fields: new_fields }) => {
            diff_fields(old, new, new_model, old_fields, new_fields, changes);
        }
        (ModelKind::StringEnum { variants: old_variants }, ModelKind::StringEnum { variants: new_variants }) => {
            for old_variant in old_variants.iter().filter(|variant| !new_variants.iter().any(|new_variant| new_variant.value == variant.value)) {
                changes.push(Change {
                    kind: ChangeKind::EnumValueRemoved,
                    rust_item: format!("{}::{}", model_item(old_model), old_variant.rust_name),
                    pointer: old_model.pointer.push("enum").to_string(),
                    detail: format!("value `{}`", old_variant.value),
                });
            }
            let kept = |variants: &[crate::ir::Variant], others: &[crate::ir::Variant]| -> Vec<String> {
                variants
                    .iter()
                    .filter(|variant| others.iter().any(|other| other.value == variant.value))
                    .map(|variant| variant.value.clone())
                    .collect()
            };
            let (old_order, new_order) = (kept(old_variants, new_variants), kept(new_variants, old_variants));
            if old_order != new_order {
                changes.push(Change {
                    kind: ChangeKind::EnumValueOrderChanged,
                    rust_item: rust_item.clone(),
                    pointer: new_model.pointer.push("enum").to_string(),
                    detail: format!("[{}] -> [{}]", old_order.join(", "), new_order.join(", ")),
                });
            }
            for new_variant in new_variants.iter().filter(|variant| !old_variants.iter().any(|old_variant| old_variant.value == variant.value)) {
                changes.push(Change {
                    kind: ChangeKind::EnumValueAdded,
                    rust_item: format!("{rust_item}::{}", new_variant.rust_name),
                    pointer: new_model.pointer.push("enum").to_string(),
                    detail: format!("value `{}`", new_variant.value),
                });
            }
        }
        (ModelKind::Alias(old_type), ModelKind::Alias(new_type)) => {
            let (old_text, new_text) = (doc_type(old, old_type), doc_type(new, new_type));
            if old_text != new_text {
                changes.push(Change { kind: ChangeKind::AliasTypeChanged, rust_item, pointer, detail: format!("`{old_text}` -> `{new_text}`") });
            }
        }
        (ModelKind::Union { variants: old_variants, .. }, ModelKind::Union { variants: new_variants, .. }) => {
            let variant_pointer = |model: &Model| model.pointer.to_string();
            for old_variant in old_variants {
                match new_variants.iter().find(|variant| variant.rust_name == old_variant.rust_name) {
                    None => changes.push(Change {
                        kind: ChangeKind::UnionVariantRemoved,
                        rust_item: format!("{}::{}", model_item(old_model), old_variant.rust_name),
                        pointer: variant_pointer(old_model),
                        detail: format!("variant holding `{}`", doc_type(old, &old_variant.ty)),
                    }),
                    Some(new_variant) => {
                        let old_text = boxed(doc_type(old, &old_variant.ty), old_variant.boxed);
                        let new_text = boxed(doc_type(new, &new_variant.ty), new_variant.boxed);
                        if old_text != new_text {
                            changes.push(Change {
                                kind: ChangeKind::UnionVariantTypeChanged,
                                rust_item: format!("{rust_item}::{}", new_variant.rust_name),
                                pointer: variant_pointer(new_model),
                                detail: format!("`{old_text}` -> `{new_text}`"),
                            });
                        }
                    }
                }
            }
            for new_variant in new_variants.iter().filter(|variant| !old_variants.iter().any(|old_variant| old_variant.rust_name == variant.rust_name)) {
                changes.push(Change {
                    kind: ChangeKind::UnionVariantAdded,
                    rust_item: format!("{rust_item}::{}", new_variant.rust_name),
                    pointer: variant_pointer(new_model),
                    detail: format!("variant holding `{}`", doc_type(new, &new_variant.ty)),
                });
            }
        }
        (old_kind, new_kind) => changes.push(Change {
            kind: ChangeKind::ModelKindChanged,
            rust_item,
            pointer,
            detail: format!("{} -> {}", kind_words(old_kind), kind_words(new_kind)),
        }),
    }
}

fn diff_fields(old: &Api, new: &Api, model: &Model, old_fields: &[Field], new_fields: &[Field], changes: &mut Vec<Change>) {
    let field_item = |field: &Field| format!("{}::{}", model_item(model), field.rust_name);
    for old_field in old_fields {
        let Some(new_field) = new_fields.iter().find(|field| field.json_name == old_field.json_name) else {
            changes.push(Change {
                kind: ChangeKind::FieldRemoved,
                rust_item: field_item(old_field),
                pointer: old_field.pointer.to_string(),
                detail: format!("property `{}` of type `{}`", old_field.json_name, field_type(old, old_field)),
            });
            continue;
        };
        let rust_item = field_item(new_field);
        let pointer = new_field.pointer.to_string();
        // The type without the `Option` that optional fields add: a change of `required` is its own kind.
        let (old_value, new_value) = (value_type(old, old_field), value_type(new, new_field));
        if old_value != new_value || old_field.rust_name != new_field.rust_name {
            changes.push(Change {
                kind: ChangeKind::FieldTypeChanged,
                rust_item: rust_item.clone(),
                pointer: pointer.clone(),
                detail: format!("property `{}`: `{}` -> `{}`", new_field.json_name, field_type(old, old_field), field_type(new, new_field)),
            });
        }
        if old_field.required != new_field.required {
            let kind = if new_field.required { ChangeKind::FieldMadeRequired } else { ChangeKind::FieldMadeOptional };
            changes.push(Change {
                kind,
                rust_item: rust_item.clone(),
                pointer: pointer.clone(),
                detail: format!("property `{}`: `{}` -> `{}`", new_field.json_name, field_type(old, old_field), field_type(new, new_field)),
            });
        }
        let what = format!("property `{}`", new_field.json_name);
        if let Some(change) = deprecation(old_field.deprecated, new_field.deprecated, &rust_item, &pointer, &what) {
            changes.push(change);
        }
        if old_field.description != new_field.description {
            changes.push(Change {
                kind: ChangeKind::DescriptionChanged,
                rust_item,
                pointer,
                detail: format!("description of property `{}`", new_field.json_name),
            });
        }
    }
    for new_field in new_fields.iter().filter(|field| !old_fields.iter().any(|old_field| old_field.json_name == field.json_name)) {
        let kind = if new_field.required { ChangeKind::FieldAddedRequired } else { ChangeKind::FieldAddedOptional };
        changes.push(Change {
            kind,
            rust_item: field_item(new_field),
            pointer: new_field.pointer.to_string(),
            detail: format!("property `{}` of type `{}`", new_field.json_name, field_type(new, new_field)),
        });
    }
}

/// A field's value type as the struct stores it, before the `Option` of optional fields: boxed and nullable
/// as `view::model::field_view` makes it.
fn value_type(api: &Api, field: &Field) -> String {
    let stored = boxed(doc_type(api, &field.ty), field.boxed);
    if field.nullable {
        format!("Option<{stored}>")
    } else {
        stored
    }
}

/// The field's Rust type as the struct declares it.
fn field_type(api: &Api, field: &Field) -> String {
    let value = value_type(api, field);
    if field.required {
        value
    } else {
        format!("Option<{value}>")
    }
}

fn boxed(text: String, is_boxed: bool) -> String {
    if is_boxed {
        format!("Box<{text}>")
    } else {
        text
    }
}

/// The traits a model derives beyond `Debug`, `Clone` and `PartialEq`, as `view::model` decides them.
fn derived_traits(model: &Model, traits: &ModelTraits, index: usize) -> Vec<&'static str> {
    match &model.kind {
        ModelKind::Struct { fields } => {
            let mut names = Vec::new();
            if traits.eq_and_hash(index) {
                names.extend(["Eq", "Hash"]);
            }
            if fields.iter().all(|field| !field.required) {
                names.push("Default");
            }
            names
        }
        ModelKind::Union { .. } | ModelKind::Newtype(_) if traits.eq_and_hash(index) => vec!["Eq", "Hash"],
        // String enums always derive the same traits; an alias has its target's.
        ModelKind::Union { .. } | ModelKind::Newtype(_) | ModelKind::StringEnum { .. } | ModelKind::Alias(_) => Vec::new(),
    }
}

fn model_item(model: &Model) -> String {
    format!("models::{}", model.name)
}

fn kind_words(kind: &ModelKind) -> &'static str {
    match kind {
        ModelKind::Struct { .. } => "struct",
        ModelKind::StringEnum { .. } => "string enum",
        ModelKind::Alias(_) => "type alias",
        ModelKind::Union { .. } => "union enum",
        ModelKind::Newtype(_) => "newtype struct",
    }
}
