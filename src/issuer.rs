//! Issuing in one call: build → validate → attach a status-list entry → sign → bake.
//!
//! An [`Issuer`] holds the issuer's Ed25519 key and the verification method id verifiers will
//! resolve (for a `did:key` issuer: `did:key:z6Mk…#z6Mk…`, see [`Issuer::did_key`]).
//! [`Issuer::sign`] secures any credential JSON with a Data Integrity proof of one of the
//! [`Suite`]s; [`Issuer::issue`] runs the whole pipeline for an awarded credential.
//!
//! The proof is computed over the very `serde_json::Value` that is returned: publish it with
//! `serde_json::to_string`/`to_vec` (any formatting) and it verifies as is. When the credential's
//! `@context` does not define the proof's terms, the missing context is appended before signing
//! (Data Integrity §2.1 "implementations SHOULD inject or append an @context"):
//! `https://w3id.org/security/data-integrity/v2` for `DataIntegrityProof` suites on a VC 1.1
//! credential, `https://w3id.org/security/suites/ed25519-2020/v1` for `Ed25519Signature2020`.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use openbadges::issuer::{Issuer, Suite};
//! use openbadges::keys::{BuiltinResolver, Keypair};
//! use openbadges::proof::VerifyOptions;
//! use serde_json::json;
//!
//! let issuer = Issuer::did_key(Keypair::from_seed(&[7; 32]));
//! let now = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).single().expect("valid date");
//! let credential = json!({
//!     "@context": ["https://www.w3.org/ns/credentials/v2"],
//!     "id": "urn:uuid:8a3c6b1e-2f4d-4e5a-9b7c-0d1e2f3a4b5c",
//!     "type": ["VerifiableCredential"],
//!     "issuer": issuer.did(),
//!     "validFrom": "2025-01-01T00:00:00Z",
//!     "credentialSubject": {"id": "did:example:learner"}
//! });
//! let signed = issuer.sign(&credential, Suite::EddsaRdfc2022, now)?;
//! let published = serde_json::to_string(&signed).expect("JSON");
//! let received: serde_json::Value = serde_json::from_str(&published).expect("JSON");
//! openbadges::issuer::verify_signature(&received, &BuiltinResolver, &VerifyOptions::new(now))?;
//! # Ok::<(), openbadges::issuer::IssueError>(())
//! ```

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use thiserror::Error;

use crate::bake::{self, BakeError, Payload};
use crate::documents::DocumentStore;
use crate::keys::{Keypair, PublicKey, Resolver};
use crate::model::{AwardBuilder, BuildError, VC_V2_CONTEXT};
use crate::proof::{
    self, Cryptosuite, ProofError, ProofOptions, ProofOutcome, SuiteRegistry, VerifyOptions,
};
use crate::status::{StatusError, StatusList};
use crate::validate::{self, Problem};

/// The Data Integrity context that defines `DataIntegrityProof` for VC 1.1 credentials.
pub const DATA_INTEGRITY_V2_CONTEXT: &str = "https://w3id.org/security/data-integrity/v2";
/// The context that defines the `Ed25519Signature2020` proof type.
pub const ED25519_2020_CONTEXT: &str = "https://w3id.org/security/suites/ed25519-2020/v1";
const DATA_INTEGRITY_V1_CONTEXT: &str = "https://w3id.org/security/data-integrity/v1";

/// The Data Integrity suites an [`Issuer`] signs with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Suite {
    /// `eddsa-rdfc-2022`: JSON-LD → RDFC-1.0, the suite OB 3.0 conformance requires (default).
    #[default]
    EddsaRdfc2022,
    /// `eddsa-jcs-2022`: RFC 8785 JSON canonicalization.
    EddsaJcs2022,
    /// The legacy `Ed25519Signature2020` proof type.
    Ed25519Signature2020,
}

impl Suite {
    /// Every suite, default first.
    pub const ALL: [Suite; 3] = [
        Suite::EddsaRdfc2022,
        Suite::EddsaJcs2022,
        Suite::Ed25519Signature2020,
    ];

