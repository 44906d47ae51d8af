//! Sending a request and reading its answer: the one generic future every operation returns, retries with
//! backoff, the response with its status and headers, and, with the `tracing` feature, a span per call.

// Not every API decodes every kind of body or streams, so some of this goes unused in some crates.
#![allow(dead_code)]

use super::encoding::RequestParts;
use super::json_path;
use super::retry::RetryPolicy;
use crate::error::{excerpt, DecodeError, RequestFailure, UnexpectedResponse};
use backon::Retryable as _;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// What the runtime knows of an operation: the credentials it sends, and its id and path template for tracing.
#[derive(Debug)]
#[cfg_attr(not(feature = "tracing"), allow(dead_code))] // Only traces read the id, method and path.
pub(crate) struct OperationInfo {
    pub(crate) id: &'static str,
    pub(crate) method: &'static str,
    /// The path as the spec writes it (`/workstream_event/{workstream_event}`): traced instead of the filled-in path,
    /// which may hold ids.
    pub(crate) path: &'static str,
    pub(crate) schemes: &'static [crate::Scheme],
}

/// How an operation decodes a whole response: by status, into its success type or its error.
pub(crate) type Decode<T, E> = fn(ReadResponse) -> Result<T, crate::Error<E>>;

/// Options for one request, beside the client's: extra headers, a timeout, a retry policy. Give them to an
/// operation's `.with_options(..)`.
#[derive(Clone, Default)]
pub struct RequestOptions {
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) timeout: Option<Option<Duration>>,
    pub(crate) retry: Option<RetryPolicy>,
}

/// Shows the headers' names but not their values: a header added for one request often carries a credential.
impl std::fmt::Debug for RequestOptions {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: Vec<(&str, &str)> = self.headers.iter().map(|(name, _)| (name.as_str(), "<redacted>")).collect();
        formatter
            .debug_struct("RequestOptions")
            .field("headers", &headers)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .finish()
    }
}

impl RequestOptions {
    /// No options: the client's settings apply.
    pub fn new() -> Self {
        RequestOptions::default()
    }

    /// Adds a header; it replaces a header of the same name set by the client.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Limits this request (each attempt), from sending it to reading the whole response, to `timeout`.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(Some(timeout));
        self
    }

    /// Lets this request take as long as it takes.
    pub fn no_timeout(mut self) -> Self {
        self.timeout = Some(None);
        self
    }

    /// Retries this request as `policy` says instead of as the client does.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Adds `other`'s headers to these, and takes its timeout and retry policy where it sets them.
    pub(crate) fn merge(mut self, other: RequestOptions) -> Self {
        self.headers.extend(other.headers);
        self.timeout = other.timeout.or(self.timeout);
        self.retry = other.retry.or(self.retry);
        self
    }
}

/// A decoded response body with the status and headers it came with.
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: u16,
    headers: HeaderMap,
    body: T,
}

impl<T> Response<T> {
    /// The HTTP status, e.g. `200`.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, without the status and headers.
    pub fn into_body(self) -> T {
        self.body
    }

    /// The status, the headers and the decoded body.
    pub fn into_parts(self) -> (u16, HeaderMap, T) {
        (self.status, self.headers, self.body)
    }
}

/// Sends the request an operation built and decodes the answer.
///
/// Every operation's `send` returns this one generic, boxed future instead of being an `async fn` of its own:
/// the compiler then proves once, here, that the future is `Send`, rather than once per operation, which made
/// up a large share of the time to check a generated crate.
#[allow(dead_code)] // An API without operations sends nothing.
pub(crate) fn send<T: 'static, E: 'static>(
    request: Result<(crate::Client, RequestParts), RequestFailure>,
    operation: &'static OperationInfo,
    decode: Decode<T, E>,
) -> crate::ResponseFuture<T, E> {
    Box::pin(traced(operation, async move {
        let (client, parts) = request?;
        let response = execute(&client, parts, operation).await?;
        decode(ReadResponse::read(response).await?)
    }))
}

/// Sends the request an operation built and decodes the answer, keeping its status and headers.
#[allow(dead_code)] // An API without operations sends nothing.
pub(crate) fn send_with_response<T: 'static, E: 'static>(
    request: Result<(crate::Client, RequestParts), RequestFailure>,
    operation: &'static OperationInfo,
    decode: Decode<T, E>,
) -> crate::ResponseFuture<Response<T>, E> {
    Box::pin(traced(operation, async move {
        let (client, parts) = request?;
        let response = ReadResponse::read(execute(&client, parts, operation).await?).await?;
        let (status, headers) = (response.status, response.headers.clone());
        Ok(Response { status, headers, body: decode(response)? })
    }))
}

