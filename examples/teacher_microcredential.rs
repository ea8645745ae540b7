//! End to end: a district's "Feedback That Moves Learning" micro-credential, from a teacher's first
//! submission to a LinkedIn link.
//!
//! 1. The district defines the micro-credential with a three-criterion rubric; the state
//!    education agency endorses it (an `EndorsementCredential` signed with the state's own key and
//!    embedded in the achievement).
//! 2. A teacher submits evidence; the assessor sends it back with feedback on the criteria that
//!    fall short; the teacher resubmits (attempt 2) and is awarded.
//! 3. The credential is signed (`eddsa-rdfc-2022`, `did:key` issuer) and baked into a PNG.
//! 4. The PNG bytes are verified offline, the embedded state endorsement with them; an altered
//!    copy is caught as forged.
//! 5. Together with two micro-credentials the teacher already holds it completes a 3-of-4 stack,
//!    whose credential references the three children as evidence.
//! 6. The verified report becomes a LinkedIn "Add to profile" link.
//! 7. The teacher presents three badges to the district (a presentation bound to her, answering
//!    the district's challenge); the district verifies it, and a replay is refused.
//!
//! Run with `cargo run --example teacher_microcredential`. Keys come from fixed seeds and every id
//! and date is fixed, so the output is the same on every run. Any broken step makes it exit with
//! an error (CI runs it).

use std::error::Error;

use chrono::{DateTime, TimeZone, Utc};
use openbadges::assess::{
    self, Assessment, Decision, DecisionPolicy, Recipient, Submission, file_evidence_id,
};
use openbadges::bake::{self, Payload};
use openbadges::endorse;
use openbadges::issuer::{self, Issuer, Suite};
use openbadges::keys::Keypair;
use openbadges::linkedin;
use openbadges::model::{
    Achievement, AchievementCredential, AchievementType, BuildError, Evidence, Image, Profile,
    ResultDescription, ResultType, RubricCriterionLevel,
};
use openbadges::present::{Holder, PresentOptions, PresentedCredential};
use openbadges::stack::{Child, HeldBadge, Requirement, Stack};
use openbadges::verify::{
    CheckStatus, ExpectedRecipient, Outcome, PresentationOptions, PresentationOutcome,
    VerificationReport, Verifier, VerifyOptions,
};
use serde_json::Value;

type Res<T> = Result<T, Box<dyn Error>>;

const BASE: &str = "https://badges.example-district.org";
const TEACHER_EMAIL: &str = "jordan.rivera@example-district.org";
const TEACHER_SALT: &str = "c2f6a1d4e8b7";
const FEEDBACK_ID: &str =
    "https://badges.example-district.org/achievements/feedback-that-moves-learning";
const CLASSROOM_ID: &str = "https://badges.example-district.org/achievements/classroom-management";
const FORMATIVE_ID: &str = "https://badges.example-district.org/achievements/formative-assessment";
const CULTURALLY_ID: &str =
    "https://badges.example-district.org/achievements/culturally-responsive";
const PATHWAY_ID: &str =
    "https://badges.example-district.org/achievements/instructional-leadership-pathway";