    /// The suite's name: `eddsa-rdfc-2022`, `eddsa-jcs-2022` or `Ed25519Signature2020`.
    pub fn name(self) -> &'static str {
        match self {
            Suite::EddsaRdfc2022 => "eddsa-rdfc-2022",
            Suite::EddsaJcs2022 => "eddsa-jcs-2022",
            Suite::Ed25519Signature2020 => "Ed25519Signature2020",
        }
    }

    /// Parses a suite name: the names of [`Suite::name`], plus `ed25519-2020` (case-sensitive).
    pub fn from_name(name: &str) -> Option<Suite> {
        match name {
            "eddsa-rdfc-2022" => Some(Suite::EddsaRdfc2022),
            "eddsa-jcs-2022" => Some(Suite::EddsaJcs2022),
            "Ed25519Signature2020" | "ed25519-2020" => Some(Suite::Ed25519Signature2020),
            _ => None,
        }
    }

    /// This suite in `registry`.
    pub(crate) fn cryptosuite(
        self,
        registry: &SuiteRegistry,
    ) -> Result<&dyn Cryptosuite, IssueError> {
        let name = self.name();
        registry
            .get(name)
            .ok_or_else(|| IssueError::Proof(ProofError::SignNotSupported(name.to_owned())))
    }
}

