//! Endorsements in the workflow: a state endorses a district's micro-credential and the district
//! itself; the signed endorsements are embedded and the awarded badge still conforms.

mod assess_support;

use assess_support::*;
use chrono::{TimeZone, Utc};
use openbadges::endorse::{self, EndorseError};
use openbadges::model::{Achievement, AchievementCredential, Profile};
use serde_json::{Value, json};

const STATE: &str = "did:web:education.state.example";

/// Stand-in for the proof module's output: the shape of an eddsa-rdfc-2022 proof.
fn signed(mut endorsement: Value) -> Value {
    endorsement["proof"] = json!([{
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2025-01-15T00:00:00Z",
        "verificationMethod": format!("{STATE}#key-1"),
        "proofPurpose": "assertionMethod",
        "proofValue": "z58DAdFfa9SkqZMVPxAQpic7ndSayn1PzZs6ZjWp1CktyGesjuTSwRdoWhAfGFCF5bppETSTojQCrfFPP2oumHKtz"
    }]);
    endorsement
}

/// The district's credential `{B}/credentials/{slug}` awarding `achievement` to the teacher, as JSON.
fn award(slug: &str, achievement: Achievement) -> Value {
    AchievementCredential::builder()
        .id(format!("{B}/credentials/{slug}"))
        .issuer(district())
        .achievement(achievement)
        .recipient_id(TEACHER)
        .valid_from(at(4, 9))
        .build()
        .unwrap()
        .to_json()
}

fn salary_credit() -> Value {
    endorse::for_achievement(&achievement())
        .id("urn:uuid:0b6f3c52-8d0e-4c3e-a6a4-3f1f2f6c9a10")
        .issuer(
            Profile::builder()
                .id(STATE)
                .name("State Department of Education")
                .build()
                .unwrap(),
        )
        .comment("Counts as one board credit toward salary lane advancement.")
        .valid_from(Utc.with_ymd_and_hms(2025, 1, 15, 0, 0, 0).unwrap())
        .build()
        .unwrap()
        .to_json()
}

#[test]
fn an_endorsed_achievement_still_awards_a_conforming_credential() {
    let endorsement = salary_credit();
    assert_eq!(
        endorsement["name"],
        "Endorsement of Feedback That Moves Learning"
    );
    assert_eq!(endorsement["credentialSubject"]["id"], ACHIEVEMENT);
    assert_eq!(
        endorsement["credentialSubject"]["endorsementComment"],
        "Counts as one board credit toward salary lane advancement."
    );

    let mut endorsed = achievement();
    endorse::embed(&mut endorsed, &signed(endorsement.clone())).unwrap();
    let credential = award("endorsed", endorsed);
    assert_conforms(&credential);
    assert_eq!(
        credential["credentialSubject"]["achievement"]["endorsement"],
        json!([signed(endorsement)]),
        "the signed endorsement is embedded as given"
    );
}

#[test]
fn issuer_profiles_take_endorsements_too() {
    let mut issuer = district();
    let endorsement = endorse::for_profile(&issuer)
        .id("urn:uuid:6a1f0e1c-2b9e-4f8e-9a57-1d1f2e3c4b5a")
        .issuer(STATE)
        .valid_from(Utc.with_ymd_and_hms(2025, 1, 15, 0, 0, 0).unwrap())
        .build()
        .unwrap()
        .to_json();
    assert_eq!(
        endorsement["name"],
        "Endorsement of Example School District"
    );
    endorse::embed(&mut issuer, &signed(endorsement.clone())).unwrap();
    endorse::embed(&mut issuer, &signed(endorsement)).unwrap();
    assert_eq!(issuer.endorsement.as_ref().unwrap().len(), 2);
    let credential = AchievementCredential::builder()
        .id(format!("{B}/credentials/endorsed-issuer"))
        .issuer(issuer)
        .achievement(achievement())
        .recipient_id(TEACHER)
        .valid_from(at(4, 9))
        .build()
        .unwrap()
        .to_json();
    assert_conforms(&credential);
}

#[test]
fn embedding_refusals() {
    let mut target = achievement();
    assert!(matches!(
        endorse::embed(&mut target, &salary_credit()),
        Err(EndorseError::Unsigned { .. })
    ));
    let mut district_profile = district();
    assert!(matches!(
        endorse::embed(&mut district_profile, &signed(salary_credit())),
        Err(EndorseError::WrongSubject { ref endorses, ref target, .. })
            if endorses == ACHIEVEMENT && target == "https://badges.example-district.org/issuer"
    ));
    assert!(matches!(
        endorse::embed(
            &mut target,
            &json!({"type": ["VerifiableCredential", "EndorsementCredential"]})
        ),
        Err(EndorseError::NotAnEndorsement { .. })
    ));
    let mut undated = signed(salary_credit());
    undated["validFrom"] = json!("15 January 2025");
    assert!(matches!(
        endorse::embed(&mut target, &undated),
        Err(EndorseError::Invalid(report)) if report.has(openbadges::validate::ProblemCode::BadDate, "/validFrom")
    ));
    assert!(
        target.endorsement.is_none(),
        "nothing embedded after a refusal"
    );
}

fn jws(payload: &Value) -> String {
    use base64::Engine as _;
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    format!(
        "{}.{}.{}",
        b64(br#"{"alg":"EdDSA","typ":"JWT"}"#),
        b64(payload.to_string().as_bytes()),
        b64(b"signature bytes")
    )
}

#[test]
fn vc_jwt_endorsements_go_to_endorsement_jwt() {
    let mut target = achievement();
    let v2 = jws(&salary_credit());
    let v1 = jws(
        &json!({"vc": salary_credit(), "iss": STATE, "jti": "urn:uuid:0b6f3c52-8d0e-4c3e-a6a4-3f1f2f6c9a10"}),
    );
    endorse::embed_jwt(&mut target, &v2).unwrap();
    endorse::embed_jwt(&mut target, &v1).unwrap();
    assert_eq!(
        target.endorsement_jwt.as_ref().unwrap().as_slice(),
        [v2.clone(), v1]
    );
    assert!(target.endorsement.is_none());
    let credential = award("jwt-endorsed", target);
    assert_conforms(&credential);

    let mut profile = district();
    assert!(matches!(
        endorse::embed_jwt(&mut profile, &v2),
        Err(EndorseError::WrongSubject { .. })
    ));
    for bad in [
        "only.two",
        "a.b.c.d",
        ".payload.sig",
        "aGVhZGVy.%%%.c2ln",
        "aGVhZGVy.bm90IGpzb24.c2ln",
    ] {
        assert!(
            matches!(
                endorse::embed_jwt(&mut profile, bad),
                Err(EndorseError::BadJwt { .. })
            ),
            "{bad}"
        );
    }
    assert!(profile.endorsement_jwt.is_none());
}
