//! Contexts and documents from the caller: the W3C employment-authorization vector reproduced
//! byte for byte with its context supplied (not bundled), a custom extension context that lets
//! the issuer sign and the verifier verify, pinning, and `needs` naming exactly what is missing.

mod vectors_support;

use chrono::{TimeZone, Utc};
use openbadges::documents::{DocumentError, DocumentStore, sha256_hex};
use openbadges::issuer::{IssueError, Issuer, Suite};
use openbadges::keys::{Keypair, StaticResolver};
use openbadges::proof::{self, ProofError, ProofOptions, SuiteRegistry, hash_data};
use openbadges::status::{StatusList, StatusListConfig};
use openbadges::verify::{CheckCode, CheckStatus, Outcome, Verifier, VerifyOptions};
use serde_json::{Value, json};
use vectors_support::*;

const CITIZENSHIP: &str = "https://w3id.org/citizenship/v4rc1";
const CITIZENSHIP_SHA256: &str = "3edaa0fef94223eeb863d71ebd550c45d74143db14911d606f36d579d2dd46af";
const EXTENSION: &str = "https://district.example/contexts/lesson-v1.json";
const EXTENSION_CONTEXT: &[u8] = br#"{"@context": {"lessonPlan": {"@id": "https://district.example/vocab#lessonPlan", "@type": "@id"}}}"#;

fn citizenship_bytes() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/contexts/citizenship-v4rc1.jsonld"
    ))
    .expect("fixture")
}

fn employment_store() -> DocumentStore {
    let mut store = DocumentStore::new();
    store
        .insert_pinned(CITIZENSHIP, &citizenship_bytes(), CITIZENSHIP_SHA256)
        .expect("the fixture matches its pin");
    store
}

#[test]
fn employment_vector_is_byte_exact_with_a_caller_supplied_context() {
    let dir = "eddsa-rdfc-2022/employ";
    let text = |stem: &str| vector_text(&format!("{dir}/{stem}DataInt.txt"));
    let signed = vector_json(&format!("{dir}/signedDataInt.json"));
    let config = vector_json(&format!("{dir}/proofConfigDataInt.json"));
    let mut unsigned = signed.clone();
    unsigned.as_object_mut().unwrap().remove("proof");

    let registry = SuiteRegistry::with_documents(&employment_store());
    let suite = registry.get("eddsa-rdfc-2022").expect("registered");
    let canonical = suite.canonicalize(&unsigned).expect("document");
    assert_eq!(String::from_utf8_lossy(&canonical), text("canonDoc"));
    let canonical = suite.canonicalize(&config).expect("config");
    assert_eq!(String::from_utf8_lossy(&canonical), text("proofCanon"));
    let combined = hash_data(suite, &unsigned, &config).expect("hash");
    assert_eq!(hex(&combined[..32]), text("proofHash").trim());
    assert_eq!(hex(&combined[32..]), text("docHash").trim());
    assert_eq!(hex(&combined), text("combinedHash").trim());
    assert_eq!(
        hex(&vector_keypair().sign(&combined)),
        text("sigHex").trim()
    );
    let mut options = ProofOptions::without_created(config["verificationMethod"].as_str().unwrap());
    options.created = config["created"].as_str().map(str::to_owned);
    let resigned = suite
        .sign(&unsigned, &options, &vector_keypair())
        .expect("signs");
    assert_eq!(resigned, signed);
    assert_eq!(
        resigned["proof"]["proofValue"].as_str().unwrap(),
        text("sigBTC58").trim()
    );
    let now = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
    proof::verify(
        &signed,
        &registry.suites(),
        &StaticResolver::new(),
        &proof::VerifyOptions::new(now),
    )
    .expect("the published document verifies");

    // The verifier reads the same vector as a plain W3C credential with the context supplied.
    let verifier = Verifier::new(VerifyOptions::new(now)).with_documents(employment_store());
    let report = verifier.verify(&serde_json::to_vec(&signed).unwrap());
    assert_eq!(
        report.status_of(CheckCode::Proof),
        Some(CheckStatus::Passed),
        "{}",
        report.to_json()
    );
    assert_eq!(
        report.status_of(CheckCode::SignedForm),
        Some(CheckStatus::Passed)
    );

    // Without it, nothing is fetched: the URL is named.
    let standard = SuiteRegistry::standard().get("eddsa-rdfc-2022").unwrap();
    assert_eq!(
        standard.canonicalize(&unsigned),
        Err(ProofError::ContextUnavailable {
            url: CITIZENSHIP.to_owned()
        })
    );
    let report =
        Verifier::new(VerifyOptions::new(now)).verify(&serde_json::to_vec(&signed).unwrap());
    assert_eq!(
        report.outcome(),
        Outcome::DocumentUnavailable,
        "{}",
        report.to_json()
    );
    assert!(
        report.summary().contains(CITIZENSHIP),
        "{}",
        report.summary()
    );
    let needs = Verifier::new(VerifyOptions::new(now)).needs(&serde_json::to_vec(&signed).unwrap());
    assert_eq!(needs.contexts, [CITIZENSHIP]);
}

