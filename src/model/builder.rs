//! Builders: [`AchievementBuilder`], [`ResultDescriptionBuilder`] (rubrics), [`ProfileBuilder`],
//! [`AwardBuilder`] (an achievement awarded to a recipient as an [`AchievementCredential`]) and
//! [`EndorsementBuilder`].
//!
//! Ids default to fresh `urn:uuid:` values and a hashed email gets a random salt; supply ids, dates
//! and salts to get byte-for-byte reproducible output. Dates come from the caller or a
//! [`Clock`](crate::clock::Clock), never from the system behind the caller's back.

use chrono::{DateTime, Utc};
use serde_json::{Map, Number};

use super::achievement::{
    Achievement, Alignment, Criteria, Related, ResultDescription, RubricCriterionLevel,
};
use super::common::{ContextEntry, OneOrMany, Text, Timestamp};
use super::credential::{
    AchievementCredential, CredentialSchema, CredentialStatus, EndorsementCredential, OB_CONTEXT,
    VC_V2_CONTEXT,
};
use super::ids::{RandomnessError, new_salt, new_urn_uuid};
use super::profile::{Address, IdentifierEntry, Image, Profile, ProfileRef};
use super::subject::{
    AchievementSubject, EndorsementSubject, Evidence, IdentityObject, Result as AchievementResult,
};
use super::vocab::{AchievementType, AlignmentTargetType, IdentifierTypeEnum, ResultType};
use crate::clock::Clock;

/// Why a builder could not produce its value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// A required property was not given.
    #[error("{builder}: missing required {field}")]
    MissingField {
        /// The builder (`Achievement`, `Award`, …).
        builder: &'static str,
        /// The missing property (JSON name).
        field: &'static str,
    },
    /// A number is NaN or infinite.
    #[error("{builder}: {field} must be a finite number")]
    NotFinite {
        /// The builder.
        builder: &'static str,
        /// The property.
        field: &'static str,
    },
    /// `requiredLevel` names no level of its rubric criterion.
    #[error(
        "result description {result_description:?}: requiredLevel {level:?} is not one of its levels"
    )]
    UnknownRequiredLevel {
        /// The result description id.
        result_description: String,
        /// The missing level id.
        level: String,
    },
    /// A result names a result description the achievement does not have.
    #[error("result references resultDescription {id:?}, which the achievement does not define")]
    UnknownResultDescription {
        /// The missing id.
        id: String,
    },
    /// A result's `achievedLevel` is not a level of its result description.
    #[error("result for {result_description:?}: achievedLevel {level:?} is not one of its levels")]
    UnknownAchievedLevel {
        /// The result description id.
        result_description: String,
        /// The missing level id.
        level: String,
    },
    /// A result for a `Status` result description has no status.
    #[error("result for {result_description:?} needs a status (its resultType is Status)")]
    MissingResultStatus {
        /// The result description id.
        result_description: String,
    },
    /// No randomness for a default id or salt.
    #[error(transparent)]
    Randomness(#[from] RandomnessError),
}

fn required<T>(
    value: Option<T>,
    builder: &'static str,
    field: &'static str,
) -> Result<T, BuildError> {
    value.ok_or(BuildError::MissingField { builder, field })
}

fn id_or_new(id: Option<String>) -> Result<String, BuildError> {
    match id {
        Some(id) => Ok(id),
        None => Ok(new_urn_uuid()?),
    }
}

fn non_empty<T>(items: Vec<T>) -> Option<OneOrMany<T>> {
    if items.is_empty() {
        None
    } else {
        Some(OneOrMany::Many(items))
    }
}

fn type_of(name: &str) -> OneOrMany<String> {
    OneOrMany::Many(vec![name.to_owned()])
}

