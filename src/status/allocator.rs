//! Random, never-reused status-list indexes in O(1) time and O(1) state.
//!
//! The allocator hands out `π(0), π(1), π(2), …` where `π` is a keyed
//! pseudo-random permutation of `0..entries`. Because `π` is a bijection no
//! index repeats, and the whole list is used before [`ListFull`]; because it
//! is keyed (32 bytes from the OS, or from the caller's seed for reproducible
//! tests) the indexes do not reveal issuance order. The state is just the key
//! and a counter, so a snapshot stays tiny however many indexes were issued,
//! and whether an index was handed out is answered by inverting `π`.
//!
//! `π` is a 4-round Feistel network over the smallest even number of bits
//! covering `entries`, with SHA-256 over (key, round, half) as round function
//! (a PRF, so four rounds give a strong pseudo-random permutation),
//! restricted to `0..entries` by cycle-walking (≤ 4 steps expected, 2 for a
//! power-of-two list).
//!
//! [`ListFull`]: super::StatusError::ListFull

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::StatusError;

const ROUNDS: u8 = 4;
/// Round functions over halves of at most this many bits are tabulated at
/// construction (4 × 4096 SHA-256 calls, 128 KiB at most): a list of up to
/// 2^24 entries then allocates without hashing at all.
const TABLE_MAX_HALF_BITS: u32 = 12;

/// The allocator's persistent state: its key and how many indexes it has
/// handed out. Whoever holds it can predict the next indexes, so store it
/// with the issuer's other private state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllocatorState {
    /// The permutation key, 64 lowercase hex digits.
    pub key: String,
    /// Indexes handed out so far.
    pub next: u64,
}

#[derive(Clone, PartialEq, Eq)]
pub(crate) struct IndexAllocator {
    key: [u8; 32],
    entries: u64,
    next: u64,
    half_bits: u32,
    /// `round(r, v)` for every round and half value, when small enough.
    table: Vec<u64>,
}

impl std::fmt::Debug for IndexAllocator {
    // The key stays out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IndexAllocator")
            .field("entries", &self.entries)
            .field("next", &self.next)
            .finish_non_exhaustive()
    }
}

impl IndexAllocator {
    /// A fresh allocator over `0..entries` (`entries` ≥ 1).
    pub(crate) fn new(entries: u64, key: [u8; 32]) -> Self {
        // Bits needed for entries - 1, rounded up to an even count (≥ 2).
        let bits = (64 - (entries.saturating_sub(1)).leading_zeros()).max(2);
        let mut allocator = IndexAllocator {
            key,
            entries,
            next: 0,
            half_bits: bits.div_ceil(2),
            table: Vec::new(),
        };
        if allocator.half_bits <= TABLE_MAX_HALF_BITS {
            let halves = 1u64 << allocator.half_bits;
            allocator.table = (0..ROUNDS)
                .flat_map(|r| (0..halves).map(move |v| (r, v)))
                .map(|(r, v)| allocator.prf(r, v))
                .collect();
        }
        allocator
    }

    /// A key from the operating system's randomness.
    pub(crate) fn random_key() -> Result<[u8; 32], StatusError> {
        let mut key = [0u8; 32];
        getrandom::getrandom(&mut key).map_err(|_| StatusError::InvalidConfig {
            reason: "the operating system's random number generator failed",
        })?;
        Ok(key)
    }

    pub(crate) fn from_state(entries: u64, state: &AllocatorState) -> Result<Self, StatusError> {
        let key = parse_key(&state.key).ok_or(StatusError::InvalidConfig {
            reason: "allocator key must be 64 hex digits",
        })?;
        if state.next > entries {
            return Err(StatusError::InvalidConfig {
                reason: "allocator counter is past the end of the list",
            });
        }
        let mut allocator = IndexAllocator::new(entries, key);
        allocator.next = state.next;
        Ok(allocator)
    }

