//! The one-call issuing API: sign → publish → verify round trips for every suite, tampering,
//! suite contexts, status lists, baking, validation and the official schema.

use chrono::{DateTime, TimeZone, Utc};
use openbadges::issuer::{
    Conformance, DATA_INTEGRITY_V2_CONTEXT, ED25519_2020_CONTEXT, IssueError, IssueOptions, Issuer,
    Suite, verify_signature,
};
use openbadges::keys::{BuiltinResolver, Keypair};
use openbadges::model::{Achievement, AchievementCredential, AwardBuilder, Criteria};
use openbadges::proof::{ProofError, VerifyOptions};
use openbadges::status::{DecodedStatusList, StatusList, StatusListConfig};
use openbadges::validate::ProblemCode;
use serde_json::{Value, json};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 6, 1, 12, 0, 0).unwrap()
}

fn issuer() -> Issuer {
    Issuer::did_key(Keypair::from_seed(&[11; 32]))
}

fn award(issuer: &Issuer) -> AwardBuilder {
    let achievement = Achievement::builder()
        .id("https://example.org/achievements/teamwork")
        .name("Teamwork")
        .description("Works well in a team.")
        .criteria(Criteria::url("https://example.org/criteria"))
        .build()
        .unwrap();
    AchievementCredential::builder()
        .id("urn:uuid:5a0c3b7e-8d21-4b6f-9e3a-1c2d3e4f5a6b")
        .issuer(issuer.did())
        .achievement(achievement)
        .recipient_email_with_salt("learner@example.org", "0123456789ab")
        .valid_from(now())
}

fn publish_and_receive(signed: &Value) -> Value {
    let text = serde_json::to_string_pretty(signed).unwrap();
    let received: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(&received, signed, "serde_json round trip changes nothing");
    received
}

fn verify(secured: &Value) -> Result<(), IssueError> {
    verify_signature(secured, &BuiltinResolver, &VerifyOptions::new(now())).map(|_| ())
}

