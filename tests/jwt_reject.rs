//! Every known VC-JWT attack and malformation, each rejected with its own
//! typed error. Tokens are forged byte by byte and signed with josekit
//! directly, so the header can say anything.
#![cfg(feature = "jose")]

mod jwt_support;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use josekit::jws::{ES256, EdDSA, JwsSigner, RS256};
use jwt_support::*;
use openbadges::jwt::{
    self, Algorithm, HeaderPolicy, JwtError, KeyKind, KeyReference, PayloadShape, Segment,
    SignOptions, SigningKey, VerifyOptions, VerifyingKey,
};
use openbadges::keys::{BuiltinResolver, Keypair, ResolveError};
use serde_json::{Value, json};

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Signs `header.payload` (raw JSON texts) with the fixture key of `alg`.
fn forge(header: &str, payload: &str, alg: Algorithm) -> String {
    forge_with_pem(header, payload, alg, &private_pem(alg))
}

/// Signs `payload` (raw JSON text) with the EdDSA fixture key under a `kid` header naming it.
fn forge_eddsa(payload: &str) -> String {
    forge(
        &kid_header("EdDSA", &kid(Algorithm::EdDsa)),
        payload,
        Algorithm::EdDsa,
    )
}

fn forge_with_pem(header: &str, payload: &str, alg: Algorithm, pem: &str) -> String {
    let signer: Box<dyn JwsSigner> = match alg {
        Algorithm::EdDsa => Box::new(EdDSA.signer_from_pem(pem).expect("key")),
        Algorithm::Rs256 => Box::new(RS256.signer_from_pem(pem).expect("key")),
        _ => Box::new(ES256.signer_from_pem(pem).expect("key")),
    };
    let input = format!("{}.{}", b64(header.as_bytes()), b64(payload.as_bytes()));
    let signature = signer.sign(input.as_bytes()).expect("sign");
    format!("{input}.{}", b64(&signature))
}

/// A valid VC 2.0 payload for the did:web issuer.
fn good_payload() -> Value {
    let credential = credential_v2(ISSUER_DID);
    payload(
        &credential,
        mapped_claims(&credential, PayloadShape::Credential),
        PayloadShape::Credential,
    )
}

fn kid_header(alg: &str, kid: &str) -> String {
    json!({"alg": alg, "typ": "JWT", "kid": kid}).to_string()
}

fn verify(token: &str) -> Result<jwt::VerifiedJwt, JwtError> {
    jwt::verify(token, &resolver(), &VerifyOptions::default())
}

fn verify_with(token: &str, options: &VerifyOptions) -> Result<jwt::VerifiedJwt, JwtError> {
    jwt::verify(token, &resolver(), options)
}

#[test]
fn forged_baseline_verifies() {
    // The forging helper itself produces acceptable tokens: the rejections
    // below come from the one thing each test changes.
    for alg in Algorithm::ALL {
        let token = forge(
            &kid_header(alg.as_str(), &kid(alg)),
            &good_payload().to_string(),
            alg,
        );
        assert!(verify(&token).is_ok(), "{alg}");
    }
}

#[test]
fn alg_none_is_rejected() {
    let payload = b64(good_payload().to_string().as_bytes());
    for alg in ["none", "None", "NONE"] {
        let header = b64(kid_header(alg, &kid(Algorithm::EdDsa)).as_bytes());
        // With a (meaningless) signature part: rejected by `alg`.
        assert_eq!(
            verify(&format!("{header}.{payload}.AAAA")),
            Err(JwtError::AlgNone)
        );
        // The canonical unsecured form, with an empty signature.
        assert!(matches!(
            verify(&format!("{header}.{payload}.")),
            Err(JwtError::Malformed { reason }) if reason.contains("unsecured")
        ));
    }
}

