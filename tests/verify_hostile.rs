//! Hostile inputs end in a report with a failed PARSE check, never a panic.

mod verify_support;

use openbadges::verify::{CheckCode, CheckStatus, InputKind, Outcome, Verifier, VerifyOptions};
use verify_support::*;

fn assert_parse_failure(bytes: &[u8], kind: InputKind, needle: &str) {
    let report = Verifier::new(VerifyOptions::new(now())).verify(bytes);
    assert_outcome(&report, Outcome::Unreadable);
    assert_eq!(report.input(), kind);
    assert_eq!(
        report.status_of(CheckCode::Parse),
        Some(CheckStatus::Failed)
    );
    let message = &report.checks()[0].message;
    assert!(message.contains(needle), "{message:?} lacks {needle:?}");
    assert!(report.display().is_none());
    assert!(report.shareable().is_none());
    assert_eq!(report.to_json()["outcome"], "UNREADABLE");
}

fn baked() -> Vec<u8> {
    let key = key(1);
    bake_png(&sign(&badge(&did(&key)), Suite::Jcs, &key))
}

#[test]
fn truncated_png() {
    let png = baked();
    for cut in [9, 20, png.len() / 2, png.len() - 13] {
        assert_parse_failure(&png[..cut], InputKind::Png, "cannot unbake");
    }
}

#[test]
fn crc_broken_png() {
    let mut png = baked();
    // The first chunk (IHDR) data starts at byte 16; flipping a bit breaks its CRC.
    png[17] ^= 0x01;
    assert_parse_failure(&png, InputKind::Png, "CRC");
}

#[test]
fn huge_itxt_length_field() {
    let mut png = png_image();
    let iend = png.len() - 12;
    let mut chunk = Vec::new();
    chunk.extend_from_slice(&100_000_000u32.to_be_bytes());
    chunk.extend_from_slice(b"iTXt");
    chunk.extend_from_slice(b"openbadgecredential\0\0\0\0\0{");
    png.splice(iend..iend, chunk);
    assert_parse_failure(&png, InputKind::Png, "cannot unbake");
}

#[test]
fn svg_with_external_entity_or_billion_laughs() {
    let xxe = br#"<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential>&xxe;</openbadges:credential></svg>"#;
    assert_parse_failure(xxe, InputKind::Svg, "cannot unbake");

    let mut laughs = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE svg [<!ENTITY lol \"lol\">");
    for i in 1..10 {
        let previous = if i == 1 {
            "lol".to_owned()
        } else {
            format!("lol{}", i - 1)
        };
        laughs.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">",
            format!("&{previous};").repeat(10)
        ));
    }
    laughs.push_str("]>\n<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\"><openbadges:credential><![CDATA[&lol9;]]></openbadges:credential></svg>");
    let report = Verifier::new(VerifyOptions::new(now())).verify(laughs.as_bytes());
    // Entities are never expanded: the CDATA text is not a credential, or the DTD is refused.
    assert!(
        matches!(
            report.outcome(),
            Outcome::Unreadable | Outcome::NotAnOpenBadge
        ),
        "{}",
        report.to_json()
    );
    assert_eq!(
        report.status_of(CheckCode::Parse),
        Some(CheckStatus::Failed)
    );
}

#[test]
fn deeply_nested_json() {
    let depth = 100_000;
    let mut json = String::with_capacity(depth * 2 + 16);
    json.push_str("{\"a\":");
    json.push_str(&"[".repeat(depth));
    json.push_str(&"]".repeat(depth));
    json.push('}');
    assert_parse_failure(json.as_bytes(), InputKind::Json, "deep");
}

#[test]
fn duplicate_keys_and_garbage() {
    assert_parse_failure(br#"{"id": "a", "id": "b"}"#, InputKind::Json, "duplicate");
    assert_parse_failure(b"{\"id\": ", InputKind::Json, "not valid JSON");
    assert_parse_failure(b"\x00\x01binary", InputKind::Unknown, "neither");
    assert_parse_failure(b"", InputKind::Unknown, "empty");
}

#[test]
fn jwt_with_a_ten_megabyte_segment() {
    let segment = "A".repeat(10 * 1024 * 1024);
    let token = format!("eyJhbGciOiJFZERTQSJ9.{segment}.c2ln");
    assert_parse_failure(token.as_bytes(), InputKind::Jwt, "JWT");
}

#[test]
fn oversized_input() {
    let mut options = VerifyOptions::new(now());
    options.max_input_bytes = 1024;
    let report = Verifier::new(options).verify(&vec![b' '; 2048]);
    assert_outcome(&report, Outcome::Unreadable);
    assert!(report.checks()[0].message.contains("limit"));
}
