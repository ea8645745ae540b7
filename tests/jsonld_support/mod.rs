//! Shared harness for the W3C JSON-LD API suites (expand, toRdf).
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use openbadges::jsonld::{
    DocumentLoader, LoadError, Options, ProcessingMode, Processor, RdfDirection,
};
use openbadges::rdf::{Literal, Quad, RDF_LANG_STRING, Term, XSD_STRING};
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

// ---------- N-Quads (test-side parser) and dataset isomorphism ----------

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('t') => out.push('\t'),
            Some('b') => out.push('\u{8}'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('f') => out.push('\u{c}'),
            Some('"') => out.push('"'),
            Some('\'') => out.push('\''),
            Some('\\') => out.push('\\'),
            Some('u') => {
                let h: String = it.by_ref().take(4).collect();
                out.push(char::from_u32(u32::from_str_radix(&h, 16).unwrap()).unwrap());
            }
            Some('U') => {
                let h: String = it.by_ref().take(8).collect();
                out.push(char::from_u32(u32::from_str_radix(&h, 16).unwrap()).unwrap());
            }
            Some(o) => {
                out.push('\\');
                out.push(o)
            }
            None => {}
        }
    }
    out
}

fn term(line: &str, pos: &mut usize) -> Option<Term> {
    let b = line.as_bytes();
    while *pos < b.len() && (b[*pos] == b' ' || b[*pos] == b'\t') {
        *pos += 1;
    }
    if *pos >= b.len() || b[*pos] == b'.' {
        return None;
    }
    match b[*pos] {
        b'<' => {
            let end = line[*pos..].find('>').unwrap() + *pos;
            let t = Term::Iri(unescape(&line[*pos + 1..end]).into());
            *pos = end + 1;
            Some(t)
        }
        b'_' => {
            let start = *pos + 2;
            let mut end = start;
            while end < b.len() && !matches!(b[end], b' ' | b'\t') {
                end += 1;
            }
            *pos = end;
            Some(Term::BlankNode(line[start..end].into()))
        }
        b'"' => {
            let mut i = *pos + 1;
            while b[i] != b'"' {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            let value = unescape(&line[*pos + 1..i]);
            i += 1;
            let (datatype, language);
            if line[i..].starts_with("^^<") {
                let end = line[i..].find('>').unwrap() + i;
                datatype = line[i + 3..end].to_owned();
                language = None;
                i = end + 1;
            } else if line[i..].starts_with('@') {
                let mut end = i + 1;
                while end < b.len() && !matches!(b[end], b' ' | b'\t') {
                    end += 1;
                }
                language = Some(line[i + 1..end].into());
                datatype = RDF_LANG_STRING.to_owned();
                i = end;
            } else {
                datatype = XSD_STRING.to_owned();
                language = None;
            }
            *pos = i;
            Some(Term::Literal(Literal {
                value: value.into(),
                datatype: datatype.into(),
                language,
            }))
        }
        _ => panic!("bad N-Quads line {line:?}"),
    }
}

pub fn parse_nquads(text: &str) -> Vec<Quad> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut pos = 0;
        let s = term(line, &mut pos).unwrap();
        let p = term(line, &mut pos).unwrap();
        let o = term(line, &mut pos).unwrap();
        let g = term(line, &mut pos);
        out.push(Quad {
            subject: s,
            predicate: p,
            object: o,
            graph: g,
        });
    }
    out
}

fn bnodes(q: &Quad) -> impl Iterator<Item = &str> {
    [Some(&q.subject), Some(&q.object), q.graph.as_ref()]
        .into_iter()
        .flatten()
        .filter_map(|t| match t {
            Term::BlankNode(b) => Some(&**b),
            _ => None,
        })
}

