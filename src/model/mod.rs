//! The Open Badges 3.0 data model (plus a generic W3C Verifiable Credential envelope), as serde
//! types, with builders.
//!
//! Design rules:
//! - **Lossless**: parsing then serializing any valid credential gives JSON equal to the input.
//!   Properties the crate does not model land in each struct's `extensions`; single-or-array
//!   properties remember their form ([`OneOrMany`]); dates keep their original text ([`Timestamp`]);
//!   numbers stay `serde_json::Number`; enumerations keep unlisted values.
//! - **Typed where the spec requires**: OB-required properties are plain fields, so a credential
//!   missing one fails to deserialize with a [`ModelError`] naming it. For reports that list *every*
//!   problem use [`crate::validate`], which works on raw JSON.
//! - **Non-OB credentials** (e.g. the W3C employment/alumni test credentials) deserialize as the
//!   generic [`Credential`]; [`AnyCredential::from_json`] picks the type from `type`.
//! - Signing and verifying work on `serde_json::Value`, never on a re-serialized struct: use
//!   `to_json()` once and sign that value.

mod achievement;
mod builder;
mod common;
mod credential;
pub(crate) mod ids;
mod profile;
mod subject;
mod vocab;

pub use achievement::{
    Achievement, Alignment, Criteria, Related, ResultDescription, RubricCriterionLevel,
};
pub use builder::{
    AchievementBuilder, Award, AwardBuilder, BuildError, EndorsementBuilder, ProfileBuilder,
    ResultDescriptionBuilder,
};
pub use common::{ContextEntry, LanguageValue, OneOrMany, Text, Timestamp, TimestampError};
pub use credential::{
    AchievementCredential, AnyCredential, Credential, CredentialSchema, CredentialStatus,
    EndorsementCredential, ModelError, OB_CONTEXT, Proof, RefreshService, TermsOfUse,
    VC_V1_CONTEXT, VC_V2_CONTEXT, VerificationMethodRef,
};
pub use ids::{RandomnessError, new_salt, new_urn_uuid};
pub use profile::{Address, GeoCoordinates, IdentifierEntry, Image, Profile, ProfileRef};
pub use subject::{AchievementSubject, EndorsementSubject, Evidence, IdentityObject, Result};
pub use vocab::{
    AchievementType, AlignmentTargetType, IdentifierTypeEnum, ResultStatusType, ResultType,
    is_valid_extension,
};

pub(crate) use common::parse_date_time_z;
