//! Rendering: Askama templates over the views, one template per construct, giving unformatted files.

use crate::view::api::TagView;
use crate::view::conformance::ConformanceView;
use crate::view::model::{AliasView, EnumView, ModelView, StructView};
use crate::view::{CrateView, Views};
use askama::Template;

/// A rendered file before formatting, with the template that made it for error messages.
pub struct RenderedFile {
    pub path: String,
    pub template: &'static str,
    pub contents: String,
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
    krate: &'a CrateView,
}

#[derive(Template)]
#[template(path = "client.rs")]
struct ClientTemplate<'a> {
    krate: &'a CrateView,
}

#[derive(Template)]
#[template(path = "error.rs")]
struct ErrorTemplate;

#[derive(Template)]
#[template(path = "runtime.rs")]
struct RuntimeTemplate;

#[derive(Template)]
#[template(path = "apis_mod.rs")]
struct ApisModTemplate<'a> {
    krate: &'a CrateView,
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
}

#[derive(Template)]
#[template(path = "model_struct.rs")]
struct StructTemplate<'a> {
    model: &'a StructView,
}

#[derive(Template)]
#[template(path = "model_enum.rs")]
struct EnumTemplate<'a> {
    model: &'a EnumView,
}

#[derive(Template)]
#[template(path = "model_union.rs")]
struct UnionTemplate<'a> {
    model: &'a crate::view::union::UnionView,
}

#[derive(Template)]
#[template(path = "model_alias.rs")]
struct AliasTemplate<'a> {
    model: &'a AliasView,
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
    let contents = rendered.map_err(|error| format!("template {template} failed for {path}: {error}"))?;
    Ok(RenderedFile { path, template, contents })
}

/// Renders every file of the crate. `toml_header` is the first line of `Cargo.toml`.
pub fn render(views: &Views, toml_header: &str) -> Result<Vec<RenderedFile>, String> {
    let krate = &views.krate;
    let mut files = vec![
        file("Cargo.toml", "Cargo.toml", CargoTemplate { header: toml_header, krate }.render())?,
        file("src/lib.rs", "lib.rs", LibTemplate { krate }.render())?,
        file("src/client.rs", "client.rs", ClientTemplate { krate }.render())?,
        file("src/error.rs", "error.rs", ErrorTemplate.render())?,
        file("src/runtime.rs", "runtime.rs", RuntimeTemplate.render())?,
        file("src/apis/mod.rs", "apis_mod.rs", ApisModTemplate { krate }.render())?,
        file("src/models/mod.rs", "models_mod.rs", ModelsModTemplate { krate }.render())?,
    ];
    for tag in &views.tags {
        files.push(file(format!("src/apis/{}.rs", tag.module), "tag_module.rs", TagTemplate { tag }.render())?);
    }
    for (module, model) in &views.models {
        let path = format!("src/models/{module}.rs");
        files.push(match model {
            ModelView::Struct(model) => file(path, "model_struct.rs", StructTemplate { model }.render())?,
            ModelView::Enum(model) => file(path, "model_enum.rs", EnumTemplate { model }.render())?,
            ModelView::Alias(model) => file(path, "model_alias.rs", AliasTemplate { model }.render())?,
            ModelView::Union(model) => file(path, "model_union.rs", UnionTemplate { model }.render())?,
        });
    }
    Ok(files)
}
