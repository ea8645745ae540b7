//! The Open Badges 2.0 data model: [`Assertion`], [`BadgeClass`], the issuer [`Profile`] and the
//! classes they link to, as JSON (compacted with the `https://w3id.org/openbadges/v2` context).
//!
//! Every class keeps the members it does not model in `extensions`, so a document reads and
//! writes back without loss. Properties that JSON-LD lets hold either an IRI or an embedded object
//! (`badge`, `issuer`, `image`, `criteria`, `evidence`, `publicKey`, `creator`, `endorsement`) are a
//! [`Link`]; properties that may hold one value or an array are a [`OneOrMany`].
//!
//! ```
//! use openbadges::ob2::model::{Assertion, Link};
//!
//! let assertion: Assertion = serde_json::from_value(serde_json::json!({
//!     "@context": "https://w3id.org/openbadges/v2",
//!     "type": "Assertion",
//!     "id": "https://example.org/assertions/123",
//!     "recipient": {"type": "email", "hashed": false, "identity": "alice@example.org"},
//!     "badge": "https://example.org/badges/5",
//!     "verification": {"type": "hosted"},
//!     "issuedOn": "2016-12-31T23:59:59Z",
//!     "x-platform": "kept"
//! }))?;
//! assert_eq!(assertion.badge, Link::Iri("https://example.org/badges/5".into()));
//! assert!(assertion.verification.is_hosted());
//! assert_eq!(serde_json::to_value(&assertion)?["x-platform"], "kept");
//! # Ok::<(), serde_json::Error>(())
//! ```

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use crate::model::OneOrMany;

/// The Open Badges 2.0 JSON-LD context (bundled with the crate).
pub const CONTEXT_V2: &str = "https://w3id.org/openbadges/v2";
/// The same context under the address 2.0 documents were first published with.
pub const CONTEXT_V2_ALIAS: &str = "https://openbadgespec.org/v2/context.json";
/// The Open Badges 1.1 context, still named by assertions issued before 2.0.
pub const CONTEXT_V1: &str = "https://w3id.org/openbadges/v1";

/// An IRI naming a node, or the node embedded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Link<T> {
    /// The node's IRI (`https://…`, `urn:uuid:…`), to be looked up.
    Iri(String),
    /// The node itself.
    Embedded(Box<T>),
}

impl<T: HasId> Link<T> {
    /// The IRI, or the embedded node's `id`.
    pub fn id(&self) -> Option<&str> {
        match self {
            Link::Iri(iri) => Some(iri),
            Link::Embedded(node) => node.id(),
        }
    }

    /// The embedded node, if embedded.
    pub fn embedded(&self) -> Option<&T> {
        match self {
            Link::Iri(_) => None,
            Link::Embedded(node) => Some(node),
        }
    }
}

/// A node that may carry an `id`.
pub trait HasId {
    /// The node's `id`.
    fn id(&self) -> Option<&str>;
}

macro_rules! has_id {
    (required: $($t:ty),*) => { $(impl HasId for $t { fn id(&self) -> Option<&str> { Some(&self.id) } })* };
    (optional: $($t:ty),*) => { $(impl HasId for $t { fn id(&self) -> Option<&str> { self.id.as_deref() } })* };
}
has_id!(required: Assertion, BadgeClass, Profile, Endorsement, Image);
has_id!(optional: CryptographicKey, Criteria, Evidence, RevocationList);

