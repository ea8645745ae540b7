//! eddsa-jcs-2022: every intermediate value of the W3C vc-di-eddsa test vector, byte for byte.

use chrono::{TimeZone, Utc};
use openbadges::keys::StaticResolver;
use openbadges::proof::{
    Cryptosuite, EddsaJcs2022, ProofOptions, VerifyOptions, hash_data, verify,
};
use sha2::{Digest, Sha256};

mod vectors_support;
use vectors_support::*;

#[test]
fn canonical_document_and_its_hash() {
    let canonical = EddsaJcs2022
        .canonicalize(&vector_json("unsigned.json"))
        .expect("canonicalizes");
    assert_eq!(
        String::from_utf8_lossy(&canonical),
        vector_text("eddsa-jcs-2022/canonDocJCS.txt")
    );
    assert_eq!(
        hex(&Sha256::digest(&canonical)),
        vector_text("eddsa-jcs-2022/docHashJCS.txt").trim()
    );
}

#[test]
fn canonical_proof_configuration_and_its_hash() {
    let canonical = EddsaJcs2022
        .canonicalize(&vector_json("eddsa-jcs-2022/proofConfigJCS.json"))
        .expect("canonicalizes");
    assert_eq!(
        String::from_utf8_lossy(&canonical),
        vector_text("eddsa-jcs-2022/proofCanonJCS.txt")
    );
    assert_eq!(
        hex(&Sha256::digest(&canonical)),
        vector_text("eddsa-jcs-2022/proofHashJCS.txt").trim()
    );
}

#[test]
fn combined_hash_signature_and_proof_value() {
    let combined = hash_data(
        &EddsaJcs2022,
        &vector_json("unsigned.json"),
        &vector_json("eddsa-jcs-2022/proofConfigJCS.json"),
    )
    .expect("hashes");
    assert_eq!(
        hex(&combined),
        vector_text("eddsa-jcs-2022/combinedHashJCS.txt").trim()
    );
    let signature = vector_keypair().sign(&combined);
    assert_eq!(
        hex(&signature),
        vector_text("eddsa-jcs-2022/sigHexJCS.txt").trim()
    );
    let base58 = bs58::encode(signature).into_string();
    let expected = vector_text("eddsa-jcs-2022/sigBTC58JCS.txt");
    assert_eq!(
        base58,
        expected.trim().trim_start_matches('z'),
        "signature in base58btc"
    );
}

#[test]
fn signing_reproduces_the_signed_document_exactly() {
    let config = vector_json("eddsa-jcs-2022/proofConfigJCS.json");
    let mut options =
        ProofOptions::without_created(config["verificationMethod"].as_str().expect("vm"));
    options.created = config["created"].as_str().map(str::to_owned);
    let signed = EddsaJcs2022
        .sign(&vector_json("unsigned.json"), &options, &vector_keypair())
        .expect("signs");
    let expected = vector_json("eddsa-jcs-2022/signedJCS.json");
    assert_eq!(signed, expected);
    // Same member order too (serde_json keeps insertion order).
    assert_eq!(
        serde_json::to_string_pretty(&signed).expect("prints"),
        serde_json::to_string_pretty(&expected).expect("prints")
    );
}

#[test]
fn created_from_the_injected_clock() {
    let now = Utc
        .with_ymd_and_hms(2023, 2, 24, 23, 36, 38)
        .single()
        .expect("date")
        + chrono::Duration::milliseconds(250);
    let vm = vector_json("eddsa-jcs-2022/proofConfigJCS.json")["verificationMethod"]
        .as_str()
        .expect("vm")
        .to_owned();
    let signed = EddsaJcs2022
        .sign(
            &vector_json("unsigned.json"),
            &ProofOptions::new(vm, now),
            &vector_keypair(),
        )
        .expect("signs");
    assert_eq!(signed, vector_json("eddsa-jcs-2022/signedJCS.json"));
}

#[test]
fn the_published_signed_document_verifies() {
    let now = Utc
        .with_ymd_and_hms(2025, 6, 1, 0, 0, 0)
        .single()
        .expect("date");
    let outcomes = verify(
        &vector_json("eddsa-jcs-2022/signedJCS.json"),
        &[&EddsaJcs2022],
        &StaticResolver::new(),
        &VerifyOptions::new(now),
    )
    .expect("verifies");
    assert_eq!(outcomes.len(), 1);
    let method = outcomes[0].result.as_ref().expect("proof verifies");
    assert_eq!(
        method.controller,
        "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
    );
    assert_eq!(method.ed25519(), Some(&vector_keypair().public_key()));
}
