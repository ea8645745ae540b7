//! Ed25519 key pairs and public keys with their standard encodings.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use serde_json::{Map, Value};
use zeroize::{Zeroize as _, Zeroizing};

use super::KeyError;
use super::multibase::{
    ED25519_PRIV, ED25519_PUB, decode_base58, decode_base58btc, encode_base58btc, strip_codec,
};

/// An Ed25519 public key.
///
/// Displays and debug-prints as its Multikey `publicKeyMultibase` (`z6Mk…`).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    /// The key from its 32 raw bytes; fails if they are not a point on the curve.
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self, KeyError> {
        VerifyingKey::from_bytes(bytes)
            .map(Self)
            .map_err(|_| KeyError::InvalidPublicKey)
    }

    /// The key from a byte slice that must be exactly 32 bytes long.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, KeyError> {
        let array: &[u8; 32] = bytes.try_into().map_err(|_| KeyError::Length {
            what: "Ed25519 public key",
            expected: 32,
            found: bytes.len(),
        })?;
        Self::from_bytes(array)
    }

    /// The 32 raw bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        self.0.as_bytes()
    }

    /// The ed25519-dalek key, for callers who need the lower-level API.
    pub fn verifying_key(&self) -> &VerifyingKey {
        &self.0
    }

    /// Multikey `publicKeyMultibase`: `z` + base58btc(0xed 0x01 ‖ key). Also the value of
    /// `Ed25519VerificationKey2020` and the method-specific id of `did:key`.
    pub fn to_multibase(&self) -> String {
        let mut bytes = [0u8; 34];
        bytes[..2].copy_from_slice(&ED25519_PUB);
        bytes[2..].copy_from_slice(self.as_bytes());
        encode_base58btc(&bytes)
    }

    /// Parses a `publicKeyMultibase` (`z6Mk…`): base58btc, `ed25519-pub` header, 32 bytes.
    pub fn from_multibase(value: &str) -> Result<Self, KeyError> {
        let bytes = decode_base58btc(value)?;
        Self::from_slice(strip_codec(&bytes, ED25519_PUB, "ed25519-pub")?)
    }

    /// Legacy `Ed25519VerificationKey2018` `publicKeyBase58`: the raw key in base58btc.
    pub fn to_base58(&self) -> String {
        bs58::encode(self.as_bytes()).into_string()
    }

    /// Parses a legacy `publicKeyBase58` value.
    pub fn from_base58(value: &str) -> Result<Self, KeyError> {
        Self::from_slice(&decode_base58(value)?)
    }

    /// The public JWK `{"crv":"Ed25519","kty":"OKP","x":…}` (members in lexicographic order,
    /// so its serialization is also its RFC 8785 form).
    pub fn to_jwk(&self) -> Value {
        let mut jwk = Map::new();
        jwk.insert("crv".into(), Value::from("Ed25519"));
        jwk.insert("kty".into(), Value::from("OKP"));
        jwk.insert(
            "x".into(),
            Value::from(URL_SAFE_NO_PAD.encode(self.as_bytes())),
        );
        Value::Object(jwk)
    }

    /// Parses an OKP/Ed25519 JWK. Private members (`d`) are refused: a public key is expected.
    pub fn from_jwk(jwk: &Value) -> Result<Self, KeyError> {
        let object = jwk
            .as_object()
            .ok_or_else(|| jwk_error("not a JSON object"))?;
        if object.contains_key("d") {
            return Err(jwk_error("contains private key member `d`"));
        }
        let member = |name: &str| object.get(name).and_then(Value::as_str);
        if member("kty") != Some("OKP") {
            return Err(jwk_error("`kty` is not \"OKP\""));
        }
        if member("crv") != Some("Ed25519") {
            return Err(jwk_error("`crv` is not \"Ed25519\""));
        }
        let x = member("x").ok_or_else(|| jwk_error("missing string member `x`"))?;
        let bytes = URL_SAFE_NO_PAD
            .decode(x)
            .map_err(|e| jwk_error(&format!("`x` is not base64url: {e}")))?;
        Self::from_slice(&bytes)
    }

    /// `did:key:z6Mk…` for this key.
    pub fn to_did_key(&self) -> String {
        format!("did:key:{}", self.to_multibase())
    }

    /// The key inside a `did:key` DID, or a DID URL whose fragment is the same multibase value
    /// (`did:key:z6Mk…#z6Mk…`).
    pub fn from_did_key(did: &str) -> Result<Self, KeyError> {
        let did_error = |reason: &str| KeyError::Did {
            did: did.to_owned(),
            reason: reason.to_owned(),
        };
        let rest = did
            .strip_prefix("did:key:")
            .ok_or_else(|| did_error("not a did:key"))?;
        let (id, fragment) = match rest.split_once('#') {
            Some((id, fragment)) => (id, Some(fragment)),
            None => (rest, None),
        };
        if fragment.is_some_and(|f| f != id) {
            return Err(did_error("fragment differs from the method-specific id"));
        }
        Self::from_multibase(id).map_err(|e| did_error(&e.to_string()))
    }

    /// The `did:key` verification method id, `did:key:z6Mk…#z6Mk…`: what a proof's
    /// `verificationMethod` names when signing with this key as a `did:key`.
    pub fn to_did_key_method_id(&self) -> String {
        let multibase = self.to_multibase();
        format!("did:key:{multibase}#{multibase}")
    }

    /// The Ed25519 key of a `did:jwk` DID (or its `#0` DID URL).
    pub fn from_did_jwk(did: &str) -> Result<Self, KeyError> {
        Self::from_jwk(&super::decode_did_jwk(did)?)
    }

    /// `did:jwk:` + base64url of [`PublicKey::to_jwk`]'s JSON.
    pub fn to_did_jwk(&self) -> String {
        format!(
            "did:jwk:{}",
            URL_SAFE_NO_PAD.encode(self.to_jwk().to_string().as_bytes())
        )
    }

    /// Verifies an Ed25519 signature strictly (RFC 8032 with the canonical-`S` and
    /// small-order-key checks of `verify_strict`).
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> Result<(), KeyError> {
        let signature = Signature::from_slice(signature).map_err(|_| KeyError::Length {
            what: "Ed25519 signature",
            expected: 64,
            found: signature.len(),
        })?;
        self.0
            .verify_strict(message, &signature)
            .map_err(|_| KeyError::Signature)
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PublicKey")
            .field(&self.to_multibase())
            .finish()
    }
}

