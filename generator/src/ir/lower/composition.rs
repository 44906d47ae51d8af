//! Lowering of composed schemas: `allOf` merges its members into one struct; `oneOf` and `anyOf` become a
//! union of their members, selected by a discriminator when the schema has one that can be followed.

use super::schema::{object_with_properties, ObjectShape, SchemaRef};
use super::Lowerer;
use crate::diag::Diagnostic;
use crate::ir::names::{self, Namespace};
use crate::ir::ptr::Pointer;
use crate::ir::{ModelKind, Type, UnionVariant};
use openapiv3::{AnySchema, Discriminator, ReferenceOr, Schema, SchemaKind};

/// Whether a schema is a composition that becomes a model of its own (an `allOf` of one member is just that
/// member's type).
pub(crate) fn is_composite(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => all_of.len() > 1,
        SchemaKind::OneOf { one_of } => !one_of.is_empty(),
        SchemaKind::AnyOf { any_of } => !any_of.is_empty(),
        SchemaKind::Any(any) => {
            !any.one_of.is_empty() || !any.any_of.is_empty() || (!any.all_of.is_empty() && (!any.properties.is_empty() || any.all_of.len() > 1))
        }
        _ => false,
    }
}

impl<'spec> Lowerer<'spec> {
    /// The model kind of a composed schema, or `None` when the schema is not composed.
    pub(super) fn lower_composition(&mut self, schema: &'spec Schema, pointer: &Pointer, type_name: &str) -> Option<ModelKind> {
        let discriminator = schema.schema_data.discriminator.as_ref();
        match &schema.schema_kind {
            SchemaKind::AllOf { all_of } if all_of.len() > 1 => Some(self.lower_all_of(all_of, None, pointer, type_name)),
            SchemaKind::OneOf { one_of } if !one_of.is_empty() => {
                Some(self.lower_union(one_of, discriminator, &pointer.push("oneOf"), type_name))
            }
            SchemaKind::AnyOf { any_of } if !any_of.is_empty() => {
                Some(self.lower_union(any_of, discriminator, &pointer.push("anyOf"), type_name))
            }
            SchemaKind::Any(any) if !any.one_of.is_empty() || !any.any_of.is_empty() => {
                let (members, keyword) = if any.one_of.is_empty() { (&any.any_of, "anyOf") } else { (&any.one_of, "oneOf") };
                if !any.properties.is_empty() || !any.all_of.is_empty() {
                    let mut shared = ObjectShape::default();
                    for (index, member) in any.all_of.iter().enumerate() {
                        shared.merge(self.all_of_member_shape(member, &pointer.push("allOf").push(index.to_string())));
                    }
                    shared.merge(ObjectShape { properties: any.properties.iter().collect(), required: any.required.iter().collect() });
                    return Some(self.lower_union_with_shared(shared, members, discriminator, (pointer, keyword), type_name));
                }
                Some(self.lower_union(members, discriminator, &pointer.push(keyword), type_name))
            }
            SchemaKind::Any(any) if !any.all_of.is_empty() && (!any.properties.is_empty() || any.all_of.len() > 1) => {
                Some(self.lower_all_of(&any.all_of, Some(any), pointer, type_name))
            }
            _ => None,
        }
    }

