//! Verify any badge a teacher shares — credential JSON, a compact VC-JWT, or a baked PNG or SVG —
//! fully offline, in one call, with a report people can act on.
//!
//! [`Verifier::verify`] takes the bytes as received and returns a [`VerificationReport`]: one
//! [`Check`] per step under a stable [`CheckCode`], each proof tried, the embedded endorsements
//! (verified recursively), a [`DisplayView`] for a displayer, and one [`Outcome`] that tells
//! apart *forged or altered*, *issuer key unavailable*, *authentic but expired* and *authentic
//! but revoked*. It never panics and never touches the network: DID documents, key documents
//! and status lists are supplied by the caller, JSON-LD contexts come from the crate's bundled
//! set, time comes from the options (or an injected [`Clock`]).
//!
//! # Verification policy: authenticity first, conformance as its own verdict
//!
//! The [`Outcome`] answers *can this badge be trusted*: the signature (`PROOF`), that the JSON
//! says what was signed (`SIGNED_FORM`), that the key is the issuer's (`ISSUER_BINDING`), the
//! validity window (`VALIDITY`) and the status (`STATUS`). A tampered copy of any credential is
//! always [`Outcome::Forged`].
//!
//! The [`Conformance`] verdict answers *does it follow the data model*: Open Badges 3.0 rules
//! ([`crate::validate`]), an Open Badges type at all, JSON-LD findings under JCS or JWT
//! signatures. Badges published by other platforms often bend a rule (an issuer `image` given as
//! a URL string, an `achievementType` outside the enumeration, no recipient identifier) while
//! being authentic; by default such problems are warnings, listed with code and JSON Pointer, and
//! do not change the outcome. [`VerifyOptions::strict`] makes them fail (as [`Outcome::Invalid`],
//! or [`Outcome::NotAnOpenBadge`] for a credential without an Open Badges type) — use it to check
//! your own issuing, as a conformance validator does; use the default to decide whether to trust
//! a badge someone shared.
//!
//! Checks, in order (codes as in the JSON report):
//!
//! | code | what | fails as |
//! |---|---|---|
//! | `PARSE` | size limits, format detection, unbaking, strict JSON, it is a verifiable credential (an Open Badges type is a conformance matter) | `UNREADABLE`, `NOT_AN_OPEN_BADGE` |
//! | `CONTEXTS` | every context bundled or supplied, safe-mode expansion of the document without its proofs | under an RDF proof: `INVALID`, `DOCUMENT_UNAVAILABLE`; otherwise conformance |
//! | `SIGNED_FORM` | what the checks read from the JSON is what an RDF signature covers | `FORGED` |
//! | `SPEC` | the data-model rules ([`crate::validate`]) | conformance (strict: `INVALID`) |
//! | `PROOF` | any one proof verifies (the registered suites: eddsa-rdfc-2022, eddsa-jcs-2022, Ed25519Signature2020, eddsa-2022; or the VC-JWT); proofs of unknown types are skipped | `FORGED`, `KEY_UNAVAILABLE`, `DOCUMENT_UNAVAILABLE`, `INVALID` |
//! | `ISSUER_BINDING` | the key's controller is the issuer and lists it under `assertionMethod` | `UNBOUND_KEY` |
//! | `VALIDITY` | `validFrom`/`validUntil` (VC 1.1 `issuanceDate`/`expirationDate`) ± skew | `EXPIRED`, `NOT_YET_VALID`, `INVALID` |
//! | `STATUS` | the status method of each entry: Bitstring Status List (the list credential verified first; short lists read with a warning), `1EdTechRevocationList` | `REVOKED`, `SUSPENDED`, `STATUS_UNAVAILABLE` |
//! | `ENDORSEMENT` | each embedded `endorsement` / `endorsementJwt`, recursively (depth-limited) | warning only |
//! | `RECIPIENT` | optional: hashed email `identifier` or `credentialSubject.id` | `RECIPIENT_MISMATCH` |
//!
//! When several checks fail, the outcome is the first in [`Outcome`]'s declaration order.
//!
//! Open Badges 2.0 assertions (hosted or signed; JSON, JWS, assertion URL, baked PNG or SVG) go
//! through the OB 2.0 checks of [`crate::ob2`] under the same codes and outcomes, with `input`
//! `ob2-json`, `ob2-jws`, `ob2-url`, `ob2-png` or `ob2-svg`.
//!
//! # Documents from the caller
//!
//! Nothing is fetched. Contexts that are not bundled, `did:web` and `https:` key documents and
//! status list credentials come from a [`DocumentStore`] ([`Verifier::with_documents`],
//! [`Verifier::register_document`]); [`Verifier::needs`] lists what a credential refers to and
//! the verifier does not have yet, so a caller can fetch exactly those with its own HTTP stack.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use openbadges::keys::Keypair;
//! use openbadges::proof::{Cryptosuite, EddsaJcs2022, ProofOptions};
//! use openbadges::verify::{CheckCode, CheckStatus, Outcome, Verifier, VerifyOptions};
//! use serde_json::json;
//!
//! let key = Keypair::from_seed(&[1u8; 32]);
//! let issuer = key.public_key().to_did_key();
//! let credential = json!({
//!     "@context": ["https://www.w3.org/ns/credentials/v2",
//!                  "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
//!     "id": "urn:uuid:6a3d2a39-6f09-4c5b-9a43-5d2d7c7b1e01",
//!     "type": ["VerifiableCredential", "OpenBadgeCredential"],
//!     "issuer": {"id": issuer, "type": ["Profile"], "name": "Example School"},
//!     "validFrom": "2026-01-01T00:00:00Z",
//!     "name": "Fractions",
//!     "credentialSubject": {
//!         "type": ["AchievementSubject"],
//!         "id": "did:example:learner",
//!         "achievement": {
//!             "id": "https://school.example/achievements/fractions",
//!             "type": ["Achievement"],
//!             "name": "Fractions",
//!             "description": "Adds and compares fractions.",
//!             "criteria": {"narrative": "Passes the unit test."}
//!         }
//!     }
//! });
//! let now = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
//! let signed = EddsaJcs2022.sign(
//!     &credential,
//!     &ProofOptions::new(key.public_key().to_did_key_method_id(), now),
//!     &key,
//! )?;
//! let bytes = serde_json::to_vec(&signed)?;
//!
//! let report = Verifier::new(VerifyOptions::new(now)).verify(&bytes);
//! assert_eq!(report.outcome(), Outcome::Verified, "{}", report.to_json());
//! assert_eq!(report.status_of(CheckCode::Proof), Some(CheckStatus::Passed));
//! assert_eq!(report.display().unwrap().achievement_name.as_deref(), Some("Fractions"));
//!
//! let mut tampered = signed.clone();
//! tampered["credentialSubject"]["achievement"]["name"] = "Calculus".into();
//! let report = Verifier::new(VerifyOptions::new(now)).verify(&serde_json::to_vec(&tampered)?);
//! assert_eq!(report.outcome(), Outcome::Forged);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod batch;
mod checks;
mod entries;
pub(crate) mod findings;
mod input;
mod needs;
pub(crate) mod pipeline;
mod presentation;
pub(crate) mod report;
mod shared_work;

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::bake::UnbakeLimits;
use crate::clock::Clock;
use crate::documents::{DocumentError, DocumentKind, DocumentStore};
use crate::json::JsonLimits;
use crate::keys::{
    ControllerDocument, KeyError, ResolveError, Resolver, StaticResolver, VerificationMethod,
};
use crate::proof::SuiteRegistry;

