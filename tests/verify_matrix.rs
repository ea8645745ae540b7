//! The verified-credential matrix: one outcome and its check codes per case.

mod verify_support;

use chrono::{TimeZone, Utc};
use openbadges::stack::{HeldBadge, Standing};
use openbadges::verify::{
    CheckCode, CheckStatus, ExpectedRecipient, Outcome, VerificationReport, Verifier, VerifyOptions,
};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use verify_support::*;

fn verify_with(bytes: &[u8], setup: impl FnOnce(&mut Verifier)) -> VerificationReport {
    let mut verifier = Verifier::new(VerifyOptions::new(now()));
    setup(&mut verifier);
    verifier.verify(bytes)
}

fn verify(bytes: &[u8]) -> VerificationReport {
    verify_with(bytes, |_| {})
}

fn signed_badge(edit: impl FnOnce(&mut Value)) -> Value {
    let key = key(1);
    let mut credential = badge(&did(&key));
    edit(&mut credential);
    sign(&credential, Suite::Rdfc, &key)
}

#[test]
fn wrong_key_is_forged() {
    let issuer = key(1);
    let other = key(2);
    let method = issuer.public_key().to_did_key_method_id();
    for &suite in ALL_SUITES {
        let signed = sign_with_method(&badge(&did(&issuer)), suite, &other, &method);
        let report = verify(&to_bytes(&signed));
        assert_outcome(&report, Outcome::Forged);
        assert_eq!(status(&report, CheckCode::Proof), Some(CheckStatus::Failed));
        assert!(!report.proofs()[0].verified);
    }
}

#[test]
fn key_not_controlled_by_the_issuer_is_unbound() {
    let issuer = key(1);
    let other = key(2);
    for &suite in ALL_SUITES {
        let signed = sign(&badge(&did(&issuer)), suite, &other);
        let report = verify(&to_bytes(&signed));
        assert_outcome(&report, Outcome::UnboundKey);
        // The signature itself is valid, and the report says so.
        assert_eq!(status(&report, CheckCode::Proof), Some(CheckStatus::Passed));
        assert_eq!(
            status(&report, CheckCode::IssuerBinding),
            Some(CheckStatus::Failed),
            "{suite:?}"
        );
        let mut lenient = VerifyOptions::new(now());
        lenient.allow_unbound_key = true;
        let report = Verifier::new(lenient).verify(&to_bytes(&signed));
        assert_outcome(&report, Outcome::Verified);
        assert_eq!(
            status(&report, CheckCode::IssuerBinding),
            Some(CheckStatus::Warning)
        );
    }
}

#[test]
fn expired_and_not_yet_valid() {
    let expired = signed_badge(|c| c["validUntil"] = "2026-02-01T00:00:00Z".into());
    let report = verify(&to_bytes(&expired));
    assert_outcome(&report, Outcome::Expired);
    assert_eq!(status(&report, CheckCode::Proof), Some(CheckStatus::Passed));
    assert_eq!(
        status(&report, CheckCode::Validity),
        Some(CheckStatus::Failed)
    );
    assert_eq!(report.standing(), Standing::Expired);
    assert_eq!(
        report.display().unwrap().expires.as_deref(),
        Some("2026-02-01T00:00:00Z")
    );

    let future = signed_badge(|c| c["validFrom"] = "2026-06-01T00:00:00Z".into());
    let report = verify(&to_bytes(&future));
    assert_outcome(&report, Outcome::NotYetValid);
    assert_eq!(
        status(&report, CheckCode::Validity),
        Some(CheckStatus::Failed)
    );
    assert_eq!(report.standing(), Standing::NotYetValid);

    // Within the clock skew it is valid; a zero skew makes it fail.
    let soon = signed_badge(|c| c["validFrom"] = "2026-03-01T12:04:00Z".into());
    assert_outcome(&verify(&to_bytes(&soon)), Outcome::Verified);
    let strict = VerifyOptions::new(now()).clock_skew_seconds(0);
    assert_outcome(
        &Verifier::new(strict).verify(&to_bytes(&soon)),
        Outcome::NotYetValid,
    );
}

