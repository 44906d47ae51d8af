//! Views of the Markdown docs: `docs/<Tag>Api.md` per tag, `docs/<Model>.md` per model (in `model_docs.rs`) and
//! `README.md`, laid out like the OpenAPI Generator's Python SDK docs.
//!
//! The same files are the rustdoc of their modules and types (`include_str!`). Links between them are reference
//! links (`[**Asset**][Asset]`) whose definitions at the end of each file point at `.md` files, for GitHub; the
//! Rust file puts its own definitions (`[Asset]: crate::models::Asset`) before the included text, and since
//! CommonMark takes the first definition of a label, rustdoc links to the items instead.

use super::api::{OperationView, TagView};
use super::doc_example::example_lines;
use super::docs::{doc_lines, escape_line};
use super::types::doc_type;
use crate::ir::{Api, ApiKeyLocation, Content, Operation, SecurityKind, Status, Type};
use std::collections::BTreeSet;

/// A link reference definition: `[label]: target`.
pub struct LinkView {
    pub label: String,
    pub target: String,
}

/// Definitions both kinds of file use: the lists in the README and the README itself.
const COMMON_LABELS: [(&str, &str, &str); 3] = [
    ("API list", "../README.md#documentation-for-api-endpoints", "crate::apis"),
    ("Model list", "../README.md#documentation-for-models", "crate::models"),
    ("README", "../README.md", "crate"),
];

/// `docs/<Tag>Api.md`: the method table, then one section per operation.
pub struct ApiDocView {
    /// `docs/WorkstreamEventApi.md`.
    pub path: String,
    pub title: String,
    pub base_url: String,
    pub docs: Vec<String>,
    pub methods: Vec<MethodDocView>,
    pub links: Vec<LinkView>,
    pub rustdoc_links: Vec<LinkView>,
}

pub struct MethodDocView {
    pub name: String,
    pub http_method: String,
    pub path: String,
    /// The summary (or a shortened description) for the method table, one line.
    pub summary: String,
    /// The call as a code span: `snapshot(id: impl Into<String>).transferables(bool).await -> Result<..>`.
    pub signature: String,
    pub docs: Vec<String>,
    pub deprecated: bool,
    pub example: Vec<String>,
    pub has_params: bool,
    pub params: Vec<ParamRowView>,
    pub return_type: String,
    pub result_type: String,
    pub has_security: bool,
    pub security: Vec<AuthorizationView>,
    pub content_type: String,
    pub accept: String,
    pub responses: Vec<ResponseRowView>,
}

pub struct ParamRowView {
    pub name: String,
    pub ty: String,
    pub description: String,
    pub notes: String,
}

pub struct AuthorizationView {
    pub key: String,
    pub label: String,
}

pub struct ResponseRowView {
    pub status: String,
    pub description: String,
    pub rust: String,
}

/// `README.md`: every operation and model with links, and the security schemes.
pub struct ReadmeView {
    pub crate_name: String,
    pub crate_lib: String,
    pub docs: Vec<String>,
    pub version: String,
    pub base_url: String,
    pub methods: Vec<ReadmeMethodView>,
    pub models: Vec<String>,
    pub has_schemes: bool,
    pub schemes: Vec<ReadmeSchemeView>,
    pub links: Vec<LinkView>,
    pub rustdoc_links: Vec<LinkView>,
    /// The crate has one cargo feature per tag: the README lists them.
    pub has_features: bool,
    pub crate_version: String,
    /// How many models the crate has in all, for the feature table.
    pub model_total: String,
    pub features: Vec<ReadmeFeatureView>,
    /// An example feature for the dependency line, e.g. `workstream-event`.
    pub example_feature: String,
}

/// A row of the README's feature table.
pub struct ReadmeFeatureView {
    pub name: String,
    pub tag_type: String,
    pub operations: String,
    pub models: String,
}

pub struct ReadmeMethodView {
    pub tag_type: String,
    pub name: String,
    pub label: String,
    pub http_method: String,
    pub path: String,
    pub summary: String,
}

pub struct ReadmeSchemeView {
    pub key: String,
    pub kind: String,
    pub setter: String,
}

