//! Status check speed: look one index up in a 131,072-entry revocation list.
//! Decoding the list (base64url + GZIP) happens once and is cached in a
//! `DecodedStatusList`; it is measured separately.

use criterion::{Criterion, criterion_group, criterion_main};
use openbadges::status::{
    BitstringStatusListEntry, DecodedStatusList, StatusList, StatusListConfig,
};
use std::hint::black_box;

fn check(c: &mut Criterion) {
    let mut list =
        StatusList::new(StatusListConfig::revocation().with_seed([3; 32])).expect("list");
    let mut last = 0;
    for _ in 0..1_000 {
        last = list.allocate().expect("index");
        list.set(last, true).expect("revoke");
    }
    let url = "https://example.org/status/1";
    let valid_from = chrono::DateTime::from_timestamp(1_700_000_000, 0).expect("time");
    let credential = list.to_credential("did:example:issuer", url, valid_from, None);
    let entry = BitstringStatusListEntry::from_value(
        &list.credential_status_entry(last, url).expect("entry"),
    )
    .expect("parse entry");
    let decoded = DecodedStatusList::from_credential(&credential).expect("decode");

    c.bench_function("status/check", |b| {
        b.iter(|| decoded.status_of(black_box(&entry)).expect("lookup"))
    });
    c.bench_function("status/decode_list", |b| {
        b.iter(|| DecodedStatusList::from_credential(black_box(&credential)).expect("decode"))
    });
    let entry_json = list.credential_status_entry(last, url).expect("entry");
    c.bench_function("status/parse_entry_and_check", |b| {
        b.iter(|| {
            let e = BitstringStatusListEntry::from_value(black_box(&entry_json)).expect("parse");
            decoded.status_of(&e).expect("lookup")
        })
    });
    c.bench_function("status/allocate", |b| {
        let mut fresh =
            StatusList::new(StatusListConfig::revocation().with_seed([4; 32])).expect("list");
        b.iter(|| {
            if fresh.remaining() == 0 {
                fresh = StatusList::new(StatusListConfig::revocation().with_seed([4; 32]))
                    .expect("list");
            }
            fresh.allocate().expect("allocate")
        })
    });
}

criterion_group!(benches, check);
criterion_main!(benches);
