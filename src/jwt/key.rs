//! Algorithms and keys for VC-JWT: which algorithm goes with which key, and
//! signing/verifying keys read from JWK (and PEM, with the `jose` feature).
//!
//! Backends: Ed25519 through ed25519-dalek, P-256 through RustCrypto `p256`,
//! RSA verification through RustCrypto `rsa` — all pure Rust. RSA signing goes
//! through josekit/OpenSSL (feature `jose`) for constant-time private-key
//! operations.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
#[cfg(feature = "jose")]
use josekit::jwk::Jwk;
#[cfg(feature = "jose")]
use josekit::jwk::KeyPair as _;
#[cfg(feature = "jose")]
use josekit::jws::{JwsSigner, RS256};
#[cfg(feature = "jose")]
use openssl::pkey::{Id, PKey};
use serde_json::{Map, Value};

use super::JwtError;
use crate::keys;

/// A JWS algorithm this crate signs and verifies with.
///
/// RS256 is the minimum OB 3.0 requires of every implementation; EdDSA
/// (Ed25519 only) and ES256 (P-256) are the other common choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Algorithm {
    /// `EdDSA` with an Ed25519 key (RFC 8037).
    EdDsa,
    /// `RS256`: RSASSA-PKCS1-v1_5 with SHA-256, RSA key of at least 2048 bits.
    Rs256,
    /// `ES256`: ECDSA on P-256 with SHA-256.
    Es256,
}

impl Algorithm {
    /// Every supported algorithm.
    pub const ALL: [Algorithm; 3] = [Algorithm::EdDsa, Algorithm::Rs256, Algorithm::Es256];

    /// The `alg` header value.
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::EdDsa => "EdDSA",
            Algorithm::Rs256 => "RS256",
            Algorithm::Es256 => "ES256",
        }
    }

    /// The algorithm for an `alg` header value (exact, case-sensitive match).
    pub fn from_name(name: &str) -> Option<Algorithm> {
        Algorithm::ALL.into_iter().find(|alg| alg.as_str() == name)
    }

    /// The only kind of key this algorithm works with.
    pub fn key_kind(self) -> KeyKind {
        match self {
            Algorithm::EdDsa => KeyKind::Ed25519,
            Algorithm::Rs256 => KeyKind::Rsa,
            Algorithm::Es256 => KeyKind::P256,
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The kind of a public or private key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyKind {
    /// An Ed25519 key (JWK `kty: OKP`, `crv: Ed25519`).
    Ed25519,
    /// An RSA key (JWK `kty: RSA`).
    Rsa,
    /// An elliptic-curve key on P-256 (JWK `kty: EC`, `crv: P-256`).
    P256,
}

impl KeyKind {
    /// The one algorithm this crate uses with this kind of key.
    pub fn algorithm(self) -> Algorithm {
        match self {
            KeyKind::Ed25519 => Algorithm::EdDsa,
            KeyKind::Rsa => Algorithm::Rs256,
            KeyKind::P256 => Algorithm::Es256,
        }
    }

    /// The JWK members that make up the public key, besides `kty`.
    fn public_members(self) -> &'static [&'static str] {
        match self {
            KeyKind::Ed25519 => &["crv", "x"],
            KeyKind::Rsa => &["n", "e"],
            KeyKind::P256 => &["crv", "x", "y"],
        }
    }
}

impl fmt::Display for KeyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            KeyKind::Ed25519 => "Ed25519",
            KeyKind::Rsa => "RSA",
            KeyKind::P256 => "P-256",
        })
    }
}

/// JWK members that hold private key material (RFC 7518 §6).
const PRIVATE_MEMBERS: [&str; 8] = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

/// Fails if `jwk` holds any private key member.
pub(crate) fn reject_private_members(jwk: &Map<String, Value>) -> Result<(), JwtError> {
    match PRIVATE_MEMBERS.into_iter().find(|m| jwk.contains_key(*m)) {
        Some(member) => Err(JwtError::PrivateKeyInJwk { member }),
        None => Ok(()),
    }
}

