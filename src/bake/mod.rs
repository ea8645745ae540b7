//! Baking: embed a credential in a PNG or SVG badge image, and get it back.
//!
//! Open Badges 3.0 (§ Document Formats) puts the credential — its JSON or
//! its compact JWS — inside the badge image itself:
//!
//! * **PNG**: one `iTXt` chunk with keyword `openbadgecredential`,
//!   uncompressed, written just before `IEND` (see [`png`]);
//! * **SVG**: one `<openbadges:credential>` element right after the root
//!   `<svg>` start tag, the JSON in a CDATA section or the JWS in a `verify`
//!   attribute (see [`svg`]).
//!
//! [`bake`] and [`unbake`] detect the format from the bytes. Reading is
//! defensive: sizes are bounded by [`UnbakeLimits`], PNG CRCs are checked,
//! SVG entities are never expanded, and every failure is a [`BakeError`]
//! naming the byte offset (and PNG chunk) where it happened.
//!
//! ```
//! use openbadges::bake::{self, ImageFormat, Payload};
//!
//! let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>"#;
//! let credential = Payload::Json(r#"{"id":"urn:uuid:1","type":["VerifiableCredential"]}"#.to_owned());
//! let baked = bake::bake(svg, &credential)?;
//! let found = bake::unbake(&baked)?;
//! assert_eq!(found.format, ImageFormat::Svg);
//! assert_eq!(found.payload, credential);
//! # Ok::<(), openbadges::bake::BakeError>(())
//! ```

pub mod png;
pub mod svg;

pub use svg::MAX_XML_DEPTH;

use thiserror::Error;

/// What is baked into an image: the credential as JSON or as a compact JWS.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Payload {
    /// The credential's JSON text (starts with `{`).
    Json(String),
    /// A compact JWS (VC-JWT), `header.payload.signature` in base64url.
    Jwt(String),
    /// An OB 2.0 hosted-assertion URL. Only found in legacy (OB 2.0) images;
    /// never baked.
    HostedUrl(String),
}

impl Payload {
    /// The embedded text, whatever its kind.
    pub fn as_str(&self) -> &str {
        match self {
            Payload::Json(s) | Payload::Jwt(s) | Payload::HostedUrl(s) => s,
        }
    }

    /// Checks that the payload can be baked as OB 3.0 text: JSON must start
    /// with `{` (extraction tells JSON from JWS by that first byte) and a JWS
    /// must be a compact JWS.
    fn check_bakeable(&self) -> Result<&str, BakeError> {
        match self {
            Payload::Json(s) if s.starts_with('{') => Ok(s),
            Payload::Json(_) => Err(BakeError::InvalidPayload {
                reason: "JSON payload must start with '{'",
            }),
            Payload::Jwt(s) if is_compact_jws(s) => Ok(s),
            Payload::Jwt(_) => Err(BakeError::InvalidPayload {
                reason: "JWT payload is not a compact JWS (base64url.base64url.base64url)",
            }),
            Payload::HostedUrl(_) => Err(BakeError::InvalidPayload {
                reason: "OB 2.0 hosted URLs cannot be baked as OB 3.0 credentials",
            }),
        }
    }

    /// A JSON payload must be a credential: not a presentation, not a key file,
    /// not arbitrary JSON.
    fn check_is_credential(&self) -> Result<(), BakeError> {
        let Payload::Json(text) = self else {
            return Ok(());
        };
        let limits = crate::json::JsonLimits {
            max_bytes: usize::MAX,
            ..crate::json::JsonLimits::default()
        };
        let value = crate::json::parse(text.as_bytes(), &limits).map_err(|_| {
            BakeError::InvalidPayload {
                reason: "the JSON payload is not valid JSON",
            }
        })?;
        if crate::validate::is_presentation(&value) {
            return Err(BakeError::InvalidPayload {
                reason: "a presentation is not a badge: bake each credential into its own image",
            });
        }
        let types: &[serde_json::Value] = match value.get("type") {
            Some(serde_json::Value::Array(items)) => items,
            Some(single) => std::slice::from_ref(single),
            None => &[],
        };
        if !types
            .iter()
            .any(|t| t.as_str() == Some("VerifiableCredential"))
        {
            return Err(BakeError::InvalidPayload {
                reason: "the JSON payload is not a credential (an object whose `type` includes VerifiableCredential); refusing to publish it in an image",
            });
        }
        Ok(())
    }