/// The label of a security scheme's link; the prefix keeps it apart from a model of the same name (labels are
/// case-insensitive).
fn scheme_label(key: &str) -> String {
    format!("scheme {key}")
}

/// A table cell: one line, `|` escaped.
pub(super) fn cell(text: Option<&str>) -> String {
    doc_lines([text]).into_iter().filter(|line| !line.is_empty()).collect::<Vec<_>>().join(" ").replace('|', "\\|")
}

/// A type as Markdown, models as reference links whose labels are collected in `models`.
pub(super) fn markdown_type(api: &Api, ty: &Type, models: &mut BTreeSet<String>) -> String {
    match ty {
        Type::Model(id) => {
            let name = &api.models[id.0].name;
            models.insert(name.clone());
            format!("[**{name}**][{name}]")
        }
        Type::Array(item) => format!("Vec\\<{}\\>", markdown_type(api, item, models)),
        Type::Map(value) => format!("BTreeMap\\<String, {}\\>", markdown_type(api, value, models)),
        other => format!("**{}**", escape_line(&doc_type(api, other))),
    }
}

/// Markdown and rustdoc definitions for the model labels and the common ones. `prefix` leads from the file to
/// `docs/` (empty inside `docs/`, `docs/` from the README).
pub(super) fn definitions(models: &BTreeSet<String>, prefix: &str, extra: Vec<(String, String, String)>) -> (Vec<LinkView>, Vec<LinkView>) {
    let mut links = Vec::new();
    let mut rustdoc_links = Vec::new();
    for (label, markdown, rust) in extra {
        links.push(LinkView { label: label.clone(), target: markdown });
        rustdoc_links.push(LinkView { label, target: rust });
    }
    for name in models {
        links.push(LinkView { label: name.clone(), target: format!("{prefix}{name}.md") });
        rustdoc_links.push(LinkView { label: name.clone(), target: format!("crate::models::{name}") });
    }
    (links, rustdoc_links)
}

pub(super) fn common_definitions() -> Vec<(String, String, String)> {
    COMMON_LABELS.iter().map(|(label, markdown, rust)| (label.to_string(), markdown.to_string(), rust.to_string())).collect()
}

pub fn api_doc_view(api: &Api, crate_lib: &str, tag: &crate::ir::Tag, tag_view: &TagView) -> ApiDocView {
    let mut models = BTreeSet::new();
    let mut schemes = BTreeSet::new();
    let methods = tag
        .operations
        .iter()
        .zip(&tag_view.operations)
        .map(|(index, view)| {
            let operation = &api.operations[*index];
            schemes.extend(operation.security.iter().copied());
            method_doc_view(api, crate_lib, &tag.module, operation, view, &mut models)
        })
        .collect();
    let mut extra = common_definitions();
    for index in schemes {
        let scheme = &api.security_schemes[index];
        extra.push((
            scheme_label(&scheme.key),
            format!("../README.md#{}", scheme.key.to_lowercase()),
            format!("crate::ClientBuilder::{}", setter_name(scheme)),
        ));
    }
    let (links, rustdoc_links) = definitions(&models, "", extra);
    let mut docs = doc_lines([tag.description.as_deref()]);
    if docs.is_empty() {
        docs.push(format!("The operations tagged `{}`.", escape_line(&tag.name)));
    }
    ApiDocView {
        path: format!("docs/{}.md", tag.type_name),
        title: format!("{crate_lib}::{}", tag.type_name),
        base_url: api.default_base_url.clone(),
        docs,
        methods,
        links,
        rustdoc_links,
    }
}

pub fn setter_name(scheme: &crate::ir::SecurityScheme) -> String {
    match scheme.kind {
        SecurityKind::ApiKey { .. } => format!("{}_api_key", scheme.rust_name),
        SecurityKind::Bearer => format!("{}_token", scheme.rust_name),
        SecurityKind::Basic => format!("{}_basic_auth", scheme.rust_name),
    }
}

fn summary(operation: &Operation) -> String {
    let summary = operation.summary.as_deref().filter(|summary| !summary.trim().is_empty());
    cell(summary.or(operation.description.as_deref().and_then(|description| description.lines().next())))
}

