//! Downloading what verification needs, once, on request (feature `fetch`, off by default): the
//! only part of the crate that opens a socket.
//!
//! [`crate::verify::Verifier::needs`] lists the contexts, DID and controller documents and status
//! lists a badge refers to and the verifier lacks; [`Fetcher::fetch_into`] downloads them into a
//! document folder that [`crate::documents::DocumentStore::load_dir`] (and `openbadges verify
//! --documents DIR`) reads, recording in its `index.json` where each came from, when, and its
//! SHA-256. Verification itself then runs offline, as always.
//!
//! Only `https:` is fetched (rustls, the Mozilla root set); plain `http:` only from loopback
//! addresses, for tests. Every hop of a redirect is checked the same way. Bodies over
//! [`FetchLimits::max_bytes`], more than [`FetchLimits::max_redirects`] redirects and requests
//! over [`FetchLimits::timeout`] fail with their own [`FetchError`].

use std::io::Write as _;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Value, json};
use url::Url;

use crate::documents::sha256_hex;
use crate::json::{self, JsonLimits};

/// Limits on one download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct FetchLimits {
    /// Largest accepted body, in bytes (default 2 MiB: a status list of 131,072 entries is
    /// about 22 KB, DID documents and contexts a few KB).
    pub max_bytes: u64,
    /// Redirects followed before giving up (default 5).
    pub max_redirects: u32,
    /// Time allowed for one request, redirects included (default 10 s).
    pub timeout: Duration,
}

impl Default for FetchLimits {
    fn default() -> Self {
        FetchLimits {
            max_bytes: 2 * 1024 * 1024,
            max_redirects: 5,
            timeout: Duration::from_secs(10),
        }
    }
}

impl FetchLimits {
    /// Sets the largest accepted body.
    pub fn max_bytes(mut self, bytes: u64) -> Self {
        self.max_bytes = bytes;
        self
    }

    /// Sets the redirects followed.
    pub fn max_redirects(mut self, redirects: u32) -> Self {
        self.max_redirects = redirects;
        self
    }

    /// Sets the time allowed for one request.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
}

/// Why a document could not be fetched or saved.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    /// Not a URL, or a `did:web` DID that does not map to one.
    #[error("`{id}` cannot be fetched: {reason}")]
    BadUrl {
        /// The identifier or URL.
        id: String,
        /// Why.
        reason: String,
    },
    /// Not `https:` (plain `http:` is accepted only from loopback addresses).
    #[error("`{url}` is not an https: URL (plain http: is fetched only from loopback addresses)")]
    NotHttps {
        /// The URL (possibly a redirect target).
        url: String,
    },
    /// The body is larger than the limit.
    #[error("`{url}`: the response is over the {limit}-byte limit")]
    TooLarge {
        /// The URL.
        url: String,
        /// The limit.
        limit: u64,
    },
    /// More redirects than the limit.
    #[error("`{url}`: more than {limit} redirects")]
    TooManyRedirects {
        /// The URL first requested.
        url: String,
        /// The limit.
        limit: u32,
    },
    /// The request took longer than the limit.
    #[error("`{url}`: no complete response within {seconds:.1} s")]
    Timeout {
        /// The URL.
        url: String,
        /// The limit, in seconds.
        seconds: f64,
    },
    /// The server answered with an error status (or a redirect without `Location`).
    #[error("`{url}`: HTTP status {status}")]
    Status {
        /// The URL.
        url: String,
        /// The status code.
        status: u16,
    },
    /// Connection, TLS or protocol failure.
    #[error("`{url}`: {message}")]
    Transport {
        /// The URL.
        url: String,
        /// What failed.
        message: String,
    },
    /// The body is not strict JSON.
    #[error("`{url}`: not a JSON document: {source}")]
    NotJson {
        /// The URL.
        url: String,
        /// The parse error (with its byte offset).
        source: crate::json::JsonError,
    },
    /// The document folder could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

/// One downloaded document.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Fetched {
    /// The identifier asked for (a context URL, a DID, a status list URL).
    pub id: String,
    /// The URL the bytes came from, after redirects.
    pub source: String,
    /// The body.
    pub bytes: Vec<u8>,
    /// Lowercase hex SHA-256 of the body.
    pub sha256: String,
}

/// An HTTPS client with limits (see the module docs).
#[derive(Debug)]
pub struct Fetcher {
    limits: FetchLimits,
    agent: ureq::Agent,
}

