//! The real-world corpus (`../shared/corpus` and `generator/tests/corpus`): every spec must either become a crate that passes
//! `cargo clippy -D warnings` and whose doc examples compile, or stop with errors that each name a JSON pointer
//! and a hint; never a panic, never code that does not compile. Prints a table: spec, operations, schemas, generated
//! lines, warnings, codegen time (load to formatted files, in this test's build profile), outcome.

mod support;

use generator::{generate, GenerateError, Options};

/// Specs that are wrong on purpose and must be refused.
const MUST_FAIL: &[&str] = &["oag-rust-test-invalid-types"];

struct Row {
    spec: String,
    operations: String,
    schemas: String,
    lines: String,
    warnings: usize,
    codegen_ms: u128,
    outcome: String,
}

#[test]
fn every_corpus_spec_compiles_or_fails_clearly() {
    let scratch = support::workspace_root().join("target/corpus-crates");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).unwrap();
    let specs = support::corpus_specs();
    let mut rows = Vec::new();
    let mut members = Vec::new();
    let mut problems = Vec::new();
    for spec in &specs {
        let name = spec.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(spec).unwrap();
        let options = Options {
            crate_name: format!("corpus-{name}"),
            spec_path: support::corpus_spec_path(spec),
            command: "cargo test -p openapi-client-generator --test corpus".into(),
            standalone: false,
            conformance_test: false,
            overlays: Vec::new(),
            features_per_tag: false,
        };
        let started = std::time::Instant::now();
        let outcome = generate(&text, &options);
        let codegen_ms = started.elapsed().as_millis();
        match outcome {
            Ok(generated) => {
                let lines: usize = generated.files.values().map(|contents| contents.lines().count()).sum();
                generator::emit::write(&scratch.join(&name), &generated.files).unwrap();
                if MUST_FAIL.contains(&name.as_str()) {
                    problems.push(format!("{name}: generated, but it is invalid on purpose and must be refused"));
                }
                members.push(name.clone());
                rows.push(Row {
                    spec: name,
                    operations: generated.operation_count.to_string(),
                    schemas: generated.model_count.to_string(),
                    lines: lines.to_string(),
                    warnings: generated.warnings.len(),
                    codegen_ms,
                    outcome: "compiles, clippy-clean".into(),
                });
            }
            Err(GenerateError::Spec { diagnostics, .. }) => {
                let errors: Vec<_> =
                    diagnostics.iter().filter(|item| item.severity == generator::diag::Severity::Error).collect();
                if errors.is_empty() || errors.iter().any(|error| !error.pointer.starts_with('#') || error.hint.is_none()) {
                    problems.push(format!("{name}: an error without a JSON pointer or a hint"));
                }
                rows.push(Row {
                    spec: name,
                    operations: "-".into(),
                    schemas: "-".into(),
                    lines: "-".into(),
                    warnings: diagnostics.len() - errors.len(),
                    codegen_ms,
                    outcome: format!("{} clear error(s), first: {}", errors.len(), errors[0].message),
                });
            }
            Err(other) => problems.push(format!("{name}: {other}")),
        }
    }
    if let Err(report) = support::clippy_scratch_workspace(&scratch, &members) {
        problems.push(format!("generated corpus crates do not pass clippy:\n{report}"));
    } else if let Err(report) = support::doctest_scratch_workspace(&scratch) {
        problems.push(format!("the doc examples of the corpus crates do not compile:\n{report}"));
    }
    println!("| spec | operations | schemas | generated lines | warnings | codegen ms | outcome |");
    println!("|---|---|---|---|---|---|---|");
    for row in &rows {
        println!(
            "| {} | {} | {} | {} | {} | {} | {} |",
            row.spec, row.operations, row.schemas, row.lines, row.warnings, row.codegen_ms, row.outcome
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