fn method_doc_view(
    api: &Api,
    crate_lib: &str,
    tag_module: &str,
    operation: &Operation,
    view: &OperationView,
    models: &mut BTreeSet<String>,
) -> MethodDocView {
    let short = |ty: &str| ty.replace("crate::models::", "").replace("crate::", "");
    let mut positional = Vec::new();
    let mut setters = String::new();
    let mut params = Vec::new();
    for param in &operation.params {
        let ty = if param.ty == Type::String { "impl Into<String>".to_owned() } else { doc_type(api, &param.ty) };
        let location = match param.location {
            crate::ir::Location::Path => "path",
            crate::ir::Location::Query => "query",
            crate::ir::Location::Header => "header",
            crate::ir::Location::Cookie => "cookie",
            crate::ir::Location::Form => "form field",
            crate::ir::Location::Multipart => "multipart field",
        };
        let notes = if param.required {
            positional.push(format!("{}: {ty}", param.rust_name));
            format!("{location}, required")
        } else {
            setters.push_str(&format!(".{}({ty})", param.rust_name));
            format!("{location}, optional: `.{}(..)`", param.rust_name)
        };
        let deprecated = if param.deprecated { ", deprecated" } else { "" };
        params.push(ParamRowView {
            name: format!("**{}**", param.rust_name),
            ty: markdown_type(api, &param.ty, models),
            description: cell(param.description.as_deref()),
            notes: format!("{notes}{deprecated}"),
        });
    }
    if let Some(body) = &operation.body {
        let ty = doc_type(api, &body.ty);
        let notes = if body.required {
            positional.push(format!("{}: {ty}", body.rust_name));
            format!("body (`{}`), required", body.media_type)
        } else {
            setters.push_str(&format!(".{}({ty})", body.rust_name));
            format!("body (`{}`), optional: `.{}(..)`", body.media_type, body.rust_name)
        };
        params.push(ParamRowView {
            name: format!("**{}**", body.rust_name),
            ty: markdown_type(api, &body.ty, models),
            description: cell(body.description.as_deref()),
            notes,
        });
    }
    let result_type = format!("Result<{}, Error<{}>>", short(&view.success_type), short(&view.error_type));
    let signature =
        format!("`{}({}){setters}.await -> {result_type}`", operation.method_name, positional.join(", "));
    let return_type = return_type(api, operation, view, models);
    let mut error_variants = view.error_variants.iter();
    let mut success_variants = view.success_variants.iter();
    let responses = operation
        .responses
        .iter()
        .map(|response| {
            let status = match response.status {
                Status::Code(code) => code.to_string(),
                Status::Range(digit) => format!("{digit}XX"),
                Status::Default => "default".to_owned(),
            };
            let rust = if response.status.is_success() {
                match success_variants.next().filter(|_| view.has_success_enum) {
                    Some(variant) => format!("`Ok({}::{}(..))`", view.success_enum, variant.name),
                    None => format!("`Ok({})`", short(&view.success_type)),
                }
            } else {
                match error_variants.next() {
                    Some(variant) if variant.has_status => format!("`Err(Error::Api {{ error: {}::{} {{ .. }}, .. }})`", view.error_enum, variant.name),
                    Some(variant) => format!("`Err(Error::Api {{ error: {}::{}(..), .. }})`", view.error_enum, variant.name),
                    None => String::new(),
                }
            };
            ResponseRowView { status: format!("**{status}**"), description: cell(Some(&response.description)), rust }
        })
        .collect();
    let security: Vec<AuthorizationView> = operation
        .security
        .iter()
        .map(|index| {
            let key = &api.security_schemes[*index].key;
            AuthorizationView { key: escape_line(key), label: scheme_label(key) }
        })
        .collect();
    let mut docs = doc_lines([operation.description.as_deref()]);
    if docs.is_empty() {
        docs.push(format!("Sends `{} {}`.", operation.http_method, operation.path));
    }
    MethodDocView {
        name: operation.method_name.clone(),
        http_method: operation.http_method.to_owned(),
        path: escape_line(&operation.path),
        summary: summary(operation),
        signature,
        docs,
        deprecated: operation.deprecated,
        example: example_lines(api, crate_lib, tag_module, operation, view),
        has_params: !params.is_empty(),
        params,
        return_type,
        result_type,
        has_security: !security.is_empty(),
        security,
        content_type: operation.body.as_ref().map_or("Not defined".to_owned(), |body| body.media_type.clone()),
        accept: operation.accept.clone().unwrap_or_else(|| "Not defined".to_owned()),
        responses,
    }
}

