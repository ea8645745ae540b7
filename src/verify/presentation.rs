//! Verifying what a holder presents: a `VerifiablePresentation` (Data Integrity proof or VP-JWT)
//! or an Open Badges API `GetOpenBadgeCredentialsResponse`.
//!
//! [`Verifier::verify_presentation`] checks the holder's proof (purpose `authentication`, the
//! verifier's `challenge` and `domain`), that the key is the holder's, then verifies every
//! presented credential with [`Verifier::verify`] / [`Verifier::verify_json`] (the very same
//! checks a single badge gets) and reports whether each credential's subject is the holder.
//! [`classify`] tells a presentation or an API response from a single credential, so a caller
//! (the `openbadges verify` command) can route any input.

use serde::Serialize;
use serde_json::{Map, Value};

use super::{CheckStatus, VerificationReport, Verifier};
use crate::json;
use crate::present::AUTHENTICATION;
use crate::proof::{self, ProofSetPolicy};
use crate::validate;

/// What the verifier asked the holder for. A challenge or domain set here is required: a
/// presentation without it (or with another) does not verify.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PresentationOptions {
    /// The challenge (nonce) the verifier issued for this request.
    pub challenge: Option<String>,
    /// The verifier's domain.
    pub domain: Option<String>,
}

impl PresentationOptions {
    /// Expects neither a challenge nor a domain (replay is then possible: set both when the
    /// presentation answers a request).
    pub fn new() -> Self {
        Self::default()
    }

    /// Requires `challenge`.
    pub fn challenge(mut self, challenge: impl Into<String>) -> Self {
        self.challenge = Some(challenge.into());
        self
    }

    /// Requires `domain`.
    pub fn domain(mut self, domain: impl Into<String>) -> Self {
        self.domain = Some(domain.into());
        self
    }
}

/// What a submission is, before verifying it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum Submission {
    /// A single credential (JSON, VC-JWT or baked image), or anything else: [`Verifier::verify`].
    Credential,
    /// A verifiable presentation, as JSON or as a VP-JWT.
    Presentation,
    /// An Open Badges API `GetOpenBadgeCredentialsResponse`
    /// (`{"compactJwsStrings": [...], "credential": [...]}`).
    CredentialsResponse,
}

/// Tells a presentation or an API response from a single credential, cheaply (no signature is
/// checked): a JSON object typed `VerifiablePresentation`, or with `compactJwsStrings` /
/// `credential` arrays and no `type`; a compact JWT whose payload is such a presentation (or has a
/// `vp` claim). Everything else is a [`Submission::Credential`].
pub fn classify(bytes: &[u8]) -> Submission {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Submission::Credential;
    };
    let text = text.trim();
    if text.starts_with('{') {
        return json::parse(text.as_bytes(), &json::JsonLimits::default())
            .map_or(Submission::Credential, |value| classify_json(&value));
    }
    match jwt_payload(text) {
        Some(payload) if payload.contains_key("vp") => Submission::Presentation,
        Some(payload) => classify_json(&Value::Object(payload)),
        None => Submission::Credential,
    }
}

/// [`classify`] for parsed JSON.
pub fn classify_json(value: &Value) -> Submission {
    let Some(object) = value.as_object() else {
        return Submission::Credential;
    };
    let is_array = |key: &str| object.get(key).is_some_and(Value::is_array);
    super::entries::classify_members(
        object.get("type"),
        is_array("compactJwsStrings"),
        is_array("credential"),
    )
}

/// The payload of a compact JWS, unverified (for classification only).
fn jwt_payload(text: &str) -> Option<Map<String, Value>> {
    use base64::Engine as _;
    let mut parts = text.split('.');
    let (_, payload, _, None) = (parts.next()?, parts.next()?, parts.next()?, parts.next()) else {
        return None;
    };
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .ok()?;
    match json::parse(&bytes, &json::JsonLimits::default()).ok()? {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

/// How the presentation was secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum PresentationFormat {
    /// JSON with a Data Integrity proof (or none).
    DataIntegrity,
    /// A VP-JWT.
    Jwt,
    /// An Open Badges API response: credentials without a holder's proof.
    CredentialsResponse,
    /// Not read.
    Unknown,
}

/// The presentation's own checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum PresentationCheckCode {
    /// Readable, and a presentation.
    Parse,
    /// The VC data-model rules for presentations ([`crate::validate::presentation`]).
    Spec,
    /// The holder's proof verifies, with proof purpose `authentication`.
    HolderProof,
    /// It answers the verifier's challenge.
    Challenge,
    /// It is for the verifier's domain.
    Domain,
    /// The proof's key is controlled by the `holder`.
    HolderBinding,
    /// Every presented credential verifies.
    Credentials,
    /// Each credential's subject is the holder (when the subject has an id).
    SubjectBinding,
}

/// One presentation-level check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PresentationCheck {
    /// Which check.
    pub code: PresentationCheckCode,
    /// How it ended.
    pub status: CheckStatus,
    /// JSON Pointer into the presentation.
    pub pointer: String,
    /// What was found.
    pub message: String,
}

/// The verdict on a presentation, in precedence order (the first that applies is reported).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum PresentationOutcome {
    /// Not JSON, not a JWT, too large.
    Unreadable,
    /// Readable, but neither a presentation nor an API response.
    NotAPresentation,
    /// The holder's proof is missing, does not verify (tampered, another key, `alg: none`), or
    /// has another purpose than `authentication`.
    Forged,
    /// The proof's key could not be resolved offline.
    KeyUnavailable,
    /// It does not answer the verifier's challenge (missing or another one): a replay.
    WrongChallenge,
    /// It is not for the verifier's domain.
    WrongDomain,
    /// The proof is valid, but the key is not the holder's.
    UnboundHolder,
    /// In strict mode: the presentation breaks the VC data model.
    Invalid,
    /// At least one presented credential does not verify (its report says why).
    CredentialNotVerified,
    /// A credential's subject is someone other than the holder.
    SubjectNotHolder,
    /// The holder's proof and every credential verified.
    Verified,
}