    /// Classifies extracted text: `{` → JSON, compact JWS → JWT; for legacy
    /// OB 2.0 images an `http(s)` URL is a hosted assertion.
    fn classify(text: String, embedding: Embedding, offset: usize) -> Result<Self, BakeError> {
        let trimmed = text.trim_start_matches([' ', '\t', '\r', '\n']);
        if trimmed.starts_with('{') {
            Ok(Payload::Json(text))
        } else if is_compact_jws(text.trim()) {
            Ok(Payload::Jwt(text.trim().to_owned()))
        } else if embedding == Embedding::Ob2Legacy
            && (trimmed.starts_with("https://") || trimmed.starts_with("http://"))
        {
            Ok(Payload::HostedUrl(text.trim().to_owned()))
        } else {
            Err(BakeError::UnrecognizedPayload { offset })
        }
    }
}

/// `^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$` (OB 3.0 CompactJws).
fn is_compact_jws(s: &str) -> bool {
    let b64 = |p: &str| {
        p.bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
    };
    let mut parts = s.split('.');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(h), Some(p), Some(sig), None) => {
            !h.is_empty() && !sig.is_empty() && b64(h) && b64(p) && b64(sig)
        }
        _ => false,
    }
}

/// The image formats that can carry a baked credential.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ImageFormat {
    /// Portable Network Graphics.
    Png,
    /// Scalable Vector Graphics.
    Svg,
}

/// Which baking convention the credential was found under.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Embedding {
    /// Open Badges 3.0: PNG `iTXt` keyword `openbadgecredential`, SVG
    /// `<credential>` in namespace `https://purl.imsglobal.org/ob/v3p0`.
    Ob3,
    /// Open Badges 2.0 (legacy): PNG keyword `openbadges`, SVG `<assertion>`
    /// in namespace `http://openbadges.org`. The payload is an OB 2.0
    /// assertion, not an OB 3.0 credential.
    Ob2Legacy,
}

/// Where in the image the payload was found. With [`Unbaked::payload`] (JSON, JWS or URL) and
/// [`Unbaked::embedding`] it names the baking format exactly, e.g. an OB 2.0 hosted-assertion URL
/// in a pre-2013 `tEXt` chunk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Carrier {
    /// A PNG `iTXt` chunk.
    PngItxt,
    /// A PNG `tEXt` chunk (OB 1.x/2.0 only).
    PngText,
    /// The `verify` attribute of the SVG element.
    SvgVerifyAttribute,
    /// The text (CDATA) of the SVG element.
    SvgElementText,
}

/// A credential found in an image by [`unbake`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unbaked {
    /// The image's format.
    pub format: ImageFormat,
    /// The embedded credential.
    pub payload: Payload,
    /// OB 3.0, or a legacy OB 2.0 badge.
    pub embedding: Embedding,
    /// The chunk or SVG node it was read from.
    pub carrier: Carrier,
}

/// Size caps applied while reading untrusted images.
///
/// Every length read from the input is checked against these before any
/// work depends on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnbakeLimits {
    /// Largest accepted image, in bytes.
    pub max_image_bytes: usize,
    /// Largest accepted embedded credential text (PNG text chunk data, SVG
    /// element content), in bytes.
    pub max_payload_bytes: usize,
}

impl UnbakeLimits {
    /// No caps: baking walks an image the caller already holds in memory.
    pub(crate) const UNLIMITED: UnbakeLimits = UnbakeLimits {
        max_image_bytes: usize::MAX,
        max_payload_bytes: usize::MAX,
    };

    /// Rejects an image over [`Self::max_image_bytes`] before any of it is parsed.
    pub(crate) fn check_image(&self, image: &[u8]) -> Result<(), BakeError> {
        if image.len() > self.max_image_bytes {
            return Err(BakeError::ImageTooLarge {
                len: image.len(),
                limit: self.max_image_bytes,
            });
        }
        Ok(())
    }
}

impl Default for UnbakeLimits {
    /// 64 MiB images, 4 MiB credentials (room for embedded evidence images).
    fn default() -> Self {
        UnbakeLimits {
            max_image_bytes: 64 * 1024 * 1024,
            max_payload_bytes: 4 * 1024 * 1024,
        }
    }
}