#[test]
fn hmac_algorithms_are_rejected_even_keyed_with_the_public_key() {
    // The classic key-confusion attack: HMAC keyed with the issuer's public
    // RSA key bytes, which a naive verifier would feed to HMAC.
    let secret = public_pem(Algorithm::Rs256);
    for (name, alg) in [
        ("HS256", jsonwebtoken::Algorithm::HS256),
        ("HS384", jsonwebtoken::Algorithm::HS384),
        ("HS512", jsonwebtoken::Algorithm::HS512),
    ] {
        let mut header = jsonwebtoken::Header::new(alg);
        header.kid = Some(kid(Algorithm::Rs256));
        let token = jsonwebtoken::encode(
            &header,
            &good_payload(),
            &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()),
        )
        .expect("encode");
        assert_eq!(
            verify(&token),
            Err(JwtError::HmacAlgorithm { alg: name.into() })
        );
    }
}

#[test]
fn algorithm_must_match_the_key_type() {
    let payload = good_payload().to_string();
    // Header says RS256, kid names the Ed25519 key (signature made with RSA).
    let token = forge(
        &kid_header("RS256", &kid(Algorithm::EdDsa)),
        &payload,
        Algorithm::Rs256,
    );
    assert_eq!(
        verify(&token),
        Err(JwtError::AlgorithmKeyMismatch {
            alg: "RS256".into(),
            key: KeyKind::Ed25519
        })
    );
    // Header says EdDSA, kid names the RSA key.
    let token = forge(
        &kid_header("EdDSA", &kid(Algorithm::Rs256)),
        &payload,
        Algorithm::EdDsa,
    );
    assert_eq!(
        verify(&token),
        Err(JwtError::AlgorithmKeyMismatch {
            alg: "EdDSA".into(),
            key: KeyKind::Rsa
        })
    );
    // Header says ES256, embedded jwk is RSA.
    let rsa_jwk = Value::Object(verifying_key(Algorithm::Rs256).public_jwk().clone());
    let token = forge(
        &json!({"alg": "ES256", "jwk": rsa_jwk}).to_string(),
        &payload,
        Algorithm::Es256,
    );
    assert_eq!(
        verify(&token),
        Err(JwtError::AlgorithmKeyMismatch {
            alg: "ES256".into(),
            key: KeyKind::Rsa
        })
    );
    // A JWK whose own `alg` contradicts its key type.
    let mut ec_jwk = verifying_key(Algorithm::Es256).public_jwk().clone();
    ec_jwk.insert("alg".into(), "RS256".into());
    let token = forge(
        &json!({"alg": "ES256", "jwk": ec_jwk}).to_string(),
        &payload,
        Algorithm::Es256,
    );
    assert_eq!(
        verify(&token),
        Err(JwtError::AlgorithmKeyMismatch {
            alg: "RS256".into(),
            key: KeyKind::P256
        })
    );
}

#[test]
fn unsupported_missing_and_disallowed_algorithms_are_rejected() {
    let payload = b64(good_payload().to_string().as_bytes());
    for alg in ["PS256", "RS512", "ES384", "ES256K", "Ed25519", "eddsa"] {
        let header = b64(kid_header(alg, &kid(Algorithm::Rs256)).as_bytes());
        assert_eq!(
            verify(&format!("{header}.{payload}.AAAA")),
            Err(JwtError::UnsupportedAlgorithm { alg: alg.into() })
        );
    }
    for header in [json!({"kid": "x"}), json!({"alg": 256, "kid": "x"})] {
        let header = b64(header.to_string().as_bytes());
        assert_eq!(
            verify(&format!("{header}.{payload}.AAAA")),
            Err(JwtError::MissingAlgorithm)
        );
    }
    let token = forge(
        &kid_header("RS256", &kid(Algorithm::Rs256)),
        &good_payload().to_string(),
        Algorithm::Rs256,
    );
    let mut only_eddsa = VerifyOptions::default();
    only_eddsa.algorithms = vec![Algorithm::EdDsa];
    assert_eq!(
        verify_with(&token, &only_eddsa),
        Err(JwtError::AlgorithmNotAllowed(Algorithm::Rs256))
    );
}

