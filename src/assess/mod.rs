//! The micro-credential workflow: a teacher submits evidence for a competency, an assessor scores
//! it against the achievement's rubric, and a [`DecisionPolicy`] either awards the badge or sends
//! the work back with the criteria that fall short.
//!
//! ```text
//! Submission ──Assessment::builder──▶ Assessment ──DecisionPolicy::decide(&Achievement)──▶ Decision
//!   who, which achievement,            one Score per criterion,        ├─ Award(Awarded) ──credential()──▶ OpenBadgeCredential
//!   evidence, attempt                  feedback, assessor               ├─ SendBack { shortfalls, feedback, attempts_remaining }
//!                                                                       └─ AttemptsExhausted { … }  (escalate to a coach)
//! ```
//!
//! How OB 3.0 carries each piece:
//! - the rubric is `Achievement.resultDescription[]` with `rubricCriterionLevel[]` and
//!   `requiredLevel`; scores become `credentialSubject.result[]` pointing at those ids;
//! - evidence items are OB `Evidence`; an uploaded file is named by its hash
//!   ([`file_evidence_id`], an RFC 6920 `ni:` URI) so the file can stay private yet be checked;
//! - assessor feedback is one more `Evidence` entry (see [`Awarded`] for why not an extension);
//! - the assessor is `credentialSubject.source`.
//!
//! Send-backs issue nothing: OB credentials record what was earned, and attempt history is the
//! platform's to keep.
//!
//! End to end:
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use openbadges::assess::{Assessment, Decision, DecisionPolicy, IssueOptions, Recipient, Submission};
//! use openbadges::model::{Achievement, Evidence, Profile, ResultDescription, ResultType, RubricCriterionLevel};
//!
//! let rubric = |id: &str, name: &str| {
//!     ResultDescription::builder()
//!         .id(id)
//!         .name(name)
//!         .result_type(ResultType::RubricCriterionLevel)
//!         .level(RubricCriterionLevel::new(format!("{id}/not-yet"), "Not Yet").with_points("0"))
//!         .level(RubricCriterionLevel::new(format!("{id}/met"), "Met").with_points("1"))
//!         .required_level(format!("{id}/met"))
//!         .build()
//! };
//! let achievement = Achievement::builder()
//!     .id("https://example.org/achievements/questioning")
//!     .name("Questioning for Deeper Learning")
//!     .description("Asks questions that make students reason.")
//!     .criteria_narrative("Two criteria, both at Met.")
//!     .result_description(rubric("https://example.org/rubric/open", "Open questions")?)
//!     .result_description(rubric("https://example.org/rubric/wait", "Wait time")?)
//!     .build()?;
//!
//! let submission = Submission::builder()
//!     .recipient(Recipient::email_with_salt("teacher@example.org", "s4lt"))
//!     .achievement(achievement.id.clone())
//!     .evidence(Evidence::new().with_name("Transcript").with_id("https://example.org/work/transcript"))
//!     .submitted_at(Utc.with_ymd_and_hms(2025, 3, 1, 0, 0, 0).unwrap())
//!     .build()?;
//! let assessment = Assessment::builder(submission)
//!     .assessor(Profile::builder().id("https://example.org/assessors/1").name("A. Assessor").build()?)
//!     .assessed_at(Utc.with_ymd_and_hms(2025, 3, 3, 0, 0, 0).unwrap())
//!     .score("https://example.org/rubric/open", "https://example.org/rubric/open/met")
//!     .score_with_feedback("https://example.org/rubric/wait", "https://example.org/rubric/wait/met",
//!         "Three seconds, every time.")
//!     .build()?;
//!
//! let Decision::Award(awarded) = DecisionPolicy::default().decide(&achievement, &assessment)? else {
//!     panic!("both criteria are met");
//! };
//! let credential = awarded.credential("https://example.org/issuer", &IssueOptions::default())?;
//! let json = credential.to_json();
//! assert_eq!(json["credentialSubject"]["result"][1]["achievedLevel"], "https://example.org/rubric/wait/met");
//! assert_eq!(json["evidence"][1]["genre"], "Assessor feedback");
//! assert!(openbadges::validate::credential(&json).is_valid());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod assessment;
mod award;
mod decision;
mod error;
mod recipient;
mod submission;

pub use assessment::{Assessment, AssessmentBuilder, Score};
pub use award::{Awarded, FEEDBACK_GENRE, IssueOptions};
pub use decision::{
    CriteriaRule, CriterionOutcome, Decision, DecisionPolicy, LevelOrder, LevelRef, SendBack,
    Shortfall,
};
pub use error::AssessError;

pub(crate) use decision::{below_required_level, points};
pub use recipient::Recipient;
pub use submission::{
    Submission, SubmissionBuilder, file_evidence_id, file_evidence_id_from_sha256,
};
