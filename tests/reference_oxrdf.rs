//! Independent reference check of JSON-LD → RDF → RDFC-1.0: for every credential fixture that
//! expands offline with the bundled contexts, our canonical N-Quads (`jsonld` toRdf, then
//! `rdfc`) must equal Oxigraph's (`oxjsonld` parsing to quads with the same bundled context
//! documents, then `oxrdf::Dataset::canonicalize` with RDFC-1.0 / SHA-256).
//!
//! Documents our safe mode rejects (an undefined term, a relative IRI, …) are compared with safe
//! mode off, since oxjsonld has no safe mode and silently drops the same data; documents that
//! need a context we do not bundle, or that oxjsonld rejects, are listed as skipped with the
//! reason.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use openbadges::jsonld::{ErrorCode, Options, Processor, bundled_documents};
use openbadges::rdfc::{CanonicalizationOptions, canonicalize_to_string};
use oxjsonld::{JsonLdParser, JsonLdRemoteDocument};
use oxrdf::Dataset;
use oxrdf::dataset::{CanonicalizationAlgorithm, CanonicalizationHashAlgorithm};
use serde_json::Value;

/// Oxigraph's canonical N-Quads of a JSON-LD document, with contexts from the crate's bundled set
/// only (never the network).
fn oxigraph_canonical(json: &[u8]) -> Result<String, String> {
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
        dataset.insert(&quad.map_err(|e| e.to_string())?);
    }
    dataset.canonicalize(CanonicalizationAlgorithm::Rdfc10 {
        hash_algorithm: CanonicalizationHashAlgorithm::Sha256,
    });
    let lines: BTreeSet<String> = dataset.iter().map(|q| format!("{q} .\n")).collect();
    Ok(lines.into_iter().collect())
}

/// Which of our modes produced the compared output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Safe,
    Lenient,
}

/// Our canonical N-Quads: safe mode first, safe mode off when only safe mode objects.
fn our_canonical(document: &Value) -> Result<(String, Mode), String> {
    let processor = Processor::bundled();
    let canon = CanonicalizationOptions::default();
    let (quads, mode) = match processor.to_rdf(document, &Options::default()) {
        Ok(quads) => (quads, Mode::Safe),
        Err(e) if e.kind() == ErrorCode::SafeModeViolation => {
            let lenient = Options {
                safe_mode: false,
                ..Options::default()
            };
            let quads = processor
                .to_rdf(document, &lenient)
                .map_err(|e| format!("{} at {:?}: {}", e.code(), e.pointer(), e.message()))?;
            (quads, Mode::Lenient)
        }
        Err(e) => {
            return Err(format!(
                "{} at {:?}: {}",
                e.code(),
                e.pointer(),
                e.message()
            ));
        }
    };
    let nquads = canonicalize_to_string(&quads, &canon).map_err(|e| e.to_string())?;
    Ok((nquads, mode))
}

fn fixtures(dirs: &[&str]) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut files: Vec<PathBuf> = dirs
        .iter()
        .flat_map(|dir| {
            let dir = root.join(dir);
            std::fs::read_dir(&dir)
                .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
                .collect::<Vec<_>>()
        })
        .collect();
    files.sort();
    files
}

/// A line diff of two sorted N-Quads documents: lines only one side has.
fn diff(ours: &str, theirs: &str) -> String {
    let ours_set: BTreeSet<&str> = ours.lines().collect();
    let theirs_set: BTreeSet<&str> = theirs.lines().collect();
    let mut out = String::new();
    for line in ours_set.difference(&theirs_set) {
        out.push_str(&format!("  ours only:     {line}\n"));
    }
    for line in theirs_set.difference(&ours_set) {
        out.push_str(&format!("  oxigraph only: {line}\n"));
    }
    out
}

#[test]
fn canonical_nquads_match_oxigraph() {
    let files = fixtures(&["credentials", "bench", "jsonld-credentials"]);
    let mut compared = Vec::new();
    let mut skipped = Vec::new();
    let mut divergent = Vec::new();
    for path in &files {
        let name = path
            .strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"))
            .unwrap_or(path)
            .display()
            .to_string();
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let document: Value = match serde_json::from_slice(&bytes) {
            Ok(document) => document,
            Err(e) => {
                skipped.push(format!("{name}: not JSON ({e})"));
                continue;
            }
        };
        let (ours, mode) = match our_canonical(&document) {
            Ok(ours) => ours,
            Err(reason) => {
                let theirs = match oxigraph_canonical(&bytes) {
                    Ok(_) => "oxjsonld accepts it".to_owned(),
                    Err(e) => format!("oxjsonld rejects it too: {e}"),
                };
                skipped.push(format!("{name}: we reject it: {reason}; {theirs}"));
                continue;
            }
        };
        let theirs = match oxigraph_canonical(&bytes) {
            Ok(theirs) => theirs,
            Err(reason) => {
                skipped.push(format!("{name}: oxjsonld rejects it: {reason}"));
                continue;
            }
        };
        if ours == theirs {
            compared.push((name, mode, ours.lines().count()));
        } else {
            divergent.push(format!("{name} ({mode:?}):\n{}", diff(&ours, &theirs)));
        }
    }
    let lenient = compared.iter().filter(|(_, m, _)| *m == Mode::Lenient);
    println!(
        "{} of {} fixtures compared equal ({} with safe mode off: {:?}); {} skipped, {} divergent",
        compared.len(),
        files.len(),
        lenient.clone().count(),
        lenient.map(|(n, _, _)| n.as_str()).collect::<Vec<_>>(),
        skipped.len(),
        divergent.len()
    );
    for (name, mode, quads) in &compared {
        println!("  equal: {name} ({quads} quads, {mode:?})");
    }
    for reason in &skipped {
        println!("  skipped: {reason}");
    }
    assert!(
        divergent.is_empty(),
        "canonical N-Quads differ from Oxigraph's:\n{}",
        divergent.join("\n")
    );
    // The fixtures this check exists for must really be compared, not skipped.
    for must in [
        "bench/typical-credential.json",
        "credentials/ob3-spec__obv3p0__unsigned.json",
        "credentials/vc-di-eddsa__TestVectors__unsigned.json",
    ] {
        assert!(
            compared
                .iter()
                .any(|(n, m, _)| n == must && *m == Mode::Safe),
            "{must} was not compared in safe mode"
        );
    }
    assert!(compared.len() >= 40, "only {} compared", compared.len());
}

/// The benchmark credential is what the hot-path benches claim it is: a valid OB 3.0
/// credential of ~70 quads that expands in safe mode.
#[test]
fn bench_credential_is_valid_and_typical() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/bench/typical-credential.json"
    );
    let text = std::fs::read_to_string(path).expect("fixture readable");
    let document: Value = serde_json::from_str(&text).expect("fixture is JSON");
    let report = openbadges::validate::credential(&document);
    assert!(report.is_valid(), "{:?}", report.problems());
    let quads = Processor::bundled()
        .to_rdf(&document, &Options::default())
        .expect("expands in safe mode");
    assert!((60..=80).contains(&quads.len()), "{} quads", quads.len());
    let compact = serde_json::to_string(&document).expect("serializes");
    assert!(
        (3_000..=4_000).contains(&compact.len()),
        "{} bytes",
        compact.len()
    );
}
