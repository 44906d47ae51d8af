{% for link in doc.rustdoc_links %}/// [{{ link.label }}]: {{ link.target }}
{% endfor %}
#[doc = include_str!("../../{{ doc.path }}")]
///
/// Properties this client does not know are kept in `additional_properties` and sent back unchanged.
{% if model.deprecated %}#[deprecated]
{% endif %}
#[derive({{ model.derives }})]
pub struct {{ model.name }} {
{% for field in model.fields %}
{% for line in field.docs %}    /// {{ line }}
{% endfor %}
{% if field.deprecated %}    #[deprecated]
{% endif %}
    pub {{ field.rust_name }}: {{ field.ty }},
{% endfor %}
    /// Properties not in the spec this client was generated from (sent by a newer server, say), in the order
    /// read. They are written back after the known fields; a key named like a known property would be written
    /// twice, so do not add one.
    pub additional_properties: serde_json::Map<String, serde_json::Value>,
}
{% if model.has_constructor %}

{% if model.uses_deprecated %}#[allow(deprecated)]
{% endif %}
impl {{ model.name }} {
    /// A value with the required fields set and every optional field absent.
    pub fn new({% for param in model.constructor_params %}{{ param.name }}: {{ param.ty }}, {% endfor %}) -> Self {
        {{ model.name }} {
{% for field in model.fields %}            {{ field.init }},
{% endfor %}
            additional_properties: serde_json::Map::new(),
        }
    }
}
{% endif %}

{% if model.uses_deprecated %}#[allow(deprecated)]
{% endif %}
impl serde::Serialize for {{ model.name }} {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = serializer.serialize_map(None)?;
{% for field in model.fields %}
{% if field.always_serialized %}
        map.serialize_entry({{ field.json_literal }}, &self.{{ field.rust_name }})?;
{% else %}
        if let Some(value) = &self.{{ field.rust_name }} {
            map.serialize_entry({{ field.json_literal }}, value)?;
        }
{% endif %}
{% endfor %}
        for (key, value) in &self.additional_properties {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

{% if model.uses_deprecated %}#[allow(deprecated)]
{% endif %}
impl<'de> serde::Deserialize<'de> for {{ model.name }} {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct __Visitor;

{% if model.uses_deprecated %}        #[allow(deprecated)]
{% endif %}
        impl<'de> serde::de::Visitor<'de> for __Visitor {
            type Value = {{ model.name }};

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str({{ model.expecting }})
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
{% for field in model.fields %}
                let mut {{ field.local }}: Option<{{ field.decoded_type }}> = None;
{% endfor %}
                let mut additional_properties = serde_json::Map::new();
                while let Some(key) = map.next_key::<crate::runtime::Key<'de>>()? {
                    match key.as_str() {
{% for field in model.fields %}
                        {{ field.json_literal }} => crate::runtime::next_field(&mut map, &mut {{ field.local }}, {{ field.json_literal }})?,
{% endfor %}
                        _ => {
                            let value = map.next_value()?;
                            additional_properties.insert(key.into_string(), value);
                        }
                    }
                }
                Ok({{ model.name }} {
{% for field in model.fields %}                    {{ field.rust_name }}: {{ field.build }},
{% endfor %}
                    additional_properties,
                })
            }
        }

        deserializer.deserialize_map(__Visitor)
    }
}
