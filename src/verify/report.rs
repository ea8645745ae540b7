//! What the verifier found: one [`Check`] per step, the overall [`Outcome`], each proof tried, the
//! endorsements and a display view.

use serde::Serialize;
use serde_json::Value;

use crate::linkedin::ShareableCredential;
use crate::stack::{HeldBadge, Standing};

/// The verification steps, each reported under a stable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum CheckCode {
    /// The input was read: size limits, format detection (JSON, compact JWT, PNG, SVG), unbaking,
    /// strict JSON parsing (no duplicate keys, bounded depth), and it is an Open Badges credential.
    Parse,
    /// Every JSON-LD `@context` is bundled or supplied by the caller, and the document (without
    /// its proofs) expands in safe mode (no undefined terms, no relative IRIs). Fatal when an
    /// RDF-canonicalized proof is relied on (what expansion drops is not signed); a warning for
    /// JCS and JWT signatures, which cover the bytes.
    Contexts,
    /// What the verifier reads from the JSON is what the signature covers: no JSON-LD form
    /// (full-IRI keys, `@nest`, `@included`, `@graph`, aliases from an inline or caller-supplied
    /// context, keyword aliases, node merging) makes the JSON say something other than the
    /// signed RDF dataset. A mismatch fails as [`Outcome::Forged`].
    SignedForm,
    /// The credential meets the VC and Open Badges 3.0 data model rules ([`crate::validate`]):
    /// problems are warnings (listed in the conformance verdict) unless the options are strict.
    Spec,
    /// At least one proof (Data Integrity or VC-JWT) verifies; each proof tried is listed in
    /// [`VerificationReport::proofs`].
    Proof,
    /// The key that signed is the issuer's: the verification method's controller is the issuer
    /// and lists the method under `assertionMethod`.
    IssuerBinding,
    /// The validity window (`validFrom`/`validUntil`, VC 1.1 `issuanceDate`/`expirationDate`)
    /// contains the verification time, within the configured clock skew.
    Validity,
    /// Credential status (Bitstring Status List, `1EdTechRevocationList`): not revoked or
    /// suspended, read from a trusted, supplied list.
    Status,
    /// An embedded endorsement (`endorsement` or `endorsementJwt`) verifies.
    Endorsement,
    /// The credential was issued to the expected recipient (hashed email identifier or
    /// `credentialSubject.id`).
    Recipient,
}

impl CheckCode {
    /// The stable code as it appears in JSON (`PARSE`, `ISSUER_BINDING`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            CheckCode::Parse => "PARSE",
            CheckCode::Contexts => "CONTEXTS",
            CheckCode::SignedForm => "SIGNED_FORM",
            CheckCode::Spec => "SPEC",
            CheckCode::Proof => "PROOF",
            CheckCode::IssuerBinding => "ISSUER_BINDING",
            CheckCode::Validity => "VALIDITY",
            CheckCode::Status => "STATUS",
            CheckCode::Endorsement => "ENDORSEMENT",
            CheckCode::Recipient => "RECIPIENT",
        }
    }
}

/// How one check ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckStatus {
    /// The check ran and succeeded.
    Passed,
    /// The check ran and failed; the outcome says what that means.
    Failed,
    /// Something worth telling the viewer that does not, under the options, fail verification.
    Warning,
    /// The check did not apply or could not run (the message says why).
    Skipped,
}

/// One reported check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// Which step.
    pub code: CheckCode,
    /// How it ended.
    pub status: CheckStatus,
    /// JSON Pointer (RFC 6901) into the credential to what the check is about (`""` = whole).
    pub pointer: String,
    /// What was found, in words a viewer can act on.
    pub message: String,
}

