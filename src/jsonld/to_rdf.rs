//! Node Map Generation (§7.2) and Deserialize JSON-LD to RDF (§8.1).

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};

use super::RdfDirection;
use super::canonical_json;
use super::error::{ErrorCode as E, JsonLdError, Result, err};
use super::expand::well_formed_language;
use super::iri::{is_blank_node, is_keyword, is_well_formed_iri};
use crate::rdf::{Literal, Quad, RDF_LANG_STRING, Str, Term, XSD_STRING};

const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const RDF_FIRST: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first";
const RDF_REST: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest";
const RDF_NIL: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil";
const RDF_JSON: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON";
const XSD_BOOLEAN: &str = "http://www.w3.org/2001/XMLSchema#boolean";
const XSD_INTEGER: &str = "http://www.w3.org/2001/XMLSchema#integer";
const XSD_DOUBLE: &str = "http://www.w3.org/2001/XMLSchema#double";

/// Graph name → subject → node object.
type NodeMap = BTreeMap<String, BTreeMap<String, Map<String, Value>>>;

#[derive(Default)]
struct BlankIds {
    map: HashMap<String, String>,
    counter: usize,
}

impl BlankIds {
    fn fresh(&mut self) -> String {
        let s = format!("_:b{}", self.counter);
        self.counter += 1;
        s
    }

    fn relabel(&mut self, old: &str) -> String {
        if let Some(n) = self.map.get(old) {
            return n.clone();
        }
        let n = self.fresh();
        self.map.insert(old.to_owned(), n.clone());
        n
    }
}

enum Subject<'a> {
    None,
    Id(&'a str),
    Reverse(&'a str),
}

fn push_unique(arr: &mut Value, v: Value) {
    if let Value::Array(a) = arr {
        if !a.contains(&v) {
            a.push(v);
        }
    }
}

fn node_entry<'m>(nodes: &'m mut NodeMap, graph: &str, id: &str) -> &'m mut Map<String, Value> {
    nodes
        .entry(graph.to_owned())
        .or_default()
        .entry(id.to_owned())
        .or_insert_with(|| {
            let mut m = Map::new();
            m.insert("@id".into(), Value::String(id.to_owned()));
            m
        })
}

struct Gen {
    ids: BlankIds,
    nodes: NodeMap,
}

impl Gen {
    fn add_to_subject(&mut self, graph: &str, subj: &str, prop: &str, v: Value, unique: bool) {
        let node = node_entry(&mut self.nodes, graph, subj);
        let arr = node
            .entry(prop.to_owned())
            .or_insert_with(|| Value::Array(Vec::new()));
        if unique {
            push_unique(arr, v);
        } else if let Value::Array(a) = arr {
            a.push(v);
        }
    }

