//! Part 3: compile cost of the generated crates, dependencies already built: `cargo check` and `cargo build`
//! after touching the crate's `src/lib.rs`, ours and the peers' on Nexus (the largest corpus spec all three
//! generate), plus ours on Pieces with its tag features: `full` (the default), only `workstream-event` (the seed's
//! tag) and only the tag whose closure holds the most models; and, with `--baseline REV`, the Pieces crate as
//! committed in `generated/` at that revision, to compare today's crate with an older one in the same run.
//!
//! Incremental compilation is off (`CARGO_INCREMENTAL=0`): a crate that depends on the generated one compiles it
//! whole, never incrementally, and an incremental rebuild of an unchanged crate would measure the cache instead.

use super::codegen::Tool;
use super::measure::{median, run_quietly, rust_lines, summary, timed, Sample};
use super::peers::Peers;
use super::Dirs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const LIMIT: Duration = Duration::from_secs(1800);

struct Crate {
    label: String,
    dir: PathBuf,
    target: PathBuf,
    /// Whether it is generated from the spec all tools share, so that the ratios to ours mean something.
    compared: bool,
    /// Cargo arguments choosing features, e.g. `--no-default-features --features workstream-event`.
    feature_args: Vec<String>,
}

pub fn run(dirs: &Dirs, ours: &Path, peers: &Peers, runs: usize, baseline: Option<&str>) -> Result<String, String> {
    let compile_dir = dirs.work.join("compile");
    std::fs::create_dir_all(&compile_dir).map_err(|error| error.to_string())?;
    let mut crates = Vec::new();
    let nexus = dirs.root.join("../shared/corpus/progenitor-nexus.json");
    for (index, tool) in Tool::all(ours, peers).iter().enumerate() {
        let dir = compile_dir.join(format!("{index}-nexus"));
        let sample = tool.generate(&dirs.root, &nexus, &dir, &compile_dir.join(format!("{index}-nexus.log")))?;
        if sample.succeeded() {
            crates.push(Crate {
                label: format!("{} on nexus", tool.name),
                dir,
                target: compile_dir.join(format!("{index}-target")),
                compared: true,
                feature_args: Vec::new(),
            });
        } else {
            eprintln!("{} could not generate nexus; left out of the compile table", tool.name);
        }
    }
    // The Pieces crate as `cargo xtask codegen` makes it (overlay applied, one feature per tag), built whole and
    // with one tag feature alone.
    let pieces = compile_dir.join("ours-pieces");
    let _ = std::fs::remove_dir_all(&pieces);
    let log = compile_dir.join("ours-pieces.log");
    let spec = dirs.root.join("spec/pieces-os.yaml").to_string_lossy().into_owned();
    let overlay = dirs.root.join("spec/pieces-os.overlay.yaml").to_string_lossy().into_owned();
    let out = pieces.to_string_lossy().into_owned();
    let program = ours.to_string_lossy().into_owned();
    let args = ["codegen", "--spec", &spec, "--overlay", &overlay, "--out", &out, "--crate-name", "bench-client"];
    let sample = timed(&program, &[&args[..], &["--no-verify", "--features-per-tag"]].concat(), &dirs.root, LIMIT, &log, &[])?;
    if !sample.succeeded() {
        return Err(format!("codegen of the Pieces crate failed; see {}", log.display()));
    }
    let generated = crate::generate_pieces(&dirs.root)?;
    let features = generated.tag_features;
    let largest = features
        .iter()
        .rev()
        .max_by_key(|feature| feature.model_count)
        .ok_or("the Pieces crate has no tag features")?;
    let seed = features.iter().find(|feature| feature.name == "workstream-event").ok_or("no workstream-event feature")?;
    let total_models = generated.model_count;
    crates.push(Crate {
        label: format!("ours on pieces-os, `full` ({} operations, {total_models} models)", features.iter().map(|feature| feature.operation_count).sum::<usize>()),
        dir: pieces.clone(),
        target: compile_dir.join("pieces-target"),
        compared: false,
        feature_args: Vec::new(),
    });
    for feature in [seed, largest] {
        crates.push(Crate {
            label: format!(
                "ours on pieces-os, only `{}` ({} operations, {} models)",
                feature.name, feature.operation_count, feature.model_count
            ),
            dir: pieces.clone(),
            target: compile_dir.join("pieces-target"),
            compared: false,
            feature_args: vec!["--no-default-features".to_owned(), "--features".to_owned(), feature.name.clone()],
        });
    }
    if let Some(revision) = baseline {
        let dir = compile_dir.join("pieces-baseline");
        committed_crate(&dirs.root, revision, &dir)?;
        crates.push(Crate {
            label: format!("ours on pieces-os at `{revision}` (`generated/` as committed then, default features)"),
            dir,
            target: compile_dir.join("baseline-target"),
            compared: false,
            feature_args: Vec::new(),
        });
    }
    for krate in &crates {
        keep_out_of_the_workspace(&krate.dir)?;
        eprintln!("building dependencies of {}", krate.label);
        for subcommand in ["build", "check"] {
            run_quietly(
                Command::new("cargo")
                    .arg(subcommand)
                    .args(&krate.feature_args)
                    .current_dir(&krate.dir)
                    .env("CARGO_TARGET_DIR", &krate.target)
                    .env("CARGO_INCREMENTAL", "0"),
            )?;
        }
    }
    let mut checks: Vec<Vec<Sample>> = vec![Vec::new(); crates.len()];
    let mut builds: Vec<Vec<Sample>> = vec![Vec::new(); crates.len()];
    for run in 0..runs {
        for offset in 0..crates.len() {
            let index = (run + offset) % crates.len();
            let krate = &crates[index];
            checks[index].push(touch_and_time(krate, "check")?);
            builds[index].push(touch_and_time(krate, "build")?);
            eprintln!("compile {}: check {:?} build {:?}", krate.label, checks[index].last(), builds[index].last());
        }
    }
    let seconds = |samples: &[Sample]| samples.iter().map(|sample| sample.seconds).collect::<Vec<_>>();
    let ours_check = median(&seconds(&checks[0]));
    let ours_build = median(&seconds(&builds[0]));
    let mut report = String::from(
        "## Compile cost of the generated crate\n\n`cargo xtask bench --only compile`: dependencies built first, then \
         `touch src/lib.rs` and `cargo check` / `cargo build` (debug, `CARGO_INCREMENTAL=0`: the whole crate, as a crate \
         depending on it compiles it), crates alternating run by run.\n\n\
         Pieces rows: the crate as codegen makes it (overlay applied, one feature per tag); `full` is the default, \
         the others build with `--no-default-features --features <tag>`; `vs full` is this row's median over `full`'s.\n\n\
         | crate | lines of Rust | cargo check | cargo build | peak memory (build) | ours / this (check) | ours / this (build) | vs full (check) | vs full (build) |\n|---|---|---|---|---|---|---|---|---|\n",
    );
    let full = crates.iter().position(|krate| !krate.compared && krate.feature_args.is_empty());
    let (full_check, full_build) = full.map_or((f64::NAN, f64::NAN), |index| (median(&seconds(&checks[index])), median(&seconds(&builds[index]))));
    for ((krate, checks), builds) in crates.iter().zip(&checks).zip(&builds) {
        let ratio = |ours: f64, samples: &[Sample]| {
            if krate.compared { format!("{:.2}x", ours / median(&seconds(samples))) } else { "-".to_owned() }
        };
        let versus_full = |full: f64, samples: &[Sample]| {
            if krate.compared { "-".to_owned() } else { format!("{:.2}x", median(&seconds(samples)) / full) }
        };
        let peak_mb: Vec<f64> = builds.iter().map(|sample| sample.peak_kb as f64 / 1024.0).collect();
        report.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            krate.label,
            rust_lines(&krate.dir.join("src")),
            summary(&seconds(checks), "s"),
            summary(&seconds(builds), "s"),
            summary(&peak_mb, "MB"),
            ratio(ours_check, checks),
            ratio(ours_build, builds),
            versus_full(full_check, checks),
            versus_full(full_build, builds),
        ));
    }
    if let (Some(revision), Some(full)) = (baseline, full) {
        let then = median(&seconds(&checks[crates.len() - 1]));
        let now = median(&seconds(&checks[full]));
        report.push_str(&format!(
            "\nThe Pieces crate's `cargo check` (default features) takes {:.2}x the time it took at `{revision}`: {:.0}% faster.\n",
            now / then,
            (1.0 - now / then) * 100.0
        ));
    }
    Ok(report + "\n")
}