#[test]
fn crit_headers_are_rejected_under_every_policy() {
    let header =
        json!({"alg": "EdDSA", "kid": kid(Algorithm::EdDsa), "b64": false, "crit": ["b64"]});
    let token = forge(
        &header.to_string(),
        &good_payload().to_string(),
        Algorithm::EdDsa,
    );
    let mut lenient = VerifyOptions::default();
    lenient.header_policy = HeaderPolicy::Ignore;
    for options in [VerifyOptions::default(), lenient] {
        assert_eq!(
            verify_with(&token, &options),
            Err(JwtError::UnsupportedCritical {
                names: vec!["b64".into()]
            })
        );
    }
}

#[test]
fn additional_headers_are_rejected_unless_ignored() {
    for (name, value) in [
        ("jku", json!("https://attacker.example/jwks.json")),
        ("x5u", json!("https://attacker.example/cert.pem")),
        ("x5c", json!(["MIIB"])),
        ("cty", json!("JWT")),
        ("nonce", json!("1")),
    ] {
        let mut header = json!({"alg": "EdDSA", "typ": "JWT", "kid": kid(Algorithm::EdDsa)});
        header[name] = value.clone();
        let token = forge(
            &header.to_string(),
            &good_payload().to_string(),
            Algorithm::EdDsa,
        );
        assert_eq!(
            verify(&token),
            Err(JwtError::UnexpectedHeader { name: name.into() })
        );
        let mut lenient = VerifyOptions::default();
        lenient.header_policy = HeaderPolicy::Ignore;
        let verified = verify_with(&token, &lenient).expect("ignored");
        assert_eq!(verified.header.other.get(name), Some(&value));
    }
}

#[test]
fn bad_typ_and_kid_members_are_rejected() {
    let payload = good_payload().to_string();
    for typ in [json!("at+jwt"), json!("JOSE+JSON"), json!(1)] {
        let header = json!({"alg": "EdDSA", "typ": typ, "kid": kid(Algorithm::EdDsa)});
        let token = forge(&header.to_string(), &payload, Algorithm::EdDsa);
        assert!(matches!(
            verify(&token),
            Err(JwtError::InvalidHeader { name: "typ", .. })
        ));
    }
    for typ in ["jwt", "application/JWT", "application/vc+jwt"] {
        let header = json!({"alg": "EdDSA", "typ": typ, "kid": kid(Algorithm::EdDsa)});
        assert!(verify(&forge(&header.to_string(), &payload, Algorithm::EdDsa)).is_ok());
    }
    for bad_kid in [json!(""), json!(7), json!(["a"])] {
        let header = json!({"alg": "EdDSA", "kid": bad_kid});
        let token = forge(&header.to_string(), &payload, Algorithm::EdDsa);
        assert!(matches!(
            verify(&token),
            Err(JwtError::InvalidHeader { name: "kid", .. })
        ));
    }
    let token = forge(
        &json!({"alg": "EdDSA", "jwk": "not-an-object"}).to_string(),
        &payload,
        Algorithm::EdDsa,
    );
    assert!(matches!(
        verify(&token),
        Err(JwtError::InvalidHeader { name: "jwk", .. })
    ));
}

#[test]
fn embedded_jwk_with_private_parts_is_rejected() {
    let payload = good_payload().to_string();
    // Ed25519 private JWK (`d`).
    let private = Keypair::from_seed(&[1; 32]).to_private_jwk();
    let token = forge(
        &json!({"alg": "EdDSA", "jwk": private}).to_string(),
        &payload,
        Algorithm::EdDsa,
    );
    assert_eq!(
        verify(&token),
        Err(JwtError::PrivateKeyInJwk { member: "d" })
    );
    // RSA private members without `d` still count.
    let mut rsa = verifying_key(Algorithm::Rs256).public_jwk().clone();
    rsa.insert("p".into(), "AQAB".into());
    let token = forge(
        &json!({"alg": "RS256", "jwk": rsa}).to_string(),
        &payload,
        Algorithm::Rs256,
    );
    assert_eq!(
        verify(&token),
        Err(JwtError::PrivateKeyInJwk { member: "p" })
    );
    // A symmetric key is all secret.
    let token = forge(
        &json!({"alg": "EdDSA", "jwk": {"kty": "oct", "k": "c2VjcmV0"}}).to_string(),
        &payload,
        Algorithm::EdDsa,
    );
    assert_eq!(
        verify(&token),
        Err(JwtError::PrivateKeyInJwk { member: "k" })
    );
    // The public-key constructor refuses private JWKs too.
    assert_eq!(
        VerifyingKey::from_jwk(&Keypair::from_seed(&[1; 32]).to_private_jwk()),
        Err(JwtError::PrivateKeyInJwk { member: "d" })
    );
}