/// Why baking or unbaking failed. Offsets are byte offsets into the input.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BakeError {
    /// The bytes are neither a PNG nor an SVG.
    #[error("not a PNG or SVG image")]
    UnknownFormat,
    /// The input exceeds [`UnbakeLimits::max_image_bytes`].
    #[error("image is {len} bytes, over the {limit}-byte limit")]
    ImageTooLarge {
        /// Input length.
        len: usize,
        /// The limit in force.
        limit: usize,
    },
    /// The 8-byte PNG signature is missing or wrong.
    #[error("bad PNG signature")]
    PngSignature,
    /// The PNG ends in the middle of a chunk, or before `IEND`.
    #[error("PNG truncated at byte {offset}{}", chunk_suffix(.chunk))]
    Truncated {
        /// Where the missing data should have started.
        offset: usize,
        /// The chunk being read, if its type was read.
        chunk: Option<String>,
    },
    /// A chunk's CRC-32 does not match its type and data.
    #[error(
        "CRC mismatch in {chunk} chunk at byte {offset}: stored {stored:#010x}, computed {computed:#010x}"
    )]
    CrcMismatch {
        /// Chunk type.
        chunk: String,
        /// Offset of the chunk's length field.
        offset: usize,
        /// CRC stored in the file.
        stored: u32,
        /// CRC computed over type and data.
        computed: u32,
    },
    /// A chunk type is not four ASCII letters.
    #[error("invalid PNG chunk type at byte {offset}")]
    InvalidChunkType {
        /// Offset of the chunk type.
        offset: usize,
    },
    /// A chunk's declared length exceeds the limit (checked before reading it).
    #[error("{chunk} chunk at byte {offset} declares {length} bytes, over the {limit}-byte limit")]
    ChunkTooLarge {
        /// Chunk type.
        chunk: String,
        /// Offset of the chunk's length field.
        offset: usize,
        /// Declared data length.
        length: u64,
        /// The limit in force.
        limit: usize,
    },
    /// The first PNG chunk is not `IHDR`.
    #[error("PNG does not start with an IHDR chunk")]
    MissingIhdr,
    /// A text chunk (`iTXt`/`tEXt`) does not follow its layout.
    #[error("malformed {chunk} chunk at byte {offset}: {reason}")]
    MalformedTextChunk {
        /// Chunk type.
        chunk: String,
        /// Offset of the chunk's length field.
        offset: usize,
        /// What is wrong.
        reason: &'static str,
    },
    /// The credential chunk is compressed, which OB 3.0 forbids.
    #[error("{keyword} iTXt chunk at byte {offset} is compressed; Open Badges forbids compression")]
    CompressedPayload {
        /// The chunk keyword.
        keyword: String,
        /// Offset of the chunk's length field.
        offset: usize,
    },
    /// The embedded text is not UTF-8.
    #[error("embedded credential at byte {offset} is not UTF-8")]
    PayloadNotUtf8 {
        /// Where the text starts.
        offset: usize,
    },
    /// The embedded text exceeds [`UnbakeLimits::max_payload_bytes`].
    #[error("embedded credential at byte {offset} is over the {limit}-byte limit")]
    PayloadTooLarge {
        /// Where the text starts.
        offset: usize,
        /// The limit in force.
        limit: usize,
    },
    /// The embedded text is neither JSON nor a compact JWS.
    #[error("embedded text at byte {offset} is neither credential JSON nor a compact JWS")]
    UnrecognizedPayload {
        /// Where the text starts.
        offset: usize,
    },
    /// The image carries no credential.
    #[error("no baked credential found")]
    NotBaked,
    /// The payload given to [`bake`] cannot be baked.
    #[error("cannot bake payload: {reason}")]
    InvalidPayload {
        /// What is wrong.
        reason: &'static str,
    },
    /// The SVG is not well-formed XML.
    #[error("SVG is not well-formed XML at byte {offset}: {message}")]
    Xml {
        /// Approximate position of the error.
        offset: usize,
        /// Parser message.
        message: String,
    },
    /// The SVG's DOCTYPE declares entities (XXE, billion laughs); refused.
    #[error("SVG DOCTYPE at byte {offset} declares entities; refused")]
    DoctypeEntities {
        /// Offset of the DOCTYPE.
        offset: usize,
    },
    /// The SVG references an entity that is not one of XML's five predefined
    /// ones; entities are never expanded.
    #[error("SVG references an undefined or external entity at byte {offset}")]
    EntityReference {
        /// Approximate position of the reference.
        offset: usize,
    },
    /// The SVG has no `<svg>` root element.
    #[error("no <svg> root element")]
    NoSvgRoot,
    /// Elements nest deeper than [`MAX_XML_DEPTH`] (a fixed limit, far below any XML parser's
    /// own counters: no real image nests that deep).
    #[error(
        "SVG elements nest deeper than {limit} levels at byte {offset} (a fixed safety limit; images that deep are refused)"
    )]
    XmlTooDeep {
        /// Byte offset of the element that went too deep.
        offset: usize,
        /// The limit, [`MAX_XML_DEPTH`].
        limit: usize,
    },
    /// The root `<svg>` binds the `openbadges` prefix to another namespace.
    #[error("root <svg> binds xmlns:openbadges to {found:?}, not the OB 3.0 namespace")]
    NamespaceConflict {
        /// The namespace already bound.
        found: String,
    },
    /// The credential element holds markup instead of text.
    #[error("credential element at byte {offset} contains child elements")]
    UnexpectedMarkup {
        /// Offset of the child element.
        offset: usize,
    },
}