/// One presented credential: where it sat, its full verification report, and whether its subject
/// is the holder.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct PresentedCredentialReport {
    /// JSON Pointer of the entry in the presentation (`/verifiableCredential/0`, or
    /// `/compactJwsStrings/1` in an API response).
    pub pointer: String,
    /// The subject ids the credential names (empty when none has an id).
    pub subjects: Vec<String>,
    /// `Some(true)` when a subject id is the holder, `Some(false)` when none is, `None` when
    /// the subject has no id or there is no holder.
    pub bound_to_holder: Option<bool>,
    /// The credential's own verification, exactly as [`Verifier::verify`] reports it.
    pub report: VerificationReport,
}

/// Everything the verifier found about a presentation. Serializes to JSON (`to_json`).
#[must_use]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PresentationReport {
    outcome: PresentationOutcome,
    verified: bool,
    summary: String,
    format: PresentationFormat,
    holder: Option<String>,
    checks: Vec<PresentationCheck>,
    credentials: Vec<PresentedCredentialReport>,
}

impl PresentationReport {
    /// The verdict.
    pub fn outcome(&self) -> PresentationOutcome {
        self.outcome
    }

    /// True when the holder's proof and every presented credential verified.
    pub fn is_verified(&self) -> bool {
        self.verified
    }

    /// The verdict in words.
    pub fn summary(&self) -> &str {
        &self.summary
    }

    /// How the presentation was secured.
    pub fn format(&self) -> PresentationFormat {
        self.format
    }

    /// The `holder` it names.
    pub fn holder(&self) -> Option<&str> {
        self.holder.as_deref()
    }

    /// The presentation's own checks.
    pub fn checks(&self) -> &[PresentationCheck] {
        &self.checks
    }

    /// The status of the first check with `code`.
    pub fn status_of(&self, code: PresentationCheckCode) -> Option<CheckStatus> {
        self.checks
            .iter()
            .find(|c| c.code == code)
            .map(|c| c.status)
    }

    /// One report per presented credential, in presentation order.
    pub fn credentials(&self) -> &[PresentedCredentialReport] {
        &self.credentials
    }

    /// The report as JSON.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// Collects checks and the worst outcome.
struct Found {
    checks: Vec<PresentationCheck>,
    failures: Vec<(PresentationOutcome, String)>,
}

impl Found {
    fn new() -> Self {
        Self {
            checks: Vec::new(),
            failures: Vec::new(),
        }
    }

    fn check(
        &mut self,
        code: PresentationCheckCode,
        status: CheckStatus,
        pointer: &str,
        message: impl Into<String>,
    ) {
        self.checks.push(PresentationCheck {
            code,
            status,
            pointer: pointer.to_owned(),
            message: message.into(),
        });
    }

    fn pass(&mut self, code: PresentationCheckCode, pointer: &str, message: impl Into<String>) {
        self.check(code, CheckStatus::Passed, pointer, message);
    }

    fn fail(
        &mut self,
        code: PresentationCheckCode,
        pointer: &str,
        message: impl Into<String>,
        outcome: PresentationOutcome,
    ) {
        let message = message.into();
        self.failures.push((outcome, message.clone()));
        self.check(code, CheckStatus::Failed, pointer, message);
    }

    /// Takes in the checks another part of the verification found (the holder's proof, run on
    /// another thread).
    fn absorb(&mut self, other: Found) {
        self.checks.extend(other.checks);
        self.failures.extend(other.failures);
    }

    fn report(
        mut self,
        format: PresentationFormat,
        holder: Option<String>,
        credentials: Vec<PresentedCredentialReport>,
    ) -> PresentationReport {
        self.failures.sort_by_key(|(outcome, _)| *outcome);
        let (outcome, summary) = match self.failures.first() {
            Some((outcome, message)) => (*outcome, format!("not verified: {message}")),
            None => (
                PresentationOutcome::Verified,
                format!(
                    "verified: the holder's proof and {} credential{}",
                    credentials.len(),
                    if credentials.len() == 1 { "" } else { "s" }
                ),
            ),
        };
        PresentationReport {
            outcome,
            verified: outcome == PresentationOutcome::Verified,
            summary,
            format,
            holder,
            checks: self.checks,
            credentials,
        }
    }
}

/// What was checked of the presentation itself while its credentials were verified: the holder's
/// proof (`None` if it failed) and the data-model rules.
struct PresentationChecked {
    proof: Option<HolderProof>,
    spec: validate::ValidationReport,
}

/// What the holder's proof established.
struct HolderProof {
    /// The controller of the key that verified.
    controller: Option<String>,
    challenge: Vec<String>,
    domain: Vec<String>,
}

impl Verifier {
    /// Verifies a presentation as received (JSON or VP-JWT, or an Open Badges API
    /// `GetOpenBadgeCredentialsResponse`) against what this verifier asked for: the holder's
    /// proof, challenge and domain, the holder's key, then every credential through
    /// [`Verifier::verify`] / [`Verifier::verify_json`], and whether each credential's subject is
    /// the holder. See [`crate::present`] for an example.
    ///
    /// With the `parallel` feature (on by default) the checks are spread: called from outside a
    /// rayon pool, over the calling thread and one thread of rayon's global pool, woken before
    /// the input is parsed, which runs the credentials' proof checks ahead (for a JSON input,
    /// from each credential's own bytes while the calling thread parses the whole) while the
    /// calling thread checks the holder's proof, then completes each credential (the holder's
    /// signature check goes to whichever of the two is free first); called from
    /// inside a pool, or with a global pool of more than two threads, through rayon's work
    /// stealing. The report is the same either way.
    pub fn verify_presentation(
        &self,
        bytes: &[u8],
        expected: &PresentationOptions,
    ) -> PresentationReport {
        use PresentationCheckCode as C;
        let mut found = Found::new();
        if bytes.len() > self.options.max_input_bytes {
            found.fail(
                C::Parse,
                "",
                format!(
                    "the input is {} bytes, over the {}-byte limit",
                    bytes.len(),
                    self.options.max_input_bytes
                ),
                PresentationOutcome::Unreadable,
            );
            return found.report(PresentationFormat::Unknown, None, Vec::new());
        }
        let text = std::str::from_utf8(bytes)
            .map(str::trim)
            .unwrap_or_default();
        if !text.starts_with('{') && text.split('.').count() == 3 {
            return self.verify_presentation_jwt(text, expected, found);
        }
        // The holder's proof and the credentials are independent checks of one document: side
        // by side on two threads, a portfolio costs little more than its largest part.
        let checks = JsonChecks {
            verifier: self,
            text,
        };
        let shared = super::shared_work::read_then_share(&checks, || {
            let value = json::parse(text.as_bytes(), &self.options.json_limits)
                .map_err(|e| NotShared::Unreadable(e.to_string()))?;
            match classify_json(&value) {
                Submission::Credential => Err(NotShared::Credential),
                kind => Ok((value, kind)),
            }
        });
        let shared = match shared {
            Ok(shared) => shared,
            Err(NotShared::Unreadable(e)) => {
                found.fail(
                    C::Parse,
                    "",
                    format!("neither presentation JSON nor a VP-JWT: {e}"),
                    PresentationOutcome::Unreadable,
                );
                return found.report(PresentationFormat::Unknown, None, Vec::new());
            }
            Err(NotShared::Credential) => {
                found.fail(
                    C::Parse,
                    "/type",
                    "not a presentation (no `VerifiablePresentation` type) nor an Open Badges API response: verify a single credential with `Verifier::verify`",
                    PresentationOutcome::NotAPresentation,
                );
                return found.report(PresentationFormat::Unknown, None, Vec::new());
            }
        };
        let credentials: Vec<Presented> = shared.items.into_iter().flatten().collect();
        let (value, kind) = shared.document;
        if kind == Submission::CredentialsResponse {
            return self.verify_response(value, credentials, expected, found);
        }
        found.pass(C::Parse, "", "a verifiable presentation");
        let (unsettled, mut holder_found, spec) = shared.lead;
        let proof = unsettled.and_then(|unsettled| {
            self.holder_proof_settled(unsettled.settle(shared.tail), &mut holder_found)
        });
        found.absorb(holder_found);
        // The lead runs the rules for every presentation; read in full here otherwise.
        let spec = spec.unwrap_or_else(|| presentation_rules(&value, false));
        self.judge(
            value,
            PresentationChecked { proof, spec },
            credentials,
            expected,
            PresentationFormat::DataIntegrity,
            found,
        )
    }

