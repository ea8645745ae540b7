//! Revocation of OB 2.0 assertions: `revoked: true` in the hosted copy, or the assertion listed in
//! the issuer Profile's [`RevocationList`] (`revocationList`).
//!
//! ```
//! use openbadges::ob2::model::RevocationList;
//!
//! let list: RevocationList = serde_json::from_value(serde_json::json!({
//!     "@context": "https://w3id.org/openbadges/v2",
//!     "id": "https://issuer.example/revocations",
//!     "type": "RevocationList",
//!     "revokedAssertions": [
//!         "urn:uuid:52e4c6b3-8c13-4fa8-8482-a5cf34ef37a9",
//!         {"id": "urn:uuid:6deb4a00-ebce-4b28-8cc2-afa705ef7be4", "revocationReason": "Issued in error"}
//!     ]
//! }))?;
//! let revoked = list.revocation("urn:uuid:6deb4a00-ebce-4b28-8cc2-afa705ef7be4", None).unwrap();
//! assert_eq!(revoked.reason, Some("Issued in error"));
//! assert!(list.revocation("urn:uuid:00000000-0000-4000-8000-000000000000", None).is_none());
//! # Ok::<(), serde_json::Error>(())
//! ```

use serde_json::Value;

use super::model::{RevocationList, RevokedAssertion};

/// An assertion found revoked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Revoked<'a> {
    /// The issuer's reason, if given.
    pub reason: Option<&'a str>,
}

impl RevocationList {
    /// Whether the assertion with this `id` (or, for a 1.x assertion, legacy `uid`) is listed.
    pub fn revocation(&self, id: &str, uid: Option<&str>) -> Option<Revoked<'_>> {
        self.revoked_assertions
            .iter()
            .find_map(|entry| match entry {
                RevokedAssertion::Id(revoked) => {
                    (revoked == id).then_some(Revoked { reason: None })
                }
                RevokedAssertion::Entry(entry) => {
                    let by_id = entry.id.as_deref() == Some(id);
                    let by_uid = uid.is_some() && entry.uid.as_deref() == uid;
                    (by_id || by_uid).then_some(Revoked {
                        reason: entry.revocation_reason.as_deref(),
                    })
                }
            })
    }
}

/// `revoked: true` in a hosted document (which may hold nothing but `id`, `revoked` and a
/// `revocationReason`): the issuer withdrew it.
pub fn hosted_revocation(document: &Value) -> Option<Revoked<'_>> {
    (document.get("revoked") == Some(&Value::Bool(true))).then(|| Revoked {
        reason: document.get("revocationReason").and_then(Value::as_str),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn legacy_uid_entries_match_only_by_uid() {
        let list: RevocationList = serde_json::from_value(json!({
            "type": "RevocationList",
            "revokedAssertions": [{"uid": "abc123", "revocationReason": "old"}]
        }))
        .unwrap();
        assert_eq!(
            list.revocation("https://e.org/a", Some("abc123")),
            Some(Revoked {
                reason: Some("old")
            })
        );
        assert_eq!(list.revocation("abc123", None), None);
    }

    #[test]
    fn hosted_revoked_flag() {
        let body = json!({"id": "https://e.org/a", "revoked": true, "revocationReason": "fraud"});
        assert_eq!(
            hosted_revocation(&body),
            Some(Revoked {
                reason: Some("fraud")
            })
        );
        assert_eq!(hosted_revocation(&json!({"revoked": false})), None);
        assert_eq!(hosted_revocation(&json!({"revoked": "true"})), None);
    }
}
