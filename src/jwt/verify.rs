//! Verifying a VC-JWT: outline and header first, then key, signature, payload
//! and the claims ↔ credential agreement.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::claims::{self, PayloadShape, REGISTERED_CLAIMS, RegisteredClaims};
use super::key::reject_private_members;
use super::{Algorithm, JwtError, Segment, VerifyingKey};
use crate::json::{self, JsonError, JsonLimits};
use crate::keys::Resolver;

/// Default [`VerifyOptions::max_token_bytes`]: 1 MiB.
pub const DEFAULT_MAX_TOKEN_BYTES: usize = 1 << 20;

/// What to do with JOSE header members other than `alg`, `typ`, `kid`, `jwk`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HeaderPolicy {
    /// Reject them ([`JwtError::UnexpectedHeader`]), as OB 3.0 says:
    /// "Additional JOSE headers are NOT allowed."
    #[default]
    Strict,
    /// Tolerate them and report them in [`JoseHeader::other`]; they are
    /// never acted upon (no `jku`/`x5u` fetching, no `x5c` trust). For tokens
    /// from tools that add e.g. `cty` or `x5t`. `crit` is rejected either way.
    Ignore,
}

/// How [`verify`] judges a token. `Default` is the secure setting.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct VerifyOptions {
    /// Longest token accepted, in bytes, checked before anything is decoded.
    /// Default [`DEFAULT_MAX_TOKEN_BYTES`].
    pub max_token_bytes: usize,
    /// Algorithms accepted. Default: all of [`Algorithm::ALL`].
    pub algorithms: Vec<Algorithm>,
    /// Extra JOSE header members. Default [`HeaderPolicy::Strict`].
    pub header_policy: HeaderPolicy,
    /// Accept a key embedded as a `jwk` header (allowed by OB 3.0; the result
    /// reports it as self-asserted). Default `true`.
    pub allow_embedded_jwk: bool,
    /// Fail unless the key is bound to the issuer: a `kid` whose controller
    /// is the issuer id, or an embedded `jwk` the resolver vouches for.
    /// Default `false` (the binding is reported in [`VerifiedJwt::key_bound_to_issuer`]).
    pub require_issuer_binding: bool,
    /// Require the claims OB 3.0 marks as required when the credential has the
    /// property they map: `iss`, `jti` (if `id`), `sub` (if
    /// `credentialSubject.id`), `nbf` (if `validFrom`), `exp` (if
    /// `validUntil`). Default `true`; `false` accepts VC-JOSE-COSE-style
    /// tokens that leave them out. Claims that are present must always agree.
    pub require_mapped_claims: bool,
    /// When set, reject tokens not yet valid (`nbf`/`validFrom` after `now`)
    /// or expired (`exp`/`validUntil` at or before `now`). Default `None`:
    /// the dates are reported in [`VerifiedJwt::claims`], not judged.
    pub now: Option<DateTime<Utc>>,
    /// Clock skew tolerated by the `now` checks, in seconds. Default 0.
    pub leeway_seconds: i64,
}

impl Default for VerifyOptions {
    fn default() -> Self {
        VerifyOptions {
            max_token_bytes: DEFAULT_MAX_TOKEN_BYTES,
            algorithms: Algorithm::ALL.to_vec(),
            header_policy: HeaderPolicy::Strict,
            allow_embedded_jwk: true,
            require_issuer_binding: false,
            require_mapped_claims: true,
            now: None,
            leeway_seconds: 0,
        }
    }
}

impl VerifyOptions {
    /// Also judges validity dates at `now` (see [`VerifyOptions::now`]).
    pub fn at(mut self, now: DateTime<Utc>) -> VerifyOptions {
        self.now = Some(now);
        self
    }
}

/// Where the verifying key came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// Named by the `kid` header and resolved as a verification method.
    Kid {
        /// The `kid` value.
        kid: String,
        /// The verification method's controller (for `did:key`/`did:jwk`,
        /// the DID itself).
        controller: String,
    },
    /// Embedded in the `jwk` header.
    EmbeddedJwk {
        /// `true` unless the resolver binds the key to the issuer (the
        /// issuer's controller document lists it under `assertionMethod`):
        /// anyone can sign with a key they embed.
        self_asserted: bool,
    },
    /// Given by the caller to [`verify_with_key`]. The caller vouches that it
    /// is the issuer's key, so it counts as bound to the issuer.
    Supplied,
}

