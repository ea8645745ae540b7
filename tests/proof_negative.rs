//! eddsa-jcs-2022 negative cases: the vc-di-eddsa / Data Integrity test-suite recipes and more,
//! each rejected with its own error.

use chrono::{DateTime, TimeZone, Utc};
use openbadges::keys::{Keypair, ResolveError, StaticResolver};
use openbadges::proof::{
    Cryptosuite, EddsaJcs2022, ProofError, ProofOptions, VerifyOptions, hash_data, verify,
};
use serde_json::{Value, json};
use sha2::{Digest, Sha512};

mod vectors_support;
use vectors_support::*;

fn signed() -> Value {
    vector_json("eddsa-jcs-2022/signedJCS.json")
}

/// The vectors' unsigned credential signed with `key`, its proof naming `verification_method`.
fn sign_unsigned(verification_method: &str, key: &Keypair) -> Value {
    EddsaJcs2022
        .sign(
            &vector_json("unsigned.json"),
            &ProofOptions::new(verification_method, now()),
            key,
        )
        .expect("signs")
}

fn check(document: &Value) -> Result<(), ProofError> {
    check_with(document, &StaticResolver::new(), &VerifyOptions::new(now()))
}

fn check_with(
    document: &Value,
    resolver: &StaticResolver,
    options: &VerifyOptions,
) -> Result<(), ProofError> {
    verify(document, &[&EddsaJcs2022], resolver, options).map(|_| ())
}

/// Re-signs `document`'s proof (whatever it now says) with the vector key, the way a careless or
/// hostile issuer would, so only the property under test is wrong.
fn resign(mut document: Value, key: &Keypair) -> Value {
    let mut proof = document["proof"].take();
    if let Some(object) = proof.as_object_mut() {
        object.remove("proofValue");
    }
    let unsecured = {
        let mut d = document.clone();
        if let Some(o) = d.as_object_mut() {
            o.remove("proof");
        }
        d
    };
    let hash = hash_data(&EddsaJcs2022, &unsecured, &proof).expect("hashes");
    proof["proofValue"] = format!("z{}", bs58::encode(key.sign(&hash)).into_string()).into();
    document["proof"] = proof;
    document
}

#[test]
fn the_untouched_vector_verifies() {
    assert_eq!(check(&signed()), Ok(()));
}

#[test]
fn unknown_cryptosuite_is_rejected() {
    let mut document = signed();
    document["proof"]["cryptosuite"] = json!("unknown-cryptosuite-2017");
    let document = resign(document, &vector_keypair());
    assert!(matches!(
        check(&document),
        Err(ProofError::WrongCryptosuite { found, .. }) if found == "unknown-cryptosuite-2017"
    ));
    // The suite refuses it directly too.
    let method = openbadges::keys::VerificationMethod::multikey(
        method_id(&vector_keypair()),
        vector_keypair().public_key().to_did_key(),
        vector_keypair().public_key(),
    );
    let mut unsecured = document.clone();
    let proof = unsecured["proof"].take();
    assert!(matches!(
        EddsaJcs2022.verify_proof((&unsecured).into(), &proof, &method),
        Err(ProofError::WrongCryptosuite { .. })
    ));
    // Missing cryptosuite as well.
    let mut missing = signed();
    missing["proof"]
        .as_object_mut()
        .expect("proof")
        .remove("cryptosuite");
    assert!(matches!(
        check(&resign(missing, &vector_keypair())),
        Err(ProofError::WrongCryptosuite { .. })
    ));
}

#[test]
fn unknown_proof_type_is_rejected() {
    let mut document = signed();
    document["proof"]["type"] = json!("UnknownProofType");
    assert!(matches!(
        check(&resign(document, &vector_keypair())),
        Err(ProofError::WrongProofType { found, .. }) if found == "UnknownProofType"
    ));
}

#[test]
fn sha512_digest_is_rejected() {
    let mut document = signed();
    let mut proof = document["proof"].take();
    proof.as_object_mut().expect("proof").remove("proofValue");
    let unsecured = {
        let mut d = document.clone();
        d.as_object_mut().expect("doc").remove("proof");
        d
    };
    let mut data = Sha512::digest(EddsaJcs2022.canonicalize(&proof).expect("jcs")).to_vec();
    data.extend_from_slice(&Sha512::digest(
        EddsaJcs2022.canonicalize(&unsecured).expect("jcs"),
    ));
    proof["proofValue"] = format!(
        "z{}",
        bs58::encode(vector_keypair().sign(&data)).into_string()
    )
    .into();
    document["proof"] = proof;
    assert_eq!(check(&document), Err(ProofError::SignatureInvalid));
}

