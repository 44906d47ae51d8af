{# An operation's error enum, or one several operations share: `error` is an ErrorEnumView. #}

{% for line in error.docs %}/// {{ line }}
{% endfor %}
{% if error.has_cfg %}{{ error.cfg }}
{% endif %}
#[derive(Debug, Clone, PartialEq)]
pub enum {{ error.name }} {
{% for variant in error.variants %}
{% for line in variant.docs %}    /// {{ line }}
{% endfor %}
{% if variant.has_status %}
    {{ variant.name }} { status: u16, body: {{ variant.ty }} },
{% else %}
    {{ variant.name }}({{ variant.ty }}),
{% endif %}
{% endfor %}
}

{% if error.has_cfg %}{{ error.cfg }}
{% endif %}
impl std::fmt::Display for {{ error.name }} {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
{% for variant in error.variants %}
{% if variant.has_status %}
            Self::{{ variant.name }} { status, body } => write!(formatter, {{ variant.display_format }}),
{% else %}
            Self::{{ variant.name }}(body) => write!(formatter, {{ variant.display_format }}),
{% endif %}
{% endfor %}
        }
    }
}

{% if error.has_cfg %}{{ error.cfg }}
{% endif %}
impl std::error::Error for {{ error.name }} {}
