//! # openbadges
//!
//! Open Badges 3.0 for Rust: model achievements and rubrics, issue and sign
//! awarded credentials as W3C Verifiable Credentials, bake them into images,
//! and verify shared badges fully offline.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod assess;
pub mod bake;
pub mod clock;
pub mod endorse;
pub mod issuer;
pub mod jcs;
pub mod json;
pub mod jsonld;
#[cfg(feature = "jose")]
pub mod jwt;
pub mod keys;
pub mod linkedin;
pub mod model;
pub mod proof;
pub mod rdf;
pub mod rdfc;
pub mod stack;
pub mod status;
pub mod validate;
