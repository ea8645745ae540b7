//! LinkedIn "Add to profile" links for *verified* badges.
//!
//! LinkedIn offers no API for this without a partnership; what every wallet and issuer uses is the
//! add-to-profile deep link, which opens the member's "Add license or certification" form
//! prefilled:
//!
//! ```text
//! https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=…
//!   &organizationId=…  (or &organizationName=…)
//!   &issueYear=YYYY&issueMonth=M[&expirationYear=YYYY&expirationMonth=M]&certUrl=…&certId=…
//! ```
//!
//! Mapping from the credential:
//! - `name` ← `credentialSubject.achievement.name`;
//! - `organizationId` ← the issuer's `otherIdentifier` whose `identifierType` is
//!   `ext:LinkedIn:organizationId` (the spelling proposed in LCW #754) or `ext:LinkedInOrganizationId`
//!   (the spelling that also satisfies OB's anchored `ext:` pattern), when it is numeric — it gives
//!   the issuer's logo and page link; otherwise `organizationName` ← the issuer's `name`;
//! - issue date ← `awardedDate` (kept when a credential is re-issued), else `validFrom`, else the
//!   VC 1.1 `issuanceDate`; expiry ← `validUntil`, else `expirationDate`. Year and month are those
//!   of the timestamp as written (its own offset), months 1–12 without a leading zero;
//! - `certUrl` ← the public page the caller hosts; `certId` ← the credential `id`.
//!
//! Values are percent-encoded as UTF-8 with spaces as `%20` (what `encodeURIComponent` produces in
//! the widely used JavaScript implementations; every decoder reads `%20` as a space, while `+` is
//! only a space under form decoding).
//!
//! **Only verified badges can be shared.** [`add_to_profile_url`] takes a [`ShareableCredential`],
//! which has private fields and no public constructor: only this crate's verifier creates one,
//! after the proof, dates and status checked out (DCC's wallet once let unverified badges reach
//! LinkedIn, LCW #350). [`Certification::to_url`] formats any data a caller assembles itself, but
//! nothing in the crate turns an unverified credential into a LinkedIn link.

use chrono::Datelike as _;
use serde_json::Value;

use crate::model::{AchievementCredential, Profile, Timestamp};

/// LinkedIn's add-to-profile endpoint.
pub const ADD_TO_PROFILE_ENDPOINT: &str = "https://www.linkedin.com/profile/add";

/// `identifierType`s read as the issuer's numeric LinkedIn organization id, in order of preference.
pub const ORGANIZATION_ID_TYPES: [&str; 2] =
    ["ext:LinkedIn:organizationId", "ext:LinkedInOrganizationId"];

/// Why a LinkedIn link could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LinkedInError {
    /// The verified credential is not an OpenBadgeCredential / AchievementCredential.
    #[error("not an Open Badges achievement credential: {reason}")]
    NotAnOpenBadge {
        /// What the model reported.
        reason: String,
    },
    /// The achievement has an empty name.
    #[error("credentialSubject.achievement.name is empty")]
    EmptyName,
    /// The issuer has neither a LinkedIn organization id nor a name (e.g. `issuer` is a bare URI).
    #[error("issuer {issuer:?} has no LinkedIn organization id and no name")]
    NoOrganization {
        /// The issuer id.
        issuer: String,
    },
    /// No awardedDate, validFrom or issuanceDate.
    #[error("the credential has no awardedDate, validFrom or issuanceDate")]
    MissingIssueDate,
    /// A date property is not a valid timestamp.
    #[error("{field}: {value:?} is not an RFC 3339 date-time")]
    InvalidDate {
        /// The JSON property.
        field: &'static str,
        /// Its text.
        value: String,
    },
    /// The public page URL is not an absolute http(s) URL.
    #[error("the public credential URL {url:?} is not an absolute http(s) URL")]
    InvalidPublicUrl {
        /// The URL given.
        url: String,
    },
}

