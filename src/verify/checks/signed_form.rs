//! `SIGNED_FORM`: what the verifier reads is what was signed.
//!
//! An RDF-canonicalized signature (eddsa-rdfc-2022, Ed25519Signature2020) covers the RDF dataset
//! the JSON-LD denotes, not the JSON. Several JSON documents denote the same dataset: a key can be
//! written as its full IRI, moved under `@nest`, `@included` or `@graph`, renamed through an
//! alias defined in an inline context, or split across two objects with the same `id`. The
//! signature still verifies, but every check that reads the JSON key (`validUntil`,
//! `credentialStatus`, `issuer`, the display fields, the proof's `expires` …) would find nothing
//! and report an expired or revoked badge as current.
//!
//! The rule, decided once for all those checks: the JSON is read as is, and a document is
//! refused (as [`Outcome::Forged`]) when what the checks read from its JSON differs from what the
//! signed dataset says. Comparing costs a second expansion, so it runs only when the JSON uses a
//! form that could make the two differ — a key with `:` or `@` (other than `@context` at the top
//! and `@value`/`@language`/`@direction`), a term that is an alias in a bundled context, an inline,
//! nested or caller-supplied context, or an `id` shared by two objects. A document without any of
//! these is read exactly as the bundled contexts define it, so the JSON and the dataset agree by
//! construction.
//!
//! Proofs are held to a stricter rule: a proof relied on under an RDF suite may only use the
//! Data Integrity property names; anything else (full IRIs, aliases, keywords) is refused outright.
//!
//! JCS and JWT signatures cover the JSON itself, so reading the JSON is reading what was signed.

use std::collections::{BTreeMap, HashSet};

use serde_json::Value;

use super::Proofs;
use crate::json;
use crate::jsonld::{self, FastSet, bundled_documents};
use crate::rdf::{Quad, Term};
use crate::verify::findings::Findings;
use crate::verify::pipeline::Run;
use crate::verify::report::{CheckCode, Outcome};

/// Keys that bundled contexts define as aliases of IRIs or keywords the checks read under another
/// name (`expiration` = `expires` in security v1, `uid` = `@id` in Open Badges 2.0).
const ALIAS_KEYS: [&str; 2] = ["expiration", "uid"];

/// The proof properties Data Integrity defines; an RDF proof relied on may use these only.
const PROOF_KEYS: [&str; 13] = [
    "id",
    "type",
    "cryptosuite",
    "created",
    "expires",
    "verificationMethod",
    "proofPurpose",
    "proofValue",
    "challenge",
    "domain",
    "previousProof",
    "nonce",
    "jws",
];

const CRED: &str = "https://www.w3.org/2018/credentials#";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const STATUS: &str = "https://www.w3.org/ns/credentials/status#";
const OB: &str = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#";
const SCHEMA_NAME: &str = "https://schema.org/name";
const SCHEMA_DESCRIPTION: &str = "https://schema.org/description";

