//! `openbadges::fetch` and `openbadges fetch` against a local HTTP server on 127.0.0.1: what a
//! badge needs is downloaded once into a document folder that then verifies offline; oversized
//! bodies, redirect loops, slow servers and non-HTTPS remote URLs are refused with their own
//! errors.

mod verify_support;

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::time::Duration;

use openbadges::documents::DocumentStore;
use openbadges::fetch::{FetchError, FetchLimits, Fetcher, did_web_url};
use openbadges::status::{StatusList, StatusListConfig};
use openbadges::verify::{Outcome, Verifier, VerifyOptions};
use serde_json::{Value, json};
use verify_support::*;

const CONTEXT: &str = r#"{"@context": {"rubricUrl": "https://district.example/vocab#rubricUrl"}}"#;

/// Serves `routes` (path → status, headers, body, delay) on 127.0.0.1 until the test ends;
/// returns the base URL.
fn serve(routes: Vec<(String, u16, Vec<(String, String)>, Vec<u8>, Duration)>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let routes = std::sync::Arc::new(routes);
        for stream in listener.incoming().flatten() {
            let routes = routes.clone();
            std::thread::spawn(move || answer(stream, &routes));
        }
    });
    base
}

fn answer(mut stream: TcpStream, routes: &[(String, u16, Vec<(String, String)>, Vec<u8>, Duration)]) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
            break;
        }
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let Some((_, status, headers, body, delay)) = routes.iter().find(|r| r.0 == path) else {
        let _ = stream.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        return;
    };
    std::thread::sleep(*delay);
    let mut head = format!("HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n", body.len());
    for (name, value) in headers {
        head += &format!("{name}: {value}\r\n");
    }
    head += "\r\n";
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
}

fn ok(path: &str, body: &[u8]) -> (String, u16, Vec<(String, String)>, Vec<u8>, Duration) {
    (path.to_owned(), 200, vec![("Content-Type".into(), "application/json".into())], body.to_vec(), Duration::ZERO)
}

fn redirect(path: &str, to: &str) -> (String, u16, Vec<(String, String)>, Vec<u8>, Duration) {
    (path.to_owned(), 302, vec![("Location".into(), to.to_owned())], Vec::new(), Duration::ZERO)
}

