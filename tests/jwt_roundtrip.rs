//! Sign → verify round trips for EdDSA, RS256 and ES256 in both payload
//! shapes, key lookup by `kid`, issuer binding and the date checks.
#![cfg(feature = "jose")]

mod jwt_support;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::DateTime;
use jwt_support::*;
use openbadges::jwt::{
    self, Algorithm, JwtError, KeyReference, KeySource, PayloadShape, SignOptions, SigningKey,
    TokenType, VerifyOptions, VerifyingKey,
};
use openbadges::keys::{BuiltinResolver, Keypair, encode_did_jwk};
use serde_json::{Value, json};

const SHAPES: [PayloadShape; 2] = [PayloadShape::Credential, PayloadShape::VcClaim];

fn decode_part(token: &str, index: usize) -> Value {
    let part = token.split('.').nth(index).expect("part");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).expect("b64")).expect("json")
}

#[test]
fn every_algorithm_and_shape_round_trips_by_kid() {
    let resolver = resolver();
    for alg in Algorithm::ALL {
        for shape in SHAPES {
            let key = signing_key(alg);
            assert_eq!(key.algorithm(), alg);
            let credential = credential(shape, ISSUER_DID);
            let issued = DateTime::from_timestamp(1_773_500_000, 0).expect("date");
            let options = SignOptions::new(KeyReference::Kid(kid(alg)))
                .shape(shape)
                .issued_at(issued);
            let token = jwt::sign(&credential, &key, &options).expect("sign");

            let header = decode_part(&token, 0);
            assert_eq!(
                header,
                json!({"alg": alg.as_str(), "typ": "JWT", "kid": kid(alg)}),
                "{alg} {shape:?}"
            );
            let mut expected_payload = mapped_claims(&credential, shape);
            expected_payload.insert("iat".into(), 1_773_500_000.into());
            assert_eq!(
                decode_part(&token, 1),
                payload(&credential, expected_payload, shape),
                "{alg} {shape:?}"
            );

            let verified =
                jwt::verify(&token, &resolver, &VerifyOptions::default()).expect("verify");
            assert_eq!(verified.credential, credential, "{alg} {shape:?}");
            assert_eq!(verified.algorithm, alg);
            assert_eq!(verified.shape, shape);
            assert_eq!(verified.issuer, ISSUER_DID);
            assert_eq!(verified.claims.iat, Some(1_773_500_000));
            assert_eq!(verified.claims.iss.as_deref(), Some(ISSUER_DID));
            assert_eq!(
                verified.key_source,
                KeySource::Kid {
                    kid: kid(alg),
                    controller: ISSUER_DID.into()
                }
            );
            assert!(verified.key_bound_to_issuer());
        }
    }
}

#[test]
fn embedded_jwk_round_trips_and_is_self_asserted_unless_listed() {
    for alg in Algorithm::ALL {
        for shape in SHAPES {
            let key = signing_key(alg);
            let credential = credential(shape, "https://unknown-issuer.example");
            let options = SignOptions::new(KeyReference::EmbeddedJwk).shape(shape);
            let token = jwt::sign(&credential, &key, &options).expect("sign");
            let header = decode_part(&token, 0);
            assert_eq!(header["jwk"], Value::Object(key.public_jwk().clone()));
            assert!(header["jwk"].get("d").is_none());

            let verified =
                jwt::verify(&token, &resolver(), &VerifyOptions::default()).expect("verify");
            assert_eq!(verified.credential, credential);
            assert_eq!(
                verified.key_source,
                KeySource::EmbeddedJwk {
                    self_asserted: true
                }
            );
            assert!(!verified.key_bound_to_issuer());
            let mut strict = VerifyOptions::default();
            strict.require_issuer_binding = true;
            assert_eq!(
                jwt::verify(&token, &resolver(), &strict),
                Err(JwtError::KeyNotBoundToIssuer {
                    issuer: "https://unknown-issuer.example".into()
                })
            );
        }
        // The same embedded key, issued by the did:web issuer whose document lists it.
        let token = jwt::sign(
            &credential_v2(ISSUER_DID),
            &signing_key(alg),
            &SignOptions::new(KeyReference::EmbeddedJwk),
        )
        .expect("sign");
        let verified = jwt::verify(&token, &resolver(), &VerifyOptions::default()).expect("ok");
        assert_eq!(
            verified.key_source,
            KeySource::EmbeddedJwk {
                self_asserted: false
            }
        );
        assert!(verified.key_bound_to_issuer());
    }
}

#[test]
fn did_key_issuer_with_keys_keypair_verifies_offline() {
    let keypair = Keypair::from_seed(&[42; 32]);
    let did = keypair.public_key().to_did_key();
    let kid = format!("{did}#{}", keypair.public_key().to_multibase());
    let credential = credential_v2(&did);
    let key = SigningKey::from_keypair(keypair);
    let token =
        jwt::sign(&credential, &key, &SignOptions::new(KeyReference::Kid(kid))).expect("sign");
    let verified = jwt::verify(&token, &BuiltinResolver, &VerifyOptions::default()).expect("ok");
    assert!(verified.key_bound_to_issuer());
    assert_eq!(verified.credential, credential);
    // Another did:key as issuer: verifies, but the key is not the issuer's.
    let other = credential_v2("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK");
    let token = jwt::sign(
        &other,
        &key,
        &SignOptions::new(KeyReference::Kid(format!(
            "{}#{}",
            Keypair::from_seed(&[42; 32]).public_key().to_did_key(),
            Keypair::from_seed(&[42; 32]).public_key().to_multibase()
        ))),
    )
    .expect("sign");
    let verified = jwt::verify(&token, &BuiltinResolver, &VerifyOptions::default()).expect("ok");
    assert!(!verified.key_bound_to_issuer());
}

