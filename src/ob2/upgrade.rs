//! OB 2.0 → OB 3.0, for platforms migrating their badges: a verified assertion becomes an unsigned
//! [`AchievementCredential`] following 1EdTech's mapping (OB 3.0 Implementation Guide, "Migrating
//! from Open Badges 2.0"), ready to be signed with the platform's OB 3.0 key.
//!
//! | OB 2.0 | OB 3.0 |
//! |---|---|
//! | BadgeClass (`name`, `description`, `image`, `criteria`, `alignment`, `tags`) | `credentialSubject.achievement` (`tags` → `tag`, alignments typed `Alignment`) |
//! | issuer Profile (`telephone` → `phone`) | `issuer` Profile |
//! | `recipient` {`type`, `identity`, `hashed`, `salt`} | `credentialSubject.identifier` IdentityObject (`email` → `emailAddress`, `url`/`telephone` → `ext:url`/`ext:telephone`; a plain URL is also `credentialSubject.id`) |
//! | `issuedOn` | `validFrom` and `awardedDate` |
//! | `expires` | `validUntil` |
//! | `evidence`, `narrative`, `image` | `evidence`, `credentialSubject.narrative`, `credentialSubject.image` |
//! | the assertion itself | an `evidence` item typed `https://w3id.org/openbadges#Assertion`: the hosted URL, or the signed assertion's JWS as a `data:application/jose,` URI |
//!
//! The credential `id` is a `urn:uuid:` derived from the assertion id, so migrating the same
//! assertion twice gives the same credential. Endorsements, revocation and hosting rules have no
//! OB 3.0 counterpart in the credential itself and are left out.

use serde_json::Map;
use sha2::{Digest, Sha256};

use super::model::{self as ob2, Link, parse_datetime};
use super::{Method, VerifiedAssertion};
use crate::model::ids::format_urn_uuid;
use crate::model::{
    Achievement, AchievementCredential, AchievementSubject, Alignment, ContextEntry, Criteria,
    Evidence, IdentifierTypeEnum, IdentityObject, Image, OB_CONTEXT, OneOrMany, Profile, Timestamp,
    VC_V2_CONTEXT,
};

/// The type OB 3.0 gives the evidence item that points back at the OB 2.0 assertion.
pub const ASSERTION_EVIDENCE_TYPE: &str = "https://w3id.org/openbadges#Assertion";

/// Upgrades a verified OB 2.0 assertion to an unsigned OB 3.0 [`AchievementCredential`].
pub fn upgrade(verified: &VerifiedAssertion) -> AchievementCredential {
    let assertion = &verified.assertion;
    let badge_class = &verified.badge_class;
    let issued = timestamp(&assertion.issued_on);

    let mut evidence: Vec<Evidence> = assertion
        .evidence
        .iter()
        .flat_map(|items| items.iter())
        .map(evidence)
        .collect();
    let reference = match &verified.method {
        Method::Hosted { url } => url.clone(),
        Method::Signed { jws } => format!("data:application/jose,{jws}"),
    };
    evidence.push(Evidence {
        id: Some(reference),
        types: OneOrMany::Many(vec!["Evidence".into(), ASSERTION_EVIDENCE_TYPE.into()]),
        name: Some("Open Badges 2.0 assertion".into()),
        description: Some(
            format!(
                "The Open Badges 2.0 assertion `{}` this credential was upgraded from.",
                assertion.id
            )
            .into(),
        ),
        ..Evidence::default()
    });

    let recipient = &assertion.recipient;
    let identity_type = match recipient.identity_type.as_str() {
        "email" => IdentifierTypeEnum::EmailAddress,
        other => IdentifierTypeEnum::from(format!("ext:{other}").as_str()),
    };
    let subject_id =
        (recipient.identity_type == "url" && !recipient.hashed).then(|| recipient.identity.clone());

    AchievementCredential {
        context: OneOrMany::Many(vec![
            ContextEntry::from(VC_V2_CONTEXT),
            ContextEntry::from(OB_CONTEXT),
        ]),
        id: credential_id(&assertion.id),
        types: OneOrMany::strings(["VerifiableCredential", "OpenBadgeCredential"]),
        issuer: profile(&verified.issuer).into(),
        valid_from: Some(issued.clone()),
        valid_until: assertion.expires.as_deref().map(timestamp),
        issuance_date: None,
        expiration_date: None,
        name: Some(badge_class.name.clone().into()),
        description: None,
        image: None,
        awarded_date: Some(issued),
        credential_subject: AchievementSubject {
            id: subject_id,
            types: OneOrMany::Many(vec!["AchievementSubject".into()]),
            activity_start_date: None,
            activity_end_date: None,
            credits_earned: None,
            achievement: achievement(badge_class),
            identifier: Some(OneOrMany::Many(vec![IdentityObject {
                types: OneOrMany::One("IdentityObject".into()),
                hashed: recipient.hashed,
                identity_hash: recipient.identity.clone(),
                identity_type,
                salt: recipient.salt.clone(),
                extensions: Map::new(),
            }])),
            image: assertion.image.as_ref().and_then(image),
            license_number: None,
            narrative: assertion.narrative.clone(),
            result: None,
            role: None,
            source: None,
            term: None,
            extensions: Map::new(),
        },
        endorsement: None,
        endorsement_jwt: None,
        evidence: Some(OneOrMany::Many(evidence)),
        credential_status: None,
        credential_schema: None,
        refresh_service: None,
        terms_of_use: None,
        proof: None,
        extensions: Map::new(),
    }
}

