//! Offline JSON-LD 1.1: bundled contexts, a processed-context cache,
//! Expansion and Deserialize-to-RDF (toRdf) — the first step of every
//! RDF-canonicalized Data Integrity proof.
//!
//! Each context (and each type- or property-scoped context application) is
//! processed once per [`Processor`] and reused across documents and threads.
//! Context documents come from the crate's bundled, hash-pinned set or from
//! a caller-supplied [`DocumentLoader`]; there is never any network access.
//!
//! [`Options::default`] enables *safe mode*: anything expansion would
//! silently drop (an undefined property, a relative `@id` or `@type`, …) is
//! an error naming the JSON Pointer, so nothing unsigned can ride along in a
//! signed credential.
//!
//! ```
//! use openbadges::jsonld::{Options, Processor};
//! let doc = serde_json::json!({
//!     "@context": ["https://www.w3.org/ns/credentials/v2"],
//!     "id": "urn:uuid:1",
//!     "type": "VerifiableCredential",
//!     "issuer": "did:example:issuer",
//!     "credentialSubject": {"id": "did:example:subject"}
//! });
//! let quads = Processor::bundled().to_rdf(&doc, &Options::default())?;
//! assert_eq!(quads.len(), 3);
//!
//! let mut bad = doc.clone();
//! bad["nickname"] = "unsigned".into();
//! bad["@context"] = serde_json::json!(["https://www.w3.org/2018/credentials/v1"]);
//! let e = Processor::bundled().to_rdf(&bad, &Options::default()).unwrap_err();
//! assert_eq!(e.pointer(), Some("/nickname"));
//! # Ok::<(), openbadges::jsonld::JsonLdError>(())
//! ```

mod context;
mod context_key;
mod error;
mod expand;
mod expanded;
mod iri;
mod loader;
mod to_rdf;

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::{Arc, OnceLock, RwLock};

use serde_json::Value;

pub use error::{ErrorCode, JsonLdError};
pub use loader::{
    BundledLoader, ChainLoader, DocumentLoader, LoadError, StaticLoader, bundled_documents,
};

use context::{Context, Env};

/// Hash map with foldhash's randomly seeded fast hasher: keys come from
/// documents, so seeds are random; SipHash was the top cost of toRdf.
pub(crate) type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;
/// Hash set with the same hasher as [`FastMap`], for the same reasons.
pub(crate) type FastSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;
use error::Result;

/// JSON-LD processing mode.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ProcessingMode {
    /// `json-ld-1.1` (the default).
    #[default]
    JsonLd11,
    /// `json-ld-1.0`: 1.1 features are errors. Supported only as far as the
    /// 1.1 algorithms describe it.
    JsonLd10,
}

/// How `@direction` is represented in RDF (`rdfDirection` option).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RdfDirection {
    /// Datatype `https://www.w3.org/ns/i18n#{language}_{direction}`.
    I18nDatatype,
    /// A blank node with `rdf:value`, `rdf:language`, `rdf:direction`.
    CompoundLiteral,
}

/// Explicit bounds on the work a document may cause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Maximum JSON nesting depth of the document being expanded.
    pub max_depth: usize,
    /// Maximum number of JSON values visited while expanding.
    pub max_nodes: usize,
    /// Maximum nesting of contexts (scoped contexts inside contexts, remote
    /// contexts loading other contexts).
    pub max_context_depth: usize,
    /// Maximum length of a chain of remote contexts loading one another.
    pub max_remote_contexts: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 100,
            max_nodes: 200_000,
            max_context_depth: 32,
            max_remote_contexts: 16,
        }
    }
}

/// Per-call options. `Options::default()` is safe mode, JSON-LD 1.1, no base IRI.
#[derive(Clone, Debug)]
pub struct Options {
    /// Base IRI of the document (for relative `@id`s and context URLs).
    pub base: Option<String>,
    /// Reject anything expansion would silently drop or leave relative.
    pub safe_mode: bool,
    /// How `@direction` becomes RDF; `None` drops the direction.
    pub rdf_direction: Option<RdfDirection>,
    /// A context applied before the document's own (`expandContext`).
    pub expand_context: Option<Value>,
    /// Processing mode.
    pub processing_mode: ProcessingMode,
    /// Work bounds.
    pub limits: Limits,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            base: None,
            safe_mode: true,
            rdf_direction: None,
            expand_context: None,
            processing_mode: ProcessingMode::JsonLd11,
            limits: Limits::default(),
        }
    }
}

