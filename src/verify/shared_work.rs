//! One presentation's checks shared between the calling thread and one helper thread.
//!
//! A presentation of three badges is one long check (the holder's proof: the whole
//! presentation through JSON-LD, RDFC-1.0 and Ed25519) and a few shorter ones (each credential),
//! all reading one parsed document. [`read_then_share`] runs them on two threads with the
//! wake-up of the second thread hidden behind the reading:
//!
//! 1. the helper is woken **before** the input is parsed and waits for the document, spinning
//!    for at most `HELPER_SPINS_AT_MOST`, then sleeping in short steps (a large document);
//! 2. the helper takes the long check first, then credentials; the caller takes credentials in
//!    order, then the long check if the helper never came; each check runs exactly once, taken
//!    with an atomic claim;
//! 3. the caller waits for the helper's last check by spinning briefly, then yielding, instead
//!    of sleeping on a lock: a sleeping thread's wake-up costs tens of microseconds on a
//!    virtual machine, a tenth of the whole presentation.
//!
//! From inside a pool, or with a pool of more than two threads, rayon's own work stealing
//! serves better (no wake-up to hide, more hands); without the `parallel` feature (browser
//! builds) everything runs on the calling thread, in the same order.

/// How long the helper spins for the document before it sleeps between looks: a presentation of
/// a few badges is read in well under this, and a busy machine (the caller preempted) loses at
/// most this much of a core to the spinning.
#[cfg(feature = "parallel")]
const HELPER_SPINS_AT_MOST: std::time::Duration = std::time::Duration::from_micros(250);

/// Spins (about 50 ns each) the caller makes waiting for the helper before it yields its core
/// between looks instead.
#[cfg(feature = "parallel")]
const CALLER_SPINS: u32 = 4_000;

/// What [`read_then_share`] hands back: the document read, the long check's result and each
/// item's result in item order (`None` only if its thread panicked).
pub(crate) struct Shared<V, L, R> {
    pub(crate) document: V,
    pub(crate) lead: Option<L>,
    pub(crate) items: Vec<Option<R>>,
}

/// Reads the document with `read` on the calling thread, then runs `lead` (the long check) and
/// `item(document, i)` for `i` in `0..items(document)` over the calling thread and one helper.
/// If `read` fails, its error comes back at once and nothing else runs.
pub(crate) fn read_then_share<V, E, L, R>(
    read: impl FnOnce() -> Result<V, E>,
    lead: impl Fn(&V) -> L + Sync,
    items: impl Fn(&V) -> usize,
    item: impl Fn(&V, usize) -> R + Sync,
) -> Result<Shared<V, L, R>, E>
where
    V: Send + Sync,
    L: Send,
    R: Send,
{
    #[cfg(feature = "parallel")]
    {
        if rayon::current_thread_index().is_some() || rayon::current_num_threads() > 2 {
            let document = read()?;
            let count = items(&document);
            let (lead_result, item_results) = rayon::join(
                || lead(&document),
                || {
                    use rayon::prelude::*;
                    (0..count)
                        .into_par_iter()
                        .map(|i| Some(item(&document, i)))
                        .collect()
                },
            );
            return Ok(Shared {
                document,
                lead: Some(lead_result),
                items: item_results,
            });
        }
        use helped::{Board, Leaving};
        use std::sync::Mutex;
        use std::sync::OnceLock;
        use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
        use std::time::Instant;
        let board = Board {
            document: OnceLock::new(),
            abandoned: AtomicBool::new(false),
            helper_left: AtomicBool::new(false),
            lead_taken: AtomicBool::new(false),
            next_item: AtomicUsize::new(0),
            finished: AtomicUsize::new(0),
            lead: Mutex::new(None),
            items: Mutex::new(Vec::new()),
        };
        let read = rayon::in_place_scope(|scope| {
            let board = &board;
            let (lead, item) = (&lead, &item);
            scope.spawn(move |_| {
                let _leaving = Leaving(&board.helper_left);
                let since = Instant::now();
                let mut spins = 0u32;
                let (document, count) = loop {
                    if let Some((document, count)) = board.document.get() {
                        break (document, *count);
                    }
                    if board.abandoned.load(Ordering::Acquire) {
                        return;
                    }
                    spins = spins.saturating_add(1);
                    if spins < 64 || since.elapsed() < HELPER_SPINS_AT_MOST {
                        std::hint::spin_loop();
                    } else {
                        std::thread::sleep(std::time::Duration::from_micros(50));
                    }
                };
                board.work(document, count, true, lead, item);
            });
            let _over = Leaving(&board.abandoned);
            let document = read()?;
            let count = items(&document);
            if let Ok(mut slots) = board.items.lock() {
                slots.resize_with(count, || None);
            }
            let (document, count) = board.document.get_or_init(|| (document, count));
            board.work(document, *count, false, lead, item);
            // Every check is taken; wait for the helper's last one, then for the helper to
            // leave, without sleeping (the scope's own wait would put this thread to sleep).
            let mut spins = 0u32;
            while !board.helper_left.load(Ordering::Acquire) {
                let helping = board.finished.load(Ordering::Acquire) < count + 1;
                if !helping && spins > CALLER_SPINS / 2 {
                    // The helper has not started (its pool is busy): the scope waits for it.
                    break;
                }
                spins = spins.saturating_add(1);
                if spins < CALLER_SPINS {
                    std::hint::spin_loop();
                } else {
                    std::thread::yield_now();
                }
            }
            Ok(())
        });
        read?;
        let Board {
            document,
            lead: lead_result,
            items: item_results,
            ..
        } = board;
        let Some((document, _)) = document.into_inner() else {
            unreachable!("the document is published before the scope ends")
        };
        Ok(Shared {
            document,
            lead: lead_result.into_inner().ok().flatten(),
            items: item_results.into_inner().unwrap_or_default(),
        })
    }
    #[cfg(not(feature = "parallel"))]
    {
        let document = read()?;
        let count = items(&document);
        let item_results = (0..count).map(|i| Some(item(&document, i))).collect();
        let lead_result = lead(&document);
        Ok(Shared {
            document,
            lead: Some(lead_result),
            items: item_results,
        })
    }
}

