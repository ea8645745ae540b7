//! `did:key` (Ed25519) and `did:jwk` DIDs and the DID documents they resolve to.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value, json};

use super::{KeyError, PublicKey};

const DID_V1: &str = "https://www.w3.org/ns/did/v1";
const MULTIKEY_V1: &str = "https://w3id.org/security/multikey/v1";
const ED25519_2020_V1: &str = "https://w3id.org/security/suites/ed25519-2020/v1";
const JWS_2020_V1: &str = "https://w3id.org/security/suites/jws-2020/v1";

/// The four verification relationships a signing key is listed under.
const SIGNING_RELATIONSHIPS: [&str; 4] = [
    "assertionMethod",
    "authentication",
    "capabilityInvocation",
    "capabilityDelegation",
];

/// How the verification method of a `did:key` document is expressed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum DidKeyForm {
    /// `Multikey` (context `https://w3id.org/security/multikey/v1`), what current resolvers emit.
    #[default]
    Multikey,
    /// `Ed25519VerificationKey2020` (context `https://w3id.org/security/suites/ed25519-2020/v1`),
    /// for verifiers that only know the legacy suite.
    Ed25519VerificationKey2020,
}

/// The DID document of `did:key:z6Mk…`: one verification method `did:key:z…#z…` listed under
/// `assertionMethod`, `authentication`, `capabilityInvocation` and `capabilityDelegation`.
///
/// ```
/// use openbadges::keys::{DidKeyForm, Keypair, did_key_document};
///
/// let key = Keypair::from_seed(&[1u8; 32]).public_key();
/// let document = did_key_document(&key, DidKeyForm::Multikey);
/// let method_id = format!("{}#{}", key.to_did_key(), key.to_multibase());
/// assert_eq!(document["assertionMethod"][0], method_id.as_str());
/// assert_eq!(document["verificationMethod"][0]["type"], "Multikey");
/// ```
pub fn did_key_document(key: &PublicKey, form: DidKeyForm) -> Value {
    did_key_document_of(&key.to_multibase(), form)
}

/// [`did_key_document`] from the key's `publicKeyMultibase`, already known to encode a valid key
/// (a resolver has it from the DID and need not encode the key again).
pub(crate) fn did_key_document_of(multibase: &str, form: DidKeyForm) -> Value {
    let did = format!("did:key:{multibase}");
    let method_id = format!("{did}#{multibase}");
    key_document(&did, &method_id, multibase, form)
}

/// The document of `did` publishing the Ed25519 key `multibase` as its one method `method_id`,
/// expressed as `form`, for every signing relationship.
fn key_document(did: &str, method_id: &str, multibase: &str, form: DidKeyForm) -> Value {
    let (context, method_type) = match form {
        DidKeyForm::Multikey => (MULTIKEY_V1, "Multikey"),
        DidKeyForm::Ed25519VerificationKey2020 => (ED25519_2020_V1, "Ed25519VerificationKey2020"),
    };
    let method = json!({
        "id": method_id,
        "type": method_type,
        "controller": did,
        "publicKeyMultibase": multibase,
    });
    document(vec![DID_V1, context], did, method, &SIGNING_RELATIONSHIPS)
}

/// The controller document that publishes `key` as the `Multikey` verification method
/// `method_id` of `did`, listed under `assertionMethod`, `authentication`,
/// `capabilityInvocation` and `capabilityDelegation`: the `did.json` a school serves for its
/// `did:web`, or the document a verifier registers for it when it has no network.
///
/// ```
/// use openbadges::keys::{Keypair, controller_document};
///
/// let key = Keypair::from_seed(&[1u8; 32]).public_key();
/// let document = controller_document("did:web:school.example", "did:web:school.example#key-1", &key);
/// assert_eq!(document["id"], "did:web:school.example");
/// assert_eq!(document["assertionMethod"][0], "did:web:school.example#key-1");
/// assert_eq!(document["verificationMethod"][0]["publicKeyMultibase"], key.to_multibase().as_str());
/// ```
pub fn controller_document(did: &str, method_id: &str, key: &PublicKey) -> Value {
    key_document(did, method_id, &key.to_multibase(), DidKeyForm::Multikey)
}

