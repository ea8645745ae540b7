//! The one trait every cryptosuite implements.

use std::borrow::Cow;

use serde_json::Value;

use super::{ProofError, ProofOptions, WorkBudget, framework};
use crate::keys::{Keypair, VerificationMethod};

/// Where a suite takes the JSON-LD `@context` of the proof configuration from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProofContext {
    /// The document's `@context` is copied into the proof when it is created and signed with it;
    /// when verifying, the document's `@context` must start with the proof's (`eddsa-jcs-2022`).
    Embedded,
    /// The document's `@context` is set on the proof configuration for hashing only and never
    /// written into the proof (`eddsa-rdfc-2022`, `eddsa-2022`, `Ed25519Signature2020`).
    FromDocument,
}

/// The document a proof signs, as the framework holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum SignedOver<'a> {
    /// A secured document (a JSON object) read without its `proof` property, in place (no copy
    /// is made).
    Unsecured(&'a Value),
    /// A document as given: already without proofs, or built for a chained proof (the proofs it
    /// names as its `proof`).
    Document(Cow<'a, Value>),
}

impl SignedOver<'_> {
    /// A top-level property of the document (never `proof` of an [`SignedOver::Unsecured`] one).
    pub fn get(&self, property: &str) -> Option<&Value> {
        match self {
            SignedOver::Unsecured(_) if property == PROOF => None,
            SignedOver::Unsecured(secured) => secured.get(property),
            SignedOver::Document(document) => document.get(property),
        }
    }

    /// The document as a JSON value (a copy for [`SignedOver::Unsecured`]).
    pub fn to_document(&self) -> Value {
        match self {
            SignedOver::Unsecured(secured) => without_proof(secured),
            SignedOver::Document(document) => document.as_ref().clone(),
        }
    }
}

impl<'a> From<&'a Value> for SignedOver<'a> {
    fn from(document: &'a Value) -> Self {
        SignedOver::Document(Cow::Borrowed(document))
    }
}

/// The property that holds a secured document's proofs.
pub(crate) const PROOF: &str = "proof";

/// A copy of `secured` without `proof`.
pub(crate) fn without_proof(secured: &Value) -> Value {
    let mut document = secured.clone();
    if let Some(map) = document.as_object_mut() {
        map.shift_remove(PROOF);
    }
    document
}

/// A Data Integrity cryptographic suite.
///
/// A suite only says who it is and how it canonicalizes a document; everything else (proof
/// configuration, `created`/`expires`, `@context` handling, hashing
/// `SHA-256(proof config) ‖ SHA-256(document)`, Ed25519 signing, `proofValue` encoding, proof
/// sets and chains, proof purposes) is the shared framework in [`crate::proof`], reached through
/// the provided methods. An RDF-based suite implements [`Cryptosuite::canonicalize`] with JSON-LD
/// expansion to RDF followed by RDFC-1.0 and returns [`ProofContext::FromDocument`].
pub trait Cryptosuite: Send + Sync {
    /// The suite's name: the `cryptosuite` value (`eddsa-jcs-2022`), or the proof type for
    /// legacy suites that have none.
    fn name(&self) -> &str;

    /// The proof `type` (`DataIntegrityProof` unless overridden).
    fn proof_type(&self) -> &str {
        "DataIntegrityProof"
    }

    /// The `cryptosuite` property proofs carry; `None` for legacy suites without one.
    fn cryptosuite(&self) -> Option<&str> {
        Some(self.name())
    }

    /// How the proof configuration gets its `@context`.
    fn proof_context(&self) -> ProofContext;

    /// Whether the suite signs an RDF dataset (JSON-LD expansion + RDFC-1.0) rather than the JSON
    /// bytes: only then can JSON-LD processing change what the signature covers.
    fn signs_rdf_dataset(&self) -> bool {
        false
    }

    /// Whether the suite creates proofs (deprecated suites only verify).
    fn can_sign(&self) -> bool {
        true
    }

    /// The canonical bytes of a document or proof configuration (the suite's transformation).
    fn canonicalize(&self, document: &Value) -> Result<Vec<u8>, ProofError>;

    /// The canonical bytes of `secured` without its `proof` property: what a proof that chains to
    /// no other signs. The default copies the document and calls [`Cryptosuite::canonicalize`];
    /// suites override it to read the document in place, as verification does this for every
    /// proof.
    fn canonicalize_unsecured(&self, secured: &Value) -> Result<Vec<u8>, ProofError> {
        self.canonicalize(&without_proof(secured))
    }

    /// Signs `document` with `key`, returning the document with the new proof added (to a proof
    /// set when it already carries proofs; chained to those named in
    /// [`ProofOptions::previous_proof`]).
    fn sign(
        &self,
        document: &Value,
        options: &ProofOptions,
        key: &Keypair,
    ) -> Result<Value, ProofError> {
        framework::add_proof(self, document, options, key)
    }

    /// Checks one proof against the document it signs (the secured document minus `proof`,
    /// plus the previous proofs of a chain; `(&document).into()` for a document at hand) and the
    /// public key of `method`: type, cryptosuite, date formats, `@context`, `proofValue` and the
    /// signature. Resolution, proof purpose, expiry, domain and challenge are checked by
    /// [`crate::proof::verify`].
    fn verify_proof(
        &self,
        signed_over: SignedOver<'_>,
        proof: &Value,
        method: &VerificationMethod,
    ) -> Result<(), ProofError> {
        self.verify_proof_within(signed_over, proof, method, &WorkBudget::new(u64::MAX))
    }

    /// [`Cryptosuite::verify_proof`], charging the canonicalizations to `budget` (what
    /// [`crate::proof::verify`] calls, with [`crate::proof::VerifyOptions::work_budget`]).
    fn verify_proof_within(
        &self,
        signed_over: SignedOver<'_>,
        proof: &Value,
        method: &VerificationMethod,
        budget: &WorkBudget,
    ) -> Result<(), ProofError> {
        framework::verify_proof_value(self, signed_over, proof, method, budget)
    }

    /// The canonical bytes of `document`, charging `budget` for work beyond the linear pass the
    /// framework already charged for (an RDF suite charges its RDFC-1.0 Hash N-Degree Quads
    /// calls). The default charges nothing more.
    fn canonicalize_within(
        &self,
        document: &SignedOver<'_>,
        budget: &WorkBudget,
    ) -> Result<Vec<u8>, ProofError> {
        let _ = budget;
        match document {
            SignedOver::Unsecured(secured) => self.canonicalize_unsecured(secured),
            SignedOver::Document(document) => self.canonicalize(document),
        }
    }

    /// SHA-256 of [`Cryptosuite::canonicalize_within`]'s bytes (the hash every suite here signs
    /// over). A suite may compute it without building the bytes.
    fn hash_within(
        &self,
        document: &SignedOver<'_>,
        budget: &WorkBudget,
    ) -> Result<[u8; 32], ProofError> {
        use sha2::Digest as _;
        Ok(sha2::Sha256::digest(self.canonicalize_within(document, budget)?).into())
    }
}
