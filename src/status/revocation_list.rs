//! The 1EdTech revocation list (`credentialStatus.type` =
//! `1EdTechRevocationList`): a JSON document at `credentialStatus.id` listing
//! revoked credential ids.
//!
//! The key naming the list is ambiguous in practice. The 1EdTech validator's
//! comment (quoting the verification text) says `revokedCredentials`, and its
//! current code reads that key, while earlier code read `revokedCredential`
//! (see the OB 3.0 notes, §4). Issuers have shipped both, and a verifier
//! that read only one would report a revoked credential as valid, so both
//! keys are read and their items merged. OB 2.0 revocation lists
//! (`revokedAssertions`) are read too. An item is an object with `id`
//! (revoked unless `revoked` is `false`, optional `revocationReason`) or, in
//! the OB 2.0 style, a bare id string.
//!
//! ```
//! use openbadges::status::RevocationList;
//! use serde_json::json;
//!
//! let list = RevocationList::from_value(&json!({
//!     "id": "https://example.org/revocations",
//!     "revokedCredentials": [
//!         {"id": "urn:uuid:a", "revocationReason": "issued in error"},
//!         {"id": "urn:uuid:b", "revoked": false}
//!     ]
//! }))?;
//! assert!(list.is_revoked("urn:uuid:a"));
//! assert!(!list.is_revoked("urn:uuid:b"));
//! assert_eq!(list.revocation("urn:uuid:a").unwrap().reason.as_deref(), Some("issued in error"));
//! # Ok::<(), openbadges::status::StatusError>(())
//! ```

use serde_json::Value;

use super::StatusError;

/// The keys that may hold the revoked items, in the order they are read.
const LIST_KEYS: [&str; 3] = [
    "revokedCredentials",
    "revokedCredential",
    "revokedAssertions",
];

/// One revoked credential.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevokedCredential {
    /// The credential's `id`.
    pub id: String,
    /// `revocationReason`, if given.
    pub reason: Option<String>,
}

/// A parsed 1EdTech revocation list.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct RevocationList {
    /// The list document's `id`, if present.
    pub id: Option<String>,
    /// Revoked credentials (items with `revoked: false` are left out).
    pub revoked: Vec<RevokedCredential>,
}

impl RevocationList {
    /// Parses the list document. It must hold at least one of the list keys
    /// (an empty array is fine).
    pub fn from_value(value: &Value) -> Result<Self, StatusError> {
        let obj = value.as_object().ok_or_else(|| StatusError::InvalidField {
            pointer: String::new(),
            reason: "revocation list must be an object",
        })?;
        let mut present = false;
        let mut revoked = Vec::new();
        for key in LIST_KEYS {
            let Some(items) = obj.get(key) else { continue };
            present = true;
            let items = items.as_array().ok_or_else(|| StatusError::InvalidField {
                pointer: format!("/{key}"),
                reason: "must be an array",
            })?;
            for (i, item) in items.iter().enumerate() {
                let pointer = || format!("/{key}/{i}");
                match item {
                    Value::String(id) => revoked.push(RevokedCredential {
                        id: id.clone(),
                        reason: None,
                    }),
                    Value::Object(entry) => {
                        let id = entry.get("id").and_then(Value::as_str).ok_or_else(|| {
                            StatusError::MissingField {
                                pointer: format!("{}/id", pointer()),
                            }
                        })?;
                        let is_revoked = match entry.get("revoked") {
                            None => true,
                            Some(Value::Bool(b)) => *b,
                            Some(_) => {
                                return Err(StatusError::InvalidField {
                                    pointer: format!("{}/revoked", pointer()),
                                    reason: "must be a boolean",
                                });
                            }
                        };
                        if is_revoked {
                            revoked.push(RevokedCredential {
                                id: id.to_owned(),
                                reason: entry
                                    .get("revocationReason")
                                    .and_then(Value::as_str)
                                    .map(str::to_owned),
                            });
                        }
                    }
                    _ => {
                        return Err(StatusError::InvalidField {
                            pointer: pointer(),
                            reason: "must be an object or an id string",
                        });
                    }
                }
            }
        }
        if !present {
            return Err(StatusError::MissingField {
                pointer: "/revokedCredentials".into(),
            });
        }
        Ok(RevocationList {
            id: obj.get("id").and_then(Value::as_str).map(str::to_owned),
            revoked,
        })
    }

    /// The revocation record of `credential_id`, if it is revoked.
    pub fn revocation(&self, credential_id: &str) -> Option<&RevokedCredential> {
        self.revoked.iter().find(|r| r.id == credential_id)
    }

    /// Whether `credential_id` is revoked.
    pub fn is_revoked(&self, credential_id: &str) -> bool {
        self.revocation(credential_id).is_some()
    }
}
