//! The `1EdTechRevocationList` status method: the issuer publishes the ids of revoked
//! credentials in a revocation list document.

use serde_json::Value;

use super::status::StatusMethod;
use crate::status::RevocationList;
use crate::verify::findings::Findings;
use crate::verify::pipeline::Run;
use crate::verify::report::{CheckCode, Outcome};

/// `1EdTechRevocationList`.
pub(super) struct RevocationList1EdTech;

impl StatusMethod for RevocationList1EdTech {
    fn handles(&self, entry_types: &[&str]) -> bool {
        entry_types.contains(&"1EdTechRevocationList")
    }

    fn list_url<'e>(&self, entry: &'e Value) -> Option<&'e str> {
        entry.get("id")?.as_str()
    }

    fn check(
        &self,
        run: &Run<'_>,
        credential: &Value,
        entry: &Value,
        pointer: &str,
        f: &mut Findings,
    ) {
        let allow = run.verifier.options.allow_unchecked_status;
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
        let Some(document) = run.verifier.status_lists.get(url).map(|r| &r.value) else {
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
}
