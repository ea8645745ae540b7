//! `openbadges issue`: one step from an Achievement file to a signed (and baked) credential,
//! byte-identical with `--seed`/`--now`, verified with the library.

mod cli_support;
use cli_support::*;

use chrono::{TimeZone, Utc};
use openbadges::issuer::verify_signature;
use openbadges::keys::BuiltinResolver;
use openbadges::proof::VerifyOptions;
use serde_json::Value;

const KEY_SEED: &str = "0707070707070707070707070707070707070707070707070707070707070707";
const NOW: &str = "2025-03-14T15:00:00Z";
const RUBRIC: &str = "https://badges.example-district.org/rubrics/feedback";

fn issue_args<'a>(key: &'a str, achievement: &'a str) -> Vec<&'a str> {
    vec![
        "issue",
        "--achievement",
        achievement,
        "--issuer-key",
        key,
        "--recipient-email",
        "jordan.rivera@example-district.org",
        "--issuer-name",
        "Example Unified School District",
        "--seed",
        "5eed",
        "--now",
        NOW,
    ]
}

fn verify(credential: &Value) {
    let now = Utc.with_ymd_and_hms(2025, 3, 15, 0, 0, 0).unwrap();
    verify_signature(credential, &BuiltinResolver, &VerifyOptions::new(now)).unwrap();
}

