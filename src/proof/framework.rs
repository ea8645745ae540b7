//! The Data Integrity algorithms shared by every suite: add proof (sets and chains), verify one
//! proof, verify proof sets and chains.

use std::borrow::Cow;
use std::collections::HashMap;

use serde_json::{Map, Value};

use super::datetime;
use super::suite::PROOF;
use super::{
    Cryptosuite, ProofContext, ProofError, ProofOptions, ProofSetPolicy, SignedOver, VerifyOptions,
    WorkBudget, work_weight,
};
use crate::keys::{Keypair, Resolver, VerificationMethod};

const CONTEXT: &str = "@context";
const PROOF_VALUE: &str = "proofValue";

/// The bytes an Ed25519 proof signs: `SHA-256(canonical proof configuration) ‖
/// SHA-256(canonical document)` (proof configuration hash first).
pub fn hash_data<S: Cryptosuite + ?Sized>(
    suite: &S,
    document: &Value,
    proof_config: &Value,
) -> Result<[u8; 64], ProofError> {
    hash_signed_over(
        suite,
        &SignedOver::Document(Cow::Borrowed(document)),
        proof_config,
        &WorkBudget::new(u64::MAX),
    )
}

/// [`hash_data`] over the document as the framework holds it (in place when it can).
/// Both canonicalizations are charged to `budget` by the size of what they read first.
fn hash_signed_over<S: Cryptosuite + ?Sized>(
    suite: &S,
    document: &SignedOver<'_>,
    proof_config: &Value,
    budget: &WorkBudget,
) -> Result<[u8; 64], ProofError> {
    let document_weight = match document {
        SignedOver::Unsecured(secured) => work_weight(secured)
            .saturating_sub(secured.get(super::suite::PROOF).map_or(0, work_weight)),
        SignedOver::Document(document) => work_weight(document),
    };
    budget.charge(work_weight(proof_config).saturating_add(document_weight))?;
    let config = SignedOver::Document(Cow::Borrowed(proof_config));
    let config_hash = suite.hash_within(&config, budget)?;
    let document_hash = suite.hash_within(document, budget)?;
    let mut out = [0u8; 64];
    out[..32].copy_from_slice(&config_hash);
    out[32..].copy_from_slice(&document_hash);
    Ok(out)
}

/// Data Integrity "add proof", extended to proof sets and chains.
pub(crate) fn add_proof<S: Cryptosuite + ?Sized>(
    suite: &S,
    document: &Value,
    options: &ProofOptions,
    key: &Keypair,
) -> Result<Value, ProofError> {
    if !suite.can_sign() {
        return Err(ProofError::SignNotSupported(suite.name().to_owned()));
    }
    let object = document
        .as_object()
        .ok_or_else(|| malformed("", "not a JSON object"))?;
    for (property, value) in [("created", &options.created), ("expires", &options.expires)] {
        if let Some(value) = value {
            check_date_time(property, value, true)?;
        }
    }
    if options.verification_method.is_empty() {
        return Err(ProofError::MissingProperty {
            property: "verificationMethod",
        });
    }
    if let Some(id) = &options.id {
        if url::Url::parse(id).is_err() {
            return Err(malformed("/proof/id", "a proof id must be a URL"));
        }
    }
    if options.proof_purpose.is_empty() {
        return Err(ProofError::MissingProperty {
            property: "proofPurpose",
        });
    }
    let existing = proofs_of(object)?.unwrap_or_default();
    let signed_over = signed_over(document, &existing, &options.previous_proof)?;

    let mut proof = Map::new();
    proof.insert("type".into(), suite.proof_type().into());
    if let Some(id) = &options.id {
        proof.insert("id".into(), id.as_str().into());
    }
    if let Some(cryptosuite) = suite.cryptosuite() {
        proof.insert("cryptosuite".into(), cryptosuite.into());
    }
    if let Some(created) = &options.created {
        proof.insert("created".into(), created.as_str().into());
    }
    if let Some(expires) = &options.expires {
        proof.insert("expires".into(), expires.as_str().into());
    }
    proof.insert(
        "verificationMethod".into(),
        options.verification_method.as_str().into(),
    );
    proof.insert("proofPurpose".into(), options.proof_purpose.as_str().into());
    if let Some(domain) = one_or_many(&options.domain) {
        proof.insert("domain".into(), domain);
    }
    if let Some(challenge) = &options.challenge {
        proof.insert("challenge".into(), challenge.as_str().into());
    }
    if let Some(nonce) = &options.nonce {
        proof.insert("nonce".into(), nonce.as_str().into());
    }
    if let Some(previous) = one_or_many(&options.previous_proof) {
        proof.insert("previousProof".into(), previous);
    }
    let document_context = object.get(CONTEXT);
    let mut config = proof.clone();
    if let Some(context) = document_context {
        match suite.proof_context() {
            ProofContext::Embedded => {
                proof.insert(CONTEXT.into(), context.clone());
                config.insert(CONTEXT.into(), context.clone());
            }
            ProofContext::FromDocument => {
                config.insert(CONTEXT.into(), context.clone());
            }
        }
    }
    let hash = hash_signed_over(
        suite,
        &signed_over,
        &Value::Object(config),
        &WorkBudget::new(u64::MAX),
    )?;
    let signature = key.sign(&hash);
    proof.insert(PROOF_VALUE.into(), encode_proof_value(&signature).into());

    let proof = Value::Object(proof);
    let combined = if existing.is_empty() {
        proof
    } else {
        let mut all = existing;
        all.push(proof);
        Value::Array(all)
    };
    // The one copy of the document: the output. `proof` stays where the caller had it (inserting
    // over an existing key keeps its place), so adding to a proof set moves nothing.
    let mut secured = object.clone();
    secured.insert(PROOF.into(), combined);
    Ok(Value::Object(secured))
}

