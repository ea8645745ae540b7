//! The RDF suites end to end with the crate's JSON-LD processor (bundled contexts, safe mode):
//! W3C vc-di-eddsa vectors, proof sets and chains, the Data Integrity test suite's previousProof
//! inputs, and two independent Ed25519Signature2020 implementations' fixtures.

use chrono::{TimeZone, Utc};
use openbadges::jsonld::Processor;
use openbadges::keys::{Keypair, StaticResolver};
use openbadges::proof::{
    Cryptosuite, ProofError, ProofOptions, RdfSuite, VerifyOptions, hash_data, standard_suites,
    verify,
};
use serde_json::{Value, json};

mod proof_support;
mod vectors_support;
use vectors_support::*;

fn options() -> VerifyOptions {
    VerifyOptions::new(
        Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0)
            .single()
            .expect("date"),
    )
}

fn rdfc() -> RdfSuite<&'static Processor> {
    RdfSuite::eddsa_rdfc_2022(Processor::bundled())
}

fn ed25519_2020() -> RdfSuite<&'static Processor> {
    RdfSuite::ed25519_signature_2020(Processor::bundled())
}

fn check(document: &Value, resolver: &StaticResolver) -> Result<(), ProofError> {
    verify(document, standard_suites(), resolver, &options()).map(|_| ())
}

fn step_by_step(suite: &dyn Cryptosuite, dir: &str, suffix: &str) {
    let base = format!("vc-di-eddsa/TestVectors/{dir}");
    let signed = fixture_json(&format!("{base}/signed{suffix}.json"));
    let mut unsigned = signed.clone();
    unsigned.as_object_mut().expect("object").remove("proof");
    let config = fixture_json(&format!("{base}/proofConfig{suffix}.json"));
    let canonical = suite.canonicalize(&unsigned).expect("document");
    assert_eq!(
        String::from_utf8_lossy(&canonical),
        fixture_text(&format!("{base}/canonDoc{suffix}.txt"))
    );
    let canonical = suite.canonicalize(&config).expect("proof config");
    assert_eq!(
        String::from_utf8_lossy(&canonical),
        fixture_text(&format!("{base}/proofCanon{suffix}.txt"))
    );
    let hash = hash_data(suite, &unsigned, &config).expect("hash");
    assert_eq!(
        hex(&hash),
        fixture_text(&format!("{base}/combinedHash{suffix}.txt")).trim()
    );
    let mut proof_options =
        ProofOptions::without_created(config["verificationMethod"].as_str().expect("vm"));
    proof_options.created = config["created"].as_str().map(str::to_owned);
    let ours = suite
        .sign(&unsigned, &proof_options, &vector_keypair())
        .expect("signs");
    assert_eq!(ours, signed);
    assert_eq!(check(&signed, &StaticResolver::new()), Ok(()));
    let mut tampered = signed.clone();
    tampered["credentialSubject"]["alumniOf"] = json!("The School of Forgery");
    if tampered != signed {
        assert_eq!(
            check(&tampered, &StaticResolver::new()),
            Err(ProofError::SignatureInvalid)
        );
    }
}

#[test]
fn eddsa_rdfc_2022_vector_with_json_ld() {
    step_by_step(&rdfc(), "eddsa-rdfc-2022", "DataInt");
}

#[test]
fn ed25519_signature_2020_vector_with_json_ld() {
    step_by_step(&ed25519_2020(), "Ed25519Signature2020", "EdSig");
}

#[test]
fn published_proof_sets_and_chains_verify() {
    let dir = "vc-di-eddsa/TestVectors/proof-set-chain";
    for name in [
        "signedProofSet1.json",
        "signedProofSet2.json",
        "signedProofChain1.json",
        "signedProofChain2.json",
    ] {
        let document = fixture_json(&format!("{dir}/{name}"));
        assert_eq!(check(&document, &StaticResolver::new()), Ok(()), "{name}");
        // Forge the first proof's date: it and every proof chained to it fail.
        let mut forged = document.clone();
        let first = match &mut forged["proof"] {
            Value::Array(proofs) => &mut proofs[0],
            single => single,
        };
        first["created"] = json!("2023-02-24T23:36:39Z");
        assert_eq!(
            check(&forged, &StaticResolver::new()),
            Err(ProofError::SignatureInvalid),
            "{name}"
        );
    }
}

