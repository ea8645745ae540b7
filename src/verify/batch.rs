//! Many credentials in one run: a platform re-verifying its catalogue after a key rotation, a
//! district importing a cohort's badges.
//!
//! [`Batch`] spreads the inputs over a pool of threads (feature `parallel`, on by default) and
//! hands the results back **in input order**, one at a time, as soon as each is ready in order:
//! the inputs are taken from the iterator in bounded windows, so a run over a million files holds
//! at most one window of inputs and results, never all of them.
//!
//! Every thread verifies with the same [`Verifier`]: one set of registered documents, contexts
//! and status lists. The caches the checks rely on are read-mostly: the `did:key` memo takes a
//! shared read lock on a hit and writes only on a miss, which a batch of badges from a few
//! issuers meets a handful of times; the processed-context cache of
//! [`crate::jsonld::Processor::bundled`] keeps a shard per thread, so the reference counts of the
//! contexts' shared IRIs stay in one core's cache; and a registered status list verifies its own
//! proof once and shares the result. The threads do not wait on one another.
//!
//! # Why no Ed25519 batch verification
//!
//! `ed25519-dalek`'s `verify_batch` checks the cofactored equation over a random linear
//! combination; [`crate::keys`] verifies each signature with `verify_strict`, which rejects
//! small-order public keys and small-order `R` components that the batch equation accepts (and
//! a batch failure does not say which signature failed, so every input would need a second,
//! single check anyway). The decisions would not be identical on the small-order test vectors,
//! so batching is not used. It would also buy little: the signature check (`proof/ed25519-raw/verify`,
//! about 36 µs) is a quarter of what a whole eddsa-rdfc-2022 badge costs (`verify/json`, about
//! 144 µs) (the rest is JSON-LD expansion and RDFC-1.0
//! canonicalization), and spreading whole badges over cores already scales with the cores.
//!
//! Without the `parallel` feature (browser builds), a batch runs on the calling thread with the
//! same API and the same order.

use super::{VerificationReport, Verifier};

/// Windows are not pipelined (the pool verifying the next window while the caller consumes the
/// last): measured on 2 cores with `verify/all-1000`, the caller then competes with the pool for
/// the cores and frees the reports into the workers' allocator arenas while they allocate, and
/// the run was 5% slower (98.7 ms against 94.3 ms).
///
/// Inputs taken from the iterator per thread before the results of the window are handed back:
/// large enough that the wait for the slowest input of a window is noise, small enough that a
/// window of full reports stays a few megabytes.
const DEFAULT_WINDOW_PER_THREAD: usize = 64;

/// A run of [`Verifier`] over many inputs on several threads, results in input order. Made by
/// [`Verifier::batch`].
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use openbadges::verify::{Outcome, Verifier, VerifyOptions};
///
/// let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
/// let verifier = Verifier::new(VerifyOptions::new(now));
/// let inputs: Vec<&[u8]> = vec![b"not a badge", b"{}", b"\x89PNG\r\n\x1a\n"];
/// let mut outcomes = Vec::new();
/// verifier
///     .batch()
///     .jobs(2)
///     .verify_all(inputs, |index, report| outcomes.push((index, report.outcome())));
/// assert_eq!(outcomes.len(), 3);
/// assert_eq!(outcomes.iter().map(|(i, _)| *i).collect::<Vec<_>>(), [0, 1, 2]);
/// assert!(outcomes.iter().all(|(_, outcome)| *outcome != Outcome::Verified));
/// ```
#[derive(Debug, Clone, Copy)]
#[must_use = "a batch does nothing until `verify_all` or `map` runs it"]
pub struct Batch<'v> {
    verifier: &'v Verifier,
    jobs: Option<usize>,
    window_per_thread: usize,
}

impl<'v> Batch<'v> {
    pub(super) fn new(verifier: &'v Verifier) -> Self {
        Batch {
            verifier,
            jobs: None,
            window_per_thread: DEFAULT_WINDOW_PER_THREAD,
        }
    }

    /// Runs on `jobs` threads (`0` or not called: every core, through rayon's global pool).
    /// Ignored without the `parallel` feature.
    pub fn jobs(mut self, jobs: usize) -> Self {
        self.jobs = (jobs > 0).then_some(jobs);
        self
    }

    /// How many inputs per thread are taken before their results are handed back (default 64;
    /// at least 1). Bounds the memory a run holds.
    pub fn window_per_thread(mut self, inputs: usize) -> Self {
        self.window_per_thread = inputs.max(1);
        self
    }

    /// Verifies every input (the bytes [`Verifier::verify`] takes) and calls `each` with its
    /// index and report, in input order.
    pub fn verify_all<I>(&self, inputs: I, each: impl FnMut(usize, VerificationReport))
    where
        I: IntoIterator,
        I::Item: AsRef<[u8]> + Send,
    {
        self.map(
            inputs,
            |verifier, bytes| verifier.verify(bytes.as_ref()),
            each,
        );
    }

