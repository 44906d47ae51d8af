//! The request every operation builds: its parameters, the client it goes through and this request's options.
//! What every request can do (headers, options, sending, awaiting) is written here once, for all operations;
//! each operation adds only its parameters' setters and how they are encoded.

use super::encoding::RequestParts;
use super::transport::{Decode, OperationInfo, RequestOptions, Response};
use crate::error::RequestFailure;

/// A request to one operation, made by the operation's method on its API type: set the operation's optional
/// parameters, add headers or options for this request only, then `.await` it.
///
/// `P` holds the operation's parameters. Each operation names its request type
/// (`apis::<tag>::<Operation>`, an alias of `Request<<Operation>Params>`), whose page lists its setters.
#[derive(Clone)]
#[must_use = "a request does nothing until it is awaited, sent or connected"]
pub struct Request<P> {
    client: crate::Client,
    pub(crate) params: P,
    options: RequestOptions,
}

/// Names the operation's parameters type and shows this request's options. The parameters' values are not shown:
/// a `Debug` of every operation's parameters would be compiled in every build of the crate, for little use (a
/// failed call's error names the operation, and its status and body).
impl<P> std::fmt::Debug for Request<P> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Request")
            .field("params", &std::any::type_name::<P>())
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl<P> Request<P> {
    #[allow(dead_code)] // An API without operations (or with no tag feature on) makes no request.
    pub(crate) fn new(client: crate::Client, params: P) -> Self {
        Request { client, params, options: RequestOptions::default() }
    }

    /// Adds a header to this request only; it replaces a header of the same name set by the client.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options = self.options.header(name, value);
        self
    }

    /// Sets options for this request only: headers, a timeout, a retry policy.
    pub fn with_options(mut self, options: RequestOptions) -> Self {
        self.options = self.options.merge(options);
        self
    }

    /// The client and the request, with every parameter and the body encoded by `encode` and this request's
    /// options applied.
    #[allow(dead_code)] // An API without operations (or with no tag feature on) sends nothing.
    pub(crate) fn into_parts(
        self,
        encode: fn(P) -> Result<RequestParts, RequestFailure>,
    ) -> Result<(crate::Client, RequestParts), RequestFailure> {
        let mut parts = encode(self.params)?;
        parts.options(self.options);
        Ok((self.client, parts))
    }
}

impl<P: Operation> Request<P> {
    /// Sends the request and decodes the response. Awaiting the request does the same.
    pub fn send(self) -> crate::ResponseFuture<P::Output, P::Error> {
        super::send(self.into_parts(P::SPEC.encode), P::SPEC.info, P::SPEC.decode)
    }

    /// Sends the request and decodes the response, keeping the status and headers it came with.
    pub fn send_with_response(self) -> crate::ResponseFuture<Response<P::Output>, P::Error> {
        super::send_with_response(self.into_parts(P::SPEC.encode), P::SPEC.info, P::SPEC.decode)
    }

    /// Sends the request and returns a successful response unread; an error status is read and decoded as
    /// [`Request::send`] decodes it. Operations with a binary response offer it as their `send_streaming`.
    #[allow(dead_code)] // Only an API with a binary response streams.
    pub(crate) fn send_unread(self) -> crate::ResponseFuture<reqwest::Response, P::Error> {
        super::send_streaming(self.into_parts(P::SPEC.encode), P::SPEC.info, P::SPEC.decode)
    }
}

impl<P: Operation> std::future::IntoFuture for Request<P> {
    type Output = Result<P::Output, crate::Error<P::Error>>;
    type IntoFuture = crate::ResponseFuture<P::Output, P::Error>;

    fn into_future(self) -> Self::IntoFuture {
        self.send()
    }
}

/// The parameters of an operation answered over HTTP, which a [`Request`] sends: each operation's
/// `<Operation>Params` implements it, and nothing else can (its [`OperationSpec`] cannot be made outside this
/// crate).
pub trait Operation: Sized + 'static {
    /// What a successful call returns.
    type Output: 'static;
    /// The error statuses the operation documents, each with its body.
    type Error: 'static;
    /// How the runtime encodes the parameters and decodes the answer.
    #[doc(hidden)]
    const SPEC: OperationSpec<Self>;
}

/// How the runtime sends an operation: what it knows of the operation, how the parameters become a request and
/// how a response is decoded. Only this crate makes one.
#[doc(hidden)]
pub struct OperationSpec<P: Operation> {
    pub(crate) info: &'static OperationInfo,
    pub(crate) encode: fn(P) -> Result<RequestParts, RequestFailure>,
    pub(crate) decode: Decode<P::Output, P::Error>,
}
