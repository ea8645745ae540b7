//! The bindings' logic, natively: the report is the JSON the CLI prints, options are checked,
//! `needs` names a missing did:web document until it is registered, `unbake` finds the badge.

use chrono::{DateTime, TimeZone, Utc};
use openbadges::bake::{self, Payload};
use openbadges::model::{Achievement, Profile};
use openbadges::{AchievementCredential, Issuer, Keypair, Suite, Verifier, VerifyOptions};
use openbadges_web::core;
use serde_json::{Value, json};

const DID_WEB: &str = "did:web:school.example";
const PNG: &[u8] = include_bytes!("../../fixtures/images/gradient-16x16-rgba.png");

fn at(year: i32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(year, 3, 14, 9, 0, 0)
        .single()
        .expect("date")
}

fn signed(issuer: &Issuer, issuer_id: &str) -> Value {
    let achievement = Achievement::builder()
        .id("https://school.example/achievements/1")
        .name("Feedback That Moves Learning")
        .description("Gives feedback students act on.")
        .criteria_narrative("Two lessons.")
        .build()
        .expect("achievement");
    let profile = Profile::builder()
        .id(issuer_id)
        .name("School")
        .build()
        .expect("profile");
    let credential = AchievementCredential::builder()
        .id("urn:uuid:6c7d3e0e-8a5f-4a8e-9a51-2b0f5d8f1c11")
        .issuer(profile)
        .achievement(achievement)
        .recipient_email_with_salt("teacher@example.org", "salt")
        .valid_from(at(2025))
        .build()
        .expect("credential");
    issuer
        .sign(&credential.to_json(), Suite::EddsaRdfc2022, at(2025))
        .expect("sign")
}

fn did_web_issuer() -> (Issuer, Value) {
    let key = Keypair::from_seed(&[3; 32]);
    let document = openbadges::keys::controller_document(
        DID_WEB,
        &format!("{DID_WEB}#key-1"),
        &key.public_key(),
    );
    (Issuer::new(key, format!("{DID_WEB}#key-1")), document)
}

fn report(bytes: &[u8], options: Option<&str>) -> Value {
    serde_json::from_str(&core::verify(bytes, options, at(2026)).expect("verify")).expect("JSON")
}

#[test]
fn the_report_is_the_json_the_cli_prints() {
    let issuer = Issuer::did_key(Keypair::from_seed(&[7; 32]));
    let bytes = serde_json::to_vec(&signed(&issuer, issuer.did())).expect("JSON");
    let ours = report(&bytes, None);
    assert_eq!(ours["outcome"], "VERIFIED");
    assert_eq!(
        ours["display"]["achievement_name"],
        "Feedback That Moves Learning"
    );
    let library = Verifier::new(VerifyOptions::new(at(2026))).verify(&bytes);
    assert_eq!(ours, library.to_json());
}