/// One value as a string, several as an array, none as absent.
fn one_or_many(values: &[String]) -> Option<Value> {
    match values {
        [] => None,
        [one] => Some(one.as_str().into()),
        many => Some(many.iter().map(|v| Value::from(v.as_str())).collect()),
    }
}

/// The proofs of a secured document (`None` when it has no `proof` property).
fn proofs_of(object: &Map<String, Value>) -> Result<Option<Vec<Value>>, ProofError> {
    match object.get(PROOF) {
        None => Ok(None),
        Some(single @ Value::Object(_)) => Ok(Some(vec![single.clone()])),
        Some(Value::Array(items)) => {
            for (index, item) in items.iter().enumerate() {
                if !item.is_object() {
                    return Err(malformed(&format!("/proof/{index}"), "not a JSON object"));
                }
            }
            Ok(Some(items.clone()))
        }
        Some(_) => Err(malformed("/proof", "not an object or an array of objects")),
    }
}

/// The document a proof signs: the secured document without its proofs, plus — for a chained
/// proof — the proofs it names, in their document order, as a `proof` array.
fn signed_over<'a>(
    secured: &'a Value,
    all_proofs: &[Value],
    previous: &[String],
) -> Result<SignedOver<'a>, ProofError> {
    if previous.is_empty() {
        return Ok(SignedOver::Unsecured(secured));
    }
    for id in previous {
        if !all_proofs.iter().any(|p| proof_id(p) == Some(id.as_str())) {
            return Err(ProofError::PreviousProofNotFound { id: id.clone() });
        }
    }
    let matching: Vec<Value> = all_proofs
        .iter()
        .filter(|p| proof_id(p).is_some_and(|id| previous.iter().any(|want| want == id)))
        .cloned()
        .collect();
    let mut document = secured.clone();
    if let Some(map) = document.as_object_mut() {
        map.insert(PROOF.into(), Value::Array(matching));
    }
    Ok(SignedOver::Document(Cow::Owned(document)))
}

/// The document a proof that names the proofs at `links` signs (see [`signed_over`]), for
/// links already resolved.
fn chained_signed_over<'a>(
    secured: &'a Value,
    all_proofs: &[Value],
    links: &[usize],
) -> SignedOver<'a> {
    if links.is_empty() {
        return SignedOver::Unsecured(secured);
    }
    let mut positions = links.to_vec();
    positions.sort_unstable();
    positions.dedup();
    let named: Vec<Value> = positions
        .iter()
        .filter_map(|&i| all_proofs.get(i).cloned())
        .collect();
    let mut document = secured.clone();
    if let Some(map) = document.as_object_mut() {
        map.insert(PROOF.into(), Value::Array(named));
    }
    SignedOver::Document(Cow::Owned(document))
}