#[test]
fn data_integrity_suite_previous_proof_failures() {
    // The `…Ok` inputs are refused by JSON-LD 1.1 itself (see the test below); the failures
    // must fail here too.
    let dir = "vc-di-eddsa/di-assertion-previous-proof";
    for version in ["1.1", "2.0"] {
        for name in [
            "MissingFail",
            "StringMissingFail",
            "ArrayMissingFail",
            "NotStringFail",
        ] {
            let file = format!("{dir}/{version}-previousProof{name}-SimpleSigned2.json");
            assert!(
                check(&fixture_json(&file), &StaticResolver::new()).is_err(),
                "{file}"
            );
        }
    }
}

/// The test suite's `previousProof…Ok` inputs wrap their inline context in a second `@context`
/// key: `"@context": [".../credentials/v2", {"@context": {"AlumniCredential": …}}]`.
///
/// JSON-LD 1.1 API, Context Processing: only a *dereferenced* context document (step 5.2.5) and
/// an `@import`ed one (5.6) are replaced by the value of their top-level `@context` entry. An
/// inline map is a context definition whose every key other than `@base`, `@direction`,
/// `@import`, `@language`, `@propagate`, `@protected`, `@version` and `@vocab` goes to Create Term
/// Definition (5.13), which refuses any keyword as a term: `keyword redefinition`, exactly what
/// W3C test expand/er56 (`{"@context": {"@context": {…}}}`) expects. So these inputs are not
/// JSON-LD 1.1 and we reject them, as the spec says. Their signer unwrapped the inner map (as
/// jsonld.js does): with that one change, both proofs of each verify.
#[test]
fn previous_proof_ok_inputs_nest_their_inline_context_which_json_ld_refuses() {
    let dir = "vc-di-eddsa/di-assertion-previous-proof";
    for version in ["1.1", "2.0"] {
        for kind in ["String", "Array"] {
            let file = format!("{dir}/{version}-previousProof{kind}Ok-SimpleSigned2.json");
            let document = fixture_json(&file);
            let error = Processor::bundled()
                .to_rdf(&document, &openbadges::jsonld::Options::default())
                .expect_err("nested inline @context");
            assert_eq!(error.code(), "keyword redefinition", "{file}");
            assert!(
                matches!(check(&document, &StaticResolver::new()), Err(ProofError::Canonicalization(m)) if m.starts_with("keyword redefinition")),
                "{file}"
            );

            let mut unwrapped = document.clone();
            let contexts = unwrapped["@context"].as_array_mut().expect("array");
            let inline = contexts
                .iter_mut()
                .find(|c| c.get("@context").is_some())
                .expect("nested inline context");
            *inline = inline["@context"].take();
            let outcomes = verify(
                &unwrapped,
                standard_suites(),
                &StaticResolver::new(),
                &options(),
            )
            .unwrap_or_else(|e| panic!("{file}: {e}"));
            assert_eq!(outcomes.len(), 2, "{file}");
        }
    }
}

#[test]
fn undefined_terms_are_refused_not_dropped() {
    // Data Integrity's DATA_LOSS_DETECTION_ERROR: a term no context defines (VC 2.0 contexts map
    // every term through `@vocab`; this VC 1.1 document does not).
    let resolver = iron_resolver();
    let signed = fixture_json("ed25519-2020/filip26-iron/verifier/0001-in.jsonld");
    assert_eq!(check(&signed, &resolver), Ok(()));
    let mut sneaky = signed;
    sneaky["undefinedTerm"] = json!("sneaky");
    assert!(matches!(
        check(&sneaky, &resolver),
        Err(ProofError::Canonicalization(_))
    ));
}

#[test]
fn digitalbazaar_ed25519_signature_2020_fixture_verifies() {
    let document = fixture_json("ed25519-2020/digitalbazaar/test-vectors.signedFixture.json");
    assert_eq!(check(&document, &StaticResolver::new()), Ok(()));
}

#[test]
fn iron_ed25519_signature_2020_verifier_manifest() {
    let resolver = iron_resolver();
    let manifest = fixture_json("ed25519-2020/filip26-iron/verifier-manifest.jsonld");
    let tests = manifest["sequence"].as_array().expect("sequence");
    assert_eq!(tests.len(), 8);
    for test in tests {
        let input = test["input"].as_str().expect("input");
        if input == "verifier/0007-in.jsonld" {
            // Checked on its own below: this copy's VP signature was regenerated upstream.
            continue;
        }
        let document = fixture_json(&format!("ed25519-2020/filip26-iron/{input}"));
        let positive = test["@type"]
            .as_array()
            .is_some_and(|t| t.iter().any(|v| v == "PositiveEvaluationTest"));
        let result = check(&document, &resolver);
        if positive {
            assert_eq!(result, Ok(()), "{input}");
        } else {
            assert_eq!(result, Err(ProofError::SignatureInvalid), "{input}");
        }
    }
}

