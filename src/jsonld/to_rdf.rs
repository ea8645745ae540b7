//! Node Map Generation (§7.2) and Deserialize JSON-LD to RDF (§8.1).
//!
//! The node map borrows from the expanded document (value objects and IRIs
//! are never copied) and keeps insertion order; IRIs become shared `Arc<str>`
//! terms once per call.

use std::borrow::Cow;
use std::hash::{BuildHasher, Hash, Hasher};

use serde_json::{Map, Value};
use smallvec::SmallVec;

use super::error::{ErrorCode as E, JsonLdError, Result, err};
use super::expand::well_formed_language;
use super::iri::{is_blank_node, is_well_formed_iri};
use super::{FastMap, RdfDirection};
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

type Id<'a> = Cow<'a, str>;

fn iri(s: &str) -> Term {
    Term::Iri(Str::from(s))
}

/// A value in the node map.
enum Obj<'a> {
    /// A value object of the expanded document.
    Value(&'a Map<String, Value>),
    /// A reference to a node (`{"@id": …}`).
    Node(Id<'a>),
    /// A list object.
    List(Vec<Obj<'a>>),
}

/// The values of one property. "Add if not already present" scans while
/// small and switches to a fingerprint set beyond [`SCAN_LIMIT`] entries, so
/// large arrays cost no quadratic work.
#[derive(Default)]
struct Values<'a> {
    /// Most properties have one value: kept inline, no allocation.
    items: SmallVec<[Obj<'a>; 1]>,
    seen: Option<FastMap<u64, ()>>,
}

const SCAN_LIMIT: usize = 16;

fn hash_value(v: &Value, h: &mut impl Hasher) {
    match v {
        Value::Null => 0u8.hash(h),
        Value::Bool(b) => b.hash(h),
        Value::Number(n) => n.to_string().hash(h),
        Value::String(s) => s.hash(h),
        Value::Array(a) => {
            a.len().hash(h);
            for x in a {
                hash_value(x, h);
            }
        }
        Value::Object(m) => hash_map(m, h),
    }
}

/// Order-independent: value objects compare as maps.
fn hash_map(m: &Map<String, Value>, h: &mut impl Hasher) {
    m.len().hash(h);
    let mut acc = 0u64;
    for (k, x) in m {
        let mut e = fingerprint_state().build_hasher();
        k.hash(&mut e);
        hash_value(x, &mut e);
        acc = acc.wrapping_add(e.finish());
    }
    acc.hash(h);
}

fn fingerprint_state() -> &'static foldhash::fast::RandomState {
    static S: std::sync::OnceLock<foldhash::fast::RandomState> = std::sync::OnceLock::new();
    S.get_or_init(Default::default)
}

impl<'a> Values<'a> {
    fn fingerprint(o: &Obj<'_>) -> Option<u64> {
        let mut h = fingerprint_state().build_hasher();
        match o {
            Obj::Value(m) => {
                1u8.hash(&mut h);
                hash_map(m, &mut h);
            }
            Obj::Node(id) => {
                2u8.hash(&mut h);
                id.hash(&mut h);
            }
            Obj::List(_) => return None,
        }
        Some(h.finish())
    }

    fn same(a: &Obj<'_>, b: &Obj<'_>) -> bool {
        match (a, b) {
            (Obj::Value(x), Obj::Value(y)) => x == y,
            (Obj::Node(x), Obj::Node(y)) => x == y,
            _ => false,
        }
    }

    fn add_unique(&mut self, o: Obj<'a>) {
        if matches!(o, Obj::List(_)) {
            self.items.push(o);
            return;
        }
        if self.seen.is_none() && self.items.len() >= SCAN_LIMIT {
            let mut set = FastMap::default();
            for fp in self.items.iter().filter_map(Self::fingerprint) {
                set.insert(fp, ());
            }
            self.seen = Some(set);
        }
        let duplicate = match (&mut self.seen, Self::fingerprint(&o)) {
            (Some(set), Some(fp)) => {
                set.insert(fp, ()).is_some() && self.items.iter().any(|x| Self::same(x, &o))
            }
            _ => self.items.iter().any(|x| Self::same(x, &o)),
        };
        if !duplicate {
            self.items.push(o);
        }
    }
}

struct Node<'a> {
    types: Values<'a>,
    index: Option<&'a Value>,
    props: Vec<(Id<'a>, Values<'a>)>,
    /// Built once a node has more than [`SCAN_LIMIT`] properties.
    prop_index: Option<FastMap<Id<'a>, usize>>,
}

