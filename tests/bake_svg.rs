//! SVG baking: layout, round trips, replacement, legacy badges and hostile
//! XML (external entities, billion laughs, oversize payloads).

use openbadges::bake::{self, BakeError, Embedding, ImageFormat, Payload, UnbakeLimits, svg};

const JSON: &str = r#"{"@context":["https://www.w3.org/ns/credentials/v2"],"id":"urn:uuid:1","type":["VerifiableCredential"],"name":"A & B <ok> ✓"}"#;
const JWT: &str = "eyJhbGciOiJFZERTQSJ9.eyJpZCI6InVybjp1dWlkOjEifQ.c2lnbmF0dXJl";

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/fixtures/images/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap()
}

#[test]
fn baked_layout_follows_the_spec() {
    let image = fixture("badge.svg");
    let baked = svg::bake(&image, &Payload::Json(JSON.into())).unwrap();
    let expected = text(&image).replacen(
        r#"viewBox="0 0 64 64">"#,
        &format!(
            r#"viewBox="0 0 64 64" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential><![CDATA[{JSON}]]></openbadges:credential>"#
        ),
        1,
    );
    assert_eq!(text(&baked), expected);

    let baked = svg::bake(&image, &Payload::Jwt(JWT.into())).unwrap();
    assert!(text(&baked).contains(&format!(
        r#"<openbadges:credential verify="{JWT}"></openbadges:credential>"#
    )));
}

#[test]
fn round_trip_json_and_jwt() {
    for payload in [Payload::Json(JSON.into()), Payload::Jwt(JWT.into())] {
        let baked = bake::bake(&fixture("badge.svg"), &payload).unwrap();
        let found = bake::unbake(&baked).unwrap();
        assert_eq!(found.format, ImageFormat::Svg);
        assert_eq!(found.embedding, Embedding::Ob3);
        assert_eq!(found.payload, payload);
    }
}

#[test]
fn json_containing_cdata_end_round_trips() {
    let tricky = r#"{"a":"]]>","b":"]]]]>","c":"<![CDATA[x]]>"}"#;
    let baked = svg::bake(&fixture("badge.svg"), &Payload::Json(tricky.into())).unwrap();
    assert_eq!(
        svg::unbake(&baked).unwrap().payload,
        Payload::Json(tricky.into())
    );
}

#[test]
fn rebake_replaces_existing_credential() {
    let image = fixture("badge.svg");
    let once = svg::bake(&image, &Payload::Json(JSON.into())).unwrap();
    let twice = svg::bake(&once, &Payload::Jwt(JWT.into())).unwrap();
    assert_eq!(text(&twice).matches("<openbadges:credential").count(), 1);
    assert_eq!(text(&twice).matches("xmlns:openbadges").count(), 1);
    assert_eq!(
        svg::unbake(&twice).unwrap().payload,
        Payload::Jwt(JWT.into())
    );
    assert_eq!(
        svg::bake(&twice, &Payload::Json(JSON.into())).unwrap(),
        once
    );
}

