//! The W3C Verifiable Credentials Data Model layer (VC 2.0, and VC 1.1 for documents whose first
//! `@context` item is the 1.1 base context): what any verifiable credential must satisfy,
//! whatever vocabulary it carries. The Open Badges rules ([`super::ob3`]) run on top of it.

use std::collections::{HashMap, HashSet};

use base64::Engine as _;
use serde_json::{Map, Value};
use sha2::{Digest as _, Sha256, Sha384, Sha512};

use super::checker::{Card, Validator};
use super::{ProblemCode, Severity, child, is_absolute_uri};
use crate::json;
use crate::model::{VC_V1_CONTEXT, VC_V2_CONTEXT};

/// Which W3C data model a document follows, from its first `@context` item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum DataModel {
    /// `https://www.w3.org/2018/credentials/v1`: `issuanceDate` / `expirationDate`.
    V1,
    /// `https://www.w3.org/ns/credentials/v2` (also assumed when the base context is wrong).
    V2,
}

/// The bytes of resources a credential's `relatedResource` entries point at, keyed by URL, so
/// their `digestSRI` / `digestMultibase` can be checked offline (the library never fetches).
///
/// ```
/// use openbadges::validate::{self, ProblemCode, RelatedResources};
///
/// let credential = serde_json::json!({
///     "@context": ["https://www.w3.org/ns/credentials/v2"],
///     "type": ["VerifiableCredential"],
///     "issuer": "did:example:issuer",
///     "credentialSubject": {"id": "did:example:subject"},
///     "relatedResource": [{
///         "id": "https://example.org/logo.txt",
///         "digestSRI": "sha256-LCa0a2j/xo/5m0U8HTBBNBNCLXBkg7+g+YpeiGJm564="
///     }]
/// });
/// let mut resources = RelatedResources::new();
/// resources.insert("https://example.org/logo.txt", b"foo".to_vec());
/// assert!(validate::verifiable_credential_with_resources(&credential, &resources).is_valid());
/// resources.insert("https://example.org/logo.txt", b"bar".to_vec());
/// let report = validate::verifiable_credential_with_resources(&credential, &resources);
/// assert!(report.has(ProblemCode::DigestMismatch, "/relatedResource/0/digestSRI"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct RelatedResources {
    by_url: HashMap<String, Vec<u8>>,
}

impl RelatedResources {
    /// No resources: digests are checked for form only.
    pub fn new() -> Self {
        Self::default()
    }

    /// Supplies (or replaces) the bytes served at `url`.
    pub fn insert(&mut self, url: impl Into<String>, bytes: impl Into<Vec<u8>>) -> &mut Self {
        self.by_url.insert(url.into(), bytes.into());
        self
    }

    /// The bytes supplied for `url`.
    pub fn get(&self, url: &str) -> Option<&[u8]> {
        self.by_url.get(url).map(Vec::as_slice)
    }
}

/// Properties whose objects the data model requires a `type` for: (property, id required in
/// VC 2.0, id required in VC 1.1).
const TYPED_PROPERTIES: [(&str, bool, bool); 5] = [
    ("credentialStatus", false, true),
    ("credentialSchema", true, true),
    ("refreshService", false, true),
    ("termsOfUse", false, false),
    ("evidence", false, false),
];

