//! Random valid instances of the spec's schemas, as JSON values.
//!
//! Every optional property is sometimes present and sometimes absent, `null` appears where the spec allows it,
//! lists and maps get a few entries, and recursion stops at a depth bound: past it only required properties are
//! written and lists and maps are empty. Optionally, objects get properties the spec does not list and enums get
//! values it does not list, as a newer server would send.
//!
//! Values are spelled the way the client writes them back, so that a round trip can be compared as JSON:
//! date-times in RFC 3339 with 0, 3, 6 or 9 fraction digits and `Z` for UTC (chrono's form; other spellings of the
//! same instant are tested on their own), floats that a shortest round-trip print gives back exactly.

use crate::rng::Rng;
use crate::Spec;
use serde_json::{Map, Number, Value};

#[derive(Debug, Clone)]
pub struct Options {
    /// Nesting depth after which optional properties are absent and lists and maps empty.
    pub max_depth: usize,
    /// Chance, in percent, that an optional property is present (above `max_depth`).
    pub presence_percent: u64,
    /// Chance, in percent, that a nullable value is `null`.
    pub null_percent: u64,
    /// Lists and maps get up to this many entries.
    pub max_items: u64,
    /// Add properties the spec does not list to objects, at every level.
    pub unknown_properties: bool,
    /// Use enum values the spec does not list, now and then.
    pub unknown_enum_values: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_depth: 4,
            presence_percent: 50,
            null_percent: 30,
            max_items: 3,
            unknown_properties: true,
            unknown_enum_values: true,
        }
    }
}

/// Past this depth a schema whose required properties never end would be a bug in the spec or here.
const RECURSION_LIMIT: usize = 64;

/// Strings that exercise escaping and non-ASCII text, next to random ones.
const TRICKY_STRINGS: &[&str] = &[
    "",
    " ",
    "quote \" and backslash \\",
    "line\nbreak\ttab",
    "\u{e9}t\u{e9} \u{1F600}",
    "\u{0}\u{1f}",
    "</script>",
];

/// Property names that no Pieces schema uses, some of them needing escapes in JSON.
pub const UNKNOWN_PROPERTY_NAMES: &[&str] = &[
    "addedIn441",
    "source_windows",
    "x-new \"quoted\" key",
    "n\u{e9}w\nline",
    "zz_unknown",
    "persons",
];

/// How enum values the spec does not list begin.
pub const UNKNOWN_ENUM_PREFIX: &str = "VALUE_FROM_A_NEWER_SERVER_";

pub struct InstanceGenerator<'spec> {
    spec: &'spec Spec,
    rng: Rng,
    options: Options,
}

impl<'spec> InstanceGenerator<'spec> {
    pub fn new(spec: &'spec Spec, seed: u64, options: Options) -> Self {
        InstanceGenerator {
            spec,
            rng: Rng::new(seed),
            options,
        }
    }

    /// A random instance of the component schema `schema_name`.
    pub fn instance(&mut self, schema_name: &str) -> Value {
        let schema = self.spec.schema(schema_name);
        self.value(schema, 0)
    }

