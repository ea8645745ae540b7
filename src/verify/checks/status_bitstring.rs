//! The W3C Bitstring Status List method (and the legacy StatusList2021): the list credential is
//! verified first (as a credential of its own), then the entry's bit is read. Lists shorter than
//! the specification's 131,072 entries, or issued by another key than the credential, are read and
//! used with a warning (published lists in the wild are shorter); a set bit is revoked or
//! suspended whatever the list's size.

use serde_json::Value;

use super::issuer_id;
use super::status::StatusMethod;
use crate::status::{BitstringStatusListEntry, MIN_ENTRIES, StatusPurpose};
use crate::verify::findings::Findings;
use crate::verify::pipeline::Run;
use crate::verify::report::{CheckCode, Outcome};

/// `BitstringStatusListEntry` and `StatusList2021Entry`.
pub(super) struct BitstringStatusList;

impl StatusMethod for BitstringStatusList {
    fn handles(&self, entry_types: &[&str]) -> bool {
        entry_types
            .iter()
            .any(|t| matches!(*t, "BitstringStatusListEntry" | "StatusList2021Entry"))
    }

    fn list_url<'e>(&self, entry: &'e Value) -> Option<&'e str> {
        entry.get("statusListCredential")?.as_str()
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
        let parsed = match BitstringStatusListEntry::from_value(entry) {
            Ok(parsed) => parsed,
            Err(e) => {
                f.fail_unless(
                    allow,
                    CheckCode::Status,
                    pointer,
                    format!("status entry cannot be checked: {e}"),
                    Outcome::StatusUnavailable,
                );
                return;
            }
        };
        let url = &parsed.list_credential;
        let Some(registered) = run.verifier.status_lists.get(url) else {
            f.fail_unless(
                allow,
                CheckCode::Status,
                pointer,
                format!(
                    "status list `{url}` was not supplied, so revocation cannot be checked offline (supply the list, or allow unchecked status)"
                ),
                Outcome::StatusUnavailable,
            );
            return;
        };
        if run.depth >= 4 {
            f.fail_unless(
                allow,
                CheckCode::Status,
                pointer,
                "status lists nested too deeply".to_owned(),
                Outcome::StatusUnavailable,
            );
            return;
        }
        let (list_outcome, list_summary) = run.status_list_trust(registered);
        if list_outcome != Outcome::Verified {
            f.fail_unless(
                allow,
                CheckCode::Status,
                pointer,
                format!(
                    "status list credential `{url}` is not trustworthy ({}): {list_summary}",
                    list_outcome.describe(),
                ),
                Outcome::StatusUnavailable,
            );
            return;
        }
        let list = &registered.value;
        let list_issuer = issuer_id(list);
        if list_issuer != issuer_id(credential) {
            f.warn(
                CheckCode::Status,
                pointer,
                format!(
                    "status list `{url}` was issued by `{}`, not by the credential's issuer",
                    list_issuer.unwrap_or_default()
                ),
            );
        }
        if list.get("id").and_then(Value::as_str) != Some(url.as_str()) {
            f.warn(
                CheckCode::Status,
                pointer,
                format!("the status list credential's `id` is not `{url}`"),
            );
        }
        if let Ok(decoded) = registered.decoded() {
            let entries = decoded.bit_len() / u64::from(parsed.status_size.max(1));
            if entries < MIN_ENTRIES {
                let message = format!(
                    "status list `{url}` has {entries} entries, fewer than the {MIN_ENTRIES} the specification requires for herd privacy; read and used"
                );
                if run.strict() {
                    f.fail(
                        CheckCode::Status,
                        pointer,
                        message,
                        Outcome::StatusUnavailable,
                    );
                    return;
                }
                f.warn(CheckCode::Status, pointer, message);
            }
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
                pointer,
                format!("status list `{url}` cannot be read: {e}"),
                Outcome::StatusUnavailable,
            ),
            Ok(value) if value.is_set() => match value.purpose {
                StatusPurpose::Revocation => f.fail(
                    CheckCode::Status,
                    pointer,
                    format!("revoked (status list `{url}`, index {})", parsed.index),
                    Outcome::Revoked,
                ),
                StatusPurpose::Suspension => f.fail(
                    CheckCode::Status,
                    pointer,
                    format!("suspended (status list `{url}`, index {})", parsed.index),
                    Outcome::Suspended,
                ),
                other => f.warn(
                    CheckCode::Status,
                    pointer,
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
                pointer,
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