/// The public JWK a `did:jwk` DID (or DID URL) encodes. Any JWK key type is returned as is;
/// a JWK holding private members (`d`) is refused.
pub fn decode_did_jwk(did: &str) -> Result<Value, KeyError> {
    let did_error = |reason: String| KeyError::Did {
        did: did.to_owned(),
        reason,
    };
    let rest = did
        .strip_prefix("did:jwk:")
        .ok_or_else(|| did_error("not a did:jwk".to_owned()))?;
    let encoded = match rest.split_once('#') {
        Some((encoded, "0")) => encoded,
        Some(_) => {
            return Err(did_error(
                "the only fragment of a did:jwk is `#0`".to_owned(),
            ));
        }
        None => rest,
    };
    let bytes = URL_SAFE_NO_PAD
        .decode(encoded)
        .map_err(|e| did_error(format!("not base64url: {e}")))?;
    let jwk: Value =
        serde_json::from_slice(&bytes).map_err(|e| did_error(format!("not JSON: {e}")))?;
    let members = jwk
        .as_object()
        .ok_or_else(|| did_error("the JWK is not a JSON object".to_owned()))?;
    if !members.get("kty").is_some_and(Value::is_string) {
        return Err(did_error("the JWK has no string `kty`".to_owned()));
    }
    if members.contains_key("d") {
        return Err(did_error("the JWK holds a private key (`d`)".to_owned()));
    }
    Ok(jwk)
}

/// `did:jwk:` + base64url of a public JWK of any key type, serialized in its RFC 8785 canonical
/// form so one key yields one DID.
pub fn encode_did_jwk(jwk: &Value) -> Result<String, KeyError> {
    let members = jwk.as_object().ok_or_else(|| KeyError::Jwk {
        reason: "not a JSON object".to_owned(),
    })?;
    if members.contains_key("d") {
        return Err(KeyError::Jwk {
            reason: "contains private key member `d`".to_owned(),
        });
    }
    let canonical = crate::jcs::to_vec(jwk).map_err(|e| KeyError::Jwk {
        reason: e.to_string(),
    })?;
    Ok(format!("did:jwk:{}", URL_SAFE_NO_PAD.encode(canonical)))
}

/// The DID document of a `did:jwk`: one `JsonWebKey2020` verification method `#0`, listed under
/// the relationships its `use` member allows (all five when absent, `keyAgreement` only for
/// `"enc"`, all but `keyAgreement` for `"sig"`).
pub fn did_jwk_document(did: &str) -> Result<Value, KeyError> {
    let jwk = decode_did_jwk(did)?;
    let did = did.split_once('#').map_or(did, |(base, _)| base);
    let relationships: &[&str] = match jwk.get("use").and_then(Value::as_str) {
        Some("enc") => &["keyAgreement"],
        Some("sig") => &SIGNING_RELATIONSHIPS,
        _ => &[
            "assertionMethod",
            "authentication",
            "capabilityInvocation",
            "capabilityDelegation",
            "keyAgreement",
        ],
    };
    let method = json!({
        "id": format!("{did}#0"),
        "type": "JsonWebKey2020",
        "controller": did,
        "publicKeyJwk": jwk,
    });
    Ok(document(
        vec![DID_V1, JWS_2020_V1],
        did,
        method,
        relationships,
    ))
}

fn document(context: Vec<&str>, did: &str, method: Value, relationships: &[&str]) -> Value {
    let method_id = method.get("id").cloned().unwrap_or(Value::Null);
    let mut doc = Map::new();
    doc.insert("@context".into(), json!(context));
    doc.insert("id".into(), Value::from(did));
    doc.insert("verificationMethod".into(), Value::Array(vec![method]));
    for relationship in relationships {
        doc.insert(
            (*relationship).into(),
            Value::Array(vec![method_id.clone()]),
        );
    }
    Value::Object(doc)
}
