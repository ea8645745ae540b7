//! The hot path of a badge verifier/issuer, on one typical Open Badges 3.0 credential
//! (`fixtures/bench/typical-credential.json`: ~3.3 KB compact JSON, 71 quads).
//!
//! `cargo bench --bench hot_path` (add `--no-default-features` to leave out VC-JWT).
//!
//! The benchmark ids are a contract other tools read; do not rename them:
//! `canonicalize/{ours,oxrdf}`, `proof/<suite>/{sign,verify}` for `eddsa-rdfc-2022`,
//! `eddsa-jcs-2022`, `ed25519-signature-2020`, `ed25519-raw` and (feature `jose`)
//! `vc-jwt-eddsa`, `bake/unbake-png`, `status/check`, `verify/{json,png}`, `verify/all-1000` (1,000 badges
//! through `Verifier::verify_all` on every core) and `verify/all-1000-single` (the same on one
//! thread). `baseline/*` ids are extra reference
//! points (josekit doing a bare EdDSA JWT of the same payload).
//!
//! Every JSON-LD step runs with a warm processed-context cache (`Processor::bundled()` is
//! exercised once before measuring). The `oxrdf` reference goes from JSON bytes (its only
//! input form) and its parser keeps a context cache per parser only, so it re-processes the
//! contexts on every run: that is the cost a caller of oxjsonld pays.

use std::hint::black_box;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use ed25519_dalek::{Signer as _, SigningKey as DalekSigningKey};
use openbadges::bake::{self, Payload};
use openbadges::jsonld::{Options, Processor, bundled_documents};
use openbadges::keys::{BuiltinResolver, Keypair};
use openbadges::proof::{self, Cryptosuite, EddsaJcs2022, ProofOptions, RdfSuite, VerifyOptions};
use openbadges::rdfc::{CanonicalizationOptions, canonicalize_to_string};
use openbadges::status::{
    BitstringStatusListEntry, DecodedStatusList, StatusList, StatusListConfig,
};
use oxjsonld::{JsonLdParser, JsonLdRemoteDocument};
use oxrdf::Dataset;
use oxrdf::dataset::{CanonicalizationAlgorithm, CanonicalizationHashAlgorithm};
use serde_json::Value;

const CREDENTIAL: &str = include_str!("../fixtures/bench/typical-credential.json");
const SEED: [u8; 32] = [7; 32];

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0)
        .single()
        .expect("valid time")
}

/// The typical credential, issued by the did:key of [`SEED`].
fn credential(key: &Keypair) -> Value {
    let mut credential: Value = serde_json::from_str(CREDENTIAL).expect("fixture is JSON");
    credential["issuer"]["id"] = Value::String(key.public_key().to_did_key());
    credential
}

fn canonicalize(c: &mut Criterion) {
    let key = Keypair::from_seed(&SEED);
    let document = credential(&key);
    let bytes = serde_json::to_vec(&document).expect("serializes");
    let processor = Processor::bundled();
    let options = Options::default();
    let canon = CanonicalizationOptions::default();
    let ours = || -> String {
        let quads = processor
            .to_rdf(black_box(&document), &options)
            .expect("toRdf");
        canonicalize_to_string(&quads, &canon).expect("RDFC-1.0")
    };
    let reference = ours();
    assert_eq!(reference, oxigraph_canonical(&bytes), "references disagree");

    let mut group = c.benchmark_group("canonicalize");
    group.bench_function("ours", |b| b.iter(ours));
    group.bench_function("oxrdf", |b| {
        b.iter(|| oxigraph_canonical(black_box(&bytes)))
    });
    group.finish();
}

/// Oxigraph: oxjsonld (contexts from the bundled set) → `Dataset` → RDFC-1.0 → sorted N-Quads.
fn oxigraph_canonical(json: &[u8]) -> String {
    let parser = JsonLdParser::new()
        .for_slice(json)
        .with_load_document_callback(|url, _options| {
            bundled_documents()
                .find(|(known, _, _)| *known == url)
                .map(|(known, _, bytes)| JsonLdRemoteDocument {
                    document: bytes.to_vec(),
                    document_url: known.to_owned(),
                })
                .ok_or_else(|| format!("context not bundled: {url}").into())
        });
    let mut dataset = Dataset::new();
    for quad in parser {
        dataset.insert(&quad.expect("oxjsonld parses"));
    }
    dataset.canonicalize(CanonicalizationAlgorithm::Rdfc10 {
        hash_algorithm: CanonicalizationHashAlgorithm::Sha256,
    });
    let mut lines: Vec<String> = dataset.iter().map(|q| format!("{q} .\n")).collect();
    lines.sort_unstable();
    lines.dedup();
    lines.concat()
}

