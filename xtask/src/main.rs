//! Project tasks, run as `cargo xtask <task>`: `codegen` regenerates (or checks) a client crate from a spec and
//! its overlays; `overlay` writes the spec as the overlays leave it; `diff` prints the change report between
//! two specs; `semver-crosscheck` compares its verdicts with cargo-semver-checks'; `bench` measures codegen
//! against OpenAPI Generator and progenitor.

mod bench;
mod change_report;
mod semver_crosscheck;
mod check_features;

use generator::{apply_overlays, emit, generate, GenerateError, Options, OverlaySource};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

const USAGE: &str = "\
usage: cargo xtask codegen [--check] [--spec PATH] [--overlay FILE]... [--no-overlay] [--out DIR]
                           [--crate-name NAME] [--features-per-tag] [--no-verify]
       cargo xtask overlay [--spec PATH] [--overlay FILE]... [--no-overlay] --out FILE
       cargo xtask diff [--format text|json] OLD NEW [--old-overlay FILE]... [--new-overlay FILE]...
                        [--crate-name NAME]
       cargo xtask semver-crosscheck [--case NAME]...   (slow; needs cargo-semver-checks)
       cargo xtask check-features [--all] [--feature NAME]...   (the Pieces crate with one tag feature alone)
       cargo xtask bench [--install-peers] [--runs N] [--only codegen|scaling|compile]   (see --help of bench)

  codegen            (no flags) regenerate generated/ from spec/pieces-os.yaml with spec/pieces-os.overlay.yaml,
                     then `cargo check` it
  overlay            write the spec as the overlays leave it, as pretty JSON (what the Python test servers read)
  diff               print the change report from spec OLD to spec NEW (each with its overlays) for callers of
                     the generated crate: every change by kind, with a semver verdict; --format json for CI.
                     A file written REV:PATH is read from git (HEAD:spec/pieces-os.yaml)
  semver-crosscheck  generate the crates of each fixture pair under generator/tests/fixtures/diff/ and check
                     that the change report's verdict is never weaker than cargo-semver-checks'
                     (--case real_world_nexus: the Nexus pair, two crates of 190 operations, slower)
  --check            write nothing; fail with a diff if the output folder differs from what codegen makes (led
                     by the change report's summary when the spec changed since the crate was generated)
  --spec PATH        the OpenAPI 3.0 document to read (YAML or JSON)
  --overlay FILE     an OpenAPI Overlay 1.0.0 document to apply to the spec first; repeat to apply several, in
                     order. Without --spec and --overlay, spec/pieces-os.overlay.yaml is applied
  --no-overlay       do not apply the default overlay
  --out DIR|FILE     codegen: the folder of the generated crate (created if missing); overlay: the JSON file
  --crate-name NAME  the package name of the generated crate
  --features-per-tag one cargo feature per tag (`full`, in `default`, enables all); always on for the default
                     spec (the Pieces crate)
  --no-verify        skip `cargo check` of the generated crate";

const DEFAULT_SPEC: &str = "spec/pieces-os.yaml";
/// What the generator needs to know about the default spec beyond what upstream wrote in it.
const DEFAULT_OVERLAY: &str = "spec/pieces-os.overlay.yaml";
const DEFAULT_OUT: &str = "generated";
const DEFAULT_CRATE_NAME: &str = "pieces-os-client";
/// Where the conformance test of the default crate goes: a test target of the client tests, owned by codegen.
const CONFORMANCE_TEST_DIR: &str = "testing/client/tests/conformance";

struct CodegenArgs {
    check: bool,
    verify: bool,
    sources: SourceArgs,
    out: Option<String>,
    crate_name: Option<String>,
    /// `--features-per-tag`; the default spec gets tag features without it.
    features_per_tag: bool,
}

impl CodegenArgs {
    /// Whether the crate gets one cargo feature per tag: asked for, or the Pieces crate (the default spec).
    fn features_per_tag(&self) -> bool {
        self.features_per_tag || self.sources.spec.is_none()
    }
}

/// Which spec to read and which overlays to apply to it; `codegen` and `overlay` share them.
#[derive(Default)]
struct SourceArgs {
    spec: Option<String>,
    /// `--overlay` files, in the order given.
    overlays: Vec<String>,
    no_overlay: bool,
}

impl SourceArgs {
    /// Takes `flag` (and its value) if it is one of the source flags; `None` when it is not.
    fn parse_flag(
        &mut self,
        flag: &str,
        value: &mut dyn FnMut() -> Result<String, String>,
    ) -> Option<Result<(), String>> {
        let result = match flag {
            "--spec" => value().map(|spec| self.spec = Some(spec)),
            "--overlay" => value().map(|overlay| self.overlays.push(overlay)),
            "--no-overlay" => {
                self.no_overlay = true;
                Ok(())
            }
            _ => return None,
        };
        Some(result)
    }

    fn check(&self) -> Result<(), String> {
        if self.no_overlay && !self.overlays.is_empty() {
            return Err(format!("--no-overlay and --overlay contradict each other\n\n{USAGE}"));
        }
        Ok(())
    }
}

/// The spec and its overlays, read.
struct Sources {
    spec_path: String,
    spec_text: String,
    overlays: Vec<OverlaySource>,
    /// Where the files are on disk, for finding their earlier versions in git.
    spec_file: PathBuf,
    overlay_files: Vec<PathBuf>,
}

impl Sources {
    /// How messages name the sources: `spec/pieces-os.yaml + spec/pieces-os.overlay.yaml`.
    fn describe(&self) -> String {
        std::iter::once(self.spec_path.as_str())
            .chain(self.overlays.iter().map(|overlay| overlay.path.as_str()))
            .collect::<Vec<_>>()
            .join(" + ")
    }
}

struct OverlayArgs {
    sources: SourceArgs,
    out: String,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => parse_codegen(&args[1..]).and_then(|args| codegen(&args)),
        Some("overlay") => parse_overlay(&args[1..]).and_then(|args| overlay(&args)),
        Some("semver-crosscheck") => semver_crosscheck::parse(&args[1..], USAGE)
            .and_then(|args| semver_crosscheck::run(&args, &workspace_root())),
        Some("diff") => change_report::parse_diff(&args[1..], USAGE).and_then(|args| change_report::diff_command(&args)),
        Some("check-features") => check_features::parse(&args[1..]).and_then(|args| {
            let root = workspace_root();
            let features = generate_pieces(&root)?.tag_features;
            check_features::run(&args, &features, &root, DEFAULT_CRATE_NAME)
        }),
        Some("bench") => bench::parse(&args[1..]).and_then(|args| bench::run(&args, &workspace_root())),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn parse_codegen(args: &[String]) -> Result<CodegenArgs, String> {
    let mut parsed = CodegenArgs {
        check: false,
        verify: true,
        sources: SourceArgs::default(),
        out: None,
        crate_name: None,
        features_per_tag: false,
    };
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let mut value = || args.next().cloned().ok_or_else(|| format!("{flag} needs a value\n\n{USAGE}"));
        if let Some(result) = parsed.sources.parse_flag(flag, &mut value) {
            result?;
            continue;
        }
        match flag.as_str() {
            "--check" => parsed.check = true,
            "--no-verify" => parsed.verify = false,
            "--features-per-tag" => parsed.features_per_tag = true,
            "--out" => parsed.out = Some(value()?),
            "--crate-name" => parsed.crate_name = Some(value()?),
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument `{other}`\n\n{USAGE}")),
        }
    }
    parsed.sources.check()?;
    Ok(parsed)
}

fn parse_overlay(args: &[String]) -> Result<OverlayArgs, String> {
    let mut sources = SourceArgs::default();
    let mut out = None;
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let mut value = || args.next().cloned().ok_or_else(|| format!("{flag} needs a value\n\n{USAGE}"));
        if let Some(result) = sources.parse_flag(flag, &mut value) {
            result?;
            continue;
        }
        match flag.as_str() {
            "--out" => out = Some(value()?),
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument `{other}`\n\n{USAGE}")),
        }
    }
    sources.check()?;
    let out = out.ok_or_else(|| format!("cargo xtask overlay needs --out FILE\n\n{USAGE}"))?;
    Ok(OverlayArgs { sources, out })
}

