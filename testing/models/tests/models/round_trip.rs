//! The property test: random valid instances of every component schema decode, encode, and compare equal to the
//! input as JSON values, with unknown properties at every level, unknown enum values, `null` where nullable and
//! optional properties both present and absent. Seeded: a failure names the schema and seed and prints the JSON.

use crate::schemas::{round_trip, SCHEMA_NAMES};
use model_tests::compare::json_difference;
use model_tests::instances::{InstanceGenerator, Options, UNKNOWN_ENUM_PREFIX, UNKNOWN_PROPERTY_NAMES};
use model_tests::Spec;
use serde_json::Value;

const BASE_SEED: u64 = 0x5EED_0004;
const INSTANCES_PER_SCHEMA: u64 = 6;

/// The options of instance `index`: sparse, medium and dense objects in turn.
fn options_for(index: u64) -> Options {
    let presence_percent = [20, 50, 90][(index % 3) as usize];
    Options {
        presence_percent,
        max_depth: if presence_percent == 90 { 3 } else { 4 },
        ..Options::default()
    }
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
    let mut coverage = Coverage::default();
    for (schema_index, schema_name) in SCHEMA_NAMES.iter().enumerate() {
        for index in 0..INSTANCES_PER_SCHEMA {
            let seed = seed_for(schema_index, index);
            let input = InstanceGenerator::new(&spec, seed, options_for(index)).instance(schema_name);
            let text = input.to_string();
            instances += 1;
            bytes += text.len();
            coverage.count(&input);
            let problem = match round_trip(schema_name, &text) {
                Err(error) => Some(format!("decoding failed {error}")),
                Ok(output) => {
                    let output: Value = serde_json::from_str(&output).expect("the client writes JSON");
                    json_difference(&input, &output).map(|difference| format!("changed: {difference}"))
                }
            };
            if let Some(problem) = problem {
                failures.push(format!(
                    "schema {schema_name} (seed {seed:#x}): {problem}\n  input: {text}"
                ));
            }
        }
    }
    println!(
        "{instances} instances of {} schemas, {bytes} bytes of JSON, {} failures",
        SCHEMA_NAMES.len(),
        failures.len()
    );
    println!("{coverage:?}");
    // The generator must really exercise what the test claims; a weaker one would pass for the wrong reason.
    assert!(
        coverage.unknown_properties > 1000 && coverage.unknown_enum_values > 100,
        "{coverage:?}"
    );
    assert!(
        coverage.nulls > 100 && coverage.absent_optionals > 1000 && coverage.max_depth >= 8,
        "{coverage:?}"
    );
    let shown: Vec<&String> = failures.iter().take(10).collect();
    assert!(
        failures.is_empty(),
        "{} of {instances} round trips failed; the first ones:\n{shown:#?}",
        failures.len()
    );
}

/// What the instances exercised, counted over all of them.
#[derive(Debug, Default)]
struct Coverage {
    unknown_properties: usize,
    unknown_enum_values: usize,
    nulls: usize,
    /// Objects with fewer properties than their schema lists: some optional property was left out.
    absent_optionals: usize,
    max_depth: usize,
}

impl Coverage {
    fn count(&mut self, value: &Value) {
        self.walk(value, 0);
    }

    fn walk(&mut self, value: &Value, depth: usize) {
        self.max_depth = self.max_depth.max(depth);
        match value {
            Value::Null => self.nulls += 1,
            Value::String(text) if text.starts_with(UNKNOWN_ENUM_PREFIX) => self.unknown_enum_values += 1,
            Value::Array(items) => items.iter().for_each(|item| self.walk(item, depth + 1)),
            Value::Object(object) => {
                self.unknown_properties += object
                    .keys()
                    .filter(|key| UNKNOWN_PROPERTY_NAMES.contains(&key.as_str()))
                    .count();
                // Nearly every Pieces struct with an `id` has an optional `schema`: its absence marks a left-out one.
                if object.contains_key("id") && !object.contains_key("schema") {
                    self.absent_optionals += 1;
                }
                object.values().for_each(|item| self.walk(item, depth + 1));
            }
            _ => {}
        }
    }
}
