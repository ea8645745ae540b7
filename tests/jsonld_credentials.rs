//! JSON-LD → RDF of real credentials, bundled-context pinning, safe mode and limits.

mod jsonld_support;

use jsonld_support::canonical;
use openbadges::jsonld::{
    BundledLoader, ChainLoader, ErrorCode, Limits, Options, Processor, StaticLoader,
    bundled_documents,
};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/fixtures/jsonld-credentials/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn check_credential(doc: &str, canon: &str) {
    let doc: Value = serde_json::from_str(&fixture(doc)).unwrap();
    let quads = Processor::bundled()
        .to_rdf(&doc, &Options::default())
        .unwrap();
    // Byte-exact against the published canonical document.
    assert_eq!(canonical(&quads), fixture(canon));
}

#[test]
fn vc_di_eddsa_alumni_credential_matches_canonical_nquads() {
    check_credential(
        "vc-di-eddsa-unsigned.json",
        "vc-di-eddsa-canonDocDataInt.nq",
    );
}

#[test]
fn open_badge_credential_matches_canonical_nquads() {
    check_credential("ob3-unsigned.json", "ob3-document-canon.nq");
}

#[test]
fn clr_credential_matches_canonical_nquads() {
    check_credential("clr2-unsigned.json", "clr2-document-canon.nq");
}

#[test]
fn proof_configurations_match_canonical_nquads() {
    for (doc, canon) in [
        (
            "vc-di-eddsa-proofConfigDataInt.json",
            "vc-di-eddsa-proofCanonDataInt.nq",
        ),
        (
            "vc-di-eddsa-proofConfigEdSig.json",
            "vc-di-eddsa-proofCanonEdSig.nq",
        ),
        ("ob3-proofConfig.json", "ob3-proof-canon.nq"),
        ("clr2-proofConfig.json", "clr2-proof-canon.nq"),
    ] {
        check_credential(doc, canon);
    }
}

#[test]
fn ed25519_signature_2020_document_matches_canonical_nquads() {
    // The same credential under the extra Ed25519Signature2020 context.
    let mut doc: Value = serde_json::from_str(&fixture("vc-di-eddsa-unsigned.json")).unwrap();
    doc["@context"]
        .as_array_mut()
        .unwrap()
        .push(json!("https://w3id.org/security/suites/ed25519-2020/v1"));
    let quads = Processor::bundled()
        .to_rdf(&doc, &Options::default())
        .unwrap();
    assert_eq!(canonical(&quads), fixture("vc-di-eddsa-canonDocEdSig.nq"));
}

/// Credentials of `fixtures/credentials` that safe-mode toRdf rightly rejects,
/// with the error code expected.
const REJECTED: &[(&str, &str)] = &[
    // Uses https://w3id.org/citizenship/v4rc1, which is not bundled.
    (
        "vc-di-eddsa__TestVectors__employmentAuth.json",
        "loading remote context failed",
    ),
    (
        "vc-di-eddsa__TestVectors__eddsa-rdfc-2022__employ__signedDataInt.json",
        "loading remote context failed",
    ),
    // `proof.created`, `proofPurpose`, `proofValue` are undefined terms (no
    // suite context): JSON-LD would silently drop them.
    (
        "vc-test-suites__vc-data-model-2.0-test-suite__tests__input__credential-proof-ok.json",
        "safe mode violation",
    ),
    // An inline context wrapped in `{"@context": …}`: JSON-LD 1.1 says
    // "keyword redefinition" (W3C test expand/er56).
    (
        "vc-test-suites__data-integrity-test-suite-assertion__inputs__eddsa-rdfc-2022__1.1-previousProofArrayOk-SimpleSigned2.json",
        "keyword redefinition",
    ),
    (
        "vc-test-suites__data-integrity-test-suite-assertion__inputs__eddsa-rdfc-2022__1.1-previousProofStringOk-SimpleSigned2.json",
        "keyword redefinition",
    ),
    (
        "vc-test-suites__data-integrity-test-suite-assertion__inputs__eddsa-rdfc-2022__2.0-previousProofArrayOk-SimpleSigned2.json",
        "keyword redefinition",
    ),
    (
        "vc-test-suites__data-integrity-test-suite-assertion__inputs__eddsa-rdfc-2022__2.0-previousProofStringOk-SimpleSigned2.json",
        "keyword redefinition",
    ),
];