#[test]
fn missing_created_is_rejected_by_default_and_allowed_on_request() {
    let key = vector_keypair();
    let document = EddsaJcs2022
        .sign(
            &vector_json("unsigned.json"),
            &ProofOptions::without_created(method_id(&key)),
            &key,
        )
        .expect("signs");
    assert!(document["proof"].get("created").is_none());
    assert_eq!(check(&document), Err(ProofError::MissingCreated));
    let mut lenient = VerifyOptions::new(now());
    lenient.require_created = false;
    assert_eq!(
        check_with(&document, &StaticResolver::new(), &lenient),
        Ok(())
    );
}

#[test]
fn proofs_created_in_the_future_are_rejected_beyond_the_clock_skew() {
    // Data Integrity lets a verifier reject a proof dated after the verification time; the
    // default allows five minutes of clock skew between signer and verifier.
    let key = vector_keypair();
    let sign_at = |created: DateTime<Utc>| {
        EddsaJcs2022
            .sign(
                &vector_json("unsigned.json"),
                &ProofOptions::new(method_id(&key), created),
                &key,
            )
            .expect("signs")
    };
    let minutes = |n: i64| now() + chrono::TimeDelta::minutes(n);
    assert_eq!(check(&sign_at(now())), Ok(()));
    assert_eq!(check(&sign_at(minutes(4))), Ok(()));
    assert_eq!(check(&sign_at(minutes(5))), Ok(()));
    let late = sign_at(minutes(6));
    assert_eq!(
        check(&late),
        Err(ProofError::CreatedInFuture {
            created: "2025-06-01T00:06:00Z".to_owned()
        })
    );
    // A year ahead (the suites' `createdOneYearAgo` recipe seen from its signer's side).
    let next_year = sign_at(
        Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0)
            .single()
            .expect("date"),
    );
    assert!(matches!(
        check(&next_year),
        Err(ProofError::CreatedInFuture { .. })
    ));
    // The skew is configurable, and the check can be turned off for archived documents.
    let mut strict = VerifyOptions::new(now());
    strict.created_skew = Some(chrono::TimeDelta::zero());
    assert!(matches!(
        check_with(&sign_at(minutes(1)), &StaticResolver::new(), &strict),
        Err(ProofError::CreatedInFuture { .. })
    ));
    let mut archive = VerifyOptions::new(now());
    archive.created_skew = None;
    assert_eq!(check_with(&late, &StaticResolver::new(), &archive), Ok(()));
    // An offset is honoured: 01:00+02:00 is 23:00Z the day before, not the future.
    let mut offset = sign_at(now());
    offset["proof"]["created"] = json!("2025-06-01T01:00:00+02:00");
    assert_eq!(check(&resign(offset, &key)), Ok(()));
    let mut ahead = sign_at(now());
    ahead["proof"]["created"] = json!("2025-06-01T00:00:00-01:00");
    assert!(matches!(
        check(&resign(ahead, &key)),
        Err(ProofError::CreatedInFuture { .. })
    ));
}

#[test]
fn malformed_created_is_rejected_when_signing_and_verifying() {
    let key = vector_keypair();
    let mut options = ProofOptions::without_created(method_id(&key));
    for bad in ["invalidDate", "2023-02-24", "2023-02-24T23:36:38"] {
        options.created = Some(bad.to_owned());
        assert!(
            matches!(
                EddsaJcs2022.sign(&vector_json("unsigned.json"), &options, &key),
                Err(ProofError::InvalidDateTime {
                    property: "created",
                    ..
                })
            ),
            "{bad}"
        );
    }
    let mut document = signed();
    document["proof"]["created"] = json!("invalidDate");
    assert!(matches!(
        check(&resign(document, &key)),
        Err(ProofError::InvalidDateTime {
            property: "created",
            ..
        })
    ));
    let mut document = signed();
    document["proof"]["created"] = json!(1677281798);
    assert!(matches!(
        check(&resign(document, &key)),
        Err(ProofError::InvalidDateTime {
            property: "created",
            ..
        })
    ));
    // Data Integrity lets verifiers accept a value without offset; this one does (as UTC).
    let mut document = signed();
    document["proof"]["created"] = json!("2023-02-24T23:36:38");
    assert_eq!(check(&resign(document, &key)), Ok(()));
}

