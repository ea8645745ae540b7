//! The `openbadges validate` command: exit codes, JSON report, no panics on bad input.

mod cli_support;

use serde_json::Value;

use cli_support::fixture;

/// Runs `openbadges ARGS…` and parses stdout as the JSON report `validate` always prints.
fn run(args: &[&str]) -> (i32, Value, String) {
    let (code, stdout, stderr) = cli_support::run(args);
    let report: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("stdout is not a JSON report ({e}): {stdout}"));
    (code, report, stderr)
}

#[test]
fn valid_credential_exits_0() {
    let (code, report, _) = run(&[
        "validate",
        &fixture("credentials/ob3-spec__obv3p0__signed.json"),
    ]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["valid"], true);
    assert_eq!(report["problems"], serde_json::json!([]));
}

#[test]
fn invalid_credential_exits_1_and_lists_every_problem() {
    let (code, report, _) = run(&["validate", &fixture("invalid/several-problems.json")]);
    assert_eq!(code, 1);
    assert_eq!(report["valid"], false);
    let found: Vec<(String, String)> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["code"].as_str().unwrap().to_owned(),
                p["pointer"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    for (code, pointer) in [
        ("OB_BAD_CONTEXT", "/@context/0"),
        ("OB_BAD_CONTEXT", "/@context/1"),
        ("OB_BAD_URI", "/id"),
        ("OB_BAD_TYPE", "/type"),
        ("OB_BAD_DATE", "/validFrom"),
        (
            "OB_BAD_IDENTITY_HASH",
            "/credentialSubject/identifier/0/identityHash",
        ),
        (
            "OB_INVALID_RESULT_REFERENCE",
            "/credentialSubject/result/0/resultDescription",
        ),
    ] {
        assert!(
            found.contains(&(code.into(), pointer.into())),
            "missing {code} at {pointer}: {found:?}"
        );
    }
}

#[test]
fn non_json_exits_2_with_a_clear_error() {
    let (code, report, stderr) = run(&["validate", &fixture("invalid/not-json.txt")]);
    assert_eq!(code, 2);
    assert_eq!(report["valid"], false);
    assert_eq!(report["error"]["code"], "OB_INVALID_JSON");
    assert_eq!(report["error"]["line"], 1);
    assert!(stderr.contains("invalid JSON"), "{stderr}");
}

#[test]
fn duplicate_keys_exit_2_naming_the_key() {
    let (code, report, stderr) = run(&["validate", &fixture("invalid/duplicate-key.json")]);
    assert_eq!(code, 2);
    assert_eq!(report["error"]["code"], "OB_DUPLICATE_KEY");
    assert_eq!(report["error"]["pointer"], "/issuer/name");
    assert!(stderr.contains("duplicate object key \"name\""), "{stderr}");
}

#[test]
fn too_deep_and_too_large_exit_2() {
    let (code, report, _) = run(&["validate", &fixture("invalid/too-deep.json")]);
    assert_eq!(code, 2);
    assert_eq!(report["error"]["code"], "OB_TOO_DEEP");
    assert_eq!(report["error"]["limit"], 128);
    // The limits are options.
    let (code, _, _) = run(&[
        "validate",
        "--max-depth",
        "400",
        &fixture("invalid/too-deep.json"),
    ]);
    assert_eq!(code, 1);
    let (code, report, _) = run(&[
        "validate",
        "--max-bytes",
        "100",
        &fixture("invalid/several-problems.json"),
    ]);
    assert_eq!(code, 2);
    assert_eq!(report["error"]["code"], "OB_TOO_LARGE");
}

#[test]
fn missing_file_exits_2() {
    let (code, report, stderr) = run(&["validate", &fixture("invalid/no-such-file.json")]);
    assert_eq!(code, 2);
    assert_eq!(report["error"]["code"], "OB_UNREADABLE");
    assert!(stderr.contains("cannot read"), "{stderr}");
}
