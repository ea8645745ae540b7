//! EdDSA VC-JWT sign and verify of a ~3.8 KB OB 3.0 credential: this crate's
//! API (header/claims checks, strict JSON, did:key resolution) against raw
//! josekit doing a bare JWT sign/verify of the same payload.

use std::hint::black_box;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use criterion::{Criterion, criterion_group, criterion_main};
use josekit::jws::{EdDSA, JwsHeader};
use josekit::jwt::{self as jose_jwt, JwtPayload};
use openbadges::jwt::{self, KeyReference, SignOptions, SigningKey, VerifyOptions};
use openbadges::keys::{BuiltinResolver, PublicKey};
use serde_json::{Map, Value};

const CREDENTIAL: &str = include_str!("../fixtures/jwt/credential-v2.json");
const ED25519_PRIVATE_PEM: &str = include_str!("../fixtures/jwt/ed25519-private.pem");
const ED25519_PUBLIC_PEM: &str = include_str!("../fixtures/jwt/ed25519-public.pem");

fn credential_for(issuer: &str) -> Value {
    let mut credential: Value = serde_json::from_str(CREDENTIAL).expect("fixture");
    credential["issuer"]["id"] = Value::String(issuer.to_owned());
    credential
}

fn bench_eddsa(c: &mut Criterion) {
    // Ours: did:key issuer, kid resolved offline on every verify.
    let our_key = SigningKey::from_pem(ED25519_PRIVATE_PEM.as_bytes()).expect("key");
    let public = our_key.public_jwk()["x"].as_str().expect("x").to_owned();
    let keypair_public = PublicKey::from_jwk(&serde_json::json!({
        "kty": "OKP", "crv": "Ed25519", "x": public
    }))
    .expect("public");
    let did = keypair_public.to_did_key();
    let kid = format!("{did}#{}", keypair_public.to_multibase());
    let credential = credential_for(&did);
    let options = SignOptions::new(KeyReference::Kid(kid.clone()));
    let verify_options = VerifyOptions::default();
    let our_token = jwt::sign(&credential, &our_key, &options).expect("sign");

    // Raw josekit: the same payload (credential + claims), same key, kid header.
    let signer = EdDSA.signer_from_pem(ED25519_PRIVATE_PEM).expect("signer");
    let verifier = EdDSA
        .verifier_from_pem(ED25519_PUBLIC_PEM)
        .expect("verifier");
    // The exact payload our token carries (credential + registered claims).
    let payload_part = our_token.split('.').nth(1).expect("payload");
    let payload_bytes = URL_SAFE_NO_PAD.decode(payload_part).expect("b64");
    let payload_map: Map<String, Value> = serde_json::from_slice(&payload_bytes).expect("json");
    let mut header = JwsHeader::new();
    header.set_token_type("JWT");
    header.set_key_id(&kid);
    let jose_token = |payload_map: &Map<String, Value>| {
        let payload = JwtPayload::from_map(payload_map.clone()).expect("payload");
        jose_jwt::encode_with_signer(&payload, &header, &signer).expect("encode")
    };
    let jose_signed = jose_token(&payload_map);
    println!(
        "payload {} bytes; our token {} bytes; josekit token {} bytes",
        serde_json::to_string(&payload_map)
            .map(|s| s.len())
            .unwrap_or(0),
        our_token.len(),
        jose_signed.len()
    );

    let mut sign = c.benchmark_group("eddsa_sign");
    sign.bench_function("openbadges", |b| {
        b.iter(|| jwt::sign(black_box(&credential), &our_key, &options).expect("sign"))
    });
    sign.bench_function("josekit", |b| {
        b.iter(|| {
            // josekit signs a JwtPayload built from the credential map.
            let payload = JwtPayload::from_map(black_box(&payload_map).clone()).expect("payload");
            jose_jwt::encode_with_signer(&payload, &header, &signer).expect("encode")
        })
    });
    sign.finish();

    let mut verify = c.benchmark_group("eddsa_verify");
    verify.bench_function("openbadges", |b| {
        b.iter(|| {
            jwt::verify(black_box(&our_token), &BuiltinResolver, &verify_options).expect("verify")
        })
    });
    verify.bench_function("josekit", |b| {
        b.iter(|| {
            jose_jwt::decode_with_verifier(black_box(&jose_signed), &verifier).expect("decode")
        })
    });
    verify.finish();
}

criterion_group!(benches, bench_eddsa);
criterion_main!(benches);
