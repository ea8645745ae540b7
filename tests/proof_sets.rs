//! Proof sets (independent proofs) and proof chains (`previousProof`) with eddsa-jcs-2022, using
//! the key pairs and proof ids of the vc-di-eddsa proof-set-chain vectors.

use openbadges::keys::{Keypair, StaticResolver};
use openbadges::proof::{
    Cryptosuite, EddsaJcs2022, ProofError, ProofOptions, ProofOutcome, ProofSetPolicy,
    VerifyOptions, verify, verify_each,
};
use serde_json::{Value, json};

mod vectors_support;
use vectors_support::*;

const ID1: &str = "urn:uuid:26329423-bec9-4b2e-88cb-a7c7d9dc4544";
const ID2: &str = "urn:uuid:8cc9022b-6b14-4cf3-8571-74972c5feb54";
const ID3: &str = "urn:uuid:d94f792a-c546-4d06-b38a-da070ab56c23";

fn fixture(name: &str) -> Value {
    vector_json(&format!("proof-set-chain/{name}"))
}

fn keys() -> Vec<Keypair> {
    let pairs = fixture("multiKeyPairs.json");
    (1..=4)
        .map(|n| {
            let secret = pairs[format!("keyPair{n}")]["privateKeyMultibase"]
                .as_str()
                .expect("secret");
            Keypair::from_secret_multibase(secret).expect("decodes")
        })
        .collect()
}

fn options(key: &Keypair, id: Option<&str>, previous: &[&str]) -> ProofOptions {
    let mut options = ProofOptions::new(method_id(key), now());
    options.id = id.map(str::to_owned);
    options.previous_proof = previous.iter().map(|p| (*p).to_owned()).collect();
    options
}

/// Two independent proofs, then a proof chained to both, then one chained to that.
/// Each proof's own outcome, with no keys beyond `did:key`.
fn each_outcome(document: &Value) -> Vec<ProofOutcome> {
    verify_each(
        document,
        &[&EddsaJcs2022],
        &StaticResolver::new(),
        &VerifyOptions::new(now()),
    )
    .expect("checks")
}

fn chain() -> Value {
    let keys = keys();
    let mut document = fixture("unsigned.json");
    for (key, id, previous) in [
        (&keys[0], Some(ID1), &[][..]),
        (&keys[1], Some(ID2), &[][..]),
        (&keys[2], Some(ID3), &[ID1, ID2][..]),
        (&keys[3], None, &[ID3][..]),
    ] {
        document = EddsaJcs2022
            .sign(&document, &options(key, id, previous), key)
            .expect("signs");
    }
    document
}

fn check(document: &Value, policy: ProofSetPolicy) -> Result<(), ProofError> {
    let mut options = VerifyOptions::new(now());
    options.policy = policy;
    verify(document, &[&EddsaJcs2022], &StaticResolver::new(), &options).map(|_| ())
}

#[test]
fn proof_set_members_are_independent_and_all_verify() {
    let keys = keys();
    let unsigned = fixture("unsigned.json");
    let one = EddsaJcs2022
        .sign(&unsigned, &options(&keys[0], Some(ID1), &[]), &keys[0])
        .expect("signs");
    assert!(one["proof"].is_object());
    let two = EddsaJcs2022
        .sign(&one, &options(&keys[1], Some(ID2), &[]), &keys[1])
        .expect("signs");
    let proofs = two["proof"].as_array().expect("a proof set");
    assert_eq!(proofs.len(), 2);
    assert_eq!(proofs[0], one["proof"]);
    // The second proof signs the document without the first: it is the same proof the second
    // key would have made alone.
    let alone = EddsaJcs2022
        .sign(&unsigned, &options(&keys[1], Some(ID2), &[]), &keys[1])
        .expect("signs");
    assert_eq!(proofs[1], alone["proof"]);
    assert_eq!(check(&two, ProofSetPolicy::All), Ok(()));
}

