//! Who issues, creates and endorses: [`Profile`] and its parts ([`Address`], [`GeoCoordinates`],
//! [`Image`], [`IdentifierEntry`]), and [`ProfileRef`] for `issuer`.

use serde::de::Deserializer;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};

use super::common::{OneOrMany, Text, from_value};
use super::credential::EndorsementCredential;
use super::vocab::IdentifierTypeEnum;

/// A person or organization (issuer, creator, endorser, source).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    /// URI (required): the issuer's DID or URL.
    pub id: String,
    /// `type` (∋ `Profile`).
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Text>,
    /// Home page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Short description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// Endorsements of this profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endorsement: Option<OneOrMany<EndorsementCredential>>,
    /// Endorsements as compact JWS strings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endorsement_jwt: Option<OneOrMany<String>>,
    /// Logo or photo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
    /// Contact email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Postal address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    /// Other identifiers (e.g. a LinkedIn organization id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_identifier: Option<OneOrMany<IdentifierEntry>>,
    /// Official to contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub official: Option<String>,
    /// Parent organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_org: Option<Box<Profile>>,
    /// Given name (persons).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    /// Family name (persons).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// Additional name (persons).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_name: Option<String>,
    /// Patronymic name (persons).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patronymic_name: Option<String>,
    /// Honorific prefix (persons).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub honorific_prefix: Option<String>,
    /// Honorific suffix (persons).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub honorific_suffix: Option<String>,
    /// Family name prefix (persons).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name_prefix: Option<String>,
    /// Date of birth (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    /// Properties this crate does not model, kept verbatim.
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

/// `issuer`: a bare URI or an embedded [`Profile`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ProfileRef {
    /// Just the issuer's id.
    Uri(String),
    /// A full profile.
    Profile(Box<Profile>),
}

impl ProfileRef {
    /// The issuer id, whichever form.
    pub fn id(&self) -> &str {
        match self {
            ProfileRef::Uri(id) => id,
            ProfileRef::Profile(p) => &p.id,
        }
    }

    /// The embedded profile, if any.
    pub fn profile(&self) -> Option<&Profile> {
        match self {
            ProfileRef::Uri(_) => None,
            ProfileRef::Profile(p) => Some(p),
        }
    }
}

impl<'de> Deserialize<'de> for ProfileRef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::String(id) => Ok(ProfileRef::Uri(id)),
            other => from_value::<Profile, D>(other).map(|p| ProfileRef::Profile(Box::new(p))),
        }
    }
}

impl From<Profile> for ProfileRef {
    fn from(profile: Profile) -> Self {
        ProfileRef::Profile(Box::new(profile))
    }
}

impl From<&str> for ProfileRef {
    fn from(id: &str) -> Self {
        ProfileRef::Uri(id.to_owned())
    }
}

impl From<String> for ProfileRef {
    fn from(id: String) -> Self {
        ProfileRef::Uri(id)
    }
}

/// A postal address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    /// `type` (∋ `Address`).
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// Country name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_country: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_country_code: Option<String>,
    /// Region / state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_region: Option<String>,
    /// City.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_locality: Option<String>,
    /// Street address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street_address: Option<String>,
    /// P.O. box.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_office_box_number: Option<String>,
    /// Postal code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// Coordinates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geo: Option<GeoCoordinates>,
    /// Properties this crate does not model, kept verbatim.
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

/// A point on Earth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GeoCoordinates {
    /// `type` (`GeoCoordinates`).
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// Latitude (kept as the JSON number given).
    pub latitude: Number,
    /// Longitude (kept as the JSON number given).
    pub longitude: Number,
    /// Properties this crate does not model, kept verbatim.
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

/// An image: URL or `data:` URI, with `type` `Image`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Image {
    /// URL or data URI of the image.
    pub id: String,
    /// `type` (exactly `"Image"`).
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// Caption.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<Text>,
    /// Other members (the schema forbids them; kept so validation can report them).
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

impl Image {
    /// An image at `id` (URL or data URI) with `type` `"Image"`.
    pub fn new(id: impl Into<String>) -> Self {
        Image {
            id: id.into(),
            types: OneOrMany::One("Image".into()),
            caption: None,
            extensions: Map::new(),
        }
    }

    /// Sets the caption.
    pub fn with_caption(mut self, caption: impl Into<Text>) -> Self {
        self.caption = Some(caption.into());
        self
    }
}

/// An identifier of a profile or achievement in some other system.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdentifierEntry {
    /// `type` (exactly `"IdentifierEntry"`).
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// The identifier.
    pub identifier: String,
    /// What kind of identifier it is.
    pub identifier_type: IdentifierTypeEnum,
    /// Other members (the schema forbids them; kept so validation can report them).
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

impl IdentifierEntry {
    /// An entry of `identifier_type` with value `identifier`.
    pub fn new(identifier_type: IdentifierTypeEnum, identifier: impl Into<String>) -> Self {
        IdentifierEntry {
            types: OneOrMany::One("IdentifierEntry".into()),
            identifier: identifier.into(),
            identifier_type,
            extensions: Map::new(),
        }
    }
}
