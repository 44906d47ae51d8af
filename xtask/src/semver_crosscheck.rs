//! `cargo xtask semver-crosscheck`: the change report's verdict against cargo-semver-checks' on the fixture pairs
//! of `generator/tests/fixtures/diff/`. Each pair is generated into two crates (old and new, both version
//! 1.0.0, so that cargo-semver-checks judges the change itself rather than a 0.x version); cargo-semver-checks
//! says whether a minor release would do (`--release-type minor`), then whether a patch would. Our verdict must
//! never be weaker. Slow (rustdoc JSON of two crates per pair), so it is a command and not part of CI.

use generator::diff::{self, Verdict};
use generator::{emit, generate, Options};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The pair of Nexus specs, run only when named with `--case`.
const REAL_WORLD_CASE: &str = "real_world_nexus";

pub struct CrosscheckArgs {
    /// Only these cases; every case when empty.
    pub cases: Vec<String>,
}

pub fn parse(args: &[String], usage: &str) -> Result<CrosscheckArgs, String> {
    let mut cases = Vec::new();
    let mut args = args.iter();
    while let Some(argument) = args.next() {
        match argument.as_str() {
            "--case" => cases.push(args.next().cloned().ok_or_else(|| format!("--case needs a value\n\n{usage}"))?),
            "-h" | "--help" => return Err(usage.to_owned()),
            other => return Err(format!("unknown argument `{other}`\n\n{usage}")),
        }
    }
    Ok(CrosscheckArgs { cases })
}

/// cargo-semver-checks' answer for one pair: the smallest release type it accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TheirVerdict {
    /// A patch release passes: nothing it checks changed (it does not lint documentation).
    PatchOrNone,
    /// A patch release fails, a minor one passes.
    Minor,
    /// A minor release fails: a breaking change.
    Major,
}

impl TheirVerdict {
    fn as_str(self) -> &'static str {
        match self {
            TheirVerdict::PatchOrNone => "patch or none",
            TheirVerdict::Minor => "minor",
            TheirVerdict::Major => "major",
        }
    }

    /// Whether our verdict is at least as strong as theirs.
    fn is_covered_by(self, ours: Verdict) -> bool {
        match self {
            TheirVerdict::PatchOrNone => true,
            TheirVerdict::Minor => ours >= Verdict::Minor,
            TheirVerdict::Major => ours == Verdict::Major,
        }
    }
}

/// Finds cargo-semver-checks: `$CARGO_SEMVER_CHECKS`, then where `cargo install --root target/semver-tools`
/// puts it, then the `PATH`.
fn find_tool(root: &Path) -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os("CARGO_SEMVER_CHECKS") {
        return Ok(PathBuf::from(path));
    }
    let installed = root.join("target/semver-tools/bin/cargo-semver-checks");
    if installed.exists() {
        return Ok(installed);
    }
    let on_path = Command::new("cargo-semver-checks").arg("--version").output();
    match on_path {
        Ok(output) if output.status.success() => Ok(PathBuf::from("cargo-semver-checks")),
        _ => Err("cargo-semver-checks is not installed: run `cargo install cargo-semver-checks --locked --root target/semver-tools` \
                  (about 15 minutes on 2 cores), or set CARGO_SEMVER_CHECKS to its path"
            .to_owned()),
    }
}

