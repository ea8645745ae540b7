//! What may be fetched and how much: HTTPS only, never this machine or a private network unless
//! the caller allows the loopback interface (where test servers live; plain `http://` only
//! there), with limits on body size, redirects and time.
//!
//! The URLs come from the badges, that is from strangers: without these rules a badge could make
//! `fetch` send requests to services on the verifier's own machine or network (server-side
//! request forgery). Host names are checked as written; one that resolves to a private address
//! is not caught here (a network-level egress rule is the place for that).

use std::net::IpAddr;
use std::time::Duration;

use url::{Host, Url};

use super::FetchError;

/// Size, redirect and time limits of one download.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FetchLimits {
    /// Largest accepted body, in bytes (default [`FetchLimits::DEFAULT_MAX_BODY_BYTES`]).
    pub max_body_bytes: u64,
    /// Most redirects followed for one URL (default [`FetchLimits::DEFAULT_MAX_REDIRECTS`]).
    pub max_redirects: u32,
    /// Time allowed for one URL from the first connection to the last body byte, redirects
    /// included (default [`FetchLimits::DEFAULT_TIMEOUT`]).
    pub timeout: Duration,
}

impl FetchLimits {
    /// 4 MiB: contexts and DID documents are kilobytes; a status list credential of 131,072
    /// entries is about 20 KB.
    pub const DEFAULT_MAX_BODY_BYTES: u64 = 4 * 1024 * 1024;
    /// 5 redirects: enough for a move to a new host and a trailing-slash fix, few enough that a
    /// loop ends quickly.
    pub const DEFAULT_MAX_REDIRECTS: u32 = 5;
    /// 10 seconds per URL, connecting included.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

    /// These limits with another largest body.
    #[must_use]
    pub fn with_max_body_bytes(mut self, bytes: u64) -> Self {
        self.max_body_bytes = bytes;
        self
    }

    /// These limits with another number of redirects followed.
    #[must_use]
    pub fn with_max_redirects(mut self, redirects: u32) -> Self {
        self.max_redirects = redirects;
        self
    }

    /// These limits with another time allowed per URL.
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
}

impl Default for FetchLimits {
    fn default() -> Self {
        Self {
            max_body_bytes: Self::DEFAULT_MAX_BODY_BYTES,
            max_redirects: Self::DEFAULT_MAX_REDIRECTS,
            timeout: Self::DEFAULT_TIMEOUT,
        }
    }
}

/// How downloads are made: the limits, and the TLS roots trusted besides Mozilla's.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct FetchPolicy {
    /// Size, redirect and time limits.
    pub limits: FetchLimits,
    /// Root certificates (DER) trusted in addition to the Mozilla roots: an organization's own
    /// certificate authority, or a test server's.
    pub extra_roots: Vec<Vec<u8>>,
    /// Whether loopback hosts (`localhost`, 127.0.0.0/8, `::1`) may be requested, over `https:`
    /// or plain `http:`. Off by default: it lets any badge make requests to services on this
    /// machine. For tests against a local server.
    pub allow_loopback: bool,
}

/// A root certificate that is not a DER certificate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("root certificate #{index} is not a DER-encoded X.509 certificate: {reason}")]
pub struct RootCertificateError {
    /// Position of the certificate among the extra roots (0-based).
    pub index: usize,
    /// What is wrong with it.
    pub reason: String,
}

impl FetchPolicy {
    /// The default limits and the Mozilla roots only.
    pub fn new() -> Self {
        Self::default()
    }

    /// This policy with other limits.
    #[must_use]
    pub fn with_limits(mut self, limits: FetchLimits) -> Self {
        self.limits = limits;
        self
    }

    /// This policy also allowing requests to loopback hosts (see [`FetchPolicy::allow_loopback`]:
    /// any badge can then reach services on this machine).
    #[must_use]
    pub fn allowing_loopback(mut self) -> Self {
        self.allow_loopback = true;
        self
    }

