//! `PROOF`: any one proof verifies — Data Integrity proofs of the registered suites, or the
//! VC-JWT. Proofs whose type or cryptosuite is not registered are reported as skipped, never
//! fatal while another proof verifies (a proof set may carry proofs for other verifiers).

use serde_json::Value;

use super::JwtProof;
use super::method_id;
use crate::proof::{self, ProofError, ProofSetPolicy};
use crate::verify::findings::Findings;
use crate::verify::pipeline::Run;
use crate::verify::report::{CheckCode, Outcome, ProofAttempt};

/// A proof that verified, with the key it used.
pub(in crate::verify) struct VerifiedKey {
    pub(super) method: String,
    pub(super) controller: String,
    /// Whether the suite signs the RDF dataset (JSON-LD expansion decides what is signed).
    pub(super) signs_rdf_dataset: bool,
}

/// What the proof check found.
pub(in crate::verify) struct Proofs {
    /// Each proof tried (or skipped), the VC-JWT first.
    pub(in crate::verify) attempts: Vec<ProofAttempt>,
    /// The proofs that verified.
    pub(super) verified: Vec<VerifiedKey>,
    /// Whether an RDF-canonicalized proof was checked (verified or not).
    pub(super) rdf_checked: bool,
}

impl Proofs {
    /// Whether a proof over the RDF dataset verified.
    pub(in crate::verify) fn rdf_verified(&self) -> bool {
        self.verified.iter().any(|v| v.signs_rdf_dataset)
    }
}

