//! Generates a Rust client crate from an OpenAPI 3.0 or 3.1 document.
//!
//! The pipeline reads in order; each stage only calls forward:
//!
//! ```text
//! load    text -> openapiv3::OpenAPI                 load.rs (overlays first: load/overlay.rs)
//! lower   OpenAPI -> IR, validation and naming        ir/lower/, ir/names.rs, ir/boxing.rs
//! view    IR -> view structs of strings and bools     view/
//! render  Askama templates over the views             render.rs, templates/
//! format  syn::parse_file + prettyplease              format.rs
//! emit    path -> contents: write, or check drift     emit.rs
//! ```
//!
//! [`generate`] runs load to format and returns the files; the caller writes or checks them with [`emit`].
//! Beside the pipeline, [`diff`] compares two lowered specs ([`diff::lower_spec`]) for callers of the crate, and
//! [`manifest`] records in each crate what it was made from.

pub mod diag;
pub mod diff;
pub mod emit;
mod format;
pub mod ir;
mod load;
pub mod manifest;
mod render;
pub mod view;

use diag::{Diagnostic, Diagnostics};
use std::collections::BTreeMap;
use std::fmt;

/// What to generate and how to label it.
#[derive(Debug, Clone)]
pub struct Options {
    /// The package name of the generated crate, e.g. `pieces-os-client`.
    pub crate_name: String,
    /// The spec's path as people should read it in headers and errors, e.g. `spec/pieces-os.yaml`.
    pub spec_path: String,
    /// The command that regenerates the crate, named in every file's header.
    pub command: String,
    /// Whether the crate is generated outside a workspace (its `Cargo.toml` then declares its own).
    pub standalone: bool,
    /// Also generate a test that calls every operation against a validating server (see `conformance_test`).
    pub conformance_test: bool,
    /// Overlays (OpenAPI Overlay 1.0.0) applied to the spec, in order, before it is read.
    pub overlays: Vec<OverlaySource>,
    /// One cargo feature per tag, enabling its API module and the models its operations reach; `full` (in
    /// `default`) enables them all.
    pub features_per_tag: bool,
}

/// An overlay document and where it comes from.
#[derive(Debug, Clone)]
pub struct OverlaySource {
    /// The overlay's path as people should read it in headers and errors, e.g. `spec/pieces-os.overlay.yaml`.
    pub path: String,
    /// The overlay document, YAML or JSON.
    pub text: String,
}

/// The generated crate: relative path -> contents, plus warnings about the spec.
#[derive(Debug)]
pub struct Generated {
    pub files: BTreeMap<String, String>,
    /// The conformance test (`main.rs` of a test target outside the crate), when [`Options::conformance_test`].
    pub conformance_test: Option<String>,
    pub warnings: Vec<Diagnostic>,
    /// Counts for reports: operations, models.
    pub operation_count: usize,
    pub model_count: usize,
    /// The tag features with their operation and model counts, when [`Options::features_per_tag`].
    pub tag_features: Vec<view::features::TagFeature>,
}

#[derive(Debug)]
pub enum GenerateError {
    /// The spec cannot be used; every problem found is listed.
    Spec { spec_path: String, diagnostics: Vec<Diagnostic> },
    /// A template rendered invalid Rust (a generator bug); `raw` is the unformatted text.
    Format { path: String, template: String, message: String, raw: String },
    /// A template failed to render.
    Render(String),
}

impl fmt::Display for GenerateError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GenerateError::Spec { spec_path, diagnostics } => {
                let errors: Vec<&Diagnostic> =
                    diagnostics.iter().filter(|item| item.severity == diag::Severity::Error).collect();
                for diagnostic in diagnostics {
                    writeln!(formatter, "{}", diagnostic.render(spec_path))?;
                }
                // Overlay errors are in the overlay's file, so the summary names every file that has errors.
                let mut files: Vec<&str> = Vec::new();
                for file in errors.iter().map(|error| error.file.as_deref().unwrap_or(spec_path)) {
                    if !files.contains(&file) {
                        files.push(file);
                    }
                }
                let files = if files.is_empty() { spec_path.clone() } else { files.join(" and ") };
                write!(formatter, "{} error(s) in {files}; nothing was generated", errors.len())
            }
            GenerateError::Format { path, template, message, .. } => write!(
                formatter,
                "template `templates/{template}` rendered invalid Rust for `{path}`: {message} (a generator bug)"
            ),
            GenerateError::Render(message) => write!(formatter, "{message}"),
        }
    }
}

