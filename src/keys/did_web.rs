//! Where a `did:web` DID document lives, by the did:web method's rules (W3C CCG did:web method
//! specification, "Read (Resolve)"): the method-specific identifier's `:` become `/`, a
//! percent-encoded colon before the port is decoded, `https://` is put in front, `/.well-known`
//! is added when there is no path, then `/did.json`.
//!
//! Pure computation: the URL is only computed here; fetching it is the caller's business (or
//! the `fetch` feature's, see `openbadges::fetch`). Identifiers that would make the URL mean
//! something else than the DID says are refused with a [`DidWebError`]: empty segments, dot
//! segments (`.`, `..`, also percent-encoded), characters outside the DID syntax, escaped
//! slashes, IP addresses (the method names domains), bad ports.
//!
//! ```
//! use openbadges::keys::did_web_url;
//!
//! let url = did_web_url("did:web:example.com%3A8443:user:alice")?;
//! assert_eq!(url.as_str(), "https://example.com:8443/user/alice/did.json");
//! assert_eq!(
//!     did_web_url("did:web:w3c-ccg.github.io")?.as_str(),
//!     "https://w3c-ccg.github.io/.well-known/did.json"
//! );
//! assert!(did_web_url("did:web:example.com:..:admin").is_err());
//! # Ok::<(), openbadges::keys::DidWebError>(())
//! ```

use url::{Host, Url};

/// Why a `did:web` DID has no document URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DidWebError {
    /// The identifier does not start with `did:web:` or has nothing after it.
    #[error("{did}: not a did:web DID (expected `did:web:` followed by a domain name)")]
    NotDidWeb {
        /// The identifier given.
        did: String,
    },
    /// Two colons in a row, or a colon at the end: a path segment would be empty.
    #[error("{did}: segment {index} is empty (two colons in a row, or one at the end)")]
    EmptySegment {
        /// The DID.
        did: String,
        /// Position of the segment after `did:web:` (0 is the domain).
        index: usize,
    },
    /// A path segment that is `.` or `..` once decoded: the URL would climb out of the DID's path.
    #[error(
        "{did}: segment {index} (`{segment}`) is a dot segment, which did:web paths must not use"
    )]
    DotSegment {
        /// The DID.
        did: String,
        /// Position of the segment after `did:web:` (0 is the domain).
        index: usize,
        /// The segment as written.
        segment: String,
    },
    /// A character the DID syntax does not allow in the method-specific identifier (only
    /// letters, digits, `.`, `-`, `_` and `%` escapes), a malformed `%` escape, or an escaped
    /// character that would change the URL's structure (`/`, `\`, `?`, `#`, `%`, `:`).
    #[error(
        "{did}: segment {index} has `{found}`; did:web segments hold letters, digits, `.`, `-`, `_` and %-escapes of other characters"
    )]
    BadCharacter {
        /// The DID.
        did: String,
        /// Position of the segment after `did:web:` (0 is the domain).
        index: usize,
        /// The offending character or escape.
        found: String,
    },
    /// The domain part is an IP address (in any of the forms URL parsers accept, `127.1` and
    /// `0x7f.0.0.1` included), which the did:web method does not allow.
    #[error("{did}: `{host}` is an IP address; did:web names a domain")]
    IpAddress {
        /// The DID.
        did: String,
        /// The host as written.
        host: String,
    },
    /// The domain part is not a domain name.
    #[error("{did}: `{host}` is not a domain name: {reason}")]
    BadHost {
        /// The DID.
        did: String,
        /// The host as written.
        host: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The port after `%3A` is not a number from 1 to 65535.
    #[error("{did}: port `{port}` is not a number from 1 to 65535")]
    BadPort {
        /// The DID.
        did: String,
        /// The port as written.
        port: String,
    },
}

/// The HTTPS URL of the DID document of `did` (a `did:web` DID; a fragment, as in a
/// verification method id, is ignored).
pub fn did_web_url(did: &str) -> Result<Url, DidWebError> {
    let did_only = did.split_once('#').map_or(did, |(base, _)| base);
    let not_web = || DidWebError::NotDidWeb {
        did: did.to_owned(),
    };
    let specific = did_only.strip_prefix("did:web:").ok_or_else(not_web)?;
    if specific.is_empty() {
        return Err(not_web());
    }
    let mut segments = specific.split(':').enumerate();
    let Some((_, authority)) = segments.next() else {
        return Err(not_web());
    };
    if authority.is_empty() {
        return Err(DidWebError::EmptySegment {
            did: did.to_owned(),
            index: 0,
        });
    }
    let (host, port_text) = split_port(authority);
    check_host(did, host)?;
    let port = port_text.map(|text| parse_port(did, text)).transpose()?;
    let mut url_text = format!("https://{host}");
    if let Some(port) = port {
        url_text.push(':');
        url_text.push_str(&port.to_string());
    }
    let mut has_path = false;
    for (index, segment) in segments {
        check_segment(did, index, segment)?;
        url_text.push('/');
        url_text.push_str(segment);
        has_path = true;
    }
    if !has_path {
        url_text.push_str("/.well-known");
    }
    url_text.push_str("/did.json");
    let url = Url::parse(&url_text).map_err(|e| DidWebError::BadHost {
        did: did.to_owned(),
        host: host.to_owned(),
        reason: e.to_string(),
    })?;
    match url.host() {
        Some(Host::Domain(_)) => Ok(url),
        Some(Host::Ipv4(_) | Host::Ipv6(_)) => Err(DidWebError::IpAddress {
            did: did.to_owned(),
            host: host.to_owned(),
        }),
        None => Err(DidWebError::BadHost {
            did: did.to_owned(),
            host: host.to_owned(),
            reason: "no host".to_owned(),
        }),
    }
}