/// The kind of key a JWK describes, from `kty` and `crv`.
fn jwk_kind(jwk: &Map<String, Value>) -> Result<KeyKind, JwtError> {
    let text = |name: &str| jwk.get(name).and_then(Value::as_str);
    match (text("kty"), text("crv")) {
        (Some("OKP"), Some("Ed25519")) => Ok(KeyKind::Ed25519),
        (Some("RSA"), _) => Ok(KeyKind::Rsa),
        (Some("EC"), Some("P-256")) => Ok(KeyKind::P256),
        (Some("oct"), _) => Err(JwtError::UnsupportedKey(
            "symmetric (`oct`) keys cannot sign credentials".into(),
        )),
        (Some(kty), crv) => Err(JwtError::UnsupportedKey(format!(
            "kty {kty:?}, crv {:?}",
            crv.unwrap_or("none")
        ))),
        (None, _) => Err(JwtError::InvalidKey("JWK has no string `kty`".into())),
    }
}

/// Fails if the JWK's own `alg` member names another algorithm than `kind` uses.
fn check_jwk_alg(jwk: &Map<String, Value>, kind: KeyKind) -> Result<(), JwtError> {
    match jwk.get("alg") {
        None => Ok(()),
        Some(Value::String(alg)) if alg == kind.algorithm().as_str() => Ok(()),
        Some(alg) => Err(JwtError::AlgorithmKeyMismatch {
            alg: alg.as_str().unwrap_or("(not a string)").to_owned(),
            key: kind,
        }),
    }
}

/// The public members of a JWK of `kind`, in a fixed order, nothing else.
fn public_jwk(jwk: &Map<String, Value>, kind: KeyKind) -> Result<Map<String, Value>, JwtError> {
    let mut public = Map::new();
    public.insert("kty".into(), jwk.get("kty").cloned().unwrap_or_default());
    for member in kind.public_members() {
        match jwk.get(*member) {
            Some(Value::String(value)) => {
                public.insert((*member).into(), Value::String(value.clone()));
            }
            _ => {
                return Err(JwtError::InvalidKey(format!(
                    "{kind} JWK has no string `{member}`"
                )));
            }
        }
    }
    Ok(public)
}

/// The bytes of a base64url JWK member of `kind` (`x`, `y`, `d`, `n`, `e`), named in errors.
fn jwk_bytes(jwk: &Map<String, Value>, member: &str, kind: KeyKind) -> Result<Vec<u8>, JwtError> {
    let text = jwk
        .get(member)
        .and_then(Value::as_str)
        .ok_or_else(|| JwtError::InvalidKey(format!("{kind} JWK has no string `{member}`")))?;
    URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|_| JwtError::InvalidKey(format!("{kind} JWK `{member}` is not base64url")))
}

/// A P-256 coordinate or scalar: exactly 32 big-endian bytes (RFC 7518 §6.2.1.2).
fn p256_field(jwk: &Map<String, Value>, member: &str) -> Result<[u8; 32], JwtError> {
    jwk_bytes(jwk, member, KeyKind::P256)?
        .try_into()
        .map_err(|_| JwtError::InvalidKey(format!("P-256 JWK `{member}` is not 32 bytes")))
}

/// The P-256 public key of a JWK's `x` and `y` (a point on the curve, not the identity).
fn p256_verifying_key(jwk: &Map<String, Value>) -> Result<p256::ecdsa::VerifyingKey, JwtError> {
    let mut sec1 = [0u8; 65];
    sec1[0] = 0x04; // SEC1 uncompressed point: 0x04 || x || y
    sec1[1..33].copy_from_slice(&p256_field(jwk, "x")?);
    sec1[33..].copy_from_slice(&p256_field(jwk, "y")?);
    p256::ecdsa::VerifyingKey::from_sec1_bytes(&sec1)
        .map_err(|_| JwtError::InvalidKey("P-256 JWK `x`/`y` is not a point on the curve".into()))
}

