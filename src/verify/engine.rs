//! The verification pipeline: every check of one credential, endorsements recursively.

use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;

use super::input::{self, Carried};
use super::report::{
    Check, CheckCode, CheckStatus, DisplayImage, DisplayView, InputKind, Outcome, ProofAttempt,
    VerificationReport,
};
use super::{ExpectedRecipient, Verifier};
use crate::json;
use crate::jsonld::{self, Processor};
use crate::model::IdentityObject;
use crate::proof::{self, ProofError, ProofSetPolicy};
use crate::status::{
    BitstringStatusListEntry, DecodedStatusList, RevocationList, StatusError, StatusPurpose,
};
use crate::validate;

/// The suites whose verification expands the document with the bundled contexts in safe mode.
const RDF_SUITES: [&str; 3] = ["eddsa-rdfc-2022", "Ed25519Signature2020", "eddsa-2022"];

/// What kind of credential a run verifies (which checks apply).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// The credential given to the verifier.
    Badge,
    /// An embedded endorsement.
    Endorsement,
    /// A status list credential, verified before it is trusted.
    StatusList,
}

/// A status list's checks before its validity window, or why it is not a credential.
type ListChecks = Result<Findings, String>;

/// A status list (or revocation list) registered with a [`Verifier`], with what checking it
/// costs cached: lists are shared by many credentials and rarely change.
pub(super) struct RegisteredStatusList {
    /// The document as registered.
    pub(super) value: Value,
    /// The checks before the validity window, and the `now` they were computed at.
    before_validity: Mutex<Option<(DateTime<Utc>, Arc<ListChecks>)>>,
    /// The decoded bitstring (decoding inflates the GZIP payload).
    decoded: OnceLock<Result<DecodedStatusList, StatusError>>,
}

impl RegisteredStatusList {
    pub(super) fn new(value: Value) -> Self {
        RegisteredStatusList {
            value,
            before_validity: Mutex::new(None),
            decoded: OnceLock::new(),
        }
    }

    /// Forgets the cached checks (the keys they resolved may have changed).
    pub(super) fn forget_checks(&mut self) {
        *self
            .before_validity
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner) = None;
    }

    fn decoded(&self) -> &Result<DecodedStatusList, StatusError> {
        self.decoded
            .get_or_init(|| DecodedStatusList::from_credential(&self.value))
    }

    /// The cached checks if they hold at `now`, else `compute()` (then cached).
    fn checks_before_validity(
        &self,
        now: DateTime<Utc>,
        compute: impl FnOnce() -> Result<Findings, String>,
    ) -> Arc<ListChecks> {
        let mut slot = self
            .before_validity
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some((at, cached)) = slot.as_ref() {
            if proof_times_agree(&self.value, *at, now) {
                return Arc::clone(cached);
            }
        }
        let fresh = Arc::new(compute());
        *slot = Some((now, Arc::clone(&fresh)));
        fresh
    }
}

/// Whether verifying `document`'s proofs at `a` and at `b` is bound to give the same result: the
/// only time-dependent proof checks are `created` (not after `now` plus a skew) and `expires`
/// (not before `now`), so the result carries over when every `created` is at or before both
/// instants and no proof has an `expires` (or the instants are equal).
fn proof_times_agree(document: &Value, a: DateTime<Utc>, b: DateTime<Utc>) -> bool {
    if a == b {
        return true;
    }
    let earliest = a.min(b);
    let proofs: &[Value] = match document.get("proof") {
        None => return true,
        Some(Value::Array(items)) => items,
        Some(single) => std::slice::from_ref(single),
    };
    proofs.iter().all(|proof| {
        proof.get("expires").is_none()
            && match proof.get("created").and_then(Value::as_str) {
                None => true,
                Some(text) => DateTime::parse_from_rfc3339(text)
                    .is_ok_and(|created| created.with_timezone(&Utc) <= earliest),
            }
    })
}

/// Checks and the outcomes their failures imply.
#[derive(Clone, Default)]
pub(super) struct Findings {
    checks: Vec<Check>,
    outcomes: Vec<Outcome>,
}

impl Findings {
    /// The worst outcome any failed check implies.
    fn outcome(&self) -> Outcome {
        self.outcomes
            .iter()
            .copied()
            .min()
            .unwrap_or(Outcome::Verified)
    }

    fn push(&mut self, code: CheckCode, status: CheckStatus, pointer: &str, message: String) {
        self.checks.push(Check {
            code,
            status,
            pointer: pointer.to_owned(),
            message,
        });
    }

    fn pass(&mut self, code: CheckCode, pointer: &str, message: impl Into<String>) {
        self.push(code, CheckStatus::Passed, pointer, message.into());
    }

    fn warn(&mut self, code: CheckCode, pointer: &str, message: impl Into<String>) {
        self.push(code, CheckStatus::Warning, pointer, message.into());
    }

