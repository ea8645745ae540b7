//! A teacher presents a portfolio (a JSON badge, a VC-JWT badge, a baked-PNG badge) to a district
//! that verifies it against its challenge; every way it can go wrong has its outcome.

use chrono::{DateTime, TimeZone, Utc};
use openbadges::bake::{self, Payload};
use openbadges::issuer::{Issuer, Suite};
use openbadges::keys::Keypair;
use openbadges::model::{Achievement, AchievementCredential, Criteria};
use openbadges::present::{Holder, PresentOptions, PresentedCredential};
use openbadges::proof::{Cryptosuite, ProofOptions, SuiteRegistry};
use openbadges::verify::{
    CheckStatus, Outcome, PresentationCheckCode, PresentationFormat, PresentationOptions,
    PresentationOutcome, PresentationReport, Submission, Verifier, VerifyOptions, classify,
};
use serde_json::{Value, json};

const CHALLENGE: &str = "c0ffee-district-2026-03-01";
const DOMAIN: &str = "https://district.example.org";

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap()
}

fn school() -> Issuer {
    Issuer::did_key(Keypair::from_seed(&[21; 32]))
}

fn teacher() -> Holder {
    Holder::did_key(Keypair::from_seed(&[22; 32]))
}

fn badge(issuer: &Issuer, subject: &str, name: &str, n: u8) -> Value {
    let achievement = Achievement::builder()
        .id(format!("https://school.example/achievements/{n}"))
        .name(name)
        .description("A professional learning badge.")
        .criteria(Criteria::narrative("Completes the module."))
        .build()
        .unwrap();
    AchievementCredential::builder()
        .id(format!(
            "urn:uuid:7b0c3b7e-8d21-4b6f-9e3a-1c2d3e4f5a{n:02x}"
        ))
        .issuer(issuer.did())
        .achievement(achievement)
        .recipient_id(subject)
        .valid_from(Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap())
        .build()
        .unwrap()
        .to_json()
}

