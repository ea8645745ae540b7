//! Documents a credential refers to, supplied by the caller: JSON-LD contexts, DID and controller
//! documents, status list credentials, and anything else a check needs to read (for example the
//! BadgeClass of an Open Badges 2.0 assertion).
//!
//! The library core never opens a socket. A [`DocumentStore`] is the one place such documents
//! come from: the caller fills it (from its own HTTP client, a cache folder, a database; the
//! opt-in `fetch` feature fills such a folder) and hands it to an [`crate::Issuer`] or a
//! [`crate::Verifier`]. [`crate::Verifier::needs`] lists what a
//! credential refers to that is not in the store yet, so a caller can fetch exactly those.
//!
//! Bundled contexts always win: a document registered under the URL of a bundled context is never
//! used in its place, so a caller cannot be talked into replacing the VC or Open Badges
//! vocabularies. A context can be pinned by its SHA-256 so that a document that changed since the
//! caller reviewed it is refused.
//!
//! ```
//! use openbadges::documents::{DocumentKind, DocumentStore};
//!
//! let context = br#"{"@context": {"rubricUrl": "https://district.example/vocab#rubricUrl"}}"#;
//! let mut store = DocumentStore::new();
//! let kind = store.insert_pinned(
//!     "https://district.example/contexts/rubric-v1.json",
//!     context,
//!     "5ee6ed6fa41e0e83e4d3bd3c5c2e2e0ed8306e4bd1b9e8a1fd0b1c1dcf3a9b90",
//! );
//! assert!(kind.is_err(), "a wrong pin is refused");
//! let kind = store.insert_bytes("https://district.example/contexts/rubric-v1.json", context)?;
//! assert_eq!(kind, DocumentKind::Context);
//! assert!(store.get("https://district.example/contexts/rubric-v1.json").is_some());
//! # Ok::<(), openbadges::documents::DocumentError>(())
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::json::{self, JsonError, JsonLimits};
use crate::jsonld::{DocumentLoader, LoadError};

/// What a stored document is, judged from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DocumentKind {
    /// A JSON-LD context document (`{"@context": …}` and nothing that makes it a node).
    Context,
    /// A DID document or the controller document of an `https:` verification method.
    ControllerDocument,
    /// A status list credential (`BitstringStatusListCredential`, `StatusList2021Credential`) or
    /// a `1EdTechRevocationList`.
    StatusList,
    /// Anything else (an Open Badges 2.0 BadgeClass or issuer profile, a key document, …).
    Other,
}

impl DocumentKind {
    /// Classifies a document by its content.
    pub fn of(document: &Value) -> DocumentKind {
        let Some(object) = document.as_object() else {
            return DocumentKind::Other;
        };
        let types = crate::json::strings(object.get("type"));
        if types.iter().any(|t| {
            matches!(
                *t,
                "BitstringStatusListCredential"
                    | "StatusList2021Credential"
                    | "1EdTechRevocationList"
            )
        }) {
            return DocumentKind::StatusList;
        }
        let id = object.get("id").and_then(Value::as_str);
        let has_methods = ["verificationMethod", "assertionMethod", "authentication"]
            .iter()
            .any(|k| object.contains_key(*k));
        if has_methods || id.is_some_and(|id| id.starts_with("did:")) {
            return DocumentKind::ControllerDocument;
        }
        if object.contains_key("@context") && id.is_none() && !object.contains_key("type") {
            return DocumentKind::Context;
        }
        DocumentKind::Other
    }
}

