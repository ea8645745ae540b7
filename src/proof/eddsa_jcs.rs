//! `eddsa-jcs-2022` (vc-di-eddsa §3.3): JCS canonicalization, SHA-256, Ed25519.

use serde_json::Value;

use super::{Cryptosuite, ProofContext, ProofError};

/// The `eddsa-jcs-2022` cryptosuite: the document and the proof configuration (which carries the
/// document's `@context`) are canonicalized with RFC 8785 JCS, each hashed with SHA-256, and the
/// concatenation `proofConfigHash ‖ documentHash` is signed with Ed25519.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use openbadges::keys::{Keypair, StaticResolver};
/// use openbadges::proof::{Cryptosuite, EddsaJcs2022, ProofOptions, VerifyOptions, verify};
/// use serde_json::json;
///
/// let key = Keypair::from_seed(&[42; 32]);
/// let public = key.public_key();
/// let method = format!("{}#{}", public.to_did_key(), public.to_multibase());
/// let now = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).single().expect("valid date");
/// let credential = json!({
///     "@context": ["https://www.w3.org/ns/credentials/v2"],
///     "type": ["VerifiableCredential"],
///     "issuer": public.to_did_key(),
///     "credentialSubject": {"id": "did:example:learner"}
/// });
/// let signed = EddsaJcs2022.sign(&credential, &ProofOptions::new(&method, now), &key)?;
/// assert_eq!(signed["proof"]["cryptosuite"], "eddsa-jcs-2022");
/// let outcomes = verify(&signed, &[&EddsaJcs2022], &StaticResolver::new(), &VerifyOptions::new(now))?;
/// assert_eq!(outcomes.len(), 1);
/// # Ok::<(), openbadges::proof::ProofError>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct EddsaJcs2022;

impl Cryptosuite for EddsaJcs2022 {
    fn name(&self) -> &str {
        "eddsa-jcs-2022"
    }

    fn proof_context(&self) -> ProofContext {
        ProofContext::Embedded
    }

    fn canonicalize(&self, document: &Value) -> Result<Vec<u8>, ProofError> {
        crate::jcs::to_vec(document).map_err(|e| ProofError::Canonicalization(e.to_string()))
    }

    fn canonicalize_unsecured(&self, secured: &Value) -> Result<Vec<u8>, ProofError> {
        let result = match secured {
            Value::Object(members) => {
                crate::jcs::object_without_to_vec(members, super::suite::PROOF)
            }
            other => crate::jcs::to_vec(other),
        };
        result.map_err(|e| ProofError::Canonicalization(e.to_string()))
    }
}
