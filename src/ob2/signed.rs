//! Signed assertions: the compact JWS whose payload is the Assertion JSON, signed with RS256 by a
//! key the issuer Profile lists under `publicKey` (OB 2.0 § SignedBadge).
//!
//! Only `RS256` is accepted, the one algorithm OB 2.0 names: `none`, HMAC (a shared secret proves
//! nothing about an issuer) and every other algorithm are refused before any key is touched. A
//! `crit` header is refused too, since no extension is understood. Keys are RSA, 2048 to 4096 bits,
//! read from the CryptographicKey's `publicKeyPem` (SPKI `PUBLIC KEY` or PKCS#1 `RSA PUBLIC KEY`).

use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use std::sync::Arc;

use rsa::pkcs1::DecodeRsaPublicKey as _;
use rsa::pkcs8::DecodePublicKey as _;
use rsa::traits::PublicKeyParts as _;
use serde_json::Value;

use crate::keys::rsa::{RsaKeyError, RsaPublicKey};

use crate::json::{self, JsonError, JsonLimits};

/// The one algorithm accepted.
pub const ALGORITHM: &str = "RS256";
/// Smallest accepted RSA modulus, in bits (RFC 7518 § 3.3).
pub const MIN_RSA_BITS: usize = 2048;

/// base64url, with or without the (non-standard) `=` padding some issuers wrote.
const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Which part of a compact JWS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JwsPart {
    /// The protected header.
    Header,
    /// The payload (the assertion).
    Payload,
    /// The signature.
    Signature,
}

impl std::fmt::Display for JwsPart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            JwsPart::Header => "header",
            JwsPart::Payload => "payload",
            JwsPart::Signature => "signature",
        })
    }
}

/// Why a signed assertion's JWS cannot be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum JwsError {
    /// Over the size limit.
    #[error("the JWS is {len} bytes, over the {limit}-byte limit")]
    TooLarge {
        /// Its length.
        len: usize,
        /// The limit.
        limit: usize,
    },
    /// Not three dot-separated parts.
    #[error("not a compact JWS: expected header.payload.signature, found {parts} part(s)")]
    Malformed {
        /// How many parts.
        parts: usize,
    },
    /// A part is not base64url.
    #[error("the JWS {part} (from byte {offset}) is not base64url")]
    Base64 {
        /// Which part.
        part: JwsPart,
        /// Where it starts in the token.
        offset: usize,
    },
    /// The header or payload is not strict JSON (or not an object).
    #[error("the JWS {part} is not a JSON object: {source}")]
    Json {
        /// Which part.
        part: JwsPart,
        /// The parser's error.
        #[source]
        source: JsonError,
    },
    /// The header or payload is JSON but not an object.
    #[error("the JWS {part} is {found}, not a JSON object")]
    NotAnObject {
        /// Which part.
        part: JwsPart,
        /// What it is.
        found: &'static str,
    },
}

/// Why a signature was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignatureError {
    /// The header has no string `alg`.
    #[error("the JWS header has no string `alg`")]
    MissingAlgorithm,
    /// `alg: none`: an unsigned assertion posing as a signed one.
    #[error("unsecured JWS (`alg: none`) refused: nothing shows who issued the assertion")]
    AlgNone,
    /// An HMAC algorithm: a shared secret cannot show who signed.
    #[error("HMAC JWS (`alg: {0}`) refused: a shared secret cannot show who issued the assertion")]
    Hmac(String),
    /// Any algorithm other than RS256.
    #[error("JWS algorithm `{0}` refused: Open Badges 2.0 signed assertions use RS256")]
    UnsupportedAlgorithm(String),
    /// A `crit` header: an extension this verifier does not understand must not be ignored.
    #[error("the JWS header marks extensions critical (`crit`), which are not supported")]
    Critical,
    /// `publicKeyPem` is not an RSA public key in PEM.
    #[error("the key's publicKeyPem is not an RSA public key (SPKI or PKCS#1 PEM): {0}")]
    KeyPem(String),
    /// The RSA key is too small.
    #[error("the RSA key has {bits} bits, fewer than the {MIN_RSA_BITS} RS256 requires")]
    WeakKey {
        /// Its modulus size.
        bits: usize,
    },
    /// The signature does not match the header and payload under this key.
    #[error("the RS256 signature does not match the assertion under this key")]
    Mismatch,
}

