//! `cargo xtask check-features [--all]`: the Pieces crate compiles, and passes clippy with warnings denied, with
//! its default features off and one tag feature on, for each feature checked.
//!
//! Checking all 79 takes a while (the crate is compiled once per feature), so CI checks a fixed sample: the seed's
//! tag (`workstream-event`), the tag whose closure holds the most models, and the one holding the fewest (none,
//! for a tag whose operations answer with text or nothing). `--all` checks every tag feature.

use generator::view::features::TagFeature;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

pub const USAGE: &str = "\
usage: cargo xtask check-features [--all] [--feature NAME]...

  (no flags)       check the sample: workstream-event, the tag feature with the most models, the one with the fewest
  --all            check every tag feature of the Pieces crate (slow: one compile of the crate each)
  --feature NAME   check this feature (repeatable)

Each check is `cargo clippy --package pieces-os-client --no-default-features --features NAME -- -D warnings`.";

/// The seed's tag: the feature a typical program (examples/workstream) uses.
const SEED_FEATURE: &str = "workstream-event";

pub struct CheckArgs {
    all: bool,
    features: Vec<String>,
}

pub fn parse(args: &[String]) -> Result<CheckArgs, String> {
    let mut parsed = CheckArgs { all: false, features: Vec::new() };
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        match flag.as_str() {
            "--all" => parsed.all = true,
            "--feature" => parsed.features.push(args.next().cloned().ok_or_else(|| format!("--feature needs a value\n\n{USAGE}"))?),
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument `{other}`\n\n{USAGE}")),
        }
    }
    Ok(parsed)
}

/// The sample CI checks: the seed's feature, then the largest and the smallest closure (first in spec order on ties).
pub fn sample(features: &[TagFeature]) -> Vec<String> {
    let mut sample = vec![SEED_FEATURE.to_owned()];
    let largest = features.iter().rev().max_by_key(|feature| feature.model_count);
    let smallest = features.iter().min_by_key(|feature| feature.model_count);
    for feature in [largest, smallest].into_iter().flatten() {
        if !sample.contains(&feature.name) {
            sample.push(feature.name.clone());
        }
    }
    sample
}

/// Runs clippy once per chosen feature; `features` are the crate's tag features, as codegen made them.
pub fn run(args: &CheckArgs, features: &[TagFeature], root: &Path, crate_name: &str) -> Result<(), String> {
    let chosen: Vec<String> = if args.all {
        features.iter().map(|feature| feature.name.clone()).collect()
    } else if !args.features.is_empty() {
        args.features.clone()
    } else {
        sample(features)
    };
    for name in &chosen {
        if !features.iter().any(|feature| &feature.name == name) {
            return Err(format!("`{name}` is not a tag feature of {crate_name}"));
        }
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut failed = Vec::new();
    for (index, name) in chosen.iter().enumerate() {
        let feature = features.iter().find(|feature| &feature.name == name).expect("checked above");
        let started = Instant::now();
        let status = Command::new(&cargo)
            .current_dir(root)
            .args(["clippy", "--quiet", "--package", crate_name, "--no-default-features", "--features", name])
            .args(["--", "-D", "warnings"])
            .status()
            .map_err(|error| format!("cannot run cargo clippy: {error}"))?;
        let verdict = if status.success() { "ok" } else { "FAILED" };
        println!(
            "[{}/{}] {name} ({} operations, {} models): {verdict} in {:.1} s",
            index + 1,
            chosen.len(),
            feature.operation_count,
            feature.model_count,
            started.elapsed().as_secs_f64()
        );
        if !status.success() {
            failed.push(name.clone());
        }
    }
    if failed.is_empty() {
        println!("{} feature(s) of {crate_name} compile alone without warnings", chosen.len());
        Ok(())
    } else {
        Err(format!("{crate_name} does not compile cleanly with only: {}", failed.join(", ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feature(name: &str, model_count: usize) -> TagFeature {
        TagFeature { name: name.to_owned(), operation_count: 1, model_count }
    }

    #[test]
    fn the_sample_is_the_seed_the_largest_and_the_smallest() {
        let features = [feature("piece", 0), feature("assets", 392), feature("workstream-event", 325), feature("well-known", 0)];
        assert_eq!(sample(&features), ["workstream-event", "assets", "piece"]);
        // A feature that is both the seed and the largest is checked once.
        let features = [feature("workstream-event", 9), feature("health", 0)];
        assert_eq!(sample(&features), ["workstream-event", "health"]);
    }
}
