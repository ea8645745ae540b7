//! OB 2.0 → OB 3.0: a verified assertion upgrades to a credential that meets the official OB 3.0
//! JSON Schema and our validation, carries the mapped fields, and signs and verifies as OB 3.0.

mod ob2_support;

use ob2_support::*;
use openbadges::keys::Keypair;
use openbadges::ob2::{self, upgrade::ASSERTION_EVIDENCE_TYPE};
use openbadges::verify::{Outcome, Verifier, VerifyOptions};
use openbadges::{Issuer, Suite};
use serde_json::{Value, json};

fn assert_conforms(json: &Value) {
    let path = format!(
        "{}/fixtures/schemas/ob_v3p0_achievementcredential.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let schema: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(json)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "schema errors:\n{}\n{json:#}",
        errors.join("\n")
    );
    let report = openbadges::validate::credential(json);
    assert!(report.is_valid(), "{report:?}\n{json:#}");
}

fn upgraded(name: &str) -> Value {
    let verification = ob2::verify(&read(name), &documents(), &VerifyOptions::new(now()));
    let verified = verification
        .into_verified()
        .unwrap_or_else(|r| panic!("{}", r.summary()));
    ob2::upgrade(&verified).to_json()
}

#[test]
fn hosted_assertion_upgrades_following_the_mapping() {
    let credential = upgraded("hosted-assertion.json");
    assert_conforms(&credential);
    assert_eq!(
        credential["type"],
        json!(["VerifiableCredential", "OpenBadgeCredential"])
    );
    // issuedOn (-04:00) → validFrom and awardedDate in UTC; no expiry.
    assert_eq!(credential["validFrom"], "2024-09-01T19:30:00Z");
    assert_eq!(credential["awardedDate"], "2024-09-01T19:30:00Z");
    assert!(credential.get("validUntil").is_none());
    assert_eq!(credential["name"], "Feedback That Moves Learning");
    let issuer = &credential["issuer"];
    assert_eq!(issuer["id"], ISSUER);
    assert_eq!(issuer["type"], json!(["Profile"]));
    assert_eq!(issuer["name"], "Example Unified School District");
    assert_eq!(issuer["phone"], "+16175551212");
    assert_eq!(issuer["email"], "badges@district.example");
    let subject = &credential["credentialSubject"];
    let achievement = &subject["achievement"];
    assert_eq!(achievement["id"], BADGE);
    assert_eq!(
        achievement["criteria"],
        json!({
            "id": "https://badges.district.example/badges/feedback/criteria",
            "narrative": "Submit three lessons with written feedback and the students' revisions."
        })
    );
    assert_eq!(
        achievement["image"],
        json!({"id": "https://badges.district.example/badges/feedback.png", "type": "Image", "caption": "A speech bubble"})
    );
    assert_eq!(achievement["alignment"][0]["type"], json!(["Alignment"]));
    assert_eq!(achievement["alignment"][0]["targetCode"], "6");
    assert_eq!(achievement["tag"], json!(["feedback", "assessment"]));
    let identity = &subject["identifier"][0];
    assert_eq!(identity["identityType"], "emailAddress");
    assert_eq!(identity["identityHash"], recipient()["identity"]);
    assert_eq!(identity["salt"], SALT);
    assert_eq!(subject["narrative"], "Observed in the fall 2024 cycle.");
    // The recipient's evidence, then the OB 2.0 assertion it came from.
    let evidence = credential["evidence"].as_array().unwrap();
    assert_eq!(
        evidence[0]["id"],
        "https://portfolio.example/teacher/feedback-unit"
    );
    assert_eq!(evidence[1]["id"], HOSTED);
    assert_eq!(
        evidence[1]["type"],
        json!(["Evidence", ASSERTION_EVIDENCE_TYPE])
    );
    // The same assertion always gives the same credential id.
    assert_eq!(credential["id"], upgraded("baked/hosted-url.png")["id"]);
    assert!(credential["id"].as_str().unwrap().starts_with("urn:uuid:"));
}

#[test]
fn signed_assertion_upgrades_with_its_jws_kept() {
    let credential = upgraded("baked/signed-jws.svg");
    assert_conforms(&credential);
    assert_eq!(credential["validUntil"], "2027-09-01T00:00:00Z");
    let evidence = credential["evidence"].as_array().unwrap();
    assert_eq!(
        evidence[0]["id"],
        format!("data:application/jose,{}", signed_jws())
    );
    assert_ne!(credential["id"], upgraded("hosted-assertion.json")["id"]);
}

#[test]
fn upgraded_credential_signs_and_verifies_as_ob3() {
    let credential = upgraded("signed-assertion.jws");
    let keypair = Keypair::from_seed(&[42; 32]);
    let method = format!("{ISSUER}#ob3-key");
    let public = keypair.public_key().to_multibase();
    let issuer = Issuer::new(keypair, method.clone());
    let signed = issuer
        .sign(&credential, Suite::EddsaRdfc2022, now())
        .unwrap();
    let mut verifier = Verifier::new(VerifyOptions::new(now()));
    verifier
        .add_controller_document(json!({
            "id": ISSUER,
            "verificationMethod": [{
                "id": method, "type": "Multikey", "controller": ISSUER, "publicKeyMultibase": public
            }],
            "assertionMethod": [method]
        }))
        .unwrap();
    let report = verifier.verify(signed.to_string().as_bytes());
    assert_eq!(
        report.outcome(),
        Outcome::Verified,
        "{:#}",
        report.to_json()
    );
    assert_eq!(
        report.display().unwrap().achievement_name.as_deref(),
        Some("Feedback That Moves Learning")
    );
}

#[test]
fn an_assertion_that_does_not_verify_is_not_upgraded() {
    let mut documents = documents();
    documents.remove(REVOCATIONS);
    let verification = ob2::verify(
        &read("revoked-assertion.jws"),
        &ob2_support::documents(),
        &VerifyOptions::new(now()),
    );
    assert_eq!(verification.report.outcome(), Outcome::Revoked);
    assert!(verification.into_verified().is_err());
    let verification = ob2::verify(
        &read("signed-assertion.jws"),
        &documents,
        &VerifyOptions::new(now()),
    );
    assert!(verification.verified().is_none());
}
