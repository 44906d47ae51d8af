//! Error enums that several operations share: their documented errors are alike, so each is compiled once.
//! Every operation names its enum by an alias, `<Operation>Error`, in its tag's module.
{% for error in errors %}
{% include "error_enum.rs" %}
{% endfor %}