#[test]
fn key_reference_problems_are_rejected() {
    let payload = good_payload().to_string();
    let token = forge(
        &json!({"alg": "EdDSA", "typ": "JWT"}).to_string(),
        &payload,
        Algorithm::EdDsa,
    );
    assert_eq!(verify(&token), Err(JwtError::MissingKeyReference));

    // kid and jwk both present but different keys.
    let other = Value::Object(
        VerifyingKey::from_public_key(&Keypair::from_seed(&[2; 32]).public_key())
            .public_jwk()
            .clone(),
    );
    let token = forge(
        &json!({"alg": "EdDSA", "kid": kid(Algorithm::EdDsa), "jwk": other}).to_string(),
        &payload,
        Algorithm::EdDsa,
    );
    assert_eq!(verify(&token), Err(JwtError::KeyMismatch));

    // Unknown kid: "key unavailable", not "forged".
    let token = forge(
        &kid_header("EdDSA", "did:web:elsewhere.example#key-1"),
        &payload,
        Algorithm::EdDsa,
    );
    assert!(matches!(
        verify(&token),
        Err(JwtError::KeyResolution {
            source: ResolveError::NotFound { .. },
            ..
        })
    ));

    // Embedded keys refused by option.
    let jwk = Value::Object(verifying_key(Algorithm::EdDsa).public_jwk().clone());
    let token = forge(
        &json!({"alg": "EdDSA", "jwk": jwk}).to_string(),
        &payload,
        Algorithm::EdDsa,
    );
    let mut no_jwk = VerifyOptions::default();
    no_jwk.allow_embedded_jwk = false;
    assert_eq!(
        verify_with(&token, &no_jwk),
        Err(JwtError::EmbeddedJwkNotAllowed)
    );
}

#[test]
fn malformed_outlines_are_rejected() {
    let good = forge_eddsa(&good_payload().to_string());
    let parts: Vec<&str> = good.split('.').collect();
    let malformed = |token: &str| matches!(verify(token), Err(JwtError::Malformed { .. }));
    assert!(malformed(""));
    assert!(malformed(&format!("{}.{}", parts[0], parts[1])));
    assert!(malformed(&format!("{good}.{}", parts[2])));
    assert!(malformed(&format!("{good}.a.b"))); // five parts: a JWE
    assert!(malformed(&format!("{}..{}", parts[0], parts[2])));
    assert!(malformed(&format!(".{}.{}", parts[1], parts[2])));
}

#[test]
fn malformed_base64url_is_rejected_with_its_position() {
    let good = forge_eddsa(&good_payload().to_string());
    let parts: Vec<&str> = good.split('.').collect();
    // Standard-alphabet characters, padding and junk are not base64url.
    let header_pad = format!("{}=.{}.{}", parts[0], parts[1], parts[2]);
    assert_eq!(
        verify(&header_pad),
        Err(JwtError::InvalidBase64 {
            segment: Segment::Header,
            offset: 0
        })
    );
    let payload_plus = format!("{}.+{}.{}", parts[0], &parts[1][1..], parts[2]);
    assert!(matches!(
        verify(&payload_plus),
        // The signature covers the changed text, so it fails first.
        Err(JwtError::InvalidSignature)
    ));
    let signature_star = format!("{}.{}.*{}", parts[0], parts[1], &parts[2][1..]);
    assert_eq!(
        verify(&signature_star),
        Err(JwtError::InvalidBase64 {
            segment: Segment::Signature,
            offset: parts[0].len() + parts[1].len() + 2
        })
    );
    // A payload that is signed but not base64url.
    let header = b64(kid_header("EdDSA", &kid(Algorithm::EdDsa)).as_bytes());
    let input = format!("{header}.e30*");
    let signature = EdDSA
        .signer_from_pem(private_pem(Algorithm::EdDsa))
        .expect("key")
        .sign(input.as_bytes())
        .expect("sign");
    assert_eq!(
        verify(&format!("{input}.{}", b64(&signature))),
        Err(JwtError::InvalidBase64 {
            segment: Segment::Payload,
            offset: header.len() + 1
        })
    );
}

