//! What is checked is what was signed: rewrites of a signed credential that JSON-LD expands to the
//! same RDF dataset (so an RDF-canonicalized signature still verifies) but that move a property
//! the verifier decides on out of its compact key — full-IRI keys, `@nest`, aliases from an
//! inline context, `@included`, `@graph` wrapping, keyword aliases — must never verify. The
//! untouched credentials keep their outcome.

mod verify_support;

use openbadges::jsonld::Processor;
use openbadges::keys::BuiltinResolver;
use openbadges::proof::{self, Cryptosuite, ProofOptions, RdfSuite};
use openbadges::verify::{
    CheckCode, CheckStatus, Outcome, VerificationReport, Verifier, VerifyOptions,
};
use serde_json::{Map, Value, json};
use verify_support::*;

const XSD_DATE_TIME: &str = "http://www.w3.org/2001/XMLSchema#dateTime";
const CRED: &str = "https://www.w3.org/2018/credentials#";

/// A credential shape whose outcome depends on one top-level property.
struct Case {
    name: &'static str,
    credential: Value,
    property: &'static str,
    /// Whether the property's value is a typed date (its full-IRI form needs the datatype).
    date: bool,
    expected: Outcome,
    list: Option<Value>,
}

fn cases() -> Vec<Case> {
    let key = key(1);
    let issuer = did(&key);
    let mut expired = badge(&issuer);
    expired["validUntil"] = "2026-02-01T00:00:00Z".into();
    let mut future = badge(&issuer);
    future["validFrom"] = "2026-06-01T00:00:00Z".into();
    let mut cases = vec![
        Case {
            name: "expired",
            credential: expired,
            property: "validUntil",
            date: true,
            expected: Outcome::Expired,
            list: None,
        },
        Case {
            name: "not yet valid",
            credential: future,
            property: "validFrom",
            date: true,
            expected: Outcome::NotYetValid,
            list: None,
        },
    ];
    for (name, revocation, expected) in [
        ("revoked", true, Outcome::Revoked),
        ("suspended", false, Outcome::Suspended),
    ] {
        let (list, _, entry) = status_list(revocation, true);
        let mut credential = badge(&issuer);
        credential["credentialStatus"] = entry;
        cases.push(Case {
            name,
            credential,
            property: "credentialStatus",
            date: false,
            expected,
            list: Some(signed_status_list(&list, &key, None)),
        });
    }
    cases
}

fn verifier(list: Option<&Value>) -> Verifier {
    let mut verifier = Verifier::new(VerifyOptions::new(now()));
    if let Some(list) = list {
        verifier.add_status_list(STATUS_URL, list.clone());
    }
    verifier
}

fn verify(document: &Value, list: Option<&Value>) -> VerificationReport {
    verifier(list).verify(&serde_json::to_vec(document).unwrap())
}

/// The value under a full-IRI key: a date must carry its datatype to denote the same literal.
fn full_iri_value(value: &Value, date: bool) -> Value {
    if date {
        json!({"@value": value, "@type": XSD_DATE_TIME})
    } else {
        value.clone()
    }
}

/// Every rewrite of `signed` that moves `property` out of its compact key, by name.
fn rewrites(signed: &Value, property: &str, date: bool) -> Vec<(&'static str, Value)> {
    let object = signed.as_object().unwrap();
    let value = object[property].clone();
    let without: Map<String, Value> = object
        .iter()
        .filter(|(k, _)| k.as_str() != property)
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let with = |extra: Vec<(&str, Value)>| {
        let mut map = without.clone();
        for (k, v) in extra {
            map.insert(k.to_owned(), v);
        }
        Value::Object(map)
    };
    let alias_definition = if date {
        json!({"@id": format!("{CRED}{property}"), "@type": XSD_DATE_TIME})
    } else {
        json!({"@id": format!("{CRED}{property}"), "@type": "@id"})
    };
    let mut inline_alias = with(vec![("renamed", value.clone())]);
    inline_alias["@context"]
        .as_array_mut()
        .unwrap()
        .push(json!({"renamed": alias_definition}));
    let mut keyword_alias = with(vec![("nested", json!({ property: value.clone() }))]);
    keyword_alias["@context"]
        .as_array_mut()
        .unwrap()
        .push(json!({"nested": "@nest"}));
    let included = with(vec![(
        "@included",
        json!([{
            "id": signed["id"],
            "type": "VerifiableCredential",
            property: value.clone()
        }]),
    )]);
    let mut graph_inner = signed.clone();
    let graph_map = graph_inner.as_object_mut().unwrap();
    let context = graph_map.shift_remove("@context").unwrap();
    let proof = graph_map.shift_remove("proof").unwrap();
    let graph = json!({"@context": context, "@graph": [graph_inner], "proof": proof});
    vec![
        (
            "full-IRI key",
            with(vec![(
                &format!("{CRED}{property}"),
                full_iri_value(&value, date),
            )]),
        ),
        (
            "@nest",
            with(vec![("@nest", json!({ property: value.clone() }))]),
        ),
        ("alias from an inline context", inline_alias),
        ("keyword alias of @nest", keyword_alias),
        ("@included", included),
        ("@graph wrapping", graph),
    ]
}