/// An awarded badge: who earned which BadgeClass, when, and how it is verified.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Assertion {
    /// `@context` (`https://w3id.org/openbadges/v2`).
    #[serde(rename = "@context", default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Value>,
    /// The hosted URL (hosted) or a `urn:uuid:` (signed).
    pub id: String,
    /// `type` (∋ `Assertion`).
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// The recipient.
    pub recipient: IdentityObject,
    /// The BadgeClass awarded.
    pub badge: Link<BadgeClass>,
    /// How to verify it (`verify` in older documents).
    #[serde(alias = "verify")]
    pub verification: VerificationObject,
    /// When it was awarded (ISO 8601 with a zone).
    pub issued_on: String,
    /// A baked image of this award.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Link<Image>>,
    /// The recipient's work.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<OneOrMany<Link<Evidence>>>,
    /// How the recipient met the criteria (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub narrative: Option<String>,
    /// When it stops being valid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    /// `true` when the issuer revoked it (hosted assertions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked: Option<bool>,
    /// Why it was revoked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revocation_reason: Option<String>,
    /// Endorsements of the award.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endorsement: Option<OneOrMany<Link<Endorsement>>>,
    /// Members not modelled here, kept verbatim (`uid`, `related`, extensions…).
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

/// The achievement a badge stands for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BadgeClass {
    /// `@context`.
    #[serde(rename = "@context", default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Value>,
    /// Its IRI.
    pub id: String,
    /// `type` (∋ `BadgeClass`).
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Image (URL or data URI).
    pub image: Link<Image>,
    /// What earning it takes.
    pub criteria: Link<Criteria>,
    /// Who awards it.
    pub issuer: Link<Profile>,
    /// Standards it aligns to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alignment: Option<OneOrMany<AlignmentObject>>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<OneOrMany<String>>,
    /// Endorsements of the BadgeClass.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endorsement: Option<OneOrMany<Link<Endorsement>>>,
    /// Members not modelled here, kept verbatim.
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

/// An issuer (or any other party): `type` `Issuer` or `Profile`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Profile {
    /// `@context`.
    #[serde(rename = "@context", default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Value>,
    /// Its IRI (HTTP(S) for an issuer).
    pub id: String,
    /// `type` (∋ `Issuer` or `Profile`).
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// Name (required of an issuer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Home page (required of an issuer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Contact address (required of an issuer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone number (E.164).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub telephone: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Link<Image>>,
    /// The keys that sign its assertions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_key: Option<OneOrMany<Link<CryptographicKey>>>,
    /// Where its hosted assertions may live (`allowedOrigins`, `startsWith`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification: Option<VerificationObject>,
    /// URL of its [`RevocationList`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revocation_list: Option<String>,
    /// Endorsements of the issuer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endorsement: Option<OneOrMany<Link<Endorsement>>>,
    /// Members not modelled here, kept verbatim.
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

/// The recipient of an assertion: an email address, URL or telephone number, hashed or plain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IdentityObject {
    /// Which Profile property `identity` is: `email`, `url` or `telephone`.
    #[serde(rename = "type")]
    pub identity_type: String,
    /// `sha256$<hex>` / `md5$<hex>` when hashed, else the plaintext identity.
    pub identity: String,
    /// Whether `identity` is hashed.
    pub hashed: bool,
    /// Appended to the identity before hashing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salt: Option<String>,
    /// Members not modelled here, kept verbatim.
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

/// How an object is verified: in an Assertion, `hosted` or `signed` (with the signing key as
/// `creator`); in an issuer Profile, where its hosted assertions may live.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct VerificationObject {
    /// `HostedBadge`/`hosted`, `SignedBadge`/`signed`, or `VerificationObject` in a Profile.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub types: Option<OneOrMany<String>>,
    /// Which property holds the hosted URL (only `id` is defined).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification_property: Option<String>,
    /// URL prefixes hosted assertion ids must start with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_with: Option<OneOrMany<String>>,
    /// Host names hosted assertion ids must be on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_origins: Option<OneOrMany<String>>,
    /// The key that signed (signed assertions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator: Option<Link<CryptographicKey>>,
    /// Members not modelled here, kept verbatim (`url` of 1.x documents…).
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

impl VerificationObject {
    fn has_type(&self, names: &[&str]) -> bool {
        self.types
            .as_ref()
            .is_some_and(|t| t.iter().any(|t| names.contains(&t.as_str())))
    }

    /// `type` is `hosted` / `HostedBadge`.
    pub fn is_hosted(&self) -> bool {
        self.has_type(&["hosted", "HostedBadge"])
    }

