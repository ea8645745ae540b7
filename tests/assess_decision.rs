//! Every decision path of `DecisionPolicy::decide`: award, send back with the failing criteria,
//! attempts exhausted, and the typed refusals of invalid assessments.

mod assess_support;

use assess_support::*;
use openbadges::assess::{
    AssessError, Assessment, CriteriaRule, Decision, DecisionPolicy, LevelOrder, LevelRef,
    Recipient, SendBack, Submission,
};
use openbadges::model::Evidence;

fn decide(assessment: &Assessment) -> Result<Decision, AssessError> {
    DecisionPolicy::default().decide(&achievement(), assessment)
}

fn passing(attempt: u32) -> Assessment {
    assess(
        submission(attempt),
        &[
            (TIMELY, "met"),
            (SPECIFIC, "demonstrated"),
            (STUDENT_USE, "met"),
        ],
    )
}

fn lref(criterion: &str, key: &str, name: &str) -> LevelRef {
    LevelRef {
        id: level(criterion, key),
        name: name.into(),
    }
}

fn send_back(decision: Decision) -> SendBack {
    match decision {
        Decision::SendBack(back) => back,
        other => panic!("expected SendBack, got {other:?}"),
    }
}

#[test]
fn every_criterion_at_its_required_level_awards() {
    let decision = decide(&passing(1)).unwrap();
    let Decision::Award(awarded) = decision else {
        panic!("expected an award: {decision:?}")
    };
    let met: Vec<(&str, bool)> = awarded
        .outcomes()
        .iter()
        .map(|o| (o.criterion_id.as_str(), o.met))
        .collect();
    assert_eq!(
        met,
        [(TIMELY, true), (SPECIFIC, true), (STUDENT_USE, true)],
        "the Status result description is not a rubric criterion"
    );
}

#[test]
fn levels_above_the_required_one_award() {
    let assessment = assess(
        submission(1),
        &[
            (TIMELY, "exemplary"),
            (SPECIFIC, "demonstrated"),
            (STUDENT_USE, "exemplary"),
        ],
    );
    assert!(decide(&assessment).unwrap().is_award());
}

