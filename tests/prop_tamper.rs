//! Property tests over generated credentials signed with every Data Integrity suite: changing,
//! adding or removing any single leaf makes the credential `Forged`; reformatting whitespace or
//! reordering object keys never does. Case counts are small so the file runs in seconds.

mod verify_support;

use openbadges::verify::{Outcome, Verifier, VerifyOptions};
use proptest::prelude::*;
use serde_json::{Map, Value, json};
use verify_support::*;

const SUITES: [Suite; 3] = [Suite::Rdfc, Suite::Jcs, Suite::Ed2020];

fn outcome(bytes: &[u8]) -> Outcome {
    Verifier::new(VerifyOptions::new(now()))
        .verify(bytes)
        .outcome()
}

/// A badge with generated name, description, tags and credits.
fn generated(name: &str, description: &str, tags: &[String], credits: u32) -> Value {
    let mut credential = badge(&did(&key(7)));
    let achievement = &mut credential["credentialSubject"]["achievement"];
    achievement["name"] = name.into();
    achievement["description"] = description.into();
    achievement["tag"] = tags.iter().map(|t| Value::from(t.as_str())).collect();
    achievement["creditsAvailable"] = credits.into();
    credential
}

/// Text a stranger might type: letters (with precomposed accents), digits, spaces, symbols.
fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 éüßЖ漢😀'\"\\\\<>&.,-]{1,24}"
}

/// One change to one leaf of the achievement.
#[derive(Debug, Clone)]
enum Change {
    Name(String),
    /// The name with its first `é` written decomposed (`e` + U+0301): same text to a reader,
    /// other bytes to a signature.
    Decompose,
    Credits,
    AddTag(String),
    RemoveTag,
    RemoveDescription,
    /// Swaps two tags: array order is signed under JCS only (RDF has no order for plain arrays).
    SwapTags,
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        text().prop_map(Change::Name),
        Just(Change::Decompose),
        Just(Change::Credits),
        text().prop_map(Change::AddTag),
        Just(Change::RemoveTag),
        Just(Change::RemoveDescription),
        Just(Change::SwapTags),
    ]
}

/// Applies `change`; `None` when it would change nothing (or nothing the suite signs).
fn apply(signed: &Value, change: &Change, suite: Suite) -> Option<Value> {
    let mut tampered = signed.clone();
    let achievement = tampered["credentialSubject"]["achievement"].as_object_mut()?;
    match change {
        Change::Name(name) => {
            if achievement["name"] == *name {
                return None;
            }
            achievement.insert("name".into(), name.as_str().into());
        }
        Change::Decompose => {
            let name = achievement["name"].as_str()?.to_owned();
            if !name.contains('é') {
                return None;
            }
            achievement.insert("name".into(), name.replacen('é', "e\u{301}", 1).into());
        }
        Change::Credits => {
            let credits = achievement["creditsAvailable"].as_u64()?;
            achievement.insert("creditsAvailable".into(), (credits + 1).into());
        }
        Change::AddTag(tag) => {
            let tags = achievement["tag"].as_array_mut()?;
            if tags.iter().any(|t| t == tag.as_str()) {
                return None;
            }
            tags.push(tag.as_str().into());
        }
        Change::RemoveTag => {
            let tags = achievement["tag"].as_array_mut()?;
            let removed = tags.pop()?;
            // RDF has sets: removing one of two equal tags changes no triple.
            if suite != Suite::Jcs && tags.contains(&removed) {
                return None;
            }
        }
        Change::RemoveDescription => {
            achievement.shift_remove("description")?;
        }
        Change::SwapTags => {
            if suite != Suite::Jcs {
                return None;
            }
            let tags = achievement["tag"].as_array_mut()?;
            if tags.len() < 2 || tags[0] == tags[1] {
                return None;
            }
            tags.swap(0, 1);
        }
    }
    Some(tampered)
}

/// Every object's keys in reverse order (the proof's too), recursively.
fn reorder(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut out = Map::new();
            for (k, v) in map.iter().rev() {
                out.insert(k.clone(), reorder(v));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(reorder).collect()),
        other => other.clone(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn any_single_leaf_change_is_forged(
        name in text(),
        description in text(),
        tags in proptest::collection::vec(text(), 2..4),
        credits in 1u32..1000,
        change in change(),
    ) {
        // Make a precomposed é likely present for `Decompose`.
        let name = format!("{name} é");
        let credential = generated(&name, &description, &tags, credits);
        for suite in SUITES {
            let signed = sign(&credential, suite, &key(7));
            prop_assert_eq!(outcome(&to_bytes(&signed)), Outcome::Verified);
            if let Some(tampered) = apply(&signed, &change, suite) {
                prop_assert_eq!(
                    outcome(&to_bytes(&tampered)),
                    Outcome::Forged,
                    "{:?} with {:?}", change, suite
                );
            }
        }
    }

    #[test]
    fn whitespace_and_key_order_never_matter(
        name in text(),
        tags in proptest::collection::vec(text(), 1..3),
        credits in 1u32..1000,
        indent in 0usize..4,
    ) {
        let credential = generated(&name, "Adds fractions.", &tags, credits);
        for suite in SUITES {
            let signed = sign(&credential, suite, &key(7));
            let reordered = reorder(&signed);
            let compact = serde_json::to_vec(&reordered).unwrap();
            let mut pretty = Vec::new();
            let spaces = b" ".repeat(indent);
            let formatter = serde_json::ser::PrettyFormatter::with_indent(&spaces);
            let mut serializer = serde_json::Serializer::with_formatter(&mut pretty, formatter);
            serde::Serialize::serialize(&reordered, &mut serializer).unwrap();
            prop_assert_eq!(outcome(&compact), Outcome::Verified, "{:?}", suite);
            prop_assert_eq!(outcome(&pretty), Outcome::Verified, "{:?}", suite);
        }
    }
}

/// The generator's badge verifies as built (guards the properties against a vacuous setup).
#[test]
fn generated_badge_verifies() {
    let credential = generated("Fractions é", "Adds.", &["a".into(), "b".into()], 3);
    assert_eq!(
        credential["credentialSubject"]["achievement"]["tag"],
        json!(["a", "b"])
    );
    for suite in SUITES {
        assert_eq!(
            outcome(&to_bytes(&sign(&credential, suite, &key(7)))),
            Outcome::Verified
        );
    }
}
