//! Open Badges 2.0: verify the hosted and signed assertions most badges in circulation still are,
//! offline, and upgrade them to Open Badges 3.0.
//!
//! An assertion arrives as its JSON, as a compact JWS (signed assertions), or baked into a PNG
//! (`iTXt`/`tEXt` chunk `openbadges`) or SVG (`<openbadges:assertion>`) holding the JSON, the JWS or
//! the assertion URL ([`input`]). Verification follows the OB 2.0 "Verification" section with
//! nothing fetched: the documents an assertion refers to — the hosted assertion itself, its
//! BadgeClass, the issuer Profile, the issuer's keys and revocation list — come from the caller
//! ([`Documents`]); [`needs`] lists the ones missing. The result is the crate's
//! [`VerificationReport`], with the same outcomes, check codes and display view as for OB 3.0:
//!
//! | code | hosted assertion | signed assertion |
//! |---|---|---|
//! | `PARSE` | read from JSON, a URL or a baked image | read from the JWS or a baked image |
//! | `CONTEXTS` | the OB 2.0 (or 1.1) context only | same |
//! | `SPEC` | OB 2.0 data model of the Assertion, BadgeClass and issuer Profile: required members missing are `INVALID`, other rules are conformance (strict: `INVALID`) | same |
//! | `PROOF` | identical to the copy hosted at its `id` (`FORGED` if not, `DOCUMENT_UNAVAILABLE` if not supplied) | RS256 under an issuer key (`alg` pinned; `none` is `FORGED`, HMAC and others `INVALID`; `KEY_UNAVAILABLE` without the key document) |
//! | `ISSUER_BINDING` | `id` inside the issuer's `startsWith`/`allowedOrigins` (default: the issuer's origin); the BadgeClass and issuer Profile supplied (`DOCUMENT_UNAVAILABLE`) | the key is in the issuer's `publicKey` and owned by it (`UNBOUND_KEY`) |
//! | `VALIDITY` | `issuedOn` not in the future, `expires` not past (± skew) | same |
//! | `STATUS` | the hosted copy not `revoked`; the issuer's RevocationList when it has one | the issuer's RevocationList |
//! | `ENDORSEMENT` | embedded endorsements (warnings only) | same |
//! | `RECIPIENT` | optional: hashed (`sha256$`/`md5$`, salted) or plain email, URL, telephone | same |
//!
//! ```
//! use std::collections::HashMap;
//! use chrono::{TimeZone, Utc};
//! use openbadges::ob2;
//! use openbadges::verify::{Outcome, VerifyOptions};
//! use serde_json::{json, Value};
//!
//! let assertion = json!({
//!     "@context": "https://w3id.org/openbadges/v2",
//!     "type": "Assertion",
//!     "id": "https://district.example/assertions/42",
//!     "recipient": {"type": "email", "hashed": false, "identity": "teacher@example.org"},
//!     "badge": "https://district.example/badges/feedback",
//!     "verification": {"type": "hosted"},
//!     "issuedOn": "2024-05-01T00:00:00Z"
//! });
//! let mut documents: HashMap<String, Value> = HashMap::new();
//! documents.insert("https://district.example/assertions/42".into(), assertion.clone());
//! documents.insert("https://district.example/badges/feedback".into(), json!({
//!     "@context": "https://w3id.org/openbadges/v2",
//!     "type": "BadgeClass",
//!     "id": "https://district.example/badges/feedback",
//!     "name": "Feedback That Moves Learning",
//!     "description": "Gives timely, specific feedback that students act on.",
//!     "image": "https://district.example/badges/feedback.png",
//!     "criteria": {"narrative": "Three lessons with feedback and revisions."},
//!     "issuer": "https://district.example/issuer"
//! }));
//! documents.insert("https://district.example/issuer".into(), json!({
//!     "@context": "https://w3id.org/openbadges/v2",
//!     "type": "Issuer",
//!     "id": "https://district.example/issuer",
//!     "name": "Example District",
//!     "url": "https://district.example",
//!     "email": "badges@district.example"
//! }));
//!
//! let options = VerifyOptions::new(Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap());
//! let verification = ob2::verify(assertion.to_string().as_bytes(), &documents, &options);
//! let report = &verification.report;
//! assert_eq!(report.outcome(), Outcome::Verified, "{}", report.summary());
//! assert_eq!(report.display().unwrap().achievement_name.as_deref(), Some("Feedback That Moves Learning"));
//!
//! let credential = ob2::upgrade(verification.verified().unwrap());
//! assert!(openbadges::validate::credential(&credential.to_json()).is_valid());
//! ```

