//! [`Awarded`]: a passing assessment, turned into an unsigned `OpenBadgeCredential`; and
//! [`IssueOptions`], the issuing choices shared with [`crate::stack`].

use chrono::{DateTime, Utc};
use serde_json::Number;

use super::assessment::Assessment;
use super::decision::CriterionOutcome;
use super::error::AssessError;
use crate::model::{
    Achievement, AchievementCredential, AwardBuilder, BuildError, CredentialStatus, Evidence,
    ProfileRef, Result as AchievementResult, ResultStatusType, ResultType,
};

/// The `genre` of the evidence entry that carries the assessor's feedback.
pub const FEEDBACK_GENRE: &str = "Assessor feedback";

/// Issuing choices that are not part of the assessment itself.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use openbadges::assess::IssueOptions;
///
/// let options = IssueOptions::default()
///     .credential_id("https://badges.example.org/credentials/42")
///     .valid_until(Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap())
///     .credits_earned(1.0);
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct IssueOptions {
    pub(crate) credential_id: Option<String>,
    pub(crate) valid_from: Option<DateTime<Utc>>,
    pub(crate) valid_until: Option<DateTime<Utc>>,
    pub(crate) credits_earned: Option<f64>,
    pub(crate) credential_status: Option<CredentialStatus>,
}

impl IssueOptions {
    /// Credential id; default: a fresh `urn:uuid:`.
    pub fn credential_id(mut self, id: impl Into<String>) -> Self {
        self.credential_id = Some(id.into());
        self
    }

    /// Start of validity; default for an assessment award: the assessment time.
    pub fn valid_from(mut self, at: DateTime<Utc>) -> Self {
        self.valid_from = Some(at);
        self
    }

    /// End of validity.
    pub fn valid_until(mut self, at: DateTime<Utc>) -> Self {
        self.valid_until = Some(at);
        self
    }

    /// `credentialSubject.creditsEarned` (e.g. one district board credit); must be finite.
    pub fn credits_earned(mut self, credits: f64) -> Self {
        self.credits_earned = Some(credits);
        self
    }

    /// Status entry (revocation), e.g. from [`crate::status`].
    pub fn credential_status(mut self, status: CredentialStatus) -> Self {
        self.credential_status = Some(status);
        self
    }

    /// Applies id, validity and status to `builder` (validFrom only if set).
    pub(crate) fn apply_to(&self, mut builder: AwardBuilder) -> AwardBuilder {
        if let Some(id) = &self.credential_id {
            builder = builder.id(id.clone());
        }
        if let Some(at) = self.valid_from {
            builder = builder.valid_from(at);
        }
        if let Some(at) = self.valid_until {
            builder = builder.valid_until(at);
        }
        if let Some(status) = &self.credential_status {
            builder = builder.credential_status(status.clone());
        }
        builder
    }

    /// Writes `creditsEarned` on a built credential (the model's award builder has no setter).
    pub(crate) fn finish(
        &self,
        mut credential: AchievementCredential,
    ) -> Result<AchievementCredential, BuildError> {
        if let Some(credits) = self.credits_earned {
            credential.credential_subject.credits_earned =
                Some(Number::from_f64(credits).ok_or(BuildError::NotFinite {
                    builder: "Award",
                    field: "creditsEarned",
                })?);
        }
        Ok(credential)
    }
}

/// A passing assessment, ready to be issued as a credential.
///
/// The credential ([`Awarded::credential`]) carries:
/// - `credentialSubject.result`: one `Result` per rubric criterion whose `resultDescription` and
///   `achievedLevel` are the rubric's own ids, plus `status: Completed` for every result
///   description of `resultType` `Status`;
/// - `evidence`: the submission's evidence items, unchanged, then (when there is any feedback) one
///   more entry of genre [`FEEDBACK_GENRE`] whose Markdown `narrative` holds the overall and
///   per-criterion feedback;
/// - `credentialSubject.source`: the assessor's profile (OB 3.0 defines `source` as who assessed
///   the achievement on behalf of the issuer);
/// - `awardedDate` = the assessment time (also the default `validFrom`).
///
/// Why feedback is an `Evidence` entry and not an extension: OB 3.0 has no feedback property, and
/// a new term would need its own JSON-LD context, which every verifier running in JSON-LD safe
/// mode must know, or it rejects the credential (the 1EdTech validator does). `Evidence` with
/// `name`/`narrative`/`genre` is defined by the OB context itself, so the feedback is signed as
/// RDF and the credential verifies everywhere.
#[derive(Debug, Clone, PartialEq)]
pub struct Awarded {
    achievement: Achievement,
    assessment: Assessment,
    outcomes: Vec<CriterionOutcome>,
    include_feedback: bool,
    include_assessor: bool,
}

