//! The serde and `Debug` code every model shares: models state their fields once, in `model_serde!`, and these
//! functions read and write the JSON object, keeping the properties a model does not know.

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

/// Implements `Serialize`, `Deserialize` and `Debug` for a model struct. Known properties are read and written
/// under their JSON names, in order; any other property is kept in `additional_properties` and written back after
/// them. Each field is `(name, "json name", mode)`, where mode is `required` (must be present; always written),
/// `optional` (absent or `null` is `None`; written when set) or `nullable` (absent is `None`, `null` is
/// `Some(None)`; written when set). Written as a macro so that each model states only what differs.
///
/// The expansion is shaped for the compiler, which meets it once per model. `Serialize` hands the properties to
/// the runtime as one tuple ([`Properties`]), so that the call per property and its error path are type-checked
/// once, in generic code. The reader has no closures and one `?` (each `?` is a trait lookup for the type checker
/// and a drop path for the borrow checker); failures return through `match`. `Debug` goes through `Serialize`
/// (one generic call instead of a derive that names every field). Tried and dropped: reading into a tuple of
/// slots the same way (checked 1-2% faster than writing alone, but built 9% slower); writing and reading each
/// property through `dyn` values (erased-serde), which checked 0.5 s faster but wrote 10x and read 7% slower.
#[allow(unused_macros)] // An API without object models does not use it.
macro_rules! model_serde {
    ($model:ident, $expecting:literal, [$(($field:ident, $json:literal, $mode:ident)),* $(,)?]) => {
        impl serde::Serialize for $model {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let properties = $crate::runtime::model_serde!(@tuple write self [$(($field, $json, $mode))*]);
                $crate::runtime::write_object(serializer, properties, &self.additional_properties)
            }
        }

        impl std::fmt::Debug for $model {
            fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                $crate::runtime::debug_object(formatter, stringify!($model), self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $model {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::runtime::read_object(deserializer)
            }
        }

        impl $crate::runtime::ReadObject for $model {
            const EXPECTING: &'static str = $expecting;

            #[allow(clippy::question_mark)] // `?` costs the compiler more, once per field of every model.
            fn read<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                $(let mut $field = None;)*
                let mut additional_properties = serde_json::Map::new();
                while let Some(key) = map.next_key::<$crate::runtime::Key<'de>>()? {
                    match key.as_str() {
                        $($json => $crate::runtime::next_field(&mut map, &mut $field, $json),)*
                        _ => $crate::runtime::keep_unknown(&mut map, &mut additional_properties, key),
                    }?;
                }
                Ok($model {
                    $($field: $crate::runtime::model_serde!(@build $mode, $field, $json),)*
                    additional_properties,
                })
            }
        }
    };
    // The properties as a tuple of what `$use` makes of each: `(a, b, c)`, nested by sixteen (the largest tuple
    // the runtime's `Properties` is implemented for) when there are more, `((a, …, p), (q, …))`.
    (@tuple $use:ident $self:ident [
        $a:tt $b:tt $c:tt $d:tt $e:tt $f:tt $g:tt $h:tt $i:tt $j:tt $k:tt $l:tt $m:tt $n:tt $o:tt $p:tt $($rest:tt)+
    ]) => {
        (
            $crate::runtime::model_serde!(@tuple $use $self [$a $b $c $d $e $f $g $h $i $j $k $l $m $n $o $p]),
            $crate::runtime::model_serde!(@tuple $use $self [$($rest)+]),
        )
    };
    (@tuple $use:ident $self:ident [$($property:tt)*]) => {
        ($($crate::runtime::model_serde!(@$use $self $property),)*)
    };
    (@write $self:ident ($field:ident, $json:literal, required)) => {
        $crate::runtime::Write($json, &$self.$field)
    };
    (@write $self:ident ($field:ident, $json:literal, $mode:ident)) => {
        $crate::runtime::WriteIfSet($json, &$self.$field)
    };
    (@build required, $slot:ident, $json:literal) => {
        match $slot {
            Some(value) => value,
            None => return Err(serde::de::Error::missing_field($json)),
        }
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

/// A property a model always writes: its JSON name and value.
pub(crate) struct Write<'a, T>(pub(crate) &'static str, pub(crate) &'a T);

/// A property a model writes when it is set (optional and nullable ones; a nullable one set to `null` is written
/// as `null`).
pub(crate) struct WriteIfSet<'a, T>(pub(crate) &'static str, pub(crate) &'a Option<T>);

/// What a model writes: one property, or a tuple of them.
pub(crate) trait Properties {
    fn write<M: serde::ser::SerializeMap>(&self, map: &mut M) -> Result<(), M::Error>;
}

impl<T: serde::Serialize> Properties for Write<'_, T> {
    #[inline]
    fn write<M: serde::ser::SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        map.serialize_entry(self.0, self.1)
    }
}

impl<T: serde::Serialize> Properties for WriteIfSet<'_, T> {
    #[inline]
    fn write<M: serde::ser::SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        match self.1 {
            Some(value) => map.serialize_entry(self.0, value),
            None => Ok(()),
        }
    }
}

/// Writes a model's JSON object: its known properties in order, then every unknown one kept in `additional`.
#[inline]
pub(crate) fn write_object<S: serde::Serializer, P: Properties>(
    serializer: S,
    properties: P,
    additional: &serde_json::Map<String, serde_json::Value>,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    properties.write(&mut map)?;
    end_object::<S>(map, additional)
}

