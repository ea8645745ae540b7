//! Specification checks on raw JSON, beyond what types express, in two layers:
//!
//! - the **W3C Verifiable Credentials Data Model** (2.0, and 1.1 for documents whose first context
//!   is the 1.1 one): [`verifiable_credential`] for any credential, [`presentation`] for
//!   presentations, [`verifiable_credential_with_resources`] to check `relatedResource` digests;
//! - **Open Badges 3.0** on top of it: [`credential`] (= VC rules + OB rules),
//!   [`achievement_credential`], [`endorsement_credential`].
//!
//! Each rule has one home: a check the VC layer makes (a URL `id`, `validFrom` format and order,
//! typed `credentialStatus`…) is not repeated by the OB layer, which adds only what Open Badges
//! requires beyond it (an `id`, `validFrom`, the OB context, a `Profile` issuer…). Signing
//! ([`crate::issuer::Issuer::sign`]), issuing and the builders refuse what these rules reject.
//!
//! The functions work on a `serde_json::Value`, so they report on documents that do not even
//! deserialize, and they return **every** problem found, each with a stable [`ProblemCode`], a
//! JSON Pointer (RFC 6901), a message and a [`Severity`].
//!
//! ```
//! use openbadges::validate::{self, ProblemCode};
//!
//! let report = validate::credential(&serde_json::json!({
//!     "@context": ["https://www.w3.org/ns/credentials/v2"],
//!     "type": ["VerifiableCredential"],
//! }));
//! assert!(!report.is_valid());
//! assert!(report.problems().iter().any(|p| p.code == ProblemCode::BadContext && p.pointer == "/@context"));
//! assert!(report.problems().iter().any(|p| p.code == ProblemCode::MissingField && p.pointer == "/issuer"));
//!
//! // The VC layer alone, for a plain W3C credential:
//! let report = validate::verifiable_credential(&serde_json::json!({
//!     "@context": ["https://www.w3.org/ns/credentials/v2"],
//!     "type": ["VerifiableCredential"],
//!     "issuer": "did:example:issuer",
//!     "validFrom": "Sat 25 Feb 2023 07:16:31 PM CST",
//!     "credentialSubject": {}
//! }));
//! assert!(report.has(ProblemCode::BadDate, "/validFrom"));
//! assert!(report.has(ProblemCode::EmptySubject, "/credentialSubject"));
//! ```
//!
//! # Problem codes
//!
//! Codes keep the `OB_` prefix they had before the VC layer existed: the generic kinds (missing
//! field, bad URI, bad date…) are reported with the same code by both layers. `VC_` codes are
//! kinds only the VC layer reports.
//!
//! | code | layer | severity | meaning |
//! |---|---|---|---|
//! | `OB_NOT_OBJECT` | both | error | the document (or a class-typed property) is not a JSON object |
//! | `OB_MISSING_FIELD` | both | error | a required property is absent (VC: `@context`, `type`, `issuer`, `credentialSubject`, a credential schema's `id`, VC 1.1 `issuanceDate`; OB adds `id`, `validFrom`, VC 1.1 `name`, …) |
//! | `OB_NULL_VALUE` | both | error | a property is `null` (VC: where a value is required; OB: anywhere, nulls must be omitted) |
//! | `OB_EMPTY_ARRAY` | both | error | an array is empty (empty arrays must be omitted) |
//! | `OB_WRONG_TYPE` | both | error | a property has the wrong JSON type (e.g. a number where a string belongs; a presented credential that is a string) |
//! | `OB_CARDINALITY` | both | error | a single value where an array is required, or an array where one value is allowed (VC: an `id` that is an array) |
//! | `OB_BAD_CONTEXT` | both | error | VC: `@context` missing the base context first, an item after it that is not a URL or object, a context JSON-LD rejects; OB: not an array, or item 1 not the OB context URL |
//! | `OB_BAD_TYPE` | both | error | `type` lacks a required member (`VerifiableCredential`, `VerifiablePresentation`, `OpenBadgeCredential`, `Profile`…), a `type` value is neither a defined term nor an absolute URL, or `Image`/`IdentityObject`/`IdentifierEntry`/an envelope type is not that exact string |
//! | `OB_BAD_DATE` | both | error | a date-time is not RFC 3339 / XML Schema `dateTimeStamp` with a time zone |
//! | `OB_DATE_ORDER` | VC | error | `validUntil` (`expirationDate`) is before `validFrom` (`issuanceDate`) |
//! | `OB_BAD_URI` | both | error | a URI is not absolute, or a URL is not an http(s) URL |
//! | `OB_MISSING_RECIPIENT` | OB | error | `credentialSubject` has neither `id` nor `identifier` |
//! | `OB_INVALID_RESULT_REFERENCE` | OB | error | a result's `resultDescription` names no result description of the achievement |
//! | `OB_INVALID_ACHIEVED_LEVEL` | OB | error | a result's `achievedLevel` names no level of its result description |
//! | `OB_INVALID_REQUIRED_LEVEL` | OB | error | a result description's `requiredLevel` names none of its levels |
//! | `OB_BELOW_REQUIRED_LEVEL` | OB | warning | a result's `achievedLevel` ranks below its rubric criterion's `requiredLevel` (the [`crate::assess`] rule) |
//! | `OB_MISSING_RESULT_STATUS` | OB | error | a result for a `Status` result description has no `status` |
//! | `OB_BAD_IDENTITY_HASH` | OB | error | a hashed `identityHash` is not `sha256$<64 hex>` or `md5$<32 hex>` |
//! | `OB_BAD_ENUM` | OB | error | a value is not in its enumeration and not a valid `ext:` extension |
//! | `OB_UNKNOWN_PROPERTY` | both | error | a property on a closed class (`Image`, `IdentityObject`, `IdentifierEntry`, a language value object) |
//! | `OB_BAD_JWS` | OB | error | an `endorsementJwt` is not a compact JWS |
//! | `OB_EMPTY_CRITERIA` | OB | warning | `criteria` has neither `id` nor `narrative` |
//! | `OB_PROOF_PURPOSE` | VC | warning | a credential proof's `proofPurpose` is not `assertionMethod` (a presentation's: not `authentication`) |
//! | `VC_EMPTY_SUBJECT` | VC | error | a `credentialSubject` object makes no claim (`{}`) |
//! | `VC_TERM_REDEFINED` | VC | error | a context redefines a protected term (e.g. `VerifiableCredential`) |
//! | `VC_RELATED_RESOURCE` | VC | error | a `relatedResource` entry is not an object, or has no (or an uncheckable) `digestSRI`/`digestMultibase` |
//! | `VC_DUPLICATE_ID` | VC | error | two `relatedResource` entries share an `id` |
//! | `VC_DIGEST_MISMATCH` | VC | error | a supplied related resource does not match its digest |
//! | `VC_BAD_ENVELOPE` | VC | error | an enveloped credential/presentation `id` is not a `data:` URL |
//! | `VC_UNSECURED_CREDENTIAL` | VC | warning | a presentation embeds a credential without a proof that is not the holder's own |
//!
//! A credential without `@context` (or without the base context first) is refused, never
//! repaired: a signer that injected the base context would decide, for the author, what every
//! term means (the VC 2.0 test suite lets an issuer either reject or inject; this library
//! rejects).

