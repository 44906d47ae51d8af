//! Comparing operations (matched by operationId, renames by method and path), their parameters and bodies, and
//! the tags that group them into API types; responses are in `responses.rs`.

use super::{Change, ChangeKind};
use crate::ir::{Api, Body, Location, Operation, Param, Status, Tag};
use crate::view::api::status_variant_name;
use crate::view::types::doc_type;
use std::collections::BTreeSet;

pub(super) fn diff_tags(old: &Api, new: &Api, changes: &mut Vec<Change>) {
    for old_tag in &old.tags {
        match new.tags.iter().find(|tag| tag.name == old_tag.name) {
            None => changes.push(Change {
                kind: ChangeKind::TagRemoved,
                rust_item: format!("apis::{}", old_tag.type_name),
                pointer: tag_pointer(old, old_tag),
                detail: format!("tag `{}` (operations: {})", old_tag.name, old_tag.operations.len()),
            }),
            Some(new_tag) if new_tag.description != old_tag.description => changes.push(Change {
                kind: ChangeKind::DescriptionChanged,
                rust_item: format!("apis::{}", new_tag.type_name),
                pointer: tag_pointer(new, new_tag),
                detail: format!("description of tag `{}`", new_tag.name),
            }),
            Some(_) => {}
        }
    }
    for new_tag in new.tags.iter().filter(|tag| !old.tags.iter().any(|old_tag| old_tag.name == tag.name)) {
        changes.push(Change {
            kind: ChangeKind::TagAdded,
            rust_item: format!("apis::{}", new_tag.type_name),
            pointer: tag_pointer(new, new_tag),
            detail: format!("tag `{}` (operations: {})", new_tag.name, new_tag.operations.len()),
        });
    }
}

/// A tag is declared in `#/tags` (maybe not at all) but used by operations: its first operation says where.
fn tag_pointer(api: &Api, tag: &Tag) -> String {
    tag.operations
        .first()
        .and_then(|index| api.operations.get(*index))
        .map_or_else(|| "#/tags".to_owned(), |operation| operation.pointer.push("tags").to_string())
}

pub(super) fn diff_operations(old: &Api, new: &Api, changes: &mut Vec<Change>) {
    let old_ids: BTreeSet<&str> = old.operations.iter().map(|operation| operation.operation_id.as_str()).collect();
    let mut matched_new: BTreeSet<&str> = BTreeSet::new();
    for old_operation in &old.operations {
        if let Some(new_operation) = new.operations.iter().find(|operation| operation.operation_id == old_operation.operation_id) {
            matched_new.insert(new_operation.operation_id.as_str());
            diff_operation(old, new, old_operation, new_operation, changes);
            continue;
        }
        // A new operationId on the same method and path is the same operation renamed, not one removed and one
        // added: the report says what a caller must do (use the new name), and still compares the rest.
        let renamed = new.operations.iter().find(|operation| {
            operation.http_method == old_operation.http_method
                && operation.path == old_operation.path
                && !old_ids.contains(operation.operation_id.as_str())
        });
        match renamed {
            Some(new_operation) => {
                matched_new.insert(new_operation.operation_id.as_str());
                changes.push(Change {
                    kind: ChangeKind::OperationRenamed,
                    rust_item: method_item(new, new_operation),
                    pointer: new_operation.pointer.push("operationId").to_string(),
                    detail: format!(
                        "`{}` -> `{}` ({} {}; was `{}`)",
                        old_operation.operation_id,
                        new_operation.operation_id,
                        new_operation.http_method,
                        new_operation.path,
                        method_item(old, old_operation)
                    ),
                });
                diff_operation(old, new, old_operation, new_operation, changes);
            }
            None => changes.push(Change {
                kind: ChangeKind::OperationRemoved,
                rust_item: method_item(old, old_operation),
                pointer: old_operation.pointer.to_string(),
                detail: format!("{} {} (`{}`)", old_operation.http_method, old_operation.path, old_operation.operation_id),
            }),
        }
    }
    for new_operation in &new.operations {
        if matched_new.contains(new_operation.operation_id.as_str()) {
            continue;
        }
        changes.push(Change {
            kind: ChangeKind::OperationAdded,
            rust_item: method_item(new, new_operation),
            pointer: new_operation.pointer.to_string(),
            detail: format!("{} {} (`{}`)", new_operation.http_method, new_operation.path, new_operation.operation_id),
        });
    }
}

