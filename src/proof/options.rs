//! What a signer asks for and what a verifier insists on.

use chrono::{DateTime, TimeDelta, Timelike as _, Utc};

use super::datetime::format_utc;

/// How far a proof's `created` may lie after the verifier's `now` by default: five minutes of
/// clock skew between signer and verifier, as Digital Bazaar's verifiers allow.
pub const DEFAULT_CREATED_SKEW: TimeDelta = TimeDelta::minutes(5);

/// The proof purpose used when none is given: the issuer asserts the document's claims.
pub const ASSERTION_METHOD: &str = "assertionMethod";

/// Options for creating a proof (the Data Integrity "proof options").
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ProofOptions {
    /// The verification method id (DID URL or URL) verifiers will resolve.
    pub verification_method: String,
    /// `proofPurpose`; [`ASSERTION_METHOD`] by default.
    pub proof_purpose: String,
    /// `created` as an XML Schema `dateTimeStamp`; `None` leaves it out.
    pub created: Option<String>,
    /// `expires` as an XML Schema `dateTimeStamp`.
    pub expires: Option<String>,
    /// `id` of the proof (a URL, e.g. `urn:uuid:…`), needed for others to chain to it.
    pub id: Option<String>,
    /// `domain`: one value is written as a string, several as an array.
    pub domain: Vec<String>,
    /// `challenge`.
    pub challenge: Option<String>,
    /// `nonce`.
    pub nonce: Option<String>,
    /// `previousProof`: ids of proofs already on the document that this one chains to (one value
    /// is written as a string, several as an array).
    pub previous_proof: Vec<String>,
}

impl ProofOptions {
    /// Options for an `assertionMethod` proof by `verification_method`, `created` at `now`
    /// (whole seconds, UTC: `YYYY-MM-DDThh:mm:ssZ`). The clock is the caller's.
    pub fn new(verification_method: impl Into<String>, now: DateTime<Utc>) -> Self {
        Self {
            created: Some(format_utc(now.with_nanosecond(0).unwrap_or(now))),
            ..Self::without_created(verification_method)
        }
    }

    /// Options for an `assertionMethod` proof without `created`.
    pub fn without_created(verification_method: impl Into<String>) -> Self {
        Self {
            verification_method: verification_method.into(),
            proof_purpose: ASSERTION_METHOD.to_owned(),
            created: None,
            expires: None,
            id: None,
            domain: Vec::new(),
            challenge: None,
            nonce: None,
            previous_proof: Vec::new(),
        }
    }
}

/// Which proofs of a proof set must verify.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum ProofSetPolicy {
    /// Every proof must verify (the Data Integrity default for sets and chains).
    #[default]
    All,
    /// At least one proof must verify (a verifier that trusts any one of several issuers' keys).
    Any,
}

/// What a verifier checks beyond the signature itself.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct VerifyOptions {
    /// The verification time, used for `expires` (the caller's clock).
    pub now: DateTime<Utc>,
    /// The purpose proofs must state; [`ASSERTION_METHOD`] by default.
    pub expected_proof_purpose: String,
    /// If set, proofs must carry this `domain` (or list it).
    pub domain: Option<String>,
    /// If set, proofs must carry exactly this `challenge`.
    pub challenge: Option<String>,
    /// Whether a proof without `created` is rejected (default `true`: Open Badges issuers
    /// always date their proofs; Data Integrity itself makes `created` optional).
    pub require_created: bool,
    /// How far `created` may lie after `now` (signer/verifier clock skew); a proof created later
    /// than `now + created_skew` is rejected with [`super::ProofError::CreatedInFuture`].
    /// `None` disables the check (e.g. for archived documents verified with a past `now`).
    /// Default: [`DEFAULT_CREATED_SKEW`].
    pub created_skew: Option<TimeDelta>,
    /// Which proofs of a set must verify.
    pub policy: ProofSetPolicy,
}

impl VerifyOptions {
    /// Secure defaults at time `now`: `assertionMethod`, `created` required and not after
    /// `now` + [`DEFAULT_CREATED_SKEW`], every proof must verify.
    pub fn new(now: DateTime<Utc>) -> Self {
        Self {
            now,
            expected_proof_purpose: ASSERTION_METHOD.to_owned(),
            domain: None,
            challenge: None,
            require_created: true,
            created_skew: Some(DEFAULT_CREATED_SKEW),
            policy: ProofSetPolicy::All,
        }
    }
}
