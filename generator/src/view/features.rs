//! Cargo features per tag (`Options::features_per_tag`): which models each tag's operations reach, and the
//! `#[cfg(...)]` line that gates each tag module and each model.
//!
//! A tag's closure is every model its operations name (parameters, request bodies, success and error responses,
//! websocket messages), then every model those name (fields, union variants, aliases, array and map items),
//! found once per tag by a breadth-first walk of the model graph. A model is compiled when any feature whose
//! closure holds it is on; a model no operation reaches (a schema the spec no longer uses) only with `full`.

use crate::ir::{Api, Content, Message, ModelKind, Operation, Type};
use std::collections::VecDeque;

/// The feature that turns on every tag.
pub const FULL: &str = "full";

/// The features of a crate generated with one feature per tag.
pub struct Features {
    /// One per tag, in the order of [`Api::tags`].
    pub tags: Vec<TagFeature>,
    /// For each model (in the order of [`Api::models`]), the indices of the tags whose closure holds it.
    pub model_tags: Vec<Vec<usize>>,
}

#[derive(Debug, Clone)]
pub struct TagFeature {
    /// The feature's name, e.g. `workstream-event`.
    pub name: String,
    pub operation_count: usize,
    /// How many models the feature compiles: its closure.
    pub model_count: usize,
}

impl Features {
    pub fn new(api: &Api) -> Features {
        let names = crate::ir::names::feature_names(api.tags.iter().map(|tag| tag.name.as_str()));
        let mut model_tags = vec![Vec::new(); api.models.len()];
        let mut tags = Vec::new();
        for ((tag_index, tag), name) in api.tags.iter().enumerate().zip(names) {
            let closure = closure(api, tag.operations.iter().map(|index| &api.operations[*index]));
            let model_count = closure.iter().filter(|reached| **reached).count();
            for (model, reached) in closure.into_iter().enumerate() {
                if reached {
                    model_tags[model].push(tag_index);
                }
            }
            tags.push(TagFeature { name, operation_count: tag.operations.len(), model_count });
        }
        Features { tags, model_tags }
    }

    /// The attribute that compiles a tag's module only with its feature.
    pub fn tag_cfg(&self, tag_index: usize) -> String {
        format!("#[cfg(feature = \"{}\")]", self.tags[tag_index].name)
    }

    /// The attribute that compiles a model only when a feature reaching it is on (`full` when none does).
    pub fn model_cfg(&self, model_index: usize) -> String {
        self.any_tag_cfg(&self.model_tags[model_index])
    }

    /// The attribute that compiles an item when any of these tags' features is on (`full` for none).
    pub fn any_tag_cfg(&self, tag_indices: &[usize]) -> String {
        let features: Vec<&str> = tag_indices.iter().map(|tag| self.tags[*tag].name.as_str()).collect();
        match features.as_slice() {
            [] => format!("#[cfg(feature = \"{FULL}\")]"),
            [feature] => format!("#[cfg(feature = \"{feature}\")]"),
            features => {
                let list: Vec<String> = features.iter().map(|feature| format!("feature = \"{feature}\"")).collect();
                format!("#[cfg(any({}))]", list.join(", "))
            }
        }
    }
}

/// Which models `operations` reach, directly or through other models: one flag per model.
pub fn closure<'a>(api: &Api, operations: impl IntoIterator<Item = &'a Operation>) -> Vec<bool> {
    let mut reached = vec![false; api.models.len()];
    let mut queue = VecDeque::new();
    let visit = |ty: &Type, reached: &mut Vec<bool>, queue: &mut VecDeque<usize>| {
        for model in models_in(ty) {
            if !reached[model] {
                reached[model] = true;
                queue.push_back(model);
            }
        }
    };
    for operation in operations {
        for ty in operation_types(operation) {
            visit(ty, &mut reached, &mut queue);
        }
    }
    while let Some(model) = queue.pop_front() {
        match &api.models[model].kind {
            ModelKind::Struct { fields } => {
                for field in fields {
                    visit(&field.ty, &mut reached, &mut queue);
                }
            }
            ModelKind::Union { variants, .. } => {
                for variant in variants {
                    visit(&variant.ty, &mut reached, &mut queue);
                }
            }
            ModelKind::Alias(ty) | ModelKind::Newtype(ty) => visit(ty, &mut reached, &mut queue),
            ModelKind::StringEnum { .. } => {}
        }
    }
    reached
}

/// Every type an operation names: parameters, body, responses and websocket messages.
fn operation_types(operation: &Operation) -> Vec<&Type> {
    let mut types: Vec<&Type> = operation.params.iter().map(|param| &param.ty).collect();
    types.extend(operation.body.iter().map(|body| &body.ty));
    for response in &operation.responses {
        if let Content::Json { ty, .. } | Content::Form { ty, .. } = &response.content {
            types.push(ty);
        }
    }
    if let Some(websocket) = &operation.websocket {
        for message in [&websocket.sends, &websocket.receives] {
            if let Message::Json(ty) = message {
                types.push(ty);
            }
        }
    }
    types
}

/// The models a type names itself, through arrays and maps but not through other models.
fn models_in(ty: &Type) -> Vec<usize> {
    match ty {
        Type::Model(id) => vec![id.0],
        Type::Array(item) | Type::Map(item) => models_in(item),
        _ => Vec::new(),
    }
}
