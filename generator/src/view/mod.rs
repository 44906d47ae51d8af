//! Views: the IR turned into plain structs of strings, bools and lists, one per template.
//!
//! Every decision about the output is made here, so that templates only loop, test a bool and print strings.

pub mod api;
pub mod conformance;
pub mod derives;
pub mod doc_example;
pub mod docs;
pub mod errors;
pub mod features;
pub mod markdown;
pub mod model;
pub mod model_docs;
pub mod types;
pub mod union;

use crate::ir::{Api, ApiKeyLocation, Location, SecurityKind};
use crate::Options;
use api::{scheme_variant, tag_view, TagView};
use docs::doc_lines;
use model::{model_view, ModelView};

/// Everything the crate-level templates (`Cargo.toml`, `lib.rs`, `client.rs` ...) need.
pub struct CrateView {
    pub crate_name: String,
    pub crate_version: String,
    pub title: String,
    /// `Rust client for <title>` as a TOML string, quotes included.
    pub package_description: String,
    pub default_base_url: String,
    pub standalone: bool,
    pub schemes: Vec<SchemeView>,
    pub has_schemes: bool,
    /// The API has no operations or no security schemes, so parts of the client go unused.
    pub client_code_may_be_unused: bool,
    pub tags: Vec<TagSummaryView>,
    pub models: Vec<ModelSummaryView>,
    /// Some operation sends a `multipart/form-data` body, so the crate exports `Upload`.
    pub has_uploads: bool,
    /// Some operation opens a websocket: the crate has the `websocket` module and feature.
    pub has_websockets: bool,
    /// The spec asks for discovery of a running server (`ClientBuilder::discover`).
    pub has_discovery: bool,
    pub discovery: DiscoveryView,
    /// The crate depends on `futures-util` (websockets or discovery).
    pub uses_futures: bool,
    /// One cargo feature per tag (`Options::features_per_tag`), all in `full`.
    pub features_per_tag: bool,
    /// Operations share error enums, in `apis::errors`.
    pub has_shared_errors: bool,
    /// The `default` feature's list, e.g. `"full", "websocket"`.
    pub default_features: String,
    pub tag_features: Vec<TagFeatureView>,
}

/// A tag's cargo feature as `Cargo.toml` declares it.
pub struct TagFeatureView {
    pub name: String,
    /// The comment above it: what it enables.
    pub comment: String,
}

/// What `ClientBuilder::discover` probes: string literals and Rust expressions.
#[derive(Default)]
pub struct DiscoveryView {
    pub candidates: Vec<String>,
    /// `reqwest::Method::GET`.
    pub method: String,
    /// The probe request as people read it, e.g. `GET /.well-known/health`.
    pub probe: String,
    pub path: String,
    /// The environment variable that names the base URL instead, e.g. `PIECES_OS_CLIENT_BASE_URL`.
    pub environment_variable: String,
    pub environment_variable_name: String,
}

pub struct SchemeView {
    pub key: String,
    pub field: String,
    pub variant: String,
    pub docs: Vec<String>,
    pub setter: String,
    pub is_header: bool,
    pub is_query: bool,
    pub is_cookie: bool,
    pub is_bearer: bool,
    pub is_basic: bool,
    /// Header, query or cookie name of an API key.
    pub parameter_name: String,
}

pub struct TagSummaryView {
    /// The tag module is compiled only with its feature: `cfg` is the attribute saying so.
    pub has_cfg: bool,
    pub cfg: String,
    pub module: String,
    pub type_name: String,
    pub accessor: String,
}

pub struct ModelSummaryView {
    /// The model is compiled only with the features that reach it: `cfg` is the attribute saying so.
    pub has_cfg: bool,
    pub cfg: String,
    pub module: String,
    pub name: String,
    /// Re-exporting a deprecated model is a use of it, so the `pub use` allows that.
    pub deprecated: bool,
}

