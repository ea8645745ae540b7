//! The findings accumulator: every check reported, the outcome each failure implies, and the
//! conformance problems, kept apart from authenticity.

use super::report::{
    Check, CheckCode, CheckStatus, Conformance, ConformanceProblem, Outcome, Severity,
};

/// Checks, the outcomes their failures imply, and conformance problems.
#[derive(Clone, Default)]
pub(crate) struct Findings {
    pub(crate) checks: Vec<Check>,
    pub(crate) outcomes: Vec<Outcome>,
    pub(crate) problems: Vec<ConformanceProblem>,
}

impl Findings {
    /// The worst outcome any failed check implies.
    pub(crate) fn outcome(&self) -> Outcome {
        self.outcomes
            .iter()
            .copied()
            .min()
            .unwrap_or(Outcome::Verified)
    }

    /// The conformance verdict.
    pub(crate) fn conformance(&self) -> Conformance {
        Conformance {
            conformant: !self.problems.iter().any(|p| p.severity == Severity::Error),
            problems: self.problems.clone(),
        }
    }

    fn push(&mut self, code: CheckCode, status: CheckStatus, pointer: &str, message: String) {
        self.checks.push(Check {
            code,
            status,
            pointer: pointer.to_owned(),
            message,
        });
    }

    pub(crate) fn pass(&mut self, code: CheckCode, pointer: &str, message: impl Into<String>) {
        self.push(code, CheckStatus::Passed, pointer, message.into());
    }

    pub(crate) fn warn(&mut self, code: CheckCode, pointer: &str, message: impl Into<String>) {
        self.push(code, CheckStatus::Warning, pointer, message.into());
    }

    pub(crate) fn skip(&mut self, code: CheckCode, pointer: &str, message: impl Into<String>) {
        self.push(code, CheckStatus::Skipped, pointer, message.into());
    }

    pub(crate) fn fail(
        &mut self,
        code: CheckCode,
        pointer: &str,
        message: impl Into<String>,
        outcome: Outcome,
    ) {
        self.push(code, CheckStatus::Failed, pointer, message.into());
        self.outcomes.push(outcome);
    }

    /// A failure that the options may downgrade to a warning.
    pub(crate) fn fail_unless(
        &mut self,
        allowed: bool,
        code: CheckCode,
        pointer: &str,
        message: String,
        outcome: Outcome,
    ) {
        if allowed {
            self.warn(code, pointer, format!("{message} (allowed by the options)"));
        } else {
            self.fail(code, pointer, message, outcome);
        }
    }

    /// A data-model problem: listed in the conformance verdict, and reported under `code` as a
    /// warning — or, when `strict`, as a failure implying `strict_outcome`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn nonconformance(
        &mut self,
        strict: bool,
        check: CheckCode,
        problem: ConformanceProblem,
        strict_outcome: Outcome,
    ) {
        let message = format!("{}: {}", problem.code, problem.message);
        match problem.severity {
            Severity::Error if strict => {
                self.fail(check, &problem.pointer, message, strict_outcome);
            }
            _ => self.warn(check, &problem.pointer, message),
        }
        self.problems.push(problem);
    }

    /// Appends `other`'s findings after these.
    pub(crate) fn append(&mut self, mut other: Findings) {
        self.checks.append(&mut other.checks);
        self.outcomes.append(&mut other.outcomes);
        self.problems.append(&mut other.problems);
    }
}

/// A conformance problem.
pub(crate) fn problem(
    code: impl Into<String>,
    pointer: impl Into<String>,
    message: impl Into<String>,
    severity: Severity,
) -> ConformanceProblem {
    ConformanceProblem {
        code: code.into(),
        pointer: pointer.into(),
        message: message.into(),
        severity,
    }
}