/// The verdict. Variants are declared in precedence order: when several apply, the report names
/// the first (`Outcome` is `Ord` in this order), e.g. a forged credential that is also expired is
/// [`Outcome::Forged`], an authentic revoked and expired one is [`Outcome::Revoked`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum Outcome {
    /// The input could not be read: too large, not JSON/JWT/PNG/SVG, broken image, malformed
    /// JSON (failed `PARSE`).
    Unreadable,
    /// Readable, but not a verifiable credential (no `VerifiableCredential` type, a JSON value
    /// that is not an object, an OB 2.0 assertion), or — in strict mode only — a verifiable
    /// credential without an Open Badges type.
    NotAnOpenBadge,
    /// Forged or altered: no proof verifies and at least one signature is wrong, or there is no
    /// proof at all.
    Forged,
    /// The issuer's key is not available offline (an unregistered `did:web`, an `https:` key
    /// document not supplied): authenticity is unknown, which is not a forgery.
    KeyUnavailable,
    /// A document the credential needs is not available offline (a JSON-LD context that is neither
    /// bundled nor supplied): authenticity could not be checked. [`crate::Verifier::needs`] names it.
    DocumentUnavailable,
    /// The signature is valid but the key is not bound to the issuer (its controller is not the
    /// issuer, or the issuer does not list it under `assertionMethod`).
    UnboundKey,
    /// The credential cannot be verified as it stands: no proof of a supported suite, a malformed
    /// proof, malformed dates, a JSON-LD error under an RDF-canonicalized proof — and, in strict
    /// mode only, data-model (conformance) problems.
    Invalid,
    /// Authentic, but revoked by its issuer.
    Revoked,
    /// Authentic, but suspended by its issuer.
    Suspended,
    /// Authentic, but past its expiry (`validUntil`/`expirationDate`).
    Expired,
    /// Authentic, but not valid yet (`validFrom`/`issuanceDate` in the future).
    NotYetValid,
    /// Authentic, but its status could not be checked (list not supplied, or the list itself
    /// did not verify) and the options do not allow unchecked status.
    StatusUnavailable,
    /// Authentic and current, but issued to someone other than the expected recipient.
    RecipientMismatch,
    /// Every check passed.
    Verified,
}

impl Outcome {
    /// A short sentence for a viewer.
    pub fn describe(self) -> &'static str {
        match self {
            Outcome::Unreadable => "the input could not be read as a credential",
            Outcome::NotAnOpenBadge => "this is not an Open Badges credential",
            Outcome::DocumentUnavailable => {
                "a document the credential needs is unavailable offline: authenticity could not be checked"
            }
            Outcome::Forged => "forged or altered: the signature does not match the content",
            Outcome::KeyUnavailable => {
                "issuer key unavailable offline: authenticity could not be checked"
            }
            Outcome::UnboundKey => "signed with a key that is not bound to the issuer",
            Outcome::Invalid => "the credential cannot be verified as it stands",
            Outcome::Revoked => "authentic but revoked by its issuer",
            Outcome::Suspended => "authentic but suspended by its issuer",
            Outcome::Expired => "authentic but expired",
            Outcome::NotYetValid => "authentic but not valid yet",
            Outcome::StatusUnavailable => {
                "authentic but its revocation status could not be checked"
            }
            Outcome::RecipientMismatch => "authentic but issued to someone else",
            Outcome::Verified => "verified",
        }
    }

    /// The badge standing a stack or a wallet sees ([`Standing`]).
    pub fn standing(self) -> Standing {
        match self {
            Outcome::Verified => Standing::Valid,
            Outcome::Revoked => Standing::Revoked,
            Outcome::Suspended => Standing::Suspended,
            Outcome::Expired => Standing::Expired,
            Outcome::NotYetValid => Standing::NotYetValid,
            _ => Standing::Unverified,
        }
    }
}

/// What was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum InputKind {
    /// Credential JSON.
    Json,
    /// A compact JWS (VC-JWT).
    Jwt,
    /// A baked PNG.
    Png,
    /// A baked SVG.
    Svg,
    /// Not recognized.
    Unknown,
    /// An Open Badges 2.0 assertion's JSON (hosted).
    #[serde(rename = "ob2-json")]
    Ob2Json,
    /// An Open Badges 2.0 signed assertion's compact JWS.
    #[serde(rename = "ob2-jws")]
    Ob2Jws,
    /// An Open Badges 2.0 hosted assertion's URL.
    #[serde(rename = "ob2-url")]
    Ob2Url,
    /// A PNG baked with an Open Badges 2.0 assertion (JSON, JWS or URL).
    #[serde(rename = "ob2-png")]
    Ob2Png,
    /// An SVG baked with an Open Badges 2.0 assertion (JSON, JWS or URL).
    #[serde(rename = "ob2-svg")]
    Ob2Svg,
}

/// One proof tried.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProofAttempt {
    /// The suite: `eddsa-rdfc-2022`, `eddsa-jcs-2022`, `Ed25519Signature2020`, `eddsa-2022`, or
    /// `VC-JWT <alg>`; the proof's `type` when unsupported.
    pub suite: String,
    /// JSON Pointer of the proof in the credential (`/proof`, `/proof/1`), or `""` for the JWT.
    pub pointer: String,
    /// The verification method (or `kid`) named.
    pub verification_method: Option<String>,
    /// Its controller, when resolved.
    pub controller: Option<String>,
    /// Whether the proof verified.
    pub verified: bool,
    /// Whether the proof was not checked because its type or cryptosuite is not supported (never
    /// fatal while another proof verifies).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub skipped: bool,
    /// Why not.
    pub error: Option<String>,
}

