//! Node Map Generation (§7.2) and Deserialize JSON-LD to RDF (§8.1).
//!
//! The node map borrows from the expanded tree (value objects and IRIs are
//! never copied) and keeps insertion order. IRIs the tree shares with the
//! contexts become terms by an `Arc` clone; other IRIs are interned once per
//! call.

use std::hash::{BuildHasher, Hash, Hasher};

use smallvec::SmallVec;

use super::error::{ErrorCode as E, JsonLdError, Result, err};
use super::expand::well_formed_language;
use super::expanded::{Ex, Scalar, Text};
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

/// A node identifier (or IRI) in the node map.
#[derive(Clone, Debug)]
enum Id<'t> {
    /// A well-formed IRI shared with a term definition.
    Shared(&'t Str),
    /// Any other IRI, borrowed from the expanded tree (or `'static`).
    Iri(&'t str),
    /// A blank node, relabelled: the label without `_:`.
    Blank(Str),
}

impl Id<'_> {
    fn is_blank(&self) -> bool {
        matches!(self, Id::Blank(_))
    }

    fn as_str(&self) -> &str {
        match self {
            Id::Shared(s) => s,
            Id::Iri(s) => s,
            Id::Blank(s) => s,
        }
    }
}

/// IRIs compare by content however they are held; blank nodes only with blank nodes.
impl PartialEq for Id<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            // The same term definition's IRI: no string comparison.
            (Id::Shared(a), Id::Shared(b)) if Str::ptr_eq(a, b) => true,
            _ => self.is_blank() == other.is_blank() && self.as_str() == other.as_str(),
        }
    }
}

impl Eq for Id<'_> {}

impl Hash for Id<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.is_blank().hash(h);
        self.as_str().hash(h);
    }
}

/// Error messages show ids as the expanded document spells them.
impl std::fmt::Display for Id<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Id::Blank(b) => write!(f, "_:{b}"),
            other => f.write_str(other.as_str()),
        }
    }
}

/// `{:?}` of an id: the quoted string, as `Cow<str>` printed before.
struct Quoted<'x, 't>(&'x Id<'t>);

impl std::fmt::Debug for Quoted<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.0.to_string(), f)
    }
}

/// A string of the expanded tree as an IRI id, as written (no relabelling).
fn iri_of<'t>(v: &'t Ex<'t>) -> Option<Id<'t>> {
    match v {
        Ex::Str(Text::Iri(s)) => Some(Id::Shared(s)),
        other => other.as_str_t().map(Id::Iri),
    }
}

fn iri(s: &str) -> Term {
    Term::Iri(Str::from(s))
}

/// The `@type` of a value object.
enum LiteralType<'t> {
    Plain,
    Json,
    Iri(Id<'t>),
}

/// A value in the node map.
enum Obj<'t> {
    /// A value object of the expanded tree (either shape).
    Value(&'t Ex<'t>),
    /// A reference to a node (`{"@id": …}`).
    Node(Id<'t>),
    /// A list object.
    List(Vec<Obj<'t>>),
}

/// The values of one property. "Add if not already present" scans while
/// small and switches to a fingerprint set beyond [`SCAN_LIMIT`] entries, so
/// large arrays cost no quadratic work.
#[derive(Default)]
struct Values<'t> {
    /// Most properties have one value: kept inline, no allocation.
    items: SmallVec<[Obj<'t>; 1]>,
    seen: Option<FastMap<u64, ()>>,
}

const SCAN_LIMIT: usize = 16;

fn fingerprint_state() -> &'static foldhash::fast::RandomState {
    static S: std::sync::OnceLock<foldhash::fast::RandomState> = std::sync::OnceLock::new();
    S.get_or_init(Default::default)
}