#[test]
fn a_context_with_a_wrong_pin_is_refused() {
    let mut store = DocumentStore::new();
    let mut wrong = CITIZENSHIP_SHA256.to_owned();
    wrong.replace_range(..2, "00");
    match store.insert_pinned(CITIZENSHIP, &citizenship_bytes(), &wrong) {
        Err(DocumentError::PinMismatch { url, actual, .. }) => {
            assert_eq!(url, CITIZENSHIP);
            assert_eq!(actual, CITIZENSHIP_SHA256);
        }
        other => panic!("{other:?}"),
    }
    assert!(store.get(CITIZENSHIP).is_none());
    let mut verifier = Verifier::new(VerifyOptions::new(Utc::now()));
    assert!(
        verifier
            .register_pinned_document(CITIZENSHIP, &citizenship_bytes(), &wrong)
            .is_err()
    );
    assert!(verifier.documents().get(CITIZENSHIP).is_none());
    assert_eq!(sha256_hex(&citizenship_bytes()), CITIZENSHIP_SHA256);
}

fn extension_badge(issuer: &str) -> Value {
    json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            EXTENSION
        ],
        "id": "urn:uuid:8e0f1c2d-3b4a-4c5d-8e6f-7a8b9c0d1e2f",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer, "type": ["Profile"], "name": "Example District"},
        "validFrom": "2026-01-01T00:00:00Z",
        "name": "Feedback That Moves Learning",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "id": "did:example:teacher",
            "lessonPlan": "https://district.example/plans/7",
            "achievement": {
                "id": "https://district.example/achievements/feedback",
                "type": ["Achievement"],
                "name": "Feedback That Moves Learning",
                "description": "Gives timely, specific feedback that students act on.",
                "criteria": {"narrative": "Three lessons with feedback and revisions."}
            }
        }
    })
}

fn extension_store() -> DocumentStore {
    let mut store = DocumentStore::new();
    store
        .insert_pinned(EXTENSION, EXTENSION_CONTEXT, &sha256_hex(EXTENSION_CONTEXT))
        .unwrap();
    store
}

#[test]
fn custom_context_round_trip() {
    let now = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
    let key = Keypair::from_seed(&[5; 32]);
    let issuer = Issuer::did_key(Keypair::from_seed(&[5; 32]));
    let credential = extension_badge(&key.public_key().to_did_key());

    // Without the context the issuer cannot sign with an RDF suite, and says which URL.
    match issuer.sign(&credential, Suite::EddsaRdfc2022, now) {
        Err(IssueError::Proof(ProofError::ContextUnavailable { url })) => {
            assert_eq!(url, EXTENSION)
        }
        other => panic!("{other:?}"),
    }
    let issuer = issuer.with_documents(&extension_store());
    for suite in Suite::ALL {
        let signed = issuer.sign(&credential, suite, now).expect("signs");
        let bytes = serde_json::to_vec(&signed).unwrap();
        let verifier = Verifier::new(VerifyOptions::new(now)).with_documents(extension_store());
        let report = verifier.verify(&bytes);
        assert_eq!(
            report.outcome(),
            Outcome::Verified,
            "{suite:?}: {}",
            report.to_json()
        );
        assert!(report.conformance().conformant, "{}", report.to_json());
        let mut tampered = signed.clone();
        tampered["credentialSubject"]["lessonPlan"] = "https://district.example/plans/8".into();
        let report = verifier.verify(&serde_json::to_vec(&tampered).unwrap());
        assert_eq!(report.outcome(), Outcome::Forged, "{suite:?}");
        // An unregistered context: the verifier names it and verifies nothing it cannot read.
        let report = Verifier::new(VerifyOptions::new(now)).verify(&bytes);
        if suite == Suite::EddsaJcs2022 {
            // JCS signs the JSON: the unknown context is a conformance problem only.
            assert_eq!(report.outcome(), Outcome::Verified, "{}", report.to_json());
            assert!(!report.conformance().conformant);
        } else {
            assert_eq!(report.outcome(), Outcome::DocumentUnavailable, "{suite:?}");
        }
        assert!(report.to_json().to_string().contains(EXTENSION));
    }
    // Registered one document at a time, by URL, it works the same.
    let signed = issuer.sign(&credential, Suite::EddsaRdfc2022, now).unwrap();
    let mut verifier = Verifier::new(VerifyOptions::new(now));
    verifier
        .register_document(EXTENSION, EXTENSION_CONTEXT)
        .unwrap();
    assert!(
        verifier
            .verify(&serde_json::to_vec(&signed).unwrap())
            .is_verified()
    );
}

