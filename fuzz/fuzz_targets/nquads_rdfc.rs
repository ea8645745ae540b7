//! N-Quads parsing + RDFC-1.0: the canonical output is sorted by code point without repeats,
//! and canonicalizes to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use openbadges::rdf::parse_nquads;
use openbadges::rdfc::{CanonicalizationOptions, canonicalize_to_string};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(quads) = parse_nquads(text) else {
        return;
    };
    let limits = CanonicalizationOptions::default();
    let Ok(canonical) = canonicalize_to_string(&quads, &limits) else {
        return;
    };
    let lines: Vec<&str> = canonical.split_inclusive('\n').collect();
    assert!(
        lines.windows(2).all(|pair| pair[0] < pair[1]),
        "canonical lines are not sorted by code point without repeats"
    );
    let reread = parse_nquads(&canonical).expect("canonical N-Quads parse");
    let again = canonicalize_to_string(&reread, &limits).expect("canonical N-Quads canonicalize");
    assert_eq!(canonical, again, "canonical form is not a fixed point");
});