/// The public JWK members of a P-256 key.
fn p256_public_jwk(key: &p256::ecdsa::VerifyingKey) -> Map<String, Value> {
    let point = key.to_encoded_point(false);
    let coordinate = |c: Option<&p256::FieldBytes>| {
        Value::String(c.map(|c| URL_SAFE_NO_PAD.encode(c)).unwrap_or_default())
    };
    let mut jwk = Map::new();
    jwk.insert("kty".into(), "EC".into());
    jwk.insert("crv".into(), "P-256".into());
    jwk.insert("x".into(), coordinate(point.x()));
    jwk.insert("y".into(), coordinate(point.y()));
    jwk
}

/// A P-256 signing key from its 32-byte private scalar.
fn p256_signing_key(scalar: &[u8]) -> Result<p256::ecdsa::SigningKey, JwtError> {
    p256::ecdsa::SigningKey::from_slice(scalar)
        .map_err(|_| JwtError::InvalidKey("P-256 private key is not a scalar in [1, n)".into()))
}

/// Smallest RSA modulus accepted, in bits (RFC 7518 §3.3).
const MIN_RSA_BITS: usize = 2048;

/// The RS256 verifier for a JWK's `n` and `e`.
fn rsa_verifying_key(
    jwk: &Map<String, Value>,
) -> Result<std::sync::Arc<keys::rsa::RsaPublicKey>, JwtError> {
    let n = jwk_bytes(jwk, "n", KeyKind::Rsa)?;
    let e = jwk_bytes(jwk, "e", KeyKind::Rsa)?;
    keys::rsa::RsaPublicKey::memoized(&n, &e, MIN_RSA_BITS).map_err(|err| match err {
        keys::rsa::RsaKeyError::TooSmall { bits, .. } => JwtError::InvalidKey(format!(
            "RSA key of {bits} bits; RS256 needs at least {MIN_RSA_BITS}"
        )),
        other => JwtError::InvalidKey(format!("RSA JWK: {other}")),
    })
}

#[cfg(feature = "jose")]
fn backend_error(err: josekit::JoseError) -> JwtError {
    JwtError::InvalidKey(err.to_string())
}

#[cfg(feature = "jose")]
fn kind_of_pkey<T: openssl::pkey::HasParams>(key: &PKey<T>) -> Result<KeyKind, JwtError> {
    match key.id() {
        Id::ED25519 => Ok(KeyKind::Ed25519),
        Id::RSA => Ok(KeyKind::Rsa),
        Id::EC => {
            let is_p256 = key
                .ec_key()
                .ok()
                .and_then(|ec| ec.group().curve_name())
                .is_some_and(|nid| nid == openssl::nid::Nid::X9_62_PRIME256V1);
            if is_p256 {
                Ok(KeyKind::P256)
            } else {
                Err(JwtError::UnsupportedKey("EC key not on P-256".into()))
            }
        }
        other => Err(JwtError::UnsupportedKey(format!(
            "key type {} (expected Ed25519, RSA or P-256)",
            other.as_raw()
        ))),
    }
}

/// A private key that signs VC-JWTs, with the algorithm it implies.
///
/// EdDSA and ES256 sign in pure Rust; RS256 signing needs the `jose` feature
/// (OpenSSL), because pure-Rust RSA private-key operations are not
/// constant-time (RUSTSEC-2023-0071).
///
/// The private half never prints: `Debug` shows the algorithm and the public JWK.
pub struct SigningKey {
    algorithm: Algorithm,
    signer: Signer,
    public_jwk: Map<String, Value>,
}