fn proof_id(proof: &Value) -> Option<&str> {
    proof.get("id").and_then(Value::as_str)
}

/// `previousProof` as a list of ids.
fn previous_proofs(proof: &Value, index: usize) -> Result<Vec<String>, ProofError> {
    match proof.get("previousProof") {
        None => Ok(Vec::new()),
        Some(Value::String(id)) => Ok(vec![id.clone()]),
        Some(Value::Array(ids)) => ids
            .iter()
            .map(|id| {
                id.as_str().map(str::to_owned).ok_or_else(|| {
                    malformed(
                        &format!("/proof/{index}/previousProof"),
                        "not a string or array of strings",
                    )
                })
            })
            .collect(),
        Some(_) => Err(malformed(
            &format!("/proof/{index}/previousProof"),
            "not a string or array of strings",
        )),
    }
}

/// Suite-level proof verification (vc-di-eddsa "Verify Proof" minus resolution).
pub(crate) fn verify_proof_value<S: Cryptosuite + ?Sized>(
    suite: &S,
    document: SignedOver<'_>,
    proof: &Value,
    method: &VerificationMethod,
    budget: &WorkBudget,
) -> Result<(), ProofError> {
    let proof = proof
        .as_object()
        .ok_or_else(|| malformed("/proof", "not a JSON object"))?;
    if let SignedOver::Document(document) = &document {
        if !document.is_object() {
            return Err(malformed("", "not a JSON object"));
        }
    }
    let proof_type = proof
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if proof_type != suite.proof_type() {
        return Err(ProofError::WrongProofType {
            expected: suite.proof_type().to_owned(),
            found: proof_type.to_owned(),
        });
    }
    if let Some(expected) = suite.cryptosuite() {
        let found = proof.get("cryptosuite").and_then(Value::as_str);
        if found != Some(expected) {
            return Err(ProofError::WrongCryptosuite {
                expected: expected.to_owned(),
                found: found.unwrap_or_default().to_owned(),
            });
        }
    }
    for property in ["created", "expires"] {
        match proof.get(property) {
            None => {}
            Some(Value::String(value)) => {
                check_date_time(property, value, false)?;
            }
            Some(other) => {
                return Err(ProofError::InvalidDateTime {
                    property,
                    value: other.to_string(),
                    reason: "not a string".to_owned(),
                });
            }
        }
    }
    let signature = decode_proof_value(proof.get(PROOF_VALUE))?;

    let mut config = proof.clone();
    config.remove(PROOF_VALUE);
    let mut document = document;
    match suite.proof_context() {
        ProofContext::Embedded => {
            if let Some(proof_context) = config.get(CONTEXT) {
                let document_context = document.get(CONTEXT);
                if !context_starts_with(document_context, proof_context) {
                    return Err(ProofError::ContextMismatch);
                }
                if document_context != Some(proof_context) {
                    // Signed over the proof's (shorter) context: only then is a copy made.
                    let mut copy = document.to_document();
                    if let Some(map) = copy.as_object_mut() {
                        map.insert(CONTEXT.into(), proof_context.clone());
                    }
                    document = SignedOver::Document(Cow::Owned(copy));
                }
            }
        }
        ProofContext::FromDocument => {
            if let Some(document_context) = document.get(CONTEXT) {
                config.insert(CONTEXT.into(), document_context.clone());
            }
        }
    }
    let hash = hash_signed_over(suite, &document, &Value::Object(config), budget)?;
    let key = method.ed25519().ok_or_else(|| ProofError::UnsupportedKey {
        method: method.id.clone(),
    })?;
    super::set_aside::run_or_set_aside(super::set_aside::SignatureCheck::new(*key, hash, signature))
}

