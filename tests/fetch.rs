//! `openbadges::fetch` against local servers on 127.0.0.1: a did:web badge with its context and
//! status list fetched over HTTPS (did:web paths with a port and path segments, a second round
//! for the list's own signer, a redirect recorded) and then verified offline; a folder fetched
//! into again (nothing refetched, other entries kept); oversized bodies, a redirect loop, a
//! stalled server, plain http to a remote host, a redirect from https to http, bodies that are
//! not JSON objects, a DID document with another id, an HTTP error status; an Open Badges 2.0
//! signed assertion's documents fetched and the assertion verified offline.
#![cfg(feature = "fetch")]

mod fetch_support;
mod ob2_support;
mod verify_support;

use std::path::Path;
use std::time::Duration;

use chrono::{TimeZone as _, Utc};
use fetch_support::{Reply, Server, needing_contexts, now, school, school_with, scratch};
use openbadges::clock::FixedClock;
use openbadges::documents::{DocumentStore, sha256_hex};
use openbadges::fetch::{FetchError, FetchLimits, FetchPolicy, FetchReport, Fetcher, NeedKind};
use openbadges::verify::{CheckCode, CheckStatus, Outcome};
use openbadges::{Verifier, VerifyOptions};
use serde_json::{Value, json};

const FETCHED_AT: &str = "2026-03-02T08:30:00Z";

fn fetcher(policy: FetchPolicy) -> Fetcher {
    Fetcher::new(policy).with_clock(FixedClock(
        Utc.with_ymd_and_hms(2026, 3, 2, 8, 30, 0).unwrap(),
    ))
}

fn trusting(ca_der: &[u8]) -> FetchPolicy {
    FetchPolicy::new()
        .allowing_loopback()
        .with_extra_root(ca_der.to_vec())
        .unwrap()
}

fn index(dir: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(dir.join("index.json")).unwrap()).unwrap()
}

/// The folder's entries (file names aside, which only need to exist).
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The only outcome of a report, which must be a failure.
fn only_failure(report: &FetchReport) -> &FetchError {
    assert_eq!(report.outcomes.len(), 1, "{report:?}");
    assert!(!report.is_complete());
    report.outcomes[0]
        .result
        .as_ref()
        .err()
        .unwrap_or_else(|| panic!("fetched: {report:?}"))
}