/// Writes the crate committed in `generated/` at `revision` into `dir`.
fn committed_crate(root: &Path, revision: &str, dir: &Path) -> Result<(), String> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).map_err(|error| format!("{}: {error}", dir.display()))?;
    let archive = Command::new("git")
        .args(["archive", "--format=tar", revision, "generated"])
        .current_dir(root)
        .output()
        .map_err(|error| format!("cannot run git archive: {error}"))?;
    if !archive.status.success() {
        return Err(format!("git archive {revision} generated failed: {}", String::from_utf8_lossy(&archive.stderr).trim()));
    }
    let tar = dir.join("generated.tar");
    std::fs::write(&tar, &archive.stdout).map_err(|error| error.to_string())?;
    run_quietly(Command::new("tar").arg("-xf").arg(&tar).arg("--strip-components=1").arg("-C").arg(dir))?;
    std::fs::remove_file(&tar).map_err(|error| error.to_string())
}

fn touch_and_time(krate: &Crate, subcommand: &str) -> Result<Sample, String> {
    let lib = krate.dir.join("src/lib.rs");
    let text = std::fs::read(&lib).map_err(|error| format!("{}: {error}", lib.display()))?;
    std::fs::write(&lib, text).map_err(|error| error.to_string())?;
    let log = krate.target.with_extension(format!("{}-{subcommand}.log", krate.feature_args.last().map_or("default", String::as_str)));
    let target = krate.target.to_string_lossy().into_owned();
    let mut args = vec![subcommand, "--quiet"];
    args.extend(krate.feature_args.iter().map(String::as_str));
    let sample = timed("cargo", &args, &krate.dir, LIMIT, &log, &[("CARGO_TARGET_DIR", &target), ("CARGO_INCREMENTAL", "0")])?;
    if !sample.succeeded() {
        return Err(format!("cargo {subcommand} of {} failed; see {}", krate.label, log.display()));
    }
    Ok(sample)
}

/// The scratch crates live under this workspace's `target/`; an empty `[workspace]` makes each its own root.
fn keep_out_of_the_workspace(dir: &Path) -> Result<(), String> {
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).map_err(|error| format!("{}: {error}", manifest.display()))?;
    if !text.lines().any(|line| line.trim() == "[workspace]") {
        std::fs::write(&manifest, format!("{text}\n[workspace]\n")).map_err(|error| error.to_string())?;
    }
    Ok(())
}
