//! The one trait every cryptosuite implements.

use serde_json::Value;

use super::{ProofError, ProofOptions, framework};
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

    /// Whether the suite creates proofs (deprecated suites only verify).
    fn can_sign(&self) -> bool {
        true
    }

    /// The canonical bytes of a document or proof configuration (the suite's transformation).
    fn canonicalize(&self, document: &Value) -> Result<Vec<u8>, ProofError>;

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

    /// Checks one proof against `document_without_proof` (the secured document minus `proof`,
    /// plus the previous proofs of a chain) and the public key of `method`: type, cryptosuite,
    /// date formats, `@context`, `proofValue` and the signature. Resolution, proof purpose,
    /// expiry, domain and challenge are checked by [`crate::proof::verify`].
    fn verify_proof(
        &self,
        document_without_proof: &Value,
        proof: &Value,
        method: &VerificationMethod,
    ) -> Result<(), ProofError> {
        framework::verify_proof_value(self, document_without_proof, proof, method)
    }
}
