//! Stacks: an achievement earned by holding a set of others — "all of these", or "any 3 of these
//! 5" (NEA-style stacks of micro-credentials toward a larger credential or salary credit).
//!
//! OB 3.0 has no stack construct (`Achievement.related` is for versions and translations), so a
//! stack is a parent [`Achievement`] whose `criteria` names the children ([`Requirement::criteria`]),
//! and the parent credential references each child credential as an `Evidence` entry whose `id` is
//! the child credential's id.
//!
//! **What counts.** [`Stack::progress`] takes the recipient's credentials through the
//! [`HeldBadge`] trait: the credential JSON plus the verifier's judgement ([`Standing`]). Only a
//! credential that is [`Standing::Valid`] (proof verified, not expired, not yet-to-start, not
//! revoked or suspended), whose subject is the given [`Recipient`], whose achievement is a child
//! of the stack and whose issuer the stack trusts for that child ([`Child::issued_by`]) counts;
//! everything else is listed with the reason it did not.
//!
//! Why a trait: the verification report will implement [`HeldBadge`] directly, so a caller passes
//! its reports as they are; [`HeldCredential`] is a plain implementation for credentials verified
//! elsewhere (and for tests). The stack never re-judges validity — one verifier, one answer.

use serde_json::Value;

use crate::assess::{AssessError, IssueOptions, Recipient};
use crate::model::{
    Achievement, AchievementCredential, BuildError, Criteria, Evidence, ProfileRef,
};

/// The verifier's judgement of a held credential, as of its `now`. When several checks fail, the
/// verifier reports the first in this order: unverified, revoked, suspended, expired, not yet valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Standing {
    /// Every check passed.
    Valid,
    /// The proof (or issuer binding, or schema) did not verify.
    Unverified,
    /// Revoked by its issuer.
    Revoked,
    /// Suspended by its issuer.
    Suspended,
    /// Past `validUntil`.
    Expired,
    /// Before `validFrom`.
    NotYetValid,
}

/// A credential the recipient holds, with the verifier's judgement of it.
pub trait HeldBadge {
    /// The credential JSON, as verified.
    fn credential(&self) -> &Value;
    /// The verifier's judgement.
    fn standing(&self) -> Standing;
}

/// A [`HeldBadge`] built from parts: a credential and the standing a verifier gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct HeldCredential {
    /// The credential JSON.
    pub credential: Value,
    /// Its standing.
    pub standing: Standing,
}

impl HeldBadge for HeldCredential {
    fn credential(&self) -> &Value {
        &self.credential
    }

    fn standing(&self) -> Standing {
        self.standing
    }
}

/// Why a stack could not be defined or awarded.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum StackError {
    /// A stack needs at least one child achievement.
    #[error("a stack needs at least one child achievement")]
    NoChildren,
    /// The same child achievement is listed twice.
    #[error("child achievement {id:?} is listed twice")]
    DuplicateChild {
        /// Its id.
        id: String,
    },
    /// The parent achievement is listed as its own child.
    #[error("achievement {id:?} cannot be a child of itself")]
    SelfReference {
        /// Its id.
        id: String,
    },
    /// "At least n" with n = 0 or more than the number of children.
    #[error("at least {required} of {children} children can never be a valid requirement")]
    ImpossibleCount {
        /// n.
        required: usize,
        /// Number of children.
        children: usize,
    },
    /// The progress is not complete.
    #[error("stack {stack:?} is not complete: {held} of {required} held")]
    Incomplete {
        /// The parent achievement id.
        stack: String,
        /// Children held.
        held: usize,
        /// Children required.
        required: usize,
    },
    /// The progress was computed for another stack.
    #[error("this progress is for stack {progress_for:?}, not {stack:?}")]
    ProgressForOtherStack {
        /// The stack the progress belongs to.
        progress_for: String,
        /// The stack asked to award.
        stack: String,
    },
    /// `validFrom` is required to issue a stack credential.
    #[error("issuing a stack credential needs IssueOptions::valid_from")]
    MissingValidFrom,
    /// Building the credential failed.
    #[error(transparent)]
    Assess(#[from] AssessError),
}

impl From<BuildError> for StackError {
    fn from(e: BuildError) -> Self {
        StackError::Assess(AssessError::Build(e))
    }
}

