//! The W3C JSON-LD 1.1 expansion test suite (`fixtures/json-ld-api`).

mod jsonld_support;

use jsonld_support::*;
use serde_json::Value;

/// Tests not run, each with the reason (beyond 1.0-only tests, which the
/// harness skips from their `specVersion` / `processingMode` options).
const SKIP: &[(&str, &str)] = &[];

#[test]
fn w3c_expand_suite() {
    run_suite(
        "expand",
        "expand-manifest.jsonld",
        SKIP,
        |p, input, options| p.expand(input, options),
        |v, expect| expect.is_none_or(|exp| jsonld_eq(v, &read_json(exp))),
        Value::to_string,
    );
}
