//! VC-JWT in the default, pure-Rust build: EdDSA and ES256 signing, EdDSA, ES256 and RS256
//! verification, with keys read from JWK. Cross-checked both ways with `jsonwebtoken`
//! (RustCrypto backend) and against tokens josekit (OpenSSL) made, saved in
//! `fixtures/jwt/josekit-*.jwt`. With the `jose` feature, the OpenSSL path and the pure-Rust
//! path give identical tokens where they overlap.

mod jwt_support;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken as other;
use jwt_support::*;
use openbadges::jwt::{
    self, Algorithm, JwtError, KeyReference, KeySource, PayloadShape, SignOptions, SigningKey,
    VerifyOptions, VerifyingKey,
};
use serde_json::{Value, json};

/// The algorithms the default build signs with.
const PURE_SIGNERS: [Algorithm; 2] = [Algorithm::EdDsa, Algorithm::Es256];

fn sign_by_kid(alg: Algorithm, key: &SigningKey) -> String {
    jwt::sign(
        &credential_v2(ISSUER_DID),
        key,
        &SignOptions::new(KeyReference::Kid(kid(alg))),
    )
    .expect("sign")
}

fn their_decoding_key(alg: Algorithm) -> other::DecodingKey {
    let jwk = jwk_verifying_key(alg).public_jwk().clone();
    let member = |name: &str| jwk[name].as_str().expect("member").to_owned();
    match alg {
        Algorithm::EdDsa => other::DecodingKey::from_ed_components(&member("x")),
        Algorithm::Rs256 => other::DecodingKey::from_rsa_components(&member("n"), &member("e")),
        _ => other::DecodingKey::from_ec_components(&member("x"), &member("y")),
    }
    .expect("decoding key")
}

fn their_alg(alg: Algorithm) -> other::Algorithm {
    match alg {
        Algorithm::EdDsa => other::Algorithm::EdDSA,
        Algorithm::Rs256 => other::Algorithm::RS256,
        _ => other::Algorithm::ES256,
    }
}

/// Signature and algorithm checks only (the fixture credential's dates are in the past).
fn their_validation(alg: Algorithm) -> other::Validation {
    let mut validation = other::Validation::new(their_alg(alg));
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    validation
}

fn flip_signature_byte(token: &str) -> String {
    let (input, signature) = token.rsplit_once('.').expect("three parts");
    let mut bytes = URL_SAFE_NO_PAD.decode(signature).expect("b64");
    bytes[0] ^= 1;
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(bytes))
}

#[test]
fn eddsa_and_es256_sign_and_verify_from_jwk_keys() {
    let resolver = resolver();
    for alg in PURE_SIGNERS {
        let key = jwk_signing_key(alg);
        assert_eq!(key.algorithm(), alg);
        let token = sign_by_kid(alg, &key);
        let verified = jwt::verify(&token, &resolver, &VerifyOptions::default()).expect("verify");
        assert_eq!(verified.credential, credential_v2(ISSUER_DID), "{alg}");
        assert_eq!(verified.algorithm, alg);
        assert_eq!(
            verified.key_source,
            KeySource::Kid {
                kid: kid(alg),
                controller: ISSUER_DID.into()
            }
        );
        assert_eq!(
            jwt::verify(
                &flip_signature_byte(&token),
                &resolver,
                &VerifyOptions::default()
            ),
            Err(JwtError::InvalidSignature),
            "{alg}"
        );
    }
}

#[test]
fn es256_signatures_are_deterministic_rfc6979() {
    let key = jwk_signing_key(Algorithm::Es256);
    let credential = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": "https://issuer.example",
        "credentialSubject": {"name": "Ada"}
    });
    let options = SignOptions::new(KeyReference::Kid("https://issuer.example/keys/1".into()));
    let token = jwt::sign(&credential, &key, &options).expect("sign");
    assert_eq!(token, jwt::sign(&credential, &key, &options).expect("sign"));
    let signature = URL_SAFE_NO_PAD
        .decode(token.rsplit_once('.').expect("parts").1)
        .expect("b64");
    assert_eq!(signature.len(), 64, "JWS ES256 is r || s, not DER");
    // Pinned so a change of nonce generation or signature encoding is noticed; the pinned
    // token verifies with `jsonwebtoken`.
    other::decode::<Value>(
        &token,
        &their_decoding_key(Algorithm::Es256),
        &their_validation(Algorithm::Es256),
    )
    .expect("jsonwebtoken verifies");
    assert_eq!(
        token.rsplit_once('.').expect("parts").1,
        ES256_PINNED_SIGNATURE
    );
}

