//! Offline resolution of self-certifying DIDs used as `kid`: `did:jwk`
//! (the key is the identifier) and `did:key`.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::strict_json;
use super::{JwtError, ResolvedKey, VerifyingKey};

/// Resolves `kid` when it is a `did:jwk` DID (URL); `None` for anything else.
pub(crate) fn resolve_offline(kid: &str) -> Option<Result<ResolvedKey, JwtError>> {
    let (did, fragment) = match kid.split_once('#') {
        Some((did, fragment)) => (did, Some(fragment)),
        None => (kid, None),
    };
    let encoded = did.strip_prefix("did:jwk:")?;
    Some(resolve_did_jwk(kid, did, encoded, fragment))
}

fn resolve_did_jwk(
    kid: &str,
    did: &str,
    encoded: &str,
    fragment: Option<&str>,
) -> Result<ResolvedKey, JwtError> {
    let not_found = |reason: &str| JwtError::KeyNotFound {
        kid: kid.to_owned(),
        reason: reason.to_owned(),
    };
    // A did:jwk document has exactly one verification method, `#0`.
    if fragment.is_some_and(|f| f != "0") {
        return Err(not_found("a did:jwk has only the verification method #0"));
    }
    let bytes = URL_SAFE_NO_PAD
        .decode(encoded)
        .map_err(|_| not_found("did:jwk identifier is not base64url"))?;
    let jwk = strict_json::parse(&bytes)
        .map_err(|_| not_found("did:jwk identifier is not a JSON object"))?;
    Ok(ResolvedKey {
        key: VerifyingKey::from_jwk(&jwk)?,
        controller: Some(did.to_owned()),
    })
}
