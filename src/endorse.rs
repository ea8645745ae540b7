//! Endorsements in the workflow: a district or state recognizing a micro-credential (say, for
//! salary-lane credit) or vouching for an issuer, and embedding that endorsement in the endorsed
//! achievement or profile.
//!
//! Issuing: [`for_achievement`] / [`for_profile`] start the model's
//! [`EndorsementBuilder`] aimed at the right id, with a default
//! name. Signing is the proof module's job; embedding takes the **signed** endorsement JSON as
//! given: the 1EdTech validator rejects embedded endorsements without a proof, so [`embed`] does
//! too, and also checks that the endorsement is about this very achievement or profile and that it
//! has no validation errors. It does not check the signature (that is the verifier's job when the
//! embedding credential is verified). [`embed_jwt`] does the same for a VC-JWT endorsement
//! (`endorsementJwt`). Embed before issuing the badge that carries the achievement:
//! the achievement becomes part of what the badge's issuer signs.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use openbadges::endorse;
//! use openbadges::model::Achievement;
//!
//! let mut achievement = Achievement::builder()
//!     .id("https://badges.example.org/achievements/feedback")
//!     .name("Feedback That Moves Learning")
//!     .description("Gives timely, actionable feedback.")
//!     .criteria_narrative("Scored against the rubric.")
//!     .build()?;
//! let endorsement = endorse::for_achievement(&achievement)
//!     .id("urn:uuid:0b6f3c52-8d0e-4c3e-a6a4-3f1f2f6c9a10")
//!     .issuer("did:web:education.state.example")
//!     .comment("Counts as one board credit toward salary lane advancement.")
//!     .valid_from(Utc.with_ymd_and_hms(2025, 1, 15, 0, 0, 0).unwrap())
//!     .build()?;
//! let mut signed = endorsement.to_json();
//! // … sign with the proof module; here a stand-in proof:
//! signed["proof"] = serde_json::json!([{"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022",
//!     "proofPurpose": "assertionMethod", "created": "2025-01-15T00:00:00Z",
//!     "verificationMethod": "did:web:education.state.example#key-1", "proofValue": "z3FXQ"}]);
//! endorse::embed(&mut achievement, &signed)?;
//! assert_eq!(achievement.to_json()["endorsement"][0]["credentialSubject"]["id"], achievement.id.as_str());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

use crate::json::JsonLimits;
use crate::model::{Achievement, EndorsementBuilder, EndorsementCredential, OneOrMany, Profile};
use crate::validate::{ValidationReport, endorsement_credential};

/// Why an endorsement could not be embedded.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum EndorseError {
    /// The JSON is not an `EndorsementCredential`.
    #[error("not an EndorsementCredential: {reason}")]
    NotAnEndorsement {
        /// What the model reported.
        reason: String,
    },
    /// The endorsement carries no `proof`; embedded endorsements must be signed.
    #[error("endorsement {id:?} has no proof; embedded endorsements must be signed")]
    Unsigned {
        /// The endorsement id.
        id: String,
    },
    /// The endorsement is about something else.
    #[error("endorsement {id:?} endorses {endorses:?}, not {target:?}")]
    WrongSubject {
        /// The endorsement id.
        id: String,
        /// What it endorses.
        endorses: String,
        /// What it was to be embedded in.
        target: String,
    },
    /// An `endorsementJwt` value is not a compact JWS whose payload is an endorsement credential.
    #[error("not a compact JWS carrying an EndorsementCredential: {reason}")]
    BadJwt {
        /// What was wrong.
        reason: String,
    },
    /// The endorsement has validation errors.
    #[error("endorsement has validation errors: {0:?}")]
    Invalid(Box<ValidationReport>),
}

/// Something that carries endorsements: an [`Achievement`] or a [`Profile`].
pub trait Endorsable {
    /// The id an endorsement of it must name as `credentialSubject.id`.
    fn endorsed_id(&self) -> &str;
    /// Its `endorsement` list.
    fn endorsements_mut(&mut self) -> &mut Option<OneOrMany<EndorsementCredential>>;
    /// Its `endorsementJwt` list.
    fn endorsement_jwts_mut(&mut self) -> &mut Option<OneOrMany<String>>;
}

/// Both carriers name the three members alike (`id`, `endorsement`, `endorsement_jwt`).
macro_rules! impl_endorsable {
    ($($carrier:ty),+) => {$(
        impl Endorsable for $carrier {
            fn endorsed_id(&self) -> &str {
                &self.id
            }

            fn endorsements_mut(&mut self) -> &mut Option<OneOrMany<EndorsementCredential>> {
                &mut self.endorsement
            }

            fn endorsement_jwts_mut(&mut self) -> &mut Option<OneOrMany<String>> {
                &mut self.endorsement_jwt
            }
        }
    )+};
}

