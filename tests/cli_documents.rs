//! The documents a badge refers to, on the command line: `--context URL=FILE` (and its
//! `--context-sha256` pin) through `sign`, `verify` and `canonicalize`; `verify --documents DIR`;
//! `needs`; the issuer's private status-list file refused; `verify --strict`; forged VC-JWTs;
//! a closed stdout pipe.
#![cfg(feature = "cli")]

mod cli_support;
mod verify_support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use cli_support::{key_file, run};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const NOW: &str = "2026-03-01T12:00:00Z";
const CREATED: &str = "2026-01-01T00:00:00Z";
const KEY_SEED: &str = "0303030303030303030303030303030303030303030303030303030303030303";
const WEB_SEED: &str = "0404040404040404040404040404040404040404040404040404040404040404";
const LIST_SEED: &str = "0505050505050505050505050505050505050505050505050505050505050505";
const CONTEXT_URL: &str = "https://district.example/contexts/rubric-v1.json";
const RUBRIC_IRI: &str = "https://district.example/vocab#rubricUrl";
const RUBRIC: &str = "https://district.example/rubrics/fractions";
const WEB_DID: &str = "did:web:school.example";
const WEB_METHOD: &str = "did:web:school.example#key-1";
const STATUS_URL: &str = "https://school.example/status/1";

/// A fresh directory for one test's files.
fn dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("cli_documents_{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

fn write_json(dir: &Path, name: &str, value: &Value) -> String {
    write(dir, name, &serde_json::to_vec_pretty(value).unwrap())
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The district's extension context: one term, an IRI-valued `rubricUrl`.
fn context_bytes() -> Vec<u8> {
    serde_json::to_vec_pretty(
        &json!({"@context": {"rubricUrl": {"@id": RUBRIC_IRI, "@type": "@id"}}}),
    )
    .unwrap()
}

/// A valid OB 3.0 badge by `issuer` that uses the extension context.
fn extended_badge(issuer: &str) -> Value {
    let mut badge = verify_support::badge(issuer);
    badge["@context"]
        .as_array_mut()
        .unwrap()
        .push(CONTEXT_URL.into());
    badge["rubricUrl"] = RUBRIC.into();
    badge
}

/// The `did` of a key file.
fn did_of(key_path: &str) -> String {
    let key: Value = serde_json::from_slice(&std::fs::read(key_path).unwrap()).unwrap();
    key["did"].as_str().unwrap().to_owned()
}

/// `openbadges sign --created CREATED ARGS…`: the signed credential.
fn sign(args: &[&str]) -> Value {
    let mut all = vec!["sign", "--created", CREATED];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = run(&all);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).unwrap()
}

/// `openbadges verify --now NOW ARGS…`: the exit code and the JSON report.
fn verify(args: &[&str]) -> (i32, Value) {
    let mut all = vec!["verify", "--now", NOW];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = run(&all);
    let report = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("not a JSON report ({e}): {stdout} / {stderr}"));
    (code, report)
}

/// `openbadges needs ARGS…`: the exit code and the JSON list.
fn needs(args: &[&str]) -> (i32, Value) {
    let mut all = vec!["needs"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = run(&all);
    let list = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {stdout} / {stderr}"));
    (code, list)
}

fn check<'a>(report: &'a Value, code: &str) -> &'a Value {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == code)
        .unwrap_or_else(|| panic!("no {code} check: {report:#}"))
}

