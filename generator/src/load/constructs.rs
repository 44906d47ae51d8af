//! Where the spec's constructs sit in the document, so that each can be checked (and repaired) on its own.
//!
//! openapiv3 reads `$ref`-or-item values with untagged enums, which hide the path of an error from
//! serde_path_to_error: a bad parameter is reported at `#/paths`. Checking every construct by itself, at its own
//! pointer, finds the innermost bad one and every one of them in a single run.

use serde_json::Value;

/// An openapiv3 type that a node of the document is read as, known from where the node sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Construct {
    PathItem,
    Operation,
    Parameter,
    Schema,
    Response,
    RequestBody,
    MediaType,
    Header,
    SecurityScheme,
}

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Keys whose values are data (examples, defaults, extensions), never constructs.
pub(super) fn holds_data(key: &str) -> bool {
    matches!(key, "example" | "examples" | "default" | "enum" | "x-example") || key.starts_with("x-")
}

impl Construct {
    /// The construct a node is, given the keys leading to it from the document root.
    pub(super) fn at(keys: &[String]) -> Option<Construct> {
        let last = keys.last()?.as_str();
        let parent = keys.len().checked_sub(2).map(|index| keys[index].as_str());
        let grandparent = keys.len().checked_sub(3).map(|index| keys[index].as_str());
        let construct = match (grandparent, parent, last) {
            (None, Some("paths"), _) => Construct::PathItem,
            (Some("paths"), _, method) if METHODS.contains(&method) => Construct::Operation,
            (_, Some("parameters"), _) => Construct::Parameter,
            (_, Some("schemas" | "properties" | "allOf" | "oneOf" | "anyOf"), _) => Construct::Schema,
            (_, _, "schema" | "items" | "additionalProperties" | "not") => Construct::Schema,
            (_, Some("responses"), _) => Construct::Response,
            (_, Some("requestBodies"), _) | (_, _, "requestBody") => Construct::RequestBody,
            (_, Some("content"), _) => Construct::MediaType,
            (_, Some("headers"), _) => Construct::Header,
            (Some("components"), Some("securitySchemes"), _) => Construct::SecurityScheme,
            _ => return None,
        };
        Some(construct)
    }

    /// Reads the node as this construct; on failure, the path inside the node and serde's message.
    pub(super) fn check(self, node: &Value) -> Result<(), (Vec<String>, String)> {
        fn read<T: serde::de::DeserializeOwned>(node: &Value) -> Result<(), (Vec<String>, String)> {
            serde_path_to_error::deserialize::<_, T>(node).map(drop).map_err(|error| {
                let path = error.path().iter().filter_map(segment_key).collect();
                (path, error.inner().to_string())
            })
        }
        match self {
            Construct::PathItem => read::<openapiv3::PathItem>(node),
            Construct::Operation => read::<openapiv3::Operation>(node),
            Construct::Parameter => read::<openapiv3::Parameter>(node),
            Construct::Schema => read::<openapiv3::Schema>(node),
            Construct::Response => read::<openapiv3::Response>(node),
            Construct::RequestBody => read::<openapiv3::RequestBody>(node),
            Construct::MediaType => read::<openapiv3::MediaType>(node),
            Construct::Header => read::<openapiv3::Header>(node),
            Construct::SecurityScheme => read::<openapiv3::SecurityScheme>(node),
        }
    }
}

/// A segment of serde's error path as a JSON pointer segment; `None` for a segment serde could not name.
pub(super) fn segment_key(segment: &serde_path_to_error::Segment) -> Option<String> {
    use serde_path_to_error::Segment;
    match segment {
        Segment::Seq { index } => Some(index.to_string()),
        Segment::Map { key } => Some(key.clone()),
        Segment::Enum { variant } => Some(variant.clone()),
        Segment::Unknown => None,
    }
}

/// The children of a node that may hold constructs, with their keys: data (examples, defaults) is skipped.
pub(super) fn children(node: &Value) -> Vec<(String, &Value)> {
    match node {
        Value::Object(entries) => {
            entries.iter().filter(|(key, _)| !holds_data(key)).map(|(key, child)| (key.clone(), child)).collect()
        }
        Value::Array(items) => items.iter().enumerate().map(|(index, child)| (index.to_string(), child)).collect(),
        _ => Vec::new(),
    }
}

/// The construct a node is, when it is an object that is not a `$ref`.
pub(super) fn construct_of(node: &Value, keys: &[String]) -> Option<Construct> {
    if node.is_object() && node.get("$ref").is_none() {
        Construct::at(keys)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::Construct;

    fn at(path: &str) -> Option<Construct> {
        Construct::at(&path.split(' ').map(str::to_owned).collect::<Vec<_>>())
    }

    #[test]
    fn knows_constructs_by_position() {
        assert_eq!(at("paths /pets"), Some(Construct::PathItem));
        assert_eq!(at("paths /pets get"), Some(Construct::Operation));
        assert_eq!(at("paths /pets get parameters 0"), Some(Construct::Parameter));
        assert_eq!(at("components schemas Pet properties items"), Some(Construct::Schema));
        assert_eq!(at("paths /pets get responses 200 content application/json"), Some(Construct::MediaType));
        assert_eq!(at("info"), None);
    }
}
