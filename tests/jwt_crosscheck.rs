//! Interoperability with an independent JOSE implementation (the
//! `jsonwebtoken` crate, RustCrypto backend): its tokens verify with ours and
//! ours verify with it, for EdDSA, RS256 and ES256, in both payload shapes.
#![cfg(feature = "jose")]

mod jwt_support;

use jsonwebtoken as other;
use jwt_support::*;
use openbadges::jwt::{
    self, Algorithm, JwtError, KeyReference, PayloadShape, SignOptions, VerifyOptions,
};
use serde_json::{Value, json};

const SHAPES: [PayloadShape; 2] = [PayloadShape::Credential, PayloadShape::VcClaim];

fn other_alg(alg: Algorithm) -> other::Algorithm {
    match alg {
        Algorithm::EdDsa => other::Algorithm::EdDSA,
        Algorithm::Rs256 => other::Algorithm::RS256,
        _ => other::Algorithm::ES256,
    }
}

fn encoding_key(alg: Algorithm) -> other::EncodingKey {
    let pem = private_pem(alg);
    match alg {
        Algorithm::EdDsa => other::EncodingKey::from_ed_pem(pem.as_bytes()),
        Algorithm::Rs256 => other::EncodingKey::from_rsa_pem(pem.as_bytes()),
        _ => other::EncodingKey::from_ec_pem(pem.as_bytes()),
    }
    .expect("encoding key")
}

fn decoding_key(alg: Algorithm) -> other::DecodingKey {
    let pem = public_pem(alg);
    match alg {
        Algorithm::EdDsa => other::DecodingKey::from_ed_pem(pem.as_bytes()),
        Algorithm::Rs256 => other::DecodingKey::from_rsa_pem(pem.as_bytes()),
        _ => other::DecodingKey::from_ec_pem(pem.as_bytes()),
    }
    .expect("decoding key")
}

/// Signature and algorithm checks only: the dates are checked by the test itself.
fn other_validation(alg: Algorithm) -> other::Validation {
    let mut validation = other::Validation::new(other_alg(alg));
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    validation
}

fn other_sign(alg: Algorithm, header_kid: Option<String>, payload: &Value) -> String {
    let mut header = other::Header::new(other_alg(alg));
    header.kid = header_kid;
    other::encode(&header, payload, &encoding_key(alg)).expect("jsonwebtoken encode")
}

#[test]
fn their_tokens_verify_with_ours() {
    let resolver = resolver();
    for alg in Algorithm::ALL {
        for shape in SHAPES {
            let credential = credential(shape, ISSUER_DID);
            let payload = payload(&credential, mapped_claims(&credential, shape), shape);
            let token = other_sign(alg, Some(kid(alg)), &payload);
            let verified = jwt::verify(&token, &resolver, &VerifyOptions::default())
                .unwrap_or_else(|err| panic!("{alg} {shape:?}: {err}"));
            assert_eq!(verified.credential, credential, "{alg} {shape:?}");
            assert_eq!(verified.shape, shape);
            assert_eq!(verified.algorithm, alg);
            assert!(verified.key_bound_to_issuer());
        }
    }
}

#[test]
fn their_tokens_with_an_embedded_jwk_verify_with_ours() {
    for alg in Algorithm::ALL {
        let credential = credential_v2("https://issuer.example");
        let payload = payload(
            &credential,
            mapped_claims(&credential, PayloadShape::Credential),
            PayloadShape::Credential,
        );
        let mut header = other::Header::new(other_alg(alg));
        let jwk = Value::Object(verifying_key(alg).public_jwk().clone());
        header.jwk = Some(serde_json::from_value(jwk).expect("jwk"));
        let token = other::encode(&header, &payload, &encoding_key(alg)).expect("encode");
        let verified = jwt::verify(&token, &resolver(), &VerifyOptions::default())
            .unwrap_or_else(|err| panic!("{alg}: {err}"));
        assert_eq!(verified.credential, credential);
        assert!(!verified.key_bound_to_issuer());
    }
}