    fn skip(&mut self, code: CheckCode, pointer: &str, message: impl Into<String>) {
        self.push(code, CheckStatus::Skipped, pointer, message.into());
    }

    fn fail(&mut self, code: CheckCode, pointer: &str, message: impl Into<String>, o: Outcome) {
        self.push(code, CheckStatus::Failed, pointer, message.into());
        self.outcomes.push(o);
    }

    /// A failure that the options may downgrade to a warning.
    fn fail_unless(
        &mut self,
        allowed: bool,
        code: CheckCode,
        pointer: &str,
        message: String,
        o: Outcome,
    ) {
        if allowed {
            self.warn(code, pointer, format!("{message} (allowed by the options)"));
        } else {
            self.fail(code, pointer, message, o);
        }
    }
}

/// A proof that verified, with the key it used.
struct Verified {
    method: String,
    controller: String,
}

/// One verification (of a badge and, recursively, of its endorsements and status lists).
pub(super) struct Run<'a> {
    verifier: &'a Verifier,
    now: DateTime<Utc>,
    depth: usize,
    role: Role,
}

impl<'a> Run<'a> {
    pub(super) fn new(verifier: &'a Verifier, now: DateTime<Utc>) -> Self {
        Run {
            verifier,
            now,
            depth: 0,
            role: Role::Badge,
        }
    }

