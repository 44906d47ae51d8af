//! What every operation shares: encoding parameters and bodies, reading and decoding responses.

// Not every API uses every encoding and decoding, so some of these functions go unused in some crates.
#![allow(dead_code)]

use crate::error::{excerpt, DecodeError, RequestFailure, UnexpectedResponse};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};

/// Path segments keep only unreserved characters, so that an id holding `/`, `?`, `#` or `%` stays one segment.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Query names and values: unreserved characters and `/` stay, everything else is encoded (space as `%20`).
const QUERY_COMPONENT: &AsciiSet = &PATH_SEGMENT.remove(b'/');

/// A parameter value as text: strings as they are, enums as their value, numbers and booleans as JSON spells them.
pub(crate) fn parameter_text<T: Serialize + ?Sized>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => text,
        Ok(serde_json::Value::Null) | Err(_) => String::new(),
        Ok(other) => other.to_string(),
    }
}

fn parameter_texts<T: Serialize>(values: &[T]) -> impl Iterator<Item = String> + '_ {
    values.iter().map(parameter_text)
}

/// A path parameter, percent-encoded as one segment.
///
/// A value that is empty, `.` or `..` is refused: URL parsers resolve `.` and `..` as dot segments (and so they
/// do `%2E` and `%2E%2E`, under the WHATWG URL standard that `reqwest` follows), so `GET /events/../snapshot`
/// would reach `GET /snapshot`, another endpoint, credentials included; an empty segment (`/events//snapshot`)
/// is routed elsewhere by many servers. `...` and `.%2e` are ordinary names and are sent, encoded.
pub(crate) fn path_segment<T: Serialize + ?Sized>(name: &str, value: &T) -> Result<String, RequestFailure> {
    let text = parameter_text(value);
    if matches!(text.as_str(), "" | "." | "..") {
        return Err(RequestFailure::Invalid(format!(
            "path parameter `{name}` is {text:?}, which would make the request reach another path; nothing was sent"
        )));
    }
    Ok(utf8_percent_encode(&text, PATH_SEGMENT).to_string())
}

/// An object key as the decoder reads it: borrowed from the input when the input allows (no allocation for the
/// keys a model knows), owned otherwise. Models match known keys with `as_str` and keep the rest as owned keys.
pub(crate) struct Key<'de>(std::borrow::Cow<'de, str>);

impl<'de> Key<'de> {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    pub(crate) fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("a property name")
            }

            fn visit_borrowed_str<E: serde::de::Error>(self, value: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(value)))
            }

            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(value.to_owned())))
            }

            fn visit_string<E: serde::de::Error>(self, value: String) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(value)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Implements `Serialize` and `Deserialize` for a model struct. Known properties are read and written under
/// their JSON names, in order; any other property is kept in `additional_properties` and written back after them.
/// Each field is `(name, "json name", mode)`, where mode is `required` (must be present; always
/// written), `optional` (absent or `null` is `None`; written when set) or `nullable` (absent is `None`, `null` is
/// `Some(None)`; written when set). Written as a macro so that each model states only what differs.
#[allow(unused_macros)] // An API without object models does not use it.
macro_rules! model_serde {
    ($model:ident, $expecting:literal, [$(($field:ident, $json:literal, $mode:ident)),* $(,)?]) => {
        impl serde::Serialize for $model {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $crate::runtime::write_object(serializer, &self.additional_properties, |map| {
                    use serde::ser::SerializeMap as _;
                    $($crate::runtime::model_serde!(@write $mode, map, $json, &self.$field);)*
                    Ok(())
                })
            }
        }

        impl<'de> serde::Deserialize<'de> for $model {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                // Item names are not hygienic: the reserved prefix keeps a model named `Visitor` apart.
                struct __Visitor;

                impl<'de> serde::de::Visitor<'de> for __Visitor {
                    type Value = $model;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        formatter.write_str($expecting)
                    }

                    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                        $(let mut $field = None;)*
                        let additional_properties = $crate::runtime::read_object(map, |key, map| Some(match key {
                            $($json => $crate::runtime::next_field(map, &mut $field, $json),)*
                            _ => return None,
                        }))?;
                        Ok($model {
                            $($field: $crate::runtime::model_serde!(@build $mode, $field, $json),)*
                            additional_properties,
                        })
                    }
                }

                deserializer.deserialize_map(__Visitor)
            }
        }
    };
    (@write required, $map:ident, $json:literal, $value:expr) => {
        $map.serialize_entry($json, $value)?;
    };
    (@write $mode:ident, $map:ident, $json:literal, $value:expr) => {
        if let Some(value) = $value {
            $map.serialize_entry($json, value)?;
        }
    };
    (@build required, $slot:ident, $json:literal) => {
        $crate::runtime::required_field($slot, $json)?
    };
    (@build optional, $slot:ident, $json:literal) => {
        $slot.flatten()
    };
    (@build nullable, $slot:ident, $json:literal) => {
        $slot
    };
}
#[allow(unused_imports)]
pub(crate) use model_serde;

