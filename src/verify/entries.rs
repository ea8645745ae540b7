//! Where the credentials of a presentation or of an Open Badges API response are: in the parsed
//! document, or located in the raw input before it is parsed. Both ways follow one rule (the
//! members read, their order, the [`MAX_PRESENTED`] cap, the JSON Pointers), so that a
//! credential located early is the one the document holds at the same pointer.

use serde_json::Value;
#[cfg(feature = "parallel")]
use serde_json::value::RawValue;

use super::presentation::Submission;
use crate::validate;

/// At most this many presented credentials are verified (a wallet shares a handful; thousands
/// are a denial of service, not a portfolio).
pub(super) const MAX_PRESENTED: usize = 64;

const PRESENTED: (&str, &str) = ("verifiableCredential", "/verifiableCredential");

/// The credentials of an API response: its `compactJwsStrings`, then its `credential` entries.
const RESPONSE_MEMBERS: [(&str, &str); 2] = [
    ("compactJwsStrings", "/compactJwsStrings"),
    ("credential", "/credential"),
];

/// What a JSON object is, from the members that decide it: typed a presentation; or untyped
/// with `compactJwsStrings` or `credential` arrays (an API response); otherwise a credential.
pub(super) fn classify_members(
    type_: Option<&Value>,
    jws_is_array: bool,
    credential_is_array: bool,
) -> Submission {
    match type_ {
        Some(t) if validate::is_presentation_type(t) => Submission::Presentation,
        None if jws_is_array || credential_is_array => Submission::CredentialsResponse,
        _ => Submission::Credential,
    }
}

/// How many credentials `document` (a `kind`) holds to verify.
pub(super) fn count(document: &Value, kind: Submission) -> usize {
    match kind {
        Submission::Presentation => match document.get(PRESENTED.0) {
            Some(Value::Array(items)) => items.len().min(MAX_PRESENTED),
            Some(_) => 1,
            None => 0,
        },
        Submission::CredentialsResponse => RESPONSE_MEMBERS
            .iter()
            .map(|(key, _)| {
                document
                    .get(key)
                    .and_then(Value::as_array)
                    .map_or(0, Vec::len)
            })
            .sum(),
        Submission::Credential => 0,
    }
}

/// The `i`th credential of `document` (a `kind`) with its JSON Pointer.
pub(super) fn entry(document: &Value, kind: Submission, i: usize) -> Option<(String, &Value)> {
    match kind {
        Submission::Presentation => match document.get(PRESENTED.0)? {
            Value::Array(items) => items
                .get(i)
                .filter(|_| i < MAX_PRESENTED)
                .map(|entry| (pointer(PRESENTED.1, Some(i)), entry)),
            single => (i == 0).then(|| (pointer(PRESENTED.1, None), single)),
        },
        Submission::CredentialsResponse => {
            let mut i = i;
            for (key, base) in RESPONSE_MEMBERS {
                let items = document.get(key).and_then(Value::as_array);
                let len = items.map_or(0, Vec::len);
                if i < len {
                    return items
                        .and_then(|items| items.get(i))
                        .map(|entry| (pointer(base, Some(i)), entry));
                }
                i -= len;
            }
            None
        }
        Submission::Credential => None,
    }
}

fn pointer(base: &str, index: Option<usize>) -> String {
    match index {
        Some(i) => format!("{base}/{i}"),
        None => base.to_owned(),
    }
}

/// The credentials of a submission located in its raw JSON, each with its JSON Pointer and its
/// bytes.
#[cfg(feature = "parallel")]
pub(super) struct Located<'a> {
    pub(super) kind: Submission,
    pub(super) entries: Vec<(String, &'a RawValue)>,
}

#[cfg(feature = "parallel")]
impl Located<'_> {
    /// Whether these are the credentials `document` (a `kind`) holds, one for one.
    pub(super) fn agrees(&self, document: &Value, kind: Submission) -> bool {
        self.kind == kind
            && self.entries.len() == count(document, kind)
            && self
                .entries
                .iter()
                .enumerate()
                .all(|(i, (at, _))| entry(document, kind, i).is_some_and(|(p, _)| p == *at))
    }
}

/// The members of a JSON object that decide what it is and where its credentials are; the rest
/// is skipped without being built.
#[cfg(feature = "parallel")]
#[derive(serde::Deserialize)]
struct Members<'a> {
    #[serde(rename = "type")]
    type_: Option<Value>,
    #[serde(borrow, rename = "verifiableCredential")]
    presented: Option<&'a RawValue>,
    #[serde(borrow, rename = "compactJwsStrings")]
    jws: Option<&'a RawValue>,
    #[serde(borrow)]
    credential: Option<&'a RawValue>,
}

