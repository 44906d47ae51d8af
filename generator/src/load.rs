//! Loading: spec text (YAML or JSON) -> `openapiv3::OpenAPI`. The only user of serde_yaml, so it stays swappable.

use crate::diag::Diagnostic;
use openapiv3::OpenAPI;

mod constructs;

use crate::diag::Diagnostics;
use crate::ir::ptr::Pointer;
use constructs::{children, construct_of, Construct};
use serde_json::Value;

/// Parses a spec, checking first that it is an OpenAPI 3.0 document so that other versions get a clear error.
/// Mistakes whose intent is clear are repaired with a warning; every construct that still cannot be read is
/// reported at its own pointer. Returns `None` when there were errors.
pub fn load(text: &str, diagnostics: &mut Diagnostics) -> Option<OpenAPI> {
    let mut document = match parse(text).and_then(|document| check_version(&document).map(|()| document)) {
        Ok(document) => document,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            return None;
        }
    };
    repair(&mut document, &mut Vec::new(), &Pointer::root(), diagnostics);
    match serde_path_to_error::deserialize(&document) {
        Ok(spec) => Some(spec),
        Err(error) => {
            let mut found = Vec::new();
            locate(&document, &mut Vec::new(), &Pointer::root(), &mut found);
            if found.is_empty() {
                found.push(invalid(pointer_of(error.path()), &error.inner().to_string()));
            }
            for diagnostic in found {
                diagnostics.push(diagnostic);
            }
            None
        }
    }
}

fn parse(text: &str) -> Result<Value, Diagnostic> {
    if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|error| {
            Diagnostic::error("#", format!("the spec is not valid JSON: {error}"))
                .with_hint("fix the syntax error at the line and column given")
        })
    } else {
        serde_yaml::from_str(text).map_err(|error| {
            Diagnostic::error("#", format!("the spec is not valid YAML: {error}"))
                .with_hint("fix the syntax error at the line and column given")
        })
    }
}

fn invalid(pointer: String, message: &str) -> Diagnostic {
    Diagnostic::error(pointer, format!("this is not a valid OpenAPI 3.0 construct: {message}"))
        .with_hint("compare the construct with the OpenAPI 3.0 specification; a misspelt or misplaced key is the usual cause")
}

/// Reports the innermost constructs that cannot be read, each at its own pointer. Returns whether it found any.
fn locate(node: &Value, keys: &mut Vec<String>, pointer: &Pointer, found: &mut Vec<Diagnostic>) -> bool {
    let own = construct_of(node, keys).map(|construct| construct.check(node));
    if let Some(Ok(())) = own {
        return false;
    }
    let mut found_inside = false;
    for (key, child) in children(node) {
        let child_pointer = pointer.push(&key);
        keys.push(key);
        found_inside |= locate(child, keys, &child_pointer, found);
        keys.pop();
    }
    match own {
        Some(Err((path, message))) if !found_inside => {
            let pointer = path.iter().fold(pointer.clone(), |pointer, key| pointer.push(key));
            found.push(invalid(pointer.to_string(), &message));
            true
        }
        _ => found_inside,
    }
}

/// Repairs mistakes whose intent is clear, warning about each: a parameter's `required: optional` (or `"true"`,
/// `"false"`, `yes`, `no`) is read as the boolean it means; a server variable's numbers (`enum: [80, 443]`) as text.
fn repair(node: &mut Value, keys: &mut Vec<String>, pointer: &Pointer, diagnostics: &mut Diagnostics) {
    if is_server_variable(keys) {
        repair_server_variable(node, pointer, diagnostics);
    }
    if construct_of(node, keys) == Some(Construct::Parameter) {
        if let Some(required) = node.get_mut("required") {
            let meant = match required.as_str().map(str::to_ascii_lowercase).as_deref() {
                Some("true" | "yes" | "required") => Some(true),
                Some("false" | "no" | "optional") => Some(false),
                _ => None,
            };
            if let Some(meant) = meant {
                diagnostics.push(
                    Diagnostic::warning(
                        pointer.push("required").as_str(),
                        format!("`required: {}` is not a boolean; read as `{meant}`", display(required)),
                    )
                    .with_hint(format!("write `required: {meant}`")),
                );
                *required = Value::Bool(meant);
            }
        }
    }
    let keys_of_children: Vec<String> = children(node).into_iter().map(|(key, _)| key).collect();
    for key in keys_of_children {
        let child = match node {
            Value::Object(entries) => entries.get_mut(&key),
            Value::Array(items) => key.parse::<usize>().ok().and_then(|index| items.get_mut(index)),
            _ => None,
        };
        if let Some(child) = child {
            let child_pointer = pointer.push(&key);
            keys.push(key);
            repair(child, keys, &child_pointer, diagnostics);
            keys.pop();
        }
    }
}