/// The JOSE header of a verified token.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct JoseHeader {
    /// `alg`.
    pub alg: Algorithm,
    /// `typ`, as written.
    pub typ: Option<String>,
    /// `kid`.
    pub kid: Option<String>,
    /// `jwk` (public members only; private ones are rejected).
    pub jwk: Option<Map<String, Value>>,
    /// Other members, only under [`HeaderPolicy::Ignore`].
    pub other: Map<String, Value>,
}

/// A token whose signature, header and claims all checked out.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct VerifiedJwt {
    /// The credential: the payload without the registered claims (VC 2.0
    /// shape), or the `vc` claim with any properties it left to the claims
    /// restored (VC 1.1 shape, VC-DM 1.1 §6.3.1).
    pub credential: Value,
    /// The JOSE header.
    pub header: JoseHeader,
    /// The registered claims as found.
    pub claims: RegisteredClaims,
    /// Where the key came from.
    pub key_source: KeySource,
    /// The algorithm that verified.
    pub algorithm: Algorithm,
    /// How the credential sat in the payload.
    pub shape: PayloadShape,
    /// The credential's issuer id (issuer string or `issuer.id`).
    pub issuer: String,
}

impl VerifiedJwt {
    /// Whether the key is bound to the issuer: a `kid` whose controller is the
    /// issuer id, an embedded `jwk` the issuer's document lists, or a key the
    /// caller supplied.
    pub fn key_bound_to_issuer(&self) -> bool {
        match &self.key_source {
            KeySource::Kid { controller, .. } => *controller == self.issuer,
            KeySource::EmbeddedJwk { self_asserted } => !self_asserted,
            KeySource::Supplied => true,
        }
    }
}

/// Verifies a VC-JWT (compact JWS) and returns its credential.
///
/// Accepts both payload shapes (VC 2.0: payload is the credential; VC 1.1:
/// `vc` claim) with the `@context` each requires. Before any cryptography
/// the token's size, outline and header are checked: `alg` must be `EdDSA`,
/// `RS256` or `ES256` and allowed by `options` (never `none`, never HMAC), no
/// `crit`, no extra members (per [`HeaderPolicy`]), and a `kid` or a public
/// `jwk`. The algorithm is fixed by the key's type, never by the token alone.
/// After the signature, every registered claim present must agree with the
/// credential. Duplicate JSON members anywhere are rejected. Leading and
/// trailing ASCII whitespace (e.g. a file's final newline) is ignored.
/// ```
/// use openbadges::jwt::{self, KeyReference, KeySource, SignOptions, SigningKey, VerifyOptions};
/// use openbadges::keys::{BuiltinResolver, Keypair};
/// # fn main() -> Result<(), openbadges::jwt::JwtError> {
/// let keypair = Keypair::from_seed(&[9; 32]);
/// let did = keypair.public_key().to_did_key();
/// let kid = format!("{did}#{}", keypair.public_key().to_multibase());
/// let credential = serde_json::json!({
///     "@context": ["https://www.w3.org/ns/credentials/v2",
///                  "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
///     "id": "urn:uuid:0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9",
///     "type": ["VerifiableCredential", "OpenBadgeCredential"],
///     "issuer": {"id": did, "type": ["Profile"]},
///     "validFrom": "2026-01-01T00:00:00Z",
///     "credentialSubject": {"type": ["AchievementSubject"]}
/// });
/// let key = SigningKey::from_keypair(keypair);
/// let token = jwt::sign(&credential, &key, &SignOptions::new(KeyReference::Kid(kid)))?;
///
/// // did:key resolves offline; the key's controller is the issuer.
/// let verified = jwt::verify(&token, &BuiltinResolver, &VerifyOptions::default())?;
/// assert!(verified.key_bound_to_issuer());
/// assert!(matches!(verified.key_source, KeySource::Kid { .. }));
///
/// // Judging dates takes an explicit clock.
/// let before = chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default();
/// let early = jwt::verify(&token, &BuiltinResolver, &VerifyOptions::default().at(before));
/// assert!(matches!(early, Err(jwt::JwtError::NotYetValid { .. })));
/// # Ok(()) }
/// ```
pub fn verify(
    token: &str,
    resolver: &dyn Resolver,
    options: &VerifyOptions,
) -> Result<VerifiedJwt, JwtError> {
    verify_token(token, KeyChoice::Resolve(resolver), options)
}