impl Awarded {
    pub(crate) fn new(
        achievement: Achievement,
        assessment: Assessment,
        outcomes: Vec<CriterionOutcome>,
    ) -> Self {
        Awarded {
            achievement,
            assessment,
            outcomes,
            include_feedback: true,
            include_assessor: true,
        }
    }

    /// The achievement awarded.
    pub fn achievement(&self) -> &Achievement {
        &self.achievement
    }

    /// The assessment that earned it.
    pub fn assessment(&self) -> &Assessment {
        &self.assessment
    }

    /// Every criterion's outcome, in rubric order.
    pub fn outcomes(&self) -> &[CriterionOutcome] {
        &self.outcomes
    }

    /// Whether the feedback evidence entry goes into the credential (default true). A teacher's
    /// credential is often shared publicly; a platform whose privacy policy keeps feedback
    /// private turns this off.
    #[must_use]
    pub fn include_feedback(mut self, include: bool) -> Self {
        self.include_feedback = include;
        self
    }

    /// Whether the assessor's profile goes into `credentialSubject.source` (default true).
    #[must_use]
    pub fn include_assessor(mut self, include: bool) -> Self {
        self.include_assessor = include;
        self
    }

    /// The unsigned credential, issued by `issuer`. It passes [`crate::validate`] and the official
    /// OB 3.0 schema; sign its [`AchievementCredential::to_json`] value.
    pub fn credential(
        &self,
        issuer: impl Into<ProfileRef>,
        options: &IssueOptions,
    ) -> Result<AchievementCredential, AssessError> {
        let assessed_at = self.assessment.assessed_at();
        let submission = self.assessment.submission();
        let mut builder = AchievementCredential::builder()
            .issuer(issuer)
            .achievement(self.achievement.clone())
            .valid_from(assessed_at)
            .awarded_date(assessed_at);
        builder = submission.recipient().apply_to(builder);
        builder = options.apply_to(builder);
        for result in self.results() {
            builder = builder.result(result);
        }
        for evidence in submission.evidence() {
            builder = builder.evidence(evidence.clone());
        }
        if self.include_feedback {
            if let Some(feedback) = self.feedback_evidence() {
                builder = builder.evidence(feedback);
            }
        }
        let mut credential = options.finish(builder.build()?)?;
        if self.include_assessor {
            credential.credential_subject.source =
                Some(Box::new(self.assessment.assessor().clone()));
        }
        Ok(credential)
    }

    /// Results in the achievement's `resultDescription` order.
    fn results(&self) -> Vec<AchievementResult> {
        let mut results = Vec::new();
        for rd in self.achievement.result_description.iter().flatten() {
            if let Some(outcome) = self.outcomes.iter().find(|o| o.criterion_id == rd.id) {
                results.push(AchievementResult::rubric_level(
                    rd.id.clone(),
                    outcome.achieved.id.clone(),
                ));
            } else if rd.result_type == ResultType::Status {
                results.push(AchievementResult::status(
                    rd.id.clone(),
                    ResultStatusType::Completed,
                ));
            }
        }
        results
    }

    /// The feedback as one evidence entry, or `None` when the assessor wrote none.
    fn feedback_evidence(&self) -> Option<Evidence> {
        let mut narrative = String::new();
        if let Some(overall) = self.assessment.feedback() {
            narrative.push_str(overall.trim());
        }
        let per_criterion: Vec<String> = self
            .outcomes
            .iter()
            .filter_map(|o| {
                let feedback = o.feedback.as_deref()?.trim();
                Some(format!(
                    "- **{}** ({}): {}",
                    o.criterion_name, o.achieved.name, feedback
                ))
            })
            .collect();
        if !per_criterion.is_empty() {
            if !narrative.is_empty() {
                narrative.push_str("\n\n");
            }
            narrative.push_str(&per_criterion.join("\n"));
        }
        if narrative.is_empty() {
            return None;
        }
        let assessor = self.assessment.assessor();
        let who = assessor
            .name
            .as_ref()
            .map_or(assessor.id.as_str(), |n| n.as_str());
        Some(
            Evidence::new()
                .with_name(FEEDBACK_GENRE)
                .with_genre(FEEDBACK_GENRE)
                .with_description(format!(
                    "Feedback from {who}, {}",
                    self.assessment.assessed_at().format("%Y-%m-%d")
                ))
                .with_narrative(narrative),
        )
    }
}
