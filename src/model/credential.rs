//! The credentials: [`AchievementCredential`] (alias `OpenBadgeCredential`),
//! [`EndorsementCredential`], the generic [`Credential`] for any other VC, and the VC parts they
//! share ([`Proof`], [`CredentialStatus`], [`CredentialSchema`], [`RefreshService`], [`TermsOfUse`]).
//!
//! The three credential structs spell out their fields separately on purpose: OB 3.0 gives each its
//! own required fields and subject type, and the generic one must accept what the OB ones reject.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::common::{ContextEntry, OneOrMany, Text, Timestamp};
use super::profile::{Image, ProfileRef};
use super::subject::{AchievementSubject, EndorsementSubject, Evidence};

/// VC Data Model 2.0 base context (item 0 of `@context`).
pub const VC_V2_CONTEXT: &str = "https://www.w3.org/ns/credentials/v2";
/// VC Data Model 1.1 base context (legacy credentials).
pub const VC_V1_CONTEXT: &str = "https://www.w3.org/2018/credentials/v1";
/// The current Open Badges 3.0 context (item 1 of `@context`).
pub const OB_CONTEXT: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

/// Why a JSON value is not a credential of the requested type.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ModelError {
    /// The JSON does not have the shape of the type (missing required property, wrong JSON type…).
    #[error("not a valid {target}: {source}")]
    Shape {
        /// The Rust type that was asked for.
        target: &'static str,
        /// What serde reported (names the property).
        source: serde_json::Error,
    },
}

macro_rules! json_conversions {
    ($name:ident) => {
        impl $name {
            /// Reads the type from a JSON value (use [`crate::json::parse`] for untrusted bytes).
            pub fn from_json(value: &Value) -> Result<Self, ModelError> {
                Self::deserialize(value).map_err(|source| ModelError::Shape {
                    target: stringify!($name),
                    source,
                })
            }

            /// The JSON form. Sign and hash *this* value (or the JSON you received), never a
            /// re-serialization of a parsed struct.
            pub fn to_json(&self) -> Value {
                // Serializing these types cannot fail: every map key is a string and every number
                // is a `serde_json::Number`.
                serde_json::to_value(self).unwrap_or(Value::Null)
            }
        }
    };
}

macro_rules! validity_accessors {
    ($name:ident) => {
        impl $name {
            /// When the credential becomes valid: `validFrom` (VC 2.0), else `issuanceDate` (VC 1.1).
            pub fn effective_valid_from(&self) -> Option<&Timestamp> {
                self.valid_from.as_ref().or(self.issuance_date.as_ref())
            }

            /// When the credential stops being valid: `validUntil` (VC 2.0), else `expirationDate` (VC 1.1).
            pub fn effective_valid_until(&self) -> Option<&Timestamp> {
                self.valid_until.as_ref().or(self.expiration_date.as_ref())
            }

            /// True when `type` contains `name`.
            pub fn has_type(&self, name: &str) -> bool {
                self.types.contains_str(name)
            }
        }
    };
}

/// An Open Badges 3.0 `OpenBadgeCredential` / `AchievementCredential` (the two type names are
/// aliases; both are accepted). Loads VC 2.0 (`validFrom`/`validUntil`) and VC 1.1
/// (`issuanceDate`/`expirationDate`) credentials.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AchievementCredential {
    /// `@context`, in order.
    #[serde(rename = "@context")]
    pub context: OneOrMany<ContextEntry>,
    /// Credential id (URI, required).
    pub id: String,
    /// `type` (∋ `VerifiableCredential` and `OpenBadgeCredential` or `AchievementCredential`).
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// Issuer id or profile.
    pub issuer: ProfileRef,
    /// VC 2.0 start of validity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<Timestamp>,
    /// VC 2.0 end of validity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<Timestamp>,
    /// VC 1.1 issuance date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuance_date: Option<Timestamp>,
    /// VC 1.1 expiration date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_date: Option<Timestamp>,
    /// Display name of the credential.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Text>,
    /// Description of the credential.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// Image of the credential.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
    /// When the achievement was awarded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub awarded_date: Option<Timestamp>,
    /// The recipient and the achievement.
    pub credential_subject: AchievementSubject,
    /// Endorsements of the credential.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endorsement: Option<OneOrMany<EndorsementCredential>>,
    /// Endorsements as compact JWS strings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endorsement_jwt: Option<OneOrMany<String>>,
    /// Evidence of the recipient's work.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<OneOrMany<Evidence>>,
    /// Status (revocation) entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_status: Option<CredentialStatus>,
    /// Schemas the credential conforms to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_schema: Option<OneOrMany<CredentialSchema>>,
    /// Where a fresher copy can be fetched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_service: Option<RefreshService>,
    /// Terms of use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms_of_use: Option<OneOrMany<TermsOfUse>>,
    /// Embedded proofs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof: Option<OneOrMany<Proof>>,
    /// Properties this crate does not model, kept verbatim.
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

