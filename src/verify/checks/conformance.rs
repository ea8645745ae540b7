//! `SPEC`: the conformance verdict — the data-model rules of [`crate::validate`], each problem
//! with its code and JSON Pointer. Reported apart from authenticity: problems are warnings unless
//! the options are strict, where they fail as [`Outcome::Invalid`] (what a conformance validator
//! checks).

use serde_json::Value;

use super::parse::is_open_badge;
use crate::validate;
use crate::verify::findings::{Findings, problem};
use crate::verify::pipeline::Run;
use crate::verify::report::{CheckCode, Outcome, Severity};

impl Run<'_> {
    /// `expanded_cleanly`: a verified RDF proof already expanded the document (without its
    /// proofs) in safe mode, so the data-model rules skip their own JSON-LD pass.
    pub(in crate::verify) fn conformance(
        &self,
        credential: &Value,
        expanded_cleanly: bool,
        f: &mut Findings,
    ) {
        // A plain W3C credential is held to the VC data model only.
        let open_badge = is_open_badge(credential);
        let report = if expanded_cleanly {
            validate::already_expanded(credential, open_badge)
        } else if open_badge {
            validate::credential(credential)
        } else {
            validate::verifiable_credential(credential)
        };
        let mut errors = 0;
        for found in report.problems() {
            let severity = match found.severity {
                validate::Severity::Error => {
                    errors += 1;
                    Severity::Error
                }
                _ => Severity::Warning,
            };
            f.nonconformance(
                self.strict(),
                CheckCode::Spec,
                problem(
                    found.code.as_str(),
                    found.pointer.clone(),
                    found.message.clone(),
                    severity,
                ),
                Outcome::Invalid,
            );
        }
        if errors == 0 {
            f.pass(
                CheckCode::Spec,
                "",
                if open_badge {
                    "meets the VC and Open Badges 3.0 data model rules"
                } else {
                    "meets the VC data model rules"
                },
            );
        }
    }
}