/// Why issuing or signing failed.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum IssueError {
    /// The builder refused the credential.
    #[error("cannot build the credential: {0}")]
    Build(#[from] BuildError),
    /// The document breaks the VC data model ([`Issuer::sign`]: [`validate::verifiable_credential`]
    /// or [`validate::presentation`]) or the Open Badges rules ([`Issuer::issue`]:
    /// [`validate::credential`]); every error-severity problem is listed.
    #[error("the credential is not valid: {}", summary(.problems))]
    Invalid {
        /// The errors found.
        problems: Vec<Problem>,
    },
    /// The signing key's controller is not the credential's issuer (or the presentation's
    /// holder): verifiers would reject the signature as made with a key not bound to it
    /// (`UnboundKey`).
    #[error(
        "the {role} is `{named}`, but the key `{method}` belongs to `{controller}`: verifiers would answer UnboundKey; sign with the {role}'s key or set the {role} to `{controller}`"
    )]
    UnboundKey {
        /// `issuer` or `holder`.
        role: &'static str,
        /// The issuer (holder) id the document names.
        named: String,
        /// The verification method the proof would name.
        method: String,
        /// That method's controller.
        controller: String,
    },
    /// A result's achieved level ranks below its rubric criterion's `requiredLevel` (allow it
    /// with [`IssueOptions::allow_below_required`]).
    #[error("a result is below the required level: {}", summary(.problems))]
    BelowRequiredLevel {
        /// The `OB_BELOW_REQUIRED_LEVEL` problems.
        problems: Vec<Problem>,
    },
    /// The document cannot be signed as given.
    #[error("cannot sign at `{pointer}`: {reason}")]
    Unsignable {
        /// JSON Pointer to the offending value.
        pointer: String,
        /// What is wrong.
        reason: String,
    },
    /// Allocating or attaching the status-list entry failed.
    #[error("status list: {0}")]
    Status(#[from] StatusError),
    /// Creating (or checking) the Data Integrity proof failed.
    #[error("proof: {0}")]
    Proof(#[from] ProofError),
    /// Baking the signed credential into the image failed.
    #[error("bake: {0}")]
    Bake(#[from] BakeError),
    /// Signing the VC-JWT failed.
    #[error("JWT: {0}")]
    Jwt(#[from] crate::jwt::JwtError),
}

fn summary(problems: &[Problem]) -> String {
    let shown: Vec<String> = problems
        .iter()
        .take(5)
        .map(|p| format!("{} at `{}`: {}", p.code.as_str(), p.pointer, p.message))
        .collect();
    let more = problems.len().saturating_sub(shown.len());
    if more > 0 {
        format!("{} (and {more} more)", shown.join("; "))
    } else {
        shown.join("; ")
    }
}

/// An issuer's signing identity: its Ed25519 key and the verification method id proofs name.
pub struct Issuer {
    keypair: Keypair,
    verification_method: String,
    suites: SuiteRegistry,
}

impl std::fmt::Debug for Issuer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Issuer")
            .field("verification_method", &self.verification_method)
            .finish_non_exhaustive()
    }
}

impl Issuer {
    /// An issuer signing with `keypair`, naming `verification_method_id` (a DID URL or URL that
    /// resolves to the key's public part) in its proofs.
    pub fn new(keypair: Keypair, verification_method_id: impl Into<String>) -> Self {
        Self {
            keypair,
            verification_method: verification_method_id.into(),
            suites: SuiteRegistry::standard().clone(),
        }
    }

    /// Signs with the JSON-LD contexts in `documents` available besides the bundled ones (an
    /// extension context the credential uses, say). Without it, a credential whose contexts are
    /// not bundled cannot be signed with an RDF suite: the error names the unknown URL.
    pub fn with_documents(mut self, documents: &DocumentStore) -> Self {
        self.suites = SuiteRegistry::with_documents(documents);
        self
    }

    /// A `did:key` issuer: the method id is `did:key:z6Mk…#z6Mk…`, resolvable offline.
    pub fn did_key(keypair: Keypair) -> Self {
        let method = keypair.public_key().to_did_key_method_id();
        Self::new(keypair, method)
    }

    /// The verification method id proofs carry.
    pub fn verification_method(&self) -> &str {
        &self.verification_method
    }

    /// The controller part of the verification method id (before `#`): the issuer id for a
    /// DID-based issuer.
    pub fn did(&self) -> &str {
        self.verification_method
            .split_once('#')
            .map_or(self.verification_method.as_str(), |(did, _)| did)
    }

    /// The public key verifiers will check proofs against.
    pub fn public_key(&self) -> PublicKey {
        self.keypair.public_key()
    }

    /// Signs `credential` with a Data Integrity proof of `suite`, `created` at `created` (whole
    /// seconds). Returns the secured credential: exactly the JSON the signature covers, with a
    /// context added first when the suite's terms need it (see the module docs). `proof` is
    /// always an array, as the OB 3.0 JSON Schema requires; an existing proof is kept and the
    /// new one joins it in a proof set.
    ///
    /// Refuses ([`IssueError::Invalid`], every problem listed) a document the W3C VC data model
    /// forbids ([`validate::verifiable_credential`], or [`validate::presentation`] for a
    /// presentation), and ([`IssueError::UnboundKey`]) one whose issuer (holder) is not the
    /// controller of this issuer's verification method. [`Issuer::sign_with`] with
    /// [`Conformance::AllowNonconformant`] signs such a document anyway.
    pub fn sign(
        &self,
        credential: &Value,
        suite: Suite,
        created: DateTime<Utc>,
    ) -> Result<Value, IssueError> {
        self.sign_with(credential, suite, created, Conformance::Required)
    }

    /// [`Issuer::sign`], choosing whether the VC data-model rules are enforced. With
    /// [`Conformance::AllowNonconformant`] the signature is valid over a document the standards
    /// forbid, which a lax verifier would accept. The key-binding check applies either way to an
    /// issuer (holder) id that is a well-formed URL.
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use openbadges::issuer::{Conformance, IssueError, Issuer, Suite};
    /// use openbadges::keys::Keypair;
    ///
    /// let issuer = Issuer::did_key(Keypair::from_seed(&[7; 32]));
    /// let now = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).single().expect("valid date");
    /// let no_subject = serde_json::json!({
    ///     "@context": ["https://www.w3.org/ns/credentials/v2"],
    ///     "type": ["VerifiableCredential"],
    ///     "issuer": issuer.did(),
    /// });
    /// assert!(matches!(
    ///     issuer.sign(&no_subject, Suite::EddsaJcs2022, now),
    ///     Err(IssueError::Invalid { problems }) if problems[0].pointer == "/credentialSubject"
    /// ));
    /// let signed = issuer.sign_with(&no_subject, Suite::EddsaJcs2022, now, Conformance::AllowNonconformant)?;
    /// assert!(signed.get("proof").is_some());
    /// # Ok::<(), IssueError>(())
    /// ```
    pub fn sign_with(
        &self,
        credential: &Value,
        suite: Suite,
        created: DateTime<Utc>,
        conformance: Conformance,
    ) -> Result<Value, IssueError> {
        self.preflight(credential, conformance)?;
        let mut document = credential.clone();
        ensure_suite_context(&mut document, suite)?;
        let options = ProofOptions::new(self.verification_method.as_str(), created);
        let mut signed =
            suite
                .cryptosuite(&self.suites)?
                .sign(&document, &options, &self.keypair)?;
        // The OB 3.0 JSON Schema types `proof` as an array; a proof set is one, and the
        // signature never covers the `proof` property itself.
        if let Some(proof) = signed.get_mut("proof") {
            if proof.is_object() {
                let single = proof.take();
                *proof = Value::Array(vec![single]);
            }
        }
        Ok(signed)
    }

    /// Signs `credential` as a compact VC-JWT (EdDSA, `kid` = the verification method id,
    /// `iat` = `issued_at`). A credential whose first context is VC 1.1 is wrapped in a `vc`
    /// claim; otherwise the payload is the credential itself (VC 2.0 / OB 3.0).
    /// Refused like [`Issuer::sign`]: a non-conformant credential, a key not bound to the issuer.
    pub fn sign_jwt(
        &self,
        credential: &Value,
        issued_at: DateTime<Utc>,
    ) -> Result<String, IssueError> {
        use crate::jwt::{self, KeyReference, SignOptions, SigningKey};
        self.preflight(credential, Conformance::Required)?;
        let key = SigningKey::from_jwk(&self.keypair.to_private_jwk())?;
        let options = SignOptions::new(KeyReference::Kid(self.verification_method.clone()))
            .shape(jwt_payload_shape(credential))
            .issued_at(issued_at);
        Ok(jwt::sign(credential, &key, &options)?)
    }

    /// Issues an awarded credential in one call: builds it, validates it (any error aborts with
    /// every problem listed), allocates and attaches a status-list entry when asked, signs it
    /// and bakes it when asked.
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use openbadges::issuer::{IssueOptions, Issuer, Suite};
    /// use openbadges::keys::Keypair;
    /// use openbadges::model::{Achievement, AchievementCredential, Criteria};
    /// use openbadges::status::{StatusList, StatusListConfig};
    ///
    /// let issuer = Issuer::did_key(Keypair::from_seed(&[7; 32]));
    /// let now = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).single().expect("valid date");
    /// let achievement = Achievement::builder()
    ///     .name("Teamwork")
    ///     .description("Works well in a team.")
    ///     .criteria(Criteria::url("https://example.org/criteria"))
    ///     .build()?;
    /// let award = AchievementCredential::builder()
    ///     .issuer(issuer.did())
    ///     .achievement(achievement)
    ///     .recipient_email("learner@example.org")
    ///     .valid_from(now);
    /// let mut revocations = StatusList::new(StatusListConfig::revocation())?;
    /// let issued = issuer.issue(
    ///     award,
    ///     IssueOptions::new(Suite::EddsaRdfc2022, now)
    ///         .with_status_list(&mut revocations, "https://example.org/status/1"),
    /// )?;
    /// let index = issued.status_index.expect("an entry was allocated");
    /// assert_eq!(issued.credential["credentialStatus"]["statusListIndex"], index.to_string());
    /// assert_eq!(issued.credential["proof"][0]["cryptosuite"], "eddsa-rdfc-2022");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn issue(
        &self,
        award: AwardBuilder,
        options: IssueOptions<'_>,
    ) -> Result<Issued, IssueError> {
        self.issue_json(award.build()?.to_json(), options)
    }

    /// [`Issuer::issue`] for a credential already in JSON form (the build step is skipped).
    pub fn issue_json(
        &self,
        credential: Value,
        options: IssueOptions<'_>,
    ) -> Result<Issued, IssueError> {
        let mut credential = credential;
        let report = check_valid(&credential)?;
        let below: Vec<Problem> = report
            .problems()
            .iter()
            .filter(|p| p.code == validate::ProblemCode::BelowRequiredLevel)
            .cloned()
            .collect();
        if !below.is_empty() && !options.allow_below_required {
            return Err(IssueError::BelowRequiredLevel { problems: below });
        }
        self.check_bound(&credential)?;
        let status_index = match options.status {
            Some(StatusAttachment { list, url }) => {
                let object = credential
                    .as_object_mut()
                    .ok_or_else(|| unsignable("", "a credential is a JSON object"))?;
                if object.contains_key("credentialStatus") {
                    return Err(unsignable(
                        "/credentialStatus",
                        "the credential already has a credentialStatus",
                    ));
                }
                let index = list.allocate()?;
                let entry = list.credential_status_entry(index, url)?;
                object.insert("credentialStatus".into(), entry);
                check_valid(&credential)?;
                Some(index)
            }
            None => None,
        };
        // Validated above with the Open Badges rules, which include the VC data model's.
        let credential = self.sign_with(
            &credential,
            options.suite,
            options.created,
            Conformance::AllowNonconformant,
        )?;
        let baked = match options.bake_into {
            Some(image) => {
                let text = serde_json::to_string(&credential)
                    .map_err(|e| unsignable("", &e.to_string()))?;
                Some(bake::bake(image, &Payload::Json(text))?)
            }
            None => None,
        };
        Ok(Issued {
            credential,
            status_index,
            baked,
        })
    }
}

