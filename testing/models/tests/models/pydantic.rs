//! The cross-check with the Python SDK (pieces_os_client 4.2.0, pydantic 1.x), the wire oracle: for a few
//! thousand generated instances (no unknown properties or enum values), the JSON our models write is accepted by
//! the matching pydantic model, and what pydantic writes back decodes in Rust to an equal value.
//!
//! Runs only when `PIECES_PYTHON` names a python with pieces_os_client installed
//! (`scripts/test.sh` makes one: the wire tests' venv, `target/wire/venv`). Every disagreement must be one of the known kinds below,
//! each with its reason; the full list goes to `target/pydantic-cross-check.txt`.

use crate::round_trip::seed_for;
use crate::schemas::{round_trip, same_value, SCHEMA_NAMES};
use model_tests::compare::json_difference;
use model_tests::instances::{InstanceGenerator, Options};
use model_tests::Spec;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

const INSTANCES_PER_SCHEMA: u64 = 5;

/// A disagreement kind and why it happens, matched against what a disagreement looks like.
struct KnownDisagreement {
    kind: &'static str,
    reason: &'static str,
    matches: fn(&Outcome) -> bool,
}

/// What happened to one instance.
#[derive(Debug)]
struct Outcome {
    schema: String,
    /// `pydantic rejects`, `theirs does not decode`, `values differ`.
    what: &'static str,
    detail: String,
    writer: String,
}

const KNOWN: &[KnownDisagreement] = &[
    KnownDisagreement {
        kind: "absent nullable property written as null",
        reason: "the SDK's from_dict passes every property to parse_obj, so pydantic counts an absent nullable \
                 property as set, and to_json writes it as null: absent and null are one thing to the SDK",
        matches: |outcome| outcome.what == "values differ" && outcome.detail.ends_with(": unexpected null"),
    },
    KnownDisagreement {
        kind: "date-time fractions beyond microseconds",
        reason: "Python's datetime keeps microseconds, so pydantic cuts nanoseconds off; the Rust models keep them",
        matches: |outcome| outcome.what == "values differ" && differs_only_in_date_time(&outcome.detail),
    },
    KnownDisagreement {
        kind: "the SDK fails on an absent map",
        reason: "the SDK's from_dict calls .items() on a map property even when it is absent (an SDK bug)",
        matches: |outcome| outcome.detail.contains("'NoneType' object has no attribute 'items'"),
    },
    KnownDisagreement {
        kind: "SDK models written for pydantic 2",
        reason: "a few 4.2.0 SDK modules use pydantic 2 APIs (field_validator, model_validate) while the SDK runs on \
                 pydantic 1.10, so they cannot import or validate at all",
        matches: |outcome| outcome.detail.contains("model_validate") || outcome.detail.contains("not importable"),
    },
    KnownDisagreement {
        kind: "pydantic fills in schema defaults",
        reason: "the SDK writes a property's schema default when it was absent; the Rust models keep it absent",
        matches: |outcome| outcome.what == "values differ" && is_schema_default(&outcome.detail),
    },
];

/// Whether a `values differ` detail is `"<date-time>" != "<date-time>"` for two spellings that differ only in
/// how many fractional digits they keep.
fn differs_only_in_date_time(detail: &str) -> bool {
    let Some((_, values)) = detail.split_once(": ") else {
        return false;
    };
    let Some((ours, theirs)) = values.split_once(" != ") else {
        return false;
    };
    let parse = |text: &str| chrono::DateTime::parse_from_rfc3339(text.trim_matches('"')).ok();
    match (parse(ours), parse(theirs)) {
        (Some(ours), Some(theirs)) => (ours - theirs)
            .num_microseconds()
            .is_some_and(|micros| micros.abs() < 1),
        _ => false,
    }
}

/// Whether a `values differ` detail is `$.….<property>: unexpected <value>` where the spec gives some property
/// of that name exactly that `default`.
fn is_schema_default(detail: &str) -> bool {
    static DEFAULTS: std::sync::OnceLock<Vec<(String, Value)>> = std::sync::OnceLock::new();
    let defaults = DEFAULTS.get_or_init(|| {
        let spec = Spec::load();
        let mut defaults = Vec::new();
        for schema in spec.schemas.values() {
            for (name, property) in schema
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                if let Some(default) = property.get("default") {
                    defaults.push((name.clone(), default.clone()));
                }
            }
        }
        defaults
    });
    let Some((path, value)) = detail.split_once(": unexpected ") else {
        return false;
    };
    let property = path.rsplit('.').next().unwrap_or_default();
    let Ok(value) = serde_json::from_str::<Value>(value) else {
        return false;
    };
    defaults
        .iter()
        .any(|(name, default)| name == property && *default == value)
}