impl Run<'_> {
    pub(in crate::verify) fn signed_form(
        &self,
        credential: &Value,
        proofs: &Proofs,
        f: &mut Findings,
    ) {
        if !proofs.rdf_verified() {
            if !proofs.verified.is_empty() {
                f.pass(
                    CheckCode::SignedForm,
                    "",
                    "the signature covers the JSON as read",
                );
            }
            return;
        }
        let plain_contexts = contexts_are_bundled(credential);
        for attempt in proofs.attempts.iter().filter(|a| a.verified) {
            let Some(proof) = credential.pointer(&attempt.pointer) else {
                continue;
            };
            if let Some(key) = unexpected_proof_key(proof) {
                f.fail(
                    CheckCode::SignedForm,
                    &attempt.pointer,
                    format!(
                        "the proof uses `{key}`, which is not a Data Integrity property name: its JSON could say something other than what was signed"
                    ),
                    Outcome::Forged,
                );
                return;
            }
        }
        let reason = if plain_contexts {
            unusual_form(credential)
        } else {
            Some((
                "/@context".to_owned(),
                "an inline or caller-supplied context".to_owned(),
            ))
        };
        let Some((pointer, why)) = reason else {
            f.pass(
                CheckCode::SignedForm,
                "",
                "every key read is a term of the bundled contexts: the JSON says what was signed",
            );
            return;
        };
        match self.compare_with_dataset(credential) {
            Ok(()) => f.pass(
                CheckCode::SignedForm,
                &pointer,
                format!(
                    "the document uses {why}; what the checks read agrees with the signed RDF dataset"
                ),
            ),
            Err(difference) => f.fail(
                CheckCode::SignedForm,
                &pointer,
                format!(
                    "the JSON reads differently from what was signed ({difference}; it uses {why}): it was rewritten after signing or made to mislead"
                ),
                Outcome::Forged,
            ),
        }
    }

    /// Compares what the checks read from the JSON with the dataset the signature covers.
    fn compare_with_dataset(&self, credential: &Value) -> Result<(), String> {
        let quads = self
            .verifier
            .suites
            .processor()
            .to_rdf_without(credential, &jsonld::Options::default(), Some("proof"))
            .map_err(|e| format!("the document does not expand: {e}"))?;
        let graph = Graph::new(&quads);
        let node = graph.credential_node(credential)?;
        let agree = |what: &str, from_json: Vec<String>, from_rdf: Vec<String>| {
            let (mut a, mut b) = (from_json, from_rdf);
            a.sort();
            b.sort();
            if a == b {
                Ok(())
            } else {
                Err(format!(
                    "`{what}`: the JSON says {a:?}, the signed data {b:?}"
                ))
            }
        };
        for date in ["validFrom", "validUntil", "issuanceDate", "expirationDate"] {
            agree(
                date,
                texts(credential.get(date)),
                graph.literals(node, &format!("{CRED}{date}")),
            )?;
        }
        let types = json::strings(credential.get("type"));
        for (term, iri) in [
            (
                "VerifiableCredential",
                format!("{CRED}VerifiableCredential"),
            ),
            ("OpenBadgeCredential", format!("{OB}OpenBadgeCredential")),
            (
                "AchievementCredential",
                format!("{OB}AchievementCredential"),
            ),
            (
                "EndorsementCredential",
                format!("{OB}EndorsementCredential"),
            ),
        ] {
            let in_json = types.contains(&term);
            if in_json != graph.has_type(node, &iri) {
                return Err(format!(
                    "`type` {term}: the JSON and the signed data disagree"
                ));
            }
        }
        agree(
            "name",
            texts(credential.get("name")),
            graph.literals(node, SCHEMA_NAME),
        )?;
        agree(
            "description",
            texts(credential.get("description")),
            graph.literals(node, SCHEMA_DESCRIPTION),
        )?;
        // Issuer: its id and name.
        let issuers = graph.objects(node, &format!("{CRED}issuer"));
        agree(
            "issuer",
            node_refs(credential.get("issuer")),
            issuers.iter().map(|t| reference(t)).collect(),
        )?;
        agree(
            "issuer.name",
            objects(credential.get("issuer"))
                .flat_map(|i| texts(i.get("name")))
                .collect(),
            issuers
                .iter()
                .flat_map(|i| graph.literals(i, SCHEMA_NAME))
                .collect(),
        )?;
        // Subjects: ids, recipient identifiers, achievement display fields.
        let subjects = graph.objects(node, &format!("{CRED}credentialSubject"));
        agree(
            "credentialSubject",
            node_refs(credential.get("credentialSubject")),
            subjects.iter().map(|t| reference(t)).collect(),
        )?;
        let json_subjects: Vec<&Value> = objects(credential.get("credentialSubject")).collect();
        for (what, path, iri) in [
            (
                "identityHash",
                &["identifier", "identityHash"][..],
                format!("{OB}identifier {OB}identityHash"),
            ),
            (
                "salt",
                &["identifier", "salt"][..],
                format!("{OB}identifier {OB}salt"),
            ),
            (
                "achievement.name",
                &["achievement", "name"][..],
                format!("{OB}achievement {SCHEMA_NAME}"),
            ),
            (
                "achievement.description",
                &["achievement", "description"][..],
                format!("{OB}achievement {SCHEMA_DESCRIPTION}"),
            ),
        ] {
            let (first, last) = iri.split_once(' ').unwrap_or((&iri, ""));
            let from_json = json_subjects
                .iter()
                .flat_map(|s| objects(s.get(path[0])))
                .flat_map(|o| texts(o.get(path[1])))
                .collect();
            let from_rdf = subjects
                .iter()
                .flat_map(|s| graph.objects(s, first))
                .flat_map(|o| graph.literals(o, last))
                .collect();
            agree(what, from_json, from_rdf)?;
        }
        // Status entries.
        let entries = graph.objects(node, &format!("{CRED}credentialStatus"));
        agree(
            "credentialStatus",
            objects(credential.get("credentialStatus"))
                .map(|e| {
                    status_fingerprint(
                        reference_of(e),
                        texts(e.get("statusPurpose")),
                        texts(e.get("statusListIndex")),
                        texts(e.get("statusListCredential")),
                    )
                })
                .collect(),
            entries
                .iter()
                .map(|e| {
                    status_fingerprint(
                        reference(e),
                        graph.literals(e, &format!("{STATUS}statusPurpose")),
                        graph.literals(e, &format!("{STATUS}statusListIndex")),
                        graph
                            .objects(e, &format!("{STATUS}statusListCredential"))
                            .iter()
                            .map(|t| reference(t))
                            .collect(),
                    )
                })
                .collect(),
        )?;
        if objects(credential.get("credentialStatus")).count()
            != one_or_many(credential.get("credentialStatus")).len()
        {
            return Err("`credentialStatus` holds a value that is not an object".to_owned());
        }
        Ok(())
    }
}

