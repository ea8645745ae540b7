//! `openbadges fetch FILE… --into DIR`: a did:web badge's documents fetched from a local HTTPS
//! server (its authority given with `--root-cert`), then `openbadges verify --documents DIR`
//! VERIFIED offline; the limit flags; a refused plain-http URL; exit codes.
#![cfg(all(feature = "cli", feature = "fetch"))]

mod cli_support;
mod fetch_support;
mod verify_support;

use std::time::Duration;

use cli_support::run;
use fetch_support::{Reply, Server, needing_contexts, school, scratch};
use serde_json::Value;

#[test]
fn fetch_then_verify_offline() {
    let school = school();
    let dir = scratch("cli_school");
    let badge = dir.join("badge.json");
    std::fs::write(&badge, &school.badge).unwrap();
    let ca = dir.join("ca.pem");
    std::fs::write(&ca, &school.tls.ca_pem).unwrap();
    let documents = dir.join("documents");
    let (badge, ca, documents) = (
        badge.to_str().unwrap(),
        ca.to_str().unwrap(),
        documents.to_str().unwrap(),
    );

    // This machine is not fetched from unless allowed (a badge must not reach local services).
    let (code, stdout, stderr) = run(&["fetch", badge, "--into", documents, "--root-cert", ca]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stdout
            .lines()
            .all(|l| l.starts_with("failed ") && l.contains("loopback")),
        "{stdout}"
    );

    // Without the authority, the TLS certificate is not trusted: nothing is fetched.
    let (code, stdout, stderr) = run(&["fetch", "--allow-loopback", badge, "--into", documents]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stdout.lines().all(|l| l.starts_with("failed ")), "{stdout}");

    let (code, stdout, stderr) = run(&[
        "fetch",
        "--allow-loopback",
        badge,
        "--into",
        documents,
        "--root-cert",
        ca,
    ]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{stdout}");
    assert!(lines.iter().all(|l| l.starts_with("fetched ")), "{stdout}");
    assert!(
        lines[1].starts_with(&format!("fetched {} -> ", school.did))
            && lines[1].contains(&format!(
                "(from {}, sha256 ",
                school.server.url("/issuers/district/did.json")
            )),
        "{stdout}"
    );

    let (code, stdout, stderr) = run(&[
        "verify",
        "--now",
        "2026-03-01T12:00:00Z",
        "--documents",
        documents,
        badge,
    ]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["outcome"], "VERIFIED", "{report:#}");

    // Everything is there: nothing to fetch, exit 0.
    let (code, stdout, _) = run(&[
        "fetch",
        "--allow-loopback",
        badge,
        "--into",
        documents,
        "--root-cert",
        ca,
    ]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("nothing to fetch"), "{stdout}");
    // --refresh: all four again, and the folder still verifies.
    let (code, stdout, stderr) = run(&[
        "fetch",
        "--allow-loopback",
        badge,
        "--into",
        documents,
        "--root-cert",
        ca,
        "--refresh",
    ]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("fetched ")).count(),
        4,
        "{stdout}"
    );
    let (code, stdout, _) = run(&[
        "verify",
        "--now",
        "2026-03-01T12:00:00Z",
        "--documents",
        documents,
        badge,
    ]);
    assert_eq!(code, 0, "{stdout}");

    // The DER form of the authority works as well.
    let der_dir = scratch("cli_school_der");
    let der = der_dir.join("ca.der");
    std::fs::write(&der, &school.tls.ca_der).unwrap();
    let fresh = der_dir.join("documents");
    let (code, stdout, stderr) = run(&[
        "fetch",
        "--allow-loopback",
        badge,
        "--into",
        fresh.to_str().unwrap(),
        "--root-cert",
        der.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stdout}{stderr}");
}

#[test]
fn failures_limits_and_usage() {
    let server = Server::http();
    server.route("/slow.json", Reply::Stall(Duration::from_secs(5)));
    server.route("/big.json", Reply::Body(vec![b' '; 300]));
    server.route("/hop", Reply::Redirect("/hop2".to_owned()));
    server.route("/hop2", Reply::Body(br#"{"@context": {}}"#.to_vec()));
    let dir = scratch("cli_failures");
    let badge = dir.join("badge.json");
    let remote = "http://example.com/contexts/v1.json".to_owned();
    std::fs::write(
        &badge,
        needing_contexts(&[
            remote.clone(),
            server.url("/slow.json"),
            server.url("/big.json"),
            server.url("/hop"),
        ]),
    )
    .unwrap();
    let documents = dir.join("documents");
    let (badge, documents) = (badge.to_str().unwrap(), documents.to_str().unwrap());
    let (code, stdout, stderr) = run(&[
        "fetch",
        "--allow-loopback",
        badge,
        "--into",
        documents,
        "--timeout-seconds",
        "1",
        "--max-bytes",
        "200",
        "--max-redirects",
        "0",
    ]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    let line = |url: &str| {
        stdout
            .lines()
            .find(|l| l.starts_with(&format!("failed {url}: ")))
            .unwrap_or_else(|| panic!("no line for {url}: {stdout}"))
            .to_owned()
    };
    assert!(line(&remote).contains("refused"), "{stdout}");
    assert!(
        line(&server.url("/slow.json")).contains("within 1 s"),
        "{stdout}"
    );
    assert!(
        line(&server.url("/big.json")).contains("200 bytes"),
        "{stdout}"
    );
    assert!(
        line(&server.url("/hop")).contains("more than 0 redirects"),
        "{stdout}"
    );

    // A badge that cannot be read: exit 2, named on stderr.
    let garbage = dir.join("garbage.json");
    std::fs::write(&garbage, b"{\"id\": ").unwrap();
    let (code, stdout, stderr) = run(&[
        "fetch",
        "--allow-loopback",
        garbage.to_str().unwrap(),
        "--into",
        documents,
    ]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(stderr.contains("garbage.json"), "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");

    // Usage errors: exit 2.
    let (code, _, stderr) = run(&[
        "fetch",
        "--allow-loopback",
        "/nonexistent/badge.json",
        "--into",
        documents,
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("/nonexistent/badge.json"), "{stderr}");
    let not_a_cert = dir.join("not-a-cert.der");
    std::fs::write(&not_a_cert, b"hello").unwrap();
    let (code, _, stderr) = run(&[
        "fetch",
        "--allow-loopback",
        badge,
        "--into",
        documents,
        "--root-cert",
        not_a_cert.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--root-cert"), "{stderr}");
}