/// Every other credential of the shared vectors (`fixtures/credentials`)
/// converts to RDF in safe mode: nothing is silently dropped.
#[test]
fn vector_credentials_convert_in_safe_mode() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/credentials");
    let (mut ok, mut rejected) = (0, 0);
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        if !name.ends_with(".json") {
            continue;
        }
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let result = Processor::bundled().to_rdf(&doc, &Options::default());
        match REJECTED.iter().find(|(f, _)| *f == name) {
            Some((_, code)) => {
                assert_eq!(result.map_err(|e| e.code()).err(), Some(*code), "{name}");
                rejected += 1;
            }
            None => {
                let quads = result.unwrap_or_else(|e| panic!("{name}: {e}"));
                assert!(!quads.is_empty(), "{name}");
                ok += 1;
            }
        }
    }
    assert_eq!(rejected, REJECTED.len());
    assert!(ok >= 50, "only {ok} credentials converted");
}

#[test]
fn bundled_contexts_match_manifest_hashes() {
    let manifest = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src/jsonld/contexts/MANIFEST.md"
    ))
    .unwrap();
    let mut checked = 0;
    for (url, file, bytes) in bundled_documents() {
        let row = manifest
            .lines()
            .find(|l| l.starts_with(&format!("| `{file}` |")))
            .unwrap_or_else(|| panic!("{file} not in MANIFEST.md"));
        // Second URLs are abbreviated in the manifest ("also …/context/ob_v3p0.jsonld").
        let last = url.rsplit('/').next().unwrap();
        assert!(
            row.contains(url) || row.contains(&format!("/{last}")),
            "{url} not listed for {file}"
        );
        let prefix = row.split('`').nth(3).unwrap().trim_end_matches('…');
        assert!(prefix.len() >= 16, "{file}: {prefix}");
        let hex: String = Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert!(
            hex.starts_with(prefix),
            "{file}: sha256 {hex} does not start with {prefix}"
        );
        let on_disk = std::fs::read(format!(
            "{}/src/jsonld/contexts/{file}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        assert_eq!(on_disk, bytes);
        checked += 1;
    }
    assert_eq!(checked, 25, "23 files, two served under a second URL");
}

fn credential(extra: Value) -> Value {
    let mut doc = json!({
        "@context": ["https://www.w3.org/2018/credentials/v1"],
        "id": "urn:uuid:1",
        "type": ["VerifiableCredential"],
        "issuer": "did:example:issuer",
        "issuanceDate": "2024-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:subject"}
    });
    if let (Value::Object(d), Value::Object(e)) = (&mut doc, extra) {
        for (k, v) in e {
            d.insert(k, v);
        }
    }
    doc
}

#[test]
fn safe_mode_rejects_undefined_term_with_pointer() {
    let doc = credential(json!({"credentialSubject": {"id": "did:example:s", "nickname": "x"}}));
    let e = Processor::bundled()
        .to_rdf(&doc, &Options::default())
        .unwrap_err();
    assert_eq!(e.kind(), ErrorCode::SafeModeViolation);
    assert_eq!(e.pointer(), Some("/credentialSubject/nickname"));
    assert!(e.message().contains("nickname"), "{e}");
    // Without safe mode the term is silently dropped, as the spec says.
    let lax = Options {
        safe_mode: false,
        ..Options::default()
    };
    let quads = Processor::bundled().to_rdf(&doc, &lax).unwrap();
    assert!(quads.iter().all(|q| !format!("{q:?}").contains("nickname")));
}

#[test]
fn safe_mode_rejects_relative_ids_and_types() {
    let p = Processor::bundled();
    let doc = credential(json!({"id": "credentials/1"}));
    let e = p.to_rdf(&doc, &Options::default()).unwrap_err();
    assert_eq!(
        (e.kind(), e.pointer()),
        (ErrorCode::SafeModeViolation, Some("/id"))
    );

    let doc = credential(json!({"type": ["VerifiableCredential", "MyBadge"]}));
    let e = p.to_rdf(&doc, &Options::default()).unwrap_err();
    assert_eq!(
        (e.kind(), e.pointer()),
        (ErrorCode::SafeModeViolation, Some("/type"))
    );

    let doc = json!({"@context": {"@vocab": "https://example.com/#"}, "@id": "https://a.example/", "name": {"@value": "x", "@language": "not a tag"}});
    let e = p.to_rdf(&doc, &Options::default()).unwrap_err();
    assert_eq!(e.kind(), ErrorCode::SafeModeViolation);
    assert_eq!(e.pointer(), Some("/name"));

    // An absolute IRI that RDF cannot carry (a space) is caught at toRdf time.
    let doc = json!({"@context": {"@vocab": "https://example.com/#"}, "@id": "https://a.example/x y", "name": "n"});
    let e = p.to_rdf(&doc, &Options::default()).unwrap_err();
    assert_eq!(e.kind(), ErrorCode::SafeModeViolation);
    assert!(e.message().contains("x y"), "{e}");
    let lax = Options {
        safe_mode: false,
        ..Options::default()
    };
    assert!(p.to_rdf(&doc, &lax).unwrap().is_empty());
}