impl std::error::Error for GenerateError {}

/// What the crate is generated from, for its header: the spec, then the overlays applied to it.
fn sources(options: &Options) -> String {
    let overlays: Vec<&str> = options.overlays.iter().map(|overlay| overlay.path.as_str()).collect();
    if overlays.is_empty() {
        options.spec_path.clone()
    } else {
        format!("{} with {}", options.spec_path, overlays.join(" and "))
    }
}

/// The key under which the conformance test passes through rendering and formatting; not a crate file.
const CONFORMANCE_TEST_PATH: &str = "<conformance test>.rs";

/// Parses a spec and applies `overlays` to it, in order: the document that [`generate`] reads, for tools that
/// want it too (`cargo xtask overlay` writes it for the Python test servers). Nothing else is checked.
pub fn apply_overlays(
    spec_text: &str,
    spec_path: &str,
    overlays: &[OverlaySource],
) -> Result<serde_json::Value, GenerateError> {
    let mut diagnostics = Diagnostics::default();
    load::overlaid_document(spec_text, overlays, &mut diagnostics)
        .ok_or_else(|| GenerateError::Spec { spec_path: spec_path.to_owned(), diagnostics: diagnostics.items })
}

/// The spec text (YAML or JSON) as the JSON value [`generate`] reads, integers beyond 64 bits included; for
/// tests that change a spec before generating from it.
#[doc(hidden)]
pub fn spec_value(text: &str) -> Result<serde_json::Value, String> {
    load::parse(text, "spec", &mut Vec::new()).map_err(|diagnostic| diagnostic.message)
}

/// Runs the pipeline from spec text to formatted files.
pub fn generate(spec_text: &str, options: &Options) -> Result<Generated, GenerateError> {
    let spec_error = |diagnostics| GenerateError::Spec { spec_path: options.spec_path.clone(), diagnostics };
    let mut diagnostics = Diagnostics::default();
    let Some(spec) = load::load(spec_text, &options.overlays, &mut diagnostics) else {
        return Err(spec_error(diagnostics.items));
    };
    let api = ir::lower::lower(&spec, &mut diagnostics);
    if diagnostics.has_errors() {
        return Err(spec_error(diagnostics.items));
    }
    let views = view::build(&api, options);
    let header = format!(
        "@generated by `{}` from {}. Do not edit: change the spec or templates/ and rerun.",
        options.command,
        sources(options)
    );
    let mut rendered = render::render(&views, &format!("# {header}"), &format!("<!-- {header} -->")).map_err(GenerateError::Render)?;
    if options.conformance_test {
        let view = view::conformance::conformance_view(&api, options);
        rendered.push(render::render_conformance_test(&view, CONFORMANCE_TEST_PATH).map_err(GenerateError::Render)?);
    }
    let mut files = format::format_files(rendered, &format!("// {header}")).map_err(|error| GenerateError::Format {
        path: error.path,
        template: error.template.to_owned(),
        message: error.message,
        raw: error.raw,
    })?;
    let conformance_test = files.remove(CONFORMANCE_TEST_PATH);
    let manifest = manifest::Manifest {
        spec: options.spec_path.clone(),
        overlays: options.overlays.iter().map(|overlay| overlay.path.clone()).collect(),
        info_version: api.version.clone(),
        crate_version: api.crate_version.clone(),
        spec_hash: manifest::spec_hash(spec_text, &options.overlays),
    };
    files.insert(manifest::MANIFEST_PATH.to_owned(), manifest.to_json(&header));
    Ok(Generated {
        files,
        conformance_test,
        warnings: diagnostics.warnings().cloned().collect(),
        operation_count: api.operations.len(),
        model_count: api.models.len(),
        tag_features: views.tag_features,
    })
}
