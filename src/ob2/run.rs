//! One verification of an OB 2.0 assertion: every check, in the order and under the codes of the
//! OB 3.0 verifier, ending in the same [`VerificationReport`].

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::hosted::{check_scope, first_difference};
use super::input::{self, Carried, PayloadKind, Read, Source, is_ob2};
use super::keys::{self, KeySearch};
use super::model::{
    Assertion, BadgeClass, CONTEXT_V1, CONTEXT_V2, CONTEXT_V2_ALIAS, Endorsement, Link, OneOrMany,
    Profile, RevocationList, parse_datetime,
};
use super::revocation::hosted_revocation;
use super::signed::{Jws, SignatureError};
use super::{Documents, Method, Verification, VerifiedAssertion};
use crate::bake;
use crate::verify::findings::{Findings, problem};
use crate::verify::pipeline::summary;
use crate::verify::{
    CheckCode, DisplayCriteria, DisplayImage, DisplayView, ExpectedRecipient, InputKind, Outcome,
    Severity, VerificationReport, VerifyOptions,
};

/// How the assertion proves it is the issuer's.
enum Proof {
    /// Presented as JSON or a URL: it must be the copy hosted at its `id`.
    Hosted,
    /// Presented as a JWS.
    Signed(Box<Jws>, String),
}

/// One verification.
pub(crate) struct Run<'a> {
    pub(crate) documents: &'a dyn Documents,
    pub(crate) options: &'a VerifyOptions,
    pub(crate) now: DateTime<Utc>,
}

