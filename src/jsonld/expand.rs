//! The Expansion algorithm (JSON-LD 1.1 API §5.1) and Value Expansion (§5.3).

use std::borrow::Cow;
use std::sync::Arc;

use serde_json::{Map, Value};
use smallvec::SmallVec;

use super::context::{
    Context, Env, TermDef, container, expand_iri, expand_iri_keyword, expand_iri_text,
    expand_property,
};
use super::error::{ErrorCode as E, JsonLdError, Result};
use super::expanded::{Ex, ExMap, Scalar, Text};
use super::iri::{as_keyword, is_absolute, is_blank_node, is_keyword, is_well_formed_iri};
use super::{Options, Processor};

/// A JSON Pointer built on the stack while descending, rendered only on error.
#[derive(Clone, Copy)]
pub(crate) struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    seg: Seg<'a>,
}

#[derive(Clone, Copy)]
enum Seg<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

impl<'a> Path<'a> {
    pub const ROOT: Path<'static> = Path {
        parent: None,
        seg: Seg::Root,
    };

    fn key(&'a self, k: &'a str) -> Path<'a> {
        Path {
            parent: Some(self),
            seg: Seg::Key(k),
        }
    }

    fn index(&'a self, i: usize) -> Path<'a> {
        Path {
            parent: Some(self),
            seg: Seg::Index(i),
        }
    }

    pub fn render(&self) -> String {
        let mut segs = Vec::new();
        let mut cur = Some(self);
        while let Some(p) = cur {
            segs.push(p.seg);
            cur = p.parent;
        }
        let mut s = String::new();
        for seg in segs.iter().rev() {
            match seg {
                Seg::Root => {}
                Seg::Key(k) => crate::json::push_pointer_token(&mut s, k),
                Seg::Index(i) => crate::json::push_pointer_index(&mut s, *i),
            }
        }
        s
    }
}

pub(crate) struct Expander<'p> {
    pub proc: &'p Processor,
    pub env: Env<'p>,
    pub opts: &'p Options,
    pub nodes: usize,
    /// A top-level property the document is expanded without (a secured credential's `proof`,
    /// which Data Integrity removes before signing), so that it need not be copied first.
    pub without_top_level: Option<&'static str>,
}

/// The members of a JSON object, less at most one left-out property.
#[derive(Clone, Copy)]
struct Members<'a> {
    map: &'a Map<String, Value>,
    without: Option<&'static str>,
}

impl<'a> Members<'a> {
    fn all(map: &'a Map<String, Value>) -> Self {
        Members { map, without: None }
    }

    fn iter(self) -> impl Iterator<Item = (&'a String, &'a Value)> {
        self.map
            .iter()
            .filter(move |(key, _)| Some(key.as_str()) != self.without)
    }

    fn keys(self) -> impl Iterator<Item = &'a String> {
        self.iter().map(|(key, _)| key)
    }

    fn len(self) -> usize {
        match self.without {
            Some(left_out) if self.map.contains_key(left_out) => self.map.len() - 1,
            _ => self.map.len(),
        }
    }

    fn get(self, key: &str) -> Option<&'a Value> {
        if Some(key) == self.without {
            return None;
        }
        self.map.get(key)
    }
}

fn as_slice(v: &Value) -> &[Value] {
    match v {
        Value::Array(a) => a,
        other => std::slice::from_ref(other),
    }
}

/// Appends `v` (flattening arrays) to the array entry `key` of `map`.
fn add_value<'a>(map: &mut ExMap<'a>, key: &Text<'a>, v: Ex<'a>) {
    // Most properties get one value: kept unwrapped (see `ExMap`), no search twice.
    let Some(entry) = map.get_mut(key) else {
        let v = if v.is_array() {
            Ex::Array(v.into_vec())
        } else {
            v
        };
        map.insert(key.clone(), v);
        return;
    };
    if !matches!(entry, Ex::Array(_)) {
        let old = entry.take();
        *entry = Ex::Array(old.into_vec());
    }
    if let Ex::Array(a) = entry {
        match v {
            Ex::Array(items) => a.extend(items),
            other => a.extend(other.into_vec()),
        }
    }
}

/// A `'static` keyword key of the expanded tree.
fn kw(k: &'static str) -> Text<'static> {
    Text::Borrowed(k)
}

fn is_value_object(v: &Ex<'_>) -> bool {
    v.is_value_object()
}

fn is_list_object(v: &Ex<'_>) -> bool {
    v.as_object().is_some_and(|m| m.contains_key("@list"))
}

fn is_graph_object(v: &Ex<'_>) -> bool {
    v.as_object().is_some_and(|m| {
        m.contains_key("@graph")
            && m.keys()
                .all(|k| matches!(k, "@graph" | "@id" | "@index" | "@context"))
    })
}

/// Per-object state shared by steps 13 and 14 (nested properties).
struct ObjState<'c> {
    ctx: Arc<Context>,
    type_ctx: Arc<Context>,
    active_property: Option<&'c str>,
    /// The input's type expands to `@json`.
    json_typed: bool,
    base_url: Option<&'c str>,
}

