//! When and how long to wait before sending a request again: which failures are worth another attempt, an
//! exponential backoff with jitter (from `backon`), and the server's `Retry-After`.

use std::time::{Duration, SystemTime};

/// How a client retries a request that failed in a way another attempt may fix.
///
/// A request is sent again after:
/// - a connection that could not be made (refused, unreachable, TLS): nothing reached the server, so every
///   method is retried;
/// - `408 Request Timeout`, `429 Too Many Requests` and `503 Service Unavailable`: the server says it did not
///   handle the request, so every method is retried;
/// - `500`, `502` and `504`, a timeout, or a connection that broke after the request was sent: the server may have
///   handled it, so only methods that can be repeated safely are retried (`GET`, `HEAD`, `OPTIONS`, `PUT`,
///   `DELETE`, `TRACE`). `POST` and `PATCH` are not, although some APIs (Pieces OS among them) read with `POST`:
///   [`RetryPolicy::any_method`] opts them in.
///
/// Between attempts the client waits an exponentially growing delay with jitter, from `min_delay` up to
/// `max_delay`, or what the server's `Retry-After` asks (seconds or an HTTP date), at most `max_retry_after`.
/// Every request body of the client is held in memory, so every request can be sent again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    min_delay: Duration,
    max_delay: Duration,
    max_retry_after: Duration,
    any_method: bool,
}

impl Default for RetryPolicy {
    /// Two retries (three attempts), waiting from 0.5 s up to 8 s, `Retry-After` honoured up to 60 s.
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            min_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
            any_method: false,
        }
    }
}

impl RetryPolicy {
    /// No retries: every request is sent once.
    pub fn none() -> Self {
        RetryPolicy { max_retries: 0, ..RetryPolicy::default() }
    }

    /// Retries a failed request at most `max_retries` times.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// Waits at least `min_delay` before the first retry, doubling up to `max_delay`.
    pub fn delays(mut self, min_delay: Duration, max_delay: Duration) -> Self {
        self.min_delay = min_delay;
        self.max_delay = max_delay.max(min_delay);
        self
    }

    /// Waits at most this long when the server's `Retry-After` asks for longer.
    pub fn max_retry_after(mut self, max_retry_after: Duration) -> Self {
        self.max_retry_after = max_retry_after;
        self
    }

    /// Also retries `POST` and `PATCH` requests after a `500`, `502`, `504`, a timeout or a broken connection, for
    /// APIs whose `POST`s only read.
    pub fn any_method(mut self, any_method: bool) -> Self {
        self.any_method = any_method;
        self
    }

    /// How many times a request may be sent again.
    pub fn retries(&self) -> u32 {
        self.max_retries
    }

    /// The backoff between attempts.
    pub(crate) fn backoff(&self) -> backon::ExponentialBuilder {
        backon::ExponentialBuilder::default()
            .with_jitter()
            .with_min_delay(self.min_delay)
            .with_max_delay(self.max_delay)
            .with_max_times(self.max_retries as usize)
    }

    /// Whether an answer with this status is worth another attempt of a request with this method.
    pub(crate) fn retries_status(&self, method: &reqwest::Method, status: reqwest::StatusCode) -> bool {
        match status.as_u16() {
            408 | 429 | 503 => true,
            500 | 502 | 504 => self.any_method || is_idempotent(method),
            _ => false,
        }
    }

    /// Whether a request that failed with this error is worth another attempt.
    pub(crate) fn retries_error(&self, method: &reqwest::Method, error: &reqwest::Error) -> bool {
        if error.is_builder() || error.is_decode() || error.is_redirect() {
            return false;
        }
        error.is_connect() || self.any_method || is_idempotent(method)
    }

    /// The wait the server asks for, at most `max_retry_after`; `None` when it asks for nothing readable.
    pub(crate) fn retry_after(&self, headers: &reqwest::header::HeaderMap) -> Option<Duration> {
        let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
        let wait = match value.parse::<u64>() {
            Ok(seconds) => Duration::from_secs(seconds),
            Err(_) => {
                let date = httpdate::parse_http_date(value).ok()?;
                date.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO)
            }
        };
        Some(wait.min(self.max_retry_after))
    }
}

/// Methods that mean the same when sent twice (RFC 9110, 9.2.2).
fn is_idempotent(method: &reqwest::Method) -> bool {
    use reqwest::Method;
    [Method::GET, Method::HEAD, Method::OPTIONS, Method::PUT, Method::DELETE, Method::TRACE].contains(method)
}

#[cfg(test)]
mod tests {
    use super::RetryPolicy;
    use reqwest::header::{HeaderMap, HeaderValue, RETRY_AFTER};
    use reqwest::{Method, StatusCode};
    use std::time::{Duration, SystemTime};

    fn retry_after(value: &str) -> Option<Duration> {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_str(value).unwrap());
        RetryPolicy::default().retry_after(&headers)
    }

    #[test]
    fn reads_retry_after_in_seconds_and_as_a_date_and_caps_it() {
        assert_eq!(retry_after("3"), Some(Duration::from_secs(3)));
        assert_eq!(retry_after("3600"), Some(Duration::from_secs(60)), "capped");
        let soon = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(30));
        let wait = retry_after(&soon).unwrap();
        assert!(wait > Duration::from_secs(27) && wait <= Duration::from_secs(30), "{wait:?}");
        assert_eq!(retry_after("Thu, 01 Jan 1970 00:00:00 GMT"), Some(Duration::ZERO), "a date in the past: now");
        assert_eq!(retry_after("soon"), None);
    }

    #[test]
    fn retries_post_only_when_the_server_did_not_handle_it() {
        let policy = RetryPolicy::default();
        for status in [408, 429, 503] {
            assert!(policy.retries_status(&Method::POST, StatusCode::from_u16(status).unwrap()), "{status}");
        }
        for status in [500, 502, 504] {
            assert!(!policy.retries_status(&Method::POST, StatusCode::from_u16(status).unwrap()), "{status}");
            assert!(policy.retries_status(&Method::GET, StatusCode::from_u16(status).unwrap()), "{status}");
            assert!(policy.any_method(true).retries_status(&Method::POST, StatusCode::from_u16(status).unwrap()));
        }
        for status in [400, 401, 404, 409, 501] {
            assert!(!policy.retries_status(&Method::GET, StatusCode::from_u16(status).unwrap()), "{status}");
        }
    }
}