/// A credential that passed verification and may therefore be shared.
///
/// Created only inside the crate, by the verifier (`ShareableCredential::from_verified`), so the
/// type itself is the proof that verification succeeded. Code outside the crate cannot make one:
///
/// ```compile_fail,E0624
/// let unverified = serde_json::json!({});
/// let _ = openbadges::linkedin::ShareableCredential::from_verified(&unverified);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ShareableCredential {
    credential: AchievementCredential,
}

impl ShareableCredential {
    /// Wraps a credential **that the caller has just verified** (proof, issuer binding, dates and
    /// status). Reserved to the crate's verifier; until it lands, only unit tests call it.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn from_verified(credential: &Value) -> Result<Self, LinkedInError> {
        AchievementCredential::from_json(credential)
            .map(|credential| ShareableCredential { credential })
            .map_err(|e| LinkedInError::NotAnOpenBadge {
                reason: e.to_string(),
            })
    }

    /// The verified credential.
    pub fn credential(&self) -> &AchievementCredential {
        &self.credential
    }
}

/// Who issued the certification, as LinkedIn takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Organization {
    /// The numeric id of the issuer's LinkedIn page (shows its logo and links to it).
    Id(String),
    /// Plain text.
    Name(String),
}

/// A year and a month (1–12).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearMonth {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
}

/// The fields of LinkedIn's add-certification form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certification {
    /// Certification name.
    pub name: String,
    /// Issuing organization.
    pub organization: Organization,
    /// Issue date.
    pub issued: YearMonth,
    /// Expiry, if any.
    pub expires: Option<YearMonth>,
    /// Public page showing the credential ("Show credential").
    pub cert_url: String,
    /// Credential id.
    pub cert_id: String,
}

impl Certification {
    /// The form fields for a verified credential shown at `public_url` (see the module docs for
    /// the mapping).
    pub fn from_verified(
        credential: &ShareableCredential,
        public_url: &str,
    ) -> Result<Self, LinkedInError> {
        let vc = &credential.credential;
        if !url::Url::parse(public_url).is_ok_and(|u| matches!(u.scheme(), "http" | "https")) {
            return Err(LinkedInError::InvalidPublicUrl {
                url: public_url.to_owned(),
            });
        }
        let name = vc.credential_subject.achievement.name.as_str().trim();
        if name.is_empty() {
            return Err(LinkedInError::EmptyName);
        }
        let organization = vc.issuer.profile().and_then(organization).ok_or_else(|| {
            LinkedInError::NoOrganization {
                issuer: vc.issuer.id().to_owned(),
            }
        })?;
        let issued = [
            ("awardedDate", &vc.awarded_date),
            ("validFrom", &vc.valid_from),
            ("issuanceDate", &vc.issuance_date),
        ]
        .into_iter()
        .find_map(|(field, t)| t.as_ref().map(|t| year_month(field, t)))
        .ok_or(LinkedInError::MissingIssueDate)??;
        let expires = [
            ("validUntil", &vc.valid_until),
            ("expirationDate", &vc.expiration_date),
        ]
        .into_iter()
        .find_map(|(field, t)| t.as_ref().map(|t| year_month(field, t)))
        .transpose()?;
        Ok(Certification {
            name: name.to_owned(),
            organization,
            issued,
            expires,
            cert_url: public_url.to_owned(),
            cert_id: vc.id.clone(),
        })
    }