#[test]
fn a_did_web_badge_is_fetched_then_verified_offline() {
    let school = school();
    let dir = scratch("school");
    // Offline and empty-handed, the badge cannot be verified.
    let bare = Verifier::new(VerifyOptions::new(now())).verify(&school.badge);
    assert!(!bare.is_verified());

    let report = fetcher(trusting(&school.tls.ca_der))
        .fetch_needs(&[&school.badge[..]], &dir)
        .unwrap();
    assert!(report.is_complete(), "{report:#?}");
    let needed: Vec<(&str, NeedKind)> = report
        .outcomes
        .iter()
        .map(|o| (o.needed.as_str(), o.kind))
        .collect();
    // Round one: what the badge names; round two: the signer of the status list.
    assert_eq!(
        needed,
        [
            (school.context_url.as_str(), NeedKind::Context),
            (school.did.as_str(), NeedKind::Controller),
            (school.status_url.as_str(), NeedKind::StatusList),
            (school.status_did.as_str(), NeedKind::Controller),
        ]
    );
    // did:web by the method's rules: port decoded, `:` to `/`, `/.well-known` without a path.
    let mut seen = school.server.seen();
    assert_eq!(
        seen,
        [
            "/contexts/rubric-v1.json",
            "/issuers/district/did.json",
            "/status/1",
            "/published/status-1.json",
            "/.well-known/did.json",
        ]
    );

    // The index records, for each, where it finally came from, when, and its SHA-256.
    let listed = index(&dir);
    let entries = listed["documents"].as_array().unwrap();
    assert_eq!(entries.len(), 4);
    for (entry, saved) in entries.iter().zip(report.saved()) {
        let (path, bytes) = school
            .served
            .iter()
            .find(|(path, _)| school.server.url(path) == entry["fetched_from"])
            .unwrap_or_else(|| panic!("not served: {entry}"));
        assert_eq!(entry["url"], saved.url.as_str());
        assert_eq!(entry["fetched_at"], FETCHED_AT);
        assert_eq!(entry["sha256"], sha256_hex(bytes), "{path}");
        let file = entry["file"].as_str().unwrap();
        assert_eq!(&std::fs::read(dir.join(file)).unwrap(), bytes, "{path}");
        assert_eq!(
            json!({"url": saved.url, "file": saved.file, "sha256": saved.sha256,
                   "fetched_from": saved.fetched_from, "fetched_at": saved.fetched_at}),
            *entry
        );
    }
    assert_eq!(
        entries[1]["fetched_from"],
        school.server.url("/issuers/district/did.json")
    );
    assert_eq!(entries[1]["url"], school.did.as_str());
    assert_eq!(
        entries[2]["fetched_from"],
        school.server.url("/published/status-1.json")
    );
    assert_eq!(
        entries[3]["fetched_from"],
        school.server.url("/.well-known/did.json")
    );
    // No temporary file is left behind.
    assert!(
        files_in(&dir).iter().all(|f| !f.starts_with('.')),
        "{:?}",
        files_in(&dir)
    );

    // Offline: the folder is all the verifier needs.
    let store = DocumentStore::load_dir(&dir).unwrap();
    let verifier = Verifier::new(VerifyOptions::new(now())).with_documents(store);
    assert!(verifier.needs(&school.badge).is_empty());
    let report = verifier.verify(&school.badge);
    assert!(report.is_verified(), "{}", report.summary());
    let status: Vec<CheckStatus> = report
        .checks_with(CheckCode::Status)
        .map(|c| c.status)
        .collect();
    assert!(status.contains(&CheckStatus::Passed), "{status:?}");
    assert!(!status.contains(&CheckStatus::Failed), "{status:?}");

    // Fetching again finds nothing missing and asks the server nothing.
    let again = fetcher(trusting(&school.tls.ca_der))
        .fetch_needs(&[&school.badge[..]], &dir)
        .unwrap();
    assert!(
        again.is_complete() && again.outcomes.is_empty(),
        "{again:#?}"
    );
    seen.sort();
    let mut seen_after = school.server.seen();
    seen_after.sort();
    assert_eq!(seen, seen_after);

    // Refreshing fetches all four again (the list's signer still in a second round) and
    // replaces their entries in place, files and all.
    let later = Utc.with_ymd_and_hms(2026, 3, 9, 7, 0, 0).unwrap();
    let refreshed = Fetcher::new(trusting(&school.tls.ca_der))
        .with_clock(FixedClock(later))
        .with_refresh(true)
        .fetch_needs(&[&school.badge[..]], &dir)
        .unwrap();
    assert!(refreshed.is_complete(), "{refreshed:#?}");
    let again: Vec<&str> = refreshed
        .outcomes
        .iter()
        .map(|o| o.needed.as_str())
        .collect();
    assert_eq!(again, needed.iter().map(|(n, _)| *n).collect::<Vec<_>>());
    assert_eq!(school.server.seen().len(), 10);
    let after = index(&dir);
    let after = after["documents"].as_array().unwrap();
    assert_eq!(after.len(), 4);
    for (before, after) in entries.iter().zip(after) {
        assert_eq!(after["fetched_at"], "2026-03-09T07:00:00Z");
        for field in ["url", "file", "sha256", "fetched_from"] {
            assert_eq!(before[field], after[field], "{field}");
        }
    }
    assert_eq!(files_in(&dir).len(), 5, "{:?}", files_in(&dir));
}

#[test]
fn the_fetched_status_list_is_the_one_read() {
    let school = school_with(true);
    let dir = scratch("revoked");
    let report = fetcher(trusting(&school.tls.ca_der))
        .fetch_needs(&[&school.badge[..]], &dir)
        .unwrap();
    assert!(report.is_complete(), "{report:#?}");
    let verifier = Verifier::new(VerifyOptions::new(now()))
        .with_documents(DocumentStore::load_dir(&dir).unwrap());
    let report = verifier.verify(&school.badge);
    assert_eq!(report.outcome(), Outcome::Revoked, "{}", report.summary());
}