/// The workspace root: xtask lives one folder below it.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask is inside the workspace").to_path_buf()
}

/// Reads the spec and the overlays. Defaults are relative to the workspace root; paths given by the user are
/// relative to where they stand. The default overlay belongs to the default spec, so it is applied only with it.
fn read_sources(root: &Path, args: &SourceArgs) -> Result<Sources, String> {
    let file = |path: &str, given: bool| {
        let file = if given { PathBuf::from(path) } else { root.join(path) };
        std::path::absolute(&file).unwrap_or(file)
    };
    let read = |file: &Path| std::fs::read_to_string(file).map_err(|error| format!("cannot read {}: {error}", file.display()));
    let spec_path = args.spec.clone().unwrap_or_else(|| DEFAULT_SPEC.to_owned());
    let spec_file = file(&spec_path, args.spec.is_some());
    let spec_text = read(&spec_file)?;
    let mut overlay_paths: Vec<(String, PathBuf)> =
        args.overlays.iter().map(|path| (path.clone(), file(path, true))).collect();
    if args.spec.is_none() && args.overlays.is_empty() && !args.no_overlay {
        overlay_paths.push((DEFAULT_OVERLAY.to_owned(), file(DEFAULT_OVERLAY, false)));
    }
    let mut overlays = Vec::new();
    for (path, overlay_file) in &overlay_paths {
        overlays.push(OverlaySource { path: path.clone(), text: read(overlay_file)? });
    }
    let overlay_files = overlay_paths.into_iter().map(|(_, overlay_file)| overlay_file).collect();
    Ok(Sources { spec_path, spec_text, overlays, spec_file, overlay_files })
}

