//! The inputs of the W3C VC Data Model 2.0 test suite
//! (`fixtures/vc-test-suites/vc-data-model-2.0-test-suite/input`, see its MANIFEST): every `-ok`
//! credential and presentation passes the VC data-model validation layer, is signed by
//! `Issuer::sign` and by `openbadges sign`; every `-fail` one is reported with its rule's code at
//! its JSON Pointer, refused by both, and signed only when non-conformance is explicitly allowed.
//!
//! Like the suite's issuer, the test gives a credential without an `issuer` (or with an issuer
//! object without `id`) the signing key's DID, and replaces the `FUTURE DATE` / `PAST DATE`
//! placeholders. `-fail-or-inject` inputs (no base context) are refused: the library never injects
//! the base context.

mod cli_support;
use cli_support::*;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use openbadges::issuer::{Conformance, IssueError, Issuer, Suite, verify_signature};
use openbadges::keys::{BuiltinResolver, Keypair};
use openbadges::proof::VerifyOptions;
use openbadges::validate::{self, ProblemCode, ValidationReport};
use serde_json::Value;

const SEED: &str = "0909090909090909090909090909090909090909090909090909090909090909";

/// The rule each `-fail` input breaks: its code and where.
const FAILURES: &[(&str, ProblemCode, &str)] = &[
    (
        "credential-context-combo3-fail",
        ProblemCode::BadContext,
        "/@context/1",
    ),
    (
        "credential-context-combo4-fail",
        ProblemCode::BadContext,
        "/@context/1",
    ),
    (
        "credential-evidence-missing-type-fail",
        ProblemCode::MissingField,
        "/evidence/type",
    ),
    ("credential-id-multi-fail", ProblemCode::Cardinality, "/id"),
    (
        "credential-id-nonidentifier-fail",
        ProblemCode::NullValue,
        "/id",
    ),
    ("credential-id-not-url-fail", ProblemCode::BadUri, "/id"),
    (
        "credential-id-subject-multi-fail",
        ProblemCode::Cardinality,
        "/credentialSubject/id",
    ),
    (
        "credential-issuer-no-url-fail",
        ProblemCode::BadUri,
        "/issuer",
    ),
    (
        "credential-issuer-null-fail",
        ProblemCode::NullValue,
        "/issuer",
    ),
    (
        "credential-issuer-object-id-no-url-fail",
        ProblemCode::BadUri,
        "/issuer/id",
    ),
    (
        "credential-issuer-object-id-null-fail",
        ProblemCode::NullValue,
        "/issuer/id",
    ),
    (
        "credential-missing-base-context-fail-or-inject",
        ProblemCode::BadContext,
        "/@context/0",
    ),
    (
        "credential-missing-required-type-fail",
        ProblemCode::BadType,
        "/type",
    ),
    (
        "credential-no-context-fail-or-inject",
        ProblemCode::MissingField,
        "/@context",
    ),
    (
        "credential-no-issuer-fail",
        ProblemCode::MissingField,
        "/issuer",
    ),
    (
        "credential-no-subject-fail",
        ProblemCode::MissingField,
        "/credentialSubject",
    ),
    (
        "credential-no-type-fail",
        ProblemCode::MissingField,
        "/type",
    ),
    (
        "credential-proof-missing-type-fail",
        ProblemCode::MissingField,
        "/proof/type",
    ),
    (
        "credential-redef-type-fail",
        ProblemCode::TermRedefined,
        "/@context",
    ),
    (
        "credential-redef-type2-fail",
        ProblemCode::TermRedefined,
        "/@context",
    ),
    (
        "credential-refresh-no-type-fail",
        ProblemCode::MissingField,
        "/refreshService/type",
    ),
    (
        "credential-schema-no-id-fail",
        ProblemCode::MissingField,
        "/credentialSchema/id",
    ),
    (
        "credential-schema-no-type-fail",
        ProblemCode::MissingField,
        "/credentialSchema/type",
    ),
    (
        "credential-schema-non-url-id-fail",
        ProblemCode::BadUri,
        "/credentialSchema/id",
    ),
    (
        "credential-status-missing-type-fail",
        ProblemCode::MissingField,
        "/credentialStatus/type",
    ),
    (
        "credential-status-multiple-id-fail",
        ProblemCode::Cardinality,
        "/credentialStatus/id",
    ),
    (
        "credential-status-nonurl-id-fail",
        ProblemCode::BadUri,
        "/credentialStatus/id",
    ),
    (
        "credential-status-type-nonurl-fail",
        ProblemCode::WrongType,
        "/credentialStatus/type",
    ),
    (
        "credential-subject-multiple-empty-fail",
        ProblemCode::EmptySubject,
        "/credentialSubject/1",
    ),
    (
        "credential-subject-no-claims-fail",
        ProblemCode::EmptySubject,
        "/credentialSubject",
    ),
    (
        "credential-termsofuse-missing-type-fail",
        ProblemCode::MissingField,
        "/termsOfUse/type",
    ),
    (
        "credential-termsofuse-no-type-fail",
        ProblemCode::MissingField,
        "/termsOfUse/type",
    ),
    (
        "credential-type-mapped-nonurl-fail",
        ProblemCode::BadType,
        "/type",
    ),
    (
        "credential-type-unmapped-fail",
        ProblemCode::BadType,
        "/type",
    ),
    (
        "credential-validUntil-validFrom-fail",
        ProblemCode::DateOrder,
        "/validUntil",
    ),
    (
        "credential-validfrom-invalid-fail",
        ProblemCode::BadDate,
        "/validFrom",
    ),
    (
        "credential-validuntil-invalid-fail",
        ProblemCode::BadDate,
        "/validUntil",
    ),
    (
        "credential-description-extra-prop-en-fail",
        ProblemCode::UnknownProperty,
        "/description/url",
    ),
    (
        "credential-name-extra-prop-en-fail",
        ProblemCode::UnknownProperty,
        "/name/url",
    ),
    (
        "issuer-description-extra-prop-en-fail",
        ProblemCode::UnknownProperty,
        "/issuer/description/url",
    ),
    (
        "issuer-name-extra-prop-en-fail",
        ProblemCode::UnknownProperty,
        "/issuer/name/url",
    ),
    (
        "presentation-context-order-fail",
        ProblemCode::BadContext,
        "/@context/0",
    ),
    (
        "presentation-enveloped-vc-missing-type-fail",
        ProblemCode::MissingField,
        "/verifiableCredential/0/type",
    ),
    ("presentation-holder-fail", ProblemCode::BadUri, "/holder"),
    (
        "presentation-holder-name-fail",
        ProblemCode::MissingField,
        "/holder/id",
    ),
    (
        "presentation-holder-object-fail",
        ProblemCode::BadUri,
        "/holder/id",
    ),
    (
        "presentation-missing-base-context-fail",
        ProblemCode::BadContext,
        "/@context/0",
    ),
    (
        "presentation-missing-required-type-fail",
        ProblemCode::BadType,
        "/type",
    ),
    (
        "presentation-no-context-fail-or-inject",
        ProblemCode::MissingField,
        "/@context",
    ),
    (
        "presentation-no-type-fail",
        ProblemCode::MissingField,
        "/type",
    ),
    (
        "presentation-vc-as-string-fail",
        ProblemCode::WrongType,
        "/verifiableCredential/0",
    ),
    (
        "presentation-vc-missing-required-type-fail",
        ProblemCode::BadType,
        "/verifiableCredential/0/type",
    ),
];