/// Entries kept in the processed-context cache before it is reset.
const CACHE_CAPACITY: usize = 4096;

struct CacheEntry {
    prev: u64,
    local: String,
    base: Option<String>,
    flags: u8,
    ctx: Arc<Context>,
}

/// Cache shards: threads verifying side by side each read their own shard.
///
/// Processed contexts hand out their IRIs as shared strings, so every expansion clones and drops
/// reference counts that sit in the same cache lines as the strings and the term definitions.
/// With one cache for all threads those lines bounce between cores on every term (a catalogue
/// run on two cores was 17% slower per badge than on one); a shard per thread slot keeps each
/// thread's contexts — processed once per shard — in its own core's cache. Eight shards cover
/// the cores this crate is run on; more threads share shards, which is still correct.
const CACHE_SHARDS: usize = 8;

/// The shard of the calling thread: threads take slots in the order they first ask.
fn thread_shard() -> usize {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    thread_local! {
        static SLOT: usize = NEXT.fetch_add(1, Ordering::Relaxed) % CACHE_SHARDS;
    }
    SLOT.with(|slot| *slot)
}

/// One shard of the processed-context cache (see [`CACHE_SHARDS`]).
#[derive(Default)]
struct CacheShard {
    contexts: RwLock<FastMap<u64, Vec<CacheEntry>>>,
    initial: RwLock<HashMap<Option<String>, Arc<Context>>>,
}

/// A JSON-LD processor: a document loader plus the processed-context cache.
/// `Send + Sync`; share one per process (see [`Processor::bundled`]).
pub struct Processor {
    loader: Box<dyn DocumentLoader>,
    shards: Box<[CacheShard]>,
}

impl std::fmt::Debug for Processor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Processor").finish_non_exhaustive()
    }
}

fn bundled_shared_static() -> &'static Arc<Processor> {
    static P: OnceLock<Arc<Processor>> = OnceLock::new();
    P.get_or_init(|| Arc::new(Processor::with_loader(BundledLoader)))
}

