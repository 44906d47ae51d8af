//! The generated `WorkstreamEventApi` must map 1:1 onto the Python SDK's documentation of it (the seed,
//! `../shared/seed/000_39e1dcd13b2613bd.txt`): same operations, parameter names, optionality and types, return
//! types and documented statuses. The seed is parsed, the generated source is parsed with syn, and both compared.

use quote::ToTokens;
use std::collections::BTreeMap;
use std::path::Path;

const SEED: &str = "../shared/seed/000_39e1dcd13b2613bd.txt";
const API_FILE: &str = "generated/src/apis/workstream_event_api.rs";
const SHARED_ERRORS_FILE: &str = "generated/src/apis/errors.rs";

#[derive(Debug, PartialEq)]
struct SeedParameter {
    name: String,
    /// `str`, `bool`, or a model name.
    ty: String,
    optional: bool,
}

#[derive(Debug)]
struct SeedOperation {
    parameters: Vec<SeedParameter>,
    /// `void` or a model name.
    returns: String,
    statuses: Vec<u16>,
}

fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

/// Reads the seed's per-method sections: `# **name**`, the parameter table, the return type, the status table.
fn parse_seed(text: &str) -> BTreeMap<String, SeedOperation> {
    let mut operations = BTreeMap::new();
    let mut sections = text.split("\n# **").skip(1);
    for section in sections.by_ref() {
        let name = section.split("**").next().unwrap().to_owned();
        let mut parameters = Vec::new();
        let mut returns = String::new();
        let mut statuses = Vec::new();
        let mut in_return = false;
        for line in section.lines() {
            let trimmed = line.trim();
            if trimmed == "### Return type" {
                in_return = true;
                continue;
            }
            if in_return && !trimmed.is_empty() {
                returns = if trimmed.starts_with("void") { "void".to_owned() } else { between(trimmed, "[**", "**]") };
                in_return = false;
            }
            if trimmed.starts_with("**") && trimmed.contains(" | ") && !trimmed.starts_with("**Content-Type") {
                let columns: Vec<&str> = trimmed.split('|').map(str::trim).collect();
                let first = columns[0].trim_matches('*');
                if let Ok(code) = first.parse::<u16>() {
                    statuses.push(code);
                    continue;
                }
                let ty = if columns[1].starts_with("[**") { between(columns[1], "[**", "**]") } else { columns[1].trim_matches('*').to_owned() };
                parameters.push(SeedParameter {
                    name: first.to_owned(),
                    ty,
                    optional: columns.last().is_some_and(|note| note.contains("[optional]")),
                });
            }
        }
        operations.insert(name, SeedOperation { parameters, returns, statuses });
    }
    operations
}

fn between(text: &str, start: &str, end: &str) -> String {
    let from = text.find(start).map(|index| index + start.len()).unwrap_or(0);
    let to = text[from..].find(end).map(|index| from + index).unwrap_or(text.len());
    text[from..to].to_owned()
}

fn tokens(item: &impl ToTokens) -> String {
    item.to_token_stream().to_string().replace(' ', "")
}

/// What the seed's Python type looks like in Rust: `str` -> `String`, `bool` -> `bool`, a model -> its path.
fn rust_type_of(seed_type: &str) -> String {
    match seed_type {
        "str" => "String".to_owned(),
        "bool" => "bool".to_owned(),
        model => format!("crate::models::{model}"),
    }
}

fn methods_of<'a>(file: &'a syn::File, type_name: &str) -> BTreeMap<String, &'a syn::ImplItemFn> {
    let mut methods = BTreeMap::new();
    for item in &file.items {
        if let syn::Item::Impl(implementation) = item {
            if implementation.trait_.is_none() && tokens(&implementation.self_ty) == type_name {
                for impl_item in &implementation.items {
                    if let syn::ImplItem::Fn(method) = impl_item {
                        methods.insert(method.sig.ident.to_string(), method);
                    }
                }
            }
        }
    }
    methods
}

/// The `Output` and `Error` types of the `crate::Operation` impl of `params` (what awaiting its request returns).
fn operation_types(file: &syn::File, params: &str) -> Option<(String, String)> {
    file.items.iter().find_map(|item| {
        let syn::Item::Impl(implementation) = item else { return None };
        let (trait_path, _) = implementation.trait_.as_ref()?;
        if tokens(trait_path) != "crate::Operation" || tokens(&implementation.self_ty) != params {
            return None;
        }
        let associated = |name: &str| {
            implementation.items.iter().find_map(|impl_item| match impl_item {
                syn::ImplItem::Type(ty) if ty.ident == name => Some(tokens(&ty.ty)),
                _ => None,
            })
        };
        Some((associated("Output")?, associated("Error")?))
    })
}

