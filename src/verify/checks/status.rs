//! `STATUS`: each `credentialStatus` entry is checked by the status method registered for its
//! type ([`METHODS`]: Bitstring Status List, `1EdTechRevocationList`). A new method implements
//! [`StatusMethod`] in its own file and is added to [`METHODS`]; the pipeline does not change.

use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::status_bitstring::BitstringStatusList;
use super::status_revocation_list::RevocationList1EdTech;
use crate::json;
use crate::status::{DecodedStatusList, StatusError, StatusLimits};
use crate::verify::findings::Findings;
use crate::verify::pipeline::{Role, Run, summary, unreadable_report};
use crate::verify::report::{CheckCode, InputKind, Outcome};

/// One way of publishing credential status.
pub(super) trait StatusMethod: Sync {
    /// Whether the method handles an entry of these types.
    fn handles(&self, entry_types: &[&str]) -> bool;
    /// The URL of the list document the entry needs (what `needs` reports).
    fn list_url<'e>(&self, entry: &'e Value) -> Option<&'e str>;
    /// Checks one entry (at `pointer`) of `credential`.
    fn check(
        &self,
        run: &Run<'_>,
        credential: &Value,
        entry: &Value,
        pointer: &str,
        f: &mut Findings,
    );
}

/// The registered status methods.
static METHODS: [&dyn StatusMethod; 2] = [&BitstringStatusList, &RevocationList1EdTech];

fn method_for(entry: &Value) -> Option<&'static dyn StatusMethod> {
    let types = json::strings(entry.get("type"));
    METHODS.iter().copied().find(|m| m.handles(&types))
}

/// The status list URLs `credential`'s entries need, each with its JSON Pointer.
pub(in crate::verify) fn status_list_urls(credential: &Value) -> Vec<String> {
    entries(credential)
        .into_iter()
        .filter_map(|(_, entry)| method_for(entry)?.list_url(entry).map(str::to_owned))
        .collect()
}

fn entries(credential: &Value) -> Vec<(String, &Value)> {
    match credential.get("credentialStatus") {
        None => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("/credentialStatus/{i}"), v))
            .collect(),
        Some(single) => vec![("/credentialStatus".to_owned(), single)],
    }
}

impl Run<'_> {
    pub(in crate::verify) fn status(&self, credential: &Value, f: &mut Findings) {
        let found = entries(credential);
        if found.is_empty() {
            f.skip(
                CheckCode::Status,
                "",
                "the credential has no credentialStatus",
            );
            return;
        }
        for (pointer, entry) in found {
            match method_for(entry) {
                Some(method) => method.check(self, credential, entry, &pointer, f),
                None => f.fail_unless(
                    self.verifier.options.allow_unchecked_status,
                    CheckCode::Status,
                    &pointer,
                    format!(
                        "status entry of type {:?} cannot be checked: no supported status method",
                        json::strings(entry.get("type"))
                    ),
                    Outcome::StatusUnavailable,
                ),
            }
        }
    }

    /// A registered status list's outcome and summary, exactly as a full check of it would
    /// report them. Everything but the validity window is computed once per verifier (and
    /// reused while `now` cannot change the proofs' outcome); the window is checked every time.
    pub(super) fn status_list_trust(&self, list: &RegisteredStatusList) -> (Outcome, String) {
        let run = self.nested(Role::StatusList);
        let base = list.checks_before_validity(self.now, || {
            run.before_validity(&list.value, InputKind::Json, None, None)
                .map(|(f, _)| f)
        });
        match &*base {
            Err(message) => {
                let report =
                    unreadable_report(InputKind::Json, message.clone(), Outcome::NotAnOpenBadge);
                (report.outcome, report.summary)
            }
            Ok(cached) => {
                let mut f = cached.clone();
                run.validity(&list.value, (None, None), &mut f);
                let outcome = f.outcome();
                (outcome, summary(outcome, &f.checks))
            }
        }
    }
}

/// A status list's checks before its validity window, or why it is not a credential.
type ListChecks = Result<Findings, String>;

/// A status list (or revocation list) registered with a verifier, with what checking it costs
/// cached: lists are shared by many credentials and rarely change.
pub(in crate::verify) struct RegisteredStatusList {
    /// The document as registered.
    pub(in crate::verify) value: Value,
    /// The checks before the validity window, and the `now` they were computed at.
    before_validity: Mutex<Option<(DateTime<Utc>, Arc<ListChecks>)>>,
    /// The decoded bitstring (decoding inflates the GZIP payload).
    decoded: OnceLock<Result<DecodedStatusList, StatusError>>,
}

impl RegisteredStatusList {
    pub(in crate::verify) fn new(value: Value) -> Self {
        RegisteredStatusList {
            value,
            before_validity: Mutex::new(None),
            decoded: OnceLock::new(),
        }
    }

    /// Forgets the cached checks (the keys they resolved may have changed).
    pub(in crate::verify) fn forget_checks(&mut self) {
        *self
            .before_validity
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner) = None;
    }

    /// The decoded list, read whatever its length (lists in the wild are shorter than the
    /// specification's 131,072-entry minimum: the status method warns about it).
    pub(super) fn decoded(&self) -> &Result<DecodedStatusList, StatusError> {
        self.decoded.get_or_init(|| {
            DecodedStatusList::from_credential_with_limits(
                &self.value,
                &StatusLimits {
                    min_entries: 1,
                    ..StatusLimits::default()
                },
            )
        })
    }

    /// The cached checks if they hold at `now`, else `compute()` (then cached).
    fn checks_before_validity(
        &self,
        now: DateTime<Utc>,
        compute: impl FnOnce() -> Result<Findings, String>,
    ) -> Arc<ListChecks> {
        let mut slot = self
            .before_validity
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some((at, cached)) = slot.as_ref() {
            if proof_times_agree(&self.value, *at, now) {
                return Arc::clone(cached);
            }
        }
        let fresh = Arc::new(compute());
        *slot = Some((now, Arc::clone(&fresh)));
        fresh
    }
}

/// Whether verifying `document`'s proofs at `a` and at `b` is bound to give the same result: the
/// only time-dependent proof checks are `created` (not after `now` plus a skew) and `expires`
/// (not before `now`), so the result carries over when every `created` is at or before both
/// instants and no proof has an `expires` (or the instants are equal).
fn proof_times_agree(document: &Value, a: DateTime<Utc>, b: DateTime<Utc>) -> bool {
    if a == b {
        return true;
    }
    let earliest = a.min(b);
    let proofs: &[Value] = match document.get("proof") {
        None => return true,
        Some(Value::Array(items)) => items,
        Some(single) => std::slice::from_ref(single),
    };
    proofs.iter().all(|proof| {
        proof.get("expires").is_none()
            && match proof.get("created").and_then(Value::as_str) {
                None => true,
                Some(text) => DateTime::parse_from_rfc3339(text)
                    .is_ok_and(|created| created.with_timezone(&Utc) <= earliest),
            }
    })
}
