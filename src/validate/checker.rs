//! The checking machinery every rule layer shares: a [`Validator`] that collects problems, and
//! its primitives (required/optional properties with cardinality, strings, URIs, dates, `type`).

use serde_json::{Map, Value};

use super::{
    Problem, ProblemCode, Severity, ValidationReport, child, index_child, is_absolute_uri,
    is_http_url, type_members,
};
use crate::json::{self, push_pointer_token};
use crate::model::{is_valid_extension, parse_date_time_z};

#[derive(Default)]
pub(super) struct Validator {
    pub(super) problems: Vec<Problem>,
    /// The caller already expanded the document (without `proof`) cleanly in safe mode, so the
    /// JSON-LD term checks cannot find anything and are skipped.
    pub(super) expanded_cleanly: bool,
    /// The credentials a presentation embeds are verified on their own (with their own
    /// conformance verdict), so the presentation's rules skip the credential-level ones.
    pub(super) credentials_judged_apart: bool,
}

/// The values of a property, each with its pointer: most properties have one, kept inline.
pub(super) type Found<'a> = smallvec::SmallVec<[(String, &'a Value); 1]>;

/// How many values a property may hold.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Card {
    /// [0..1] / [1]: one value, not an array.
    Single,
    /// [0..*] / [1..*]: an array (a lone value is a cardinality error).
    Array,
    /// Compactable properties (`proof`, `credentialSchema`, `termsOfUse`): either form.
    Either,
}

impl Validator {
    /// The report; a problem two layers both found (same code, pointer and severity: a
    /// `null` the VC layer and the Open Badges "no nulls" rule both see) is listed once.
    pub(super) fn finish(self) -> ValidationReport {
        let mut seen = std::collections::HashSet::new();
        let problems = self
            .problems
            .into_iter()
            .filter(|p| seen.insert((p.code, p.severity, p.pointer.clone())))
            .collect();
        ValidationReport { problems }
    }

    pub(super) fn report(&mut self, code: ProblemCode, pointer: &str, message: impl Into<String>) {
        self.problems.push(Problem {
            code,
            severity: Severity::Error,
            pointer: pointer.to_owned(),
            message: message.into(),
        });
    }

    pub(super) fn warn(&mut self, code: ProblemCode, pointer: &str, message: impl Into<String>) {
        self.problems.push(Problem {
            code,
            severity: Severity::Warning,
            pointer: pointer.to_owned(),
            message: message.into(),
        });
    }

    /// Nulls and empty arrays anywhere in the document (Spec §Serialization: they MUST be omitted).
    pub(super) fn nulls_and_empty_arrays(&mut self, value: &Value) {
        // Most documents have none: one scan finds that out without building a pointer per
        // member; only a document with one is walked again to name where.
        if has_null_or_empty_array(value) {
            self.report_nulls_and_empty_arrays(value, &mut String::new());
        }
    }