#[test]
fn fetching_merges_with_an_existing_index() {
    let school = school();
    let dir = scratch("merge");
    let own = br#"{"@context": {"note": "https://district.example/vocab#note"}}"#;
    std::fs::write(dir.join("own-context.json"), own).unwrap();
    let existing = json!({"documents": [{
        "url": "https://district.example/contexts/note.json",
        "file": "own-context.json",
        "sha256": sha256_hex(own),
        "reviewed_by": "the district's IT office",
    }]});
    std::fs::write(dir.join("index.json"), existing.to_string()).unwrap();

    let report = fetcher(trusting(&school.tls.ca_der))
        .fetch_needs(&[&school.badge[..]], &dir)
        .unwrap();
    assert!(report.is_complete(), "{report:#?}");
    let index = index(&dir);
    let entries = index["documents"].as_array().unwrap();
    assert_eq!(entries.len(), 5);
    assert_eq!(
        entries[0], existing["documents"][0],
        "the earlier entry is kept as it was"
    );
    let store = DocumentStore::load_dir(&dir).unwrap();
    assert!(
        store
            .get("https://district.example/contexts/note.json")
            .is_some()
    );
    let verifier = Verifier::new(VerifyOptions::new(now())).with_documents(store);
    assert!(verifier.verify(&school.badge).is_verified());

    // A malformed index is never written over.
    let broken = scratch("merge_broken");
    std::fs::write(broken.join("index.json"), b"{\"documents\": 3}").unwrap();
    let error = fetcher(trusting(&school.tls.ca_der))
        .fetch_needs(&[&school.badge[..]], &broken)
        .unwrap_err();
    assert!(error.to_string().contains("/documents"), "{error}");
    assert_eq!(
        std::fs::read(broken.join("index.json")).unwrap(),
        b"{\"documents\": 3}"
    );
    assert_eq!(files_in(&broken), ["index.json"]);
}

#[test]
fn an_oversized_body_is_refused_and_nothing_is_written() {
    let server = Server::http();
    let big = format!("{{\"@context\": {{\"pad\": \"{}\"}}}}", "x".repeat(2000)).into_bytes();
    server.route("/announced.json", Reply::Body(big.clone()));
    server.route("/unannounced.json", Reply::Unsized(big));
    let policy = FetchPolicy::new()
        .allowing_loopback()
        .with_limits(FetchLimits::default().with_max_body_bytes(1000));
    for path in ["/announced.json", "/unannounced.json"] {
        let dir = scratch(&format!("oversized{}", path.replace(['/', '.'], "_")));
        let badge = needing_contexts(&[server.url(path)]);
        let report = fetcher(policy.clone())
            .fetch_needs(&[&badge[..]], &dir)
            .unwrap();
        match only_failure(&report) {
            e @ FetchError::TooLarge { url, limit } => {
                assert_eq!((url.as_str(), *limit), (server.url(path).as_str(), 1000));
                assert!(e.to_string().contains("--max-bytes"), "{e}");
            }
            other => panic!("{path}: {other:?}"),
        }
        assert!(files_in(&dir).is_empty(), "{:?}", files_in(&dir));
    }
    // Within the limit, the same body is fetched.
    let loose = FetchPolicy::new()
        .allowing_loopback()
        .with_limits(FetchLimits::default().with_max_body_bytes(4096));
    let fetched = fetcher(loose)
        .client()
        .get(&server.url("/unannounced.json"))
        .unwrap();
    assert_eq!(fetched.body.len(), 2025);
    assert_eq!(fetched.final_url, server.url("/unannounced.json"));
}

