//! Open Badges 2.0 verification: hosted and signed assertions from every carrier, and each way
//! one can fail, with the outcome, check code and message a viewer sees.

mod ob2_support;

use std::collections::HashMap;

use chrono::{TimeZone, Utc};
use ob2_support::*;
use openbadges::bake::{self, Carrier, Embedding, Payload};
use openbadges::ob2::{self, Method, PayloadKind};
use openbadges::verify::{
    CheckCode, CheckStatus, DisplayImage, ExpectedRecipient, InputKind, Outcome,
    VerificationReport, VerifyOptions,
};
use serde_json::{Value, json};

fn options() -> VerifyOptions {
    VerifyOptions::new(now())
}

fn verify_with(
    bytes: &[u8],
    documents: &HashMap<String, Value>,
    options: &VerifyOptions,
) -> ob2::Verification {
    ob2::verify(bytes, documents, options)
}

fn verify(bytes: &[u8]) -> ob2::Verification {
    verify_with(bytes, &documents(), &options())
}

#[track_caller]
fn assert_outcome(report: &VerificationReport, outcome: Outcome) {
    assert_eq!(report.outcome(), outcome, "{:#}", report.to_json());
}

#[track_caller]
fn status(report: &VerificationReport, code: CheckCode) -> Option<CheckStatus> {
    report.status_of(code)
}

#[track_caller]
fn failed_message(report: &VerificationReport, code: CheckCode) -> String {
    report
        .checks_with(code)
        .find(|c| c.status == CheckStatus::Failed)
        .map(|c| c.message.clone())
        .unwrap_or_else(|| panic!("no failed {code:?} check: {:#}", report.to_json()))
}

#[track_caller]
fn assert_verified(verification: &ob2::Verification, input: InputKind, payload: PayloadKind) {
    let report = &verification.report;
    assert_outcome(report, Outcome::Verified);
    assert_eq!(report.input(), input);
    assert_eq!(verification.source().unwrap().payload, payload);
    let outer = verification.source().unwrap().input;
    assert!(
        matches!(
            (outer, input),
            (InputKind::Json, InputKind::Ob2Json)
                | (InputKind::Jwt, InputKind::Ob2Jws)
                | (InputKind::Unknown, InputKind::Ob2Url)
                | (InputKind::Png, InputKind::Ob2Png)
                | (InputKind::Svg, InputKind::Ob2Svg)
        ),
        "{outer:?} read as {input:?}"
    );
    for code in [
        CheckCode::Parse,
        CheckCode::Contexts,
        CheckCode::Spec,
        CheckCode::Proof,
        CheckCode::IssuerBinding,
        CheckCode::Validity,
        CheckCode::Status,
    ] {
        assert_eq!(
            status(report, code),
            Some(CheckStatus::Passed),
            "{code:?}: {:#}",
            report.to_json()
        );
    }
    let display = report.display().unwrap();
    assert_eq!(
        display.achievement_name.as_deref(),
        Some("Feedback That Moves Learning")
    );
    assert_eq!(
        display.achievement_description.as_deref(),
        Some("Gives timely, specific feedback that students act on.")
    );
    let criteria = display.criteria.as_ref().expect("the BadgeClass criteria");
    assert_eq!(
        criteria.url.as_deref(),
        Some("https://badges.district.example/badges/feedback/criteria")
    );
    assert_eq!(
        criteria.narrative.as_deref(),
        Some("Submit three lessons with written feedback and the students' revisions.")
    );
    assert_eq!(
        display.issuer_name.as_deref(),
        Some("Example Unified School District")
    );
    assert_eq!(display.issuer_id.as_deref(), Some(ISSUER));
    assert_eq!(display.status, Outcome::Verified);
    assert!(verification.verified().is_some());
}

// --- valid assertions from every carrier -------------------------------------------------------