impl Expander<'_> {
    fn safe_err(&self, path: &Path<'_>, msg: String) -> Result<()> {
        if self.opts.safe_mode {
            Err(JsonLdError::new(E::SafeModeViolation, msg).at(path.render()))
        } else {
            Ok(())
        }
    }

    fn tick(&mut self, path: &Path<'_>, depth: usize) -> Result<()> {
        self.nodes += 1;
        if self.nodes > self.opts.limits.max_nodes {
            return Err(JsonLdError::new(
                E::LimitExceeded,
                format!(
                    "document has more than {} JSON values",
                    self.opts.limits.max_nodes
                ),
            )
            .at(path.render()));
        }
        if depth > self.opts.limits.max_depth {
            return Err(JsonLdError::new(
                E::LimitExceeded,
                format!(
                    "document nested deeper than {} levels",
                    self.opts.limits.max_depth
                ),
            )
            .at(path.render()));
        }
        Ok(())
    }

    /// A JSON literal is copied and canonicalized recursively: bound its depth
    /// by the same limit as the document.
    fn check_literal_depth(&self, v: &Value, path: &Path<'_>, depth: usize) -> Result<()> {
        fn within(v: &Value, budget: usize) -> bool {
            match v {
                Value::Array(a) => budget > 0 && a.iter().all(|x| within(x, budget - 1)),
                Value::Object(m) => budget > 0 && m.values().all(|x| within(x, budget - 1)),
                _ => true,
            }
        }
        let budget = self.opts.limits.max_depth.saturating_sub(depth);
        if within(v, budget) {
            Ok(())
        } else {
            Err(JsonLdError::new(
                E::LimitExceeded,
                format!(
                    "JSON literal nested deeper than {} levels",
                    self.opts.limits.max_depth
                ),
            )
            .at(path.render()))
        }
    }

    /// Applies a local context through the processor's cache.
    pub fn apply(
        &self,
        active: &Arc<Context>,
        local: &Value,
        key: Option<&super::context_key::CacheKey>,
        base_url: Option<&str>,
        override_protected: bool,
        propagate: bool,
    ) -> Result<Arc<Context>> {
        self.proc.process_cached(
            &self.env,
            active,
            local,
            key,
            base_url,
            override_protected,
            propagate,
        )
    }

    #[allow(clippy::too_many_arguments)]
    pub fn expand<'a>(
        &mut self,
        ctx: &Arc<Context>,
        active_property: Option<&str>,
        element: &'a Value,
        base_url: Option<&str>,
        from_map: bool,
        path: &Path<'_>,
        depth: usize,
    ) -> Result<Ex<'a>> {
        self.tick(path, depth)?;
        match element {
            Value::Null => Ok(Ex::Null),
            Value::Array(items) => {
                self.expand_array(ctx, active_property, items, base_url, from_map, path, depth)
            }
            Value::Object(map) => {
                let members = Members {
                    map,
                    without: self.without_top_level.filter(|_| depth == 0),
                };
                self.expand_object(
                    ctx,
                    active_property,
                    members,
                    base_url,
                    from_map,
                    path,
                    depth,
                )
            }
            scalar => {
                if active_property.is_none() || active_property == Some("@graph") {
                    self.safe_err(path, "free-floating value is dropped".into())?;
                    return Ok(Ex::Null);
                }
                let td = active_property.and_then(|p| ctx.term(p));
                if let Some(sc) = td.and_then(|t| t.context.as_ref()) {
                    // A property-scoped context: the term is looked up again in it.
                    let bu = td.and_then(|t| t.base_url.as_deref());
                    let scoped = self.apply(ctx, &sc.value, Some(&sc.key), bu, true, true)?;
                    let td = active_property.and_then(|p| scoped.term(p));
                    return self.expand_value(&scoped, td, Ex::Doc(scalar), path);
                }
                self.expand_value(ctx, td, Ex::Doc(scalar), path)
            }
        }
    }

    /// The array case of [`Self::expand`] (already counted by `tick`).
    #[allow(clippy::too_many_arguments)]
    fn expand_array<'a>(
        &mut self,
        ctx: &Arc<Context>,
        active_property: Option<&str>,
        items: &'a [Value],
        base_url: Option<&str>,
        from_map: bool,
        path: &Path<'_>,
        depth: usize,
    ) -> Result<Ex<'a>> {
        let td = active_property.and_then(|p| ctx.term(p));
        let is_list = td.is_some_and(|t| t.has(container::LIST));
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let p = path.index(i);
            let mut e = self.expand(
                ctx,
                active_property,
                item,
                base_url,
                from_map,
                &p,
                depth + 1,
            )?;
            if is_list && e.is_array() {
                e = Ex::Object(ExMap::one("@list", e));
            }
            match e {
                Ex::Array(a) => out.extend(a),
                Ex::Null => {}
                other => out.push(other),
            }
        }
        Ok(Ex::Array(out))
    }

    /// Value Expansion (§5.3.2).
    /// `td` is the active property's definition in `ctx`.
    pub fn expand_value<'a>(
        &self,
        ctx: &Context,
        td: Option<&TermDef>,
        value: Ex<'a>,
        path: &Path<'_>,
    ) -> Result<Ex<'a>> {
        let tm = td.and_then(|t| t.type_mapping.as_ref());
        if let (Some(tm), Some(s)) = (tm, value.borrowed_str()) {
            if matches!(&**tm, "@id" | "@vocab") {
                let m = match expand_iri_text(ctx, s, true, &**tm == "@vocab") {
                    Some(i) => {
                        if !is_absolute(&i) && !is_blank_node(&i) {
                            self.safe_err(path, format!("relative IRI reference {s:?}"))?;
                        }
                        ExMap::one("@id", Ex::Str(i))
                    }
                    None => {
                        self.safe_err(path, format!("{s:?} does not expand to an IRI"))?;
                        ExMap::one("@id", Ex::Null)
                    }
                };
                return Ok(Ex::Object(m));
            }
        }
        let is_string = value.is_string();
        let typed = match tm.map(|t| (&**t, t)) {
            Some(("@id" | "@vocab" | "@none", _)) | None => None,
            Some((_, t)) => Some(t),
        };
        let (lang, dir) = if is_string && typed.is_none() {
            let lang = match td.and_then(|t| t.language.as_ref()) {
                Some(l) => l.as_ref(),
                None => ctx.language.as_ref(),
            };
            let dir = match td.and_then(|t| t.direction.as_ref()) {
                Some(d) => d.as_ref(),
                None => ctx.direction.as_ref(),
            };
            (lang, dir)
        } else {
            (None, None)
        };
        if let (Ex::Doc(v), None, None) = (&value, lang, dir) {
            // The common case, held inline (see `Ex::Value`).
            return Ok(Ex::Value(v, typed.cloned()));
        }
        let mut m = ExMap::with_capacity(2);
        m.insert(kw("@value"), value);
        if let Some(t) = typed {
            m.insert(kw("@type"), Ex::Str(Text::Shared(t.clone())));
            return Ok(Ex::Object(m));
        }
        if let Some(l) = lang {
            m.insert(kw("@language"), Ex::Str(Text::Shared(l.clone())));
        }
        if let Some(d) = dir {
            m.insert(kw("@direction"), Ex::Str(Text::Shared(d.clone())));
        }
        Ok(Ex::Object(m))
    }

    #[allow(clippy::too_many_arguments)]
    fn expand_object<'a>(
        &mut self,
        ctx: &Arc<Context>,
        active_property: Option<&str>,
        element: Members<'a>,
        base_url: Option<&str>,
        from_map: bool,
        path: &Path<'_>,
        depth: usize,
    ) -> Result<Ex<'a>> {
        let prop_td = active_property.and_then(|p| ctx.term(p));
        let property_scoped = prop_td.and_then(|t| t.context.clone());
        let property_scoped_base = prop_td.and_then(|t| t.base_url.clone());
        let mut active = ctx.clone();
        // Step 7: revert a non-propagated (type-scoped) context.
        if let Some(prev) = &active.previous {
            if !from_map {
                let mut revert = true;
                let mut only_id = element.len() == 1;
                for k in element.keys() {
                    match expand_iri_keyword(&active, k, false) {
                        Some("@value") => {
                            revert = false;
                            break;
                        }
                        Some("@id") => {}
                        _ => only_id = false,
                    }
                }
                if revert && !only_id {
                    active = prev.clone();
                }
            }
        }
        if let Some(sc) = property_scoped {
            active = self.apply(
                &active,
                &sc.value,
                Some(&sc.key),
                property_scoped_base.as_deref(),
                true,
                true,
            )?;
        }
        // A scan, not `get`: objects are small and their maps hash with SipHash.
        if let Some((_, local)) = element.iter().find(|(k, _)| *k == "@context") {
            let p = path.key("@context");
            active = self
                .apply(&active, local, None, base_url, false, true)
                .map_err(|e| e.at(p.render()))?;
        }
        let type_ctx = active.clone();
        // Step 11: type-scoped contexts, keys and values in lexicographic order.
        // Objects have one type key, and a handful of types: no heap.
        let mut type_keys: SmallVec<[(&String, &Value); 2]> = element
            .iter()
            .filter(|(k, _)| expand_iri_keyword(&active, k, false) == Some("@type"))
            .collect();
        if !type_keys.is_empty() {
            type_keys.sort_by(|a, b| a.0.cmp(b.0));
            for (_, v) in &type_keys {
                let mut terms: SmallVec<[&str; 4]> =
                    as_slice(v).iter().filter_map(Value::as_str).collect();
                terms.sort_unstable();
                for t in terms {
                    if let Some(td) = type_ctx.term(t) {
                        if let Some(sc) = &td.context {
                            let bu = td.base_url.clone();
                            active = self.apply(
                                &active,
                                &sc.value,
                                Some(&sc.key),
                                bu.as_deref(),
                                false,
                                false,
                            )?;
                        }
                    }
                }
            }
        }
        // Only whether the (last) type is `@json` matters to value objects.
        let json_typed = type_keys.first().is_some_and(|(_, v)| {
            as_slice(v)
                .last()
                .and_then(Value::as_str)
                .is_some_and(|t| expand_iri_keyword(&active, t, true) == Some("@json"))
        });
        let st = ObjState {
            ctx: active,
            type_ctx,
            active_property,
            json_typed,
            base_url,
        };
        let mut result = ExMap::with_capacity(element.len());
        self.expand_entries(&st, element, &mut result, path, depth)?;
        self.finish_object(result, active_property, path)
    }

    fn finish_object<'a>(
        &self,
        mut result: ExMap<'a>,
        active_property: Option<&str>,
        path: &Path<'_>,
    ) -> Result<Ex<'a>> {
        if let Some(v) = result.get("@value") {
            if result.keys().any(|k| {
                !matches!(
                    k,
                    "@direction" | "@index" | "@language" | "@type" | "@value"
                )
            }) || (result.contains_key("@type")
                && (result.contains_key("@language") || result.contains_key("@direction")))
            {
                return Err(JsonLdError::new(
                    E::InvalidValueObject,
                    "value object with disallowed entries",
                )
                .at(path.render()));
            }
            let ty = result.get("@type");
            if ty.and_then(Ex::as_str) == Some("@json") {
                // Any JSON value.
            } else if v.is_null()
                || matches!(v, Ex::Array(a) if a.is_empty())
                || matches!(v, Ex::Doc(Value::Array(a)) if a.is_empty())
            {
                return Ok(Ex::Null);
            } else if !v.is_string() && result.contains_key("@language") {
                return Err(JsonLdError::new(
                    E::InvalidLanguageTaggedValue,
                    format!("@language with a non-string value {}", v.to_value()),
                )
                .at(path.render()));
            } else if let Some(t) = ty {
                // A term's IRI was checked when its context was processed.
                if !matches!(t, Ex::Str(Text::Iri(_)))
                    && !t.as_str().is_some_and(is_well_formed_iri)
                {
                    return Err(JsonLdError::new(
                        E::InvalidTypedValue,
                        format!("value @type {} is not an IRI", t.to_value()),
                    )
                    .at(path.render()));
                }
            } else if !matches!(
                v.scalar(),
                Scalar::Str(_) | Scalar::Number(_) | Scalar::Bool(_)
            ) {
                return Err(JsonLdError::new(
                    E::InvalidValueObjectValue,
                    format!("@value {} is not a scalar", v.to_value()),
                )
                .at(path.render()));
            }
            if let Some(l) = result.get("@language").and_then(Ex::as_str) {
                if !well_formed_language(l) {
                    self.safe_err(path, format!("invalid language tag {l:?}"))?;
                }
            }
        } else if let Some(t) = result.get_mut("@type") {
            if !matches!(t, Ex::Array(_)) {
                let old = t.take();
                *t = Ex::Array(vec![old]);
            }
        } else if result.contains_key("@set") || result.contains_key("@list") {
            if result.len() > 2 || (result.len() == 2 && !result.contains_key("@index")) {
                return Err(JsonLdError::new(
                    E::InvalidSetOrListObject,
                    "@set/@list object with other entries",
                )
                .at(path.render()));
            }
            if let Some(s) = result.remove("@set") {
                return Ok(s);
            }
        }
        if result.len() == 1 && result.contains_key("@language") {
            self.safe_err(path, "object with only @language is dropped".into())?;
            return Ok(Ex::Null);
        }
        if active_property.is_none() || active_property == Some("@graph") {
            if result.is_empty() || result.contains_key("@value") || result.contains_key("@list") {
                if !result.is_empty() {
                    self.safe_err(path, "free-floating value is dropped".into())?;
                }
                return Ok(Ex::Null);
            }
            if result.len() == 1 && result.contains_key("@id") {
                return Ok(Ex::Null);
            }
        }
        Ok(Ex::Object(result))
    }

    /// Steps 13 and 14 over the entries of `element` (or of a nested object).
    fn expand_entries<'a>(
        &mut self,
        st: &ObjState<'_>,
        element: Members<'a>,
        result: &mut ExMap<'a>,
        path: &Path<'_>,
        depth: usize,
    ) -> Result<()> {
        let ctx = &st.ctx;
        let mut nests: Vec<&'a String> = Vec::new();
        for (key, value) in element.iter() {
            if key == "@context" {
                continue;
            }
            let kp = path.key(key);
            let (expanded_text, td) = expand_property(ctx, key);
            let Some(expanded_text) = expanded_text else {
                self.safe_err(&kp, format!("property {key:?} is not defined"))?;
                continue;
            };
            let expanded: &str = &expanded_text;
            let keyword = as_keyword(expanded);
            if keyword.is_none() && !expanded.contains(':') {
                self.safe_err(&kp, format!("property {key:?} does not expand to an IRI"))?;
                continue;
            }
            if let Some(expanded) = keyword {
                if st.active_property == Some("@reverse") {
                    return Err(JsonLdError::new(
                        E::InvalidReversePropertyMap,
                        format!("keyword {key:?} in a @reverse map"),
                    )
                    .at(kp.render()));
                }
                if result.contains_key(expanded) && expanded != "@included" && expanded != "@type" {
                    return Err(JsonLdError::new(
                        E::CollidingKeywords,
                        format!("{expanded} appears twice"),
                    )
                    .at(kp.render()));
                }
                self.expand_keyword(st, key, expanded, value, result, &mut nests, &kp, depth)?;
                continue;
            }
            let cont = td.map_or(0, |t| t.container);
            let mut ev = if td.and_then(|t| t.type_mapping.as_deref()) == Some("@json") {
                self.check_literal_depth(value, &kp, depth)?;
                let mut m = ExMap::with_capacity(2);
                m.insert(kw("@value"), Ex::Doc(value));
                m.insert(kw("@type"), Ex::Str(kw("@json")));
                Ex::Object(m)
            } else if cont & container::LANGUAGE != 0 && value.is_object() {
                self.expand_language_map(ctx, td, value, &kp)?
            } else if cont & (container::INDEX | container::TYPE | container::ID) != 0
                && value.is_object()
            {
                self.expand_index_map(st, key, td, cont, value, &kp, depth)?
            } else {
                self.expand(ctx, Some(key), value, st.base_url, false, &kp, depth + 1)?
            };
            if ev.is_null() {
                continue;
            }
            if cont & container::LIST != 0 && !is_list_object(&ev) {
                ev = Ex::Object(ExMap::one("@list", Ex::Array(ev.into_vec())));
            }
            if cont & container::GRAPH != 0 && cont & (container::ID | container::INDEX) == 0 {
                let items = ev
                    .into_vec()
                    .into_iter()
                    .map(|item| Ex::Object(ExMap::one("@graph", Ex::Array(item.into_vec()))))
                    .collect();
                ev = Ex::Array(items);
            }
            if td.is_some_and(|t| t.reverse) {
                let rev = result.get_or_insert_with(kw("@reverse"), || Ex::Object(ExMap::new()));
                let Ex::Object(rev) = rev else {
                    continue;
                };
                for item in ev.into_vec() {
                    if is_value_object(&item) || is_list_object(&item) {
                        return Err(JsonLdError::new(
                            E::InvalidReversePropertyValue,
                            format!("reverse property {key:?} with a value or list"),
                        )
                        .at(kp.render()));
                    }
                    add_value(rev, &expanded_text, item);
                }
            } else {
                add_value(result, &expanded_text, ev);
            }
        }
        if !nests.is_empty() {
            nests.sort();
            for nk in nests {
                let Some(nv) = element.get(nk.as_str()) else {
                    continue;
                };
                let np = path.key(nk);
                let nst;
                let st = match ctx.term(nk).and_then(|t| t.context.clone()) {
                    Some(sc) => {
                        let bu = ctx.term(nk).and_then(|t| t.base_url.clone());
                        nst = ObjState {
                            ctx: self.apply(
                                ctx,
                                &sc.value,
                                Some(&sc.key),
                                bu.as_deref(),
                                true,
                                true,
                            )?,
                            type_ctx: st.type_ctx.clone(),
                            active_property: st.active_property,
                            json_typed: st.json_typed,
                            base_url: st.base_url,
                        };
                        &nst
                    }
                    None => st,
                };
                let ctx = &st.ctx;
                for (i, nested) in as_slice(nv).iter().enumerate() {
                    let ip = np.index(i);
                    let Value::Object(nm) = nested else {
                        return Err(JsonLdError::new(
                            E::InvalidNestValue,
                            "@nest value must be an object",
                        )
                        .at(ip.render()));
                    };
                    if nm
                        .keys()
                        .any(|k| expand_iri_keyword(ctx, k, false) == Some("@value"))
                    {
                        return Err(JsonLdError::new(
                            E::InvalidNestValue,
                            "@nest value is a value object",
                        )
                        .at(ip.render()));
                    }
                    self.tick(&ip, depth + 1)?;
                    self.expand_entries(st, Members::all(nm), result, &ip, depth + 1)?;
                }
            }
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn expand_keyword<'a>(
        &mut self,
        st: &ObjState<'_>,
        key: &'a String,
        expanded: &'static str,
        value: &'a Value,
        result: &mut ExMap<'a>,
        nests: &mut Vec<&'a String>,
        kp: &Path<'_>,
        depth: usize,
    ) -> Result<()> {
        let ctx = &st.ctx;
        let at = |e: JsonLdError| e.at(kp.render());
        let ev: Ex<'a> = match expanded {
            "@id" => {
                let Value::String(s) = value else {
                    return Err(at(JsonLdError::new(
                        E::InvalidIdValue,
                        format!("@id {value}"),
                    )));
                };
                match expand_iri_text(ctx, s, true, false) {
                    Some(i) => {
                        if !is_absolute(&i) && !is_blank_node(&i) {
                            self.safe_err(kp, format!("relative @id {s:?}"))?;
                        }
                        Ex::Str(i)
                    }
                    None => {
                        self.safe_err(kp, format!("@id {s:?} is not an IRI"))?;
                        Ex::Null
                    }
                }
            }
            "@type" => {
                let expand_one = |s: &'a str| -> Result<Ex<'a>> {
                    match expand_iri_text(&st.type_ctx, s, true, true) {
                        Some(i) => {
                            if !is_absolute(&i) && !is_blank_node(&i) && !is_keyword(&i) {
                                self.safe_err(kp, format!("type {s:?} does not expand to an IRI"))?;
                            }
                            Ok(Ex::Str(i))
                        }
                        None => {
                            self.safe_err(kp, format!("type {s:?} is not defined"))?;
                            Ok(Ex::Null)
                        }
                    }
                };
                let v = match value {
                    Value::String(s) => expand_one(s)?,
                    Value::Array(a) => {
                        let mut out = Vec::with_capacity(a.len());
                        for t in a {
                            let Value::String(s) = t else {
                                return Err(at(JsonLdError::new(
                                    E::InvalidTypeValue,
                                    format!("@type entry {t} is not a string"),
                                )));
                            };
                            let e = expand_one(s)?;
                            if !e.is_null() {
                                out.push(e);
                            }
                        }
                        Ex::Array(out)
                    }
                    _ => {
                        return Err(at(JsonLdError::new(
                            E::InvalidTypeValue,
                            format!("@type {value} must be a string or array of strings"),
                        )));
                    }
                };
                if let Some(existing) = result.remove("@type") {
                    let mut all = existing.into_vec();
                    all.extend(v.into_vec());
                    Ex::Array(all)
                } else {
                    v
                }
            }
            "@graph" => {
                let e = self.expand(
                    ctx,
                    Some("@graph"),
                    value,
                    st.base_url,
                    false,
                    kp,
                    depth + 1,
                )?;
                Ex::Array(e.into_vec().into_iter().filter(|v| !v.is_null()).collect())
            }
            "@included" => {
                if self.env.mode == super::ProcessingMode::JsonLd10 {
                    return Ok(());
                }
                if as_slice(value)
                    .iter()
                    .any(|v| !v.is_object() && !v.is_null())
                {
                    return Err(at(JsonLdError::new(
                        E::InvalidIncludedValue,
                        "@included values must be node objects",
                    )));
                }
                let e = self.expand(
                    ctx,
                    Some("@included"),
                    value,
                    st.base_url,
                    false,
                    kp,
                    depth + 1,
                )?;
                let items: Vec<Ex<'a>> =
                    e.into_vec().into_iter().filter(|v| !v.is_null()).collect();
                for i in &items {
                    let ok = i.as_object().is_some_and(|m| {
                        !m.contains_key("@value")
                            && !m.contains_key("@list")
                            && !m.contains_key("@set")
                    });
                    if !ok {
                        return Err(at(JsonLdError::new(
                            E::InvalidIncludedValue,
                            "@included values must be node objects",
                        )));
                    }
                }
                let mut all = match result.remove("@included") {
                    Some(prev) => prev.into_vec(),
                    None => Vec::new(),
                };
                all.extend(items);
                Ex::Array(all)
            }
            "@value" => {
                if st.json_typed {
                    if self.env.mode == super::ProcessingMode::JsonLd10 {
                        return Err(at(JsonLdError::new(
                            E::InvalidValueObjectValue,
                            "@json in 1.0",
                        )));
                    }
                    self.check_literal_depth(value, kp, depth)?;
                    Ex::Doc(value)
                } else {
                    match value {
                        Value::Null => {
                            result.insert(kw("@value"), Ex::Null);
                            return Ok(());
                        }
                        Value::Array(_) | Value::Object(_) => {
                            return Err(at(JsonLdError::new(
                                E::InvalidValueObjectValue,
                                format!("@value {value} is not a scalar"),
                            )));
                        }
                        v => Ex::Doc(v),
                    }
                }
            }
            "@language" => {
                let Value::String(s) = value else {
                    return Err(at(JsonLdError::new(
                        E::InvalidLanguageTaggedString,
                        format!("@language {value} is not a string"),
                    )));
                };
                if s.bytes().any(|b| b.is_ascii_uppercase()) {
                    Ex::Str(Text::Owned(s.to_ascii_lowercase()))
                } else {
                    Ex::Str(Text::Borrowed(s))
                }
            }
            "@direction" => {
                if self.env.mode == super::ProcessingMode::JsonLd10 {
                    return Ok(());
                }
                match value.as_str() {
                    Some("ltr" | "rtl") => Ex::Doc(value),
                    _ => {
                        return Err(at(JsonLdError::new(
                            E::InvalidBaseDirection,
                            format!("@direction {value}"),
                        )));
                    }
                }
            }
            "@index" => {
                if !value.is_string() {
                    return Err(at(JsonLdError::new(
                        E::InvalidIndexValue,
                        format!("@index {value} is not a string"),
                    )));
                }
                Ex::Doc(value)
            }
            "@list" => {
                if st.active_property.is_none() || st.active_property == Some("@graph") {
                    self.safe_err(kp, "free-floating list is dropped".into())?;
                    return Ok(());
                }
                let e = self.expand(
                    ctx,
                    st.active_property,
                    value,
                    st.base_url,
                    false,
                    kp,
                    depth + 1,
                )?;
                Ex::Array(e.into_vec().into_iter().filter(|v| !v.is_null()).collect())
            }
            "@set" => self.expand(
                ctx,
                st.active_property,
                value,
                st.base_url,
                false,
                kp,
                depth + 1,
            )?,
            "@reverse" => {
                if !value.is_object() {
                    return Err(at(JsonLdError::new(
                        E::InvalidReverseValue,
                        "@reverse value must be an object",
                    )));
                }
                let e = self.expand(
                    ctx,
                    Some("@reverse"),
                    value,
                    st.base_url,
                    false,
                    kp,
                    depth + 1,
                )?;
                let Ex::Object(mut e) = e else {
                    return Ok(());
                };
                if let Some(Ex::Object(inner)) = e.remove("@reverse") {
                    for (p, items) in inner {
                        add_value(result, &p, items);
                    }
                }
                if !e.is_empty() {
                    let rev =
                        result.get_or_insert_with(kw("@reverse"), || Ex::Object(ExMap::new()));
                    if let Ex::Object(rev) = rev {
                        for (p, items) in e {
                            for item in items.into_vec() {
                                if is_value_object(&item) || is_list_object(&item) {
                                    return Err(at(JsonLdError::new(
                                        E::InvalidReversePropertyValue,
                                        format!("reverse property {:?} with a value or list", &*p),
                                    )));
                                }
                                add_value(rev, &p, item);
                            }
                        }
                    }
                }
                return Ok(());
            }
            "@nest" => {
                nests.push(key);
                return Ok(());
            }
            _ => {
                // @context handled by the caller; other keywords (@vocab, @base …)
                // have no meaning in a node object and are ignored.
                return Ok(());
            }
        };
        if ev.is_null() && expanded != "@value" && expanded != "@id" {
            return Ok(());
        }
        result.insert(kw(expanded), ev);
        Ok(())
    }

    fn expand_language_map<'a>(
        &self,
        ctx: &Context,
        td: Option<&TermDef>,
        value: &'a Value,
        kp: &Path<'_>,
    ) -> Result<Ex<'a>> {
        let mut out = Vec::new();
        let direction = match td.and_then(|t| t.direction.as_ref()) {
            Some(d) => d.as_ref(),
            None => ctx.direction.as_ref(),
        };
        let Value::Object(m) = value else {
            return Ok(Ex::Array(out));
        };
        let mut langs: Vec<&String> = m.keys().collect();
        langs.sort();
        for lang in langs {
            let Some(lv) = m.get(lang) else { continue };
            let lp = kp.key(lang);
            for item in as_slice(lv) {
                match item {
                    Value::Null => continue,
                    Value::String(_) => {
                        let mut v = ExMap::with_capacity(3);
                        v.insert(kw("@value"), Ex::Doc(item));
                        let is_none = lang == "@none"
                            || expand_iri_keyword(ctx, lang, false) == Some("@none");
                        if !is_none {
                            if !well_formed_language(lang) {
                                self.safe_err(&lp, format!("invalid language tag {lang:?}"))?;
                            }
                            v.insert(
                                kw("@language"),
                                Ex::Str(Text::Owned(lang.to_ascii_lowercase())),
                            );
                        }
                        if let Some(d) = direction {
                            v.insert(kw("@direction"), Ex::Str(Text::Shared(d.clone())));
                        }
                        out.push(Ex::Object(v));
                    }
                    _ => {
                        return Err(JsonLdError::new(
                            E::InvalidLanguageMapValue,
                            format!("language map value {item} is not a string"),
                        )
                        .at(lp.render()));
                    }
                }
            }
        }
        Ok(Ex::Array(out))
    }

    #[allow(clippy::too_many_arguments)]
    fn expand_index_map<'a>(
        &mut self,
        st: &ObjState<'_>,
        key: &str,
        td: Option<&TermDef>,
        cont: u8,
        value: &'a Value,
        kp: &Path<'_>,
        depth: usize,
    ) -> Result<Ex<'a>> {
        let ctx = &st.ctx;
        let mut out = Vec::new();
        let Value::Object(m) = value else {
            return Ok(Ex::Array(out));
        };
        let index_key: &str = td.and_then(|t| t.index.as_deref()).unwrap_or("@index");
        let mut indexes: Vec<&String> = m.keys().collect();
        indexes.sort();
        for index in indexes {
            let Some(iv) = m.get(index) else { continue };
            let ip = kp.key(index);
            let mut map_ctx = ctx.clone();
            if cont & (container::ID | container::TYPE) != 0 {
                if let Some(prev) = &ctx.previous {
                    map_ctx = prev.clone();
                }
            }
            if cont & container::TYPE != 0 {
                if let Some(itd) = map_ctx.term(index) {
                    if let Some(sc) = itd.context.clone() {
                        let bu = itd.base_url.clone();
                        map_ctx = self.apply(
                            &map_ctx,
                            &sc.value,
                            Some(&sc.key),
                            bu.as_deref(),
                            false,
                            true,
                        )?;
                    }
                }
            } else {
                map_ctx = ctx.clone();
            }
            let expanded_index = expand_iri_text(ctx, index, false, true);
            let is_none = expanded_index.as_deref() == Some("@none");
            // A single value is expanded as an array of one (same paths and counts).
            self.tick(&ip, depth + 1)?;
            let items = self.expand_array(
                &map_ctx,
                Some(key),
                as_slice(iv),
                st.base_url,
                true,
                &ip,
                depth + 1,
            )?;
            for item in items.into_vec() {
                // Entries may be added below: an inline value object becomes its map.
                let mut item = item.into_map_form();
                if cont & container::GRAPH != 0 && !is_graph_object(&item) {
                    item = Ex::Object(ExMap::one("@graph", Ex::Array(item.into_vec())));
                }
                let Ex::Object(im) = &mut item else {
                    out.push(item);
                    continue;
                };
                if cont & container::INDEX != 0 && index_key != "@index" && !is_none {
                    let re = self.expand_value(
                        ctx,
                        ctx.term(index_key),
                        Ex::Str(Text::Borrowed(index)),
                        &ip,
                    )?;
                    let Some(eik) = expand_iri(ctx, index_key, false, true).map(Cow::into_owned)
                    else {
                        continue;
                    };
                    let mut vals = vec![re];
                    if let Some(existing) = im.remove(&eik) {
                        vals.extend(existing.into_vec());
                    }
                    if im.contains_key("@value") {
                        return Err(JsonLdError::new(
                            E::InvalidValueObject,
                            "property-valued index on a value object",
                        )
                        .at(ip.render()));
                    }
                    im.insert(Text::Owned(eik), Ex::Array(vals));
                } else if cont & container::INDEX != 0 && !im.contains_key("@index") && !is_none {
                    im.insert(kw("@index"), Ex::Str(Text::Borrowed(index)));
                } else if cont & container::ID != 0 && !im.contains_key("@id") && !is_none {
                    let id = expand_iri_text(ctx, index, true, false);
                    if let Some(id) = &id {
                        if !is_absolute(id) && !is_blank_node(id) {
                            self.safe_err(&ip, format!("relative @id {index:?}"))?;
                        }
                    }
                    im.insert(kw("@id"), id.map_or(Ex::Null, Ex::Str));
                } else if cont & container::TYPE != 0 && !is_none {
                    let first = expanded_index.clone().unwrap_or(Text::Borrowed(""));
                    let mut types = vec![Ex::Str(first)];
                    if let Some(existing) = im.remove("@type") {
                        types.extend(existing.into_vec());
                    }
                    im.insert(kw("@type"), Ex::Array(types));
                }
                out.push(item);
            }
        }
        Ok(Ex::Array(out))
    }
}

