//! What the builders emit conforms to the official OB 3.0 AchievementCredential JSON Schema.

#[allow(dead_code)]
#[path = "../examples/quickstart.rs"]
mod quickstart;

use chrono::{TimeZone, Utc};
use openbadges::model::{
    Achievement, AchievementCredential, Criteria, Evidence, IdentifierEntry, IdentifierTypeEnum,
    IdentityObject, Image, Profile, ResultDescription, ResultStatusType, ResultType,
};
use serde_json::Value;

fn schema(name: &str) -> jsonschema::Validator {
    let path = format!("{}/fixtures/schemas/{name}", env!("CARGO_MANIFEST_DIR"));
    let schema: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    jsonschema::validator_for(&schema).expect("the official schema compiles")
}

fn assert_conforms(json: &Value) {
    let validator = schema("ob_v3p0_achievementcredential.json");
    let errors: Vec<String> = validator
        .iter_errors(json)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "schema errors:\n{}\n{json:#}",
        errors.join("\n")
    );
}

#[test]
fn quickstart_credential_conforms_to_the_official_schema() {
    let json = quickstart::build_credential().unwrap().to_json();
    assert_conforms(&json);
    assert!(openbadges::validate::credential(&json).is_valid());
}

#[test]
fn minimal_award_by_did_conforms() {
    let achievement = Achievement::builder()
        .name("Teamwork")
        .description("Works well in a team.")
        .criteria(Criteria::url("https://example.org/criteria"))
        .build()
        .unwrap();
    let credential = AchievementCredential::builder()
        .issuer("https://example.org/issuer")
        .achievement(achievement)
        .recipient_id("did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2")
        .valid_from(Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap())
        .build()
        .unwrap();
    let json = credential.to_json();
    assert_conforms(&json);
    assert!(json["id"].as_str().unwrap().starts_with("urn:uuid:"));
}

#[test]
fn award_with_every_builder_option_conforms() {
    let status = ResultDescription::builder()
        .id("urn:example:rd:status")
        .name("Course status")
        .result_type(ResultType::Status)
        .build()
        .unwrap();
    let grade = ResultDescription::builder()
        .name("Grade")
        .result_type(ResultType::LetterGrade)
        .allowed_value("A")
        .allowed_value("B")
        .value_range("B", "A")
        .required_value("B")
        .build()
        .unwrap();
    let grade_id = grade.id.clone();
    let creator = Profile::builder()
        .id("https://example.org/creator")
        .name("Creator")
        .image(Image::new("https://example.org/logo.png"))
        .other_identifier(IdentifierEntry::new(
            IdentifierTypeEnum::Ext("ext:LinkedInOrganizationId".into()),
            "1337",
        ))
        .build()
        .unwrap();
    let achievement = Achievement::builder()
        .id("https://example.org/achievements/course")
        .name("Course")
        .description("A course.")
        .criteria_narrative("Pass it.")
        .creator(creator)
        .result_description(status)
        .result_description(grade)
        .human_code("ED-101")
        .field_of_study("Education")
        .in_language("en")
        .version("1.0")
        .other_identifier(IdentifierEntry::new(IdentifierTypeEnum::SourcedId, "c-101"))
        .build()
        .unwrap();
    let credential = AchievementCredential::builder()
        .issuer(
            Profile::builder()
                .id("did:web:example.org")
                .build()
                .unwrap(),
        )
        .context("https://purl.imsglobal.org/spec/ob/v3p0/extensions.json")
        .achievement(achievement)
        .recipient_id("mailto:someone@example.org")
        .recipient_email("someone@example.org")
        .recipient_identity(IdentityObject::plain(
            IdentifierTypeEnum::SisSourcedId,
            "s-42",
        ))
        .result(openbadges::model::Result::status(
            "urn:example:rd:status",
            ResultStatusType::Completed,
        ))
        .result(openbadges::model::Result::value(grade_id, "A"))
        .evidence(
            Evidence::new()
                .with_narrative("Final project")
                .with_audience("Teachers"),
        )
        .valid_from(Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap())
        .valid_until(Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap())
        .awarded_date(Utc.with_ymd_and_hms(2024, 12, 20, 8, 30, 0).unwrap())
        .name("Course certificate")
        .description("Awarded for completing the course.")
        .image(Image::new("https://example.org/badge.png"))
        .narrative("Completed all units.")
        .build()
        .unwrap();
    let json = credential.to_json();
    assert_conforms(&json);
    let report = openbadges::validate::credential(&json);
    assert!(report.is_valid(), "{:#}", report.to_json());
}

#[test]
fn the_schema_check_is_not_vacuous() {
    let mut json = quickstart::build_credential().unwrap().to_json();
    json["credentialSubject"]["achievement"]["image"]["type"] = "Picture".into();
    assert!(!schema("ob_v3p0_achievementcredential.json").is_valid(&json));
}

#[test]
fn endorsement_builder_conforms_to_the_official_endorsement_schema() {
    use openbadges::model::EndorsementCredential;
    let endorsement = EndorsementCredential::builder()
        .issuer(
            Profile::builder()
                .id("did:web:education.state.example")
                .name("State DOE")
                .build()
                .unwrap(),
        )
        .name("State recognition")
        .description("Counts toward licensure renewal.")
        .endorsed("https://badges.example-district.org/achievements/feedback-that-moves-learning")
        .comment("Meets the state's professional learning criteria.")
        .valid_from(Utc.with_ymd_and_hms(2025, 1, 15, 0, 0, 0).unwrap())
        .valid_until(Utc.with_ymd_and_hms(2027, 1, 15, 0, 0, 0).unwrap())
        .build()
        .unwrap();
    let json = endorsement.to_json();
    let validator = schema("ob_v3p0_endorsementcredential.json");
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:?}\n{json:#}");
    assert!(openbadges::validate::credential(&json).is_valid());
    assert_eq!(
        EndorsementCredential::from_json(&json).unwrap(),
        endorsement
    );
    // An endorsement embedded in an award still conforms to the achievement schema.
    let mut award = quickstart::build_credential().unwrap().to_json();
    award["endorsement"] = serde_json::json!([json]);
    assert_conforms(&award);
    assert!(openbadges::validate::credential(&award).is_valid());
    assert!(matches!(
        EndorsementCredential::builder()
            .issuer("did:web:x")
            .name("n")
            .valid_from(Utc::now())
            .build(),
        Err(openbadges::model::BuildError::MissingField {
            field: "credentialSubject.id",
            ..
        })
    ));
}

#[test]
fn quickstart_output_is_stable() {
    let path = format!(
        "{}/fixtures/credentials/local__quickstart.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let expected = std::fs::read_to_string(path).unwrap();
    let json = quickstart::build_credential().unwrap().to_json();
    assert_eq!(
        serde_json::to_string_pretty(&json).unwrap() + "\n",
        expected
    );
}
