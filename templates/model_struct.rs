{% for line in model.docs %}/// {{ line }}
{% endfor %}
{% if model.deprecated %}#[deprecated]
{% endif %}
{% if model.derive_default %}
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
{% else %}
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
{% endif %}
pub struct {{ model.name }} {
{% for field in model.fields %}
{% for line in field.docs %}    /// {{ line }}
{% endfor %}
{% if field.deprecated %}    #[deprecated]
{% endif %}
    {{ field.serde_attribute }}
    pub {{ field.rust_name }}: {{ field.ty }},
{% endfor %}
}
{% if model.has_constructor %}

impl {{ model.name }} {
    /// A value with the required fields set and every optional field absent.
    pub fn new({% for param in model.constructor_params %}{{ param.name }}: {{ param.ty }}, {% endfor %}) -> Self {
        {{ model.name }} {
{% for field in model.fields %}            {{ field.init }},
{% endfor %}
        }
    }
}
{% endif %}