impl<'t> Values<'t> {
    fn fingerprint(o: &Obj<'_>) -> Option<u64> {
        let mut h = fingerprint_state().build_hasher();
        match o {
            Obj::Value(m) => {
                1u8.hash(&mut h);
                m.hash_into(&mut h);
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

    fn add_unique(&mut self, o: Obj<'t>) {
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
        // A fingerprint not seen before proves the value new; few values (the
        // common case) are scanned without hashing anything.
        let new = match &mut self.seen {
            Some(set) => Self::fingerprint(&o).is_some_and(|fp| set.insert(fp, ()).is_none()),
            None => false,
        };
        let duplicate = !new && self.items.iter().any(|x| Self::same(x, &o));
        if !duplicate {
            self.items.push(o);
        }
    }
}

struct Node<'t> {
    types: Values<'t>,
    index: Option<&'t Ex<'t>>,
    props: Vec<(Id<'t>, Values<'t>)>,
    /// Built once a node has more than [`SCAN_LIMIT`] properties.
    prop_index: Option<FastMap<Id<'t>, usize>>,
}

impl<'t> Node<'t> {
    fn new() -> Self {
        Node {
            types: Values::default(),
            index: None,
            props: Vec::new(),
            prop_index: None,
        }
    }

    fn prop(&mut self, p: &Id<'t>) -> &mut Values<'t> {
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

struct Graph<'t> {
    nodes: Vec<(Id<'t>, Node<'t>)>,
    index: FastMap<Id<'t>, usize>,
}

/// Maps are sized for a typical credential's node and IRI counts up front,
/// rather than rehashed as they grow.
const TYPICAL_NODES: usize = 16;
const TYPICAL_IRIS: usize = 32;

impl<'t> Graph<'t> {
    fn new() -> Self {
        Graph {
            nodes: Vec::with_capacity(TYPICAL_NODES),
            index: FastMap::with_capacity_and_hasher(TYPICAL_NODES, Default::default()),
        }
    }

    /// The position of node `id`, added if new.
    fn node_index(&mut self, id: &Id<'t>) -> usize {
        match self.index.get(id) {
            Some(i) => *i,
            None => {
                self.nodes.push((id.clone(), Node::new()));
                let i = self.nodes.len() - 1;
                self.index.insert(id.clone(), i);
                i
            }
        }
    }
}

/// Blank node labels `b0`, `b1`, … and the relabelling of the document's own.
#[derive(Default)]
struct BlankIds<'t> {
    map: FastMap<&'t str, Str>,
    counter: usize,
    buf: String,
}

impl<'t> BlankIds<'t> {
    fn fresh(&mut self) -> Str {
        use std::fmt::Write;
        self.buf.clear();
        // Writing to a `String` cannot fail.
        let _ = write!(self.buf, "b{}", self.counter);
        self.counter += 1;
        Str::from(self.buf.as_str())
    }

    fn relabel(&mut self, old: &'t str) -> Str {
        if let Some(n) = self.map.get(old) {
            return n.clone();
        }
        let n = self.fresh();
        self.map.insert(old, n.clone());
        n
    }
}

/// The node being described, with its position in the current graph (so
/// adding each value does not hash its id again).
#[derive(Clone)]
enum Subject<'s, 't> {
    None,
    Id(usize),
    Reverse(&'s Id<'t>),
}

struct Gen<'t> {
    ids: BlankIds<'t>,
    /// `None` key: the default graph.
    graphs: Vec<(Option<Id<'t>>, Graph<'t>)>,
    graph_index: FastMap<Option<Id<'t>>, usize>,
}

fn as_slice<'x, 't>(v: &'x Ex<'t>) -> &'x [Ex<'t>] {
    match v {
        Ex::Array(a) => a,
        other => std::slice::from_ref(other),
    }
}

impl<'t> Gen<'t> {
    /// The position of graph `g`, added if new.
    fn graph_index(&mut self, g: &Option<Id<'t>>) -> usize {
        match self.graph_index.get(g) {
            Some(i) => *i,
            None => {
                self.graphs.push((g.clone(), Graph::new()));
                let i = self.graphs.len() - 1;
                self.graph_index.insert(g.clone(), i);
                i
            }
        }
    }

    /// Node `n` of graph `g` (positions handed out by `graph_index` and `node_index`).
    fn node(&mut self, g: usize, n: usize) -> &mut Node<'t> {
        &mut self.graphs[g].1.nodes[n].1
    }