impl Fetcher {
    /// A client with these limits.
    pub fn new(limits: FetchLimits) -> Self {
        let agent = ureq::Agent::config_builder()
            // Redirects are followed here, hop by hop, so each target's scheme is checked.
            .max_redirects(0)
            .http_status_as_error(false)
            .timeout_global(Some(limits.timeout))
            .user_agent(concat!("openbadges/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Fetcher { limits, agent }
    }

    /// Downloads the document `id` names: a `did:web` DID (by the did:web rules, fragment
    /// dropped), or an `https:` URL (fragment dropped).
    pub fn fetch(&self, id: &str) -> Result<Fetched, FetchError> {
        let url = document_url(id)?;
        let mut current = url.clone();
        for _ in 0..=self.limits.max_redirects {
            check_scheme(&current)?;
            let mut response = self
                .agent
                .get(current.as_str())
                .header("Accept", "application/did+json, application/ld+json, application/json")
                .call()
                .map_err(|e| self.transport(current.as_str(), e))?;
            let status = response.status().as_u16();
            if (300..400).contains(&status) {
                let location = response
                    .headers()
                    .get("location")
                    .and_then(|v| v.to_str().ok())
                    .ok_or_else(|| FetchError::Status {
                        url: current.to_string(),
                        status,
                    })?;
                current = current.join(location).map_err(|e| FetchError::BadUrl {
                    id: location.to_owned(),
                    reason: e.to_string(),
                })?;
                continue;
            }
            if !(200..300).contains(&status) {
                return Err(FetchError::Status {
                    url: current.to_string(),
                    status,
                });
            }
            let bytes = response
                .body_mut()
                .with_config()
                .limit(self.limits.max_bytes)
                .read_to_vec()
                .map_err(|e| self.transport(current.as_str(), e))?;
            let sha256 = sha256_hex(&bytes);
            return Ok(Fetched {
                id: id.to_owned(),
                source: current.to_string(),
                bytes,
                sha256,
            });
        }
        Err(FetchError::TooManyRedirects {
            url: url.to_string(),
            limit: self.limits.max_redirects,
        })
    }

    fn transport(&self, url: &str, error: ureq::Error) -> FetchError {
        match error {
            ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge {
                url: url.to_owned(),
                limit: self.limits.max_bytes,
            },
            ureq::Error::Timeout(_) => FetchError::Timeout {
                url: url.to_owned(),
                seconds: self.limits.timeout.as_secs_f64(),
            },
            ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => FetchError::Timeout {
                url: url.to_owned(),
                seconds: self.limits.timeout.as_secs_f64(),
            },
            other => FetchError::Transport {
                url: url.to_owned(),
                message: other.to_string(),
            },
        }
    }

    /// Downloads every id of `ids` into the document folder `dir` (created if missing): each
    /// body, once checked to be strict JSON, as its own file, listed in `dir/index.json` as
    /// `{"url": id, "file", "sha256", "source", "fetched_at"}` (entries for other ids kept, an
    /// entry for the same id replaced). Stops at the first failure; what was saved before stays
    /// saved and listed. Returns what was saved.
    pub fn fetch_into(
        &self,
        ids: &[String],
        dir: &Path,
        now: DateTime<Utc>,
    ) -> Result<Vec<Fetched>, FetchError> {
        let io = |path: &Path| {
            let path = path.to_owned();
            move |source| FetchError::Io { path, source }
        };
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let index_path = dir.join("index.json");
        let mut entries = read_index(&index_path)?;
        let mut saved = Vec::new();
        for id in ids {
            let fetched = self.fetch(id)?;
            json::parse(&fetched.bytes, &JsonLimits::default()).map_err(|source| {
                FetchError::NotJson {
                    url: fetched.source.clone(),
                    source,
                }
            })?;
            let file = format!("fetched-{}.json", &fetched.sha256[..16]);
            write_atomically(&dir.join(&file), &fetched.bytes)?;
            entries.retain(|e| e.get("url").and_then(Value::as_str) != Some(id.as_str()));
            entries.push(json!({
                "url": id,
                "file": file,
                "sha256": fetched.sha256,
                "source": fetched.source,
                "fetched_at": now.to_rfc3339_opts(SecondsFormat::Secs, true),
            }));
            let index = json!({ "documents": entries });
            let text = serde_json::to_string_pretty(&index).unwrap_or_default() + "\n";
            write_atomically(&index_path, text.as_bytes())?;
            saved.push(fetched);
        }
        Ok(saved)
    }
}

/// The existing index entries (none when there is no index yet).
fn read_index(path: &Path) -> Result<Vec<Value>, FetchError> {
    if !path.exists() {
        return Ok(Vec::new());
    }
    let bytes = std::fs::read(path).map_err(|source| FetchError::Io {
        path: path.to_owned(),
        source,
    })?;
    let index = json::parse(&bytes, &JsonLimits::default()).map_err(|source| FetchError::NotJson {
        url: path.display().to_string(),
        source,
    })?;
    Ok(index
        .get("documents")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default())
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), FetchError> {
    let io = |source| FetchError::Io {
        path: path.to_owned(),
        source,
    };
    let temp = path.with_extension(format!("tmp{}", std::process::id()));
    let written = std::fs::File::create(&temp)
        .and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_all()
        })
        .and_then(|()| std::fs::rename(&temp, path));
    if let Err(e) = written {
        // Best effort: the temporary file is ours and useless now.
        let _ = std::fs::remove_file(&temp);
        return Err(io(e));
    }
    Ok(())
}