    pub(crate) fn state(&self) -> AllocatorState {
        AllocatorState {
            key: self.key.iter().map(|b| format!("{b:02x}")).collect(),
            next: self.next,
        }
    }

    pub(crate) fn remaining(&self) -> u64 {
        self.entries - self.next
    }

    /// The next index, or [`StatusError::ListFull`].
    pub(crate) fn allocate(&mut self) -> Result<u64, StatusError> {
        if self.next >= self.entries {
            return Err(StatusError::ListFull {
                entries: self.entries,
            });
        }
        let index = self.walk(self.next, Self::permute);
        self.next += 1;
        Ok(index)
    }

    /// Whether `index` has been handed out.
    pub(crate) fn is_allocated(&self, index: u64) -> bool {
        index < self.entries && self.walk(index, Self::invert) < self.next
    }

    /// Cycle-walks `f` until the value lands inside `0..entries`. Terminates
    /// because `f` permutes the (finite) domain and `x` starts inside.
    fn walk(&self, x: u64, f: fn(&Self, u64) -> u64) -> u64 {
        let mut y = f(self, x);
        while y >= self.entries {
            y = f(self, y);
        }
        y
    }

    fn round(&self, round: u8, half: u64) -> u64 {
        let slot = (u64::from(round) << self.half_bits) | half;
        match usize::try_from(slot).ok().and_then(|i| self.table.get(i)) {
            Some(&v) => v,
            None => self.prf(round, half),
        }
    }

    /// SHA-256(key ‖ round ‖ half), truncated to a half.
    fn prf(&self, round: u8, half: u64) -> u64 {
        let mut h = Sha256::new();
        h.update(self.key);
        h.update([round]);
        h.update(half.to_be_bytes());
        let digest = h.finalize();
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        u64::from_be_bytes(first) & self.mask()
    }

    fn mask(&self) -> u64 {
        (1u64 << self.half_bits) - 1
    }

    fn permute(&self, x: u64) -> u64 {
        let (mut l, mut r) = (x >> self.half_bits, x & self.mask());
        for round in 0..ROUNDS {
            (l, r) = (r, l ^ self.round(round, r));
        }
        (l << self.half_bits) | r
    }

    fn invert(&self, y: u64) -> u64 {
        let (mut l, mut r) = (y >> self.half_bits, y & self.mask());
        for round in (0..ROUNDS).rev() {
            (l, r) = (r ^ self.round(round, l), l);
        }
        (l << self.half_bits) | r
    }
}

fn parse_key(hex: &str) -> Option<[u8; 32]> {
    if hex.len() != 64 || !hex.is_ascii() {
        return None;
    }
    let mut key = [0u8; 32];
    for (i, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permutation_is_a_bijection_on_small_domains() {
        for entries in [1u64, 2, 3, 7, 16, 100, 1000] {
            let mut a = IndexAllocator::new(entries, [3; 32]);
            let mut seen: Vec<u64> = (0..entries).map(|_| a.allocate().unwrap()).collect();
            assert_eq!(a.allocate(), Err(StatusError::ListFull { entries }));
            assert!(seen.iter().all(|&i| a.is_allocated(i)));
            seen.sort_unstable();
            assert_eq!(seen, (0..entries).collect::<Vec<_>>());
        }
    }

    #[test]
    fn invert_undoes_permute() {
        let a = IndexAllocator::new(131_072, [9; 32]);
        for x in [0u64, 1, 77, 131_071, 200_000] {
            assert_eq!(a.invert(a.permute(x)), x);
        }
    }

    #[test]
    fn state_round_trips_and_debug_hides_key() {
        let mut a = IndexAllocator::new(500, [0xab; 32]);
        a.allocate().unwrap();
        let state = a.state();
        assert_eq!(state.key, "ab".repeat(32));
        assert_eq!(IndexAllocator::from_state(500, &state).unwrap(), a);
        assert!(!format!("{a:?}").contains("ab, ab") && !format!("{a:?}").contains("171"));
    }
}