/// Whether the document's `@context` begins with every value of the proof's, in order.
fn context_starts_with(document: Option<&Value>, proof: &Value) -> bool {
    let Some(document) = document else {
        return false;
    };
    let as_slice = |value: &Value| -> Vec<Value> {
        match value {
            Value::Array(items) => items.clone(),
            single => vec![single.clone()],
        }
    };
    let document = as_slice(document);
    let proof = as_slice(proof);
    !proof.is_empty() && document.starts_with(&proof)
}

/// A signature as a multibase base58btc `proofValue` (`z…`).
fn encode_proof_value(signature: &[u8; 64]) -> String {
    let mut encoded = [0u8; 88];
    let length = usize::from(five8::encode_64(signature, &mut encoded));
    let mut proof_value = String::with_capacity(1 + length);
    proof_value.push('z');
    // base58btc output is ASCII.
    proof_value.extend(encoded.iter().take(length).map(|&b| char::from(b)));
    proof_value
}

fn decode_proof_value(value: Option<&Value>) -> Result<[u8; 64], ProofError> {
    let value = value
        .and_then(Value::as_str)
        .ok_or(ProofError::MissingProperty {
            property: "proofValue",
        })?;
    let invalid = |reason: String| ProofError::InvalidProofValue { reason };
    let encoded = value.strip_prefix('z').ok_or_else(|| {
        invalid(format!(
            "multibase header `{}` is not base58btc (`z`)",
            value.chars().next().unwrap_or(' ')
        ))
    })?;
    let mut signature = [0u8; 64];
    if five8::decode_64(encoded, &mut signature).is_ok() {
        return Ok(signature);
    }
    // Not a 64-byte value: the general decoder says what it is instead.
    let bytes = bs58::decode(encoded)
        .into_vec()
        .map_err(|e| invalid(e.to_string()))?;
    <[u8; 64]>::try_from(bytes.as_slice()).map_err(|_| {
        invalid(format!(
            "an Ed25519 signature is 64 bytes, found {}",
            bytes.len()
        ))
    })
}

fn check_date_time(
    property: &'static str,
    value: &str,
    require_offset: bool,
) -> Result<chrono::DateTime<chrono::FixedOffset>, ProofError> {
    let invalid = |reason: String| ProofError::InvalidDateTime {
        property,
        value: value.to_owned(),
        reason,
    };
    let parsed = datetime::parse(value).map_err(invalid)?;
    if require_offset && !parsed.has_offset {
        return Err(invalid("no time zone (`Z` or `±hh:mm`)".to_owned()));
    }
    Ok(parsed.instant)
}

fn malformed(pointer: &str, reason: &str) -> ProofError {
    ProofError::Malformed {
        pointer: pointer.to_owned(),
        reason: reason.to_owned(),
    }
}

/// The result of checking one proof of a secured document.
#[derive(Debug, Clone, PartialEq)]
pub struct ProofOutcome {
    /// Position of the proof in the document's proof set (0 for a single proof).
    pub index: usize,
    /// The proof as found in the document.
    pub proof: Value,
    /// The verification method that verified it, or why it did not verify.
    pub result: Result<VerificationMethod, ProofError>,
}

