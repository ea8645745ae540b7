//! Authentic badges as other platforms publish them: each bends a data-model rule (or carries
//! something the verifier cannot check) while its signature, issuer binding, validity window and
//! status are sound. By default the outcome is the authentic one and the rule problems are
//! warnings in the conformance verdict; `VerifyOptions::strict()` fails them; a tampered copy of
//! each is still `Forged`.

mod verify_support;

use std::io::Write;

use base64::Engine as _;
use openbadges::verify::{
    CheckCode, CheckStatus, Outcome, VerificationReport, Verifier, VerifyOptions,
};
use serde_json::{Value, json};
use verify_support::*;

struct Shape {
    name: &'static str,
    signed: Value,
    /// The outcome by default.
    authentic: Outcome,
    /// The outcome in strict mode.
    strict: Outcome,
    /// The conformance problem code expected by default, if any.
    problem: Option<&'static str>,
    list: Option<Value>,
}

fn verifier(strict: bool, list: Option<&Value>) -> Verifier {
    let options = VerifyOptions::new(now());
    let mut verifier = Verifier::new(if strict { options.strict() } else { options });
    if let Some(list) = list {
        verifier.add_status_list(STATUS_URL, list.clone());
    }
    verifier
}

fn verify(signed: &Value, strict: bool, list: Option<&Value>) -> VerificationReport {
    verifier(strict, list).verify(&to_bytes(signed))
}