pub use batch::Batch;
pub use needs::Needs;
pub use presentation::{
    PresentationCheck, PresentationCheckCode, PresentationFormat, PresentationOptions,
    PresentationOutcome, PresentationReport, PresentedCredentialReport, Submission, classify,
    classify_json,
};
pub use report::{
    Check, CheckCode, CheckStatus, Conformance, ConformanceProblem, DisplayCriteria, DisplayImage,
    DisplayView, InputKind, MAX_INLINE_IMAGE_BYTES, Outcome, ProofAttempt, Severity,
    VerificationReport,
};

/// Who the credential is expected to belong to (the optional `RECIPIENT` check).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExpectedRecipient {
    /// An email address, compared with `credentialSubject.identifier` entries of identity type
    /// `emailAddress` (hashed `sha256$hex(email + salt)` or plain).
    Email(String),
    /// A DID or URL, compared with `credentialSubject.id`.
    Id(String),
}

/// What the verifier accepts and how strict it is. [`VerifyOptions::new`] gives secure
/// defaults: bundled contexts only, keys must be bound to the issuer, status must be checkable.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct VerifyOptions {
    /// The verification time (unless the [`Verifier`] has a clock).
    pub now: DateTime<Utc>,
    /// Clock skew tolerated on both ends of the validity window, in seconds (default 300).
    pub clock_skew_seconds: u32,
    /// Largest accepted input, in bytes, checked before anything else (default 16 MiB).
    pub max_input_bytes: usize,
    /// Limits on the credential JSON (size, depth; default 4 MiB, depth 128).
    pub json_limits: JsonLimits,
    /// Limits on baked images and their payloads.
    pub unbake_limits: UnbakeLimits,
    /// Longest accepted compact JWT, in bytes (default 1 MiB).
    pub max_jwt_bytes: usize,
    /// How deep endorsements of endorsements are followed (default 2; 0 = not verified).
    pub max_endorsement_depth: usize,
    /// At most this many embedded endorsements are verified per credential (default 32).
    pub max_endorsements: usize,
    /// At most this many Data Integrity proofs per credential are examined; more fails the
    /// proof check, naming this limit (default [`crate::proof::DEFAULT_MAX_PROOFS`]).
    pub max_proofs: usize,
    /// Longest `previousProof` chain followed (default
    /// [`crate::proof::DEFAULT_MAX_PROOF_CHAIN`]).
    pub max_proof_chain: usize,
    /// The work budget of one verification, shared by every proof of the credential and of its
    /// endorsements (JSON-LD expansion, RDF canonicalization); see
    /// [`crate::proof::WorkBudget`] (default [`crate::proof::DEFAULT_WORK_BUDGET`]).
    pub max_work: u64,
    /// Whether a status that cannot be checked (list not supplied, unsupported type, list that
    /// does not verify) is only a warning. Default `false`: fail closed.
    pub allow_unchecked_status: bool,
    /// Whether a valid signature by a key not bound to the issuer is only a warning. Default
    /// `false`: fail closed.
    pub allow_unbound_key: bool,
    /// Optional recipient check.
    pub expected_recipient: Option<ExpectedRecipient>,
    /// Whether conformance problems fail verification (see the module docs). Default `false`:
    /// they are reported as warnings and in the conformance verdict.
    pub strict: bool,
}

