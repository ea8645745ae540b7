//! `openbadges verify` over many badges: folders, `-` for paths on stdin, `--format
//! ndjson|summary|csv|report`, exit status, and reports without the image bytes.

mod cli_support;
use cli_support::*;

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

const KEY_SEED: &str = "0707070707070707070707070707070707070707070707070707070707070707";
const NOW: &str = "2025-03-14T15:00:00Z";
const LATER: &str = "2025-04-01T00:00:00Z";

/// `dir/badges` with 3 issued badges, a baked PNG of the first, a tampered copy in a sub-folder
/// and a file that is not a badge extension; returns the folder.
fn badges(dir: &Path) -> std::path::PathBuf {
    let key = key_file(dir, KEY_SEED, "key.json");
    let folder = dir.join("badges");
    std::fs::create_dir_all(folder.join("sub")).unwrap();
    let achievement = fixture("cli/achievement.json");
    for i in 1..=3 {
        let email = format!("teacher{i}@example-district.org");
        let (code, stdout, stderr) = run(&[
            "issue",
            "--achievement",
            &achievement,
            "--issuer-key",
            &key,
            "--recipient-email",
            &email,
            "--seed",
            &format!("0{i}"),
            "--now",
            NOW,
        ]);
        assert_eq!(code, 0, "{stderr}");
        std::fs::write(folder.join(format!("b{i}.json")), stdout).unwrap();
    }
    let png = dir.join("blank.png");
    std::fs::write(&png, png_bytes()).unwrap();
    let (code, _, stderr) = run(&[
        "bake",
        "--image",
        png.to_str().unwrap(),
        "--credential",
        folder.join("b1.json").to_str().unwrap(),
        "-o",
        folder.join("b1.png").to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let tampered = std::fs::read_to_string(folder.join("b2.json"))
        .unwrap()
        .replace("Feedback That Moves Learning", "Calculus");
    std::fs::write(folder.join("sub").join("tampered.json"), tampered).unwrap();
    std::fs::write(folder.join("notes.txt"), "not a badge").unwrap();
    folder
}

/// A 4×4 RGB PNG.
fn png_bytes() -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, 4, 4);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(&[200u8; 48]).unwrap();
    }
    out
}

#[test]
fn a_folder_is_walked_and_summarized_by_default() {
    let dir = temp_dir("batch-summary");
    let folder = badges(&dir);
    let (code, stdout, stderr) = run(&["verify", folder.to_str().unwrap(), "--now", LATER]);
    assert_eq!(
        code, 1,
        "one forged badge: not every input verified\n{stderr}"
    );
    let rows: Vec<Vec<&str>> = stdout
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        rows,
        [
            vec!["outcome", "count"],
            vec!["FORGED", "1"],
            vec!["VERIFIED", "4"],
            vec!["total", "5"]
        ],
        "{stdout}"
    );
    assert!(
        stderr.is_empty(),
        "no progress bar when stderr is not a terminal: {stderr}"
    );

    // Without the tampered copy, exit 0.
    std::fs::remove_dir_all(folder.join("sub")).unwrap();
    let (code, stdout, _) = run(&[
        "verify",
        folder.to_str().unwrap(),
        "--now",
        LATER,
        "-j",
        "2",
    ]);
    assert_eq!(code, 0, "{stdout}");
}

