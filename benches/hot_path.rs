//! The hot path of a badge verifier/issuer, on one typical Open Badges 3.0 credential
//! (`fixtures/bench/typical-credential.json`: ~3.3 KB compact JSON, 71 quads).
//!
//! `cargo bench --bench hot_path` (add `--features jose` for the josekit baseline).
//!
//! The benchmark ids are a contract other tools read; do not rename them:
//! `canonicalize/{ours,oxrdf}`, `proof/<suite>/{sign,verify}` for `eddsa-rdfc-2022`,
//! `eddsa-jcs-2022`, `ed25519-signature-2020`, `ed25519-raw` and `vc-jwt-eddsa`,
//! `proof/{vc-jwt-es256,vc-jwt-rs256}/verify`, `bake/unbake-png`, `status/check`,
//! `verify/{json,png,presentation-3}` (`presentation-3`: a holder's eddsa-rdfc-2022 presentation
//! of three such badges, the holder's proof and each badge verified),
//! `verify/{ob2-signed,ob2-hosted}`, `verify/all-1000` (1,000 badges through
//! `Verifier::verify_all` on every core) and `verify/all-1000-single` (the same on one thread).
//! `baseline/*` ids (feature `jose`) are extra reference points (josekit doing a bare EdDSA JWT of
//! the same payload).
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

fn vc_jwt(c: &mut Criterion) {
    use openbadges::jwt::{self, KeyReference, SignOptions, SigningKey, VerifyOptions};

    let key = Keypair::from_seed(&SEED);
    let document = credential(&key);
    let kid = key.public_key().to_did_key_method_id();
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

    // ES256 and RS256: the same credential issued by the did:jwk of the fixture key (resolved
    // offline, like the did:key above), so each verify includes the same key lookup and checks.
    for (group_name, token) in [
        ("proof/vc-jwt-es256", es256_token()),
        ("proof/vc-jwt-rs256", rs256_token()),
    ] {
        jwt::verify(&token, &BuiltinResolver, &verify_options).expect("verifies");
        let mut group = c.benchmark_group(group_name);
        group.bench_function("verify", |b| {
            b.iter(|| jwt::verify(black_box(&token), &BuiltinResolver, &verify_options))
        });
        group.finish();
    }

    #[cfg(feature = "jose")]
    josekit_baseline(c, &token, &kid);
}

/// `fixtures/jwt/<name>.jwk.json`.
fn jwk_fixture(name: &str) -> Value {
    let path = format!(
        "{}/fixtures/jwt/{name}.jwk.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_slice(&std::fs::read(path).expect("fixture")).expect("JSON")
}

/// The typical credential issued by the did:jwk of `public_jwk`, and that `did:jwk…#0` kid.
fn did_jwk_credential(public_jwk: &Value) -> (Value, String) {
    let did = openbadges::keys::encode_did_jwk(public_jwk).expect("did:jwk");
    let mut document: Value = serde_json::from_str(CREDENTIAL).expect("fixture is JSON");
    document["issuer"]["id"] = Value::String(did.clone());
    (document, format!("{did}#0"))
}

fn es256_token() -> String {
    use openbadges::jwt::{self, KeyReference, SignOptions, SigningKey};
    let key = SigningKey::from_jwk(&jwk_fixture("p256-private")).expect("P-256 key");
    let (document, kid) = did_jwk_credential(&Value::Object(key.public_jwk().clone()));
    jwt::sign(&document, &key, &SignOptions::new(KeyReference::Kid(kid))).expect("signs")
}

/// Signed with RustCrypto's RSA here (RS256 signing in the library needs `jose`); verification,
/// which is what is measured, is the library's own.
fn rs256_token() -> String {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use openbadges::jwt::{self, KeyReference, SignOptions, SigningKey};
    let private = jwk_fixture("rsa2048-private");
    let int = |name: &str| {
        rsa::BigUint::from_bytes_be(
            &URL_SAFE_NO_PAD
                .decode(private[name].as_str().expect("member"))
                .expect("base64url"),
        )
    };
    let public = serde_json::json!({"kty": "RSA", "n": private["n"], "e": private["e"]});
    let (document, kid) = did_jwk_credential(&public);
    // The payload of any token of this credential is the same; take it from an EdDSA one.
    let any_key = SigningKey::from_ed25519_seed(&SEED);
    let unsigned = jwt::sign(
        &document,
        &any_key,
        &SignOptions::new(KeyReference::EmbeddedJwk),
    )
    .expect("signs");
    let payload = unsigned.split('.').nth(1).expect("payload");
    let header = serde_json::json!({"alg": "RS256", "typ": "JWT", "kid": kid});
    let input = format!(
        "{}.{payload}",
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(&header).expect("JSON"))
    );
    let key =
        rsa::RsaPrivateKey::from_components(int("n"), int("e"), int("d"), vec![int("p"), int("q")])
            .expect("RSA key");
    let signer = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(key);
    let signature: rsa::pkcs1v15::Signature =
        rsa::signature::Signer::sign(&signer, input.as_bytes());
    format!(
        "{input}.{}",
        URL_SAFE_NO_PAD.encode(Box::<[u8]>::from(signature))
    )
}

