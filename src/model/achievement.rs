//! What is earned: [`Achievement`], its [`Criteria`], [`Alignment`]s, rubric
//! ([`ResultDescription`] with [`RubricCriterionLevel`]s) and [`Related`] achievements.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};

use super::common::{OneOrMany, Text};
use super::credential::EndorsementCredential;
use super::profile::{IdentifierEntry, Image, Profile};
use super::vocab::{AchievementType, AlignmentTargetType, ResultType};

/// An accomplishment that can be awarded (a badge class, course, micro-credential…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Achievement {
    /// URI (required).
    pub id: String,
    /// `type` (∋ `Achievement`).
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// Kind of achievement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub achievement_type: Option<AchievementType>,
    /// Alignments to competency frameworks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alignment: Option<OneOrMany<Alignment>>,
    /// Who created the achievement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator: Option<Box<Profile>>,
    /// Credit hours/units that can be earned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credits_available: Option<Number>,
    /// How the achievement is earned (required).
    pub criteria: Criteria,
    /// Short description (required).
    pub description: Text,
    /// Endorsements of this achievement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endorsement: Option<OneOrMany<EndorsementCredential>>,
    /// Endorsements as compact JWS strings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endorsement_jwt: Option<OneOrMany<String>>,
    /// Field of study.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_of_study: Option<String>,
    /// Human-readable code (e.g. course number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub human_code: Option<String>,
    /// Badge image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
    /// BCP 47 language of the achievement's texts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_language: Option<String>,
    /// Name (required).
    pub name: Text,
    /// Identifiers in other systems.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_identifier: Option<OneOrMany<IdentifierEntry>>,
    /// Other versions or translations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub related: Option<OneOrMany<Related>>,
    /// The results a recipient can get (rubric criteria, grades…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_description: Option<OneOrMany<ResultDescription>>,
    /// Specialization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub specialization: Option<String>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<OneOrMany<String>>,
    /// Version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Properties this crate does not model, kept verbatim.
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

impl Achievement {
    /// The result description with this id, if the achievement has one.
    pub fn result_description(&self, id: &str) -> Option<&ResultDescription> {
        self.result_description
            .as_ref()?
            .iter()
            .find(|rd| rd.id == id)
    }
}

/// How an achievement is earned: a URL and/or a Markdown narrative.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Criteria {
    /// URL of a page describing the criteria.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Markdown narrative of the criteria.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub narrative: Option<String>,
    /// Properties this crate does not model, kept verbatim.
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

impl Criteria {
    /// Criteria given as a Markdown narrative.
    pub fn narrative(text: impl Into<String>) -> Self {
        Criteria {
            narrative: Some(text.into()),
            ..Criteria::default()
        }
    }

    /// Criteria published at a URL.
    pub fn url(id: impl Into<String>) -> Self {
        Criteria {
            id: Some(id.into()),
            ..Criteria::default()
        }
    }
}

/// An alignment to a node in an educational framework (competency, standard…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Alignment {
    /// `type` (∋ `Alignment`).
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// Code of the target in its framework.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_code: Option<String>,
    /// Description of the target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_description: Option<String>,
    /// Name of the target (required).
    pub target_name: String,
    /// Name of the framework.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_framework: Option<String>,
    /// Kind of target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_type: Option<AlignmentTargetType>,
    /// URL of the target (required).
    pub target_url: String,
    /// Properties this crate does not model, kept verbatim.
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

impl Alignment {
    /// An alignment to the target named `target_name` at `target_url`.
    pub fn new(target_name: impl Into<String>, target_url: impl Into<String>) -> Self {
        Alignment {
            types: OneOrMany::Many(vec!["Alignment".into()]),
            target_code: None,
            target_description: None,
            target_name: target_name.into(),
            target_framework: None,
            target_type: None,
            target_url: target_url.into(),
            extensions: Map::new(),
        }
    }

    /// Sets the target's code.
    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.target_code = Some(code.into());
        self
    }

    /// Sets the target's description.
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.target_description = Some(description.into());
        self
    }

    /// Sets the framework name.
    pub fn with_framework(mut self, framework: impl Into<String>) -> Self {
        self.target_framework = Some(framework.into());
        self
    }

    /// Sets the target type.
    pub fn with_target_type(mut self, target_type: AlignmentTargetType) -> Self {
        self.target_type = Some(target_type);
        self
    }
}

/// A result an achievement can have: one rubric criterion, a grade, a status…
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResultDescription {
    /// URI (required); results point at it with `resultDescription`.
    pub id: String,
    /// `type` (∋ `ResultDescription`).
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// Alignments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alignment: Option<OneOrMany<Alignment>>,
    /// Ordered allowed values (for grades).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_value: Option<OneOrMany<String>>,
    /// Name (required).
    pub name: Text,
    /// Id of the rubric level required to earn the achievement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_level: Option<String>,
    /// Value required to earn the achievement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_value: Option<String>,
    /// Kind of result (required).
    pub result_type: ResultType,
    /// Ordered rubric levels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rubric_criterion_level: Option<OneOrMany<RubricCriterionLevel>>,
    /// Maximum value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_max: Option<String>,
    /// Minimum value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_min: Option<String>,
    /// Properties this crate does not model, kept verbatim.
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

impl ResultDescription {
    /// Starts a result description; see [`ResultDescriptionBuilder`](super::ResultDescriptionBuilder).
    pub fn builder() -> super::ResultDescriptionBuilder {
        super::ResultDescriptionBuilder::default()
    }

    /// The rubric level with this id, if any.
    pub fn level(&self, id: &str) -> Option<&RubricCriterionLevel> {
        self.rubric_criterion_level
            .as_ref()?
            .iter()
            .find(|l| l.id == id)
    }
}

/// One level of a rubric criterion ("Emerging", "Proficient", …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RubricCriterionLevel {
    /// URI (required); results point at it with `achievedLevel`.
    pub id: String,
    /// `type` (∋ `RubricCriterionLevel`).
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// Alignments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alignment: Option<OneOrMany<Alignment>>,
    /// What performance at this level looks like.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// Level label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// Name (required).
    pub name: Text,
    /// Points for this level (a string in OB 3.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<String>,
    /// Properties this crate does not model, kept verbatim.
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

impl RubricCriterionLevel {
    /// A level with `id` and `name`.
    pub fn new(id: impl Into<String>, name: impl Into<Text>) -> Self {
        RubricCriterionLevel {
            id: id.into(),
            types: OneOrMany::Many(vec!["RubricCriterionLevel".into()]),
            alignment: None,
            description: None,
            level: None,
            name: name.into(),
            points: None,
            extensions: Map::new(),
        }
    }

    /// Sets what performance at this level looks like.
    pub fn with_description(mut self, description: impl Into<Text>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sets the level label.
    pub fn with_level(mut self, level: impl Into<String>) -> Self {
        self.level = Some(level.into());
        self
    }

    /// Sets the points.
    pub fn with_points(mut self, points: impl Into<String>) -> Self {
        self.points = Some(points.into());
        self
    }
}

/// Another version or language of an achievement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Related {
    /// URI of the related achievement (required).
    pub id: String,
    /// `type` (∋ `Related`).
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// Its language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_language: Option<String>,
    /// Its version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Properties this crate does not model, kept verbatim.
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}