#[test]
fn our_tokens_verify_with_theirs() {
    for alg in Algorithm::ALL {
        for shape in SHAPES {
            let credential = credential(shape, ISSUER_DID);
            for reference in [KeyReference::Kid(kid(alg)), KeyReference::EmbeddedJwk] {
                let options = SignOptions::new(reference.clone()).shape(shape);
                let token = jwt::sign(&credential, &signing_key(alg), &options).expect("sign");
                let decoded =
                    other::decode::<Value>(&token, &decoding_key(alg), &other_validation(alg))
                        .unwrap_or_else(|err| panic!("{alg} {shape:?} {reference:?}: {err}"));
                assert_eq!(decoded.header.alg, other_alg(alg));
                assert_eq!(
                    decoded.claims,
                    payload(&credential, mapped_claims(&credential, shape), shape),
                    "{alg} {shape:?}"
                );
            }
        }
    }
}

#[test]
fn their_tampered_tokens_fail_with_ours_and_ours_with_theirs() {
    let resolver = resolver();
    for alg in Algorithm::ALL {
        let credential = credential_v2(ISSUER_DID);
        let payload_value = payload(
            &credential,
            mapped_claims(&credential, PayloadShape::Credential),
            PayloadShape::Credential,
        );
        let theirs = other_sign(alg, Some(kid(alg)), &payload_value);
        let ours = jwt::sign(
            &credential,
            &signing_key(alg),
            &SignOptions::new(KeyReference::Kid(kid(alg))),
        )
        .expect("sign");
        // Same header, payload from the other token whose name differs.
        let mut forged_credential = credential.clone();
        forged_credential["name"] = json!("Forged");
        let forged = other_sign(
            alg,
            Some(kid(alg)),
            &payload(
                &forged_credential,
                mapped_claims(&forged_credential, PayloadShape::Credential),
                PayloadShape::Credential,
            ),
        );
        let forged_payload = forged.split('.').nth(1).expect("payload");
        let splice = |token: &str| {
            let mut parts: Vec<&str> = token.split('.').collect();
            parts[1] = forged_payload;
            parts.join(".")
        };
        assert_eq!(
            jwt::verify(&splice(&theirs), &resolver, &VerifyOptions::default()),
            Err(JwtError::InvalidSignature),
            "{alg}"
        );
        assert!(
            other::decode::<Value>(&splice(&ours), &decoding_key(alg), &other_validation(alg))
                .is_err(),
            "{alg}"
        );
    }
}

#[test]
fn legacy_vc_claim_with_properties_left_to_the_claims_is_restored() {
    // VC-DM 1.1 §6.3.1 lets the `vc` claim omit what `iss`, `jti`, `sub`,
    // `nbf` and `exp` carry; the verifier restores them.
    let full = credential_v1(ISSUER_DID);
    let claims = mapped_claims(&full, PayloadShape::VcClaim);
    let mut slim = full.clone();
    if let Value::Object(members) = &mut slim {
        for name in ["issuer", "id", "issuanceDate", "expirationDate"] {
            members.shift_remove(name);
        }
    }
    slim["credentialSubject"]
        .as_object_mut()
        .expect("subject")
        .shift_remove("id");
    let token = other_sign(
        Algorithm::Rs256,
        Some(kid(Algorithm::Rs256)),
        &payload(&slim, claims, PayloadShape::VcClaim),
    );
    let verified = jwt::verify(&token, &resolver(), &VerifyOptions::default()).expect("verify");
    assert_eq!(verified.credential["issuer"], json!(ISSUER_DID));
    assert_eq!(verified.credential["id"], full["id"]);
    assert_eq!(verified.credential["issuanceDate"], full["issuanceDate"]);
    assert_eq!(
        verified.credential["expirationDate"],
        full["expirationDate"]
    );
    assert_eq!(
        verified.credential["credentialSubject"]["id"],
        full["credentialSubject"]["id"]
    );
}
