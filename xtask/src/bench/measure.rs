//! Running a command with a time limit and reading its wall time, peak memory and exit status, via GNU time.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// One run of a command.
#[derive(Debug, Clone)]
pub struct Sample {
    pub seconds: f64,
    /// Peak resident memory of the command and its children, in KB.
    pub peak_kb: u64,
    /// CPU time in user space, all threads: steadier than wall time on a machine whose file system stalls.
    pub user_seconds: f64,
    /// The exit status; `None` when the time limit killed it.
    pub exit: Option<i32>,
}

impl Sample {
    pub fn succeeded(&self) -> bool {
        self.exit == Some(0)
    }
}

/// Runs `command` under `/usr/bin/time` and `timeout`, its output kept in `log`.
pub fn timed(program: &str, args: &[&str], cwd: &Path, limit: Duration, log: &Path, env: &[(&str, &str)]) -> Result<Sample, String> {
    let stats = log.with_extension("time");
    let mut command = Command::new("/usr/bin/time");
    command
        .arg("-f")
        .arg("%e %M %U")
        .arg("-o")
        .arg(&stats)
        .arg("timeout")
        .arg(format!("{}", limit.as_secs()))
        .arg(program)
        .args(args)
        .current_dir(cwd)
        .envs(env.iter().copied());
    let output_file = std::fs::File::create(log).map_err(|error| format!("cannot create {}: {error}", log.display()))?;
    let error_file = output_file.try_clone().map_err(|error| error.to_string())?;
    let status = command
        .stdout(output_file)
        .stderr(error_file)
        .status()
        .map_err(|error| format!("cannot run /usr/bin/time (GNU time, Debian package `time`): {error}"))?;
    let text = std::fs::read_to_string(&stats).map_err(|error| format!("no timing for {program}: {error}"))?;
    // GNU time writes "Command exited with non-zero status N" before the figures when the command failed.
    let figures = text.lines().last().unwrap_or_default();
    let mut parts = figures.split_whitespace();
    let seconds = parts.next().and_then(|value| value.parse().ok()).unwrap_or(f64::NAN);
    let peak_kb = parts.next().and_then(|value| value.parse().ok()).unwrap_or(0);
    let user_seconds = parts.next().and_then(|value| value.parse().ok()).unwrap_or(f64::NAN);
    let exit = match status.code() {
        Some(124) => None,
        other => other,
    };
    Ok(Sample { seconds, peak_kb, user_seconds, exit })
}

/// Runs a set-up command, failing with its output when it fails.
pub fn run_quietly(command: &mut Command) -> Result<(), String> {
    let output = command.output().map_err(|error| format!("cannot run {command:?}: {error}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("{command:?} failed:\n{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr)))
    }
}

/// Median and spread (min-max) of the successful samples, as `0.52 s (0.49-0.60)`.
pub fn summary(values: &[f64], unit: &str) -> String {
    if values.is_empty() {
        return "-".to_owned();
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    format!("{:.2} {unit} ({:.2}-{:.2})", median(&sorted), sorted[0], sorted[sorted.len() - 1])
}

pub fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => f64::NAN,
        length if length % 2 == 1 => sorted[length / 2],
        length => (sorted[length / 2 - 1] + sorted[length / 2]) / 2.0,
    }
}

/// Lines of `.rs` files under a folder.
pub fn rust_lines(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .flatten()
        .map(|entry| {
            let path = entry.path();
            if path.is_dir() {
                rust_lines(&path)
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                std::fs::read_to_string(&path).map_or(0, |text| text.lines().count())
            } else {
                0
            }
        })
        .sum()
}
