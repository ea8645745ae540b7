//! Active contexts: Context Processing, Create Term Definition and IRI
//! Expansion (JSON-LD 1.1 API §4.1–4.3).

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Map, Value};

use super::error::{ErrorCode as E, JsonLdError, Result, err};
use super::expanded::Text;
use super::iri::{
    as_keyword, colon_after_first, has_keyword_form, is_absolute, is_blank_node, is_keyword,
    is_well_formed_iri, resolve,
};
use super::loader::DocumentLoader;
use super::{FastMap, Limits, ProcessingMode};
use crate::rdf::Str;

/// Container mapping flags.
pub(crate) mod container {
    pub const SET: u8 = 1;
    pub const LIST: u8 = 2;
    pub const GRAPH: u8 = 4;
    pub const LANGUAGE: u8 = 8;
    pub const INDEX: u8 = 16;
    pub const ID: u8 = 32;
    pub const TYPE: u8 = 64;
}

/// A scoped (type- or property-) context kept with its term definition,
/// with the cache key computed once.
#[derive(Debug)]
pub(crate) struct ScopedContext {
    pub value: Value,
    pub key: super::context_key::CacheKey,
}

/// One term definition of an active context.
#[derive(Debug, Clone, Default)]
pub(crate) struct TermDef {
    /// IRI mapping; `None` for a term explicitly mapped to null.
    pub iri: Option<Str>,
    /// The IRI mapping is a well-formed absolute IRI: checked once here so
    /// toRdf can use the shared string as a term without checking it per call.
    pub iri_well_formed: bool,
    pub prefix: bool,
    pub protected: bool,
    pub reverse: bool,
    pub base_url: Option<Str>,
    pub context: Option<Arc<ScopedContext>>,
    pub container: u8,
    /// `Some(None)`: explicitly no direction.
    pub direction: Option<Option<Str>>,
    pub index: Option<Str>,
    /// `Some(None)`: explicitly no language.
    pub language: Option<Option<Str>>,
    pub nest: Option<Str>,
    pub type_mapping: Option<Str>,
}

impl TermDef {
    /// Equal apart from `protected` (and the base URL it was defined under).
    fn same_as(&self, o: &TermDef) -> bool {
        self.iri == o.iri
            && self.prefix == o.prefix
            && self.reverse == o.reverse
            && self.container == o.container
            && self.direction == o.direction
            && self.index == o.index
            && self.language == o.language
            && self.nest == o.nest
            && self.type_mapping == o.type_mapping
            && match (&self.context, &o.context) {
                (None, None) => true,
                (Some(a), Some(b)) => a.value == b.value,
                _ => false,
            }
    }

    pub fn has(&self, c: u8) -> bool {
        self.container & c != 0
    }
}

/// An active context. Immutable once built; shared through `Arc`.
#[derive(Debug, Clone)]
pub(crate) struct Context {
    /// Unique identity, used as part of the processed-context cache key.
    pub id: u64,
    pub terms: FastMap<Str, Arc<TermDef>>,
    pub base: Option<Str>,
    pub original_base: Option<Str>,
    pub vocab: Option<Str>,
    pub language: Option<Str>,
    pub direction: Option<Str>,
    pub previous: Option<Arc<Context>>,
}

fn next_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

impl Context {
    pub fn new(base: Option<&str>) -> Self {
        let base: Option<Str> = base.map(Into::into);
        Context {
            id: next_id(),
            terms: FastMap::default(),
            original_base: base.clone(),
            base,
            vocab: None,
            language: None,
            direction: None,
            previous: None,
        }
    }

    pub fn term(&self, t: &str) -> Option<&TermDef> {
        self.terms.get(t).map(|d| &**d)
    }
}

