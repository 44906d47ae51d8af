{% for link in doc.rustdoc_links %}/// [{{ link.label }}]: {{ link.target }}
{% endfor %}
#[doc = include_str!("../../{{ doc.path }}")]
{% if model.is_tagged %}
///
/// The `{{ model.discriminator_name }}` property picks the variant; a value this client does not know is kept whole as
/// [`{{ model.name }}::UnknownVariant`].
{% else %}
///
/// Decoding tries each variant in order and takes the first that fits.
{% endif %}
{% if model.derive_eq %}
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
{% else %}
#[derive(Debug, Clone, PartialEq)]
{% endif %}
pub enum {{ model.name }} {
{% for variant in model.variants %}
    /// The `{{ variant.name }}` variant.
    {{ variant.name }}({{ variant.ty }}),
{% endfor %}
{% if model.is_tagged %}
    /// A `{{ model.discriminator_name }}` value this client does not know, with the whole value.
    UnknownVariant(serde_json::Value),
{% endif %}
}

impl serde::Serialize for {{ model.name }} {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
{% for variant in model.variants %}
            Self::{{ variant.name }}(value) => serde::Serialize::serialize(value, serializer),
{% endfor %}
{% if model.is_tagged %}
            Self::UnknownVariant(value) => serde::Serialize::serialize(value, serializer),
{% endif %}
        }
    }
}

impl<'de> serde::Deserialize<'de> for {{ model.name }} {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
{% if model.is_tagged %}
        let tag = value.get({{ model.discriminator }}).and_then(serde_json::Value::as_str).map(str::to_owned);
        match tag.as_deref() {
{% for arm in model.tag_arms %}
            Some({{ arm.tag }}) => serde_json::from_value::<{{ arm.inner_ty }}>(value)
                .map({{ arm.constructor }})
                .map_err(|error| D::Error::custom(format!("{}: {error}", {{ arm.tag }}))),
{% endfor %}
            _ => Ok(Self::UnknownVariant(value)),
        }
{% else %}
        let mut tried = Vec::new();
{% for variant in model.variants %}
        match serde_json::from_value::<{{ variant.inner_ty }}>(value.clone()) {
            Ok(inner) => return Ok(Self::{{ variant.name }}({{ variant.wrap }})),
            Err(error) => tried.push(format!("{}: {error}", {{ variant.name_literal }})),
        }
{% endfor %}
        Err(D::Error::custom(format!("the value matches no variant of {}; tried {}", {{ model.display_name }}, tried.join("; "))))
{% endif %}
    }
}