    fn generate(
        &mut self,
        element: &Value,
        graph: &str,
        subj: &Subject<'_>,
        prop: Option<&str>,
        mut list: Option<&mut Vec<Value>>,
    ) -> Result<()> {
        let m = match element {
            Value::Array(items) => {
                for item in items {
                    self.generate(item, graph, subj, prop, list.as_deref_mut())?;
                }
                return Ok(());
            }
            Value::Object(m) => m,
            _ => return Ok(()),
        };
        if m.contains_key("@value") {
            match (list, subj, prop) {
                (Some(l), _, _) => l.push(element.clone()),
                (None, Subject::Id(s), Some(p)) => {
                    self.add_to_subject(graph, s, p, element.clone(), true)
                }
                _ => {}
            }
            return Ok(());
        }
        if let Some(items) = m.get("@list") {
            let mut l = Vec::new();
            self.generate(items, graph, subj, prop, Some(&mut l))?;
            let mut lo = Map::new();
            lo.insert("@list".into(), Value::Array(l));
            let lo = Value::Object(lo);
            match (list, subj, prop) {
                (Some(outer), _, _) => outer.push(lo),
                (None, Subject::Id(s), Some(p)) => self.add_to_subject(graph, s, p, lo, false),
                _ => {}
            }
            return Ok(());
        }
        if m.get("@id").is_some_and(Value::is_null) {
            // An @id that expanded to nothing: no node, no triple.
            return Ok(());
        }
        let id = match m.get("@id").and_then(Value::as_str) {
            Some(id) if is_blank_node(id) => self.ids.relabel(id),
            Some(id) => id.to_owned(),
            None => self.ids.fresh(),
        };
        node_entry(&mut self.nodes, graph, &id);
        let mut reference = Map::new();
        reference.insert("@id".into(), Value::String(id.clone()));
        let reference = Value::Object(reference);
        match (subj, prop) {
            (Subject::Reverse(rid), Some(p)) => {
                let mut r = Map::new();
                r.insert("@id".into(), Value::String((*rid).to_owned()));
                self.add_to_subject(graph, &id, p, Value::Object(r), true);
            }
            (Subject::Id(s), Some(p)) => match list {
                Some(l) => l.push(reference),
                None => self.add_to_subject(graph, s, p, reference, true),
            },
            (_, _) => {
                if let Some(l) = list {
                    l.push(reference);
                }
            }
        }
        if let Some(types) = m.get("@type") {
            let types: Vec<Value> = match types {
                Value::Array(a) => a.clone(),
                other => vec![other.clone()],
            };
            for t in types {
                let t = match t.as_str() {
                    Some(s) if is_blank_node(s) => Value::String(self.ids.relabel(s)),
                    _ => t,
                };
                self.add_to_subject(graph, &id, "@type", t, true);
            }
        }
        if let Some(idx) = m.get("@index") {
            let node = node_entry(&mut self.nodes, graph, &id);
            if let Some(existing) = node.get("@index") {
                if existing != idx {
                    return err(
                        E::ConflictingIndexes,
                        format!("node {id} has two @index values"),
                    );
                }
            }
            node.insert("@index".into(), idx.clone());
        }
        if let Some(Value::Object(rev)) = m.get("@reverse") {
            for (p, values) in rev {
                for v in values
                    .as_array()
                    .map(Vec::as_slice)
                    .unwrap_or(std::slice::from_ref(values))
                {
                    self.generate(v, graph, &Subject::Reverse(&id), Some(p), None)?;
                }
            }
        }
        if let Some(g) = m.get("@graph") {
            node_entry_graph(&mut self.nodes, &id);
            self.generate(g, &id, &Subject::None, None, None)?;
        }
        if let Some(inc) = m.get("@included") {
            self.generate(inc, graph, &Subject::None, None, None)?;
        }
        for (p, v) in m {
            if matches!(
                p.as_str(),
                "@id" | "@type" | "@index" | "@reverse" | "@graph" | "@included"
            ) {
                continue;
            }
            let p = if is_blank_node(p) {
                self.ids.relabel(p)
            } else {
                p.clone()
            };
            let node = node_entry(&mut self.nodes, graph, &id);
            node.entry(p.clone())
                .or_insert_with(|| Value::Array(Vec::new()));
            self.generate(v, graph, &Subject::Id(&id), Some(&p), None)?;
        }
        Ok(())
    }
}

fn node_entry_graph(nodes: &mut NodeMap, graph: &str) {
    nodes.entry(graph.to_owned()).or_default();
}

pub(crate) struct RdfOptions {
    pub direction: Option<RdfDirection>,
    /// Dropping anything (an IRI that is not well formed, a malformed
    /// language tag …) is an error rather than silent.
    pub safe: bool,
}

fn dropped(opts: &RdfOptions, what: String) -> Result<()> {
    if opts.safe {
        err(
            E::SafeModeViolation,
            format!("{what} cannot be represented in RDF"),
        )
    } else {
        Ok(())
    }
}

struct Emitter<'o> {
    opts: &'o RdfOptions,
    ids: BlankIds,
    quads: Vec<Quad>,
    graph: Option<Term>,
    /// First safe-mode violation met inside a list.
    error: Option<JsonLdError>,
}

fn iri(s: &str) -> Term {
    Term::Iri(Str::from(s))
}

