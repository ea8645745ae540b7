//! `openbadges verify`, `bake` and `unbake`: exit codes, options, round trip.

mod cli_support;
mod verify_support;

use std::path::PathBuf;

use cli_support::run;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use verify_support::*;

const NOW: &str = "2026-03-01T12:00:00Z";

/// A fresh directory for one test's files.
fn dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("cli_verify_{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &std::path::Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

/// Runs `verify` and returns the exit code and the JSON report.
fn verify(args: &[&str]) -> (i32, Value) {
    let mut all = vec!["verify", "--now", NOW];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = run(&all);
    let report = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("not a JSON report ({e}): {stdout} / {stderr}"));
    (code, report)
}

fn signed(edit: impl FnOnce(&mut Value)) -> Value {
    let key = key(1);
    let mut credential = badge(&did(&key));
    edit(&mut credential);
    sign(&credential, Suite::Rdfc, &key)
}

#[test]
fn exit_codes() {
    let d = dir("exit_codes");
    let valid = write(&d, "valid.json", &to_bytes(&signed(|_| {})));
    let (code, report) = verify(&[&valid]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["outcome"], "VERIFIED");
    assert_eq!(report["display"]["achievement_name"], "Fractions");

    let mut tampered = signed(|_| {});
    tampered["name"] = "Other".into();
    let tampered = write(&d, "tampered.json", &to_bytes(&tampered));
    let (code, report) = verify(&[&tampered]);
    assert_eq!(code, 1);
    assert_eq!(report["outcome"], "FORGED");

    let expired = write(
        &d,
        "expired.json",
        &to_bytes(&signed(|c| c["validUntil"] = "2026-02-01T00:00:00Z".into())),
    );
    let (code, report) = verify(&[&expired]);
    assert_eq!(code, 1);
    assert_eq!(report["outcome"], "EXPIRED");
    // The same badge, checked before it expired.
    let (code, _, _) = run(&["verify", "--now", "2026-01-15T00:00:00Z", &expired]);
    assert_eq!(code, 0);

    let garbage = write(&d, "garbage.json", b"{\"id\": ");
    let (code, report) = verify(&[&garbage]);
    assert_eq!(code, 2);
    assert_eq!(report["outcome"], "UNREADABLE");
    assert_eq!(report["checks"][0]["code"], "PARSE");

    let (code, _, stderr) = run(&["verify", "--now", NOW, "/nonexistent/badge.json"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot read"));
    let (code, _, stderr) = run(&["verify", "--now", "yesterday", &valid]);
    assert_eq!(code, 2);
    assert!(stderr.contains("RFC 3339"));
}

#[test]
fn did_document_option() {
    let d = dir("did_document");
    let key = key(1);
    let issuer = "did:web:school.example";
    let signed = sign_with_method(
        &badge(issuer),
        Suite::Rdfc,
        &key,
        &format!("{issuer}#key-1"),
    );
    let badge_file = write(&d, "badge.json", &to_bytes(&signed));
    let (code, report) = verify(&[&badge_file]);
    assert_eq!(code, 1);
    assert_eq!(report["outcome"], "KEY_UNAVAILABLE");

    let document = json!({
        "id": issuer,
        "verificationMethod": [{
            "id": "#key-1",
            "type": "Multikey",
            "controller": issuer,
            "publicKeyMultibase": key.public_key().to_multibase(),
        }],
        "assertionMethod": ["#key-1"],
    });
    let doc_file = write(&d, "did.json", &serde_json::to_vec(&document).unwrap());
    let (code, report) = verify(&["--did-document", &doc_file, &badge_file]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["outcome"], "VERIFIED");
}

#[test]
fn status_list_option() {
    let d = dir("status_list");
    let key = key(1);
    let (list, _, entry) = status_list(true, true);
    let badge_file = write(
        &d,
        "badge.json",
        &to_bytes(&signed(|c| c["credentialStatus"] = entry.clone())),
    );
    let list_file = write(
        &d,
        "list.json",
        &serde_json::to_vec(&signed_status_list(&list, &key, None)).unwrap(),
    );

    let (code, report) = verify(&[&badge_file]);
    assert_eq!(code, 1);
    assert_eq!(report["outcome"], "STATUS_UNAVAILABLE");
    let status = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "STATUS")
        .unwrap();
    assert!(status["message"].as_str().unwrap().contains("not supplied"));
    // The report still says the signature itself is valid.
    assert_eq!(report["proofs"][0]["verified"], true);

    let (code, _) = verify(&["--allow-unchecked-status", &badge_file]);
    assert_eq!(code, 0);

    let registered = format!("{STATUS_URL}={list_file}");
    let (code, report) = verify(&["--status-list", &registered, &badge_file]);
    assert_eq!(code, 1);
    assert_eq!(report["outcome"], "REVOKED");
    // Registered under its own id.
    let (code, report) = verify(&["--status-list", &list_file, &badge_file]);
    assert_eq!(code, 1);
    assert_eq!(report["outcome"], "REVOKED");
}

#[test]
fn recipient_option() {
    let d = dir("recipient");
    let hash = format!(
        "sha256${}",
        Sha256::digest(b"ada@school.example")
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    let badge_file = write(
        &d,
        "badge.json",
        &to_bytes(&signed(|c| {
            c["credentialSubject"]["identifier"] = json!([{
                "type": "IdentityObject",
                "identityType": "emailAddress",
                "hashed": true,
                "identityHash": hash,
            }]);
        })),
    );
    let (code, report) = verify(&["--recipient", "ada@school.example", &badge_file]);
    assert_eq!(code, 0, "{report:#}");
    let (code, report) = verify(&["--recipient", "eve@school.example", &badge_file]);
    assert_eq!(code, 1);
    assert_eq!(report["outcome"], "RECIPIENT_MISMATCH");
    let (code, _) = verify(&["--recipient", "did:example:learner", &badge_file]);
    assert_eq!(code, 0);
}

#[test]
#[cfg(feature = "jose")]
fn bake_unbake_round_trip() {
    let d = dir("bake");
    let key = key(1);
    let json_badge = signed(|_| {});
    let jwt_badge = sign(&badge(&did(&key)), Suite::Jwt, &key);
    let png = write(&d, "in.png", &png_image());
    let svg = write(&d, "in.svg", &svg_image());
    for (image, credential, out) in [
        (&png, &json_badge, "out.png"),
        (&svg, &json_badge, "out.svg"),
        (&png, &jwt_badge, "jwt.png"),
        (&svg, &jwt_badge, "jwt.svg"),
    ] {
        let credential_file = write(&d, &format!("{out}.credential"), &to_bytes(credential));
        let out = d.join(out).to_string_lossy().into_owned();
        let (code, _, stderr) = run(&[
            "bake",
            "--image",
            image,
            "--credential",
            &credential_file,
            "-o",
            &out,
        ]);
        assert_eq!(code, 0, "{stderr}");
        let (code, report) = verify(&[&out]);
        assert_eq!(code, 0, "{report:#}");
        let (code, stdout, _) = run(&["unbake", &out]);
        assert_eq!(code, 0);
        match credential {
            Value::String(token) => assert_eq!(stdout.trim(), token),
            other => assert_eq!(serde_json::from_str::<Value>(&stdout).unwrap(), *other),
        }
    }
    let (code, _, stderr) = run(&["unbake", &png]);
    assert_eq!(code, 2, "an image with nothing baked in");
    assert!(stderr.contains("error"));
    let not_json = write(&d, "bad.credential", b"{not json");
    let out = d.join("bad.png").to_string_lossy().into_owned();
    let (code, _, _) = run(&[
        "bake",
        "--image",
        &png,
        "--credential",
        &not_json,
        "-o",
        &out,
    ]);
    assert_eq!(code, 2);
}
