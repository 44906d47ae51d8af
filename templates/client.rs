//! The client: where requests go, how they are authenticated and how long they may take.
{# A spec without operations never sends a request, and one without security schemes never reads a credential. #}
{% if krate.client_code_may_be_unused %}
#![allow(dead_code)]
{% endif %}

use crate::error::RequestFailure;
use crate::runtime::{RequestParts, RetryPolicy, Transport};
use std::sync::Arc;
use std::time::Duration;

/// What sending a request returns: a future of the operation's decoded success `T` or an [`Error`] whose API
/// errors are `E`. Boxed, so that it can be named, stored and sent to another task.
///
/// [`Error`]: crate::Error
pub type ResponseFuture<T, E> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<T, crate::Error<E>>> + Send + 'static>>;

/// The server requests go to unless [`ClientBuilder::base_url`] says otherwise: the spec's first server, its
/// variables at their defaults.
pub const DEFAULT_BASE_URL: &str = "{{ krate.default_base_url }}";

{% if krate.has_discovery %}
/// Every base URL [`ClientBuilder::discover`] tries: the spec's server with each value of its variables.
pub const DISCOVERY_CANDIDATES: &[&str] = &[{% for candidate in krate.discovery.candidates %}{{ candidate }}, {% endfor %}];

/// The environment variable that, when set, names the base URL and spares [`ClientBuilder::discover`] its probes.
pub const BASE_URL_VARIABLE: &str = {{ krate.discovery.environment_variable }};

{% endif %}
/// How long a request may take, from sending it to reading the whole response, unless configured otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The `User-Agent` header sent unless configured otherwise.
pub const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// A credential. Its `Debug` output never shows the value.
#[derive(Clone)]
struct Secret(String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("<redacted>")
    }
}

/// The security schemes of the API; each operation names the ones it accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
{% for scheme in krate.schemes %}
{% for line in scheme.docs %}    /// {{ line }}
{% endfor %}    {{ scheme.variant }},
{% endfor %}
}

#[derive(Debug, Clone, Default)]
struct Credentials {
{% for scheme in krate.schemes %}
{% if scheme.is_basic %}    {{ scheme.field }}: Option<(String, Secret)>,
{% else %}    {{ scheme.field }}: Option<Secret>,
{% endif %}
{% endfor %}
}

/// Configures a [`Client`]: base URL, credentials, timeout, retries, user agent, or a `reqwest::Client` (or
/// middleware) of your own.
#[derive(Debug)]
pub struct ClientBuilder {
    base_url: String,
    timeout: Option<Duration>,
    retry: RetryPolicy,
    user_agent: String,
    http: Option<reqwest::Client>,
    #[cfg(feature = "middleware")]
    middleware: Option<reqwest_middleware::ClientWithMiddleware>,
    credentials: Credentials,
{% if krate.has_discovery %}
    discovery_candidates: Option<Vec<String>>,
{% endif %}
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            base_url: DEFAULT_BASE_URL.to_owned(),
            timeout: Some(DEFAULT_TIMEOUT),
            retry: RetryPolicy::default(),
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            http: None,
            #[cfg(feature = "middleware")]
            middleware: None,
            credentials: Credentials::default(),
{% if krate.has_discovery %}
            discovery_candidates: None,
{% endif %}
        }
    }
}

impl ClientBuilder {
    /// Sends requests to `base_url` (e.g. `http://127.0.0.1:1000`) instead of [`DEFAULT_BASE_URL`].
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// Limits each request, from sending it to reading the whole response, to `timeout`.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Lets requests take as long as they take (or as the `reqwest::Client` allows).
    pub fn no_timeout(mut self) -> Self {
        self.timeout = None;
        self
    }

    /// Retries failed requests as `policy` says, instead of [`RetryPolicy::default`] (two retries).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Sends every request once.
    pub fn no_retries(self) -> Self {
        self.retry(RetryPolicy::none())
    }