fn data_integrity(c: &mut Criterion) {
    let key = Keypair::from_seed(&SEED);
    let document = credential(&key);
    let method = key.public_key().to_did_key_method_id();
    let sign_options = ProofOptions::new(method, now());
    let verify_options = VerifyOptions::new(now());
    let rdfc = RdfSuite::eddsa_rdfc_2022(Processor::bundled());
    let ed2020 = RdfSuite::ed25519_signature_2020(Processor::bundled());
    let suites: [(&str, &dyn Cryptosuite, Value); 3] = [
        ("eddsa-rdfc-2022", &rdfc, document.clone()),
        ("eddsa-jcs-2022", &EddsaJcs2022, document.clone()),
        ("ed25519-signature-2020", &ed2020, {
            // Ed25519Signature2020 proofs need their suite context on the document.
            let mut legacy = document.clone();
            if let Some(contexts) = legacy["@context"].as_array_mut() {
                contexts.push("https://w3id.org/security/suites/ed25519-2020/v1".into());
            }
            legacy
        }),
    ];
    for (name, suite, document) in suites {
        let signed = suite.sign(&document, &sign_options, &key).expect("signs");
        proof::verify(&signed, &[suite], &BuiltinResolver, &verify_options).expect("verifies");
        let mut group = c.benchmark_group(format!("proof/{name}"));
        group.bench_function("sign", |b| {
            b.iter(|| suite.sign(black_box(&document), &sign_options, &key))
        });
        group.bench_function("verify", |b| {
            b.iter(|| {
                proof::verify(
                    black_box(&signed),
                    &[suite],
                    &BuiltinResolver,
                    &verify_options,
                )
            })
        });
        group.finish();
    }

    let raw = DalekSigningKey::from_bytes(&SEED);
    let public = raw.verifying_key();
    let message = [0x5a_u8; 64];
    let signature = raw.sign(&message);
    let mut group = c.benchmark_group("proof/ed25519-raw");
    group.bench_function("sign", |b| b.iter(|| raw.sign(black_box(&message))));
    // Strict verification, as `keys::PublicKey::verify` (and so every proof check) does.
    group.bench_function("verify", |b| {
        b.iter(|| public.verify_strict(black_box(&message), &signature))
    });
    group.finish();
}

#[cfg(feature = "jose")]
fn vc_jwt(c: &mut Criterion) {
    use josekit::jwk::Jwk;
    use josekit::jws::{EdDSA, JwsHeader};
    use josekit::jwt::{self as jose_jwt, JwtPayload};
    use openbadges::jwt::{self, KeyReference, SignOptions, SigningKey, VerifyOptions};

    let key = Keypair::from_seed(&SEED);
    let document = credential(&key);
    let kid = key.public_key().to_did_key_method_id();
    let private_jwk = key.to_private_jwk();
    let signing_key = SigningKey::from_keypair(key);
    let options = SignOptions::new(KeyReference::Kid(kid.clone()));
    let verify_options = VerifyOptions::default();
    let token = jwt::sign(&document, &signing_key, &options).expect("signs");
    jwt::verify(&token, &BuiltinResolver, &verify_options).expect("verifies");

    let mut group = c.benchmark_group("proof/vc-jwt-eddsa");
    group.bench_function("sign", |b| {
        b.iter(|| jwt::sign(black_box(&document), &signing_key, &options))
    });
    group.bench_function("verify", |b| {
        b.iter(|| jwt::verify(black_box(&token), &BuiltinResolver, &verify_options))
    });
    group.finish();

    // Baseline: josekit alone signing/verifying the same payload (no claim or key-binding checks).
    let jwk_map = private_jwk
        .as_object()
        .cloned()
        .expect("a JWK is an object");
    let jwk = Jwk::from_map(jwk_map).expect("josekit reads the JWK");
    let signer = EdDSA.signer_from_jwk(&jwk).expect("signer");
    let verifier = EdDSA.verifier_from_jwk(&jwk).expect("verifier");
    let payload_part = token.split('.').nth(1).expect("payload");
    let payload_bytes = base64::Engine::decode(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        payload_part,
    )
    .expect("base64url");
    let payload_map: serde_json::Map<String, Value> =
        serde_json::from_slice(&payload_bytes).expect("JSON");
    let mut header = JwsHeader::new();
    header.set_token_type("JWT");
    header.set_key_id(&kid);
    let payload = JwtPayload::from_map(payload_map.clone()).expect("payload");
    let jose_token = jose_jwt::encode_with_signer(&payload, &header, &signer).expect("encodes");
    let mut group = c.benchmark_group("baseline");
    group.bench_function("josekit-jwt-eddsa-sign", |b| {
        b.iter(|| {
            let payload = JwtPayload::from_map(black_box(&payload_map).clone()).expect("payload");
            jose_jwt::encode_with_signer(&payload, &header, &signer)
        })
    });
    group.bench_function("josekit-jwt-eddsa-verify", |b| {
        b.iter(|| jose_jwt::decode_with_verifier(black_box(&jose_token), &verifier))
    });
    group.finish();
}

#[cfg(not(feature = "jose"))]
fn vc_jwt(_: &mut Criterion) {}

/// A ~50 KB RGBA PNG of deterministic noise (incompressible, so the file stays big).
fn noisy_png() -> Vec<u8> {
    let (width, height) = (112u32, 112u32);
    let mut state = 2u64;
    let pixels: Vec<u8> = (0..width * height * 4)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().expect("header");
    writer.write_image_data(&pixels).expect("pixels");
    writer.finish().expect("finish");
    out
}

