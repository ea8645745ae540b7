//! Building blocks shared by every class: single-or-array values, timestamps, language strings,
//! `@context` entries.

use std::fmt;

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use serde::de::{DeserializeOwned, Deserializer, Error as _};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

/// Converts an already-buffered JSON value into `T`, mapping the error into the caller's deserializer.
pub(crate) fn from_value<'de, T: DeserializeOwned, D: Deserializer<'de>>(
    value: Value,
) -> Result<T, D::Error> {
    T::deserialize(value).map_err(D::Error::custom)
}

/// A property that JSON may hold as one value or as an array, remembering which form it came in so
/// that it serializes back the same way.
///
/// ```
/// use openbadges::model::OneOrMany;
///
/// let one: OneOrMany<String> = serde_json::from_str(r#""Profile""#).unwrap();
/// let many: OneOrMany<String> = serde_json::from_str(r#"["Profile"]"#).unwrap();
/// assert_eq!(one.as_slice(), many.as_slice());
/// assert_eq!(serde_json::to_string(&many).unwrap(), r#"["Profile"]"#);
/// assert!(one.contains(&"Profile".to_string()));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum OneOrMany<T> {
    /// A single value, written without brackets.
    One(T),
    /// An array (possibly of one item).
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    /// The values as a slice, whichever form they came in.
    pub fn as_slice(&self) -> &[T] {
        match self {
            OneOrMany::One(v) => std::slice::from_ref(v),
            OneOrMany::Many(v) => v,
        }
    }

    /// Iterates over the values.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.as_slice().iter()
    }

    /// Number of values.
    pub fn len(&self) -> usize {
        self.as_slice().len()
    }

    /// True for an empty array.
    pub fn is_empty(&self) -> bool {
        self.as_slice().is_empty()
    }

    /// The first value, if any.
    pub fn first(&self) -> Option<&T> {
        self.as_slice().first()
    }

    /// Appends a value; a single value becomes an array.
    pub fn push(&mut self, value: T) {
        let old = std::mem::replace(self, OneOrMany::Many(Vec::new()));
        let mut items = old.into_vec();
        items.push(value);
        *self = OneOrMany::Many(items);
    }

    /// The values as a vector.
    pub fn into_vec(self) -> Vec<T> {
        match self {
            OneOrMany::One(v) => vec![v],
            OneOrMany::Many(v) => v,
        }
    }

    /// True when the value came as a JSON array.
    pub fn is_array(&self) -> bool {
        matches!(self, OneOrMany::Many(_))
    }
}

impl<T: PartialEq> OneOrMany<T> {
    /// True when one of the values equals `value`.
    pub fn contains(&self, value: &T) -> bool {
        self.as_slice().contains(value)
    }
}

impl OneOrMany<String> {
    /// True when one of the strings equals `value` (handy for `type` sets).
    pub fn contains_str(&self, value: &str) -> bool {
        self.iter().any(|v| v == value)
    }

    /// An array of strings (the form builders emit for `type`).
    pub fn strings<const N: usize>(values: [&str; N]) -> Self {
        OneOrMany::Many(values.iter().map(|v| (*v).to_owned()).collect())
    }
}

impl<T> Default for OneOrMany<T> {
    /// An empty array.
    fn default() -> Self {
        OneOrMany::Many(Vec::new())
    }
}

impl<T> From<T> for OneOrMany<T> {
    fn from(value: T) -> Self {
        OneOrMany::One(value)
    }
}

impl<T> From<Vec<T>> for OneOrMany<T> {
    fn from(values: Vec<T>) -> Self {
        OneOrMany::Many(values)
    }
}

impl<'a, T> IntoIterator for &'a OneOrMany<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T: Serialize> Serialize for OneOrMany<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            OneOrMany::One(v) => v.serialize(serializer),
            OneOrMany::Many(v) => v.serialize(serializer),
        }
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Decided on the JSON shape, not by trial: an array is always the `Many` form.
        match Value::deserialize(deserializer)? {
            Value::Array(items) => items
                .into_iter()
                .map(from_value::<T, D>)
                .collect::<Result<Vec<_>, _>>()
                .map(OneOrMany::Many),
            other => from_value::<T, D>(other).map(OneOrMany::One),
        }
    }
}

/// Why a timestamp string could not be read as a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{value:?} is not an RFC 3339 date-time with a time zone (YYYY-MM-DDThh:mm:ss[.f](Z|±hh:mm))"
)]
pub struct TimestampError {
    /// The offending text.
    pub value: String,
}

/// A `DateTimeZ` property (`validFrom`, `awardedDate`, …): the original text is kept verbatim (it
/// is part of what was signed); [`Timestamp::to_datetime`] parses it on demand.
///
/// ```
/// use openbadges::model::Timestamp;
///
/// let t = Timestamp::new("2024-05-01T09:30:00+02:00");
/// assert_eq!(t.to_datetime().unwrap().to_rfc3339(), "2024-05-01T07:30:00+00:00");
/// assert!(Timestamp::new("2024-05-01").to_datetime().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(String);

impl Timestamp {
    /// Wraps a timestamp string as given (not checked; see [`Timestamp::to_datetime`]).
    pub fn new(text: impl Into<String>) -> Self {
        Timestamp(text.into())
    }

    /// The original text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Parses the text strictly as a `DateTimeZ` and converts it to UTC.
    pub fn to_datetime(&self) -> Result<DateTime<Utc>, TimestampError> {
        self.to_fixed_offset().map(|d| d.with_timezone(&Utc))
    }

