//! Shared helpers for the `jwt_*` integration tests.
#![allow(dead_code)]

use openbadges::jwt::{Algorithm, PayloadShape, SigningKey, VerifyingKey};
use openbadges::keys::StaticResolver;
use serde_json::{Map, Value, json};

/// Reads `fixtures/jwt/<name>`.
pub fn fixture(name: &str) -> String {
    let path = format!("{}/fixtures/jwt/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{path}: {err}"))
}

/// The private PEM fixture for an algorithm.
pub fn private_pem(alg: Algorithm) -> String {
    fixture(match alg {
        Algorithm::EdDsa => "ed25519-private.pem",
        Algorithm::Rs256 => "rsa2048-private.pem",
        _ => "p256-private.pem",
    })
}

/// The public PEM fixture for an algorithm.
pub fn public_pem(alg: Algorithm) -> String {
    fixture(match alg {
        Algorithm::EdDsa => "ed25519-public.pem",
        Algorithm::Rs256 => "rsa2048-public.pem",
        _ => "p256-public.pem",
    })
}

#[cfg(feature = "jose")]
pub fn signing_key(alg: Algorithm) -> SigningKey {
    SigningKey::from_pem(private_pem(alg).as_bytes()).expect("fixture key")
}

#[cfg(feature = "jose")]
pub fn verifying_key(alg: Algorithm) -> VerifyingKey {
    VerifyingKey::from_pem(public_pem(alg).as_bytes()).expect("fixture key")
}

/// The issuer DID used with the `did:web` documents below.
pub const ISSUER_DID: &str = "did:web:district.example.org";

/// `kid` of the fixture key of `alg` in the issuer's DID document.
pub fn kid(alg: Algorithm) -> String {
    format!("{ISSUER_DID}#{}", alg.as_str().to_ascii_lowercase())
}

/// The ~3.8 KB OB 3.0 credential (VC 2.0), issued by `issuer`.
pub fn credential_v2(issuer: &str) -> Value {
    let mut credential: Value = serde_json::from_str(&fixture("credential-v2.json")).expect("json");
    credential["issuer"]["id"] = Value::String(issuer.to_owned());
    credential
}

/// The VC 1.1 credential, issued by `issuer`.
pub fn credential_v1(issuer: &str) -> Value {
    let mut credential: Value = serde_json::from_str(&fixture("credential-v1.json")).expect("json");
    credential["issuer"]["id"] = Value::String(issuer.to_owned());
    credential
}

pub fn credential(shape: PayloadShape, issuer: &str) -> Value {
    match shape {
        PayloadShape::VcClaim => credential_v1(issuer),
        _ => credential_v2(issuer),
    }
}

/// The JWK fixture (`fixtures/jwt/<name>.jwk.json`) as JSON.
pub fn jwk_fixture(name: &str) -> Value {
    serde_json::from_str(&fixture(&format!("{name}.jwk.json"))).expect("JWK fixture")
}

/// The fixture key of `alg` as a signing key read from its private JWK (no PEM, no OpenSSL).
/// RS256 has no private JWK fixture: pure-Rust builds do not sign RS256.
pub fn jwk_signing_key(alg: Algorithm) -> SigningKey {
    let name = match alg {
        Algorithm::EdDsa => "ed25519-private",
        Algorithm::Es256 => "p256-private",
        _ => panic!("no private JWK fixture for {alg}"),
    };
    SigningKey::from_jwk(&jwk_fixture(name)).expect("fixture key")
}

/// The fixture key of `alg` as a verifying key read from JWK (no PEM, no OpenSSL).
pub fn jwk_verifying_key(alg: Algorithm) -> VerifyingKey {
    match alg {
        Algorithm::Rs256 => {
            VerifyingKey::from_jwk(&jwk_fixture("rsa2048-public")).expect("fixture key")
        }
        _ => jwk_signing_key(alg).verifying_key().expect("fixture key"),
    }
}

/// A resolver knowing the `did:web` issuer whose document lists the three
/// fixture keys (JsonWebKey2020) under `assertionMethod`.
pub fn resolver() -> StaticResolver {
    let methods: Vec<Value> = Algorithm::ALL
        .iter()
        .map(|alg| {
            json!({
                "id": kid(*alg),
                "type": "JsonWebKey2020",
                "controller": ISSUER_DID,
                "publicKeyJwk": Value::Object(jwk_verifying_key(*alg).public_jwk().clone()),
            })
        })
        .collect();
    let ids: Vec<Value> = Algorithm::ALL
        .iter()
        .map(|alg| Value::String(kid(*alg)))
        .collect();
    let mut resolver = StaticResolver::new();
    resolver
        .insert(json!({
            "id": ISSUER_DID,
            "verificationMethod": methods,
            "assertionMethod": ids,
        }))
        .expect("document");
    resolver
}

/// The claims OB 3.0 maps from a credential, as the spec defines them.
pub fn mapped_claims(credential: &Value, shape: PayloadShape) -> Map<String, Value> {
    let seconds = |name: &str| {
        credential.get(name).and_then(Value::as_str).map(|date| {
            chrono::DateTime::parse_from_rfc3339(date)
                .expect("date")
                .timestamp()
        })
    };
    let (from, until) = match shape {
        PayloadShape::VcClaim => ("issuanceDate", "expirationDate"),
        _ => ("validFrom", "validUntil"),
    };
    let mut claims = Map::new();
    let issuer = &credential["issuer"];
    claims.insert(
        "iss".into(),
        issuer.get("id").cloned().unwrap_or_else(|| issuer.clone()),
    );
    claims.insert("jti".into(), credential["id"].clone());
    claims.insert("sub".into(), credential["credentialSubject"]["id"].clone());
    claims.insert("nbf".into(), seconds(from).into());
    if let Some(exp) = seconds(until) {
        claims.insert("exp".into(), exp.into());
    }
    claims
}

/// A payload of `shape` carrying `credential` with `claims`.
pub fn payload(credential: &Value, claims: Map<String, Value>, shape: PayloadShape) -> Value {
    let mut payload = claims;
    match shape {
        PayloadShape::VcClaim => {
            payload.insert("vc".into(), credential.clone());
        }
        _ => {
            if let Value::Object(members) = credential {
                payload.extend(members.clone());
            }
        }
    }
    Value::Object(payload)
}