    /// `type` is `signed` / `SignedBadge`.
    pub fn is_signed(&self) -> bool {
        self.has_type(&["signed", "SignedBadge"])
    }
}

/// An issuer's RSA public key.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CryptographicKey {
    /// `@context`.
    #[serde(rename = "@context", default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Value>,
    /// `type` (`CryptographicKey`).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub types: Option<OneOrMany<String>>,
    /// Its IRI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The issuer Profile that owns it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The key as PEM (SPKI `PUBLIC KEY` or PKCS#1 `RSA PUBLIC KEY`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_key_pem: Option<String>,
    /// Members not modelled here, kept verbatim.
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

/// The assertions an issuer revoked (signed badges).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RevocationList {
    /// `@context`.
    #[serde(rename = "@context", default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Value>,
    /// Its URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `type` (`RevocationList`).
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// The issuer Profile's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// The revoked assertions.
    #[serde(default)]
    pub revoked_assertions: Vec<RevokedAssertion>,
    /// Members not modelled here, kept verbatim.
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

/// One entry of a [`RevocationList`]: an assertion id, or an object with `id` (or the legacy
/// `uid`) and a reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RevokedAssertion {
    /// The revoked assertion's id.
    Id(String),
    /// The revoked assertion with a reason.
    Entry(RevokedEntry),
}

/// A [`RevokedAssertion`] with details.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RevokedEntry {
    /// The assertion id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The assertion's legacy (1.x) `uid`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    /// Why it was revoked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revocation_reason: Option<String>,
    /// Members not modelled here, kept verbatim.
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

/// Work the recipient did toward the badge.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Evidence {
    /// `type` (default `Evidence`).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub types: Option<OneOrMany<String>>,
    /// Where the evidence is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Narrative (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub narrative: Option<String>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Kind of evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub genre: Option<String>,
    /// Intended audience.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<String>,
    /// Members not modelled here, kept verbatim.
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

/// A standard a BadgeClass aligns to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AlignmentObject {
    /// Name of the standard.
    pub target_name: String,
    /// Its URL.
    pub target_url: String,
    /// Its description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_description: Option<String>,
    /// The framework it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_framework: Option<String>,
    /// Its code in the framework.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_code: Option<String>,
    /// Members not modelled here, kept verbatim.
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

/// What earning a BadgeClass takes: a page (`id`) and/or a narrative.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Criteria {
    /// `type` (`Criteria`).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub types: Option<OneOrMany<String>>,
    /// A human-readable page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The criteria in Markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub narrative: Option<String>,
    /// Members not modelled here, kept verbatim.
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

/// An image: a URL or a `data:` URI, with a caption.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Image {
    /// `type` (`schema:ImageObject`).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub types: Option<OneOrMany<String>>,
    /// URL or data URI.
    pub id: String,
    /// Caption.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// Author (a Profile IRI).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Members not modelled here, kept verbatim.
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

/// A third party's claim about an Assertion, BadgeClass or Profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Endorsement {
    /// `@context`.
    #[serde(rename = "@context", default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Value>,
    /// Its IRI (where it is hosted).
    pub id: String,
    /// `type` (`Endorsement`).
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// The endorsed node's `id`, the claimed properties and `endorsementComment`.
    pub claim: Map<String, Value>,
    /// Who endorses.
    pub issuer: Link<Profile>,
    /// When.
    pub issued_on: String,
    /// How it is verified (hosted or signed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification: Option<VerificationObject>,
    /// `true` when the endorser revoked it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked: Option<bool>,
    /// Members not modelled here, kept verbatim.
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

impl Endorsement {
    /// `claim.endorsementComment`.
    pub fn comment(&self) -> Option<&str> {
        self.claim.get("endorsementComment").and_then(Value::as_str)
    }
}

