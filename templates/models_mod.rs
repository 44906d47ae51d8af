//! The schemas of the API, one type each.
{% for model in krate.models %}

{% if model.has_cfg %}{{ model.cfg }}
{% endif %}mod {{ model.module }};
{% if model.has_cfg %}{{ model.cfg }}
{% endif %}{% if model.deprecated %}#[allow(deprecated)]
{% endif %}pub use {{ model.module }}::{{ model.name }};
{% endfor %}
