//! `openbadges keygen` and the key files every signing subcommand reads.
//!
//! # Key file format (what `keygen` prints)
//!
//! ```json
//! {
//!   "type": "Ed25519",
//!   "did": "did:key:z6Mk…",                       // the controller (the issuer id)
//!   "verificationMethod": "did:key:z6Mk…#z6Mk…",  // what proofs name
//!   "publicKeyMultibase": "z6Mk…",                // Multikey
//!   "secretKeyMultibase": "z3u2…",                // Multikey secret key: keep private
//!   "publicKeyJwk": {"kty": "OKP", "crv": "Ed25519", "x": "…"},
//!   "privateKeyJwk": {"kty": "OKP", "crv": "Ed25519", "x": "…", "d": "…"}
//! }
//! ```
//!
//! `--key`/`--issuer-key` also accept a bare private JWK (Ed25519 `OKP`; `EC` P-256 and `RSA`
//! for JWTs only) or a PKCS#8 / traditional PEM private key (JWTs only: RS256, ES256, EdDSA).
//! PEM keys and RSA signing need a build with the `jose` feature (OpenSSL).
//! For an Ed25519 JWK the verification method is its `kid` when that is an absolute URL/DID URL,
//! otherwise the key's `did:key` method.

use std::path::{Path, PathBuf};

use clap::Args;
use openbadges::jwt::SigningKey;
use openbadges::keys::{Keypair, controller_document};
use serde_json::{Value, json};

use super::support::{CliError, parse_hex, pretty, print_json, write_atomically};

#[derive(Args)]
pub(crate) struct KeygenArgs {
    /// 32-byte Ed25519 seed as 64 hex digits: the same seed gives the same key (tests,
    /// fixtures). Without it the key comes from the operating system's RNG.
    #[arg(long, value_name = "HEX")]
    seed: Option<String>,
    /// Controller DID of the key (e.g. `did:web:example.org`); the verification method id is
    /// then `CONTROLLER#z6Mk…`. Default: the key's own `did:key`.
    #[arg(long, value_name = "DID")]
    controller: Option<String>,
    /// Also write the controller's DID document, which publishes this key, to FILE (written
    /// whole or not at all): for a `did:web`, the `did.json` to serve, and what verifiers
    /// without a network are given. Needs --controller.
    #[arg(long, value_name = "FILE", requires = "controller")]
    did_document: Option<PathBuf>,
}

pub(crate) fn run(args: &KeygenArgs) -> Result<(), CliError> {
    let keypair = match &args.seed {
        Some(hex) => {
            let bytes = parse_hex(hex).map_err(|e| CliError::usage(format!("--seed: {e}")))?;
            let seed: [u8; 32] = bytes
                .try_into()
                .map_err(|_| CliError::usage("--seed must be exactly 32 bytes (64 hex digits)"))?;
            Keypair::from_seed(&seed)
        }
        None => Keypair::generate(),
    };
    let public = keypair.public_key();
    let (did, method) = match &args.controller {
        Some(controller) => (
            controller.clone(),
            format!("{controller}#{}", public.to_multibase()),
        ),
        None => (public.to_did_key(), public.to_did_key_method_id()),
    };
    // `requires = "controller"`: the document is never the key's own did:key's.
    if let Some(path) = &args.did_document {
        let document = controller_document(&did, &method, &public);
        write_atomically(path, pretty(&document)?.as_bytes())?;
    }
    print_json(&key_file(&keypair, &did, &method))
}

/// The key file of `keypair`, controlled by `did` as its method `method` (see the module docs).
fn key_file(keypair: &Keypair, did: &str, method: &str) -> Value {
    let public = keypair.public_key();
    json!({
        "type": "Ed25519",
        "did": did,
        "verificationMethod": method,
        "publicKeyMultibase": public.to_multibase(),
        "secretKeyMultibase": keypair.to_secret_multibase().as_str(),
        "publicKeyJwk": public.to_jwk(),
        "privateKeyJwk": keypair.to_private_jwk(),
    })
}

/// A signing key read from a `--key` file.
pub(crate) enum LoadedKey {
    /// An Ed25519 key: Data Integrity and EdDSA JWTs.
    Ed25519 {
        /// The key.
        keypair: Keypair,
        /// The verification method id proofs name.
        method: String,
    },
    /// An RSA / EC / Ed25519 key from PEM or JWK: JWTs only.
    Jose {
        /// The key.
        key: SigningKey,
        /// The `kid` to write, if the file names one.
        kid: Option<String>,
    },
}

impl LoadedKey {
    /// Reads a key file (key file JSON, private JWK or PEM).
    pub(crate) fn read(path: &Path) -> Result<LoadedKey, CliError> {
        let bytes = std::fs::read(path)
            .map_err(|e| CliError::usage(format!("cannot read {}: {e}", path.display())))?;
        let bad = |reason: String| CliError::usage(format!("{}: {reason}", path.display()));
        if bytes.trim_ascii_start().starts_with(b"-----BEGIN") {
            #[cfg(feature = "jose")]
            {
                let key = SigningKey::from_pem(&bytes).map_err(|e| bad(e.to_string()))?;
                return Ok(LoadedKey::Jose { key, kid: None });
            }
            #[cfg(not(feature = "jose"))]
            return Err(bad(
                "PEM keys are read through OpenSSL: build with `--features jose`, or give the key as a private JWK"
                    .into(),
            ));
        }
        let value: Value = serde_json::from_slice(&bytes)
            .map_err(|e| bad(format!("neither PEM nor JSON: {e}")))?;
        if let Some(secret) = value.get("secretKeyMultibase").and_then(Value::as_str) {
            let keypair = Keypair::from_secret_multibase(secret).map_err(|e| bad(e.to_string()))?;
            let public = keypair.public_key();
            if let Some(stated) = value.get("publicKeyMultibase").and_then(Value::as_str) {
                if stated != public.to_multibase() {
                    return Err(bad(
                        "publicKeyMultibase does not match secretKeyMultibase".into()
                    ));
                }
            }
            let method = value
                .get("verificationMethod")
                .and_then(Value::as_str)
                .map_or_else(|| public.to_did_key_method_id(), str::to_owned);
            return Ok(LoadedKey::Ed25519 { keypair, method });
        }
        if value.get("kty").is_none() {
            return Err(bad(
                "not a key file: expected `secretKeyMultibase` (openbadges keygen), a private JWK or PEM"
                    .into(),
            ));
        }
        let kid = value
            .get("kid")
            .and_then(Value::as_str)
            .filter(|kid| kid.contains(':'))
            .map(str::to_owned);
        if value.get("kty").and_then(Value::as_str) == Some("OKP") {
            let keypair = Keypair::from_private_jwk(&value).map_err(|e| bad(e.to_string()))?;
            let method = kid.unwrap_or_else(|| keypair.public_key().to_did_key_method_id());
            return Ok(LoadedKey::Ed25519 { keypair, method });
        }
        let key = SigningKey::from_jwk(&value).map_err(|e| bad(e.to_string()))?;
        Ok(LoadedKey::Jose { key, kid })
    }

    /// The Ed25519 key and method, or a usage error for JWT-only keys.
    pub(crate) fn into_ed25519(self, path: &Path) -> Result<(Keypair, String), CliError> {
        match self {
            LoadedKey::Ed25519 { keypair, method } => Ok((keypair, method)),
            LoadedKey::Jose { .. } => Err(CliError::usage(format!(
                "{}: Data Integrity proofs need an Ed25519 key (openbadges keygen); RSA/EC keys sign JWTs only",
                path.display()
            ))),
        }
    }
}