/// Builds an [`Achievement`]: `name`, `description` and criteria are required.
///
/// ```
/// use openbadges::model::{Achievement, AchievementType, ResultDescription, ResultType, RubricCriterionLevel};
///
/// let criterion = ResultDescription::builder()
///     .id("https://example.org/rubric/timely")
///     .name("Feedback is timely")
///     .result_type(ResultType::RubricCriterionLevel)
///     .level(RubricCriterionLevel::new("https://example.org/rubric/timely/met", "Met").with_points("2"))
///     .required_level("https://example.org/rubric/timely/met")
///     .build()?;
/// let achievement = Achievement::builder()
///     .id("https://example.org/achievements/feedback")
///     .name("Feedback That Moves Learning")
///     .description("Gives students timely, specific, actionable feedback.")
///     .criteria_narrative("Submit two lesson artifacts scored against the rubric.")
///     .achievement_type(AchievementType::MicroCredential)
///     .result_description(criterion)
///     .build()?;
/// assert_eq!(achievement.to_json()["resultDescription"][0]["requiredLevel"], "https://example.org/rubric/timely/met");
/// # Ok::<(), openbadges::model::BuildError>(())
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct AchievementBuilder {
    id: Option<String>,
    name: Option<Text>,
    description: Option<Text>,
    criteria: Option<Criteria>,
    achievement_type: Option<AchievementType>,
    alignment: Vec<Alignment>,
    result_description: Vec<ResultDescription>,
    image: Option<Image>,
    creator: Option<Profile>,
    credits_available: Option<f64>,
    tag: Vec<String>,
    human_code: Option<String>,
    field_of_study: Option<String>,
    specialization: Option<String>,
    in_language: Option<String>,
    version: Option<String>,
    other_identifier: Vec<IdentifierEntry>,
    related: Vec<Related>,
}

impl Achievement {
    /// Starts building an achievement.
    pub fn builder() -> AchievementBuilder {
        AchievementBuilder::default()
    }

    /// The JSON form.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }
}

