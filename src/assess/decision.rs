//! The decision rule: [`DecisionPolicy`] turns an [`Assessment`] into a [`Decision`] — award, send
//! back with the criteria that fall short, or attempts exhausted.

use super::assessment::Assessment;
use super::award::Awarded;
use super::error::AssessError;
use crate::model::{Achievement, ResultDescription, RubricCriterionLevel};

/// How the levels of a rubric criterion are ranked, to tell whether an achieved level is "at or
/// above" the required one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum LevelOrder {
    /// By `points` when every level of the criterion has numeric points, otherwise by array
    /// position, lowest first (the default).
    ///
    /// Points are explicit data and survive any reordering of the array; the array order is the
    /// fallback because `rubricCriterionLevel` is an ordered list in OB 3.0 and is conventionally
    /// written from the lowest level up (as the model's builder documents).
    #[default]
    Auto,
    /// By numeric `points` only; a level without them is an error.
    Points,
    /// By array position, the first level being the lowest.
    AscendingArray,
    /// By array position, the first level being the highest.
    DescendingArray,
}

/// How many rubric criteria must reach their required level for an award.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum CriteriaRule {
    /// Every criterion (the default; BloomBoard-style "every criterion Met").
    #[default]
    All,
    /// At least this many criteria (a compensatory rubric).
    AtLeast(usize),
}

/// The explicit, configurable rule that decides an assessment.
///
/// Default: every rubric criterion at or above its `requiredLevel` (a criterion without one is met
/// by any level) → award; otherwise send back, listing the criteria that fall short; a failing
/// assessment of the 3rd (last) attempt says the attempts are exhausted, so the platform can
/// escalate to a coach. A submission numbered beyond the last attempt is refused
/// ([`AssessError::AttemptOutOfRange`]).
///
/// ```
/// use openbadges::assess::{CriteriaRule, DecisionPolicy, LevelOrder};
///
/// let policy = DecisionPolicy::default()
///     .max_attempts(2)
///     .level_order(LevelOrder::Points)
///     .criteria_rule(CriteriaRule::AtLeast(3));
/// assert_eq!(policy.attempts(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionPolicy {
    max_attempts: u32,
    level_order: LevelOrder,
    criteria_rule: CriteriaRule,
}

impl Default for DecisionPolicy {
    fn default() -> Self {
        DecisionPolicy {
            max_attempts: 3,
            level_order: LevelOrder::Auto,
            criteria_rule: CriteriaRule::All,
        }
    }
}

/// A level of a criterion, by id and display name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelRef {
    /// The `RubricCriterionLevel` id.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// How one rubric criterion came out.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CriterionOutcome {
    /// The criterion (`ResultDescription`) id.
    pub criterion_id: String,
    /// Its name.
    pub criterion_name: String,
    /// The level the assessor chose.
    pub achieved: LevelRef,
    /// The level required, if the rubric sets one.
    pub required: Option<LevelRef>,
    /// Whether `achieved` is at or above `required`.
    pub met: bool,
    /// The assessor's feedback on this criterion.
    pub feedback: Option<String>,
}

/// A criterion that falls short of its required level.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Shortfall {
    /// The criterion (`ResultDescription`) id.
    pub criterion_id: String,
    /// Its name.
    pub criterion_name: String,
    /// The level reached.
    pub achieved: LevelRef,
    /// The level required.
    pub required: LevelRef,
    /// The assessor's feedback on this criterion.
    pub feedback: Option<String>,
}

/// What a teacher gets back when the work is not (yet) enough.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SendBack {
    /// Id of the submission sent back.
    pub submission_id: String,
    /// Its attempt number.
    pub attempt: u32,
    /// Attempts left under the policy (0 when exhausted).
    pub attempts_remaining: u32,
    /// Exactly the criteria below their required level, in rubric order.
    pub shortfalls: Vec<Shortfall>,
    /// The overall feedback.
    pub feedback: Option<String>,
    /// Every criterion's outcome, in rubric order (met ones included, for the full picture).
    pub outcomes: Vec<CriterionOutcome>,
}

/// The outcome of an assessment.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub enum Decision {
    /// The rule is satisfied: issue the credential with [`Awarded::credential`].
    Award(Box<Awarded>),
    /// Not yet: the teacher may resubmit.
    SendBack(SendBack),
    /// Not yet, and that was the last attempt the policy allows: escalate (e.g. to a coach).
    AttemptsExhausted(SendBack),
}

