//! Data Integrity proofs: one framework, pluggable cryptosuites.
//!
//! The framework (this module) implements what W3C Verifiable Credential Data Integrity 1.0
//! defines once for every suite: proof configuration, `created`/`expires` as XML Schema
//! `dateTimeStamp`s, the proof `@context`, `proofPurpose` checked against the verification
//! method's controller document (through a [`crate::keys::Resolver`], offline), `domain` and
//! `challenge`, proof sets (several proofs, all or any must verify) and proof chains
//! (`previousProof`). A [`Cryptosuite`] contributes its names and its canonicalization.
//!
//! Suites here: [`EddsaJcs2022`], and [`RdfSuite`] for `eddsa-rdfc-2022`, the deprecated
//! `eddsa-2022` (verify only) and `Ed25519Signature2020`, which canonicalize with RDFC-1.0 over
//! the dataset a [`ToRdf`] step produces — normally the crate's JSON-LD processor,
//! `RdfSuite::eddsa_rdfc_2022(openbadges::jsonld::Processor::bundled())`.

mod datetime;
mod eddsa_jcs;
mod error;
mod framework;
mod options;
mod rdf_suites;
mod registry;
mod set_aside;
mod suite;

pub use eddsa_jcs::EddsaJcs2022;
pub use error::ProofError;
pub use framework::{ProofOutcome, hash_data, verify, verify_each};
pub(crate) use options::work_weight;
pub use options::{
    ASSERTION_METHOD, DEFAULT_CREATED_SKEW, DEFAULT_MAX_PROOF_CHAIN, DEFAULT_MAX_PROOFS,
    DEFAULT_WORK_BUDGET, NDEGREE_CALL_UNITS, ProofOptions, ProofSetPolicy, VerifyOptions,
    WorkBudget,
};
pub use rdf_suites::{RdfSuite, ToRdf};
pub use registry::{SuiteRegistry, standard_suites};
pub(crate) use set_aside::{SignatureCheck, Unsettled, verify_each_setting_aside};
pub use suite::{Cryptosuite, ProofContext, SignedOver};