#[test]
fn adding_to_a_proof_set_keeps_every_property_in_place() {
    let keys = keys();
    let mut unsigned = fixture("unsigned.json");
    unsigned["zLast"] = json!("after the proof");
    let one = EddsaJcs2022
        .sign(&unsigned, &options(&keys[0], Some(ID1), &[]), &keys[0])
        .expect("signs");
    // Move `proof` to the middle, as a document received from elsewhere may have it.
    let map = one.as_object().expect("object");
    let mut reordered = serde_json::Map::new();
    for (key, value) in map.iter().filter(|(k, _)| *k != "proof") {
        reordered.insert(key.clone(), value.clone());
        if key == "@context" {
            reordered.insert("proof".into(), map["proof"].clone());
        }
    }
    let one = Value::Object(reordered);
    let two = EddsaJcs2022
        .sign(&one, &options(&keys[1], Some(ID2), &[]), &keys[1])
        .expect("signs");
    let keys_of =
        |v: &Value| -> Vec<String> { v.as_object().expect("object").keys().cloned().collect() };
    assert_eq!(keys_of(&two), keys_of(&one));
    assert_eq!(two["proof"].as_array().map(Vec::len), Some(2));
    assert_eq!(check(&two, ProofSetPolicy::All), Ok(()));
}

#[test]
fn proof_chain_has_the_vector_shape_and_verifies() {
    let document = chain();
    let proofs = document["proof"].as_array().expect("proofs");
    assert_eq!(proofs.len(), 4);
    let vector = fixture("signedProofChain2.json");
    for (ours, theirs) in proofs
        .iter()
        .zip(vector["proof"].as_array().expect("proofs"))
    {
        for property in [
            "id",
            "verificationMethod",
            "previousProof",
            "proofPurpose",
            "type",
        ] {
            assert_eq!(ours.get(property), theirs.get(property), "{property}");
        }
    }
    let outcomes = verify(
        &document,
        &[&EddsaJcs2022],
        &StaticResolver::new(),
        &VerifyOptions::new(now()),
    )
    .expect("verifies");
    let keys = keys();
    for (outcome, key) in outcomes.iter().zip(&keys) {
        let method = outcome.result.as_ref().expect("verified");
        assert_eq!(method.ed25519(), Some(&key.public_key()));
    }
}

#[test]
fn chained_proof_signs_over_its_previous_proofs() {
    // Proof 3 signed over the document with proofs 1 and 2 as a `proof` array (the
    // proofChainTempDoc1 shape): dropping either of them from the document breaks proof 3.
    let document = chain();
    let mut without_second = document.clone();
    without_second["proof"]
        .as_array_mut()
        .expect("proofs")
        .remove(1);
    let outcomes = each_outcome(&without_second);
    assert!(outcomes[0].result.is_ok());
    assert_eq!(
        outcomes[1].result,
        Err(ProofError::PreviousProofNotFound { id: ID2.into() })
    );
    assert_eq!(
        outcomes[2].result,
        Err(ProofError::PreviousProofFailed { id: ID3.into() })
    );
}

#[test]
fn a_forged_member_fails_all_but_not_any_and_poisons_its_chain() {
    let mut document = chain();
    document["proof"][0]["created"] = json!("2023-02-24T23:36:39Z");
    assert_eq!(
        check(&document, ProofSetPolicy::All),
        Err(ProofError::SignatureInvalid)
    );
    assert_eq!(check(&document, ProofSetPolicy::Any), Ok(()));
    let outcomes = each_outcome(&document);
    let results: Vec<_> = outcomes.iter().map(|o| o.result.clone().err()).collect();
    assert_eq!(
        results,
        [
            Some(ProofError::SignatureInvalid),
            None,
            // Proof 3 signed proof 1 as it was, so its own signature breaks; proof 4 chains to 3.
            Some(ProofError::SignatureInvalid),
            Some(ProofError::PreviousProofFailed { id: ID3.into() }),
        ]
    );
    // With every proof forged, `Any` fails too.
    let mut all_forged = chain();
    for proof in all_forged["proof"].as_array_mut().expect("proofs") {
        proof["proofPurpose"] = json!("authentication");
    }
    assert!(matches!(
        check(&all_forged, ProofSetPolicy::Any),
        Err(ProofError::ProofPurposeMismatch { .. })
    ));
}

