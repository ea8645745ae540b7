//! The CLI on Open Badges 2.0 assertions: `verify`, `needs`, `unbake --json` and `upgrade`.

mod cli_support;

use cli_support::{fixture, run};
use serde_json::Value;

const NOW: &str = "2026-01-15T12:00:00Z";

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[test]
fn verify_every_ob2_form_with_a_documents_folder() {
    let documents = fixture("ob2/documents");
    for (file, input) in [
        ("ob2/hosted-assertion.json", "ob2-json"),
        ("ob2/signed-assertion.jws", "ob2-jws"),
        ("ob2/baked/hosted-url.png", "ob2-png"),
        ("ob2/baked/signed-jws.svg", "ob2-svg"),
    ] {
        let (code, stdout, stderr) = run(&[
            "verify",
            &fixture(file),
            "--documents",
            &documents,
            "--now",
            NOW,
        ]);
        assert_eq!(code, 0, "{file}: {stdout}{stderr}");
        let report = json(&stdout);
        assert_eq!(report["outcome"], "VERIFIED");
        assert_eq!(report["input"], input);
        assert_eq!(
            report["display"]["achievement_name"],
            "Feedback That Moves Learning"
        );
    }
    let (code, stdout, _) = run(&[
        "verify",
        &fixture("ob2/revoked-assertion.jws"),
        "--documents",
        &documents,
        "--now",
        NOW,
    ]);
    assert_eq!(code, 1);
    assert_eq!(json(&stdout)["outcome"], "REVOKED");
}

#[test]
fn needs_names_the_ob2_documents() {
    let (code, stdout, _) = run(&["needs", &fixture("ob2/baked/hosted-url.png")]);
    assert_eq!(code, 1);
    assert_eq!(
        json(&stdout)["ob2"]["assertions"][0],
        "https://badges.district.example/assertions/1001"
    );
    let (code, _, _) = run(&[
        "needs",
        &fixture("ob2/signed-assertion.jws"),
        "--documents",
        &fixture("ob2/documents"),
    ]);
    assert_eq!(code, 0);
}

#[test]
fn unbake_says_which_ob2_format_it_found() {
    let (code, stdout, _) = run(&["unbake", &fixture("ob2/baked/hosted-url.png")]);
    assert_eq!(code, 0);
    assert_eq!(stdout, "https://badges.district.example/assertions/1001\n");
    let (code, stdout, _) = run(&["unbake", "--json", &fixture("ob2/baked/hosted-url.png")]);
    assert_eq!(code, 0);
    let found = json(&stdout);
    assert_eq!(found["embedding"], "ob2");
    assert_eq!(found["carrier"], "png-text");
    assert_eq!(found["payload_kind"], "url");
    let (_, stdout, _) = run(&["unbake", "--json", &fixture("ob2/baked/hosted-json.svg")]);
    let found = json(&stdout);
    assert_eq!(found["carrier"], "svg-element-text");
    assert_eq!(found["payload_kind"], "json");
}

#[test]
fn upgrade_prints_an_ob3_credential_or_refuses() {
    let documents = fixture("ob2/documents");
    let (code, stdout, stderr) = run(&[
        "upgrade",
        &fixture("ob2/baked/signed-jws.png"),
        "--documents",
        &documents,
        "--now",
        NOW,
    ]);
    assert_eq!(code, 0, "{stderr}");
    let credential = json(&stdout);
    assert_eq!(
        credential["credentialSubject"]["achievement"]["name"],
        "Feedback That Moves Learning"
    );
    assert!(openbadges::validate::credential(&credential).is_valid());

    let (code, stdout, stderr) = run(&[
        "upgrade",
        &fixture("ob2/revoked-assertion.jws"),
        "--documents",
        &documents,
        "--now",
        NOW,
    ]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.contains("does not verify"), "{stderr}");
    assert!(stderr.contains("Issued to the wrong teacher"), "{stderr}");
}
