//! What a credential refers to and the verifier does not have: the documents a caller must fetch
//! (with its own HTTP stack) before verifying offline.

use serde::Serialize;
use serde_json::Value;

use super::Verifier;
use super::checks::{method_id, status_list_urls};
use super::input::{self, Carried};
use super::presentation::Submission;
use crate::json;
use crate::jsonld::bundled_documents;
use crate::keys::{ResolveError, Resolver};

/// The documents a credential needs that are neither bundled, resolvable offline, nor supplied.
/// Each list is sorted and free of duplicates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Needs {
    /// JSON-LD context URLs.
    pub contexts: Vec<String>,
    /// DID documents (`did:web:…`) and `https:` controller documents of the keys that signed.
    pub controllers: Vec<String>,
    /// Status list credentials (`statusListCredential`) and revocation lists.
    pub status_lists: Vec<String>,
    /// Why nothing could be listed, when the input could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unreadable: Option<String>,
    /// For an Open Badges 2.0 assertion: the hosted assertion, BadgeClass, issuer Profile,
    /// CryptographicKey and RevocationList documents it refers to that were not supplied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ob2: Option<crate::ob2::Needs>,
}

impl Needs {
    /// Whether nothing is missing.
    pub fn is_empty(&self) -> bool {
        self.contexts.is_empty()
            && self.controllers.is_empty()
            && self.status_lists.is_empty()
            && self.ob2.as_ref().is_none_or(crate::ob2::Needs::is_empty)
    }

    /// Every missing URL, contexts first.
    pub fn urls(&self) -> impl Iterator<Item = &str> {
        self.contexts
            .iter()
            .chain(&self.controllers)
            .chain(&self.status_lists)
            .map(String::as_str)
            .chain(self.ob2.iter().flat_map(crate::ob2::Needs::urls))
    }

    /// The list as JSON: `{"contexts": […], "controllers": […], "status_lists": […]}`.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    fn finish(mut self) -> Self {
        for list in [
            &mut self.contexts,
            &mut self.controllers,
            &mut self.status_lists,
        ] {
            list.sort();
            list.dedup();
        }
        self
    }
}

pub(super) fn needs(verifier: &Verifier, bytes: &[u8]) -> Needs {
    let options = &verifier.options;
    let read = match input::read_with(bytes, options) {
        Ok(read) => read,
        Err(e) => {
            return Needs {
                unreadable: Some(e.message),
                ..Needs::default()
            };
        }
    };
    let mut needs = Needs::default();
    let ob2 = || Needs {
        ob2: Some(crate::ob2::needs(bytes, &verifier.documents, options)),
        ..Needs::default()
    };
    let credential = match read.carried {
        Carried::Ob2(_) => return ob2(),
        Carried::Json(text) => match json::parse(&text, &options.json_limits) {
            Ok(value) if crate::ob2::input::is_ob2(&value) => return ob2(),
            Ok(value) => value,
            Err(e) => {
                needs.unreadable = Some(format!("the credential is not valid JSON: {e}"));
                return needs;
            }
        },
        Carried::Jwt(token) => {
            let (header, payload) = jwt_parts(&token, &options.json_limits);
            kid_needed(verifier, header.as_ref(), &mut needs);
            match payload {
                Some(payload) if crate::ob2::input::is_ob2(&payload) => return ob2(),
                Some(payload) => payload,
                None => {
                    needs.unreadable = Some("the JWT payload cannot be read".to_owned());
                    return needs;
                }
            }
        }
    };
    match super::presentation::classify_json(&credential) {
        Submission::Credential => of_credential(verifier, &credential, &mut needs),
        kind => of_presentation(verifier, &credential, kind, &mut needs),
    }
    needs.finish()
}