fn main() -> Res<()> {
    // ── Keys ────────────────────────────────────────────────────────────────────────────────
    // Fixed seeds keep the example reproducible; a real issuer uses `Keypair::generate()`.
    let district_key = Issuer::did_key(Keypair::from_seed(&[0x42; 32]));
    let state_key = Issuer::did_key(Keypair::from_seed(&[0x57; 32]));
    let district = Profile::builder()
        .id(district_key.did())
        .name("Example Unified School District")
        .url("https://www.example-district.org")
        .email("badges@example-district.org")
        .build()?;
    let state = Profile::builder()
        .id(state_key.did())
        .name("State Department of Education")
        .url("https://education.state.example")
        .build()?;
    heading("1. Issuers");
    line("district", district_key.did());
    line("state", state_key.did());

    // ── The micro-credential and its rubric ─────────────────────────────────────────────────
    let mut feedback = feedback_achievement()?;
    heading("2. Micro-credential");
    line("name", "Feedback That Moves Learning");
    for criterion in &feedback.result_description.clone().unwrap_or_default() {
        let name = criterion.name.to_string();
        let levels: Vec<String> = criterion
            .rubric_criterion_level
            .iter()
            .flatten()
            .map(|l| l.name.to_string())
            .collect();
        let required = criterion
            .rubric_criterion_level
            .iter()
            .flatten()
            .find(|l| Some(&l.id) == criterion.required_level.as_ref())
            .map(|l| l.name.to_string())
            .ok_or("every criterion names its required level")?;
        println!("  - {name}: {}  (required: {required})", levels.join(" / "));
    }

    // ── The state endorses it ───────────────────────────────────────────────────────────────
    let endorsement = endorse::for_achievement(&feedback)
        .id("urn:uuid:0b6f3c52-8d0e-4c3e-a6a4-3f1f2f6c9a10")
        .issuer(state.clone())
        .comment("Approved for one professional learning credit toward salary lane advancement.")
        .valid_from(at(2025, 1, 15)?)
        .build()?;
    let signed_endorsement = state_key.sign(
        &endorsement.to_json(),
        Suite::EddsaRdfc2022,
        at(2025, 1, 15)?,
    )?;
    endorse::embed(&mut feedback, &signed_endorsement)?;
    heading("3. State endorsement");
    line(
        "endorser",
        "State Department of Education (did:key, second key)",
    );
    line(
        "signed",
        "eddsa-rdfc-2022, embedded in achievement.endorsement[0]",
    );

    // ── Attempt 1: sent back ────────────────────────────────────────────────────────────────
    let teacher = Recipient::email_with_salt(TEACHER_EMAIL, TEACHER_SALT);
    let assessor = Profile::builder()
        .id(format!("{BASE}/assessors/ms-okafor"))
        .name("Amara Okafor, Instructional Coach")
        .build()?;
    let policy = DecisionPolicy::default().max_attempts(3);

    let first = Submission::builder()
        .id("urn:uuid:5d1c7a20-0b1e-4e3a-8f7e-1a2b3c4d5e01")
        .recipient(teacher.clone())
        .achievement(FEEDBACK_ID)
        .evidence(lesson_plan(b"Lesson plan v1: fractions on a number line"))
        .evidence(video())
        .evidence(
            Evidence::new()
                .with_id(file_evidence_id(b"exit tickets, first draft only"))
                .with_name("Student work: exit tickets")
                .with_genre("Student work"),
        )
        .evidence(reflection(
            "I wrote comments on every exit ticket the next day.",
        ))
        .attempt(1)
        .submitted_at(at(2025, 2, 3)?)
        .build()?;
    heading("4. Attempt 1");
    print_evidence(&first);
    let assessment = Assessment::builder(first)
        .assessor(assessor.clone())
        .assessed_at(at(2025, 2, 10)?)
        .score(rubric_id("timely"), level_id("timely", "demonstrated"))
        .score_with_feedback(
            rubric_id("specific"),
            level_id("specific", "developing"),
            "Comments say \"good job\" or \"check again\"; name the learning goal and one next step.",
        )
        .score_with_feedback(
            rubric_id("acted-on"),
            level_id("acted-on", "not-yet"),
            "No revised student work yet: include work from before and after the feedback.",
        )
        .feedback("Strong routine for timely feedback. Make it specific and show students using it.")
        .build()?;
    let send_back = match policy.decide(&feedback, &assessment)? {
        Decision::SendBack(send_back) => send_back,
        other => return Err(format!("attempt 1 should be sent back, got {other:?}").into()),
    };
    let short: Vec<&str> = send_back
        .shortfalls
        .iter()
        .map(|s| s.criterion_id.as_str())
        .collect();
    if short
        != [
            rubric_id("specific").as_str(),
            rubric_id("acted-on").as_str(),
        ]
    {
        return Err(
            format!("attempt 1 should fall short on specific and acted-on: {short:?}").into(),
        );
    }
    println!(
        "  Decision: SENT BACK ({} attempts left)",
        send_back.attempts_remaining
    );
    println!("  Criteria below the required level:");
    for shortfall in &send_back.shortfalls {
        println!(
            "  - {}: {} (required {})",
            shortfall.criterion_name, shortfall.achieved.name, shortfall.required.name
        );
        if let Some(text) = &shortfall.feedback {
            println!("      feedback: {text}");
        }
    }
    if let Some(text) = &send_back.feedback {
        println!("  Assessor: {text}");
    }

    // ── Attempt 2: awarded ──────────────────────────────────────────────────────────────────
    let second = Submission::builder()
        .id("urn:uuid:5d1c7a20-0b1e-4e3a-8f7e-1a2b3c4d5e02")
        .recipient(teacher.clone())
        .achievement(FEEDBACK_ID)
        .evidence(lesson_plan(b"Lesson plan v2: goal-referenced feedback"))
        .evidence(video())
        .evidence(
            Evidence::new()
                .with_id(file_evidence_id(b"exit tickets, drafts and revisions"))
                .with_name("Student work: exit tickets before and after feedback")
                .with_genre("Student work"),
        )
        .evidence(reflection(
            "Each comment now names the goal and a next step; 22 of 26 students revised.",
        ))
        .attempt(2)
        .submitted_at(at(2025, 3, 3)?)
        .build()?;
    heading("5. Attempt 2");
    print_evidence(&second);
    let assessment = Assessment::builder(second)
        .assessor(assessor)
        .assessed_at(at(2025, 3, 10)?)
        .score(rubric_id("timely"), level_id("timely", "demonstrated"))
        .score(rubric_id("specific"), level_id("specific", "demonstrated"))
        .score(rubric_id("acted-on"), level_id("acted-on", "demonstrated"))
        .feedback("Goal-referenced comments, and the revisions show students acting on them.")
        .build()?;
    let awarded = match policy.decide(&feedback, &assessment)? {
        Decision::Award(awarded) => awarded,
        other => return Err(format!("attempt 2 should be awarded, got {other:?}").into()),
    };
    println!("  Decision: AWARDED");
    for outcome in awarded.outcomes() {
        println!("  - {}: {}", outcome.criterion_name, outcome.achieved.name);
    }

    // ── Sign and bake ───────────────────────────────────────────────────────────────────────
    let credential = awarded.credential(
        district.clone(),
        &assess::IssueOptions::default()
            .credential_id("urn:uuid:2f1b6e0c-4c1a-4f7e-9b62-5d2f0a9c1e01")
            .credits_earned(1.0),
    )?;
    let badge_png = badge_png()?;
    let issued = district_key.issue_json(
        credential.to_json(),
        issuer::IssueOptions::new(Suite::EddsaRdfc2022, at(2025, 3, 10)?).bake_into(&badge_png),
    )?;
    let baked = issued.baked.ok_or("the credential was not baked")?;
    heading("6. Signed and baked");
    line("credential", str_at(&issued.credential, "/id"));
    line("proof", str_at(&issued.credential, "/proof/0/cryptosuite"));
    line(
        "method",
        str_at(&issued.credential, "/proof/0/verificationMethod"),
    );
    line(
        "PNG",
        &format!("{} bytes ({} before baking)", baked.len(), badge_png.len()),
    );

    // ── Verify from the PNG ─────────────────────────────────────────────────────────────────
    let now = at(2025, 3, 15)?;
    let verifier = Verifier::new(
        VerifyOptions::new(now).with_recipient(ExpectedRecipient::Email(TEACHER_EMAIL.into())),
    );
    let report = verifier.verify(&baked);
    heading("7. Verified from the PNG bytes");
    line("input", &format!("{:?}", report.input()));
    line("outcome", &format!("{:?}", report.outcome()));
    for check in report.checks() {
        println!(
            "  [{:<7}] {:<14} {}",
            status(check.status),
            check.code.as_str(),
            check.message
        );
    }
    require(&report, "the baked micro-credential")?;
    if report.endorsements().is_empty() || !report.endorsements().iter().all(|e| e.is_verified()) {
        return Err("the state endorsement did not verify".into());
    }
    for endorsement in report.endorsements() {
        let issuer = endorsement.display().and_then(|d| d.issuer_name.clone());
        line(
            "endorsement",
            &format!(
                "{:?} by {}",
                endorsement.outcome(),
                issuer.unwrap_or_default()
            ),
        );
    }

    // A copy edited after signing (here: the achievement name) is caught as forged.
    let mut altered = issued.credential.clone();
    altered["credentialSubject"]["achievement"]["name"] = "Feedback That Moves Mountains".into();
    let altered_png = bake::bake(&badge_png, &Payload::Json(serde_json::to_string(&altered)?))?;
    let altered_report = verifier.verify(&altered_png);
    if altered_report.outcome() != Outcome::Forged {
        return Err("an altered badge should be reported as forged".into());
    }
    line("altered copy", &format!("{:?}", altered_report.outcome()));

    // ── The stack ───────────────────────────────────────────────────────────────────────────
    heading("8. Instructional Leadership Pathway (3 of 4)");
    let mut held: Vec<VerificationReport> = Vec::new();
    for (id, name, credential_id, day) in [
        (
            CLASSROOM_ID,
            "Classroom Management Foundations",
            "urn:uuid:7c0e1d2a-3b4c-4d5e-8f60-718293a4b5c1",
            at(2024, 10, 1)?,
        ),
        (
            FORMATIVE_ID,
            "Formative Assessment Practice",
            "urn:uuid:7c0e1d2a-3b4c-4d5e-8f60-718293a4b5c2",
            at(2024, 12, 2)?,
        ),
    ] {
        let credential = AchievementCredential::builder()
            .id(credential_id)
            .issuer(district.clone())
            .achievement(simple_achievement(id, name)?)
            .recipient_email_with_salt(TEACHER_EMAIL, TEACHER_SALT)
            .valid_from(day)
            .awarded_date(day)
            .build()?;
        let signed = district_key.issue_json(
            credential.to_json(),
            issuer::IssueOptions::new(Suite::EddsaRdfc2022, day),
        )?;
        let report = verifier.verify(&serde_json::to_vec(&signed.credential)?);
        require(&report, name)?;
        held.push(report);
    }
    held.push(report.clone());
    let children = [
        Child::new(FEEDBACK_ID, "Feedback That Moves Learning").issued_by(district_key.did()),
        Child::new(CLASSROOM_ID, "Classroom Management Foundations").issued_by(district_key.did()),
        Child::new(FORMATIVE_ID, "Formative Assessment Practice").issued_by(district_key.did()),
        Child::new(CULTURALLY_ID, "Culturally Responsive Teaching").issued_by(district_key.did()),
    ];
    let requirement = Requirement::at_least(3, children)?;
    let mut parent = simple_achievement(PATHWAY_ID, "Instructional Leadership Pathway")?;
    parent.criteria = requirement.criteria();
    let stack = Stack::new(parent, requirement)?;
    let progress = stack.progress(&teacher, &held);
    for child in progress.held() {
        println!("  [held   ] {}", child.achievement_name);
    }
    for child in progress.missing() {
        println!("  [missing] {}", child.name);
    }
    for not_counted in progress.not_counted() {
        println!(
            "  [ignored] {:?}: {:?}",
            not_counted.credential_id, not_counted.reason
        );
    }
    if !progress.is_complete() {
        return Err(
            "the teacher's three verified micro-credentials should complete the stack".into(),
        );
    }
    println!(
        "  complete: {} held, {} of 4 required",
        progress.held().len(),
        progress.required()
    );
    let pathway = stack.credential(
        &progress,
        district.clone(),
        &assess::IssueOptions::default()
            .credential_id("urn:uuid:9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4")
            .valid_from(at(2025, 3, 14)?),
    )?;
    let pathway = district_key.issue_json(
        pathway.to_json(),
        issuer::IssueOptions::new(Suite::EddsaRdfc2022, at(2025, 3, 14)?),
    )?;
    let pathway_report = verifier.verify(&serde_json::to_vec(&pathway.credential)?);
    require(&pathway_report, "the pathway credential")?;
    line("issued", str_at(&pathway.credential, "/id"));
    let evidence = pathway.credential["evidence"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    if evidence.len() != 3 {
        return Err("the pathway credential should reference its three children".into());
    }
    for item in &evidence {
        println!("  evidence: {}", item["id"].as_str().unwrap_or("?"));
    }
    line("verified", &format!("{:?}", pathway_report.outcome()));

    // ── LinkedIn ────────────────────────────────────────────────────────────────────────────
    heading("9. LinkedIn add-to-profile link (from the verified report)");
    let shareable = report.shareable().ok_or("a verified report is shareable")?;
    let url = linkedin::add_to_profile_url(
        &shareable,
        "https://badges.example-district.org/credentials/2f1b6e0c",
    )?;
    println!("  {url}");

    // ── Key fields ──────────────────────────────────────────────────────────────────────────
    heading("10. The micro-credential's key fields");
    let json = report.credential();
    for pointer in [
        "/id",
        "/issuer/name",
        "/validFrom",
        "/credentialSubject/identifier/0/identityHash",
        "/credentialSubject/achievement/name",
        "/credentialSubject/achievement/endorsement/0/issuer/name",
        "/credentialSubject/result/1/achievedLevel",
        "/credentialSubject/creditsEarned",
        "/evidence/4/genre",
    ] {
        let value = json
            .pointer(pointer)
            .map(compact)
            .unwrap_or_else(|| "-".into());
        println!("  {pointer:<58} {value}");
    }

    // ── Presenting to the district ──────────────────────────────────────────────────────────
    // The teacher shares three badges at once from her wallet — the baked PNG and the two
    // micro-credentials she already held — bound to herself and answering the district's
    // challenge, so the presentation cannot be replayed elsewhere.
    heading("11. Presented to the district, which verifies it against its challenge");
    let teacher_wallet = Holder::did_key(Keypair::from_seed(&[0x7e; 32]));
    let challenge = "district-hr-2025-03-16-4f9a";
    let domain = "https://hr.example-district.org";
    let mut portfolio = vec![PresentedCredential::from_bytes(&baked)?];
    for report in &held[..2] {
        let credential = report.credential_json().ok_or("a held badge's JSON")?;
        portfolio.push(PresentedCredential::Json(credential.clone()));
    }
    let presentation = teacher_wallet.present(
        &portfolio,
        &PresentOptions::new(challenge, domain, at(2025, 3, 16)?),
    )?;
    let bytes = serde_json::to_vec(&presentation)?;
    let district_verifier = Verifier::new(VerifyOptions::new(at(2025, 3, 16)?));
    let expected = PresentationOptions::new()
        .challenge(challenge)
        .domain(domain);
    let presented = district_verifier.verify_presentation(&bytes, &expected);
    line("holder", presented.holder().unwrap_or("-"));
    line("outcome", &format!("{:?}", presented.outcome()));
    for credential in presented.credentials() {
        let name = credential
            .report
            .display()
            .and_then(|d| d.achievement_name.clone())
            .unwrap_or_default();
        println!(
            "  [{:?}] {} {}",
            credential.report.outcome(),
            credential.pointer,
            name
        );
    }
    if !presented.is_verified() || presented.credentials().len() != 3 {
        return Err(format!(
            "the district should verify the teacher's presentation: {}",
            presented.to_json()
        )
        .into());
    }
    // Replayed to another request (another challenge), the same presentation is refused.
    let replay = district_verifier.verify_presentation(
        &bytes,
        &PresentationOptions::new()
            .challenge("another-request")
            .domain(domain),
    );
    if replay.outcome() != PresentationOutcome::WrongChallenge {
        return Err("a replayed presentation should be refused".into());
    }
    line("replayed", &format!("{:?}", replay.outcome()));
    Ok(())
}

/// The micro-credential: three rubric criteria, each requiring "Demonstrated".
fn feedback_achievement() -> Res<Achievement> {
    Ok(Achievement::builder()
        .id(FEEDBACK_ID)
        .name("Feedback That Moves Learning")
        .description(
            "The educator gives students feedback that is timely, specific to the learning goal, \
             and acted on by the student.",
        )
        .criteria_narrative(
            "Submit a lesson plan, a classroom video, student work and a reflection. An assessor \
             scores each rubric criterion; every criterion must reach **Demonstrated**.",
        )
        .achievement_type(AchievementType::MicroCredential)
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
        .build()?)
}

fn criterion(slug: &str, name: &str, demonstrated: &str) -> Result<ResultDescription, BuildError> {
    ResultDescription::builder()
        .id(rubric_id(slug))
        .name(name)
        .result_type(ResultType::RubricCriterionLevel)
        .level(
            RubricCriterionLevel::new(level_id(slug, "not-yet"), "Not yet")
                .with_description("The evidence does not show this yet.")
                .with_points("0"),
        )
        .level(
            RubricCriterionLevel::new(level_id(slug, "developing"), "Developing")
                .with_description("Shown in part or inconsistently.")
                .with_points("1"),
        )
        .level(
            RubricCriterionLevel::new(level_id(slug, "demonstrated"), "Demonstrated")
                .with_description(demonstrated)
                .with_points("2"),
        )
        .required_level(level_id(slug, "demonstrated"))
        .build()
}

fn simple_achievement(id: &str, name: &str) -> Result<Achievement, BuildError> {
    Achievement::builder()
        .id(id)
        .name(name)
        .description(format!("{name}, a district micro-credential."))
        .criteria_narrative("Evidence scored against the district rubric.")
        .achievement_type(AchievementType::MicroCredential)
        .build()
}

fn rubric_id(slug: &str) -> String {
    format!("{BASE}/rubrics/feedback/{slug}")
}

fn level_id(slug: &str, level: &str) -> String {
    format!("{BASE}/rubrics/feedback/{slug}/levels/{level}")
}

fn lesson_plan(contents: &[u8]) -> Evidence {
    // An uploaded file is named by its hash: it can stay private yet be checked later.
    Evidence::new()
        .with_id(file_evidence_id(contents))
        .with_name("Lesson plan")
        .with_genre("Lesson plan")
}

fn video() -> Evidence {
    Evidence::new()
        .with_id("https://video.example-district.org/v/8841")
        .with_name("Classroom video: feedback conferences")
        .with_genre("Video")
}

fn reflection(text: &str) -> Evidence {
    Evidence::new()
        .with_name("Reflection")
        .with_narrative(text)
        .with_genre("Reflection")
}

fn print_evidence(submission: &Submission) {
    for item in submission.evidence() {
        let name = item
            .name
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        let id = item.id.as_deref().unwrap_or("(narrative)");
        println!("  evidence: {name:<52} {}", shorten(id, 34));
    }
}

/// A 32×32 RGBA badge: a teal disc with a gold ring on a transparent background.
fn badge_png() -> Res<Vec<u8>> {
    const SIZE: u32 = 32;
    let mut pixels = Vec::with_capacity((SIZE * SIZE * 4) as usize);
    for y in 0..SIZE {
        for x in 0..SIZE {
            let (dx, dy) = (x as f32 - 15.5, y as f32 - 15.5);
            let r = (dx * dx + dy * dy).sqrt();
            let rgba = if r < 12.0 {
                [0x0f, 0x76, 0x6e, 0xff]
            } else if r < 15.5 {
                [0xd9, 0xa4, 0x1b, 0xff]
            } else {
                [0, 0, 0, 0]
            };
            pixels.extend_from_slice(&rgba);
        }
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, SIZE, SIZE);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&pixels)?;
    writer.finish()?;
    Ok(out)
}

fn require(report: &VerificationReport, what: &str) -> Res<()> {
    if report.is_verified() {
        Ok(())
    } else {
        Err(format!(
            "{what} did not verify: {}\n{}",
            report.summary(),
            report.to_json()
        )
        .into())
    }
}

fn at(year: i32, month: u32, day: u32) -> Res<DateTime<Utc>> {
    Ok(Utc
        .with_ymd_and_hms(year, month, day, 12, 0, 0)
        .single()
        .ok_or("invalid date")?)
}

fn str_at<'a>(value: &'a Value, pointer: &str) -> &'a str {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or("-")
}

fn compact(value: &Value) -> String {
    match value {
        Value::String(s) => shorten(s, 60),
        other => other.to_string(),
    }
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let head: String = text.chars().take(max - 1).collect();
        format!("{head}…")
    }
}

fn status(status: CheckStatus) -> &'static str {
    match status {
        CheckStatus::Passed => "passed",
        CheckStatus::Failed => "FAILED",
        CheckStatus::Warning => "warning",
        CheckStatus::Skipped => "skipped",
    }
}

fn heading(title: &str) {
    println!("\n== {title} ==");
}

fn line(label: &str, value: &str) {
    println!("  {label:<12} {value}");
}
