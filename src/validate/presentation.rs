//! The W3C VC data-model rules for verifiable presentations (VC 2.0 §4.13) and for enveloped
//! credentials and presentations (§4.13.2).

use serde_json::{Map, Value};

use super::checker::Validator;
use super::{ProblemCode, child, type_members};

/// `type` of an enveloped verifiable credential.
pub(crate) const ENVELOPED_CREDENTIAL: &str = "EnvelopedVerifiableCredential";
/// `type` of an enveloped verifiable presentation.
pub(crate) const ENVELOPED_PRESENTATION: &str = "EnvelopedVerifiablePresentation";

impl Validator {
    /// A verifiable presentation (or an enveloped one) at the document root.
    pub(super) fn vc_presentation(&mut self, value: &Value) {
        const C: &str = "a verifiable presentation";
        let Some(obj) = self.vc_object(value, "", C) else {
            return;
        };
        if obj
            .get("type")
            .is_some_and(|t| type_members(t).any(|m| m == ENVELOPED_PRESENTATION))
        {
            self.envelope(obj, "", ENVELOPED_PRESENTATION);
            return;
        }
        self.base_context(obj, "", C);
        if let Some((p, id)) = self.member(obj, "", "id") {
            self.single_url(id, &p, "id");
        }
        self.types(obj, "", &[&["VerifiablePresentation"]], C);
        let holder = match obj.get("holder") {
            None => None,
            Some(Value::Object(holder)) => {
                self.required_single_url(holder, "/holder", "id", "a holder object")
            }
            Some(other) => self.single_url(other, "/holder", "holder"),
        };
        if let Some((p, credentials)) = self.member(obj, "", "verifiableCredential") {
            for (p, credential) in self.members(&p, credentials) {
                self.presented_credential(credential, &p, holder);
            }
        }
        self.typed_objects(obj, "", "termsOfUse", false);
        if let Some((p, proofs)) = self.member(obj, "", "proof") {
            for (p, proof) in self.members(&p, proofs) {
                self.proof_with_purpose(proof, &p, "authentication", "presentation");
            }
        }
        self.json_ld_terms(value);
    }

    /// One `verifiableCredential` entry: an embedded credential or an enveloped one, never a
    /// bare string (VC 2.0 §4.13: "the values MUST NOT be non-object values").
    fn presented_credential(&mut self, value: &Value, pointer: &str, holder: Option<&str>) {
        let Some(obj) = value.as_object() else {
            self.report(
                ProblemCode::WrongType,
                pointer,
                format!(
                    "a presented credential must be a credential object or an {ENVELOPED_CREDENTIAL} object (a JWT goes in its `data:` id), found {}",
                    crate::json::kind(value)
                ),
            );
            return;
        };
        if obj
            .get("type")
            .is_some_and(|t| type_members(t).any(|m| m == ENVELOPED_CREDENTIAL))
        {
            self.envelope(obj, pointer, ENVELOPED_CREDENTIAL);
            return;
        }
        if !self.credentials_judged_apart {
            self.vc_credential(value, pointer);
        }
        // An unsecured credential is acceptable only as the holder's own claims, secured by the
        // presentation's proof (VC 2.0 §4.13.1).
        if !obj.contains_key("proof") {
            let issuer = match obj.get("issuer") {
                Some(Value::String(s)) => Some(s.as_str()),
                Some(Value::Object(o)) => o.get("id").and_then(Value::as_str),
                _ => None,
            };
            if holder.is_none() || issuer != holder {
                self.warn(
                    ProblemCode::UnsecuredCredential,
                    pointer,
                    "this credential has no proof and is not the holder's own (its issuer is not the presentation's holder): only the presentation's proof covers it",
                );
            }
        }
    }

    /// An enveloped credential or presentation: a context, a `data:` URL `id` carrying the
    /// secured document, and exactly the envelope type.
    fn envelope(&mut self, obj: &Map<String, Value>, pointer: &str, kind: &str) {
        if !obj.contains_key("@context") {
            self.report(
                ProblemCode::MissingField,
                &child(pointer, "@context"),
                format!("an {kind} requires `@context` (the VC 2.0 base context defines it)"),
            );
        }
        match obj.get("id") {
            Some(Value::String(id)) if id.starts_with("data:") && id.contains(',') => {}
            Some(other) => self.report(
                ProblemCode::BadEnvelope,
                &child(pointer, "id"),
                format!(
                    "an {kind} `id` must be a data: URL holding the secured document, found {other}"
                ),
            ),
            None => self.report(
                ProblemCode::MissingField,
                &child(pointer, "id"),
                format!("an {kind} requires `id`, a data: URL holding the secured document"),
            ),
        }
        let exact = match obj.get("type") {
            Some(Value::String(t)) => t == kind,
            Some(Value::Array(items)) => items.len() == 1 && items[..] == [Value::from(kind)],
            _ => false,
        };
        if !exact {
            self.report(
                ProblemCode::BadType,
                &child(pointer, "type"),
                format!("the `type` of an envelope must be {kind:?}"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    /// The verifier judges each embedded credential on its own; the presentation's own verdict
    /// keeps only the presentation's rules, while [`super::super::presentation`] reports both.
    #[test]
    fn presentation_only_leaves_credentials_to_their_own_verdict() {
        let vp = json!({
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiablePresentation"],
            "holder": "not a url",
            "verifiableCredential": [{
                "@context": ["https://www.w3.org/ns/credentials/v2"],
                "type": ["VerifiableCredential"],
                "credentialSubject": {"id": "did:example:holder"},
                "proof": {"type": "DataIntegrityProof"}
            }]
        });
        let pointers = |report: &super::super::ValidationReport| {
            report
                .errors()
                .map(|p| p.pointer.clone())
                .collect::<Vec<_>>()
        };
        let full = pointers(&super::super::presentation(&vp));
        let only = pointers(&super::super::presentation_only(&vp, false));
        assert!(full.iter().any(|p| p == "/holder"), "{full:?}");
        assert!(
            full.iter().any(|p| p == "/verifiableCredential/0/issuer"),
            "{full:?}"
        );
        assert!(only.iter().any(|p| p == "/holder"), "{only:?}");
        assert!(
            !only
                .iter()
                .any(|p| p.starts_with("/verifiableCredential/0/")),
            "{only:?}"
        );
    }
}