    /// The add-to-profile URL.
    ///
    /// ```
    /// use openbadges::linkedin::{Certification, Organization, YearMonth};
    ///
    /// let cert = Certification {
    ///     name: "Feedback That Moves Learning".into(),
    ///     organization: Organization::Id("1337".into()),
    ///     issued: YearMonth { year: 2025, month: 3 },
    ///     expires: None,
    ///     cert_url: "https://badges.example.org/c/42".into(),
    ///     cert_id: "urn:uuid:42".into(),
    /// };
    /// assert_eq!(
    ///     cert.to_url(),
    ///     "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME\
    ///      &name=Feedback%20That%20Moves%20Learning&organizationId=1337&issueYear=2025&issueMonth=3\
    ///      &certUrl=https%3A%2F%2Fbadges.example.org%2Fc%2F42&certId=urn%3Auuid%3A42"
    /// );
    /// ```
    pub fn to_url(&self) -> String {
        let mut url = format!("{ADD_TO_PROFILE_ENDPOINT}?startTask=CERTIFICATION_NAME");
        let mut param = |key: &str, value: &str| {
            url.push('&');
            url.push_str(key);
            url.push('=');
            url.push_str(&encode(value));
        };
        param("name", &self.name);
        match &self.organization {
            Organization::Id(id) => param("organizationId", id),
            Organization::Name(name) => param("organizationName", name),
        }
        param("issueYear", &self.issued.year.to_string());
        param("issueMonth", &self.issued.month.to_string());
        if let Some(expires) = self.expires {
            param("expirationYear", &expires.year.to_string());
            param("expirationMonth", &expires.month.to_string());
        }
        param("certUrl", &self.cert_url);
        param("certId", &self.cert_id);
        url
    }
}

/// The LinkedIn add-to-profile URL for a verified credential shown at `public_url`:
/// [`Certification::from_verified`] then [`Certification::to_url`].
pub fn add_to_profile_url(
    credential: &ShareableCredential,
    public_url: &str,
) -> Result<String, LinkedInError> {
    Certification::from_verified(credential, public_url).map(|c| c.to_url())
}

/// The issuer's LinkedIn organization id if it has a numeric one, else its non-empty name.
fn organization(issuer: &Profile) -> Option<Organization> {
    let id = ORGANIZATION_ID_TYPES.iter().find_map(|wanted| {
        issuer
            .other_identifier
            .iter()
            .flatten()
            .find(|entry| {
                entry.identifier_type.as_str() == *wanted
                    && !entry.identifier.is_empty()
                    && entry.identifier.bytes().all(|b| b.is_ascii_digit())
            })
            .map(|entry| Organization::Id(entry.identifier.clone()))
    });
    id.or_else(|| {
        let name = issuer.name.as_ref()?.as_str().trim();
        (!name.is_empty()).then(|| Organization::Name(name.to_owned()))
    })
}

fn year_month(field: &'static str, timestamp: &Timestamp) -> Result<YearMonth, LinkedInError> {
    let at = timestamp
        .to_fixed_offset()
        .map_err(|_| LinkedInError::InvalidDate {
            field,
            value: timestamp.as_str().to_owned(),
        })?;
    Ok(YearMonth {
        year: at.year(),
        month: at.month(),
    })
}

