//! JSON pointers (RFC 6901) naming where in the spec a construct lives, for diagnostics.

/// A JSON pointer in `#/a/b` form, built one segment at a time.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pointer(String);

impl Pointer {
    pub fn root() -> Self {
        Pointer("#".to_owned())
    }

    /// Parses a local `$ref` such as `#/components/schemas/Pet`.
    pub fn from_ref(reference: &str) -> Self {
        Pointer(reference.to_owned())
    }

    /// Appends a segment, escaping `~` and `/` as the RFC requires.
    pub fn push(&self, segment: impl AsRef<str>) -> Self {
        let escaped = segment.as_ref().replace('~', "~0").replace('/', "~1");
        Pointer(format!("{}/{}", self.0, escaped))
    }

    /// Appends several segments, in order.
    pub fn join<S: AsRef<str>>(&self, segments: impl IntoIterator<Item = S>) -> Self {
        segments.into_iter().fold(self.clone(), |pointer, segment| pointer.push(segment))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Pointer {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Pointer;

    #[test]
    fn escapes_slash_and_tilde() {
        let pointer = Pointer::root().push("paths").push("/pets/{id}~x");
        assert_eq!(pointer.as_str(), "#/paths/~1pets~1{id}~0x");
        assert_eq!(Pointer::root().join(["paths", "/pets/{id}~x"]), pointer);
    }
}
