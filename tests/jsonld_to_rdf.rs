//! The W3C JSON-LD 1.1 toRdf test suite (`fixtures/json-ld-api`).

mod jsonld_support;

use jsonld_support::*;

/// Tests not run, each with the reason (beyond 1.0-only and generalized-RDF
/// tests, which the harness skips from their options).
const SKIP: &[(&str, &str)] = &[];

#[test]
fn w3c_to_rdf_suite() {
    run_suite(
        "toRdf",
        "toRdf-manifest.jsonld",
        SKIP,
        |p, input, options| p.to_rdf(input, options),
        |quads, expect| {
            expect.is_some_and(|exp| {
                let text = std::fs::read_to_string(suite_dir().join(exp)).expect("expected file");
                isomorphic_to_nquads(quads, &text)
            })
        },
        Vec::len,
    );
}