impl Run<'_> {
    /// Verifies an assertion as received.
    pub(crate) fn bytes(&self, bytes: &[u8]) -> Verification {
        let options = self.options;
        match input::read(
            bytes,
            options.max_input_bytes,
            &options.json_limits,
            &options.unbake_limits,
        ) {
            Ok(read) => self.read(read),
            Err(e) => {
                let kind = match bake::detect_format(bytes) {
                    Some(bake::ImageFormat::Png) => InputKind::Png,
                    Some(bake::ImageFormat::Svg) => InputKind::Svg,
                    None if matches!(e, input::ReadError::Json(_)) => InputKind::Json,
                    None => InputKind::Unknown,
                };
                let outcome = match e {
                    input::ReadError::Ob3Image => Outcome::NotAnOpenBadge,
                    _ => Outcome::Unreadable,
                };
                unreadable(kind, e.to_string(), outcome)
            }
        }
    }

    /// Verifies an assertion already read.
    pub(crate) fn read(&self, read: Read) -> Verification {
        let Read {
            source,
            carried,
            image,
        } = read;
        let from_url = matches!(carried, Carried::Url(_));
        let (presented, proof) = match carried {
            Carried::Jws(token) => {
                match Jws::parse(
                    &token,
                    self.options.max_jwt_bytes,
                    &self.options.json_limits,
                ) {
                    Ok(jws) => (jws.payload.clone(), Proof::Signed(Box::new(jws), token)),
                    Err(e) => {
                        return unreadable(
                            source.input,
                            format!("the signed assertion cannot be read: {e}"),
                            Outcome::Unreadable,
                        );
                    }
                }
            }
            Carried::Json(value) => (value, Proof::Hosted),
            Carried::Url(ref url) => match self.documents.document(url) {
                Some(document) => (document.clone(), Proof::Hosted),
                None => {
                    let mut f = Findings::default();
                    f.pass(CheckCode::Parse, "", format!("{} read", source.describe()));
                    f.fail(
                        CheckCode::Proof,
                        "",
                        format!(
                            "the assertion hosted at `{url}` was not supplied (save it with the documents to verify it offline)"
                        ),
                        Outcome::DocumentUnavailable,
                    );
                    return finish(f, source, None, image, None, None);
                }
            },
        };
        if !presented.is_object() {
            return unreadable(
                source.input,
                "the assertion JSON is not an object".to_owned(),
                Outcome::NotAnOpenBadge,
            );
        }
        // A URL came from an OB 2.0 carrier; what is hosted there may be a bare revocation notice.
        if !from_url && !is_ob2(&presented) {
            return unreadable(
                source.input,
                "this is not an Open Badges 2.0 assertion (no OB 2.0 `@context`)".to_owned(),
                Outcome::NotAnOpenBadge,
            );
        }
        self.assertion(presented, proof, source, image)
    }

    /// The supplied document at `url`, checked to be the one with that `id`.
    fn document(&self, url: &str) -> Result<&Value, String> {
        let document = self.documents.document(url).ok_or_else(|| {
            format!("`{url}` was not supplied (save it with the documents to verify offline)")
        })?;
        match document.get("id").and_then(Value::as_str) {
            Some(id) if id != url => Err(format!(
                "the document supplied for `{url}` has the id `{id}`"
            )),
            _ => Ok(document),
        }
    }

    fn assertion(
        &self,
        presented: Value,
        proof: Proof,
        source: Source,
        image: Option<DisplayImage>,
    ) -> Verification {
        let mut f = Findings::default();
        let signed = matches!(proof, Proof::Signed(..));
        f.pass(
            CheckCode::Parse,
            "",
            format!(
                "{} read; it is an Open Badges 2.0 {} assertion",
                source.describe(),
                if signed { "signed" } else { "hosted" }
            ),
        );
        contexts(&presented, &mut f);

        // PROOF (hosted): the assertion is the copy its issuer hosts at its `id`.
        let mut document = presented;
        let mut hosted_copy = false;
        let declared_signed = document
            .get("verification")
            .or_else(|| document.get("verify"))
            .and_then(|v| v.get("type"))
            .is_some_and(|t| {
                strings(t)
                    .iter()
                    .any(|t| matches!(*t, "signed" | "SignedBadge"))
            });
        if !signed && declared_signed {
            f.fail(
                CheckCode::Proof,
                "/verification",
                "a signed assertion must be presented as its JWS; its JSON alone carries no signature",
                Outcome::Forged,
            );
        } else if signed && !declared_signed {
            f.fail(
                CheckCode::Spec,
                "/verification/type",
                "the JWS carries an assertion whose verification type is not `signed`",
                Outcome::Invalid,
            );
        } else if !signed {
            match document
                .get("id")
                .and_then(Value::as_str)
                .map(str::to_owned)
            {
                None => f.fail(
                    CheckCode::Proof,
                    "/id",
                    "the hosted assertion has no `id`, the URL it must be hosted at",
                    Outcome::Invalid,
                ),
                Some(id) => match self.document(&id) {
                    Err(reason) => f.fail(
                        CheckCode::Proof,
                        "/id",
                        format!("the hosted assertion cannot be checked: {reason}"),
                        Outcome::DocumentUnavailable,
                    ),
                    Ok(hosted) => {
                        if let Some(revoked) = hosted_revocation(hosted) {
                            // The issuer replaced the assertion with a revocation notice, which
                            // may hold nothing but `id`, `revoked` and a reason.
                            f.pass(
                                CheckCode::Proof,
                                "/id",
                                format!("its issuer hosts a revocation notice for it at `{id}`"),
                            );
                            f.fail(
                                CheckCode::Status,
                                "/revoked",
                                format!(
                                    "revoked by its issuer (the copy hosted at `{id}` says `revoked: true`){}",
                                    revoked.reason.map(|r| format!(": {r}")).unwrap_or_default()
                                ),
                                Outcome::Revoked,
                            );
                            let shown = if hosted.get("badge").is_some() {
                                hosted
                            } else {
                                &document
                            };
                            let display = self.quiet_display(shown);
                            return finish(f, source, Some(hosted.clone()), image, display, None);
                        }
                        if let Some(pointer) = first_difference(&document, hosted) {
                            f.fail(
                                CheckCode::Proof,
                                &pointer,
                                format!(
                                    "the assertion differs from the copy its issuer hosts at `{id}` (first at `{pointer}`): it was altered"
                                ),
                                Outcome::Forged,
                            );
                        } else {
                            f.pass(
                                CheckCode::Proof,
                                "/id",
                                format!("the assertion is the copy its issuer hosts at `{id}`"),
                            );
                        }
                        document = hosted.clone();
                        hosted_copy = true;
                    }
                },
            }
        }

        let typed_assertion = if document
            .get("verification")
            .or_else(|| document.get("verify"))
            .is_none()
        {
            Err((
                "/verification".to_owned(),
                "required property `verification` is missing".to_owned(),
            ))
        } else {
            typed::<Assertion>(&document, ASSERTION_REQUIRED, "")
        };
        let assertion = match typed_assertion {
            Ok(assertion) => assertion,
            Err((pointer, message)) => {
                f.fail(CheckCode::Spec, &pointer, message, Outcome::Invalid);
                return finish(f, source, Some(document), image, None, None);
            }
        };
        self.spec_assertion(&assertion, &mut f);

        // The BadgeClass and the issuer Profile.
        let badge_class = self.badge_class(&assertion, signed, &mut f);
        let issuer = badge_class
            .as_ref()
            .and_then(|b| self.issuer(b, signed, &mut f));

        if !f.checks.iter().any(|c| c.code == CheckCode::Spec) {
            f.pass(
                CheckCode::Spec,
                "",
                "meets the Open Badges 2.0 data model rules",
            );
        }

        match (&proof, &issuer) {
            (Proof::Signed(jws, _), Some(issuer)) => {
                self.signature(jws, &assertion, issuer, &mut f);
            }
            (Proof::Signed(..), None) => {
                if !f.checks.iter().any(|c| c.code == CheckCode::Proof) {
                    f.fail(
                        CheckCode::Proof,
                        "/badge",
                        "the signature cannot be checked: the issuer's keys are found through the BadgeClass and the issuer profile",
                        Outcome::DocumentUnavailable,
                    );
                }
                f.skip(
                    CheckCode::IssuerBinding,
                    "/badge",
                    "the issuer profile is needed to find the key",
                );
            }
            (Proof::Hosted, Some(issuer)) if hosted_copy => {
                match check_scope(&assertion.id, issuer) {
                    Ok(rule) => f.pass(
                        CheckCode::IssuerBinding,
                        "/id",
                        format!(
                            "hosted where its issuer `{}` hosts assertions: {rule}",
                            issuer.id
                        ),
                    ),
                    Err(e) => f.fail_unless(
                        self.options.allow_unbound_key,
                        CheckCode::IssuerBinding,
                        "/id",
                        format!("not hosted where its issuer `{}` allows: {e}", issuer.id),
                        Outcome::UnboundKey,
                    ),
                }
            }
            (Proof::Hosted, _) => f.skip(
                CheckCode::IssuerBinding,
                "/id",
                "the hosted copy and the issuer profile are needed to check where it is hosted",
            ),
        }

        self.validity(&assertion, &mut f);
        self.status(&assertion, issuer.as_ref(), hosted_copy, &mut f);
        self.endorsements(&assertion, badge_class.as_ref(), issuer.as_ref(), &mut f);
        self.recipient(&assertion, &mut f);

        let verified = match (f.outcome(), badge_class.clone(), issuer.clone()) {
            (Outcome::Verified, Some(badge_class), Some(issuer)) => Some(VerifiedAssertion {
                assertion: assertion.clone(),
                badge_class,
                issuer,
                method: match proof {
                    Proof::Hosted => Method::Hosted {
                        url: assertion.id.clone(),
                    },
                    Proof::Signed(_, token) => Method::Signed { jws: token },
                },
                source,
            }),
            _ => None,
        };
        let display = display_parts(&assertion, badge_class.as_ref(), issuer.as_ref());
        finish(f, source, Some(document), image, Some(display), verified)
    }

    /// The display view of an assertion that is not verified further (revoked by its issuer):
    /// whatever the documents show, with no findings.
    fn quiet_display(&self, document: &Value) -> Option<Shown> {
        let assertion: Assertion = serde_json::from_value(document.clone()).ok()?;
        let mut ignored = Findings::default();
        let badge_class = self.badge_class(&assertion, false, &mut ignored);
        let issuer = badge_class
            .as_ref()
            .and_then(|b| self.issuer(b, false, &mut ignored));
        Some(display_parts(
            &assertion,
            badge_class.as_ref(),
            issuer.as_ref(),
        ))
    }

    fn badge_class(
        &self,
        assertion: &Assertion,
        signed: bool,
        f: &mut Findings,
    ) -> Option<BadgeClass> {
        let Some(url) = assertion.badge.id() else {
            f.fail(
                CheckCode::Spec,
                "/badge",
                "the embedded BadgeClass has no `id`",
                Outcome::Invalid,
            );
            return None;
        };
        let value = match (self.document(url), assertion.badge.embedded()) {
            (Ok(document), _) => document.clone(),
            // A signed assertion's embedded BadgeClass is covered by the signature.
            (Err(_), Some(embedded)) if signed => match serde_json::to_value(embedded) {
                Ok(value) => value,
                Err(e) => {
                    f.fail(CheckCode::Spec, "/badge", e.to_string(), Outcome::Invalid);
                    return None;
                }
            },
            (Err(reason), _) => {
                f.fail(
                    CheckCode::IssuerBinding,
                    "/badge",
                    format!("the BadgeClass is unavailable: {reason}"),
                    Outcome::DocumentUnavailable,
                );
                return None;
            }
        };
        match typed::<BadgeClass>(&value, BADGE_CLASS_REQUIRED, "/badge") {
            Ok(badge_class) => {
                if !has_type(&badge_class.types, &["BadgeClass"]) {
                    self.nonconformant(
                        f,
                        "OB2_TYPE",
                        "/badge/type",
                        format!("the BadgeClass `{url}` does not have type `BadgeClass`"),
                        Severity::Error,
                    );
                }
                Some(badge_class)
            }
            Err((pointer, message)) => {
                f.fail(CheckCode::Spec, &pointer, message, Outcome::Invalid);
                None
            }
        }
    }

    fn issuer(&self, badge_class: &BadgeClass, signed: bool, f: &mut Findings) -> Option<Profile> {
        let Some(url) = badge_class.issuer.id() else {
            f.fail(
                CheckCode::Spec,
                "/badge/issuer",
                "the embedded issuer profile has no `id`",
                Outcome::Invalid,
            );
            return None;
        };
        let value = match self.document(url) {
            Ok(document) => document.clone(),
            Err(reason) => {
                // Keys and hosting rules come from the issuer's own profile, never a copy.
                let code = if signed {
                    CheckCode::Proof
                } else {
                    CheckCode::IssuerBinding
                };
                f.fail(
                    code,
                    "/badge/issuer",
                    format!("the issuer profile is unavailable: {reason}"),
                    Outcome::DocumentUnavailable,
                );
                return None;
            }
        };
        match typed::<Profile>(&value, PROFILE_REQUIRED, "/badge/issuer") {
            Ok(profile) => {
                if !has_type(&profile.types, &["Issuer", "Profile"]) {
                    self.nonconformant(
                        f,
                        "OB2_TYPE",
                        "/badge/issuer/type",
                        format!("the issuer `{url}` has neither type `Issuer` nor `Profile`"),
                        Severity::Error,
                    );
                }
                for (field, value) in [
                    ("name", &profile.name),
                    ("url", &profile.url),
                    ("email", &profile.email),
                ] {
                    if value.is_none() {
                        self.nonconformant(
                            f,
                            "OB2_ISSUER_PROPERTY",
                            &format!("/badge/issuer/{field}"),
                            format!("the issuer `{url}` has no `{field}`, which OB 2.0 requires of an issuer"),
                            Severity::Error,
                        );
                    }
                }
                Some(profile)
            }
            Err((pointer, message)) => {
                f.fail(CheckCode::Spec, &pointer, message, Outcome::Invalid);
                None
            }
        }
    }

    fn signature(&self, jws: &Jws, assertion: &Assertion, issuer: &Profile, f: &mut Findings) {
        let creator = assertion.verification.creator.as_ref();
        match keys::search(jws, creator, issuer, self.documents) {
            KeySearch::Verified { key } => {
                f.pass(
                    CheckCode::Proof,
                    "",
                    format!("RS256 signature valid (key `{key}`)"),
                );
                f.pass(
                    CheckCode::IssuerBinding,
                    "/verification/creator",
                    format!(
                        "signed with `{key}`, a key the issuer `{}` lists as its own",
                        issuer.id
                    ),
                );
            }
            KeySearch::Unbound { key, reason } => {
                f.pass(
                    CheckCode::Proof,
                    "",
                    format!("RS256 signature valid (key `{key}`)"),
                );
                f.fail_unless(
                    self.options.allow_unbound_key,
                    CheckCode::IssuerBinding,
                    "/verification/creator",
                    format!("the signature is valid, but {reason}"),
                    Outcome::UnboundKey,
                );
            }
            KeySearch::Unavailable { reason } => f.fail(
                CheckCode::Proof,
                "/verification/creator",
                format!("the issuer's key is not available offline: {reason}"),
                Outcome::KeyUnavailable,
            ),
            KeySearch::Mismatch { tried } => f.fail(
                CheckCode::Proof,
                "",
                format!(
                    "the signature does not match under the issuer's key {}: the assertion was forged or altered",
                    tried
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                Outcome::Forged,
            ),
            KeySearch::Refused(e) => {
                // No signature at all is what 3.0 calls a credential without proof: forged.
                let outcome = match e {
                    SignatureError::AlgNone => Outcome::Forged,
                    _ => Outcome::Invalid,
                };
                f.fail(CheckCode::Proof, "", e.to_string(), outcome);
            }
        }
    }

    fn validity(&self, assertion: &Assertion, f: &mut Findings) {
        let skew = Duration::seconds(i64::from(self.options.clock_skew_seconds));
        let at = self.now.to_rfc3339_opts(SecondsFormat::AutoSi, true);
        let issued = parse_datetime(&assertion.issued_on);
        let expires = assertion.expires.as_deref().map(|e| (e, parse_datetime(e)));
        let mut ok = true;
        match issued {
            None => {
                ok = false;
                f.fail(
                    CheckCode::Validity,
                    "/issuedOn",
                    format!(
                        "`issuedOn` `{}` is not an ISO 8601 date-time with a zone",
                        assertion.issued_on
                    ),
                    Outcome::Invalid,
                );
            }
            Some(issued) if self.now + skew < issued => {
                ok = false;
                f.fail(
                    CheckCode::Validity,
                    "/issuedOn",
                    format!(
                        "issued in the future, on {} (checked at {at})",
                        assertion.issued_on
                    ),
                    Outcome::NotYetValid,
                );
            }
            Some(_) => {}
        }
        match expires {
            None => {}
            Some((text, None)) => {
                ok = false;
                f.fail(
                    CheckCode::Validity,
                    "/expires",
                    format!("`expires` `{text}` is not an ISO 8601 date-time with a zone"),
                    Outcome::Invalid,
                );
            }
            Some((text, Some(expires))) => {
                if issued.is_some_and(|issued| expires < issued) {
                    ok = false;
                    f.fail(
                        CheckCode::Validity,
                        "/expires",
                        format!("expires on {text}, before it was issued"),
                        Outcome::Invalid,
                    );
                } else if self.now - skew > expires {
                    ok = false;
                    f.fail(
                        CheckCode::Validity,
                        "/expires",
                        format!("expired on {text} (checked at {at})"),
                        Outcome::Expired,
                    );
                }
            }
        }
        if ok {
            let window = match &assertion.expires {
                Some(e) => format!("issued on {} and valid until {e}", assertion.issued_on),
                None => format!("issued on {}, no expiry", assertion.issued_on),
            };
            f.pass(
                CheckCode::Validity,
                "",
                format!("{window}; checked at {at}"),
            );
        }
    }

    fn status(
        &self,
        assertion: &Assertion,
        issuer: Option<&Profile>,
        hosted: bool,
        f: &mut Findings,
    ) {
        let allow = self.options.allow_unchecked_status;
        let Some(issuer) = issuer else {
            f.fail_unless(
                allow,
                CheckCode::Status,
                "",
                "revocation cannot be checked without the issuer profile".to_owned(),
                Outcome::StatusUnavailable,
            );
            return;
        };
        let Some(url) = issuer.revocation_list.as_deref() else {
            if hosted {
                f.pass(
                    CheckCode::Status,
                    "/revoked",
                    format!(
                        "not revoked: the copy hosted at `{}` is not marked revoked",
                        assertion.id
                    ),
                );
            } else {
                f.pass(
                    CheckCode::Status,
                    "",
                    format!("the issuer `{}` publishes no revocation list", issuer.id),
                );
            }
            return;
        };
        let list = match self.document(url) {
            Err(reason) => {
                f.fail_unless(
                    allow,
                    CheckCode::Status,
                    "/badge/issuer/revocationList",
                    format!("revocation cannot be checked offline: the revocation list {reason}"),
                    Outcome::StatusUnavailable,
                );
                return;
            }
            Ok(document) => serde_json::from_value::<RevocationList>(document.clone()),
        };
        let list = match list {
            Ok(list) if has_type(&list.types, &["RevocationList"]) => list,
            Ok(_) => {
                f.fail_unless(
                    allow,
                    CheckCode::Status,
                    "/badge/issuer/revocationList",
                    format!("the document at `{url}` is not a RevocationList"),
                    Outcome::StatusUnavailable,
                );
                return;
            }
            Err(e) => {
                f.fail_unless(
                    allow,
                    CheckCode::Status,
                    "/badge/issuer/revocationList",
                    format!("the revocation list `{url}` cannot be read: {e}"),
                    Outcome::StatusUnavailable,
                );
                return;
            }
        };
        if let Some(list_issuer) = list.issuer.as_deref() {
            if list_issuer != issuer.id {
                f.warn(
                    CheckCode::Status,
                    "/badge/issuer/revocationList",
                    format!(
                        "the revocation list `{url}` names `{list_issuer}` as its issuer, not `{}`",
                        issuer.id
                    ),
                );
            }
        }
        let uid = assertion.extensions.get("uid").and_then(Value::as_str);
        match list.revocation(&assertion.id, uid) {
            Some(revoked) => f.fail(
                CheckCode::Status,
                "/badge/issuer/revocationList",
                format!(
                    "revoked (revocation list `{url}`){}",
                    revoked.reason.map(|r| format!(": {r}")).unwrap_or_default()
                ),
                Outcome::Revoked,
            ),
            None => f.pass(
                CheckCode::Status,
                "/badge/issuer/revocationList",
                format!("not revoked (revocation list `{url}`)"),
            ),
        }
    }

    fn endorsements(
        &self,
        assertion: &Assertion,
        badge_class: Option<&BadgeClass>,
        issuer: Option<&Profile>,
        f: &mut Findings,
    ) {
        let groups = [
            (
                "/endorsement",
                assertion.endorsement.as_ref(),
                assertion.id.as_str(),
            ),
            (
                "/badge/endorsement",
                badge_class.and_then(|b| b.endorsement.as_ref()),
                badge_class.map_or("", |b| b.id.as_str()),
            ),
            (
                "/badge/issuer/endorsement",
                issuer.and_then(|i| i.endorsement.as_ref()),
                issuer.map_or("", |i| i.id.as_str()),
            ),
        ];
        let mut any = false;
        for (base, endorsements, endorsed) in groups {
            for (i, link) in endorsements.iter().flat_map(|e| e.iter()).enumerate() {
                any = true;
                let pointer = match endorsements {
                    Some(OneOrMany::Many(_)) => format!("{base}/{i}"),
                    _ => base.to_owned(),
                };
                if i >= self.options.max_endorsements {
                    f.skip(
                        CheckCode::Endorsement,
                        &pointer,
                        "endorsement not verified: too many endorsements",
                    );
                    continue;
                }
                match link {
                    Link::Iri(iri) => f.skip(
                        CheckCode::Endorsement,
                        &pointer,
                        format!("endorsement `{iri}` is only linked, not embedded"),
                    ),
                    Link::Embedded(endorsement) => {
                        self.endorsement(endorsement, endorsed, &pointer, f);
                    }
                }
            }
        }
        if !any {
            f.skip(CheckCode::Endorsement, "", "no embedded endorsements");
        }
    }

    /// An embedded endorsement: hosted where it says, by an endorser whose hosting rules allow
    /// it, about the node it is embedded in, and not revoked. Only ever a warning.
    fn endorsement(
        &self,
        endorsement: &Endorsement,
        endorsed: &str,
        pointer: &str,
        f: &mut Findings,
    ) {
        let endorser = endorsement
            .issuer
            .embedded()
            .and_then(|p| p.name.clone())
            .or_else(|| endorsement.issuer.id().map(str::to_owned))
            .unwrap_or_else(|| "unknown endorser".to_owned());
        let problem = (|| {
            if endorsement.claim.get("id").and_then(Value::as_str) != Some(endorsed) {
                return Err(format!("its claim is not about `{endorsed}`"));
            }
            if endorsement
                .verification
                .as_ref()
                .is_some_and(|v| v.is_signed())
            {
                return Err("signed endorsements are only verified from their JWS".to_owned());
            }
            let hosted = self.document(&endorsement.id)?;
            let presented = serde_json::to_value(endorsement).map_err(|e| e.to_string())?;
            if let Some(at) = first_difference(&presented, hosted) {
                return Err(format!(
                    "it differs from the copy hosted at `{}` (at `{at}`)",
                    endorsement.id
                ));
            }
            if hosted_revocation(hosted).is_some() {
                return Err("its endorser revoked it".to_owned());
            }
            let issuer_id = endorsement.issuer.id().ok_or("its issuer has no id")?;
            let profile: Profile = serde_json::from_value(self.document(issuer_id)?.clone())
                .map_err(|e| format!("the endorser profile `{issuer_id}` cannot be read: {e}"))?;
            check_scope(&endorsement.id, &profile).map_err(|e| e.to_string())?;
            Ok(profile.name.unwrap_or_else(|| issuer_id.to_owned()))
        })();
        match problem {
            Ok(name) => f.pass(
                CheckCode::Endorsement,
                pointer,
                format!(
                    "endorsement by {name} verified (hosted at `{}`)",
                    endorsement.id
                ),
            ),
            Err(reason) => f.warn(
                CheckCode::Endorsement,
                pointer,
                format!("endorsement by {endorser} does not verify: {reason}"),
            ),
        }
    }

    fn recipient(&self, assertion: &Assertion, f: &mut Findings) {
        let Some(expected) = &self.options.expected_recipient else {
            f.skip(
                CheckCode::Recipient,
                "/recipient",
                "no recipient to compare",
            );
            return;
        };
        let identity = &assertion.recipient;
        let (matched, who) = match expected {
            ExpectedRecipient::Email(email) => (
                identity.identity_type == "email" && identity.matches(email),
                format!("email `{email}`"),
            ),
            ExpectedRecipient::Id(id) => {
                let phone = id.strip_prefix("tel:").unwrap_or(id);
                let matched = match identity.identity_type.as_str() {
                    "url" | "id" => identity.matches(id),
                    "telephone" => identity.matches(phone),
                    _ => false,
                };
                (matched, format!("`{id}`"))
            }
        };
        if matched {
            f.pass(
                CheckCode::Recipient,
                "/recipient",
                format!("issued to {who}"),
            );
        } else {
            f.fail(
                CheckCode::Recipient,
                "/recipient",
                format!("not issued to {who}"),
                Outcome::RecipientMismatch,
            );
        }
    }
}

