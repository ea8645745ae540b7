//! The Data Integrity test suite's `previousProof` inputs (eddsa-rdfc-2022, VC 1.1 and 2.0): the
//! `…Fail` documents are refused by the framework for their `previousProof` alone, before any
//! canonicalization; the `…Ok` ones pass that stage and reach the suite.

use chrono::{TimeZone, Utc};
use openbadges::keys::StaticResolver;
use openbadges::proof::{ProofError, RdfSuite, ToRdf, VerifyOptions, verify_each};
use openbadges::rdf::Quad;
use serde_json::Value;

/// Stands in for JSON-LD → RDF, which these tests do not exercise.
struct NoJsonLd;

const NO_JSON_LD: &str = "JSON-LD to RDF is not part of this test";

impl ToRdf for NoJsonLd {
    fn to_rdf(&self, _: &Value) -> Result<Vec<Quad>, ProofError> {
        Err(ProofError::Canonicalization(NO_JSON_LD.into()))
    }
}

fn outcomes(name: &str) -> Vec<Result<(), ProofError>> {
    let path = format!(
        "{}/fixtures/vc-di-eddsa/di-assertion-previous-proof/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let document: Value = serde_json::from_str(&text).expect("JSON");
    let suite = RdfSuite::eddsa_rdfc_2022(NoJsonLd);
    let now = Utc
        .with_ymd_and_hms(2025, 1, 1, 0, 0, 0)
        .single()
        .expect("date");
    verify_each(
        &document,
        &[&suite],
        &StaticResolver::new(),
        &VerifyOptions::new(now),
    )
    .expect("two proofs")
    .into_iter()
    .map(|o| o.result.map(|_| ()))
    .collect()
}

#[test]
fn missing_previous_proofs_are_refused() {
    for version in ["1.1", "2.0"] {
        for kind in ["Missing", "StringMissing", "ArrayMissing"] {
            let name = format!("{version}-previousProof{kind}Fail-SimpleSigned2.json");
            let results = outcomes(&name);
            assert_eq!(results.len(), 2, "{name}");
            assert_eq!(
                results[1],
                Err(ProofError::PreviousProofNotFound {
                    id: "urn:uuid:38329423-2179-4b2e-88cb-a7c7d9dc4544".into()
                }),
                "{name}"
            );
        }
    }
}

#[test]
fn non_string_previous_proofs_are_refused() {
    for version in ["1.1", "2.0"] {
        let name = format!("{version}-previousProofNotStringFail-SimpleSigned2.json");
        let results = outcomes(&name);
        assert!(
            matches!(&results[1], Err(ProofError::Malformed { pointer, .. }) if pointer == "/proof/1/previousProof"),
            "{name}: {results:?}"
        );
    }
}

#[test]
fn valid_previous_proofs_reach_the_suite() {
    for version in ["1.1", "2.0"] {
        for kind in ["String", "Array"] {
            let name = format!("{version}-previousProof{kind}Ok-SimpleSigned2.json");
            for result in outcomes(&name) {
                assert_eq!(
                    result,
                    Err(ProofError::Canonicalization(NO_JSON_LD.into())),
                    "{name}"
                );
            }
        }
    }
}