fn diff_operation(old: &Api, new: &Api, old_operation: &Operation, new_operation: &Operation, changes: &mut Vec<Change>) {
    let method = method_item(new, new_operation);
    let pointer = &new_operation.pointer;
    if old_operation.tag != new_operation.tag {
        changes.push(Change {
            kind: ChangeKind::OperationMoved,
            rust_item: method.clone(),
            pointer: pointer.push("tags").to_string(),
            detail: format!("from `{}` (tag `{}`) to `{}` (tag `{}`)", tag_type(old, old_operation), old_operation.tag, tag_type(new, new_operation), new_operation.tag),
        });
    }
    if old_operation.websocket.is_some() != new_operation.websocket.is_some() {
        let style = |operation: &Operation| if operation.websocket.is_some() { "websocket" } else { "request" };
        changes.push(Change {
            kind: ChangeKind::OperationCallStyleChanged,
            rust_item: method.clone(),
            pointer: pointer.to_string(),
            detail: format!("{} -> {}", style(old_operation), style(new_operation)),
        });
    }
    if let (Some(old_socket), Some(new_socket)) = (&old_operation.websocket, &new_operation.websocket) {
        for (direction, old_message, new_message) in
            [("sends", &old_socket.sends, &new_socket.sends), ("receives", &old_socket.receives, &new_socket.receives)]
        {
            let (old_text, new_text) = (super::responses::message_type(old, old_message), super::responses::message_type(new, new_message));
            if old_text != new_text {
                changes.push(Change {
                    kind: ChangeKind::WebSocketMessageTypeChanged,
                    rust_item: method.clone(),
                    pointer: pointer.to_string(),
                    detail: format!("{direction} `{old_text}` -> `{new_text}`"),
                });
            }
        }
    }
    if let Some(change) = deprecation(old_operation.deprecated, new_operation.deprecated, &method, pointer.as_str(), "the operation") {
        changes.push(change);
    }
    if (&old_operation.summary, &old_operation.description) != (&new_operation.summary, &new_operation.description) {
        changes.push(Change {
            kind: ChangeKind::DescriptionChanged,
            rust_item: method.clone(),
            pointer: pointer.to_string(),
            detail: "summary or description of the operation".to_owned(),
        });
    }
    diff_params(old, new, old_operation, new_operation, changes);
    diff_body(old, new, old_operation, new_operation, changes);
    super::responses::diff_responses(old, new, old_operation, new_operation, changes);
}

fn diff_params(old: &Api, new: &Api, old_operation: &Operation, new_operation: &Operation, changes: &mut Vec<Change>) {
    let same = |param: &Param, other: &Param| param.name == other.name && param.location == other.location;
    for old_param in &old_operation.params {
        let Some(new_param) = new_operation.params.iter().find(|param| same(param, old_param)) else {
            changes.push(Change {
                kind: ChangeKind::ParameterRemoved,
                rust_item: param_item(old, old_operation, &old_param.rust_name, old_param.required),
                pointer: old_param.pointer.to_string(),
                detail: param_words(old_param),
            });
            continue;
        };
        let rust_item = param_item(new, new_operation, &new_param.rust_name, new_param.required);
        let pointer = new_param.pointer.to_string();
        let (old_type, new_type) = (doc_type(old, &old_param.ty), doc_type(new, &new_param.ty));
        if old_type != new_type {
            changes.push(Change {
                kind: ChangeKind::ParameterTypeChanged,
                rust_item: rust_item.clone(),
                pointer: pointer.clone(),
                detail: format!("{}: `{old_type}` -> `{new_type}`", param_words(new_param)),
            });
        }
        if old_param.required != new_param.required {
            let kind = if new_param.required { ChangeKind::ParameterMadeRequired } else { ChangeKind::ParameterMadeOptional };
            changes.push(Change { kind, rust_item: rust_item.clone(), pointer: pointer.clone(), detail: param_words(new_param) });
        }
        if let Some(change) = deprecation(old_param.deprecated, new_param.deprecated, &rust_item, &pointer, &param_words(new_param)) {
            changes.push(change);
        }
        if old_param.description != new_param.description {
            changes.push(Change {
                kind: ChangeKind::DescriptionChanged,
                rust_item,
                pointer,
                detail: format!("description of {}", param_words(new_param)),
            });
        }
    }
    // Required parameters are positional arguments: among those required on both sides, a new order shifts values
    // to other parameters, silently where the types agree.
    let positional = |operation: &Operation, other: &Operation| -> Vec<String> {
        operation
            .params
            .iter()
            .filter(|param| param.required && other.params.iter().any(|other_param| other_param.required && same(param, other_param)))
            .map(|param| param.rust_name.clone())
            .collect()
    };
    let (old_order, new_order) = (positional(old_operation, new_operation), positional(new_operation, old_operation));
    if old_order != new_order {
        changes.push(Change {
            kind: ChangeKind::ParameterOrderChanged,
            rust_item: method_item(new, new_operation),
            pointer: new_operation.pointer.push("parameters").to_string(),
            detail: format!("arguments ({}) -> ({})", old_order.join(", "), new_order.join(", ")),
        });
    }
    for new_param in new_operation.params.iter().filter(|param| !old_operation.params.iter().any(|old_param| same(param, old_param))) {
        let kind = if new_param.required { ChangeKind::RequiredParameterAdded } else { ChangeKind::OptionalParameterAdded };
        changes.push(Change {
            kind,
            rust_item: param_item(new, new_operation, &new_param.rust_name, new_param.required),
            pointer: new_param.pointer.to_string(),
            detail: format!("{} of type `{}`", param_words(new_param), doc_type(new, &new_param.ty)),
        });
    }
}