/// Why a document could not be stored.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DocumentError {
    /// The bytes are not strict JSON.
    #[error("document `{url}` is not valid JSON: {source}")]
    Json {
        /// The URL it was registered under (or the file it came from).
        url: String,
        /// The parser's error, with line and column.
        source: JsonError,
    },
    /// The document's SHA-256 is not the pinned one.
    #[error("document `{url}` has SHA-256 {actual}, not the pinned {expected}")]
    PinMismatch {
        /// The URL.
        url: String,
        /// The pin given (lowercase hex).
        expected: String,
        /// The document's digest (lowercase hex).
        actual: String,
    },
    /// A pin that is not 64 hex digits.
    #[error("pin `{pin}` for `{url}` is not a SHA-256 in hex (64 hex digits)")]
    BadPin {
        /// The URL.
        url: String,
        /// The pin given.
        pin: String,
    },
    /// Reading a file or folder failed.
    #[error("cannot read `{}`: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A saved document has no `id` and is not listed in the folder's `index.json`.
    #[error(
        "`{}` has no string `id`; list it with its URL in the folder's index.json ({{\"documents\": [{{\"url\": …, \"file\": …}}]}})",
        path.display()
    )]
    NoUrl {
        /// The file.
        path: PathBuf,
    },
    /// A saved file is an issuer's private status-list file (it holds the allocator key), not a
    /// published status list credential.
    #[error(
        "`{}` is an issuer's private status-list file (it holds the allocator key): publish it with `openbadges status-list export` and save that instead",
        path.display()
    )]
    PrivateStatusListFile {
        /// The file.
        path: PathBuf,
    },
    /// The folder's `index.json` is not in the expected shape.
    #[error("`{}`: {reason}", path.display())]
    BadIndex {
        /// The index file.
        path: PathBuf,
        /// What is wrong, with a JSON Pointer.
        reason: String,
    },
}

/// One stored document.
#[derive(Debug, Clone)]
struct Stored {
    document: Arc<Value>,
    kind: DocumentKind,
}

/// Documents by URL, supplied by the caller. Cheap to clone (documents are shared).
#[derive(Debug, Clone, Default)]
pub struct DocumentStore {
    documents: BTreeMap<String, Stored>,
}

/// Documents larger than this are refused (contexts and DID documents are kilobytes; a status
/// list credential of 131,072 entries is about 20 KB).
const MAX_DOCUMENT_BYTES: usize = 16 * 1024 * 1024;

