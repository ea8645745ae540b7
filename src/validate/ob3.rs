//! Open Badges 3.0 rules: the classes of the OB data model on top of the VC data-model layer.

use serde_json::{Map, Value};

use super::checker::{Card, Validator};
use super::vc::DataModel;
use super::{ProblemCode, child, is_compact_jws, is_identity_hash, is_ob_context};
use crate::json;
use crate::model::{
    AchievementType, AlignmentTargetType, IdentifierTypeEnum, ResultStatusType, ResultType,
};

impl Validator {
    // ----- credentials -------------------------------------------------------------------------

    /// The VC data-model rules, then what Open Badges adds to every credential; returns the
    /// root object and whether it is a VC 1.1 credential.
    fn credential_envelope<'a>(
        &mut self,
        value: &'a Value,
        pointer: &str,
        subtype: &[&str],
        class: &str,
    ) -> Option<(&'a Map<String, Value>, bool)> {
        let (obj, model) = self.vc_credential(value, pointer)?;
        let v1 = model == DataModel::V1;
        self.ob_context(obj, pointer);
        // The VC data model checks the values; Open Badges makes these properties required.
        self.required(obj, pointer, "id", class);
        if !v1 {
            self.required(obj, pointer, "validFrom", class);
        }
        self.type_includes(obj, pointer, subtype, class);
        if let Some(issuer @ Value::Object(_)) = obj.get("issuer") {
            self.profile_checked_by_vc(issuer, &child(pointer, "issuer"));
        }
        self.optional_date(obj, pointer, "awardedDate");
        // Open Badges allows one status and one refresh service, and requires their `id`.
        for (key, card) in [
            ("credentialStatus", Card::Single),
            ("credentialSchema", Card::Either),
            ("refreshService", Card::Single),
        ] {
            for (p, v) in self.optional(obj, pointer, key, card) {
                if let Some(item) = v.as_object() {
                    self.required(item, &p, "id", key);
                }
            }
        }
        Some((obj, v1))
    }

    /// What Open Badges adds to `@context`: an array whose item 1 is an OB 3.0 context URL
    /// (item 0 and the rest are the VC layer's).
    fn ob_context(&mut self, obj: &Map<String, Value>, pointer: &str) {
        let Some(value) = obj.get("@context") else {
            return;
        };
        let p = child(pointer, "@context");
        let Value::Array(items) = value else {
            self.report(ProblemCode::BadContext, &p, "`@context` must be an array");
            return;
        };
        match items.get(1) {
            None => self.report(
                ProblemCode::BadContext,
                &p,
                "`@context` needs the VC context then the Open Badges 3.0 context",
            ),
            Some(item) => {
                if !item.as_str().is_some_and(is_ob_context) {
                    self.report(
                        ProblemCode::BadContext,
                        &child(&p, "1"),
                        format!("`@context` item 1 must be an Open Badges 3.0 context URL (https://purl.imsglobal.org/spec/ob/v3p0/context-3.x.y.json), found {item}"),
                    );
                }
            }
        }
    }

    pub(super) fn achievement_credential(&mut self, value: &Value, pointer: &str) {
        const C: &str = "AchievementCredential";
        let Some((obj, v1)) = self.credential_envelope(
            value,
            pointer,
            &["OpenBadgeCredential", "AchievementCredential"],
            C,
        ) else {
            return;
        };
        // The VC 1.1 form of the class (and its schema) requires `name`.
        if v1 {
            self.required(obj, pointer, "name", C);
        }
        for (p, v) in self.optional(obj, pointer, "image", Card::Single) {
            self.image(v, &p);
        }
        if let Some(subject) = obj.get("credentialSubject") {
            let p = child(pointer, "credentialSubject");
            for (p, v) in self.values(subject, p, Card::Single, "credentialSubject") {
                self.achievement_subject(v, &p);
            }
        }
        self.endorsements(obj, pointer);
        for (p, v) in self.optional(obj, pointer, "evidence", Card::Array) {
            self.evidence(v, &p);
        }
    }

    pub(super) fn endorsement_credential(&mut self, value: &Value, pointer: &str) {
        const C: &str = "EndorsementCredential";
        let Some((obj, _)) =
            self.credential_envelope(value, pointer, &["EndorsementCredential"], C)
        else {
            return;
        };
        self.required(obj, pointer, "name", C);
        if let Some(subject) = obj.get("credentialSubject") {
            let p = child(pointer, "credentialSubject");
            for (p, v) in self.values(subject, p, Card::Single, "credentialSubject") {
                let Some(s) = v.as_object() else {
                    continue;
                };
                self.required(s, &p, "id", "EndorsementSubject");
                self.types(s, &p, &[&["EndorsementSubject"]], "EndorsementSubject");
                self.opt_strings(s, &p, &["endorsementComment"]);
            }
        }
    }

    fn endorsements(&mut self, obj: &Map<String, Value>, pointer: &str) {
        for (p, v) in self.optional(obj, pointer, "endorsement", Card::Array) {
            self.endorsement_credential(v, &p);
        }
        for (p, v) in self.optional(obj, pointer, "endorsementJwt", Card::Array) {
            if let Some(s) = self.string(v, &p) {
                if !is_compact_jws(s) {
                    self.report(
                        ProblemCode::BadJws,
                        &p,
                        "not a compact JWS (header.payload.signature)",
                    );
                }
            }
        }
    }

    // ----- classes -----------------------------------------------------------------------------

    fn profile(&mut self, value: &Value, pointer: &str) {
        const C: &str = "Profile";
        let Some(obj) = self.object(value, pointer, C) else {
            return;
        };
        self.required_uri(obj, pointer, "id", C);
        self.texts(obj, pointer, &[], &["name", "description"], C);
        self.profile_rest(obj, pointer);
    }

    /// The credential's `issuer` profile: its `id`, `name` and `description` are the VC layer's.
    fn profile_checked_by_vc(&mut self, value: &Value, pointer: &str) {
        if let Some(obj) = value.as_object() {
            self.profile_rest(obj, pointer);
        }
    }

    fn profile_rest(&mut self, obj: &Map<String, Value>, pointer: &str) {
        const C: &str = "Profile";
        self.types(obj, pointer, &[&["Profile"]], C);
        for (p, v) in self.optional(obj, pointer, "url", Card::Single) {
            self.url(v, &p);
        }
        self.opt_strings(
            obj,
            pointer,
            &[
                "phone",
                "email",
                "official",
                "givenName",
                "familyName",
                "additionalName",
                "patronymicName",
                "honorificPrefix",
                "honorificSuffix",
                "familyNamePrefix",
                "dateOfBirth",
            ],
        );
        for (p, v) in self.optional(obj, pointer, "image", Card::Single) {
            self.image(v, &p);
        }
        for (p, v) in self.optional(obj, pointer, "address", Card::Single) {
            self.address(v, &p);
        }
        for (p, v) in self.optional(obj, pointer, "otherIdentifier", Card::Array) {
            self.identifier_entry(v, &p);
        }
        for (p, v) in self.optional(obj, pointer, "parentOrg", Card::Single) {
            self.profile(v, &p);
        }
        self.endorsements(obj, pointer);
    }

    fn address(&mut self, value: &Value, pointer: &str) {
        const C: &str = "Address";
        let Some(obj) = self.object(value, pointer, C) else {
            return;
        };
        self.types(obj, pointer, &[&["Address"]], C);
        self.opt_strings(
            obj,
            pointer,
            &[
                "addressCountry",
                "addressCountryCode",
                "addressRegion",
                "addressLocality",
                "streetAddress",
                "postOfficeBoxNumber",
                "postalCode",
            ],
        );
        for (p, v) in self.optional(obj, pointer, "geo", Card::Single) {
            let Some(geo) = self.object(v, &p, "GeoCoordinates") else {
                continue;
            };
            self.types(geo, &p, &[&["GeoCoordinates"]], "GeoCoordinates");
            for key in ["latitude", "longitude"] {
                if self.required(geo, &p, key, "GeoCoordinates").is_some() {
                    self.number(geo, &p, key);
                }
            }
        }
    }

    fn image(&mut self, value: &Value, pointer: &str) {
        const C: &str = "Image";
        let Some(obj) = self.object(value, pointer, C) else {
            return;
        };
        self.required_uri(obj, pointer, "id", C);
        self.exact_type(obj, pointer, C);
        self.opt_strings(obj, pointer, &["caption"]);
        self.closed_class(obj, pointer, &["id", "type", "caption"], C);
    }

    fn identifier_entry(&mut self, value: &Value, pointer: &str) {
        const C: &str = "IdentifierEntry";
        let Some(obj) = self.object(value, pointer, C) else {
            return;
        };
        self.exact_type(obj, pointer, C);
        if let Some(v) = self.required(obj, pointer, "identifier", C) {
            self.string(v, &child(pointer, "identifier"));
        }
        if let Some(v) = self.required(obj, pointer, "identifierType", C) {
            self.enumeration(
                v,
                &child(pointer, "identifierType"),
                IdentifierTypeEnum::LISTED,
                true,
                "IdentifierTypeEnum",
            );
        }
        self.closed_class(obj, pointer, &["type", "identifier", "identifierType"], C);
    }

    fn identity_object(&mut self, value: &Value, pointer: &str) {
        const C: &str = "IdentityObject";
        let Some(obj) = self.object(value, pointer, C) else {
            return;
        };
        self.exact_type(obj, pointer, C);
        let hashed = match self.required(obj, pointer, "hashed", C) {
            Some(Value::Bool(b)) => Some(*b),
            Some(other) => {
                self.report(
                    ProblemCode::WrongType,
                    &child(pointer, "hashed"),
                    format!("expected a boolean, found {}", json::kind(other)),
                );
                None
            }
            None => None,
        };
        if let Some(v) = self.required(obj, pointer, "identityHash", C) {
            let p = child(pointer, "identityHash");
            if let Some(hash) = self.string(v, &p) {
                if hashed == Some(true) && !is_identity_hash(hash) {
                    self.report(
                        ProblemCode::BadIdentityHash,
                        &p,
                        "a hashed identity must be `sha256$` + 64 hex digits or `md5$` + 32 hex digits",
                    );
                }
            }
        }
        if let Some(v) = self.required(obj, pointer, "identityType", C) {
            self.enumeration(
                v,
                &child(pointer, "identityType"),
                IdentifierTypeEnum::LISTED,
                true,
                "IdentifierTypeEnum",
            );
        }
        self.opt_strings(obj, pointer, &["salt"]);
        self.closed_class(
            obj,
            pointer,
            &["type", "hashed", "identityHash", "identityType", "salt"],
            C,
        );
    }

    fn evidence(&mut self, value: &Value, pointer: &str) {
        const C: &str = "Evidence";
        let Some(obj) = self.object(value, pointer, C) else {
            return;
        };
        // `id` and the presence of `type` are the VC layer's.
        self.type_includes(obj, pointer, &["Evidence"], C);
        self.texts(obj, pointer, &[], &["name", "description"], C);
        self.opt_strings(obj, pointer, &["narrative", "genre", "audience"]);
    }

    fn achievement_subject(&mut self, value: &Value, pointer: &str) {
        const C: &str = "AchievementSubject";
        let Some(obj) = self.object(value, pointer, C) else {
            return;
        };
        self.types(obj, pointer, &[&["AchievementSubject"]], C);
        // The VC layer checks the `id` value.
        let has_id = obj.get("id").is_some_and(|id| !id.is_null());
        let identifiers = self.optional(obj, pointer, "identifier", Card::Array);
        if !has_id && identifiers.is_empty() {
            self.report(
                ProblemCode::MissingRecipient,
                pointer,
                "credentialSubject needs an `id` or at least one `identifier`",
            );
        }
        for (p, v) in identifiers {
            self.identity_object(v, &p);
        }
        self.number(obj, pointer, "creditsEarned");
        self.opt_strings(
            obj,
            pointer,
            &[
                "licenseNumber",
                "narrative",
                "role",
                "term",
                "activityStartDate",
                "activityEndDate",
            ],
        );
        for (p, v) in self.optional(obj, pointer, "image", Card::Single) {
            self.image(v, &p);
        }
        for (p, v) in self.optional(obj, pointer, "source", Card::Single) {
            self.profile(v, &p);
        }
        let achievement = self.required(obj, pointer, "achievement", C);
        let rubric = match achievement {
            Some(a) => {
                let p = child(pointer, "achievement");
                self.achievement(a, &p)
            }
            None => Rubric::default(),
        };
        for (p, v) in self.optional(obj, pointer, "result", Card::Array) {
            self.result(v, &p, &rubric, achievement.is_some());
        }
    }

    /// Returns the achievement's result descriptions for cross-checking results.
    fn achievement(&mut self, value: &Value, pointer: &str) -> Rubric {
        const C: &str = "Achievement";
        let mut rubric = Rubric::default();
        let Some(obj) = self.object(value, pointer, C) else {
            return rubric;
        };
        self.required_uri(obj, pointer, "id", C);
        self.types(obj, pointer, &[&["Achievement"]], C);
        self.texts(obj, pointer, &["name", "description"], &[], C);
        if let Some(criteria) = self.required(obj, pointer, "criteria", C) {
            let p = child(pointer, "criteria");
            if let Some(c) = self.object(criteria, &p, "Criteria") {
                self.optional_uri(c, &p, "id");
                self.opt_strings(c, &p, &["narrative"]);
                if !c.contains_key("id") && !c.contains_key("narrative") {
                    self.warn(
                        ProblemCode::EmptyCriteria,
                        &p,
                        "criteria should have an `id` (URL) or a `narrative`",
                    );
                }
            }
        }
        self.optional_enum(
            obj,
            pointer,
            "achievementType",
            AchievementType::LISTED,
            true,
            "AchievementType",
        );
        for (p, v) in self.optional(obj, pointer, "alignment", Card::Array) {
            self.alignment(v, &p);
        }
        for (p, v) in self.optional(obj, pointer, "creator", Card::Single) {
            self.profile(v, &p);
        }
        self.number(obj, pointer, "creditsAvailable");
        self.endorsements(obj, pointer);
        self.opt_strings(
            obj,
            pointer,
            &[
                "fieldOfStudy",
                "humanCode",
                "inLanguage",
                "specialization",
                "version",
            ],
        );
        for (p, v) in self.optional(obj, pointer, "image", Card::Single) {
            self.image(v, &p);
        }
        for (p, v) in self.optional(obj, pointer, "otherIdentifier", Card::Array) {
            self.identifier_entry(v, &p);
        }
        for (p, v) in self.optional(obj, pointer, "related", Card::Array) {
            if let Some(r) = self.object(v, &p, "Related") {
                self.required_uri(r, &p, "id", "Related");
                self.types(r, &p, &[&["Related"]], "Related");
                self.opt_strings(r, &p, &["inLanguage", "version"]);
            }
        }
        for (p, v) in self.optional(obj, pointer, "tag", Card::Array) {
            self.string(v, &p);
        }
        for (p, v) in self.optional(obj, pointer, "resultDescription", Card::Array) {
            if let Some(rd) = self.result_description(v, &p) {
                rubric.descriptions.push(rd);
            }
        }
        rubric
    }

    fn alignment(&mut self, value: &Value, pointer: &str) {
        const C: &str = "Alignment";
        let Some(obj) = self.object(value, pointer, C) else {
            return;
        };
        self.types(obj, pointer, &[&["Alignment"]], C);
        if let Some(v) = self.required(obj, pointer, "targetName", C) {
            self.string(v, &child(pointer, "targetName"));
        }
        if let Some(v) = self.required(obj, pointer, "targetUrl", C) {
            self.url(v, &child(pointer, "targetUrl"));
        }
        self.opt_strings(
            obj,
            pointer,
            &["targetCode", "targetDescription", "targetFramework"],
        );
        self.optional_enum(
            obj,
            pointer,
            "targetType",
            AlignmentTargetType::LISTED,
            true,
            "AlignmentTargetType",
        );
    }

    fn result_description(&mut self, value: &Value, pointer: &str) -> Option<DescribedResult> {
        const C: &str = "ResultDescription";
        let obj = self.object(value, pointer, C)?;
        let id = self.required_uri(obj, pointer, "id", C);
        self.types(obj, pointer, &[&["ResultDescription"]], C);
        self.texts(obj, pointer, &["name"], &[], C);
        let result_type = match self.required(obj, pointer, "resultType", C) {
            Some(v) => self.enumeration(
                v,
                &child(pointer, "resultType"),
                ResultType::LISTED,
                true,
                "ResultType",
            ),
            None => None,
        };
        for (p, v) in self.optional(obj, pointer, "alignment", Card::Array) {
            self.alignment(v, &p);
        }
        for (p, v) in self.optional(obj, pointer, "allowedValue", Card::Array) {
            self.string(v, &p);
        }
        self.opt_strings(obj, pointer, &["requiredValue", "valueMax", "valueMin"]);
        let mut levels = Vec::new();
        for (p, v) in self.optional(obj, pointer, "rubricCriterionLevel", Card::Array) {
            const L: &str = "RubricCriterionLevel";
            let Some(level) = self.object(v, &p, L) else {
                continue;
            };
            if let Some(id) = self.required_uri(level, &p, "id", L) {
                let points = level.get("points").and_then(Value::as_str);
                levels.push((id, crate::assess::points(points)));
            }
            self.types(level, &p, &[&["RubricCriterionLevel"]], L);
            self.texts(level, &p, &["name"], &["description"], L);
            self.opt_strings(level, &p, &["level", "points"]);
            for (p, v) in self.optional(level, &p, "alignment", Card::Array) {
                self.alignment(v, &p);
            }
        }
        let required_level = self.optional_uri(obj, pointer, "requiredLevel");
        if let Some(required) = &required_level {
            if !levels.iter().any(|(id, _)| id == required) {
                self.report(
                    ProblemCode::InvalidRequiredLevel,
                    &child(pointer, "requiredLevel"),
                    format!("requiredLevel {required:?} is not the id of one of this result description's rubricCriterionLevel entries"),
                );
            }
        }
        Some(DescribedResult {
            id: id?,
            is_status: result_type.as_deref() == Some(ResultType::Status.as_str()),
            levels,
            required_level,
        })
    }

    fn result(&mut self, value: &Value, pointer: &str, rubric: &Rubric, achievement_present: bool) {
        const C: &str = "Result";
        let Some(obj) = self.object(value, pointer, C) else {
            return;
        };
        self.types(obj, pointer, &[&["Result"]], C);
        self.opt_strings(obj, pointer, &["value"]);
        for (p, v) in self.optional(obj, pointer, "alignment", Card::Array) {
            self.alignment(v, &p);
        }
        let status = self.optional_enum(
            obj,
            pointer,
            "status",
            ResultStatusType::LISTED,
            false,
            "ResultStatusType",
        );
        let described = match self.optional_uri(obj, pointer, "resultDescription") {
            Some(id) => {
                let found = rubric.descriptions.iter().find(|d| d.id == id);
                if found.is_none() && achievement_present {
                    self.report(
                        ProblemCode::InvalidResultReference,
                        &child(pointer, "resultDescription"),
                        format!("{id:?} is not the id of a resultDescription of the achievement"),
                    );
                }
                found
            }
            None => None,
        };
        if let Some(level) = self.optional_uri(obj, pointer, "achievedLevel") {
            let known = match described {
                Some(d) => d.has_level(&level),
                None => rubric.descriptions.iter().any(|d| d.has_level(&level)),
            };
            if !known && achievement_present {
                self.report(
                    ProblemCode::InvalidAchievedLevel,
                    &child(pointer, "achievedLevel"),
                    format!("{level:?} is not the id of a rubricCriterionLevel of the referenced result description"),
                );
            }
            if let Some((d, required)) =
                described.and_then(|d| Some((d, d.required_level.as_deref()?)))
            {
                if crate::assess::below_required_level(&d.levels, required, &level) == Some(true) {
                    self.warn(
                        ProblemCode::BelowRequiredLevel,
                        &child(pointer, "achievedLevel"),
                        format!("{level:?} ranks below the criterion's requiredLevel {required:?}"),
                    );
                }
            }
        }
        if described.is_some_and(|d| d.is_status) && status.is_none() {
            self.report(
                ProblemCode::MissingResultStatus,
                pointer,
                "a result for a resultDescription of resultType Status needs a `status`",
            );
        }
    }
}