/// `servers/N/variables/NAME`, at the top, in a path item or in an operation.
fn is_server_variable(keys: &[String]) -> bool {
    let length = keys.len();
    length >= 4 && keys[length - 2] == "variables" && keys[length - 4] == "servers"
}

fn repair_server_variable(variable: &mut Value, pointer: &Pointer, diagnostics: &mut Diagnostics) {
    let Value::Object(entries) = variable else { return };
    let mut repaired = false;
    if let Some(default) = entries.get_mut("default") {
        repaired |= number_to_text(default);
    }
    if let Some(Value::Array(values)) = entries.get_mut("enum") {
        for value in values {
            repaired |= number_to_text(value);
        }
    }
    if repaired {
        diagnostics.push(
            Diagnostic::warning(pointer.as_str(), "server variable values must be strings; numbers are read as text")
                .with_hint("quote the values, e.g. `enum: ['80', '443']`"),
        );
    }
}

fn number_to_text(value: &mut Value) -> bool {
    match value {
        Value::Number(number) => {
            *value = Value::String(number.to_string());
            true
        }
        _ => false,
    }
}

fn check_version(document: &Value) -> Result<(), Diagnostic> {
    let hint = "this generator reads OpenAPI 3.0.0 to 3.0.4 documents; convert the document (e.g. with swagger2openapi) or declare `openapi: 3.0.3` if it only uses 3.0 features";
    if let Some(version) = document.get("swagger") {
        return Err(Diagnostic::error("#/swagger", format!("found a Swagger {} document", display(version))).with_hint(hint));
    }
    match document.get("openapi") {
        None => Err(Diagnostic::error("#", "the document has no `openapi` version field").with_hint(hint)),
        Some(serde_json::Value::String(version)) if version.starts_with("3.0") => Ok(()),
        Some(version) => Err(Diagnostic::error("#/openapi", format!("found an OpenAPI {} document", display(version))).with_hint(hint)),
    }
}

fn display(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Turns serde's path (`paths./pets.get`) into a JSON pointer (`#/paths/~1pets/get`).
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = crate::ir::ptr::Pointer::root();
    for segment in path.iter() {
        pointer = match segment {
            Segment::Seq { index } => pointer.push(index.to_string()),
            Segment::Map { key } => pointer.push(key),
            Segment::Enum { variant } => pointer.push(variant),
            Segment::Unknown => pointer,
        };
    }
    pointer.to_string()
}

#[cfg(test)]
mod tests {
    use super::load;
    use crate::diag::{Diagnostics, Severity};

    fn load_errors(text: &str) -> Vec<crate::diag::Diagnostic> {
        let mut diagnostics = Diagnostics::default();
        assert!(load(text, &mut diagnostics).is_none(), "the spec should not load");
        diagnostics.items
    }

    #[test]
    fn rejects_other_versions_clearly() {
        let errors = load_errors("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n");
        assert!(errors[0].message.contains("Swagger 2.0"), "{}", errors[0]);
        let errors = load_errors("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n");
        assert!(errors[0].message.contains("OpenAPI 3.1.0"), "{}", errors[0]);
    }

    #[test]
    fn names_the_pointer_of_every_bad_construct() {
        let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters:\n        - {name: x, in: query, schema: {type: string, minLength: many}}\n      responses: {}\n  /b:\n    get:\n      responses: 7\n";
        let pointers: Vec<String> = load_errors(spec).into_iter().map(|error| error.pointer).collect();
        assert_eq!(pointers, ["#/paths/~1a/get/parameters/0/schema", "#/paths/~1b/get/responses"]);
    }

    #[test]
    fn reads_required_optional_as_false_with_a_warning() {
        let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters:\n        - {name: x, in: query, required: optional, schema: {type: string}}\n      responses: {}\n";
        let mut diagnostics = Diagnostics::default();
        let spec = load(spec, &mut diagnostics).expect("repaired");
        assert_eq!(diagnostics.items.len(), 1);
        assert_eq!(diagnostics.items[0].severity, Severity::Warning);
        assert_eq!(diagnostics.items[0].pointer, "#/paths/~1a/get/parameters/0/required");
        let operation = spec.paths.paths["/a"].as_item().unwrap().get.as_ref().unwrap();
        assert!(!operation.parameters[0].as_item().unwrap().parameter_data_ref().required);
    }
}
