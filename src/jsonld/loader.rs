//! Where context documents come from: the bundled, hash-pinned set, maps
//! filled by the caller, and chains of both. Never the network.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use serde_json::Value;

/// Why a document could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    /// No loader knows this URL (there is no network access).
    #[error("unknown document URL {0:?} (not bundled and not registered with the loader)")]
    NotFound(String),
    /// The document was found but is not valid JSON.
    #[error("document {url:?} is not valid JSON: {reason}")]
    InvalidJson {
        /// The URL requested.
        url: String,
        /// The parser's message.
        reason: String,
    },
}

/// Supplies JSON-LD documents (contexts) by URL.
///
/// Implementations must be cheap to call repeatedly: return a shared
/// `Arc` of an already parsed document.
pub trait DocumentLoader: Send + Sync {
    /// The parsed document served under `url`.
    fn load(&self, url: &str) -> Result<Arc<Value>, LoadError>;
}

/// A bundled context document: URL(s), file name and bytes.
struct Bundled {
    urls: &'static [&'static str],
    file: &'static str,
    bytes: &'static [u8],
}

macro_rules! bundled {
    ($([$($url:literal),+] => $file:literal,)*) => {
        const BUNDLED: &[Bundled] = &[$(Bundled {
            urls: &[$($url),+],
            file: $file,
            bytes: include_bytes!(concat!("contexts/", $file)),
        }),*];
    };
}

bundled! {
    ["https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"] => "clr-v2p0-2.0.1.json",
    ["https://purl.imsglobal.org/spec/clr/v2p0/context.json"] => "clr-v2p0.json",
    ["https://www.w3.org/ns/credentials/examples/v2"] => "credentials-examples-v2.jsonld",
    ["https://www.w3.org/ns/credentials/status/v1"] => "credentials-status-v1.jsonld",
    ["https://www.w3.org/2018/credentials/v1"] => "credentials-v1.jsonld",
    ["https://www.w3.org/ns/credentials/v2"] => "credentials-v2.jsonld",
    ["https://w3id.org/security/data-integrity/v1"] => "data-integrity-v1.jsonld",
    ["https://w3id.org/security/data-integrity/v2"] => "data-integrity-v2.jsonld",
    ["https://www.w3.org/ns/did/v1"] => "did-v1.jsonld",
    ["https://w3id.org/security/suites/ed25519-2020/v1"] => "ed25519-signature-2020-v1.jsonld",
    ["https://w3id.org/security/jwk/v1"] => "jwk-v1.jsonld",
    ["https://w3id.org/security/multikey/v1"] => "multikey-v1.jsonld",
    ["https://openbadgespec.org/v2/context.json", "https://w3id.org/openbadges/v2"] => "ob-v2p0.json",
    ["https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json"] => "ob-v3p0-context-3.0.1.json",
    ["https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json"] => "ob-v3p0-context-3.0.2.json",
    ["https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"] => "ob-v3p0-context-3.0.3.json",
    [
        "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld"
    ] => "ob-v3p0-context.json",
    ["https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"] => "ob-v3p0-extensions.json",
    ["https://www.w3.org/ns/odrl.jsonld"] => "odrl.jsonld",
    ["https://w3id.org/security/v1"] => "security-v1.jsonld",
    ["https://w3id.org/security/v2"] => "security-v2.jsonld",
    ["https://w3id.org/vc/status-list/2021/v1"] => "status-list-2021-v1.jsonld",
    ["https://w3id.org/security/suites/ed25519-2018/v1"] => "suites-ed25519-2018.jsonld",
}

/// The bundled context documents as `(url, file name, bytes)`, one row per
/// URL (a file served under two URLs appears twice). For pinning checks.
pub fn bundled_documents() -> impl Iterator<Item = (&'static str, &'static str, &'static [u8])> {
    BUNDLED
        .iter()
        .flat_map(|b| b.urls.iter().map(move |u| (*u, b.file, b.bytes)))
}

/// The context documents shipped inside the crate (W3C VC 1.1/2.0, Data
/// Integrity, Open Badges 2.0/3.0, CLR 2.0, DID, status lists …), each
/// parsed once, lazily, on first use.
#[derive(Clone, Copy, Debug, Default)]
pub struct BundledLoader;

/// One lazily parsed document (or its parse error).
type ParsedSlot = OnceLock<Result<Arc<Value>, LoadError>>;

fn parsed() -> &'static [ParsedSlot] {
    static PARSED: OnceLock<Vec<ParsedSlot>> = OnceLock::new();
    PARSED.get_or_init(|| BUNDLED.iter().map(|_| OnceLock::new()).collect())
}

impl DocumentLoader for BundledLoader {
    fn load(&self, url: &str) -> Result<Arc<Value>, LoadError> {
        let Some(i) = BUNDLED.iter().position(|b| b.urls.contains(&url)) else {
            return Err(LoadError::NotFound(url.to_owned()));
        };
        let (Some(slot), Some(doc)) = (parsed().get(i), BUNDLED.get(i)) else {
            return Err(LoadError::NotFound(url.to_owned()));
        };
        slot.get_or_init(|| {
            serde_json::from_slice(doc.bytes)
                .map(Arc::new)
                .map_err(|e| LoadError::InvalidJson {
                    url: url.to_owned(),
                    reason: e.to_string(),
                })
        })
        .clone()
    }
}

/// A loader over documents the caller registers (e.g. a custom extension
/// context), keyed by exact URL.
///
/// ```
/// use openbadges::jsonld::{DocumentLoader, StaticLoader};
/// let mut loader = StaticLoader::new();
/// loader.insert("https://example.com/ctx", serde_json::json!({"@context": {"x": "https://example.com/x"}}));
/// assert!(loader.load("https://example.com/ctx").is_ok());
/// assert!(loader.load("https://example.com/other").is_err());
/// ```
#[derive(Clone, Debug, Default)]
pub struct StaticLoader {
    docs: HashMap<String, Arc<Value>>,
}

impl StaticLoader {
    /// An empty loader.
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers (or replaces) the document served under `url`.
    pub fn insert(&mut self, url: impl Into<String>, document: Value) {
        self.docs.insert(url.into(), Arc::new(document));
    }
}

impl DocumentLoader for StaticLoader {
    fn load(&self, url: &str) -> Result<Arc<Value>, LoadError> {
        self.docs
            .get(url)
            .cloned()
            .ok_or_else(|| LoadError::NotFound(url.to_owned()))
    }
}

/// Tries each loader in turn; the first that knows the URL wins.
///
/// ```
/// use openbadges::jsonld::{BundledLoader, ChainLoader, DocumentLoader, StaticLoader};
/// let chain = ChainLoader::new(vec![Box::new(BundledLoader), Box::new(StaticLoader::new())]);
/// assert!(chain.load("https://www.w3.org/ns/credentials/v2").is_ok());
/// ```
pub struct ChainLoader {
    loaders: Vec<Box<dyn DocumentLoader>>,
}

impl ChainLoader {
    /// A chain over `loaders`, asked in order.
    pub fn new(loaders: Vec<Box<dyn DocumentLoader>>) -> Self {
        ChainLoader { loaders }
    }
}

impl DocumentLoader for ChainLoader {
    fn load(&self, url: &str) -> Result<Arc<Value>, LoadError> {
        for l in &self.loaders {
            match l.load(url) {
                Err(LoadError::NotFound(_)) => continue,
                other => return other,
            }
        }
        Err(LoadError::NotFound(url.to_owned()))
    }
}
