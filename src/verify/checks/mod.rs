//! One file per check of the verification pipeline (see `pipeline.rs` for the order). Each
//! check is a method of the pipeline's `Run` that reads the credential and records findings.

mod binding;
mod conformance;
mod contexts;
mod display;
mod endorsements;
mod jwt;
mod ob2;
mod parse;
mod proofs;
mod recipient;
mod signed_form;
mod status;
mod status_bitstring;
mod status_revocation_list;
mod validity;

pub(super) use display::display;
pub(super) use jwt::JwtProof;
pub(super) use proofs::Proofs;
pub(super) use status::{RegisteredStatusList, status_list_urls};

use serde_json::Value;

/// The issuer's id: the `issuer` string or the profile's `id`.
pub(super) fn issuer_id(credential: &Value) -> Option<String> {
    match credential.get("issuer")? {
        Value::String(id) => Some(id.clone()),
        Value::Object(profile) => profile.get("id")?.as_str().map(str::to_owned),
        _ => None,
    }
}

/// The first of `names` present as a string, with its name.
pub(super) fn date_field<'v>(
    credential: &'v Value,
    names: &[&'static str],
) -> Option<(&'static str, &'v str)> {
    names
        .iter()
        .find_map(|name| Some((*name, credential.get(*name)?.as_str()?)))
}

/// A proof's verification method id (a string, or an embedded method's `id`).
pub(super) fn method_id(proof: &Value) -> Option<String> {
    match proof.get("verificationMethod")? {
        Value::String(id) => Some(id.clone()),
        Value::Object(method) => method.get("id")?.as_str().map(str::to_owned),
        _ => None,
    }
}
