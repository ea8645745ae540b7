//! parse → serialize gives back JSON equal to the input, for every credential in
//! `fixtures/credentials/` (copied from the shared W3C / 1EdTech vectors; see its MANIFEST.md).

use std::path::PathBuf;

use openbadges::json::{self, JsonLimits};
use openbadges::model::{AchievementCredential, AnyCredential, EndorsementCredential};
use serde_json::Value;

fn fixtures() -> Vec<(String, Value)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/credentials");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("fixtures/credentials exists") {
        let path = entry.expect("readable dir entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let bytes = std::fs::read(&path).expect("readable fixture");
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let value = json::parse(&bytes, &JsonLimits::default())
            .unwrap_or_else(|e| panic!("{name}: strict JSON parse failed: {e}"));
        out.push((name, value));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn every_fixture_credential_round_trips() {
    let fixtures = fixtures();
    assert!(
        fixtures.len() >= 90,
        "expected the full fixture set, found {}",
        fixtures.len()
    );
    let mut failures = Vec::new();
    for (name, input) in &fixtures {
        match AnyCredential::from_json(input) {
            Ok(parsed) => {
                let output = parsed.to_json();
                if &output != input {
                    failures.push(format!(
                        "{name}: round trip changed the JSON:\n  in:  {input}\n  out: {output}"
                    ));
                }
            }
            Err(e) => failures.push(format!("{name}: did not parse: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixtures failed:\n{}",
        failures.len(),
        fixtures.len(),
        failures.join("\n")
    );
}

#[test]
fn open_badges_fixtures_load_as_the_typed_ob_classes() {
    let mut ob = 0;
    for (name, input) in fixtures() {
        if let AnyCredential::Achievement(c) = AnyCredential::from_json(&input).unwrap() {
            ob += 1;
            assert!(
                c.has_type("OpenBadgeCredential") || c.has_type("AchievementCredential"),
                "{name}"
            );
        }
        // CLR transcripts carry whole AchievementCredentials inside their subject.
        if let Some(Value::Array(inner)) = input.pointer("/credentialSubject/verifiableCredential")
        {
            for vc in inner {
                let c =
                    AchievementCredential::from_json(vc).unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(&c.to_json(), vc, "{name}: nested credential");
                ob += 1;
            }
        }
    }
    assert!(ob >= 3, "only {ob} Open Badges credentials found");
}

#[test]
fn typed_accessors_on_the_1edtech_vector() {
    let (_, input) = fixtures()
        .into_iter()
        .find(|(n, _)| n == "ob3-spec__obv3p0__signed.json")
        .expect("the 1EdTech OB 3.0 vector is present");
    let c = AchievementCredential::from_json(&input).unwrap();
    assert_eq!(c.issuer.id(), "https://example.edu/issuers/565049");
    assert_eq!(c.credential_subject.achievement.name.as_str(), "Teamwork");
    assert_eq!(
        c.effective_valid_from()
            .unwrap()
            .to_datetime()
            .unwrap()
            .to_rfc3339(),
        "2010-01-01T00:00:00+00:00"
    );
    let proof = c.proof.as_ref().unwrap().first().unwrap();
    assert_eq!(proof.cryptosuite.as_deref(), Some("eddsa-rdfc-2022"));
    // The issuer's `type` came as an array and stays one.
    assert!(c.issuer.profile().unwrap().types.is_array());
}

#[test]
fn rich_ob_credential_round_trips_through_every_class() {
    let input = serde_json::json!({
        "@context": [
            "https://www.w3.org/2018/credentials/v1",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
            {"custom": "https://example.org/vocab#custom"}
        ],
        "id": "urn:uuid:00000000-0000-4000-8000-000000000001",
        "type": ["VerifiableCredential", "AchievementCredential"],
        "issuer": {
            "id": "did:web:district.example", "type": "Profile",
            "name": [{"@value": "District", "@language": "en"}, {"@value": "Distrito", "@language": "es"}],
            "address": {"type": ["Address"], "addressLocality": "Springfield",
                        "geo": {"type": "GeoCoordinates", "latitude": 44, "longitude": -123.5}},
            "otherIdentifier": [{"type": "IdentifierEntry", "identifier": "1337", "identifierType": "ext:LinkedInOrganizationId"}],
            "image": {"id": "data:image/png;base64,iVBORw0KGgo=", "type": "Image", "caption": "logo"}
        },
        "issuanceDate": "2024-01-01T00:00:00.5+01:00",
        "expirationDate": "2030-01-01T00:00:00Z",
        "awardedDate": "2024-01-01T00:00:00Z",
        "name": "Feedback", "custom": {"nested": [1, 2.5, true]},
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{"type": "IdentityObject", "hashed": true, "salt": "s",
                            "identityHash": "sha256$00", "identityType": "emailAddress"}],
            "creditsEarned": 1,
            "achievement": {
                "id": "https://example.org/a", "type": ["Achievement"], "name": "A", "description": "D",
                "criteria": {"id": "https://example.org/criteria"}, "achievementType": "ext:Micro",
                "alignment": [{"type": ["Alignment"], "targetName": "T", "targetUrl": "https://example.org/t",
                               "targetType": "ceasn:Competency"}],
                "related": [{"id": "https://example.org/a-es", "type": ["Related"], "inLanguage": "es"}],
                "resultDescription": [{"id": "urn:rd:1", "type": ["ResultDescription"], "name": "C1",
                    "resultType": "RubricCriterionLevel", "requiredLevel": "urn:l:2",
                    "rubricCriterionLevel": [
                        {"id": "urn:l:1", "type": ["RubricCriterionLevel"], "name": "Emerging", "points": "1"},
                        {"id": "urn:l:2", "type": ["RubricCriterionLevel"], "name": "Met", "points": "2"}]},
                    {"id": "urn:rd:2", "type": ["ResultDescription"], "name": "Done", "resultType": "Status"}],
                "tag": ["teaching"], "creditsAvailable": 1.5
            },
            "result": [{"type": ["Result"], "resultDescription": "urn:rd:1", "achievedLevel": "urn:l:2"},
                       {"type": ["Result"], "resultDescription": "urn:rd:2", "status": "Completed"}]
        },
        "evidence": [{"type": ["Evidence"], "id": "https://example.org/e", "genre": "Lesson video"}],
        "endorsement": [{
            "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
            "id": "urn:uuid:e", "type": ["VerifiableCredential", "EndorsementCredential"],
            "issuer": "did:web:state.example", "validFrom": "2024-01-01T00:00:00Z", "name": "State endorsement",
            "credentialSubject": {"id": "https://example.org/a", "type": ["EndorsementSubject"], "endorsementComment": "Good"}
        }],
        "credentialStatus": {"id": "https://example.org/status#1", "type": "1EdTechRevocationList"},
        "credentialSchema": {"id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
                             "type": "1EdTechJsonSchemaValidator2019"},
        "refreshService": {"id": "https://example.org/refresh", "type": "1EdTechCredentialRefresh"},
        "termsOfUse": [{"type": "TrustFrameworkPolicy", "trustFramework": "x"}],
        "proof": [{"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "proofPurpose": "assertionMethod",
                   "verificationMethod": "did:web:district.example#key-1", "proofValue": "z1"}]
    });
    let c = AchievementCredential::from_json(&input).unwrap();
    assert_eq!(c.to_json(), input);
    assert_eq!(
        c.effective_valid_from().unwrap().as_str(),
        "2024-01-01T00:00:00.5+01:00"
    );
    assert_eq!(
        c.effective_valid_until()
            .unwrap()
            .to_datetime()
            .unwrap()
            .timestamp(),
        1_893_456_000
    );
    let e = c.endorsement.as_ref().unwrap().first().unwrap();
    assert_eq!(EndorsementCredential::from_json(&e.to_json()).unwrap(), *e);
    // Numbers keep their JSON form: 44 stays an integer, 1.5 a float.
    assert_eq!(
        c.to_json()["issuer"]["address"]["geo"]["latitude"].to_string(),
        "44"
    );
    assert!(
        openbadges::validate::credential(&input)
            .errors()
            .all(|p| p.pointer.contains("identityHash"))
    );
}

#[test]
fn ob_credential_missing_a_required_field_is_a_typed_error() {
    let mut input = fixtures()
        .into_iter()
        .find(|(n, _)| n == "ob3-spec__obv3p0__unsigned.json")
        .unwrap()
        .1;
    input["credentialSubject"]["achievement"]
        .as_object_mut()
        .unwrap()
        .remove("name");
    let err = AchievementCredential::from_json(&input).unwrap_err();
    assert!(err.to_string().contains("name"), "{err}");
    let err =
        AnyCredential::from_json(&serde_json::json!({"type": "OpenBadgeCredential"})).unwrap_err();
    assert!(err.to_string().contains("AchievementCredential"), "{err}");
}
