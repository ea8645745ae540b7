//! Who earned what: [`AchievementSubject`] with its [`IdentityObject`]s and [`Result`]s,
//! [`Evidence`], and the [`EndorsementSubject`] of an endorsement.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};
use sha2::{Digest, Sha256};

use super::achievement::{Achievement, Alignment};
use super::common::{OneOrMany, Text, Timestamp};
use super::profile::{Image, Profile};
use super::vocab::{IdentifierTypeEnum, ResultStatusType};

/// The recipient of an achievement credential and what they achieved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AchievementSubject {
    /// The recipient's DID or URL (this and/or `identifier` must be present).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `type` (∋ `AchievementSubject`).
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// When the activity started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity_start_date: Option<Timestamp>,
    /// When the activity ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity_end_date: Option<Timestamp>,
    /// Credits earned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credits_earned: Option<Number>,
    /// The achievement (required).
    pub achievement: Achievement,
    /// Hashed or plain identities of the recipient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<OneOrMany<IdentityObject>>,
    /// An image of the recipient's work or of the award.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
    /// License number (licenses).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license_number: Option<String>,
    /// Markdown narrative of how the achievement was earned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub narrative: Option<String>,
    /// Results (rubric levels reached, grades, status…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<OneOrMany<Result>>,
    /// Role of the recipient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The organization that assessed the recipient, if not the issuer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Box<Profile>>,
    /// Academic term.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term: Option<String>,
    /// Properties this crate does not model, kept verbatim.
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

/// The thing an endorsement endorses (an issuer, achievement or credential).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EndorsementSubject {
    /// URI of the endorsed entity (required).
    pub id: String,
    /// `type` (∋ `EndorsementSubject`).
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// Markdown comment of the endorser.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endorsement_comment: Option<String>,
    /// Properties this crate does not model, kept verbatim.
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

/// A recipient's result for one [`ResultDescription`](super::ResultDescription).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Result {
    /// `type` (∋ `Result`).
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// Id of the rubric level reached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub achieved_level: Option<String>,
    /// Alignments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alignment: Option<OneOrMany<Alignment>>,
    /// Id of the result description in the achievement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_description: Option<String>,
    /// Status (required when the description's `resultType` is `Status`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ResultStatusType>,
    /// Value (grade, score…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Properties this crate does not model, kept verbatim.
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

impl Result {
    fn empty() -> Self {
        Result {
            types: OneOrMany::Many(vec!["Result".into()]),
            achieved_level: None,
            alignment: None,
            result_description: None,
            status: None,
            value: None,
            extensions: Map::new(),
        }
    }

    /// The rubric level `achieved_level` reached for the criterion `result_description`.
    pub fn rubric_level(
        result_description: impl Into<String>,
        achieved_level: impl Into<String>,
    ) -> Self {
        Result {
            result_description: Some(result_description.into()),
            achieved_level: Some(achieved_level.into()),
            ..Result::empty()
        }
    }

    /// A value (grade, score…) for `result_description`.
    pub fn value(result_description: impl Into<String>, value: impl Into<String>) -> Self {
        Result {
            result_description: Some(result_description.into()),
            value: Some(value.into()),
            ..Result::empty()
        }
    }

    /// A status for `result_description` (whose `resultType` is `Status`).
    pub fn status(result_description: impl Into<String>, status: ResultStatusType) -> Self {
        Result {
            result_description: Some(result_description.into()),
            status: Some(status),
            ..Result::empty()
        }
    }

    /// Adds a value to this result.
    pub fn with_value(mut self, value: impl Into<String>) -> Self {
        self.value = Some(value.into());
        self
    }
}

/// Evidence of the recipient's work (a URL or data URI, and/or a narrative).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Evidence {
    /// URL or data URI of the evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `type` (∋ `Evidence`).
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// Markdown narrative.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub narrative: Option<String>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Text>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// Kind of evidence (e.g. "Lesson video", "Assessor feedback").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub genre: Option<String>,
    /// Intended audience.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<String>,
    /// Properties this crate does not model, kept verbatim.
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

