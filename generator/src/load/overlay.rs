//! Overlays (OpenAPI Overlay Specification 1.0.0): ordered JSONPath actions that update or remove parts of the
//! parsed spec before it is read, so that what the generator needs to know beyond an upstream spec lives beside it.
//!
//! Each action's `target` is an RFC 9535 JSONPath query, evaluated by `serde_json_path` on the document as the
//! previous actions left it. `update` is merged into every selected object (recursively; new keys go last) or
//! appended to every selected array; `remove: true` removes every selected node from its parent. A target that
//! selects nothing is an error rather than a no-op: it means the spec changed under the overlay.

use super::parse;
use crate::diag::{Diagnostic, Diagnostics};
use crate::ir::ptr::Pointer;
use crate::OverlaySource;
use serde_json::{Map, Value};
use serde_json_path::{JsonPath, PathElement};

const FORMAT_HINT: &str = "an overlay has `overlay: 1.0.0`, `info` with `title` and `version`, and a non-empty list \
of `actions`, each with a `target` (JSONPath) and either `update` or `remove: true`";

/// Applies every overlay to `document`, in order, reporting each problem in the overlay's own file.
/// Returns whether they all applied cleanly.
pub fn apply_overlays(document: &mut Value, overlays: &[OverlaySource], diagnostics: &mut Diagnostics) -> bool {
    let mut clean = true;
    for overlay in overlays {
        let mut errors = Vec::new();
        apply_overlay(document, &overlay.text, &mut errors);
        clean &= errors.is_empty();
        for error in errors {
            diagnostics.push(error.in_file(&overlay.path));
        }
    }
    clean
}

/// One action as read from the overlay: where it is, what it selects and what it does there.
struct Action<'a> {
    index: usize,
    target: &'a str,
    description: Option<&'a str>,
    path: JsonPath,
    change: Change<'a>,
}

enum Change<'a> {
    Update(&'a Value),
    Remove,
}

impl Action<'_> {
    fn pointer(&self) -> Pointer {
        action_pointer(self.index)
    }

    fn label(&self) -> String {
        label(self.index, Some(self.target), self.description)
    }
}

/// One step of a selected node's location, owned so that the document can be changed while the steps are used.
/// The derived order matters: see [`remove_nodes`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Key(String),
    Index(usize),
}

impl Step {
    fn segment(&self) -> String {
        match self {
            Step::Key(key) => key.clone(),
            Step::Index(index) => index.to_string(),
        }
    }
}

fn action_pointer(index: usize) -> Pointer {
    Pointer::root().push("actions").push(index.to_string())
}

/// How messages name an action: by its target, or its index when it has none, and its description when it has
/// one. Only the first sentence of the description: descriptions are CommonMark and may run on for a paragraph.
fn label(index: usize, target: Option<&str>, description: Option<&str>) -> String {
    let name = match target {
        Some(target) => format!("action `{target}`"),
        None => format!("action {index}"),
    };
    let first_line = description.and_then(|description| description.lines().next()).unwrap_or_default();
    let first_sentence = first_line.split_once(". ").map_or(first_line, |(sentence, _)| sentence);
    match first_sentence.trim().trim_end_matches('.') {
        "" => name,
        summary => format!("{name} ({summary})"),
    }
}

fn apply_overlay(document: &mut Value, text: &str, errors: &mut Vec<Diagnostic>) {
    let overlay = match parse(text, "overlay", &mut Vec::new()) {
        Ok(overlay) => overlay,
        Err(error) => {
            errors.push(error);
            return;
        }
    };
    let Some(fields) = overlay.as_object() else {
        errors.push(Diagnostic::error("#", "the overlay is not a YAML or JSON object").with_hint(FORMAT_HINT));
        return;
    };
    let version_is_known = check_header(fields, errors);
    // Each action is read and applied in turn, so that errors come in the order of the actions. Actions of an
    // unknown overlay version may mean something else, so they are only read; a bad `info` changes nothing.
    for (index, action) in actions(fields, errors).iter().enumerate() {
        if let Some(action) = read_action(index, action, errors) {
            if version_is_known {
                apply_action(document, &action, errors);
            }
        }
    }
}