/// Writes the unknown properties and ends the object: compiled once per serializer, not once per model.
fn end_object<S: serde::Serializer>(
    mut map: S::SerializeMap,
    additional: &serde_json::Map<String, serde_json::Value>,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap as _;
    for (key, value) in additional {
        map.serialize_entry(key, value)?;
    }
    map.end()
}

/// A model without properties of its own writes only the unknown ones.
impl Properties for () {
    fn write<M: serde::ser::SerializeMap>(&self, _map: &mut M) -> Result<(), M::Error> {
        Ok(())
    }
}

/// Implements [`Properties`] for the tuple of the given element types, each with its index.
macro_rules! tuple_impls {
    ($($element:ident $index:tt)*) => {
        impl<$($element: Properties),*> Properties for ($($element,)*) {
            #[inline]
            fn write<Map: serde::ser::SerializeMap>(&self, map: &mut Map) -> Result<(), Map::Error> {
                $(self.$index.write(map)?;)*
                Ok(())
            }
        }
    };
}

tuple_impls!(A 0);
tuple_impls!(A 0 B 1);
tuple_impls!(A 0 B 1 C 2);
tuple_impls!(A 0 B 1 C 2 D 3);
tuple_impls!(A 0 B 1 C 2 D 3 E 4);
tuple_impls!(A 0 B 1 C 2 D 3 E 4 F 5);
tuple_impls!(A 0 B 1 C 2 D 3 E 4 F 5 G 6);
tuple_impls!(A 0 B 1 C 2 D 3 E 4 F 5 G 6 H 7);
tuple_impls!(A 0 B 1 C 2 D 3 E 4 F 5 G 6 H 7 I 8);
tuple_impls!(A 0 B 1 C 2 D 3 E 4 F 5 G 6 H 7 I 8 J 9);
tuple_impls!(A 0 B 1 C 2 D 3 E 4 F 5 G 6 H 7 I 8 J 9 K 10);
tuple_impls!(A 0 B 1 C 2 D 3 E 4 F 5 G 6 H 7 I 8 J 9 K 10 L 11);
tuple_impls!(A 0 B 1 C 2 D 3 E 4 F 5 G 6 H 7 I 8 J 9 K 10 L 11 M 12);
tuple_impls!(A 0 B 1 C 2 D 3 E 4 F 5 G 6 H 7 I 8 J 9 K 10 L 11 M 12 N 13);
tuple_impls!(A 0 B 1 C 2 D 3 E 4 F 5 G 6 H 7 I 8 J 9 K 10 L 11 M 12 N 13 O 14);
tuple_impls!(A 0 B 1 C 2 D 3 E 4 F 5 G 6 H 7 I 8 J 9 K 10 L 11 M 12 N 13 O 14 P 15);

/// A model's `Debug` output: its name, then the JSON it is sent as (pretty-printed under `{:#?}`), properties in
/// order, unknown ones last, absent fields left out.
pub(crate) fn debug_object<T: serde::Serialize>(
    formatter: &mut std::fmt::Formatter<'_>,
    model: &str,
    value: &T,
) -> std::fmt::Result {
    let json = serde_json::to_string(value);
    let json = if formatter.alternate() { json.and_then(|compact| pretty(&compact)) } else { json };
    match json {
        Ok(json) => write!(formatter, "{model} {json}"),
        // Only a map with keys that are not strings fails to become JSON, which no model has.
        Err(error) => write!(formatter, "{model} <not JSON: {error}>"),
    }
}

/// Compact JSON text laid out by serde_json's pretty printer. Transcoding the text (serde-transcode streams it
/// from a reader to a writer, keeping the order) compiles the pretty printer once, where serializing each model
/// with it would compile it again for every model.
fn pretty(compact: &str) -> Result<String, serde_json::Error> {
    let mut out = Vec::new();
    serde_transcode::transcode(
        &mut serde_json::Deserializer::from_str(compact),
        &mut serde_json::Serializer::pretty(&mut out),
    )?;
    // The writer was given UTF-8 only; a lossy conversion never replaces anything.
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// A model `model_serde!` reads from a JSON object: what it expects, for error messages, and how it reads the
/// object's properties. One visitor type serves every model, so that none declares its own.
pub(crate) trait ReadObject: Sized {
    const EXPECTING: &'static str;

    fn read<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Reads a model from a JSON object.
pub(crate) fn read_object<'de, M: ReadObject, D: Deserializer<'de>>(deserializer: D) -> Result<M, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(std::marker::PhantomData))
}

struct ObjectVisitor<M>(std::marker::PhantomData<M>);

impl<'de, M: ReadObject> serde::de::Visitor<'de> for ObjectVisitor<M> {
    type Value = M;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(M::EXPECTING)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<M, A::Error> {
        M::read(map)
    }
}

/// Keeps a property the model does not know, with its value, in the map it will be written back from.
pub(crate) fn keep_unknown<'de, A: serde::de::MapAccess<'de>>(
    map: &mut A,
    additional: &mut serde_json::Map<String, serde_json::Value>,
    key: Key<'de>,
) -> Result<(), A::Error> {
    let value = map.next_value()?;
    additional.insert(key.into_string(), value);
    Ok(())
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