#[test]
fn did_jwk_kids_resolve_offline_for_rsa_and_p256() {
    for alg in [Algorithm::Rs256, Algorithm::Es256, Algorithm::EdDsa] {
        let key = signing_key(alg);
        let did = encode_did_jwk(&Value::Object(key.public_jwk().clone())).expect("did:jwk");
        let credential = credential_v2(&did);
        let token = jwt::sign(
            &credential,
            &key,
            &SignOptions::new(KeyReference::Kid(format!("{did}#0"))),
        )
        .expect("sign");
        let verified =
            jwt::verify(&token, &BuiltinResolver, &VerifyOptions::default()).expect("ok");
        assert!(verified.key_bound_to_issuer(), "{alg}");
        assert_eq!(verified.algorithm, alg);
    }
}

#[test]
fn keys_from_pem_jwk_and_seed_agree() {
    for alg in Algorithm::ALL {
        let from_pem = signing_key(alg);
        assert_eq!(
            from_pem.verifying_key().expect("public"),
            verifying_key(alg),
            "{alg}"
        );
    }
    let seed = [5u8; 32];
    let jwk = Keypair::from_seed(&seed).to_private_jwk();
    let from_jwk = SigningKey::from_jwk(&jwk).expect("jwk");
    let from_seed = SigningKey::from_ed25519_seed(&seed);
    assert_eq!(from_jwk.public_jwk(), from_seed.public_jwk());
    let public = Keypair::from_seed(&seed).public_key();
    assert_eq!(
        VerifyingKey::from_public_key(&public),
        VerifyingKey::from_ed25519_bytes(public.as_bytes()).expect("bytes")
    );
}

#[test]
fn typ_vc_jwt_and_omitted_typ_verify() {
    let key = signing_key(Algorithm::EdDsa);
    for (token_type, typ) in [(TokenType::VcJwt, Some("vc+jwt")), (TokenType::Omit, None)] {
        let token = jwt::sign(
            &credential_v2(ISSUER_DID),
            &key,
            &SignOptions::new(KeyReference::Kid(kid(Algorithm::EdDsa))).token_type(token_type),
        )
        .expect("sign");
        let verified = jwt::verify(&token, &resolver(), &VerifyOptions::default()).expect("ok");
        assert_eq!(verified.header.typ.as_deref(), typ);
    }
}

#[test]
fn dates_are_reported_and_judged_only_with_a_clock() {
    let key = signing_key(Algorithm::EdDsa);
    let credential = credential_v2(ISSUER_DID);
    let token = jwt::sign(
        &credential,
        &key,
        &SignOptions::new(KeyReference::Kid(kid(Algorithm::EdDsa))),
    )
    .expect("sign");
    let valid_from = 1_773_500_966; // 2026-03-14T15:09:26Z
    let valid_until = 1_931_267_366; // 2031-03-14T15:09:26Z
    let at = |seconds: i64| {
        VerifyOptions::default().at(DateTime::from_timestamp(seconds, 0).expect("t"))
    };

    let verified = jwt::verify(&token, &resolver(), &VerifyOptions::default()).expect("ok");
    assert_eq!(verified.claims.nbf, Some(valid_from));
    assert_eq!(verified.claims.exp, Some(valid_until));
    // Far in the future, no clock: still verifies (dates reported, not judged).
    assert!(jwt::verify(&token, &resolver(), &at(valid_from)).is_ok());
    assert!(jwt::verify(&token, &resolver(), &at(valid_until - 1)).is_ok());
    assert_eq!(
        jwt::verify(&token, &resolver(), &at(valid_from - 1)),
        Err(JwtError::NotYetValid {
            not_before: valid_from,
            now: valid_from - 1
        })
    );
    assert_eq!(
        jwt::verify(&token, &resolver(), &at(valid_until)),
        Err(JwtError::Expired {
            expires: valid_until,
            now: valid_until
        })
    );
    let mut lenient = at(valid_from - 30);
    lenient.leeway_seconds = 60;
    assert!(jwt::verify(&token, &resolver(), &lenient).is_ok());
}

#[test]
fn trailing_newline_from_a_file_is_tolerated() {
    let token = jwt::sign(
        &credential_v2(ISSUER_DID),
        &signing_key(Algorithm::Rs256),
        &SignOptions::new(KeyReference::Kid(kid(Algorithm::Rs256))),
    )
    .expect("sign");
    assert!(
        jwt::verify(
            &format!("{token}\r\n"),
            &resolver(),
            &VerifyOptions::default()
        )
        .is_ok()
    );
}

#[test]
fn keys_and_results_are_thread_safe() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<SigningKey>();
    assert_send_sync::<VerifyingKey>();
    assert_send_sync::<jwt::VerifiedJwt>();
    assert_send_sync::<JwtError>();
}
