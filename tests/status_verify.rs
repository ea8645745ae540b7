//! Verifying side of credential status: published fixtures, the lookup
//! rules of Bitstring Status List v1.0, hostile encodings, StatusList2021
//! and the 1EdTech revocation list.

use std::io::Write;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use flate2::Compression;
use flate2::write::GzEncoder;
use openbadges::status::{
    BitstringStatusListEntry, DecodedStatusList, RevocationList, StatusError, StatusLimits,
    StatusPurpose, status_of,
};
use serde_json::{Value, json};

fn fixture(name: &str) -> Value {
    let path = format!("{}/fixtures/status/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

/// `u` + base64url(gzip(bytes)), built independently of the crate.
fn encode(bytes: &[u8]) -> String {
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(bytes).unwrap();
    format!("u{}", URL_SAFE_NO_PAD.encode(gz.finish().unwrap()))
}

fn list_credential(purpose: Value, encoded: &str) -> Value {
    json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "https://example.org/status/1",
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": "did:example:issuer",
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": {
            "id": "https://example.org/status/1#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": encoded
        }
    })
}

fn entry(purpose: &str, index: &str) -> Value {
    json!({
        "id": format!("https://example.org/status/1#{index}"),
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": index,
        "statusListCredential": "https://example.org/status/1"
    })
}

fn parse(v: &Value) -> BitstringStatusListEntry {
    BitstringStatusListEntry::from_value(v).unwrap()
}

#[test]
fn onedtech_fixture_index_23_is_revoked() {
    let list = DecodedStatusList::from_credential(&fixture("1edtech-testlist.json")).unwrap();
    assert_eq!(list.bit_len(), 131_072);
    assert_eq!(list.purposes(), [StatusPurpose::Revocation]);
    assert_eq!(
        list.credential_id(),
        Some("https://example.com/credentials/status/3")
    );
    let credential = fixture("1edtech-credential-status-revoked.json");
    let e = parse(&credential["credentialStatus"]);
    assert_eq!(e.index, 23);
    assert!(status_of(&e, &list).unwrap().is_set());
    for index in ["0", "22", "24", "131071"] {
        let status = list.status_of(&parse(&entry("revocation", index))).unwrap();
        assert!(!status.is_set(), "{index}");
    }
}

#[test]
fn w3c_example_list_is_all_clear() {
    let list = DecodedStatusList::from_credential(&fixture("w3c-example-list.json")).unwrap();
    assert_eq!(list.bit_len(), 131_072);
    for index in [0u64, 1, 94_567, 131_071] {
        let status = list
            .status_of(&parse(&entry("revocation", &index.to_string())))
            .unwrap();
        assert_eq!(status.value, 0);
        assert_eq!(status.purpose, StatusPurpose::Revocation);
    }
}

#[test]
fn decoded_list_is_reused_across_lookups() {
    // The list is decoded once; lookups borrow it immutably.
    let mut bytes = vec![0u8; 16_384];
    bytes[0] = 0b1000_0001; // indexes 0 and 7
    bytes[16_383] = 0b0000_0001; // index 131071
    let list =
        DecodedStatusList::from_credential(&list_credential(json!("revocation"), &encode(&bytes)))
            .unwrap();
    let set: Vec<u64> = (0..131_072u64)
        .filter(|i| {
            list.status_of(&parse(&entry("revocation", &i.to_string())))
                .unwrap()
                .is_set()
        })
        .collect();
    assert_eq!(set, [0, 7, 131_071]);
}

#[test]
fn index_past_end_is_a_range_error() {
    let list = DecodedStatusList::from_credential(&fixture("w3c-example-list.json")).unwrap();
    assert_eq!(
        list.status_of(&parse(&entry("revocation", "131072"))),
        Err(StatusError::IndexOutOfRange {
            index: 131_072,
            entries: 131_072
        })
    );
    assert!(matches!(
        list.status_of(&parse(&entry("revocation", "18446744073709551615"))),
        Err(StatusError::IndexOutOfRange { .. })
    ));
}

#[test]
fn wrong_purpose_is_refused() {
    let list = DecodedStatusList::from_credential(&fixture("w3c-example-list.json")).unwrap();
    assert_eq!(
        list.status_of(&parse(&entry("suspension", "5"))),
        Err(StatusError::PurposeMismatch {
            entry: "suspension".into(),
            list: vec!["revocation".into()]
        })
    );
    // A list may serve several purposes.
    let both = list_credential(json!(["revocation", "suspension"]), &encode(&[0; 16_384]));
    let list = DecodedStatusList::from_credential(&both).unwrap();
    assert!(list.status_of(&parse(&entry("suspension", "5"))).is_ok());
}

