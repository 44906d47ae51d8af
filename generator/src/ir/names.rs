//! Naming: every Rust identifier the generator emits is made here, from spec names, in one place.
//!
//! Spec names are free text (`200_response`, `-type`, ` format`, `123_test_@#$%`); Rust names must be valid
//! identifiers, follow Rust's case conventions and never collide. Collisions are resolved by [`Namespace`].

use heck::{ToKebabCase, ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeMap;

/// Words that cannot be plain identifiers in any Rust edition (strict, reserved and `gen` from 2024).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match",
    "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
    "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names that would shadow what generated code uses unqualified: the prelude, and the generic parameters
/// of the templates' serde impls (`A`, `D`, `E`, `S`, `T`, `V`).
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Self", "Option", "Some", "None", "Result", "Ok", "Err", "String", "Vec", "Box", "Default", "Clone", "Debug",
    "Send", "Sync", "Sized", "Copy", "Fn", "Iterator", "ToString", "Into", "From", "A", "D", "E", "S", "T", "V",
];

/// Words for punctuation, used when a name is nothing but punctuation (enum values such as `>` or `-`).
const SYMBOL_WORDS: &[(char, &str)] = &[
    ('>', "greater than"), ('<', "less than"), ('=', "equal"), ('!', "not"), ('-', "minus"), ('+', "plus"),
    ('*', "star"), ('/', "slash"), ('\\', "backslash"), ('.', "dot"), (',', "comma"), ('$', "dollar"),
    ('@', "at"), ('#', "hash"), ('%', "percent"), ('&', "and"), ('|', "pipe"), ('^', "caret"), ('~', "tilde"),
    ('?', "question"), (':', "colon"), (';', "semicolon"), ('(', "open paren"), (')', "close paren"),
    ('[', "open bracket"), (']', "close bracket"), ('{', "open brace"), ('}', "close brace"), ('_', "underscore"),
    (' ', "space"), ('\'', "quote"), ('"', "double quote"),
];

pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// Keeps only characters that can appear in an identifier, turning the rest into word breaks.
fn identifier_words(raw: &str) -> String {
    raw.chars().map(|character| if character.is_ascii_alphanumeric() { character } else { ' ' }).collect()
}

/// Spells out punctuation when a name has no letters or digits at all.
fn spell_symbols(raw: &str) -> String {
    let mut words = Vec::new();
    for character in raw.chars() {
        if let Some((_, word)) = SYMBOL_WORDS.iter().find(|(symbol, _)| *symbol == character) {
            words.push((*word).to_owned());
        } else if !character.is_whitespace() {
            words.push(format!("u{:04x}", character as u32));
        }
    }
    words.join(" ")
}

fn words_of(raw: &str) -> String {
    let words = identifier_words(raw);
    if words.trim().is_empty() {
        spell_symbols(raw)
    } else {
        words
    }
}

/// `UpperCamelCase` name for a type (model, enum, request builder); `fallback` names an empty input.
pub fn type_name(raw: &str, fallback: &str) -> String {
    let mut name = words_of(raw).to_upper_camel_case();
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|character: char| character.is_ascii_digit()) {
        name = format!("{fallback}{name}");
    }
    if RESERVED_TYPE_NAMES.contains(&name.as_str()) {
        name.push_str(fallback);
    }
    name
}

/// `snake_case` name for a field, parameter, method or module; keywords get a trailing underscore.
pub fn snake_name(raw: &str) -> String {
    let mut name = words_of(raw).to_snake_case();
    if name.is_empty() {
        name = "value".to_owned();
    }
    if name.starts_with(|character: char| character.is_ascii_digit()) {
        name = format!("n{name}");
    }
    if is_keyword(&name) {
        name.push('_');
    }
    name
}

/// `UpperCamelCase` name for an enum variant made from an enum value such as `LOCAL`, `''` or `>=`.
pub fn variant_name(value: &str) -> String {
    if value.is_empty() {
        return "Empty".to_owned();
    }
    type_name(value, "Value")
}

/// The name of an error enum several operations share, from its variants' names: `UnauthorizedOrInternalServerError`,
/// always ending in `Error`. A clash between two shapes with the same variants is settled by the caller's namespace.
pub fn shared_error_name<'a>(variant_names: impl IntoIterator<Item = &'a str>) -> String {
    let joined = variant_names.into_iter().collect::<Vec<_>>().join("Or");
    if joined.ends_with("Error") {
        joined
    } else {
        format!("{joined}Error")
    }
}

/// Cargo features every generated crate may declare besides the tag features; a tag feature never takes one.
pub const RESERVED_FEATURE_NAMES: &[&str] = &["default", "full", "websocket", "tracing", "middleware", "rustls", "native-tls"];

