//! The schemas of the API, one type each.
{% for model in krate.models %}

mod {{ model.module }};
{% if model.deprecated %}#[allow(deprecated)]
{% endif %}pub use {{ model.module }}::{{ model.name }};
{% endfor %}