/// `https:` anywhere; `http:` only to loopback addresses (tests).
fn check_scheme(url: &Url) -> Result<(), FetchError> {
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    };
    match url.scheme() {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        _ => Err(FetchError::NotHttps {
            url: url.to_string(),
        }),
    }
}

/// Where the document `id` is published: `did:web` DIDs by the did:web rules, URLs as they are;
/// fragments dropped.
pub fn document_url(id: &str) -> Result<Url, FetchError> {
    let without_fragment = id.split('#').next().unwrap_or_default();
    if without_fragment.starts_with("did:web:") {
        return did_web_url(without_fragment);
    }
    let bad = |reason: String| FetchError::BadUrl {
        id: id.to_owned(),
        reason,
    };
    let url = Url::parse(without_fragment).map_err(|e| bad(e.to_string()))?;
    check_scheme(&url)?;
    Ok(url)
}

/// The `did.json` URL of a `did:web` DID (W3C CCG did:web method): the method-specific id's
/// first segment is the host (a port percent-encoded as `%3A`), further `:`-separated segments
/// are path segments; with none, the document is at `/.well-known/did.json`.
///
/// ```
/// use openbadges::fetch::did_web_url;
///
/// assert_eq!(did_web_url("did:web:w3c-ccg.github.io")?.as_str(),
///            "https://w3c-ccg.github.io/.well-known/did.json");
/// assert_eq!(did_web_url("did:web:example.com%3A3000:user:alice")?.as_str(),
///            "https://example.com:3000/user/alice/did.json");
/// # Ok::<(), openbadges::fetch::FetchError>(())
/// ```
pub fn did_web_url(did: &str) -> Result<Url, FetchError> {
    let bad = |reason: &str| FetchError::BadUrl {
        id: did.to_owned(),
        reason: reason.to_owned(),
    };
    let rest = did
        .strip_prefix("did:web:")
        .ok_or_else(|| bad("not a did:web DID"))?;
    let rest = rest.split(['#', '?']).next().unwrap_or_default();
    let mut segments = rest.split(':');
    let host = segments.next().unwrap_or_default();
    if host.is_empty() {
        return Err(bad("no host"));
    }
    let host = percent_decode(host).ok_or_else(|| bad("bad percent-encoding in the host"))?;
    if host.contains(['/', '@', '?', '#']) {
        return Err(bad("the host holds a character a host cannot"));
    }
    let mut path = String::new();
    let mut any = false;
    for segment in segments {
        let segment =
            percent_decode(segment).ok_or_else(|| bad("bad percent-encoding in a path segment"))?;
        if segment.is_empty() || segment == "." || segment == ".." || segment.contains('/') {
            return Err(bad("an empty, dot or slash-holding path segment"));
        }
        path.push('/');
        path.push_str(&segment);
        any = true;
    }
    let path = if any {
        format!("{path}/did.json")
    } else {
        "/.well-known/did.json".to_owned()
    };
    let url = Url::parse(&format!("https://{host}{path}")).map_err(|e| FetchError::BadUrl {
        id: did.to_owned(),
        reason: e.to_string(),
    })?;
    Ok(url)
}

/// `%XX` decoding (UTF-8), `None` for a broken escape.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        if byte == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let value = u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
            out.push(value);
            i += 3;
        } else {
            out.push(byte);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_web_maps_ports_and_paths_and_refuses_tricks() {
        for (did, url) in [
            ("did:web:example.com", "https://example.com/.well-known/did.json"),
            (
                "did:web:example.com%3A8443:issuers:district%20one",
                "https://example.com:8443/issuers/district%20one/did.json",
            ),
            ("did:web:example.com#key-1", "https://example.com/.well-known/did.json"),
        ] {
            assert_eq!(did_web_url(did).unwrap().as_str(), url, "{did}");
        }
        for bad in [
            "did:web:",
            "did:web:example.com::a",
            "did:web:example.com:..",
            "did:web:evil.example%2Fpath",
            "did:web:example.com:%ZZ",
            "did:key:z6Mk",
        ] {
            assert!(did_web_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_https_or_loopback_http() {
        assert!(document_url("https://school.example/ctx.json").is_ok());
        assert!(document_url("http://127.0.0.1:8080/ctx.json").is_ok());
        assert!(document_url("http://[::1]/ctx.json").is_ok());
        assert!(document_url("http://localhost/x").is_ok());
        assert!(matches!(
            document_url("http://school.example/ctx.json"),
            Err(FetchError::NotHttps { .. })
        ));
        assert!(matches!(
            document_url("ftp://school.example/ctx.json"),
            Err(FetchError::NotHttps { .. })
        ));
    }
}