impl_endorsable!(Achievement, Profile);

/// An endorsement of `achievement`: subject = its id, name `Endorsement of {name}` (override with
/// `.name(…)`). Add issuer, comment and `validFrom`, then build.
pub fn for_achievement(achievement: &Achievement) -> EndorsementBuilder {
    EndorsementCredential::builder()
        .endorsed(achievement.id.clone())
        .name(format!("Endorsement of {}", achievement.name.as_str()))
}

/// An endorsement of an issuer `profile`: subject = its id, name `Endorsement of {name or id}`.
pub fn for_profile(profile: &Profile) -> EndorsementBuilder {
    let who = profile
        .name
        .as_ref()
        .map_or(profile.id.as_str(), |n| n.as_str());
    EndorsementCredential::builder()
        .endorsed(profile.id.clone())
        .name(format!("Endorsement of {who}"))
}

/// Appends the signed endorsement `signed` to `target.endorsement`, after checking it is an
/// `EndorsementCredential` with a proof, about `target`, with no validation errors.
pub fn embed(target: &mut impl Endorsable, signed: &Value) -> Result<(), EndorseError> {
    let endorsement = checked(&*target, signed, Proof::Embedded)?;
    match target.endorsements_mut() {
        Some(list) => list.push(endorsement),
        slot @ None => *slot = Some(OneOrMany::Many(vec![endorsement])),
    }
    Ok(())
}

/// Appends a VC-JWT endorsement (compact JWS) to `target.endorsementJwt`, after checking its shape
/// and that its payload — the credential itself (VC 2.0) or its `vc` claim (VC 1.1) — is an
/// `EndorsementCredential` about `target` with no validation errors. The JWS signature is the
/// proof here; it is checked by the verifier, not by this function.
pub fn embed_jwt(target: &mut impl Endorsable, compact_jws: &str) -> Result<(), EndorseError> {
    let bad = |reason: &str| EndorseError::BadJwt {
        reason: reason.to_owned(),
    };
    let is_b64url = |part: &str| {
        part.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    let parts: Vec<&str> = compact_jws.split('.').collect();
    let [header, payload, signature] = parts.as_slice() else {
        return Err(bad("a compact JWS has exactly three dot-separated parts"));
    };
    if header.is_empty() || signature.is_empty() || !parts.iter().all(|p| is_b64url(p)) {
        return Err(bad("header and signature must be non-empty base64url"));
    }
    let bytes = URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|_| bad("the payload is not base64url"))?;
    let claims =
        crate::json::parse(&bytes, &JsonLimits::default()).map_err(|e| EndorseError::BadJwt {
            reason: format!("the payload is not JSON: {e}"),
        })?;
    let credential = claims.get("vc").unwrap_or(&claims);
    checked(&*target, credential, Proof::External)?;
    match target.endorsement_jwts_mut() {
        Some(list) => list.push(compact_jws.to_owned()),
        slot @ None => *slot = Some(OneOrMany::Many(vec![compact_jws.to_owned()])),
    }
    Ok(())
}

/// Where an endorsement's proof lives.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Proof {
    /// In the credential's `proof` member, which must be present.
    Embedded,
    /// Outside the credential (the JWS around it).
    External,
}

/// The endorsement in `signed`, if it is an `EndorsementCredential` about `target` without
/// validation errors and, for [`Proof::Embedded`], with a `proof`.
fn checked(
    target: &impl Endorsable,
    signed: &Value,
    proof: Proof,
) -> Result<EndorsementCredential, EndorseError> {
    let endorsement =
        EndorsementCredential::from_json(signed).map_err(|e| EndorseError::NotAnEndorsement {
            reason: e.to_string(),
        })?;
    if proof == Proof::Embedded && endorsement.proof.as_ref().is_none_or(OneOrMany::is_empty) {
        return Err(EndorseError::Unsigned { id: endorsement.id });
    }
    if endorsement.credential_subject.id != target.endorsed_id() {
        return Err(EndorseError::WrongSubject {
            id: endorsement.id,
            endorses: endorsement.credential_subject.id,
            target: target.endorsed_id().to_owned(),
        });
    }
    let report = endorsement_credential(signed);
    if !report.is_valid() {
        return Err(EndorseError::Invalid(Box::new(report)));
    }
    Ok(endorsement)
}
