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
pub use recipient::Recipient;
pub use submission::{
    Submission, SubmissionBuilder, file_evidence_id, file_evidence_id_from_sha256,
};