use serde::Serialize;
use serde_json::Value;

use crate::json::push_pointer_token;

mod checker;
mod ob3;
mod presentation;
mod vc;

use checker::Validator;
pub(crate) use presentation::ENVELOPED_PRESENTATION;
pub use vc::RelatedResources;

/// How bad a problem is: errors make a credential invalid, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The credential does not conform.
    Error,
    /// Allowed, but probably not what was meant.
    Warning,
}

macro_rules! problem_codes {
    ($($(#[$meta:meta])* $variant:ident => $code:literal,)*) => {
        /// Stable identifier of a kind of problem (see the module table).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ProblemCode {
            $($(#[$meta])* $variant,)*
        }

        impl ProblemCode {
            /// The stable code string, e.g. `OB_MISSING_FIELD`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ProblemCode::$variant => $code,)*
                }
            }
        }
    };
}

problem_codes! {
    /// `OB_NOT_OBJECT`
    NotObject => "OB_NOT_OBJECT",
    /// `OB_MISSING_FIELD`
    MissingField => "OB_MISSING_FIELD",
    /// `OB_NULL_VALUE`
    NullValue => "OB_NULL_VALUE",
    /// `OB_EMPTY_ARRAY`
    EmptyArray => "OB_EMPTY_ARRAY",
    /// `OB_WRONG_TYPE`
    WrongType => "OB_WRONG_TYPE",
    /// `OB_CARDINALITY`
    Cardinality => "OB_CARDINALITY",
    /// `OB_BAD_CONTEXT`
    BadContext => "OB_BAD_CONTEXT",
    /// `OB_BAD_TYPE`
    BadType => "OB_BAD_TYPE",
    /// `OB_BAD_DATE`
    BadDate => "OB_BAD_DATE",
    /// `OB_DATE_ORDER`
    DateOrder => "OB_DATE_ORDER",
    /// `OB_BAD_URI`
    BadUri => "OB_BAD_URI",
    /// `OB_MISSING_RECIPIENT`
    MissingRecipient => "OB_MISSING_RECIPIENT",
    /// `OB_INVALID_RESULT_REFERENCE`
    InvalidResultReference => "OB_INVALID_RESULT_REFERENCE",
    /// `OB_INVALID_ACHIEVED_LEVEL`
    InvalidAchievedLevel => "OB_INVALID_ACHIEVED_LEVEL",
    /// `OB_INVALID_REQUIRED_LEVEL`
    InvalidRequiredLevel => "OB_INVALID_REQUIRED_LEVEL",
    /// `OB_MISSING_RESULT_STATUS`
    MissingResultStatus => "OB_MISSING_RESULT_STATUS",
    /// `OB_BAD_IDENTITY_HASH`
    BadIdentityHash => "OB_BAD_IDENTITY_HASH",
    /// `OB_BAD_ENUM`
    BadEnum => "OB_BAD_ENUM",
    /// `OB_UNKNOWN_PROPERTY`
    UnknownProperty => "OB_UNKNOWN_PROPERTY",
    /// `OB_BAD_JWS`
    BadJws => "OB_BAD_JWS",
    /// `OB_EMPTY_CRITERIA`
    EmptyCriteria => "OB_EMPTY_CRITERIA",
    /// `OB_PROOF_PURPOSE`
    ProofPurpose => "OB_PROOF_PURPOSE",
    /// `OB_BELOW_REQUIRED_LEVEL`
    BelowRequiredLevel => "OB_BELOW_REQUIRED_LEVEL",
    /// `VC_EMPTY_SUBJECT`
    EmptySubject => "VC_EMPTY_SUBJECT",
    /// `VC_TERM_REDEFINED`
    TermRedefined => "VC_TERM_REDEFINED",
    /// `VC_RELATED_RESOURCE`
    RelatedResource => "VC_RELATED_RESOURCE",
    /// `VC_DUPLICATE_ID`
    DuplicateId => "VC_DUPLICATE_ID",
    /// `VC_DIGEST_MISMATCH`
    DigestMismatch => "VC_DIGEST_MISMATCH",
    /// `VC_BAD_ENVELOPE`
    BadEnvelope => "VC_BAD_ENVELOPE",
    /// `VC_UNSECURED_CREDENTIAL`
    UnsecuredCredential => "VC_UNSECURED_CREDENTIAL",
}

impl std::fmt::Display for ProblemCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ProblemCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One problem found in a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// What kind of problem.
    pub code: ProblemCode,
    /// Error or warning.
    pub severity: Severity,
    /// JSON Pointer (RFC 6901) to the offending value (or to the object missing a property).
    pub pointer: String,
    /// Human-readable explanation.
    pub message: String,
}