fn subject_term(s: &str) -> Option<Term> {
    if let Some(b) = s.strip_prefix("_:") {
        Some(Term::BlankNode(b.into()))
    } else if is_well_formed_iri(s) {
        Some(iri(s))
    } else {
        None
    }
}

/// XSD canonical lexical form of a double, as the JSON-LD spec requires.
fn canonical_double(x: f64) -> String {
    let s = format!("{x:.15e}");
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let mant = match mant.split_once('.') {
        Some((int, frac)) => {
            let frac = frac.trim_end_matches('0');
            format!("{int}.{}", if frac.is_empty() { "0" } else { frac })
        }
        None => format!("{mant}.0"),
    };
    format!("{mant}E{exp}")
}

impl Emitter<'_> {
    fn push(&mut self, s: Term, p: Term, o: Term) {
        self.quads.push(Quad {
            subject: s,
            predicate: p,
            object: o,
            graph: self.graph.clone(),
        });
    }

    fn fresh(&mut self) -> Term {
        let s = self.ids.fresh();
        Term::BlankNode(s.trim_start_matches("_:").into())
    }

    fn object(&mut self, item: &Value) -> Result<Option<Term>> {
        let o = self.object_inner(item);
        match self.error.take() {
            Some(e) => Err(e),
            None => Ok(o),
        }
    }

    fn object_inner(&mut self, item: &Value) -> Option<Term> {
        let m = item.as_object()?;
        if let Some(id) = m.get("@id").filter(|_| !m.contains_key("@value")) {
            return subject_term(id.as_str()?);
        }
        if let Some(l) = m.get("@list") {
            return Some(self.list(l.as_array().map(Vec::as_slice).unwrap_or(&[])));
        }
        let value = m.get("@value")?;
        let mut datatype = m.get("@type").and_then(Value::as_str).map(str::to_owned);
        if let Some(d) = &datatype {
            if d != "@json" && !is_well_formed_iri(d) {
                return None;
            }
        }
        let language = m.get("@language").and_then(Value::as_str);
        if let Some(l) = language {
            if !well_formed_language(l) {
                return None;
            }
        }
        let lexical: String;
        if datatype.as_deref() == Some("@json") {
            lexical = canonical_json::canonical(value, usize::MAX)?;
            datatype = Some(RDF_JSON.to_owned());
        } else {
            match value {
                Value::Bool(b) => {
                    lexical = b.to_string();
                    datatype.get_or_insert_with(|| XSD_BOOLEAN.to_owned());
                }
                Value::Number(n) => {
                    let f = n.as_f64().unwrap_or(0.0);
                    let is_int = n.is_i64() || n.is_u64();
                    let fractional = !is_int && (f.fract() != 0.0 || f.abs() >= 1e21);
                    if fractional || datatype.as_deref() == Some(XSD_DOUBLE) {
                        lexical = canonical_double(f);
                        datatype.get_or_insert_with(|| XSD_DOUBLE.to_owned());
                    } else {
                        lexical = if let Some(i) = n.as_i64() {
                            i.to_string()
                        } else if let Some(u) = n.as_u64() {
                            u.to_string()
                        } else if f == 0.0 {
                            "0".to_owned()
                        } else {
                            format!("{f:.0}")
                        };
                        datatype.get_or_insert_with(|| XSD_INTEGER.to_owned());
                    }
                }
                Value::String(s) => {
                    lexical = s.clone();
                }
                _ => return None,
            }
        }
        if let (Some(dir), Some(mode)) = (
            m.get("@direction").and_then(Value::as_str),
            self.opts.direction,
        ) {
            let lang = language.map(str::to_ascii_lowercase).unwrap_or_default();
            match mode {
                RdfDirection::I18nDatatype => {
                    return Some(Term::Literal(Literal {
                        value: lexical.into(),
                        datatype: format!("https://www.w3.org/ns/i18n#{lang}_{dir}").into(),
                        language: None,
                    }));
                }
                RdfDirection::CompoundLiteral => {
                    let b = self.fresh();
                    self.push(
                        b.clone(),
                        iri(&format!("{RDF}value")),
                        Term::Literal(Literal {
                            value: lexical.into(),
                            datatype: XSD_STRING.into(),
                            language: None,
                        }),
                    );
                    if language.is_some() {
                        self.push(
                            b.clone(),
                            iri(&format!("{RDF}language")),
                            Term::Literal(Literal {
                                value: lang.into(),
                                datatype: XSD_STRING.into(),
                                language: None,
                            }),
                        );
                    }
                    self.push(
                        b.clone(),
                        iri(&format!("{RDF}direction")),
                        Term::Literal(Literal {
                            value: dir.into(),
                            datatype: XSD_STRING.into(),
                            language: None,
                        }),
                    );
                    return Some(b);
                }
            }
        }
        let (datatype, language): (Str, Option<Str>) = match (datatype, language) {
            (Some(d), _) => (d.into(), None),
            (None, Some(l)) => (RDF_LANG_STRING.into(), Some(l.into())),
            (None, None) => (XSD_STRING.into(), None),
        };
        Some(Term::Literal(Literal {
            value: lexical.into(),
            datatype,
            language,
        }))
    }

    fn list(&mut self, items: &[Value]) -> Term {
        if items.is_empty() {
            return iri(RDF_NIL);
        }
        let nodes: Vec<Term> = items.iter().map(|_| self.fresh()).collect();
        for (i, (item, subject)) in items.iter().zip(&nodes).enumerate() {
            let subject = subject.clone();
            match self.object_inner(item) {
                Some(o) => self.push(subject.clone(), iri(RDF_FIRST), o),
                None => {
                    if let Err(e) = dropped(self.opts, format!("list item {item}")) {
                        self.error.get_or_insert(e);
                    }
                }
            }
            let rest = nodes.get(i + 1).cloned().unwrap_or_else(|| iri(RDF_NIL));
            self.push(subject, iri(RDF_REST), rest);
        }
        nodes.into_iter().next().unwrap_or_else(|| iri(RDF_NIL))
    }
}

