//! Views of tags and operations: one module under `apis/` per tag, one request builder per operation.

use super::docs::{doc_lines, escape_line};
use super::model::string_literal;
use super::types::{doc_type, rust_type};
use crate::ir::{Api, BodyEncoding, Content, Location, Message, Operation, Param, PathPart, Status, Style, Tag, Type, WebSocket};

pub struct TagView {
    pub name: String,
    pub type_name: String,
    pub module: String,
    pub docs: Vec<String>,
    pub operations: Vec<OperationView>,
}

pub struct OperationView {
    /// The operationId, the HTTP method and the path template, as string literals, for the runtime's traces.
    pub operation_id: String,
    pub http_method_literal: String,
    pub path_template: String,
    pub method_name: String,
    /// The request type, an alias of `crate::Request<params_name>`.
    pub builder_name: String,
    /// The struct of the operation's parameters, which implements `crate::Operation` (HTTP operations).
    pub params_name: String,
    /// Whether the request type has methods of its own: setters, `connect` or `send_streaming`.
    pub has_builder_methods: bool,
    pub docs: Vec<String>,
    pub deprecated: bool,
    pub http_method: String,
    /// The pieces of the path, concatenated in order.
    pub path_pieces: Vec<PathPieceView>,
    pub positional: Vec<ArgumentView>,
    pub optional: Vec<ArgumentView>,
    pub parts: Vec<PartView>,
    pub has_body: bool,
    pub body: ArgumentView,
    pub body_required: bool,
    /// The runtime method that encodes the body: `json_body`, `text_body` or `bytes_body`.
    pub body_method: String,
    pub body_content_type: String,
    pub has_accept: bool,
    pub accept: String,
    /// The `Scheme`s whose credentials the request carries, as a slice expression: `&[crate::Scheme::ApiKey]`.
    pub schemes: String,
    pub success_type: String,
    pub has_success_enum: bool,
    pub success_enum: String,
    pub success_variants: Vec<VariantView>,
    pub error_type: String,
    pub has_error_enum: bool,
    pub error_enum: String,
    pub error_variants: Vec<VariantView>,
    /// Other operations have the same errors: `error_enum` is an alias of `shared_error`, an enum in
    /// `apis::errors` (set by [`super::errors::share`]).
    pub has_shared_error: bool,
    pub shared_error: String,
    /// The error enum declared beside the operation: its own, unless it is shared.
    pub own_error: Option<super::errors::ErrorEnumView>,
    pub arms: Vec<ArmView>,
    pub has_default_arm: bool,
    /// A success answers with bytes, so the builder also offers `send_streaming`.
    pub has_streaming: bool,
    /// The operation opens a websocket: the builder offers `connect` instead of `send`.
    pub is_websocket: bool,
    pub websocket: WebSocketView,
}

/// The message types of a websocket operation and the runtime functions that encode and decode them.
#[derive(Default)]
pub struct WebSocketView {
    pub sends: String,
    pub receives: String,
    pub encode: String,
    pub decode: String,
}

/// A literal part of a path (a string literal), or the builder field of a path parameter.
pub struct PathPieceView {
    pub is_param: bool,
    pub text: String,
    /// The parameter's name in the spec, as a string literal, for error messages; empty for a literal.
    pub wire_name: String,
}

/// A parameter (or the body) as the builder holds it.
pub struct ArgumentView {
    pub name: String,
    pub docs: Vec<String>,
    pub deprecated: bool,
    /// The type the builder stores (without the `Option` of optional arguments).
    pub ty: String,
    /// The argument type of the constructor or setter.
    pub argument_type: String,
    /// The expression converting the argument into the stored type.
    pub convert: String,
    /// The field in a struct literal: `name` or `name: conversion`.
    pub field_init: String,
}

/// One query, header, cookie or form value added to the request.
pub struct PartView {
    pub field: String,
    pub wire_name: String,
    pub required: bool,
    /// The `RequestParts` method: `query`, `query_exploded`, `query_joined`, `header`, `cookie`, `form` ...
    pub method: String,
    /// Extra argument after the value, e.g. the delimiter of a joined array; empty when none.
    pub extra_argument: String,
}

