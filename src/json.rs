//! Strict JSON input for untrusted bytes.
//!
//! Every credential the crate reads from outside goes through [`parse`]. Compared with
//! `serde_json::from_slice` it adds what a signature-checking reader needs:
//!
//! - **duplicate object keys are rejected**: with a duplicate, one reader may display the first value
//!   while another signed the last one; what is displayed must be what was signed;
//! - **nesting depth is capped** by [`JsonLimits::max_depth`] (our own counter and our own error, not
//!   serde_json's built-in recursion guard);
//! - **input size is capped** by [`JsonLimits::max_bytes`] before any parsing starts;
//! - syntax errors carry the byte offset, line and column.
//!
//! ```
//! use openbadges::json::{self, JsonError, JsonLimits};
//!
//! let value = json::parse(br#"{"name": "Teamwork", "tags": ["a", "b"]}"#, &JsonLimits::default())?;
//! assert_eq!(value["name"], "Teamwork");
//!
//! let err = json::parse(br#"{"a": {"b": 1, "b": 2}}"#, &JsonLimits::default()).unwrap_err();
//! assert!(matches!(err, JsonError::DuplicateKey { ref key, ref pointer } if key == "b" && pointer == "/a/b"));
//! # Ok::<(), JsonError>(())
//! ```

use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// Limits applied by [`parse`]. Secure defaults through [`Default`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonLimits {
    /// Largest accepted input, in bytes. Default: [`JsonLimits::DEFAULT_MAX_BYTES`] (4 MiB).
    pub max_bytes: usize,
    /// Deepest accepted nesting of arrays and objects; the top-level value is depth 1 when it is
    /// an array or object. Default: [`JsonLimits::DEFAULT_MAX_DEPTH`] (128). Values above
    /// [`JsonLimits::MAX_DEPTH_CEILING`] are treated as the ceiling, so parsing never exhausts the stack.
    pub max_depth: usize,
}

impl JsonLimits {
    /// Default input size cap: 4 MiB, far above any real credential.
    pub const DEFAULT_MAX_BYTES: usize = 4 * 1024 * 1024;
    /// Default nesting cap: 128 levels (OB credentials use fewer than 15).
    pub const DEFAULT_MAX_DEPTH: usize = 128;
    /// Hard ceiling for `max_depth`: the parser recurses once per level, so this bounds stack use.
    pub const MAX_DEPTH_CEILING: usize = 512;

    fn effective_depth(&self) -> usize {
        self.max_depth.min(Self::MAX_DEPTH_CEILING)
    }
}

impl Default for JsonLimits {
    fn default() -> Self {
        JsonLimits {
            max_bytes: Self::DEFAULT_MAX_BYTES,
            max_depth: Self::DEFAULT_MAX_DEPTH,
        }
    }
}

/// Why [`parse`] rejected its input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JsonError {
    /// The input is larger than [`JsonLimits::max_bytes`].
    #[error("input is {size} bytes, more than the limit of {limit} bytes")]
    TooLarge {
        /// Input size in bytes.
        size: usize,
        /// The configured limit.
        limit: usize,
    },
    /// Arrays/objects are nested deeper than [`JsonLimits::max_depth`].
    #[error("JSON nesting deeper than {limit} levels at {pointer:?}")]
    TooDeep {
        /// The effective depth limit.
        limit: usize,
        /// JSON Pointer (RFC 6901) of the container that crossed the limit.
        pointer: String,
    },
    /// An object has the same key twice.
    #[error("duplicate object key {key:?} at {pointer:?}")]
    DuplicateKey {
        /// The repeated key.
        key: String,
        /// JSON Pointer (RFC 6901) of the repeated member.
        pointer: String,
    },
    /// The input is not well-formed JSON (or not UTF-8).
    #[error("invalid JSON at line {line}, column {column} (byte {offset}): {message}")]
    Syntax {
        /// What serde_json reported.
        message: String,
        /// 1-based line.
        line: usize,
        /// 1-based column (in bytes) within the line.
        column: usize,
        /// 0-based byte offset into the input.
        offset: usize,
    },
}

