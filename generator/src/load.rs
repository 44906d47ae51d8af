//! Loading: spec text (YAML or JSON) -> `openapiv3::OpenAPI`. The only user of serde_yaml, so it stays swappable.

use crate::diag::Diagnostic;
use openapiv3::OpenAPI;

/// Parses a spec, checking first that it is an OpenAPI 3.0 document so that other versions get a clear error.
pub fn load(text: &str) -> Result<OpenAPI, Diagnostic> {
    let document: serde_json::Value = if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|error| {
            Diagnostic::error("#", format!("the spec is not valid JSON: {error}"))
                .with_hint("fix the syntax error at the line and column given")
        })?
    } else {
        serde_yaml::from_str(text).map_err(|error| {
            Diagnostic::error("#", format!("the spec is not valid YAML: {error}"))
                .with_hint("fix the syntax error at the line and column given")
        })?
    };
    check_version(&document)?;
    serde_path_to_error::deserialize(&document).map_err(|error| {
        let pointer = pointer_of(error.path());
        Diagnostic::error(pointer, format!("this is not a valid OpenAPI 3.0 construct: {}", error.inner()))
            .with_hint("compare the construct with the OpenAPI 3.0 specification; a misspelt or misplaced key is the usual cause")
    })
}

fn check_version(document: &serde_json::Value) -> Result<(), Diagnostic> {
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

    #[test]
    fn rejects_other_versions_clearly() {
        let error = load("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap_err();
        assert!(error.message.contains("Swagger 2.0"), "{error}");
        let error = load("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap_err();
        assert!(error.message.contains("OpenAPI 3.1.0"), "{error}");
    }

    #[test]
    fn names_the_pointer_of_a_bad_construct() {
        let error = load("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n").unwrap_err();
        // serde_path_to_error cannot see through openapiv3's flattened maps, so the pointer stops at `paths`.
        assert!(error.pointer.starts_with("#/paths"), "{error}");
    }
}