impl Validator {
    /// The VC data-model rules for a credential at `pointer`; returns its object and data model
    /// (`None` when it is not an object). Runs the JSON-LD term checks when `pointer` is the
    /// document root (an embedded credential is expanded with the document holding it).
    pub(super) fn vc_credential<'a>(
        &mut self,
        value: &'a Value,
        pointer: &str,
    ) -> Option<(&'a Map<String, Value>, DataModel)> {
        const C: &str = "a verifiable credential";
        let obj = self.vc_object(value, pointer, C)?;
        let model = self.base_context(obj, pointer, C);
        if let Some((p, id)) = self.member(obj, pointer, "id") {
            self.single_url(id, &p, "id");
        }
        self.types(obj, pointer, &[&["VerifiableCredential"]], C);
        self.texts(obj, pointer, &[], &["name", "description"], C);
        match obj.get("issuer") {
            None => self.report(
                ProblemCode::MissingField,
                &child(pointer, "issuer"),
                "a verifiable credential requires `issuer`",
            ),
            Some(Value::Object(issuer)) => {
                let p = child(pointer, "issuer");
                self.required_single_url(issuer, &p, "id", "an issuer object");
                self.texts(issuer, &p, &[], &["name", "description"], "issuer");
            }
            Some(other) => {
                self.single_url(other, &child(pointer, "issuer"), "issuer");
            }
        }
        self.subjects(obj, pointer);
        self.validity(obj, pointer, model);
        for (key, id_in_v2, id_in_v1) in TYPED_PROPERTIES {
            let id_required = match model {
                DataModel::V1 => id_in_v1,
                DataModel::V2 => id_in_v2,
            };
            self.typed_objects(obj, pointer, key, id_required);
        }
        if let Some((p, v)) = self.member(obj, pointer, "proof") {
            for (p, v) in self.members(&p, v) {
                self.proof(v, &p);
            }
        }
        self.related_resources(obj, pointer);
        if pointer.is_empty() {
            self.json_ld_terms(value);
        }
        Some((obj, model))
    }

    /// A JSON object, or a problem (`null` reported as such).
    pub(super) fn vc_object<'a>(
        &mut self,
        value: &'a Value,
        pointer: &str,
        class: &str,
    ) -> Option<&'a Map<String, Value>> {
        match value {
            Value::Object(map) => Some(map),
            other => {
                let code = if other.is_null() {
                    ProblemCode::NullValue
                } else {
                    ProblemCode::NotObject
                };
                self.report(
                    code,
                    pointer,
                    format!("{class} must be a JSON object, found {}", json::kind(other)),
                );
                None
            }
        }
    }

    /// A present property with its pointer; `null` is reported (the data model gives no
    /// property a null value).
    pub(super) fn member<'a>(
        &mut self,
        obj: &'a Map<String, Value>,
        pointer: &str,
        key: &str,
    ) -> Option<(String, &'a Value)> {
        let value = obj.get(key)?;
        let p = child(pointer, key);
        if value.is_null() {
            self.report(
                ProblemCode::NullValue,
                &p,
                format!("`{key}` is null: omit it or give it a value"),
            );
            return None;
        }
        Some((p, value))
    }

    /// The values of a property that holds one value or a set (an array), each with its
    /// pointer; null items and an empty set are reported.
    pub(super) fn members<'a>(
        &mut self,
        pointer: &str,
        value: &'a Value,
    ) -> Vec<(String, &'a Value)> {
        let Value::Array(items) = value else {
            return vec![(pointer.to_owned(), value)];
        };
        if items.is_empty() {
            self.report(
                ProblemCode::EmptyArray,
                pointer,
                "an empty set: give at least one value or omit the property",
            );
        }
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let p = super::index_child(pointer, i);
            if item.is_null() {
                self.report(ProblemCode::NullValue, &p, "a null item in a set");
            } else {
                out.push((p, item));
            }
        }
        out
    }

    /// One URL (VC 2.0 §4.4 Identifiers: "a single URL").
    pub(super) fn single_url<'a>(
        &mut self,
        value: &'a Value,
        pointer: &str,
        key: &str,
    ) -> Option<&'a str> {
        match value {
            Value::String(s) => {
                if is_absolute_uri(s) {
                    Some(s)
                } else {
                    self.report(
                        ProblemCode::BadUri,
                        pointer,
                        format!("`{key}` must be a URL, found {s:?}"),
                    );
                    None
                }
            }
            Value::Null => {
                self.report(
                    ProblemCode::NullValue,
                    pointer,
                    format!("`{key}` must be a URL, found null"),
                );
                None
            }
            Value::Array(_) => {
                self.report(
                    ProblemCode::Cardinality,
                    pointer,
                    format!("`{key}` must be a single URL, not an array"),
                );
                None
            }
            other => {
                self.report(
                    ProblemCode::WrongType,
                    pointer,
                    format!("`{key}` must be a URL, found {}", json::kind(other)),
                );
                None
            }
        }
    }

    /// A required single-URL property of `obj`.
    pub(super) fn required_single_url<'a>(
        &mut self,
        obj: &'a Map<String, Value>,
        pointer: &str,
        key: &str,
        class: &str,
    ) -> Option<&'a str> {
        let p = child(pointer, key);
        match obj.get(key) {
            None => {
                self.report(
                    ProblemCode::MissingField,
                    &p,
                    format!("{class} requires `{key}` (a URL)"),
                );
                None
            }
            Some(v) => self.single_url(v, &p, key),
        }
    }

    /// `@context`: present, first item the VC 2.0 (or 1.1) base context, then URLs and/or
    /// context objects (VC 2.0 §4.3). Returns the data model the first item names.
    pub(super) fn base_context(
        &mut self,
        obj: &Map<String, Value>,
        pointer: &str,
        class: &str,
    ) -> DataModel {
        let p = child(pointer, "@context");
        let Some(value) = obj.get("@context") else {
            self.report(
                ProblemCode::MissingField,
                &p,
                format!("{class} requires `@context`, starting with {VC_V2_CONTEXT:?}"),
            );
            return DataModel::V2;
        };
        let (first, first_pointer, rest): (Option<&Value>, String, &[Value]) = match value {
            Value::Array(items) => (
                items.first(),
                child(&p, "0"),
                items.get(1..).unwrap_or_default(),
            ),
            single => (Some(single), p.clone(), &[]),
        };
        let model = match first.and_then(Value::as_str) {
            Some(VC_V2_CONTEXT) => DataModel::V2,
            Some(VC_V1_CONTEXT) => DataModel::V1,
            _ => {
                self.report(
                    ProblemCode::BadContext,
                    &first_pointer,
                    format!(
                        "the first `@context` item must be {VC_V2_CONTEXT:?} (or {VC_V1_CONTEXT:?} for VC 1.1), found {}",
                        first.map_or_else(|| "nothing".to_owned(), Value::to_string)
                    ),
                );
                DataModel::V2
            }
        };
        for (i, item) in rest.iter().enumerate() {
            let ok = match item {
                Value::String(s) => is_absolute_uri(s),
                Value::Object(_) => true,
                _ => false,
            };
            if !ok {
                self.report(
                    ProblemCode::BadContext,
                    &child(&p, &(i + 1).to_string()),
                    format!("`@context` items after the first must be URLs or context objects, found {item}"),
                );
            }
        }
        model
    }

    /// `credentialSubject`: one or more objects, each making at least one claim (VC 2.0 §4.8),
    /// each `id` a single URL.
    fn subjects(&mut self, obj: &Map<String, Value>, pointer: &str) {
        let Some(value) = obj.get("credentialSubject") else {
            self.report(
                ProblemCode::MissingField,
                &child(pointer, "credentialSubject"),
                "a verifiable credential requires `credentialSubject`",
            );
            return;
        };
        let p = child(pointer, "credentialSubject");
        let value = if value.is_null() {
            self.report(ProblemCode::NullValue, &p, "`credentialSubject` is null");
            return;
        } else {
            value
        };
        for (p, subject) in self.members(&p, value) {
            let Some(subject) = self.vc_object(subject, &p, "a credential subject") else {
                continue;
            };
            if subject.is_empty() {
                self.report(
                    ProblemCode::EmptySubject,
                    &p,
                    "a credential subject must make at least one claim (an `id` or a property)",
                );
            }
            if let Some((ip, id)) = self.member(subject, &p, "id") {
                self.single_url(id, &ip, "id");
            }
        }
    }

    /// `validFrom` / `validUntil` (VC 2.0) or `issuanceDate` (required) / `expirationDate`
    /// (VC 1.1): date-time stamps, the end not before the start.
    fn validity(&mut self, obj: &Map<String, Value>, pointer: &str, model: DataModel) {
        let (from_key, until_key) = match model {
            DataModel::V1 => ("issuanceDate", "expirationDate"),
            DataModel::V2 => ("validFrom", "validUntil"),
        };
        if model == DataModel::V1 && !obj.contains_key(from_key) {
            self.report(
                ProblemCode::MissingField,
                &child(pointer, from_key),
                "a VC 1.1 credential requires `issuanceDate`",
            );
        }
        let date = |this: &mut Self, key: &str| {
            let (p, v) = this.member(obj, pointer, key)?;
            let values = this.values(v, p, Card::Single, key);
            let (p, v) = values.first()?;
            this.date_time_z(v, p)
        };
        let from = date(self, from_key);
        let until = date(self, until_key);
        if let (Some(from), Some(until)) = (from, until) {
            if until < from {
                self.report(
                    ProblemCode::DateOrder,
                    &child(pointer, until_key),
                    format!("`{until_key}` is before `{from_key}`"),
                );
            }
        }
    }

    /// `credentialStatus`, `credentialSchema`, `refreshService`, `termsOfUse`, `evidence`: one
    /// or more objects, each with a `type` and, where given (or required), a single URL `id`.
    pub(super) fn typed_objects(
        &mut self,
        obj: &Map<String, Value>,
        pointer: &str,
        key: &str,
        id_required: bool,
    ) {
        let Some((p, value)) = self.member(obj, pointer, key) else {
            return;
        };
        let class = format!("a `{key}` object");
        for (p, item) in self.members(&p, value) {
            let Some(item) = self.vc_object(item, &p, &class) else {
                continue;
            };
            if id_required {
                self.required_single_url(item, &p, "id", &class);
            } else if let Some((ip, id)) = self.member(item, &p, "id") {
                self.single_url(id, &ip, "id");
            }
            self.types(item, &p, &[], &class);
        }
    }

    /// A Data Integrity proof: a typed object; its purpose is checked for credentials.
    pub(super) fn proof(&mut self, value: &Value, pointer: &str) {
        self.proof_with_purpose(value, pointer, "assertionMethod", "credential");
    }

    /// A proof whose `proofPurpose`, when given, should be `purpose`.
    pub(super) fn proof_with_purpose(
        &mut self,
        value: &Value,
        pointer: &str,
        purpose: &str,
        of: &str,
    ) {
        let Some(obj) = self.vc_object(value, pointer, "a proof") else {
            return;
        };
        if let Some(t) = self.required(obj, pointer, "type", "a proof") {
            self.string(t, &child(pointer, "type"));
        }
        self.optional_date(obj, pointer, "created");
        self.opt_strings(
            obj,
            pointer,
            &[
                "cryptosuite",
                "proofValue",
                "verificationMethod",
                "proofPurpose",
            ],
        );
        if let Some(found) = obj.get("proofPurpose").and_then(Value::as_str) {
            if found != purpose {
                self.warn(
                    ProblemCode::ProofPurpose,
                    &child(pointer, "proofPurpose"),
                    format!("{of} proofs use proofPurpose {purpose:?}, found {found:?}"),
                );
            }
        }
    }

    /// `relatedResource` (VC 2.0 §5.3 Integrity of Related Resources): objects, each with a
    /// unique URL `id` and a well-formed `digestSRI` and/or `digestMultibase`.
    fn related_resources(&mut self, obj: &Map<String, Value>, pointer: &str) {
        let Some((p, value)) = self.member(obj, pointer, "relatedResource") else {
            return;
        };
        let mut seen = HashSet::new();
        for (p, item) in self.members(&p, value) {
            let Some(resource) = item.as_object() else {
                self.report(
                    ProblemCode::RelatedResource,
                    &p,
                    format!(
                        "a related resource must be an object with an `id` and a digest, found {}",
                        json::kind(item)
                    ),
                );
                continue;
            };
            if let Some(id) = self.required_single_url(resource, &p, "id", "a related resource") {
                if !seen.insert(id) {
                    self.report(
                        ProblemCode::DuplicateId,
                        &child(&p, "id"),
                        format!("related resource {id:?} is listed more than once"),
                    );
                }
            }
            let mut has_digest = false;
            for (key, parse) in [
                (
                    "digestSRI",
                    parse_sri as fn(&str) -> Option<Vec<ResourceDigest>>,
                ),
                ("digestMultibase", parse_digest_multibase),
            ] {
                let Some((dp, digest)) = self.member(resource, &p, key) else {
                    continue;
                };
                has_digest = true;
                if let Some(text) = self.string(digest, &dp) {
                    if parse(text).is_none() {
                        self.report(
                            ProblemCode::RelatedResource,
                            &dp,
                            format!("{text:?} is not a {key} this library can check (sha256, sha384 or sha512)"),
                        );
                    }
                }
            }
            if !has_digest {
                self.report(
                    ProblemCode::RelatedResource,
                    &p,
                    "a related resource needs a `digestSRI` or a `digestMultibase`",
                );
            }
            if let Some((mp, media_type)) = self.member(resource, &p, "mediaType") {
                self.string(media_type, &mp);
            }
        }
    }

    /// Compares each `relatedResource` digest with the bytes supplied for its `id`.
    pub(super) fn related_digests(&mut self, value: &Value, resources: &RelatedResources) {
        let items: &[Value] = match value.get("relatedResource") {
            Some(Value::Array(items)) => items,
            Some(single) => std::slice::from_ref(single),
            None => return,
        };
        for (i, item) in items.iter().enumerate() {
            let Some(bytes) = item
                .get("id")
                .and_then(Value::as_str)
                .and_then(|id| resources.get(id))
            else {
                continue;
            };
            let p = super::index_child("/relatedResource", i);
            for (key, parse) in [
                (
                    "digestSRI",
                    parse_sri as fn(&str) -> Option<Vec<ResourceDigest>>,
                ),
                ("digestMultibase", parse_digest_multibase),
            ] {
                let Some(digests) = item.get(key).and_then(Value::as_str).and_then(parse) else {
                    continue;
                };
                if !digests.iter().any(|d| d.matches(bytes)) {
                    self.report(
                        ProblemCode::DigestMismatch,
                        &child(&p, key),
                        format!(
                            "the supplied resource's digest does not match `{key}`: the resource changed since the credential was issued"
                        ),
                    );
                }
            }
        }
    }

    /// JSON-LD term checks the JSON shape cannot tell: a context redefining a protected term
    /// (VC 2.0 §5.2 "produce an error when a JSON-LD context redefines any term"), a `type` value
    /// that is neither a defined term nor an absolute URL (§4.5), a context whose term
    /// definitions are not valid. Skipped when the context was already found broken, and silent
    /// about contexts that are not available offline (not a data-model fault).
    pub(super) fn json_ld_terms(&mut self, value: &Value) {
        use crate::jsonld::{ErrorCode, Options, Processor};
        if self.expanded_cleanly {
            return;
        }
        let context_broken = self.problems.iter().any(|p| {
            p.severity == Severity::Error
                && (p.code == ProblemCode::NotObject
                    || (p.code == ProblemCode::BadContext || p.code == ProblemCode::MissingField)
                        && p.pointer.starts_with("/@context"))
        });
        if context_broken {
            return;
        }
        // Without `proof`, as Data Integrity reads the document: a proof may bring its own
        // context, and the proof options are canonicalized apart.
        let Err(error) =
            Processor::bundled().to_rdf_without(value, &Options::default(), Some("proof"))
        else {
            return;
        };
        let pointer = error.pointer().unwrap_or("/@context").to_owned();
        match error.kind() {
            ErrorCode::ProtectedTermRedefinition | ErrorCode::KeywordRedefinition => self.report(
                ProblemCode::TermRedefined,
                &pointer,
                format!("a context redefines a protected term: {}", error.message()),
            ),
            ErrorCode::SafeModeViolation if is_type_pointer(&pointer) => self.report(
                ProblemCode::BadType,
                &pointer,
                format!(
                    "a `type` value must be a term the context defines or an absolute URL: {}",
                    error.message()
                ),
            ),
            ErrorCode::InvalidIriMapping
            | ErrorCode::InvalidTermDefinition
            | ErrorCode::InvalidContextEntry
            | ErrorCode::InvalidLocalContext
            | ErrorCode::InvalidVocabMapping
            | ErrorCode::InvalidTypeMapping
            | ErrorCode::InvalidContainerMapping
            | ErrorCode::InvalidKeywordAlias
            | ErrorCode::IriConfusedWithPrefix => self.report(
                ProblemCode::BadContext,
                &pointer,
                format!("the context is not valid JSON-LD: {}", error.message()),
            ),
            // Unavailable contexts (no network here) and JSON-LD rules beyond the data model
            // (an undefined property) are for signing and verification to report.
            _ => {}
        }
    }
}

