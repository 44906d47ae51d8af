//! `cargo xtask overlay` writes the Pieces spec as `spec/pieces-os.overlay.yaml` leaves it, for the Python test
//! servers; contradictory flags are refused.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).current_dir(workspace_root()).args(args).output().unwrap()
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

fn websocket_operation_count(spec: &serde_json::Value) -> usize {
    let paths = spec["paths"].as_object().unwrap();
    paths
        .values()
        .flat_map(|item| item.as_object().unwrap().values())
        .filter(|operation| operation.get("x-codegen-websocket") == Some(&serde_json::Value::Bool(true)))
        .count()
}

#[test]
fn writes_the_overlaid_spec_as_json() {
    let scratch = workspace_root().join("target/overlay-command-test");
    std::fs::create_dir_all(&scratch).unwrap();
    let out = scratch.join("overlaid.json");
    let output = xtask(&["overlay", "--out", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", text(&output));
    assert!(text(&output).contains("from spec/pieces-os.yaml + spec/pieces-os.overlay.yaml"), "{}", text(&output));
    let spec: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(websocket_operation_count(&spec), 34);
    assert_eq!(spec["servers"][0]["url"], "http://localhost:{port}");

    let output = xtask(&["overlay", "--no-overlay", "--out", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", text(&output));
    let spec: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(websocket_operation_count(&spec), 0, "--no-overlay leaves the upstream spec as it is");
}

#[test]
fn refuses_overlay_with_no_overlay() {
    let output = xtask(&["overlay", "--no-overlay", "--overlay", "spec/pieces-os.overlay.yaml", "--out", "x.json"]);
    assert!(!output.status.success());
    assert!(text(&output).contains("--no-overlay and --overlay contradict each other"), "{}", text(&output));
}
