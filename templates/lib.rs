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

pub use client::{Client, ClientBuilder, ResponseFuture, Scheme, DEFAULT_BASE_URL, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT};
pub use error::{DecodeError, Error, UnexpectedResponse};
{% if krate.has_uploads %}pub use runtime::Upload;
{% endif %}