impl AchievementBuilder {
    /// Id (URI); default: a fresh `urn:uuid:`.
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// Name (required).
    pub fn name(mut self, name: impl Into<Text>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Description (required).
    pub fn description(mut self, description: impl Into<Text>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Criteria (required; or use [`Self::criteria_narrative`]).
    pub fn criteria(mut self, criteria: Criteria) -> Self {
        self.criteria = Some(criteria);
        self
    }

    /// Criteria as a Markdown narrative.
    pub fn criteria_narrative(self, narrative: impl Into<String>) -> Self {
        self.criteria(Criteria::narrative(narrative))
    }

    /// Kind of achievement.
    pub fn achievement_type(mut self, achievement_type: AchievementType) -> Self {
        self.achievement_type = Some(achievement_type);
        self
    }

    /// Adds an alignment.
    pub fn alignment(mut self, alignment: Alignment) -> Self {
        self.alignment.push(alignment);
        self
    }

    /// Adds an alignment to a framework node of `target_type` (shortcut).
    pub fn align_to(
        self,
        target_name: impl Into<String>,
        target_url: impl Into<String>,
        target_type: AlignmentTargetType,
    ) -> Self {
        self.alignment(Alignment::new(target_name, target_url).with_target_type(target_type))
    }

    /// Adds a result description (one rubric criterion, a grade…); order is kept.
    pub fn result_description(mut self, result_description: ResultDescription) -> Self {
        self.result_description.push(result_description);
        self
    }

    /// Badge image.
    pub fn image(mut self, image: Image) -> Self {
        self.image = Some(image);
        self
    }

    /// Creator profile.
    pub fn creator(mut self, creator: Profile) -> Self {
        self.creator = Some(creator);
        self
    }

    /// Credits available (must be finite).
    pub fn credits_available(mut self, credits: f64) -> Self {
        self.credits_available = Some(credits);
        self
    }

    /// Adds a tag.
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.tag.push(tag.into());
        self
    }

    /// Human-readable code.
    pub fn human_code(mut self, code: impl Into<String>) -> Self {
        self.human_code = Some(code.into());
        self
    }

    /// Field of study.
    pub fn field_of_study(mut self, field: impl Into<String>) -> Self {
        self.field_of_study = Some(field.into());
        self
    }

    /// Specialization.
    pub fn specialization(mut self, specialization: impl Into<String>) -> Self {
        self.specialization = Some(specialization.into());
        self
    }

    /// BCP 47 language of the texts.
    pub fn in_language(mut self, language: impl Into<String>) -> Self {
        self.in_language = Some(language.into());
        self
    }

    /// Version.
    pub fn version(mut self, version: impl Into<String>) -> Self {
        self.version = Some(version.into());
        self
    }

    /// Adds an identifier in another system.
    pub fn other_identifier(mut self, entry: IdentifierEntry) -> Self {
        self.other_identifier.push(entry);
        self
    }

    /// Adds a related achievement (another version or language).
    pub fn related(mut self, related: Related) -> Self {
        self.related.push(related);
        self
    }

    /// Builds the achievement.
    pub fn build(self) -> Result<Achievement, BuildError> {
        const B: &str = "Achievement";
        let credits_available = match self.credits_available {
            None => None,
            Some(c) => Some(Number::from_f64(c).ok_or(BuildError::NotFinite {
                builder: B,
                field: "creditsAvailable",
            })?),
        };
        Ok(Achievement {
            id: id_or_new(self.id)?,
            types: type_of("Achievement"),
            achievement_type: self.achievement_type,
            alignment: non_empty(self.alignment),
            creator: self.creator.map(Box::new),
            credits_available,
            criteria: required(self.criteria, B, "criteria")?,
            description: required(self.description, B, "description")?,
            endorsement: None,
            endorsement_jwt: None,
            field_of_study: self.field_of_study,
            human_code: self.human_code,
            image: self.image,
            in_language: self.in_language,
            name: required(self.name, B, "name")?,
            other_identifier: non_empty(self.other_identifier),
            related: non_empty(self.related),
            result_description: non_empty(self.result_description),
            specialization: self.specialization,
            tag: non_empty(self.tag),
            version: self.version,
            extensions: Map::new(),
        })
    }
}

/// Builds a [`ResultDescription`]: for a rubric criterion, its ordered levels and the level required
/// to earn the achievement. `name` and `resultType` are required.
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct ResultDescriptionBuilder {
    id: Option<String>,
    name: Option<Text>,
    result_type: Option<ResultType>,
    levels: Vec<RubricCriterionLevel>,
    required_level: Option<String>,
    required_value: Option<String>,
    allowed_value: Vec<String>,
    value_min: Option<String>,
    value_max: Option<String>,
    alignment: Vec<Alignment>,
}

impl ResultDescriptionBuilder {
    /// Id (URI); default: a fresh `urn:uuid:`.
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// Name (required).
    pub fn name(mut self, name: impl Into<Text>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Kind of result (required).
    pub fn result_type(mut self, result_type: ResultType) -> Self {
        self.result_type = Some(result_type);
        self
    }

    /// Adds a rubric level (lowest first, by convention).
    pub fn level(mut self, level: RubricCriterionLevel) -> Self {
        self.levels.push(level);
        self
    }

    /// Id of the level required to earn the achievement (must be one of the levels).
    pub fn required_level(mut self, level_id: impl Into<String>) -> Self {
        self.required_level = Some(level_id.into());
        self
    }

    /// Value required to earn the achievement.
    pub fn required_value(mut self, value: impl Into<String>) -> Self {
        self.required_value = Some(value.into());
        self
    }

    /// Adds an allowed value (ordered).
    pub fn allowed_value(mut self, value: impl Into<String>) -> Self {
        self.allowed_value.push(value.into());
        self
    }

    /// Minimum and maximum values.
    pub fn value_range(mut self, min: impl Into<String>, max: impl Into<String>) -> Self {
        self.value_min = Some(min.into());
        self.value_max = Some(max.into());
        self
    }

    /// Adds an alignment.
    pub fn alignment(mut self, alignment: Alignment) -> Self {
        self.alignment.push(alignment);
        self
    }

    /// Builds the result description.
    pub fn build(self) -> Result<ResultDescription, BuildError> {
        const B: &str = "ResultDescription";
        let id = id_or_new(self.id)?;
        if let Some(level) = &self.required_level {
            if !self.levels.iter().any(|l| &l.id == level) {
                return Err(BuildError::UnknownRequiredLevel {
                    result_description: id,
                    level: level.clone(),
                });
            }
        }
        Ok(ResultDescription {
            id,
            types: type_of("ResultDescription"),
            alignment: non_empty(self.alignment),
            allowed_value: non_empty(self.allowed_value),
            name: required(self.name, B, "name")?,
            required_level: self.required_level,
            required_value: self.required_value,
            result_type: required(self.result_type, B, "resultType")?,
            rubric_criterion_level: non_empty(self.levels),
            value_max: self.value_max,
            value_min: self.value_min,
            extensions: Map::new(),
        })
    }
}

/// Builds a [`Profile`] (issuer, creator…): `id` is required (the issuer's DID or URL).
///
/// ```
/// use openbadges::model::Profile;
///
/// let district = Profile::builder()
///     .id("did:web:district.example")
///     .name("Example School District")
///     .url("https://district.example")
///     .build()?;
/// assert_eq!(district.to_json()["type"][0], "Profile");
/// # Ok::<(), openbadges::model::BuildError>(())
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct ProfileBuilder {
    id: Option<String>,
    name: Option<Text>,
    url: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    description: Option<Text>,
    image: Option<Image>,
    address: Option<Address>,
    official: Option<String>,
    other_identifier: Vec<IdentifierEntry>,
    parent_org: Option<Profile>,
}

impl Profile {
    /// Starts building a profile.
    pub fn builder() -> ProfileBuilder {
        ProfileBuilder::default()
    }

