//! Hosted assertions: the assertion is the JSON document served at its own `id`, on an origin the
//! issuer Profile's `verification` policy allows (OB 2.0 § HostedBadge, § VerificationObject).
//!
//! Offline, "served at" means: saved by the caller under that URL in the documents. The copy the
//! viewer was handed is only a pointer to it; if it differs, it was altered.

use serde_json::Value;
use url::Url;

use super::model::{OneOrMany, Profile};

/// Why an assertion id is outside its issuer's hosting policy.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ScopeError {
    /// The assertion id is not an http(s) URL, so it cannot be a hosted address.
    #[error("the hosted assertion id `{id}` is not an http(s) URL")]
    NotHttp {
        /// The id.
        id: String,
    },
    /// The policy names a `verificationProperty` other than `id`.
    #[error(
        "the issuer's verificationProperty `{property}` is not supported (only `id` is defined)"
    )]
    VerificationProperty {
        /// The property named.
        property: String,
    },
    /// No `startsWith` prefix matches.
    #[error("`{id}` does not start with any of the issuer's allowed prefixes ({prefixes})")]
    StartsWith {
        /// The assertion id.
        id: String,
        /// The prefixes, comma-separated.
        prefixes: String,
    },
    /// The host is not among `allowedOrigins` (or, without a policy, the issuer's own).
    #[error("`{id}` is hosted on `{host}`, not on {allowed}")]
    Origin {
        /// The assertion id.
        id: String,
        /// Its host (and port).
        host: String,
        /// What was allowed, in words.
        allowed: String,
    },
    /// Without a policy, the default (the issuer's own origin) needs an http(s) issuer id.
    #[error(
        "the issuer id `{issuer}` is not an http(s) URL, so the default hosting origin is unknown"
    )]
    IssuerNotHttp {
        /// The issuer id.
        issuer: String,
    },
}

/// `host[:port]` of an http(s) URL, lower-cased.
fn authority(url: &Url) -> Option<String> {
    let host = url.host_str()?.to_ascii_lowercase();
    Some(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host,
    })
}

fn http_url(text: &str) -> Option<Url> {
    let url = Url::parse(text).ok()?;
    matches!(url.scheme(), "http" | "https").then_some(url)
}

