//! `ENDORSEMENT`: each embedded `endorsement` / `endorsementJwt` is verified recursively
//! (depth- and count-limited); a failing endorsement is a warning, never fatal.

use serde_json::Value;

use crate::json;
use crate::verify::findings::Findings;
use crate::verify::pipeline::{Role, Run};
use crate::verify::report::{CheckCode, InputKind, VerificationReport};

impl Run<'_> {
    pub(in crate::verify) fn endorsements(
        &self,
        credential: &Value,
        f: &mut Findings,
    ) -> Vec<VerificationReport> {
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
    // Scalars hold no endorsements: no pointer is built for them.
    let container = |v: &Value| matches!(v, Value::Object(_) | Value::Array(_));
    match value {
        Value::Object(object) => {
            for (key, child) in object {
                if !container(child) && key != "endorsementJwt" {
                    continue;
                }
                let mark = pointer.len();
                json::push_pointer_token(pointer, key);
                match (key.as_str(), child) {
                    ("proof", _) => {}
                    ("endorsement" | "endorsementJwt", Value::Array(items)) => {
                        for (i, item) in items.iter().enumerate() {
                            found.push((format!("{pointer}/{i}"), item));
                        }
                    }
                    ("endorsement", Value::Object(_)) | ("endorsementJwt", Value::String(_)) => {
                        found.push((pointer.clone(), child));
                    }
                    _ => collect_endorsements(child, pointer, found, depth + 1),
                }
                pointer.truncate(mark);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if !container(item) {
                    continue;
                }
                let mark = pointer.len();
                crate::json::push_pointer_index(pointer, i);
                collect_endorsements(item, pointer, found, depth + 1);
                pointer.truncate(mark);
            }
        }
        _ => {}
    }
}