    /// The JSON form.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }
}

impl ProfileBuilder {
    /// Id: DID or URL (required).
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// Display name.
    pub fn name(mut self, name: impl Into<Text>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Home page.
    pub fn url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }

    /// Contact email.
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.email = Some(email.into());
        self
    }

    /// Phone.
    pub fn phone(mut self, phone: impl Into<String>) -> Self {
        self.phone = Some(phone.into());
        self
    }

    /// Description.
    pub fn description(mut self, description: impl Into<Text>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Logo.
    pub fn image(mut self, image: Image) -> Self {
        self.image = Some(image);
        self
    }

    /// Postal address.
    pub fn address(mut self, address: Address) -> Self {
        self.address = Some(address);
        self
    }

    /// Official to contact.
    pub fn official(mut self, official: impl Into<String>) -> Self {
        self.official = Some(official.into());
        self
    }

    /// Adds an identifier in another system (e.g. `ext:LinkedInOrganizationId`).
    pub fn other_identifier(mut self, entry: IdentifierEntry) -> Self {
        self.other_identifier.push(entry);
        self
    }

    /// Parent organization.
    pub fn parent_org(mut self, parent: Profile) -> Self {
        self.parent_org = Some(parent);
        self
    }

    /// Builds the profile.
    pub fn build(self) -> Result<Profile, BuildError> {
        Ok(Profile {
            id: required(self.id, "Profile", "id")?,
            types: type_of("Profile"),
            name: self.name,
            url: self.url,
            phone: self.phone,
            description: self.description,
            endorsement: None,
            endorsement_jwt: None,
            image: self.image,
            email: self.email,
            address: self.address,
            other_identifier: non_empty(self.other_identifier),
            official: self.official,
            parent_org: self.parent_org.map(Box::new),
            given_name: None,
            family_name: None,
            additional_name: None,
            patronymic_name: None,
            honorific_prefix: None,
            honorific_suffix: None,
            family_name_prefix: None,
            date_of_birth: None,
            extensions: Map::new(),
        })
    }
}

/// An email recipient waiting for its salt.
#[derive(Debug, Clone)]
struct EmailRecipient {
    email: String,
    salt: Option<String>,
}

/// Awards an [`Achievement`] to a recipient as an [`AchievementCredential`] (an unsigned
/// `OpenBadgeCredential`).
///
/// Required: issuer, achievement, a recipient (DID/URL id and/or identity), and `validFrom` (a
/// date or a clock). Results are checked against the achievement's rubric.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use openbadges::model::{Achievement, AchievementCredential, Profile};
///
/// let achievement = Achievement::builder()
///     .id("https://example.org/achievements/teamwork")
///     .name("Teamwork")
///     .description("Collaborates within a group.")
///     .criteria_narrative("Nominated by peers.")
///     .build()?;
/// let issuer = Profile::builder().id("https://example.org/issuer").name("Example").build()?;
/// let credential = AchievementCredential::builder()
///     .id("urn:uuid:7f1f3a5e-0000-4000-8000-000000000001")
///     .issuer(issuer)
///     .achievement(achievement)
///     .recipient_email_with_salt("teacher@example.org", "s4lt")
///     .valid_from(Utc.with_ymd_and_hms(2025, 6, 1, 0, 0, 0).unwrap())
///     .build()?;
/// let json = credential.to_json();
/// assert_eq!(json["type"], serde_json::json!(["VerifiableCredential", "OpenBadgeCredential"]));
/// assert_eq!(json["validFrom"], "2025-06-01T00:00:00Z");
/// assert!(json["credentialSubject"]["identifier"][0]["identityHash"].as_str().unwrap().starts_with("sha256$"));
/// assert!(openbadges::validate::credential(&json).is_valid());
/// # Ok::<(), openbadges::model::BuildError>(())
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct AwardBuilder {
    id: Option<String>,
    extra_context: Vec<ContextEntry>,
    issuer: Option<ProfileRef>,
    achievement: Option<Achievement>,
    recipient_id: Option<String>,
    emails: Vec<EmailRecipient>,
    identities: Vec<IdentityObject>,
    results: Vec<AchievementResult>,
    evidence: Vec<Evidence>,
    valid_from: Option<DateTime<Utc>>,
    valid_until: Option<DateTime<Utc>>,
    awarded_date: Option<DateTime<Utc>>,
    name: Option<Text>,
    description: Option<Text>,
    image: Option<Image>,
    narrative: Option<String>,
    credential_status: Option<CredentialStatus>,
    credential_schema: Vec<CredentialSchema>,
}

/// The short alias for an awarding: `Award::builder()`.
pub type Award = AwardBuilder;

impl AwardBuilder {
    /// Same as [`AchievementCredential::builder`].
    pub fn builder() -> Self {
        Self::default()
    }

