//! Quick start: a teacher micro-credential with a three-criterion rubric, awarded to a teacher
//! identified by a hashed email, validated against the OB 3.0 rules, signed with
//! `eddsa-rdfc-2022` by a `did:key` issuer, verified, and printed as JSON.
//!
//! Run with `cargo run --example quickstart`. Ids, dates, the salt and the key seed are fixed, so
//! the output is the same on every run (leave them out to get fresh `urn:uuid:` ids and a random
//! salt; use `Keypair::generate()` and keep the key safe for a real issuer).

use chrono::{DateTime, TimeZone, Utc};
use openbadges::issuer::{IssueError, Issuer, Suite};
use openbadges::keys::Keypair;
use openbadges::model::{
    Achievement, AchievementCredential, AchievementType, Alignment, AlignmentTargetType,
    BuildError, Evidence, Image, Profile, ResultDescription, ResultType, RubricCriterionLevel,
};
use openbadges::validate;
use openbadges::verify;

const BASE: &str = "https://badges.example-district.org";

/// The issuer's key. A fixed seed keeps the example reproducible; never do this for real.
pub fn issuer() -> Issuer {
    Issuer::did_key(Keypair::from_seed(&[0x42; 32]))
}

/// When the credential is awarded and signed.
pub fn awarded_at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 14, 15, 0, 0).unwrap()
}

/// One rubric criterion with the levels "Not yet", "Developing" and "Demonstrated"; "Demonstrated"
/// is required to earn the micro-credential.
fn criterion(slug: &str, name: &str, demonstrated: &str) -> Result<ResultDescription, BuildError> {
    let id = format!("{BASE}/rubrics/feedback/{slug}");
    let level = |key: &str| format!("{id}/levels/{key}");
    ResultDescription::builder()
        .id(id.clone())
        .name(name)
        .result_type(ResultType::RubricCriterionLevel)
        .level(
            RubricCriterionLevel::new(level("not-yet"), "Not yet")
                .with_description("The artifact does not show this yet.")
                .with_points("0"),
        )
        .level(
            RubricCriterionLevel::new(level("developing"), "Developing")
                .with_description("Shown in part or inconsistently.")
                .with_points("1"),
        )
        .level(
            RubricCriterionLevel::new(level("demonstrated"), "Demonstrated")
                .with_description(demonstrated)
                .with_points("2"),
        )
        .required_level(level("demonstrated"))
        .build()
}

/// Builds the quick-start credential (unsigned). Deterministic.
pub fn build_credential() -> Result<AchievementCredential, BuildError> {
    let district = Profile::builder()
        .id(issuer().did())
        .name("Example Unified School District")
        .url("https://www.example-district.org")
        .email("badges@example-district.org")
        .build()?;

    let achievement = Achievement::builder()
        .id(format!("{BASE}/achievements/feedback-that-moves-learning"))
        .name("Feedback That Moves Learning")
        .description(
            "The educator gives students feedback that is timely, specific to the learning goal, \
             and acted on by the student.",
        )
        .criteria_narrative(
            "Submit two lesson artifacts with student work and your written feedback, plus a short \
             reflection. An assessor scores each rubric criterion; every criterion must reach \
             **Demonstrated**.",
        )
        .achievement_type(AchievementType::MicroCredential)
        .alignment(
            Alignment::new(
                "Assessment for learning",
                "https://standards.example.org/teaching/4.2",
            )
            .with_code("4.2")
            .with_framework("Example Teaching Standards")
            .with_target_type(AlignmentTargetType::CfItem),
        )
        .result_description(criterion(
            "timely",
            "Feedback is timely",
            "Feedback reaches students while they can still act on it.",
        )?)
        .result_description(criterion(
            "specific",
            "Feedback is specific to the learning goal",
            "Feedback names what meets the goal and what the next step is.",
        )?)
        .result_description(criterion(
            "acted-on",
            "Students act on the feedback",
            "Student work shows revisions made in response to the feedback.",
        )?)
        .image(Image::new(format!("{BASE}/images/feedback.png")).with_caption("Feedback badge"))
        .credits_available(1.0)
        .tag("micro-credential")
        .tag("assessment")
        .build()?;

    let level = |slug: &str| format!("{BASE}/rubrics/feedback/{slug}/levels/demonstrated");
    let criterion_id = |slug: &str| format!("{BASE}/rubrics/feedback/{slug}");
    let awarded = awarded_at();

    AchievementCredential::builder()
        .id("urn:uuid:2f1b6e0c-4c1a-4f7e-9b62-5d2f0a9c1e01")
        .issuer(district)
        .achievement(achievement)
        .recipient_email_with_salt("jordan.rivera@example-district.org", "c2f6a1d4e8b7")
        .result(openbadges::model::Result::rubric_level(
            criterion_id("timely"),
            level("timely"),
        ))
        .result(openbadges::model::Result::rubric_level(
            criterion_id("specific"),
            level("specific"),
        ))
        .result(openbadges::model::Result::rubric_level(
            criterion_id("acted-on"),
            level("acted-on"),
        ))
        .evidence(
            Evidence::new()
                .with_id(format!("{BASE}/submissions/8841/lesson-1"))
                .with_name("Lesson 1: fractions exit tickets")
                .with_genre("Lesson artifact"),
        )
        .evidence(
            Evidence::new()
                .with_name("Assessor feedback")
                .with_narrative(
                    "Clear next steps on every exit ticket; students revised within a day.",
                )
                .with_genre("Assessor feedback"),
        )
        .valid_from(awarded)
        .awarded_date(awarded)
        .build()
}

/// Signs the credential with `eddsa-rdfc-2022` (the suite OB 3.0 conformance requires).
pub fn sign(credential: &serde_json::Value) -> Result<serde_json::Value, IssueError> {
    issuer().sign(credential, Suite::EddsaRdfc2022, awarded_at())
}

#[allow(dead_code)] // `tests/` include this file for its functions only.
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let credential = build_credential()?;
    let json = credential.to_json();
    let report = validate::credential(&json);
    if !report.is_valid() {
        eprintln!("{}", serde_json::to_string_pretty(&report.to_json())?);
        return Err("the quick-start credential does not validate".into());
    }
    let signed = sign(&json)?;
    let published = serde_json::to_string_pretty(&signed)?;
    // Verify what is published, as any verifier would: the bytes, offline
    // (the did:key issuer resolves locally), at a fixed time.
    let checked_at = awarded_at() + chrono::Duration::days(1);
    let report = verify::verify(
        published.as_bytes(),
        &verify::VerifyOptions::new(checked_at),
    );
    if !report.is_verified() {
        eprintln!("{}", serde_json::to_string_pretty(&report.to_json())?);
        return Err(format!("the signed credential did not verify: {}", report.summary()).into());
    }
    for check in report.checks() {
        eprintln!(
            "{:<15} {:?}: {}",
            check.code.as_str(),
            check.status,
            check.message
        );
    }
    println!("{published}");
    Ok(())
}