/// The Pieces crate as `cargo xtask codegen` makes it, with its tag features (generated in memory; nothing written).
fn generate_pieces(root: &Path) -> Result<generator::Generated, String> {
    let sources = read_sources(root, &SourceArgs::default())?;
    let options = Options {
        crate_name: DEFAULT_CRATE_NAME.to_owned(),
        spec_path: sources.spec_path.clone(),
        command: "cargo xtask codegen".to_owned(),
        standalone: false,
        conformance_test: false,
        overlays: sources.overlays,
        features_per_tag: true,
    };
    generate(&sources.spec_text, &options).map_err(|error| error.to_string())
}

/// The command that regenerates this output, for file headers and the drift message.
fn regenerate_command(args: &CodegenArgs) -> String {
    let mut command = "cargo xtask codegen".to_owned();
    if let Some(spec) = &args.sources.spec {
        command.push_str(&format!(" --spec {spec}"));
    }
    for overlay in &args.sources.overlays {
        command.push_str(&format!(" --overlay {overlay}"));
    }
    if args.sources.no_overlay {
        command.push_str(" --no-overlay");
    }
    for (flag, value) in [("--out", &args.out), ("--crate-name", &args.crate_name)] {
        if let Some(value) = value {
            command.push_str(&format!(" {flag} {value}"));
        }
    }
    if args.features_per_tag {
        command.push_str(" --features-per-tag");
    }
    command
}

/// Writes the spec as the overlays leave it, as pretty JSON, for tools that read the spec themselves.
fn overlay(args: &OverlayArgs) -> Result<(), String> {
    let root = workspace_root();
    let sources = read_sources(&root, &args.sources)?;
    let document =
        apply_overlays(&sources.spec_text, &sources.spec_path, &sources.overlays).map_err(|error| error.to_string())?;
    let text = serde_json::to_string_pretty(&document).map_err(|error| format!("cannot write JSON: {error}"))?;
    std::fs::write(&args.out, text + "\n").map_err(|error| format!("cannot write {}: {error}", args.out))?;
    println!("wrote {} from {}", args.out, sources.describe());
    Ok(())
}