    /// This policy also trusting the root certificate `der`. Only its outer shape (one DER
    /// SEQUENCE, nothing after it) is checked here; TLS reads the rest when it connects.
    pub fn with_extra_root(mut self, der: Vec<u8>) -> Result<Self, RootCertificateError> {
        let bad = |reason: &str| RootCertificateError {
            index: self.extra_roots.len(),
            reason: reason.to_owned(),
        };
        match der_sequence_len(&der) {
            Some(len) if len == der.len() => {}
            Some(_) => return Err(bad("bytes follow the certificate (or it is truncated)")),
            None => {
                return Err(bad(
                    "it does not start with a DER SEQUENCE (a PEM file must be decoded first)",
                ));
            }
        }
        self.extra_roots.push(der);
        Ok(self)
    }

    /// Whether `url` may be requested: `https:` to public hosts; loopback hosts (over `https:` or
    /// plain `http:`) only when [`FetchPolicy::allow_loopback`] is set; never an IP address of a
    /// private, link-local, shared or unspecified range; no user name or password in the URL.
    pub fn check(&self, url: &Url) -> Result<(), FetchError> {
        let refuse = |reason: &str| FetchError::Refused {
            url: url.to_string(),
            reason: reason.to_owned(),
        };
        if !url.username().is_empty() || url.password().is_some() {
            return Err(refuse("URLs with a user name or password are not fetched"));
        }
        let loopback = is_loopback(url);
        if loopback && !self.allow_loopback {
            return Err(refuse(
                "this machine (a loopback host) is not fetched from: a badge must not reach local services (allow_loopback / --allow-loopback, for tests)",
            ));
        }
        if !loopback && is_non_public_address(url) {
            return Err(refuse(
                "a private, link-local or unspecified network address is not fetched from: a badge must not reach the verifier's network",
            ));
        }
        match url.scheme() {
            "https" => Ok(()),
            "http" if loopback => Ok(()),
            "http" => Err(refuse(
                "plain http:// is fetched only from loopback addresses when allowed (localhost, 127.0.0.0/8, ::1); use https://",
            )),
            other => Err(refuse(&format!(
                "`{other}:` URLs are not fetched; only https:// (and http:// to loopback addresses when allowed)"
            ))),
        }
    }
}

/// Whether `url`'s host is an IP address outside the public internet (other than loopback):
/// private (RFC 1918, unique local), link-local (cloud metadata services live there), shared
/// address space, unspecified, broadcast, documentation or an IPv4-mapped form of one.
fn is_non_public_address(url: &Url) -> bool {
    fn v4(ip: std::net::Ipv4Addr) -> bool {
        let [a, b, ..] = ip.octets();
        ip.is_private()
            || ip.is_link_local()
            || ip.is_unspecified()
            || ip.is_broadcast()
            || ip.is_documentation()
            || ip.is_loopback()
            // 100.64.0.0/10 (shared address space, RFC 6598) and 0.0.0.0/8.
            || (a == 100 && (64..128).contains(&b))
            || a == 0
    }
    match url.host() {
        Some(Host::Ipv4(ip)) => v4(ip),
        Some(Host::Ipv6(ip)) => {
            let first = ip.segments()[0];
            ip.is_unspecified()
                || ip.is_loopback()
                // fc00::/7 unique local, fe80::/10 link-local.
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || ip.to_ipv4_mapped().is_some_and(v4)
        }
        _ => false,
    }
}