/// The signing backend.
enum Signer {
    /// Ed25519 through [`keys::Keypair`] (ed25519-dalek, secret wiped on drop).
    // Boxed: the key pair is large, and boxing keeps the secret in one place.
    Ed25519(Box<keys::Keypair>),
    /// P-256 through RustCrypto `p256` (secret wiped on drop, RFC 6979 nonces).
    P256(Box<p256::ecdsa::SigningKey>),
    /// RSA through josekit/OpenSSL.
    #[cfg(feature = "jose")]
    Jose(Box<dyn JwsSigner>),
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("algorithm", &self.algorithm)
            .field("public_jwk", &self.public_jwk)
            .finish_non_exhaustive()
    }
}

impl SigningKey {
    /// Reads a PEM private key — PKCS#8 (`BEGIN PRIVATE KEY`) or the
    /// traditional RSA/EC forms — and picks the algorithm from its type:
    /// Ed25519 → EdDSA, RSA (≥ 2048 bits) → RS256, P-256 → ES256.
    /// Needs the `jose` feature (PEM is read by OpenSSL).
    #[cfg(feature = "jose")]
    pub fn from_pem(pem: &[u8]) -> Result<SigningKey, JwtError> {
        let detected = PKey::private_key_from_pem(pem)
            .map_err(|err| JwtError::InvalidKey(format!("not a PEM private key: {err}")))?;
        let invalid = |err: openssl::error::ErrorStack| JwtError::InvalidKey(err.to_string());
        match kind_of_pkey(&detected)? {
            KeyKind::Ed25519 => {
                let seed = zeroize::Zeroizing::new(detected.raw_private_key().map_err(invalid)?);
                let seed: &[u8; 32] = seed.as_slice().try_into().map_err(|_| {
                    JwtError::InvalidKey("Ed25519 private key is not 32 bytes".into())
                })?;
                Ok(SigningKey::from_keypair(keys::Keypair::from_seed(seed)))
            }
            KeyKind::P256 => {
                // One ES256 signer for every key source: the scalar moves to `p256`.
                let ec = detected.ec_key().map_err(invalid)?;
                let scalar =
                    zeroize::Zeroizing::new(ec.private_key().to_vec_padded(32).map_err(invalid)?);
                Ok(SigningKey::from_p256(p256_signing_key(&scalar)?))
            }
            KeyKind::Rsa => {
                let pair = RS256.key_pair_from_pem(pem).map_err(backend_error)?;
                let signer = RS256
                    .signer_from_der(pair.to_der_private_key())
                    .map_err(backend_error)?;
                let jwk = pair.to_jwk_public_key();
                let public_jwk = public_jwk(jwk.as_ref(), KeyKind::Rsa)?;
                // Refuse what verification would refuse (size bounds), before signing anything.
                rsa_verifying_key(&public_jwk)?;
                Ok(SigningKey {
                    algorithm: Algorithm::Rs256,
                    signer: Signer::Jose(Box::new(signer)),
                    public_jwk,
                })
            }
        }
    }

    /// Reads a private JWK (`kty` `OKP`/Ed25519, `EC`/P-256 or `RSA`, with
    /// `d`). RSA keys need the `jose` feature ([`JwtError::UnsupportedKey`]
    /// without it).
    pub fn from_jwk(jwk: &Value) -> Result<SigningKey, JwtError> {
        let map = jwk
            .as_object()
            .ok_or_else(|| JwtError::InvalidKey("JWK is not a JSON object".into()))?;
        let kind = jwk_kind(map)?;
        check_jwk_alg(map, kind)?;
        if !map.contains_key("d") {
            return Err(JwtError::InvalidKey("JWK has no private part `d`".into()));
        }
        let public_jwk = public_jwk(map, kind)?;
        match kind {
            KeyKind::Ed25519 => {
                let pair = keys::Keypair::from_private_jwk(jwk)
                    .map_err(|err| JwtError::InvalidKey(err.to_string()))?;
                Ok(SigningKey::from_keypair(pair))
            }
            KeyKind::P256 => {
                let scalar = zeroize::Zeroizing::new(p256_field(map, "d")?);
                let key = SigningKey::from_p256(p256_signing_key(scalar.as_slice())?);
                if !key.verifying_key()?.matches_jwk(&public_jwk) {
                    return Err(JwtError::InvalidKey(
                        "P-256 JWK `d` is not the private key of `x`/`y`".into(),
                    ));
                }
                Ok(key)
            }
            #[cfg(feature = "jose")]
            KeyKind::Rsa => {
                rsa_verifying_key(&public_jwk)?;
                let backend = Jwk::from_map(map.clone()).map_err(backend_error)?;
                Ok(SigningKey {
                    algorithm: Algorithm::Rs256,
                    signer: Signer::Jose(Box::new(
                        RS256.signer_from_jwk(&backend).map_err(backend_error)?,
                    )),
                    public_jwk,
                })
            }
            #[cfg(not(feature = "jose"))]
            KeyKind::Rsa => Err(JwtError::UnsupportedKey(
                "RS256 signing needs the `jose` feature (OpenSSL): pure-Rust RSA private-key \
                 operations are not constant-time (RUSTSEC-2023-0071)"
                    .into(),
            )),
        }
    }