#[test]
fn expired_proofs_and_malformed_expires_are_rejected() {
    let key = vector_keypair();
    let mut options = ProofOptions::new(method_id(&key), now());
    options.expires = Some("2025-07-01T00:00:00Z".to_owned());
    let document = EddsaJcs2022
        .sign(&vector_json("unsigned.json"), &options, &key)
        .expect("signs");
    assert_eq!(check(&document), Ok(()));
    let later = Utc
        .with_ymd_and_hms(2025, 7, 1, 0, 0, 1)
        .single()
        .expect("date");
    assert_eq!(
        check_with(
            &document,
            &StaticResolver::new(),
            &VerifyOptions::new(later)
        ),
        Err(ProofError::Expired {
            expires: "2025-07-01T00:00:00Z".into()
        })
    );
    let mut bad = document.clone();
    bad["proof"]["expires"] = json!("next tuesday");
    assert!(matches!(
        check(&resign(bad, &key)),
        Err(ProofError::InvalidDateTime {
            property: "expires",
            ..
        })
    ));
}

#[test]
fn method_not_listed_under_the_proof_purpose_is_rejected() {
    let key = vector_keypair();
    let issuer = "did:web:issuer.example";
    let method = format!("{issuer}#key-1");
    let mut resolver = StaticResolver::new();
    resolver
        .insert(json!({
            "id": issuer,
            "verificationMethod": [{
                "id": method, "type": "Multikey", "controller": issuer,
                "publicKeyMultibase": key.public_key().to_multibase()
            }],
            "authentication": [method],
        }))
        .expect("registers");
    let document = sign_unsigned(&method, &key);
    assert_eq!(
        check_with(&document, &resolver, &VerifyOptions::new(now())),
        Err(ProofError::MethodNotAuthorized {
            method: method.clone(),
            purpose: "assertionMethod".into(),
            controller: issuer.into()
        })
    );
    // Listed under assertionMethod: accepted.
    resolver
        .insert(json!({
            "id": issuer,
            "verificationMethod": [{
                "id": method, "type": "Multikey", "controller": issuer,
                "publicKeyMultibase": key.public_key().to_multibase()
            }],
            "assertionMethod": ["#key-1"],
        }))
        .expect("registers");
    assert_eq!(
        check_with(&document, &resolver, &VerifyOptions::new(now())),
        Ok(())
    );
    // A method whose claimed controller does not list it is refused too.
    let mut stray = StaticResolver::new();
    stray
        .insert(json!({
            "id": "https://keys.example/k1", "type": "Multikey", "controller": issuer,
            "publicKeyMultibase": key.public_key().to_multibase()
        }))
        .expect("registers");
    stray
        .insert(json!({"id": issuer, "assertionMethod": []}))
        .expect("registers");
    let document = sign_unsigned("https://keys.example/k1", &key);
    assert!(matches!(
        check_with(&document, &stray, &VerifyOptions::new(now())),
        Err(ProofError::MethodNotAuthorized { .. })
    ));
}

#[test]
fn unexpected_proof_purpose_is_rejected() {
    let key = vector_keypair();
    let mut options = ProofOptions::new(method_id(&key), now());
    options.proof_purpose = "authentication".to_owned();
    let document = EddsaJcs2022
        .sign(&vector_json("unsigned.json"), &options, &key)
        .expect("signs");
    assert!(matches!(
        check(&document),
        Err(ProofError::ProofPurposeMismatch { found, .. }) if found == "authentication"
    ));
    let mut authentication = VerifyOptions::new(now());
    authentication.expected_proof_purpose = "authentication".to_owned();
    assert_eq!(
        check_with(&document, &StaticResolver::new(), &authentication),
        Ok(())
    );
}

