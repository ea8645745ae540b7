//! Issuing side of Bitstring Status List: lists we publish decode with an
//! independent decoder, allocation is random/unique/exhaustive, state
//! survives snapshots, and the spec's rules on updates hold.

use std::collections::HashSet;
use std::io::Read;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use flate2::read::GzDecoder;
use openbadges::status::{
    BitstringStatusListEntry, DecodedStatusList, MIN_ENTRIES, StatusError, StatusList,
    StatusListConfig, StatusListSnapshot, StatusMessage, StatusPurpose,
};
use serde_json::{Value, json};

const URL: &str = "https://example.org/status/7";

fn at(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap()
}

fn seeded(config: StatusListConfig) -> StatusList {
    StatusList::new(config.with_seed([5; 32])).unwrap()
}

/// Decodes `encodedList` by hand: strip `u`, base64url, gunzip, and read
/// `size`-bit values MSB-first.
fn hand_decode(credential: &Value, size: usize) -> Vec<u64> {
    let encoded = credential["credentialSubject"]["encodedList"]
        .as_str()
        .unwrap();
    let compressed = URL_SAFE_NO_PAD
        .decode(encoded.strip_prefix('u').unwrap())
        .unwrap();
    let mut bytes = Vec::new();
    GzDecoder::new(&compressed[..])
        .read_to_end(&mut bytes)
        .unwrap();
    let bit = |i: usize| u64::from(bytes[i / 8] >> (7 - i % 8) & 1);
    (0..bytes.len() * 8 / size)
        .map(|entry| (0..size).fold(0, |v, k| (v << 1) | bit(entry * size + k)))
        .collect()
}

#[test]
fn published_revocation_list_decodes_by_hand() {
    let mut list = seeded(StatusListConfig::revocation());
    let revoked: Vec<u64> = (0..50).map(|_| list.allocate().unwrap()).collect();
    let kept: Vec<u64> = (0..50).map(|_| list.allocate().unwrap()).collect();
    for &i in &revoked {
        list.set(i, true).unwrap();
    }
    let credential = list.to_credential(
        "did:example:issuer",
        URL,
        at(1_700_000_000),
        Some(at(1_800_000_000)),
    );
    assert_eq!(
        credential["@context"],
        json!(["https://www.w3.org/ns/credentials/v2"])
    );
    assert_eq!(
        credential["type"],
        json!(["VerifiableCredential", "BitstringStatusListCredential"])
    );
    assert_eq!(credential["validFrom"], "2023-11-14T22:13:20Z");
    assert_eq!(credential["validUntil"], "2027-01-15T08:00:00Z");
    assert_eq!(credential["credentialSubject"]["id"], format!("{URL}#list"));
    assert_eq!(
        credential["credentialSubject"]["type"],
        "BitstringStatusList"
    );
    assert_eq!(
        credential["credentialSubject"]["statusPurpose"],
        "revocation"
    );
    let values = hand_decode(&credential, 1);
    assert_eq!(values.len() as u64, MIN_ENTRIES);
    let set: HashSet<u64> = (0..values.len() as u64)
        .filter(|&i| values[i as usize] == 1)
        .collect();
    assert_eq!(set, revoked.iter().copied().collect());
    assert!(kept.iter().all(|i| !set.contains(i)));
}

#[test]
fn our_entries_and_list_verify_with_our_verifier() {
    let mut list = seeded(StatusListConfig::suspension());
    let a = list.allocate().unwrap();
    let b = list.allocate().unwrap();
    list.set(a, true).unwrap();
    let entry_a = list.credential_status_entry(a, URL).unwrap();
    assert_eq!(
        entry_a,
        json!({
            "id": format!("{URL}#{a}"),
            "type": "BitstringStatusListEntry",
            "statusPurpose": "suspension",
            "statusListIndex": a.to_string(),
            "statusListCredential": URL
        })
    );
    let decoded =
        DecodedStatusList::from_credential(&list.to_credential("did:example:i", URL, at(0), None))
            .unwrap();
    let entry_b =
        BitstringStatusListEntry::from_value(&list.credential_status_entry(b, URL).unwrap())
            .unwrap();
    assert!(
        decoded
            .status_of(&BitstringStatusListEntry::from_value(&entry_a).unwrap())
            .unwrap()
            .is_set()
    );
    assert!(!decoded.status_of(&entry_b).unwrap().is_set());
}

#[test]
fn ten_thousand_allocations_are_distinct_in_range_and_unordered() {
    let mut list = StatusList::new(StatusListConfig::revocation()).unwrap();
    let indexes: Vec<u64> = (0..10_000).map(|_| list.allocate().unwrap()).collect();
    assert_eq!(indexes.iter().collect::<HashSet<_>>().len(), 10_000);
    assert!(indexes.iter().all(|&i| i < MIN_ENTRIES));
    let ascending = indexes.windows(2).filter(|w| w[0] < w[1]).count();
    // A random order rises about half the time; sequential would be 9,999.
    assert!((4_000..6_000).contains(&ascending), "{ascending}");
    let consecutive = indexes.windows(2).filter(|w| w[1] == w[0] + 1).count();
    assert!(consecutive < 10, "{consecutive}");
    // Spread over the whole list, not bunched at its start.
    assert!(indexes.iter().any(|&i| i > MIN_ENTRIES * 3 / 4));
    assert!(indexes.iter().any(|&i| i < MIN_ENTRIES / 4));
    assert_eq!(list.remaining(), MIN_ENTRIES - 10_000);
}

