//! The Rust example of an operation in its Markdown docs: build a client, call the operation with realistic
//! values (the IR's examples, trimmed to what a reader needs), and match the result, one documented error
//! status included. Each example is a `no_run` doctest of the generated crate, so it must compile as written.

use super::api::OperationView;
use super::model::string_literal;
use crate::ir::{Api, Message, ModelKind, Operation, SecurityKind, Type, WebSocket};
use serde_json::Value;

/// At most this many optional properties of a top-level model are shown; deeper models show required ones only.
const OPTIONAL_PROPERTIES_SHOWN: usize = 2;

/// The lines of the example (without the code fence) for `operation`, whose generated API is `view`.
pub fn example_lines(api: &Api, crate_lib: &str, tag_module: &str, operation: &Operation, view: &OperationView) -> Vec<String> {
    let mut imports = Vec::new();
    // A websocket example opens a connection and propagates its errors with `?`: it matches none.
    let first_error = view.error_variants.first().filter(|_| operation.websocket.is_none());
    if first_error.is_some() {
        imports.push(format!("use {crate_lib}::apis::{tag_module}::{};", view.error_enum));
    }
    let sends_files = operation.params.iter().any(|param| {
        param.ty == Type::Upload || matches!(&param.ty, Type::Array(item) if **item == Type::Upload)
    });
    let upload = if sends_files { ", Upload" } else { "" };
    let error = if operation.websocket.is_some() { "" } else { ", Error" };
    let names = format!("Client{error}{upload}");
    imports.push(if names.contains(',') { format!("use {crate_lib}::{{{names}}};") } else { format!("use {crate_lib}::{names};") });

    let mut lines = imports;
    lines.push(String::new());
    lines.push("async fn example() -> Result<(), Box<dyn std::error::Error>> {".to_owned());
    lines.push(format!("    let client = Client::builder(){}.build()?;", credential_setter(api, operation)));

    // Arguments in call order: required parameters, then the required body; optional ones become setters.
    let mut arguments = Vec::new();
    let mut setters = Vec::new();
    for param in &operation.params {
        let expression = value_expression(api, &param.ty, &param.example, &param.rust_name, &mut lines);
        if param.required {
            arguments.push(expression);
        } else {
            setters.push(format!(".{}({expression})", param.rust_name));
        }
    }
    if let Some(body) = &operation.body {
        let expression = value_expression(api, &body.ty, &body.example, &body.rust_name, &mut lines);
        if body.required {
            arguments.push(expression);
        } else {
            setters.push(format!(".{}({expression})", body.rust_name));
        }
    }

    if let Some(websocket) = &operation.websocket {
        websocket_lines(api, tag_module, view, websocket, &arguments, &setters, &mut lines);
        return lines;
    }
    lines.push("    let result = client".to_owned());
    lines.push(format!("        .{tag_module}()"));
    lines.push(format!("        .{}({})", view.method_name, arguments.join(", ")));
    for setter in setters {
        lines.push(format!("        {setter}"));
    }
    lines.push("        .await;".to_owned());
    lines.push("    match result {".to_owned());
    if view.success_type == "()" {
        lines.push("        Ok(()) => println!(\"done\"),".to_owned());
    } else {
        lines.push("        Ok(response) => println!(\"{response:?}\"),".to_owned());
    }
    if let Some(variant) = first_error {
        // The first doc line reads `410 Gone: <description>`; the status part has no braces to escape.
        let status = variant.docs.first().and_then(|line| line.split(':').next()).unwrap_or("error");
        let message = string_literal(&format!("{status}: {{body:?}}"));
        if variant.has_status {
            let message = string_literal("{status}: {body:?}");
            lines.push(format!("        Err(Error::Api {{ error: {}::{} {{ status, body }}, .. }}) => eprintln!({message}),", view.error_enum, variant.name));
        } else {
            lines.push(format!("        Err(Error::Api {{ error: {}::{}(body), .. }}) => eprintln!({message}),", view.error_enum, variant.name));
        }
    }
    lines.push("        Err(other) => return Err(other.into()),".to_owned());
    lines.push("    }".to_owned());
    lines.push("    Ok(())".to_owned());
    lines.push("}".to_owned());
    lines
}

/// The example of a websocket operation: connect, send a message when the operation sends any, print what
/// arrives until the server closes the connection.
fn websocket_lines(
    api: &Api,
    tag_module: &str,
    view: &OperationView,
    websocket: &WebSocket,
    arguments: &[String],
    setters: &[String],
    lines: &mut Vec<String>,
) {
    lines.push("    let mut connection = client".to_owned());
    lines.push(format!("        .{tag_module}()"));
    lines.push(format!("        .{}({})", view.method_name, arguments.join(", ")));
    for setter in setters {
        lines.push(format!("        {setter}"));
    }
    lines.push("        .connect()".to_owned());
    lines.push("        .await?;".to_owned());
    let message = match &websocket.sends {
        Message::Json(ty) => Some(value_expression(api, ty, &websocket.send_example, "message", lines)),
        Message::Text => Some("String::from(\"hello\")".to_owned()),
        Message::Nothing | Message::Frames => None,
    };
    if let Some(message) = message {
        lines.push(format!("    connection.send(&{message}).await?;"));
    }
    lines.push("    while let Some(message) = connection.receive().await {".to_owned());
    lines.push("        println!(\"{:?}\", message?);".to_owned());
    lines.push("    }".to_owned());
    lines.push("    Ok(())".to_owned());
    lines.push("}".to_owned());
}