#[test]
fn hosted_assertion_json_verifies() {
    let v = verify(&read("hosted-assertion.json"));
    assert_verified(&v, InputKind::Ob2Json, PayloadKind::Json);
    let display = v.report.display().unwrap();
    assert_eq!(display.issued.as_deref(), Some("2024-09-01T15:30:00-04:00"));
    assert_eq!(display.expires, None);
    assert_eq!(
        display.image,
        Some(DisplayImage::Url {
            url: "https://badges.district.example/badges/feedback.png".into()
        })
    );
    let binding = v
        .report
        .checks_with(CheckCode::IssuerBinding)
        .next()
        .unwrap();
    assert!(
        binding.message.contains("badges.district.example"),
        "{}",
        binding.message
    );
    assert_eq!(
        v.verified().unwrap().method,
        Method::Hosted { url: HOSTED.into() }
    );
    // The report's credential is the hosted copy.
    assert_eq!(v.report.credential_json(), Some(&hosted_assertion()));
}

#[test]
fn signed_assertion_jws_verifies() {
    let v = verify(&read("signed-assertion.jws"));
    assert_verified(&v, InputKind::Ob2Jws, PayloadKind::Jws);
    let proof = v.report.checks_with(CheckCode::Proof).next().unwrap();
    assert_eq!(
        proof.message,
        format!("RS256 signature valid (key `{KEY}`)")
    );
    let display = v.report.display().unwrap();
    assert_eq!(display.expires.as_deref(), Some("2027-09-01T00:00:00Z"));
    assert!(
        matches!(&v.verified().unwrap().method, Method::Signed { jws } if *jws == signed_jws())
    );
}

#[test]
fn every_baked_carrier_verifies() {
    for (name, input, payload, carrier) in [
        (
            "baked/hosted-json.png",
            InputKind::Ob2Png,
            PayloadKind::Json,
            Carrier::PngItxt,
        ),
        (
            "baked/hosted-url.png",
            InputKind::Ob2Png,
            PayloadKind::Url,
            Carrier::PngText,
        ),
        (
            "baked/signed-jws.png",
            InputKind::Ob2Png,
            PayloadKind::Jws,
            Carrier::PngItxt,
        ),
        (
            "baked/hosted-json.svg",
            InputKind::Ob2Svg,
            PayloadKind::Json,
            Carrier::SvgElementText,
        ),
        (
            "baked/hosted-url.svg",
            InputKind::Ob2Svg,
            PayloadKind::Url,
            Carrier::SvgVerifyAttribute,
        ),
        (
            "baked/signed-jws.svg",
            InputKind::Ob2Svg,
            PayloadKind::Jws,
            Carrier::SvgVerifyAttribute,
        ),
    ] {
        let bytes = read(name);
        let v = verify(&bytes);
        assert_verified(&v, input, payload);
        assert_eq!(v.source().unwrap().carrier, Some(carrier), "{name}");
        // The baked image itself is what a displayer shows.
        assert!(
            matches!(
                v.report.display().unwrap().image,
                Some(DisplayImage::Baked { .. })
            ),
            "{name}"
        );
        // And `unbake` says which OB 2.0 format it found.
        let found = bake::unbake(&bytes).unwrap();
        assert_eq!(found.embedding, Embedding::Ob2Legacy, "{name}");
        assert_eq!(found.carrier, carrier, "{name}");
        let expected_kind = match payload {
            PayloadKind::Json => matches!(found.payload, Payload::Json(_)),
            PayloadKind::Jws => matches!(found.payload, Payload::Jwt(_)),
            PayloadKind::Url => found.payload == Payload::HostedUrl(HOSTED.into()),
            _ => false,
        };
        assert!(expected_kind, "{name}: {:?}", found.payload);
    }
}

#[test]
fn a_bare_assertion_url_verifies_from_the_documents() {
    let v = verify(HOSTED.as_bytes());
    assert_verified(&v, InputKind::Ob2Url, PayloadKind::Url);
}

#[test]
fn offsets_without_a_colon_and_the_legacy_verify_key_are_read() {
    let mut assertion = hosted_assertion();
    assertion["issuedOn"] = json!("2024-09-01T15:30:00-0400");
    let verification = assertion
        .as_object_mut()
        .unwrap()
        .shift_remove("verification")
        .unwrap();
    assertion["verify"] = verification;
    let mut documents = documents();
    documents.insert(HOSTED.into(), assertion.clone());
    let v = verify_with(assertion.to_string().as_bytes(), &documents, &options());
    assert_outcome(&v.report, Outcome::Verified);
}