#[cfg(feature = "parallel")]
mod helped {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::{Mutex, OnceLock};

    /// What both threads see.
    pub(super) struct Board<V, L, R> {
        /// The document, once read (with its number of items).
        pub(super) document: OnceLock<(V, usize)>,
        /// The caller's part is over (or reading failed, or panicked): a helper that has not
        /// seen the document by then leaves.
        pub(super) abandoned: AtomicBool,
        /// The helper has left (done, gave up waiting, or panicked): the caller stops waiting.
        pub(super) helper_left: AtomicBool,
        pub(super) lead_taken: AtomicBool,
        pub(super) next_item: AtomicUsize,
        /// Checks finished (the lead counts as one).
        pub(super) finished: AtomicUsize,
        pub(super) lead: Mutex<Option<L>>,
        pub(super) items: Mutex<Vec<Option<R>>>,
    }

    impl<V, L, R> Board<V, L, R> {
        /// Runs checks until none is left to take: the lead first when `lead_first`.
        pub(super) fn work(
            &self,
            document: &V,
            count: usize,
            lead_first: bool,
            lead: &(impl Fn(&V) -> L + Sync),
            item: &(impl Fn(&V, usize) -> R + Sync),
        ) {
            if lead_first {
                self.take_lead(document, lead);
            }
            loop {
                let i = self.next_item.fetch_add(1, Ordering::AcqRel);
                if i >= count {
                    break;
                }
                let result = item(document, i);
                if let Ok(mut items) = self.items.lock() {
                    if let Some(slot) = items.get_mut(i) {
                        *slot = Some(result);
                    }
                }
                self.finished.fetch_add(1, Ordering::AcqRel);
            }
            if !lead_first {
                self.take_lead(document, lead);
            }
        }

        fn take_lead(&self, document: &V, lead: &(impl Fn(&V) -> L + Sync)) {
            if self.lead_taken.swap(true, Ordering::AcqRel) {
                return;
            }
            let result = lead(document);
            if let Ok(mut slot) = self.lead.lock() {
                *slot = Some(result);
            }
            self.finished.fetch_add(1, Ordering::AcqRel);
        }
    }