/// Writes a model as a JSON object: `known` writes its own properties, then every unknown one kept in
/// `additional` follows. Shared by every model's `Serialize`, so that each states only its fields.
pub(crate) fn write_object<S, F>(serializer: S, additional: &serde_json::Map<String, serde_json::Value>, known: F) -> Result<S::Ok, S::Error>
where
    S: serde::Serializer,
    F: FnOnce(&mut S::SerializeMap) -> Result<(), S::Error>,
{
    use serde::ser::SerializeMap as _;
    let mut map = serializer.serialize_map(None)?;
    known(&mut map)?;
    for (key, value) in additional {
        map.serialize_entry(key, value)?;
    }
    map.end()
}

/// Reads a JSON object for a model: `known` reads each property the model knows into its slot and returns `None`
/// for any other key, which is kept, with its value, in the map returned.
pub(crate) fn read_object<'de, A, F>(mut map: A, mut known: F) -> Result<serde_json::Map<String, serde_json::Value>, A::Error>
where
    A: serde::de::MapAccess<'de>,
    F: FnMut(&str, &mut A) -> Option<Result<(), A::Error>>,
{
    let mut additional = serde_json::Map::new();
    while let Some(key) = map.next_key::<Key<'de>>()? {
        match known(key.as_str(), &mut map) {
            Some(result) => result?,
            None => {
                let value = map.next_value()?;
                additional.insert(key.into_string(), value);
            }
        }
    }
    Ok(additional)
}