#[test]
fn malformed_json_is_rejected() {
    let payload = good_payload().to_string();
    for header in ["{\"alg\":\"EdDSA\"", "[\"EdDSA\"]", "\"EdDSA\"", "{} {}"] {
        let token = format!(
            "{}.{}.AAAA",
            b64(header.as_bytes()),
            b64(payload.as_bytes())
        );
        assert!(
            matches!(
                verify(&token),
                Err(JwtError::InvalidJson {
                    segment: Segment::Header,
                    ..
                })
            ),
            "{header}"
        );
    }
    for payload in ["{\"iss\":", "[1,2]", "null"] {
        let token = forge_eddsa(payload);
        assert!(
            matches!(
                verify(&token),
                Err(JwtError::InvalidJson {
                    segment: Segment::Payload,
                    ..
                })
            ),
            "{payload}"
        );
    }
}

#[test]
fn duplicate_json_members_are_rejected() {
    // Header: a second `alg` a lax parser would keep.
    let kid = kid(Algorithm::EdDsa);
    let header = format!("{{\"alg\":\"EdDSA\",\"kid\":\"{kid}\",\"alg\":\"none\"}}");
    let token = forge(&header, &good_payload().to_string(), Algorithm::EdDsa);
    assert_eq!(
        verify(&token),
        Err(JwtError::DuplicateKey {
            segment: Segment::Header,
            key: "alg".into(),
            pointer: String::new()
        })
    );
    // Payload: two subject ids, nested.
    let payload = good_payload().to_string().replacen(
        "\"id\":\"did:example:teacher-7f3a9c21\"",
        "\"id\":\"did:example:teacher-7f3a9c21\",\"id\":\"did:example:someone-else\"",
        1,
    );
    let token = forge(&kid_header("EdDSA", &kid), &payload, Algorithm::EdDsa);
    assert_eq!(
        verify(&token),
        Err(JwtError::DuplicateKey {
            segment: Segment::Payload,
            key: "id".into(),
            pointer: "/credentialSubject".into()
        })
    );
}

#[test]
fn oversized_tokens_are_rejected_before_decoding() {
    // A 10 MB "payload" of junk: rejected by size alone.
    let header = b64(kid_header("EdDSA", &kid(Algorithm::EdDsa)).as_bytes());
    let huge = format!("{header}.{}.AAAA", "!".repeat(10 * 1024 * 1024));
    assert_eq!(
        verify(&huge),
        Err(JwtError::TokenTooLarge {
            size: huge.len(),
            limit: jwt::DEFAULT_MAX_TOKEN_BYTES
        })
    );
    // A configurable limit applies to otherwise valid tokens.
    let token = forge_eddsa(&good_payload().to_string());
    let mut small = VerifyOptions::default();
    small.max_token_bytes = 1024;
    assert_eq!(
        verify_with(&token, &small),
        Err(JwtError::TokenTooLarge {
            size: token.len(),
            limit: 1024
        })
    );
}