impl<'a> Node<'a> {
    fn new() -> Self {
        Node {
            types: Values::default(),
            index: None,
            props: Vec::new(),
            prop_index: None,
        }
    }

    fn prop(&mut self, p: &Id<'a>) -> &mut Values<'a> {
        let found = match &self.prop_index {
            Some(ix) => ix.get(p).copied(),
            None => self.props.iter().position(|(k, _)| k == p),
        };
        let i = match found {
            Some(i) => i,
            None => {
                self.props.push((p.clone(), Values::default()));
                let i = self.props.len() - 1;
                if let Some(ix) = &mut self.prop_index {
                    ix.insert(p.clone(), i);
                } else if self.props.len() > SCAN_LIMIT {
                    self.prop_index = Some(
                        self.props
                            .iter()
                            .enumerate()
                            .map(|(i, (k, _))| (k.clone(), i))
                            .collect(),
                    );
                }
                i
            }
        };
        &mut self.props[i].1
    }
}

#[derive(Default)]
struct Graph<'a> {
    nodes: Vec<(Id<'a>, Node<'a>)>,
    index: FastMap<Id<'a>, usize>,
}

impl<'a> Graph<'a> {
    fn node(&mut self, id: &Id<'a>) -> &mut Node<'a> {
        let i = match self.index.get(id) {
            Some(i) => *i,
            None => {
                self.nodes.push((id.clone(), Node::new()));
                let i = self.nodes.len() - 1;
                self.index.insert(id.clone(), i);
                i
            }
        };
        &mut self.nodes[i].1
    }
}

#[derive(Default)]
struct BlankIds {
    map: FastMap<String, String>,
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

#[derive(Clone)]
enum Subject<'s, 'a> {
    None,
    Id(&'s Id<'a>),
    Reverse(&'s Id<'a>),
}

struct Gen<'a> {
    ids: BlankIds,
    /// `None` key: the default graph.
    graphs: Vec<(Option<Id<'a>>, Graph<'a>)>,
    graph_index: FastMap<Option<Id<'a>>, usize>,
}

fn as_slice(v: &Value) -> &[Value] {
    match v {
        Value::Array(a) => a,
        other => std::slice::from_ref(other),
    }
}

impl<'a> Gen<'a> {
    fn graph(&mut self, g: &Option<Id<'a>>) -> &mut Graph<'a> {
        let i = match self.graph_index.get(g) {
            Some(i) => *i,
            None => {
                self.graphs.push((g.clone(), Graph::default()));
                let i = self.graphs.len() - 1;
                self.graph_index.insert(g.clone(), i);
                i
            }
        };
        &mut self.graphs[i].1
    }

    fn label(&mut self, s: &'a str) -> Id<'a> {
        if is_blank_node(s) {
            Cow::Owned(self.ids.relabel(s))
        } else {
            Cow::Borrowed(s)
        }
    }

    fn generate(
        &mut self,
        element: &'a Value,
        graph: &Option<Id<'a>>,
        subj: Subject<'_, 'a>,
        prop: Option<&Id<'a>>,
        mut list: Option<&mut Vec<Obj<'a>>>,
    ) -> Result<()> {
        let m = match element {
            Value::Array(items) => {
                for item in items {
                    self.generate(item, graph, subj.clone(), prop, list.as_deref_mut())?;
                }
                return Ok(());
            }
            Value::Object(m) => m,
            _ => return Ok(()),
        };
        if m.contains_key("@value") {
            match (list, &subj, prop) {
                (Some(l), _, _) => l.push(Obj::Value(m)),
                (None, Subject::Id(s), Some(p)) => {
                    self.graph(graph).node(s).prop(p).add_unique(Obj::Value(m))
                }
                _ => {}
            }
            return Ok(());
        }
        if let Some(items) = m.get("@list") {
            let mut l = Vec::new();
            self.generate(items, graph, subj.clone(), prop, Some(&mut l))?;
            match (list, &subj, prop) {
                (Some(outer), _, _) => outer.push(Obj::List(l)),
                (None, Subject::Id(s), Some(p)) => {
                    self.graph(graph).node(s).prop(p).items.push(Obj::List(l))
                }
                _ => {}
            }
            return Ok(());
        }
        let id: Id<'a> = match m.get("@id") {
            // An @id that expanded to nothing: no node, no triple.
            Some(Value::Null) => return Ok(()),
            Some(Value::String(s)) => self.label(s),
            _ => Cow::Owned(self.ids.fresh()),
        };
        self.graph(graph).node(&id);
        match (&subj, prop) {
            (Subject::Reverse(rid), Some(p)) => {
                let r = Obj::Node((*rid).clone());
                self.graph(graph).node(&id).prop(p).add_unique(r);
            }
            (Subject::Id(s), Some(p)) => match list {
                Some(l) => l.push(Obj::Node(id.clone())),
                None => self
                    .graph(graph)
                    .node(s)
                    .prop(p)
                    .add_unique(Obj::Node(id.clone())),
            },
            _ => {
                if let Some(l) = list {
                    l.push(Obj::Node(id.clone()));
                }
            }
        }
        if let Some(types) = m.get("@type") {
            for t in as_slice(types) {
                if let Some(t) = t.as_str() {
                    let t = self.label(t);
                    self.graph(graph).node(&id).types.add_unique(Obj::Node(t));
                }
            }
        }
        if let Some(idx) = m.get("@index") {
            let node = self.graph(graph).node(&id);
            if node.index.is_some_and(|e| e != idx) {
                return err(
                    E::ConflictingIndexes,
                    format!("node {id} has two @index values"),
                );
            }
            node.index = Some(idx);
        }
        if let Some(Value::Object(rev)) = m.get("@reverse") {
            for (p, values) in rev {
                let p: Id<'a> = Cow::Borrowed(p);
                for v in as_slice(values) {
                    self.generate(v, graph, Subject::Reverse(&id), Some(&p), None)?;
                }
            }
        }
        if let Some(g) = m.get("@graph") {
            let name = Some(id.clone());
            self.graph(&name);
            self.generate(g, &name, Subject::None, None, None)?;
        }
        if let Some(inc) = m.get("@included") {
            self.generate(inc, graph, Subject::None, None, None)?;
        }
        for (p, v) in m {
            if matches!(
                p.as_str(),
                "@id" | "@type" | "@index" | "@reverse" | "@graph" | "@included"
            ) {
                continue;
            }
            let p = self.label(p);
            self.graph(graph).node(&id).prop(&p);
            self.generate(v, graph, Subject::Id(&id), Some(&p), None)?;
        }
        Ok(())
    }
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

struct Emitter<'o, 'a> {
    opts: &'o RdfOptions,
    ids: BlankIds,
    quads: Vec<Quad>,
    graph: Option<Term>,
    /// First safe-mode violation met inside a list.
    error: Option<JsonLdError>,
    /// IRIs and blank nodes already turned into terms.
    terms: FastMap<&'a str, Term>,
    owned_terms: FastMap<String, Term>,
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

impl<'a> Emitter<'_, 'a> {
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

    /// The term for a node id or IRI (`None` if not RDF-representable),
    /// allocated once per distinct string.
    fn term(&mut self, s: &Id<'a>) -> Option<Term> {
        let make = |s: &str| {
            if let Some(b) = s.strip_prefix("_:") {
                Some(Term::BlankNode(b.into()))
            } else if is_well_formed_iri(s) {
                Some(Term::Iri(Str::from(s)))
            } else {
                None
            }
        };
        match s {
            Cow::Borrowed(b) => {
                if let Some(t) = self.terms.get(b) {
                    return Some(t.clone());
                }
                let t = make(b)?;
                self.terms.insert(b, t.clone());
                Some(t)
            }
            Cow::Owned(o) => {
                if let Some(t) = self.owned_terms.get(o) {
                    return Some(t.clone());
                }
                let t = make(o)?;
                self.owned_terms.insert(o.clone(), t.clone());
                Some(t)
            }
        }
    }

    /// A datatype IRI shared by every literal of that type (one allocation per distinct type).
    fn shared(&mut self, s: &'a str) -> Str {
        if let Some(Term::Iri(i)) = self.terms.get(s) {
            return i.clone();
        }
        let i = Str::from(s);
        self.terms.insert(s, Term::Iri(i.clone()));
        i
    }

    fn static_iri(&mut self, s: &'static str) -> Term {
        self.term(&Cow::Borrowed(s))
            .unwrap_or_else(|| Term::Iri(s.into()))
    }

    fn object(&mut self, item: &Obj<'a>) -> Result<Option<Term>> {
        let o = self.object_inner(item);
        match self.error.take() {
            Some(e) => Err(e),
            None => Ok(o),
        }
    }

    fn object_inner(&mut self, item: &Obj<'a>) -> Option<Term> {
        match item {
            Obj::Node(id) => self.term(id),
            Obj::List(l) => Some(self.list(l)),
            Obj::Value(m) => self.literal(m),
        }
    }

    fn literal(&mut self, m: &'a Map<String, Value>) -> Option<Term> {
        let value = m.get("@value")?;
        // Borrowed from the expanded document where possible: converting to the shared `Str`
        // then copies once.
        let mut datatype: Option<Cow<'a, str>> =
            m.get("@type").and_then(Value::as_str).map(Cow::Borrowed);
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
        let lexical: Cow<'a, str>;
        if datatype.as_deref() == Some("@json") {
            // RFC 8785 form, from the crate's one JCS writer (fails only on non-finite numbers,
            // which a `Value` never holds).
            lexical = Cow::Owned(crate::jcs::to_string(value).ok()?);
            datatype = Some(Cow::Borrowed(RDF_JSON));
        } else {
            match value {
                Value::Bool(b) => {
                    lexical = Cow::Borrowed(if *b { "true" } else { "false" });
                    datatype.get_or_insert(Cow::Borrowed(XSD_BOOLEAN));
                }
                Value::Number(n) => {
                    let f = n.as_f64().unwrap_or(0.0);
                    let is_int = n.is_i64() || n.is_u64();
                    let fractional = !is_int && (f.fract() != 0.0 || f.abs() >= 1e21);
                    if fractional || datatype.as_deref() == Some(XSD_DOUBLE) {
                        lexical = Cow::Owned(canonical_double(f));
                        datatype.get_or_insert(Cow::Borrowed(XSD_DOUBLE));
                    } else {
                        // JSON-LD numbers are IEEE doubles: integers beyond 2^53
                        // print as the double they denote (as JavaScript
                        // processors do), not as the exact digits received.
                        const EXACT: u64 = 1 << 53;
                        lexical = Cow::Owned(
                            if let Some(i) = n.as_i64().filter(|i| i.unsigned_abs() <= EXACT) {
                                i.to_string()
                            } else if let Some(u) = n.as_u64().filter(|u| *u <= EXACT) {
                                u.to_string()
                            } else if f == 0.0 {
                                "0".to_owned()
                            } else {
                                format!("{f:.0}")
                            },
                        );
                        datatype.get_or_insert(Cow::Borrowed(XSD_INTEGER));
                    }
                }
                Value::String(s) => {
                    lexical = Cow::Borrowed(s);
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
            (Some(Cow::Borrowed(d)), _) => (self.shared(d), None),
            (Some(Cow::Owned(d)), _) => (d.into(), None),
            (None, Some(l)) => (self.shared(RDF_LANG_STRING), Some(l.into())),
            (None, None) => (self.shared(XSD_STRING), None),
        };
        Some(Term::Literal(Literal {
            value: lexical.into(),
            datatype,
            language,
        }))
    }

    fn list(&mut self, items: &[Obj<'a>]) -> Term {
        let nil = self.static_iri(RDF_NIL);
        if items.is_empty() {
            return nil;
        }
        let first = self.static_iri(RDF_FIRST);
        let rest_p = self.static_iri(RDF_REST);
        let nodes: Vec<Term> = items.iter().map(|_| self.fresh()).collect();
        for (i, (item, subject)) in items.iter().zip(&nodes).enumerate() {
            match self.object_inner(item) {
                Some(o) => self.push(subject.clone(), first.clone(), o),
                None => {
                    if let Err(e) = dropped(self.opts, describe(item)) {
                        self.error.get_or_insert(e);
                    }
                }
            }
            let rest = nodes.get(i + 1).cloned().unwrap_or_else(|| nil.clone());
            self.push(subject.clone(), rest_p.clone(), rest);
        }
        nodes.into_iter().next().unwrap_or(nil)
    }
}

fn describe(o: &Obj<'_>) -> String {
    match o {
        Obj::Value(m) => format!("value {}", Value::Object((*m).clone())),
        Obj::Node(id) => format!("node {id:?}"),
        Obj::List(_) => "list".to_owned(),
    }
}

/// Expanded JSON-LD → RDF quads.
pub(crate) fn to_rdf(expanded: &[Value], opts: &RdfOptions) -> Result<Vec<Quad>> {
    let mut g = Gen {
        ids: BlankIds::default(),
        graphs: Vec::new(),
        graph_index: FastMap::default(),
    };
    g.graph(&None);
    for e in expanded {
        g.generate(e, &None, Subject::None, None, None)?;
    }
    let mut em = Emitter {
        opts,
        // Continue numbering after node-map labels.
        ids: BlankIds {
            map: FastMap::default(),
            counter: g.ids.counter,
        },
        quads: Vec::new(),
        graph: None,
        error: None,
        terms: FastMap::default(),
        owned_terms: FastMap::default(),
    };
    let rdf_type = em.static_iri(RDF_TYPE);
    for (gname, graph) in &g.graphs {
        em.graph = match gname {
            None => None,
            Some(n) => match em.term(n) {
                Some(t) => Some(t),
                None => {
                    dropped(opts, format!("graph name {n:?}"))?;
                    continue;
                }
            },
        };
        for (subject, node) in &graph.nodes {
            let Some(s) = em.term(subject) else {
                dropped(opts, format!("subject {subject:?}"))?;
                continue;
            };
            for t in &node.types.items {
                match em.object(t)? {
                    Some(o) => em.push(s.clone(), rdf_type.clone(), o),
                    None => dropped(opts, format!("type {}", describe(t)))?,
                }
            }
            for (p, values) in &node.props {
                if p.starts_with('@') {
                    continue;
                }
                let pt = match em.term(p) {
                    Some(Term::Iri(i)) => Term::Iri(i),
                    _ => {
                        dropped(opts, format!("property {p:?}"))?;
                        continue;
                    }
                };
                for item in &values.items {
                    match em.object(item)? {
                        Some(o) => em.push(s.clone(), pt.clone(), o),
                        None => dropped(opts, format!("{} of {p:?}", describe(item)))?,
                    }
                }
            }
        }
    }
    Ok(em.quads)
}