fn schema_errors(json: &Value) -> Vec<String> {
    let path = format!(
        "{}/fixtures/schemas/ob_v3p0_achievementcredential.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let schema: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    validator
        .iter_errors(json)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn every_suite_round_trips_through_serialization() {
    let issuer = issuer();
    let credential = award(&issuer).build().unwrap().to_json();
    for suite in Suite::ALL {
        let signed = issuer.sign(&credential, suite, now()).unwrap();
        let proof = &signed["proof"][0];
        assert_eq!(signed["proof"].as_array().unwrap().len(), 1);
        assert_eq!(proof["verificationMethod"], issuer.verification_method());
        assert_eq!(proof["created"], "2025-06-01T12:00:00Z");
        match suite {
            Suite::Ed25519Signature2020 => {
                assert_eq!(proof["type"], "Ed25519Signature2020");
                assert!(proof.get("cryptosuite").is_none());
            }
            _ => {
                assert_eq!(proof["type"], "DataIntegrityProof");
                assert_eq!(proof["cryptosuite"], suite.name());
            }
        }
        let received = publish_and_receive(&signed);
        verify(&received).unwrap_or_else(|e| panic!("{}: {e}", suite.name()));
        // The credential itself is untouched apart from the proof (and a suite context).
        let mut unsecured = received.clone();
        unsecured.as_object_mut().unwrap().remove("proof");
        unsecured["@context"] = credential["@context"].clone();
        assert_eq!(unsecured, credential);
    }
}

#[test]
fn tampering_breaks_every_suite() {
    let issuer = issuer();
    let credential = award(&issuer).build().unwrap().to_json();
    for suite in Suite::ALL {
        let signed = issuer.sign(&credential, suite, now()).unwrap();
        let mut tampered = signed.clone();
        tampered["credentialSubject"]["achievement"]["name"] = json!("Leadership");
        let error = verify(&tampered).unwrap_err();
        assert!(
            matches!(error, IssueError::Proof(ProofError::SignatureInvalid)),
            "{}: {error}",
            suite.name()
        );
        let mut tampered = signed.clone();
        tampered["proof"][0]["created"] = json!("2025-06-01T12:00:01Z");
        assert!(verify(&tampered).is_err(), "{}", suite.name());
    }
}

#[test]
fn a_key_other_than_the_named_one_does_not_verify() {
    let issuer = issuer();
    let impostor = Issuer::new(
        Keypair::from_seed(&[12; 32]),
        issuer.verification_method().to_owned(),
    );
    let credential = award(&issuer).build().unwrap().to_json();
    let signed = impostor
        .sign(&credential, Suite::EddsaRdfc2022, now())
        .unwrap();
    assert!(matches!(
        verify(&signed),
        Err(IssueError::Proof(ProofError::SignatureInvalid))
    ));
}

#[test]
fn suite_contexts_are_added_when_missing() {
    let issuer = issuer();
    let v1 = json!({
        "@context": ["https://www.w3.org/2018/credentials/v1"],
        "id": "urn:uuid:0b0c7e32-6f1f-4a5e-8b1c-2d3e4f5a6b7c",
        "type": ["VerifiableCredential"],
        "issuer": issuer.did(),
        "issuanceDate": "2025-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner"}
    });
    let signed = issuer.sign(&v1, Suite::EddsaRdfc2022, now()).unwrap();
    assert_eq!(
        signed["@context"],
        json!([
            "https://www.w3.org/2018/credentials/v1",
            DATA_INTEGRITY_V2_CONTEXT
        ])
    );
    verify(&publish_and_receive(&signed)).unwrap();

    for credential in [v1.clone(), award(&issuer).build().unwrap().to_json()] {
        let signed = issuer
            .sign(&credential, Suite::Ed25519Signature2020, now())
            .unwrap();
        let contexts = signed["@context"].as_array().unwrap();
        assert_eq!(contexts.last().unwrap(), ED25519_2020_CONTEXT);
        assert_eq!(
            contexts.len(),
            credential["@context"].as_array().unwrap().len() + 1
        );
        verify(&publish_and_receive(&signed)).unwrap();
    }

    // Already present: nothing is added.
    let credential = award(&issuer).build().unwrap().to_json();
    let signed = issuer
        .sign(&credential, Suite::EddsaRdfc2022, now())
        .unwrap();
    assert_eq!(signed["@context"], credential["@context"]);
}

#[test]
fn unsignable_documents_are_refused() {
    let issuer = issuer();
    // The VC data model comes first: every problem is listed.
    assert!(matches!(
        issuer.sign(&json!([1]), Suite::EddsaJcs2022, now()),
        Err(IssueError::Invalid { problems }) if problems[0].code == ProblemCode::NotObject
    ));
    let no_context = json!({"type": ["VerifiableCredential"]});
    match issuer.sign(&no_context, Suite::EddsaJcs2022, now()) {
        Err(IssueError::Invalid { problems }) => {
            let found: Vec<(ProblemCode, &str)> = problems
                .iter()
                .map(|p| (p.code, p.pointer.as_str()))
                .collect();
            assert_eq!(
                found,
                [
                    (ProblemCode::MissingField, "/@context"),
                    (ProblemCode::MissingField, "/issuer"),
                    (ProblemCode::MissingField, "/credentialSubject"),
                ]
            );
        }
        other => panic!("{other:?}"),
    }
    // Allowed through, what cannot be signed at all still is not.
    let allow = Conformance::AllowNonconformant;
    assert!(matches!(
        issuer.sign_with(&json!([1]), Suite::EddsaJcs2022, now(), allow),
        Err(IssueError::Unsignable { .. })
    ));
    assert!(matches!(
        issuer.sign_with(&no_context, Suite::EddsaJcs2022, now(), allow),
        Err(IssueError::Unsignable { pointer, .. }) if pointer == "/@context"
    ));
    // An undefined term cannot be signed with an RDF suite (it would not be covered).
    let mut credential = award(&issuer).build().unwrap().to_json();
    credential["@context"] = json!(["https://www.w3.org/2018/credentials/v1"]);
    credential["unsignedExtra"] = json!("x");
    assert!(matches!(
        issuer.sign_with(&credential, Suite::EddsaRdfc2022, now(), allow),
        Err(IssueError::Proof(ProofError::Canonicalization(_)))
    ));
}

#[test]
fn a_key_not_bound_to_the_issuer_is_refused() {
    let issuer = issuer();
    let someone_else = Issuer::did_key(Keypair::from_seed(&[99; 32]));
    let credential = award(&issuer).build().unwrap().to_json();
    for result in [
        someone_else.sign(&credential, Suite::EddsaRdfc2022, now()),
        someone_else.sign_with(
            &credential,
            Suite::EddsaJcs2022,
            now(),
            Conformance::AllowNonconformant,
        ),
    ] {
        match result {
            Err(IssueError::UnboundKey {
                role,
                named,
                controller,
                ..
            }) => {
                assert_eq!(role, "issuer");
                assert_eq!(named, issuer.did());
                assert_eq!(controller, someone_else.did());
            }
            other => panic!("{other:?}"),
        }
    }
    assert!(matches!(
        someone_else.issue_json(
            credential.clone(),
            IssueOptions::new(Suite::EddsaRdfc2022, now())
        ),
        Err(IssueError::UnboundKey { .. })
    ));
    #[cfg(feature = "jose")]
    assert!(matches!(
        someone_else.sign_jwt(&credential, now()),
        Err(IssueError::UnboundKey { .. })
    ));
    // The message says what to do.
    let message = someone_else
        .sign(&credential, Suite::EddsaRdfc2022, now())
        .unwrap_err()
        .to_string();
    assert!(message.contains("UnboundKey"), "{message}");
    assert!(message.contains(someone_else.did()), "{message}");
}

#[test]
fn issue_validates_signs_and_passes_the_official_schema() {
    let issuer = issuer();
    let issued = issuer
        .issue(
            award(&issuer),
            IssueOptions::new(Suite::EddsaRdfc2022, now()),
        )
        .unwrap();
    assert_eq!(issued.status_index, None);
    assert_eq!(issued.baked, None);
    let credential = publish_and_receive(&issued.credential);
    verify(&credential).unwrap();
    assert!(openbadges::validate::credential(&credential).is_valid());
    assert_eq!(schema_errors(&credential), Vec::<String>::new());
}

#[test]
fn issue_refuses_an_invalid_credential_with_its_problems() {
    let issuer = issuer();
    let mut credential = award(&issuer).build().unwrap().to_json();
    credential["validFrom"] = json!("yesterday");
    let error = issuer
        .issue_json(credential, IssueOptions::new(Suite::EddsaRdfc2022, now()))
        .unwrap_err();
    let IssueError::Invalid { problems } = &error else {
        panic!("{error}");
    };
    assert!(
        problems.iter().any(|p| p.pointer == "/validFrom"),
        "{error}"
    );
    assert!(error.to_string().contains("/validFrom"));
}

#[test]
fn issue_attaches_a_status_list_entry_in_the_same_call() {
    let issuer = issuer();
    let url = "https://example.org/status/1";
    let mut list = StatusList::new(StatusListConfig::revocation().with_seed([3; 32])).unwrap();
    let issued = issuer
        .issue(
            award(&issuer),
            IssueOptions::new(Suite::EddsaRdfc2022, now()).with_status_list(&mut list, url),
        )
        .unwrap();
    let index = issued.status_index.unwrap();
    let status = &issued.credential["credentialStatus"];
    assert_eq!(status["type"], "BitstringStatusListEntry");
    assert_eq!(status["statusListIndex"], index.to_string());
    assert_eq!(status["statusListCredential"], url);
    verify(&issued.credential).unwrap();
    assert!(openbadges::validate::credential(&issued.credential).is_valid());
    assert_eq!(schema_errors(&issued.credential), Vec::<String>::new());

    // Revoking the allocated index shows in the published list.
    list.set(index, true).unwrap();
    let list_credential = list.to_credential(issuer.did(), url, now(), None);
    let decoded = DecodedStatusList::from_credential(&list_credential).unwrap();
    let entry = openbadges::status::BitstringStatusListEntry::from_value(status).unwrap();
    assert!(decoded.status_of(&entry).unwrap().is_set());
}

#[test]
fn issue_bakes_the_signed_credential() {
    let issuer = issuer();
    let image = std::fs::read(format!(
        "{}/fixtures/images/palette-8x8.png",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let issued = issuer
        .issue(
            award(&issuer),
            IssueOptions::new(Suite::EddsaJcs2022, now()).bake_into(&image),
        )
        .unwrap();
    let unbaked = openbadges::bake::unbake(issued.baked.as_deref().unwrap()).unwrap();
    let openbadges::bake::Payload::Json(text) = unbaked.payload else {
        panic!("a JSON payload");
    };
    let received: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(received, issued.credential);
    verify(&received).unwrap();
}

#[cfg(feature = "jose")]
#[test]
fn jwt_round_trips() {
    use openbadges::jwt;
    let issuer = issuer();
    let credential = award(&issuer).build().unwrap().to_json();
    let token = issuer.sign_jwt(&credential, now()).unwrap();
    let verified = jwt::verify(
        &token,
        &BuiltinResolver,
        &jwt::VerifyOptions::default().at(now()),
    )
    .unwrap();
    assert_eq!(verified.credential, credential);
    // A flipped payload byte breaks it.
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    let mut payload = parts[1].clone().into_bytes();
    payload[10] = if payload[10] == b'A' { b'B' } else { b'A' };
    parts[1] = String::from_utf8(payload).unwrap();
    assert!(
        jwt::verify(
            &parts.join("."),
            &BuiltinResolver,
            &jwt::VerifyOptions::default().at(now())
        )
        .is_err()
    );
}

#[test]
fn an_invalid_credential_consumes_no_status_index() {
    let issuer = issuer();
    let mut list = StatusList::new(StatusListConfig::revocation().with_seed([4; 32])).unwrap();
    let remaining = list.remaining();
    let mut credential = award(&issuer).build().unwrap().to_json();
    credential.as_object_mut().unwrap().remove("validFrom");
    let error = issuer
        .issue_json(
            credential,
            IssueOptions::new(Suite::EddsaRdfc2022, now())
                .with_status_list(&mut list, "https://example.org/status/1"),
        )
        .unwrap_err();
    assert!(matches!(error, IssueError::Invalid { .. }), "{error}");
    assert_eq!(list.remaining(), remaining);

    // A credential that already names its status is not given a second one.
    let mut credential = award(&issuer).build().unwrap().to_json();
    let taken = list.allocate().unwrap();
    credential["credentialStatus"] = list
        .credential_status_entry(taken, "https://example.org/status/1")
        .unwrap();
    let remaining = list.remaining();
    let error = issuer
        .issue_json(
            credential,
            IssueOptions::new(Suite::EddsaRdfc2022, now())
                .with_status_list(&mut list, "https://example.org/status/1"),
        )
        .unwrap_err();
    assert!(
        matches!(&error, IssueError::Unsignable { pointer, .. } if pointer == "/credentialStatus"),
        "{error}"
    );
    assert_eq!(list.remaining(), remaining);
}

#[test]
fn suite_names_parse() {
    for suite in Suite::ALL {
        assert_eq!(Suite::from_name(suite.name()), Some(suite));
    }
    assert_eq!(
        Suite::from_name("ed25519-2020"),
        Some(Suite::Ed25519Signature2020)
    );
    assert_eq!(Suite::from_name("eddsa-2022"), None);
    assert_eq!(Suite::default(), Suite::EddsaRdfc2022);
}
