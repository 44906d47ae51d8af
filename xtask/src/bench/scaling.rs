//! Part 2: scaling. Synthetic specs made of the Pieces spec copied 1, 2, 4 and 8 times (schemas, parameters,
//! bodies, responses and operations under new names); our codegen time should grow in proportion.

use super::codegen::Tool;
use super::measure::{median, summary, Sample};
use super::Dirs;
use serde_json::Value;
use std::path::Path;

const FACTORS: &[usize] = &[1, 2, 4, 8];

pub fn run(dirs: &Dirs, ours: &Path, runs: usize) -> Result<String, String> {
    let text = std::fs::read_to_string(dirs.root.join("spec/pieces-os.yaml")).map_err(|error| error.to_string())?;
    let spec: Value = serde_yaml::from_str(&text).map_err(|error| format!("spec/pieces-os.yaml: {error}"))?;
    let scaling_dir = dirs.work.join("scaling");
    std::fs::create_dir_all(&scaling_dir).map_err(|error| error.to_string())?;
    let mut specs = Vec::new();
    for &factor in FACTORS {
        let path = scaling_dir.join(format!("pieces-x{factor}.json"));
        let scaled = scale(&spec, factor);
        let operations = count_operations(&scaled);
        let schemas = scaled["components"]["schemas"].as_object().map_or(0, serde_json::Map::len);
        std::fs::write(&path, serde_json::to_string(&scaled).map_err(|error| error.to_string())?)
            .map_err(|error| error.to_string())?;
        specs.push((factor, path, operations, schemas));
    }
    let mut samples: Vec<Vec<Sample>> = vec![Vec::new(); specs.len()];
    for run in 0..runs {
        for offset in 0..specs.len() {
            let index = (run + offset) % specs.len();
            let (factor, path, ..) = &specs[index];
            let out = scaling_dir.join(format!("out-x{factor}"));
            let log = scaling_dir.join(format!("x{factor}.log"));
            let sample = Tool::ours(ours).generate(&dirs.root, path, &out, &log)?;
            if !sample.succeeded() {
                return Err(format!("codegen of {} failed; see {}", path.display(), log.display()));
            }
            eprintln!("scaling x{factor}: {sample:?}");
            samples[index].push(sample);
        }
    }
    let base = median(&samples[0].iter().map(|sample| sample.seconds).collect::<Vec<_>>());
    let mut report = String::from(
        "## Scaling: Pieces copied 1x to 8x\n\n`cargo xtask bench --only scaling`: our codegen, sizes alternating run by run.\n\n\
         | size | operations | schemas | generated lines | wall time | peak memory | time per 1x of spec |\n|---|---|---|---|---|---|---|\n",
    );
    for ((factor, _, operations, schemas), samples) in specs.iter().zip(&samples) {
        let seconds: Vec<f64> = samples.iter().map(|sample| sample.seconds).collect();
        let memory: Vec<f64> = samples.iter().map(|sample| sample.peak_kb as f64 / 1024.0).collect();
        let lines = super::measure::rust_lines(&scaling_dir.join(format!("out-x{factor}/src")));
        report.push_str(&format!(
            "| {factor}x | {operations} | {schemas} | {lines} | {} | {} | {:.2} of 1x |\n",
            summary(&seconds, "s"),
            summary(&memory, "MB"),
            median(&seconds) / *factor as f64 / base,
        ));
    }
    Ok(report + "\n")
}

/// The spec with `factor - 1` renamed copies of its components and paths added.
fn scale(spec: &Value, factor: usize) -> Value {
    let mut scaled = spec.clone();
    for copy in 1..factor {
        let suffix = format!("Copy{copy}");
        if let Some(Value::Object(components)) = spec.get("components") {
            for (section, entries) in components {
                let Value::Object(entries) = entries else { continue };
                for (name, entry) in entries {
                    let renamed = rename_references(entry, &suffix);
                    if let Some(Value::Object(target)) = scaled["components"].get_mut(section) {
                        target.insert(format!("{name}{suffix}"), renamed);
                    }
                }
            }
        }
        if let Some(Value::Object(paths)) = spec.get("paths") {
            for (path, item) in paths {
                let mut item = rename_references(item, &suffix);
                if let Value::Object(methods) = &mut item {
                    for operation in methods.values_mut() {
                        if let Some(Value::String(id)) = operation.get_mut("operationId") {
                            id.push_str(&format!("_copy{copy}"));
                        }
                    }
                }
                if let Some(Value::Object(target)) = scaled.get_mut("paths") {
                    target.insert(format!("/copy{copy}{path}"), item);
                }
            }
        }
    }
    scaled
}

/// A copy of a value whose component references (`#/components/<section>/<name>`) point at the renamed copies.
fn rename_references(value: &Value, suffix: &str) -> Value {
    match value {
        Value::String(text) if text.starts_with("#/components/") => Value::String(format!("{text}{suffix}")),
        Value::Array(items) => Value::Array(items.iter().map(|item| rename_references(item, suffix)).collect()),
        Value::Object(entries) => {
            Value::Object(entries.iter().map(|(key, value)| (key.clone(), rename_references(value, suffix))).collect())
        }
        other => other.clone(),
    }
}

fn count_operations(spec: &Value) -> usize {
    let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    spec["paths"].as_object().map_or(0, |paths| {
        paths.values().map(|item| methods.iter().filter(|method| item.get(**method).is_some()).count()).sum()
    })
}

#[cfg(test)]
mod tests {
    use super::scale;
    use serde_json::json;

    #[test]
    fn copies_rename_components_references_and_operations() {
        let spec = json!({
            "paths": {"/a": {"get": {"operationId": "getA", "responses": {"200": {"$ref": "#/components/responses/R"}}}}},
            "components": {"schemas": {"S": {"type": "string"}}, "responses": {"R": {"description": "r", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/S"}}}}}}
        });
        let scaled = scale(&spec, 2);
        assert_eq!(scaled["paths"]["/copy1/a"]["get"]["operationId"], "getA_copy1");
        assert_eq!(scaled["paths"]["/copy1/a"]["get"]["responses"]["200"]["$ref"], "#/components/responses/RCopy1");
        assert_eq!(scaled["components"]["responses"]["RCopy1"]["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/SCopy1");
        assert_eq!(scaled["paths"]["/a"]["get"]["operationId"], "getA", "the original stays");
    }
}
