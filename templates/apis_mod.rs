//! The operations of the API, one module per tag, each with one `...Api` type.
{% for tag in krate.tags %}

pub mod {{ tag.module }};
pub use {{ tag.module }}::{{ tag.type_name }};
{% endfor %}