#[test]
fn seeds_make_allocation_reproducible() {
    let run = |seed: [u8; 32]| {
        let mut list = StatusList::new(StatusListConfig::revocation().with_seed(seed)).unwrap();
        (0..100)
            .map(|_| list.allocate().unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(run([1; 32]), run([1; 32]));
    assert_ne!(run([1; 32]), run([2; 32]));
    // Unseeded lists draw their key from the OS.
    let mut x = StatusList::new(StatusListConfig::revocation()).unwrap();
    let mut y = StatusList::new(StatusListConfig::revocation()).unwrap();
    let xs: Vec<u64> = (0..20).map(|_| x.allocate().unwrap()).collect();
    let ys: Vec<u64> = (0..20).map(|_| y.allocate().unwrap()).collect();
    assert_ne!(xs, ys);
}

#[test]
fn allocation_runs_to_exhaustion_then_errors() {
    let mut list = seeded(StatusListConfig::revocation());
    let mut seen = vec![false; MIN_ENTRIES as usize];
    for _ in 0..MIN_ENTRIES {
        let i = list.allocate().unwrap() as usize;
        assert!(!seen[i], "index {i} handed out twice");
        seen[i] = true;
    }
    assert!(seen.iter().all(|&s| s));
    assert_eq!(list.remaining(), 0);
    assert_eq!(
        list.allocate(),
        Err(StatusError::ListFull {
            entries: MIN_ENTRIES
        })
    );
    assert_eq!(
        list.allocate(),
        Err(StatusError::ListFull {
            entries: MIN_ENTRIES
        })
    );
}

#[test]
fn revocation_is_final_and_suspension_reversible() {
    let mut revocation = seeded(StatusListConfig::revocation());
    let i = revocation.allocate().unwrap();
    revocation.set(i, false).unwrap(); // clearing a clear bit is harmless
    revocation.set(i, true).unwrap();
    revocation.set(i, true).unwrap(); // idempotent
    assert_eq!(
        revocation.set(i, false),
        Err(StatusError::RevocationIsFinal { index: i })
    );
    assert_eq!(revocation.get(i), Ok(1));

    let mut suspension = seeded(StatusListConfig::suspension());
    let j = suspension.allocate().unwrap();
    suspension.set(j, true).unwrap();
    assert_eq!(suspension.get(j), Ok(1));
    suspension.set(j, false).unwrap();
    assert_eq!(suspension.get(j), Ok(0));
}

#[test]
fn updates_only_touch_allocated_indexes_in_range() {
    let mut list = seeded(StatusListConfig::revocation());
    let i = list.allocate().unwrap();
    let unallocated = (0..MIN_ENTRIES).find(|&k| k != i).unwrap();
    assert_eq!(
        list.set(unallocated, true),
        Err(StatusError::IndexNotAllocated { index: unallocated })
    );
    assert_eq!(
        list.credential_status_entry(unallocated, URL),
        Err(StatusError::IndexNotAllocated { index: unallocated })
    );
    assert_eq!(
        list.set(MIN_ENTRIES, true),
        Err(StatusError::IndexOutOfRange {
            index: MIN_ENTRIES,
            entries: MIN_ENTRIES
        })
    );
    assert_eq!(
        list.set(i, 2u64),
        Err(StatusError::ValueOutOfRange {
            value: 2,
            status_size: 1
        })
    );
}

fn four_messages() -> Vec<StatusMessage> {
    vec![
        StatusMessage::new(0, "pending review"),
        StatusMessage::new(1, "accepted"),
        StatusMessage::new(2, "sent back to try again"),
        StatusMessage::new(3, "withdrawn"),
    ]
}

#[test]
fn message_lists_carry_size_and_messages() {
    let mut list = seeded(StatusListConfig::message(2, four_messages()));
    let i = list.allocate().unwrap();
    list.set(i, 2u64).unwrap();
    list.set(i, 1u64).unwrap(); // message values may change freely
    list.set(i, 2u64).unwrap();
    assert_eq!(
        list.set(i, 4u64),
        Err(StatusError::ValueOutOfRange {
            value: 4,
            status_size: 2
        })
    );
    let entry = list.credential_status_entry(i, URL).unwrap();
    assert_eq!(entry["statusSize"], 2);
    assert_eq!(
        entry["statusMessage"][2],
        json!({"status": "0x2", "message": "sent back to try again"})
    );
    let credential = list.to_credential("did:example:i", URL, at(0), None);
    let values = hand_decode(&credential, 2);
    assert_eq!(values.len() as u64, MIN_ENTRIES);
    assert_eq!(values[i as usize], 2);
    assert_eq!(values.iter().filter(|&&v| v != 0).count(), 1);
    let decoded = DecodedStatusList::from_credential(&credential).unwrap();
    let status = decoded
        .status_of(&BitstringStatusListEntry::from_value(&entry).unwrap())
        .unwrap();
    assert_eq!(status.purpose, StatusPurpose::Message);
    assert_eq!(status.message.as_deref(), Some("sent back to try again"));
}

#[test]
fn invalid_configurations_are_refused() {
    let refused = |config: StatusListConfig| {
        matches!(
            StatusList::new(config),
            Err(StatusError::InvalidConfig { .. })
        )
    };
    assert!(refused(
        StatusListConfig::revocation().with_entries(MIN_ENTRIES - 8)
    ));
    assert!(refused(
        StatusListConfig::revocation().with_entries(MIN_ENTRIES + 1)
    )); // not whole bytes
    assert!(refused(StatusListConfig::message(
        2,
        four_messages()[..3].to_vec()
    )));
    assert!(refused(StatusListConfig::message(0, vec![])));
    assert!(refused(
        StatusListConfig::revocation().with_entries(1 << 40)
    ));
    assert!(refused(
        StatusListConfig::revocation().with_entries(u64::MAX - 7)
    ));
    let mut duplicate = four_messages();
    duplicate[3].status = 2;
    assert!(refused(StatusListConfig::message(2, duplicate)));
    assert!(StatusList::new(StatusListConfig::revocation().with_entries(MIN_ENTRIES + 8)).is_ok());
}

#[test]
fn snapshot_round_trips_through_serde_and_keeps_allocating() {
    let mut list = seeded(StatusListConfig::message(2, four_messages()));
    let first: Vec<u64> = (0..5).map(|_| list.allocate().unwrap()).collect();
    list.set(first[0], 3u64).unwrap();
    let snapshot = list.snapshot();
    let stored = serde_json::to_string(&snapshot).unwrap();
    assert!(stored.contains("\"encodedList\":\"uH4sI"));
    assert!(stored.contains("\"status\":\"0x3\""));
    let restored_snapshot: StatusListSnapshot = serde_json::from_str(&stored).unwrap();
    assert_eq!(restored_snapshot, snapshot);
    let mut restored = StatusList::from_snapshot(&restored_snapshot).unwrap();
    assert_eq!(restored, list);
    assert_eq!(restored.get(first[0]), Ok(3));
    // Both continue with the same, still unused, indexes.
    let next = restored.allocate().unwrap();
    assert_eq!(next, list.allocate().unwrap());
    assert!(!first.contains(&next));
    // Damaged snapshots are refused.
    let mut bad = snapshot.clone();
    bad.entries = MIN_ENTRIES * 2;
    assert!(matches!(
        StatusList::from_snapshot(&bad),
        Err(StatusError::InvalidConfig { .. })
    ));
    let mut bad = snapshot.clone();
    bad.allocator.as_mut().unwrap().key = "zz".into();
    assert!(matches!(
        StatusList::from_snapshot(&bad),
        Err(StatusError::InvalidConfig { .. })
    ));
    let mut bad = snapshot;
    bad.encoded_list = bad.encoded_list[1..].to_owned();
    assert_eq!(
        StatusList::from_snapshot(&bad),
        Err(StatusError::MissingMultibasePrefix)
    );
}

#[test]
fn list_rebuilt_from_its_credential_updates_but_cannot_allocate() {
    let mut list = seeded(StatusListConfig::revocation());
    let i = list.allocate().unwrap();
    list.set(i, true).unwrap();
    let credential = list.to_credential("did:example:i", URL, at(0), None);
    let mut rebuilt = StatusList::from_credential(&credential).unwrap();
    assert_eq!(rebuilt.purpose(), &StatusPurpose::Revocation);
    assert_eq!(rebuilt.entries(), MIN_ENTRIES);
    assert_eq!(rebuilt.get(i), Ok(1));
    assert_eq!(
        rebuilt.set(i, false),
        Err(StatusError::RevocationIsFinal { index: i })
    );
    assert_eq!(rebuilt.allocate(), Err(StatusError::AllocatorUnavailable));
    rebuilt.set((i + 1) % MIN_ENTRIES, true).unwrap();
    // The same list published again is byte-identical apart from the change.
    let again = rebuilt.to_credential("did:example:i", URL, at(0), None);
    let values = hand_decode(&again, 1);
    assert_eq!(values.iter().sum::<u64>(), 2);
    // Message lists need their snapshot.
    let message = seeded(StatusListConfig::message(
        1,
        vec![StatusMessage::new(0, "a"), StatusMessage::new(1, "b")],
    ));
    assert!(matches!(
        StatusList::from_credential(&message.to_credential("did:example:i", URL, at(0), None)),
        Err(StatusError::InvalidConfig { .. })
    ));
}