/// Every problem found in a document, in document order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidationReport {
    problems: Vec<Problem>,
}

impl ValidationReport {
    /// True when there is no error (warnings allowed).
    pub fn is_valid(&self) -> bool {
        !self.problems.iter().any(|p| p.severity == Severity::Error)
    }

    /// All problems.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Problems of severity error.
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
    }

    /// Problems of severity warning.
    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Warning)
    }

    /// True when a problem with `code` was reported at `pointer`.
    pub fn has(&self, code: ProblemCode, pointer: &str) -> bool {
        self.problems
            .iter()
            .any(|p| p.code == code && p.pointer == pointer)
    }

    /// `{"valid": bool, "problems": [{code, severity, pointer, message}, …]}`.
    pub fn to_json(&self) -> Value {
        serde_json::json!({
            "valid": self.is_valid(),
            "problems": self.problems.iter().map(|p| serde_json::json!({
                "code": p.code.as_str(),
                "severity": p.severity,
                "pointer": p.pointer,
                "message": p.message,
            })).collect::<Vec<_>>(),
        })
    }
}

impl Serialize for ValidationReport {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(serializer)
    }
}

/// Validates an OpenBadgeCredential/AchievementCredential, or an EndorsementCredential when its
/// `type` says so.
pub fn credential(value: &Value) -> ValidationReport {
    let is_endorsement = matches!(value.get("type"), Some(t) if type_members(t).any(|m| m == "EndorsementCredential"));
    if is_endorsement {
        endorsement_credential(value)
    } else {
        achievement_credential(value)
    }
}