/// Required members of each class, checked before typing so that a missing one is reported with
/// its pointer.
const ASSERTION_REQUIRED: &[&str] = &["id", "recipient", "badge", "issuedOn"];
const BADGE_CLASS_REQUIRED: &[&str] = &[
    "id",
    "type",
    "name",
    "description",
    "image",
    "criteria",
    "issuer",
];
const PROFILE_REQUIRED: &[&str] = &["id", "type"];

/// Types `value`, reporting a missing required member (or a typing error) at its pointer below
/// `base`.
fn typed<T: DeserializeOwned>(
    value: &Value,
    required: &[&str],
    base: &str,
) -> Result<T, (String, String)> {
    if !value.is_object() {
        return Err((
            base.to_owned(),
            format!("expected an object, found {}", crate::json::kind(value)),
        ));
    }
    if let Some(missing) = required.iter().find(|m| value.get(**m).is_none()) {
        return Err((
            format!("{base}/{missing}"),
            format!("required property `{missing}` is missing"),
        ));
    }
    T::deserialize(value).map_err(|e| {
        (
            base.to_owned(),
            format!("not an Open Badges 2.0 object: {e}"),
        )
    })
}

impl Run<'_> {
    /// An OB 2.0 data-model problem: in the conformance verdict, a `SPEC` warning, or a failure
    /// in strict mode (as for OB 3.0 credentials).
    fn nonconformant(
        &self,
        f: &mut Findings,
        code: &str,
        pointer: &str,
        message: String,
        severity: Severity,
    ) {
        f.nonconformance(
            self.options.strict,
            CheckCode::Spec,
            problem(code, pointer, message, severity),
            Outcome::Invalid,
        );
    }

    fn spec_assertion(&self, assertion: &Assertion, f: &mut Findings) {
        if !has_type(&assertion.types, &["Assertion"]) {
            self.nonconformant(
                f,
                "OB2_TYPE",
                "/type",
                "`type` does not include `Assertion`".to_owned(),
                Severity::Error,
            );
        }
        let identity = &assertion.recipient;
        if !matches!(
            identity.identity_type.as_str(),
            "email" | "url" | "telephone" | "id"
        ) {
            self.nonconformant(
                f,
                "OB2_RECIPIENT_TYPE",
                "/recipient/type",
                format!(
                    "recipient identity type `{}` is none of email, url, telephone",
                    identity.identity_type
                ),
                Severity::Warning,
            );
        }
        if identity.hashed && identity.hash_algorithm().is_none() {
            self.nonconformant(
                f,
                "OB2_IDENTITY_HASH",
                "/recipient/identity",
                "a hashed identity must be `sha256$<hex>` or `md5$<hex>`".to_owned(),
                Severity::Error,
            );
        }
    }
}

