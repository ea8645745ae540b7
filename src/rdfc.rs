//! RDF Dataset Canonicalization, RDFC-1.0 (W3C Recommendation,
//! <https://www.w3.org/TR/rdf-canon/>): canonical blank node labels
//! (`c14n0`, `c14n1`, …) and canonical N-Quads for an RDF dataset.
//!
//! The algorithm is exponential on purpose-built "poison" graphs, so every
//! run has a work budget ([`CanonicalizationOptions`]); exceeding it is an
//! error, never a hang. The defaults let every W3C test pass and stop the
//! clique test (074c) quickly.
//!
//! ```
//! use openbadges::rdf::parse_nquads;
//! use openbadges::rdfc::{canonicalize, CanonicalizationOptions};
//!
//! let quads = parse_nquads(
//!     "_:x <https://schema.org/name> \"Ada\" .\n\
//!      <urn:ex:cred> <https://schema.org/about> _:x .\n",
//! )?;
//! let canonical = canonicalize(&quads, &CanonicalizationOptions::default())?;
//! assert_eq!(
//!     canonical.nquads,
//!     "<urn:ex:cred> <https://schema.org/about> _:c14n0 .\n\
//!      _:c14n0 <https://schema.org/name> \"Ada\" .\n"
//! );
//! assert_eq!(canonical.canonical_label("x"), Some("c14n0"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashMap;

use sha2::{Digest, Sha256, Sha384};

use crate::jsonld::FastMap;
use crate::rdf::{Quad, Str, Term};

/// The hash function of a canonicalization run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum HashAlgorithm {
    /// SHA-256, the RDFC-1.0 default.
    #[default]
    Sha256,
    /// SHA-384.
    Sha384,
}

/// Limits and parameters of a canonicalization run.
///
/// A typical credential (≈70 quads, ≈10 blank nodes) needs a handful of
/// Hash N-Degree Quads calls at most; the defaults leave a wide margin while
/// bounding the work an attacker-supplied document can cause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CanonicalizationOptions {
    /// Hash function (SHA-256 unless a suite says otherwise).
    pub hash: HashAlgorithm,
    /// Maximum number of Hash N-Degree Quads invocations in one run.
    pub max_ndegree_calls: usize,
    /// Maximum number of permutations examined by Hash N-Degree Quads in
    /// one run (permutations can explode without any recursive call).
    pub max_permutations: usize,
    /// Maximum number of distinct blank nodes in the input.
    pub max_blank_nodes: usize,
    /// Maximum number of quads in the input.
    pub max_quads: usize,
}

impl Default for CanonicalizationOptions {
    fn default() -> Self {
        CanonicalizationOptions {
            hash: HashAlgorithm::Sha256,
            // The W3C "evil" poison graphs (tests 044c–046c) need 468 calls
            // and 2 880 permutations; a clique of 10 blank nodes (test
            // 074c) exhausts 1 024 calls within milliseconds.
            max_ndegree_calls: 1_024,
            max_permutations: 32_768,
            max_blank_nodes: 10_000,
            max_quads: 1_000_000,
        }
    }
}

impl CanonicalizationOptions {
    /// These options with another hash function.
    pub fn with_hash(mut self, hash: HashAlgorithm) -> Self {
        self.hash = hash;
        self
    }
}

/// Why a dataset could not be canonicalized.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RdfcError {
    /// Hash N-Degree Quads was invoked more often than allowed (poison
    /// graph, e.g. a clique of indistinguishable blank nodes).
    #[error("work budget exceeded: more than {limit} Hash N-Degree Quads calls ({calls} reached)")]
    WorkBudgetExceeded {
        /// Calls made when the run stopped.
        calls: usize,
        /// The configured limit.
        limit: usize,
    },
    /// Hash N-Degree Quads examined more permutations than allowed.
    #[error(
        "work budget exceeded: more than {limit} permutations examined ({permutations} reached)"
    )]
    PermutationBudgetExceeded {
        /// Permutations examined when the run stopped.
        permutations: usize,
        /// The configured limit.
        limit: usize,
    },
    /// Hash N-Degree Quads recursed deeper than the fixed stack-safety limit.
    #[error("Hash N-Degree Quads recursion deeper than {limit}")]
    RecursionLimitExceeded {
        /// The fixed limit.
        limit: usize,
    },
    /// The input has more quads than allowed.
    #[error("too many quads: {count} (limit {limit})")]
    TooManyQuads {
        /// Quads in the input.
        count: usize,
        /// The configured limit.
        limit: usize,
    },
    /// The input has more distinct blank nodes than allowed.
    #[error("too many blank nodes: more than {limit}")]
    TooManyBlankNodes {
        /// The configured limit.
        limit: usize,
    },
    /// A quad that is not valid RDF (e.g. a literal subject).
    #[error("quad {index} is not valid RDF: {reason}")]
    InvalidQuad {
        /// Position of the quad in the input slice.
        index: usize,
        /// What is wrong with it.
        reason: &'static str,
    },
}

/// The result of canonicalization.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Canonicalized {
    /// Canonical N-Quads: relabeled, deduplicated, sorted by code point,
    /// every line ending in `\n`.
    pub nquads: String,
    /// The issued identifiers map: input blank node label → canonical label
    /// (`c14nN`, without `_:`), in issuance order (`c14n0` first).
    pub issued: Vec<(Str, Str)>,
    /// Hash N-Degree Quads calls the run made (its work beyond the linear passes).
    pub ndegree_calls: usize,
}

impl Canonicalized {
    /// The canonical label (`c14nN`) issued for an input blank node label.
    pub fn canonical_label(&self, input_label: &str) -> Option<&str> {
        self.issued
            .iter()
            .find(|(input, _)| &**input == input_label)
            .map(|(_, canonical)| &**canonical)
    }

    /// `quads` with their blank nodes relabeled canonically (same order;
    /// blank nodes absent from the map keep their label).
    pub fn relabel(&self, quads: &[Quad]) -> Vec<Quad> {
        let map: HashMap<&str, &Str> = self
            .issued
            .iter()
            .map(|(input, canonical)| (&**input, canonical))
            .collect();
        let relabel_term = |term: &Term| match term {
            Term::BlankNode(label) => Term::BlankNode(
                map.get(&**label)
                    .map_or_else(|| label.clone(), |c| (*c).clone()),
            ),
            other => other.clone(),
        };
        quads
            .iter()
            .map(|quad| Quad {
                subject: relabel_term(&quad.subject),
                predicate: relabel_term(&quad.predicate),
                object: relabel_term(&quad.object),
                graph: quad.graph.as_ref().map(relabel_term),
            })
            .collect()
    }
}