// --- forged, altered, unbound -------------------------------------------------------------------

#[test]
fn tampered_hosted_assertion_is_forged() {
    let mut tampered = hosted_assertion();
    tampered["recipient"]["identity"] = json!("bob@example.org");
    tampered["recipient"]["hashed"] = json!(false);
    let v = verify(tampered.to_string().as_bytes());
    assert_outcome(&v.report, Outcome::Forged);
    let proof = v.report.checks_with(CheckCode::Proof).next().unwrap();
    assert_eq!(proof.pointer, "/recipient/hashed");
    assert!(
        proof.message.contains("it was altered"),
        "{}",
        proof.message
    );
    assert!(v.verified().is_none());
    // Shown as the issuer hosts it, never as presented.
    assert_eq!(v.report.credential_json(), Some(&hosted_assertion()));
}

#[test]
fn tampered_signed_assertion_is_forged() {
    let mut payload = signed_assertion(SIGNED_ID);
    payload["expires"] = json!("2099-01-01T00:00:00Z");
    let v = verify(with_payload(&signed_jws(), &payload).as_bytes());
    assert_outcome(&v.report, Outcome::Forged);
    assert!(failed_message(&v.report, CheckCode::Proof).contains("forged or altered"));
}

#[test]
fn jws_signed_by_another_key_is_forged() {
    let v = verify(&read("signed-by-other-key.jws"));
    assert_outcome(&v.report, Outcome::Forged);
    assert!(failed_message(&v.report, CheckCode::Proof).contains(KEY));
}

#[test]
fn key_not_owned_by_the_issuer_is_unbound() {
    let v = verify(&read("signed-by-unowned-key.jws"));
    assert_outcome(&v.report, Outcome::UnboundKey);
    assert_eq!(
        status(&v.report, CheckCode::Proof),
        Some(CheckStatus::Passed)
    );
    let message = failed_message(&v.report, CheckCode::IssuerBinding);
    assert!(message.contains("not listed in the issuer"), "{message}");

    // Listed by the issuer, but the key document names another owner: still not the issuer's.
    let mut documents = documents();
    documents.insert(ISSUER.into(), issuer(json!([KEY, OTHER_KEY])));
    let v = verify_with(&read("signed-by-unowned-key.jws"), &documents, &options());
    assert_outcome(&v.report, Outcome::UnboundKey);
    assert!(failed_message(&v.report, CheckCode::IssuerBinding).contains(OTHER_ISSUER));
}

#[test]
fn a_key_embedded_in_the_issuer_profile_is_used() {
    let mut documents = documents();
    let key = documents.remove(KEY).unwrap();
    documents.insert(ISSUER.into(), issuer(json!([key])));
    let v = verify_with(&read("signed-assertion.jws"), &documents, &options());
    assert_outcome(&v.report, Outcome::Verified);
}

#[test]
fn assertion_hosted_outside_allowed_origins_is_unbound() {
    let elsewhere = "https://evil.example/assertions/1001";
    let mut assertion = hosted_assertion();
    assertion["id"] = json!(elsewhere);
    let mut documents = documents();
    documents.insert(elsewhere.into(), assertion.clone());
    let v = verify_with(assertion.to_string().as_bytes(), &documents, &options());
    assert_outcome(&v.report, Outcome::UnboundKey);
    let message = failed_message(&v.report, CheckCode::IssuerBinding);
    assert!(message.contains("does not start with"), "{message}");

    // Under the prefix rule but off the allowed host (a port makes another origin).
    let ported = "https://badges.district.example:8443/assertions/1001";
    let mut issuer_doc = issuer(json!([KEY]));
    issuer_doc["verification"] = json!({"allowedOrigins": "badges.district.example"});
    assertion["id"] = json!(ported);
    documents.insert(ported.into(), assertion.clone());
    documents.insert(ISSUER.into(), issuer_doc);
    let v = verify_with(assertion.to_string().as_bytes(), &documents, &options());
    assert_outcome(&v.report, Outcome::UnboundKey);
    assert!(
        failed_message(&v.report, CheckCode::IssuerBinding)
            .contains("badges.district.example:8443")
    );
}