#[test]
fn context_mismatch_is_rejected() {
    // Document @context reordered.
    let mut reordered = signed();
    reordered["@context"] = json!([
        "https://www.w3.org/ns/credentials/examples/v2",
        "https://www.w3.org/ns/credentials/v2"
    ]);
    assert_eq!(check(&reordered), Err(ProofError::ContextMismatch));
    // Document without @context.
    let mut bare = signed();
    bare.as_object_mut().expect("doc").remove("@context");
    assert_eq!(check(&bare), Err(ProofError::ContextMismatch));
    // Proof @context that the document does not start with (re-signed, so only the context is off).
    let mut foreign = signed();
    foreign["proof"]["@context"] = json!([
        "https://www.w3.org/ns/credentials/v2",
        "https://x.example/c"
    ]);
    assert_eq!(
        check(&resign(foreign, &vector_keypair())),
        Err(ProofError::ContextMismatch)
    );
    // A document whose @context extends the signed one still verifies: Data Integrity only asks
    // that it *starts with* the proof's (vc-di-eddsa §3.3.2 step 4).
    let mut extended = signed();
    extended["@context"]
        .as_array_mut()
        .expect("array")
        .push(json!("https://x.example/extra"));
    assert_eq!(check(&extended), Ok(()));
}

#[test]
fn tampered_document_fails_the_signature() {
    let mut document = signed();
    document["credentialSubject"]["alumniOf"] = json!("The School of Forgery");
    assert_eq!(check(&document), Err(ProofError::SignatureInvalid));
}

#[test]
fn bad_proof_values_are_rejected() {
    let good = signed()["proof"]["proofValue"]
        .as_str()
        .expect("value")
        .to_owned();
    let base58 = &good[1..];
    let short = format!(
        "z{}",
        bs58::encode(&bs58::decode(base58).into_vec().expect("b58")[..63]).into_string()
    );
    for (bad, why) in [
        (json!(format!("u{base58}")), "not base58btc"),
        (json!(base58), "no multibase header"),
        (json!("z0OIl"), "outside the alphabet"),
        (json!(short), "63 bytes"),
        (json!(""), "empty"),
    ] {
        let mut document = signed();
        document["proof"]["proofValue"] = bad;
        assert!(
            matches!(check(&document), Err(ProofError::InvalidProofValue { .. })),
            "{why}"
        );
    }
    let mut document = signed();
    document["proof"]["proofValue"] = json!(42);
    assert_eq!(
        check(&document),
        Err(ProofError::MissingProperty {
            property: "proofValue"
        })
    );
}

#[test]
fn missing_required_properties_are_named() {
    for property in ["type", "verificationMethod", "proofPurpose", "proofValue"] {
        let mut document = signed();
        document["proof"]
            .as_object_mut()
            .expect("proof")
            .remove(property);
        assert!(
            matches!(check(&document), Err(ProofError::MissingProperty { property: p }) if p == property),
            "{property}"
        );
    }
}

#[test]
fn malformed_documents_are_rejected() {
    let mut document = signed();
    document["proof"] = json!("z123");
    assert!(
        matches!(check(&document), Err(ProofError::Malformed { pointer, .. }) if pointer == "/proof")
    );
    let mut document = signed();
    document["proof"] = json!([document["proof"].clone(), 7]);
    assert!(
        matches!(check(&document), Err(ProofError::Malformed { pointer, .. }) if pointer == "/proof/1")
    );
    let mut document = signed();
    document.as_object_mut().expect("doc").remove("proof");
    assert_eq!(check(&document), Err(ProofError::MissingProof));
    let mut document = signed();
    document["proof"] = json!([]);
    assert_eq!(check(&document), Err(ProofError::MissingProof));
    assert!(matches!(
        check(&json!([1])),
        Err(ProofError::Malformed { .. })
    ));
}

#[test]
fn unavailable_keys_are_told_apart_from_forgeries() {
    let key = vector_keypair();
    let document = sign_unsigned("did:web:unknown.example#key-1", &key);
    assert_eq!(
        check(&document),
        Err(ProofError::KeyUnavailable {
            id: "did:web:unknown.example".into()
        })
    );
    // A malformed did:key is a resolution failure, not an unavailable key.
    let mut document = signed();
    document["proof"]["verificationMethod"] = json!("did:key:@invalidVm@");
    assert!(matches!(
        check(&resign(document, &key)),
        Err(ProofError::Resolution(ResolveError::Invalid { .. }))
    ));
    // Someone else's key: the signature does not verify.
    let other = Keypair::from_seed(&[1; 32]);
    let mut document = signed();
    document["proof"]["verificationMethod"] = json!(method_id(&other));
    assert_eq!(
        check(&resign(document, &key)),
        Err(ProofError::SignatureInvalid)
    );
}

