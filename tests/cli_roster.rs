//! `openbadges issue --roster`: a cohort in one run. Every credential verifies, the same seed
//! gives the same bytes, and a roster with bad rows writes nothing and names every problem.

mod cli_support;
use cli_support::*;

use std::fmt::Write as _;
use std::path::Path;

const KEY_SEED: &str = "0707070707070707070707070707070707070707070707070707070707070707";
const NOW: &str = "2025-03-14T15:00:00Z";
const LATER: &str = "2025-04-01T00:00:00Z";

/// A roster of `rows` teachers, alternating email and DID recipients, with rubric results by
/// criterion name and id, evidence and an expiry.
fn roster(rows: usize) -> String {
    let mut csv = String::from(
        "recipient_name,row_id,recipient_email,recipient_id,valid_until,evidence,\"result:Feedback is timely\",result:https://badges.example-district.org/rubrics/feedback/specific\n",
    );
    for i in 0..rows {
        let (email, id) = if i % 2 == 0 {
            (format!("teacher{i}@example-district.org"), String::new())
        } else {
            (String::new(), format!("did:example:teacher-{i}"))
        };
        writeln!(
            csv,
            "\"Rivera, Teacher {i}\",t-{i:04},{email},{id},2030-06-30T00:00:00Z,https://e.example/{i} https://e.example/{i}/b,Met,Demonstrated"
        )
        .unwrap();
    }
    csv
}