/// Inputs with neither suffix: presentations embedding an unsecured credential that is not the
/// holder's own are valid, with a warning there.
const UNSECURED: &[&str] = &[
    "presentation-self-asserted-vc-holder-mismatch",
    "presentation-self-asserted-vc-issuer-mismatch",
    "presentation-self-asserted-vc-no-holder",
];

fn issuer() -> Issuer {
    let mut seed = [0u8; 32];
    for (i, byte) in seed.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&SEED[2 * i..2 * i + 2], 16).unwrap();
    }
    Issuer::did_key(Keypair::from_seed(&seed))
}

/// Every input, by name (without `.json`).
fn inputs() -> BTreeMap<String, Value> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/vc-test-suites/vc-data-model-2.0-test-suite/input");
    let mut out = BTreeMap::new();
    for dir in [root.clone(), root.join("names-and-descriptions")] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
                let text = std::fs::read_to_string(&path)
                    .unwrap()
                    .replace("FUTURE DATE", "2099-01-01T00:00:00Z")
                    .replace("PAST DATE", "2020-01-01T00:00:00Z");
                out.insert(name, serde_json::from_str(&text).unwrap());
            }
        }
    }
    assert_eq!(out.len(), 120, "every input is read");
    out
}

fn is_presentation(name: &str) -> bool {
    name.starts_with("presentation-")
}

