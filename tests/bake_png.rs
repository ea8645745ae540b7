//! PNG baking: round trips on real images, replacement, byte preservation,
//! and hostile inputs that must end in typed errors.

use std::io::Cursor;

use openbadges::bake::{self, BakeError, Embedding, ImageFormat, Payload, UnbakeLimits, png};

const JSON: &str = r#"{"@context":["https://www.w3.org/ns/credentials/v2"],"id":"urn:uuid:1","type":["VerifiableCredential"],"name":"Résumé ✓"}"#;
const JWT: &str = "eyJhbGciOiJFZERTQSJ9.eyJpZCI6InVybjp1dWlkOjEifQ.c2lnbmF0dXJl";

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/fixtures/images/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Deterministic pseudo-random bytes (xorshift), so the big image does not
/// compress away.
fn noise(len: usize, mut state: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

fn encode(width: u32, height: u32, color: ::png::ColorType, pixels: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = ::png::Encoder::new(&mut out, width, height);
    encoder.set_color(color);
    encoder.set_depth(::png::BitDepth::Eight);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(pixels).unwrap();
    writer.finish().unwrap();
    out
}

/// Decodes with the `png` crate: (width, height, pixels).
fn decode(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = ::png::Decoder::new(Cursor::new(bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

fn images() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        (
            "rgb 3x2",
            encode(3, 2, ::png::ColorType::Rgb, &noise(3 * 2 * 3, 1)),
        ),
        ("grey 1x1", encode(1, 1, ::png::ColorType::Grayscale, &[7])),
        (
            "rgba 112x112 noise (~50 KB)",
            encode(112, 112, ::png::ColorType::Rgba, &noise(112 * 112 * 4, 2)),
        ),
        ("fixture gradient", fixture("gradient-16x16-rgba.png")),
        ("fixture palette", fixture("palette-8x8.png")),
    ]
}

fn chunk(ty: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(ty);
    out.extend_from_slice(data);
    let mut crc_input = ty.to_vec();
    crc_input.extend_from_slice(data);
    out.extend_from_slice(&crc32fast::hash(&crc_input).to_be_bytes());
    out
}

/// Chunk types in file order.
fn chunk_types(png: &[u8]) -> Vec<String> {
    let mut pos = 8;
    let mut types = Vec::new();
    while pos + 8 <= png.len() {
        let len = u32::from_be_bytes(png[pos..pos + 4].try_into().unwrap()) as usize;
        types.push(String::from_utf8_lossy(&png[pos + 4..pos + 8]).into_owned());
        pos += 12 + len;
    }
    types
}

#[test]
fn big_image_is_about_50_kb() {
    let (_, big) = &images()[2];
    assert!((45_000..60_000).contains(&big.len()), "{}", big.len());
}

#[test]
fn round_trip_json_and_jwt_keeps_pixels() {
    for (name, image) in images() {
        let before = decode(&image);
        for payload in [Payload::Json(JSON.into()), Payload::Jwt(JWT.into())] {
            let baked = bake::bake(&image, &payload).unwrap();
            let found = bake::unbake(&baked).unwrap();
            assert_eq!(found.format, ImageFormat::Png, "{name}");
            assert_eq!(found.embedding, Embedding::Ob3, "{name}");
            assert_eq!(found.payload, payload, "{name}");
            assert_eq!(decode(&baked), before, "{name}: pixels changed");
        }
    }
}

#[test]
fn baked_chunk_is_exactly_the_spec_layout_before_iend() {
    let image = fixture("gradient-16x16-rgba.png");
    let baked = png::bake(&image, &Payload::Json(JSON.into())).unwrap();
    let iend = image.len() - 12;
    // Everything before IEND is untouched, and IEND is the same 12 bytes.
    assert_eq!(&baked[..iend], &image[..iend]);
    assert_eq!(&baked[baked.len() - 12..], &image[iend..]);
    let expected = chunk(
        b"iTXt",
        &[b"openbadgecredential\0\0\0\0\0", JSON.as_bytes()].concat(),
    );
    assert_eq!(&baked[iend..baked.len() - 12], &expected[..]);
    let types = chunk_types(&baked);
    assert_eq!(types[types.len() - 2..], ["iTXt", "IEND"]);
}

#[test]
fn rebake_replaces_existing_credential() {
    let image = fixture("palette-8x8.png");
    let once = png::bake(&image, &Payload::Json(JSON.into())).unwrap();
    let twice = png::bake(&once, &Payload::Jwt(JWT.into())).unwrap();
    let itxt = chunk_types(&twice).iter().filter(|t| *t == "iTXt").count();
    assert_eq!(itxt, 1);
    assert_eq!(
        png::unbake(&twice).unwrap().payload,
        Payload::Jwt(JWT.into())
    );
    // Baking the original payload again gives the first result back.
    assert_eq!(
        png::bake(&twice, &Payload::Json(JSON.into())).unwrap(),
        once
    );
}

#[test]
fn replaces_a_credential_chunk_placed_before_idat() {
    let image = fixture("palette-8x8.png");
    // Put an old credential right after IHDR (8 + 25 bytes).
    let old = chunk(b"iTXt", b"openbadgecredential\0\0\0\0\0{\"old\":true}");
    let with_old = [&image[..33], &old[..], &image[33..]].concat();
    assert_eq!(
        png::unbake(&with_old).unwrap().payload,
        Payload::Json("{\"old\":true}".into())
    );
    let baked = png::bake(&with_old, &Payload::Json(JSON.into())).unwrap();
    assert_eq!(
        baked,
        png::bake(&image, &Payload::Json(JSON.into())).unwrap()
    );
}

#[test]
fn first_matching_chunk_wins() {
    let image = fixture("palette-8x8.png");
    let first = chunk(b"iTXt", b"openbadgecredential\0\0\0\0\0{\"n\":1}");
    let second = chunk(b"iTXt", b"openbadgecredential\0\0\0\0\0{\"n\":2}");
    let iend = image.len() - 12;
    let png = [&image[..iend], &first, &second, &image[iend..]].concat();
    assert_eq!(
        png::unbake(&png).unwrap().payload,
        Payload::Json("{\"n\":1}".into())
    );
}

#[test]
fn language_tag_and_translated_keyword_are_skipped() {
    let image = fixture("palette-8x8.png");
    let c = chunk(b"iTXt", b"openbadgecredential\0\0\0en\0Badge\0a.b.c");
    let iend = image.len() - 12;
    let png = [&image[..iend], &c, &image[iend..]].concat();
    assert_eq!(
        png::unbake(&png).unwrap().payload,
        Payload::Jwt("a.b.c".into())
    );
}

#[test]
fn legacy_ob2_badge_is_reported_as_legacy() {
    let found = bake::unbake(&fixture("ob2-legacy-4x4-grey.png")).unwrap();
    assert_eq!(found.embedding, Embedding::Ob2Legacy);
    assert_eq!(
        found.payload,
        Payload::HostedUrl("https://example.org/assertions/123".into())
    );
    // An OB 3.0 credential baked into the same image takes precedence.
    let baked = png::bake(
        &fixture("ob2-legacy-4x4-grey.png"),
        &Payload::Jwt(JWT.into()),
    )
    .unwrap();
    let found = png::unbake(&baked).unwrap();
    assert_eq!(found.embedding, Embedding::Ob3);
    assert_eq!(found.payload, Payload::Jwt(JWT.into()));
}

#[test]
fn unbaked_image_is_not_baked() {
    for (name, image) in images() {
        assert_eq!(png::unbake(&image), Err(BakeError::NotBaked), "{name}");
    }
}

#[test]
fn truncated_png_at_every_length_is_an_error() {
    let image = fixture("gradient-16x16-rgba.png");
    let baked = png::bake(&image, &Payload::Json(JSON.into())).unwrap();
    for len in 0..baked.len() {
        let err = bake::unbake(&baked[..len]).unwrap_err();
        match (len, &err) {
            (0..8, BakeError::UnknownFormat) => {}
            (8.., BakeError::Truncated { .. }) => {}
            _ => panic!("length {len}: unexpected {err:?}"),
        }
    }
}

#[test]
fn truncation_names_the_chunk() {
    let image = fixture("palette-8x8.png");
    // Cut inside the PLTE chunk's data (starts at 33).
    let err = png::unbake(&image[..33 + 10]).unwrap_err();
    assert_eq!(
        err,
        BakeError::Truncated {
            offset: 33,
            chunk: Some("PLTE".into())
        }
    );
}

#[test]
fn crc_broken_chunk_is_rejected_with_its_name_and_offset() {
    let image = fixture("gradient-16x16-rgba.png");
    let baked = png::bake(&image, &Payload::Json(JSON.into())).unwrap();
    // Flip one bit inside the credential text.
    let iend = baked.len() - 12;
    let mut broken = baked.clone();
    broken[iend - 6] ^= 0x01;
    match png::unbake(&broken) {
        Err(BakeError::CrcMismatch { chunk, offset, .. }) => {
            assert_eq!(chunk, "iTXt");
            assert_eq!(offset, image.len() - 12);
        }
        other => panic!("{other:?}"),
    }
    // A broken IDAT CRC is caught too, even though pixels are never decoded.
    let mut broken = image.clone();
    let pos = image.windows(4).position(|w| w == b"IDAT").unwrap();
    broken[pos + 6] ^= 0x80;
    assert!(matches!(
        png::unbake(&broken),
        Err(BakeError::CrcMismatch { chunk, .. }) if chunk == "IDAT"
    ));
    // Baking refuses a damaged image instead of re-emitting it.
    assert!(matches!(
        png::bake(&broken, &Payload::Jwt(JWT.into())),
        Err(BakeError::CrcMismatch { .. })
    ));
}

#[test]
fn huge_itxt_length_field_is_rejected_before_reading() {
    let image = fixture("palette-8x8.png");
    let iend = image.len() - 12;
    // A 100 MB length field followed by only a few bytes.
    let mut hostile = image[..iend].to_vec();
    hostile.extend_from_slice(&100_000_000u32.to_be_bytes());
    hostile.extend_from_slice(b"iTXtopenbadgecredential\0\0\0\0\0{}");
    assert_eq!(
        png::unbake(&hostile),
        Err(BakeError::ChunkTooLarge {
            chunk: "iTXt".into(),
            offset: iend,
            length: 100_000_000,
            limit: UnbakeLimits::default().max_payload_bytes + 1024,
        })
    );
    // A length over PNG's 2^31-1 is rejected for any chunk type.
    let mut hostile = image[..iend].to_vec();
    hostile.extend_from_slice(&0xFFFF_FFFFu32.to_be_bytes());
    hostile.extend_from_slice(b"IDAT");
    assert!(matches!(
        png::unbake(&hostile),
        Err(BakeError::ChunkTooLarge {
            length: 0xFFFF_FFFF,
            ..
        })
    ));
    // Smaller configured limits apply.
    let baked = png::bake(&image, &Payload::Json(JSON.into())).unwrap();
    let tight = UnbakeLimits {
        max_image_bytes: 1 << 20,
        max_payload_bytes: 8,
    };
    assert!(matches!(
        png::unbake_with_limits(&baked, &tight),
        Err(BakeError::PayloadTooLarge { limit: 8, .. })
    ));
    let tiny = UnbakeLimits {
        max_image_bytes: 50,
        max_payload_bytes: 8,
    };
    assert!(matches!(
        bake::unbake_with_limits(&baked, &tiny),
        Err(BakeError::ImageTooLarge { limit: 50, .. })
    ));
}

#[test]
fn compressed_credential_chunk_is_rejected() {
    let image = fixture("palette-8x8.png");
    let iend = image.len() - 12;
    let compressed = chunk(
        b"iTXt",
        b"openbadgecredential\0\x01\x00\0\0x\x9c\xab\xae\x05\x00\x01u\x00\xf9",
    );
    let png = [&image[..iend], &compressed, &image[iend..]].concat();
    assert_eq!(
        png::unbake(&png),
        Err(BakeError::CompressedPayload {
            keyword: "openbadgecredential".into(),
            offset: iend
        })
    );
}

#[test]
fn malformed_text_chunks_are_typed_errors() {
    let image = fixture("palette-8x8.png");
    let iend = image.len() - 12;
    for data in [
        &b"openbadgecredential"[..],                 // keyword never terminated
        &b"openbadgecredential\0"[..],               // no flags
        &b"openbadgecredential\0\x00\x00en"[..],     // language tag not terminated
        &b"openbadgecredential\0\x02\x00\0\0{}"[..], // bad flag
    ] {
        let png = [&image[..iend], &chunk(b"iTXt", data), &image[iend..]].concat();
        assert!(
            matches!(png::unbake(&png), Err(BakeError::MalformedTextChunk { .. })),
            "{data:?}"
        );
    }
    let not_utf8 = chunk(b"iTXt", b"openbadgecredential\0\0\0\0\0{\xff}");
    let png = [&image[..iend], &not_utf8, &image[iend..]].concat();
    assert!(matches!(
        png::unbake(&png),
        Err(BakeError::PayloadNotUtf8 { .. })
    ));
    let neither = chunk(b"iTXt", b"openbadgecredential\0\0\0\0\0hello");
    let png = [&image[..iend], &neither, &image[iend..]].concat();
    assert!(matches!(
        png::unbake(&png),
        Err(BakeError::UnrecognizedPayload { .. })
    ));
}

#[test]
fn structural_damage_is_typed() {
    let image = fixture("palette-8x8.png");
    let mut bad_sig = image.clone();
    bad_sig[1] = b'Q';
    assert_eq!(png::unbake(&bad_sig), Err(BakeError::PngSignature));
    assert_eq!(bake::unbake(&bad_sig), Err(BakeError::UnknownFormat));
    let mut bad_type = image.clone();
    bad_type[12] = b'1';
    assert_eq!(
        png::unbake(&bad_type),
        Err(BakeError::InvalidChunkType { offset: 12 })
    );
    // A first chunk other than IHDR.
    let no_ihdr = [&image[..8], &image[33..]].concat();
    assert_eq!(png::unbake(&no_ihdr), Err(BakeError::MissingIhdr));
}

#[test]
fn non_image_bytes_are_unknown_format() {
    for bytes in [
        &b""[..],
        b"GIF89a\x01\x00",
        b"{\"id\":\"urn:uuid:1\"}",
        b"\x89PN",
        b"<html><body/></html>",
        &[0u8; 64],
    ] {
        assert_eq!(bake::unbake(bytes), Err(BakeError::UnknownFormat));
        assert_eq!(
            bake::bake(bytes, &Payload::Jwt(JWT.into())),
            Err(BakeError::UnknownFormat)
        );
    }
}

#[test]
fn unbakeable_payloads_are_refused() {
    let image = fixture("palette-8x8.png");
    for payload in [
        Payload::Json(" {}".into()),
        Payload::Jwt("not a jws".into()),
        Payload::HostedUrl("https://example.org/a".into()),
    ] {
        assert!(matches!(
            png::bake(&image, &payload),
            Err(BakeError::InvalidPayload { .. })
        ));
    }
}

#[test]
fn random_corruption_never_panics() {
    let image = fixture("gradient-16x16-rgba.png");
    let baked = png::bake(&image, &Payload::Json(JSON.into())).unwrap();
    let flips = noise(4000, 99);
    for pair in flips.chunks(2) {
        let mut bytes = baked.clone();
        let at = (usize::from(pair[0]) * 256 + usize::from(pair[1])) % bytes.len();
        bytes[at] = bytes[at].wrapping_add(pair[1] | 1);
        // Every byte is covered by the signature, a length or a CRC.
        assert!(
            bake::unbake(&bytes).is_err(),
            "corruption at byte {at} went unnoticed"
        );
    }
}
