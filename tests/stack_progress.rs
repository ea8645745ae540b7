//! Stacks: progress (complete, incomplete, any-N-of-M) counting only valid credentials of the same
//! recipient, and the parent credential referencing its children as evidence.

mod assess_support;

use assess_support::*;
use openbadges::assess::{IssueOptions, Recipient};
use openbadges::model::{Achievement, AchievementCredential, AchievementType};
use openbadges::stack::{
    Child, HeldBadge, HeldCredential, NotCountedReason, Requirement, Stack, StackError, Standing,
};
use serde_json::{Value, json};

const TOPICS: [&str; 5] = [
    "Questioning",
    "Feedback",
    "Checks for Understanding",
    "Discussion",
    "Goal Setting",
];

fn child_id(i: usize) -> String {
    format!("{B}/achievements/formative-{i}")
}

fn children() -> Vec<Child> {
    TOPICS
        .iter()
        .enumerate()
        .map(|(i, name)| Child::new(child_id(i), *name))
        .collect()
}

fn child_achievement(i: usize) -> Achievement {
    Achievement::builder()
        .id(child_id(i))
        .name(TOPICS[i])
        .description(format!("{} micro-credential.", TOPICS[i]))
        .criteria_narrative("Scored against the rubric.")
        .achievement_type(AchievementType::MicroCredential)
        .build()
        .unwrap()
}

/// A child credential for achievement `i` issued to `recipient`.
fn credential(i: usize, recipient: &str, email: bool) -> Value {
    let builder = AchievementCredential::builder()
        .id(format!("{B}/credentials/{recipient}/{i}"))
        .issuer(district())
        .achievement(child_achievement(i))
        .valid_from(at(1 + i as u32, 0));
    let builder = if email {
        builder.recipient_email_with_salt(recipient, format!("salt{i}"))
    } else {
        builder.recipient_id(recipient)
    };
    builder.build().unwrap().to_json()
}

fn held(i: usize, standing: Standing) -> HeldCredential {
    HeldCredential {
        credential: credential(i, TEACHER, false),
        standing,
    }
}

fn stack(requirement: Requirement) -> Stack {
    let parent = Achievement::builder()
        .id(format!("{B}/achievements/formative-assessment-stack"))
        .name("Formative Assessment")
        .description("A stack of formative-assessment micro-credentials.")
        .criteria(requirement.criteria())
        .achievement_type(AchievementType::Certificate)
        .credits_available(3.0)
        .build()
        .unwrap();
    Stack::new(parent, requirement).unwrap()
}

fn three_of_five() -> Stack {
    stack(Requirement::at_least(3, children()).unwrap())
}

fn ids<T>(items: &[T], f: impl Fn(&T) -> &str) -> Vec<String> {
    items.iter().map(|i| f(i).to_owned()).collect()
}

#[test]
fn three_valid_children_complete_a_three_of_five_stack() {
    let held = [
        held(4, Standing::Valid),
        held(0, Standing::Valid),
        held(2, Standing::Valid),
    ];
    let progress = three_of_five().progress(&Recipient::id(TEACHER), &held);
    assert!(progress.is_complete());
    assert_eq!(
        ids(progress.held(), |h| &h.achievement_id),
        [child_id(0), child_id(2), child_id(4)],
        "held children come in the stack's order"
    );
    assert_eq!(
        ids(progress.missing(), |c| &c.id),
        [child_id(1), child_id(3)]
    );
    assert!(progress.not_counted().is_empty());
    assert_eq!(progress.required(), 3);
}

#[test]
fn an_all_of_stack_needs_every_child() {
    let all = stack(Requirement::all(children().into_iter().take(3)).unwrap());
    let two = [held(0, Standing::Valid), held(1, Standing::Valid)];
    let progress = all.progress(&Recipient::id(TEACHER), &two);
    assert!(!progress.is_complete());
    assert_eq!(ids(progress.missing(), |c| &c.id), [child_id(2)]);
    let three = [
        held(0, Standing::Valid),
        held(1, Standing::Valid),
        held(2, Standing::Valid),
    ];
    assert!(all.progress(&Recipient::id(TEACHER), &three).is_complete());
}

