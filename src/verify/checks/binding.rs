//! `ISSUER_BINDING`: the key that signed is the issuer's (the verification method's controller is
//! the issuer and lists the method under `assertionMethod`).

use serde_json::Value;

use super::{Proofs, issuer_id};
use crate::verify::findings::Findings;
use crate::verify::pipeline::Run;
use crate::verify::report::{CheckCode, Outcome};

impl Run<'_> {
    pub(in crate::verify) fn binding(&self, credential: &Value, proofs: &Proofs, f: &mut Findings) {
        if proofs.verified.is_empty() {
            f.skip(CheckCode::IssuerBinding, "/issuer", "no proof verified");
            return;
        }
        let issuer = issuer_id(credential).unwrap_or_default();
        if proofs.verified.iter().any(|v| v.controller == issuer) {
            f.pass(
                CheckCode::IssuerBinding,
                "/issuer",
                format!("signed with an assertion key of the issuer `{issuer}`"),
            );
            return;
        }
        let keys: Vec<String> = proofs
            .verified
            .iter()
            .map(|v| {
                if v.controller.is_empty() {
                    format!("`{}` (self-asserted)", v.method)
                } else {
                    format!("`{}` controlled by `{}`", v.method, v.controller)
                }
            })
            .collect();
        f.fail_unless(
            self.verifier.options.allow_unbound_key,
            CheckCode::IssuerBinding,
            "/issuer",
            format!(
                "the signature is valid, but the key {} is not the issuer's (`{issuer}`)",
                keys.join(", ")
            ),
            Outcome::UnboundKey,
        );
    }
}
