//! The RDF-canonicalized suites: `eddsa-rdfc-2022`, the deprecated `eddsa-2022` (verify only)
//! and the legacy `Ed25519Signature2020`. They differ from `eddsa-jcs-2022` only in their
//! transformation (JSON-LD → RDF → RDFC-1.0 canonical N-Quads) and in keeping the proof's
//! `@context` out of the proof; all else is the shared framework.

use serde_json::Value;

use super::{Cryptosuite, NDEGREE_CALL_UNITS, ProofContext, ProofError, SignedOver, WorkBudget};
use crate::rdf::Quad;
use crate::rdfc::{
    CanonicalizationOptions, RdfcError, canonicalize, canonicalize_lines, canonicalize_to_string,
};
use sha2::{Digest as _, Sha256};

/// Deserializes a JSON-LD document to an RDF dataset (JSON-LD 1.1 "Deserialize JSON-LD to RDF"
/// with a null base IRI and contexts from an offline loader). Implementations must fail rather
/// than drop data (undefined terms, relative IRIs), as Data Integrity requires.
pub trait ToRdf: Send + Sync {
    /// The dataset the document denotes.
    fn to_rdf(&self, document: &Value) -> Result<Vec<Quad>, ProofError>;

    /// The dataset `secured` denotes without its `proof` property. The default copies the
    /// document; implementations override it to read the document in place.
    fn to_rdf_unsecured(&self, secured: &Value) -> Result<Vec<Quad>, ProofError> {
        self.to_rdf(&super::suite::without_proof(secured))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    EddsaRdfc2022,
    Eddsa2022,
    Ed25519Signature2020,
}

/// An RDF-canonicalized Ed25519 suite over a [`ToRdf`] step; see the constructors.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use openbadges::jsonld::Processor;
/// use openbadges::keys::{Keypair, StaticResolver};
/// use openbadges::proof::{Cryptosuite, ProofOptions, RdfSuite, VerifyOptions, verify};
/// use serde_json::json;
///
/// let suite = RdfSuite::eddsa_rdfc_2022(Processor::bundled());
/// let key = Keypair::from_seed(&[9; 32]);
/// let now = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).single().expect("valid date");
/// let credential = json!({
///     "@context": ["https://www.w3.org/ns/credentials/v2"],
///     "type": ["VerifiableCredential"],
///     "issuer": key.public_key().to_did_key(),
///     "credentialSubject": {"id": "did:example:learner"}
/// });
/// let options = ProofOptions::new(key.public_key().to_did_key_method_id(), now);
/// let signed = suite.sign(&credential, &options, &key)?;
/// assert!(signed["proof"].get("@context").is_none());
/// verify(&signed, &[&suite], &StaticResolver::new(), &VerifyOptions::new(now))?;
/// # Ok::<(), openbadges::proof::ProofError>(())
/// ```
#[derive(Debug, Clone)]
pub struct RdfSuite<T> {
    kind: Kind,
    to_rdf: T,
    limits: CanonicalizationOptions,
}

impl<T: ToRdf> RdfSuite<T> {
    /// `eddsa-rdfc-2022` (vc-di-eddsa §3.2), the suite Open Badges 3.0 conformance requires.
    pub fn eddsa_rdfc_2022(to_rdf: T) -> Self {
        Self::new(Kind::EddsaRdfc2022, to_rdf)
    }

    /// The deprecated `eddsa-2022` (same algorithm as `eddsa-rdfc-2022`), for verifying old
    /// credentials; it refuses to sign.
    pub fn eddsa_2022(to_rdf: T) -> Self {
        Self::new(Kind::Eddsa2022, to_rdf)
    }

    /// The legacy `Ed25519Signature2020` suite (proof type `Ed25519Signature2020`, no
    /// `cryptosuite` property).
    pub fn ed25519_signature_2020(to_rdf: T) -> Self {
        Self::new(Kind::Ed25519Signature2020, to_rdf)
    }

    /// These suites with other RDFC-1.0 work limits (the defaults stop poison graphs quickly).
    pub fn with_limits(mut self, limits: CanonicalizationOptions) -> Self {
        self.limits = limits;
        self
    }

    fn new(kind: Kind, to_rdf: T) -> Self {
        Self {
            kind,
            to_rdf,
            limits: CanonicalizationOptions::default(),
        }
    }
}

impl<T: ToRdf> Cryptosuite for RdfSuite<T> {
    fn name(&self) -> &str {
        match self.kind {
            Kind::EddsaRdfc2022 => "eddsa-rdfc-2022",
            Kind::Eddsa2022 => "eddsa-2022",
            Kind::Ed25519Signature2020 => "Ed25519Signature2020",
        }
    }

    fn proof_type(&self) -> &str {
        match self.kind {
            Kind::Ed25519Signature2020 => "Ed25519Signature2020",
            Kind::EddsaRdfc2022 | Kind::Eddsa2022 => "DataIntegrityProof",
        }
    }

    fn cryptosuite(&self) -> Option<&str> {
        match self.kind {
            Kind::Ed25519Signature2020 => None,
            Kind::EddsaRdfc2022 | Kind::Eddsa2022 => Some(self.name()),
        }
    }

    fn proof_context(&self) -> ProofContext {
        ProofContext::FromDocument
    }

    fn can_sign(&self) -> bool {
        self.kind != Kind::Eddsa2022
    }

    fn signs_rdf_dataset(&self) -> bool {
        true
    }

    fn canonicalize(&self, document: &Value) -> Result<Vec<u8>, ProofError> {
        self.canonical_nquads(&self.to_rdf.to_rdf(document)?)
    }