/// `/type`, `/type/3`, `/credentialSubject/type/0`, …
fn is_type_pointer(pointer: &str) -> bool {
    let last_two: Vec<&str> = pointer.rsplit('/').take(2).collect();
    match last_two.as_slice() {
        ["type", ..] => true,
        [index, "type"] => index.bytes().all(|b| b.is_ascii_digit()),
        _ => false,
    }
}

/// A digest algorithm and the expected digest bytes.
struct ResourceDigest {
    algorithm: DigestAlgorithm,
    expected: Vec<u8>,
}

#[derive(Clone, Copy)]
enum DigestAlgorithm {
    Sha256,
    Sha384,
    Sha512,
}

impl DigestAlgorithm {
    fn output_len(self) -> usize {
        match self {
            DigestAlgorithm::Sha256 => 32,
            DigestAlgorithm::Sha384 => 48,
            DigestAlgorithm::Sha512 => 64,
        }
    }
}

impl ResourceDigest {
    fn new(algorithm: DigestAlgorithm, expected: Vec<u8>) -> Option<Self> {
        (expected.len() == algorithm.output_len()).then_some(Self {
            algorithm,
            expected,
        })
    }

    fn matches(&self, bytes: &[u8]) -> bool {
        let actual: Vec<u8> = match self.algorithm {
            DigestAlgorithm::Sha256 => Sha256::digest(bytes).to_vec(),
            DigestAlgorithm::Sha384 => Sha384::digest(bytes).to_vec(),
            DigestAlgorithm::Sha512 => Sha512::digest(bytes).to_vec(),
        };
        actual == self.expected
    }
}