/// The three badges, as the teacher's wallet holds them.
fn portfolio() -> Vec<PresentedCredential> {
    let school = school();
    let me = teacher().did().to_owned();
    let json_badge = school
        .sign(
            &badge(&school, &me, "Formative Assessment", 1),
            Suite::EddsaRdfc2022,
            now(),
        )
        .unwrap();
    let jwt_badge = school
        .sign_jwt(
            &badge(&school, &me, "Feedback That Moves Learning", 2),
            now(),
        )
        .unwrap();
    let baked_badge = school
        .sign(
            &badge(&school, &me, "Classroom Discourse", 3),
            Suite::EddsaRdfc2022,
            now(),
        )
        .unwrap();
    let png = std::fs::read(format!(
        "{}/fixtures/images/palette-8x8.png",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let png = bake::bake(&png, &Payload::Json(baked_badge.to_string())).unwrap();
    let wallet = [
        serde_json::to_vec(&json_badge).unwrap(),
        jwt_badge.into_bytes(),
        png,
    ];
    wallet
        .iter()
        .map(|bytes| PresentedCredential::from_bytes(bytes).unwrap())
        .collect()
}

fn rdfc() -> &'static dyn Cryptosuite {
    SuiteRegistry::standard().get("eddsa-rdfc-2022").unwrap()
}

fn options() -> PresentOptions {
    PresentOptions::new(CHALLENGE, DOMAIN, now())
}

fn expected() -> PresentationOptions {
    PresentationOptions::new()
        .challenge(CHALLENGE)
        .domain(DOMAIN)
}

fn verify(bytes: &[u8], expected: &PresentationOptions) -> PresentationReport {
    Verifier::new(VerifyOptions::new(now())).verify_presentation(bytes, expected)
}

fn assert_outcome(report: &PresentationReport, outcome: PresentationOutcome) {
    assert_eq!(report.outcome(), outcome, "{:#}", report.to_json());
    assert_eq!(
        report.is_verified(),
        outcome == PresentationOutcome::Verified
    );
}

#[test]
fn a_portfolio_of_json_jwt_and_baked_badges_verifies() {
    let credentials = portfolio();
    assert!(matches!(credentials[0], PresentedCredential::Json(_)));
    assert!(matches!(credentials[1], PresentedCredential::Jwt(_)));
    assert!(matches!(credentials[2], PresentedCredential::Json(_)));
    let vp = teacher().present(&credentials, &options()).unwrap();
    assert_eq!(vp["holder"], teacher().did());
    assert_eq!(vp["proof"]["proofPurpose"], "authentication");
    assert_eq!(vp["proof"]["challenge"], CHALLENGE);
    assert_eq!(vp["proof"]["domain"], DOMAIN);
    assert_eq!(vp["proof"]["cryptosuite"], "eddsa-rdfc-2022");
    assert_eq!(
        vp["verifiableCredential"][1]["type"],
        "EnvelopedVerifiableCredential"
    );
    assert!(
        vp["verifiableCredential"][1]["id"]
            .as_str()
            .unwrap()
            .starts_with("data:application/vc+jwt,eyJ")
    );
    let bytes = serde_json::to_vec(&vp).unwrap();
    assert_eq!(classify(&bytes), Submission::Presentation);

    let report = verify(&bytes, &expected());
    assert_outcome(&report, PresentationOutcome::Verified);
    assert_eq!(report.format(), PresentationFormat::DataIntegrity);
    assert_eq!(report.holder(), Some(teacher().did()));
    assert_eq!(report.credentials().len(), 3);
    for (i, presented) in report.credentials().iter().enumerate() {
        assert_eq!(presented.pointer, format!("/verifiableCredential/{i}"));
        assert_eq!(presented.report.outcome(), Outcome::Verified);
        assert_eq!(presented.bound_to_holder, Some(true));
    }
    // Each report carries the credential it verified: the embedded JSON as presented, the
    // enveloped one as its token's payload.
    for i in [0, 2] {
        assert_eq!(
            report.credentials()[i].report.credential_json(),
            Some(&vp["verifiableCredential"][i])
        );
    }
    assert_eq!(
        report.credentials()[1]
            .report
            .credential_json()
            .map(|c| &c["credentialSubject"]["id"]),
        Some(&json!(teacher().did()))
    );
    for code in [
        PresentationCheckCode::HolderProof,
        PresentationCheckCode::Challenge,
        PresentationCheckCode::Domain,
        PresentationCheckCode::HolderBinding,
        PresentationCheckCode::Spec,
    ] {
        assert_eq!(
            report.status_of(code),
            Some(CheckStatus::Passed),
            "{code:?}"
        );
    }
    // The report is JSON a district's system can store.
    let json = report.to_json();
    assert_eq!(json["outcome"], "VERIFIED");
    assert_eq!(json["credentials"][1]["report"]["outcome"], "VERIFIED");

    // The same portfolio as a VP-JWT.
    let token = teacher().present_jwt(&credentials, &options()).unwrap();
    assert_eq!(classify(token.as_bytes()), Submission::Presentation);
    let report = verify(token.as_bytes(), &expected());
    assert_outcome(&report, PresentationOutcome::Verified);
    assert_eq!(report.format(), PresentationFormat::Jwt);
    assert_eq!(report.credentials().len(), 3);
}

#[test]
fn many_presentations_verified_at_once_each_get_their_own_answer() {
    // A district's server checks several teachers' portfolios at the same moment, more callers
    // than cores: every presentation's checks are shared with a pool thread, and no answer may
    // land in another caller's report.
    let credentials = portfolio();
    let good = serde_json::to_vec(&teacher().present(&credentials, &options()).unwrap()).unwrap();
    let other_challenge = PresentOptions::new("another-challenge", DOMAIN, now());
    let replayed =
        serde_json::to_vec(&teacher().present(&credentials, &other_challenge).unwrap()).unwrap();
    let token = teacher().present_jwt(&credentials, &options()).unwrap();
    let verifier = Verifier::new(VerifyOptions::new(now()));
    std::thread::scope(|scope| {
        for caller in 0..6 {
            let (good, replayed, token, verifier) = (&good, &replayed, &token, &verifier);
            scope.spawn(move || {
                for round in 0..4 {
                    let (bytes, outcome) = match (caller + round) % 3 {
                        0 => (good.as_slice(), PresentationOutcome::Verified),
                        1 => (replayed.as_slice(), PresentationOutcome::WrongChallenge),
                        _ => (token.as_bytes(), PresentationOutcome::Verified),
                    };
                    let report = verifier.verify_presentation(bytes, &expected());
                    assert_outcome(&report, outcome);
                    assert_eq!(report.credentials().len(), 3);
                    for (i, presented) in report.credentials().iter().enumerate() {
                        assert_eq!(presented.pointer, format!("/verifiableCredential/{i}"));
                        assert_eq!(presented.report.outcome(), Outcome::Verified);
                    }
                }
            });
        }
    });
}

#[test]
fn a_wrong_or_missing_challenge_or_domain_is_refused() {
    let credentials = portfolio();
    let vp = serde_json::to_vec(&teacher().present(&credentials, &options()).unwrap()).unwrap();
    let other_challenge = PresentationOptions::new()
        .challenge("another")
        .domain(DOMAIN);
    assert_outcome(
        &verify(&vp, &other_challenge),
        PresentationOutcome::WrongChallenge,
    );
    let other_domain = PresentationOptions::new()
        .challenge(CHALLENGE)
        .domain("https://evil.example");
    assert_outcome(
        &verify(&vp, &other_domain),
        PresentationOutcome::WrongDomain,
    );

    // A presentation made without a challenge, to a verifier that requires one.
    let no_challenge = {
        let holder = teacher();
        let presentation = holder.presentation(&credentials, None);
        let mut proof = ProofOptions::new(holder.verification_method(), now());
        proof.proof_purpose = "authentication".into();
        proof.domain = vec![DOMAIN.into()];
        rdfc()
            .sign(&presentation, &proof, &Keypair::from_seed(&[22; 32]))
            .unwrap()
    };
    let no_challenge = serde_json::to_vec(&no_challenge).unwrap();
    let report = verify(&no_challenge, &expected());
    assert_outcome(&report, PresentationOutcome::WrongChallenge);
    assert!(
        report.summary().contains("has none"),
        "{}",
        report.summary()
    );
    // Accepted when the verifier asks for none.
    assert_outcome(
        &verify(&no_challenge, &PresentationOptions::new().domain(DOMAIN)),
        PresentationOutcome::Verified,
    );

    let token = teacher().present_jwt(&credentials, &options()).unwrap();
    assert_outcome(
        &verify(token.as_bytes(), &other_challenge),
        PresentationOutcome::WrongChallenge,
    );
    assert_outcome(
        &verify(token.as_bytes(), &other_domain),
        PresentationOutcome::WrongDomain,
    );
}

#[test]
fn a_tampered_credential_is_forged_while_the_presentation_proof_still_verifies() {
    let credentials = portfolio();
    let mut vp = teacher().present(&credentials, &options()).unwrap();
    // Swap the first badge's achievement name, then re-sign the presentation: the holder's proof
    // is valid, the issuer's is not.
    vp["verifiableCredential"][0]["credentialSubject"]["achievement"]["name"] = json!("Principal");
    let holder = teacher();
    let mut unsigned = vp.clone();
    unsigned.as_object_mut().unwrap().remove("proof");
    let mut proof = ProofOptions::new(holder.verification_method(), now());
    proof.proof_purpose = "authentication".into();
    proof.challenge = Some(CHALLENGE.into());
    proof.domain = vec![DOMAIN.into()];
    let resigned = rdfc()
        .sign(&unsigned, &proof, &Keypair::from_seed(&[22; 32]))
        .unwrap();
    let report = verify(&serde_json::to_vec(&resigned).unwrap(), &expected());
    assert_outcome(&report, PresentationOutcome::CredentialNotVerified);
    assert_eq!(
        report.status_of(PresentationCheckCode::HolderProof),
        Some(CheckStatus::Passed)
    );
    assert_eq!(report.credentials()[0].report.outcome(), Outcome::Forged);
    assert_eq!(report.credentials()[1].report.outcome(), Outcome::Verified);
    assert_eq!(report.credentials()[2].report.outcome(), Outcome::Verified);

    // Tampering after the holder signed breaks the holder's proof too.
    let report = verify(&serde_json::to_vec(&vp).unwrap(), &expected());
    assert_outcome(&report, PresentationOutcome::Forged);
}

#[test]
fn a_presentation_repacked_after_the_holder_signed_it_is_forged_however_its_checks_are_shared() {
    // The holder's signature check runs on whichever of the verifier's threads is free first:
    // on every run, and for every change, it must still decide the outcome.
    let credentials = portfolio();
    let vp = teacher().present(&credentials, &options()).unwrap();
    let mut one_dropped = vp.clone();
    one_dropped["verifiableCredential"]
        .as_array_mut()
        .unwrap()
        .remove(1);
    let mut one_repeated = vp.clone();
    let first = one_repeated["verifiableCredential"][0].clone();
    one_repeated["verifiableCredential"]
        .as_array_mut()
        .unwrap()
        .push(first);
    let mut renamed = vp.clone();
    renamed["id"] = json!("urn:uuid:6f1c1a52-5b9e-4c55-9d0b-2a7d1e0c3b11");
    let verifier = Verifier::new(VerifyOptions::new(now()));
    for _ in 0..20 {
        let report = verifier.verify_presentation(&serde_json::to_vec(&vp).unwrap(), &expected());
        assert_outcome(&report, PresentationOutcome::Verified);
        for changed in [&one_dropped, &one_repeated, &renamed] {
            let report =
                verifier.verify_presentation(&serde_json::to_vec(changed).unwrap(), &expected());
            assert_outcome(&report, PresentationOutcome::Forged);
            assert_eq!(
                report.status_of(PresentationCheckCode::HolderProof),
                Some(CheckStatus::Failed)
            );
            // Each credential is still the issuer's.
            assert!(
                report
                    .credentials()
                    .iter()
                    .all(|c| c.report.outcome() == Outcome::Verified)
            );
        }
    }
}

#[test]
fn a_credential_about_someone_else_is_not_the_holders() {
    let school = school();
    let someone_else = school
        .sign(
            &badge(
                &school,
                "did:example:another-teacher",
                "Formative Assessment",
                9,
            ),
            Suite::EddsaRdfc2022,
            now(),
        )
        .unwrap();
    let mut credentials = portfolio();
    credentials.push(PresentedCredential::Json(someone_else));
    let vp = teacher().present(&credentials, &options()).unwrap();
    let report = verify(&serde_json::to_vec(&vp).unwrap(), &expected());
    assert_outcome(&report, PresentationOutcome::SubjectNotHolder);
    let fourth = &report.credentials()[3];
    assert_eq!(
        fourth.report.outcome(),
        Outcome::Verified,
        "the badge itself is authentic"
    );
    assert_eq!(fourth.bound_to_holder, Some(false));
    assert_eq!(fourth.subjects, ["did:example:another-teacher"]);
}

#[test]
fn a_holder_proof_by_another_key_is_refused() {
    let credentials = portfolio();
    // Another key signs a presentation that names the teacher as holder, with its own method.
    let intruder_key = Keypair::from_seed(&[66; 32]);
    let intruder_method = intruder_key.public_key().to_did_key_method_id();
    let presentation = teacher().presentation(&credentials, None);
    let mut proof = ProofOptions::new(intruder_method, now());
    proof.proof_purpose = "authentication".into();
    proof.challenge = Some(CHALLENGE.into());
    proof.domain = vec![DOMAIN.into()];
    let signed = rdfc().sign(&presentation, &proof, &intruder_key).unwrap();
    let report = verify(&serde_json::to_vec(&signed).unwrap(), &expected());
    assert_outcome(&report, PresentationOutcome::UnboundHolder);

    // Another key claiming the teacher's verification method: the signature is wrong.
    let impostor = Holder::new(
        Keypair::from_seed(&[66; 32]),
        teacher().verification_method(),
    );
    let forged = impostor.present(&credentials, &options()).unwrap();
    let report = verify(&serde_json::to_vec(&forged).unwrap(), &expected());
    assert_outcome(&report, PresentationOutcome::Forged);
    let forged_jwt = impostor.present_jwt(&credentials, &options()).unwrap();
    assert_outcome(
        &verify(forged_jwt.as_bytes(), &expected()),
        PresentationOutcome::Forged,
    );

    // An assertion proof is not an authentication proof.
    let mut assertion = ProofOptions::new(teacher().verification_method(), now());
    assertion.challenge = Some(CHALLENGE.into());
    assertion.domain = vec![DOMAIN.into()];
    let signed = rdfc()
        .sign(&presentation, &assertion, &Keypair::from_seed(&[22; 32]))
        .unwrap();
    assert_outcome(
        &verify(&serde_json::to_vec(&signed).unwrap(), &expected()),
        PresentationOutcome::Forged,
    );
}

#[test]
fn a_vp_jwt_with_alg_none_is_refused() {
    use base64::Engine as _;
    let b64 = |v: &Value| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap())
    };
    let token = teacher().present_jwt(&portfolio(), &options()).unwrap();
    let payload = token.split('.').nth(1).unwrap();
    let header = json!({"alg": "none", "typ": "JWT", "kid": teacher().verification_method()});
    for signature in ["", "c2ln"] {
        let unsecured = format!("{}.{payload}.{signature}", b64(&header));
        let report = verify(unsecured.as_bytes(), &expected());
        assert!(!report.is_verified());
        assert!(
            matches!(
                report.outcome(),
                PresentationOutcome::Forged | PresentationOutcome::Unreadable
            ),
            "{:#}",
            report.to_json()
        );
        assert!(
            report.credentials().is_empty(),
            "nothing is read from an unsecured token"
        );
    }
}