#[test]
fn unknown_context_is_an_error_naming_the_url() {
    let doc = json!({"@context": "https://example.com/unknown-context", "@id": "urn:x"});
    let e = Processor::bundled()
        .expand(&doc, &Options::default())
        .unwrap_err();
    assert_eq!(e.code(), "loading remote context failed");
    assert!(
        e.message().contains("https://example.com/unknown-context"),
        "{e}"
    );
    assert_eq!(e.pointer(), Some("/@context"));
}

#[test]
fn caller_registered_context_chained_with_bundled() {
    let mut extra = StaticLoader::new();
    extra.insert(
        "https://example.com/ext/v1",
        json!({"@context": {"nickname": "https://example.com/ext#nickname"}}),
    );
    let p = Processor::with_loader(ChainLoader::new(vec![
        Box::new(BundledLoader),
        Box::new(extra),
    ]));
    let mut doc =
        credential(json!({"credentialSubject": {"id": "did:example:s", "nickname": "x"}}));
    doc["@context"] = json!([
        "https://www.w3.org/2018/credentials/v1",
        "https://example.com/ext/v1"
    ]);
    let quads = p.to_rdf(&doc, &Options::default()).unwrap();
    assert!(
        quads
            .iter()
            .any(|q| format!("{q:?}").contains("https://example.com/ext#nickname"))
    );
}

#[test]
fn cyclic_and_recursive_contexts_are_typed_errors() {
    let p = Processor::bundled();
    let doc = json!({"@context": {"a": "b:x", "b": "a:y"}, "a": 1});
    let e = p.expand(&doc, &Options::default()).unwrap_err();
    assert_eq!(e.code(), "cyclic IRI mapping");

    let mut loader = StaticLoader::new();
    loader.insert(
        "https://example.com/self",
        json!({"@context": ["https://example.com/self"]}),
    );
    let e = Processor::with_loader(loader)
        .expand(
            &json!({"@context": "https://example.com/self"}),
            &Options::default(),
        )
        .unwrap_err();
    assert_eq!(e.code(), "recursive context inclusion");

    let doc = json!({
        "@context": {"@protected": true, "name": "https://a.example/name", "x": "https://a.example/x"},
        "x": {"@context": {"name": "https://b.example/name"}, "name": "v"}
    });
    let e = p.expand(&doc, &Options::default()).unwrap_err();
    assert_eq!(e.code(), "protected term redefinition");
}

#[test]
fn long_remote_context_chain_is_bounded() {
    let mut loader = StaticLoader::new();
    for i in 0..100 {
        loader.insert(
            format!("https://example.com/c{i}"),
            json!({"@context": [format!("https://example.com/c{}", i + 1)]}),
        );
    }
    loader.insert("https://example.com/c100", json!({"@context": {}}));
    let e = Processor::with_loader(loader)
        .expand(
            &json!({"@context": "https://example.com/c0"}),
            &Options::default(),
        )
        .unwrap_err();
    assert_eq!(e.kind(), ErrorCode::ContextOverflow);
}

/// `depth` levels of `template` with `leaf` at `pointer` (built without
/// `json!`, which would re-serialize the whole tree at every level).
fn nested(depth: usize, leaf: Value, template: Value, pointer: &str) -> Value {
    let mut v = leaf;
    for _ in 0..depth {
        let mut outer = template.clone();
        if let Some(slot) = outer.pointer_mut(pointer) {
            *slot = v;
        }
        v = outer;
    }
    v
}

