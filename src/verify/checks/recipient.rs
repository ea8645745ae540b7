//! `RECIPIENT` (optional): the credential was issued to the expected person — a hashed or plain
//! email `identifier`, or `credentialSubject.id`.

use serde_json::Value;

use crate::model::IdentityObject;
use crate::verify::ExpectedRecipient;
use crate::verify::findings::Findings;
use crate::verify::pipeline::Run;
use crate::verify::report::{CheckCode, Outcome};

impl Run<'_> {
    pub(in crate::verify) fn recipient(&self, credential: &Value, f: &mut Findings) {
        let Some(expected) = &self.verifier.options.expected_recipient else {
            f.skip(
                CheckCode::Recipient,
                "/credentialSubject",
                "no recipient to compare",
            );
            return;
        };
        let subject = credential.get("credentialSubject");
        let matched = match expected {
            ExpectedRecipient::Id(id) => {
                subject.and_then(|s| s.get("id")).and_then(Value::as_str) == Some(id.as_str())
            }
            ExpectedRecipient::Email(email) => subject
                .and_then(|s| s.get("identifier"))
                .map(|ids| {
                    let items: &[Value] = match ids {
                        Value::Array(items) => items,
                        single => std::slice::from_ref(single),
                    };
                    items.iter().any(|item| {
                        item.get("identityType").and_then(Value::as_str) == Some("emailAddress")
                            && serde_json::from_value::<IdentityObject>(item.clone())
                                .is_ok_and(|identity| identity.matches(email))
                    })
                })
                .unwrap_or(false),
        };
        let who = match expected {
            ExpectedRecipient::Id(id) => format!("`{id}`"),
            ExpectedRecipient::Email(email) => format!("email `{email}`"),
        };
        if matched {
            f.pass(
                CheckCode::Recipient,
                "/credentialSubject",
                format!("issued to {who}"),
            );
        } else {
            f.fail(
                CheckCode::Recipient,
                "/credentialSubject",
                format!("not issued to {who}"),
                Outcome::RecipientMismatch,
            );
        }
    }
}
