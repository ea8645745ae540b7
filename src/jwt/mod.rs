//! VC-JWT: Open Badges 3.0 credentials signed as JOSE compact tokens.
//!
//! [`sign`] turns a credential into a compact JWS with EdDSA (Ed25519),
//! ES256 or — with the `jose` feature (OpenSSL) — RS256; [`verify`] checks
//! one and returns the credential, for all three algorithms in pure Rust. Both
//! payload shapes are supported: VC 2.0 / OB 3.0 (the payload *is* the
//! credential, plus `iss`, `jti`, `sub`, `nbf`, `exp`, `iat`) and the legacy
//! VC 1.1 `vc` claim.
//!
//! Security choices:
//! - the header is parsed and judged before any cryptography; `alg: none`,
//!   HMAC, unknown algorithms, `crit`, and (by default) any header member
//!   besides `alg`, `typ`, `kid`, `jwk` are rejected;
//! - the key's type fixes the algorithm: a token cannot pick HMAC or RSA
//!   for an Ed25519 key;
//! - an embedded `jwk` must be public, and is reported as self-asserted;
//! - duplicate JSON members, bad base64url and oversized tokens are rejected;
//! - validity dates are judged only against a `now` the caller supplies.
//!
//! Keys named by `kid` come from a [`keys::Resolver`](crate::keys::Resolver):
//! `did:key` and `did:jwk` resolve offline with
//! [`BuiltinResolver`](crate::keys::BuiltinResolver); `did:web` and HTTPS key
//! documents are registered by the caller in a
//! [`StaticResolver`](crate::keys::StaticResolver) (the library never fetches).

mod claims;
mod error;
mod key;
mod presentation;
mod sign;
mod verify;

pub use claims::{PayloadShape, RegisteredClaims, VC_V1_CONTEXT, VC_V2_CONTEXT};
pub use error::{JwtError, Segment};
pub use key::{Algorithm, KeyKind, SigningKey, VerifyingKey};
pub use presentation::{
    PresentationClaims, VerifiedPresentationJwt, sign_presentation, verify_presentation,
};
pub use sign::{KeyReference, SignOptions, TokenType, sign};
pub use verify::{
    DEFAULT_MAX_TOKEN_BYTES, HeaderPolicy, JoseHeader, KeySource, VerifiedJwt, VerifyOptions,
    verify, verify_with_key,
};
