//! Servers answering garbage: each must become a typed error that says what went wrong, never a panic.

use client_tests::{Answer, LoopbackServer};
use pieces_os_client::{Client, Error};

fn client(server: &LoopbackServer) -> Client {
    Client::builder().base_url(&server.base_url).application_api_key("key").build().unwrap()
}

async fn snapshot(server: &LoopbackServer) -> Result<pieces_os_client::models::WorkstreamEvent, String> {
    match client(server).workstream_event_api().workstream_events_specific_workstream_event_snapshot("e").await {
        Ok(event) => Ok(event),
        Err(Error::Decode(error)) => Err(format!("decode: {error}")),
        Err(Error::Transport(error)) => Err(format!("transport: {error}")),
        Err(other) => Err(format!("other: {other}")),
    }
}

fn minimal_event() -> serde_json::Value {
    serde_json::from_str(include_str!("data/workstream_event_minimal.json")).unwrap()
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_with_an_excerpt() {
    let body = minimal_event().to_string();
    let server = LoopbackServer::start(Answer::json(200, &body[..body.len() / 2]));
    let error = snapshot(&server).await.unwrap_err();
    assert!(error.starts_with("decode: ") && error.contains("EOF") && error.contains("the body starts with"), "{error}");
}

#[tokio::test]
async fn a_wrong_type_deep_inside_names_its_json_path() {
    let mut event = minimal_event();
    event["application"]["onboarded"] = serde_json::json!("yes");
    let server = LoopbackServer::start(Answer::json(200, &event.to_string()));
    let error = snapshot(&server).await.unwrap_err();
    assert!(error.contains("at `application.onboarded`") && error.contains("invalid type"), "{error}");
}

#[tokio::test]
async fn an_html_page_with_status_200_is_a_decode_error_naming_the_content_type() {
    let html = "<html><body><h1>Proxy error</h1></body></html>";
    let server = LoopbackServer::start(Answer::Respond { status: 200, content_type: "text/html", body: html.into() });
    let error = snapshot(&server).await.unwrap_err();
    assert!(error.contains("text/html") && error.contains("Proxy error"), "{error}");
}

#[tokio::test]
async fn an_empty_200_body_is_a_decode_error() {
    let server = LoopbackServer::start(Answer::json(200, ""));
    let error = snapshot(&server).await.unwrap_err();
    assert!(error.contains("the body is empty"), "{error}");
}

#[tokio::test]
async fn a_connection_closed_mid_body_is_a_transport_error() {
    let body = minimal_event().to_string();
    let head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n", body.len());
    let server = LoopbackServer::start(Answer::Raw([head.as_bytes(), &body.as_bytes()[..20]].concat()));
    let error = snapshot(&server).await.unwrap_err();
    assert!(error.starts_with("transport: "), "{error}");
}

/// Uses the default timeout (30 s): it must fire without any configuration.
#[tokio::test]
async fn the_default_timeout_fires_on_a_server_that_never_answers() {
    let server = LoopbackServer::start(Answer::Hang);
    let started = std::time::Instant::now();
    let result = client(&server).workstream_event_api().workstream_event_associate_tag("e", "t").await;
    assert!(matches!(result, Err(Error::Timeout(_))), "{result:?}");
    assert!(started.elapsed() >= pieces_os_client::DEFAULT_TIMEOUT);
}
