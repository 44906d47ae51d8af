{# Definitions first: CommonMark takes the first definition of a label, so links in the README lead to items. #}
{% for link in readme.rustdoc_links %}//! [{{ link.label }}]: {{ link.target }}
{% endfor %}
#![doc = include_str!("../README.md")]

// Recursive models nest deeply; rustdoc's auto-trait analysis needs room to see through them.
#![recursion_limit = "512"]
// Names come from the spec (a property may be called `foo`), and the crate uses its own deprecated items.
#![allow(deprecated, clippy::disallowed_names)]
#![allow(clippy::too_many_arguments, clippy::large_enum_variant, clippy::result_large_err, clippy::type_complexity)]

pub mod apis;
mod client;
mod error;
pub mod models;
mod runtime;
{% if krate.has_discovery %}
mod discovery;
{% endif %}
{% if krate.has_websockets %}
#[cfg(feature = "websocket")]
pub mod websocket;
{% endif %}

pub use client::{Client, ClientBuilder, ResponseFuture, Scheme, DEFAULT_BASE_URL, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT};
{% if krate.has_discovery %}pub use client::{BASE_URL_VARIABLE, DISCOVERY_CANDIDATES};
{% endif %}
pub use error::{DecodeError, Error, TransportError, UnexpectedResponse, WebSocketError};
pub use runtime::{Operation, Request, RequestOptions, Response, RetryPolicy};
#[doc(hidden)]
pub use runtime::OperationSpec;
{% if krate.has_uploads %}pub use runtime::Upload;
{% endif %}
{% if krate.has_discovery %}pub use discovery::{DiscoveryError, DISCOVERY_CONNECT_TIMEOUT, DISCOVERY_PROBE_TIMEOUT};
{% endif %}
