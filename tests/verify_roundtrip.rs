//! Every suite × every carrier: sign, bake, unbake, verify.

mod verify_support;

use openbadges::bake;
use openbadges::stack::{HeldBadge, Standing};
use openbadges::verify::{
    CheckCode, CheckStatus, DisplayImage, InputKind, Outcome, Verifier, VerifyOptions,
};
use verify_support::*;

fn verifier() -> Verifier {
    Verifier::new(VerifyOptions::new(now()))
}

#[test]
fn every_suite_in_every_carrier_verifies() {
    let key = key(1);
    let credential = badge(&did(&key));
    for &suite in ALL_SUITES {
        let signed = sign(&credential, suite, &key);
        let carriers = [
            (InputKind::Json, to_bytes(&signed)),
            (InputKind::Png, bake_png(&signed)),
            (InputKind::Svg, bake_svg(&signed)),
        ];
        for (kind, bytes) in carriers {
            let expected_kind = match (kind, suite) {
                (InputKind::Json, Suite::Jwt) => InputKind::Jwt,
                (kind, _) => kind,
            };
            let report = verifier().verify(&bytes);
            assert_outcome(&report, Outcome::Verified);
            assert_eq!(report.input(), expected_kind, "{suite:?}");
            for code in [
                CheckCode::Parse,
                CheckCode::Contexts,
                CheckCode::Spec,
                CheckCode::Proof,
                CheckCode::IssuerBinding,
                CheckCode::Validity,
            ] {
                assert_eq!(
                    report.status_of(code),
                    Some(CheckStatus::Passed),
                    "{suite:?} {kind:?} {code:?}: {}",
                    report.to_json()
                );
            }
            assert_eq!(
                report.status_of(CheckCode::Status),
                Some(CheckStatus::Skipped)
            );
            assert_eq!(report.proofs().len(), 1);
            assert!(report.proofs()[0].verified);
            let display = report.display().unwrap();
            assert_eq!(display.achievement_name.as_deref(), Some("Fractions"));
            assert_eq!(display.issuer_name.as_deref(), Some("Example School"));
            assert_eq!(display.issued.as_deref(), Some("2026-01-01T00:00:00Z"));
            match (&display.image, kind) {
                (Some(DisplayImage::Baked { mime, data_uri }), InputKind::Png) => {
                    assert_eq!(mime, "image/png");
                    assert!(data_uri.starts_with("data:image/png;base64,"));
                }
                (Some(DisplayImage::Baked { mime, .. }), InputKind::Svg) => {
                    assert_eq!(mime, "image/svg+xml")
                }
                (Some(DisplayImage::Url { url }), InputKind::Json) => {
                    assert_eq!(url, "https://school.example/fractions.png")
                }
                other => panic!("unexpected image {other:?}"),
            }
            assert_eq!(report.standing(), Standing::Valid);
            assert_eq!(report.credential()["id"], credential["id"]);
            assert!(report.shareable().is_some());
        }
    }
}

#[test]
fn baked_png_still_decodes_with_the_same_pixels() {
    let key = key(1);
    let signed = sign(&badge(&did(&key)), Suite::Rdfc, &key);
    let baked = bake_png(&signed);
    let decode = |bytes: &[u8]| {
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes.to_vec()));
        let mut reader = decoder.read_info().unwrap();
        let mut buffer = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buffer).unwrap();
        buffer.truncate(info.buffer_size());
        buffer
    };
    assert_eq!(decode(&baked), decode(&png_image()));
    let unbaked = bake::unbake(&baked).unwrap();
    assert_eq!(
        unbaked.payload,
        bake::Payload::Json(serde_json::to_string(&signed).unwrap())
    );
}

#[test]
fn tampered_baked_credential_is_forged_in_every_carrier() {
    let key = key(1);
    let credential = badge(&did(&key));
    for &suite in ALL_SUITES {
        let signed = sign(&credential, suite, &key);
        let tampered = match &signed {
            serde_json::Value::String(token) => {
                // Swap the payload for one naming another achievement, keeping the signature.
                use base64::Engine as _;
                use base64::engine::general_purpose::URL_SAFE_NO_PAD;
                let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
                let mut payload: serde_json::Value =
                    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(&parts[1]).unwrap()).unwrap();
                payload["credentialSubject"]["achievement"]["name"] = "Calculus".into();
                parts[1] = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&payload).unwrap());
                serde_json::Value::String(parts.join("."))
            }
            other => {
                let mut other = other.clone();
                other["credentialSubject"]["achievement"]["name"] = "Calculus".into();
                other
            }
        };
        for bytes in [
            to_bytes(&tampered),
            bake_png(&tampered),
            bake_svg(&tampered),
        ] {
            let report = verifier().verify(&bytes);
            assert_outcome(&report, Outcome::Forged);
            assert_eq!(
                report.status_of(CheckCode::Proof),
                Some(CheckStatus::Failed)
            );
            assert_eq!(
                report.status_of(CheckCode::IssuerBinding),
                Some(CheckStatus::Skipped)
            );
            assert!(report.shareable().is_none());
            assert_eq!(report.standing(), Standing::Unverified);
        }
    }
}

#[test]
fn the_crate_issuer_output_verifies_in_every_form() {
    use openbadges::issuer::{Issuer, Suite as IssuerSuite};
    let issuer = Issuer::did_key(key(5));
    let issuer_did = did(&key(5));
    let signed_at = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 1, 1, 0, 0, 0).unwrap();
    for credential in [badge(&issuer_did), badge_v1(&issuer_did, ED2020)] {
        for suite in [
            IssuerSuite::EddsaRdfc2022,
            IssuerSuite::EddsaJcs2022,
            IssuerSuite::Ed25519Signature2020,
        ] {
            let signed = issuer.sign(&credential, suite, signed_at).unwrap();
            for bytes in [to_bytes(&signed), bake_png(&signed), bake_svg(&signed)] {
                assert_outcome(&verifier().verify(&bytes), Outcome::Verified);
            }
        }
    }
    #[cfg(feature = "jose")]
    {
        let token = issuer.sign_jwt(&badge(&issuer_did), signed_at).unwrap();
        assert_outcome(&verifier().verify(token.as_bytes()), Outcome::Verified);
    }
}
