//! Builders: required fields, rubric cross-checks, hashed recipients, defaults and determinism.

use chrono::{TimeZone, Utc};
use openbadges::clock::FixedClock;
use openbadges::model::Result as ObResult;
use openbadges::model::{
    Achievement, AchievementCredential, Award, BuildError, IdentifierTypeEnum, IdentityObject,
    Profile, ResultDescription, ResultStatusType, ResultType, RubricCriterionLevel,
};

fn rubric_achievement() -> Achievement {
    let criterion = ResultDescription::builder()
        .id("urn:rd:1")
        .name("Criterion")
        .result_type(ResultType::RubricCriterionLevel)
        .level(RubricCriterionLevel::new("urn:l:1", "Developing"))
        .level(RubricCriterionLevel::new("urn:l:2", "Demonstrated"))
        .required_level("urn:l:2")
        .build()
        .unwrap();
    let status = ResultDescription::builder()
        .id("urn:rd:status")
        .name("Status")
        .result_type(ResultType::Status)
        .build()
        .unwrap();
    Achievement::builder()
        .id("https://example.org/a")
        .name("A")
        .description("D")
        .criteria_narrative("N")
        .result_description(criterion)
        .result_description(status)
        .build()
        .unwrap()
}

fn award() -> openbadges::model::AwardBuilder {
    AchievementCredential::builder()
        .id("urn:uuid:00000000-0000-4000-8000-000000000000")
        .issuer("https://example.org/issuer")
        .achievement(rubric_achievement())
        .recipient_id("did:example:recipient")
        .valid_from(Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap())
}

#[test]
fn achievement_requires_name_description_and_criteria() {
    let missing = |b: openbadges::model::AchievementBuilder| match b.build() {
        Err(BuildError::MissingField { field, .. }) => field,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        missing(
            Achievement::builder()
                .description("D")
                .criteria_narrative("N")
        ),
        "name"
    );
    assert_eq!(
        missing(Achievement::builder().name("A").criteria_narrative("N")),
        "description"
    );
    assert_eq!(
        missing(Achievement::builder().name("A").description("D")),
        "criteria"
    );
    assert!(matches!(
        Achievement::builder()
            .name("A")
            .description("D")
            .criteria_narrative("N")
            .credits_available(f64::NAN)
            .build(),
        Err(BuildError::NotFinite {
            field: "creditsAvailable",
            ..
        })
    ));
}

#[test]
fn result_description_checks_its_required_level() {
    let err = ResultDescription::builder()
        .id("urn:rd")
        .name("C")
        .result_type(ResultType::RubricCriterionLevel)
        .level(RubricCriterionLevel::new("urn:l:1", "One"))
        .required_level("urn:l:9")
        .build()
        .unwrap_err();
    assert_eq!(
        err,
        BuildError::UnknownRequiredLevel {
            result_description: "urn:rd".into(),
            level: "urn:l:9".into()
        }
    );
    assert!(matches!(
        ResultDescription::builder().name("C").build(),
        Err(BuildError::MissingField {
            field: "resultType",
            ..
        })
    ));
}

#[test]
fn profile_requires_an_id() {
    assert!(matches!(
        Profile::builder().name("X").build(),
        Err(BuildError::MissingField {
            builder: "Profile",
            field: "id"
        })
    ));
}

#[test]
fn award_requires_issuer_achievement_recipient_and_date() {
    let field = |b: openbadges::model::AwardBuilder| match b.build() {
        Err(BuildError::MissingField { field, .. }) => field,
        other => panic!("{other:?}"),
    };
    let base = || {
        Award::builder()
            .achievement(rubric_achievement())
            .recipient_id("did:example:r")
    };
    assert_eq!(field(base().valid_from(Utc::now())), "issuer");
    assert_eq!(field(base().issuer("https://example.org/i")), "validFrom");
    assert_eq!(
        field(
            Award::builder()
                .issuer("https://example.org/i")
                .valid_from(Utc::now())
                .recipient_id("did:example:r")
        ),
        "credentialSubject.achievement"
    );
    assert_eq!(
        field(
            Award::builder()
                .issuer("https://example.org/i")
                .valid_from(Utc::now())
                .achievement(rubric_achievement())
        ),
        "credentialSubject.id or credentialSubject.identifier"
    );
}

