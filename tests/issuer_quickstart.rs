//! The quick-start example signs deterministically, and what it prints verifies.

#[allow(dead_code)]
#[path = "../examples/quickstart.rs"]
mod quickstart;

use chrono::{TimeZone, Utc};
use openbadges::issuer::{IssueError, verify_signature};
use openbadges::keys::BuiltinResolver;
use openbadges::proof::{ProofError, VerifyOptions};
use serde_json::Value;

fn signed() -> Value {
    let json = quickstart::build_credential().unwrap().to_json();
    quickstart::sign(&json).unwrap()
}

#[test]
fn quickstart_signed_output_is_stable() {
    let expected = std::fs::read_to_string(format!(
        "{}/fixtures/cli/quickstart-signed.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    assert_eq!(
        serde_json::to_string_pretty(&signed()).unwrap() + "\n",
        expected
    );
}

#[test]
fn quickstart_signature_verifies_and_detects_tampering() {
    let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let signed = signed();
    assert_eq!(signed["issuer"]["id"], quickstart::issuer().did());
    verify_signature(&signed, &BuiltinResolver, &VerifyOptions::new(now)).unwrap();
    assert!(openbadges::validate::credential(&signed).is_valid());

    let mut tampered = signed.clone();
    tampered["credentialSubject"]["identifier"][0]["identityHash"] =
        "sha256$0000000000000000000000000000000000000000000000000000000000000000".into();
    assert!(matches!(
        verify_signature(&tampered, &BuiltinResolver, &VerifyOptions::new(now)),
        Err(IssueError::Proof(ProofError::SignatureInvalid))
    ));
}
