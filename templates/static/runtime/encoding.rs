//! Encoding what an operation sends: path segments, query strings in every style, headers, cookies, form
//! bodies and multipart parts, gathered in [`RequestParts`] before the client adds its base URL and credentials.

// Not every API uses every encoding, so some of these functions go unused in some crates.
#![allow(dead_code)]

use super::multipart::{multipart_body, MultipartPart, Upload};
use super::transport::RequestOptions;
use crate::error::RequestFailure;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;

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
    /// The caller's options for this one request: extra headers, a timeout, a retry policy.
    pub(crate) options: RequestOptions,
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
            options: RequestOptions::default(),
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

    /// The caller's options for this one request. Its headers come last, so they can override.
    pub(crate) fn options(&mut self, options: RequestOptions) {
        self.options = options;
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
        for (name, value) in self.headers.iter().chain(&self.options.headers) {
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

#[cfg(test)]
mod tests {
    use super::super::multipart::{multipart_body, Upload};
    use super::{QueryStyle, RequestParts};

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
