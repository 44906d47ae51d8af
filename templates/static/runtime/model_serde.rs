//! The serde code every model shares: models state their fields once, in `model_serde!`, and these functions
//! read and write the JSON object, keeping the properties a model does not know.

// An API without object models (or without required fields) uses only part of this.
#![allow(dead_code)]

use serde::{Deserialize, Deserializer};

/// An object key as the decoder reads it: borrowed from the input when the input allows (no allocation for the
/// keys a model knows), owned otherwise. Models match known keys with `as_str` and keep the rest as owned keys.
pub(crate) struct Key<'de>(std::borrow::Cow<'de, str>);

impl<'de> Key<'de> {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    pub(crate) fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("a property name")
            }

            fn visit_borrowed_str<E: serde::de::Error>(self, value: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(value)))
            }

            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(value.to_owned())))
            }

            fn visit_string<E: serde::de::Error>(self, value: String) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(value)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Implements `Serialize` and `Deserialize` for a model struct. Known properties are read and written under
/// their JSON names, in order; any other property is kept in `additional_properties` and written back after them.
/// Each field is `(name, "json name", mode)`, where mode is `required` (must be present; always
/// written), `optional` (absent or `null` is `None`; written when set) or `nullable` (absent is `None`, `null` is
/// `Some(None)`; written when set). Written as a macro so that each model states only what differs.
#[allow(unused_macros)] // An API without object models does not use it.
macro_rules! model_serde {
    ($model:ident, $expecting:literal, [$(($field:ident, $json:literal, $mode:ident)),* $(,)?]) => {
        impl serde::Serialize for $model {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $crate::runtime::write_object(serializer, &self.additional_properties, &mut |map| {
                    use serde::ser::SerializeMap as _;
                    $($crate::runtime::model_serde!(@write $mode, map, $json, &self.$field);)*
                    Ok(())
                })
            }
        }

        impl<'de> serde::Deserialize<'de> for $model {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                // Item names are not hygienic: the reserved prefix keeps a model named `Visitor` apart.
                struct __Visitor;

                impl<'de> serde::de::Visitor<'de> for __Visitor {
                    type Value = $model;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        formatter.write_str($expecting)
                    }

                    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                        $(let mut $field = None;)*
                        let additional_properties = $crate::runtime::read_object(map, &mut |key, map| Some(match key {
                            $($json => $crate::runtime::next_field(map, &mut $field, $json),)*
                            _ => return None,
                        }))?;
                        Ok($model {
                            $($field: $crate::runtime::model_serde!(@build $mode, $field, $json),)*
                            additional_properties,
                        })
                    }
                }

                deserializer.deserialize_map(__Visitor)
            }
        }
    };
    (@write required, $map:ident, $json:literal, $value:expr) => {
        $map.serialize_key($json)?;
        $map.serialize_value($value)?;
    };
    (@write $mode:ident, $map:ident, $json:literal, $value:expr) => {
        if let Some(value) = $value {
            $map.serialize_key($json)?;
            $map.serialize_value(value)?;
        }
    };
    (@build required, $slot:ident, $json:literal) => {
        $crate::runtime::required_field($slot, $json)?
    };
    (@build optional, $slot:ident, $json:literal) => {
        $slot.flatten()
    };
    (@build nullable, $slot:ident, $json:literal) => {
        $slot
    };
}
#[allow(unused_imports)] // An API without object models does not use it.
pub(crate) use model_serde;

/// Writes a model as a JSON object: `known` writes its own properties, then every unknown one kept in
/// `additional` follows. Shared by every model's `Serialize`, so that each states only its fields; `known` is a
/// trait object so that this function is compiled once per serializer, not once per model.
pub(crate) fn write_object<S>(
    serializer: S,
    additional: &serde_json::Map<String, serde_json::Value>,
    known: &mut dyn FnMut(&mut S::SerializeMap) -> Result<(), S::Error>,
) -> Result<S::Ok, S::Error>
where
    S: serde::Serializer,
{
    use serde::ser::SerializeMap as _;
    let mut map = serializer.serialize_map(None)?;
    known(&mut map)?;
    for (key, value) in additional {
        map.serialize_entry(key, value)?;
    }
    map.end()
}

/// Reads a JSON object for a model: `known` reads each property the model knows into its slot and returns `None`
/// for any other key, which is kept, with its value, in the map returned. Like `write_object`, compiled once per
/// decoder rather than once per model.
pub(crate) fn read_object<'de, A>(
    mut map: A,
    known: &mut dyn FnMut(&str, &mut A) -> Option<Result<(), A::Error>>,
) -> Result<serde_json::Map<String, serde_json::Value>, A::Error>
where
    A: serde::de::MapAccess<'de>,
{
    let mut additional = serde_json::Map::new();
    while let Some(key) = map.next_key::<Key<'de>>()? {
        match known(key.as_str(), &mut map) {
            Some(result) => result?,
            None => {
                let value = map.next_value()?;
                additional.insert(key.into_string(), value);
            }
        }
    }
    Ok(additional)
}

/// Reads the value of a known property into its slot; a property given twice is an error, as with serde's derive.
#[inline]
pub(crate) fn next_field<'de, A, T>(map: &mut A, slot: &mut Option<T>, name: &'static str) -> Result<(), A::Error>
where
    A: serde::de::MapAccess<'de>,
    T: Deserialize<'de>,
{
    if slot.is_some() {
        return Err(serde::de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// The value of a required property, or serde's `missing field` error when the object did not have it.
#[inline]
pub(crate) fn required_field<T, E: serde::de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