impl SignatureError {
    /// Whether the error is about the token's algorithm (refused whatever the key).
    pub fn is_algorithm(&self) -> bool {
        matches!(
            self,
            SignatureError::MissingAlgorithm
                | SignatureError::AlgNone
                | SignatureError::Hmac(_)
                | SignatureError::UnsupportedAlgorithm(_)
                | SignatureError::Critical
        )
    }
}

/// A compact JWS, decoded but not yet verified.
#[derive(Debug, Clone, PartialEq)]
pub struct Jws {
    /// The protected header.
    pub header: Value,
    /// The payload: the Assertion.
    pub payload: Value,
    signing_input: String,
    signature: Vec<u8>,
}

impl Jws {
    /// Decodes `token` (surrounding whitespace ignored): three base64url parts, the header and
    /// payload strict JSON objects under `limits`.
    pub fn parse(token: &str, max_bytes: usize, limits: &JsonLimits) -> Result<Self, JwsError> {
        let token = token.trim();
        if token.len() > max_bytes {
            return Err(JwsError::TooLarge {
                len: token.len(),
                limit: max_bytes,
            });
        }
        let parts: Vec<&str> = token.split('.').collect();
        let [header, payload, signature] = parts.as_slice() else {
            return Err(JwsError::Malformed { parts: parts.len() });
        };
        let decode = |part: JwsPart, text: &str, offset: usize| {
            BASE64URL
                .decode(text)
                .map_err(|_| JwsError::Base64 { part, offset })
        };
        let object = |part: JwsPart, bytes: Vec<u8>| {
            let value =
                json::parse(&bytes, limits).map_err(|source| JwsError::Json { part, source })?;
            if value.is_object() {
                Ok(value)
            } else {
                Err(JwsError::NotAnObject {
                    part,
                    found: json::kind(&value),
                })
            }
        };
        let payload_at = header.len() + 1;
        let signature_at = payload_at + payload.len() + 1;
        let header_value = object(JwsPart::Header, decode(JwsPart::Header, header, 0)?)?;
        let payload_value = object(
            JwsPart::Payload,
            decode(JwsPart::Payload, payload, payload_at)?,
        )?;
        let signature = decode(JwsPart::Signature, signature, signature_at)?;
        Ok(Jws {
            header: header_value,
            payload: payload_value,
            signing_input: format!("{header}.{payload}"),
            signature,
        })
    }

    /// The header's `alg`.
    pub fn algorithm(&self) -> Option<&str> {
        self.header.get("alg").and_then(Value::as_str)
    }

    /// Refuses every algorithm but RS256, and critical extensions.
    pub fn check_algorithm(&self) -> Result<(), SignatureError> {
        let alg = self.algorithm().ok_or(SignatureError::MissingAlgorithm)?;
        if alg.eq_ignore_ascii_case("none") {
            return Err(SignatureError::AlgNone);
        }
        if alg.starts_with("HS") {
            return Err(SignatureError::Hmac(alg.to_owned()));
        }
        if alg != ALGORITHM {
            return Err(SignatureError::UnsupportedAlgorithm(alg.to_owned()));
        }
        if self.header.get("crit").is_some() {
            return Err(SignatureError::Critical);
        }
        Ok(())
    }