/// The result of IRI Expansion, saying where the string lives so callers can
/// borrow it or share the term's `Arc` without copying.
enum ExpandedIri<'c, 'v> {
    /// The input itself (a keyword, an absolute IRI, a blank node …).
    Input(&'v str),
    /// A term definition's IRI mapping, and whether it is a well-formed IRI.
    Term(&'c Str, bool),
    /// A prefix's or the vocabulary's IRI followed by the rest of the input,
    /// left unjoined so that keyword tests need not allocate.
    Concat(&'c str, &'v str),
    /// Resolved against the base IRI.
    Owned(String),
}

impl<'v> ExpandedIri<'_, 'v> {
    fn into_text(self) -> Text<'v> {
        match self {
            ExpandedIri::Input(s) => Text::Borrowed(s),
            ExpandedIri::Term(s, true) => Text::Iri(s.clone()),
            ExpandedIri::Term(s, false) => Text::Shared(s.clone()),
            ExpandedIri::Concat(a, b) => Text::Owned(ExpandedIri::into_string(a, b)),
            ExpandedIri::Owned(s) => Text::Owned(s),
        }
    }

    fn into_string(a: &str, b: &str) -> String {
        let mut s = String::with_capacity(a.len() + b.len());
        s.push_str(a);
        s.push_str(b);
        s
    }

    /// The keyword this expansion is, if any.
    fn keyword(&self) -> Option<&'static str> {
        match self {
            ExpandedIri::Input(s) => as_keyword(s),
            ExpandedIri::Term(s, _) => as_keyword(s),
            // Keywords start with `@`: a joined string can only be one if its head does.
            ExpandedIri::Concat("", b) => as_keyword(b),
            ExpandedIri::Concat(a, b) if a.starts_with('@') => as_keyword(&Self::into_string(a, b)),
            ExpandedIri::Concat(..) => None,
            ExpandedIri::Owned(s) => as_keyword(s),
        }
    }
}

/// IRI Expansion against a finished active context (§4.3.2 without the
/// local-context steps). Borrows whenever no new string is needed.
pub(crate) fn expand_iri<'a>(
    ctx: &'a Context,
    value: &'a str,
    document_relative: bool,
    vocab: bool,
) -> Option<Cow<'a, str>> {
    Some(
        match expand_iri_in(ctx, value, document_relative, vocab, None)? {
            ExpandedIri::Input(s) => Cow::Borrowed(s),
            ExpandedIri::Term(s, _) => Cow::Borrowed(&**s),
            ExpandedIri::Concat(a, b) => Cow::Owned(ExpandedIri::into_string(a, b)),
            ExpandedIri::Owned(s) => Cow::Owned(s),
        },
    )
}

/// [`expand_iri`] for the expanded tree: the result borrows the input or
/// shares the term definition's IRI (an `Arc` clone), so it outlives `ctx`.
pub(crate) fn expand_iri_text<'v>(
    ctx: &Context,
    value: &'v str,
    document_relative: bool,
    vocab: bool,
) -> Option<Text<'v>> {
    expand_iri_in(ctx, value, document_relative, vocab, None).map(ExpandedIri::into_text)
}

/// A property key's expanded IRI (vocabulary-relative) and its term
/// definition, looked up once for both.
pub(crate) fn expand_property<'c, 'v>(
    ctx: &'c Context,
    key: &'v str,
) -> (Option<Text<'v>>, Option<&'c TermDef>) {
    let td = ctx.term(key);
    let text = expand_iri_in(ctx, key, false, true, Some(td)).map(ExpandedIri::into_text);
    (text, td)
}

/// The keyword `value` expands to (vocabulary-relative), if any; `None` also
/// when it expands to nothing. Allocates nothing unless resolving against the
/// base: this runs for every key of every object.
pub(crate) fn expand_iri_keyword(
    ctx: &Context,
    value: &str,
    document_relative: bool,
) -> Option<&'static str> {
    if let Some(k) = as_keyword(value) {
        return Some(k);
    }
    if has_keyword_form(value) {
        return None;
    }
    // Keys are mostly defined terms: their IRI mapping answers directly, with
    // no `ExpandedIri` built (this runs for every key of every object, twice).
    match ctx.term(value) {
        Some(td) => td.iri.as_deref().and_then(as_keyword),
        // A term undefined here (often one of a type-scoped context not yet
        // applied) with no colon can only join the vocabulary mapping, and a
        // joined string is a keyword only if that mapping starts with `@`.
        None if !document_relative
            && !value.contains(':')
            && !ctx.vocab.as_deref().is_some_and(|v| v.starts_with('@')) =>
        {
            None
        }
        None => expand_iri_in(ctx, value, document_relative, true, Some(None))?.keyword(),
    }
}