impl VerifyOptions {
    /// Secure defaults at time `now`.
    pub fn new(now: DateTime<Utc>) -> Self {
        VerifyOptions {
            now,
            clock_skew_seconds: 300,
            max_input_bytes: 16 * 1024 * 1024,
            json_limits: JsonLimits::default(),
            unbake_limits: UnbakeLimits::default(),
            max_jwt_bytes: 1024 * 1024,
            max_endorsement_depth: 2,
            max_endorsements: 32,
            max_proofs: crate::proof::DEFAULT_MAX_PROOFS,
            max_proof_chain: crate::proof::DEFAULT_MAX_PROOF_CHAIN,
            max_work: crate::proof::DEFAULT_WORK_BUDGET,
            allow_unchecked_status: false,
            allow_unbound_key: false,
            expected_recipient: None,
            strict: false,
        }
    }

    /// Strict mode: every data-model problem fails verification (as a conformance validator
    /// would), and a credential without an Open Badges type is [`Outcome::NotAnOpenBadge`].
    pub fn strict(mut self) -> Self {
        self.strict = true;
        self
    }

    /// Sets the expected recipient.
    pub fn with_recipient(mut self, recipient: ExpectedRecipient) -> Self {
        self.expected_recipient = Some(recipient);
        self
    }

    /// Makes an uncheckable status a warning instead of a failure.
    pub fn allow_unchecked_status(mut self, allow: bool) -> Self {
        self.allow_unchecked_status = allow;
        self
    }

    /// Sets the tolerated clock skew.
    pub fn clock_skew_seconds(mut self, seconds: u32) -> Self {
        self.clock_skew_seconds = seconds;
        self
    }
}