/// A badge using a context and a status list served at `base`, the list credential, and the
/// server routes for both.
fn served_badge(base_placeholder: &str) -> (Vec<u8>, Value) {
    let issuer = key(1);
    let list_url = format!("{base_placeholder}/status/1");
    let mut list = StatusList::new(StatusListConfig::revocation().with_seed([4; 32])).unwrap();
    let index = list.allocate().unwrap();
    let list_credential = sign(
        &list.to_credential(&did(&issuer), &list_url, chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z").unwrap().into(), None),
        Suite::Jcs,
        &issuer,
    );
    let mut credential = badge(&did(&issuer));
    credential["@context"]
        .as_array_mut()
        .unwrap()
        .push(Value::String(format!("{base_placeholder}/ctx.json")));
    credential["credentialStatus"] = list.credential_status_entry(index, &list_url).unwrap();
    let signed = sign(&credential, Suite::Jcs, &issuer);
    (to_bytes(&signed), list_credential)
}

#[test]
fn what_a_badge_needs_is_fetched_once_into_a_folder_that_verifies_offline() {
    // The server must know its own address before the badge is made: bind first.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (badge_bytes, list_credential) = served_badge(&base);
    let routes = vec![
        ok("/ctx.json", CONTEXT.as_bytes()),
        redirect("/status/1", "/lists/1.json"),
        ok("/lists/1.json", list_credential.to_string().as_bytes()),
    ];
    std::thread::spawn(move || {
        let routes = std::sync::Arc::new(routes);
        for stream in listener.incoming().flatten() {
            let routes = routes.clone();
            std::thread::spawn(move || answer(stream, &routes));
        }
    });

    let verifier = Verifier::new(VerifyOptions::new(now()));
    let needs = verifier.needs(&badge_bytes);
    assert_eq!(needs.contexts, [format!("{base}/ctx.json")]);
    assert_eq!(needs.status_lists, [format!("{base}/status/1")]);
    assert_ne!(verifier.verify(&badge_bytes).outcome(), Outcome::Verified, "not without them");

    let dir = std::env::temp_dir().join(format!("openbadges-fetch-ok-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let fetched_at = chrono::DateTime::parse_from_rfc3339("2026-03-01T09:30:00Z").unwrap().into();
    let wanted: Vec<String> = needs.urls().map(str::to_owned).collect();
    let saved = Fetcher::new(FetchLimits::default())
        .fetch_into(&wanted, &dir, fetched_at)
        .unwrap();
    assert_eq!(saved.len(), 2);
    assert_eq!(saved[1].source, format!("{base}/lists/1.json"), "the redirect is followed");

    let index: Value = serde_json::from_slice(&std::fs::read(dir.join("index.json")).unwrap()).unwrap();
    let entries = index["documents"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["url"], format!("{base}/ctx.json"));
    assert_eq!(entries[0]["fetched_at"], "2026-03-01T09:30:00Z");
    assert_eq!(entries[0]["sha256"], openbadges::documents::sha256_hex(CONTEXT.as_bytes()));
    assert_eq!(entries[1]["source"], format!("{base}/lists/1.json"));

    // Offline now: the folder is all the verifier needs.
    let offline = Verifier::new(VerifyOptions::new(now()))
        .with_documents(DocumentStore::load_dir(&dir).unwrap());
    assert!(offline.needs(&badge_bytes).is_empty());
    let report = offline.verify(&badge_bytes);
    assert_eq!(report.outcome(), Outcome::Verified, "{}", report.to_json());

    // Fetching again replaces the entries rather than adding to them.
    Fetcher::new(FetchLimits::default()).fetch_into(&wanted, &dir, fetched_at).unwrap();
    let index: Value = serde_json::from_slice(&std::fs::read(dir.join("index.json")).unwrap()).unwrap();
    assert_eq!(index["documents"].as_array().unwrap().len(), 2);
}

#[test]
fn oversized_looping_slow_and_downgrading_responses_are_refused() {
    let big = vec![b' '; 300_000];
    let base = serve(vec![
        ok("/big", &big),
        redirect("/loop/a", "/loop/b"),
        redirect("/loop/b", "/loop/a"),
        ("/slow".into(), 200, vec![], b"{}".to_vec(), Duration::from_secs(3)),
        redirect("/downgrade", "http://school.example/ctx.json"),
        ("/missing-location".into(), 302, vec![], Vec::new(), Duration::ZERO),
        ok("/not-json", b"<html>"),
    ]);
    let fetcher = Fetcher::new(
        FetchLimits::default()
            .max_bytes(100_000)
            .max_redirects(3)
            .timeout(Duration::from_millis(500)),
    );
    let err = |path: &str| fetcher.fetch(&format!("{base}{path}")).unwrap_err();
    assert!(matches!(err("/big"), FetchError::TooLarge { limit: 100_000, .. }), "{}", err("/big"));
    assert!(matches!(err("/loop/a"), FetchError::TooManyRedirects { limit: 3, .. }), "{}", err("/loop/a"));
    assert!(matches!(err("/slow"), FetchError::Timeout { .. }), "{}", err("/slow"));
    match err("/downgrade") {
        FetchError::NotHttps { url } => assert_eq!(url, "http://school.example/ctx.json"),
        other => panic!("{other}"),
    }
    assert!(matches!(err("/missing-location"), FetchError::Status { status: 302, .. }));
    assert!(matches!(err("/nowhere"), FetchError::Status { status: 404, .. }));

    // A body that is not JSON is not saved.
    let dir = std::env::temp_dir().join(format!("openbadges-fetch-bad-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let result = fetcher.fetch_into(&[format!("{base}/not-json")], &dir, now());
    assert!(matches!(result, Err(FetchError::NotJson { .. })));
    assert!(!dir.join("index.json").exists());

    // Plain http: to anything but loopback is refused before any connection.
    assert!(matches!(
        fetcher.fetch("http://school.example/status/1"),
        Err(FetchError::NotHttps { .. })
    ));
}

#[test]
fn did_web_maps_to_https_by_the_method_rules() {
    for (did, url) in [
        ("did:web:school.example", "https://school.example/.well-known/did.json"),
        ("did:web:school.example#key-1", "https://school.example/.well-known/did.json"),
        ("did:web:localhost%3A8443", "https://localhost:8443/.well-known/did.json"),
        (
            "did:web:school.example%3A8443:districts:north:issuer",
            "https://school.example:8443/districts/north/issuer/did.json",
        ),
    ] {
        assert_eq!(did_web_url(did).unwrap().as_str(), url, "{did}");
    }
    assert!(matches!(did_web_url("did:web:"), Err(FetchError::BadUrl { .. })));
    assert!(matches!(did_web_url("did:web:a.example:..:etc"), Err(FetchError::BadUrl { .. })));
}

#[test]
fn the_cli_fetches_into_the_folder_verify_reads() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (badge_bytes, list_credential) = served_badge(&base);
    let routes = vec![
        ok("/ctx.json", CONTEXT.as_bytes()),
        ok("/status/1", list_credential.to_string().as_bytes()),
    ];
    std::thread::spawn(move || {
        let routes = std::sync::Arc::new(routes);
        for stream in listener.incoming().flatten() {
            let routes = routes.clone();
            std::thread::spawn(move || answer(stream, &routes));
        }
    });
    let dir = std::env::temp_dir().join(format!("openbadges-fetch-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let badge = dir.join("badge.json");
    std::fs::write(&badge, &badge_bytes).unwrap();
    let documents = dir.join("documents");
    let run = |args: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_openbadges"))
            .args(args)
            .output()
            .unwrap();
        (output.status.code().unwrap(), String::from_utf8_lossy(&output.stdout).into_owned(), String::from_utf8_lossy(&output.stderr).into_owned())
    };
    let (code, stdout, stderr) = run(&["fetch", badge.to_str().unwrap(), "--into", documents.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let summary: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(summary["fetched"].as_array().unwrap().len(), 2);
    let (code, stdout, stderr) = run(&[
        "verify",
        badge.to_str().unwrap(),
        "--documents",
        documents.to_str().unwrap(),
        "--now",
        "2026-03-01T12:00:00Z",
    ]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    // Nothing left to fetch.
    let (code, stdout, _) = run(&["fetch", badge.to_str().unwrap(), "--into", documents.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(serde_json::from_str::<Value>(&stdout).unwrap()["fetched"], json!([]));
    assert!(Path::new(&documents.join("index.json")).exists());
}