#[test]
fn expired_in_every_suite() {
    let key = key(1);
    let mut credential = badge(&did(&key));
    credential["validUntil"] = "2026-02-01T00:00:00Z".into();
    for &suite in ALL_SUITES {
        let report = verify(&to_bytes(&sign(&credential, suite, &key)));
        assert_outcome(&report, Outcome::Expired);
        assert_eq!(status(&report, CheckCode::Proof), Some(CheckStatus::Passed));
        assert_eq!(
            status(&report, CheckCode::Validity),
            Some(CheckStatus::Failed)
        );
    }
}

#[test]
fn revoked_and_suspended_through_a_status_list() {
    let key = key(1);
    for (revocation, set, expected) in [
        (true, true, Outcome::Revoked),
        (true, false, Outcome::Verified),
        (false, true, Outcome::Suspended),
        (false, false, Outcome::Verified),
    ] {
        let (list, _, entry) = status_list(revocation, set);
        let signed = signed_badge(|c| c["credentialStatus"] = entry.clone());
        let list_credential = signed_status_list(&list, &key, None);
        let report = verify_with(&to_bytes(&signed), |v| {
            v.add_status_list(STATUS_URL, list_credential.clone());
        });
        assert_outcome(&report, expected);
        let expected_status = if set {
            CheckStatus::Failed
        } else {
            CheckStatus::Passed
        };
        assert_eq!(status(&report, CheckCode::Status), Some(expected_status));
        assert_eq!(status(&report, CheckCode::Proof), Some(CheckStatus::Passed));
    }
}

#[test]
fn untrustworthy_or_missing_status_lists_fail_closed() {
    let key = key(1);
    let (list, _, entry) = status_list(true, true);
    let signed = signed_badge(|c| c["credentialStatus"] = entry.clone());
    let bytes = to_bytes(&signed);

    // Not supplied.
    let report = verify(&bytes);
    assert_outcome(&report, Outcome::StatusUnavailable);
    assert_eq!(
        status(&report, CheckCode::Status),
        Some(CheckStatus::Failed)
    );
    assert_eq!(status(&report, CheckCode::Proof), Some(CheckStatus::Passed));
    let lenient = VerifyOptions::new(now()).allow_unchecked_status(true);
    let report = Verifier::new(lenient).verify(&bytes);
    assert_outcome(&report, Outcome::Verified);
    assert_eq!(
        status(&report, CheckCode::Status),
        Some(CheckStatus::Warning)
    );

    // Tampered: the list was edited to clear every bit after signing.
    let mut tampered = signed_status_list(&list, &key, None);
    let (clean, _, _) = status_list(true, false);
    tampered["credentialSubject"]["encodedList"] = clean.to_credential(
        &did(&key),
        STATUS_URL,
        now(),
        None,
    )["credentialSubject"]["encodedList"]
        .clone();
    let report = verify_with(&bytes, |v| {
        v.add_status_list(STATUS_URL, tampered.clone());
    });
    assert_outcome(&report, Outcome::StatusUnavailable);
    assert!(report.summary().contains("forged"), "{}", report.summary());

    // Expired list.
    let expired = signed_status_list(
        &list,
        &key,
        Some(Utc.with_ymd_and_hms(2026, 2, 1, 0, 0, 0).unwrap()),
    );
    let report = verify_with(&bytes, |v| {
        v.add_status_list_credential(expired.clone()).unwrap();
    });
    assert_outcome(&report, Outcome::StatusUnavailable);
    assert!(report.summary().contains("expired"), "{}", report.summary());

    // A list from another issuer is trusted with a warning.
    let other = verify_support::key(3);
    let foreign = signed_status_list(&list, &other, None);
    let report = verify_with(&bytes, |v| {
        v.add_status_list(STATUS_URL, foreign.clone());
    });
    assert_outcome(&report, Outcome::Revoked);
    assert!(
        report
            .checks_with(CheckCode::Status)
            .any(|c| c.status == CheckStatus::Warning && c.message.contains("issued by"))
    );
}

#[cfg(feature = "jose")]
fn endorsement(endorser: &openbadges::keys::Keypair) -> Value {
    json!({
        "@context": [VC2, OB],
        "id": "urn:uuid:0b7a1c2e-3d4f-4a5b-8c9d-0e1f2a3b4c5d",
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "issuer": {"id": did(endorser), "type": ["Profile"], "name": "Maths Association"},
        "validFrom": "2026-01-01T00:00:00Z",
        "name": "Endorsement of Fractions",
        "credentialSubject": {
            "id": "https://school.example/achievements/fractions",
            "type": ["EndorsementSubject"],
            "endorsementComment": "A rigorous unit."
        }
    })
}