/// A presentation's or API response's needs: the holder's key, then each presented credential's
/// (JSON, compact JWT or enveloped JWT), as verifying them asks for them.
fn of_presentation(verifier: &Verifier, document: &Value, kind: Submission, needs: &mut Needs) {
    collect_contexts(verifier, document, needs, 0);
    methods_needed(verifier, document, needs);
    let limits = &verifier.options.json_limits;
    for i in 0..super::entries::count(document, kind) {
        let Some((_, entry)) = super::entries::entry(document, kind, i) else {
            continue;
        };
        let token = match entry {
            Value::String(token) => Some(token.as_str()),
            Value::Object(object) if super::presentation::is_enveloped(object) => object
                .get("id")
                .and_then(Value::as_str)
                .and_then(super::presentation::enveloped_jwt),
            Value::Object(_) => {
                of_credential(verifier, entry, needs);
                continue;
            }
            _ => None,
        };
        let Some(token) = token else { continue };
        let (header, payload) = jwt_parts(token, limits);
        kid_needed(verifier, header.as_ref(), needs);
        if let Some(payload) = payload {
            of_credential(verifier, &payload, needs);
        }
    }
}

/// The documents of the keys a secured document's `proof` objects name.
fn methods_needed(verifier: &Verifier, document: &Value, needs: &mut Needs) {
    let proofs: &[Value] = match document.get("proof") {
        None => &[],
        Some(Value::Array(items)) => items,
        Some(single) => std::slice::from_ref(single),
    };
    for method in proofs.iter().filter_map(method_id) {
        controller_needed(verifier, &method, needs);
    }
}

/// The document of the key a JWT header's `kid` names.
fn kid_needed(verifier: &Verifier, header: Option<&Value>, needs: &mut Needs) {
    if let Some(kid) = header.and_then(|h| h.get("kid")).and_then(Value::as_str) {
        controller_needed(verifier, kid, needs);
    }
}

fn of_credential(verifier: &Verifier, credential: &Value, needs: &mut Needs) {
    collect_contexts(verifier, credential, needs, 0);
    methods_needed(verifier, credential, needs);
    for url in status_list_urls(credential) {
        match verifier.status_lists.get(&url) {
            None => needs.status_lists.push(url),
            // The list credential is verified too: its own documents are needed.
            Some(list) => {
                let mut inner = Needs::default();
                collect_contexts(verifier, &list.value, &mut inner, 0);
                methods_needed(verifier, &list.value, &mut inner);
                needs.contexts.append(&mut inner.contexts);
                needs.controllers.append(&mut inner.controllers);
            }
        }
    }
}

/// Adds the document a verification method (or JWT `kid`) lives in when it does not resolve.
fn controller_needed(verifier: &Verifier, method: &str, needs: &mut Needs) {
    if let Err(ResolveError::NotFound { id }) =
        verifier.resolver().resolve_method_and_controller(method)
    {
        let document = id.split_once('#').map_or(id.as_str(), |(base, _)| base);
        needs.controllers.push(document.to_owned());
    }
}

/// Context URLs anywhere in the document that are neither bundled nor supplied.
fn collect_contexts(verifier: &Verifier, value: &Value, needs: &mut Needs, depth: usize) {
    if depth > 64 {
        return;
    }
    match value {
        Value::Object(object) => {
            for (key, child) in object {
                if key == "@context" {
                    let urls: Vec<&str> = match child {
                        Value::String(url) => vec![url.as_str()],
                        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
                        _ => Vec::new(),
                    };
                    for url in urls {
                        let known = bundled_documents().any(|(b, _, _)| b == url)
                            || verifier.documents.get(url).is_some();
                        if !known {
                            needs.contexts.push(url.to_owned());
                        }
                    }
                } else if key != "proof" || depth > 0 {
                    collect_contexts(verifier, child, needs, depth + 1);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                collect_contexts(verifier, item, needs, depth + 1);
            }
        }
        _ => {}
    }
}

/// The decoded header and credential of a compact JWT, unverified (only to list what it needs).
fn jwt_parts(token: &str, limits: &json::JsonLimits) -> (Option<Value>, Option<Value>) {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut parts = token.trim().split('.');
    let decode = |part: Option<&str>| {
        let bytes = URL_SAFE_NO_PAD.decode(part?).ok()?;
        json::parse(&bytes, limits).ok()
    };
    let header = decode(parts.next());
    let mut payload = decode(parts.next());
    // A VC-JWT's credential, or a VP-JWT's presentation, may sit in a claim of its own.
    for claim in ["vc", "vp"] {
        if let Some(inner) = payload.as_mut().and_then(|p| p.get_mut(claim)) {
            let inner = inner.take();
            payload = Some(inner);
            break;
        }
    }
    (header, payload.filter(Value::is_object))
}
