//! The change report in xtask: `cargo xtask diff OLD NEW` prints it for two specs, and `codegen` makes one
//! when the spec changed since the crate was generated, finding the old spec in git by the hash that the crate's
//! manifest (`codegen.json`) records.
//!
//! Why git and not a copy: keeping the spec the crate was made from inside `generated/` would duplicate the
//! 1 MB Pieces spec in every commit that touches it, while git already has every version the crate was ever
//! generated from (`generated/` is committed with the spec that made it). The manifest's hash says which one.

use generator::diff::{self, ChangeReport};
use generator::manifest::{spec_hash, Manifest, MANIFEST_PATH};
use generator::{Options, OverlaySource};
use std::path::{Path, PathBuf};
use std::process::Command;

/// How many commits that touched the spec or its overlays are searched for the one the crate was made from.
const MAX_REVISIONS_SEARCHED: usize = 50;

/// What codegen knows about the spec the crate on disk was made from.
pub enum PreviousSpec {
    /// No manifest in the output folder: a first generation (or one from before manifests).
    Unknown,
    /// The spec and overlays hash as the manifest says: nothing changed.
    Unchanged,
    /// The spec or an overlay changed; the report compares the old one (found in git) with the new one.
    Changed {
        report: Box<ChangeReport>,
        old_manifest: Box<Manifest>,
        new_crate_version: String,
        found_at: String,
        /// The `cargo xtask diff` command that prints the full report of this change.
        full_report_command: String,
    },
    /// The spec changed but no report could be made; the text says why.
    NoReport(String),
}

/// The spec and overlay files of this run, with the texts read from them and where they are on disk.
pub struct SourceFiles<'a> {
    pub spec_file: &'a Path,
    pub spec_text: &'a str,
    pub overlay_files: &'a [PathBuf],
    pub overlays: &'a [OverlaySource],
}

/// Compares the sources of this run with the manifest in `out_dir`, and reports the change when they differ.
pub fn previous_spec(sources: &SourceFiles, out_dir: &Path, options: &Options) -> PreviousSpec {
    let Ok(manifest_text) = std::fs::read_to_string(out_dir.join(MANIFEST_PATH)) else {
        return PreviousSpec::Unknown;
    };
    let Some(old_manifest) = Manifest::parse(&manifest_text) else {
        return PreviousSpec::NoReport(format!("{MANIFEST_PATH} in {} is not a manifest codegen wrote", out_dir.display()));
    };
    if old_manifest.spec_hash == spec_hash(sources.spec_text, sources.overlays) {
        return PreviousSpec::Unchanged;
    }
    let Some((found_at, old_spec, old_overlays)) = find_in_git(sources, &old_manifest.spec_hash) else {
        return PreviousSpec::NoReport(format!(
            "the spec changed since {} was generated, but git has no version of {} (and its overlays) with the recorded hash {}, so there is no change report",
            out_dir.display(),
            sources.spec_file.display(),
            old_manifest.spec_hash
        ));
    };
    let old_options = Options {
        spec_path: format!("{} at {found_at}", options.spec_path),
        overlays: old_overlays,
        ..options.clone()
    };
    let lowered = diff::lower_spec(&old_spec, &old_options).and_then(|old| Ok((old, diff::lower_spec(sources.spec_text, options)?)));
    match lowered {
        Ok((old, new)) => PreviousSpec::Changed {
            full_report_command: full_report_command(&found_at, options),
            report: Box::new(diff::diff(&old, &new).in_crate(&options.crate_name)),
            old_manifest: Box::new(old_manifest),
            new_crate_version: new.crate_version,
            found_at,
        },
        Err(error) => PreviousSpec::NoReport(format!("no change report: a spec cannot be read:\n{error}")),
    }
}

/// `cargo xtask diff REV:spec spec --old-overlay REV:overlay --new-overlay overlay ...` for this change.
fn full_report_command(revision: &str, options: &Options) -> String {
    let mut command = format!("cargo xtask diff {revision}:{0} {0}", options.spec_path);
    for overlay in &options.overlays {
        command.push_str(&format!(" --old-overlay {revision}:{0} --new-overlay {0}", overlay.path));
    }
    command.push_str(&format!(" --crate-name {}", options.crate_name));
    command
}

impl PreviousSpec {
    /// The report's summary, the version check and where the old spec came from, for people; empty when
    /// nothing changed. The second value is set when the crate version does not follow the verdict.
    pub fn summary(&self) -> (String, Option<String>) {
        match self {
            PreviousSpec::Unknown | PreviousSpec::Unchanged => (String::new(), None),
            PreviousSpec::NoReport(note) => (format!("note: {note}\n"), None),
            PreviousSpec::Changed { report, old_manifest, new_crate_version, found_at, full_report_command } => {
                let summary = format!(
                    "The spec changed since the crate was generated (old spec: git {found_at}; crate version {} -> {new_crate_version}).\n{}\
                     The full report: {full_report_command}\n",
                    old_manifest.crate_version,
                    diff::render_summary(report)
                );
                let version_error = diff::check_version_bump(&old_manifest.crate_version, new_crate_version, report.verdict()).err();
                (summary, version_error)
            }
        }
    }
}

