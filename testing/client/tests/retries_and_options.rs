//! The client runtime on the wire, against loopback servers that count what they receive: retries with backoff
//! and `Retry-After`, status and headers beside the body and on errors, per-request options, middleware, and a
//! tracing span per call.

use client_tests::{Answer, LoopbackServer};
use pieces_os_client::apis::workstream_event_api::{
    WorkstreamEventAssociateTagError, WorkstreamEventsSpecificWorkstreamEventSnapshotError as SnapshotError,
};
use pieces_os_client::{Client, Error, RequestOptions, RetryPolicy};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const KEY: &str = "secret-application-id";

/// Retries without the default half-second waits, so that the tests take milliseconds.
fn quick_retries() -> RetryPolicy {
    RetryPolicy::default().delays(Duration::from_millis(5), Duration::from_millis(20))
}

fn client(base_url: &str) -> Client {
    Client::builder().base_url(base_url).application_api_key(KEY).retry(quick_retries()).build().unwrap()
}

#[tokio::test]
async fn a_503_twice_then_200_succeeds_on_the_third_attempt() {
    let server = LoopbackServer::start_sequence(vec![Answer::empty(503), Answer::empty(503), Answer::empty(204)]);
    let result = client(&server.base_url).workstream_event_api().workstream_event_associate_tag("event", "tag").await;
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(server.requests().len(), 3, "two retries");
}

#[tokio::test]
async fn retry_after_in_seconds_is_waited_for() {
    let throttled = Answer::with_headers(429, &[("retry-after", "1")], "slow down");
    let server = LoopbackServer::start_sequence(vec![throttled, Answer::empty(204)]);
    let started = Instant::now();
    let result = client(&server.base_url).workstream_event_api().workstream_event_associate_tag("event", "tag").await;
    let waited = started.elapsed();
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(server.requests().len(), 2);
    // The policy's own delays are 5-20 ms: only `Retry-After: 1` makes the client wait a second.
    assert!(waited >= Duration::from_millis(900), "waited only {waited:?}");
}

#[tokio::test]
async fn a_400_is_never_retried_and_a_post_500_only_when_asked() {
    let server = LoopbackServer::start(Answer::text(400, "bad"));
    let result = client(&server.base_url).workstream_event_api().workstream_event_associate_tag("event", "tag").await;
    assert_eq!(result.unwrap_err().status(), Some(400));
    assert_eq!(server.requests().len(), 1);

    // Associating a tag is a POST: the server may have done it before failing, so a 500 is not retried ...
    let failing = LoopbackServer::start(Answer::text(500, "database locked"));
    let events = client(&failing.base_url).workstream_event_api();
    let result = events.workstream_event_associate_tag("event", "tag").await;
    assert!(matches!(result, Err(Error::Api { error: WorkstreamEventAssociateTagError::InternalServerError(_), .. })));
    assert_eq!(failing.requests().len(), 1);
    // ... unless the caller says the API's POSTs may be repeated.
    let options = RequestOptions::new().retry(quick_retries().any_method(true));
    let _ = events.workstream_event_associate_tag("event", "tag").with_options(options).await;
    assert_eq!(failing.requests().len(), 4);
    // A GET is retried after a 500.
    let _ = events.workstream_events_specific_workstream_event_snapshot("event").await;
    assert_eq!(failing.requests().len(), 7);
}

