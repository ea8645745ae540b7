//! The documents a credential refers to, supplied on the command line: `--context URL=FILE`
//! (with optional `--context-sha256 URL=HEX` pins) for every subcommand that runs JSON-LD, and
//! for `verify` / `needs` also `--documents DIR`, `--did-document FILE` and `--status-list`.
//!
//! Nothing is fetched: a context that is neither bundled nor given here makes the command fail
//! with its URL and the `--context` flag to supply it.

use std::path::{Path, PathBuf};

use clap::Args;
use openbadges::documents::{DocumentKind, DocumentStore};
use openbadges::json::{self, JsonLimits};
use openbadges::jsonld::bundled_documents;
use openbadges::verify::Verifier;
use serde_json::Value;

use super::support::CliError;

/// `--context` and `--context-sha256`.
#[derive(Args, Debug, Default)]
pub(crate) struct ContextArgs {
    /// A JSON-LD context the document uses that is not bundled: FILE's bytes are served as the
    /// context at URL (no network). Repeatable.
    #[arg(long = "context", value_name = "URL=FILE")]
    contexts: Vec<String>,
    /// Pins the `--context` given for URL to a SHA-256 (64 hex digits): a file with other bytes
    /// is refused. Repeatable.
    #[arg(long = "context-sha256", value_name = "URL=HEX")]
    pins: Vec<String>,
}

impl ContextArgs {
    /// The given contexts as a store (exit 2 when a file is unreadable, not a context, or does
    /// not match its pin).
    pub(crate) fn store(&self) -> Result<DocumentStore, CliError> {
        let mut pins: Vec<(&str, &str, bool)> = Vec::new();
        for spec in &self.pins {
            let (url, hex) = spec.rsplit_once('=').ok_or_else(|| {
                CliError::usage(format!("--context-sha256 `{spec}`: expected URL=HEX"))
            })?;
            pins.push((url, hex, false));
        }
        let mut store = DocumentStore::new();
        for spec in &self.contexts {
            let (url, file) = split_url_file(spec, "--context")?;
            if bundled_documents().any(|(bundled, _, _)| bundled == url) {
                // The store never lets a caller's copy replace a bundled context; say so rather
                // than let the user believe their file is used.
                eprintln!(
                    "warning: --context {url}: this context is bundled; the bundled copy is used"
                );
            }
            let bytes = std::fs::read(file)
                .map_err(|e| CliError::usage(format!("cannot read {}: {e}", file.display())))?;
            let pin = pins.iter_mut().find(|(pinned, _, _)| *pinned == url);
            let kind = match pin {
                Some((_, hex, used)) => {
                    *used = true;
                    store.insert_pinned(url, &bytes, hex)
                }
                None => store.insert_bytes(url, &bytes),
            }
            .map_err(|e| CliError::usage(format!("--context {url}={}: {e}", file.display())))?;
            if kind != DocumentKind::Context {
                return Err(CliError::usage(format!(
                    "--context {url}={}: not a JSON-LD context document (expected {{\"@context\": …}} without `id` or `type`)",
                    file.display()
                )));
            }
        }
        if let Some((url, _, _)) = pins.iter().find(|(_, _, used)| !used) {
            return Err(CliError::usage(format!(
                "--context-sha256 {url}: no `--context {url}=FILE` to check it against"
            )));
        }
        Ok(store)
    }
}

/// Splits `URL=FILE`. URLs (query strings) and paths may both contain `=`: the split taken is
/// the first whose left side is an absolute URL and whose right side names an existing file,
/// else the last whose left side is a URL (so the error names the missing file).
fn split_url_file<'a>(spec: &'a str, flag: &str) -> Result<(&'a str, &'a Path), CliError> {
    let candidates: Vec<(&str, &str)> = spec
        .match_indices('=')
        .map(|(at, _)| (&spec[..at], &spec[at + 1..]))
        .filter(|(url, file)| !file.is_empty() && url::Url::parse(url).is_ok())
        .collect();
    candidates
        .iter()
        .find(|(_, file)| Path::new(file).is_file())
        .or_else(|| candidates.last())
        .map(|(url, file)| (*url, Path::new(*file)))
        .ok_or_else(|| CliError::usage(format!("{flag} `{spec}`: expected URL=FILE")))
}