    /// Raises a flag however the scope it guards ends, a panic included: the helper's leaving,
    /// the caller's part being over.
    pub(super) struct Leaving<'a>(pub(super) &'a AtomicBool);

    impl Drop for Leaving<'_> {
        fn drop(&mut self) {
            self.0.store(true, Ordering::Release);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn run_counting(count: usize) -> (Shared<Vec<u64>, u64, u64>, usize, usize) {
        let lead_runs = AtomicUsize::new(0);
        let item_runs = AtomicUsize::new(0);
        let shared = read_then_share(
            || Ok::<_, ()>((0..count as u64).collect::<Vec<u64>>()),
            |document: &Vec<u64>| {
                lead_runs.fetch_add(1, Ordering::SeqCst);
                document.iter().sum::<u64>() + (0..20_000u64).sum::<u64>()
            },
            Vec::len,
            |document: &Vec<u64>, i| {
                item_runs.fetch_add(1, Ordering::SeqCst);
                document[i] * 10
            },
        )
        .expect("reads");
        (
            shared,
            lead_runs.load(Ordering::SeqCst),
            item_runs.load(Ordering::SeqCst),
        )
    }

    #[test]
    fn every_check_runs_once_and_items_come_back_in_order() {
        for count in [0usize, 1, 3, 17] {
            for _ in 0..50 {
                let (shared, lead_runs, item_runs) = run_counting(count);
                assert_eq!((lead_runs, item_runs), (1, count), "{count} items");
                let expected_sum: u64 =
                    (0..count as u64).sum::<u64>() + (0..20_000u64).sum::<u64>();
                assert_eq!(shared.lead, Some(expected_sum));
                let items: Vec<Option<u64>> = (0..count as u64).map(|n| Some(n * 10)).collect();
                assert_eq!(shared.items, items);
                assert_eq!(shared.document.len(), count);
            }
        }
    }

    #[test]
    fn a_failed_read_runs_nothing_and_returns_its_error() {
        let runs = AtomicUsize::new(0);
        let result = read_then_share(
            || Err::<Vec<u64>, _>("unreadable"),
            |_: &Vec<u64>| runs.fetch_add(1, Ordering::SeqCst),
            Vec::len,
            |_: &Vec<u64>, _| runs.fetch_add(1, Ordering::SeqCst),
        );
        assert!(matches!(result, Err("unreadable")));
        assert_eq!(runs.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn a_read_slower_than_the_helper_spins_runs_every_check_once() {
        // Longer than the helper spins: it waits in short sleeps, then helps.
        let lead_runs = AtomicUsize::new(0);
        let item_runs = AtomicUsize::new(0);
        let shared = read_then_share(
            || {
                std::thread::sleep(std::time::Duration::from_millis(5));
                Ok::<_, ()>(vec![1u64, 2, 3])
            },
            |_: &Vec<u64>| lead_runs.fetch_add(1, Ordering::SeqCst),
            Vec::len,
            |document: &Vec<u64>, i| {
                item_runs.fetch_add(1, Ordering::SeqCst);
                document[i]
            },
        )
        .expect("reads");
        assert_eq!(shared.items, vec![Some(1), Some(2), Some(3)]);
        assert_eq!(lead_runs.load(Ordering::SeqCst), 1);
        assert_eq!(item_runs.load(Ordering::SeqCst), 3);
    }

    #[test]
    fn a_read_that_panics_lets_the_helper_go() {
        // The helper must not wait for a document that will never come: the panic reaches the
        // caller instead of hanging the scope.
        let outcome = std::panic::catch_unwind(|| {
            read_then_share(
                || -> Result<Vec<u64>, ()> { panic!("reading failed") },
                |_: &Vec<u64>| 0u64,
                Vec::len,
                |_: &Vec<u64>, _| 0u64,
            )
            .is_ok()
        });
        assert!(outcome.is_err());
    }

    #[test]
    fn works_the_same_from_inside_a_pool() {
        #[cfg(feature = "parallel")]
        {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(2)
                .build()
                .expect("pool");
            let (shared, lead_runs, item_runs) = pool.install(|| run_counting(5));
            assert_eq!((lead_runs, item_runs), (1, 5));
            assert_eq!(shared.items.len(), 5);
        }
    }
}