/// The largest baked image a report inlines as a `data:` URI (256 KiB); a larger one is
/// described by its SHA-256 and size, so a report never grows with a hostile image.
pub const MAX_INLINE_IMAGE_BYTES: usize = 256 * 1024;

/// The badge image to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum DisplayImage {
    /// The baked image itself (what the viewer was given).
    Baked {
        /// `image/png` or `image/svg+xml`.
        mime: String,
        /// The image as a `data:` URI (base64).
        data_uri: String,
    },
    /// The baked image, too large to inline ([`MAX_INLINE_IMAGE_BYTES`]): the viewer already
    /// holds it; the report names it by digest.
    Digest {
        /// `image/png` or `image/svg+xml`.
        mime: String,
        /// SHA-256 of the image bytes, lowercase hex.
        sha256: String,
        /// The image's size in bytes.
        bytes: usize,
    },
    /// The image the credential names (achievement image, else credential image).
    Url {
        /// Its URL (may itself be a `data:` URI).
        url: String,
    },
}

/// What a displayer shows (1EdTech displayer certification): image, achievement name and
/// description, issuer name, issue and expiry dates, and the status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DisplayView {
    /// The image, if any.
    pub image: Option<DisplayImage>,
    /// `credentialSubject.achievement.name` (else the credential's `name`).
    pub achievement_name: Option<String>,
    /// `credentialSubject.achievement.description` (else the credential's `description`).
    pub achievement_description: Option<String>,
    /// What earning the achievement required: `credentialSubject.achievement.criteria` (an OB 2.0
    /// BadgeClass's `criteria`).
    pub criteria: Option<DisplayCriteria>,
    /// `issuer.name`.
    pub issuer_name: Option<String>,
    /// `issuer.id` (or the issuer string).
    pub issuer_id: Option<String>,
    /// When issued: `validFrom`, else `issuanceDate`, else `awardedDate`.
    pub issued: Option<String>,
    /// `validUntil`, else `expirationDate`.
    pub expires: Option<String>,
    /// The outcome as a code, e.g. `VERIFIED`, `EXPIRED`, `REVOKED`.
    pub status: Outcome,
    /// The outcome in words.
    pub status_text: String,
}

/// An achievement's criteria as a displayer shows them: a page describing them, their text, or
/// both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DisplayCriteria {
    /// The page that describes the criteria (`criteria.id`, or an OB 2.0 criteria IRI).
    pub url: Option<String>,
    /// The criteria in Markdown (`criteria.narrative`).
    pub narrative: Option<String>,
}

impl DisplayCriteria {
    /// Criteria with a page or text; `None` when both are missing.
    pub(crate) fn new(url: Option<String>, narrative: Option<String>) -> Option<Self> {
        (url.is_some() || narrative.is_some()).then_some(DisplayCriteria { url, narrative })
    }
}

/// How serious a conformance problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Severity {
    /// Breaks a rule of the data model (fails verification in strict mode).
    Error,
    /// Worth telling, never fatal.
    Warning,
}

/// One data-model problem of the credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConformanceProblem {
    /// Stable code (the [`crate::validate`] codes, plus `NOT_AN_OPEN_BADGE` and `JSONLD_*`).
    pub code: String,
    /// JSON Pointer to the offending value.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
    /// Error or warning.
    pub severity: Severity,
}

/// The conformance verdict, separate from the authenticity outcome: whether the credential meets
/// the VC and Open Badges data-model rules (what 1EdTech's conformance validator checks).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Conformance {
    /// No error-severity problem was found.
    pub conformant: bool,
    /// Every problem found, with its code and pointer.
    pub problems: Vec<ConformanceProblem>,
}

/// Everything the verifier found about one credential. Serializes to JSON (`to_json`).
#[must_use]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerificationReport {
    pub(crate) outcome: Outcome,
    pub(crate) verified: bool,
    pub(crate) summary: String,
    pub(crate) input: InputKind,
    pub(crate) checks: Vec<Check>,
    pub(crate) conformance: Conformance,
    pub(crate) proofs: Vec<ProofAttempt>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) endorsements: Vec<VerificationReport>,
    pub(crate) display: Option<DisplayView>,
    pub(crate) credential: Option<CredentialJson>,
}

