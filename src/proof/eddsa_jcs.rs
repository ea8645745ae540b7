//! `eddsa-jcs-2022` (vc-di-eddsa §3.3): JCS canonicalization, SHA-256, Ed25519.

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

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
            Value::Object(members) => crate::jcs::to_vec(&WithoutProof(members)),
            other => crate::jcs::to_vec(other),
        };
        result.map_err(|e| ProofError::Canonicalization(e.to_string()))
    }
}

/// A secured document serialized without its `proof` member (JCS sorts members itself).
struct WithoutProof<'a>(&'a Map<String, Value>);

impl Serialize for WithoutProof<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let members = self.0.iter().filter(|(key, _)| *key != super::suite::PROOF);
        let mut map = serializer.serialize_map(Some(members.clone().count()))?;
        for (key, value) in members {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}