    /// Sends requests through `middleware` (e.g. `reqwest-tracing`, OpenTelemetry, or your own), a
    /// `reqwest_middleware::ClientWithMiddleware`; its own retry middleware, if any, retries inside each of the
    /// client's attempts.
    #[cfg(feature = "middleware")]
    pub fn middleware(mut self, middleware: reqwest_middleware::ClientWithMiddleware) -> Self {
        self.middleware = Some(middleware);
        self
    }

    /// Sends `user_agent` as the `User-Agent` header instead of [`DEFAULT_USER_AGENT`].
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Sends requests through `http`, with its own pool, proxy and TLS settings.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }
{% for scheme in krate.schemes %}

{% for line in scheme.docs %}    /// {{ line }}
{% endfor %}
{% if scheme.is_basic %}
    pub fn {{ scheme.setter }}(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.credentials.{{ scheme.field }} = Some((username.into(), Secret(password.into())));
        self
    }
{% else %}
    pub fn {{ scheme.setter }}(mut self, value: impl Into<String>) -> Self {
        self.credentials.{{ scheme.field }} = Some(Secret(value.into()));
        self
    }
{% endif %}
{% endfor %}

{% if krate.has_discovery %}
    /// Finds the running server and sends requests there: every base URL of [`DISCOVERY_CANDIDATES`] is
    /// probed at once with `{{ krate.discovery.probe }}` (connecting within [`DISCOVERY_CONNECT_TIMEOUT`], answering
    /// within [`DISCOVERY_PROBE_TIMEOUT`]), and the first to answer with a success is taken.
    ///
    /// When the environment variable `{{ krate.discovery.environment_variable_name }}` is set, its value is the
    /// base URL and nothing is probed. To choose the server in code, call [`ClientBuilder::base_url`] instead.
    ///
    /// [`DISCOVERY_CONNECT_TIMEOUT`]: crate::DISCOVERY_CONNECT_TIMEOUT
    /// [`DISCOVERY_PROBE_TIMEOUT`]: crate::DISCOVERY_PROBE_TIMEOUT
    pub async fn discover(self) -> Result<Self, crate::DiscoveryError> {
        if let Some(base_url) = std::env::var(BASE_URL_VARIABLE).ok().filter(|value| !value.is_empty()) {
            return Ok(self.base_url(base_url));
        }
        let candidates = match &self.discovery_candidates {
            Some(candidates) => candidates.clone(),
            None => DISCOVERY_CANDIDATES.iter().map(|candidate| (*candidate).to_owned()).collect(),
        };
        let base_url = crate::discovery::find_server(self.http.clone(), &candidates, {{ krate.discovery.method }}, {{ krate.discovery.path }}).await?;
        Ok(self.base_url(base_url))
    }

    /// Makes [`ClientBuilder::discover`] try these base URLs instead of [`DISCOVERY_CANDIDATES`].
    pub fn discovery_candidates(mut self, candidates: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.discovery_candidates = Some(candidates.into_iter().map(Into::into).collect());
        self
    }

{% endif %}
    /// Builds the client, checking that the base URL is a valid absolute URL.
    pub fn build(self) -> Result<Client, crate::Error> {
        let base_url = self.base_url.trim_end_matches('/').to_owned();
        if let Err(error) = reqwest::Url::parse(&base_url) {
            return Err(crate::Error::InvalidRequest(format!("the base URL `{base_url}` is not valid: {error}")));
        }
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .build()
                .map_err(|error| crate::Error::Transport(crate::TransportError::new(error, 0)))?,
        };
        let transport = Transport::Plain(http.clone());
        #[cfg(feature = "middleware")]
        let transport = self.middleware.map_or(transport, Transport::Middleware);
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                transport,
                base_url,
                timeout: self.timeout,
                retry: self.retry,
                user_agent: self.user_agent,
                credentials: self.credentials,
            }),
        })
    }
}

/// A client of the API. Cloning it is cheap: clones share one connection pool and configuration.
#[derive(Debug, Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    /// Builds requests, and sends them unless middleware does.
    http: reqwest::Client,
    transport: Transport,
    base_url: String,
    timeout: Option<Duration>,
    retry: RetryPolicy,
    user_agent: String,
    credentials: Credentials,
}

