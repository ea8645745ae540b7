//! The vc-di-eddsa test suite's run-time negative vectors, rebuilt over eddsa-rdfc-2022 (the suite
//! its generators sign with) from its own `validVc.json`: each recipe of `vc-generator/generators.js`
//! (vc-di-eddsa-test-suite and data-integrity-test-suite-assertion) is applied, the proof re-signed
//! where the recipe is about what a signer wrote, and the verifier's answer checked. The same
//! recipes over eddsa-jcs-2022 are in `proof_negative.rs`.

use chrono::{DateTime, TimeZone, Utc};
use openbadges::jsonld::Processor;
use openbadges::keys::{Keypair, ResolveError, StaticResolver};
use openbadges::proof::{
    Cryptosuite, EddsaJcs2022, ProofError, ProofOptions, RdfSuite, VerifyOptions, hash_data,
    standard_suites, verify,
};
use serde_json::{Value, json};
use sha2::{Digest, Sha512};

fn fixture(path: &str) -> Value {
    let full = format!("{}/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 6, 1, 0, 0, 0)
        .single()
        .expect("date")
}

fn suite() -> RdfSuite<&'static Processor> {
    RdfSuite::eddsa_rdfc_2022(Processor::bundled())
}

fn key() -> Keypair {
    Keypair::from_seed(&[7; 32])
}

fn method_id() -> String {
    key().public_key().to_did_key_method_id()
}

/// `validVc.json` signed the way the suite's `issuedVc` is (the issuer under test adds itself as
/// `issuer`).
fn issued() -> Value {
    let mut credential = fixture("vc-test-suites/vc-di-eddsa-test-suite/validVc.json");
    credential["issuer"] = key().public_key().to_did_key().into();
    suite()
        .sign(&credential, &ProofOptions::new(method_id(), now()), &key())
        .expect("signs")
}

fn check_with(document: &Value, options: &VerifyOptions) -> Result<(), ProofError> {
    verify(document, standard_suites(), &StaticResolver::new(), options).map(|_| ())
}

fn check(document: &Value) -> Result<(), ProofError> {
    check_with(document, &VerifyOptions::new(now()))
}

fn unsecured(document: &Value) -> Value {
    let mut copy = document.clone();
    copy.as_object_mut().expect("object").remove("proof");
    copy
}

/// The proof configuration eddsa-rdfc-2022 hashes: the proof without `proofValue`, with the
/// document's `@context`.
fn proof_config(document: &Value) -> Value {
    let mut config = document["proof"].clone();
    let object = config.as_object_mut().expect("proof");
    object.remove("proofValue");
    object.insert("@context".into(), document["@context"].clone());
    config
}

fn with_signature(mut document: Value, message: &[u8]) -> Value {
    document["proof"]["proofValue"] =
        format!("z{}", bs58::encode(key().sign(message)).into_string()).into();
    document
}

/// Re-signs whatever the proof now says, as a careless issuer would, so only the property under
/// test is wrong.
fn resign(document: Value) -> Value {
    let hash = hash_data(&suite(), &unsecured(&document), &proof_config(&document)).expect("hash");
    with_signature(document, &hash)
}

fn mutated(change: impl FnOnce(&mut Value)) -> Value {
    resign(unsigned_change(change))
}

/// A change to the proof left with the original signature: for values that cannot even be
/// canonicalized (an undefined proof type or purpose), which the verifier must refuse before
/// looking at the signature.
fn unsigned_change(change: impl FnOnce(&mut Value)) -> Value {
    let mut document = issued();
    change(&mut document["proof"]);
    document
}

#[test]
fn issued_vc_verifies() {
    assert_eq!(check(&issued()), Ok(()));
}