impl Evidence {
    /// Empty evidence of type `["Evidence"]`; chain the `with_*` setters.
    pub fn new() -> Self {
        Evidence {
            types: OneOrMany::Many(vec!["Evidence".into()]),
            ..Evidence::default()
        }
    }

    /// Sets the URL or data URI.
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// Sets the name.
    pub fn with_name(mut self, name: impl Into<Text>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets the description.
    pub fn with_description(mut self, description: impl Into<Text>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sets the Markdown narrative.
    pub fn with_narrative(mut self, narrative: impl Into<String>) -> Self {
        self.narrative = Some(narrative.into());
        self
    }

    /// Sets the genre.
    pub fn with_genre(mut self, genre: impl Into<String>) -> Self {
        self.genre = Some(genre.into());
        self
    }

    /// Sets the audience.
    pub fn with_audience(mut self, audience: impl Into<String>) -> Self {
        self.audience = Some(audience.into());
        self
    }
}

/// A recipient identity, usually hashed: `identityHash` = `sha256$hex(identity ‖ salt)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdentityObject {
    /// `type` (exactly `"IdentityObject"`).
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// Whether `identity_hash` is hashed (otherwise it is the plaintext identity).
    pub hashed: bool,
    /// `sha256$…` / `md5$…` hash, or the plaintext when `hashed` is false.
    pub identity_hash: String,
    /// What kind of identity (email address, student id…).
    pub identity_type: IdentifierTypeEnum,
    /// Salt appended to the identity before hashing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salt: Option<String>,
    /// Other members (the schema forbids them; kept so validation can report them).
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

impl IdentityObject {
    /// A SHA-256-hashed identity: `identityHash` = `sha256$` + lowercase hex of
    /// SHA-256(UTF-8(`identity`) ‖ UTF-8(`salt`)).
    ///
    /// ```
    /// use openbadges::model::{IdentifierTypeEnum, IdentityObject};
    ///
    /// let id = IdentityObject::hashed_sha256(IdentifierTypeEnum::EmailAddress, "a@example.com", "Kosher");
    /// assert_eq!(id.identity_hash, "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399");
    /// assert!(id.matches("a@example.com"));
    /// ```
    pub fn hashed_sha256(identity_type: IdentifierTypeEnum, identity: &str, salt: &str) -> Self {
        IdentityObject {
            types: OneOrMany::One("IdentityObject".into()),
            hashed: true,
            identity_hash: sha256_identity_hash(identity, salt),
            identity_type,
            salt: Some(salt.to_owned()),
            extensions: Map::new(),
        }
    }

    /// A plaintext (unhashed) identity.
    pub fn plain(identity_type: IdentifierTypeEnum, identity: impl Into<String>) -> Self {
        IdentityObject {
            types: OneOrMany::One("IdentityObject".into()),
            hashed: false,
            identity_hash: identity.into(),
            identity_type,
            salt: None,
            extensions: Map::new(),
        }
    }

    /// True when `identity` is the identity this object holds (hash compared case-insensitively).
    /// `md5$` hashes are not computed by this crate and never match.
    pub fn matches(&self, identity: &str) -> bool {
        if !self.hashed {
            return self.identity_hash == identity;
        }
        match self.identity_hash.split_once('$') {
            Some(("sha256", _)) => {
                let expected = sha256_identity_hash(identity, self.salt.as_deref().unwrap_or(""));
                expected.eq_ignore_ascii_case(&self.identity_hash)
            }
            _ => false,
        }
    }
}

fn sha256_identity_hash(identity: &str, salt: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(identity.as_bytes());
    hasher.update(salt.as_bytes());
    format!("sha256${}", super::ids::hex(&hasher.finalize()))
}