impl Client {
    /// Starts configuring a client; [`ClientBuilder::build`] finishes.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests go to, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }
{% for tag in krate.tags %}

    /// The operations of [`crate::apis::{{ tag.type_name }}`].
{% if tag.has_cfg %}    {{ tag.cfg }}
{% endif %}    pub fn {{ tag.accessor }}(&self) -> crate::apis::{{ tag.type_name }} {
        crate::apis::{{ tag.type_name }}::new(self.clone())
    }
{% endfor %}

    /// Adds the credentials of `scheme`, when configured, to a request.
{% if !krate.has_schemes %}
    #[allow(unused_variables)]
{% endif %}
    fn authenticate(&self, parts: &mut RequestParts, scheme: Scheme) {
        match scheme {
{% for scheme in krate.schemes %}
            Scheme::{{ scheme.variant }} => {
                if let Some(credential) = &self.inner.credentials.{{ scheme.field }} {
{% if scheme.is_header %}                    parts.push_header({{ scheme.parameter_name }}, &credential.0);
{% endif %}
{% if scheme.is_query %}                    parts.query({{ scheme.parameter_name }}, &credential.0);
{% endif %}
{% if scheme.is_cookie %}                    parts.cookie({{ scheme.parameter_name }}, &credential.0);
{% endif %}
{% if scheme.is_bearer %}                    parts.push_header("authorization", &format!("Bearer {}", credential.0));
{% endif %}
{% if scheme.is_basic %}                    parts.basic_auth(&credential.0, &credential.1 .0);
{% endif %}
                }
            }
{% endfor %}
        }
    }

    /// Where requests are sent.
    pub(crate) fn transport(&self) -> &Transport {
        &self.inner.transport
    }

    /// The request an operation built, with the base URL, credentials, user agent and timeout added, and the
    /// retry policy that applies to it.
    pub(crate) fn prepare(&self, mut parts: RequestParts, schemes: &[Scheme]) -> Result<(reqwest::Request, RetryPolicy), RequestFailure> {
        for scheme in schemes {
            self.authenticate(&mut parts, *scheme);
        }
        let url = format!("{}{}", self.inner.base_url, parts.path_and_query());
        let url = reqwest::Url::parse(&url)
            .map_err(|error| RequestFailure::Invalid(format!("the request URL `{url}` is not valid: {error}")))?;
        let mut request = self.inner.http.request(parts.method.clone(), url);
        request = request.header(reqwest::header::USER_AGENT, &self.inner.user_agent);
        if let Some(timeout) = parts.options.timeout.unwrap_or(self.inner.timeout) {
            request = request.timeout(timeout);
        }
        let retry = parts.options.retry.unwrap_or(self.inner.retry);
        let request = parts.apply(request)?.build().map_err(|error| RequestFailure::from_reqwest(error, 0))?;
        Ok((request, retry))
    }
{% if krate.has_websockets %}

    /// The URL (`ws://` or `wss://`, following the base URL), headers and timeout of a websocket upgrade, built
    /// as any request is, so that it carries the same credentials and headers.
    #[cfg(feature = "websocket")]
{% if krate.features_per_tag %}
    // Only tags with websocket operations call it, and their features may be off.
    #[cfg_attr(not(feature = "full"), allow(dead_code))]
{% endif %}
    pub(crate) fn websocket_request(
        &self,
        parts: RequestParts,
        schemes: &[Scheme],
    ) -> Result<(String, reqwest::header::HeaderMap, Option<Duration>), RequestFailure> {
        let timeout = parts.options.timeout.unwrap_or(self.inner.timeout);
        let (request, _) = self.prepare(parts, schemes)?;
        let mut url = request.url().clone();
        let scheme = if url.scheme() == "https" { "wss" } else { "ws" };
        url.set_scheme(scheme).map_err(|()| {
            RequestFailure::Invalid(format!("the base URL `{}` cannot carry a websocket", self.inner.base_url))
        })?;
        Ok((url.to_string(), request.headers().clone(), timeout))
    }
{% endif %}
}
