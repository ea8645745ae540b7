//! Verification methods, controller documents and offline resolution.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock, RwLock};

use serde_json::{Map, Value};

use super::did::{decode_did_jwk, did_jwk_document, did_key_document_of};
use super::{DidKeyForm, KeyError, PublicKey, ResolveError};

/// The public key a verification method carries.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum KeyMaterial {
    /// An Ed25519 key (Multikey, Ed25519VerificationKey2020/2018, or an OKP/Ed25519 JWK).
    Ed25519(PublicKey),
    /// A public JWK of another key type (P-256, RSA…), kept as JSON for the JOSE layer.
    Jwk(Value),
}

/// A verification method: the public key a proof names, who controls it, and how it is typed.
#[derive(Debug, Clone, PartialEq)]
pub struct VerificationMethod {
    /// Absolute id (DID URL or URL).
    pub id: String,
    /// `type`, e.g. `Multikey`, `Ed25519VerificationKey2020`, `JsonWebKey2020`.
    pub method_type: String,
    /// The controller document's id.
    pub controller: String,
    /// The public key.
    pub key: KeyMaterial,
}

impl VerificationMethod {
    /// The `Multikey` verification method `id` for an Ed25519 key controlled by `controller`.
    pub fn multikey(id: impl Into<String>, controller: impl Into<String>, key: PublicKey) -> Self {
        Self {
            id: id.into(),
            method_type: "Multikey".to_owned(),
            controller: controller.into(),
            key: KeyMaterial::Ed25519(key),
        }
    }

    /// Parses a verification method object. Relative ids (`#key-1`) and controllers are resolved
    /// against `base` (the enclosing document's id).
    ///
    /// Supported: `Multikey` and `Ed25519VerificationKey2020` (`publicKeyMultibase`),
    /// `Ed25519VerificationKey2018` (`publicKeyBase58`), `JsonWebKey2020` / `JsonWebKey`
    /// (`publicKeyJwk`, any key type; OKP/Ed25519 becomes [`KeyMaterial::Ed25519`]).
    pub fn from_json(value: &Value, base: Option<&str>) -> Result<Self, KeyError> {
        let object = value
            .as_object()
            .ok_or_else(|| KeyError::VerificationMethod {
                id: String::new(),
                reason: "not a JSON object".to_owned(),
            })?;
        let raw_id = object.get("id").and_then(Value::as_str).unwrap_or_default();
        let id = absolute(raw_id, base);
        let fail = |reason: String| KeyError::VerificationMethod {
            id: id.clone(),
            reason,
        };
        if raw_id.is_empty() {
            return Err(fail("missing string `id`".to_owned()));
        }
        let string = |name: &str| object.get(name).and_then(Value::as_str);
        let method_type = string("type").ok_or_else(|| fail("missing string `type`".to_owned()))?;
        let controller = string("controller")
            .map(|c| absolute(c, base))
            .ok_or_else(|| fail("missing string `controller`".to_owned()))?;
        let wrap = |e: KeyError| fail(e.to_string());
        let key = match method_type {
            "Multikey" | "Ed25519VerificationKey2020" => {
                let multibase = string("publicKeyMultibase")
                    .ok_or_else(|| fail("missing string `publicKeyMultibase`".to_owned()))?;
                KeyMaterial::Ed25519(PublicKey::from_multibase(multibase).map_err(wrap)?)
            }
            "Ed25519VerificationKey2018" => {
                let base58 = string("publicKeyBase58")
                    .ok_or_else(|| fail("missing string `publicKeyBase58`".to_owned()))?;
                KeyMaterial::Ed25519(PublicKey::from_base58(base58).map_err(wrap)?)
            }
            "JsonWebKey2020" | "JsonWebKey" => {
                let jwk = object
                    .get("publicKeyJwk")
                    .ok_or_else(|| fail("missing `publicKeyJwk`".to_owned()))?;
                jwk_material(jwk).map_err(wrap)?
            }
            other => return Err(fail(format!("unsupported type `{other}`"))),
        };
        Ok(Self {
            method_type: method_type.to_owned(),
            controller,
            key,
            id,
        })
    }

    /// The Ed25519 key, if this method holds one.
    pub fn ed25519(&self) -> Option<&PublicKey> {
        match &self.key {
            KeyMaterial::Ed25519(key) => Some(key),
            KeyMaterial::Jwk(_) => None,
        }
    }

    /// The public key as a JWK, whatever its representation (what a JOSE library takes).
    pub fn public_jwk(&self) -> Value {
        match &self.key {
            KeyMaterial::Ed25519(key) => key.to_jwk(),
            KeyMaterial::Jwk(jwk) => jwk.clone(),
        }
    }

