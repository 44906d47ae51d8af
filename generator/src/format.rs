//! Formatting: every Rust file goes through `syn::parse_file` and `prettyplease`, in parallel.
//!
//! A file that does not parse is a bug in a template: the error names the template and keeps the raw text.

use crate::render::RenderedFile;
use std::collections::BTreeMap;

/// A rendered Rust file that is not valid Rust.
#[derive(Debug)]
pub struct FormatError {
    pub path: String,
    pub template: &'static str,
    pub message: String,
    pub raw: String,
}

/// Formats Rust files and prefixes every file with its header line; returns relative path -> contents.
pub fn format_files(
    files: Vec<RenderedFile>,
    rust_header: &str,
) -> Result<BTreeMap<String, String>, FormatError> {
    let threads = std::thread::available_parallelism().map_or(1, |count| count.get());
    let chunk_size = files.len().div_ceil(threads).max(1);
    let chunks: Vec<Vec<RenderedFile>> = {
        let mut chunks = Vec::new();
        let mut files = files.into_iter().peekable();
        while files.peek().is_some() {
            chunks.push(files.by_ref().take(chunk_size).collect());
        }
        chunks
    };
    let results: Vec<Result<Vec<(String, String)>, FormatError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| scope.spawn(move || chunk.into_iter().map(|file| format_file(file, rust_header)).collect()))
            .collect();
        handles.into_iter().map(|handle| handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    });
    let mut formatted = BTreeMap::new();
    for result in results {
        formatted.extend(result?);
    }
    Ok(formatted)
}

fn format_file(file: RenderedFile, rust_header: &str) -> Result<(String, String), FormatError> {
    if !file.path.ends_with(".rs") {
        return Ok((file.path, file.contents));
    }
    match syn::parse_file(&file.contents) {
        Ok(syntax) => Ok((file.path, format!("{rust_header}\n{}", prettyplease::unparse(&syntax)))),
        Err(error) => {
            let start = error.span().start();
            Err(FormatError {
                message: format!("{error} at line {}, column {}", start.line, start.column),
                path: file.path,
                template: file.template,
                raw: file.contents,
            })
        }
    }
}