#[test]
fn a_chained_proof_fails_when_its_previous_proof_cannot_be_verified() {
    // Proof 1 names a key nobody can resolve; proof 2 chains to it and is itself sound.
    let keys = keys();
    let mut first = options(&keys[0], Some(ID1), &[]);
    first.verification_method = "did:web:gone.example#key-1".into();
    let document = EddsaJcs2022
        .sign(&fixture("unsigned.json"), &first, &keys[0])
        .expect("signs");
    let document = EddsaJcs2022
        .sign(&document, &options(&keys[1], Some(ID2), &[ID1]), &keys[1])
        .expect("signs");
    let outcomes = each_outcome(&document);
    assert_eq!(
        outcomes[0].result,
        Err(ProofError::KeyUnavailable {
            id: "did:web:gone.example".into()
        })
    );
    assert_eq!(
        outcomes[1].result,
        Err(ProofError::PreviousProofFailed { id: ID1.into() })
    );
    assert!(check(&document, ProofSetPolicy::Any).is_err());
    // Once the key is known, both verify.
    let mut resolver = StaticResolver::new();
    resolver
        .insert(json!({
            "id": "did:web:gone.example",
            "verificationMethod": [{"id": "#key-1", "type": "Multikey",
                "controller": "did:web:gone.example",
                "publicKeyMultibase": keys[0].public_key().to_multibase()}],
            "assertionMethod": ["#key-1"]
        }))
        .expect("registers");
    let outcomes = verify(
        &document,
        &[&EddsaJcs2022],
        &resolver,
        &VerifyOptions::new(now()),
    )
    .expect("verifies");
    assert_eq!(outcomes.len(), 2);
}

#[test]
fn previous_proof_must_exist_when_signing_and_verifying() {
    let keys = keys();
    let unsigned = fixture("unsigned.json");
    let one = EddsaJcs2022
        .sign(&unsigned, &options(&keys[0], Some(ID1), &[]), &keys[0])
        .expect("signs");
    assert_eq!(
        EddsaJcs2022.sign(&one, &options(&keys[1], None, &["urn:uuid:nope"]), &keys[1]),
        Err(ProofError::PreviousProofNotFound {
            id: "urn:uuid:nope".into()
        })
    );
    let mut dangling = chain();
    dangling["proof"][3]["previousProof"] = json!("urn:uuid:nope");
    let outcomes = each_outcome(&dangling);
    assert_eq!(
        outcomes[3].result,
        Err(ProofError::PreviousProofNotFound {
            id: "urn:uuid:nope".into()
        })
    );
    let mut malformed = chain();
    malformed["proof"][3]["previousProof"] = json!([7]);
    assert!(matches!(
        check(&malformed, ProofSetPolicy::All),
        Err(ProofError::Malformed { pointer, .. }) if pointer == "/proof/3/previousProof"
    ));
}

#[test]
fn rdfc_vectors_are_recognized_but_need_an_rdfc_suite() {
    // The published set and chain are eddsa-rdfc-2022: with only eddsa-jcs-2022 registered each
    // proof is refused with the cryptosuite named, not mistaken for a forgery.
    for name in ["signedProofSet2.json", "signedProofChain2.json"] {
        let outcomes = verify_each(
            &fixture(name),
            &[&EddsaJcs2022],
            &StaticResolver::new(),
            &VerifyOptions::new(now()),
        )
        .expect("checks");
        assert!(!outcomes.is_empty());
        for outcome in outcomes {
            assert!(
                matches!(
                    &outcome.result,
                    Err(ProofError::WrongCryptosuite { found, .. }) if found == "eddsa-rdfc-2022"
                ),
                "{name}: {:?}",
                outcome.result
            );
        }
    }
}
