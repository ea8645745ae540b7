//! The verification pipeline: the checks of one credential, in order, each in its own file under
//! `checks/`. A run verifies a badge and, recursively, its endorsements and status lists.
//!
//! Order: `PARSE` (read, detect, is a credential) → proofs (Data Integrity or the VC-JWT) →
//! `CONTEXTS` → `SIGNED_FORM` → `SPEC` (conformance) → `PROOF` → `ISSUER_BINDING` → `VALIDITY` →
//! `STATUS` → `ENDORSEMENT` → `RECIPIENT`, then the display view. Proofs run before the context
//! check because an RDF proof that verified has already expanded the document in safe mode.

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::Verifier;
use super::checks::{JwtProof, Proofs};
use super::findings::Findings;
use super::input::{self, Carried};
use super::report::{
    Check, CheckCode, CheckStatus, Conformance, CredentialJson, DisplayImage, InputKind, Outcome,
    ProofAttempt, VerificationReport,
};
use crate::json;

/// What kind of credential a run verifies (which checks apply).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// The credential given to the verifier.
    Badge,
    /// An embedded endorsement.
    Endorsement,
    /// A status list credential, verified before it is trusted.
    StatusList,
}

/// One verification (of a badge and, recursively, of its endorsements and status lists).
pub(super) struct Run<'a> {
    pub(super) verifier: &'a Verifier,
    pub(super) now: DateTime<Utc>,
    pub(super) depth: usize,
    pub(super) role: Role,
    /// One work budget for the whole verification: every proof of the credential and of its
    /// endorsements is charged to it.
    pub(super) budget: crate::proof::WorkBudget,
}

/// A credential's proof check, run ahead of its other checks ([`Run::prove_json`]), perhaps on
/// another thread, with the time and the work budget of the run it belongs to.
pub(super) struct Proved {
    now: DateTime<Utc>,
    budget: crate::proof::WorkBudget,
    proofs: Proofs,
    findings: Findings,
}

/// A report of credential JSON the caller keeps (see [`Run::json_kept`]).
pub(super) enum KeptJson {
    /// The report, its `credential` left for the caller to move the JSON in.
    LeftOut(VerificationReport),
    /// A complete report (JSON that is not a credential, or an Open Badges 2.0 assertion).
    Complete(VerificationReport),
}

impl KeptJson {
    /// The report, with `credential` moved in when it was left out.
    fn with_credential(self, credential: impl FnOnce() -> CredentialJson) -> VerificationReport {
        match self {
            KeptJson::LeftOut(mut report) => {
                report.credential = Some(credential());
                report
            }
            KeptJson::Complete(report) => report,
        }
    }
}

impl<'a> Run<'a> {
    pub(super) fn new(verifier: &'a Verifier, now: DateTime<Utc>) -> Self {
        Run {
            verifier,
            now,
            depth: 0,
            role: Role::Badge,
            budget: crate::proof::WorkBudget::new(verifier.options.max_work),
        }
    }

    /// The run a proof check ahead belongs to: its time and its work budget.
    pub(super) fn resumed(verifier: &'a Verifier, proved: &Proved) -> Self {
        Run {
            verifier,
            now: proved.now,
            depth: 0,
            role: Role::Badge,
            budget: proved.budget.clone(),
        }
    }