/// `known`: `value`'s term definition if the caller already looked it up.
fn expand_iri_in<'c, 'v>(
    ctx: &'c Context,
    value: &'v str,
    document_relative: bool,
    vocab: bool,
    known: Option<Option<&'c TermDef>>,
) -> Option<ExpandedIri<'c, 'v>> {
    if is_keyword(value) {
        return Some(ExpandedIri::Input(value));
    }
    if has_keyword_form(value) {
        return None;
    }
    if let Some(td) = known.unwrap_or_else(|| ctx.term(value)) {
        match &td.iri {
            Some(iri) if is_keyword(iri) => return Some(ExpandedIri::Term(iri, false)),
            _ if vocab => {
                return td
                    .iri
                    .as_ref()
                    .map(|iri| ExpandedIri::Term(iri, td.iri_well_formed));
            }
            _ => {}
        }
    }
    if let Some(pos) = colon_after_first(value) {
        let prefix = &value[..pos];
        let suffix = &value[pos + 1..];
        if prefix == "_" || suffix.starts_with("//") {
            return Some(ExpandedIri::Input(value));
        }
        if let Some(td) = ctx.terms.get(prefix) {
            if let (Some(iri), true) = (&td.iri, td.prefix) {
                return Some(ExpandedIri::Concat(iri, suffix));
            }
        }
        if is_absolute(value) {
            return Some(ExpandedIri::Input(value));
        }
    }
    if vocab {
        if let Some(v) = &ctx.vocab {
            return Some(ExpandedIri::Concat(v, value));
        }
    }
    if document_relative {
        if let Some(b) = &ctx.base {
            return Some(ExpandedIri::Owned(resolve(value, b)));
        }
    }
    Some(ExpandedIri::Input(value))
}

/// What context processing needs from its caller.
pub(crate) struct Env<'a> {
    pub loader: &'a dyn DocumentLoader,
    pub mode: ProcessingMode,
    pub limits: &'a Limits,
}

impl Env<'_> {
    fn is_1_0(&self) -> bool {
        self.mode == ProcessingMode::JsonLd10
    }
}

/// Context Processing (§4.1.2). `remote` is the chain of remote context
/// URLs being processed (ancestors), used to detect cycles and bound depth.
#[allow(clippy::too_many_arguments)]
pub(crate) fn process_context(
    env: &Env<'_>,
    active: &Arc<Context>,
    local: &Value,
    base_url: Option<&str>,
    remote: &[String],
    override_protected: bool,
    mut propagate: bool,
    validate_scoped: bool,
    depth: usize,
) -> Result<Context> {
    if depth > env.limits.max_context_depth {
        return err(
            E::ContextOverflow,
            format!(
                "context nesting deeper than {} levels",
                env.limits.max_context_depth
            ),
        );
    }
    let mut result: Context = (**active).clone();
    result.id = next_id();
    if let Value::Object(m) = local {
        if let Some(p) = m.get("@propagate") {
            match p {
                Value::Bool(b) => propagate = *b,
                _ => return err(E::InvalidPropagateValue, "@propagate must be true or false"),
            }
        }
    }
    if !propagate && result.previous.is_none() {
        result.previous = Some(active.clone());
    }
    let items: &[Value] = match local {
        Value::Array(a) => a,
        other => std::slice::from_ref(other),
    };
    for ctx in items {
        match ctx {
            Value::Null => {
                if !override_protected && result.terms.values().any(|t| t.protected) {
                    return err(
                        E::InvalidContextNullification,
                        "cannot nullify a context with protected terms",
                    );
                }
                let mut fresh = Context::new(result.original_base.as_deref());
                if !propagate {
                    fresh.previous = result.previous.clone();
                }
                result = fresh;
            }
            Value::String(s) => {
                let url = match base_url {
                    Some(b) => resolve(s, b),
                    None if is_absolute(s) => s.clone(),
                    None => {
                        return err(
                            E::LoadingDocumentFailed,
                            format!("relative context URL {s:?} with no base IRI"),
                        );
                    }
                };
                if remote.contains(&url) {
                    if !validate_scoped {
                        continue;
                    }
                    return err(
                        E::RecursiveContextInclusion,
                        format!("context {url:?} includes itself"),
                    );
                }
                if remote.len() >= env.limits.max_remote_contexts {
                    return err(
                        E::ContextOverflow,
                        format!(
                            "more than {} nested remote contexts",
                            env.limits.max_remote_contexts
                        ),
                    );
                }
                let doc = env
                    .loader
                    .load(&url)
                    .map_err(|e| JsonLdError::loading_failed(&url, &e))?;
                let Some(inner) = doc.as_object().and_then(|o| o.get("@context")) else {
                    return err(
                        E::InvalidRemoteContext,
                        format!("{url:?} is not a JSON object with an @context entry"),
                    );
                };
                let mut chain = remote.to_vec();
                chain.push(url.clone());
                let cur = Arc::new(result);
                result = process_context(
                    env,
                    &cur,
                    inner,
                    Some(&url),
                    &chain,
                    false,
                    true,
                    validate_scoped,
                    depth + 1,
                )?;
            }
            Value::Object(map) => {
                process_map(
                    env,
                    &mut result,
                    map,
                    base_url,
                    remote,
                    override_protected,
                    depth,
                )?;
            }
            _ => {
                return err(
                    E::InvalidLocalContext,
                    "a context must be null, a string or an object",
                );
            }
        }
    }
    Ok(result)
}