    /// The method as JSON, in the representation its type calls for.
    pub fn to_json(&self) -> Value {
        let mut object = Map::new();
        object.insert("id".into(), Value::from(self.id.as_str()));
        object.insert("type".into(), Value::from(self.method_type.as_str()));
        object.insert("controller".into(), Value::from(self.controller.as_str()));
        match (&self.key, self.method_type.as_str()) {
            (KeyMaterial::Ed25519(key), "Ed25519VerificationKey2018") => {
                object.insert("publicKeyBase58".into(), Value::from(key.to_base58()));
            }
            (KeyMaterial::Ed25519(key), "JsonWebKey2020" | "JsonWebKey") => {
                object.insert("publicKeyJwk".into(), key.to_jwk());
            }
            (KeyMaterial::Ed25519(key), _) => {
                object.insert("publicKeyMultibase".into(), Value::from(key.to_multibase()));
            }
            (KeyMaterial::Jwk(jwk), _) => {
                object.insert("publicKeyJwk".into(), jwk.clone());
            }
        }
        Value::Object(object)
    }
}

fn jwk_material(jwk: &Value) -> Result<KeyMaterial, KeyError> {
    let is_ed25519 = jwk.get("kty").and_then(Value::as_str) == Some("OKP")
        && jwk.get("crv").and_then(Value::as_str) == Some("Ed25519");
    if is_ed25519 {
        return PublicKey::from_jwk(jwk).map(KeyMaterial::Ed25519);
    }
    let object = jwk.as_object().ok_or_else(|| KeyError::Jwk {
        reason: "not a JSON object".to_owned(),
    })?;
    if object.contains_key("d") {
        return Err(KeyError::Jwk {
            reason: "contains private key member `d`".to_owned(),
        });
    }
    Ok(KeyMaterial::Jwk(jwk.clone()))
}

/// `#fragment` (or a bare relative reference) made absolute against the document id.
fn absolute(id: &str, base: Option<&str>) -> String {
    match base {
        Some(base) if id.starts_with('#') => {
            let base = base.split_once('#').map_or(base, |(b, _)| b);
            format!("{base}{id}")
        }
        _ => id.to_owned(),
    }
}

/// A DID document or other controller document: who controls which verification methods, and
/// for what purpose (`assertionMethod`, `authentication`, …).
///
/// A standalone verification-method document (a key published at its own URL, with its
/// `controller`) is accepted too: it then resolves its own id.
#[derive(Debug, Clone, PartialEq)]
pub struct ControllerDocument {
    id: String,
    /// Shared: resolvers hand out copies of the documents they know (cheaply).
    document: Arc<Value>,
}

/// Where embedded verification methods may appear in a controller document.
const METHOD_HOLDERS: [&str; 6] = [
    "verificationMethod",
    "assertionMethod",
    "authentication",
    "capabilityInvocation",
    "capabilityDelegation",
    "keyAgreement",
];

impl ControllerDocument {
    /// Wraps a document; it must be a JSON object with a string `id`.
    pub fn from_json(document: Value) -> Result<Self, KeyError> {
        let id = document
            .get("id")
            .and_then(Value::as_str)
            .ok_or_else(|| KeyError::VerificationMethod {
                id: String::new(),
                reason: "controller document has no string `id`".to_owned(),
            })?
            .to_owned();
        Ok(Self {
            id,
            document: Arc::new(document),
        })
    }

    /// The document's `id`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The document as JSON.
    pub fn as_json(&self) -> &Value {
        &self.document
    }

    /// The verification method with this absolute id, embedded anywhere in the document
    /// (`verificationMethod` or a relationship), or the document itself when it is one.
    pub fn verification_method(&self, id: &str) -> Result<VerificationMethod, ResolveError> {
        let invalid = |source: KeyError| ResolveError::Invalid {
            id: id.to_owned(),
            source,
        };
        if self.id == id && self.document.get("type").is_some() {
            return VerificationMethod::from_json(&self.document, None).map_err(invalid);
        }
        for holder in METHOD_HOLDERS {
            for entry in entries(self.document.get(holder)) {
                if entry.is_object() && self.entry_id(entry).as_deref() == Some(id) {
                    return VerificationMethod::from_json(entry, Some(&self.id)).map_err(invalid);
                }
            }
        }
        Err(ResolveError::MethodNotInDocument {
            id: id.to_owned(),
            document: self.id.clone(),
        })
    }

    /// Whether the method `method_id` is listed (by reference or embedded) under `relationship`
    /// (e.g. `assertionMethod`) in this document.
    pub fn authorizes(&self, relationship: &str, method_id: &str) -> bool {
        entries(self.document.get(relationship))
            .any(|entry| self.entry_id(entry).as_deref() == Some(method_id))
    }

