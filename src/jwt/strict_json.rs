//! JSON parsing that rejects duplicate object members.
//!
//! `serde_json` keeps the last of two equal keys; another consumer may keep the
//! first, so a signed token could display differently in different tools.
//! Private to the JWT layer until the crate-wide strict parser lands.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// Why strict parsing failed.
pub(crate) enum StrictJsonError {
    /// Not JSON (message from serde_json, with line/column).
    Syntax(String),
    /// A repeated member `key` in the object at JSON Pointer `pointer`.
    Duplicate { key: String, pointer: String },
}

/// Where a duplicate was found; the pointer is built as the error unwinds, so
/// the success path allocates nothing extra.
#[derive(Default)]
struct DuplicateTrace {
    key: Option<String>,
    /// Pointer segments, innermost first.
    reversed_path: Vec<String>,
}

/// Parses `bytes` as one JSON value, rejecting duplicate object members.
pub(crate) fn parse(bytes: &[u8]) -> Result<Value, StrictJsonError> {
    let trace = RefCell::new(DuplicateTrace::default());
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let parsed = StrictSeed { trace: &trace }.deserialize(&mut deserializer);
    let value = match parsed {
        Ok(value) => deserializer.end().map(|()| value),
        Err(err) => Err(err),
    };
    value.map_err(|err| {
        let trace = trace.into_inner();
        match trace.key {
            Some(key) => {
                let pointer = trace
                    .reversed_path
                    .iter()
                    .rev()
                    .map(|segment| format!("/{}", escape_pointer(segment)))
                    .collect();
                StrictJsonError::Duplicate { key, pointer }
            }
            None => StrictJsonError::Syntax(err.to_string()),
        }
    })
}

fn escape_pointer(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

#[derive(Clone, Copy)]
struct StrictSeed<'a> {
    trace: &'a RefCell<DuplicateTrace>,
}

impl StrictSeed<'_> {
    /// Records one more enclosing path segment while a duplicate error unwinds.
    fn note_parent(&self, segment: impl FnOnce() -> String) {
        let mut trace = self.trace.borrow_mut();
        if trace.key.is_some() {
            trace.reversed_path.push(segment());
        }
    }
}

impl<'de> DeserializeSeed<'de> for StrictSeed<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrictSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // serde_json never yields a non-finite float, so `from_f64` succeeds.
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        loop {
            match seq.next_element_seed(self) {
                Ok(Some(item)) => items.push(item),
                Ok(None) => return Ok(Value::Array(items)),
                Err(err) => {
                    let index = items.len();
                    self.note_parent(|| index.to_string());
                    return Err(err);
                }
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            if map.contains_key(&key) {
                self.trace.borrow_mut().key = Some(key.clone());
                return Err(de::Error::custom(format_args!("duplicate member {key:?}")));
            }
            match access.next_value_seed(self) {
                Ok(value) => {
                    map.insert(key, value);
                }
                Err(err) => {
                    self.note_parent(|| key);
                    return Err(err);
                }
            }
        }
        Ok(Value::Object(map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_like_serde_json() {
        let text = br#"{"a":[1,-2,3.5,"x",null,true,{"b":{}}],"c":"d"}"#;
        let ours = parse(text).ok();
        let theirs: Value = serde_json::from_slice(text).ok().unwrap_or_default();
        assert_eq!(ours, Some(theirs));
    }

    #[test]
    fn reports_nested_duplicate_with_pointer() {
        match parse(br#"{"a":[0,{"b/c":{"k":1,"k":2}}]}"#) {
            Err(StrictJsonError::Duplicate { key, pointer }) => {
                assert_eq!(key, "k");
                assert_eq!(pointer, "/a/1/b~1c");
            }
            _ => panic!("duplicate not detected"),
        }
    }

    #[test]
    fn rejects_trailing_data_and_syntax_errors() {
        assert!(matches!(parse(b"{} x"), Err(StrictJsonError::Syntax(_))));
        assert!(matches!(
            parse(b"{\"a\":}"),
            Err(StrictJsonError::Syntax(_))
        ));
    }
}