/// Sends the request an operation built and returns a successful response unread; an error status is read and
/// decoded as [`send`] decodes it.
#[allow(dead_code)] // Only an API with a binary response streams.
pub(crate) fn send_streaming<T: 'static, E: 'static>(
    request: Result<(crate::Client, RequestParts), RequestFailure>,
    operation: &'static OperationInfo,
    decode: Decode<T, E>,
) -> crate::ResponseFuture<reqwest::Response, E> {
    Box::pin(traced(operation, async move {
        let (client, parts) = request?;
        let unread = execute(&client, parts, operation).await?;
        if unread.status().is_success() {
            return Ok(unread);
        }
        let response = ReadResponse::read(unread).await?;
        match decode(response.clone()) {
            Err(error) => Err(error),
            // Only a spec whose `default` response is a success decodes an error status as one; still an error.
            Ok(_) => Err(response.unexpected()),
        }
    }))
}

/// A failed attempt: an answer whose status is worth another attempt, or an error the policy retries or not.
enum Attempt {
    Status(reqwest::Response),
    Failed(SendError),
}

/// Sends a request, again as the retry policy allows; returns the last response before its body is read.
pub(crate) async fn execute(
    client: &crate::Client,
    parts: RequestParts,
    operation: &'static OperationInfo,
) -> Result<reqwest::Response, RequestFailure> {
    let (request, policy) = client.prepare(parts, operation.schemes)?;
    let method = request.method().clone();
    // A body that cannot be copied (a stream) cannot be sent twice; every body this crate builds can.
    let policy = if request.try_clone().is_some() { policy } else { RetryPolicy::none() };
    if policy.retries() == 0 {
        let outcome = client.transport().send(request).await;
        record_status(outcome.as_ref().ok());
        return outcome.map_err(|error| error.into_failure(1));
    }
    let attempts = AtomicU32::new(0);
    let attempt = || {
        attempts.fetch_add(1, Ordering::Relaxed);
        let copy = request.try_clone().expect("checked above: the body can be copied");
        async {
            match client.transport().send(copy).await {
                Ok(response) if policy.retries_status(&method, response.status()) => Err(Attempt::Status(response)),
                Ok(response) => Ok(response),
                Err(error) => Err(Attempt::Failed(error)),
            }
        }
    };
    let outcome = attempt
        .retry(policy.backoff())
        .when(|attempt| match attempt {
            Attempt::Status(_) => true,
            Attempt::Failed(error) => error.reqwest().is_some_and(|error| policy.retries_error(&method, error)),
        })
        .adjust(|attempt, backoff| match attempt {
            Attempt::Status(response) => backoff.map(|backoff| policy.retry_after(response.headers()).unwrap_or(backoff)),
            Attempt::Failed(_) => backoff,
        })
        .await;
    let attempts = attempts.load(Ordering::Relaxed);
    match outcome {
        Ok(response) | Err(Attempt::Status(response)) => {
            record_status(Some(&response));
            Ok(response)
        }
        Err(Attempt::Failed(error)) => Err(error.into_failure(attempts)),
    }
}