/// Reads the value of a known property into its slot; a property given twice is an error, as with serde's derive.
#[inline]
pub(crate) fn next_field<'de, A, T>(map: &mut A, slot: &mut Option<T>, name: &'static str) -> Result<(), A::Error>
where
    A: serde::de::MapAccess<'de>,
    T: Deserialize<'de>,
{
    if slot.is_some() {
        return Err(serde::de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// The value of a required property, or serde's `missing field` error when the object did not have it.
#[inline]
pub(crate) fn required_field<T, E: serde::de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// How a structured query value is spread (OpenAPI's `style` and `explode`).
#[derive(Debug, Clone, Copy)]
pub(crate) enum QueryStyle {
    FormExploded,
    FormComma,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

/// A request being assembled by an operation, before the client adds its base URL and credentials.
#[derive(Debug)]
pub(crate) struct RequestParts {
    pub(crate) method: reqwest::Method,
    path: String,
    query: String,
    headers: Vec<(String, String)>,
    cookies: Vec<String>,
    form: Option<String>,
    multipart: Vec<MultipartPart>,
    body: Option<(&'static str, Vec<u8>)>,
    basic_auth: Option<(String, String)>,
}

impl RequestParts {
    pub(crate) fn new(method: reqwest::Method, path: String) -> Self {
        RequestParts {
            method,
            path,
            query: String::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            form: None,
            multipart: Vec::new(),
            body: None,
            basic_auth: None,
        }
    }

    fn push_query_pair(&mut self, name: &str, value: &str) {
        if !self.query.is_empty() {
            self.query.push('&');
        }
        self.query.extend(utf8_percent_encode(name, QUERY_COMPONENT));
        self.query.push('=');
        self.query.extend(utf8_percent_encode(value, QUERY_COMPONENT));
    }

    /// `name=value`.
    pub(crate) fn query<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        self.push_query_pair(name, &parameter_text(value));
    }

    /// `name=a&name=b` (style `form`, `explode: true`).
    pub(crate) fn query_exploded<T: Serialize>(&mut self, name: &str, values: &[T]) {
        for value in parameter_texts(values) {
            self.push_query_pair(name, &value);
        }
    }

    /// `name=a<delimiter>b` (`form` without explode, `spaceDelimited`, `pipeDelimited`).
    pub(crate) fn query_joined<T: Serialize>(&mut self, name: &str, values: &[T], delimiter: &str) {
        let joined = parameter_texts(values).collect::<Vec<_>>().join(delimiter);
        self.push_query_pair(name, &joined);
    }

    /// A value that is not text or a list of texts (an object, a map, any JSON value), spread by its style:
    /// `a=1&b=2` (form, exploded), `id=a,1,b,2` (form), `id[a]=1&id[b]=2` (deepObject). Nulls are left out.
    pub(crate) fn query_value<T: Serialize + ?Sized>(&mut self, name: &str, value: &T, style: QueryStyle) {
        use serde_json::Value;
        let Ok(value) = serde_json::to_value(value) else { return };
        let delimiter = match style {
            QueryStyle::SpaceDelimited => " ",
            QueryStyle::PipeDelimited => "|",
            _ => ",",
        };
        match (value, style) {
            (Value::Null, _) => {}
            (value, QueryStyle::DeepObject) => self.push_deep_object(name, &value),
            (Value::Array(items), QueryStyle::FormExploded) => self.query_exploded(name, &items),
            (Value::Object(properties), QueryStyle::FormExploded) => {
                for (property, value) in properties.iter().filter(|(_, value)| !value.is_null()) {
                    self.push_query_pair(property, &parameter_text(value));
                }
            }
            (Value::Array(items), _) => self.query_joined(name, &items, delimiter),
            (Value::Object(properties), _) => {
                let pairs = properties.iter().filter(|(_, value)| !value.is_null());
                let joined = pairs.flat_map(|(property, value)| [property.clone(), parameter_text(value)]);
                self.push_query_pair(name, &joined.collect::<Vec<_>>().join(delimiter));
            }
            (scalar, _) => self.query(name, &scalar),
        }
    }

    fn push_deep_object(&mut self, name: &str, value: &serde_json::Value) {
        use serde_json::Value;
        match value {
            Value::Null => {}
            Value::Object(properties) => {
                for (property, value) in properties {
                    self.push_deep_object(&format!("{name}[{property}]"), value);
                }
            }
            Value::Array(items) => {
                for item in items {
                    self.push_deep_object(name, item);
                }
            }
            scalar => self.push_query_pair(name, &parameter_text(scalar)),
        }
    }

    pub(crate) fn push_header(&mut self, name: &str, value: &str) {
        self.headers.push((name.to_owned(), value.to_owned()));
    }

    pub(crate) fn header<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        self.push_header(name, &parameter_text(value));
    }

    pub(crate) fn header_joined<T: Serialize>(&mut self, name: &str, values: &[T]) {
        self.push_header(name, &parameter_texts(values).collect::<Vec<_>>().join(","));
    }

    pub(crate) fn cookie<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        let value = utf8_percent_encode(&parameter_text(value), QUERY_COMPONENT).to_string();
        self.cookies.push(format!("{name}={value}"));
    }

    pub(crate) fn cookie_joined<T: Serialize>(&mut self, name: &str, values: &[T]) {
        let joined = parameter_texts(values).collect::<Vec<_>>().join(",");
        self.cookie(name, &joined);
    }

    /// A field of an `application/x-www-form-urlencoded` body. An object is spread into one field per property,
    /// as OpenAPI's default encoding (style `form`, explode) says; arrays repeat the field.
    pub(crate) fn form<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::Object(properties)) => {
                for (property, value) in &properties {
                    self.push_form_pair(property, &parameter_text(value));
                }
            }
            Ok(serde_json::Value::Array(items)) => {
                for item in &items {
                    self.push_form_pair(name, &parameter_text(item));
                }
            }
            _ => self.push_form_pair(name, &parameter_text(value)),
        }
    }

    /// A text part of a `multipart/form-data` body: arrays repeat the part, objects are sent as JSON parts (as
    /// OpenAPI's default multipart encoding says), everything else as text.
    pub(crate) fn multipart<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        let text_part = |content_type: Option<&str>, text: String| MultipartPart {
            name: name.to_owned(),
            file_name: None,
            content_type: content_type.map(str::to_owned),
            bytes: bytes::Bytes::from(text),
        };
        match serde_json::to_value(value) {
            Ok(serde_json::Value::Array(items)) => {
                for item in &items {
                    self.multipart.push(text_part(None, parameter_text(item)));
                }
            }
            Ok(object @ serde_json::Value::Object(_)) => {
                self.multipart.push(text_part(Some("application/json"), object.to_string()));
            }
            _ => self.multipart.push(text_part(None, parameter_text(value))),
        }
    }

    /// A file part of a `multipart/form-data` body.
    pub(crate) fn multipart_file(&mut self, name: &str, upload: &Upload) {
        self.multipart.push(MultipartPart {
            name: name.to_owned(),
            file_name: Some(upload.file_name.clone().unwrap_or_else(|| name.to_owned())),
            content_type: Some(upload.content_type.clone().unwrap_or_else(|| "application/octet-stream".to_owned())),
            bytes: upload.bytes.clone(),
        });
    }

    /// Several files under one name, one part each.
    pub(crate) fn multipart_files(&mut self, name: &str, uploads: &[Upload]) {
        for upload in uploads {
            self.multipart_file(name, upload);
        }
    }

    fn push_form_pair(&mut self, name: &str, value: &str) {
        let form = self.form.get_or_insert_with(String::new);
        if !form.is_empty() {
            form.push('&');
        }
        let encode = |text: &str| utf8_percent_encode(text, PATH_SEGMENT).to_string().replace("%20", "+");
        form.push_str(&encode(name));
        form.push('=');
        form.push_str(&encode(value));
    }

    pub(crate) fn json_body<T: Serialize + ?Sized>(&mut self, content_type: &'static str, value: &T) -> Result<(), RequestFailure> {
        let bytes = serde_json::to_vec(value)
            .map_err(|error| RequestFailure::Invalid(format!("the request body cannot be encoded as JSON: {error}")))?;
        self.body = Some((content_type, bytes));
        Ok(())
    }

    pub(crate) fn text_body(&mut self, content_type: &'static str, value: &str) -> Result<(), RequestFailure> {
        self.body = Some((content_type, value.as_bytes().to_vec()));
        Ok(())
    }

    pub(crate) fn bytes_body(&mut self, content_type: &'static str, value: &[u8]) -> Result<(), RequestFailure> {
        self.body = Some((content_type, value.to_vec()));
        Ok(())
    }

    pub(crate) fn accept(&mut self, media_type: &str) {
        self.push_header("accept", media_type);
    }

    pub(crate) fn basic_auth(&mut self, username: &str, password: &str) {
        self.basic_auth = Some((username.to_owned(), password.to_owned()));
    }

    /// Headers the caller added to this one request; they come last, so they can override.
    pub(crate) fn extra_headers(&mut self, headers: Vec<(String, String)>) {
        self.headers.extend(headers);
    }

    pub(crate) fn path_and_query(&self) -> String {
        if self.query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, self.query)
        }
    }

    /// Adds headers, cookies and the body to a request, checking every header name and value.
    pub(crate) fn apply(self, mut request: reqwest::RequestBuilder) -> Result<reqwest::RequestBuilder, RequestFailure> {
        use reqwest::header::{HeaderName, HeaderValue};
        let mut headers = reqwest::header::HeaderMap::new();
        let mut add = |name: &str, value: &str| -> Result<(), RequestFailure> {
            let header_name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| RequestFailure::Invalid(format!("`{name}` is not a valid header name")))?;
            let header_value = HeaderValue::from_str(value)
                .map_err(|_| RequestFailure::Invalid(format!("the value of header `{name}` is not a valid header value")))?;
            headers.insert(header_name, header_value);
            Ok(())
        };
        let body = if let Some(form) = self.form {
            Some(("application/x-www-form-urlencoded".to_owned(), form.into_bytes()))
        } else if !self.multipart.is_empty() {
            Some(multipart_body(&self.multipart))
        } else {
            self.body.map(|(content_type, bytes)| (content_type.to_owned(), bytes))
        };
        if let Some((content_type, _)) = &body {
            add("content-type", content_type)?;
        }
        if !self.cookies.is_empty() {
            add("cookie", &self.cookies.join("; "))?;
        }
        for (name, value) in &self.headers {
            add(name, value)?;
        }
        request = request.headers(headers);
        if let Some((username, password)) = self.basic_auth {
            request = request.basic_auth(username, Some(password));
        }
        if let Some((_, bytes)) = body {
            request = request.body(bytes);
        }
        Ok(request)
    }
}

