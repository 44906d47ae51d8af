{% for link in doc.rustdoc_links %}/// [{{ link.label }}]: {{ link.target }}
{% endfor %}
#[doc = include_str!("../../{{ doc.path }}")]
///
/// A list or map of itself, so a tuple struct rather than a type alias; it reads and writes as the list or map.
{% if model.deprecated %}#[deprecated]
{% endif %}
#[derive({{ model.derives }})]
#[serde(transparent)]
pub struct {{ model.name }}(pub {{ model.ty }});
