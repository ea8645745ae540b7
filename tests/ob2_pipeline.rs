//! Open Badges 2.0 through the one `Verifier` (no second verifier): documents from a saved
//! folder (`DocumentStore::load_dir`), the same report, `needs`, and upgrade from the verifier.

mod ob2_support;

use chrono::{TimeZone, Utc};
use ob2_support::*;
use openbadges::documents::DocumentStore;
use openbadges::ob2;
use openbadges::verify::{CheckCode, CheckStatus, InputKind, Outcome, Verifier, VerifyOptions};

fn verifier_at(now: chrono::DateTime<Utc>) -> Verifier {
    let documents = DocumentStore::load_dir(&dir().join("documents")).unwrap();
    Verifier::new(VerifyOptions::new(now)).with_documents(documents)
}

fn verifier() -> Verifier {
    verifier_at(now())
}

#[test]
fn every_form_verifies_through_the_verifier() {
    for (name, input) in [
        ("hosted-assertion.json", InputKind::Ob2Json),
        ("signed-assertion.jws", InputKind::Ob2Jws),
        ("baked/hosted-json.png", InputKind::Ob2Png),
        ("baked/hosted-url.png", InputKind::Ob2Png),
        ("baked/signed-jws.png", InputKind::Ob2Png),
        ("baked/hosted-json.svg", InputKind::Ob2Svg),
        ("baked/hosted-url.svg", InputKind::Ob2Svg),
        ("baked/signed-jws.svg", InputKind::Ob2Svg),
    ] {
        let report = verifier().verify(&read(name));
        assert_eq!(
            report.outcome(),
            Outcome::Verified,
            "{name}: {:#}",
            report.to_json()
        );
        assert_eq!(report.input(), input, "{name}");
        assert!(report.conformance().conformant, "{name}");
        let json = report.to_json();
        assert_eq!(
            json["display"]["achievement_name"],
            "Feedback That Moves Learning"
        );
        assert_eq!(
            json["display"]["issuer_name"],
            "Example Unified School District"
        );
        assert!(
            json["input"].as_str().unwrap().starts_with("ob2-"),
            "{name}"
        );
    }
    let report = verifier().verify(HOSTED.as_bytes());
    assert_eq!(report.outcome(), Outcome::Verified);
    assert_eq!(report.input(), InputKind::Ob2Url);
    let report = verifier().verify_json(&hosted_assertion());
    assert_eq!(report.outcome(), Outcome::Verified);
}

#[test]
fn failures_are_the_same_outcomes_through_the_verifier() {
    let later = Utc.with_ymd_and_hms(2027, 9, 2, 0, 0, 0).unwrap();
    for (verifier, name, outcome) in [
        (verifier(), "signed-by-other-key.jws", Outcome::Forged),
        (verifier(), "signed-by-unowned-key.jws", Outcome::UnboundKey),
        (verifier(), "revoked-assertion.jws", Outcome::Revoked),
        (verifier_at(later), "baked/signed-jws.png", Outcome::Expired),
    ] {
        let report = verifier.verify(&read(name));
        assert_eq!(report.outcome(), outcome, "{name}: {:#}", report.to_json());
    }
    let empty = Verifier::new(VerifyOptions::new(now()));
    let report = empty.verify(&read("signed-assertion.jws"));
    assert_eq!(report.outcome(), Outcome::DocumentUnavailable);
    assert_eq!(
        report.status_of(CheckCode::Proof),
        Some(CheckStatus::Failed)
    );
}

#[test]
fn strict_mode_fails_ob2_data_model_problems() {
    let mut documents = DocumentStore::load_dir(&dir().join("documents")).unwrap();
    let mut issuer_doc = read_json("documents/issuer.json");
    issuer_doc.as_object_mut().unwrap().remove("email");
    documents.insert(ISSUER, issuer_doc);
    let lenient = Verifier::new(VerifyOptions::new(now())).with_documents(documents.clone());
    let report = lenient.verify(&read("signed-assertion.jws"));
    assert_eq!(report.outcome(), Outcome::Verified);
    assert!(!report.conformance().conformant);
    assert_eq!(report.conformance().problems[0].code, "OB2_ISSUER_PROPERTY");
    assert_eq!(
        report.conformance().problems[0].pointer,
        "/badge/issuer/email"
    );
    assert_eq!(
        report.status_of(CheckCode::Spec),
        Some(CheckStatus::Warning)
    );
    let strict = Verifier::new(VerifyOptions::new(now()).strict()).with_documents(documents);
    assert_eq!(
        strict.verify(&read("signed-assertion.jws")).outcome(),
        Outcome::Invalid
    );
}

#[test]
fn verifier_needs_names_the_ob2_documents() {
    let empty = Verifier::new(VerifyOptions::new(now()));
    let needs = empty.needs(&read("baked/signed-jws.svg"));
    let ob2 = needs.ob2.as_ref().unwrap();
    assert_eq!(ob2.keys, vec![KEY.to_owned()]);
    assert_eq!(ob2.badge_classes, vec![BADGE.to_owned()]);
    assert!(!needs.is_empty());
    assert_eq!(needs.urls().collect::<Vec<_>>(), vec![BADGE, KEY]);
    assert_eq!(needs.to_json()["ob2"]["keys"][0], KEY);
    assert!(verifier().needs(&read("baked/signed-jws.svg")).is_empty());
    assert!(verifier().needs(&read("hosted-assertion.json")).is_empty());
}

#[test]
fn verify_ob2_then_upgrade() {
    let verified = verifier()
        .verify_ob2(&read("baked/hosted-json.svg"))
        .into_verified()
        .unwrap();
    let credential = ob2::upgrade(&verified).to_json();
    assert_eq!(credential["credentialSubject"]["achievement"]["id"], BADGE);
    assert!(openbadges::validate::credential(&credential).is_valid());
    let refused = verifier_at(Utc.with_ymd_and_hms(2027, 9, 2, 0, 0, 0).unwrap())
        .verify_ob2(&read("signed-assertion.jws"));
    assert_eq!(refused.report.outcome(), Outcome::Expired);
    assert!(refused.into_verified().is_err());
}