#[test]
fn multi_bit_entries_and_messages() {
    // 2-bit entries: entry 0 = 0b01, entry 1 = 0b10, entry 3 = 0b11.
    let mut bytes = vec![0u8; 32_768];
    bytes[0] = 0b0110_0011;
    let list =
        DecodedStatusList::from_credential(&list_credential(json!("message"), &encode(&bytes)))
            .unwrap();
    let messages = json!([
        {"status": "0x0", "message": "pending"},
        {"status": "0x1", "message": "accepted"},
        {"status": "0x2", "message": "rejected"},
        {"status": "0x3", "message": "withdrawn"}
    ]);
    let lookup = |index: &str| {
        let mut e = entry("message", index);
        e["statusSize"] = json!(2);
        e["statusMessage"] = messages.clone();
        list.status_of(&parse(&e)).unwrap()
    };
    assert_eq!(
        (lookup("0").value, lookup("0").message.as_deref()),
        (1, Some("accepted"))
    );
    assert_eq!(lookup("1").message.as_deref(), Some("rejected"));
    assert_eq!(lookup("2").message.as_deref(), Some("pending"));
    assert_eq!(lookup("3").message.as_deref(), Some("withdrawn"));
}

#[test]
fn status_size_must_divide_and_fill_the_minimum() {
    // 16,384 bytes = 131,072 bits: 3-bit entries do not divide it.
    let list = DecodedStatusList::from_credential(&fixture("w3c-example-list.json")).unwrap();
    let mut e = entry("revocation", "1");
    e["statusSize"] = json!(3);
    e["statusMessage"] = json!(
        (0..8)
            .map(|i| json!({"status": format!("{i:#x}"), "message": "m"}))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        list.status_of(&parse(&e)),
        Err(StatusError::StatusSizeMismatch {
            bits: 131_072,
            status_size: 3
        })
    );
    // 2-bit entries divide it but leave only 65,536 entries.
    let mut e = entry("revocation", "1");
    e["statusSize"] = json!(2);
    e["statusMessage"] = json!(
        (0..4)
            .map(|i| json!({"status": format!("{i:#x}"), "message": "m"}))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        list.status_of(&parse(&e)),
        Err(StatusError::ListTooShort {
            entries: 65_536,
            minimum: 131_072
        })
    );
}

#[test]
fn short_lists_are_refused_unless_the_ecosystem_allows() {
    let short = list_credential(json!("revocation"), &encode(&[0xff; 1024]));
    assert_eq!(
        DecodedStatusList::from_credential(&short),
        Err(StatusError::ListTooShort {
            entries: 8192,
            minimum: 131_072
        })
    );
    let lenient = StatusLimits {
        min_entries: 8,
        ..StatusLimits::default()
    };
    let list = DecodedStatusList::from_credential_with_limits(&short, &lenient).unwrap();
    assert!(
        list.status_of(&parse(&entry("revocation", "8191")))
            .unwrap()
            .is_set()
    );
}

/// The same list with its GZIP stream cut short (CRC and size trailer gone).
fn truncated_gzip(encoded: &str) -> String {
    let compressed = URL_SAFE_NO_PAD.decode(&encoded[1..]).unwrap();
    format!(
        "u{}",
        URL_SAFE_NO_PAD.encode(&compressed[..compressed.len() - 5])
    )
}

#[test]
fn bad_encodings_are_typed_errors() {
    let good = encode(&[0; 16_384]);
    let cases = [
        (good[1..].to_owned(), "no prefix"),
        (format!("z{}", &good[1..]), "wrong multibase"),
        ("u!!!!".to_owned(), "not base64"),
        (
            format!("u{}", URL_SAFE_NO_PAD.encode(b"plain bytes, not gzip")),
            "not gzip",
        ),
        (truncated_gzip(&good), "truncated gzip"),
        ("u".to_owned(), "empty"),
    ];
    for (encoded, what) in cases {
        let err =
            DecodedStatusList::from_credential(&list_credential(json!("revocation"), &encoded))
                .unwrap_err();
        let ok = match what {
            "no prefix" | "wrong multibase" => err == StatusError::MissingMultibasePrefix,
            "not base64" => err == StatusError::InvalidBase64,
            "empty" => matches!(
                err,
                StatusError::InvalidGzip { .. } | StatusError::ListTooShort { .. }
            ),
            _ => matches!(err, StatusError::InvalidGzip { .. }),
        };
        assert!(ok, "{what}: {err:?}");
    }
}