/// The JSON limits every stored document is parsed with.
pub(crate) fn document_limits() -> JsonLimits {
    JsonLimits {
        max_bytes: MAX_DOCUMENT_BYTES,
        ..JsonLimits::default()
    }
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl DocumentStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Stores `document` under `url` (replacing an earlier one) and says what it is.
    pub fn insert(&mut self, url: impl Into<String>, document: Value) -> DocumentKind {
        let kind = DocumentKind::of(&document);
        self.documents.insert(
            url.into(),
            Stored {
                document: Arc::new(document),
                kind,
            },
        );
        kind
    }

    /// Parses `bytes` strictly (no duplicate keys) and stores the document under `url`.
    pub fn insert_bytes(&mut self, url: &str, bytes: &[u8]) -> Result<DocumentKind, DocumentError> {
        let document =
            json::parse(bytes, &document_limits()).map_err(|source| DocumentError::Json {
                url: url.to_owned(),
                source,
            })?;
        Ok(self.insert(url, document))
    }

    /// [`DocumentStore::insert_bytes`], refusing the document unless its SHA-256 is `sha256_hex`
    /// (64 hex digits, any case).
    pub fn insert_pinned(
        &mut self,
        url: &str,
        bytes: &[u8],
        sha256_hex_pin: &str,
    ) -> Result<DocumentKind, DocumentError> {
        check_pin(url, bytes, sha256_hex_pin)?;
        self.insert_bytes(url, bytes)
    }

    /// The document stored under `url`.
    pub fn get(&self, url: &str) -> Option<&Arc<Value>> {
        self.documents.get(url).map(|s| &s.document)
    }

    /// What the document under `url` is.
    pub fn kind(&self, url: &str) -> Option<DocumentKind> {
        self.documents.get(url).map(|s| s.kind)
    }

    /// Every stored document with its URL and kind, in URL order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Arc<Value>, DocumentKind)> {
        self.documents
            .iter()
            .map(|(url, s)| (url.as_str(), &s.document, s.kind))
    }

    /// Whether any context document is stored.
    pub fn has_contexts(&self) -> bool {
        self.documents
            .values()
            .any(|s| s.kind == DocumentKind::Context)
    }

    /// Adds every document of `other` (its entries win).
    pub fn extend(&mut self, other: DocumentStore) {
        self.documents.extend(other.documents);
    }

    /// Number of stored documents.
    pub fn len(&self) -> usize {
        self.documents.len()
    }

    /// Whether the store is empty.
    pub fn is_empty(&self) -> bool {
        self.documents.is_empty()
    }

    /// A folder of saved documents (a verifier's local cache): every `*.json` / `*.jsonld` file,
    /// recursively, stored under the `id` inside it, plus an optional `index.json` of the form
    /// `{"documents": [{"url": "…", "file": "relative/path", "sha256": "…"}]}` for documents
    /// without an `id` (contexts) or saved under another URL (`sha256` optional: when given, the
    /// file must match it).
    pub fn load_dir(dir: &Path) -> Result<Self, DocumentError> {
        let mut store = DocumentStore::new();
        let index_path = dir.join("index.json");
        let mut indexed: Vec<PathBuf> = Vec::new();
        if index_path.is_file() {
            let bytes = read(&index_path)?;
            let index =
                json::parse(&bytes, &document_limits()).map_err(|source| DocumentError::Json {
                    url: index_path.display().to_string(),
                    source,
                })?;
            let bad = |reason: String| DocumentError::BadIndex {
                path: index_path.clone(),
                reason,
            };
            let entries = index
                .get("documents")
                .and_then(Value::as_array)
                .ok_or_else(|| bad("`/documents` must be an array".to_owned()))?;
            for (i, entry) in entries.iter().enumerate() {
                let field = |name: &str| entry.get(name).and_then(Value::as_str);
                let (Some(url), Some(file)) = (field("url"), field("file")) else {
                    return Err(bad(format!(
                        "`/documents/{i}` needs string `url` and `file`"
                    )));
                };
                if Path::new(file).is_absolute() || file.split(['/', '\\']).any(|p| p == "..") {
                    return Err(bad(format!(
                        "`/documents/{i}/file` must be a path inside the folder"
                    )));
                }
                let path = dir.join(file);
                let bytes = read(&path)?;
                if let Some(pin) = field("sha256") {
                    check_pin(url, &bytes, pin)?;
                }
                let document = json::parse(&bytes, &document_limits()).map_err(|source| {
                    DocumentError::Json {
                        url: url.to_owned(),
                        source,
                    }
                })?;
                if is_private_status_list_file(&document) {
                    return Err(DocumentError::PrivateStatusListFile { path });
                }
                store.insert(url, document);
                indexed.push(path);
            }
        }
        let mut files = Vec::new();
        collect_files(dir, &mut files, 0)?;
        files.sort();
        for path in files {
            if path == index_path || indexed.contains(&path) {
                continue;
            }
            let bytes = read(&path)?;
            let document =
                json::parse(&bytes, &document_limits()).map_err(|source| DocumentError::Json {
                    url: path.display().to_string(),
                    source,
                })?;
            if is_private_status_list_file(&document) {
                return Err(DocumentError::PrivateStatusListFile { path });
            }
            let Some(id) = document
                .get("id")
                .and_then(Value::as_str)
                .map(str::to_owned)
            else {
                return Err(DocumentError::NoUrl { path });
            };
            store.insert(id, document);
        }
        Ok(store)
    }

    /// A JSON-LD document loader over the stored contexts.
    pub(crate) fn context_loader(&self) -> ContextLoader {
        ContextLoader {
            contexts: self
                .documents
                .iter()
                .filter(|(_, s)| s.kind == DocumentKind::Context)
                .map(|(url, s)| (url.clone(), Arc::clone(&s.document)))
                .collect(),
        }
    }
}

/// Whether `document` is the issuer's private list file of `openbadges status-list` (allocator
/// state inside), which must never be published or handed to a verifier.
pub(crate) fn is_private_status_list_file(document: &Value) -> bool {
    document.get("format").and_then(Value::as_str) == Some("openbadges-status-list/1")
        || document.pointer("/snapshot/allocator").is_some()
}

fn read(path: &Path) -> Result<Vec<u8>, DocumentError> {
    std::fs::read(path).map_err(|source| DocumentError::Io {
        path: path.to_owned(),
        source,
    })
}

/// Refuses `bytes` unless their SHA-256 is `pin` (64 hex digits, any case).
fn check_pin(url: &str, bytes: &[u8], pin: &str) -> Result<(), DocumentError> {
    let expected = pin.to_ascii_lowercase();
    if expected.len() != 64 || !expected.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(DocumentError::BadPin {
            url: url.to_owned(),
            pin: pin.to_owned(),
        });
    }
    let actual = sha256_hex(bytes);
    if actual != expected {
        return Err(DocumentError::PinMismatch {
            url: url.to_owned(),
            expected,
            actual,
        });
    }
    Ok(())
}