/// Whether [`Issuer::sign_with`] enforces the W3C VC data model.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Conformance {
    /// Refuse a document the data model forbids, listing every problem (the default).
    #[default]
    Required,
    /// Sign it anyway. The signature is valid, but the document breaks the data model: a
    /// conformant verifier reports it, and a lax one may accept it.
    AllowNonconformant,
}

impl Issuer {
    /// What every signing path checks first: the data model (unless allowed otherwise) and that
    /// this key's controller is the issuer (holder).
    fn preflight(&self, document: &Value, conformance: Conformance) -> Result<(), IssueError> {
        if conformance == Conformance::Required {
            check_conformance(document)?;
        }
        self.check_bound(document)
    }

    fn check_bound(&self, document: &Value) -> Result<(), IssueError> {
        check_key_binding(document, &self.verification_method)
    }
}

/// Refuses ([`IssueError::Invalid`], every error listed) a document the W3C VC data model
/// forbids: [`validate::presentation`] for a presentation, [`validate::verifiable_credential`]
/// otherwise. The check [`Issuer::sign`] makes; for signing paths outside [`Issuer`].
pub fn check_conformance(document: &Value) -> Result<(), IssueError> {
    let report = if validate::is_presentation(document) {
        validate::presentation(document)
    } else {
        validate::verifiable_credential(document)
    };
    if report.is_valid() {
        Ok(())
    } else {
        Err(IssueError::Invalid {
            problems: report.errors().cloned().collect(),
        })
    }
}

