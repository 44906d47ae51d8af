//! What several test files share: snapshots, the corpus of real-world specs, and clippy over a scratch workspace.

use std::path::{Path, PathBuf};

/// The workspace root, one folder above the generator.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Compares `actual` with the snapshot file at `path`, printing a diff on a mismatch; with `UPDATE_SNAPSHOTS`
/// set, writes `actual` as the new snapshot instead.
#[allow(dead_code)] // Not every test file has snapshots.
pub fn assert_snapshot(path: &Path, actual: &str) {
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    if expected != actual {
        let diff = similar::TextDiff::from_lines(&expected, actual)
            .unified_diff()
            .context_radius(3)
            .header(&format!("{} (snapshot)", path.display()), "generated now")
            .to_string();
        panic!(
            "snapshot {} differs:\n{diff}\nRun `UPDATE_SNAPSHOTS=1 cargo test -p openapi-client-generator` to accept the new output.",
            path.display()
        );
    }
}

/// The spec files of `../shared/corpus` and of this repository's `generator/tests/corpus` (real-world documents
/// vendored here: OpenAI's 3.1 description, Stripe's, Clerk's), sorted by file name.
#[allow(dead_code)] // Not every test file reads the corpus.
pub fn corpus_specs() -> Vec<PathBuf> {
    let shared = workspace_root().join("../shared/corpus");
    let vendored = vendored_corpus();
    let mut specs: Vec<PathBuf> = Vec::new();
    for (folder, expectation) in [(&shared, "../shared/corpus is beside the repository"), (&vendored, "generator/tests/corpus exists")] {
        specs.extend(
            std::fs::read_dir(folder)
                .expect(expectation)
                .filter_map(|entry| entry.ok().map(|entry| entry.path()))
                .filter(|path| matches!(path.extension().and_then(|extension| extension.to_str()), Some("yaml" | "json"))),
        );
    }
    specs.sort_by_key(|path| path.file_name().map(|name| name.to_owned()));
    specs
}

/// The real-world documents vendored in this repository.
#[allow(dead_code)] // Not every test file reads the corpus.
fn vendored_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// How a corpus spec is named in headers and errors: relative to the workspace root.
#[allow(dead_code)] // Not every test file reads the corpus.
pub fn corpus_spec_path(spec: &Path) -> String {
    let root = workspace_root();
    let vendored = vendored_corpus();
    let file_name = spec.file_name().unwrap_or_default().to_string_lossy();
    if spec.starts_with(&vendored) {
        format!("generator/tests/corpus/{file_name}")
    } else if spec.starts_with(root.join("../shared/corpus")) {
        format!("../shared/corpus/{file_name}")
    } else {
        spec.display().to_string()
    }
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
    cargo_in_scratch(scratch, &["clippy", "--workspace", "--all-targets", "--quiet", "--", "-D", "warnings"])
}

/// Runs the tests of one package of a scratch workspace written by [`clippy_scratch_workspace`].
#[allow(dead_code)] // Not every test file builds crates.
pub fn test_scratch_package(scratch: &Path, package: &str) -> Result<(), String> {
    cargo_in_scratch(scratch, &["test", "-p", package, "--quiet"])
}

/// Runs `cargo clippy -D warnings` on one crate of a scratch workspace written by [`clippy_scratch_workspace`],
/// with its default features off and only `features` on.
#[allow(dead_code)] // Not every test file builds crates.
pub fn clippy_scratch_crate_with_features(scratch: &Path, package: &str, features: &str) -> Result<(), String> {
    let arguments = ["clippy", "--package", package, "--no-default-features", "--features", features, "--quiet", "--", "-D", "warnings"];
    cargo_in_scratch(scratch, &arguments)
}

/// Runs cargo with `arguments` in a scratch workspace, sharing the fixtures' target folder; on failure, what
/// cargo printed.
#[allow(dead_code)] // Not every test file builds crates.
fn cargo_in_scratch(scratch: &Path, arguments: &[&str]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = std::process::Command::new(cargo)
        .current_dir(scratch)
        .env("CARGO_TARGET_DIR", workspace_root().join("target/fixture-target"))
        .args(arguments)
        .output()
        .map_err(|error| error.to_string())?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr)))
    }
}

/// Runs `cargo test --doc` over a scratch workspace written by [`clippy_scratch_workspace`]: every example in the
/// generated Markdown docs must compile.
#[allow(dead_code)] // Not every test file builds crates.
pub fn doctest_scratch_workspace(scratch: &Path) -> Result<(), String> {
    cargo_in_scratch(scratch, &["test", "--doc", "--workspace", "--quiet"])
}