    fn value(&mut self, schema: &'spec Value, depth: usize) -> Value {
        assert!(
            depth < RECURSION_LIMIT,
            "required properties recurse without end near {schema}"
        );
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            return self.value(self.spec.resolve(reference), depth);
        }
        if schema.get("nullable") == Some(&Value::Bool(true)) && self.rng.chance(self.options.null_percent) {
            return Value::Null;
        }
        if let Some([only]) = schema.get("allOf").and_then(Value::as_array).map(Vec::as_slice) {
            return self.value(only, depth);
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            return self.enum_value(values);
        }
        let type_name = schema.get("type").and_then(Value::as_str);
        if schema
            .get("properties")
            .is_some_and(|properties| properties.as_object().is_some_and(|map| !map.is_empty()))
        {
            return self.object(schema, depth);
        }
        match type_name {
            Some("string") => match schema.get("format").and_then(Value::as_str) {
                Some("date-time") => Value::String(self.date_time()),
                Some("date") => Value::String(self.date()),
                _ => Value::String(self.constrained_string(schema)),
            },
            Some("boolean") => Value::Bool(self.rng.chance(50)),
            Some("integer") => {
                Value::Number(self.integer(schema.get("format").and_then(Value::as_str) == Some("int32")))
            }
            Some("number") => self.number(),
            Some("array") => {
                let count = self.item_count(depth);
                let items = schema.get("items");
                (0..count)
                    .map(|_| match items {
                        Some(items) => self.value(items, depth + 1),
                        None => self.any(2),
                    })
                    .collect()
            }
            Some("object") => self.map(schema.get("additionalProperties"), depth),
            None => self.any(2),
            Some(other) => panic!("unknown schema type `{other}`"),
        }
    }

    fn item_count(&mut self, depth: usize) -> u64 {
        if depth >= self.options.max_depth {
            0
        } else {
            self.rng.below(self.options.max_items + 1)
        }
    }

    fn enum_value(&mut self, values: &'spec [Value]) -> Value {
        let known: Vec<&Value> = values.iter().filter(|value| !value.is_null()).collect();
        if self.options.unknown_enum_values && self.rng.chance(15) {
            return Value::String(format!("{UNKNOWN_ENUM_PREFIX}{}", self.rng.below(3)));
        }
        (*self.rng.pick(&known)).clone()
    }

    /// An object with properties: required ones always, optional ones by chance, unknown ones when asked.
    fn object(&mut self, schema: &'spec Value, depth: usize) -> Value {
        let properties = schema["properties"].as_object().expect("checked by the caller");
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|names| names.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut object = Map::new();
        for (name, property) in properties {
            let present = required.contains(&name.as_str())
                || (depth < self.options.max_depth && self.rng.chance(self.options.presence_percent));
            if present {
                object.insert(name.clone(), self.value(property, depth + 1));
            }
        }
        if self.options.unknown_properties && self.rng.chance(50) {
            for _ in 0..=self.rng.below(2) {
                let name = *self.rng.pick(UNKNOWN_PROPERTY_NAMES);
                if !properties.contains_key(name) {
                    let value = self.any(if depth < self.options.max_depth { 2 } else { 0 });
                    object.insert(name.to_owned(), value);
                }
            }
        }
        Value::Object(object)
    }

    /// A free-form object: a map of the `additionalProperties` schema, or of any value.
    fn map(&mut self, additional: Option<&'spec Value>, depth: usize) -> Value {
        let count = self.item_count(depth);
        let mut object = Map::new();
        for index in 0..count {
            let key = format!("{}{index}", self.rng.pick(&["key", "k\u{e9}y ", "\"k\""]));
            let value = match additional {
                Some(schema @ Value::Object(_)) => self.value(schema, depth + 1),
                _ => self.any(1),
            };
            object.insert(key, value);
        }
        Value::Object(object)
    }

    /// Any JSON value, nested at most `depth` levels.
    pub fn any(&mut self, depth: usize) -> Value {
        let kinds = if depth == 0 { 5 } else { 7 };
        match self.rng.below(kinds) {
            0 => Value::Null,
            1 => Value::Bool(self.rng.chance(50)),
            2 => Value::Number(self.integer(false)),
            3 => self.number(),
            4 => Value::String(self.string()),
            5 => (0..self.rng.below(3)).map(|_| self.any(depth - 1)).collect(),
            _ => {
                let mut object = Map::new();
                for index in 0..self.rng.below(3) {
                    object.insert(format!("nested{index}"), self.any(depth - 1));
                }
                Value::Object(object)
            }
        }
    }

    /// A string that keeps the schema's `pattern`, `minLength` and `maxLength` (the SDK's pydantic models check
    /// them; the Rust models, like the server, do not).
    fn constrained_string(&mut self, schema: &Value) -> String {
        let mut text = match schema.get("pattern").and_then(Value::as_str) {
            Some(pattern) => self.matching(pattern),
            None => self.string(),
        };
        if let Some(minimum) = schema.get("minLength").and_then(Value::as_u64) {
            while (text.chars().count() as u64) < minimum {
                text.push('a');
            }
        }
        if let Some(maximum) = schema.get("maxLength").and_then(Value::as_u64) {
            text = text.chars().take(maximum as usize).collect();
        }
        text
    }

    /// A string matching a regular expression made of literals, escapes, `.`, character classes and the
    /// quantifiers `{n}`, `{n,m}`, `?`, `*`, `+` (all the spec uses); anything else is refused loudly.
    fn matching(&mut self, pattern: &str) -> String {
        let characters: Vec<char> = pattern.chars().collect();
        let mut text = String::new();
        let mut position = 0;
        while position < characters.len() {
            let choices: Vec<char> = match characters[position] {
                '^' | '$' => {
                    position += 1;
                    continue;
                }
                '\\' => {
                    position += 2;
                    escape_choices(*characters.get(position - 1).expect("a pattern does not end in `\\`"))
                }
                '[' => {
                    let end = characters[position..]
                        .iter()
                        .position(|&character| character == ']')
                        .map(|offset| position + offset);
                    let end = end.unwrap_or_else(|| panic!("unclosed `[` in pattern {pattern:?}"));
                    let class = class_choices(&characters[position + 1..end]);
                    position = end + 1;
                    class
                }
                '.' => {
                    position += 1;
                    ('a'..='z').collect()
                }
                '(' | ')' | '|' => {
                    panic!("pattern {pattern:?} needs groups or alternation, which instances do not support yet")
                }
                literal => {
                    position += 1;
                    vec![literal]
                }
            };
            let (low, high, length) = quantifier(&characters[position..]);
            position += length;
            for _ in 0..low + self.rng.below(high - low + 1) {
                text.push(*self.rng.pick(&choices));
            }
        }
        text
    }

    fn string(&mut self) -> String {
        if self.rng.chance(20) {
            return (*self.rng.pick(TRICKY_STRINGS)).to_owned();
        }
        let length = self.rng.below(12);
        (0..length)
            .map(|_| char::from(b'a' + self.rng.below(26) as u8))
            .collect()
    }

    fn integer(&mut self, int32: bool) -> Number {
        let raw = self.next_signed();
        let value = match self.rng.below(3) {
            0 => raw % 100,
            _ if int32 => raw % (i64::from(i32::MAX) + 1),
            1 => raw % 1_000_000_000_000,
            _ => raw,
        };
        Number::from(value)
    }

    fn next_signed(&mut self) -> i64 {
        self.rng.next_u64() as i64
    }

    /// Integers (as a `number` may be written), fractions, and floats of every size.
    fn number(&mut self) -> Value {
        let value = match self.rng.below(4) {
            0 => return Value::Number(Number::from(self.next_signed() % 1000)),
            1 => (self.rng.unit() * 100.0 * 1000.0).round() / 1000.0,
            2 => (self.rng.unit() - 0.5) * 2.0,
            _ => {
                let exponent = self.rng.below(600) as i32 - 300;
                (self.rng.unit() - 0.5) * 10f64.powi(exponent)
            }
        };
        Value::Number(Number::from_f64(value).expect("finite"))
    }

    /// An RFC 3339 date-time as chrono writes it: fraction digits 0, 3, 6 or 9, `Z` for UTC.
    fn date_time(&mut self) -> String {
        let (year, month, day) = (
            1970 + self.rng.below(130),
            1 + self.rng.below(12),
            1 + self.rng.below(28),
        );
        let (hour, minute, second) = (self.rng.below(24), self.rng.below(60), self.rng.below(60));
        let fraction = match self.rng.below(4) {
            0 => String::new(),
            1 => format!(".{:03}", 1 + self.rng.below(999)),
            2 => shortest_fraction(format!(".{:06}", 1 + self.rng.below(999_999))),
            _ => shortest_fraction(format!(".{:09}", 1 + self.rng.below(999_999_999))),
        };
        let offset = if self.rng.chance(50) {
            "Z".to_owned()
        } else {
            let minutes = 1 + self.rng.below(14 * 60 - 1);
            let sign = if self.rng.chance(50) { '+' } else { '-' };
            format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
        };
        format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{fraction}{offset}")
    }

    fn date(&mut self) -> String {
        format!(
            "{:04}-{:02}-{:02}",
            1970 + self.rng.below(130),
            1 + self.rng.below(12),
            1 + self.rng.below(28)
        )
    }
}