    /// Credential id (URI); default: a fresh `urn:uuid:`.
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// Adds a `@context` entry after the VC 2.0 and OB 3.0 contexts (e.g. the OB extensions context).
    pub fn context(mut self, entry: impl Into<ContextEntry>) -> Self {
        self.extra_context.push(entry.into());
        self
    }

    /// Issuer: a full [`Profile`] or just its id (required).
    pub fn issuer(mut self, issuer: impl Into<ProfileRef>) -> Self {
        self.issuer = Some(issuer.into());
        self
    }

    /// The achievement awarded (required).
    pub fn achievement(mut self, achievement: Achievement) -> Self {
        self.achievement = Some(achievement);
        self
    }

    /// Recipient by DID or URL (`credentialSubject.id`).
    pub fn recipient_id(mut self, id: impl Into<String>) -> Self {
        self.recipient_id = Some(id.into());
        self
    }

    /// Recipient by email, hashed with a fresh random salt into an [`IdentityObject`].
    pub fn recipient_email(mut self, email: impl Into<String>) -> Self {
        self.emails.push(EmailRecipient {
            email: email.into(),
            salt: None,
        });
        self
    }

    /// Recipient by email, hashed with the given salt (reproducible output).
    pub fn recipient_email_with_salt(
        mut self,
        email: impl Into<String>,
        salt: impl Into<String>,
    ) -> Self {
        self.emails.push(EmailRecipient {
            email: email.into(),
            salt: Some(salt.into()),
        });
        self
    }

    /// Recipient by a ready-made identity (student id, hashed or not…).
    pub fn recipient_identity(mut self, identity: IdentityObject) -> Self {
        self.identities.push(identity);
        self
    }

    /// Adds a result (see [`AchievementResult::rubric_level`]); it must reference the
    /// achievement's result descriptions and levels.
    pub fn result(mut self, result: AchievementResult) -> Self {
        self.results.push(result);
        self
    }

    /// Adds evidence.
    pub fn evidence(mut self, evidence: Evidence) -> Self {
        self.evidence.push(evidence);
        self
    }

    /// Start of validity (required unless [`Self::valid_from_clock`] is used).
    pub fn valid_from(mut self, date: DateTime<Utc>) -> Self {
        self.valid_from = Some(date);
        self
    }

    /// Start of validity read from `clock` now.
    pub fn valid_from_clock(self, clock: &dyn Clock) -> Self {
        self.valid_from(clock.now())
    }

    /// End of validity.
    pub fn valid_until(mut self, date: DateTime<Utc>) -> Self {
        self.valid_until = Some(date);
        self
    }

    /// When the achievement was awarded.
    pub fn awarded_date(mut self, date: DateTime<Utc>) -> Self {
        self.awarded_date = Some(date);
        self
    }