const ES256_PINNED_SIGNATURE: &str =
    "X0XYRytsl6nJ5wEk2jeYr5z70pUYL2kWG4DteZ5m97VnEFyr-Qe_dKgMLUAafaj4hm6gAIwdtguq6XJrjtF7iw";

#[test]
fn our_tokens_verify_with_jsonwebtoken() {
    for alg in PURE_SIGNERS {
        for shape in [PayloadShape::Credential, PayloadShape::VcClaim] {
            let credential = credential(shape, ISSUER_DID);
            let options = SignOptions::new(KeyReference::Kid(kid(alg))).shape(shape);
            let token = jwt::sign(&credential, &jwk_signing_key(alg), &options).expect("sign");
            let decoded =
                other::decode::<Value>(&token, &their_decoding_key(alg), &their_validation(alg))
                    .unwrap_or_else(|err| panic!("{alg} {shape:?}: {err}"));
            assert_eq!(
                decoded.claims,
                payload(&credential, mapped_claims(&credential, shape), shape)
            );
            assert!(
                other::decode::<Value>(
                    &flip_signature_byte(&token),
                    &their_decoding_key(alg),
                    &their_validation(alg)
                )
                .is_err(),
                "{alg}"
            );
        }
    }
}

#[test]
fn jsonwebtoken_tokens_verify_with_ours_for_every_algorithm() {
    let resolver = resolver();
    for alg in Algorithm::ALL {
        let credential = credential_v2(ISSUER_DID);
        let claims = mapped_claims(&credential, PayloadShape::Credential);
        let payload = payload(&credential, claims, PayloadShape::Credential);
        let pem = private_pem(alg);
        let encoding = match alg {
            Algorithm::EdDsa => other::EncodingKey::from_ed_pem(pem.as_bytes()),
            Algorithm::Rs256 => other::EncodingKey::from_rsa_pem(pem.as_bytes()),
            _ => other::EncodingKey::from_ec_pem(pem.as_bytes()),
        }
        .expect("encoding key");
        let mut header = other::Header::new(their_alg(alg));
        header.kid = Some(kid(alg));
        let token = other::encode(&header, &payload, &encoding).expect("encode");
        let verified = jwt::verify(&token, &resolver, &VerifyOptions::default())
            .unwrap_or_else(|err| panic!("{alg}: {err}"));
        assert_eq!(verified.credential, credential);
        assert_eq!(verified.algorithm, alg);
        assert_eq!(
            jwt::verify(
                &flip_signature_byte(&token),
                &resolver,
                &VerifyOptions::default()
            ),
            Err(JwtError::InvalidSignature),
            "{alg}"
        );
    }
}

#[test]
fn josekit_rs256_and_es256_tokens_verify_in_the_pure_rust_build() {
    let resolver = resolver();
    for (alg, file) in [
        (Algorithm::Rs256, "josekit-rs256.jwt"),
        (Algorithm::Es256, "josekit-es256.jwt"),
    ] {
        let token = fixture(file);
        let verified = jwt::verify(&token, &resolver, &VerifyOptions::default())
            .unwrap_or_else(|err| panic!("{file}: {err}"));
        assert_eq!(verified.algorithm, alg);
        assert_eq!(verified.credential, credential_v2(ISSUER_DID));
        assert!(verified.key_bound_to_issuer());
        let key = jwk_verifying_key(alg);
        assert!(jwt::verify_with_key(&token, &key, &VerifyOptions::default()).is_ok());
        assert_eq!(
            jwt::verify(
                &flip_signature_byte(token.trim()),
                &resolver,
                &VerifyOptions::default()
            ),
            Err(JwtError::InvalidSignature),
            "{file}"
        );
    }
}