pub mod hosted;
pub mod input;
mod keys;
pub mod model;
pub mod recipient;
pub mod revocation;
pub(crate) mod run;
pub mod signed;
pub mod upgrade;

use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value;

pub use input::{PayloadKind, Source};
pub use upgrade::upgrade;

use crate::verify::{VerificationReport, VerifyOptions};
use model::{Assertion, BadgeClass, Link, Profile};

/// The documents an assertion refers to, saved by the caller: URL → JSON. Verification never
/// fetches anything.
pub trait Documents {
    /// The document saved for `url`.
    fn document(&self, url: &str) -> Option<&Value>;
}

impl Documents for HashMap<String, Value> {
    fn document(&self, url: &str) -> Option<&Value> {
        self.get(url)
    }
}

impl Documents for crate::documents::DocumentStore {
    fn document(&self, url: &str) -> Option<&Value> {
        self.get(url).map(std::sync::Arc::as_ref)
    }
}

impl<D: Documents + ?Sized> Documents for &D {
    fn document(&self, url: &str) -> Option<&Value> {
        (**self).document(url)
    }
}

/// How a verified assertion proved it is its issuer's.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Method {
    /// Identical to the copy hosted at this URL, inside the issuer's hosting rules.
    Hosted {
        /// The assertion URL.
        url: String,
    },
    /// Signed with one of the issuer's keys.
    Signed {
        /// The compact JWS.
        jws: String,
    },
}

/// An assertion that verified, with the BadgeClass and issuer Profile it was verified against.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct VerifiedAssertion {
    /// The assertion (the hosted copy, or the JWS payload).
    pub assertion: Assertion,
    /// Its BadgeClass.
    pub badge_class: BadgeClass,
    /// The issuer Profile.
    pub issuer: Profile,
    /// Hosted or signed.
    pub method: Method,
    /// What it was read from.
    pub source: Source,
}

/// The outcome of verifying an OB 2.0 assertion: the report, and the verified assertion when
/// the outcome is [`Outcome::Verified`](crate::verify::Outcome::Verified).
#[derive(Debug, Clone)]
#[must_use]
pub struct Verification {
    /// The report (the same as for OB 3.0 credentials).
    pub report: VerificationReport,
    source: Option<Source>,
    verified: Option<VerifiedAssertion>,
}

impl Verification {
    /// What the assertion was read from; `None` when the input could not be read.
    pub fn source(&self) -> Option<&Source> {
        self.source.as_ref()
    }

    /// The verified assertion, `None` unless the outcome is `Verified`.
    pub fn verified(&self) -> Option<&VerifiedAssertion> {
        self.verified.as_ref()
    }

    /// The verified assertion, or the report saying why it did not verify.
    pub fn into_verified(self) -> Result<VerifiedAssertion, Box<VerificationReport>> {
        self.verified.ok_or_else(|| Box::new(self.report))
    }
}

/// Verifies an Open Badges 2.0 assertion as received (JSON, compact JWS, assertion URL, or a
/// baked PNG or SVG), at `options.now`, reading every document it refers to from `documents`.
pub fn verify(bytes: &[u8], documents: &dyn Documents, options: &VerifyOptions) -> Verification {
    verify_at(bytes, documents, options, options.now)
}

/// [`verify`] at `now` instead of `options.now` (for a verifier with a clock).
pub fn verify_at(
    bytes: &[u8],
    documents: &dyn Documents,
    options: &VerifyOptions,
    now: chrono::DateTime<chrono::Utc>,
) -> Verification {
    run::Run {
        documents,
        options,
        now,
    }
    .bytes(bytes)
}

/// The documents an OB 2.0 assertion refers to that `documents` does not hold, by kind. A
/// BadgeClass's issuer, or an issuer's keys and revocation list, can only be named once the
/// BadgeClass or issuer is supplied: call again after supplying them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Needs {
    /// Hosted assertions (the assertion's own URL).
    pub assertions: Vec<String>,
    /// BadgeClasses.
    pub badge_classes: Vec<String>,
    /// Issuer Profiles.
    pub issuers: Vec<String>,
    /// CryptographicKeys.
    pub keys: Vec<String>,
    /// RevocationLists.
    pub revocation_lists: Vec<String>,
}

impl Needs {
    /// Nothing is missing.
    pub fn is_empty(&self) -> bool {
        self.assertions.is_empty()
            && self.badge_classes.is_empty()
            && self.issuers.is_empty()
            && self.keys.is_empty()
            && self.revocation_lists.is_empty()
    }

