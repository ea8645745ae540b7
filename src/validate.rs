//! Open Badges 3.0 specification checks on raw JSON, beyond what types express.
//!
//! [`credential`] works on a `serde_json::Value`, so it reports on documents that do not even
//! deserialize, and it returns **every** problem found, each with a stable [`ProblemCode`], a JSON
//! Pointer (RFC 6901), a message and a [`Severity`].
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
//! ```
//!
//! # Problem codes
//!
//! | code | severity | meaning |
//! |---|---|---|
//! | `OB_NOT_OBJECT` | error | the document (or a class-typed property) is not a JSON object |
//! | `OB_MISSING_FIELD` | error | a required property is absent (VC 1.1 credentials need `issuanceDate` and `name` instead of `validFrom`) |
//! | `OB_NULL_VALUE` | error | a property is `null` (nulls must be omitted) |
//! | `OB_EMPTY_ARRAY` | error | an array is empty (empty arrays must be omitted) |
//! | `OB_WRONG_TYPE` | error | a property has the wrong JSON type (e.g. a number where a string belongs) |
//! | `OB_CARDINALITY` | error | a single value where an array is required, or an array where one value is allowed |
//! | `OB_BAD_CONTEXT` | error | `@context` is not an array, is too short, or items 0/1 are not the VC / OB context URLs |
//! | `OB_BAD_TYPE` | error | `type` lacks a required member (`VerifiableCredential`, `OpenBadgeCredential`, `Profile`…), or `Image`/`IdentityObject`/`IdentifierEntry` type is not that exact string |
//! | `OB_BAD_DATE` | error | a `DateTimeZ` is not RFC 3339 with a time zone |
//! | `OB_DATE_ORDER` | error | `validUntil` (`expirationDate`) is before `validFrom` (`issuanceDate`) |
//! | `OB_BAD_URI` | error | a URI is not absolute, or a URL is not an http(s) URL |
//! | `OB_MISSING_RECIPIENT` | error | `credentialSubject` has neither `id` nor `identifier` |
//! | `OB_INVALID_RESULT_REFERENCE` | error | a result's `resultDescription` names no result description of the achievement |
//! | `OB_INVALID_ACHIEVED_LEVEL` | error | a result's `achievedLevel` names no level of its result description |
//! | `OB_INVALID_REQUIRED_LEVEL` | error | a result description's `requiredLevel` names none of its levels |
//! | `OB_MISSING_RESULT_STATUS` | error | a result for a `Status` result description has no `status` |
//! | `OB_BAD_IDENTITY_HASH` | error | a hashed `identityHash` is not `sha256$<64 hex>` or `md5$<32 hex>` |
//! | `OB_BAD_ENUM` | error | a value is not in its enumeration and not a valid `ext:` extension |
//! | `OB_UNKNOWN_PROPERTY` | error | a property on a closed class (`Image`, `IdentityObject`, `IdentifierEntry`, a language value object) |
//! | `OB_BAD_JWS` | error | an `endorsementJwt` is not a compact JWS |
//! | `OB_EMPTY_CRITERIA` | warning | `criteria` has neither `id` nor `narrative` |
//! | `OB_PROOF_PURPOSE` | warning | a proof's `proofPurpose` is not `assertionMethod` |

use serde::Serialize;
use serde_json::{Map, Value};

use crate::json::{self, push_pointer_token};
use crate::model::{
    AchievementType, AlignmentTargetType, IdentifierTypeEnum, ResultStatusType, ResultType,
    VC_V1_CONTEXT, VC_V2_CONTEXT, is_valid_extension, parse_date_time_z,
};

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

/// Validates `value` as an OpenBadgeCredential/AchievementCredential.
pub fn achievement_credential(value: &Value) -> ValidationReport {
    let mut v = Validator::default();
    v.nulls_and_empty_arrays(value, &mut String::new());
    v.achievement_credential(value, "");
    v.finish()
}

/// Validates `value` as an EndorsementCredential.
pub fn endorsement_credential(value: &Value) -> ValidationReport {
    let mut v = Validator::default();
    v.nulls_and_empty_arrays(value, &mut String::new());
    v.endorsement_credential(value, "");
    v.finish()
}

fn type_members(value: &Value) -> impl Iterator<Item = &str> {
    let items: &[Value] = match value {
        Value::Array(items) => items,
        other => std::slice::from_ref(other),
    };
    items.iter().filter_map(Value::as_str)
}

fn child(pointer: &str, token: &str) -> String {
    let mut p = pointer.to_owned();
    push_pointer_token(&mut p, token);
    p
}