    /// The Data Integrity proof(s) of a JSON presentation, checked up to a lone proof's
    /// signature check, which is set aside for whichever thread is free first; `None` (with the
    /// failure in `found`) when there is no proof to check. [`Verifier::holder_proof_settled`]
    /// takes it from there.
    fn holder_proof_unsettled(
        &self,
        presentation: &Value,
        found: &mut Found,
    ) -> Option<proof::Unsettled> {
        use PresentationCheckCode as C;
        if presentation.get("proof").is_none() {
            found.fail(
                C::HolderProof,
                "/proof",
                "the presentation has no proof: nothing binds it to its holder",
                PresentationOutcome::Forged,
            );
            return None;
        }
        let mut options = proof::VerifyOptions::new(self.now());
        options.expected_proof_purpose = AUTHENTICATION.to_owned();
        options.policy = ProofSetPolicy::Any;
        let resolver = self.resolver();
        let suites = self.suites.suites();
        match proof::verify_each_setting_aside(presentation, &suites, &resolver, &options) {
            Ok(unsettled) => Some(unsettled),
            Err(e) => {
                found.fail(
                    C::HolderProof,
                    "/proof",
                    format!("the holder's proof cannot be checked: {e}"),
                    PresentationOutcome::Forged,
                );
                None
            }
        }
    }

    /// Whether a proof's suite signs the RDF dataset: checking it expanded the presentation
    /// (without its proof, in safe mode) cleanly.
    fn expands_presentation(&self, proof: &Value) -> bool {
        self.suites
            .for_proof(proof)
            .is_some_and(|suite| suite.signs_rdf_dataset())
    }

    /// The holder's proof from its final outcomes: any one that verifies with purpose
    /// `authentication` (challenge and domain are judged afterwards, to say which is wrong).
    fn holder_proof_settled(
        &self,
        outcomes: Vec<proof::ProofOutcome>,
        found: &mut Found,
    ) -> Option<HolderProof> {
        use PresentationCheckCode as C;
        let mut errors = Vec::new();
        for outcome in outcomes {
            match outcome.result {
                Ok(method) => {
                    found.pass(
                        C::HolderProof,
                        "/proof",
                        format!(
                            "the holder's proof verifies (key `{}`, purpose authentication)",
                            method.id
                        ),
                    );
                    return Some(HolderProof {
                        controller: Some(method.controller),
                        challenge: strings(outcome.proof.get("challenge")),
                        domain: strings(outcome.proof.get("domain")),
                    });
                }
                Err(e) => errors.push(e),
            }
        }
        let unavailable = errors.iter().all(|e| {
            matches!(
                e,
                proof::ProofError::KeyUnavailable { .. }
                    | proof::ProofError::Resolution(_)
                    | proof::ProofError::ContextUnavailable { .. }
            )
        });
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        found.fail(
            C::HolderProof,
            "/proof",
            format!(
                "the holder's proof does not verify: {}",
                messages.join("; ")
            ),
            if unavailable && !errors.is_empty() {
                PresentationOutcome::KeyUnavailable
            } else {
                PresentationOutcome::Forged
            },
        );
        None
    }