    /// Credential name; default: the achievement's name.
    pub fn name(mut self, name: impl Into<Text>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Credential description.
    pub fn description(mut self, description: impl Into<Text>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Credential image.
    pub fn image(mut self, image: Image) -> Self {
        self.image = Some(image);
        self
    }

    /// Markdown narrative of how the recipient earned it (`credentialSubject.narrative`).
    pub fn narrative(mut self, narrative: impl Into<String>) -> Self {
        self.narrative = Some(narrative.into());
        self
    }

    /// Status entry (revocation).
    pub fn credential_status(mut self, status: CredentialStatus) -> Self {
        self.credential_status = Some(status);
        self
    }

    /// Adds a credential schema entry.
    pub fn credential_schema(mut self, schema: CredentialSchema) -> Self {
        self.credential_schema.push(schema);
        self
    }

    /// Builds the unsigned credential.
    pub fn build(self) -> Result<AchievementCredential, BuildError> {
        const B: &str = "Award";
        let issuer = required(self.issuer, B, "issuer")?;
        let achievement = required(self.achievement, B, "credentialSubject.achievement")?;
        let valid_from = required(self.valid_from, B, "validFrom")?;
        check_results(&achievement, &self.results)?;

        let mut identities = Vec::with_capacity(self.emails.len() + self.identities.len());
        for recipient in self.emails {
            let salt = match recipient.salt {
                Some(salt) => salt,
                None => new_salt()?,
            };
            identities.push(IdentityObject::hashed_sha256(
                IdentifierTypeEnum::EmailAddress,
                &recipient.email,
                &salt,
            ));
        }
        identities.extend(self.identities);
        if self.recipient_id.is_none() && identities.is_empty() {
            return Err(BuildError::MissingField {
                builder: B,
                field: "credentialSubject.id or credentialSubject.identifier",
            });
        }

        let name = self.name.unwrap_or_else(|| achievement.name.clone());
        Ok(AchievementCredential {
            context: default_context(self.extra_context),
            id: id_or_new(self.id)?,
            types: OneOrMany::strings(["VerifiableCredential", "OpenBadgeCredential"]),
            issuer,
            valid_from: Some(valid_from.into()),
            valid_until: self.valid_until.map(Timestamp::from),
            issuance_date: None,
            expiration_date: None,
            name: Some(name),
            description: self.description,
            image: self.image,
            awarded_date: self.awarded_date.map(Timestamp::from),
            credential_subject: AchievementSubject {
                id: self.recipient_id,
                types: type_of("AchievementSubject"),
                activity_start_date: None,
                activity_end_date: None,
                credits_earned: None,
                achievement,
                identifier: non_empty(identities),
                image: None,
                license_number: None,
                narrative: self.narrative,
                result: non_empty(self.results),
                role: None,
                source: None,
                term: None,
                extensions: Map::new(),
            },
            endorsement: None,
            endorsement_jwt: None,
            evidence: non_empty(self.evidence),
            credential_status: self.credential_status,
            credential_schema: non_empty(self.credential_schema),
            refresh_service: None,
            terms_of_use: None,
            proof: None,
            extensions: Map::new(),
        })
    }
}

fn check_results(
    achievement: &Achievement,
    results: &[AchievementResult],
) -> Result<(), BuildError> {
    for result in results {
        let Some(rd_id) = &result.result_description else {
            continue;
        };
        let rd = achievement
            .result_description(rd_id)
            .ok_or_else(|| BuildError::UnknownResultDescription { id: rd_id.clone() })?;
        if let Some(level) = &result.achieved_level {
            if rd.level(level).is_none() {
                return Err(BuildError::UnknownAchievedLevel {
                    result_description: rd_id.clone(),
                    level: level.clone(),
                });
            }
        }
        if rd.result_type == ResultType::Status && result.status.is_none() {
            return Err(BuildError::MissingResultStatus {
                result_description: rd_id.clone(),
            });
        }
    }
    Ok(())
}

/// `["https://www.w3.org/ns/credentials/v2", "…/ob/v3p0/context-3.0.3.json", extra…]`.
fn default_context(extra: Vec<ContextEntry>) -> OneOrMany<ContextEntry> {
    let mut context = vec![
        ContextEntry::from(VC_V2_CONTEXT),
        ContextEntry::from(OB_CONTEXT),
    ];
    context.extend(extra);
    OneOrMany::Many(context)
}

/// Builds an unsigned [`EndorsementCredential`]: a third party (a state department of education,
/// a professional body…) vouching for an issuer, an achievement or a credential.
///
/// Required: issuer, name, the endorsed entity's id, and `validFrom`.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use openbadges::model::EndorsementCredential;
///
/// let endorsement = EndorsementCredential::builder()
///     .id("urn:uuid:0b6f3c52-8d0e-4c3e-a6a4-3f1f2f6c9a10")
///     .issuer("did:web:education.state.example")
///     .name("State recognition of the Feedback micro-credential")
///     .endorsed("https://badges.example-district.org/achievements/feedback-that-moves-learning")
///     .comment("Counts as one board credit toward salary lane advancement.")
///     .valid_from(Utc.with_ymd_and_hms(2025, 1, 15, 0, 0, 0).unwrap())
///     .build()?;
/// assert!(openbadges::validate::credential(&endorsement.to_json()).is_valid());
/// # Ok::<(), openbadges::model::BuildError>(())
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct EndorsementBuilder {
    id: Option<String>,
    extra_context: Vec<ContextEntry>,
    issuer: Option<ProfileRef>,
    name: Option<Text>,
    description: Option<Text>,
    endorsed: Option<String>,
    comment: Option<String>,
    valid_from: Option<DateTime<Utc>>,
    valid_until: Option<DateTime<Utc>>,
    awarded_date: Option<DateTime<Utc>>,
    credential_status: Option<CredentialStatus>,
}

impl EndorsementCredential {
    /// Starts building an endorsement.
    pub fn builder() -> EndorsementBuilder {
        EndorsementBuilder::default()
    }
}

impl EndorsementBuilder {
    /// Credential id (URI); default: a fresh `urn:uuid:`.
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// Adds a `@context` entry after the VC 2.0 and OB 3.0 contexts.
    pub fn context(mut self, entry: impl Into<ContextEntry>) -> Self {
        self.extra_context.push(entry.into());
        self
    }

    /// The endorser: a full [`Profile`] or just its id (required).
    pub fn issuer(mut self, issuer: impl Into<ProfileRef>) -> Self {
        self.issuer = Some(issuer.into());
        self
    }

    /// Name of the endorsement (required).
    pub fn name(mut self, name: impl Into<Text>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Description.
    pub fn description(mut self, description: impl Into<Text>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Id of the endorsed issuer, achievement or credential (required).
    pub fn endorsed(mut self, id: impl Into<String>) -> Self {
        self.endorsed = Some(id.into());
        self
    }

    /// The endorser's comment (Markdown).
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }

    /// Start of validity (required unless [`Self::valid_from_clock`] is used).
    pub fn valid_from(mut self, date: DateTime<Utc>) -> Self {
        self.valid_from = Some(date);
        self
    }

    /// Start of validity read from `clock` now.
    pub fn valid_from_clock(self, clock: &dyn Clock) -> Self {
        self.valid_from(clock.now())
    }

    /// End of validity.
    pub fn valid_until(mut self, date: DateTime<Utc>) -> Self {
        self.valid_until = Some(date);
        self
    }

    /// When the endorsement was given.
    pub fn awarded_date(mut self, date: DateTime<Utc>) -> Self {
        self.awarded_date = Some(date);
        self
    }

    /// Status entry (revocation).
    pub fn credential_status(mut self, status: CredentialStatus) -> Self {
        self.credential_status = Some(status);
        self
    }

    /// Builds the unsigned endorsement.
    pub fn build(self) -> Result<EndorsementCredential, BuildError> {
        const B: &str = "Endorsement";
        Ok(EndorsementCredential {
            id: id_or_new(self.id)?,
            context: default_context(self.extra_context),
            types: OneOrMany::strings(["VerifiableCredential", "EndorsementCredential"]),
            issuer: required(self.issuer, B, "issuer")?,
            valid_from: Some(required(self.valid_from, B, "validFrom")?.into()),
            valid_until: self.valid_until.map(Timestamp::from),
            issuance_date: None,
            expiration_date: None,
            name: required(self.name, B, "name")?,
            description: self.description,
            awarded_date: self.awarded_date.map(Timestamp::from),
            credential_subject: EndorsementSubject {
                id: required(self.endorsed, B, "credentialSubject.id")?,
                types: type_of("EndorsementSubject"),
                endorsement_comment: self.comment,
                extensions: Map::new(),
            },
            credential_status: self.credential_status,
            credential_schema: None,
            refresh_service: None,
            terms_of_use: None,
            proof: None,
            extensions: Map::new(),
        })
    }
}