/// Refuses ([`IssueError::UnboundKey`]) to sign `document` with `verification_method` when its
/// issuer (or, for a presentation, holder) is a well-formed URL other than the method's
/// controller: the verifier's issuer-binding check would fail. Only a method id with a fragment
/// (`did:…#key`, `https://…#key`) names its controller; other ids are not checked.
pub fn check_key_binding(document: &Value, verification_method: &str) -> Result<(), IssueError> {
    let Some((controller, _)) = verification_method.split_once('#') else {
        return Ok(());
    };
    let role = if validate::is_presentation(document) {
        "holder"
    } else {
        "issuer"
    };
    let named = match document.get(role) {
        Some(Value::String(id)) => Some(id.as_str()),
        Some(Value::Object(profile)) => profile.get("id").and_then(Value::as_str),
        _ => None,
    };
    match named {
        Some(named) if named != controller && url::Url::parse(named).is_ok() => {
            Err(IssueError::UnboundKey {
                role,
                named: named.to_owned(),
                method: verification_method.to_owned(),
                controller: controller.to_owned(),
            })
        }
        _ => Ok(()),
    }
}

/// What [`Issuer::issue`] does besides building, validating and signing.
#[derive(Debug)]
#[non_exhaustive]
pub struct IssueOptions<'a> {
    /// The Data Integrity suite.
    pub suite: Suite,
    /// The proof's `created` date (the issuing clock's time).
    pub created: DateTime<Utc>,
    /// A status list to allocate an entry from, and the URL it is published at.
    pub status: Option<StatusAttachment<'a>>,
    /// A PNG or SVG image to bake the signed credential into.
    pub bake_into: Option<&'a [u8]>,
    /// Issue even when a result's achieved level is below its criterion's `requiredLevel`.
    pub allow_below_required: bool,
}

impl<'a> IssueOptions<'a> {
    /// Sign with `suite` at `created`; no status entry, no baking.
    pub fn new(suite: Suite, created: DateTime<Utc>) -> Self {
        Self {
            suite,
            created,
            status: None,
            bake_into: None,
            allow_below_required: false,
        }
    }

    /// Issues even when a result ranks below its criterion's `requiredLevel` (by default such a
    /// credential is refused with [`IssueError::BelowRequiredLevel`]).
    pub fn allow_below_required(mut self, allow: bool) -> Self {
        self.allow_below_required = allow;
        self
    }