/// Expanded JSON-LD → RDF quads.
pub(crate) fn to_rdf(expanded: &[Value], opts: &RdfOptions) -> Result<Vec<Quad>> {
    let mut g = Gen {
        ids: BlankIds::default(),
        nodes: BTreeMap::new(),
    };
    node_entry_graph(&mut g.nodes, "@default");
    for e in expanded {
        g.generate(e, "@default", &Subject::None, None, None)?;
    }
    let mut em = Emitter {
        opts,
        // Continue numbering after node-map labels.
        ids: BlankIds {
            map: HashMap::new(),
            counter: g.ids.counter,
        },
        quads: Vec::new(),
        graph: None,
        error: None,
    };
    for (gname, graph) in &g.nodes {
        em.graph = if gname == "@default" {
            None
        } else {
            match subject_term(gname) {
                Some(t) => Some(t),
                None => {
                    dropped(opts, format!("graph name {gname:?}"))?;
                    continue;
                }
            }
        };
        for (subject, node) in graph {
            let Some(s) = subject_term(subject) else {
                dropped(opts, format!("subject {subject:?}"))?;
                continue;
            };
            for (p, values) in node {
                let values = values.as_array().map(Vec::as_slice).unwrap_or(&[]);
                if p == "@type" {
                    for t in values {
                        match t.as_str().and_then(subject_term) {
                            Some(o) => em.push(s.clone(), iri(RDF_TYPE), o),
                            None => dropped(opts, format!("type {t}"))?,
                        }
                    }
                    continue;
                }
                if is_keyword(p) {
                    continue;
                }
                if is_blank_node(p) || !is_well_formed_iri(p) {
                    dropped(opts, format!("property {p:?}"))?;
                    continue;
                }
                let pt = iri(p);
                for item in values {
                    match em.object(item)? {
                        Some(o) => em.push(s.clone(), pt.clone(), o),
                        None => dropped(opts, format!("value {item} of {p:?}"))?,
                    }
                }
            }
        }
    }
    Ok(em.quads)
}
