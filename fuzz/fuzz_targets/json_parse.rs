//! The strict JSON parser, differentially against serde_json: whatever it accepts, serde_json
//! accepts as the same value (it is stricter — duplicate keys, depth — never looser).
#![no_main]

use libfuzzer_sys::fuzz_target;
use openbadges::json::{self, JsonLimits};

fuzz_target!(|data: &[u8]| {
    if let Ok(ours) = json::parse(data, &JsonLimits::default()) {
        let mut de = serde_json::Deserializer::from_slice(data);
        de.disable_recursion_limit();
        let theirs: serde_json::Value = serde::Deserialize::deserialize(&mut de)
            .expect("serde_json rejects what json::parse accepted");
        assert_eq!(ours, theirs, "the parsers disagree on the value");
        // Map equality ignores member order; the serialized forms do not.
        assert_eq!(ours.to_string(), theirs.to_string(), "the parsers disagree on member order");
    }
});
