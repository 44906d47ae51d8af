//! Support for the model tests: random valid instances of the spec's schemas, and JSON comparison.
//!
//! Instances are built from the spec text itself (read with serde_yaml), not from the generator's IR, so that a
//! mistake in lowering (a lost `nullable`, a wrong type) shows up as a failed round trip instead of being
//! repeated by the test. Everything is seeded: the same seed gives the same instances on every machine.

pub mod compare;
pub mod instances;
pub mod rng;

use serde_json::{Map, Value};
use std::path::PathBuf;

/// The spec the client was generated from.
pub fn spec_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../spec/pieces-os.yaml")
}

/// The component schemas of the spec, by name, in spec order.
pub struct Spec {
    pub schemas: Map<String, Value>,
}

impl Spec {
    pub fn load() -> Spec {
        let text = std::fs::read_to_string(spec_path()).expect("read spec/pieces-os.yaml");
        let document: Value = serde_yaml::from_str(&text).expect("the spec is YAML");
        let schemas = document
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .cloned()
            .expect("the spec has components/schemas");
        Spec { schemas }
    }

    pub fn schema(&self, name: &str) -> &Value {
        self.schemas
            .get(name)
            .unwrap_or_else(|| panic!("no schema named `{name}` in the spec"))
    }

    /// The schema a `$ref` points to.
    pub fn resolve<'spec>(&'spec self, reference: &str) -> &'spec Value {
        let name = reference
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("unsupported reference `{reference}`"));
        self.schema(name)
    }
}
