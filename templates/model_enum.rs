{% for link in doc.rustdoc_links %}/// [{{ link.label }}]: {{ link.target }}
{% endfor %}
#[doc = include_str!("../../{{ doc.path }}")]
///
/// A value this client does not know is kept as [`{{ model.name }}::UnknownValue`] and sent back unchanged. The
/// enum is `#[non_exhaustive]`: a newer spec adds values, and adding one is then not a breaking change.
{% if model.deprecated %}#[deprecated]
{% endif %}
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(clippy::enum_variant_names)]
#[non_exhaustive]
pub enum {{ model.name }} {
{% for variant in model.variants %}
    /// `{{ variant.literal }}`
    {{ variant.rust_name }},
{% endfor %}
    /// A value not listed in the spec this client was generated from.
    UnknownValue(String),
}

impl {{ model.name }} {
    /// The value as sent on the wire.
    pub fn as_str(&self) -> &str {
        match self {
{% for variant in model.variants %}            Self::{{ variant.rust_name }} => {{ variant.literal }},
{% endfor %}
            Self::UnknownValue(value) => value,
        }
    }
}

impl std::str::FromStr for {{ model.name }} {
    type Err = std::convert::Infallible;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Ok(match value {
{% for variant in model.variants %}            {{ variant.literal }} => Self::{{ variant.rust_name }},
{% endfor %}
            other => Self::UnknownValue(other.to_owned()),
        })
    }
}

impl std::fmt::Display for {{ model.name }} {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(self.as_str())
    }
}

impl serde::Serialize for {{ model.name }} {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for {{ model.name }} {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = <String as serde::Deserialize>::deserialize(deserializer)?;
        let Ok(parsed) = value.parse();
        Ok(parsed)
    }
}