#[test]
fn options_set_the_time_and_unknown_ones_are_refused() {
    let issuer = Issuer::did_key(Keypair::from_seed(&[7; 32]));
    let bytes = serde_json::to_vec(&signed(&issuer, issuer.did())).expect("JSON");
    // Before validFrom.
    let early = report(
        &bytes,
        Some(r#"{"now": "2024-01-01T00:00:00Z", "strict": false}"#),
    );
    assert_eq!(early["outcome"], "NOT_YET_VALID");
    for bad in [
        r#"{"now": 5}"#,
        r#"{"now": "yesterday"}"#,
        r#"{"strict": "yes"}"#,
        r#"{"nwo": "2024-01-01T00:00:00Z"}"#,
        "[]",
        "{",
    ] {
        let error = core::verify(&bytes, Some(bad), at(2026)).expect_err(bad);
        assert!(error.to_string().starts_with("options:"), "{bad}: {error}");
    }
}

#[test]
fn needs_names_the_did_web_document_until_it_is_registered() {
    let (issuer, document) = did_web_issuer();
    let bytes = serde_json::to_vec(&signed(&issuer, DID_WEB)).expect("JSON");
    let needs: Value = serde_json::from_str(&core::needs(&bytes)).expect("JSON");
    assert_eq!(needs["controllers"], json!([DID_WEB]));
    assert_eq!(report(&bytes, None)["outcome"], "KEY_UNAVAILABLE");

    let kind = core::register_document(DID_WEB, document.to_string().as_bytes()).expect("added");
    assert_eq!(kind, "controller");
    let needs: Value = serde_json::from_str(&core::needs(&bytes)).expect("JSON");
    assert_eq!(needs["controllers"], json!([]));
    assert_eq!(report(&bytes, None)["outcome"], "VERIFIED");

    core::clear_documents();
    assert_eq!(report(&bytes, None)["outcome"], "KEY_UNAVAILABLE");
}

#[test]
fn refused_documents_are_not_kept() {
    let error = core::register_document(DID_WEB, b"{\"id\": 1,").expect_err("not JSON");
    assert!(error.to_string().contains(DID_WEB), "{error}");
    let (issuer, _) = did_web_issuer();
    let bytes = serde_json::to_vec(&signed(&issuer, DID_WEB)).expect("JSON");
    let needs: Value = serde_json::from_str(&core::needs(&bytes)).expect("JSON");
    assert_eq!(needs["controllers"], json!([DID_WEB]));
}

#[test]
fn unbake_finds_the_badge_and_says_when_there_is_none() {
    let issuer = Issuer::did_key(Keypair::from_seed(&[7; 32]));
    let text = signed(&issuer, issuer.did()).to_string();
    let baked = bake::bake(PNG, &Payload::Json(text.clone())).expect("bake");
    let unbaked: Value =
        serde_json::from_str(&core::unbake(&baked).expect("unbake")).expect("JSON");
    assert_eq!(
        unbaked,
        json!({"format": "png", "embedding": "ob3", "payloadKind": "json", "payload": text})
    );
    assert_eq!(report(&baked, None)["outcome"], "VERIFIED");
    let error = core::unbake(PNG).expect_err("no badge in a plain PNG");
    assert!(error.to_string().starts_with("no badge found"), "{error}");
}

#[test]
fn a_presentation_is_checked_against_the_challenge_and_domain_asked_for() {
    use openbadges::present::{Holder, PresentOptions, PresentedCredential};
    use openbadges::verify::PresentationOptions;
    let issuer = Issuer::did_key(Keypair::from_seed(&[7; 32]));
    let holder = Holder::did_key(Keypair::from_seed(&[8; 32]));
    let badges = [
        PresentedCredential::Json(signed(&issuer, issuer.did())),
        PresentedCredential::Jwt(
            issuer
                .sign_jwt(
                    &{
                        let mut badge = signed(&issuer, issuer.did());
                        if let Some(object) = badge.as_object_mut() {
                            object.remove("proof");
                        }
                        badge
                    },
                    at(2025),
                )
                .expect("jwt"),
        ),
    ];
    let asked = PresentOptions::new("hr-2026-0314", "https://hr.school.example", at(2026));
    let vp = serde_json::to_vec(&holder.present(&badges, &asked).expect("present")).expect("JSON");

    let options = r#"{"challenge": "hr-2026-0314", "domain": "https://hr.school.example"}"#;
    let ours = report(&vp, Some(options));
    assert_eq!(ours["outcome"], "VERIFIED", "{ours:#}");
    assert_eq!(ours["credentials"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        ours["credentials"][1]["report"]["display"]["achievement_name"],
        "Feedback That Moves Learning"
    );
    let library = Verifier::new(VerifyOptions::new(at(2026))).verify_presentation(
        &vp,
        &PresentationOptions::new()
            .challenge("hr-2026-0314")
            .domain("https://hr.school.example"),
    );
    assert_eq!(ours, library.to_json());

    let replayed = report(&vp, Some(r#"{"challenge": "hr-2026-0401"}"#));
    assert_eq!(replayed["outcome"], "WRONG_CHALLENGE");
    let elsewhere = report(&vp, Some(r#"{"domain": "https://other.example"}"#));
    assert_eq!(elsewhere["outcome"], "WRONG_DOMAIN");
    // Nothing asked: the holder's proof and the badges are still checked; empty text asks nothing.
    assert_eq!(report(&vp, None)["outcome"], "VERIFIED");
    assert_eq!(
        report(&vp, Some(r#"{"challenge": " ", "domain": ""}"#))["outcome"],
        "VERIFIED"
    );
    let error = core::verify(&vp, Some(r#"{"challenge": 7}"#), at(2026)).expect_err("a number");
    assert!(error.to_string().starts_with("options:"), "{error}");
}
