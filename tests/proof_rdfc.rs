//! The RDF suites (`eddsa-rdfc-2022`, `eddsa-2022`, `Ed25519Signature2020`) through the shared
//! framework, against the W3C vc-di-eddsa vectors.
//!
//! JSON-LD → RDF is another module's job; here a lookup table maps each vector document to the
//! dataset its published canonical N-Quads denote, so these tests pin down everything after
//! that step: RDFC-1.0 output, proof configuration (document `@context`, not embedded), hash order,
//! signature, proof shape, legacy proof type, verify-only suite.

use chrono::{TimeZone, Utc};
use openbadges::keys::StaticResolver;
use openbadges::proof::{
    Cryptosuite, EddsaJcs2022, ProofError, ProofOptions, RdfSuite, ToRdf, VerifyOptions, hash_data,
    verify,
};
use openbadges::rdf::{Quad, parse_nquads};
use serde_json::Value;

mod vectors_support;
use vectors_support::*;

fn without_proof(document: &Value) -> Value {
    let mut document = document.clone();
    document.as_object_mut().expect("object").remove("proof");
    document
}

/// Vector documents → the datasets of their canonical N-Quads.
struct VectorDatasets(Vec<(Value, String)>);

impl ToRdf for VectorDatasets {
    fn to_rdf(&self, document: &Value) -> Result<Vec<Quad>, ProofError> {
        let (_, nquads) = self
            .0
            .iter()
            .find(|(known, _)| known == document)
            .ok_or_else(|| ProofError::Canonicalization("not a vector document".into()))?;
        parse_nquads(nquads).map_err(|e| ProofError::Canonicalization(e.to_string()))
    }
}

/// One published step-by-step vector.
struct Vector {
    unsigned: Value,
    config: Value,
    signed: Value,
    dir: &'static str,
    suffix: &'static str,
}

impl Vector {
    fn load(dir: &'static str, suffix: &'static str) -> Self {
        let signed = vector_json(&format!("{dir}/signed{suffix}.json"));
        Self {
            unsigned: without_proof(&signed),
            config: vector_json(&format!("{dir}/proofConfig{suffix}.json")),
            signed,
            dir,
            suffix,
        }
    }

    fn file(&self, stem: &str) -> String {
        vector_text(&format!("{}/{stem}{}.txt", self.dir, self.suffix))
    }

    fn datasets(&self) -> VectorDatasets {
        VectorDatasets(vec![
            (self.unsigned.clone(), self.file("canonDoc")),
            (self.config.clone(), self.file("proofCanon")),
        ])
    }

    fn check(&self, suite: &dyn Cryptosuite) {
        let canonical = suite.canonicalize(&self.unsigned).expect("document");
        assert_eq!(String::from_utf8_lossy(&canonical), self.file("canonDoc"));
        let canonical = suite.canonicalize(&self.config).expect("config");
        assert_eq!(String::from_utf8_lossy(&canonical), self.file("proofCanon"));
        let combined = hash_data(suite, &self.unsigned, &self.config).expect("hash");
        assert_eq!(hex(&combined[..32]), self.file("proofHash").trim());
        assert_eq!(hex(&combined[32..]), self.file("docHash").trim());
        assert_eq!(hex(&combined), self.file("combinedHash").trim());
        let signature = vector_keypair().sign(&combined);
        assert_eq!(hex(&signature), self.file("sigHex").trim());

        let mut options =
            ProofOptions::without_created(self.config["verificationMethod"].as_str().expect("vm"));
        options.created = self.config["created"].as_str().map(str::to_owned);
        let signed = suite
            .sign(&self.unsigned, &options, &vector_keypair())
            .expect("signs");
        assert_eq!(
            serde_json::to_string_pretty(&signed).expect("prints"),
            serde_json::to_string_pretty(&self.signed).expect("prints")
        );
        let now = Utc
            .with_ymd_and_hms(2025, 1, 1, 0, 0, 0)
            .single()
            .expect("date");
        verify(
            &self.signed,
            &[&EddsaJcs2022, suite],
            &StaticResolver::new(),
            &VerifyOptions::new(now),
        )
        .expect("the published document verifies");
    }
}

#[test]
fn eddsa_rdfc_2022_alumni_vector() {
    let vector = Vector::load("eddsa-rdfc-2022", "DataInt");
    vector.check(&RdfSuite::eddsa_rdfc_2022(vector.datasets()));
}

#[test]
fn eddsa_rdfc_2022_employment_vector() {
    let vector = Vector::load("eddsa-rdfc-2022/employ", "DataInt");
    vector.check(&RdfSuite::eddsa_rdfc_2022(vector.datasets()));
}

#[test]
fn ed25519_signature_2020_vector() {
    let vector = Vector::load("Ed25519Signature2020", "EdSig");
    let suite = RdfSuite::ed25519_signature_2020(vector.datasets());
    assert_eq!(suite.proof_type(), "Ed25519Signature2020");
    assert_eq!(suite.cryptosuite(), None);
    vector.check(&suite);
}

#[test]
fn deprecated_eddsa_2022_verifies_but_does_not_sign() {
    let vector = Vector::load("eddsa-rdfc-2022", "DataInt");
    let suite = RdfSuite::eddsa_2022(vector.datasets());
    assert_eq!(
        suite.sign(
            &vector.unsigned,
            &ProofOptions::without_created("did:example:x#k"),
            &vector_keypair()
        ),
        Err(ProofError::SignNotSupported("eddsa-2022".into()))
    );
    // An eddsa-rdfc-2022 proof is not an eddsa-2022 one.
    let now = Utc
        .with_ymd_and_hms(2025, 1, 1, 0, 0, 0)
        .single()
        .expect("date");
    assert!(matches!(
        verify(
            &vector.signed,
            &[&suite],
            &StaticResolver::new(),
            &VerifyOptions::new(now)
        ),
        Err(ProofError::WrongCryptosuite { .. })
    ));
}

#[test]
fn jcs_canonicalization_under_an_rdfc_label_is_rejected() {
    // vc-di-eddsa-test-suite recipe `canonizeJcs`: signed over JCS bytes, labelled eddsa-rdfc-2022.
    let vector = Vector::load("eddsa-rdfc-2022", "DataInt");
    let suite = RdfSuite::eddsa_rdfc_2022(vector.datasets());
    let hash = hash_data(&EddsaJcs2022, &vector.unsigned, &vector.config).expect("jcs hash");
    let mut forged = vector.signed.clone();
    forged["proof"]["proofValue"] = format!(
        "z{}",
        bs58::encode(vector_keypair().sign(&hash)).into_string()
    )
    .into();
    let now = Utc
        .with_ymd_and_hms(2025, 1, 1, 0, 0, 0)
        .single()
        .expect("date");
    assert_eq!(
        verify(
            &forged,
            &[&suite],
            &StaticResolver::new(),
            &VerifyOptions::new(now)
        )
        .map(|_| ()),
        Err(ProofError::SignatureInvalid)
    );
}