/// Whether `url` names the loopback interface: `localhost`, 127.0.0.0/8 or `::1`.
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// The total length (header and content) of the DER SEQUENCE `bytes` starts with.
fn der_sequence_len(bytes: &[u8]) -> Option<usize> {
    let (&tag, rest) = bytes.split_first()?;
    if tag != 0x30 {
        return None;
    }
    let (&first, rest) = rest.split_first()?;
    let (content, header) = if first < 0x80 {
        (usize::from(first), 2)
    } else {
        let count = usize::from(first & 0x7f);
        if count == 0 || count > 4 {
            return None;
        }
        let digits = rest.get(..count)?;
        let content = digits
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        (content, 2 + count)
    };
    content.checked_add(header)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(url: &str) -> Result<(), FetchError> {
        FetchPolicy::new().check(&Url::parse(url).unwrap())
    }

    fn check_allowing_loopback(url: &str) -> Result<(), FetchError> {
        FetchPolicy::new()
            .allowing_loopback()
            .check(&Url::parse(url).unwrap())
    }

    fn assert_refused(result: Result<(), FetchError>, refused: &str) {
        match result {
            Err(FetchError::Refused { url, reason }) => {
                assert!(!reason.is_empty());
                assert!(url.starts_with(&refused[..4]), "{url}");
            }
            other => panic!("{refused}: {other:?}"),
        }
    }

    #[test]
    fn https_to_public_hosts_loopback_only_when_allowed() {
        for ok in ["https://example.com/did.json", "https://93.184.216.34/x"] {
            assert!(check(ok).is_ok(), "{ok}");
            assert!(check_allowing_loopback(ok).is_ok(), "{ok}");
        }
        let loopback = [
            "https://127.0.0.1/x",
            "http://localhost:8080/x",
            "http://LOCALHOST/x",
            "http://127.0.0.1:1234/x",
            "http://127.9.8.7/x",
            "http://[::1]:99/x",
            "https://localhost/x",
        ];
        for url in loopback {
            assert_refused(check(url), url);
            assert!(check_allowing_loopback(url).is_ok(), "{url}");
        }
        for refused in [
            "http://example.com/context.json",
            "http://localhost.example.com/x",
            "http://10.0.0.1/x",
            "https://10.0.0.1/x",
            "https://192.168.1.1/x",
            "https://172.16.0.1/x",
            "https://169.254.169.254/latest/meta-data",
            "https://100.64.0.1/x",
            "https://0.0.0.0/x",
            "https://[fd00::1]/x",
            "https://[fe80::1]/x",
            "https://[::ffff:10.0.0.1]/x",
            "https://[::]/x",
            "http://[::2]/x",
            "http://0.0.0.0/x",
            "ftp://localhost/x",
            "file:///etc/passwd",
            "data:application/json,{}",
            "https://user:secret@example.com/x",
        ] {
            assert_refused(check(refused), refused);
            assert_refused(check_allowing_loopback(refused), refused);
        }
    }

    #[test]
    fn limits_default_and_change() {
        let limits = FetchLimits::default();
        assert_eq!(limits.max_body_bytes, 4 * 1024 * 1024);
        assert_eq!(limits.max_redirects, 5);
        assert_eq!(limits.timeout, Duration::from_secs(10));
        let limits = limits
            .with_max_body_bytes(10)
            .with_max_redirects(0)
            .with_timeout(Duration::from_millis(5));
        assert_eq!(
            (limits.max_body_bytes, limits.max_redirects, limits.timeout),
            (10, 0, Duration::from_millis(5))
        );
    }

    #[test]
    fn root_certificates_are_shape_checked() {
        assert!(FetchPolicy::new().with_extra_root(vec![0x30, 0x00]).is_ok());
        assert!(
            FetchPolicy::new()
                .with_extra_root(vec![0x30, 0x82, 0x00, 0x01, 0xff])
                .is_ok()
        );
        let pem = b"-----BEGIN CERTIFICATE-----".to_vec();
        let e = FetchPolicy::new().with_extra_root(pem).unwrap_err();
        assert!(e.reason.contains("PEM"), "{e}");
        assert!(
            FetchPolicy::new()
                .with_extra_root(vec![0x30, 0x05, 0x00])
                .is_err()
        );
        assert!(FetchPolicy::new().with_extra_root(Vec::new()).is_err());
    }
}
