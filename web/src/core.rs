//! The bindings' logic in plain Rust (JSON text in and out), so it runs and is tested natively;
//! `lib.rs` only converts between these and JavaScript values.

use std::cell::RefCell;

use chrono::{DateTime, Utc};
use openbadges::bake::{self, Embedding, ImageFormat, Payload};
use openbadges::documents::DocumentKind;
use openbadges::verify::{PresentationOptions, Submission, classify};
use openbadges::{Verifier, VerifyOptions};
use serde_json::{Value, json};

thread_local! {
    /// Documents the person added on the page, in the order added, as the bytes they gave.
    /// A page is single-threaded; each verification builds its verifier from these.
    static DOCUMENTS: RefCell<Vec<(String, Vec<u8>)>> = const { RefCell::new(Vec::new()) };
}

/// Why a binding call failed; the message is what the page shows.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebError {
    /// The options object is not `{now?, strict?, allowUncheckedStatus?, challenge?, domain?}`.
    #[error("options: {0}")]
    Options(String),
    /// The image carries no credential, or cannot be read.
    #[error("no badge found in the image: {0}")]
    Unbake(#[from] bake::BakeError),
    /// The document was refused (not JSON, unusable DID document, private status list file…).
    #[error("document {url}: {reason}")]
    Document {
        /// The URL or DID it was given under.
        url: String,
        /// Why it was refused.
        reason: String,
    },
}

/// What the page asks of a badge or a presentation.
struct Asked {
    options: VerifyOptions,
    /// The challenge and domain the person asked a presentation for (required when given).
    presentation: PresentationOptions,
}

/// The verification options the page may set.
fn options(text: Option<&str>, clock: DateTime<Utc>) -> Result<Asked, WebError> {
    let bad = |reason: &str| WebError::Options(reason.to_owned());
    let value: Value = match text {
        None => Value::Object(Default::default()),
        Some(text) => serde_json::from_str(text).map_err(|e| WebError::Options(e.to_string()))?,
    };
    let object = value.as_object().ok_or_else(|| bad("must be an object"))?;
    let now = match object.get("now") {
        None | Some(Value::Null) => clock,
        Some(Value::String(text)) => DateTime::parse_from_rfc3339(text)
            .map_err(|_| bad("`now` must be an RFC 3339 date-time"))?
            .with_timezone(&Utc),
        Some(_) => return Err(bad("`now` must be a string")),
    };
    let flag = |name: &str| match object.get(name) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(on)) => Ok(*on),
        Some(_) => Err(WebError::Options(format!("`{name}` must be a boolean"))),
    };
    let text = |name: &str| match object.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) if text.trim().is_empty() => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.trim().to_owned())),
        Some(_) => Err(WebError::Options(format!("`{name}` must be a string"))),
    };
    if let Some(unknown) = object.keys().find(|k| {
        ![
            "now",
            "strict",
            "allowUncheckedStatus",
            "challenge",
            "domain",
        ]
        .contains(&k.as_str())
    }) {
        return Err(WebError::Options(format!("unknown option `{unknown}`")));
    }
    let mut options = VerifyOptions::new(now).allow_unchecked_status(flag("allowUncheckedStatus")?);
    if flag("strict")? {
        options = options.strict();
    }
    let mut presentation = PresentationOptions::new();
    if let Some(challenge) = text("challenge")? {
        presentation = presentation.challenge(challenge);
    }
    if let Some(domain) = text("domain")? {
        presentation = presentation.domain(domain);
    }
    Ok(Asked {
        options,
        presentation,
    })
}

/// A verifier with `options` and every document added so far.
fn verifier(options: VerifyOptions) -> Verifier {
    let mut verifier = Verifier::new(options);
    DOCUMENTS.with_borrow(|documents| {
        for (url, bytes) in documents {
            // Each was accepted by `register_document` against the same rules.
            let _ = verifier.register_document(url, bytes);
        }
    });
    verifier
}

/// Verifies `bytes` and returns the report as JSON text (what `openbadges verify` prints): a
/// badge's report, or for a verifiable presentation or an Open Badges API response the
/// presentation's report with each credential's inside (`credentials`), checked against the
/// options' `challenge` and `domain` when given. `clock` is the time used when the options name
/// none.
pub fn verify(
    bytes: &[u8],
    options_json: Option<&str>,
    clock: DateTime<Utc>,
) -> Result<String, WebError> {
    let asked = options(options_json, clock)?;
    let verifier = verifier(asked.options);
    if classify(bytes) != Submission::Credential {
        let report = verifier.verify_presentation(bytes, &asked.presentation);
        return Ok(report.to_json().to_string());
    }
    Ok(verifier.verify(bytes).to_json().to_string())
}

/// What `bytes` needs that has not been added, as JSON text.
pub fn needs(bytes: &[u8]) -> String {
    // Needs do not depend on the time.
    let verifier = verifier(VerifyOptions::new(DateTime::UNIX_EPOCH));
    verifier.needs(bytes).to_json().to_string()
}

/// The credential baked into a PNG or SVG, as JSON text.
pub fn unbake(bytes: &[u8]) -> Result<String, WebError> {
    let unbaked = bake::unbake(bytes)?;
    let format = match unbaked.format {
        ImageFormat::Png => "png",
        ImageFormat::Svg => "svg",
    };
    let embedding = match unbaked.embedding {
        Embedding::Ob3 => "ob3",
        Embedding::Ob2Legacy => "ob2",
    };
    let payload_kind = match &unbaked.payload {
        Payload::Json(_) => "json",
        Payload::Jwt(_) => "jwt",
        Payload::HostedUrl(_) => "url",
        _ => "other",
    };
    Ok(json!({
        "format": format,
        "embedding": embedding,
        "payloadKind": payload_kind,
        "payload": unbaked.payload.as_str(),
    })
    .to_string())
}

/// Adds a document under `url` (replacing one added before under the same URL) and returns its
/// kind. Refused documents are not kept.
pub fn register_document(url: &str, bytes: &[u8]) -> Result<String, WebError> {
    let refused = |reason: String| WebError::Document {
        url: url.to_owned(),
        reason,
    };
    let mut probe = Verifier::new(VerifyOptions::new(DateTime::UNIX_EPOCH));
    probe
        .register_document(url, bytes)
        .map_err(|e| refused(e.to_string()))?;
    let kind = match probe.documents().kind(url) {
        Some(DocumentKind::Context) => "context",
        Some(DocumentKind::ControllerDocument) => "controller",
        Some(DocumentKind::StatusList) => "status_list",
        _ => "other",
    };
    DOCUMENTS.with_borrow_mut(|documents| {
        documents.retain(|(known, _)| known != url);
        documents.push((url.to_owned(), bytes.to_vec()));
    });
    Ok(kind.to_owned())
}

/// Forgets every added document.
pub fn clear_documents() {
    DOCUMENTS.with_borrow_mut(Vec::clear);
}
