//! Open Badges 2.0 test fixtures: the documents of a fictional district issuer, hosted and signed
//! assertions, and the same assertions baked into PNG and SVG badges, all made here from two
//! test-only RSA keys (`fixtures/ob2/keys/`, generated from fixed seeds by `write_fixtures`).
//!
//! `fixtures/ob2/` holds exactly what [`generate`] returns; `ob2_fixtures.rs` checks they agree
//! (RS256 signatures are deterministic) and rewrites them with `--ignored write_fixtures`.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, TimeZone, Utc};
use rsa::RsaPrivateKey;
use rsa::pkcs1v15::SigningKey;
use rsa::pkcs8::{DecodePrivateKey, EncodePublicKey, LineEnding};
use rsa::signature::{SignatureEncoding, Signer};
use serde_json::{Value, json};
use sha2::Sha256;

pub const ISSUER: &str = "https://badges.district.example/issuer";
pub const OTHER_ISSUER: &str = "https://other.example/issuer";
pub const BADGE: &str = "https://badges.district.example/badges/feedback";
pub const KEY: &str = "https://badges.district.example/keys/1";
pub const OTHER_KEY: &str = "https://other.example/keys/1";
pub const REVOCATIONS: &str = "https://badges.district.example/revocations";
pub const HOSTED: &str = "https://badges.district.example/assertions/1001";
pub const SIGNED_ID: &str = "urn:uuid:2f0c7a5e-5d1b-4c8e-9f3a-8b6d1e4a7c21";
pub const REVOKED_ID: &str = "urn:uuid:9b1e3c4d-2a6f-4b8e-8c7d-1f2e3a4b5c6d";
pub const RECIPIENT: &str = "teacher@example.org";
pub const SALT: &str = "s4lt-2024";

/// Seeds of the two test keys (ChaCha20).
pub const ISSUER_KEY_SEED: u64 = 20_240_901;
pub const OTHER_KEY_SEED: u64 = 20_240_902;

/// The verification time of the tests: after every issue date, before every expiry.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 15, 12, 0, 0).unwrap()
}

pub fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/ob2")
}

pub fn read(name: &str) -> Vec<u8> {
    std::fs::read(dir().join(name)).unwrap_or_else(|e| panic!("fixtures/ob2/{name}: {e}"))
}

pub fn read_json(name: &str) -> Value {
    serde_json::from_slice(&read(name)).unwrap()
}

pub fn private_key(name: &str) -> RsaPrivateKey {
    let pem = String::from_utf8(read(&format!("keys/{name}"))).unwrap();
    RsaPrivateKey::from_pkcs8_pem(&pem).unwrap()
}

/// A fresh 2048-bit key from a fixed seed (slow without optimisation: only `write_fixtures`).
pub fn generate_key(seed: u64) -> RsaPrivateKey {
    use rand_chacha::ChaCha20Rng;
    use rand_chacha::rand_core::SeedableRng;
    RsaPrivateKey::new(&mut ChaCha20Rng::seed_from_u64(seed), 2048).unwrap()
}