    /// Verifies the RS256 signature with the RSA key in `public_key_pem`.
    pub fn verify(&self, public_key_pem: &str) -> Result<(), SignatureError> {
        self.check_algorithm()?;
        let key = rsa_public_key(public_key_pem)?;
        if key.verify_pkcs1v15_sha256(self.signing_input.as_bytes(), &self.signature) {
            Ok(())
        } else {
            Err(SignatureError::Mismatch)
        }
    }
}

/// Reads an RSA public key from SPKI (`-----BEGIN PUBLIC KEY-----`) or PKCS#1
/// (`-----BEGIN RSA PUBLIC KEY-----`) PEM, refusing keys under [`MIN_RSA_BITS`].
pub(crate) fn rsa_public_key(pem: &str) -> Result<Arc<RsaPublicKey>, SignatureError> {
    let pem = pem.trim();
    let key = rsa::RsaPublicKey::from_public_key_pem(pem)
        .or_else(|spki| rsa::RsaPublicKey::from_pkcs1_pem(pem).map_err(|_| spki))
        .map_err(|e| SignatureError::KeyPem(e.to_string()))?;
    RsaPublicKey::memoized(&key.n().to_bytes_be(), &key.e().to_bytes_be(), MIN_RSA_BITS).map_err(
        |e| match e {
            RsaKeyError::TooSmall { bits, .. } => SignatureError::WeakKey { bits },
            other => SignatureError::KeyPem(other.to_string()),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(header: &str, payload: &str) -> String {
        let b = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        format!("{}.{}.{}", b(header), b(payload), b("sig"))
    }

    #[test]
    fn algorithms_other_than_rs256_are_refused_before_any_key() {
        for (alg, expected) in [
            ("none", SignatureError::AlgNone),
            ("NONE", SignatureError::AlgNone),
            ("HS256", SignatureError::Hmac("HS256".into())),
            (
                "RS512",
                SignatureError::UnsupportedAlgorithm("RS512".into()),
            ),
            (
                "ES256",
                SignatureError::UnsupportedAlgorithm("ES256".into()),
            ),
        ] {
            let jws = Jws::parse(
                &token(&format!(r#"{{"alg":"{alg}"}}"#), "{}"),
                1 << 20,
                &JsonLimits::default(),
            )
            .unwrap();
            assert_eq!(jws.verify("not even a key"), Err(expected), "{alg}");
        }
        let crit = Jws::parse(
            &token(r#"{"alg":"RS256","crit":["b64"],"b64":false}"#, "{}"),
            1 << 20,
            &JsonLimits::default(),
        )
        .unwrap();
        assert_eq!(crit.check_algorithm(), Err(SignatureError::Critical));
    }

    #[test]
    fn malformed_tokens_name_the_part() {
        let limits = JsonLimits::default();
        assert_eq!(
            Jws::parse("a.b", 100, &limits),
            Err(JwsError::Malformed { parts: 2 })
        );
        assert_eq!(
            Jws::parse("e30.e30.e30.e30", 100, &limits),
            Err(JwsError::Malformed { parts: 4 })
        );
        assert_eq!(
            Jws::parse("e30.*.c2ln", 100, &limits),
            Err(JwsError::Base64 {
                part: JwsPart::Payload,
                offset: 4
            })
        );
        assert!(matches!(
            Jws::parse(&token("[]", "{}"), 100, &limits),
            Err(JwsError::NotAnObject {
                part: JwsPart::Header,
                ..
            })
        ));
        assert!(matches!(
            Jws::parse(&token("{}", r#"{"a":1,"a":2}"#), 100, &limits),
            Err(JwsError::Json {
                part: JwsPart::Payload,
                ..
            })
        ));
        assert!(matches!(
            Jws::parse(&token("{}", "{}"), 5, &limits),
            Err(JwsError::TooLarge { limit: 5, .. })
        ));
    }

    #[test]
    fn bad_pem_is_a_typed_error() {
        assert!(matches!(
            rsa_public_key("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"),
            Err(SignatureError::KeyPem(_))
        ));
    }
}
