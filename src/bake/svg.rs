//! SVG baking: an `<openbadges:credential>` element right after the root
//! `<svg>` start tag, with `xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"`
//! declared on the root.
//!
//! JSON goes in the element body as CDATA (a `]]>` inside the JSON is split
//! across two CDATA sections, so any JSON round-trips); a compact JWS goes in
//! the `verify` attribute.
//!
//! Reading uses a real XML parser (quick-xml) that never expands entities:
//! a DOCTYPE declaring entities is refused outright (XXE, billion laughs),
//! references other than XML's five predefined entities and character
//! references are errors, and the credential text is capped by
//! [`UnbakeLimits::max_payload_bytes`]. A plain DOCTYPE (as many editors
//! write) is accepted and ignored; nothing is ever fetched.
//!
//! ```
//! use openbadges::bake::{svg, Payload};
//!
//! let image = br#"<svg xmlns="http://www.w3.org/2000/svg"><circle r="1"/></svg>"#;
//! let baked = svg::bake(image, &Payload::Json(r#"{"note":"a ]]> b"}"#.to_owned()))?;
//! let text = String::from_utf8(baked.clone()).unwrap();
//! assert!(text.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential>"#));
//! assert_eq!(svg::unbake(&baked)?.payload.as_str(), r#"{"note":"a ]]> b"}"#);
//! # Ok::<(), openbadges::bake::BakeError>(())
//! ```

use quick_xml::NsReader;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};

use super::{BakeError, Carrier, Embedding, ImageFormat, Payload, UnbakeLimits, Unbaked};

/// The OB 3.0 baking namespace.
pub const NAMESPACE: &str = "https://purl.imsglobal.org/ob/v3p0";
/// The OB 2.0 baking namespace, read for legacy badges (`<openbadges:assertion>`).
pub const LEGACY_NAMESPACE: &str = "http://openbadges.org";
/// The prefix used when baking.
const PREFIX: &str = "openbadges";

/// The deepest element nesting an SVG may have. XML parsers count nesting in small integers
/// (quick-xml in a `u16`: past 65,535 levels its namespace scopes wrap); the cap keeps every
/// counter far from its end, and no drawing nests anywhere near it.
pub const MAX_XML_DEPTH: usize = 1_024;

/// The UTF-8 byte-order mark some editors write before the XML declaration.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A credential element found in the document.
struct Found {
    embedding: Embedding,
    /// Byte range of the whole element.
    start: usize,
    end: usize,
    /// `verify` attribute value, if any.
    verify: Option<String>,
    /// Element text (CDATA and character data), references resolved.
    body: String,
    /// Offset of the element's start tag, for error reports.
    offset: usize,
}

/// What a scan learned about the document.
struct Scan {
    /// Range of the root start tag (`<svg ...>` or `<svg .../>`).
    root_start: usize,
    root_end: usize,
    root_empty: bool,
    /// Value of `xmlns:openbadges` on the root, if declared there.
    root_binding: Option<String>,
    /// Whether some element or attribute uses the `openbadges` prefix without any binding in
    /// scope (a root binding added by `bake` would change what it means).
    unbound_prefix_used: bool,
    /// Credential elements, in document order.
    found: Vec<Found>,
}

/// Resolves a reference without ever expanding a declared entity.
fn resolve_reference(r: &BytesRef<'_>, offset: usize) -> Result<char, BakeError> {
    let refused = || BakeError::EntityReference { offset };
    if let Some(c) = r.resolve_char_ref().map_err(|_| refused())? {
        return Ok(c);
    }
    match &**r {
        b"lt" => Ok('<'),
        b"gt" => Ok('>'),
        b"amp" => Ok('&'),
        b"apos" => Ok('\''),
        b"quot" => Ok('"'),
        _ => Err(refused()),
    }
}

fn is_bound_to(ns: &ResolveResult<'_>, uri: &str) -> bool {
    matches!(ns, ResolveResult::Bound(Namespace(n)) if *n == uri.as_bytes())
}

fn credential_kind(ns: &ResolveResult<'_>, local: &[u8]) -> Option<Embedding> {
    if local == b"credential" && is_bound_to(ns, NAMESPACE) {
        Some(Embedding::Ob3)
    } else if local == b"assertion" && is_bound_to(ns, LEGACY_NAMESPACE) {
        Some(Embedding::Ob2Legacy)
    } else {
        None
    }
}