fn arguments(method: &syn::ImplItemFn) -> Vec<(String, String)> {
    method
        .sig
        .inputs
        .iter()
        .filter_map(|input| match input {
            syn::FnArg::Typed(typed) => Some((tokens(&typed.pat), tokens(&typed.ty))),
            syn::FnArg::Receiver(_) => None,
        })
        .collect()
}

/// The statuses documented on the variants of `enum_name`, following it into `apis/errors.rs` when it is an alias
/// of an enum several operations share.
fn documented_error_statuses(file: &syn::File, enum_name: &str) -> Vec<u16> {
    for item in &file.items {
        if let syn::Item::Type(alias) = item {
            if alias.ident != enum_name {
                continue;
            }
            let target = tokens(&alias.ty);
            let shared = target.strip_prefix("crate::apis::errors::").unwrap_or_else(|| panic!("{enum_name} = {target}"));
            let source = std::fs::read_to_string(workspace_root().join(SHARED_ERRORS_FILE)).unwrap();
            return documented_error_statuses(&syn::parse_file(&source).unwrap(), shared);
        }
        if let syn::Item::Enum(item_enum) = item {
            if item_enum.ident == enum_name {
                return item_enum
                    .variants
                    .iter()
                    .filter_map(|variant| {
                        let doc = variant.attrs.iter().find(|attribute| attribute.path().is_ident("doc"))?;
                        let syn::Meta::NameValue(name_value) = &doc.meta else { return None };
                        let text = tokens(&name_value.value);
                        text.trim_matches('"').chars().take_while(char::is_ascii_digit).collect::<String>().parse().ok()
                    })
                    .collect();
            }
        }
    }
    Vec::new()
}

#[test]
fn workstream_event_api_maps_one_to_one_onto_the_seed() {
    let seed_text = std::fs::read_to_string(workspace_root().join(SEED)).expect("the seed document is beside the repo");
    let seed = parse_seed(&seed_text);
    assert_eq!(seed.len(), 11, "the seed documents 11 operations: {:?}", seed.keys());
    let source = std::fs::read_to_string(workspace_root().join(API_FILE)).unwrap();
    let file = syn::parse_file(&source).unwrap();
    let api_methods = methods_of(&file, "WorkstreamEventApi");
    let generated_names: Vec<&String> = api_methods.keys().filter(|name| *name != "new").collect();
    assert_eq!(generated_names, seed.keys().collect::<Vec<_>>(), "operation names differ from the seed");

    for (name, operation) in &seed {
        let method = api_methods[name];
        let builder = tokens(&method.sig.output).trim_start_matches("->").to_owned();
        let positional = arguments(method);
        let required: Vec<&SeedParameter> = operation.parameters.iter().filter(|parameter| !parameter.optional).collect();
        assert_eq!(
            positional.iter().map(|(name, _)| name.as_str()).collect::<Vec<_>>(),
            required.iter().map(|parameter| parameter.name.as_str()).collect::<Vec<_>>(),
            "{name}: the positional arguments are the seed's required parameters, in order"
        );
        for ((_, ty), parameter) in positional.iter().zip(&required) {
            let expected = rust_type_of(&parameter.ty);
            assert!(
                *ty == expected || (expected == "String" && ty == "implInto<String>"),
                "{name}({}): type `{ty}`, the seed says `{}`", parameter.name, parameter.ty
            );
        }
        let builder_methods = methods_of(&file, &builder);
        for parameter in operation.parameters.iter().filter(|parameter| parameter.optional) {
            let setter = builder_methods
                .get(&parameter.name)
                .unwrap_or_else(|| panic!("{name}: optional parameter `{}` has no setter on {builder}", parameter.name));
            let (_, ty) = &arguments(setter)[0];
            let expected = rust_type_of(&parameter.ty);
            assert!(
                *ty == expected || (expected == "String" && ty == "implInto<String>"),
                "{name}.{}(): type `{ty}`, the seed says `{}`", parameter.name, parameter.ty
            );
        }
        // The request is `crate::Request<{builder}Params>`; awaiting it returns what the params' `Operation` says.
        let (output, error) = operation_types(&file, &format!("{builder}Params"))
            .unwrap_or_else(|| panic!("{name}: {builder}Params does not implement crate::Operation"));
        let expected_success = if operation.returns == "void" { "()".to_owned() } else { rust_type_of(&operation.returns) };
        assert_eq!(output, expected_success, "{name}: the request returns `{output}`, the seed says `{}`", operation.returns);
        let error_enum = format!("{builder}Error");
        let mut expected_errors: Vec<u16> = operation.statuses.iter().copied().filter(|code| !(200..300).contains(code)).collect();
        expected_errors.sort();
        let mut generated_errors = documented_error_statuses(&file, &error_enum);
        generated_errors.sort();
        assert_eq!(generated_errors, expected_errors, "{name}: documented error statuses differ from the seed");
        assert!(error == error_enum || expected_errors.is_empty(), "{name}: the request's error type is `{error}`, not {error_enum}");
    }
}
