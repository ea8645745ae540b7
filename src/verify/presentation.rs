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
    if validate::is_presentation(value) {
        return Submission::Presentation;
    }
    let response = !object.contains_key("type")
        && (object.get("compactJwsStrings").is_some_and(Value::is_array)
            || object.get("credential").is_some_and(Value::is_array));
    if response {
        Submission::CredentialsResponse
    } else {
        Submission::Credential
    }
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
/// proof (`None` if it failed) and the data-model rules (`None` if not run yet).
struct PresentationChecked {
    proof: Option<HolderProof>,
    spec: Option<validate::ValidationReport>,
}

/// What the holder's proof established.
struct HolderProof {
    /// The controller of the key that verified.
    controller: Option<String>,
    challenge: Vec<String>,
    domain: Vec<String>,
    /// The proof signs the RDF dataset: verifying it expanded the presentation (without its
    /// proof, in safe mode) cleanly, so the data-model rules need no JSON-LD pass of their own.
    expanded_cleanly: bool,
}

impl Verifier {
    /// Verifies a presentation as received (JSON or VP-JWT, or an Open Badges API
    /// `GetOpenBadgeCredentialsResponse`) against what this verifier asked for: the holder's
    /// proof, challenge and domain, the holder's key, then every credential through
    /// [`Verifier::verify`] / [`Verifier::verify_json`], and whether each credential's subject is
    /// the holder. See [`crate::present`] for an example.
    ///
    /// With the `parallel` feature (on by default) the checks are spread: called from outside a
    /// rayon pool, over the calling thread and one thread of rayon's global pool (woken before
    /// the input is parsed); called from inside a pool, or with a global pool of more than two
    /// threads, through rayon's work stealing. The report is the same either way.
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
        let shared = super::shared_work::read_then_share(
            || {
                let value = json::parse(text.as_bytes(), &self.options.json_limits)
                    .map_err(|e| NotShared::Unreadable(e.to_string()))?;
                match classify_json(&value) {
                    Submission::Presentation => Ok((value, Submission::Presentation)),
                    Submission::CredentialsResponse => Ok((value, Submission::CredentialsResponse)),
                    Submission::Credential => Err(NotShared::Credential),
                }
            },
            |(value, kind)| {
                let mut holder_found = Found::new();
                if *kind != Submission::Presentation {
                    return (None, holder_found, None);
                }
                let proof = self.holder_proof(value, &mut holder_found);
                let spec = presentation_rules(value, proof.as_ref());
                (proof, holder_found, Some(spec))
            },
            |(value, kind)| match kind {
                Submission::Presentation => presented_count(value),
                _ => response_count(value),
            },
            |(value, kind), i| match kind {
                Submission::Presentation => self.presented_nth(value, i),
                _ => response_entry(value, i)
                    .map(|(pointer, entry)| self.presented(pointer, entry, None)),
            },
        );
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
        let credentials: Vec<Presented> = shared.items.into_iter().flatten().flatten().collect();
        let (value, kind) = shared.document;
        if kind == Submission::CredentialsResponse {
            return self.verify_response(value, credentials, expected, found);
        }
        found.pass(C::Parse, "", "a verifiable presentation");
        let (proof, spec) = match shared.lead {
            Some((proof, holder_found, spec)) => {
                found.absorb(holder_found);
                (proof, spec)
            }
            None => {
                found.fail(
                    C::HolderProof,
                    "/proof",
                    "the holder's proof could not be checked",
                    PresentationOutcome::Forged,
                );
                (None, None)
            }
        };
        self.judge(
            value,
            PresentationChecked { proof, spec },
            credentials,
            expected,
            PresentationFormat::DataIntegrity,
            found,
        )
    }

    /// The Data Integrity proof(s) of a JSON presentation: any one that verifies with purpose
    /// `authentication` (challenge and domain are judged afterwards, to say which is wrong).
    fn holder_proof(&self, presentation: &Value, found: &mut Found) -> Option<HolderProof> {
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
        let outcomes =
            match proof::verify_each(presentation, &self.suites.suites(), &resolver, &options) {
                Ok(outcomes) => outcomes,
                Err(e) => {
                    found.fail(
                        C::HolderProof,
                        "/proof",
                        format!("the holder's proof cannot be checked: {e}"),
                        PresentationOutcome::Forged,
                    );
                    return None;
                }
            };
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
                    let expanded_cleanly = self
                        .suites
                        .for_proof(&outcome.proof)
                        .is_some_and(|suite| suite.signs_rdf_dataset());
                    return Some(HolderProof {
                        expanded_cleanly,
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
                proof::ProofError::Resolution(_) | proof::ProofError::ContextUnavailable { .. }
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
        let shared = super::shared_work::read_then_share(
            || {
                let verified =
                    jwt::verify_presentation(token, &self.resolver(), &options).map_err(Some)?;
                if validate::is_presentation(&verified.presentation) {
                    Ok(verified)
                } else {
                    Err(None)
                }
            },
            // The data-model rules need a JSON-LD pass here (no Data Integrity proof expanded the
            // presentation): the helper runs it beside the credentials.
            |verified| presentation_rules(&verified.presentation, None),
            |verified| presented_count(&verified.presentation),
            |verified, i| self.presented_nth(&verified.presentation, i),
        );
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
                    expanded_cleanly: false,
                };
                let credentials = shared.items.into_iter().flatten().flatten().collect();
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
        let PresentationChecked { proof, spec } = checked;
        let holder = holder_of(&presentation);
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
        let report = spec.unwrap_or_else(|| presentation_rules(&presentation, proof.as_ref()));
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

    /// Verifies the presentation's `i`th `verifiableCredential` entry, bound to its holder.
    fn presented_nth(&self, presentation: &Value, i: usize) -> Option<Presented> {
        let (pointer, entry) = presented_entry(presentation, i)?;
        Some(self.presented(pointer, entry, holder_of(presentation).as_deref()))
    }

    /// Verifies one entry with the single-credential verifier.
    fn presented(&self, pointer: String, entry: &Value, holder: Option<&str>) -> Presented {
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
            Value::Object(_) => match self.verify_json_kept(entry) {
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
        let bound_to_holder = match holder {
            Some(holder) if !subjects.is_empty() => Some(subjects.iter().any(|s| s == holder)),
            _ => None,
        };
        Presented {
            report: PresentedCredentialReport {
                pointer,
                subjects,
                bound_to_holder,
                report,
            },
            json_left_in_place,
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

/// At most this many presented credentials are verified (a wallet shares a handful; thousands
/// are a denial of service, not a portfolio).
const MAX_PRESENTED: usize = 64;

/// How many `verifiableCredential` entries are verified (at most [`MAX_PRESENTED`]).
fn presented_count(presentation: &Value) -> usize {
    match presentation.get("verifiableCredential") {
        Some(Value::Array(items)) => items.len().min(MAX_PRESENTED),
        Some(_) => 1,
        None => 0,
    }
}

/// The `i`th `verifiableCredential` entry with its JSON Pointer.
fn presented_entry(presentation: &Value, i: usize) -> Option<(String, &Value)> {
    match presentation.get("verifiableCredential")? {
        Value::Array(items) => items
            .get(i)
            .map(|entry| (format!("/verifiableCredential/{i}"), entry)),
        single => (i == 0).then(|| ("/verifiableCredential".to_owned(), single)),
    }
}

/// The credentials of an API response: its `compactJwsStrings`, then its `credential` entries.
const RESPONSE_MEMBERS: [(&str, &str); 2] = [
    ("compactJwsStrings", "/compactJwsStrings"),
    ("credential", "/credential"),
];

fn response_count(response: &Value) -> usize {
    RESPONSE_MEMBERS
        .iter()
        .map(|(key, _)| {
            response
                .get(key)
                .and_then(Value::as_array)
                .map_or(0, Vec::len)
        })
        .sum()
}

/// The `i`th credential of an API response with its JSON Pointer.
fn response_entry(response: &Value, mut i: usize) -> Option<(String, &Value)> {
    for (key, pointer_base) in RESPONSE_MEMBERS {
        let items = response.get(key).and_then(Value::as_array);
        let len = items.map_or(0, Vec::len);
        if i < len {
            return items
                .and_then(|items| items.get(i))
                .map(|entry| (format!("{pointer_base}/{i}"), entry));
        }
        i -= len;
    }
    None
}

/// Why a JSON input is not read as a presentation to share out.
enum NotShared {
    Unreadable(String),
    /// A single credential, not a presentation.
    Credential,
}

/// The VC data-model rules for the presentation itself (each credential is judged in its own
/// report), with no JSON-LD pass of their own when the holder's proof already expanded it.
fn presentation_rules(
    presentation: &Value,
    proof: Option<&HolderProof>,
) -> validate::ValidationReport {
    validate::presentation_only(presentation, proof.is_some_and(|p| p.expanded_cleanly))
}

/// The `holder` id (a string, or an object's `id`).
fn holder_of(presentation: &Value) -> Option<String> {
    match presentation.get("holder") {
        Some(Value::String(holder)) => Some(holder.clone()),
        Some(Value::Object(holder)) => holder.get("id").and_then(Value::as_str).map(str::to_owned),
        _ => None,
    }
}

fn is_enveloped(object: &Map<String, Value>) -> bool {
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
fn enveloped_jwt(id: &str) -> Option<&str> {
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
