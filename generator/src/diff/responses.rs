//! Comparing an operation's responses: its `Ok` type, the variants of its error enum and, for websockets, the
//! types of the messages.

use super::operations::{error_variant_item, method_item};
use super::{Change, ChangeKind};
use crate::ir::{Api, Content, Message, Operation, Response, Status};
use crate::view::api::status_variant_name;
use crate::view::types::doc_type;

pub(super) fn diff_responses(old: &Api, new: &Api, old_operation: &Operation, new_operation: &Operation, changes: &mut Vec<Change>) {
    let (old_success, new_success) = (success_type(old, old_operation), success_type(new, new_operation));
    if old_success != new_success {
        changes.push(Change {
            kind: ChangeKind::SuccessResponseTypeChanged,
            rust_item: method_item(new, new_operation),
            pointer: new_operation.pointer.push("responses").to_string(),
            detail: format!("`{old_success}` -> `{new_success}`"),
        });
    }
    let (old_errors, new_errors) = (error_responses(old_operation), error_responses(new_operation));
    for old_response in &old_errors {
        let pointer = |operation: &Operation| response_pointer(operation, old_response.status);
        match new_errors.iter().find(|response| response.status == old_response.status) {
            None => changes.push(Change {
                kind: ChangeKind::ErrorResponseRemoved,
                rust_item: error_variant_item(old, old_operation, old_response.status),
                pointer: pointer(old_operation),
                detail: format!("status {}", status_key(old_response.status)),
            }),
            Some(new_response) => {
                let rust_item = error_variant_item(new, new_operation, new_response.status);
                let (old_type, new_type) = (body_type(old, &old_response.content, false), body_type(new, &new_response.content, false));
                if old_type != new_type {
                    changes.push(Change {
                        kind: ChangeKind::ErrorResponseTypeChanged,
                        rust_item: rust_item.clone(),
                        pointer: pointer(new_operation),
                        detail: format!("status {}: `{old_type}` -> `{new_type}`", status_key(new_response.status)),
                    });
                }
            }
        }
    }
    for new_response in new_errors.iter().filter(|response| !old_errors.iter().any(|old_response| old_response.status == response.status)) {
        changes.push(Change {
            kind: ChangeKind::ErrorResponseAdded,
            rust_item: error_variant_item(new, new_operation, new_response.status),
            pointer: response_pointer(new_operation, new_response.status),
            detail: format!("status {} with `{}`", status_key(new_response.status), body_type(new, &new_response.content, false)),
        });
    }
    // Descriptions of responses are the docs of the method and of the variants, success and error alike.
    for new_response in &new_operation.responses {
        let old_response = old_operation.responses.iter().find(|response| response.status == new_response.status);
        if old_response.is_some_and(|old_response| old_response.description != new_response.description) {
            changes.push(Change {
                kind: ChangeKind::DescriptionChanged,
                rust_item: if new_response.status.is_success() {
                    method_item(new, new_operation)
                } else {
                    error_variant_item(new, new_operation, new_response.status)
                },
                pointer: response_pointer(new_operation, new_response.status),
                detail: format!("description of response {}", status_key(new_response.status)),
            });
        }
    }
}

fn error_responses(operation: &Operation) -> Vec<&Response> {
    operation.responses.iter().filter(|response| !response.status.is_success()).collect()
}

/// The `Ok` type of the operation's method, as the view decides it (see `view::api::responses_view`): the one
/// success body type, an enum of several, or what a `default` response (else raw bytes) says.
fn success_type(api: &Api, operation: &Operation) -> String {
    let successes: Vec<&Response> = operation.responses.iter().filter(|response| response.status.is_success()).collect();
    let mut types: Vec<String> = successes.iter().map(|response| body_type(api, &response.content, true)).collect();
    types.dedup();
    match types.len() {
        0 => operation
            .responses
            .iter()
            .find(|response| response.status == Status::Default)
            .map_or_else(|| "bytes::Bytes".to_owned(), |response| body_type(api, &response.content, true)),
        1 => types.remove(0),
        _ => {
            let variants: Vec<String> = successes
                .iter()
                .map(|response| format!("{}({})", status_variant_name(response.status), body_type(api, &response.content, true)))
                .collect();
            format!("{}Response {{ {} }}", operation.type_stem, variants.join(", "))
        }
    }
}

/// A response body's Rust type as the view spells it (`view::api::body_type`), with short model names.
fn body_type(api: &Api, content: &Content, is_success: bool) -> String {
    match content {
        Content::Empty if is_success => "()".to_owned(),
        Content::Empty | Content::Text { .. } => "String".to_owned(),
        Content::Json { ty, .. } | Content::Form { ty, .. } => doc_type(api, ty),
        Content::Bytes { .. } => "bytes::Bytes".to_owned(),
    }
}

/// A websocket direction's message type as `view::api::websocket_view` spells it, with short model names.
pub(super) fn message_type(api: &Api, message: &Message) -> String {
    match message {
        Message::Nothing => "NoMessage".to_owned(),
        Message::Json(ty) => doc_type(api, ty),
        Message::Text => "String".to_owned(),
        Message::Frames => "Frame".to_owned(),
    }
}

fn status_key(status: Status) -> String {
    match status {
        Status::Code(code) => code.to_string(),
        Status::Range(digit) => format!("{digit}XX"),
        Status::Default => "default".to_owned(),
    }
}

fn response_pointer(operation: &Operation, status: Status) -> String {
    operation.pointer.join(["responses".to_owned(), status_key(status)]).to_string()
}