#[test]
fn award_checks_results_against_the_rubric() {
    assert_eq!(
        award()
            .result(ObResult::rubric_level("urn:rd:nope", "urn:l:1"))
            .build()
            .unwrap_err(),
        BuildError::UnknownResultDescription {
            id: "urn:rd:nope".into()
        }
    );
    assert_eq!(
        award()
            .result(ObResult::rubric_level("urn:rd:1", "urn:l:7"))
            .build()
            .unwrap_err(),
        BuildError::UnknownAchievedLevel {
            result_description: "urn:rd:1".into(),
            level: "urn:l:7".into()
        }
    );
    assert_eq!(
        award()
            .result(ObResult::value("urn:rd:status", "done"))
            .build()
            .unwrap_err(),
        BuildError::MissingResultStatus {
            result_description: "urn:rd:status".into()
        }
    );
    let ok = award()
        .result(ObResult::rubric_level("urn:rd:1", "urn:l:2"))
        .result(ObResult::status(
            "urn:rd:status",
            ResultStatusType::Completed,
        ))
        .build()
        .unwrap();
    let json = ok.to_json();
    assert_eq!(
        json["credentialSubject"]["result"][0]["achievedLevel"],
        "urn:l:2"
    );
    assert_eq!(
        json["credentialSubject"]["result"][1]["status"],
        "Completed"
    );
    assert!(openbadges::validate::credential(&json).is_valid());
}

#[test]
fn hashed_email_recipient() {
    let c = award()
        .recipient_email_with_salt("a@example.com", "Kosher")
        .build()
        .unwrap();
    let id = c
        .credential_subject
        .identifier
        .as_ref()
        .unwrap()
        .first()
        .unwrap()
        .clone();
    // The example from the OB 3.0 specification.
    assert_eq!(
        id.identity_hash,
        "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399"
    );
    assert_eq!(id.salt.as_deref(), Some("Kosher"));
    assert_eq!(id.identity_type, IdentifierTypeEnum::EmailAddress);
    assert!(id.matches("a@example.com"));
    assert!(!id.matches("b@example.com"));
    // Random salts differ between awards, and still match the email.
    let a = award().recipient_email("a@example.com").build().unwrap();
    let b = award().recipient_email("a@example.com").build().unwrap();
    let salt = |c: &AchievementCredential| {
        c.credential_subject
            .identifier
            .as_ref()
            .unwrap()
            .first()
            .unwrap()
            .clone()
    };
    assert_ne!(salt(&a).salt, salt(&b).salt);
    assert!(salt(&a).matches("a@example.com"));
    assert!(
        IdentityObject::plain(IdentifierTypeEnum::EmailAddress, "a@example.com")
            .matches("a@example.com")
    );
}

#[test]
fn defaults_and_determinism() {
    let build = || {
        award()
            .recipient_email_with_salt("a@example.com", "salt")
            .valid_until(Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap())
            .build()
            .unwrap()
            .to_json()
    };
    assert_eq!(
        serde_json::to_string(&build()).unwrap(),
        serde_json::to_string(&build()).unwrap()
    );
    let json = build();
    assert_eq!(
        json["@context"],
        serde_json::json!([
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ])
    );
    assert_eq!(
        json["type"],
        serde_json::json!(["VerifiableCredential", "OpenBadgeCredential"])
    );
    assert_eq!(
        json["name"], "A",
        "the credential name defaults to the achievement's"
    );
    assert_eq!(json["validUntil"], "2026-01-01T00:00:00Z");
    // Without ids, fresh urn:uuid values are used.
    let a = Achievement::builder()
        .name("A")
        .description("D")
        .criteria_narrative("N")
        .build()
        .unwrap();
    let b = Achievement::builder()
        .name("A")
        .description("D")
        .criteria_narrative("N")
        .build()
        .unwrap();
    assert!(a.id.starts_with("urn:uuid:"));
    assert_ne!(a.id, b.id);
}

#[test]
fn dates_can_come_from_a_clock() {
    let clock = FixedClock(Utc.with_ymd_and_hms(2025, 6, 30, 12, 30, 15).unwrap());
    let c = AchievementCredential::builder()
        .issuer("https://example.org/i")
        .achievement(rubric_achievement())
        .recipient_id("did:example:r")
        .valid_from_clock(&clock)
        .build()
        .unwrap();
    assert_eq!(
        c.valid_from.as_ref().unwrap().as_str(),
        "2025-06-30T12:30:15Z"
    );
    assert_eq!(
        c.effective_valid_from().unwrap().to_datetime().unwrap(),
        clock.0
    );
}

#[test]
fn built_credentials_round_trip() {
    let c = award()
        .recipient_email_with_salt("a@example.com", "s")
        .build()
        .unwrap();
    let json = c.to_json();
    assert_eq!(AchievementCredential::from_json(&json).unwrap(), c);
}
