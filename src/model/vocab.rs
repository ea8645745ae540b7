//! OB 3.0 enumerations. Every one keeps values it does not list (as `Other`, and for the extensible
//! ones `ext:` values as `Ext`) so that parsing never loses data; [`crate::validate`] reports them.

use serde::de::Deserializer;
use serde::{Deserialize, Serialize, Serializer};

macro_rules! vocabulary {
    (@common $name:ident { $($variant:ident => $text:literal,)* }) => {
        impl $name {
            /// Every listed value, in the specification's order.
            pub const LISTED: &'static [&'static str] = &[$($text),*];

            /// The JSON string for this value.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $text,)*
                    #[allow(unreachable_patterns)]
                    Self::Other(s) => s,
                    #[allow(unreachable_patterns)]
                    _ => self.extension_text(),
                }
            }

            /// True for a value the specification lists.
            pub fn is_listed(&self) -> bool {
                Self::LISTED.contains(&self.as_str())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer).map(|s| Self::from_text(&s))
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                Self::from_text(text)
            }
        }
    };
    (
        @declare
        $(#[$meta:meta])*
        $name:ident { $($variant:ident => $text:literal,)* }
        $($unlisted:tt)*
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(
                #[doc = concat!("`", $text, "`")]
                $variant,
            )*
            $($unlisted)*
        }
    };
    (
        $(#[$meta:meta])*
        extensible $name:ident { $($variant:ident => $text:literal,)* }
    ) => {
        vocabulary! {
            @declare
            $(#[$meta])*
            ///
            /// Extensible: values `ext:Name` are [`Self::Ext`]; anything else unlisted is [`Self::Other`].
            $name { $($variant => $text,)* }
            /// An extension value; holds the whole text, `ext:` prefix included.
            Ext(String),
            /// Neither listed nor `ext:`-prefixed (kept for round trips; not valid OB 3.0).
            Other(String),
        }

        impl $name {
            /// Reads a JSON string value.
            pub fn from_text(text: &str) -> Self {
                match text {
                    $($text => Self::$variant,)*
                    t if t.starts_with("ext:") => Self::Ext(t.to_owned()),
                    t => Self::Other(t.to_owned()),
                }
            }

            fn extension_text(&self) -> &str {
                match self {
                    Self::Ext(s) | Self::Other(s) => s,
                    _ => "",
                }
            }
        }

        vocabulary!(@common $name { $($variant => $text,)* });
    };
    (
        $(#[$meta:meta])*
        closed $name:ident { $($variant:ident => $text:literal,)* }
    ) => {
        vocabulary! {
            @declare
            $(#[$meta])*
            ///
            /// Closed: an unlisted value parses as [`Self::Other`] and is not valid OB 3.0.
            $name { $($variant => $text,)* }
            /// Not a listed value (kept for round trips; not valid OB 3.0).
            Other(String),
        }

        impl $name {
            /// Reads a JSON string value.
            pub fn from_text(text: &str) -> Self {
                match text {
                    $($text => Self::$variant,)*
                    t => Self::Other(t.to_owned()),
                }
            }

            fn extension_text(&self) -> &str {
                ""
            }
        }

        vocabulary!(@common $name { $($variant => $text,)* });
    };
}

vocabulary! {
    /// The kind of an [`Achievement`](super::Achievement) (`achievementType`).
    extensible AchievementType {
        Achievement => "Achievement",
        ApprenticeshipCertificate => "ApprenticeshipCertificate",
        Assessment => "Assessment",
        Assignment => "Assignment",
        AssociateDegree => "AssociateDegree",
        Award => "Award",
        Badge => "Badge",
        BachelorDegree => "BachelorDegree",
        Certificate => "Certificate",
        CertificateOfCompletion => "CertificateOfCompletion",
        Certification => "Certification",
        CommunityService => "CommunityService",
        Competency => "Competency",
        Course => "Course",
        CoCurricular => "CoCurricular",
        Degree => "Degree",
        Diploma => "Diploma",
        DoctoralDegree => "DoctoralDegree",
        Fieldwork => "Fieldwork",
        GeneralEducationDevelopment => "GeneralEducationDevelopment",
        JourneymanCertificate => "JourneymanCertificate",
        LearningProgram => "LearningProgram",
        License => "License",
        Membership => "Membership",
        ProfessionalDoctorate => "ProfessionalDoctorate",
        QualityAssuranceCredential => "QualityAssuranceCredential",
        MasterCertificate => "MasterCertificate",
        MasterDegree => "MasterDegree",
        MicroCredential => "MicroCredential",
        ResearchDoctorate => "ResearchDoctorate",
        SecondarySchoolDiploma => "SecondarySchoolDiploma",
    }
}

vocabulary! {
    /// The kind of value a [`ResultDescription`](super::ResultDescription) describes (`resultType`).
    extensible ResultType {
        GradePointAverage => "GradePointAverage",
        LetterGrade => "LetterGrade",
        Percent => "Percent",
        PerformanceLevel => "PerformanceLevel",
        PredictedScore => "PredictedScore",
        RawScore => "RawScore",
        Result => "Result",
        RubricCriterion => "RubricCriterion",
        RubricCriterionLevel => "RubricCriterionLevel",
        RubricScore => "RubricScore",
        ScaledScore => "ScaledScore",
        Status => "Status",
    }
}

vocabulary! {
    /// The status of a [`Result`](super::Result) whose description has `resultType` `Status`.
    closed ResultStatusType {
        Completed => "Completed",
        Enrolled => "Enrolled",
        Failed => "Failed",
        InProgress => "InProgress",
        OnHold => "OnHold",
        Provisional => "Provisional",
        Withdrew => "Withdrew",
    }
}

vocabulary! {
    /// The kind of framework node an [`Alignment`](super::Alignment) points to (`targetType`).
    extensible AlignmentTargetType {
        CeasnCompetency => "ceasn:Competency",
        CetermsCredential => "ceterms:Credential",
        CfItem => "CFItem",
        CfRubric => "CFRubric",
        CfRubricCriterion => "CFRubricCriterion",
        CfRubricCriterionLevel => "CFRubricCriterionLevel",
        Ctdl => "CTDL",
    }
}

vocabulary! {
    /// The kind of identifier in an [`IdentityObject`](super::IdentityObject) or
    /// [`IdentifierEntry`](super::IdentifierEntry).
    extensible IdentifierTypeEnum {
        Name => "name",
        SourcedId => "sourcedId",
        SystemId => "systemId",
        ProductId => "productId",
        UserName => "userName",
        AccountId => "accountId",
        EmailAddress => "emailAddress",
        NationalIdentityNumber => "nationalIdentityNumber",
        Isbn => "isbn",
        Issn => "issn",
        LisSourcedId => "lisSourcedId",
        OneRosterSourcedId => "oneRosterSourcedId",
        SisSourcedId => "sisSourcedId",
        LtiContextId => "ltiContextId",
        LtiDeploymentId => "ltiDeploymentId",
        LtiToolId => "ltiToolId",
        LtiPlatformId => "ltiPlatformId",
        LtiUserId => "ltiUserId",
        Identifier => "identifier",
    }
}

/// True when `text` is a valid extension value: `ext:` followed by one or more of
/// `[A-Za-z0-9.\-_|]` (the `|` comes from the specification's own pattern, `[a-z|A-Z|0-9|.|-|_]`).
pub fn is_valid_extension(text: &str) -> bool {
    text.strip_prefix("ext:").is_some_and(|rest| {
        !rest.is_empty()
            && rest
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '|'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_listed_ext_and_other() {
        for text in ["MicroCredential", "ext:DistrictCourse", "Nonsense"] {
            let v: AchievementType = serde_json::from_value(text.into()).unwrap();
            assert_eq!(serde_json::to_value(&v).unwrap(), text);
        }
        assert_eq!(
            AchievementType::from_text("ext:X"),
            AchievementType::Ext("ext:X".into())
        );
        assert!(!AchievementType::from_text("ext:X").is_listed());
        assert_eq!(
            AlignmentTargetType::from_text("ceasn:Competency"),
            AlignmentTargetType::CeasnCompetency
        );
        assert_eq!(
            ResultStatusType::from_text("ext:Done"),
            ResultStatusType::Other("ext:Done".into())
        );
    }

    #[test]
    fn extension_pattern() {
        assert!(is_valid_extension("ext:LinkedIn.organizationId"));
        assert!(!is_valid_extension("ext:"));
        assert!(!is_valid_extension("ext:has space"));
        assert!(!is_valid_extension("LinkedIn"));
    }
}