impl Decision {
    /// True for [`Decision::Award`].
    pub fn is_award(&self) -> bool {
        matches!(self, Decision::Award(_))
    }
}

impl DecisionPolicy {
    /// Maximum number of attempts (default 3; 0 is treated as 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// How levels are ranked (default [`LevelOrder::Auto`]).
    pub fn level_order(mut self, order: LevelOrder) -> Self {
        self.level_order = order;
        self
    }

    /// How many criteria must be met (default [`CriteriaRule::All`]).
    pub fn criteria_rule(mut self, rule: CriteriaRule) -> Self {
        self.criteria_rule = rule;
        self
    }

    /// The maximum number of attempts.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Checks `assessment` against `achievement`'s rubric and decides.
    ///
    /// The rubric is every `resultDescription` that has `rubricCriterionLevel`s. Refused with a
    /// typed [`AssessError`], never silently awarded: a submission for another achievement, an
    /// attempt beyond the maximum, a score for an unknown criterion or with an unknown level, a
    /// criterion left unscored, a dangling `requiredLevel`, or (with [`LevelOrder::Points`]) a
    /// level without numeric points.
    ///
    /// ```
    /// # use chrono::{TimeZone, Utc};
    /// use openbadges::assess::{Assessment, Decision, DecisionPolicy, Recipient, Submission};
    /// use openbadges::model::{Achievement, Evidence, Profile, ResultDescription, ResultType, RubricCriterionLevel};
    ///
    /// let criterion = ResultDescription::builder()
    ///     .id("urn:example:timely")
    ///     .name("Feedback is timely")
    ///     .result_type(ResultType::RubricCriterionLevel)
    ///     .level(RubricCriterionLevel::new("urn:example:timely:emerging", "Emerging"))
    ///     .level(RubricCriterionLevel::new("urn:example:timely:met", "Met"))
    ///     .required_level("urn:example:timely:met")
    ///     .build()?;
    /// let achievement = Achievement::builder()
    ///     .id("https://example.org/achievements/feedback")
    ///     .name("Feedback That Moves Learning")
    ///     .description("Gives timely, actionable feedback.")
    ///     .criteria_narrative("Scored against the rubric.")
    ///     .result_description(criterion)
    ///     .build()?;
    /// let submission = Submission::builder()
    ///     .recipient(Recipient::id("did:example:teacher"))
    ///     .achievement("https://example.org/achievements/feedback")
    ///     .evidence(Evidence::new().with_name("Student work samples").with_id("https://example.org/work/1"))
    ///     .submitted_at(Utc.with_ymd_and_hms(2025, 3, 1, 0, 0, 0).unwrap())
    ///     .build()?;
    /// let assessor = Profile::builder().id("https://example.org/assessors/7").name("Assessor 7").build()?;
    /// let assessment = Assessment::builder(submission)
    ///     .assessor(assessor)
    ///     .assessed_at(Utc.with_ymd_and_hms(2025, 3, 4, 0, 0, 0).unwrap())
    ///     .score_with_feedback("urn:example:timely", "urn:example:timely:emerging", "Return work within a day.")
    ///     .build()?;
    ///
    /// match DecisionPolicy::default().decide(&achievement, &assessment)? {
    ///     Decision::SendBack(back) => {
    ///         assert_eq!(back.attempts_remaining, 2);
    ///         assert_eq!(back.shortfalls[0].criterion_id, "urn:example:timely");
    ///         assert_eq!(back.shortfalls[0].required.name, "Met");
    ///     }
    ///     other => panic!("expected a send-back, got {other:?}"),
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn decide(
        &self,
        achievement: &Achievement,
        assessment: &Assessment,
    ) -> Result<Decision, AssessError> {
        let submission = assessment.submission();
        if submission.achievement_id() != achievement.id {
            return Err(AssessError::WrongAchievement {
                submitted_for: submission.achievement_id().to_owned(),
                assessed_against: achievement.id.clone(),
            });
        }
        let attempt = submission.attempt();
        if attempt == 0 {
            return Err(AssessError::ZeroAttempt);
        }
        if attempt > self.max_attempts {
            return Err(AssessError::AttemptOutOfRange {
                attempt,
                max_attempts: self.max_attempts,
            });
        }

        let criteria = rubric_criteria(achievement);
        if criteria.is_empty() {
            return Err(AssessError::NoRubric {
                achievement: achievement.id.clone(),
            });
        }
        for score in assessment.scores() {
            let criterion = criteria
                .iter()
                .find(|c| c.id == score.criterion)
                .ok_or_else(|| AssessError::UnknownCriterion {
                    criterion: score.criterion.clone(),
                })?;
            if criterion.level(&score.level).is_none() {
                return Err(AssessError::UnknownLevel {
                    criterion: score.criterion.clone(),
                    level: score.level.clone(),
                });
            }
        }
        let skipped: Vec<String> = criteria
            .iter()
            .filter(|c| assessment.score(&c.id).is_none())
            .map(|c| c.id.clone())
            .collect();
        if !skipped.is_empty() {
            return Err(AssessError::SkippedCriteria { criteria: skipped });
        }

        let mut outcomes = Vec::with_capacity(criteria.len());
        for criterion in &criteria {
            outcomes.push(self.outcome(criterion, assessment)?);
        }
        let met = outcomes.iter().filter(|o| o.met).count();
        let passed = match self.criteria_rule {
            CriteriaRule::All => met == outcomes.len(),
            CriteriaRule::AtLeast(n) => met >= n,
        };
        if passed {
            return Ok(Decision::Award(Box::new(Awarded::new(
                achievement.clone(),
                assessment.clone(),
                outcomes,
            ))));
        }

        let shortfalls = outcomes
            .iter()
            .filter(|o| !o.met)
            .filter_map(|o| {
                Some(Shortfall {
                    criterion_id: o.criterion_id.clone(),
                    criterion_name: o.criterion_name.clone(),
                    achieved: o.achieved.clone(),
                    required: o.required.clone()?,
                    feedback: o.feedback.clone(),
                })
            })
            .collect();
        let back = SendBack {
            submission_id: submission.id().to_owned(),
            attempt,
            attempts_remaining: self.max_attempts - attempt,
            shortfalls,
            feedback: assessment.feedback().map(str::to_owned),
            outcomes,
        };
        Ok(if back.attempts_remaining == 0 {
            Decision::AttemptsExhausted(back)
        } else {
            Decision::SendBack(back)
        })
    }

