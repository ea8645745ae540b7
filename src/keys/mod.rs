//! Ed25519 keys, their encodings (Multikey, JWK, legacy 2018/2020 forms), `did:key` and `did:jwk`,
//! and offline resolution of verification methods.
//!
//! Everything here is pure computation: resolution never touches the network. Methods other than
//! `did:key` / `did:jwk` (for example `did:web` or `https://` key URLs) are served by documents the
//! caller registers in a [`StaticResolver`] or by the caller's own [`Resolver`];
//! [`did_web_url`] says where a `did:web` DID document is to be fetched from.
//!
//! ```
//! use openbadges::keys::{Keypair, PublicKey};
//!
//! let keypair = Keypair::from_seed(&[7u8; 32]);
//! let did = keypair.public_key().to_did_key();
//! assert!(did.starts_with("did:key:z6Mk"));
//! assert_eq!(PublicKey::from_did_key(&did)?, keypair.public_key());
//! # Ok::<(), openbadges::keys::KeyError>(())
//! ```

mod did;
mod did_web;
mod error;
mod keypair;
mod multibase;
mod resolver;
pub(crate) mod rsa;

pub use did::{
    DidKeyForm, controller_document, decode_did_jwk, did_jwk_document, did_key_document,
    encode_did_jwk,
};
pub use did_web::{DidWebError, did_web_url};
pub use error::{KeyError, ResolveError};
pub use keypair::{Keypair, PublicKey};
pub use resolver::{
    BuiltinResolver, ControllerDocument, KeyMaterial, Resolver, StaticResolver, VerificationMethod,
};