    /// Allocates an entry of `list` (published at `url`) and puts it in `credentialStatus`.
    pub fn with_status_list(mut self, list: &'a mut StatusList, url: &'a str) -> Self {
        self.status = Some(StatusAttachment { list, url });
        self
    }

    /// Bakes the signed credential into `image` (PNG or SVG).
    pub fn bake_into(mut self, image: &'a [u8]) -> Self {
        self.bake_into = Some(image);
        self
    }
}

/// A status list an issued credential gets an entry of.
#[derive(Debug)]
pub struct StatusAttachment<'a> {
    /// The issuer's list; the allocated index is marked used in it.
    pub list: &'a mut StatusList,
    /// The URL of the published status list credential (`statusListCredential`).
    pub url: &'a str,
}

/// The result of [`Issuer::issue`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Issued {
    /// The signed credential, exactly as signed.
    pub credential: Value,
    /// The status-list index allocated for it, if any.
    pub status_index: Option<u64>,
    /// The baked image, if baking was asked for.
    pub baked: Option<Vec<u8>>,
}

/// Verifies the Data Integrity proofs of `secured` with [`proof::standard_suites`] (the proof
/// framework only: signature, purpose, dates, key resolution; not the full OB verifier).
pub fn verify_signature(
    secured: &Value,
    resolver: &dyn Resolver,
    options: &VerifyOptions,
) -> Result<Vec<ProofOutcome>, IssueError> {
    Ok(proof::verify(
        secured,
        proof::standard_suites(),
        resolver,
        options,
    )?)
}

fn unsignable(pointer: &str, reason: &str) -> IssueError {
    IssueError::Unsignable {
        pointer: pointer.to_owned(),
        reason: reason.to_owned(),
    }
}

fn check_valid(credential: &Value) -> Result<validate::ValidationReport, IssueError> {
    let report = validate::credential(credential);
    if report.is_valid() {
        Ok(report)
    } else {
        Err(IssueError::Invalid {
            problems: report.errors().cloned().collect(),
        })
    }
}

/// The VC-JWT payload shape a credential needs: a `vc` claim when its first context is VC 1.1,
/// otherwise the credential itself as the payload (VC 2.0 / OB 3.0).
pub fn jwt_payload_shape(credential: &Value) -> crate::jwt::PayloadShape {
    let first = match credential.get("@context") {
        Some(Value::String(s)) => Some(s.as_str()),
        Some(Value::Array(items)) => items.first().and_then(Value::as_str),
        _ => None,
    };
    if first == Some(crate::model::VC_V1_CONTEXT) {
        crate::jwt::PayloadShape::VcClaim
    } else {
        crate::jwt::PayloadShape::Credential
    }
}

/// Appends the context that defines the suite's proof terms when the document lacks it.
fn ensure_suite_context(document: &mut Value, suite: Suite) -> Result<(), IssueError> {
    let object: &mut Map<String, Value> = document
        .as_object_mut()
        .ok_or_else(|| unsignable("", "a credential is a JSON object"))?;
    let context = object
        .get_mut("@context")
        .ok_or_else(|| unsignable("/@context", "the credential has no @context"))?;
    let has = |context: &Value, url: &str| match context {
        Value::String(s) => s == url,
        Value::Array(items) => items.iter().any(|i| i.as_str() == Some(url)),
        _ => false,
    };
    let needed = match suite {
        Suite::EddsaRdfc2022 | Suite::EddsaJcs2022 => {
            let defined = [
                VC_V2_CONTEXT,
                DATA_INTEGRITY_V2_CONTEXT,
                DATA_INTEGRITY_V1_CONTEXT,
            ]
            .iter()
            .any(|url| has(context, url));
            (!defined).then_some(DATA_INTEGRITY_V2_CONTEXT)
        }
        Suite::Ed25519Signature2020 => {
            (!has(context, ED25519_2020_CONTEXT)).then_some(ED25519_2020_CONTEXT)
        }
    };
    let Some(url) = needed else {
        return Ok(());
    };
    match context {
        Value::Array(items) => items.push(url.into()),
        Value::String(_) | Value::Object(_) => {
            let first = context.take();
            *context = Value::Array(vec![first, url.into()]);
        }
        _ => {
            return Err(unsignable(
                "/@context",
                "@context must be a string, an object or an array",
            ));
        }
    }
    Ok(())
}