#[test]
fn invalid_or_foreign_credentials_do_not_count() {
    let mut someone_else = held(3, Standing::Valid);
    someone_else.credential = credential(3, "did:example:someone-else", false);
    let outside = HeldCredential {
        credential: {
            let mut c = credential(0, TEACHER, false);
            c["credentialSubject"]["achievement"]["id"] = json!(format!("{B}/achievements/other"));
            c
        },
        standing: Standing::Valid,
    };
    let unreadable = HeldCredential {
        credential: json!({"id": "urn:x:broken", "type": ["VerifiableCredential"]}),
        standing: Standing::Valid,
    };
    let held = [
        held(0, Standing::Valid),
        held(1, Standing::Expired),
        held(2, Standing::Revoked),
        held(4, Standing::Unverified),
        someone_else,
        outside,
        unreadable,
        held(0, Standing::Valid),
        held(2, Standing::Suspended),
        held(1, Standing::NotYetValid),
    ];
    let progress = three_of_five().progress(&Recipient::id(TEACHER), &held);
    assert!(!progress.is_complete(), "only one child really counts");
    assert_eq!(ids(progress.held(), |h| &h.achievement_id), [child_id(0)]);
    let reasons: Vec<(usize, NotCountedReason)> = progress
        .not_counted()
        .iter()
        .map(|n| (n.index, n.reason.clone()))
        .collect();
    assert_eq!(
        reasons,
        [
            (1, NotCountedReason::Standing(Standing::Expired)),
            (2, NotCountedReason::Standing(Standing::Revoked)),
            (3, NotCountedReason::Standing(Standing::Unverified)),
            (4, NotCountedReason::OtherRecipient),
            (5, NotCountedReason::NotInStack),
            (6, NotCountedReason::Unreadable),
            (7, NotCountedReason::Duplicate),
            (8, NotCountedReason::Standing(Standing::Suspended)),
            (9, NotCountedReason::Standing(Standing::NotYetValid)),
        ]
    );
    let unreadable = &progress.not_counted()[5];
    assert_eq!(unreadable.credential_id.as_deref(), Some("urn:x:broken"));
    assert_eq!(unreadable.achievement_id, None);
    assert_eq!(
        progress.not_counted()[0].credential_id.as_deref(),
        Some(format!("{B}/credentials/{TEACHER}/1").as_str())
    );
}

#[test]
fn hashed_email_identities_are_matched() {
    let mine = "m.rivera@example-district.org";
    let held: Vec<HeldCredential> = [0, 1, 2]
        .into_iter()
        .map(|i| HeldCredential {
            credential: credential(i, mine, true),
            standing: Standing::Valid,
        })
        .chain([HeldCredential {
            credential: credential(3, "j.doe@example-district.org", true),
            standing: Standing::Valid,
        }])
        .collect();
    let progress = three_of_five().progress(&Recipient::email(mine), &held);
    assert!(progress.is_complete());
    assert_eq!(
        progress.not_counted()[0].reason,
        NotCountedReason::OtherRecipient
    );
    let by_did = three_of_five().progress(&Recipient::id(TEACHER), &held);
    assert!(by_did.held().is_empty());
}

#[test]
fn trait_objects_are_accepted() {
    let a = held(0, Standing::Valid);
    let b = held(1, Standing::Valid);
    let list: Vec<&dyn HeldBadge> = vec![&a, &b];
    let progress = three_of_five().progress(&Recipient::id(TEACHER), list);
    assert_eq!(progress.held().len(), 2);
}

#[test]
fn the_stack_credential_references_each_child_credential() {
    let stack = three_of_five();
    let held = [
        held(0, Standing::Valid),
        held(1, Standing::Valid),
        held(3, Standing::Valid),
    ];
    let progress = stack.progress(&Recipient::id(TEACHER), &held);
    let options = IssueOptions::default()
        .credential_id(format!("{B}/credentials/stack/1"))
        .valid_from(at(20, 12))
        .credits_earned(3.0);
    let json = stack
        .credential(&progress, district(), &options)
        .unwrap()
        .to_json();
    assert_conforms(&json);
    assert_eq!(
        json["evidence"],
        json!([
            {"id": format!("{B}/credentials/{TEACHER}/0"), "type": ["Evidence"], "name": "Questioning", "genre": "Stacked credential"},
            {"id": format!("{B}/credentials/{TEACHER}/1"), "type": ["Evidence"], "name": "Feedback", "genre": "Stacked credential"},
            {"id": format!("{B}/credentials/{TEACHER}/3"), "type": ["Evidence"], "name": "Discussion", "genre": "Stacked credential"},
        ])
    );
    assert_eq!(json["credentialSubject"]["id"], TEACHER);
    assert_eq!(json["credentialSubject"]["creditsEarned"], 3.0);
    assert_eq!(json["awardedDate"], "2025-03-20T12:00:00Z");
    assert_eq!(
        json["credentialSubject"]["achievement"]["criteria"]["narrative"],
        "Earn at least 3 of these 5 achievements:\n\n\
         - Questioning (https://badges.example-district.org/achievements/formative-0)\n\
         - Feedback (https://badges.example-district.org/achievements/formative-1)\n\
         - Checks for Understanding (https://badges.example-district.org/achievements/formative-2)\n\
         - Discussion (https://badges.example-district.org/achievements/formative-3)\n\
         - Goal Setting (https://badges.example-district.org/achievements/formative-4)"
    );
}

