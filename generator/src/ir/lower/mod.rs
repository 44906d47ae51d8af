//! Lowering: `openapiv3::OpenAPI` -> [`Api`]. All validation and naming happen here, one function per construct.
//!
//! Problems are pushed to [`Diagnostics`] and lowering carries on with a harmless stand-in, so that one run
//! reports every problem of a spec. Callers must not use the result when the diagnostics hold an error.

mod composition;
mod example;
mod operation;
mod schema;
mod security;
mod server;

use super::names::{self, Namespace};
use super::ptr::Pointer;
use super::{Api, Model, ModelId, Tag};
use crate::diag::{Diagnostic, Diagnostics};
use indexmap::IndexMap;
use openapiv3::OpenAPI;


/// State shared by the lowering functions: the models made so far and the names already taken.
pub(crate) struct Lowerer<'spec> {
    spec: &'spec OpenAPI,
    diagnostics: &'spec mut Diagnostics,
    models: Vec<Model>,
    type_names: Namespace,
    module_names: Namespace,
    /// Component schema name -> the model made for it.
    component_models: IndexMap<String, ModelId>,
    /// Inline string enums made so far, by their values and description, so that a repeated one is reused.
    inline_enums: std::collections::BTreeMap<(Vec<String>, Option<String>), ModelId>,
}

pub fn lower(spec: &OpenAPI, diagnostics: &mut Diagnostics) -> Api {
    let mut lowerer = Lowerer {
        spec,
        diagnostics,
        models: Vec::new(),
        type_names: Namespace::default(),
        // `mod` holds the module list itself; `models` would repeat its parent's name.
        module_names: Namespace::with_reserved(&["mod", "models"]),
        component_models: IndexMap::new(),
        inline_enums: std::collections::BTreeMap::new(),
    };
    lowerer.declare_component_schemas();
    lowerer.lower_component_schemas();
    let security_schemes = lowerer.lower_security_schemes();
    let operations = lowerer.lower_operations(&security_schemes);
    let tags = lowerer.group_by_tag(&operations);
    let discovery = lowerer.lower_discovery(&operations);
    let crate_version = lowerer.lower_crate_version();
    lowerer.check_alias_cycles();
    lowerer.wrap_self_containing_aliases();
    let mut models = lowerer.models;
    composition::find_constant_tags(&mut models);
    super::boxing::box_fields(&mut models);
    Api {
        title: spec.info.title.clone(),
        description: spec.info.description.clone(),
        version: spec.info.version.clone(),
        crate_version,
        default_base_url: server::default_server(spec),
        discovery,
        security_schemes,
        tags,
        models,
        operations,
    }
}


/// Where a spec (or its overlay) sets the generated crate's version; without it the crate is `0.1.0`. The
/// version is an input, not computed, so that a person decides it; the drift check holds it to the change report
/// (a breaking change needs a semver-incompatible version, see `diff::required_bump`).
pub const CRATE_VERSION_EXTENSION: &str = "x-codegen-crate-version";
const DEFAULT_CRATE_VERSION: &str = "0.1.0";

/// Whether a value of `ty` names model `target` through lists, maps and aliases only (not through a struct or a
/// union, whose own type breaks the cycle). `visited` bounds the walk over alias cycles.
fn alias_reaches(models: &[Model], ty: &super::Type, target: usize, visited: &mut [bool]) -> bool {
    match ty {
        super::Type::Array(inner) | super::Type::Map(inner) => alias_reaches(models, inner, target, visited),
        super::Type::Model(id) if id.0 == target => true,
        super::Type::Model(id) if !visited[id.0] => {
            visited[id.0] = true;
            match &models[id.0].kind {
                super::ModelKind::Alias(inner) => alias_reaches(models, inner, target, visited),
                _ => false,
            }
        }
        _ => false,
    }
}

