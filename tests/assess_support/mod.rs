//! Shared fixtures for the assess/stack/endorsement tests: the rubric achievement, people, dates,
//! and the official-schema check.
#![allow(dead_code)]

use chrono::{DateTime, TimeZone, Utc};
use openbadges::assess::{Assessment, Recipient, Submission, file_evidence_id};
use openbadges::model::{Achievement, Evidence, Profile};
use serde_json::Value;

pub const B: &str = "https://badges.example-district.org";
pub const ACHIEVEMENT: &str =
    "https://badges.example-district.org/achievements/feedback-that-moves-learning";
pub const TIMELY: &str = "https://badges.example-district.org/rubrics/feedback/timely";
pub const SPECIFIC: &str = "https://badges.example-district.org/rubrics/feedback/specific";
pub const STUDENT_USE: &str = "https://badges.example-district.org/rubrics/feedback/student-use";
pub const STATUS: &str = "https://badges.example-district.org/rubrics/feedback/status";
pub const TEACHER: &str = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";

pub fn fixture(name: &str) -> Value {
    let path = format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap()
}

pub fn achievement() -> Achievement {
    serde_json::from_value(fixture("assess/achievement-feedback.json")).unwrap()
}

/// `level` of `criterion`: `"{criterion}/{level}"`.
pub fn level(criterion: &str, level: &str) -> String {
    format!("{criterion}/{level}")
}

pub fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, day, hour, 0, 0).unwrap()
}

pub fn district() -> Profile {
    Profile::builder()
        .id("https://badges.example-district.org/issuer")
        .name("Example School District")
        .url("https://example-district.org")
        .build()
        .unwrap()
}

pub fn assessor() -> Profile {
    Profile::builder()
        .id("https://badges.example-district.org/assessors/17")
        .name("Assessor 17")
        .build()
        .unwrap()
}

pub fn submission_for(recipient: Recipient, achievement_id: &str, attempt: u32) -> Submission {
    Submission::builder()
        .id(format!(
            "urn:uuid:00000000-0000-4000-8000-00000000000{attempt}"
        ))
        .recipient(recipient)
        .achievement(achievement_id)
        .evidence(
            Evidence::new()
                .with_id(file_evidence_id(b"lesson-video.mp4 bytes"))
                .with_name("Lesson video")
                .with_genre("Video")
                .with_audience("Assessor")
                .with_narrative("Ten minutes of a Grade 7 lesson; I give feedback at minute 4."),
        )
        .evidence(
            Evidence::new()
                .with_id("https://portfolio.example.org/ms-rivera/feedback-reflection")
                .with_name("Reflection")
                .with_genre("Reflection")
                .with_narrative(
                    "What changed in my students' revisions after I gave feedback during the task.",
                ),
        )
        .attempt(attempt)
        .submitted_at(at(1, 18))
        .build()
        .unwrap()
}

pub fn submission(attempt: u32) -> Submission {
    submission_for(Recipient::id(TEACHER), ACHIEVEMENT, attempt)
}

/// An assessment of `submission` with `(criterion, level key)` scores.
pub fn assess(submission: Submission, scores: &[(&str, &str)]) -> Assessment {
    let mut builder = Assessment::builder(submission)
        .assessor(assessor())
        .assessed_at(at(4, 9));
    for (criterion, key) in scores {
        builder = builder.score(*criterion, level(criterion, key));
    }
    builder.build().unwrap()
}

fn schema(name: &str) -> jsonschema::Validator {
    jsonschema::validator_for(&fixture(&format!("schemas/{name}"))).unwrap()
}

/// Passes `validate` with no errors and the official OB 3.0 AchievementCredential schema.
pub fn assert_conforms(json: &Value) {
    let report = openbadges::validate::credential(json);
    assert!(report.is_valid(), "{:#}\n{json:#}", report.to_json());
    let errors: Vec<String> = schema("ob_v3p0_achievementcredential.json")
        .iter_errors(json)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "schema: {errors:#?}\n{json:#}");
}

/// Every result's `resultDescription` is a result description of the credential's achievement and
/// its `achievedLevel` a level of that description.
pub fn assert_results_resolve(json: &Value) {
    let achievement = &json["credentialSubject"]["achievement"];
    let descriptions = achievement["resultDescription"].as_array().unwrap();
    for result in json["credentialSubject"]["result"].as_array().unwrap() {
        let rd = descriptions
            .iter()
            .find(|rd| rd["id"] == result["resultDescription"])
            .unwrap_or_else(|| panic!("dangling resultDescription in {result}"));
        if let Some(level) = result.get("achievedLevel") {
            assert!(
                rd["rubricCriterionLevel"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|l| &l["id"] == level),
                "dangling achievedLevel in {result}"
            );
        }
    }
}
