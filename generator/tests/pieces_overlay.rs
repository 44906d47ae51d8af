//! The Pieces overlay, `spec/pieces-os.overlay.yaml`, applies cleanly to `spec/pieces-os.yaml` and makes exactly
//! the changes it describes: if upstream changes the spec under it, this test (and codegen) says which action.

use generator::{apply_overlays, OverlaySource};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

const SPEC_PATH: &str = "spec/pieces-os.yaml";
const OVERLAY_PATH: &str = "spec/pieces-os.overlay.yaml";

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(path: &str) -> String {
    std::fs::read_to_string(workspace_root().join(path)).unwrap_or_else(|error| panic!("cannot read {path}: {error}"))
}

fn overlaid_spec() -> Value {
    let overlays = [OverlaySource { path: OVERLAY_PATH.to_owned(), text: read(OVERLAY_PATH) }];
    apply_overlays(&read(SPEC_PATH), SPEC_PATH, &overlays).unwrap_or_else(|error| panic!("{error}"))
}

/// Every operation as (path, method, operation).
fn operations(spec: &Value) -> Vec<(&str, &str, &Value)> {
    let mut found = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            if operation.get("operationId").is_some() {
                found.push((path.as_str(), method.as_str(), operation));
            }
        }
    }
    found
}

#[test]
fn marks_exactly_the_34_websocket_operations() {
    let spec = overlaid_spec();
    let operations = operations(&spec);
    let marked: Vec<&str> = operations
        .iter()
        .filter(|(_, _, operation)| operation.get("x-codegen-websocket") == Some(&json!(true)))
        .map(|(path, _, _)| *path)
        .collect();
    let websockets: Vec<&str> = operations
        .iter()
        .filter(|(_, _, operation)| operation["summary"].as_str().is_some_and(|summary| summary.ends_with("[WS]")))
        .map(|(path, _, _)| *path)
        .collect();
    assert_eq!(marked.len(), 34, "{marked:?}");
    assert_eq!(marked, websockets);
    assert!(marked.contains(&"/conversations/stream/identifiers") && marked.contains(&"/qgpt/stream"));
}

#[test]
fn the_conversation_identifiers_stream_sends_streamed_identifiers() {
    let spec = overlaid_spec();
    assert_eq!(
        spec["paths"]["/conversations/stream/identifiers"]["get"]["responses"],
        json!({"200": {
            "description": "the identifiers of changed conversations",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StreamedIdentifiers"}}}
        }})
    );
}

#[test]
fn the_server_is_one_port_of_39300_to_39333_found_by_probing_the_health_operation() {
    let spec = overlaid_spec();
    let servers = spec["servers"].as_array().unwrap();
    assert_eq!(servers.len(), 1);
    let server = &servers[0];
    assert_eq!(server["url"], "http://localhost:{port}");
    assert_eq!(server["variables"]["port"]["default"], "39300");
    let ports: Vec<String> = (39300..=39333).map(|port: u32| port.to_string()).collect();
    assert_eq!(server["variables"]["port"]["enum"], json!(ports));
    assert_eq!(server["x-codegen-discover"], json!({"probe": "get_well_known_health"}));
    let probe = &spec["paths"]["/.well-known/health"]["get"];
    assert_eq!(probe["operationId"], "get_well_known_health", "the probe names the health operation");
    assert!(probe["responses"]["200"].is_object(), "the probe answers 200");
}

#[test]
fn the_overlaid_spec_generates() {
    let options = generator::Options {
        crate_name: "pieces-os-client".to_owned(),
        spec_path: SPEC_PATH.to_owned(),
        command: "cargo test -p openapi-client-generator --test pieces_overlay".to_owned(),
        standalone: true,
        conformance_test: false,
        overlays: vec![OverlaySource { path: OVERLAY_PATH.to_owned(), text: read(OVERLAY_PATH) }],
        features_per_tag: true,
    };
    let generated = generator::generate(&read(SPEC_PATH), &options).unwrap_or_else(|error| panic!("{error}"));
    let header = generated.files["src/lib.rs"].lines().next().unwrap().to_owned();
    assert!(header.contains("from spec/pieces-os.yaml with spec/pieces-os.overlay.yaml."), "{header}");
}