/// Parses untrusted JSON bytes into a [`serde_json::Value`] under `limits`, rejecting duplicate keys.
///
/// Object member order is preserved (serde_json's `preserve_order`).
///
/// ```
/// use openbadges::json::{parse, JsonError, JsonLimits};
///
/// let limits = JsonLimits { max_depth: 2, ..JsonLimits::default() };
/// assert!(parse(b"[[1]]", &limits).is_ok());
/// assert!(matches!(parse(b"[[[1]]]", &limits), Err(JsonError::TooDeep { limit: 2, .. })));
/// assert!(matches!(parse(b"{\"a\":", &limits), Err(JsonError::Syntax { line: 1, .. })));
/// ```
pub fn parse(bytes: &[u8], limits: &JsonLimits) -> Result<Value, JsonError> {
    if bytes.len() > limits.max_bytes {
        return Err(JsonError::TooLarge {
            size: bytes.len(),
            limit: limits.max_bytes,
        });
    }
    let mut state = State {
        max_depth: limits.effective_depth(),
        depth: 0,
        failure: None,
        staging: Staging::spare(),
    };
    let mut de = serde_json::Deserializer::from_slice(bytes);
    // Our own depth counter (State) replaces serde_json's fixed 128 guard.
    de.disable_recursion_limit();
    let result = StrictSeed { state: &mut state }.deserialize(&mut de);
    std::mem::take(&mut state.staging).keep();
    let value = match result {
        Ok(value) => value,
        Err(err) => return Err(state.into_error().unwrap_or_else(|| syntax(&err, bytes))),
    };
    de.end().map_err(|err| syntax(&err, bytes))?;
    Ok(value)
}

/// The kind of a JSON value with its article ("a string", "an object", "null"), for error messages.
pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Appends `/` and `token` escaped per RFC 6901 (`~` → `~0`, `/` → `~1`) to a JSON Pointer.
///
/// ```
/// let mut pointer = String::new();
/// openbadges::json::push_pointer_token(&mut pointer, "a/b~c");
/// assert_eq!(pointer, "/a~1b~0c");
/// ```
pub fn push_pointer_token(pointer: &mut String, token: &str) {
    pointer.reserve(token.len() + 1);
    pointer.push('/');
    // Most tokens are plain keys and indexes: one copy, no per-character pushes.
    if !token.contains(['~', '/']) {
        pointer.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// Appends `/` and an array index to a JSON Pointer (no escaping, no temporary string).
pub(crate) fn push_pointer_index(pointer: &mut String, index: usize) {
    pointer.push('/');
    pointer.push_str(itoa::Buffer::new().format(index));
}

fn syntax(err: &serde_json::Error, bytes: &[u8]) -> JsonError {
    // serde_json says column 0 at the end of input after a newline (and for empty input);
    // columns here are 1-based, as documented.
    let (line, column) = (err.line().max(1), err.column().max(1));
    JsonError::Syntax {
        message: strip_position(&err.to_string()),
        line,
        column,
        offset: byte_offset(bytes, line, column),
    }
}

/// serde_json appends " at line L column C"; we report those as fields instead.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

fn byte_offset(bytes: &[u8], line: usize, column: usize) -> usize {
    let mut line_start = 0;
    let mut current = 1;
    for (i, b) in bytes.iter().enumerate() {
        if current >= line {
            break;
        }
        if *b == b'\n' {
            current += 1;
            line_start = i + 1;
        }
    }
    (line_start + column.saturating_sub(1)).min(bytes.len())
}

/// What went wrong deep inside, recorded where it happened; the path is filled in while unwinding.
enum Failure {
    TooDeep,
    DuplicateKey(String),
}

/// Objects with more members than this are read into a map as they come (each key is checked
/// against those before it: a scan up to here, a hash lookup past it).
const MEMBERS_STAGED_AT_MOST: usize = 16;

struct State {
    max_depth: usize,
    depth: usize,
    failure: Option<(Failure, Vec<String>)>,
    staging: Staging,
}

/// The members read so far of the objects still open, innermost last, and likewise the items of
/// the open arrays: a container's children move into an allocation of exactly their number when
/// it closes, instead of being reallocated (and, for maps, rehashed) as it grows child by child.
#[derive(Default)]
struct Staging {
    members: Vec<(String, Value)>,
    items: Vec<Value>,
}

/// The most children a staging the thread keeps has room for: ample for a credential; a staging
/// that grew larger is freed rather than held.
const KEPT_STAGING: usize = 256;

std::thread_local! {
    /// The thread's staging, kept between inputs: growing it afresh for each input allocated
    /// blocks of a kilobyte and more, which glibc's allocator serves by first consolidating its
    /// free small blocks (slower than the allocations it saved).
    static SPARE_STAGING: std::cell::RefCell<Option<Staging>> = const { std::cell::RefCell::new(None) };
}

impl Staging {
    fn spare() -> Staging {
        SPARE_STAGING
            .try_with(|spare| spare.borrow_mut().take())
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    /// Keeps this staging, emptied, for the thread's next input (unless it grew large).
    fn keep(mut self) {
        if self.members.capacity() > KEPT_STAGING || self.items.capacity() > KEPT_STAGING {
            return;
        }
        self.members.clear();
        self.items.clear();
        let _ = SPARE_STAGING.try_with(|spare| *spare.borrow_mut() = Some(self));
    }
}

impl State {
    fn fail<E: de::Error>(&mut self, failure: Failure, path: Vec<String>) -> E {
        self.failure = Some((failure, path));
        E::custom("strict JSON check failed")
    }

    /// Called by a container after a child failed: records the child's key on the way up.
    fn add_segment(&mut self, segment: impl FnOnce() -> String) {
        if let Some((_, path)) = self.failure.as_mut() {
            path.push(segment());
        }
    }

    fn into_error(self) -> Option<JsonError> {
        let (failure, mut path) = self.failure?;
        path.reverse();
        let pointer = path.iter().fold(String::new(), |mut out, segment| {
            push_pointer_token(&mut out, segment);
            out
        });
        Some(match failure {
            Failure::TooDeep => JsonError::TooDeep {
                limit: self.max_depth,
                pointer,
            },
            Failure::DuplicateKey(key) => JsonError::DuplicateKey { key, pointer },
        })
    }

    fn enter<E: de::Error>(&mut self) -> Result<(), E> {
        self.depth += 1;
        if self.depth > self.max_depth {
            return Err(self.fail(Failure::TooDeep, Vec::new()));
        }
        Ok(())
    }
}

struct StrictSeed<'a> {
    state: &'a mut State,
}

impl<'de> DeserializeSeed<'de> for StrictSeed<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(StrictVisitor { state: self.state })
    }
}

