//! The one place that opens sockets: a blocking HTTPS client (ureq with rustls) that follows
//! redirects itself, so that every hop is checked against the [`FetchPolicy`] and counted.

use std::collections::HashSet;
use std::time::Instant;

use ureq::tls::{Certificate, RootCerts, TlsConfig};
use url::Url;

use super::FetchError;
use super::policy::{FetchPolicy, is_loopback};

/// A downloaded body and where it finally came from.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Fetched {
    /// The URL requested.
    pub requested: String,
    /// The URL that answered with the body (after redirects).
    pub final_url: String,
    /// The body, at most the policy's `max_body_bytes`.
    pub body: Vec<u8>,
}

/// An HTTP client bound to a [`FetchPolicy`].
#[derive(Debug, Clone)]
pub struct HttpClient {
    agent: ureq::Agent,
    policy: FetchPolicy,
}

/// What every request asks for: the JSON media types these documents are served as.
const ACCEPT: &str = "application/did+json, application/did+ld+json, application/ld+json, application/json;q=0.9, */*;q=0.1";

impl HttpClient {
    /// A client that fetches by `policy`.
    pub fn new(policy: FetchPolicy) -> Self {
        let roots = if policy.extra_roots.is_empty() {
            RootCerts::WebPki
        } else {
            // Mozilla's roots (the same set `RootCerts::WebPki` trusts) plus the caller's.
            let mozilla = webpki_root_certs::TLS_SERVER_ROOT_CERTS
                .iter()
                .map(|der| Certificate::from_der(der.as_ref()).to_owned());
            let extra = policy
                .extra_roots
                .iter()
                .map(|der| Certificate::from_der(der).to_owned());
            RootCerts::from(mozilla.chain(extra).collect::<Vec<_>>())
        };
        let config = ureq::Agent::config_builder()
            .tls_config(TlsConfig::builder().root_certs(roots).build())
            // Redirects are followed here, one checked hop at a time, and statuses are read.
            .max_redirects(0)
            .http_status_as_error(false)
            .user_agent(concat!(
                "openbadges/",
                env!("CARGO_PKG_VERSION"),
                " (fetch)"
            ))
            .accept(ACCEPT)
            .timeout_connect(Some(policy.limits.timeout))
            .build();
        Self {
            agent: config.into(),
            policy,
        }
    }

    /// The policy this client fetches by.
    pub fn policy(&self) -> &FetchPolicy {
        &self.policy
    }

    /// Downloads `url` by the policy: every URL (the first and each redirect target) checked,
    /// no redirect from `https:` to `http:`, at most `max_redirects` redirects, the whole
    /// exchange within `timeout`, a body of at most `max_body_bytes` (refused as soon as a
    /// `Content-Length` announces more, otherwise when the limit is crossed).
    pub fn get(&self, url: &str) -> Result<Fetched, FetchError> {
        let limits = &self.policy.limits;
        let mut current = Url::parse(url).map_err(|e| FetchError::Unsupported {
            id: url.to_owned(),
            reason: format!("not an absolute URL: {e}"),
        })?;
        let started = Instant::now();
        let mut seen = HashSet::new();
        let mut redirects = 0u32;
        loop {
            self.policy.check(&current)?;
            let looped = !seen.insert(current.to_string());
            let remaining = limits
                .timeout
                .checked_sub(started.elapsed())
                .filter(|left| !left.is_zero())
                .ok_or_else(|| FetchError::Timeout {
                    url: current.to_string(),
                    limit: limits.timeout,
                })?;
            let mut request = self
                .agent
                .get(current.as_str())
                .config()
                .timeout_global(Some(remaining));
            if is_loopback(&current) {
                // A proxy from the environment must not see (or break) loopback requests.
                request = request.proxy(None);
            }
            let mut response = request
                .build()
                .call()
                .map_err(|e| self.client_error(&current, e))?;
            let status = response.status().as_u16();
            if matches!(status, 301 | 302 | 303 | 307 | 308) {
                let next = location(&current, status, response.headers())?;
                if redirects >= limits.max_redirects {
                    return Err(FetchError::TooManyRedirects {
                        url: url.to_owned(),
                        limit: limits.max_redirects,
                        last: next.to_string(),
                        looped: looped || seen.contains(next.as_str()),
                    });
                }
                if current.scheme() == "https" && next.scheme() != "https" {
                    return Err(FetchError::Refused {
                        url: next.to_string(),
                        reason: format!("a redirect from {current} leaves https://"),
                    });
                }
                redirects += 1;
                current = next;
                continue;
            }
            if status != 200 {
                return Err(FetchError::Status {
                    url: current.to_string(),
                    status,
                });
            }
            let announced = response
                .headers()
                .get("content-length")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok());
            if announced.is_some_and(|length| length > limits.max_body_bytes) {
                return Err(FetchError::TooLarge {
                    url: current.to_string(),
                    limit: limits.max_body_bytes,
                });
            }
            let body = response
                .body_mut()
                .with_config()
                .limit(limits.max_body_bytes)
                .read_to_vec()
                .map_err(|e| self.client_error(&current, e))?;
            return Ok(Fetched {
                requested: url.to_owned(),
                final_url: current.to_string(),
                body,
            });
        }
    }

    /// The client's error as a [`FetchError`] naming the limit that was hit, if one was.
    fn client_error(&self, url: &Url, error: ureq::Error) -> FetchError {
        let limits = &self.policy.limits;
        let timeout = || FetchError::Timeout {
            url: url.to_string(),
            limit: limits.timeout,
        };
        match error {
            ureq::Error::Timeout(_) => timeout(),
            ureq::Error::Io(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
                ) =>
            {
                timeout()
            }
            ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge {
                url: url.to_string(),
                limit: limits.max_body_bytes,
            },
            other => FetchError::Transport {
                url: url.to_string(),
                reason: other.to_string(),
            },
        }
    }
}

/// The absolute target of a redirect.
fn location(
    current: &Url,
    status: u16,
    headers: &ureq::http::HeaderMap,
) -> Result<Url, FetchError> {
    let bad = |reason: String| FetchError::BadRedirect {
        url: current.to_string(),
        status,
        reason,
    };
    let value = headers
        .get("location")
        .ok_or_else(|| bad("no Location header".to_owned()))?;
    let text = value
        .to_str()
        .map_err(|_| bad("the Location header is not ASCII".to_owned()))?;
    current
        .join(text)
        .map_err(|e| bad(format!("`{text}` is not a URL reference: {e}")))
}
