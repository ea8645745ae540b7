//! The six cases of 1EdTech's displayer certification: valid, expired and revoked badges in
//! VC 2.0 and VC 1.1 form.

mod verify_support;

use openbadges::verify::{CheckCode, CheckStatus, Outcome, Verifier, VerifyOptions};
use serde_json::{Value, json};
use verify_support::*;

const REVOCATIONS: &str = "https://school.example/revocations";
const EXTENSIONS: &str = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json";

#[derive(Clone, Copy, Debug)]
enum State {
    Valid,
    Expired,
    Revoked,
}

/// A badge in the given form and state, signed; plus the lists a verifier needs.
fn case(v1_suite: Option<Suite>, state: State) -> (Value, Vec<(String, Value)>) {
    let key = key(1);
    let issuer = did(&key);
    let mut credential = match v1_suite {
        None => badge(&issuer),
        Some(Suite::Ed2020) => badge_v1(&issuer, ED2020),
        Some(_) => badge_v1(&issuer, DI1),
    };
    let mut lists = Vec::new();
    match (state, v1_suite) {
        (State::Valid, _) => {}
        (State::Expired, None) => credential["validUntil"] = "2026-02-01T00:00:00Z".into(),
        (State::Expired, Some(_)) => credential["expirationDate"] = "2026-02-01T00:00:00Z".into(),
        (State::Revoked, None) => {
            let (list, _, entry) = status_list(true, true);
            credential["credentialStatus"] = entry;
            lists.push((STATUS_URL.to_owned(), signed_status_list(&list, &key, None)));
        }
        (State::Revoked, Some(_)) => {
            // `1EdTechRevocationList` is defined by the OB 3.0 extensions context.
            let contexts = credential["@context"].as_array_mut().unwrap();
            contexts.insert(2, EXTENSIONS.into());
            credential["credentialStatus"] =
                json!({"id": REVOCATIONS, "type": "1EdTechRevocationList"});
            lists.push((
                REVOCATIONS.to_owned(),
                json!({
                    "id": REVOCATIONS,
                    "revokedCredentials": [{
                        "id": credential["id"].clone(),
                        "revocationReason": "issued in error"
                    }]
                }),
            ));
        }
    }
    let suite = v1_suite.unwrap_or(Suite::Rdfc);
    (sign(&credential, suite, &key), lists)
}

#[test]
fn six_displayer_cases() {
    for form in [None, Some(Suite::Ed2020), Some(Suite::Rdfc)] {
        for (state, expected) in [
            (State::Valid, Outcome::Verified),
            (State::Expired, Outcome::Expired),
            (State::Revoked, Outcome::Revoked),
        ] {
            let (signed, lists) = case(form, state);
            let mut verifier = Verifier::new(VerifyOptions::new(now()));
            for (url, list) in lists {
                verifier.add_status_list(url, list);
            }
            for bytes in [to_bytes(&signed), bake_png(&signed)] {
                let report = verifier.verify(&bytes);
                assert_outcome(&report, expected);
                assert_eq!(
                    report.status_of(CheckCode::Proof),
                    Some(CheckStatus::Passed),
                    "{form:?} {state:?}"
                );
                let display = report.display().unwrap();
                assert_eq!(display.achievement_name.as_deref(), Some("Fractions"));
                assert_eq!(
                    display.achievement_description.as_deref(),
                    Some("Adds and compares fractions.")
                );
                let criteria = display.criteria.as_ref().expect("criteria shown");
                assert_eq!(criteria.narrative.as_deref(), Some("Passes the unit test."));
                assert_eq!(criteria.url, None);
                assert_eq!(display.issuer_name.as_deref(), Some("Example School"));
                assert_eq!(display.issued.as_deref(), Some("2026-01-01T00:00:00Z"));
                assert_eq!(display.status, expected);
                assert!(display.image.is_some());
                if let State::Expired = state {
                    assert_eq!(display.expires.as_deref(), Some("2026-02-01T00:00:00Z"));
                }
            }
        }
    }
}

#[test]
fn revocation_list_reason_is_reported() {
    let (signed, lists) = case(Some(Suite::Ed2020), State::Revoked);
    let mut verifier = Verifier::new(VerifyOptions::new(now()));
    for (url, list) in lists {
        verifier.add_status_list(url, list);
    }
    let report = verifier.verify(&to_bytes(&signed));
    let check = report.checks_with(CheckCode::Status).next().unwrap();
    assert_eq!(check.status, CheckStatus::Failed);
    assert!(
        check.message.contains("issued in error"),
        "{}",
        check.message
    );
    assert_eq!(check.pointer, "/credentialStatus");
}
