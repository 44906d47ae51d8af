//! Errors: what an operation returns when it does not succeed, with everything needed to tell why.

use std::fmt;

/// The error of an operation. `E` lists the error statuses the operation documents, each with its body.
#[derive(Debug)]
pub enum Error<E = std::convert::Infallible> {
    /// The server answered with an error status the operation documents, e.g. `410 Gone`: `error` holds the
    /// status's variant with its body, beside the status and headers it came with.
    Api { error: E, status: u16, headers: Box<reqwest::header::HeaderMap> },
    /// The server answered with a status the operation does not document.
    UnexpectedStatus(Box<UnexpectedResponse>),
    /// The response body is not what the operation documents (bad JSON, a wrong type, not UTF-8 ...).
    Decode(Box<DecodeError>),
    /// The request did not complete in time.
    Timeout(reqwest::Error),
    /// The request could not be sent or the response not read, after every attempt the retry policy allowed:
    /// connection refused, reset, closed mid-body ...
    Transport(TransportError),
    /// The request could not be built: an invalid base URL or header value, a body that cannot be encoded.
    InvalidRequest(String),
    /// A websocket could not be opened or failed: the upgrade was refused with a status that is not an error,
    /// the connection dropped, the peer broke the protocol. Only websocket operations return it.
    WebSocket(Box<WebSocketError>),
}

impl<E> Error<E> {
    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::UnexpectedStatus(response) => Some(response.status),
            Error::Decode(error) => Some(error.status),
            Error::Api { status, .. } => Some(*status),
            Error::Timeout(error) => error.status().map(|status| status.as_u16()),
            Error::WebSocket(error) => error.status,
            Error::Transport(_) | Error::InvalidRequest(_) => None,
        }
    }
}

impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api { error, .. } => write!(formatter, "the server answered {error}"),
            Error::UnexpectedStatus(response) => response.fmt(formatter),
            Error::Decode(error) => error.fmt(formatter),
            Error::Timeout(error) => write!(formatter, "the request timed out: {error}"),
            Error::Transport(error) => write!(formatter, "the request failed{error}"),
            Error::InvalidRequest(message) => write!(formatter, "invalid request: {message}"),
            Error::WebSocket(error) => error.fmt(formatter),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Timeout(error) => Some(error),
            Error::Transport(error) => Some(error),
            Error::Decode(error) => Some(error.as_ref()),
            Error::WebSocket(error) => Some(error.as_ref()),
            _ => None,
        }
    }
}

/// A response with a status the operation does not document, kept whole.
#[derive(Debug, Clone)]
pub struct UnexpectedResponse {
    pub status: u16,
    pub content_type: Option<String>,
    pub headers: reqwest::header::HeaderMap,
    pub body: bytes::Bytes,
}

impl fmt::Display for UnexpectedResponse {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "the server answered with undocumented status {}", self.status)?;
        if matches!(self.status, 401 | 403) {
            write!(formatter, " (check the client's credentials)")?;
        }
        if !self.body.is_empty() {
            write!(formatter, ": {}", excerpt(&self.body))?;
        }
        Ok(())
    }
}

/// A response body that does not decode into the documented type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    pub status: u16,
    pub content_type: Option<String>,
    /// Where in the JSON document decoding failed, e.g. `context.ide.modules.iterable[3].id`; `.` for the root.
    pub path: String,
    pub message: String,
    /// The start of the body, for the error message.
    pub excerpt: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Websocket messages carry the status of the connection, 101 Switching Protocols.
        if self.status == 101 {
            write!(formatter, "cannot decode a websocket message")?;
        } else {
            write!(formatter, "cannot decode the {} response", self.status)?;
        }
        if let Some(content_type) = &self.content_type {
            write!(formatter, " ({content_type})")?;
        }
        write!(formatter, " at `{}`: {}; the body starts with: {}", self.path, self.message, self.excerpt)
    }
}

impl std::error::Error for DecodeError {}

/// A request that could not be sent, or whose answer could not be read, and how many attempts were made.
#[derive(Debug)]
pub struct TransportError {
    attempts: u32,
    source: Box<dyn std::error::Error + Send + Sync>,
}

impl TransportError {
    pub(crate) fn new(source: impl Into<Box<dyn std::error::Error + Send + Sync>>, attempts: u32) -> Self {
        TransportError { attempts, source: source.into() }
    }

    /// How many times the request was sent (the retry policy allows more than one).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Whether no connection could be made (refused, unreachable): the server never saw the request.
    pub fn is_connect(&self) -> bool {
        self.source.downcast_ref::<reqwest::Error>().is_some_and(reqwest::Error::is_connect)
    }
}

/// Written after "the request failed": the attempts, then the error and its causes.
impl fmt::Display for TransportError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.attempts > 1 {
            write!(formatter, " after {} attempts", self.attempts)?;
        }
        write!(formatter, ": {}", with_causes(self.source.as_ref()))
    }
}

/// An error's message followed by those of its causes, each after `: `, for messages that stand alone.
pub(crate) fn with_causes(error: &(dyn std::error::Error + 'static)) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    message
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.source.as_ref())
    }
}

/// A websocket that could not be opened, or that failed once open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebSocketError {
    /// What happened, with the underlying cause.
    pub message: String,
    /// The status of a refused upgrade.
    pub status: Option<u16>,
    /// The body of a refused upgrade.
    pub body: Option<bytes::Bytes>,
}

impl fmt::Display for WebSocketError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.message)
    }
}

impl std::error::Error for WebSocketError {}

/// The start of a body as readable text: at most 200 characters, control characters escaped.
pub(crate) fn excerpt(body: &[u8]) -> String {
    const LIMIT: usize = 200;
    let text = String::from_utf8_lossy(body);
    let mut excerpt: String = text.chars().take(LIMIT).flat_map(char::escape_debug).collect();
    if text.chars().count() > LIMIT {
        excerpt.push_str("...");
    }
    format!("\"{excerpt}\"")
}

/// A failure before a documented status could be matched; converts into every operation's [`Error`].
#[derive(Debug)]
#[allow(dead_code)] // Which failures an API meets depends on its operations (websockets, JSON bodies).
pub(crate) enum RequestFailure {
    Invalid(String),
    Timeout(reqwest::Error),
    Transport(TransportError),
    Decode(Box<DecodeError>),
    WebSocket(Box<WebSocketError>),
}

impl RequestFailure {
    /// The failure of a request that was sent `attempts` times.
    pub(crate) fn from_reqwest(error: reqwest::Error, attempts: u32) -> Self {
        if error.is_timeout() {
            RequestFailure::Timeout(error)
        } else if error.is_builder() {
            RequestFailure::Invalid(error.to_string())
        } else {
            RequestFailure::Transport(TransportError::new(error, attempts))
        }
    }
}

impl<E> From<RequestFailure> for Error<E> {
    fn from(failure: RequestFailure) -> Self {
        match failure {
            RequestFailure::Invalid(message) => Error::InvalidRequest(message),
            RequestFailure::Timeout(error) => Error::Timeout(error),
            RequestFailure::Transport(error) => Error::Transport(error),
            RequestFailure::Decode(error) => Error::Decode(error),
            RequestFailure::WebSocket(error) => Error::WebSocket(error),
        }
    }
}
