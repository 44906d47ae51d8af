{% for link in doc.rustdoc_links %}/// [{{ link.label }}]: {{ link.target }}
{% endfor %}
#[doc = include_str!("../../{{ doc.path }}")]
///
/// Properties this client does not know are kept in `additional_properties` and sent back unchanged.
{% if model.deprecated %}#[deprecated]
{% endif %}
#[derive({{ model.derives }})]
pub struct {{ model.name }} {
{% for field in model.fields %}
{% for line in field.docs %}    /// {{ line }}
{% endfor %}
{% if field.deprecated %}    #[deprecated]
{% endif %}
    pub {{ field.rust_name }}: {{ field.ty }},
{% endfor %}
    /// Properties not in the spec this client was generated from (sent by a newer server, say), in the order
    /// read. They are written back after the known fields; a key named like a known property would be written
    /// twice, so do not add one.
    pub additional_properties: serde_json::Map<String, serde_json::Value>,
}
{% if model.has_constructor %}

impl {{ model.name }} {
    /// A value with the required fields set and every optional field absent.
    pub fn new({% for param in model.constructor_params %}{{ param.name }}: {{ param.ty }}, {% endfor %}) -> Self {
        {{ model.name }} {
{% for field in model.fields %}            {{ field.init }},
{% endfor %}
            additional_properties: serde_json::Map::new(),
        }
    }
}
{% endif %}

crate::runtime::model_serde!({{ model.name }}, {{ model.expecting }}, [
{% for field in model.fields %}    ({{ field.rust_name }}, {{ field.json_literal }}, {{ field.mode }}),
{% endfor %}]);