/// Looks through the commits that touched the sources, newest first, for texts whose hash is `wanted`.
fn find_in_git(sources: &SourceFiles, wanted: &str) -> Option<(String, String, Vec<OverlaySource>)> {
    let directory = sources.spec_file.parent()?;
    let mut revisions = vec!["HEAD".to_owned()];
    let mut log = Command::new("git");
    log.arg("-C").arg(directory).args(["log", "--format=%h", &format!("-n{MAX_REVISIONS_SEARCHED}"), "--"]);
    log.arg(sources.spec_file).args(sources.overlay_files);
    let output = log.output().ok()?;
    revisions.extend(String::from_utf8_lossy(&output.stdout).lines().map(str::to_owned));
    for revision in revisions {
        let Some(spec_text) = git_show(sources.spec_file, &revision) else { continue };
        let overlays: Option<Vec<OverlaySource>> = sources
            .overlay_files
            .iter()
            .zip(sources.overlays)
            .map(|(file, overlay)| Some(OverlaySource { path: overlay.path.clone(), text: git_show(file, &revision)? }))
            .collect();
        let Some(overlays) = overlays else { continue };
        if spec_hash(&spec_text, &overlays) == wanted {
            return Some((revision, spec_text, overlays));
        }
    }
    None
}

/// A file's text at a revision, from the repository the file is in.
fn git_show(file: &Path, revision: &str) -> Option<String> {
    let directory = file.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = file.file_name()?.to_str()?;
    let output = Command::new("git").arg("-C").arg(directory).args(["show", &format!("{revision}:./{name}")]).output().ok()?;
    if !output.status.success() {
        return None;
    }
    String::from_utf8(output.stdout).ok()
}

/// `cargo xtask diff`'s arguments.
pub struct DiffArgs {
    pub json: bool,
    pub old: String,
    pub new: String,
    pub old_overlays: Vec<String>,
    pub new_overlays: Vec<String>,
    pub crate_name: String,
}

pub fn parse_diff(args: &[String], usage: &str) -> Result<DiffArgs, String> {
    let mut json = false;
    let (mut old_overlays, mut new_overlays, mut files) = (Vec::new(), Vec::new(), Vec::new());
    let mut crate_name = "pieces-os-client".to_owned();
    let mut args = args.iter();
    while let Some(argument) = args.next() {
        let mut value = || args.next().cloned().ok_or_else(|| format!("{argument} needs a value\n\n{usage}"));
        match argument.as_str() {
            "--format" => match value()?.as_str() {
                "text" => json = false,
                "json" => json = true,
                other => return Err(format!("--format is text or json, not `{other}`\n\n{usage}")),
            },
            "--old-overlay" => old_overlays.push(value()?),
            "--new-overlay" => new_overlays.push(value()?),
            "--crate-name" => crate_name = value()?,
            "-h" | "--help" => return Err(usage.to_owned()),
            other if other.starts_with("--") => return Err(format!("unknown argument `{other}`\n\n{usage}")),
            file => files.push(file.to_owned()),
        }
    }
    let [old, new]: [String; 2] =
        files.try_into().map_err(|_| format!("cargo xtask diff needs two specs, OLD and NEW\n\n{usage}"))?;
    Ok(DiffArgs { json, old, new, old_overlays, new_overlays, crate_name })
}

/// Prints the full report from OLD to NEW, as text or JSON.
pub fn diff_command(args: &DiffArgs) -> Result<(), String> {
    // `REV:PATH` (a file that does not exist under that name) is the file at a git revision: `HEAD:spec/a.yaml`.
    let read = |path: &str| match path.split_once(':').filter(|_| !Path::new(path).exists()) {
        Some((revision, file)) => git_show(Path::new(file), revision).ok_or_else(|| format!("git has no {file} at {revision}")),
        None => std::fs::read_to_string(path).map_err(|error| format!("cannot read {path}: {error}")),
    };
    let lower = |spec_path: &str, overlay_paths: &[String]| -> Result<generator::ir::Api, String> {
        let overlays = overlay_paths
            .iter()
            .map(|path| Ok(OverlaySource { path: path.clone(), text: read(path)? }))
            .collect::<Result<Vec<_>, String>>()?;
        let options = Options {
            crate_name: args.crate_name.clone(),
            spec_path: spec_path.to_owned(),
            command: "cargo xtask diff".to_owned(),
            standalone: true,
            conformance_test: false,
            overlays,
            features_per_tag: false,
        };
        diff::lower_spec(&read(spec_path)?, &options).map_err(|error| error.to_string())
    };
    let report = diff::diff(&lower(&args.old, &args.old_overlays)?, &lower(&args.new, &args.new_overlays)?).in_crate(&args.crate_name);
    if args.json {
        let text = serde_json::to_string_pretty(&diff::render_json(&report)).map_err(|error| error.to_string())?;
        println!("{text}");
    } else {
        print!("{}", diff::render_text(&report));
    }
    Ok(())
}