/// Checks every proof of `secured` and reports each outcome. Fails only when the document
/// itself is unusable (not an object, no proof, malformed `proof`).
///
/// For each proof: required properties, a registered suite for its `type`/`cryptosuite`,
/// `proofPurpose` as expected, `domain`/`challenge`, `created` (required unless the options say
/// otherwise) and `expires` (against `options.now`), the `previousProof` chain, resolution of the
/// verification method, its authorization for the proof purpose in the controller document, then
/// the suite's own check. A chained proof fails when a proof it names fails.
pub fn verify_each(
    secured: &Value,
    suites: &[&dyn Cryptosuite],
    resolver: &dyn Resolver,
    options: &VerifyOptions,
) -> Result<Vec<ProofOutcome>, ProofError> {
    let object = secured
        .as_object()
        .ok_or_else(|| malformed("", "not a JSON object"))?;
    let all_proofs = match object.get(PROOF) {
        Some(Value::Array(items)) if items.len() > options.max_proofs => {
            return Err(ProofError::TooManyProofs {
                count: items.len(),
                limit: options.max_proofs,
            });
        }
        _ => match proofs_of(object)? {
            Some(proofs) if !proofs.is_empty() => proofs,
            _ => return Err(ProofError::MissingProof),
        },
    };
    let chains = Chains::new(&all_proofs);
    let budget = options.budget_for_call();
    let mut outcomes: Vec<ProofOutcome> = all_proofs
        .iter()
        .enumerate()
        .map(|(index, proof)| ProofOutcome {
            index,
            proof: proof.clone(),
            result: verify_one(
                index,
                proof,
                &all_proofs,
                &chains,
                secured,
                suites,
                resolver,
                options,
                &budget,
            ),
        })
        .collect();
    // A proof only counts when every proof it chains to counts too (transitively): in
    // post-order every proof's links are final before the proof itself is looked at.
    for &index in &chains.post_order {
        let Some(Ok(links)) = chains.links.get(index) else {
            continue;
        };
        if outcomes.get(index).is_none_or(|o| o.result.is_err()) {
            continue;
        }
        let failed = links
            .iter()
            .find(|&&link| outcomes.get(link).is_none_or(|o| o.result.is_err()));
        if let Some(&link) = failed {
            let id = all_proofs
                .get(link)
                .and_then(proof_id)
                .unwrap_or_default()
                .to_owned();
            if let Some(outcome) = outcomes.get_mut(index) {
                outcome.result = Err(ProofError::PreviousProofFailed { id });
            }
        }
    }
    Ok(outcomes)
}

/// The `previousProof` links of a proof set, resolved once (ids to positions), with each
/// proof's chain length: linear in the number of proofs and links, whatever the ids.
struct Chains {
    /// For each proof, the positions of the proofs it names, or why they cannot be resolved.
    links: Vec<Result<Vec<usize>, ProofError>>,
    /// For each proof, the length of its longest chain (0 for a proof naming none), or why it
    /// has none (a cycle).
    length: Vec<Result<usize, ProofError>>,
    /// Every proof after the proofs it names (a cycle is broken where it was found).
    post_order: Vec<usize>,
}

impl Chains {
    fn new(proofs: &[Value]) -> Self {
        let mut by_id: HashMap<&str, Vec<usize>> = HashMap::new();
        for (index, proof) in proofs.iter().enumerate() {
            if let Some(id) = proof_id(proof) {
                by_id.entry(id).or_default().push(index);
            }
        }
        let links: Vec<Result<Vec<usize>, ProofError>> = proofs
            .iter()
            .enumerate()
            .map(|(index, proof)| {
                previous_proofs(proof, index)?
                    .into_iter()
                    .map(|id| match by_id.get(id.as_str()).map(Vec::as_slice) {
                        Some([one]) => Ok(*one),
                        Some(_) => Err(ProofError::AmbiguousPreviousProof {
                            id,
                            reason: "several proofs of the set carry this id",
                        }),
                        None => Err(ProofError::PreviousProofNotFound { id }),
                    })
                    .collect()
            })
            .collect();

        #[derive(Clone)]
        enum State {
            New,
            Open,
            Done,
        }
        let mut state = vec![State::New; proofs.len()];
        let mut length: Vec<Result<usize, ProofError>> = vec![Ok(0); proofs.len()];
        let mut post_order = Vec::with_capacity(proofs.len());
        // Iterative depth-first walk: (proof, next link to look at).
        let mut stack: Vec<(usize, usize)> = Vec::new();
        for start in 0..proofs.len() {
            if !matches!(state.get(start), Some(State::New)) {
                continue;
            }
            state[start] = State::Open;
            stack.push((start, 0));
            while let Some((node, next)) = stack.last().copied() {
                let node_links = match links.get(node) {
                    Some(Ok(node_links)) => node_links.as_slice(),
                    _ => &[],
                };
                if let Some(&link) = node_links.get(next) {
                    if let Some(top) = stack.last_mut() {
                        top.1 += 1;
                    }
                    match state.get(link) {
                        Some(State::New) => {
                            state[link] = State::Open;
                            stack.push((link, 0));
                        }
                        Some(State::Open) => {
                            length[node] = Err(ProofError::AmbiguousPreviousProof {
                                id: proofs
                                    .get(link)
                                    .and_then(proof_id)
                                    .unwrap_or_default()
                                    .to_owned(),
                                reason: "the chain leads back to this proof",
                            });
                        }
                        _ => {}
                    }
                    continue;
                }
                stack.pop();
                state[node] = State::Done;
                post_order.push(node);
                if length[node].is_ok() {
                    let longest = node_links
                        .iter()
                        .map(|&link| match length.get(link) {
                            Some(Ok(n)) => n.saturating_add(1),
                            _ => 1,
                        })
                        .max()
                        .unwrap_or(0);
                    length[node] = Ok(longest);
                }
            }
        }
        Chains {
            links,
            length,
            post_order,
        }
    }
}