#[test]
fn alg_none_and_hmac_are_refused() {
    let payload = signed_assertion(SIGNED_ID);
    let b64 = |v: &Value| {
        use base64::Engine as _;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
    };
    let none = format!("{}.{}.c2ln", b64(&json!({"alg": "none"})), b64(&payload));
    let v = verify(none.as_bytes());
    assert_outcome(&v.report, Outcome::Forged);
    assert!(failed_message(&v.report, CheckCode::Proof).contains("alg: none"));

    // An HMAC "signature" keyed with the issuer's public PEM (the classic confusion attack).
    let hs = format!("{}.{}.c2ln", b64(&json!({"alg": "HS256"})), b64(&payload));
    let v = verify(hs.as_bytes());
    assert_outcome(&v.report, Outcome::Invalid);
    assert!(failed_message(&v.report, CheckCode::Proof).contains("HMAC"));

    let rs512 = format!("{}.{}.c2ln", b64(&json!({"alg": "RS512"})), b64(&payload));
    assert_outcome(&verify(rs512.as_bytes()).report, Outcome::Invalid);
}

#[test]
fn a_signed_assertion_presented_as_json_has_no_signature() {
    let v = verify(signed_assertion(SIGNED_ID).to_string().as_bytes());
    assert_outcome(&v.report, Outcome::Forged);
    assert!(failed_message(&v.report, CheckCode::Proof).contains("must be presented as its JWS"));
}

// --- time, revocation, recipient ----------------------------------------------------------------

#[test]
fn expired_assertions() {
    let later = Utc.with_ymd_and_hms(2027, 9, 2, 0, 0, 0).unwrap();
    let v = verify_with(
        &read("signed-assertion.jws"),
        &documents(),
        &VerifyOptions::new(later),
    );
    assert_outcome(&v.report, Outcome::Expired);
    assert_eq!(
        status(&v.report, CheckCode::Proof),
        Some(CheckStatus::Passed)
    );
    assert!(
        failed_message(&v.report, CheckCode::Validity).contains("expired on 2027-09-01T00:00:00Z")
    );

    let mut hosted = hosted_assertion();
    hosted["expires"] = json!("2025-06-30T23:59:59Z");
    let mut documents = documents();
    documents.insert(HOSTED.into(), hosted.clone());
    let v = verify_with(hosted.to_string().as_bytes(), &documents, &options());
    assert_outcome(&v.report, Outcome::Expired);

    // Issued in the future (beyond the clock skew).
    let early = Utc.with_ymd_and_hms(2024, 8, 1, 0, 0, 0).unwrap();
    let v = verify_with(
        &read("signed-assertion.jws"),
        &documents,
        &VerifyOptions::new(early),
    );
    assert_outcome(&v.report, Outcome::NotYetValid);
}

#[test]
fn revoked_through_the_revocation_list() {
    let v = verify(&read("revoked-assertion.jws"));
    assert_outcome(&v.report, Outcome::Revoked);
    let message = failed_message(&v.report, CheckCode::Status);
    assert_eq!(
        message,
        format!("revoked (revocation list `{REVOCATIONS}`): Issued to the wrong teacher")
    );
    assert_eq!(v.report.display().unwrap().status, Outcome::Revoked);
}

#[test]
fn hosted_copy_marked_revoked() {
    let mut documents = documents();
    documents.insert(
        HOSTED.into(),
        json!({"id": HOSTED, "revoked": true, "revocationReason": "Duplicate award"}),
    );
    for input in [HOSTED.as_bytes().to_vec(), read("baked/hosted-url.png")] {
        let v = verify_with(&input, &documents, &options());
        assert_outcome(&v.report, Outcome::Revoked);
        assert!(failed_message(&v.report, CheckCode::Status).contains("Duplicate award"));
    }
    // The copy the viewer holds still names the badge (and is shown), but the issuer withdrew
    // it: revoked, not altered.
    let v = verify_with(&read("hosted-assertion.json"), &documents, &options());
    assert_outcome(&v.report, Outcome::Revoked);
    assert_eq!(
        status(&v.report, CheckCode::Proof),
        Some(CheckStatus::Passed)
    );
    assert_eq!(
        v.report.display().unwrap().achievement_name.as_deref(),
        Some("Feedback That Moves Learning")
    );
}