/// The cargo feature of each tag, in order: the tag's name in `kebab-case` (`WorkstreamEvent` ->
/// `workstream-event`), with a suffix when it would be a reserved feature or another tag's (`Default` ->
/// `default-2`).
pub fn feature_names<'a>(tag_names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut taken: Vec<String> = RESERVED_FEATURE_NAMES.iter().map(|name| (*name).to_owned()).collect();
    let mut names = Vec::new();
    for raw in tag_names {
        let mut wanted = words_of(raw).to_kebab_case();
        if wanted.is_empty() {
            wanted = "tag".to_owned();
        }
        let mut name = wanted.clone();
        let mut counter = 2;
        while taken.contains(&name) {
            name = format!("{wanted}-{counter}");
            counter += 1;
        }
        taken.push(name.clone());
        names.push(name);
    }
    names
}

/// A set of names already taken in one scope; [`Namespace::claim`] returns a fresh, deterministic name.
/// Each name remembers who took it (a JSON pointer), so that a collision can name both sides.
#[derive(Debug, Default)]
pub struct Namespace {
    /// Case-folded name -> the pointer of the construct that took it (empty for reserved names).
    taken: BTreeMap<String, String>,
}

/// A name given out by [`Namespace::claim_for`]; `clash` is set when the wanted name was already taken.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub name: String,
    /// The pointer of the construct holding the wanted name (empty when the name is reserved).
    pub clash: Option<String>,
}

impl Namespace {
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Namespace { taken: reserved.iter().map(|name| (name.to_ascii_lowercase(), String::new())).collect() }
    }

    /// Claims `wanted`, or `wanted2`, `wanted3`... if it is taken. Returns the name and whether it changed.
    /// Names are compared case-insensitively so that generated file names stay distinct on every file system.
    pub fn claim(&mut self, wanted: &str) -> (String, bool) {
        let claimed = self.claim_for(wanted, "");
        (claimed.name, claimed.clash.is_some())
    }

    /// Like [`Namespace::claim`], for the construct at `owner`; a clash names who holds the wanted name.
    pub fn claim_for(&mut self, wanted: &str, owner: &str) -> Claimed {
        let folded = |name: &str| name.to_ascii_lowercase();
        let Some(holder) = self.taken.get(&folded(wanted)).cloned() else {
            self.taken.insert(folded(wanted), owner.to_owned());
            return Claimed { name: wanted.to_owned(), clash: None };
        };
        let separator = if wanted.ends_with(|character: char| character.is_ascii_digit()) { "_" } else { "" };
        let mut counter = 2;
        loop {
            let candidate = format!("{wanted}{separator}{counter}");
            if let std::collections::btree_map::Entry::Vacant(entry) = self.taken.entry(folded(&candidate)) {
                entry.insert(owner.to_owned());
                return Claimed { name: candidate, clash: Some(holder) };
            }
            counter += 1;
        }
    }

    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains_key(&name.to_ascii_lowercase())
    }
}

/// How a collision warning names the other side: its pointer, or the fact that the name is reserved.
pub fn clash_words(holder: &str) -> String {
    if holder.is_empty() {
        "a name the generated code reserves".to_owned()
    } else {
        format!("`{holder}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names() {
        assert_eq!(type_name("WorkstreamEvent", "Model"), "WorkstreamEvent");
        assert_eq!(type_name("200_response", "Model"), "Model200Response");
        assert_eq!(type_name("_special_model.name_", "Model"), "SpecialModelName");
        assert_eq!(type_name("Self", "Model"), "SelfModel");
        assert_eq!(type_name("OSAppletEnum", "Model"), "OsAppletEnum");
    }

    #[test]
    fn snake_names() {
        assert_eq!(snake_name("type"), "type_");
        assert_eq!(snake_name(" format"), "format");
        assert_eq!(snake_name("-type"), "type_");
        assert_eq!(snake_name("123-list"), "n123_list");
        assert_eq!(snake_name("isFolder"), "is_folder");
        assert_eq!(snake_name("self"), "self_");
    }

    #[test]
    fn variant_names() {
        assert_eq!(variant_name("LOCAL"), "Local");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name(">"), "GreaterThan");
        assert_eq!(variant_name("-efg"), "Efg");
        assert_eq!(variant_name("1"), "Value1");
    }

    #[test]
    fn feature_names_are_kebab_case_and_never_clash() {
        let tags = ["WorkstreamEvent", "QGPT", "Default", "default", "Full", "native_tls", "OS", "os", "123 Go"];
        assert_eq!(
            feature_names(tags),
            ["workstream-event", "qgpt", "default-2", "default-3", "full-2", "native-tls-2", "os", "os-2", "123-go"]
        );
    }

    #[test]
    fn namespace_resolves_collisions_case_insensitively() {
        let mut namespace = Namespace::default();
        assert_eq!(namespace.claim("DuplicateTest"), ("DuplicateTest".to_owned(), false));
        assert_eq!(namespace.claim("Duplicatetest"), ("Duplicatetest2".to_owned(), true));
        assert_eq!(namespace.claim("v1"), ("v1".to_owned(), false));
        assert_eq!(namespace.claim("v1"), ("v1_2".to_owned(), true));
    }
}