    fn nested(&self, role: Role) -> Run<'a> {
        Run {
            verifier: self.verifier,
            now: self.now,
            depth: self.depth + 1,
            role,
        }
    }

    /// From bytes as received.
    pub(super) fn bytes(&self, bytes: &[u8]) -> VerificationReport {
        let options = &self.verifier.options;
        let read = match input::read(
            bytes,
            options.max_input_bytes,
            options.max_jwt_bytes,
            &options.unbake_limits,
        ) {
            Ok(read) => read,
            Err(e) => {
                let outcome = if e.not_a_badge {
                    Outcome::NotAnOpenBadge
                } else {
                    Outcome::Unreadable
                };
                return unreadable_report(e.kind, e.message, outcome);
            }
        };
        match read.carried {
            Carried::Json(text) => match json::parse(&text, &options.json_limits) {
                Ok(value) => self.json(value, read.kind, read.image),
                Err(e) => unreadable_report(
                    read.kind,
                    format!("the credential is not valid JSON: {e}"),
                    Outcome::Unreadable,
                ),
            },
            Carried::Jwt(token) => self.jwt(&token, read.kind, read.image),
        }
    }

    /// A compact JWS: verify it, then check the credential inside.
    #[cfg(feature = "jose")]
    fn jwt(&self, token: &str, kind: InputKind, image: Option<DisplayImage>) -> VerificationReport {
        use crate::jwt::{self, JwtError, KeySource};
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
                    key: Some(Verified {
                        method: method.unwrap_or_else(|| "embedded jwk".to_owned()),
                        controller,
                    }),
                    failure: None,
                };
                self.checked(verified.credential, kind, image, Some(jwt_proof))
            }
            Err(e) => {
                let message = e.to_string();
                let failure = match &e {
                    JwtError::TokenTooLarge { .. }
                    | JwtError::Malformed { .. }
                    | JwtError::InvalidBase64 { .. }
                    | JwtError::InvalidJson { .. }
                    | JwtError::DuplicateKey { .. } => {
                        return unreadable_report(
                            kind,
                            format!("the JWT cannot be read: {message}"),
                            Outcome::Unreadable,
                        );
                    }
                    JwtError::KeyResolution {
                        source: crate::keys::ResolveError::NotFound { .. },
                        ..
                    } => Outcome::KeyUnavailable,
                    JwtError::InvalidSignature => Outcome::Forged,
                    JwtError::KeyNotBoundToIssuer { .. } => Outcome::UnboundKey,
                    _ => Outcome::Invalid,
                };
                let attempt = ProofAttempt {
                    suite: "VC-JWT".to_owned(),
                    pointer: String::new(),
                    verification_method: None,
                    controller: None,
                    verified: false,
                    error: Some(message.clone()),
                };
                // The payload is shown for display only; nothing in it is trusted.
                let payload = unverified_jwt_payload(token, &self.verifier.options.json_limits);
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

    #[cfg(not(feature = "jose"))]
    fn jwt(&self, _: &str, kind: InputKind, _: Option<DisplayImage>) -> VerificationReport {
        unreadable_report(
            kind,
            "VC-JWT support is not compiled in (feature `jose`)".to_owned(),
            Outcome::Invalid,
        )
    }

    /// From parsed JSON.
    pub(super) fn json(
        &self,
        value: Value,
        kind: InputKind,
        image: Option<DisplayImage>,
    ) -> VerificationReport {
        self.checked(value, kind, image, None)
    }

    fn checked(
        &self,
        credential: Value,
        kind: InputKind,
        image: Option<DisplayImage>,
        jwt: Option<JwtProof>,
    ) -> VerificationReport {
        let jwt_window = jwt.as_ref().map_or((None, None), |j| j.window);
        let (mut f, proofs) = match self.before_validity(&credential, kind, jwt) {
            Ok(found) => found,
            Err(message) => return unreadable_report(kind, message, Outcome::NotAnOpenBadge),
        };
        self.validity(&credential, jwt_window, &mut f);
        if self.role != Role::StatusList {
            self.status(&credential, &mut f);
        }
        let endorsements = if self.role == Role::StatusList {
            Vec::new()
        } else {
            self.endorsements(&credential, &mut f)
        };
        if self.role == Role::Badge {
            self.recipient(&credential, &mut f);
        }
        let outcome = f.outcome();
        let display = Some(display(&credential, image, outcome));
        VerificationReport {
            outcome,
            verified: outcome == Outcome::Verified,
            summary: summary(outcome, &f.checks),
            input: kind,
            checks: f.checks,
            proofs,
            endorsements,
            display,
            credential: Some(credential),
        }
    }

    /// The checks that come before the validity window (parse, contexts, spec, proofs, issuer
    /// binding); `Err` with the reason when the JSON is not a credential of this run's role.
    fn before_validity(
        &self,
        credential: &Value,
        kind: InputKind,
        jwt: Option<JwtProof>,
    ) -> Result<(Findings, Vec<ProofAttempt>), String> {
        let mut f = Findings::default();
        self.is_credential(credential)?;
        f.pass(
            CheckCode::Parse,
            "",
            format!("{} read; it is a verifiable credential", kind_name(kind)),
        );
        // Proofs run first (their checks are reported after SPEC): when every proof is an RDF
        // suite that verified, the document already expanded cleanly in safe mode, so the
        // CONTEXTS check need not expand it again.
        let mut proof_findings = Findings::default();
        let (proofs, verified) = self.proofs(credential, jwt, &mut proof_findings);
        let expanded_by_proofs = !proofs.is_empty()
            && proofs
                .iter()
                .all(|p| p.verified && RDF_SUITES.contains(&p.suite.as_str()));
        if expanded_by_proofs {
            f.pass(
                CheckCode::Contexts,
                "/@context",
                "every context is a known, bundled context; safe-mode expansion is clean",
            );
        } else {
            self.contexts(credential, &mut f);
        }
        if self.role != Role::StatusList {
            spec(credential, &mut f);
        }
        f.checks.append(&mut proof_findings.checks);
        f.outcomes.append(&mut proof_findings.outcomes);
        self.binding(
            credential,
            &verified,
            !proofs.iter().any(|p| p.verified),
            &mut f,
        );
        Ok((f, proofs))
    }

    /// A registered status list's outcome and summary, exactly as a full check of it would
    /// report them. Everything but the validity window is computed once per verifier (and
    /// reused while `now` cannot change the proofs' outcome); the window is checked every time.
    fn status_list_trust(&self, list: &RegisteredStatusList) -> (Outcome, String) {
        let run = self.nested(Role::StatusList);
        let base = list.checks_before_validity(self.now, || {
            run.before_validity(&list.value, InputKind::Json, None)
                .map(|(f, _)| f)
        });
        match &*base {
            Err(message) => {
                let report =
                    unreadable_report(InputKind::Json, message.clone(), Outcome::NotAnOpenBadge);
                (report.outcome, report.summary)
            }
            Ok(cached) => {
                let mut f = cached.clone();
                run.validity(&list.value, (None, None), &mut f);
                let outcome = f.outcome();
                (outcome, summary(outcome, &f.checks))
            }
        }
    }

    fn is_credential(&self, credential: &Value) -> Result<(), String> {
        if !credential.is_object() {
            return Err("the JSON is not an object".to_owned());
        }
        let types = strings(credential.get("type"));
        if !types.contains(&"VerifiableCredential") {
            return Err("`type` does not include VerifiableCredential".to_owned());
        }
        let wanted: &[&str] = match self.role {
            Role::Badge => &[
                "OpenBadgeCredential",
                "AchievementCredential",
                "EndorsementCredential",
            ],
            Role::Endorsement => &["EndorsementCredential"],
            Role::StatusList => return Ok(()),
        };
        if types.iter().any(|t| wanted.contains(t)) {
            Ok(())
        } else {
            Err(format!("`type` includes none of {}", wanted.join(", ")))
        }
    }

    fn contexts(&self, credential: &Value, f: &mut Findings) {
        match Processor::bundled().expand(credential, &jsonld::Options::default()) {
            Ok(_) => f.pass(
                CheckCode::Contexts,
                "/@context",
                "every context is a known, bundled context; safe-mode expansion is clean",
            ),
            Err(e) => {
                let pointer = e.pointer().unwrap_or("/@context").to_owned();
                let message = if e.kind() == jsonld::ErrorCode::LoadingRemoteContextFailed
                    || e.kind() == jsonld::ErrorCode::LoadingDocumentFailed
                {
                    format!("unknown JSON-LD context (only bundled contexts are used offline): {e}")
                } else {
                    format!("JSON-LD processing (safe mode) failed: {e}")
                };
                f.fail(CheckCode::Contexts, &pointer, message, Outcome::Invalid);
            }
        }
    }

    /// Tries every proof; any one that verifies suffices.
    fn proofs(
        &self,
        credential: &Value,
        jwt: Option<JwtProof>,
        f: &mut Findings,
    ) -> (Vec<ProofAttempt>, Vec<Verified>) {
        let mut attempts = Vec::new();
        let mut verified = Vec::new();
        let mut failures: Vec<(Outcome, String)> = Vec::new();
        if let Some(jwt) = jwt {
            if let Some(key) = jwt.key {
                verified.push(key);
            }
            if let Some(failure) = jwt.failure {
                failures.push(failure);
            }
            attempts.push(jwt.attempt);
        }
        if credential.get("proof").is_some() {
            let resolver = self.verifier.resolver();
            let mut options = proof::VerifyOptions::new(self.now);
            options.policy = ProofSetPolicy::Any;
            options.require_created = false;
            match proof::verify_each(credential, &proof::standard_suites(), &resolver, &options) {
                Ok(outcomes) => {
                    let many = outcomes.len() > 1
                        || matches!(credential.get("proof"), Some(Value::Array(_)));
                    for o in outcomes {
                        let pointer = if many {
                            format!("/proof/{}", o.index)
                        } else {
                            "/proof".to_owned()
                        };
                        let suite = suite_name(&o.proof);
                        let method = method_id(&o.proof);
                        match o.result {
                            Ok(method) => {
                                verified.push(Verified {
                                    method: method.id.clone(),
                                    controller: method.controller.clone(),
                                });
                                attempts.push(ProofAttempt {
                                    suite,
                                    pointer,
                                    verification_method: Some(method.id),
                                    controller: Some(method.controller),
                                    verified: true,
                                    error: None,
                                });
                            }
                            Err(e) => {
                                failures.push((proof_failure(&e), format!("{pointer}: {e}")));
                                attempts.push(ProofAttempt {
                                    suite,
                                    pointer,
                                    verification_method: method,
                                    controller: None,
                                    verified: false,
                                    error: Some(e.to_string()),
                                });
                            }
                        }
                    }
                }
                Err(e) => failures.push((proof_failure(&e), format!("/proof: {e}"))),
            }
        }
        if attempts.iter().any(|a| a.verified) {
            let used: Vec<&str> = attempts
                .iter()
                .filter(|a| a.verified)
                .map(|a| a.suite.as_str())
                .collect();
            f.pass(
                CheckCode::Proof,
                "/proof",
                format!("signature valid ({})", used.join(", ")),
            );
        } else if attempts.is_empty() && failures.is_empty() {
            f.fail(
                CheckCode::Proof,
                "/proof",
                "the credential has no proof: nothing shows who issued it or that it is unaltered",
                Outcome::Forged,
            );
        } else {
            let outcome = failures
                .iter()
                .map(|(o, _)| *o)
                .min()
                .unwrap_or(Outcome::Forged);
            let reasons: Vec<&str> = failures.iter().map(|(_, m)| m.as_str()).collect();
            let lead = match outcome {
                Outcome::Forged => "no proof verifies; the credential was forged or altered",
                Outcome::KeyUnavailable => {
                    "the issuer's key is not available offline (supply its DID or key document)"
                }
                Outcome::UnboundKey => "the signing key is not authorized by its controller",
                _ => "no proof could be checked",
            };
            f.fail(
                CheckCode::Proof,
                "/proof",
                format!("{lead}: {}", reasons.join("; ")),
                outcome,
            );
        }
        (attempts, verified)
    }

    fn binding(&self, credential: &Value, verified: &[Verified], none: bool, f: &mut Findings) {
        if none {
            f.skip(CheckCode::IssuerBinding, "/issuer", "no proof verified");
            return;
        }
        let issuer = issuer_id(credential).unwrap_or_default();
        if verified.iter().any(|v| v.controller == issuer) {
            f.pass(
                CheckCode::IssuerBinding,
                "/issuer",
                format!("signed with an assertion key of the issuer `{issuer}`"),
            );
            return;
        }
        let keys: Vec<String> = verified
            .iter()
            .map(|v| {
                if v.controller.is_empty() {
                    format!("`{}` (self-asserted)", v.method)
                } else {
                    format!("`{}` controlled by `{}`", v.method, v.controller)
                }
            })
            .collect();
        f.fail_unless(
            self.verifier.options.allow_unbound_key,
            CheckCode::IssuerBinding,
            "/issuer",
            format!(
                "the signature is valid, but the key {} is not the issuer's (`{issuer}`)",
                keys.join(", ")
            ),
            Outcome::UnboundKey,
        );
    }

    /// `jwt_window`: the VC-JWT's `nbf`/`exp`, for a credential without its own dates.
    fn validity(
        &self,
        credential: &Value,
        jwt_window: (Option<i64>, Option<i64>),
        f: &mut Findings,
    ) {
        let skew = Duration::seconds(i64::from(self.verifier.options.clock_skew_seconds));
        let claim = |name: &'static str, seconds: Option<i64>| {
            let instant = DateTime::<Utc>::from_timestamp(seconds?, 0)?;
            Some((
                name,
                instant.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            ))
        };
        let owned = |(name, text): (&'static str, &str)| (name, text.to_owned());
        let from = date_field(credential, &["validFrom", "issuanceDate"])
            .map(owned)
            .or_else(|| claim("nbf", jwt_window.0));
        let until = date_field(credential, &["validUntil", "expirationDate"])
            .map(owned)
            .or_else(|| claim("exp", jwt_window.1));
        let mut ok = true;
        for (found, late) in [(&from, false), (&until, true)] {
            let Some((name, text)) = found else { continue };
            let pointer = match *name {
                "nbf" | "exp" => String::new(),
                name => format!("/{name}"),
            };
            let instant = match DateTime::parse_from_rfc3339(text) {
                Ok(instant) => instant.with_timezone(&Utc),
                Err(e) => {
                    ok = false;
                    f.fail(
                        CheckCode::Validity,
                        &pointer,
                        format!("`{name}` is not an RFC 3339 date-time: {e}"),
                        Outcome::Invalid,
                    );
                    continue;
                }
            };
            if late && self.now - skew > instant {
                ok = false;
                f.fail(
                    CheckCode::Validity,
                    &pointer,
                    format!(
                        "expired on {text} (checked at {})",
                        self.now
                            .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
                    ),
                    Outcome::Expired,
                );
            } else if !late && self.now + skew < instant {
                ok = false;
                f.fail(
                    CheckCode::Validity,
                    &pointer,
                    format!(
                        "not valid until {text} (checked at {})",
                        self.now
                            .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
                    ),
                    Outcome::NotYetValid,
                );
            }
        }
        if ok {
            let window = match (&from, &until) {
                (None, None) => "no validity dates".to_owned(),
                (Some((_, a)), None) => format!("valid from {a}"),
                (None, Some((_, b))) => format!("valid until {b}"),
                (Some((_, a)), Some((_, b))) => format!("valid from {a} until {b}"),
            };
            f.pass(
                CheckCode::Validity,
                "",
                format!(
                    "{window}; checked at {}",
                    self.now
                        .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
                ),
            );
        }
    }

    fn status(&self, credential: &Value, f: &mut Findings) {
        let entries: Vec<(String, &Value)> = match credential.get("credentialStatus") {
            None => {
                f.skip(
                    CheckCode::Status,
                    "",
                    "the credential has no credentialStatus",
                );
                return;
            }
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("/credentialStatus/{i}"), v))
                .collect(),
            Some(single) => vec![("/credentialStatus".to_owned(), single)],
        };
        let allow = self.verifier.options.allow_unchecked_status;
        for (pointer, entry) in entries {
            let types = strings(entry.get("type"));
            if types.contains(&"1EdTechRevocationList") {
                self.revocation_list(credential, entry, &pointer, f);
                continue;
            }
            let parsed = match BitstringStatusListEntry::from_value(entry) {
                Ok(parsed) => parsed,
                Err(e) => {
                    f.fail_unless(
                        allow,
                        CheckCode::Status,
                        &pointer,
                        format!("status entry cannot be checked: {e}"),
                        Outcome::StatusUnavailable,
                    );
                    continue;
                }
            };
            let url = &parsed.list_credential;
            let Some(registered) = self.verifier.status_lists.get(url) else {
                f.fail_unless(
                    allow,
                    CheckCode::Status,
                    &pointer,
                    format!(
                        "status list `{url}` was not supplied, so revocation cannot be checked offline (supply the list, or allow unchecked status)"
                    ),
                    Outcome::StatusUnavailable,
                );
                continue;
            };
            if self.depth >= 4 {
                f.fail_unless(
                    allow,
                    CheckCode::Status,
                    &pointer,
                    "status lists nested too deeply".to_owned(),
                    Outcome::StatusUnavailable,
                );
                continue;
            }
            let (list_outcome, list_summary) = self.status_list_trust(registered);
            if list_outcome != Outcome::Verified {
                f.fail_unless(
                    allow,
                    CheckCode::Status,
                    &pointer,
                    format!(
                        "status list credential `{url}` is not trustworthy ({}): {list_summary}",
                        list_outcome.describe(),
                    ),
                    Outcome::StatusUnavailable,
                );
                continue;
            }
            let list = &registered.value;
            let list_issuer = issuer_id(list);
            if list_issuer != issuer_id(credential) {
                f.warn(
                    CheckCode::Status,
                    &pointer,
                    format!(
                        "status list `{url}` was issued by `{}`, not by the credential's issuer",
                        list_issuer.unwrap_or_default()
                    ),
                );
            }
            if list.get("id").and_then(Value::as_str) != Some(url.as_str()) {
                f.warn(
                    CheckCode::Status,
                    &pointer,
                    format!("the status list credential's `id` is not `{url}`"),
                );
            }
            let status = registered
                .decoded()
                .as_ref()
                .map_err(Clone::clone)
                .and_then(|d| d.status_of(&parsed));
            match status {
                Err(e) => f.fail_unless(
                    allow,
                    CheckCode::Status,
                    &pointer,
                    format!("status list `{url}` cannot be read: {e}"),
                    Outcome::StatusUnavailable,
                ),
                Ok(value) if value.is_set() => match value.purpose {
                    StatusPurpose::Revocation => f.fail(
                        CheckCode::Status,
                        &pointer,
                        format!("revoked (status list `{url}`, index {})", parsed.index),
                        Outcome::Revoked,
                    ),
                    StatusPurpose::Suspension => f.fail(
                        CheckCode::Status,
                        &pointer,
                        format!("suspended (status list `{url}`, index {})", parsed.index),
                        Outcome::Suspended,
                    ),
                    other => f.warn(
                        CheckCode::Status,
                        &pointer,
                        format!(
                            "status `{}` is {}{}",
                            other.as_str(),
                            value.value,
                            value.message.map(|m| format!(": {m}")).unwrap_or_default()
                        ),
                    ),
                },
                Ok(value) => f.pass(
                    CheckCode::Status,
                    &pointer,
                    format!(
                        "not {} (status list `{url}`, verified)",
                        match value.purpose {
                            StatusPurpose::Revocation => "revoked",
                            StatusPurpose::Suspension => "suspended",
                            _ => "flagged",
                        }
                    ),
                ),
            }
        }
    }

    fn revocation_list(&self, credential: &Value, entry: &Value, pointer: &str, f: &mut Findings) {
        let allow = self.verifier.options.allow_unchecked_status;
        let Some(url) = entry.get("id").and_then(Value::as_str) else {
            f.fail_unless(
                allow,
                CheckCode::Status,
                pointer,
                "1EdTechRevocationList entry has no `id` URL".to_owned(),
                Outcome::StatusUnavailable,
            );
            return;
        };
        let Some(document) = self.verifier.status_lists.get(url).map(|r| &r.value) else {
            f.fail_unless(
                allow,
                CheckCode::Status,
                pointer,
                format!(
                    "revocation list `{url}` was not supplied, so revocation cannot be checked offline (supply the list, or allow unchecked status)"
                ),
                Outcome::StatusUnavailable,
            );
            return;
        };
        let list = match RevocationList::from_value(document) {
            Ok(list) => list,
            Err(e) => {
                f.fail_unless(
                    allow,
                    CheckCode::Status,
                    pointer,
                    format!("revocation list `{url}` cannot be read: {e}"),
                    Outcome::StatusUnavailable,
                );
                return;
            }
        };
        let Some(id) = credential.get("id").and_then(Value::as_str) else {
            f.fail_unless(
                allow,
                CheckCode::Status,
                pointer,
                "the credential has no `id` to look up in the revocation list".to_owned(),
                Outcome::StatusUnavailable,
            );
            return;
        };
        match list.revocation(id) {
            Some(revoked) => f.fail(
                CheckCode::Status,
                pointer,
                format!(
                    "revoked (1EdTechRevocationList `{url}`){}",
                    revoked
                        .reason
                        .as_deref()
                        .map(|r| format!(": {r}"))
                        .unwrap_or_default()
                ),
                Outcome::Revoked,
            ),
            None => f.pass(
                CheckCode::Status,
                pointer,
                format!("not revoked (1EdTechRevocationList `{url}`)"),
            ),
        }
    }

    fn endorsements(&self, credential: &Value, f: &mut Findings) -> Vec<VerificationReport> {
        let mut found = Vec::new();
        collect_endorsements(credential, &mut String::new(), &mut found, 0);
        let options = &self.verifier.options;
        let mut reports = Vec::new();
        for (i, (pointer, endorsement)) in found.into_iter().enumerate() {
            if self.depth >= options.max_endorsement_depth {
                f.skip(
                    CheckCode::Endorsement,
                    &pointer,
                    "endorsement not verified: endorsement depth limit reached",
                );
                continue;
            }
            if i >= options.max_endorsements {
                f.skip(
                    CheckCode::Endorsement,
                    &pointer,
                    "endorsement not verified: too many endorsements",
                );
                continue;
            }
            let run = self.nested(Role::Endorsement);
            let report = match endorsement {
                Value::String(token) => run.jwt(token, InputKind::Jwt, None),
                other => run.json(other.clone(), InputKind::Json, None),
            };
            let endorser = report
                .display()
                .and_then(|d| d.issuer_name.clone().or(d.issuer_id.clone()))
                .unwrap_or_else(|| "unknown endorser".to_owned());
            if report.is_verified() {
                f.pass(
                    CheckCode::Endorsement,
                    &pointer,
                    format!("endorsement by {endorser} verified"),
                );
            } else {
                f.warn(
                    CheckCode::Endorsement,
                    &pointer,
                    format!(
                        "endorsement by {endorser} does not verify ({}): {}",
                        report.outcome().describe(),
                        report.summary()
                    ),
                );
            }
            reports.push(report);
        }
        reports
    }

    fn recipient(&self, credential: &Value, f: &mut Findings) {
        let Some(expected) = &self.verifier.options.expected_recipient else {
            f.skip(
                CheckCode::Recipient,
                "/credentialSubject",
                "no recipient to compare",
            );
            return;
        };
        let subject = credential.get("credentialSubject");
        let matched = match expected {
            ExpectedRecipient::Id(id) => {
                subject.and_then(|s| s.get("id")).and_then(Value::as_str) == Some(id.as_str())
            }
            ExpectedRecipient::Email(email) => subject
                .and_then(|s| s.get("identifier"))
                .map(|ids| {
                    let items: &[Value] = match ids {
                        Value::Array(items) => items,
                        single => std::slice::from_ref(single),
                    };
                    items.iter().any(|item| {
                        item.get("identityType").and_then(Value::as_str) == Some("emailAddress")
                            && serde_json::from_value::<IdentityObject>(item.clone())
                                .is_ok_and(|identity| identity.matches(email))
                    })
                })
                .unwrap_or(false),
        };
        let who = match expected {
            ExpectedRecipient::Id(id) => format!("`{id}`"),
            ExpectedRecipient::Email(email) => format!("email `{email}`"),
        };
        if matched {
            f.pass(
                CheckCode::Recipient,
                "/credentialSubject",
                format!("issued to {who}"),
            );
        } else {
            f.fail(
                CheckCode::Recipient,
                "/credentialSubject",
                format!("not issued to {who}"),
                Outcome::RecipientMismatch,
            );
        }
    }
}

