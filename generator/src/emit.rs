//! Emitting: the generated tree is written to disk, or compared with what is there (the drift check).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// Folders and files inside an output folder that codegen does not own.
const NOT_OWNED: &[&str] = &["target", "Cargo.lock"];

/// How the files on disk differ from the generated tree.
#[derive(Debug, Default)]
pub struct Drift {
    /// Files whose contents differ, with a short unified diff each.
    pub changed: Vec<(String, String)>,
    pub missing: Vec<String>,
    pub orphans: Vec<String>,
}

impl Drift {
    pub fn is_clean(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.orphans.is_empty()
    }

    /// A readable report: one section per changed file with its diff, then missing and orphan files.
    pub fn report(&self, out_dir: &str) -> String {
        let mut report = String::new();
        for (path, diff) in &self.changed {
            let _ = writeln!(report, "changed: {out_dir}/{path}\n{diff}");
        }
        for path in &self.missing {
            let _ = writeln!(report, "missing: {out_dir}/{path} (codegen would create it)");
        }
        for path in &self.orphans {
            let _ = writeln!(report, "orphan:  {out_dir}/{path} (codegen would delete it)");
        }
        report
    }
}

/// The files under `out_dir` that codegen owns, as relative paths with `/` separators.
fn existing_files(out_dir: &Path) -> io::Result<BTreeSet<String>> {
    let mut found = BTreeSet::new();
    if !out_dir.exists() {
        return Ok(found);
    }
    let mut pending = vec![out_dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder)? {
            let entry = entry?;
            let path = entry.path();
            let relative = path.strip_prefix(out_dir).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            if NOT_OWNED.contains(&relative.as_str()) {
                continue;
            }
            if entry.file_type()?.is_dir() {
                pending.push(path);
            } else {
                found.insert(relative);
            }
        }
    }
    Ok(found)
}

/// Compares the generated tree with `out_dir` without writing anything.
pub fn check(out_dir: &Path, files: &BTreeMap<String, String>) -> io::Result<Drift> {
    let mut drift = Drift::default();
    let existing = existing_files(out_dir)?;
    for (path, contents) in files {
        if !existing.contains(path) {
            drift.missing.push(path.clone());
            continue;
        }
        let current = std::fs::read(out_dir.join(path))?;
        if current != contents.as_bytes() {
            let current = String::from_utf8_lossy(&current);
            drift.changed.push((path.clone(), short_diff(path, &current, contents)));
        }
    }
    drift.orphans = existing.into_iter().filter(|path| !files.contains_key(path)).collect();
    Ok(drift)
}

/// A unified diff from what is on disk to what codegen makes, cut after a screenful.
fn short_diff(path: &str, current: &str, generated: &str) -> String {
    const MAX_LINES: usize = 40;
    let diff = similar::TextDiff::from_lines(current, generated);
    let text = diff
        .unified_diff()
        .context_radius(2)
        .header(&format!("{path} (on disk)"), &format!("{path} (from the spec)"))
        .to_string();
    let total = text.lines().count();
    let mut shown: String = text.lines().take(MAX_LINES).map(|line| format!("    {line}\n")).collect();
    if total > MAX_LINES {
        let _ = writeln!(shown, "    ... {} more diff lines", total - MAX_LINES);
    }
    shown
}

/// Writes the generated tree to `out_dir`: changed and new files are written, orphans deleted.
/// Returns how many files were written and deleted.
pub fn write(out_dir: &Path, files: &BTreeMap<String, String>) -> io::Result<(usize, usize)> {
    let drift = check(out_dir, files)?;
    let to_write: Vec<&String> = drift.changed.iter().map(|(path, _)| path).chain(&drift.missing).collect();
    // Each folder once, not once per file: a crate has a few folders and over a thousand files.
    let folders: BTreeSet<&Path> = to_write.iter().filter_map(|path| Path::new(path.as_str()).parent()).collect();
    for folder in folders {
        std::fs::create_dir_all(out_dir.join(folder))?;
    }
    for path in &to_write {
        std::fs::write(out_dir.join(path), &files[path.as_str()])?;
    }
    let written = to_write.len();
    for path in &drift.orphans {
        std::fs::remove_file(out_dir.join(path))?;
    }
    Ok((written, drift.orphans.len()))
}
