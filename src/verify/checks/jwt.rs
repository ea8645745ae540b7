//! The VC-JWT securing mechanism: the token's signature is the proof; the credential inside is
//! then checked like any other. A token whose payload is readable but whose signature is missing,
//! stripped, `alg: none` or wrong is *not verified* (forged), never merely unreadable.

use serde_json::Value;

use crate::json;
use crate::verify::pipeline::{Run, unreadable_report};
use crate::verify::report::{DisplayImage, InputKind, Outcome, ProofAttempt, VerificationReport};

use super::proofs::VerifiedKey;

/// The VC-JWT part of a proof check.
pub(in crate::verify) struct JwtProof {
    pub(super) attempt: ProofAttempt,
    /// The token's `nbf` and `exp` claims (seconds since the epoch), used when the credential
    /// itself states no validity dates.
    pub(in crate::verify) window: (Option<i64>, Option<i64>),
    /// The key that verified the token (controller empty unless it is bound to a controller).
    pub(super) key: Option<VerifiedKey>,
    pub(super) failure: Option<(Outcome, String)>,
}

impl Run<'_> {
    /// A compact JWS: verify it, then check the credential inside.
    pub(in crate::verify) fn jwt(
        &self,
        token: &str,
        kind: InputKind,
        image: Option<DisplayImage>,
    ) -> VerificationReport {
        use crate::jwt::{self, JwtError, KeySource};
        use crate::verify::report::{Check, CheckCode, CheckStatus};
        let options = jwt::VerifyOptions {
            max_token_bytes: self.verifier.options.max_jwt_bytes,
            ..jwt::VerifyOptions::default()
        };
        let resolver = self.verifier.resolver();
        match jwt::verify(token, &resolver, &options) {
            Ok(verified) => {
                let (method, controller) = match &verified.key_source {
                    KeySource::Kid { kid, controller } => {
                        (Some(kid.clone()), Some(controller.clone()))
                    }
                    _ => (None, None),
                };
                let bound = verified.key_bound_to_issuer()
                    && method.as_deref().is_none_or(|kid| {
                        controller
                            .as_deref()
                            .is_some_and(|c| authorizes(&resolver, c, kid))
                    });
                let attempt = ProofAttempt {
                    suite: format!("VC-JWT {}", verified.algorithm.as_str()),
                    pointer: String::new(),
                    verification_method: method.clone(),
                    controller: controller.clone(),
                    verified: true,
                    skipped: false,
                    error: None,
                };
                // The binding check compares the controller with the issuer: a key whose
                // controller does not list it under `assertionMethod` gets no controller.
                let controller = match controller {
                    _ if bound => verified.issuer.clone(),
                    Some(c) if c != verified.issuer => c,
                    _ => String::new(),
                };
                let jwt_proof = JwtProof {
                    attempt,
                    window: (verified.claims.nbf, verified.claims.exp),
                    key: Some(VerifiedKey {
                        method: method.unwrap_or_else(|| "embedded jwk".to_owned()),
                        controller,
                        signs_rdf_dataset: false,
                    }),
                    failure: None,
                };
                self.checked(verified.credential, kind, image, Some(jwt_proof))
            }
            Err(e) => {
                let message = e.to_string();
                // The payload is shown for display only; nothing in it is trusted.
                let payload = unverified_jwt_payload(token, &self.verifier.options.json_limits);
                let failure = match &e {
                    JwtError::TokenTooLarge { .. } => None,
                    JwtError::Malformed { .. }
                    | JwtError::InvalidBase64 { .. }
                    | JwtError::InvalidJson { .. }
                    | JwtError::DuplicateKey { .. } => payload.is_some().then_some(Outcome::Forged),
                    JwtError::KeyResolution {
                        source: crate::keys::ResolveError::NotFound { .. },
                        ..
                    } => Some(Outcome::KeyUnavailable),
                    JwtError::InvalidSignature
                    | JwtError::AlgNone
                    | JwtError::HmacAlgorithm { .. }
                    | JwtError::KeyMismatch => Some(Outcome::Forged),
                    JwtError::KeyNotBoundToIssuer { .. } => Some(Outcome::UnboundKey),
                    JwtError::NotYetValid { .. } => Some(Outcome::NotYetValid),
                    JwtError::Expired { .. } => Some(Outcome::Expired),
                    _ => Some(Outcome::Invalid),
                };
                let Some(failure) = failure else {
                    return unreadable_report(
                        kind,
                        format!("the JWT cannot be read: {message}"),
                        Outcome::Unreadable,
                    );
                };
                let attempt = ProofAttempt {
                    suite: "VC-JWT".to_owned(),
                    pointer: String::new(),
                    verification_method: None,
                    controller: None,
                    verified: false,
                    skipped: false,
                    error: Some(message.clone()),
                };
                match payload {
                    Some(credential) => self.checked(
                        credential,
                        kind,
                        image,
                        Some(JwtProof {
                            attempt,
                            key: None,
                            window: (None, None),
                            failure: Some((failure, message)),
                        }),
                    ),
                    None => {
                        let mut report = unreadable_report(kind, message.clone(), failure);
                        report.proofs.push(attempt);
                        report.checks = vec![
                            Check {
                                code: CheckCode::Parse,
                                status: CheckStatus::Passed,
                                pointer: String::new(),
                                message: "compact JWT".to_owned(),
                            },
                            Check {
                                code: CheckCode::Proof,
                                status: CheckStatus::Failed,
                                pointer: String::new(),
                                message,
                            },
                        ];
                        report
                    }
                }
            }
        }
    }
}

/// The credential inside a JWT whose signature did not verify, for display only.
fn unverified_jwt_payload(token: &str, limits: &json::JsonLimits) -> Option<Value> {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let payload = token.trim().split('.').nth(1)?;
    let bytes = URL_SAFE_NO_PAD.decode(payload).ok()?;
    let mut value = json::parse(&bytes, limits).ok()?;
    if let Some(vc) = value.get_mut("vc") {
        value = vc.take();
    }
    value.is_object().then_some(value)
}

fn authorizes(resolver: &dyn crate::keys::Resolver, controller: &str, method: &str) -> bool {
    resolver
        .resolve_document(controller)
        .is_ok_and(|d| d.authorizes(crate::proof::ASSERTION_METHOD, method))
}