/// The credential a report carries. Read from JSON text, it keeps the text and parses it again
/// only when asked: the tree the checks read is freed on the thread that verified it, and
/// dropping a report is a few frees, not a few hundred. A batch hands every report back on
/// one thread, where those drops cost ~7 µs a badge while the other threads waited.
#[derive(Debug, Clone)]
pub(crate) enum CredentialJson {
    /// Already a JSON tree (a JWT's claims, an Open Badges 2.0 assertion, a presented credential).
    Parsed(Value),
    /// The JSON text as received, which parsed to the tree that was verified.
    Text {
        text: Box<str>,
        parsed: std::sync::OnceLock<Value>,
    },
}

impl CredentialJson {
    /// The text a credential was verified from.
    pub(crate) fn text(text: &str) -> Self {
        CredentialJson::Text {
            text: text.into(),
            parsed: std::sync::OnceLock::new(),
        }
    }

    pub(crate) fn value(&self) -> &Value {
        match self {
            CredentialJson::Parsed(value) => value,
            // The text parsed when it was verified, within limits no wider than these; it
            // parses to the same tree again.
            CredentialJson::Text { text, parsed } => parsed.get_or_init(|| {
                let widest = crate::json::JsonLimits {
                    max_bytes: usize::MAX,
                    max_depth: crate::json::JsonLimits::MAX_DEPTH_CEILING,
                };
                crate::json::parse(text.as_bytes(), &widest).unwrap_or(Value::Null)
            }),
        }
    }
}

impl PartialEq for CredentialJson {
    fn eq(&self, other: &Self) -> bool {
        self.value() == other.value()
    }
}

impl Serialize for CredentialJson {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value().serialize(serializer)
    }
}

static NULL: Value = Value::Null;

impl VerificationReport {
    /// The verdict.
    pub fn outcome(&self) -> Outcome {
        self.outcome
    }

    /// Whether the outcome is [`Outcome::Verified`].
    pub fn is_verified(&self) -> bool {
        self.outcome == Outcome::Verified
    }

    /// The verdict in words, with the first failing check's message.
    pub fn summary(&self) -> &str {
        &self.summary
    }

    /// What was read.
    pub fn input(&self) -> InputKind {
        self.input
    }

    /// Every check, in the order run.
    pub fn checks(&self) -> &[Check] {
        &self.checks
    }

    /// The checks with this code.
    pub fn checks_with(&self, code: CheckCode) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(move |c| c.code == code)
    }

    /// The most severe status among the checks with this code (failed > warning > passed >
    /// skipped), or `None` when no such check was reported.
    pub fn status_of(&self, code: CheckCode) -> Option<CheckStatus> {
        let rank = |s: CheckStatus| match s {
            CheckStatus::Failed => 3,
            CheckStatus::Warning => 2,
            CheckStatus::Passed => 1,
            CheckStatus::Skipped => 0,
        };
        self.checks_with(code)
            .map(|c| c.status)
            .max_by_key(|s| rank(*s))
    }

    /// The conformance verdict: data-model problems, reported apart from the outcome (they
    /// change it only in strict mode).
    pub fn conformance(&self) -> &Conformance {
        &self.conformance
    }

    /// Each proof tried, in document order (the VC-JWT first when the input was a JWT).
    pub fn proofs(&self) -> &[ProofAttempt] {
        &self.proofs
    }

    /// Reports on the embedded endorsements, in document order.
    pub fn endorsements(&self) -> &[VerificationReport] {
        &self.endorsements
    }

    /// What a displayer shows; `None` when no credential could be read.
    pub fn display(&self) -> Option<&DisplayView> {
        self.display.as_ref()
    }

    /// The credential as read (for a JWT, the credential inside); `None` when unreadable.
    pub fn credential_json(&self) -> Option<&Value> {
        self.credential.as_ref().map(CredentialJson::value)
    }

    /// The report as JSON.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// The verified credential, ready for LinkedIn's add-to-profile flow; `None` unless the
    /// outcome is [`Outcome::Verified`] and the credential is an achievement credential.
    pub fn shareable(&self) -> Option<ShareableCredential> {
        if !self.is_verified() {
            return None;
        }
        ShareableCredential::from_verified(self.credential_json()?).ok()
    }
}

impl HeldBadge for VerificationReport {
    /// The credential as verified (`null` when nothing could be read).
    fn credential(&self) -> &Value {
        self.credential_json().unwrap_or(&NULL)
    }

    fn standing(&self) -> Standing {
        self.outcome.standing()
    }
}
