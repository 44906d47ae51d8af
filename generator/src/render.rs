//! Rendering: Askama templates over the views, one template per construct, giving unformatted files.

use crate::view::api::TagView;
use crate::view::conformance::ConformanceView;
use crate::view::errors::ErrorEnumView;
use crate::view::markdown::{ApiDocView, ReadmeView};
use crate::view::model::{AliasView, EnumView, ModelView, NewtypeView, StructView};
use crate::view::model_docs::ModelDocView;
use crate::view::{CrateView, Views};
use askama::Template;

/// A rendered file before formatting, with the template that made it for error messages.
pub struct RenderedFile {
    pub path: String,
    pub template: &'static str,
    pub contents: String,
    /// A hand-written file copied as it is: checked to parse, not reformatted, so that it reads as written.
    pub verbatim: bool,
}

/// A module written by hand: (path in the crate, template name, contents).
type StaticModule = (&'static str, &'static str, &'static str);

macro_rules! static_module {
    ($path:literal, $template:literal) => {
        ($path, $template, include_str!(concat!("../../templates/", $template)))
    };
}

/// The runtime every crate gets, copied as written.
const RUNTIME_MODULES: &[StaticModule] = &[
    static_module!("src/error.rs", "static/error.rs"),
    static_module!("src/runtime/mod.rs", "static/runtime/mod.rs"),
    static_module!("src/runtime/encoding.rs", "static/runtime/encoding.rs"),
    static_module!("src/runtime/json_path.rs", "static/runtime/json_path.rs"),
    static_module!("src/runtime/model_serde.rs", "static/runtime/model_serde.rs"),
    static_module!("src/runtime/multipart.rs", "static/runtime/multipart.rs"),
    static_module!("src/runtime/request.rs", "static/runtime/request.rs"),
    static_module!("src/runtime/retry.rs", "static/runtime/retry.rs"),
    static_module!("src/runtime/transport.rs", "static/runtime/transport.rs"),
];

/// Copied into crates whose API opens websockets.
const WEBSOCKET_MODULE: StaticModule = static_module!("src/websocket.rs", "static/websocket.rs");

/// Copied into crates whose spec asks for discovery of a running server.
const DISCOVERY_MODULE: StaticModule = static_module!("src/discovery.rs", "static/discovery.rs");

fn verbatim((path, template, contents): StaticModule) -> RenderedFile {
    RenderedFile { path: path.to_owned(), template, contents: contents.to_owned(), verbatim: true }
}

#[derive(Template)]
#[template(path = "Cargo.toml")]
struct CargoTemplate<'a> {
    header: &'a str,
    krate: &'a CrateView,
}

#[derive(Template)]
#[template(path = "lib.rs")]
struct LibTemplate<'a> {
    readme: &'a ReadmeView,
    krate: &'a CrateView,
}

#[derive(Template)]
#[template(path = "client.rs")]
struct ClientTemplate<'a> {
    krate: &'a CrateView,
}

#[derive(Template)]
#[template(path = "apis_mod.rs")]
struct ApisModTemplate<'a> {
    krate: &'a CrateView,
}

#[derive(Template)]
#[template(path = "apis_errors.rs")]
struct ApisErrorsTemplate<'a> {
    errors: &'a [ErrorEnumView],
}

#[derive(Template)]
#[template(path = "models_mod.rs")]
struct ModelsModTemplate<'a> {
    krate: &'a CrateView,
}

#[derive(Template)]
#[template(path = "tag_module.rs")]
struct TagTemplate<'a> {
    tag: &'a TagView,
    doc: &'a ApiDocView,
}

#[derive(Template)]
#[template(path = "model_struct.rs")]
struct StructTemplate<'a> {
    model: &'a StructView,
    doc: &'a ModelDocView,
}

#[derive(Template)]
#[template(path = "model_enum.rs")]
struct EnumTemplate<'a> {
    model: &'a EnumView,
    doc: &'a ModelDocView,
}

#[derive(Template)]
#[template(path = "model_newtype.rs")]
struct NewtypeTemplate<'a> {
    model: &'a NewtypeView,
    doc: &'a ModelDocView,
}

#[derive(Template)]
#[template(path = "model_union.rs")]
struct UnionTemplate<'a> {
    model: &'a crate::view::union::UnionView,
    doc: &'a ModelDocView,
}

#[derive(Template)]
#[template(path = "model_alias.rs")]
struct AliasTemplate<'a> {
    model: &'a AliasView,
    doc: &'a ModelDocView,
}