#[test]
fn an_open_badges_api_response_is_verified_credential_by_credential() {
    let school = school();
    let me = teacher().did().to_owned();
    let json_badge = school
        .sign(
            &badge(&school, &me, "Formative Assessment", 1),
            Suite::EddsaRdfc2022,
            now(),
        )
        .unwrap();
    let jwt_badge = school
        .sign_jwt(&badge(&school, &me, "Feedback", 2), now())
        .unwrap();
    let response = json!({"compactJwsStrings": [jwt_badge], "credential": [json_badge]});
    let bytes = serde_json::to_vec(&response).unwrap();
    assert_eq!(classify(&bytes), Submission::CredentialsResponse);
    let report = verify(&bytes, &PresentationOptions::new());
    assert_outcome(&report, PresentationOutcome::Verified);
    assert_eq!(report.format(), PresentationFormat::CredentialsResponse);
    assert_eq!(report.credentials()[0].pointer, "/compactJwsStrings/0");
    assert_eq!(report.credentials()[1].pointer, "/credential/0");
    assert_eq!(
        report.credentials()[1].report.credential_json(),
        Some(&response["credential"][0])
    );
    // It carries no holder proof, so it cannot answer a challenge.
    assert_outcome(
        &verify(&bytes, &expected()),
        PresentationOutcome::WrongChallenge,
    );
    // Nor is a credential's VC-JWT, however well signed.
    let report = verify(
        response["compactJwsStrings"][0]
            .as_str()
            .unwrap()
            .as_bytes(),
        &expected(),
    );
    assert_outcome(&report, PresentationOutcome::NotAPresentation);
    assert_eq!(report.format(), PresentationFormat::Jwt);
    assert!(report.credentials().is_empty());
    // A single credential is not a presentation.
    let single = serde_json::to_vec(&response["credential"][0]).unwrap();
    assert_eq!(classify(&single), Submission::Credential);
    assert_outcome(
        &verify(&single, &expected()),
        PresentationOutcome::NotAPresentation,
    );
    assert_outcome(
        &verify(b"{not json", &expected()),
        PresentationOutcome::Unreadable,
    );
}