#[allow(clippy::too_many_arguments)]
fn process_map(
    env: &Env<'_>,
    result: &mut Context,
    map: &Map<String, Value>,
    base_url: Option<&str>,
    remote: &[String],
    override_protected: bool,
    depth: usize,
) -> Result<()> {
    if let Some(v) = map.get("@version") {
        if v.as_f64() != Some(1.1) {
            return err(
                E::InvalidVersionValue,
                format!("@version must be 1.1, got {v}"),
            );
        }
        if env.is_1_0() {
            return err(
                E::ProcessingModeConflict,
                "@version 1.1 in json-ld-1.0 mode",
            );
        }
    }
    let merged;
    let map = if let Some(imp) = map.get("@import") {
        if env.is_1_0() {
            return err(E::InvalidContextEntry, "@import in json-ld-1.0 mode");
        }
        let Value::String(imp) = imp else {
            return err(E::InvalidImportValue, "@import must be a string");
        };
        let url = match base_url {
            Some(b) => resolve(imp, b),
            None => imp.clone(),
        };
        let doc = env
            .loader
            .load(&url)
            .map_err(|e| JsonLdError::loading_failed(&url, &e))?;
        let Some(Value::Object(imported)) = doc.as_object().and_then(|o| o.get("@context")) else {
            return err(
                E::InvalidRemoteContext,
                format!("imported {url:?} has no @context object"),
            );
        };
        if imported.contains_key("@import") {
            return err(E::InvalidContextEntry, "an imported context has @import");
        }
        let mut m = imported.clone();
        for (k, v) in map {
            m.insert(k.clone(), v.clone());
        }
        merged = m;
        &merged
    } else {
        map
    };
    if let Some(b) = map.get("@base") {
        if remote.is_empty() {
            match b {
                Value::Null => result.base = None,
                Value::String(s) if is_absolute(s) => result.base = Some(s.as_str().into()),
                Value::String(s) => match &result.base {
                    Some(cur) => result.base = Some(resolve(s, cur).into()),
                    None => {
                        return err(
                            E::InvalidBaseIri,
                            format!("relative @base {s:?} with no base"),
                        );
                    }
                },
                _ => return err(E::InvalidBaseIri, "@base must be a string or null"),
            }
        }
    }
    if let Some(v) = map.get("@vocab") {
        match v {
            Value::Null => result.vocab = None,
            Value::String(s) => match expand_iri(result, s, true, true) {
                Some(iri) => result.vocab = Some(iri.into_owned().into()),
                None => return err(E::InvalidVocabMapping, format!("@vocab {s:?}")),
            },
            _ => return err(E::InvalidVocabMapping, "@vocab must be a string or null"),
        }
    }
    if let Some(v) = map.get("@language") {
        match v {
            Value::Null => result.language = None,
            Value::String(s) => result.language = Some(s.to_ascii_lowercase().into()),
            _ => {
                return err(
                    E::InvalidDefaultLanguage,
                    "@language must be a string or null",
                );
            }
        }
    }
    if let Some(v) = map.get("@direction") {
        if env.is_1_0() {
            return err(E::InvalidContextEntry, "@direction in json-ld-1.0 mode");
        }
        match v {
            Value::Null => result.direction = None,
            Value::String(s) if s == "ltr" || s == "rtl" => {
                result.direction = Some(s.as_str().into())
            }
            _ => return err(E::InvalidBaseDirection, format!("@direction {v}")),
        }
    }
    if let Some(v) = map.get("@propagate") {
        if env.is_1_0() {
            return err(E::InvalidContextEntry, "@propagate in json-ld-1.0 mode");
        }
        if !v.is_boolean() {
            return err(E::InvalidPropagateValue, "@propagate must be a boolean");
        }
    }
    let protected = match map.get("@protected") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return err(E::InvalidProtectedValue, "@protected must be a boolean"),
    };
    let mut b = Builder {
        env,
        result,
        local: map,
        defined: HashMap::new(),
        base_url,
        protected,
        override_protected,
        remote,
        depth,
    };
    for key in map.keys() {
        if matches!(
            key.as_str(),
            "@base"
                | "@direction"
                | "@import"
                | "@language"
                | "@propagate"
                | "@protected"
                | "@version"
                | "@vocab"
        ) {
            continue;
        }
        b.create_term(key)?;
    }
    Ok(())
}

