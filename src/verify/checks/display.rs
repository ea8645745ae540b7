//! The display view (what a displayer shows): image, achievement name and description, issuer,
//! dates and the outcome — for an Open Badge from its achievement, for any other verifiable
//! credential from its own `name`, `description` and `issuer`.

use serde_json::Value;

use super::{date_field, issuer_id};
use crate::verify::report::{DisplayCriteria, DisplayImage, DisplayView, Outcome};

/// Text of a one-language or language-map string.
fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Object(map) => map.values().find_map(|v| v.as_str().map(str::to_owned)),
        _ => None,
    }
}

fn image_url(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(url) => Some(url.clone()),
        Value::Object(image) => image.get("id")?.as_str().map(str::to_owned),
        _ => None,
    }
}

/// `criteria`: an object with `id` and/or `narrative` (a bare IRI string is read as its page).
fn criteria(value: Option<&Value>) -> Option<DisplayCriteria> {
    match value? {
        Value::String(url) => DisplayCriteria::new(Some(url.clone()), None),
        Value::Object(criteria) => DisplayCriteria::new(
            criteria
                .get("id")
                .and_then(Value::as_str)
                .map(str::to_owned),
            text(criteria.get("narrative")),
        ),
        _ => None,
    }
}

pub(in crate::verify) fn display(
    credential: &Value,
    image: Option<DisplayImage>,
    outcome: Outcome,
) -> DisplayView {
    let subject = credential.get("credentialSubject");
    let achievement = subject.and_then(|s| s.get("achievement"));
    let image = image.or_else(|| {
        image_url(achievement.and_then(|a| a.get("image")))
            .or_else(|| image_url(credential.get("image")))
            .map(|url| DisplayImage::Url { url })
    });
    let issuer = credential.get("issuer");
    DisplayView {
        image,
        achievement_name: text(achievement.and_then(|a| a.get("name")))
            .or_else(|| text(credential.get("name"))),
        achievement_description: text(achievement.and_then(|a| a.get("description")))
            .or_else(|| text(credential.get("description"))),
        criteria: criteria(achievement.and_then(|a| a.get("criteria"))),
        issuer_name: text(issuer.and_then(|i| i.get("name"))),
        issuer_id: issuer_id(credential),
        issued: date_field(credential, &["validFrom", "issuanceDate", "awardedDate"])
            .map(|(_, d)| d.to_owned()),
        expires: date_field(credential, &["validUntil", "expirationDate"])
            .map(|(_, d)| d.to_owned()),
        status: outcome,
        status_text: outcome.describe().to_owned(),
    }
}
