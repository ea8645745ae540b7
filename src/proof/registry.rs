//! The one place cryptosuites are registered: the issuer, the verifier and the CLI all read the
//! suites from a [`SuiteRegistry`], so adding a suite means adding it to [`all_suites`] only.

use std::sync::{Arc, OnceLock};

use super::{Cryptosuite, EddsaJcs2022, RdfSuite, ToRdf};
use crate::documents::DocumentStore;
use crate::jsonld::{BundledLoader, ChainLoader, Processor};

/// Every suite this crate implements, RDF-based ones over `to_rdf`: signing suites first, in the
/// order a verifier reports them.
fn all_suites<T: ToRdf + Clone + 'static>(to_rdf: T) -> Vec<Arc<dyn Cryptosuite>> {
    vec![
        Arc::new(RdfSuite::eddsa_rdfc_2022(to_rdf.clone())),
        Arc::new(EddsaJcs2022),
        Arc::new(RdfSuite::ed25519_signature_2020(to_rdf.clone())),
        Arc::new(RdfSuite::eddsa_2022(to_rdf)),
    ]
}

/// The cryptosuites and the JSON-LD processor they canonicalize with.
///
/// [`SuiteRegistry::standard`] uses the bundled contexts only; [`SuiteRegistry::with_documents`]
/// adds the contexts a caller registered (asked after the bundled ones, never the network).
///
/// ```
/// use openbadges::proof::SuiteRegistry;
///
/// let names: Vec<&str> = SuiteRegistry::standard().suites().iter().map(|s| s.name()).collect();
/// assert_eq!(names, ["eddsa-rdfc-2022", "eddsa-jcs-2022", "Ed25519Signature2020", "eddsa-2022"]);
/// assert!(SuiteRegistry::standard().get("eddsa-jcs-2022").is_some());
/// ```
#[derive(Clone)]
pub struct SuiteRegistry {
    processor: Arc<Processor>,
    suites: Vec<Arc<dyn Cryptosuite>>,
}

impl std::fmt::Debug for SuiteRegistry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.suites.iter().map(|s| s.name()))
            .finish()
    }
}

impl SuiteRegistry {
    /// The suites over the bundled contexts (one process-wide instance, its context cache warm).
    pub fn standard() -> &'static SuiteRegistry {
        static STANDARD: OnceLock<SuiteRegistry> = OnceLock::new();
        STANDARD.get_or_init(|| SuiteRegistry::with_processor(Processor::bundled_shared()))
    }

    /// The suites over the bundled contexts plus the contexts in `documents` (the standard
    /// registry when there are none).
    pub fn with_documents(documents: &DocumentStore) -> SuiteRegistry {
        if !documents.has_contexts() {
            return SuiteRegistry::standard().clone();
        }
        let loader = ChainLoader::new(vec![
            Box::new(BundledLoader),
            Box::new(documents.context_loader()),
        ]);
        SuiteRegistry::with_processor(Arc::new(Processor::with_loader(loader)))
    }

    /// The suites over `processor`.
    pub fn with_processor(processor: Arc<Processor>) -> SuiteRegistry {
        SuiteRegistry {
            suites: all_suites(Arc::clone(&processor)),
            processor,
        }
    }

    /// The JSON-LD processor the RDF suites use.
    pub fn processor(&self) -> &Processor {
        &self.processor
    }

    /// Every registered suite.
    pub fn suites(&self) -> Vec<&dyn Cryptosuite> {
        self.suites.iter().map(|s| s.as_ref()).collect()
    }

    /// The suite named `name` (its `cryptosuite` value, or the proof type of a legacy suite).
    pub fn get(&self, name: &str) -> Option<&dyn Cryptosuite> {
        self.suites
            .iter()
            .map(|s| s.as_ref())
            .find(|s| s.name() == name)
    }

    /// The suite a proof object names (by `cryptosuite`, else by `type`), if registered.
    pub fn for_proof(&self, proof: &serde_json::Value) -> Option<&dyn Cryptosuite> {
        let proof_type = proof.get("type").and_then(serde_json::Value::as_str)?;
        let cryptosuite = proof.get("cryptosuite").and_then(serde_json::Value::as_str);
        self.suites.iter().map(|s| s.as_ref()).find(|s| {
            s.proof_type() == proof_type
                && match (s.cryptosuite(), cryptosuite) {
                    (Some(a), Some(b)) => a == b,
                    (None, _) => true,
                    (Some(_), None) => false,
                }
        })
    }
}

/// Every suite this crate implements, over the bundled JSON-LD contexts: `eddsa-rdfc-2022`,
/// `eddsa-jcs-2022`, `Ed25519Signature2020` and the deprecated, verify-only `eddsa-2022` — what
/// an Open Badges verifier accepts ([`SuiteRegistry::standard`]).
///
/// ```
/// use openbadges::proof::standard_suites;
///
/// let names: Vec<&str> = standard_suites().iter().map(|s| s.name()).collect();
/// assert_eq!(names, ["eddsa-rdfc-2022", "eddsa-jcs-2022", "Ed25519Signature2020", "eddsa-2022"]);
/// ```
pub fn standard_suites() -> &'static [&'static dyn Cryptosuite] {
    static REFS: OnceLock<Vec<&'static dyn Cryptosuite>> = OnceLock::new();
    REFS.get_or_init(|| SuiteRegistry::standard().suites())
}
