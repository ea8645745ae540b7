//! Shared by the tamper tests: every single-step mutation of a JSON document.

use serde_json::{Value, json};

/// Every JSON Pointer in `value`, the root included.
fn pointers(value: &Value, prefix: String, out: &mut Vec<String>) {
    out.push(prefix.clone());
    match value {
        Value::Object(members) => {
            for (key, child) in members {
                let escaped = key.replace('~', "~0").replace('/', "~1");
                pointers(child, format!("{prefix}/{escaped}"), out);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                pointers(child, format!("{prefix}/{index}"), out);
            }
        }
        _ => {}
    }
}

fn altered_leaf(leaf: &Value) -> Option<Value> {
    Some(match leaf {
        Value::String(s) => Value::String(format!("{s}x")),
        Value::Number(n) => json!(n.as_f64().unwrap_or_default() + 1.0),
        Value::Bool(b) => Value::Bool(!b),
        Value::Null => json!(0),
        Value::Object(_) | Value::Array(_) => return None,
    })
}

fn parent_and_key(pointer: &str) -> Option<(&str, String)> {
    let (parent, last) = pointer.rsplit_once('/')?;
    Some((parent, last.replace("~1", "/").replace("~0", "~")))
}

/// All mutations of `signed`, each with a description.
pub fn mutations(signed: &Value) -> Vec<(String, Value)> {
    let mut all = Vec::new();
    pointers(signed, String::new(), &mut all);
    let mut out = Vec::new();
    for pointer in &all {
        let target = signed.pointer(pointer).expect("pointer exists");
        if let Some(new) = altered_leaf(target) {
            let mut doc = signed.clone();
            *doc.pointer_mut(pointer).expect("exists") = new;
            out.push((format!("alter {pointer}"), doc));
        }
        match target {
            Value::Object(_) => {
                let mut doc = signed.clone();
                doc.pointer_mut(pointer)
                    .and_then(Value::as_object_mut)
                    .expect("object")
                    .insert("tampered".into(), json!(true));
                out.push((format!("add property to {pointer:?}"), doc));
            }
            Value::Array(items) => {
                let mut doc = signed.clone();
                doc.pointer_mut(pointer)
                    .and_then(Value::as_array_mut)
                    .expect("array")
                    .insert(0, json!("tampered"));
                out.push((format!("prepend to {pointer}"), doc));
                if let Some(first) = items.first() {
                    let mut doc = signed.clone();
                    doc.pointer_mut(pointer)
                        .and_then(Value::as_array_mut)
                        .expect("array")
                        .push(first.clone());
                    out.push((format!("duplicate first of {pointer}"), doc));
                }
            }
            _ => {}
        }
        if let Some((parent, key)) = parent_and_key(pointer) {
            let mut doc = signed.clone();
            match doc.pointer_mut(parent).expect("parent") {
                Value::Object(members) => {
                    members.shift_remove(&key);
                }
                Value::Array(items) => {
                    items.remove(key.parse::<usize>().expect("index"));
                }
                _ => unreachable!("a parent is a container"),
            }
            out.push((format!("remove {pointer}"), doc));
        }
    }
    out
}
