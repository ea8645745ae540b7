//! RFC 8785 JSON Canonicalization Scheme (JCS).
//!
//! Object members are sorted by their UTF-16 code units, strings use the minimal escaping of
//! ECMAScript `JSON.stringify`, and numbers are written as ECMAScript `Number.prototype.toString`
//! writes the IEEE 754 double they denote (`1e+21`, `1e-7`, `5e-324`, `-0` → `0`; integers beyond
//! 2^53 are rounded to the nearest double first, as I-JSON requires).
//!
//! The writer is the crate's own, over `serde_json::Value`, and the crate's only one (JSON-LD
//! context cache keys use it too); numbers are formatted by `ryu-js`, made for exactly
//! ECMAScript's `Number::toString`. It replaced `serde_json_canonicalizer` (which, like
//! `serde_jcs`, also reproduces every vector in `fixtures/jcs`: RFC 8785's examples and
//! Appendix B number table, cyberphone's test data, extra number edge cases checked against a
//! JavaScript engine) because that crate's `Serialize` path measured 3-4× slower on the same
//! `Value`s (release build: an OB-like context 13-18 µs vs 60-66 µs, a two-term context 1.2-1.5 µs
//! vs 3.9-4.2 µs), and canonicalization is on the `eddsa-jcs-2022` sign/verify and JSON-LD
//! context hot paths. It also refuses values nested deeper than [`MAX_DEPTH`] instead of recursing
//! without bound.
//!
//! ```
//! let value = serde_json::json!({"b": [1.0, 1e21, 1e-7], "a": "\u{20ac}"});
//! assert_eq!(
//!     openbadges::jcs::to_string(&value)?,
//!     r#"{"a":"€","b":[1,1e+21,1e-7]}"#
//! );
//! # Ok::<(), openbadges::jcs::JcsError>(())
//! ```

use std::fmt::Write as _;
use std::io;

use serde_json::{Map, Number, Value};

/// Deepest nesting of arrays and objects canonicalized; deeper values are an error.
pub const MAX_DEPTH: usize = 512;

/// Canonicalization failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum JcsError {
    /// Arrays and objects nest deeper than [`MAX_DEPTH`].
    #[error("value nests deeper than {limit} arrays or objects")]
    TooDeep {
        /// The bound.
        limit: usize,
    },
    /// Writing the output failed.
    #[error("writing canonical JSON failed: {0}")]
    Io(#[from] io::Error),
}

/// The canonical form of `value` as a string.
pub fn to_string(value: &Value) -> Result<String, JcsError> {
    let mut out = String::new();
    write_bounded(value, &mut out, MAX_DEPTH).ok_or(JcsError::TooDeep { limit: MAX_DEPTH })?;
    Ok(out)
}

/// The canonical form of `value` as UTF-8 bytes (what Data Integrity hashes).
pub fn to_vec(value: &Value) -> Result<Vec<u8>, JcsError> {
    to_string(value).map(String::into_bytes)
}

/// Writes the canonical form of `value` to `writer`.
pub fn to_writer<W: io::Write>(value: &Value, mut writer: W) -> Result<(), JcsError> {
    writer.write_all(to_string(value)?.as_bytes())?;
    Ok(())
}

/// The canonical form of the object `members` without its member `left_out` (a secured document
/// without its `proof`), read in place.
pub(crate) fn object_without_to_vec(
    members: &Map<String, Value>,
    left_out: &str,
) -> Result<Vec<u8>, JcsError> {
    let mut out = String::new();
    write_object(members, Some(left_out), &mut out, MAX_DEPTH)
        .ok_or(JcsError::TooDeep { limit: MAX_DEPTH })?;
    Ok(out.into_bytes())
}

/// Appends the canonical form of `value` to `out`; `None` (with `out` partly written) when arrays
/// and objects nest deeper than `depth`.
pub(crate) fn write_bounded(value: &Value, out: &mut String, depth: usize) -> Option<()> {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => number(n, out),
        Value::String(s) => string(s, out),
        Value::Array(items) => {
            let depth = depth.checked_sub(1)?;
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_bounded(item, out, depth)?;
            }
            out.push(']');
        }
        Value::Object(members) => write_object(members, None, out, depth)?,
    }
    Some(())
}

