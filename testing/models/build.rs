//! Writes two files into `OUT_DIR` from the spec, through the generator's own IR so that names match the crate:
//!
//! - `schemas.rs`: `SCHEMA_NAMES` and `with_schema_type`, which calls a visitor with the Rust model of a component
//!   schema named at run time (the tests reach all 597 models through it);
//! - `plain.rs`: the benchmark's baseline, the structs that a `WorkstreamEvent` reaches declared again with plain
//!   `#[derive(Deserialize)]` and no preservation of unknown properties (string enums are the crate's own).

use generator::diag::Diagnostics;
use generator::ir::{Api, ModelId, ModelKind, Type};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::PathBuf;

const SPEC: &str = "../../spec/pieces-os.yaml";
const BENCHMARKED_SCHEMA: &str = "WorkstreamEvent";

fn main() {
    println!("cargo::rerun-if-changed={SPEC}");
    println!("cargo::rerun-if-changed=build.rs");
    let text = std::fs::read_to_string(SPEC).expect("read the spec");
    let spec: openapiv3::OpenAPI = serde_yaml::from_str(&text).expect("the spec is an OpenAPI 3.0 document");
    let mut diagnostics = Diagnostics::default();
    let api = generator::ir::lower::lower(&spec, &mut diagnostics);
    assert!(!diagnostics.has_errors(), "the spec does not lower cleanly");
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out_dir.join("schemas.rs"), schemas_file(&api)).expect("write schemas.rs");
    std::fs::write(out_dir.join("plain.rs"), plain_file(&api)).expect("write plain.rs");
}

/// Component schemas keep their spec name; inline models are named by their JSON pointer.
fn component_models(api: &Api) -> impl Iterator<Item = &generator::ir::Model> {
    api.models.iter().filter(|model| !model.spec_name.starts_with("#/"))
}

fn schemas_file(api: &Api) -> String {
    let mut out =
        String::from("/// Every component schema of the spec, in spec order.\npub const SCHEMA_NAMES: &[&str] = &[\n");
    for model in component_models(api) {
        writeln!(out, "    {:?},", model.spec_name).unwrap();
    }
    out.push_str("];\n\n/// Calls `visitor` with the Rust model of the component schema `schema_name`; `None` for an unknown name.\n");
    out.push_str("pub fn with_schema_type<V: SchemaVisitor>(schema_name: &str, visitor: V) -> Option<V::Output> {\n");
    out.push_str("    Some(match schema_name {\n");
    for model in component_models(api) {
        writeln!(
            out,
            "        {:?} => visitor.visit::<pieces_os_client::models::{}>(),",
            model.spec_name, model.name
        )
        .unwrap();
    }
    out.push_str("        _ => return None,\n    })\n}\n");
    out
}

fn plain_file(api: &Api) -> String {
    let root = component_models(api)
        .position(|model| model.spec_name == BENCHMARKED_SCHEMA)
        .expect("the spec has a WorkstreamEvent schema");
    let reached = reachable_structs(api, ModelId(root));
    let mut out = String::new();
    for id in reached {
        let model = &api.models[id];
        let ModelKind::Struct { fields } = &model.kind else {
            continue;
        };
        writeln!(
            out,
            "#[derive(Debug, serde::Deserialize, serde::Serialize)]\n#[allow(dead_code)]\npub struct {} {{",
            model.name
        )
        .unwrap();
        for field in fields {
            let mut ty = plain_type(api, &field.ty);
            if field.boxed {
                ty = format!("Box<{ty}>");
            }
            if field.nullable || !field.required {
                ty = format!("Option<{ty}>");
            }
            let default = if field.required {
                ""
            } else {
                ", default, skip_serializing_if = \"Option::is_none\""
            };
            writeln!(
                out,
                "    #[serde(rename = {:?}{default})]\n    pub {}: {ty},",
                field.json_name, field.rust_name
            )
            .unwrap();
        }
        out.push_str("}\n\n");
    }
    out
}

/// The struct models reachable from `root` (itself included), in model order.
fn reachable_structs(api: &Api, root: ModelId) -> BTreeSet<usize> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![root.0];
    while let Some(index) = stack.pop() {
        if !seen.insert(index) {
            continue;
        }
        // Structs and aliases lead further; the Pieces spec has no other kind of model that holds models (written
        // with `if let` so that the build script does not depend on the IR's full list of kinds).
        let mut types = Vec::new();
        if let ModelKind::Struct { fields } = &api.models[index].kind {
            types.extend(fields.iter().map(|field| &field.ty));
        } else if let ModelKind::Alias(ty) = &api.models[index].kind {
            types.push(ty);
        }
        while let Some(ty) = types.pop() {
            match ty {
                Type::Model(id) => stack.push(id.0),
                Type::Array(item) | Type::Map(item) => types.push(item),
                _ => {}
            }
        }
    }
    seen.retain(|index| matches!(api.models[*index].kind, ModelKind::Struct { .. }));
    seen
}

/// A type of the baseline: structs are the plain ones, enums the crate's, aliases spelled out.
fn plain_type(api: &Api, ty: &Type) -> String {
    match ty {
        Type::Model(id) => {
            let model = &api.models[id.0];
            // Enums (and any other kind) are the crate's own types.
            if let ModelKind::Alias(target) = &model.kind {
                plain_type(api, target)
            } else if let ModelKind::Struct { .. } = &model.kind {
                model.name.clone()
            } else {
                format!("pieces_os_client::models::{}", model.name)
            }
        }
        Type::Array(item) => format!("Vec<{}>", plain_type(api, item)),
        Type::Map(value) => format!("std::collections::BTreeMap<String, {}>", plain_type(api, value)),
        other => generator::view::types::rust_type(api, other),
    }
}