/// The builder call that sets the operation's first accepted credential, with a placeholder value.
fn credential_setter(api: &Api, operation: &Operation) -> String {
    let Some(scheme) = operation.security.first().map(|index| &api.security_schemes[*index]) else {
        return String::new();
    };
    match scheme.kind {
        SecurityKind::ApiKey { .. } => format!(".{}_api_key(\"my-api-key\")", scheme.rust_name),
        SecurityKind::Bearer => format!(".{}_token(\"my-token\")", scheme.rust_name),
        SecurityKind::Basic => format!(".{}_basic_auth(\"my-user\", \"my-password\")", scheme.rust_name),
    }
}

/// A Rust expression of type `ty` for `example`. Values that take more than a literal are bound to a local
/// named `name` first (pushed onto `lines`), and the expression is that local.
fn value_expression(api: &Api, ty: &Type, example: &Value, name: &str, lines: &mut Vec<String>) -> String {
    if let Some(literal) = literal(api, ty, example) {
        return literal;
    }
    // The example's own locals keep their names; a parameter called like one of them gets a suffix.
    let name = if ["client", "result"].contains(&name) { format!("{name}_value") } else { name.to_owned() };
    let value = trimmed(api, ty, example, 0);
    let json = pretty_json(&value);
    let mut json_lines = json.lines();
    let first = json_lines.next().unwrap_or("null");
    let conversion = if *ty == Type::Any { "" } else { "serde_json::from_value(" };
    let close = if *ty == Type::Any { ");" } else { "))?;" };
    let rest: Vec<&str> = json_lines.collect();
    if rest.is_empty() {
        lines.push(format!("    let {name} = {conversion}serde_json::json!({first}{close}"));
    } else {
        lines.push(format!("    let {name} = {conversion}serde_json::json!({first}"));
        let (last, middle) = rest.split_last().expect("rest is not empty");
        for line in middle {
            lines.push(format!("    {line}"));
        }
        lines.push(format!("    {last}{close}"));
    }
    name
}

/// A file for a multipart part: bytes, with the name and media type the part declares.
const UPLOAD: &str = r#"Upload::new(b"hello".to_vec()).file_name("hello.txt").content_type("text/plain")"#;

/// A literal (or a parse of one) for scalar types; `None` for values that need JSON.
fn literal(api: &Api, ty: &Type, example: &Value) -> Option<String> {
    Some(match ty {
        Type::String => match example {
            Value::String(text) => string_literal(text),
            other => string_literal(&other.to_string()),
        },
        Type::Boolean => example.as_bool().unwrap_or(true).to_string(),
        Type::Integer(name) => {
            let unsigned = name.starts_with('u');
            match (example.as_i64(), example.as_u64()) {
                (Some(value), _) if !unsigned || value >= 0 => value.to_string(),
                (_, Some(value)) => value.to_string(),
                _ => "1".to_owned(),
            }
        }
        Type::Number => {
            let value = example.as_f64().unwrap_or(1.5);
            format!("{value:?}")
        }
        Type::DateTime | Type::Date => {
            let text = example.as_str()?;
            format!("{}.parse()?", string_literal(text))
        }
        // An alias takes its own type, not `impl Into<String>`: a string literal needs `.to_owned()`.
        Type::Model(id) => match &api.models[id.0].kind {
            ModelKind::Alias(Type::String) => format!("{}.to_owned()", literal(api, &Type::String, example)?),
            ModelKind::Alias(inner) => return literal(api, inner, example),
            _ => return None,
        },
        Type::Upload => UPLOAD.to_owned(),
        Type::Array(item) if **item == Type::Upload => format!("vec![{UPLOAD}]"),
        Type::Any | Type::Array(_) | Type::Map(_) => return None,
    })
}

/// The example reduced to what a reader needs: required properties everywhere, a few optional scalar ones at the
/// top, one item per list and one entry per map.
fn trimmed(api: &Api, ty: &Type, example: &Value, depth: usize) -> Value {
    match (ty, example) {
        (Type::Array(item), Value::Array(items)) => {
            Value::Array(items.first().map(|first| trimmed(api, item, first, depth + 1)).into_iter().collect())
        }
        (Type::Map(value_type), Value::Object(entries)) => Value::Object(
            entries.iter().take(1).map(|(key, value)| (key.clone(), trimmed(api, value_type, value, depth + 1))).collect(),
        ),
        (Type::Model(id), Value::Object(properties)) => match &api.models[id.0].kind {
            ModelKind::Struct { fields } => {
                let mut kept = serde_json::Map::new();
                let mut optional_shown = 0;
                for field in fields {
                    let Some(value) = properties.get(&field.json_name) else { continue };
                    let is_scalar = !matches!(value, Value::Object(_) | Value::Array(_) | Value::Null);
                    if field.required {
                        kept.insert(field.json_name.clone(), trimmed(api, &field.ty, value, depth + 1));
                    } else if depth == 0 && is_scalar && optional_shown < OPTIONAL_PROPERTIES_SHOWN {
                        optional_shown += 1;
                        kept.insert(field.json_name.clone(), value.clone());
                    }
                }
                Value::Object(kept)
            }
            ModelKind::Alias(inner) | ModelKind::Newtype(inner) => trimmed(api, inner, example, depth),
            ModelKind::StringEnum { .. } | ModelKind::Union { .. } => example.clone(),
        },
        _ => example.clone(),
    }
}

/// JSON indented by four spaces, like the Rust around it (serde_json indents by two; strings hold no newlines).
fn pretty_json(value: &Value) -> String {
    let json = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".to_owned());
    let lines: Vec<String> = json
        .lines()
        .map(|line| {
            let indent = line.len() - line.trim_start_matches(' ').len();
            format!("{}{}", " ".repeat(indent * 2), &line[indent..])
        })
        .collect();
    lines.join("\n")
}
