//! Loading: spec text (YAML or JSON) -> `openapiv3::OpenAPI`. The only user of serde_yaml, so it stays swappable.

use crate::diag::Diagnostic;
use crate::OverlaySource;
use openapiv3::OpenAPI;

mod constructs;
mod document;
mod openapi31;
mod overlay;
mod repair;

use crate::diag::Diagnostics;
use crate::ir::ptr::Pointer;
use constructs::{children, construct_of, segment_key};
use repair::repair;
use serde_json::Value;

/// Parses a spec and applies the overlays, then checks that it is an OpenAPI 3.0 or 3.1 document so that other
/// versions get a clear error; a 3.1 document is normalised into the 3.0 shape that openapiv3 reads. Mistakes
/// whose intent is clear are repaired with a warning; every construct that still cannot be read is reported at
/// its own pointer. Returns `None` when there were errors.
pub fn load(text: &str, overlays: &[OverlaySource], diagnostics: &mut Diagnostics) -> Option<OpenAPI> {
    let mut document = overlaid_document(text, overlays, diagnostics)?;
    if let Err(diagnostic) = check_version(&document) {
        diagnostics.push(diagnostic);
        return None;
    }
    openapi31::normalise(&mut document, diagnostics);
    repair(&mut document, &mut Vec::new(), diagnostics);
    match serde_path_to_error::deserialize(&document) {
        Ok(spec) => Some(spec),
        Err(error) => {
            let mut found = Vec::new();
            locate(&document, &mut Vec::new(), &mut found);
            if found.is_empty() {
                let pointer = Pointer::root().join(error.path().iter().filter_map(segment_key));
                found.push(invalid(pointer.as_str(), &error.inner().to_string()));
            }
            for diagnostic in found {
                diagnostics.push(diagnostic);
            }
            None
        }
    }
}

/// Parses a spec and applies the overlays to it, in order, reporting every overlay error. Returns `None` when the
/// spec cannot be parsed or an overlay cannot be applied.
pub fn overlaid_document(text: &str, overlays: &[OverlaySource], diagnostics: &mut Diagnostics) -> Option<Value> {
    let mut warnings = Vec::new();
    let parsed = parse(text, "spec", &mut warnings);
    for warning in warnings {
        diagnostics.push(warning);
    }
    let mut document = match parsed {
        Ok(document) => document,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            return None;
        }
    };
    overlay::apply_overlays(&mut document, overlays, diagnostics).then_some(document)
}

/// Parses a YAML or JSON document, integers beyond 64 bits included (each with a warning); `what` names the
/// document in the error (`spec`, `overlay`).
pub(crate) fn parse(text: &str, what: &str, warnings: &mut Vec<Diagnostic>) -> Result<Value, Diagnostic> {
    if text.trim_start().starts_with('{') {
        document::parse_json(text, warnings).map_err(|error| {
            Diagnostic::error("#", format!("the {what} is not valid JSON: {error}"))
                .with_hint("fix the syntax error at the line and column given")
        })
    } else {
        document::parse_yaml(text, warnings).map_err(|error| {
            Diagnostic::error("#", format!("the {what} is not valid YAML: {error}"))
                .with_hint("fix the syntax error at the line and column given")
        })
    }
}

fn invalid(pointer: &str, message: &str) -> Diagnostic {
    Diagnostic::error(pointer, format!("this is not a valid OpenAPI 3.0 construct: {message}"))
        .with_hint("compare the construct with the OpenAPI 3.0 specification; a misspelt or misplaced key is the usual cause")
}

/// Reports the innermost constructs that cannot be read, each at its own pointer. Returns whether it found any.
fn locate(node: &Value, keys: &mut Vec<String>, found: &mut Vec<Diagnostic>) -> bool {
    let own = construct_of(node, keys).map(|construct| construct.check(node));
    if let Some(Ok(())) = own {
        return false;
    }
    let mut found_inside = false;
    for (key, child) in children(node) {
        keys.push(key);
        found_inside |= locate(child, keys, found);
        keys.pop();
    }
    match own {
        Some(Err((path, message))) if !found_inside => {
            found.push(invalid(Pointer::root().join(keys.iter().chain(&path)).as_str(), &message));
            true
        }
        _ => found_inside,
    }
}

fn check_version(document: &Value) -> Result<(), Diagnostic> {
    let hint = "this generator reads OpenAPI 3.0.x and 3.1.x documents; convert the document (e.g. with swagger2openapi) or declare `openapi: 3.0.3` if it only uses 3.0 features";
    if let Some(version) = document.get("swagger") {
        return Err(Diagnostic::error("#/swagger", format!("found a Swagger {} document", display(version))).with_hint(hint));
    }
    match document.get("openapi") {
        None => Err(Diagnostic::error("#", "the document has no `openapi` version field").with_hint(hint)),
        Some(serde_json::Value::String(version)) if version.starts_with("3.0") || version.starts_with("3.1") => Ok(()),
        Some(version) => Err(Diagnostic::error("#/openapi", format!("found an OpenAPI {} document", display(version))).with_hint(hint)),
    }
}

fn display(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::load;
    use crate::diag::{Diagnostics, Severity};

    fn load_errors(text: &str) -> Vec<crate::diag::Diagnostic> {
        let mut diagnostics = Diagnostics::default();
        assert!(load(text, &[], &mut diagnostics).is_none(), "the spec should not load");
        diagnostics.items
    }

    #[test]
    fn rejects_other_versions_clearly() {
        let errors = load_errors("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n");
        assert!(errors[0].message.contains("Swagger 2.0"), "{}", errors[0]);
        let errors = load_errors("openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths: {}\n");
        assert!(errors[0].message.contains("OpenAPI 3.2.0"), "{}", errors[0]);
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
        let spec = load(spec, &[], &mut diagnostics).expect("repaired");
        assert_eq!(diagnostics.items.len(), 1);
        assert_eq!(diagnostics.items[0].severity, Severity::Warning);
        assert_eq!(diagnostics.items[0].pointer, "#/paths/~1a/get/parameters/0/required");
        let operation = spec.paths.paths["/a"].as_item().unwrap().get.as_ref().unwrap();
        assert!(!operation.parameters[0].as_item().unwrap().parameter_data_ref().required);
    }
}
