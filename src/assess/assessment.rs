//! [`Assessment`]: an assessor's scores for one [`Submission`] against the achievement's rubric.

use chrono::{DateTime, Utc};

use super::error::AssessError;
use super::submission::Submission;
use crate::model::Profile;

/// The level chosen for one rubric criterion, with optional feedback on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Score {
    /// Id of the criterion (a `ResultDescription` of the achievement).
    pub criterion: String,
    /// Id of the chosen `RubricCriterionLevel`.
    pub level: String,
    /// Feedback on this criterion (Markdown).
    pub feedback: Option<String>,
}

/// An assessor's judgement of a submission: one [`Score`] per rubric criterion, overall feedback,
/// who assessed and when. It owns the submission it scores, so an assessment cannot be paired
/// with another teacher's work by mistake.
///
/// Building checks only what needs no rubric (assessor and date present, no criterion scored
/// twice, not dated before the submission); [`DecisionPolicy::decide`](super::DecisionPolicy::decide)
/// checks the scores against the achievement's rubric.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    submission: Submission,
    assessor: Profile,
    assessed_at: DateTime<Utc>,
    scores: Vec<Score>,
    feedback: Option<String>,
}

impl Assessment {
    /// Starts assessing `submission`.
    pub fn builder(submission: Submission) -> AssessmentBuilder {
        AssessmentBuilder {
            submission,
            assessor: None,
            assessed_at: None,
            scores: Vec::new(),
            feedback: None,
        }
    }

    /// The submission assessed.
    pub fn submission(&self) -> &Submission {
        &self.submission
    }

    /// Who assessed.
    pub fn assessor(&self) -> &Profile {
        &self.assessor
    }

    /// When.
    pub fn assessed_at(&self) -> DateTime<Utc> {
        self.assessed_at
    }

    /// The scores, in the order given.
    pub fn scores(&self) -> &[Score] {
        &self.scores
    }

    /// The score for `criterion`, if any.
    pub fn score(&self, criterion: &str) -> Option<&Score> {
        self.scores.iter().find(|s| s.criterion == criterion)
    }

    /// Overall feedback (Markdown).
    pub fn feedback(&self) -> Option<&str> {
        self.feedback.as_deref()
    }
}

/// Builds an [`Assessment`]; see [`Assessment::builder`].
#[derive(Debug, Clone)]
#[must_use]
pub struct AssessmentBuilder {
    submission: Submission,
    assessor: Option<Profile>,
    assessed_at: Option<DateTime<Utc>>,
    scores: Vec<Score>,
    feedback: Option<String>,
}

impl AssessmentBuilder {
    /// The assessor: a person or an organization (required).
    pub fn assessor(mut self, assessor: Profile) -> Self {
        self.assessor = Some(assessor);
        self
    }

    /// When the assessment was made (required).
    pub fn assessed_at(mut self, at: DateTime<Utc>) -> Self {
        self.assessed_at = Some(at);
        self
    }

    /// Scores `criterion` at `level`.
    pub fn score(mut self, criterion: impl Into<String>, level: impl Into<String>) -> Self {
        self.scores.push(Score {
            criterion: criterion.into(),
            level: level.into(),
            feedback: None,
        });
        self
    }

    /// Scores `criterion` at `level`, with feedback on that criterion.
    pub fn score_with_feedback(
        mut self,
        criterion: impl Into<String>,
        level: impl Into<String>,
        feedback: impl Into<String>,
    ) -> Self {
        self.scores.push(Score {
            criterion: criterion.into(),
            level: level.into(),
            feedback: Some(feedback.into()),
        });
        self
    }

    /// Overall feedback (Markdown).
    pub fn feedback(mut self, feedback: impl Into<String>) -> Self {
        self.feedback = Some(feedback.into());
        self
    }

    /// Checks and builds the assessment.
    pub fn build(self) -> Result<Assessment, AssessError> {
        let missing = |field| AssessError::MissingField {
            what: "Assessment",
            field,
        };
        let assessor = self.assessor.ok_or_else(|| missing("assessor"))?;
        let assessed_at = self.assessed_at.ok_or_else(|| missing("assessed_at"))?;
        if assessed_at < self.submission.submitted_at() {
            return Err(AssessError::AssessedBeforeSubmitted {
                submitted_at: self.submission.submitted_at(),
                assessed_at,
            });
        }
        for (i, score) in self.scores.iter().enumerate() {
            if self
                .scores
                .iter()
                .take(i)
                .any(|earlier| earlier.criterion == score.criterion)
            {
                return Err(AssessError::DuplicateScore {
                    criterion: score.criterion.clone(),
                });
            }
        }
        Ok(Assessment {
            submission: self.submission,
            assessor,
            assessed_at,
            scores: self.scores,
            feedback: self.feedback,
        })
    }
}