/// Whether every `@context` entry is the URL of a bundled context.
fn contexts_are_bundled(credential: &Value) -> bool {
    let bundled = |url: &str| bundled_documents().any(|(known, _, _)| known == url);
    match credential.get("@context") {
        Some(Value::String(url)) => bundled(url),
        Some(Value::Array(items)) => items.iter().all(|i| i.as_str().is_some_and(bundled)),
        _ => false,
    }
}

/// The first key (outside `proof` and the top-level `@context`) whose form could make the JSON
/// and the signed dataset differ, with its pointer and why. Walks without allocating per key:
/// the path is kept as borrowed tokens and written out only for a finding.
fn unusual_form(credential: &Value) -> Option<(String, String)> {
    let object = credential.as_object()?;
    let mut ids: FastSet<&str> = FastSet::default();
    if let Some(Value::String(id)) = object.get("id") {
        ids.insert(id.as_str());
    }
    let mut path: Vec<PathToken<'_>> = Vec::new();
    for (key, value) in object {
        if key == "proof" || key == "@context" {
            continue;
        }
        path.push(PathToken::Key(key));
        if let Some(why) = unusual_key(key) {
            return Some((pointer(&path), why));
        }
        if let Some(why) = walk(value, &mut path, &mut ids) {
            return Some((pointer(&path), why));
        }
        path.pop();
    }
    None
}

#[derive(Clone, Copy)]
enum PathToken<'v> {
    Key(&'v str),
    Index(usize),
}

fn pointer(path: &[PathToken<'_>]) -> String {
    let mut out = String::new();
    for token in path {
        match token {
            PathToken::Key(key) => json::push_pointer_token(&mut out, key),
            PathToken::Index(i) => json::push_pointer_index(&mut out, *i),
        }
    }
    out
}

fn unusual_key(key: &str) -> Option<String> {
    if key.starts_with('@') && !matches!(key, "@value" | "@language" | "@direction") {
        return Some(format!("the keyword key `{key}`"));
    }
    if key.contains(':') {
        return Some(format!("the IRI key `{key}`"));
    }
    if ALIAS_KEYS.contains(&key) {
        return Some(format!("the alias `{key}`"));
    }
    None
}

/// Finds an unusual form under `value`; `path` then ends at it.
fn walk<'v>(
    value: &'v Value,
    path: &mut Vec<PathToken<'v>>,
    ids: &mut FastSet<&'v str>,
) -> Option<String> {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(id)) = object.get("id") {
                if !ids.insert(id.as_str()) {
                    return Some(format!("the id `{id}` on two objects"));
                }
            }
            for (key, child) in object {
                path.push(PathToken::Key(key));
                if let Some(why) = unusual_key(key) {
                    return Some(why);
                }
                if let Some(why) = walk(child, path, ids) {
                    return Some(why);
                }
                path.pop();
            }
            None
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(PathToken::Index(i));
                if let Some(why) = walk(item, path, ids) {
                    return Some(why);
                }
                path.pop();
            }
            None
        }
        _ => None,
    }
}

fn unexpected_proof_key(proof: &Value) -> Option<&str> {
    proof
        .as_object()?
        .keys()
        .map(String::as_str)
        .find(|k| !PROOF_KEYS.contains(k))
}

/// The default graph, indexed by subject.
struct Graph<'q> {
    by_subject: BTreeMap<&'q Term, Vec<&'q Quad>>,
    objects: HashSet<&'q Term>,
}