fn return_type(api: &Api, operation: &Operation, view: &OperationView, models: &mut BTreeSet<String>) -> String {
    if view.has_success_enum {
        return format!("`{}`, one variant per documented success status", view.success_enum);
    }
    let success = operation.responses.iter().find(|response| response.status.is_success());
    match success.map(|response| &response.content) {
        Some(Content::Json { ty, .. }) | Some(Content::Form { ty, .. }) => markdown_type(api, ty, models),
        Some(Content::Text { .. }) => "**String**".to_owned(),
        Some(Content::Bytes { .. }) => "**bytes::Bytes**".to_owned(),
        Some(Content::Empty) => "`()` (empty response body)".to_owned(),
        None if view.success_type == "()" => "`()` (empty response body)".to_owned(),
        None => format!("`{}` (no success response is documented)", view.success_type.replace("crate::models::", "")),
    }
}

pub fn readme_view(api: &Api, crate_name: &str, features: Option<&super::features::Features>) -> ReadmeView {
    let crate_lib = crate_name.replace('-', "_");
    let mut methods = Vec::new();
    let mut extra = Vec::new();
    for tag in &api.tags {
        extra.push((tag.type_name.clone(), format!("docs/{}.md", tag.type_name), format!("crate::apis::{}", tag.module)));
        for index in &tag.operations {
            let operation = &api.operations[*index];
            let label = format!("{}::{}", tag.type_name, operation.method_name);
            extra.push((
                label.clone(),
                format!("docs/{}.md#{}", tag.type_name, operation.method_name),
                format!("crate::apis::{}::{}", tag.type_name, operation.method_name),
            ));
            methods.push(ReadmeMethodView {
                tag_type: tag.type_name.clone(),
                name: operation.method_name.clone(),
                label,
                http_method: operation.http_method.to_owned(),
                path: escape_line(&operation.path),
                summary: summary(operation),
            });
        }
    }
    let schemes: Vec<ReadmeSchemeView> = api
        .security_schemes
        .iter()
        .map(|scheme| {
            let kind = match &scheme.kind {
                SecurityKind::ApiKey { location, name } => {
                    let place = match location {
                        ApiKeyLocation::Header => "header",
                        ApiKeyLocation::Query => "query parameter",
                        ApiKeyLocation::Cookie => "cookie",
                    };
                    format!("API key, sent in the `{}` {place}", escape_line(name))
                }
                SecurityKind::Bearer => "Bearer token, sent in the `Authorization` header".to_owned(),
                SecurityKind::Basic => "HTTP basic authentication".to_owned(),
            };
            ReadmeSchemeView { key: escape_line(&scheme.key), kind, setter: setter_name(scheme) }
        })
        .collect();
    let model_names: BTreeSet<String> = api.models.iter().map(|model| model.name.clone()).collect();
    let (links, rustdoc_links) = definitions(&model_names, "docs/", extra);
    let feature_rows: Vec<ReadmeFeatureView> = features
        .map(|features| {
            api.tags
                .iter()
                .zip(&features.tags)
                .map(|(tag, feature)| ReadmeFeatureView {
                    name: feature.name.clone(),
                    tag_type: tag.type_name.clone(),
                    operations: feature.operation_count.to_string(),
                    models: feature.model_count.to_string(),
                })
                .collect()
        })
        .unwrap_or_default();
    ReadmeView {
        has_features: !feature_rows.is_empty(),
        crate_version: api.crate_version.clone(),
        model_total: api.models.len().to_string(),
        example_feature: feature_rows.first().map(|feature| feature.name.clone()).unwrap_or_default(),
        features: feature_rows,
        crate_name: crate_name.to_owned(),
        crate_lib,
        docs: doc_lines([Some(api.title.as_str()), api.description.as_deref()]),
        version: escape_line(&api.version),
        base_url: api.default_base_url.clone(),
        methods,
        models: api.models.iter().map(|model| model.name.clone()).collect(),
        has_schemes: !schemes.is_empty(),
        schemes,
        links,
        rustdoc_links,
    }
}