#[test]
fn zip_bomb_is_stopped_at_the_limit() {
    // 17 MiB of zeros compresses to ~17 KiB: one MiB over the default cap.
    let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..17 {
        gz.write_all(&zeros).unwrap();
    }
    let encoded = format!("u{}", URL_SAFE_NO_PAD.encode(gz.finish().unwrap()));
    assert!(encoded.len() < 200_000);
    assert_eq!(
        DecodedStatusList::from_credential(&list_credential(json!("revocation"), &encoded)),
        Err(StatusError::DecodedTooLarge {
            limit: 16 * 1024 * 1024
        })
    );
    let tight = StatusLimits {
        max_encoded_bytes: 1000,
        ..StatusLimits::default()
    };
    assert!(matches!(
        DecodedStatusList::from_credential_with_limits(
            &list_credential(json!("revocation"), &encoded),
            &tight
        ),
        Err(StatusError::EncodedTooLarge { limit: 1000, .. })
    ));
}

#[test]
fn malformed_entries_are_typed_errors() {
    let base = entry("revocation", "5");
    let with = |key: &str, v: Value| {
        let mut e = base.clone();
        e[key] = v;
        BitstringStatusListEntry::from_value(&e).unwrap_err()
    };
    let without = |key: &str| {
        let mut e = base.clone();
        e.as_object_mut().unwrap().remove(key);
        BitstringStatusListEntry::from_value(&e).unwrap_err()
    };
    assert_eq!(
        without("statusListIndex"),
        StatusError::MissingField {
            pointer: "/statusListIndex".into()
        }
    );
    assert_eq!(
        without("statusPurpose"),
        StatusError::MissingField {
            pointer: "/statusPurpose".into()
        }
    );
    assert_eq!(
        without("statusListCredential"),
        StatusError::MissingField {
            pointer: "/statusListCredential".into()
        }
    );
    for bad in [
        json!("-1"),
        json!("1.5"),
        json!(" 1"),
        json!(""),
        json!("0x10"),
        json!(-3),
        json!(true),
    ] {
        assert!(
            matches!(with("statusListIndex", bad.clone()), StatusError::InvalidField { ref pointer, .. } if pointer == "/statusListIndex"),
            "{bad}"
        );
    }
    assert!(matches!(
        with("statusListIndex", json!("99999999999999999999999")),
        StatusError::InvalidField { .. }
    ));
    assert!(matches!(
        with("type", json!("RevocationList2020Status")),
        StatusError::UnsupportedType { .. }
    ));
    assert!(matches!(
        with("statusSize", json!(0)),
        StatusError::InvalidField { .. }
    ));
    // statusSize > 1 needs statusMessage with 2^statusSize items.
    assert!(
        matches!(with("statusSize", json!(2)), StatusError::InvalidField { ref pointer, .. } if pointer == "/statusMessage")
    );
    let mut e = base.clone();
    e["statusSize"] = json!(2);
    e["statusMessage"] = json!([{"status": "0x0", "message": "a"}]);
    assert!(matches!(
        BitstringStatusListEntry::from_value(&e),
        Err(StatusError::InvalidField { .. })
    ));
    e["statusMessage"] = json!([{"status": "0", "message": "a"}, {"status": "0x1", "message": "b"}, {"status": "0x2", "message": "c"}, {"status": "0x3", "message": "d"}]);
    assert!(matches!(
        BitstringStatusListEntry::from_value(&e),
        Err(StatusError::InvalidField { .. })
    ));
    assert!(matches!(
        BitstringStatusListEntry::from_value(&json!("x")),
        Err(StatusError::InvalidField { .. })
    ));
}

#[test]
fn malformed_list_credentials_are_typed_errors() {
    let good = list_credential(json!("revocation"), &encode(&[0; 16_384]));
    let mut wrong_type = good.clone();
    wrong_type["type"] = json!(["VerifiableCredential"]);
    assert!(matches!(
        DecodedStatusList::from_credential(&wrong_type),
        Err(StatusError::UnsupportedType { .. })
    ));
    let mut wrong_subject = good.clone();
    wrong_subject["credentialSubject"]["type"] = json!("RevocationList2020");
    assert!(matches!(
        DecodedStatusList::from_credential(&wrong_subject),
        Err(StatusError::UnsupportedType { .. })
    ));
    let mut no_list = good.clone();
    no_list["credentialSubject"]
        .as_object_mut()
        .unwrap()
        .remove("encodedList");
    assert_eq!(
        DecodedStatusList::from_credential(&no_list),
        Err(StatusError::MissingField {
            pointer: "/credentialSubject/encodedList".into()
        })
    );
    let mut no_purpose = good.clone();
    no_purpose["credentialSubject"]["statusPurpose"] = json!([]);
    assert!(matches!(
        DecodedStatusList::from_credential(&no_purpose),
        Err(StatusError::InvalidField { .. })
    ));
    // A VC-JWT payload carrying the list in `vc` is accepted.
    assert!(
        DecodedStatusList::from_credential(&json!({"iss": "did:example:issuer", "vc": good}))
            .is_ok()
    );
}

