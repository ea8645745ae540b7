//! Why a proof could not be created or did not verify.

use crate::keys::ResolveError;

/// A proof could not be created, or did not verify. Each variant is one failure class a
/// verification report can name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProofError {
    /// The secured document (or a proof in it) is not shaped as Data Integrity requires
    /// (not a JSON object, `proof` not an object or array of objects…).
    #[error("malformed document at `{pointer}`: {reason}")]
    Malformed {
        /// JSON Pointer to the offending value.
        pointer: String,
        /// What was wrong.
        reason: String,
    },
    /// The document carries no `proof`.
    #[error("the document has no proof")]
    MissingProof,
    /// A required proof property is absent or not a string.
    #[error("proof property `{property}` is missing or not a string")]
    MissingProperty {
        /// The property (`type`, `verificationMethod`, `proofPurpose`, `proofValue`, `created`).
        property: &'static str,
    },
    /// A JSON-LD context the document uses is neither bundled nor supplied by the caller.
    #[error(
        "JSON-LD context `{url}` is not available offline (it is not bundled: supply it as a document, e.g. `--context {url}=FILE`)"
    )]
    ContextUnavailable {
        /// The context's URL.
        url: String,
    },
    /// No registered cryptosuite handles this proof's `type` / `cryptosuite` pair.
    #[error("unsupported proof: type `{proof_type}`, cryptosuite `{cryptosuite}`")]
    UnsupportedSuite {
        /// The proof's `type`.
        proof_type: String,
        /// The proof's `cryptosuite` (empty when absent).
        cryptosuite: String,
    },
    /// The proof's `cryptosuite` is not the one the suite implements.
    #[error("cryptosuite `{found}` where `{expected}` was expected")]
    WrongCryptosuite {
        /// The suite's name.
        expected: String,
        /// The proof's value (empty when absent).
        found: String,
    },
    /// The proof's `type` is not the one the suite uses.
    #[error("proof type `{found}` where `{expected}` was expected")]
    WrongProofType {
        /// The suite's proof type.
        expected: String,
        /// The proof's value.
        found: String,
    },
    /// `created` is absent although required.
    #[error("the proof has no `created` date")]
    MissingCreated,
    /// `created` or `expires` is not an XML Schema `dateTimeStamp`.
    #[error("`{property}` value `{value}` is not an XML Schema dateTimeStamp: {reason}")]
    InvalidDateTime {
        /// `created` or `expires`.
        property: &'static str,
        /// The offending value.
        value: String,
        /// What was wrong.
        reason: String,
    },
    /// The proof's `expires` lies before the verification time.
    #[error("the proof expired at {expires}")]
    Expired {
        /// The proof's `expires` value.
        expires: String,
    },
    /// The proof's `created` lies after the verification time by more than the allowed clock skew
    /// ([`crate::proof::VerifyOptions::created_skew`]): a proof cannot have been made in the future.
    #[error("the proof was created at {created}, after the verification time")]
    CreatedInFuture {
        /// The proof's `created` value.
        created: String,
    },
    /// The proof's `proofPurpose` is not the one the verifier expects.
    #[error("proof purpose `{found}` where `{expected}` was expected")]
    ProofPurposeMismatch {
        /// The expected purpose.
        expected: String,
        /// The proof's purpose.
        found: String,
    },
    /// The proof's `domain` does not contain the verifier's domain.
    #[error("the proof's domain does not match `{expected}`")]
    DomainMismatch {
        /// The domain the verifier operates in.
        expected: String,
    },
    /// The proof's `challenge` differs from the verifier's.
    #[error("the proof's challenge does not match `{expected}`")]
    ChallengeMismatch {
        /// The challenge the verifier issued.
        expected: String,
    },
    /// `proofValue` is not base58btc multibase or not a 64-byte Ed25519 signature.
    #[error("invalid proofValue: {reason}")]
    InvalidProofValue {
        /// What was wrong.
        reason: String,
    },
    /// The controller document does not list the verification method under the proof purpose.
    #[error("verification method `{method}` is not authorized for `{purpose}` by `{controller}`")]
    MethodNotAuthorized {
        /// The verification method id.
        method: String,
        /// The proof purpose (verification relationship).
        purpose: String,
        /// The controller document id consulted.
        controller: String,
    },
    /// The proof's `@context` is not a prefix of the document's `@context`.
    #[error("the proof's @context does not match the document's @context")]
    ContextMismatch,
    /// The signature does not verify over the canonical document and proof configuration.
    #[error("the signature is invalid")]
    SignatureInvalid,
    /// The verification method (or its controller document) cannot be obtained offline.
    #[error("key `{id}` is unavailable (not resolvable offline)")]
    KeyUnavailable {
        /// The identifier that could not be resolved.
        id: String,
    },
    /// The verification method or its controller document was found but is unusable.
    #[error("verification method resolution failed: {0}")]
    Resolution(ResolveError),
    /// The verification method's key type cannot be used by this suite.
    #[error("verification method `{method}` does not hold an Ed25519 key")]
    UnsupportedKey {
        /// The verification method id.
        method: String,
    },
    /// A `previousProof` names a proof that is not in the document.
    #[error("previous proof `{id}` is not in the document")]
    PreviousProofNotFound {
        /// The missing proof id.
        id: String,
    },
    /// The document carries more proofs than the verifier examines.
    #[error(
        "the document carries {count} proofs, more than the limit of {limit} (raise `max_proofs` in the verify options to accept more)"
    )]
    TooManyProofs {
        /// Proofs in the document.
        count: usize,
        /// The configured limit.
        limit: usize,
    },
    /// A chain of `previousProof` links is longer than the verifier follows.
    #[error(
        "proof chain of {length} links or more exceeds the limit of {limit} (raise `max_proof_chain` in the verify options to follow longer chains)"
    )]
    ProofChainTooLong {
        /// The chain length reached when the walk stopped.
        length: usize,
        /// The configured limit.
        limit: usize,
    },
    /// `previousProof` names an id that more than one proof of the set carries, or the chain
    /// leads back to the proof itself: which proofs are signed over is ambiguous.
    #[error("`previousProof` `{id}` is ambiguous: {reason}")]
    AmbiguousPreviousProof {
        /// The proof id named.
        id: String,
        /// Why (several proofs carry it, or the chain is a cycle).
        reason: &'static str,
    },
    /// The verification's work budget (JSON-LD expansion, RDF canonicalization, shared by all
    /// proofs and endorsements of one verification) ran out.
    #[error(
        "work budget of {limit} units exhausted ({spent} units needed so far; raise `max_work` in the verify options to allow more)"
    )]
    WorkBudgetExceeded {
        /// The units charged when the work stopped.
        spent: u64,
        /// The configured budget.
        limit: u64,
    },
    /// A proof that this proof chains to did not verify.
    #[error("previous proof `{id}` did not verify")]
    PreviousProofFailed {
        /// The failed proof's id.
        id: String,
    },
    /// The suite can verify but not create proofs (deprecated suites).
    #[error("cryptosuite `{0}` is verify-only")]
    SignNotSupported(String),
    /// The document could not be canonicalized (JCS, or JSON-LD/RDFC for RDF suites).
    #[error("canonicalization failed: {0}")]
    Canonicalization(String),
}

impl From<ResolveError> for ProofError {
    fn from(error: ResolveError) -> Self {
        match error {
            ResolveError::NotFound { id } => ProofError::KeyUnavailable { id },
            other => ProofError::Resolution(other),
        }
    }
}