impl<'q> Graph<'q> {
    fn new(quads: &'q [Quad]) -> Self {
        let mut by_subject: BTreeMap<&Term, Vec<&Quad>> = BTreeMap::new();
        let mut objects = HashSet::new();
        for quad in quads.iter().filter(|q| q.graph.is_none()) {
            by_subject.entry(&quad.subject).or_default().push(quad);
            objects.insert(&quad.object);
        }
        Graph {
            by_subject,
            objects,
        }
    }

    fn objects(&self, subject: &Term, predicate: &str) -> Vec<&'q Term> {
        self.by_subject
            .get(subject)
            .into_iter()
            .flatten()
            .filter(|q| matches!(&q.predicate, Term::Iri(p) if &**p == predicate))
            .map(|q| &q.object)
            .collect()
    }

    fn literals(&self, subject: &Term, predicate: &str) -> Vec<String> {
        self.objects(subject, predicate)
            .into_iter()
            .filter_map(|t| match t {
                Term::Literal(l) => Some(l.value.to_string()),
                _ => None,
            })
            .collect()
    }

    fn has_type(&self, subject: &Term, iri: &str) -> bool {
        self.objects(subject, RDF_TYPE)
            .iter()
            .any(|t| matches!(t, Term::Iri(i) if &**i == iri))
    }

    /// The credential's node: the node with the JSON's `id`, typed `VerifiableCredential`; for a
    /// credential without an `id`, the one blank root node so typed.
    fn credential_node(&self, credential: &Value) -> Result<&'q Term, String> {
        let vc = format!("{CRED}VerifiableCredential");
        if let Some(id) = credential.get("id").and_then(Value::as_str) {
            return self
                .by_subject
                .keys()
                .copied()
                .find(|s| matches!(s, Term::Iri(iri) if &**iri == id) && self.has_type(s, &vc))
                .ok_or_else(|| format!("the signed data has no credential with the id `{id}`"));
        }
        let roots: Vec<&Term> = self
            .by_subject
            .keys()
            .copied()
            .filter(|s| s.is_blank_node() && self.has_type(s, &vc) && !self.objects.contains(s))
            .collect();
        match roots.as_slice() {
            [node] => Ok(node),
            _ => Err(format!(
                "the signed data holds {} top-level credentials without an id, the JSON one",
                roots.len()
            )),
        }
    }
}

/// A node reference as the checks see it: its id, or `_:` for a node without one.
fn reference(term: &Term) -> String {
    match term {
        Term::Iri(iri) => iri.to_string(),
        Term::BlankNode(_) => "_:".to_owned(),
        Term::Literal(l) => format!("\"{}\"", l.value),
    }
}

fn reference_of(value: &Value) -> String {
    match value.get("id").and_then(Value::as_str) {
        Some(id) => id.to_owned(),
        None => "_:".to_owned(),
    }
}

fn one_or_many(value: Option<&Value>) -> Vec<&Value> {
    match value {
        None => Vec::new(),
        Some(Value::Array(items)) => items.iter().collect(),
        Some(single) => vec![single],
    }
}

fn objects(value: Option<&Value>) -> impl Iterator<Item = &Value> {
    one_or_many(value).into_iter().filter(|v| v.is_object())
}

/// The node references of a one-or-many value of ids or objects.
fn node_refs(value: Option<&Value>) -> Vec<String> {
    one_or_many(value)
        .into_iter()
        .map(|v| match v {
            Value::String(id) => id.clone(),
            other => reference_of(other),
        })
        .collect()
}

/// The literal texts of a value: a string, strings of an array, a language map's values, or a
/// scalar's lexical form.
fn texts(value: Option<&Value>) -> Vec<String> {
    match value {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Bool(b)) => vec![b.to_string()],
        Some(Value::Number(n)) => vec![n.to_string()],
        Some(Value::Array(items)) => items.iter().flat_map(|i| texts(Some(i))).collect(),
        Some(Value::Object(map)) => match map.get("@value") {
            Some(v) => texts(Some(v)),
            None => map.values().flat_map(|v| texts(Some(v))).collect(),
        },
    }
}

fn status_fingerprint(
    id: String,
    mut purpose: Vec<String>,
    mut index: Vec<String>,
    mut list: Vec<String>,
) -> String {
    purpose.sort();
    index.sort();
    list.sort();
    format!("{id} {purpose:?} {index:?} {list:?}")
}
