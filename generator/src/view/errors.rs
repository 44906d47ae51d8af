//! Error enums shared between operations. Operations whose documented errors are alike (the same statuses,
//! bodies and descriptions) share one enum in `apis::errors`; each still names it `<Operation>Error`, by a type
//! alias, so that callers match `WorkstreamEventUpdateError::InternalServerError(body)` whether it is shared or
//! not. Pieces OS documents 422 error enums in 22 shapes (360 are one `500` with a text body): each shape is
//! compiled once instead of once per operation.

use super::api::{TagView, VariantView};
use super::features::Features;
use crate::ir::names::{Namespace, shared_error_name};
use std::collections::BTreeMap;

/// The module the shared enums live in, as operations name it.
const MODULE: &str = "crate::apis::errors";

/// An error enum, as `templates/error_enum.rs` declares it: an operation's own, in its tag's module, or one
/// several operations share, in `apis/errors.rs`.
pub struct ErrorEnumView {
    pub name: String,
    pub docs: Vec<String>,
    pub variants: Vec<VariantView>,
    /// With one feature per tag, a shared enum is compiled when a tag using it is on.
    pub has_cfg: bool,
    pub cfg: String,
}

/// Finds the operations whose error enums are alike, points each at its shared enum and returns the enums, in
/// the order their first operation comes in. An enum only one operation has stays with that operation.
pub fn share(tags: &mut [TagView], features: Option<&Features>) -> Vec<ErrorEnumView> {
    // Shape -> the (tag, operation) pairs that have it, in order of first use.
    let mut shapes: Vec<Vec<(usize, usize)>> = Vec::new();
    let mut index_of: BTreeMap<String, usize> = BTreeMap::new();
    for (tag_index, tag) in tags.iter().enumerate() {
        for (operation_index, operation) in tag.operations.iter().enumerate() {
            if !operation.has_error_enum {
                continue;
            }
            let shape = shape_key(&operation.error_variants);
            let next = shapes.len();
            let index = *index_of.entry(shape).or_insert(next);
            if index == next {
                shapes.push(Vec::new());
            }
            shapes[index].push((tag_index, operation_index));
        }
    }
    let mut names = Namespace::default();
    let mut shared = Vec::new();
    for users in shapes.into_iter().filter(|users| users.len() > 1) {
        let (first_tag, first_operation) = users[0];
        let variants = tags[first_tag].operations[first_operation].error_variants.clone();
        let (name, _) = names.claim(&shared_error_name(variants.iter().map(|variant| variant.name.as_str())));
        let mut tag_indices: Vec<usize> = users.iter().map(|(tag, _)| *tag).collect();
        tag_indices.dedup(); // `users` come in tag order, so a tag's repeats are neighbours.
        let example = &tags[first_tag].operations[first_operation];
        let docs = vec![
            format!(
                "The documented error statuses of {} operations, each with its body.",
                users.len()
            ),
            String::new(),
            // Not a link: with one feature per tag, that module may be the one left out.
            format!(
                "Each operation names it by an alias of its own, e.g. `{}` in `apis::{}`.",
                example.error_enum, tags[first_tag].module
            ),
        ];
        for (tag, operation) in &users {
            let operation = &mut tags[*tag].operations[*operation];
            operation.has_shared_error = true;
            operation.own_error = None;
            operation.shared_error = format!("{MODULE}::{name}");
        }
        shared.push(ErrorEnumView {
            name,
            docs,
            variants,
            has_cfg: features.is_some(),
            cfg: features
                .map(|features| features.any_tag_cfg(&tag_indices))
                .unwrap_or_default(),
        });
    }
    shared
}

/// Everything the enum's code is made of: two operations with equal keys would generate the same enum.
fn shape_key(variants: &[VariantView]) -> String {
    let fields = variants.iter().map(|variant| {
        [
            variant.name.as_str(),
            &variant.ty,
            if variant.has_status { "status" } else { "" },
            &variant.display_format,
            &variant.docs.join("\n"),
        ]
        .join("\u{1}")
    });
    fields.collect::<Vec<_>>().join("\u{2}")
}