#[test]
fn non_ed25519_methods_are_unsupported_keys() {
    // The P-256 did:jwk of the did:jwk specification.
    let did = "did:jwk:eyJjcnYiOiJQLTI1NiIsImt0eSI6IkVDIiwieCI6ImFjYklRaXVNczNpOF91c3pFakoydHBUdFJNNEVVM3l6OTFQSDZDZEgyVjAiLCJ5IjoiX0tjeUxqOXZXTXB0bm1LdG00NkdxRHo4d2Y3NEk1TEtncmwyR3pIM25TRSJ9";
    let document = EddsaJcs2022
        .sign(
            &vector_json("unsigned.json"),
            &ProofOptions::new(format!("{did}#0"), now()),
            &vector_keypair(),
        )
        .expect("signs");
    assert!(matches!(
        check(&document),
        Err(ProofError::UnsupportedKey { .. })
    ));
}

#[test]
fn domain_and_challenge_must_match_when_asked_for() {
    let key = vector_keypair();
    let mut options = ProofOptions::new(method_id(&key), now());
    options.domain = vec!["a.example".into(), "b.example".into()];
    options.challenge = Some("nonce-123".into());
    let document = EddsaJcs2022
        .sign(&vector_json("unsigned.json"), &options, &key)
        .expect("signs");
    assert_eq!(
        document["proof"]["domain"],
        json!(["a.example", "b.example"])
    );
    let mut expect = VerifyOptions::new(now());
    expect.domain = Some("b.example".into());
    expect.challenge = Some("nonce-123".into());
    assert_eq!(
        check_with(&document, &StaticResolver::new(), &expect),
        Ok(())
    );
    expect.domain = Some("c.example".into());
    assert!(matches!(
        check_with(&document, &StaticResolver::new(), &expect),
        Err(ProofError::DomainMismatch { .. })
    ));
    expect.domain = None;
    expect.challenge = Some("nonce-124".into());
    assert!(matches!(
        check_with(&document, &StaticResolver::new(), &expect),
        Err(ProofError::ChallengeMismatch { .. })
    ));
    // Without domain in the proof at all.
    let mut wants_domain = VerifyOptions::new(now());
    wants_domain.domain = Some("a.example".into());
    assert!(matches!(
        check_with(&signed(), &StaticResolver::new(), &wants_domain),
        Err(ProofError::DomainMismatch { .. })
    ));
}

#[test]
fn signing_rejects_non_objects_and_empty_methods() {
    let key = vector_keypair();
    assert!(matches!(
        EddsaJcs2022.sign(
            &json!([1, 2]),
            &ProofOptions::new(method_id(&key), now()),
            &key
        ),
        Err(ProofError::Malformed { .. })
    ));
    assert_eq!(
        EddsaJcs2022.sign(
            &vector_json("unsigned.json"),
            &ProofOptions::new("", now()),
            &key
        ),
        Err(ProofError::MissingProperty {
            property: "verificationMethod"
        })
    );
    let mut options = ProofOptions::new(method_id(&key), now());
    options.id = Some("not a url".into());
    assert!(matches!(
        EddsaJcs2022.sign(&vector_json("unsigned.json"), &options, &key),
        Err(ProofError::Malformed { pointer, .. }) if pointer == "/proof/id"
    ));
}

#[test]
fn embedded_verification_methods_are_resolved_by_id_only() {
    let key = vector_keypair();
    // Legacy shape: the method embedded as an object. Its id is resolved; its key is ignored.
    let mut document = signed();
    let id = document["proof"]["verificationMethod"].clone();
    document["proof"]["verificationMethod"] = json!({
        "id": id, "type": "Multikey", "controller": key.public_key().to_did_key(),
        "publicKeyMultibase": key.public_key().to_multibase()
    });
    assert_eq!(check(&resign(document, &key)), Ok(()));
    // An embedded key that differs from the resolved one does not help a forger.
    let forger = Keypair::from_seed(&[66; 32]);
    let mut forged = signed();
    forged["proof"]["verificationMethod"] = json!({
        "id": id, "type": "Multikey", "controller": key.public_key().to_did_key(),
        "publicKeyMultibase": forger.public_key().to_multibase()
    });
    assert_eq!(
        check(&resign(forged, &forger)),
        Err(ProofError::SignatureInvalid)
    );
    let mut no_id = signed();
    no_id["proof"]["verificationMethod"] = json!({"type": "Multikey"});
    assert_eq!(
        check(&no_id),
        Err(ProofError::MissingProperty {
            property: "verificationMethod"
        })
    );
}