/// Why a document could not be registered with a [`Verifier`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RegisterError {
    /// The controller document has no string `id` (or is otherwise unusable).
    #[error("controller document rejected: {0}")]
    ControllerDocument(#[from] KeyError),
    /// A status list credential registered without a URL has no string `id`.
    #[error("status list credential has no string `id`; register it under its URL")]
    StatusListWithoutId,
    /// The document is not strict JSON, or does not match its pin.
    #[error("document rejected: {0}")]
    Document(#[from] DocumentError),
    /// An issuer's private status-list file was given where the published list credential is
    /// expected.
    #[error(
        "`{url}` is the issuer's private status-list file (it holds the allocator key), not a published status list credential: publish it with `openbadges status-list export` and supply that"
    )]
    PrivateStatusListFile {
        /// The URL it was registered under.
        url: String,
    },
}

/// A reusable verifier: options, the caller's key documents and resolver, the status lists, and
/// optionally a clock. `Send + Sync`; verifying never mutates it.
pub struct Verifier {
    options: VerifyOptions,
    /// Everything the caller supplied, by URL (for [`Verifier::needs`]).
    documents: DocumentStore,
    /// The controller documents among them, as a resolver.
    controllers: StaticResolver,
    resolver: Option<Arc<dyn Resolver>>,
    status_lists: HashMap<String, checks::RegisteredStatusList>,
    clock: Option<Arc<dyn Clock>>,
    /// The cryptosuites, over the bundled and supplied contexts.
    suites: SuiteRegistry,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verifier")
            .field("options", &self.options)
            .field(
                "status_lists",
                &self.status_lists.keys().collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

impl Verifier {
    /// A verifier with these options, resolving `did:key` and `did:jwk` only until documents or
    /// a resolver are added.
    pub fn new(options: VerifyOptions) -> Self {
        Verifier {
            options,
            documents: DocumentStore::new(),
            controllers: StaticResolver::new(),
            resolver: None,
            status_lists: HashMap::new(),
            clock: None,
            suites: SuiteRegistry::standard().clone(),
        }
    }

    /// Adds every document of `documents` (contexts, DID and controller documents, status list
    /// credentials, and anything else a check reads) to what the verifier knows.
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use openbadges::documents::DocumentStore;
    /// use openbadges::{Verifier, VerifyOptions};
    ///
    /// let mut documents = DocumentStore::new();
    /// documents.insert_bytes(
    ///     "https://district.example/contexts/v1.json",
    ///     br#"{"@context": {"rubricUrl": "https://district.example/vocab#rubricUrl"}}"#,
    /// )?;
    /// let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    /// let verifier = Verifier::new(VerifyOptions::new(now)).with_documents(documents);
    /// assert!(verifier.documents().get("https://district.example/contexts/v1.json").is_some());
    /// # Ok::<(), openbadges::documents::DocumentError>(())
    /// ```
    pub fn with_documents(mut self, documents: DocumentStore) -> Self {
        self.add_documents(documents);
        self
    }

    fn add_documents(&mut self, documents: DocumentStore) {
        let contexts = documents.has_contexts();
        for (url, document, kind) in documents.iter() {
            self.adopt(url, document, kind);
        }
        self.documents.extend(documents);
        if contexts {
            self.suites = SuiteRegistry::with_documents(&self.documents);
        }
        self.forget_status_list_checks();
    }

    /// Registers one document (strict JSON) under the URL it was fetched from: a context, a DID
    /// or controller document, a status list credential, or anything else a check reads.
    pub fn register_document(
        &mut self,
        url: &str,
        bytes: &[u8],
    ) -> Result<&mut Self, RegisterError> {
        let mut store = DocumentStore::new();
        store.insert_bytes(url, bytes)?;
        self.register_store(url, store)
    }

    /// [`Verifier::register_document`], refusing the document unless its SHA-256 is
    /// `sha256_hex` (a context reviewed once and pinned, say).
    pub fn register_pinned_document(
        &mut self,
        url: &str,
        bytes: &[u8],
        sha256_hex: &str,
    ) -> Result<&mut Self, RegisterError> {
        let mut store = DocumentStore::new();
        store.insert_pinned(url, bytes, sha256_hex)?;
        self.register_store(url, store)
    }

    fn register_store(
        &mut self,
        url: &str,
        store: DocumentStore,
    ) -> Result<&mut Self, RegisterError> {
        if let Some(document) = store.get(url) {
            if crate::documents::is_private_status_list_file(document) {
                return Err(RegisterError::PrivateStatusListFile {
                    url: url.to_owned(),
                });
            }
            if store.kind(url) == Some(DocumentKind::ControllerDocument) {
                self.controllers.insert(document.as_ref().clone())?;
            }
        }
        self.add_documents(store);
        Ok(self)
    }

    /// Routes one supplied document to the check that reads it.
    fn adopt(&mut self, url: &str, document: &Value, kind: DocumentKind) {
        match kind {
            DocumentKind::ControllerDocument => {
                // A document without a usable `id` stays in the store only (`needs` still
                // names what it lacks).
                let _ = self.controllers.insert(document.clone());
            }
            DocumentKind::StatusList => {
                self.status_lists.insert(
                    url.to_owned(),
                    checks::RegisteredStatusList::new(document.clone()),
                );
            }
            DocumentKind::Context | DocumentKind::Other => {}
        }
    }

    /// The documents the caller supplied.
    pub fn documents(&self) -> &DocumentStore {
        &self.documents
    }

    /// What `bytes` (any input [`Verifier::verify`] takes) refers to and this verifier does not
    /// have: contexts that are neither bundled nor supplied, DID and controller documents that
    /// neither resolve offline nor were supplied, status lists not supplied. Fetch those, add
    /// them ([`Verifier::register_document`]) and verify offline.
    #[must_use]
    pub fn needs(&self, bytes: &[u8]) -> Needs {
        needs::needs(self, bytes)
    }

    /// Consults `resolver` for identifiers the registered documents do not cover.
    pub fn with_resolver(mut self, resolver: impl Resolver + 'static) -> Self {
        self.resolver = Some(Arc::new(resolver));
        self.forget_status_list_checks();
        self
    }

    /// The status lists' cached proof checks depend on the keys that resolve: drop them when
    /// the documents or the resolver change.
    fn forget_status_list_checks(&mut self) {
        for list in self.status_lists.values_mut() {
            list.forget_checks();
        }
    }

    /// Takes the verification time from `clock` on every call instead of `options.now`.
    pub fn with_clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Some(Arc::new(clock));
        self
    }

    /// The options.
    pub fn options(&self) -> &VerifyOptions {
        &self.options
    }

    /// Registers a DID document, or the controller document of an `https:` verification method,
    /// under its `id`.
    pub fn add_controller_document(&mut self, document: Value) -> Result<&mut Self, RegisterError> {
        self.controllers.insert(document)?;
        self.forget_status_list_checks();
        Ok(self)
    }

    /// Registers a status list credential (or a `1EdTechRevocationList` document) under `url`,
    /// the `statusListCredential` (or revocation-list `id`) credentials point to.
    pub fn add_status_list(&mut self, url: impl Into<String>, list: Value) -> &mut Self {
        self.status_lists
            .insert(url.into(), checks::RegisteredStatusList::new(list));
        self
    }

    /// Registers a status list credential under its own `id`.
    pub fn add_status_list_credential(&mut self, list: Value) -> Result<&mut Self, RegisterError> {
        let id = list
            .get("id")
            .and_then(Value::as_str)
            .ok_or(RegisterError::StatusListWithoutId)?
            .to_owned();
        Ok(self.add_status_list(id, list))
    }

    /// Verifies a credential as received (JSON, compact JWT, baked PNG or SVG), or an Open
    /// Badges 2.0 assertion (JSON, compact JWS, assertion URL, baked PNG or SVG).
    pub fn verify(&self, bytes: &[u8]) -> VerificationReport {
        pipeline::Run::new(self, self.now()).bytes(bytes)
    }

    /// Verifies a credential that is already parsed JSON.
    pub fn verify_json(&self, credential: &Value) -> VerificationReport {
        pipeline::Run::new(self, self.now()).json(credential.clone(), InputKind::Json, None)
    }

    /// [`Verifier::verify_json`] of JSON the caller keeps, without a copy; with its proof
    /// check from `proved` when that ran ahead ([`Verifier::prove_json`]).
    fn verify_json_kept(
        &self,
        credential: &Value,
        proved: Option<pipeline::Proved>,
    ) -> pipeline::KeptJson {
        let run = match &proved {
            Some(proved) => pipeline::Run::resumed(self, proved),
            None => pipeline::Run::new(self, self.now()),
        };
        run.json_kept(credential, InputKind::Json, proved)
    }

    /// The proof check of [`Verifier::verify_json`] alone, for [`Verifier::verify_json_kept`] to
    /// complete on the same JSON (`None`: nothing to run ahead). Only a presentation's helper
    /// thread runs a proof check ahead.
    #[cfg_attr(not(feature = "parallel"), allow(dead_code))]
    fn prove_json(&self, credential: &Value) -> Option<pipeline::Proved> {
        pipeline::Run::new(self, self.now()).prove_json(credential, InputKind::Json)
    }

    /// Verifies an Open Badges 2.0 assertion as [`Verifier::verify`] does, keeping the verified
    /// assertion for [`crate::ob2::upgrade()`].
    pub fn verify_ob2(&self, bytes: &[u8]) -> crate::ob2::Verification {
        crate::ob2::verify_at(bytes, &self.documents, &self.options, self.now())
    }

    fn now(&self) -> DateTime<Utc> {
        self.clock.as_ref().map_or(self.options.now, |c| c.now())
    }

    /// Registered documents first, then the caller's resolver.
    fn resolver(&self) -> Chain<'_> {
        Chain {
            documents: &self.controllers,
            fallback: self.resolver.as_deref(),
        }
    }
}

