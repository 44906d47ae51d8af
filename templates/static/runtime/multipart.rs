//! Files and parts of `multipart/form-data` bodies (RFC 7578).

// Only an API whose operations send files uses this module.
#![allow(dead_code)]

/// A file to send in a `multipart/form-data` request: its bytes, and the file name and media type its part
/// declares (by default the field name and `application/octet-stream`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Upload {
    pub(crate) bytes: bytes::Bytes,
    pub(crate) file_name: Option<String>,
    pub(crate) content_type: Option<String>,
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
pub(crate) struct MultipartPart {
    pub(crate) name: String,
    pub(crate) file_name: Option<String>,
    pub(crate) content_type: Option<String>,
    pub(crate) bytes: bytes::Bytes,
}

/// Encodes the parts (RFC 7578) under a boundary that none of them contains; returns the content type and body.
pub(crate) fn multipart_body(parts: &[MultipartPart]) -> (String, Vec<u8>) {
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

