//! Presenting badges: a holder shares several credentials at once, bound to herself, answering a
//! verifier's challenge.
//!
//! A [`Holder`] (a key, usually `did:key`) wraps credentials — JSON, VC-JWTs, or the credential
//! baked into a PNG/SVG ([`PresentedCredential::from_bytes`]) — in a `VerifiablePresentation`
//! and signs it: a Data Integrity proof (`eddsa-rdfc-2022` by default) with proof purpose
//! `authentication`, the verifier's `challenge` and `domain` ([`Holder::present`]), or a VP-JWT
//! with `nonce` and `aud` ([`Holder::present_jwt`]). JSON credentials are embedded as they are;
//! a VC-JWT travels as an `EnvelopedVerifiableCredential` whose id is a
//! `data:application/vc+jwt,…` URL. The verifier side is
//! [`Verifier::verify_presentation`](crate::verify::Verifier::verify_presentation).
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use openbadges::issuer::{Issuer, Suite};
//! use openbadges::keys::Keypair;
//! use openbadges::present::{Holder, PresentOptions, PresentedCredential};
//! use openbadges::verify::{PresentationOptions, Verifier, VerifyOptions};
//! use serde_json::json;
//!
//! let now = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).single().expect("valid date");
//! let school = Issuer::did_key(Keypair::from_seed(&[1; 32]));
//! let teacher = Holder::did_key(Keypair::from_seed(&[2; 32]));
//! let badge = school.sign(&json!({
//!     "@context": ["https://www.w3.org/ns/credentials/v2"],
//!     "type": ["VerifiableCredential"],
//!     "issuer": school.did(),
//!     "validFrom": "2026-01-01T00:00:00Z",
//!     "credentialSubject": {"id": teacher.did(), "name": "Fractions"}
//! }), Suite::EddsaRdfc2022, now)?;
//!
//! let options = PresentOptions::new("district-challenge-7", "https://district.example", now);
//! let vp = teacher.present(&[PresentedCredential::Json(badge)], &options)?;
//!
//! let verifier = Verifier::new(VerifyOptions::new(now));
//! let expected = PresentationOptions::new()
//!     .challenge("district-challenge-7")
//!     .domain("https://district.example");
//! let report = verifier.verify_presentation(&serde_json::to_vec(&vp).expect("JSON"), &expected);
//! assert!(report.is_verified(), "{}", report.to_json());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use thiserror::Error;

use crate::bake::{self, Payload};
use crate::documents::DocumentStore;
use crate::issuer::{IssueError, Suite};
use crate::json::{self, JsonLimits};
use crate::keys::Keypair;
use crate::model::VC_V2_CONTEXT;
use crate::proof::{ProofError, ProofOptions, SuiteRegistry};
use crate::validate::{self, Problem};

/// The proof purpose of a holder's proof: she authenticates as the holder.
pub const AUTHENTICATION: &str = "authentication";

/// The `id` prefix of an enveloped VC-JWT (VC-JOSE-COSE media type `application/vc+jwt`).
pub const VC_JWT_DATA_URL_PREFIX: &str = "data:application/vc+jwt,";

/// One credential to present.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum PresentedCredential {
    /// A credential as JSON (with its embedded proof), embedded as is.
    Json(Value),
    /// A compact VC-JWT, embedded as an `EnvelopedVerifiableCredential`.
    Jwt(String),
}

