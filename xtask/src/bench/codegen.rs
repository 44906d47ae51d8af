//! Part 1: codegen wall time and peak memory per spec, ours against the peers, tools alternating run by run.

use super::measure::{median, summary, timed, Sample};
use super::peers::Peers;
use super::Dirs;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A peer that has not finished after this long is stopped and recorded as failed.
pub const LIMIT: Duration = Duration::from_secs(60);

pub const SPECS: &[(&str, &str)] = &[
    ("pieces-os", "spec/pieces-os.yaml"),
    ("nexus", "../shared/corpus/progenitor-nexus.json"),
    ("petstore3", "../shared/corpus/swagger-petstore3.yaml"),
];

/// A generator and how to run it on one spec into one folder.
pub struct Tool {
    pub name: &'static str,
    program: PathBuf,
    kind: Kind,
}

enum Kind {
    Ours,
    Progenitor,
    OpenApiGenerator,
}

impl Tool {
    /// Our generator, the binary at `program`.
    pub fn ours(program: &Path) -> Tool {
        Tool { name: "ours", program: program.to_path_buf(), kind: Kind::Ours }
    }

    /// Ours first, then each peer that is installed.
    pub fn all(ours: &Path, peers: &Peers) -> Vec<Tool> {
        let mut tools = vec![Tool::ours(ours)];
        if let Some(program) = &peers.progenitor {
            tools.push(Tool { name: "progenitor 0.15.1", program: program.clone(), kind: Kind::Progenitor });
        }
        if let Some(program) = &peers.openapi_generator {
            tools.push(Tool { name: "OpenAPI Generator (rust)", program: program.clone(), kind: Kind::OpenApiGenerator });
        }
        tools
    }

    /// Generates `spec` into `out` (emptied first), with the time limit.
    pub fn generate(&self, root: &Path, spec: &Path, out: &Path, log: &Path) -> Result<Sample, String> {
        let _ = std::fs::remove_dir_all(out);
        let spec = spec.to_string_lossy();
        let out_text = out.to_string_lossy();
        let program = self.program.to_string_lossy();
        match self.kind {
            Kind::Ours => timed(&program, &["codegen", "--spec", &spec, "--out", &out_text, "--crate-name", "bench-client", "--no-verify"], root, LIMIT, log, &[]),
            Kind::Progenitor => timed(&program, &["progenitor", "-i", &spec, "-o", &out_text, "-n", "bench-client", "-v", "0.1.0"], root, LIMIT, log, &[]),
            // Java gets the 6 GB heap the project's notes saw it reach; the time limit stops it either way.
            Kind::OpenApiGenerator => timed(
                "java",
                &["-Xmx6g", "-jar", &program, "generate", "-i", &spec, "-g", "rust", "-o", &out_text, "--skip-validate-spec", "--package-name", "bench-client"],
                root,
                LIMIT,
                log,
                &[],
            ),
        }
    }
}

pub fn run(dirs: &Dirs, ours: &Path, peers: &Peers, runs: usize) -> Result<String, String> {
    let tools = Tool::all(ours, peers);
    let mut report = String::from(
        "## Codegen: spec to files on disk\n\n`cargo xtask bench --only codegen`: tools alternate run by run; median (min-max).\n\n\
         | spec | tool | runs ok | wall time | user CPU time | peak memory | outcome | time vs ours | user CPU vs ours |\n|---|---|---|---|---|---|---|---|---|\n",
    );
    let mut in_process_report = String::from(
        "Of which our codegen spent in process, spec text to formatted files in memory (the rest is process start, \
         reading the spec and writing the files):\n\n| spec | ours, in process |\n|---|---|\n",
    );
    for (spec_name, spec) in SPECS {
        let spec_path = dirs.root.join(spec);
        let mut samples: Vec<Vec<Sample>> = vec![Vec::new(); tools.len()];
        let mut in_process = Vec::new();
        for run in 0..runs {
            // Rotate the order so that no tool always runs first (cold caches) or last.
            for offset in 0..tools.len() {
                let index = (run + offset) % tools.len();
                let tool = &tools[index];
                let out = dirs.work.join(format!("codegen/{index}-{spec_name}"));
                let log = dirs.work.join(format!("codegen/{index}-{spec_name}.log"));
                std::fs::create_dir_all(log.parent().expect("has a parent")).map_err(|error| error.to_string())?;
                let sample = tool.generate(&dirs.root, &spec_path, &out, &log)?;
                eprintln!("codegen {spec_name} {}: {sample:?}", tool.name);
                if index == 0 {
                    in_process.extend(reported_milliseconds(&log));
                }
                samples[index].push(sample);
            }
        }
        let ours_ok: Vec<&Sample> = samples[0].iter().filter(|sample| sample.succeeded()).collect();
        let ours = (
            median(&ours_ok.iter().map(|sample| sample.seconds).collect::<Vec<_>>()),
            median(&ours_ok.iter().map(|sample| sample.user_seconds).collect::<Vec<_>>()),
        );
        for (tool, samples) in tools.iter().zip(&samples) {
            report.push_str(&row(spec_name, tool.name, samples, ours));
        }
        in_process_report.push_str(&format!("| {spec_name} | {} |\n", summary(&in_process, "ms")));
    }
    Ok(report + "\n" + &in_process_report + "\n")
}

/// The time our codegen reports for spec to formatted files in memory (`... lines in N ms`), before writing.
fn reported_milliseconds(log: &Path) -> Option<f64> {
    let text = std::fs::read_to_string(log).ok()?;
    let (before, _) = text.split_once(" ms;")?;
    before.rsplit(' ').next()?.parse().ok()
}

/// A table row; `ours` is our median (wall, user CPU) seconds on the same spec, for the ratios.
fn row(spec: &str, tool: &str, samples: &[Sample], ours: (f64, f64)) -> String {
    let ok: Vec<&Sample> = samples.iter().filter(|sample| sample.succeeded()).collect();
    let failed: Vec<&Sample> = samples.iter().filter(|sample| !sample.succeeded()).collect();
    let shown: Vec<&Sample> = if ok.is_empty() { failed.clone() } else { ok.clone() };
    let seconds: Vec<f64> = shown.iter().map(|sample| sample.seconds).collect();
    let user: Vec<f64> = shown.iter().map(|sample| sample.user_seconds).collect();
    let memory: Vec<f64> = shown.iter().map(|sample| sample.peak_kb as f64 / 1024.0).collect();
    let outcome = match failed.first() {
        None => "generated".to_owned(),
        Some(sample) => match sample.exit {
            None => format!("{} of {} runs killed at the {} s limit", failed.len(), samples.len(), LIMIT.as_secs()),
            Some(code) => format!("{} of {} runs failed, exit status {code}", failed.len(), samples.len()),
        },
    };
    let ratio = |values: &[f64], ours: f64| if ok.is_empty() { "-".to_owned() } else { format!("{:.1}x", median(values) / ours) };
    format!(
        "| {spec} | {tool} | {}/{} | {} | {} | {} | {outcome} | {} | {} |\n",
        ok.len(),
        samples.len(),
        summary(&seconds, "s"),
        summary(&user, "s"),
        summary(&memory, "MB"),
        ratio(&seconds, ours.0),
        ratio(&user, ours.1),
    )
}