struct StrictVisitor<'a> {
    state: &'a mut State,
}

impl<'de> Visitor<'de> for StrictVisitor<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // serde_json never hands out non-finite floats, so `from_f64` always succeeds here.
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

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.state.enter()?;
        let first = self.state.staging.items.len();
        loop {
            match seq.next_element_seed(StrictSeed { state: self.state }) {
                Ok(Some(item)) => self.state.staging.items.push(item),
                Ok(None) => break,
                Err(err) => {
                    let index = self.state.staging.items.len() - first;
                    self.state.add_segment(|| index.to_string());
                    return Err(err);
                }
            }
        }
        self.state.depth -= 1;
        Ok(Value::Array(
            self.state.staging.items.drain(first..).collect(),
        ))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        self.state.enter()?;
        let first = self.state.staging.members.len();
        while let Some(key) = access.next_key::<String>()? {
            if self.state.staging.members[first..]
                .iter()
                .any(|(seen, _)| *seen == key)
            {
                return Err(self
                    .state
                    .fail(Failure::DuplicateKey(key.clone()), vec![key]));
            }
            match access.next_value_seed(StrictSeed { state: self.state }) {
                Ok(value) => self.state.staging.members.push((key, value)),
                Err(err) => {
                    self.state.add_segment(|| key);
                    return Err(err);
                }
            }
            if self.state.staging.members.len() - first == MEMBERS_STAGED_AT_MOST {
                let mut map = Map::with_capacity(2 * MEMBERS_STAGED_AT_MOST);
                map.extend(self.state.staging.members.drain(first..));
                return self.rest_of_map(map, access);
            }
        }
        self.state.depth -= 1;
        let mut map = Map::with_capacity(self.state.staging.members.len() - first);
        // The keys are distinct: each insertion adds a member.
        map.extend(self.state.staging.members.drain(first..));
        Ok(Value::Object(map))
    }
}