/// Whether the Data Integrity signature alone still verifies (the rewrite is a real attack).
fn signature_verifies(document: &Value) -> bool {
    let suite = RdfSuite::eddsa_rdfc_2022(Processor::bundled());
    let ed2020 = RdfSuite::ed25519_signature_2020(Processor::bundled());
    proof::verify(
        document,
        &[&suite as &dyn Cryptosuite, &ed2020],
        &BuiltinResolver,
        &proof::VerifyOptions::new(now()),
    )
    .is_ok()
}

#[test]
fn rewrites_of_what_decides_the_outcome_never_verify() {
    let key = key(1);
    let mut attacks = 0;
    for case in cases() {
        for suite in [Suite::Rdfc, Suite::Ed2020] {
            let signed = sign(&case.credential, suite, &key);
            let report = verify(&signed, case.list.as_ref());
            assert_eq!(
                report.outcome(),
                case.expected,
                "{} {suite:?} untouched: {}",
                case.name,
                report.to_json()
            );
            for (how, rewritten) in rewrites(&signed, case.property, case.date) {
                let report = verify(&rewritten, case.list.as_ref());
                assert_ne!(
                    report.outcome(),
                    Outcome::Verified,
                    "{} {suite:?} rewritten with {how} verified: {}",
                    case.name,
                    report.to_json()
                );
                if how != "@graph wrapping" && signature_verifies(&rewritten) {
                    attacks += 1;
                    assert_eq!(
                        report.outcome(),
                        Outcome::Forged,
                        "{} {suite:?} {how}: {}",
                        case.name,
                        report.to_json()
                    );
                    assert_eq!(
                        report.status_of(CheckCode::SignedForm),
                        Some(CheckStatus::Failed),
                        "{} {suite:?} {how}",
                        case.name
                    );
                }
            }
        }
    }
    // Most rewrites keep the signature valid: the check, not the signature, refuses them.
    assert!(
        attacks >= 30,
        "only {attacks} rewrites kept the signature valid"
    );
}

#[test]
fn a_proof_expiry_moved_out_of_its_key_never_verifies() {
    let key = key(1);
    let credential = badge(&did(&key));
    let mut options = ProofOptions::new(
        key.public_key().to_did_key_method_id(),
        chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
            .unwrap()
            .into(),
    );
    options.expires = Some("2026-02-01T00:00:00Z".to_owned());
    let signed = RdfSuite::eddsa_rdfc_2022(Processor::bundled())
        .sign(&credential, &options, &key)
        .unwrap();
    assert_eq!(verify(&signed, None).outcome(), Outcome::Expired);
    let expires = signed["proof"]["expires"].clone();
    let mut full_iri = signed.clone();
    let proof = full_iri["proof"].as_object_mut().unwrap();
    proof.shift_remove("expires");
    proof.insert(
        "https://w3id.org/security#expiration".into(),
        json!({"@value": expires, "@type": XSD_DATE_TIME}),
    );
    let mut nested = signed.clone();
    let proof = nested["proof"].as_object_mut().unwrap();
    proof.shift_remove("expires");
    proof.insert("@nest".into(), json!({"expires": expires}));
    let mut aliased = signed.clone();
    let proof = aliased["proof"].as_object_mut().unwrap();
    proof.shift_remove("expires");
    proof.insert("expiration".into(), expires.clone());
    for (how, rewritten) in [
        ("full IRI", full_iri),
        ("@nest", nested),
        ("security v1 alias", aliased),
    ] {
        let report = verify(&rewritten, None);
        assert_ne!(
            report.outcome(),
            Outcome::Verified,
            "{how}: {}",
            report.to_json()
        );
    }
}

#[test]
fn legitimate_forms_still_verify() {
    let key = key(1);
    // The issuer profile repeated as the achievement's creator (two objects, one id) and an
    // extension-free language map: the comparison runs and agrees.
    let mut credential = badge(&did(&key));
    credential["credentialSubject"]["achievement"]["creator"] = credential["issuer"].clone();
    let signed = sign(&credential, Suite::Rdfc, &key);
    let report = verify(&signed, None);
    assert_eq!(report.outcome(), Outcome::Verified, "{}", report.to_json());
    assert_eq!(
        report.status_of(CheckCode::SignedForm),
        Some(CheckStatus::Passed)
    );
    // An inline context that only adds an extension term.
    let mut extended = badge(&did(&key));
    extended["@context"].as_array_mut().unwrap().push(
        json!({"lessonPlan": {"@id": "https://district.example/vocab#lessonPlan", "@type": "@id"}}),
    );
    extended["credentialSubject"]["lessonPlan"] = "https://district.example/plans/7".into();
    let signed = sign(&extended, Suite::Rdfc, &key);
    let report = verify(&signed, None);
    assert_eq!(report.outcome(), Outcome::Verified, "{}", report.to_json());
    // A tampered copy of each is forged.
    let mut tampered = signed.clone();
    tampered["credentialSubject"]["lessonPlan"] = "https://district.example/plans/8".into();
    assert_eq!(verify(&tampered, None).outcome(), Outcome::Forged);
}