#[test]
fn rsa_public_keys_are_checked() {
    let mut jwk = jwk_fixture("rsa2048-public");
    assert_eq!(
        VerifyingKey::from_jwk(&jwk).expect("2048 bits").algorithm(),
        Algorithm::Rs256
    );
    // 1024-bit modulus: the top half of the 2048-bit one.
    let n = URL_SAFE_NO_PAD
        .decode(jwk["n"].as_str().expect("n"))
        .expect("b64");
    jwk["n"] = Value::String(URL_SAFE_NO_PAD.encode(&n[..128]));
    assert!(matches!(
        VerifyingKey::from_jwk(&jwk),
        Err(JwtError::InvalidKey(reason)) if reason.contains("1024 bits")
    ));
    jwk["n"] = Value::String("not base64url!".into());
    assert!(matches!(
        VerifyingKey::from_jwk(&jwk),
        Err(JwtError::InvalidKey(reason)) if reason.contains("`n`")
    ));
}

#[test]
fn p256_keys_are_checked() {
    let private = jwk_fixture("p256-private");
    let mut public = private.clone();
    public.as_object_mut().expect("object").remove("d");
    assert!(VerifyingKey::from_jwk(&public).is_ok());

    // A point off the curve.
    let mut off_curve = public.clone();
    off_curve["y"] = off_curve["x"].clone();
    assert!(matches!(
        VerifyingKey::from_jwk(&off_curve),
        Err(JwtError::InvalidKey(reason)) if reason.contains("not a point")
    ));
    // A coordinate of the wrong length.
    let mut short = public.clone();
    short["x"] = Value::String(URL_SAFE_NO_PAD.encode([1u8; 31]));
    assert!(matches!(
        VerifyingKey::from_jwk(&short),
        Err(JwtError::InvalidKey(reason)) if reason.contains("32 bytes")
    ));
    // A private scalar that is not the key of `x`/`y`.
    let mut mismatched = private.clone();
    mismatched["d"] = Value::String(URL_SAFE_NO_PAD.encode([7u8; 32]));
    assert!(matches!(
        SigningKey::from_jwk(&mismatched),
        Err(JwtError::InvalidKey(reason)) if reason.contains("not the private key")
    ));
    // Zero is not a private key.
    assert!(SigningKey::from_p256_scalar(&[0; 32]).is_err());
    let from_scalar = SigningKey::from_p256_scalar(
        &URL_SAFE_NO_PAD
            .decode(private["d"].as_str().expect("d"))
            .expect("b64")
            .try_into()
            .expect("32 bytes"),
    )
    .expect("scalar");
    assert_eq!(
        Value::Object(from_scalar.public_jwk().clone()),
        json!({"kty": "EC", "crv": "P-256", "x": public["x"], "y": public["y"]})
    );
}

#[test]
fn es256_signatures_in_der_form_are_rejected() {
    let key = jwk_signing_key(Algorithm::Es256);
    let token = sign_by_kid(Algorithm::Es256, &key);
    let (input, signature) = token.rsplit_once('.').expect("parts");
    let raw = URL_SAFE_NO_PAD.decode(signature).expect("b64");
    // DER SEQUENCE { INTEGER r, INTEGER s } (each with a leading zero so it stays positive).
    let mut der = vec![0x30, 70, 0x02, 33, 0];
    der.extend_from_slice(&raw[..32]);
    der.extend_from_slice(&[0x02, 33, 0]);
    der.extend_from_slice(&raw[32..]);
    let forged = format!("{input}.{}", URL_SAFE_NO_PAD.encode(der));
    assert_eq!(
        jwt::verify(&forged, &resolver(), &VerifyOptions::default()),
        Err(JwtError::InvalidSignature)
    );
}

#[cfg(not(feature = "jose"))]
#[test]
fn rs256_signing_needs_the_jose_feature() {
    let mut jwk = jwk_fixture("rsa2048-public");
    // Any `d`: the key is refused for its kind before `d` is read.
    jwk["d"] = Value::String("AQAB".into());
    assert!(matches!(
        SigningKey::from_jwk(&jwk),
        Err(JwtError::UnsupportedKey(reason)) if reason.contains("`jose`")
    ));
}

/// With `jose`: the OpenSSL path and the pure-Rust path give identical tokens.
#[cfg(feature = "jose")]
mod with_jose {
    use super::*;
    use josekit::jwk::KeyPair as _;
    use josekit::jws::{ES256, EdDSA, JwsSigner as _, JwsVerifier as _, RS256};

    fn signing_input(token: &str) -> &str {
        token.rsplit_once('.').expect("parts").0
    }

