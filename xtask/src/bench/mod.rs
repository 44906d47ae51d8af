//! `cargo xtask bench`: our generator side by side with OpenAPI Generator and progenitor, measured in one run with
//! the tools alternating run by run, so that a noisy machine slows all of them alike. Prints markdown tables
//! (and writes them to `target/bench-results.md`); BENCHMARKS.md records a run.

mod codegen;
mod compile;
mod measure;
mod peers;
mod scaling;

use std::path::{Path, PathBuf};

pub const USAGE: &str = "\
usage: cargo xtask bench [--install-peers] [--runs N] [--only codegen|scaling|compile] [--baseline REV]

  --install-peers  install OpenAPI Generator (PyPI, into a venv) and progenitor (cargo install) under
                   target/bench-cache/ first; without it, missing peers are reported and skipped
  --runs N         runs per tool and spec (default 5); medians and spreads are over these
  --only PART      run one part: codegen (time and memory), scaling (1x-8x Pieces), compile (cargo check/build)
  --baseline REV   compile part: also build the Pieces crate committed in generated/ at git revision REV, so that
                   the crate of today is compared with an older one in the same run

The run-time cost of a call is a criterion bench: cargo bench -p call-bench";

pub struct BenchArgs {
    install_peers: bool,
    runs: usize,
    only: Option<String>,
    baseline: Option<String>,
}

pub fn parse(args: &[String]) -> Result<BenchArgs, String> {
    let mut parsed = BenchArgs { install_peers: false, runs: 5, only: None, baseline: None };
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let mut value = || args.next().cloned().ok_or_else(|| format!("{flag} needs a value\n\n{USAGE}"));
        match flag.as_str() {
            "--install-peers" => parsed.install_peers = true,
            "--runs" => parsed.runs = value()?.parse().map_err(|_| format!("--runs needs a number\n\n{USAGE}"))?,
            "--only" => parsed.only = Some(value()?),
            "--baseline" => parsed.baseline = Some(value()?),
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument `{other}`\n\n{USAGE}")),
        }
    }
    Ok(parsed)
}

/// Where the bench keeps peers, scratch output and results, all under `target/`.
pub struct Dirs {
    pub root: PathBuf,
    pub cache: PathBuf,
    pub work: PathBuf,
}

pub fn run(args: &BenchArgs, root: &Path) -> Result<(), String> {
    let dirs = Dirs { root: root.to_path_buf(), cache: root.join("target/bench-cache"), work: root.join("target/bench-work") };
    std::fs::create_dir_all(&dirs.work).map_err(|error| format!("cannot create {}: {error}", dirs.work.display()))?;
    let ours = copy_ours(&dirs.work)?;
    let peers = peers::Peers::find(&dirs, args.install_peers)?;
    let wants = |part: &str| args.only.as_deref().is_none_or(|only| only == part);
    let mut report = machine_header();
    if wants("codegen") {
        report.push_str(&codegen::run(&dirs, &ours, &peers, args.runs)?);
    }
    if wants("scaling") {
        report.push_str(&scaling::run(&dirs, &ours, args.runs)?);
    }
    if wants("compile") {
        report.push_str(&compile::run(&dirs, &ours, &peers, args.runs, args.baseline.as_deref())?);
    }
    let results = root.join("target/bench-results.md");
    std::fs::write(&results, &report).map_err(|error| format!("cannot write {}: {error}", results.display()))?;
    println!("{report}\n(written to {})", results.display());
    Ok(())
}

/// Our generator is this very binary (`cargo xtask` builds it in release mode, like the peers' binaries); it is
/// measured as a child process like them. It is copied aside, so that a build into the target folder during the
/// run cannot swap it.
fn copy_ours(work: &Path) -> Result<PathBuf, String> {
    let this = std::env::current_exe().map_err(|error| format!("cannot find the xtask binary: {error}"))?;
    let copy = work.join("xtask-under-test");
    std::fs::copy(&this, &copy).map_err(|error| format!("cannot copy the xtask binary: {error}"))?;
    Ok(copy)
}

fn machine_header() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |cores| cores.get());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|text| text.lines().next().map(|line| line.split_whitespace().nth(1).unwrap_or("0").to_owned()))
        .and_then(|kilobytes| kilobytes.parse::<u64>().ok())
        .map_or_else(|| "unknown".to_owned(), |kilobytes| format!("{:.1} GiB", kilobytes as f64 / 1024.0 / 1024.0));
    format!("Machine: {cores} cores, {memory} memory.\n\n")
}