#[test]
fn other_prefixes_for_the_namespace_are_read() {
    let doc =
        br#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:ob="https://purl.imsglobal.org/ob/v3p0">
        <ob:credential>
          <![CDATA[{"id":"urn:x"}]]>
        </ob:credential></svg>"#;
    assert_eq!(
        svg::unbake(doc).unwrap().payload,
        Payload::Json(r#"{"id":"urn:x"}"#.into())
    );
    // An element named openbadges:credential in another namespace is not ours.
    let doc = br#"<svg xmlns:openbadges="https://example.org/other"><openbadges:credential verify="a.b.c"/></svg>"#;
    assert_eq!(svg::unbake(doc), Err(BakeError::NotBaked));
    assert!(matches!(
        svg::bake(doc, &Payload::Jwt(JWT.into())),
        Err(BakeError::NamespaceConflict { found }) if found == "https://example.org/other"
    ));
}

#[test]
fn escaped_text_content_is_unescaped() {
    let doc = br#"<svg xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential>{"a":"&lt;&amp;&#x2713;"}</openbadges:credential></svg>"#;
    assert_eq!(
        svg::unbake(doc).unwrap().payload,
        Payload::Json("{\"a\":\"<&\u{2713}\"}".into())
    );
}

#[test]
fn legacy_ob2_assertion_is_reported_as_legacy() {
    let found = bake::unbake(&fixture("ob2-legacy.svg")).unwrap();
    assert_eq!(found.embedding, Embedding::Ob2Legacy);
    assert_eq!(
        found.payload,
        Payload::HostedUrl("https://example.org/assertions/123".into())
    );
    // The OB 2.0 file binds `openbadges` to the OB 2.0 namespace: refusing is
    // safer than silently rebinding the prefix under the old assertion.
    assert!(matches!(
        svg::bake(&fixture("ob2-legacy.svg"), &Payload::Jwt(JWT.into())),
        Err(BakeError::NamespaceConflict { .. })
    ));
}

#[test]
fn empty_and_prefixed_roots() {
    let baked = svg::bake(
        br#"<svg:svg xmlns:svg="http://www.w3.org/2000/svg" />"#,
        &Payload::Json("{}".into()),
    )
    .unwrap();
    assert_eq!(
        text(&baked),
        r#"<svg:svg xmlns:svg="http://www.w3.org/2000/svg"  xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential><![CDATA[{}]]></openbadges:credential></svg:svg>"#
    );
    assert_eq!(
        svg::unbake(&baked).unwrap().payload,
        Payload::Json("{}".into())
    );
}

#[test]
fn external_entity_doctype_is_refused() {
    let xxe = br#"<?xml version="1.0"?>
<!DOCTYPE svg [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<svg xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential>&xxe;</openbadges:credential></svg>"#;
    assert_eq!(
        bake::unbake(xxe),
        Err(BakeError::DoctypeEntities { offset: 22 })
    );
    assert!(matches!(
        bake::bake(xxe, &Payload::Jwt(JWT.into())),
        Err(BakeError::DoctypeEntities { .. })
    ));
}

#[test]
fn billion_laughs_is_refused() {
    let mut doc =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n <!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_owned()
        } else {
            format!("lol{}", i - 1)
        };
        doc.push_str(&format!(
            " <!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    doc.push_str("]>\n<svg><text>&lol9;</text></svg>");
    assert!(matches!(
        bake::unbake(doc.as_bytes()),
        Err(BakeError::DoctypeEntities { .. })
    ));
}

#[test]
fn undeclared_entity_references_are_refused() {
    // No DOCTYPE at all: the reference still must not resolve to anything.
    let doc = br#"<svg xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential>&xxe;</openbadges:credential></svg>"#;
    assert!(matches!(
        svg::unbake(doc),
        Err(BakeError::EntityReference { .. })
    ));
    let doc = br#"<svg xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential verify="a.b.c&xxe;"/></svg>"#;
    assert!(matches!(
        svg::unbake(doc),
        Err(BakeError::EntityReference { .. })
    ));
}

#[test]
fn oversize_payload_is_refused() {
    let big = format!("{{\"pad\":\"{}\"}}", "x".repeat(10_000));
    let baked = svg::bake(&fixture("badge.svg"), &Payload::Json(big)).unwrap();
    let limits = UnbakeLimits {
        max_image_bytes: 1 << 20,
        max_payload_bytes: 1000,
    };
    assert!(matches!(
        svg::unbake_with_limits(&baked, &limits),
        Err(BakeError::PayloadTooLarge { limit: 1000, .. })
    ));
    let limits = UnbakeLimits {
        max_image_bytes: 1000,
        max_payload_bytes: 1000,
    };
    assert!(matches!(
        bake::unbake_with_limits(&baked, &limits),
        Err(BakeError::ImageTooLarge { .. })
    ));
}

#[test]
fn malformed_svgs_are_typed_errors() {
    let cases: &[(&[u8], &str)] = &[
        (b"<svg><g></svg>", "mismatched end"),
        (b"<svg>", "unclosed root"),
        (
            b"<svg xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\"><openbadges:credential><g/></openbadges:credential></svg>",
            "markup in credential",
        ),
        (b"<svg></svg>", "not baked"),
        (
            b"<svg xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\"><openbadges:credential>hello</openbadges:credential></svg>",
            "unrecognized",
        ),
    ];
    for (doc, what) in cases {
        let err = svg::unbake(doc).unwrap_err();
        let ok = match *what {
            "mismatched end" | "unclosed root" => matches!(err, BakeError::Xml { .. }),
            "markup in credential" => matches!(err, BakeError::UnexpectedMarkup { .. }),
            "not baked" => err == BakeError::NotBaked,
            _ => matches!(err, BakeError::UnrecognizedPayload { .. }),
        };
        assert!(ok, "{what}: {err:?}");
    }
    assert_eq!(svg::unbake(b"<html/>"), Err(BakeError::NoSvgRoot));
    assert_eq!(svg::unbake(b""), Err(BakeError::NoSvgRoot));
}

#[test]
fn truncated_baked_svg_never_panics() {
    let baked = svg::bake(&fixture("badge.svg"), &Payload::Json(JSON.into())).unwrap();
    let root_closed = baked.iter().rposition(|&b| b == b'>').unwrap() + 1;
    assert_eq!(
        bake::unbake(&baked[..root_closed]).unwrap().payload,
        Payload::Json(JSON.into())
    );
    for len in 0..root_closed {
        // Cut documents end inside the root: never a successful read.
        assert!(bake::unbake(&baked[..len]).is_err(), "length {len}");
    }
}
