//! The expanded document as Expansion produces it and toRdf consumes it.
//!
//! A `serde_json::Value` tree made every value object a hash map with owned
//! keys and copied strings, and toRdf then re-hashed and re-allocated every
//! IRI. This tree instead borrows scalars and strings from the input document
//! ([`Ex::Doc`], [`Text::Borrowed`]), shares IRIs with the processed contexts
//! ([`Text::Shared`], [`Text::Iri`]: an `Arc` clone) and keeps objects as
//! small insertion-ordered vectors. [`Ex::to_value`] gives the public
//! `serde_json` form back.

use std::hash::{Hash, Hasher};
use std::ops::Deref;

use serde_json::{Map, Number, Value};

use crate::rdf::Str;

/// A string of the expanded tree: borrowed from the input document (or a
/// `'static` keyword), shared with a term definition, or computed.
#[derive(Clone)]
pub(crate) enum Text<'a> {
    /// From the input document, or a `'static` keyword.
    Borrowed(&'a str),
    /// Shared with a context (a keyword alias, a language, a datatype …).
    Shared(Str),
    /// Shared with a term definition and known to be a well-formed absolute IRI.
    Iri(Str),
    /// Computed: a compact IRI or vocabulary-relative term joined, a
    /// reference resolved, a language tag lower-cased.
    Owned(String),
}

impl Deref for Text<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Text::Borrowed(s) => s,
            Text::Shared(s) | Text::Iri(s) => s,
            Text::Owned(s) => s,
        }
    }
}

/// Formats as the string it holds (error messages quote it like a `String`).
impl std::fmt::Debug for Text<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

impl PartialEq for Text<'_> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for Text<'_> {}

impl Hash for Text<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        (**self).hash(h);
    }
}

