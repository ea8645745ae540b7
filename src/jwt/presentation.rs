//! VP-JWT: a verifiable presentation as a compact JWS (VC-JOSE-COSE, VC 2.0 shape: the payload is
//! the presentation itself). The holder's answer to a verifier's request travels in the JWT
//! claims: `iss` = the holder, `aud` = the verifier's domain, `nonce` = its challenge, `iat`.
//!
//! The JWS layer is the one VC-JWTs go through ([`super::verify`]): `alg: none`, HMAC, `crit` and
//! unknown algorithms are refused before any cryptography, and the key comes from the `kid`.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

use super::sign::compact_jws;
use super::verify::{JoseHeader, KeyChoice, KeySource, VerifyOptions, verified_jws};
use super::{JwtError, SigningKey};
use crate::keys::Resolver;

/// The claims a VP-JWT carries beside the presentation's own members.
const PRESENTATION_CLAIMS: [&str; 8] = ["iss", "aud", "nonce", "iat", "nbf", "exp", "jti", "sub"];

/// What the holder answers: for whom (`aud`), to which challenge (`nonce`), when (`iat`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PresentationClaims {
    /// `kid`: the holder's verification method (its controller is the holder).
    pub kid: String,
    /// `aud`: the verifier's domain.
    pub audience: String,
    /// `nonce`: the verifier's challenge.
    pub nonce: String,
    /// `iat`: when the presentation was made (the holder's clock).
    pub issued_at: DateTime<Utc>,
}

impl PresentationClaims {
    /// Claims answering `nonce` for `audience`, signed with the key `kid`, at `issued_at`.
    pub fn new(
        kid: impl Into<String>,
        audience: impl Into<String>,
        nonce: impl Into<String>,
        issued_at: DateTime<Utc>,
    ) -> Self {
        Self {
            kid: kid.into(),
            audience: audience.into(),
            nonce: nonce.into(),
            issued_at,
        }
    }
}

/// Signs `presentation` (a JSON object) as a VP-JWT: header `alg`, `typ: JWT`, `kid`; payload the
/// presentation plus `iss` (its `holder`, or the `kid`'s controller), `aud`, `nonce`, `iat`.
///
/// Fails when the presentation is not an object or already has a member named like one of the
/// claims.
pub fn sign_presentation(
    presentation: &Value,
    key: &SigningKey,
    claims: &PresentationClaims,
) -> Result<String, JwtError> {
    let members = presentation
        .as_object()
        .ok_or_else(|| JwtError::InvalidCredential {
            pointer: String::new(),
            reason: "a presentation is a JSON object".into(),
        })?;
    if let Some(claim) = PRESENTATION_CLAIMS
        .into_iter()
        .find(|claim| members.contains_key(*claim))
    {
        return Err(JwtError::ClaimConflict { claim });
    }
    let holder = match members.get("holder") {
        Some(Value::String(holder)) => holder.clone(),
        Some(Value::Object(holder)) => holder
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        _ => claims
            .kid
            .split_once('#')
            .map_or(claims.kid.as_str(), |(controller, _)| controller)
            .to_owned(),
    };
    let mut payload = Map::with_capacity(members.len() + 4);
    payload.insert("iss".into(), holder.into());
    payload.insert("aud".into(), claims.audience.as_str().into());
    payload.insert("nonce".into(), claims.nonce.as_str().into());
    payload.insert("iat".into(), claims.issued_at.timestamp().into());
    payload.extend(members.iter().map(|(k, v)| (k.clone(), v.clone())));
    let header = json!({"alg": key.algorithm().as_str(), "typ": "JWT", "kid": claims.kid});
    let header = serde_json::to_vec(&header).map_err(|e| JwtError::Signing(e.to_string()))?;
    let payload = serde_json::to_vec(&payload).map_err(|e| JwtError::Signing(e.to_string()))?;
    compact_jws(&header, &payload, key)
}

/// A VP-JWT whose signature verified.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct VerifiedPresentationJwt {
    /// The presentation, without the JWT claims (a VC 1.1 `vp` claim is unwrapped).
    pub presentation: Value,
    /// The protected header.
    pub header: JoseHeader,
    /// Where the key came from (for a `kid`: its controller, to compare with the holder).
    pub key_source: KeySource,
    /// `iss`.
    pub issuer: Option<String>,
    /// `aud`: one string or several.
    pub audience: Vec<String>,
    /// `nonce`.
    pub nonce: Option<String>,
    /// `iat`.
    pub issued_at: Option<i64>,
}

/// Verifies the JWS of a VP-JWT (header rules, key by `kid` through `resolver`, signature) and
/// splits the payload into the presentation and its claims. Judging `nonce`, `aud` and the holder
/// is the caller's (the presentation verifier's).
pub fn verify_presentation(
    token: &str,
    resolver: &dyn Resolver,
    options: &VerifyOptions,
) -> Result<VerifiedPresentationJwt, JwtError> {
    let (header, mut payload, _, key_source) =
        verified_jws(token, &KeyChoice::Resolve(resolver), options)?;
    let text = |payload: &Map<String, Value>, claim: &'static str| match payload.get(claim) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(JwtError::InvalidClaim {
            claim,
            reason: "not a string".into(),
        }),
    };
    let issuer = text(&payload, "iss")?;
    let nonce = text(&payload, "nonce")?;
    let audience = match payload.get("aud") {
        None => Vec::new(),
        Some(Value::String(aud)) => vec![aud.clone()],
        Some(Value::Array(auds)) => auds
            .iter()
            .map(|a| {
                a.as_str().map(str::to_owned).ok_or(JwtError::InvalidClaim {
                    claim: "aud",
                    reason: "not a string or an array of strings".into(),
                })
            })
            .collect::<Result<_, _>>()?,
        Some(_) => {
            return Err(JwtError::InvalidClaim {
                claim: "aud",
                reason: "not a string or an array of strings".into(),
            });
        }
    };
    let issued_at = match payload.get("iat") {
        None => None,
        Some(v) => Some(v.as_i64().ok_or(JwtError::InvalidClaim {
            claim: "iat",
            reason: "not an integer NumericDate".into(),
        })?),
    };
    let presentation = match payload.shift_remove("vp") {
        Some(vp @ Value::Object(_)) => vp,
        Some(_) => {
            return Err(JwtError::InvalidClaim {
                claim: "vp",
                reason: "not an object".into(),
            });
        }
        None => {
            for claim in PRESENTATION_CLAIMS {
                payload.shift_remove(claim);
            }
            Value::Object(payload)
        }
    };
    Ok(VerifiedPresentationJwt {
        presentation,
        header,
        key_source,
        issuer,
        audience,
        nonce,
        issued_at,
    })
}