    fn verify_presentation_jwt(
        &self,
        token: &str,
        expected: &PresentationOptions,
        mut found: Found,
    ) -> PresentationReport {
        use crate::jwt::{self, KeySource};
        use PresentationCheckCode as C;
        let mut options = jwt::VerifyOptions::default();
        options.max_token_bytes = self.options.max_jwt_bytes;
        // The signature is checked while the helper wakes; the credentials are then shared.
        let shared = super::shared_work::read_then_share(&JwtChecks { verifier: self }, || {
            let verified =
                jwt::verify_presentation(token, &self.resolver(), &options).map_err(Some)?;
            if validate::is_presentation(&verified.presentation) {
                Ok(verified)
            } else {
                Err(None)
            }
        });
        match shared {
            Ok(shared) => {
                let verified = shared.document;
                found.pass(C::Parse, "", "a VP-JWT");
                let controller = match &verified.key_source {
                    KeySource::Kid { controller, .. } => {
                        found.pass(
                            C::HolderProof,
                            "",
                            format!(
                                "the VP-JWT signature verifies ({})",
                                verified.header.alg.as_str()
                            ),
                        );
                        Some(controller.clone())
                    }
                    _ => {
                        found.pass(
                            C::HolderProof,
                            "",
                            "the VP-JWT signature verifies, with a key it embeds",
                        );
                        None
                    }
                };
                let proof = HolderProof {
                    controller,
                    challenge: verified.nonce.into_iter().collect(),
                    domain: verified.audience,
                };
                let credentials = shared.items.into_iter().flatten().collect();
                self.judge(
                    verified.presentation,
                    PresentationChecked {
                        proof: Some(proof),
                        spec: shared.lead,
                    },
                    credentials,
                    expected,
                    PresentationFormat::Jwt,
                    found,
                )
            }
            Err(None) => {
                found.pass(C::Parse, "", "a VP-JWT");
                found.fail(
                    C::Parse,
                    "/type",
                    "the token's payload is not a presentation",
                    PresentationOutcome::NotAPresentation,
                );
                found.report(PresentationFormat::Jwt, None, Vec::new())
            }
            Err(Some(e)) => {
                let outcome = match e {
                    jwt::JwtError::Malformed { .. }
                    | jwt::JwtError::InvalidBase64 { .. }
                    | jwt::JwtError::InvalidJson { .. }
                    | jwt::JwtError::TokenTooLarge { .. } => PresentationOutcome::Unreadable,
                    jwt::JwtError::KeyResolution { .. } => PresentationOutcome::KeyUnavailable,
                    _ => PresentationOutcome::Forged,
                };
                found.fail(
                    C::HolderProof,
                    "",
                    format!("the VP-JWT does not verify: {e}"),
                    outcome,
                );
                found.report(PresentationFormat::Jwt, None, Vec::new())
            }
        }
    }

    /// Challenge, domain, holder binding, the data model, then every credential.
    fn judge(
        &self,
        presentation: Value,
        checked: PresentationChecked,
        credentials: Vec<Presented>,
        expected: &PresentationOptions,
        format: PresentationFormat,
        mut found: Found,
    ) -> PresentationReport {
        use PresentationCheckCode as C;
        let PresentationChecked {
            proof,
            spec: report,
        } = checked;
        let holder = holder_of(&presentation);
        let credentials = bind_to_holder(credentials, holder.as_deref());
        if let Some(proof) = &proof {
            for (code, pointer, wanted, given, outcome, what) in [
                (
                    C::Challenge,
                    "/proof/challenge",
                    &expected.challenge,
                    &proof.challenge,
                    PresentationOutcome::WrongChallenge,
                    "challenge",
                ),
                (
                    C::Domain,
                    "/proof/domain",
                    &expected.domain,
                    &proof.domain,
                    PresentationOutcome::WrongDomain,
                    "domain",
                ),
            ] {
                match wanted {
                    None => found.check(
                        code,
                        CheckStatus::Skipped,
                        pointer,
                        format!("no {what} was required"),
                    ),
                    Some(wanted) if given.iter().any(|g| g == wanted) => {
                        found.pass(code, pointer, format!("answers the {what} {wanted:?}"));
                    }
                    Some(wanted) if given.is_empty() => found.fail(
                        code,
                        pointer,
                        format!("the {what} {wanted:?} is required and the proof has none"),
                        outcome,
                    ),
                    Some(wanted) => found.fail(
                        code,
                        pointer,
                        format!(
                            "the proof's {what} is {} but {wanted:?} is required",
                            given.join(", ")
                        ),
                        outcome,
                    ),
                }
            }
            match (&proof.controller, &holder) {
                (Some(controller), Some(holder)) if controller == holder => {
                    found.pass(
                        C::HolderBinding,
                        "/holder",
                        format!("signed with a key of the holder `{holder}`"),
                    );
                }
                (Some(controller), Some(holder)) => found.fail(
                    C::HolderBinding,
                    "/holder",
                    format!("the proof is valid, but its key belongs to `{controller}`, not to the holder `{holder}`"),
                    PresentationOutcome::UnboundHolder,
                ),
                (_, None) => found.fail(
                    C::HolderBinding,
                    "/holder",
                    "the presentation names no holder: whose presentation it is cannot be told",
                    PresentationOutcome::UnboundHolder,
                ),
                (None, Some(holder)) => found.fail(
                    C::HolderBinding,
                    "/holder",
                    format!("the key is self-asserted (embedded), not one the holder `{holder}` controls"),
                    PresentationOutcome::UnboundHolder,
                ),
            }
        }
        // Each credential gets its own conformance verdict in its report.
        let errors: Vec<String> = report
            .errors()
            .map(|p| format!("{} at `{}`: {}", p.code, p.pointer, p.message))
            .collect();
        if errors.is_empty() {
            found.pass(
                C::Spec,
                "",
                "meets the VC data-model rules for presentations",
            );
        } else if self.options.strict {
            found.fail(C::Spec, "", errors.join("; "), PresentationOutcome::Invalid);
        } else {
            found.check(C::Spec, CheckStatus::Warning, "", errors.join("; "));
        }
        let credentials = move_into_reports(credentials, presentation);
        self.judge_credentials(&credentials, &mut found);
        found.report(format, holder, credentials)
    }

    /// Verifies the `i`th credential of `document` (a `kind`).
    fn presented_nth(&self, document: &Value, kind: Submission, i: usize) -> Option<Presented> {
        let (pointer, entry) = super::entries::entry(document, kind, i)?;
        Some(self.presented(pointer, entry))
    }

    /// Verifies one entry with the single-credential verifier. Whether its subject is the
    /// holder is told later, by [`bind_to_holder`].
    fn presented(&self, pointer: String, entry: &Value) -> Presented {
        self.presented_with(pointer, entry, None)
    }

