//! The drift check: `cargo xtask codegen --check` passes on the committed tree, fails with a diff naming the
//! file when the spec changed, and passes again once `cargo xtask codegen` has run.

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

#[test]
fn generated_crate_is_up_to_date_with_the_spec() {
    let output = xtask(&["codegen", "--check"]);
    assert!(output.status.success(), "generated/ has drifted from spec/ and templates/:\n{}", text(&output));
}

#[test]
fn editing_a_description_is_caught_and_fixed_by_codegen() {
    let scratch = workspace_root().join("target/drift-test");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).unwrap();
    let spec = scratch.join("spec.yaml");
    let original = std::fs::read_to_string(workspace_root().join("spec/pieces-os.yaml")).unwrap();
    std::fs::write(&spec, &original).unwrap();
    let spec_arg = spec.to_str().unwrap();
    let out_arg = scratch.join("out");
    let out_arg = out_arg.to_str().unwrap();
    let generate = ["codegen", "--spec", spec_arg, "--out", out_arg, "--crate-name", "drift-test", "--no-verify"];
    let check = ["codegen", "--check", "--spec", spec_arg, "--out", out_arg, "--crate-name", "drift-test"];

    assert!(xtask(&generate).status.success());
    assert!(xtask(&check).status.success(), "a fresh tree must pass the check");

    let edited = original.replacen(
        "This will get a snapshot of a single workstream_event.",
        "This will get a snapshot of a single workstream_event!",
        1,
    );
    assert_ne!(edited, original, "the description to edit is in the spec");
    std::fs::write(&spec, edited).unwrap();
    let failed = xtask(&check);
    let report = text(&failed);
    assert!(!failed.status.success(), "an edited description must fail the check");
    assert!(report.contains("changed: ") && report.contains("src/apis/workstream_event_api.rs"), "{report}");
    assert!(report.contains("+    /// This will get a snapshot of a single workstream_event!"), "{report}");
    assert!(report.contains("Run `cargo xtask codegen --spec"), "the report names the fixing command:\n{report}");

    assert!(xtask(&generate).status.success());
    assert!(xtask(&check).status.success(), "after codegen the check passes again");

    std::fs::write(scratch.join("out/src/orphan.rs"), "// not generated\n").unwrap();
    std::fs::remove_file(scratch.join("out/src/lib.rs")).unwrap();
    let report = text(&xtask(&check));
    assert!(report.contains("orphan:  ") && report.contains("src/orphan.rs"), "{report}");
    assert!(report.contains("missing: ") && report.contains("src/lib.rs"), "{report}");
}
