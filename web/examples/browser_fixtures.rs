//! Writes the badges the browser test drops on the verifier page, deterministically (fixed key
//! seeds, ids, salts and signing times), into the folder given as the only argument:
//!
//! - `valid-badge.png`: an eddsa-rdfc-2022 badge by a `did:key` issuer, baked into a PNG;
//! - `tampered.json`: the same badge with its achievement name changed after signing;
//! - `expired.json`: a badge whose `validUntil` (2021-01-01) has passed;
//! - `did-web.json`: a badge signed by a `did:web` issuer whose DID document the page lacks;
//! - `did-web-document.json`: that DID document, to add on the page;
//! - `portfolio.json`: a teacher's presentation of the valid badge (JSON) and a VC-JWT badge,
//!   signed by her `did:key` for the challenge `hr-request-2025-0314` and the domain
//!   `https://hr.example-district.org`.
//!
//! `cargo run -p openbadges-web --example browser_fixtures -- <folder>`

use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};
use openbadges::bake::{self, Payload};
use openbadges::keys::controller_document;
use openbadges::model::{Achievement, Profile};
use openbadges::present::{Holder, PresentOptions, PresentedCredential};
use openbadges::{AchievementCredential, Issuer, Keypair, Suite};
use serde_json::{Value, json};

/// The PNG the valid badge is baked into (the crate's own test image).
const BADGE_IMAGE: &[u8] = include_bytes!("../../fixtures/images/gradient-16x16-rgba.png");

const DID_WEB: &str = "did:web:badges.example-district.org";

fn at(year: i32, month: u32, day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(year, month, day, 9, 0, 0)
        .single()
        .unwrap_or_default()
}

fn credential(
    issuer_id: &str,
    id: &str,
    valid_from: DateTime<Utc>,
    valid_until: Option<DateTime<Utc>>,
) -> Result<Value, Box<dyn std::error::Error>> {
    let achievement = Achievement::builder()
        .id("https://badges.example-district.org/achievements/feedback-that-moves-learning")
        .name("Feedback That Moves Learning")
        .description("Gives students timely, specific feedback that they act on.")
        .criteria_narrative("Two lessons with student work, written feedback and revisions.")
        .build()?;
    let profile = Profile::builder()
        .id(issuer_id)
        .name("Example Unified School District")
        .build()?;
    let mut builder = AchievementCredential::builder()
        .id(id)
        .issuer(profile)
        .achievement(achievement)
        .recipient_email_with_salt("teacher@example.org", "browser-test-salt")
        .valid_from(valid_from);
    if let Some(until) = valid_until {
        builder = builder.valid_until(until);
    }
    Ok(builder.build()?.to_json())
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), Box<dyn std::error::Error>> {
    std::fs::write(dir.join(name), bytes)?;
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(
        std::env::args_os()
            .nth(1)
            .ok_or("usage: browser_fixtures <output folder>")?,
    );
    std::fs::create_dir_all(&dir)?;

    let district = Issuer::did_key(Keypair::from_seed(&[0x42; 32]));
    let signed_at = at(2025, 3, 14);
    let valid = district.sign(
        &credential(
            district.did(),
            "urn:uuid:0b7d4a0e-6a53-4f0c-9d6e-3f1a2b4c5d01",
            signed_at,
            None,
        )?,
        Suite::EddsaRdfc2022,
        signed_at,
    )?;
    let baked = bake::bake(BADGE_IMAGE, &Payload::Json(serde_json::to_string(&valid)?))?;
    write(&dir, "valid-badge.png", &baked)?;

    let mut tampered = valid.clone();
    tampered["credentialSubject"]["achievement"]["name"] = json!("Master Teacher (Distinguished)");
    write(
        &dir,
        "tampered.json",
        &serde_json::to_vec_pretty(&tampered)?,
    )?;

    let expired = district.sign(
        &credential(
            district.did(),
            "urn:uuid:0b7d4a0e-6a53-4f0c-9d6e-3f1a2b4c5d02",
            at(2020, 1, 1),
            Some(at(2021, 1, 1)),
        )?,
        Suite::EddsaRdfc2022,
        at(2020, 1, 1),
    )?;
    write(&dir, "expired.json", &serde_json::to_vec_pretty(&expired)?)?;

    let web_key = Keypair::from_seed(&[0x17; 32]);
    let document = controller_document(DID_WEB, &format!("{DID_WEB}#key-1"), &web_key.public_key());
    let web_issuer = Issuer::new(web_key, format!("{DID_WEB}#key-1"));
    let did_web = web_issuer.sign(
        &credential(
            DID_WEB,
            "urn:uuid:0b7d4a0e-6a53-4f0c-9d6e-3f1a2b4c5d03",
            signed_at,
            None,
        )?,
        Suite::EddsaRdfc2022,
        signed_at,
    )?;
    write(&dir, "did-web.json", &serde_json::to_vec_pretty(&did_web)?)?;
    write(
        &dir,
        "did-web-document.json",
        &serde_json::to_vec_pretty(&document)?,
    )?;
    let jwt_badge = district.sign_jwt(
        &credential(
            district.did(),
            "urn:uuid:0b7d4a0e-6a53-4f0c-9d6e-3f1a2b4c5d04",
            signed_at,
            None,
        )?,
        signed_at,
    )?;
    let teacher = Holder::did_key(Keypair::from_seed(&[0x43; 32]));
    let portfolio = teacher.present(
        &[
            PresentedCredential::Json(valid.clone()),
            PresentedCredential::Jwt(jwt_badge),
        ],
        &PresentOptions::new(
            "hr-request-2025-0314",
            "https://hr.example-district.org",
            signed_at,
        ),
    )?;
    write(
        &dir,
        "portfolio.json",
        &serde_json::to_vec_pretty(&portfolio)?,
    )?;
    println!("wrote 6 fixtures to {}", dir.display());
    Ok(())
}