/// Canonicalizes an RDF dataset with RDFC-1.0. Duplicate quads count once.
pub fn canonicalize(
    quads: &[Quad],
    opts: &CanonicalizationOptions,
) -> Result<Canonicalized, RdfcError> {
    let mut lines = canonical_lines(quads, opts)?;
    let mut nquads = String::with_capacity(lines.ground.buf.len() + lines.blank.buf.len());
    let ndegree_calls = lines.ndegree_calls;
    lines
        .ground
        .sorted_merged_with(&lines.blank, |line| nquads.push_str(line));
    let issued = std::mem::take(&mut lines.issued);
    lines.keep();
    Ok(Canonicalized {
        nquads,
        issued,
        ndegree_calls,
    })
}

/// [`canonicalize`], handing each canonical N-Quads line (with its `\n`) to `line` in order
/// instead of building one string: a digest of a large dataset then needs no copy of it.
/// Returns the Hash N-Degree Quads calls made.
pub fn canonicalize_lines(
    quads: &[Quad],
    opts: &CanonicalizationOptions,
    line: impl FnMut(&str),
) -> Result<usize, RdfcError> {
    let mut lines = canonical_lines(quads, opts)?;
    lines.ground.sorted_merged_with(&lines.blank, line);
    let ndegree_calls = lines.ndegree_calls;
    lines.keep();
    Ok(ndegree_calls)
}

/// The canonical lines before their final merge: those without blank nodes (unsorted) and
/// those with (sorted), with the identifiers issued.
struct CanonicalLines {
    ground: Lines,
    blank: Lines,
    issued: Vec<(Str, Str)>,
    ndegree_calls: usize,
}

fn canonical_lines(
    quads: &[Quad],
    opts: &CanonicalizationOptions,
) -> Result<CanonicalLines, RdfcError> {
    if quads.len() > opts.max_quads {
        return Err(RdfcError::TooManyQuads {
            count: quads.len(),
            limit: opts.max_quads,
        });
    }
    let mut ground_lines = Lines::spare();
    let prepared = Prepared::new(quads, opts, &mut ground_lines)?;
    let mut run = Run::new(&prepared, opts);
    run.issue_canonical_identifiers()?;

    let mut label = String::with_capacity(16);
    let canonical_labels: Vec<Str> = (0..run.canonical_order.len())
        .map(|n| {
            label.clear();
            push_label(&mut label, "c14n", n);
            Str::from(label.get(2..).unwrap_or_default())
        })
        .collect();
    // Canonical labels in code point order (`c14n10` before `c14n2`): their ranks after
    // every ground term, so that quads with blank nodes sort by their rank keys.
    let mut by_label: Vec<u32> = (0..canonical_labels.len() as u32).collect();
    by_label.sort_unstable_by(|&a, &b| {
        let label = |n: u32| canonical_labels.get(n as usize).map_or("", |l| &**l);
        label(a).cmp(label(b))
    });
    let mut label_rank = vec![0u32; by_label.len()];
    for (rank, &id) in by_label.iter().enumerate() {
        if let Some(slot) = label_rank.get_mut(id as usize) {
            *slot = rank as u32;
        }
    }
    let blank_rank = |node: u32| {
        let rank = run.canonical_id(node).and_then(|id| label_rank.get(id));
        prepared.blank_rank_base() + rank.copied().unwrap_or(0)
    };
    let mut order: Vec<(RankKey, u32)> = prepared
        .templates
        .iter()
        .enumerate()
        .map(|(t, template)| (prepared.rank_key(template, blank_rank), t as u32))
        .collect();
    order.sort_unstable();
    let mut blank_lines = Lines::spare();
    blank_lines.buf.reserve(prepared.templates.len() * 128);
    for template in order
        .iter()
        .filter_map(|&(_, t)| prepared.templates.get(t as usize))
    {
        blank_lines.start_line();
        prepared.write_template(template, &mut blank_lines.buf, |node, out| {
            out.push_str("_:");
            match run
                .canonical_id(node)
                .and_then(|id| canonical_labels.get(id))
            {
                Some(label) => out.push_str(label),
                // Unreachable: every blank node gets a canonical label.
                None => out.push_str(prepared.label(node)),
            }
        });
        blank_lines.end_line();
    }
    let issued = run
        .canonical_order
        .iter()
        .zip(canonical_labels)
        .map(|(&node, canonical)| {
            (
                prepared
                    .labels
                    .get(node as usize)
                    .map_or_else(|| Str::from(""), |l| (*l).clone()),
                canonical,
            )
        })
        .collect();
    Ok(CanonicalLines {
        ground: ground_lines,
        blank: blank_lines,
        issued,
        ndegree_calls: run.ndegree_calls,
    })
}

/// [`canonicalize`], returning only the canonical N-Quads.
pub fn canonicalize_to_string(
    quads: &[Quad],
    opts: &CanonicalizationOptions,
) -> Result<String, RdfcError> {
    canonicalize(quads, opts).map(|c| c.nquads)
}

/// Recursion depth of Hash N-Degree Quads beyond which a run stops, so that
/// no input (and no budget, however large) can overflow the stack.
const MAX_NDEGREE_DEPTH: usize = 128;

/// "No identifier issued" in per-blank-node tables.
const NONE: u32 = u32::MAX;

/// N-Quads lines in one buffer, sorted and deduplicated at the end.
#[derive(Default)]
struct Lines {
    buf: String,
    ranges: Vec<(usize, usize)>,
    start: usize,
}

/// Line buffers larger than this are not kept for the next canonicalization (a thread keeps
/// at most two, so at most 2 MiB).
const KEPT_LINES_BYTES: usize = 1 << 20;

