//! The mapping between a credential and the JWT registered claims (OB 3.0
//! §VC-JWT, VC-DM 1.1 §6.3.1): `iss` ↔ issuer id, `jti` ↔ `id`, `sub` ↔
//! `credentialSubject.id`, `nbf` ↔ `validFrom`/`issuanceDate`, `exp` ↔
//! `validUntil`/`expirationDate`.

use chrono::{DateTime, SecondsFormat};
use serde_json::{Map, Value};

use super::JwtError;

/// `@context[0]` of a VC Data Model 1.1 credential.
pub const VC_V1_CONTEXT: &str = "https://www.w3.org/2018/credentials/v1";
/// `@context[0]` of a VC Data Model 2.0 credential (and of OB 3.0).
pub const VC_V2_CONTEXT: &str = "https://www.w3.org/ns/credentials/v2";

/// The RFC 7519 registered claim names. In the VC 2.0 shape they share the
/// payload with the credential, so they are stripped from the credential
/// returned by verification.
pub(crate) const REGISTERED_CLAIMS: [&str; 7] = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"];

/// How the credential sits in the JWT payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PayloadShape {
    /// VC Data Model 2.0 / OB 3.0: the payload is the credential itself,
    /// with the registered claims beside its properties.
    #[default]
    Credential,
    /// VC Data Model 1.1 (legacy): the credential sits in a `vc` claim.
    /// Its `@context[0]` must be the VC 1.1 URL.
    VcClaim,
}

/// The registered JWT claims of a token, as found (type-checked, not judged).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct RegisteredClaims {
    /// `iss`: the issuer id.
    pub iss: Option<String>,
    /// `sub`: the credential subject id.
    pub sub: Option<String>,
    /// `jti`: the credential id.
    pub jti: Option<String>,
    /// `nbf`: NumericDate (seconds since the epoch) the credential is valid from.
    pub nbf: Option<i64>,
    /// `exp`: NumericDate the credential expires.
    pub exp: Option<i64>,
    /// `iat`: NumericDate the token was issued.
    pub iat: Option<i64>,
    /// `aud`: the audience, as given (no meaning in OB 3.0).
    pub aud: Option<Value>,
}

impl RegisteredClaims {
    /// Reads and type-checks the registered claims of a payload.
    pub(crate) fn from_payload(payload: &Map<String, Value>) -> Result<Self, JwtError> {
        let text = |claim: &'static str| match payload.get(claim) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(JwtError::InvalidClaim {
                claim,
                reason: "not a string".into(),
            }),
        };
        let date = |claim: &'static str| match payload.get(claim) {
            None => Ok(None),
            Some(value) => numeric_date(value)
                .map(Some)
                .ok_or_else(|| JwtError::InvalidClaim {
                    claim,
                    reason: format!("not a NumericDate: {value}"),
                }),
        };
        Ok(RegisteredClaims {
            iss: text("iss")?,
            sub: text("sub")?,
            jti: text("jti")?,
            nbf: date("nbf")?,
            exp: date("exp")?,
            iat: date("iat")?,
            aud: payload.get("aud").cloned(),
        })
    }
}

/// A JSON number of seconds; fractions round down (RFC 7519 §2 allows them).
fn numeric_date(value: &Value) -> Option<i64> {
    let number = value.as_number()?;
    if let Some(whole) = number.as_i64() {
        return Some(whole);
    }
    let float = number.as_f64()?.floor();
    // Bounds keep the cast exact; real dates are far inside them.
    (float.is_finite() && float.abs() < 1e15).then_some(float as i64)
}

/// Which version of the VC data model a credential's `@context` declares.
pub(crate) fn declares_v1(credential: &Map<String, Value>) -> Result<bool, JwtError> {
    let first = match credential.get("@context") {
        Some(Value::Array(items)) => items.first(),
        Some(single @ Value::String(_)) => Some(single),
        _ => None,
    };
    match first.and_then(Value::as_str) {
        Some(VC_V1_CONTEXT) => Ok(true),
        Some(VC_V2_CONTEXT) => Ok(false),
        Some(other) => Err(JwtError::InvalidCredential {
            pointer: "/@context/0".into(),
            reason: format!("{other:?} is neither the VC 1.1 nor the VC 2.0 context"),
        }),
        None => Err(JwtError::InvalidCredential {
            pointer: "/@context".into(),
            reason: "missing or without a first string item".into(),
        }),
    }
}