fn chunk_suffix(chunk: &Option<String>) -> String {
    match chunk {
        Some(c) => format!(" in {c} chunk"),
        None => String::new(),
    }
}

/// Detects an image format from its first bytes: the PNG signature, or XML
/// text whose first element is `svg` (after an optional BOM, XML
/// declaration, comments and DOCTYPE).
pub fn detect_format(bytes: &[u8]) -> Option<ImageFormat> {
    if bytes.starts_with(&png::SIGNATURE) {
        return Some(ImageFormat::Png);
    }
    if svg::looks_like_svg(bytes) {
        return Some(ImageFormat::Svg);
    }
    None
}

/// Bakes `payload` into a PNG or SVG image, replacing any credential already
/// baked in it. The format is detected from the bytes.
///
/// Only a badge is baked: a JSON payload must be a credential (an object whose
/// `type` includes `VerifiableCredential`; a presentation is not a badge) and a
/// JWT payload a compact JWS, so a key file or any other JSON is never
/// published inside an image. ([`png::bake`] / [`svg::bake`] embed any text.)
///
/// ```
/// use openbadges::bake::{self, BakeError, Payload};
/// let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"/>"#;
/// let key_file = Payload::Json(r#"{"type": "Ed25519", "secretKeyMultibase": "z..."}"#.into());
/// assert!(matches!(bake::bake(svg, &key_file), Err(BakeError::InvalidPayload { .. })));
/// let badge = Payload::Json(r#"{"type": ["VerifiableCredential", "OpenBadgeCredential"]}"#.into());
/// assert!(bake::bake(svg, &badge).is_ok());
/// ```
pub fn bake(image: &[u8], payload: &Payload) -> Result<Vec<u8>, BakeError> {
    payload.check_is_credential()?;
    match detect_format(image) {
        Some(ImageFormat::Png) => png::bake(image, payload),
        Some(ImageFormat::Svg) => svg::bake(image, payload),
        None => Err(BakeError::UnknownFormat),
    }
}

/// Extracts the baked credential from a PNG or SVG image with the default
/// [`UnbakeLimits`]. The format is detected from the bytes.
pub fn unbake(bytes: &[u8]) -> Result<Unbaked, BakeError> {
    unbake_with_limits(bytes, &UnbakeLimits::default())
}

/// [`unbake`] with explicit size limits.
pub fn unbake_with_limits(bytes: &[u8], limits: &UnbakeLimits) -> Result<Unbaked, BakeError> {
    limits.check_image(bytes)?;
    match detect_format(bytes) {
        Some(ImageFormat::Png) => png::unbake_with_limits(bytes, limits),
        Some(ImageFormat::Svg) => svg::unbake_with_limits(bytes, limits),
        None => Err(BakeError::UnknownFormat),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_jws_pattern() {
        assert!(is_compact_jws("a.b.c"));
        assert!(is_compact_jws("a..c"));
        assert!(!is_compact_jws("a.b"));
        assert!(!is_compact_jws(".b.c"));
        assert!(!is_compact_jws("a.b.c.d"));
        assert!(!is_compact_jws("a.b+.c"));
    }

    #[test]
    fn classify_payloads() {
        let j = Payload::classify(" {\"a\":1}".into(), Embedding::Ob3, 0).unwrap();
        assert_eq!(j, Payload::Json(" {\"a\":1}".into()));
        let t = Payload::classify("x.y.z".into(), Embedding::Ob3, 0).unwrap();
        assert_eq!(t, Payload::Jwt("x.y.z".into()));
        assert_eq!(
            Payload::classify("https://e.org/a".into(), Embedding::Ob3, 7),
            Err(BakeError::UnrecognizedPayload { offset: 7 })
        );
        assert_eq!(
            Payload::classify("https://e.org/a".into(), Embedding::Ob2Legacy, 7),
            Ok(Payload::HostedUrl("https://e.org/a".into()))
        );
    }
}