std::thread_local! {
    /// Each thread's line buffers, kept between canonicalizations. A presentation's canonical
    /// form is tens of kilobytes; allocated and freed on every proof, those buffers made the
    /// allocator shrink the heap and grow it again each time (with glibc, 3.6 `brk` calls and 7
    /// page faults per holder's proof, and every shrink interrupts the other cores to flush
    /// their address translations). Kept, the holder's proof of a 3-badge presentation took
    /// 285 µs instead of 313 µs on one thread.
    static SPARE_LINES: std::cell::RefCell<Vec<Lines>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl CanonicalLines {
    /// Hands the line buffers back for the thread's next canonicalization.
    fn keep(self) {
        self.ground.keep();
        self.blank.keep();
    }
}

impl Lines {
    /// Empty lines, in a buffer the thread kept if it has one.
    fn spare() -> Lines {
        SPARE_LINES
            .try_with(|spare| spare.borrow_mut().pop())
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    /// Keeps this buffer, emptied, for the thread's next canonicalization (unless it is
    /// large, or the thread keeps two already).
    fn keep(mut self) {
        if self.buf.capacity() > KEPT_LINES_BYTES {
            return;
        }
        self.buf.clear();
        self.ranges.clear();
        let _ = SPARE_LINES.try_with(|spare| {
            let mut spare = spare.borrow_mut();
            if spare.len() < 2 {
                spare.push(self);
            }
        });
    }

    fn start_line(&mut self) {
        self.start = self.buf.len();
    }

    fn end_line(&mut self) {
        self.ranges.push((self.start, self.buf.len()));
    }

    /// These lines sorted by code point without repeats, merged with `sorted`, which is
    /// sorted already and shares no line with them, handed to `out` one by one.
    fn sorted_merged_with(&mut self, sorted: &Lines, mut out: impl FnMut(&str)) {
        let buf = self.buf.as_str();
        self.ranges
            .sort_unstable_by(|a, b| line(buf, *a).cmp(line(buf, *b)));
        self.ranges.dedup_by(|a, b| line(buf, *a) == line(buf, *b));
        let mut mine = self.ranges.iter().map(|&r| line(buf, r)).peekable();
        let mut theirs = sorted
            .ranges
            .iter()
            .map(|&r| line(&sorted.buf, r))
            .peekable();
        loop {
            let next = match (mine.peek(), theirs.peek()) {
                (Some(a), Some(b)) if a <= b => mine.next(),
                (Some(_), Some(_)) | (None, Some(_)) => theirs.next(),
                (Some(_), None) => mine.next(),
                (None, None) => break,
            };
            out(next.unwrap_or_default());
        }
    }
}

fn line(buf: &str, (start, end): (usize, usize)) -> &str {
    buf.get(start..end).unwrap_or_default()
}

/// One position of a quad with blank nodes.
#[derive(Clone, Copy)]
enum Slot {
    /// No graph name (default graph).
    Absent,
    /// Blank node number.
    Blank(u32),
    /// Ground term number (see `Prepared::spans`).
    Ground(u32),
}

/// Blank node labels → numbers in order of first appearance; a linear scan
/// while there are few (the common case), a hash map beyond.
#[derive(Default)]
struct Interner<'q> {
    map: Option<FastMap<&'q str, u32>>,
}

impl<'q> Interner<'q> {
    const LINEAR_MAX: usize = 16;

    fn intern(&mut self, label: &'q Str, labels: &mut Vec<&'q Str>) -> u32 {
        let next = labels.len() as u32;
        if let Some(map) = &mut self.map {
            return *map.entry(&**label).or_insert_with(|| {
                labels.push(label);
                next
            });
        }
        if let Some(found) = labels.iter().position(|l| **l == *label) {
            return found as u32;
        }
        labels.push(label);
        if labels.len() > Self::LINEAR_MAX {
            self.map = Some(
                labels
                    .iter()
                    .enumerate()
                    .map(|(i, l)| (&***l, i as u32))
                    .collect(),
            );
        }
        next
    }
}

/// A quad that mentions blank nodes, its ground terms numbered.
struct Template {
    subject: Slot,
    predicate: Slot,
    object: Slot,
    graph: Slot,
}

/// A template's sort key: the ranks of its four terms (see [`Prepared::rank_key`]).
type RankKey = [u32; 4];

/// The input, indexed: blank nodes numbered in order of first appearance, the ground terms
/// of quads with blank nodes serialized once each and ranked in code point order, those
/// quads as templates, and the templates of each blank node.
///
/// N-Quads lines compare in code point order exactly as their terms compare one after the
/// other (a term that is a prefix of another is followed by a space, below any byte that
/// can continue a term), so ranks stand in for text: sorting the lines of a blank node,
/// finding repeated quads and ordering the output are integer sorts, and only the distinct
/// terms are compared as text, once.
struct Prepared<'q> {
    /// N-Quads text of the ground terms, back to back.
    ground: String,
    /// Per ground term: its range in `ground`.
    spans: Vec<(usize, usize)>,
    /// Per ground term: its rank among the distinct texts in code point order, from 1
    /// (0 is the absent graph name, which sorts first).
    ranks: Vec<u32>,
    templates: Vec<Template>,
    labels: Vec<&'q Str>,
    /// Templates of blank node `n`: `by_node[offsets[n]..offsets[n + 1]]`.
    offsets: Vec<usize>,
    by_node: Vec<u32>,
}

