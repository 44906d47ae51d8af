//! Finding a running server: every base URL the spec's server variables allow is probed at once with a request
//! that a running server answers with a success, and the first to answer wins.

use futures_util::stream::{FuturesUnordered, StreamExt as _};
use std::fmt;
use std::time::Duration;

/// How long a probe may take to connect: a local server accepts at once, a closed port refuses at once.
pub const DISCOVERY_CONNECT_TIMEOUT: Duration = Duration::from_millis(200);

/// How long a probe may take in all, from connecting to reading the whole answer.
pub const DISCOVERY_PROBE_TIMEOUT: Duration = Duration::from_secs(2);

/// No candidate answered the probe: what each one did instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscoveryError {
    /// The probe request, e.g. `GET /.well-known/health`.
    pub probe: String,
    /// Each base URL tried, with what went wrong there.
    pub attempts: Vec<(String, String)>,
}

impl fmt::Display for DiscoveryError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (Some((first, _)), Some((last, _))) = (self.attempts.first(), self.attempts.last()) else {
            return write!(formatter, "no server to probe with {}: the list of base URLs is empty", self.probe);
        };
        write!(formatter, "no server answered {} at any of {} base URLs ({first}", self.probe, self.attempts.len())?;
        if self.attempts.len() > 1 {
            write!(formatter, " .. {last}")?;
        }
        formatter.write_str(")")?;
        // The same outcome at many ports is said once, with its count.
        let mut outcomes: Vec<(&str, usize)> = Vec::new();
        for (_, outcome) in &self.attempts {
            match outcomes.iter_mut().find(|(seen, _)| *seen == outcome.as_str()) {
                Some((_, count)) => *count += 1,
                None => outcomes.push((outcome, 1)),
            }
        }
        for (index, (outcome, count)) in outcomes.iter().enumerate() {
            let separator = if index == 0 { ": " } else { "; " };
            write!(formatter, "{separator}{outcome} ({count})")?;
        }
        Ok(())
    }
}

impl std::error::Error for DiscoveryError {}

/// Probes every candidate base URL at once with `method path`, and returns the first that answers with a success.
pub(crate) async fn find_server(
    http: Option<reqwest::Client>,
    candidates: &[String],
    method: reqwest::Method,
    path: &str,
) -> Result<String, DiscoveryError> {
    let probe = format!("{method} {path}");
    let failed = |attempts| DiscoveryError { probe: probe.clone(), attempts };
    if candidates.is_empty() {
        return Err(failed(Vec::new()));
    }
    let http = match http {
        Some(http) => http,
        None => reqwest::Client::builder()
            .connect_timeout(DISCOVERY_CONNECT_TIMEOUT)
            .build()
            .map_err(|error| failed(vec![(String::new(), format!("cannot build an HTTP client: {error}"))]))?,
    };
    let mut probes: FuturesUnordered<_> = candidates
        .iter()
        .map(|base_url| probe_one(http.clone(), base_url.clone(), method.clone(), path.to_owned()))
        .collect();
    let mut attempts = Vec::new();
    while let Some(outcome) = probes.next().await {
        match outcome {
            Ok(base_url) => return Ok(base_url),
            Err(attempt) => attempts.push(attempt),
        }
    }
    // In the order the candidates were listed, not the order they failed in.
    attempts.sort_by_key(|(base_url, _)| candidates.iter().position(|candidate| candidate == base_url));
    Err(failed(attempts))
}

/// One probe: `Ok(base_url)` when the server answers with a success, else the base URL and what went wrong.
async fn probe_one(http: reqwest::Client, base_url: String, method: reqwest::Method, path: String) -> Result<String, (String, String)> {
    let outcome = http.request(method, format!("{base_url}{path}")).timeout(DISCOVERY_PROBE_TIMEOUT).send().await;
    match outcome {
        Ok(response) if response.status().is_success() => Ok(base_url),
        Ok(response) => Err((base_url, format!("answered {}", response.status().as_u16()))),
        Err(error) if error.is_timeout() => Err((base_url, "timed out".to_owned())),
        Err(error) if error.is_connect() => Err((base_url, "refused or unreachable".to_owned())),
        Err(error) => Err((base_url, format!("failed: {error}"))),
    }
}