struct Builder<'a, 'e> {
    env: &'a Env<'e>,
    result: &'a mut Context,
    local: &'a Map<String, Value>,
    defined: HashMap<String, bool>,
    base_url: Option<&'a str>,
    protected: bool,
    override_protected: bool,
    remote: &'a [String],
    depth: usize,
}

fn is_gen_delim_end(s: &str) -> bool {
    matches!(
        s.as_bytes().last(),
        Some(b':' | b'/' | b'?' | b'#' | b'[' | b']' | b'@')
    )
}

impl Builder<'_, '_> {
    /// IRI Expansion with the local context being processed (§4.3.2 steps 3 and 6.3).
    fn expand(&mut self, value: &str, doc_rel: bool, vocab: bool) -> Result<Option<String>> {
        if is_keyword(value) {
            return Ok(Some(value.to_owned()));
        }
        if has_keyword_form(value) {
            return Ok(None);
        }
        if self.local.contains_key(value) && self.defined.get(value) != Some(&true) {
            self.create_term(value)?;
        }
        if let Some(pos) = colon_after_first(value) {
            let prefix = &value[..pos];
            let suffix = &value[pos + 1..];
            if prefix != "_"
                && !suffix.starts_with("//")
                && self.local.contains_key(prefix)
                && self.defined.get(prefix) != Some(&true)
            {
                self.create_term(prefix)?;
            }
        }
        Ok(expand_iri(self.result, value, doc_rel, vocab).map(Cow::into_owned))
    }