fn bake_and_status(c: &mut Criterion) {
    let key = Keypair::from_seed(&SEED);
    let image = noisy_png();
    assert!(
        (45_000..=60_000).contains(&image.len()),
        "{} bytes",
        image.len()
    );
    let payload = Payload::Json(credential(&key).to_string());
    let baked = bake::bake(&image, &payload).expect("bakes");
    assert_eq!(bake::unbake(&baked).expect("unbakes").payload, payload);
    let mut group = c.benchmark_group("bake");
    group.bench_function("unbake-png", |b| b.iter(|| bake::unbake(black_box(&baked))));
    group.finish();

    // A 131,072-entry revocation list (the minimum size), 1,000 entries revoked; decoded once.
    let mut list =
        StatusList::new(StatusListConfig::revocation().with_seed([3; 32])).expect("list");
    let mut last = 0;
    for _ in 0..1_000 {
        last = list.allocate().expect("index");
        list.set(last, true).expect("revokes");
    }
    let url = "https://northwind.example.edu/status/3";
    let credential = list.to_credential("did:example:issuer", url, now(), None);
    let entry = BitstringStatusListEntry::from_value(
        &list.credential_status_entry(last, url).expect("entry"),
    )
    .expect("parses");
    let decoded = DecodedStatusList::from_credential(&credential).expect("decodes");
    assert!(decoded.status_of(&entry).expect("looks up").is_set());
    let mut group = c.benchmark_group("status");
    group.bench_function("check", |b| b.iter(|| decoded.status_of(black_box(&entry))));
    group.finish();
}

/// The whole `verify` call (parse, contexts, OB 3.0 model, proof, issuer binding, validity,
/// status list — itself verified — and display view) on the typical badge signed with
/// eddsa-rdfc-2022, as JSON bytes and baked into the 50 KB PNG.
fn verify_badge(c: &mut Criterion) {
    use openbadges::verify::{Outcome, Verifier, VerifyOptions as BadgeVerifyOptions};

    let key = Keypair::from_seed(&SEED);
    let issuer = key.public_key().to_did_key();
    let method = key.public_key().to_did_key_method_id();
    let suite = RdfSuite::eddsa_rdfc_2022(Processor::bundled());
    let sign_options = ProofOptions::new(method, now());
    let signed = suite
        .sign(&credential(&key), &sign_options, &key)
        .expect("signs");
    let json = serde_json::to_vec(&signed).expect("serializes");
    let baked = bake::bake(&noisy_png(), &Payload::Json(signed.to_string())).expect("bakes");

    // The status list the credential points to (index 94567 not revoked), signed by the issuer.
    let url = signed["credentialStatus"]["statusListCredential"]
        .as_str()
        .expect("status list URL")
        .to_owned();
    let list = StatusList::new(StatusListConfig::revocation().with_seed([5; 32])).expect("list");
    let list_credential = suite
        .sign(
            &list.to_credential(&issuer, &url, now(), None),
            &sign_options,
            &key,
        )
        .expect("signs the list");
    let mut verifier = Verifier::new(BadgeVerifyOptions::new(now()));
    verifier.add_status_list(url, list_credential);
    for bytes in [&json, &baked] {
        let report = verifier.verify(bytes);
        assert_eq!(report.outcome(), Outcome::Verified, "{}", report.to_json());
    }

    let mut group = c.benchmark_group("verify");
    group.bench_function("json", |b| b.iter(|| verifier.verify(black_box(&json))));
    group.bench_function("png", |b| b.iter(|| verifier.verify(black_box(&baked))));
    group.finish();

    // A catalogue: 1,000 typical badges (distinct ids, same issuer and status list) through
    // `verify_all`, on every core and on one thread.
    let catalogue: Vec<Vec<u8>> = (0..1000u32)
        .map(|n| {
            let mut badge = credential(&key);
            badge["id"] = Value::String(format!("urn:uuid:6a3d2a39-6f09-4c5b-9a43-{n:012}"));
            let signed = suite.sign(&badge, &sign_options, &key).expect("signs");
            serde_json::to_vec(&signed).expect("serializes")
        })
        .collect();
    let verify_catalogue = |jobs: usize| {
        let mut verified = 0usize;
        verifier
            .batch()
            .jobs(jobs)
            .verify_all(black_box(&catalogue), |_, report| {
                verified += usize::from(report.is_verified());
            });
        assert_eq!(verified, catalogue.len());
    };
    let mut group = c.benchmark_group("verify");
    group.sample_size(10);
    group.throughput(criterion::Throughput::Elements(catalogue.len() as u64));
    group.bench_function("all-1000", |b| b.iter(|| verify_catalogue(0)));
    group.bench_function("all-1000-single", |b| b.iter(|| verify_catalogue(1)));
    group.finish();
}

fn quick() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30)
}

criterion_group! {
    name = benches;
    config = quick();
    targets = canonicalize, data_integrity, vc_jwt, bake_and_status, verify_badge
}
criterion_main!(benches);
