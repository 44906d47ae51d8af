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
/// The expansion is shaped for the compiler, which meets it once per model. A model hands its properties to the
/// runtime as one tuple ([`Properties`] to write, [`Slots`] to read into), so that the loop over the JSON object
/// and the call per property are type-checked once, in the runtime's generic code, instead of once per model;
/// what is left per model is a tuple and a struct literal. `Debug` goes through `Serialize` (one generic call
/// instead of a derive that names every field). Tried and dropped: writing and reading each property through
/// `dyn` values (erased-serde) checked 0.5 s faster but wrote 10x and read 7% slower.
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

            fn read<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
                let mut additional_properties = serde_json::Map::new();
                let $crate::runtime::model_serde!(@tuple slot self [$(($field, $json, $mode))*]) =
                    $crate::runtime::read_fields(map, &[$($json),*], &mut additional_properties)?;
                Ok($model {
                    $($field: $crate::runtime::model_serde!(@build $mode, $field, $json),)*
                    additional_properties,
                })
            }
        }
    };
    // The properties as a tuple of what `$use` makes of each: `(a, b, c)`, nested by sixteen (the largest tuple
    // the runtime's traits are implemented for) when there are more, `((a, …, p), (q, …))`.
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
    (@slot $self:ident ($field:ident, $json:literal, $mode:ident)) => {
        $field
    };
    (@build required, $slot:ident, $json:literal) => {
        match $slot {
            Some(value) => value,
            None => return Err(serde::de::Error::missing_field($json)),
        }
    };
    (@build optional, $slot:ident, $json:literal) => {
        Option::flatten($slot)
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

/// Where a model reads its known properties into: an `Option` per property, `None` until the property is read,
/// or a tuple of them.
pub(crate) trait Slots<'de>: Sized {
    /// How many properties this holds.
    const WIDTH: usize;

    fn empty() -> Self;

    /// Reads the value of property `index` (counted in the model's order) into its slot.
    fn read<A: serde::de::MapAccess<'de>>(&mut self, index: usize, map: &mut A, name: &'static str) -> Result<(), A::Error>;
}

impl<'de, T: Deserialize<'de>> Slots<'de> for Option<T> {
    const WIDTH: usize = 1;

    fn empty() -> Self {
        None
    }

    #[inline]
    /// Reads the property's value; a property given twice is an error, as with serde's derive.
    fn read<A: serde::de::MapAccess<'de>>(&mut self, _index: usize, map: &mut A, name: &'static str) -> Result<(), A::Error> {
        if self.is_some() {
            return Err(serde::de::Error::duplicate_field(name));
        }
        *self = Some(map.next_value()?);
        Ok(())
    }
}

/// A model without properties of its own writes and reads only the unknown ones.
impl Properties for () {
    fn write<M: serde::ser::SerializeMap>(&self, _map: &mut M) -> Result<(), M::Error> {
        Ok(())
    }
}

impl<'de> Slots<'de> for () {
    const WIDTH: usize = 0;

    fn empty() -> Self {}

    fn read<A: serde::de::MapAccess<'de>>(&mut self, _index: usize, _map: &mut A, _name: &'static str) -> Result<(), A::Error> {
        Ok(())
    }
}

/// Implements [`Properties`] and [`Slots`] for the tuple of the given element types, each with its index.
macro_rules! tuple_impls {
    ($($element:ident $index:tt)*) => {
        impl<$($element: Properties),*> Properties for ($($element,)*) {
            #[inline]
            fn write<Map: serde::ser::SerializeMap>(&self, map: &mut Map) -> Result<(), Map::Error> {
                $(self.$index.write(map)?;)*
                Ok(())
            }
        }

        impl<'de, $($element: Slots<'de>),*> Slots<'de> for ($($element,)*) {
            const WIDTH: usize = 0 $(+ $element::WIDTH)*;

            fn empty() -> Self {
                ($($element::empty(),)*)
            }

            #[inline]
            fn read<Access: serde::de::MapAccess<'de>>(
                &mut self,
                index: usize,
                map: &mut Access,
                name: &'static str,
            ) -> Result<(), Access::Error> {
                $(
                    if index < $element::WIDTH {
                        return self.$index.read(index, map, name);
                    }
                    let index = index - $element::WIDTH;
                )*
                // `read_fields` only asks for an index below `WIDTH`.
                let _ = index;
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

/// Reads a model's JSON object: each known property (`names`, in the slots' order) into its slot, every other
/// one into `additional`.
pub(crate) fn read_fields<'de, A: serde::de::MapAccess<'de>, S: Slots<'de>>(
    mut map: A,
    names: &'static [&'static str],
    additional: &mut serde_json::Map<String, serde_json::Value>,
) -> Result<S, A::Error> {
    let mut slots = S::empty();
    while let Some(key) = map.next_key::<Key<'de>>()? {
        match position(names, key.as_str()) {
            Some((index, name)) => slots.read(index, &mut map, name)?,
            None => keep_unknown(&mut map, additional, key)?,
        }
    }
    Ok(slots)
}

/// Where `key` is among a model's property names: compiled once, not once per model.
fn position(names: &'static [&'static str], key: &str) -> Option<(usize, &'static str)> {
    names.iter().enumerate().find_map(|(index, name)| (*name == key).then_some((index, *name)))
}

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