#[test]
fn missing_revocation_list_fails_closed_unless_allowed() {
    let mut documents = documents();
    documents.remove(REVOCATIONS);
    let v = verify_with(&read("signed-assertion.jws"), &documents, &options());
    assert_outcome(&v.report, Outcome::StatusUnavailable);
    assert!(failed_message(&v.report, CheckCode::Status).contains(REVOCATIONS));

    let allowing = options().allow_unchecked_status(true);
    let v = verify_with(&read("signed-assertion.jws"), &documents, &allowing);
    assert_outcome(&v.report, Outcome::Verified);
    assert_eq!(
        status(&v.report, CheckCode::Status),
        Some(CheckStatus::Warning)
    );
}

#[test]
fn recipient_match_and_mismatch() {
    let matching = options().with_recipient(ExpectedRecipient::Email(RECIPIENT.into()));
    for name in ["hosted-assertion.json", "signed-assertion.jws"] {
        let v = verify_with(&read(name), &documents(), &matching);
        assert_outcome(&v.report, Outcome::Verified);
        assert_eq!(
            status(&v.report, CheckCode::Recipient),
            Some(CheckStatus::Passed)
        );
    }
    let other = options().with_recipient(ExpectedRecipient::Email("someone@example.org".into()));
    for name in ["hosted-assertion.json", "signed-assertion.jws"] {
        let v = verify_with(&read(name), &documents(), &other);
        assert_outcome(&v.report, Outcome::RecipientMismatch);
        assert_eq!(
            failed_message(&v.report, CheckCode::Recipient),
            "not issued to email `someone@example.org`"
        );
    }
}

#[test]
fn md5_and_plain_url_recipients() {
    let mut hosted = hosted_assertion();
    hosted["recipient"] =
        json!({"type": "url", "hashed": true, "identity": "md5$7c3a6b4e8c5f4a0e2cb0d0b5c7c1f0a1"});
    let mut documents = documents();
    documents.insert(HOSTED.into(), hosted.clone());
    let who = options().with_recipient(ExpectedRecipient::Id("https://teacher.example".into()));
    let v = verify_with(hosted.to_string().as_bytes(), &documents, &who);
    assert_outcome(&v.report, Outcome::RecipientMismatch);

    let hash = openbadges::ob2::recipient::identity_hash(
        openbadges::ob2::recipient::HashAlgorithm::Md5,
        "https://teacher.example",
        "",
    );
    hosted["recipient"]["identity"] = json!(hash);
    documents.insert(HOSTED.into(), hosted.clone());
    let v = verify_with(hosted.to_string().as_bytes(), &documents, &who);
    assert_outcome(&v.report, Outcome::Verified);
}

// --- documents that are not there ---------------------------------------------------------------

#[test]
fn missing_badge_class_is_unavailable_with_its_url() {
    let mut documents = documents();
    documents.remove(BADGE);
    for name in [
        "hosted-assertion.json",
        "signed-assertion.jws",
        "baked/hosted-url.svg",
    ] {
        let v = verify_with(&read(name), &documents, &options());
        assert_outcome(&v.report, Outcome::DocumentUnavailable);
        assert!(
            v.report.summary().contains(BADGE),
            "{name}: {}",
            v.report.summary()
        );
        let needs = ob2::needs(&read(name), &documents, &options());
        assert_eq!(needs.badge_classes, vec![BADGE.to_owned()], "{name}");
    }
}

#[test]
fn missing_hosted_copy_issuer_or_key_is_unavailable() {
    for (missing, input, outcome) in [
        (
            HOSTED,
            "hosted-assertion.json",
            Outcome::DocumentUnavailable,
        ),
        (HOSTED, "baked/hosted-url.png", Outcome::DocumentUnavailable),
        (
            ISSUER,
            "hosted-assertion.json",
            Outcome::DocumentUnavailable,
        ),
        (ISSUER, "signed-assertion.jws", Outcome::DocumentUnavailable),
        (KEY, "signed-assertion.jws", Outcome::KeyUnavailable),
    ] {
        let mut documents = documents();
        documents.remove(missing);
        let v = verify_with(&read(input), &documents, &options());
        assert_outcome(&v.report, outcome);
        assert!(
            v.report.summary().contains(missing),
            "{input}: {}",
            v.report.summary()
        );
        let needs = ob2::needs(&read(input), &documents, &options());
        assert_eq!(needs.urls().collect::<Vec<_>>(), vec![missing], "{input}");
    }
}

