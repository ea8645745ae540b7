//! RDFC-1.0 canonicalization speed: the hot path of every eddsa-rdfc-2022
//! signature and verification.
//!
//! `cargo bench --bench rdfc`

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use openbadges::rdf::{Quad, parse_nquads};
use openbadges::rdfc::{CanonicalizationOptions, canonicalize};

fn load(relative: &str) -> Vec<Quad> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(relative);
    let text = std::fs::read_to_string(&path).expect("fixture readable");
    parse_nquads(&text).expect("fixture parses")
}

/// Input labels as a JSON-LD processor would issue them (`b0`, `b1`, …)
/// instead of the canonical ones the fixtures already carry, and the quads
/// in reverse order, so nothing arrives pre-sorted.
fn as_fresh_input(text: &str, prefix: &str) -> String {
    text.replace("_:c14n", &format!("_:{prefix}"))
        .lines()
        .rev()
        .map(|line| format!("{line}\n"))
        .collect()
}

fn credential_65_quads() -> Vec<Quad> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rdfc-credentials");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).expect("fixture readable");
    let mut text = as_fresh_input(&read("clrv2p0-document-canon.nq"), "b");
    text.push_str(&as_fresh_input(&read("obv3p0-document-canon.nq"), "ob"));
    parse_nquads(&text).expect("credential parses")
}

fn bench(c: &mut Criterion) {
    let opts = CanonicalizationOptions::default();
    let inputs = [
        (
            "ob3-credential-16q",
            load("rdfc-credentials/obv3p0-document-canon.nq"),
        ),
        (
            "clr2-credential-49q",
            load("rdfc-credentials/clrv2p0-document-canon.nq"),
        ),
        ("credential-65q-fresh-labels", credential_65_quads()),
        (
            "suite-test060-43q-escapes",
            load("rdf-canon/rdfc10/test060-in.nq"),
        ),
        (
            "suite-test044-evil-36q",
            load("rdf-canon/rdfc10/test044-in.nq"),
        ),
    ];
    let mut group = c.benchmark_group("rdfc");
    for (name, quads) in &inputs {
        group.bench_function(*name, |b| {
            b.iter(|| canonicalize(black_box(quads), &opts).expect("canonicalizes"))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