#[test]
fn legacy_status_list_2021_is_read() {
    // StatusList2021 lists were plain base64url (no multibase prefix).
    let mut bytes = vec![0u8; 16_384];
    bytes[0] = 0b0000_0010; // index 6
    let encoded = encode(&bytes)[1..].to_owned();
    let credential = json!({
        "@context": ["https://www.w3.org/2018/credentials/v1", "https://w3id.org/vc/status-list/2021/v1"],
        "id": "https://example.org/status/2021",
        "type": ["VerifiableCredential", "StatusList2021Credential"],
        "issuer": "did:example:issuer",
        "issuanceDate": "2024-01-01T00:00:00Z",
        "credentialSubject": {"id": "https://example.org/status/2021#list", "type": "StatusList2021", "statusPurpose": "revocation", "encodedList": encoded}
    });
    let list = DecodedStatusList::from_credential(&credential).unwrap();
    assert!(list.is_legacy_status_list_2021());
    let e = parse(&json!({
        "id": "https://example.org/status/2021#6",
        "type": "StatusList2021Entry",
        "statusPurpose": "revocation",
        "statusListIndex": "6",
        "statusListCredential": "https://example.org/status/2021"
    }));
    assert!(e.legacy_status_list_2021);
    assert!(list.status_of(&e).unwrap().is_set());
    assert_eq!(e.to_value()["type"], "StatusList2021Entry");
}

#[test]
fn entry_round_trips_through_json() {
    let mut v = entry("message", "42");
    v["statusSize"] = json!(1);
    v["statusMessage"] =
        json!([{"status": "0x0", "message": "ok"}, {"status": "0x1", "message": "held"}]);
    let e = parse(&v);
    let mut expected = v.clone();
    expected.as_object_mut().unwrap().remove("statusSize"); // 1 is the default
    assert_eq!(e.to_value(), expected);
}

#[test]
fn onedtech_revocation_list_accepts_both_key_spellings() {
    let plural =
        json!({"revokedCredentials": [{"id": "urn:a"}, {"id": "urn:b", "revoked": false}]});
    let singular = json!({"revokedCredential": [{"id": "urn:a", "revoked": true, "revocationReason": "fraud"}]});
    let ob2 = json!({"type": "RevocationList", "revokedAssertions": ["urn:a", {"id": "urn:c", "revocationReason": "x"}]});
    for doc in [&plural, &singular, &ob2] {
        let list = RevocationList::from_value(doc).unwrap();
        assert!(list.is_revoked("urn:a"), "{doc}");
        assert!(!list.is_revoked("urn:b"), "{doc}");
        assert!(!list.is_revoked("urn:z"), "{doc}");
    }
    assert_eq!(
        RevocationList::from_value(&singular)
            .unwrap()
            .revocation("urn:a")
            .unwrap()
            .reason
            .as_deref(),
        Some("fraud")
    );
    // Items under both keys are merged.
    let both =
        json!({"revokedCredentials": [{"id": "urn:a"}], "revokedCredential": [{"id": "urn:b"}]});
    let list = RevocationList::from_value(&both).unwrap();
    assert!(list.is_revoked("urn:a") && list.is_revoked("urn:b"));
    // An empty list is valid; a document without any list key is not.
    assert!(
        RevocationList::from_value(&json!({"revokedCredentials": []}))
            .unwrap()
            .revoked
            .is_empty()
    );
    assert!(matches!(
        RevocationList::from_value(&json!({"id": "x"})),
        Err(StatusError::MissingField { .. })
    ));
    assert!(matches!(
        RevocationList::from_value(&json!({"revokedCredentials": {}})),
        Err(StatusError::InvalidField { .. })
    ));
    assert!(matches!(
        RevocationList::from_value(&json!({"revokedCredentials": [{"revoked": true}]})),
        Err(StatusError::MissingField { pointer }) if pointer == "/revokedCredentials/0/id"
    ));
    assert!(matches!(
        RevocationList::from_value(
            &json!({"revokedCredentials": [{"id": "urn:a", "revoked": "yes"}]})
        ),
        Err(StatusError::InvalidField { .. })
    ));
}