/// What results are checked against: the achievement's result descriptions.
#[derive(Default)]
struct Rubric {
    descriptions: Vec<DescribedResult>,
}

struct DescribedResult {
    id: String,
    is_status: bool,
    /// The rubric levels in array order: id and numeric points, for the ranking rule of
    /// [`crate::assess`].
    levels: Vec<(String, Option<f64>)>,
    required_level: Option<String>,
}

impl DescribedResult {
    fn has_level(&self, id: &str) -> bool {
        self.levels.iter().any(|(level, _)| level == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ob_context_pattern() {
        assert!(is_ob_context(
            "https://purl.imsglobal.org/spec/ob/v3p0/context.json"
        ));
        assert!(is_ob_context(
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ));
        assert!(!is_ob_context(
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.json"
        ));
        assert!(!is_ob_context(
            "https://purl.imsglobal.org/spec/ob/v3p0/context-4.0.0.json"
        ));
        assert!(!is_ob_context(
            "http://purl.imsglobal.org/spec/ob/v3p0/context.json"
        ));
    }

    #[test]
    fn jws_and_hash_patterns() {
        assert!(is_compact_jws("eyJh.eyJw.c2ln"));
        assert!(is_compact_jws("eyJh..c2ln"));
        assert!(!is_compact_jws("eyJh.eyJw"));
        assert!(!is_compact_jws("ey Jh.eyJw.c2ln"));
        assert!(is_identity_hash(&format!("sha256${}", "A".repeat(64))));
        assert!(is_identity_hash(&format!("md5${}", "0".repeat(32))));
        assert!(!is_identity_hash(&format!("sha1${}", "0".repeat(40))));
        assert!(!is_identity_hash("sha256$xyz"));
    }
}