    /// Builds an EdDSA signing key from a raw 32-byte Ed25519 seed (the
    /// RFC 8032 private key).
    pub fn from_ed25519_seed(seed: &[u8; 32]) -> SigningKey {
        SigningKey::from_keypair(keys::Keypair::from_seed(seed))
    }

    /// An EdDSA signing key from the crate's Ed25519 [`keys::Keypair`].
    pub fn from_keypair(keypair: keys::Keypair) -> SigningKey {
        let public_jwk = match keypair.public_key().to_jwk() {
            Value::Object(jwk) => jwk,
            _ => Map::new(),
        };
        SigningKey {
            algorithm: Algorithm::EdDsa,
            // `to_jwk` writes `crv, kty, x`; keep our `kty`-first order.
            public_jwk: ["kty", "crv", "x"]
                .into_iter()
                .filter_map(|m| public_jwk.get(m).map(|v| (m.to_owned(), v.clone())))
                .collect(),
            signer: Signer::Ed25519(Box::new(keypair)),
        }
    }

    /// Builds an ES256 signing key from a raw 32-byte P-256 private scalar
    /// (big-endian, as in a JWK's `d`).
    pub fn from_p256_scalar(scalar: &[u8; 32]) -> Result<SigningKey, JwtError> {
        Ok(SigningKey::from_p256(p256_signing_key(scalar)?))
    }

    fn from_p256(key: p256::ecdsa::SigningKey) -> SigningKey {
        SigningKey {
            algorithm: Algorithm::Es256,
            public_jwk: p256_public_jwk(key.verifying_key()),
            signer: Signer::P256(Box::new(key)),
        }
    }

    /// The algorithm this key signs with.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The public key as a minimal JWK (`kty` plus `crv`/`x`/`y` or `n`/`e`),
    /// as it goes in a `jwk` header.
    pub fn public_jwk(&self) -> &Map<String, Value> {
        &self.public_jwk
    }

    /// The matching verifying key.
    pub fn verifying_key(&self) -> Result<VerifyingKey, JwtError> {
        VerifyingKey::from_public_map(&self.public_jwk)
    }

    /// Signs `message` (the JWS signing input) and returns the raw signature
    /// (for ES256 the 64-byte `r || s` JWS form).
    pub(crate) fn sign_raw(&self, message: &[u8]) -> Result<Vec<u8>, JwtError> {
        match &self.signer {
            Signer::Ed25519(keypair) => Ok(keypair.sign(message).to_vec()),
            Signer::P256(key) => {
                let signature: p256::ecdsa::Signature =
                    p256::ecdsa::signature::Signer::try_sign(key.as_ref(), message)
                        .map_err(|err| JwtError::Signing(err.to_string()))?;
                Ok(signature.to_bytes().to_vec())
            }
            #[cfg(feature = "jose")]
            Signer::Jose(signer) => signer
                .sign(message)
                .map_err(|err| JwtError::Signing(err.to_string())),
        }
    }
}