#[test]
fn what_cannot_be_presented_is_refused() {
    let holder = teacher();
    assert!(holder.present(&[], &options()).is_err());
    let key_file = json!({"type": "Ed25519", "secretKeyMultibase": "z3u2"});
    let err = holder
        .present(&[PresentedCredential::Json(key_file)], &options())
        .unwrap_err();
    assert!(err.to_string().contains("OB_BAD_TYPE"), "{err}");
    assert!(PresentedCredential::from_bytes(b"hello").is_err());
    let empty_challenge = PresentOptions::new("", DOMAIN, now());
    assert!(holder.present(&portfolio(), &empty_challenge).is_err());
}

/// A district receiving a portfolio offline learns from `needs` every document it must fetch:
/// the issuer's DID document for a JSON badge and for a JWT badge (its `kid`), a badge's status
/// list, and the holder's; once they are supplied, nothing is missing and the portfolio verifies.
#[test]
fn needs_of_a_presentation_name_each_credentials_documents() {
    use openbadges::keys::controller_document;
    use openbadges::status::{StatusList, StatusListConfig};
    let did = "did:web:school.example";
    let method = format!("{did}#key-1");
    let school_key = Keypair::from_seed(&[31; 32]);
    let school = Issuer::new(Keypair::from_seed(&[31; 32]), &method);
    let holder_did = "did:web:teacher.example";
    let holder_method = format!("{holder_did}#key-1");
    let holder_key = Keypair::from_seed(&[32; 32]);
    let holder = Holder::new(Keypair::from_seed(&[32; 32]), &holder_method);
    let status_url = "https://school.example/status/1";
    let mut list = StatusList::new(StatusListConfig::revocation().with_seed([4; 32])).unwrap();
    let index = list.allocate().unwrap();

    let mut json_badge = badge(&school, holder_did, "Formative Assessment", 1);
    json_badge["issuer"] = json!(did);
    json_badge["credentialStatus"] = list.credential_status_entry(index, status_url).unwrap();
    let json_badge = school
        .sign(&json_badge, Suite::EddsaRdfc2022, now())
        .unwrap();
    let mut jwt_badge = badge(&school, holder_did, "Feedback That Moves Learning", 2);
    jwt_badge["issuer"] = json!(did);
    let jwt_badge = school.sign_jwt(&jwt_badge, now()).unwrap();
    let credentials = [
        PresentedCredential::Json(json_badge),
        PresentedCredential::Jwt(jwt_badge.clone()),
    ];
    let vp = serde_json::to_vec(&holder.present(&credentials, &options()).unwrap()).unwrap();
    let vp_jwt = holder.present_jwt(&credentials, &options()).unwrap();
    let response = serde_json::to_vec(&json!({"compactJwsStrings": [jwt_badge]})).unwrap();

    let mut verifier = Verifier::new(VerifyOptions::new(now()));
    for (bytes, controllers, status_lists) in [
        (&vp[..], vec![did, holder_did], vec![status_url]),
        (vp_jwt.as_bytes(), vec![did, holder_did], vec![status_url]),
        (&response[..], vec![did], vec![]),
    ] {
        let needs = verifier.needs(bytes);
        assert_eq!(needs.controllers, controllers, "{:#}", needs.to_json());
        assert_eq!(needs.status_lists, status_lists, "{:#}", needs.to_json());
        assert!(needs.contexts.is_empty() && needs.unreadable.is_none());
    }
    // The holder's key cannot be had offline: that is not a forgery.
    for bytes in [&vp[..], vp_jwt.as_bytes()] {
        let report = verifier.verify_presentation(bytes, &expected());
        assert_eq!(
            report.outcome(),
            PresentationOutcome::KeyUnavailable,
            "{:#}",
            report.to_json()
        );
    }

    let list_credential = school
        .sign(
            &list.to_credential(did, status_url, now(), None),
            Suite::EddsaRdfc2022,
            now(),
        )
        .unwrap();
    for (url, document) in [
        (
            did,
            controller_document(did, &method, &school_key.public_key()),
        ),
        (
            holder_did,
            controller_document(holder_did, &holder_method, &holder_key.public_key()),
        ),
        (status_url, list_credential),
    ] {
        verifier
            .register_document(url, &serde_json::to_vec(&document).unwrap())
            .unwrap();
    }
    for bytes in [&vp[..], vp_jwt.as_bytes(), &response[..]] {
        assert!(
            verifier.needs(bytes).is_empty(),
            "{:#}",
            verifier.needs(bytes).to_json()
        );
    }
    assert_outcome(
        &verifier.verify_presentation(&vp, &expected()),
        PresentationOutcome::Verified,
    );
    assert_outcome(
        &verifier.verify_presentation(vp_jwt.as_bytes(), &expected()),
        PresentationOutcome::Verified,
    );
}