/// A file to send in a `multipart/form-data` request: its bytes, and the file name and media type its part
/// declares (by default the field name and `application/octet-stream`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Upload {
    bytes: bytes::Bytes,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl Upload {
    /// A file made of these bytes.
    pub fn new(bytes: impl Into<bytes::Bytes>) -> Self {
        Upload { bytes: bytes.into(), file_name: None, content_type: None }
    }

    /// Reads a file from disk, naming the part after the file.
    pub fn from_path(path: impl AsRef<std::path::Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let upload = Upload::new(std::fs::read(path)?);
        Ok(match path.file_name() {
            Some(name) => upload.file_name(name.to_string_lossy()),
            None => upload,
        })
    }

    /// The file name the part declares.
    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// The media type the part declares, e.g. `image/png`.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file's bytes.
    pub fn bytes(&self) -> &bytes::Bytes {
        &self.bytes
    }
}

/// One part of a `multipart/form-data` body.
#[derive(Debug)]
struct MultipartPart {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    bytes: bytes::Bytes,
}

/// Encodes the parts (RFC 7578) under a boundary that none of them contains; returns the content type and body.
fn multipart_body(parts: &[MultipartPart]) -> (String, Vec<u8>) {
    let contains = |haystack: &[u8], needle: &[u8]| haystack.windows(needle.len()).any(|window| window == needle);
    let mut attempt = 0u32;
    let boundary = loop {
        let candidate = format!("----rust-client-boundary-{attempt:08x}");
        if !parts.iter().any(|part| contains(&part.bytes, candidate.as_bytes())) {
            break candidate;
        }
        attempt += 1;
    };
    // Quotes and line breaks in names are percent-encoded, as browsers do, so a name cannot end its header.
    let quoted = |text: &str| text.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A");
    let mut body = Vec::new();
    for part in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        let mut disposition = format!("Content-Disposition: form-data; name=\"{}\"", quoted(&part.name));
        if let Some(file_name) = &part.file_name {
            disposition.push_str(&format!("; filename=\"{}\"", quoted(file_name)));
        }
        body.extend_from_slice(disposition.as_bytes());
        body.extend_from_slice(b"\r\n");
        if let Some(content_type) = &part.content_type {
            body.extend_from_slice(format!("Content-Type: {}\r\n", quoted(content_type)).as_bytes());
        }
        body.extend_from_slice(b"\r\n");
        body.extend_from_slice(&part.bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// How an operation decodes a whole response: by status, into its success type or its error.
pub(crate) type Decode<T, E> = fn(Response) -> Result<T, crate::Error<E>>;

/// Sends the request an operation built and decodes the answer.
///
/// Every operation's `send` returns this one generic, boxed future instead of being an `async fn` of its own:
/// the compiler then proves once, here, that the future is `Send`, rather than once per operation, which made
/// up a large share of the time to check a generated crate.
#[allow(dead_code)] // An API without operations sends nothing.
pub(crate) fn send<T: 'static, E: 'static>(
    request: Result<(crate::Client, RequestParts), RequestFailure>,
    schemes: &'static [crate::Scheme],
    decode: Decode<T, E>,
) -> crate::ResponseFuture<T, E> {
    Box::pin(async move {
        let (client, parts) = request?;
        let response = client.execute(parts, schemes).await?;
        decode(response)
    })
}

/// Sends the request an operation built and returns a successful response unread; an error status is read and
/// decoded as [`send`] decodes it.
#[allow(dead_code)] // Only an API with a binary response streams.
pub(crate) fn send_streaming<T: 'static, E: 'static>(
    request: Result<(crate::Client, RequestParts), RequestFailure>,
    schemes: &'static [crate::Scheme],
    decode: Decode<T, E>,
) -> crate::ResponseFuture<reqwest::Response, E> {
    Box::pin(async move {
        let (client, parts) = request?;
        let unread = client.execute_unread(parts, schemes).await?;
        if unread.status().is_success() {
            return Ok(unread);
        }
        let response = Response::read(unread).await?;
        match decode(response.clone()) {
            Err(error) => Err(error),
            // Only a spec whose `default` response is a success decodes an error status as one; still an error.
            Ok(_) => Err(response.unexpected()),
        }
    })
}

/// A whole response: status, content type and body, read before any decoding.
#[derive(Debug, Clone)]
pub(crate) struct Response {
    pub(crate) status: u16,
    content_type: Option<String>,
    body: bytes::Bytes,
}

impl Response {
    pub(crate) fn new(status: u16, content_type: Option<String>, body: bytes::Bytes) -> Self {
        Response { status, content_type, body }
    }

    pub(crate) async fn read(response: reqwest::Response) -> Result<Self, RequestFailure> {
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let body = response.bytes().await.map_err(RequestFailure::from_reqwest)?;
        Ok(Response::new(status, content_type, body))
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
        // Tracking the path costs time on every value, so it is only done again when plain decoding fails.
        if let Ok(value) = serde_json::from_slice(&self.body) {
            return Ok(value);
        }
        let mut deserializer = serde_json::Deserializer::from_slice(&self.body);
        let value: T = serde_path_to_error::deserialize(&mut deserializer)
            .map_err(|error| self.decode_error(error.path().to_string(), error.inner().to_string()))?;
        deserializer
            .end()
            .map_err(|error| self.decode_error(".".to_owned(), format!("unexpected data after the JSON value: {error}")))?;
        Ok(value)
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

    pub(crate) fn unexpected<E>(self) -> crate::Error<E> {
        crate::Error::UnexpectedStatus(Box::new(UnexpectedResponse {
            status: self.status,
            content_type: self.content_type,
            body: self.body,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::{multipart_body, QueryStyle, RequestParts, Upload};

    fn query_of(value: serde_json::Value, style: QueryStyle) -> String {
        let mut parts = RequestParts::new(reqwest::Method::GET, "/".to_owned());
        parts.query_value("id", &value, style);
        parts.query
    }

    #[test]
    fn spreads_structured_query_values_by_style() {
        // Properties come out in serde_json's map order: sorted, or as inserted when a crate in the build turns on
        // `preserve_order`. These are written sorted, so both orders agree.
        let object = serde_json::json!({"gone": null, "name": "Alex Q", "role": "admin"});
        assert_eq!(query_of(object.clone(), QueryStyle::FormExploded), "name=Alex%20Q&role=admin");
        assert_eq!(query_of(object.clone(), QueryStyle::FormComma), "id=name%2CAlex%20Q%2Crole%2Cadmin");
        assert_eq!(query_of(object, QueryStyle::DeepObject), "id%5Bname%5D=Alex%20Q&id%5Brole%5D=admin");
        assert_eq!(query_of(serde_json::json!(["a", 1]), QueryStyle::PipeDelimited), "id=a%7C1");
        assert_eq!(query_of(serde_json::json!(true), QueryStyle::FormExploded), "id=true");
        assert_eq!(query_of(serde_json::Value::Null, QueryStyle::FormExploded), "");
    }

    #[test]
    fn encodes_multipart_parts_under_a_boundary_they_do_not_contain() {
        let mut parts = RequestParts::new(reqwest::Method::POST, "/".to_owned());
        parts.multipart("title", "a \"b\"");
        parts.multipart("tags", &["x", "y"]);
        let clash = "----rust-client-boundary-00000000";
        parts.multipart_file("file", &Upload::new(clash.as_bytes().to_vec()).file_name("a.txt").content_type("text/plain"));
        let (content_type, body) = multipart_body(&parts.multipart);
        assert_eq!(content_type, "multipart/form-data; boundary=----rust-client-boundary-00000001");
        let expected = "------rust-client-boundary-00000001\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\na \"b\"\r\n\
            ------rust-client-boundary-00000001\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\nx\r\n\
            ------rust-client-boundary-00000001\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\ny\r\n\
            ------rust-client-boundary-00000001\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\
            Content-Type: text/plain\r\n\r\n----rust-client-boundary-00000000\r\n\
            ------rust-client-boundary-00000001--\r\n";
        assert_eq!(String::from_utf8(body).unwrap(), expected);
    }
}
