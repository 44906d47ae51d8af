//! The intermediate representation: the spec after validation and naming, ready to be turned into views.
//!
//! Everything here is already checked: names are valid, unique Rust identifiers, references are resolved to
//! indices and every construct that is not supported has been reported. Later stages never look at the spec.

pub mod boxing;
pub mod lower;
pub mod names;
pub mod ptr;

use ptr::Pointer;

/// The whole API: models, operations grouped by tag, security schemes and the default server.
#[derive(Debug)]
pub struct Api {
    pub title: String,
    pub description: Option<String>,
    pub version: String,
    /// The generated crate's version, from `info.x-codegen-crate-version` (see `lower::crate_version`).
    pub crate_version: String,
    pub default_base_url: String,
    /// How a client finds a running server among several base URLs, when the spec asks for it.
    pub discovery: Option<Discovery>,
    pub security_schemes: Vec<SecurityScheme>,
    pub tags: Vec<Tag>,
    pub models: Vec<Model>,
    pub operations: Vec<Operation>,
}

/// The base URLs a server may be at (the first server's URL with every value of its variables) and the
/// request that a running server answers with a success (`x-codegen-discover: {probe: <operationId>}`).
#[derive(Debug)]
pub struct Discovery {
    pub candidates: Vec<String>,
    pub probe_method: &'static str,
    pub probe_path: String,
}

/// Index of a model in [`Api::models`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ModelId(pub usize);

/// The Rust shape of a value, before it is spelled as a type.
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    String,
    Boolean,
    /// A signed or unsigned integer, `i32`, `i64`, `u64` ...
    Integer(&'static str),
    Number,
    DateTime,
    Date,
    /// Any JSON value (`{}` schemas, free-form values).
    Any,
    Model(ModelId),
    Array(Box<Type>),
    /// A JSON object with string keys and values of one type (`additionalProperties`).
    Map(Box<Type>),
    /// A file in a `multipart/form-data` body (`type: string, format: binary`): bytes, a file name, a media type.
    Upload,
}

#[derive(Debug)]
pub struct Model {
    /// Rust type name, unique in the crate.
    pub name: String,
    /// Rust module (file) name under `models/`.
    pub module: String,
    /// The name in the spec: the schema name, or where an inline schema was found.
    pub spec_name: String,
    pub pointer: Pointer,
    pub description: Option<String>,
    pub deprecated: bool,
    pub kind: ModelKind,
}

#[derive(Debug)]
pub enum ModelKind {
    Struct { fields: Vec<Field> },
    StringEnum { variants: Vec<Variant> },
    /// A named schema that is a primitive, array or map: a type alias.
    Alias(Type),
    /// A named schema that is a list or map of itself (`items: {$ref: itself}`): a tuple struct around the list
    /// or map, since a type alias cannot name itself.
    Newtype(Type),
    /// `oneOf` / `anyOf`: one of several types. With a discriminator, its property's value picks the variant.
    Union { variants: Vec<UnionVariant>, discriminator: Option<String> },
}

#[derive(Debug)]
pub struct UnionVariant {
    pub rust_name: String,
    pub ty: Type,
    /// Discriminator values that select this variant.
    pub tags: Vec<String>,
    /// Set when the variant closes a cycle, or holds a large model (see `boxing`).
    pub boxed: bool,
}

#[derive(Debug)]
pub struct Field {
    /// The property name on the wire.
    pub json_name: String,
    /// Where the property is in the spec (for an `allOf` member, under the schema that merges it).
    pub pointer: Pointer,
    pub rust_name: String,
    pub ty: Type,
    pub required: bool,
    pub nullable: bool,
    /// Set when the field closes a cycle of directly contained models, or holds a large model (see `boxing`).
    pub boxed: bool,
    pub description: Option<String>,
    pub deprecated: bool,
}

#[derive(Debug)]
pub struct Variant {
    pub value: String,
    pub rust_name: String,
}

/// A group of operations, rendered as one module under `apis/` with one `...Api` type.
#[derive(Debug)]
pub struct Tag {
    pub name: String,
    pub type_name: String,
    pub module: String,
    pub description: Option<String>,
    pub operations: Vec<usize>,
}