/// `^https://purl.imsglobal.org/spec/ob/v3p0/context(-3\.\d\.\d)*\.json$`
fn is_ob_context(url: &str) -> bool {
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
fn is_compact_jws(text: &str) -> bool {
    let ok = |s: &str| {
        s.bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
    };
    let parts: Vec<&str> = text.split('.').collect();
    matches!(parts.as_slice(), [h, p, s] if !h.is_empty() && !s.is_empty() && ok(h) && ok(p) && ok(s))
}

fn is_identity_hash(text: &str) -> bool {
    let hex_of = |s: &str, n: usize| s.len() == n && s.bytes().all(|c| c.is_ascii_hexdigit());
    match text.split_once('$') {
        Some(("sha256", h)) => hex_of(h, 64),
        Some(("md5", h)) => hex_of(h, 32),
        _ => false,
    }
}

fn is_absolute_uri(text: &str) -> bool {
    url::Url::parse(text).is_ok()
}

fn is_http_url(text: &str) -> bool {
    url::Url::parse(text).is_ok_and(|u| matches!(u.scheme(), "http" | "https"))
}

#[derive(Default)]
struct Validator {
    problems: Vec<Problem>,
}

/// How many values a property may hold.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Card {
    /// [0..1] / [1]: one value, not an array.
    Single,
    /// [0..*] / [1..*]: an array (a lone value is a cardinality error).
    Array,
    /// Compactable properties (`proof`, `credentialSchema`, `termsOfUse`): either form.
    Either,
}

impl Validator {
    fn finish(self) -> ValidationReport {
        ValidationReport {
            problems: self.problems,
        }
    }

    fn report(&mut self, code: ProblemCode, pointer: &str, message: impl Into<String>) {
        self.problems.push(Problem {
            code,
            severity: Severity::Error,
            pointer: pointer.to_owned(),
            message: message.into(),
        });
    }

    fn warn(&mut self, code: ProblemCode, pointer: &str, message: impl Into<String>) {
        self.problems.push(Problem {
            code,
            severity: Severity::Warning,
            pointer: pointer.to_owned(),
            message: message.into(),
        });
    }

    /// Nulls and empty arrays anywhere in the document (Spec §Serialization: they MUST be omitted).
    fn nulls_and_empty_arrays(&mut self, value: &Value, pointer: &mut String) {
        match value {
            Value::Null => self.report(
                ProblemCode::NullValue,
                pointer,
                "null values must be omitted",
            ),
            Value::Array(items) => {
                if items.is_empty() {
                    self.report(
                        ProblemCode::EmptyArray,
                        pointer,
                        "empty arrays must be omitted",
                    );
                }
                for (i, item) in items.iter().enumerate() {
                    let len = pointer.len();
                    push_pointer_token(pointer, &i.to_string());
                    self.nulls_and_empty_arrays(item, pointer);
                    pointer.truncate(len);
                }
            }
            Value::Object(map) => {
                for (key, item) in map {
                    let len = pointer.len();
                    push_pointer_token(pointer, key);
                    self.nulls_and_empty_arrays(item, pointer);
                    pointer.truncate(len);
                }
            }
            _ => {}
        }
    }

