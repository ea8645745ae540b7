//! One presentation's checks shared between the calling thread and one helper thread.
//!
//! A presentation of three badges is one long check (the holder's proof: the whole
//! presentation through JSON-LD, RDFC-1.0 and Ed25519) and a few shorter ones (each credential).
//! [`read_then_share`] runs them on two threads, with the helper's start overlapping the reading
//! of the input:
//!
//! 1. The helper is woken **before** the input is parsed. When the checks can locate their
//!    items in the raw input ([`Checks::plan`]: a scan, several times cheaper than the parse),
//!    the helper runs ahead on the items at once, each read from its own bytes: the costly part
//!    of each item's check ([`Checks::planned_ahead`]: a credential's proof), item after item,
//!    while the caller parses the whole document. Once it is read, the caller confirms that the
//!    plan's items are the document's ([`Checks::agrees`]); if they are not, everything run
//!    ahead is dropped and the caller checks every item itself.
//! 2. A helper that comes after the document is read, or has no plan, runs ahead from the
//!    document instead ([`Checks::ahead`]).
//! 3. The caller takes the long check as soon as the document is read (it is the longest, and
//!    this thread is running already), then completes items: from the part run ahead
//!    ([`Checks::finish`]), or whole ([`Checks::item`]) when the helper has not reached them.
//!    The helper, past its run ahead, completes items too while the caller is still on the
//!    long check (not after: a report's many small allocations are freed by the caller, and
//!    freeing another thread's allocations is several times slower). Splitting each item in
//!    two keeps both threads busy to the end: the helper proves every credential while the
//!    caller is on the holder's proof, and the short remainders go to whichever thread is free.
//! 4. Each check runs exactly once, taken with an atomic claim. The caller waits for the
//!    helper's last check by spinning briefly, then yielding, instead of sleeping on a lock: a
//!    sleeping thread's wake-up costs tens of microseconds on a virtual machine.
//! 5. A helper with nothing left to do stays (spinning, for at most [`HELPER_STAYS_AT_MOST`])
//!    until the caller's part is over, instead of leaving at once: the pool's thread is then
//!    still awake when the caller's next presentation comes, and starts on it at once. Gone
//!    back to the pool, the thread was asleep by then, and waking it took 40 µs (the median
//!    start of the helper, of a 550 µs presentation, on a two-core virtual machine; 2–7 µs
//!    when it stays).
//!
//! 6. The long check may leave its last step ([`Checks::tail`]: the holder's signature check)
//!    to whichever thread is free first. The helper is usually done with its part before the
//!    caller has completed the items; it takes the tail while the caller completes them.
//!
//! From inside a pool, or with a pool of more than two threads, rayon's own work stealing
//! serves better (no wake-up to hide, more hands); without the `parallel` feature (browser
//! builds) everything runs on the calling thread, in the same order.

/// How long the helper spins for the document before it sleeps between looks: a presentation of
/// a few badges is read in well under this, and a busy machine (the caller preempted) loses at
/// most this much of a core to the spinning.
#[cfg(feature = "parallel")]
const HELPER_SPINS_AT_MOST: std::time::Duration = std::time::Duration::from_micros(250);

/// How long a helper with nothing left to do stays for the caller's part to end (see the
/// module's point 5). Longer than the caller's usual remainder (finishing an item or two of a
/// presentation), short enough that a caller with many items left does not keep a core spinning
/// for long.
#[cfg(feature = "parallel")]
const HELPER_STAYS_AT_MOST: std::time::Duration = std::time::Duration::from_micros(250);

/// Spins (about 50 ns each) the caller makes waiting for the helper before it yields its core
/// between looks instead.
#[cfg(feature = "parallel")]
const CALLER_SPINS: u32 = 4_000;

/// Spins the caller makes once the helper has left, before the scope's own wait.
#[cfg(feature = "parallel")]
const AFTER_LEAVING_SPINS: u32 = 64;

/// The checks of one document: a long check of the whole ([`Checks::lead`]) and independent
/// checks of its items ([`Checks::item`]).
pub(crate) trait Checks: Sync {
    /// The document, once read.
    type Document: Send + Sync;
    /// The items located in the raw input before the document is read.
    type Plan: Send + Sync;
    /// The long check's result.
    type Lead: Send;
    /// An item check's result.
    type Item: Send;
    /// The part of an item's check the helper runs ahead, from the plan
    /// ([`Checks::planned_ahead`]) or from the document ([`Checks::ahead`]).
    type Ahead: Send;
    /// The last step of the long check, left to whichever thread is free first
    /// ([`Checks::tail`]; `Infallible` for checks that leave none).
    type Tail: Send;
    /// What the tail gives.
    type TailDone: Send;

