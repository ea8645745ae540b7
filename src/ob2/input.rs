//! The forms an Open Badges 2.0 assertion reaches a verifier in: its JSON, its compact JWS
//! (signed assertions), an assertion URL, or any of these baked into a PNG (`iTXt`/`tEXt` chunk
//! with keyword `openbadges`) or an SVG (`<openbadges:assertion verify="…">`, with or without the
//! JSON as its text).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::Serialize;
use serde_json::Value;

use super::model::{CONTEXT_V1, CONTEXT_V2, CONTEXT_V2_ALIAS};
use crate::bake::{self, Carrier, Embedding, ImageFormat, Payload, UnbakeLimits};
use crate::json::{self, JsonLimits};
use crate::verify::{DisplayImage, InputKind};

/// What the assertion itself was found as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum PayloadKind {
    /// The Assertion JSON (hosted assertions).
    Json,
    /// A compact JWS (signed assertions).
    Jws,
    /// The URL of a hosted assertion.
    Url,
}

/// Where and how an assertion was read: the outer form ([`InputKind`]: JSON, JWS, PNG, SVG),
/// what the assertion was inside it, and for a baked image the chunk or SVG node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Source {
    /// The outer form.
    pub input: InputKind,
    /// The assertion as JSON, JWS or URL.
    pub payload: PayloadKind,
    /// For baked images: the PNG chunk or SVG node.
    pub carrier: Option<Carrier>,
}

impl Source {
    /// Read from `input` as `payload`, from `carrier` in a baked image.
    pub fn new(input: InputKind, payload: PayloadKind, carrier: Option<Carrier>) -> Self {
        Source {
            input,
            payload,
            carrier,
        }
    }

    /// In words, for reports: "signed assertion (compact JWS) baked in a PNG iTXt chunk".
    pub fn describe(&self) -> String {
        let what = match self.payload {
            PayloadKind::Json => "assertion JSON",
            PayloadKind::Jws => "signed assertion (compact JWS)",
            PayloadKind::Url => "hosted assertion URL",
        };
        let carrier = match self.carrier {
            Some(Carrier::PngItxt) => " baked in a PNG iTXt chunk",
            Some(Carrier::PngText) => " baked in a PNG tEXt chunk",
            Some(Carrier::SvgVerifyAttribute) => " baked in an SVG `verify` attribute",
            Some(Carrier::SvgElementText) => " baked in an SVG <openbadges:assertion> element",
            None => "",
        };
        format!("Open Badges 2.0 {what}{carrier}")
    }
}

/// The assertion as carried.
#[derive(Debug, Clone, PartialEq)]
pub enum Carried {
    /// Assertion JSON, parsed strictly.
    Json(Value),
    /// A compact JWS, not yet decoded.
    Jws(String),
    /// A hosted assertion's URL.
    Url(String),
}

/// An input read: how it came, and the assertion in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Read {
    /// Where it was found.
    pub source: Source,
    /// The assertion.
    pub carried: Carried,
    /// The baked image itself, for display.
    pub image: Option<DisplayImage>,
}

/// Why an input is not a readable OB 2.0 assertion.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// Over the input size limit.
    #[error("input is {len} bytes, over the {limit}-byte limit")]
    TooLarge {
        /// Its length.
        len: usize,
        /// The limit.
        limit: usize,
    },
    /// The image could not be unbaked.
    #[error("cannot unbake the image: {0}")]
    Unbake(#[from] bake::BakeError),
    /// The image carries an Open Badges 3.0 credential, not an OB 2.0 assertion.
    #[error("the image carries an Open Badges 3.0 credential, not an Open Badges 2.0 assertion")]
    Ob3Image,
    /// The JSON is malformed.
    #[error("the assertion is not valid JSON: {0}")]
    Json(#[from] json::JsonError),
    /// Neither JSON, a JWS, a URL nor an image.
    #[error(
        "the input is neither assertion JSON, a compact JWS, an assertion URL, nor a PNG or SVG image"
    )]
    UnknownFormat,
}

/// Whether `value` is an Open Badges 2.0 (or 1.x) object rather than an OB 3.0 credential: its
/// `@context` names the OB 2.0 or 1.1 context, or (1.0, no context) it has `recipient` and `badge`.
pub fn is_ob2(value: &Value) -> bool {
    let known = |s: &str| s == CONTEXT_V2 || s == CONTEXT_V2_ALIAS || s == CONTEXT_V1;
    match value.get("@context") {
        Some(Value::String(s)) => known(s),
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).any(known),
        Some(_) => false,
        None => value.get("recipient").is_some() && value.get("badge").is_some(),
    }
}

/// `base64url.base64url.base64url`.
fn looks_like_jws(text: &str) -> bool {
    let b64 = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '=';
    let parts: Vec<&str> = text.split('.').collect();
    parts.len() == 3
        && !parts.iter().any(|p| p.is_empty())
        && parts.iter().all(|p| p.chars().all(b64))
}

fn is_http_url(text: &str) -> bool {
    (text.starts_with("https://") || text.starts_with("http://"))
        && !text.chars().any(char::is_whitespace)
}

