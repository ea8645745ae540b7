//! Which key may sign an issuer's assertions: one its hosted Profile lists under `publicKey`, whose
//! CryptographicKey names the issuer as `owner` (OB 2.0 § SignedBadge, § CryptographicKey).
//!
//! Keys are only ever taken from the issuer Profile the caller supplied or from key documents the
//! caller supplied; a key embedded in the assertion itself is never trusted (the OB 1.1 hole where
//! `verify.url` pointed at any key).

use serde_json::Value;

use super::Documents;
use super::model::{CryptographicKey, Link, Profile};
use super::signed::{Jws, SignatureError};

/// How looking for the signing key ended.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum KeySearch {
    /// A listed, owned key verified the signature.
    Verified {
        /// Its id.
        key: String,
    },
    /// A key verified the signature but is not the issuer's.
    Unbound {
        /// Its id.
        key: String,
        /// Why it is not the issuer's.
        reason: String,
    },
    /// A key document (or the issuer's list of keys) is missing.
    Unavailable {
        /// What is missing, in words (names the URL).
        reason: String,
    },
    /// Keys were found but none verifies: the assertion was altered or signed by someone else.
    Mismatch {
        /// The keys tried.
        tried: Vec<String>,
    },
    /// The token or a key cannot be used (algorithm refused, bad PEM, weak key).
    Refused(SignatureError),
}

/// The `publicKey` ids (and embedded keys) of a Profile.
fn listed(issuer: &Profile) -> Vec<(&str, Option<&CryptographicKey>)> {
    issuer
        .public_key
        .iter()
        .flat_map(|keys| keys.iter())
        .filter_map(|link| Some((link.id()?, link.embedded())))
        .collect()
}

/// The CryptographicKey `id`: embedded in the hosted Profile, else a supplied document.
fn key_document(
    id: &str,
    embedded: Option<&CryptographicKey>,
    documents: &dyn Documents,
) -> Result<CryptographicKey, String> {
    if let Some(key) = embedded {
        return Ok(key.clone());
    }
    let document: &Value = documents.document(id).ok_or_else(|| {
        format!("the issuer's key document `{id}` was not supplied (save it with the documents)")
    })?;
    serde_json::from_value(document.clone())
        .map_err(|e| format!("the key document `{id}` is not a CryptographicKey: {e}"))
}

/// Finds the key that signed `jws` among those `issuer` authorizes, naming `creator` first.
pub(crate) fn search(
    jws: &Jws,
    creator: Option<&Link<CryptographicKey>>,
    issuer: &Profile,
    documents: &dyn Documents,
) -> KeySearch {
    if let Err(e) = jws.check_algorithm() {
        return KeySearch::Refused(e);
    }
    let listed = listed(issuer);
    let candidates: Vec<(&str, Option<&CryptographicKey>)> = match creator.and_then(Link::id) {
        // The creator's own embedded copy (inside the assertion) is not trusted: only the
        // Profile's copy or a supplied document.
        Some(id) => vec![(
            id,
            listed.iter().find(|(l, _)| *l == id).and_then(|(_, k)| *k),
        )],
        None => listed.clone(),
    };
    if candidates.is_empty() {
        return KeySearch::Unavailable {
            reason: format!(
                "the issuer profile `{}` lists no publicKey and the assertion names no creator key",
                issuer.id
            ),
        };
    }
    let mut tried = Vec::new();
    let mut unavailable = Vec::new();
    let mut refused = None;
    for (id, embedded) in candidates {
        let key = match key_document(id, embedded, documents) {
            Ok(key) => key,
            Err(reason) => {
                unavailable.push(reason);
                continue;
            }
        };
        let Some(pem) = key.public_key_pem.as_deref() else {
            refused.get_or_insert(SignatureError::KeyPem(format!(
                "the key `{id}` has no publicKeyPem"
            )));
            continue;
        };
        match jws.verify(pem) {
            Ok(()) => {
                let reason = if !listed.iter().any(|(l, _)| *l == id) {
                    Some(format!(
                        "the key `{id}` is not listed in the issuer `{}`'s publicKey",
                        issuer.id
                    ))
                } else {
                    match key.owner.as_deref() {
                        Some(owner) if owner != issuer.id => Some(format!(
                            "the key `{id}` is owned by `{owner}`, not by the issuer `{}`",
                            issuer.id
                        )),
                        _ => None,
                    }
                };
                return match reason {
                    None => KeySearch::Verified { key: id.to_owned() },
                    Some(reason) => KeySearch::Unbound {
                        key: id.to_owned(),
                        reason,
                    },
                };
            }
            Err(SignatureError::Mismatch) => tried.push(id.to_owned()),
            Err(e) => {
                refused.get_or_insert(e);
            }
        }
    }
    if !tried.is_empty() {
        KeySearch::Mismatch { tried }
    } else if let Some(e) = refused {
        KeySearch::Refused(e)
    } else {
        KeySearch::Unavailable {
            reason: unavailable.join("; "),
        }
    }
}
