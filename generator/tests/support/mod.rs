//! What several test files share: the corpus of real-world specs, and clippy over a scratch workspace.

use std::path::{Path, PathBuf};

/// The workspace root, one folder above the generator.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The spec files of `../shared/corpus`, sorted by name.
#[allow(dead_code)] // Not every test file reads the corpus.
pub fn corpus_specs() -> Vec<PathBuf> {
    let corpus = workspace_root().join("../shared/corpus");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .expect("../shared/corpus is beside the repository")
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| matches!(path.extension().and_then(|extension| extension.to_str()), Some("yaml" | "json")))
        .collect();
    specs.sort();
    specs
}

/// Makes `scratch` a workspace of `members` (crates already generated into it) and runs
/// `cargo clippy -D warnings` over it. The workspace's lock file pins the same dependency versions, and one
/// target folder serves every such scratch workspace, so dependencies are built once.
#[allow(dead_code)] // Not every test file builds crates.
pub fn clippy_scratch_workspace(scratch: &Path, members: &[String]) -> Result<(), String> {
    let quoted: Vec<String> = members.iter().map(|member| format!("\"{member}\"")).collect();
    std::fs::write(scratch.join("Cargo.toml"), format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", quoted.join(", ")))
        .map_err(|error| error.to_string())?;
    std::fs::copy(workspace_root().join("Cargo.lock"), scratch.join("Cargo.lock")).map_err(|error| error.to_string())?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = std::process::Command::new(cargo)
        .current_dir(scratch)
        .env("CARGO_TARGET_DIR", workspace_root().join("target/fixture-target"))
        .args(["clippy", "--workspace", "--all-targets", "--quiet", "--", "-D", "warnings"])
        .output()
        .map_err(|error| error.to_string())?;
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

/// Runs `cargo clippy -D warnings` on one crate of a scratch workspace written by [`clippy_scratch_workspace`],
/// with its default features off and only `features` on.
#[allow(dead_code)] // Not every test file builds crates.
pub fn clippy_scratch_crate_with_features(scratch: &Path, package: &str, features: &str) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = std::process::Command::new(cargo)
        .current_dir(scratch)
        .env("CARGO_TARGET_DIR", workspace_root().join("target/fixture-target"))
        .args(["clippy", "--package", package, "--no-default-features", "--features", features, "--quiet"])
        .args(["--", "-D", "warnings"])
        .output()
        .map_err(|error| error.to_string())?;
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

/// Runs `cargo test --doc` over a scratch workspace written by [`clippy_scratch_workspace`]: every example in the
/// generated Markdown docs must compile.
#[allow(dead_code)] // Not every test file builds crates.
pub fn doctest_scratch_workspace(scratch: &Path) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = std::process::Command::new(cargo)
        .current_dir(scratch)
        .env("CARGO_TARGET_DIR", workspace_root().join("target/fixture-target"))
        .args(["test", "--doc", "--workspace", "--quiet"])
        .output()
        .map_err(|error| error.to_string())?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr)))
    }
}