/// Verifies the proofs of `secured` under `options.policy`: with [`ProofSetPolicy::All`] every
/// proof must verify, with [`ProofSetPolicy::Any`] at least one. Returns every outcome when the
/// policy is met, otherwise the error of the first failing proof.
pub fn verify(
    secured: &Value,
    suites: &[&dyn Cryptosuite],
    resolver: &dyn Resolver,
    options: &VerifyOptions,
) -> Result<Vec<ProofOutcome>, ProofError> {
    let outcomes = verify_each(secured, suites, resolver, options)?;
    let first_error = outcomes
        .iter()
        .find_map(|o| o.result.as_ref().err().cloned());
    let satisfied = match options.policy {
        ProofSetPolicy::All => first_error.is_none(),
        ProofSetPolicy::Any => outcomes.iter().any(|o| o.result.is_ok()),
    };
    match first_error {
        Some(error) if !satisfied => Err(error),
        _ => Ok(outcomes),
    }
}

fn required<'a>(proof: &'a Value, property: &'static str) -> Result<&'a str, ProofError> {
    proof
        .get(property)
        .and_then(Value::as_str)
        .ok_or(ProofError::MissingProperty { property })
}

#[allow(clippy::too_many_arguments)]
fn verify_one(
    index: usize,
    proof: &Value,
    all_proofs: &[Value],
    chains: &Chains,
    secured: &Value,
    suites: &[&dyn Cryptosuite],
    resolver: &dyn Resolver,
    options: &VerifyOptions,
    budget: &WorkBudget,
) -> Result<VerificationMethod, ProofError> {
    let proof_type = required(proof, "type")?;
    // Data Integrity requires a string; legacy suites also embedded the method as an object.
    // Either way only its id is used: keys come from the resolver, never from the document.
    let method_id = match proof.get("verificationMethod") {
        Some(Value::Object(embedded)) => embedded.get("id").and_then(Value::as_str),
        other => other.and_then(Value::as_str),
    }
    .ok_or(ProofError::MissingProperty {
        property: "verificationMethod",
    })?;
    let purpose = required(proof, "proofPurpose")?;
    let suite = select_suite(suites, proof_type, proof.get("cryptosuite"))?;

    if purpose != options.expected_proof_purpose {
        return Err(ProofError::ProofPurposeMismatch {
            expected: options.expected_proof_purpose.clone(),
            found: purpose.to_owned(),
        });
    }
    if let Some(expected) = &options.domain {
        let matches = match proof.get("domain") {
            Some(Value::String(domain)) => domain == expected,
            Some(Value::Array(domains)) => domains.iter().any(|d| d.as_str() == Some(expected)),
            _ => false,
        };
        if !matches {
            return Err(ProofError::DomainMismatch {
                expected: expected.clone(),
            });
        }
    }
    if let Some(expected) = &options.challenge {
        if proof.get("challenge").and_then(Value::as_str) != Some(expected.as_str()) {
            return Err(ProofError::ChallengeMismatch {
                expected: expected.clone(),
            });
        }
    }
    match proof.get("created") {
        None if options.require_created => return Err(ProofError::MissingCreated),
        None => {}
        Some(created) => {
            let text = created
                .as_str()
                .ok_or_else(|| ProofError::InvalidDateTime {
                    property: "created",
                    value: created.to_string(),
                    reason: "not a string".to_owned(),
                })?;
            let instant = check_date_time("created", text, false)?;
            // Data Integrity: a verifier may reject a proof dated after the verification time.
            if let Some(skew) = options.created_skew {
                let latest = options.now.checked_add_signed(skew).unwrap_or(options.now);
                if instant > latest {
                    return Err(ProofError::CreatedInFuture {
                        created: text.to_owned(),
                    });
                }
            }
        }
    }
    if let Some(expires) = proof.get("expires") {
        let text = expires
            .as_str()
            .ok_or_else(|| ProofError::InvalidDateTime {
                property: "expires",
                value: expires.to_string(),
                reason: "not a string".to_owned(),
            })?;
        let instant = check_date_time("expires", text, false)?;
        if instant < options.now {
            return Err(ProofError::Expired {
                expires: text.to_owned(),
            });
        }
    }
    let links = match chains.links.get(index) {
        Some(Ok(links)) => links.as_slice(),
        Some(Err(e)) => return Err(e.clone()),
        None => &[],
    };
    match chains.length.get(index) {
        Some(Ok(length)) if *length > options.max_proof_chain => {
            return Err(ProofError::ProofChainTooLong {
                length: *length,
                limit: options.max_proof_chain,
            });
        }
        Some(Err(e)) => return Err(e.clone()),
        _ => {}
    }
    let signed_over = chained_signed_over(secured, all_proofs, links);

    let (method, controller) = resolver.resolve_method_and_controller(method_id)?;
    if controller.id() != method.controller || !controller.authorizes(purpose, &method.id) {
        return Err(ProofError::MethodNotAuthorized {
            method: method.id.clone(),
            purpose: purpose.to_owned(),
            controller: method.controller.clone(),
        });
    }
    suite.verify_proof_within(signed_over, proof, &method, budget)?;
    Ok(method)
}

