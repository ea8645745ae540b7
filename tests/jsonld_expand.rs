//! The W3C JSON-LD 1.1 expansion test suite (`fixtures/json-ld-api`).

mod jsonld_support;

use jsonld_support::*;

/// Tests not run, each with the reason (beyond 1.0-only tests, which the
/// harness skips from their `specVersion` / `processingMode` options).
const SKIP: &[(&str, &str)] = &[];

#[test]
fn w3c_expand_suite() {
    let p = processor();
    let (mut pass, mut fail, mut skipped) = (0, 0, 0);
    let mut failures = Vec::new();
    for c in cases("expand-manifest.jsonld", SKIP) {
        if c.skip.is_some() {
            skipped += 1;
            continue;
        }
        let input = read_json(&c.input);
        let got = p.expand(&input, &c.options);
        let ok = if c.types.iter().any(|t| t == "jld:NegativeEvaluationTest") {
            match &got {
                Err(e) => Some(e.code()) == c.error.as_deref(),
                Ok(_) => false,
            }
        } else {
            match (&got, &c.expect) {
                (Ok(v), Some(exp)) => jsonld_eq(v, &read_json(exp)),
                (Ok(_), None) => true,
                (Err(_), _) => false,
            }
        };
        if ok {
            pass += 1;
        } else {
            fail += 1;
            failures.push(format!(
                "{} {} ({}): got {:?}",
                c.id,
                c.name,
                c.input,
                got.map(|v| v.to_string())
            ));
        }
    }
    for f in &failures {
        eprintln!("FAIL {f}");
    }
    println!("expand: {pass} passed, {fail} failed, {skipped} skipped");
    assert_eq!(fail, 0, "expand failures:\n{}", failures.join("\n"));
}