#[derive(Clone)]
pub struct VariantView {
    pub name: String,
    pub docs: Vec<String>,
    pub ty: String,
    /// Ranges and `default` carry the actual status next to the body.
    pub has_status: bool,
    /// The `write!` format string (a literal) that displays the variant; it names `{body:?}` and `{status}`.
    pub display_format: String,
}

pub struct ArmView {
    pub pattern: String,
    pub is_success: bool,
    /// The `Response` method that decodes the body: `json`, `text`, `form`, `bytes` or `empty`.
    pub decode: String,
    pub has_wrap: bool,
    pub wrap: String,
    pub has_status: bool,
}

pub fn tag_view(api: &Api, tag: &Tag) -> TagView {
    let mut docs = doc_lines([tag.description.as_deref()]);
    if docs.is_empty() {
        docs.push(format!("Operations tagged `{}`.", escape_line(&tag.name)));
    }
    TagView {
        name: tag.name.clone(),
        type_name: tag.type_name.clone(),
        module: tag.module.clone(),
        docs,
        operations: tag
            .operations
            .iter()
            .map(|index| operation_view(api, &api.operations[*index], &tag.type_name))
            .collect(),
    }
}

fn operation_view(api: &Api, operation: &Operation, tag_type_name: &str) -> OperationView {
    let builder_name = operation.type_stem.clone();
    let path_pieces = operation
        .path_parts
        .iter()
        .map(|part| match part {
            PathPart::Literal(text) => PathPieceView { is_param: false, text: string_literal(text), wire_name: String::new() },
            PathPart::Param(index) => PathPieceView {
                is_param: true,
                text: operation.params[*index].rust_name.clone(),
                wire_name: string_literal(&operation.params[*index].name),
            },
        })
        .collect();
    let (positional, optional): (Vec<&Param>, Vec<&Param>) = operation.params.iter().partition(|param| param.required);
    let mut positional: Vec<ArgumentView> = positional.into_iter().map(|param| param_argument(api, param)).collect();
    let mut optional: Vec<ArgumentView> = optional.into_iter().map(|param| param_argument(api, param)).collect();
    let body = operation.body.as_ref();
    let body_view = match body {
        Some(body) => argument(api, &body.rust_name, &body.ty, doc_lines([body.description.as_deref()]), false),
        None => argument(api, "", &Type::Any, Vec::new(), false),
    };
    let body_required = body.is_some_and(|body| body.required);
    let has_body = body.is_some();
    if let Some(body) = body {
        let copy = argument(api, &body.rust_name, &body.ty, doc_lines([body.description.as_deref()]), false);
        if body.required {
            positional.push(copy);
        } else {
            optional.push(copy);
        }
    }
    let (success_type, has_success_enum, success_variants, error_variants, arms, has_default_arm) =
        responses_view(api, operation, &builder_name);
    let has_error_enum = !error_variants.is_empty();
    let websocket = operation.websocket.as_ref().map(|websocket| websocket_view(api, websocket));
    let has_streaming = websocket.is_none() && arms.iter().any(|arm| arm.is_success && arm.decode == "bytes");
    OperationView {
        operation_id: string_literal(&operation.operation_id),
        http_method_literal: string_literal(operation.http_method),
        path_template: string_literal(&operation.path),
        method_name: operation.method_name.clone(),
        docs: operation_docs(operation),
        deprecated: operation.deprecated,
        http_method: operation.http_method.to_owned(),
        path_pieces,
        parts: operation.params.iter().filter_map(part_view).collect(),
        has_body,
        body: body_view,
        body_required,
        body_method: match body.map(|body| body.encoding) {
            Some(BodyEncoding::Text) => "text_body",
            Some(BodyEncoding::Bytes) => "bytes_body",
            _ => "json_body",
        }
        .to_owned(),
        body_content_type: string_literal(&body.map(|body| body.media_type.clone()).unwrap_or_default()),
        has_accept: operation.accept.is_some(),
        accept: string_literal(&operation.accept.clone().unwrap_or_default()),
        schemes: format!(
            "&[{}]",
            operation
                .security
                .iter()
                .map(|index| format!("crate::Scheme::{}", scheme_variant(&api.security_schemes[*index].rust_name)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        success_type,
        has_success_enum,
        success_enum: format!("{builder_name}Response"),
        success_variants,
        error_type: if has_error_enum { format!("{builder_name}Error") } else { "std::convert::Infallible".to_owned() },
        has_error_enum,
        error_enum: format!("{builder_name}Error"),
        error_variants: error_variants.clone(),
        has_shared_error: false,
        shared_error: String::new(),
        own_error: has_error_enum.then(|| super::errors::ErrorEnumView {
            name: format!("{builder_name}Error"),
            docs: vec![format!(
                "The documented error statuses of [`{}::{}`], each with its body.",
                tag_type_name, operation.method_name
            )],
            variants: error_variants,
            has_cfg: false,
            cfg: String::new(),
        }),
        has_streaming,
        has_builder_methods: has_streaming || websocket.is_some() || !optional.is_empty(),
        params_name: format!("{builder_name}Params"),
        is_websocket: websocket.is_some(),
        websocket: websocket.unwrap_or_default(),
        arms,
        has_default_arm,
        positional,
        optional,
        builder_name,
    }
}

fn websocket_view(api: &Api, websocket: &WebSocket) -> WebSocketView {
    let (sends, encode) = match &websocket.sends {
        Message::Nothing => ("crate::websocket::NoMessage".to_owned(), "encode_nothing"),
        Message::Json(ty) => (rust_type(api, ty), "encode_json"),
        Message::Text => ("String".to_owned(), "encode_text"),
        Message::Frames => ("crate::websocket::Frame".to_owned(), "encode_frame"),
    };
    let (receives, decode) = match &websocket.receives {
        Message::Nothing | Message::Frames => ("crate::websocket::Frame".to_owned(), "decode_frame"),
        Message::Json(ty) => (rust_type(api, ty), "decode_json"),
        Message::Text => ("String".to_owned(), "decode_text"),
    };
    WebSocketView {
        sends,
        receives,
        encode: format!("crate::websocket::{encode}"),
        decode: format!("crate::websocket::{decode}"),
    }
}

/// The `Scheme` variant name of a security scheme's Rust name.
pub fn scheme_variant(rust_name: &str) -> String {
    crate::ir::names::type_name(rust_name, "Scheme")
}

fn operation_docs(operation: &Operation) -> Vec<String> {
    let request = format!("`{} {}`", operation.http_method, operation.path);
    let summary = operation.summary.as_deref().filter(|summary| !summary.trim().is_empty());
    let mut docs = doc_lines([summary, operation.description.as_deref()]);
    if !docs.is_empty() {
        docs.push(String::new());
    }
    if operation.websocket.is_some() {
        docs.push(format!("Opens a websocket with {request}."));
    } else {
        docs.push(format!("Sends {request}."));
    }
    docs
}

fn param_argument(api: &Api, param: &Param) -> ArgumentView {
    let mut view = argument(api, &param.rust_name, &param.ty, doc_lines([param.description.as_deref()]), param.deprecated);
    if view.docs.is_empty() {
        view.docs.push(format!("The `{}` {} parameter.", escape_line(&param.name), location_word(param.location)));
    }
    view
}

fn argument(api: &Api, name: &str, ty: &Type, docs: Vec<String>, deprecated: bool) -> ArgumentView {
    let stored = rust_type(api, ty);
    let (argument_type, convert) = if *ty == Type::String {
        ("impl Into<String>".to_owned(), format!("{name}.into()"))
    } else {
        (stored.clone(), name.to_owned())
    };
    let field_init = if convert == name { convert.clone() } else { format!("{name}: {convert}") };
    ArgumentView { name: name.to_owned(), docs, deprecated, ty: stored, argument_type, convert, field_init }
}

fn location_word(location: Location) -> &'static str {
    match location {
        Location::Path => "path",
        Location::Query => "query",
        Location::Header => "header",
        Location::Cookie => "cookie",
        Location::Form => "form",
        Location::Multipart => "multipart",
    }
}

fn part_view(param: &Param) -> Option<PartView> {
    let is_array = matches!(param.ty, Type::Array(_));
    let (method, extra_argument) = match (param.location, is_array, param.style) {
        (Location::Path, _, _) => return None,
        (Location::Query, _, style) if param.structured => ("query_value", query_style(style).to_owned()),
        (Location::Query, false, _) => ("query", String::new()),
        (Location::Query, true, Style::FormExploded | Style::DeepObject) => ("query_exploded", String::new()),
        (Location::Query, true, Style::FormComma) => ("query_joined", string_literal(",")),
        (Location::Query, true, Style::SpaceDelimited) => ("query_joined", string_literal(" ")),
        (Location::Query, true, Style::PipeDelimited) => ("query_joined", string_literal("|")),
        (Location::Header, false, _) => ("header", String::new()),
        (Location::Header, true, _) => ("header_joined", String::new()),
        (Location::Cookie, false, _) => ("cookie", String::new()),
        (Location::Cookie, true, _) => ("cookie_joined", String::new()),
        (Location::Form, _, _) => ("form", String::new()),
        (Location::Multipart, _, _) => match &param.ty {
            Type::Upload => ("multipart_file", String::new()),
            Type::Array(item) if **item == Type::Upload => ("multipart_files", String::new()),
            _ => ("multipart", String::new()),
        },
    };
    Some(PartView {
        field: param.rust_name.clone(),
        wire_name: string_literal(&param.name),
        required: param.required,
        method: method.to_owned(),
        extra_argument: if extra_argument.is_empty() { extra_argument } else { format!(", {extra_argument}") },
    })
}

/// The runtime's name for a style, for values spread at run time.
fn query_style(style: Style) -> &'static str {
    match style {
        Style::FormExploded => "crate::runtime::QueryStyle::FormExploded",
        Style::FormComma => "crate::runtime::QueryStyle::FormComma",
        Style::SpaceDelimited => "crate::runtime::QueryStyle::SpaceDelimited",
        Style::PipeDelimited => "crate::runtime::QueryStyle::PipeDelimited",
        Style::DeepObject => "crate::runtime::QueryStyle::DeepObject",
    }
}

type ResponsesView = (String, bool, Vec<VariantView>, Vec<VariantView>, Vec<ArmView>, bool);

/// The success type, the error enum's variants and the `match` arms that decode each documented status.
fn responses_view(api: &Api, operation: &Operation, builder_name: &str) -> ResponsesView {
    let successes: Vec<_> = operation.responses.iter().filter(|response| response.status.is_success()).collect();
    let distinct_success_types: Vec<String> = {
        let mut types: Vec<String> = successes.iter().map(|response| body_type(api, &response.content, true)).collect();
        types.dedup();
        types
    };
    let has_success_enum = distinct_success_types.len() > 1;
    let success_enum = format!("{builder_name}Response");
    let error_enum = format!("{builder_name}Error");
    let mut success_variants = Vec::new();
    let mut error_variants = Vec::new();
    let mut arms = Vec::new();
    let mut variant_names = crate::ir::names::Namespace::default();
    // With no 2xx documented, a 2xx is still a success: `default` describes it when present (OpenAPI's
    // `default` covers every status not listed); otherwise its body is kept as raw bytes.
    let mut undocumented_success = None;
    if successes.is_empty() {
        let default = operation.responses.iter().find(|response| response.status == Status::Default);
        let content = default.map_or(Content::Bytes { media_type: String::new() }, |response| response.content.clone());
        arms.push(ArmView {
            pattern: "200..=299".to_owned(),
            is_success: true,
            decode: decode_method(&content, true).to_owned(),
            has_wrap: false,
            wrap: String::new(),
            has_status: false,
        });
        undocumented_success = Some(body_type(api, &content, true));
    }
    for response in &operation.responses {
        let is_success = response.status.is_success();
        let ty = body_type(api, &response.content, is_success);
        let (name, _) = variant_names.claim(&status_variant_name(response.status));
        let has_status = !matches!(response.status, Status::Code(_));
        let status_text = status_text(response.status);
        // A description may span lines (GitHub lists cases as Markdown items): every line becomes a doc line.
        let mut docs = doc_lines([Some(format!("{status_text}: {}", response.description.trim()).as_str())]);
        if let Some(media_type) = response.content.media_type() {
            docs.push(String::new());
            docs.push(format!("`{media_type}`, as {}.", doc_body_type(api, &response.content, is_success)));
        }
        let variant = VariantView {
            name: name.clone(),
            docs,
            ty: ty.clone(),
            has_status: has_status && !is_success,
            display_format: string_literal(&format!(
                "{}{}: {{body:?}}",
                if has_status && !is_success { "{status} " } else { "" },
                format!("{status_text} ({})", response.description.trim()).replace('{', "{{").replace('}', "}}")
            )),
        };
        let (has_wrap, wrap) = if is_success && has_success_enum {
            (true, format!("{success_enum}::{name}"))
        } else if is_success {
            (false, String::new())
        } else {
            (true, format!("{error_enum}::{name}"))
        };
        arms.push(ArmView {
            pattern: status_pattern(response.status),
            is_success,
            decode: decode_method(&response.content, is_success).to_owned(),
            has_wrap,
            wrap,
            has_status: has_status && !is_success,
        });
        if is_success {
            if has_success_enum {
                success_variants.push(variant);
            }
        } else {
            error_variants.push(variant);
        }
    }
    let success_type = if has_success_enum {
        success_enum
    } else {
        distinct_success_types.into_iter().next().or(undocumented_success).unwrap_or_else(|| "()".to_owned())
    };
    // Exact statuses first, then ranges, then `default`: a `match` takes the first arm that fits.
    arms.sort_by_key(|arm| if arm.pattern == "_" { 2 } else if arm.pattern.contains("..") { 1 } else { 0 });
    let has_default_arm = operation.responses.iter().any(|response| response.status == Status::Default);
    (success_type, has_success_enum, success_variants, error_variants, arms, has_default_arm)
}

fn body_type(api: &Api, content: &Content, is_success: bool) -> String {
    match content {
        Content::Empty if is_success => "()".to_owned(),
        Content::Empty | Content::Text { .. } => "String".to_owned(),
        Content::Json { ty, .. } | Content::Form { ty, .. } => rust_type(api, ty),
        Content::Bytes { .. } => "bytes::Bytes".to_owned(),
    }
}

fn doc_body_type(api: &Api, content: &Content, is_success: bool) -> String {
    match content {
        Content::Json { ty, .. } | Content::Form { ty, .. } => format!("`{}`", doc_type(api, ty)),
        other => format!("`{}`", body_type(api, other, is_success)),
    }
}

fn decode_method(content: &Content, is_success: bool) -> &'static str {
    match content {
        Content::Empty if is_success => "empty",
        Content::Empty | Content::Text { .. } => "text",
        Content::Json { .. } => "json",
        Content::Form { .. } => "form",
        Content::Bytes { .. } => "bytes",
    }
}