/// The unescaped value of the first attribute named `name` (qualified name, as written) of
/// `start`, which begins at byte `offset`.
fn attribute(
    start: &BytesStart<'_>,
    name: &[u8],
    offset: usize,
) -> Result<Option<String>, BakeError> {
    for attr in start.attributes() {
        let attr = attr.map_err(|e| BakeError::Xml {
            offset,
            message: e.to_string(),
        })?;
        if attr.key.as_ref() == name {
            let raw = std::str::from_utf8(&attr.value)
                .map_err(|_| BakeError::PayloadNotUtf8 { offset })?;
            let value = quick_xml::escape::unescape(raw)
                .map_err(|_| BakeError::EntityReference { offset })?;
            return Ok(Some(value.into_owned()));
        }
    }
    Ok(None)
}

/// Walks the whole document (so a damaged or truncated file is refused even
/// after the credential) with entity expansion impossible by construction.
fn scan(bytes: &[u8], limits: &UnbakeLimits) -> Result<Scan, BakeError> {
    // Offsets are into `bytes`: the reader skips one leading byte-order mark without counting
    // it, so it is counted back in here and `bake` splices at the right places. (Skipping it
    // here as well would let the reader skip a second one, and every offset would be 3 short.)
    let base = if bytes.starts_with(BOM) { BOM.len() } else { 0 };
    let mut reader = NsReader::from_reader(bytes);
    let config = reader.config_mut();
    config.check_end_names = true;
    config.expand_empty_elements = false;

    let mut root: Option<(usize, usize, bool, Option<String>)> = None;
    let mut found: Vec<Found> = Vec::new();
    // The credential element being read: its record and its depth.
    let mut open: Option<(Found, usize)> = None;
    let mut depth = 0usize;
    let mut unbound_prefix_used = false;

    loop {
        let before = base + reader.buffer_position() as usize;
        let (ns, event) = reader.read_resolved_event().map_err(|e| BakeError::Xml {
            offset: before,
            message: e.to_string(),
        })?;
        if let Event::Start(start) | Event::Empty(start) = &event {
            unbound_prefix_used |= uses_unbound_prefix(&ns, start);
        }
        let kind = match &event {
            Event::Start(start) | Event::Empty(start) => {
                credential_kind(&ns, start.local_name().as_ref())
            }
            _ => None,
        };
        let after = base + reader.buffer_position() as usize;
        match event {
            Event::DocType(doctype) => {
                // Internal-subset entity declarations are how both XXE and
                // billion-laughs attacks start; no badge needs them.
                if doctype.windows(8).any(|w| w == b"<!ENTITY") {
                    return Err(BakeError::DoctypeEntities { offset: before });
                }
            }
            Event::Start(ref start) | Event::Empty(ref start) => {
                let empty = matches!(event, Event::Empty(_));
                if open.is_some() {
                    return Err(BakeError::UnexpectedMarkup { offset: before });
                }
                if root.is_none() {
                    if start.local_name().as_ref() != b"svg" {
                        return Err(BakeError::NoSvgRoot);
                    }
                    root = Some((
                        before,
                        after,
                        empty,
                        attribute(start, format!("xmlns:{PREFIX}").as_bytes(), before)?,
                    ));
                    if empty {
                        break;
                    }
                    depth = 1;
                    continue;
                }
                if let Some(embedding) = kind {
                    let record = Found {
                        embedding,
                        start: before,
                        end: after,
                        verify: attribute(start, b"verify", before)?,
                        body: String::new(),
                        offset: before,
                    };
                    if empty {
                        found.push(record);
                    } else {
                        open = Some((record, depth));
                    }
                }
                if !empty {
                    depth += 1;
                    if depth > MAX_XML_DEPTH {
                        return Err(BakeError::XmlTooDeep {
                            offset: before,
                            limit: MAX_XML_DEPTH,
                        });
                    }
                }
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if let Some((mut record, at)) = open.take() {
                    if depth == at {
                        record.end = after;
                        found.push(record);
                    } else {
                        open = Some((record, at));
                    }
                }
                if depth == 0 && root.is_some() {
                    break;
                }
            }
            Event::Text(text) => {
                if let Some((record, _)) = open.as_mut() {
                    let s = std::str::from_utf8(&text)
                        .map_err(|_| BakeError::PayloadNotUtf8 { offset: before })?;
                    push_capped(&mut record.body, s, record.offset, limits)?;
                }
            }
            Event::CData(cdata) => {
                if let Some((record, _)) = open.as_mut() {
                    let s = std::str::from_utf8(&cdata)
                        .map_err(|_| BakeError::PayloadNotUtf8 { offset: before })?;
                    push_capped(&mut record.body, s, record.offset, limits)?;
                }
            }
            Event::GeneralRef(reference) => {
                let c = resolve_reference(&reference, before)?;
                if let Some((record, _)) = open.as_mut() {
                    push_capped(
                        &mut record.body,
                        c.encode_utf8(&mut [0; 4]),
                        record.offset,
                        limits,
                    )?;
                }
            }
            Event::Eof => {
                return match root {
                    None => Err(BakeError::NoSvgRoot),
                    Some(_) => Err(BakeError::Xml {
                        offset: before,
                        message: "document ends inside the root element".to_owned(),
                    }),
                };
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
    let Some((root_start, root_end, root_empty, root_binding)) = root else {
        return Err(BakeError::NoSvgRoot);
    };
    Ok(Scan {
        root_start,
        root_end,
        root_empty,
        root_binding,
        unbound_prefix_used,
        found,
    })
}

/// Whether the element (or one of its attributes) carries the `openbadges` prefix while no
/// declaration binds it.
fn uses_unbound_prefix(ns: &ResolveResult<'_>, start: &BytesStart<'_>) -> bool {
    let prefix = PREFIX.as_bytes();
    let element = matches!(ns, ResolveResult::Unknown(p) if p.as_slice() == prefix);
    let attribute = start.attributes().flatten().any(|a| {
        let key = a.key.as_ref();
        key.strip_prefix(prefix)
            .is_some_and(|rest| rest.first() == Some(&b':'))
    });
    element || attribute
}

fn push_capped(
    body: &mut String,
    s: &str,
    offset: usize,
    limits: &UnbakeLimits,
) -> Result<(), BakeError> {
    if body.len().saturating_add(s.len()) > limits.max_payload_bytes {
        return Err(BakeError::PayloadTooLarge {
            offset,
            limit: limits.max_payload_bytes,
        });
    }
    body.push_str(s);
    Ok(())
}

/// True when the bytes parse as XML whose first element is `svg`.
pub(super) fn looks_like_svg(bytes: &[u8]) -> bool {
    // No window: a root start tag may be any length (a long `style` or data attribute), and
    // reading up to it is linear in the input, which the caller has already size-checked.
    let mut reader = quick_xml::Reader::from_reader(bytes);
    loop {
        match reader.read_event() {
            Ok(Event::Start(s) | Event::Empty(s)) => return s.local_name().as_ref() == b"svg",
            Ok(Event::Eof) | Err(_) => return false,
            // Text before the root: not XML. (The reader has already skipped the one byte-order
            // mark a document may start with; a second one is text.)
            Ok(Event::Text(t)) if !t.iter().all(u8::is_ascii_whitespace) => return false,
            Ok(_) => {}
        }
    }
}

/// Extracts the baked credential with the default [`UnbakeLimits`].
pub fn unbake(bytes: &[u8]) -> Result<Unbaked, BakeError> {
    unbake_with_limits(bytes, &UnbakeLimits::default())
}

/// Extracts the first OB 3.0 `<credential>` element (any prefix bound to the
/// OB 3.0 namespace), or failing that the first OB 2.0 `<assertion>`
/// (reported as [`Embedding::Ob2Legacy`]). A `verify` attribute wins over the
/// element text, except in an OB 2.0 element with text: that text is the
/// hosted assertion's JSON and `verify` only its URL.
pub fn unbake_with_limits(bytes: &[u8], limits: &UnbakeLimits) -> Result<Unbaked, BakeError> {
    limits.check_image(bytes)?;
    let scan = scan(bytes, limits)?;
    let chosen = scan
        .found
        .iter()
        .find(|f| f.embedding == Embedding::Ob3)
        .or_else(|| scan.found.first())
        .ok_or(BakeError::NotBaked)?;
    // OB 2.0 puts a hosted assertion's JSON in the element and its URL in `verify`: the body,
    // when there is one, is the assertion itself (OB 2.0 Baking). Elsewhere `verify` wins.
    let body = chosen.body.trim();
    let (text, carrier) = match &chosen.verify {
        Some(_) if chosen.embedding == Embedding::Ob2Legacy && !body.is_empty() => {
            (body.to_owned(), Carrier::SvgElementText)
        }
        Some(v) => (v.trim().to_owned(), Carrier::SvgVerifyAttribute),
        None => (body.to_owned(), Carrier::SvgElementText),
    };
    if text.len() > limits.max_payload_bytes {
        return Err(BakeError::PayloadTooLarge {
            offset: chosen.offset,
            limit: limits.max_payload_bytes,
        });
    }
    Ok(Unbaked {
        format: ImageFormat::Svg,
        payload: Payload::classify(text, chosen.embedding, chosen.offset)?,
        embedding: chosen.embedding,
        carrier,
    })
}

/// Bakes `payload` into an SVG: declares the OB 3.0 namespace on the root
/// `<svg>` (unless already declared), inserts the credential element right
/// after the root start tag, and removes any OB 3.0 credential element
/// already present. All other bytes are copied unchanged.
pub fn bake(image: &[u8], payload: &Payload) -> Result<Vec<u8>, BakeError> {
    let text = payload.check_bakeable()?;
    let limits = UnbakeLimits::UNLIMITED;
    let scan = scan(image, &limits)?;
    let needs_binding = match scan.root_binding.as_deref() {
        None => true,
        Some(NAMESPACE) => false,
        Some(other) => {
            return Err(BakeError::NamespaceConflict {
                found: other.to_owned(),
            });
        }
    };
    let root_tag = image
        .get(scan.root_start..scan.root_end)
        .ok_or(BakeError::NoSvgRoot)?;
    // The tag ends in `>` or, for an empty root, `/>`.
    let close_len = if scan.root_empty { 2 } else { 1 };
    let head = root_tag
        .get(..root_tag.len().saturating_sub(close_len))
        .ok_or(BakeError::NoSvgRoot)?;

    // A root binding would capture elements that use the prefix unbound (giving them a meaning
    // they never had, and making their text part of the badge): then the binding goes on the
    // credential element alone.
    let bind_on_element = needs_binding && scan.unbound_prefix_used;
    let mut element = credential_element(payload, text);
    if bind_on_element {
        let tag = format!("<{PREFIX}:credential");
        element.replace_range(
            ..tag.len(),
            &format!("{tag} xmlns:{PREFIX}=\"{NAMESPACE}\""),
        );
    }
    let mut out = Vec::with_capacity(image.len() + element.len() + 64);
    out.extend_from_slice(image.get(..scan.root_start).unwrap_or_default());
    out.extend_from_slice(head);
    if needs_binding && !bind_on_element {
        out.extend_from_slice(format!(" xmlns:{PREFIX}=\"{NAMESPACE}\"").as_bytes());
    }
    out.push(b'>');
    out.extend_from_slice(element.as_bytes());
    if scan.root_empty {
        out.extend_from_slice(b"</");
        out.extend_from_slice(root_name(head));
        out.push(b'>');
    }
    let mut copied = scan.root_end;
    for f in scan.found.iter().filter(|f| f.embedding == Embedding::Ob3) {
        out.extend_from_slice(image.get(copied..f.start).unwrap_or_default());
        copied = f.end;
    }
    out.extend_from_slice(image.get(copied..).unwrap_or_default());
    Ok(out)
}

/// The qualified name in a start tag's bytes (`<svg:svg a="…"` → `svg:svg`).
fn root_name(tag_head: &[u8]) -> &[u8] {
    let name = tag_head.get(1..).unwrap_or_default();
    let end = name
        .iter()
        .position(|b| b.is_ascii_whitespace())
        .unwrap_or(name.len());
    name.get(..end).unwrap_or_default()
}

fn credential_element(payload: &Payload, text: &str) -> String {
    match payload {
        Payload::Jwt(_) => {
            // A compact JWS is base64url and dots: nothing to escape.
            format!("<{PREFIX}:credential verify=\"{text}\"></{PREFIX}:credential>")
        }
        _ => {
            // `]]>` would end the section early: close before the `>` and
            // reopen, so the parser's concatenation gives back the JSON.
            let safe = text.replace("]]>", "]]]]><![CDATA[>");
            format!("<{PREFIX}:credential><![CDATA[{safe}]]></{PREFIX}:credential>")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_svg_roots() {
        assert!(looks_like_svg(b"<svg/>"));
        assert!(looks_like_svg(
            b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- c --><!DOCTYPE svg><svg></svg>"
        ));
        assert!(looks_like_svg(
            b"<svg:svg xmlns:svg=\"http://www.w3.org/2000/svg\"/>"
        ));
        assert!(!looks_like_svg(b"<html></html>"));
        assert!(!looks_like_svg(b"hello"));
        assert!(!looks_like_svg(b""));
    }

    #[test]
    fn empty_root_is_opened() {
        let out = bake(b"<svg/>", &Payload::Jwt("a.b.c".into())).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<svg xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\">\
             <openbadges:credential verify=\"a.b.c\"></openbadges:credential></svg>"
        );
    }

    #[test]
    fn cdata_split() {
        let el = credential_element(&Payload::Json(String::new()), "{\"a\":\"]]>\"}");
        assert_eq!(
            el,
            "<openbadges:credential><![CDATA[{\"a\":\"]]]]><![CDATA[>\"}]]></openbadges:credential>"
        );
    }
}