    fn entry_id(&self, entry: &Value) -> Option<String> {
        let raw = match entry {
            Value::String(reference) => reference.as_str(),
            Value::Object(object) => object.get("id")?.as_str()?,
            _ => return None,
        };
        Some(absolute(raw, Some(&self.id)))
    }
}

/// The members of a one-or-many JSON value.
fn entries(value: Option<&Value>) -> impl Iterator<Item = &Value> {
    let slice: &[Value] = match value {
        Some(Value::Array(items)) => items,
        Some(single) => std::slice::from_ref(single),
        None => &[],
    };
    slice.iter()
}

/// Finds controller documents and verification methods by id. Implementations MUST NOT reach the
/// network behind the caller's back; an identifier they know nothing about is
/// [`ResolveError::NotFound`].
pub trait Resolver: Send + Sync {
    /// The controller document (DID document, or a document published at a URL) with this id
    /// (no fragment).
    fn resolve_document(&self, id: &str) -> Result<ControllerDocument, ResolveError>;

    /// The verification method with this absolute id (usually a DID URL with a fragment): by
    /// default looked up inside the document its fragment-less part names.
    fn resolve_verification_method(&self, id: &str) -> Result<VerificationMethod, ResolveError> {
        let document_id = id.split_once('#').map_or(id, |(base, _)| base);
        self.resolve_document(document_id)?.verification_method(id)
    }

    /// The verification method `id` and the controller document of its `controller`: what a
    /// proof verifier needs. The default resolves each in turn; resolvers override it to reuse
    /// one resolution when the method's own document is its controller's (as with `did:key`).
    fn resolve_method_and_controller(
        &self,
        id: &str,
    ) -> Result<(VerificationMethod, ControllerDocument), ResolveError> {
        let method = self.resolve_verification_method(id)?;
        let controller = self.resolve_document(&method.controller)?;
        Ok((method, controller))
    }
}

/// Resolves `did:key` (Ed25519, Multikey form) and `did:jwk` from the identifier alone; anything
/// else is [`ResolveError::NotFound`].
#[derive(Debug, Clone, Copy, Default)]
pub struct BuiltinResolver;

impl BuiltinResolver {
    /// The verification method `id` and the document it was read from.
    fn method_and_document(
        &self,
        id: &str,
    ) -> Result<(VerificationMethod, ControllerDocument), ResolveError> {
        let document_id = id.split_once('#').map_or(id, |(base, _)| base);
        if let Some(multibase) = document_id.strip_prefix("did:key:") {
            // The key is decoded once and the method built from it, not re-read from the
            // document (a did:key document has exactly this one method).
            let (key, document) = did_key_resolution(document_id)?;
            let method_id = format!("{}#{multibase}", document.id());
            if id != document_id && id != method_id {
                return Err(ResolveError::MethodNotInDocument {
                    id: id.to_owned(),
                    document: document.id().to_owned(),
                });
            }
            let method = VerificationMethod::multikey(method_id, document.id(), key);
            return Ok((method, document));
        }
        let document = self.resolve_document(document_id)?;
        let method = document.verification_method(id)?;
        Ok((method, document))
    }
}

impl Resolver for BuiltinResolver {
    /// As the default, except that a bare `did:key:z…` (no fragment, as older issuers wrote it)
    /// names the DID's one key, `did:key:z…#z…`.
    fn resolve_verification_method(&self, id: &str) -> Result<VerificationMethod, ResolveError> {
        self.method_and_document(id).map(|(method, _)| method)
    }

    fn resolve_method_and_controller(
        &self,
        id: &str,
    ) -> Result<(VerificationMethod, ControllerDocument), ResolveError> {
        // Resolution is deterministic: the document the method came from is its controller's
        // when the ids agree, so the key is decoded once.
        let (method, document) = self.method_and_document(id)?;
        if method.controller == document.id {
            return Ok((method, document));
        }
        let controller = self.resolve_document(&method.controller)?;
        Ok((method, controller))
    }

    fn resolve_document(&self, id: &str) -> Result<ControllerDocument, ResolveError> {
        let invalid = |source: KeyError| ResolveError::Invalid {
            id: id.to_owned(),
            source,
        };
        let document = if id.starts_with("did:key:") {
            return did_key_resolution(id).map(|(_, document)| document);
        } else if id.starts_with("did:jwk:") {
            decode_did_jwk(id).map_err(invalid)?;
            did_jwk_document(id).map_err(invalid)?
        } else {
            return Err(ResolveError::NotFound { id: id.to_owned() });
        };
        ControllerDocument::from_json(document).map_err(invalid)
    }
}

/// `did:key` resolutions kept per process before the memo is emptied.
const DID_KEY_MEMO_CAPACITY: usize = 1024;

