//! `PARSE`: the JSON is a verifiable credential; an Open Badges type is a conformance matter.

use serde_json::Value;

use crate::json;
use crate::verify::findings::{Findings, problem};
use crate::verify::pipeline::{Role, Run};
use crate::verify::report::{CheckCode, InputKind, Outcome, Severity};

/// The types that make a credential an Open Badge.
const OPEN_BADGE_TYPES: [&str; 3] = [
    "OpenBadgeCredential",
    "AchievementCredential",
    "EndorsementCredential",
];

impl Run<'_> {
    /// `Err` with the reason when the JSON is not a verifiable credential at all.
    pub(in crate::verify) fn parse(
        &self,
        credential: &Value,
        kind: InputKind,
        f: &mut Findings,
    ) -> Result<(), String> {
        if !credential.is_object() {
            return Err("the JSON is not an object".to_owned());
        }
        let types = json::strings(credential.get("type"));
        if !types.contains(&"VerifiableCredential") {
            return Err("`type` does not include VerifiableCredential".to_owned());
        }
        f.pass(
            CheckCode::Parse,
            "",
            format!("{} read; it is a verifiable credential", kind_name(kind)),
        );
        let wanted: &[&str] = match self.role {
            Role::Badge => &OPEN_BADGE_TYPES,
            Role::Endorsement => &["EndorsementCredential"],
            Role::StatusList => return Ok(()),
        };
        if !types.iter().any(|t| wanted.contains(t)) {
            f.nonconformance(
                self.strict(),
                CheckCode::Parse,
                problem(
                    "NOT_AN_OPEN_BADGE",
                    "/type",
                    format!(
                        "`type` includes none of {}: verified as a plain W3C verifiable credential",
                        wanted.join(", ")
                    ),
                    Severity::Error,
                ),
                Outcome::NotAnOpenBadge,
            );
        }
        Ok(())
    }
}

/// Whether the credential has an Open Badges type (its data model rules then apply).
pub(super) fn is_open_badge(credential: &Value) -> bool {
    json::strings(credential.get("type"))
        .iter()
        .any(|t| OPEN_BADGE_TYPES.contains(t))
}

fn kind_name(kind: InputKind) -> &'static str {
    match kind {
        InputKind::Json => "credential JSON",
        InputKind::Jwt => "compact JWT",
        InputKind::Png => "baked PNG",
        InputKind::Svg => "baked SVG",
        _ => "input",
    }
}