    /// [`Verifier::presented`], the entry's proof check taken from `proved` when it ran ahead
    /// ([`Verifier::prove_presented`]) on the same JSON.
    fn presented_with(
        &self,
        pointer: String,
        entry: &Value,
        proved: Option<super::pipeline::Proved>,
    ) -> Presented {
        use super::pipeline::KeptJson;
        let (report, json_left_in_place) = match entry {
            Value::Object(object) if is_enveloped(object) => {
                let token = object
                    .get("id")
                    .and_then(Value::as_str)
                    .and_then(enveloped_jwt)
                    .unwrap_or_default();
                (self.verify(token.as_bytes()), false)
            }
            Value::Object(_) => match self.verify_json_kept(entry, proved) {
                KeptJson::LeftOut(report) => (report, true),
                KeptJson::Complete(report) => (report, false),
            },
            Value::String(token) => (self.verify(token.as_bytes()), false),
            other => (self.verify(other.to_string().as_bytes()), false),
        };
        let subjects = if json_left_in_place {
            subject_ids(entry)
        } else {
            report
                .credential_json()
                .map(subject_ids)
                .unwrap_or_default()
        };
        Presented {
            report: PresentedCredentialReport {
                pointer,
                subjects,
                bound_to_holder: None,
                report,
            },
            json_left_in_place,
        }
    }

    /// What a presentation's helper runs ahead for an entry: the proof check of credential
    /// JSON, for [`Verifier::presented_with`] to complete; any other entry verified whole.
    #[cfg(feature = "parallel")]
    fn ahead(&self, pointer: String, entry: &Value) -> Ahead {
        let proved = match entry {
            Value::Object(object) if !is_enveloped(object) => self.prove_json(entry),
            _ => None,
        };
        match proved {
            Some(proved) => Ahead::Proved(proved),
            None => Ahead::Whole(Box::new(self.presented(pointer, entry))),
        }
    }

    fn judge_credentials(&self, credentials: &[PresentedCredentialReport], found: &mut Found) {
        use PresentationCheckCode as C;
        if credentials.is_empty() {
            found.check(
                C::Credentials,
                CheckStatus::Warning,
                "/verifiableCredential",
                "no credential is presented",
            );
        }
        for presented in credentials {
            if presented.report.is_verified() {
                found.pass(
                    C::Credentials,
                    &presented.pointer,
                    "the credential verifies",
                );
            } else {
                found.fail(
                    C::Credentials,
                    &presented.pointer,
                    format!(
                        "the credential at {} does not verify: {}",
                        presented.pointer,
                        presented.report.summary()
                    ),
                    PresentationOutcome::CredentialNotVerified,
                );
            }
            match presented.bound_to_holder {
                Some(true) => found.pass(
                    C::SubjectBinding,
                    &presented.pointer,
                    "its subject is the holder",
                ),
                Some(false) => found.fail(
                    C::SubjectBinding,
                    &presented.pointer,
                    format!(
                        "the credential at {} is about {}, not the holder",
                        presented.pointer,
                        presented.subjects.join(", ")
                    ),
                    PresentationOutcome::SubjectNotHolder,
                ),
                None => found.check(
                    C::SubjectBinding,
                    CheckStatus::Skipped,
                    &presented.pointer,
                    "its subject has no id (or there is no holder) to compare",
                ),
            }
        }
    }

    /// An Open Badges API `GetOpenBadgeCredentialsResponse`: credentials, no holder proof.
    fn verify_response(
        &self,
        response: Value,
        credentials: Vec<Presented>,
        expected: &PresentationOptions,
        mut found: Found,
    ) -> PresentationReport {
        use PresentationCheckCode as C;
        found.pass(
            C::Parse,
            "",
            "an Open Badges API GetOpenBadgeCredentialsResponse",
        );
        found.check(
            C::HolderProof,
            CheckStatus::Skipped,
            "",
            "an API response carries no holder proof",
        );
        if expected.challenge.is_some() || expected.domain.is_some() {
            found.fail(
                C::Challenge,
                "",
                "a challenge or domain is required, and an API response cannot answer one",
                PresentationOutcome::WrongChallenge,
            );
        }
        let credentials = move_into_reports(credentials, response);
        self.judge_credentials(&credentials, &mut found);
        found.report(PresentationFormat::CredentialsResponse, None, credentials)
    }
}

/// One presented credential's report, and whether its JSON is still to be moved in from the
/// document it sat in (verified in place, not copied).
struct Presented {
    report: PresentedCredentialReport,
    json_left_in_place: bool,
}

/// The presented credentials' reports, the JSON of those verified in place moved into them
/// from `document` (which is done with: it was read by every check).
fn move_into_reports(
    presented: Vec<Presented>,
    mut document: Value,
) -> Vec<PresentedCredentialReport> {
    presented
        .into_iter()
        .map(|presented| {
            let mut report = presented.report;
            if presented.json_left_in_place {
                report.report.credential = document
                    .pointer_mut(&report.pointer)
                    .map(std::mem::take)
                    .map(super::report::CredentialJson::Parsed);
            }
            report
        })
        .collect()
}

/// Tells, for each credential whose subject has an id, whether that subject is `holder`.
fn bind_to_holder(mut credentials: Vec<Presented>, holder: Option<&str>) -> Vec<Presented> {
    for presented in &mut credentials {
        let report = &mut presented.report;
        report.bound_to_holder = match holder {
            Some(holder) if !report.subjects.is_empty() => {
                Some(report.subjects.iter().any(|s| s == holder))
            }
            _ => None,
        };
    }
    credentials
}

/// The checks of a JSON presentation or API response: the holder's proof and the presentation's
/// own rules (the long check), and each credential, whose proof check the helper runs ahead,
/// from the credential's bytes located in the raw input before the whole input is parsed, or
/// from the document.
struct JsonChecks<'a> {
    verifier: &'a Verifier,
    /// The raw input, for the helper's plan (no helper without `parallel`).
    #[cfg_attr(not(feature = "parallel"), allow(dead_code))]
    text: &'a str,
}

impl<'a> super::shared_work::Checks for JsonChecks<'a> {
    type Document = (Value, Submission);
    #[cfg(feature = "parallel")]
    type Plan = super::entries::Located<'a>;
    #[cfg(not(feature = "parallel"))]
    type Plan = ();
    /// The holder's proof until its signature check has run, what the lead found, and the
    /// presentation's rules.
    type Lead = (
        Option<proof::Unsettled>,
        Found,
        Option<validate::ValidationReport>,
    );
    type Item = Option<Presented>;
    #[cfg(feature = "parallel")]
    type Ahead = Ahead;
    #[cfg(not(feature = "parallel"))]
    type Ahead = std::convert::Infallible;
    type Tail = proof::SignatureCheck;
    type TailDone = Result<(), proof::ProofError>;