impl<'q> Prepared<'q> {
    /// Indexes `quads`; quads without blank nodes go straight to `lines`.
    fn new(
        quads: &'q [Quad],
        opts: &CanonicalizationOptions,
        lines: &mut Lines,
    ) -> Result<Self, RdfcError> {
        // Sized from a first count: a presentation is all blank-node quads (every
        // credential is a graph named by one), a credential mostly ground ones.
        let with_blank = quads.iter().filter(|quad| quad.has_blank_node()).count();
        let without_blank = quads.len() - with_blank;
        let mut prepared = Prepared {
            ground: String::with_capacity(with_blank * 48),
            spans: Vec::new(),
            ranks: Vec::new(),
            templates: Vec::with_capacity(with_blank),
            labels: Vec::new(),
            offsets: Vec::new(),
            by_node: Vec::new(),
        };
        let mut interner = Interner::default();
        let mut ground_ids: FastMap<&'q Term, u32> =
            FastMap::with_capacity_and_hasher((with_blank * 2).min(4096), Default::default());
        lines.buf.reserve(without_blank * 128);
        lines.ranges.reserve(without_blank);
        for (index, quad) in quads.iter().enumerate() {
            let invalid = |reason| RdfcError::InvalidQuad { index, reason };
            if matches!(quad.subject, Term::Literal(_)) {
                return Err(invalid("the subject is a literal"));
            }
            if !matches!(quad.predicate, Term::Iri(_)) {
                return Err(invalid("the predicate is not an IRI"));
            }
            if matches!(quad.graph, Some(Term::Literal(_))) {
                return Err(invalid("the graph name is a literal"));
            }
            if !quad.has_blank_node() {
                lines.start_line();
                quad.write_nquad(&mut lines.buf);
                lines.end_line();
                continue;
            }
            let mut slot = |term: &'q Term| -> Result<Slot, RdfcError> {
                if let Term::BlankNode(label) = term {
                    let id = interner.intern(label, &mut prepared.labels);
                    if prepared.labels.len() > opts.max_blank_nodes {
                        return Err(RdfcError::TooManyBlankNodes {
                            limit: opts.max_blank_nodes,
                        });
                    }
                    Ok(Slot::Blank(id))
                } else {
                    let next = prepared.spans.len() as u32;
                    let id = *ground_ids.entry(term).or_insert_with(|| {
                        let start = prepared.ground.len();
                        term.write_nquads(&mut prepared.ground);
                        prepared.spans.push((start, prepared.ground.len()));
                        next
                    });
                    Ok(Slot::Ground(id))
                }
            };
            let template = Template {
                subject: slot(&quad.subject)?,
                predicate: slot(&quad.predicate)?,
                object: slot(&quad.object)?,
                graph: match &quad.graph {
                    Some(graph) => slot(graph)?,
                    None => Slot::Absent,
                },
            };
            prepared.templates.push(template);
        }
        prepared.rank_ground_terms();
        prepared.remove_duplicate_templates();
        let mut counts: Vec<usize> = vec![0; prepared.labels.len()];
        for template in &prepared.templates {
            template.for_each_distinct_node(|node| {
                if let Some(count) = counts.get_mut(node as usize) {
                    *count += 1;
                }
            });
        }
        // Compressed adjacency: templates per blank node, in input order.
        prepared.offsets.reserve(counts.len() + 1);
        let mut total = 0;
        prepared.offsets.push(0);
        for count in &counts {
            total += count;
            prepared.offsets.push(total);
        }
        let mut fill: Vec<usize> = prepared.offsets.clone();
        prepared.by_node = vec![0; total];
        for (t, template) in prepared.templates.iter().enumerate() {
            template.for_each_distinct_node(|node| {
                if let Some(pos) = fill.get_mut(node as usize) {
                    if let Some(entry) = prepared.by_node.get_mut(*pos) {
                        *entry = t as u32;
                    }
                    *pos += 1;
                }
            });
        }
        Ok(prepared)
    }

    /// Ranks the ground terms by their text; equal texts (from terms that differ only in
    /// what N-Quads does not write) share a rank.
    fn rank_ground_terms(&mut self) {
        let ground = self.ground.as_str();
        let mut by_text: Vec<(&str, u32)> = self
            .spans
            .iter()
            .enumerate()
            .map(|(id, &(start, end))| (ground.get(start..end).unwrap_or_default(), id as u32))
            .collect();
        by_text.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut ranks = vec![0; by_text.len()];
        let mut rank = 0;
        let mut previous: Option<&str> = None;
        for &(text, id) in &by_text {
            if previous != Some(text) {
                rank += 1;
                previous = Some(text);
            }
            if let Some(slot) = ranks.get_mut(id as usize) {
                *slot = rank;
            }
        }
        self.ranks = ranks;
    }

    /// The rank of the first blank node label: every blank node label (`_:…`) sorts after
    /// every IRI (`<…`) and literal (`"…`).
    fn blank_rank_base(&self) -> u32 {
        self.spans.len() as u32 + 1
    }

    /// The ranks of a template's terms, blank nodes ranked by `blank`.
    fn rank_key(&self, template: &Template, blank: impl Fn(u32) -> u32) -> RankKey {
        let rank = |slot: Slot| match slot {
            Slot::Absent => 0,
            Slot::Ground(id) => self.ranks.get(id as usize).copied().unwrap_or(0),
            Slot::Blank(node) => blank(node),
        };
        [
            rank(template.subject),
            rank(template.predicate),
            rank(template.object),
            rank(template.graph),
        ]
    }

    /// The dataset is a set: a repeated quad must not weigh twice in the
    /// hashes. Sorting (rather than hashing) keeps this O(n log n) whatever
    /// the input; the first occurrence stays in place.
    fn remove_duplicate_templates(&mut self) {
        if self.templates.len() < 2 {
            return;
        }
        let base = self.blank_rank_base();
        let mut keyed: Vec<(RankKey, u32)> = self
            .templates
            .iter()
            .enumerate()
            .map(|(t, template)| {
                let key = self.rank_key(template, |node| base.saturating_add(node));
                (key, t as u32)
            })
            .collect();
        keyed.sort_unstable();
        let mut duplicate = vec![false; self.templates.len()];
        let mut any = false;
        for pair in keyed.windows(2) {
            if let [(first, _), (second, t)] = pair {
                if first == second {
                    if let Some(flag) = duplicate.get_mut(*t as usize) {
                        *flag = true;
                        any = true;
                    }
                }
            }
        }
        if any {
            let mut index = 0;
            self.templates.retain(|_| {
                let keep = !duplicate.get(index).copied().unwrap_or(false);
                index += 1;
                keep
            });
        }
    }

    fn node_count(&self) -> usize {
        self.labels.len()
    }

    fn label(&self, node: u32) -> &str {
        self.labels.get(node as usize).map_or("", |l| &***l)
    }

    fn templates_of(&self, node: u32) -> impl Iterator<Item = &Template> {
        let node = node as usize;
        let start = self.offsets.get(node).copied().unwrap_or(0);
        let end = self.offsets.get(node + 1).copied().unwrap_or(start);
        self.by_node
            .get(start..end)
            .unwrap_or_default()
            .iter()
            .filter_map(|&t| self.templates.get(t as usize))
    }

    fn ground_text(&self, id: u32) -> &str {
        self.spans
            .get(id as usize)
            .and_then(|&(start, end)| self.ground.get(start..end))
            .unwrap_or_default()
    }

    /// Writes one N-Quads line, blank nodes written by `blank`.
    fn write_template(
        &self,
        template: &Template,
        out: &mut String,
        mut blank: impl FnMut(u32, &mut String),
    ) {
        let mut write = |slot: Slot, out: &mut String| match slot {
            Slot::Ground(id) => out.push_str(self.ground_text(id)),
            Slot::Blank(node) => blank(node, out),
            Slot::Absent => {}
        };
        write(template.subject, out);
        out.push(' ');
        write(template.predicate, out);
        out.push(' ');
        write(template.object, out);
        if !matches!(template.graph, Slot::Absent) {
            out.push(' ');
            write(template.graph, out);
        }
        out.push_str(" .\n");
    }
}

impl Template {
    /// Calls `f` once per distinct blank node of the quad.
    fn for_each_distinct_node(&self, mut f: impl FnMut(u32)) {
        let node = |slot: Slot| match slot {
            Slot::Blank(n) => Some(n),
            _ => None,
        };
        let s = node(self.subject);
        let o = node(self.object);
        let g = node(self.graph);
        if let Some(s) = s {
            f(s);
        }
        if let Some(o) = o.filter(|&o| Some(o) != s) {
            f(o);
        }
        if let Some(g) = g.filter(|&g| Some(g) != s && Some(g) != o) {
            f(g);
        }
    }

