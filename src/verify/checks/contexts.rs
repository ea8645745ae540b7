//! `CONTEXTS`: the document, without its proofs, expands in JSON-LD safe mode with the bundled
//! and caller-supplied contexts.
//!
//! Under an RDF-canonicalized proof this is part of authenticity: what expansion would drop is not
//! signed. JCS and JWT signatures cover the JSON itself, so there a JSON-LD finding is a
//! conformance problem (fatal only in strict mode). Proofs are left out: a proof of a type no
//! context defines must not fail the document when another proof verifies.

use serde_json::Value;

use super::Proofs;
use crate::jsonld;
use crate::verify::findings::{Findings, problem};
use crate::verify::pipeline::Run;
use crate::verify::report::{CheckCode, Outcome, Severity};

const CLEAN: &str =
    "every context is bundled or supplied, and safe-mode expansion (without proofs) is clean";

impl Run<'_> {
    pub(in crate::verify) fn contexts(
        &self,
        credential: &Value,
        proofs: &Proofs,
        f: &mut Findings,
    ) {
        // A verified RDF proof has already expanded the unsecured document in safe mode.
        if proofs.rdf_verified() {
            f.pass(CheckCode::Contexts, "/@context", CLEAN);
            return;
        }
        let processor = self.verifier.suites.processor();
        let Err(e) =
            processor.check_expands_without(credential, &jsonld::Options::default(), Some("proof"))
        else {
            f.pass(CheckCode::Contexts, "/@context", CLEAN);
            return;
        };
        let pointer = e.pointer().unwrap_or("/@context").to_owned();
        let (code, message, outcome) = match e.unavailable_document() {
            Some(url) => (
                "JSONLD_CONTEXT_UNAVAILABLE",
                format!(
                    "JSON-LD context `{url}` is neither bundled nor supplied (add it to the verifier's documents, e.g. `--context {url}=FILE`)"
                ),
                Outcome::DocumentUnavailable,
            ),
            None => (
                "JSONLD_SAFE_MODE",
                format!("JSON-LD processing (safe mode) failed: {e}"),
                Outcome::Invalid,
            ),
        };
        if proofs.rdf_checked {
            f.fail(CheckCode::Contexts, &pointer, message, outcome);
        } else {
            f.nonconformance(
                self.strict(),
                CheckCode::Contexts,
                problem(
                    code,
                    pointer,
                    format!("{message} (the signature covers the JSON itself, not an RDF dataset)"),
                    Severity::Error,
                ),
                Outcome::Invalid,
            );
        }
    }
}