impl StrictVisitor<'_> {
    /// The members of a large object after the first [`MEMBERS_STAGED_AT_MOST`], read into its
    /// map as they come.
    fn rest_of_map<'de, A: MapAccess<'de>>(
        self,
        mut map: Map<String, Value>,
        mut access: A,
    ) -> Result<Value, A::Error> {
        while let Some(key) = access.next_key::<String>()? {
            // One hash of the key for both the duplicate check and the insertion.
            let slot = match map.entry(key) {
                serde_json::map::Entry::Vacant(slot) => slot,
                serde_json::map::Entry::Occupied(taken) => {
                    let key = taken.key().clone();
                    return Err(self
                        .state
                        .fail(Failure::DuplicateKey(key.clone()), vec![key]));
                }
            };
            match access.next_value_seed(StrictSeed { state: self.state }) {
                Ok(value) => {
                    slot.insert(value);
                }
                Err(err) => {
                    let key = slot.key().clone();
                    self.state.add_segment(|| key);
                    return Err(err);
                }
            }
        }
        self.state.depth -= 1;
        Ok(Value::Object(map))
    }
}

/// The strings of a one-or-many JSON value (`"a"` or `["a", "b"]`; other items are skipped).
pub(crate) fn strings(value: Option<&Value>) -> Vec<&str> {
    match value {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(depth: usize) -> Vec<u8> {
        let mut s = "[".repeat(depth);
        s.push_str(&"]".repeat(depth));
        s.into_bytes()
    }

    #[test]
    fn accepts_exactly_the_limit() {
        let limits = JsonLimits::default();
        assert!(parse(&nested(128), &limits).is_ok());
        let err = parse(&nested(129), &limits).unwrap_err();
        assert!(
            matches!(err, JsonError::TooDeep { limit: 128, .. }),
            "{err:?}"
        );
    }

    #[test]
    fn ceiling_bounds_huge_limits_without_overflowing_the_stack() {
        let limits = JsonLimits {
            max_depth: usize::MAX,
            ..JsonLimits::default()
        };
        let err = parse(&nested(100_000), &limits).unwrap_err();
        assert!(
            matches!(err, JsonError::TooDeep { limit: 512, .. }),
            "{err:?}"
        );
        assert!(parse(&nested(512), &limits).is_ok());
    }

    #[test]
    fn too_deep_pointer_names_the_path() {
        let limits = JsonLimits {
            max_depth: 3,
            ..JsonLimits::default()
        };
        let err = parse(br#"{"a/b": [0, {"~k": []}]}"#, &limits).unwrap_err();
        assert_eq!(
            err,
            JsonError::TooDeep {
                limit: 3,
                pointer: "/a~1b/1/~0k".into()
            }
        );
    }

    #[test]
    fn duplicate_key_at_top_and_in_arrays() {
        let limits = JsonLimits::default();
        let err = parse(br#"{"id": 1, "id": 2}"#, &limits).unwrap_err();
        assert_eq!(
            err,
            JsonError::DuplicateKey {
                key: "id".into(),
                pointer: "/id".into()
            }
        );
        let err = parse(br#"{"x": [{}, {"k": 1, "k": 1}]}"#, &limits).unwrap_err();
        assert_eq!(
            err,
            JsonError::DuplicateKey {
                key: "k".into(),
                pointer: "/x/1/k".into()
            }
        );
        // Same key in sibling objects is fine.
        assert!(parse(br#"[{"k": 1}, {"k": 2}]"#, &limits).is_ok());
    }

    #[test]
    fn escaped_duplicate_is_still_a_duplicate() {
        let err = parse(br#"{"a": 1, "\u0061": 2}"#, &JsonLimits::default()).unwrap_err();
        assert!(matches!(err, JsonError::DuplicateKey { ref key, .. } if key == "a"));
    }

    #[test]
    fn syntax_errors_carry_positions() {
        let input = b"{\n  \"a\": [1,,2]\n}";
        let err = parse(input, &JsonLimits::default()).unwrap_err();
        match err {
            JsonError::Syntax {
                line,
                column,
                offset,
                ..
            } => {
                assert_eq!((line, column), (2, 11));
                assert_eq!(input[offset], b',', "{offset}");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            parse(b"{} x", &JsonLimits::default()),
            Err(JsonError::Syntax { .. })
        ));
        assert!(matches!(
            parse(b"", &JsonLimits::default()),
            Err(JsonError::Syntax { .. })
        ));
        assert!(matches!(
            parse(b"\"\xff\"", &JsonLimits::default()),
            Err(JsonError::Syntax { .. })
        ));
    }

    #[test]
    fn size_cap() {
        let limits = JsonLimits {
            max_bytes: 4,
            ..JsonLimits::default()
        };
        assert!(parse(b"[1] ", &limits).is_ok());
        assert_eq!(
            parse(b"[1,2]", &limits),
            Err(JsonError::TooLarge { size: 5, limit: 4 })
        );
    }

    #[test]
    fn values_match_serde_json() {
        let input = br#"{"b": [1, -2, 3.5, 1e400000000000000000000000], "a": null, "c": true}"#;
        // serde_json rejects the overflowing float; so do we.
        assert!(parse(input, &JsonLimits::default()).is_err());
        let input = br#"{"b": [1, -2, 3.5, 18446744073709551615], "a": null, "c": "\u00e9"}"#;
        let ours = parse(input, &JsonLimits::default()).unwrap();
        let theirs: Value = serde_json::from_slice(input).unwrap();
        assert_eq!(ours, theirs);
        let keys: Vec<_> = ours.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["b", "a", "c"]);
    }

    /// An object of `members` members `k0`…, each value an array holding an object with one
    /// member and a nested array, and `extra` appended raw.
    fn wide_object(members: usize, extra: &str) -> String {
        let mut text = String::from("{");
        for i in 0..members {
            text.push_str(&format!(r#""k{i}": [{{"n": {i}}}, [{i}, []]], "#));
        }
        text.push_str(extra);
        text.push_str(r#""last": {}}"#);
        text
    }

    #[test]
    fn objects_and_arrays_of_every_size_read_as_serde_json_reads_them_in_order() {
        let limits = JsonLimits::default();
        for members in [0, 1, 15, 16, 17, 40] {
            let text = wide_object(members, "");
            let ours = parse(text.as_bytes(), &limits).unwrap();
            let theirs: Value = serde_json::from_str(&text).unwrap();
            // Serialized, so that member order counts too.
            assert_eq!(ours.to_string(), theirs.to_string(), "{members} members");
            assert_eq!(ours.as_object().unwrap().len(), members + 1);
        }
    }

    #[test]
    fn duplicates_are_found_among_the_first_members_and_past_them() {
        let limits = JsonLimits::default();
        for members in [3, 16, 17, 40] {
            let text = wide_object(members, r#""k2": 0, "#);
            assert_eq!(
                parse(text.as_bytes(), &limits),
                Err(JsonError::DuplicateKey {
                    key: "k2".into(),
                    pointer: "/k2".into()
                }),
                "{members} members"
            );
        }
        let text = format!(r#"{{"a": [1, 2, {}]}}"#, wide_object(20, r#""k19": 1, "#));
        assert_eq!(
            parse(text.as_bytes(), &limits),
            Err(JsonError::DuplicateKey {
                key: "k19".into(),
                pointer: "/a/2/k19".into()
            })
        );
    }

    #[test]
    fn an_input_that_fails_midway_leaves_nothing_for_the_next() {
        let limits = JsonLimits {
            max_depth: 4,
            ..JsonLimits::default()
        };
        let err = parse(br#"{"a": 1, "b": [2, 3, {"c": [[4]]}]}"#, &limits).unwrap_err();
        assert_eq!(
            err,
            JsonError::TooDeep {
                limit: 4,
                pointer: "/b/2/c/0".into()
            }
        );
        assert!(parse(br#"{"x": [1, "#, &limits).is_err());
        let value = parse(br#"{"d": [5, {"e": 6}]}"#, &limits).unwrap();
        assert_eq!(value, serde_json::json!({"d": [5, {"e": 6}]}));
    }
}