fn colour(quads: &[Quad]) -> HashMap<String, u64> {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut col: HashMap<String, u64> = quads
        .iter()
        .flat_map(bnodes)
        .map(|b| (b.to_owned(), 0))
        .collect();
    for _ in 0..6 {
        let mut sigs: HashMap<String, Vec<u64>> = HashMap::new();
        for q in quads {
            let pos = |t: Option<&Term>, me: &str| -> u64 {
                let mut h = DefaultHasher::new();
                match t {
                    Some(Term::BlankNode(b)) if &**b == me => "SELF".hash(&mut h),
                    Some(Term::BlankNode(b)) => col[&**b].hash(&mut h),
                    other => other.hash(&mut h),
                }
                h.finish()
            };
            for b in bnodes(q).collect::<std::collections::BTreeSet<_>>() {
                let mut h = DefaultHasher::new();
                pos(Some(&q.subject), b).hash(&mut h);
                q.predicate.hash(&mut h);
                pos(Some(&q.object), b).hash(&mut h);
                pos(q.graph.as_ref(), b).hash(&mut h);
                sigs.entry(b.to_owned()).or_default().push(h.finish());
            }
        }
        col = sigs
            .into_iter()
            .map(|(b, mut v)| {
                v.sort_unstable();
                let mut h = DefaultHasher::new();
                v.hash(&mut h);
                (b, h.finish())
            })
            .collect();
    }
    col
}

fn relabel(quads: &[Quad], map: &HashMap<String, String>) -> Vec<Quad> {
    let r = |t: &Term| match t {
        Term::BlankNode(b) => Term::BlankNode(map.get(&**b).cloned().unwrap_or_default().into()),
        other => other.clone(),
    };
    let mut v: Vec<Quad> = quads
        .iter()
        .map(|q| Quad {
            subject: r(&q.subject),
            predicate: q.predicate.clone(),
            object: r(&q.object),
            graph: q.graph.as_ref().map(r),
        })
        .collect();
    v.sort();
    v.dedup();
    v
}

/// Dataset isomorphism (colour refinement, then backtracking over ties).
pub fn isomorphic(a: &[Quad], b: &[Quad]) -> bool {
    let mut sa: Vec<Quad> = a.to_vec();
    sa.sort();
    sa.dedup();
    let mut sb: Vec<Quad> = b.to_vec();
    sb.sort();
    sb.dedup();
    if sa.len() != sb.len() {
        return false;
    }
    let ca = colour(&sa);
    let cb = colour(&sb);
    if ca.len() != cb.len() {
        return false;
    }
    let mut ga: BTreeMap<u64, Vec<String>> = BTreeMap::new();
    for (k, c) in &ca {
        ga.entry(*c).or_default().push(k.clone());
    }
    let mut gb: BTreeMap<u64, Vec<String>> = BTreeMap::new();
    for (k, c) in &cb {
        gb.entry(*c).or_default().push(k.clone());
    }
    if ga.len() != gb.len()
        || ga
            .iter()
            .any(|(c, v)| gb.get(c).map(Vec::len) != Some(v.len()))
    {
        return false;
    }
    let target = relabel(&sb, &cb.keys().map(|k| (k.clone(), k.clone())).collect());
    let groups: Vec<(Vec<String>, Vec<String>)> =
        ga.iter().map(|(c, v)| (v.clone(), gb[c].clone())).collect();
    let mut map = HashMap::new();
    search(&groups, 0, &mut map, &sa, &target, &mut 0)
}

fn search(
    groups: &[(Vec<String>, Vec<String>)],
    gi: usize,
    map: &mut HashMap<String, String>,
    sa: &[Quad],
    target: &[Quad],
    budget: &mut usize,
) -> bool {
    *budget += 1;
    if *budget > 100_000 {
        return false;
    }
    let Some((from, to)) = groups.get(gi) else {
        return relabel(sa, map) == target;
    };
    permute(from, to, 0, &mut vec![false; to.len()], map, &mut |m| {
        search(groups, gi + 1, m, sa, target, budget)
    })
}

fn permute(
    from: &[String],
    to: &[String],
    i: usize,
    used: &mut Vec<bool>,
    map: &mut HashMap<String, String>,
    k: &mut dyn FnMut(&mut HashMap<String, String>) -> bool,
) -> bool {
    if i == from.len() {
        return k(map);
    }
    for j in 0..to.len() {
        if used[j] {
            continue;
        }
        used[j] = true;
        map.insert(from[i].clone(), to[j].clone());
        if permute(from, to, i + 1, used, map, k) {
            return true;
        }
        used[j] = false;
    }
    map.remove(&from[i]);
    false
}