/// The `@context` must be the OB 2.0 context (or its 1.1 predecessor): anything else could give
/// the same terms another meaning.
fn contexts(document: &Value, f: &mut Findings) {
    let known = |s: &str| s == CONTEXT_V2 || s == CONTEXT_V2_ALIAS || s == CONTEXT_V1;
    let entries: Vec<&Value> = match document.get("@context") {
        None => {
            f.warn(
                CheckCode::Contexts,
                "/@context",
                "no `@context`: an Open Badges 1.0 assertion, read as 2.0",
            );
            return;
        }
        Some(Value::Array(items)) => items.iter().collect(),
        Some(single) => vec![single],
    };
    for (i, entry) in entries.iter().enumerate() {
        match entry {
            Value::String(s) if known(s) => {}
            other => {
                let pointer = if entries.len() > 1 {
                    format!("/@context/{i}")
                } else {
                    "/@context".to_owned()
                };
                let shown = other
                    .as_str()
                    .map_or_else(|| crate::json::kind(other).to_owned(), |s| format!("`{s}`"));
                f.fail(
                    CheckCode::Contexts,
                    &pointer,
                    format!("unknown context {shown}: only the Open Badges 2.0 (and 1.1) context is used offline"),
                    Outcome::Invalid,
                );
                return;
            }
        }
    }
    f.pass(
        CheckCode::Contexts,
        "/@context",
        "the Open Badges 2.0 context",
    );
}