impl PresentedCredential {
    /// Reads a badge as a wallet holds it: credential JSON, a compact VC-JWT, or a baked PNG/SVG
    /// (unbaked). JSON must be a credential (`VerifiableCredential` in `type`).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, PresentError> {
        if bake::detect_format(bytes).is_some() {
            return match bake::unbake(bytes)
                .map_err(|e| PresentError::Unreadable(e.to_string()))?
                .payload
            {
                Payload::Json(text) => Self::from_json_bytes(text.as_bytes()),
                Payload::Jwt(token) => Ok(Self::Jwt(token)),
                Payload::HostedUrl(url) => Err(PresentError::Unreadable(format!(
                    "an Open Badges 2.0 hosted assertion ({url}) is not a verifiable credential"
                ))),
            };
        }
        let text = std::str::from_utf8(bytes)
            .map_err(|_| PresentError::Unreadable("neither an image nor UTF-8 text".into()))?
            .trim();
        if text.starts_with('{') {
            Self::from_json_bytes(text.as_bytes())
        } else if text.split('.').count() == 3 && !text.contains(char::is_whitespace) {
            Ok(Self::Jwt(text.to_owned()))
        } else {
            Err(PresentError::Unreadable(
                "not credential JSON, a compact JWT, or a baked PNG/SVG".into(),
            ))
        }
    }

    fn from_json_bytes(bytes: &[u8]) -> Result<Self, PresentError> {
        let value = json::parse(bytes, &JsonLimits::default())
            .map_err(|e| PresentError::Unreadable(e.to_string()))?;
        Ok(Self::Json(value))
    }

    /// The `verifiableCredential` entry: the JSON itself, or the envelope of a JWT.
    fn entry(&self) -> Value {
        match self {
            PresentedCredential::Json(credential) => credential.clone(),
            PresentedCredential::Jwt(token) => json!({
                "@context": [VC_V2_CONTEXT],
                "id": format!("{VC_JWT_DATA_URL_PREFIX}{token}"),
                "type": "EnvelopedVerifiableCredential",
            }),
        }
    }
}

/// What a holder answers: the verifier's `challenge` and `domain`, when, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PresentOptions {
    /// The verifier's challenge (a nonce it chose for this request).
    pub challenge: String,
    /// The verifier's domain (who the presentation is for).
    pub domain: String,
    /// The proof's `created` (JWT: `iat`): the holder's clock.
    pub created: DateTime<Utc>,
    /// The Data Integrity suite (default `eddsa-rdfc-2022`).
    pub suite: Suite,
    /// An `id` for the presentation (e.g. `urn:uuid:…`).
    pub id: Option<String>,
}

impl PresentOptions {
    /// Answers `challenge` for `domain` at `created`, with `eddsa-rdfc-2022`.
    pub fn new(
        challenge: impl Into<String>,
        domain: impl Into<String>,
        created: DateTime<Utc>,
    ) -> Self {
        Self {
            challenge: challenge.into(),
            domain: domain.into(),
            created,
            suite: Suite::EddsaRdfc2022,
            id: None,
        }
    }

    /// Signs with `suite`.
    pub fn suite(mut self, suite: Suite) -> Self {
        self.suite = suite;
        self
    }

    /// Gives the presentation an `id`.
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }
}

/// Why a presentation could not be made.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum PresentError {
    /// A badge could not be read (not JSON, a JWT or a baked image).
    #[error("cannot read the badge: {0}")]
    Unreadable(String),
    /// Nothing to present.
    #[error("a presentation needs at least one credential")]
    NoCredentials,
    /// An empty challenge or domain: the verifier's request is what binds the presentation.
    #[error("the verifier's {0} is empty")]
    MissingRequest(&'static str),
    /// The presentation breaks the VC data model (a presented JSON that is not a credential,
    /// say); every error is listed.
    #[error("the presentation is not valid: {}", list(.problems))]
    Invalid {
        /// The errors [`crate::validate::presentation`] found.
        problems: Vec<Problem>,
    },
    /// Signing failed.
    #[error("proof: {0}")]
    Proof(#[from] ProofError),
    /// The suite is not available.
    #[error("{0}")]
    Suite(#[from] IssueError),
    /// Signing the VP-JWT failed.
    #[error("JWT: {0}")]
    Jwt(#[from] crate::jwt::JwtError),
}

fn list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("{} at `{}`: {}", p.code, p.pointer, p.message))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A holder's signing identity: her Ed25519 key and the verification method her proofs name.
pub struct Holder {
    keypair: Keypair,
    verification_method: String,
    suites: SuiteRegistry,
}

impl std::fmt::Debug for Holder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Holder")
            .field("verification_method", &self.verification_method)
            .finish_non_exhaustive()
    }
}