json_conversions!(AchievementCredential);
validity_accessors!(AchievementCredential);

impl AchievementCredential {
    /// Starts awarding an achievement; see [`AwardBuilder`](super::AwardBuilder).
    pub fn builder() -> super::AwardBuilder {
        super::AwardBuilder::default()
    }
}

/// An `EndorsementCredential`: a third party's statement about an issuer, achievement or credential.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EndorsementCredential {
    /// `@context`, in order.
    #[serde(rename = "@context")]
    pub context: OneOrMany<ContextEntry>,
    /// Credential id (URI, required).
    pub id: String,
    /// `type` (∋ `VerifiableCredential` and `EndorsementCredential`).
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// Endorser id or profile.
    pub issuer: ProfileRef,
    /// VC 2.0 start of validity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<Timestamp>,
    /// VC 2.0 end of validity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<Timestamp>,
    /// VC 1.1 issuance date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuance_date: Option<Timestamp>,
    /// VC 1.1 expiration date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_date: Option<Timestamp>,
    /// Name (required for endorsements).
    pub name: Text,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// When the endorsement was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub awarded_date: Option<Timestamp>,
    /// What is endorsed.
    pub credential_subject: EndorsementSubject,
    /// Status (revocation) entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_status: Option<CredentialStatus>,
    /// Schemas the credential conforms to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_schema: Option<OneOrMany<CredentialSchema>>,
    /// Where a fresher copy can be fetched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_service: Option<RefreshService>,
    /// Terms of use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms_of_use: Option<OneOrMany<TermsOfUse>>,
    /// Embedded proofs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof: Option<OneOrMany<Proof>>,
    /// Properties this crate does not model, kept verbatim.
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

json_conversions!(EndorsementCredential);
validity_accessors!(EndorsementCredential);

/// Any W3C Verifiable Credential (VC 1.1 or 2.0) that is not an Open Badge, e.g. the employment or
/// alumni credentials of the W3C test vectors. The envelope is typed; `issuer` and
/// `credentialSubject` stay JSON because their shape belongs to other vocabularies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Credential {
    /// `@context`, in order.
    #[serde(rename = "@context")]
    pub context: OneOrMany<ContextEntry>,
    /// Credential id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `type`.
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// Issuer (URI or object).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<Value>,
    /// VC 2.0 start of validity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<Timestamp>,
    /// VC 2.0 end of validity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<Timestamp>,
    /// VC 1.1 issuance date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuance_date: Option<Timestamp>,
    /// VC 1.1 expiration date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_date: Option<Timestamp>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Text>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// Subject(s).
    pub credential_subject: OneOrMany<Value>,
    /// Evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<OneOrMany<Value>>,
    /// Status entries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_status: Option<OneOrMany<CredentialStatus>>,
    /// Schemas.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_schema: Option<OneOrMany<CredentialSchema>>,
    /// Refresh services.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_service: Option<OneOrMany<RefreshService>>,
    /// Terms of use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms_of_use: Option<OneOrMany<TermsOfUse>>,
    /// Embedded proofs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof: Option<OneOrMany<Proof>>,
    /// Properties this crate does not model, kept verbatim.
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

json_conversions!(Credential);
validity_accessors!(Credential);

/// A credential of whichever kind its `type` says.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum AnyCredential {
    /// `OpenBadgeCredential` / `AchievementCredential`.
    Achievement(Box<AchievementCredential>),
    /// `EndorsementCredential`.
    Endorsement(Box<EndorsementCredential>),
    /// Any other verifiable credential.
    Other(Box<Credential>),
}