/// The VC-JWT part of a proof check.
struct JwtProof {
    attempt: ProofAttempt,
    /// The token's `nbf` and `exp` claims (seconds since the epoch), used when the credential
    /// itself states no validity dates.
    window: (Option<i64>, Option<i64>),
    /// The key that verified the token (controller empty unless it is bound to a controller).
    key: Option<Verified>,
    failure: Option<(Outcome, String)>,
}

/// The credential inside a JWT whose signature did not verify, for display only.
#[cfg(feature = "jose")]
fn unverified_jwt_payload(token: &str, limits: &json::JsonLimits) -> Option<Value> {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let payload = token.split('.').nth(1)?;
    let bytes = URL_SAFE_NO_PAD.decode(payload).ok()?;
    let mut value = json::parse(&bytes, limits).ok()?;
    if let Some(vc) = value.get_mut("vc") {
        value = vc.take();
    }
    value.is_object().then_some(value)
}

#[cfg(feature = "jose")]
fn authorizes(resolver: &dyn crate::keys::Resolver, controller: &str, method: &str) -> bool {
    resolver
        .resolve_document(controller)
        .is_ok_and(|d| d.authorizes(proof::ASSERTION_METHOD, method))
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
        ProofError::MethodNotAuthorized { .. } | ProofError::Resolution(_) => Outcome::UnboundKey,
        _ => Outcome::Invalid,
    }
}