#[test]
#[cfg(feature = "jose")]
fn embedded_endorsements_are_verified() {
    let endorser = key(4);
    let good = sign(&endorsement(&endorser), Suite::Rdfc, &endorser);
    let good_jwt = sign(&endorsement(&endorser), Suite::Jwt, &endorser);
    let mut bad = good.clone();
    bad["credentialSubject"]["endorsementComment"] = "A weak unit.".into();

    let signed = signed_badge(|c| {
        c["credentialSubject"]["achievement"]["endorsement"] = json!([good.clone()]);
        c["credentialSubject"]["achievement"]["endorsementJwt"] = json!([good_jwt.clone()]);
    });
    let report = verify(&to_bytes(&signed));
    assert_outcome(&report, Outcome::Verified);
    assert_eq!(report.endorsements().len(), 2);
    assert!(report.endorsements().iter().all(|e| e.is_verified()));
    assert_eq!(
        status(&report, CheckCode::Endorsement),
        Some(CheckStatus::Passed)
    );

    let signed = signed_badge(|c| {
        c["credentialSubject"]["achievement"]["endorsement"] = json!([bad.clone()]);
    });
    let report = verify(&to_bytes(&signed));
    // The badge itself is authentic; the altered endorsement is flagged.
    assert_outcome(&report, Outcome::Verified);
    assert_eq!(
        status(&report, CheckCode::Endorsement),
        Some(CheckStatus::Warning)
    );
    assert_eq!(report.endorsements()[0].outcome(), Outcome::Forged);
    let check = report.checks_with(CheckCode::Endorsement).next().unwrap();
    assert_eq!(
        check.pointer,
        "/credentialSubject/achievement/endorsement/0"
    );

    // Depth 0: endorsements are listed as skipped, not verified.
    let mut shallow = VerifyOptions::new(now());
    shallow.max_endorsement_depth = 0;
    let report = Verifier::new(shallow).verify(&to_bytes(&signed));
    assert_eq!(
        status(&report, CheckCode::Endorsement),
        Some(CheckStatus::Skipped)
    );
    assert!(report.endorsements().is_empty());
}

