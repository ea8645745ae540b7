//! toRdf of the 1EdTech OpenBadgeCredential vector with a warm context cache.

use criterion::{Criterion, criterion_group, criterion_main};
use openbadges::jsonld::{Options, Processor};

fn bench(c: &mut Criterion) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/jsonld-credentials/ob3-unsigned.json"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        return;
    };
    let Ok(doc) = serde_json::from_str::<serde_json::Value>(&text) else {
        return;
    };
    let p = Processor::bundled();
    let opts = Options::default();
    c.bench_function("jsonld/to_rdf ob3 credential (warm)", |b| {
        b.iter(|| p.to_rdf(std::hint::black_box(&doc), &opts))
    });
    c.bench_function("jsonld/expand ob3 credential (warm)", |b| {
        b.iter(|| p.expand(std::hint::black_box(&doc), &opts))
    });
    let canon = openbadges::rdfc::CanonicalizationOptions::default();
    c.bench_function(
        "jsonld+rdfc/canonical N-Quads of ob3 credential (warm)",
        |b| {
            b.iter(|| {
                let quads = p.to_rdf(std::hint::black_box(&doc), &opts).ok()?;
                openbadges::rdfc::canonicalize_to_string(&quads, &canon).ok()
            })
        },
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