/// Folders nested deeper than this are not searched (a cache folder is flat or nearly so).
const MAX_DIR_DEPTH: usize = 8;

fn collect_files(dir: &Path, files: &mut Vec<PathBuf>, depth: usize) -> Result<(), DocumentError> {
    let io = |source| DocumentError::Io {
        path: dir.to_owned(),
        source,
    };
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.is_dir() {
            if depth < MAX_DIR_DEPTH {
                collect_files(&path, files, depth + 1)?;
            }
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("json" | "jsonld")
        ) {
            files.push(path);
        }
    }
    Ok(())
}

/// The stored contexts as a JSON-LD [`DocumentLoader`] (asked after the bundled ones).
#[derive(Debug, Clone, Default)]
pub(crate) struct ContextLoader {
    contexts: BTreeMap<String, Arc<Value>>,
}

impl DocumentLoader for ContextLoader {
    fn load(&self, url: &str) -> Result<Arc<Value>, LoadError> {
        self.contexts
            .get(url)
            .cloned()
            .ok_or_else(|| LoadError::NotFound(url.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_told_apart() {
        let cases = [
            (
                serde_json::json!({"@context": {"x": "https://e.example/x"}}),
                DocumentKind::Context,
            ),
            (
                serde_json::json!({"id": "did:web:e.example", "verificationMethod": []}),
                DocumentKind::ControllerDocument,
            ),
            (
                serde_json::json!({"id": "https://e.example/s", "type": ["VerifiableCredential", "BitstringStatusListCredential"]}),
                DocumentKind::StatusList,
            ),
            (
                serde_json::json!({"@context": "https://w3id.org/openbadges/v2", "id": "https://e.example/b", "type": "BadgeClass"}),
                DocumentKind::Other,
            ),
        ];
        for (document, kind) in cases {
            assert_eq!(DocumentKind::of(&document), kind, "{document}");
        }
    }

    #[test]
    fn pins_are_checked() {
        let bytes = br#"{"@context": {}}"#;
        let mut store = DocumentStore::new();
        let pin = sha256_hex(bytes);
        assert_eq!(
            store
                .insert_pinned("https://e.example/c", bytes, &pin.to_uppercase())
                .unwrap(),
            DocumentKind::Context
        );
        let mut wrong = pin.clone();
        wrong.replace_range(0..1, if pin.starts_with('0') { "1" } else { "0" });
        assert!(matches!(
            store.insert_pinned("https://e.example/d", bytes, &wrong),
            Err(DocumentError::PinMismatch { .. })
        ));
        assert!(matches!(
            store.insert_pinned("https://e.example/d", bytes, "abc"),
            Err(DocumentError::BadPin { .. })
        ));
        assert!(store.get("https://e.example/d").is_none());
    }

    #[test]
    fn index_entries_may_record_more_than_url_file_and_pin() {
        // A fetched folder's entries also say where and when each document came from.
        let dir =
            std::env::temp_dir().join(format!("openbadges-index-extra-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let bytes = br#"{"@context": {"x": "https://e.example/x"}}"#;
        std::fs::write(dir.join("c.json"), bytes).unwrap();
        let index = serde_json::json!({"documents": [{
            "url": "https://e.example/c",
            "file": "c.json",
            "sha256": sha256_hex(bytes),
            "fetched_from": "https://cdn.e.example/c",
            "fetched_at": "2026-03-01T12:00:00Z",
        }], "note": "kept by hand"});
        std::fs::write(dir.join("index.json"), index.to_string()).unwrap();
        let store = DocumentStore::load_dir(&dir).unwrap();
        assert_eq!(
            store.kind("https://e.example/c"),
            Some(DocumentKind::Context)
        );
        assert_eq!(store.len(), 1);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn duplicate_keys_are_refused() {
        let mut store = DocumentStore::new();
        assert!(matches!(
            store.insert_bytes(
                "https://e.example/c",
                br#"{"@context": {}, "@context": {}}"#
            ),
            Err(DocumentError::Json { .. })
        ));
    }
}