fn spec(credential: &Value, f: &mut Findings) {
    let report = validate::credential(credential);
    let mut errors = 0;
    for problem in report.problems() {
        let message = format!("{}: {}", problem.code.as_str(), problem.message);
        match problem.severity {
            validate::Severity::Error => {
                errors += 1;
                f.fail(CheckCode::Spec, &problem.pointer, message, Outcome::Invalid);
            }
            _ => f.warn(CheckCode::Spec, &problem.pointer, message),
        }
    }
    if errors == 0 {
        f.pass(
            CheckCode::Spec,
            "",
            "meets the Open Badges 3.0 data model rules",
        );
    }
}

/// Embedded endorsements anywhere in the credential (`endorsement` objects, `endorsementJwt`
/// strings), not descending into the endorsements themselves or proofs.
fn collect_endorsements<'v>(
    value: &'v Value,
    pointer: &mut String,
    found: &mut Vec<(String, &'v Value)>,
    depth: usize,
) {
    // Bounded by the JSON depth limit already; this guard keeps the walk shallow regardless.
    if depth > 64 {
        return;
    }
    match value {
        Value::Object(object) => {
            for (key, child) in object {
                let mark = pointer.len();
                json::push_pointer_token(pointer, key);
                match (key.as_str(), child) {
                    ("proof", _) => {}
                    ("endorsement", Value::Array(items)) => {
                        for (i, item) in items.iter().enumerate() {
                            found.push((format!("{pointer}/{i}"), item));
                        }
                    }
                    ("endorsement", Value::Object(_)) => found.push((pointer.clone(), child)),
                    ("endorsementJwt", Value::Array(items)) => {
                        for (i, item) in items.iter().enumerate() {
                            found.push((format!("{pointer}/{i}"), item));
                        }
                    }
                    ("endorsementJwt", Value::String(_)) => found.push((pointer.clone(), child)),
                    _ => collect_endorsements(child, pointer, found, depth + 1),
                }
                pointer.truncate(mark);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let mark = pointer.len();
                pointer.push('/');
                pointer.push_str(&i.to_string());
                collect_endorsements(item, pointer, found, depth + 1);
                pointer.truncate(mark);
            }
        }
        _ => {}
    }
}