/// A child of a stack: an achievement id, its name (for the criteria text and the evidence), and
/// optionally the issuers trusted to award it.
///
/// Anyone can issue a validly signed credential whose achievement `id` copies someone else's
/// (OB 3.0 achievements are not signed by their creator; spec issue #451). When the stack names
/// trusted issuers with [`Child::issued_by`], a credential from any other issuer does not count
/// ([`NotCountedReason::UntrustedIssuer`]); with none named, any issuer is accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Child {
    /// The child achievement's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Issuer ids trusted to award it; empty = any issuer.
    pub issuers: Vec<String>,
}

impl Child {
    /// A child achievement, from any issuer.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        Child {
            id: id.into(),
            name: name.into(),
            issuers: Vec::new(),
        }
    }

    /// Trusts `issuer` (an issuer id) to award this child; call again to trust several.
    #[must_use]
    pub fn issued_by(mut self, issuer: impl Into<String>) -> Self {
        self.issuers.push(issuer.into());
        self
    }

    fn trusts(&self, issuer: &str) -> bool {
        self.issuers.is_empty() || self.issuers.iter().any(|i| i == issuer)
    }
}

/// Which children earn the parent: all of them, or at least `n`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    children: Vec<Child>,
    required: usize,
}

impl Requirement {
    /// Every child is required.
    pub fn all(children: impl IntoIterator<Item = Child>) -> Result<Self, StackError> {
        let children: Vec<Child> = children.into_iter().collect();
        let required = children.len();
        Self::checked(children, required)
    }

    /// At least `n` of the children are required ("3 of these 5").
    pub fn at_least(
        n: usize,
        children: impl IntoIterator<Item = Child>,
    ) -> Result<Self, StackError> {
        Self::checked(children.into_iter().collect(), n)
    }

    fn checked(children: Vec<Child>, required: usize) -> Result<Self, StackError> {
        if children.is_empty() {
            return Err(StackError::NoChildren);
        }
        for (i, child) in children.iter().enumerate() {
            if children.iter().take(i).any(|c| c.id == child.id) {
                return Err(StackError::DuplicateChild {
                    id: child.id.clone(),
                });
            }
        }
        if required == 0 || required > children.len() {
            return Err(StackError::ImpossibleCount {
                required,
                children: children.len(),
            });
        }
        Ok(Requirement { children, required })
    }

    /// The children, in the order given.
    pub fn children(&self) -> &[Child] {
        &self.children
    }

    /// How many must be held.
    pub fn required(&self) -> usize {
        self.required
    }

    /// Criteria for the parent achievement: a Markdown narrative naming every child by name and id.
    ///
    /// ```
    /// use openbadges::stack::{Child, Requirement};
    ///
    /// let req = Requirement::at_least(2, [
    ///     Child::new("https://example.org/a/1", "Questioning"),
    ///     Child::new("https://example.org/a/2", "Feedback"),
    ///     Child::new("https://example.org/a/3", "Checks for understanding"),
    /// ])?;
    /// assert_eq!(req.criteria().narrative.unwrap(),
    ///     "Earn at least 2 of these 3 achievements:\n\n\
    ///      - Questioning (https://example.org/a/1)\n\
    ///      - Feedback (https://example.org/a/2)\n\
    ///      - Checks for understanding (https://example.org/a/3)");
    /// # Ok::<(), openbadges::stack::StackError>(())
    /// ```
    pub fn criteria(&self) -> Criteria {
        let head = if self.required == self.children.len() {
            format!("Earn all {} of these achievements:", self.children.len())
        } else {
            format!(
                "Earn at least {} of these {} achievements:",
                self.required,
                self.children.len()
            )
        };
        let items: Vec<String> = self
            .children
            .iter()
            .map(|c| format!("- {} ({})", c.name, c.id))
            .collect();
        Criteria::narrative(format!("{head}\n\n{}", items.join("\n")))
    }
}

/// A parent achievement and the children that earn it.
#[derive(Debug, Clone, PartialEq)]
pub struct Stack {
    parent: Achievement,
    requirement: Requirement,
}

/// A child credential that counts toward the stack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldChild {
    /// The child achievement id.
    pub achievement_id: String,
    /// The child achievement's name as the credential states it.
    pub achievement_name: String,
    /// The credential's id.
    pub credential_id: String,
}

