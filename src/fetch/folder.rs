//! The document folder `verify --documents DIR` reads, written safely: one file per document,
//! each written to a temporary file and renamed into place, and an `index.json` that records
//! for each document the URL it is needed under, its file, its SHA-256 (checked when the folder
//! is loaded), the URL it was finally fetched from and when. Entries of other documents are
//! kept as they are. One fetcher at a time per folder: two writing the index at once may each
//! keep only their own new entries (the files themselves stay whole).

use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value, json};

use super::FolderError;
use crate::documents::{DocumentStore, sha256_hex};
use crate::json::{self, JsonLimits};

/// A folder of saved documents.
#[derive(Debug, Clone)]
pub struct DocumentFolder {
    dir: PathBuf,
}

/// One document saved into the folder, as its `index.json` entry records it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct SavedDocument {
    /// The identifier the document is saved under (a URL, or a `did:web` DID).
    pub url: String,
    /// Its file, relative to the folder.
    pub file: String,
    /// Lowercase hex SHA-256 of the file.
    pub sha256: String,
    /// The URL that served it (after redirects).
    pub fetched_from: String,
    /// When it was fetched (RFC 3339, UTC).
    pub fetched_at: String,
}

/// The index file's name, as [`DocumentStore::load_dir`] reads it.
const INDEX: &str = "index.json";

/// Longest readable part of a file name made from a URL (a hash follows it).
const MAX_NAME_CHARS: usize = 80;

impl DocumentFolder {
    /// The folder at `dir`, created when missing. An existing `index.json` must be readable:
    /// the folder is never written over one it cannot understand.
    pub fn open(dir: &Path) -> Result<Self, FolderError> {
        std::fs::create_dir_all(dir).map_err(|source| FolderError::Io {
            action: "create",
            path: dir.to_owned(),
            source,
        })?;
        let folder = Self {
            dir: dir.to_owned(),
        };
        folder.read_index()?;
        Ok(folder)
    }

    /// The folder's path.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Every document in the folder ([`DocumentStore::load_dir`]).
    pub fn load(&self) -> Result<DocumentStore, FolderError> {
        Ok(DocumentStore::load_dir(&self.dir)?)
    }

    /// Saves `body` as the document needed under `url`, fetched from `fetched_from` at
    /// `fetched_at`, and records it in `index.json` (replacing an earlier entry for `url`,
    /// keeping every other one). The file is written before the index names it, each through a
    /// temporary file renamed into place, so the folder never holds half a file.
    pub fn save(
        &self,
        url: &str,
        body: &[u8],
        fetched_from: &str,
        fetched_at: DateTime<Utc>,
    ) -> Result<SavedDocument, FolderError> {
        let mut index = self.read_index()?;
        let entries = entries_mut(&mut index, &self.index_path())?;
        let earlier = entries
            .iter()
            .position(|e| e.get("url").and_then(Value::as_str) == Some(url));
        // A document fetched again keeps its file, so no unindexed copy is left behind.
        let file = earlier
            .and_then(|i| entries.get(i))
            .and_then(|e| e.get("file"))
            .and_then(Value::as_str)
            .filter(|f| is_plain_relative(f))
            .map_or_else(|| file_name(url), str::to_owned);
        let saved = SavedDocument {
            url: url.to_owned(),
            file,
            sha256: sha256_hex(body),
            fetched_from: fetched_from.to_owned(),
            fetched_at: fetched_at.to_rfc3339_opts(SecondsFormat::Secs, true),
        };
        let entry = json!({
            "url": saved.url,
            "file": saved.file,
            "sha256": saved.sha256,
            "fetched_from": saved.fetched_from,
            "fetched_at": saved.fetched_at,
        });
        match earlier.and_then(|i| entries.get_mut(i)) {
            Some(slot) => *slot = entry,
            None => entries.push(entry),
        }
        write_atomically(&self.dir.join(&saved.file), body)?;
        let mut text = serde_json::to_vec_pretty(&index).map_err(|e| FolderError::Io {
            action: "write",
            path: self.index_path(),
            source: std::io::Error::other(e),
        })?;
        text.push(b'\n');
        write_atomically(&self.index_path(), &text)?;
        Ok(saved)
    }

    fn index_path(&self) -> PathBuf {
        self.dir.join(INDEX)
    }

    /// The index as it is on disk, or an empty one.
    fn read_index(&self) -> Result<Value, FolderError> {
        let path = self.index_path();
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(json!({"documents": []}));
            }
            Err(source) => {
                return Err(FolderError::Io {
                    action: "read",
                    path,
                    source,
                });
            }
        };
        let limits = JsonLimits {
            max_bytes: 16 * 1024 * 1024,
            ..JsonLimits::default()
        };
        let mut index = json::parse(&bytes, &limits).map_err(|e| FolderError::BadIndex {
            path: path.clone(),
            reason: format!("not valid JSON: {e}"),
        })?;
        entries_mut(&mut index, &path)?;
        Ok(index)
    }
}

/// The `documents` array of an index.
fn entries_mut<'a>(index: &'a mut Value, path: &Path) -> Result<&'a mut Vec<Value>, FolderError> {
    index
        .as_object_mut()
        .and_then(|o: &mut Map<String, Value>| o.get_mut("documents"))
        .and_then(Value::as_array_mut)
        .ok_or_else(|| FolderError::BadIndex {
            path: path.to_owned(),
            reason: "`/documents` must be an array".to_owned(),
        })
}

/// A path inside the folder (as [`DocumentStore::load_dir`] requires).
fn is_plain_relative(file: &str) -> bool {
    !file.is_empty()
        && !Path::new(file).is_absolute()
        && !file.split(['/', '\\']).any(|p| p == ".." || p.is_empty())
}

/// A file name for the document needed under `url`: its letters and digits, readable, then a
/// hash of the whole identifier so two URLs never share a file.
fn file_name(url: &str) -> String {
    let mut readable = String::new();
    let rest = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest)
        .trim_end_matches(".json")
        .trim_end_matches(".jsonld");
    for c in rest.chars() {
        if readable.chars().count() >= MAX_NAME_CHARS {
            break;
        }
        if c.is_ascii_alphanumeric() {
            readable.push(c.to_ascii_lowercase());
        } else if !readable.ends_with('-') && !readable.is_empty() {
            readable.push('-');
        }
    }
    let readable = readable.trim_end_matches('-');
    let hash = sha256_hex(url.as_bytes());
    let short = hash.get(..12).unwrap_or(&hash);
    format!("{readable}-{short}.json")
}

/// [`crate::files::write_atomically`], failures named with the path.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), FolderError> {
    crate::files::write_atomically(path, bytes).map_err(|source| FolderError::Io {
        action: "write",
        path: path.to_owned(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_readable_and_distinct() {
        assert_eq!(
            file_name("did:web:localhost%3A8443:issuers:math"),
            format!(
                "did-web-localhost-3a8443-issuers-math-{}.json",
                &sha256_hex(b"did:web:localhost%3A8443:issuers:math")[..12]
            )
        );
        let a = file_name("https://school.example/status/1");
        assert!(a.starts_with("school-example-status-1-"), "{a}");
        assert_ne!(a, file_name("https://school.example/status-1"));
        let long = format!("https://e.example/{}", "x".repeat(500));
        assert!(file_name(&long).len() < 100);
        assert!(is_plain_relative("a/b.json"));
        for bad in ["", "/etc/x.json", "../x.json", "a//b.json", "a/../../b"] {
            assert!(!is_plain_relative(bad), "{bad}");
        }
    }
}