#[test]
fn needs_lists_every_document_by_kind() {
    let empty = HashMap::new();
    let needs = ob2::needs(&read("signed-assertion.jws"), &empty, &options());
    // Only what can be named before anything is supplied.
    assert_eq!(needs.keys, vec![KEY.to_owned()]);
    assert_eq!(needs.badge_classes, vec![BADGE.to_owned()]);
    assert!(needs.issuers.is_empty());

    let mut some = HashMap::new();
    some.insert(BADGE.to_owned(), badge_class());
    some.insert(ISSUER.to_owned(), issuer(json!([KEY])));
    let needs = ob2::needs(&read("signed-assertion.jws"), &some, &options());
    assert_eq!(needs.keys, vec![KEY.to_owned()]);
    assert_eq!(needs.revocation_lists, vec![REVOCATIONS.to_owned()]);
    assert!(needs.badge_classes.is_empty() && needs.issuers.is_empty());

    let needs = ob2::needs(&read("baked/hosted-url.png"), &empty, &options());
    assert_eq!(needs.assertions, vec![HOSTED.to_owned()]);
    assert!(ob2::needs(&read("signed-assertion.jws"), &documents(), &options()).is_empty());
}

// --- not OB 2.0, not readable -------------------------------------------------------------------

#[test]
fn other_inputs_are_reported_not_verified() {
    let v = verify(b"not a badge");
    assert_outcome(&v.report, Outcome::Unreadable);
    let ob3 = json!({"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"]});
    let v = verify(ob3.to_string().as_bytes());
    assert_outcome(&v.report, Outcome::NotAnOpenBadge);
    let ob3_png = bake::bake(&base_png(), &Payload::Json(ob3.to_string())).unwrap();
    let v = verify(&ob3_png);
    assert_outcome(&v.report, Outcome::NotAnOpenBadge);
    assert_eq!(v.report.input(), InputKind::Png);
    let v = verify(br#"{"@context": "https://w3id.org/openbadges/v2", "id": 1, "id": 2}"#);
    assert_outcome(&v.report, Outcome::Unreadable);
    // A hosted assertion missing required properties is invalid, with the pointer.
    let mut broken = hosted_assertion();
    broken.as_object_mut().unwrap().remove("issuedOn");
    let mut documents = documents();
    documents.insert(HOSTED.into(), broken.clone());
    let v = verify_with(broken.to_string().as_bytes(), &documents, &options());
    assert_outcome(&v.report, Outcome::Invalid);
    let spec = v.report.checks_with(CheckCode::Spec).next().unwrap();
    assert_eq!(spec.pointer, "/issuedOn");
}

#[test]
fn unknown_contexts_are_invalid() {
    let mut hosted = hosted_assertion();
    hosted["@context"] = json!(["https://w3id.org/openbadges/v2", "https://evil.example/ctx"]);
    let mut documents = documents();
    documents.insert(HOSTED.into(), hosted.clone());
    let v = verify_with(hosted.to_string().as_bytes(), &documents, &options());
    assert_outcome(&v.report, Outcome::Invalid);
    let check = v.report.checks_with(CheckCode::Contexts).next().unwrap();
    assert_eq!(check.pointer, "/@context/1");
}

// --- endorsements -------------------------------------------------------------------------------

