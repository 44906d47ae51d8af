//! Change report tests: each case under `tests/fixtures/diff/<case>/` is a pair of specs (`old.yaml`,
//! `new.yaml`) whose report (text, then JSON) is compared with `tests/snapshots/diff/<case>.txt`
//! (`UPDATE_SNAPSHOTS=1` accepts a new one). The tests also pin the verdicts and items the issue names, so that a
//! snapshot accepted in a hurry cannot hide a wrong verdict.

mod support;

use generator::diff::{self, ChangeKind, ChangeReport, Verdict};
use generator::Options;
use std::path::{Path, PathBuf};

fn case_dir(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff").join(case)
}

fn options(case: &str, side: &str) -> Options {
    Options {
        crate_name: format!("fixture-{case}"),
        spec_path: format!("generator/tests/fixtures/diff/{case}/{side}.yaml"),
        command: "cargo test -p openapi-client-generator --test diff".to_owned(),
        standalone: false,
        conformance_test: false,
        overlays: Vec::new(),
        features_per_tag: false,
    }
}

fn report(case: &str) -> ChangeReport {
    let lower = |side: &str| {
        let text = std::fs::read_to_string(case_dir(case).join(format!("{side}.yaml"))).unwrap();
        diff::lower_spec(&text, &options(case, side)).unwrap_or_else(|error| panic!("{case}/{side}.yaml: {error}"))
    };
    diff::diff(&lower("old"), &lower("new")).in_crate(&format!("fixture-{case}"))
}

fn check_snapshot(case: &str) -> ChangeReport {
    let report = report(case);
    let json = serde_json::to_string_pretty(&diff::render_json(&report)).unwrap();
    let text = format!("{}\n==> json <==\n{json}\n", diff::render_text(&report));
    support::assert_snapshot(&Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/snapshots/diff/{case}.txt")), &text);
    report
}

fn kinds(report: &ChangeReport) -> Vec<&'static str> {
    let mut kinds: Vec<&str> = report.changes.iter().map(|change| change.kind.id()).collect();
    kinds.dedup();
    kinds
}

#[test]
fn optional_query_parameter_is_minor_and_named() {
    let report = check_snapshot("optional_query_parameter");
    assert_eq!(report.verdict(), Verdict::Minor);
    assert_eq!(report.changes.len(), 1);
    let change = &report.changes[0];
    assert_eq!(change.kind, ChangeKind::OptionalParameterAdded);
    assert_eq!(report.item_path(change), "fixture_optional_query_parameter::apis::pets_api::ListPets::limit");
    assert_eq!(change.pointer, "#/paths/~1pets/get/parameters/1");
    assert!(diff::render_summary(&report).contains("verdict: minor"));
}

#[test]
fn model_removed_is_major_and_names_the_rust_type() {
    let report = check_snapshot("model_removed");
    assert_eq!(report.verdict(), Verdict::Major);
    assert_eq!(kinds(&report), ["model_removed"]);
    assert_eq!(report.item_path(&report.changes[0]), "fixture_model_removed::models::Owner");
    assert!(diff::render_summary(&report).contains("fixture_model_removed::models::Owner"));
}

#[test]
fn enum_value_added_is_minor() {
    let report = check_snapshot("enum_value_added");
    assert_eq!(report.verdict(), Verdict::Minor);
    assert_eq!(kinds(&report), ["enum_value_added"]);
    assert_eq!(report.changes[0].rust_item, "models::PetStatus::Pending");
}

#[test]
fn operations_added_removed_renamed_moved() {
    let report = check_snapshot("operations");
    assert_eq!(report.verdict(), Verdict::Major);
    assert_eq!(
        kinds(&report),
        [
            "operation_removed",
            "operation_renamed",
            "operation_moved",
            "operation_call_style_changed",
            "websocket_message_type_changed",
            "operation_added",
            "tag_added"
        ]
    );
}

