//! JSON-LD expansion + toRdf (bundled contexts, safe mode) + RDFC-1.0: the canonical output,
//! read back as N-Quads, canonicalizes to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use openbadges::json::{self, JsonLimits};
use openbadges::jsonld::{Options, Processor};
use openbadges::rdf::parse_nquads;
use openbadges::rdfc::{CanonicalizationOptions, canonicalize_to_string};

fuzz_target!(|data: &[u8]| {
    let Ok(document) = json::parse(data, &JsonLimits::default()) else {
        return;
    };
    let Ok(quads) = Processor::bundled().to_rdf(&document, &Options::default()) else {
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