/// A public key that verifies VC-JWT signatures, in pure Rust for every
/// algorithm (verification handles no secret).
#[derive(Clone)]
pub struct VerifyingKey {
    kind: KeyKind,
    verifier: Verifier,
    public_jwk: Map<String, Value>,
}

/// The verifying backend.
#[derive(Clone)]
enum Verifier {
    /// Ed25519 through [`keys::PublicKey`] (strict RFC 8032 checks).
    Ed25519(keys::PublicKey),
    /// ES256 through RustCrypto `p256`.
    P256(p256::ecdsa::VerifyingKey),
    /// RS256: PKCS#1 v1.5 with SHA-256 ([`keys::rsa`]).
    Rsa(std::sync::Arc<keys::rsa::RsaPublicKey>),
}

impl fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifyingKey")
            .field("kind", &self.kind)
            .field("public_jwk", &self.public_jwk)
            .finish()
    }
}

impl PartialEq for VerifyingKey {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind && self.public_jwk == other.public_jwk
    }
}

impl VerifyingKey {
    /// Reads a public JWK. Fails with [`JwtError::PrivateKeyInJwk`] if it
    /// carries private parts, and on unsupported key types.
    pub fn from_jwk(jwk: &Value) -> Result<VerifyingKey, JwtError> {
        let map = jwk
            .as_object()
            .ok_or_else(|| JwtError::InvalidKey("JWK is not a JSON object".into()))?;
        reject_private_members(map)?;
        let kind = jwk_kind(map)?;
        check_jwk_alg(map, kind)?;
        VerifyingKey::from_public_map(&public_jwk(map, kind)?)
    }

    /// Reads a PEM public key (`BEGIN PUBLIC KEY`, SubjectPublicKeyInfo).
    /// Needs the `jose` feature (PEM is read by OpenSSL).
    #[cfg(feature = "jose")]
    pub fn from_pem(pem: &[u8]) -> Result<VerifyingKey, JwtError> {
        let key = PKey::public_key_from_pem(pem)
            .map_err(|err| JwtError::InvalidKey(format!("not a PEM public key: {err}")))?;
        let kind = kind_of_pkey(&key)?;
        let b64 = |bytes: &[u8]| Value::String(URL_SAFE_NO_PAD.encode(bytes));
        let invalid = |err: openssl::error::ErrorStack| JwtError::InvalidKey(err.to_string());
        let mut jwk = Map::new();
        match kind {
            KeyKind::Ed25519 => {
                jwk.insert("kty".into(), "OKP".into());
                jwk.insert("crv".into(), "Ed25519".into());
                jwk.insert("x".into(), b64(&key.raw_public_key().map_err(invalid)?));
            }
            KeyKind::Rsa => {
                let rsa = key.rsa().map_err(invalid)?;
                jwk.insert("kty".into(), "RSA".into());
                jwk.insert("n".into(), b64(&rsa.n().to_vec()));
                jwk.insert("e".into(), b64(&rsa.e().to_vec()));
            }
            KeyKind::P256 => {
                let ec = key.ec_key().map_err(invalid)?;
                let mut ctx = openssl::bn::BigNumContext::new().map_err(invalid)?;
                let mut x = openssl::bn::BigNum::new().map_err(invalid)?;
                let mut y = openssl::bn::BigNum::new().map_err(invalid)?;
                ec.public_key()
                    .affine_coordinates(ec.group(), &mut x, &mut y, &mut ctx)
                    .map_err(invalid)?;
                jwk.insert("kty".into(), "EC".into());
                jwk.insert("crv".into(), "P-256".into());
                jwk.insert("x".into(), b64(&x.to_vec_padded(32).map_err(invalid)?));
                jwk.insert("y".into(), b64(&y.to_vec_padded(32).map_err(invalid)?));
            }
        }
        VerifyingKey::from_public_map(&jwk)
    }