/// Reads an OB 2.0 DateTime: ISO 8601 with a time and a zone, `Z` or an offset written `±hh:mm`,
/// `±hhmm` or `±hh` (all three are in circulation). `None` when it is not one.
///
/// ```
/// use openbadges::ob2::model::parse_datetime;
///
/// let a = parse_datetime("2016-12-31T23:59:59+0100").unwrap();
/// assert_eq!(a, parse_datetime("2016-12-31T22:59:59Z").unwrap());
/// assert_eq!(a, parse_datetime("2016-12-31T23:59:59+01").unwrap());
/// assert!(parse_datetime("2016-12-31").is_none());
/// ```
pub fn parse_datetime(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let parse = |t: &str| {
        chrono::DateTime::parse_from_rfc3339(t)
            .ok()
            .map(|d| d.with_timezone(&chrono::Utc))
    };
    if let Some(parsed) = parse(text) {
        return Some(parsed);
    }
    // `±hhmm` and `±hh`: rewrite the offset as `±hh:mm`.
    let sign_at = text.rfind(['+', '-'])?;
    let (stamp, offset) = text.split_at(sign_at);
    if !stamp.contains('T') {
        return None;
    }
    let digits = offset.get(1..)?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sign = offset.get(..1)?;
    match digits.len() {
        4 => parse(&format!(
            "{stamp}{sign}{}:{}",
            digits.get(..2)?,
            digits.get(2..)?
        )),
        2 => parse(&format!("{stamp}{sign}{digits}:00")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn datetimes() {
        assert!(parse_datetime("2016-12-31T23:59:59.5-05:00").is_some());
        assert!(parse_datetime("2016-12-31T23:59:59-0500").is_some());
        assert!(parse_datetime("2016-12-31T23:59:59").is_none());
        assert!(parse_datetime("2016-12-31T23:59:59-05000").is_none());
        assert!(parse_datetime("1483228799").is_none());
        assert!(parse_datetime("").is_none());
    }

    #[test]
    fn links_read_iris_and_embedded_nodes() {
        let iri: Link<Profile> = serde_json::from_value(json!("https://e.org/i")).unwrap();
        assert_eq!(iri.id(), Some("https://e.org/i"));
        let node: Link<Profile> = serde_json::from_value(json!({
            "id": "https://e.org/i", "type": "Issuer", "name": "E"
        }))
        .unwrap();
        assert_eq!(node.id(), Some("https://e.org/i"));
        assert_eq!(node.embedded().and_then(|p| p.name.as_deref()), Some("E"));
    }

    #[test]
    fn revocation_entries_of_every_shape() {
        let list: RevocationList = serde_json::from_value(json!({
            "type": "RevocationList",
            "revokedAssertions": ["urn:uuid:a", {"id": "urn:uuid:b", "revocationReason": "r"}, {"uid": "c"}]
        }))
        .unwrap();
        assert_eq!(list.revoked_assertions.len(), 3);
        assert_eq!(
            list.revoked_assertions[0],
            RevokedAssertion::Id("urn:uuid:a".into())
        );
        assert!(
            matches!(&list.revoked_assertions[2], RevokedAssertion::Entry(e) if e.uid.as_deref() == Some("c"))
        );
    }

    #[test]
    fn legacy_verify_alias_and_round_trip() {
        let value = json!({
            "type": "Assertion", "id": "urn:uuid:1",
            "recipient": {"type": "email", "hashed": true, "salt": "s", "identity": "sha256$00"},
            "badge": "https://e.org/b", "verify": {"type": "signed", "creator": "https://e.org/k"},
            "issuedOn": "2020-01-01T00:00:00Z"
        });
        let assertion: Assertion = serde_json::from_value(value).unwrap();
        assert!(assertion.verification.is_signed());
        assert_eq!(
            assertion.verification.creator.as_ref().and_then(Link::id),
            Some("https://e.org/k")
        );
        let back = serde_json::to_value(&assertion).unwrap();
        assert_eq!(back["verification"]["creator"], "https://e.org/k");
    }
}
