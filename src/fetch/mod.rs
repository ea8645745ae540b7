//! Fetching what a badge needs (feature `fetch`, off by default): the one part of the crate
//! that opens sockets.
//!
//! [`Verifier::needs`](crate::Verifier::needs) lists the documents a credential refers to that
//! the verifier lacks: contexts that are not bundled, `did:web` DID documents and `https:`
//! controller documents, status list credentials (and for Open Badges 2.0 the hosted documents).
//! A [`Fetcher`] downloads exactly those into a document folder, the one
//! [`DocumentStore::load_dir`](crate::documents::DocumentStore::load_dir) (and
//! `openbadges verify --documents DIR`) reads; verification then runs offline. A downloaded DID
//! document or status list may name more documents (a status list signed with another key, a
//! context of its own), so the needs are listed again with the folder loaded, for a few rounds.
//!
//! The policy ([`FetchPolicy`]): HTTPS only (rustls, Mozilla's roots plus any the caller adds);
//! plain `http://` only to loopback addresses, where test servers run; every redirect target
//! checked again, and never from `https:` to `http:`; limits on body size, redirects and time
//! ([`FetchLimits`], 4 MiB, 5 redirects, 10 s by default). Bodies must be strict JSON objects;
//! a DID or controller document must carry the `id` it was fetched for. Each saved document's
//! `index.json` entry records the URL it finally came from, when (from the injected
//! [`Clock`]), and its SHA-256, which the loader checks.
//!
//! ```no_run
//! use std::path::Path;
//! use openbadges::fetch::{FetchPolicy, Fetcher};
//!
//! let badge = std::fs::read("badge.json")?;
//! let report = Fetcher::new(FetchPolicy::new()).fetch_needs(&[&badge[..]], Path::new("documents"))?;
//! for outcome in &report.outcomes {
//!     match &outcome.result {
//!         Ok(saved) => println!("fetched {} from {}", saved.url, saved.fetched_from),
//!         Err(e) => println!("failed {e}"),
//!     }
//! }
//! assert!(report.is_complete());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod client;
mod error;
mod folder;
mod plan;
mod policy;

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

pub use client::{Fetched, HttpClient};
pub use error::{FetchError, FolderError};
pub use folder::{DocumentFolder, SavedDocument};
pub use plan::{NeedKind, Planned, plan};
pub use policy::{FetchLimits, FetchPolicy, RootCertificateError, is_loopback};

use crate::clock::{Clock, SystemClock};
use crate::documents::{DocumentKind, DocumentStore, document_limits, is_private_status_list_file};
use crate::json;
use crate::verify::{Verifier, VerifyOptions};

/// How many times the needs are listed and fetched: the credential's documents, then what
/// those name (a status list's signing key, a DID document's context), and a margin.
pub const MAX_ROUNDS: usize = 4;

/// Downloads the documents credentials need into a document folder.
pub struct Fetcher {
    client: HttpClient,
    clock: Arc<dyn Clock>,
    refresh: bool,
}

impl std::fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fetcher")
            .field("client", &self.client)
            .finish_non_exhaustive()
    }
}

/// What became of one needed document.
#[derive(Debug)]
#[non_exhaustive]
pub struct FetchOutcome {
    /// The identifier needed (a URL, or a `did:web` DID).
    pub needed: String,
    /// What it is for.
    pub kind: NeedKind,
    /// The saved document, or why it was not fetched.
    pub result: Result<SavedDocument, FetchError>,
}

/// What [`Fetcher::fetch_needs`] did.
#[derive(Debug, Default)]
#[must_use]
#[non_exhaustive]
pub struct FetchReport {
    /// Every document attempted, in the order attempted.
    pub outcomes: Vec<FetchOutcome>,
    /// Inputs whose needs could not be listed: their position among the inputs and why.
    pub unreadable: Vec<(usize, String)>,
    /// Identifiers still needed after the last round that were never attempted (a chain of
    /// documents longer than [`MAX_ROUNDS`]).
    pub still_needed: Vec<String>,
}

impl FetchReport {
    /// Whether every needed document was fetched and nothing is left to fetch.
    pub fn is_complete(&self) -> bool {
        self.unreadable.is_empty()
            && self.still_needed.is_empty()
            && self.outcomes.iter().all(|o| o.result.is_ok())
    }

    /// The documents saved.
    pub fn saved(&self) -> impl Iterator<Item = &SavedDocument> {
        self.outcomes.iter().filter_map(|o| o.result.as_ref().ok())
    }

    /// The documents that could not be fetched.
    pub fn failures(&self) -> impl Iterator<Item = &FetchError> {
        self.outcomes.iter().filter_map(|o| o.result.as_ref().err())
    }
}

impl Fetcher {
    /// A fetcher downloading by `policy`, dating what it saves by the system clock.
    pub fn new(policy: FetchPolicy) -> Self {
        Self {
            client: HttpClient::new(policy),
            clock: Arc::new(SystemClock),
            refresh: false,
        }
    }

