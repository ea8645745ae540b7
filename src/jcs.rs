//! RFC 8785 JSON Canonicalization Scheme (JCS).
//!
//! Object members are sorted by their UTF-16 code units, strings use the minimal escaping of
//! ECMAScript `JSON.stringify`, and numbers are written as ECMAScript `Number.prototype.toString`
//! writes the IEEE 754 double they denote (`1e+21`, `1e-7`, `5e-324`, `-0` → `0`; integers beyond
//! 2^53 are rounded to the nearest double first, as I-JSON requires).
//!
//! The work is done by the `serde_json_canonicalizer` crate, adopted after it reproduced every
//! vector in `fixtures/jcs` (RFC 8785's examples and Appendix B number table, cyberphone's test
//! data, extra number edge cases checked against a JavaScript engine); `serde_jcs` 0.2 passed too
//! and would be an equal replacement. This module keeps the crate behind a small typed API so the
//! backend can change without touching callers.
//!
//! ```
//! let value = serde_json::json!({"b": [1.0, 1e21, 1e-7], "a": "\u{20ac}"});
//! assert_eq!(
//!     openbadges::jcs::to_string(&value)?,
//!     r#"{"a":"€","b":[1,1e+21,1e-7]}"#
//! );
//! # Ok::<(), openbadges::jcs::JcsError>(())
//! ```

use std::io;

use serde_json::Value;

/// Canonicalization failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum JcsError {
    /// The value cannot be canonicalized (a non-finite number, which a parsed `Value` never holds).
    #[error("value cannot be canonicalized: {0}")]
    Value(String),
    /// Writing the output failed.
    #[error("writing canonical JSON failed: {0}")]
    Io(#[from] io::Error),
}

impl From<serde_json::Error> for JcsError {
    fn from(error: serde_json::Error) -> Self {
        if error.is_io() {
            JcsError::Io(io::Error::from(error))
        } else {
            JcsError::Value(error.to_string())
        }
    }
}

/// The canonical form of `value` as a string.
pub fn to_string(value: &Value) -> Result<String, JcsError> {
    Ok(serde_json_canonicalizer::to_string(value)?)
}

/// The canonical form of `value` as UTF-8 bytes (what Data Integrity hashes). Any `Serialize`
/// value that serializes as JSON does (a `serde_json::Value`, or a view of one).
pub fn to_vec<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, JcsError> {
    Ok(serde_json_canonicalizer::to_vec(value)?)
}

/// Writes the canonical form of `value` to `writer`.
pub fn to_writer<W: io::Write>(value: &Value, mut writer: W) -> Result<(), JcsError> {
    Ok(serde_json_canonicalizer::to_writer(value, &mut writer)?)
}