fn status_pattern(status: Status) -> String {
    match status {
        Status::Code(code) => code.to_string(),
        Status::Range(digit) => format!("{}..={}", digit * 100, digit * 100 + 99),
        Status::Default => "_".to_owned(),
    }
}

fn status_text(status: Status) -> String {
    match status {
        Status::Code(code) => match reason_phrase(code) {
            Some(reason) => format!("{code} {reason}"),
            None => code.to_string(),
        },
        Status::Range(digit) => format!("{digit}XX"),
        Status::Default => "Any other status".to_owned(),
    }
}

/// Variant names from the standard reason phrases (`Gone`, `InternalServerError`), else from the number.
pub(crate) fn status_variant_name(status: Status) -> String {
    match status {
        Status::Code(code) => match reason_phrase(code) {
            Some(reason) => crate::ir::names::type_name(reason, "Status"),
            None => format!("Status{code}"),
        },
        Status::Range(1) => "Informational".to_owned(),
        Status::Range(2) => "Success".to_owned(),
        Status::Range(3) => "Redirection".to_owned(),
        Status::Range(4) => "ClientError".to_owned(),
        Status::Range(5) => "ServerError".to_owned(),
        Status::Range(digit) => format!("Status{digit}xx"),
        Status::Default => "Other".to_owned(),
    }
}

fn reason_phrase(code: u16) -> Option<&'static str> {
    Some(match code {
        100 => "Continue",
        101 => "Switching Protocols",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Payload Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        418 => "Im A Teapot",
        421 => "Misdirected Request",
        422 => "Unprocessable Entity",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        506 => "Variant Also Negotiates",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        510 => "Not Extended",
        511 => "Network Authentication Required",
        _ => return None,
    })
}