fn unreadable_report(kind: InputKind, message: String, outcome: Outcome) -> VerificationReport {
    let checks = vec![Check {
        code: CheckCode::Parse,
        status: CheckStatus::Failed,
        pointer: String::new(),
        message: message.clone(),
    }];
    VerificationReport {
        outcome,
        verified: false,
        summary: format!("{}: {message}", outcome.describe()),
        input: kind,
        checks,
        proofs: Vec::new(),
        endorsements: Vec::new(),
        display: None,
        credential: None,
    }
}

fn summary(outcome: Outcome, checks: &[Check]) -> String {
    match checks.iter().find(|c| c.status == CheckStatus::Failed) {
        Some(check) if outcome != Outcome::Verified => {
            format!(
                "{} ({}: {})",
                outcome.describe(),
                check.code.as_str(),
                check.message
            )
        }
        _ => outcome.describe().to_owned(),
    }
}

fn kind_name(kind: InputKind) -> &'static str {
    match kind {
        InputKind::Json => "credential JSON",
        InputKind::Jwt => "compact JWT",
        InputKind::Png => "baked PNG",
        InputKind::Svg => "baked SVG",
        InputKind::Unknown => "input",
    }
}

/// The strings of a one-or-many JSON value.
fn strings(value: Option<&Value>) -> Vec<&str> {
    match value {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn issuer_id(credential: &Value) -> Option<String> {
    match credential.get("issuer")? {
        Value::String(id) => Some(id.clone()),
        Value::Object(profile) => profile.get("id")?.as_str().map(str::to_owned),
        _ => None,
    }
}

fn date_field<'v>(
    credential: &'v Value,
    names: &[&'static str],
) -> Option<(&'static str, &'v str)> {
    names
        .iter()
        .find_map(|name| Some((*name, credential.get(*name)?.as_str()?)))
}

fn suite_name(proof: &Value) -> String {
    proof
        .get("cryptosuite")
        .or_else(|| proof.get("type"))
        .and_then(Value::as_str)
        .unwrap_or("unknown")
        .to_owned()
}

fn method_id(proof: &Value) -> Option<String> {
    match proof.get("verificationMethod")? {
        Value::String(id) => Some(id.clone()),
        Value::Object(method) => method.get("id")?.as_str().map(str::to_owned),
        _ => None,
    }
}

/// Text of a one-language or language-map string.
fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Object(map) => map.values().find_map(|v| v.as_str().map(str::to_owned)),
        _ => None,
    }
}