    /// This fetcher dating what it saves by `clock`.
    #[must_use]
    pub fn with_clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// This fetcher downloading every document the inputs need again, also those the folder
    /// already has (their entries and files are replaced): status lists change, and a verifier
    /// that checks revocation wants the current one.
    #[must_use]
    pub fn with_refresh(mut self, refresh: bool) -> Self {
        self.refresh = refresh;
        self
    }

    /// The HTTP client (to fetch one URL by the same policy).
    pub fn client(&self) -> &HttpClient {
        &self.client
    }

    /// Downloads what `inputs` (anything [`Verifier::verify`] reads: credential JSON, VC-JWT,
    /// baked images, Open Badges 2.0 assertions) need and the folder `dir` lacks, into `dir`;
    /// then what those documents need in turn, for up to [`MAX_ROUNDS`] rounds. A document that
    /// failed is not tried again. Fails only when the folder cannot be read or written.
    pub fn fetch_needs(&self, inputs: &[&[u8]], dir: &Path) -> Result<FetchReport, FolderError> {
        let folder = DocumentFolder::open(dir)?;
        let mut report = FetchReport::default();
        let mut attempted: BTreeSet<String> = BTreeSet::new();
        for round in 0..=MAX_ROUNDS {
            let planned = self.needed(&folder, inputs, &attempted, round == 0, &mut report)?;
            let fresh: Vec<Planned> = planned
                .into_iter()
                .filter(|p| !attempted.contains(&p.needed))
                .collect();
            if fresh.is_empty() {
                break;
            }
            if round == MAX_ROUNDS {
                report.still_needed = fresh.into_iter().map(|p| p.needed).collect();
                break;
            }
            for planned in fresh {
                attempted.insert(planned.needed.clone());
                let result = self.fetch_one(&planned, &folder)?;
                report.outcomes.push(FetchOutcome {
                    needed: planned.needed,
                    kind: planned.kind,
                    result,
                });
            }
        }
        Ok(report)
    }

    /// What the inputs need with the folder's documents loaded (when refreshing, only those
    /// this run has fetched, so that the others are fetched again).
    fn needed(
        &self,
        folder: &DocumentFolder,
        inputs: &[&[u8]],
        attempted: &BTreeSet<String>,
        first: bool,
        report: &mut FetchReport,
    ) -> Result<Vec<Planned>, FolderError> {
        let mut store = folder.load()?;
        if self.refresh {
            let mut fresh = DocumentStore::new();
            for (url, document, _) in store.iter().filter(|(url, _, _)| attempted.contains(*url)) {
                fresh.insert(url, Value::clone(document));
            }
            store = fresh;
        }
        let verifier = Verifier::new(VerifyOptions::new(self.clock.now())).with_documents(store);
        let mut all: Vec<Planned> = Vec::new();
        for (i, input) in inputs.iter().enumerate() {
            let needs = verifier.needs(input);
            if let Some(reason) = &needs.unreadable {
                if first {
                    report.unreadable.push((i, reason.clone()));
                }
                continue;
            }
            for planned in plan(&needs) {
                if !all.iter().any(|p| p.needed == planned.needed) {
                    all.push(planned);
                }
            }
        }
        Ok(all)
    }

    /// Downloads, checks and saves one document. Only a folder failure is an `Err`.
    fn fetch_one(
        &self,
        planned: &Planned,
        folder: &DocumentFolder,
    ) -> Result<Result<SavedDocument, FetchError>, FolderError> {
        let fetched = match planned
            .source()
            .and_then(|url| self.client.get(url.as_str()))
            .and_then(|fetched| check_document(planned, fetched))
        {
            Ok(fetched) => fetched,
            Err(e) => return Ok(Err(e)),
        };
        let saved = folder.save(
            &planned.needed,
            &fetched.body,
            &fetched.final_url,
            self.clock.now(),
        )?;
        Ok(Ok(saved))
    }
}

/// A body worth saving: a strict JSON object, not an issuer's private status-list file, and
/// for a DID or controller document one whose `id` is the identifier it was fetched for.
fn check_document(planned: &Planned, fetched: Fetched) -> Result<Fetched, FetchError> {
    let not_json = |reason: String| FetchError::NotJson {
        url: fetched.final_url.clone(),
        reason,
    };
    // The limits the folder is loaded with: what is saved here loads there.
    let document =
        json::parse(&fetched.body, &document_limits()).map_err(|e| not_json(e.to_string()))?;
    if !document.is_object() {
        return Err(not_json("the document is not a JSON object".to_owned()));
    }
    if is_private_status_list_file(&document) {
        return Err(not_json(
            "it is an issuer's private status-list file (it holds the allocator key), not a published list".to_owned(),
        ));
    }
    if planned.kind == NeedKind::Controller {
        let id = document.get("id").and_then(Value::as_str);
        if id != Some(planned.needed.as_str()) {
            return Err(FetchError::WrongId {
                url: fetched.final_url.clone(),
                expected: planned.needed.clone(),
                found: id.map_or_else(|| "none".to_owned(), |id| format!("`{id}`")),
            });
        }
        if DocumentKind::of(&document) != DocumentKind::ControllerDocument {
            return Err(not_json(
                "not a DID or controller document (no verification methods)".to_owned(),
            ));
        }
    }
    Ok(fetched)
}