#[test]
fn parameters_added_removed_retyped_and_required() {
    let report = check_snapshot("parameters");
    assert_eq!(
        kinds(&report),
        ["required_parameter_added", "parameter_removed", "parameter_type_changed", "parameter_made_required", "parameter_made_optional"]
    );
}

#[test]
fn bodies_added_removed_retyped_and_required() {
    let report = check_snapshot("bodies");
    assert_eq!(
        kinds(&report),
        ["request_body_added_required", "request_body_removed", "request_body_type_changed", "request_body_made_required", "request_body_added_optional"]
    );
}

#[test]
fn responses_success_and_error_changes() {
    let report = check_snapshot("responses");
    assert_eq!(
        kinds(&report),
        ["success_response_type_changed", "error_response_added", "error_response_removed", "error_response_type_changed"]
    );
}

#[test]
fn models_fields_enums_unions_aliases() {
    let report = check_snapshot("models");
    assert_eq!(report.verdict(), Verdict::Major);
    for kind in [
        "model_kind_changed",
        "alias_type_changed",
        "field_added_required",
        "field_added_optional",
        "field_removed",
        "field_type_changed",
        "field_made_required",
        "enum_value_removed",
        "enum_value_order_changed",
        "union_variant_added",
        "union_variant_removed",
        "model_added",
    ] {
        assert!(kinds(&report).contains(&kind), "{kind} missing from {:?}", kinds(&report));
    }
}

#[test]
fn tags_added_and_removed() {
    let report = check_snapshot("tags");
    assert!(kinds(&report).contains(&"tag_removed") && kinds(&report).contains(&"tag_added"));
}

#[test]
fn descriptions_only_is_patch() {
    let report = check_snapshot("descriptions");
    assert_eq!(report.verdict(), Verdict::Patch);
    assert_eq!(kinds(&report), ["description_changed"]);
    assert_eq!(report.changes.len(), 7);
}

#[test]
fn the_same_spec_is_none() {
    let report = check_snapshot("unchanged");
    assert_eq!(report.verdict(), Verdict::None);
    assert!(report.changes.is_empty());
}

/// Every kind has a distinct snake_case id and a sentence for a reason.
#[test]
fn kinds_are_named_once() {
    let mut ids: Vec<&str> = ChangeKind::ALL.iter().map(|kind| kind.id()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), ChangeKind::ALL.len());
    for kind in ChangeKind::ALL {
        assert!(kind.id().chars().all(|character| character.is_ascii_lowercase() || character == '_'));
        assert!(kind.reason().ends_with('.'), "{}", kind.id());
    }
}

/// A real pair: Oxide's Nexus spec as progenitor vendored it in July 2022, and as the corpus has it now. The
/// API grew by about 75 operations, regrouped its tags and reshaped some models; the report must say major and
/// name what broke.
#[test]
fn real_world_nexus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lower = |path: PathBuf, spec_path: &str| {
        let text = std::fs::read_to_string(&path).unwrap();
        let options = Options { spec_path: spec_path.to_owned(), ..options("real_world", "old") };
        diff::lower_spec(&text, &options).unwrap_or_else(|error| panic!("{spec_path}: {error}"))
    };
    let old = lower(root.join("tests/fixtures/diff/real_world/progenitor-nexus-ea5a6a5.json"), "progenitor-nexus-ea5a6a5.json");
    let new = lower(support::workspace_root().join("../shared/corpus/progenitor-nexus.json"), "progenitor-nexus.json");
    let report = diff::diff(&old, &new).in_crate("nexus-client");
    support::assert_snapshot(&root.join("tests/snapshots/diff/real_world_nexus.txt"), &diff::render_text(&report));
    assert_eq!(report.verdict(), Verdict::Major);
    let count = |kind: ChangeKind| report.changes.iter().filter(|change| change.kind == kind).count();
    assert_eq!(count(ChangeKind::OperationRemoved), 10);
    assert_eq!(count(ChangeKind::OperationRenamed), 1);
    assert_eq!(count(ChangeKind::OperationAdded), 75);
    assert!(report.changes.iter().any(|change| report.item_path(change) == "nexus_client::apis::HiddenApi::login_spoof"
        && change.kind == ChangeKind::OperationRenamed));
}