impl Processor {
    /// The process-wide processor over the bundled contexts only.
    pub fn bundled() -> &'static Processor {
        bundled_shared_static()
    }

    /// [`Processor::bundled`] as a shared handle (the same processor and cache).
    pub fn bundled_shared() -> Arc<Processor> {
        Arc::clone(bundled_shared_static())
    }

    /// A processor with its own cache, loading contexts through `loader`
    /// (chain it with [`BundledLoader`] to keep the bundled set).
    pub fn with_loader(loader: impl DocumentLoader + 'static) -> Self {
        Processor {
            loader: Box::new(loader),
            shards: (0..CACHE_SHARDS).map(|_| CacheShard::default()).collect(),
        }
    }

    /// Expands `document` (JSON-LD 1.1 Expansion) to an array of node objects.
    pub fn expand(
        &self,
        document: &Value,
        options: &Options,
    ) -> std::result::Result<Value, JsonLdError> {
        let expanded = self.expand_vec(document, options, None)?;
        Ok(Value::Array(
            expanded.iter().map(expanded::Ex::to_value).collect(),
        ))
    }

    fn expand_vec<'a>(
        &self,
        document: &'a Value,
        options: &Options,
        without_top_level: Option<&'static str>,
    ) -> Result<Vec<expanded::Ex<'a>>> {
        let mut ex = expand::Expander {
            proc: self,
            env: Env {
                loader: &*self.loader,
                mode: options.processing_mode,
                limits: &options.limits,
            },
            opts: options,
            nodes: 0,
            without_top_level,
        };
        expand::expand_document(&mut ex, document)
    }

    /// Expands `document` as if its top-level property `left_out` were absent, only to learn
    /// whether it expands (in safe mode: whether nothing would be dropped); nothing is built.
    pub(crate) fn check_expands_without(
        &self,
        document: &Value,
        options: &Options,
        left_out: Option<&'static str>,
    ) -> std::result::Result<(), JsonLdError> {
        self.expand_vec(document, options, left_out).map(|_| ())
    }

    /// Deserializes `document` to RDF quads (expansion, node map, toRdf).
    /// Blank nodes are labelled `b0`, `b1`, … in document order.
    pub fn to_rdf(
        &self,
        document: &Value,
        options: &Options,
    ) -> std::result::Result<Vec<crate::rdf::Quad>, JsonLdError> {
        self.to_rdf_without(document, options, None)
    }

    /// [`Processor::to_rdf`] of `document` as if its top-level property `left_out` were absent
    /// (Data Integrity's unsecured document: the secured one without `proof`), read in place.
    pub(crate) fn to_rdf_without(
        &self,
        document: &Value,
        options: &Options,
        left_out: Option<&'static str>,
    ) -> std::result::Result<Vec<crate::rdf::Quad>, JsonLdError> {
        let expanded = self.expand_vec(document, options, left_out)?;
        to_rdf::to_rdf(
            &expanded,
            &to_rdf::RdfOptions {
                direction: options.rdf_direction,
                safe: options.safe_mode,
            },
        )
    }

    /// The calling thread's cache shard.
    fn shard(&self) -> &CacheShard {
        &self.shards[thread_shard() % self.shards.len()]
    }

    fn initial(&self, base: Option<&str>) -> Arc<Context> {
        let key = base.map(str::to_owned);
        let shard = self.shard();
        if let Ok(m) = shard.initial.read() {
            if let Some(c) = m.get(&key) {
                return c.clone();
            }
        }
        let c = Arc::new(Context::new(base));
        if let Ok(mut m) = shard.initial.write() {
            if m.len() >= CACHE_CAPACITY {
                m.clear();
            }
            return m.entry(key).or_insert(c).clone();
        }
        c
    }

    /// Context processing through the cache, keyed by the active context's
    /// identity, the local context (URL or canonical JSON), base URL and flags.
    #[allow(clippy::too_many_arguments)]
    fn process_cached(
        &self,
        env: &Env<'_>,
        active: &Arc<Context>,
        local: &Value,
        key: Option<&context_key::CacheKey>,
        base_url: Option<&str>,
        override_protected: bool,
        propagate: bool,
    ) -> Result<Arc<Context>> {
        let computed;
        let key = match key {
            Some(k) => k,
            None => {
                computed = context_key::CacheKey::of(local);
                &computed
            }
        };
        let flags = u8::from(override_protected)
            | u8::from(propagate) << 1
            | u8::from(env.mode == ProcessingMode::JsonLd10) << 2;
        static KEY_HASHER: OnceLock<foldhash::fast::RandomState> = OnceLock::new();
        let hash = KEY_HASHER.get_or_init(Default::default).hash_one((
            active.id,
            key.hash,
            base_url,
            flags,
            env.limits.max_context_depth,
            env.limits.max_remote_contexts,
        ));
        // `active` comes from this thread's shard too (contexts derive from the shard's
        // initial context), so a shard only ever holds its own chains.
        let shard = self.shard();
        if let Ok(m) = shard.contexts.read() {
            if let Some(entries) = m.get(&hash) {
                for e in entries {
                    if e.prev == active.id
                        && e.local == key.text
                        && e.base.as_deref() == base_url
                        && e.flags == flags
                    {
                        return Ok(e.ctx.clone());
                    }
                }
            }
        }
        let ctx = Arc::new(context::process_context(
            env,
            active,
            local,
            base_url,
            &[],
            override_protected,
            propagate,
            true,
            0,
        )?);
        if let Ok(mut m) = shard.contexts.write() {
            if m.len() >= CACHE_CAPACITY {
                m.clear();
            }
            m.entry(hash).or_default().push(CacheEntry {
                prev: active.id,
                local: key.text.clone(),
                base: base_url.map(str::to_owned),
                flags,
                ctx: ctx.clone(),
            });
        }
        Ok(ctx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cached_contexts(p: &Processor) -> usize {
        p.shard()
            .contexts
            .read()
            .map(|m| m.values().map(Vec::len).sum())
            .unwrap_or(0)
    }

    #[test]
    fn contexts_are_processed_once_and_reused() {
        let p = Processor::with_loader(BundledLoader);
        let doc = serde_json::json!({
            "@context": [
                "https://www.w3.org/ns/credentials/v2",
                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
            ],
            "id": "urn:uuid:1",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": {"id": "https://example.edu/i", "type": "Profile", "name": "I"},
            "validFrom": "2010-01-01T00:00:00Z",
            "name": "B",
            "credentialSubject": {
                "type": "AchievementSubject",
                "achievement": {"id": "urn:a", "type": "Achievement", "name": "A",
                    "description": "D", "criteria": {"narrative": "N"}}
            }
        });
        let first = p.to_rdf(&doc, &Options::default()).unwrap();
        let after_first = cached_contexts(&p);
        // Top-level context plus type- and property-scoped applications.
        assert!(after_first >= 3, "{after_first}");
        for _ in 0..3 {
            assert_eq!(p.to_rdf(&doc, &Options::default()).unwrap(), first);
        }
        assert_eq!(cached_contexts(&p), after_first);
    }

    /// Threads each process the contexts into their own shard (their IRIs are never shared
    /// between threads) and all get the same quads.
    #[test]
    fn threads_use_their_own_shard_and_agree() {
        let p = Processor::with_loader(BundledLoader);
        let doc = serde_json::json!({
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "id": "urn:uuid:1",
            "type": "VerifiableCredential",
            "issuer": "did:example:issuer",
            "credentialSubject": {"id": "did:example:subject"}
        });
        let here = p.to_rdf(&doc, &Options::default()).unwrap();
        let shard_here = thread_shard();
        let (elsewhere, shard_there, cached_there) = std::thread::scope(|scope| {
            scope
                .spawn(|| {
                    let quads = p.to_rdf(&doc, &Options::default()).unwrap();
                    (quads, thread_shard(), cached_contexts(&p))
                })
                .join()
                .unwrap()
        });
        assert_eq!(here, elsewhere);
        assert_ne!(shard_here, shard_there);
        assert!(cached_there >= 1, "the other thread filled its own shard");
        // A predicate IRI is the term definition's own string: the same allocation again on
        // this thread, another one on the other thread.
        let iri = |quads: &[crate::rdf::Quad]| {
            quads
                .iter()
                .find_map(|q| match &q.predicate {
                    crate::rdf::Term::Iri(iri) if iri.ends_with("#issuer") => Some(iri.clone()),
                    _ => None,
                })
                .expect("an issuer quad")
        };
        let again = p.to_rdf(&doc, &Options::default()).unwrap();
        assert!(Arc::ptr_eq(&iri(&here), &iri(&again)));
        assert!(!Arc::ptr_eq(&iri(&here), &iri(&elsewhere)));
    }

    /// Leaving out a top-level property in place is the same as removing it first, wherever the
    /// property sits and whatever it means (even a keyword alias that would pick a scoped context).
    #[test]
    fn left_out_property_is_as_if_removed() {
        let p = Processor::bundled();
        let options = Options {
            safe_mode: false,
            ..Options::default()
        };
        let documents = [
            serde_json::json!({
                "@context": ["https://www.w3.org/ns/credentials/v2"],
                "proof": {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022"},
                "type": ["VerifiableCredential"],
                "credentialSubject": {"id": "did:example:s", "proof": {"type": "Other"}}
            }),
            serde_json::json!({
                "@context": {"@vocab": "https://example.org/", "proof": "@type",
                    "T": {"@id": "https://example.org/T", "@context": {"x": "https://other.example/x"}}},
                "proof": "T",
                "x": "value"
            }),
            serde_json::json!({"@context": {"@vocab": "https://example.org/"}, "a": 1}),
        ];
        for document in documents {
            let mut removed = document.clone();
            if let Some(map) = removed.as_object_mut() {
                map.remove("proof");
            }
            assert_eq!(
                p.to_rdf_without(&document, &options, Some("proof"))
                    .unwrap(),
                p.to_rdf(&removed, &options).unwrap(),
                "{document}"
            );
        }
        // And the property does count when it is not left out.
        let with_proof = serde_json::json!({
            "@context": {"@vocab": "https://example.org/"},
            "proof": {"a": 1},
            "b": 2
        });
        assert_ne!(
            p.to_rdf(&with_proof, &options).unwrap(),
            p.to_rdf_without(&with_proof, &options, Some("proof"))
                .unwrap()
        );
    }
}
