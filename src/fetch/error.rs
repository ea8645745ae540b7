//! Why a document was not fetched, per URL; why the document folder cannot be used.

use std::path::PathBuf;
use std::time::Duration;

use crate::documents::DocumentError;
use crate::keys::DidWebError;

/// Why one needed document was not fetched. Each names the URL (or DID), and a limit that was
/// hit names the limit and how to raise it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    /// The policy forbids requesting this URL (not `https:`, plain `http:` to a host that is not
    /// loopback, a redirect from `https:` to `http:`, credentials in the URL).
    #[error("{url}: refused: {reason}")]
    Refused {
        /// The URL refused (for a redirect, its target).
        url: String,
        /// Which rule refused it.
        reason: String,
    },
    /// A needed identifier that is not a URL this feature can fetch.
    #[error("{id}: cannot be fetched: {reason}")]
    Unsupported {
        /// The identifier (a DID of another method than `did:web`, a relative reference, …).
        id: String,
        /// Why.
        reason: String,
    },
    /// A `did:web` DID with no valid document URL.
    #[error("{source}")]
    DidWeb {
        /// The DID.
        did: String,
        /// What is wrong with it.
        source: DidWebError,
    },
    /// The body is larger than the limit.
    #[error(
        "{url}: the body is larger than the limit of {limit} bytes (raise it with `--max-bytes` or FetchLimits::with_max_body_bytes)"
    )]
    TooLarge {
        /// The URL (after redirects).
        url: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// More redirects than the limit (a redirect loop, usually).
    #[error(
        "{url}: more than {limit} redirects{}, the last to {last} (raise the limit with `--max-redirects` or FetchLimits::with_max_redirects)",
        if *looped { " in a loop" } else { "" }
    )]
    TooManyRedirects {
        /// The URL first requested.
        url: String,
        /// The limit.
        limit: u32,
        /// Where the last redirect pointed.
        last: String,
        /// Whether a URL came back (a redirect loop).
        looped: bool,
    },
    /// The server did not answer in time.
    #[error(
        "{url}: no complete answer within {} s (raise the limit with `--timeout-seconds` or FetchLimits::with_timeout)",
        limit.as_secs_f64()
    )]
    Timeout {
        /// The URL being requested when time ran out.
        url: String,
        /// The time allowed.
        limit: Duration,
    },
    /// The server answered with a status other than 200 or a redirect.
    #[error("{url}: HTTP status {status}")]
    Status {
        /// The URL (after redirects).
        url: String,
        /// The status code.
        status: u16,
    },
    /// A redirect without a usable `Location`.
    #[error("{url}: redirect ({status}) without a usable Location: {reason}")]
    BadRedirect {
        /// The URL that answered with the redirect.
        url: String,
        /// The redirect status.
        status: u16,
        /// What is wrong with the `Location`.
        reason: String,
    },
    /// Connecting, TLS or HTTP failed (host not found, connection refused, certificate not
    /// trusted, malformed response).
    #[error("{url}: {reason}")]
    Transport {
        /// The URL being requested.
        url: String,
        /// The HTTP client's explanation.
        reason: String,
    },
    /// The body is not a JSON object (strict JSON: no duplicate keys), or is a document the
    /// folder must not hold (an issuer's private status-list file).
    #[error("{url}: not a usable JSON document: {reason}")]
    NotJson {
        /// The URL (after redirects).
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A DID or controller document whose `id` is not the identifier it was fetched for (the
    /// did:web method requires them to be equal).
    #[error("{url}: the document's `id` is {found}, not `{expected}`")]
    WrongId {
        /// The URL it was fetched from (after redirects).
        url: String,
        /// The DID or URL it was fetched for.
        expected: String,
        /// The `id` found (`none` when absent).
        found: String,
    },
}

impl FetchError {
    /// The URL or identifier the error is about.
    pub fn url(&self) -> &str {
        match self {
            FetchError::Refused { url, .. }
            | FetchError::TooLarge { url, .. }
            | FetchError::TooManyRedirects { url, .. }
            | FetchError::Timeout { url, .. }
            | FetchError::Status { url, .. }
            | FetchError::BadRedirect { url, .. }
            | FetchError::Transport { url, .. }
            | FetchError::NotJson { url, .. }
            | FetchError::WrongId { url, .. } => url,
            FetchError::Unsupported { id, .. } => id,
            FetchError::DidWeb { did, .. } => did,
        }
    }
}

/// The document folder cannot be read or written (nothing more is fetched into it).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FolderError {
    /// Creating, reading or writing a file failed.
    #[error("cannot {action} `{}`: {source}", path.display())]
    Io {
        /// What was being done (`create`, `read`, `write`).
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The folder's `index.json` is not `{"documents": [{"url", "file", …}, …]}`; it is left as
    /// it is rather than replaced.
    #[error("`{}`: {reason}; fix or remove it", path.display())]
    BadIndex {
        /// The index file.
        path: PathBuf,
        /// What is wrong, with a JSON Pointer.
        reason: String,
    },
    /// The folder's documents cannot be loaded (to see what they need in turn).
    #[error(transparent)]
    Documents(#[from] DocumentError),
}