pub fn public_pem(key: &RsaPrivateKey) -> String {
    key.to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .unwrap()
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A compact JWS of `payload` with `header`, RS256-signed by `key`.
pub fn sign(header: &Value, payload: &Value, key: &RsaPrivateKey) -> String {
    let input = format!(
        "{}.{}",
        b64(header.to_string().as_bytes()),
        b64(payload.to_string().as_bytes())
    );
    let signature = SigningKey::<Sha256>::new(key.clone()).sign(input.as_bytes());
    format!("{input}.{}", b64(&signature.to_bytes()))
}

pub fn rs256() -> Value {
    json!({"alg": "RS256"})
}

/// A compact JWS whose payload was swapped for `payload`, keeping the header and signature.
pub fn with_payload(token: &str, payload: &Value) -> String {
    let parts: Vec<&str> = token.split('.').collect();
    format!(
        "{}.{}.{}",
        parts[0],
        b64(payload.to_string().as_bytes()),
        parts[2]
    )
}

/// The payload of a compact JWS.
pub fn payload(token: &str) -> Value {
    let part = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
}

pub fn recipient() -> Value {
    json!({
        "type": "email",
        "hashed": true,
        "salt": SALT,
        "identity": openbadges::ob2::recipient::identity_hash(
            openbadges::ob2::recipient::HashAlgorithm::Sha256, RECIPIENT, SALT)
    })
}

pub fn issuer(public_key: Value) -> Value {
    json!({
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Issuer",
        "id": ISSUER,
        "name": "Example Unified School District",
        "url": "https://district.example",
        "email": "badges@district.example",
        "telephone": "+16175551212",
        "description": "Professional learning badges for district educators.",
        "image": "https://badges.district.example/issuer.png",
        "publicKey": public_key,
        "revocationList": REVOCATIONS,
        "verification": {
            "type": "VerificationObject",
            "allowedOrigins": ["badges.district.example"],
            "startsWith": ["https://badges.district.example/assertions/"]
        }
    })
}

pub fn key_document(id: &str, owner: &str, pem: &str) -> Value {
    json!({
        "@context": "https://w3id.org/openbadges/v2",
        "type": "CryptographicKey",
        "id": id,
        "owner": owner,
        "publicKeyPem": pem
    })
}

pub fn badge_class() -> Value {
    json!({
        "@context": "https://w3id.org/openbadges/v2",
        "type": "BadgeClass",
        "id": BADGE,
        "name": "Feedback That Moves Learning",
        "description": "Gives timely, specific feedback that students act on.",
        "image": {"id": "https://badges.district.example/badges/feedback.png", "caption": "A speech bubble"},
        "criteria": {
            "id": "https://badges.district.example/badges/feedback/criteria",
            "narrative": "Submit three lessons with written feedback and the students' revisions."
        },
        "issuer": ISSUER,
        "alignment": [{
            "targetName": "InTASC Standard 6: Assessment",
            "targetUrl": "https://ccsso.org/intasc/6",
            "targetDescription": "Uses multiple methods of assessment.",
            "targetFramework": "InTASC",
            "targetCode": "6"
        }],
        "tags": ["feedback", "assessment"]
    })
}

pub fn hosted_assertion() -> Value {
    json!({
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "id": HOSTED,
        "recipient": recipient(),
        "badge": BADGE,
        "verification": {"type": "hosted"},
        "issuedOn": "2024-09-01T15:30:00-04:00",
        "evidence": [{
            "id": "https://portfolio.example/teacher/feedback-unit",
            "name": "Fractions unit with feedback",
            "narrative": "Three lessons, feedback and revisions."
        }],
        "narrative": "Observed in the fall 2024 cycle."
    })
}

pub fn signed_assertion(id: &str) -> Value {
    json!({
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "id": id,
        "recipient": recipient(),
        "badge": BADGE,
        "verification": {"type": "SignedBadge", "creator": KEY},
        "issuedOn": "2024-09-01T19:30:00Z",
        "expires": "2027-09-01T00:00:00Z"
    })
}

pub fn revocation_list() -> Value {
    json!({
        "@context": "https://w3id.org/openbadges/v2",
        "type": "RevocationList",
        "id": REVOCATIONS,
        "issuer": ISSUER,
        "revokedAssertions": [
            "urn:uuid:00000000-0000-4000-8000-000000000000",
            {"id": REVOKED_ID, "revocationReason": "Issued to the wrong teacher"}
        ]
    })
}

/// A PNG text chunk (type, data) with its length and CRC.
pub fn png_chunk(ty: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + 12);
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(ty);
    out.extend_from_slice(data);
    let mut crc = crc32fast::Hasher::new();
    crc.update(ty);
    crc.update(data);
    out.extend_from_slice(&crc.finalize().to_be_bytes());
    out
}

/// Bakes `text` the OB 2.0 way (openbadges-bakery's layout): an `iTXt` (or, for the pre-2013
/// form, `tEXt`) chunk with keyword `openbadges` right after `IHDR`.
pub fn bake_png(image: &[u8], text: &str, itxt: bool) -> Vec<u8> {
    let chunk = if itxt {
        png_chunk(
            b"iTXt",
            &[b"openbadges\0\0\0\0\0", text.as_bytes()].concat(),
        )
    } else {
        png_chunk(b"tEXt", &[b"openbadges\0", text.as_bytes()].concat())
    };
    let after_ihdr = 8 + 8 + 13 + 4;
    [&image[..after_ihdr], &chunk, &image[after_ihdr..]].concat()
}

