//! N-Quads parsing + RDFC-1.0: the canonical output canonicalizes to itself.
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
    let reread = parse_nquads(&canonical).expect("canonical N-Quads parse");
    let again = canonicalize_to_string(&reread, &limits).expect("canonical N-Quads canonicalize");
    assert_eq!(canonical, again, "canonical form is not a fixed point");
});
