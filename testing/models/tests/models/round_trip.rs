//! The property test: random valid instances of every component schema decode, encode, and compare equal to the
//! input as JSON values, with unknown properties at every level, unknown enum values, `null` where nullable and
//! optional properties both present and absent. Seeded: a failure names the schema and seed and prints the JSON.

use crate::schemas::{round_trip, SCHEMA_NAMES};
use model_tests::compare::json_difference;
use model_tests::instances::{InstanceGenerator, Options};
use model_tests::Spec;
use serde_json::Value;

const BASE_SEED: u64 = 0x5EED_0004;
const INSTANCES_PER_SCHEMA: u64 = 6;

/// The options of instance `index`: sparse, medium and dense objects in turn.
fn options_for(index: u64) -> Options {
    let presence_percent = [20, 50, 90][(index % 3) as usize];
    Options { presence_percent, max_depth: if presence_percent == 90 { 3 } else { 4 }, ..Options::default() }
}

/// The seed of instance `index` of schema number `schema_index`, printed with any failure.
pub fn seed_for(schema_index: usize, index: u64) -> u64 {
    BASE_SEED ^ ((schema_index as u64) << 16) ^ index
}

#[test]
fn every_schema_round_trips_losslessly() {
    let spec = Spec::load();
    assert_eq!(SCHEMA_NAMES.len(), spec.schemas.len(), "one model per component schema");
    assert_eq!(SCHEMA_NAMES.len(), 597);
    let mut failures = Vec::new();
    let (mut instances, mut bytes) = (0, 0);
    for (schema_index, schema_name) in SCHEMA_NAMES.iter().enumerate() {
        for index in 0..INSTANCES_PER_SCHEMA {
            let seed = seed_for(schema_index, index);
            let input = InstanceGenerator::new(&spec, seed, options_for(index)).instance(schema_name);
            let text = input.to_string();
            instances += 1;
            bytes += text.len();
            let problem = match round_trip(schema_name, &text) {
                Err(error) => Some(format!("decoding failed {error}")),
                Ok(output) => {
                    let output: Value = serde_json::from_str(&output).expect("the client writes JSON");
                    json_difference(&input, &output).map(|difference| format!("changed: {difference}"))
                }
            };
            if let Some(problem) = problem {
                failures.push(format!("schema {schema_name} (seed {seed:#x}): {problem}\n  input: {text}"));
            }
        }
    }
    println!("{instances} instances of {} schemas, {bytes} bytes of JSON, {} failures", SCHEMA_NAMES.len(), failures.len());
    let shown: Vec<&String> = failures.iter().take(10).collect();
    assert!(failures.is_empty(), "{} of {instances} round trips failed; the first ones:\n{shown:#?}", failures.len());
}