/// The README lists every kind with its severity and reason exactly as the report says them.
#[test]
fn readme_lists_every_kind() {
    let readme = std::fs::read_to_string(support::workspace_root().join("README.md")).unwrap();
    let table = diff::kinds_table();
    assert!(readme.contains(&table), "README.md must contain this table (under \"The change report\"):\n{table}");
}

/// A number inside a model takes `Eq` and `Hash` from it and from every model holding it; a required field takes
/// `Default`. Both break code that used them, which cargo-semver-checks would flag as removed trait impls.
#[test]
fn lost_derived_traits_are_major() {
    let report = check_snapshot("model_traits");
    let removed: Vec<(String, String)> = report
        .changes
        .iter()
        .filter(|change| change.kind == ChangeKind::ModelTraitsRemoved)
        .map(|change| (change.rust_item.clone(), change.detail.clone()))
        .collect();
    assert_eq!(
        removed,
        [
            ("models::Drawing".to_owned(), "`Eq`, `Hash`".to_owned()),
            ("models::Shape".to_owned(), "`Eq`, `Hash`, `Default`".to_owned())
        ]
    );
}

/// Every corpus spec compared with itself says `none`, and with the next spec of the corpus (an unrelated API:
/// everything removed and added) gives a report without panicking.
#[test]
fn corpus_specs_against_themselves_and_each_other() {
    let lowered: Vec<(String, generator::ir::Api)> = support::corpus_specs()
        .into_iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            // The corpus holds one spec that is refused on purpose; it has nothing to compare.
            diff::lower_spec(&text, &Options { spec_path: name.clone(), ..options("corpus", "old") }).ok().map(|api| (name, api))
        })
        .collect();
    assert!(lowered.len() >= 18, "only {} corpus specs lowered", lowered.len());
    for (name, api) in &lowered {
        let report = diff::diff(api, api);
        assert_eq!(report.verdict(), Verdict::None, "{name} against itself:\n{}", diff::render_text(&report));
    }
    for pair in lowered.windows(2) {
        let report = diff::diff(&pair[0].1, &pair[1].1);
        let text = diff::render_text(&report);
        assert!(text.contains("verdict: "), "{} -> {}", pair[0].0, pair[1].0);
        let _ = diff::render_json(&report);
    }
}

/// One kind alone per pair, for `cargo xtask semver-crosscheck`: each severity claimed here is checked against
/// cargo-semver-checks' on the generated crates.
#[test]
fn single_kind_pairs() {
    for (case, kind, verdict) in [
        ("field_added_optional", "field_added_optional", Verdict::Major),
        ("error_response_added", "error_response_added", Verdict::Major),
        ("operation_added", "operation_added", Verdict::Minor),
        // `transfer(from, to)` becomes `transfer(to, from)`: calls still compile and send the accounts swapped.
        ("parameter_order", "parameter_order_changed", Verdict::Major),
    ] {
        let report = check_snapshot(case);
        assert_eq!(kinds(&report), [kind], "{case}");
        assert_eq!(report.verdict(), verdict, "{case}");
    }
}

/// Security schemes are `ClientBuilder` setters and variants of the exhaustive `Scheme` enum; deprecation is a
/// warning, so adding it is minor and removing it patch.
#[test]
fn security_schemes_and_deprecation() {
    let report = check_snapshot("security_and_deprecation");
    assert_eq!(
        kinds(&report),
        ["security_scheme_added", "security_scheme_removed", "security_scheme_changed", "deprecation_added", "deprecation_removed"]
    );
    assert_eq!(report.changes.iter().filter(|change| change.kind == ChangeKind::DeprecationAdded).count(), 2);
}