/// iron t0007 "valid signed VP": a presentation whose proof covers an embedded, signed VC
/// (`verifiableCredential` and `proof` are both `@graph`-contained, so the dataset has the VC in
/// one named graph and its proof in another, linked by blank graph names).
///
/// The VP proof of upstream's 2022 fixture (`0007-in.5965b41.jsonld`, identical to issuer test
/// t0006's expected output of that time) verifies byte-for-byte through our toRdf + RDFC-1.0.
/// The current fixture (`0007-in.jsonld`, same document, same `created`, re-signed upstream
/// together with issuer t0006's expected output) carries a different signature that matches
/// neither the standard dataset nor the variants tried (inner proof dropped, inner proof
/// in the VC's graph or the default graph, VC in the default graph, VC linked by IRI, no VC,
/// `authentication` purpose, no `created`); only the inner VC's proof (unchanged) verifies. The
/// JSON-LD 1.1 toRdf of `@graph` containers and Data Integrity's proof removal (only the top
/// `proof`) give exactly the dataset the 2022 signature covers, so the current signature is not
/// over that dataset, and rejecting it is correct.
#[test]
fn iron_signed_presentation_t0007() {
    let resolver = iron_resolver();
    let signed_2022 = fixture_json("ed25519-2020/filip26-iron/verifier/0007-in.5965b41.jsonld");
    assert_eq!(check(&signed_2022, &resolver), Ok(()));

    // The embedded credential's own proof is part of what the VP signs.
    let mut inner_tampered = signed_2022.clone();
    inner_tampered["verifiableCredential"]["proof"]["created"] = json!("2022-06-04T20:33:02Z");
    assert_eq!(
        check(&inner_tampered, &resolver),
        Err(ProofError::SignatureInvalid)
    );
    let mut subject_tampered = signed_2022.clone();
    subject_tampered["verifiableCredential"]["credentialSubject"] = json!("did:example:other");
    assert_eq!(
        check(&subject_tampered, &resolver),
        Err(ProofError::SignatureInvalid)
    );

    // The re-signed current fixture: same document, signature over some other canonical form.
    let current = fixture_json("ed25519-2020/filip26-iron/verifier/0007-in.jsonld");
    let mut same_document = current.clone();
    same_document["proof"]["proofValue"] = signed_2022["proof"]["proofValue"].clone();
    assert_eq!(same_document, signed_2022);
    assert_eq!(
        check(&current, &resolver),
        Err(ProofError::SignatureInvalid)
    );
    // Its inner credential, presented alone, still verifies.
    let mut credential = current["verifiableCredential"].clone();
    credential["@context"] = current["@context"].clone();
    assert_eq!(check(&credential, &resolver), Ok(()));
}

/// The iron fixtures' key document under its URL, and the issuers' controller documents listing
/// it under assertionMethod (the fixtures leave both to the verifier's configuration).
fn iron_resolver() -> StaticResolver {
    let key = fixture_json("ed25519-2020/filip26-iron/verifier/0005-verification-key.json");
    let key_id = key["id"].as_str().expect("id").to_owned();
    let mut resolver = StaticResolver::new();
    resolver.insert(key).expect("key document");
    for issuer in ["1", "2"] {
        resolver
            .insert(json!({
                "id": format!("https://github.com/filip26/iron-verifiable-credentials/issuer/{issuer}"),
                "assertionMethod": [key_id]
            }))
            .expect("controller");
    }
    resolver
}

