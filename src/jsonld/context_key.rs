//! Cache keys for inline (and scoped) `@context` values.
//!
//! A key is the value's RFC 8785 (JCS) form from [`crate::jcs`], so equal contexts share one
//! processed entry whatever their member order. Absurdly deep contexts (which context processing
//! rejects anyway) get a marker that matches nothing instead.

use serde_json::Value;

/// Nesting bound for a key.
const MAX_KEY_DEPTH: usize = 256;

/// Cache key of a context value: canonical JSON, or a never-matching marker for absurdly deep
/// input.
pub(crate) fn cache_key(v: &Value) -> String {
    let mut out = String::new();
    match crate::jcs::write_bounded(v, &mut out, MAX_KEY_DEPTH) {
        Some(()) => out,
        None => "\u{0}too-deep".to_owned(),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_order_does_not_matter_and_deep_contexts_match_nothing() {
        let a = serde_json::json!({"ex": "http://example.org/", "b": {"@id": "ex:b", "@container": "@set"}});
        let b = serde_json::json!({"b": {"@container": "@set", "@id": "ex:b"}, "ex": "http://example.org/"});
        assert_eq!(cache_key(&a), cache_key(&b));
        assert_eq!(Some(cache_key(&a)), crate::jcs::to_string(&a).ok());
        let deep = (0..300).fold(serde_json::json!(1), |v, _| serde_json::json!([v]));
        assert_eq!(cache_key(&deep), "\u{0}too-deep");
    }
}
