//! The one error type of the VC-JWT layer.

use std::fmt;

use super::{Algorithm, KeyKind};

/// Which of the three dot-separated parts of a compact JWS a problem is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment {
    /// The first part: the base64url-encoded JOSE header.
    Header,
    /// The second part: the base64url-encoded payload (the claims).
    Payload,
    /// The third part: the base64url-encoded signature.
    Signature,
}

impl fmt::Display for Segment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Segment::Header => "header",
            Segment::Payload => "payload",
            Segment::Signature => "signature",
        })
    }
}

/// Everything that can go wrong signing or verifying a VC-JWT.
///
/// Verification checks run in a fixed order: size, shape, header (algorithm,
/// `crit`, allowed members, key reference) — all before any cryptography —
/// then key lookup, signature, payload and claims. The first failure is
/// returned.
#[derive(Debug, thiserror::Error, PartialEq)]
#[non_exhaustive]
pub enum JwtError {
    /// The token is longer than [`VerifyOptions::max_token_bytes`](super::VerifyOptions::max_token_bytes);
    /// nothing was decoded.
    #[error("token is {size} bytes, over the limit of {limit} bytes")]
    TokenTooLarge {
        /// Length of the token in bytes.
        size: usize,
        /// The configured limit.
        limit: usize,
    },
    /// The token is not three non-empty base64url parts separated by dots
    /// (a JWE has five parts; an unsecured JWT has an empty signature).
    #[error("malformed compact JWS: {reason}")]
    Malformed {
        /// What is wrong with the token's outline.
        reason: String,
    },
    /// A part is not valid unpadded base64url (RFC 7515 §2), or holds a
    /// character outside the base64url alphabet.
    #[error("{segment} is not valid base64url (byte {offset} of the token)")]
    InvalidBase64 {
        /// The part that failed to decode.
        segment: Segment,
        /// Byte offset of the part's first character within the token.
        offset: usize,
    },
    /// The header or payload is not valid JSON, or not a JSON object.
    #[error("{segment} is not a JSON object: {message}")]
    InvalidJson {
        /// The part that failed to parse.
        segment: Segment,
        /// The parser's message, with its line/column.
        message: String,
    },
    /// A JSON object in the header or payload names the same member twice.
    /// Rejected because different consumers would read different values.
    #[error("{segment} repeats the member {key:?} at {pointer:?}")]
    DuplicateKey {
        /// The part holding the duplicate.
        segment: Segment,
        /// The repeated member name.
        key: String,
        /// JSON Pointer of the object holding the duplicate.
        pointer: String,
    },
    /// The header has no `alg`, or `alg` is not a string.
    #[error("header has no string `alg`")]
    MissingAlgorithm,
    /// `alg: none` — an unsecured JWT. Never accepted.
    #[error("unsecured JWT (`alg: none`) is not accepted")]
    AlgNone,
    /// An HMAC algorithm (`HS256`, `HS384`, `HS512`): a shared secret cannot
    /// prove who issued a credential, and is the classic key-confusion attack.
    #[error("HMAC algorithm {alg:?} is not accepted for credentials")]
    HmacAlgorithm {
        /// The `alg` header value.
        alg: String,
    },
    /// An algorithm outside `EdDSA`, `RS256`, `ES256`.
    #[error("unsupported JWS algorithm {alg:?}")]
    UnsupportedAlgorithm {
        /// The `alg` header value.
        alg: String,
    },
    /// A supported algorithm the caller's [`VerifyOptions`](super::VerifyOptions) exclude.
    #[error("algorithm {0} is not allowed by the verification options")]
    AlgorithmNotAllowed(Algorithm),
    /// The header's `alg` does not fit the key (an `RS256` header with an
    /// Ed25519 key, `ES256` with an RSA key, a JWK whose own `alg` differs, …).
    #[error("algorithm {alg} cannot be used with a {key} key")]
    AlgorithmKeyMismatch {
        /// The algorithm named by the header (or the JWK's `alg`).
        alg: String,
        /// The kind of key found.
        key: KeyKind,
    },
    /// The header has a `crit` member. We implement no JOSE extensions, so
    /// RFC 7515 §4.1.11 requires rejecting any token that marks one critical.
    #[error("critical header extensions are not supported: {names:?}")]
    UnsupportedCritical {
        /// The names listed in `crit` (empty when `crit` is not a string array).
        names: Vec<String>,
    },
    /// A header member outside `alg`, `typ`, `kid`, `jwk`. The OB 3.0 spec
    /// says "Additional JOSE headers are NOT allowed"; see
    /// [`HeaderPolicy`](super::HeaderPolicy).
    #[error("JOSE header member {name:?} is not allowed")]
    UnexpectedHeader {
        /// The member name.
        name: String,
    },
    /// A header member has the wrong JSON type or value (`kid` not a string,
    /// `typ` other than `JWT`/`vc+jwt`, `jwk` not an object…).
    #[error("invalid header member {name:?}: {reason}")]
    InvalidHeader {
        /// The member name.
        name: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// Neither `kid` nor `jwk` is present: nothing says which key signed.
    #[error("header has neither `kid` nor `jwk`")]
    MissingKeyReference,
    /// The token embeds its key (`jwk`) and the options forbid self-asserted keys
    /// ([`VerifyOptions::allow_embedded_jwk`](super::VerifyOptions::allow_embedded_jwk)).
    #[error("embedded `jwk` keys are not allowed by the verification options")]
    EmbeddedJwkNotAllowed,
    /// An embedded `jwk` (or a JWK given as a public key) carries private key
    /// material. The spec forbids it; whoever sees the token holds the key.
    #[error("JWK carries private key member {member:?}")]
    PrivateKeyInJwk {
        /// The offending member (`d`, `p`, `q`, `dp`, `dq`, `qi`, `oth`, `k`).
        member: &'static str,
    },
    /// A key type or curve we do not sign or verify with (Ed448, P-384, `oct`…).
    #[error("unsupported key: {0}")]
    UnsupportedKey(String),
    /// Key material could not be read (bad PEM/DER/JWK, RSA key under 2048 bits…).
    #[error("invalid key: {0}")]
    InvalidKey(String),
    /// The resolver could not produce a verification method for the `kid`.
    /// [`ResolveError::NotFound`](crate::keys::ResolveError::NotFound) means
    /// "key unavailable" (unknown, or would need the network); other causes
    /// mean the key material is unusable.
    #[error("cannot resolve key {kid:?}: {source}")]
    KeyResolution {
        /// The `kid` header value.
        kid: String,
        /// Why resolution failed.
        #[source]
        source: crate::keys::ResolveError,
    },
    /// The token names a key by `kid` and embeds a `jwk`, and they differ.
    #[error("embedded `jwk` is not the key named by `kid`")]
    KeyMismatch,
    /// The signature does not verify with the key.
    #[error("signature does not verify")]
    InvalidSignature,
    /// The signing backend failed.
    #[error("signing failed: {0}")]
    Signing(String),
    /// The `vc` claim and `@context` disagree on the data-model version: with
    /// a `vc` claim `@context[0]` must be the VC 1.1 URL, and without it the
    /// VC 2.0 URL (OB 3.0 implementation guide).
    #[error("payload shape does not match the credential: {0}")]
    ShapeMismatch(String),
    /// The credential lacks something the mapping needs, or has it in the
    /// wrong form (issuer without `id`, non-object credential…).
    #[error("invalid credential at {pointer:?}: {reason}")]
    InvalidCredential {
        /// JSON Pointer within the credential.
        pointer: String,
        /// What is wrong.
        reason: String,
    },
    /// A date in the credential is not an RFC 3339 date-time with a time zone.
    #[error("invalid date-time {value:?} at {pointer:?}")]
    InvalidDate {
        /// JSON Pointer within the credential.
        pointer: String,
        /// The value found.
        value: String,
    },
    /// A registered claim has the wrong JSON type (`nbf` not a number, `iss` not a string…).
    #[error("claim {claim:?} has the wrong type: {reason}")]
    InvalidClaim {
        /// The claim name.
        claim: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// A registered claim disagrees with the credential property it maps
    /// (`iss` ≠ issuer id, `jti` ≠ `id`, `sub` ≠ `credentialSubject.id`,
    /// `nbf` ≠ `validFrom`, `exp` ≠ `validUntil`).
    #[error("claim {claim:?} is {found} but the credential says {expected}")]
    ClaimMismatch {
        /// The claim name.
        claim: &'static str,
        /// What the credential implies (`absent` when it has no such property).
        expected: String,
        /// What the token carries (`absent` when the claim is missing).
        found: String,
    },
    /// A claim OB 3.0 requires for this credential is missing
    /// (see [`VerifyOptions::require_mapped_claims`](super::VerifyOptions::require_mapped_claims)).
    #[error("required claim {claim:?} is missing")]
    MissingClaim {
        /// The claim name.
        claim: &'static str,
    },
    /// When signing: the credential itself has a member named like a
    /// registered claim, which the VC 2.0 payload cannot hold twice.
    #[error("credential already has a member named {claim:?}")]
    ClaimConflict {
        /// The member/claim name.
        claim: &'static str,
    },
    /// `nbf` (or `validFrom`) is after the verification time.
    #[error("not valid before {not_before} (checked at {now})")]
    NotYetValid {
        /// NumericDate the credential becomes valid.
        not_before: i64,
        /// NumericDate of the check.
        now: i64,
    },
    /// `exp` (or `validUntil`) is at or before the verification time.
    #[error("expired at {expires} (checked at {now})")]
    Expired {
        /// NumericDate the credential expired.
        expires: i64,
        /// NumericDate of the check.
        now: i64,
    },
    /// The options require the key to be bound to the issuer, and it is not
    /// (a self-asserted embedded `jwk`, or a `kid` whose controller is not the issuer).
    #[error("signing key is not bound to issuer {issuer:?}")]
    KeyNotBoundToIssuer {
        /// The credential's issuer id.
        issuer: String,
    },
}