fn issue_roster(
    dir: &Path,
    roster_file: &Path,
    out: &Path,
    extra: &[&str],
) -> (i32, String, String) {
    let key = dir.join("key.json");
    if !key.exists() {
        key_file(dir, KEY_SEED, "key.json");
    }
    let achievement = fixture("cli/achievement.json");
    let mut args = vec![
        "issue",
        "--achievement",
        &achievement,
        "--issuer-key",
        key.to_str().unwrap(),
        "--roster",
        roster_file.to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
        "--now",
        NOW,
    ];
    args.extend_from_slice(extra);
    run(&args)
}

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn new_list(dir: &Path, url: &str) -> std::path::PathBuf {
    let list = dir.join("list.json");
    let key = dir.join("key.json");
    let (code, _, stderr) = run(&[
        "status-list",
        "new",
        "--purpose",
        "revocation",
        "--id",
        url,
        "--issuer-key",
        key.to_str().unwrap(),
        "--now",
        NOW,
        "--seed",
        KEY_SEED,
        "-o",
        list.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    list
}

#[test]
fn a_thousand_rows_give_a_thousand_credentials_that_all_verify_and_repeat_byte_for_byte() {
    let dir = temp_dir("roster-1000");
    let roster_file = dir.join("cohort.csv");
    std::fs::write(&roster_file, roster(1000)).unwrap();
    let (first, second) = (dir.join("first"), dir.join("second"));
    for out in [&first, &second] {
        let (code, stdout, stderr) = issue_roster(&dir, &roster_file, out, &["--seed", "c0ffee"]);
        assert_eq!(code, 0, "{stderr}");
        let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(summary["issued"], 1000);
    }
    let names = files(&first);
    assert_eq!(names.len(), 1000);
    assert_eq!(names[0], "t-0000.json");
    assert_eq!(names, files(&second));
    for name in &names {
        assert_eq!(
            std::fs::read(first.join(name)).unwrap(),
            std::fs::read(second.join(name)).unwrap(),
            "{name}: same roster, seed and --now, same bytes"
        );
    }

    // Row 1 (a DID recipient): its columns landed where they belong.
    let one: serde_json::Value =
        serde_json::from_slice(&std::fs::read(first.join("t-0001.json")).unwrap()).unwrap();
    assert_eq!(one["credentialSubject"]["id"], "did:example:teacher-1");
    assert_eq!(one["validUntil"], "2030-06-30T00:00:00Z");
    assert_eq!(
        one["credentialSubject"]["identifier"][0]["identityType"],
        "name"
    );
    assert_eq!(
        one["credentialSubject"]["identifier"][0]["identityHash"],
        "Rivera, Teacher 1"
    );
    let evidence: Vec<&str> = one["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(evidence, ["https://e.example/1", "https://e.example/1/b"]);
    let levels: Vec<&str> = one["credentialSubject"]["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["achievedLevel"].as_str().unwrap())
        .collect();
    assert_eq!(
        levels,
        [
            "https://badges.example-district.org/rubrics/feedback/timely/met",
            "https://badges.example-district.org/rubrics/feedback/specific/demonstrated"
        ]
    );
    // Different rows, different ids.
    let zero: serde_json::Value =
        serde_json::from_slice(&std::fs::read(first.join("t-0000.json")).unwrap()).unwrap();
    assert_ne!(zero["id"], one["id"]);

    // The whole folder verifies, in one call.
    let (code, stdout, stderr) = run(&[
        "verify",
        first.to_str().unwrap(),
        "--now",
        LATER,
        "--format",
        "summary",
    ]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("VERIFIED"), "{stdout}");
    assert!(
        stdout
            .lines()
            .any(|l| l.split_whitespace().eq(["total", "1000"])),
        "{stdout}"
    );
}

#[test]
fn three_bad_rows_write_nothing_and_are_all_named() {
    let dir = temp_dir("roster-bad");
    // Row 2: unknown level; row 4: no recipient; row 6: not a date.
    let mut lines: Vec<String> = roster(6).lines().map(str::to_owned).collect();
    lines[2] = lines[2].replace(",Met,", ",Superb,");
    lines[4] = lines[4].replace("did:example:teacher-3", "");
    lines[6] = lines[6].replace("2030-06-30T00:00:00Z", "next June");
    let roster_file = dir.join("cohort.csv");
    std::fs::write(&roster_file, lines.join("\n") + "\n").unwrap();
    key_file(&dir, KEY_SEED, "key.json");
    let list = new_list(&dir, "https://badges.example-district.org/status/1");
    let list_before = std::fs::read(&list).unwrap();

    let out = dir.join("out");
    let (code, stdout, stderr) = issue_roster(
        &dir,
        &roster_file,
        &out,
        &["--status-list", list.to_str().unwrap()],
    );
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(files(&out).is_empty(), "nothing written: {:?}", files(&out));
    assert_eq!(
        std::fs::read(&list).unwrap(),
        list_before,
        "the list is untouched"
    );
    assert!(stderr.contains("3 problems"), "{stderr}");
    assert!(
        stderr.contains("row 2, column `result:Feedback is timely`: criterion `Feedback is timely` has no such level"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`Met` (https://badges.example-district.org/rubrics/feedback/timely/met)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("row 4, column `recipient_email`: no recipient"),
        "{stderr}"
    );
    assert!(
        stderr.contains("row 6, column `valid_until`: `next June` is not an RFC 3339"),
        "{stderr}"
    );
}

#[test]
fn the_header_is_checked_before_any_row() {
    let dir = temp_dir("roster-header");
    let roster_file = dir.join("cohort.csv");
    std::fs::write(
        &roster_file,
        "row_id,recipient_email,grade,result:Punctuality\nt-1,a@example.org,A,Met\n",
    )
    .unwrap();
    let out = dir.join("out");
    let (code, _, stderr) = issue_roster(&dir, &roster_file, &out, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("header, column `grade`: unknown column"),
        "{stderr}"
    );
    assert!(
        stderr.contains("header, column `result:Punctuality`: unknown criterion; the achievement's criteria: `Feedback is timely`"),
        "{stderr}"
    );
    assert!(files(&out).is_empty());

    // Duplicate ids and unsafe file names are row problems too.
    std::fs::write(
        &roster_file,
        "row_id,recipient_email\nt-1,a@example.org\nt-1,b@example.org\n../evil,c@example.org\n",
    )
    .unwrap();
    let (code, _, stderr) = issue_roster(&dir, &roster_file, &out, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("row 2, column `row_id`: `t-1` is used by an earlier row"),
        "{stderr}"
    );
    assert!(
        stderr.contains("row 3, column `row_id`: `../evil` cannot name a file"),
        "{stderr}"
    );
    assert!(files(&out).is_empty());
}

#[test]
fn a_roster_with_a_status_list_allocates_one_entry_per_row_and_bakes() {
    let dir = temp_dir("roster-status");
    key_file(&dir, KEY_SEED, "key.json");
    let url = "https://badges.example-district.org/status/1";
    let list = new_list(&dir, url);
    let roster_file = dir.join("cohort.csv");
    std::fs::write(&roster_file, roster(4)).unwrap();
    let out = dir.join("out");
    let image = dir.join("badge.svg");
    std::fs::write(
        &image,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>"#,
    )
    .unwrap();
    let (code, stdout, stderr) = issue_roster(
        &dir,
        &roster_file,
        &out,
        &[
            "--status-list",
            list.to_str().unwrap(),
            "--seed",
            "01",
            "--bake",
            image.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    let names = files(&out);
    assert_eq!(names.len(), 4, "{names:?}");
    let mut indices = Vec::new();
    for name in &names {
        let bytes = std::fs::read(out.join(name)).unwrap();
        assert!(name.ends_with(".svg"), "{name}");
        let openbadges::bake::Payload::Json(text) =
            openbadges::bake::unbake(&bytes).unwrap().payload
        else {
            panic!("{name}: no JSON baked in");
        };
        let credential: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(credential["credentialStatus"]["statusListCredential"], url);
        indices.push(
            credential["credentialStatus"]["statusListIndex"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    indices.sort();
    indices.dedup();
    assert_eq!(indices.len(), 4, "one distinct entry per row");
    // The baked folder verifies against the published list.
    let published = dir.join("published.json");
    let (code, stdout, stderr) = run(&["status-list", "export", list.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    std::fs::write(&published, stdout).unwrap();
    let (code, stdout, stderr) = run(&[
        "verify",
        out.to_str().unwrap(),
        "--now",
        LATER,
        "--status-list",
        published.to_str().unwrap(),
        "--format",
        "ndjson",
    ]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(stdout.lines().count(), 4);
}