    fn report_nulls_and_empty_arrays(&mut self, value: &Value, pointer: &mut String) {
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
                    json::push_pointer_index(pointer, i);
                    self.report_nulls_and_empty_arrays(item, pointer);
                    pointer.truncate(len);
                }
            }
            Value::Object(map) => {
                for (key, item) in map {
                    let len = pointer.len();
                    push_pointer_token(pointer, key);
                    self.report_nulls_and_empty_arrays(item, pointer);
                    pointer.truncate(len);
                }
            }
            _ => {}
        }
    }

    pub(super) fn object<'a>(
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
    pub(super) fn required<'a>(
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
    pub(super) fn values<'a>(
        &mut self,
        value: &'a Value,
        pointer: String,
        card: Card,
        key: &str,
    ) -> Found<'a> {
        match value {
            Value::Null => Found::new(),
            Value::Array(items) => {
                if card == Card::Single {
                    self.report(
                        ProblemCode::Cardinality,
                        &pointer,
                        format!("`{key}` holds a single value, not an array"),
                    );
                }
                items
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(i, v)| (index_child(&pointer, i), v))
                    .collect()
            }
            single => {
                if card == Card::Array {
                    self.report(
                        ProblemCode::Cardinality,
                        &pointer,
                        format!("`{key}` must be an array"),
                    );
                }
                smallvec::smallvec![(pointer, single)]
            }
        }
    }

    /// Optional property: values with pointers (empty when absent).
    pub(super) fn optional<'a>(
        &mut self,
        obj: &'a Map<String, Value>,
        pointer: &str,
        key: &str,
        card: Card,
    ) -> Found<'a> {
        match obj.get(key) {
            None => Found::new(),
            Some(v) => self.values(v, child(pointer, key), card, key),
        }
    }

    pub(super) fn string<'a>(&mut self, value: &'a Value, pointer: &str) -> Option<&'a str> {
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

    pub(super) fn opt_strings(&mut self, obj: &Map<String, Value>, pointer: &str, keys: &[&str]) {
        for key in keys {
            for (p, v) in self.optional(obj, pointer, key, Card::Single) {
                self.string(v, &p);
            }
        }
    }

    /// A string or language-value object(s) (`name`, `description`).
    pub(super) fn text(&mut self, value: &Value, pointer: &str) {
        let language_values: Vec<(String, &Map<String, Value>)> = match value {
            Value::String(_) | Value::Null => return,
            Value::Object(m) => vec![(pointer.to_owned(), m)],
            Value::Array(items) if items.iter().all(Value::is_object) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| Some((index_child(pointer, i), item.as_object()?)))
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

    pub(super) fn texts(
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

    pub(super) fn uri(&mut self, value: &Value, pointer: &str) -> Option<String> {
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

    pub(super) fn url(&mut self, value: &Value, pointer: &str) {
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

    pub(super) fn required_uri(
        &mut self,
        obj: &Map<String, Value>,
        pointer: &str,
        key: &str,
        class: &str,
    ) -> Option<String> {
        let v = self.required(obj, pointer, key, class)?;
        self.values(v, child(pointer, key), Card::Single, key)
            .first()
            .and_then(|(p, v)| self.uri(v, p))
    }

    pub(super) fn optional_uri(
        &mut self,
        obj: &Map<String, Value>,
        pointer: &str,
        key: &str,
    ) -> Option<String> {
        self.optional(obj, pointer, key, Card::Single)
            .first()
            .and_then(|(p, v)| self.uri(v, p))
    }

    pub(super) fn date_time_z(
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

    pub(super) fn optional_date(
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
    pub(super) fn types(
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

    /// `type`, when present and well-formed (the VC layer reports otherwise), includes one of
    /// `group`.
    pub(super) fn type_includes(
        &mut self,
        obj: &Map<String, Value>,
        pointer: &str,
        group: &[&str],
        class: &str,
    ) {
        let Some(value) = obj.get("type") else {
            return;
        };
        let well_formed = match value {
            Value::String(_) => true,
            Value::Array(items) => items.iter().all(Value::is_string),
            _ => false,
        };
        if well_formed && !type_members(value).any(|m| group.contains(&m)) {
            self.report(
                ProblemCode::BadType,
                &child(pointer, "type"),
                format!("{class} `type` must include {}", group.join(" or ")),
            );
        }
    }

    /// `type` that must be exactly one string (`Image`, `IdentityObject`, `IdentifierEntry`).
    pub(super) fn exact_type(&mut self, obj: &Map<String, Value>, pointer: &str, name: &str) {
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

    pub(super) fn closed_class(
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

    pub(super) fn enumeration(
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

    pub(super) fn optional_enum(
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

    pub(super) fn number(&mut self, obj: &Map<String, Value>, pointer: &str, key: &str) {
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
}

/// Whether `value` holds a null or an empty array anywhere.
fn has_null_or_empty_array(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(items) => items.is_empty() || items.iter().any(has_null_or_empty_array),
        Value::Object(map) => map.values().any(has_null_or_empty_array),
        _ => false,
    }
}
