//! The W3C JSON-LD 1.1 toRdf test suite (`fixtures/json-ld-api`).

mod jsonld_support;

use jsonld_support::*;

/// Tests not run, each with the reason (beyond 1.0-only and generalized-RDF
/// tests, which the harness skips from their options).
const SKIP: &[(&str, &str)] = &[];

#[test]
fn w3c_to_rdf_suite() {
    let p = processor();
    let (mut pass, mut fail, mut skipped) = (0, 0, 0);
    let mut failures = Vec::new();
    for c in cases("toRdf-manifest.jsonld", SKIP) {
        if c.skip.is_some() {
            skipped += 1;
            continue;
        }
        let input = read_json(&c.input);
        let got = p.to_rdf(&input, &c.options);
        let ok = if c.types.iter().any(|t| t == "jld:NegativeEvaluationTest") {
            match &got {
                Err(e) => Some(e.code()) == c.error.as_deref(),
                Ok(_) => false,
            }
        } else if c.types.iter().any(|t| t == "jld:PositiveSyntaxTest") {
            got.is_ok()
        } else {
            match (&got, &c.expect) {
                (Ok(q), Some(exp)) => {
                    let text =
                        std::fs::read_to_string(suite_dir().join(exp)).expect("expected file");
                    isomorphic_to_nquads(q, &text)
                }
                _ => false,
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
                got.map(|q| q.len())
            ));
        }
    }
    for f in &failures {
        eprintln!("FAIL {f}");
    }
    println!("toRdf: {pass} passed, {fail} failed, {skipped} skipped");
    assert_eq!(fail, 0, "toRdf failures:\n{}", failures.join("\n"));
}