#[test]
fn canonize_unknown_and_digest_sha512_fail_the_signature() {
    let document = issued();
    // canonizeUnknown: the bytes of some other canonicalization (plain JSON serialization).
    let config = proof_config(&document);
    let mut message = sha2::Sha256::digest(config.to_string()).to_vec();
    message.extend_from_slice(&sha2::Sha256::digest(unsecured(&document).to_string()));
    assert_eq!(
        check(&with_signature(document.clone(), &message)),
        Err(ProofError::SignatureInvalid)
    );
    // canonizeJcs: JCS bytes under the eddsa-rdfc-2022 label.
    let jcs = hash_data(&EddsaJcs2022, &unsecured(&document), &config).expect("jcs");
    assert_eq!(
        check(&with_signature(document.clone(), &jcs)),
        Err(ProofError::SignatureInvalid)
    );
    // digestSha512: the right canonical forms, the wrong hash.
    let mut message = Sha512::digest(suite().canonicalize(&config).expect("rdfc")).to_vec();
    message.extend_from_slice(&Sha512::digest(
        suite().canonicalize(&unsecured(&document)).expect("rdfc"),
    ));
    assert_eq!(
        check(&with_signature(document, &message)),
        Err(ProofError::SignatureInvalid)
    );
}

#[test]
fn invalid_cryptosuite_and_proof_type_are_rejected() {
    let document = unsigned_change(|p| p["cryptosuite"] = json!("unknown-cryptosuite-2017"));
    assert!(matches!(
        check(&document),
        Err(ProofError::WrongCryptosuite { found, .. }) if found == "unknown-cryptosuite-2017"
    ));
    let document = unsigned_change(|p| p["type"] = json!("UnknownProofType"));
    assert!(matches!(
        check(&document),
        Err(ProofError::WrongProofType { found, .. }) if found == "UnknownProofType"
    ));
}

#[test]
fn created_recipes() {
    // noCreated: required by default (Open Badges issuers always date proofs).
    let document = mutated(|p| {
        p.as_object_mut().expect("proof").remove("created");
    });
    assert_eq!(check(&document), Err(ProofError::MissingCreated));
    // invalidCreated.
    let document = mutated(|p| p["created"] = json!("invalidDate"));
    assert!(matches!(
        check(&document),
        Err(ProofError::InvalidDateTime {
            property: "created",
            ..
        })
    ));
    // createdOneYearAgo: an old proof is still a valid proof.
    let document = mutated(|p| p["created"] = json!("2024-06-01T00:00:00Z"));
    assert_eq!(check(&document), Ok(()));
    // noOffsetCreated: "MAY chose to consume time values that were incorrectly serialized
    // without an offset" — we do (read as UTC).
    let document = mutated(|p| p["created"] = json!("2024-06-01T00:00:00"));
    assert_eq!(check(&document), Ok(()));
    // A year in the future: rejected.
    let document = mutated(|p| p["created"] = json!("2026-06-01T00:00:00Z"));
    assert!(matches!(
        check(&document),
        Err(ProofError::CreatedInFuture { .. })
    ));
}

#[test]
fn expires_recipes() {
    let document = mutated(|p| p["expires"] = json!("invalidDate"));
    assert!(matches!(
        check(&document),
        Err(ProofError::InvalidDateTime {
            property: "expires",
            ..
        })
    ));
    let document = mutated(|p| p["expires"] = json!("2025-05-31T23:59:59Z"));
    assert!(matches!(check(&document), Err(ProofError::Expired { .. })));
    // noOffsetExpires, still in the future: consumed as UTC.
    let document = mutated(|p| p["expires"] = json!("2026-06-01T00:00:00"));
    assert_eq!(check(&document), Ok(()));
}

#[test]
fn verification_method_recipes() {
    let document = mutated(|p| {
        p.as_object_mut()
            .expect("proof")
            .remove("verificationMethod");
    });
    assert_eq!(
        check(&document),
        Err(ProofError::MissingProperty {
            property: "verificationMethod"
        })
    );
    let document = mutated(|p| p["verificationMethod"] = json!("did:key:@invalidVm@"));
    assert!(matches!(
        check(&document),
        Err(ProofError::Resolution(ResolveError::Invalid { .. }))
    ));
}

#[test]
fn proof_purpose_recipes() {
    let document = mutated(|p| {
        p.as_object_mut().expect("proof").remove("proofPurpose");
    });
    assert_eq!(
        check(&document),
        Err(ProofError::MissingProperty {
            property: "proofPurpose"
        })
    );
    let document = unsigned_change(|p| p["proofPurpose"] = json!("invalidPurpose"));
    assert!(matches!(
        check(&document),
        Err(ProofError::ProofPurposeMismatch { found, .. }) if found == "invalidPurpose"
    ));
}