fn list(values: &OneOrMany<String>) -> String {
    values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks that a hosted assertion's `id` is where its issuer hosts assertions: under one of the
/// Profile's `startsWith` prefixes and on one of its `allowedOrigins` hosts, or, when the Profile
/// states no policy, on the issuer id's own origin. Returns the rule that held, in words.
pub fn check_scope(assertion_id: &str, issuer: &Profile) -> Result<String, ScopeError> {
    let url = http_url(assertion_id).ok_or_else(|| ScopeError::NotHttp {
        id: assertion_id.to_owned(),
    })?;
    let host = authority(&url).unwrap_or_default();
    let policy = issuer.verification.as_ref();
    if let Some(property) = policy.and_then(|p| p.verification_property.as_deref()) {
        if property != "id" {
            return Err(ScopeError::VerificationProperty {
                property: property.to_owned(),
            });
        }
    }
    let starts_with = policy.and_then(|p| p.starts_with.as_ref());
    let origins = policy.and_then(|p| p.allowed_origins.as_ref());
    let mut held = Vec::new();
    if let Some(prefixes) = starts_with {
        if !prefixes
            .iter()
            .any(|p| assertion_id.starts_with(p.as_str()))
        {
            return Err(ScopeError::StartsWith {
                id: assertion_id.to_owned(),
                prefixes: list(prefixes),
            });
        }
        held.push(format!("starts with one of {}", list(prefixes)));
    }
    match origins {
        Some(origins) => {
            if !origins.iter().any(|o| o.eq_ignore_ascii_case(&host)) {
                return Err(ScopeError::Origin {
                    id: assertion_id.to_owned(),
                    host,
                    allowed: format!("the issuer's allowedOrigins ({})", list(origins)),
                });
            }
            held.push(format!(
                "hosted on `{host}`, one of the issuer's allowedOrigins"
            ));
        }
        None if starts_with.is_some() => {}
        None => {
            let issuer_host = http_url(&issuer.id)
                .as_ref()
                .and_then(authority)
                .ok_or_else(|| ScopeError::IssuerNotHttp {
                    issuer: issuer.id.clone(),
                })?;
            if issuer_host != host {
                return Err(ScopeError::Origin {
                    id: assertion_id.to_owned(),
                    host,
                    allowed: format!("the issuer's own origin `{issuer_host}`"),
                });
            }
            held.push(format!("hosted on the issuer's own origin `{host}`"));
        }
    }
    Ok(held.join(" and "))
}

/// The first JSON Pointer at which `presented` and `hosted` differ, `None` when equal.
pub fn first_difference(presented: &Value, hosted: &Value) -> Option<String> {
    fn walk(a: &Value, b: &Value, pointer: &mut String) -> bool {
        match (a, b) {
            (Value::Object(a), Value::Object(b)) => {
                for (key, av) in a {
                    let mark = pointer.len();
                    crate::json::push_pointer_token(pointer, key);
                    match b.get(key) {
                        Some(bv) if !walk(av, bv, pointer) => return false,
                        None => return false,
                        _ => {}
                    }
                    pointer.truncate(mark);
                }
                if let Some(key) = b.keys().find(|k| !a.contains_key(*k)) {
                    crate::json::push_pointer_token(pointer, key);
                    return false;
                }
                true
            }
            (Value::Array(a), Value::Array(b)) => {
                for (i, (av, bv)) in a.iter().zip(b).enumerate() {
                    let mark = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&i.to_string());
                    if !walk(av, bv, pointer) {
                        return false;
                    }
                    pointer.truncate(mark);
                }
                if a.len() != b.len() {
                    pointer.push('/');
                    pointer.push_str(&a.len().min(b.len()).to_string());
                    return false;
                }
                true
            }
            _ => a == b,
        }
    }
    let mut pointer = String::new();
    (!walk(presented, hosted, &mut pointer)).then_some(pointer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn issuer(verification: Value) -> Profile {
        let mut profile = json!({"id": "https://issuer.example/profile", "type": "Issuer"});
        if !verification.is_null() {
            profile["verification"] = verification;
        }
        serde_json::from_value(profile).unwrap()
    }

    #[test]
    fn default_scope_is_the_issuer_origin() {
        let p = issuer(Value::Null);
        assert!(check_scope("https://issuer.example/a/1", &p).is_ok());
        assert!(matches!(
            check_scope("https://evil.example/a/1", &p),
            Err(ScopeError::Origin { host, .. }) if host == "evil.example"
        ));
        assert!(matches!(
            check_scope("urn:uuid:1", &p),
            Err(ScopeError::NotHttp { .. })
        ));
    }

    #[test]
    fn allowed_origins_and_starts_with() {
        let p = issuer(json!({"allowedOrigins": ["badges.example", "Other.example:8443"]}));
        assert!(check_scope("https://badges.example/a/1", &p).is_ok());
        assert!(check_scope("https://other.example:8443/a", &p).is_ok());
        assert!(check_scope("https://issuer.example/a/1", &p).is_err());
        assert!(check_scope("https://other.example/a", &p).is_err());
        let p = issuer(json!({"startsWith": "https://issuer.example/assertions/"}));
        assert!(check_scope("https://issuer.example/assertions/1", &p).is_ok());
        assert!(matches!(
            check_scope("https://issuer.example/other/1", &p),
            Err(ScopeError::StartsWith { .. })
        ));
        let p = issuer(json!({"verificationProperty": "url"}));
        assert!(matches!(
            check_scope("https://issuer.example/a", &p),
            Err(ScopeError::VerificationProperty { .. })
        ));
    }

    #[test]
    fn differences_are_pointed_at() {
        let a = json!({"a": {"b": [1, 2]}, "c": "x"});
        assert_eq!(first_difference(&a, &a.clone()), None);
        assert_eq!(
            first_difference(&a, &json!({"a": {"b": [1, 3]}, "c": "x"})),
            Some("/a/b/1".into())
        );
        assert_eq!(
            first_difference(&a, &json!({"a": {"b": [1, 2]}, "c": "x", "d": 1})),
            Some("/d".into())
        );
        assert_eq!(
            first_difference(&a, &json!({"a": {"b": [1]}, "c": "x"})),
            Some("/a/b/1".into())
        );
    }
}