    /// Merges the members of an `allOf` (and the schema's own properties) into one struct.
    fn lower_all_of(
        &mut self,
        members: &'spec [ReferenceOr<Schema>],
        own: Option<&'spec AnySchema>,
        pointer: &Pointer,
        type_name: &str,
    ) -> ModelKind {
        // A member that is a union (`allOf: [{$ref: Base}, {oneOf: [A, B]}]`) shares the other members'
        // properties with each of its variants.
        let unions: Vec<usize> = (0..members.len()).filter(|index| self.union_members(&members[*index]).is_some()).collect();
        if unions.len() > 1 {
            self.push(
                Diagnostic::error(pointer.push("allOf").as_str(), "more than one `allOf` member is a `oneOf`/`anyOf`")
                    .with_hint("combine the choices into one `oneOf` whose members list every combination"),
            );
            return ModelKind::Alias(Type::Any);
        }
        let mut merged = ObjectShape::default();
        for (index, member) in members.iter().enumerate() {
            if unions.contains(&index) {
                continue;
            }
            merged.merge(self.all_of_member_shape(member, &pointer.push("allOf").push(index.to_string())));
        }
        if let Some(own) = own {
            merged.merge(ObjectShape { properties: own.properties.iter().collect(), required: own.required.iter().collect() });
        }
        if let Some(&index) = unions.first() {
            let (union_members, keyword, union_discriminator, union_pointer) =
                self.union_members(&members[index]).expect("found as a union above");
            let union_pointer = union_pointer.unwrap_or_else(|| pointer.push("allOf").push(index.to_string()));
            return self.lower_union_with_shared(merged, union_members, union_discriminator, (&union_pointer, keyword), type_name);
        }
        ModelKind::Struct { fields: self.lower_fields(&merged, pointer, type_name) }
    }