fn codegen(args: &CodegenArgs) -> Result<(), String> {
    let root = workspace_root();
    let started = Instant::now();
    let sources = read_sources(&root, &args.sources)?;
    let out = args.out.clone().unwrap_or_else(|| DEFAULT_OUT.to_owned());
    // Defaults are relative to the workspace root; paths given by the user are relative to where they stand.
    let out_dir = if args.out.is_some() { PathBuf::from(&out) } else { root.join(&out) };
    let in_workspace = out_dir
        .canonicalize()
        .ok()
        .zip(root.join(DEFAULT_OUT).canonicalize().ok())
        .is_some_and(|(out, generated)| out == generated);
    let options = Options {
        crate_name: args.crate_name.clone().unwrap_or_else(|| DEFAULT_CRATE_NAME.to_owned()),
        spec_path: sources.spec_path.clone(),
        command: regenerate_command(args),
        standalone: !in_workspace,
        conformance_test: in_workspace,
        overlays: sources.overlays.clone(),
        features_per_tag: args.features_per_tag(),
    };
    let generated = generate(&sources.spec_text, &options).map_err(|error| report_generate_error(&root, &error))?;
    for warning in &generated.warnings {
        eprintln!("{}", warning.render(&sources.spec_path));
    }
    let generate_time = started.elapsed();
    // Before anything is written or compared: what the spec change means for callers, and whether the crate
    // version says so (a major change under a compatible version would reach users unnoticed).
    let source_files = change_report::SourceFiles {
        spec_file: &sources.spec_file,
        spec_text: &sources.spec_text,
        overlay_files: &sources.overlay_files,
        overlays: &sources.overlays,
    };
    let (change_summary, version_error) = change_report::previous_spec(&source_files, &out_dir, &options).summary();
    let version_error = version_error.map(|error| format!("error: {error}\n"));
    // The conformance test is one more owned folder, written and checked like the crate itself.
    let mut outputs = vec![(out.clone(), out_dir.clone(), generated.files.clone())];
    if let Some(test) = &generated.conformance_test {
        let files = [("main.rs".to_owned(), test.clone())].into_iter().collect();
        outputs.push((CONFORMANCE_TEST_DIR.to_owned(), root.join(CONFORMANCE_TEST_DIR), files));
    }
    if args.check {
        let mut report = String::new();
        for (name, folder, files) in &outputs {
            let drift = emit::check(folder, files).map_err(|error| format!("cannot read {name}: {error}"))?;
            report.push_str(&drift.report(name));
        }
        if !report.is_empty() {
            return Err(format!(
                "{change_summary}{}\n{report}\n{out} is out of date with {} and templates/.\nRun `{}` and commit the result.",
                version_error.unwrap_or_default(),
                sources.describe(),
                options.command
            ));
        }
        println!("{out} is up to date with {} ({} files)", sources.describe(), generated.files.len());
        return Ok(());
    }
    if let Some(version_error) = version_error {
        return Err(format!("{change_summary}\n{version_error}nothing was written"));
    }
    print!("{change_summary}");
    let (mut written, mut deleted) = (0, 0);
    for (name, folder, files) in &outputs {
        let (folder_written, folder_deleted) =
            emit::write(folder, files).map_err(|error| format!("cannot write {name}: {error}"))?;
        written += folder_written;
        deleted += folder_deleted;
    }
    let lines: usize = generated.files.values().map(|contents| contents.lines().count()).sum();
    println!(
        "generated {out} from {}: {} operations, {} models, {} files, {lines} lines in {:.0} ms; {written} written, {deleted} deleted",
        sources.describe(),
        generated.operation_count,
        generated.model_count,
        generated.files.len(),
        generate_time.as_secs_f64() * 1000.0,
    );
    if args.verify {
        verify(&root, &out_dir, in_workspace, &options.crate_name)?;
    }
    Ok(())
}

/// Runs `cargo check` on the generated crate, so that a spec which yields code that does not compile fails here.
fn verify(root: &Path, out_dir: &Path, in_workspace: bool, crate_name: &str) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(cargo);
    command.arg("check").arg("--quiet");
    if in_workspace {
        command.current_dir(root).args(["--package", crate_name]);
    } else {
        command.arg("--manifest-path").arg(out_dir.join("Cargo.toml"));
    }
    let status = command.status().map_err(|error| format!("cannot run cargo check: {error}"))?;
    if !status.success() {
        return Err(format!("the generated crate in {} does not compile (a generator bug)", out_dir.display()));
    }
    println!("cargo check passed on {}", out_dir.display());
    Ok(())
}

/// Prints a generation error; for invalid Rust, saves the raw template output so that it can be read.
fn report_generate_error(root: &Path, error: &GenerateError) -> String {
    if let GenerateError::Format { path, raw, .. } = error {
        let saved = root.join("target/codegen-failed").join(path);
        let _ = std::fs::create_dir_all(saved.parent().unwrap_or(root));
        if std::fs::write(&saved, raw).is_ok() {
            return format!("{error}\nthe unformatted output is in {}", saved.display());
        }
    }
    error.to_string()
}