#[test]
fn deep_document_nesting_errors_instead_of_overflowing_the_stack() {
    let run = || {
        let doc = nested(
            10_000,
            json!("leaf"),
            json!({"@context": {"@vocab": "https://example.com/"}, "p": null}),
            "/p",
        );
        let e = Processor::bundled()
            .to_rdf(&doc, &Options::default())
            .unwrap_err();
        assert_eq!(e.kind(), ErrorCode::LimitExceeded);
        assert!(e.pointer().unwrap().starts_with("/p/p/p"));
        // The same depth inside a JSON literal.
        let literal = nested(10_000, json!(1), json!({"x": null}), "/x");
        let mut lit_doc = json!({
            "@context": {"j": {"@id": "https://example.com/j", "@type": "@json"}},
            "@id": "urn:x",
            "j": null
        });
        lit_doc["j"] = literal;
        let e = Processor::bundled()
            .to_rdf(&lit_doc, &Options::default())
            .unwrap_err();
        assert_eq!(
            (e.kind(), e.pointer()),
            (ErrorCode::LimitExceeded, Some("/j"))
        );
        let mut v = lit_doc["j"].take();
        while let Some(inner) = v.get_mut("x").map(Value::take) {
            v = inner;
        }
        // Dismantle iteratively: serde_json drops values recursively.
        let mut v = doc;
        while let Some(inner) = v.get_mut("p").map(Value::take) {
            v = inner;
        }
    };
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(run)
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn deep_context_nesting_errors_instead_of_overflowing_the_stack() {
    let run = || {
        // A context nested 1,000 deep (scoped contexts inside scoped contexts).
        let ctx = nested(
            1_000,
            json!({}),
            json!({"t": {"@id": "https://example.com/t", "@context": null}}),
            "/t/@context",
        );
        let mut doc = json!({"@context": null});
        doc["@context"] = ctx;
        let e = Processor::bundled()
            .expand(&doc, &Options::default())
            .unwrap_err();
        assert_eq!(e.kind(), ErrorCode::ContextOverflow);
        let mut v = doc;
        v = v["@context"].take();
        while let Some(inner) = v.pointer_mut("/t/@context").map(Value::take) {
            v = inner;
        }
    };
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(run)
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn oversized_document_hits_the_node_limit() {
    let items: Vec<Value> = (0..1000)
        .map(|i| json!({"@id": format!("urn:x:{i}")}))
        .collect();
    let doc =
        json!({"@context": {"@vocab": "https://example.com/"}, "@id": "urn:root", "p": items});
    let opts = Options {
        limits: Limits {
            max_nodes: 500,
            ..Limits::default()
        },
        ..Options::default()
    };
    let e = Processor::bundled().to_rdf(&doc, &opts).unwrap_err();
    assert_eq!(e.kind(), ErrorCode::LimitExceeded);
    assert!(
        Processor::bundled()
            .to_rdf(&doc, &Options::default())
            .is_ok()
    );
}

#[test]
fn processor_is_shared_across_threads_with_identical_results() {
    let doc: Value = serde_json::from_str(&fixture("ob3-unsigned.json")).unwrap();
    let first = Processor::bundled()
        .to_rdf(&doc, &Options::default())
        .unwrap();
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let doc = doc.clone();
            std::thread::spawn(move || {
                Processor::bundled()
                    .to_rdf(&doc, &Options::default())
                    .unwrap()
            })
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), first);
    }
}

#[test]
fn duplicate_values_are_merged_in_small_and_large_arrays() {
    for n in [3usize, 40, 500] {
        // Every value twice, plus references to the same node twice.
        let mut values: Vec<Value> = (0..n).map(|i| json!(format!("v{i}"))).collect();
        values.extend((0..n).map(|i| json!({"@value": format!("v{i}")})));
        let mut refs: Vec<Value> = (0..n)
            .map(|i| json!({"@id": format!("urn:n:{i}")}))
            .collect();
        refs.extend(refs.clone());
        let doc = json!({
            "@context": {"@vocab": "https://example.com/"},
            "@id": "urn:root",
            "p": values,
            "q": refs
        });
        let quads = Processor::bundled()
            .to_rdf(&doc, &Options::default())
            .unwrap();
        assert_eq!(quads.len(), 2 * n, "n = {n}");
    }
}

#[test]
fn numbers_convert_like_ieee_doubles() {
    let doc = json!({
        "@context": {"@vocab": "https://example.com/"},
        "@id": "urn:n",
        "a": 9007199254740993u64,
        "b": 1.0,
        "c": 0.53,
        "d": {"@value": 5, "@type": "http://www.w3.org/2001/XMLSchema#double"},
        "e": 1e21
    });
    let quads = Processor::bundled()
        .to_rdf(&doc, &Options::default())
        .unwrap();
    let nq = canonical(&quads);
    for want in [
        "<https://example.com/a> \"9007199254740992\"^^<http://www.w3.org/2001/XMLSchema#integer>",
        "<https://example.com/b> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer>",
        "<https://example.com/c> \"5.3E-1\"^^<http://www.w3.org/2001/XMLSchema#double>",
        "<https://example.com/d> \"5.0E0\"^^<http://www.w3.org/2001/XMLSchema#double>",
        "<https://example.com/e> \"1.0E21\"^^<http://www.w3.org/2001/XMLSchema#double>",
    ] {
        assert!(nq.contains(want), "{want} not in\n{nq}");
    }
}