fn target_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target")
}

#[test]
fn pydantic_accepts_what_we_write_and_we_read_what_it_writes() {
    let Some(python) = std::env::var_os("PIECES_PYTHON") else {
        eprintln!("skipped: set PIECES_PYTHON to a python with pieces_os_client 4.2.0 (scripts/test.sh sets it)");
        return;
    };
    let spec = Spec::load();
    let options = Options {
        unknown_properties: false,
        unknown_enum_values: false,
        ..Options::default()
    };
    let mut ours = Vec::new();
    let mut input = String::new();
    for (schema_index, schema_name) in SCHEMA_NAMES.iter().enumerate() {
        for index in 0..INSTANCES_PER_SCHEMA {
            let seed = seed_for(schema_index, index) ^ 0xC0FFEE;
            let instance = InstanceGenerator::new(&spec, seed, options.clone()).instance(schema_name);
            let written = round_trip(schema_name, &instance.to_string()).expect("our own instance decodes");
            input.push_str(&json!({"schema": schema_name, "json": written}).to_string());
            input.push('\n');
            ours.push((schema_name, written));
        }
    }
    let directory = target_dir().join("pydantic-cross-check");
    std::fs::create_dir_all(&directory).unwrap();
    let (input_path, output_path) = (directory.join("ours.jsonl"), directory.join("theirs.jsonl"));
    std::fs::write(&input_path, input).unwrap();
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../python-models/cross_check.py");
    let status = Command::new(&python)
        .arg(&script)
        .arg(&input_path)
        .arg(&output_path)
        .status()
        .unwrap();
    assert!(status.success(), "{} failed", script.display());
    let theirs: Vec<Value> = std::fs::read_to_string(&output_path)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(theirs.len(), ours.len());

    let mut outcomes = Vec::new();
    let mut agreeing_schemas = std::collections::BTreeSet::new();
    let mut writers: BTreeMap<String, usize> = BTreeMap::new();
    for ((schema, written), result) in ours.iter().zip(&theirs) {
        let writer = result["writer"].as_str().unwrap_or_default().to_owned();
        *writers.entry(writer.clone()).or_default() += 1;
        let outcome = |what, detail| Outcome {
            schema: schema.to_string(),
            what,
            detail,
            writer: writer.clone(),
        };
        if result["accepted"] != true {
            outcomes.push(outcome(
                "pydantic rejects",
                result["error"].as_str().unwrap_or_default().to_owned(),
            ));
            continue;
        }
        let their_text = result["json"].as_str().unwrap();
        match same_value(schema, written, their_text) {
            Err(error) => outcomes.push(outcome("theirs does not decode", error)),
            Ok(true) => {
                agreeing_schemas.insert(schema.to_string());
            }
            Ok(false) => {
                let (mine, their_value): (Value, Value) = (
                    serde_json::from_str(written).unwrap(),
                    serde_json::from_str(their_text).unwrap(),
                );
                let detail = json_difference(&mine, &their_value).unwrap_or_else(|| "equal as JSON".to_owned());
                outcomes.push(outcome("values differ", detail));
            }
        }
    }

    let mut report = format!(
        "{} instances of {} schemas; pydantic wrote them with {writers:?}; {} agree, {} disagreements; \
         {} schemas agree on at least one instance\n",
        ours.len(),
        SCHEMA_NAMES.len(),
        ours.len() - outcomes.len(),
        outcomes.len(),
        agreeing_schemas.len()
    );
    let mut unexplained = Vec::new();
    let mut by_kind: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for outcome in &outcomes {
        match KNOWN.iter().find(|known| (known.matches)(outcome)) {
            Some(known) => {
                *by_kind
                    .entry(known.kind)
                    .or_default()
                    .entry(&outcome.schema)
                    .or_default() += 1
            }
            None => unexplained.push(outcome),
        }
    }
    for known in KNOWN {
        if let Some(schemas) = by_kind.get(known.kind) {
            report.push_str(&format!(
                "\n{} ({} instances): {}\n  schemas: {schemas:?}\n",
                known.kind,
                schemas.values().sum::<usize>(),
                known.reason
            ));
        }
    }
    for outcome in &unexplained {
        let Outcome {
            schema,
            what,
            detail,
            writer,
        } = outcome;
        report.push_str(&format!("\nUNEXPLAINED {schema} ({writer} wrote it): {what}: {detail}"));
    }
    std::fs::write(target_dir().join("pydantic-cross-check.txt"), &report).unwrap();
    println!("{report}");
    assert!(
        unexplained.is_empty(),
        "{} disagreements are not explained:\n{report}",
        unexplained.len()
    );
}
