{# Definitions first: CommonMark takes the first definition of a label, so links in the Markdown lead to items. #}
{% for link in doc.rustdoc_links %}//! [{{ link.label }}]: {{ link.target }}
{% endfor %}
#![doc = include_str!("../../{{ doc.path }}")]

{% for line in tag.docs %}/// {{ line }}
{% endfor %}
#[derive(Debug, Clone)]
pub struct {{ tag.type_name }} {
    client: crate::Client,
}

impl {{ tag.type_name }} {
    /// The operations tagged `{{ tag.name }}`, sent through `client`.
    pub fn new(client: crate::Client) -> Self {
        {{ tag.type_name }} { client }
    }
{% for op in tag.operations %}

{% for line in op.docs %}    /// {{ line }}
{% endfor %}
{% if op.deprecated %}    #[deprecated]
{% endif %}
    pub fn {{ op.method_name }}(&self{% for arg in op.positional %}, {{ arg.name }}: {{ arg.argument_type }}{% endfor %}) -> {{ op.builder_name }} {
        crate::Request::new(self.client.clone(), {{ op.params_name }} {
{% for arg in op.positional %}            {{ arg.field_init }},
{% endfor %}
{% for arg in op.optional %}            {{ arg.name }}: None,
{% endfor %}
        })
    }
{% endfor %}
}
{% for op in tag.operations %}
{% include "operation.rs" %}
{% endfor %}