/// UTF-8 percent-encoding with spaces as `%20` (form encoding writes `+` for a space and `%2B` for
/// a literal plus, so replacing `+` afterwards is exact).
fn encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn credential(issuer: Value, dates: Value) -> Value {
        let mut vc = json!({
            "@context": ["https://www.w3.org/ns/credentials/v2",
                         "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
            "id": "urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": issuer,
            "credentialSubject": {
                "type": ["AchievementSubject"],
                "id": "did:example:teacher",
                "achievement": {
                    "id": "https://example.org/achievements/feedback",
                    "type": ["Achievement"],
                    "name": "Rétroaction efficace — 反馈",
                    "description": "d", "criteria": {"narrative": "c"}
                }
            }
        });
        if let (Some(vc), Some(dates)) = (vc.as_object_mut(), dates.as_object()) {
            vc.extend(dates.clone());
        }
        vc
    }

    fn district(identifiers: Value) -> Value {
        json!({"id": "https://district.example", "type": ["Profile"],
               "name": "Académie de Lyon", "otherIdentifier": identifiers})
    }

    fn url_for(vc: &Value) -> Result<String, LinkedInError> {
        let shareable = ShareableCredential::from_verified(vc)?;
        add_to_profile_url(&shareable, "https://badges.example.org/c/42")
    }

    const NAME: &str = "R%C3%A9troaction%20efficace%20%E2%80%94%20%E5%8F%8D%E9%A6%88";
    const TAIL: &str = "certUrl=https%3A%2F%2Fbadges.example.org%2Fc%2F42\
                        &certId=urn%3Auuid%3A91537dba-56cb-11ec-bf63-0242ac130002";

    #[test]
    fn organization_id_from_other_identifier_and_awarded_date_first() {
        let vc = credential(
            district(json!([
                {"type": "IdentifierEntry", "identifierType": "ext:LinkedIn:organizationId", "identifier": "1337"}
            ])),
            json!({"validFrom": "2025-01-31T23:00:00Z", "awardedDate": "2024-12-15T10:00:00Z",
                   "validUntil": "2027-06-30T00:00:00Z"}),
        );
        assert_eq!(
            url_for(&vc).unwrap(),
            format!(
                "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name={NAME}\
                 &organizationId=1337&issueYear=2024&issueMonth=12\
                 &expirationYear=2027&expirationMonth=6&{TAIL}"
            )
        );
    }

    #[test]
    fn organization_name_when_the_id_is_absent_or_not_numeric() {
        for identifiers in [
            json!([]),
            json!([{"type": "IdentifierEntry", "identifierType": "ext:LinkedIn:organizationId", "identifier": "acme"}]),
            json!([{"type": "IdentifierEntry", "identifierType": "systemId", "identifier": "1337"}]),
        ] {
            let vc = credential(
                district(identifiers),
                json!({"validFrom": "2025-01-31T23:00:00-05:00"}),
            );
            assert_eq!(
                url_for(&vc).unwrap(),
                format!(
                    "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name={NAME}\
                     &organizationName=Acad%C3%A9mie%20de%20Lyon&issueYear=2025&issueMonth=1&{TAIL}"
                ),
                "month is taken in the timestamp's own offset"
            );
        }
    }

    #[test]
    fn second_id_spelling_is_read() {
        let vc = credential(
            district(json!([
                {"type": "IdentifierEntry", "identifierType": "ext:LinkedInOrganizationId", "identifier": "42"}
            ])),
            json!({"validFrom": "2025-03-01T00:00:00Z"}),
        );
        assert!(url_for(&vc).unwrap().contains("&organizationId=42&"));
    }

    #[test]
    fn vc_1_1_dates() {
        let mut vc = credential(
            district(json!([])),
            json!({"issuanceDate": "2023-09-01T00:00:00Z", "expirationDate": "2026-08-31T00:00:00Z"}),
        );
        vc["@context"][0] = json!("https://www.w3.org/2018/credentials/v1");
        let url = url_for(&vc).unwrap();
        assert!(
            url.contains("&issueYear=2023&issueMonth=9&expirationYear=2026&expirationMonth=8&")
        );
    }

    #[test]
    fn refusals() {
        let dated = json!({"validFrom": "2025-03-01T00:00:00Z"});
        let bare_issuer = credential(json!("https://district.example"), dated.clone());
        assert_eq!(
            url_for(&bare_issuer),
            Err(LinkedInError::NoOrganization {
                issuer: "https://district.example".into()
            })
        );
        let undated = credential(district(json!([])), json!({}));
        assert_eq!(url_for(&undated), Err(LinkedInError::MissingIssueDate));
        let bad_date = credential(district(json!([])), json!({"validFrom": "2025-03-01"}));
        assert_eq!(
            url_for(&bad_date),
            Err(LinkedInError::InvalidDate {
                field: "validFrom",
                value: "2025-03-01".into()
            })
        );
        let ok =
            ShareableCredential::from_verified(&credential(district(json!([])), dated)).unwrap();
        for bad_url in ["badges.example.org/c/42", "ftp://example.org/c", ""] {
            assert_eq!(
                add_to_profile_url(&ok, bad_url),
                Err(LinkedInError::InvalidPublicUrl {
                    url: bad_url.into()
                })
            );
        }
        assert!(matches!(
            ShareableCredential::from_verified(&json!({"type": "VerifiableCredential"})),
            Err(LinkedInError::NotAnOpenBadge { .. })
        ));
    }
}