/// 1EdTech's Open Badges 3.0 and CLR 2.0 eddsa-rdfc-2022 vectors, every step.
#[test]
fn one_edtech_ob3_and_clr2_vectors() {
    for dir in ["obv3p0", "clrv2p0"] {
        let base = format!("vc-di-eddsa/ob3-spec/{dir}");
        let pair = fixture_json(&format!("{base}/keyPair.json"));
        let key = Keypair::from_secret_multibase(pair["secretKeyMultibase"].as_str().expect("sk"))
            .expect("64-byte secret");
        assert_eq!(
            key.public_key().to_multibase(),
            pair["publicKeyMultibase"].as_str().expect("pk")
        );
        assert_eq!(
            hex(key.public_key().as_bytes()),
            pair["publicKeyHex"].as_str().expect("hex")
        );
        let hashes: std::collections::HashMap<String, String> =
            fixture_text(&format!("{base}/hashes.txt"))
                .lines()
                .filter_map(|l| l.split_once(' '))
                .map(|(k, v)| (k.to_owned(), v.trim().to_owned()))
                .collect();
        let unsigned = fixture_json(&format!("{base}/unsigned.json"));
        let config = fixture_json(&format!("{base}/proofConfig.json"));
        let suite = rdfc();
        assert_eq!(
            String::from_utf8_lossy(&suite.canonicalize(&unsigned).expect("doc")),
            fixture_text(&format!("{base}/document-canon.nq")),
            "{dir}"
        );
        assert_eq!(
            String::from_utf8_lossy(&suite.canonicalize(&config).expect("config")),
            fixture_text(&format!("{base}/proof-canon.nq")),
            "{dir}"
        );
        let data = hash_data(&suite, &unsigned, &config).expect("hash");
        assert_eq!(hex(&data[32..]), hashes["documentHashHex"], "{dir}");
        assert_eq!(hex(&data[..32]), hashes["proofHashHex"], "{dir}");
        assert_eq!(hex(&data), hashes["dataToSignHex"], "{dir}");
        assert_eq!(hex(&key.sign(&data)), hashes["signatureHex"], "{dir}");

        let mut options =
            ProofOptions::without_created(config["verificationMethod"].as_str().expect("vm"));
        options.created = config["created"].as_str().map(str::to_owned);
        let signed = suite.sign(&unsigned, &options, &key).expect("signs");
        assert_eq!(signed["proof"]["proofValue"], hashes["proofValue"].as_str());
        // The CLR vector writes its single proof as a one-element array; either form is a proof set.
        let published = fixture_json(&format!("{base}/signed.json"));
        let published_proof = match &published["proof"] {
            Value::Array(proofs) if proofs.len() == 1 => proofs[0].clone(),
            single => single.clone(),
        };
        assert_eq!(signed["proof"], published_proof, "{dir}");
        assert_eq!(without_proof(&signed), without_proof(&published), "{dir}");

        let resolver = issuer_resolver(&pair);
        assert_eq!(check(&signed, &resolver), Ok(()), "{dir}");
        assert_eq!(check(&published, &resolver), Ok(()), "{dir}");
        // The issuer's DID document is what binds the key: without it the key is unavailable.
        assert!(matches!(
            check(&signed, &StaticResolver::new()),
            Err(ProofError::KeyUnavailable { .. })
        ));
        let mut forged = signed.clone();
        forged["name"] = json!("Forged");
        assert_eq!(
            check(&forged, &resolver),
            Err(ProofError::SignatureInvalid),
            "{dir}"
        );
    }
}

/// A resolver that knows only the issuer DID document built from a vector's `keyPair.json`
/// (`id`, `controller`, `publicKeyMultibase`), its key listed for assertions.
fn issuer_resolver(pair: &Value) -> StaticResolver {
    let mut resolver = StaticResolver::new();
    resolver
        .insert(json!({
            "id": pair["controller"],
            "verificationMethod": [{
                "id": pair["id"], "type": "Multikey", "controller": pair["controller"],
                "publicKeyMultibase": pair["publicKeyMultibase"]
            }],
            "assertionMethod": [pair["id"]]
        }))
        .expect("issuer");
    resolver
}

fn without_proof(document: &Value) -> Value {
    let mut document = document.clone();
    if let Some(object) = document.as_object_mut() {
        object.remove("proof");
    }
    document
}

/// Every mutation of the signed 1EdTech Open Badge fails eddsa-rdfc-2022 verification, except
/// duplicating an array element: JSON-LD arrays are sets in RDF, so the duplicate denotes the
/// same dataset and the same signature (RDFC signs the graph, not the JSON).
#[test]
fn every_mutation_of_a_signed_open_badge_fails() {
    let base = "vc-di-eddsa/ob3-spec/obv3p0";
    let pair = fixture_json(&format!("{base}/keyPair.json"));
    let resolver = issuer_resolver(&pair);
    let signed = fixture_json(&format!("{base}/signed.json"));
    assert_eq!(check(&signed, &resolver), Ok(()));
    let mutations = proof_support::mutations(&signed);
    assert!(mutations.len() > 60, "{}", mutations.len());
    let tolerated: Vec<&str> = mutations
        .iter()
        .filter(|(_, mutated)| check(mutated, &resolver).is_ok())
        .map(|(description, _)| description.as_str())
        .collect();
    assert_eq!(
        tolerated,
        [
            "duplicate first of /@context",
            "duplicate first of /type",
            "duplicate first of /issuer/type",
            "duplicate first of /credentialSubject/type",
            "duplicate first of /credentialSubject/achievement/type",
        ]
    );
}