/// Checks `overlay`, `info` and `extends`. Returns whether the version is one whose actions can be applied.
fn check_header(fields: &Map<String, Value>, errors: &mut Vec<Diagnostic>) -> bool {
    let version_is_known = match fields.get("overlay") {
        Some(Value::String(version)) if version.starts_with("1.") => true,
        None => {
            errors.push(Diagnostic::error("#", "the overlay has no `overlay` version field").with_hint(FORMAT_HINT));
            false
        }
        Some(version) => {
            let version = version.as_str().map_or_else(|| version.to_string(), str::to_owned);
            errors.push(
                Diagnostic::error("#/overlay", format!("found an Overlay {version} document"))
                    .with_hint("this generator applies Overlay 1.0.0 documents: declare `overlay: 1.0.0`"),
            );
            false
        }
    };
    match fields.get("info") {
        None => errors.push(Diagnostic::error("#", "the overlay has no `info`").with_hint(FORMAT_HINT)),
        Some(Value::Object(info)) => {
            for key in ["title", "version"] {
                if !matches!(info.get(key), Some(Value::String(_))) {
                    errors.push(
                        Diagnostic::error("#/info", format!("`info` has no `{key}` string")).with_hint(FORMAT_HINT),
                    );
                }
            }
        }
        Some(_) => errors.push(Diagnostic::error("#/info", "`info` is not an object").with_hint(FORMAT_HINT)),
    }
    if fields.get("extends").is_some_and(|extends| !extends.is_string()) {
        errors.push(
            Diagnostic::error("#/extends", "`extends` is not a string")
                .with_hint("`extends` is the URL of the spec the overlay was written for, or absent"),
        );
    }
    version_is_known
}

/// The list of actions, or an error saying why there is none.
fn actions<'a>(fields: &'a Map<String, Value>, errors: &mut Vec<Diagnostic>) -> &'a [Value] {
    let error = match fields.get("actions") {
        Some(Value::Array(actions)) if !actions.is_empty() => return actions,
        Some(Value::Array(_)) => Diagnostic::error("#/actions", "`actions` is empty"),
        Some(_) => Diagnostic::error("#/actions", "`actions` is not a list"),
        None => Diagnostic::error("#", "the overlay has no `actions`"),
    };
    errors.push(error.with_hint(FORMAT_HINT));
    &[]
}

fn read_action<'a>(index: usize, action: &'a Value, errors: &mut Vec<Diagnostic>) -> Option<Action<'a>> {
    let pointer = action_pointer(index);
    let Some(fields) = action.as_object() else {
        errors.push(
            Diagnostic::error(pointer.as_str(), format!("action {index} is not an object")).with_hint(FORMAT_HINT),
        );
        return None;
    };
    let description = match fields.get("description") {
        None => None,
        Some(Value::String(description)) => Some(description.as_str()),
        Some(_) => {
            errors.push(
                Diagnostic::error(pointer.push("description").as_str(), "`description` is not a string")
                    .with_hint("describe in words why the action is needed"),
            );
            None
        }
    };
    let target = match fields.get("target") {
        Some(Value::String(target)) => Some(target.as_str()),
        None => None,
        Some(_) => {
            let label = label(index, None, description);
            errors.push(
                Diagnostic::error(
                    pointer.push("target").as_str(),
                    format!("{label} has a `target` that is not a string"),
                )
                .with_hint("a target is a JSONPath query in a string, e.g. `$.paths['/pets'].get`"),
            );
            return None;
        }
    };
    let label = label(index, target, description);
    if target.is_none() {
        errors.push(
            Diagnostic::error(pointer.as_str(), format!("{label} has no `target`")).with_hint(
                "add a `target`: a JSONPath query selecting the nodes to change, e.g. `$.paths['/pets'].get`",
            ),
        );
    }
    let change = match (fields.get("update"), fields.get("remove")) {
        (Some(update), None) => Some(Change::Update(update)),
        (None, Some(Value::Bool(true))) => Some(Change::Remove),
        (Some(_), Some(_)) => {
            errors.push(
                Diagnostic::error(pointer.as_str(), format!("{label} has both `update` and `remove`"))
                    .with_hint("an action either updates or removes: split it into two actions, the removal first"),
            );
            None
        }
        (None, Some(remove)) => {
            errors.push(
                Diagnostic::error(pointer.push("remove").as_str(), format!("{label} has `remove: {remove}`"))
                    .with_hint("`remove` is either `true` or absent; to change the nodes, give an `update` instead"),
            );
            None
        }
        (None, None) if fields.contains_key("copy") => {
            errors.push(
                Diagnostic::error(pointer.push("copy").as_str(), format!("{label} uses `copy`, from Overlay 1.1"))
                    .with_hint("this generator applies Overlay 1.0.0 actions: write the copied value as an `update`"),
            );
            None
        }
        (None, None) => {
            errors.push(
                Diagnostic::error(pointer.as_str(), format!("{label} has neither `update` nor `remove: true`"))
                    .with_hint("give an `update` to merge into the selected nodes, or `remove: true` to remove them"),
            );
            None
        }
    };
    let path = match JsonPath::parse(target?) {
        Ok(path) => path,
        Err(error) => {
            errors.push(
                Diagnostic::error(
                    pointer.push("target").as_str(),
                    format!("{label} has a target that is not valid JSONPath (RFC 9535): {error}"),
                )
                .with_hint("RFC 9535 wants names with `-` or `/` in brackets and quotes (`$.paths['/pets']`) and filters as `[?@.summary == 'x']`"),
            );
            return None;
        }
    };
    Some(Action { index, target: target?, description, path, change: change? })
}