    pub(super) fn nested(&self, role: Role) -> Run<'a> {
        Run {
            verifier: self.verifier,
            now: self.now,
            depth: self.depth + 1,
            role,
            budget: self.budget.clone(),
        }
    }

    /// Whether conformance problems fail verification.
    pub(super) fn strict(&self) -> bool {
        self.verifier.options.strict
    }

    /// From bytes as received.
    pub(super) fn bytes(&self, bytes: &[u8]) -> VerificationReport {
        let options = &self.verifier.options;
        let read = match input::read_with(bytes, options) {
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
                Ok(value) if self.reads_as_ob2(&value) => {
                    self.ob2_json(value, read.kind, read.image)
                }
                // The report keeps the text and the tree is freed here (see `CredentialJson`).
                Ok(value) => self
                    .checked_kept(&value, read.kind, read.image, None, None)
                    .with_credential(|| match std::str::from_utf8(&text) {
                        Ok(text) => CredentialJson::text(text),
                        Err(_) => CredentialJson::Parsed(value),
                    }),
                Err(e) => unreadable_report(
                    read.kind,
                    format!("the credential is not valid JSON: {e}"),
                    Outcome::Unreadable,
                ),
            },
            Carried::Jwt(token) => self.jwt(&token, read.kind, read.image),
            Carried::Ob2(read) => self.ob2(read),
        }
    }

    /// From parsed JSON.
    pub(super) fn json(
        &self,
        value: Value,
        kind: InputKind,
        image: Option<DisplayImage>,
    ) -> VerificationReport {
        if self.reads_as_ob2(&value) {
            return self.ob2_json(value, kind, image);
        }
        self.checked(value, kind, image, None)
    }

    /// [`Run::json`] of credential JSON the caller keeps, so that a credential embedded in a
    /// larger document is verified without a copy.
    ///
    /// `proved`: the credential's proof check, run ahead by [`Run::prove_json`] on the same JSON
    /// (this run is then [`Run::resumed`] from it).
    pub(super) fn json_kept(
        &self,
        value: &Value,
        kind: InputKind,
        proved: Option<Proved>,
    ) -> KeptJson {
        if self.reads_as_ob2(value) {
            return KeptJson::Complete(self.ob2_json(value.clone(), kind, None));
        }
        self.checked_kept(value, kind, None, None, proved)
    }

    /// The proof check of credential JSON alone, ahead of the others, for [`Run::json_kept`] to
    /// complete: the costly part of verifying a credential, which another thread can run while
    /// this one does other work. `None` when the JSON is not checked as a credential this way
    /// (an Open Badges 2.0 assertion, not a credential): [`Run::json_kept`] decides it whole.
    #[cfg_attr(not(feature = "parallel"), allow(dead_code))]
    pub(super) fn prove_json(self, value: &Value, kind: InputKind) -> Option<Proved> {
        if self.reads_as_ob2(value) {
            return None;
        }
        self.parse(value, kind, &mut Findings::default()).ok()?;
        let mut findings = Findings::default();
        let proofs = self.proofs(value, None, &mut findings);
        Some(Proved {
            now: self.now,
            budget: self.budget,
            proofs,
            findings,
        })
    }

    /// Whether this JSON is read as an Open Badges 2.0 assertion, which has its own checks
    /// (`checks/ob2.rs`): only a badge can be one, never an endorsement or a status list.
    pub(super) fn reads_as_ob2(&self, value: &Value) -> bool {
        self.role == Role::Badge && crate::ob2::input::is_ob2(value)
    }

    /// Every check of a readable credential.
    pub(super) fn checked(
        &self,
        credential: Value,
        kind: InputKind,
        image: Option<DisplayImage>,
        jwt: Option<JwtProof>,
    ) -> VerificationReport {
        self.checked_kept(&credential, kind, image, jwt, None)
            .with_credential(|| CredentialJson::Parsed(credential))
    }

    /// [`Run::checked`], the credential JSON left out of the report (JSON that is not a
    /// credential gets a complete report: it has none).
    fn checked_kept(
        &self,
        credential: &Value,
        kind: InputKind,
        image: Option<DisplayImage>,
        jwt: Option<JwtProof>,
        proved: Option<Proved>,
    ) -> KeptJson {
        let jwt_window = jwt.as_ref().map_or((None, None), |j| j.window);
        let (mut f, proofs) = match self.before_validity(credential, kind, jwt, proved) {
            Ok(found) => found,
            Err(message) => {
                return KeptJson::Complete(unreadable_report(
                    kind,
                    message,
                    Outcome::NotAnOpenBadge,
                ));
            }
        };
        self.validity(credential, jwt_window, &mut f);
        let endorsements = if self.role == Role::StatusList {
            Vec::new()
        } else {
            self.status(credential, &mut f);
            self.endorsements(credential, &mut f)
        };
        if self.role == Role::Badge {
            self.recipient(credential, &mut f);
        }
        let outcome = f.outcome();
        let display = Some(super::checks::display(credential, image, outcome));
        KeptJson::LeftOut(VerificationReport {
            outcome,
            verified: outcome == Outcome::Verified,
            summary: summary(outcome, &f.checks),
            input: kind,
            conformance: f.conformance(),
            checks: f.checks,
            proofs,
            endorsements,
            display,
            credential: None,
        })
    }

    /// The checks that come before the validity window (parse, proofs, contexts, signed form,
    /// conformance, issuer binding); `Err` with the reason when the JSON is not a credential.
    /// The proof check is `proved`'s when it ran ahead.
    pub(super) fn before_validity(
        &self,
        credential: &Value,
        kind: InputKind,
        jwt: Option<JwtProof>,
        proved: Option<Proved>,
    ) -> Result<(Findings, Vec<ProofAttempt>), String> {
        let mut f = Findings::default();
        self.parse(credential, kind, &mut f)?;
        let (proofs, proof_findings) = match proved {
            Some(proved) => (proved.proofs, proved.findings),
            None => {
                let mut proof_findings = Findings::default();
                let proofs = self.proofs(credential, jwt, &mut proof_findings);
                (proofs, proof_findings)
            }
        };
        self.contexts(credential, &proofs, &mut f);
        self.signed_form(credential, &proofs, &mut f);
        if self.role != Role::StatusList {
            self.conformance(credential, proofs.rdf_verified(), &mut f);
        }
        f.append(proof_findings);
        self.binding(credential, &proofs, &mut f);
        Ok((f, proofs.attempts))
    }
}

pub(crate) fn unreadable_report(
    kind: InputKind,
    message: String,
    outcome: Outcome,
) -> VerificationReport {
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
        conformance: Conformance::default(),
        proofs: Vec::new(),
        endorsements: Vec::new(),
        display: None,
        credential: None,
    }
}

pub(crate) fn summary(outcome: Outcome, checks: &[Check]) -> String {
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
