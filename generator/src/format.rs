//! Formatting: every Rust file goes through `syn::parse_file` and `prettyplease`, in parallel.
//!
//! A file that does not parse is a bug in a template: the error names the template and keeps the raw text.

use crate::render::RenderedFile;
use std::collections::BTreeMap;
use std::sync::Mutex;

/// A rendered Rust file that is not valid Rust.
#[derive(Debug)]
pub struct FormatError {
    pub path: String,
    pub template: &'static str,
    pub message: String,
    pub raw: String,
}

/// Formats Rust files and prefixes every file with its header line; returns relative path -> contents.
///
/// Files are handed out largest first to one worker per core, each taking the next file when done, so that
/// one big file does not leave the other cores idle.
pub fn format_files(mut files: Vec<RenderedFile>, rust_header: &str) -> Result<BTreeMap<String, String>, FormatError> {
    files.sort_by_key(|file| std::cmp::Reverse(file.contents.len()));
    let threads = std::thread::available_parallelism().map_or(1, |count| count.get()).min(files.len().max(1));
    let queue = Mutex::new(files.into_iter());
    let next_file = || queue.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).next();
    let results: Vec<Result<Vec<(String, String)>, FormatError>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut formatted = Vec::new();
                    while let Some(file) = next_file() {
                        formatted.push(format_file(file, rust_header)?);
                    }
                    Ok(formatted)
                })
            })
            .collect();
        workers.into_iter().map(|worker| worker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
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
        Ok(_) if file.verbatim => Ok((file.path, format!("{rust_header}\n{}", file.contents))),
        Ok(syntax) => Ok((file.path, format!("{rust_header}\n{}", prettyplease::unparse(&syntax)))),
        Err(error) => {
            Err(FormatError {
                // Spans carry no line and column: proc-macro2's `span-locations` costs 7% of formatting time,
                // for a message only a generator bug ever shows. rustfmt finds the place in the saved text.
                message: format!("{error} (`rustfmt --edition 2024 --check` on the unformatted output shows where)"),
                path: file.path,
                template: file.template,
                raw: file.contents,
            })
        }
    }
}