    fn lead(&self, (value, kind): &(Value, Submission)) -> Self::Lead {
        let mut found = Found::new();
        if *kind != Submission::Presentation {
            return (None, found, None);
        }
        let unsettled = self.verifier.holder_proof_unsettled(value, &mut found);
        // Expanding is done by the time a proof reaches its signature check, whatever the check
        // then says: the rules need no JSON-LD pass of their own.
        let expanded_cleanly = unsettled.as_ref().is_some_and(|unsettled| {
            unsettled
                .provisional()
                .iter()
                .find(|outcome| outcome.result.is_ok())
                .is_some_and(|outcome| self.verifier.expands_presentation(&outcome.proof))
        });
        let spec = presentation_rules(value, expanded_cleanly);
        (unsettled, found, Some(spec))
    }

    /// The holder's signature check, set aside for whichever thread is free first.
    fn tail(&self, (unsettled, _, _): &Self::Lead) -> Option<proof::SignatureCheck> {
        unsettled.as_ref()?.check()
    }

    fn run_tail(&self, check: proof::SignatureCheck) -> Result<(), proof::ProofError> {
        check.run()
    }

    fn count(&self, (value, kind): &(Value, Submission)) -> usize {
        super::entries::count(value, *kind)
    }

    fn item(&self, (value, kind): &(Value, Submission), i: usize) -> Option<Presented> {
        self.verifier.presented_nth(value, *kind, i)
    }

    #[cfg(feature = "parallel")]
    fn plan(&self) -> Option<(Self::Plan, usize)> {
        let located = super::entries::locate(self.text)?;
        let count = located.entries.len();
        Some((located, count))
    }

    #[cfg(feature = "parallel")]
    fn agrees(&self, (value, kind): &(Value, Submission), plan: &Self::Plan) -> bool {
        plan.agrees(value, *kind)
    }

    #[cfg(not(feature = "parallel"))]
    fn finish(&self, _: &Self::Document, _: usize, ahead: Self::Ahead) -> Option<Presented> {
        match ahead {}
    }

    /// Completes the document's entry with what ran ahead, from its own bytes or the document.
    #[cfg(feature = "parallel")]
    fn finish(
        &self,
        (value, kind): &(Value, Submission),
        i: usize,
        ahead: Self::Ahead,
    ) -> Option<Presented> {
        match ahead {
            Ahead::Whole(presented) => Some(*presented),
            Ahead::Proved(proved) => {
                let (pointer, entry) = super::entries::entry(value, *kind, i)?;
                Some(self.verifier.presented_with(pointer, entry, Some(proved)))
            }
        }
    }

    /// The same as [`Checks::planned_ahead`], from the document's entry.
    #[cfg(feature = "parallel")]
    fn ahead(&self, (value, kind): &(Value, Submission), i: usize) -> Option<Ahead> {
        let (pointer, entry) = super::entries::entry(value, *kind, i)?;
        Some(self.verifier.ahead(pointer, entry))
    }

    /// Reads the entry from its own bytes, with the limits the whole input is read under (for an
    /// input that reads, the same JSON the document holds at that pointer), and checks its proof;
    /// an entry that is not credential JSON with a proof to check is verified whole. A report
    /// left without its JSON gets the document's copy later, and this copy is freed here, on the
    /// thread that built it (freeing another thread's many small allocations is several times
    /// slower).
    #[cfg(feature = "parallel")]
    fn planned_ahead(&self, plan: &Self::Plan, i: usize) -> Option<Ahead> {
        let (pointer, raw) = plan.entries.get(i)?;
        let entry = json::parse(raw.get().as_bytes(), &self.verifier.options.json_limits).ok()?;
        Some(self.verifier.ahead(pointer.clone(), &entry))
    }
}

/// What the helper ran ahead for one presented entry, from the entry's own bytes or from the
/// document.
#[cfg(feature = "parallel")]
enum Ahead {
    /// The entry verified whole (not credential JSON with a proof to check).
    Whole(Box<Presented>),
    /// Credential JSON's proof check, for the rest of its checks from the document.
    Proved(super::pipeline::Proved),
}

/// The checks of a VP-JWT whose signature verified: the presentation's own rules (a JSON-LD pass
/// of their own here, no Data Integrity proof expanded the presentation) beside each credential.
struct JwtChecks<'a> {
    verifier: &'a Verifier,
}

impl super::shared_work::Checks for JwtChecks<'_> {
    type Document = crate::jwt::VerifiedPresentationJwt;
    type Plan = ();
    type Lead = validate::ValidationReport;
    type Item = Option<Presented>;
    /// Each credential checked whole: the presentation's own check (its rules) is short, so the
    /// helper checks credentials from the front while the caller, past the rules, takes them too.
    type Ahead = Option<Presented>;
    type Tail = std::convert::Infallible;
    type TailDone = ();

    fn lead(&self, verified: &Self::Document) -> Self::Lead {
        presentation_rules(&verified.presentation, false)
    }

    fn run_tail(&self, tail: Self::Tail) {
        match tail {}
    }

    fn count(&self, verified: &Self::Document) -> usize {
        super::entries::count(&verified.presentation, Submission::Presentation)
    }

    fn item(&self, verified: &Self::Document, i: usize) -> Option<Presented> {
        self.verifier
            .presented_nth(&verified.presentation, Submission::Presentation, i)
    }

    fn finish(&self, _: &Self::Document, _: usize, ahead: Self::Ahead) -> Option<Presented> {
        ahead
    }

    fn ahead(&self, verified: &Self::Document, i: usize) -> Option<Self::Ahead> {
        Some(self.item(verified, i))
    }
}

/// Why a JSON input is not read as a presentation to share out.
enum NotShared {
    Unreadable(String),
    /// A single credential, not a presentation.
    Credential,
}

/// The VC data-model rules for the presentation itself (each credential is judged in its own
/// report), with no JSON-LD pass of their own when the holder's proof already expanded it
/// (`expanded_cleanly`).
fn presentation_rules(presentation: &Value, expanded_cleanly: bool) -> validate::ValidationReport {
    validate::presentation_only(presentation, expanded_cleanly)
}

/// The `holder` id (a string, or an object's `id`).
fn holder_of(presentation: &Value) -> Option<String> {
    match presentation.get("holder") {
        Some(Value::String(holder)) => Some(holder.clone()),
        Some(Value::Object(holder)) => holder.get("id").and_then(Value::as_str).map(str::to_owned),
        _ => None,
    }
}