pub fn run(args: &CrosscheckArgs, root: &Path) -> Result<(), String> {
    let tool = find_tool(root)?;
    let fixtures = root.join("generator/tests/fixtures/diff");
    let mut cases: Vec<(String, PathBuf, PathBuf)> = std::fs::read_dir(&fixtures)
        .map_err(|error| format!("cannot read {}: {error}", fixtures.display()))?
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().join("old.yaml").exists())
        .filter_map(|entry| entry.file_name().into_string().ok())
        .map(|case| {
            let (old, new) = (fixtures.join(&case).join("old.yaml"), fixtures.join(&case).join("new.yaml"));
            (case, old, new)
        })
        .collect();
    cases.sort();
    // The real pair (see generator/tests/fixtures/diff/real_world/SOURCE.md); only when asked for, as it takes
    // several minutes more: two crates of 190 operations.
    cases.push((
        REAL_WORLD_CASE.to_owned(),
        fixtures.join("real_world/progenitor-nexus-ea5a6a5.json"),
        root.join("../shared/corpus/progenitor-nexus.json"),
    ));
    cases.retain(|(case, _, _)| if args.cases.is_empty() { case != REAL_WORLD_CASE } else { args.cases.contains(case) });
    if cases.is_empty() {
        return Err(format!("no such case under {} (nor `{REAL_WORLD_CASE}`)", fixtures.display()));
    }
    let scratch = root.join("target/semver-crosscheck");
    let mut weaker = Vec::new();
    println!("{:<26}  {:<6}  {:<14}  result", "case", "ours", "semver-checks");
    for (case, old, new) in &cases {
        let ours = our_verdict(old, new, case)?;
        let case_dir = scratch.join(case);
        write_crate(old, &case_dir.join("old"), case)?;
        write_crate(new, &case_dir.join("new"), case)?;
        let theirs = their_verdict(&tool, &case_dir)?;
        let covered = theirs.is_covered_by(ours);
        if !covered {
            weaker.push(case.clone());
        }
        println!(
            "{case:<26}  {:<6}  {:<14}  {}",
            ours.as_str(),
            theirs.as_str(),
            if covered { "ok" } else { "OURS IS WEAKER" }
        );
    }
    println!("cargo-semver-checks' output for each case is in {}/<case>/semver-checks-*.txt", scratch.display());
    if weaker.is_empty() {
        Ok(())
    } else {
        Err(format!("our verdict is weaker than cargo-semver-checks' for: {}", weaker.join(", ")))
    }
}

fn options(spec: &Path, case: &str) -> Options {
    Options {
        crate_name: format!("crosscheck-{}", case.replace('_', "-")),
        spec_path: spec.display().to_string(),
        command: "cargo xtask semver-crosscheck".to_owned(),
        standalone: true,
        conformance_test: false,
        overlays: Vec::new(),
        features_per_tag: false,
    }
}

fn our_verdict(old: &Path, new: &Path, case: &str) -> Result<Verdict, String> {
    let lower = |spec: &Path| {
        let text = std::fs::read_to_string(spec).map_err(|error| format!("cannot read {}: {error}", spec.display()))?;
        diff::lower_spec(&text, &options(spec, case)).map_err(|error| error.to_string())
    };
    Ok(diff::diff(&lower(old)?, &lower(new)?).verdict())
}

/// Generates the crate of one side, with version 1.0.0 so that cargo-semver-checks applies the rules of a
/// stable crate (for 0.x it would accept anything in a "minor" release).
fn write_crate(spec: &Path, out_dir: &Path, case: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(spec).map_err(|error| format!("cannot read {}: {error}", spec.display()))?;
    let mut generated = generate(&text, &options(spec, case)).map_err(|error| error.to_string())?;
    if let Some(manifest) = generated.files.get_mut("Cargo.toml") {
        *manifest = manifest.replacen("version = \"0.1.0\"", "version = \"1.0.0\"", 1);
    }
    emit::write(out_dir, &generated.files).map_err(|error| format!("cannot write {}: {error}", out_dir.display()))?;
    Ok(())
}

/// Runs cargo-semver-checks for a minor, then a patch release of `new` over `old`.
fn their_verdict(tool: &Path, case_dir: &Path) -> Result<TheirVerdict, String> {
    let passes = |release_type: &str| -> Result<bool, String> {
        let output = Command::new(tool)
            .arg("semver-checks")
            .arg("check-release")
            .arg("--manifest-path")
            .arg(case_dir.join("new/Cargo.toml"))
            .arg("--baseline-root")
            .arg(case_dir.join("old"))
            .args(["--release-type", release_type])
            .env("CARGO_TARGET_DIR", case_dir.join("../target"))
            .output()
            .map_err(|error| format!("cannot run {}: {error}", tool.display()))?;
        let log = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        let _ = std::fs::write(case_dir.join(format!("semver-checks-{release_type}.txt")), &log);
        // It fails for a semver violation, and also when it cannot build rustdoc JSON: tell those apart.
        if !output.status.success() && !log.contains("semver requires new") && !log.contains("FAIL") {
            return Err(format!("cargo-semver-checks failed in {}:\n{log}", case_dir.display()));
        }
        Ok(output.status.success())
    };
    if !passes("minor")? {
        return Ok(TheirVerdict::Major);
    }
    Ok(if passes("patch")? { TheirVerdict::PatchOrNone } else { TheirVerdict::Minor })
}
