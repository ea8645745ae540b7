//! RDF terms, quads and N-Quads text: the meeting point of the `jsonld`
//! (producer) and `rdfc` (canonicalizer) modules.
//!
//! Strings are `Arc<str>` so that IRIs computed once while processing a
//! JSON-LD context can be shared by every quad that uses them without a
//! fresh allocation per quad.

use std::sync::Arc;

/// Shared, immutable string used for every part of a term.
pub type Str = Arc<str>;

/// The IRI of `xsd:string`, the datatype of a plain literal.
pub const XSD_STRING: &str = "http://www.w3.org/2001/XMLSchema#string";
/// The IRI of `rdf:langString`, the datatype of a language-tagged literal.
pub const RDF_LANG_STRING: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";

/// An RDF term: IRI, blank node or literal.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Term {
    /// An absolute IRI, without the angle brackets.
    Iri(Str),
    /// A blank node label, without the leading `_:`.
    BlankNode(Str),
    /// A literal value.
    Literal(Literal),
}

/// An RDF literal. `language` is set only when `datatype` is `rdf:langString`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Literal {
    /// The lexical form.
    pub value: Str,
    /// The datatype IRI (`xsd:string` for plain strings).
    pub datatype: Str,
    /// The language tag of an `rdf:langString` literal.
    pub language: Option<Str>,
}

/// One statement of an RDF dataset. `graph` is `None` for the default graph.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Quad {
    /// Subject: IRI or blank node.
    pub subject: Term,
    /// Predicate: an IRI.
    pub predicate: Term,
    /// Object: any term.
    pub object: Term,
    /// Graph name: IRI or blank node, `None` for the default graph.
    pub graph: Option<Term>,
}