    fn object<'a>(
        &mut self,
        value: &'a Value,
        pointer: &str,
        class: &str,
    ) -> Option<&'a Map<String, Value>> {
        match value {
            Value::Object(map) => Some(map),
            Value::Null => None, // already reported
            other => {
                self.report(
                    ProblemCode::NotObject,
                    pointer,
                    format!("{class} must be a JSON object, found {}", json::kind(other)),
                );
                None
            }
        }
    }

    /// A present, non-null property; reports `OB_MISSING_FIELD` when absent.
    fn required<'a>(
        &mut self,
        obj: &'a Map<String, Value>,
        pointer: &str,
        key: &str,
        class: &str,
    ) -> Option<&'a Value> {
        match obj.get(key) {
            None => {
                self.report(
                    ProblemCode::MissingField,
                    &child(pointer, key),
                    format!("{class} requires `{key}`"),
                );
                None
            }
            Some(Value::Null) => None,
            Some(v) => Some(v),
        }
    }

    /// Values of a property with the given cardinality, each with its pointer. Nulls were reported.
    fn values<'a>(
        &mut self,
        value: &'a Value,
        pointer: &str,
        card: Card,
        key: &str,
    ) -> Vec<(String, &'a Value)> {
        match value {
            Value::Null => Vec::new(),
            Value::Array(items) => {
                if card == Card::Single {
                    self.report(
                        ProblemCode::Cardinality,
                        pointer,
                        format!("`{key}` holds a single value, not an array"),
                    );
                }
                items
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(i, v)| (child(pointer, &i.to_string()), v))
                    .collect()
            }
            single => {
                if card == Card::Array {
                    self.report(
                        ProblemCode::Cardinality,
                        pointer,
                        format!("`{key}` must be an array"),
                    );
                }
                vec![(pointer.to_owned(), single)]
            }
        }
    }

    /// Optional property: values with pointers (empty when absent).
    fn optional<'a>(
        &mut self,
        obj: &'a Map<String, Value>,
        pointer: &str,
        key: &str,
        card: Card,
    ) -> Vec<(String, &'a Value)> {
        match obj.get(key) {
            None => Vec::new(),
            Some(v) => self.values(v, &child(pointer, key), card, key),
        }
    }

    fn string<'a>(&mut self, value: &'a Value, pointer: &str) -> Option<&'a str> {
        match value {
            Value::String(s) => Some(s),
            Value::Null => None,
            other => {
                self.report(
                    ProblemCode::WrongType,
                    pointer,
                    format!("expected a string, found {}", json::kind(other)),
                );
                None
            }
        }
    }

    fn opt_strings(&mut self, obj: &Map<String, Value>, pointer: &str, keys: &[&str]) {
        for key in keys {
            for (p, v) in self.optional(obj, pointer, key, Card::Single) {
                self.string(v, &p);
            }
        }
    }

    /// A string or language-value object(s) (`name`, `description`).
    fn text(&mut self, value: &Value, pointer: &str) {
        let language_values: Vec<(String, &Map<String, Value>)> = match value {
            Value::String(_) | Value::Null => return,
            Value::Object(m) => vec![(pointer.to_owned(), m)],
            Value::Array(items) if items.iter().all(Value::is_object) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| Some((child(pointer, &i.to_string()), item.as_object()?)))
                .collect(),
            other => {
                self.report(
                    ProblemCode::WrongType,
                    pointer,
                    format!(
                        "expected a string or language value(s) with `@value`, found {}",
                        json::kind(other)
                    ),
                );
                return;
            }
        };
        // VC 2.0 language value objects: `@value` plus optional `@language` / `@direction`.
        for (p, m) in language_values {
            if !m.get("@value").is_some_and(Value::is_string) {
                self.report(
                    ProblemCode::WrongType,
                    &p,
                    "a language value needs a string `@value`",
                );
            }
            for key in m.keys() {
                if !matches!(key.as_str(), "@value" | "@language" | "@direction") {
                    self.report(
                        ProblemCode::UnknownProperty,
                        &child(&p, key),
                        format!("a language value allows only @value, @language and @direction, not `{key}`"),
                    );
                }
            }
        }
    }

    fn texts(
        &mut self,
        obj: &Map<String, Value>,
        pointer: &str,
        required: &[&str],
        optional: &[&str],
        class: &str,
    ) {
        for key in required {
            if let Some(v) = self.required(obj, pointer, key, class) {
                self.text(v, &child(pointer, key));
            }
        }
        for key in optional {
            if let Some(v) = obj.get(*key) {
                self.text(v, &child(pointer, key));
            }
        }
    }

    fn uri(&mut self, value: &Value, pointer: &str) -> Option<String> {
        let s = self.string(value, pointer)?;
        if !is_absolute_uri(s) {
            self.report(
                ProblemCode::BadUri,
                pointer,
                format!("{s:?} is not an absolute URI"),
            );
        }
        Some(s.to_owned())
    }

    fn url(&mut self, value: &Value, pointer: &str) {
        if let Some(s) = self.string(value, pointer) {
            if !is_http_url(s) {
                self.report(
                    ProblemCode::BadUri,
                    pointer,
                    format!("{s:?} is not an http(s) URL"),
                );
            }
        }
    }

    fn required_uri(
        &mut self,
        obj: &Map<String, Value>,
        pointer: &str,
        key: &str,
        class: &str,
    ) -> Option<String> {
        let v = self.required(obj, pointer, key, class)?;
        let p = child(pointer, key);
        self.values(v, &p, Card::Single, key)
            .first()
            .and_then(|(p, v)| self.uri(v, p))
    }

    fn optional_uri(
        &mut self,
        obj: &Map<String, Value>,
        pointer: &str,
        key: &str,
    ) -> Option<String> {
        self.optional(obj, pointer, key, Card::Single)
            .first()
            .and_then(|(p, v)| self.uri(v, p))
    }

    fn date_time_z(
        &mut self,
        value: &Value,
        pointer: &str,
    ) -> Option<chrono::DateTime<chrono::FixedOffset>> {
        let s = self.string(value, pointer)?;
        let parsed = parse_date_time_z(s);
        if parsed.is_none() {
            self.report(
                ProblemCode::BadDate,
                pointer,
                format!("{s:?} is not an RFC 3339 date-time with a time zone"),
            );
        }
        parsed
    }

    fn optional_date(
        &mut self,
        obj: &Map<String, Value>,
        pointer: &str,
        key: &str,
    ) -> Option<chrono::DateTime<chrono::FixedOffset>> {
        self.optional(obj, pointer, key, Card::Single)
            .first()
            .and_then(|(p, v)| self.date_time_z(v, p))
    }

    /// `type`: a string or array of strings containing one of each group in `required`
    /// (`[["VerifiableCredential"], ["OpenBadgeCredential", "AchievementCredential"]]`).
    fn types(
        &mut self,
        obj: &Map<String, Value>,
        pointer: &str,
        required: &[&[&str]],
        class: &str,
    ) {
        let Some(value) = self.required(obj, pointer, "type", class) else {
            return;
        };
        let p = child(pointer, "type");
        let ok_shape = match value {
            Value::String(_) => true,
            Value::Array(items) => items.iter().all(Value::is_string),
            _ => false,
        };
        if !ok_shape {
            self.report(
                ProblemCode::WrongType,
                &p,
                "`type` must be a string or an array of strings",
            );
            return;
        }
        for group in required {
            if !type_members(value).any(|m| group.contains(&m)) {
                self.report(
                    ProblemCode::BadType,
                    &p,
                    format!("{class} `type` must include {}", group.join(" or ")),
                );
            }
        }
    }

    /// `type` that must be exactly one string (`Image`, `IdentityObject`, `IdentifierEntry`).
    fn exact_type(&mut self, obj: &Map<String, Value>, pointer: &str, name: &str) {
        if let Some(value) = self.required(obj, pointer, "type", name) {
            if value.as_str() != Some(name) {
                self.report(
                    ProblemCode::BadType,
                    &child(pointer, "type"),
                    format!("`type` must be the string {name:?}"),
                );
            }
        }
    }

    fn closed_class(
        &mut self,
        obj: &Map<String, Value>,
        pointer: &str,
        allowed: &[&str],
        class: &str,
    ) {
        for key in obj.keys() {
            if !allowed.contains(&key.as_str()) {
                self.report(
                    ProblemCode::UnknownProperty,
                    &child(pointer, key),
                    format!("{class} allows no property `{key}`"),
                );
            }
        }
    }

    fn enumeration(
        &mut self,
        value: &Value,
        pointer: &str,
        listed: &[&str],
        extensible: bool,
        name: &str,
    ) -> Option<String> {
        let s = self.string(value, pointer)?;
        let ok = listed.contains(&s) || (extensible && is_valid_extension(s));
        if !ok {
            let hint = if extensible {
                " (extensions must match `ext:[A-Za-z0-9.-_]+`)"
            } else {
                ""
            };
            self.report(
                ProblemCode::BadEnum,
                pointer,
                format!("{s:?} is not a {name} value{hint}"),
            );
        }
        Some(s.to_owned())
    }

    fn optional_enum(
        &mut self,
        obj: &Map<String, Value>,
        pointer: &str,
        key: &str,
        listed: &[&str],
        extensible: bool,
        name: &str,
    ) -> Option<String> {
        self.optional(obj, pointer, key, Card::Single)
            .first()
            .and_then(|(p, v)| self.enumeration(v, p, listed, extensible, name))
    }

    fn number(&mut self, obj: &Map<String, Value>, pointer: &str, key: &str) {
        for (p, v) in self.optional(obj, pointer, key, Card::Single) {
            if !v.is_number() {
                self.report(
                    ProblemCode::WrongType,
                    &p,
                    format!("expected a number, found {}", json::kind(v)),
                );
            }
        }
    }

    // ----- credentials -------------------------------------------------------------------------

    /// Checks shared by achievement and endorsement credentials; returns the root object and
    /// whether it is a VC 1.1 credential.
    fn credential_envelope<'a>(
        &mut self,
        value: &'a Value,
        pointer: &str,
        subtype: &[&str],
        class: &str,
    ) -> Option<(&'a Map<String, Value>, bool)> {
        let obj = self.object(value, pointer, class)?;
        let v1 = self.context(obj, pointer, class);
        self.required_uri(obj, pointer, "id", class);
        self.types(obj, pointer, &[&["VerifiableCredential"], subtype], class);
        if let Some(issuer) = self.required(obj, pointer, "issuer", class) {
            let p = child(pointer, "issuer");
            match issuer {
                Value::String(_) => {
                    self.uri(issuer, &p);
                }
                other => self.profile(other, &p),
            }
        }
        let (from_key, until_key) = if v1 {
            ("issuanceDate", "expirationDate")
        } else {
            ("validFrom", "validUntil")
        };
        let from = match self.required(obj, pointer, from_key, class) {
            Some(v) => self.date_time_z(v, &child(pointer, from_key)),
            None => None,
        };
        let until = self.optional_date(obj, pointer, until_key);
        if let (Some(from), Some(until)) = (from, until) {
            if until < from {
                self.report(
                    ProblemCode::DateOrder,
                    &child(pointer, until_key),
                    format!("`{until_key}` is before `{from_key}`"),
                );
            }
        }
        self.optional_date(obj, pointer, "awardedDate");
        for (p, v) in self.optional(obj, pointer, "credentialStatus", Card::Single) {
            self.id_and_type(v, &p, true, "CredentialStatus");
        }
        for (p, v) in self.optional(obj, pointer, "credentialSchema", Card::Either) {
            self.id_and_type(v, &p, true, "CredentialSchema");
        }
        for (p, v) in self.optional(obj, pointer, "refreshService", Card::Single) {
            self.id_and_type(v, &p, true, "RefreshService");
        }
        for (p, v) in self.optional(obj, pointer, "termsOfUse", Card::Either) {
            self.id_and_type(v, &p, false, "TermsOfUse");
        }
        for (p, v) in self.optional(obj, pointer, "proof", Card::Either) {
            self.proof(v, &p);
        }
        Some((obj, v1))
    }

    /// Returns true for a VC 1.1 credential (v1 base context).
    fn context(&mut self, obj: &Map<String, Value>, pointer: &str, class: &str) -> bool {
        let Some(value) = self.required(obj, pointer, "@context", class) else {
            return false;
        };
        let p = child(pointer, "@context");
        let Value::Array(items) = value else {
            self.report(ProblemCode::BadContext, &p, "`@context` must be an array");
            return false;
        };
        if items.len() < 2 {
            self.report(
                ProblemCode::BadContext,
                &p,
                "`@context` needs the VC context then the Open Badges 3.0 context",
            );
        }
        let first = items.first().and_then(Value::as_str);
        let v1 = first == Some(VC_V1_CONTEXT);
        if let Some(item) = items.first() {
            if first != Some(VC_V2_CONTEXT) && !v1 {
                self.report(
                    ProblemCode::BadContext,
                    &child(&p, "0"),
                    format!("`@context` item 0 must be {VC_V2_CONTEXT:?} (or {VC_V1_CONTEXT:?} for VC 1.1), found {item}"),
                );
            }
        }
        if let Some(item) = items.get(1) {
            if !item.as_str().is_some_and(is_ob_context) {
                self.report(
                    ProblemCode::BadContext,
                    &child(&p, "1"),
                    format!("`@context` item 1 must be an Open Badges 3.0 context URL (https://purl.imsglobal.org/spec/ob/v3p0/context-3.x.y.json), found {item}"),
                );
            }
        }
        for (i, item) in items.iter().enumerate().skip(2) {
            if !(item.is_string() || item.is_object() || item.is_null()) {
                self.report(
                    ProblemCode::BadContext,
                    &child(&p, &i.to_string()),
                    "`@context` items must be URLs or objects",
                );
            }
        }
        v1
    }

    fn achievement_credential(&mut self, value: &Value, pointer: &str) {
        const C: &str = "AchievementCredential";
        let Some((obj, v1)) = self.credential_envelope(
            value,
            pointer,
            &["OpenBadgeCredential", "AchievementCredential"],
            C,
        ) else {
            return;
        };
        // The VC 1.1 form of the class (and its schema) requires `name`.
        if v1 {
            self.texts(obj, pointer, &["name"], &["description"], C);
        } else {
            self.texts(obj, pointer, &[], &["name", "description"], C);
        }
        for (p, v) in self.optional(obj, pointer, "image", Card::Single) {
            self.image(v, &p);
        }
        if let Some(subject) = self.required(obj, pointer, "credentialSubject", C) {
            let p = child(pointer, "credentialSubject");
            for (p, v) in self.values(subject, &p, Card::Single, "credentialSubject") {
                self.achievement_subject(v, &p);
            }
        }
        self.endorsements(obj, pointer);
        for (p, v) in self.optional(obj, pointer, "evidence", Card::Array) {
            self.evidence(v, &p);
        }
    }

    fn endorsement_credential(&mut self, value: &Value, pointer: &str) {
        const C: &str = "EndorsementCredential";
        let Some((obj, _)) =
            self.credential_envelope(value, pointer, &["EndorsementCredential"], C)
        else {
            return;
        };
        self.texts(obj, pointer, &["name"], &["description"], C);
        if let Some(subject) = self.required(obj, pointer, "credentialSubject", C) {
            let p = child(pointer, "credentialSubject");
            for (p, v) in self.values(subject, &p, Card::Single, "credentialSubject") {
                let Some(s) = self.object(v, &p, "EndorsementSubject") else {
                    continue;
                };
                self.required_uri(s, &p, "id", "EndorsementSubject");
                self.types(s, &p, &[&["EndorsementSubject"]], "EndorsementSubject");
                self.opt_strings(s, &p, &["endorsementComment"]);
            }
        }
    }

    fn endorsements(&mut self, obj: &Map<String, Value>, pointer: &str) {
        for (p, v) in self.optional(obj, pointer, "endorsement", Card::Array) {
            self.endorsement_credential(v, &p);
        }
        for (p, v) in self.optional(obj, pointer, "endorsementJwt", Card::Array) {
            if let Some(s) = self.string(v, &p) {
                if !is_compact_jws(s) {
                    self.report(
                        ProblemCode::BadJws,
                        &p,
                        "not a compact JWS (header.payload.signature)",
                    );
                }
            }
        }
    }

    fn id_and_type(&mut self, value: &Value, pointer: &str, id_required: bool, class: &str) {
        let Some(obj) = self.object(value, pointer, class) else {
            return;
        };
        if id_required {
            self.required_uri(obj, pointer, "id", class);
        } else {
            self.optional_uri(obj, pointer, "id");
        }
        self.types(obj, pointer, &[], class);
    }

    fn proof(&mut self, value: &Value, pointer: &str) {
        let Some(obj) = self.object(value, pointer, "Proof") else {
            return;
        };
        if let Some(t) = self.required(obj, pointer, "type", "Proof") {
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
        if let Some(purpose) = obj.get("proofPurpose").and_then(Value::as_str) {
            if purpose != "assertionMethod" {
                self.warn(
                    ProblemCode::ProofPurpose,
                    &child(pointer, "proofPurpose"),
                    format!(
                        "credential proofs use proofPurpose \"assertionMethod\", found {purpose:?}"
                    ),
                );
            }
        }
    }

    // ----- classes -----------------------------------------------------------------------------

    fn profile(&mut self, value: &Value, pointer: &str) {
        const C: &str = "Profile";
        let Some(obj) = self.object(value, pointer, C) else {
            return;
        };
        self.required_uri(obj, pointer, "id", C);
        self.types(obj, pointer, &[&["Profile"]], C);
        self.texts(obj, pointer, &[], &["name", "description"], C);
        for (p, v) in self.optional(obj, pointer, "url", Card::Single) {
            self.url(v, &p);
        }
        self.opt_strings(
            obj,
            pointer,
            &[
                "phone",
                "email",
                "official",
                "givenName",
                "familyName",
                "additionalName",
                "patronymicName",
                "honorificPrefix",
                "honorificSuffix",
                "familyNamePrefix",
                "dateOfBirth",
            ],
        );
        for (p, v) in self.optional(obj, pointer, "image", Card::Single) {
            self.image(v, &p);
        }
        for (p, v) in self.optional(obj, pointer, "address", Card::Single) {
            self.address(v, &p);
        }
        for (p, v) in self.optional(obj, pointer, "otherIdentifier", Card::Array) {
            self.identifier_entry(v, &p);
        }
        for (p, v) in self.optional(obj, pointer, "parentOrg", Card::Single) {
            self.profile(v, &p);
        }
        self.endorsements(obj, pointer);
    }

    fn address(&mut self, value: &Value, pointer: &str) {
        const C: &str = "Address";
        let Some(obj) = self.object(value, pointer, C) else {
            return;
        };
        self.types(obj, pointer, &[&["Address"]], C);
        self.opt_strings(
            obj,
            pointer,
            &[
                "addressCountry",
                "addressCountryCode",
                "addressRegion",
                "addressLocality",
                "streetAddress",
                "postOfficeBoxNumber",
                "postalCode",
            ],
        );
        for (p, v) in self.optional(obj, pointer, "geo", Card::Single) {
            let Some(geo) = self.object(v, &p, "GeoCoordinates") else {
                continue;
            };
            self.types(geo, &p, &[&["GeoCoordinates"]], "GeoCoordinates");
            for key in ["latitude", "longitude"] {
                if self.required(geo, &p, key, "GeoCoordinates").is_some() {
                    self.number(geo, &p, key);
                }
            }
        }
    }

    fn image(&mut self, value: &Value, pointer: &str) {
        const C: &str = "Image";
        let Some(obj) = self.object(value, pointer, C) else {
            return;
        };
        self.required_uri(obj, pointer, "id", C);
        self.exact_type(obj, pointer, C);
        self.opt_strings(obj, pointer, &["caption"]);
        self.closed_class(obj, pointer, &["id", "type", "caption"], C);
    }

    fn identifier_entry(&mut self, value: &Value, pointer: &str) {
        const C: &str = "IdentifierEntry";
        let Some(obj) = self.object(value, pointer, C) else {
            return;
        };
        self.exact_type(obj, pointer, C);
        if let Some(v) = self.required(obj, pointer, "identifier", C) {
            self.string(v, &child(pointer, "identifier"));
        }
        if let Some(v) = self.required(obj, pointer, "identifierType", C) {
            self.enumeration(
                v,
                &child(pointer, "identifierType"),
                IdentifierTypeEnum::LISTED,
                true,
                "IdentifierTypeEnum",
            );
        }
        self.closed_class(obj, pointer, &["type", "identifier", "identifierType"], C);
    }

    fn identity_object(&mut self, value: &Value, pointer: &str) {
        const C: &str = "IdentityObject";
        let Some(obj) = self.object(value, pointer, C) else {
            return;
        };
        self.exact_type(obj, pointer, C);
        let hashed = match self.required(obj, pointer, "hashed", C) {
            Some(Value::Bool(b)) => Some(*b),
            Some(other) => {
                self.report(
                    ProblemCode::WrongType,
                    &child(pointer, "hashed"),
                    format!("expected a boolean, found {}", json::kind(other)),
                );
                None
            }
            None => None,
        };
        if let Some(v) = self.required(obj, pointer, "identityHash", C) {
            let p = child(pointer, "identityHash");
            if let Some(hash) = self.string(v, &p) {
                if hashed == Some(true) && !is_identity_hash(hash) {
                    self.report(
                        ProblemCode::BadIdentityHash,
                        &p,
                        "a hashed identity must be `sha256$` + 64 hex digits or `md5$` + 32 hex digits",
                    );
                }
            }
        }
        if let Some(v) = self.required(obj, pointer, "identityType", C) {
            self.enumeration(
                v,
                &child(pointer, "identityType"),
                IdentifierTypeEnum::LISTED,
                true,
                "IdentifierTypeEnum",
            );
        }
        self.opt_strings(obj, pointer, &["salt"]);
        self.closed_class(
            obj,
            pointer,
            &["type", "hashed", "identityHash", "identityType", "salt"],
            C,
        );
    }

    fn evidence(&mut self, value: &Value, pointer: &str) {
        const C: &str = "Evidence";
        let Some(obj) = self.object(value, pointer, C) else {
            return;
        };
        self.optional_uri(obj, pointer, "id");
        self.types(obj, pointer, &[&["Evidence"]], C);
        self.texts(obj, pointer, &[], &["name", "description"], C);
        self.opt_strings(obj, pointer, &["narrative", "genre", "audience"]);
    }

    fn achievement_subject(&mut self, value: &Value, pointer: &str) {
        const C: &str = "AchievementSubject";
        let Some(obj) = self.object(value, pointer, C) else {
            return;
        };
        self.types(obj, pointer, &[&["AchievementSubject"]], C);
        let has_id = self.optional_uri(obj, pointer, "id").is_some();
        let identifiers = self.optional(obj, pointer, "identifier", Card::Array);
        if !has_id && identifiers.is_empty() {
            self.report(
                ProblemCode::MissingRecipient,
                pointer,
                "credentialSubject needs an `id` or at least one `identifier`",
            );
        }
        for (p, v) in identifiers {
            self.identity_object(v, &p);
        }
        self.number(obj, pointer, "creditsEarned");
        self.opt_strings(
            obj,
            pointer,
            &[
                "licenseNumber",
                "narrative",
                "role",
                "term",
                "activityStartDate",
                "activityEndDate",
            ],
        );
        for (p, v) in self.optional(obj, pointer, "image", Card::Single) {
            self.image(v, &p);
        }
        for (p, v) in self.optional(obj, pointer, "source", Card::Single) {
            self.profile(v, &p);
        }
        let achievement = self.required(obj, pointer, "achievement", C);
        let rubric = match achievement {
            Some(a) => {
                let p = child(pointer, "achievement");
                self.achievement(a, &p)
            }
            None => Rubric::default(),
        };
        for (p, v) in self.optional(obj, pointer, "result", Card::Array) {
            self.result(v, &p, &rubric, achievement.is_some());
        }
    }

    /// Returns the achievement's result descriptions for cross-checking results.
    fn achievement(&mut self, value: &Value, pointer: &str) -> Rubric {
        const C: &str = "Achievement";
        let mut rubric = Rubric::default();
        let Some(obj) = self.object(value, pointer, C) else {
            return rubric;
        };
        self.required_uri(obj, pointer, "id", C);
        self.types(obj, pointer, &[&["Achievement"]], C);
        self.texts(obj, pointer, &["name", "description"], &[], C);
        if let Some(criteria) = self.required(obj, pointer, "criteria", C) {
            let p = child(pointer, "criteria");
            if let Some(c) = self.object(criteria, &p, "Criteria") {
                self.optional_uri(c, &p, "id");
                self.opt_strings(c, &p, &["narrative"]);
                if !c.contains_key("id") && !c.contains_key("narrative") {
                    self.warn(
                        ProblemCode::EmptyCriteria,
                        &p,
                        "criteria should have an `id` (URL) or a `narrative`",
                    );
                }
            }
        }
        self.optional_enum(
            obj,
            pointer,
            "achievementType",
            AchievementType::LISTED,
            true,
            "AchievementType",
        );
        for (p, v) in self.optional(obj, pointer, "alignment", Card::Array) {
            self.alignment(v, &p);
        }
        for (p, v) in self.optional(obj, pointer, "creator", Card::Single) {
            self.profile(v, &p);
        }
        self.number(obj, pointer, "creditsAvailable");
        self.endorsements(obj, pointer);
        self.opt_strings(
            obj,
            pointer,
            &[
                "fieldOfStudy",
                "humanCode",
                "inLanguage",
                "specialization",
                "version",
            ],
        );
        for (p, v) in self.optional(obj, pointer, "image", Card::Single) {
            self.image(v, &p);
        }
        for (p, v) in self.optional(obj, pointer, "otherIdentifier", Card::Array) {
            self.identifier_entry(v, &p);
        }
        for (p, v) in self.optional(obj, pointer, "related", Card::Array) {
            if let Some(r) = self.object(v, &p, "Related") {
                self.required_uri(r, &p, "id", "Related");
                self.types(r, &p, &[&["Related"]], "Related");
                self.opt_strings(r, &p, &["inLanguage", "version"]);
            }
        }
        for (p, v) in self.optional(obj, pointer, "tag", Card::Array) {
            self.string(v, &p);
        }
        for (p, v) in self.optional(obj, pointer, "resultDescription", Card::Array) {
            if let Some(rd) = self.result_description(v, &p) {
                rubric.descriptions.push(rd);
            }
        }
        rubric
    }

    fn alignment(&mut self, value: &Value, pointer: &str) {
        const C: &str = "Alignment";
        let Some(obj) = self.object(value, pointer, C) else {
            return;
        };
        self.types(obj, pointer, &[&["Alignment"]], C);
        if let Some(v) = self.required(obj, pointer, "targetName", C) {
            self.string(v, &child(pointer, "targetName"));
        }
        if let Some(v) = self.required(obj, pointer, "targetUrl", C) {
            self.url(v, &child(pointer, "targetUrl"));
        }
        self.opt_strings(
            obj,
            pointer,
            &["targetCode", "targetDescription", "targetFramework"],
        );
        self.optional_enum(
            obj,
            pointer,
            "targetType",
            AlignmentTargetType::LISTED,
            true,
            "AlignmentTargetType",
        );
    }

    fn result_description(&mut self, value: &Value, pointer: &str) -> Option<DescribedResult> {
        const C: &str = "ResultDescription";
        let obj = self.object(value, pointer, C)?;
        let id = self.required_uri(obj, pointer, "id", C);
        self.types(obj, pointer, &[&["ResultDescription"]], C);
        self.texts(obj, pointer, &["name"], &[], C);
        let result_type = match self.required(obj, pointer, "resultType", C) {
            Some(v) => self.enumeration(
                v,
                &child(pointer, "resultType"),
                ResultType::LISTED,
                true,
                "ResultType",
            ),
            None => None,
        };
        for (p, v) in self.optional(obj, pointer, "alignment", Card::Array) {
            self.alignment(v, &p);
        }
        for (p, v) in self.optional(obj, pointer, "allowedValue", Card::Array) {
            self.string(v, &p);
        }
        self.opt_strings(obj, pointer, &["requiredValue", "valueMax", "valueMin"]);
        let mut levels = Vec::new();
        for (p, v) in self.optional(obj, pointer, "rubricCriterionLevel", Card::Array) {
            const L: &str = "RubricCriterionLevel";
            let Some(level) = self.object(v, &p, L) else {
                continue;
            };
            if let Some(id) = self.required_uri(level, &p, "id", L) {
                levels.push(id);
            }
            self.types(level, &p, &[&["RubricCriterionLevel"]], L);
            self.texts(level, &p, &["name"], &["description"], L);
            self.opt_strings(level, &p, &["level", "points"]);
            for (p, v) in self.optional(level, &p, "alignment", Card::Array) {
                self.alignment(v, &p);
            }
        }
        if let Some(required) = self.optional_uri(obj, pointer, "requiredLevel") {
            if !levels.contains(&required) {
                self.report(
                    ProblemCode::InvalidRequiredLevel,
                    &child(pointer, "requiredLevel"),
                    format!("requiredLevel {required:?} is not the id of one of this result description's rubricCriterionLevel entries"),
                );
            }
        }
        Some(DescribedResult {
            id: id?,
            is_status: result_type.as_deref() == Some(ResultType::Status.as_str()),
            levels,
        })
    }

    fn result(&mut self, value: &Value, pointer: &str, rubric: &Rubric, achievement_present: bool) {
        const C: &str = "Result";
        let Some(obj) = self.object(value, pointer, C) else {
            return;
        };
        self.types(obj, pointer, &[&["Result"]], C);
        self.opt_strings(obj, pointer, &["value"]);
        for (p, v) in self.optional(obj, pointer, "alignment", Card::Array) {
            self.alignment(v, &p);
        }
        let status = self.optional_enum(
            obj,
            pointer,
            "status",
            ResultStatusType::LISTED,
            false,
            "ResultStatusType",
        );
        let described = match self.optional_uri(obj, pointer, "resultDescription") {
            Some(id) => {
                let found = rubric.descriptions.iter().find(|d| d.id == id);
                if found.is_none() && achievement_present {
                    self.report(
                        ProblemCode::InvalidResultReference,
                        &child(pointer, "resultDescription"),
                        format!("{id:?} is not the id of a resultDescription of the achievement"),
                    );
                }
                found
            }
            None => None,
        };
        if let Some(level) = self.optional_uri(obj, pointer, "achievedLevel") {
            let known = match described {
                Some(d) => d.levels.contains(&level),
                None => rubric
                    .descriptions
                    .iter()
                    .any(|d| d.levels.contains(&level)),
            };
            if !known && achievement_present {
                self.report(
                    ProblemCode::InvalidAchievedLevel,
                    &child(pointer, "achievedLevel"),
                    format!("{level:?} is not the id of a rubricCriterionLevel of the referenced result description"),
                );
            }
        }
        if described.is_some_and(|d| d.is_status) && status.is_none() {
            self.report(
                ProblemCode::MissingResultStatus,
                pointer,
                "a result for a resultDescription of resultType Status needs a `status`",
            );
        }
    }
}