    /// Parses the text strictly as a `DateTimeZ`, keeping its offset.
    pub fn to_fixed_offset(&self) -> Result<DateTime<FixedOffset>, TimestampError> {
        parse_date_time_z(&self.0).ok_or_else(|| TimestampError {
            value: self.0.clone(),
        })
    }
}

impl From<DateTime<Utc>> for Timestamp {
    /// Formats as `YYYY-MM-DDThh:mm:ssZ` (fractional seconds only when present).
    fn from(value: DateTime<Utc>) -> Self {
        Timestamp(value.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Strict `DateTimeZ`: `YYYY-MM-DDThh:mm:ss(.f+)?(Z|±hh:mm)`, upper-case `T`/`Z` (as XSD dateTime
/// and the VC data model's regex), then checked as a real calendar date by chrono.
pub(crate) fn parse_date_time_z(text: &str) -> Option<DateTime<FixedOffset>> {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b.get(range)
            .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
    };
    let shape_ok = b.len() >= 20
        && digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10)
        && b.get(10) == Some(&b'T')
        && digits(11..13)
        && b.get(13) == Some(&b':')
        && digits(14..16)
        && b.get(16) == Some(&b':')
        && digits(17..19);
    if !shape_ok {
        return None;
    }
    let mut rest = &b[19..];
    if rest.first() == Some(&b'.') {
        let fraction = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if fraction == 0 {
            return None;
        }
        rest = &rest[1 + fraction..];
    }
    let zone_ok = rest == b"Z"
        || (rest.len() == 6
            && (rest[0] == b'+' || rest[0] == b'-')
            && rest[1..3].iter().all(u8::is_ascii_digit)
            && rest[3] == b':'
            && rest[4..6].iter().all(u8::is_ascii_digit));
    if !zone_ok {
        return None;
    }
    DateTime::parse_from_rfc3339(text).ok()
}

/// One `{"@value", "@language", "@direction"}` object of a VC 2.0 language-tagged string.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LanguageValue {
    /// The text.
    #[serde(rename = "@value")]
    pub value: String,
    /// BCP 47 language tag.
    #[serde(rename = "@language", default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Base direction (`ltr` / `rtl`).
    #[serde(
        rename = "@direction",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub direction: Option<String>,
    /// Other members, kept for round trips.
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

/// A human-readable string property (`name`, `description`): OB 3.0 writes a plain string; VC 2.0
/// also allows one or several language-tagged values.
///
/// ```
/// use openbadges::model::Text;
///
/// let plain: Text = "Teamwork".into();
/// let tagged: Text = serde_json::from_str(r#"[{"@value":"Chien","@language":"fr"}]"#).unwrap();
/// assert_eq!(plain.as_str(), "Teamwork");
/// assert_eq!(tagged.as_str(), "Chien");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Text {
    /// A plain JSON string.
    Plain(String),
    /// Language-tagged value(s).
    Localized(OneOrMany<LanguageValue>),
}

impl Text {
    /// The plain string, or the first language value's text.
    pub fn as_str(&self) -> &str {
        match self {
            Text::Plain(s) => s,
            Text::Localized(values) => values.first().map_or("", |v| v.value.as_str()),
        }
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::String(s) => Ok(Text::Plain(s)),
            other => from_value::<_, D>(other).map(Text::Localized),
        }
    }
}

impl From<&str> for Text {
    fn from(value: &str) -> Self {
        Text::Plain(value.to_owned())
    }
}

impl From<String> for Text {
    fn from(value: String) -> Self {
        Text::Plain(value)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One `@context` entry: a context URL or an inline context object.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ContextEntry {
    /// A context URL.
    Uri(String),
    /// An inline context definition.
    Inline(Map<String, Value>),
}

impl ContextEntry {
    /// The URL, for a URL entry.
    pub fn as_uri(&self) -> Option<&str> {
        match self {
            ContextEntry::Uri(u) => Some(u),
            ContextEntry::Inline(_) => None,
        }
    }
}

impl<'de> Deserialize<'de> for ContextEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::String(s) => Ok(ContextEntry::Uri(s)),
            Value::Object(m) => Ok(ContextEntry::Inline(m)),
            other => Err(D::Error::custom(format!(
                "an @context entry must be a URL string or an object, found {other}"
            ))),
        }
    }
}

impl From<&str> for ContextEntry {
    fn from(value: &str) -> Self {
        ContextEntry::Uri(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_time_z_shapes() {
        for ok in [
            "2010-01-01T00:00:00Z",
            "2010-01-01T00:00:00.123Z",
            "2010-01-01T00:00:00+05:30",
            "2010-01-01T00:00:00-00:00",
        ] {
            assert!(parse_date_time_z(ok).is_some(), "{ok}");
        }
        for bad in [
            "2010-01-01",
            "2010-01-01T00:00:00",
            "2010-01-01 00:00:00Z",
            "2010-01-01t00:00:00z",
            "2010-02-30T00:00:00Z",
            "2010-01-01T00:00:00.Z",
            "2010-01-01T00:00:00+0530",
            "2010-01-01T25:00:00Z",
            "",
        ] {
            assert!(parse_date_time_z(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn one_or_many_push_turns_one_into_many() {
        let mut v = OneOrMany::One(1);
        v.push(2);
        assert_eq!(v, OneOrMany::Many(vec![1, 2]));
    }
}
