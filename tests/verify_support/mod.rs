//! Shared builders for the verifier tests: deterministic keys, did:key issuers, OB 3.0 badges in
//! VC 2.0 and VC 1.1 form, every signing suite, baking, status lists.
#![allow(dead_code)]

use chrono::{DateTime, TimeZone, Utc};
use openbadges::bake::{self, Payload};
use openbadges::jsonld::Processor;
use openbadges::keys::Keypair;
use openbadges::proof::{Cryptosuite, EddsaJcs2022, ProofOptions, RdfSuite};
use openbadges::status::{StatusList, StatusListConfig};
use openbadges::verify::{CheckCode, CheckStatus, Outcome, VerificationReport};
use serde_json::{Value, json};

pub const VC2: &str = "https://www.w3.org/ns/credentials/v2";
pub const VC1: &str = "https://www.w3.org/2018/credentials/v1";
pub const OB: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
pub const ED2020: &str = "https://w3id.org/security/suites/ed25519-2020/v1";
pub const DI1: &str = "https://w3id.org/security/data-integrity/v1";
pub const STATUS_URL: &str = "https://school.example/status/1";

/// The signing suites under test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suite {
    Rdfc,
    Jcs,
    Ed2020,
    Jwt,
}

#[cfg(feature = "jose")]
pub const ALL_SUITES: &[Suite] = &[Suite::Rdfc, Suite::Jcs, Suite::Ed2020, Suite::Jwt];
#[cfg(not(feature = "jose"))]
pub const ALL_SUITES: &[Suite] = &[Suite::Rdfc, Suite::Jcs, Suite::Ed2020];

/// Verification time used everywhere: 1 March 2026.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap()
}

pub fn key(seed: u8) -> Keypair {
    Keypair::from_seed(&[seed; 32])
}

pub fn did(key: &Keypair) -> String {
    key.public_key().to_did_key()
}

/// An OB 3.0 (VC 2.0) badge issued by `issuer`, valid from 1 Jan 2026.
pub fn badge(issuer: &str) -> Value {
    json!({
        "@context": [VC2, OB],
        "id": "urn:uuid:6a3d2a39-6f09-4c5b-9a43-5d2d7c7b1e01",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer, "type": ["Profile"], "name": "Example School"},
        "validFrom": "2026-01-01T00:00:00Z",
        "name": "Fractions",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "id": "did:example:learner",
            "achievement": {
                "id": "https://school.example/achievements/fractions",
                "type": ["Achievement"],
                "name": "Fractions",
                "description": "Adds and compares fractions.",
                "criteria": {"narrative": "Passes the unit test."},
                "image": {"id": "https://school.example/fractions.png", "type": "Image"}
            }
        }
    })
}

/// The VC 1.1 form: v1 context + OB context (+ the proof suite's context), `issuanceDate`.
pub fn badge_v1(issuer: &str, suite_context: &str) -> Value {
    let mut credential = badge(issuer);
    credential["@context"] = json!([VC1, OB, suite_context]);
    let object = credential.as_object_mut().unwrap();
    let from = object.shift_remove("validFrom").unwrap();
    object.insert("issuanceDate".into(), from);
    credential
}

/// Signs with `suite` (did:key method of `key`); a VC-JWT comes back as a JSON string.
pub fn sign(credential: &Value, suite: Suite, key: &Keypair) -> Value {
    let method = key.public_key().to_did_key_method_id();
    sign_with_method(credential, suite, key, &method)
}

pub fn sign_with_method(credential: &Value, suite: Suite, key: &Keypair, method: &str) -> Value {
    let options = ProofOptions::new(method, Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap());
    match suite {
        Suite::Rdfc => RdfSuite::eddsa_rdfc_2022(Processor::bundled())
            .sign(credential, &options, key)
            .unwrap(),
        Suite::Jcs => EddsaJcs2022.sign(credential, &options, key).unwrap(),
        Suite::Ed2020 => {
            let mut credential = credential.clone();
            let contexts = credential["@context"].as_array_mut().unwrap();
            if !contexts.iter().any(|c| c == ED2020) {
                contexts.push(ED2020.into());
            }
            RdfSuite::ed25519_signature_2020(Processor::bundled())
                .sign(&credential, &options, key)
                .unwrap()
        }
        #[cfg(not(feature = "jose"))]
        Suite::Jwt => unreachable!("VC-JWT needs the `jose` feature"),
        #[cfg(feature = "jose")]
        Suite::Jwt => {
            use openbadges::jwt::{self, KeyReference, SignOptions, SigningKey};
            let signing = SigningKey::from_keypair(
                Keypair::from_secret_multibase(&key.to_secret_multibase()).unwrap(),
            );
            let token = jwt::sign(
                credential,
                &signing,
                &SignOptions::new(KeyReference::Kid(method.to_owned())),
            )
            .unwrap();
            Value::String(token)
        }
    }
}

/// The bytes a teacher would share: JSON text or the compact JWT.
pub fn to_bytes(signed: &Value) -> Vec<u8> {
    match signed {
        Value::String(token) => token.clone().into_bytes(),
        other => serde_json::to_vec_pretty(other).unwrap(),
    }
}

pub fn payload(signed: &Value) -> Payload {
    match signed {
        Value::String(token) => Payload::Jwt(token.clone()),
        other => Payload::Json(serde_json::to_string(other).unwrap()),
    }
}

/// A small real PNG (4×4 RGBA gradient).
pub fn png_image() -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, 4, 4);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().unwrap();
        let pixels: Vec<u8> = (0..64u8).collect();
        writer.write_image_data(&pixels).unwrap();
    }
    out
}

pub fn svg_image() -> Vec<u8> {
    br#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle cx="5" cy="5" r="4"/></svg>"#.to_vec()
}

pub fn bake_png(signed: &Value) -> Vec<u8> {
    bake::bake(&png_image(), &payload(signed)).unwrap()
}

pub fn bake_svg(signed: &Value) -> Vec<u8> {
    bake::bake(&svg_image(), &payload(signed)).unwrap()
}

/// A 1-bit status list of `purpose` with `index` set (or not), and the entry pointing at it.
pub fn status_list(revocation: bool, set: bool) -> (StatusList, u64, Value) {
    let config = if revocation {
        StatusListConfig::revocation()
    } else {
        StatusListConfig::suspension()
    };
    let mut list = StatusList::new(config.with_seed([9u8; 32])).unwrap();
    let index = list.allocate().unwrap();
    if set {
        list.set(index, true).unwrap();
    }
    let entry = list.credential_status_entry(index, STATUS_URL).unwrap();
    (list, index, entry)
}

/// The signed status list credential (eddsa-rdfc-2022 by `key`).
pub fn signed_status_list(list: &StatusList, key: &Keypair, until: Option<DateTime<Utc>>) -> Value {
    let unsigned = list.to_credential(
        &did(key),
        STATUS_URL,
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
        until,
    );
    sign(&unsigned, Suite::Rdfc, key)
}

pub fn status(report: &VerificationReport, code: CheckCode) -> Option<CheckStatus> {
    report.status_of(code)
}

/// Asserts the outcome, with the whole report on failure.
pub fn assert_outcome(report: &VerificationReport, expected: Outcome) {
    assert_eq!(
        report.outcome(),
        expected,
        "{}",
        serde_json::to_string_pretty(&report.to_json()).unwrap()
    );
}