    /// Every URL, in the order above.
    pub fn urls(&self) -> impl Iterator<Item = &str> {
        self.assertions
            .iter()
            .chain(&self.badge_classes)
            .chain(&self.issuers)
            .chain(&self.keys)
            .chain(&self.revocation_lists)
            .map(String::as_str)
    }
}

/// Lists the documents verifying this assertion needs that `documents` lacks. An unreadable
/// input needs nothing (verification reports why it is unreadable).
pub fn needs(bytes: &[u8], documents: &dyn Documents, options: &VerifyOptions) -> Needs {
    let mut needs = Needs::default();
    let Ok(read) = input::read(
        bytes,
        options.max_input_bytes,
        &options.json_limits,
        &options.unbake_limits,
    ) else {
        return needs;
    };
    let missing = |url: &str| documents.document(url).is_none();
    let push = |list: &mut Vec<String>, url: &str| {
        if missing(url) && !list.iter().any(|u| u == url) {
            list.push(url.to_owned());
        }
    };
    let (assertion, signed): (Option<Value>, bool) = match read.carried {
        input::Carried::Json(value) => {
            if let Some(id) = value.get("id").and_then(Value::as_str) {
                if !is_declared_signed(&value) {
                    push(&mut needs.assertions, id);
                }
            }
            (Some(value), false)
        }
        input::Carried::Url(url) => {
            push(&mut needs.assertions, &url);
            (documents.document(&url).cloned(), false)
        }
        input::Carried::Jws(token) => (
            signed::Jws::parse(&token, options.max_jwt_bytes, &options.json_limits)
                .ok()
                .map(|jws| jws.payload),
            true,
        ),
    };
    let Some(assertion) = assertion else {
        return needs;
    };
    let assertion = match assertion.get("id").and_then(Value::as_str) {
        Some(id) if !signed => documents.document(id).cloned().unwrap_or(assertion),
        _ => assertion,
    };
    let Ok(assertion) = serde_json::from_value::<Assertion>(assertion) else {
        return needs;
    };
    let creator = assertion.verification.creator.as_ref().and_then(Link::id);
    let creator_needed = |needs: &mut Needs, issuer: Option<&Profile>| {
        let Some(creator) = creator.filter(|_| signed) else {
            return;
        };
        // A key embedded in the issuer's own profile needs no document of its own.
        let embedded = issuer.is_some_and(|issuer| {
            issuer
                .public_key
                .iter()
                .flat_map(|k| k.iter())
                .any(|k| matches!(k, Link::Embedded(key) if key.id.as_deref() == Some(creator)))
        });
        if !embedded {
            push(&mut needs.keys, creator);
        }
    };
    let Some(badge_url) = assertion.badge.id() else {
        creator_needed(&mut needs, None);
        return needs;
    };
    push(&mut needs.badge_classes, badge_url);
    let badge_class = match (documents.document(badge_url), assertion.badge.embedded()) {
        (Some(document), _) => serde_json::from_value::<BadgeClass>(document.clone()).ok(),
        (None, Some(embedded)) if signed => Some(embedded.clone()),
        (None, _) => None,
    };
    if signed && assertion.badge.embedded().is_some() {
        // A signed assertion's embedded BadgeClass is enough.
        needs.badge_classes.retain(|u| u != badge_url);
    }
    let Some(issuer_url) = badge_class.as_ref().and_then(|b| b.issuer.id()) else {
        creator_needed(&mut needs, None);
        return needs;
    };
    push(&mut needs.issuers, issuer_url);
    let Some(issuer) = documents
        .document(issuer_url)
        .and_then(|d| serde_json::from_value::<Profile>(d.clone()).ok())
    else {
        creator_needed(&mut needs, None);
        return needs;
    };
    creator_needed(&mut needs, Some(&issuer));
    if signed && creator.is_none() {
        for key in issuer.public_key.iter().flat_map(|k| k.iter()) {
            if let Link::Iri(url) = key {
                push(&mut needs.keys, url);
            }
        }
    }
    if let Some(list) = issuer.revocation_list.as_deref() {
        push(&mut needs.revocation_lists, list);
    }
    needs
}

fn is_declared_signed(assertion: &Value) -> bool {
    assertion
        .get("verification")
        .or_else(|| assertion.get("verify"))
        .and_then(|v| v.get("type"))
        .is_some_and(|t| match t {
            Value::String(s) => matches!(s.as_str(), "signed" | "SignedBadge"),
            Value::Array(items) => items
                .iter()
                .any(|s| matches!(s.as_str(), Some("signed" | "SignedBadge"))),
            _ => false,
        })
}