fn apply_action(document: &mut Value, action: &Action<'_>, errors: &mut Vec<Diagnostic>) {
    // Each selected node's location and kind, read before anything changes.
    let mut selected: Vec<(Vec<Step>, &'static str)> = Vec::new();
    for node in action.path.query_located(document) {
        let steps: Vec<Step> = node
            .location()
            .iter()
            .map(|element| match element {
                PathElement::Name(name) => Step::Key((*name).to_owned()),
                PathElement::Index(index) => Step::Index(*index),
            })
            .collect();
        // A query may select a node twice (`$['a','a']`); changing it twice would append twice or remove a neighbour.
        if !selected.iter().any(|(known, _)| *known == steps) {
            selected.push((steps, kind(node.node())));
        }
    }
    if selected.is_empty() {
        let label = action.label();
        errors.push(
            Diagnostic::error(action.pointer().as_str(), format!("{label} selects nothing in the spec")).with_hint(
                "the spec no longer has what the action was written for: fix the target, or delete the action if the spec now says it itself",
            ),
        );
        return;
    }
    match action.change {
        Change::Remove => {
            remove_nodes(document, selected.into_iter().map(|(steps, _)| steps).collect(), action, errors)
        }
        Change::Update(update) => update_nodes(document, &selected, update, action, errors),
    }
}

/// The pointer of a location, in `#/a/b` form for messages (`Value::pointer_mut` wants it without the `#`).
fn pointer_of(steps: &[Step]) -> Pointer {
    Pointer::root().join(steps.iter().map(Step::segment))
}

fn value_pointer(steps: &[Step]) -> String {
    pointer_of(steps).as_str()["#".len()..].to_owned()
}

fn remove_nodes(
    document: &mut Value,
    mut locations: Vec<Vec<Step>>,
    action: &Action<'_>,
    errors: &mut Vec<Diagnostic>,
) {
    // Removing an array element shifts the elements after it, and removing a node first would leave the
    // locations of its descendants pointing elsewhere. In descending order, a node's descendants and its later
    // siblings come before it, so every location is still right when its turn comes.
    locations.sort_by(|left, right| right.cmp(left));
    for steps in locations {
        let Some((last, parent)) = steps.split_last() else {
            errors.push(
                Diagnostic::error(
                    action.pointer().as_str(),
                    format!("{} selects the whole spec, which cannot be removed", action.label()),
                )
                .with_hint("target the nodes inside the spec that should go"),
            );
            continue;
        };
        match (document.pointer_mut(&value_pointer(parent)), last) {
            // `shift_remove` keeps the order of the other keys (`remove` would move the last key into the hole).
            (Some(Value::Object(object)), Step::Key(key)) => {
                object.shift_remove(key);
            }
            (Some(Value::Array(items)), Step::Index(index)) if *index < items.len() => {
                items.remove(*index);
            }
            // The query ran on the document before any removal, so every parent is still there as it was.
            _ => unreachable!("the parent of a selected node is an object or array holding it"),
        }
    }
}

fn update_nodes(
    document: &mut Value,
    selected: &[(Vec<Step>, &'static str)],
    update: &Value,
    action: &Action<'_>,
    errors: &mut Vec<Diagnostic>,
) {
    let refused: Vec<&(Vec<Step>, &'static str)> = selected
        .iter()
        .filter(|(_, node_kind)| !(*node_kind == "array" || (*node_kind == "object" && update.is_object())))
        .collect();
    if let Some((first, node_kind)) = refused.first() {
        let more = match refused.len() {
            1 => String::new(),
            count => format!(" (and {} more nodes)", count - 1),
        };
        errors.push(
            Diagnostic::error(
                action.pointer().push("update").as_str(),
                format!(
                    "{} cannot merge its update, {}, into the {node_kind} at {} of the spec{more}",
                    action.label(),
                    with_article(kind(update)),
                    pointer_of(first)
                ),
            )
            .with_hint(
                "an update is merged into an object, which takes an object, or appended to an array; to replace a value, target the object holding it and update that key",
            ),
        );
        return;
    }
    for (steps, node_kind) in selected {
        // When the same target selects a node and its ancestor, merging into the ancestor may have replaced the
        // node (`$..x` with an update setting `x`): the selected node is gone, and what is there now is the
        // update's own value. Arrays only grow at the end, so no other location moves.
        match (document.pointer_mut(&value_pointer(steps)), update) {
            (Some(Value::Object(node)), Value::Object(update)) if *node_kind == "object" => merge(node, update),
            (Some(Value::Array(items)), _) if *node_kind == "array" => items.push(update.clone()),
            _ => {}
        }
    }
}

/// Merges `update` into `node`, key by key: objects into objects recursively, any other value replaces.
/// New keys are inserted, so they go after the existing ones (serde_json keeps insertion order here).
fn merge(node: &mut Map<String, Value>, update: &Map<String, Value>) {
    for (key, value) in update {
        match (node.get_mut(key), value) {
            (Some(Value::Object(existing)), Value::Object(value)) => merge(existing, value),
            (Some(existing), _) => *existing = value.clone(),
            (None, _) => {
                node.insert(key.clone(), value.clone());
            }
        }
    }
}

fn with_article(kind: &str) -> String {
    match kind {
        "null" => kind.to_owned(),
        "object" | "array" => format!("an {kind}"),
        _ => format!("a {kind}"),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::apply_overlays;
    use crate::diag::{Diagnostic, Diagnostics};
    use crate::OverlaySource;
    use serde_json::{json, Value};

    const OVERLAY_PATH: &str = "spec/test.overlay.yaml";

    fn apply(mut document: Value, overlay: &str) -> Result<Value, Vec<Diagnostic>> {
        let overlays = [OverlaySource { path: OVERLAY_PATH.to_owned(), text: overlay.to_owned() }];
        let mut diagnostics = Diagnostics::default();
        if apply_overlays(&mut document, &overlays, &mut diagnostics) {
            assert!(diagnostics.items.is_empty(), "a clean overlay reports nothing");
            Ok(document)
        } else {
            Err(diagnostics.items)
        }
    }

    fn errors_of(document: Value, overlay: &str) -> Vec<Diagnostic> {
        apply(document, overlay).expect_err("the overlay should not apply")
    }

    /// The errors as `codegen` prints them, which must name the overlay file rather than the spec.
    fn rendered(errors: &[Diagnostic]) -> String {
        errors.iter().map(|error| error.render("spec/test.yaml") + "\n").collect()
    }

    fn overlay(actions: &str) -> String {
        format!("overlay: 1.0.0\ninfo: {{title: test, version: '1'}}\nactions:\n{actions}")
    }

    fn spec() -> Value {
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1", "contact": {"name": "a", "url": "u"}},
            "tags": [{"name": "drop-1"}, {"name": "keep"}, {"name": "drop-2"}],
            "paths": {
                "/a": {"get": {"summary": "/a [WS]", "responses": {"default": {"description": "d"}}}},
                "/b": {"get": {"summary": "/b [GET]", "responses": {"200": {"description": "ok"}}}},
                "/c": {"get": {"summary": "/c [WS]", "responses": {"default": {"description": "d"}}}}
            }
        })
    }

    #[test]
    fn update_merges_objects_recursively_appends_to_arrays_and_adds_keys_last() {
        let document = apply(
            spec(),
            &overlay(
                "- target: $.info
  update: {contact: {email: e, name: b}, x-new: 1, title: new}
- target: $.tags
  update: {name: appended}
- target: $.paths.*[?match(@.summary, '.*\\\\[WS\\\\]')]
  update: {x-codegen-websocket: true}
",
            ),
        )
        .unwrap();
        // The text compares key order too: existing keys keep their place, new ones come last.
        assert_eq!(
            document["info"].to_string(),
            r#"{"title":"new","version":"1","contact":{"name":"b","url":"u","email":"e"},"x-new":1}"#
        );
        assert_eq!(
            document["tags"],
            json!([{"name": "drop-1"}, {"name": "keep"}, {"name": "drop-2"}, {"name": "appended"}])
        );
        let marked: Vec<&str> = ["/a", "/b", "/c"]
            .into_iter()
            .filter(|path| document["paths"][path]["get"]["x-codegen-websocket"] == json!(true))
            .collect();
        assert_eq!(marked, ["/a", "/c"]);
    }

    #[test]
    fn update_replaces_values_other_than_objects_inside_an_object() {
        let document = apply(
            json!({"openapi": "3.0.3", "servers": [{"url": "a"}], "info": {"contact": {"name": "a"}, "title": "t"}}),
            &overlay("- target: $\n  update: {servers: [{url: b}], info: {contact: 7}}\n"),
        )
        .unwrap();
        assert_eq!(
            document.to_string(),
            r#"{"openapi":"3.0.3","servers":[{"url":"b"}],"info":{"contact":7,"title":"t"}}"#
        );
    }

    #[test]
    fn remove_takes_object_members_and_array_elements_away() {
        let document = apply(
            spec(),
            &overlay(
                "- target: $.paths['/b']
  remove: true
- target: $.tags[?@.name != 'keep']
  remove: true
- target: $.info.contact.name
  remove: true
",
            ),
        )
        .unwrap();
        assert_eq!(document["tags"], json!([{"name": "keep"}]));
        let paths: Vec<&String> = document["paths"].as_object().unwrap().keys().collect();
        assert_eq!(paths, ["/a", "/c"], "the other keys keep their order");
        assert_eq!(document["info"]["contact"], json!({"url": "u"}));
    }

    #[test]
    fn remove_of_nested_selections_and_duplicates_removes_each_node_once() {
        let document = apply(
            json!({"list": [{"x": [1, {"x": 2}]}, 3, {"x": 4}, 5]}),
            &overlay("- target: $..[?@.x]\n  remove: true\n- target: $.list[0, 0]\n  remove: true\n"),
        )
        .unwrap();
        assert_eq!(document, json!({"list": [5]}));
    }

    #[test]
    fn each_action_sees_what_the_previous_ones_did() {
        let document = apply(
            spec(),
            &overlay(
                "- target: $
  update: {servers: []}
- target: $.servers
  update: {url: 'http://localhost:{port}'}
- target: $.servers[0]
  update: {description: any port}
",
            ),
        )
        .unwrap();
        assert_eq!(document["servers"], json!([{"url": "http://localhost:{port}", "description": "any port"}]));
    }

    #[test]
    fn an_update_of_nested_selections_applies_where_the_nodes_still_are() {
        let overlay = overlay("- target: $..[?@.b || @.c]\n  update: {b: 1}\n");
        let document = apply(json!({"a": {"b": {"c": {}}}}), &overlay).unwrap();
        assert_eq!(document, json!({"a": {"b": 1}}));
    }

    #[test]
    fn an_action_selecting_nothing_names_the_action_its_target_and_description() {
        let errors = errors_of(
            spec(),
            &overlay(
                "- target: $.info
  update: {x-fine: true}
- target: $.paths['/gone'].get
  description: the old endpoint needs a marker
  update: {x-codegen-websocket: true}
",
            ),
        );
        assert_eq!(
            rendered(&errors),
            "error: action `$.paths['/gone'].get` (the old endpoint needs a marker) selects nothing in the spec
  at #/actions/1 (spec/test.overlay.yaml)
  hint: the spec no longer has what the action was written for: fix the target, or delete the action if the spec now says it itself
"
        );
    }

    #[test]
    fn an_invalid_target_reports_the_jsonpath_error() {
        let errors = errors_of(spec(), &overlay("- target: $.paths[\n  description: broken\n  remove: true\n"));
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].pointer, "#/actions/0/target");
        assert!(
            errors[0].message.starts_with(
                "action `$.paths[` (broken) has a target that is not valid JSONPath (RFC 9535): at position"
            ),
            "{}",
            errors[0]
        );
        let errors = errors_of(spec(), &overlay("- target: $.paths./a\n  remove: true\n"));
        assert!(errors[0].message.contains("not valid JSONPath"), "{}", errors[0]);
    }

    #[test]
    fn an_update_that_cannot_be_merged_is_an_error() {
        let errors = errors_of(spec(), &overlay("- target: $.tags[*].name\n  description: rename\n  update: {x: 1}\n"));
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].pointer, "#/actions/0/update");
        assert_eq!(
            errors[0].message,
            "action `$.tags[*].name` (rename) cannot merge its update, an object, into the string at #/tags/0/name of the spec (and 2 more nodes)"
        );
        let errors = errors_of(spec(), &overlay("- target: $.info\n  update: 7\n"));
        assert!(errors[0].message.contains("its update, a number, into the object at #/info of"), "{}", errors[0]);
    }

    #[test]
    fn messages_quote_the_first_sentence_of_a_description() {
        let errors = errors_of(
            spec(),
            &overlay("- target: $.servers\n  description: >-\n    Upstream's server is wrong. Remove it;\n    the next action adds ours.\n  remove: true\n"),
        );
        assert_eq!(errors[0].message, "action `$.servers` (Upstream's server is wrong) selects nothing in the spec");
    }

    #[test]
    fn removing_the_whole_spec_is_an_error() {
        let errors = errors_of(spec(), &overlay("- {target: $, remove: true}\n"));
        assert_eq!(errors[0].message, "action `$` selects the whole spec, which cannot be removed");
    }

    #[test]
    fn malformed_overlays_are_reported() {
        let message = |text: &str| errors_of(spec(), text).into_iter().map(|error| error.message).collect::<Vec<_>>();
        assert!(message("actions: [\n")[0].starts_with("the overlay is not valid YAML"));
        assert!(message("{\"overlay\": ")[0].starts_with("the overlay is not valid JSON"));
        assert_eq!(
            message("overlay: 2.0.0\ninfo: {title: t, version: '1'}\nactions: [{target: $.nothing, remove: true}]\n"),
            ["found an Overlay 2.0.0 document"],
            "the actions of an unknown version are not applied"
        );
        assert_eq!(
            message("openapi: 3.0.3\ninfo: {title: t}\npaths: {}\n"),
            [
                "the overlay has no `overlay` version field",
                "`info` has no `version` string",
                "the overlay has no `actions`",
            ]
        );
        assert_eq!(message("overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: []\n"), ["`actions` is empty"]);
        assert_eq!(
            message(&overlay("- {target: $.info, description: both, update: {}, remove: true}\n")),
            ["action `$.info` (both) has both `update` and `remove`"]
        );
        assert_eq!(
            message(&overlay("- {target: $.info}\n")),
            ["action `$.info` has neither `update` nor `remove: true`"]
        );
        assert_eq!(message(&overlay("- {target: $.info, remove: false}\n")), ["action `$.info` has `remove: false`"]);
        assert_eq!(message(&overlay("- {description: lost, remove: true}\n")), ["action 0 (lost) has no `target`"]);
        assert_eq!(
            message(&overlay("- {target: $.info, copy: $.tags}\n")),
            ["action `$.info` uses `copy`, from Overlay 1.1"]
        );
    }

    #[test]
    fn every_error_of_every_action_is_reported_in_one_run() {
        let errors = errors_of(
            spec(),
            &overlay(
                "- target: $.paths['/gone']
  description: first stale action
  remove: true
- target: $.info
  update: {x-applied: true}
- target: $.nope
  update: {}
- {description: no target, update: {}, remove: true}
- target: $[
  remove: true
",
            ),
        );
        let found: Vec<(&str, &str)> =
            errors.iter().map(|error| (error.pointer.as_str(), error.file.as_deref().unwrap())).collect();
        assert_eq!(
            found,
            [
                ("#/actions/0", OVERLAY_PATH),
                ("#/actions/2", OVERLAY_PATH),
                ("#/actions/3", OVERLAY_PATH),
                ("#/actions/3", OVERLAY_PATH),
                ("#/actions/4/target", OVERLAY_PATH),
            ],
            "{}",
            rendered(&errors)
        );
    }
}
