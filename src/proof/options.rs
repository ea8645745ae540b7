//! What a signer asks for and what a verifier insists on.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, TimeDelta, Timelike as _, Utc};

use super::datetime::format_utc;

/// How far a proof's `created` may lie after the verifier's `now` by default: five minutes of
/// clock skew between signer and verifier, as Digital Bazaar's verifiers allow.
pub const DEFAULT_CREATED_SKEW: TimeDelta = TimeDelta::minutes(5);

/// How many proofs of one document a verifier examines by default. Open Badges credentials
/// carry one or two; a set of hundreds is only ever an attempt to make verification slow.
pub const DEFAULT_MAX_PROOFS: usize = 16;

/// How long a `previousProof` chain may be by default (links followed from a proof to the
/// first proof of its chain).
pub const DEFAULT_MAX_PROOF_CHAIN: usize = 8;

/// The default work budget of one verification, in units: one unit per JSON value and per
/// 64 bytes of string handed to a canonicalization, [`NDEGREE_CALL_UNITS`] per RDFC-1.0
/// Hash N-Degree Quads call. Verifying a typical credential costs a few thousand units; the
/// budget allows several passes over a 4 MiB document and stays under a second.
pub const DEFAULT_WORK_BUDGET: u64 = 1_000_000;

/// Units one RDFC-1.0 Hash N-Degree Quads call costs against a [`WorkBudget`] (measured: one
/// call costs about as much as canonicalizing ten JSON values).
pub const NDEGREE_CALL_UNITS: u64 = 10;

/// A work budget shared by everything one verification does: each canonicalization (JSON-LD
/// expansion, toRdf, RDFC-1.0 or JCS) of every proof and endorsement is charged to it, so the
/// work an input can cause is bounded once, not once per proof.
///
/// Clones share the same account (that is how a verifier hands one budget to nested checks);
/// [`WorkBudget::new`] opens a fresh one.
#[derive(Debug, Clone)]
pub struct WorkBudget {
    account: Arc<Account>,
}

#[derive(Debug)]
struct Account {
    limit: u64,
    spent: AtomicU64,
}

impl WorkBudget {
    /// A fresh budget of `limit` units.
    pub fn new(limit: u64) -> Self {
        Self {
            account: Arc::new(Account {
                limit,
                spent: AtomicU64::new(0),
            }),
        }
    }

    /// The budget's size in units.
    pub fn limit(&self) -> u64 {
        self.account.limit
    }

    /// Units charged so far.
    pub fn spent(&self) -> u64 {
        self.account.spent.load(Ordering::Relaxed)
    }

    /// Units left.
    pub fn remaining(&self) -> u64 {
        self.limit().saturating_sub(self.spent())
    }

    /// Charges `units`; fails (and stays exhausted) once more than the limit was charged.
    pub fn charge(&self, units: u64) -> Result<(), super::ProofError> {
        let before = self.account.spent.fetch_add(units, Ordering::Relaxed);
        let spent = before.saturating_add(units);
        if spent > self.account.limit {
            return Err(super::ProofError::WorkBudgetExceeded {
                spent,
                limit: self.account.limit,
            });
        }
        Ok(())
    }
}

impl VerifyOptions {
    /// The budget one call charges: the shared one when set, else a fresh one.
    pub(crate) fn budget_for_call(&self) -> WorkBudget {
        self.work_budget
            .clone()
            .unwrap_or_else(|| WorkBudget::new(self.max_work))
    }
}

impl Default for WorkBudget {
    fn default() -> Self {
        Self::new(DEFAULT_WORK_BUDGET)
    }
}

/// Budgets compare by limit and units spent.
impl PartialEq for WorkBudget {
    fn eq(&self, other: &Self) -> bool {
        self.limit() == other.limit() && self.spent() == other.spent()
    }
}

impl Eq for WorkBudget {}

/// The work weight of a JSON value (see [`DEFAULT_WORK_BUDGET`]): one unit per value and per
/// object key, plus one per 64 bytes of string. Iterative: no input depth can exhaust the stack.
pub(crate) fn work_weight(value: &serde_json::Value) -> u64 {
    use serde_json::Value;
    let text = |s: &str| 1 + (s.len() as u64) / 64;
    let mut units = 0u64;
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        units = units.saturating_add(match value {
            Value::String(s) => text(s),
            _ => 1,
        });
        match value {
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => {
                for (key, child) in map {
                    units = units.saturating_add(text(key));
                    stack.push(child);
                }
            }
            _ => {}
        }
    }
    units
}

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
    /// At most this many proofs per document; more is [`super::ProofError::TooManyProofs`]
    /// before any is checked. Default: [`DEFAULT_MAX_PROOFS`].
    pub max_proofs: usize,
    /// Longest `previousProof` chain followed; a longer one fails its proofs with
    /// [`super::ProofError::ProofChainTooLong`]. Default: [`DEFAULT_MAX_PROOF_CHAIN`].
    pub max_proof_chain: usize,
    /// The work budget of one call: each [`super::verify`] / [`super::verify_each`] call opens a
    /// fresh budget of this many units for all the proofs it checks, so options can be reused
    /// for any number of documents. Default: [`DEFAULT_WORK_BUDGET`].
    pub max_work: u64,
    /// A budget shared across calls, charged instead of a fresh [`Self::max_work`] one: set it
    /// when one verification spans several calls (a credential's proofs and its endorsements)
    /// and their work must be bounded once. Clones of a [`WorkBudget`] share its account, so the
    /// caller can read what was spent. Default: `None`.
    pub work_budget: Option<WorkBudget>,
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
            max_proofs: DEFAULT_MAX_PROOFS,
            max_proof_chain: DEFAULT_MAX_PROOF_CHAIN,
            max_work: DEFAULT_WORK_BUDGET,
            work_budget: None,
        }
    }
}