/// Verifies a VC-JWT against a key the caller already holds (e.g. taken from
/// the issuer's `/.well-known/jwks.json`, or configured out of band), with
/// every check of [`verify`] except key lookup.
///
/// A `kid` in the header is reported but not resolved; an embedded `jwk`
/// must be `key` ([`JwtError::KeyMismatch`] otherwise). Tokens naming no key
/// at all are accepted here, since the caller supplies it. The result's
/// [`KeySource`] is [`KeySource::Supplied`].
///
/// ```
/// use openbadges::jwt::{self, KeyReference, SignOptions, SigningKey, VerifyOptions};
/// # fn main() -> Result<(), openbadges::jwt::JwtError> {
/// let key = SigningKey::from_ed25519_seed(&[1; 32]);
/// let credential = serde_json::json!({
///     "@context": ["https://www.w3.org/ns/credentials/v2"],
///     "type": ["VerifiableCredential"],
///     "issuer": "https://issuer.example",
///     "credentialSubject": {"name": "Ada"}
/// });
/// let options = SignOptions::new(KeyReference::Kid("https://issuer.example/keys/1".into()));
/// let token = jwt::sign(&credential, &key, &options)?;
/// let verified = jwt::verify_with_key(&token, &key.verifying_key()?, &VerifyOptions::default())?;
/// assert_eq!(verified.credential, credential);
/// # Ok(()) }
/// ```
pub fn verify_with_key(
    token: &str,
    key: &VerifyingKey,
    options: &VerifyOptions,
) -> Result<VerifiedJwt, JwtError> {
    verify_token(token, KeyChoice::Supplied(key), options)
}

/// Where [`verify_token`] gets its key.
pub(super) enum KeyChoice<'a> {
    Resolve(&'a dyn Resolver),
    Supplied(&'a VerifyingKey),
}

/// The JWS layer every token goes through, credential or presentation: size, header rules
/// (never `alg: none`, no HMAC, no `crit`), the key (by `kid`, or an allowed embedded `jwk`), the
/// signature, a strict JSON payload.
pub(super) fn verified_jws(
    token: &str,
    choice: &KeyChoice<'_>,
    options: &VerifyOptions,
) -> Result<(JoseHeader, Map<String, Value>, VerifyingKey, KeySource), JwtError> {
    if token.len() > options.max_token_bytes {
        return Err(JwtError::TokenTooLarge {
            size: token.len(),
            limit: options.max_token_bytes,
        });
    }
    let parts = split(token)?;
    let header = parse_header(&parts, options)?;

    let (key, key_source) = match choice {
        KeyChoice::Resolve(resolver) => find_key(&header, *resolver, options)?,
        KeyChoice::Supplied(key) => {
            if header.jwk.as_ref().is_some_and(|jwk| !key.matches_jwk(jwk)) {
                return Err(JwtError::KeyMismatch);
            }
            ((*key).clone(), KeySource::Supplied)
        }
    };
    if key.algorithm() != header.alg {
        return Err(JwtError::AlgorithmKeyMismatch {
            alg: header.alg.as_str().to_owned(),
            key: key.kind(),
        });
    }
    let signature = decode_segment(&parts, Segment::Signature)?;
    key.verify_raw(parts.signing_input.as_bytes(), &signature)?;
    let payload = parse_object(&decode_segment(&parts, Segment::Payload)?, Segment::Payload)?;
    Ok((header, payload, key, key_source))
}

fn verify_token(
    token: &str,
    choice: KeyChoice<'_>,
    options: &VerifyOptions,
) -> Result<VerifiedJwt, JwtError> {
    let (header, payload, key, key_source) = verified_jws(token, &choice, options)?;
    let claims = RegisteredClaims::from_payload(&payload)?;
    let (shape, credential) = extract_credential(payload, &claims)?;
    claims::check_shape(&credential, shape)?;
    let expected = claims::expected_claims(&credential, shape)?;
    check_claims(&expected, &claims, options.require_mapped_claims)?;
    let issuer = expected.iss.unwrap_or_default();

    let key_source = match (key_source, &choice) {
        (KeySource::EmbeddedJwk { .. }, KeyChoice::Resolve(resolver)) => KeySource::EmbeddedJwk {
            self_asserted: !issuer_lists_key(*resolver, &issuer, &key),
        },
        (other, _) => other,
    };
    let verified = VerifiedJwt {
        credential: Value::Object(credential),
        algorithm: header.alg,
        header,
        key_source,
        shape,
        issuer,
        claims: RegisteredClaims::default(),
    };
    if options.require_issuer_binding && !verified.key_bound_to_issuer() {
        return Err(JwtError::KeyNotBoundToIssuer {
            issuer: verified.issuer,
        });
    }
    if let Some(now) = options.now {
        check_dates(
            claims.nbf.or(expected.nbf),
            claims.exp.or(expected.exp),
            now.timestamp(),
            options.leeway_seconds,
        )?;
    }
    Ok(VerifiedJwt { claims, ..verified })
}

/// The three parts of a compact JWS, borrowed from the token.
struct Parts<'a> {
    header: &'a str,
    payload: &'a str,
    signature: &'a str,
    /// `header.payload`, what the signature covers.
    signing_input: &'a str,
    /// Byte offset of the trimmed token within the input.
    start: usize,
}