pub(super) fn is_enveloped(object: &Map<String, Value>) -> bool {
    object.get("type").is_some_and(|t| match t {
        Value::String(t) => t == "EnvelopedVerifiableCredential",
        Value::Array(items) => items
            .iter()
            .any(|t| t.as_str() == Some("EnvelopedVerifiableCredential")),
        _ => false,
    })
}

/// The JWT inside `data:application/vc+jwt,…` (also `vc-ld+jwt`, and a `;base64url` marker the
/// compact serialization needs no decoding for).
pub(super) fn enveloped_jwt(id: &str) -> Option<&str> {
    let rest = id.strip_prefix("data:")?;
    let (media, token) = rest.split_once(',')?;
    let media = media.split(';').next()?;
    let known = matches!(
        media,
        "application/vc+jwt" | "application/vc-ld+jwt" | "application/jwt"
    );
    known.then_some(token)
}

/// The `id`s of a credential's subjects.
fn subject_ids(credential: &Value) -> Vec<String> {
    let subjects: &[Value] = match credential.get("credentialSubject") {
        Some(Value::Array(items)) => items,
        Some(single) => std::slice::from_ref(single),
        None => &[],
    };
    subjects
        .iter()
        .filter_map(|s| s.get("id").and_then(Value::as_str).map(str::to_owned))
        .collect()
}

/// A string or array of strings.
fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(all(test, feature = "parallel"))]
mod tests {
    use super::*;
    use crate::issuer::{Issuer, Suite};
    use crate::keys::Keypair;
    use crate::model::{Achievement, AchievementCredential, Criteria};
    use crate::present::{Holder, PresentOptions, PresentedCredential};
    use crate::verify::VerifyOptions;
    use chrono::{DateTime, TimeZone, Utc};
    use serde_json::json;