pub struct Views {
    pub krate: CrateView,
    pub tags: Vec<TagView>,
    /// The Markdown docs of each tag, in the order of `tags`.
    pub api_docs: Vec<markdown::ApiDocView>,
    pub models: Vec<(String, ModelView)>,
    /// The Markdown docs of each model, in the order of `models`.
    pub model_docs: Vec<model_docs::ModelDocView>,
    pub readme: markdown::ReadmeView,
    /// The tag features, when the crate has them (empty otherwise).
    pub tag_features: Vec<features::TagFeature>,
    /// The error enums operations share, in `apis/errors.rs`.
    pub shared_errors: Vec<errors::ErrorEnumView>,
}

pub fn build(api: &Api, options: &Options) -> Views {
    let mut tags: Vec<TagView> = api.tags.iter().map(|tag| tag_view(api, tag)).collect();
    let has_websockets = api.operations.iter().any(|operation| operation.websocket.is_some());
    let features = options.features_per_tag.then(|| features::Features::new(api));
    let shared_errors = errors::share(&mut tags, features.as_ref());
    let mut default_features = Vec::new();
    if features.is_some() {
        default_features.push(features::FULL);
    }
    if has_websockets {
        default_features.push("websocket");
    }
    let krate = CrateView {
        crate_name: options.crate_name.clone(),
        crate_version: api.crate_version.clone(),
        title: api.title.clone(),
        package_description: toml_string(&format!("Rust client for {}", api.title)),
        default_base_url: api.default_base_url.clone(),
        standalone: options.standalone,
        schemes: api.security_schemes.iter().map(scheme_view).collect(),
        has_schemes: !api.security_schemes.is_empty(),
        client_code_may_be_unused: api.operations.is_empty() || api.security_schemes.is_empty(),
        has_uploads: api.operations.iter().flat_map(|operation| &operation.params).any(|param| param.location == Location::Multipart),
        has_websockets,
        has_discovery: api.discovery.is_some(),
        discovery: api.discovery.as_ref().map(|discovery| discovery_view(discovery, &options.crate_name)).unwrap_or_default(),
        uses_futures: has_websockets || api.discovery.is_some(),
        features_per_tag: features.is_some(),
        has_shared_errors: !shared_errors.is_empty(),
        default_features: default_features.iter().map(|name| format!("\"{name}\"")).collect::<Vec<_>>().join(", "),
        tag_features: features
            .as_ref()
            .map(|features| {
                api.tags
                    .iter()
                    .zip(&features.tags)
                    .map(|(tag, feature)| TagFeatureView {
                        name: feature.name.clone(),
                        comment: format!(
                            "`apis::{}`: {} operation(s) of tag `{}`, {} model(s).",
                            tag.module,
                            feature.operation_count,
                            tag.name.replace('\n', " "),
                            feature.model_count
                        ),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        tags: api
            .tags
            .iter()
            .enumerate()
            .map(|(index, tag)| TagSummaryView {
                has_cfg: features.is_some(),
                cfg: features.as_ref().map(|features| features.tag_cfg(index)).unwrap_or_default(),
                module: tag.module.clone(),
                type_name: tag.type_name.clone(),
                accessor: tag.module.clone(),
            })
            .collect(),
        models: api
            .models
            .iter()
            .enumerate()
            .map(|(index, model)| ModelSummaryView {
                has_cfg: features.is_some(),
                cfg: features.as_ref().map(|features| features.model_cfg(index)).unwrap_or_default(),
                module: model.module.clone(),
                name: model.name.clone(),
                deprecated: model.deprecated,
            })
            .collect(),
    };
    let traits = derives::model_traits(api);
    let models =
        api.models.iter().enumerate().map(|(index, model)| (model.module.clone(), model_view(api, &traits, index))).collect();
    let crate_lib = options.crate_name.replace('-', "_");
    let api_docs =
        api.tags.iter().zip(&tags).map(|(tag, view)| markdown::api_doc_view(api, &crate_lib, tag, view)).collect();
    let model_docs = api.models.iter().map(|model| model_docs::model_doc_view(api, model)).collect();
    let readme = markdown::readme_view(api, &options.crate_name, features.as_ref());
    let tag_features = features.map(|features| features.tags).unwrap_or_default();
    Views { krate, tags, api_docs, models, model_docs, readme, tag_features, shared_errors }
}

fn discovery_view(discovery: &crate::ir::Discovery, crate_name: &str) -> DiscoveryView {
    let environment_variable = format!("{}_BASE_URL", crate_name.to_uppercase().replace('-', "_"));
    DiscoveryView {
        candidates: discovery.candidates.iter().map(|url| model::string_literal(url)).collect(),
        method: format!("reqwest::Method::{}", discovery.probe_method),
        probe: format!("{} {}", discovery.probe_method, discovery.probe_path),
        path: model::string_literal(&discovery.probe_path),
        environment_variable: model::string_literal(&environment_variable),
        environment_variable_name: environment_variable,
    }
}

/// The `ClientBuilder` method that sets a scheme's credentials: `<scheme>_api_key`, `_token` or `_basic_auth`.
pub(crate) fn scheme_setter(scheme: &crate::ir::SecurityScheme) -> String {
    match &scheme.kind {
        SecurityKind::ApiKey { .. } => format!("{}_api_key", scheme.rust_name),
        SecurityKind::Bearer => format!("{}_token", scheme.rust_name),
        SecurityKind::Basic => format!("{}_basic_auth", scheme.rust_name),
    }
}

/// A TOML basic string for any text: quotes and backslashes escaped, control characters (newlines included)
/// written as `\uXXXX`, so that a title holding them cannot break `Cargo.toml`.
pub fn toml_string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for character in text.chars() {
        match character {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            control if control.is_control() => quoted.push_str(&format!("\\u{:04X}", control as u32)),
            other => quoted.push(other),
        }
    }
    quoted.push('"');
    quoted
}

fn scheme_view(scheme: &crate::ir::SecurityScheme) -> SchemeView {
    let setter = scheme_setter(scheme);
    let parameter_name = match &scheme.kind {
        SecurityKind::ApiKey { name, .. } => name.clone(),
        SecurityKind::Bearer | SecurityKind::Basic => String::new(),
    };
    let location = match &scheme.kind {
        SecurityKind::ApiKey { location, .. } => Some(*location),
        _ => None,
    };
    let how = match &scheme.kind {
        SecurityKind::ApiKey { location: ApiKeyLocation::Header, name } => format!("the `{name}` header"),
        SecurityKind::ApiKey { location: ApiKeyLocation::Query, name } => format!("the `{name}` query parameter"),
        SecurityKind::ApiKey { location: ApiKeyLocation::Cookie, name } => format!("the `{name}` cookie"),
        SecurityKind::Bearer => "an `Authorization: Bearer` header".to_owned(),
        SecurityKind::Basic => "an `Authorization: Basic` header".to_owned(),
    };
    let mut docs = vec![format!("Credentials of the `{}` security scheme, sent as {how}.", scheme.key)];
    let description = doc_lines([scheme.description.as_deref()]);
    if !description.is_empty() {
        docs.push(String::new());
        docs.extend(description);
    }
    SchemeView {
        key: scheme.key.clone(),
        field: scheme.rust_name.clone(),
        variant: scheme_variant(&scheme.rust_name),
        docs,
        setter,
        is_header: location == Some(ApiKeyLocation::Header),
        is_query: location == Some(ApiKeyLocation::Query),
        is_cookie: location == Some(ApiKeyLocation::Cookie),
        is_bearer: scheme.kind == SecurityKind::Bearer,
        is_basic: scheme.kind == SecurityKind::Basic,
        parameter_name: model::string_literal(&parameter_name),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn toml_strings_escape_quotes_backslashes_and_control_characters() {
        assert_eq!(super::toml_string(r#"An "API" \ v1"#), r#""An \"API\" \\ v1""#);
        assert_eq!(super::toml_string("two\nlines"), r#""two\u000Alines""#);
    }
}
