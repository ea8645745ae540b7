//! Browser bindings of the [`openbadges`] verifier, for the static verifier page in this folder
//! (`index.html`) and for any web page or wallet that verifies badges client-side.
//!
//! From JavaScript (after `wasm-bindgen --target web`):
//!
//! ```js
//! import init, { verify, unbake, needs, registerDocument } from "./pkg/openbadges_web.js";
//! await init();
//! const report = verify(bytes, { strict: false });   // the JSON `openbadges verify` prints
//! needs(bytes);                                        // {contexts, controllers, status_lists}
//! registerDocument("did:web:district.example", didDocumentText);
//! ```
//!
//! Nothing leaves the page: the library opens no socket, and documents a credential refers to
//! (a `did:web` DID document, a status list, an extra context) are handed in by the person
//! through [`register_document`]. The same functions without the `wasm_bindgen` layer are in
//! [`core`], so they are tested natively too.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod core;

use wasm_bindgen::prelude::*;

/// Converts JSON text made by [`core`] into a JavaScript object.
fn to_js(json: &str) -> Result<JsValue, JsError> {
    js_sys::JSON::parse(json).map_err(|_| JsError::new("internal error: report is not JSON"))
}

/// Verifies a badge — credential JSON, compact VC-JWT, baked PNG or baked SVG — or a verifiable
/// presentation of badges (JSON or VP-JWT, or an Open Badges API response), and returns the
/// report object (the JSON `openbadges verify` prints; a presentation's has `credentials`, one
/// report per badge). `options` may be `undefined` or `{now?: string (RFC 3339), strict?:
/// boolean, allowUncheckedStatus?: boolean, challenge?: string, domain?: string}`; a challenge or
/// domain given is required of a presentation. Without `now` the browser's clock is used.
/// Documents added with [`register_document`] are used.
#[wasm_bindgen]
pub fn verify(bytes: &[u8], options: JsValue) -> Result<JsValue, JsError> {
    let options = options_text(&options)?;
    let report = core::verify(bytes, options.as_deref(), chrono::Utc::now())
        .map_err(|e| JsError::new(&e.to_string()))?;
    to_js(&report)
}

/// The credential baked into a PNG or SVG: `{format: "png"|"svg", embedding: "ob3"|"ob2",
/// payloadKind: "json"|"jwt"|"url", payload: string}`. Throws when the image carries none.
#[wasm_bindgen]
pub fn unbake(bytes: &[u8]) -> Result<JsValue, JsError> {
    to_js(&core::unbake(bytes).map_err(|e| JsError::new(&e.to_string()))?)
}

/// What the badge refers to that the page does not have yet:
/// `{contexts: [...], controllers: [...], status_lists: [...]}` (URLs and DIDs), plus
/// `unreadable` when the input could not be read.
#[wasm_bindgen]
pub fn needs(bytes: &[u8]) -> Result<JsValue, JsError> {
    to_js(&core::needs(bytes))
}

/// Adds a document (JSON text) under the URL or DID it is published at: a DID document, a
/// controller document, a status list credential or a JSON-LD context. Returns its kind
/// (`"controller"`, `"status_list"`, `"context"`, `"other"`). Throws on invalid JSON or a
/// document the verifier refuses.
#[wasm_bindgen(js_name = registerDocument)]
pub fn register_document(url: &str, json: &str) -> Result<String, JsError> {
    core::register_document(url, json.as_bytes()).map_err(|e| JsError::new(&e.to_string()))
}

/// Forgets every document added with [`register_document`].
#[wasm_bindgen(js_name = clearDocuments)]
pub fn clear_documents() {
    core::clear_documents();
}

/// `options` as JSON text, or `None` when it is `undefined`/`null`.
fn options_text(options: &JsValue) -> Result<Option<String>, JsError> {
    if options.is_undefined() || options.is_null() {
        return Ok(None);
    }
    js_sys::JSON::stringify(options)
        .ok()
        .and_then(|text| text.as_string())
        .map(Some)
        .ok_or_else(|| JsError::new("options must be a plain object"))
}
