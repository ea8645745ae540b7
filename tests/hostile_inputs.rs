//! Hostile images, tokens, status lists and JSON that once slipped through: each is now refused
//! with a typed error or handled exactly, never a panic, a wrapped counter or a corrupt output.
//! (A closed stdout pipe is covered by `closed_stdout_pipe_is_not_a_panic` in
//! `tests/cli_documents.rs`; proof sets and chains by `tests/hostile_proofs.rs`.)

mod hostile_support;
mod verify_support;

use hostile_support::*;
use openbadges::bake::{self, BakeError, ImageFormat, MAX_XML_DEPTH, Payload};
use openbadges::json::{self, JsonError, JsonLimits};
use openbadges::verify::{
    DisplayImage, InputKind, MAX_INLINE_IMAGE_BYTES, Outcome, Verifier, VerifyOptions,
};
use verify_support::now;

fn verify(bytes: &[u8]) -> openbadges::verify::VerificationReport {
    Verifier::new(VerifyOptions::new(now())).verify(bytes)
}

/// Finding 2: 65,536 nested `<g>` no longer wrap the XML parser's depth counter (which made an
/// element bound to another namespace read as the credential): nesting past the cap is refused,
/// in debug and release builds alike, and through the verifier.
#[test]
fn svg_nested_past_the_depth_cap_is_refused() {
    let deep = deeply_nested_svg(65_536);
    assert!(matches!(
        bake::unbake(&deep),
        Err(BakeError::XmlTooDeep {
            limit: MAX_XML_DEPTH,
            ..
        })
    ));
    let report = verify(&deep);
    assert_eq!(report.outcome(), Outcome::Unreadable);
    assert_eq!(report.input(), InputKind::Svg);
    assert!(report.summary().contains("1024"), "{}", report.summary());
    // Within the cap the same construction says what it always said: nothing baked.
    for depth in [3, MAX_XML_DEPTH - 2] {
        assert!(matches!(
            bake::unbake(&deeply_nested_svg(depth)),
            Err(BakeError::NotBaked)
        ));
    }
}

/// Finding 3: an SVG behind a UTF-8 byte-order mark is baked at the right offsets (the root
/// tag intact) and unbakes to the same payload.
#[test]
fn bom_prefixed_svg_bakes_intact() {
    let payload = Payload::Json(serde_json::to_string(&credential()).unwrap());
    let baked = bake::bake(&bom_svg(), &payload).unwrap();
    assert!(baked.starts_with(b"\xEF\xBB\xBF<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 64 64\" xmlns:openbadges="));
    let text = String::from_utf8(baked.clone()).unwrap();
    assert!(
        text.ends_with("<circle cx=\"32\" cy=\"32\" r=\"30\"/></svg>"),
        "{text}"
    );
    let unbaked = bake::unbake(&baked).unwrap();
    assert_eq!(unbaked.format, ImageFormat::Svg);
    assert_eq!(unbaked.payload, payload);
    // Baking again replaces, never duplicates.
    let twice = bake::bake(&baked, &payload).unwrap();
    assert_eq!(twice, baked);
}

/// Fuzz finding (unbake target, 2026-12-05): an SVG that starts with two byte-order marks.
/// The XML reader skipped one of them without counting it, so every offset was 3 bytes short
/// and `bake` spliced into the middle of the root tag. A document may start with one BOM; a
/// second is text before the root, so the bytes are not an SVG, and baking writes nothing.
#[test]
fn two_byte_order_marks_are_not_an_svg() {
    let mut image = b"\xEF\xBB\xBF\xEF\xBB\xBF".to_vec();
    image.extend_from_slice(
        b"<svg><openbadges:assertion verify=\"3..o\" \
          xmlns:openbadges=\"http://openbadges.org\"/></svg>",
    );
    assert_eq!(bake::detect_format(&image), None);
    assert!(matches!(
        bake::unbake(&image),
        Err(BakeError::UnknownFormat)
    ));
    let payload = Payload::Json(serde_json::to_string(&credential()).unwrap());
    assert!(matches!(
        bake::bake(&image, &payload),
        Err(BakeError::UnknownFormat)
    ));
    // With one BOM the same image is an SVG, and the round trip holds.
    let one = &image[3..];
    let baked = bake::bake(one, &payload).unwrap();
    assert!(baked.starts_with(b"\xEF\xBB\xBF<svg xmlns:openbadges="));
    assert_eq!(bake::unbake(&baked).unwrap().payload, payload);
}

/// Finding 4: when the image uses the `openbadges` prefix unbound, baking binds it on the
/// credential element only, so the old element (with its non-UTF-8 text) stays outside the
/// badge namespace and the result unbakes, also after baking again.
#[test]
fn unbound_prefix_is_not_captured_by_baking() {
    let image = unbound_prefix_svg();
    let payload = Payload::Json(serde_json::to_string(&credential()).unwrap());
    let baked = bake::bake(&image, &payload).unwrap();
    let root_end = baked.iter().position(|&b| b == b'>').unwrap();
    assert!(
        !baked[..root_end]
            .windows(16)
            .any(|w| w == b"xmlns:openbadges"),
        "the root must not bind the prefix"
    );
    assert_eq!(bake::unbake(&baked).unwrap().payload, payload);
    let other = Payload::Jwt("a.b.c".to_owned());
    let rebaked = bake::bake(&baked, &other).unwrap();
    assert_eq!(bake::unbake(&rebaked).unwrap().payload, other);
    // The stranger's bytes are still there, untouched.
    assert!(rebaked.windows(2).any(|w| w == b"\xff\xfe"));
}

