//! Bad input never panics: malformed JSON, wrong types at every position, duplicate keys and
//! nesting deeper than the limit, through `json::parse`, the typed model and `validate`.

#[allow(dead_code)]
#[path = "../examples/quickstart.rs"]
mod quickstart;

use openbadges::json::{self, JsonError, JsonLimits};
use openbadges::model::{AchievementCredential, AnyCredential, EndorsementCredential};
use openbadges::validate;
use serde_json::{Value, json};

fn fixture_bytes(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/fixtures/credentials/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn pointers(value: &Value, here: String, out: &mut Vec<String>) {
    match value {
        Value::Object(m) => {
            for (k, v) in m {
                let mut p = here.clone();
                json::push_pointer_token(&mut p, k);
                pointers(v, p, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                pointers(v, format!("{here}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(here);
}

fn deep(levels: usize) -> Value {
    let mut v = json!("bottom");
    for _ in 0..levels {
        v = json!({"nested": [v]});
    }
    v
}

/// Everything the crate offers for a JSON value; each must return, never panic.
fn exercise(value: &Value) -> validate::ValidationReport {
    let _ = AnyCredential::from_json(value);
    let _ = AchievementCredential::from_json(value);
    let _ = EndorsementCredential::from_json(value);
    let _ = validate::endorsement_credential(value);
    validate::credential(value)
}

#[test]
fn wrong_types_at_every_position_are_reported_not_panicked_on() {
    let bases = [
        quickstart::build_credential().unwrap().to_json(),
        json::parse(
            &fixture_bytes("ob3-spec__obv3p0__signed.json"),
            &JsonLimits::default(),
        )
        .unwrap(),
    ];
    let replacements = [
        Value::Null,
        json!(0),
        json!(-1.5),
        json!(""),
        json!("not a uri"),
        json!([]),
        json!([null]),
        json!({}),
        json!(true),
        deep(40),
    ];
    let mut runs = 0;
    for base in &bases {
        assert!(validate::credential(base).is_valid());
        let mut all = Vec::new();
        pointers(base, String::new(), &mut all);
        for pointer in &all {
            for replacement in &replacements {
                let mut doc = base.clone();
                if pointer.is_empty() {
                    doc = replacement.clone();
                } else {
                    *doc.pointer_mut(pointer).unwrap() = replacement.clone();
                }
                let report = exercise(&doc);
                runs += 1;
                // Replacing a value with a different JSON type of nothing is always reported
                // somewhere at or above that position (nulls, empty arrays, wrong types, missing fields).
                if matches!(replacement, Value::Null) || replacement == &json!([]) {
                    assert!(
                        !report.is_valid(),
                        "{pointer} := {replacement} was not reported"
                    );
                }
            }
        }
    }
    assert!(runs > 1000, "{runs}");
}

#[test]
fn every_truncation_and_byte_flip_of_a_credential_is_handled() {
    let bytes = fixture_bytes("ob3-spec__obv3p0__signed.json");
    let limits = JsonLimits::default();
    for end in 0..bytes.len() {
        let prefix = &bytes[..end];
        match json::parse(prefix, &limits) {
            Err(JsonError::Syntax { offset, .. }) => assert!(offset <= end),
            Err(other) => panic!("prefix {end}: unexpected {other:?}"),
            Ok(v) => panic!("prefix {end} parsed as {v}"),
        }
    }
    // Deterministic pseudo-random single-byte corruptions.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..2000 {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let mut corrupted = bytes.clone();
        let at = usize::try_from(state >> 33).unwrap() % corrupted.len();
        corrupted[at] = u8::try_from((state >> 8) & 0xff).unwrap();
        if let Ok(value) = json::parse(&corrupted, &limits) {
            exercise(&value);
        }
    }
}

#[test]
fn duplicate_keys_are_rejected_anywhere() {
    let cases = [
        (r#"{"id": "a", "id": "b"}"#, "id", "/id"),
        (
            r#"{"credentialSubject": {"achievement": {"name": "A", "name": "B"}}}"#,
            "name",
            "/credentialSubject/achievement/name",
        ),
        (
            r#"{"proof": [{}, {"proofValue": "z1", "proofValue": "z2"}]}"#,
            "proofValue",
            "/proof/1/proofValue",
        ),
    ];
    for (input, key, pointer) in cases {
        match json::parse(input.as_bytes(), &JsonLimits::default()) {
            Err(JsonError::DuplicateKey { key: k, pointer: p }) => {
                assert_eq!((k.as_str(), p.as_str()), (key, pointer));
            }
            other => panic!("{input}: {other:?}"),
        }
    }
}

#[test]
fn nesting_deeper_than_the_limit_is_a_typed_error() {
    let limits = JsonLimits::default();
    for depth in [129, 1_000, 100_000] {
        let mut text = String::from(r#"{"credentialSubject": "#);
        text.push_str(&"[".repeat(depth));
        text.push_str(&"]".repeat(depth));
        text.push('}');
        match json::parse(text.as_bytes(), &limits) {
            Err(JsonError::TooDeep { limit, pointer }) => {
                assert_eq!(limit, 128);
                assert!(pointer.starts_with("/credentialSubject/0/0"), "{pointer}");
            }
            other => panic!("depth {depth}: {other:?}"),
        }
    }
    // Objects count too, and a deep but allowed document validates (with problems, not panics).
    let doc = serde_json::to_vec(&json!({"credentialSubject": deep(60)})).unwrap();
    let value = json::parse(&doc, &limits).unwrap();
    assert!(!exercise(&value).is_valid());
    let doc = serde_json::to_vec(&json!({"credentialSubject": deep(70)})).unwrap();
    assert!(matches!(
        json::parse(&doc, &limits),
        Err(JsonError::TooDeep { .. })
    ));
}

#[test]
fn non_credential_json_values_are_reported() {
    for value in [
        json!(null),
        json!(1),
        json!("x"),
        json!([]),
        json!({}),
        json!({"type": 5, "@context": {}}),
    ] {
        assert!(!exercise(&value).is_valid(), "{value}");
    }
}

#[test]
fn the_deepest_accepted_document_is_handled_on_a_small_stack() {
    // The ceiling (512) is what a caller can configure at most; everything downstream of the
    // parser must cope with it on a 2 MiB test thread.
    let limits = JsonLimits {
        max_depth: usize::MAX,
        ..JsonLimits::default()
    };
    let mut doc = quickstart::build_credential().unwrap().to_json();
    doc["credentialSubject"]["achievement"]["x-deep"] = deep(254);
    let bytes = serde_json::to_vec(&doc).unwrap();
    let value = json::parse(&bytes, &limits).unwrap();
    let report = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || exercise(&value).is_valid())
        .unwrap()
        .join()
        .expect("no stack overflow");
    assert!(report, "an extension property, however deep, is allowed");
}