    /// The long check of the whole document.
    fn lead(&self, document: &Self::Document) -> Self::Lead;
    /// How many items the document has.
    fn count(&self, document: &Self::Document) -> usize;
    /// Checks the document's `i`th item.
    fn item(&self, document: &Self::Document, i: usize) -> Self::Item;
    /// The last step the long check left undone, if any: it runs once, on either thread
    /// ([`Checks::run_tail`]), and its result comes back in [`Shared::tail`].
    fn tail(&self, _lead: &Self::Lead) -> Option<Self::Tail> {
        None
    }
    /// Runs the tail.
    fn run_tail(&self, tail: Self::Tail) -> Self::TailDone;
    /// Checks the document's `i`th item with the part of its check that ran ahead (from a plan,
    /// asked only once the plan is known to agree with the document): exactly what
    /// [`Checks::item`] gives.
    #[cfg_attr(not(feature = "parallel"), allow(dead_code))]
    fn finish(&self, document: &Self::Document, i: usize, ahead: Self::Ahead) -> Self::Item;

    /// Locates the items in the raw input, with their number, so that the helper can start on
    /// them before the document is read. `None` (the default): the helper waits for the
    /// document. (This and the methods below are the helper's: without `parallel` there is
    /// none.)
    #[cfg_attr(not(feature = "parallel"), allow(dead_code))]
    fn plan(&self) -> Option<(Self::Plan, usize)> {
        None
    }
    /// Whether the plan's items are the document's, one for one and in order (asked once the
    /// document is read, when both have as many items).
    #[cfg_attr(not(feature = "parallel"), allow(dead_code))]
    fn agrees(&self, _document: &Self::Document, _plan: &Self::Plan) -> bool {
        false
    }
    /// Runs the costly part of the plan's `i`th item check, for [`Checks::finish`] to complete
    /// from the document; `None` leaves the whole item to [`Checks::item`].
    #[cfg_attr(not(feature = "parallel"), allow(dead_code))]
    fn planned_ahead(&self, _plan: &Self::Plan, _i: usize) -> Option<Self::Ahead> {
        None
    }
    /// [`Checks::planned_ahead`] from the document, for a helper that comes after it is read.
    #[cfg_attr(not(feature = "parallel"), allow(dead_code))]
    fn ahead(&self, _document: &Self::Document, _i: usize) -> Option<Self::Ahead> {
        None
    }
}

/// What [`read_then_share`] hands back: the document read, the long check's result, what its
/// tail gave (`None` when it left none) and each item's result in item order.
pub(crate) struct Shared<C: Checks> {
    pub(crate) document: C::Document,
    pub(crate) lead: C::Lead,
    pub(crate) tail: Option<C::TailDone>,
    pub(crate) items: Vec<C::Item>,
}

/// The long check, then its tail, on this thread.
fn lead_with_tail<C: Checks>(checks: &C, document: &C::Document) -> (C::Lead, Option<C::TailDone>) {
    let lead = checks.lead(document);
    let tail = checks.tail(&lead).map(|tail| checks.run_tail(tail));
    (lead, tail)
}

/// Reads the document with `read` on the calling thread, then runs `checks`' long check and
/// its item checks over the calling thread and one helper. If `read` fails, its error comes back
/// at once and no check of the document runs (a helper working from a plan stops after the
/// item in hand).
pub(crate) fn read_then_share<C: Checks, E>(
    checks: &C,
    read: impl FnOnce() -> Result<C::Document, E>,
) -> Result<Shared<C>, E> {
    // In a browser (wasm) rayon's pool falls back to the calling thread alone, where a spawned
    // helper would never run: one thread does everything, as without `parallel`.
    #[cfg(feature = "parallel")]
    if !cfg!(target_family = "wasm") {
        if rayon::current_thread_index().is_some() || rayon::current_num_threads() > 2 {
            let document = read()?;
            let count = checks.count(&document);
            let ((lead, tail), items) = rayon::join(
                || lead_with_tail(checks, &document),
                || {
                    use rayon::prelude::*;
                    (0..count)
                        .into_par_iter()
                        .map(|i| checks.item(&document, i))
                        .collect()
                },
            );
            return Ok(Shared {
                document,
                lead,
                tail,
                items,
            });
        }
        return helped::read_then_share(checks, read);
    }
    let document = read()?;
    let count = checks.count(&document);
    let (lead, tail) = lead_with_tail(checks, &document);
    let items = (0..count).map(|i| checks.item(&document, i)).collect();
    Ok(Shared {
        document,
        lead,
        tail,
        items,
    })
}

/// The two-thread way whatever the machine's core count, for tests of the checks that use it.
#[cfg(all(test, feature = "parallel"))]
pub(crate) use helped::read_then_share as read_then_share_on_two_threads;

