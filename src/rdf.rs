//! RDF terms, quads and N-Quads text: the meeting point of the `jsonld`
//! (producer) and `rdfc` (canonicalizer) modules.
//!
//! Strings are `Arc<str>` so that IRIs computed once while processing a
//! JSON-LD context can be shared by every quad that uses them without a
//! fresh allocation per quad.
//!
//! Serialization follows the *canonical* N-Quads form of RDF 1.2 / RDFC-1.0:
//! IRIs are written as they are, literals escape only `"`, `\\`, the
//! control characters (`\b \t \n \f \r` by name, the rest as upper-case
//! `\uXXXX`) and U+007F; `xsd:string` is never written and a language tag
//! replaces `rdf:langString`.
//!
//! ```
//! use openbadges::rdf::{parse_nquads, to_nquads, Literal, Quad, Term};
//!
//! let quad = Quad::new(
//!     Term::blank("b0"),
//!     Term::iri("https://schema.org/name"),
//!     Literal::lang("Caf\u{e9}\n", "fr"),
//!     None,
//! );
//! let text = to_nquads(&[quad.clone()]);
//! assert_eq!(text, "_:b0 <https://schema.org/name> \"Caf\u{e9}\\n\"@fr .\n");
//! assert_eq!(parse_nquads(&text)?, vec![quad]);
//! # Ok::<(), openbadges::rdf::NQuadsError>(())
//! ```

use std::fmt;
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

impl Term {
    /// An IRI term (`value` is the absolute IRI, without angle brackets).
    pub fn iri(value: impl Into<Str>) -> Self {
        Term::Iri(value.into())
    }

    /// A blank node term (`label` is written without the leading `_:`).
    pub fn blank(label: impl Into<Str>) -> Self {
        Term::BlankNode(label.into())
    }

    /// True for a blank node.
    pub fn is_blank_node(&self) -> bool {
        matches!(self, Term::BlankNode(_))
    }

    /// Appends the canonical N-Quads form of this term to `out`.
    pub fn write_nquads(&self, out: &mut String) {
        match self {
            Term::Iri(iri) => write_iri(iri, out),
            Term::BlankNode(label) => {
                out.push_str("_:");
                out.push_str(label);
            }
            Term::Literal(literal) => literal.write_nquads(out),
        }
    }
}

impl From<Literal> for Term {
    fn from(literal: Literal) -> Self {
        Term::Literal(literal)
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        self.write_nquads(&mut out);
        f.write_str(&out)
    }
}

impl Literal {
    /// A plain string literal (datatype `xsd:string`).
    pub fn string(value: impl Into<Str>) -> Self {
        Literal {
            value: value.into(),
            datatype: XSD_STRING.into(),
            language: None,
        }
    }

    /// A literal with the given datatype IRI.
    pub fn typed(value: impl Into<Str>, datatype: impl Into<Str>) -> Self {
        Literal {
            value: value.into(),
            datatype: datatype.into(),
            language: None,
        }
    }

    /// A language-tagged string (datatype `rdf:langString`).
    pub fn lang(value: impl Into<Str>, language: impl Into<Str>) -> Self {
        Literal {
            value: value.into(),
            datatype: RDF_LANG_STRING.into(),
            language: Some(language.into()),
        }
    }

    /// Appends the canonical N-Quads form of this literal to `out`: a
    /// language tag when there is one, otherwise `^^<datatype>` unless the
    /// datatype is `xsd:string`.
    pub fn write_nquads(&self, out: &mut String) {
        out.push('"');
        escape_literal(&self.value, out);
        out.push('"');
        if let Some(language) = &self.language {
            out.push('@');
            out.push_str(language);
        } else if &*self.datatype != XSD_STRING {
            out.push_str("^^");
            write_iri(&self.datatype, out);
        }
    }
}

impl Quad {
    /// A quad; `graph` is `None` for the default graph.
    pub fn new(
        subject: impl Into<Term>,
        predicate: impl Into<Term>,
        object: impl Into<Term>,
        graph: Option<Term>,
    ) -> Self {
        Quad {
            subject: subject.into(),
            predicate: predicate.into(),
            object: object.into(),
            graph,
        }
    }

    /// True when the subject, object or graph name is a blank node.
    pub fn has_blank_node(&self) -> bool {
        self.subject.is_blank_node()
            || self.object.is_blank_node()
            || self.graph.as_ref().is_some_and(Term::is_blank_node)
    }