fn split(token: &str) -> Result<Parts<'_>, JwtError> {
    let trimmed = token.trim_matches(|c: char| c.is_ascii_whitespace());
    let start = token.len()
        - token
            .trim_start_matches(|c: char| c.is_ascii_whitespace())
            .len();
    let malformed = |reason: String| Err(JwtError::Malformed { reason });
    let dots = trimmed.bytes().filter(|b| *b == b'.').count();
    if dots != 2 {
        return malformed(format!(
            "expected 3 dot-separated parts, found {}{}",
            dots + 1,
            if dots == 4 {
                " (a JWE? encrypted tokens are not supported)"
            } else {
                ""
            }
        ));
    }
    let mut pieces = trimmed.splitn(3, '.');
    let (Some(header), Some(payload), Some(signature)) =
        (pieces.next(), pieces.next(), pieces.next())
    else {
        return malformed("expected 3 dot-separated parts".into());
    };
    if header.is_empty() || payload.is_empty() {
        return malformed("empty header or payload".into());
    }
    if signature.is_empty() {
        return malformed("empty signature (an unsecured JWT)".into());
    }
    let signing_input = trimmed
        .get(..header.len() + 1 + payload.len())
        .unwrap_or_default();
    Ok(Parts {
        header,
        payload,
        signature,
        signing_input,
        start,
    })
}

fn decode_segment(parts: &Parts<'_>, segment: Segment) -> Result<Vec<u8>, JwtError> {
    let (text, offset) = match segment {
        Segment::Header => (parts.header, parts.start),
        Segment::Payload => (parts.payload, parts.start + parts.header.len() + 1),
        Segment::Signature => (parts.signature, parts.start + parts.signing_input.len() + 1),
    };
    URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|_| JwtError::InvalidBase64 { segment, offset })
}

/// Deepest nesting accepted in a header or payload: 127, the bound serde_json's built-in guard
/// gave JWT parsing before it moved to [`crate::json::parse`] (kept so no token accepted changes).
const MAX_SEGMENT_DEPTH: usize = 127;

/// Parses a decoded header or payload with the crate's strict parser ([`crate::json::parse`]).
///
/// No byte cap here: the whole token was already held to [`VerifyOptions::max_token_bytes`].
fn parse_object(bytes: &[u8], segment: Segment) -> Result<Map<String, Value>, JwtError> {
    let limits = JsonLimits {
        max_bytes: usize::MAX,
        max_depth: MAX_SEGMENT_DEPTH,
    };
    match json::parse(bytes, &limits) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(JwtError::InvalidJson {
            segment,
            message: format!("expected an object, found {}", json::kind(&other)),
        }),
        Err(JsonError::DuplicateKey { key, mut pointer }) => {
            // `JsonError` points at the repeated member; `JwtError` names the object holding it.
            // The last token is escaped (it holds no raw `/`), so the last `/` starts it.
            if let Some(end) = pointer.rfind('/') {
                pointer.truncate(end);
            }
            Err(JwtError::DuplicateKey {
                segment,
                key,
                pointer,
            })
        }
        Err(other) => Err(JwtError::InvalidJson {
            segment,
            message: other.to_string(),
        }),
    }
}

/// Header members OB 3.0 allows.
const ALLOWED_HEADERS: [&str; 4] = ["alg", "typ", "kid", "jwk"];