#[derive(Template)]
#[template(path = "docs_api.md")]
struct ApiDocTemplate<'a> {
    header: &'a str,
    doc: &'a ApiDocView,
}

#[derive(Template)]
#[template(path = "docs_model.md")]
struct ModelDocTemplate<'a> {
    header: &'a str,
    doc: &'a ModelDocView,
}

#[derive(Template)]
#[template(path = "readme.md")]
struct ReadmeTemplate<'a> {
    header: &'a str,
    readme: &'a ReadmeView,
}

#[derive(Template)]
#[template(path = "conformance_test.rs")]
struct ConformanceTemplate<'a> {
    view: &'a ConformanceView,
}

/// Renders the conformance test, which lives outside the generated crate.
pub fn render_conformance_test(view: &ConformanceView, path: &str) -> Result<RenderedFile, String> {
    file(path, "conformance_test.rs", ConformanceTemplate { view }.render())
}

fn file(path: impl Into<String>, template: &'static str, rendered: askama::Result<String>) -> Result<RenderedFile, String> {
    let path = path.into();
    let mut contents = rendered.map_err(|error| format!("template {template} failed for {path}: {error}"))?;
    if path.ends_with(".md") {
        contents = without_blank_runs(&contents);
    }
    Ok(RenderedFile { path, template, contents, verbatim: false })
}

/// Markdown with runs of blank lines (left by template tags) cut to one, and one newline at the end; Markdown
/// does not go through a formatter, and a blank line means the same as several.
fn without_blank_runs(text: &str) -> String {
    let mut tidy = String::with_capacity(text.len());
    let mut previous_blank = false;
    for line in text.lines() {
        let blank = line.trim().is_empty();
        if !(blank && previous_blank) {
            tidy.push_str(if blank { "" } else { line });
            tidy.push('\n');
        }
        previous_blank = blank;
    }
    while tidy.ends_with("\n\n") {
        tidy.pop();
    }
    tidy
}

/// Renders every file of the crate. `toml_header` is the first line of `Cargo.toml`, `markdown_header` the
/// first line of every Markdown file (Rust files get theirs when formatted).
pub fn render(views: &Views, toml_header: &str, markdown_header: &str) -> Result<Vec<RenderedFile>, String> {
    let krate = &views.krate;
    let mut files = vec![
        file("Cargo.toml", "Cargo.toml", CargoTemplate { header: toml_header, krate }.render())?,
        file("src/lib.rs", "lib.rs", LibTemplate { readme: &views.readme, krate }.render())?,
        file("src/client.rs", "client.rs", ClientTemplate { krate }.render())?,
        file("src/apis/mod.rs", "apis_mod.rs", ApisModTemplate { krate }.render())?,
        file("src/models/mod.rs", "models_mod.rs", ModelsModTemplate { krate }.render())?,
        file("README.md", "readme.md", ReadmeTemplate { header: markdown_header, readme: &views.readme }.render())?,
    ];
    if krate.has_shared_errors {
        files.push(file("src/apis/errors.rs", "apis_errors.rs", ApisErrorsTemplate { errors: &views.shared_errors }.render())?);
    }
    files.extend(RUNTIME_MODULES.iter().copied().map(verbatim));
    if krate.has_websockets {
        files.push(verbatim(WEBSOCKET_MODULE));
    }
    if krate.has_discovery {
        files.push(verbatim(DISCOVERY_MODULE));
    }
    for (tag, doc) in views.tags.iter().zip(&views.api_docs) {
        files.push(file(format!("src/apis/{}.rs", tag.module), "tag_module.rs", TagTemplate { tag, doc }.render())?);
        files.push(file(doc.path.clone(), "docs_api.md", ApiDocTemplate { header: markdown_header, doc }.render())?);
    }
    for ((module, model), doc) in views.models.iter().zip(&views.model_docs) {
        let path = format!("src/models/{module}.rs");
        files.push(match model {
            ModelView::Struct(model) => file(path, "model_struct.rs", StructTemplate { model, doc }.render())?,
            ModelView::Enum(model) => file(path, "model_enum.rs", EnumTemplate { model, doc }.render())?,
            ModelView::Alias(model) => file(path, "model_alias.rs", AliasTemplate { model, doc }.render())?,
            ModelView::Newtype(model) => file(path, "model_newtype.rs", NewtypeTemplate { model, doc }.render())?,
            ModelView::Union(model) => file(path, "model_union.rs", UnionTemplate { model, doc }.render())?,
        });
        files.push(file(doc.path.clone(), "docs_model.md", ModelDocTemplate { header: markdown_header, doc }.render())?);
    }
    Ok(files)
}
