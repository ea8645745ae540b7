//! [`Recipient`]: who a badge is for, both when issuing (subject id or hashed email) and when
//! checking that a held credential belongs to that person.

use crate::model::{AchievementSubject, AwardBuilder, IdentifierTypeEnum};

/// The person a submission comes from and a credential is issued to.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Recipient {
    /// A DID or URL, written as `credentialSubject.id`.
    Id(String),
    /// An email address, written as a salted SHA-256 `IdentityObject` (never in plain text).
    Email {
        /// The address.
        address: String,
        /// Salt for the hash; `None` draws a fresh random salt at issue time.
        salt: Option<String>,
    },
}

impl Recipient {
    /// A recipient known by DID or URL.
    pub fn id(id: impl Into<String>) -> Self {
        Recipient::Id(id.into())
    }

    /// A recipient known by email; a random salt is drawn when a credential is issued.
    pub fn email(address: impl Into<String>) -> Self {
        Recipient::Email {
            address: address.into(),
            salt: None,
        }
    }

    /// A recipient known by email, hashed with `salt` (reproducible output).
    pub fn email_with_salt(address: impl Into<String>, salt: impl Into<String>) -> Self {
        Recipient::Email {
            address: address.into(),
            salt: Some(salt.into()),
        }
    }

    /// True when `subject` names this recipient: the same `credentialSubject.id`, or an
    /// `emailAddress` identity whose (salted) hash or plain value is this address. The address is
    /// tried as given and, if different, ASCII-lowercased (issuers commonly lowercase before
    /// hashing). The salt of this value is irrelevant: the credential's own salt is used.
    ///
    /// ```
    /// use openbadges::assess::Recipient;
    /// use openbadges::model::{AchievementSubject, IdentifierTypeEnum, IdentityObject};
    ///
    /// let subject: AchievementSubject = serde_json::from_value(serde_json::json!({
    ///     "type": ["AchievementSubject"],
    ///     "identifier": [IdentityObject::hashed_sha256(IdentifierTypeEnum::EmailAddress, "a@example.com", "Kosher")],
    ///     "achievement": {"id": "urn:x:a", "type": ["Achievement"], "name": "A", "description": "A",
    ///                     "criteria": {"narrative": "A"}}
    /// }))?;
    /// assert!(Recipient::email("A@Example.com").matches(&subject));
    /// assert!(!Recipient::email("b@example.com").matches(&subject));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn matches(&self, subject: &AchievementSubject) -> bool {
        match self {
            Recipient::Id(id) => subject.id.as_deref() == Some(id.as_str()),
            Recipient::Email { address, .. } => {
                let lower = address.to_ascii_lowercase();
                subject.identifier.iter().flatten().any(|identity| {
                    identity.identity_type == IdentifierTypeEnum::EmailAddress
                        && (identity.matches(address) || identity.matches(&lower))
                })
            }
        }
    }

    /// Puts this recipient on an award under construction.
    pub(crate) fn apply_to(&self, builder: AwardBuilder) -> AwardBuilder {
        match self {
            Recipient::Id(id) => builder.recipient_id(id.clone()),
            Recipient::Email {
                address,
                salt: Some(salt),
            } => builder.recipient_email_with_salt(address.clone(), salt.clone()),
            Recipient::Email {
                address,
                salt: None,
            } => builder.recipient_email(address.clone()),
        }
    }
}