impl Run<'_> {
    /// Tries every proof; any one that verifies suffices.
    pub(in crate::verify) fn proofs(
        &self,
        credential: &Value,
        jwt: Option<JwtProof>,
        f: &mut Findings,
    ) -> Proofs {
        let registry = &self.verifier.suites;
        let mut found = Proofs {
            attempts: Vec::new(),
            verified: Vec::new(),
            rdf_checked: false,
        };
        let mut failures: Vec<(Outcome, String)> = Vec::new();
        if let Some(jwt) = jwt {
            if let Some(key) = jwt.key {
                found.verified.push(key);
            }
            if let Some(failure) = jwt.failure {
                failures.push(failure);
            }
            found.attempts.push(jwt.attempt);
        }
        if credential.get("proof").is_some() {
            let resolver = self.verifier.resolver();
            let mut options = proof::VerifyOptions::new(self.now);
            options.policy = ProofSetPolicy::Any;
            options.require_created = false;
            options.max_proofs = self.verifier.options.max_proofs;
            options.max_proof_chain = self.verifier.options.max_proof_chain;
            options.work_budget = Some(self.budget.clone());
            match proof::verify_each(credential, &registry.suites(), &resolver, &options) {
                Ok(outcomes) => {
                    let many = outcomes.len() > 1
                        || matches!(credential.get("proof"), Some(Value::Array(_)));
                    for o in outcomes {
                        let pointer = if many {
                            format!("/proof/{}", o.index)
                        } else {
                            "/proof".to_owned()
                        };
                        let suite = registry.for_proof(&o.proof);
                        let suite_name =
                            suite.map_or_else(|| proof_label(&o.proof), |s| s.name().to_owned());
                        let signs_rdf_dataset = suite.is_some_and(|s| s.signs_rdf_dataset());
                        let method = method_id(&o.proof);
                        match o.result {
                            Ok(method) => {
                                found.rdf_checked |= signs_rdf_dataset;
                                found.verified.push(VerifiedKey {
                                    method: method.id.clone(),
                                    controller: method.controller.clone(),
                                    signs_rdf_dataset,
                                });
                                found.attempts.push(ProofAttempt {
                                    suite: suite_name,
                                    pointer,
                                    verification_method: Some(method.id),
                                    controller: Some(method.controller),
                                    verified: true,
                                    skipped: false,
                                    error: None,
                                });
                            }
                            Err(e) if suite.is_none() => {
                                found.attempts.push(ProofAttempt {
                                    suite: suite_name,
                                    pointer,
                                    verification_method: method,
                                    controller: None,
                                    verified: false,
                                    skipped: true,
                                    error: Some(e.to_string()),
                                });
                            }
                            Err(e) => {
                                found.rdf_checked |= signs_rdf_dataset;
                                failures.push((proof_failure(&e), format!("{pointer}: {e}")));
                                found.attempts.push(ProofAttempt {
                                    suite: suite_name,
                                    pointer,
                                    verification_method: method,
                                    controller: None,
                                    verified: false,
                                    skipped: false,
                                    error: Some(e.to_string()),
                                });
                            }
                        }
                    }
                }
                Err(e) => failures.push((proof_failure(&e), format!("/proof: {e}"))),
            }
        }
        let verified: Vec<&str> = found
            .attempts
            .iter()
            .filter(|a| a.verified)
            .map(|a| a.suite.as_str())
            .collect();
        if !verified.is_empty() {
            f.pass(
                CheckCode::Proof,
                "/proof",
                format!("signature valid ({})", verified.join(", ")),
            );
            for skipped in found.attempts.iter().filter(|a| a.skipped) {
                f.skip(
                    CheckCode::Proof,
                    &skipped.pointer,
                    format!(
                        "proof of unsupported type `{}` not checked (another proof verified)",
                        skipped.suite
                    ),
                );
            }
        } else if found.attempts.is_empty() && failures.is_empty() {
            f.fail(
                CheckCode::Proof,
                "/proof",
                "the credential has no proof: nothing shows who issued it or that it is unaltered",
                Outcome::Forged,
            );
        } else {
            // Skipped proofs (unsupported types) decide nothing unless nothing else was tried.
            let outcome = failures
                .iter()
                .map(|(o, _)| *o)
                .min()
                .unwrap_or(Outcome::Invalid);
            let reasons: Vec<String> = failures
                .iter()
                .map(|(_, m)| m.clone())
                .chain(found.attempts.iter().filter(|a| a.skipped).map(|a| {
                    format!(
                        "{}: skipped: {}",
                        a.pointer,
                        a.error.as_deref().unwrap_or("unsupported")
                    )
                }))
                .collect();
            let lead = match outcome {
                Outcome::Forged => "no proof verifies; the credential was forged or altered",
                Outcome::KeyUnavailable => {
                    "the issuer's key is not available offline (supply its DID or key document)"
                }
                Outcome::DocumentUnavailable => {
                    "a JSON-LD context the signature covers is not available offline (supply it)"
                }
                Outcome::UnboundKey => "the signing key is not authorized by its controller",
                Outcome::Expired => "the proof has expired",
                Outcome::NotYetValid => "the proof was created after the verification time",
                _ if failures.is_empty() => {
                    "no proof of a supported type: the credential cannot be verified"
                }
                _ => "no proof could be checked",
            };
            f.fail(
                CheckCode::Proof,
                "/proof",
                format!("{lead}: {}", reasons.join("; ")),
                outcome,
            );
        }
        found
    }
}

/// A proof's type (and cryptosuite) for the report when no suite handles it.
fn proof_label(proof: &Value) -> String {
    let proof_type = proof
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("unknown");
    match proof.get("cryptosuite").and_then(Value::as_str) {
        Some(cryptosuite) => format!("{proof_type} ({cryptosuite})"),
        None => proof_type.to_owned(),
    }
}

/// What a failed Data Integrity proof means for the outcome.
fn proof_failure(error: &ProofError) -> Outcome {
    match error {
        ProofError::SignatureInvalid
        | ProofError::InvalidProofValue { .. }
        | ProofError::ContextMismatch
        | ProofError::PreviousProofFailed { .. }
        | ProofError::MissingProof => Outcome::Forged,
        ProofError::KeyUnavailable { .. } => Outcome::KeyUnavailable,
        ProofError::ContextUnavailable { .. } => Outcome::DocumentUnavailable,
        ProofError::MethodNotAuthorized { .. } | ProofError::Resolution(_) => Outcome::UnboundKey,
        ProofError::Expired { .. } => Outcome::Expired,
        ProofError::CreatedInFuture { .. } => Outcome::NotYetValid,
        _ => Outcome::Invalid,
    }
}