impl fmt::Display for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_multibase())
    }
}

/// An Ed25519 signing key pair.
///
/// The secret is wiped from memory when the pair is dropped and is never shown by `Debug`, which
/// prints only the public key. Exporting the secret takes an explicit call
/// ([`Keypair::to_secret_multibase`], [`Keypair::to_private_jwk`]).
///
/// ```
/// use openbadges::keys::Keypair;
///
/// let keypair = Keypair::from_secret_multibase("z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq")?;
/// assert_eq!(
///     keypair.public_key().to_multibase(),
///     "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
/// );
/// let shown = format!("{keypair:?}");
/// assert!(shown.contains("z6MkrJVn") && !shown.contains("z3u2en7t"));
/// let signature = keypair.sign(b"badge");
/// assert!(keypair.public_key().verify(b"badge", &signature).is_ok());
/// # Ok::<(), openbadges::keys::KeyError>(())
/// ```
pub struct Keypair {
    signing: SigningKey,
}

impl Keypair {
    /// A fresh key pair from the operating system's random number generator.
    pub fn generate() -> Self {
        Self {
            signing: SigningKey::generate(&mut rand_core::OsRng),
        }
    }

    /// The key pair derived from a 32-byte RFC 8032 seed (deterministic: for tests and CI).
    pub fn from_seed(seed: &[u8; 32]) -> Self {
        Self {
            signing: SigningKey::from_bytes(seed),
        }
    }