#[test]
fn send_back_names_exactly_the_criteria_that_fall_short() {
    let assessment = Assessment::builder(submission(1))
        .assessor(assessor())
        .assessed_at(at(4, 9))
        .score_with_feedback(
            TIMELY,
            level(TIMELY, "developing"),
            "Half the class waited a day.",
        )
        .score(SPECIFIC, level(SPECIFIC, "demonstrated"))
        .score_with_feedback(
            STUDENT_USE,
            level(STUDENT_USE, "developing"),
            "Build in revision time.",
        )
        .feedback("Strong specificity; work on timing and follow-through.")
        .build()
        .unwrap();
    let back = send_back(decide(&assessment).unwrap());
    assert_eq!(back.attempt, 1);
    assert_eq!(back.attempts_remaining, 2);
    assert_eq!(
        back.submission_id,
        "urn:uuid:00000000-0000-4000-8000-000000000001"
    );
    assert_eq!(
        back.feedback.as_deref(),
        Some("Strong specificity; work on timing and follow-through.")
    );
    let shortfalls: Vec<_> = back
        .shortfalls
        .iter()
        .map(|s| {
            (
                s.criterion_id.as_str(),
                s.criterion_name.as_str(),
                s.achieved.clone(),
                s.required.clone(),
                s.feedback.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        shortfalls,
        [
            (
                TIMELY,
                "Feedback is timely",
                lref(TIMELY, "developing", "Developing"),
                lref(TIMELY, "met", "Met"),
                Some("Half the class waited a day.")
            ),
            (
                STUDENT_USE,
                "Students act on feedback",
                lref(STUDENT_USE, "developing", "Developing"),
                lref(STUDENT_USE, "met", "Met"),
                Some("Build in revision time.")
            ),
        ]
    );
    assert_eq!(back.outcomes.len(), 3);
    assert!(back.outcomes[1].met);
}

#[test]
fn points_rank_levels_listed_highest_first() {
    // student-use lists Exemplary(3), Met(2), Developing(1): position alone would rank
    // Developing highest.
    let low = assess(
        submission(1),
        &[
            (TIMELY, "met"),
            (SPECIFIC, "demonstrated"),
            (STUDENT_USE, "developing"),
        ],
    );
    let back = send_back(decide(&low).unwrap());
    assert_eq!(back.shortfalls.len(), 1);
    assert_eq!(back.shortfalls[0].criterion_id, STUDENT_USE);

    // Forcing array order (lowest first) gets this rubric wrong — the policy is what decides.
    let by_position = DecisionPolicy::default().level_order(LevelOrder::AscendingArray);
    assert!(by_position.decide(&achievement(), &low).unwrap().is_award());
    let descending = DecisionPolicy::default().level_order(LevelOrder::DescendingArray);
    assert!(!descending.decide(&achievement(), &low).unwrap().is_award());
}

#[test]
fn criteria_without_points_fall_back_to_array_order() {
    let low = assess(
        submission(1),
        &[
            (TIMELY, "met"),
            (SPECIFIC, "emerging"),
            (STUDENT_USE, "met"),
        ],
    );
    let back = send_back(decide(&low).unwrap());
    assert_eq!(back.shortfalls[0].criterion_id, SPECIFIC);
    assert_eq!(back.shortfalls[0].required.name, "Demonstrated");
}

#[test]
fn points_only_order_refuses_levels_without_points() {
    let policy = DecisionPolicy::default().level_order(LevelOrder::Points);
    assert_eq!(
        policy.decide(&achievement(), &passing(1)),
        Err(AssessError::UnrankableLevel {
            criterion: SPECIFIC.into(),
            level: level(SPECIFIC, "demonstrated"),
        })
    );
}

#[test]
fn the_last_failing_attempt_exhausts_attempts() {
    let failing = |attempt| {
        assess(
            submission(attempt),
            &[
                (TIMELY, "not-yet"),
                (SPECIFIC, "demonstrated"),
                (STUDENT_USE, "met"),
            ],
        )
    };
    assert_eq!(
        send_back(decide(&failing(2)).unwrap()).attempts_remaining,
        1
    );
    match decide(&failing(3)).unwrap() {
        Decision::AttemptsExhausted(back) => {
            assert_eq!(back.attempt, 3);
            assert_eq!(back.attempts_remaining, 0);
            assert_eq!(back.shortfalls[0].criterion_id, TIMELY);
        }
        other => panic!("expected AttemptsExhausted, got {other:?}"),
    }
    assert!(
        decide(&passing(3)).unwrap().is_award(),
        "the last attempt can still pass"
    );
    assert_eq!(
        decide(&passing(4)),
        Err(AssessError::AttemptOutOfRange {
            attempt: 4,
            max_attempts: 3
        })
    );
    let lenient = DecisionPolicy::default().max_attempts(5);
    let back = send_back(lenient.decide(&achievement(), &failing(4)).unwrap());
    assert_eq!(back.attempts_remaining, 1);
    let strict = DecisionPolicy::default().max_attempts(1);
    assert!(matches!(
        strict.decide(&achievement(), &failing(1)).unwrap(),
        Decision::AttemptsExhausted(_)
    ));
}

#[test]
fn at_least_rule_awards_with_a_criterion_below() {
    let assessment = assess(
        submission(1),
        &[
            (TIMELY, "developing"),
            (SPECIFIC, "demonstrated"),
            (STUDENT_USE, "met"),
        ],
    );
    let policy = DecisionPolicy::default().criteria_rule(CriteriaRule::AtLeast(2));
    assert!(
        policy
            .decide(&achievement(), &assessment)
            .unwrap()
            .is_award()
    );
    let policy = DecisionPolicy::default().criteria_rule(CriteriaRule::AtLeast(3));
    assert!(
        !policy
            .decide(&achievement(), &assessment)
            .unwrap()
            .is_award()
    );
}

#[test]
fn a_skipped_criterion_is_an_error_not_an_award() {
    let assessment = assess(submission(1), &[(SPECIFIC, "demonstrated")]);
    assert_eq!(
        decide(&assessment),
        Err(AssessError::SkippedCriteria {
            criteria: vec![TIMELY.into(), STUDENT_USE.into()]
        })
    );
}

#[test]
fn a_level_outside_the_rubric_is_an_error() {
    // A level of another criterion is still not a level of this one.
    let assessment = assess(
        submission(1),
        &[(TIMELY, "met"), (SPECIFIC, "met"), (STUDENT_USE, "met")],
    );
    assert_eq!(
        decide(&assessment),
        Err(AssessError::UnknownLevel {
            criterion: SPECIFIC.into(),
            level: level(SPECIFIC, "met"),
        })
    );
}

#[test]
fn an_unknown_criterion_is_an_error() {
    let assessment = assess(
        submission(1),
        &[
            (TIMELY, "met"),
            (SPECIFIC, "demonstrated"),
            (STUDENT_USE, "met"),
            (STATUS, "met"),
        ],
    );
    assert_eq!(
        decide(&assessment),
        Err(AssessError::UnknownCriterion {
            criterion: STATUS.into()
        }),
        "a Status result description has no levels: it is not a criterion to score"
    );
}

#[test]
fn a_submission_for_another_achievement_is_an_error() {
    let other = submission_for(
        Recipient::id(TEACHER),
        "https://badges.example-district.org/achievements/questioning",
        1,
    );
    let assessment = assess(
        other,
        &[
            (TIMELY, "met"),
            (SPECIFIC, "demonstrated"),
            (STUDENT_USE, "met"),
        ],
    );
    assert_eq!(
        decide(&assessment),
        Err(AssessError::WrongAchievement {
            submitted_for: "https://badges.example-district.org/achievements/questioning".into(),
            assessed_against: ACHIEVEMENT.into(),
        })
    );
}

#[test]
fn an_achievement_without_rubric_cannot_be_assessed() {
    let mut plain = achievement();
    plain.result_description = None;
    assert_eq!(
        DecisionPolicy::default().decide(&plain, &passing(1)),
        Err(AssessError::NoRubric {
            achievement: ACHIEVEMENT.into()
        })
    );
}

#[test]
fn a_dangling_required_level_is_reported() {
    let mut broken = achievement();
    let rds = broken.result_description.as_mut().unwrap();
    let mut items = std::mem::take(rds).into_vec();
    items[0].required_level = Some(format!("{TIMELY}/gone"));
    *rds = items.into();
    assert_eq!(
        DecisionPolicy::default().decide(&broken, &passing(1)),
        Err(AssessError::InvalidRequiredLevel {
            criterion: TIMELY.into(),
            level: format!("{TIMELY}/gone"),
        })
    );
}

#[test]
fn assessment_builder_refusals() {
    let duplicate = Assessment::builder(submission(1))
        .assessor(assessor())
        .assessed_at(at(4, 9))
        .score(TIMELY, level(TIMELY, "met"))
        .score(TIMELY, level(TIMELY, "exemplary"))
        .build();
    assert_eq!(
        duplicate,
        Err(AssessError::DuplicateScore {
            criterion: TIMELY.into()
        })
    );
    let early = Assessment::builder(submission(1))
        .assessor(assessor())
        .assessed_at(at(1, 17))
        .build();
    assert_eq!(
        early,
        Err(AssessError::AssessedBeforeSubmitted {
            submitted_at: at(1, 18),
            assessed_at: at(1, 17)
        })
    );
    let anonymous = Assessment::builder(submission(1))
        .assessed_at(at(4, 9))
        .build();
    assert_eq!(
        anonymous,
        Err(AssessError::MissingField {
            what: "Assessment",
            field: "assessor"
        })
    );
}

#[test]
fn submission_builder_refusals() {
    let base = || {
        Submission::builder()
            .recipient(Recipient::email("teacher@example.org"))
            .achievement(ACHIEVEMENT)
            .submitted_at(at(1, 18))
    };
    assert_eq!(base().build(), Err(AssessError::NoEvidence));
    let evidence = || Evidence::new().with_name("Reflection").with_narrative("…");
    assert_eq!(
        base().evidence(evidence()).attempt(0).build(),
        Err(AssessError::ZeroAttempt)
    );
    assert_eq!(
        base()
            .evidence(evidence())
            .evidence(evidence().with_id("not a uri"))
            .build(),
        Err(AssessError::InvalidEvidenceId {
            index: 1,
            id: "not a uri".into()
        })
    );
    assert_eq!(
        Submission::builder().achievement(ACHIEVEMENT).build(),
        Err(AssessError::MissingField {
            what: "Submission",
            field: "recipient"
        })
    );
    let fresh = base().evidence(evidence()).build().unwrap();
    assert!(fresh.id().starts_with("urn:uuid:"));
    assert_eq!(fresh.attempt(), 1);
}

#[test]
fn a_criterion_without_required_level_is_met_by_any_level() {
    let mut relaxed = achievement();
    let rds = relaxed.result_description.as_mut().unwrap();
    let mut items = std::mem::take(rds).into_vec();
    items[1].required_level = None;
    *rds = items.into();
    let assessment = assess(
        submission(1),
        &[
            (TIMELY, "met"),
            (SPECIFIC, "emerging"),
            (STUDENT_USE, "met"),
        ],
    );
    let Decision::Award(awarded) = DecisionPolicy::default()
        .decide(&relaxed, &assessment)
        .unwrap()
    else {
        panic!("expected an award")
    };
    let specific = &awarded.outcomes()[1];
    assert!(specific.met);
    assert_eq!(specific.required, None);
    assert_eq!(specific.achieved, lref(SPECIFIC, "emerging", "Emerging"));
}
