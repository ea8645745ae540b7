//! Awarded credentials: what they carry, that they validate and pass the official OB 3.0 schema
//! with resolving result references, and a byte-exact golden file.

mod assess_support;

use assess_support::*;
use openbadges::assess::{
    Assessment, Awarded, Decision, DecisionPolicy, FEEDBACK_GENRE, IssueOptions, Recipient,
};
use openbadges::model::{AchievementCredential, IdentityObject};
use serde_json::{Value, json};

fn awarded(recipient: Recipient) -> Awarded {
    let assessment = Assessment::builder(submission_for(recipient, ACHIEVEMENT, 2))
        .assessor(assessor())
        .assessed_at(at(4, 9))
        .score_with_feedback(
            TIMELY,
            level(TIMELY, "exemplary"),
            "Feedback during the task — model practice.",
        )
        .score(SPECIFIC, level(SPECIFIC, "demonstrated"))
        .score_with_feedback(
            STUDENT_USE,
            level(STUDENT_USE, "met"),
            "Revision time is built in.",
        )
        .feedback("Clear growth since your first submission.")
        .build()
        .unwrap();
    match DecisionPolicy::default()
        .decide(&achievement(), &assessment)
        .unwrap()
    {
        Decision::Award(awarded) => *awarded,
        other => panic!("expected an award: {other:?}"),
    }
}

fn options() -> IssueOptions {
    IssueOptions::default()
        .credential_id("https://badges.example-district.org/credentials/2025-0042")
        .credits_earned(1.0)
}

fn issue(awarded: &Awarded) -> Value {
    awarded
        .credential(district(), &options())
        .unwrap()
        .to_json()
}

#[test]
fn awarded_credential_validates_against_the_official_schema() {
    let json = issue(&awarded(Recipient::id(TEACHER)));
    assert_conforms(&json);
    assert_results_resolve(&json);
}

#[test]
fn results_reference_the_rubric_and_status_is_completed() {
    let json = issue(&awarded(Recipient::id(TEACHER)));
    assert_eq!(
        json["credentialSubject"]["result"],
        json!([
            {"type": ["Result"], "achievedLevel": level(TIMELY, "exemplary"), "resultDescription": TIMELY},
            {"type": ["Result"], "achievedLevel": level(SPECIFIC, "demonstrated"), "resultDescription": SPECIFIC},
            {"type": ["Result"], "achievedLevel": level(STUDENT_USE, "met"), "resultDescription": STUDENT_USE},
            {"type": ["Result"], "resultDescription": STATUS, "status": "Completed"}
        ])
    );
}

#[test]
fn evidence_is_the_submission_then_the_feedback() {
    let json = issue(&awarded(Recipient::id(TEACHER)));
    let evidence = json["evidence"].as_array().unwrap();
    assert_eq!(evidence.len(), 3);
    assert_eq!(
        evidence[0]["id"],
        "ni:///sha-256;qRK8xVifnPf2VhObDD_Ja_nhaylIoTDJ3fsuTvaMCyk"
    );
    assert_eq!(
        evidence[1]["id"],
        "https://portfolio.example.org/ms-rivera/feedback-reflection"
    );
    let feedback = &evidence[2];
    assert_eq!(feedback["genre"], FEEDBACK_GENRE);
    assert_eq!(
        feedback["description"],
        "Feedback from Assessor 17, 2025-03-04"
    );
    assert_eq!(
        feedback["narrative"],
        "Clear growth since your first submission.\n\n\
         - **Feedback is timely** (Exemplary): Feedback during the task — model practice.\n\
         - **Students act on feedback** (Met): Revision time is built in."
    );
    assert!(feedback.get("id").is_none());
}