fn parse_header(parts: &Parts<'_>, options: &VerifyOptions) -> Result<JoseHeader, JwtError> {
    let mut members = parse_object(&decode_segment(parts, Segment::Header)?, Segment::Header)?;

    let alg = match members.get("alg") {
        Some(Value::String(alg)) => alg.as_str(),
        _ => return Err(JwtError::MissingAlgorithm),
    };
    let alg = match Algorithm::from_name(alg) {
        Some(alg) => alg,
        None if alg.eq_ignore_ascii_case("none") => return Err(JwtError::AlgNone),
        None if alg.starts_with("HS") => {
            return Err(JwtError::HmacAlgorithm {
                alg: alg.to_owned(),
            });
        }
        None => {
            return Err(JwtError::UnsupportedAlgorithm {
                alg: alg.to_owned(),
            });
        }
    };
    if !options.algorithms.contains(&alg) {
        return Err(JwtError::AlgorithmNotAllowed(alg));
    }
    if let Some(crit) = members.get("crit") {
        let names = crit
            .as_array()
            .map(|names| {
                names
                    .iter()
                    .filter_map(|n| n.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        return Err(JwtError::UnsupportedCritical { names });
    }
    if options.header_policy == HeaderPolicy::Strict {
        if let Some(name) = members
            .keys()
            .find(|name| !ALLOWED_HEADERS.contains(&name.as_str()))
        {
            return Err(JwtError::UnexpectedHeader { name: name.clone() });
        }
    }

    let typ = match members.shift_remove("typ") {
        None => None,
        Some(Value::String(typ)) if acceptable_typ(&typ) => Some(typ),
        Some(other) => {
            return Err(JwtError::InvalidHeader {
                name: "typ",
                reason: format!("{other} (expected \"JWT\" or \"vc+jwt\")"),
            });
        }
    };
    let kid = match members.shift_remove("kid") {
        None => None,
        Some(Value::String(kid)) if !kid.is_empty() => Some(kid),
        Some(other) => {
            return Err(JwtError::InvalidHeader {
                name: "kid",
                reason: format!("{other} is not a non-empty string"),
            });
        }
    };
    let jwk = match members.shift_remove("jwk") {
        None => None,
        Some(Value::Object(jwk)) => {
            reject_private_members(&jwk)?;
            Some(jwk)
        }
        Some(other) => {
            return Err(JwtError::InvalidHeader {
                name: "jwk",
                reason: format!("{} is not an object", json::kind(&other)),
            });
        }
    };
    members.shift_remove("alg");
    Ok(JoseHeader {
        alg,
        typ,
        kid,
        jwk,
        other: members,
    })
}

/// `JWT` (OB 3.0) or `vc+jwt` (VC-JOSE-COSE), case-insensitive, with or
/// without the `application/` prefix (RFC 7515 §4.1.9).
fn acceptable_typ(typ: &str) -> bool {
    let lower = typ.to_ascii_lowercase();
    let bare = lower.strip_prefix("application/").unwrap_or(&lower);
    bare == "jwt" || bare == "vc+jwt"
}

fn find_key(
    header: &JoseHeader,
    resolver: &dyn Resolver,
    options: &VerifyOptions,
) -> Result<(VerifyingKey, KeySource), JwtError> {
    match &header.kid {
        Some(kid) => {
            let method = resolver
                .resolve_verification_method(kid)
                .map_err(|source| JwtError::KeyResolution {
                    kid: kid.clone(),
                    source,
                })?;
            let key = VerifyingKey::from_key_material(&method.key)?;
            // Both present: the embedded copy must be the named key.
            if let Some(jwk) = &header.jwk {
                if !key.matches_jwk(jwk) {
                    return Err(JwtError::KeyMismatch);
                }
            }
            Ok((
                key,
                KeySource::Kid {
                    kid: kid.clone(),
                    controller: method.controller,
                },
            ))
        }
        None => match &header.jwk {
            None => Err(JwtError::MissingKeyReference),
            Some(_) if !options.allow_embedded_jwk => Err(JwtError::EmbeddedJwkNotAllowed),
            Some(jwk) => Ok((
                VerifyingKey::from_jwk(&Value::Object(jwk.clone()))?,
                KeySource::EmbeddedJwk {
                    self_asserted: true,
                },
            )),
        },
    }
}

/// Whether the issuer's controller document (as the resolver knows it) lists
/// `key` as an `assertionMethod`.
fn issuer_lists_key(resolver: &dyn Resolver, issuer: &str, key: &VerifyingKey) -> bool {
    let Ok(document) = resolver.resolve_document(issuer) else {
        return false;
    };
    let methods = match document.as_json().get("assertionMethod") {
        Some(Value::Array(methods)) => methods.as_slice(),
        Some(single) => std::slice::from_ref(single),
        None => &[],
    };
    methods.iter().any(|entry| {
        let id = match entry {
            Value::String(id) => id.as_str(),
            Value::Object(method) => method.get("id").and_then(Value::as_str).unwrap_or_default(),
            _ => "",
        };
        let absolute = if id.starts_with('#') {
            format!("{}{id}", document.id())
        } else {
            id.to_owned()
        };
        document
            .verification_method(&absolute)
            .ok()
            .and_then(|method| VerifyingKey::from_key_material(&method.key).ok())
            .is_some_and(|found| found == *key)
    })
}

/// Splits the payload into the credential and its shape.
fn extract_credential(
    mut payload: Map<String, Value>,
    claims: &RegisteredClaims,
) -> Result<(PayloadShape, Map<String, Value>), JwtError> {
    match payload.shift_remove("vc") {
        Some(Value::Object(mut credential)) => {
            claims::restore_v1_properties(&mut credential, claims);
            Ok((PayloadShape::VcClaim, credential))
        }
        Some(_) => Err(JwtError::InvalidClaim {
            claim: "vc",
            reason: "not an object".into(),
        }),
        None => {
            for claim in REGISTERED_CLAIMS {
                payload.shift_remove(claim);
            }
            Ok((PayloadShape::Credential, payload))
        }
    }
}

fn check_claims(
    expected: &claims::ExpectedClaims,
    found: &RegisteredClaims,
    require: bool,
) -> Result<(), JwtError> {
    check_claim("iss", expected.iss.as_ref(), found.iss.as_ref(), require)?;
    check_claim("jti", expected.jti.as_ref(), found.jti.as_ref(), require)?;
    check_claim("sub", expected.sub.as_ref(), found.sub.as_ref(), require)?;
    check_claim("nbf", expected.nbf.as_ref(), found.nbf.as_ref(), require)?;
    check_claim("exp", expected.exp.as_ref(), found.exp.as_ref(), require)
}

fn check_claim<T: PartialEq + std::fmt::Debug>(
    claim: &'static str,
    expected: Option<&T>,
    found: Option<&T>,
    require: bool,
) -> Result<(), JwtError> {
    match (expected, found) {
        (Some(expected), Some(found)) if expected == found => Ok(()),
        (None, None) => Ok(()),
        (Some(_), None) if !require => Ok(()),
        (Some(_), None) => Err(JwtError::MissingClaim { claim }),
        (expected, found) => {
            let show =
                |value: Option<&T>| value.map_or_else(|| "absent".to_owned(), |v| format!("{v:?}"));
            Err(JwtError::ClaimMismatch {
                claim,
                expected: show(expected),
                found: show(found),
            })
        }
    }
}

fn check_dates(
    not_before: Option<i64>,
    expires: Option<i64>,
    now: i64,
    leeway: i64,
) -> Result<(), JwtError> {
    if let Some(not_before) = not_before {
        if not_before > now.saturating_add(leeway) {
            return Err(JwtError::NotYetValid { not_before, now });
        }
    }
    if let Some(expires) = expires {
        if expires <= now.saturating_sub(leeway) {
            return Err(JwtError::Expired { expires, now });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_member_names_the_enclosing_object() {
        let err = parse_object(br#"{"a":[0,{"b/c":{"k":1,"k":2}}]}"#, Segment::Payload);
        assert_eq!(
            err,
            Err(JwtError::DuplicateKey {
                segment: Segment::Payload,
                key: "k".into(),
                pointer: "/a/1/b~1c".into(),
            })
        );
    }

    #[test]
    fn nesting_is_bounded_at_127_levels() {
        let nested = |levels: usize| {
            format!(
                "{{\"a\":{}{}}}",
                "[".repeat(levels - 1),
                "]".repeat(levels - 1)
            )
        };
        assert!(parse_object(nested(127).as_bytes(), Segment::Payload).is_ok());
        assert!(matches!(
            parse_object(nested(128).as_bytes(), Segment::Payload),
            Err(JwtError::InvalidJson {
                segment: Segment::Payload,
                ..
            })
        ));
    }

    #[test]
    fn trailing_data_and_syntax_errors_are_invalid_json() {
        for text in [&b"{} x"[..], b"{\"a\":}"] {
            assert!(matches!(
                parse_object(text, Segment::Header),
                Err(JwtError::InvalidJson {
                    segment: Segment::Header,
                    ..
                })
            ));
        }
    }
}