/// What the suite's issuer does before signing: a credential without an issuer gets its own.
fn as_issued_by(name: &str, mut input: Value, did: &str) -> Value {
    if is_presentation(name) || name == "credential-no-issuer-fail" {
        return input;
    }
    match input.get_mut("issuer") {
        None => input["issuer"] = did.into(),
        Some(Value::Object(profile)) if !profile.contains_key("id") => {
            profile.insert("id".into(), did.into());
        }
        _ => {}
    }
    input
}

/// A conformant presentation signed by this key names it as the holder (the failures keep their
/// malformed holders).
fn as_held_by(mut input: Value, did: &str) -> Value {
    match input.get_mut("holder") {
        Some(Value::Object(holder)) => {
            holder.insert("id".into(), did.into());
        }
        Some(holder) => *holder = did.into(),
        None => {}
    }
    input
}

fn validate(name: &str, input: &Value) -> ValidationReport {
    if is_presentation(name) {
        validate::presentation(input)
    } else {
        validate::verifiable_credential(input)
    }
}

fn expected_failure(name: &str) -> Option<(ProblemCode, &'static str)> {
    FAILURES
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, code, pointer)| (*code, *pointer))
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap()
}

/// The proof this test added (the last of the set) verifies on its own; an input's own proof
/// (`credential-proof-*`: no verification method, or no type) is the suite's, not checkable.
fn check_signed(name: &str, signed: &Value, cryptosuite: &str) {
    let proofs = signed["proof"].as_array().unwrap();
    let ours = proofs.last().unwrap().clone();
    assert_eq!(ours["cryptosuite"], cryptosuite, "{name}");
    assert_eq!(
        proofs.len(),
        if name.starts_with("credential-proof-") {
            2
        } else {
            1
        },
        "{name}"
    );
    let mut alone = signed.clone();
    alone["proof"] = ours;
    verify_signature(&alone, &BuiltinResolver, &VerifyOptions::new(now()))
        .unwrap_or_else(|e| panic!("{name}: {e}"));
}

#[test]
fn every_input_is_classified() {
    let inputs = inputs();
    let fails = inputs.keys().filter(|n| n.contains("-fail")).count();
    assert_eq!(fails, FAILURES.len());
    for (name, _, _) in FAILURES {
        assert!(inputs.contains_key(*name), "{name}");
    }
    let oks = inputs.keys().filter(|n| n.ends_with("-ok")).count();
    assert_eq!(oks + fails + UNSECURED.len(), inputs.len());
}

#[test]
fn the_validation_layer_accepts_the_ok_inputs_and_reports_each_failure() {
    let did = issuer().did().to_owned();
    for (name, input) in inputs() {
        let input = as_issued_by(&name, input, &did);
        let report = validate(&name, &input);
        match expected_failure(&name) {
            Some((code, pointer)) => {
                assert!(!report.is_valid(), "{name} must fail");
                assert!(
                    report.has(code, pointer),
                    "{name}: expected {code} at {pointer}, got {:#}",
                    report.to_json()
                );
            }
            None if UNSECURED.contains(&name.as_str()) => {
                assert!(report.is_valid(), "{name}: {:#}", report.to_json());
                assert!(report.has(ProblemCode::UnsecuredCredential, "/verifiableCredential/0"));
            }
            None => {
                assert!(report.is_valid(), "{name}: {:#}", report.to_json());
                // Only the unsecured credentials the suite's presentations embed warn.
                for warning in report.warnings() {
                    assert_eq!(warning.code, ProblemCode::UnsecuredCredential, "{name}");
                }
            }
        }
    }
    // The suite's baseline credential too.
    let valid: Value = serde_json::from_slice(
        &std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures/vc-test-suites/vc-data-model-2.0-test-suite/validVc.json"),
        )
        .unwrap(),
    )
    .unwrap();
    // A VC 1.1 credential: the suite's issuer also adds its `issuanceDate`.
    let mut valid = as_issued_by("validVc", valid, &did);
    let report = validate::verifiable_credential(&valid);
    assert!(report.has(ProblemCode::MissingField, "/issuanceDate"));
    valid["issuanceDate"] = "2025-01-01T00:00:00Z".into();
    let report = validate::verifiable_credential(&valid);
    assert!(report.is_valid(), "{:#}", report.to_json());
}