/// Splits `example.com%3A8443` into the host and the port text (the one percent-decoding the
/// method defines).
fn split_port(authority: &str) -> (&str, Option<&str>) {
    match authority.to_ascii_lowercase().find("%3a") {
        None => (authority, None),
        Some(at) => (
            authority.get(..at).unwrap_or_default(),
            Some(authority.get(at + 3..).unwrap_or_default()),
        ),
    }
}

/// A port from 1 to 65535, in digits only (`u16::from_str` would also take a leading `+`).
fn parse_port(did: &str, text: &str) -> Result<u16, DidWebError> {
    let bad_port = || DidWebError::BadPort {
        did: did.to_owned(),
        port: text.to_owned(),
    };
    if text.is_empty() || text.len() > 5 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad_port());
    }
    match text.parse::<u16>() {
        Ok(0) | Err(_) => Err(bad_port()),
        Ok(port) => Ok(port),
    }
}

/// A domain name in letters, digits, `-` and `.` (internationalized names in their `xn--`
/// form), with no empty label.
fn check_host(did: &str, host: &str) -> Result<(), DidWebError> {
    let bad = |reason: &str| DidWebError::BadHost {
        did: did.to_owned(),
        host: host.to_owned(),
        reason: reason.to_owned(),
    };
    if host.is_empty() {
        return Err(bad("it is empty"));
    }
    if let Some(c) = host
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '.'))
    {
        return Err(DidWebError::BadCharacter {
            did: did.to_owned(),
            index: 0,
            found: c.to_string(),
        });
    }
    if host.split('.').any(str::is_empty) {
        return Err(bad(
            "a label is empty (a dot at either end, or two in a row)",
        ));
    }
    if host.len() > 253 || host.split('.').any(|label| label.len() > 63) {
        return Err(bad("longer than DNS allows"));
    }
    Ok(())
}