/// Bakes the OB 2.0 way: `<openbadges:assertion verify="…">` first in the root, the hosted JSON
/// (if any) in CDATA.
pub fn bake_svg(verify: &str, body: Option<&str>) -> Vec<u8> {
    let element = match body {
        Some(json) => format!(
            "<openbadges:assertion verify=\"{verify}\"><![CDATA[{json}]]></openbadges:assertion>"
        ),
        None => format!("<openbadges:assertion verify=\"{verify}\"/>"),
    };
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:openbadges=\"http://openbadges.org\" width=\"8\" height=\"8\">\n  {element}\n  <rect width=\"8\" height=\"8\" fill=\"teal\"/>\n</svg>\n"
    )
    .into_bytes()
}

pub fn base_png() -> Vec<u8> {
    std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/images/palette-8x8.png"))
        .unwrap()
}

fn pretty(value: &Value) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(value).unwrap();
    out.push(b'\n');
    out
}

/// Every fixture file (name → bytes), made from the two keys.
pub fn generate(
    issuer_key: &RsaPrivateKey,
    other_key: &RsaPrivateKey,
) -> BTreeMap<String, Vec<u8>> {
    let issuer_pem = public_pem(issuer_key);
    let other_pem = public_pem(other_key);
    let signed = sign(&rs256(), &signed_assertion(SIGNED_ID), issuer_key);
    let revoked = sign(&rs256(), &signed_assertion(REVOKED_ID), issuer_key);
    let by_other_key = sign(&rs256(), &signed_assertion(SIGNED_ID), other_key);
    let mut unowned = signed_assertion(SIGNED_ID);
    unowned["verification"]["creator"] = json!(OTHER_KEY);
    let unowned = sign(&rs256(), &unowned, other_key);
    let hosted = hosted_assertion();
    let hosted_text = serde_json::to_string(&hosted).unwrap();
    let png = base_png();

    let mut files = BTreeMap::new();
    let mut put = |name: &str, bytes: Vec<u8>| {
        files.insert(name.to_owned(), bytes);
    };
    put("documents/issuer.json", pretty(&issuer(json!([KEY]))));
    put(
        "documents/key.json",
        pretty(&key_document(KEY, ISSUER, &issuer_pem)),
    );
    put(
        "documents/other-key.json",
        pretty(&key_document(OTHER_KEY, OTHER_ISSUER, &other_pem)),
    );
    put("documents/badgeclass.json", pretty(&badge_class()));
    put("documents/revocation-list.json", pretty(&revocation_list()));
    put("documents/hosted-assertion.json", pretty(&hosted));
    put("hosted-assertion.json", pretty(&hosted));
    put("signed-assertion.jws", format!("{signed}\n").into_bytes());
    put("revoked-assertion.jws", format!("{revoked}\n").into_bytes());
    put(
        "signed-by-other-key.jws",
        format!("{by_other_key}\n").into_bytes(),
    );
    put(
        "signed-by-unowned-key.jws",
        format!("{unowned}\n").into_bytes(),
    );
    put("baked/hosted-json.png", bake_png(&png, &hosted_text, true));
    put("baked/hosted-url.png", bake_png(&png, HOSTED, false));
    put("baked/signed-jws.png", bake_png(&png, &signed, true));
    put(
        "baked/hosted-json.svg",
        bake_svg(HOSTED, Some(&hosted_text)),
    );
    put("baked/hosted-url.svg", bake_svg(HOSTED, None));
    put("baked/signed-jws.svg", bake_svg(&signed, None));
    files
}

/// The committed documents (`fixtures/ob2/documents/`), keyed by their `id`.
pub fn documents() -> HashMap<String, Value> {
    let mut documents = HashMap::new();
    for name in [
        "issuer",
        "key",
        "other-key",
        "badgeclass",
        "revocation-list",
        "hosted-assertion",
    ] {
        let document = read_json(&format!("documents/{name}.json"));
        let id = document["id"].as_str().unwrap().to_owned();
        documents.insert(id, document);
    }
    documents
}

/// The committed signed assertion's compact JWS.
pub fn signed_jws() -> String {
    String::from_utf8(read("signed-assertion.jws"))
        .unwrap()
        .trim()
        .to_owned()
}
