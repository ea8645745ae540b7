//! Shared by the Data Integrity proof tests: fixture files, the W3C vc-di-eddsa vectors and their
//! key, and the verification time they share.
#![allow(dead_code)]

use chrono::{DateTime, TimeZone, Utc};
use openbadges::keys::Keypair;
use serde_json::Value;

/// The vc-di-eddsa test vectors, under `fixtures/`.
pub const VECTORS: &str = "vc-di-eddsa/TestVectors";

/// `fixtures/<path>`, read whole.
pub fn fixture_text(path: &str) -> String {
    let full = format!("{}/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// `fixtures/<path>`, parsed as JSON.
pub fn fixture_json(path: &str) -> Value {
    serde_json::from_str(&fixture_text(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A vc-di-eddsa vector file, read whole.
pub fn vector_text(path: &str) -> String {
    fixture_text(&format!("{VECTORS}/{path}"))
}

/// A vc-di-eddsa vector file, parsed as JSON.
pub fn vector_json(path: &str) -> Value {
    fixture_json(&format!("{VECTORS}/{path}"))
}

/// Lower-case hex, as the vectors print hashes and signatures.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The vectors' key pair (`keyPair.json`).
pub fn vector_keypair() -> Keypair {
    let pair = vector_json("keyPair.json");
    Keypair::from_secret_multibase(pair["privateKeyMultibase"].as_str().expect("secret"))
        .expect("key pair decodes")
}

/// The `did:key` verification method id of `key` (`did:key:z…#z…`).
pub fn method_id(key: &Keypair) -> String {
    let public = key.public_key();
    format!("{}#{}", public.to_did_key(), public.to_multibase())
}

/// 2025-06-01T00:00:00Z: inside the validity of every vector and fixture credential.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 6, 1, 0, 0, 0)
        .single()
        .expect("date")
}