/// One path segment: DID `idchar`s (letters, digits, `.`, `-`, `_`, `%` escapes), not a dot
/// segment once decoded, and no escape that would change the URL's structure.
fn check_segment(did: &str, index: usize, segment: &str) -> Result<(), DidWebError> {
    if segment.is_empty() {
        return Err(DidWebError::EmptySegment {
            did: did.to_owned(),
            index,
        });
    }
    let bad = |found: &str| DidWebError::BadCharacter {
        did: did.to_owned(),
        index,
        found: found.to_owned(),
    };
    let bytes = segment.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        if b == b'%' {
            let escape = segment.get(at..at + 3).ok_or_else(|| bad("%"))?;
            let value = escape
                .get(1..)
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
                .filter(|_| escape.bytes().skip(1).all(|h| h.is_ascii_hexdigit()))
                .ok_or_else(|| bad(escape))?;
            if matches!(value, b'/' | b'\\' | b'?' | b'#' | b'%' | b':') || value < 0x20 {
                return Err(bad(escape));
            }
            decoded.push(value);
            at += 3;
        } else if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_') {
            decoded.push(b);
            at += 1;
        } else {
            let found = segment
                .get(at..)
                .and_then(|rest| rest.chars().next())
                .map_or_else(|| format!("\\x{b:02x}"), |c| c.to_string());
            return Err(bad(&found));
        }
    }
    if decoded == b"." || decoded == b".." {
        return Err(DidWebError::DotSegment {
            did: did.to_owned(),
            index,
            segment: segment.to_owned(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(did: &str) -> String {
        did_web_url(did)
            .unwrap_or_else(|e| panic!("{did}: {e}"))
            .to_string()
    }

    #[test]
    fn the_method_specification_examples() {
        // The did:web method specification, §3.2 "Read (Resolve)" and §3.1 examples.
        assert_eq!(
            url("did:web:w3c-ccg.github.io"),
            "https://w3c-ccg.github.io/.well-known/did.json"
        );
        assert_eq!(
            url("did:web:w3c-ccg.github.io:user:alice"),
            "https://w3c-ccg.github.io/user/alice/did.json"
        );
        assert_eq!(
            url("did:web:example.com%3A3000:user:alice"),
            "https://example.com:3000/user/alice/did.json"
        );
        assert_eq!(
            url("did:web:example.com"),
            "https://example.com/.well-known/did.json"
        );
        assert_eq!(
            url("did:web:example.com%3A8443:user:alice"),
            "https://example.com:8443/user/alice/did.json"
        );
    }

    #[test]
    fn ports_paths_fragments_and_case() {
        assert_eq!(
            url("did:web:localhost%3a8443"),
            "https://localhost:8443/.well-known/did.json"
        );
        assert_eq!(
            url("did:web:School.Example:issuers:math-dept_2#key-1"),
            "https://school.example/issuers/math-dept_2/did.json"
        );
        // The default port disappears from the URL, as URL serialization requires.
        assert_eq!(
            url("did:web:example.com%3A443"),
            "https://example.com/.well-known/did.json"
        );
        // An escape other than the port colon stays an escape.
        assert_eq!(
            url("did:web:example.com:caf%C3%A9"),
            "https://example.com/caf%C3%A9/did.json"
        );
        assert_eq!(
            url("did:web:xn--bcher-kva.example"),
            "https://xn--bcher-kva.example/.well-known/did.json"
        );
    }

    #[test]
    fn malformed_identifiers_are_refused() {
        type Expected = fn(&DidWebError) -> bool;
        let cases: &[(&str, Expected)] = &[
            ("did:key:z6Mk", |e| {
                matches!(e, DidWebError::NotDidWeb { .. })
            }),
            ("did:web:", |e| matches!(e, DidWebError::NotDidWeb { .. })),
            ("did:WEB:example.com", |e| {
                matches!(e, DidWebError::NotDidWeb { .. })
            }),
            ("did:web::user", |e| {
                matches!(e, DidWebError::EmptySegment { index: 0, .. })
            }),
            ("did:web:example.com::alice", |e| {
                matches!(e, DidWebError::EmptySegment { index: 1, .. })
            }),
            ("did:web:example.com:alice:", |e| {
                matches!(e, DidWebError::EmptySegment { index: 2, .. })
            }),
            ("did:web:example.com:..:admin", |e| {
                matches!(e, DidWebError::DotSegment { index: 1, .. })
            }),
            ("did:web:example.com:.", |e| {
                matches!(e, DidWebError::DotSegment { .. })
            }),
            ("did:web:example.com:%2e%2E", |e| {
                matches!(e, DidWebError::DotSegment { .. })
            }),
            (
                "did:web:example.com:a%2Fb",
                |e| matches!(e, DidWebError::BadCharacter { found, .. } if found == "%2F"),
            ),
            ("did:web:example.com:a%3Ab", |e| {
                matches!(e, DidWebError::BadCharacter { .. })
            }),
            ("did:web:example.com:a%zz", |e| {
                matches!(e, DidWebError::BadCharacter { .. })
            }),
            ("did:web:example.com:a%4", |e| {
                matches!(e, DidWebError::BadCharacter { .. })
            }),
            (
                "did:web:example.com:a/b",
                |e| matches!(e, DidWebError::BadCharacter { found, .. } if found == "/"),
            ),
            ("did:web:example.com:a?b", |e| {
                matches!(e, DidWebError::BadCharacter { .. })
            }),
            ("did:web:exa mple.com", |e| {
                matches!(e, DidWebError::BadCharacter { index: 0, .. })
            }),
            ("did:web:user@example.com", |e| {
                matches!(e, DidWebError::BadCharacter { index: 0, .. })
            }),
            ("did:web:example.com%3A", |e| {
                matches!(e, DidWebError::BadPort { .. })
            }),
            ("did:web:example.com%3A0", |e| {
                matches!(e, DidWebError::BadPort { .. })
            }),
            ("did:web:example.com%3A65536", |e| {
                matches!(e, DidWebError::BadPort { .. })
            }),
            ("did:web:example.com%3A+80", |e| {
                matches!(e, DidWebError::BadPort { .. })
            }),
            ("did:web:example.com%3A80%3A81", |e| {
                matches!(e, DidWebError::BadPort { .. })
            }),
            ("did:web:example..com", |e| {
                matches!(e, DidWebError::BadHost { .. })
            }),
            ("did:web:.example.com", |e| {
                matches!(e, DidWebError::BadHost { .. })
            }),
            ("did:web:127.0.0.1", |e| {
                matches!(e, DidWebError::IpAddress { .. })
            }),
            ("did:web:127.0.0.1%3A8443", |e| {
                matches!(e, DidWebError::IpAddress { .. })
            }),
            ("did:web:127.1", |e| {
                matches!(e, DidWebError::IpAddress { .. })
            }),
            ("did:web:0x7f.0.0.1", |e| {
                matches!(e, DidWebError::IpAddress { .. })
            }),
            ("did:web:2130706433", |e| {
                matches!(e, DidWebError::IpAddress { .. })
            }),
            ("did:web:%5B%3A%3A1%5D", |e| {
                matches!(e, DidWebError::BadCharacter { index: 0, .. })
            }),
        ];
        for (did, expected) in cases {
            match did_web_url(did) {
                Ok(url) => panic!("{did} mapped to {url}"),
                Err(e) => {
                    assert!(expected(&e), "{did}: unexpected {e:?}");
                    assert!(e.to_string().contains(did.trim_end_matches('#')), "{e}");
                }
            }
        }
    }
}
