//! The W3C RDF Dataset Canonicalization (RDFC-1.0) test suite, driven by its
//! manifest (fixtures/rdf-canon, see MANIFEST.md there), plus N-Quads round
//! trips over every suite file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use openbadges::rdf::{parse_nquads, to_nquads};
use openbadges::rdfc::{CanonicalizationOptions, HashAlgorithm, RdfcError, canonicalize};
use serde_json::Value;

fn suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rdf-canon")
}

fn read(relative: &str) -> String {
    let path = suite_dir().join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn manifest_entries() -> Vec<Value> {
    let manifest: Value = serde_json::from_str(&read("manifest.jsonld")).expect("manifest JSON");
    manifest["entries"].as_array().expect("entries").clone()
}

fn options_for(entry: &Value) -> CanonicalizationOptions {
    let hash = match entry.get("hashAlgorithm").and_then(Value::as_str) {
        None | Some("SHA256") => HashAlgorithm::Sha256,
        Some("SHA384") => HashAlgorithm::Sha384,
        Some(other) => panic!("unknown hash algorithm {other}"),
    };
    CanonicalizationOptions::default().with_hash(hash)
}

#[test]
fn w3c_rdfc10_suite() {
    let entries = manifest_entries();
    let (mut eval, mut map, mut negative) = (0, 0, 0);
    let mut failures = Vec::new();
    for entry in &entries {
        let id = entry["id"].as_str().expect("id");
        let kind = entry["type"].as_str().expect("type");
        let input = parse_nquads(&read(entry["action"].as_str().expect("action")))
            .unwrap_or_else(|e| panic!("{id}: input does not parse: {e}"));
        let outcome = canonicalize(&input, &options_for(entry));
        match kind {
            "rdfc:RDFC10EvalTest" => {
                eval += 1;
                let expected = read(entry["result"].as_str().expect("result"));
                match outcome {
                    Ok(c) if c.nquads == expected => {}
                    Ok(c) => failures.push(format!(
                        "{id}: output differs\n--- got\n{}--- expected\n{expected}",
                        c.nquads
                    )),
                    Err(e) => failures.push(format!("{id}: error {e}")),
                }
            }
            "rdfc:RDFC10MapTest" => {
                map += 1;
                let expected: BTreeMap<String, String> =
                    serde_json::from_str(&read(entry["result"].as_str().expect("result")))
                        .expect("map JSON");
                match outcome {
                    Ok(c) => {
                        let got: BTreeMap<String, String> = c
                            .issued
                            .iter()
                            .map(|(a, b)| (a.to_string(), b.to_string()))
                            .collect();
                        if got != expected {
                            failures.push(format!("{id}: map {got:?} != {expected:?}"));
                        }
                    }
                    Err(e) => failures.push(format!("{id}: error {e}")),
                }
            }
            "rdfc:RDFC10NegativeEvalTest" => {
                negative += 1;
                match outcome {
                    Err(RdfcError::WorkBudgetExceeded { .. }) => {}
                    other => failures.push(format!(
                        "{id}: expected the work-budget error, got {other:?}"
                    )),
                }
            }
            other => panic!("{id}: unknown test type {other}"),
        }
    }
    let total = eval + map + negative;
    println!(
        "RDFC-1.0 suite: {} / {total} passed ({eval} eval, {map} map, {negative} negative)",
        total - failures.len()
    );
    assert_eq!((eval, map, negative), (64, 21, 1), "manifest entry counts");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every suite file parses, and serializing what was parsed gives text that
/// parses back to the same quads; the expected outputs (already canonical)
/// come back byte for byte.
#[test]
fn nquads_round_trip_on_every_suite_file() {
    let mut files = 0;
    for dir_entry in std::fs::read_dir(suite_dir().join("rdfc10")).expect("rdfc10 dir") {
        let path = dir_entry.expect("dir entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        if !name.ends_with(".nq") {
            continue;
        }
        files += 1;
        let text = std::fs::read_to_string(&path).expect("read");
        let quads = parse_nquads(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let written = to_nquads(&quads);
        assert_eq!(parse_nquads(&written).expect("reparse"), quads, "{name}");
        if name.ends_with("-rdfc10.nq") {
            assert_eq!(written, text, "{name}: canonical file not reproduced");
        }
    }
    assert_eq!(files, 129);
}

#[test]
fn sha384_changes_the_labels_not_the_structure() {
    let input = parse_nquads(&read("rdfc10/test020-in.nq")).expect("parse");
    let sha256 = canonicalize(&input, &CanonicalizationOptions::default()).expect("sha256");
    let sha384 = canonicalize(
        &input,
        &CanonicalizationOptions::default().with_hash(HashAlgorithm::Sha384),
    )
    .expect("sha384");
    assert_eq!(sha256.nquads, read("rdfc10/test020-rdfc10.nq"));
    assert_eq!(sha384.nquads, read("rdfc10/test075-rdfc10.nq"));
    assert_ne!(sha256.nquads, sha384.nquads);
}

#[test]
fn clique_stops_at_the_configured_budget() {
    let input = parse_nquads(&read("rdfc10/test074-in.nq")).expect("parse");
    let opts = CanonicalizationOptions {
        max_ndegree_calls: 10,
        ..CanonicalizationOptions::default()
    };
    assert_eq!(
        canonicalize(&input, &opts),
        Err(RdfcError::WorkBudgetExceeded {
            calls: 11,
            limit: 10
        })
    );
}

#[test]
fn evil_graph_needs_its_budget() {
    let input = parse_nquads(&read("rdfc10/test044-in.nq")).expect("parse");
    let starved = CanonicalizationOptions {
        max_ndegree_calls: 1,
        ..CanonicalizationOptions::default()
    };
    assert!(matches!(
        canonicalize(&input, &starved),
        Err(RdfcError::WorkBudgetExceeded { limit: 1, .. })
    ));
    let canonical =
        canonicalize(&input, &CanonicalizationOptions::default()).expect("default budget");
    assert_eq!(canonical.nquads, read("rdfc10/test044-rdfc10.nq"));
}

/// Real credentials' canonical N-Quads are a fixed point, whatever the
/// input labels and quad order.
#[test]
fn credential_canonical_forms_are_fixed_points() {
    for name in ["obv3p0-document-canon.nq", "clrv2p0-document-canon.nq"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/rdfc-credentials")
            .join(name);
        let canonical = std::fs::read_to_string(path).expect("fixture");
        let scrambled: String = canonical
            .replace("_:c14n", "_:input")
            .lines()
            .rev()
            .map(|line| format!("{line}\n"))
            .collect();
        let quads = parse_nquads(&scrambled).expect("parses");
        let result = canonicalize(&quads, &CanonicalizationOptions::default()).expect(name);
        assert_eq!(result.nquads, canonical, "{name}");
        assert!(!result.issued.is_empty());
    }
}

/// Deterministic mutation fuzzing: byte edits of suite files must give a
/// parse error or quads, and those quads a canonical form or a typed error,
/// never a panic.
#[test]
fn mutated_inputs_never_panic() {
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let alphabet = b"<>_:\"\\.@^#\n\r\t uU0aZ-\x7f";
    let opts = CanonicalizationOptions {
        max_ndegree_calls: 64,
        max_permutations: 256,
        ..CanonicalizationOptions::default()
    };
    let (mut parsed, mut rejected) = (0, 0);
    for name in [
        "test002", "test016", "test035", "test059", "test060", "test073",
    ] {
        let original = read(&format!("rdfc10/{name}-in.nq")).into_bytes();
        for _ in 0..300 {
            let mut bytes = original.clone();
            for _ in 0..=(next() % 3) {
                let at = (next() as usize) % bytes.len();
                match next() % 3 {
                    0 => bytes[at] = alphabet[(next() as usize) % alphabet.len()],
                    1 => {
                        bytes.remove(at);
                    }
                    _ => bytes.insert(at, alphabet[(next() as usize) % alphabet.len()]),
                }
            }
            let text = String::from_utf8_lossy(&bytes);
            match parse_nquads(&text) {
                Ok(quads) => {
                    parsed += 1;
                    if let Ok(c) = canonicalize(&quads, &opts) {
                        // Canonical output is itself valid N-Quads.
                        assert!(parse_nquads(&c.nquads).is_ok(), "{}", c.nquads);
                    }
                }
                Err(e) => {
                    rejected += 1;
                    assert!(e.line >= 1 && e.column >= 1 && e.offset <= text.len());
                }
            }
        }
    }
    assert!(
        parsed > 100 && rejected > 100,
        "{parsed} parsed, {rejected} rejected"
    );
}
