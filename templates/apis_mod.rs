//! The operations of the API, one module per tag, each with one `...Api` type.
{% if krate.has_shared_errors %}

pub mod errors;
{% endif %}
{% for tag in krate.tags %}

{% if tag.has_cfg %}{{ tag.cfg }}
{% endif %}pub mod {{ tag.module }};
{% if tag.has_cfg %}{{ tag.cfg }}
{% endif %}pub use {{ tag.module }}::{{ tag.type_name }};
{% endfor %}
