//! Signing a credential as a compact JWS.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Map, Value};

use super::claims::{self, PayloadShape, REGISTERED_CLAIMS};
use super::{JwtError, SigningKey};

/// How the token tells verifiers which key signed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyReference {
    /// A `kid` header: a DID URL (`did:key:…#…`, `did:jwk:…#0`,
    /// `did:web:…#key-1`) or an HTTPS URL that dereferences to the public key.
    Kid(String),
    /// A `jwk` header holding the signing key's public parts. Verifiers treat
    /// such a key as self-asserted unless they know it belongs to the issuer.
    EmbeddedJwk,
}

/// The `typ` header written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TokenType {
    /// `typ: JWT`, the value OB 3.0 specifies.
    #[default]
    Jwt,
    /// `typ: vc+jwt`, the media type of W3C VC-JOSE-COSE
    /// (`application/vc+jwt`); verifiers here accept both.
    VcJwt,
    /// No `typ` header (it is optional).
    Omit,
}

impl TokenType {
    fn header_value(self) -> Option<&'static str> {
        match self {
            TokenType::Jwt => Some("JWT"),
            TokenType::VcJwt => Some("vc+jwt"),
            TokenType::Omit => None,
        }
    }
}

/// What [`sign`] writes besides the credential.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SignOptions {
    /// `kid` or embedded `jwk`.
    pub key_reference: KeyReference,
    /// VC 2.0 payload (default) or legacy VC 1.1 `vc` claim.
    pub shape: PayloadShape,
    /// The `typ` header.
    pub token_type: TokenType,
    /// The `iat` claim; `None` leaves it out. Pass the issuing clock's time.
    pub issued_at: Option<DateTime<Utc>>,
}

impl SignOptions {
    /// VC 2.0 shape, `typ: JWT`, no `iat`, key named by `key_reference`.
    pub fn new(key_reference: KeyReference) -> SignOptions {
        SignOptions {
            key_reference,
            shape: PayloadShape::default(),
            token_type: TokenType::default(),
            issued_at: None,
        }
    }

    /// Sets the payload shape.
    pub fn shape(mut self, shape: PayloadShape) -> SignOptions {
        self.shape = shape;
        self
    }

    /// Sets the `typ` header.
    pub fn token_type(mut self, token_type: TokenType) -> SignOptions {
        self.token_type = token_type;
        self
    }

    /// Sets the `iat` claim.
    pub fn issued_at(mut self, at: DateTime<Utc>) -> SignOptions {
        self.issued_at = Some(at);
        self
    }
}

#[derive(Serialize)]
struct Header<'a> {
    alg: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    typ: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kid: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    jwk: Option<&'a Map<String, Value>>,
}

#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    jti: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sub: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nbf: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    exp: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    iat: Option<i64>,
}

#[derive(Serialize)]
struct CredentialPayload<'a> {
    #[serde(flatten)]
    claims: Claims<'a>,
    #[serde(flatten)]
    credential: &'a Map<String, Value>,
}

#[derive(Serialize)]
struct VcClaimPayload<'a> {
    #[serde(flatten)]
    claims: Claims<'a>,
    vc: &'a Map<String, Value>,
}

/// Signs `credential` as a VC-JWT (compact JWS) with `key`.
///
/// The registered claims are derived from the credential: `iss` = issuer id,
/// `jti` = `id`, `sub` = `credentialSubject.id`, `nbf`/`exp` =
/// `validFrom`/`validUntil` (VC 1.1: `issuanceDate`/`expirationDate`), each
/// when present, plus `iat` from [`SignOptions::issued_at`]. The header is
/// `alg`, `typ` and `kid` or `jwk`: nothing else.
///
/// Fails if the credential has no issuer id, has a malformed date, already
/// holds a member named like a registered claim (VC 2.0 shape), or its
/// `@context` does not match the chosen [`PayloadShape`].
///
/// ```
/// use openbadges::jwt::{self, KeyReference, SignOptions, SigningKey, VerifyOptions};
/// # fn main() -> Result<(), openbadges::jwt::JwtError> {
/// let key = SigningKey::from_ed25519_seed(&[7; 32]);
/// let credential = serde_json::json!({
///     "@context": ["https://www.w3.org/ns/credentials/v2",
///                  "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
///     "id": "urn:uuid:5f0b6cc4-2b1e-4a9a-9a8e-0c1d2e3f4a5b",
///     "type": ["VerifiableCredential", "OpenBadgeCredential"],
///     "issuer": {"id": "https://example.edu/issuers/1", "type": ["Profile"]},
///     "validFrom": "2026-01-01T00:00:00Z",
///     "credentialSubject": {"id": "did:example:learner", "type": ["AchievementSubject"]}
/// });
/// let token = jwt::sign(&credential, &key, &SignOptions::new(KeyReference::EmbeddedJwk))?;
/// let resolver = openbadges::keys::BuiltinResolver;
/// let verified = jwt::verify(&token, &resolver, &VerifyOptions::default())?;
/// assert_eq!(verified.credential, credential);
/// assert_eq!(verified.claims.nbf, Some(1_767_225_600));
/// # Ok(()) }
/// ```
pub fn sign(
    credential: &Value,
    key: &SigningKey,
    options: &SignOptions,
) -> Result<String, JwtError> {
    let credential = credential
        .as_object()
        .ok_or_else(|| JwtError::InvalidCredential {
            pointer: String::new(),
            reason: "a credential is a JSON object".into(),
        })?;
    claims::check_shape(credential, options.shape)?;
    let expected = claims::expected_claims(credential, options.shape)?;
    let claims = Claims {
        iss: expected.iss.as_deref().unwrap_or_default(),
        jti: expected.jti.as_deref(),
        sub: expected.sub.as_deref(),
        nbf: expected.nbf,
        exp: expected.exp,
        iat: options.issued_at.map(|at| at.timestamp()),
    };
    let payload = match options.shape {
        PayloadShape::Credential => {
            if let Some(claim) = REGISTERED_CLAIMS
                .into_iter()
                .find(|claim| credential.contains_key(*claim))
            {
                return Err(JwtError::ClaimConflict { claim });
            }
            serde_json::to_vec(&CredentialPayload { claims, credential })
        }
        PayloadShape::VcClaim => serde_json::to_vec(&VcClaimPayload {
            claims,
            vc: credential,
        }),
    }
    .map_err(|err| JwtError::Signing(err.to_string()))?;
    let (kid, jwk) = match &options.key_reference {
        KeyReference::Kid(kid) => (Some(kid.as_str()), None),
        KeyReference::EmbeddedJwk => (None, Some(key.public_jwk())),
    };
    let header = Header {
        alg: key.algorithm().as_str(),
        typ: options.token_type.header_value(),
        kid,
        jwk,
    };
    let header = serde_json::to_vec(&header).map_err(|err| JwtError::Signing(err.to_string()))?;
    compact_jws(&header, &payload, key)
}

/// `base64url(header).base64url(payload).base64url(signature)`.
pub(super) fn compact_jws(
    header: &[u8],
    payload: &[u8],
    key: &SigningKey,
) -> Result<String, JwtError> {
    let mut token = String::with_capacity((header.len() + payload.len()) * 4 / 3 + 400);
    URL_SAFE_NO_PAD.encode_string(header, &mut token);
    token.push('.');
    URL_SAFE_NO_PAD.encode_string(payload, &mut token);
    let signature = key.sign_raw(token.as_bytes())?;
    token.push('.');
    URL_SAFE_NO_PAD.encode_string(&signature, &mut token);
    Ok(token)
}