    /// Scores one criterion (its score exists and names a known level: checked by the caller).
    fn outcome(
        &self,
        criterion: &ResultDescription,
        assessment: &Assessment,
    ) -> Result<CriterionOutcome, AssessError> {
        let score =
            assessment
                .score(&criterion.id)
                .ok_or_else(|| AssessError::SkippedCriteria {
                    criteria: vec![criterion.id.clone()],
                })?;
        let unknown_level = |level: &str| AssessError::UnknownLevel {
            criterion: criterion.id.clone(),
            level: level.to_owned(),
        };
        let achieved = criterion
            .level(&score.level)
            .ok_or_else(|| unknown_level(&score.level))?;
        let (required, met) = match &criterion.required_level {
            None => (None, true),
            Some(required_id) => {
                let required = criterion.level(required_id).ok_or_else(|| {
                    AssessError::InvalidRequiredLevel {
                        criterion: criterion.id.clone(),
                        level: required_id.clone(),
                    }
                })?;
                let met = self.meets(criterion, achieved, required)?;
                (Some(level_ref(required)), met)
            }
        };
        Ok(CriterionOutcome {
            criterion_id: criterion.id.clone(),
            criterion_name: criterion.name.as_str().to_owned(),
            achieved: level_ref(achieved),
            required,
            met,
            feedback: score.feedback.clone(),
        })
    }

    /// The rule: `achieved` meets `required` when it ranks at or above it.
    fn meets(
        &self,
        criterion: &ResultDescription,
        achieved: &RubricCriterionLevel,
        required: &RubricCriterionLevel,
    ) -> Result<bool, AssessError> {
        Ok(self.rank(criterion, achieved)? >= self.rank(criterion, required)?)
    }