impl Lowerer<'_> {
    /// The crate version from `info.x-codegen-crate-version`: three numbers, `MAJOR.MINOR.PATCH`.
    fn lower_crate_version(&mut self) -> String {
        let Some(value) = self.spec.info.extensions.get(CRATE_VERSION_EXTENSION) else {
            return DEFAULT_CRATE_VERSION.to_owned();
        };
        match value.as_str().filter(|text| crate::diff::parse_version(text).is_some()) {
            Some(text) => text.to_owned(),
            None => {
                let pointer = Pointer::root().join(["info", CRATE_VERSION_EXTENSION]);
                self.push(
                    Diagnostic::error(pointer.as_str(), format!("`{CRATE_VERSION_EXTENSION}` must be a version like `0.2.0`, not `{value}`"))
                        .with_hint("write three numbers, MAJOR.MINOR.PATCH, as a string"),
                );
                DEFAULT_CRATE_VERSION.to_owned()
            }
        }
    }

    /// A named schema that is nothing but another name for itself (`A: $ref B`, `B: $ref A`, or `allOf` of
    /// itself) describes no value at all; Rust would reject the type alias, so it is an error here.
    fn check_alias_cycles(&mut self) {
        for start in 0..self.models.len() {
            let mut current = start;
            for _ in 0..self.models.len() {
                let super::ModelKind::Alias(super::Type::Model(next)) = &self.models[current].kind else { break };
                current = next.0;
                if current == start {
                    let pointer = self.models[start].pointer.clone();
                    self.push(
                        Diagnostic::error(pointer.as_str(), format!("schema `{}` is only a reference to itself", self.models[start].spec_name))
                            .with_hint("give the schema a type or properties; a cycle of plain `$ref`s describes no value"),
                    );
                    break;
                }
            }
        }
    }

    /// An alias that reaches itself through lists and maps (`Tree = BTreeMap<String, Tree>`) would be a cyclic
    /// type alias, which Rust rejects: it becomes a newtype struct instead. Making one alias of a cycle a newtype
    /// breaks the cycle for the others, so each is checked against the models as they are by then.
    fn wrap_self_containing_aliases(&mut self) {
        for start in 0..self.models.len() {
            let super::ModelKind::Alias(ty) = &self.models[start].kind else { continue };
            let mut visited = vec![false; self.models.len()];
            if alias_reaches(&self.models, ty, start, &mut visited) {
                let super::ModelKind::Alias(ty) = std::mem::replace(&mut self.models[start].kind, super::ModelKind::Alias(super::Type::Any))
                else {
                    unreachable!("matched as an alias above")
                };
                self.models[start].kind = super::ModelKind::Newtype(ty);
            }
        }
    }

    fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Claims a crate-wide unique type name and module name, warning when a collision forced a change.
    fn claim_type_name(&mut self, wanted: &str, pointer: &Pointer) -> (String, String) {
        let claimed = self.type_names.claim_for(wanted, pointer.as_str());
        let name = claimed.name;
        if let Some(holder) = claimed.clash {
            self.push(
                Diagnostic::warning(
                    pointer.as_str(),
                    format!("type name `{wanted}` is taken by {} (names are compared ignoring case); using `{name}`", names::clash_words(&holder)),
                )
                .with_hint("rename one of the schemas, or accept the suffixed name"),
            );
        }
        let (module, _) = self.module_names.claim(&names::snake_name(&name));
        (name, module)
    }

    /// Groups operations by their first tag, in the order of the spec's `tags` list, then of first use.
    fn group_by_tag(&self, operations: &[super::Operation]) -> Vec<Tag> {
        let mut order: IndexMap<String, Option<String>> =
            self.spec.tags.iter().map(|tag| (tag.name.clone(), tag.description.clone())).collect();
        let mut members: IndexMap<String, Vec<usize>> = IndexMap::new();
        for (index, operation) in operations.iter().enumerate() {
            order.entry(operation.tag.clone()).or_insert(None);
            members.entry(operation.tag.clone()).or_default().push(index);
        }
        let mut type_names = Namespace::default();
        let mut module_names = Namespace::with_reserved(&["mod", "apis"]);
        let mut tags = Vec::new();
        for (name, description) in order {
            let Some(operations) = members.shift_remove(&name) else { continue };
            let (type_name, _) = type_names.claim(&format!("{}Api", names::type_name(&name, "Default")));
            let (module, _) = module_names.claim(&names::snake_name(&type_name));
            tags.push(Tag { name, type_name, module, description, operations });
        }
        tags
    }
}
