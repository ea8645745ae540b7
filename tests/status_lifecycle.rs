//! Issue 8's round trip: a credential issued with a status entry verifies; once the issuer
//! revokes (or suspends) it and re-signs the list, every verifier sees it; suspension can be
//! lifted, revocation cannot.

mod verify_support;

use openbadges::issuer::{IssueOptions, Issuer, Suite as IssueSuite};
use openbadges::status::{StatusList, StatusListConfig};
use openbadges::verify::{CheckCode, CheckStatus, Outcome, Verifier, VerifyOptions};
use serde_json::Value;
use verify_support::*;

/// Issues the standard test badge with an entry of `list` attached in the same call.
fn issue_with_status(issuer: &Issuer, list: &mut StatusList) -> (Value, u64) {
    let created = now() - chrono::Duration::days(30);
    let issued = issuer
        .issue_json(
            badge(issuer.did()),
            IssueOptions::new(IssueSuite::EddsaRdfc2022, created)
                .with_status_list(list, STATUS_URL),
        )
        .expect("issue with a status entry");
    let index = issued.status_index.expect("an index was allocated");
    (issued.credential, index)
}

/// Verifies `credential` against the list as the issuer publishes it right now.
fn verify_against(credential: &Value, list: &StatusList) -> openbadges::VerificationReport {
    let published = signed_status_list(list, &key(1), None);
    let mut verifier = Verifier::new(VerifyOptions::new(now()));
    verifier.add_status_list(STATUS_URL, published);
    verifier.verify(&to_bytes(credential))
}

#[test]
fn revocation_round_trip() {
    let issuer = Issuer::did_key(key(1));
    let mut list = StatusList::new(StatusListConfig::revocation().with_seed([3; 32])).unwrap();
    let (credential, index) = issue_with_status(&issuer, &mut list);
    assert_eq!(
        credential["credentialStatus"]["statusListIndex"],
        Value::String(index.to_string())
    );

    let report = verify_against(&credential, &list);
    assert_outcome(&report, Outcome::Verified);
    assert_eq!(
        report.status_of(CheckCode::Status),
        Some(CheckStatus::Passed)
    );

    list.set(index, true).unwrap();
    let report = verify_against(&credential, &list);
    assert_outcome(&report, Outcome::Revoked);
    // Authentic but revoked: the signature itself still checks out.
    assert_eq!(
        report.status_of(CheckCode::Proof),
        Some(CheckStatus::Passed)
    );
    assert_eq!(
        report.status_of(CheckCode::Status),
        Some(CheckStatus::Failed)
    );

    // Revocation is final.
    assert!(list.set(index, false).is_err());
    assert_outcome(&verify_against(&credential, &list), Outcome::Revoked);
}

#[test]
fn suspension_round_trip() {
    let issuer = Issuer::did_key(key(1));
    let mut list = StatusList::new(StatusListConfig::suspension().with_seed([4; 32])).unwrap();
    let (credential, index) = issue_with_status(&issuer, &mut list);
    assert_outcome(&verify_against(&credential, &list), Outcome::Verified);

    list.set(index, true).unwrap();
    let report = verify_against(&credential, &list);
    assert_outcome(&report, Outcome::Suspended);
    assert_eq!(
        report.status_of(CheckCode::Proof),
        Some(CheckStatus::Passed)
    );

    list.set(index, false).unwrap();
    assert_outcome(&verify_against(&credential, &list), Outcome::Verified);
}

#[test]
fn a_restored_snapshot_keeps_state_and_never_reuses_an_index() {
    let issuer = Issuer::did_key(key(1));
    let mut list = StatusList::new(StatusListConfig::revocation().with_seed([5; 32])).unwrap();
    let (credential, index) = issue_with_status(&issuer, &mut list);
    list.set(index, true).unwrap();

    // The platform stores the snapshot in its own database and restores it later.
    let stored = serde_json::to_string(&list.snapshot()).unwrap();
    let mut restored = StatusList::from_snapshot(&serde_json::from_str(&stored).unwrap()).unwrap();
    assert_outcome(&verify_against(&credential, &restored), Outcome::Revoked);
    let (_, next) = issue_with_status(&issuer, &mut restored);
    assert_ne!(next, index);
}