/// An expanded JSON-LD value.
#[derive(Clone, Debug)]
pub(crate) enum Ex<'a> {
    Null,
    Str(Text<'a>),
    Array(Vec<Ex<'a>>),
    Object(ExMap<'a>),
    /// A JSON value copied verbatim from the input document (a `@value`,
    /// `@index` or `@direction`, or a whole `@json` literal): borrowed, not cloned.
    Doc(&'a Value),
    /// The value object `{"@value": v}`, or `{"@value": v, "@type": t}`, that
    /// Value Expansion makes of a document scalar. Most values of a credential
    /// take this shape; held inline it costs no map allocation. Everything
    /// else about it (equality, hashing, `to_value`) is that of the map.
    Value(&'a Value, Option<Str>),
}

/// A scalar seen through either representation.
pub(crate) enum Scalar<'x> {
    Null,
    Bool(bool),
    Number(&'x Number),
    Str(&'x str),
    /// An array or object.
    Composite,
}

impl<'a> Ex<'a> {
    pub fn is_null(&self) -> bool {
        matches!(self.scalar(), Scalar::Null)
    }

    pub fn is_array(&self) -> bool {
        matches!(self, Ex::Array(_) | Ex::Doc(Value::Array(_)))
    }

    pub fn is_string(&self) -> bool {
        matches!(self.scalar(), Scalar::Str(_))
    }

    /// The scalar this value is (`Scalar::Composite` for arrays and objects).
    pub fn scalar(&self) -> Scalar<'_> {
        match self {
            Ex::Null | Ex::Doc(Value::Null) => Scalar::Null,
            Ex::Doc(Value::Bool(b)) => Scalar::Bool(*b),
            Ex::Doc(Value::Number(n)) => Scalar::Number(n),
            Ex::Str(s) => Scalar::Str(s),
            Ex::Doc(Value::String(s)) => Scalar::Str(s),
            Ex::Array(_)
            | Ex::Object(_)
            | Ex::Value(..)
            | Ex::Doc(Value::Array(_) | Value::Object(_)) => Scalar::Composite,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self.scalar() {
            Scalar::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The string, borrowed for as long as the tree.
    pub fn as_str_t(&'a self) -> Option<&'a str> {
        match self {
            Ex::Str(t) => Some(t),
            Ex::Doc(Value::String(s)) => Some(s),
            _ => None,
        }
    }

    /// The string, when it is borrowed from the input document.
    pub fn borrowed_str(&self) -> Option<&'a str> {
        match self {
            Ex::Doc(Value::String(s)) => Some(s),
            Ex::Str(Text::Borrowed(s)) => Some(s),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&ExMap<'a>> {
        match self {
            Ex::Object(m) => Some(m),
            _ => None,
        }
    }

    /// Whether this is a value object (either shape).
    pub fn is_value_object(&self) -> bool {
        match self {
            Ex::Value(..) => true,
            Ex::Object(m) => m.contains_key("@value"),
            _ => false,
        }
    }

    /// The same value with an inline value object turned into its map, for
    /// code that adds entries to it.
    pub fn into_map_form(self) -> Ex<'a> {
        match self {
            Ex::Value(v, t) => Ex::Object(value_map(v, t)),
            other => other,
        }
    }

    /// Replaces `self` with `Null`, returning the old value.
    pub fn take(&mut self) -> Ex<'a> {
        std::mem::replace(self, Ex::Null)
    }

    /// The items of an array, or the value itself as a one-item list.
    pub fn into_vec(self) -> Vec<Ex<'a>> {
        match self {
            Ex::Array(a) => a,
            Ex::Doc(Value::Array(a)) => a.iter().map(Ex::Doc).collect(),
            other => vec![other],
        }
    }

    /// The public `serde_json` form.
    pub fn to_value(&self) -> Value {
        match self {
            Ex::Null => Value::Null,
            Ex::Str(s) => Value::String((**s).to_owned()),
            Ex::Array(a) => Value::Array(a.iter().map(Ex::to_value).collect()),
            Ex::Object(m) => Value::Object(
                m.iter()
                    .map(|(k, v)| {
                        let v = match v {
                            // The one-value array of a property, held unwrapped (see `ExMap`).
                            v if is_property(k) && !v.is_array() => {
                                Value::Array(vec![v.to_value()])
                            }
                            v => v.to_value(),
                        };
                        ((**k).to_owned(), v)
                    })
                    .collect::<Map<String, Value>>(),
            ),
            Ex::Doc(v) => (*v).clone(),
            Ex::Value(v, t) => Ex::Object(value_map(v, t.clone())).to_value(),
        }
    }

    /// Hashes consistently with [`PartialEq`]: a borrowed document value
    /// hashes like the same value built in the tree.
    pub fn hash_into(&self, h: &mut impl Hasher) {
        match self {
            Ex::Doc(v) => hash_value(v, h),
            Ex::Null => 0u8.hash(h),
            Ex::Str(s) => (**s).hash(h),
            Ex::Array(a) => {
                a.len().hash(h);
                for x in a {
                    x.hash_into(h);
                }
            }
            Ex::Object(m) => m.hash_into(h),
            Ex::Value(v, t) => {
                // As `ExMap::hash_into` hashes the map this stands for.
                let mut acc = entry_hash("@value", &Ex::Doc(v));
                if let Some(t) = t {
                    acc = acc.wrapping_add(entry_hash("@type", &Ex::Str(Text::Shared(t.clone()))));
                }
                (1 + usize::from(t.is_some())).hash(h);
                acc.hash(h);
            }
        }
    }
}

/// The map an [`Ex::Value`] stands for.
fn value_map<'a>(v: &'a Value, t: Option<Str>) -> ExMap<'a> {
    let mut m = ExMap::with_capacity(2);
    m.entries.push((Text::Borrowed("@value"), Ex::Doc(v)));
    if let Some(t) = t {
        m.entries
            .push((Text::Borrowed("@type"), Ex::Str(Text::Shared(t))));
    }
    m
}

/// [`Ex::hash_into`] for a document value.
fn hash_value(v: &Value, h: &mut impl Hasher) {
    match v {
        Value::Null => 0u8.hash(h),
        Value::Bool(b) => b.hash(h),
        Value::Number(n) => n.to_string().hash(h),
        Value::String(s) => s.hash(h),
        Value::Array(a) => {
            a.len().hash(h);
            for x in a {
                hash_value(x, h);
            }
        }
        Value::Object(m) => {
            // Order-independent, like `ExMap::hash_into`: each entry through `Ex`.
            m.len().hash(h);
            let mut acc = 0u64;
            for (k, x) in m {
                acc = acc.wrapping_add(entry_hash(k, &Ex::Doc(x)));
            }
            acc.hash(h);
        }
    }
}

/// The per-entry hash of an object (summed, so key order does not matter).
/// A property's single value hashes as the one-item array it stands for.
fn entry_hash(k: &str, v: &Ex<'_>) -> u64 {
    use std::hash::BuildHasher;
    static S: std::sync::OnceLock<foldhash::fast::RandomState> = std::sync::OnceLock::new();
    let mut e = S.get_or_init(Default::default).build_hasher();
    k.hash(&mut e);
    if is_property(k) && !v.is_array() {
        1usize.hash(&mut e);
    }
    v.hash_into(&mut e);
    e.finish()
}

/// Whether an object key names a property (every key but a keyword), whose
/// expanded value is an array.
fn is_property(k: &str) -> bool {
    !k.starts_with('@')
}

impl PartialEq for Ex<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Ex::Doc(x), Ex::Doc(y)) => x == y,
            (Ex::Value(v, t), Ex::Value(w, u)) => v == w && t == u,
            // Rare (a property mixing both shapes): compare as maps.
            (Ex::Value(v, t), y) | (y, Ex::Value(v, t)) => {
                &Ex::Object(value_map(v, t.clone())) == y
            }
            (Ex::Doc(x), y) | (y, Ex::Doc(x)) => y.eq_value(x),
            (Ex::Null, Ex::Null) => true,
            (Ex::Str(x), Ex::Str(y)) => x == y,
            (Ex::Array(x), Ex::Array(y)) => x == y,
            (Ex::Object(x), Ex::Object(y)) => x == y,
            _ => false,
        }
    }
}