#[test]
fn recipient_match_and_mismatch() {
    let salt = "s4lt";
    let hash = format!(
        "sha256${}",
        Sha256::digest(format!("ada@school.example{salt}").as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    let signed = signed_badge(|c| {
        c["credentialSubject"]["identifier"] = json!([{
            "type": "IdentityObject",
            "identityType": "emailAddress",
            "hashed": true,
            "identityHash": hash,
            "salt": salt
        }]);
    });
    let bytes = to_bytes(&signed);
    let check = |recipient: ExpectedRecipient| {
        Verifier::new(VerifyOptions::new(now()).with_recipient(recipient)).verify(&bytes)
    };
    let report = check(ExpectedRecipient::Email("ada@school.example".into()));
    assert_outcome(&report, Outcome::Verified);
    assert_eq!(
        status(&report, CheckCode::Recipient),
        Some(CheckStatus::Passed)
    );

    let report = check(ExpectedRecipient::Email("eve@school.example".into()));
    assert_outcome(&report, Outcome::RecipientMismatch);
    assert_eq!(
        status(&report, CheckCode::Recipient),
        Some(CheckStatus::Failed)
    );

    let report = check(ExpectedRecipient::Id("did:example:learner".into()));
    assert_outcome(&report, Outcome::Verified);
    let report = check(ExpectedRecipient::Id("did:example:someone-else".into()));
    assert_outcome(&report, Outcome::RecipientMismatch);
}

#[test]
fn unknown_context_under_jcs_is_a_conformance_problem_not_a_failure() {
    let key = key(1);
    let mut credential = badge(&did(&key));
    credential["@context"]
        .as_array_mut()
        .unwrap()
        .push("https://unknown.example/context.jsonld".into());
    // JCS signs the JSON itself: the unknown context does not change what was signed.
    let signed = sign(&credential, Suite::Jcs, &key);
    let report = verify(&to_bytes(&signed));
    assert_outcome(&report, Outcome::Verified);
    assert_eq!(
        status(&report, CheckCode::Contexts),
        Some(CheckStatus::Warning)
    );
    assert!(!report.conformance().conformant);
    assert!(
        report
            .conformance()
            .problems
            .iter()
            .any(|p| p.code == "JSONLD_CONTEXT_UNAVAILABLE"
                && p.message.contains("https://unknown.example/context.jsonld")),
        "{}",
        report.to_json()
    );
    // Strict mode fails it, as before.
    let strict = Verifier::new(VerifyOptions::new(now()).strict()).verify(&to_bytes(&signed));
    assert_outcome(&strict, Outcome::Invalid);
    assert_eq!(
        status(&strict, CheckCode::Contexts),
        Some(CheckStatus::Failed)
    );
    // A tampered copy is still forged.
    let mut tampered = signed.clone();
    tampered["name"] = "Calculus".into();
    assert_outcome(&verify(&to_bytes(&tampered)), Outcome::Forged);
    // Under an RDF proof the context is needed to know what was signed: document unavailable.
    let mut rdf = credential.clone();
    rdf["@context"].as_array_mut().unwrap().pop();
    let mut signed = sign(&rdf, Suite::Rdfc, &key);
    signed["@context"]
        .as_array_mut()
        .unwrap()
        .push("https://unknown.example/context.jsonld".into());
    let report = verify(&to_bytes(&signed));
    assert_outcome(&report, Outcome::DocumentUnavailable);
    assert!(
        report
            .summary()
            .contains("https://unknown.example/context.jsonld"),
        "{}",
        report.summary()
    );
}

#[test]
fn unregistered_did_web_is_key_unavailable_not_forged() {
    let key = key(1);
    let issuer = "did:web:school.example";
    let method = format!("{issuer}#key-1");
    for &suite in ALL_SUITES {
        let signed = sign_with_method(&badge(issuer), suite, &key, &method);
        let bytes = to_bytes(&signed);
        let report = verify(&bytes);
        assert_outcome(&report, Outcome::KeyUnavailable);
        assert_eq!(status(&report, CheckCode::Proof), Some(CheckStatus::Failed));

        let document = json!({
            "@context": ["https://www.w3.org/ns/did/v1"],
            "id": issuer,
            "verificationMethod": [{
                "id": "#key-1",
                "type": "Multikey",
                "controller": issuer,
                "publicKeyMultibase": key.public_key().to_multibase(),
            }],
            "assertionMethod": ["#key-1"],
        });
        let report = verify_with(&bytes, |v| {
            v.add_controller_document(document.clone()).unwrap();
        });
        assert_outcome(&report, Outcome::Verified);

        // Listed, but not under assertionMethod: not bound.
        let mut unauthorized = document.clone();
        unauthorized["assertionMethod"] = json!([]);
        let report = verify_with(&bytes, |v| {
            v.add_controller_document(unauthorized.clone()).unwrap();
        });
        assert_outcome(&report, Outcome::UnboundKey);
    }
}

#[test]
fn report_serializes_with_codes() {
    let signed = signed_badge(|c| c["validUntil"] = "2026-02-01T00:00:00Z".into());
    let json = verify(&to_bytes(&signed)).to_json();
    assert_eq!(json["outcome"], "EXPIRED");
    assert_eq!(json["verified"], false);
    let validity = json["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "VALIDITY")
        .unwrap();
    assert_eq!(validity["status"], "failed");
    assert_eq!(validity["pointer"], "/validUntil");
    assert_eq!(json["display"]["status"], "EXPIRED");
}

#[test]
fn not_a_verifiable_credential_and_no_proof() {
    let report = verify(br#"{"type": ["Thing"], "issuer": "did:example:x"}"#);
    assert_outcome(&report, Outcome::NotAnOpenBadge);
    assert_eq!(status(&report, CheckCode::Parse), Some(CheckStatus::Failed));
    let report = verify(b"[1, 2, 3]");
    assert_outcome(&report, Outcome::NotAnOpenBadge);
    let unsigned = badge(&did(&key(1)));
    let report = verify(&to_bytes(&unsigned));
    assert_outcome(&report, Outcome::Forged);
    assert!(report.summary().contains("no proof"));
    // A plain VerifiableCredential is verified like any other: without a proof it is forged,
    // and "not an Open Badge" is a warning.
    let report = verify(br#"{"type": ["VerifiableCredential"], "issuer": "did:example:x"}"#);
    assert_outcome(&report, Outcome::Forged);
    assert_eq!(
        status(&report, CheckCode::Parse),
        Some(CheckStatus::Warning)
    );
}
