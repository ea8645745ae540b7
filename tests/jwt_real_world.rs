//! Real-world VC-JWT tokens from the 1EdTech validator's test resources.
//! Their keys are not published: the originals must pass every check up to
//! the signature, and the same header/payload bytes re-signed with a test
//! key must verify completely.
#![cfg(feature = "jose")]

mod jwt_support;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use josekit::jws::RS256;
use jwt_support::*;
use openbadges::jwt::{self, Algorithm, JwtError, KeySource, PayloadShape, VerifyOptions};
use openbadges::keys::StaticResolver;
use serde_json::{Value, json};

fn token(name: &str) -> String {
    fixture(&format!("1edtech-validator/{name}"))
}

/// The same signing input, signed with the RSA fixture key.
fn resign(token: &str) -> String {
    let (input, _) = token.rsplit_once('.').expect("three parts");
    let signer = RS256
        .signer_from_pem(private_pem(Algorithm::Rs256))
        .expect("key");
    let signature = josekit::jws::JwsSigner::sign(&signer, input.as_bytes()).expect("sign");
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature))
}

#[test]
fn simple_jwt_passes_everything_but_the_unpublished_signature() {
    let original = token("simple.jwt");
    let key = verifying_key(Algorithm::Rs256);
    assert_eq!(
        jwt::verify_with_key(&original, &key, &VerifyOptions::default()),
        Err(JwtError::InvalidSignature)
    );
    // With no `kid`/`jwk`, a resolver has nothing to look up.
    assert_eq!(
        jwt::verify(&original, &resolver(), &VerifyOptions::default()),
        Err(JwtError::MissingKeyReference)
    );

    let verified = jwt::verify_with_key(&resign(&original), &key, &VerifyOptions::default())
        .expect("re-signed token verifies");
    assert_eq!(verified.shape, PayloadShape::VcClaim);
    assert_eq!(verified.key_source, KeySource::Supplied);
    assert_eq!(verified.issuer, "https://example.edu/issuers/565049");
    assert_eq!(verified.claims.nbf, Some(1_262_304_000));
    assert_eq!(
        verified.credential["id"],
        json!("http://example.edu/credentials/3732")
    );
    assert_eq!(verified.header.typ.as_deref(), Some("JWT"));
}

#[test]
fn velocity_jwt_verifies_with_its_kid_resolved_and_subject_restored() {
    let original = token("velocity.jwt");
    let kid = "did:velocity:v2:0x4ade3a40a6092366765fa42a8247d07a6c3bdddd:89849842277648:6168:751347bfd23481074ad4aa6abe9152a3bda15292c8f6fea68a28c1fde065949c#key-1";
    let (did, _) = kid.split_once('#').expect("fragment");
    let issuer = "did:web:registrar%3A3000:d:www.acmecorp-zrnkgupzazhhustuwbufc.com";
    let mut resolver = StaticResolver::new();
    resolver
        .insert(json!({
            "id": did,
            "verificationMethod": [{
                "id": "#key-1",
                "type": "JsonWebKey2020",
                "controller": issuer,
                "publicKeyJwk": Value::Object(verifying_key(Algorithm::Rs256).public_jwk().clone()),
            }],
        }))
        .expect("document");

    assert_eq!(
        jwt::verify(&original, &resolver, &VerifyOptions::default()),
        Err(JwtError::InvalidSignature)
    );
    let verified = jwt::verify(&resign(&original), &resolver, &VerifyOptions::default())
        .expect("re-signed token verifies");
    assert_eq!(verified.shape, PayloadShape::VcClaim);
    assert_eq!(verified.issuer, issuer);
    assert!(verified.key_bound_to_issuer());
    assert_eq!(verified.claims.iat, Some(1_760_489_061));
    // `issuanceDate` has milliseconds; `nbf` is its whole second.
    assert_eq!(verified.claims.nbf, Some(1_760_489_061));
    assert_eq!(
        verified.credential["issuanceDate"],
        json!("2025-10-15T00:44:21.142Z")
    );
    // The `vc` left the subject id to `sub`; it is restored.
    assert_eq!(
        verified.credential["credentialSubject"]["id"],
        json!(verified.claims.sub.clone().expect("sub"))
    );
    assert!(
        verified.credential["credentialSubject"]["id"]
            .as_str()
            .is_some_and(|id| id.starts_with("did:jwk:"))
    );
}