/// Classifies text: JSON, a compact JWS, or an http(s) URL.
fn classify(text: &str, limits: &JsonLimits) -> Result<(PayloadKind, Carried), ReadError> {
    let trimmed = text.trim();
    if trimmed.starts_with('{') {
        let value = json::parse(trimmed.as_bytes(), limits)?;
        return Ok((PayloadKind::Json, Carried::Json(value)));
    }
    if looks_like_jws(trimmed) {
        return Ok((PayloadKind::Jws, Carried::Jws(trimmed.to_owned())));
    }
    if is_http_url(trimmed) {
        return Ok((PayloadKind::Url, Carried::Url(trimmed.to_owned())));
    }
    Err(ReadError::UnknownFormat)
}

/// The assertion an OB 2.0 badge image carries, once unbaked (`image` is the whole image, shown
/// to the viewer).
pub fn from_unbaked(
    image: &[u8],
    unbaked: bake::Unbaked,
    json_limits: &JsonLimits,
) -> Result<Read, ReadError> {
    if unbaked.embedding != Embedding::Ob2Legacy {
        return Err(ReadError::Ob3Image);
    }
    let (input, mime) = match unbaked.format {
        ImageFormat::Png => (InputKind::Png, "image/png"),
        ImageFormat::Svg => (InputKind::Svg, "image/svg+xml"),
    };
    let (payload, carried) = match unbaked.payload {
        Payload::Json(text) => (
            PayloadKind::Json,
            Carried::Json(json::parse(text.as_bytes(), json_limits)?),
        ),
        Payload::Jwt(token) => (PayloadKind::Jws, Carried::Jws(token)),
        Payload::HostedUrl(url) => (PayloadKind::Url, Carried::Url(url)),
    };
    Ok(Read {
        source: Source {
            input,
            payload,
            carrier: Some(unbaked.carrier),
        },
        carried,
        image: Some(DisplayImage::Baked {
            mime: mime.to_owned(),
            data_uri: format!("data:{mime};base64,{}", STANDARD.encode(image)),
        }),
    })
}

/// Whether `text` is, on its own, an OB 2.0 hosted assertion URL (no OB 3.0 input is).
pub fn is_assertion_url(text: &[u8]) -> bool {
    std::str::from_utf8(text).is_ok_and(|t| is_http_url(t.trim()))
}

/// Reads an OB 2.0 assertion as received: JSON, a compact JWS, an assertion URL, or a PNG or
/// SVG badge baked with any of them.
pub fn read(
    bytes: &[u8],
    max_input_bytes: usize,
    json_limits: &JsonLimits,
    unbake_limits: &UnbakeLimits,
) -> Result<Read, ReadError> {
    if bytes.len() > max_input_bytes {
        return Err(ReadError::TooLarge {
            len: bytes.len(),
            limit: max_input_bytes,
        });
    }
    if bake::detect_format(bytes).is_some() {
        let unbaked = bake::unbake_with_limits(bytes, unbake_limits)?;
        return from_unbaked(bytes, unbaked, json_limits);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| ReadError::UnknownFormat)?;
    let (payload, carried) = classify(text, json_limits)?;
    let input = match payload {
        PayloadKind::Json => InputKind::Json,
        PayloadKind::Jws => InputKind::Jwt,
        PayloadKind::Url => InputKind::Unknown,
    };
    Ok(Read {
        source: Source {
            input,
            payload,
            carrier: None,
        },
        carried,
        image: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_default(bytes: &[u8]) -> Result<Read, ReadError> {
        read(
            bytes,
            1 << 20,
            &JsonLimits::default(),
            &UnbakeLimits::default(),
        )
    }

    #[test]
    fn plain_inputs_are_classified() {
        let json = read_default(br#" {"id": "https://e.org/a"} "#).unwrap();
        assert_eq!(json.source.payload, PayloadKind::Json);
        assert_eq!(json.source.input, InputKind::Json);
        let jws = read_default(b"eyJh.eyJi.c2ln\n").unwrap();
        assert_eq!(jws.carried, Carried::Jws("eyJh.eyJi.c2ln".into()));
        let url = read_default(b"https://e.org/assertions/1").unwrap();
        assert_eq!(
            url.carried,
            Carried::Url("https://e.org/assertions/1".into())
        );
        assert_eq!(
            read_default(b"ftp://e.org/a"),
            Err(ReadError::UnknownFormat)
        );
        assert!(matches!(
            read_default(br#"{"a":1,"a":2}"#),
            Err(ReadError::Json(_))
        ));
        assert!(matches!(
            read(b"{}", 1, &JsonLimits::default(), &UnbakeLimits::default()),
            Err(ReadError::TooLarge { len: 2, limit: 1 })
        ));
    }

    #[test]
    fn ob2_detection() {
        use serde_json::json;
        assert!(is_ob2(&json!({"@context": CONTEXT_V2})));
        assert!(is_ob2(
            &json!({"@context": [CONTEXT_V1, {"x": "https://e.org/x"}]})
        ));
        assert!(is_ob2(&json!({"recipient": "a@e.org", "badge": "x"})));
        assert!(!is_ob2(
            &json!({"@context": ["https://www.w3.org/ns/credentials/v2"]})
        ));
    }
}