/// The key a `did:key` DID encodes and its DID document (Multikey form).
///
/// Memoized: resolution is a pure function of the DID, a verifier meets the same few issuer keys
/// over and over, and decoding one costs a curve point decompression (about 5 µs, an eighth of
/// verifying the signature itself).
fn did_key_resolution(did: &str) -> Result<(PublicKey, ControllerDocument), ResolveError> {
    type Memo = RwLock<HashMap<String, (PublicKey, ControllerDocument)>>;
    static MEMO: OnceLock<Memo> = OnceLock::new();
    let memo = MEMO.get_or_init(Memo::default);
    if let Some(known) = memo.read().ok().and_then(|m| m.get(did).cloned()) {
        return Ok(known);
    }
    let resolved = decode_did_key(did)?;
    if let Ok(mut m) = memo.write() {
        if m.len() >= DID_KEY_MEMO_CAPACITY {
            m.clear();
        }
        m.insert(did.to_owned(), resolved.clone());
    }
    Ok(resolved)
}

fn decode_did_key(did: &str) -> Result<(PublicKey, ControllerDocument), ResolveError> {
    let invalid = |source: KeyError| ResolveError::Invalid {
        id: did.to_owned(),
        source,
    };
    let key = PublicKey::from_did_key(did).map_err(invalid)?;
    // base58btc is canonical, so the DID's own multibase is the key's encoding.
    let multibase = did
        .strip_prefix("did:key:")
        .and_then(|rest| rest.split('#').next())
        .unwrap_or_default();
    let document =
        ControllerDocument::from_json(did_key_document_of(multibase, DidKeyForm::Multikey))
            .map_err(invalid)?;
    Ok((key, document))
}

/// Resolution from documents the caller registers (DID documents of `did:web` issuers, key
/// documents published at `https://` URLs…), falling back to [`BuiltinResolver`] for `did:key`
/// and `did:jwk`.
///
/// ```
/// use openbadges::keys::{Keypair, Resolver, StaticResolver};
/// use serde_json::json;
///
/// let key = Keypair::from_seed(&[3u8; 32]).public_key();
/// let mut resolver = StaticResolver::new();
/// resolver.insert(json!({
///     "id": "did:web:issuer.example",
///     "verificationMethod": [{
///         "id": "#key-1",
///         "type": "Multikey",
///         "controller": "did:web:issuer.example",
///         "publicKeyMultibase": key.to_multibase(),
///     }],
///     "assertionMethod": ["#key-1"],
/// }))?;
/// let method = resolver.resolve_verification_method("did:web:issuer.example#key-1")?;
/// assert_eq!(method.ed25519(), Some(&key));
/// let document = resolver.resolve_document(&method.controller)?;
/// assert!(document.authorizes("assertionMethod", &method.id));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct StaticResolver {
    documents: HashMap<String, ControllerDocument>,
}

impl StaticResolver {
    /// An empty resolver (with `did:key` / `did:jwk` built in).
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers a document under its `id`, replacing any earlier one with that id.
    pub fn insert(&mut self, document: Value) -> Result<&mut Self, KeyError> {
        let document = ControllerDocument::from_json(document)?;
        self.documents.insert(document.id.clone(), document);
        Ok(self)
    }
}

impl Resolver for StaticResolver {
    fn resolve_document(&self, id: &str) -> Result<ControllerDocument, ResolveError> {
        match self.documents.get(id) {
            Some(document) => Ok(document.clone()),
            None => BuiltinResolver.resolve_document(id),
        }
    }

    fn resolve_verification_method(&self, id: &str) -> Result<VerificationMethod, ResolveError> {
        if let Some(document) = self.documents.get(id) {
            if id.starts_with("did:key:") && !id.contains('#') {
                return BuiltinResolver.resolve_verification_method(id);
            }
            return document.verification_method(id);
        }
        let document_id = id.split_once('#').map_or(id, |(base, _)| base);
        if !self.documents.contains_key(document_id) {
            return BuiltinResolver.resolve_verification_method(id);
        }
        self.resolve_document(document_id)?.verification_method(id)
    }

    fn resolve_method_and_controller(
        &self,
        id: &str,
    ) -> Result<(VerificationMethod, ControllerDocument), ResolveError> {
        let document_id = id.split_once('#').map_or(id, |(base, _)| base);
        if self.documents.contains_key(id) || self.documents.contains_key(document_id) {
            let method = self.resolve_verification_method(id)?;
            let controller = self.resolve_document(&method.controller)?;
            return Ok((method, controller));
        }
        // Neither the method nor its document is registered: both come from the built-in
        // resolver, unless the controller is a registered document.
        let (method, document) = BuiltinResolver.method_and_document(id)?;
        if method.controller == document.id && !self.documents.contains_key(&method.controller) {
            return Ok((method, document));
        }
        let controller = self.resolve_document(&method.controller)?;
        Ok((method, controller))
    }
}