/// [`credential`] (`open_badge`) or [`verifiable_credential`] for a verifier whose RDF proof has
/// already expanded the document without `proof` cleanly in safe mode: the JSON-LD term checks,
/// a second expansion of the same document, are skipped (they cannot find anything).
pub(crate) fn already_expanded(value: &Value, open_badge: bool) -> ValidationReport {
    let mut v = Validator {
        expanded_cleanly: true,
        ..Validator::default()
    };
    if !open_badge {
        v.vc_credential(value, "");
        return v.finish();
    }
    v.nulls_and_empty_arrays(value);
    let is_endorsement = matches!(value.get("type"), Some(t) if type_members(t).any(|m| m == "EndorsementCredential"));
    if is_endorsement {
        v.endorsement_credential(value, "");
    } else {
        v.achievement_credential(value, "");
    }
    v.finish()
}

/// Validates `value` against the W3C VC data-model rules only (VC 2.0, or 1.1 when its first
/// context is the 1.1 one): for plain W3C credentials.
pub fn verifiable_credential(value: &Value) -> ValidationReport {
    let mut v = Validator::default();
    v.vc_credential(value, "");
    v.finish()
}

/// [`verifiable_credential`], also comparing each `relatedResource` digest with the bytes
/// `resources` supplies for its `id` (`VC_DIGEST_MISMATCH`).
pub fn verifiable_credential_with_resources(
    value: &Value,
    resources: &RelatedResources,
) -> ValidationReport {
    let mut v = Validator::default();
    v.vc_credential(value, "");
    v.related_digests(value, resources);
    v.finish()
}

/// Validates `value` as a verifiable presentation (or an enveloped one): the VC data-model
/// rules for the presentation and for each credential it embeds.
pub fn presentation(value: &Value) -> ValidationReport {
    let mut v = Validator::default();
    v.vc_presentation(value);
    v.finish()
}

/// [`presentation`] for a verifier that verifies each embedded credential on its own (with its
/// own conformance verdict): only the presentation's rules. `expanded_cleanly`: its RDF holder
/// proof already expanded the presentation without `proof` in safe mode (see
/// [`already_expanded`]), so the JSON-LD term checks are skipped too.
pub(crate) fn presentation_only(value: &Value, expanded_cleanly: bool) -> ValidationReport {
    let mut v = Validator {
        expanded_cleanly,
        credentials_judged_apart: true,
        ..Validator::default()
    };
    v.vc_presentation(value);
    v.finish()
}

/// True when `value` is typed as a presentation (`VerifiablePresentation` or an enveloped one).
pub fn is_presentation(value: &Value) -> bool {
    value.get("type").is_some_and(is_presentation_type)
}

/// True when a `type` value names a presentation (`VerifiablePresentation` or an enveloped one).
pub(crate) fn is_presentation_type(type_: &Value) -> bool {
    type_members(type_).any(|m| m == "VerifiablePresentation" || m == ENVELOPED_PRESENTATION)
}

/// Validates `value` as an OpenBadgeCredential/AchievementCredential.
pub fn achievement_credential(value: &Value) -> ValidationReport {
    let mut v = Validator::default();
    v.nulls_and_empty_arrays(value);
    v.achievement_credential(value, "");
    v.finish()
}

/// Validates `value` as an EndorsementCredential.
pub fn endorsement_credential(value: &Value) -> ValidationReport {
    let mut v = Validator::default();
    v.nulls_and_empty_arrays(value);
    v.endorsement_credential(value, "");
    v.finish()
}

pub(crate) fn type_members(value: &Value) -> impl Iterator<Item = &str> {
    let items: &[Value] = match value {
        Value::Array(items) => items,
        other => std::slice::from_ref(other),
    };
    items.iter().filter_map(Value::as_str)
}

pub(crate) fn child(pointer: &str, token: &str) -> String {
    let mut p = String::with_capacity(pointer.len() + token.len() + 1);
    p.push_str(pointer);
    push_pointer_token(&mut p, token);
    p
}

/// `pointer` + `/index`.
pub(crate) fn index_child(pointer: &str, index: usize) -> String {
    let mut p = String::with_capacity(pointer.len() + 4);
    p.push_str(pointer);
    crate::json::push_pointer_index(&mut p, index);
    p
}

