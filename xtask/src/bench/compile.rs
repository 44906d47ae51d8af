//! Part 3: compile cost of the generated crates, dependencies already built: `cargo check` and `cargo build`
//! after touching the crate's `src/lib.rs`, ours and the peers' on Nexus (the largest corpus spec all three
//! generate), plus ours on Pieces.
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
}

pub fn run(dirs: &Dirs, ours: &Path, peers: &Peers, runs: usize) -> Result<String, String> {
    let compile_dir = dirs.work.join("compile");
    std::fs::create_dir_all(&compile_dir).map_err(|error| error.to_string())?;
    let mut crates = Vec::new();
    let nexus = dirs.root.join("../shared/corpus/progenitor-nexus.json");
    for (index, tool) in Tool::all(ours, peers).iter().enumerate() {
        let dir = compile_dir.join(format!("{index}-nexus"));
        let sample = tool.generate(&dirs.root, &nexus, &dir, &compile_dir.join(format!("{index}-nexus.log")))?;
        if sample.succeeded() {
            crates.push(Crate { label: format!("{} on nexus", tool.name), dir, target: compile_dir.join(format!("{index}-target")), compared: true });
        } else {
            eprintln!("{} could not generate nexus; left out of the compile table", tool.name);
        }
    }
    let pieces = compile_dir.join("ours-pieces");
    Tool::ours(ours).generate(
        &dirs.root,
        &dirs.root.join("spec/pieces-os.yaml"),
        &pieces,
        &compile_dir.join("ours-pieces.log"),
    )?;
    crates.push(Crate { label: "ours on pieces-os".to_owned(), dir: pieces, target: compile_dir.join("0-target"), compared: false });
    for krate in &crates {
        keep_out_of_the_workspace(&krate.dir)?;
        eprintln!("building dependencies of {}", krate.label);
        for subcommand in ["build", "check"] {
            run_quietly(
                Command::new("cargo")
                    .arg(subcommand)
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
         | crate | lines of Rust | cargo check | cargo build | ours / this (check) | ours / this (build) |\n|---|---|---|---|---|---|\n",
    );
    for ((krate, checks), builds) in crates.iter().zip(&checks).zip(&builds) {
        let ratio = |ours: f64, samples: &[Sample]| {
            if krate.compared { format!("{:.2}x", ours / median(&seconds(samples))) } else { "-".to_owned() }
        };
        report.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            krate.label,
            rust_lines(&krate.dir.join("src")),
            summary(&seconds(checks), "s"),
            summary(&seconds(builds), "s"),
            ratio(ours_check, checks),
            ratio(ours_build, builds),
        ));
    }
    Ok(report + "\n")
}

fn touch_and_time(krate: &Crate, subcommand: &str) -> Result<Sample, String> {
    let lib = krate.dir.join("src/lib.rs");
    let text = std::fs::read(&lib).map_err(|error| format!("{}: {error}", lib.display()))?;
    std::fs::write(&lib, text).map_err(|error| error.to_string())?;
    let log = krate.dir.with_extension(format!("{subcommand}.log"));
    let target = krate.target.to_string_lossy().into_owned();
    let sample = timed("cargo", &[subcommand, "--quiet"], &krate.dir, LIMIT, &log, &[("CARGO_TARGET_DIR", &target), ("CARGO_INCREMENTAL", "0")])?;
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