/// What results are checked against: the achievement's result descriptions.
#[derive(Default)]
struct Rubric {
    descriptions: Vec<DescribedResult>,
}

struct DescribedResult {
    id: String,
    is_status: bool,
    levels: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ob_context_pattern() {
        assert!(is_ob_context(
            "https://purl.imsglobal.org/spec/ob/v3p0/context.json"
        ));
        assert!(is_ob_context(
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ));
        assert!(!is_ob_context(
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.json"
        ));
        assert!(!is_ob_context(
            "https://purl.imsglobal.org/spec/ob/v3p0/context-4.0.0.json"
        ));
        assert!(!is_ob_context(
            "http://purl.imsglobal.org/spec/ob/v3p0/context.json"
        ));
    }

    #[test]
    fn jws_and_hash_patterns() {
        assert!(is_compact_jws("eyJh.eyJw.c2ln"));
        assert!(is_compact_jws("eyJh..c2ln"));
        assert!(!is_compact_jws("eyJh.eyJw"));
        assert!(!is_compact_jws("ey Jh.eyJw.c2ln"));
        assert!(is_identity_hash(&format!("sha256${}", "A".repeat(64))));
        assert!(is_identity_hash(&format!("md5${}", "0".repeat(32))));
        assert!(!is_identity_hash(&format!("sha1${}", "0".repeat(40))));
        assert!(!is_identity_hash("sha256$xyz"));
    }
}