#[test]
fn domain_and_challenge_recipes() {
    let mut options = VerifyOptions::new(now());
    options.domain = Some("https://verifier.example".into());
    options.challenge = Some("expected-challenge".into());
    let good = mutated(|p| {
        p["domain"] = json!("https://verifier.example");
        p["challenge"] = json!("expected-challenge");
    });
    assert_eq!(check_with(&good, &options), Ok(()));
    let document = mutated(|p| {
        p["domain"] = json!("invalidDomain");
        p["challenge"] = json!("expected-challenge");
    });
    assert!(matches!(
        check_with(&document, &options),
        Err(ProofError::DomainMismatch { .. })
    ));
    let document = mutated(|p| {
        p["domain"] = json!("https://verifier.example");
        p["challenge"] = json!("invalidChallenge");
    });
    assert!(matches!(
        check_with(&document, &options),
        Err(ProofError::ChallengeMismatch { .. })
    ));
}

#[test]
fn proof_value_recipes() {
    let document = issued();
    let value = document["proof"]["proofValue"]
        .as_str()
        .expect("proofValue")
        .to_owned();
    let bytes = bs58::decode(&value[1..]).into_vec().expect("base58");
    // 63 and 65 bytes: not an Ed25519 signature for a 32-byte key.
    for length in [63, 65] {
        let mut wrong = bytes.clone();
        wrong.resize(length, 0);
        let mut document = document.clone();
        document["proof"]["proofValue"] = format!("z{}", bs58::encode(&wrong).into_string()).into();
        assert!(
            matches!(check(&document), Err(ProofError::InvalidProofValue { .. })),
            "{length}"
        );
    }
    // A base64url (`u`) header instead of base58btc.
    let mut other_header = document.clone();
    other_header["proof"]["proofValue"] = format!("u{}", &value[1..]).into();
    assert!(matches!(
        check(&other_header),
        Err(ProofError::InvalidProofValue { .. })
    ));
}

#[test]
fn data_loss_and_relative_iris_are_refused() {
    // invalidBaseUrl / data loss: the base URL is null, so a relative IRI cannot become RDF;
    // refusing beats dropping it (undefined terms are covered in proof_jsonld.rs, since the VC
    // 2.0 context maps every term through @vocab).
    let mut document = unsecured(&issued());
    document["credentialSubject"]["id"] = json!("relative/subject");
    let signed = suite().sign(&document, &ProofOptions::new(method_id(), now()), &key());
    assert!(matches!(signed, Err(ProofError::Canonicalization(_))));
    // Signing a clean document, then adding the relative IRI: verification refuses to
    // canonicalize rather than dropping it.
    let mut document = issued();
    document["credentialSubject"]["id"] = json!("relative/subject");
    assert!(matches!(
        check(&document),
        Err(ProofError::Canonicalization(_))
    ));
}

#[test]
fn tampered_claims_fail_the_signature() {
    let mut document = issued();
    document["credentialSubject"]["name"] = json!("OtherClaim");
    assert_eq!(check(&document), Err(ProofError::SignatureInvalid));
}

