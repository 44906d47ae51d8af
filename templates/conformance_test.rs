//! Calls every operation of the API through the generated client, against a server that validates each request
//! against the spec and answers with a valid instance of the documented success response.
//!
//! It also holds [`dispatch`], which makes any call of a JSON call plan through the client, for the wire parity
//! test with the Python SDK (`RECORDING_SERVER_URL`, `CALL_PLAN`).
//!
//! `VALIDATING_SERVER_URL` names the server; `scripts/test.sh` starts it. Each operation is called twice: with its
//! required arguments only, then with every optional argument set too. A call passes when the request is valid,
//! the status is the documented success status and the body decodes into the declared type.

// Proving that a call's future is `Send` looks through recursive models, which nest deeply.
#![recursion_limit = "512"]

use {{ view.crate_lib }}::Client;

/// A client of the server at `base_url` with a test credential for every security scheme.
fn test_client(base_url: String) -> Client {
    Client::builder()
        .base_url(base_url)
{% for setter in view.credential_setters %}
        .{{ setter }}
{% endfor %}
        .build()
        .expect("the test client builds")
}

/// Decodes an example value generated from the spec into the argument's Rust type.
fn example<T: serde::de::DeserializeOwned>(json: &str) -> T {
    serde_json::from_str(json).unwrap_or_else(|error| panic!("the example {json} does not decode: {error}"))
}
{% for op in view.operations %}
{% include "conformance_call.rs" %}
{% endfor %}
{% for op in view.websocket_operations %}
{% include "conformance_call.rs" %}
{% endfor %}

#[tokio::test(flavor = "multi_thread")]
async fn every_operation_passes_the_validating_server() {
    let base_url = std::env::var("VALIDATING_SERVER_URL")
        .expect("VALIDATING_SERVER_URL names the validating server; scripts/test.sh starts it and sets it");
    let client = test_client(base_url);
    // One boxed future per call keeps each call's state on the heap: a single future holding all of them
    // would be too large for a thread's stack.
    type Call = for<'a> fn(&'a Client, bool) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), String>> + Send + 'a>>;
    let calls: &[(&str, Call)] = &[
{% for op in view.operations %}
        ({{ op.name }}, |client, with_optional| Box::pin({{ op.function }}(client, with_optional))),
{% endfor %}
    ];
    let mut failures = Vec::new();
    for with_optional in [false, true] {
        let pass = if with_optional { "all arguments" } else { "required arguments" };
        let mut called = 0;
        let mut failed = Vec::new();
        for (operation_id, call) in calls {
            called += 1;
            if let Err(error) = call(&client, with_optional).await {
                failed.push(format!("{operation_id} ({pass}): {error}"));
            }
        }
        println!("conformance with {pass}: {called} operations called, {} passed, {} failed", called - failed.len(), failed.len());
        for failure in &failed {
            println!("  failed: {failure}");
        }
        failures.extend(failed);
    }
    assert!(failures.is_empty(), "{} calls failed:\n{}", failures.len(), failures.join("\n"));
}

{% if view.has_websocket_operations %}
/// How many messages each websocket operation must deliver: the websocket test server sends three (a full
/// instance, one with unknown properties, one with an unknown enum value) after the upgrade or after each message.
const WEBSOCKET_MESSAGES: usize = 3;

#[tokio::test(flavor = "multi_thread")]
async fn every_websocket_operation_passes_the_websocket_server() {
    let Ok(base_url) = std::env::var("WEBSOCKET_SERVER_URL") else {
        panic!("WEBSOCKET_SERVER_URL names the websocket test server; scripts/test.sh starts it and sets it");
    };
    let client = test_client(base_url);
    type Call = for<'a> fn(&'a Client, bool) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), String>> + Send + 'a>>;
    let calls: &[(&str, Call)] = &[
{% for op in view.websocket_operations %}
        ({{ op.name }}, |client, with_optional| Box::pin({{ op.function }}(client, with_optional))),
{% endfor %}
    ];
    let mut failures = Vec::new();
    for with_optional in [false, true] {
        let pass = if with_optional { "all arguments" } else { "required arguments" };
        let mut failed = Vec::new();
        for (operation_id, call) in calls {
            if let Err(error) = call(&client, with_optional).await {
                failed.push(format!("{operation_id} ({pass}): {error}"));
            }
        }
        println!(
            "websocket operations exercised with {pass}: {} of {}, {} messages received each, {} failed",
            calls.len() - failed.len(),
            calls.len(),
            WEBSOCKET_MESSAGES,
            failed.len()
        );
        for failure in &failed {
            println!("  failed: {failure}");
        }
        failures.extend(failed);
    }
    assert!(failures.is_empty(), "{} websocket calls failed:\n{}", failures.len(), failures.join("\n"));
}