    /// The blank nodes of the quad with their position letter, in the order
    /// subject, object, graph.
    fn blank_positions(&self) -> [(u8, Option<u32>); 3] {
        let node = |slot: Slot| match slot {
            Slot::Blank(n) => Some(n),
            _ => None,
        };
        [
            (b's', node(self.subject)),
            (b'o', node(self.object)),
            (b'g', node(self.graph)),
        ]
    }
}

/// A hash as lower-case hex, compared in code point order.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct HexHash {
    hex: [u8; 96],
    len: u8,
}

impl HexHash {
    fn as_bytes(&self) -> &[u8] {
        self.hex.get(..usize::from(self.len)).unwrap_or_default()
    }

    fn from_digest(digest: &[u8]) -> Self {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut hex = [0u8; 96];
        let mut len = 0u8;
        for (pair, byte) in hex.chunks_exact_mut(2).zip(digest) {
            if let [high, low] = pair {
                *high = HEX[usize::from(byte >> 4)];
                *low = HEX[usize::from(byte & 0xF)];
                len += 2;
            }
        }
        HexHash { hex, len }
    }
}

/// SHA-256 or SHA-384, chosen per run.
#[derive(Clone)]
enum Hasher {
    Sha256(Sha256),
    Sha384(Sha384),
}

impl Hasher {
    fn new(algorithm: HashAlgorithm) -> Self {
        match algorithm {
            HashAlgorithm::Sha256 => Hasher::Sha256(Sha256::new()),
            HashAlgorithm::Sha384 => Hasher::Sha384(Sha384::new()),
        }
    }

    fn update(&mut self, data: &[u8]) {
        match self {
            Hasher::Sha256(h) => h.update(data),
            Hasher::Sha384(h) => h.update(data),
        }
    }

    /// Feeds the decimal digits of `n`.
    fn update_decimal(&mut self, n: usize) {
        let mut digits = [0u8; 20];
        self.update(decimal(n, &mut digits));
    }

    fn finish(self) -> HexHash {
        match self {
            Hasher::Sha256(h) => HexHash::from_digest(&h.finalize()),
            Hasher::Sha384(h) => HexHash::from_digest(&h.finalize()),
        }
    }
}

/// Appends `_:` + prefix + decimal `n` to a path.
fn push_label(path: &mut String, prefix: &str, n: usize) {
    path.push_str("_:");
    path.push_str(prefix);
    let mut digits = [0u8; 20];
    path.push_str(std::str::from_utf8(decimal(n, &mut digits)).unwrap_or_default());
}

