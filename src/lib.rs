//! # openbadges
//!
//! Open Badges 3.0 for Rust: model achievements and rubrics, issue and sign
//! awarded credentials as W3C Verifiable Credentials, bake them into images,
//! and verify shared badges fully offline.
//!
//! The root re-exports the handful of types most callers need; each module
//! documents one concept in depth.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use openbadges::model::{Achievement, Profile};
//! use openbadges::{AchievementCredential, Issuer, Keypair, Suite, VerifyOptions, Verifier};
//!
//! let now = Utc.with_ymd_and_hms(2025, 3, 14, 15, 0, 0).unwrap();
//! let issuer = Issuer::did_key(Keypair::from_seed(&[7; 32]));
//! let achievement = Achievement::builder()
//!     .id("https://district.example/achievements/feedback")
//!     .name("Feedback That Moves Learning")
//!     .description("Gives timely, specific feedback that students act on.")
//!     .criteria_narrative("Submit three lessons with feedback and student revisions.")
//!     .build()?;
//! let profile = Profile::builder().id(issuer.did()).name("Example District").build()?;
//! let credential = AchievementCredential::builder()
//!     .id("urn:uuid:6c7d3e0e-8a5f-4a8e-9a51-2b0f5d8f1c11")
//!     .issuer(profile)
//!     .achievement(achievement)
//!     .recipient_email_with_salt("teacher@example.org", "s4lt")
//!     .valid_from(now)
//!     .build()?;
//! let signed = issuer.sign(&credential.to_json(), Suite::EddsaRdfc2022, now)?;
//!
//! let report = Verifier::new(VerifyOptions::new(now)).verify(signed.to_string().as_bytes());
//! assert!(report.is_verified(), "{}", report.summary());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod assess;
pub mod bake;
pub mod clock;
pub mod documents;
pub mod endorse;
pub mod error;
#[cfg(feature = "fetch")]
pub mod fetch;
pub mod files;
pub mod issuer;
pub mod jcs;
pub mod json;
pub mod jsonld;
pub mod jwt;
pub mod keys;
pub mod linkedin;
pub mod model;
pub mod ob2;
pub mod present;
pub mod proof;
pub mod rdf;
pub mod rdfc;
pub mod stack;
pub mod status;
pub mod validate;
pub mod verify;

pub use bake::{bake, unbake};
pub use error::Error;
pub use issuer::{Issuer, Suite};
pub use keys::Keypair;
pub use model::AchievementCredential;
pub use verify::{Outcome, VerificationReport, Verifier, VerifyOptions};