#[test]
fn bad_signatures_are_rejected() {
    let header = kid_header("RS256", &kid(Algorithm::Rs256));
    let payload = good_payload().to_string();
    // Signed by another RSA key.
    let token = forge_with_pem(
        &header,
        &payload,
        Algorithm::Rs256,
        &fixture("rsa2048-other-private.pem"),
    );
    assert_eq!(verify(&token), Err(JwtError::InvalidSignature));
    // Truncated and bit-flipped signatures, for every algorithm.
    for alg in Algorithm::ALL {
        let token = forge(&kid_header(alg.as_str(), &kid(alg)), &payload, alg);
        let (input, signature) = token.rsplit_once('.').expect("parts");
        let mut bytes = URL_SAFE_NO_PAD.decode(signature).expect("b64");
        let truncated = format!("{input}.{}", b64(&bytes[..bytes.len() - 1]));
        assert_eq!(verify(&truncated), Err(JwtError::InvalidSignature), "{alg}");
        bytes[3] ^= 1;
        let flipped = format!("{input}.{}", b64(&bytes));
        assert_eq!(verify(&flipped), Err(JwtError::InvalidSignature), "{alg}");
    }
}

#[test]
fn claims_that_disagree_with_the_credential_are_rejected() {
    let base = good_payload();
    for (claim, value) in [
        ("iss", json!("did:web:attacker.example")),
        (
            "jti",
            json!("urn:uuid:00000000-0000-0000-0000-000000000000"),
        ),
        ("sub", json!("did:example:someone-else")),
        ("nbf", json!(1_000_000_000)),
        ("exp", json!(4_000_000_000_i64)),
    ] {
        let mut payload = base.clone();
        payload[claim] = value;
        let token = forge_eddsa(&payload.to_string());
        assert!(
            matches!(verify(&token), Err(JwtError::ClaimMismatch { claim: c, .. }) if c == claim),
            "{claim}"
        );
    }
    // A claim the credential has no property for (here `sub` with a subject without id).
    let mut payload = base.clone();
    payload["credentialSubject"]
        .as_object_mut()
        .expect("subject")
        .shift_remove("id");
    let token = forge_eddsa(&payload.to_string());
    assert!(matches!(
        verify(&token),
        Err(JwtError::ClaimMismatch { claim: "sub", .. })
    ));
}

#[test]
fn required_claims_may_not_be_left_out_unless_allowed() {
    for claim in ["iss", "jti", "sub", "nbf", "exp"] {
        let mut payload = good_payload();
        payload.as_object_mut().expect("object").shift_remove(claim);
        let token = forge_eddsa(&payload.to_string());
        assert_eq!(verify(&token), Err(JwtError::MissingClaim { claim }));
        let mut lenient = VerifyOptions::default();
        lenient.require_mapped_claims = false;
        assert!(verify_with(&token, &lenient).is_ok(), "{claim}");
    }
}

#[test]
fn claims_of_the_wrong_type_are_rejected() {
    for (claim, value) in [
        ("nbf", json!("2026-03-14")),
        ("exp", json!(null)),
        ("iss", json!({"id": ISSUER_DID})),
        ("vc", json!("not a credential")),
    ] {
        let mut payload = good_payload();
        payload[claim] = value;
        let token = forge_eddsa(&payload.to_string());
        assert!(
            matches!(verify(&token), Err(JwtError::InvalidClaim { claim: c, .. }) if c == claim),
            "{claim}"
        );
    }
}

#[test]
fn payload_shape_must_match_the_context_version() {
    let header = kid_header("EdDSA", &kid(Algorithm::EdDsa));
    // `vc` claim carrying a VC 2.0 credential.
    let v2 = credential_v2(ISSUER_DID);
    let mut claims = mapped_claims(&v2, PayloadShape::Credential);
    claims.insert("vc".into(), v2);
    let token = forge(
        &header,
        &Value::Object(claims).to_string(),
        Algorithm::EdDsa,
    );
    assert!(matches!(verify(&token), Err(JwtError::ShapeMismatch(_))));
    // A VC 1.1 credential as the whole payload.
    let v1 = credential_v1(ISSUER_DID);
    let token = forge(
        &header,
        &payload(
            &v1,
            mapped_claims(&v1, PayloadShape::VcClaim),
            PayloadShape::Credential,
        )
        .to_string(),
        Algorithm::EdDsa,
    );
    assert!(matches!(verify(&token), Err(JwtError::ShapeMismatch(_))));
}

