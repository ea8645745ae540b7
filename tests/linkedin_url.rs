//! LinkedIn add-to-profile URLs, against full expected strings (the credential → fields mapping is
//! unit-tested in `src/linkedin.rs`, where a verified credential can be stood in for).

use openbadges::linkedin::{Certification, Organization, YearMonth};

fn cert(name: &str, organization: Organization, expires: Option<YearMonth>) -> Certification {
    Certification {
        name: name.into(),
        organization,
        issued: YearMonth {
            year: 2025,
            month: 3,
        },
        expires,
        cert_url: "https://badges.example.org/c/42?lang=fr&v=2".into(),
        cert_id: "urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002".into(),
    }
}

const TAIL: &str = "certUrl=https%3A%2F%2Fbadges.example.org%2Fc%2F42%3Flang%3Dfr%26v%3D2\
                    &certId=urn%3Auuid%3A91537dba-56cb-11ec-bf63-0242ac130002";

#[test]
fn non_ascii_name_with_organization_id_and_expiry() {
    let url = cert(
        "Rétroaction efficace — 反馈",
        Organization::Id("1337".into()),
        Some(YearMonth {
            year: 2028,
            month: 12,
        }),
    )
    .to_url();
    assert_eq!(
        url,
        format!(
            "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME\
             &name=R%C3%A9troaction%20efficace%20%E2%80%94%20%E5%8F%8D%E9%A6%88\
             &organizationId=1337&issueYear=2025&issueMonth=3\
             &expirationYear=2028&expirationMonth=12&{TAIL}"
        )
    );
}

#[test]
fn reserved_characters_in_names_are_escaped() {
    let url = cert(
        "C++ & Rust: 100% = fun?",
        Organization::Name("Ünïversité d'État #1 + Co".into()),
        None,
    )
    .to_url();
    assert_eq!(
        url,
        format!(
            "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME\
             &name=C%2B%2B%20%26%20Rust%3A%20100%25%20%3D%20fun%3F\
             &organizationName=%C3%9Cn%C3%AFversit%C3%A9%20d%27%C3%89tat%20%231%20%2B%20Co\
             &issueYear=2025&issueMonth=3&{TAIL}"
        )
    );
}

#[test]
fn the_url_decodes_back_to_the_fields() {
    let original = cert(
        "Rétroaction efficace — 反馈 + plus",
        Organization::Name("Académie de Lyon".into()),
        None,
    );
    let url = url::Url::parse(&original.to_url()).unwrap();
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let get = |key: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(get("name"), Some("Rétroaction efficace — 反馈 + plus"));
    assert_eq!(get("organizationName"), Some("Académie de Lyon"));
    assert_eq!(
        get("certUrl"),
        Some("https://badges.example.org/c/42?lang=fr&v=2")
    );
    assert_eq!(get("expirationYear"), None);
    assert_eq!(pairs.len(), 7);
    assert!(!original.to_url().contains('+'), "spaces are %20, never +");
}