    fn canonicalize_unsecured(&self, secured: &Value) -> Result<Vec<u8>, ProofError> {
        self.canonical_nquads(&self.to_rdf.to_rdf_unsecured(secured)?)
    }

    /// RDFC-1.0 with its Hash N-Degree Quads calls charged to `budget`, and never more calls
    /// than the budget has left: a poison graph repeated across a proof set is stopped once.
    fn canonicalize_within(
        &self,
        document: &SignedOver<'_>,
        budget: &WorkBudget,
    ) -> Result<Vec<u8>, ProofError> {
        self.canonical_within(document, budget, |quads, limits| {
            canonicalize(quads, limits)
                .map(|canonical| (canonical.nquads.into_bytes(), canonical.ndegree_calls))
        })
    }

    /// [`Self::canonicalize_within`], the lines hashed as they come: a presentation's
    /// canonical form (tens of kilobytes) is never copied into one buffer.
    fn hash_within(
        &self,
        document: &SignedOver<'_>,
        budget: &WorkBudget,
    ) -> Result<[u8; 32], ProofError> {
        self.canonical_within(document, budget, |quads, limits| {
            let mut hasher = Sha256::new();
            let calls = canonicalize_lines(quads, limits, |line| hasher.update(line.as_bytes()))?;
            Ok((hasher.finalize().into(), calls))
        })
    }
}

impl<T: ToRdf> RdfSuite<T> {
    /// `document` to RDF, then `canonicalize` under the suite's limits capped by what `budget`
    /// has left, its Hash N-Degree Quads calls charged to `budget`.
    fn canonical_within<R>(
        &self,
        document: &SignedOver<'_>,
        budget: &WorkBudget,
        canonicalize: impl FnOnce(&[Quad], &CanonicalizationOptions) -> Result<(R, usize), RdfcError>,
    ) -> Result<R, ProofError> {
        let quads = match document {
            SignedOver::Unsecured(secured) => self.to_rdf.to_rdf_unsecured(secured)?,
            SignedOver::Document(document) => self.to_rdf.to_rdf(document)?,
        };
        let affordable =
            usize::try_from(budget.remaining() / NDEGREE_CALL_UNITS).unwrap_or(usize::MAX);
        let mut limits = self.limits.clone();
        let capped_by_budget = affordable < limits.max_ndegree_calls;
        limits.max_ndegree_calls = limits.max_ndegree_calls.min(affordable);
        let units = |calls: usize| (calls as u64).saturating_mul(NDEGREE_CALL_UNITS);
        match canonicalize(&quads, &limits) {
            Ok((canonical, calls)) => {
                budget.charge(units(calls))?;
                Ok(canonical)
            }
            Err(RdfcError::WorkBudgetExceeded { calls, .. }) if capped_by_budget => {
                budget.charge(units(calls))?;
                Err(ProofError::WorkBudgetExceeded {
                    spent: budget.spent(),
                    limit: budget.limit(),
                })
            }
            // The run's own limit stopped it: the work done still counts.
            Err(e @ RdfcError::WorkBudgetExceeded { calls, .. }) => {
                budget.charge(units(calls))?;
                Err(ProofError::Canonicalization(e.to_string()))
            }
            Err(e) => Err(ProofError::Canonicalization(e.to_string())),
        }
    }
}

impl<T> RdfSuite<T> {
    fn canonical_nquads(&self, quads: &[Quad]) -> Result<Vec<u8>, ProofError> {
        canonicalize_to_string(quads, &self.limits)
            .map(String::into_bytes)
            .map_err(|e| ProofError::Canonicalization(e.to_string()))
    }
}

/// JSON-LD 1.1 → RDF with the crate's processor in safe mode (undefined terms and relative IRIs
/// are errors, never silently dropped: Data Integrity's DATA_LOSS_DETECTION_ERROR) and a null base.
impl ToRdf for crate::jsonld::Processor {
    fn to_rdf(&self, document: &Value) -> Result<Vec<Quad>, ProofError> {
        let options = crate::jsonld::Options::default();
        crate::jsonld::Processor::to_rdf(self, document, &options).map_err(json_ld_failure)
    }

    fn to_rdf_unsecured(&self, secured: &Value) -> Result<Vec<Quad>, ProofError> {
        let options = crate::jsonld::Options::default();
        self.to_rdf_without(secured, &options, Some(super::suite::PROOF))
            .map_err(json_ld_failure)
    }
}

fn json_ld_failure(e: crate::jsonld::JsonLdError) -> ProofError {
    match e.unavailable_document() {
        Some(url) => ProofError::ContextUnavailable {
            url: url.to_owned(),
        },
        None => ProofError::Canonicalization(e.to_string()),
    }
}

impl<T: ToRdf + ?Sized> ToRdf for &T {
    fn to_rdf(&self, document: &Value) -> Result<Vec<Quad>, ProofError> {
        (**self).to_rdf(document)
    }

    fn to_rdf_unsecured(&self, secured: &Value) -> Result<Vec<Quad>, ProofError> {
        (**self).to_rdf_unsecured(secured)
    }
}

impl<T: ToRdf + ?Sized> ToRdf for std::sync::Arc<T> {
    fn to_rdf(&self, document: &Value) -> Result<Vec<Quad>, ProofError> {
        (**self).to_rdf(document)
    }

    fn to_rdf_unsecured(&self, secured: &Value) -> Result<Vec<Quad>, ProofError> {
        (**self).to_rdf_unsecured(secured)
    }
}