{% endif %}
/// Decodes the argument `key` of a call plan into the parameter's Rust type.
fn plan_argument<T: serde::de::DeserializeOwned>(arguments: &serde_json::Map<String, serde_json::Value>, key: &str) -> Result<T, String> {
    let value = arguments.get(key).ok_or_else(|| format!("the plan gives no `{key}`"))?;
    serde_json::from_value(value.clone()).map_err(|error| format!("the plan's `{key}` does not decode: {error}"))
}

/// A boxed call of the plan; each operation gets its own function so that no single stack frame holds them all.
type PlanCall<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), String>> + Send + 'a>>;

/// Makes one call of a call plan: the operation named `operation_id`, with the arguments the plan gives (by the
/// spec's parameter names; a body by its Rust name). Optional arguments the plan leaves out are not set.
/// Each request carries its call's index in `x-plan-call`, so that a comparison can pair requests with calls.
fn dispatch<'a>(
    client: &'a Client,
    call_index: usize,
    operation_id: &str,
    arguments: &'a serde_json::Map<String, serde_json::Value>,
) -> PlanCall<'a> {
    match operation_id {
{% for op in view.operations %}
        {{ op.name }} => Box::pin(plan_{{ op.function }}(client, call_index, arguments)),
{% endfor %}
        unknown => {
            let error = format!("no operation `{unknown}`");
            Box::pin(async move { Err(error) })
        }
    }
}
{% for op in view.operations %}

{% if op.deprecated %}
#[allow(deprecated)]
{% endif %}
async fn plan_{{ op.function }}(
    client: &Client,
    call_index: usize,
    arguments: &serde_json::Map<String, serde_json::Value>,
) -> Result<(), String> {
    let request = client.{{ op.accessor }}().{{ op.method }}({% for argument in op.positional_arguments %}plan_argument::<{{ argument.ty }}>(arguments, {{ argument.key }})?, {% endfor %});
{% for setter in op.optional %}
    let request = match arguments.contains_key({{ setter.key }}) {
        true => request.{{ setter.name }}(plan_argument::<{{ setter.ty }}>(arguments, {{ setter.key }})?),
        false => request,
    };
{% endfor %}
{% if !op.has_arguments %}
    let _ = arguments;
{% endif %}
    let request = request.header("x-plan-call", call_index.to_string());
    request.await.map(|_| ()).map_err(|error| error.to_string())
}
{% endfor %}

/// Replays the call plan `CALL_PLAN` against `RECORDING_SERVER_URL`, so that a script can compare the requests
/// with the Python SDK's for the same plan. Responses are not judged. A plan is a JSON list of calls
/// `{"operation_id", "args", "parameters"}`: `args` are keyed by the Python SDK's argument names, and
/// `parameters` maps those (`sdk_name`) to the spec's names (`spec_name`); other arguments are bodies.
#[tokio::test(flavor = "multi_thread")]
async fn replay_call_plan_for_wire_parity() {
    let (Ok(base_url), Ok(plan_path)) = (std::env::var("RECORDING_SERVER_URL"), std::env::var("CALL_PLAN")) else {
        panic!("RECORDING_SERVER_URL and CALL_PLAN are set by scripts/wire-parity.sh; run that instead");
    };
    let plan_text = std::fs::read_to_string(&plan_path).expect("the call plan is readable");
    let plan: Vec<serde_json::Value> = serde_json::from_str(&plan_text).expect("the call plan is a JSON list");
    let client = test_client(base_url);
    let mut refused = Vec::new();
    for (call_index, call) in plan.iter().enumerate() {
        let operation_id = call["operation_id"].as_str().expect("each call names its operation");
        let mut arguments = call["args"].as_object().cloned().unwrap_or_default();
        for parameter in call["parameters"].as_array().into_iter().flatten() {
            let (Some(sdk_name), Some(spec_name)) = (parameter["sdk_name"].as_str(), parameter["spec_name"].as_str()) else {
                continue;
            };
            if let Some(value) = arguments.remove(sdk_name) {
                arguments.insert(spec_name.to_owned(), value);
            }
        }
        if let Err(error) = dispatch(&client, call_index, operation_id, &arguments).await {
            if error.starts_with("the plan") || error.starts_with("no operation") {
                refused.push(format!("{operation_id}: {error}"));
            }
        }
    }
    assert!(refused.is_empty(), "calls of the plan could not be made:\n{}", refused.join("\n"));
    println!("replayed {} calls", plan.len());
}
