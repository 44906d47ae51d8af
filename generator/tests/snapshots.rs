//! Snapshot tests: each fixture spec under `tests/fixtures/` exercises one construct; its generated files are
//! compared with `tests/snapshots/<fixture>.txt`. A mismatch prints a diff; `UPDATE_SNAPSHOTS=1 cargo test`
//! accepts the new output. Bad specs under `tests/fixtures/bad/` snapshot their error text instead; a bad spec
//! `<fixture>.yaml` with a `<fixture>.overlay.yaml` beside it is generated with that overlay applied. Fixtures named
//! in `FEATURE_FIXTURES` get one cargo feature per tag, and the compile test checks each of those features alone.

mod support;

use generator::{generate, Options, OverlaySource};
use std::path::{Path, PathBuf};

/// Files that are the same for every spec (copied from templates/static as written); the Pieces crate covers them.
const SPEC_INDEPENDENT: &[&str] = &["src/error.rs", "src/runtime/", "src/websocket.rs", "src/discovery.rs"];

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

fn options(name: &str) -> Options {
    Options {
        crate_name: format!("fixture-{name}"),
        spec_path: format!("generator/tests/fixtures/{name}.yaml"),
        command: "cargo test -p openapi-client-generator".to_owned(),
        standalone: false,
        conformance_test: false,
        overlays: Vec::new(),
        features_per_tag: FEATURE_FIXTURES.contains(&name),
    }
}

/// Fixtures generated with one cargo feature per tag (`Options::features_per_tag`); the compile test also checks
/// each of their tag features alone.
const FEATURE_FIXTURES: &[&str] = &["features"];

fn assert_snapshot(name: &str, actual: &str) {
    support::assert_snapshot(&fixtures_dir().join("snapshots").join(format!("{name}.txt")), actual);
}

/// All generated files of a fixture in one text, each under a `==> path <==` line.
fn generate_fixture(name: &str) -> std::collections::BTreeMap<String, String> {
    let spec = std::fs::read_to_string(fixtures_dir().join("fixtures").join(format!("{name}.yaml"))).unwrap();
    match generate(&spec, &options(name)) {
        Ok(generated) => {
            assert!(generated.files.len() > 5, "fixture {name} generated too little");
            generated.files
        }
        Err(error) => panic!("fixture {name} failed to generate:\n{error}"),
    }
}

fn snapshot_text(files: &std::collections::BTreeMap<String, String>) -> String {
    files
        .iter()
        .filter(|(path, _)| !SPEC_INDEPENDENT.iter().any(|independent| path.starts_with(independent)))
        .map(|(path, contents)| format!("==> {path} <==\n{contents}\n"))
        .collect()
}

macro_rules! snapshot_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                let files = generate_fixture(stringify!($name));
                assert_snapshot(stringify!($name), &snapshot_text(&files));
            }
        )*

        /// Every fixture names itself here, so the compile test covers them all.
        const GOOD_FIXTURES: &[&str] = &[$(stringify!($name)),*];
    };
}

snapshot_tests!(recursion, enums, maps, nullable, keywords, responses, parameters, bodies, security, composition, derives, adversarial, references, integer_bounds, forms, shared_union, openapi31, repairs, features);

macro_rules! error_snapshot_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                let fixture = stringify!($name).trim_start_matches("bad_");
                let spec_path = format!("generator/tests/fixtures/bad/{fixture}.yaml");
                let spec = std::fs::read_to_string(fixtures_dir().join("fixtures/bad").join(format!("{fixture}.yaml"))).unwrap();
                let overlay_file = format!("fixtures/bad/{fixture}.overlay.yaml");
                let overlays = std::fs::read_to_string(fixtures_dir().join(&overlay_file))
                    .map(|text| vec![OverlaySource { path: format!("generator/tests/{overlay_file}"), text }])
                    .unwrap_or_default();
                let options = Options { spec_path, overlays, ..options(fixture) };
                let error = generate(&spec, &options).expect_err("a bad spec must not generate");
                assert_snapshot(&format!("bad/{fixture}"), &format!("{error}\n"));
            }
        )*
    };
}

error_snapshot_tests!(bad_swagger2, bad_broken_refs, bad_not_a_spec, bad_reference_cycle, bad_broken_overlay);

#[test]
fn generation_is_deterministic() {
    for name in GOOD_FIXTURES {
        assert_eq!(generate_fixture(name), generate_fixture(name), "fixture {name} differs between two runs");
    }
}

/// Generates every good fixture into one scratch workspace and runs `cargo clippy -D warnings` on it, so that
/// each construct is known to compile cleanly, not only to look as the snapshot says; then runs the round trips of
/// `tests/fixture_round_trips` and compiles the examples of their Markdown docs (`cargo test --doc`).
#[test]
fn fixture_crates_compile_without_warnings() {
    let scratch = support::workspace_root().join("target/fixture-crates");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).unwrap();
    for name in GOOD_FIXTURES {
        generator::emit::write(&scratch.join(name), &generate_fixture(name)).unwrap();
    }
    // A crate of round trips through the models of some fixtures (`tests/fixture_round_trips`) joins them.
    let round_trips = fixtures_dir().join("fixture_round_trips");
    for file in ["Cargo.toml", "src/lib.rs"] {
        std::fs::create_dir_all(scratch.join("round_trips/src")).unwrap();
        std::fs::copy(round_trips.join(file), scratch.join("round_trips").join(file)).unwrap();
    }
    let mut members: Vec<String> = GOOD_FIXTURES.iter().map(|name| (*name).to_owned()).collect();
    members.push("round_trips".to_owned());
    if let Err(report) = support::clippy_scratch_workspace(&scratch, &members) {
        panic!("fixture crates do not compile cleanly:\n{report}");
    }
    if let Err(report) = support::test_scratch_package(&scratch, "fixture-round-trips") {
        panic!("round trips through the fixture models fail:\n{report}");
    }
    if let Err(report) = support::doctest_scratch_workspace(&scratch) {
        panic!("the doc examples of the fixture crates do not compile:\n{report}");
    }
    // A crate with tag features must compile cleanly with any one of them alone: each tag's models are all there,
    // and nothing the other tags use is left unused.
    for name in FEATURE_FIXTURES {
        let spec = std::fs::read_to_string(fixtures_dir().join("fixtures").join(format!("{name}.yaml"))).unwrap();
        let generated = generate(&spec, &options(name)).unwrap();
        assert!(!generated.tag_features.is_empty(), "fixture {name} has tag features");
        for feature in &generated.tag_features {
            if let Err(report) =
                support::clippy_scratch_crate_with_features(&scratch, &format!("fixture-{name}"), &feature.name)
            {
                panic!("fixture {name} does not compile cleanly with only the feature `{}`:\n{report}", feature.name);
            }
        }
    }
}