    fn label(&mut self, s: &'t Text<'t>) -> Id<'t> {
        if is_blank_node(s) {
            Id::Blank(self.ids.relabel(s))
        } else if let Text::Iri(a) = s {
            Id::Shared(a)
        } else {
            Id::Iri(s)
        }
    }

    /// [`Self::label`] for a string that may also be a document value.
    fn label_ex(&mut self, v: &'t Ex<'t>) -> Option<Id<'t>> {
        match v {
            Ex::Str(t) => Some(self.label(t)),
            Ex::Doc(serde_json::Value::String(s)) => Some(if is_blank_node(s) {
                Id::Blank(self.ids.relabel(s))
            } else {
                Id::Iri(s)
            }),
            _ => None,
        }
    }

    fn generate(
        &mut self,
        element: &'t Ex<'t>,
        graph: usize,
        subj: Subject<'_, 't>,
        prop: Option<&Id<'t>>,
        mut list: Option<&mut Vec<Obj<'t>>>,
    ) -> Result<()> {
        let m = match element {
            Ex::Array(items) => {
                for item in items {
                    self.generate(item, graph, subj.clone(), prop, list.as_deref_mut())?;
                }
                return Ok(());
            }
            Ex::Object(m) if !m.contains_key("@value") => m,
            Ex::Object(_) | Ex::Value(..) => {
                match (list, &subj, prop) {
                    (Some(l), _, _) => l.push(Obj::Value(element)),
                    (None, Subject::Id(s), Some(p)) => {
                        self.node(graph, *s).prop(p).add_unique(Obj::Value(element))
                    }
                    _ => {}
                }
                return Ok(());
            }
            _ => return Ok(()),
        };
        if let Some(items) = m.get("@list") {
            let mut l = Vec::new();
            self.generate(items, graph, subj.clone(), prop, Some(&mut l))?;
            match (list, &subj, prop) {
                (Some(outer), _, _) => outer.push(Obj::List(l)),
                (None, Subject::Id(s), Some(p)) => {
                    self.node(graph, *s).prop(p).items.push(Obj::List(l))
                }
                _ => {}
            }
            return Ok(());
        }
        let id: Id<'t> = match m.get("@id") {
            // An @id that expanded to nothing: no node, no triple.
            Some(v) if v.is_null() => return Ok(()),
            Some(v) => match self.label_ex(v) {
                Some(id) => id,
                None => Id::Blank(self.ids.fresh()),
            },
            None => Id::Blank(self.ids.fresh()),
        };
        let this = self.graphs[graph].1.node_index(&id);
        match (&subj, prop) {
            (Subject::Reverse(rid), Some(p)) => {
                let r = Obj::Node((*rid).clone());
                self.node(graph, this).prop(p).add_unique(r);
            }
            (Subject::Id(s), Some(p)) => match list {
                Some(l) => l.push(Obj::Node(id.clone())),
                None => self
                    .node(graph, *s)
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
                if let Some(t) = self.label_ex(t) {
                    self.node(graph, this).types.add_unique(Obj::Node(t));
                }
            }
        }
        if let Some(idx) = m.get("@index") {
            let node = self.node(graph, this);
            if node.index.is_some_and(|e| e != idx) {
                return err(
                    E::ConflictingIndexes,
                    format!("node {id} has two @index values"),
                );
            }
            node.index = Some(idx);
        }
        if let Some(Ex::Object(rev)) = m.get("@reverse") {
            for (p, values) in rev.iter() {
                let p = Id::Iri(p);
                for v in as_slice(values) {
                    self.generate(v, graph, Subject::Reverse(&id), Some(&p), None)?;
                }
            }
        }
        if let Some(g) = m.get("@graph") {
            let name = self.graph_index(&Some(id.clone()));
            self.generate(g, name, Subject::None, None, None)?;
        }
        if let Some(inc) = m.get("@included") {
            self.generate(inc, graph, Subject::None, None, None)?;
        }
        for (p, v) in m.iter() {
            if matches!(
                &**p,
                "@id" | "@type" | "@index" | "@reverse" | "@graph" | "@included"
            ) {
                continue;
            }
            let p = self.label(p);
            self.node(graph, this).prop(&p);
            self.generate(v, graph, Subject::Id(this), Some(&p), None)?;
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

struct Emitter<'o, 't> {
    opts: &'o RdfOptions,
    ids: BlankIds<'t>,
    quads: Vec<Quad>,
    graph: Option<Term>,
    /// First safe-mode violation met inside a list.
    error: Option<JsonLdError>,
    /// IRIs not known well formed, turned into terms once per call.
    terms: FastMap<&'t str, Term>,
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

impl<'t> Emitter<'_, 't> {
    fn push(&mut self, s: Term, p: Term, o: Term) {
        self.quads.push(Quad {
            subject: s,
            predicate: p,
            object: o,
            graph: self.graph.clone(),
        });
    }

    fn fresh(&mut self) -> Term {
        Term::BlankNode(self.ids.fresh())
    }

    /// The term for a node id or IRI (`None` if not RDF-representable):
    /// shared IRIs by an `Arc` clone, others allocated once per distinct string.
    fn term(&mut self, id: &Id<'t>) -> Option<Term> {
        match id {
            Id::Blank(b) => Some(Term::BlankNode(b.clone())),
            // Checked when the context was processed.
            Id::Shared(s) => Some(Term::Iri(Str::clone(s))),
            Id::Iri(s) => self.interned(s),
        }
    }

    fn interned(&mut self, s: &'t str) -> Option<Term> {
        if let Some(t) = self.terms.get(s) {
            return Some(t.clone());
        }
        let t = if let Some(b) = s.strip_prefix("_:") {
            Term::BlankNode(b.into())
        } else if is_well_formed_iri(s) {
            Term::Iri(Str::from(s))
        } else {
            return None;
        };
        self.terms.insert(s, t.clone());
        Some(t)
    }

    /// A datatype IRI shared by every literal of that type (one allocation per distinct type).
    fn shared(&mut self, s: &'t str) -> Str {
        if let Some(Term::Iri(i)) = self.terms.get(s) {
            return i.clone();
        }
        let i = Str::from(s);
        self.terms.insert(s, Term::Iri(i.clone()));
        i
    }

    fn static_iri(&mut self, s: &'static str) -> Term {
        Term::Iri(self.shared(s))
    }

    fn object(&mut self, item: &Obj<'t>) -> Result<Option<Term>> {
        let o = self.object_inner(item);
        match self.error.take() {
            Some(e) => Err(e),
            None => Ok(o),
        }
    }

    fn object_inner(&mut self, item: &Obj<'t>) -> Option<Term> {
        match item {
            Obj::Node(id) => self.term(id),
            Obj::List(l) => Some(self.list(l)),
            Obj::Value(m) => self.literal(m),
        }
    }

    fn literal(&mut self, v: &'t Ex<'t>) -> Option<Term> {
        match v {
            Ex::Value(value, ty) => {
                let ty = match ty.as_deref() {
                    Some("@json") => LiteralType::Json,
                    Some(t) => LiteralType::Iri(Id::Iri(t)),
                    None => LiteralType::Plain,
                };
                self.literal_of(&Ex::Doc(value), ty, None, None)
            }
            Ex::Object(m) => {
                let value = m.get("@value")?;
                let ty = match m.get("@type") {
                    Some(d) if d.as_str() == Some("@json") => LiteralType::Json,
                    Some(d) => LiteralType::Iri(iri_of(d)?),
                    None => LiteralType::Plain,
                };
                let language = m.get("@language").filter(|l| l.is_string());
                let direction = m.get("@direction").and_then(Ex::as_str);
                self.literal_of(value, ty, language, direction)
            }
            _ => None,
        }
    }

    /// The literal of a value object's `@value`, `@type`, `@language` and `@direction`.
    fn literal_of(
        &mut self,
        value: &Ex<'_>,
        ty: LiteralType<'t>,
        language_ex: Option<&Ex<'_>>,
        direction: Option<&str>,
    ) -> Option<Term> {
        let language = language_ex.and_then(Ex::as_str);
        let mut datatype: Option<Str> = None;
        let mut json = false;
        match ty {
            LiteralType::Json => json = true,
            LiteralType::Iri(id) => match self.term(&id)? {
                Term::Iri(i) => datatype = Some(i),
                _ => return None,
            },
            LiteralType::Plain => {}
        }
        if let Some(l) = language {
            if !well_formed_language(l) {
                return None;
            }
        }
        let lexical: Str;
        if json {
            // RFC 8785 form, from the crate's one JCS writer (fails only on non-finite numbers,
            // which a `Value` never holds).
            lexical = match value {
                Ex::Doc(v) => crate::jcs::to_string(v).ok()?,
                other => crate::jcs::to_string(&other.to_value()).ok()?,
            }
            .into();
            datatype = Some(self.shared(RDF_JSON));
        } else {
            match value.scalar() {
                Scalar::Bool(b) => {
                    lexical = Str::from(if b { "true" } else { "false" });
                    if datatype.is_none() {
                        datatype = Some(self.shared(XSD_BOOLEAN));
                    }
                }
                Scalar::Number(n) => {
                    let f = n.as_f64().unwrap_or(0.0);
                    let is_int = n.is_i64() || n.is_u64();
                    let fractional = !is_int && (f.fract() != 0.0 || f.abs() >= 1e21);
                    if fractional || datatype.as_deref() == Some(XSD_DOUBLE) {
                        lexical = canonical_double(f).into();
                        if datatype.is_none() {
                            datatype = Some(self.shared(XSD_DOUBLE));
                        }
                    } else {
                        // JSON-LD numbers are IEEE doubles: integers beyond 2^53
                        // print as the double they denote (as JavaScript
                        // processors do), not as the exact digits received.
                        const EXACT: u64 = 1 << 53;
                        lexical = if let Some(i) = n.as_i64().filter(|i| i.unsigned_abs() <= EXACT)
                        {
                            i.to_string()
                        } else if let Some(u) = n.as_u64().filter(|u| *u <= EXACT) {
                            u.to_string()
                        } else if f == 0.0 {
                            "0".to_owned()
                        } else {
                            format!("{f:.0}")
                        }
                        .into();
                        if datatype.is_none() {
                            datatype = Some(self.shared(XSD_INTEGER));
                        }
                    }
                }
                Scalar::Str(s) => lexical = s.into(),
                Scalar::Null | Scalar::Composite => return None,
            }
        }
        if let (Some(dir), Some(mode)) = (direction, self.opts.direction) {
            let lang = language.map(str::to_ascii_lowercase).unwrap_or_default();
            match mode {
                RdfDirection::I18nDatatype => {
                    return Some(Term::Literal(Literal {
                        value: lexical,
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
                            value: lexical,
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
            (Some(d), _) => (d, None),
            (None, Some(l)) => (
                self.shared(RDF_LANG_STRING),
                Some(match language_ex {
                    Some(Ex::Str(Text::Shared(s))) => s.clone(),
                    _ => l.into(),
                }),
            ),
            (None, None) => (self.shared(XSD_STRING), None),
        };
        Some(Term::Literal(Literal {
            value: lexical,
            datatype,
            language,
        }))
    }

    fn list(&mut self, items: &[Obj<'t>]) -> Term {
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
        Obj::Value(v) => format!("value {}", v.to_value()),
        Obj::Node(id) => format!("node {:?}", Quoted(id)),
        Obj::List(_) => "list".to_owned(),
    }
}

/// Expanded JSON-LD → RDF quads.
pub(crate) fn to_rdf<'t>(expanded: &'t [Ex<'t>], opts: &RdfOptions) -> Result<Vec<Quad>> {
    let mut g = Gen {
        ids: BlankIds::default(),
        graphs: Vec::new(),
        graph_index: FastMap::default(),
    };
    let default_graph = g.graph_index(&None);
    for e in expanded {
        g.generate(e, default_graph, Subject::None, None, None)?;
    }
    // One quad per type and value (lists and compound literals add more):
    // sized once instead of grown.
    let estimate: usize = g
        .graphs
        .iter()
        .flat_map(|(_, graph)| &graph.nodes)
        .map(|(_, n)| {
            n.types.items.len() + n.props.iter().map(|(_, v)| v.items.len()).sum::<usize>()
        })
        .sum();
    let mut em = Emitter {
        opts,
        // Continue numbering after node-map labels.
        ids: BlankIds {
            counter: g.ids.counter,
            ..BlankIds::default()
        },
        quads: Vec::with_capacity(estimate),
        graph: None,
        error: None,
        terms: FastMap::with_capacity_and_hasher(TYPICAL_IRIS, Default::default()),
    };
    let rdf_type = em.static_iri(RDF_TYPE);
    for (gname, graph) in &g.graphs {
        em.graph = match gname {
            None => None,
            Some(n) => match em.term(n) {
                Some(t) => Some(t),
                None => {
                    dropped(opts, format!("graph name {:?}", Quoted(n)))?;
                    continue;
                }
            },
        };
        for (subject, node) in &graph.nodes {
            let Some(s) = em.term(subject) else {
                dropped(opts, format!("subject {:?}", Quoted(subject)))?;
                continue;
            };
            for t in &node.types.items {
                match em.object(t)? {
                    Some(o) => em.push(s.clone(), rdf_type.clone(), o),
                    None => dropped(opts, format!("type {}", describe(t)))?,
                }
            }
            for (p, values) in &node.props {
                if p.as_str().starts_with('@') {
                    continue;
                }
                let pt = match em.term(p) {
                    Some(Term::Iri(i)) => Term::Iri(i),
                    _ => {
                        dropped(opts, format!("property {:?}", Quoted(p)))?;
                        continue;
                    }
                };
                for item in &values.items {
                    match em.object(item)? {
                        Some(o) => em.push(s.clone(), pt.clone(), o),
                        None => dropped(opts, format!("{} of {:?}", describe(item), Quoted(p)))?,
                    }
                }
            }
        }
    }
    Ok(em.quads)
}