/// A Bitstring Status List credential of `entries` entries with `set` bits set, signed by `key`.
fn short_list(entries: usize, set: &[usize], key: &openbadges::keys::Keypair) -> Value {
    let mut bits = vec![0u8; entries.div_ceil(8)];
    for &i in set {
        bits[i / 8] |= 0x80 >> (i % 8);
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&bits).unwrap();
    let encoded = format!(
        "u{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(gz.finish().unwrap())
    );
    let list = json!({
        "@context": [VC2],
        "id": STATUS_URL,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": did(key),
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {
            "id": format!("{STATUS_URL}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded
        }
    });
    sign(&list, Suite::Rdfc, key)
}

fn shapes() -> Vec<Shape> {
    let key = key(1);
    let issuer = did(&key);
    let mut shapes = Vec::new();
    let mut string_image = badge(&issuer);
    string_image["issuer"]["image"] = "https://school.example/logo.png".into();
    let mut no_recipient = badge(&issuer);
    no_recipient["credentialSubject"]
        .as_object_mut()
        .unwrap()
        .shift_remove("id");
    let mut program = badge(&issuer);
    program["credentialSubject"]["achievement"]["achievementType"] = "Program".into();
    for (name, credential, code) in [
        ("issuer image as a URL string", string_image, None),
        ("subject without id or identifier", no_recipient, None),
        ("achievementType outside the enumeration", program, None),
    ] {
        shapes.push(Shape {
            name,
            signed: sign(&credential, Suite::Rdfc, &key),
            authentic: Outcome::Verified,
            strict: Outcome::Invalid,
            problem: code,
            list: None,
        });
    }
    // A list of 100,000 entries (as the DCC publishes) with the badge's bit set: revoked.
    let mut revoked = badge(&issuer);
    revoked["credentialStatus"] = json!({
        "id": format!("{STATUS_URL}#4242"),
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "4242",
        "statusListCredential": STATUS_URL
    });
    shapes.push(Shape {
        name: "short status list, bit set",
        signed: sign(&revoked, Suite::Rdfc, &key),
        authentic: Outcome::Revoked,
        strict: Outcome::StatusUnavailable,
        problem: None,
        list: Some(short_list(100_000, &[4242], &key)),
    });
    let mut current = revoked.clone();
    current["credentialStatus"]["statusListIndex"] = "7".into();
    current["credentialStatus"]["id"] = format!("{STATUS_URL}#7").into();
    shapes.push(Shape {
        name: "short status list, bit clear",
        signed: sign(&current, Suite::Rdfc, &key),
        authentic: Outcome::Verified,
        strict: Outcome::StatusUnavailable,
        problem: None,
        list: Some(short_list(100_000, &[4242], &key)),
    });
    // A proof set with a proof of a type nobody here knows, next to a good one.
    let mut unknown_proof = sign(&badge(&issuer), Suite::Rdfc, &key);
    let good = unknown_proof["proof"].take();
    unknown_proof["proof"] = json!([good, {
        "type": "SomeProofType",
        "created": "2026-01-01T00:00:00Z",
        "proofPurpose": "assertionMethod",
        "verificationMethod": "did:example:other#key",
        "proofValue": "zabc"
    }]);
    shapes.push(Shape {
        name: "unknown proof type in a set",
        signed: unknown_proof,
        authentic: Outcome::Verified,
        strict: Outcome::Verified,
        problem: None,
        list: None,
    });
    // A plain W3C credential.
    let generic = json!({
        "@context": [VC2],
        "id": "urn:uuid:0d5e1e4c-5b0a-4b8e-9d53-1c1f0a6e7f21",
        "type": ["VerifiableCredential"],
        "issuer": issuer,
        "validFrom": "2026-01-01T00:00:00Z",
        "name": "Library card",
        "credentialSubject": {"id": "did:example:learner", "name": "Jordan"}
    });
    shapes.push(Shape {
        name: "plain verifiable credential",
        signed: sign(&generic, Suite::Rdfc, &key),
        authentic: Outcome::Verified,
        strict: Outcome::NotAnOpenBadge,
        problem: Some("NOT_AN_OPEN_BADGE"),
        list: None,
    });
    // An undefined term under JCS (and JWT): the signature covers the JSON, not a dataset.
    let mut undefined = badge(&issuer);
    undefined["nickname"] = "Fractions!".into();
    let mut signatures = vec![("JCS", sign(&undefined, Suite::Jcs, &key))];
    if ALL_SUITES.contains(&Suite::Jwt) {
        signatures.push(("JWT", sign(&undefined, Suite::Jwt, &key)));
    }
    for (_, signed) in signatures {
        shapes.push(Shape {
            name: "undefined term under a JSON signature",
            signed,
            authentic: Outcome::Verified,
            strict: Outcome::Invalid,
            problem: Some("JSONLD_SAFE_MODE"),
            list: None,
        });
    }
    // Not valid yet: an authentic badge checked before its validFrom.
    let mut future = badge(&issuer);
    future["validFrom"] = "2026-06-01T00:00:00Z".into();
    shapes.push(Shape {
        name: "not yet valid",
        signed: sign(&future, Suite::Rdfc, &key),
        authentic: Outcome::NotYetValid,
        strict: Outcome::NotYetValid,
        problem: None,
        list: None,
    });
    shapes
}

#[test]
fn authentic_shapes_give_the_authentic_outcome_and_conformance_warnings() {
    for shape in shapes() {
        let list = shape.list.as_ref();
        let report = verify(&shape.signed, false, list);
        assert_eq!(
            report.outcome(),
            shape.authentic,
            "{}: {}",
            shape.name,
            report.to_json()
        );
        if let Some(code) = shape.problem {
            assert!(
                report.conformance().problems.iter().any(|p| p.code == code),
                "{}: {}",
                shape.name,
                report.to_json()
            );
            assert!(!report.conformance().conformant, "{}", shape.name);
        }
        assert!(
            report
                .checks()
                .iter()
                .all(|c| c.status != CheckStatus::Failed)
                || shape.authentic != Outcome::Verified,
            "{}",
            shape.name
        );
        let strict = verify(&shape.signed, true, list);
        assert_eq!(
            strict.outcome(),
            shape.strict,
            "{} (strict): {}",
            shape.name,
            strict.to_json()
        );
        // A tampered copy is forged, whatever else is wrong with it.
        let tampered = tamper(&shape.signed);
        let report = verify(&tampered, false, list);
        assert_eq!(
            report.outcome(),
            Outcome::Forged,
            "{} tampered: {}",
            shape.name,
            report.to_json()
        );
    }
}

#[test]
fn data_model_problems_are_listed_with_code_and_pointer() {
    let key = key(1);
    let mut credential = badge(&did(&key));
    credential["credentialSubject"]["achievement"]["achievementType"] = "Program".into();
    credential["issuer"]["image"] = "https://school.example/logo.png".into();
    let signed = sign(&credential, Suite::Rdfc, &key);
    let report = verify(&signed, false, None);
    assert_eq!(report.outcome(), Outcome::Verified, "{}", report.to_json());
    assert_eq!(
        report.status_of(CheckCode::Spec),
        Some(CheckStatus::Warning)
    );
    let problems = &report.conformance().problems;
    assert!(!problems.is_empty());
    assert!(
        problems
            .iter()
            .all(|p| !p.code.is_empty() && p.pointer.starts_with('/')),
        "{problems:?}"
    );
    let json = report.to_json();
    assert_eq!(json["conformance"]["conformant"], false);
}

/// The signed badge with its displayed name changed (inside the JWT payload for a token).
fn tamper(signed: &Value) -> Value {
    match signed {
        Value::String(token) => {
            let parts: Vec<&str> = token.split('.').collect();
            let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
            let mut payload: Value =
                serde_json::from_slice(&engine.decode(parts[1]).unwrap()).unwrap();
            let target = if payload.get("vc").is_some() {
                &mut payload["vc"]
            } else {
                &mut payload
            };
            target["name"] = "Tampered".into();
            let payload = engine.encode(serde_json::to_vec(&payload).unwrap());
            Value::String(format!("{}.{payload}.{}", parts[0], parts[2]))
        }
        other => {
            let mut tampered = other.clone();
            tampered["credentialSubject"]["name"] = "Mallory".into();
            tampered
        }
    }
}

#[test]
fn forged_jwts_are_not_verified_not_unreadable() {
    if !ALL_SUITES.contains(&Suite::Jwt) {
        return;
    }
    let key = key(1);
    let token = sign(&badge(&did(&key)), Suite::Jwt, &key);
    let token = token.as_str().unwrap();
    let parts: Vec<&str> = token.split('.').collect();
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let none_header = engine.encode(br#"{"alg":"none","typ":"vc+jwt"}"#);
    for (how, forged) in [
        ("alg none", format!("{none_header}.{}.", parts[1])),
        ("signature stripped", format!("{}.{}.", parts[0], parts[1])),
        (
            "alg none with a signature",
            format!("{none_header}.{}.{}", parts[1], parts[2]),
        ),
    ] {
        let report = Verifier::new(VerifyOptions::new(now())).verify(forged.as_bytes());
        assert_eq!(
            report.outcome(),
            Outcome::Forged,
            "{how}: {}",
            report.to_json()
        );
        assert_eq!(
            report.status_of(CheckCode::Proof),
            Some(CheckStatus::Failed),
            "{how}"
        );
    }
}
