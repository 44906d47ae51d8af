//! The view of a union model (`oneOf` / `anyOf`): an enum with one variant per member.

use super::model::string_literal;
use super::types::rust_type;
use crate::ir::{Api, UnionVariant};

pub struct UnionView {
    pub name: String,
    pub docs: Vec<String>,
    pub derive_eq: bool,
    pub variants: Vec<UnionVariantView>,
    /// A discriminator picks the variant; otherwise each variant is tried in order.
    pub is_tagged: bool,
    /// The discriminator property, as a string literal.
    pub discriminator: String,
    /// The discriminator property as written, for documentation.
    pub discriminator_name: String,
    /// The discriminator values and the variant each selects.
    pub tag_arms: Vec<TagArmView>,
    /// What `expecting` and errors call this type, as a string literal.
    pub display_name: String,
}

pub struct UnionVariantView {
    pub name: String,
    pub name_literal: String,
    /// The type the variant holds (boxed when it must be).
    pub ty: String,
    /// The type decoded before wrapping.
    pub inner_ty: String,
    /// `Box::new(inner)` or `inner`.
    pub wrap: String,
}

pub struct TagArmView {
    pub tag: String,
    pub inner_ty: String,
    /// What turns the decoded value into the enum: `Self::Cat`, or a closure that boxes first.
    pub constructor: String,
}

pub fn union_view(
    api: &Api,
    name: &str,
    docs: Vec<String>,
    derive_eq: bool,
    variants: &[UnionVariant],
    discriminator: Option<&str>,
) -> UnionView {
    let variant_views: Vec<UnionVariantView> = variants
        .iter()
        .map(|variant| {
            let inner_ty = rust_type(api, &variant.ty);
            UnionVariantView {
                name: variant.rust_name.clone(),
                name_literal: string_literal(&variant.rust_name),
                ty: if variant.boxed { format!("Box<{inner_ty}>") } else { inner_ty.clone() },
                wrap: if variant.boxed { "Box::new(inner)".to_owned() } else { "inner".to_owned() },
                inner_ty,
            }
        })
        .collect();
    let tag_arms = variants
        .iter()
        .zip(&variant_views)
        .flat_map(|(variant, view)| {
            variant.tags.iter().map(|tag| TagArmView {
                tag: string_literal(tag),
                inner_ty: view.inner_ty.clone(),
                constructor: if variant.boxed {
                    format!("|inner| Self::{}(Box::new(inner))", view.name)
                } else {
                    format!("Self::{}", view.name)
                },
            })
        })
        .collect();
    UnionView {
        name: name.to_owned(),
        docs,
        derive_eq,
        variants: variant_views,
        is_tagged: discriminator.is_some(),
        discriminator: string_literal(discriminator.unwrap_or_default()),
        discriminator_name: super::docs::escape_line(discriminator.unwrap_or_default()),
        tag_arms,
        display_name: string_literal(name),
    }
}
