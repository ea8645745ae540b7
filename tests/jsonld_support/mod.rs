//! Shared harness for the W3C JSON-LD API suites (expand, toRdf).
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Arc;

use openbadges::jsonld::{
    DocumentLoader, JsonLdError, LoadError, Options, ProcessingMode, Processor, RdfDirection,
};
use openbadges::rdf::Quad;
use serde_json::Value;

pub const BASE: &str = "https://w3c.github.io/json-ld-api/tests/";

pub fn suite_dir() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/json-ld-api/tests"
    ))
}

/// Maps the suite's base URL to the local copy; nothing else exists.
pub struct SuiteLoader;

impl DocumentLoader for SuiteLoader {
    fn load(&self, url: &str) -> Result<Arc<Value>, LoadError> {
        let Some(rel) = url.strip_prefix(BASE) else {
            return Err(LoadError::NotFound(url.to_owned()));
        };
        let rel = rel.split('#').next().unwrap_or(rel);
        let text = std::fs::read_to_string(suite_dir().join(rel))
            .map_err(|_| LoadError::NotFound(url.to_owned()))?;
        serde_json::from_str(&text)
            .map(Arc::new)
            .map_err(|e| LoadError::InvalidJson {
                url: url.to_owned(),
                reason: e.to_string(),
            })
    }
}

pub fn read_json(rel: &str) -> Value {
    let text = std::fs::read_to_string(suite_dir().join(rel)).expect("suite file");
    serde_json::from_str(&text).expect("suite JSON")
}

pub struct Case {
    pub id: String,
    pub name: String,
    pub types: Vec<String>,
    pub input: String,
    pub expect: Option<String>,
    pub error: Option<String>,
    pub options: Options,
    /// Why the case is not run, if it is not.
    pub skip: Option<&'static str>,
}

pub fn cases(manifest: &str, skips: &[(&str, &'static str)]) -> Vec<Case> {
    let m = read_json(manifest);
    let mut out = Vec::new();
    for t in m["sequence"].as_array().expect("sequence") {
        let id = t["@id"].as_str().unwrap_or("").to_owned();
        let types: Vec<String> = match &t["@type"] {
            Value::Array(a) => a
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            Value::String(s) => vec![s.clone()],
            _ => vec![],
        };
        let input = t["input"].as_str().unwrap_or("").to_owned();
        let opt = &t["option"];
        let mut options = Options {
            safe_mode: false,
            base: Some(format!("{BASE}{input}")),
            ..Options::default()
        };
        let mut skip = skips.iter().find(|(s, _)| *s == id).map(|(_, r)| *r);
        if let Some(b) = opt["base"].as_str() {
            options.base = Some(b.to_owned());
        }
        if let Some(ec) = opt["expandContext"].as_str() {
            options.expand_context = Some(read_json(ec));
        }
        if opt["specVersion"].as_str() == Some("json-ld-1.0") {
            skip = skip.or(Some("JSON-LD 1.0 only"));
        }
        if opt["processingMode"].as_str() == Some("json-ld-1.0") {
            options.processing_mode = ProcessingMode::JsonLd10;
        }
        if opt["produceGeneralizedRdf"].as_bool() == Some(true) {
            skip = skip.or(Some("generalized RDF"));
        }
        options.rdf_direction = match opt["rdfDirection"].as_str() {
            Some("i18n-datatype") => Some(RdfDirection::I18nDatatype),
            Some("compound-literal") => Some(RdfDirection::CompoundLiteral),
            _ => None,
        };
        out.push(Case {
            name: t["name"].as_str().unwrap_or("").to_owned(),
            id,
            types,
            input,
            expect: t["expect"].as_str().map(str::to_owned),
            error: t["expectErrorCode"].as_str().map(str::to_owned),
            options,
            skip,
        });
    }
    out
}

pub fn processor() -> Processor {
    Processor::with_loader(SuiteLoader)
}

/// Runs every case of `manifest` that is not skipped and fails listing every case that did not
/// pass. `run` processes a case's input; a negative evaluation test passes when it fails with the
/// expected error code, a positive syntax test when it succeeds, any other test when `matches`
/// accepts the output against the case's `expect` file (relative path, if any); `show` summarises
/// an output for the failure list.
pub fn run_suite<T, Shown: std::fmt::Debug>(
    label: &str,
    manifest: &str,
    skips: &[(&str, &'static str)],
    run: impl Fn(&Processor, &Value, &Options) -> Result<T, JsonLdError>,
    matches: impl Fn(&T, Option<&str>) -> bool,
    show: impl Fn(&T) -> Shown,
) {
    let p = processor();
    let (mut pass, mut fail, mut skipped) = (0, 0, 0);
    let mut failures = Vec::new();
    for c in cases(manifest, skips) {
        if c.skip.is_some() {
            skipped += 1;
            continue;
        }
        let input = read_json(&c.input);
        let got = run(&p, &input, &c.options);
        let ok = if c.types.iter().any(|t| t == "jld:NegativeEvaluationTest") {
            match &got {
                Err(e) => Some(e.code()) == c.error.as_deref(),
                Ok(_) => false,
            }
        } else if c.types.iter().any(|t| t == "jld:PositiveSyntaxTest") {
            got.is_ok()
        } else {
            match &got {
                Ok(out) => matches(out, c.expect.as_deref()),
                Err(_) => false,
            }
        };
        if ok {
            pass += 1;
        } else {
            fail += 1;
            failures.push(format!(
                "{} {} ({}): got {:?}",
                c.id,
                c.name,
                c.input,
                got.as_ref().map(&show)
            ));
        }
    }
    for f in &failures {
        eprintln!("FAIL {f}");
    }
    println!("{label}: {pass} passed, {fail} failed, {skipped} skipped");
    assert_eq!(fail, 0, "{label} failures:\n{}", failures.join("\n"));
}

fn num_eq(a: &serde_json::Number, b: &serde_json::Number) -> bool {
    a == b || a.as_f64() == b.as_f64()
}

/// JSON-LD comparison: arrays are unordered except the values of `@list`.
pub fn jsonld_eq(a: &Value, b: &Value) -> bool {
    jeq(a, b, false)
}

fn jeq(a: &Value, b: &Value, ordered: bool) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => num_eq(x, y),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter().all(|(k, v)| {
                    y.get(k).is_some_and(|w| {
                if k == "@value" {
                    v == w || matches!((v, w), (Value::Number(p), Value::Number(q)) if num_eq(p, q))
                } else {
                    jeq(v, w, k == "@list")
                }
            })
                })
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return false;
            }
            if ordered {
                return x.iter().zip(y).all(|(p, q)| jeq(p, q, false));
            }
            let mut used = vec![false; y.len()];
            'outer: for p in x {
                for (i, q) in y.iter().enumerate() {
                    if !used[i] && jeq(p, q, false) {
                        used[i] = true;
                        continue 'outer;
                    }
                }
                return false;
            }
            true
        }
        _ => a == b,
    }
}

/// RDFC-1.0 canonical N-Quads of a dataset (blank-node labels normalized).
pub fn canonical(quads: &[Quad]) -> String {
    openbadges::rdfc::canonicalize_to_string(quads, &Default::default()).expect("canonicalizable")
}

/// Dataset isomorphism: equal RDFC-1.0 canonical forms.
pub fn isomorphic_to_nquads(quads: &[Quad], expected_nquads: &str) -> bool {
    let expected = openbadges::rdf::parse_nquads(expected_nquads).expect("expected N-Quads");
    canonical(quads) == canonical(&expected)
}
