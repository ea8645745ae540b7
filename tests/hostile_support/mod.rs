//! Generators of hostile inputs, shared by the `hostile_*` tests and by
//! `examples/hostile_corpus.rs` (which writes them to files for `benches/hostile.sh`).
#![allow(dead_code)]

use serde_json::{Value, json};

/// The issuer's key (seed 1): its did:key resolves offline, so proofs reach canonicalization.
pub fn issuer_key() -> openbadges::keys::Keypair {
    openbadges::keys::Keypair::from_seed(&[1; 32])
}

/// The did:key verification method the hostile proofs name (their signatures never verify).
pub fn method() -> String {
    issuer_key().public_key().to_did_key_method_id()
}
const FAKE_PROOF_VALUE: &str =
    "z3FXQjecWufY46yg5abdVZsXqLhxhueuSoZgNSARiKBk9czhSePTFehP8c3PGfb6a22gkfUKKiJnZydGu3CP4wssX";

/// A small OB 3.0 credential (unsigned).
pub fn credential() -> Value {
    json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ],
        "id": "urn:uuid:6a3d2a39-6f09-4c5b-9a43-5d2d7c7b1e01",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer_key().public_key().to_did_key(), "type": ["Profile"], "name": "Example School"},
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
                "criteria": {"narrative": "Passes the unit test."}
            }
        }
    })
}

/// An `eddsa-rdfc-2022` proof (with a signature that never verifies).
pub fn fake_proof(id: Option<&str>, previous: Option<&str>) -> Value {
    let mut proof = json!({
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2026-01-01T00:00:00Z",
        "verificationMethod": method(),
        "proofPurpose": "assertionMethod",
        "proofValue": FAKE_PROOF_VALUE
    });
    if let Some(id) = id {
        proof["id"] = id.into();
    }
    if let Some(previous) = previous {
        proof["previousProof"] = previous.into();
    }
    proof
}

/// `credential` with `proofs` as its proof set.
pub fn with_proofs(mut credential: Value, proofs: Vec<Value>) -> Vec<u8> {
    credential["proof"] = Value::Array(proofs);
    serde_json::to_vec(&credential).unwrap_or_default()
}

/// Finding 1: `n` proofs sharing one `id`, each naming it in `previousProof` (quadratic work
/// before proof chains were resolved by position).
pub fn proofs_sharing_one_id(n: usize) -> Vec<u8> {
    let proof = fake_proof(Some("urn:uuid:same"), Some("urn:uuid:same"));
    with_proofs(credential(), vec![proof; n])
}

/// Finding 1: `n` proofs over a credential whose subject holds a clique of `nodes` blank nodes
/// (each RDFC-1.0 run needs its whole Hash N-Degree Quads budget).
pub fn proofs_over_clique(n: usize, nodes: usize) -> Vec<u8> {
    let mut credential = credential();
    let ids: Vec<String> = (0..nodes).map(|i| format!("_:b{i}")).collect();
    let graph: Vec<Value> = ids
        .iter()
        .map(|id| {
            let others: Vec<Value> = ids
                .iter()
                .filter(|o| *o != id)
                .map(|o| json!({"@id": o}))
                .collect();
            json!({"@id": id, "https://example.org/knows": others})
        })
        .collect();
    credential["credentialSubject"]["https://example.org/clique"] = Value::Array(graph);
    with_proofs(credential, vec![fake_proof(None, None); n])
}

/// Finding 1: a credential padded to about `bytes` with many small values, with `n` proofs.
pub fn big_document_with_proofs(bytes: usize, n: usize) -> Vec<u8> {
    let mut credential = credential();
    let item = "Adds and compares fractions";
    let count = bytes / (item.len() + 3);
    credential["credentialSubject"]["achievement"]["tag"] =
        Value::Array(vec![Value::from(item); count]);
    with_proofs(credential, vec![fake_proof(None, None); n])
}

/// The Open Badges 3.0 SVG namespace.
pub const OB_NS: &str = "https://purl.imsglobal.org/ob/v3p0";

/// Finding 2: `depth` nested `<g>` around an `openbadges:credential` element whose prefix is
/// bound (at the innermost level) to another namespace.
pub fn deeply_nested_svg(depth: usize) -> Vec<u8> {
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:openbadges=\"{OB_NS}\" viewBox=\"0 0 64 64\">"
    );
    svg.push_str(&"<g>".repeat(depth));
    svg.push_str("<openbadges:credential xmlns:openbadges=\"https://other.example/ns\"><![CDATA[{\"not\":\"a badge\"}]]></openbadges:credential>");
    svg.push_str(&"</g>".repeat(depth));
    svg.push_str("</svg>");
    svg.into_bytes()
}

/// A plain SVG image (no credential).
pub fn plain_svg() -> Vec<u8> {
    b"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 64 64\"><circle cx=\"32\" cy=\"32\" r=\"30\"/></svg>".to_vec()
}

/// Finding 3: the plain SVG behind a UTF-8 byte-order mark.
pub fn bom_svg() -> Vec<u8> {
    let mut svg = b"\xEF\xBB\xBF".to_vec();
    svg.extend_from_slice(&plain_svg());
    svg
}

/// Finding 4: an SVG whose child uses the `openbadges` prefix without the root binding it,
/// holding text that is not UTF-8.
pub fn unbound_prefix_svg() -> Vec<u8> {
    let mut svg =
        b"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 64 64\"><openbadges:credential>"
            .to_vec();
    svg.extend_from_slice(b"\xff\xfe not text");
    svg.extend_from_slice(b"</openbadges:credential></svg>");
    svg
}

/// Finding 7: an SVG whose root start tag is longer than 64 KiB (a long attribute).
pub fn long_root_tag_svg() -> Vec<u8> {
    let mut svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\" data-x=\"".to_vec();
    svg.extend(std::iter::repeat_n(b'a', 70 * 1024));
    svg.extend_from_slice(b"\" viewBox=\"0 0 64 64\"></svg>");
    svg
}

/// A minimal valid PNG (1×1, grey) with `empty_chunks` empty ancillary chunks before IEND.
pub fn png_with_empty_chunks(empty_chunks: usize) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&u32::try_from(data.len()).unwrap_or(0).to_be_bytes());
        let start = out.len();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let crc = crc32(out.get(start..).unwrap_or_default());
        out.extend_from_slice(&crc.to_be_bytes());
    }
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut png, b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
    // zlib stream of one scanline: filter 0, one grey byte.
    chunk(
        &mut png,
        b"IDAT",
        &[0x78, 0x01, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01],
    );
    let mut empty = Vec::new();
    chunk(&mut empty, b"teXx", &[]);
    for _ in 0..empty_chunks {
        png.extend_from_slice(&empty);
    }
    chunk(&mut png, b"IEND", &[]);
    png
}

/// CRC-32 (IEEE), bitwise: generators need no dependency.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Finding 7: a compact JWT with an empty signature segment and a readable payload.
pub fn jwt_without_signature() -> Vec<u8> {
    use base64::Engine as _;
    let b64 = |v: &Value| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(serde_json::to_vec(v).unwrap_or_default())
    };
    let header = json!({"alg": "EdDSA", "typ": "JWT", "kid": method()});
    let payload = credential();
    format!("{}.{}.", b64(&header), b64(&payload)).into_bytes()
}
