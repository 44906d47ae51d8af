//! Project tasks, run as `cargo xtask <task>`: `codegen` regenerates (or checks) a client crate from a spec;
//! `bench` measures it against OpenAPI Generator and progenitor.

mod bench;

use generator::{emit, generate, GenerateError, Options};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

const USAGE: &str = "\
usage: cargo xtask codegen [--check] [--spec PATH] [--out DIR] [--crate-name NAME] [--no-verify]
       cargo xtask bench [--install-peers] [--runs N] [--only codegen|scaling|compile]   (see --help of bench)

  (no flags)         regenerate generated/ from spec/pieces-os.yaml, then `cargo check` it
  --check            write nothing; fail with a diff if the output folder differs from what codegen makes
  --spec PATH        the OpenAPI 3.0 document to read (YAML or JSON)
  --out DIR          the folder of the generated crate (created if missing)
  --crate-name NAME  the package name of the generated crate
  --no-verify        skip `cargo check` of the generated crate";

const DEFAULT_SPEC: &str = "spec/pieces-os.yaml";
const DEFAULT_OUT: &str = "generated";
const DEFAULT_CRATE_NAME: &str = "pieces-os-client";
/// Where the conformance test of the default crate goes: a test target of the client tests, owned by codegen.
const CONFORMANCE_TEST_DIR: &str = "testing/client/tests/conformance";

struct CodegenArgs {
    check: bool,
    verify: bool,
    spec: Option<String>,
    out: Option<String>,
    crate_name: Option<String>,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => parse_codegen(&args[1..]).and_then(|args| codegen(&args)),
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
    let mut parsed = CodegenArgs { check: false, verify: true, spec: None, out: None, crate_name: None };
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let mut value = || args.next().cloned().ok_or_else(|| format!("{flag} needs a value\n\n{USAGE}"));
        match flag.as_str() {
            "--check" => parsed.check = true,
            "--no-verify" => parsed.verify = false,
            "--spec" => parsed.spec = Some(value()?),
            "--out" => parsed.out = Some(value()?),
            "--crate-name" => parsed.crate_name = Some(value()?),
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument `{other}`\n\n{USAGE}")),
        }
    }
    Ok(parsed)
}

/// The workspace root: xtask lives one folder below it.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask is inside the workspace").to_path_buf()
}

/// The command that regenerates this output, for file headers and the drift message.
fn regenerate_command(args: &CodegenArgs) -> String {
    let mut command = "cargo xtask codegen".to_owned();
    for (flag, value) in [("--spec", &args.spec), ("--out", &args.out), ("--crate-name", &args.crate_name)] {
        if let Some(value) = value {
            command.push_str(&format!(" {flag} {value}"));
        }
    }
    command
}

fn codegen(args: &CodegenArgs) -> Result<(), String> {
    let root = workspace_root();
    let started = Instant::now();
    let spec_path = args.spec.clone().unwrap_or_else(|| DEFAULT_SPEC.to_owned());
    let out = args.out.clone().unwrap_or_else(|| DEFAULT_OUT.to_owned());
    // Defaults are relative to the workspace root; paths given by the user are relative to where they stand.
    let spec_file = if args.spec.is_some() { PathBuf::from(&spec_path) } else { root.join(&spec_path) };
    let out_dir = if args.out.is_some() { PathBuf::from(&out) } else { root.join(&out) };
    let spec_text =
        std::fs::read_to_string(&spec_file).map_err(|error| format!("cannot read {}: {error}", spec_file.display()))?;
    let in_workspace = out_dir
        .canonicalize()
        .ok()
        .zip(root.join(DEFAULT_OUT).canonicalize().ok())
        .is_some_and(|(out, generated)| out == generated);
    let options = Options {
        crate_name: args.crate_name.clone().unwrap_or_else(|| DEFAULT_CRATE_NAME.to_owned()),
        spec_path: spec_path.clone(),
        command: regenerate_command(args),
        standalone: !in_workspace,
        conformance_test: in_workspace,
    };
    let generated = generate(&spec_text, &options).map_err(|error| report_generate_error(&root, &error))?;
    for warning in &generated.warnings {
        eprintln!("{}", warning.render(&spec_path));
    }
    let generate_time = started.elapsed();
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
                "{report}\n{out} is out of date with {spec_path} and templates/.\nRun `{}` and commit the result.",
                options.command
            ));
        }
        println!("{out} is up to date with {spec_path} ({} files)", generated.files.len());
        return Ok(());
    }
    let (mut written, mut deleted) = (0, 0);
    for (name, folder, files) in &outputs {
        let (folder_written, folder_deleted) =
            emit::write(folder, files).map_err(|error| format!("cannot write {name}: {error}"))?;
        written += folder_written;
        deleted += folder_deleted;
    }
    let lines: usize = generated.files.values().map(|contents| contents.lines().count()).sum();
    println!(
        "generated {out} from {spec_path}: {} operations, {} models, {} files, {lines} lines in {:.0} ms; {written} written, {deleted} deleted",
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
