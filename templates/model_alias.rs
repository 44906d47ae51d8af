{% for line in model.docs %}/// {{ line }}
{% endfor %}
pub type {{ model.name }} = {{ model.ty }};