#[test]
fn signing_refuses_credentials_it_cannot_map() {
    let key = SigningKey::from_ed25519_seed(&[3; 32]);
    let options = SignOptions::new(KeyReference::EmbeddedJwk);
    let mut with_claim = credential_v2(ISSUER_DID);
    with_claim["iss"] = json!("someone");
    assert_eq!(
        jwt::sign(&with_claim, &key, &options),
        Err(JwtError::ClaimConflict { claim: "iss" })
    );
    let mut no_issuer = credential_v2(ISSUER_DID);
    no_issuer
        .as_object_mut()
        .expect("object")
        .shift_remove("issuer");
    assert!(matches!(
        jwt::sign(&no_issuer, &key, &options),
        Err(JwtError::InvalidCredential { pointer, .. }) if pointer == "/issuer"
    ));
    assert!(matches!(
        jwt::sign(
            &credential_v2(ISSUER_DID),
            &key,
            &options.clone().shape(PayloadShape::VcClaim)
        ),
        Err(JwtError::ShapeMismatch(_))
    ));
    assert!(matches!(
        jwt::sign(&json!(["not", "an", "object"]), &key, &options),
        Err(JwtError::InvalidCredential { .. })
    ));
}

#[test]
fn weak_and_unsupported_keys_are_refused() {
    assert!(matches!(
        VerifyingKey::from_pem(fixture("rsa1024-public.pem").as_bytes()),
        Err(JwtError::InvalidKey(_))
    ));
    assert!(matches!(
        SigningKey::from_pem(fixture("rsa1024-private.pem").as_bytes()),
        Err(JwtError::InvalidKey(_))
    ));
    assert!(matches!(
        VerifyingKey::from_jwk(&json!({"kty": "EC", "crv": "P-384", "x": "AA", "y": "AA"})),
        Err(JwtError::UnsupportedKey(_))
    ));
    assert!(matches!(
        VerifyingKey::from_jwk(&json!({"kty": "OKP", "crv": "Ed448", "x": "AA"})),
        Err(JwtError::UnsupportedKey(_))
    ));
    // did:key resolution only works offline through the resolver given.
    let token = forge_eddsa(&good_payload().to_string());
    assert!(matches!(
        jwt::verify(&token, &BuiltinResolver, &VerifyOptions::default()),
        Err(JwtError::KeyResolution { .. })
    ));
}

#[test]
fn deeply_nested_json_is_an_error_not_a_crash() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let token = forge_eddsa(&deep);
    assert!(matches!(
        verify(&token),
        Err(JwtError::InvalidJson {
            segment: Segment::Payload,
            ..
        })
    ));
    let header = b64(deep.as_bytes());
    assert!(matches!(
        verify(&format!("{header}.e30.AAAA")),
        Err(JwtError::InvalidJson {
            segment: Segment::Header,
            ..
        })
    ));
}

#[test]
fn no_single_character_change_verifies() {
    let token = forge(
        &kid_header("ES256", &kid(Algorithm::Es256)),
        &good_payload().to_string(),
        Algorithm::Es256,
    );
    assert!(verify(&token).is_ok());
    let resolver = resolver();
    let options = VerifyOptions::default();
    let bytes = token.as_bytes();
    let mut tried = 0;
    for position in (0..bytes.len()).step_by(5) {
        for replacement in [b'A', b'_', b'.', b'='] {
            if bytes[position] == replacement {
                continue;
            }
            let mut mutated = bytes.to_vec();
            mutated[position] = replacement;
            let mutated = String::from_utf8(mutated).expect("ascii");
            assert!(
                jwt::verify(&mutated, &resolver, &options).is_err(),
                "byte {position} -> {}",
                replacement as char
            );
            tried += 1;
        }
    }
    assert!(tried > 1000);
}
