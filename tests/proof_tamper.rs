//! Every change to a signed credential — each leaf altered, a property added to each object, each
//! property removed, each array element removed or duplicated — makes verification fail.

use chrono::{DateTime, TimeZone, Utc};
use openbadges::keys::{Keypair, StaticResolver};
use openbadges::proof::{Cryptosuite, EddsaJcs2022, ProofOptions, VerifyOptions, verify};
use serde_json::{Value, json};

mod proof_support;
use proof_support::mutations;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 6, 1, 12, 0, 0)
        .single()
        .expect("date")
}

fn credential(issuer: &str) -> Value {
    json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ],
        "id": "urn:uuid:2f5c1d6e-0d54-4a4c-9b0e-6a3c1c2b7f10",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer, "type": ["Profile"], "name": "Ünïcode Académie 🎓"},
        "validFrom": "2025-01-01T00:00:00Z",
        "name": "Rust \"Data\" Integrity\n",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{
                "type": "IdentityObject", "hashed": true,
                "identityHash": "sha256$3f2a", "identityType": "emailAddress", "salt": null
            }],
            "achievement": {
                "id": "https://example.edu/achievements/1",
                "type": ["Achievement"],
                "criteria": {"narrative": "Pass **all** katas"},
                "resultDescription": [{
                    "id": "urn:uuid:r1", "type": ["ResultDescription"], "resultType": "Percent",
                    "valueMin": 0, "valueMax": 100.5, "requiredValue": "70"
                }]
            },
            "result": [{"type": ["Result"], "value": "92", "score": 9.2e1, "passed": true}]
        }
    })
}

#[test]
fn every_mutation_of_a_signed_credential_fails_verification() {
    let key = Keypair::from_seed(&[21; 32]);
    let public = key.public_key();
    let issuer = public.to_did_key();
    let method = format!("{issuer}#{}", public.to_multibase());
    let mut options = ProofOptions::new(&method, now());
    options.id = Some("urn:uuid:proof-1".into());
    options.expires = Some("2030-01-01T00:00:00Z".into());
    options.domain = vec!["badges.example".into()];
    options.challenge = Some("c-1".into());
    let signed = EddsaJcs2022
        .sign(&credential(&issuer), &options, &key)
        .expect("signs");
    let resolver = StaticResolver::new();
    let verify_options = VerifyOptions::new(now());
    verify(&signed, &[&EddsaJcs2022], &resolver, &verify_options).expect("original verifies");

    let mutations = mutations(&signed);
    assert!(mutations.len() > 120, "{} mutations", mutations.len());
    let mut tolerated = Vec::new();
    for (description, mutated) in &mutations {
        assert_ne!(mutated, &signed, "{description} changed nothing");
        if verify(mutated, &[&EddsaJcs2022], &resolver, &verify_options).is_ok() {
            tolerated.push(description.as_str());
        }
    }
    // The one change Data Integrity tolerates: extending the document's @context after the ones
    // the proof signed (vc-di-eddsa §3.3.2 step 4 only requires the document's @context to
    // start with the proof's).
    assert_eq!(tolerated, ["duplicate first of /@context"]);
}

#[test]
fn canonically_equal_reencodings_still_verify() {
    // Re-serializing (other member order, other whitespace, other number spelling) is not
    // tampering: JCS hashes the same bytes.
    let key = Keypair::from_seed(&[22; 32]);
    let public = key.public_key();
    let method = format!("{}#{}", public.to_did_key(), public.to_multibase());
    let signed = EddsaJcs2022
        .sign(
            &credential(&public.to_did_key()),
            &ProofOptions::new(method, now()),
            &key,
        )
        .expect("signs");
    let text = serde_json::to_string_pretty(&signed)
        .expect("prints")
        .replace("\"score\": 92.0", "\"score\": 9.2E1");
    assert!(text.contains("9.2E1"));
    let reparsed: Value = serde_json::from_str(&text).expect("parses");
    let mut reordered = serde_json::Map::new();
    for (k, v) in reparsed.as_object().expect("object").iter().rev() {
        reordered.insert(k.clone(), v.clone());
    }
    let reordered = Value::Object(reordered);
    assert_eq!(
        EddsaJcs2022.canonicalize(&reordered).expect("jcs"),
        EddsaJcs2022.canonicalize(&signed).expect("jcs")
    );
    verify(
        &reordered,
        &[&EddsaJcs2022],
        &StaticResolver::new(),
        &VerifyOptions::new(now()),
    )
    .expect("verifies");
}
