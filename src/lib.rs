//! # openbadges
//!
//! Open Badges 3.0 for Rust: model achievements and rubrics, issue and sign
//! awarded credentials as W3C Verifiable Credentials, bake them into images,
//! and verify shared badges fully offline.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod jsonld;
pub mod rdf;
