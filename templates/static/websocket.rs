//! Websocket connections: the operations the spec marks as websockets open a [`Connection`] that sends and
//! receives the message types the spec documents, as JSON text frames (or text, or raw frames).

// Not every API has messages of every kind, so some encoders and decoders go unused in some crates.
#![allow(dead_code)]

use crate::error::{excerpt, with_causes, RequestFailure, WebSocketError};
use crate::runtime::{OperationInfo, ReadResponse, RequestParts};
use futures_util::{Sink, SinkExt as _, Stream, StreamExt as _};
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio_tungstenite::tungstenite::{self, client::IntoClientRequest as _};

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// How long [`Connection::close`] waits for the server to answer the close frame.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(5);

/// What opening a connection returns: a future of the [`Connection`], or an [`Error`] whose API errors are `E`
/// (the statuses the operation documents, for a refused upgrade).
///
/// [`Error`]: crate::Error
pub type ConnectFuture<S, R, E> =
    Pin<Box<dyn std::future::Future<Output = Result<Connection<S, R>, crate::Error<E>>> + Send + 'static>>;

/// The messages of a connection that sends none: an operation without a request body only receives. No value of
/// this type exists, so [`Connection::send`] cannot be called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoMessage {}

/// A websocket frame as it is, for operations whose messages the spec does not describe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    Text(String),
    Binary(bytes::Bytes),
}

/// Turns an outgoing message into a frame.
pub(crate) type Encode<S> = fn(&S) -> Result<tungstenite::Message, RequestFailure>;

/// Turns an incoming frame into a message.
pub(crate) type Decode<R> = fn(Frame) -> Result<R, RequestFailure>;

/// An open websocket of one operation: send `S` messages, receive `R` messages.
///
/// Receive with [`Connection::receive`] (or as a [`Stream`]), send with [`Connection::send`] (or as a [`Sink`]),
/// and end with [`Connection::close`]. Pings are answered while receiving. A frame that does not decode is an
/// [`Error::Decode`](crate::Error::Decode) naming the JSON path, and the connection stays usable; the stream
/// ends when the server closes the connection ([`Connection::close_reason`] then says why).
pub struct Connection<S, R> {
    socket: Socket,
    encode: Encode<S>,
    decode: Decode<R>,
    close_reason: Option<(u16, String)>,
    finished: bool,
    messages: PhantomData<fn(S) -> R>,
}

impl<S, R> std::fmt::Debug for Connection<S, R> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Connection")
            .field("close_reason", &self.close_reason)
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

impl<S, R> Connection<S, R> {
    /// The next message, `None` once the server has closed the connection.
    pub async fn receive(&mut self) -> Option<Result<R, crate::Error>> {
        self.next().await
    }

    /// Sends one message.
    pub async fn send(&mut self, message: &S) -> Result<(), crate::Error> {
        let frame = (self.encode)(message)?;
        self.socket.send(frame).await.map_err(|error| failure("cannot send the message", error).into())
    }

    /// Closes the connection cleanly: sends a close frame, then reads (and drops) what the server still sends
    /// until it closes too, for at most five seconds.
    pub async fn close(mut self) -> Result<(), crate::Error> {
        match self.socket.close(None).await {
            Ok(()) | Err(tungstenite::Error::ConnectionClosed | tungstenite::Error::AlreadyClosed) => {}
            Err(error) => return Err(failure("cannot close the connection", error).into()),
        }
        let drain = async { while let Some(Ok(_)) = self.socket.next().await {} };
        let _ = tokio::time::timeout(CLOSE_TIMEOUT, drain).await;
        Ok(())
    }

    /// The status code and reason of the close frame the server sent, once it has closed the connection.
    pub fn close_reason(&self) -> Option<(u16, &str)> {
        self.close_reason.as_ref().map(|(code, reason)| (*code, reason.as_str()))
    }
}

impl<S, R> Stream for Connection<S, R> {
    type Item = Result<R, crate::Error>;

    fn poll_next(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            if self.finished {
                return Poll::Ready(None);
            }
            let frame = match std::task::ready!(self.socket.poll_next_unpin(context)) {
                None => {
                    self.finished = true;
                    return Poll::Ready(None);
                }
                Some(Ok(tungstenite::Message::Text(text))) => Frame::Text(text.as_str().to_owned()),
                Some(Ok(tungstenite::Message::Binary(bytes))) => Frame::Binary(bytes),
                Some(Ok(tungstenite::Message::Close(frame))) => {
                    self.close_reason = frame.map(|frame| (u16::from(frame.code), frame.reason.as_str().to_owned()));
                    self.finished = true;
                    return Poll::Ready(None);
                }
                // tungstenite answers pings itself; pongs and raw frames carry no message.
                Some(Ok(_)) => continue,
                Some(Err(tungstenite::Error::ConnectionClosed | tungstenite::Error::AlreadyClosed)) => {
                    self.finished = true;
                    return Poll::Ready(None);
                }
                Some(Err(error)) => {
                    self.finished = true;
                    return Poll::Ready(Some(Err(failure("the connection failed", error).into())));
                }
            };
            return Poll::Ready(Some((self.decode)(frame).map_err(Into::into)));
        }
    }
}

impl<S, R> Sink<S> for Connection<S, R> {
    type Error = crate::Error;

    fn poll_ready(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.socket.poll_ready_unpin(context).map_err(|error| failure("cannot send the message", error).into())
    }

