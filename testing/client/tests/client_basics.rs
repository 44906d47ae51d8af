//! The generated client's contract, checked on the wire against a loopback server: paths, headers, query,
//! credentials, and how each kind of response becomes a value or an error.

use client_tests::{Answer, LoopbackServer};
use pieces_os_client::apis::workstream_event_api::{
    WorkstreamEventAssociateTagError, WorkstreamEventsSpecificWorkstreamEventSnapshotError as SnapshotError,
};
use pieces_os_client::{Client, Error};
use std::time::Duration;

const KEY: &str = "secret-application-id";

fn client(server: &LoopbackServer) -> Client {
    Client::builder().base_url(&server.base_url).application_api_key(KEY).build().unwrap()
}

#[tokio::test]
async fn path_ids_are_one_encoded_segment_and_credentials_headers_and_query_are_sent() {
    let server = LoopbackServer::start(Answer::text(410, "gone"));
    let id = "a/b?c#d%e f~g+h\u{e9}";
    let result = client(&server)
        .workstream_event_api()
        .workstream_events_specific_workstream_event_snapshot(id)
        .transferables(true)
        .header("x-test", "yes")
        .await;
    assert!(matches!(result, Err(Error::Api { error: SnapshotError::Gone(ref body), .. }) if body == "gone"), "{result:?}");
    let request = server.last_request();
    assert_eq!(request.method, "GET");
    assert_eq!(request.target, "/workstream_event/a%2Fb%3Fc%23d%25e%20f~g%2Bh%C3%A9?transferables=true");
    assert_eq!(request.header("x-application-id"), Some(KEY));
    assert_eq!(request.header("accept"), Some("application/json"));
    assert_eq!(request.header("x-test"), Some("yes"));
    assert!(request.header("user-agent").is_some_and(|agent| agent.starts_with("pieces-os-client/")));
}

/// `.` and `..` would be resolved away by the URL parser (`GET /workstream_event/..` is `GET /`): the call, with its
/// credentials, would reach another endpoint. They are refused before anything is sent; `...` and `.%2e` are
/// ordinary ids and go out encoded as one segment.
#[tokio::test]
async fn dot_segment_ids_are_refused_and_other_dotted_ids_are_sent_as_one_segment() {
    let server = LoopbackServer::start(Answer::text(410, "gone"));
    let events = client(&server).workstream_event_api();
    for id in ["", ".", ".."] {
        let result = events.workstream_events_specific_workstream_event_snapshot(id).await;
        match result {
            Err(Error::InvalidRequest(message)) => assert!(message.contains("workstream_event"), "{message}"),
            other => panic!("id {id:?} must be refused, got {other:?}"),
        }
    }
    assert!(server.requests().is_empty(), "nothing may be sent for a dot segment: {:?}", server.requests());
    for (id, target) in [("...", "/workstream_event/..."), (".%2e", "/workstream_event/.%252e"), ("a/..", "/workstream_event/a%2F..")] {
        let result = events.workstream_events_specific_workstream_event_snapshot(id).await;
        assert!(matches!(result, Err(Error::Api { error: SnapshotError::Gone(_), .. })), "{id:?}: {result:?}");
        assert_eq!(server.last_request().target, target, "id {id:?}");
    }
}

#[tokio::test]
async fn the_key_never_appears_in_debug_output() {
    let server = LoopbackServer::start(Answer::empty(204));
    let client = client(&server);
    let debug = format!("{client:?} {:?}", Client::builder().application_api_key(KEY));
    assert!(!debug.contains(KEY), "{debug}");
    assert!(debug.contains("<redacted>"), "{debug}");
}

#[tokio::test]
async fn a_request_debug_names_its_operation_and_headers_but_no_secret() {
    let server = LoopbackServer::start(Answer::empty(204));
    let request = client(&server)
        .workstream_event_api()
        .workstream_event_associate_tag("event", "tag")
        .header("authorization", "Bearer per-request-token");
    let debug = format!("{request:?}");
    assert!(debug.contains("workstream_event_api::WorkstreamEventAssociateTagParams"), "{debug}");
    // A header added for one request shows its name, never its value.
    assert!(debug.contains("authorization") && debug.contains("<redacted>"), "{debug}");
    assert!(!debug.contains("per-request-token") && !debug.contains(KEY), "{debug}");
    assert!(server.requests().is_empty(), "formatting a request sends nothing");
}