#[test]
fn a_redirect_loop_ends_after_the_limit() {
    let server = Server::http();
    server.route("/loop/a", Reply::Redirect(server.url("/loop/b")));
    server.route("/loop/b", Reply::Redirect("/loop/a".to_owned()));
    let dir = scratch("loop");
    let badge = needing_contexts(&[server.url("/loop/a")]);
    let policy = FetchPolicy::new()
        .allowing_loopback()
        .with_limits(FetchLimits::default().with_max_redirects(3));
    let report = fetcher(policy).fetch_needs(&[&badge[..]], &dir).unwrap();
    match only_failure(&report) {
        e @ FetchError::TooManyRedirects {
            url,
            limit,
            last,
            looped,
        } => {
            assert_eq!(url, &server.url("/loop/a"));
            assert_eq!(*limit, 3);
            assert_eq!(last, &server.url("/loop/a"));
            assert!(*looped);
            assert!(e.to_string().contains("--max-redirects"), "{e}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.seen(), ["/loop/a", "/loop/b", "/loop/a", "/loop/b"]);
    assert!(files_in(&dir).is_empty());
}

#[test]
fn a_stalled_server_times_out() {
    let server = Server::http();
    server.route("/slow.json", Reply::Stall(Duration::from_secs(5)));
    let dir = scratch("slow");
    let badge = needing_contexts(&[server.url("/slow.json")]);
    let policy = FetchPolicy::new()
        .allowing_loopback()
        .with_limits(FetchLimits::default().with_timeout(Duration::from_secs(1)));
    let report = fetcher(policy).fetch_needs(&[&badge[..]], &dir).unwrap();
    match only_failure(&report) {
        e @ FetchError::Timeout { url, limit } => {
            assert_eq!(url, &server.url("/slow.json"));
            assert_eq!(*limit, Duration::from_secs(1));
            assert!(e.to_string().contains("--timeout-seconds"), "{e}");
        }
        other => panic!("{other:?}"),
    }
    assert!(files_in(&dir).is_empty());
}

#[test]
fn plain_http_is_refused_unless_loopback() {
    let dir = scratch("plain_http");
    let remote = "http://example.com/contexts/v1.json".to_owned();
    let badge = needing_contexts(std::slice::from_ref(&remote));
    let report = fetcher(FetchPolicy::new().allowing_loopback())
        .fetch_needs(&[&badge[..]], &dir)
        .unwrap();
    match only_failure(&report) {
        FetchError::Refused { url, reason } => {
            assert_eq!(url, &remote);
            assert!(reason.contains("https://"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    assert!(files_in(&dir).is_empty());
    for refused in ["ftp://localhost/x.json", "file:///etc/passwd"] {
        assert!(matches!(
            fetcher(FetchPolicy::new().allowing_loopback())
                .client()
                .get(refused),
            Err(FetchError::Refused { .. })
        ));
    }

    // A loopback server may redirect to a remote http URL: that hop is refused too.
    let server = Server::http();
    server.route("/away", Reply::Redirect(remote.clone()));
    match fetcher(FetchPolicy::new().allowing_loopback())
        .client()
        .get(&server.url("/away"))
    {
        Err(FetchError::Refused { url, .. }) => assert_eq!(url, remote),
        other => panic!("{other:?}"),
    }
}

/// A badge naming this machine gets nothing from it unless the caller allows loopback: the
/// server is never contacted.
#[test]
fn loopback_is_refused_unless_allowed() {
    let server = Server::http();
    server.route("/ctx.json", Reply::Body(br#"{"@context": {}}"#.to_vec()));
    let dir = scratch("loopback_refused");
    let badge = needing_contexts(&[server.url("/ctx.json")]);
    let report = fetcher(FetchPolicy::new())
        .fetch_needs(&[&badge[..]], &dir)
        .unwrap();
    match only_failure(&report) {
        FetchError::Refused { url, reason } => {
            assert_eq!(url, &server.url("/ctx.json"));
            assert!(reason.contains("loopback"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    assert!(server.seen().is_empty(), "the local server was never asked");
    assert!(files_in(&dir).is_empty());
    let report = fetcher(FetchPolicy::new().allowing_loopback())
        .fetch_needs(&[&badge[..]], &dir)
        .unwrap();
    assert!(report.failures().next().is_none(), "{report:?}");
}

#[test]
fn a_redirect_from_https_to_http_is_refused() {
    let tls = fetch_support::test_tls();
    let secure = Server::https(&tls);
    let plain = Server::http();
    plain.route("/ctx.json", Reply::Body(br#"{"@context": {}}"#.to_vec()));
    secure.route("/ctx.json", Reply::Redirect(plain.url("/ctx.json")));
    let client = fetcher(trusting(&tls.ca_der));
    match client.client().get(&secure.url("/ctx.json")) {
        Err(FetchError::Refused { url, reason }) => {
            assert_eq!(url, plain.url("/ctx.json"));
            assert!(reason.contains("leaves https://"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    assert!(plain.seen().is_empty(), "the http server was never asked");
    // Without the test authority as a root, the server's certificate is not trusted.
    secure.route("/ok.json", Reply::Body(br#"{"@context": {}}"#.to_vec()));
    assert!(matches!(
        fetcher(FetchPolicy::new().allowing_loopback())
            .client()
            .get(&secure.url("/ok.json")),
        Err(FetchError::Transport { .. })
    ));
    assert!(client.client().get(&secure.url("/ok.json")).is_ok());
}

#[test]
fn bodies_must_be_json_objects_and_did_documents_their_own() {
    let server = Server::http();
    server.route(
        "/html",
        Reply::Body(b"<!doctype html><p>moved</p>".to_vec()),
    );
    server.route("/array", Reply::Body(b"[1, 2]".to_vec()));
    server.route(
        "/twice",
        Reply::Body(br#"{"@context": {}, "@context": {}}"#.to_vec()),
    );
    server.route("/gone", Reply::Status(410));
    for path in ["/html", "/array", "/twice"] {
        let dir = scratch(&format!("not_json{}", path.replace('/', "_")));
        let badge = needing_contexts(&[server.url(path)]);
        let report = fetcher(FetchPolicy::new().allowing_loopback())
            .fetch_needs(&[&badge[..]], &dir)
            .unwrap();
        match only_failure(&report) {
            FetchError::NotJson { url, .. } => assert_eq!(url, &server.url(path)),
            other => panic!("{path}: {other:?}"),
        }
        assert!(files_in(&dir).is_empty());
    }
    let dir = scratch("gone");
    let badge = needing_contexts(&[server.url("/gone")]);
    let report = fetcher(FetchPolicy::new().allowing_loopback())
        .fetch_needs(&[&badge[..]], &dir)
        .unwrap();
    assert!(matches!(
        only_failure(&report),
        FetchError::Status { status: 410, .. }
    ));

    // A did:web document that names another DID is not saved.
    let school = school();
    school.server.route(
        "/issuers/district/did.json",
        Reply::Body(school.served[3].1.clone()),
    );
    let dir = scratch("wrong_id");
    let report = fetcher(trusting(&school.tls.ca_der))
        .fetch_needs(&[&school.badge[..]], &dir)
        .unwrap();
    assert!(!report.is_complete());
    let wrong: Vec<&FetchError> = report.failures().collect();
    assert_eq!(wrong.len(), 1, "{report:#?}");
    match wrong[0] {
        FetchError::WrongId {
            expected, found, ..
        } => {
            assert_eq!(expected, &school.did);
            assert_eq!(found, &format!("`{}`", school.status_did));
        }
        other => panic!("{other:?}"),
    }
    let store = DocumentStore::load_dir(&dir).unwrap();
    assert!(store.get(&school.did).is_none());
}

/// An Open Badges 2.0 signed assertion: its BadgeClass, issuer Profile, CryptographicKey and
/// RevocationList are what `needs` lists; fetched over HTTPS from the issuer's (local) host, the
/// folder then verifies the assertion offline, and the documents were asked for exactly once.
#[test]
fn an_ob2_assertion_is_fetched_then_verified_offline() {
    use ob2_support::{
        BADGE, ISSUER, KEY, REVOCATIONS, SIGNED_ID, badge_class, issuer, key_document, private_key,
        public_pem, revocation_list, rs256, sign, signed_assertion,
    };

    let tls = fetch_support::test_tls();
    let server = Server::https(&tls);
    let origin = server.url("");
    // The fixture documents, moved to the local host.
    let local = |value: Value| -> Value {
        serde_json::from_str(
            &value
                .to_string()
                .replace("https://badges.district.example", &origin),
        )
        .unwrap()
    };
    let path = |url: &str| url.replace("https://badges.district.example", "");
    let key = private_key("issuer-key.pem");
    let documents = [
        (BADGE, local(badge_class())),
        (ISSUER, local(issuer(json!([KEY])))),
        (KEY, local(key_document(KEY, ISSUER, &public_pem(&key)))),
        (REVOCATIONS, local(revocation_list())),
    ];
    for (url, document) in &documents {
        server.route(&path(url), Reply::Body(document.to_string().into_bytes()));
    }
    let token = sign(&rs256(), &local(signed_assertion(SIGNED_ID)), &key);
    let at = ob2_support::now();

    let verify = |dir: Option<&Path>| {
        let mut verifier = Verifier::new(VerifyOptions::new(at));
        if let Some(dir) = dir {
            verifier = verifier.with_documents(DocumentStore::load_dir(dir).unwrap());
        }
        verifier.verify(token.as_bytes())
    };
    assert!(!verify(None).is_verified());

    let dir = scratch("ob2");
    let report = fetcher(trusting(&tls.ca_der))
        .fetch_needs(&[token.as_bytes()], &dir)
        .unwrap();
    assert!(report.is_complete(), "{report:#?}");
    assert!(report.outcomes.iter().all(|o| o.kind == NeedKind::Ob2));
    let mut seen = server.seen();
    seen.sort();
    let mut expected: Vec<String> = documents.iter().map(|(url, _)| path(url)).collect();
    expected.sort();
    assert_eq!(seen, expected);

    let report = verify(Some(&dir));
    assert_eq!(report.outcome(), Outcome::Verified, "{}", report.to_json());
    assert_eq!(
        report.status_of(CheckCode::Status),
        Some(CheckStatus::Passed),
        "the fetched revocation list was read"
    );
}