/// Why a held credential does not count.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum NotCountedReason {
    /// The verifier did not find it valid.
    Standing(Standing),
    /// It is not an OB achievement credential the model can read.
    Unreadable,
    /// It was issued to someone else.
    OtherRecipient,
    /// Its achievement is not a child of this stack.
    NotInStack,
    /// Its issuer is not one the stack trusts for that child.
    UntrustedIssuer,
    /// Another credential for the same child already counts.
    Duplicate,
}

/// A held credential that does not count, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotCounted {
    /// Position in the input.
    pub index: usize,
    /// Its credential id, when readable.
    pub credential_id: Option<String>,
    /// Its achievement id, when readable.
    pub achievement_id: Option<String>,
    /// Why it does not count.
    pub reason: NotCountedReason,
}

/// Where a recipient stands on a stack. Made only by [`Stack::progress`].
#[derive(Debug, Clone, PartialEq)]
pub struct StackProgress {
    stack_id: String,
    recipient: Recipient,
    held: Vec<HeldChild>,
    missing: Vec<Child>,
    not_counted: Vec<NotCounted>,
    required: usize,
}

impl StackProgress {
    /// Children held, in the stack's order.
    pub fn held(&self) -> &[HeldChild] {
        &self.held
    }

    /// Children not held, in the stack's order.
    pub fn missing(&self) -> &[Child] {
        &self.missing
    }

    /// Credentials that did not count, and why.
    pub fn not_counted(&self) -> &[NotCounted] {
        &self.not_counted
    }

    /// How many children the stack requires.
    pub fn required(&self) -> usize {
        self.required
    }

    /// True when enough children are held.
    pub fn is_complete(&self) -> bool {
        self.held.len() >= self.required
    }

    /// The recipient the progress was computed for.
    pub fn recipient(&self) -> &Recipient {
        &self.recipient
    }
}

impl Stack {
    /// A stack: `parent` is earned per `requirement` (build the parent's criteria with
    /// [`Requirement::criteria`]).
    pub fn new(parent: Achievement, requirement: Requirement) -> Result<Self, StackError> {
        if requirement.children.iter().any(|c| c.id == parent.id) {
            return Err(StackError::SelfReference {
                id: parent.id.clone(),
            });
        }
        Ok(Stack {
            parent,
            requirement,
        })
    }

    /// The parent achievement.
    pub fn parent(&self) -> &Achievement {
        &self.parent
    }

    /// The requirement.
    pub fn requirement(&self) -> &Requirement {
        &self.requirement
    }