    /// The general form: `work` runs on the pool for every item (read a file, verify it, keep
    /// only what the caller needs of the report), and `each` receives the results on the calling
    /// thread, in input order. Returns how many items were processed.
    pub fn map<T, R, W, E>(&self, items: impl IntoIterator<Item = T>, work: W, mut each: E) -> usize
    where
        T: Send,
        R: Send,
        W: Fn(&Verifier, T) -> R + Sync,
        E: FnMut(usize, R),
    {
        let runner = Runner::new(self.jobs);
        let window = runner
            .threads()
            .saturating_mul(self.window_per_thread)
            .max(1);
        let mut items = items.into_iter();
        let mut done = 0usize;
        loop {
            let chunk: Vec<T> = items.by_ref().take(window).collect();
            if chunk.is_empty() {
                return done;
            }
            for result in runner.map(chunk, |item| work(self.verifier, item)) {
                each(done, result);
                done += 1;
            }
        }
    }
}

impl Verifier {
    /// A batch over this verifier: many inputs, every core, results in input order (see
    /// [`Batch`]).
    pub fn batch(&self) -> Batch<'_> {
        Batch::new(self)
    }

    /// Verifies every input on every core and calls `each` with its index and report, in input
    /// order, holding only a bounded window of reports at a time. Shorthand for
    /// `self.batch().verify_all(inputs, each)`.
    pub fn verify_all<I>(&self, inputs: I, each: impl FnMut(usize, VerificationReport))
    where
        I: IntoIterator,
        I::Item: AsRef<[u8]> + Send,
    {
        self.batch().verify_all(inputs, each);
    }
}

/// Where the work of a window runs.
enum Runner {
    /// rayon's global pool (every core).
    #[cfg(feature = "parallel")]
    Global,
    /// A pool of the requested size, for this run.
    #[cfg(feature = "parallel")]
    Pool(rayon::ThreadPool),
    /// The calling thread.
    Inline,
}

impl Runner {
    #[cfg(feature = "parallel")]
    fn new(jobs: Option<usize>) -> Self {
        match jobs {
            None => Runner::Global,
            Some(1) => Runner::Inline,
            Some(threads) => rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .thread_name(|i| format!("openbadges-verify-{i}"))
                .build()
                .map(Runner::Pool)
                // No threads to be had (a sandbox that forbids them): same results, one thread.
                .unwrap_or(Runner::Inline),
        }
    }

    #[cfg(not(feature = "parallel"))]
    fn new(_jobs: Option<usize>) -> Self {
        Runner::Inline
    }

    fn threads(&self) -> usize {
        match self {
            #[cfg(feature = "parallel")]
            Runner::Global => rayon::current_num_threads(),
            #[cfg(feature = "parallel")]
            Runner::Pool(pool) => pool.current_num_threads(),
            Runner::Inline => 1,
        }
    }

    /// `work` over `chunk`, results in the chunk's order.
    fn map<T: Send, R: Send>(&self, chunk: Vec<T>, work: impl Fn(T) -> R + Sync) -> Vec<R> {
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            let run = |chunk: Vec<T>| chunk.into_par_iter().map(&work).collect::<Vec<R>>();
            match self {
                Runner::Global => run(chunk),
                Runner::Pool(pool) => pool.install(|| run(chunk)),
                Runner::Inline => chunk.into_iter().map(work).collect(),
            }
        }
        #[cfg(not(feature = "parallel"))]
        {
            let Runner::Inline = self;
            chunk.into_iter().map(work).collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::VerifyOptions;

    #[test]
    fn results_come_back_in_input_order_across_windows() {
        let verifier = Verifier::new(VerifyOptions::new(chrono::DateTime::UNIX_EPOCH));
        let mut seen = Vec::new();
        let count = verifier.batch().jobs(3).window_per_thread(2).map(
            0..100u32,
            |_, n| n * 2,
            |index, doubled| seen.push((index, doubled)),
        );
        assert_eq!(count, 100);
        let expected: Vec<(usize, u32)> = (0..100u32).map(|n| (n as usize, n * 2)).collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn every_window_size_hands_back_each_item_once_in_order() {
        let verifier = Verifier::new(VerifyOptions::new(chrono::DateTime::UNIX_EPOCH));
        // Whole windows, a partial last window, a single item, one item per window.
        for (items, per_thread) in [(8u32, 2), (9, 2), (1, 4), (7, 1), (64, 64)] {
            let mut seen = Vec::new();
            let count = verifier.batch().jobs(2).window_per_thread(per_thread).map(
                0..items,
                |_, n| n + 1,
                |index, value| seen.push((index, value)),
            );
            assert_eq!(count, items as usize);
            let expected: Vec<(usize, u32)> = (0..items).map(|n| (n as usize, n + 1)).collect();
            assert_eq!(seen, expected, "{items} items, {per_thread} per thread");
        }
    }

    #[test]
    fn an_empty_batch_calls_nothing() {
        let verifier = Verifier::new(VerifyOptions::new(chrono::DateTime::UNIX_EPOCH));
        let mut calls = 0;
        verifier.verify_all(Vec::<Vec<u8>>::new(), |_, _| calls += 1);
        assert_eq!(calls, 0);
    }
}
