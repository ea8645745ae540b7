//! Cache keys for inline (and scoped) `@context` values.
//!
//! A key is the value's RFC 8785 (JCS) form, so equal contexts share one processed entry whatever
//! their member order. The bytes never leave the crate: `rdf:JSON` literals and Data Integrity
//! hashing use [`crate::jcs`].
//!
//! Why a second writer instead of [`crate::jcs`]: a key is computed every time an inline context is
//! processed, which is on the expansion hot path, and `serde_json_canonicalizer` (behind
//! `crate::jcs`) measured 3-4x slower for it (release build, same `serde_json`: an OB-like scoped
//! context 13-18 µs vs 60-66 µs, a two-term context 1.2-1.5 µs vs 3.9-4.2 µs). The writer also
//! stops at a depth bound, which the crate JCS has no reason to carry. The unit test below holds
//! both writers to the same output.

use serde_json::{Number, Value};

/// Nesting bound for a key; deeper contexts get a never-matching marker (context processing
/// rejects such input anyway).
const MAX_KEY_DEPTH: usize = 256;

/// JCS canonical form of `v`, or `None` if nested deeper than `max_depth`.
fn canonical(v: &Value, max_depth: usize) -> Option<String> {
    let mut out = String::new();
    write(v, &mut out, max_depth)?;
    Some(out)
}

/// Cache key of a context value: canonical JSON, or a never-matching marker
/// for absurdly deep input (which context processing rejects anyway).
pub(crate) fn cache_key(v: &Value) -> String {
    canonical(v, MAX_KEY_DEPTH).unwrap_or_else(|| "\u{0}too-deep".to_owned())
}

/// A cache key with its hash, both computed once: a scoped context's key
/// (kilobytes for an OB type) is looked up every time the context applies.
#[derive(Debug)]
pub(crate) struct CacheKey {
    pub text: String,
    pub hash: u64,
}

impl CacheKey {
    pub fn of(v: &Value) -> Self {
        use std::hash::BuildHasher;
        static HASHER: std::sync::OnceLock<foldhash::fast::RandomState> =
            std::sync::OnceLock::new();
        let text = cache_key(v);
        let hash = HASHER.get_or_init(Default::default).hash_one(&text);
        CacheKey { text, hash }
    }
}

fn write(v: &Value, out: &mut String, depth: usize) -> Option<()> {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&number(n)),
        Value::String(s) => string(s, out),
        Value::Array(a) => {
            let d = depth.checked_sub(1)?;
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(x, out, d)?;
            }
            out.push(']');
        }
        Value::Object(m) => {
            let d = depth.checked_sub(1)?;
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                string(k, out);
                out.push(':');
                write(m.get(k.as_str())?, out, d)?;
            }
            out.push('}');
        }
    }
    Some(())
}

fn string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// ECMAScript `Number::toString` of a JSON number.
fn number(n: &Number) -> String {
    if let Some(i) = n.as_i64() {
        if i.unsigned_abs() <= (1u64 << 53) {
            return i.to_string();
        }
    } else if let Some(u) = n.as_u64() {
        if u <= (1u64 << 53) {
            return u.to_string();
        }
    }
    es_number(n.as_f64().unwrap_or(0.0))
}

/// ECMAScript `Number::toString(x)` for a finite double.
fn es_number(x: f64) -> String {
    if x == 0.0 {
        return "0".into();
    }
    if !x.is_finite() {
        return "null".into();
    }
    let neg = x < 0.0;
    // Rust's `{:e}` gives the shortest round-trip digits.
    let e = format!("{:e}", x.abs());
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let digits: String = mant.chars().filter(char::is_ascii_digit).collect();
    let k = digits.len() as i64;
    let n = exp.parse::<i64>().unwrap_or(0) + 1;
    let mut s = String::new();
    if neg {
        s.push('-');
    }
    if k <= n && n <= 21 {
        s.push_str(&digits);
        s.extend(std::iter::repeat_n('0', (n - k) as usize));
    } else if 0 < n && n <= 21 {
        s.push_str(&digits[..n as usize]);
        s.push('.');
        s.push_str(&digits[n as usize..]);
    } else if -6 < n && n <= 0 {
        s.push_str("0.");
        s.extend(std::iter::repeat_n('0', (-n) as usize));
        s.push_str(&digits);
    } else {
        s.push_str(&digits[..1]);
        if k > 1 {
            s.push('.');
            s.push_str(&digits[1..]);
        }
        s.push('e');
        s.push(if n > 0 { '+' } else { '-' });
        s.push_str(&(n - 1).abs().to_string());
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn es_numbers() {
        for (x, s) in [
            (1.0, "1"),
            (0.5, "0.5"),
            (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (1.5e-7, "1.5e-7"),
            (0.000001, "0.000001"),
            (-2.25, "-2.25"),
            (123.456, "123.456"),
        ] {
            assert_eq!(es_number(x), s);
        }
    }

    #[test]
    fn sorted_keys_and_escapes() {
        let v = serde_json::json!({"b": [1, "x\n"], "a": {"\u{e9}": true, "z": null}});
        assert_eq!(
            canonical(&v, 10).as_deref(),
            Some("{\"a\":{\"z\":null,\"\u{e9}\":true},\"b\":[1,\"x\\n\"]}")
        );
        assert_eq!(canonical(&v, 1), None);
    }

    #[test]
    fn keys_agree_with_the_crate_jcs() {
        let deep = (0..300).fold(serde_json::json!(1), |v, _| serde_json::json!([v]));
        for v in [
            serde_json::json!({"@version": 1.1, "ex": "http://example.org/", "b": {"@id": "ex:b", "@container": "@set"}}),
            serde_json::json!([
                1e21,
                1e-7,
                -0.0,
                5e-324,
                9007199254740993u64,
                -12,
                0.1,
                "\u{1f}\u{20ac}\u{10437}"
            ]),
            serde_json::json!({"\u{e9}": 1, "z": 2, "\u{10437}": 3, "\u{fb33}": 4}),
        ] {
            assert_eq!(Some(cache_key(&v)), crate::jcs::to_string(&v).ok());
        }
        assert_eq!(cache_key(&deep), "\u{0}too-deep");
    }
}