/// Every way `verify` and `needs` take documents.
#[derive(Args, Debug, Default)]
pub(crate) struct DocumentArgs {
    /// A folder of saved documents (contexts, DID and controller documents, status list
    /// credentials): every *.json / *.jsonld file under the `id` inside it, plus an optional
    /// `index.json` {"documents": [{"url", "file", "sha256"?}]} for files without an `id`.
    #[arg(long, value_name = "DIR")]
    documents: Option<PathBuf>,
    #[command(flatten)]
    contexts: ContextArgs,
    /// A DID document, or the controller document of an `https:` verification method; registered
    /// under its `id`. Repeatable.
    #[arg(long = "did-document", value_name = "FILE")]
    did_documents: Vec<PathBuf>,
    /// A status list credential (or 1EdTechRevocationList document), registered under URL, or
    /// under its own `id` when no `URL=` is given. Repeatable. (Not the issuer's private list
    /// file: publish that with `openbadges status-list export`.)
    #[arg(long = "status-list", value_name = "[URL=]FILE")]
    status_lists: Vec<String>,
}

impl DocumentArgs {
    /// Adds every given document to `verifier` (exit 2 when one cannot be used).
    pub(crate) fn apply(&self, mut verifier: Verifier) -> Result<Verifier, CliError> {
        if let Some(dir) = &self.documents {
            let store = DocumentStore::load_dir(dir)
                .map_err(|e| CliError::usage(format!("--documents {}: {e}", dir.display())))?;
            verifier = verifier.with_documents(store);
        }
        verifier = verifier.with_documents(self.contexts.store()?);
        for path in &self.did_documents {
            verifier
                .add_controller_document(read_json(path)?)
                .map_err(|e| CliError::usage(format!("{}: {e}", path.display())))?;
        }
        for spec in &self.status_lists {
            add_status_list(&mut verifier, spec)?;
        }
        Ok(verifier)
    }
}

/// `--status-list [URL=]FILE`. The document goes through [`Verifier::register_document`] first,
/// which refuses the issuer's private list file; it is then registered as a status list under
/// URL whatever it looks like, so the status check reports what is wrong with it.
fn add_status_list(verifier: &mut Verifier, spec: &str) -> Result<(), CliError> {
    let (given_url, path) = match spec.split_once('=') {
        Some((url, file)) if url.contains(':') => (Some(url), Path::new(file)),
        _ => (None, Path::new(spec)),
    };
    let bytes = read(path, JsonLimits::default().max_bytes)?;
    let value = parse(path, &bytes)?;
    let id = value.get("id").and_then(Value::as_str).map(str::to_owned);
    // Without a URL or an `id` the document is registered nowhere, but still checked for being
    // a private list file (which has neither), so that mistake gets its own message.
    let url = given_url
        .map(str::to_owned)
        .or_else(|| id.clone())
        .unwrap_or_else(|| path.display().to_string());
    verifier
        .register_document(&url, &bytes)
        .map_err(|e| CliError::usage(format!("{}: {e}", path.display())))?;
    if given_url.is_none() && id.is_none() {
        return Err(CliError::usage(format!(
            "{}: the status list credential has no string `id`; give its URL as --status-list URL={}",
            path.display(),
            path.display()
        )));
    }
    verifier.add_status_list(url, value);
    Ok(())
}

/// Reads at most `limit` + 1 bytes, so the verifier can report an oversized file.
pub(crate) fn read(path: &Path, limit: usize) -> Result<Vec<u8>, CliError> {
    use std::io::Read;
    let failed =
        |e: std::io::Error| CliError::usage(format!("cannot read {}: {e}", path.display()));
    let file = std::fs::File::open(path).map_err(failed)?;
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    let mut bytes = Vec::new();
    file.take(cap).read_to_end(&mut bytes).map_err(failed)?;
    Ok(bytes)
}

fn parse(path: &Path, bytes: &[u8]) -> Result<Value, CliError> {
    json::parse(bytes, &JsonLimits::default())
        .map_err(|e| CliError::usage(format!("{}: {e}", path.display())))
}

fn read_json(path: &Path) -> Result<Value, CliError> {
    let bytes = read(path, JsonLimits::default().max_bytes)?;
    parse(path, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_file_splits_where_the_file_is() {
        let dir = std::env::temp_dir().join(format!("openbadges-split-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("a=b.json");
        std::fs::write(&file, b"{}").unwrap();
        let file = file.to_str().unwrap();
        let url = "https://e.example/ctx?v=1";
        let spec = format!("{url}={file}");
        assert_eq!(
            split_url_file(&spec, "--context").unwrap(),
            (url, Path::new(file))
        );
        // No such file: the URL keeps its query, the error names the missing path.
        assert_eq!(
            split_url_file("https://e.example/ctx?v=1=missing.json", "--context").unwrap(),
            (url, Path::new("missing.json"))
        );
        assert!(split_url_file("ctx.json", "--context").is_err());
        assert!(split_url_file("not a url=ctx.json", "--context").is_err());
        assert!(split_url_file("https://e.example/ctx=", "--context").is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