    /// A number that orders the levels of `criterion` from lowest to highest.
    fn rank(
        &self,
        criterion: &ResultDescription,
        level: &RubricCriterionLevel,
    ) -> Result<f64, AssessError> {
        let levels: Vec<(&str, Option<f64>)> = criterion
            .rubric_criterion_level
            .as_ref()
            .map(|l| l.as_slice())
            .unwrap_or_default()
            .iter()
            .map(|l| (l.id.as_str(), points(l.points.as_deref())))
            .collect();
        self.level_order
            .rank(&levels, &level.id)
            .ok_or_else(|| AssessError::UnrankableLevel {
                criterion: criterion.id.clone(),
                level: level.id.clone(),
            })
    }
}

impl LevelOrder {
    /// The rule: a number that orders `id` among `levels` (in array order; each its id and its
    /// numeric `points`, if any) from lowest to highest; `None` when the order needs points `id`
    /// does not have.
    fn rank<S: AsRef<str>>(self, levels: &[(S, Option<f64>)], id: &str) -> Option<f64> {
        let found = levels.iter().position(|(l, _)| l.as_ref() == id);
        // Lossless for any realistic rubric (positions far below 2^53).
        let ascending = found.unwrap_or(0) as f64;
        let points = found.and_then(|i| levels[i].1);
        match self {
            LevelOrder::Points => points,
            LevelOrder::AscendingArray => Some(ascending),
            LevelOrder::DescendingArray => Some(-ascending),
            LevelOrder::Auto => {
                if levels.iter().all(|(_, p)| p.is_some()) {
                    points
                } else {
                    Some(ascending)
                }
            }
        }
    }
}

/// Whether the level `achieved_id` falls short of `required_id` among `levels` (a criterion's
/// rubric levels in array order) under the default policy's level order (the rule every
/// [`DecisionPolicy::decide`] applies), for validators and issuers. `None` when it cannot tell:
/// an unknown level, or levels that cannot be ranked.
pub(crate) fn below_required_level<S: AsRef<str>>(
    levels: &[(S, Option<f64>)],
    required_id: &str,
    achieved_id: &str,
) -> Option<bool> {
    let known = |id: &str| levels.iter().any(|(l, _)| l.as_ref() == id);
    if !known(required_id) || !known(achieved_id) {
        return None;
    }
    let order = DecisionPolicy::default().level_order;
    Some(order.rank(levels, achieved_id)? < order.rank(levels, required_id)?)
}

/// The numeric value of a level's `points`, when it has one.
pub(crate) fn points(points: Option<&str>) -> Option<f64> {
    points
        .and_then(|p| p.trim().parse::<f64>().ok())
        .filter(|p| p.is_finite())
}

/// The rubric criteria of an achievement: result descriptions with at least one level.
pub(crate) fn rubric_criteria(achievement: &Achievement) -> Vec<&ResultDescription> {
    achievement
        .result_description
        .iter()
        .flatten()
        .filter(|rd| {
            rd.rubric_criterion_level
                .as_ref()
                .is_some_and(|l| !l.is_empty())
        })
        .collect()
}

fn level_ref(level: &RubricCriterionLevel) -> LevelRef {
    LevelRef {
        id: level.id.clone(),
        name: level.name.as_str().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_level_is_below_the_required_one_by_points_else_by_position() {
        // Every level has points: points decide, whatever the array order.
        let by_points = [("a", Some(3.0)), ("b", Some(1.0)), ("c", Some(2.0))];
        assert_eq!(below_required_level(&by_points, "c", "b"), Some(true));
        assert_eq!(below_required_level(&by_points, "c", "a"), Some(false));
        assert_eq!(below_required_level(&by_points, "c", "c"), Some(false));
        // One level without points: the array order, lowest first.
        let by_position = [("a", Some(3.0)), ("b", None), ("c", Some(2.0))];
        assert_eq!(below_required_level(&by_position, "b", "a"), Some(true));
        assert_eq!(below_required_level(&by_position, "b", "c"), Some(false));
        // A level the criterion does not have: cannot tell.
        assert_eq!(below_required_level(&by_points, "c", "z"), None);
        assert_eq!(below_required_level(&by_points, "z", "a"), None);
    }

    #[test]
    fn points_are_finite_numbers_around_optional_spaces() {
        assert_eq!(points(Some(" 2.5 ")), Some(2.5));
        assert_eq!(points(Some("NaN")), None);
        assert_eq!(points(Some("inf")), None);
        assert_eq!(points(Some("two")), None);
        assert_eq!(points(None), None);
    }
}