#[test]
fn stack_credential_refusals() {
    let stack = three_of_five();
    let options = IssueOptions::default().valid_from(at(20, 12));
    let two = [held(0, Standing::Valid), held(1, Standing::Valid)];
    let incomplete = stack.progress(&Recipient::id(TEACHER), &two);
    assert_eq!(
        stack.credential(&incomplete, district(), &options),
        Err(StackError::Incomplete {
            stack: format!("{B}/achievements/formative-assessment-stack"),
            held: 2,
            required: 3
        })
    );
    let all = [
        held(0, Standing::Valid),
        held(1, Standing::Valid),
        held(2, Standing::Valid),
    ];
    let complete = stack.progress(&Recipient::id(TEACHER), &all);
    assert_eq!(
        stack.credential(&complete, district(), &IssueOptions::default()),
        Err(StackError::MissingValidFrom)
    );
    let other = self::stack(Requirement::all(children().into_iter().take(3)).unwrap());
    let mut other_parent = other.parent().clone();
    other_parent.id = format!("{B}/achievements/another-stack");
    let other = Stack::new(other_parent, other.requirement().clone()).unwrap();
    assert!(matches!(
        other.credential(&complete, district(), &options),
        Err(StackError::ProgressForOtherStack { .. })
    ));
}

#[test]
fn requirement_refusals() {
    assert_eq!(Requirement::all([]), Err(StackError::NoChildren));
    assert_eq!(
        Requirement::at_least(6, children()),
        Err(StackError::ImpossibleCount {
            required: 6,
            children: 5
        })
    );
    assert_eq!(
        Requirement::at_least(0, children()),
        Err(StackError::ImpossibleCount {
            required: 0,
            children: 5
        })
    );
    assert_eq!(
        Requirement::all([Child::new("urn:a", "A"), Child::new("urn:a", "A again")]),
        Err(StackError::DuplicateChild { id: "urn:a".into() })
    );
    let looped = Requirement::all([Child::new(child_id(0), "Questioning")]).unwrap();
    assert_eq!(
        Stack::new(child_achievement(0), looped),
        Err(StackError::SelfReference { id: child_id(0) })
    );
}

#[test]
fn arbitrary_json_is_reported_never_panicked_on() {
    let junk = [
        json!(null),
        json!(42),
        json!("did:example:x"),
        json!([credential(0, TEACHER, false)]),
        json!({"id": 7, "credentialSubject": []}),
        json!({"type": "OpenBadgeCredential", "credentialSubject": {"achievement": {"id": child_id(0)}}}),
    ];
    let held: Vec<HeldCredential> = junk
        .into_iter()
        .map(|credential| HeldCredential {
            credential,
            standing: Standing::Valid,
        })
        .collect();
    let progress = three_of_five().progress(&Recipient::email("a@example.org"), &held);
    assert!(progress.held().is_empty());
    assert_eq!(progress.missing().len(), 5);
    assert!(
        progress
            .not_counted()
            .iter()
            .all(|n| n.reason == NotCountedReason::Unreadable)
    );
    assert_eq!(progress.not_counted().len(), 6);
}

#[test]
fn only_trusted_issuers_count_when_the_stack_names_them() {
    let district_id = "https://badges.example-district.org/issuer";
    let trusted: Vec<Child> = children()
        .into_iter()
        .map(|c| {
            c.issued_by("did:web:partner.example")
                .issued_by(district_id)
        })
        .collect();
    let stack = stack(Requirement::at_least(2, trusted).unwrap());
    let mut forged = held(1, Standing::Valid);
    forged.credential["issuer"] =
        json!({"id": "did:web:coffee-stop.example", "type": ["Profile"], "name": "Coffee Stop"});
    let held = [held(0, Standing::Valid), forged];
    let progress = stack.progress(&Recipient::id(TEACHER), &held);
    assert!(!progress.is_complete());
    assert_eq!(ids(progress.held(), |h| &h.achievement_id), [child_id(0)]);
    assert_eq!(
        progress.not_counted()[0].reason,
        NotCountedReason::UntrustedIssuer
    );
}
