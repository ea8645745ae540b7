//! [`AssessError`]: why a submission, an assessment or an award was refused.

use chrono::{DateTime, Utc};

use crate::model::BuildError;

/// Why a submission could not be built, an assessment could not be decided, or an award could
/// not be issued. Every variant names the offending id so a platform can point the assessor at it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum AssessError {
    /// A required piece of a submission or assessment was not given.
    #[error("{what}: missing required {field}")]
    MissingField {
        /// `Submission` or `Assessment`.
        what: &'static str,
        /// What is missing.
        field: &'static str,
    },
    /// A submission carries no evidence at all.
    #[error("a submission needs at least one evidence item")]
    NoEvidence,
    /// An evidence id is not an absolute URI.
    #[error("evidence[{index}]: id {id:?} is not an absolute URI")]
    InvalidEvidenceId {
        /// Position of the evidence item in the submission.
        index: usize,
        /// The offending id.
        id: String,
    },
    /// Attempts are numbered from 1.
    #[error("attempt numbers start at 1 (got 0)")]
    ZeroAttempt,
    /// The submission is beyond the policy's last attempt: it must go to a coach, not an assessor.
    #[error("attempt {attempt} exceeds the maximum of {max_attempts} attempts")]
    AttemptOutOfRange {
        /// The submission's attempt number.
        attempt: u32,
        /// The policy's maximum.
        max_attempts: u32,
    },
    /// The assessment is dated before the submission it scores.
    #[error("assessed at {assessed_at} but submitted at {submitted_at}")]
    AssessedBeforeSubmitted {
        /// When the work was submitted.
        submitted_at: DateTime<Utc>,
        /// When it was (said to be) assessed.
        assessed_at: DateTime<Utc>,
    },
    /// The same criterion was scored twice.
    #[error("criterion {criterion:?} is scored more than once")]
    DuplicateScore {
        /// The criterion (result description) id.
        criterion: String,
    },
    /// The submission is for another achievement than the one it is assessed against.
    #[error(
        "the submission is for achievement {submitted_for:?} but was assessed against {assessed_against:?}"
    )]
    WrongAchievement {
        /// The achievement the teacher submitted for.
        submitted_for: String,
        /// The achievement whose rubric was used.
        assessed_against: String,
    },
    /// The achievement has no rubric: no result description with rubric criterion levels.
    #[error(
        "achievement {achievement:?} has no rubric (no resultDescription with rubricCriterionLevel)"
    )]
    NoRubric {
        /// The achievement id.
        achievement: String,
    },
    /// A score names a criterion the rubric does not have.
    #[error("criterion {criterion:?} is not a rubric criterion of the achievement")]
    UnknownCriterion {
        /// The unknown id.
        criterion: String,
    },
    /// A score names a level its criterion does not have.
    #[error("level {level:?} is not a level of criterion {criterion:?}")]
    UnknownLevel {
        /// The criterion id.
        criterion: String,
        /// The unknown level id.
        level: String,
    },
    /// Rubric criteria were left unscored.
    #[error("criteria not scored: {criteria:?}")]
    SkippedCriteria {
        /// Ids of the criteria without a score, in rubric order.
        criteria: Vec<String>,
    },
    /// The rubric's `requiredLevel` names no level of its criterion.
    #[error("criterion {criterion:?}: requiredLevel {level:?} is not one of its levels")]
    InvalidRequiredLevel {
        /// The criterion id.
        criterion: String,
        /// The dangling level id.
        level: String,
    },
    /// Levels must be ordered by points, but this level has no numeric `points`.
    #[error("criterion {criterion:?}: level {level:?} has no numeric points to rank it by")]
    UnrankableLevel {
        /// The criterion id.
        criterion: String,
        /// The level id.
        level: String,
    },
    /// The model builder refused the credential (or randomness for an id/salt failed).
    #[error(transparent)]
    Build(#[from] BuildError),
}