    /// Parses a `secretKeyMultibase` (`z3u2…`): base58btc, `ed25519-priv` header (0x80 0x26),
    /// then the 32-byte seed. The legacy 64-byte form (seed ‖ public key, as written by
    /// `Ed25519VerificationKey2020` tools) is accepted when its public half matches the seed.
    pub fn from_secret_multibase(value: &str) -> Result<Self, KeyError> {
        let bytes = Zeroizing::new(decode_base58btc(value)?);
        let key = strip_codec(&bytes, ED25519_PRIV, "ed25519-priv")?;
        let (seed, public) = match key.len() {
            32 => (key, None),
            64 => (&key[..32], Some(&key[32..])),
            found => {
                return Err(KeyError::Length {
                    what: "Ed25519 secret key",
                    expected: 32,
                    found,
                });
            }
        };
        let mut seed_array = [0u8; 32];
        seed_array.copy_from_slice(seed);
        let keypair = Self::from_seed(&seed_array);
        seed_array.zeroize();
        if public.is_some_and(|p| p != keypair.public_key().as_bytes()) {
            return Err(KeyError::KeyMismatch);
        }
        Ok(keypair)
    }

    /// The `secretKeyMultibase` (`z` + base58btc(0x80 0x26 ‖ seed)). Handle with care.
    pub fn to_secret_multibase(&self) -> Zeroizing<String> {
        let mut bytes = Zeroizing::new([0u8; 34]);
        bytes[..2].copy_from_slice(&ED25519_PRIV);
        bytes[2..].copy_from_slice(self.signing.as_bytes());
        Zeroizing::new(encode_base58btc(&bytes[..]))
    }

    /// The private JWK (public members plus `d`, the base64url seed). Handle with care: the
    /// returned JSON holds the secret and is not wiped on drop.
    pub fn to_private_jwk(&self) -> Value {
        let mut jwk = self.public_key().to_jwk();
        if let Value::Object(members) = &mut jwk {
            members.insert(
                "d".into(),
                Value::from(URL_SAFE_NO_PAD.encode(self.signing.as_bytes())),
            );
        }
        jwk
    }

    /// Parses a private OKP/Ed25519 JWK (with `d`); `x`, when present, must match `d`.
    pub fn from_private_jwk(jwk: &Value) -> Result<Self, KeyError> {
        let d = jwk
            .get("d")
            .and_then(Value::as_str)
            .ok_or_else(|| jwk_error("missing string member `d`"))?;
        let seed = Zeroizing::new(
            URL_SAFE_NO_PAD
                .decode(d)
                .map_err(|e| jwk_error(&format!("`d` is not base64url: {e}")))?,
        );
        let seed: &[u8; 32] = seed.as_slice().try_into().map_err(|_| KeyError::Length {
            what: "Ed25519 secret key",
            expected: 32,
            found: seed.len(),
        })?;
        let keypair = Self::from_seed(seed);
        let mut public = jwk.clone();
        if let Value::Object(members) = &mut public {
            members.remove("d");
            if members.contains_key("x") {
                if PublicKey::from_jwk(&public)? != keypair.public_key() {
                    return Err(KeyError::KeyMismatch);
                }
            } else if members.get("kty").and_then(Value::as_str) != Some("OKP")
                || members.get("crv").and_then(Value::as_str) != Some("Ed25519")
            {
                return Err(jwk_error("not an OKP/Ed25519 key"));
            }
        }
        Ok(keypair)
    }

    /// The public half.
    pub fn public_key(&self) -> PublicKey {
        PublicKey(self.signing.verifying_key())
    }

    /// Signs `message` (pure Ed25519, RFC 8032; deterministic).
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.signing.sign(message).to_bytes()
    }
}

impl fmt::Debug for Keypair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keypair")
            .field("public_key_multibase", &self.public_key().to_multibase())
            .finish_non_exhaustive()
    }
}

fn jwk_error(reason: &str) -> KeyError {
    KeyError::Jwk {
        reason: reason.to_owned(),
    }
}