    fn signature(token: &str) -> Vec<u8> {
        URL_SAFE_NO_PAD
            .decode(token.trim().rsplit_once('.').expect("parts").1)
            .expect("b64")
    }

    #[test]
    fn pem_and_jwk_keys_give_identical_tokens() {
        for alg in PURE_SIGNERS {
            let from_pem = SigningKey::from_pem(private_pem(alg).as_bytes()).expect("pem");
            assert_eq!(from_pem.public_jwk(), jwk_signing_key(alg).public_jwk());
            assert_eq!(
                sign_by_kid(alg, &from_pem),
                sign_by_kid(alg, &jwk_signing_key(alg)),
                "{alg}"
            );
        }
        assert_eq!(
            VerifyingKey::from_pem(public_pem(Algorithm::Rs256).as_bytes()).expect("pem"),
            jwk_verifying_key(Algorithm::Rs256)
        );
    }

    #[test]
    fn eddsa_signatures_equal_josekits() {
        let token = sign_by_kid(Algorithm::EdDsa, &jwk_signing_key(Algorithm::EdDsa));
        let signer = EdDSA
            .signer_from_pem(private_pem(Algorithm::EdDsa))
            .expect("signer");
        assert_eq!(
            signer.sign(signing_input(&token).as_bytes()).expect("sign"),
            signature(&token)
        );
    }

    #[test]
    fn rs256_from_openssl_equals_pure_rust_rsa_and_the_saved_josekit_token() {
        // PKCS#1 v1.5 is deterministic: RustCrypto's RSA (used here, in a test, as the
        // independent reference) must give the very signature OpenSSL gave.
        let key = SigningKey::from_pem(private_pem(Algorithm::Rs256).as_bytes()).expect("pem");
        let ours = sign_by_kid(Algorithm::Rs256, &key);
        let pair = RS256
            .key_pair_from_pem(private_pem(Algorithm::Rs256))
            .expect("pair");
        let jwk = pair.to_jwk_private_key();
        let int = |name: &str| {
            rsa::BigUint::from_bytes_be(
                &URL_SAFE_NO_PAD
                    .decode(jwk.parameter(name).and_then(Value::as_str).expect("member"))
                    .expect("b64"),
            )
        };
        let private = rsa::RsaPrivateKey::from_components(
            int("n"),
            int("e"),
            int("d"),
            vec![int("p"), int("q")],
        )
        .expect("rsa key");
        let reference = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(private);
        let reference: rsa::pkcs1v15::Signature =
            rsa::signature::Signer::sign(&reference, signing_input(&ours).as_bytes());
        assert_eq!(Box::<[u8]>::from(reference).to_vec(), signature(&ours));

        // The saved josekit token is reproduced byte for byte by OpenSSL today.
        let saved = fixture("josekit-rs256.jwt");
        let signer = RS256
            .signer_from_pem(private_pem(Algorithm::Rs256))
            .expect("signer");
        assert_eq!(
            signer
                .sign(signing_input(saved.trim()).as_bytes())
                .expect("sign"),
            signature(&saved)
        );
    }

    #[test]
    fn es256_tokens_cross_verify_with_josekit() {
        // OpenSSL picks a random nonce, so josekit tokens differ each time; 32 of them cover
        // high-S and low-S signatures alike.
        let resolver = resolver();
        let signer = ES256
            .signer_from_pem(private_pem(Algorithm::Es256))
            .expect("signer");
        let verifier = ES256
            .verifier_from_pem(public_pem(Algorithm::Es256))
            .expect("verifier");
        let ours = sign_by_kid(Algorithm::Es256, &jwk_signing_key(Algorithm::Es256));
        verifier
            .verify(signing_input(&ours).as_bytes(), &signature(&ours))
            .expect("josekit verifies ours");
        for _ in 0..32 {
            let theirs = signer.sign(signing_input(&ours).as_bytes()).expect("sign");
            let token = format!(
                "{}.{}",
                signing_input(&ours),
                URL_SAFE_NO_PAD.encode(theirs)
            );
            jwt::verify(&token, &resolver, &VerifyOptions::default())
                .expect("ours verifies theirs");
        }
        let saved = fixture("josekit-es256.jwt");
        verifier
            .verify(signing_input(saved.trim()).as_bytes(), &signature(&saved))
            .expect("the saved josekit token is josekit's");
    }
}