impl Holder {
    /// A holder signing with `keypair`, naming `verification_method_id` in her proofs; its
    /// controller (before `#`) is the presentation's `holder`.
    pub fn new(keypair: Keypair, verification_method_id: impl Into<String>) -> Self {
        Self {
            keypair,
            verification_method: verification_method_id.into(),
            suites: SuiteRegistry::standard().clone(),
        }
    }

    /// A `did:key` holder (`did:key:z6Mk…#z6Mk…`), resolvable offline.
    pub fn did_key(keypair: Keypair) -> Self {
        let method = keypair.public_key().to_did_key_method_id();
        Self::new(keypair, method)
    }

    /// Signs with the JSON-LD contexts in `documents` available besides the bundled ones (those
    /// of the presented credentials, with an RDF suite).
    pub fn with_documents(mut self, documents: &DocumentStore) -> Self {
        self.suites = SuiteRegistry::with_documents(documents);
        self
    }

    /// The verification method id proofs carry.
    pub fn verification_method(&self) -> &str {
        &self.verification_method
    }

    /// The holder id: the controller of the verification method.
    pub fn did(&self) -> &str {
        self.verification_method
            .split_once('#')
            .map_or(self.verification_method.as_str(), |(did, _)| did)
    }

    /// The unsigned presentation of `credentials` by this holder.
    pub fn presentation(&self, credentials: &[PresentedCredential], id: Option<&str>) -> Value {
        let mut presentation = serde_json::Map::new();
        presentation.insert("@context".into(), json!([VC_V2_CONTEXT]));
        if let Some(id) = id {
            presentation.insert("id".into(), id.into());
        }
        presentation.insert("type".into(), json!(["VerifiablePresentation"]));
        presentation.insert("holder".into(), self.did().into());
        presentation.insert(
            "verifiableCredential".into(),
            credentials.iter().map(PresentedCredential::entry).collect(),
        );
        Value::Object(presentation)
    }

    fn checked_presentation(
        &self,
        credentials: &[PresentedCredential],
        options: &PresentOptions,
    ) -> Result<Value, PresentError> {
        if credentials.is_empty() {
            return Err(PresentError::NoCredentials);
        }
        if options.challenge.is_empty() {
            return Err(PresentError::MissingRequest("challenge"));
        }
        if options.domain.is_empty() {
            return Err(PresentError::MissingRequest("domain"));
        }
        let presentation = self.presentation(credentials, options.id.as_deref());
        let report = validate::presentation(&presentation);
        if !report.is_valid() {
            return Err(PresentError::Invalid {
                problems: report.errors().cloned().collect(),
            });
        }
        Ok(presentation)
    }

    /// The signed presentation: a Data Integrity proof of `options.suite`, purpose
    /// `authentication`, with the verifier's `challenge` and `domain`.
    pub fn present(
        &self,
        credentials: &[PresentedCredential],
        options: &PresentOptions,
    ) -> Result<Value, PresentError> {
        let presentation = self.checked_presentation(credentials, options)?;
        let mut proof_options =
            ProofOptions::new(self.verification_method.as_str(), options.created);
        proof_options.proof_purpose = AUTHENTICATION.to_owned();
        proof_options.challenge = Some(options.challenge.clone());
        proof_options.domain = vec![options.domain.clone()];
        let suite = options.suite.cryptosuite(&self.suites)?;
        Ok(suite.sign(&presentation, &proof_options, &self.keypair)?)
    }

    /// The presentation as a VP-JWT (EdDSA, `kid` = the verification method, `nonce` = the
    /// challenge, `aud` = the domain, `iat` = `options.created`).
    pub fn present_jwt(
        &self,
        credentials: &[PresentedCredential],
        options: &PresentOptions,
    ) -> Result<String, PresentError> {
        use crate::jwt::{PresentationClaims, SigningKey, sign_presentation};
        let presentation = self.checked_presentation(credentials, options)?;
        let key = SigningKey::from_jwk(&self.keypair.to_private_jwk())?;
        let claims = PresentationClaims::new(
            self.verification_method.as_str(),
            options.domain.as_str(),
            options.challenge.as_str(),
            options.created,
        );
        Ok(sign_presentation(&presentation, &key, &claims)?)
    }
}