/// Verifies `bytes` with `options` and no key documents or status lists beyond `did:key` /
/// `did:jwk` (see [`Verifier`] to supply them).
pub fn verify(bytes: &[u8], options: &VerifyOptions) -> VerificationReport {
    Verifier::new(options.clone()).verify(bytes)
}

/// The registered documents, then the caller's resolver for what they do not know.
struct Chain<'a> {
    documents: &'a StaticResolver,
    fallback: Option<&'a dyn Resolver>,
}

impl Resolver for Chain<'_> {
    fn resolve_document(&self, id: &str) -> Result<ControllerDocument, ResolveError> {
        match (self.documents.resolve_document(id), self.fallback) {
            (Err(ResolveError::NotFound { .. }), Some(fallback)) => fallback.resolve_document(id),
            (result, _) => result,
        }
    }

    fn resolve_verification_method(&self, id: &str) -> Result<VerificationMethod, ResolveError> {
        match (
            self.documents.resolve_verification_method(id),
            self.fallback,
        ) {
            (Err(ResolveError::NotFound { .. }), Some(fallback)) => {
                fallback.resolve_verification_method(id)
            }
            (result, _) => result,
        }
    }

    fn resolve_method_and_controller(
        &self,
        id: &str,
    ) -> Result<(VerificationMethod, ControllerDocument), ResolveError> {
        match self.fallback {
            // Without a fallback the chain is the registered documents alone.
            None => self.documents.resolve_method_and_controller(id),
            Some(_) => {
                let method = self.resolve_verification_method(id)?;
                let controller = self.resolve_document(&method.controller)?;
                Ok((method, controller))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stack::Standing;

    #[test]
    fn verifier_is_shareable_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Verifier>();
        assert_send_sync::<VerificationReport>();
    }

    #[test]
    fn outcome_precedence_and_standing() {
        // A forged credential is reported as forged, whatever else is wrong with it.
        assert!(Outcome::Forged < Outcome::KeyUnavailable);
        assert!(Outcome::KeyUnavailable < Outcome::UnboundKey);
        assert!(Outcome::Invalid < Outcome::Revoked);
        assert!(Outcome::Revoked < Outcome::Suspended);
        assert!(Outcome::Suspended < Outcome::Expired);
        assert!(Outcome::Expired < Outcome::NotYetValid);
        assert!(Outcome::NotYetValid < Outcome::StatusUnavailable);
        assert!(Outcome::RecipientMismatch < Outcome::Verified);
        assert_eq!(Outcome::Forged.standing(), Standing::Unverified);
        assert_eq!(Outcome::KeyUnavailable.standing(), Standing::Unverified);
        assert_eq!(Outcome::Revoked.standing(), Standing::Revoked);
        assert_eq!(Outcome::Verified.standing(), Standing::Valid);
    }

    #[test]
    fn unreadable_input_is_a_report_not_a_panic() {
        let now = chrono::DateTime::UNIX_EPOCH;
        let report = verify(b"\x89PNG\r\n\x1a\n", &VerifyOptions::new(now));
        assert_eq!(report.outcome(), Outcome::Unreadable);
        assert_eq!(report.input(), InputKind::Png);
        assert_eq!(
            report.status_of(CheckCode::Parse),
            Some(CheckStatus::Failed)
        );
    }
}