/// Locates the credentials of the presentation or API response `text`, without parsing the
/// rest. `None` when `text` is not a JSON object (or not well-formed, or has a member twice) or
/// is neither a presentation nor a response: what it is then is told by the full parse.
#[cfg(feature = "parallel")]
pub(super) fn locate(text: &str) -> Option<Located<'_>> {
    if !text.trim_start().starts_with('{') {
        return None;
    }
    let members: Members<'_> = serde_json::from_str(text).ok()?;
    let is_array = |raw: Option<&RawValue>| raw.is_some_and(|r| r.get().starts_with('['));
    let kind = classify_members(
        members.type_.as_ref(),
        is_array(members.jws),
        is_array(members.credential),
    );
    let mut entries = Vec::new();
    match kind {
        Submission::Presentation => match members.presented {
            Some(raw) if raw.get().starts_with('[') => {
                let items: Vec<&RawValue> = serde_json::from_str(raw.get()).ok()?;
                entries.extend(
                    items
                        .into_iter()
                        .take(MAX_PRESENTED)
                        .enumerate()
                        .map(|(i, item)| (pointer(PRESENTED.1, Some(i)), item)),
                );
            }
            Some(raw) => entries.push((pointer(PRESENTED.1, None), raw)),
            None => {}
        },
        Submission::CredentialsResponse => {
            for ((_, base), raw) in RESPONSE_MEMBERS
                .iter()
                .zip([members.jws, members.credential])
            {
                let Some(raw) = raw.filter(|r| r.get().starts_with('[')) else {
                    continue;
                };
                let items: Vec<&RawValue> = serde_json::from_str(raw.get()).ok()?;
                entries.extend(
                    items
                        .into_iter()
                        .enumerate()
                        .map(|(i, item)| (pointer(base, Some(i)), item)),
                );
            }
        }
        Submission::Credential => return None,
    }
    Some(Located { kind, entries })
}

#[cfg(all(test, feature = "parallel"))]
mod tests {
    use super::*;
    use serde_json::json;

    /// What the document says, entry by entry: pointer and JSON.
    fn from_document(text: &str) -> (Submission, Vec<(String, Value)>) {
        let document: Value = serde_json::from_str(text).expect("JSON");
        let kind = super::super::presentation::classify_json(&document);
        let entries = (0..count(&document, kind))
            .map(|i| {
                let (pointer, entry) = entry(&document, kind, i).expect("entry");
                (pointer, entry.clone())
            })
            .collect();
        (kind, entries)
    }

    fn located(text: &str) -> Option<(Submission, Vec<(String, Value)>)> {
        let located = locate(text)?;
        let document: Value = serde_json::from_str(text).expect("JSON");
        let kind = super::super::presentation::classify_json(&document);
        assert_eq!(located.agrees(&document, kind), located.kind == kind);
        let entries = located
            .entries
            .iter()
            .map(|(pointer, raw)| {
                let entry: Value = serde_json::from_str(raw.get()).expect("entry JSON");
                (pointer.clone(), entry)
            })
            .collect();
        Some((located.kind, entries))
    }

    #[test]
    fn credentials_located_in_the_raw_input_are_the_documents() {
        let many: Vec<Value> = (0..70).map(|i| json!({ "n": i })).collect();
        for document in [
            json!({"type": ["VerifiablePresentation"], "verifiableCredential": [{"a": 1}, "eyJ.x.y", {"type": "EnvelopedVerifiableCredential", "id": "data:application/vc+jwt,eyJ.a.b"}]}),
            json!({"type": "VerifiablePresentation", "verifiableCredential": {"single": true}}),
            json!({"type": "VerifiablePresentation"}),
            json!({"type": "VerifiablePresentation", "verifiableCredential": []}),
            json!({"type": ["VerifiablePresentation"], "verifiableCredential": many}),
            json!({"compactJwsStrings": ["a.b.c", "d.e.f"], "credential": [{"x": 1}]}),
            json!({"credential": [{"x": 1}, {"y": [1, 2, {"z": null}]}]}),
            json!({"compactJwsStrings": "not an array", "credential": [{"x": 1}]}),
        ] {
            for text in [
                serde_json::to_string(&document).expect("text"),
                serde_json::to_string_pretty(&document).expect("text"),
            ] {
                assert_eq!(located(&text), Some(from_document(&text)), "{text}");
            }
        }
        // At most MAX_PRESENTED of a presentation's credentials.
        let text = serde_json::to_string(
            &json!({"type": "VerifiablePresentation", "verifiableCredential": many}),
        )
        .expect("text");
        assert_eq!(locate(&text).expect("located").entries.len(), MAX_PRESENTED);
        // A member name written with an escape is the same member.
        let escaped =
            r#"{"type": "VerifiablePresentation", "verifiable\u0043redential": [{"a": 1}]}"#;
        assert_eq!(located(escaped), Some(from_document(escaped)));
    }

    #[test]
    fn what_is_not_located_is_left_to_the_document() {
        for text in [
            r#"[{"type": "VerifiablePresentation"}]"#,
            r#"{"type": ["VerifiableCredential"], "verifiableCredential": [{"a": 1}]}"#,
            r#"{"type": "VerifiablePresentation", "verifiableCredential": [{"a": 1}"#,
            r#"{"type": "VerifiablePresentation", "type": "VerifiablePresentation"}"#,
            "not JSON",
        ] {
            assert!(locate(text).is_none(), "{text}");
        }
    }

    #[test]
    fn a_located_plan_that_differs_from_the_document_does_not_agree() {
        // `null` reads as absent in the scan but is one entry of the document.
        let text = r#"{"type": "VerifiablePresentation", "verifiableCredential": null}"#;
        let document: Value = serde_json::from_str(text).expect("JSON");
        let plan = locate(text).expect("located");
        assert!(!plan.agrees(&document, Submission::Presentation));
        // `"type": null` makes the document a credential, the scan a response.
        let text = r#"{"type": null, "credential": [{"x": 1}]}"#;
        let document: Value = serde_json::from_str(text).expect("JSON");
        let kind = super::super::presentation::classify_json(&document);
        assert_eq!(kind, Submission::Credential);
        let plan = locate(text).expect("located");
        assert!(!plan.agrees(&document, kind));
    }
}