    /// The properties an `allOf` member adds, reporting a member that is not an object.
    fn all_of_member_shape(&mut self, member: &'spec ReferenceOr<Schema>, member_pointer: &Pointer) -> ObjectShape<'spec> {
        match self.object_shape_of(SchemaRef::from(member), 0) {
            Some(shape) => shape,
            None => {
                self.push(
                    Diagnostic::error(member_pointer.as_str(), "an `allOf` member that is not an object cannot be merged")
                        .with_hint("every member of a multi-member `allOf` must describe an object with properties"),
                );
                ObjectShape::default()
            }
        }
    }

    /// The members of a schema that is a plain `oneOf`/`anyOf` (inline, or a `$ref` to a component that is one):
    /// the members, the keyword, the schema's discriminator, and the component's pointer when it is one.
    #[allow(clippy::type_complexity)]
    fn union_members(
        &self,
        schema: &'spec ReferenceOr<Schema>,
    ) -> Option<(&'spec [ReferenceOr<Schema>], &'static str, Option<&'spec Discriminator>, Option<Pointer>)> {
        let (schema, pointer) = match schema {
            ReferenceOr::Item(schema) => (schema, None),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/schemas/")?;
                (self.component_schema(reference)?, Some(Pointer::root().push("components").push("schemas").push(name)))
            }
        };
        let discriminator = schema.schema_data.discriminator.as_ref();
        match &schema.schema_kind {
            SchemaKind::OneOf { one_of } if !one_of.is_empty() => Some((one_of, "oneOf", discriminator, pointer)),
            SchemaKind::AnyOf { any_of } if !any_of.is_empty() => Some((any_of, "anyOf", discriminator, pointer)),
            SchemaKind::Any(any) if any.properties.is_empty() && any.all_of.is_empty() => {
                if !any.one_of.is_empty() {
                    Some((&any.one_of, "oneOf", discriminator, pointer))
                } else if !any.any_of.is_empty() {
                    Some((&any.any_of, "anyOf", discriminator, pointer))
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    /// Shared properties beside a `oneOf`/`anyOf` ("these fields, plus one of these shapes"): each variant becomes
    /// a struct of the shared properties merged with its own, so that a value is one struct, whose unknown
    /// properties are kept once. Members that only constrain (`{required: [a]}`, "at least one of") add no shape:
    /// when every member is one, the schema is the struct of the shared properties.
    fn lower_union_with_shared(
        &mut self,
        shared: ObjectShape<'spec>,
        members: &'spec [ReferenceOr<Schema>],
        discriminator: Option<&'spec Discriminator>,
        (schema_pointer, keyword): (&Pointer, &str),
        type_name: &str,
    ) -> ModelKind {
        if members.iter().all(is_constraint_only) {
            return ModelKind::Struct { fields: self.lower_fields(&shared, schema_pointer, type_name) };
        }
        let pointer = schema_pointer.push(keyword);
        let mut variant_names = Namespace::with_reserved(&["UnknownVariant"]);
        let mut variants: Vec<UnionVariant> = Vec::new();
        for (index, member) in members.iter().enumerate() {
            let member_pointer = pointer.push(index.to_string());
            let Some(own) = self.object_shape_of(SchemaRef::from(member), 0) else {
                self.push(
                    Diagnostic::error(member_pointer.as_str(), "a `oneOf`/`anyOf` member beside shared properties must be an object")
                        .with_hint("make every member an object schema (or a `$ref` to one); its properties are merged with the shared ones"),
                );
                continue;
            };
            let own_name = match member {
                ReferenceOr::Reference { reference } => reference.rsplit('/').next().unwrap_or_default().to_owned(),
                ReferenceOr::Item(schema) => schema.schema_data.title.clone().unwrap_or_else(|| format!("Variant{}", index + 1)),
            };
            let variant_name = names::type_name(&own_name, "Variant");
            let tags = discriminator_tags(discriminator, member);
            // The classic polymorphism (`Cat: allOf [{$ref: Pet}, ...]` listed in Pet's `oneOf`): a component that
            // already has every shared property, from the same schemas, is the variant itself.
            if let ReferenceOr::Reference { reference } = member {
                if contains_shape(&own, &shared) {
                    let ty = self.resolve_reference(reference, &member_pointer);
                    let (rust_name, _) = variant_names.claim(&variant_name);
                    variants.push(UnionVariant { rust_name, ty, tags, boxed: false });
                    continue;
                }
            }
            let mut merged = shared.clone();
            merged.merge(own);
            let (model_name, module) = self.claim_type_name(&format!("{type_name}{variant_name}"), &member_pointer);
            let description = match member {
                ReferenceOr::Item(schema) => schema.schema_data.description.clone(),
                ReferenceOr::Reference { .. } => None,
            };
            let id = self.add_model(crate::ir::Model {
                name: model_name.clone(),
                module,
                spec_name: member_pointer.as_str().to_owned(),
                pointer: member_pointer.clone(),
                description,
                deprecated: false,
                kind: ModelKind::Alias(Type::Any),
            });
            let fields = self.lower_fields(&merged, &member_pointer, &model_name);
            self.models[id.0].kind = ModelKind::Struct { fields };
            let (rust_name, _) = variant_names.claim(&variant_name);
            variants.push(UnionVariant { rust_name, ty: Type::Model(id), tags, boxed: false });
        }
        let discriminator = discriminator
            .filter(|_| variants.iter().all(|variant| !variant.tags.is_empty()))
            .map(|discriminator| discriminator.property_name.clone());
        ModelKind::Union { variants, discriminator }
    }

    /// The properties a schema contributes to an `allOf`, following references and nested `allOf`s.
    pub(super) fn object_shape_of(&mut self, schema: SchemaRef<'spec>, depth: usize) -> Option<ObjectShape<'spec>> {
        const MAX_NESTING: usize = 32;
        if depth > MAX_NESTING {
            return None;
        }
        let schema = match schema {
            SchemaRef::Inline(schema) => schema,
            SchemaRef::Reference(reference) => {
                let name = reference.strip_prefix("#/components/schemas/")?;
                match self.spec.components.as_ref()?.schemas.get(name)? {
                    ReferenceOr::Item(schema) => schema,
                    ReferenceOr::Reference { reference } => {
                        return self.object_shape_of(SchemaRef::Reference(reference), depth + 1)
                    }
                }
            }
        };
        let nested: &'spec [ReferenceOr<Schema>] = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => all_of,
            SchemaKind::Any(any) => &any.all_of,
            _ => &[],
        };
        let mut shape = ObjectShape::default();
        for member in nested {
            shape.merge(self.object_shape_of(SchemaRef::from(member), depth + 1)?);
        }
        if let Some(own) = object_with_properties(schema) {
            shape.merge(own);
        }
        let is_object = match &schema.schema_kind {
            SchemaKind::Type(openapiv3::Type::Object(_)) => true,
            SchemaKind::Any(any) => any.typ.as_deref() == Some("object"),
            _ => false,
        };
        (!shape.properties.is_empty() || is_object).then_some(shape)
    }

    /// The variants of a `oneOf`/`anyOf`, each named after its model or its kind of value. A `oneOf` of inline
    /// string enums (Dropshot spells a documented enum this way) is one string enum of all their values.
    fn lower_union(
        &mut self,
        members: &'spec [ReferenceOr<Schema>],
        discriminator: Option<&'spec Discriminator>,
        pointer: &Pointer,
        type_name: &str,
    ) -> ModelKind {
        let enum_values: Option<Vec<String>> = members
            .iter()
            .map(|member| match member {
                ReferenceOr::Item(Schema { schema_kind: SchemaKind::Type(openapiv3::Type::String(string)), .. })
                    if !string.enumeration.is_empty() =>
                {
                    Some(string.enumeration.iter().flatten().cloned().collect::<Vec<_>>())
                }
                _ => None,
            })
            .collect::<Option<Vec<_>>>()
            .map(|lists| lists.concat());
        if let Some(values) = enum_values.filter(|values| !values.is_empty()) {
            return ModelKind::StringEnum { variants: super::schema::lower_variants(&values) };
        }
        let mut variant_names = Namespace::with_reserved(&["UnknownVariant"]);
        let mut variants: Vec<UnionVariant> = Vec::new();
        for (index, member) in members.iter().enumerate() {
            let member_pointer = pointer.push(index.to_string());
            let hint = format!("{type_name}{}", index + 1);
            let ty = self.lower_type(SchemaRef::from(member), &member_pointer, &hint);
            // The same member listed twice is one variant.
            if variants.iter().any(|variant| variant.ty == ty) {
                continue;
            }
            let wanted = match &ty {
                Type::Model(id) => self.models[id.0].name.clone(),
                Type::String | Type::Date | Type::DateTime => "String".to_owned(),
                Type::Boolean => "Boolean".to_owned(),
                Type::Integer(_) => "Integer".to_owned(),
                Type::Number => "Number".to_owned(),
                Type::Array(_) => "Array".to_owned(),
                Type::Map(_) => "Map".to_owned(),
                Type::Any => "Value".to_owned(),
                Type::Upload => "Upload".to_owned(),
            };
            let (rust_name, _) = variant_names.claim(&names::type_name(&wanted, "Variant"));
            let tags = discriminator_tags(discriminator, member);
            variants.push(UnionVariant { rust_name, ty, tags, boxed: false });
        }
        // A discriminator is followed only when every variant has a tag to be found by.
        let discriminator = discriminator
            .filter(|_| variants.iter().all(|variant| !variant.tags.is_empty()))
            .map(|discriminator| discriminator.property_name.clone());
        ModelKind::Union { variants, discriminator }
    }
}

/// The discriminator values that select a `$ref` member: its mapping keys, else the component's name.
fn discriminator_tags(discriminator: Option<&Discriminator>, member: &ReferenceOr<Schema>) -> Vec<String> {
    let (Some(discriminator), ReferenceOr::Reference { reference }) = (discriminator, member) else { return Vec::new() };
    let mut tags: Vec<String> = discriminator
        .mapping
        .iter()
        .filter(|(_, target)| *target == reference || reference.ends_with(&format!("/{target}")))
        .map(|(tag, _)| tag.clone())
        .collect();
    if tags.is_empty() {
        tags.push(reference.rsplit('/').next().unwrap_or_default().to_owned());
    }
    tags
}

/// Whether `shape` has every property of `shared`, from the very same schemas, and requires what it requires.
fn contains_shape(shape: &ObjectShape<'_>, shared: &ObjectShape<'_>) -> bool {
    shared.properties.iter().all(|(name, schema)| {
        shape.properties.iter().any(|(own_name, own_schema)| own_name == name && std::ptr::eq(*own_schema, *schema))
    }) && shared.required.iter().all(|name| shape.is_required(name))
}

/// A member that only constrains the value (`{required: [a]}`, a description) and describes no shape.
fn is_constraint_only(member: &ReferenceOr<Schema>) -> bool {
    match member {
        ReferenceOr::Reference { .. } => false,
        ReferenceOr::Item(schema) => match &schema.schema_kind {
            SchemaKind::Type(openapiv3::Type::Object(object)) => {
                object.properties.is_empty() && object.additional_properties.is_none()
            }
            SchemaKind::Any(any) => {
                any.typ.as_deref().is_none_or(|typ| typ == "object")
                    && any.properties.is_empty()
                    && any.all_of.is_empty()
                    && any.one_of.is_empty()
                    && any.any_of.is_empty()
                    && any.not.is_none()
                    && any.items.is_none()
                    && any.additional_properties.is_none()
                    && any.enumeration.is_empty()
            }
            _ => false,
        },
    }
}

/// A union without a discriminator is still tagged when every variant is an object with the same required
/// property holding one constant string, different in each (Dropshot's `{"type": "disk", ...}` enums): that
/// property picks the variant, and an unknown value is kept instead of failing every variant in turn.
pub(super) fn find_constant_tags(models: &mut [crate::ir::Model]) {
    for index in 0..models.len() {
        let ModelKind::Union { variants, discriminator: None } = &models[index].kind else { continue };
        let Some((property, tags)) = constant_tag(models, variants) else { continue };
        // Inline variants were named by position (`Range1`); their tag names them better (`RangeTo`).
        let is_inline: Vec<bool> = variants
            .iter()
            .map(|variant| matches!(variant.ty, Type::Model(id) if models[id.0].spec_name.starts_with('#')))
            .collect();
        if let ModelKind::Union { variants, discriminator } = &mut models[index].kind {
            let mut variant_names = Namespace::with_reserved(&["UnknownVariant"]);
            for ((variant, tag), inline) in variants.iter_mut().zip(tags).zip(is_inline) {
                let wanted = if inline { names::type_name(&tag, "Variant") } else { variant.rust_name.clone() };
                variant.rust_name = variant_names.claim(&wanted).0;
                variant.tags = vec![tag];
            }
            *discriminator = Some(property);
        }
    }
}

/// The property and each variant's constant, when the variants have one that tells them apart.
fn constant_tag(models: &[crate::ir::Model], variants: &[UnionVariant]) -> Option<(String, Vec<String>)> {
    let constants_of = |variant: &UnionVariant| -> Option<Vec<(String, String)>> {
        let Type::Model(id) = variant.ty else { return None };
        let ModelKind::Struct { fields } = &models[id.0].kind else { return None };
        let constants = fields.iter().filter(|field| field.required && !field.nullable).filter_map(|field| {
            let Type::Model(field_model) = field.ty else { return None };
            match &models[field_model.0].kind {
                ModelKind::StringEnum { variants } if variants.len() == 1 => {
                    Some((field.json_name.clone(), variants[0].value.clone()))
                }
                _ => None,
            }
        });
        Some(constants.collect())
    };
    let per_variant: Vec<Vec<(String, String)>> = variants.iter().map(constants_of).collect::<Option<_>>()?;
    let (first, rest) = per_variant.split_first()?;
    if rest.is_empty() {
        return None;
    }
    first.iter().map(|(property, _)| property).find_map(|property| {
        let tags: Vec<String> = per_variant
            .iter()
            .map(|constants| constants.iter().find(|(name, _)| name == property).map(|(_, value)| value.clone()))
            .collect::<Option<_>>()?;
        let mut distinct = tags.clone();
        distinct.sort();
        distinct.dedup();
        (distinct.len() == tags.len()).then(|| (property.clone(), tags))
    })
}