#[test]
fn needs_lists_exactly_what_is_missing_then_verification_is_offline() {
    let now = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
    let key = Keypair::from_seed(&[6; 32]);
    let did = "did:web:district.example";
    let method = format!("{did}#key-1");
    let status_url = "https://district.example/status/1";
    let mut list = StatusList::new(StatusListConfig::revocation().with_seed([3; 32])).unwrap();
    let index = list.allocate().unwrap();
    let mut credential = extension_badge(did);
    credential["credentialStatus"] = list.credential_status_entry(index, status_url).unwrap();
    let issuer =
        Issuer::new(Keypair::from_seed(&[6; 32]), &method).with_documents(&extension_store());
    let signed = issuer.sign(&credential, Suite::EddsaRdfc2022, now).unwrap();
    let bytes = serde_json::to_vec(&signed).unwrap();

    let verifier = Verifier::new(VerifyOptions::new(now));
    let needs = verifier.needs(&bytes);
    assert_eq!(needs.contexts, [EXTENSION]);
    assert_eq!(needs.controllers, [did]);
    assert_eq!(needs.status_lists, [status_url]);
    assert_eq!(
        needs.to_json(),
        json!({"contexts": [EXTENSION], "controllers": [did], "status_lists": [status_url]})
    );
    assert_eq!(verifier.verify(&bytes).outcome(), Outcome::KeyUnavailable);

    // What a caller fetches, saved in a folder.
    let did_document = openbadges::keys::controller_document(did, &method, &key.public_key());
    let list_credential = Issuer::new(Keypair::from_seed(&[6; 32]), &method)
        .sign(
            &list.to_credential(did, status_url, now, None),
            Suite::EddsaRdfc2022,
            now,
        )
        .unwrap();
    let dir = std::env::temp_dir().join(format!("openbadges-documents-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("contexts")).unwrap();
    std::fs::write(
        dir.join("did.json"),
        serde_json::to_vec(&did_document).unwrap(),
    )
    .unwrap();
    std::fs::write(
        dir.join("status-1.json"),
        serde_json::to_vec(&list_credential).unwrap(),
    )
    .unwrap();
    std::fs::write(dir.join("contexts/lesson-v1.json"), EXTENSION_CONTEXT).unwrap();
    std::fs::write(
        dir.join("index.json"),
        serde_json::to_vec(&json!({"documents": [{
            "url": EXTENSION,
            "file": "contexts/lesson-v1.json",
            "sha256": sha256_hex(EXTENSION_CONTEXT)
        }]}))
        .unwrap(),
    )
    .unwrap();
    let store = DocumentStore::load_dir(&dir).expect("folder loads");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(store.len(), 3);
    let verifier = Verifier::new(VerifyOptions::new(now)).with_documents(store);
    assert!(
        verifier.needs(&bytes).is_empty(),
        "{:?}",
        verifier.needs(&bytes)
    );
    let report = verifier.verify(&bytes);
    assert_eq!(report.outcome(), Outcome::Verified, "{}", report.to_json());
    assert_eq!(
        report.status_of(CheckCode::Status),
        Some(CheckStatus::Passed)
    );
}

#[test]
fn a_private_status_list_file_in_a_documents_folder_is_refused() {
    let dir = std::env::temp_dir().join(format!("openbadges-private-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("list.json"),
        br#"{"format": "openbadges-status-list/1", "url": "https://e.example/s", "snapshot": {"allocator": {}}}"#,
    )
    .unwrap();
    let result = DocumentStore::load_dir(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    match result {
        Err(e @ DocumentError::PrivateStatusListFile { .. }) => {
            assert!(e.to_string().contains("status-list export"), "{e}");
        }
        other => panic!("{other:?}"),
    }
}
