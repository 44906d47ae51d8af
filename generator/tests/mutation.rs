//! No panic on any input: the corpus specs (`../shared/corpus`, `generator/tests/corpus`), mutated at random (keys dropped, types
//! changed, `$ref`s broken or turned into cycles, objects emptied), are fed to the generator, which must return
//! files or errors and never panic. Seeded and reproducible: a failure names the spec, the seed and the mutations.

mod support;

use generator::{generate, Options};
use serde_json::Value;

/// Mutants per spec; the large Nexus spec gets fewer, as each of its runs costs more.
const MUTANTS_PER_SPEC: u64 = 120;
const MUTANTS_OF_LARGE_SPECS: u64 = 8;

/// xorshift64*: small, deterministic, good enough to pick mutations.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }
}

/// Every JSON pointer-like path in the document, as a list of steps (object keys and array indices).
fn paths(value: &Value, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(prefix.clone());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                prefix.push(key.clone());
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                prefix.push(index.to_string());
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

fn at<'a>(value: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |node, step| match node {
        Value::Object(map) => map.get_mut(step),
        Value::Array(items) => step.parse::<usize>().ok().and_then(|index| items.get_mut(index)),
        _ => None,
    })
}

/// Applies one random mutation and describes it.
fn mutate(document: &mut Value, random: &mut Random) -> String {
    let mut all = Vec::new();
    paths(document, &mut Vec::new(), &mut all);
    let path = all[random.below(all.len())].clone();
    let shown = format!("/{}", path.join("/"));
    let replacements = [
        Value::Null,
        Value::Bool(true),
        serde_json::json!(7),
        serde_json::json!("long"),
        serde_json::json!({}),
        serde_json::json!([]),
        serde_json::json!({"$ref": "#/components/schemas/DoesNotExist"}),
        serde_json::json!({"type": "array"}),
        serde_json::json!({"allOf": [{"$ref": "#/components/schemas/Cycle"}]}),
    ];
    match random.below(4) {
        0 if !path.is_empty() => {
            let (parent_path, key) = path.split_at(path.len() - 1);
            if let Some(parent) = at(document, parent_path) {
                match parent {
                    Value::Object(map) => {
                        map.shift_remove(&key[0]);
                    }
                    Value::Array(items) => {
                        if let Ok(index) = key[0].parse::<usize>() {
                            if index < items.len() {
                                items.remove(index);
                            }
                        }
                    }
                    _ => {}
                }
            }
            format!("drop {shown}")
        }
        1 => {
            // A schema that refers to itself: `Cycle` -> `Cycle`, reachable from wherever it is put.
            if let Some(Value::Object(schemas)) = at(document, &["components".into(), "schemas".into()]) {
                schemas.insert("Cycle".into(), serde_json::json!({"allOf": [{"$ref": "#/components/schemas/Cycle"}]}));
            }
            if let Some(node) = at(document, &path) {
                *node = serde_json::json!({"$ref": "#/components/schemas/Cycle"});
            }
            format!("cycle at {shown}")
        }
        _ => {
            let replacement = replacements[random.below(replacements.len())].clone();
            let described = format!("replace {shown} with {replacement}");
            if let Some(node) = at(document, &path) {
                *node = replacement;
            }
            described
        }
    }
}

#[test]
fn mutated_corpus_specs_never_panic_the_generator() {
    let specs = support::corpus_specs();
    assert!(specs.len() >= 19, "the corpus has its 19 specs");
    let options = Options {
        crate_name: "mutant".into(),
        spec_path: "mutant.yaml".into(),
        command: "mutation test".into(),
        standalone: true,
        conformance_test: true,
        overlays: Vec::new(),
        features_per_tag: true,
    };
    let mut runs = 0;
    let mut panics = Vec::new();
    for (spec_index, spec) in specs.iter().enumerate() {
        let text = std::fs::read_to_string(spec).unwrap();
        let original: Value = generator::spec_value(&text).unwrap();
        let mutants = if text.len() > 200_000 { MUTANTS_OF_LARGE_SPECS } else { MUTANTS_PER_SPEC };
        for mutant in 0..mutants {
            let seed = 0x9E37_79B9_7F4A_7C15 ^ ((spec_index as u64) << 32 | mutant);
            let mut random = Random(seed);
            let mut document = original.clone();
            let count = 1 + random.below(3);
            let mutations: Vec<String> = (0..count).map(|_| mutate(&mut document, &mut random)).collect();
            let mutated = serde_json::to_string(&document).unwrap();
            runs += 1;
            if std::env::var_os("MUTATION_TRACE").is_some() {
                eprintln!("{} seed {seed:#x}: {}", spec.display(), mutations.join("; "));
            }
            let outcome = std::panic::catch_unwind(|| generate(&mutated, &options).map(|_| ()));
            if outcome.is_err() {
                panics.push(format!("{} seed {seed:#x}: {}", spec.display(), mutations.join("; ")));
            }
        }
    }
    println!("mutation test: {runs} mutants of {} specs, {} panics", specs.len(), panics.len());
    assert!(panics.is_empty(), "the generator panicked on:\n{}", panics.join("\n"));
}
