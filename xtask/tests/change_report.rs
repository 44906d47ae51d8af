//! The change report through xtask: `cargo xtask diff` prints it (text and JSON), and `codegen` finds the spec a
//! crate was made from in git (by the hash in `codegen.json`), prints the report's summary before the file
//! diffs of `--check`, and refuses a major change under a compatible crate version. Each test works in its own
//! scratch git repository under `target/`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn fixture(case: &str, side: &str) -> String {
    std::fs::read_to_string(workspace_root().join(format!("generator/tests/fixtures/diff/{case}/{side}.yaml"))).unwrap()
}

fn xtask(directory: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).current_dir(directory).args(args).output().unwrap()
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

fn git(directory: &Path, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(directory)
        .args(["-c", "user.name=test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false"])
        .args(args)
        .output()
        .unwrap();
    assert!(status.status.success(), "git {args:?}: {}", text(&status));
}

/// A fresh git repository holding `spec.yaml` (the `old` side of a case) and the crate generated from it.
fn repository_with_crate(name: &str, case: &str) -> PathBuf {
    let directory = workspace_root().join("target/change-report-tests").join(name);
    let _ = std::fs::remove_dir_all(&directory);
    std::fs::create_dir_all(&directory).unwrap();
    git(&directory, &["init", "--quiet"]);
    std::fs::write(directory.join("spec.yaml"), fixture(case, "old")).unwrap();
    let output = xtask(&directory, &["codegen", "--spec", "spec.yaml", "--out", "client", "--crate-name", "client", "--no-verify"]);
    assert!(output.status.success(), "{}", text(&output));
    git(&directory, &["add", "."]);
    git(&directory, &["commit", "--quiet", "-m", "old spec"]);
    directory
}

#[test]
fn check_prints_the_summary_before_the_file_diffs() {
    let directory = repository_with_crate("minor", "optional_query_parameter");
    std::fs::write(directory.join("spec.yaml"), fixture("optional_query_parameter", "new")).unwrap();
    let output = xtask(&directory, &["codegen", "--check", "--spec", "spec.yaml", "--out", "client", "--crate-name", "client"]);
    let report = text(&output);
    assert!(!output.status.success(), "{report}");
    assert!(report.contains("verdict: minor"), "{report}");
    assert!(report.contains("optional_parameter_added  1"), "{report}");
    let summary_at = report.find("verdict: minor").unwrap();
    let first_diff_at = report.find("changed: client/").expect("file diffs follow");
    assert!(summary_at < first_diff_at, "{report}");
    // A minor change may keep the version: codegen writes.
    let output = xtask(&directory, &["codegen", "--spec", "spec.yaml", "--out", "client", "--crate-name", "client", "--no-verify"]);
    assert!(output.status.success(), "{}", text(&output));
    assert!(text(&output).contains("verdict: minor"), "{}", text(&output));
    let output = xtask(&directory, &["codegen", "--check", "--spec", "spec.yaml", "--out", "client", "--crate-name", "client"]);
    assert!(output.status.success(), "{}", text(&output));
}

#[test]
fn a_major_change_needs_a_breaking_crate_version() {
    let directory = repository_with_crate("major", "model_removed");
    // Committed without regenerating: the old spec is then found further back in git, by its hash.
    std::fs::write(directory.join("spec.yaml"), fixture("model_removed", "new")).unwrap();
    git(&directory, &["commit", "--quiet", "-am", "new spec"]);
    let output = xtask(&directory, &["codegen", "--check", "--spec", "spec.yaml", "--out", "client", "--crate-name", "client"]);
    let report = text(&output);
    assert!(!output.status.success());
    assert!(report.contains("verdict: major"), "{report}");
    assert!(report.contains("model_removed  client::models::Owner"), "{report}");
    assert!(report.contains("x-codegen-crate-version: 0.2.0"), "{report}");
    // The command the summary names prints the full report.
    let command = report.lines().find_map(|line| line.strip_prefix("The full report: cargo xtask ")).expect("a command");
    let output = xtask(&directory, &command.split(' ').collect::<Vec<_>>());
    assert!(output.status.success(), "{}", text(&output));
    assert!(text(&output).contains("model_removed (major, 1): The Rust type is gone"), "{}", text(&output));
    assert!(text(&output).contains("at #/components/schemas/Owner"), "{}", text(&output));
    let output = xtask(&directory, &["codegen", "--spec", "spec.yaml", "--out", "client", "--crate-name", "client", "--no-verify"]);
    assert!(!output.status.success());
    assert!(text(&output).contains("nothing was written"), "{}", text(&output));
    let bumped = fixture("model_removed", "new")
        .replace("info: {title: Pets, version: 1.0.0}", "info: {title: Pets, version: 1.0.0, x-codegen-crate-version: '0.2.0'}");
    std::fs::write(directory.join("spec.yaml"), bumped).unwrap();
    let output = xtask(&directory, &["codegen", "--spec", "spec.yaml", "--out", "client", "--crate-name", "client", "--no-verify"]);
    assert!(output.status.success(), "{}", text(&output));
    let manifest = std::fs::read_to_string(directory.join("client/codegen.json")).unwrap();
    assert!(manifest.contains("\"crate_version\": \"0.2.0\""), "{manifest}");
    assert!(std::fs::read_to_string(directory.join("client/Cargo.toml")).unwrap().contains("version = \"0.2.0\""));
}

#[test]
fn diff_prints_text_and_json() {
    let case = workspace_root().join("generator/tests/fixtures/diff/enum_value_added");
    let (old, new) = (case.join("old.yaml"), case.join("new.yaml"));
    let output = xtask(&workspace_root(), &["diff", old.to_str().unwrap(), new.to_str().unwrap(), "--crate-name", "pets"]);
    assert!(output.status.success(), "{}", text(&output));
    assert!(text(&output).contains("enum_value_added (minor, 1)"), "{}", text(&output));
    assert!(text(&output).contains("pets::models::PetStatus::Pending"), "{}", text(&output));
    let output = xtask(&workspace_root(), &["diff", "--format", "json", old.to_str().unwrap(), new.to_str().unwrap()]);
    assert!(output.status.success(), "{}", text(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["verdict"], "minor");
    assert_eq!(report["summary"]["enum_value_added"], 1);
    assert_eq!(report["changes"][0]["rust_item"], "pieces_os_client::models::PetStatus::Pending");
    assert_eq!(report["changes"][0]["pointer"], "#/components/schemas/PetStatus/enum");
}