/// A `urn:uuid:` from the first 16 bytes of SHA-256(assertion id), in the version 4 layout.
fn credential_id(assertion_id: &str) -> String {
    let digest = Sha256::digest(assertion_id.as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(digest.get(..16).unwrap_or(&[0; 16]));
    format_urn_uuid(bytes)
}

/// An OB 2.0 DateTime as OB 3.0 writes it (UTC, `Z`); verbatim if it does not parse.
fn timestamp(text: &str) -> Timestamp {
    match parse_datetime(text) {
        Some(instant) => Timestamp::from(instant),
        None => Timestamp::new(text),
    }
}

fn image(link: &Link<ob2::Image>) -> Option<Image> {
    match link {
        Link::Iri(id) => Some(Image::new(id.clone())),
        Link::Embedded(node) => {
            let image = Image::new(node.id.clone());
            Some(match &node.caption {
                Some(caption) => image.with_caption(caption.clone()),
                None => image,
            })
        }
    }
}

fn evidence(link: &Link<ob2::Evidence>) -> Evidence {
    match link {
        Link::Iri(id) => Evidence::new().with_id(id.clone()),
        Link::Embedded(node) => Evidence {
            id: node.id.clone(),
            types: OneOrMany::Many(vec!["Evidence".into()]),
            narrative: node.narrative.clone(),
            name: node.name.clone().map(Into::into),
            description: node.description.clone().map(Into::into),
            genre: node.genre.clone(),
            audience: node.audience.clone(),
            extensions: Map::new(),
        },
    }
}

fn achievement(badge_class: &ob2::BadgeClass) -> Achievement {
    let criteria = match &badge_class.criteria {
        Link::Iri(id) => Criteria::url(id.clone()),
        Link::Embedded(node) => Criteria {
            id: node.id.clone(),
            narrative: node.narrative.clone(),
            extensions: Map::new(),
        },
    };
    let alignment: Vec<Alignment> = badge_class
        .alignment
        .iter()
        .flat_map(|a| a.iter())
        .map(|a| {
            let mut alignment = Alignment::new(a.target_name.clone(), a.target_url.clone());
            alignment.target_description = a.target_description.clone();
            alignment.target_framework = a.target_framework.clone();
            alignment.target_code = a.target_code.clone();
            alignment
        })
        .collect();
    Achievement {
        id: badge_class.id.clone(),
        types: OneOrMany::Many(vec!["Achievement".into()]),
        achievement_type: None,
        alignment: (!alignment.is_empty()).then_some(OneOrMany::Many(alignment)),
        creator: None,
        credits_available: None,
        criteria,
        description: badge_class.description.clone().into(),
        endorsement: None,
        endorsement_jwt: None,
        field_of_study: None,
        human_code: None,
        image: image(&badge_class.image),
        in_language: None,
        name: badge_class.name.clone().into(),
        other_identifier: None,
        related: None,
        result_description: None,
        specialization: None,
        tag: badge_class
            .tags
            .as_ref()
            .filter(|t| !t.is_empty())
            .map(|t| OneOrMany::Many(t.iter().cloned().collect())),
        version: None,
        extensions: Map::new(),
    }
}

fn profile(issuer: &ob2::Profile) -> Profile {
    Profile {
        id: issuer.id.clone(),
        types: OneOrMany::Many(vec!["Profile".into()]),
        name: issuer.name.clone().map(Into::into),
        url: issuer.url.clone(),
        phone: issuer.telephone.clone(),
        description: issuer.description.clone().map(Into::into),
        endorsement: None,
        endorsement_jwt: None,
        image: issuer.image.as_ref().and_then(image),
        email: issuer.email.clone(),
        address: None,
        other_identifier: None,
        official: None,
        parent_org: None,
        given_name: None,
        family_name: None,
        additional_name: None,
        patronymic_name: None,
        honorific_prefix: None,
        honorific_suffix: None,
        family_name_prefix: None,
        date_of_birth: None,
        extensions: Map::new(),
    }
}