    /// Appends this quad as one canonical N-Quads line, `\n` included.
    pub fn write_nquad(&self, out: &mut String) {
        self.subject.write_nquads(out);
        out.push(' ');
        self.predicate.write_nquads(out);
        out.push(' ');
        self.object.write_nquads(out);
        if let Some(graph) = &self.graph {
            out.push(' ');
            graph.write_nquads(out);
        }
        out.push_str(" .\n");
    }
}

/// The N-Quads statement without its line break.
impl fmt::Display for Quad {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        self.write_nquad(&mut out);
        f.write_str(out.strip_suffix('\n').unwrap_or(&out))
    }
}

/// Serializes quads as canonical N-Quads, one line per quad in the given
/// order (canonicalization, not this function, decides the order).
pub fn to_nquads(quads: &[Quad]) -> String {
    let mut out = String::with_capacity(quads.len() * 96);
    for quad in quads {
        quad.write_nquad(&mut out);
    }
    out
}

/// Writes `<iri>`: canonical N-Quads never escapes IRI characters.
pub(crate) fn write_iri(iri: &str, out: &mut String) {
    out.push('<');
    out.push_str(iri);
    out.push('>');
}

/// Escapes a literal's lexical form for canonical N-Quads.
pub(crate) fn escape_literal(value: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let bytes = value.as_bytes();
    // Most literals need no escaping; a branch-free scan (which the
    // compiler vectorizes) finds that out before the byte-by-byte loop.
    let needs_escape = bytes.iter().fold(false, |acc, &b| {
        acc | (b < 0x20) | (b == b'"') | (b == b'\\') | (b == 0x7F)
    });
    if !needs_escape {
        out.push_str(value);
        return;
    }
    // Copy the runs that need no escaping in one go; every byte that needs
    // escaping is ASCII, so the run boundaries are character boundaries.
    let mut run_start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let named = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0C => "\\f",
            0x00..=0x1F | 0x7F => "",
            _ => continue,
        };
        out.push_str(value.get(run_start..i).unwrap_or_default());
        run_start = i + 1;
        if named.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xF)]));
        } else {
            out.push_str(named);
        }
    }
    out.push_str(value.get(run_start..).unwrap_or_default());
}

/// A syntax error in N-Quads text, with its 1-based position.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("N-Quads syntax error at line {line}, column {column}: {kind}")]
pub struct NQuadsError {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// Byte offset of the error in the input.
    pub offset: usize,
    /// What was wrong.
    pub kind: NQuadsErrorKind,
}