/// The same recipes through the whole verifier, on its generic-credential path (`validVc.json`
/// is a plain W3C credential, no Open Badges type): the positive case verifies, each negative one
/// is refused for the reason the suite names.
#[test]
fn every_recipe_through_the_verifier() {
    use openbadges::verify::{CheckCode, CheckStatus, Outcome, Verifier};
    let verify = |document: &Value| {
        Verifier::new(openbadges::verify::VerifyOptions::new(now()))
            .verify(&serde_json::to_vec(document).expect("json"))
    };
    let report = verify(&issued());
    assert_eq!(report.outcome(), Outcome::Verified, "{}", report.to_json());
    assert!(
        report
            .conformance()
            .problems
            .iter()
            .any(|p| p.code == "NOT_AN_OPEN_BADGE")
    );

    let document = issued();
    let config = proof_config(&document);
    let jcs = hash_data(&EddsaJcs2022, &unsecured(&document), &config).expect("jcs");
    let mut sha512 = Sha512::digest(suite().canonicalize(&config).expect("rdfc")).to_vec();
    sha512.extend_from_slice(&Sha512::digest(
        suite().canonicalize(&unsecured(&document)).expect("rdfc"),
    ));
    let mut tampered = issued();
    tampered["credentialSubject"]["name"] = json!("OtherClaim");
    let mut undefined = issued();
    undefined["@context"] = json!([
        "https://www.w3.org/2018/credentials/v1",
        "https://w3id.org/security/data-integrity/v2"
    ]);
    let mut relative = issued();
    relative["credentialSubject"]["id"] = json!("relative/subject");
    let mut short_value = issued();
    short_value["proof"]["proofValue"] =
        format!("z{}", bs58::encode([1u8; 63]).into_string()).into();
    let cases: Vec<(&str, Value, Outcome, &str)> = vec![
        (
            "canonizeJcs",
            with_signature(document.clone(), &jcs),
            Outcome::Forged,
            "signature",
        ),
        (
            "digestSha512",
            with_signature(document.clone(), &sha512),
            Outcome::Forged,
            "signature",
        ),
        ("tampered claim", tampered, Outcome::Forged, "signature"),
        (
            "invalidCryptosuite",
            unsigned_change(|p| p["cryptosuite"] = json!("unknown-cryptosuite-2017")),
            Outcome::Invalid,
            "unknown-cryptosuite-2017",
        ),
        (
            "invalidProofType",
            unsigned_change(|p| p["type"] = json!("UnknownProofType")),
            Outcome::Invalid,
            "UnknownProofType",
        ),
        (
            "invalidCreated",
            mutated(|p| p["created"] = json!("invalidDate")),
            Outcome::Invalid,
            "created",
        ),
        (
            "created in the future",
            mutated(|p| p["created"] = json!("2026-06-01T00:00:00Z")),
            Outcome::NotYetValid,
            "created",
        ),
        (
            "invalidExpires",
            mutated(|p| p["expires"] = json!("invalidDate")),
            Outcome::Invalid,
            "expires",
        ),
        (
            "expired proof",
            mutated(|p| p["expires"] = json!("2025-05-31T23:59:59Z")),
            Outcome::Expired,
            "expire",
        ),
        (
            "noVm",
            mutated(|p| {
                p.as_object_mut()
                    .expect("proof")
                    .remove("verificationMethod");
            }),
            Outcome::Invalid,
            "verificationMethod",
        ),
        (
            "invalidVm",
            mutated(|p| p["verificationMethod"] = json!("did:key:@invalidVm@")),
            Outcome::UnboundKey,
            "invalidVm",
        ),
        (
            "noProofPurpose",
            mutated(|p| {
                p.as_object_mut().expect("proof").remove("proofPurpose");
            }),
            Outcome::Invalid,
            "proofPurpose",
        ),
        (
            "invalidProofPurpose",
            unsigned_change(|p| p["proofPurpose"] = json!("invalidPurpose")),
            Outcome::Invalid,
            "invalidPurpose",
        ),
        (
            "proofValue of 63 bytes",
            short_value,
            Outcome::Forged,
            "proofValue",
        ),
        (
            "undefinedTerm",
            undefined,
            Outcome::Invalid,
            "credentialSubject",
        ),
        (
            "invalidBaseUrl (relative IRI)",
            relative,
            Outcome::Invalid,
            "relative",
        ),
    ];
    for (name, document, outcome, reason) in cases {
        let report = verify(&document);
        assert_eq!(report.outcome(), outcome, "{name}: {}", report.to_json());
        assert_eq!(
            report.status_of(CheckCode::Proof),
            Some(CheckStatus::Failed),
            "{name}"
        );
        let proof_message: String = report
            .checks_with(CheckCode::Proof)
            .map(|c| c.message.clone())
            .collect();
        assert!(
            proof_message.contains(reason),
            "{name}: `{reason}` not in {proof_message}"
        );
    }
    // Proof-level options the verifier takes as given: an old proof, a proof without `created`
    // (optional in Data Integrity 1.0) and offset-less times (read as UTC) still verify.
    for (name, document) in [
        (
            "createdOneYearAgo",
            mutated(|p| p["created"] = json!("2024-06-01T00:00:00Z")),
        ),
        (
            "noCreated",
            mutated(|p| {
                p.as_object_mut().expect("proof").remove("created");
            }),
        ),
        (
            "noOffsetCreated",
            mutated(|p| p["created"] = json!("2024-06-01T00:00:00")),
        ),
    ] {
        let report = verify(&document);
        assert_eq!(
            report.outcome(),
            Outcome::Verified,
            "{name}: {}",
            report.to_json()
        );
    }
}