    /// Which children `recipient` holds among `held`, which are missing, which credentials did not
    /// count and why, and whether the stack is complete.
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use openbadges::assess::{IssueOptions, Recipient};
    /// use openbadges::model::{Achievement, AchievementCredential};
    /// use openbadges::stack::{Child, HeldCredential, NotCountedReason, Requirement, Stack, Standing};
    ///
    /// let achievement = |id: &str, name: &str| {
    ///     Achievement::builder().id(id).name(name).description(name).criteria_narrative(name).build()
    /// };
    /// let requirement = Requirement::at_least(2, [
    ///     Child::new("urn:example:a", "Questioning"),
    ///     Child::new("urn:example:b", "Feedback"),
    ///     Child::new("urn:example:c", "Discussion"),
    /// ])?;
    /// let mut parent = achievement("urn:example:stack", "Formative Assessment")?;
    /// parent.criteria = requirement.criteria();
    /// let stack = Stack::new(parent, requirement)?;
    ///
    /// let day = |d| Utc.with_ymd_and_hms(2025, 3, d, 0, 0, 0).unwrap();
    /// let badge = |child: &str, standing| -> Result<HeldCredential, Box<dyn std::error::Error>> {
    ///     let credential = AchievementCredential::builder()
    ///         .id(format!("{child}:credential"))
    ///         .issuer("https://example.org/issuer")
    ///         .achievement(achievement(child, child)?)
    ///         .recipient_id("did:example:teacher")
    ///         .valid_from(day(1))
    ///         .build()?;
    ///     Ok(HeldCredential { credential: credential.to_json(), standing })
    /// };
    /// let held = [badge("urn:example:a", Standing::Valid)?, badge("urn:example:b", Standing::Revoked)?];
    /// let teacher = Recipient::id("did:example:teacher");
    ///
    /// let progress = stack.progress(&teacher, &held);
    /// assert!(!progress.is_complete());
    /// assert_eq!(progress.not_counted()[0].reason, NotCountedReason::Standing(Standing::Revoked));
    ///
    /// let held = [held[0].clone(), badge("urn:example:c", Standing::Valid)?];
    /// let progress = stack.progress(&teacher, &held);
    /// let credential = stack.credential(&progress, "https://example.org/issuer",
    ///     &IssueOptions::default().valid_from(day(20)))?;
    /// assert_eq!(credential.to_json()["evidence"][1]["id"], "urn:example:c:credential");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn progress<'a, B>(
        &self,
        recipient: &Recipient,
        held: impl IntoIterator<Item = &'a B>,
    ) -> StackProgress
    where
        B: HeldBadge + ?Sized + 'a,
    {
        let mut counted: Vec<HeldChild> = Vec::new();
        let mut not_counted = Vec::new();
        for (index, badge) in held.into_iter().enumerate() {
            let parsed = AchievementCredential::from_json(badge.credential()).ok();
            let credential_id = parsed.as_ref().map(|c| c.id.clone()).or_else(|| {
                badge
                    .credential()
                    .get("id")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            });
            let achievement_id = parsed
                .as_ref()
                .map(|c| c.credential_subject.achievement.id.clone());
            let reason = match (&parsed, badge.standing()) {
                (_, standing) if standing != Standing::Valid => {
                    Some(NotCountedReason::Standing(standing))
                }
                (None, _) => Some(NotCountedReason::Unreadable),
                (Some(c), _) if !recipient.matches(&c.credential_subject) => {
                    Some(NotCountedReason::OtherRecipient)
                }
                (Some(c), _) => {
                    let id = &c.credential_subject.achievement.id;
                    let child = self.requirement.children.iter().find(|c| &c.id == id);
                    if child.is_none() {
                        Some(NotCountedReason::NotInStack)
                    } else if child.is_some_and(|child| !child.trusts(c.issuer.id())) {
                        Some(NotCountedReason::UntrustedIssuer)
                    } else if counted.iter().any(|h| &h.achievement_id == id) {
                        Some(NotCountedReason::Duplicate)
                    } else {
                        counted.push(HeldChild {
                            achievement_id: id.clone(),
                            achievement_name: c
                                .credential_subject
                                .achievement
                                .name
                                .as_str()
                                .to_owned(),
                            credential_id: c.id.clone(),
                        });
                        None
                    }
                }
            };
            if let Some(reason) = reason {
                not_counted.push(NotCounted {
                    index,
                    credential_id,
                    achievement_id,
                    reason,
                });
            }
        }
        let children = &self.requirement.children;
        let mut held = Vec::with_capacity(counted.len());
        let mut missing = Vec::new();
        for child in children {
            match counted.iter().position(|h| h.achievement_id == child.id) {
                Some(i) => held.push(counted.swap_remove(i)),
                None => missing.push(child.clone()),
            }
        }
        StackProgress {
            stack_id: self.parent.id.clone(),
            recipient: recipient.clone(),
            held,
            missing,
            not_counted,
            required: self.requirement.required,
        }
    }

    /// The unsigned parent credential for a complete `progress`, issued by `issuer` to the
    /// progress's recipient; each child credential that counted is an `Evidence` entry whose `id`
    /// is the child credential's id. `options.valid_from` is required.
    pub fn credential(
        &self,
        progress: &StackProgress,
        issuer: impl Into<ProfileRef>,
        options: &IssueOptions,
    ) -> Result<AchievementCredential, StackError> {
        if progress.stack_id != self.parent.id {
            return Err(StackError::ProgressForOtherStack {
                progress_for: progress.stack_id.clone(),
                stack: self.parent.id.clone(),
            });
        }
        if !progress.is_complete() {
            return Err(StackError::Incomplete {
                stack: self.parent.id.clone(),
                held: progress.held.len(),
                required: progress.required,
            });
        }
        let valid_from = options.valid_from.ok_or(StackError::MissingValidFrom)?;
        let mut builder = AchievementCredential::builder()
            .issuer(issuer)
            .achievement(self.parent.clone())
            .awarded_date(valid_from);
        builder = progress.recipient.apply_to(builder);
        builder = options.apply_to(builder);
        for child in &progress.held {
            builder = builder.evidence(
                Evidence::new()
                    .with_id(child.credential_id.clone())
                    .with_name(child.achievement_name.clone())
                    .with_genre("Stacked credential"),
            );
        }
        Ok(options.finish(builder.build()?)?)
    }
}