    /// Builds an EdDSA verifying key from a raw 32-byte Ed25519 public key.
    pub fn from_ed25519_bytes(public_key: &[u8; 32]) -> Result<VerifyingKey, JwtError> {
        let key = keys::PublicKey::from_bytes(public_key)
            .map_err(|err| JwtError::InvalidKey(err.to_string()))?;
        Ok(VerifyingKey::from_public_key(&key))
    }

    /// An EdDSA verifying key from the crate's Ed25519 [`keys::PublicKey`].
    pub fn from_public_key(key: &keys::PublicKey) -> VerifyingKey {
        let mut jwk = Map::new();
        jwk.insert("kty".into(), "OKP".into());
        jwk.insert("crv".into(), "Ed25519".into());
        jwk.insert("x".into(), URL_SAFE_NO_PAD.encode(key.as_bytes()).into());
        VerifyingKey {
            kind: KeyKind::Ed25519,
            verifier: Verifier::Ed25519(*key),
            public_jwk: jwk,
        }
    }

    /// The key a resolved verification method holds.
    pub fn from_key_material(material: &keys::KeyMaterial) -> Result<VerifyingKey, JwtError> {
        match material {
            keys::KeyMaterial::Ed25519(key) => Ok(VerifyingKey::from_public_key(key)),
            keys::KeyMaterial::Jwk(jwk) => VerifyingKey::from_jwk(jwk),
        }
    }

    /// `jwk` holds exactly `kty` and the public members of its kind.
    fn from_public_map(jwk: &Map<String, Value>) -> Result<VerifyingKey, JwtError> {
        let kind = jwk_kind(jwk)?;
        let verifier = match kind {
            KeyKind::Ed25519 => {
                let key = keys::PublicKey::from_jwk(&Value::Object(jwk.clone()))
                    .map_err(|err| JwtError::InvalidKey(err.to_string()))?;
                return Ok(VerifyingKey::from_public_key(&key));
            }
            KeyKind::Rsa => Verifier::Rsa(rsa_verifying_key(jwk)?),
            KeyKind::P256 => Verifier::P256(p256_verifying_key(jwk)?),
        };
        Ok(VerifyingKey {
            kind,
            verifier,
            public_jwk: jwk.clone(),
        })
    }

    /// The kind of key.
    pub fn kind(&self) -> KeyKind {
        self.kind
    }

    /// The algorithm signatures by this key use.
    pub fn algorithm(&self) -> Algorithm {
        self.kind.algorithm()
    }

    /// The public key as a minimal JWK.
    pub fn public_jwk(&self) -> &Map<String, Value> {
        &self.public_jwk
    }

    /// Whether `jwk` (any JWK, extra members ignored) is this same public key.
    pub fn matches_jwk(&self, jwk: &Map<String, Value>) -> bool {
        jwk.get("kty") == self.public_jwk.get("kty")
            && self
                .kind
                .public_members()
                .iter()
                .all(|member| jwk.get(*member) == self.public_jwk.get(*member))
    }

    /// Checks a raw signature over the JWS signing input.
    pub(crate) fn verify_raw(&self, message: &[u8], signature: &[u8]) -> Result<(), JwtError> {
        use p256::ecdsa::signature::Verifier as _;
        let verified = match &self.verifier {
            Verifier::Ed25519(key) => key.verify(message, signature).is_ok(),
            // JWS carries ES256 as the fixed 64-byte `r || s` (RFC 7518 §3.4), never DER.
            Verifier::P256(key) => p256::ecdsa::Signature::from_slice(signature)
                .is_ok_and(|signature| key.verify(message, &signature).is_ok()),
            Verifier::Rsa(key) => key.verify_pkcs1v15_sha256(message, signature),
        };
        if verified {
            Ok(())
        } else {
            Err(JwtError::InvalidSignature)
        }
    }
}
