//! The view of the conformance test: every operation called through the generated client's public API with
//! the example values of its parameters and body, first required arguments only, then all of them.

use super::model::string_literal;
use super::types::rust_type;
use crate::ir::{Api, SecurityKind, Type};
use crate::Options;

pub struct ConformanceView {
    pub crate_lib: String,
    /// Builder calls that set a test credential for every security scheme.
    pub credential_setters: Vec<String>,
    /// Operations answered over HTTP.
    pub operations: Vec<ConformanceOperationView>,
    /// Operations that open a websocket, exercised against a websocket server instead.
    pub websocket_operations: Vec<ConformanceOperationView>,
    pub has_websocket_operations: bool,
}

pub struct ConformanceOperationView {
    pub function: String,
    /// The operationId as a string literal.
    pub name: String,
    pub accessor: String,
    pub method: String,
    pub deprecated: bool,
    pub positional: Vec<String>,
    /// The positional arguments again, as keys and types for the call-plan dispatcher.
    pub positional_arguments: Vec<SetterCallView>,
    pub has_optional: bool,
    /// The operation takes arguments at all (else the plan's are unused).
    pub has_arguments: bool,
    pub optional: Vec<SetterCallView>,
    pub is_websocket: bool,
    /// A websocket operation that sends messages: `sends_example` builds one.
    pub has_sends: bool,
    pub sends_example: String,
}

pub struct SetterCallView {
    pub name: String,
    pub expression: String,
    /// The argument's key in a call plan (the spec's parameter name; the body's Rust name), as a literal.
    pub key: String,
    /// The argument's Rust type, for decoding it from a call plan.
    pub ty: String,
}

pub fn conformance_view(api: &Api, options: &Options) -> ConformanceView {
    let crate_lib = options.crate_name.replace('-', "_");
    let type_of = |ty: &Type| rust_type(api, ty).replace("crate::", &format!("{crate_lib}::"));
    let example = |ty: &Type, value: &serde_json::Value| format!("example::<{}>({})", type_of(ty), string_literal(&value.to_string()));
    let argument = |name: &str, key: &str, ty: &Type, value: &serde_json::Value| SetterCallView {
        name: name.to_owned(),
        expression: example(ty, value),
        key: string_literal(key),
        ty: type_of(ty),
    };
    let (mut operations, mut websocket_operations) = (Vec::new(), Vec::new());
    for tag in &api.tags {
        for index in &tag.operations {
            let operation = &api.operations[*index];
            let mut positional_arguments = Vec::new();
            let mut optional = Vec::new();
            for param in &operation.params {
                let view = argument(&param.rust_name, &param.name, &param.ty, &param.example);
                if param.required {
                    positional_arguments.push(view);
                } else {
                    optional.push(view);
                }
            }
            if let Some(body) = &operation.body {
                let view = argument(&body.rust_name, &body.rust_name, &body.ty, &body.example);
                if body.required {
                    positional_arguments.push(view);
                } else {
                    optional.push(view);
                }
            }
            let positional = positional_arguments.iter().map(|argument| argument.expression.clone()).collect();
            let has_arguments = !optional.is_empty() || !positional_arguments.is_empty();
            let sends = operation.websocket.as_ref().and_then(|websocket| match &websocket.sends {
                crate::ir::Message::Json(ty) => Some(example(ty, &websocket.send_example)),
                crate::ir::Message::Text => Some("String::from(\"example\")".to_owned()),
                _ => None,
            });
            let list = if operation.websocket.is_some() { &mut websocket_operations } else { &mut operations };
            list.push(ConformanceOperationView {
                is_websocket: operation.websocket.is_some(),
                has_sends: sends.is_some(),
                sends_example: sends.unwrap_or_default(),
                has_arguments,
                function: format!("call_{}", operation.method_name),
                name: string_literal(&operation.operation_id),
                accessor: tag.module.clone(),
                method: operation.method_name.clone(),
                deprecated: operation.deprecated,
                positional,
                positional_arguments,
                has_optional: !optional.is_empty(),
                optional,
            });
        }
    }
    let credential_setters = api
        .security_schemes
        .iter()
        .map(|scheme| match scheme.kind {
            SecurityKind::ApiKey { .. } => format!("{}_api_key(\"test-key\")", scheme.rust_name),
            SecurityKind::Bearer => format!("{}_token(\"test-token\")", scheme.rust_name),
            SecurityKind::Basic => format!("{}_basic_auth(\"test-user\", \"test-password\")", scheme.rust_name),
        })
        .collect();
    let has_websocket_operations = !websocket_operations.is_empty();
    ConformanceView { crate_lib, credential_setters, operations, websocket_operations, has_websocket_operations }
}
