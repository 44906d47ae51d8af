//! What every operation shares, one module per concern: encoding what is sent, multipart bodies, the serde code
//! of models, the JSON path of a decode error, the request every operation builds, sending with retries, and the
//! retry policy.

mod encoding;
mod json_path;
mod model_serde;
mod multipart;
mod request;
mod retry;
mod transport;

#[allow(unused_imports)] // Only an API with structured query values names the style.
pub(crate) use encoding::{path_segment, QueryStyle, RequestParts};
#[allow(unused_imports)] // An API without object models uses none of them.
pub(crate) use model_serde::{
    debug_object, keep_unknown, model_serde, next_field, read_object, write_object, Key, Write, WriteIfSet,
    ReadObject,
};
#[allow(unused_imports)] // Exported by the crate only when an operation sends files.
pub use multipart::Upload;
pub use request::{Operation, OperationSpec, Request};
pub use retry::RetryPolicy;
pub use transport::{RequestOptions, Response};
#[allow(unused_imports)] // Which of these an API uses depends on its operations.
pub(crate) use transport::{send, send_streaming, send_with_response, Decode, OperationInfo, ReadResponse, Transport};