impl Ex<'_> {
    /// Equality with a document value, as if it were converted.
    fn eq_value(&self, v: &Value) -> bool {
        match (self, v) {
            (Ex::Doc(x), v) => *x == v,
            (Ex::Value(x, t), v) => Ex::Object(value_map(x, t.clone())).eq_value(v),
            (Ex::Null, Value::Null) => true,
            (Ex::Str(x), Value::String(y)) => **x == **y,
            (Ex::Array(x), Value::Array(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|(a, b)| a.eq_value(b))
            }
            (Ex::Object(x), Value::Object(y)) => {
                x.len() == y.len()
                    && x.iter()
                        .all(|(k, a)| y.get(&**k).is_some_and(|b| a.eq_value(b)))
            }
            _ => false,
        }
    }
}

/// An object of the expanded tree: a small insertion-ordered map with the
/// semantics of `serde_json::Map` under `preserve_order` (insert keeps an
/// existing key's position, remove swaps the last entry in), so that the
/// public output keeps exactly the order it always had.
///
/// The value of a property (any key but a keyword) is an array in expanded
/// form. Most properties have one value, so a single non-array value stands
/// for its one-item array (no allocation); `to_value`, equality and hashing
/// treat it as that array, and consumers read values through `into_vec` or
/// slices that accept both.
#[derive(Clone, Debug, Default)]
pub(crate) struct ExMap<'a> {
    entries: Vec<(Text<'a>, Ex<'a>)>,
}

impl<'a> ExMap<'a> {
    pub fn new() -> Self {
        ExMap {
            entries: Vec::new(),
        }
    }

    pub fn with_capacity(n: usize) -> Self {
        ExMap {
            entries: Vec::with_capacity(n),
        }
    }

    /// A map of one entry.
    pub fn one(key: &'static str, v: Ex<'a>) -> Self {
        ExMap {
            entries: vec![(Text::Borrowed(key), v)],
        }
    }

    fn position(&self, key: &str) -> Option<usize> {
        self.entries.iter().position(|(k, _)| **k == *key)
    }

