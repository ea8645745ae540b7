//! Errors of key decoding and verification-method resolution.

/// A key, key encoding, DID or verification method could not be decoded or used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// A multibase string is not base58btc (`z` prefix) or holds characters outside the alphabet.
    #[error("invalid multibase value: {reason}")]
    Multibase {
        /// What was wrong.
        reason: String,
    },
    /// Decoded key bytes carry a multicodec header other than the expected one.
    #[error("unsupported multicodec header 0x{found} (expected {expected})")]
    Multicodec {
        /// The expected codec name (`ed25519-pub`, `ed25519-priv`).
        expected: &'static str,
        /// The first (up to two) bytes found, hexadecimal.
        found: String,
    },
    /// Key bytes have the wrong length.
    #[error("{what} must be {expected} bytes, found {found}")]
    Length {
        /// Which value (public key, secret key, signature).
        what: &'static str,
        /// Expected length in bytes.
        expected: usize,
        /// Actual length in bytes.
        found: usize,
    },
    /// 32 bytes that are not a valid Ed25519 public key (not a curve point).
    #[error("not a valid Ed25519 public key")]
    InvalidPublicKey,
    /// A 64-byte secret key whose public half does not belong to its seed.
    #[error("secret key's embedded public key does not match its seed")]
    KeyMismatch,
    /// A JWK is malformed, not an Ed25519 (OKP) key where one is needed, or carries private parts
    /// where only a public key is allowed.
    #[error("invalid JWK: {reason}")]
    Jwk {
        /// What was wrong.
        reason: String,
    },
    /// A DID or DID URL is malformed or of an unexpected method.
    #[error("invalid DID `{did}`: {reason}")]
    Did {
        /// The offending DID (URL).
        did: String,
        /// What was wrong.
        reason: String,
    },
    /// A verification-method JSON object is malformed or of an unsupported type.
    #[error("invalid verification method `{id}`: {reason}")]
    VerificationMethod {
        /// The method's `id` (empty when absent).
        id: String,
        /// What was wrong.
        reason: String,
    },
    /// An Ed25519 signature did not verify.
    #[error("signature verification failed")]
    Signature,
}

/// A verification method or controller document could not be resolved.
///
/// [`ResolveError::NotFound`] means "key unavailable" (unknown DID method, document not
/// registered); every other variant means the material was found but is unusable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ResolveError {
    /// Nothing is known about this identifier (resolution never goes to the network).
    #[error("`{id}` could not be resolved (not registered, and resolution is offline)")]
    NotFound {
        /// The identifier asked for.
        id: String,
    },
    /// The document was found but holds no verification method with this id.
    #[error("document `{document}` has no verification method `{id}`")]
    MethodNotInDocument {
        /// The verification-method id asked for.
        id: String,
        /// The id of the document searched.
        document: String,
    },
    /// The identifier or the document it leads to is malformed.
    #[error("`{id}` is invalid: {source}")]
    Invalid {
        /// The identifier asked for.
        id: String,
        /// What was wrong.
        #[source]
        source: KeyError,
    },
}