/// What was wrong in N-Quads text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NQuadsErrorKind {
    /// A token other than the one the grammar requires here.
    #[error("expected {0}")]
    Expected(&'static str),
    /// A backslash not followed by a valid escape sequence.
    #[error("invalid escape sequence")]
    InvalidEscape,
    /// A `\u`/`\U` escape naming a surrogate or a value above U+10FFFF.
    #[error("escape names an invalid code point U+{0:X}")]
    InvalidCodePoint(u32),
    /// A character an IRI may not contain (raw or escaped).
    #[error("character {0:?} is not allowed in an IRI")]
    InvalidIriCharacter(char),
    /// An IRI without a scheme.
    #[error("IRI <{0}> is not absolute")]
    RelativeIri(String),
    /// A malformed `_:label`.
    #[error("invalid blank node label")]
    InvalidBlankNode,
    /// A malformed `@language` tag.
    #[error("invalid language tag")]
    InvalidLanguageTag,
    /// `^^rdf:langString` without a language tag.
    #[error("rdf:langString needs a language tag")]
    LangStringWithoutLanguage,
    /// A raw line break inside a string literal.
    #[error("line break inside a string literal")]
    LineBreakInString,
    /// Input ended inside a token.
    #[error("unexpected end of input inside {0}")]
    UnexpectedEnd(&'static str),
}

/// Parses N-Quads text (RDF 1.1 grammar, strict: absolute IRIs, valid
/// escapes, one statement per line, `#` comments and blank lines allowed).
///
/// ```
/// let quads = openbadges::rdf::parse_nquads("<urn:s> <urn:p> \"o\" . # note\n")?;
/// assert_eq!(quads.len(), 1);
/// let err = openbadges::rdf::parse_nquads("<urn:s> <urn:p> \"o\"\n").unwrap_err();
/// assert_eq!((err.line, err.column), (1, 20));
/// # Ok::<(), openbadges::rdf::NQuadsError>(())
/// ```
pub fn parse_nquads(input: &str) -> Result<Vec<Quad>, NQuadsError> {
    let mut parser = Parser {
        input,
        bytes: input.as_bytes(),
        pos: 0,
        buf: String::new(),
    };
    let mut quads = Vec::new();
    loop {
        parser.skip_blank_lines();
        if parser.pos >= parser.bytes.len() {
            return Ok(quads);
        }
        let quad = parser.statement().map_err(|(offset, kind)| {
            let (line, column) = line_column(input, offset);
            NQuadsError {
                line,
                column,
                offset,
                kind,
            }
        })?;
        quads.push(quad);
    }
}

/// 1-based line and character column of a byte offset.
fn line_column(input: &str, offset: usize) -> (usize, usize) {
    let before = input.get(..offset).unwrap_or(input);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

type ParseResult<T> = Result<T, (usize, NQuadsErrorKind)>;

struct Parser<'a> {
    input: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// Scratch buffer for tokens with escapes.
    buf: String,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn peek_char(&self) -> Option<char> {
        self.input.get(self.pos..).and_then(|s| s.chars().next())
    }

    fn error<T>(&self, kind: NQuadsErrorKind) -> ParseResult<T> {
        Err((self.pos, kind))
    }

    fn skip_spaces(&mut self) {
        while let Some(b' ' | b'\t') = self.peek() {
            self.pos += 1;
        }
    }

    fn skip_comment(&mut self) {
        if self.peek() == Some(b'#') {
            while let Some(b) = self.peek() {
                if b == b'\n' || b == b'\r' {
                    break;
                }
                self.pos += 1;
            }
        }
    }

    fn skip_blank_lines(&mut self) {
        loop {
            self.skip_spaces();
            self.skip_comment();
            match self.peek() {
                Some(b'\n' | b'\r') => self.pos += 1,
                _ => return,
            }
        }
    }

    fn statement(&mut self) -> ParseResult<Quad> {
        let subject = match self.peek() {
            Some(b'<') => self.iri()?,
            Some(b'_') => self.blank_node()?,
            _ => return self.error(NQuadsErrorKind::Expected("a subject (IRI or blank node)")),
        };
        self.skip_spaces();
        let predicate = match self.peek() {
            Some(b'<') => self.iri()?,
            _ => return self.error(NQuadsErrorKind::Expected("a predicate IRI")),
        };
        self.skip_spaces();
        let object = match self.peek() {
            Some(b'<') => self.iri()?,
            Some(b'_') => self.blank_node()?,
            Some(b'"') => self.literal()?,
            _ => return self.error(NQuadsErrorKind::Expected("an object")),
        };
        self.skip_spaces();
        let graph = match self.peek() {
            Some(b'<') => Some(self.iri()?),
            Some(b'_') => Some(self.blank_node()?),
            _ => None,
        };
        self.skip_spaces();
        if self.peek() != Some(b'.') {
            return self.error(NQuadsErrorKind::Expected("'.' ending the statement"));
        }
        self.pos += 1;
        self.skip_spaces();
        self.skip_comment();
        match self.peek() {
            None | Some(b'\n' | b'\r') => Ok(Quad {
                subject,
                predicate,
                object,
                graph,
            }),
            _ => self.error(NQuadsErrorKind::Expected("end of line after '.'")),
        }
    }

    /// Reads the hex digits of a `\u` / `\U` escape; `pos` is on the `u`/`U`.
    fn uchar(&mut self) -> ParseResult<char> {
        let escape_start = self.pos.saturating_sub(1);
        let digits = match self.peek() {
            Some(b'u') => 4,
            Some(b'U') => 8,
            _ => return Err((escape_start, NQuadsErrorKind::InvalidEscape)),
        };
        let hex = self
            .bytes
            .get(self.pos + 1..self.pos + 1 + digits)
            .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
            .ok_or((escape_start, NQuadsErrorKind::InvalidEscape))?;
        let code = hex.iter().fold(0u32, |acc, &h| {
            // Safe: filtered to hex digits above; 8 digits fit in u32.
            (acc << 4) | char::from(h).to_digit(16).unwrap_or(0)
        });
        self.pos += 1 + digits;
        char::from_u32(code).ok_or((escape_start, NQuadsErrorKind::InvalidCodePoint(code)))
    }

    fn iri(&mut self) -> ParseResult<Term> {
        let start = self.pos;
        self.pos += 1; // '<'
        self.buf.clear();
        loop {
            let Some(c) = self.peek_char() else {
                return Err((start, NQuadsErrorKind::UnexpectedEnd("an IRI")));
            };
            let char_pos = self.pos;
            self.pos += c.len_utf8();
            let c = match c {
                '>' => break,
                '\\' => self.uchar()?,
                c => c,
            };
            // Also checked after unescaping: canonical N-Quads writes IRIs
            // unescaped, so these characters could never be written back.
            if is_forbidden_in_iri(c) {
                return Err((char_pos, NQuadsErrorKind::InvalidIriCharacter(c)));
            }
            self.buf.push(c);
        }
        if !has_scheme(&self.buf) {
            return Err((start, NQuadsErrorKind::RelativeIri(self.buf.clone())));
        }
        Ok(Term::Iri(self.buf.as_str().into()))
    }

    fn blank_node(&mut self) -> ParseResult<Term> {
        let start = self.pos;
        if self.bytes.get(self.pos..self.pos + 2) != Some(b"_:") {
            return Err((start, NQuadsErrorKind::InvalidBlankNode));
        }
        self.pos += 2;
        let label_start = self.pos;
        match self.peek_char() {
            Some(c) if is_pn_chars_u(c) || c.is_ascii_digit() => self.pos += c.len_utf8(),
            _ => return Err((start, NQuadsErrorKind::InvalidBlankNode)),
        }
        let mut end = self.pos;
        while let Some(c) = self.peek_char() {
            if c == '.' {
                self.pos += 1;
            } else if is_pn_chars(c) {
                self.pos += c.len_utf8();
                end = self.pos;
            } else {
                break;
            }
        }
        // A label cannot end in '.', so trailing dots belong to what follows.
        self.pos = end;
        let label = self.input.get(label_start..end).unwrap_or_default();
        Ok(Term::BlankNode(label.into()))
    }

    fn literal(&mut self) -> ParseResult<Term> {
        let start = self.pos;
        self.pos += 1; // '"'
        self.buf.clear();
        loop {
            let Some(c) = self.peek_char() else {
                return Err((start, NQuadsErrorKind::UnexpectedEnd("a string literal")));
            };
            let char_pos = self.pos;
            self.pos += c.len_utf8();
            match c {
                '"' => break,
                '\n' | '\r' => return Err((char_pos, NQuadsErrorKind::LineBreakInString)),
                '\\' => {
                    let escaped = match self.peek() {
                        Some(b't') => '\t',
                        Some(b'b') => '\u{8}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b'f') => '\u{c}',
                        Some(b'"') => '"',
                        Some(b'\'') => '\'',
                        Some(b'\\') => '\\',
                        _ => {
                            let c = self.uchar()?;
                            self.buf.push(c);
                            continue;
                        }
                    };
                    self.pos += 1;
                    self.buf.push(escaped);
                }
                c => self.buf.push(c),
            }
        }
        let value: Str = self.buf.as_str().into();
        let literal = match self.peek() {
            Some(b'@') => {
                self.pos += 1;
                let tag_start = self.pos;
                let mut subtag_len = 0;
                let mut first = true;
                while let Some(b) = self.peek() {
                    if b.is_ascii_alphabetic() || (!first && b.is_ascii_digit()) {
                        subtag_len += 1;
                    } else if b == b'-' && subtag_len > 0 {
                        subtag_len = 0;
                        first = false;
                    } else {
                        break;
                    }
                    self.pos += 1;
                }
                if subtag_len == 0 {
                    return Err((tag_start, NQuadsErrorKind::InvalidLanguageTag));
                }
                let tag = self.input.get(tag_start..self.pos).unwrap_or_default();
                Literal::lang(value, tag)
            }
            Some(b'^') => {
                if self.bytes.get(self.pos..self.pos + 3) != Some(b"^^<") {
                    return self.error(NQuadsErrorKind::Expected("'^^<' before a datatype IRI"));
                }
                let datatype_pos = self.pos + 2;
                self.pos += 2;
                let Term::Iri(datatype) = self.iri()? else {
                    return self.error(NQuadsErrorKind::Expected("a datatype IRI"));
                };
                if &*datatype == RDF_LANG_STRING {
                    return Err((datatype_pos, NQuadsErrorKind::LangStringWithoutLanguage));
                }
                Literal::typed(value, datatype)
            }
            _ => Literal::string(value),
        };
        Ok(Term::Literal(literal))
    }
}

fn is_forbidden_in_iri(c: char) -> bool {
    matches!(
        c,
        '\0'..=' ' | '<' | '>' | '"' | '{' | '}' | '|' | '^' | '`' | '\\'
    )
}

/// `scheme ":"` with `scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`.
fn has_scheme(iri: &str) -> bool {
    let Some(colon) = iri.find(':') else {
        return false;
    };
    let scheme = iri.as_bytes().get(..colon).unwrap_or_default();
    scheme.first().is_some_and(u8::is_ascii_alphabetic)
        && scheme
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

fn is_pn_chars_base(c: char) -> bool {
    matches!(c,
        'A'..='Z' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

fn is_pn_chars_u(c: char) -> bool {
    is_pn_chars_base(c) || c == '_' || c == ':'
}

fn is_pn_chars(c: char) -> bool {
    is_pn_chars_u(c)
        || c.is_ascii_digit()
        || matches!(c, '-' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literal_line(value: &str) -> String {
        to_nquads(&[Quad::new(
            Term::iri("urn:s"),
            Term::iri("urn:p"),
            Literal::string(value),
            None,
        )])
    }

    #[test]
    fn literal_escaping_is_canonical() {
        assert_eq!(
            literal_line("\"\\\n\r\t\u{8}\u{c}'"),
            "<urn:s> <urn:p> \"\\\"\\\\\\n\\r\\t\\b\\f'\" .\n"
        );
        assert_eq!(
            literal_line("\u{0}\u{1f}\u{7f}\u{80}\u{221e}\u{1F303}"),
            "<urn:s> <urn:p> \"\\u0000\\u001F\\u007F\u{80}\u{221e}\u{1F303}\" .\n"
        );
        assert_eq!(literal_line("\u{b}"), "<urn:s> <urn:p> \"\\u000B\" .\n");
    }

    #[test]
    fn datatypes_and_languages() {
        let typed = Literal::typed("5", "http://www.w3.org/2001/XMLSchema#integer");
        assert_eq!(
            Term::from(typed).to_string(),
            "\"5\"^^<http://www.w3.org/2001/XMLSchema#integer>"
        );
        assert_eq!(
            Term::from(Literal::typed("x", XSD_STRING)).to_string(),
            "\"x\""
        );
        assert_eq!(
            Term::from(Literal::lang("x", "en-GB")).to_string(),
            "\"x\"@en-GB"
        );
        let quad = Quad::new(
            Term::blank("b0"),
            Term::iri("urn:p"),
            Term::iri("urn:o"),
            Some(Term::blank("g")),
        );
        assert_eq!(quad.to_string(), "_:b0 <urn:p> <urn:o> _:g .");
    }

    #[test]
    fn parser_decodes_escapes() {
        let quads = parse_nquads(
            "<urn:\\u0065x> <urn:p> \"\\t\\b\\n\\r\\f\\\"\\'\\\\\\u221e\\U0001F303\" . \n",
        )
        .expect("valid");
        assert_eq!(quads.len(), 1);
        assert_eq!(quads[0].subject, Term::iri("urn:ex"));
        assert_eq!(
            quads[0].object,
            Term::from(Literal::string("\t\u{8}\n\r\u{c}\"'\\\u{221e}\u{1F303}"))
        );
    }

    #[test]
    fn parser_accepts_comments_blank_lines_and_tight_spacing() {
        let text = "# header\n\n  <urn:s><urn:p>\"o\"@en<urn:g>.# trailing\r\n_:a.b <urn:p> _:c.\n";
        let quads = parse_nquads(text).expect("valid");
        assert_eq!(quads.len(), 2);
        assert_eq!(quads[0].graph, Some(Term::iri("urn:g")));
        assert_eq!(quads[1].subject, Term::blank("a.b"));
        assert_eq!(quads[1].object, Term::blank("c"));
    }

    fn error_at(text: &str) -> (usize, usize, NQuadsErrorKind) {
        let err = parse_nquads(text).expect_err(text);
        (err.line, err.column, err.kind)
    }

    #[test]
    fn parser_errors_carry_positions() {
        use NQuadsErrorKind::*;
        assert_eq!(
            error_at("<urn:s> <urn:p> <urn:o> .\n<urn:s> <urn:p> \"o\"\n"),
            (2, 20, Expected("'.' ending the statement"))
        );
        assert_eq!(
            error_at("<s> <urn:p> <urn:o> ."),
            (1, 1, RelativeIri("s".into()))
        );
        assert_eq!(
            error_at("<urn:s> <urn:p> <urn:a b> ."),
            (1, 23, InvalidIriCharacter(' '))
        );
        assert_eq!(
            error_at("<urn:s> <urn:p> <urn:\\u0020> ."),
            (1, 22, InvalidIriCharacter(' '))
        );
        assert_eq!(
            error_at("<urn:s> <urn:p> \"\\x\" ."),
            (1, 18, InvalidEscape)
        );
        assert_eq!(
            error_at("<urn:s> <urn:p> \"\\uD800\" ."),
            (1, 18, InvalidCodePoint(0xD800))
        );
        assert_eq!(
            error_at("<urn:s> <urn:p> \"\\U00110000\" ."),
            (1, 18, InvalidCodePoint(0x110000))
        );
        assert_eq!(
            error_at("<urn:s> <urn:p> \"\\u12\" ."),
            (1, 18, InvalidEscape)
        );
        assert_eq!(
            error_at("<urn:s> <urn:p> \"a\nb\" ."),
            (1, 19, LineBreakInString)
        );
        assert_eq!(
            error_at("<urn:s> <urn:p> \"abc"),
            (1, 17, UnexpectedEnd("a string literal"))
        );
        assert_eq!(
            error_at("<urn:s> <urn:p> <urn:o"),
            (1, 17, UnexpectedEnd("an IRI"))
        );
        assert_eq!(error_at("_: <urn:p> <urn:o> ."), (1, 1, InvalidBlankNode));
        assert_eq!(
            error_at("<urn:s> <urn:p> \"o\"@ ."),
            (1, 21, InvalidLanguageTag)
        );
        assert_eq!(
            error_at("<urn:s> <urn:p> \"o\"@en- ."),
            (1, 21, InvalidLanguageTag)
        );
        assert_eq!(
            error_at(
                "<urn:s> <urn:p> \"o\"^^<http://www.w3.org/1999/02/22-rdf-syntax-ns#langString> ."
            ),
            (1, 22, LangStringWithoutLanguage)
        );
        assert_eq!(
            error_at("\"s\" <urn:p> <urn:o> ."),
            (1, 1, Expected("a subject (IRI or blank node)"))
        );
        assert_eq!(
            error_at("<urn:s> _:p <urn:o> ."),
            (1, 9, Expected("a predicate IRI"))
        );
        assert_eq!(
            error_at("<urn:s> <urn:p> <urn:o> . <urn:x>"),
            (1, 27, Expected("end of line after '.'"))
        );
        // Columns count characters, not bytes.
        assert_eq!(
            error_at("<urn:\u{e9}> <urn:p> \"x\" "),
            (1, 21, Expected("'.' ending the statement"))
        );
    }

    #[test]
    fn parser_never_panics_on_truncations() {
        let text = "<urn:\\u00e9> <urn:p> \"\\U0001F303\\n\"@en-GB _:g.1 . # c\n_:a <urn:p> \"1\"^^<urn:t> .\n";
        for end in 0..=text.len() {
            if let Some(prefix) = text.get(..end) {
                let _ = parse_nquads(prefix);
            }
        }
        assert_eq!(parse_nquads(text).map(|q| q.len()), Ok(2));
    }

    #[test]
    fn serializer_output_parses_back() {
        let quads = vec![
            Quad::new(
                Term::blank("x"),
                Term::iri("urn:p"),
                Literal::string("\u{0}\u{7f}\"\\ \u{1F303}"),
                Some(Term::iri("urn:g")),
            ),
            Quad::new(
                Term::iri("urn:s"),
                Term::iri("urn:p"),
                Literal::lang("hé", "fr"),
                None,
            ),
        ];
        assert_eq!(parse_nquads(&to_nquads(&quads)), Ok(quads));
    }
}