/// Subresource Integrity metadata: space-separated `sha256-…`/`sha384-…`/`sha512-…` (base64),
/// each optionally followed by `?options`. Any one matching is enough (W3C SRI §3.3.4).
fn parse_sri(text: &str) -> Option<Vec<ResourceDigest>> {
    let mut out = Vec::new();
    for token in text.split_ascii_whitespace() {
        let (algorithm, encoded) = token.split_once('-')?;
        let encoded = encoded.split_once('?').map_or(encoded, |(e, _)| e);
        let algorithm = match algorithm {
            "sha256" => DigestAlgorithm::Sha256,
            "sha384" => DigestAlgorithm::Sha384,
            "sha512" => DigestAlgorithm::Sha512,
            _ => return None,
        };
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .ok()?;
        out.push(ResourceDigest::new(algorithm, bytes)?);
    }
    (!out.is_empty()).then_some(out)
}

/// A multibase (`u` base64url, `z` base58btc, `m` base64) multihash of sha2-256 (0x12),
/// sha2-512 (0x13) or sha2-384 (0x20).
fn parse_digest_multibase(text: &str) -> Option<Vec<ResourceDigest>> {
    let mut chars = text.chars();
    let prefix = chars.next()?;
    let rest = chars.as_str();
    let bytes = match prefix {
        'u' => base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(rest)
            .ok()?,
        'm' => base64::engine::general_purpose::STANDARD_NO_PAD
            .decode(rest)
            .ok()?,
        'z' => bs58::decode(rest).into_vec().ok()?,
        _ => return None,
    };
    let (&code, rest) = bytes.split_first()?;
    let (&len, digest) = rest.split_first()?;
    let algorithm = match code {
        0x12 => DigestAlgorithm::Sha256,
        0x13 => DigestAlgorithm::Sha512,
        0x20 => DigestAlgorithm::Sha384,
        _ => return None,
    };
    if usize::from(len) != digest.len() {
        return None;
    }
    Some(vec![ResourceDigest::new(algorithm, digest.to_vec())?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_pointers() {
        assert!(is_type_pointer("/type"));
        assert!(is_type_pointer("/type/1"));
        assert!(is_type_pointer("/credentialSubject/type/0"));
        assert!(!is_type_pointer("/types/1"));
        assert!(!is_type_pointer("/credentialSubject/name"));
    }

    #[test]
    fn digests_of_both_forms() {
        // sha256("foo"), base64 and base64url multihash.
        let sri = parse_sri("sha256-LCa0a2j/xo/5m0U8HTBBNBNCLXBkg7+g+YpeiGJm564=").unwrap();
        assert!(sri[0].matches(b"foo"));
        assert!(!sri[0].matches(b"bar"));
        let mb = parse_digest_multibase("uEiAsJrRraP_Gj_mbRTwdMEE0E0ItcGSDv6D5il6IYmbnrg").unwrap();
        assert!(mb[0].matches(b"foo"));
        assert!(parse_sri("md5-rL0Y20zC+Fzt72VPzMSk2A==").is_none());
        assert!(parse_sri("sha256-AAAA").is_none());
        assert!(parse_digest_multibase("xEiAs").is_none());
    }
}