#[test]
fn dates_credits_and_assessor() {
    let json = issue(&awarded(Recipient::id(TEACHER)));
    assert_eq!(json["awardedDate"], "2025-03-04T09:00:00Z");
    assert_eq!(json["validFrom"], "2025-03-04T09:00:00Z");
    assert_eq!(json["credentialSubject"]["creditsEarned"], 1.0);
    assert_eq!(json["credentialSubject"]["id"], TEACHER);
    assert_eq!(
        json["credentialSubject"]["source"]["id"],
        "https://badges.example-district.org/assessors/17"
    );
    assert_eq!(
        json["credentialSubject"]["achievement"],
        fixture("assess/achievement-feedback.json")
    );

    let later = options().valid_from(at(5, 0)).valid_until(at(30, 0));
    let json = awarded(Recipient::id(TEACHER))
        .credential(district(), &later)
        .unwrap()
        .to_json();
    assert_eq!(json["validFrom"], "2025-03-05T00:00:00Z");
    assert_eq!(json["validUntil"], "2025-03-30T00:00:00Z");
    assert_eq!(json["awardedDate"], "2025-03-04T09:00:00Z");
    assert_conforms(&json);
}

#[test]
fn feedback_and_assessor_can_be_left_out() {
    let private = awarded(Recipient::id(TEACHER))
        .include_feedback(false)
        .include_assessor(false);
    let json = issue(&private);
    assert_eq!(json["evidence"].as_array().unwrap().len(), 2);
    assert!(json["credentialSubject"].get("source").is_none());
    assert_conforms(&json);
}

#[test]
fn no_feedback_written_means_no_feedback_evidence() {
    let assessment = assess(
        submission(1),
        &[
            (TIMELY, "met"),
            (SPECIFIC, "demonstrated"),
            (STUDENT_USE, "met"),
        ],
    );
    let Decision::Award(awarded) = DecisionPolicy::default()
        .decide(&achievement(), &assessment)
        .unwrap()
    else {
        panic!("expected an award")
    };
    let json = issue(&awarded);
    assert!(
        json["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["genre"] != FEEDBACK_GENRE)
    );
}

#[test]
fn email_recipient_is_hashed_and_matches() {
    let recipient = Recipient::email_with_salt("m.rivera@example-district.org", "pepper");
    let credential = awarded(recipient.clone())
        .credential(district(), &options())
        .unwrap();
    let json = credential.to_json();
    assert_conforms(&json);
    let identity: IdentityObject =
        serde_json::from_value(json["credentialSubject"]["identifier"][0].clone()).unwrap();
    assert!(identity.hashed);
    assert!(identity.matches("m.rivera@example-district.org"));
    assert!(
        !json.to_string().contains("m.rivera@"),
        "the address never appears in clear"
    );
    assert!(recipient.matches(&credential.credential_subject));
    assert!(!Recipient::email("someone@else.org").matches(&credential.credential_subject));
    assert!(!Recipient::id(TEACHER).matches(&credential.credential_subject));
}

#[test]
fn non_finite_credits_are_refused() {
    let result = awarded(Recipient::id(TEACHER)).credential(
        district(),
        &IssueOptions::default().credits_earned(f64::NAN),
    );
    assert!(matches!(
        result,
        Err(openbadges::assess::AssessError::Build(
            openbadges::model::BuildError::NotFinite {
                field: "creditsEarned",
                ..
            }
        ))
    ));
}

#[test]
fn golden_awarded_credential() {
    let credential = awarded(Recipient::email_with_salt(
        "m.rivera@example-district.org",
        "pepper",
    ))
    .credential(district(), &options())
    .unwrap();
    let text = serde_json::to_string_pretty(&credential.to_json()).unwrap() + "\n";
    let path = format!(
        "{}/fixtures/assess/awarded-credential.json",
        env!("CARGO_MANIFEST_DIR")
    );
    if std::env::var_os("ASSESS_BLESS").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let golden = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text, golden);
    // And it reads back into the model unchanged.
    let parsed = AchievementCredential::from_json(&serde_json::from_str(&golden).unwrap()).unwrap();
    assert_eq!(parsed, credential);
}