/// Runs a call inside a span naming the operation, its method and its path template, and recording the status
/// and the duration; with the `tracing` feature only. The span never holds the filled-in path (ids) nor a
/// credential.
fn traced<F: std::future::Future>(operation: &'static OperationInfo, call: F) -> impl std::future::Future<Output = F::Output> {
    #[cfg(feature = "tracing")]
    {
        use tracing::Instrument as _;
        let span = tracing::info_span!(
            "request",
            operation = operation.id,
            method = operation.method,
            path = operation.path,
            status = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        let started = std::time::Instant::now();
        let timed = async move {
            let output = call.await;
            tracing::Span::current().record("duration_ms", started.elapsed().as_millis() as u64);
            output
        };
        timed.instrument(span)
    }
    #[cfg(not(feature = "tracing"))]
    {
        let _ = operation;
        call
    }
}

/// Records the status of the answer on the call's span (with the `tracing` feature).
fn record_status(response: Option<&reqwest::Response>) {
    #[cfg(feature = "tracing")]
    if let Some(response) = response {
        tracing::Span::current().record("status", response.status().as_u16());
    }
    #[cfg(not(feature = "tracing"))]
    let _ = response;
}

/// Where requests go: straight to `reqwest`, or, with the `middleware` feature, through a
/// `reqwest_middleware::ClientWithMiddleware` of the caller's (tracing, OpenTelemetry, their own).
#[derive(Debug, Clone)]
pub(crate) enum Transport {
    Plain(reqwest::Client),
    #[cfg(feature = "middleware")]
    Middleware(reqwest_middleware::ClientWithMiddleware),
}

impl Transport {
    pub(crate) async fn send(&self, request: reqwest::Request) -> Result<reqwest::Response, SendError> {
        match self {
            Transport::Plain(http) => http.execute(request).await.map_err(SendError::Reqwest),
            #[cfg(feature = "middleware")]
            Transport::Middleware(http) => http.execute(request).await.map_err(|error| match error {
                reqwest_middleware::Error::Reqwest(error) => SendError::Reqwest(error),
                other => SendError::Middleware(other),
            }),
        }
    }
}

/// Why one attempt to send a request failed.
#[derive(Debug)]
pub(crate) enum SendError {
    Reqwest(reqwest::Error),
    #[cfg(feature = "middleware")]
    Middleware(reqwest_middleware::Error),
}

impl SendError {
    fn reqwest(&self) -> Option<&reqwest::Error> {
        match self {
            SendError::Reqwest(error) => Some(error),
            #[cfg(feature = "middleware")]
            SendError::Middleware(_) => None,
        }
    }

    fn into_failure(self, attempts: u32) -> RequestFailure {
        match self {
            SendError::Reqwest(error) => RequestFailure::from_reqwest(error, attempts),
            #[cfg(feature = "middleware")]
            SendError::Middleware(error) => RequestFailure::Transport(crate::error::TransportError::new(error, attempts)),
        }
    }
}

/// A whole response: status, headers and body, read before any decoding.
#[derive(Debug, Clone)]
pub(crate) struct ReadResponse {
    pub(crate) status: u16,
    headers: HeaderMap,
    content_type: Option<String>,
    body: bytes::Bytes,
}

impl ReadResponse {
    pub(crate) fn new(status: u16, headers: HeaderMap, body: bytes::Bytes) -> Self {
        let content_type =
            headers.get(reqwest::header::CONTENT_TYPE).and_then(|value| value.to_str().ok()).map(str::to_owned);
        ReadResponse { status, headers, content_type, body }
    }

    /// A websocket message, decoded as a body would be; `kind` says which frame it came in.
    pub(crate) fn message(kind: &str, body: bytes::Bytes) -> Self {
        ReadResponse { status: 101, headers: HeaderMap::new(), content_type: Some(kind.to_owned()), body }
    }

    pub(crate) async fn read(response: reqwest::Response) -> Result<Self, RequestFailure> {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(|error| RequestFailure::from_reqwest(error, 1))?;
        Ok(ReadResponse::new(status, headers, body))
    }

    fn decode_error(&self, path: String, message: String) -> RequestFailure {
        RequestFailure::Decode(Box::new(DecodeError {
            status: self.status,
            content_type: self.content_type.clone(),
            path,
            message,
            excerpt: excerpt(&self.body),
        }))
    }

    /// Decodes a JSON body; errors name the JSON path of the value that failed.
    pub(crate) fn json<T: DeserializeOwned>(&self) -> Result<T, RequestFailure> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Err(self.decode_error(".".to_owned(), "the body is empty, but JSON was expected".to_owned()));
        }
        serde_json::from_slice(&self.body)
            .map_err(|error| self.decode_error(json_path::error_path(&self.body, &error), error.to_string()))
    }

    /// Decodes an `application/x-www-form-urlencoded` body.
    pub(crate) fn form<T: DeserializeOwned>(&self) -> Result<T, RequestFailure> {
        serde_urlencoded::from_bytes(&self.body).map_err(|error| self.decode_error(".".to_owned(), error.to_string()))
    }

    pub(crate) fn text(&self) -> Result<String, RequestFailure> {
        String::from_utf8(self.body.to_vec())
            .map_err(|error| self.decode_error(".".to_owned(), format!("the body is not UTF-8 text: {error}")))
    }

    pub(crate) fn bytes(&self) -> Result<bytes::Bytes, RequestFailure> {
        Ok(self.body.clone())
    }

    /// A success without a body; whatever the server sent is ignored.
    pub(crate) fn empty(&self) -> Result<(), RequestFailure> {
        Ok(())
    }

    /// A documented error status: the operation's error, with the status and headers it came with.
    pub(crate) fn api_error<E>(&self, error: E) -> crate::Error<E> {
        crate::Error::Api { error, status: self.status, headers: Box::new(self.headers.clone()) }
    }

    pub(crate) fn unexpected<E>(self) -> crate::Error<E> {
        crate::Error::UnexpectedStatus(Box::new(UnexpectedResponse {
            status: self.status,
            content_type: self.content_type,
            headers: self.headers,
            body: self.body,
        }))
    }
}