    use crate::verify::shared_work::Checks;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// The JSON checks, counting what the helper runs ahead from the raw input (and how much of
    /// it is a credential's proof check alone), and the items completed from it.
    struct Counted<'a> {
        checks: JsonChecks<'a>,
        /// Without a plan, the helper runs ahead from the document.
        with_plan: bool,
        planned: AtomicUsize,
        proved: AtomicUsize,
        finished: AtomicUsize,
    }

    impl<'a> Checks for Counted<'a> {
        type Document = (Value, Submission);
        type Plan = super::super::entries::Located<'a>;
        type Lead = <JsonChecks<'a> as Checks>::Lead;
        type Item = Option<Presented>;
        type Ahead = Ahead;
        type Tail = proof::SignatureCheck;
        type TailDone = Result<(), proof::ProofError>;

        fn lead(&self, document: &Self::Document) -> Self::Lead {
            self.checks.lead(document)
        }
        fn count(&self, document: &Self::Document) -> usize {
            self.checks.count(document)
        }
        fn item(&self, document: &Self::Document, i: usize) -> Self::Item {
            self.checks.item(document, i)
        }
        fn plan(&self) -> Option<(Self::Plan, usize)> {
            self.checks.plan().filter(|_| self.with_plan)
        }
        fn agrees(&self, document: &Self::Document, plan: &Self::Plan) -> bool {
            self.checks.agrees(document, plan)
        }
        fn planned_ahead(&self, plan: &Self::Plan, i: usize) -> Option<Ahead> {
            self.planned.fetch_add(1, Ordering::SeqCst);
            self.counted(self.checks.planned_ahead(plan, i))
        }
        fn ahead(&self, document: &Self::Document, i: usize) -> Option<Ahead> {
            self.counted(self.checks.ahead(document, i))
        }
        fn finish(&self, document: &Self::Document, i: usize, ahead: Ahead) -> Self::Item {
            self.finished.fetch_add(1, Ordering::SeqCst);
            self.checks.finish(document, i, ahead)
        }
        fn tail(&self, lead: &Self::Lead) -> Option<Self::Tail> {
            self.checks.tail(lead)
        }
        fn run_tail(&self, tail: Self::Tail) -> Self::TailDone {
            self.checks.run_tail(tail)
        }
    }

    impl Counted<'_> {
        fn counted(&self, ahead: Option<Ahead>) -> Option<Ahead> {
            if matches!(ahead, Some(Ahead::Proved(_))) {
                self.proved.fetch_add(1, Ordering::SeqCst);
            }
            ahead
        }
    }

    fn badge(issuer: &Issuer, subject: &str, n: u8) -> Value {
        let achievement = Achievement::builder()
            .id(format!("https://school.example/achievements/{n}"))
            .name(format!("Badge {n}"))
            .description("A professional learning badge.")
            .criteria(Criteria::narrative("Completes the module."))
            .build()
            .expect("achievement");
        AchievementCredential::builder()
            .id(format!(
                "urn:uuid:7b0c3b7e-8d21-4b6f-9e3a-1c2d3e4f5a{n:02x}"
            ))
            .issuer(issuer.did())
            .achievement(achievement)
            .recipient_id(subject)
            .valid_from(
                Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
                    .single()
                    .expect("date"),
            )
            .build()
            .expect("credential")
            .to_json()
    }

    /// The time the two-thread tests run at, a school issuing from the key seeded with
    /// `school_seed` and a teacher presenting with the one seeded with `teacher_seed`.
    fn school_and_teacher(school_seed: u8, teacher_seed: u8) -> (DateTime<Utc>, Issuer, Holder) {
        let now = Utc
            .with_ymd_and_hms(2026, 3, 1, 9, 0, 0)
            .single()
            .expect("date");
        let school = Issuer::did_key(Keypair::from_seed(&[school_seed; 32]));
        let teacher = Holder::did_key(Keypair::from_seed(&[teacher_seed; 32]));
        (now, school, teacher)
    }

    /// Each credential's report, as the helper starts it from the raw input before the document
    /// is read (a credential's proof check, or the whole of a JWT) and either thread completes
    /// it from the document, and as it is made from the document alone: the same, for
    /// presentations and responses of every entry shape, a tampered credential included.
    #[test]
    fn credentials_checked_from_the_raw_input_get_the_reports_the_document_gives() {
        let (now, school, teacher) = school_and_teacher(31, 32);
        let me = teacher.did().to_owned();
        let signed = school
            .sign(&badge(&school, &me, 1), Suite::EddsaRdfc2022, now)
            .expect("signs");
        let token = school
            .sign_jwt(&badge(&school, &me, 2), now)
            .expect("signs");
        let mut tampered = school
            .sign(
                &badge(&school, "did:example:someone-else", 3),
                Suite::EddsaRdfc2022,
                now,
            )
            .expect("signs");
        tampered["credentialSubject"]["achievement"]["name"] = json!("Tampered");
        let presented = [
            PresentedCredential::Json(signed.clone()),
            PresentedCredential::Jwt(token.clone()),
            PresentedCredential::Json(tampered.clone()),
        ];
        let presentation = teacher
            .present(
                &presented,
                &PresentOptions::new("c", "https://d.example", now),
            )
            .expect("presents");
        let mut single = presentation.clone();
        single["verifiableCredential"] = signed.clone();
        let response = json!({
            "compactJwsStrings": [token],
            "credential": [signed, tampered],
        });
        let verifier = Verifier::new(VerifyOptions::new(now));
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .expect("pool");
        let mut proved_from_the_document = 0;
        for (document, tampered_entries, jwt_entries) in
            [(presentation, 1, 1), (single, 0, 0), (response, 1, 1)]
        {
            let texts = [
                serde_json::to_string(&document).expect("text"),
                serde_json::to_string_pretty(&document).expect("text"),
            ];
            for (text, with_plan) in texts.iter().flat_map(|t| [(t, true), (t, false)]) {
                let checks = Counted {
                    checks: JsonChecks {
                        verifier: &verifier,
                        text,
                    },
                    with_plan,
                    planned: AtomicUsize::new(0),
                    proved: AtomicUsize::new(0),
                    finished: AtomicUsize::new(0),
                };
                // On a pool of its own. With a plan, a slow read: the helper plans and runs ahead
                // on every credential before the document is read. Without, the helper runs ahead
                // from the document while the caller checks the holder's proof.
                let shared = pool
                    .install(|| {
                        crate::verify::shared_work::read_then_share_on_two_threads(&checks, || {
                            if with_plan {
                                std::thread::sleep(std::time::Duration::from_millis(50));
                            }
                            let value = json::parse(text.as_bytes(), &json::JsonLimits::default())
                                .map_err(|_| ())?;
                            let kind = classify_json(&value);
                            Ok::<_, ()>((value, kind))
                        })
                    })
                    .expect("reads");
                let items = shared.items.len();
                if with_plan {
                    assert_eq!(checks.planned.load(Ordering::SeqCst), items);
                    assert_eq!(checks.finished.load(Ordering::SeqCst), items);
                    assert_eq!(checks.proved.load(Ordering::SeqCst), items - jwt_entries);
                } else {
                    assert_eq!(checks.planned.load(Ordering::SeqCst), 0);
                    proved_from_the_document += checks.proved.load(Ordering::SeqCst);
                }
                let (value, kind) = &shared.document;
                let from_document: Vec<Option<Presented>> =
                    (0..super::super::entries::count(value, *kind))
                        .map(|i| verifier.presented_nth(value, *kind, i))
                        .collect();
                assert_eq!(shared.items.len(), from_document.len());
                assert!(!shared.items.is_empty());
                for (planned, read) in shared.items.iter().zip(&from_document) {
                    let (planned, read) = (
                        planned.as_ref().expect("checked"),
                        read.as_ref().expect("checked"),
                    );
                    assert_eq!(planned.report, read.report);
                    assert_eq!(planned.json_left_in_place, read.json_left_in_place);
                }
                let verified = shared
                    .items
                    .iter()
                    .flatten()
                    .filter(|p| p.report.report.is_verified())
                    .count();
                assert_eq!(verified, shared.items.len() - tampered_entries);
            }
        }
        // The helper ran proofs ahead from the document too (while the caller checked the
        // holder's proofs, which take milliseconds here).
        assert!(proved_from_the_document > 0);
    }

    /// A VP-JWT's credentials, checked whole by whichever of the two threads takes each (the
    /// helper from the front, the caller past the presentation's rules), get the reports the
    /// document gives, in order.
    #[test]
    fn credentials_of_a_vp_jwt_shared_by_two_threads_get_the_reports_the_document_gives() {
        let (now, school, teacher) = school_and_teacher(33, 34);
        let me = teacher.did().to_owned();
        let sign = |n: u8, subject: &str| {
            school
                .sign(&badge(&school, subject, n), Suite::EddsaRdfc2022, now)
                .expect("signs")
        };
        let mut tampered = sign(3, &me);
        tampered["credentialSubject"]["achievement"]["name"] = json!("Tampered");
        let presented = [
            PresentedCredential::Json(sign(1, &me)),
            PresentedCredential::Jwt(
                school
                    .sign_jwt(&badge(&school, &me, 2), now)
                    .expect("signs"),
            ),
            PresentedCredential::Json(tampered),
            PresentedCredential::Json(sign(4, "did:example:someone-else")),
        ];
        let token = teacher
            .present_jwt(
                &presented,
                &PresentOptions::new("c", "https://d.example", now),
            )
            .expect("presents");
        let verifier = Verifier::new(VerifyOptions::new(now));
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .expect("pool");
        for _ in 0..3 {
            let checks = JwtChecks {
                verifier: &verifier,
            };
            let shared = pool
                .install(|| {
                    crate::verify::shared_work::read_then_share_on_two_threads(&checks, || {
                        crate::jwt::verify_presentation(
                            &token,
                            &verifier.resolver(),
                            &crate::jwt::VerifyOptions::default(),
                        )
                    })
                })
                .expect("verifies");
            let presentation = &shared.document.presentation;
            assert_eq!(shared.items.len(), 4);
            for (i, shared_item) in shared.items.iter().enumerate() {
                let read = verifier
                    .presented_nth(presentation, Submission::Presentation, i)
                    .expect("checked");
                let shared_item = shared_item.as_ref().expect("checked");
                assert_eq!(shared_item.report, read.report, "credential {i}");
            }
            let verified: Vec<bool> = shared
                .items
                .iter()
                .flatten()
                .map(|p| p.report.report.is_verified())
                .collect();
            assert_eq!(verified, [true, true, false, true]);
        }
    }
}