fn select_suite<'a>(
    suites: &[&'a dyn Cryptosuite],
    proof_type: &str,
    cryptosuite: Option<&Value>,
) -> Result<&'a dyn Cryptosuite, ProofError> {
    let cryptosuite = cryptosuite.and_then(Value::as_str);
    let same_type: Vec<&'a dyn Cryptosuite> = suites
        .iter()
        .copied()
        .filter(|s| s.proof_type() == proof_type)
        .collect();
    if same_type.is_empty() {
        return Err(ProofError::WrongProofType {
            expected: names(suites.iter().map(|s| s.proof_type())),
            found: proof_type.to_owned(),
        });
    }
    same_type
        .iter()
        .copied()
        .find(|s| s.cryptosuite() == cryptosuite || s.cryptosuite().is_none())
        .ok_or_else(|| ProofError::WrongCryptosuite {
            expected: names(same_type.iter().filter_map(|s| s.cryptosuite())),
            found: cryptosuite.unwrap_or_default().to_owned(),
        })
}

fn names<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let mut list: Vec<&str> = names.collect();
    list.dedup();
    list.join(" | ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast 64-byte codec agrees with the general base58btc one, leading zeros included, and
    /// malformed values still get the general decoder's explanation.
    #[test]
    fn proof_values_agree_with_general_base58() {
        let mut samples = vec![[0u8; 64], [0xff; 64], [0x5a; 64]];
        for zeros in [1, 2, 7, 31, 63] {
            let mut s = [0xa7u8; 64];
            s[..zeros].fill(0);
            samples.push(s);
        }
        let mut x = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..200 {
            let mut s = [0u8; 64];
            for byte in &mut s {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                *byte = x.to_le_bytes()[0];
            }
            samples.push(s);
        }
        for signature in samples {
            let ours = encode_proof_value(&signature);
            assert_eq!(ours, format!("z{}", bs58::encode(signature).into_string()));
            assert_eq!(decode_proof_value(Some(&Value::from(ours))), Ok(signature));
        }
        let short = format!("z{}", bs58::encode([1u8; 63]).into_string());
        assert!(matches!(
            decode_proof_value(Some(&Value::from(short))),
            Err(ProofError::InvalidProofValue { reason }) if reason.contains("found 63")
        ));
        for bad in ["z0OIl", "z", "zzzzz!"] {
            assert!(matches!(
                decode_proof_value(Some(&Value::from(bad))),
                Err(ProofError::InvalidProofValue { .. })
            ));
        }
    }
}
