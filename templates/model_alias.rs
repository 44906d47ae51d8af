{% for link in doc.rustdoc_links %}/// [{{ link.label }}]: {{ link.target }}
{% endfor %}
#[doc = include_str!("../../{{ doc.path }}")]
pub type {{ model.name }} = {{ model.ty }};