impl AnyCredential {
    /// Reads a credential, choosing the type from its `type` property: an OB type must then
    /// deserialize as that type (an OB credential that does not fit is an error, not a generic VC).
    ///
    /// ```
    /// use openbadges::model::AnyCredential;
    ///
    /// let vc = serde_json::json!({
    ///     "@context": ["https://www.w3.org/ns/credentials/v2"],
    ///     "type": ["VerifiableCredential", "EmploymentCredential"],
    ///     "issuer": "did:example:issuer",
    ///     "credentialSubject": {"id": "did:example:subject"}
    /// });
    /// let parsed = AnyCredential::from_json(&vc).unwrap();
    /// assert!(matches!(parsed, AnyCredential::Other(_)));
    /// assert_eq!(parsed.to_json(), vc);
    /// ```
    pub fn from_json(value: &Value) -> Result<Self, ModelError> {
        let has = |name: &str| match value.get("type") {
            Some(Value::String(s)) => s == name,
            Some(Value::Array(items)) => items.iter().any(|t| t == name),
            _ => false,
        };
        if has("OpenBadgeCredential") || has("AchievementCredential") {
            AchievementCredential::from_json(value).map(|c| AnyCredential::Achievement(Box::new(c)))
        } else if has("EndorsementCredential") {
            EndorsementCredential::from_json(value).map(|c| AnyCredential::Endorsement(Box::new(c)))
        } else {
            Credential::from_json(value).map(|c| AnyCredential::Other(Box::new(c)))
        }
    }

    /// The JSON form.
    pub fn to_json(&self) -> Value {
        match self {
            AnyCredential::Achievement(c) => c.to_json(),
            AnyCredential::Endorsement(c) => c.to_json(),
            AnyCredential::Other(c) => c.to_json(),
        }
    }
}

/// An embedded Data Integrity / Linked Data proof. Fields are optional so that any proof can be
/// read; the proof modules check what each suite requires.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Proof {
    /// Proof id (used by `previousProof` chains).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `type` (`DataIntegrityProof`, `Ed25519Signature2020`, …).
    #[serde(rename = "type")]
    pub proof_type: String,
    /// Cryptosuite (`eddsa-rdfc-2022`, `eddsa-jcs-2022`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cryptosuite: Option<String>,
    /// Creation time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<Timestamp>,
    /// Expiry of the proof.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<Timestamp>,
    /// Key: a DID URL / URL, or (rarely) an embedded key object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification_method: Option<VerificationMethodRef>,
    /// Purpose (`assertionMethod` for credentials).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof_purpose: Option<String>,
    /// The signature (multibase).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof_value: Option<String>,
    /// Challenge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub challenge: Option<String>,
    /// Domain(s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<OneOrMany<String>>,
    /// Nonce.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nonce: Option<String>,
    /// Id(s) of the proof(s) this one chains on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_proof: Option<OneOrMany<String>>,
    /// Other members (`@context` of a proof configuration, `jws`, …), kept verbatim.
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

/// A proof's `verificationMethod`: usually a URL, sometimes the key object itself.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum VerificationMethodRef {
    /// DID URL or URL of the key.
    Uri(String),
    /// An embedded verification method (kept verbatim).
    Embedded(Map<String, Value>),
}

impl VerificationMethodRef {
    /// The key's id: the URL, or the embedded object's `id`.
    pub fn id(&self) -> Option<&str> {
        match self {
            VerificationMethodRef::Uri(u) => Some(u),
            VerificationMethodRef::Embedded(m) => m.get("id").and_then(Value::as_str),
        }
    }
}

impl<'de> Deserialize<'de> for VerificationMethodRef {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        match Value::deserialize(deserializer)? {
            Value::String(u) => Ok(VerificationMethodRef::Uri(u)),
            Value::Object(m) => Ok(VerificationMethodRef::Embedded(m)),
            other => Err(D::Error::custom(format!(
                "verificationMethod must be a URL or an object, found {other}"
            ))),
        }
    }
}

/// A status entry (`1EdTechRevocationList`, `BitstringStatusListEntry`, …); its type-specific
/// fields stay in `extensions`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CredentialStatus {
    /// Id (required by OB 3.0, optional in VC 2.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `type`.
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// Type-specific members (`statusPurpose`, `statusListIndex`, …).
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

/// A schema the credential claims to conform to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CredentialSchema {
    /// Schema URL.
    pub id: String,
    /// `type` (`1EdTechJsonSchemaValidator2019`, `JsonSchema`, …).
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// Other members, kept verbatim.
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

/// Where a refreshed credential can be fetched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RefreshService {
    /// Service URL (required by OB 3.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `type` (`1EdTechCredentialRefresh`, …).
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// Other members, kept verbatim.
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

/// Terms of use (policy) attached to the credential.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TermsOfUse {
    /// Policy id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `type`.
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// Policy members, kept verbatim.
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}