/// BCP 47 well-formedness, loosely: alphanumeric subtags of 1–8 characters.
pub(crate) fn well_formed_language(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let Some(first) = parts.next() else {
        return false;
    };
    if first.is_empty() || first.len() > 8 || !first.bytes().all(|b| b.is_ascii_alphabetic()) {
        return false;
    }
    parts.all(|p| !p.is_empty() && p.len() <= 8 && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Expands `doc` to an expanded JSON-LD array (§5.1 plus the API's wrapping).
pub(crate) fn expand_document<'a>(ex: &mut Expander<'_>, doc: &'a Value) -> Result<Vec<Ex<'a>>> {
    let mut ctx = ex.proc.initial(ex.opts.base.as_deref());
    if let Some(ec) = &ex.opts.expand_context {
        let local = match ec {
            Value::Object(m) if m.contains_key("@context") => m.get("@context").unwrap_or(ec),
            other => other,
        };
        ctx = ex.apply(&ctx, local, None, ex.opts.base.as_deref(), false, true)?;
    }
    let base = ex.opts.base.clone();
    let e = ex.expand(&ctx, None, doc, base.as_deref(), false, &Path::ROOT, 0)?;
    let e = match e {
        Ex::Object(mut m) if m.len() == 1 && m.contains_key("@graph") => {
            m.remove("@graph").unwrap_or(Ex::Null)
        }
        other => other,
    };
    Ok(match e {
        Ex::Null => Vec::new(),
        other => other.into_vec(),
    })
}