    fn start_send(mut self: Pin<&mut Self>, message: S) -> Result<(), Self::Error> {
        let frame = (self.encode)(&message)?;
        self.socket.start_send_unpin(frame).map_err(|error| failure("cannot send the message", error).into())
    }

    fn poll_flush(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.socket.poll_flush_unpin(context).map_err(|error| failure("cannot send the message", error).into())
    }

    fn poll_close(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.socket.poll_close_unpin(context).map_err(|error| failure("cannot close the connection", error).into())
    }
}

/// Opens the websocket of an operation: the upgrade request carries the operation's path, query, headers and
/// credentials. A refused upgrade is decoded by the operation's `decode` as an HTTP response would be, so a
/// documented error status becomes [`Error::Api`](crate::Error::Api).
pub(crate) fn connect<S: 'static, R: 'static, T: 'static, E: 'static>(
    request: Result<(crate::Client, RequestParts), RequestFailure>,
    operation: &'static OperationInfo,
    refusal: crate::runtime::Decode<T, E>,
    encode: Encode<S>,
    decode: Decode<R>,
) -> ConnectFuture<S, R, E> {
    Box::pin(async move {
        let (client, parts) = request?;
        let (url, headers, timeout) = client.websocket_request(parts, operation.schemes)?;
        let mut upgrade = url
            .as_str()
            .into_client_request()
            .map_err(|error| RequestFailure::Invalid(format!("the websocket URL `{url}` is not valid: {error}")))?;
        upgrade.headers_mut().extend(headers);
        let handshake = tokio_tungstenite::connect_async(upgrade);
        let outcome = match timeout {
            Some(timeout) => tokio::time::timeout(timeout, handshake)
                .await
                .map_err(|_| failure_message(format!("the websocket upgrade at {url} timed out after {timeout:?}")))?,
            None => handshake.await,
        };
        match outcome {
            Ok((socket, _)) => Ok(Connection {
                socket,
                encode,
                decode,
                close_reason: None,
                finished: false,
                messages: PhantomData,
            }),
            Err(tungstenite::Error::Http(response)) => Err(refused(*response, refusal)),
            Err(error) => Err(failure(&format!("cannot open the websocket at {url}"), error).into()),
        }
    })
}

/// The error of an upgrade the server answered with a status other than 101: the operation's documented error
/// for that status, or a [`WebSocketError`] with the status and body when the status is not an error.
fn refused<T, E>(
    response: tungstenite::http::Response<Option<Vec<u8>>>,
    refusal: crate::runtime::Decode<T, E>,
) -> crate::Error<E> {
    let status = response.status().as_u16();
    let (head, body) = response.into_parts();
    let body = bytes::Bytes::from(body.unwrap_or_default());
    // A success without the switch is a server that speaks no websocket here, whatever its body says.
    if !(200..300).contains(&status)
        && let Err(error) = refusal(ReadResponse::new(status, head.headers, body.clone()))
    {
        return error;
    }
    crate::Error::WebSocket(Box::new(WebSocketError {
        message: format!("the server answered {status} instead of switching to the websocket protocol: {}", excerpt(&body)),
        status: Some(status),
        body: Some(body),
    }))
}

fn failure(context: &str, error: tungstenite::Error) -> RequestFailure {
    failure_message(format!("{context}: {}", with_causes(&error)))
}

fn failure_message(message: String) -> RequestFailure {
    RequestFailure::WebSocket(Box::new(WebSocketError { message, status: None, body: None }))
}

/// Outgoing JSON messages, as text frames.
pub(crate) fn encode_json<S: serde::Serialize>(message: &S) -> Result<tungstenite::Message, RequestFailure> {
    serde_json::to_string(message)
        .map(tungstenite::Message::text)
        .map_err(|error| RequestFailure::Invalid(format!("the message cannot be encoded as JSON: {error}")))
}

/// Outgoing text messages. It takes `&String` because a connection's encoder takes a reference to its message.
#[allow(clippy::ptr_arg)]
pub(crate) fn encode_text(message: &String) -> Result<tungstenite::Message, RequestFailure> {
    Ok(tungstenite::Message::text(message.as_str()))
}

/// Outgoing frames, as they are.
pub(crate) fn encode_frame(message: &Frame) -> Result<tungstenite::Message, RequestFailure> {
    Ok(match message {
        Frame::Text(text) => tungstenite::Message::text(text.as_str()),
        Frame::Binary(bytes) => tungstenite::Message::Binary(bytes.clone()),
    })
}

/// A connection that sends nothing.
pub(crate) fn encode_nothing(message: &NoMessage) -> Result<tungstenite::Message, RequestFailure> {
    match *message {}
}

/// Incoming JSON messages, from text or binary frames; errors name the JSON path of the value that failed.
pub(crate) fn decode_json<R: serde::de::DeserializeOwned>(frame: Frame) -> Result<R, RequestFailure> {
    let (bytes, kind) = match frame {
        Frame::Text(text) => (bytes::Bytes::from(text), "websocket text frame"),
        Frame::Binary(bytes) => (bytes, "websocket binary frame"),
    };
    ReadResponse::message(kind, bytes).json()
}

/// Incoming text messages, from text frames or UTF-8 binary frames.
pub(crate) fn decode_text(frame: Frame) -> Result<String, RequestFailure> {
    match frame {
        Frame::Text(text) => Ok(text),
        Frame::Binary(bytes) => ReadResponse::message("websocket binary frame", bytes).text(),
    }
}

/// Incoming frames, as they are.
pub(crate) fn decode_frame(frame: Frame) -> Result<Frame, RequestFailure> {
    Ok(frame)
}