#[test]
fn ndjson_is_one_object_per_input_in_order_without_image_bytes() {
    let dir = temp_dir("batch-ndjson");
    let folder = badges(&dir);
    let missing = dir.join("missing.json");
    let (code, stdout, _) = run(&[
        "verify",
        folder.to_str().unwrap(),
        missing.to_str().unwrap(),
        "--now",
        LATER,
        "--format",
        "ndjson",
    ]);
    assert_eq!(code, 1);
    let lines: Vec<Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is one JSON object"))
        .collect();
    let summary: Vec<(String, &str)> = lines
        .iter()
        .map(|l| {
            let path = l["path"].as_str().unwrap();
            let name = Path::new(path)
                .strip_prefix(&dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (name, l["outcome"].as_str().unwrap())
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("badges/b1.json".to_owned(), "VERIFIED"),
            ("badges/b1.png".to_owned(), "VERIFIED"),
            ("badges/b2.json".to_owned(), "VERIFIED"),
            ("badges/b3.json".to_owned(), "VERIFIED"),
            ("badges/sub/tampered.json".to_owned(), "FORGED"),
            ("missing.json".to_owned(), "UNREADABLE"),
        ]
    );
    assert_eq!(lines[0]["conformant"], true);
    assert_eq!(lines[0]["failed"], serde_json::json!([]));
    assert_eq!(
        lines[0]["display"]["achievement_name"],
        "Feedback That Moves Learning"
    );
    assert_eq!(lines[4]["failed"], serde_json::json!(["PROOF"]));
    assert_eq!(lines[4]["display"]["achievement_name"], "Calculus");
    assert!(lines[5]["error"].as_str().unwrap().contains("cannot read"));
    assert!(!stdout.contains("base64"), "no image bytes in ndjson");
}

#[test]
fn paths_on_stdin_and_csv() {
    let dir = temp_dir("batch-stdin");
    let folder = badges(&dir);
    let mut child = Command::new(env!("CARGO_BIN_EXE_openbadges"))
        .args(["verify", "-", "--now", LATER, "--format", "csv"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let list = format!(
        "{}\n\n{}\r\n",
        folder.join("b3.json").display(),
        folder.join("sub/tampered.json").display()
    );
    child
        .stdin
        .take()
        .unwrap()
        .write_all(list.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let rows: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        rows[0],
        "path,outcome,conformant,failed_checks,achievement_name,issuer_name,issuer_id,issued,expires"
    );
    assert_eq!(rows.len(), 3, "{stdout}");
    assert!(
        rows[1].contains(",VERIFIED,true,,Feedback That Moves Learning,"),
        "{stdout}"
    );
    assert!(rows[2].contains(",FORGED,true,PROOF,Calculus,"), "{stdout}");
}

#[test]
fn report_format_for_many_is_a_json_array_and_one_png_report_drops_the_image() {
    let dir = temp_dir("batch-report");
    let folder = badges(&dir);
    let (code, stdout, _) = run(&[
        "verify",
        folder.join("b1.json").to_str().unwrap(),
        folder.join("b1.png").to_str().unwrap(),
        "--now",
        LATER,
        "--format",
        "report",
    ]);
    assert_eq!(code, 0, "{stdout}");
    let reports: Value = serde_json::from_str(&stdout).unwrap();
    let reports = reports.as_array().unwrap();
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[1]["report"]["outcome"], "VERIFIED");
    assert_eq!(
        reports[1]["report"]["display"]["image"],
        serde_json::json!({"kind": "baked", "mime": "image/png"})
    );

    // One PNG: today's report, without the image bytes unless asked.
    let png = folder.join("b1.png");
    let (_, without, _) = run(&["verify", png.to_str().unwrap(), "--now", LATER]);
    let without: Value = serde_json::from_str(&without).unwrap();
    assert_eq!(
        without["display"]["image"],
        serde_json::json!({"kind": "baked", "mime": "image/png"})
    );
    let (_, with, _) = run(&[
        "verify",
        png.to_str().unwrap(),
        "--now",
        LATER,
        "--with-image",
    ]);
    let with: Value = serde_json::from_str(&with).unwrap();
    assert!(
        with["display"]["image"]["data_uri"]
            .as_str()
            .unwrap()
            .starts_with("data:image/png;base64,")
    );
}

#[test]
fn an_empty_folder_is_a_usage_error() {
    let dir = temp_dir("batch-empty");
    let (code, stdout, stderr) = run(&["verify", dir.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(stderr.contains("no badge files found"), "{stderr}");
}