fn image_url(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(url) => Some(url.clone()),
        Value::Object(image) => image.get("id")?.as_str().map(str::to_owned),
        _ => None,
    }
}

fn display(credential: &Value, image: Option<DisplayImage>, outcome: Outcome) -> DisplayView {
    let subject = credential.get("credentialSubject");
    let achievement = subject.and_then(|s| s.get("achievement"));
    let image = image.or_else(|| {
        image_url(achievement.and_then(|a| a.get("image")))
            .or_else(|| image_url(credential.get("image")))
            .map(|url| DisplayImage::Url { url })
    });
    let issuer = credential.get("issuer");
    DisplayView {
        image,
        achievement_name: text(achievement.and_then(|a| a.get("name")))
            .or_else(|| text(credential.get("name"))),
        achievement_description: text(achievement.and_then(|a| a.get("description")))
            .or_else(|| text(credential.get("description"))),
        issuer_name: text(issuer.and_then(|i| i.get("name"))),
        issuer_id: issuer_id(credential),
        issued: date_field(credential, &["validFrom", "issuanceDate", "awardedDate"])
            .map(|(_, d)| d.to_owned()),
        expires: date_field(credential, &["validUntil", "expirationDate"])
            .map(|(_, d)| d.to_owned()),
        status: outcome,
        status_text: outcome.describe().to_owned(),
    }
}