    pub fn get(&self, key: &str) -> Option<&Ex<'a>> {
        self.entries
            .iter()
            .find(|(k, _)| **k == *key)
            .map(|(_, v)| v)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Ex<'a>> {
        self.entries
            .iter_mut()
            .find(|(k, _)| **k == *key)
            .map(|(_, v)| v)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.position(key).is_some()
    }

    /// Inserts or replaces in place; returns the previous value.
    pub fn insert(&mut self, key: Text<'a>, v: Ex<'a>) -> Option<Ex<'a>> {
        match self.get_mut(&key) {
            Some(slot) => Some(std::mem::replace(slot, v)),
            None => {
                self.entries.push((key, v));
                None
            }
        }
    }

    /// The value of `key`, inserted from `f` at the end if missing.
    pub fn get_or_insert_with(&mut self, key: Text<'a>, f: impl FnOnce() -> Ex<'a>) -> &mut Ex<'a> {
        let i = match self.position(&key) {
            Some(i) => i,
            None => {
                self.entries.push((key, f()));
                self.entries.len() - 1
            }
        };
        // `i` is in bounds: found or just pushed.
        &mut self.entries[i].1
    }

    /// Removes `key` like `serde_json::Map::remove` (swap-remove).
    pub fn remove(&mut self, key: &str) -> Option<Ex<'a>> {
        let i = self.position(key)?;
        Some(self.entries.swap_remove(i).1)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| &**k)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Text<'a>, &Ex<'a>)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// Order-independent hash, consistent with `==`.
    pub fn hash_into(&self, h: &mut impl Hasher) {
        self.len().hash(h);
        let mut acc = 0u64;
        for (k, x) in &self.entries {
            acc = acc.wrapping_add(entry_hash(k, x));
        }
        acc.hash(h);
    }
}