fn diff_body(old: &Api, new: &Api, old_operation: &Operation, new_operation: &Operation, changes: &mut Vec<Change>) {
    let pointer = new_operation.pointer.push("requestBody").to_string();
    match (&old_operation.body, &new_operation.body) {
        (None, None) => {}
        (Some(old_body), None) => changes.push(Change {
            kind: ChangeKind::RequestBodyRemoved,
            rust_item: param_item(old, old_operation, &old_body.rust_name, old_body.required),
            pointer: old_operation.pointer.push("requestBody").to_string(),
            detail: body_words(old, old_body),
        }),
        (None, Some(new_body)) => changes.push(Change {
            kind: if new_body.required { ChangeKind::RequestBodyAddedRequired } else { ChangeKind::RequestBodyAddedOptional },
            rust_item: param_item(new, new_operation, &new_body.rust_name, new_body.required),
            pointer,
            detail: body_words(new, new_body),
        }),
        (Some(old_body), Some(new_body)) => {
            let rust_item = param_item(new, new_operation, &new_body.rust_name, new_body.required);
            let (old_words, new_words) = (body_words(old, old_body), body_words(new, new_body));
            // A required body is a positional argument, so only an optional body's name (its setter) matters.
            let setter_renamed = !new_body.required && !old_body.required && old_body.rust_name != new_body.rust_name;
            if old_words != new_words || setter_renamed {
                changes.push(Change {
                    kind: ChangeKind::RequestBodyTypeChanged,
                    rust_item: rust_item.clone(),
                    pointer: pointer.clone(),
                    detail: format!("{old_words} -> {new_words}"),
                });
            }
            if old_body.required != new_body.required {
                let kind = if new_body.required { ChangeKind::RequestBodyMadeRequired } else { ChangeKind::RequestBodyMadeOptional };
                changes.push(Change { kind, rust_item: rust_item.clone(), pointer: pointer.clone(), detail: new_words });
            }
            if old_body.description != new_body.description {
                changes.push(Change { kind: ChangeKind::DescriptionChanged, rust_item, pointer, detail: "description of the request body".to_owned() });
            }
        }
    }
}

/// `deprecation_added` or `deprecation_removed` when an item's `deprecated` flag changed.
pub(super) fn deprecation(old: bool, new: bool, rust_item: &str, pointer: &str, what: &str) -> Option<Change> {
    (old != new).then(|| Change {
        kind: if new { ChangeKind::DeprecationAdded } else { ChangeKind::DeprecationRemoved },
        rust_item: rust_item.to_owned(),
        pointer: pointer.to_owned(),
        detail: format!("{what} is {}deprecated", if new { "now " } else { "no longer " }),
    })
}

pub(super) fn tag_of<'api>(api: &'api Api, operation: &Operation) -> Option<&'api Tag> {
    api.tags.iter().find(|tag| tag.name == operation.tag)
}

fn tag_type(api: &Api, operation: &Operation) -> String {
    tag_of(api, operation).map_or_else(|| "DefaultApi".to_owned(), |tag| tag.type_name.clone())
}

/// The method a caller calls: `apis::PetApi::get_pet` (every API type is re-exported from `apis`).
pub(super) fn method_item(api: &Api, operation: &Operation) -> String {
    format!("apis::{}::{}", tag_type(api, operation), operation.method_name)
}

/// A required parameter is an argument of the method; an optional one a setter of the operation's builder.
fn param_item(api: &Api, operation: &Operation, rust_name: &str, required: bool) -> String {
    if required {
        format!("{}({rust_name})", method_item(api, operation))
    } else {
        let module = tag_of(api, operation).map_or("default_api", |tag| tag.module.as_str());
        format!("apis::{module}::{}::{rust_name}", operation.type_stem)
    }
}

pub(super) fn error_variant_item(api: &Api, operation: &Operation, status: Status) -> String {
    let module = tag_of(api, operation).map_or("default_api", |tag| tag.module.as_str());
    format!("apis::{module}::{}Error::{}", operation.type_stem, status_variant_name(status))
}

fn param_words(param: &Param) -> String {
    let location = match param.location {
        Location::Path => "path parameter",
        Location::Query => "query parameter",
        Location::Header => "header parameter",
        Location::Cookie => "cookie parameter",
        Location::Form => "form field",
        Location::Multipart => "multipart field",
    };
    format!("{location} `{}`", param.name)
}

fn body_words(api: &Api, body: &Body) -> String {
    format!("`{}` body of type `{}`", body.media_type, doc_type(api, &body.ty))
}