#[derive(Debug)]
pub struct Operation {
    pub operation_id: String,
    /// The operation's first tag, `Default` when it has none.
    pub tag: String,
    pub method_name: String,
    /// `UpperCamelCase` stem for the operation's request builder and error types.
    pub type_stem: String,
    pub pointer: Pointer,
    pub http_method: &'static str,
    pub path: String,
    pub path_parts: Vec<PathPart>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// Parameters in call order: required ones first, in spec order, then optional ones.
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub responses: Vec<Response>,
    /// The `Accept` header: the first JSON media type the operation answers with, else the first one.
    pub accept: Option<String>,
    /// Indices into [`Api::security_schemes`] whose credentials this operation sends, when configured.
    pub security: Vec<usize>,
    /// Set when the operation opens a websocket instead of answering once (see [`WebSocket`]).
    pub websocket: Option<WebSocket>,
}

/// A websocket operation (`x-codegen-websocket: true`, or Dropshot's `x-dropshot-websocket`): the upgrade request
/// carries the operation's parameters; its request body describes the messages the client sends, and its
/// success response (or `101`) the messages it receives.
#[derive(Debug, Clone, PartialEq)]
pub struct WebSocket {
    pub sends: Message,
    pub receives: Message,
    /// A valid message to send, from the request body's `example` or built from its schema.
    pub send_example: serde_json::Value,
}

/// What the messages of one direction of a websocket are.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// This direction carries no messages: the operation documents none to send.
    Nothing,
    /// JSON text frames of this type.
    Json(Type),
    /// Text frames.
    Text,
    /// Frames as they are, text or binary: the spec does not say what they hold.
    Frames,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PathPart {
    Literal(String),
    /// Index into [`Operation::params`].
    Param(usize),
}

#[derive(Debug)]
pub struct Param {
    pub name: String,
    /// Where the parameter (or form field) is declared in the spec.
    pub pointer: Pointer,
    pub rust_name: String,
    pub location: Location,
    pub required: bool,
    pub ty: Type,
    pub style: Style,
    /// Set for a query parameter whose value is an object, a map, any JSON value or a union holding one: it is
    /// spread into the query by its style at run time (`a=1&b=2`, `id=a,1,b,2`, `id[a]=1`).
    pub structured: bool,
    pub description: Option<String>,
    pub deprecated: bool,
    /// A valid value, from the spec's `example` or built from the schema.
    pub example: serde_json::Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Path,
    Query,
    Header,
    Cookie,
    /// A field of an `application/x-www-form-urlencoded` body, passed like a parameter.
    Form,
    /// A part of a `multipart/form-data` body, passed like a parameter.
    Multipart,
}

/// How an array or object parameter is spelled in a query string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `form` with `explode: true`: `a=1&a=2`.
    FormExploded,
    /// `form` with `explode: false`: `a=1,2`.
    FormComma,
    SpaceDelimited,
    PipeDelimited,
    /// `id[role]=admin&id[name]=Alex`.
    DeepObject,
}

#[derive(Debug)]
pub struct Body {
    pub rust_name: String,
    pub media_type: String,
    pub encoding: BodyEncoding,
    pub ty: Type,
    pub required: bool,
    pub description: Option<String>,
    /// A valid body, from the spec's `example` or built from the schema.
    pub example: serde_json::Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    Json,
    Text,
    Bytes,
}

#[derive(Debug)]
pub struct Response {
    pub status: Status,
    pub description: String,
    pub content: Content,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Code(u16),
    /// `1XX` .. `5XX`, holding the leading digit.
    Range(u16),
    Default,
}

impl Status {
    pub fn is_success(self) -> bool {
        match self {
            Status::Code(code) => (200..300).contains(&code),
            Status::Range(digit) => digit == 2,
            Status::Default => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    Empty,
    Json { media_type: String, ty: Type },
    Text { media_type: String },
    Form { media_type: String, ty: Type },
    Bytes { media_type: String },
}

impl Content {
    pub fn media_type(&self) -> Option<&str> {
        match self {
            Content::Empty => None,
            Content::Json { media_type, .. }
            | Content::Text { media_type }
            | Content::Form { media_type, .. }
            | Content::Bytes { media_type } => Some(media_type),
        }
    }
}

#[derive(Debug)]
pub struct SecurityScheme {
    /// The key in `components/securitySchemes`.
    pub key: String,
    pub rust_name: String,
    pub kind: SecurityKind,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityKind {
    ApiKey { location: ApiKeyLocation, name: String },
    /// HTTP bearer, OAuth 2 and OpenID Connect: `Authorization: Bearer <token>`.
    Bearer,
    Basic,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    Header,
    Query,
    Cookie,
}