/// chrono writes a fraction whose last three digits are zeros shorter (`.120000` as `.120`); such a fraction is
/// nudged so that it is already in its shortest form.
fn shortest_fraction(mut fraction: String) -> String {
    if fraction.ends_with("000") {
        fraction.pop();
        fraction.push('1');
    }
    fraction
}

fn escape_choices(escaped: char) -> Vec<char> {
    match escaped {
        'd' => ('0'..='9').collect(),
        'w' => ('a'..='z').collect(),
        's' => vec![' '],
        other => vec![other],
    }
}

/// The characters of a class body (`0-9a-fA-F`, `\-`, `YYYY`).
fn class_choices(class: &[char]) -> Vec<char> {
    assert!(class.first() != Some(&'^'), "negated classes are not supported");
    let mut choices = Vec::new();
    let mut position = 0;
    while position < class.len() {
        let first = if class[position] == '\\' {
            position += 1;
            class[position]
        } else {
            class[position]
        };
        if class.get(position + 1) == Some(&'-') && position + 2 < class.len() {
            choices.extend(first..=class[position + 2]);
            position += 3;
        } else {
            choices.push(first);
            position += 1;
        }
    }
    choices
}

/// The repeat counts at the start of `rest` and how many characters spell them: `(low, high, length)`.
fn quantifier(rest: &[char]) -> (u64, u64, usize) {
    match rest.first() {
        Some('?') => (0, 1, 1),
        Some('*') => (0, 2, 1),
        Some('+') => (1, 3, 1),
        Some('{') => {
            let end = rest
                .iter()
                .position(|&character| character == '}')
                .expect("a `{` quantifier is closed");
            let body: String = rest[1..end].iter().collect();
            let (low, high) = match body.split_once(',') {
                Some((low, high)) => (
                    low.parse().unwrap(),
                    high.parse().unwrap_or(low.parse::<u64>().unwrap() + 2),
                ),
                None => (body.parse().unwrap(), body.parse().unwrap()),
            };
            (low, high, end + 1)
        }
        _ => (1, 1, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_of_the_spec_are_matched() {
        let spec = Spec { schemas: Map::new() };
        let mut generator = InstanceGenerator::new(&spec, 7, Options::default());
        let uuid = r"[0-9a-fA-F]{8}\-[0-9a-fA-F]{4}\-[0-9a-fA-F]{4}\-[0-9a-fA-F]{4}\-[0-9a-fA-F]{12}";
        for _ in 0..20 {
            let text = generator.matching(uuid);
            assert_eq!(text.len(), 36, "{text}");
            for (index, character) in text.chars().enumerate() {
                assert_eq!(character == '-', [8, 13, 18, 23].contains(&index), "{text}");
                assert!(character == '-' || character.is_ascii_hexdigit(), "{text}");
            }
        }
        assert_eq!(generator.matching("P[YYYY]-[MM]-[DD]T[hh]:[mm]:[ss]"), "PY-M-DTh:m:s");
        let schema = serde_json::json!({"type": "string", "minLength": 5, "maxLength": 6});
        for _ in 0..20 {
            let length = generator.constrained_string(&schema).chars().count();
            assert!((5..=6).contains(&length), "{length}");
        }
    }
}