impl<'a> IntoIterator for ExMap<'a> {
    type Item = (Text<'a>, Ex<'a>);
    type IntoIter = std::vec::IntoIter<(Text<'a>, Ex<'a>)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

/// Order-independent, like `serde_json::Map` equality; a property's single
/// value equals the one-item array it stands for.
impl PartialEq for ExMap<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len()
            && self.entries.iter().all(|(k, v)| {
                other.get(k).is_some_and(|w| match (v, w) {
                    (Ex::Array(a), x) | (x, Ex::Array(a)) if is_property(k) && !x.is_array() => {
                        a.len() == 1 && a.first().is_some_and(|y| y == x)
                    }
                    _ => v == w,
                })
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use foldhash::fast::FixedState;
    use serde_json::json;
    use std::hash::BuildHasher;

    fn fingerprint(m: &ExMap<'_>) -> u64 {
        let mut h = FixedState::with_seed(7).build_hasher();
        m.hash_into(&mut h);
        h.finish()
    }

    #[test]
    fn map_order_follows_serde_json_preserve_order() {
        // insert keeps an existing key in place; remove swaps the last entry in.
        // (Keyword-like keys: their values are output as they are.)
        let keys = ["@a", "@b", "@c", "@d"];
        let mut ours = ExMap::new();
        let mut theirs = serde_json::Map::new();
        for (i, k) in keys.iter().enumerate() {
            ours.insert(Text::Borrowed(k), Ex::Str(Text::Owned(i.to_string())));
            theirs.insert((*k).to_owned(), Value::String(i.to_string()));
        }
        ours.insert(Text::Borrowed("@b"), Ex::Null);
        theirs.insert("@b".to_owned(), Value::Null);
        assert!(ours.remove("@a").is_some());
        theirs.remove("@a");
        ours.insert(Text::Owned("@a".into()), Ex::Null);
        theirs.insert("@a".into(), Value::Null);
        let ours = Ex::Object(ours).to_value();
        assert_eq!(
            serde_json::to_string(&ours).unwrap(),
            serde_json::to_string(&Value::Object(theirs)).unwrap()
        );
    }

    #[test]
    fn borrowed_and_built_values_are_equal_and_hash_alike() {
        let doc = json!({"@value": "x", "n": [1, {"k": ["v"]}]});
        let Value::Object(dm) = &doc else {
            unreachable!()
        };
        let mut borrowed = ExMap::new();
        for (k, v) in dm {
            borrowed.insert(Text::Borrowed(k), Ex::Doc(v));
        }
        // The same content built in the tree, keys in another order.
        let mut inner = ExMap::new();
        inner.insert(
            Text::Shared("k".into()),
            Ex::Array(vec![Ex::Str(Text::Owned("v".into()))]),
        );
        let mut built = ExMap::new();
        built.insert(
            Text::Owned("n".into()),
            Ex::Array(vec![Ex::Doc(&dm["n"][0]), Ex::Object(inner)]),
        );
        built.insert(Text::Borrowed("@value"), Ex::Str(Text::Borrowed("x")));
        assert!(borrowed == built);
        assert_eq!(fingerprint(&borrowed), fingerprint(&built));
        assert_eq!(Ex::Object(built).to_value(), doc);

        let mut other = ExMap::new();
        other.insert(Text::Borrowed("@value"), Ex::Str(Text::Borrowed("y")));
        assert!(borrowed != other);
    }

    #[test]
    fn inline_value_object_equals_and_hashes_like_its_map() {
        let doc = json!({"@value": 5, "@type": "http://t"});
        let Value::Object(dm) = &doc else {
            unreachable!()
        };
        let value = &dm["@value"];
        let inline = Ex::Value(value, Some("http://t".into()));
        let Ex::Object(map) = inline.clone().into_map_form() else {
            unreachable!()
        };
        let mut borrowed = ExMap::new();
        for (k, v) in dm {
            borrowed.insert(Text::Borrowed(k), Ex::Doc(v));
        }
        for other in [Ex::Object(map.clone()), Ex::Object(borrowed), Ex::Doc(&doc)] {
            assert!(inline == other, "inline == {other:?}");
            assert!(other == inline, "{other:?} == inline");
            let (mut a, mut b) = (
                FixedState::with_seed(7).build_hasher(),
                FixedState::with_seed(7).build_hasher(),
            );
            inline.hash_into(&mut a);
            other.hash_into(&mut b);
            assert_eq!(a.finish(), b.finish());
        }
        assert_eq!(inline.to_value(), doc);
        assert!(inline.is_value_object() && Ex::Object(map).is_value_object());
        assert!(inline != Ex::Value(value, None));
        assert!(inline != Ex::Value(value, Some("http://u".into())));
    }

    #[test]
    fn a_single_property_value_stands_for_its_one_item_array() {
        let v = json!("x");
        let item = || Ex::Value(&v, None);
        let mut single = ExMap::new();
        single.insert(Text::Borrowed("http://p"), item());
        single.insert(Text::Borrowed("@id"), Ex::Str(Text::Borrowed("http://s")));
        let mut wrapped = ExMap::new();
        wrapped.insert(Text::Borrowed("@id"), Ex::Str(Text::Borrowed("http://s")));
        wrapped.insert(Text::Borrowed("http://p"), Ex::Array(vec![item()]));
        let expected = json!({"@id": "http://s", "http://p": [{"@value": "x"}]});
        assert_eq!(Ex::Object(single.clone()).to_value(), expected);
        assert_eq!(Ex::Object(wrapped.clone()).to_value(), expected);
        assert!(single == wrapped, "single == wrapped");
        assert!(wrapped == single, "wrapped == single");
        assert_eq!(fingerprint(&single), fingerprint(&wrapped));
        // Keywords keep their values as they are.
        let mut keyword = ExMap::new();
        keyword.insert(
            Text::Borrowed("@id"),
            Ex::Array(vec![Ex::Str(Text::Borrowed("http://s"))]),
        );
        let mut plain = ExMap::new();
        plain.insert(Text::Borrowed("@id"), Ex::Str(Text::Borrowed("http://s")));
        assert!(keyword != plain);
        // Two values are not one.
        let mut two = ExMap::new();
        two.insert(Text::Borrowed("@id"), Ex::Str(Text::Borrowed("http://s")));
        two.insert(Text::Borrowed("http://p"), Ex::Array(vec![item(), item()]));
        assert!(single != two, "single != two");
        assert!(two != single, "two != single");
    }

    #[test]
    fn text_debug_prints_like_a_string() {
        assert_eq!(format!("{:?}", Text::Shared("a\"b".into())), "\"a\\\"b\"");
    }
}