/// Checks that the payload shape and the credential's data-model version agree.
pub(crate) fn check_shape(
    credential: &Map<String, Value>,
    shape: PayloadShape,
) -> Result<(), JwtError> {
    match (shape, declares_v1(credential)?) {
        (PayloadShape::VcClaim, false) => Err(JwtError::ShapeMismatch(
            "a `vc` claim must carry a VC 1.1 credential (@context[0] = https://www.w3.org/2018/credentials/v1)".into(),
        )),
        (PayloadShape::Credential, true) => Err(JwtError::ShapeMismatch(
            "a VC 1.1 credential must sit in a `vc` claim".into(),
        )),
        _ => Ok(()),
    }
}

/// The credential property names that map to `nbf` and `exp` for a shape,
/// preferred first.
fn date_properties(shape: PayloadShape) -> ([&'static str; 2], [&'static str; 2]) {
    match shape {
        PayloadShape::Credential => (["validFrom", "validFrom"], ["validUntil", "validUntil"]),
        PayloadShape::VcClaim => (
            ["issuanceDate", "validFrom"],
            ["expirationDate", "validUntil"],
        ),
    }
}

/// The claim values a credential implies.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct ExpectedClaims {
    pub iss: Option<String>,
    pub jti: Option<String>,
    pub sub: Option<String>,
    pub nbf: Option<i64>,
    pub exp: Option<i64>,
}

/// Reads the claim values `credential` implies. The issuer is required.
pub(crate) fn expected_claims(
    credential: &Map<String, Value>,
    shape: PayloadShape,
) -> Result<ExpectedClaims, JwtError> {
    let iss = match credential.get("issuer") {
        Some(Value::String(id)) => id.clone(),
        Some(Value::Object(profile)) => match profile.get("id") {
            Some(Value::String(id)) => id.clone(),
            _ => {
                return Err(JwtError::InvalidCredential {
                    pointer: "/issuer/id".into(),
                    reason: "issuer profile has no string `id`".into(),
                });
            }
        },
        _ => {
            return Err(JwtError::InvalidCredential {
                pointer: "/issuer".into(),
                reason: "missing, or neither a string nor an object".into(),
            });
        }
    };
    let jti = optional_string(credential, "id", "/id")?;
    let sub = match credential.get("credentialSubject") {
        Some(Value::Object(subject)) => optional_string(subject, "id", "/credentialSubject/id")?,
        // Only a lone subject maps to `sub`; several subjects have no mapping.
        Some(Value::Array(subjects)) if subjects.len() == 1 => match subjects.first() {
            Some(Value::Object(subject)) => {
                optional_string(subject, "id", "/credentialSubject/0/id")?
            }
            _ => None,
        },
        _ => None,
    };
    let (from, until) = date_properties(shape);
    Ok(ExpectedClaims {
        iss: Some(iss),
        jti,
        sub,
        nbf: date_property(credential, from)?,
        exp: date_property(credential, until)?,
    })
}

fn optional_string(
    object: &Map<String, Value>,
    name: &str,
    pointer: &str,
) -> Result<Option<String>, JwtError> {
    match object.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(JwtError::InvalidCredential {
            pointer: pointer.into(),
            reason: "not a string".into(),
        }),
    }
}