#[cfg(feature = "parallel")]
mod helped {
    use super::{
        AFTER_LEAVING_SPINS, CALLER_SPINS, Checks, HELPER_SPINS_AT_MOST, HELPER_STAYS_AT_MOST,
        Shared,
    };
    use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};
    use std::sync::{Mutex, OnceLock};
    use std::time::Instant;

    /// How the items are set up ([`Board::setup`]): not yet, by either thread.
    const OPEN: u8 = 0;
    /// The helper is locating the items in the raw input.
    const SCANNING: u8 = 1;
    /// The helper runs ahead from its plan; the document is not yet compared with it.
    const PLANNED: u8 = 2;
    /// The document's items are the plan's: what ran ahead completes them.
    const AGREED: u8 = 3;
    /// The document's items are not the plan's: the helper stops, what it ran ahead is dropped
    /// and the caller checks every item itself.
    const REJECTED: u8 = 4;
    /// The helper found no plan and waits for the document.
    const NO_PLAN: u8 = 5;
    /// The caller is setting the items up from the document.
    const SETTING: u8 = 6;
    /// The items are the document's: the helper runs ahead from the document.
    const FROM_DOCUMENT: u8 = 7;

    /// Where one item stands ([`Board::states`]).
    const FREE: u8 = 0;
    /// The helper runs its costly part ahead.
    const AHEAD: u8 = 1;
    /// Its costly part is in [`Board::ahead`], to be completed from the document.
    const READY: u8 = 2;
    /// Taken from the document by one of the two threads (completed, or checked whole).
    const TAKEN: u8 = 3;

    /// Where the long check's tail stands ([`Board::tail_state`]): none left (yet).
    const NO_TAIL: u8 = 0;
    /// Left in [`Board::tail`] for either thread.
    const TAIL_LEFT: u8 = 1;
    /// Taken by one of the two threads.
    const TAIL_TAKEN: u8 = 2;
    /// Run: what it gave is in [`Board::tail_done`].
    const TAIL_DONE: u8 = 3;

    /// What both threads see.
    struct Board<C: Checks> {
        /// The document, once read.
        document: OnceLock<C::Document>,
        /// The helper's plan, once made.
        plan: OnceLock<C::Plan>,
        setup: AtomicU8,
        /// Per item, where it stands: set, with the number of items of the plan or of the
        /// document, by the thread that sets the items up, before it says so in `setup`.
        states: OnceLock<Box<[AtomicU8]>>,
        /// Per item, the part of its check run ahead.
        ahead: Mutex<Vec<Option<C::Ahead>>>,
        /// The caller's part is over (or reading failed, or panicked): a helper still waiting
        /// leaves, one running ahead stops, and one staying for the end leaves.
        abandoned: AtomicBool,
        /// The helper has left (done, gave up waiting, or panicked): the caller stops waiting.
        helper_left: AtomicBool,
        /// The caller is done with the long check: it completes the items left from here on.
        lead_done: AtomicBool,
        /// Items checked.
        finished: AtomicUsize,
        items: Mutex<Vec<Option<C::Item>>>,
        /// The long check's tail, once the caller leaves it.
        tail: Mutex<Option<C::Tail>>,
        tail_state: AtomicU8,
        /// What the tail gave, on whichever thread ran it.
        tail_done: Mutex<Option<C::TailDone>>,
    }

    /// Where the helper runs ahead from.
    enum Source<'b, C: Checks> {
        Plan(&'b C::Plan),
        Document(&'b C::Document),
    }

    pub(crate) fn read_then_share<C: Checks, E>(
        checks: &C,
        read: impl FnOnce() -> Result<C::Document, E>,
    ) -> Result<Shared<C>, E> {
        let board = Board::<C> {
            document: OnceLock::new(),
            plan: OnceLock::new(),
            setup: AtomicU8::new(OPEN),
            states: OnceLock::new(),
            ahead: Mutex::new(Vec::new()),
            abandoned: AtomicBool::new(false),
            helper_left: AtomicBool::new(false),
            lead_done: AtomicBool::new(false),
            finished: AtomicUsize::new(0),
            items: Mutex::new(Vec::new()),
            tail: Mutex::new(None),
            tail_state: AtomicU8::new(NO_TAIL),
            tail_done: Mutex::new(None),
        };
        let (count, lead, rechecked) = rayon::in_place_scope(|scope| {
            let board = &board;
            scope.spawn(move |_| {
                let _leaving = Leaving(&board.helper_left);
                board.help(checks);
            });
            // The caller's part is over when every item is taken (a helper staying for the end
            // may leave), or when reading fails or anything panics.
            let over = Leaving(&board.abandoned);
            let document = read()?;
            let count = checks.count(&document);
            let document = board.document.get_or_init(|| document);
            let agreed = board.settle(checks, document, count);
            // The long check first, on this thread, which has just read the document; then the
            // items, with what the helper ran ahead, while the helper takes the long check's
            // tail if it is free.
            let lead = checks.lead(document);
            board.leave_tail(checks.tail(&lead));
            board.lead_done.store(true, Ordering::Release);
            let rechecked = if agreed {
                board.complete_items(checks, document, true);
                None
            } else {
                Some((0..count).map(|i| checks.item(document, i)).collect())
            };
            board.finish_tail(checks);
            drop(over);
            board.wait_for_helper(count);
            Ok((count, lead, rechecked))
        })?;
        let Board {
            document,
            items,
            tail_done,
            ..
        } = board;
        let Some(document) = document.into_inner() else {
            unreachable!("the document is published before the scope ends")
        };
        let items = match rechecked {
            Some(items) => items,
            None => {
                let mut slots = items.into_inner().unwrap_or_default();
                slots.resize_with(count, || None);
                // Unreachable unless the helper panicked mid-item (the scope then re-raises
                // its panic): every item is checked.
                slots
                    .into_iter()
                    .enumerate()
                    .map(|(i, slot)| slot.unwrap_or_else(|| checks.item(&document, i)))
                    .collect()
            }
        };
        Ok(Shared {
            document,
            lead,
            // `None` only if the helper panicked mid-tail (the scope then re-raises its panic).
            tail: tail_done.into_inner().ok().flatten(),
            items,
        })
    }

    impl<C: Checks> Board<C> {
        /// The caller leaves the long check's tail, if any, for whichever thread is free first.
        fn leave_tail(&self, tail: Option<C::Tail>) {
            let Some(tail) = tail else {
                return;
            };
            if let Ok(mut slot) = self.tail.lock() {
                *slot = Some(tail);
                self.tail_state.store(TAIL_LEFT, Ordering::Release);
            }
        }

        /// Runs the tail if it is left and nobody has taken it; whether this thread ran it.
        fn take_tail(&self, checks: &C) -> bool {
            if !claim(&self.tail_state, TAIL_LEFT, TAIL_TAKEN) {
                return false;
            }
            let tail = self.tail.lock().ok().and_then(|mut slot| slot.take());
            if let Some(tail) = tail {
                let done = checks.run_tail(tail);
                if let Ok(mut slot) = self.tail_done.lock() {
                    *slot = Some(done);
                }
            }
            self.tail_state.store(TAIL_DONE, Ordering::Release);
            true
        }

        /// The caller, every item taken: runs the tail if the helper has not taken it, else
        /// waits for the helper's result (one signature check), spinning, then yielding.
        fn finish_tail(&self, checks: &C) {
            if self.take_tail(checks) {
                return;
            }
            let mut spins = 0u32;
            while self.tail_state.load(Ordering::Acquire) == TAIL_TAKEN
                && !self.helper_left.load(Ordering::Acquire)
            {
                caller_pause(&mut spins);
            }
        }

        /// The caller's side of the setup, once the document is read: the helper's plan checked
        /// against the document, or the items set up from the document for the helper to run
        /// ahead from. `false` when the plan is rejected (the caller then checks every item).
        fn settle(&self, checks: &C, document: &C::Document, count: usize) -> bool {
            let mut spins = 0u32;
            loop {
                match self.setup.load(Ordering::Acquire) {
                    // No plan: not yet begun, none to be had, or (a helper that left while
                    // scanning, it panicked) none to come.
                    open @ (OPEN | NO_PLAN | SCANNING)
                        if open != SCANNING || self.helper_left.load(Ordering::Acquire) =>
                    {
                        if claim(&self.setup, open, SETTING) {
                            let _ = self.states.set(free_states(count));
                            self.setup.store(FROM_DOCUMENT, Ordering::Release);
                            return true;
                        }
                    }
                    PLANNED => {
                        let agreed = self.states.get().is_some_and(|s| s.len() == count)
                            && self.plan.get().is_some_and(|p| checks.agrees(document, p));
                        let verdict = if agreed { AGREED } else { REJECTED };
                        self.setup.store(verdict, Ordering::Release);
                        return agreed;
                    }
                    // The helper is scanning the raw input: a few microseconds.
                    _ => {
                        caller_pause(&mut spins);
                    }
                }
            }
        }

        /// The helper's part ([`Board::run`]), then its stay for the end of the caller's.
        fn help(&self, checks: &C) {
            self.run(checks);
            self.stay_until_caller_is_done(checks);
        }

        /// Spins until the caller's part is over (or [`HELPER_STAYS_AT_MOST`] has passed), so
        /// that the pool's thread is awake for the caller's next call; takes the long check's
        /// tail meanwhile, if the caller leaves it.
        fn stay_until_caller_is_done(&self, checks: &C) {
            let since = Instant::now();
            let mut spins = 0u32;
            while !self.abandoned.load(Ordering::Acquire) {
                if self.tail_state.load(Ordering::Acquire) == TAIL_LEFT {
                    self.take_tail(checks);
                    continue;
                }
                spins = spins.wrapping_add(1);
                // Reading the clock costs more than a spin: every 64th look.
                if spins % 64 == 0 && since.elapsed() >= HELPER_STAYS_AT_MOST {
                    return;
                }
                std::hint::spin_loop();
            }
        }

        /// Runs ahead on each item, from the plan when one is made before the document is
        /// read, otherwise from the document; then completes items from the document.
        fn run(&self, checks: &C) {
            if claim(&self.setup, OPEN, SCANNING) {
                match checks.plan() {
                    Some((plan, count)) => {
                        let plan = self.plan.get_or_init(|| plan);
                        let _ = self.states.set(free_states(count));
                        self.setup.store(PLANNED, Ordering::Release);
                        self.run_ahead(checks, Source::Plan(plan));
                        let verdict = self.wait_for(|| {
                            let setup = self.setup.load(Ordering::Acquire);
                            (setup != PLANNED).then_some(setup)
                        });
                        if verdict == Some(AGREED) {
                            if let Some(document) = self.document.get() {
                                self.complete_items(checks, document, false);
                            }
                        }
                        return;
                    }
                    None => self.setup.store(NO_PLAN, Ordering::Release),
                }
            }
            let set_up = self
                .wait_for(|| (self.setup.load(Ordering::Acquire) == FROM_DOCUMENT).then_some(()));
            if let (Some(()), Some(document)) = (set_up, self.document.get()) {
                self.run_ahead(checks, Source::Document(document));
                self.complete_items(checks, document, false);
            }
        }

        /// Waits for `ready` to give something, spinning for at most `HELPER_SPINS_AT_MOST`, then
        /// sleeping in short steps; `None` once the caller's part is over.
        fn wait_for<T>(&self, ready: impl Fn() -> Option<T>) -> Option<T> {
            let since = Instant::now();
            let mut spins = 0u32;
            loop {
                if let Some(found) = ready() {
                    return Some(found);
                }
                if self.abandoned.load(Ordering::Acquire) {
                    return None;
                }
                spins = spins.saturating_add(1);
                if spins < 64 || since.elapsed() < HELPER_SPINS_AT_MOST {
                    std::hint::spin_loop();
                } else {
                    std::thread::sleep(std::time::Duration::from_micros(50));
                }
            }
        }

        /// The helper's run ahead: the costly part of each item nobody has taken, in order,
        /// until none is left, the plan is rejected, or the caller's part is over.
        fn run_ahead(&self, checks: &C, source: Source<'_, C>) {
            let Some(states) = self.states.get() else {
                return;
            };
            for (i, state) in states.iter().enumerate() {
                if self.setup.load(Ordering::Acquire) == REJECTED
                    || self.abandoned.load(Ordering::Acquire)
                {
                    return;
                }
                if claim(state, FREE, AHEAD) {
                    let ahead = match source {
                        Source::Plan(plan) => checks.planned_ahead(plan, i),
                        Source::Document(document) => checks.ahead(document, i),
                    };
                    let next = if ahead.is_some() { READY } else { FREE };
                    if let Ok(mut slots) = self.ahead.lock() {
                        if slots.len() <= i {
                            slots.resize_with(i + 1, || None);
                        }
                        if let Some(slot) = slots.get_mut(i) {
                            *slot = ahead;
                        }
                    }
                    state.store(next, Ordering::Release);
                }
            }
        }

        /// Completes, from the document, each item whose costly part ran ahead, and checks whole
        /// each item nobody has taken. The caller (`to_the_end`) also waits for items the helper
        /// is still running ahead, and takes over any the helper left unfinished. The helper
        /// completes items only while the caller is on the long check (and has not given up):
        /// what a thread allocates is freed several times faster by that thread, and the report
        /// goes to the caller.
        fn complete_items(&self, checks: &C, document: &C::Document, to_the_end: bool) {
            let Some(states) = self.states.get() else {
                return;
            };
            let mut spins = 0u32;
            loop {
                // Whether an item is not yet taken after this pass: the helper is running it
                // ahead, or it became ready (or free) between two of this pass's claims.
                let mut left = false;
                for (i, state) in states.iter().enumerate() {
                    if !to_the_end
                        && (self.lead_done.load(Ordering::Acquire)
                            || self.abandoned.load(Ordering::Acquire))
                    {
                        return;
                    }
                    if claim(state, READY, TAKEN) {
                        let ahead = self
                            .ahead
                            .lock()
                            .ok()
                            .and_then(|mut slots| slots.get_mut(i).and_then(Option::take));
                        let result = match ahead {
                            Some(ahead) => checks.finish(document, i, ahead),
                            None => checks.item(document, i),
                        };
                        self.store(i, result);
                    } else if claim(state, FREE, TAKEN)
                        // A helper that left mid-item (it panicked) leaves it here.
                        || (to_the_end
                            && self.helper_left.load(Ordering::Acquire)
                            && claim(state, AHEAD, TAKEN))
                    {
                        self.store(i, checks.item(document, i));
                    } else if state.load(Ordering::Acquire) != TAKEN {
                        left = true;
                    }
                }
                if !(to_the_end && left) {
                    return;
                }
                caller_pause(&mut spins);
            }
        }

        fn store(&self, i: usize, result: C::Item) {
            if let Ok(mut items) = self.items.lock() {
                if items.len() <= i {
                    items.resize_with(i + 1, || None);
                }
                if let Some(slot) = items.get_mut(i) {
                    *slot = Some(result);
                }
            }
            self.finished.fetch_add(1, Ordering::AcqRel);
        }

        /// Every item is taken; waits for the helper's last one, then for the helper to leave,
        /// without sleeping (the scope's own wait would put this thread to sleep).
        fn wait_for_helper(&self, count: usize) {
            let mut spins = 0u32;
            while !self.helper_left.load(Ordering::Acquire) {
                let helping = self.finished.load(Ordering::Acquire) < count;
                if !helping && spins > CALLER_SPINS / 2 {
                    // The helper has not started (its pool is busy): the scope waits for it.
                    break;
                }
                caller_pause(&mut spins);
            }
            // The helper raised its flag just before its job returns to rayon, which then
            // counts the scope's last job done: a moment's spin lets that land before the scope
            // waits, which from outside the pool is a sleep on a lock (a wake-up of tens of
            // microseconds when it loses the race).
            for _ in 0..AFTER_LEAVING_SPINS {
                std::hint::spin_loop();
            }
        }
    }

    /// One look of the caller waiting for the helper: a spin for the first [`CALLER_SPINS`]
    /// looks, then a yield of its core between looks.
    fn caller_pause(spins: &mut u32) {
        *spins = spins.saturating_add(1);
        if *spins < CALLER_SPINS {
            std::hint::spin_loop();
        } else {
            std::thread::yield_now();
        }
    }

    /// `count` items, none taken.
    fn free_states(count: usize) -> Box<[AtomicU8]> {
        (0..count).map(|_| AtomicU8::new(FREE)).collect()
    }

    /// Moves `state` from `from` to `to` if it is in `from`: the one thread that does has it.
    fn claim(state: &AtomicU8, from: u8, to: u8) -> bool {
        state
            .compare_exchange(from, to, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
    }

    /// Raises a flag however the scope it guards ends, a panic included: the helper's leaving,
    /// the caller's part being over.
    struct Leaving<'a>(&'a AtomicBool);

    impl Drop for Leaving<'_> {
        fn drop(&mut self) {
            self.0.store(true, Ordering::Release);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Items are numbers; the lead sums them (with some work to make it the long check); a
    /// plan, when given, lists the numbers the helper believes the document holds. What runs
    /// ahead is the plan's number, which the document's item completes: a result built from a
    /// plan that disagrees shows.
    #[derive(Default)]
    struct Counting {
        plan: Option<Vec<u64>>,
        /// The plan's items the helper cannot run ahead (left whole to either thread).
        unplannable: Vec<usize>,
        /// The lead waits (up to a second) until the helper has run an item ahead from the
        /// document.
        lead_waits_for_the_helper: bool,
        lead_runs: AtomicUsize,
        item_runs: AtomicUsize,
        planned_runs: AtomicUsize,
        document_ahead_runs: AtomicUsize,
        finish_runs: AtomicUsize,
        /// The lead leaves no tail.
        no_tail: bool,
        /// Completing an item takes a millisecond (the caller is busy after the lead).
        slow_finish: bool,
        tail_runs: AtomicUsize,
        /// The threads the tail ran on.
        tail_threads: Mutex<Vec<std::thread::ThreadId>>,
    }

    impl Checks for Counting {
        type Document = Vec<u64>;
        type Plan = Vec<u64>;
        type Lead = u64;
        type Item = u64;
        type Ahead = u64;
        type Tail = u64;
        type TailDone = u64;

        fn lead(&self, document: &Vec<u64>) -> u64 {
            self.lead_runs.fetch_add(1, Ordering::SeqCst);
            let since = std::time::Instant::now();
            while self.lead_waits_for_the_helper
                && self.document_ahead_runs.load(Ordering::SeqCst) == 0
                && since.elapsed() < std::time::Duration::from_secs(1)
            {
                std::thread::yield_now();
            }
            document.iter().sum::<u64>() + std::hint::black_box((0..20_000u64).sum::<u64>())
        }
        fn count(&self, document: &Vec<u64>) -> usize {
            document.len()
        }
        fn item(&self, document: &Vec<u64>, i: usize) -> u64 {
            self.item_runs.fetch_add(1, Ordering::SeqCst);
            document[i] * 10
        }
        fn plan(&self) -> Option<(Vec<u64>, usize)> {
            self.plan.clone().map(|plan| {
                let count = plan.len();
                (plan, count)
            })
        }
        fn agrees(&self, document: &Vec<u64>, plan: &Vec<u64>) -> bool {
            document == plan
        }
        fn planned_ahead(&self, plan: &Vec<u64>, i: usize) -> Option<u64> {
            if self.unplannable.contains(&i) {
                return None;
            }
            self.planned_runs.fetch_add(1, Ordering::SeqCst);
            Some(plan[i] * 10)
        }
        fn ahead(&self, document: &Vec<u64>, i: usize) -> Option<u64> {
            self.document_ahead_runs.fetch_add(1, Ordering::SeqCst);
            Some(document[i] * 10)
        }
        fn finish(&self, _document: &Vec<u64>, _i: usize, ahead: u64) -> u64 {
            self.finish_runs.fetch_add(1, Ordering::SeqCst);
            if self.slow_finish {
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            ahead
        }
        fn tail(&self, lead: &u64) -> Option<u64> {
            (!self.no_tail).then_some(*lead)
        }
        fn run_tail(&self, tail: u64) -> u64 {
            self.tail_runs.fetch_add(1, Ordering::SeqCst);
            if let Ok(mut threads) = self.tail_threads.lock() {
                threads.push(std::thread::current().id());
            }
            tail + 1
        }
    }

    /// The two-thread way, whatever the machine's core count (with more than two cores,
    /// [`read_then_share`] hands the work to rayon instead).
    fn share<E>(
        checks: &Counting,
        read: impl FnOnce() -> Result<Vec<u64>, E>,
    ) -> Result<Shared<Counting>, E> {
        #[cfg(feature = "parallel")]
        {
            helped::read_then_share(checks, read)
        }
        #[cfg(not(feature = "parallel"))]
        {
            read_then_share(checks, read)
        }
    }

    /// How many times the lead, whole items, items ahead (from the plan or the document) and
    /// completions ran.
    fn runs(checks: &Counting) -> (usize, usize, usize, usize) {
        (
            checks.lead_runs.load(Ordering::SeqCst),
            checks.item_runs.load(Ordering::SeqCst),
            checks.planned_runs.load(Ordering::SeqCst)
                + checks.document_ahead_runs.load(Ordering::SeqCst),
            checks.finish_runs.load(Ordering::SeqCst),
        )
    }

    fn lead_of(count: usize) -> u64 {
        (0..count as u64).sum::<u64>() + (0..20_000u64).sum::<u64>()
    }

    fn items_of(count: usize) -> Vec<u64> {
        (0..count as u64).map(|n| n * 10).collect()
    }

    #[test]
    fn every_check_runs_once_and_items_come_back_in_order() {
        for count in [0usize, 1, 3, 17] {
            for _ in 0..50 {
                let checks = Counting::default();
                let shared = share(&checks, || {
                    Ok::<_, ()>((0..count as u64).collect::<Vec<u64>>())
                })
                .expect("reads");
                let (lead_runs, item_runs, ahead_runs, finish_runs) = runs(&checks);
                assert_eq!(
                    (lead_runs, item_runs + finish_runs),
                    (1, count),
                    "{count} items"
                );
                // Without a plan, the helper runs ahead from the document, and what it ran ahead
                // is used, once.
                assert_eq!(checks.planned_runs.load(Ordering::SeqCst), 0);
                assert_eq!(finish_runs, ahead_runs);
                assert_eq!(shared.lead, lead_of(count));
                assert_eq!(shared.tail, Some(lead_of(count) + 1));
                assert_eq!(checks.tail_runs.load(Ordering::SeqCst), 1);
                assert_eq!(shared.items, items_of(count));
                assert_eq!(shared.document.len(), count);
            }
        }
    }

    #[test]
    fn a_lead_that_leaves_no_tail_gets_none_back() {
        for count in [0usize, 3] {
            let checks = Counting {
                no_tail: true,
                ..Counting::default()
            };
            let shared = share(&checks, || {
                Ok::<_, ()>((0..count as u64).collect::<Vec<u64>>())
            })
            .expect("reads");
            assert_eq!(shared.tail, None);
            assert_eq!(checks.tail_runs.load(Ordering::SeqCst), 0);
            assert_eq!(shared.items, items_of(count));
        }
    }

    #[test]
    #[cfg(feature = "parallel")]
    fn the_helper_takes_the_tail_while_the_caller_completes_items() {
        let caller = std::thread::current().id();
        let mut on_the_helper = 0;
        for _ in 0..20 {
            let checks = Counting {
                slow_finish: true,
                lead_waits_for_the_helper: true,
                ..Counting::default()
            };
            let shared =
                share(&checks, || Ok::<_, ()>((0..3u64).collect::<Vec<u64>>())).expect("reads");
            // Once, whichever thread ran it, and its result comes back.
            assert_eq!(checks.tail_runs.load(Ordering::SeqCst), 1);
            assert_eq!(shared.tail, Some(lead_of(3) + 1));
            assert_eq!(shared.items, items_of(3));
            let threads = checks.tail_threads.lock().expect("not poisoned");
            if threads.first() != Some(&caller) {
                on_the_helper += 1;
            }
        }
        // The caller spends milliseconds completing items after the lead, which waits for the
        // helper to be at work: the helper takes the tail meanwhile (not necessarily every
        // time, on a machine busy with other tests).
        assert!(on_the_helper > 0, "the helper never took the tail");
    }

    #[test]
    fn with_a_plan_that_agrees_every_item_is_checked_once_by_one_of_the_two_ways() {
        for count in [0usize, 1, 3, 17] {
            for _ in 0..50 {
                let checks = Counting {
                    plan: Some((0..count as u64).collect()),
                    ..Counting::default()
                };
                let shared = share(&checks, || {
                    Ok::<_, ()>((0..count as u64).collect::<Vec<u64>>())
                })
                .expect("reads");
                let (lead_runs, item_runs, planned_runs, finish_runs) = runs(&checks);
                assert_eq!((lead_runs, item_runs + finish_runs), (1, count));
                // What ran ahead is used, once: only an item taken whole before the helper
                // reached it is not.
                assert_eq!(finish_runs, planned_runs);
                assert_eq!(shared.lead, lead_of(count));
                assert_eq!(shared.items, items_of(count));
            }
        }
    }

    #[test]
    #[cfg(feature = "parallel")]
    fn a_helper_without_a_plan_runs_ahead_from_the_document() {
        for _ in 0..20 {
            let checks = Counting {
                lead_waits_for_the_helper: true,
                ..Counting::default()
            };
            let shared = share(&checks, || Ok::<_, ()>(vec![0u64, 1, 2, 3, 4])).expect("reads");
            assert_eq!(shared.items, items_of(5));
            let (lead_runs, item_runs, ahead_runs, finish_runs) = runs(&checks);
            assert_eq!((lead_runs, item_runs + finish_runs), (1, 5));
            assert!(ahead_runs >= 1, "the helper ran nothing ahead");
            assert_eq!(finish_runs, ahead_runs);
        }
    }

    #[test]
    fn a_plan_that_disagrees_with_the_document_is_dropped() {
        // Same number of items, other values: not one planned result may reach the caller. The
        // read is slow enough for the helper to plan first.
        let slow = |document: Vec<u64>| {
            move || {
                std::thread::sleep(std::time::Duration::from_millis(2));
                Ok::<_, ()>(document)
            }
        };
        for _ in 0..20 {
            let checks = Counting {
                plan: Some(vec![7, 7, 7]),
                ..Counting::default()
            };
            let shared = share(&checks, slow(vec![0u64, 1, 2])).expect("reads");
            assert_eq!(shared.items, items_of(3));
            let (_, item_runs, _, finish_runs) = runs(&checks);
            assert_eq!(item_runs + finish_runs, 3);
            // Only what ran ahead from the document can complete an item (when the helper came
            // too late to plan, on a busy machine).
            let from_document = checks.document_ahead_runs.load(Ordering::SeqCst);
            assert_eq!(finish_runs, from_document, "a planned result was used");
        }
        // Another number of items.
        let checks = Counting {
            plan: Some(vec![0, 1]),
            ..Counting::default()
        };
        let shared = share(&checks, slow(vec![0u64, 1, 2])).expect("reads");
        assert_eq!(shared.items, items_of(3));
        let from_document = checks.document_ahead_runs.load(Ordering::SeqCst);
        assert_eq!(runs(&checks).3, from_document, "a planned result was used");
    }

    #[test]
    fn an_item_the_plan_cannot_check_is_checked_from_the_document() {
        for _ in 0..50 {
            let checks = Counting {
                plan: Some(vec![0, 1, 2, 3]),
                unplannable: vec![0, 2],
                ..Counting::default()
            };
            let shared = share(&checks, || Ok::<_, ()>(vec![0u64, 1, 2, 3])).expect("reads");
            assert_eq!(shared.items, items_of(4));
            let (lead_runs, item_runs, ahead_runs, finish_runs) = runs(&checks);
            assert_eq!(lead_runs, 1);
            assert!(checks.planned_runs.load(Ordering::SeqCst) <= 2);
            assert_eq!((finish_runs, item_runs + finish_runs), (ahead_runs, 4));
        }
    }

    #[test]
    fn a_failed_read_returns_its_error_and_checks_nothing_of_the_document() {
        for plan in [None, Some(vec![1u64, 2, 3])] {
            let checks = Counting {
                plan,
                ..Counting::default()
            };
            let result = share(&checks, || Err::<Vec<u64>, _>("unreadable"));
            assert!(matches!(result, Err("unreadable")));
            let (lead_runs, item_runs, _, finish_runs) = runs(&checks);
            assert_eq!((lead_runs, item_runs, finish_runs), (0, 0, 0));
        }
    }

    #[test]
    fn a_read_slower_than_the_helper_spins_runs_every_check_once() {
        // Longer than the helper spins: it waits in short sleeps (or works from its plan).
        for plan in [None, Some(vec![1u64, 2, 3])] {
            let checks = Counting {
                plan,
                ..Counting::default()
            };
            let shared = share(&checks, || {
                std::thread::sleep(std::time::Duration::from_millis(5));
                Ok::<_, ()>(vec![1u64, 2, 3])
            })
            .expect("reads");
            assert_eq!(shared.items, vec![10, 20, 30]);
            let (lead_runs, item_runs, planned_runs, finish_runs) = runs(&checks);
            assert_eq!((lead_runs, item_runs + finish_runs), (1, 3));
            if cfg!(feature = "parallel") && checks.plan.is_some() {
                // The helper ran ahead on every item long before the document was read.
                assert_eq!((planned_runs, finish_runs), (3, 3));
            }
        }
    }

    #[test]
    fn a_read_that_panics_lets_the_helper_go() {
        // The helper must not wait for a document that will never come: the panic reaches the
        // caller instead of hanging the scope.
        for plan in [None, Some(vec![1u64, 2, 3])] {
            let checks = Counting {
                plan,
                ..Counting::default()
            };
            let outcome = std::panic::catch_unwind(|| {
                share(&checks, || -> Result<Vec<u64>, ()> {
                    panic!("reading failed")
                })
                .is_ok()
            });
            assert!(outcome.is_err());
        }
    }

    #[test]
    fn works_the_same_from_inside_a_pool() {
        #[cfg(feature = "parallel")]
        {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(2)
                .build()
                .expect("pool");
            for plan in [None, Some((0..5u64).collect())] {
                let checks = Counting {
                    plan,
                    ..Counting::default()
                };
                let shared = pool
                    .install(|| {
                        read_then_share(&checks, || Ok::<_, ()>((0..5u64).collect::<Vec<u64>>()))
                    })
                    .expect("reads");
                assert_eq!(shared.items, items_of(5));
                assert_eq!(shared.tail, Some(lead_of(5) + 1));
                assert_eq!(runs(&checks).0, 1);
            }
        }
    }
}
