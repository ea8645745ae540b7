//! From what a credential [`Needs`] to what to download: each needed identifier, the URL its
//! document is downloaded from (`did:web` DIDs by the method's rules), and what the document
//! must be to be kept.

use url::Url;

use super::FetchError;
use crate::keys::did_web_url;
use crate::verify::Needs;

/// What a needed document is for, which decides how it is checked once downloaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NeedKind {
    /// A JSON-LD context.
    Context,
    /// A DID document (`did:web`) or an `https:` controller document: its `id` must be the
    /// identifier it was fetched for.
    Controller,
    /// A status list credential or revocation list.
    StatusList,
    /// A document an Open Badges 2.0 assertion refers to (hosted assertion, BadgeClass, issuer
    /// profile, key, revocation list).
    Ob2,
}

/// One document to download.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Planned {
    /// The identifier the credential names (a URL, or a `did:web` DID): the document is saved
    /// under it.
    pub needed: String,
    /// What the document is for.
    pub kind: NeedKind,
}

impl Planned {
    /// The URL the document is downloaded from: the identifier itself, or for a `did:web` DID
    /// the URL the did:web method maps it to. Identifiers that are not absolute URLs, and DIDs
    /// of other methods, cannot be fetched.
    pub fn source(&self) -> Result<Url, FetchError> {
        if self.needed.starts_with("did:web:") {
            return did_web_url(&self.needed).map_err(|source| FetchError::DidWeb {
                did: self.needed.clone(),
                source,
            });
        }
        if let Some(method) = self
            .needed
            .strip_prefix("did:")
            .and_then(|rest| rest.split(':').next())
        {
            return Err(FetchError::Unsupported {
                id: self.needed.clone(),
                reason: format!(
                    "only did:web DID documents are fetched; did:{method} needs its own resolver"
                ),
            });
        }
        Url::parse(&self.needed).map_err(|e| FetchError::Unsupported {
            id: self.needed.clone(),
            reason: format!("not an absolute URL: {e}"),
        })
    }
}

/// Every document `needs` lists, contexts first, each once.
pub fn plan(needs: &Needs) -> Vec<Planned> {
    let ob2 = needs.ob2.iter().flat_map(crate::ob2::Needs::urls);
    let all = needs
        .contexts
        .iter()
        .map(|u| (u.as_str(), NeedKind::Context))
        .chain(
            needs
                .controllers
                .iter()
                .map(|u| (u.as_str(), NeedKind::Controller)),
        )
        .chain(
            needs
                .status_lists
                .iter()
                .map(|u| (u.as_str(), NeedKind::StatusList)),
        )
        .chain(ob2.map(|u| (u, NeedKind::Ob2)));
    let mut planned: Vec<Planned> = Vec::new();
    for (needed, kind) in all {
        if !planned.iter().any(|p| p.needed == needed) {
            planned.push(Planned {
                needed: needed.to_owned(),
                kind,
            });
        }
    }
    planned
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_by_identifier() {
        let planned = |needed: &str| Planned {
            needed: needed.to_owned(),
            kind: NeedKind::Controller,
        };
        assert_eq!(
            planned("did:web:localhost%3A8443:issuers:math")
                .source()
                .unwrap()
                .as_str(),
            "https://localhost:8443/issuers/math/did.json"
        );
        assert_eq!(
            planned("https://school.example/keys/1")
                .source()
                .unwrap()
                .as_str(),
            "https://school.example/keys/1"
        );
        assert!(matches!(
            planned("did:web:example.com:..").source(),
            Err(FetchError::DidWeb { .. })
        ));
        match planned("did:example:123").source() {
            Err(FetchError::Unsupported { id, reason }) => {
                assert_eq!(id, "did:example:123");
                assert!(reason.contains("did:example"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            planned("/relative/key").source(),
            Err(FetchError::Unsupported { .. })
        ));
    }
}