/// Baseline: josekit alone signing/verifying the same payload (no claim or key-binding checks).
#[cfg(feature = "jose")]
fn josekit_baseline(c: &mut Criterion, token: &str, kid: &str) {
    use josekit::jwk::Jwk;
    use josekit::jws::{EdDSA, JwsHeader};
    use josekit::jwt::{self as jose_jwt, JwtPayload};

    let private_jwk = Keypair::from_seed(&SEED).to_private_jwk();
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
    header.set_key_id(kid);
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

    // A holder's presentation (eddsa-rdfc-2022, challenge and domain) of three badges of the
    // typical shape, as a real portfolio holds them: three achievements, each credential with its
    // own id, date and recipient salt.
    let holder = openbadges::present::Holder::did_key(Keypair::from_seed(&[8; 32]));
    let badges: Vec<openbadges::present::PresentedCredential> = (1..=3)
        .map(|n| {
            let mut badge = credential(&key);
            badge["id"] = Value::String(format!("urn:uuid:0e3c6f0a-1b2c-4d5e-8f90-a1b2c3d4e5f{n}"));
            badge["validFrom"] = Value::String(format!("2024-0{n}-01T09:00:00Z"));
            let subject = &mut badge["credentialSubject"];
            subject["identifier"][0]["salt"] = Value::String(format!("portfolio-salt-{n}"));
            let achievement = &mut subject["achievement"];
            achievement["id"] = Value::String(format!(
                "https://northwind.example.edu/achievements/portfolio-{n}"
            ));
            achievement["name"] = Value::String(format!("Portfolio Achievement {n}"));
            let signed = suite.sign(&badge, &sign_options, &key).expect("signs");
            openbadges::present::PresentedCredential::Json(signed)
        })
        .collect();
    let presentation = holder
        .present(
            &badges,
            &openbadges::present::PresentOptions::new(
                "bench-challenge",
                "https://verifier.example",
                now(),
            ),
        )
        .expect("presents");
    let presentation = serde_json::to_vec(&presentation).expect("serializes");
    let expected = openbadges::verify::PresentationOptions::new()
        .challenge("bench-challenge")
        .domain("https://verifier.example");
    let report = verifier.verify_presentation(&presentation, &expected);
    assert!(report.is_verified(), "{}", report.to_json());

    let mut group = c.benchmark_group("verify");
    group.bench_function("json", |b| b.iter(|| verifier.verify(black_box(&json))));
    group.bench_function("png", |b| b.iter(|| verifier.verify(black_box(&baked))));
    group.bench_function("presentation-3", |b| {
        b.iter(|| verifier.verify_presentation(black_box(&presentation), &expected))
    });
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

/// Open Badges 2.0 through the same `verify`: the signed assertion (compact JWS, RS256 with the
/// issuer's 2048-bit key) and the hosted assertion (JSON compared with the hosted copy, issuer
/// hosting rules), both checked against the issuer's revocation list, with the documents
/// (BadgeClass, issuer, key, list, hosted copy) already loaded from `fixtures/ob2/documents`.
fn verify_ob2(c: &mut Criterion) {
    use openbadges::documents::DocumentStore;
    use openbadges::verify::{Outcome, Verifier, VerifyOptions as BadgeVerifyOptions};

    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ob2");
    let documents = DocumentStore::load_dir(&root.join("documents")).expect("documents");
    let at = Utc.with_ymd_and_hms(2026, 1, 15, 12, 0, 0).unwrap();
    let verifier = Verifier::new(BadgeVerifyOptions::new(at)).with_documents(documents);
    let signed = std::fs::read(root.join("signed-assertion.jws")).expect("signed");
    let hosted = std::fs::read(root.join("hosted-assertion.json")).expect("hosted");
    for bytes in [&signed, &hosted] {
        let report = verifier.verify(bytes);
        assert_eq!(report.outcome(), Outcome::Verified, "{}", report.to_json());
    }

    let mut group = c.benchmark_group("verify");
    group.bench_function("ob2-signed", |b| {
        b.iter(|| verifier.verify(black_box(&signed)))
    });
    group.bench_function("ob2-hosted", |b| {
        b.iter(|| verifier.verify(black_box(&hosted)))
    });
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
    targets = canonicalize, data_integrity, vc_jwt, bake_and_status, verify_badge, verify_ob2
}
criterion_main!(benches);
