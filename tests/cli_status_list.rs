//! `openbadges status-list new|allocate|set|export` and `issue --status-list`: a round trip
//! through the list file, and failures that leave the file untouched.

mod cli_support;
use cli_support::*;

use std::path::Path;

use chrono::{TimeZone, Utc};
use openbadges::issuer::verify_signature;
use openbadges::keys::BuiltinResolver;
use openbadges::proof::VerifyOptions;
use openbadges::status::{BitstringStatusListEntry, DecodedStatusList};
use serde_json::Value;

const KEY_SEED: &str = "0707070707070707070707070707070707070707070707070707070707070707";
const OTHER_SEED: &str = "0808080808080808080808080808080808080808080808080808080808080808";
const LIST_SEED: &str = "0101010101010101010101010101010101010101010101010101010101010101";
const URL: &str = "https://badges.example.org/status/revocation-1";

fn new_list(dir: &Path, key: &str, purpose: &str) -> String {
    let list = dir.join(format!("{purpose}.json"));
    let (code, stdout, stderr) = run(&[
        "status-list",
        "new",
        "--purpose",
        purpose,
        "--id",
        URL,
        "--issuer-key",
        key,
        "--now",
        "2025-01-01T00:00:00Z",
        "--seed",
        LIST_SEED,
        "-o",
        list.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty());
    list.to_str().unwrap().to_owned()
}

fn export(list: &str) -> Value {
    let (code, stdout, stderr) = run(&["status-list", "export", list]);
    assert_eq!(code, 0, "{stderr}");
    let credential: Value = serde_json::from_str(&stdout).unwrap();
    let now = Utc.with_ymd_and_hms(2025, 6, 1, 0, 0, 0).unwrap();
    verify_signature(&credential, &BuiltinResolver, &VerifyOptions::new(now)).unwrap();
    credential
}

fn is_set(list_credential: &Value, entry: &Value) -> bool {
    let decoded = DecodedStatusList::from_credential(list_credential).unwrap();
    let entry = BitstringStatusListEntry::from_value(entry).unwrap();
    decoded.status_of(&entry).unwrap().is_set()
}

fn no_temporary_files(dir: &Path) {
    let leftovers: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn new_allocate_issue_set_export_round_trip() {
    let dir = temp_dir("status-roundtrip");
    let key = key_file(&dir, KEY_SEED, "key.json");
    let list = new_list(&dir, &key, "revocation");

    let published = export(&list);
    assert_eq!(published["id"], URL);
    assert_eq!(
        published["credentialSubject"]["statusPurpose"],
        "revocation"
    );
    assert_eq!(published["validFrom"], "2025-01-01T00:00:00Z");

    // allocate prints an entry of this list.
    let (code, stdout, stderr) = run(&["status-list", "allocate", &list]);
    assert_eq!(code, 0, "{stderr}");
    let allocated: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(allocated["statusListCredential"], URL);
    assert!(!is_set(&published, &allocated));

    // issue --status-list attaches a fresh entry and saves the list.
    let before = std::fs::read(&list).unwrap();
    let (code, stdout, stderr) = run(&[
        "issue",
        "--achievement",
        &fixture("cli/achievement.json"),
        "--issuer-key",
        &key,
        "--recipient-id",
        "did:example:learner",
        "--now",
        "2025-02-01T00:00:00Z",
        "--seed",
        "01",
        "--status-list",
        &list,
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert_ne!(
        std::fs::read(&list).unwrap(),
        before,
        "the allocator state is saved"
    );
    let credential: Value = serde_json::from_str(&stdout).expect("stdout is only the credential");
    let entry = &credential["credentialStatus"];
    assert_eq!(entry["type"], "BitstringStatusListEntry");
    assert_eq!(entry["statusPurpose"], "revocation");
    assert_eq!(entry["statusListCredential"], URL);
    assert_ne!(entry["statusListIndex"], allocated["statusListIndex"]);
    let now = Utc.with_ymd_and_hms(2025, 6, 1, 0, 0, 0).unwrap();
    verify_signature(&credential, &BuiltinResolver, &VerifyOptions::new(now)).unwrap();
    assert!(openbadges::validate::credential(&credential).is_valid());

    // Revoke the credential's entry; the re-signed list shows it, and only it.
    let index = entry["statusListIndex"].as_str().unwrap();
    let (code, _, stderr) = run(&[
        "status-list",
        "set",
        &list,
        index,
        "revoked",
        "--issuer-key",
        &key,
        "--now",
        "2025-03-01T00:00:00Z",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let republished = export(&list);
    assert_eq!(republished["validFrom"], "2025-03-01T00:00:00Z");
    assert!(is_set(&republished, entry));
    assert!(!is_set(&republished, &allocated));
    no_temporary_files(&dir);
}

#[test]
fn suspension_can_be_cleared() {
    let dir = temp_dir("status-suspension");
    let key = key_file(&dir, KEY_SEED, "key.json");
    let list = new_list(&dir, &key, "suspension");
    let (_, stdout, _) = run(&["status-list", "allocate", &list]);
    let entry: Value = serde_json::from_str(&stdout).unwrap();
    let index = entry["statusListIndex"].as_str().unwrap();
    for (status, expected) in [("suspended", true), ("valid", false)] {
        let (code, _, stderr) = run(&[
            "status-list",
            "set",
            &list,
            index,
            status,
            "--issuer-key",
            &key,
            "--now",
            "2025-03-01T00:00:00Z",
        ]);
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(is_set(&export(&list), &entry), expected, "{status}");
    }
}

#[test]
fn a_failing_set_leaves_the_list_file_intact() {
    let dir = temp_dir("status-failing-set");
    let key = key_file(&dir, KEY_SEED, "key.json");
    let other_key = key_file(&dir, OTHER_SEED, "other.json");
    let list = new_list(&dir, &key, "revocation");
    let (_, stdout, _) = run(&["status-list", "allocate", &list]);
    let entry: Value = serde_json::from_str(&stdout).unwrap();
    let index = entry["statusListIndex"].as_str().unwrap().to_owned();
    let (code, _, _) = run(&[
        "status-list",
        "set",
        &list,
        &index,
        "revoked",
        "--issuer-key",
        &key,
        "--now",
        "2025-03-01T00:00:00Z",
    ]);
    assert_eq!(code, 0);
    let intact = std::fs::read(&list).unwrap();

    for (args, code, message) in [
        // A revocation is final.
        (
            vec![index.as_str(), "valid", "--issuer-key", &key],
            1,
            "final",
        ),
        // Not an allocated index.
        (
            vec!["5", "revoked", "--issuer-key", &key],
            1,
            "cannot set index 5",
        ),
        // Out of range.
        (
            vec!["99999999", "revoked", "--issuer-key", &key],
            1,
            "cannot set index",
        ),
        // Not the list's key.
        (
            vec![index.as_str(), "revoked", "--issuer-key", &other_key],
            2,
            "not the list's key",
        ),
        // Wrong status for the purpose.
        (
            vec![index.as_str(), "suspended", "--issuer-key", &key],
            2,
            "revocation list",
        ),
        // Bad date.
        (
            vec![
                index.as_str(),
                "revoked",
                "--issuer-key",
                &key,
                "--now",
                "soon",
            ],
            2,
            "RFC 3339",
        ),
    ] {
        let mut full = vec!["status-list", "set", list.as_str()];
        full.extend(args);
        let (got, _, stderr) = run(&full);
        assert_eq!(got, code, "{full:?}: {stderr}");
        assert!(stderr.contains(message), "{full:?}: {stderr}");
        assert_eq!(
            std::fs::read(&list).unwrap(),
            intact,
            "{full:?} left the file as it was"
        );
    }
    no_temporary_files(&dir);
}

#[test]
fn new_refuses_to_overwrite_and_bad_files_exit_2() {
    let dir = temp_dir("status-new");
    let key = key_file(&dir, KEY_SEED, "key.json");
    let list = new_list(&dir, &key, "revocation");
    let intact = std::fs::read(&list).unwrap();
    let (code, _, stderr) = run(&[
        "status-list",
        "new",
        "--purpose",
        "revocation",
        "--id",
        URL,
        "--issuer-key",
        &key,
        "-o",
        &list,
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("never overwritten"), "{stderr}");
    assert_eq!(std::fs::read(&list).unwrap(), intact);

    let (code, _, stderr) = run(&["status-list", "export", &key]);
    assert_eq!(code, 2);
    assert!(stderr.contains("not a status list file"), "{stderr}");
    let (code, _, _) = run(&[
        "status-list",
        "allocate",
        dir.join("none.json").to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
}
