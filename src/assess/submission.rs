//! [`Submission`]: a teacher's evidence for one achievement, one attempt.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use super::error::AssessError;
use super::recipient::Recipient;
use crate::model::{Evidence, new_urn_uuid};

/// The `Evidence.id` for an uploaded file, from its bytes: an RFC 6920 *named information* URI,
/// `ni:///sha-256;` + base64url (no padding) of the file's SHA-256.
///
/// Why this form: the file itself stays private (a lesson video does not belong inside a credential
/// that is shared publicly, and a `data:` URI would bloat every copy), yet anyone later handed the
/// file can recompute the hash and check it is the evidence that was assessed. `ni:` is a
/// registered URI scheme, so the id is a valid absolute IRI for JSON-LD and the OB schema, unlike
/// an ad-hoc `urn:sha256:` (no such URN namespace is registered).
///
/// ```
/// use openbadges::assess::file_evidence_id;
///
/// // RFC 6920 §8.1's example: "Hello World!".
/// assert_eq!(
///     file_evidence_id(b"Hello World!"),
///     "ni:///sha-256;f4OxZX_x_FO5LcGBSKHWXfwtSx-j1ncoSt3SABJtkGk"
/// );
/// ```
pub fn file_evidence_id(contents: &[u8]) -> String {
    file_evidence_id_from_sha256(Sha256::digest(contents).into())
}

/// [`file_evidence_id`] from a SHA-256 digest computed elsewhere (e.g. while streaming an upload).
pub fn file_evidence_id_from_sha256(digest: [u8; 32]) -> String {
    format!("ni:///sha-256;{}", URL_SAFE_NO_PAD.encode(digest))
}

/// One attempt at an achievement: who, for what, with which evidence, when.
///
/// Evidence items are ordinary OB [`Evidence`] entries: give each a `name`, a `narrative` (the
/// teacher's reflection), `genre`/`audience`, and as `id` either the URL of the work or
/// [`file_evidence_id`] of an uploaded file. They are copied into the credential as they are.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use openbadges::assess::{Recipient, Submission, file_evidence_id};
/// use openbadges::model::Evidence;
///
/// let submission = Submission::builder()
///     .id("urn:uuid:5b0c8f3e-1a2b-4c3d-8e9f-000000000001")
///     .recipient(Recipient::email("teacher@example.org"))
///     .achievement("https://example.org/achievements/feedback")
///     .evidence(Evidence::new()
///         .with_id(file_evidence_id(b"lesson video bytes"))
///         .with_name("Lesson video")
///         .with_genre("Video")
///         .with_narrative("I paused after each task to give written feedback."))
///     .attempt(2)
///     .submitted_at(Utc.with_ymd_and_hms(2025, 3, 1, 18, 0, 0).unwrap())
///     .build()?;
/// assert_eq!(submission.attempt(), 2);
/// assert!(submission.evidence()[0].id.as_deref().unwrap().starts_with("ni:///sha-256;"));
/// # Ok::<(), openbadges::assess::AssessError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Submission {
    id: String,
    recipient: Recipient,
    achievement_id: String,
    evidence: Vec<Evidence>,
    attempt: u32,
    submitted_at: DateTime<Utc>,
}

impl Submission {
    /// Starts a submission.
    pub fn builder() -> SubmissionBuilder {
        SubmissionBuilder::default()
    }

    /// The submission's id (the platform's record id, or a fresh `urn:uuid:`).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Who submitted.
    pub fn recipient(&self) -> &Recipient {
        &self.recipient
    }

    /// The id of the achievement applied for.
    pub fn achievement_id(&self) -> &str {
        &self.achievement_id
    }

    /// The evidence, in submission order.
    pub fn evidence(&self) -> &[Evidence] {
        &self.evidence
    }

    /// Attempt number, from 1.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// When it was submitted.
    pub fn submitted_at(&self) -> DateTime<Utc> {
        self.submitted_at
    }
}

/// Builds a [`Submission`]; recipient, achievement, at least one evidence item and the submission
/// time are required; the attempt defaults to 1.
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct SubmissionBuilder {
    id: Option<String>,
    recipient: Option<Recipient>,
    achievement_id: Option<String>,
    evidence: Vec<Evidence>,
    attempt: Option<u32>,
    submitted_at: Option<DateTime<Utc>>,
}

impl SubmissionBuilder {
    /// Submission id; default: a fresh `urn:uuid:`.
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// Who submits (required).
    pub fn recipient(mut self, recipient: Recipient) -> Self {
        self.recipient = Some(recipient);
        self
    }

    /// Id of the achievement applied for (required).
    pub fn achievement(mut self, achievement_id: impl Into<String>) -> Self {
        self.achievement_id = Some(achievement_id.into());
        self
    }

    /// Adds an evidence item (at least one is required).
    pub fn evidence(mut self, evidence: Evidence) -> Self {
        self.evidence.push(evidence);
        self
    }

    /// Attempt number, from 1 (default 1).
    pub fn attempt(mut self, attempt: u32) -> Self {
        self.attempt = Some(attempt);
        self
    }

    /// When the work was submitted (required).
    pub fn submitted_at(mut self, at: DateTime<Utc>) -> Self {
        self.submitted_at = Some(at);
        self
    }

    /// Checks and builds the submission.
    pub fn build(self) -> Result<Submission, AssessError> {
        let missing = |field| AssessError::MissingField {
            what: "Submission",
            field,
        };
        let recipient = self.recipient.ok_or_else(|| missing("recipient"))?;
        let achievement_id = self.achievement_id.ok_or_else(|| missing("achievement"))?;
        let submitted_at = self.submitted_at.ok_or_else(|| missing("submitted_at"))?;
        if self.evidence.is_empty() {
            return Err(AssessError::NoEvidence);
        }
        for (index, evidence) in self.evidence.iter().enumerate() {
            if let Some(id) = &evidence.id {
                if url::Url::parse(id).is_err() {
                    return Err(AssessError::InvalidEvidenceId {
                        index,
                        id: id.clone(),
                    });
                }
            }
        }
        let attempt = self.attempt.unwrap_or(1);
        if attempt == 0 {
            return Err(AssessError::ZeroAttempt);
        }
        let id = match self.id {
            Some(id) => id,
            None => new_urn_uuid().map_err(crate::model::BuildError::from)?,
        };
        Ok(Submission {
            id,
            recipient,
            achievement_id,
            evidence: self.evidence,
            attempt,
            submitted_at,
        })
    }
}