    fn create_term(&mut self, term: &str) -> Result<()> {
        match self.defined.get(term) {
            Some(true) => return Ok(()),
            Some(false) => {
                return err(
                    E::CyclicIriMapping,
                    format!("term {term:?} is defined by itself"),
                );
            }
            None => {}
        }
        if term.is_empty() {
            return err(
                E::InvalidTermDefinition,
                "the empty string is not a valid term",
            );
        }
        self.defined.insert(term.to_owned(), false);
        let local = self.local;
        let raw = local.get(term).unwrap_or(&Value::Null);
        let is_1_0 = self.env.is_1_0();
        if term == "@type" && !is_1_0 {
            let ok = match &raw {
                Value::Object(m) => {
                    !m.is_empty()
                        && m.iter().all(|(k, v)| match k.as_str() {
                            "@container" => v == "@set",
                            "@protected" => true,
                            _ => false,
                        })
                }
                _ => false,
            };
            if !ok {
                return err(
                    E::KeywordRedefinition,
                    "@type may only be given @container: @set",
                );
            }
        } else if is_keyword(term) {
            return err(
                E::KeywordRedefinition,
                format!("{term} cannot be redefined"),
            );
        } else if has_keyword_form(term) {
            // Reserved for future keywords: ignored.
            self.defined.insert(term.to_owned(), true);
            return Ok(());
        }
        let previous = self.result.terms.remove(term);
        let mut simple = false;
        let value: Cow<'_, Map<String, Value>> = match raw {
            Value::Null => {
                let mut m = Map::new();
                m.insert("@id".into(), Value::Null);
                Cow::Owned(m)
            }
            Value::String(s) => {
                simple = true;
                let mut m = Map::new();
                m.insert("@id".into(), Value::String(s.clone()));
                Cow::Owned(m)
            }
            Value::Object(m) => Cow::Borrowed(m),
            _ => {
                return err(
                    E::InvalidTermDefinition,
                    format!("definition of {term:?} must be null, a string or an object"),
                );
            }
        };
        let mut def = TermDef::default();
        match value.get("@protected") {
            None => def.protected = self.protected,
            Some(_) if is_1_0 => {
                return err(E::InvalidTermDefinition, "@protected in json-ld-1.0 mode");
            }
            Some(Value::Bool(b)) => def.protected = *b,
            Some(_) => return err(E::InvalidProtectedValue, "@protected must be a boolean"),
        }
        if let Some(t) = value.get("@type") {
            let Value::String(t) = t else {
                return err(
                    E::InvalidTypeMapping,
                    format!("@type of {term:?} must be a string"),
                );
            };
            let Some(ty) = self.expand(t, false, true)? else {
                return err(E::InvalidTypeMapping, format!("@type {t:?} of {term:?}"));
            };
            if (ty == "@json" || ty == "@none") && is_1_0 {
                return err(
                    E::InvalidTypeMapping,
                    format!("@type {ty} in json-ld-1.0 mode"),
                );
            }
            if !matches!(ty.as_str(), "@id" | "@json" | "@none" | "@vocab") && !is_absolute(&ty) {
                return err(E::InvalidTypeMapping, format!("@type {t:?} of {term:?}"));
            }
            def.type_mapping = Some(ty.into());
        }
        if let Some(r) = value.get("@reverse") {
            if value.contains_key("@id") || value.contains_key("@nest") {
                return err(
                    E::InvalidReverseProperty,
                    format!("{term:?}: @reverse with @id or @nest"),
                );
            }
            let Value::String(r) = r else {
                return err(
                    E::InvalidIriMapping,
                    format!("@reverse of {term:?} must be a string"),
                );
            };
            if has_keyword_form(r) {
                self.defined.insert(term.to_owned(), true);
                return Ok(());
            }
            match self.expand(r, false, true)? {
                Some(iri) if iri.contains(':') => def.iri = Some(iri.into()),
                _ => {
                    return err(E::InvalidIriMapping, format!("@reverse {r:?} of {term:?}"));
                }
            }
            if let Some(c) = value.get("@container") {
                match c {
                    Value::Null => {}
                    Value::String(s) if s == "@set" => def.container = container::SET,
                    Value::String(s) if s == "@index" => def.container = container::INDEX,
                    _ => {
                        return err(
                            E::InvalidReverseProperty,
                            format!("{term:?}: reverse container must be @set or @index"),
                        );
                    }
                }
            }
            def.reverse = true;
            if let Some(Value::String(i)) = value.get("@index") {
                def.index = Some(i.as_str().into());
            }
            self.check_keys(term, &value)?;
            return self.finish(term, def, previous);
        }
        let id = value.get("@id");
        if id.is_some_and(|v| v.as_str() != Some(term)) {
            match id {
                Some(Value::Null) => def.iri = None,
                Some(Value::String(s)) => {
                    if !is_keyword(s) && has_keyword_form(s) {
                        self.defined.insert(term.to_owned(), true);
                        return Ok(());
                    }
                    let iri = match self.expand(s, false, true)? {
                        Some(i) if is_keyword(&i) || i.contains(':') => i,
                        _ => {
                            return err(E::InvalidIriMapping, format!("@id {s:?} of {term:?}"));
                        }
                    };
                    if iri == "@context" {
                        return err(E::InvalidKeywordAlias, "@context cannot be aliased");
                    }
                    let inner_colon = term
                        .char_indices()
                        .any(|(i, c)| c == ':' && i > 0 && i + 1 < term.len());
                    if inner_colon || term.contains('/') {
                        self.defined.insert(term.to_owned(), true);
                        let t = self.expand(term, false, true)?;
                        if t.as_deref() != Some(iri.as_str()) {
                            return err(
                                E::InvalidIriMapping,
                                format!("term {term:?} looks like an IRI other than its @id"),
                            );
                        }
                    }
                    if !term.contains(':') && !term.contains('/') && simple {
                        def.prefix = is_blank_node(&iri) || is_gen_delim_end(&iri);
                    }
                    def.iri = Some(iri.into());
                }
                _ => {
                    return err(
                        E::InvalidIriMapping,
                        format!("@id of {term:?} must be a string"),
                    );
                }
            }
        } else if let Some(pos) = colon_after_first(term) {
            let prefix = &term[..pos];
            let suffix = &term[pos + 1..];
            if self.local.contains_key(prefix) {
                self.create_term(prefix)?;
            }
            match self.result.terms.get(prefix).and_then(|d| d.iri.clone()) {
                Some(p) if prefix != "_" && !suffix.starts_with("//") => {
                    def.iri = Some(format!("{p}{suffix}").into())
                }
                _ => def.iri = Some(term.into()),
            }
        } else if term.contains('/') {
            match expand_iri(self.result, term, false, true).map(Cow::into_owned) {
                Some(i) if is_absolute(&i) => def.iri = Some(i.into()),
                _ => return err(E::InvalidIriMapping, format!("{term:?} is not an IRI")),
            }
        } else if term == "@type" {
            def.iri = Some("@type".into());
        } else if let Some(v) = &self.result.vocab {
            def.iri = Some(format!("{v}{term}").into());
        } else {
            return err(
                E::InvalidIriMapping,
                format!("{term:?} has no @id and there is no @vocab"),
            );
        }
        if let Some(c) = value.get("@container") {
            def.container = parse_container(c, is_1_0).ok_or_else(|| {
                JsonLdError::new(
                    E::InvalidContainerMapping,
                    format!("{term:?}: @container {c}"),
                )
            })?;
            if def.has(container::TYPE) {
                match def.type_mapping.as_deref() {
                    None => def.type_mapping = Some("@id".into()),
                    Some("@id" | "@vocab") => {}
                    Some(_) => {
                        return err(
                            E::InvalidTypeMapping,
                            format!("{term:?}: @type container needs @id or @vocab type"),
                        );
                    }
                }
            }
        }
        if let Some(i) = value.get("@index") {
            if is_1_0 || !def.has(container::INDEX) {
                return err(
                    E::InvalidTermDefinition,
                    format!("{term:?}: @index without @index container"),
                );
            }
            let Value::String(i) = i else {
                return err(
                    E::InvalidTermDefinition,
                    format!("{term:?}: @index must be a string"),
                );
            };
            match self.expand(i, false, true)? {
                Some(x) if !is_keyword(&x) && is_absolute(&x) => {}
                _ => return err(E::InvalidTermDefinition, format!("{term:?}: @index {i:?}")),
            }
            def.index = Some(i.as_str().into());
        }
        if let Some(c) = value.get("@context") {
            if is_1_0 {
                return err(
                    E::InvalidTermDefinition,
                    "scoped @context in json-ld-1.0 mode",
                );
            }
            let current = Arc::new(self.result.clone());
            process_context(
                self.env,
                &current,
                c,
                self.base_url,
                self.remote,
                true,
                true,
                false,
                self.depth + 1,
            )
            .map_err(|e| {
                if e.kind() == E::ContextOverflow || e.kind() == E::LimitExceeded {
                    e
                } else {
                    JsonLdError::new(E::InvalidScopedContext, format!("{term:?}: {e}"))
                }
            })?;
            let key = super::context_key::CacheKey::of(c);
            def.context = Some(Arc::new(ScopedContext {
                value: c.clone(),
                key,
            }));
            def.base_url = self.base_url.map(Into::into);
        }
        if !value.contains_key("@type") {
            if let Some(l) = value.get("@language") {
                match l {
                    Value::Null => def.language = Some(None),
                    Value::String(s) => def.language = Some(Some(s.to_ascii_lowercase().into())),
                    _ => {
                        return err(
                            E::InvalidLanguageMapping,
                            format!("{term:?}: @language {l}"),
                        );
                    }
                }
            }
            if let Some(d) = value.get("@direction") {
                match d {
                    Value::Null => def.direction = Some(None),
                    Value::String(s) if s == "ltr" || s == "rtl" => {
                        def.direction = Some(Some(s.as_str().into()))
                    }
                    _ => return err(E::InvalidBaseDirection, format!("{term:?}: @direction {d}")),
                }
            }
        }
        if let Some(n) = value.get("@nest") {
            if is_1_0 {
                return err(E::InvalidTermDefinition, "@nest in json-ld-1.0 mode");
            }
            match n {
                Value::String(s) if s == "@nest" || !is_keyword(s) => {
                    def.nest = Some(s.as_str().into())
                }
                _ => return err(E::InvalidNestValue, format!("{term:?}: @nest {n}")),
            }
        }
        if let Some(p) = value.get("@prefix") {
            if is_1_0 || term.contains(':') || term.contains('/') {
                return err(
                    E::InvalidTermDefinition,
                    format!("{term:?}: @prefix not allowed"),
                );
            }
            let Value::Bool(p) = p else {
                return err(
                    E::InvalidPrefixValue,
                    format!("{term:?}: @prefix must be a boolean"),
                );
            };
            def.prefix = *p;
            if *p && def.iri.as_deref().is_some_and(is_keyword) {
                return err(
                    E::InvalidTermDefinition,
                    format!("{term:?}: a keyword cannot be a prefix"),
                );
            }
        }
        self.check_keys(term, &value)?;
        self.finish(term, def, previous)
    }

    fn check_keys(&self, term: &str, value: &Map<String, Value>) -> Result<()> {
        for k in value.keys() {
            if !matches!(
                k.as_str(),
                "@id"
                    | "@reverse"
                    | "@container"
                    | "@context"
                    | "@direction"
                    | "@index"
                    | "@language"
                    | "@nest"
                    | "@prefix"
                    | "@protected"
                    | "@type"
            ) {
                return err(
                    E::InvalidTermDefinition,
                    format!("{term:?}: unexpected entry {k:?}"),
                );
            }
        }
        Ok(())
    }

    fn finish(&mut self, term: &str, def: TermDef, previous: Option<Arc<TermDef>>) -> Result<()> {
        let def = match previous {
            Some(prev) if !self.override_protected && prev.protected => {
                if !def.same_as(&prev) {
                    return err(
                        E::ProtectedTermRedefinition,
                        format!("protected term {term:?} cannot be redefined"),
                    );
                }
                prev
            }
            _ => {
                let mut def = def;
                def.iri_well_formed = def.iri.as_deref().is_some_and(is_well_formed_iri);
                Arc::new(def)
            }
        };
        self.result.terms.insert(term.into(), def);
        self.defined.insert(term.to_owned(), true);
        Ok(())
    }
}

fn parse_container(c: &Value, is_1_0: bool) -> Option<u8> {
    use container::*;
    let one = |s: &str| -> Option<u8> {
        Some(match s {
            "@set" => SET,
            "@list" => LIST,
            "@graph" => GRAPH,
            "@language" => LANGUAGE,
            "@index" => INDEX,
            "@id" => ID,
            "@type" => TYPE,
            _ => return None,
        })
    };
    match c {
        Value::String(s) => {
            let f = one(s)?;
            if is_1_0 && (f == GRAPH || f == ID || f == TYPE) {
                return None;
            }
            Some(f)
        }
        Value::Array(a) if !is_1_0 => {
            let mut f = 0u8;
            for v in a {
                f |= one(v.as_str()?)?;
            }
            let n = f.count_ones();
            if n == 0 {
                return None;
            }
            if f & LIST != 0 && n > 1 {
                return None;
            }
            if f & GRAPH != 0 {
                if f & !(GRAPH | ID | INDEX | SET) != 0 || (f & ID != 0 && f & INDEX != 0) {
                    return None;
                }
            } else if n > 2 || (n == 2 && f & SET == 0) {
                return None;
            }
            Some(f)
        }
        _ => None,
    }
}