/// Finding 7: an SVG whose root start tag is longer than 64 KiB is still an SVG.
#[test]
fn long_root_tag_is_detected_as_svg() {
    let svg = long_root_tag_svg();
    assert_eq!(bake::detect_format(&svg), Some(ImageFormat::Svg));
    let report = verify(&svg);
    assert_eq!(report.input(), InputKind::Svg);
    assert!(matches!(bake::unbake(&svg), Err(BakeError::NotBaked)));
}

/// Finding 7: columns are 1-based even at the end of input.
#[test]
fn json_columns_are_one_based_at_end_of_input() {
    let limits = JsonLimits::default();
    for (input, line, column, offset) in [
        (&b""[..], 1, 1, 0),
        (&b"{\n"[..], 2, 1, 2),
        (&b"[1,\n\n"[..], 3, 1, 5),
    ] {
        match json::parse(input, &limits) {
            Err(JsonError::Syntax {
                line: l,
                column: c,
                offset: o,
                ..
            }) => assert_eq!((l, c, o), (line, column, offset), "{input:?}"),
            other => panic!("{input:?}: {other:?}"),
        }
    }
}

/// Finding 7: a JWT with an empty signature segment is read as a JWT, and a readable payload
/// without a signature is a forgery.
#[test]
fn jwt_with_empty_signature_is_forged() {
    let report = verify(&jwt_without_signature());
    assert_eq!(report.input(), InputKind::Jwt);
    assert_eq!(report.outcome(), Outcome::Forged, "{}", report.summary());
}

/// Finding 7: a PNG of many empty chunks gives a small report: the image is named by digest,
/// not inlined.
#[test]
fn reports_never_inline_a_large_image() {
    let png = png_with_empty_chunks(300_000);
    assert!(png.len() > MAX_INLINE_IMAGE_BYTES);
    let report = verify(&png);
    assert_eq!(report.input(), InputKind::Png);
    let json = serde_json::to_vec(&report.to_json()).unwrap();
    assert!(json.len() < 64 * 1024, "{} bytes", json.len());
    if let Some(display) = report.display() {
        assert!(!matches!(display.image, Some(DisplayImage::Baked { .. })));
    }
}

/// Finding 7: an image exactly over the inline limit is described by digest and size.
#[test]
fn large_baked_image_is_named_by_digest() {
    use sha2::Digest as _;
    let signed = verify_support::sign(
        &verify_support::badge(&verify_support::did(&issuer_key())),
        verify_support::Suite::Jcs,
        &issuer_key(),
    );
    let image = png_with_empty_chunks(MAX_INLINE_IMAGE_BYTES / 12 + 1);
    let baked = bake::bake(&image, &verify_support::payload(&signed)).unwrap();
    let report = verify(&baked);
    assert_eq!(report.outcome(), Outcome::Verified, "{}", report.summary());
    let digest: String = sha2::Sha256::digest(&baked)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        report.display().and_then(|d| d.image.clone()),
        Some(DisplayImage::Digest {
            mime: "image/png".to_owned(),
            sha256: digest,
            bytes: baked.len(),
        })
    );
}

/// Finding 6: bytes after a status list's GZIP member (trailing data, or a second member that
/// other decoders would read as more of the list) make the list unreadable, through the
/// verifier too: the badge's status is not judged from a list others read differently.
#[test]
fn status_list_with_bytes_after_its_gzip_member_is_refused() {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use verify_support::{
        STATUS_URL, Suite, assert_outcome, did, key, sign, status_list, to_bytes,
    };

    let issuer = key(1);
    let (list, _, entry) = status_list(true, false);
    let mut badge = verify_support::badge(&did(&issuer));
    badge["credentialStatus"] = entry;
    let signed = to_bytes(&sign(&badge, Suite::Rdfc, &issuer));
    let issued = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 1, 1, 0, 0, 0).unwrap();
    let unsigned = list.to_credential(&did(&issuer), STATUS_URL, issued, None);
    let encoded = unsigned["credentialSubject"]["encodedList"]
        .as_str()
        .unwrap()
        .to_owned();
    let member = URL_SAFE_NO_PAD.decode(&encoded[1..]).unwrap();

    let verify_with = |encoded_list: String| {
        let mut altered = unsigned.clone();
        altered["credentialSubject"]["encodedList"] = encoded_list.into();
        let mut verifier = Verifier::new(VerifyOptions::new(now()));
        verifier.add_status_list(STATUS_URL, sign(&altered, Suite::Rdfc, &issuer));
        verifier.verify(&signed)
    };
    assert_outcome(&verify_with(encoded.clone()), Outcome::Verified);
    for extra in [b"\0\0junk".to_vec(), member.clone()] {
        let mut compressed = member.clone();
        compressed.extend_from_slice(&extra);
        let report = verify_with(format!("u{}", URL_SAFE_NO_PAD.encode(&compressed)));
        assert!(!report.is_verified(), "{}", report.to_json());
        let status = report
            .checks_with(openbadges::verify::CheckCode::Status)
            .next()
            .unwrap();
        assert!(
            status.message.contains("follow the GZIP member"),
            "{}",
            status.message
        );
    }
}
