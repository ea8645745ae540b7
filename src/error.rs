//! The crate-wide error: every layer keeps its own precise error type, and each
//! converts into [`Error`] so an application can use `?` across layers and
//! still match on the layer that failed.

use crate::{
    assess::AssessError, bake::BakeError, endorse::EndorseError, issuer::IssueError, jcs::JcsError,
    json::JsonError, jsonld::JsonLdError, keys::KeyError, keys::ResolveError,
    linkedin::LinkedInError, model::BuildError, model::ModelError, proof::ProofError,
    rdf::NQuadsError, rdfc::RdfcError, stack::StackError, status::StatusError,
};

/// Any error of this crate, tagged with the layer it came from.
///
/// ```
/// fn read(bytes: &[u8]) -> Result<serde_json::Value, openbadges::Error> {
///     Ok(openbadges::json::parse(bytes, &Default::default())?)
/// }
/// let err = read(br#"{"a": 1, "a": 2}"#).unwrap_err();
/// assert!(matches!(err, openbadges::Error::Json(_)));
/// assert!(err.to_string().contains("a"));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Untrusted JSON was rejected (syntax, duplicate key, depth, size).
    #[error(transparent)]
    Json(#[from] JsonError),
    /// JSON did not match the Open Badges model.
    #[error(transparent)]
    Model(#[from] ModelError),
    /// A builder was missing something or given something inconsistent.
    #[error(transparent)]
    Build(#[from] BuildError),
    /// JSON-LD expansion or toRdf failed.
    #[error(transparent)]
    JsonLd(#[from] JsonLdError),
    /// N-Quads text could not be read.
    #[error(transparent)]
    NQuads(#[from] NQuadsError),
    /// RDF canonicalization failed or ran out of budget.
    #[error(transparent)]
    Rdfc(#[from] RdfcError),
    /// Canonical JSON could not be written.
    #[error(transparent)]
    Jcs(#[from] JcsError),
    /// Key material was malformed.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// A DID or verification method could not be resolved.
    #[error(transparent)]
    Resolve(#[from] ResolveError),
    /// A Data Integrity proof could not be created or did not verify.
    #[error(transparent)]
    Proof(#[from] ProofError),
    /// A VC-JWT could not be created or did not verify.
    #[error(transparent)]
    Jwt(#[from] crate::jwt::JwtError),
    /// An image could not be baked or unbaked.
    #[error(transparent)]
    Bake(#[from] BakeError),
    /// A status list could not be read, updated or consulted.
    #[error(transparent)]
    Status(#[from] StatusError),
    /// Issuing (build, validate, sign, bake) failed.
    #[error(transparent)]
    Issue(#[from] IssueError),
    /// An assessment could not be decided or awarded.
    #[error(transparent)]
    Assess(#[from] AssessError),
    /// A stack could not be defined or issued.
    #[error(transparent)]
    Stack(#[from] StackError),
    /// An endorsement could not be embedded.
    #[error(transparent)]
    Endorse(#[from] EndorseError),
    /// A LinkedIn link could not be built.
    #[error(transparent)]
    LinkedIn(#[from] LinkedInError),
}