fn strings(value: &Value) -> Vec<&str> {
    match value {
        Value::String(s) => vec![s.as_str()],
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn has_type(types: &OneOrMany<String>, names: &[&str]) -> bool {
    types.iter().any(|t| names.contains(&t.as_str()))
}

/// The display view's parts that come from the documents.
struct Shown {
    image: Option<String>,
    name: Option<String>,
    description: Option<String>,
    criteria: Option<DisplayCriteria>,
    issuer_name: Option<String>,
    issuer_id: Option<String>,
    issued: Option<String>,
    expires: Option<String>,
}

fn display_parts(
    assertion: &Assertion,
    badge_class: Option<&BadgeClass>,
    issuer: Option<&Profile>,
) -> Shown {
    let image = assertion
        .image
        .as_ref()
        .and_then(Link::id)
        .or_else(|| badge_class.and_then(|b| b.image.id()))
        .map(str::to_owned);
    Shown {
        image,
        name: badge_class.map(|b| b.name.clone()),
        description: badge_class.map(|b| b.description.clone()),
        criteria: badge_class.and_then(|b| match &b.criteria {
            Link::Iri(url) => DisplayCriteria::new(Some(url.clone()), None),
            Link::Embedded(criteria) => {
                DisplayCriteria::new(criteria.id.clone(), criteria.narrative.clone())
            }
        }),
        issuer_name: issuer.and_then(|i| i.name.clone()),
        issuer_id: issuer
            .map(|i| i.id.clone())
            .or_else(|| badge_class.and_then(|b| b.issuer.id().map(str::to_owned))),
        issued: Some(assertion.issued_on.clone()),
        expires: assertion.expires.clone(),
    }
}

/// The report's `input`: what the OB 2.0 assertion was read from.
fn input_kind(source: &Source) -> InputKind {
    match (source.input, source.payload) {
        (InputKind::Png, _) => InputKind::Ob2Png,
        (InputKind::Svg, _) => InputKind::Ob2Svg,
        (_, PayloadKind::Json) => InputKind::Ob2Json,
        (_, PayloadKind::Jws) => InputKind::Ob2Jws,
        (_, PayloadKind::Url) => InputKind::Ob2Url,
    }
}

fn finish(
    f: Findings,
    source: Source,
    document: Option<Value>,
    image: Option<DisplayImage>,
    shown: Option<Shown>,
    verified: Option<VerifiedAssertion>,
) -> Verification {
    let outcome = f.outcome();
    let display = shown.map(|shown| DisplayView {
        image: image.or_else(|| shown.image.map(|url| DisplayImage::Url { url })),
        achievement_name: shown.name,
        achievement_description: shown.description,
        criteria: shown.criteria,
        issuer_name: shown.issuer_name,
        issuer_id: shown.issuer_id,
        issued: shown.issued,
        expires: shown.expires,
        status: outcome,
        status_text: outcome.describe().to_owned(),
    });
    Verification {
        report: VerificationReport {
            outcome,
            verified: outcome == Outcome::Verified,
            summary: summary(outcome, &f.checks),
            input: input_kind(&source),
            conformance: f.conformance(),
            checks: f.checks,
            proofs: Vec::new(),
            endorsements: Vec::new(),
            display,
            credential: document.map(crate::verify::report::CredentialJson::Parsed),
        },
        source: Some(source),
        verified: verified.filter(|_| outcome == Outcome::Verified),
    }
}

fn unreadable(kind: InputKind, message: String, outcome: Outcome) -> Verification {
    Verification {
        report: crate::verify::pipeline::unreadable_report(kind, message, outcome),
        source: None,
        verified: None,
    }
}