fn schema_errors(json: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_slice(
        &std::fs::read(fixture("schemas/ob_v3p0_achievementcredential.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    validator
        .iter_errors(json)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn issue_with_seed_and_now_is_byte_identical_and_verifies() {
    let dir = temp_dir("issue-seed");
    let key = key_file(&dir, KEY_SEED, "key.json");
    let achievement = fixture("cli/achievement.json");
    let by_id = format!("{RUBRIC}/specific={RUBRIC}/specific/demonstrated");
    let mut args = issue_args(&key, &achievement);
    args.extend([
        "--result",
        "Feedback is timely=Met",
        "--result",
        &by_id,
        "--evidence",
        "https://badges.example-district.org/submissions/8841",
    ]);
    let (code, first, stderr) = run(&args);
    assert_eq!(code, 0, "{stderr}");
    let (_, second, _) = run(&args);
    assert_eq!(first, second, "same --seed and --now, same bytes");
    assert_eq!(
        first,
        std::fs::read_to_string(fixture("cli/issued-seed-5eed.json")).unwrap(),
        "the seeded derivation is stable across versions (fixture for other platforms)"
    );

    let credential: Value = serde_json::from_str(&first).unwrap();
    verify(&credential);
    // …and the CLI's own verifier accepts exactly those bytes.
    let issued = dir.join("issued.json");
    std::fs::write(&issued, &first).unwrap();
    let (code, report, stderr) = run(&["verify", "--now", NOW, issued.to_str().unwrap()]);
    assert_eq!(code, 0, "{report}{stderr}");
    assert_eq!(
        serde_json::from_str::<Value>(&report).unwrap()["outcome"],
        "VERIFIED"
    );
    assert!(openbadges::validate::credential(&credential).is_valid());
    assert_eq!(schema_errors(&credential), Vec::<String>::new());
    assert!(credential["id"].as_str().unwrap().starts_with("urn:uuid:"));
    assert_eq!(credential["validFrom"], NOW);
    assert_eq!(credential["proof"][0]["created"], NOW);
    assert_eq!(
        credential["issuer"]["name"],
        "Example Unified School District"
    );
    let subject = &credential["credentialSubject"];
    assert_eq!(subject["identifier"][0]["hashed"], true);
    assert_eq!(
        subject["result"][0]["achievedLevel"],
        format!("{RUBRIC}/timely/met")
    );
    assert_eq!(
        subject["result"][1]["resultDescription"],
        format!("{RUBRIC}/specific")
    );
    assert_eq!(
        credential["evidence"][0]["id"],
        "https://badges.example-district.org/submissions/8841"
    );

    // Another seed: other id and salt.
    let mut other = issue_args(&key, &achievement);
    other[10] = "5eee";
    let (_, third, _) = run(&other);
    let third: Value = serde_json::from_str(&third).unwrap();
    assert_ne!(third["id"], credential["id"]);
    assert_ne!(
        third["credentialSubject"]["identifier"][0]["salt"],
        credential["credentialSubject"]["identifier"][0]["salt"]
    );
}

#[test]
fn issue_with_each_suite_and_a_recipient_id() {
    let dir = temp_dir("issue-suites");
    let key = key_file(&dir, KEY_SEED, "key.json");
    let achievement = fixture("cli/achievement.json");
    for suite in ["eddsa-rdfc-2022", "eddsa-jcs-2022", "ed25519-2020"] {
        let (code, stdout, stderr) = run(&[
            "issue",
            "--achievement",
            &achievement,
            "--issuer-key",
            &key,
            "--recipient-id",
            "did:example:learner",
            "--now",
            NOW,
            "--suite",
            suite,
        ]);
        assert_eq!(code, 0, "{suite}: {stderr}");
        let credential: Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(credential["credentialSubject"]["id"], "did:example:learner");
        verify(&credential);
    }
}

#[test]
fn a_bad_achievement_or_an_unknown_criterion_exits_2_with_a_clear_message() {
    let dir = temp_dir("issue-bad");
    let key = key_file(&dir, KEY_SEED, "key.json");
    let achievement = fixture("cli/achievement.json");

    let bad = fixture("cli/bad-achievement.json");
    let (code, stdout, stderr) = run(&issue_args(&key, &bad));
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(stderr.contains("not an OB 3.0 Achievement"), "{stderr}");
    assert!(stderr.contains("bad-achievement.json"), "{stderr}");

    let missing = dir.join("missing.json");
    let (code, _, stderr) = run(&issue_args(&key, missing.to_str().unwrap()));
    assert_eq!(code, 2);
    assert!(stderr.contains("missing.json"), "{stderr}");

    let mut args = issue_args(&key, &achievement);
    args.extend(["--result", "Punctuality=Met"]);
    let (code, stdout, stderr) = run(&args);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(stderr.contains("unknown criterion"), "{stderr}");
    assert!(
        stderr.contains("Feedback is timely"),
        "lists the criteria: {stderr}"
    );

    let mut args = issue_args(&key, &achievement);
    args.extend(["--result", "Feedback is timely=Perfect"]);
    let (code, _, stderr) = run(&args);
    assert_eq!(code, 2);
    assert!(stderr.contains("no such level"), "{stderr}");
    assert!(stderr.contains("Exemplary"), "lists the levels: {stderr}");

    let mut args = issue_args(&key, &achievement);
    args.extend(["--result", "Feedback is timely"]);
    let (code, _, stderr) = run(&args);
    assert_eq!(code, 2);
    assert!(stderr.contains("CRITERION=LEVEL"), "{stderr}");
}

#[test]
fn issue_bakes_into_an_image() {
    let dir = temp_dir("issue-bake");
    let key = key_file(&dir, KEY_SEED, "key.json");
    let achievement = fixture("cli/achievement.json");
    let image = fixture("images/palette-8x8.png");
    let out = dir.join("badge.png");
    let mut args = issue_args(&key, &achievement);
    args.extend(["--bake", &image, "-o", out.to_str().unwrap()]);
    let (code, stdout, stderr) = run(&args);
    assert_eq!(code, 0, "{stderr}");
    let printed: Value = serde_json::from_str(&stdout).unwrap();
    let unbaked = openbadges::bake::unbake(&std::fs::read(&out).unwrap()).unwrap();
    let openbadges::bake::Payload::Json(text) = unbaked.payload else {
        panic!("JSON payload");
    };
    let baked: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(baked, printed);
    verify(&baked);
}

#[test]
fn a_result_below_the_required_level_is_refused_unless_allowed() {
    let dir = temp_dir("issue-below");
    let key = key_file(&dir, KEY_SEED, "key.json");
    let achievement = fixture("cli/achievement.json");
    // "Developing" (1 point) is below the criterion's requiredLevel "Met" (2 points).
    let mut args = issue_args(&key, &achievement);
    args.extend(["--result", "Feedback is timely=Developing"]);
    let (code, stdout, stderr) = run(&args);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("OB_BELOW_REQUIRED_LEVEL"), "{stderr}");
    assert!(stderr.contains("--allow-below-required"), "{stderr}");
    args.push("--allow-below-required");
    let (code, stdout, stderr) = run(&args);
    assert_eq!(code, 0, "{stderr}");
    let issued: Value = serde_json::from_str(&stdout).unwrap();
    verify(&issued);
    // `validate` reports it, as a warning.
    let path = dir.join("issued.json");
    std::fs::write(&path, &stdout).unwrap();
    let (code, report, _) = run(&["validate", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{report}");
    let report: Value = serde_json::from_str(&report).unwrap();
    let problems = report["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{report}");
    assert_eq!(problems[0]["code"], "OB_BELOW_REQUIRED_LEVEL");
    assert_eq!(problems[0]["severity"], "warning");
    assert_eq!(
        problems[0]["pointer"],
        "/credentialSubject/result/0/achievedLevel"
    );
}

#[test]
fn bake_refuses_what_is_not_a_credential() {
    let dir = temp_dir("bake-refuse");
    let key = key_file(&dir, KEY_SEED, "key.json");
    let image = fixture("images/palette-8x8.png");
    let out = dir.join("out.png");
    // A key file (secret key included) is never published in an image.
    let out_path = out.to_str().unwrap();
    let (code, _, stderr) = run(&[
        "bake",
        "--image",
        &image,
        "--credential",
        &key,
        "-o",
        out_path,
    ]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("not a credential"), "{stderr}");
    assert!(!out.exists());
    let presentation = dir.join("vp.json");
    std::fs::write(
        &presentation,
        r#"{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiablePresentation"]}"#,
    )
    .unwrap();
    let (code, _, stderr) = run(&[
        "bake",
        "--image",
        &image,
        "--credential",
        presentation.to_str().unwrap(),
        "-o",
        out_path,
    ]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("presentation"), "{stderr}");
    assert!(!out.exists());
}