#[tokio::test]
async fn no_content_is_unit_and_documented_errors_carry_their_text() {
    let server = LoopbackServer::start(Answer::empty(204));
    let api = client(&server).workstream_event_api();
    let unit: () = api.workstream_event_associate_tag("event", "tag").await.unwrap();
    assert_eq!(unit, ());
    assert_eq!(server.last_request().target, "/workstream_event/event/tags/associate/tag");
    assert_eq!(server.last_request().header("accept"), Some("text/plain"));

    let failing = LoopbackServer::start(Answer::text(500, "database locked"));
    let result = client(&failing).workstream_event_api().workstream_event_associate_tag("event", "tag").await;
    match result {
        Err(Error::Api { error: WorkstreamEventAssociateTagError::InternalServerError(body), .. }) => assert_eq!(body, "database locked"),
        other => panic!("expected the documented 500, got {other:?}"),
    }
}

#[tokio::test]
async fn json_bodies_decode_and_optional_bodies_are_sent_only_when_set() {
    // The required fields of a WorkstreamEvent, generated once from the spec's schema.
    let event = include_str!("data/workstream_event_minimal.json");
    let server = LoopbackServer::start(Answer::json(200, event));
    let api = client(&server).workstream_event_api();
    let decoded = api.workstream_event_update().await.unwrap();
    assert_eq!(decoded.id, "e1");
    let without_body = server.last_request();
    assert!(without_body.body.is_empty(), "no body when the optional body is absent");
    assert_eq!(without_body.header("content-type"), None);

    api.workstream_event_update().workstream_event(decoded.clone()).await.unwrap();
    let with_body = server.last_request();
    assert_eq!(with_body.header("content-type"), Some("application/json"));
    let sent: serde_json::Value = serde_json::from_slice(&with_body.body).unwrap();
    assert_eq!(sent, serde_json::from_str::<serde_json::Value>(event).unwrap());
}

#[tokio::test]
async fn undocumented_statuses_keep_status_and_body() {
    let server = LoopbackServer::start(Answer::text(401, "missing X-Application-ID"));
    let result = Client::builder()
        .base_url(&server.base_url)
        .build()
        .unwrap()
        .workstream_event_api()
        .workstream_events_specific_workstream_event_snapshot("e")
        .await;
    let Err(error) = result else { panic!("a 401 is an error") };
    assert_eq!(error.status(), Some(401));
    let message = error.to_string();
    assert!(message.contains("401") && message.contains("missing X-Application-ID") && message.contains("credentials"), "{message}");
    assert!(server.last_request().header("x-application-id").is_none(), "no key configured, none sent");
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    let address = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let client = Client::builder().base_url(format!("http://{address}")).build().unwrap();
    let result = client.workstream_event_api().workstream_event_associate_tag("e", "t").await;
    assert!(matches!(result, Err(Error::Transport(_))), "{result:?}");
}

#[tokio::test]
async fn the_timeout_fires_on_a_server_that_never_answers() {
    let server = LoopbackServer::start(Answer::Hang);
    let client = Client::builder().base_url(&server.base_url).timeout(Duration::from_millis(300)).build().unwrap();
    let result = client.workstream_event_api().workstream_event_associate_tag("e", "t").await;
    assert!(matches!(result, Err(Error::Timeout(_))), "{result:?}");
}

#[test]
fn a_bad_base_url_is_a_clear_error() {
    let error = Client::builder().base_url("not a url").build().unwrap_err();
    assert!(error.to_string().contains("base URL"), "{error}");
}

#[tokio::test]
async fn a_binary_answer_streams_piece_by_piece_and_an_error_status_is_still_decoded() {
    use pieces_os_client::apis::model_context_protocol_api::ModelContextProtocolMessagesError;
    let payload = "0123456789".repeat(20_000);
    let server = LoopbackServer::start(Answer::text(200, &payload));
    let protocol = client(&server).model_context_protocol_api();
    let mut response = protocol.model_context_protocol_messages("2024-11-05").send_streaming().await.unwrap();
    let mut received = Vec::new();
    while let Some(chunk) = response.chunk().await.unwrap() {
        received.extend_from_slice(&chunk);
    }
    assert_eq!(received, payload.as_bytes());

    let failing = LoopbackServer::start(Answer::text(500, "no session"));
    let result = client(&failing).model_context_protocol_api().model_context_protocol_messages("2024-11-05").send_streaming().await;
    assert!(
        matches!(result, Err(Error::Api { error: ModelContextProtocolMessagesError::InternalServerError(ref body), .. }) if body == "no session"),
        "{result:?}"
    );
}