/// The decimal digits of `n`, written at the end of `digits`.
fn decimal(mut n: usize, digits: &mut [u8; 20]) -> &[u8] {
    let mut at = digits.len();
    while let Some(d) = at.checked_sub(1).and_then(|i| digits.get_mut(i)) {
        *d = b'0' + (n % 10) as u8;
        at -= 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits.get(at..).unwrap_or_default()
}

/// A temporary identifier issuer (`b0`, `b1`, …): the blank nodes in
/// issuance order; the identifier of a node is its position.
#[derive(Clone, Default)]
struct Issuer {
    order: Vec<u32>,
}

impl Issuer {
    fn get(&self, node: u32) -> Option<usize> {
        self.order.iter().position(|&n| n == node)
    }

    fn issue(&mut self, node: u32) -> usize {
        match self.get(node) {
            Some(id) => id,
            None => {
                self.order.push(node);
                self.order.len() - 1
            }
        }
    }
}

/// The canonicalization state of one run.
struct Run<'p, 'q> {
    prepared: &'p Prepared<'q>,
    opts: &'p CanonicalizationOptions,
    first_degree: Vec<HexHash>,
    /// Canonical identifier number per blank node (`NONE` if not issued).
    canonical: Vec<u32>,
    /// Blank nodes in canonical issuance order.
    canonical_order: Vec<u32>,
    ndegree_calls: usize,
    permutations: usize,
    /// Scratch for the first-degree lines of one blank node: their sort keys, their text.
    first_degree_keys: Vec<(RankKey, &'p Template)>,
    first_degree_text: String,
}

impl<'p, 'q> Run<'p, 'q> {
    fn new(prepared: &'p Prepared<'q>, opts: &'p CanonicalizationOptions) -> Self {
        Run {
            prepared,
            opts,
            first_degree: Vec::with_capacity(prepared.node_count()),
            canonical: vec![NONE; prepared.node_count()],
            canonical_order: Vec::with_capacity(prepared.node_count()),
            ndegree_calls: 0,
            permutations: 0,
            first_degree_keys: Vec::new(),
            first_degree_text: String::new(),
        }
    }

    /// RDFC-1.0 §4.4.3 steps 3–5.
    fn issue_canonical_identifiers(&mut self) -> Result<(), RdfcError> {
        let n = self.prepared.node_count();
        for node in 0..n as u32 {
            let hash = self.hash_first_degree(node);
            self.first_degree.push(hash);
        }
        // Blank nodes grouped by first-degree hash, groups in hash order,
        // nodes within a group in order of first appearance.
        let mut by_hash: Vec<u32> = (0..n as u32).collect();
        let first_degree = &self.first_degree;
        by_hash.sort_by(|&a, &b| hash_of(first_degree, a).cmp(hash_of(first_degree, b)));
        let groups: Vec<&[u32]> = by_hash
            .chunk_by(|&a, &b| hash_of(first_degree, a) == hash_of(first_degree, b))
            .collect();
        for group in &groups {
            if let [node] = group {
                self.issue_canonical(*node);
            }
        }
        for group in groups.iter().filter(|g| g.len() > 1) {
            let mut results: Vec<(HexHash, Issuer)> = Vec::new();
            for &node in *group {
                if self.canonical_id(node).is_some() {
                    continue;
                }
                let mut issuer = Issuer::default();
                issuer.issue(node);
                results.push(self.hash_n_degree(node, issuer, 0)?);
            }
            results.sort_by_key(|r| r.0);
            for (_, issuer) in results {
                for node in issuer.order {
                    self.issue_canonical(node);
                }
            }
        }
        Ok(())
    }

    fn canonical_id(&self, node: u32) -> Option<usize> {
        match self.canonical.get(node as usize) {
            Some(&id) if id != NONE => Some(id as usize),
            _ => None,
        }
    }

    fn issue_canonical(&mut self, node: u32) {
        if let Some(slot) = self.canonical.get_mut(node as usize) {
            if *slot == NONE {
                *slot = self.canonical_order.len() as u32;
                self.canonical_order.push(node);
            }
        }
    }

    /// Hash First Degree Quads (§4.6.3).
    fn hash_first_degree(&mut self, node: u32) -> HexHash {
        let prepared = self.prepared;
        // `_:a` and `_:z` rank after every ground term, `_:a` first.
        let a = prepared.blank_rank_base();
        let keys = &mut self.first_degree_keys;
        keys.clear();
        keys.extend(prepared.templates_of(node).map(|template| {
            let key = prepared.rank_key(template, |other| if other == node { a } else { a + 1 });
            (key, template)
        }));
        keys.sort_unstable_by_key(|&(key, _)| key);
        let text = &mut self.first_degree_text;
        text.clear();
        for &(_, template) in keys.iter() {
            prepared.write_template(template, text, |other, out| {
                out.push_str(if other == node { "_:a" } else { "_:z" });
            });
        }
        let mut hasher = Hasher::new(self.opts.hash);
        hasher.update(text.as_bytes());
        hasher.finish()
    }

    /// Hash Related Blank Node (§4.7.3).
    fn hash_related(
        &self,
        related: u32,
        template: &Template,
        issuer: &Issuer,
        position: u8,
    ) -> HexHash {
        let mut hasher = Hasher::new(self.opts.hash);
        hasher.update(&[position]);
        if position != b'g' {
            if let Slot::Ground(id) = template.predicate {
                hasher.update(self.prepared.ground_text(id).as_bytes());
            }
        }
        if let Some(id) = self.canonical_id(related) {
            hasher.update(b"_:c14n");
            hasher.update_decimal(id);
        } else if let Some(id) = issuer.get(related) {
            hasher.update(b"_:b");
            hasher.update_decimal(id);
        } else {
            hasher.update(hash_of(&self.first_degree, related));
        }
        hasher.finish()
    }

    /// Hash N-Degree Quads (§4.8.3).
    fn hash_n_degree(
        &mut self,
        node: u32,
        mut issuer: Issuer,
        depth: usize,
    ) -> Result<(HexHash, Issuer), RdfcError> {
        self.ndegree_calls += 1;
        if self.ndegree_calls > self.opts.max_ndegree_calls {
            return Err(RdfcError::WorkBudgetExceeded {
                calls: self.ndegree_calls,
                limit: self.opts.max_ndegree_calls,
            });
        }
        if depth >= MAX_NDEGREE_DEPTH {
            return Err(RdfcError::RecursionLimitExceeded {
                limit: MAX_NDEGREE_DEPTH,
            });
        }
        // Steps 1–3: related blank nodes keyed by Hash Related Blank Node.
        let mut related: Vec<(HexHash, u32)> = Vec::new();
        for template in self.prepared.templates_of(node) {
            for (position, other) in template.blank_positions() {
                if let Some(other) = other.filter(|&o| o != node) {
                    related.push((self.hash_related(other, template, &issuer, position), other));
                }
            }
        }
        related.sort_by_key(|r| r.0);

        // Steps 4–5.
        let mut data = Hasher::new(self.opts.hash);
        let mut path = String::new();
        let mut chosen_path = String::new();
        let mut recursion: Vec<u32> = Vec::new();
        for group in related.chunk_by(|a, b| a.0 == b.0) {
            let Some((hash, _)) = group.first() else {
                continue;
            };
            data.update(hash.as_bytes());
            // A node related through several quads (a graph name, say) is listed once per
            // quad. Orderings that only swap copies of one node give the same path and
            // issuer, so only the distinct orderings of the list are tried: for a node
            // named by five quads that is 1 ordering instead of 120.
            let mut nodes: Vec<u32> = group.iter().map(|&(_, n)| n).collect();
            nodes.sort_unstable();
            chosen_path.clear();
            let mut chosen_issuer: Option<Issuer> = None;
            loop {
                self.permutations += 1;
                if self.permutations > self.opts.max_permutations {
                    return Err(RdfcError::PermutationBudgetExceeded {
                        permutations: self.permutations,
                        limit: self.opts.max_permutations,
                    });
                }
                let candidate = self.try_permutation(
                    &nodes,
                    &issuer,
                    &mut path,
                    &chosen_path,
                    &mut recursion,
                    depth,
                )?;
                if let Some(issuer_copy) = candidate {
                    if chosen_path.is_empty() || path < chosen_path {
                        std::mem::swap(&mut chosen_path, &mut path);
                        chosen_issuer = Some(issuer_copy);
                    }
                }
                if !next_permutation(&mut nodes) {
                    break;
                }
            }
            data.update(chosen_path.as_bytes());
            if let Some(chosen) = chosen_issuer {
                issuer = chosen;
            }
        }
        Ok((data.finish(), issuer))
    }

    /// Step 5.4 for one permutation: builds its path, or returns `None`
    /// once the path can no longer beat `chosen_path`.
    #[allow(clippy::too_many_arguments)]
    fn try_permutation(
        &mut self,
        nodes: &[u32],
        issuer: &Issuer,
        path: &mut String,
        chosen_path: &str,
        recursion: &mut Vec<u32>,
        depth: usize,
    ) -> Result<Option<Issuer>, RdfcError> {
        let mut issuer_copy = issuer.clone();
        path.clear();
        recursion.clear();
        let beaten = |path: &str| {
            !chosen_path.is_empty()
                && path.len() >= chosen_path.len()
                && path.as_bytes() > chosen_path.as_bytes()
        };
        for &node in nodes {
            if let Some(id) = self.canonical_id(node) {
                push_label(path, "c14n", id);
            } else {
                if issuer_copy.get(node).is_none() {
                    recursion.push(node);
                }
                let id = issuer_copy.issue(node);
                push_label(path, "b", id);
            }
            if beaten(path) {
                return Ok(None);
            }
        }
        for &node in recursion.iter() {
            let (hash, result_issuer) = self.hash_n_degree(node, issuer_copy, depth + 1)?;
            issuer_copy = result_issuer;
            let id = issuer_copy.issue(node);
            push_label(path, "b", id);
            path.push('<');
            path.push_str(std::str::from_utf8(hash.as_bytes()).unwrap_or_default());
            path.push('>');
            if beaten(path) {
                return Ok(None);
            }
        }
        Ok(Some(issuer_copy))
    }
}

fn hash_of(hashes: &[HexHash], node: u32) -> &[u8] {
    hashes.get(node as usize).map_or(&[][..], HexHash::as_bytes)
}

/// Advances `order` to the next permutation in lexicographic order; false
/// after the last one. Equal items are not told apart: started from sorted
/// order, each distinct ordering of a list with repeats comes once.
fn next_permutation<T: Ord + Copy>(order: &mut [T]) -> bool {
    let Some(i) = order.windows(2).rposition(|w| matches!(w, [a, b] if a < b)) else {
        return false;
    };
    let Some(pivot) = order.get(i).copied() else {
        return false;
    };
    let Some(j) = order.iter().rposition(|&x| x > pivot) else {
        return false;
    };
    order.swap(i, j);
    if let Some(tail) = order.get_mut(i + 1..) {
        tail.reverse();
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rdf::{Literal, parse_nquads};

    fn canon(text: &str) -> Result<Canonicalized, RdfcError> {
        canonicalize(
            &parse_nquads(text).expect("test input parses"),
            &CanonicalizationOptions::default(),
        )
    }

    #[test]
    fn lines_handed_out_one_by_one_are_the_canonical_form() {
        // Ground and blank-node quads interleaved in the output, named graphs, a duplicate, and a
        // symmetric pair that needs Hash N-Degree Quads.
        let text = "<urn:z> <urn:p> \"last\" .\n_:g <urn:p> _:h _:graph .\n\
                    _:h <urn:p> _:g _:graph .\n<urn:a> <urn:p> \"a\" .\n\
                    <urn:a> <urn:p> \"first\" <urn:G> .\n<urn:z> <urn:p> \"last\" .\n";
        let quads = parse_nquads(text).expect("parses");
        let opts = CanonicalizationOptions::default();
        let whole = canonicalize(&quads, &opts).expect("canonical");
        let mut lines = Vec::new();
        let calls = canonicalize_lines(&quads, &opts, |line| lines.push(line.to_owned()))
            .expect("canonical");
        assert_eq!(lines.concat(), whole.nquads);
        assert_eq!(lines.len(), 5);
        assert!(lines.iter().all(|line| line.ends_with(" .\n")));
        assert_eq!(calls, whole.ndegree_calls);
        assert!(calls > 0);
    }

    #[test]
    fn line_buffers_kept_between_runs_carry_nothing_over() {
        // One thread: a larger dataset, a smaller one, the larger again, each as a fresh thread
        // would see it; a dataset whose lines pass the kept size leaves no buffer behind.
        let opts = CanonicalizationOptions::default();
        let larger: String = (0..40)
            .map(|i| format!("_:b{i} <urn:p> \"{i}\" _:g .\n<urn:s{i}> <urn:p> _:b{i} .\n"))
            .collect();
        let smaller = "_:x <urn:p> _:y .\n<urn:a> <urn:p> \"a\" .\n";
        let fresh = |text: &str| {
            let text = text.to_owned();
            std::thread::spawn(move || canon(&text).expect("canonical").nquads)
                .join()
                .expect("thread")
        };
        let (larger_alone, smaller_alone) = (fresh(&larger), fresh(smaller));
        for _ in 0..2 {
            assert_eq!(canon(&larger).expect("canonical").nquads, larger_alone);
            assert_eq!(canon(smaller).expect("canonical").nquads, smaller_alone);
            let mut streamed = String::new();
            let quads = parse_nquads(smaller).expect("parses");
            canonicalize_lines(&quads, &opts, |line| streamed.push_str(line)).expect("canonical");
            assert_eq!(streamed, smaller_alone);
        }
        let huge_literal = "x".repeat(KEPT_LINES_BYTES);
        let huge = format!("_:a <urn:p> \"{huge_literal}\" .\n");
        std::thread::spawn(move || {
            canon(&huge).expect("canonical");
            let kept: usize = SPARE_LINES.with(|spare| {
                spare
                    .borrow()
                    .iter()
                    .filter(|l| l.buf.capacity() > KEPT_LINES_BYTES)
                    .count()
            });
            assert_eq!(kept, 0);
        })
        .join()
        .expect("thread");
    }

    #[test]
    fn duplicate_quads_count_once() {
        let once = canon("_:a <urn:p> _:b .\n_:b <urn:q> \"x\" .\n<urn:s> <urn:p> \"g\" .\n")
            .expect("canonical");
        let twice = canon(
            "_:a <urn:p> _:b .\n_:b <urn:q> \"x\" .\n<urn:s> <urn:p> \"g\" .\n\
             _:b <urn:q> \"x\" .\n_:a <urn:p> _:b .\n<urn:s> <urn:p> \"g\" .\n",
        )
        .expect("canonical");
        assert_eq!(once, twice);
        assert_eq!(once.nquads.lines().count(), 3);
    }

    #[test]
    fn labels_do_not_matter_and_map_is_in_issuance_order() {
        let a = canon("_:x <urn:p> _:y .\n_:y <urn:q> \"v\" .\n").expect("canonical");
        let b = canon("_:other <urn:p> _:y1 .\n_:y1 <urn:q> \"v\" .\n").expect("canonical");
        assert_eq!(a.nquads, b.nquads);
        let canonical: Vec<&str> = a.issued.iter().map(|(_, c)| &**c).collect();
        assert_eq!(canonical, ["c14n0", "c14n1"]);
        assert_eq!(a.canonical_label("nope"), None);
        let quads = parse_nquads("_:x <urn:p> _:y .\n<urn:s> <urn:p> _:y .\n").expect("parses");
        let relabeled = a.relabel(&quads);
        let y = a.canonical_label("y").expect("y labeled");
        assert_eq!(relabeled[1].object, Term::blank(y));
    }

    #[test]
    fn canonical_output_ends_every_line_and_is_sorted() {
        let out = canonicalize_to_string(
            &parse_nquads("<urn:b> <urn:p> \"1\" .\n<urn:a> <urn:p> \"2\" .\n").expect("parses"),
            &CanonicalizationOptions::default(),
        )
        .expect("canonical");
        assert_eq!(out, "<urn:a> <urn:p> \"2\" .\n<urn:b> <urn:p> \"1\" .\n");
        assert_eq!(
            canonicalize_to_string(&[], &CanonicalizationOptions::default()),
            Ok(String::new())
        );
    }

    #[test]
    fn invalid_quads_are_rejected_with_their_index() {
        let good = Quad::new(
            Term::iri("urn:s"),
            Term::iri("urn:p"),
            Term::iri("urn:o"),
            None,
        );
        let literal_subject = Quad::new(
            Literal::string("s"),
            Term::iri("urn:p"),
            Term::iri("urn:o"),
            None,
        );
        let blank_predicate = Quad::new(
            Term::iri("urn:s"),
            Term::blank("p"),
            Term::iri("urn:o"),
            None,
        );
        let opts = CanonicalizationOptions::default();
        assert!(matches!(
            canonicalize(&[good.clone(), literal_subject], &opts),
            Err(RdfcError::InvalidQuad { index: 1, .. })
        ));
        assert!(matches!(
            canonicalize(&[blank_predicate, good], &opts),
            Err(RdfcError::InvalidQuad { index: 0, .. })
        ));
    }

    #[test]
    fn size_limits() {
        let quads = parse_nquads("_:a <urn:p> _:b .\n_:b <urn:p> _:c .\n").expect("parses");
        let opts = CanonicalizationOptions {
            max_blank_nodes: 2,
            ..CanonicalizationOptions::default()
        };
        assert_eq!(
            canonicalize(&quads, &opts),
            Err(RdfcError::TooManyBlankNodes { limit: 2 })
        );
        let opts = CanonicalizationOptions {
            max_quads: 1,
            ..CanonicalizationOptions::default()
        };
        assert_eq!(
            canonicalize(&quads, &opts),
            Err(RdfcError::TooManyQuads { count: 2, limit: 1 })
        );
    }

    /// A long chain of indistinguishable blank nodes recurses once per link:
    /// with unlimited budgets the fixed depth limit still stops it cleanly.
    #[test]
    fn unlimited_budgets_cannot_overflow_the_stack() {
        let mut text = String::new();
        for i in 0..400 {
            text.push_str(&format!("_:n{i} <urn:next> _:n{} .\n", i + 1));
        }
        let opts = CanonicalizationOptions {
            max_ndegree_calls: usize::MAX,
            max_permutations: usize::MAX,
            max_blank_nodes: usize::MAX,
            max_quads: usize::MAX,
            hash: HashAlgorithm::Sha256,
        };
        let quads = parse_nquads(&text).expect("parses");
        assert_eq!(
            canonicalize(&quads, &opts),
            Err(RdfcError::RecursionLimitExceeded {
                limit: MAX_NDEGREE_DEPTH
            })
        );
        // A short chain is fine.
        let short: Vec<Quad> = quads.into_iter().take(6).collect();
        assert_eq!(canonicalize(&short, &opts).map(|c| c.issued.len()), Ok(7));
    }

    #[test]
    fn permutation_budget() {
        // Four indistinguishable nodes around one hub: 4! orderings.
        let text = "_:h <urn:p> _:a .\n_:h <urn:p> _:b .\n_:h <urn:p> _:c .\n_:h <urn:p> _:d .\n\
                    _:a <urn:q> _:b .\n_:b <urn:q> _:c .\n_:c <urn:q> _:d .\n_:d <urn:q> _:a .\n";
        let quads = parse_nquads(text).expect("parses");
        let opts = CanonicalizationOptions {
            max_permutations: 3,
            ..CanonicalizationOptions::default()
        };
        assert!(matches!(
            canonicalize(&quads, &opts),
            Err(RdfcError::PermutationBudgetExceeded { limit: 3, .. })
        ));
        assert!(canonicalize(&quads, &CanonicalizationOptions::default()).is_ok());
    }

    #[test]
    fn decimal_digits() {
        let mut digits = [0u8; 20];
        assert_eq!(decimal(0, &mut digits), b"0");
        assert_eq!(decimal(1907, &mut digits), b"1907");
        assert_eq!(
            decimal(usize::MAX, &mut digits),
            usize::MAX.to_string().as_bytes()
        );
    }

    #[test]
    fn next_permutation_enumerates_all_orders() {
        let mut order = vec![0, 1, 2, 3];
        let mut count = 1;
        while next_permutation(&mut order) {
            count += 1;
        }
        assert_eq!(count, 24);
        assert_eq!(order, [3, 2, 1, 0]);
        assert!(!next_permutation::<u32>(&mut []));
    }

    #[test]
    fn output_is_in_code_point_order_whatever_the_term_shapes() {
        // Terms that are prefixes of others (`<urn:a>` / `<urn:a-b>`, `"x"` / `"x"@en` /
        // `"x"^^<…>`, `_:c14n1` / `_:c14n10`), every kind in every position, graphs absent
        // and present: the rank-key order must be the text order.
        let mut text = String::new();
        let subjects = ["<urn:a>", "<urn:a-b>", "<urn:a/b>", "_:s"];
        let objects = [
            "\"x\"",
            "\"x\"@en",
            "\"x\"@en-us",
            "\"x\"^^<urn:t>",
            "\"x y\"",
            "\"x\\ty\"",
            "<urn:a>",
            "<urn:a->",
            "_:o",
        ];
        let graphs = ["", " <urn:g>", " <urn:g0>", " _:g"];
        for (i, s) in subjects.iter().enumerate() {
            for (j, o) in objects.iter().enumerate() {
                let g = graphs[(i + j) % graphs.len()];
                text.push_str(&format!("{s} <urn:p{}> {o}{g} .\n", j % 3));
            }
        }
        // Twelve more blank nodes, for canonical labels `c14n10` and beyond.
        for n in 0..12 {
            text.push_str(&format!("_:n{n} <urn:p> \"{n}\" .\n_:n{n} <urn:q> _:s .\n"));
        }
        let quads = parse_nquads(&text).expect("parses");
        let canonical = canon(&text).expect("canonicalizes").nquads;
        let lines: Vec<&str> = canonical.split_inclusive('\n').collect();
        let mut sorted = lines.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(lines, sorted);
        assert_eq!(lines.len(), quads.len());
        assert!(canonical.contains("_:c14n10 "));
    }

    #[test]
    fn next_permutation_skips_orders_that_only_swap_equal_items() {
        let mut order = vec![1, 1, 1, 2, 2];
        let mut seen = vec![order.clone()];
        while next_permutation(&mut order) {
            seen.push(order.clone());
        }
        // 5! / (3! 2!) distinct orderings, each once.
        assert_eq!(seen.len(), 10);
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 10);
    }

    #[test]
    fn a_graph_name_repeated_across_quads_costs_one_ordering() {
        // Two indistinguishable nodes inside a named graph: each relates to the graph
        // name through six quads, which is one distinct ordering, not 6! = 720.
        let mut text = String::new();
        for node in ["x", "y"] {
            for p in 0..6 {
                text.push_str(&format!("_:{node} <urn:p{p}> \"v\" _:g .\n"));
            }
        }
        text.push_str("_:g <urn:q> <urn:s> .\n");
        let quads = parse_nquads(&text).expect("parses");
        let opts = CanonicalizationOptions {
            max_permutations: 8,
            ..CanonicalizationOptions::default()
        };
        let canonical = canonicalize(&quads, &opts).expect("within eight orderings");
        assert_eq!(canonical.ndegree_calls, 2);
    }
}