/// `^https://purl.imsglobal.org/spec/ob/v3p0/context(-3\.\d\.\d)*\.json$`
pub(crate) fn is_ob_context(url: &str) -> bool {
    let Some(middle) = url
        .strip_prefix("https://purl.imsglobal.org/spec/ob/v3p0/context")
        .and_then(|rest| rest.strip_suffix(".json"))
    else {
        return false;
    };
    let b = middle.as_bytes();
    b.len() % 6 == 0
        && b.chunks(6).all(|c| {
            c[0] == b'-'
                && c[1] == b'3'
                && c[2] == b'.'
                && c[3].is_ascii_digit()
                && c[4] == b'.'
                && c[5].is_ascii_digit()
        })
}

/// `^[a-zA-Z0-9_-]+\.[a-zA-Z0-9_-]*\.[a-zA-Z0-9_-]+$`
pub(crate) fn is_compact_jws(text: &str) -> bool {
    let ok = |s: &str| {
        s.bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
    };
    let parts: Vec<&str> = text.split('.').collect();
    matches!(parts.as_slice(), [h, p, s] if !h.is_empty() && !s.is_empty() && ok(h) && ok(p) && ok(s))
}

pub(crate) fn is_identity_hash(text: &str) -> bool {
    let hex_of = |s: &str, n: usize| s.len() == n && s.bytes().all(|c| c.is_ascii_hexdigit());
    match text.split_once('$') {
        Some(("sha256", h)) => hex_of(h, 64),
        Some(("md5", h)) => hex_of(h, 32),
        _ => false,
    }
}

pub(crate) fn is_absolute_uri(text: &str) -> bool {
    url_scheme(text).is_some()
}

pub(crate) fn is_http_url(text: &str) -> bool {
    url_scheme(text) == Some(UrlScheme::Http)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum UrlScheme {
    Http,
    Other,
}

/// Texts of at most this many bytes are remembered by [`url_scheme`], at most
/// [`URL_MEMO_ENTRIES`] per thread (then the memo starts over): 64 KiB a thread at most.
const URL_MEMO_TEXT_BYTES: usize = 128;
const URL_MEMO_ENTRIES: usize = 512;

/// The scheme class of `text` if it parses as an absolute URL. `Url::parse` was most of the
/// cost of the URI rules (~4% of verifying a typical badge), and a platform's credentials
/// repeat the same few URLs (contexts, issuer pages, achievement, criteria and image URLs), so
/// each thread remembers its recent answers.
fn url_scheme(text: &str) -> Option<UrlScheme> {
    use std::cell::RefCell;
    thread_local! {
        static MEMO: RefCell<crate::jsonld::FastMap<Box<str>, Option<UrlScheme>>> =
            RefCell::new(crate::jsonld::FastMap::default());
    }
    let parse = |text: &str| {
        url::Url::parse(text).ok().map(|u| match u.scheme() {
            "http" | "https" => UrlScheme::Http,
            _ => UrlScheme::Other,
        })
    };
    if text.len() > URL_MEMO_TEXT_BYTES {
        return parse(text);
    }
    MEMO.with(|memo| {
        if let Some(known) = memo.borrow().get(text) {
            return *known;
        }
        let scheme = parse(text);
        let mut memo = memo.borrow_mut();
        if memo.len() >= URL_MEMO_ENTRIES {
            memo.clear();
        }
        memo.insert(text.into(), scheme);
        scheme
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_url_answers_are_the_parsers_answers() {
        let direct = |text: &str| {
            let parsed = url::Url::parse(text);
            (
                parsed.is_ok(),
                parsed.is_ok_and(|u| matches!(u.scheme(), "http" | "https")),
            )
        };
        let mut texts: Vec<String> = [
            "https://example.edu/achievements/1",
            "HTTP://EXAMPLE.EDU",
            "urn:uuid:0e3c6f0a-1b2c-4d5e-8f90-a1b2c3d4e5f1",
            "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
            "mailto:teacher@example.edu",
            "https://exa mple.edu/",
            "https://[::1",
            "/relative/path",
            "not a url",
            "",
            "http://",
        ]
        .iter()
        .map(|t| (*t).to_owned())
        .collect();
        texts.push(format!(
            "https://example.edu/{}",
            "x".repeat(URL_MEMO_TEXT_BYTES)
        ));
        // More distinct texts than the memo holds, each asked twice, so answers come from the
        // parser, from the memo, and after the memo starts over.
        texts.extend((0..URL_MEMO_ENTRIES + 10).map(|n| format!("https://example.edu/{n}")));
        texts.extend((0..20).map(|n| format!("bad url {n}")));
        for _ in 0..2 {
            for text in &texts {
                assert_eq!(
                    (is_absolute_uri(text), is_http_url(text)),
                    direct(text),
                    "{text:?}"
                );
            }
        }
    }
}