/// The first of `names` present in `credential`, as a NumericDate.
fn date_property(
    credential: &Map<String, Value>,
    names: [&'static str; 2],
) -> Result<Option<i64>, JwtError> {
    let Some((name, value)) = names
        .iter()
        .find_map(|name| credential.get(*name).map(|value| (*name, value)))
    else {
        return Ok(None);
    };
    let invalid = || JwtError::InvalidDate {
        pointer: format!("/{name}"),
        value: value.to_string(),
    };
    let text = value.as_str().ok_or_else(invalid)?;
    DateTime::parse_from_rfc3339(text)
        .map(|date| Some(date.timestamp()))
        .map_err(|_| invalid())
}

/// Formats a NumericDate as an XML Schema dateTime in UTC, whole seconds.
fn format_date(seconds: i64) -> Option<String> {
    DateTime::from_timestamp(seconds, 0).map(|date| date.to_rfc3339_opts(SecondsFormat::Secs, true))
}

/// VC-DM 1.1 §6.3.1 decoding: a `vc` claim may leave out the properties its
/// registered claims carry; restore each missing one from its claim.
pub(crate) fn restore_v1_properties(
    credential: &mut Map<String, Value>,
    claims: &RegisteredClaims,
) {
    if let Some(iss) = &claims.iss {
        credential
            .entry("issuer")
            .or_insert_with(|| Value::String(iss.clone()));
    }
    if let Some(jti) = &claims.jti {
        credential
            .entry("id")
            .or_insert_with(|| Value::String(jti.clone()));
    }
    let restore_date =
        |credential: &mut Map<String, Value>, names: [&str; 2], claim: Option<i64>| {
            let absent = names.iter().all(|name| !credential.contains_key(*name));
            if let (true, Some(date)) = (absent, claim.and_then(format_date)) {
                credential.insert(names[0].to_owned(), Value::String(date));
            }
        };
    let (from, until) = date_properties(PayloadShape::VcClaim);
    restore_date(credential, from, claims.nbf);
    restore_date(credential, until, claims.exp);
    if let (Some(sub), Some(Value::Object(subject))) =
        (&claims.sub, credential.get_mut("credentialSubject"))
    {
        subject
            .entry("id")
            .or_insert_with(|| Value::String(sub.clone()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn object(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    #[test]
    fn maps_issuer_object_subject_and_fractional_dates() {
        let credential = object(json!({
            "@context": [VC_V2_CONTEXT],
            "id": "urn:uuid:1",
            "issuer": {"id": "https://issuer.example"},
            "validFrom": "2026-01-01T00:00:00.900+01:00",
            "credentialSubject": {"id": "did:example:42"}
        }));
        let expected = expected_claims(&credential, PayloadShape::Credential);
        assert_eq!(
            expected,
            Ok(ExpectedClaims {
                iss: Some("https://issuer.example".into()),
                jti: Some("urn:uuid:1".into()),
                sub: Some("did:example:42".into()),
                nbf: Some(1_767_222_000),
                exp: None,
            })
        );
    }

    #[test]
    fn date_without_time_zone_is_rejected() {
        let credential = object(json!({
            "issuer": "https://issuer.example",
            "validFrom": "2026-01-01T00:00:00"
        }));
        assert!(matches!(
            expected_claims(&credential, PayloadShape::Credential),
            Err(JwtError::InvalidDate { pointer, .. }) if pointer == "/validFrom"
        ));
    }

    #[test]
    fn numeric_dates_accept_fractions_and_reject_strings() {
        assert_eq!(numeric_date(&json!(12.7)), Some(12));
        assert_eq!(numeric_date(&json!(-1.5)), Some(-2));
        assert_eq!(numeric_date(&json!("12")), None);
        assert_eq!(numeric_date(&json!(1e300)), None);
    }

    #[test]
    fn restores_missing_v1_properties_from_claims() {
        let mut credential = object(json!({"credentialSubject": {"name": "x"}}));
        let claims = RegisteredClaims {
            iss: Some("did:example:issuer".into()),
            jti: Some("urn:uuid:9".into()),
            sub: Some("did:example:holder".into()),
            nbf: Some(0),
            exp: Some(86_400),
            ..RegisteredClaims::default()
        };
        restore_v1_properties(&mut credential, &claims);
        assert_eq!(
            Value::Object(credential),
            json!({
                "credentialSubject": {"name": "x", "id": "did:example:holder"},
                "issuer": "did:example:issuer",
                "id": "urn:uuid:9",
                "issuanceDate": "1970-01-01T00:00:00Z",
                "expirationDate": "1970-01-02T00:00:00Z"
            })
        );
    }
}