#[test]
fn extension_context_round_trip() {
    let d = dir("context");
    let key = key_file(&d, KEY_SEED, "key.json");
    let context = write(&d, "rubric-context.json", &context_bytes());
    let unsigned = write_json(&d, "badge.json", &extended_badge(&did_of(&key)));
    let context_flag = format!("{CONTEXT_URL}={context}");

    // Without the context the RDF suite cannot sign: the error says which URL and how to give it.
    let (code, stdout, stderr) = run(&["sign", "--key", &key, &unsigned]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains(CONTEXT_URL), "{stderr}");
    assert!(stderr.contains("--context"), "{stderr}");

    let signed = sign(&["--key", &key, "--context", &context_flag, &unsigned]);
    assert_eq!(signed["rubricUrl"], RUBRIC);
    assert_eq!(signed["proof"][0]["cryptosuite"], "eddsa-rdfc-2022");
    let signed_file = write_json(&d, "signed.json", &signed);

    let (code, report) = verify(&["--context", &context_flag, &signed_file]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["outcome"], "VERIFIED");

    // A verifier that was not given the context cannot check the RDF signature.
    let (code, report) = verify(&[&signed_file]);
    assert_eq!(code, 1);
    assert_eq!(report["outcome"], "DOCUMENT_UNAVAILABLE", "{report:#}");
    let text = report.to_string();
    assert!(
        text.contains(CONTEXT_URL) && text.contains("--context"),
        "{report:#}"
    );

    // The extension property is signed: changing it is forgery.
    let mut altered = signed.clone();
    altered["rubricUrl"] = "https://district.example/rubrics/other".into();
    let altered_file = write_json(&d, "altered.json", &altered);
    let (code, report) = verify(&["--context", &context_flag, &altered_file]);
    assert_eq!(code, 1);
    assert_eq!(report["outcome"], "FORGED", "{report:#}");

    // Pinned: the right digest is accepted, a wrong one refused with both digests named.
    let digest = sha256_hex(&context_bytes());
    let pin = format!("{CONTEXT_URL}={digest}");
    let (code, report) = verify(&[
        "--context",
        &context_flag,
        "--context-sha256",
        &pin,
        &signed_file,
    ]);
    assert_eq!(code, 0, "{report:#}");
    let wrong = "ab".repeat(32);
    let wrong_pin = format!("{CONTEXT_URL}={wrong}");
    for command in ["verify", "sign", "canonicalize"] {
        let mut args: Vec<&str> = vec![
            command,
            "--context",
            &context_flag,
            "--context-sha256",
            &wrong_pin,
        ];
        if command == "sign" {
            args.extend(["--key", key.as_str()]);
        }
        args.push(&signed_file);
        let (code, stdout, stderr) = run(&args);
        assert_eq!(code, 2, "{command}: {stderr}");
        assert!(stdout.is_empty(), "{command}: {stdout}");
        for needle in [CONTEXT_URL, digest.as_str(), wrong.as_str()] {
            assert!(stderr.contains(needle), "{command}: {needle} in {stderr}");
        }
    }
    // A pin for a context that was not given is a usage error, not silently ignored.
    let (code, _, stderr) = run(&["verify", "--context-sha256", &pin, &signed_file]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--context"), "{stderr}");
    // A file that is not a context document is refused for what it is.
    let not_context = format!("{CONTEXT_URL}={unsigned}");
    let (code, _, stderr) = run(&["verify", "--context", &not_context, &signed_file]);
    assert_eq!(code, 2);
    assert!(stderr.contains("not a JSON-LD context"), "{stderr}");

    // A bundled context is never replaced by a caller's file: the bundled copy is used, and
    // the user is told so.
    let vc2 = format!("https://www.w3.org/ns/credentials/v2={context}");
    let (code, stdout, stderr) = run(&[
        "verify",
        "--now",
        NOW,
        "--context",
        &context_flag,
        "--context",
        &vc2,
        &signed_file,
    ]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stderr.contains("bundled"), "{stderr}");

    // canonicalize: the extension property becomes a triple with the context's IRI.
    let (code, _, stderr) = run(&["canonicalize", &unsigned]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains(CONTEXT_URL) && stderr.contains("--context"),
        "{stderr}"
    );
    let (code, nquads, stderr) = run(&["canonicalize", "--context", &context_flag, &unsigned]);
    assert_eq!(code, 0, "{stderr}");
    let triple =
        format!("<urn:uuid:6a3d2a39-6f09-4c5b-9a43-5d2d7c7b1e01> <{RUBRIC_IRI}> <{RUBRIC}> .\n");
    assert!(nquads.contains(&triple), "{nquads}");
}

#[test]
fn issue_takes_contexts_too() {
    let d = dir("issue");
    let key = key_file(&d, KEY_SEED, "key.json");
    let context = write(&d, "rubric-context.json", &context_bytes());
    let achievement = write_json(
        &d,
        "achievement.json",
        &verify_support::badge("did:example:x")["credentialSubject"]["achievement"],
    );
    let base = [
        "issue",
        "--achievement",
        &achievement,
        "--issuer-key",
        &key,
        "--recipient-id",
        "did:example:learner",
        "--now",
        CREATED,
        "--seed",
        "01",
    ];
    let context_flag = format!("{CONTEXT_URL}={context}");
    let (code, stdout, stderr) = run(&[&base[..], &["--context", context_flag.as_str()]].concat());
    assert_eq!(code, 0, "{stderr}");
    let issued: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(issued["proof"][0]["cryptosuite"], "eddsa-rdfc-2022");
    let wrong_pin = format!("{CONTEXT_URL}={}", "00".repeat(32));
    let (code, stdout, stderr) = run(&[
        &base[..],
        &[
            "--context",
            context_flag.as_str(),
            "--context-sha256",
            wrong_pin.as_str(),
        ],
    ]
    .concat());
    assert_eq!(code, 2, "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains(CONTEXT_URL), "{stderr}");
}

/// A did:web key file whose verification method is `did:web:school.example#key-1`.
fn web_key(dir: &Path) -> (String, Value) {
    let (code, stdout, stderr) = run(&["keygen", "--seed", WEB_SEED, "--controller", WEB_DID]);
    assert_eq!(code, 0, "{stderr}");
    let mut key: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(key["did"], WEB_DID);
    key["verificationMethod"] = WEB_METHOD.into();
    (write_json(dir, "web-key.json", &key), key)
}

#[test]
fn documents_folder_and_needs() {
    let d = dir("folder");
    let (key_path, key) = web_key(&d);
    let context = write(&d, "rubric-context.json", &context_bytes());
    let context_flag = format!("{CONTEXT_URL}={context}");

    // The issuer's status list, and an entry for the badge.
    let list = d.join("list.json").to_string_lossy().into_owned();
    let (code, _, stderr) = run(&[
        "status-list",
        "new",
        "--purpose",
        "revocation",
        "--id",
        STATUS_URL,
        "--issuer-key",
        &key_path,
        "--now",
        CREATED,
        "--seed",
        LIST_SEED,
        "-o",
        &list,
    ]);
    assert_eq!(code, 0, "{stderr}");
    let (code, stdout, stderr) = run(&["status-list", "allocate", &list]);
    assert_eq!(code, 0, "{stderr}");
    let entry: Value = serde_json::from_str(&stdout).unwrap();
    let index = entry["statusListIndex"].as_str().unwrap().to_owned();

    let mut badge = extended_badge(WEB_DID);
    badge["credentialStatus"] = entry;
    let unsigned = write_json(&d, "badge.json", &badge);
    let signed = sign(&["--key", &key_path, "--context", &context_flag, &unsigned]);
    assert_eq!(signed["proof"][0]["verificationMethod"], WEB_METHOD);
    let signed_file = write_json(&d, "signed.json", &signed);

    // Exactly the three documents the verifier lacks.
    let everything_missing = json!({
        "contexts": [CONTEXT_URL],
        "controllers": [WEB_DID],
        "status_lists": [STATUS_URL],
    });
    let (code, missing) = needs(&[&signed_file]);
    assert_eq!(code, 1);
    assert_eq!(missing, everything_missing);
    let (code, missing) = needs(&["--context", &context_flag, &signed_file]);
    assert_eq!(code, 1);
    assert_eq!(
        missing,
        json!({"contexts": [], "controllers": [WEB_DID], "status_lists": [STATUS_URL]})
    );
    let (code, report) = verify(&[&signed_file]);
    assert_eq!(code, 1, "{report:#}");

    // The verifier's cache folder: the DID document and the list credential under their `id`s,
    // the context (which has none) through index.json, pinned.
    let cache = d.join("cache");
    write_json(
        &cache,
        "did-web-school.json",
        &json!({
            "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
            "id": WEB_DID,
            "verificationMethod": [{
                "id": WEB_METHOD,
                "type": "Multikey",
                "controller": WEB_DID,
                "publicKeyMultibase": key["publicKeyMultibase"],
            }],
            "assertionMethod": [WEB_METHOD],
        }),
    );
    write(&cache, "contexts/rubric-v1.jsonld", &context_bytes());
    write_json(
        &cache,
        "index.json",
        &json!({"documents": [{
            "url": CONTEXT_URL,
            "file": "contexts/rubric-v1.jsonld",
            "sha256": sha256_hex(&context_bytes()),
        }]}),
    );
    let export = |name: &str| {
        let (code, stdout, stderr) = run(&["status-list", "export", &list]);
        assert_eq!(code, 0, "{stderr}");
        write(&cache, name, stdout.as_bytes());
    };
    export("status-1.json");
    let cache = cache.to_string_lossy().into_owned();

    let (code, report) = verify(&["--documents", &cache, &signed_file]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["outcome"], "VERIFIED");
    assert_eq!(check(&report, "STATUS")["status"], "passed", "{report:#}");
    assert_eq!(check(&report, "ISSUER_BINDING")["status"], "passed");
    let (code, missing) = needs(&["--documents", &cache, &signed_file]);
    assert_eq!(code, 0);
    assert_eq!(
        missing,
        json!({"contexts": [], "controllers": [], "status_lists": []})
    );

    // The folder's list is the one read: revoke the badge, refresh the cache, verify again.
    let (code, _, stderr) = run(&[
        "status-list",
        "set",
        &list,
        &index,
        "revoked",
        "--issuer-key",
        &key_path,
        "--now",
        CREATED,
    ]);
    assert_eq!(code, 0, "{stderr}");
    export("status-1.json");
    let (code, report) = verify(&["--documents", &cache, &signed_file]);
    assert_eq!(code, 1);
    assert_eq!(report["outcome"], "REVOKED", "{report:#}");

    // A context in the folder that changed since it was pinned in index.json is refused.
    write(
        Path::new(&cache),
        "contexts/rubric-v1.jsonld",
        br#"{"@context": {"rubricUrl": "https://evil.example/rubricUrl"}}"#,
    );
    let (code, stdout, stderr) = run(&["verify", "--documents", &cache, &signed_file]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("--documents") && stderr.contains(CONTEXT_URL),
        "{stderr}"
    );
}

#[test]
fn unreadable_documents_folder() {
    let d = dir("bad_folder");
    let badge = write_json(&d, "badge.json", &verify_support::badge("did:example:x"));
    let (code, stdout, stderr) = run(&["verify", "--documents", "/nonexistent/cache", &badge]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(stderr.contains("/nonexistent/cache"), "{stderr}");

    // A saved document without an `id` that index.json does not list has no URL to be kept under.
    let cache = d.join("cache");
    write(&cache, "orphan.json", &context_bytes());
    let cache = cache.to_string_lossy().into_owned();
    for command in ["verify", "needs"] {
        let (code, _, stderr) = run(&[command, "--documents", &cache, &badge]);
        assert_eq!(code, 2, "{command}");
        assert!(
            stderr.contains("orphan.json") && stderr.contains("index.json"),
            "{stderr}"
        );
    }
    let (code, _, stderr) = run(&["needs", "/nonexistent/badge.json"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot read"), "{stderr}");
    let garbage = write(&d, "garbage.json", b"{\"id\": ");
    let (code, list) = needs(&[&garbage]);
    assert_eq!(code, 2);
    assert!(list["unreadable"].is_string(), "{list}");
}

#[test]
fn private_status_list_file_is_refused() {
    let d = dir("private_list");
    let key = key_file(&d, KEY_SEED, "key.json");
    let list = d.join("list.json").to_string_lossy().into_owned();
    let (code, _, stderr) = run(&[
        "status-list",
        "new",
        "--purpose",
        "revocation",
        "--id",
        STATUS_URL,
        "--issuer-key",
        &key,
        "--now",
        CREATED,
        "-o",
        &list,
    ]);
    assert_eq!(code, 0, "{stderr}");
    let badge = write_json(&d, "badge.json", &verify_support::badge(&did_of(&key)));
    let with_url = format!("{STATUS_URL}={list}");
    for spec in [list.as_str(), with_url.as_str()] {
        for command in ["verify", "needs"] {
            let (code, stdout, stderr) = run(&[command, "--status-list", spec, &badge]);
            assert_eq!(code, 2, "{command} {spec}: {stderr}");
            assert!(stdout.is_empty(), "{stdout}");
            assert!(
                stderr.contains("openbadges status-list export"),
                "{command} {spec}: {stderr}"
            );
        }
    }
    // What `export` prints is what a verifier takes.
    let (code, exported, _) = run(&["status-list", "export", &list]);
    assert_eq!(code, 0);
    let exported = write(&d, "published.json", exported.as_bytes());
    let (code, stdout, stderr) = run(&["needs", "--status-list", &exported, &badge]);
    assert_eq!(code, 0, "{stdout} {stderr}");
}

#[test]
fn strict_turns_conformance_problems_into_failures() {
    let d = dir("strict");
    let key = key_file(&d, KEY_SEED, "key.json");
    let did = did_of(&key);
    let mut url_image = verify_support::badge(&did);
    url_image["issuer"]["image"] = "https://school.example/logo.png".into();
    let mut anonymous = verify_support::badge(&did);
    anonymous["credentialSubject"]
        .as_object_mut()
        .unwrap()
        .shift_remove("id");
    for (name, badge, pointer) in [
        ("url-image.json", url_image, "/issuer/image"),
        ("anonymous.json", anonymous, "/credentialSubject"),
    ] {
        let unsigned = write_json(&d, name, &badge);
        let signed = write_json(
            &d,
            &format!("signed-{name}"),
            &sign(&["--key", &key, &unsigned]),
        );

        // By default an authentic badge that bends a data-model rule verifies, with the problem
        // listed in the conformance verdict.
        let (code, report) = verify(&[&signed]);
        assert_eq!(code, 0, "{name}: {report:#}");
        assert_eq!(report["outcome"], "VERIFIED");
        assert_eq!(report["conformance"]["conformant"], false, "{report:#}");
        let problems = report["conformance"]["problems"].as_array().unwrap();
        assert!(
            problems
                .iter()
                .any(|p| p["pointer"].as_str().unwrap().starts_with(pointer)),
            "{name}: {problems:#?}"
        );

        let (code, report) = verify(&["--strict", &signed]);
        assert_eq!(code, 1, "{name}: {report:#}");
        assert_eq!(report["outcome"], "INVALID");
    }
    // A conformant badge passes strict mode.
    let clean = write_json(&d, "clean.json", &verify_support::badge(&did));
    let clean = write_json(&d, "signed-clean.json", &sign(&["--key", &key, &clean]));
    let (code, report) = verify(&["--strict", &clean]);
    assert_eq!(code, 0, "{report:#}");
}

#[test]
fn forged_jwts_are_not_verified_and_exit_1() {
    let d = dir("jwt");
    let key = key_file(&d, KEY_SEED, "key.json");
    let unsigned = write_json(&d, "badge.json", &verify_support::badge(&did_of(&key)));
    let (code, token, stderr) = run(&[
        "sign",
        "--key",
        &key,
        "--format",
        "jwt",
        "--created",
        CREATED,
        &unsigned,
    ]);
    assert_eq!(code, 0, "{stderr}");
    let token = token.trim();
    let (code, report) = verify(&[&write(&d, "good.jwt", token.as_bytes())]);
    assert_eq!(code, 0, "{report:#}");

    let mut parts = token.split('.');
    let (header, payload) = (parts.next().unwrap(), parts.next().unwrap());
    // base64url of {"alg":"none"}
    let alg_none = format!("eyJhbGciOiJub25lIn0.{payload}.");
    let unsigned_jwt = format!("{header}.{payload}.");
    for (name, forged) in [("none.jwt", alg_none), ("empty.jwt", unsigned_jwt)] {
        let (code, report) = verify(&[&write(&d, name, forged.as_bytes())]);
        assert_eq!(code, 1, "{name}: {report:#}");
        assert_eq!(report["outcome"], "FORGED", "{name}");
    }
}

/// Runs `openbadges ARGS…` with its stdout a pipe whose read end is closed before the command
/// writes; returns the exit code and stderr.
fn run_with_closed_stdout(args: &[&str]) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_openbadges"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    (
        output.status.code().expect("exited, not killed"),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn closed_stdout_pipe_is_not_a_panic() {
    let d = dir("pipe");
    let key = key_file(&d, KEY_SEED, "key.json");
    // Outputs far larger than a pipe's buffer (64 KiB on Linux), so the write meets the closed
    // pipe whether or not the command started writing before the reader went away.
    let mut big = verify_support::badge(&did_of(&key));
    big["description"] = "x".repeat(256 * 1024).into();
    let unsigned = write_json(&d, "big.json", &big);
    let signed = write_json(&d, "signed.json", &sign(&["--key", &key, &unsigned]));
    let image = write(&d, "plain.png", &verify_support::png_image());
    let baked = d.join("baked.png").to_string_lossy().into_owned();
    let (code, _, stderr) = run(&[
        "bake",
        "--image",
        &image,
        "--credential",
        &signed,
        "-o",
        &baked,
    ]);
    assert_eq!(code, 0, "{stderr}");

    let cases: [(&[&str], i32); 5] = [
        (&["verify", "--now", NOW, &baked], 0),
        (&["verify", "--now", NOW, &signed], 0),
        (&["unbake", &baked], 0),
        (&["canonicalize", &unsigned], 0),
        (&["sign", "--key", &key, "--created", CREATED, &unsigned], 0),
    ];
    for (args, expected) in cases {
        let (code, stderr) = run_with_closed_stdout(args);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_ne!(code, 101, "{args:?}: {stderr}");
        assert_eq!(code, expected, "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?}: quiet, got {stderr}");
    }
    // And the same commands still print in full to a reader that stays.
    let (code, stdout, _) = run(&["unbake", &baked]);
    assert_eq!(code, 0);
    assert!(stdout.len() > 256 * 1024);
}

/// The W3C employment-authorization vector through `canonicalize --context`: its context is not
/// bundled, so the canonical N-Quads come out byte for byte only when the caller supplies it.
#[test]
fn canonicalize_reproduces_the_employment_vector_with_a_supplied_context() {
    let root = env!("CARGO_MANIFEST_DIR");
    let work = dir("employment");
    let read = |path: &str| std::fs::read_to_string(cli_support::fixture(path)).expect("fixture");
    let signed: Value = serde_json::from_str(&read(
        "vc-di-eddsa/TestVectors/eddsa-rdfc-2022/employ/signedDataInt.json",
    ))
    .expect("vector");
    let mut unsigned = signed.clone();
    unsigned.as_object_mut().expect("object").remove("proof");
    let document = work.join("employment.json");
    std::fs::write(&document, serde_json::to_vec(&unsigned).expect("json")).expect("write");
    let document = document.to_string_lossy().into_owned();
    let expected = read("vc-di-eddsa/TestVectors/eddsa-rdfc-2022/employ/canonDocDataInt.txt");
    let context = format!(
        "https://w3id.org/citizenship/v4rc1={root}/fixtures/contexts/citizenship-v4rc1.jsonld"
    );
    let (code, nquads, stderr) = run(&[
        "canonicalize",
        "--context",
        &context,
        "--context-sha256",
        "https://w3id.org/citizenship/v4rc1=3edaa0fef94223eeb863d71ebd550c45d74143db14911d606f36d579d2dd46af",
        &document,
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(nquads, expected);
    let (code, _, stderr) = run(&["canonicalize", &document]);
    assert_ne!(code, 0);
    assert!(
        stderr.contains("https://w3id.org/citizenship/v4rc1") && stderr.contains("--context"),
        "{stderr}"
    );
}