fn write_object(
    members: &Map<String, Value>,
    left_out: Option<&str>,
    out: &mut String,
    depth: usize,
) -> Option<()> {
    let depth = depth.checked_sub(1)?;
    let mut sorted: Vec<(&String, &Value)> = members
        .iter()
        .filter(|(key, _)| Some(key.as_str()) != left_out)
        .collect();
    sorted.sort_unstable_by(|a, b| utf16_order(a.0, b.0));
    out.push('{');
    for (i, (key, value)) in sorted.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        string(key, out);
        out.push(':');
        write_bounded(value, out, depth)?;
    }
    out.push('}');
    Some(())
}

/// Member names sort by their UTF-16 code units; for ASCII (nearly every name) that is byte order.
fn utf16_order(a: &str, b: &str) -> std::cmp::Ordering {
    if a.is_ascii() && b.is_ascii() {
        a.cmp(b)
    } else {
        a.encode_utf16().cmp(b.encode_utf16())
    }
}

/// A JSON string with ECMAScript `JSON.stringify`'s minimal escaping, unescaped runs copied whole.
fn string(s: &str, out: &mut String) {
    out.push('"');
    let mut start = 0;
    for (i, byte) in s.bytes().enumerate() {
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            0x0c => "\\f",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        // Escaped bytes are ASCII, so `start..i` always lies on character boundaries.
        out.push_str(s.get(start..i).unwrap_or_default());
        if escape.is_empty() {
            let _ = write!(out, "\\u{byte:04x}");
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(s.get(start..).unwrap_or_default());
    out.push('"');
}

/// ECMAScript `Number::toString` of a JSON number (integers beyond 2^53 as the double they denote).
fn number(n: &Number, out: &mut String) {
    const EXACT: u64 = 1 << 53;
    if let Some(i) = n.as_i64().filter(|i| i.unsigned_abs() <= EXACT) {
        let _ = write!(out, "{i}");
    } else if let Some(u) = n.as_u64().filter(|u| *u <= EXACT) {
        let _ = write!(out, "{u}");
    } else {
        es_number(n.as_f64().unwrap_or(0.0), out);
    }
}

/// ECMAScript `Number::toString(x)` for a finite double (`-0` is `0`).
fn es_number(x: f64, out: &mut String) {
    if x.is_finite() {
        out.push_str(ryu_js::Buffer::new().format_finite(x));
    } else {
        // Unreachable for a `serde_json::Number`, which is always finite.
        out.push_str("null");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(v: &Value) -> String {
        to_string(v).unwrap_or_default()
    }

    #[test]
    fn es_numbers() {
        for (x, expected) in [
            (1.0, "1"),
            (0.5, "0.5"),
            (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (1.5e-7, "1.5e-7"),
            (0.000001, "0.000001"),
            (-2.25, "-2.25"),
            (123.456, "123.456"),
            (-0.0, "0"),
            (5e-324, "5e-324"),
        ] {
            let mut out = String::new();
            es_number(x, &mut out);
            assert_eq!(out, expected);
        }
    }

    #[test]
    fn sorted_keys_and_escapes() {
        let v = serde_json::json!({"b": [1, "x\n\u{1}\"\\"], "a": {"\u{e9}": true, "z": null}});
        assert_eq!(
            canonical(&v),
            "{\"a\":{\"z\":null,\"\u{e9}\":true},\"b\":[1,\"x\\n\\u0001\\\"\\\\\"]}"
        );
    }

    #[test]
    fn member_names_sort_by_utf16_code_units() {
        // U+10437 (a surrogate pair, D801 DC37) sorts before U+FB33 in UTF-16, after it in UTF-8.
        let v = serde_json::json!({"\u{fb33}": 1, "\u{10437}": 2, "z": 3});
        assert_eq!(canonical(&v), "{\"z\":3,\"\u{10437}\":2,\"\u{fb33}\":1}");
    }

    #[test]
    fn deep_values_are_an_error_not_a_stack_overflow() {
        let deep = (0..MAX_DEPTH).fold(serde_json::json!(1), |v, _| serde_json::json!([v]));
        assert!(to_string(&deep).is_ok());
        let deeper = serde_json::json!([deep]);
        assert!(matches!(
            to_string(&deeper),
            Err(JcsError::TooDeep { limit: MAX_DEPTH })
        ));
    }

    #[test]
    fn left_out_member_is_as_if_absent() {
        let v = serde_json::json!({"b": 1, "proof": {"x": 2}, "a": [3]});
        let Value::Object(members) = &v else {
            unreachable!("an object literal")
        };
        let mut without = members.clone();
        without.remove("proof");
        assert_eq!(
            object_without_to_vec(members, "proof").ok(),
            to_vec(&Value::Object(without)).ok()
        );
    }
}