#[test]
fn embedded_endorsements_are_checked_as_warnings() {
    let endorser = "https://state.example/issuer";
    let endorsement_id = "https://state.example/endorsements/7";
    let endorsement = json!({
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Endorsement",
        "id": endorsement_id,
        "claim": {"id": BADGE, "endorsementComment": "Counts toward lane advancement."},
        "issuer": endorser,
        "issuedOn": "2024-01-01T00:00:00Z",
        "verification": {"type": "hosted"}
    });
    let mut badge = badge_class();
    badge["endorsement"] = json!([endorsement.clone()]);
    let mut documents = documents();
    documents.insert(BADGE.into(), badge);
    documents.insert(
        endorser.into(),
        json!({"@context": "https://w3id.org/openbadges/v2", "type": "Profile", "id": endorser, "name": "State Department of Education"}),
    );
    // Not hosted where it says: a warning, the badge still verifies.
    let v = verify_with(&read("hosted-assertion.json"), &documents, &options());
    assert_outcome(&v.report, Outcome::Verified);
    assert_eq!(
        status(&v.report, CheckCode::Endorsement),
        Some(CheckStatus::Warning)
    );

    documents.insert(endorsement_id.into(), endorsement);
    let v = verify_with(&read("hosted-assertion.json"), &documents, &options());
    assert_outcome(&v.report, Outcome::Verified);
    let check = v.report.checks_with(CheckCode::Endorsement).next().unwrap();
    assert_eq!(check.status, CheckStatus::Passed, "{}", check.message);
    assert_eq!(check.pointer, "/badge/endorsement/0");
    assert!(check.message.contains("State Department of Education"));
}

// --- the specification's own examples -----------------------------------------------------------

#[test]
fn specification_examples_verify_as_a_hosted_badge() {
    let mut documents = HashMap::new();
    for name in ["assertion", "badgeclass", "issuer"] {
        let document = read_json(&format!("spec/{name}.json"));
        documents.insert(document["id"].as_str().unwrap().to_owned(), document);
    }
    let assertion = read("spec/assertion.json");
    let in_2017 = VerifyOptions::new(Utc.with_ymd_and_hms(2017, 3, 1, 0, 0, 0).unwrap());
    // The issuer publishes a revocation list the example does not include: fail closed...
    let v = verify_with(&assertion, &documents, &in_2017);
    assert_outcome(&v.report, Outcome::StatusUnavailable);
    assert!(
        failed_message(&v.report, CheckCode::Status)
            .contains("https://example.org/revocationList.json")
    );
    let needs = ob2::needs(&assertion, &documents, &in_2017);
    assert_eq!(
        needs.revocation_lists,
        vec!["https://example.org/revocationList.json".to_owned()]
    );
    // ...unless unchecked status is allowed.
    let allowing = in_2017.clone().allow_unchecked_status(true);
    let v = verify_with(&assertion, &documents, &allowing);
    assert_outcome(&v.report, Outcome::Verified);
    assert_eq!(
        v.report.display().unwrap().achievement_name.as_deref(),
        Some("Awesome Robotics Badge")
    );
    assert_eq!(
        v.report.display().unwrap().issuer_name.as_deref(),
        Some("An Example Badge Issuer")
    );
    // No allowedOrigins: hosted on the issuer's own origin.
    assert!(
        v.report
            .checks_with(CheckCode::IssuerBinding)
            .next()
            .unwrap()
            .message
            .contains("own origin `example.org`")
    );
    // Expired after 2017-06-30.
    let in_2018 = VerifyOptions::new(Utc.with_ymd_and_hms(2018, 1, 1, 0, 0, 0).unwrap())
        .allow_unchecked_status(true);
    assert_outcome(
        &verify_with(&assertion, &documents, &in_2018).report,
        Outcome::Expired,
    );
    // Its recipient hash is not alice@example.org with salt "deadsea".
    let alice = allowing.with_recipient(ExpectedRecipient::Email("alice@example.org".into()));
    assert_outcome(
        &verify_with(&assertion, &documents, &alice).report,
        Outcome::RecipientMismatch,
    );
    // The model keeps every member: typed and back gives the same JSON.
    for name in ["assertion", "badgeclass", "issuer"] {
        let value = read_json(&format!("spec/{name}.json"));
        let back = match name {
            "assertion" => serde_json::to_value(
                serde_json::from_value::<ob2::model::Assertion>(value.clone()).unwrap(),
            ),
            "badgeclass" => serde_json::to_value(
                serde_json::from_value::<ob2::model::BadgeClass>(value.clone()).unwrap(),
            ),
            _ => serde_json::to_value(
                serde_json::from_value::<ob2::model::Profile>(value.clone()).unwrap(),
            ),
        }
        .unwrap();
        assert_eq!(back, value, "{name}");
    }
}
