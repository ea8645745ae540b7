//! Published credentials: the verifier agrees with the 1EdTech OB 3.0 specification's signed
//! example and classifies a real-world VC-JWT from an unresolvable DID method correctly.

mod verify_support;

use openbadges::verify::{CheckCode, CheckStatus, InputKind, Outcome, Verifier, VerifyOptions};
use serde_json::{Value, json};
use verify_support::*;

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(format!("{}/fixtures/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

const OB3_SIGNED: &str = "credentials/ob3-spec__obv3p0__signed.json";
const ISSUER: &str = "https://example.edu/issuers/565049";
const KEY: &str = "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi";

/// The issuer's controller document, as the issuer would publish it at its `https:` id.
fn controller_document() -> Value {
    json!({
        "id": ISSUER,
        "verificationMethod": [{
            "id": format!("{ISSUER}#{KEY}"),
            "type": "Multikey",
            "controller": ISSUER,
            "publicKeyMultibase": KEY,
        }],
        "assertionMethod": [format!("{ISSUER}#{KEY}")],
    })
}

fn verifier() -> Verifier {
    let mut verifier = Verifier::new(VerifyOptions::new(now()));
    verifier
        .add_controller_document(controller_document())
        .unwrap();
    verifier
}

#[test]
fn ob3_specification_example_verifies() {
    let report = verifier().verify(&fixture(OB3_SIGNED));
    assert_outcome(&report, Outcome::Verified);
    assert_eq!(report.proofs()[0].suite, "eddsa-rdfc-2022");
    assert_eq!(
        report.status_of(CheckCode::IssuerBinding),
        Some(CheckStatus::Passed)
    );
    let display = report.display().unwrap();
    assert_eq!(display.issuer_name.as_deref(), Some("Example Corp"));
    assert_eq!(display.issued.as_deref(), Some("2010-01-01T00:00:00Z"));
}

#[test]
fn ob3_specification_example_without_the_key_is_key_unavailable() {
    let report = Verifier::new(VerifyOptions::new(now())).verify(&fixture(OB3_SIGNED));
    assert_outcome(&report, Outcome::KeyUnavailable);
    assert!(report.summary().contains(ISSUER), "{}", report.summary());
}

#[test]
fn ob3_specification_example_tampered_is_forged() {
    let mut credential: Value = serde_json::from_slice(&fixture(OB3_SIGNED)).unwrap();
    credential["issuer"]["name"] = "Example Corp (forged)".into();
    let report = verifier().verify(&serde_json::to_vec(&credential).unwrap());
    assert_outcome(&report, Outcome::Forged);
}

#[test]
fn ob3_specification_example_baked_verifies() {
    let credential: Value = serde_json::from_slice(&fixture(OB3_SIGNED)).unwrap();
    for bytes in [bake_png(&credential), bake_svg(&credential)] {
        let report = verifier().verify(&bytes);
        assert_outcome(&report, Outcome::Verified);
    }
}

#[test]
#[cfg(feature = "jose")]
fn velocity_jwt_with_unresolvable_did_is_key_unavailable() {
    let report = verifier().verify(&fixture("jwt/1edtech-validator/velocity.jwt"));
    assert_eq!(report.input(), openbadges::verify::InputKind::Jwt);
    assert_outcome(&report, Outcome::KeyUnavailable);
    assert_eq!(
        report.status_of(CheckCode::Proof),
        Some(CheckStatus::Failed)
    );
    // What the token claims is still shown, marked unverified.
    assert!(report.display().is_some());
}

#[test]
fn open_badges_2_images_are_verified_as_ob2_assertions() {
    // Both carry only a hosted-assertion URL, and no documents are supplied: the assertion is
    // read, but its hosted copy is not available offline (tests/ob2_*.rs verify full ones).
    for (image, kind) in [
        ("images/ob2-legacy-4x4-grey.png", InputKind::Ob2Png),
        ("images/ob2-legacy.svg", InputKind::Ob2Svg),
    ] {
        let report = verifier().verify(&fixture(image));
        assert_outcome(&report, Outcome::DocumentUnavailable);
        assert_eq!(report.input(), kind);
        assert_eq!(
            report.status_of(CheckCode::Parse),
            Some(CheckStatus::Passed)
        );
        assert!(
            report
                .summary()
                .contains("https://example.org/assertions/123"),
            "{}",
            report.summary()
        );
    }
}