#[tokio::test]
async fn a_refused_connection_is_retried_then_a_transport_error_counts_the_attempts() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base_url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let result = client(&base_url).workstream_event_api().workstream_event_associate_tag("event", "tag").await;
    match result {
        Err(Error::Transport(error)) => {
            assert_eq!(error.attempts(), 3);
            assert!(error.is_connect());
            let message = Error::<std::convert::Infallible>::Transport(error).to_string();
            assert!(message.starts_with("the request failed after 3 attempts: "), "{message}");
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
    let once = Client::builder().base_url(&base_url).no_retries().build().unwrap();
    match once.workstream_event_api().workstream_event_associate_tag("event", "tag").await {
        Err(Error::Transport(error)) => assert_eq!(error.attempts(), 1),
        other => panic!("expected a transport error, got {other:?}"),
    }
}

#[tokio::test]
async fn status_and_headers_come_with_the_body_and_with_errors() {
    let server = LoopbackServer::start(Answer::with_headers(204, &[("x-request-id", "abc-123")], ""));
    let events = client(&server.base_url).workstream_event_api();
    let response = events.workstream_event_associate_tag("event", "tag").send_with_response().await.unwrap();
    assert_eq!(response.status(), 204);
    assert_eq!(response.headers()["x-request-id"], "abc-123");
    assert_eq!(response.into_body(), ());

    let gone = LoopbackServer::start(Answer::with_headers(410, &[("x-request-id", "def-456")], "gone"));
    match client(&gone.base_url).workstream_event_api().workstream_events_specific_workstream_event_snapshot("event").await {
        Err(Error::Api { error: SnapshotError::Gone(body), status, headers }) => {
            assert_eq!((body.as_str(), status), ("gone", 410));
            assert_eq!(headers["x-request-id"], "def-456");
        }
        other => panic!("expected the documented 410, got {other:?}"),
    }
    let teapot = LoopbackServer::start(Answer::with_headers(418, &[("x-request-id", "ghi-789")], "teapot"));
    match client(&teapot.base_url).workstream_event_api().workstream_events_specific_workstream_event_snapshot("event").await {
        Err(Error::UnexpectedStatus(response)) => assert_eq!(response.headers["x-request-id"], "ghi-789"),
        other => panic!("expected an undocumented status, got {other:?}"),
    }
}

#[tokio::test]
async fn per_request_options_set_a_timeout_and_headers_for_one_call() {
    let server = LoopbackServer::start(Answer::Hang);
    let options = RequestOptions::new().timeout(Duration::from_millis(200)).header("x-trace", "one").retry(RetryPolicy::none());
    let started = Instant::now();
    let result = client(&server.base_url).workstream_event_api().workstream_events_specific_workstream_event_snapshot("event").with_options(options).await;
    assert!(matches!(result, Err(Error::Timeout(_))), "{result:?}");
    assert!(started.elapsed() < Duration::from_secs(10), "the one call's timeout, not the client's 30 s, applied");
    assert_eq!(server.last_request().header("x-trace"), Some("one"));
}

/// A middleware that adds a header, and one that records the calls it sees.
struct AddHeader;

#[async_trait::async_trait]
impl reqwest_middleware::Middleware for AddHeader {
    async fn handle(
        &self,
        mut request: reqwest::Request,
        extensions: &mut http::Extensions,
        next: reqwest_middleware::Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        request.headers_mut().insert("x-added-by-middleware", "yes".parse().unwrap());
        next.run(request, extensions).await
    }
}

struct RecordCalls(Arc<Mutex<Vec<String>>>);

#[async_trait::async_trait]
impl reqwest_middleware::Middleware for RecordCalls {
    async fn handle(
        &self,
        request: reqwest::Request,
        extensions: &mut http::Extensions,
        next: reqwest_middleware::Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        let call = format!("{} {}", request.method(), request.url().path());
        let response = next.run(request, extensions).await?;
        self.0.lock().unwrap().push(format!("{call} -> {}", response.status().as_u16()));
        Ok(response)
    }
}

#[tokio::test]
async fn middleware_sees_every_attempt_and_can_change_the_request() {
    let server = LoopbackServer::start_sequence(vec![Answer::empty(503), Answer::empty(204)]);
    let calls = Arc::new(Mutex::new(Vec::new()));
    let middleware = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(AddHeader)
        .with(RecordCalls(Arc::clone(&calls)))
        .build();
    let client = Client::builder()
        .base_url(&server.base_url)
        .application_api_key(KEY)
        .retry(quick_retries())
        .middleware(middleware)
        .build()
        .unwrap();
    client.workstream_event_api().workstream_event_associate_tag("event", "tag").await.unwrap();
    assert_eq!(server.last_request().header("x-added-by-middleware"), Some("yes"));
    assert_eq!(server.last_request().header("x-application-id"), Some(KEY), "credentials still go out");
    let path = "/workstream_event/event/tags/associate/tag";
    assert_eq!(*calls.lock().unwrap(), [format!("POST {path} -> 503"), format!("POST {path} -> 204")]);
}

/// Collects what the `fmt` subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn each_call_has_a_span_with_the_path_template_and_no_id_or_credential() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let server = LoopbackServer::start(Answer::text(410, "gone"));
    let secret_id = "event-id-that-must-not-be-logged";
    let _ = client(&server.base_url).workstream_event_api().workstream_events_specific_workstream_event_snapshot(secret_id).await;
    let output = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(output.contains("operation=\"workstream_events_specific_workstream_event_snapshot\""), "{output}");
    assert!(output.contains("method=\"GET\""), "{output}");
    assert!(output.contains("path=\"/workstream_event/{workstream_event}\""), "{output}");
    assert!(output.contains("status=410"), "{output}");
    assert!(output.contains("duration_ms="), "{output}");
    assert!(!output.contains(secret_id), "the filled-in path must not be traced: {output}");
    assert!(!output.contains(KEY), "credentials must not be traced: {output}");
}
