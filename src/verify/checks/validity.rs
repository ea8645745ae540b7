//! `VALIDITY`: the validity window (`validFrom`/`validUntil`, VC 1.1 `issuanceDate`/
//! `expirationDate`, else the VC-JWT's `nbf`/`exp`) contains the verification time, within the
//! configured clock skew.

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;

use super::date_field;
use crate::verify::findings::Findings;
use crate::verify::pipeline::Run;
use crate::verify::report::{CheckCode, Outcome};

impl Run<'_> {
    /// `jwt_window`: the VC-JWT's `nbf`/`exp`, for a credential without its own dates.
    pub(in crate::verify) fn validity(
        &self,
        credential: &Value,
        jwt_window: (Option<i64>, Option<i64>),
        f: &mut Findings,
    ) {
        let skew = Duration::seconds(i64::from(self.verifier.options.clock_skew_seconds));
        let claim = |name: &'static str, seconds: Option<i64>| {
            let instant = DateTime::<Utc>::from_timestamp(seconds?, 0)?;
            Some((
                name,
                instant.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            ))
        };
        let owned = |(name, text): (&'static str, &str)| (name, text.to_owned());
        let from = date_field(credential, &["validFrom", "issuanceDate"])
            .map(owned)
            .or_else(|| claim("nbf", jwt_window.0));
        let until = date_field(credential, &["validUntil", "expirationDate"])
            .map(owned)
            .or_else(|| claim("exp", jwt_window.1));
        let mut ok = true;
        for (found, late) in [(&from, false), (&until, true)] {
            let Some((name, text)) = found else { continue };
            let pointer = match *name {
                "nbf" | "exp" => String::new(),
                name => format!("/{name}"),
            };
            let instant = match DateTime::parse_from_rfc3339(text) {
                Ok(instant) => instant.with_timezone(&Utc),
                Err(e) => {
                    ok = false;
                    f.fail(
                        CheckCode::Validity,
                        &pointer,
                        format!("`{name}` is not an RFC 3339 date-time: {e}"),
                        Outcome::Invalid,
                    );
                    continue;
                }
            };
            if late && self.now - skew > instant {
                ok = false;
                f.fail(
                    CheckCode::Validity,
                    &pointer,
                    format!(
                        "expired on {text} (checked at {})",
                        self.now
                            .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
                    ),
                    Outcome::Expired,
                );
            } else if !late && self.now + skew < instant {
                ok = false;
                f.fail(
                    CheckCode::Validity,
                    &pointer,
                    format!(
                        "not valid until {text} (checked at {})",
                        self.now
                            .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
                    ),
                    Outcome::NotYetValid,
                );
            }
        }
        if ok {
            let window = match (&from, &until) {
                (None, None) => "no validity dates".to_owned(),
                (Some((_, a)), None) => format!("valid from {a}"),
                (None, Some((_, b))) => format!("valid until {b}"),
                (Some((_, a)), Some((_, b))) => format!("valid from {a} until {b}"),
            };
            f.pass(
                CheckCode::Validity,
                "",
                format!(
                    "{window}; checked at {}",
                    self.now
                        .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
                ),
            );
        }
    }
}