#[test]
fn issuer_sign_signs_the_ok_inputs_and_refuses_the_failures() {
    let issuer = issuer();
    let did = issuer.did().to_owned();
    for (name, input) in inputs() {
        let input = as_issued_by(&name, input, &did);
        let input = match expected_failure(&name) {
            None => as_held_by(input, &did),
            Some(_) => input,
        };
        match expected_failure(&name) {
            None => {
                let signed = issuer
                    .sign(&input, Suite::EddsaRdfc2022, now())
                    .unwrap_or_else(|e| panic!("{name}: {e}"));
                check_signed(&name, &signed, "eddsa-rdfc-2022");
            }
            Some((code, pointer)) => {
                match issuer.sign(&input, Suite::EddsaRdfc2022, now()) {
                    Err(IssueError::Invalid { problems }) => assert!(
                        problems
                            .iter()
                            .any(|p| p.code == code && p.pointer == pointer),
                        "{name}: {problems:?}"
                    ),
                    other => panic!("{name}: expected a refusal, got {other:?}"),
                }
                // Explicitly allowed, a negative fixture is produced (JCS signs any JSON);
                // without any @context there is nothing to add the proof's terms to.
                let allowed = issuer.sign_with(
                    &input,
                    Suite::EddsaJcs2022,
                    now(),
                    Conformance::AllowNonconformant,
                );
                if name.starts_with("credential-no-context")
                    || name.starts_with("presentation-no-context")
                {
                    assert!(
                        matches!(allowed, Err(IssueError::Unsignable { ref pointer, .. }) if pointer == "/@context"),
                        "{name}: {allowed:?}"
                    );
                } else {
                    let signed = allowed.unwrap_or_else(|e| panic!("{name}: {e}"));
                    check_signed(&name, &signed, "eddsa-jcs-2022");
                }
            }
        }
    }
}

#[test]
fn the_cli_signs_the_ok_inputs_and_refuses_the_failures_listing_problems() {
    let dir = temp_dir("vc-suite");
    let key = key_file(&dir, SEED, "key.json");
    let did = issuer().did().to_owned();
    for (name, input) in inputs() {
        let input = as_issued_by(&name, input, &did);
        let input = match expected_failure(&name) {
            None => as_held_by(input, &did),
            Some(_) => input,
        };
        let path: PathBuf = dir.join(format!("{name}.json"));
        std::fs::write(&path, input.to_string()).unwrap();
        let path = path.to_str().unwrap();
        let (code, stdout, stderr) = run(&[
            "sign",
            "--key",
            &key,
            "--suite",
            "eddsa-jcs-2022",
            "--created",
            "2025-01-01T00:00:00Z",
            path,
        ]);
        match expected_failure(&name) {
            None => {
                assert_eq!(code, 0, "{name}: {stderr}");
                check_signed(
                    &name,
                    &serde_json::from_str(&stdout).unwrap(),
                    "eddsa-jcs-2022",
                );
            }
            Some((problem, pointer)) => {
                assert_eq!(code, 1, "{name}: {stderr}");
                assert!(stdout.is_empty(), "{name}");
                assert!(
                    stderr.contains(&format!("  {problem} at `{pointer}`")),
                    "{name}: {stderr}"
                );
                let (code, stdout, stderr) = run(&[
                    "sign",
                    "--key",
                    &key,
                    "--suite",
                    "eddsa-jcs-2022",
                    "--allow-nonconformant",
                    "--created",
                    "2025-01-01T00:00:00Z",
                    path,
                ]);
                if name.ends_with("no-context-fail-or-inject") {
                    assert_eq!(code, 1, "{name}: {stderr}");
                    assert!(stderr.contains("/@context"), "{name}: {stderr}");
                } else {
                    assert_eq!(code, 0, "{name}: {stderr}");
                    check_signed(
                        &name,
                        &serde_json::from_str(&stdout).unwrap(),
                        "eddsa-jcs-2022",
                    );
                }
            }
        }
    }
}
