//! From bytes to a credential: size limit, format detection, unbaking.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::report::{DisplayImage, InputKind, MAX_INLINE_IMAGE_BYTES};
use crate::bake::{self, Embedding, ImageFormat, Payload};

/// What the bytes hold, once unbaked.
pub(super) enum Carried<'a> {
    /// An Open Badges 2.0 assertion (a baked OB 2.0 image, or an assertion URL).
    Ob2(crate::ob2::input::Read),
    /// Credential JSON text (bytes, still to be parsed strictly): the input itself when it is
    /// JSON, no copy.
    Json(std::borrow::Cow<'a, [u8]>),
    /// A compact JWS.
    Jwt(String),
}

/// The input, read.
pub(super) struct Read<'a> {
    pub kind: InputKind,
    pub carried: Carried<'a>,
    pub image: Option<DisplayImage>,
}

/// Why the input could not be read: which kind it looked like, whether it is an Open Badge at
/// all, and what was wrong.
pub(super) struct Unreadable {
    pub kind: InputKind,
    pub not_a_badge: bool,
    pub message: String,
}

fn unreadable(kind: InputKind, message: impl Into<String>) -> Unreadable {
    Unreadable {
        kind,
        not_a_badge: false,
        message: message.into(),
    }
}

/// [`read`] with the limits of `options`.
pub(super) fn read_with<'a>(
    bytes: &'a [u8],
    options: &super::VerifyOptions,
) -> Result<Read<'a>, Unreadable> {
    read(
        bytes,
        options.max_input_bytes,
        options.max_jwt_bytes,
        &options.json_limits,
        &options.unbake_limits,
    )
}

/// Detects the format and extracts the credential text.
pub(super) fn read<'a>(
    bytes: &'a [u8],
    max_input_bytes: usize,
    max_jwt_bytes: usize,
    json_limits: &crate::json::JsonLimits,
    limits: &bake::UnbakeLimits,
) -> Result<Read<'a>, Unreadable> {
    if bytes.len() > max_input_bytes {
        return Err(unreadable(
            InputKind::Unknown,
            format!(
                "input is {} bytes, over the {max_input_bytes}-byte limit",
                bytes.len()
            ),
        ));
    }
    if let Some(format) = bake::detect_format(bytes) {
        let kind = match format {
            ImageFormat::Png => InputKind::Png,
            ImageFormat::Svg => InputKind::Svg,
        };
        let unbaked = bake::unbake_with_limits(bytes, limits)
            .map_err(|e| unreadable(kind, format!("cannot unbake the image: {e}")))?;
        if unbaked.embedding == Embedding::Ob2Legacy {
            let read = crate::ob2::input::from_unbaked(bytes, unbaked, json_limits)
                .map_err(|e| unreadable(kind, e.to_string()))?;
            return Ok(Read {
                kind,
                carried: Carried::Ob2(read),
                image: None,
            });
        }
        let mime = match format {
            ImageFormat::Png => "image/png",
            ImageFormat::Svg => "image/svg+xml",
        };
        let image = Some(if bytes.len() <= MAX_INLINE_IMAGE_BYTES {
            DisplayImage::Baked {
                mime: mime.to_owned(),
                data_uri: format!("data:{mime};base64,{}", STANDARD.encode(bytes)),
            }
        } else {
            use sha2::Digest as _;
            DisplayImage::Digest {
                mime: mime.to_owned(),
                sha256: sha2::Sha256::digest(bytes)
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect(),
                bytes: bytes.len(),
            }
        });
        let carried = match unbaked.payload {
            Payload::Json(text) => Carried::Json(text.into_bytes().into()),
            Payload::Jwt(token) => Carried::Jwt(token),
            other => {
                return Err(Unreadable {
                    kind,
                    not_a_badge: true,
                    message: format!(
                        "the image carries `{}`, not a credential",
                        truncate(other.as_str())
                    ),
                });
            }
        };
        return Ok(Read {
            kind,
            carried,
            image,
        });
    }
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    match bytes.get(start) {
        None => Err(unreadable(InputKind::Unknown, "the input is empty")),
        Some(b'{' | b'[' | b'"') => Ok(Read {
            kind: InputKind::Json,
            carried: Carried::Json(bytes.into()),
            image: None,
        }),
        Some(_) if bytes.len() > max_jwt_bytes && looks_like_jws(bytes) => Err(unreadable(
            InputKind::Jwt,
            format!(
                "the JWT is {} bytes, over the {max_jwt_bytes}-byte limit",
                bytes.len()
            ),
        )),
        Some(_) if looks_like_jws(bytes) => Ok(Read {
            kind: InputKind::Jwt,
            carried: Carried::Jwt(String::from_utf8_lossy(bytes).trim().to_owned()),
            image: None,
        }),
        Some(_) if crate::ob2::input::is_assertion_url(bytes) => {
            let read = crate::ob2::input::read(bytes, max_input_bytes, json_limits, limits)
                .map_err(|e| unreadable(InputKind::Unknown, e.to_string()))?;
            Ok(Read {
                kind: InputKind::Ob2Url,
                carried: Carried::Ob2(read),
                image: None,
            })
        }
        Some(_) => Err(unreadable(
            InputKind::Unknown,
            "the input is neither credential JSON, a compact JWT, an Open Badges 2.0 assertion URL, nor a PNG or SVG image",
        )),
    }
}

/// `base64url.base64url.base64url` (surrounding ASCII whitespace allowed). The signature may be
/// empty: an unsecured or stripped token is still a JWT, to be reported as not verified.
fn looks_like_jws(bytes: &[u8]) -> bool {
    let trimmed = bytes.trim_ascii();
    let b64 = |c: &u8| c.is_ascii_alphanumeric() || *c == b'-' || *c == b'_';
    let parts: Vec<&[u8]> = trimmed.splitn(4, |b| *b == b'.').collect();
    match parts.as_slice() {
        [header, payload, signature] => {
            !header.is_empty()
                && !payload.is_empty()
                && [header, payload, signature]
                    .iter()
                    .all(|p| p.iter().all(b64))
        }
        _ => false,
    }
}

/// At most 80 characters of untrusted text, for messages.
pub(super) fn truncate(text: &str) -> String {
    let mut out: String = text.chars().take(80).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}
